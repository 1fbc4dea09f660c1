//! Replaying recorded plugin traffic against an engine, frame by frame.
//!
//! The `ipc_*` fixtures record a Go plugin's life against the Go engine: the
//! `/hijack` upgrade (external plugins), then the yamux frames both ways and
//! the HTTP/1.1 Connect calls inside each stream. This module reads those
//! recordings ([`Recording`]), plays the plugin's side byte for byte against
//! an engine ([`replay_connection`]), and checks the engine's side by meaning:
//! stream IDs, frame types and flags, HTTP status and decoded bodies.
//!
//! The yamux codec here ([`Frame`]) is written against the wire format
//! and deliberately does not use the `yamux` crate the engine is
//! built on: the point is to hold the engine's bytes to the recorded Go
//! plugin's bytes independently of the library that produced them.
//!
//! Where the engine opens a stream in the recording (a `GetSecrets` call
//! because a client asked the engine; a `Shutdown` call because the engine was
//! stopping), the replay makes the same thing happen (a client request on the
//! engine socket, or stopping the engine) and answers with the recorded
//! plugin's bytes. Deliberate differences from the Go engine are data:
//! `conformance/ipc-deviations.toml` ([`ipc_deviations`]), each with its reason; the replay asserts this engine's
//! behaviour for them.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use prost::Message;
use secrets_engine_api::resolver::v1::{
    GetSecretsRequest, GetSecretsResponse, RegisterPluginRequest, RegisterPluginResponse,
    ShutdownRequest, ShutdownResponse,
};
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

pub use crate::http1::HttpRequest;
use crate::http1::{HttpResponse, find, parse_responses};
use crate::meaning::{gunzipped, normalized};
use crate::upstream_dir;

// ---------------------------------------------------------------------------
// The yamux wire format (v0): a 12-byte big-endian header, then the body of
// data frames.

/// The length of a yamux frame header.
pub const HEADER_LEN: usize = 12;
/// Flag: opens a stream (or a ping request).
pub const SYN: u16 = 1;
/// Flag: acknowledges a stream (or answers a ping).
pub const ACK: u16 = 2;
/// Flag: the sender has finished writing on the stream (half-close).
pub const FIN: u16 = 4;
/// Flag: the stream is reset.
pub const RST: u16 = 8;

/// The four frame types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameType {
    /// Stream data; `length` is the body length.
    Data = 0,
    /// Receive-window credit; `length` is the delta.
    WindowUpdate = 1,
    /// Ping; `length` is the opaque value echoed back.
    Ping = 2,
    /// Session end; `length` is the code (0 normal, 1 protocol, 2 internal).
    GoAway = 3,
}

/// One yamux frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The frame type.
    pub kind: FrameType,
    /// `SYN | ACK | FIN | RST`.
    pub flags: u16,
    /// The stream (0 for session frames).
    pub stream: u32,
    /// The header's length field (body length, window delta, ping value or
    /// go-away code).
    pub length: u32,
    /// The body (data frames only).
    pub body: Vec<u8>,
}

/// A header that is not yamux v0.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a yamux v0 frame header: {0:02x?}")]
pub struct FrameError(pub [u8; HEADER_LEN]);

impl Frame {
    /// A frame without a body.
    pub fn header_only(kind: FrameType, flags: u16, stream: u32, length: u32) -> Self {
        Frame {
            kind,
            flags,
            stream,
            length,
            body: Vec::new(),
        }
    }

    /// A data frame carrying `body`.
    pub fn data(flags: u16, stream: u32, body: Vec<u8>) -> Self {
        Frame {
            kind: FrameType::Data,
            flags,
            stream,
            length: body.len() as u32,
            body,
        }
    }

    /// Whether every flag of `flags` is set.
    pub fn has(&self, flags: u16) -> bool {
        self.flags & flags == flags
    }

    /// The wire bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + self.body.len());
        out.push(0);
        out.push(self.kind as u8);
        out.extend_from_slice(&self.flags.to_be_bytes());
        out.extend_from_slice(&self.stream.to_be_bytes());
        out.extend_from_slice(&self.length.to_be_bytes());
        out.extend_from_slice(&self.body);
        out
    }

    /// The first frame in `bytes` and how many bytes it took; `None` while
    /// the frame is incomplete.
    pub fn decode(bytes: &[u8]) -> Result<Option<(Frame, usize)>, FrameError> {
        let Some(header) = bytes.get(..HEADER_LEN) else {
            return Ok(None);
        };
        let header: [u8; HEADER_LEN] = header.try_into().map_err(|_| FrameError([0; 12]))?;
        let kind = match header[1] {
            0 => FrameType::Data,
            1 => FrameType::WindowUpdate,
            2 => FrameType::Ping,
            3 => FrameType::GoAway,
            _ => return Err(FrameError(header)),
        };
        if header[0] != 0 {
            return Err(FrameError(header));
        }
        let flags = u16::from_be_bytes([header[2], header[3]]);
        let stream = u32::from_be_bytes([header[4], header[5], header[6], header[7]]);
        let length = u32::from_be_bytes([header[8], header[9], header[10], header[11]]);
        if kind != FrameType::Data {
            return Ok(Some((
                Frame::header_only(kind, flags, stream, length),
                HEADER_LEN,
            )));
        }
        let end = HEADER_LEN + length as usize;
        let Some(body) = bytes.get(HEADER_LEN..end) else {
            return Ok(None);
        };
        Ok(Some((Frame::data(flags, stream, body.to_vec()), end)))
    }

    /// `Data flags=SYN|ACK stream=1 length=265`, as the transcripts print it.
    pub fn describe(&self) -> String {
        let names: Vec<&str> = [(SYN, "SYN"), (ACK, "ACK"), (FIN, "FIN"), (RST, "RST")]
            .iter()
            .filter(|(bit, _)| self.flags & bit != 0)
            .map(|(_, name)| *name)
            .collect();
        let flags = if names.is_empty() {
            "0".to_owned()
        } else {
            names.join("|")
        };
        format!(
            "{:?} flags={flags} stream={} length={}",
            self.kind, self.stream, self.length
        )
    }
}

