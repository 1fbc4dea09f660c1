//! Conformance: recorded wire fixtures and the tools that hold an
//! implementation to them.
//!
//! `fixtures/upstream/` holds exchanges recorded from the Go secrets engine
//! (docker/secrets-engine, January 2026) in the world described in
//! `fixtures/WORLD.md`: one readable transcript per case (`<case>.txt`) and the
//! raw bytes beside them (`raw/`). [`Transcript`] reads a transcript back into
//! its request and response (status line, headers, body bytes); [`wire`] gets
//! the exact bytes each side sent; [`runner`] replays the requests against any
//! engine socket and compares the answers by [`meaning`], honouring the
//! deliberate differences listed in `deviations.toml`; [`world`] starts this
//! project's engine in the world the fixtures were recorded in;
//! [`plugin_certification`] plays the engine against any plugin executable;
//! [`differential`] sends the same requests to this engine and a reference
//! engine (Docker's Go engine) in the same world and compares the answers.
//!
//! The `secrets-engine-conformance` binary exposes them as
//! `world --socket PATH` (`--go-engine PATH` for the Go engine),
//! `replay [--socket PATH]` (without a socket it starts the world itself),
//! `certify-plugin --plugin PATH --hit ID --miss ID` and
//! `diff --socket PATH --reference PATH`; `docs/conformance.md` shows how to
//! use them.
//!
//! [`ipc_replay`] plays the recorded Go plugin's yamux frames (`ipc_*`) against
//! an engine and checks the engine's frames and calls by meaning.
//!
//! [`client_conformance`] does the reverse for clients: it plays a recorded
//! engine (the fixtures' answers) on a socket and checks what a client sends
//! and how it surfaces each answer (`client-conformance`).
#![forbid(unsafe_code)]

pub mod client_conformance;
pub mod differential;
pub mod http1;
pub mod ipc_replay;
pub mod meaning;
pub mod plugin_certification;
pub mod runner;
mod transcript;
pub mod wire;
pub mod world;

pub use transcript::{Section, Transcript, TranscriptError};

use std::path::PathBuf;

/// The directory of the upstream fixtures, `conformance/fixtures/upstream`.
pub fn upstream_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/upstream")
}

/// Every upstream HTTP transcript (`*.txt` with a request and a response;
/// the plugin IPC transcripts `ipc_*` have their own format), sorted by name.
pub fn upstream_http_transcripts() -> Result<Vec<Transcript>, TranscriptError> {
    let dir = upstream_dir();
    let entries = std::fs::read_dir(&dir).map_err(|e| TranscriptError::io(&dir, e))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "txt")
                && path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n != "INDEX.md" && !n.starts_with("ipc_"))
        })
        .collect();
    paths.sort();
    paths.iter().map(|path| Transcript::load(path)).collect()
}
