//! What a client gave its caller for one call, in terms the checks share
//! whatever the client's own.

use std::collections::BTreeMap;
use std::time::Duration;

/// A secret as a client surfaced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfacedSecret {
    /// The ID.
    pub id: String,
    /// The value's bytes.
    pub value: Vec<u8>,
    /// The plugin that served it.
    pub provider: String,
    /// Its version, when the client surfaces it.
    pub version: Option<String>,
    /// Its metadata, when the client surfaces it.
    pub metadata: Option<BTreeMap<String, String>>,
}

impl SurfacedSecret {
    /// Whether a surfaced secret is this recorded one: ID, value and
    /// provider, and version and metadata where the client surfaces them.
    pub fn surfaced_as(&self, surfaced: &SurfacedSecret) -> bool {
        self.id == surfaced.id
            && self.value == surfaced.value
            && self.provider == surfaced.provider
            && surfaced
                .version
                .as_ref()
                .is_none_or(|v| Some(v) == self.version.as_ref())
            && surfaced
                .metadata
                .as_ref()
                .is_none_or(|m| Some(m) == self.metadata.as_ref())
    }
}

/// A plugin as a client surfaced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfacedPlugin {
    /// The name.
    pub name: String,
    /// The version.
    pub version: String,
    /// The pattern it serves.
    pub pattern: String,
}

/// The kind of a client's error, in the client's own terms mapped to the
/// ones the checks need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The client's not-found.
    NotFound,
    /// The client's invalid argument.
    InvalidArgument,
    /// The client's "the engine does not serve this call".
    Unimplemented,
    /// Anything else, with the client's name for it (e.g. `Unknown`).
    Other(String),
}

/// What a client gave its caller for one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Surfaced {
    /// Secrets, in the order returned.
    Secrets(Vec<SurfacedSecret>),
    /// Plugins, in the order returned.
    Plugins(Vec<SurfacedPlugin>),
    /// An error the caller can act on.
    Error {
        /// Its kind.
        kind: ErrorKind,
        /// Its whole message as the caller sees it.
        message: String,
    },
    /// The client panicked, died of a signal, or said something unreadable.
    Crashed(String),
    /// No answer within the run's timeout.
    TimedOut(Duration),
}

impl std::fmt::Display for Surfaced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Surfaced::Secrets(secrets) => {
                let ids: Vec<String> = secrets
                    .iter()
                    .map(|s| format!("{} from {}", s.id, s.provider))
                    .collect();
                write!(f, "{} secret(s) [{}]", secrets.len(), ids.join(", "))
            }
            Surfaced::Plugins(plugins) => {
                let names: Vec<&str> = plugins.iter().map(|p| p.name.as_str()).collect();
                write!(f, "{} plugin(s) [{}]", plugins.len(), names.join(", "))
            }
            Surfaced::Error { kind, message } => write!(f, "error {kind:?}: {message:?}"),
            Surfaced::Crashed(why) => write!(f, "crashed: {why}"),
            Surfaced::TimedOut(limit) => write!(f, "no answer within {limit:?}"),
        }
    }
}