// ---------------------------------------------------------------------------
// Recordings.

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

/// The Go plugin SDK's upgrade request (`ipc.Hijackify`), for the
/// recording that does not show the upgrade bytes (`ipc_register_raw`).
pub const GO_HIJACK_REQUEST: &[u8] = b"GET /hijack HTTP/1.1\r\nHost: secrets-engine.localhost\r\nUser-Agent: Go-http-client/1.1\r\nConnection: upgrade\r\nUpgrade: tcp\r\n\r\n";

impl Recording {
    /// Loads `fixtures/upstream/<name>.txt`: from the raw capture it names
    /// (`# source capture: fixtures/raw/….jsonl`, which holds every byte),
    /// or, for the hand-rolled `ipc_register_raw`, from the transcript itself.
    pub fn load(name: &str) -> Result<Recording, String> {
        let dir = upstream_dir();
        let path = dir.join(format!("{name}.txt"));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let capture = text.lines().find_map(|line| {
            line.strip_prefix("# source capture: fixtures/")
                .map(|rest| rest.trim().to_owned())
        });
        match capture {
            Some(capture) => {
                let path = dir.join(&capture);
                let jsonl = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                Self::from_capture(name, &jsonl)
            }
            None => Self::from_frame_transcript(name, &text),
        }
    }

