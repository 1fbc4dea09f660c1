//! gRPC and gRPC-Web unary calls on the same routes as Connect.
//!
//! connect-go handlers accept all three protocols on one path, and so do ours:
//! the request's `Content-Type` picks the protocol. gRPC works over HTTP/2
//! (what real gRPC clients speak) and over HTTP/1.1 with `TE: trailers` (what
//! the Go engine answered curl with). gRPC-Web carries the status in a final
//! body frame instead of trailers, and `application/grpc-web-text` is the same
//! in base64. A failed call (no message to send) is answered "Trailers-Only"
//! in every flavor: the status in the HTTP headers and an empty body.

use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use bytes::{BufMut, Bytes, BytesMut};
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use http_body::Frame;
use http_body_util::StreamBody;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use tonic::Status;

use crate::budget::Held;
use crate::codec::Codec;
use crate::compression::{self, Encoding};
use crate::server::Answer;

/// The content types of gRPC and gRPC-Web, as listed in `Accept-Post`.
pub const ACCEPTED_CONTENT_TYPES: &[&str] = &[
    "application/grpc",
    "application/grpc+json",
    "application/grpc+json; charset=utf-8",
    "application/grpc+proto",
    "application/grpc-web",
    "application/grpc-web+json",
    "application/grpc-web+json; charset=utf-8",
    "application/grpc-web+proto",
    "application/grpc-web-text",
    "application/grpc-web-text+proto",
];

/// Frame flag: the payload is compressed with the call's `grpc-encoding`.
pub(crate) const FLAG_COMPRESSED: u8 = 0x01;
/// Frame flag (gRPC-Web): the payload is the trailers, not a message.
pub(crate) const FLAG_TRAILERS: u8 = 0x80;

/// Which of the gRPC family a request speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// gRPC: status in HTTP trailers.
    Grpc,
    /// gRPC-Web: status in a trailer frame at the end of the body.
    Web,
    /// gRPC-Web text: gRPC-Web in base64.
    WebText,
}

/// A gRPC-family content type: flavor, codec and the type to answer with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GrpcContentType {
    pub(crate) flavor: Flavor,
    pub(crate) codec: Codec,
    pub(crate) response_type: &'static str,
}

impl GrpcContentType {
    /// Parses a gRPC, gRPC-Web or gRPC-Web text content type.
    pub(crate) fn parse(content_type: &str) -> Option<Self> {
        let normalized = content_type.trim().to_ascii_lowercase().replace(' ', "");
        let (media, params) = normalized
            .split_once(';')
            .map_or((normalized.as_str(), ""), |(m, p)| (m, p));
        let (base, subtype) = media.split_once('+').map_or((media, ""), |(b, s)| (b, s));
        let flavor = match base {
            "application/grpc" => Flavor::Grpc,
            "application/grpc-web" => Flavor::Web,
            "application/grpc-web-text" => Flavor::WebText,
            _ => return None,
        };
        let codec = match (subtype, params, flavor) {
            ("" | "proto", "", _) => Codec::Proto,
            ("json", "" | "charset=utf-8", Flavor::Grpc | Flavor::Web) => Codec::Json,
            _ => return None,
        };
        let response_type = match (flavor, codec) {
            (Flavor::Grpc, Codec::Proto) => "application/grpc",
            (Flavor::Grpc, Codec::Json) => "application/grpc+json",
            (Flavor::Web, Codec::Proto) => "application/grpc-web+proto",
            (Flavor::Web, Codec::Json) => "application/grpc-web+json",
            (Flavor::WebText, _) => "application/grpc-web-text+proto",
        };
        Some(GrpcContentType {
            flavor,
            codec,
            response_type,
        })
    }
}

/// Parses a `grpc-timeout` value: up to 8 digits and a unit (`H`, `M`, `S`,
/// `m`, `u`, `n`).
pub(crate) fn parse_timeout(value: &str) -> Result<Duration, Status> {
    let invalid = || {
        Status::invalid_argument(format!(
            "parse grpc-timeout: {value:?} is not 1 to 8 digits and a unit (H, M, S, m, u, n)"
        ))
    };
    // Split as bytes: the value may not be ASCII, and a unit that is not
    // one byte is no unit at all.
    let (digits, unit) = value.as_bytes().split_at(value.len().saturating_sub(1));
    if digits.is_empty() || digits.len() > 8 || !digits.iter().all(u8::is_ascii_digit) {
        return Err(invalid());
    }
    let amount = digits
        .iter()
        .fold(0u64, |amount, digit| amount * 10 + u64::from(digit - b'0'));
    Ok(match unit {
        b"H" => Duration::from_secs(amount * 3600),
        b"M" => Duration::from_secs(amount * 60),
        b"S" => Duration::from_secs(amount),
        b"m" => Duration::from_millis(amount),
        b"u" => Duration::from_micros(amount),
        b"n" => Duration::from_nanos(amount),
        _ => return Err(invalid()),
    })
}

