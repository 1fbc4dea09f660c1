//! A recorded HTTP/1.1 answer played over HTTP/2 (gRPC clients with prior
//! knowledge): the same answer, re-framed.

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};

use crate::http1::HttpResponse;

/// The headers of an HTTP/1.1 answer that HTTP/2 does not carry.
const CONNECTION_HEADERS: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "upgrade",
    "te",
];

/// A recorded HTTP/1.1 answer as an HTTP/2 one: its status, its headers but
/// the connection ones, its (de-chunked) body and its trailers.
pub(super) fn reframed(
    recorded: &HttpResponse,
) -> http::Response<BoxBody<Bytes, std::convert::Infallible>> {
    let mut response = http::Response::new(
        Full::new(Bytes::from(recorded.body.clone()))
            .with_trailers(std::future::ready(header_map(&recorded.trailers).map(Ok)))
            .boxed(),
    );
    *response.status_mut() =
        http::StatusCode::from_u16(recorded.status).unwrap_or(http::StatusCode::BAD_GATEWAY);
    if let Some(headers) = header_map(
        &recorded
            .headers
            .iter()
            .filter(|(name, _)| !CONNECTION_HEADERS.contains(&name.to_ascii_lowercase().as_str()))
            .cloned()
            .collect::<Vec<_>>(),
    ) {
        *response.headers_mut() = headers;
    }
    response
}

/// Fields as a header map; `None` when there are none.
fn header_map(fields: &[(String, String)]) -> Option<http::HeaderMap> {
    let mut map = http::HeaderMap::new();
    for (name, value) in fields {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::try_from(name.as_str()),
            http::HeaderValue::try_from(value.as_str()),
        ) {
            map.append(name, value);
        }
    }
    (!map.is_empty()).then_some(map)
}
