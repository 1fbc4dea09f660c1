//! Where the engine's socket is, for the engine and every client of it.

use std::path::PathBuf;

/// The environment variable that overrides the socket path for the engine,
/// its clients and external plugins (the Go engine has none).
pub const SOCKET_ENV: &str = "DOCKER_SECRETS_ENGINE_SOCKET";

/// The Go engine's default socket path (January 2026):
/// `<user cache dir>/docker-secrets-engine/engine.sock`, where the user cache
/// dir is `$XDG_CACHE_HOME` or `$HOME/.cache`, falling back to the temporary
/// directory when neither is set.
pub fn default_socket_path() -> PathBuf {
    let nonempty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let cache = nonempty("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| nonempty("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    cache.join("docker-secrets-engine").join("engine.sock")
}

/// The socket path to use: `explicit` if given, else `$DOCKER_SECRETS_ENGINE_SOCKET`,
/// else [`default_socket_path`].
pub fn resolve_socket_path(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| {
            std::env::var_os(SOCKET_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(default_socket_path)
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
        assert_eq!(
            resolve_socket_path(Some(PathBuf::from("/x/y.sock"))),
            PathBuf::from("/x/y.sock")
        );
    }
}
