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
//!
//! A replay goes in phases ([`replay_connection`]): the upgrade
//! (`upgrade`), the yamux exchange in recorded order (`exchange`, with the
//! `player` writing the plugin's frames and keeping what the engine sent,
//! `causes` making the engine's own calls happen and `compare` holding each
//! HTTP message to the recorded one), then what the engine did that the
//! recording does not show (`unrecorded`).

mod capture;
mod causes;
mod compare;
mod connection_replay;
mod deviations;
mod difference;
mod engine_reader;
mod exchange;
mod frame;
mod frame_transcript;
mod hex;
mod message;
mod player;
mod recording;
mod replay;
mod report;
mod unrecorded;
mod upgrade;

pub use crate::http1::HttpRequest;
pub use causes::Triggers;
pub use deviations::{Expect, IpcDeviation, ipc_deviations};
pub use frame::{ACK, FIN, Frame, FrameError, FrameType, HEADER_LEN, RST, SYN};
pub use message::{MessageMeaning, request_meaning, response_meaning};
pub use recording::{Connection, Event, GO_HIJACK_REQUEST, Recording, RecordingError, Side, Wire};
pub use replay::replay_connection;
pub use report::ConnectionReport;

/// The recordings this module replays.
pub const FIXTURES: &[&str] = &[
    "ipc_launched_plugin",
    "ipc_external_plugin",
    "ipc_register_raw",
    "ipc_external_plugin_rejected",
];