    /// A raw capture: one JSON object a line, `{"t", "conn", "dir": "c2s" |
    /// "s2c", "hex"}` for each write (empty `hex`: that side's EOF). Writes
    /// do not align with frames, so each direction is decoded as a byte
    /// stream; a frame takes the place of the write that completed it.
    /// Process events (`exit`, `signal`) are the supervisor's business and
    /// are left out.
    pub fn from_capture(name: &str, jsonl: &str) -> Result<Recording, String> {
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
                serde_json::from_str(line).map_err(|e| format!("{name}: line {number}: {e}"))?;
            let conn = write["conn"].as_u64().unwrap_or_default() as u32;
            let from = match write["dir"].as_str() {
                Some("c2s") => Side::Plugin,
                Some("s2c") => Side::Engine,
                _ => continue,
            };
            let bytes = hex(write["hex"].as_str().unwrap_or_default())
                .ok_or_else(|| format!("{name}: line {number}: bad hex"))?;
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
                    Frame::decode(&direction.bytes).map_err(|e| format!("{name}: {e}"))?
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

    /// A frame transcript written by hand (`ipc_register_raw`): one
    /// `## register body …` block a connection; `> sent: yamux WindowUpdate
    /// SYN stream 1 (hdr …), then Data stream 1:` followed by the request
    /// text (`\r\n` written out), and `< yamux … hdr=<24 hex digits>` lines,
    /// each followed by the data frame's text. The upgrade is not shown; the
    /// Go SDK's request ([`GO_HIJACK_REQUEST`]) stands in for it, and the
    /// recorded answer is taken to be the Go engine's.
    pub fn from_frame_transcript(name: &str, text: &str) -> Result<Recording, String> {
        let mut connections: Vec<Connection> = Vec::new();
        let mut body: Option<(Side, Frame, Vec<String>)> = None;
        let finish = |body: &mut Option<(Side, Frame, Vec<String>)>,
                      connections: &mut Vec<Connection>|
         -> Result<(), String> {
            let Some((from, mut frame, lines)) = body.take() else {
                return Ok(());
            };
            if frame.kind == FrameType::Data {
                frame.body = unescape_lines(&lines);
                if from == Side::Plugin {
                    frame.length = frame.body.len() as u32;
                } else if frame.body.len() != frame.length as usize {
                    return Err(format!(
                        "{name}: {}: text has {} bytes",
                        frame.describe(),
                        frame.body.len()
                    ));
                }
            }
            let connection = connections
                .last_mut()
                .ok_or_else(|| format!("{name}: frame before the first `## register`"))?;
            connection.events.push(Event {
                from,
                wire: Wire::Frame(frame),
            });
            Ok(())
        };
        for line in text.lines() {
            if line.starts_with("## ") {
                finish(&mut body, &mut connections)?;
                let number = connections.len() as u32 + 1;
                connections.push(Connection {
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
            } else if let Some(rest) = line.strip_prefix("> sent: ") {
                finish(&mut body, &mut connections)?;
                let syn = rest
                    .split("(hdr ")
                    .nth(1)
                    .and_then(|h| h.get(..24))
                    .and_then(hex)
                    .and_then(|h| Frame::decode(&h).ok().flatten())
                    .map(|(frame, _)| frame)
                    .ok_or_else(|| format!("{name}: no header in {line:?}"))?;
                let stream = syn.stream;
                connections
                    .last_mut()
                    .ok_or_else(|| format!("{name}: frame before the first `## register`"))?
                    .events
                    .push(Event {
                        from: Side::Plugin,
                        wire: Wire::Frame(syn),
                    });
                body = Some((Side::Plugin, Frame::data(0, stream, Vec::new()), Vec::new()));
            } else if let Some(rest) = line.strip_prefix("< yamux ") {
                finish(&mut body, &mut connections)?;
                let frame = rest
                    .split("hdr=")
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
                    .ok_or_else(|| format!("{name}: no header in {line:?}"))?;
                body = Some((Side::Engine, frame, Vec::new()));
            } else if let Some(text) = line.strip_prefix("    ")
                && let Some((_, _, lines)) = body.as_mut()
            {
                lines.push(text.to_owned());
            }
        }
        finish(&mut body, &mut connections)?;
        Ok(Recording {
            name: name.to_owned(),
            connections,
        })
    }

    /// The connection numbered `number`.
    pub fn connection(&self, number: u32) -> Option<&Connection> {
        self.connections.iter().find(|c| c.number == number)
    }
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

fn hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

// ---------------------------------------------------------------------------
// Deliberate differences.

/// What this engine does instead of the recording.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Expect {
    /// The `101` answer to `/hijack` has this status line.
    HijackStatusLine(String),
    /// The engine's answer on the stream is this Connect error.
    Error {
        /// The HTTP status.
        status: u16,
        /// The Connect code.
        code: String,
        /// The message, exactly.
        message: String,
    },
    /// A field of the engine's decoded answer (JSON names) has this value
    /// (JSON text).
    BodyField {
        /// The field.
        field: String,
        /// Its value, as JSON.
        value: String,
    },
    /// The recorded engine opened this stream; this engine does not. Its
    /// frames are skipped both ways, and so is a plugin GoAway recorded after
    /// it: that GoAway was the recorded plugin obeying the call.
    NotOpened,
    /// The engine sends no GoAway of its own where the recording has one
    /// (after its `Shutdown` call was answered): it waits for the plugin to
    /// hang up instead.
    NoGoAwayAfterShutdown,
    /// The engine's `GetSecrets` calls carry no `Connection: close`: the
    /// stream stays open for the next call unless the plugin closes it.
    KeepsGetSecretsStreams,
}

/// One deliberate difference from the Go engine, and why: an entry of
/// `conformance/ipc-deviations.toml`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IpcDeviation {
    /// The fixture (`None`: every `ipc_*` fixture).
    pub fixture: Option<String>,
    /// The connection (`None`: every connection).
    pub conn: Option<u32>,
    /// The stream (`None`: every stream where it applies).
    pub stream: Option<u32>,
    /// What to expect instead.
    pub expect: Expect,
    /// Why.
    pub reason: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct IpcDeviations {
    deviation: Vec<IpcDeviation>,
}

/// This engine's deliberate differences on plugin connections, from
/// `conformance/ipc-deviations.toml` (compiled in, so the replay binary
/// carries them). The HTTP fixtures' deviations are per fixture
/// (`deviations.toml`); these are per connection and stream.
pub fn ipc_deviations() -> &'static [IpcDeviation] {
    static PARSED: std::sync::LazyLock<Vec<IpcDeviation>> = std::sync::LazyLock::new(|| {
        toml::from_str::<IpcDeviations>(include_str!("../../ipc-deviations.toml"))
            .map(|file| file.deviation)
            // The file is part of the source: the unit test below parses it.
            .unwrap_or_else(|error| panic!("conformance/ipc-deviations.toml: {error}"))
    });
    &PARSED
}

fn deviations_for(fixture: &str, conn: u32) -> Vec<&'static IpcDeviation> {
    ipc_deviations()
        .iter()
        .filter(|d| {
            d.fixture.as_deref().is_none_or(|f| f == fixture) && d.conn.is_none_or(|c| c == conn)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Meaning of the HTTP messages inside streams.

/// What an HTTP message inside a stream means: the request line or status,
/// the content type, the Connect protocol version (requests), and the body
/// decoded to a value. Left out: `Date`, `Host`, `User-Agent`,
/// `Content-Length` (implied by the body), `Accept-Encoding` and
/// `Content-Encoding` (gzip is negotiated per message; bodies are compared
/// decompressed) and `Connect-Timeout-Ms` (a deadline, not meaning; this
/// engine sends its per-plugin timeout where Go sends none).
#[derive(Debug, Clone, PartialEq)]
pub struct MessageMeaning {
    /// `POST /resolver.v1.ResolverService/GetSecrets` or `200`.
    pub start: String,
    /// The content type, lower-cased without spaces.
    pub content_type: Option<String>,
    /// `Connect-Protocol-Version` (requests only).
    pub protocol_version: Option<String>,
    /// `Connection`, lower-cased (requests only): `close` from the Go engine
    /// on every call.
    pub connection: Option<String>,
    /// The decoded body.
    pub body: Value,
}

/// Decodes a body of the RPC at `path` (`request`: its input, else its
/// output) to the canonical JSON value; Connect errors and JSON stay JSON.
fn body_value(path: &str, request: bool, content_type: Option<&str>, body: &[u8]) -> Value {
    fn json<M: Message + Default + serde::Serialize>(bytes: &[u8]) -> Value {
        M::decode(bytes)
            .map(|m| serde_json::to_value(m).unwrap_or(Value::Null))
            .unwrap_or_else(|e| Value::String(format!("<undecodable protobuf: {e}>")))
    }
    let ct = content_type.unwrap_or_default();
    if ct.starts_with("application/proto") {
        let method = path.rsplit('/').next().unwrap_or_default();
        return match (method, request) {
            ("RegisterPlugin", true) => json::<RegisterPluginRequest>(body),
            ("RegisterPlugin", false) => json::<RegisterPluginResponse>(body),
            ("GetSecrets", true) => json::<GetSecretsRequest>(body),
            ("GetSecrets", false) => json::<GetSecretsResponse>(body),
            ("Shutdown", true) => json::<ShutdownRequest>(body),
            ("Shutdown", false) => json::<ShutdownResponse>(body),
            _ => Value::String(format!("<protobuf for {path}>")),
        };
    }
    serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()))
}

/// The meaning of a request.
pub fn request_meaning(request: &HttpRequest) -> MessageMeaning {
    let content_type = request.header("content-type").map(normalized);
    let body = gunzipped(request.header("content-encoding"), &request.body);
    MessageMeaning {
        start: format!("{} {}", request.method, request.path),
        body: body_value(&request.path, true, content_type.as_deref(), &body),
        content_type,
        protocol_version: request
            .header("connect-protocol-version")
            .map(str::to_owned),
        connection: request.header("connection").map(normalized),
    }
}

/// The meaning of a response to a call of `path`.
pub fn response_meaning(path: &str, response: &HttpResponse) -> MessageMeaning {
    let content_type = response.header("content-type").map(normalized);
    let body = gunzipped(response.header("content-encoding"), &response.body);
    MessageMeaning {
        start: response.status.to_string(),
        body: body_value(path, false, content_type.as_deref(), &body),
        content_type,
        protocol_version: None,
        connection: None,
    }
}

// ---------------------------------------------------------------------------
// The replay.

/// What the replay does when the recorded engine opened a stream: the cause
/// of that call, recreated against this engine.
pub struct Triggers {
    /// The engine's client socket: a recorded `GetSecrets` call is caused by
    /// a client asking the engine for the same pattern.
    pub socket: PathBuf,
    /// A recorded `Shutdown` call is caused by stopping the engine; `None`
    /// when this replay cannot stop it (the call then counts as missing).
    pub stop_engine: Option<Box<dyn FnOnce() + Send>>,
}

impl std::fmt::Debug for Triggers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Triggers")
            .field("socket", &self.socket)
            .field("stop_engine", &self.stop_engine.is_some())
            .finish()
    }
}

