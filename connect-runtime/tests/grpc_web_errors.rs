//! Failed gRPC-Web calls over a real Unix socket, byte by byte: the answer is
//! "Trailers-Only", as the Go engine (connect-go) sends it: HTTP 200, the
//! gRPC-Web content type, `grpc-status` and `grpc-message` (and any details
//! and error metadata) in the HTTP headers, and an empty body, with no trailer
//! frame. That holds for every way a call fails (the service's error, a
//! message that does not decode, bad framing, bad call headers, a request
//! over the limit, a deadline) and for binary, JSON and text gRPC-Web, over
//! HTTP/1.1 and HTTP/2. A successful call still answers a message frame and
//! then a trailer frame.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use connect_runtime::ServerLimits;
use connect_runtime::error::{self, ErrorDetail};
use http::Request;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::{TokioExecutor, TokioIo};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::resolver_service_connect;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;
use tonic::metadata::MetadataValue;
use tonic::{Code, Status};

/// `foo` is found; `slow` answers after two seconds; `annotated` fails with
/// a detail and a metadata entry; `unicode` fails with a message that must
/// be percent-encoded; anything else is not found.
struct Resolver;

fn detail() -> ErrorDetail {
    ErrorDetail {
        type_url: "type.googleapis.com/test.v1.Why".to_owned(),
        value: vec![0x0a, 2, b'n', b'o'],
    }
}

#[tonic::async_trait]
impl ResolverService for Resolver {
    async fn get_secrets(
        &self,
        request: tonic::Request<GetSecretsRequest>,
    ) -> Result<tonic::Response<GetSecretsResponse>, Status> {
        let pattern = request.into_inner().pattern.unwrap_or_default();
        match pattern.as_str() {
            "foo" => {}
            "slow" => tokio::time::sleep(Duration::from_secs(2)).await,
            "annotated" => {
                let mut status =
                    error::with_details(Code::FailedPrecondition, "why", vec![detail()]);
                status
                    .metadata_mut()
                    .insert("x-why", MetadataValue::from_static("because"));
                return Err(status);
            }
            "unicode" => return Err(Status::not_found("no ü\nhere: 100%")),
            _ => return Err(Status::not_found("secret not found")),
        }
        Ok(tonic::Response::new(GetSecretsResponse {
            envelopes: vec![Envelope {
                id: Some(pattern),
                value: Some(b"foo-value".to_vec()),
                ..Default::default()
            }],
        }))
    }
}

struct Server {
    _dir: tempfile::TempDir,
    socket: std::path::PathBuf,
}

/// The generated routes over HTTP/1.1 and HTTP/2 (by preface) on a Unix
/// socket, requests limited to 1024 bytes.
async fn serve() -> Server {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let listener = tokio::net::UnixListener::bind(&socket).expect("bind");
    let app = resolver_service_connect::routes(Arc::new(Resolver)).with_state(ServerLimits {
        max_request_bytes: 1024,
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    Server { _dir: dir, socket }
}

/// The content types a gRPC-Web client sends, binary, JSON and text.
const WEB_TYPES: &[&str] = &[
    "application/grpc-web",
    "application/grpc-web+proto",
    "application/grpc-web+json",
    "application/grpc-web-text",
    "application/grpc-web-text+proto",
];

fn is_json(content_type: &str) -> bool {
    content_type.ends_with("+json")
}

fn is_text(content_type: &str) -> bool {
    content_type.starts_with("application/grpc-web-text")
}

/// The content type a gRPC-Web answer to `content_type` carries.
fn response_type(content_type: &str) -> &'static str {
    if is_text(content_type) {
        "application/grpc-web-text+proto"
    } else if is_json(content_type) {
        "application/grpc-web+json"
    } else {
        "application/grpc-web+proto"
    }
}

/// One frame with `flag` around `payload`.
fn frame(flag: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![flag];
    out.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// `{pattern}` as the request message in `content_type`'s codec.
fn message(content_type: &str, pattern: &str) -> Vec<u8> {
    if is_json(content_type) {
        serde_json::json!({ "pattern": pattern })
            .to_string()
            .into_bytes()
    } else {
        prost::Message::encode_to_vec(&GetSecretsRequest {
            pattern: Some(pattern.to_owned()),
        })
    }
}

/// Frames as a request body of `content_type` (base64 for gRPC-Web text).
fn body(content_type: &str, frames: Vec<u8>) -> Vec<u8> {
    if is_text(content_type) {
        STANDARD.encode(frames).into_bytes()
    } else {
        frames
    }
}

/// An HTTP/1.1 answer as it came off the socket.
struct Wire {
    status_line: String,
    /// Names lower-cased, in the order sent.
    headers: Vec<(String, String)>,
    /// The body bytes as framed on the wire (chunk framing included).
    framed_body: Vec<u8>,
}

impl Wire {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn header_count(&self, name: &str) -> usize {
        self.headers.iter().filter(|(n, _)| n == name).count()
    }

    /// The body without its framing: `Content-Length` bytes, or the chunks
    /// of a chunked body; `None` when the framing does not add up.
    fn body(&self) -> Option<Vec<u8>> {
        if self
            .header("transfer-encoding")
            .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
        {
            let mut out = Vec::new();
            let mut rest = &self.framed_body[..];
            loop {
                let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
                let size =
                    usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).ok()?, 16).ok()?;
                rest = &rest[line_end + 2..];
                if size == 0 {
                    return (rest == b"\r\n").then_some(out);
                }
                out.extend_from_slice(rest.get(..size)?);
                rest = rest.get(size..)?.strip_prefix(b"\r\n")?;
            }
        }
        let length: usize = self.header("content-length")?.parse().ok()?;
        (self.framed_body.len() == length).then(|| self.framed_body.clone())
    }
}

