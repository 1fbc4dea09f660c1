//! The engine's Unix socket: where it is, and creating it safely.
//!
//! Unlike the Go engine, which removes whatever is at the path and
//! relies on the directory's mode alone, this:
//! - never takes the path from a live engine: if something answers on the
//!   socket, startup fails with an error naming the path;
//! - replaces a stale socket (nothing listening) but never deletes a file
//!   that is not a socket;
//! - creates missing parent directories with mode 0700 and the socket with
//!   mode 0600;
//! - removes the socket on shutdown, unless another process has replaced it.
//!
//! A socket systemd passed (socket activation, [`crate::socket_activation`])
//! is systemd's: the engine serves it and leaves it in place when it exits.

use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use tokio::net::UnixListener;

pub use secrets_core::socket_path::{SOCKET_ENV, default_socket_path, resolve_socket_path};

/// Why the socket could not be created.
#[derive(Debug, thiserror::Error)]
pub enum SocketError {
    /// Another engine (or any server) answers on the path.
    #[error("another engine is already serving on {0}; stop it or choose another socket path")]
    InUse(PathBuf),
    /// Something that is not a socket is at the path.
    #[error("{0} exists and is not a socket; refusing to replace it")]
    NotASocket(PathBuf),
    /// A system call failed.
    #[error("failed to create socket {path}: {source}")]
    Io {
        /// The socket path.
        path: PathBuf,
        /// Why the system call failed (e.g. no permission on the directory).
        source: std::io::Error,
    },
}

/// The listening socket; removes its file when dropped, if the engine
/// created it.
#[derive(Debug)]
pub struct EngineSocket {
    listener: UnixListener,
    path: PathBuf,
    /// Device and inode of the socket file we created, so that drop never
    /// removes a socket another engine put at the same path later; `None`
    /// for a socket systemd passed, which is never removed.
    identity: Option<(u64, u64)>,
}

impl EngineSocket {
    /// Creates the socket at `path` (see the module docs for the rules).
    pub fn bind(path: &Path) -> Result<Self, SocketError> {
        let io = |source| SocketError::Io {
            path: path.to_owned(),
            source,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)
                .map_err(io)?;
            if let Ok(meta) = std::fs::metadata(parent)
                && meta.mode() & 0o077 != 0
            {
                tracing::debug!(
                    dir = %parent.display(),
                    "socket directory is accessible to others; the socket itself is 0600"
                );
            }
        }
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.file_type().is_socket() => {
                match std::os::unix::net::UnixStream::connect(path) {
                    Ok(_) => return Err(SocketError::InUse(path.to_owned())),
                    Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                        tracing::info!(path = %path.display(), "replacing a stale socket");
                        std::fs::remove_file(path).map_err(io)?;
                    }
                    Err(e) => return Err(io(e)),
                }
            }
            Ok(_) => return Err(SocketError::NotASocket(path.to_owned())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(e)),
        }
        let listener = UnixListener::bind(path).map_err(io)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(io)?;
        let meta = std::fs::metadata(path).map_err(io)?;
        Ok(EngineSocket {
            listener,
            path: path.to_owned(),
            identity: Some((meta.dev(), meta.ino())),
        })
    }

    /// Serves a listening socket systemd passed (see
    /// [`crate::socket_activation::from_environment`]). Must be called
    /// within the runtime.
    pub fn inherited(listener: std::os::unix::net::UnixListener) -> Result<Self, SocketError> {
        let path = listener
            .local_addr()
            .ok()
            .and_then(|addr| addr.as_pathname().map(Path::to_owned))
            .unwrap_or_default();
        let io = |source| SocketError::Io {
            path: path.clone(),
            source,
        };
        listener.set_nonblocking(true).map_err(io)?;
        let listener = UnixListener::from_std(listener).map_err(io)?;
        Ok(EngineSocket {
            listener,
            path,
            identity: None,
        })
    }

    /// Whether systemd passed this socket: it keeps listening when the
    /// engine exits, so an idle engine may exit.
    pub fn is_inherited(&self) -> bool {
        self.identity.is_none()
    }

    /// The socket's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The listener.
    pub fn listener(&self) -> &UnixListener {
        &self.listener
    }
}

impl Drop for EngineSocket {
    fn drop(&mut self) {
        let Some(identity) = self.identity else {
            return;
        };
        let ours = std::fs::symlink_metadata(&self.path)
            .is_ok_and(|meta| (meta.dev(), meta.ino()) == identity);
        if ours {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn safe_creation_and_cleanup() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("nested/run/engine.sock");
        let socket = EngineSocket::bind(&path).expect("binds");
        let dir_mode = std::fs::metadata(path.parent().expect("parent"))
            .expect("dir")
            .mode();
        assert_eq!(dir_mode & 0o777, 0o700);
        let mode = std::fs::symlink_metadata(&path).expect("socket").mode();
        assert_eq!(mode & 0o777, 0o600);

        // A live socket is never taken.
        let err = EngineSocket::bind(&path).expect_err("in use");
        assert!(matches!(err, SocketError::InUse(_)), "{err}");
        assert!(err.to_string().contains(&path.display().to_string()));

        drop(socket);
        assert!(!path.exists(), "removed on drop");

        // A stale socket is replaced.
        let stale = std::os::unix::net::UnixListener::bind(&path).expect("stale");
        drop(stale);
        assert!(path.exists());
        let again = EngineSocket::bind(&path).expect("replaces stale");
        drop(again);

        // A passed socket is served and left in place.
        let listening = std::os::unix::net::UnixListener::bind(&path).expect("passed");
        let passed = EngineSocket::inherited(listening).expect("inherited");
        assert!(passed.is_inherited());
        assert_eq!(passed.path(), path);
        let _client = tokio::net::UnixStream::connect(&path)
            .await
            .expect("connect");
        passed.listener().accept().await.expect("accepts");
        drop(passed);
        assert!(path.exists(), "systemd's socket stays");
        std::fs::remove_file(&path).expect("remove");

        // A regular file is never removed.
        std::fs::write(&path, "precious").expect("write");
        let err = EngineSocket::bind(&path).expect_err("not a socket");
        assert!(matches!(err, SocketError::NotASocket(_)));
        assert_eq!(std::fs::read_to_string(&path).expect("kept"), "precious");
    }
}
