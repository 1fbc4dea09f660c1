//! Serving HTTP on the socket: HTTP/1.1 and HTTP/2 (prior knowledge, h2c)
//! detected per connection, header read timeout, graceful shutdown; the
//! connections are spread over the engine's connection threads.

use std::future::Future;
use std::time::Duration;

use std::convert::Infallible;
use std::future::Ready;
use std::task::{Context, Poll};

use axum::response::Response;
use futures_util::future::Either;
use http::{HeaderValue, Request, StatusCode, Version, header};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use hyper_util::service::TowerToHyperService;
use tower::Service;

use crate::app::EngineService;
use crate::connection_threads::ConnectionThreads;
use crate::header_timer::HeaderTimer;
use crate::socket::EngineSocket;

/// How late a header-read timeout may fire: a slow client is dropped within
/// this after its timeout.
const HEADER_TIMER_GRANULARITY: Duration = Duration::from_millis(100);

/// Refuses HTTP/1.1 requests without a `Host` header, as RFC 9112 (section
/// 3.2) requires and the Go engine does, with the Go engine's answer. A plain
/// service rather than an axum middleware: it sits on every request's path.
#[derive(Debug, Clone)]
struct RequireHost<S>(S);

impl<S, B> Service<Request<B>> for RequireHost<S>
where
    S: Service<Request<B>, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Either<Ready<Result<Response, Infallible>>, S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        if request.version() == Version::HTTP_11 && !request.headers().contains_key(header::HOST) {
            let mut response = Response::new(axum::body::Body::from(
                "400 Bad Request: missing required Host header",
            ));
            *response.status_mut() = StatusCode::BAD_REQUEST;
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
            return Either::Left(std::future::ready(Ok(response)));
        }
        Either::Right(self.0.call(request))
    }
}

/// Serves one connection (on the thread it was given to) until it ends or,
/// once shutdown starts, until its in-flight requests are answered.
async fn serve_connection(
    builder: auto::Builder<TokioExecutor>,
    service: RequireHost<EngineService>,
    watcher: Watcher,
    stream: tokio::net::UnixStream,
) {
    let connection = builder
        .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service))
        .into_owned();
    if let Err(error) = watcher.watch(connection).await {
        tracing::debug!(%error, "connection ended with an error");
    }
}

/// Timeouts of the HTTP server.
#[derive(Debug, Clone, Copy)]
pub struct ServerTimeouts {
    /// How long a client may take to send its request headers (HTTP/1.1).
    pub header_read: Duration,
    /// How long in-flight requests may run after shutdown starts.
    pub shutdown: Duration,
}

/// Serves `app` on `socket` until `shutdown` completes, then lets in-flight
/// requests finish for up to `timeouts.shutdown`. Connections are spread
/// over `threads`.
pub async fn serve(
    socket: &EngineSocket,
    app: EngineService,
    timeouts: ServerTimeouts,
    threads: &mut ConnectionThreads,
    shutdown: impl Future<Output = ()>,
) {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(HeaderTimer::new(HEADER_TIMER_GRANULARITY))
        .header_read_timeout(timeouts.header_read);
    builder.http2().timer(TokioTimer::new());
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);

    loop {
        let stream = tokio::select! {
            accepted = socket.listener().accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of file descriptors and the like: back off, keep serving.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Who is calling, for the debug log only: no service reads it, and a
        // request extension would cost an allocation on every request.
        if tracing::enabled!(tracing::Level::DEBUG) {
            let peer = stream.peer_cred().ok();
            tracing::debug!(
                uid = peer.map(|p| p.uid()),
                pid = peer.and_then(|p| p.pid()),
                "connection"
            );
        }
        let (builder, service, watcher) = (
            builder.clone(),
            RequireHost(app.clone()),
            graceful.watcher(),
        );
        threads.spawn(stream, move |stream| {
            serve_connection(builder, service, watcher, stream)
        });
    }

    tracing::info!("shutting down: no new connections, waiting for in-flight requests");
    if tokio::time::timeout(timeouts.shutdown, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(timeout = ?timeouts.shutdown, "in-flight requests did not finish in time");
    }
}
