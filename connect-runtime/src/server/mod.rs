//! The server side of Connect calls: the limits a server enforces, the
//! routes that serve each method ([`routes`]), and the handling of one
//! request in whichever protocol it speaks (`unary`, and `stream` for
//! server-streaming methods).

use axum::body::Body;
use axum::extract::FromRef;
use axum::response::Response;
use bytes::Bytes;
use http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, StatusCode};
use tonic::Status;
use tonic::metadata::MetadataMap;

use crate::budget::Held;
use crate::{compression, error};

pub mod routes;
mod stream;
mod unary;

pub use routes::{Route, Routes, UnaryRoute, UnaryRoutes, router};

/// Limits a server enforces on every call. Routes read them from the
/// router's state (`router.with_state(limits)`, or any state they can be
/// taken from with `FromRef`); a router without state gets
/// [`ServerLimits::default`]. State rather than a request extension: an
/// extension layer costs an insertion and its allocations on every request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    /// The largest request message accepted, before and after decompression.
    /// Larger requests get `resource_exhausted`.
    pub max_request_bytes: usize,
}

/// The default request limit: 1 MiB. A `GetSecrets` request is a pattern of a
/// few dozen bytes; a megabyte leaves room for any real message while keeping
/// a careless or hostile client from making the engine buffer gigabytes.
pub const DEFAULT_MAX_REQUEST_BYTES: usize = 1 << 20;

/// Responses smaller than this are sent uncompressed even when the client
/// accepts gzip: compressing a few hundred bytes costs more than it saves.
pub const COMPRESS_MIN_BYTES: usize = 1024;

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            max_request_bytes: DEFAULT_MAX_REQUEST_BYTES,
        }
    }
}

/// A router without state enforces the default limits.
impl FromRef<()> for ServerLimits {
    fn from_ref(_: &()) -> Self {
        ServerLimits::default()
    }
}

/// Trailers a service sends with a successful answer: put them in the
/// extensions of the `tonic::Response` it returns
/// (`response.extensions_mut().insert(Trailers(map))`). gRPC sends them as
/// HTTP trailers (gRPC-Web in its trailer frame) and Connect as headers
/// prefixed `trailer-`, as the protocols say. An error's metadata
/// (`Status::metadata`) goes out as headers in Connect and with the status
/// in gRPC.
#[derive(Debug, Clone, Default)]
pub struct Trailers(pub MetadataMap);

/// A successful call's answer: its headers, its encoded message (and the
/// budget it holds, to go with the body sent) and its trailers, if it set
/// any.
pub(crate) struct Answer {
    pub(crate) metadata: MetadataMap,
    pub(crate) body: Bytes,
    pub(crate) held: Held,
    pub(crate) trailers: Option<Box<Trailers>>,
}

pub(crate) fn bare(status: StatusCode, name: http::header::HeaderName, value: &str) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
    response
}

pub(crate) fn respond(
    status: StatusCode,
    content_type: HeaderValue,
    metadata: MetadataMap,
    body: Bytes,
    held: Held,
    accepts_gzip: bool,
) -> Response {
    let mut headers = metadata.into_headers();
    let body = if accepts_gzip && body.len() >= COMPRESS_MIN_BYTES {
        match compression::gzip(&body) {
            Ok(packed) => {
                headers.insert(
                    CONTENT_ENCODING,
                    HeaderValue::from_static(compression::GZIP),
                );
                packed
            }
            Err(status) => return error_response(&status),
        }
    } else {
        body
    };
    headers.insert(CONTENT_TYPE, content_type);
    headers.insert(ACCEPT_ENCODING, HeaderValue::from_static(compression::GZIP));
    let mut response = Response::new(Body::from(held.attach(body)));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

/// The Connect answer for an error: the code's HTTP status, the status's
/// metadata as headers and the JSON body (with its details, if any).
pub fn error_response(status: &Status) -> Response {
    let body = error::ErrorBody::from_status(status).to_json();
    respond(
        error::http_status(status.code()),
        HeaderValue::from_static("application/json"),
        MetadataMap::from_headers(non_protocol_headers(status.metadata())),
        body,
        Held::default(),
        false,
    )
}

/// An error's metadata without the headers the protocols own (framing,
/// encodings, `connect-*`, `grpc-*`), which are the runtime's to write, as
/// connect-go merges an error's metadata.
pub(crate) fn non_protocol_headers(metadata: &MetadataMap) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in metadata.as_ref() {
        let text = name.as_str();
        let owned = matches!(
            text,
            "content-type"
                | "content-length"
                | "content-encoding"
                | "accept-encoding"
                | "transfer-encoding"
                | "connection"
                | "te"
                | "trailer"
                | "date"
        ) || text.starts_with("connect-")
            || text.starts_with("grpc-");
        if !owned {
            headers.append(name.clone(), value.clone());
        }
    }
    headers
}