/// How a connection replay went.
#[derive(Debug, Default)]
pub struct ConnectionReport {
    /// Where this engine's meaning differed from the recording (empty: pass).
    pub differences: Vec<String>,
    /// The deviations that applied, and every frame the engine sent (for the
    /// reader of a failure).
    pub notes: Vec<String>,
}

/// How long one expected engine frame may take.
const WAIT: Duration = Duration::from_secs(5);

#[derive(Debug)]
enum Observed {
    Frame(Frame),
    Eof,
    Broken(String),
}

/// What the engine has sent on one stream so far.
#[derive(Debug, Default)]
struct StreamSeen {
    /// The flags of the engine's first frame on the stream.
    first: Option<u16>,
    syn: bool,
    fin: bool,
    rst: bool,
    data: Vec<u8>,
}

#[derive(Debug, Default)]
struct Seen {
    streams: BTreeMap<u32, StreamSeen>,
    goaway: Option<u32>,
    eof: bool,
    broken: Option<String>,
    log: Vec<String>,
}

struct Player<W> {
    writer: W,
    frames: mpsc::UnboundedReceiver<Observed>,
    seen: Seen,
}

impl<W: AsyncWrite + Unpin> Player<W> {
    async fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.writer
            .write_all(bytes)
            .await
            .map_err(|e| format!("writing to the engine: {e}"))
    }

    fn apply(&mut self, observed: Observed) -> Option<Frame> {
        match observed {
            Observed::Frame(frame) => {
                self.seen.log.push(frame.describe());
                match frame.kind {
                    FrameType::Data | FrameType::WindowUpdate => {
                        let stream = self.seen.streams.entry(frame.stream).or_default();
                        stream.first.get_or_insert(frame.flags);
                        stream.syn |= frame.has(SYN);
                        stream.fin |= frame.has(FIN);
                        stream.rst |= frame.has(RST);
                        if frame.kind == FrameType::Data {
                            stream.data.extend_from_slice(&frame.body);
                        }
                    }
                    FrameType::GoAway => self.seen.goaway = Some(frame.length),
                    FrameType::Ping => return Some(frame),
                }
                None
            }
            Observed::Eof => {
                self.seen.eof = true;
                None
            }
            Observed::Broken(why) => {
                self.seen.broken = Some(why);
                self.seen.eof = true;
                None
            }
        }
    }

    /// Waits until `done` holds for what the engine sent.
    async fn wait(&mut self, what: &str, done: impl Fn(&Seen) -> bool) -> Result<(), String> {
        self.wait_for(WAIT, what, done).await
    }

    async fn wait_for(
        &mut self,
        limit: Duration,
        what: &str,
        done: impl Fn(&Seen) -> bool,
    ) -> Result<(), String> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            if done(&self.seen) {
                return Ok(());
            }
            if self.seen.eof {
                return Err(format!(
                    "expected {what}; the engine closed the connection{}",
                    self.seen
                        .broken
                        .as_ref()
                        .map(|b| format!(" ({b})"))
                        .unwrap_or_default()
                ));
            }
            let observed = match tokio::time::timeout_at(deadline, self.frames.recv()).await {
                Ok(Some(observed)) => observed,
                Ok(None) => Observed::Eof,
                Err(_) => return Err(format!("expected {what}; nothing within {limit:?}")),
            };
            if let Some(ping) = self.apply(observed)
                && ping.has(SYN)
            {
                // Keep-alive pings are the yamux library's business, not the
                // recording's (none were sent in the recorded seconds); a
                // yamux client answers them, so the replay does too.
                let pong = Frame::header_only(FrameType::Ping, ACK, 0, ping.length);
                self.send(&pong.encode()).await?;
            }
        }
    }
}