/// Sends one HTTP/1.1 POST of `body` with `headers` on a fresh connection
/// and reads the whole answer (the request asks the server to close).
async fn post_h1(server: &Server, headers: &[(&str, &str)], body: &[u8]) -> Wire {
    let mut head = format!(
        "POST {} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n",
        resolver_service_connect::GET_SECRETS,
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = UnixStream::connect(&server.socket).await.expect("connect");
    stream.write_all(head.as_bytes()).await.expect("head");
    stream.write_all(body).await.expect("body");
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut raw))
        .await
        .expect("the server answers and closes")
        .expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8(raw[..split].to_vec()).expect("an ASCII head");
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("a status line").to_owned();
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':').expect("a header line");
            (name.to_ascii_lowercase(), value.trim().to_owned())
        })
        .collect();
    Wire {
        status_line,
        headers,
        framed_body: raw[split + 4..].to_vec(),
    }
}

/// What a Trailers-Only answer must be: 200, the gRPC-Web content type for
/// the request's, the status in the headers, once, and nothing in the
/// body. Returns the `grpc-message` header.
fn assert_trailers_only(case: &str, content_type: &str, answer: &Wire, code: Code) -> String {
    assert_eq!(answer.status_line, "HTTP/1.1 200 OK", "{case}");
    assert_eq!(
        answer.header("content-type"),
        Some(response_type(content_type)),
        "{case}"
    );
    assert_eq!(
        answer.header("grpc-status"),
        Some((code as i32).to_string().as_str()),
        "{case}: grpc-status header ({:?})",
        answer.header("grpc-message")
    );
    assert_eq!(answer.header_count("grpc-status"), 1, "{case}");
    assert_eq!(
        answer.body().as_deref(),
        Some(&b""[..]),
        "{case}: the body, as framed: {:?}",
        String::from_utf8_lossy(&answer.framed_body)
    );
    // Nothing announces trailers that will not come.
    assert_eq!(answer.header("trailer"), None, "{case}");
    answer
        .header("grpc-message")
        .unwrap_or_else(|| panic!("{case}: no grpc-message header"))
        .to_owned()
}

/// One way to fail a call: what it is, a header besides the content type,
/// the request body, and the code and (when it is ours alone to choose, not
/// a decoder's) the message expected.
type ErrorCase = (
    &'static str,
    Option<(&'static str, &'static str)>,
    Vec<u8>,
    Code,
    Option<&'static str>,
);

#[tokio::test]
async fn every_grpc_web_error_is_trailers_only_over_http1() {
    let server = serve().await;
    for &content_type in WEB_TYPES {
        let ct = [("Content-Type", content_type)];
        let call = |pattern: &str| body(content_type, frame(0, &message(content_type, pattern)));
        let undecodable = if is_json(content_type) {
            b"{\"pattern\":".to_vec()
        } else {
            vec![0xff, 0xff, 0xff]
        };
        let cases: Vec<ErrorCase> = vec![
            (
                "the service's error",
                None,
                call("nope"),
                Code::NotFound,
                Some("secret not found"),
            ),
            (
                "a message that does not decode",
                None,
                body(content_type, frame(0, &undecodable)),
                Code::InvalidArgument,
                None,
            ),
            (
                "a cut frame header",
                None,
                body(content_type, vec![0, 0, 0]),
                Code::InvalidArgument,
                Some("gRPC frame header truncated: 3 of 5 bytes"),
            ),
            ("no message", None, Vec::new(), Code::Unimplemented, None),
            (
                "the trailers flag on a request",
                None,
                body(content_type, frame(0x80, &message(content_type, "foo"))),
                Code::Internal,
                Some("grpc: received unexpected payload format 128"),
            ),
            (
                "a bad grpc-timeout",
                Some(("grpc-timeout", "xx")),
                call("foo"),
                Code::InvalidArgument,
                None,
            ),
            (
                "an unknown grpc-encoding",
                Some(("grpc-encoding", "br")),
                call("foo"),
                Code::Unimplemented,
                None,
            ),
            (
                "a deadline",
                Some(("grpc-timeout", "100m")),
                call("slow"),
                Code::DeadlineExceeded,
                None,
            ),
            (
                "a request over the limit",
                None,
                body(
                    content_type,
                    frame(0, &message(content_type, &"a".repeat(2000))),
                ),
                Code::ResourceExhausted,
                None,
            ),
        ];
        for (what, headers, request, code, message) in cases {
            let headers: Vec<(&str, &str)> = ct.iter().copied().chain(headers).collect();
            let case = format!("{content_type}, {what}");
            let answer = post_h1(&server, &headers, &request).await;
            let got = assert_trailers_only(&case, content_type, &answer, code);
            if let Some(message) = message {
                assert_eq!(got, message, "{case}");
            } else {
                assert!(!got.is_empty(), "{case}: an empty grpc-message");
            }
        }
    }
}

