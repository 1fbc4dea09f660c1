//! Why a step of the yamux exchange did not go as recorded: what the engine
//! did instead, or why the replay could not go on. Each is reported as one
//! difference, after where in the recording it happened.

use std::time::Duration;

use crate::ipc_replay::message::MessageMeaning;

/// One step of the exchange that did not go as recorded.
#[derive(Debug, thiserror::Error)]
pub(super) enum Difference {
    /// The recording has an upgrade after yamux started.
    #[error("an HTTP upgrade inside yamux")]
    UpgradeInsideYamux,
    /// The plugin's end could not shut down its writing half.
    #[error("shutting down the write half: {0}")]
    ShutDown(#[source] std::io::Error),
    /// The plugin's end could not write to the engine.
    #[error("writing to the engine: {0}")]
    Write(#[source] std::io::Error),
    /// The engine closed the connection before doing what was expected (and
    /// the reader's reason, when the connection broke).
    #[error(
        "expected {expected}; the engine closed the connection{}",
        .broken.as_ref().map(|b| format!(" ({b})")).unwrap_or_default()
    )]
    Closed {
        expected: String,
        broken: Option<String>,
    },
    /// The engine did not do what was expected in time.
    #[error("expected {expected}; nothing within {limit:?}")]
    TimedOut { expected: String, limit: Duration },
    /// The engine's GoAway carries another code.
    #[error("GoAway code {got}, expected {expected}")]
    GoAwayCode { got: u32, expected: u32 },
    /// The engine's HTTP message on a stream means something else.
    #[error(
        "stream {stream}: the engine's message means\n    {:?}\n  the recording means\n    {:?}",
        .meanings.got, .meanings.want
    )]
    MessageMeaning {
        stream: u32,
        meanings: Box<Meanings>,
    },
    /// The recording's own HTTP message on a stream does not parse.
    #[error("recorded {what} on stream {stream} does not parse")]
    RecordedUnparsable { stream: u32, what: HttpKind },
    /// The engine's bytes on a stream are not the HTTP message expected.
    #[error("stream {stream}: not an HTTP {what}: {got:?}")]
    NotHttp {
        stream: u32,
        what: HttpKind,
        got: String,
    },
    /// The recorded engine called Shutdown, which only stopping the engine
    /// causes, and this replay cannot stop it.
    #[error(
        "the recorded engine called Shutdown here (it was stopping); this replay cannot stop the \
         engine"
    )]
    CannotStopEngine,
    /// The recorded engine made a call the replay knows no cause for.
    #[error("no known cause for the recorded call {path:?}")]
    NoKnownCause { path: Option<String> },
}

/// The meaning of this engine's message (`got`) and the recorded one
/// (`want`), boxed apart: they are large and rarely differ.
#[derive(Debug)]
pub(super) struct Meanings {
    pub(super) got: MessageMeaning,
    pub(super) want: MessageMeaning,
}

/// Which HTTP message a stream carries.
#[derive(Debug, Clone, Copy)]
pub(super) enum HttpKind {
    Request,
    Response,
}

impl std::fmt::Display for HttpKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            HttpKind::Request => "request",
            HttpKind::Response => "response",
        })
    }
}
