//! Byte fuzzers for the request decoders, through the routes' real entry
//! point (`UnaryRoutes`, the tower service the engine hands to hyper), and
//! one over a real Unix socket with hyper in front.
//!
//! Inputs are arbitrary bytes and structure-aware mutations of valid
//! requests: Connect JSON and binary protobuf bodies, gRPC, gRPC-Web and
//! gRPC-Web text frames (flags byte, length, truncation, oversized lengths,
//! trailer frames), content types and the timeout and encoding headers. The
//! oracles: every request is answered (no panic) within a bound; the answer
//! is well-formed for its protocol (a Connect error is JSON with the code its
//! HTTP status says; a gRPC answer carries `grpc-status` where its flavor puts
//! it: a gRPC-Web success ends with exactly one trailer frame, a gRPC-Web
//! error is Trailers-Only, an empty body with the status in the headers); the code is
//! the one an independent model of the wire rules expects; and a valid
//! request round-trips (the service's echo of the pattern comes back).
//!
//! Case counts are kept small for `cargo test`; `PROPTEST_CASES=N` runs N
//! cases of each (docs/fuzzing.md).

mod common;

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use connect_runtime::compression;
use connect_runtime::error::{code_from_name, code_name, http_status};
use connect_runtime::{Codec, ServerLimits, UnaryRoutes};
use http::{HeaderMap, HeaderValue, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use proptest::prelude::*;
use prost::Message;
use secrets_engine_api::resolver::v1::resolver_service_connect;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use tonic::Code;
use tower::ServiceExt;

/// The request limit of the routes under test: small, so that inputs of a
/// few hundred bytes reach the size checks.
const LIMIT: usize = 256;

/// How long one request may take before the case fails as a hang.
const BOUND: Duration = Duration::from_secs(5);

/// `cases` cases per property, unless `PROPTEST_CASES` says otherwise.
fn config(cases: u32) -> ProptestConfig {
    let default = ProptestConfig::default();
    let cases = if std::env::var_os("PROPTEST_CASES").is_some() {
        default.cases
    } else {
        cases
    };
    ProptestConfig { cases, ..default }
}

fn routes() -> UnaryRoutes<
    impl tower::Service<
        axum::extract::Request,
        Response = axum::response::Response,
        Error = Infallible,
        Future = impl Send,
    > + Clone,
> {
    common::echo_routes(ServerLimits {
        max_request_bytes: LIMIT,
    })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// An answer, read in full.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    trailers: HeaderMap,
}

/// Sends `request` to the routes and reads the whole answer, failing the
/// case if that takes longer than [`BOUND`].
fn send(
    rt: &tokio::runtime::Runtime,
    request: Request<Full<Bytes>>,
) -> Result<Answer, TestCaseError> {
    let call = async {
        let response = routes().oneshot(request).await.expect("infallible");
        let (parts, body) = response.into_parts();
        let collected = body.collect().await.expect("infallible body");
        Answer {
            status: parts.status,
            headers: parts.headers,
            trailers: collected.trailers().cloned().unwrap_or_default(),
            body: collected.to_bytes(),
        }
    };
    // The timer is made inside the runtime, which it needs.
    rt.block_on(async { tokio::time::timeout(BOUND, call).await })
        .map_err(|_| TestCaseError::fail(format!("no answer within {BOUND:?}")))
}

fn post(content_type: &str, body: Vec<u8>) -> Request<Full<Bytes>> {
    let mut request = Request::post(resolver_service_connect::GET_SECRETS)
        .body(Full::new(Bytes::from(body)))
        .expect("request");
    if let Ok(value) = HeaderValue::from_str(content_type) {
        request.headers_mut().insert("content-type", value);
    }
    request
}

/// What the model says a request should come to: the pattern the service
/// saw (`Ok(None)`: a request without one), or the error code.
type Expected = Result<Option<String>, Code>;

/// Checks a Connect answer: well-formed, and as expected.
fn check_connect(answer: &Answer, codec: Codec, expected: &Expected) -> Result<(), TestCaseError> {
    match expected {
        Ok(pattern) => {
            prop_assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
            let response: GetSecretsResponse = match codec {
                Codec::Proto => GetSecretsResponse::decode(&answer.body[..])
                    .map_err(|e| TestCaseError::fail(format!("answer is not protobuf: {e}")))?,
                Codec::Json => serde_json::from_slice(&answer.body)
                    .map_err(|e| TestCaseError::fail(format!("answer is not JSON: {e}")))?,
            };
            prop_assert_eq!(response.envelopes.len(), 1);
            prop_assert_eq!(
                &response.envelopes[0].id,
                pattern,
                "the request round-trips"
            );
        }
        Err(code) => {
            let got = connect_error(answer)?;
            prop_assert_eq!(got, *code, "{:?}", answer.body);
        }
    }
    Ok(())
}

/// The code of a Connect error answer, checking its form: JSON with a known
/// code, a message, and the HTTP status of that code.
fn connect_error(answer: &Answer) -> Result<Code, TestCaseError> {
    prop_assert_eq!(
        answer
            .headers
            .get("content-type")
            .map(HeaderValue::as_bytes),
        Some(&b"application/json"[..])
    );
    let error: serde_json::Value = serde_json::from_slice(&answer.body)
        .map_err(|e| TestCaseError::fail(format!("error body is not JSON: {e}")))?;
    let name = error["code"].as_str().unwrap_or_default();
    let code = code_from_name(name)
        .ok_or_else(|| TestCaseError::fail(format!("unknown code {name:?}")))?;
    prop_assert!(code != Code::Ok);
    prop_assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "no message: {}",
        error
    );
    prop_assert_eq!(answer.status, http_status(code));
    Ok(code)
}