/// The one message of a unary request body (after base64 for gRPC-Web text),
/// decompressed if its frame says so.
pub(crate) fn request_message(
    content_type: GrpcContentType,
    body: Bytes,
    encoding: Encoding,
    limit: usize,
) -> Result<Bytes, Status> {
    let body = match content_type.flavor {
        Flavor::WebText => decode_base64(&body)?,
        Flavor::Grpc | Flavor::Web => body,
    };
    single_message(body, encoding, limit)
}

/// The one message of a body of enveloped messages (gRPC frames, or a
/// Connect streaming request: the same 5-byte prefix), decompressed if its
/// flag says so.
pub(crate) fn single_message(
    body: Bytes,
    encoding: Encoding,
    limit: usize,
) -> Result<Bytes, Status> {
    let mut rest = &body[..];
    let mut message = None;
    while !rest.is_empty() {
        let header = rest.first_chunk::<5>();
        let length = header.map_or(0, |&[_, length @ ..]| u32::from_be_bytes(length) as usize);
        // Bytes after the message that are not one whole frame are no second
        // message (their "length" is junk, often past the limit): the first
        // frame's length prefix was short of its body.
        if message.is_some() && (header.is_none() || 5 + length > rest.len()) {
            return Err(Status::invalid_argument(format!(
                "gRPC frame length prefix does not match the body: {} bytes declared, {} received (trailing bytes after the message)",
                body.len() - rest.len() - 5,
                body.len() - 5
            )));
        }
        let Some(&[flag, ..]) = header else {
            return Err(Status::invalid_argument(format!(
                "gRPC frame header truncated: {} of 5 bytes",
                rest.len()
            )));
        };
        if length > limit {
            return Err(compression::too_large(limit));
        }
        let payload = rest.get(5..5 + length).ok_or_else(|| {
            Status::invalid_argument(format!(
                "gRPC frame truncated: header says {length} bytes, body has {}",
                rest.len() - 5
            ))
        })?;
        // Bit 0 (compressed) is the only flag a request message may carry.
        // grpc-go refuses any other payload format with `internal` ("grpc:
        // received unexpected payload format"), and connect-go likewise
        // (`internal`, "invalid envelope flags"); so does this, for the
        // reserved bits and for 0x80, the gRPC-Web trailers flag, which only
        // a response carries.
        if flag & !FLAG_COMPRESSED != 0 {
            return Err(Status::internal(format!(
                "grpc: received unexpected payload format {flag}"
            )));
        }
        if message.is_some() {
            return Err(Status::unimplemented(
                "a unary or server-streaming call takes exactly one request message, got several",
            ));
        }
        let payload = body.slice_ref(payload);
        message = Some(if flag & FLAG_COMPRESSED != 0 {
            match encoding {
                Encoding::Identity => {
                    return Err(Status::internal(
                        "compressed gRPC frame without a grpc-encoding header",
                    ));
                }
                Encoding::Gzip => encoding.decode(payload, limit)?,
            }
        } else {
            payload
        });
        rest = &rest[5 + length..];
    }
    message.ok_or_else(|| {
        Status::unimplemented(
            "a unary or server-streaming call takes one request message, got none",
        )
    })
}

fn decode_base64(body: &[u8]) -> Result<Bytes, Status> {
    // A gRPC-Web text body may be several padded base64 chunks in a row.
    let text: Vec<u8> = body
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    for chunk in text.split_inclusive(|b| *b == b'=').filter(|c| *c != b"=") {
        let decoded = STANDARD
            .decode(chunk)
            .or_else(|_| STANDARD_NO_PAD.decode(chunk.strip_suffix(b"=").unwrap_or(chunk)))
            .map_err(|e| {
                Status::invalid_argument(format!("gRPC-Web text body is not base64: {e}"))
            })?;
        out.extend_from_slice(&decoded);
    }
    Ok(out.into())
}

