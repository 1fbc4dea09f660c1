//! Serving HTTP on the socket: HTTP/1.1 and HTTP/2 (prior knowledge, h2c)
//! detected per connection, a cap on open connections, header, body and idle
//! timeouts, HTTP/2 keep-alive pings, graceful shutdown; the connections are
//! spread over the engine's connection threads.
//!
//! A connection's protocol is read from its first bytes without consuming
//! them (a peek), and the connection is then served by hyper's own HTTP/1.1
//! or HTTP/2 connection. hyper-util's automatic connection did the same by
//! reading the bytes and replaying them through a wrapper around the socket,
//! which every later read on the connection went through: about 460
//! instructions a request (BENCHMARKS.md). The peek costs one `recvfrom` per
//! connection instead.

use std::convert::Infallible;
use std::future::{Future, Ready};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::response::{IntoResponse, Response};
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

use crate::app::EngineService;
use crate::http::body_timeout::BodyReadTimeout;
use crate::http::caller::{Caller, SharedCallerRules};
use crate::http::coarse_timer::CoarseTimer;
use crate::http::connection_cap::ConnectionCap;
use crate::http::connection_threads::ConnectionThreads;
use crate::http::http2_idle::{OpenStream, StreamActivity};
use crate::http::socket::EngineSocket;

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

/// How often the coarse timer of the HTTP/1.1 timeouts ticks: a slow or idle
/// client is dropped within this after its timeout.
const COARSE_TIMER_TICK: Duration = Duration::from_millis(100);

/// What every request goes through before the router, for the connection it
/// came on:
/// - tells the busy poller that this thread just served a request, so it
///   polls for the next one before sleeping;
/// - gives the request the connection's [`Caller`], which access control
///   reads;
/// - puts a deadline on reading its body ([`BodyReadTimeout`]);
/// - on HTTP/2, counts the stream open until its answer is sent, for the
///   idle limit ([`StreamActivity`]);
/// - refuses HTTP/1.1 requests without a `Host` header, as RFC 9112 (section
///   3.2) requires and the Go engine does, with the Go engine's answer.
///
/// A plain service rather than axum middleware: it sits on every request's
/// path.
#[derive(Debug, Clone)]
struct PerRequest<S> {
    service: S,
    caller: Caller,
    body_read: Duration,
    streams: Option<Arc<StreamActivity>>,
}

impl<S, B> Service<Request<B>> for PerRequest<S>
where
    S: Service<Request<BodyReadTimeout<B>>, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Either<Ready<Result<Response, Infallible>>, CountedStream<S::Future>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.service.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        // Every request passes here: tell this thread to poll for the next.
        busy_poll::served();
        let mut request = request.map(|body| BodyReadTimeout::new(body, self.body_read));
        request.extensions_mut().insert(self.caller.clone());
        if request.version() == Version::HTTP_11 && !request.headers().contains_key(header::HOST) {
            let response = (
                StatusCode::BAD_REQUEST,
                [(header::CONNECTION, HeaderValue::from_static("close"))],
                "400 Bad Request: missing required Host header",
            );
            return Either::Left(std::future::ready(Ok(response.into_response())));
        }
        let stream = self.streams.as_ref().map(StreamActivity::stream);
        Either::Right(CountedStream {
            answer: self.service.call(request),
            stream,
        })
    }
}

pin_project_lite::pin_project! {
    /// An answer that keeps its HTTP/2 stream counted as open until hyper has
    /// sent its body (or dropped it): the stream moves into the body.
    struct CountedStream<F> {
        #[pin]
        answer: F,
        stream: Option<OpenStream>,
    }
}

impl<F> Future for CountedStream<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let Ok(response) = std::task::ready!(this.answer.poll(cx));
        Poll::Ready(Ok(match this.stream.take() {
            None => response,
            Some(stream) => response.map(|body| {
                // The closure owns the stream, so it ends with the body.
                axum::body::Body::new(http_body_util::BodyExt::map_frame(body, move |frame| {
                    let _counted = &stream;
                    frame
                }))
            }),
        }))
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
    settings: ServerSettings,
}