/// The model of a Connect body: the limit, then the codec.
fn connect_model(codec: Codec, body: &[u8]) -> Expected {
    if body.len() > LIMIT {
        return Err(Code::ResourceExhausted);
    }
    message_model(codec, body)
}

fn message_model(codec: Codec, message: &[u8]) -> Expected {
    match codec {
        Codec::Proto => GetSecretsRequest::decode(message)
            .map(|r| r.pattern)
            .map_err(|_| Code::InvalidArgument),
        Codec::Json if message.is_empty() => Err(Code::InvalidArgument),
        Codec::Json => serde_json::from_slice::<GetSecretsRequest>(message)
            .map(|r| r.pattern)
            .map_err(|_| Code::InvalidArgument),
    }
}

/// A pattern as a client might send it: any text, with some bias towards
/// the grammar.
fn pattern() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(
        0.9,
        prop_oneof![
            "[a-z*/]{0,24}",
            any::<String>(),
            "\\PC{0,40}",
            Just(String::new())
        ],
    )
}

/// A mutation of a valid body: flip bits, cut, insert, or duplicate.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(prop::sample::Index, u8),
    Truncate(prop::sample::Index),
    Insert(prop::sample::Index, Vec<u8>),
    Duplicate,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<prop::sample::Index>(), 1..=255u8).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<prop::sample::Index>().prop_map(Mutation::Truncate),
        (
            any::<prop::sample::Index>(),
            prop::collection::vec(any::<u8>(), 1..8)
        )
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        Just(Mutation::Duplicate),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for mutation in mutations {
        match mutation {
            Mutation::Flip(at, bits) if !bytes.is_empty() => {
                let at = at.index(bytes.len());
                bytes[at] ^= bits;
            }
            Mutation::Truncate(at) => bytes.truncate(at.index(bytes.len() + 1)),
            Mutation::Insert(at, inserted) => {
                let at = at.index(bytes.len() + 1);
                bytes.splice(at..at, inserted.iter().copied());
            }
            Mutation::Duplicate => bytes.extend_from_within(..),
            Mutation::Flip(..) => {}
        }
    }
    bytes
}

fn encode(codec: Codec, pattern: &Option<String>) -> Vec<u8> {
    let request = GetSecretsRequest {
        pattern: pattern.clone(),
    };
    match codec {
        Codec::Proto => request.encode_to_vec(),
        Codec::Json => serde_json::to_vec(&request).expect("JSON"),
    }
}

fn codec() -> impl Strategy<Value = Codec> {
    prop_oneof![Just(Codec::Proto), Just(Codec::Json)]
}

