//! The generated Connect routes and client, end to end through a real Unix
//! socket: what curl, Go clients and our own client see.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use connect_runtime::{Codec, ConnectClient, ServerLimits};
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::resolver_service_connect::{
    self, ResolverServiceConnectClient,
};
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use tokio::net::UnixStream;
use tonic::{Code, Status};

/// A resolver with fixed answers: `foo` is found, `big` returns a large
/// secret, `slow` takes a second, everything else is not found.
struct FixedResolver;

#[tonic::async_trait]
impl ResolverService for FixedResolver {
    async fn get_secrets(
        &self,
        request: tonic::Request<GetSecretsRequest>,
    ) -> Result<tonic::Response<GetSecretsResponse>, Status> {
        let pattern = request.into_inner().pattern.unwrap_or_default();
        let value = match pattern.as_str() {
            "foo" => b"foo-value".to_vec(),
            "big" => vec![b'x'; 64 * 1024],
            "slow" => {
                tokio::time::sleep(Duration::from_secs(1)).await;
                b"late".to_vec()
            }
            _ => return Err(Status::not_found("secret not found")),
        };
        Ok(tonic::Response::new(GetSecretsResponse {
            envelopes: vec![Envelope {
                id: Some(pattern),
                value: Some(value),
                provider: Some("fixed".into()),
                version: Some(String::new()),
                ..Default::default()
            }],
        }))
    }
}

struct Server {
    _dir: tempfile::TempDir,
    socket: std::path::PathBuf,
}