/// The recorded engine's full data on each stream and the path of the call
/// on it (requests: the opener's first data).
fn recorded_streams(conn: &Connection) -> BTreeMap<u32, (Vec<u8>, Vec<u8>)> {
    let mut streams: BTreeMap<u32, (Vec<u8>, Vec<u8>)> = BTreeMap::new();
    for event in &conn.events {
        if let Wire::Frame(frame) = &event.wire
            && frame.kind == FrameType::Data
        {
            let (plugin, engine) = streams.entry(frame.stream).or_default();
            match event.from {
                Side::Plugin => plugin.extend_from_slice(&frame.body),
                Side::Engine => engine.extend_from_slice(&frame.body),
            }
        }
    }
    streams
}

/// Makes the cause of a recorded engine call (`engine_bytes`, the request
/// the Go engine sent on `stream`) happen against this engine.
fn cause(
    engine_bytes: &[u8],
    stream: u32,
    triggers: &mut Triggers,
    clients: &mut Vec<(u32, JoinHandle<Result<HttpResponse, String>>)>,
) -> Result<(), String> {
    match HttpRequest::parse(engine_bytes) {
        Some(call) if call.path.ends_with("/GetSecrets") => {
            let pattern = GetSecretsRequest::decode(&call.body[..])
                .ok()
                .and_then(|r| r.pattern)
                .unwrap_or_default();
            let client = client_get_secrets(triggers.socket.clone(), pattern);
            clients.push((stream, tokio::spawn(client)));
            Ok(())
        }
        Some(call) if call.path.ends_with("/Shutdown") => match triggers.stop_engine.take() {
            Some(stop) => {
                stop();
                Ok(())
            }
            None => Err(
                "the recorded engine called Shutdown here (it was stopping); this \
                         replay cannot stop the engine"
                    .to_owned(),
            ),
        },
        other => Err(format!(
            "no known cause for the recorded call {:?}",
            other.map(|c| c.path)
        )),
    }
}

/// A client call on the engine socket, as a recorded `GetSecrets` call's
/// cause.
async fn client_get_secrets(socket: PathBuf, pattern: String) -> Result<HttpResponse, String> {
    let body = serde_json::json!({ "pattern": pattern }).to_string();
    let request = format!(
        "POST /resolver.v1.ResolverService/GetSecrets HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = tokio::net::UnixStream::connect(&socket)
        .await
        .map_err(|e| format!("client: connect {}: {e}", socket.display()))?;
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| format!("client: {e}"))?;
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer))
        .await
        .map_err(|_| "client: no answer within 10 s".to_owned())?
        .map_err(|e| format!("client: {e}"))?;
    parse_responses(&answer, true)
        .into_iter()
        .next()
        .ok_or_else(|| format!("client: no response in {answer:?}"))
}

/// Reads the HTTP answer head (through the blank line); returns it and the
/// bytes after it.
async fn read_head<R: AsyncRead + Unpin>(reader: &mut R) -> Result<(Vec<u8>, Vec<u8>), String> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 1024];
    loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            let rest = buffer.split_off(end + 4);
            return Ok((buffer, rest));
        }
        let n = tokio::time::timeout(WAIT, reader.read(&mut chunk))
            .await
            .map_err(|_| format!("no upgrade answer within {WAIT:?}; got {buffer:?}"))?
            .map_err(|e| format!("reading the upgrade answer: {e}"))?;
        if n == 0 {
            return Err(format!(
                "the engine closed before answering the upgrade; got {:?}",
                String::from_utf8_lossy(&buffer)
            ));
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
}

fn spawn_reader<R: AsyncRead + Unpin + Send + 'static>(
    mut reader: R,
    mut buffer: Vec<u8>,
) -> (mpsc::UnboundedReceiver<Observed>, JoinHandle<()>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let task = tokio::spawn(async move {
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            loop {
                match Frame::decode(&buffer) {
                    Ok(Some((frame, used))) => {
                        buffer.drain(..used);
                        if tx.send(Observed::Frame(frame)).is_err() {
                            return;
                        }
                    }
                    Ok(None) => break,
                    Err(error) => {
                        let _ = tx.send(Observed::Broken(error.to_string()));
                        return;
                    }
                }
            }
            match reader.read(&mut chunk).await {
                Ok(0) => {
                    let _ = tx.send(if buffer.is_empty() {
                        Observed::Eof
                    } else {
                        Observed::Broken(format!("EOF inside a frame: {buffer:02x?}"))
                    });
                    return;
                }
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                Err(error) => {
                    let _ = tx.send(Observed::Broken(error.to_string()));
                    return;
                }
            }
        }
    });
    (rx, task)
}