proptest! {
    #![proptest_config(config(256))]

    /// Arbitrary bytes as a Connect body, in either codec.
    #[test]
    fn connect_arbitrary_bodies(codec in codec(), body in prop::collection::vec(any::<u8>(), 0..300)) {
        let rt = runtime();
        let answer = send(&rt, post(codec.content_type(), body.clone()))?;
        check_connect(&answer, codec, &connect_model(codec, &body))?;
    }

    /// Valid Connect requests, then mutated: unmutated ones round-trip.
    #[test]
    fn connect_mutated_requests(
        codec in codec(),
        pattern in pattern(),
        mutations in prop::collection::vec(mutation(), 0..3),
    ) {
        let rt = runtime();
        let valid = encode(codec, &pattern);
        let body = mutate(valid.clone(), &mutations);
        let answer = send(&rt, post(codec.content_type(), body.clone()))?;
        let expected = connect_model(codec, &body);
        if body == valid && valid.len() <= LIMIT {
            prop_assert_eq!(&expected, &Ok(pattern.clone()), "the model agrees on a valid request");
        }
        check_connect(&answer, codec, &expected)?;
    }

    /// gzip-compressed Connect bodies: valid ones round-trip, mutated ones
    /// are refused with a Connect error, bombs hit the limit.
    #[test]
    fn connect_gzip_bodies(
        pattern in pattern(),
        padding in 0usize..400,
        mutations in prop::collection::vec(mutation(), 0..2),
    ) {
        let rt = runtime();
        let mut json = encode(Codec::Json, &pattern);
        // Whitespace after the object keeps it valid JSON while growing it
        // past the limit once decompressed.
        json.extend(std::iter::repeat_n(b' ', padding));
        let packed = compression::gzip(&json).expect("gzip").to_vec();
        let body = mutate(packed.clone(), &mutations);
        let mut request = post("application/json", body.clone());
        request.headers_mut().insert("content-encoding", HeaderValue::from_static("gzip"));
        let answer = send(&rt, request)?;
        let expected = if body.len() > LIMIT {
            Err(Code::ResourceExhausted)
        } else {
            match compression::Encoding::Gzip.decode(Bytes::from(body.clone()), LIMIT) {
                Ok(plain) => message_model(Codec::Json, &plain),
                Err(status) => Err(status.code()),
            }
        };
        if body == packed && packed.len() <= LIMIT && json.len() <= LIMIT {
            prop_assert_eq!(&expected, &Ok(pattern.clone()));
        }
        check_connect(&answer, Codec::Json, &expected)?;
    }
}

/// One frame of a gRPC body as the fuzzer builds it.
#[derive(Debug, Clone)]
struct FrameSpec {
    flag: u8,
    payload: Vec<u8>,
    length: LengthSpec,
}

/// What the frame header says the payload's length is.
#[derive(Debug, Clone)]
enum LengthSpec {
    Exact,
    /// Off by a little, either way.
    Off(i8),
    /// Anything, including far more than the limit or than `u32` can hold
    /// in memory.
    Any(u32),
}

fn frame_spec(codec: Codec) -> impl Strategy<Value = FrameSpec> {
    let payload = prop_oneof![
        3 => pattern().prop_map(move |p| encode(codec, &p)),
        1 => prop::collection::vec(any::<u8>(), 0..64),
    ];
    let flag = prop_oneof![
        6 => Just(0u8),
        2 => Just(1u8),
        1 => Just(0x80u8),
        2 => any::<u8>(),
    ];
    let length = prop_oneof![
        6 => Just(LengthSpec::Exact),
        2 => any::<i8>().prop_map(LengthSpec::Off),
        1 => any::<u32>().prop_map(LengthSpec::Any),
        1 => Just(LengthSpec::Any(u32::MAX)),
    ];
    (flag, payload, length).prop_map(|(flag, payload, length)| FrameSpec {
        flag,
        payload,
        length,
    })
}

/// The frames' bytes, each payload gzipped first when `gzip` and its flag
/// says compressed.
fn frames_bytes(frames: &[FrameSpec], gzip: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for frame in frames {
        let payload = if gzip && frame.flag & 1 == 1 {
            compression::gzip(&frame.payload).expect("gzip").to_vec()
        } else {
            frame.payload.clone()
        };
        let exact = payload.len() as i64;
        let length = match frame.length {
            LengthSpec::Exact => exact,
            LengthSpec::Off(delta) => (exact + i64::from(delta)).max(0),
            LengthSpec::Any(length) => i64::from(length),
        };
        out.push(frame.flag);
        out.extend_from_slice(&(length.min(i64::from(u32::MAX)) as u32).to_be_bytes());
        out.extend_from_slice(&payload);
    }
    out
}

/// The gRPC flavors and their content types, as the model sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Grpc,
    Web,
    WebText,
}

