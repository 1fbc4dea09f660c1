//! A recorded `ipc_*` fixture as the replay reads it: the connections of a
//! Go plugin's life, each the writes of both sides in the order the capture
//! saw them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::ipc_replay::frame::{Frame, FrameError, FrameType};
use crate::upstream_dir;

/// Which end wrote something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The plugin (yamux client; odd stream IDs).
    Plugin,
    /// The engine (yamux server; even stream IDs).
    Engine,
}

/// What one side put on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wire {
    /// The HTTP upgrade before yamux: the plugin's `/hijack` request or the
    /// engine's `101` answer, exact bytes.
    Upgrade(Vec<u8>),
    /// A yamux frame.
    Frame(Frame),
    /// The side shut down its writing half.
    Eof,
}

/// One recorded write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Who wrote it.
    pub from: Side,
    /// What.
    pub wire: Wire,
}

/// One recorded plugin connection.
#[derive(Debug, Clone)]
pub struct Connection {
    /// The connection number in the recording (1-based).
    pub number: u32,
    /// The writes of both sides, in the order the capture saw them.
    pub events: Vec<Event>,
}

/// A recorded `ipc_*` fixture.
#[derive(Debug, Clone)]
pub struct Recording {
    /// The fixture name (`ipc_external_plugin`).
    pub name: String,
    /// Its connections, in order.
    pub connections: Vec<Connection>,
}

/// Why a recorded `ipc_*` fixture could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RecordingError {
    /// A fixture file could not be read.
    #[error("{}: {source}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A line of a raw capture is not JSON.
    #[error("{fixture}: line {line}: {source}")]
    CaptureJson {
        /// The fixture.
        fixture: String,
        /// The line (0-based).
        line: usize,
        /// The cause.
        source: serde_json::Error,
    },
    /// A write of a raw capture has bytes that are not hex.
    #[error("{fixture}: line {line}: bad hex")]
    CaptureHex {
        /// The fixture.
        fixture: String,
        /// The line (0-based).
        line: usize,
    },
    /// The bytes of a raw capture are not yamux frames.
    #[error("{fixture}: {source}")]
    CaptureFrame {
        /// The fixture.
        fixture: String,
        /// The cause.
        source: FrameError,
    },
    /// A frame line of a frame transcript has no frame header.
    #[error("{fixture}: no header in {line:?}")]
    TranscriptHeader {
        /// The fixture.
        fixture: String,
        /// The line.
        line: String,
    },
    /// A frame transcript has a frame before its first connection.
    #[error("{fixture}: frame before the first `## register`")]
    TranscriptNoConnection {
        /// The fixture.
        fixture: String,
    },
    /// A data frame's text in a frame transcript is not as long as its
    /// header says.
    #[error("{fixture}: {frame}: text has {bytes} bytes")]
    TranscriptLength {
        /// The fixture.
        fixture: String,
        /// The frame, described.
        frame: String,
        /// The length of its text.
        bytes: usize,
    },
}

impl RecordingError {
    fn read(path: PathBuf, source: std::io::Error) -> Self {
        RecordingError::Read { path, source }
    }
}

/// The Go plugin SDK's upgrade request (`ipc.Hijackify`), for the
/// recording that does not show the upgrade bytes (`ipc_register_raw`).
pub const GO_HIJACK_REQUEST: &[u8] = b"GET /hijack HTTP/1.1\r\nHost: secrets-engine.localhost\r\nUser-Agent: Go-http-client/1.1\r\nConnection: upgrade\r\nUpgrade: tcp\r\n\r\n";

impl Recording {
    /// Loads `fixtures/upstream/<name>.txt`: from the raw capture it names
    /// (`# source capture: fixtures/raw/….jsonl`, which holds every byte),
    /// or, for the hand-rolled `ipc_register_raw`, from the transcript itself.
    pub fn load(name: &str) -> Result<Recording, RecordingError> {
        let dir = upstream_dir();
        let path = dir.join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&path).map_err(|e| RecordingError::read(path, e))?;
        let capture = text.lines().find_map(|line| {
            line.strip_prefix("# source capture: fixtures/")
                .map(|rest| rest.trim().to_owned())
        });
        match capture {
            Some(capture) => {
                let path = dir.join(&capture);
                let jsonl =
                    std::fs::read_to_string(&path).map_err(|e| RecordingError::read(path, e))?;
                Self::from_capture(name, &jsonl)
            }
            None => Self::from_frame_transcript(name, &text),
        }
    }

    /// The connection numbered `number`.
    pub fn connection(&self, number: u32) -> Option<&Connection> {
        self.connections.iter().find(|c| c.number == number)
    }
}

/// What both sides wrote on one stream, each side's data frames joined.
#[derive(Debug, Clone, Default)]
pub(super) struct StreamData {
    /// The plugin's bytes: its call, or its answer to the engine's.
    pub(super) plugin: Vec<u8>,
    /// The engine's bytes: its answer, or its own call.
    pub(super) engine: Vec<u8>,
}

impl Connection {
    /// The data each side wrote on each stream, by stream.
    pub(super) fn streams(&self) -> BTreeMap<u32, StreamData> {
        let mut streams: BTreeMap<u32, StreamData> = BTreeMap::new();
        for event in &self.events {
            if let Wire::Frame(frame) = &event.wire
                && frame.kind == FrameType::Data
            {
                let data = streams.entry(frame.stream).or_default();
                match event.from {
                    Side::Plugin => data.plugin.extend_from_slice(&frame.body),
                    Side::Engine => data.engine.extend_from_slice(&frame.body),
                }
            }
        }
        streams
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http1::HttpRequest;
    use crate::ipc_replay::frame::SYN;

    #[test]
    fn recordings_split_into_connections_and_frames() {
        let external = Recording::load("ipc_external_plugin").expect("load");
        assert_eq!(external.connections.len(), 2);
        let conn1 = &external.connections[0];
        assert!(matches!(&conn1.events[0].wire, Wire::Upgrade(b) if b == GO_HIJACK_REQUEST));
        assert!(
            matches!(&conn1.events[1].wire, Wire::Upgrade(b) if b.starts_with(b"HTTP/0.0 101"))
        );
        assert_eq!(
            conn1.events[2].wire,
            Wire::Frame(Frame::header_only(FrameType::WindowUpdate, SYN, 1, 0))
        );
        let launched = Recording::load("ipc_launched_plugin").expect("load");
        assert!(matches!(&launched.connections[0].events[0].wire, Wire::Frame(f) if f.has(SYN)));
        let raw = Recording::load("ipc_register_raw").expect("load");
        assert_eq!(raw.connections.len(), 4);
        let request = raw.connections[0]
            .events
            .iter()
            .find_map(|e| match &e.wire {
                Wire::Frame(f) if e.from == Side::Plugin && f.kind == FrameType::Data => {
                    HttpRequest::parse(&f.body)
                }
                _ => None,
            })
            .expect("the registration request");
        assert_eq!(
            request.body,
            br#"{"name": "raw-ok", "version": "v1.0.0", "pattern": "raw/**"}"#
        );
    }
}
