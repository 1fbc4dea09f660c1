//! Server-streaming calls end to end through a real Unix socket: the
//! generated `watch.v1` routes served by `Routes` (as the engine serves
//! them) over a toy watch service, called by the generated Connect client
//! and by raw Connect, gRPC and gRPC-Web requests over HTTP/1.1 and HTTP/2.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Body;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::{BufMut, Bytes, BytesMut};
use connect_runtime::{Codec, ConnectClient, Routes, ServerLimits};
use futures_util::stream::BoxStream;
use futures_util::{Stream, StreamExt};
use http::{HeaderMap, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::{TokioExecutor, TokioIo};
use prost::Message;
use secrets_engine_api::watch::v1::watch_service_connect::{self, WatchServiceConnectClient};
use secrets_engine_api::watch::v1::watch_service_server::WatchService;
use secrets_engine_api::watch::v1::{EventKind, WatchSecretsRequest, WatchSecretsResponse};
use tokio::net::UnixStream;
use tokio::sync::{Semaphore, mpsc};
use tonic::{Code, Status};

/// What the toy service does, by the request's pattern:
/// - `count:N`: N events with IDs `0` to `N-1`, then the end;
/// - `big`: one event with a 64 KiB value, then the end;
/// - `fail`: two events, then `failed_precondition`;
/// - `refuse`: `permission_denied` before any event;
/// - `gated`: the events the test sends on its channel, as it sends them;
/// - `forever`: one event, then nothing, never ending;
/// - `flood`: 64 KiB events (incompressible) as fast as they are taken,
///   never ending.
///
/// Every stream it returns signals `dropped` when dropped.
struct Watcher {
    gate: std::sync::Mutex<Option<mpsc::Receiver<WatchSecretsResponse>>>,
    dropped: Arc<Semaphore>,
    produced: Arc<AtomicUsize>,
}

/// Adds a permit to its semaphore when dropped: the test's view of the
/// service's stream going away.
struct DropGuard(Arc<Semaphore>);

impl Drop for DropGuard {
    fn drop(&mut self) {
        self.0.add_permits(1);
    }
}

fn event(id: impl Into<String>) -> WatchSecretsResponse {
    WatchSecretsResponse {
        kind: EventKind::Current as i32,
        id: Some(id.into()),
        provider: Some("toy".into()),
        ..Default::default()
    }
}

/// `len` bytes that gzip cannot shrink (xorshift from `seed`): the flood's
/// messages stay 64 KiB on the wire, so the bytes in flight are what the
/// count of messages made says.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

/// `stream`, signalling `dropped` when it is dropped.
fn guarded(
    stream: impl Stream<Item = Result<WatchSecretsResponse, Status>> + Send + 'static,
    dropped: &Arc<Semaphore>,
) -> BoxStream<'static, Result<WatchSecretsResponse, Status>> {
    let guard = DropGuard(dropped.clone());
    stream
        .map(move |item| {
            let _ = &guard;
            item
        })
        .boxed()
}

#[tonic::async_trait]
impl WatchService for Watcher {
    type WatchSecretsStream = BoxStream<'static, Result<WatchSecretsResponse, Status>>;