pub(crate) fn frame(flag: u8, payload: &[u8]) -> BytesMut {
    let mut out = BytesMut::with_capacity(5 + payload.len());
    out.put_u8(flag);
    out.put_u32(payload.len() as u32);
    out.put_slice(payload);
    out
}

/// `grpc-message` is percent-encoded (gRPC HTTP/2 protocol, "Responses"):
/// everything but printable ASCII, and `%`.
const GRPC_MESSAGE: &AsciiSet = &CONTROLS.add(b'%');

/// The status of a call as gRPC trailers: `grpc-status`, `grpc-message`,
/// `grpc-status-details-bin` (the status's details, if any), then its
/// metadata.
pub(crate) fn status_headers(status: &Status) -> HeaderMap {
    let mut headers = crate::server::non_protocol_headers(status.metadata());
    headers.insert(
        HeaderName::from_static("grpc-status"),
        HeaderValue::from(status.code() as i32),
    );
    if !status.message().is_empty()
        && let Ok(value) =
            HeaderValue::try_from(utf8_percent_encode(status.message(), GRPC_MESSAGE).to_string())
    {
        headers.insert(HeaderName::from_static("grpc-message"), value);
    }
    if !status.details().is_empty()
        && let Ok(value) = HeaderValue::from_str(&STANDARD_NO_PAD.encode(status.details()))
    {
        headers.insert(HeaderName::from_static("grpc-status-details-bin"), value);
    }
    headers
}

/// The gRPC-Web trailer frame for a call's status headers: each as
/// `name: value` and CRLF, in a frame flagged 0x80.
pub(crate) fn trailer_frame(status: &HeaderMap) -> BytesMut {
    let mut trailer = Vec::new();
    for (name, value) in status {
        trailer.extend_from_slice(name.as_str().as_bytes());
        trailer.extend_from_slice(b": ");
        trailer.extend_from_slice(value.as_bytes());
        trailer.extend_from_slice(b"\r\n");
    }
    frame(FLAG_TRAILERS, &trailer)
}