/// Plays the plugin side of `conn` of `recording` over `io` (a fresh
/// connection to the engine socket for external plugins, or the plugin end
/// of a launched plugin's socketpair) and checks the engine's side by
/// meaning, event by event in recorded order: the plugin's writes are sent
/// when their turn comes, and each engine write is waited for (up to 5 s)
/// before going on.
///
/// Tolerances (yamux implementations may differ where the meaning is the
/// same; each is also said where it is applied):
/// - ACK and SYN are flags on the first frame of a stream: Go sends a
///   separate empty window update, rust-yamux sets them on its first data
///   frame. Either satisfies the recording.
/// - FIN may travel on an empty data frame (rust-yamux) or a window update
///   (Go).
/// - Window updates without flags are flow-control credit: their number
///   and sizes are each library's own tuning and are not compared.
/// - Pings are keep-alives and are answered, not compared.
/// - HTTP messages are compared by [`MessageMeaning`], whole per stream,
///   however they are split into data frames.
pub async fn replay_connection<T>(
    io: T,
    recording: &Recording,
    conn: &Connection,
    triggers: &mut Triggers,
) -> ConnectionReport
where
    T: AsyncRead + AsyncWrite + Send + 'static,
{
    let mut report = ConnectionReport::default();
    let deviations = deviations_for(&recording.name, conn.number);
    let here = |i: usize, event: &Event| {
        let what = match &event.wire {
            Wire::Upgrade(_) => "HTTP upgrade".to_owned(),
            Wire::Frame(frame) => frame.describe(),
            Wire::Eof => "EOF".to_owned(),
        };
        format!(
            "{} conn{} event {i} ({:?} {what})",
            recording.name, conn.number, event.from
        )
    };
    let for_stream = |stream: u32| {
        deviations
            .iter()
            .copied()
            .filter(move |d| d.stream.is_none_or(|s| s == stream))
    };
    let not_opened: Vec<u32> = conn
        .events
        .iter()
        .filter_map(|e| match &e.wire {
            Wire::Frame(f) if f.stream != 0 => Some(f.stream),
            _ => None,
        })
        .filter(|s| for_stream(*s).any(|d| d.expect == Expect::NotOpened))
        .collect();
    for d in &deviations {
        report
            .notes
            .push(format!("deviation: {:?} ({})", d.expect, d.reason));
    }
    let recorded = recorded_streams(conn);

    let mut leftover = Vec::new();
    let mut events = conn.events.iter().enumerate().peekable();
    let (mut reader, mut writer) = tokio::io::split(io);
    // The upgrade (external plugins): the request as recorded, then the
    // engine's answer by meaning, read before yamux starts.
    while let Some((i, event)) = events.next_if(|(_, e)| matches!(e.wire, Wire::Upgrade(_))) {
        let Wire::Upgrade(bytes) = &event.wire else {
            continue;
        };
        match event.from {
            Side::Plugin => {
                if let Err(error) = writer.write_all(bytes).await {
                    report
                        .differences
                        .push(format!("{}: {error}", here(i, event)));
                    return report;
                }
            }
            Side::Engine => {
                let (head, rest) = match read_head(&mut reader).await {
                    Ok(read) => read,
                    Err(error) => {
                        report
                            .differences
                            .push(format!("{}: {error}", here(i, event)));
                        return report;
                    }
                };
                leftover = rest;
                let want = parse_responses(bytes, false);
                let got = parse_responses(&head, false);
                let status_line = |head: &[u8]| {
                    String::from_utf8_lossy(head)
                        .split("\r\n")
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                };
                let mut want_line = status_line(bytes);
                for deviation in for_stream(0) {
                    if let Expect::HijackStatusLine(line) = &deviation.expect {
                        want_line = line.clone();
                    }
                }
                let got_line = status_line(&head);
                if got_line != want_line {
                    report.differences.push(format!(
                        "{}: status line {got_line:?}, expected {want_line:?}",
                        here(i, event)
                    ));
                }
                for name in ["connection", "upgrade"] {
                    let value = |r: &[HttpResponse]| {
                        r.first()
                            .and_then(|r| r.header(name))
                            .map(str::to_ascii_lowercase)
                    };
                    if value(&got) != value(&want) {
                        report.differences.push(format!(
                            "{}: {name}: {:?}, expected {:?}",
                            here(i, event),
                            value(&got),
                            value(&want)
                        ));
                    }
                }
            }
        }
    }
    let (frames, reader_task) = spawn_reader(reader, leftover);
    let mut player = Player {
        writer,
        frames,
        seen: Seen::default(),
    };

    let mut clients: Vec<(u32, JoinHandle<Result<HttpResponse, String>>)> = Vec::new();
    let mut compared: Vec<u32> = Vec::new();
    let mut skipping_goaway = false;
    let mut shutdown_called = false;
    let no_goaway_after_shutdown = deviations
        .iter()
        .any(|d| d.expect == Expect::NoGoAwayAfterShutdown);
    let mut acks_due: Vec<u32> = Vec::new();
    for (i, event) in events {
        let at = here(i, event);
        let outcome: Result<(), String> = match (&event.from, &event.wire) {
            (_, Wire::Upgrade(_)) => Err("an HTTP upgrade inside yamux".to_owned()),
            (Side::Plugin, Wire::Frame(frame)) => {
                if not_opened.contains(&frame.stream)
                    || (frame.kind == FrameType::GoAway && skipping_goaway)
                {
                    continue;
                }
                player.send(&frame.encode()).await
            }
            (Side::Plugin, Wire::Eof) => player
                .writer
                .shutdown()
                .await
                .map_err(|e| format!("shutting down the write half: {e}")),
            (Side::Engine, Wire::Eof) => player.wait("EOF", |seen| seen.eof).await,
            (Side::Engine, Wire::Frame(frame)) => {
                let stream = frame.stream;
                if not_opened.contains(&stream) {
                    // The recorded plugin's GoAway after this call obeyed it.
                    skipping_goaway = true;
                    continue;
                }
                match frame.kind {
                    FrameType::GoAway if no_goaway_after_shutdown && shutdown_called => {
                        report.notes.push(format!(
                            "{at}: not expected (deviation NoGoAwayAfterShutdown)"
                        ));
                        Ok(())
                    }
                    FrameType::GoAway => {
                        let code = frame.length;
                        player
                            .wait(&format!("GoAway code {code}"), |seen| seen.goaway.is_some())
                            .await
                            .and_then(|()| match player.seen.goaway {
                                Some(got) if got != code => {
                                    Err(format!("GoAway code {got}, expected {code}"))
                                }
                                _ => Ok(()),
                            })
                    }
                    // Keep-alives: answered when they come, not awaited.
                    FrameType::Ping => Ok(()),
                    FrameType::Data | FrameType::WindowUpdate => {
                        let mut result = Ok(());
                        if frame.has(SYN) {
                            // The engine opened a stream: make its cause happen.
                            let engine_bytes = recorded
                                .get(&stream)
                                .map(|(_, e)| &e[..])
                                .unwrap_or_default();
                            result = cause(engine_bytes, stream, triggers, &mut clients);
                            shutdown_called |= HttpRequest::parse(engine_bytes)
                                .is_some_and(|call| call.path.ends_with("/Shutdown"));
                            if result.is_ok() {
                                result = player
                                    .wait(&format!("SYN on stream {stream}"), |seen| {
                                        seen.streams.get(&stream).is_some_and(|s| s.syn)
                                    })
                                    .await;
                            }
                        }
                        // ACK: Go acknowledges a stream at once; rust-yamux sets
                        // ACK on the first frame it sends on the stream, which
                        // is the answer. Either way the first frame must carry
                        // it: checked at the end, not awaited here.
                        if frame.has(ACK) && !acks_due.contains(&stream) {
                            acks_due.push(stream);
                        }
                        if result.is_ok()
                            && frame.kind == FrameType::Data
                            && frame.length > 0
                            && !compared.contains(&stream)
                        {
                            compared.push(stream);
                            result = compare_message(
                                &mut player,
                                stream,
                                &recorded,
                                for_stream(stream).collect(),
                            )
                            .await;
                        }
                        // FIN: on a data frame or a window update (see above).
                        if result.is_ok() && frame.has(FIN) {
                            result = player
                                .wait(&format!("FIN on stream {stream}"), |seen| {
                                    seen.streams.get(&stream).is_some_and(|s| s.fin)
                                })
                                .await;
                        }
                        if result.is_ok() && frame.has(RST) {
                            result = player
                                .wait(&format!("RST on stream {stream}"), |seen| {
                                    seen.streams.get(&stream).is_some_and(|s| s.rst)
                                })
                                .await;
                        }
                        // A flagless window update is credit (see above).
                        result
                    }
                }
            }
        };
        if let Err(error) = outcome {
            report.differences.push(format!("{at}: {error}"));
            break;
        }
    }

    // What the engine did that the recording does not show.
    if report.differences.is_empty() {
        for stream in &acks_due {
            let first = player.seen.streams.get(stream).and_then(|s| s.first);
            if first.is_none_or(|flags| flags & ACK == 0) {
                report.differences.push(format!(
                    "stream {stream}: the engine's first frame on it ({}) does not ACK it",
                    first.map_or("none".to_owned(), |f| format!("flags {f:#x}"))
                ));
            }
        }
        for (stream, seen) in &player.seen.streams {
            let recorded_flags = conn
                .events
                .iter()
                .filter(|e| e.from == Side::Engine)
                .filter_map(|e| match &e.wire {
                    Wire::Frame(f) if f.stream == *stream => Some(f.flags),
                    _ => None,
                })
                .fold(0, |acc, flags| acc | flags);
            if !recorded.contains_key(stream) && seen.syn {
                report
                    .differences
                    .push(format!("the engine opened stream {stream}, not recorded"));
            }
            if seen.rst && recorded_flags & RST == 0 {
                report
                    .differences
                    .push(format!("the engine reset stream {stream}, not recorded"));
            }
        }
        let recorded_goaway = conn.events.iter().any(|e| {
            e.from == Side::Engine
                && matches!(&e.wire, Wire::Frame(f) if f.kind == FrameType::GoAway)
        });
        if let Some(code) = player.seen.goaway
            && !recorded_goaway
        {
            report.differences.push(format!(
                "the engine sent GoAway (code {code}), not recorded"
            ));
        }
    }
    // The clients whose requests caused the engine's calls: their answer
    // follows the recorded plugin's (found or not found).
    for (stream, client) in clients {
        let Some((plugin_bytes, _)) = recorded.get(&stream) else {
            continue;
        };
        let plugin_status = parse_responses(plugin_bytes, true)
            .first()
            .map(|r| r.status);
        match client.await {
            Ok(Ok(answer)) if Some(answer.status) == plugin_status => {}
            Ok(Ok(answer)) => report.differences.push(format!(
                "{} conn{}: the client call behind stream {stream} got {} (body {:?}), \
                 the plugin answered {plugin_status:?}",
                recording.name,
                conn.number,
                answer.status,
                String::from_utf8_lossy(&answer.body)
            )),
            Ok(Err(error)) => report.differences.push(format!(
                "{} conn{}: the client call behind stream {stream}: {error}",
                recording.name, conn.number
            )),
            Err(error) => report.differences.push(format!("client task: {error}")),
        }
    }
    report
        .notes
        .push(format!("engine frames: {}", player.seen.log.join(", ")));
    reader_task.abort();
    report
}

