//! Reading a frame transcript written by hand (`ipc_register_raw`) into a
//! [`Recording`].

use crate::ipc_replay::frame::{Frame, FrameType};
use crate::ipc_replay::hex::hex;
use crate::ipc_replay::recording::{
    Connection, Event, GO_HIJACK_REQUEST, Recording, RecordingError, Side, Wire,
};

impl Recording {
    /// A frame transcript written by hand (`ipc_register_raw`): one
    /// `## register body …` block a connection; `> sent: yamux WindowUpdate
    /// SYN stream 1 (hdr …), then Data stream 1:` followed by the request
    /// text (`\r\n` written out), and `< yamux … hdr=<24 hex digits>` lines,
    /// each followed by the data frame's text. The upgrade is not shown; the
    /// Go SDK's request ([`GO_HIJACK_REQUEST`]) stands in for it, and the
    /// recorded answer is taken to be the Go engine's.
    pub fn from_frame_transcript(name: &str, text: &str) -> Result<Recording, RecordingError> {
        let mut reader = TranscriptReader {
            name,
            connections: Vec::new(),
            open: None,
        };
        for line in text.lines() {
            reader.line(line)?;
        }
        reader.finish_frame()?;
        Ok(Recording {
            name: name.to_owned(),
            connections: reader.connections,
        })
    }
}

/// A frame transcript being read, line by line.
struct TranscriptReader<'a> {
    /// The fixture, for errors.
    name: &'a str,
    connections: Vec<Connection>,
    /// The frame whose text is being read: its side, the frame, the lines.
    open: Option<(Side, Frame, Vec<String>)>,
}

impl TranscriptReader<'_> {
    fn line(&mut self, line: &str) -> Result<(), RecordingError> {
        if line.starts_with("## ") {
            self.finish_frame()?;
            self.start_connection();
        } else if let Some(rest) = line.strip_prefix("> sent: ") {
            self.finish_frame()?;
            let syn = plugin_syn(rest).ok_or_else(|| self.no_header(line))?;
            let stream = syn.stream;
            self.connection()?.events.push(Event {
                from: Side::Plugin,
                wire: Wire::Frame(syn),
            });
            self.open = Some((Side::Plugin, Frame::data(0, stream, Vec::new()), Vec::new()));
        } else if let Some(rest) = line.strip_prefix("< yamux ") {
            self.finish_frame()?;
            let frame = engine_header(rest).ok_or_else(|| self.no_header(line))?;
            self.open = Some((Side::Engine, frame, Vec::new()));
        } else if let Some(text) = line.strip_prefix("    ")
            && let Some((_, _, lines)) = self.open.as_mut()
        {
            lines.push(text.to_owned());
        }
        Ok(())
    }

    /// A frame line without a frame header.
    fn no_header(&self, line: &str) -> RecordingError {
        RecordingError::TranscriptHeader {
            fixture: self.name.to_owned(),
            line: line.to_owned(),
        }
    }

    /// A `## register` block: a new connection, its upgrade standing in for
    /// the one the transcript does not show.
    fn start_connection(&mut self) {
        let number = self.connections.len() as u32 + 1;
        self.connections.push(Connection {
            number,
            events: vec![
                Event {
                    from: Side::Plugin,
                    wire: Wire::Upgrade(GO_HIJACK_REQUEST.to_vec()),
                },
                Event {
                    from: Side::Engine,
                    wire: Wire::Upgrade(
                        b"HTTP/0.0 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: tcp\r\n\r\n".to_vec(),
                    ),
                },
            ],
        });
    }

    /// The connection being read.
    fn connection(&mut self) -> Result<&mut Connection, RecordingError> {
        let fixture = self.name;
        self.connections
            .last_mut()
            .ok_or_else(|| RecordingError::TranscriptNoConnection {
                fixture: fixture.to_owned(),
            })
    }

    /// Ends the frame being read, its text as its body: the plugin's length
    /// is the text's; the engine's recorded length must match it.
    fn finish_frame(&mut self) -> Result<(), RecordingError> {
        let Some((from, mut frame, lines)) = self.open.take() else {
            return Ok(());
        };
        if frame.kind == FrameType::Data {
            frame.body = unescape_lines(&lines);
            if from == Side::Plugin {
                frame.length = frame.body.len() as u32;
            } else if frame.body.len() != frame.length as usize {
                return Err(RecordingError::TranscriptLength {
                    fixture: self.name.to_owned(),
                    frame: frame.describe(),
                    bytes: frame.body.len(),
                });
            }
        }
        self.connection()?.events.push(Event {
            from,
            wire: Wire::Frame(frame),
        });
        Ok(())
    }
}

/// The plugin's SYN frame of a `> sent: … (hdr <24 hex digits>…` line.
fn plugin_syn(rest: &str) -> Option<Frame> {
    rest.split("(hdr ")
        .nth(1)
        .and_then(|h| h.get(..24))
        .and_then(hex)
        .and_then(|h| Frame::decode(&h).ok().flatten())
        .map(|(frame, _)| frame)
}

/// The engine's frame of a `< yamux … hdr=<24 hex digits>` line, its body
/// (data frames) still to be read.
fn engine_header(rest: &str) -> Option<Frame> {
    rest.split("hdr=")
        .nth(1)
        .and_then(|h| h.get(..24))
        .and_then(hex)
        .and_then(|h| Frame::decode(&h).ok().flatten().map(|(f, _)| f))
        .or_else(|| {
            // A header-only frame decodes from its header; a
            // data frame's header alone is "incomplete".
            let h = hex(rest.split("hdr=").nth(1)?.get(..24)?)?;
            let length = u32::from_be_bytes([h[8], h[9], h[10], h[11]]);
            let stream = u32::from_be_bytes([h[4], h[5], h[6], h[7]]);
            let flags = u16::from_be_bytes([h[2], h[3]]);
            (h[1] == 0).then(|| Frame {
                kind: FrameType::Data,
                flags,
                stream,
                length,
                body: Vec::new(),
            })
        })
}

/// The lines of a transcript's text body, `\r\n` written out at line ends:
/// lines ending in `\r\n` are header lines; the rest is the body.
fn unescape_lines(lines: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        match line.strip_suffix("\\r\\n") {
            Some(head) => {
                out.extend_from_slice(head.as_bytes());
                out.extend_from_slice(b"\r\n");
            }
            None => {
                if i + 1 < lines.len() {
                    out.extend_from_slice(format!("{line}\n").as_bytes());
                } else {
                    out.extend_from_slice(line.as_bytes());
                }
            }
        }
    }
    out
}
