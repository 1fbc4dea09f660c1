//! The client side of Connect unary and server-streaming calls, over any
//! tower HTTP service.

use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, USER_AGENT};
use http::{HeaderName, HeaderValue, Method, StatusCode};
use http_body::Body;
use http_body_util::Full;
use tonic::Status;
use tower::{Service, ServiceExt};

use tonic::metadata::MetadataMap;

use crate::budget::{self, MemoryBudget, ReadError, UNLIMITED};
use crate::codec::{Codec, ConnectMessage};
use crate::compression::{self, Encoding};
use crate::error::ErrorBody;
use crate::server::Trailers;
use crate::{PROTOCOL_VERSION, timeout};

mod streaming;

pub use streaming::ResponseStream;

/// Errors of the underlying HTTP service.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The largest response body a client reads: 64 MiB. Secrets are small; this
/// only stops a broken server from exhausting the client's memory.
pub const MAX_RESPONSE_BYTES: usize = 64 << 20;

/// A Connect client, for unary and server-streaming calls. `S` is the HTTP transport: any tower service from
/// `http::Request<Full<Bytes>>` to `http::Response<B>`, for example a hyper
/// client connected to the engine's Unix socket.
///
/// Like the Go clients it sends binary protobuf by default, advertises gzip and
/// sends `Connect-Protocol-Version: 1`.
#[derive(Debug, Clone)]
pub struct ConnectClient<S> {
    transport: S,
    origin: String,
    codec: Codec,
    timeout: Option<Duration>,
    /// `Connect-Timeout-Ms` for `timeout`, made once rather than per call.
    timeout_header: Option<HeaderValue>,
    /// How request bodies are compressed (not at all by default).
    compression: Encoding,
    /// The largest response message read, before and after decompression.
    max_response_bytes: usize,
    /// What response bodies are held from while they are read and decoded.
    budget: &'static MemoryBudget,
}

/// Sent on every call.
const USER_AGENT_VALUE: HeaderValue =
    HeaderValue::from_static(concat!("connect-runtime-rs/", env!("CARGO_PKG_VERSION")));
const CONNECT_PROTOCOL_VERSION: HeaderName = HeaderName::from_static("connect-protocol-version");
const CONNECT_TIMEOUT_MS: HeaderName = HeaderName::from_static(timeout::HEADER);
const CONNECT_CONTENT_ENCODING: HeaderName = HeaderName::from_static("connect-content-encoding");
const CONNECT_ACCEPT_ENCODING: HeaderName = HeaderName::from_static("connect-accept-encoding");

/// Connect envelope flags: the payload is compressed; the envelope is the
/// end of the stream.
const FLAG_COMPRESSED: u8 = 0x01;
const FLAG_END_STREAM: u8 = 0x02;

impl<S> ConnectClient<S> {
    /// A client sending requests to `http://localhost<path>` through `transport`.
    pub fn new(transport: S) -> Self {
        ConnectClient {
            transport,
            origin: "http://localhost".to_owned(),
            codec: Codec::Proto,
            timeout: None,
            timeout_header: None,
            compression: Encoding::Identity,
            max_response_bytes: MAX_RESPONSE_BYTES,
            budget: &UNLIMITED,
        }
    }

    /// Holds response bodies from `budget` until they are decoded; one that
    /// does not fit fails its call with `resource_exhausted`. No limit by
    /// default.
    pub fn with_memory_budget(mut self, budget: &'static MemoryBudget) -> Self {
        self.budget = budget;
        self
    }

    /// Compresses request bodies with `encoding` (`Content-Encoding`); by
    /// default they are sent uncompressed.
    pub fn with_compression(mut self, encoding: Encoding) -> Self {
        self.compression = encoding;
        self
    }

    /// Refuses response messages larger than `limit` bytes, before or after
    /// decompression (`resource_exhausted`); [`MAX_RESPONSE_BYTES`] by default.
    pub fn with_max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Sends requests to `origin` (scheme and authority, no trailing slash).
    pub fn with_origin(mut self, origin: impl Into<String>) -> Self {
        self.origin = origin.into();
        self
    }

    /// Encodes requests with `codec` (binary protobuf by default).
    pub fn with_codec(mut self, codec: Codec) -> Self {
        self.codec = codec;
        self
    }