fn grpc_content_type() -> impl Strategy<Value = (&'static str, Flavor, Codec)> {
    prop::sample::select(vec![
        ("application/grpc", Flavor::Grpc, Codec::Proto),
        ("application/grpc+proto", Flavor::Grpc, Codec::Proto),
        ("application/grpc+json", Flavor::Grpc, Codec::Json),
        ("application/grpc-web", Flavor::Web, Codec::Proto),
        ("application/grpc-web+json", Flavor::Web, Codec::Json),
        ("application/grpc-web-text", Flavor::WebText, Codec::Proto),
    ])
}

/// The model of a gRPC body (after base64): frames read in order, each
/// refused as grpc-go refuses it; exactly one message.
fn grpc_model(body: &[u8], gzip: bool, codec: Codec) -> Expected {
    let mut rest = body;
    let mut message: Option<Vec<u8>> = None;
    while !rest.is_empty() {
        if rest.len() < 5 {
            return Err(Code::InvalidArgument);
        }
        let flag = rest[0];
        let length = u32::from_be_bytes([rest[1], rest[2], rest[3], rest[4]]) as usize;
        // After the message, anything but a whole frame means its length
        // prefix was short of the body, whatever the junk "length" says.
        if message.is_some() && rest.len() - 5 < length {
            return Err(Code::InvalidArgument);
        }
        if length > LIMIT {
            return Err(Code::ResourceExhausted);
        }
        if rest.len() - 5 < length {
            return Err(Code::InvalidArgument);
        }
        // Only "compressed" is a valid flag in a request.
        if flag > 1 {
            return Err(Code::Internal);
        }
        if message.is_some() {
            return Err(Code::Unimplemented);
        }
        let payload = Bytes::copy_from_slice(&rest[5..5 + length]);
        message = Some(if flag == 1 {
            if !gzip {
                return Err(Code::Internal);
            }
            compression::Encoding::Gzip
                .decode(payload, LIMIT)
                .map_err(|s| s.code())?
                .to_vec()
        } else {
            payload.to_vec()
        });
        rest = &rest[5 + length..];
    }
    match message {
        None => Err(Code::Unimplemented),
        Some(message) => message_model(codec, &message),
    }
}

/// A gRPC-family answer's status and message frames, checking its form.
fn grpc_answer(answer: &Answer, flavor: Flavor) -> Result<(i32, Vec<Vec<u8>>), TestCaseError> {
    prop_assert_eq!(answer.status, StatusCode::OK);
    let content_type = answer
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    prop_assert!(
        content_type.starts_with("application/grpc"),
        "{}",
        content_type
    );
    let status_of = |text: &str| -> Result<i32, TestCaseError> {
        text.parse()
            .map_err(|_| TestCaseError::fail(format!("grpc-status {text:?}")))
    };
    let body = match flavor {
        Flavor::WebText => STANDARD
            .decode(&answer.body)
            .map_err(|e| TestCaseError::fail(format!("answer is not base64: {e}")))?,
        Flavor::Grpc | Flavor::Web => answer.body.to_vec(),
    };
    let mut frames = Vec::new();
    let mut trailer = None;
    let mut rest = &body[..];
    while !rest.is_empty() {
        prop_assert!(trailer.is_none(), "a frame after the trailer frame");
        prop_assert!(rest.len() >= 5, "truncated answer frame header");
        let length = u32::from_be_bytes([rest[1], rest[2], rest[3], rest[4]]) as usize;
        prop_assert!(rest.len() >= 5 + length, "truncated answer frame");
        let payload = rest[5..5 + length].to_vec();
        match rest[0] {
            0 => frames.push(payload),
            0x80 if flavor != Flavor::Grpc => trailer = Some(payload),
            other => prop_assert!(false, "answer frame flag {}", other),
        }
        rest = &rest[5 + length..];
    }
    let code = match flavor {
        Flavor::Grpc => {
            let value = answer
                .trailers
                .get("grpc-status")
                .or_else(|| answer.headers.get("grpc-status"))
                .ok_or_else(|| TestCaseError::fail("no grpc-status"))?;
            status_of(value.to_str().unwrap_or_default())?
        }
        // A failed gRPC-Web call is Trailers-Only: no body at all, the
        // status in the headers (and not there too on a success).
        Flavor::Web | Flavor::WebText if body.is_empty() => {
            let value = answer
                .headers
                .get("grpc-status")
                .ok_or_else(|| TestCaseError::fail("empty gRPC-Web body, no grpc-status header"))?;
            let code = status_of(value.to_str().unwrap_or_default())?;
            prop_assert!(code != 0, "a Trailers-Only gRPC-Web success");
            code
        }
        Flavor::Web | Flavor::WebText => {
            prop_assert!(
                answer.headers.get("grpc-status").is_none(),
                "grpc-status in the headers and in the body"
            );
            let trailer = trailer.ok_or_else(|| TestCaseError::fail("no trailer frame"))?;
            let text = String::from_utf8(trailer)
                .map_err(|_| TestCaseError::fail("trailer frame is not text"))?;
            let value = text
                .split("\r\n")
                .find_map(|line| line.strip_prefix("grpc-status: "))
                .ok_or_else(|| TestCaseError::fail(format!("no grpc-status in {text:?}")))?;
            status_of(value)?
        }
    };
    if code != 0 {
        prop_assert!(frames.is_empty(), "an error answer with a message");
    } else {
        prop_assert_eq!(frames.len(), 1, "a success answer has one message");
    }
    Ok((code, frames))
}

