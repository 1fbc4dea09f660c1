//! Reading a raw capture (`fixtures/raw/….jsonl`), which holds every byte
//! both sides wrote, into a [`Recording`].

use std::collections::BTreeMap;

use serde_json::Value;

use crate::http1::find;
use crate::ipc_replay::frame::Frame;
use crate::ipc_replay::hex::hex;
use crate::ipc_replay::recording::{Connection, Event, Recording, RecordingError, Side, Wire};

impl Recording {
    /// A raw capture: one JSON object a line, `{"t", "conn", "dir": "c2s" |
    /// "s2c", "hex"}` for each write (empty `hex`: that side's EOF). Writes
    /// do not align with frames, so each direction is decoded as a byte
    /// stream; a frame takes the place of the write that completed it.
    /// Process events (`exit`, `signal`) are the supervisor's business and
    /// are left out.
    pub fn from_capture(name: &str, jsonl: &str) -> Result<Recording, RecordingError> {
        #[derive(Default)]
        struct Direction {
            bytes: Vec<u8>,
            upgraded: bool,
        }
        let mut connections: BTreeMap<u32, (Vec<Event>, Direction, Direction)> = BTreeMap::new();
        for (number, line) in jsonl.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let write: Value =
                serde_json::from_str(line).map_err(|source| RecordingError::CaptureJson {
                    fixture: name.to_owned(),
                    line: number,
                    source,
                })?;
            let conn = write["conn"].as_u64().unwrap_or_default() as u32;
            let from = match write["dir"].as_str() {
                Some("c2s") => Side::Plugin,
                Some("s2c") => Side::Engine,
                _ => continue,
            };
            let bytes = hex(write["hex"].as_str().unwrap_or_default()).ok_or_else(|| {
                RecordingError::CaptureHex {
                    fixture: name.to_owned(),
                    line: number,
                }
            })?;
            let (events, plugin, engine) = connections.entry(conn).or_default();
            let direction = if from == Side::Plugin { plugin } else { engine };
            if bytes.is_empty() {
                events.push(Event {
                    from,
                    wire: Wire::Eof,
                });
                continue;
            }
            direction.bytes.extend_from_slice(&bytes);
            if !direction.upgraded {
                // An external plugin's connection starts with the HTTP upgrade;
                // a launched plugin's with yamux (a frame starts with 0).
                if direction.bytes.first() == Some(&0) {
                    direction.upgraded = true;
                } else if let Some(end) = find(&direction.bytes, b"\r\n\r\n") {
                    let head: Vec<u8> = direction.bytes.drain(..end + 4).collect();
                    events.push(Event {
                        from,
                        wire: Wire::Upgrade(head),
                    });
                    direction.upgraded = true;
                }
            }
            if direction.upgraded {
                while let Some((frame, used)) =
                    Frame::decode(&direction.bytes).map_err(|source| {
                        RecordingError::CaptureFrame {
                            fixture: name.to_owned(),
                            source,
                        }
                    })?
                {
                    direction.bytes.drain(..used);
                    events.push(Event {
                        from,
                        wire: Wire::Frame(frame),
                    });
                }
            }
        }
        Ok(Recording {
            name: name.to_owned(),
            connections: connections
                .into_iter()
                .map(|(number, (events, _, _))| Connection { number, events })
                .collect(),
        })
    }
}
