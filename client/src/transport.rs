//! HTTP/1.1 over the engine's Unix socket, with a connection pool.
//!
//! hyper-util's pooled client does the HTTP work; the connector below is
//! the only socket-specific part: every URI connects to the one socket path
//! (the URI's authority, `localhost`, becomes the `Host` header the engine
//! requires).

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::net::UnixStream;

/// Connects to one Unix socket whatever the URI says.
#[derive(Debug, Clone)]
pub(crate) struct SocketConnector {
    path: Arc<Path>,
}

impl tower::Service<http::Uri> for SocketConnector {
    type Response = TokioIo<UnixStream>;
    type Error = std::io::Error;
    type Future = Pin<Box<dyn Future<Output = std::io::Result<TokioIo<UnixStream>>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: http::Uri) -> Self::Future {
        let path = self.path.clone();
        Box::pin(async move { UnixStream::connect(&*path).await.map(TokioIo::new) })
    }
}

/// The pooled HTTP/1.1 client of one socket.
pub(crate) type UnixTransport = Client<SocketConnector, Full<Bytes>>;

/// The pooled client of `socket`. Idle connections are kept for 90 s
/// (hyper-util's default), reused by any call of any clone, and closed when
/// the last clone is dropped.
pub(crate) fn unix_transport(socket: &Path) -> UnixTransport {
    Client::builder(TokioExecutor::new())
        .pool_timer(TokioTimer::new())
        .build(SocketConnector {
            path: Arc::from(socket),
        })
}