/// Waits for the engine's whole HTTP message on `stream` and compares it
/// with the recorded one.
async fn compare_message<W: AsyncWrite + Unpin>(
    player: &mut Player<W>,
    stream: u32,
    recorded: &BTreeMap<u32, (Vec<u8>, Vec<u8>)>,
    deviations: Vec<&IpcDeviation>,
) -> Result<(), String> {
    let (plugin_bytes, engine_bytes) = recorded.get(&stream).cloned().unwrap_or_default();
    // Odd streams are the plugin's calls (the engine answers); even ones
    // the engine's calls.
    let engine_calls = stream.is_multiple_of(2);
    let complete = |seen: &Seen| {
        seen.streams.get(&stream).is_some_and(|s| {
            if engine_calls {
                HttpRequest::parse(&s.data).is_some()
            } else {
                !parse_responses(&s.data, s.fin).is_empty()
            }
        })
    };
    player
        .wait(
            &format!("an HTTP message on stream {stream}"),
            |seen: &Seen| complete(seen) || seen.streams.get(&stream).is_some_and(|s| s.fin),
        )
        .await?;
    let got_bytes = player
        .seen
        .streams
        .get(&stream)
        .map(|s| s.data.clone())
        .unwrap_or_default();
    let (mut want, got) = if engine_calls {
        let want = HttpRequest::parse(&engine_bytes)
            .ok_or_else(|| format!("recorded request on stream {stream} does not parse"))?;
        let got = HttpRequest::parse(&got_bytes).ok_or_else(|| {
            format!(
                "stream {stream}: not an HTTP request: {:?}",
                String::from_utf8_lossy(&got_bytes)
            )
        })?;
        (request_meaning(&want), request_meaning(&got))
    } else {
        let path = HttpRequest::parse(&plugin_bytes)
            .map(|r| r.path)
            .unwrap_or_default();
        let want = parse_responses(&engine_bytes, true)
            .into_iter()
            .next()
            .ok_or_else(|| format!("recorded response on stream {stream} does not parse"))?;
        let got = parse_responses(&got_bytes, true)
            .into_iter()
            .next()
            .ok_or_else(|| {
                format!(
                    "stream {stream}: not an HTTP response: {:?}",
                    String::from_utf8_lossy(&got_bytes)
                )
            })?;
        (
            response_meaning(&path, &want),
            response_meaning(&path, &got),
        )
    };
    for deviation in deviations {
        match &deviation.expect {
            Expect::Error {
                status,
                code,
                message,
            } => {
                want.start = status.to_string();
                want.content_type = Some("application/json".to_owned());
                want.body = serde_json::json!({ "code": code, "message": message });
            }
            Expect::BodyField { field, value } => {
                if let Value::Object(map) = &mut want.body
                    && map.contains_key(field)
                {
                    map.insert(
                        field.clone(),
                        serde_json::from_str(value).unwrap_or(Value::Null),
                    );
                }
            }
            Expect::KeepsGetSecretsStreams => {
                if want.start.ends_with("/GetSecrets") {
                    want.connection = None;
                }
            }
            Expect::HijackStatusLine(_) | Expect::NotOpened | Expect::NoGoAwayAfterShutdown => {}
        }
    }
    if want != got {
        return Err(format!(
            "stream {stream}: the engine's message means\n    {got:?}\n  the recording means\n    {want:?}"
        ));
    }
    Ok(())
}