    /// Gives every call this deadline: it is sent as `Connect-Timeout-Ms` and
    /// enforced locally (`deadline_exceeded`).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self.timeout_header = Some(HeaderValue::from(timeout::millis(timeout)));
        self
    }
}

/// An HTTP transport a [`ConnectClient`] can send through: a cloneable tower
/// service from `http::Request<Full<Bytes>>` to an `http::Response`. Implemented
/// for every such service; generated clients name it in their bounds.
pub trait Transport:
    Service<
        http::Request<Full<Bytes>>,
        Response = http::Response<Self::ResponseBody>,
        Error: Into<BoxError>,
    > + Clone
{
    /// The body of the transport's responses.
    type ResponseBody: Body<Data = Bytes, Error: Into<BoxError>>;
}

impl<S, B> Transport for S
where
    S: Service<http::Request<Full<Bytes>>, Response = http::Response<B>> + Clone,
    S::Error: Into<BoxError>,
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    type ResponseBody = B;
}

impl<S: Transport> ConnectClient<S> {
    /// Calls the unary method at `path` (`/package.Service/Method`).
    pub async fn unary<Req, Resp>(&self, path: &str, request: Req) -> Result<Resp, Status>
    where
        Req: ConnectMessage,
        Resp: ConnectMessage,
    {
        match self
            .unary_with_metadata(path, tonic::Request::new(request))
            .await
        {
            Ok(response) => Ok(response.into_inner()),
            // Only `unary_with_metadata` reports the answer's headers.
            Err(mut status) => {
                *status.metadata_mut() = MetadataMap::new();
                Err(status)
            }
        }
    }

    /// Calls the unary method at `path` with the request's metadata as
    /// headers, and answers with the response's headers as metadata and its
    /// trailers (the `trailer-` headers of Connect unary, without the prefix)
    /// as a [`Trailers`] extension. An error's metadata is every header of
    /// the answer as received (trailers keep their `trailer-` prefix).
    pub async fn unary_with_metadata<Req, Resp>(
        &self,
        path: &str,
        request: tonic::Request<Req>,
    ) -> Result<tonic::Response<Resp>, Status>
    where
        Req: ConnectMessage,
        Resp: ConnectMessage,
    {
        let call = self.call(path, request);
        match self.timeout {
            Some(limit) => tokio::time::timeout(limit, call).await.unwrap_or_else(|_| {
                Err(Status::deadline_exceeded(format!(
                    "no answer from {path} within {} ms",
                    limit.as_millis()
                )))
            }),
            None => call.await,
        }
    }

    async fn call<Req, Resp>(
        &self,
        path: &str,
        request: tonic::Request<Req>,
    ) -> Result<tonic::Response<Resp>, Status>
    where
        Req: ConnectMessage,
        Resp: ConnectMessage,
    {
        let (metadata, _, request) = request.into_parts();
        let body = self.codec.encode(&request)?;
        let body = match self.compression {
            Encoding::Identity => body,
            Encoding::Gzip => compression::gzip(&body)?,
        };
        let mut http_request = self.http_request(path, metadata, body)?;
        let headers = http_request.headers_mut();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static(self.codec.content_type()),
        );
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_static(compression::GZIP));
        if self.compression == Encoding::Gzip {
            headers.insert(
                CONTENT_ENCODING,
                HeaderValue::from_static(compression::GZIP),
            );
        }

        let response = self
            .transport
            .clone()
            .oneshot(http_request)
            .await
            .map_err(|e| Status::unavailable(format!("{path}: {}", e.into())))?;
        let (parts, body) = response.into_parts();
        let limit = self.max_response_bytes;
        let with_headers = |mut status: Status| {
            *status.metadata_mut() = MetadataMap::from_headers(parts.headers.clone());
            status
        };
        let (body, mut held) =
            match budget::read_whole(std::pin::pin!(body), limit, self.budget).await {
                Ok(read) => read,
                Err(ReadError::TooLarge) => {
                    return Err(with_headers(compression::too_large(limit)));
                }
                Err(ReadError::Budget(status)) => return Err(status),
                Err(ReadError::Body(e)) => {
                    let e = e.into();
                    return Err(Status::unavailable(format!("{path}: read response: {e}")));
                }
            };
        let encoding = parts
            .headers
            .get(CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok());
        let body = Encoding::from_header(encoding)
            .map_err(|e| with_headers(Status::internal(format!("{path}: {}", e.message()))))?
            .decode(body, limit)
            .map_err(with_headers)?;
        held.grow_to(body.len())?;
        if parts.status != StatusCode::OK {
            return Err(with_headers(ErrorBody::parse_status(parts.status, &body)));
        }
        let content_type = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v: &HeaderValue| v.to_str().ok());
        let codec = content_type.and_then(Codec::from_content_type);
        if codec != Some(self.codec) {
            // Another codec is a broken server (internal); not a Connect
            // answer at all is unknown, as connect-go says.
            let message = format!(
                "{path}: answer has content type {content_type:?}, expected {:?}",
                self.codec.content_type()
            );
            return Err(with_headers(match codec {
                Some(_) => Status::internal(message),
                None => Status::unknown(message),
            }));
        }
        let message = self.codec.decode(&body).map_err(|e| {
            with_headers(Status::internal(format!(
                "{path}: invalid answer: {}",
                e.message()
            )))
        })?;
        let mut response = tonic::Response::new(message);
        let (headers, trailers) = split_trailers(parts.headers);
        *response.metadata_mut() = MetadataMap::from_headers(headers);
        if let Some(trailers) = trailers {
            response
                .extensions_mut()
                .insert(Trailers(MetadataMap::from_headers(trailers)));
        }
        Ok(response)
    }
}

