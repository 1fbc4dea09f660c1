//! What a plugin says about itself.

use std::path::PathBuf;
use std::time::Duration;

use secrets_core::Pattern;

/// How long a plugin waits for its registration by default: 5 s, as in Go.
pub const DEFAULT_REGISTRATION_TIMEOUT: Duration = Duration::from_secs(5);

/// A plugin's identity and how it reaches the engine.
#[derive(Debug, Clone)]
pub struct PluginConfig {
    /// The name to register with when external (default: the executable's
    /// file name). A launched plugin always uses the name the engine gave it.
    pub name: Option<String>,
    /// The plugin's version, `v`-prefixed semver (`v1.2.3`).
    pub version: String,
    /// The IDs the plugin serves.
    pub pattern: Pattern,
    /// How long registration may take when external (a launched plugin uses
    /// the engine's).
    pub registration_timeout: Duration,
    /// The engine socket for an external plugin, a path or `@name` (an
    /// abstract socket). Default: `$DOCKER_SECRETS_ENGINE_SOCKET`; else
    /// Docker's daemon socket, then the engine socket, whichever answers
    /// (as Docker's Go SDK and Docker Desktop place them).
    pub socket: Option<PathBuf>,
}

impl PluginConfig {
    /// A plugin at `version` serving `pattern`, with defaults for the rest.
    pub fn new(version: impl Into<String>, pattern: Pattern) -> Self {
        PluginConfig {
            name: None,
            version: version.into(),
            pattern,
            registration_timeout: DEFAULT_REGISTRATION_TIMEOUT,
            socket: None,
        }
    }

    /// Registers as `name` (external plugins only).
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Dials `socket` (external plugins only).
    pub fn with_socket(mut self, socket: impl Into<PathBuf>) -> Self {
        self.socket = Some(socket.into());
        self
    }
}