/// The most an HTTP/1.1 connection buffers while reading a request's head:
/// what a client may send before its headers end (hyper's default is about
/// 400 KiB; the Docker CLI sends well under 4 KiB, so 64 KiB leaves room for
/// large tokens without letting each connection hold much).
const HTTP1_MAX_HEAD_BUFFER: usize = 64 << 10;

/// HTTP/2 flow-control windows: how much request body a client may send
/// ahead of the engine reading it, per stream and per connection (hyper's
/// defaults are 1 MiB and 1 MiB; every connection could hold that much).
/// Unary requests are read as they arrive, so a small window costs a large
/// request a few window updates, not time.
const HTTP2_STREAM_WINDOW: u32 = 64 << 10;
const HTTP2_CONNECTION_WINDOW: u32 = 256 << 10;

/// How long an HTTP/2 keep-alive ping may go unanswered before the
/// connection is closed.
const HTTP2_PING_TIMEOUT: Duration = Duration::from_secs(20);

impl Protocols {
    fn new(settings: ServerSettings) -> Self {
        let mut http1 = http1::Builder::new();
        http1
            .header_read_timeout(settings.header_read)
            .max_buf_size(HTTP1_MAX_HEAD_BUFFER);
        let mut http2 = http2::Builder::new(TokioExecutor::new());
        http2
            .timer(TokioTimer::new())
            .initial_stream_window_size(HTTP2_STREAM_WINDOW)
            .initial_connection_window_size(HTTP2_CONNECTION_WINDOW)
            .keep_alive_interval(settings.keep_alive_ping)
            .keep_alive_timeout(HTTP2_PING_TIMEOUT);
        Protocols {
            http1,
            http2,
            http1_timer: CoarseTimer::new(COARSE_TIMER_TICK),
            settings,
        }
    }
}

/// Serves one connection (on the thread it was given to) until it ends or,
/// once `stop` is cancelled, until its in-flight requests are answered.
async fn serve_connection(
    protocols: Protocols,
    mut service: PerRequest<EngineService>,
    stop: CancellationToken,
    stream: UnixStream,
) {
    // A client must send its first bytes within the header-read timeout;
    // after that, hyper's HTTP/1.1 header-read timeout takes over.
    let settings = protocols.settings;
    let opened = opening(&stream, settings.header_read).await;
    let ended = match opened {
        Some(Opening::Http1) => {
            let timer = protocols
                .http1_timer
                .connection(settings.header_read, settings.idle);
            let io = TokioIo::new(timer.watch(stream));
            let mut http1 = protocols.http1;
            let connection = http1
                .timer(timer)
                .serve_connection(io, TowerToHyperService::new(service))
                .with_upgrades();
            until_drained(
                connection,
                stop.cancelled(),
                |c| c.graceful_shutdown(),
                None,
            )
            .await
        }
        Some(Opening::Http2) => {
            let streams = Arc::new(StreamActivity::default());
            service.streams = Some(streams.clone());
            let connection = protocols
                .http2
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
            let idle = async {
                streams.idle_for(settings.idle).await;
                tracing::debug!(timeout = ?settings.idle, "closing an idle HTTP/2 connection");
            };
            let stop_or_idle = async {
                tokio::select! {
                    () = stop.cancelled() => {}
                    () = idle => {}
                }
            };
            // hyper's graceful HTTP/2 close waits for the client to answer a
            // ping; a silent client never does, so the close gets a bound.
            let grace = settings.idle.min(HTTP2_PING_TIMEOUT);
            until_drained(
                connection,
                stop_or_idle,
                |c| c.graceful_shutdown(),
                Some(grace),
            )
            .await
        }
        Some(Opening::Nothing) => return,
        None => {
            tracing::debug!(timeout = ?settings.header_read, "dropped a connection that sent no request");
            return;
        }
    };
    match ended {
        Some(Ok(())) => {}
        Some(Err(error)) => tracing::debug!(%error, "connection ended with an error"),
        None => tracing::debug!("connection did not finish closing in time; dropped"),
    }
}