    async fn watch_secrets(
        &self,
        request: tonic::Request<WatchSecretsRequest>,
    ) -> Result<tonic::Response<Self::WatchSecretsStream>, Status> {
        let pattern = request.into_inner().pattern.unwrap_or_default();
        let stream = match pattern.as_str() {
            "big" => futures_util::stream::iter([Ok(WatchSecretsResponse {
                value: Some(vec![b'x'; 64 << 10]),
                ..event("big")
            })])
            .boxed(),
            "fail" => futures_util::stream::iter([
                Ok(event("a")),
                Ok(event("b")),
                Err(Status::failed_precondition("the store went away")),
            ])
            .boxed(),
            "refuse" => return Err(Status::permission_denied("not yours to watch")),
            "gated" => {
                let receiver = self
                    .gate
                    .lock()
                    .expect("gate")
                    .take()
                    .expect("one gated call");
                futures_util::stream::unfold(receiver, |mut receiver| async move {
                    receiver.recv().await.map(|event| (Ok(event), receiver))
                })
                .boxed()
            }
            "forever" => futures_util::stream::iter([Ok(event("first"))])
                .chain(futures_util::stream::pending())
                .boxed(),
            "flood" => {
                let produced = self.produced.clone();
                futures_util::stream::repeat_with(move || {
                    let n = produced.fetch_add(1, Ordering::SeqCst);
                    Ok(WatchSecretsResponse {
                        value: Some(noise(n as u64, 64 << 10)),
                        ..event("flood")
                    })
                })
                .boxed()
            }
            other => {
                let count: usize = other
                    .strip_prefix("count:")
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(|| Status::invalid_argument("unknown pattern"))?;
                futures_util::stream::iter((0..count).map(|i| Ok(event(i.to_string())))).boxed()
            }
        };
        Ok(tonic::Response::new(guarded(stream, &self.dropped)))
    }
}

struct Server {
    _dir: tempfile::TempDir,
    socket: std::path::PathBuf,
    dropped: Arc<Semaphore>,
    produced: Arc<AtomicUsize>,
    gate: mpsc::Sender<WatchSecretsResponse>,
}

impl Server {
    /// Waits (up to two seconds) for the service's stream to be dropped.
    async fn stream_dropped(&self) -> bool {
        tokio::time::timeout(Duration::from_secs(2), self.dropped.acquire())
            .await
            .is_ok_and(|permit| {
                permit.expect("open").forget();
                true
            })
    }
}

/// The request limit: 1 KiB.
const LIMIT: usize = 1024;

