//! Serving HTTP on the socket: HTTP/1.1 and HTTP/2 (prior knowledge, h2c)
//! detected per connection, header read timeout, graceful shutdown; the
//! connections are spread over the engine's connection threads.
//!
//! A connection's protocol is read from its first bytes without consuming
//! them (a peek), and the connection is then served by hyper's own HTTP/1.1
//! or HTTP/2 connection. hyper-util's automatic connection did the same by
//! reading the bytes and replaying them through a wrapper around the socket,
//! which every later read on the connection went through: about 460
//! instructions a request (BENCHMARKS.md). The peek costs one `recvfrom` per
//! connection instead.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use std::convert::Infallible;
use std::future::Ready;
use std::task::{Context, Poll};

use axum::response::Response;
use futures_util::future::Either;
use http::{HeaderValue, Request, StatusCode, Version, header};
use hyper::server::conn::{http1, http2};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::Interest;
use tokio::net::UnixStream;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::Service;
use tracing::Instrument;

use crate::access::Caller;
use crate::app::EngineService;
use crate::connection_threads::ConnectionThreads;
use crate::http1_timeouts::CoarseTimer;
use crate::socket::EngineSocket;

/// What an HTTP/2 client with prior knowledge sends first (RFC 9113,
/// section 3.4). No HTTP/1.1 request starts with it.
const HTTP2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// How long to wait before peeking again at a connection that has sent part
/// of the HTTP/2 preface and no more (its bytes stay readable, so waiting for
/// readiness would return at once): the first wait, doubled on each retry up
/// to the longest, so a client that stalls there costs a few dozen wake-ups
/// before its timeout, not one every millisecond.
const PARTIAL_PREFACE_RETRY: (Duration, Duration) =
    (Duration::from_millis(1), Duration::from_millis(100));

/// How late a header-read timeout may fire: a slow client is dropped within
/// this after its timeout.
const HEADER_TIMER_GRANULARITY: Duration = Duration::from_millis(100);

/// What every request goes through before the router, for the connection it
/// came on:
/// - tells the busy poller that this thread just served a request, so it
///   polls for the next one before sleeping;
/// - gives the request the connection's [`Caller`], which access control
///   reads;
/// - refuses HTTP/1.1 requests without a `Host` header, as RFC 9112 (section
///   3.2) requires and the Go engine does, with the Go engine's answer.
///
/// A plain service rather than axum middleware: it sits on every request's
/// path.
#[derive(Debug, Clone)]
struct PerRequest<S>(S, Option<Caller>);

impl<S, B> Service<Request<B>> for PerRequest<S>
where
    S: Service<Request<B>, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Either<Ready<Result<Response, Infallible>>, S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        // Every request passes here: tell this thread to poll for the next.
        busy_poll::served();
        if let Some(caller) = self.1 {
            request.extensions_mut().insert(caller);
        }
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

/// The protocol a connection opens with.
#[derive(Debug, PartialEq, Eq)]
enum Opening {
    Http1,
    Http2,
    /// Closed (or failed) before sending anything.
    Nothing,
}

/// Reads which protocol `stream` speaks from its first bytes, leaving them
/// to be read by the connection. `None` if the client sends neither a whole
/// HTTP/2 preface nor anything else within `within`.
async fn opening(stream: &UnixStream, within: Duration) -> Option<Opening> {
    let sniff = async {
        let mut first = [0u8; HTTP2_PREFACE.len()];
        let mut retry = PARTIAL_PREFACE_RETRY.0;
        loop {
            if stream.readable().await.is_err() {
                return Opening::Nothing;
            }
            let peeked = stream.try_io(Interest::READABLE, || {
                nix::sys::socket::recv(
                    std::os::fd::AsRawFd::as_raw_fd(stream),
                    &mut first,
                    nix::sys::socket::MsgFlags::MSG_PEEK,
                )
                .map_err(std::io::Error::from)
            });
            match peeked {
                Ok(0) => return Opening::Nothing,
                Ok(n) if !HTTP2_PREFACE.starts_with(&first[..n]) => return Opening::Http1,
                Ok(n) if n == HTTP2_PREFACE.len() => return Opening::Http2,
                // Part of the preface so far.
                Ok(_) => {
                    tokio::time::sleep(retry).await;
                    retry = (retry * 2).min(PARTIAL_PREFACE_RETRY.1);
                }
                Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(_) => return Opening::Nothing,
            }
        }
    };
    tokio::time::timeout(within, sniff).await.ok()
}

/// How connections are served: one builder per protocol, set up once.
#[derive(Clone)]
struct Protocols {
    http1: http1::Builder,
    http2: http2::Builder<TokioExecutor>,
    /// The timer behind each HTTP/1.1 connection's header-read timeout.
    http1_timer: CoarseTimer,
    timeouts: ServerTimeouts,
}

impl Protocols {
    fn new(timeouts: ServerTimeouts) -> Self {
        let mut http1 = http1::Builder::new();
        http1.header_read_timeout(timeouts.header_read);
        let mut http2 = http2::Builder::new(TokioExecutor::new());
        http2.timer(TokioTimer::new());
        Protocols {
            http1,
            http2,
            http1_timer: CoarseTimer::new(HEADER_TIMER_GRANULARITY),
            timeouts,
        }
    }
}