/// Runs `connection` to its end; once `stop` completes, asks it to
/// finish the requests it has and close, within `grace` if given (`None`
/// when the grace ran out and the connection was dropped) (`graceful_shutdown` of hyper's
/// HTTP/1.1 and HTTP/2 connections, which share no trait: hyper-util's
/// `GracefulConnection` is sealed, and as of hyper-util 0.1.21 it has no
/// impl for hyper's HTTP/1.1 connection with upgrades, which `/hijack`
/// needs).
async fn until_drained<C: Future>(
    connection: C,
    stop: impl Future<Output = ()>,
    graceful_shutdown: impl FnOnce(Pin<&mut C>),
    grace: Option<Duration>,
) -> Option<C::Output> {
    tokio::pin!(connection);
    tokio::select! {
        ended = connection.as_mut() => Some(ended),
        () = stop => {
            graceful_shutdown(connection.as_mut());
            match grace {
                Some(grace) => tokio::time::timeout(grace, connection).await.ok(),
                None => Some(connection.await),
            }
        }
    }
}

/// Limits of the HTTP server, and how it listens and runs: the `[engine]`
/// keys it reads, defaults and bounds included. All of them apply at start
/// only.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerSettings {
    /// How long a client may take to send its request headers (HTTP/1.1),
    /// from their first byte.
    #[serde(rename = "header_read_timeout_ms", deserialize_with = "timeout")]
    pub header_read: Duration,
    /// How long a request's body may keep the engine waiting for it.
    #[serde(rename = "body_read_timeout_ms", deserialize_with = "timeout")]
    pub body_read: Duration,
    /// How long a connection may go without a request: an HTTP/1.1
    /// keep-alive connection waiting for its next one, or an HTTP/2
    /// connection without open streams.
    #[serde(rename = "idle_timeout_ms", deserialize_with = "timeout")]
    pub idle: Duration,
    /// How often an HTTP/2 connection is pinged to check its client is
    /// still there (`None`, 0 in the file: never).
    #[serde(rename = "keep_alive_ping_ms", deserialize_with = "optional_timeout")]
    pub keep_alive_ping: Option<Duration>,
    /// How long in-flight requests may run after shutdown starts.
    #[serde(rename = "shutdown_timeout_ms", deserialize_with = "millis")]
    pub shutdown: Duration,
    /// The most connections open at once.
    #[serde(deserialize_with = "at_least_1")]
    pub max_connections: usize,
    /// Stop serving after this long with no open connection (`None`, 0 in
    /// the file: only on `shutdown`). Used when systemd passed every socket:
    /// it keeps listening while the engine is gone and starts it again for
    /// the next client.
    #[serde(rename = "idle_exit_ms", deserialize_with = "optional_timeout")]
    pub idle_exit: Option<Duration>,
    /// The largest request message accepted.
    pub max_request_bytes: usize,
    /// Threads serving connections, the engine's own included.
    #[serde(deserialize_with = "at_least_1")]
    pub worker_threads: usize,
    /// How long a serving thread polls after a request before it sleeps
    /// (zero: it sleeps at once).
    #[serde(rename = "busy_poll_us", deserialize_with = "busy_poll_window")]
    pub busy_poll: Duration,
    /// Whether plugins may attach through `/hijack`.
    pub external_plugins: bool,
    /// Whether to listen on the engine socket (`engine.sock`) when no socket
    /// is given on the command line.
    pub engine_socket: bool,
    /// Whether to listen on the daemon socket Docker's current modules dial
    /// when no socket is given on the command line.
    pub daemon_socket: bool,
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            // As the Go engine's `ReadHeaderTimeout`.
            header_read: Duration::from_secs(2),
            // Clients send a unary request's body with its headers; only a
            // stalled (or hostile) client waits.
            body_read: Duration::from_secs(10),
            // The Go engine has no limit; Go clients close idle connections
            // after 90 s, so they always close first.
            idle: Duration::from_secs(120),
            keep_alive_ping: Some(Duration::from_secs(30)),
            shutdown: Duration::from_secs(2),
            // Far more than the Docker CLI, compose and containers open, far
            // fewer than the file descriptors the engine may hold (it raises
            // its soft limit to the hard one at start).
            max_connections: 1024,
            // Long enough that a burst of CLI calls is served by one process,
            // short enough that an unused engine is gone within a minute.
            idle_exit: Some(Duration::from_secs(60)),
            max_request_bytes: connect_runtime::server::DEFAULT_MAX_REQUEST_BYTES,
            worker_threads: default_worker_threads(),
            busy_poll: busy_poll::DEFAULT_WINDOW,
            external_plugins: true,
            engine_socket: true,
            daemon_socket: true,
        }
    }
}

