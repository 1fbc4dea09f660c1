//! The client side of a Connect unary call, over any tower HTTP service.

use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, USER_AGENT};
use http::{HeaderName, HeaderValue, Method, StatusCode};
use http_body::Body;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use tonic::Status;
use tower::{Service, ServiceExt};

use crate::codec::{Codec, ConnectMessage};
use crate::compression::{self, Encoding};
use crate::error::ErrorBody;
use crate::{PROTOCOL_VERSION, timeout};

/// Errors of the underlying HTTP service.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The largest response body a client reads: 64 MiB. Secrets are small; this
/// only stops a broken server from exhausting the client's memory.
pub const MAX_RESPONSE_BYTES: usize = 64 << 20;

/// A Connect unary client. `S` is the HTTP transport: any tower service from
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
}

/// Sent on every call.
const USER_AGENT_VALUE: HeaderValue =
    HeaderValue::from_static(concat!("connect-runtime-rs/", env!("CARGO_PKG_VERSION")));
const CONNECT_PROTOCOL_VERSION: HeaderName = HeaderName::from_static("connect-protocol-version");
const CONNECT_TIMEOUT_MS: HeaderName = HeaderName::from_static(timeout::HEADER);

impl<S> ConnectClient<S> {
    /// A client sending requests to `http://localhost<path>` through `transport`.
    pub fn new(transport: S) -> Self {
        ConnectClient {
            transport,
            origin: "http://localhost".to_owned(),
            codec: Codec::Proto,
            timeout: None,
            timeout_header: None,
        }
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

    async fn call<Req, Resp>(&self, path: &str, request: Req) -> Result<Resp, Status>
    where
        Req: ConnectMessage,
        Resp: ConnectMessage,
    {
        let body = self.codec.encode(&request)?;
        // Built field by field from pre-made header names and values: the
        // request builder would parse every name and copy every value.
        let mut uri = String::with_capacity(self.origin.len() + path.len());
        uri.push_str(&self.origin);
        uri.push_str(path);
        let uri = http::Uri::try_from(uri)
            .map_err(|e| Status::invalid_argument(format!("build request for {path}: {e}")))?;
        let mut http_request = http::Request::new(Full::new(body));
        *http_request.method_mut() = Method::POST;
        *http_request.uri_mut() = uri;
        let headers = http_request.headers_mut();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static(self.codec.content_type()),
        );
        headers.insert(
            CONNECT_PROTOCOL_VERSION,
            HeaderValue::from_static(PROTOCOL_VERSION),
        );
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_static(compression::GZIP));
        headers.insert(USER_AGENT, USER_AGENT_VALUE);
        if let Some(value) = &self.timeout_header {
            headers.insert(CONNECT_TIMEOUT_MS, value.clone());
        }

        let response = self
            .transport
            .clone()
            .oneshot(http_request)
            .await
            .map_err(|e| Status::unavailable(format!("{path}: {}", e.into())))?;
        let (parts, body) = response.into_parts();
        let body = match Limited::new(body, MAX_RESPONSE_BYTES).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
                return Err(compression::too_large(MAX_RESPONSE_BYTES));
            }
            Err(e) => return Err(Status::unavailable(format!("{path}: read response: {e}"))),
        };
        let encoding = parts
            .headers
            .get(CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok());
        let body = Encoding::from_header(encoding)
            .map_err(|e| Status::internal(format!("{path}: {}", e.message())))?
            .decode(body, MAX_RESPONSE_BYTES)?;
        if parts.status != StatusCode::OK {
            return Err(ErrorBody::parse_status(parts.status, &body));
        }
        let content_type = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v: &HeaderValue| v.to_str().ok());
        if content_type.and_then(Codec::from_content_type) != Some(self.codec) {
            return Err(Status::internal(format!(
                "{path}: answer has content type {content_type:?}, expected {:?}",
                self.codec.content_type()
            )));
        }
        self.codec
            .decode(&body)
            .map_err(|e| Status::internal(format!("{path}: invalid answer: {}", e.message())))
    }
}