fn check_grpc(
    answer: &Answer,
    flavor: Flavor,
    codec: Codec,
    expected: &Expected,
) -> Result<(), TestCaseError> {
    let (code, frames) = grpc_answer(answer, flavor)?;
    match expected {
        Ok(pattern) => {
            prop_assert_eq!(code, 0);
            let response: GetSecretsResponse = match codec {
                Codec::Proto => GetSecretsResponse::decode(&frames[0][..])
                    .map_err(|e| TestCaseError::fail(e.to_string()))?,
                Codec::Json => serde_json::from_slice(&frames[0])
                    .map_err(|e| TestCaseError::fail(e.to_string()))?,
            };
            prop_assert_eq!(
                &response.envelopes[0].id,
                pattern,
                "the request round-trips"
            );
        }
        Err(expected) => prop_assert_eq!(code, *expected as i32, "{}", code_name(*expected)),
    }
    Ok(())
}

/// The raw body a flavor sends for `frames`, and the read limit it is held
/// to (gRPC bodies may exceed the message limit by their framing and base64).
fn grpc_body(flavor: Flavor, frames: Vec<u8>) -> (Vec<u8>, usize) {
    let body = match flavor {
        Flavor::WebText => STANDARD.encode(&frames).into_bytes(),
        Flavor::Grpc | Flavor::Web => frames,
    };
    (body, LIMIT / 3 * 4 + 16)
}

proptest! {
    #![proptest_config(config(384))]

    /// Structured frames: any flags byte, lengths exact, off, or huge, one
    /// frame or several, cut anywhere, gzip or not.
    #[test]
    fn grpc_frames(
        (content_type, flavor, codec) in grpc_content_type(),
        frames in prop::collection::vec(frame_spec(Codec::Proto), 0..3),
        json_frames in prop::collection::vec(frame_spec(Codec::Json), 0..3),
        cut in prop::option::weighted(0.2, any::<prop::sample::Index>()),
        gzip in any::<bool>(),
    ) {
        let frames = if codec == Codec::Json { json_frames } else { frames };
        let mut raw = frames_bytes(&frames, gzip);
        if let Some(cut) = cut {
            raw.truncate(cut.index(raw.len() + 1));
        }
        let (body, read_limit) = grpc_body(flavor, raw.clone());
        let mut request = post(content_type, body.clone());
        if gzip {
            request.headers_mut().insert("grpc-encoding", HeaderValue::from_static("gzip"));
        }
        let answer = send(&runtime(), request)?;
        let expected = if body.len() > read_limit {
            Err(Code::ResourceExhausted)
        } else {
            grpc_model(&raw, gzip, codec)
        };
        check_grpc(&answer, flavor, codec, &expected)?;
    }

    /// Arbitrary bytes as a gRPC body in every flavor; for gRPC-Web text,
    /// arbitrary text: the answer is well-formed, and never a success unless
    /// the model says the bytes are one valid frame.
    #[test]
    fn grpc_arbitrary_bodies(
        (content_type, flavor, codec) in grpc_content_type(),
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        text in "[A-Za-z0-9+/= \r\n\t]{0,120}",
    ) {
        let body = if flavor == Flavor::WebText { text.into_bytes() } else { bytes };
        let answer = send(&runtime(), post(content_type, body.clone()))?;
        let (code, _) = grpc_answer(&answer, flavor)?;
        if flavor != Flavor::WebText {
            let expected = if body.len() > LIMIT / 3 * 4 + 16 {
                Err(Code::ResourceExhausted)
            } else {
                grpc_model(&body, false, codec)
            };
            check_grpc(&answer, flavor, codec, &expected)?;
        } else {
            let allowed = [0, Code::InvalidArgument as i32, Code::Internal as i32, Code::Unimplemented as i32, Code::ResourceExhausted as i32];
            prop_assert!(allowed.contains(&code), "code {}", code);
        }
    }
}

