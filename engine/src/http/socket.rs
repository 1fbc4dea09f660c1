//! The engine's Unix sockets: where they are, and creating them safely.
//!
//! The engine listens on the engine socket (a file) and, on Linux, on the
//! daemon socket (an abstract name; `secrets_core::socket_path` says why
//! both). An abstract socket has no file to protect or clean up; the rules
//! below are for the file. Unlike the Go engine, which removes whatever is at the path and
//! relies on the directory's mode alone, this:
//! - never takes the path from a live engine: if something answers on the
//!   socket, startup fails with an error naming the path;
//! - replaces a stale socket (nothing listening) but never deletes a file
//!   that is not a socket;
//! - creates missing parent directories with mode 0700 and the socket with
//!   mode 0600;
//! - removes the socket on shutdown, unless another process has replaced it.
//!
//! A socket systemd passed (socket activation, [`crate::http::socket_activation`])
//! is systemd's: the engine serves it and leaves it in place when it exits.

use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use tokio::net::UnixListener;

pub use secrets_core::socket_path::{
    SocketAddress, daemon_socket_address, default_socket_path, socket_from_env,
};

/// Why the socket could not be created.
#[derive(Debug, thiserror::Error)]
pub enum SocketError {
    /// Another engine (or any server) answers on the address.
    #[error("another engine is already serving on {0}; stop it or choose another socket")]
    InUse(SocketAddress),
    /// Something that is not a socket is at the path.
    #[error("{0} exists and is not a socket; refusing to replace it")]
    NotASocket(PathBuf),
    /// A system call failed.
    #[error("failed to create socket {address}: {source}")]
    Io {
        /// The socket's address.
        address: SocketAddress,
        /// Why the system call failed (e.g. no permission on the directory).
        source: std::io::Error,
    },
}

/// A listening socket of the engine; removes its file when dropped, if the
/// engine created one.
#[derive(Debug)]
pub struct EngineSocket {
    listener: UnixListener,
    address: SocketAddress,
    /// Device and inode of the socket file we created, so that drop never
    /// removes a socket another engine put at the same path later; `None`
    /// for an abstract socket (no file) or one systemd passed (never removed).
    identity: Option<(u64, u64)>,
    /// Whether systemd passed it.
    inherited: bool,
}

impl EngineSocket {
    /// Creates the socket at `address`: a file (see the module docs for the
    /// rules) or an abstract socket.
    pub fn bind_address(address: &SocketAddress) -> Result<Self, SocketError> {
        match address {
            SocketAddress::Path(path) => Self::bind(path),
            SocketAddress::Abstract(name) => Self::bind_abstract(name),
        }
    }

    /// Creates an abstract socket named `name` (Linux). It has no file and so
    /// no mode: the peer-credential check is what keeps other users out. The
    /// kernel frees the name when the socket closes, so there is never a
    /// stale one; a name in use belongs to a live server.
    #[cfg(target_os = "linux")]
    pub fn bind_abstract(name: &[u8]) -> Result<Self, SocketError> {
        use std::os::linux::net::SocketAddrExt;
        let address = SocketAddress::Abstract(name.to_vec());
        let listener = std::os::unix::net::SocketAddr::from_abstract_name(name)
            .and_then(|name| std::os::unix::net::UnixListener::bind_addr(&name));
        match listener {
            Ok(listener) => Self::adopt(listener, address, false),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => Err(SocketError::InUse(address)),
            Err(source) => Err(SocketError::Io { address, source }),
        }
    }

    /// Abstract sockets exist on Linux only.
    #[cfg(not(target_os = "linux"))]
    pub fn bind_abstract(name: &[u8]) -> Result<Self, SocketError> {
        Err(SocketError::Io {
            address: SocketAddress::Abstract(name.to_vec()),
            source: std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                "abstract Unix sockets exist on Linux only",
            ),
        })
    }

    /// Creates the socket file at `path` (see the module docs for the rules).
    pub fn bind(path: &Path) -> Result<Self, SocketError> {
        let address = SocketAddress::Path(path.to_owned());
        let io = |source| SocketError::Io {
            address: address.clone(),
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
                    Ok(_) => return Err(SocketError::InUse(address)),
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
            address,
            identity: Some((meta.dev(), meta.ino())),
            inherited: false,
        })
    }

    /// Serves a listening socket systemd passed (see
    /// [`crate::http::socket_activation::from_environment`]). Must be called
    /// within the runtime.
    pub fn inherited(listener: std::os::unix::net::UnixListener) -> Result<Self, SocketError> {
        let address = listener
            .local_addr()
            .ok()
            .and_then(|addr| address_of(&addr))
            .unwrap_or_else(|| SocketAddress::Path(PathBuf::new()));
        Self::adopt(listener, address, true)
    }

    /// Serves a listening socket without a file of the engine's to remove.
    fn adopt(
        listener: std::os::unix::net::UnixListener,
        address: SocketAddress,
        inherited: bool,
    ) -> Result<Self, SocketError> {
        let listener = listener
            .set_nonblocking(true)
            .and_then(|()| UnixListener::from_std(listener));
        match listener {
            Ok(listener) => Ok(EngineSocket {
                listener,
                address,
                identity: None,
                inherited,
            }),
            Err(source) => Err(SocketError::Io { address, source }),
        }
    }

    /// Whether systemd passed this socket: it keeps listening when the
    /// engine exits, so an idle engine may exit.
    pub fn is_inherited(&self) -> bool {
        self.inherited
    }

    /// The socket's address.
    pub fn address(&self) -> &SocketAddress {
        &self.address
    }

    /// The listener.
    pub fn listener(&self) -> &UnixListener {
        &self.listener
    }
}

/// The address of a bound socket, file or abstract.
fn address_of(address: &std::os::unix::net::SocketAddr) -> Option<SocketAddress> {
    if let Some(path) = address.as_pathname() {
        return Some(SocketAddress::Path(path.to_owned()));
    }
    #[cfg(target_os = "linux")]
    {
        use std::os::linux::net::SocketAddrExt;
        if let Some(name) = address.as_abstract_name() {
            return Some(SocketAddress::Abstract(name.to_vec()));
        }
    }
    None
}

impl Drop for EngineSocket {
    fn drop(&mut self) {
        let (Some(identity), SocketAddress::Path(path)) = (self.identity, &self.address) else {
            return;
        };
        let ours =
            std::fs::symlink_metadata(path).is_ok_and(|meta| (meta.dev(), meta.ino()) == identity);
        if ours {
            let _ = std::fs::remove_file(path);
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
        assert_eq!(passed.address().as_path(), Some(path.as_path()));
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

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn abstract_sockets_are_never_taken_from_a_live_server() {
        let name = format!("secrets-engine-test/{}/abstract.sock", std::process::id());
        let socket = EngineSocket::bind_abstract(name.as_bytes()).expect("binds");
        assert_eq!(socket.address().to_string(), format!("@{name}"));
        assert!(!socket.is_inherited());
        let err = EngineSocket::bind_abstract(name.as_bytes()).expect_err("in use");
        assert!(matches!(err, SocketError::InUse(_)), "{err}");
        assert!(err.to_string().contains(&format!("@{name}")), "{err}");
        drop(socket);
        // The kernel frees the name with the socket: nothing stale remains.
        let again = EngineSocket::bind_address(&SocketAddress::parse(format!("@{name}")))
            .expect("binds again");
        drop(again);
    }
}