/// The recordings this module replays.
pub const FIXTURES: &[&str] = &[
    "ipc_launched_plugin",
    "ipc_external_plugin",
    "ipc_register_raw",
    "ipc_external_plugin_rejected",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every deviation parses and names a recorded fixture and connection,
    /// so a renamed fixture cannot silently drop its deviation.
    #[test]
    fn ipc_deviations_name_recorded_connections() {
        let deviations = ipc_deviations();
        assert_eq!(deviations.len(), 7);
        for deviation in deviations {
            assert!(!deviation.reason.is_empty(), "{deviation:?} has no reason");
            let Some(fixture) = &deviation.fixture else {
                continue;
            };
            let recording = Recording::load(fixture).unwrap_or_else(|e| panic!("{e}"));
            if let Some(conn) = deviation.conn {
                assert!(
                    recording.connections.iter().any(|c| c.number == conn),
                    "{fixture} has no connection {conn}"
                );
            }
        }
    }

    #[test]
    fn codec_reads_and_writes_recorded_headers() {
        // Headers from ipc_external_plugin.txt.
        let cases: [(&str, FrameType, u16, u32, u32); 4] = [
            (
                "000100010000000100000000",
                FrameType::WindowUpdate,
                SYN,
                1,
                0,
            ),
            (
                "000100040000000200000000",
                FrameType::WindowUpdate,
                FIN,
                2,
                0,
            ),
            ("000300000000000000000000", FrameType::GoAway, 0, 0, 0),
            (
                "000100020000000400000000",
                FrameType::WindowUpdate,
                ACK,
                4,
                0,
            ),
        ];
        for (header, kind, flags, stream, length) in cases {
            let bytes = hex(header).expect("hex");
            let (frame, used) = Frame::decode(&bytes).expect("v0").expect("complete");
            assert_eq!(used, HEADER_LEN);
            assert_eq!(
                (frame.kind, frame.flags, frame.stream, frame.length),
                (kind, flags, stream, length)
            );
            assert_eq!(frame.encode(), bytes);
        }
        let data = Frame::data(ACK, 1, b"ok".to_vec());
        let bytes = data.encode();
        assert_eq!(
            &bytes[..HEADER_LEN],
            hex("000000020000000100000002").expect("hex")
        );
        assert_eq!(Frame::decode(&bytes[..13]), Ok(None), "body incomplete");
        assert_eq!(Frame::decode(&bytes), Ok(Some((data, 14))));
        assert!(Frame::decode(&hex("010000000000000000000000").expect("hex")).is_err());
        assert!(Frame::decode(&hex("000400000000000000000000").expect("hex")).is_err());
    }

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
