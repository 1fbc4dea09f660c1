//! What can go wrong asking the engine.

use secrets_core::socket_path::SocketAddress;
use std::time::Duration;

/// A failed call. Messages never contain secret values (the engine's do
/// not either).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No secret matches (`not_found`).
    #[error("no secret matches {pattern:?}")]
    NotFound {
        /// The ID or pattern asked for.
        pattern: String,
    },
    /// The request was refused as malformed (`invalid_argument`), e.g. an
    /// invalid pattern; checked here before sending where possible.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// An access-control module denied the request (`permission_denied`).
    #[error("permission denied: {0}")]
    PermissionDenied(String),
    /// The engine answered that it cannot serve now (`unavailable`), with
    /// its reason (e.g. a plugin that is restarting).
    #[error("the engine is unavailable: {0}")]
    Unavailable(String),
    /// The engine does not serve this call (an engine of an older API).
    #[error("the engine does not support this call: {0}")]
    Unimplemented(String),
    /// Nothing listens on the engine's sockets.
    #[error(
        "no secrets engine is running on {}: {source}; start one with `secrets-engine` \
         (or point DOCKER_SECRETS_ENGINE_SOCKET at the socket of one that runs)",
        sockets.iter().map(ToString::to_string).collect::<Vec<_>>().join(" or ")
    )]
    EngineNotRunning {
        /// The sockets tried, in order.
        sockets: Vec<SocketAddress>,
        /// Why connecting to the last of them failed.
        source: std::io::Error,
    },
    /// No whole answer within the client's deadline.
    #[error("no answer from the engine within {0:?}")]
    Timeout(Duration),
    /// Any other answer: the engine's status and message, as received (for
    /// an answer that is not a Connect error at all, the HTTP status and
    /// what the body said).
    #[error("the engine answered {}: {message}", connect_runtime::error::code_name(*code))]
    Protocol {
        /// The status code.
        code: tonic::Code,
        /// The engine's message.
        message: String,
    },
}
