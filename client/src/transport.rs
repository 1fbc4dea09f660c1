//! HTTP/1.1 over the engine's Unix socket, with a connection pool.
//!
//! hyper-util's pooled client does the HTTP work; the connector below is
//! the only socket-specific part: every URI connects to the engine whatever
//! it says (the URI's authority, `localhost`, becomes the `Host` header the
//! engine requires). A client may know several addresses of the engine
//! (Docker's daemon socket, then the engine socket): a new connection tries
//! the one that answered last, then the others in order.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use secrets_core::socket_path::SocketAddress;
use tokio::net::UnixStream;

/// The addresses of one engine, and which of them answered last.
#[derive(Debug)]
pub(crate) struct EngineAddresses {
    candidates: Vec<SocketAddress>,
    last: AtomicUsize,
}

impl EngineAddresses {
    pub(crate) fn new(candidates: Vec<SocketAddress>) -> Self {
        EngineAddresses {
            candidates,
            last: AtomicUsize::new(0),
        }
    }

    /// Every address, in the order they are tried.
    pub(crate) fn all(&self) -> &[SocketAddress] {
        &self.candidates
    }

    /// The address that answered last (the first one before any did).
    pub(crate) fn current(&self) -> &SocketAddress {
        &self.candidates[self.last.load(Ordering::Relaxed) % self.candidates.len()]
    }

    /// A connection to the first address that accepts one, starting with the
    /// one that answered last. When none does, the error of each, in order.
    pub(crate) async fn connect(&self) -> Result<UnixStream, Vec<std::io::Error>> {
        let count = self.candidates.len();
        let first = self.last.load(Ordering::Relaxed) % count;
        let mut errors: Vec<Option<std::io::Error>> = (0..count).map(|_| None).collect();
        for offset in 0..count {
            let index = (first + offset) % count;
            match UnixStream::connect(self.candidates[index].connect_path()).await {
                Ok(stream) => {
                    self.last.store(index, Ordering::Relaxed);
                    return Ok(stream);
                }
                Err(error) => errors[index] = Some(error),
            }
        }
        Err(errors.into_iter().flatten().collect())
    }
}

/// Connects to the engine whatever the URI says.
#[derive(Debug, Clone)]
pub(crate) struct SocketConnector {
    addresses: Arc<EngineAddresses>,
}

impl tower::Service<http::Uri> for SocketConnector {
    type Response = TokioIo<UnixStream>;
    type Error = std::io::Error;
    type Future = Pin<Box<dyn Future<Output = std::io::Result<TokioIo<UnixStream>>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: http::Uri) -> Self::Future {
        let addresses = self.addresses.clone();
        Box::pin(async move {
            match addresses.connect().await {
                Ok(stream) => Ok(TokioIo::new(stream)),
                Err(mut errors) => Err(errors
                    .pop()
                    .unwrap_or_else(|| std::io::ErrorKind::NotFound.into())),
            }
        })
    }
}

/// The pooled HTTP/1.1 client of one engine.
pub(crate) type UnixTransport = Client<SocketConnector, Full<Bytes>>;

/// The pooled client of the engine at `addresses`. Idle connections are kept
/// for 90 s (hyper-util's default), reused by any call of any clone, and
/// closed when the last clone is dropped.
pub(crate) fn unix_transport(addresses: Arc<EngineAddresses>) -> UnixTransport {
    Client::builder(TokioExecutor::new())
        .pool_timer(TokioTimer::new())
        .build(SocketConnector { addresses })
}