async fn serve() -> Server {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let listener = tokio::net::UnixListener::bind(&socket).expect("bind");
    let (gate, receiver) = mpsc::channel(16);
    let dropped = Arc::new(Semaphore::new(0));
    let produced = Arc::new(AtomicUsize::new(0));
    let watcher = Watcher {
        gate: std::sync::Mutex::new(Some(receiver)),
        dropped: dropped.clone(),
        produced: produced.clone(),
    };
    let routes = Routes::new(
        watch_service_connect::connect_routes(Arc::new(watcher)),
        ServerLimits {
            max_request_bytes: LIMIT,
        },
        tower::service_fn(|_: axum::extract::Request| async {
            Ok::<_, Infallible>(axum::response::Response::new(Body::empty()))
        }),
    );
    tokio::spawn(async move { axum::serve(listener, tower::make::Shared::new(routes)).await });
    Server {
        _dir: dir,
        socket,
        dropped,
        produced,
        gate,
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A tower transport: one HTTP/1.1 (or, with `http2`, HTTP/2) connection
/// per request on the socket.
fn transport(
    socket: std::path::PathBuf,
    http2: bool,
) -> impl tower::Service<
    Request<Full<Bytes>>,
    Response = Response<hyper::body::Incoming>,
    Error = BoxError,
    Future = impl Send,
> + Clone {
    tower::service_fn(move |request: Request<Full<Bytes>>| {
        let socket = socket.clone();
        async move {
            let stream = TokioIo::new(UnixStream::connect(&socket).await?);
            if http2 {
                let (mut sender, connection) =
                    hyper::client::conn::http2::handshake(TokioExecutor::new(), stream).await?;
                tokio::spawn(connection);
                Ok::<_, BoxError>(sender.send_request(request).await?)
            } else {
                let (mut sender, connection) =
                    hyper::client::conn::http1::handshake(stream).await?;
                tokio::spawn(connection);
                Ok::<_, BoxError>(sender.send_request(request).await?)
            }
        }
    })
}

fn client(
    server: &Server,
    codec: Codec,
    http2: bool,
) -> WatchServiceConnectClient<impl connect_runtime::Transport<ResponseBody: Send + 'static> + use<>>
{
    WatchServiceConnectClient::new(
        ConnectClient::new(transport(server.socket.clone(), http2)).with_codec(codec),
    )
}

fn watch(pattern: &str) -> WatchSecretsRequest {
    WatchSecretsRequest {
        pattern: Some(pattern.into()),
        include_values: Some(true),
    }
}

/// The next item, failing the test if none comes within two seconds.
async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    tokio::time::timeout(Duration::from_secs(2), stream.next())
        .await
        .expect("an item within two seconds")
}

#[tokio::test]
async fn connect_client_gets_every_message_in_order_in_both_codecs_and_http_versions() {
    let server = serve().await;
    for codec in [Codec::Proto, Codec::Json] {
        for http2 in [false, true] {
            let client = client(&server, codec, http2);
            let stream = client
                .watch_secrets(watch("count:5"))
                .await
                .expect("stream");
            let events: Vec<WatchSecretsResponse> =
                stream.map(|item| item.expect("event")).collect().await;
            let ids: Vec<&str> = events.iter().filter_map(|e| e.id.as_deref()).collect();
            assert_eq!(ids, ["0", "1", "2", "3", "4"], "{codec:?} http2={http2}");
            assert_eq!(events[0].kind(), EventKind::Current);
            assert!(server.stream_dropped().await, "the stream ended");
        }
    }
}

#[tokio::test]
async fn large_messages_travel_compressed_both_ways() {
    let server = serve().await;
    let client = WatchServiceConnectClient::new(
        ConnectClient::new(transport(server.socket.clone(), false))
            .with_compression(connect_runtime::compression::Encoding::Gzip),
    );
    let mut stream = client.watch_secrets(watch("big")).await.expect("stream");
    let big = next(&mut stream).await.expect("one").expect("event");
    assert_eq!(big.value.as_deref(), Some(&vec![b'x'; 64 << 10][..]));
    assert!(next(&mut stream).await.is_none(), "then the end");

    // On the wire: the stream declares gzip, the big message's envelope is
    // flagged compressed and smaller than the message.
    let (status, headers, body) = raw(
        &server,
        connect_request("application/connect+proto")
            .header("connect-accept-encoding", "gzip")
            .body(enveloped(&watch("big"))),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["connect-content-encoding"], "gzip");
    let frames = envelopes(&body);
    assert_eq!(frames[0].0, 0x01, "compressed");
    assert!(frames[0].1.len() < 64 << 10);
    assert_eq!(frames[1], (0x02, Bytes::from_static(b"{}")));
}

#[tokio::test]
async fn messages_arrive_as_they_are_produced() {
    let server = serve().await;
    let client = client(&server, Codec::Proto, false);
    let mut stream = client.watch_secrets(watch("gated")).await.expect("stream");
    for id in ["one", "two", "three"] {
        server.gate.send(event(id)).await.expect("send");
        // Each arrives while the service still holds its stream open:
        // nothing waits for the end of the call.
        let got = next(&mut stream).await.expect("an event").expect("ok");
        assert_eq!(got.id.as_deref(), Some(id));
    }
    assert!(
        tokio::time::timeout(Duration::from_millis(200), stream.next())
            .await
            .is_err(),
        "nothing more until the service sends it"
    );
}

#[tokio::test]
async fn an_error_mid_stream_ends_it_with_code_and_message() {
    let server = serve().await;
    for codec in [Codec::Proto, Codec::Json] {
        let client = client(&server, codec, false);
        let mut stream = client.watch_secrets(watch("fail")).await.expect("stream");
        for id in ["a", "b"] {
            let got = next(&mut stream).await.expect("event").expect("ok");
            assert_eq!(got.id.as_deref(), Some(id));
        }
        let error = next(&mut stream)
            .await
            .expect("the error")
            .expect_err("error");
        assert_eq!(error.code(), Code::FailedPrecondition);
        assert_eq!(error.message(), "the store went away");
        assert!(next(&mut stream).await.is_none(), "nothing after the error");

        // A refusal before any event ends the stream the same way.
        let mut stream = client.watch_secrets(watch("refuse")).await.expect("stream");
        let error = next(&mut stream)
            .await
            .expect("the error")
            .expect_err("error");
        assert_eq!(
            (error.code(), error.message()),
            (Code::PermissionDenied, "not yours to watch")
        );
    }
}

#[tokio::test]
async fn a_client_going_away_drops_the_service_stream() {
    let server = serve().await;
    for http2 in [false, true] {
        let client = client(&server, Codec::Proto, http2);
        let mut stream = client
            .watch_secrets(watch("forever"))
            .await
            .expect("stream");
        let first = next(&mut stream).await.expect("event").expect("ok");
        assert_eq!(first.id.as_deref(), Some("first"));
        assert!(
            !server.stream_dropped_now(),
            "the stream lives while the client reads"
        );
        drop(stream);
        assert!(
            server.stream_dropped().await,
            "the service's stream is dropped when the client goes (http2={http2})"
        );
    }
}

impl Server {
    fn stream_dropped_now(&self) -> bool {
        self.dropped.available_permits() > 0
    }
}

#[tokio::test]
async fn the_deadline_ends_the_stream_in_every_protocol() {
    let server = serve().await;
    // Connect: the end-of-stream message carries deadline_exceeded.
    let (status, _, body) = raw(
        &server,
        connect_request("application/connect+json")
            .header("connect-timeout-ms", "200")
            .body(Full::new(envelope(0, br#"{"pattern":"forever"}"#))),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let frames = envelopes(&body);
    assert_eq!(frames.len(), 2, "one event, then the end");
    assert_eq!(frames[0].0, 0);
    let end: serde_json::Value = serde_json::from_slice(&frames[1].1).expect("JSON");
    assert_eq!(frames[1].0, 0x02);
    assert_eq!(end["error"]["code"], "deadline_exceeded");
    assert!(server.stream_dropped().await);

    // gRPC over HTTP/2: grpc-status 4 in the trailers.
    let (status, headers, body, trailers) = raw_with_trailers(
        &server,
        grpc_request("application/grpc")
            .header("grpc-timeout", "200m")
            .body(enveloped(&watch("forever"))),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/grpc");
    assert_eq!(envelopes(&body).len(), 1, "the one event");
    assert_eq!(trailers["grpc-status"], "4");
    assert!(server.stream_dropped().await);

    // The client's own timeout ends its stream too.
    let client = WatchServiceConnectClient::new(
        ConnectClient::new(transport(server.socket.clone(), false))
            .with_timeout(Duration::from_millis(300)),
    );
    let mut stream = client
        .watch_secrets(watch("forever"))
        .await
        .expect("stream");
    next(&mut stream).await.expect("event").expect("ok");
    let error = next(&mut stream)
        .await
        .expect("error")
        .expect_err("deadline");
    assert_eq!(error.code(), Code::DeadlineExceeded);
    assert!(server.stream_dropped().await);
}

#[tokio::test]
async fn an_oversize_request_is_refused_in_every_protocol() {
    let server = serve().await;
    let huge = watch(&"x".repeat(LIMIT * 2));
    let client = client(&server, Codec::Proto, false);
    let mut stream = client.watch_secrets(huge.clone()).await.expect("stream");
    let error = next(&mut stream)
        .await
        .expect("error")
        .expect_err("refused");
    assert_eq!(error.code(), Code::ResourceExhausted);
    assert!(error.message().contains("1024"), "{}", error.message());

    // gRPC: Trailers-Only, status 8.
    let (status, headers, body) = raw(
        &server,
        grpc_request("application/grpc").body(enveloped(&huge)),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["grpc-status"], "8");
    assert!(body.is_empty());
    assert!(!server.stream_dropped_now(), "the service was never called");
}

#[tokio::test]
async fn grpc_and_grpc_web_stream_with_their_trailers() {
    let server = serve().await;
    // gRPC over HTTP/2, proto and JSON.
    for (content_type, request) in [
        ("application/grpc", enveloped(&watch("count:3"))),
        (
            "application/grpc+json",
            Full::new(envelope(0, br#"{"pattern":"count:3"}"#)),
        ),
    ] {
        let (status, _, body, trailers) =
            raw_with_trailers(&server, grpc_request(content_type).body(request)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(envelopes(&body).len(), 3, "{content_type}");
        assert_eq!(trailers["grpc-status"], "0", "{content_type}");
    }
    let (_, _, body, trailers) = raw_with_trailers(
        &server,
        grpc_request("application/grpc").body(enveloped(&watch("fail"))),
    )
    .await;
    assert_eq!(envelopes(&body).len(), 2);
    assert_eq!(trailers["grpc-status"], "9");
    assert_eq!(trailers["grpc-message"], "the store went away");

    // gRPC-Web over HTTP/1.1: three messages, then the trailer frame.
    let (status, headers, body) = raw(
        &server,
        grpc_request("application/grpc-web+proto").body(enveloped(&watch("count:3"))),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/grpc-web+proto");
    let frames = envelopes(&body);
    assert_eq!(frames.len(), 4);
    let decoded = WatchSecretsResponse::decode(frames[2].1.clone()).expect("message");
    assert_eq!(decoded.id.as_deref(), Some("2"));
    assert_eq!(frames[3].0, 0x80);
    assert!(
        String::from_utf8_lossy(&frames[3].1).contains("grpc-status: 0\r\n"),
        "{:?}",
        frames[3].1
    );

    // gRPC-Web text: the same, each frame in base64.
    let text_request = STANDARD.encode(envelope(0, &watch("fail").encode_to_vec()));
    let (_, _, body) = raw(
        &server,
        grpc_request("application/grpc-web-text").body(Full::new(text_request.into())),
        false,
    )
    .await;
    let mut decoded = Vec::new();
    for chunk in body.split_inclusive(|b| *b == b'=') {
        // Each frame is padded base64 of its own.
        let chunk = std::str::from_utf8(chunk).expect("ASCII");
        let mut start = 0;
        while start < chunk.len() {
            let end = (start + 4).min(chunk.len());
            decoded.extend(STANDARD.decode(&chunk[start..end]).expect("base64"));
            start = end;
        }
    }
    let frames = envelopes(&decoded);
    assert_eq!(frames.len(), 3);
    let trailer = String::from_utf8_lossy(&frames[2].1).into_owned();
    assert!(trailer.contains("grpc-status: 9\r\n"), "{trailer}");
}

#[tokio::test]
async fn unary_content_types_are_refused_on_a_streaming_route() {
    let server = serve().await;
    let (status, headers, _) = raw(
        &server,
        connect_request("application/json")
            .body(Full::new(Bytes::from_static(br#"{"pattern":"count:1"}"#))),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let accepted = headers["accept-post"].to_str().expect("text");
    assert!(accepted.contains("application/connect+proto"), "{accepted}");
    assert!(!accepted.contains("application/proto,"), "{accepted}");
}

#[tokio::test]
async fn a_slow_reader_holds_the_stream_back() {
    let server = serve().await;
    for http2 in [false, true] {
        server.produced.store(0, Ordering::SeqCst);
        let client = client(&server, Codec::Proto, http2);
        let mut stream = client.watch_secrets(watch("flood")).await.expect("stream");
        next(&mut stream).await.expect("event").expect("ok");
        // The client stops reading: the server goes on only as far as the
        // connection's buffers (socket, HTTP/2 window) take.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let produced = server.produced.load(Ordering::SeqCst);
        assert!(
            produced < 128,
            "{produced} messages of 64 KiB made for a client that read one (http2={http2})"
        );
        drop(stream);
        assert!(server.stream_dropped().await);
    }
}

fn connect_request(content_type: &str) -> http::request::Builder {
    Request::post(format!(
        "http://localhost{}",
        watch_service_connect::WATCH_SECRETS
    ))
    .header("content-type", content_type)
}

fn grpc_request(content_type: &str) -> http::request::Builder {
    Request::post(format!(
        "http://localhost{}",
        watch_service_connect::WATCH_SECRETS
    ))
    .header("content-type", content_type)
    .header("te", "trailers")
}

fn envelope(flag: u8, payload: &[u8]) -> Bytes {
    let mut out = BytesMut::with_capacity(5 + payload.len());
    out.put_u8(flag);
    out.put_u32(payload.len() as u32);
    out.put_slice(payload);
    out.freeze()
}

fn enveloped(message: &WatchSecretsRequest) -> Full<Bytes> {
    Full::new(envelope(0, &message.encode_to_vec()))
}

/// A body's envelopes, as (flag, payload).
fn envelopes(mut body: &[u8]) -> Vec<(u8, Bytes)> {
    let mut out = Vec::new();
    while let Some(&[flag, a, b, c, d]) = body.first_chunk::<5>() {
        let length = u32::from_be_bytes([a, b, c, d]) as usize;
        out.push((flag, Bytes::copy_from_slice(&body[5..5 + length])));
        body = &body[5 + length..];
    }
    assert!(body.is_empty(), "a cut envelope: {body:?}");
    out
}

/// Sends a raw request; returns status, headers and body.
async fn raw(
    server: &Server,
    request: Result<Request<Full<Bytes>>, http::Error>,
    http2: bool,
) -> (StatusCode, HeaderMap, Bytes) {
    let (status, headers, body, _) = send(server, request, http2).await;
    (status, headers, body)
}

/// Sends a raw request over HTTP/2; returns status, headers, body and
/// trailers.
async fn raw_with_trailers(
    server: &Server,
    request: Result<Request<Full<Bytes>>, http::Error>,
) -> (StatusCode, HeaderMap, Bytes, HeaderMap) {
    send(server, request, true).await
}

async fn send(
    server: &Server,
    request: Result<Request<Full<Bytes>>, http::Error>,
    http2: bool,
) -> (StatusCode, HeaderMap, Bytes, HeaderMap) {
    use tower::ServiceExt;
    let response = transport(server.socket.clone(), http2)
        .oneshot(request.expect("request"))
        .await
        .expect("answer");
    let (parts, body) = response.into_parts();
    let collected = tokio::time::timeout(Duration::from_secs(5), body.collect())
        .await
        .expect("the body ends")
        .expect("body");
    let trailers = collected.trailers().cloned().unwrap_or_default();
    (parts.status, parts.headers, collected.to_bytes(), trailers)
}

#[tokio::test]
async fn the_client_refuses_a_message_over_its_limit_and_reports_headers() {
    let server = serve().await;
    let client =
        ConnectClient::new(transport(server.socket.clone(), false)).with_max_response_bytes(1000);
    let mut stream = client
        .server_stream::<_, WatchSecretsResponse>(
            watch_service_connect::WATCH_SECRETS,
            watch("big"),
        )
        .await
        .expect("stream");
    assert_eq!(
        stream
            .headers()
            .get("content-type")
            .map(|v| v.to_str().ok()),
        Some(Some("application/connect+proto"))
    );
    // The 64 KiB value arrives gzipped in about a hundred bytes: the limit
    // holds after decompression too.
    let error = next(&mut stream)
        .await
        .expect("error")
        .expect_err("too large");
    assert_eq!(error.code(), Code::ResourceExhausted);
    assert!(next(&mut stream).await.is_none());

    let mut stream = client
        .server_stream::<_, WatchSecretsResponse>(
            watch_service_connect::WATCH_SECRETS,
            watch("count:1"),
        )
        .await
        .expect("stream");
    assert!(stream.trailers().is_none(), "not before the end");
    next(&mut stream).await.expect("event").expect("ok");
    assert!(next(&mut stream).await.is_none());
    assert_eq!(stream.trailers().map(|t| t.len()), Some(0), "ended cleanly");
}