/// A header value as the fuzzer sends it: well-formed, near-valid, or bytes
/// that are not text at all.
fn header_value(near: Vec<&'static str>) -> impl Strategy<Value = Option<Vec<u8>>> {
    prop::option::weighted(
        0.7,
        prop_oneof![
            3 => prop::sample::select(near).prop_map(|s| s.as_bytes().to_vec()),
            1 => "[0-9a-zA-Z ;=+/-]{0,12}".prop_map(String::into_bytes),
            1 => prop::collection::vec(
                prop_oneof![Just(b'1'), Just(b'S'), 0x20u8..0x7f, 0x80u8..=0xff],
                0..6
            ),
        ],
    )
}

/// The model of a header value a call reads: absent, or its text (bytes
/// that are not UTF-8 can never be valid).
fn header_text(value: &Option<Vec<u8>>) -> Option<String> {
    value
        .as_ref()
        .map(|v| String::from_utf8_lossy(v).into_owned())
}

fn connect_timeout_ok(value: &str) -> bool {
    (1..=10).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit())
}

fn grpc_timeout_ok(value: &str) -> bool {
    let bytes = value.as_bytes();
    let Some((unit, digits)) = bytes.split_last() else {
        return false;
    };
    (1..=8).contains(&digits.len())
        && digits.iter().all(u8::is_ascii_digit)
        && b"HMSmun".contains(unit)
}

/// `None`: refused as an unknown compression.
fn encoding_gzip(value: &Option<String>) -> Option<bool> {
    match value.as_deref().map(str::trim) {
        None | Some("" | "identity") => Some(false),
        Some(v) if v.eq_ignore_ascii_case("gzip") => Some(true),
        Some(_) => None,
    }
}

/// The gRPC content types the routes accept, as listed in their 415's
/// `Accept-Post`, compared as the protocol says: case and spaces aside.
fn grpc_flavor(content_type: &str) -> Option<(Flavor, Codec)> {
    let normalized = content_type.trim().to_ascii_lowercase().replace(' ', "");
    let (flavor, codec) = match normalized.as_str() {
        "application/grpc" | "application/grpc+proto" => (Flavor::Grpc, Codec::Proto),
        "application/grpc+json" | "application/grpc+json;charset=utf-8" => {
            (Flavor::Grpc, Codec::Json)
        }
        "application/grpc-web" | "application/grpc-web+proto" => (Flavor::Web, Codec::Proto),
        "application/grpc-web+json" | "application/grpc-web+json;charset=utf-8" => {
            (Flavor::Web, Codec::Json)
        }
        "application/grpc-web-text" | "application/grpc-web-text+proto" => {
            (Flavor::WebText, Codec::Proto)
        }
        _ => return None,
    };
    Some((flavor, codec))
}

fn content_type() -> impl Strategy<Value = String> {
    let known = vec![
        "application/json",
        "application/proto",
        "Application/JSON; Charset=UTF-8",
        " application/json ;charset = utf-8 ",
        "application/json; charset=latin1",
        "application/proto; x=y",
        "application/grpc",
        "application/grpc+proto",
        "application/grpc+json; charset=utf-8",
        "APPLICATION/GRPC-WEB",
        "application/grpc-web +json",
        "application/grpc-web-text+proto",
        "application/grpc-web-text+json",
        "application/grpc+xml",
        "application/grpc;charset=utf-8",
        "text/plain",
        "",
    ];
    prop_oneof![
        4 => prop::sample::select(known).prop_map(str::to_owned),
        1 => "[a-zA-Z/+; =-]{0,30}",
    ]
}