async fn serve() -> Server {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let listener = tokio::net::UnixListener::bind(&socket).expect("bind");
    let app = resolver_service_connect::routes(Arc::new(FixedResolver)).with_state(ServerLimits {
        max_request_bytes: 1024,
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    Server { _dir: dir, socket }
}

/// A tower transport: one HTTP/1.1 connection per request on the socket.
fn transport(
    socket: std::path::PathBuf,
) -> impl tower::Service<
    Request<Full<Bytes>>,
    Response = Response<hyper::body::Incoming>,
    Error = Box<dyn std::error::Error + Send + Sync>,
    Future = impl Send,
> + Clone {
    tower::service_fn(move |request: Request<Full<Bytes>>| {
        let socket = socket.clone();
        async move {
            let stream = UnixStream::connect(&socket).await?;
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
            tokio::spawn(connection);
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(sender.send_request(request).await?)
        }
    })
}

/// Sends a raw request; returns status, headers and body bytes.
async fn raw(
    server: &Server,
    request: Request<Full<Bytes>>,
) -> (StatusCode, http::HeaderMap, Bytes) {
    use tower::ServiceExt;
    let response = transport(server.socket.clone())
        .oneshot(request)
        .await
        .expect("answer");
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("body").to_bytes();
    (parts.status, parts.headers, body)
}

fn post(content_type: &str) -> http::request::Builder {
    Request::post(resolver_service_connect::GET_SECRETS).header("content-type", content_type)
}

fn json_error(body: &[u8]) -> (String, String) {
    let v: serde_json::Value = serde_json::from_slice(body).expect("error JSON");
    (
        v["code"].as_str().unwrap_or_default().to_owned(),
        v["message"].as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test]
async fn generated_client_gets_secrets_in_both_codecs() {
    let server = serve().await;
    for codec in [Codec::Proto, Codec::Json] {
        let client = ResolverServiceConnectClient::new(
            ConnectClient::new(transport(server.socket.clone())).with_codec(codec),
        );
        let response = client
            .get_secrets(GetSecretsRequest {
                pattern: Some("foo".into()),
            })
            .await
            .expect("found");
        let envelope = &response.envelopes[0];
        assert_eq!(envelope.value.as_deref(), Some(&b"foo-value"[..]));
        assert_eq!(envelope.version.as_deref(), Some(""), "{codec:?}");

        let missing = client
            .get_secrets(GetSecretsRequest {
                pattern: Some("nope".into()),
            })
            .await
            .expect_err("not found");
        assert_eq!(missing.code(), Code::NotFound);
        assert_eq!(missing.message(), "secret not found");
    }
}

#[tokio::test]
async fn client_deadline_is_sent_and_enforced() {
    let server = serve().await;
    let client = ResolverServiceConnectClient::new(
        ConnectClient::new(transport(server.socket.clone()))
            .with_timeout(Duration::from_millis(50)),
    );
    let err = client
        .get_secrets(GetSecretsRequest {
            pattern: Some("slow".into()),
        })
        .await
        .expect_err("too slow");
    assert_eq!(err.code(), Code::DeadlineExceeded);
}

#[tokio::test]
async fn server_deadline_from_connect_timeout_ms() {
    let server = serve().await;
    let request = post("application/json")
        .header("connect-timeout-ms", "20")
        .body(Full::new(Bytes::from_static(br#"{"pattern":"slow"}"#)))
        .expect("request");
    let (status, _, body) = raw(&server, request).await;
    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(json_error(&body).0, "deadline_exceeded");

    let request = post("application/json")
        .header("connect-timeout-ms", "soon")
        .body(Full::new(Bytes::from_static(br#"{"pattern":"foo"}"#)))
        .expect("request");
    let (status, _, body) = raw(&server, request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (code, message) = json_error(&body);
    assert_eq!(code, "invalid_argument");
    assert!(message.starts_with("parse timeout: "), "{message}");
}

#[tokio::test]
async fn wrong_method_and_content_type_are_refused_like_connect_go() {
    let server = serve().await;
    for method in ["GET", "PUT", "DELETE"] {
        let request = Request::builder()
            .method(method)
            .uri(resolver_service_connect::GET_SECRETS)
            .body(Full::new(Bytes::new()))
            .expect("request");
        let (status, headers, body) = raw(&server, request).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(headers["allow"], "POST");
        assert!(body.is_empty());
    }
    for content_type in ["application/x-www-form-urlencoded", "text/plain"] {
        let request = post(content_type)
            .body(Full::new(Bytes::from_static(b"pattern=foo")))
            .expect("request");
        let (status, headers, body) = raw(&server, request).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let accepted = headers["accept-post"].to_str().expect("ascii");
        assert!(accepted.contains("application/json") && accepted.contains("application/proto"));
        assert!(body.is_empty());
    }
}

type BadRequestCase = (
    &'static [(&'static str, &'static str)],
    &'static [u8],
    StatusCode,
    &'static str,
    &'static str,
);

#[tokio::test]
async fn bad_requests_get_connect_errors() {
    let server = serve().await;
    // (extra headers, body, HTTP status, Connect code, message prefix)
    let cases: [BadRequestCase; 5] = [
        (
            &[("connect-protocol-version", "2")],
            br#"{"pattern":"foo"}"#,
            StatusCode::BAD_REQUEST,
            "invalid_argument",
            "Connect-Protocol-Version must be \"1\": got \"2\"",
        ),
        (
            &[("content-encoding", "br")],
            br#"{"pattern":"foo"}"#,
            StatusCode::NOT_IMPLEMENTED,
            "unimplemented",
            "unknown compression \"br\": supported encodings are gzip",
        ),
        (
            &[],
            b"",
            StatusCode::BAD_REQUEST,
            "invalid_argument",
            "unmarshal message: zero-length payload is not a valid JSON object",
        ),
        (
            &[],
            b"bad",
            StatusCode::BAD_REQUEST,
            "invalid_argument",
            "unmarshal message: unmarshal into resolver.v1.GetSecretsRequest: ",
        ),
        (
            &[],
            &[b' '; 2048],
            StatusCode::TOO_MANY_REQUESTS,
            "resource_exhausted",
            "message is larger than the limit of 1024 bytes",
        ),
    ];
    for (headers, body, status, code, message) in cases {
        let mut request = post("application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(Full::new(Bytes::copy_from_slice(body)))
            .expect("request");
        let (got_status, got_headers, got_body) = raw(&server, request).await;
        assert_eq!(got_status, status, "{message}");
        assert_eq!(got_headers["content-type"], "application/json");
        let (got_code, got_message) = json_error(&got_body);
        assert_eq!(got_code, code);
        assert!(
            got_message.starts_with(message),
            "{got_message:?} vs {message:?}"
        );
    }
}

#[tokio::test]
async fn gzip_both_ways() {
    let server = serve().await;
    let packed = connect_runtime::compression::gzip(br#"{"pattern":"big"}"#).expect("gzip");
    let request = post("application/json")
        .header("content-encoding", "gzip")
        .header("accept-encoding", "gzip")
        .body(Full::new(packed))
        .expect("request");
    let (status, headers, body) = raw(&server, request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-encoding"], "gzip");
    assert!(body.len() < 64 * 1024, "compressed");
    let plain = connect_runtime::compression::Encoding::Gzip
        .decode(body, 1 << 20)
        .expect("gunzip");
    let response: GetSecretsResponse = serde_json::from_slice(&plain).expect("JSON");
    assert_eq!(
        response.envelopes[0].value.as_ref().map(Vec::len),
        Some(64 * 1024)
    );

    // A small answer is not worth compressing; a gzip bomb is refused.
    let request = post("application/json")
        .header("accept-encoding", "gzip")
        .body(Full::new(Bytes::from_static(br#"{"pattern":"foo"}"#)))
        .expect("request");
    let (_, headers, _) = raw(&server, request).await;
    assert!(headers.get("content-encoding").is_none());
    let bomb = connect_runtime::compression::gzip(&[b' '; 100_000]).expect("gzip");
    let request = post("application/json")
        .header("content-encoding", "gzip")
        .body(Full::new(bomb))
        .expect("request");
    let (status, _, body) = raw(&server, request).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(json_error(&body).0, "resource_exhausted");
}

#[tokio::test]
async fn real_grpc_client_over_http2() {
    use secrets_engine_api::resolver::v1::resolver_service_client::ResolverServiceClient;
    let server = serve().await;
    let socket = server.socket.clone();
    let stream = UnixStream::connect(&socket).await.expect("connect");
    let (sender, connection) = hyper::client::conn::http2::handshake(
        hyper_util::rt::TokioExecutor::new(),
        TokioIo::new(stream),
    )
    .await
    .expect("h2 handshake");
    tokio::spawn(connection);
    let channel = tower::service_fn(move |mut request: Request<tonic::body::Body>| {
        let mut sender = sender.clone();
        async move {
            // tonic leaves the authority to the transport.
            *request.uri_mut() = format!("http://localhost{}", request.uri().path())
                .parse()
                .expect("uri");
            sender.send_request(request).await
        }
    });
    let mut client = ResolverServiceClient::new(channel);
    let response = client
        .get_secrets(GetSecretsRequest {
            pattern: Some("big".into()),
        })
        .await
        .expect("found");
    let value = response.into_inner().envelopes[0].value.clone();
    assert_eq!(value.map(|v| v.len()), Some(64 * 1024));

    let missing = client
        .get_secrets(GetSecretsRequest {
            pattern: Some("nope".into()),
        })
        .await
        .expect_err("not found");
    assert_eq!(missing.code(), Code::NotFound);
    assert_eq!(missing.message(), "secret not found");
}

#[tokio::test]
async fn grpc_web_binary_json_and_text() {
    use base64::Engine;
    let server = serve().await;
    let request_frame = [0u8, 0, 0, 0, 5, 0x0a, 3, b'f', b'o', b'o'];
    let cases: [(&str, Bytes); 3] = [
        (
            "application/grpc-web+proto",
            Bytes::copy_from_slice(&request_frame),
        ),
        ("application/grpc-web-text", {
            let text = base64::engine::general_purpose::STANDARD.encode(request_frame);
            Bytes::from(text)
        }),
        ("application/grpc-web+json", {
            let json = br#"{"pattern":"foo"}"#;
            let mut framed = vec![0, 0, 0, 0, json.len() as u8];
            framed.extend_from_slice(json);
            Bytes::from(framed)
        }),
    ];
    for (content_type, body) in cases {
        let request = post(content_type).body(Full::new(body)).expect("request");
        let (status, headers, body) = raw(&server, request).await;
        assert_eq!(status, StatusCode::OK, "{content_type}");
        let body = if content_type.ends_with("-text") {
            Bytes::from(
                base64::engine::general_purpose::STANDARD
                    .decode(&body)
                    .expect("base64 answer"),
            )
        } else {
            body
        };
        assert!(
            headers["content-type"]
                .to_str()
                .expect("ascii")
                .starts_with("application/grpc-web")
        );
        // A message frame, then the trailer frame with grpc-status 0.
        let length = u32::from_be_bytes([body[1], body[2], body[3], body[4]]) as usize;
        assert_eq!(body[0], 0);
        let trailer = &body[5 + length..];
        assert_eq!(trailer[0], 0x80, "{content_type}");
        assert!(String::from_utf8_lossy(&trailer[5..]).contains("grpc-status: 0"));
    }
}

/// Sends a chunked request (no `Content-Length`), one chunk per write with a
/// pause between, so the server sees several body frames; returns the raw
/// response.
async fn chunked(server: &Server, pieces: &[&[u8]]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = UnixStream::connect(&server.socket).await.expect("connect");
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        resolver_service_connect::GET_SECRETS
    );
    stream.write_all(head.as_bytes()).await.expect("head");
    for piece in pieces {
        let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
        chunk.extend_from_slice(piece);
        chunk.extend_from_slice(b"\r\n");
        // The server may answer (and close) as soon as the limit is passed.
        if stream.write_all(&chunk).await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    String::from_utf8_lossy(&response).into_owned()
}

#[tokio::test]
async fn a_body_in_several_frames_is_joined_and_held_to_the_limit() {
    let server = serve().await;
    let response = chunked(&server, &[br#"{"pat"#, br#"tern":"fo"#, br#"o"}"#]).await;
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    // base64 of foo-value.
    assert!(response.contains(r#""value":"Zm9vLXZhbHVl""#), "{response}");

    // 3 × 400 bytes: each frame is under the 1024-byte limit, together
    // they are over it, and no Content-Length said so up front.
    let spaces = [b' '; 400];
    let response = chunked(&server, &[&spaces, &spaces, &spaces]).await;
    assert!(
        response.starts_with("HTTP/1.1 429 Too Many Requests"),
        "{response}"
    );
    assert!(
        response.contains("message is larger than the limit of 1024 bytes"),
        "{response}"
    );
}
