//! Connect error codes, their HTTP statuses, the error JSON body and error
//! details.
//!
//! Error details travel in a [`Status`] as tonic and gRPC carry them: its
//! `details()` bytes are an encoded `google.rpc.Status` whose `details` are the
//! messages (`google.protobuf.Any`). [`with_details`] makes such a status and
//! [`details`] reads one; on the wire they become the Connect error body's
//! `details` array and gRPC's `grpc-status-details-bin`.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use bytes::Bytes;
use http::StatusCode;
use prost::Message;
use serde::{Deserialize, Serialize};
use tonic::{Code, Status};

/// One error detail: a message's full protobuf name (or type URL) and its
/// binary encoding, as in `google.protobuf.Any`.
#[derive(Clone, PartialEq, Eq, Message)]
pub struct ErrorDetail {
    /// The type URL (`type.googleapis.com/pkg.Message`).
    #[prost(string, tag = "1")]
    pub type_url: String,
    /// The message's binary encoding.
    #[prost(bytes = "vec", tag = "2")]
    pub value: Vec<u8>,
}

/// `google.rpc.Status`, the encoding of `Status::details()` (and of gRPC's
/// `grpc-status-details-bin`).
#[derive(Clone, PartialEq, Message)]
struct RpcStatus {
    #[prost(int32, tag = "1")]
    code: i32,
    #[prost(string, tag = "2")]
    message: String,
    #[prost(message, repeated, tag = "3")]
    details: Vec<ErrorDetail>,
}

/// A status with error details.
pub fn with_details(code: Code, message: impl Into<String>, details: Vec<ErrorDetail>) -> Status {
    let message = message.into();
    let encoded = RpcStatus {
        code: code as i32,
        message: message.clone(),
        details,
    }
    .encode_to_vec();
    Status::with_details(code, message, encoded.into())
}

/// The error details of a status (none when its details are not a
/// `google.rpc.Status`).
pub fn details(status: &Status) -> Vec<ErrorDetail> {
    if status.details().is_empty() {
        return Vec::new();
    }
    RpcStatus::decode(status.details())
        .map(|decoded| decoded.details)
        .unwrap_or_default()
}

/// One detail in the Connect error JSON: the type's full name (no URL
/// prefix) and the binary message in unpadded base64.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonDetail {
    /// The message's full protobuf name.
    #[serde(rename = "type")]
    pub type_name: String,
    /// The binary message, base64 (unpadded on output; either on input).
    pub value: String,
}

/// The Connect name of a code (`not_found`, `invalid_argument`, …).
pub fn code_name(code: Code) -> &'static str {
    match code {
        Code::Ok => "ok",
        Code::Cancelled => "canceled",
        Code::Unknown => "unknown",
        Code::InvalidArgument => "invalid_argument",
        Code::DeadlineExceeded => "deadline_exceeded",
        Code::NotFound => "not_found",
        Code::AlreadyExists => "already_exists",
        Code::PermissionDenied => "permission_denied",
        Code::ResourceExhausted => "resource_exhausted",
        Code::FailedPrecondition => "failed_precondition",
        Code::Aborted => "aborted",
        Code::OutOfRange => "out_of_range",
        Code::Unimplemented => "unimplemented",
        Code::Internal => "internal",
        Code::Unavailable => "unavailable",
        Code::DataLoss => "data_loss",
        Code::Unauthenticated => "unauthenticated",
    }
}

/// The code for a Connect code name, if it is one.
pub fn code_from_name(name: &str) -> Option<Code> {
    // Codes are 0 to 16 (`ok` to `unauthenticated`).
    (0..=16)
        .map(Code::from)
        .find(|code| code_name(*code) == name)
}

/// The HTTP status a Connect server answers an error with (connect-go v1.18).
pub fn http_status(code: Code) -> StatusCode {
    match code {
        Code::Ok => StatusCode::OK,
        Code::Cancelled => StatusCode::from_u16(499).unwrap_or(StatusCode::BAD_REQUEST),
        Code::InvalidArgument | Code::FailedPrecondition | Code::OutOfRange => {
            StatusCode::BAD_REQUEST
        }
        Code::DeadlineExceeded => StatusCode::GATEWAY_TIMEOUT,
        Code::NotFound => StatusCode::NOT_FOUND,
        Code::AlreadyExists | Code::Aborted => StatusCode::CONFLICT,
        Code::PermissionDenied => StatusCode::FORBIDDEN,
        Code::ResourceExhausted => StatusCode::TOO_MANY_REQUESTS,
        Code::Unimplemented => StatusCode::NOT_IMPLEMENTED,
        Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Code::Unauthenticated => StatusCode::UNAUTHORIZED,
        Code::Unknown | Code::Internal | Code::DataLoss => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The code a client infers from an HTTP status when the body is not a Connect
/// error (a proxy answered, say), as the Connect specification says.
pub fn code_from_http_status(status: StatusCode) -> Code {
    match status.as_u16() {
        400 => Code::Internal,
        401 => Code::Unauthenticated,
        403 => Code::PermissionDenied,
        404 => Code::Unimplemented,
        429 | 502 | 503 | 504 => Code::Unavailable,
        _ => Code::Unknown,
    }
}

/// The JSON body of a Connect error: `{"code":"not_found","message":"…"}`.
#[derive(Debug, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The Connect code name (empty when an answer has none, or `null`).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub code: String,
    /// The message for humans; omitted when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    /// The error details; omitted when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<JsonDetail>,
}

/// A string that may be `null` (read as empty).
fn null_as_empty<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}

