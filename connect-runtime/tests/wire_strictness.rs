//! Requests that Go's servers refuse are refused here too, through the
//! routes' real entry points: gRPC messages whose flags byte has bits other
//! than "compressed" set, or whose length prefix is short of the body,
//! transfer codings other than plain `chunked`, and call headers whose values
//! are not text.

mod common;

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use connect_runtime::{ServerLimits, UnaryRoutes};
use http::{HeaderValue, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use secrets_engine_api::resolver::v1::GetSecretsRequest;
use secrets_engine_api::resolver::v1::resolver_service_connect;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

fn routes() -> UnaryRoutes<
    impl tower::Service<
        axum::extract::Request,
        Response = axum::response::Response,
        Error = Infallible,
        Future = impl Send,
    > + Clone,
> {
    common::echo_routes(ServerLimits::default())
}

/// `{pattern: "foo"}` in one gRPC frame with `flag`.
fn framed(flag: u8) -> Vec<u8> {
    let message = prost::Message::encode_to_vec(&GetSecretsRequest {
        pattern: Some("foo".to_owned()),
    });
    let mut body = vec![flag];
    body.extend_from_slice(&(message.len() as u32).to_be_bytes());
    body.extend_from_slice(&message);
    body
}

/// The `grpc-status` and `grpc-message` of a gRPC or gRPC-Web answer.
async fn grpc_status(content_type: &str, body: Vec<u8>) -> (String, String) {
    let body = if content_type.starts_with("application/grpc-web-text") {
        Bytes::from(STANDARD.encode(body))
    } else {
        Bytes::from(body)
    };
    let request = Request::post(resolver_service_connect::GET_SECRETS)
        .header("content-type", content_type)
        .body(Full::new(body))
        .expect("request");
    let response = routes().oneshot(request).await.expect("answer");
    assert_eq!(response.status(), StatusCode::OK, "{content_type}");
    let headers = response.headers().clone();
    let collected = response.into_body().collect().await.expect("body");
    let trailers = collected.trailers().cloned().unwrap_or_default();
    let body = collected.to_bytes();
    // A gRPC-Web success ends with a trailer frame; an error is
    // Trailers-Only (no body, the status in the headers), read below.
    if content_type.starts_with("application/grpc-web") && !body.is_empty() {
        let body = if content_type.starts_with("application/grpc-web-text") {
            STANDARD.decode(&body).expect("base64 answer")
        } else {
            body.to_vec()
        };
        let start = body.iter().position(|b| *b == 0x80).expect("trailer frame");
        let text = String::from_utf8(body[start + 5..].to_vec()).expect("text");
        let field = |name: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(&format!("{name}: ")))
                .unwrap_or_default()
                .to_owned()
        };
        (field("grpc-status"), field("grpc-message"))
    } else {
        let field = |name: &str| {
            trailers
                .get(name)
                .or_else(|| headers.get(name))
                .map(|v| v.to_str().expect("ascii").to_owned())
                .unwrap_or_default()
        };
        (field("grpc-status"), field("grpc-message"))
    }
}

#[tokio::test]
async fn grpc_messages_with_reserved_flag_bits_are_refused_as_grpc_go_does() {
    for content_type in [
        "application/grpc",
        "application/grpc-web+proto",
        "application/grpc-web-text",
    ] {
        assert_eq!(
            grpc_status(content_type, framed(0)).await.0,
            "0",
            "{content_type}: a plain message is served"
        );
        // Every flags byte but 0x00 and 0x01: 0x80 (gRPC-Web's trailers
        // flag, which only a response may carry), the reserved bits alone
        // and with the compressed bit.
        for flag in 0x02..=0xffu8 {
            let (code, message) = grpc_status(content_type, framed(flag)).await;
            assert_eq!(code, "13", "{content_type}, flag {flag:#04x}: internal");
            assert_eq!(
                message,
                format!("grpc: received unexpected payload format {flag}"),
                "{content_type}"
            );
        }
    }
}

#[tokio::test]
async fn a_length_prefix_short_of_the_body_is_named_as_such() {
    let message = prost::Message::encode_to_vec(&GetSecretsRequest {
        pattern: Some("a-pattern-long-enough-for-junk-headers".to_owned()),
    });
    for content_type in [
        "application/grpc",
        "application/grpc-web+proto",
        "application/grpc-web-text",
    ] {
        // Every prefix short of the message: what follows the declared bytes
        // is at times a cut header, at times a "frame" of junk length.
        for declared in 0..message.len() {
            let mut body = vec![0];
            body.extend_from_slice(&(declared as u32).to_be_bytes());
            body.extend_from_slice(&message);
            let (code, text) = grpc_status(content_type, body).await;
            assert_eq!(code, "3", "{content_type}, {declared}: invalid_argument");
            assert_eq!(
                text,
                format!(
                    "gRPC frame length prefix does not match the body: {declared} bytes declared, {} received (trailing bytes after the message)",
                    message.len()
                ),
                "{content_type}"
            );
        }
    }
}

/// Serves the routes over HTTP/1.1 on a Unix socket with hyper (through
/// axum), as a daemon would, and sends `raw` on a fresh connection; returns
/// everything the server wrote until it closed the connection.
async fn exchange(raw: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let listener = tokio::net::UnixListener::bind(&socket).expect("bind");
    let app = resolver_service_connect::routes(Arc::new(common::Echo))
        .with_state(ServerLimits::default());
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let mut stream = tokio::net::UnixStream::connect(&socket)
        .await
        .expect("connect");
    stream.write_all(raw).await.expect("write");
    let mut answer = Vec::new();
    // The server closes the connection: after a refusal it must, and the
    // requests below ask for it otherwise.
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("the server answers and closes")
        .expect("read");
    server.abort();
    String::from_utf8_lossy(&answer).into_owned()
}