proptest! {
    #![proptest_config(config(384))]

    /// Content types, protocol version, encodings and timeouts in any
    /// combination, with a valid message for whichever protocol the content
    /// type picks: the protocol, the refusal and its code are as the model
    /// says, and a request the model accepts round-trips.
    #[test]
    fn call_headers(
        content_type in content_type(),
        version in header_value(vec!["1", "2", "", " 1"]),
        encoding in header_value(vec!["gzip", "GZIP", " gzip ", "identity", "", "br", "gzip, br"]),
        connect_timeout in header_value(vec!["0", "5000", "9999999999", "12345678901", "-1", "1.5", "5s"]),
        grpc_timeout in header_value(vec!["1S", "100m", "99999999H", "123456789S", "5s", "5", "1n"]),
        pattern in pattern(),
    ) {
        let set = |request: &mut Request<Full<Bytes>>, name: &'static str, value: &Option<Vec<u8>>| {
            if let Some(value) = value.as_ref().and_then(|v| HeaderValue::from_bytes(v).ok()) {
                request.headers_mut().insert(name, value);
            }
        };
        // What reached the server: a value that cannot be a header is not sent.
        let sent = |value: &Option<Vec<u8>>| value.clone().filter(|v| HeaderValue::from_bytes(v).is_ok());
        let (version, encoding, connect_timeout, grpc_timeout) =
            (sent(&version), sent(&encoding), sent(&connect_timeout), sent(&grpc_timeout));
        let encoding_text = header_text(&encoding);
        let gzip = encoding_gzip(&encoding_text) == Some(true);
        let rt = runtime();

        let message_codec = Codec::from_content_type(&content_type);
        let grpc = grpc_flavor(&content_type);
        if let Some(codec) = message_codec {
            let plain = encode(codec, &pattern);
            let mut body = plain.clone();
            if gzip {
                body = compression::gzip(&body).expect("gzip").to_vec();
            }
            let mut request = post(&content_type, body.clone());
            set(&mut request, "connect-protocol-version", &version);
            set(&mut request, "content-encoding", &encoding);
            set(&mut request, "connect-timeout-ms", &connect_timeout);
            // A gRPC header means nothing to a Connect call.
            set(&mut request, "grpc-timeout", &grpc_timeout);
            let answer = send(&rt, request)?;
            let expected = if header_text(&version).is_some_and(|v| v != "1") {
                Err(Code::InvalidArgument)
            } else if encoding_gzip(&encoding_text).is_none() {
                Err(Code::Unimplemented)
            } else if header_text(&connect_timeout).is_some_and(|t| !connect_timeout_ok(&t)) {
                Err(Code::InvalidArgument)
            } else if body.len() > LIMIT || plain.len() > LIMIT {
                Err(Code::ResourceExhausted)
            } else {
                Ok(pattern.clone())
            };
            check_connect(&answer, codec, &expected)?;
        } else if let Some((flavor, codec)) = grpc {
            let message = encode(codec, &pattern);
            let frame = FrameSpec { flag: u8::from(gzip), payload: message, length: LengthSpec::Exact };
            let raw = frames_bytes(&[frame], gzip);
            let (body, read_limit) = grpc_body(flavor, raw.clone());
            let mut request = post(&content_type, body.clone());
            set(&mut request, "grpc-encoding", &encoding);
            set(&mut request, "grpc-timeout", &grpc_timeout);
            // Connect's headers mean nothing to a gRPC call.
            set(&mut request, "connect-protocol-version", &version);
            set(&mut request, "connect-timeout-ms", &connect_timeout);
            let answer = send(&rt, request)?;
            let expected = if encoding_gzip(&encoding_text).is_none() {
                Err(Code::Unimplemented)
            } else if header_text(&grpc_timeout).is_some_and(|t| !grpc_timeout_ok(&t)) {
                Err(Code::InvalidArgument)
            } else if body.len() > read_limit {
                Err(Code::ResourceExhausted)
            } else {
                grpc_model(&raw, gzip, codec)
            };
            check_grpc(&answer, flavor, codec, &expected)?;
        } else {
            let answer = send(&rt, post(&content_type, b"{}".to_vec()))?;
            prop_assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{:?}", content_type);
            prop_assert!(answer.body.is_empty());
            let listed = answer.headers.get("accept-post").and_then(|v| v.to_str().ok()).unwrap_or_default();
            // Every type listed is one the routes take.
            for listed in listed.split(", ") {
                prop_assert!(
                    Codec::from_content_type(listed).is_some() || grpc_flavor(listed).is_some(),
                    "{} listed but not accepted", listed
                );
            }
            prop_assert!(listed.contains("application/json") && listed.contains("application/grpc"));
        }
    }
}

