//! Connect error codes, their HTTP statuses and the error JSON body.

use bytes::Bytes;
use http::StatusCode;
use serde::{Deserialize, Serialize};
use tonic::{Code, Status};

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
    const ALL: [Code; 17] = [
        Code::Ok,
        Code::Cancelled,
        Code::Unknown,
        Code::InvalidArgument,
        Code::DeadlineExceeded,
        Code::NotFound,
        Code::AlreadyExists,
        Code::PermissionDenied,
        Code::ResourceExhausted,
        Code::FailedPrecondition,
        Code::Aborted,
        Code::OutOfRange,
        Code::Unimplemented,
        Code::Internal,
        Code::Unavailable,
        Code::DataLoss,
        Code::Unauthenticated,
    ];
    ALL.into_iter().find(|code| code_name(*code) == name)
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
    /// The Connect code name.
    pub code: String,
    /// The message for humans; omitted when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

impl ErrorBody {
    /// The body for a status.
    pub fn from_status(status: &Status) -> Self {
        ErrorBody {
            code: code_name(status.code()).to_owned(),
            message: status.message().to_owned(),
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
            Ok(parsed) => match code_from_name(&parsed.code) {
                Some(code) if code != Code::Ok => Status::new(code, parsed.message),
                _ => Status::unknown(format!(
                    "HTTP {http}: unknown Connect error code {:?}",
                    parsed.code
                )),
            },
            Err(_) => Status::new(
                code_from_http_status(http),
                format!("HTTP {http} without a Connect error body"),
            ),
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
        let proxy = ErrorBody::parse_status(StatusCode::BAD_GATEWAY, b"<html>");
        assert_eq!(proxy.code(), Code::Unavailable);
    }
}