/// Threads serving connections by default: half the machine's cores, from
/// one to four. The other half is left to the programs asking: on a 2-core
/// machine a second engine thread raised requests/s under a multi-threaded
/// client but, competing with the clients for the cores, tripled p99 at 16
/// connections (BENCHMARKS.md); on a bigger machine it lets many clients use
/// more cores. Extra threads start only when connections overlap
/// (engine/src/http/connection_threads.rs).
fn default_worker_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).clamp(1, 4))
}

/// The longest connection timeout: a day. Deadlines are computed from it,
/// and a timeout of zero would close every connection at once.
const MAX_TIMEOUT_MS: u64 = 24 * 60 * 60 * 1000;

pub(crate) fn millis<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    <u64 as serde::Deserialize>::deserialize(d).map(Duration::from_millis)
}

/// A timeout from 1 ms to a day.
fn timeout<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    match <u64 as serde::Deserialize>::deserialize(d)? {
        ms @ 1..=MAX_TIMEOUT_MS => Ok(Duration::from_millis(ms)),
        ms => Err(serde::de::Error::custom(format_args!(
            "must be from 1 to {MAX_TIMEOUT_MS} (a day), not {ms}"
        ))),
    }
}

/// A timeout where 0 means none.
fn optional_timeout<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    match <u64 as serde::Deserialize>::deserialize(d)? {
        0 => Ok(None),
        ms => timeout(serde::de::IntoDeserializer::<D::Error>::into_deserializer(
            ms,
        ))
        .map(Some),
    }
}

pub(crate) fn at_least_1<'de, D: serde::Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    match <usize as serde::Deserialize>::deserialize(d)? {
        0 => Err(serde::de::Error::custom("must be at least 1")),
        n => Ok(n),
    }
}

fn busy_poll_window<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    let us = <u64 as serde::Deserialize>::deserialize(d)?;
    match Duration::from_micros(us) {
        window if window <= busy_poll::MAX_WINDOW => Ok(window),
        _ => Err(serde::de::Error::custom(format_args!(
            "must be at most {}, not {us}",
            busy_poll::MAX_WINDOW.as_micros()
        ))),
    }
}

/// Accepts the next connection on any of `sockets`, starting each time after
/// the one that last had a connection, so a busy socket cannot starve the
/// others.
async fn accept_any(sockets: &[EngineSocket], next: &mut usize) -> std::io::Result<UnixStream> {
    std::future::poll_fn(|cx| {
        let count = sockets.len();
        for offset in 0..count {
            let index = (*next + offset) % count;
            if let Poll::Ready(accepted) = sockets[index].listener().poll_accept(cx) {
                *next = (index + 1) % count;
                return Poll::Ready(accepted.map(|(stream, _)| stream));
            }
        }
        Poll::Pending
    })
    .await
}