/// A valid HTTP/1.1 request on the wire, for the raw fuzzer to mutate.
fn raw_request(pattern: &str) -> Vec<u8> {
    let body = format!(r#"{{"pattern":{}}}"#, serde_json::Value::from(pattern));
    format!(
        "POST {} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        resolver_service_connect::GET_SECRETS,
        body.len()
    )
    .into_bytes()
}

/// Mutations of the request head that matter to framing.
fn head_edit() -> impl Strategy<Value = (&'static str, &'static str)> {
    prop::sample::select(vec![
        ("Content-Length: ", "Content-Length: 1"),
        ("Content-Length: ", "Content-Length: -"),
        (
            "Content-Length: ",
            "Transfer-Encoding: chunked\r\nContent-Length: ",
        ),
        (
            "Connection: close\r\n",
            "Transfer-Encoding: gzip, chunked\r\nConnection: close\r\n",
        ),
        (
            "Connection: close\r\n",
            "Connection: close\r\nContent-Length: 0\r\n",
        ),
        (
            "Content-Type: application/json",
            "Content-Type: application/grpc-web-text",
        ),
        ("HTTP/1.1", "HTTP/1.0"),
        ("POST", "GET"),
        ("\r\n\r\n", "\r\n \r\n\r\n"),
        ("", ""),
    ])
}

proptest! {
    #![proptest_config(config(96))]

    /// Mutated HTTP/1.1 requests over a real Unix socket, hyper in front of
    /// the routes: the server answers with a status line or closes the
    /// connection, always within the bound, and still serves a valid request
    /// afterwards.
    #[test]
    fn raw_http1_requests_over_a_socket(
        pattern in "[a-z/*]{0,16}",
        edit in head_edit(),
        mutations in prop::collection::vec(mutation(), 0..3),
    ) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let rt = runtime();
        let result: Result<(), TestCaseError> = rt.block_on(async {
            let dir = tempfile::tempdir().expect("tempdir");
            let socket = dir.path().join("engine.sock");
            let listener = tokio::net::UnixListener::bind(&socket).expect("bind");
            let app = resolver_service_connect::routes(Arc::new(common::Echo))
                .with_state(ServerLimits { max_request_bytes: LIMIT });
            let server = tokio::spawn(async move { axum::serve(listener, app).await });

            let raw = String::from_utf8(raw_request(&pattern)).expect("ascii");
            let raw = raw.replacen(edit.0, edit.1, 1).into_bytes();
            let raw = mutate(raw, &mutations);
            let mut stream = tokio::net::UnixStream::connect(&socket).await.expect("connect");
            let mut answer = Vec::new();
            let exchange = async {
                // The server may answer and close before reading it all.
                let _ = stream.write_all(&raw).await;
                let _ = stream.shutdown().await;
                let _ = stream.read_to_end(&mut answer).await;
            };
            prop_assert!(tokio::time::timeout(BOUND, exchange).await.is_ok(), "no answer and no close within the bound");
            prop_assert!(
                answer.is_empty() || answer.starts_with(b"HTTP/1.1 ") || answer.starts_with(b"HTTP/1.0 "),
                "{:?}", String::from_utf8_lossy(&answer)
            );
            if mutations.is_empty() && edit.1.contains("gzip, chunked") {
                // Go's net/http refuses a transfer coding it cannot read.
                prop_assert!(answer.starts_with(b"HTTP/1.1 501 "), "{:?}", String::from_utf8_lossy(&answer));
            }

            // The server is still there for a well-formed request.
            let mut stream = tokio::net::UnixStream::connect(&socket).await.expect("connect");
            let mut answer = Vec::new();
            let exchange = async {
                stream.write_all(&raw_request("ok")).await.expect("write");
                stream.read_to_end(&mut answer).await.expect("read");
            };
            prop_assert!(tokio::time::timeout(BOUND, exchange).await.is_ok());
            prop_assert!(answer.starts_with(b"HTTP/1.1 200 OK\r\n"), "{:?}", String::from_utf8_lossy(&answer));
            server.abort();
            Ok(())
        });
        result?;
    }
}
