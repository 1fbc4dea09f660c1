//! The client for programs without an async runtime: the same calls,
//! blocking the calling thread. It runs its own single-threaded runtime, so
//! do not use it from inside an async task (use [`crate::Client`] there).

use std::path::PathBuf;
use std::time::Duration;

use crate::{EngineVersion, Error, PluginInfo, Secret};

/// A blocking client of one engine socket.
#[derive(Debug)]
pub struct Client {
    inner: crate::Client,
    runtime: tokio::runtime::Runtime,
}

impl Client {
    /// A client of the engine at the usual socket (see [`crate::Client::new`]).
    pub fn new() -> std::io::Result<Client> {
        Client::wrap(crate::Client::new())
    }

    /// A client of the engine listening on `socket`.
    pub fn connect(socket: impl Into<PathBuf>) -> std::io::Result<Client> {
        Client::wrap(crate::Client::connect(socket))
    }

    fn wrap(inner: crate::Client) -> std::io::Result<Client> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(Client { inner, runtime })
    }

    /// Gives every call at most `timeout`.
    pub fn with_timeout(mut self, timeout: Duration) -> Client {
        self.inner = self.inner.with_timeout(timeout);
        self
    }

    /// The socket this client talks to (see [`crate::Client::socket`]).
    pub fn socket(&self) -> &crate::SocketAddress {
        self.inner.socket()
    }

    /// Every socket this client tries, in order.
    pub fn sockets(&self) -> &[crate::SocketAddress] {
        self.inner.sockets()
    }

    /// See [`crate::Client::get_secret`].
    pub fn get_secret(&self, id: &str) -> Result<Secret, Error> {
        self.runtime.block_on(self.inner.get_secret(id))
    }

    /// See [`crate::Client::get_secrets`].
    pub fn get_secrets(&self, pattern: &str) -> Result<Vec<Secret>, Error> {
        self.runtime.block_on(self.inner.get_secrets(pattern))
    }

    /// See [`crate::Client::list_plugins`].
    pub fn list_plugins(&self) -> Result<Vec<PluginInfo>, Error> {
        self.runtime.block_on(self.inner.list_plugins())
    }

    /// See [`crate::Client::version`].
    pub fn version(&self) -> Result<EngineVersion, Error> {
        self.runtime.block_on(self.inner.version())
    }
}