impl ErrorBody {
    /// The body for a status.
    pub fn from_status(status: &Status) -> Self {
        ErrorBody {
            code: code_name(status.code()).to_owned(),
            message: status.message().to_owned(),
            details: details(status)
                .into_iter()
                .map(|detail| JsonDetail {
                    type_name: detail
                        .type_url
                        .rsplit_once('/')
                        .map_or(detail.type_url.as_str(), |(_, name)| name)
                        .to_owned(),
                    value: STANDARD_NO_PAD.encode(&detail.value),
                })
                .collect(),
        }
    }

    /// The JSON bytes.
    pub fn to_json(&self) -> Bytes {
        // Serialising two strings cannot fail.
        serde_json::to_vec(self)
            .map(Bytes::from)
            .unwrap_or_default()
    }

    /// The status a client reports for an error answer with this HTTP status
    /// and body.
    pub fn parse_status(http: StatusCode, body: &[u8]) -> Status {
        match serde_json::from_slice::<ErrorBody>(body) {
            Ok(parsed) => {
                // A missing, null or unknown code is the one the HTTP status
                // implies, as for an answer without an error body (what
                // connect-go clients do); the message is kept.
                let code = code_from_name(&parsed.code)
                    .filter(|code| *code != Code::Ok)
                    .unwrap_or_else(|| code_from_http_status(http));
                if parsed.details.is_empty() {
                    return Status::new(code, parsed.message);
                }
                let details = parsed
                    .details
                    .iter()
                    .filter_map(|detail| {
                        let value = detail.value.trim_end_matches('=');
                        Some(ErrorDetail {
                            type_url: format!("type.googleapis.com/{}", detail.type_name),
                            value: STANDARD_NO_PAD
                                .decode(value)
                                .or_else(|_| STANDARD.decode(&detail.value))
                                .ok()?,
                        })
                    })
                    .collect();
                with_details(code, parsed.message, details)
            }
            // Not a Connect error (a proxy, or a server refusing before any
            // RPC handling): keep what it said, shortened, so the reason
            // reaches the user.
            Err(_) => {
                let text = String::from_utf8_lossy(body);
                let text = text.trim();
                let mut message = format!("HTTP {http} without a Connect error body");
                if !text.is_empty() {
                    let cut = text
                        .char_indices()
                        .nth(200)
                        .map_or(text.len(), |(index, _)| index);
                    message.push_str(": ");
                    message.push_str(&text[..cut]);
                }
                Status::new(code_from_http_status(http), message)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_statuses_match_connect_go() {
        let table = [
            (Code::Cancelled, "canceled", 499),
            (Code::Unknown, "unknown", 500),
            (Code::InvalidArgument, "invalid_argument", 400),
            (Code::DeadlineExceeded, "deadline_exceeded", 504),
            (Code::NotFound, "not_found", 404),
            (Code::AlreadyExists, "already_exists", 409),
            (Code::PermissionDenied, "permission_denied", 403),
            (Code::ResourceExhausted, "resource_exhausted", 429),
            (Code::FailedPrecondition, "failed_precondition", 400),
            (Code::Aborted, "aborted", 409),
            (Code::OutOfRange, "out_of_range", 400),
            (Code::Unimplemented, "unimplemented", 501),
            (Code::Internal, "internal", 500),
            (Code::Unavailable, "unavailable", 503),
            (Code::DataLoss, "data_loss", 500),
            (Code::Unauthenticated, "unauthenticated", 401),
        ];
        for (code, name, status) in table {
            assert_eq!(code_name(code), name);
            assert_eq!(code_from_name(name), Some(code));
            assert_eq!(http_status(code).as_u16(), status, "{name}");
        }
    }

    #[test]
    fn error_body_round_trip() {
        let status = Status::not_found("secret not found");
        let json = ErrorBody::from_status(&status).to_json();
        assert_eq!(
            &json[..],
            br#"{"code":"not_found","message":"secret not found"}"#
        );
        let back = ErrorBody::parse_status(StatusCode::NOT_FOUND, &json);
        assert_eq!(back.code(), Code::NotFound);
        assert_eq!(back.message(), "secret not found");
        for odd in [
            &br#"{"message":"oops"}"#[..],
            br#"{"code":null,"message":"oops"}"#,
            br#"{"code":"foobar","message":"oops"}"#,
        ] {
            let status = ErrorBody::parse_status(StatusCode::TOO_MANY_REQUESTS, odd);
            assert_eq!(status.code(), Code::Unavailable);
            assert_eq!(status.message(), "oops");
        }
        let proxy = ErrorBody::parse_status(StatusCode::BAD_GATEWAY, b"<html>");
        assert_eq!(proxy.code(), Code::Unavailable);

        let detail = ErrorDetail {
            type_url: "type.googleapis.com/pkg.v1.Info".to_owned(),
            value: vec![0x0a, 1, b'x'],
        };
        let status = with_details(Code::NotFound, "gone", vec![detail.clone()]);
        let json = ErrorBody::from_status(&status).to_json();
        assert_eq!(
            &json[..],
            br#"{"code":"not_found","message":"gone","details":[{"type":"pkg.v1.Info","value":"CgF4"}]}"#
        );
        let back = ErrorBody::parse_status(StatusCode::NOT_FOUND, &json);
        assert_eq!(details(&back), vec![detail]);
        assert_eq!(proxy.code(), Code::Unavailable);
    }
}
