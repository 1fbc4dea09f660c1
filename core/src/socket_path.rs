//! Where the engine listens, for the engine and every client of it.
//!
//! Docker's modules know two addresses, and the engine listens on both:
//! - the **engine socket**, `<user cache dir>/docker-secrets-engine/engine.sock`
//!   ([`default_socket_path`]): what Docker Desktop serves, what the January
//!   2026 modules dial and what `docker pass run` dials;
//! - the **daemon socket** ([`daemon_socket_address`]): what Docker's
//!   current client and plugin SDK dial when given no socket. On Linux it is
//!   the abstract Unix socket `@docker-secrets-engine/<uid>/daemon.sock`
//!   (no file: the name lives in the network namespace, and the UID in it
//!   keeps users apart); on macOS a file beside the engine socket; on Windows
//!   a file under `%LOCALAPPDATA%\DockerSecretsEngine\service`.
//!
//! A client with no address of its own tries them in [`client_candidates`]
//! order. `$DOCKER_SECRETS_ENGINE_SOCKET` ([`SOCKET_ENV`]) names one address
//! for everyone instead (Docker's modules have no such variable). Written as
//! text, an address that starts with `@` is an abstract socket, as in Go.

use std::fmt;
use std::path::{Path, PathBuf};

/// The environment variable that overrides the socket for the engine, its
/// clients and external plugins (the Go engine has none). A value starting
/// with `@` names an abstract socket.
pub const SOCKET_ENV: &str = "DOCKER_SECRETS_ENGINE_SOCKET";

/// Where the engine listens or a client connects.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SocketAddress {
    /// A socket file.
    Path(PathBuf),
    /// A name in Linux's abstract socket namespace, without the leading NUL
    /// (written `@name`).
    Abstract(Vec<u8>),
}

impl SocketAddress {
    /// Reads an address as Go's `net` package does: a leading `@` makes it
    /// abstract, anything else is a path.
    pub fn parse(text: impl Into<PathBuf>) -> SocketAddress {
        let text = text.into();
        match text.to_str().and_then(|t| t.strip_prefix('@')) {
            Some(name) => SocketAddress::Abstract(name.as_bytes().to_vec()),
            None => SocketAddress::Path(text),
        }
    }

    /// The socket file, for a path address.
    pub fn as_path(&self) -> Option<&Path> {
        match self {
            SocketAddress::Path(path) => Some(path),
            SocketAddress::Abstract(_) => None,
        }
    }

    /// Whether this is an abstract socket.
    pub fn is_abstract(&self) -> bool {
        matches!(self, SocketAddress::Abstract(_))
    }

    /// The path to give tokio's `UnixStream::connect`: the file, or for an
    /// abstract socket its name after a NUL byte, which tokio reads as an
    /// abstract address on Linux.
    pub fn connect_path(&self) -> PathBuf {
        match self {
            SocketAddress::Path(path) => path.clone(),
            #[cfg(unix)]
            SocketAddress::Abstract(name) => {
                use std::os::unix::ffi::OsStringExt;
                let mut bytes = Vec::with_capacity(name.len() + 1);
                bytes.push(0);
                bytes.extend_from_slice(name);
                PathBuf::from(std::ffi::OsString::from_vec(bytes))
            }
            #[cfg(not(unix))]
            SocketAddress::Abstract(name) => PathBuf::from(String::from_utf8_lossy(name).as_ref()),
        }
    }
}

impl From<PathBuf> for SocketAddress {
    fn from(path: PathBuf) -> Self {
        SocketAddress::parse(path)
    }
}

impl From<&Path> for SocketAddress {
    fn from(path: &Path) -> Self {
        SocketAddress::parse(path)
    }
}

impl From<&str> for SocketAddress {
    fn from(text: &str) -> Self {
        SocketAddress::parse(text)
    }
}

impl fmt::Display for SocketAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SocketAddress::Path(path) => write!(f, "{}", path.display()),
            SocketAddress::Abstract(name) => write!(f, "@{}", String::from_utf8_lossy(name)),
        }
    }
}

fn nonempty_env(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name).filter(|v| !v.is_empty())
}