/// The answer to a gRPC-family call: the message (or nothing) and the status.
pub(crate) fn respond(
    content_type: GrpcContentType,
    result: Result<Answer, Status>,
    gzip: bool,
) -> Response {
    let (mut headers, message, held, status) = match result {
        Ok(answer) => {
            let mut status = Status::ok("");
            if let Some(trailers) = answer.trailers {
                *status.metadata_mut() = trailers.0;
            }
            let headers = answer.metadata.into_headers();
            (headers, Some(answer.body), answer.held, status)
        }
        Err(status) => (HeaderMap::new(), None, Held::default(), status),
    };
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(content_type.response_type),
    );
    headers.insert(
        HeaderName::from_static("grpc-accept-encoding"),
        HeaderValue::from_static(compression::GZIP),
    );

    let mut body = BytesMut::new();
    if let Some(message) = message {
        let packed = (gzip && message.len() >= crate::server::COMPRESS_MIN_BYTES)
            .then(|| compression::gzip(&message).ok())
            .flatten();
        match packed {
            Some(packed) => {
                headers.insert(
                    HeaderName::from_static("grpc-encoding"),
                    HeaderValue::from_static(compression::GZIP),
                );
                body.extend_from_slice(&frame(FLAG_COMPRESSED, &packed));
            }
            None => body.extend_from_slice(&frame(0, &message)),
        }
    }
    let status = status_headers(&status);
    let body = match content_type.flavor {
        Flavor::Grpc => {
            // HTTP/1.1 only sends the trailers a response announces.
            let announced = if status.len() <= 2 {
                HeaderValue::from_static("grpc-status, grpc-message")
            } else {
                let names: Vec<&str> = status.keys().map(HeaderName::as_str).collect();
                HeaderValue::from_str(&names.join(", "))
                    .unwrap_or(HeaderValue::from_static("grpc-status, grpc-message"))
            };
            headers.insert(http::header::TRAILER, announced);
            if body.is_empty() {
                // Trailers-Only: the status travels in the headers, which
                // every client reads, over HTTP/2 and HTTP/1.1 alike.
                headers.extend(status);
                Body::empty()
            } else {
                // A stream of frames has no known length, so HTTP/1.1 sends it
                // chunked, the only way trailers travel there.
                let frames = [
                    Frame::data(held.attach(body.freeze())),
                    Frame::trailers(status),
                ]
                .map(Ok::<_, std::convert::Infallible>);
                Body::new(StreamBody::new(futures_util::stream::iter(frames)))
            }
        }
        Flavor::Web | Flavor::WebText if body.is_empty() => {
            // Trailers-Only, as connect-go (and so the Go engine) answers a
            // failed gRPC-Web call: the status in the headers and no body at
            // all, not even a trailer frame. gRPC-Web clients read the status
            // from the headers when the body is empty.
            headers.extend(status);
            Body::empty()
        }
        Flavor::Web | Flavor::WebText => {
            body.extend_from_slice(&trailer_frame(&status));
            Body::from(held.attach(if content_type.flavor == Flavor::WebText {
                STANDARD.encode(&body).into()
            } else {
                body.freeze()
            }))
        }
    };
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::OK;
    *response.headers_mut() = headers;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        for (text, flavor, codec) in [
            ("application/grpc", Flavor::Grpc, Codec::Proto),
            ("application/grpc+proto", Flavor::Grpc, Codec::Proto),
            ("application/grpc+json", Flavor::Grpc, Codec::Json),
            (
                "application/grpc+json; charset=utf-8",
                Flavor::Grpc,
                Codec::Json,
            ),
            ("application/grpc-web", Flavor::Web, Codec::Proto),
            ("application/grpc-web+json", Flavor::Web, Codec::Json),
            ("application/grpc-web-text", Flavor::WebText, Codec::Proto),
            (
                "application/grpc-web-text+proto",
                Flavor::WebText,
                Codec::Proto,
            ),
        ] {
            let parsed = GrpcContentType::parse(text).expect(text);
            assert_eq!((parsed.flavor, parsed.codec), (flavor, codec), "{text}");
        }
        for other in [
            "application/grpc+xml",
            "application/grpc-web-text+json",
            "application/json",
        ] {
            assert!(GrpcContentType::parse(other).is_none(), "{other}");
        }
        for listed in ACCEPTED_CONTENT_TYPES {
            assert!(GrpcContentType::parse(listed).is_some(), "{listed}");
        }
    }

    #[test]
    fn timeouts() {
        assert_eq!(parse_timeout("5S").ok(), Some(Duration::from_secs(5)));
        assert_eq!(parse_timeout("100m").ok(), Some(Duration::from_millis(100)));
        assert_eq!(parse_timeout("1H").ok(), Some(Duration::from_secs(3600)));
        for bad in [
            "",
            "S",
            "123456789S",
            "5s",
            "5",
            "-1S",
            "1\u{e9}",
            "\u{e9}S",
        ] {
            assert!(parse_timeout(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn request_frames() {
        let grpc = GrpcContentType::parse("application/grpc").expect("grpc");
        let body = Bytes::from_static(&[0, 0, 0, 0, 5, 0x0a, 3, b'f', b'o', b'o']);
        let message = request_message(grpc, body.clone(), Encoding::Identity, 100).expect("ok");
        assert_eq!(&message[..], &[0x0a, 3, b'f', b'o', b'o']);

        let text = GrpcContentType::parse("application/grpc-web-text").expect("text");
        let encoded = Bytes::from(STANDARD.encode(&body));
        assert_eq!(
            request_message(text, encoded, Encoding::Identity, 100).expect("ok"),
            message
        );

        let mut two = body.to_vec();
        two.extend_from_slice(&body);
        let err = request_message(grpc, two.into(), Encoding::Identity, 100).expect_err("two");
        assert_eq!(err.code(), tonic::Code::Unimplemented);
        let err = request_message(grpc, body.slice(..7), Encoding::Identity, 100).expect_err("cut");
        assert_eq!(err.code(), tonic::Code::InvalidArgument);
        let err = request_message(grpc, body, Encoding::Identity, 4).expect_err("large");
        assert_eq!(err.code(), tonic::Code::ResourceExhausted);
        let err = request_message(grpc, Bytes::new(), Encoding::Identity, 4).expect_err("none");
        assert_eq!(err.code(), tonic::Code::Unimplemented);
    }

    #[test]
    fn grpc_message_is_percent_encoded() {
        let percent_encode = |text| utf8_percent_encode(text, GRPC_MESSAGE).to_string();
        assert_eq!(percent_encode("secret not found"), "secret not found");
        assert_eq!(
            percent_encode("100% ünïcode\n"),
            "100%25 %C3%BCn%C3%AFcode%0A"
        );
    }
}