impl<S> ConnectClient<S> {
    /// A POST of `body` to `path`, with `metadata` and the headers every
    /// call sends (protocol version, user agent, timeout). Built field by
    /// field from pre-made header names and values: the request builder
    /// would parse every name and copy every value.
    fn http_request(
        &self,
        path: &str,
        metadata: MetadataMap,
        body: Bytes,
    ) -> Result<http::Request<Full<Bytes>>, Status> {
        let mut uri = String::with_capacity(self.origin.len() + path.len());
        uri.push_str(&self.origin);
        uri.push_str(path);
        let uri = http::Uri::try_from(uri)
            .map_err(|e| Status::invalid_argument(format!("build request for {path}: {e}")))?;
        let mut http_request = http::Request::new(Full::new(body));
        *http_request.method_mut() = Method::POST;
        *http_request.uri_mut() = uri;
        if !metadata.is_empty() {
            *http_request.headers_mut() = metadata.into_headers();
        }
        let headers = http_request.headers_mut();
        headers.insert(
            CONNECT_PROTOCOL_VERSION,
            HeaderValue::from_static(PROTOCOL_VERSION),
        );
        headers.insert(USER_AGENT, USER_AGENT_VALUE);
        if let Some(value) = &self.timeout_header {
            headers.insert(CONNECT_TIMEOUT_MS, value.clone());
        }
        Ok(http_request)
    }
}

/// A Connect unary answer's headers, and its trailers (the `trailer-`
/// headers, without the prefix) if it has any.
fn split_trailers(headers: http::HeaderMap) -> (http::HeaderMap, Option<http::HeaderMap>) {
    if !headers
        .keys()
        .any(|name| name.as_str().starts_with("trailer-"))
    {
        return (headers, None);
    }
    let mut plain = http::HeaderMap::with_capacity(headers.len());
    let mut trailers = http::HeaderMap::new();
    for name in headers.keys() {
        let stripped = name
            .as_str()
            .strip_prefix("trailer-")
            .and_then(|rest| HeaderName::try_from(rest).ok());
        for value in headers.get_all(name) {
            match &stripped {
                Some(stripped) => trailers.append(stripped.clone(), value.clone()),
                None => plain.append(name.clone(), value.clone()),
            };
        }
    }
    (plain, Some(trailers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailers_are_the_prefixed_headers() {
        let mut headers = http::HeaderMap::new();
        headers.append("x-a", HeaderValue::from_static("1"));
        headers.append("trailer-x-b", HeaderValue::from_static("2"));
        headers.append("trailer-x-b", HeaderValue::from_static("3"));
        let (plain, trailers) = split_trailers(headers);
        assert_eq!(plain.len(), 1);
        let trailers = trailers.expect("has trailers");
        let values: Vec<_> = trailers.get_all("x-b").iter().collect();
        assert_eq!(values, ["2", "3"]);
    }
}