#[tokio::test]
async fn error_details_metadata_and_encoded_messages_travel_in_the_headers() {
    let server = serve().await;
    for &content_type in WEB_TYPES {
        let ct = [("Content-Type", content_type)];
        let call = |pattern: &str| body(content_type, frame(0, &message(content_type, pattern)));

        let answer = post_h1(&server, &ct, &call("annotated")).await;
        let case = format!("{content_type}, annotated");
        assert_eq!(
            assert_trailers_only(&case, content_type, &answer, Code::FailedPrecondition),
            "why"
        );
        assert_eq!(answer.header("x-why"), Some("because"), "{case}");
        let mut headers = http::HeaderMap::new();
        for (name, value) in &answer.headers {
            headers.append(
                http::HeaderName::from_bytes(name.as_bytes()).expect("name"),
                value.parse().expect("value"),
            );
        }
        let status = Status::from_header_map(&headers).expect("a status in the headers");
        assert_eq!(status.code(), Code::FailedPrecondition, "{case}");
        assert_eq!(error::details(&status), vec![detail()], "{case}");

        let answer = post_h1(&server, &ct, &call("unicode")).await;
        let case = format!("{content_type}, unicode");
        assert_eq!(
            assert_trailers_only(&case, content_type, &answer, Code::NotFound),
            "no %C3%BC%0Ahere: 100%25",
            "{case}: percent-encoded, as grpc-message always is"
        );
    }
}

#[tokio::test]
async fn a_successful_grpc_web_call_keeps_its_message_and_trailer_frames() {
    let server = serve().await;
    for &content_type in WEB_TYPES {
        let request = body(content_type, frame(0, &message(content_type, "foo")));
        let answer = post_h1(&server, &[("Content-Type", content_type)], &request).await;
        assert_eq!(answer.status_line, "HTTP/1.1 200 OK", "{content_type}");
        assert_eq!(
            answer.header("content-type"),
            Some(response_type(content_type))
        );
        assert_eq!(answer.header("grpc-status"), None, "{content_type}");
        let body = answer.body().expect("a well-framed body");
        let body = if is_text(content_type) {
            STANDARD.decode(&body).expect("base64")
        } else {
            body
        };
        assert_eq!(body[0], 0, "{content_type}: a message frame first");
        let length = u32::from_be_bytes([body[1], body[2], body[3], body[4]]) as usize;
        let trailer = &body[5 + length..];
        assert_eq!(
            trailer,
            &frame(0x80, b"grpc-status: 0\r\n")[..],
            "{content_type}: then exactly the trailer frame"
        );
    }
}

#[tokio::test]
async fn grpc_web_errors_are_trailers_only_over_http2_too() {
    let server = serve().await;
    let stream = UnixStream::connect(&server.socket).await.expect("connect");
    let (mut sender, connection) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
            .await
            .expect("HTTP/2 handshake");
    tokio::spawn(connection);
    for &content_type in WEB_TYPES {
        let request = Request::post(format!(
            "http://localhost{}",
            resolver_service_connect::GET_SECRETS
        ))
        .header("content-type", content_type)
        .body(Full::new(Bytes::from(body(
            content_type,
            frame(0, &message(content_type, "nope")),
        ))))
        .expect("request");
        let response = sender.send_request(request).await.expect("answer");
        assert_eq!(response.status(), http::StatusCode::OK, "{content_type}");
        assert_eq!(response.headers()["grpc-status"], "5", "{content_type}");
        assert_eq!(
            response.headers()["grpc-message"],
            "secret not found",
            "{content_type}"
        );
        let collected = response.into_body().collect().await.expect("body");
        assert!(
            collected.trailers().is_none(),
            "{content_type}: no trailers"
        );
        assert!(collected.to_bytes().is_empty(), "{content_type}: no body");
    }
}