/// Serves one connection (on the thread it was given to) until it ends or,
/// once `stop` is cancelled, until its in-flight requests are answered.
async fn serve_connection(
    protocols: Protocols,
    service: PerRequest<EngineService>,
    stop: CancellationToken,
    stream: UnixStream,
) {
    // A client must send its first bytes within the header-read timeout;
    // after that, hyper's HTTP/1.1 header-read timeout takes over.
    let opened = opening(&stream, protocols.timeouts.header_read).await;
    let service = TowerToHyperService::new(service);
    let ended = match opened {
        Some(Opening::Http1) => {
            let timer = protocols
                .http1_timer
                .connection(protocols.timeouts.header_read, protocols.timeouts.idle);
            let io = TokioIo::new(timer.watch(stream));
            let mut http1 = protocols.http1;
            let connection = http1
                .timer(timer)
                .serve_connection(io, service)
                .with_upgrades();
            until_drained(connection, &stop, |c| c.graceful_shutdown()).await
        }
        Some(Opening::Http2) => {
            let connection = protocols
                .http2
                .serve_connection(TokioIo::new(stream), service);
            until_drained(connection, &stop, |c| c.graceful_shutdown()).await
        }
        Some(Opening::Nothing) => return,
        None => {
            tracing::debug!(timeout = ?protocols.timeouts.header_read, "dropped a connection that sent no request");
            return;
        }
    };
    if let Err(error) = ended {
        tracing::debug!(%error, "connection ended with an error");
    }
}

/// Runs `connection` to its end; once `stop` is cancelled, asks it to
/// finish the requests it has and close (`graceful_shutdown` of hyper's
/// HTTP/1.1 and HTTP/2 connections, which share no trait: hyper-util's
/// `GracefulConnection` is sealed, and as of hyper-util 0.1.21 it has no
/// impl for hyper's HTTP/1.1 connection with upgrades, which `/hijack`
/// needs).
async fn until_drained<C: Future>(
    connection: C,
    stop: &CancellationToken,
    graceful_shutdown: impl FnOnce(Pin<&mut C>),
) -> C::Output {
    tokio::pin!(connection);
    tokio::select! {
        ended = connection.as_mut() => ended,
        () = stop.cancelled() => {
            graceful_shutdown(connection.as_mut());
            connection.await
        }
    }
}

/// Timeouts of the HTTP server.
#[derive(Debug, Clone, Copy)]
pub struct ServerTimeouts {
    /// How long a client may take to send its request headers (HTTP/1.1),
    /// from their first byte.
    pub header_read: Duration,
    /// How long an HTTP/1.1 keep-alive connection may wait for its next
    /// request (HTTP/2 connections have no idle limit).
    pub idle: Duration,
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
    let protocols = Protocols::new(timeouts);
    // Cancelled when shutdown starts: every connection finishes the requests
    // it has and closes; `connections` counts them until they have.
    let stop = CancellationToken::new();
    let connections = TaskTracker::new();
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
        // Who is calling: access-control modules are told (see `access`), and
        // what the connection logs is in a span naming the caller (a debug
        // span: at the default level it is never created).
        let caller = Caller::of(&stream);
        let span = tracing::debug_span!(
            "connection",
            uid = caller.map(|c| c.uid),
            pid = caller.and_then(|c| c.pid)
        );
        span.in_scope(|| tracing::debug!("accepted"));
        let (protocols, service, stop, connections) = (
            protocols.clone(),
            PerRequest(app.clone(), caller),
            stop.clone(),
            connections.clone(),
        );
        threads.spawn(stream, move |stream| {
            connections
                .track_future(serve_connection(protocols, service, stop, stream).instrument(span))
        });
    }

    tracing::info!("shutting down: no new connections, waiting for in-flight requests");
    connections.close();
    stop.cancel();
    if tokio::time::timeout(timeouts.shutdown, connections.wait())
        .await
        .is_err()
    {
        tracing::warn!(timeout = ?timeouts.shutdown, "in-flight requests did not finish in time");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn the_opening_is_read_without_consuming_it() {
        let within = Duration::from_secs(2);

        let (server, mut client) = UnixStream::pair().expect("pair");
        client
            .write_all(b"POST /x HTTP/1.1\r\n")
            .await
            .expect("write");
        assert_eq!(opening(&server, within).await, Some(Opening::Http1));

        // A preface that arrives in two pieces is still HTTP/2.
        let (mut server, mut client) = UnixStream::pair().expect("pair");
        client.write_all(&HTTP2_PREFACE[..8]).await.expect("write");
        let rest = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(30)).await;
            client.write_all(&HTTP2_PREFACE[8..]).await.expect("write");
            client
        });
        assert_eq!(opening(&server, within).await, Some(Opening::Http2));
        let _client = rest.await.expect("writer");
        // Every byte is left for the connection to read.
        let mut read = [0u8; HTTP2_PREFACE.len()];
        server.read_exact(&mut read).await.expect("read");
        assert_eq!(&read[..], HTTP2_PREFACE);

        let (server, client) = UnixStream::pair().expect("pair");
        drop(client);
        assert_eq!(opening(&server, within).await, Some(Opening::Nothing));

        // Silence, and a preface that stops halfway, run out the time.
        let (server, _client) = UnixStream::pair().expect("pair");
        assert_eq!(opening(&server, Duration::from_millis(50)).await, None);
        let (server, mut client) = UnixStream::pair().expect("pair");
        client.write_all(&HTTP2_PREFACE[..8]).await.expect("write");
        assert_eq!(opening(&server, Duration::from_millis(50)).await, None);
    }
}