fn chunked_request(transfer_encoding: &[&str]) -> Vec<u8> {
    let mut head = format!(
        "POST {} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\n",
        resolver_service_connect::GET_SECRETS
    );
    for value in transfer_encoding {
        head.push_str(&format!("Transfer-Encoding: {value}\r\n"));
    }
    let body = br#"{"pattern":"foo"}"#;
    let mut raw = head.into_bytes();
    raw.extend_from_slice(format!("\r\n{:x}\r\n", body.len()).as_bytes());
    raw.extend_from_slice(body);
    raw.extend_from_slice(b"\r\n0\r\n\r\n");
    raw
}

#[tokio::test]
async fn transfer_codings_other_than_chunked_get_501_over_a_real_socket() {
    for plain in [&["chunked"][..], &["Chunked"]] {
        let answer = exchange(&chunked_request(plain)).await;
        assert!(
            answer.starts_with("HTTP/1.1 200 OK\r\n"),
            "{plain:?}: {answer}"
        );
        assert!(answer.contains(r#""id":"foo""#), "{answer}");
    }
    for refused in [
        &["gzip, chunked"][..],
        &["deflate,chunked"],
        &["chunked, chunked"],
        &["gzip", "chunked"],
        &["chunked", "chunked"],
        &["identity, chunked"],
    ] {
        let answer = exchange(&chunked_request(refused)).await;
        assert!(
            answer.starts_with("HTTP/1.1 501 Not Implemented\r\n"),
            "{refused:?}: {answer}"
        );
        assert!(
            answer.ends_with("\r\n\r\nUnsupported transfer encoding"),
            "{answer}"
        );
        assert!(
            answer
                .to_ascii_lowercase()
                .contains("connection: close\r\n"),
            "{answer}"
        );
        assert!(
            !answer.contains(r#""id""#),
            "the service never ran: {answer}"
        );
    }
}

#[tokio::test]
async fn a_refused_transfer_coding_closes_the_connection_before_a_smuggled_request() {
    // What a front end that ignores `gzip` might forward: the bytes after
    // the declared chunks would be a second request on a kept-alive
    // connection. Here the connection ends after the 501.
    let mut raw = chunked_request(&["gzip, chunked"]);
    let raw_text = String::from_utf8(raw.clone()).expect("ascii");
    raw = raw_text.replace("Connection: close\r\n", "").into_bytes();
    raw.extend_from_slice(
        format!(
            "POST {} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 19\r\n\r\n{{\"pattern\":\"evil\"}}",
            resolver_service_connect::GET_SECRETS
        )
        .as_bytes(),
    );
    let answer = exchange(&raw).await;
    assert!(answer.starts_with("HTTP/1.1 501"), "{answer}");
    assert_eq!(answer.matches("HTTP/1.1 ").count(), 1, "{answer}");
    assert!(!answer.contains("evil"), "{answer}");
}

/// A Connect JSON request for `foo` with one extra header.
fn connect_with(name: &'static str, value: HeaderValue) -> Request<Full<Bytes>> {
    let mut request = Request::post(resolver_service_connect::GET_SECRETS)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from_static(br#"{"pattern":"foo"}"#)))
        .expect("request");
    request.headers_mut().insert(name, value);
    request
}

#[tokio::test]
async fn call_headers_that_are_not_text_are_refused_not_ignored() {
    // Bytes a header may carry but that are not visible ASCII: Latin-1
    // (`é`), UTF-8 (`é`), and a digit followed by an obs-text byte.
    for value in [&b"\xe9"[..], "é".as_bytes(), b"5\xff"] {
        let value = HeaderValue::from_bytes(value).expect("a valid header value");
        for (name, code, status) in [
            (
                "connect-timeout-ms",
                "invalid_argument",
                StatusCode::BAD_REQUEST,
            ),
            (
                "connect-protocol-version",
                "invalid_argument",
                StatusCode::BAD_REQUEST,
            ),
            (
                "content-encoding",
                "unimplemented",
                StatusCode::NOT_IMPLEMENTED,
            ),
        ] {
            let response = routes()
                .oneshot(connect_with(name, value.clone()))
                .await
                .expect("answer");
            assert_eq!(response.status(), status, "{name}: {value:?}");
            let body = response.into_body().collect().await.expect("body");
            let error: serde_json::Value =
                serde_json::from_slice(&body.to_bytes()).expect("error JSON");
            assert_eq!(error["code"], code, "{name}: {value:?}");
        }
    }
    // gRPC's own headers too.
    for (name, code) in [("grpc-timeout", "3"), ("grpc-encoding", "12")] {
        let mut request = Request::post(resolver_service_connect::GET_SECRETS)
            .header("content-type", "application/grpc")
            .body(Full::new(Bytes::from(framed(0))))
            .expect("request");
        request
            .headers_mut()
            .insert(name, HeaderValue::from_bytes(b"1\xe9").expect("value"));
        let response = routes().oneshot(request).await.expect("answer");
        let status = response.headers()["grpc-status"].clone();
        assert_eq!(status, code, "{name}");
    }
}