/// The user's cache directory as Go's `os.UserCacheDir` finds it, else the
/// temporary directory (Go's fallback for the engine socket).
fn user_cache_dir() -> PathBuf {
    #[cfg(target_os = "macos")]
    let cache = nonempty_env("HOME").map(|home| PathBuf::from(home).join("Library/Caches"));
    #[cfg(windows)]
    let cache = nonempty_env("LocalAppData").map(PathBuf::from);
    #[cfg(not(any(target_os = "macos", windows)))]
    let cache = nonempty_env("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| nonempty_env("HOME").map(|home| PathBuf::from(home).join(".cache")));
    cache.unwrap_or_else(std::env::temp_dir)
}

/// The engine socket's default path (the Go engine's since January 2026):
/// `<user cache dir>/docker-secrets-engine/engine.sock`, where the user cache
/// dir is `$XDG_CACHE_HOME` or `$HOME/.cache` on Linux, falling back to the
/// temporary directory when neither is set.
pub fn default_socket_path() -> PathBuf {
    user_cache_dir()
        .join("docker-secrets-engine")
        .join("engine.sock")
}

/// The daemon socket Docker's current client and plugin SDK dial by
/// default: on Linux the abstract socket
/// `@docker-secrets-engine/<uid>/daemon.sock` (the real user ID, as Go's
/// `os.Getuid`).
#[cfg(target_os = "linux")]
pub fn daemon_socket_address() -> SocketAddress {
    let uid = nix::unistd::getuid().as_raw();
    SocketAddress::Abstract(format!("docker-secrets-engine/{uid}/daemon.sock").into_bytes())
}

/// The daemon socket Docker's current client and plugin SDK dial by
/// default: on Windows
/// `%LOCALAPPDATA%\DockerSecretsEngine\service\daemon.sock`.
#[cfg(windows)]
pub fn daemon_socket_address() -> SocketAddress {
    let base = nonempty_env("LOCALAPPDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(nonempty_env("USERPROFILE").unwrap_or_default()).join("AppData\\Local")
        });
    SocketAddress::Path(base.join("DockerSecretsEngine\\service\\daemon.sock"))
}

/// The daemon socket Docker's current client and plugin SDK dial by
/// default: on macOS `<user cache dir>/docker-secrets-engine/daemon.sock`,
/// beside the engine socket; other systems do the same.
#[cfg(not(any(target_os = "linux", windows)))]
pub fn daemon_socket_address() -> SocketAddress {
    SocketAddress::Path(
        user_cache_dir()
            .join("docker-secrets-engine")
            .join("daemon.sock"),
    )
}

/// The address `$DOCKER_SECRETS_ENGINE_SOCKET` names, if set.
pub fn socket_from_env() -> Option<SocketAddress> {
    nonempty_env(SOCKET_ENV).map(|value| SocketAddress::parse(PathBuf::from(value)))
}

/// The addresses a client tries, in order, until one answers: `explicit` if
/// given; else `$DOCKER_SECRETS_ENGINE_SOCKET`; else the daemon socket
/// (where Docker's current modules look), then the engine socket (where
/// Docker Desktop and the January 2026 engine listen).
pub fn client_candidates(explicit: Option<SocketAddress>) -> Vec<SocketAddress> {
    if let Some(address) = explicit.or_else(socket_from_env) {
        return vec![address];
    }
    vec![
        daemon_socket_address(),
        SocketAddress::Path(default_socket_path()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_path_follows_the_go_rule() {
        let path = default_socket_path();
        assert!(
            path.ends_with("docker-secrets-engine/engine.sock"),
            "{}",
            path.display()
        );
    }

    #[test]
    fn addresses_read_as_go_reads_them() {
        assert_eq!(
            SocketAddress::parse("@docker-secrets-engine/0/daemon.sock"),
            SocketAddress::Abstract(b"docker-secrets-engine/0/daemon.sock".to_vec())
        );
        assert_eq!(
            SocketAddress::parse("/run/x.sock"),
            SocketAddress::Path(PathBuf::from("/run/x.sock"))
        );
        assert_eq!(SocketAddress::parse("@a/b").to_string(), "@a/b");
        assert_eq!(SocketAddress::parse("rel/x.sock").to_string(), "rel/x.sock");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_daemon_socket_is_abstract_and_per_user() {
        let uid = nix::unistd::getuid().as_raw();
        assert_eq!(
            daemon_socket_address().to_string(),
            format!("@docker-secrets-engine/{uid}/daemon.sock")
        );
        let explicit = SocketAddress::parse("/x.sock");
        assert_eq!(client_candidates(Some(explicit.clone())), vec![explicit]);
    }
}