/// Serves `app` on `sockets` until `shutdown` completes, then lets in-flight
/// requests finish for up to `settings.shutdown`. Connections are spread
/// over `threads`.
pub async fn serve(
    sockets: Vec<EngineSocket>,
    app: EngineService,
    settings: ServerSettings,
    callers: &SharedCallerRules,
    threads: &mut ConnectionThreads,
    shutdown: impl Future<Output = ()>,
) {
    let protocols = Protocols::new(settings);
    let mut cap = ConnectionCap::new(settings.max_connections);
    let give_back = tokio::spawn(cap.give_back_after_floods());
    // Accept failures (out of file descriptors, mostly) are logged like
    // refusals: at most one line per period.
    let mut last_accept_warning: Option<tokio::time::Instant> = None;
    let mut last_stranger_warning: Option<tokio::time::Instant> = None;
    // Cancelled when shutdown starts: every connection finishes the requests
    // it has and closes; `connections` counts them until they have.
    let stop = CancellationToken::new();
    let connections = TaskTracker::new();
    let mut next_socket = 0;
    tokio::pin!(shutdown);

    loop {
        let stream = tokio::select! {
            accepted = accept_any(&sockets, &mut next_socket) => match accepted {
                Ok(stream) => stream,
                Err(error) => {
                    // Out of file descriptors and the like: back off, keep serving.
                    if last_accept_warning.is_none_or(|last| last.elapsed() >= Duration::from_secs(10)) {
                        tracing::warn!(%error, "accept failed; retrying every 50 ms");
                        last_accept_warning = Some(tokio::time::Instant::now());
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
            // Made anew on every pass, so each accepted connection starts the
            // period again; connections that arrive after this branch wins wait
            // in the listen queue, which systemd keeps, for the next engine.
            () = cap.idle_for(settings.idle_exit.unwrap_or_default()), if settings.idle_exit.is_some() => {
                tracing::info!(
                    idle = ?settings.idle_exit.unwrap_or_default(),
                    "no connection for the idle period: exiting; systemd starts the engine again on the next connection"
                );
                break;
            }
        };
        let peer = stream.peer_cred().ok().and_then(|peer| peer.pid());
        let Some(admitted) = cap.admit(peer) else {
            drop(stream);
            continue;
        };
        // Who is calling: every request carries it (see `caller`), and what
        // the connection logs is in a span naming it (a debug span: at the
        // default level it is never created). A connection whose peer the
        // system does not name is refused: the engine serves known users only.
        let Some(caller) = Caller::of(&stream, &callers.load()) else {
            tracing::warn!("refused a connection whose peer credentials cannot be read");
            continue;
        };
        if !caller.permitted
            && last_stranger_warning.is_none_or(|last| last.elapsed() >= Duration::from_secs(10))
        {
            tracing::warn!(
                uid = caller.uid,
                pid = ?caller.pid,
                "connection from another user; its calls are denied (allowed_uids)"
            );
            last_stranger_warning = Some(tokio::time::Instant::now());
        }
        let span = tracing::debug_span!("connection", uid = caller.uid, pid = caller.pid);
        span.in_scope(|| tracing::debug!("accepted"));
        let service = PerRequest {
            service: app.clone(),
            caller,
            body_read: settings.body_read,
            streams: None,
        };
        let (protocols, stop, connections) = (protocols.clone(), stop.clone(), connections.clone());
        threads.spawn(stream, move |stream| {
            let served = async move {
                serve_connection(protocols, service, stop, stream).await;
                drop(admitted);
            };
            connections.track_future(served.instrument(span))
        });
    }

    // From here new connections are refused at once (the listeners close,
    // and a socket file of ours goes) instead of waiting in the listen queue
    // for an engine that no longer accepts. systemd keeps its own copy of a
    // socket it passed listening, for the next engine.
    drop(sockets);
    give_back.abort();
    tracing::info!("shutting down: no new connections, waiting for in-flight requests");
    connections.close();
    stop.cancel();
    if tokio::time::timeout(settings.shutdown, connections.wait())
        .await
        .is_err()
    {
        tracing::warn!(timeout = ?settings.shutdown, "in-flight requests did not finish in time");
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
