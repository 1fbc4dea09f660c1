//! The client side of a Connect server-streaming call: one enveloped
//! request, then the answer's envelopes read one at a time as the caller
//! polls the stream, until the end-of-stream message.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::{Buf, Bytes, BytesMut};
use futures_util::Stream;
use futures_util::stream::BoxStream;
use http::header::{CONTENT_TYPE, HeaderValue};
use http::{HeaderMap, HeaderName, StatusCode};
use http_body::Body;
use http_body_util::BodyExt;
use serde::Deserialize;
use tokio::time::Instant;
use tonic::Status;
use tonic::metadata::MetadataMap;
use tower::ServiceExt;

use super::{
    CONNECT_ACCEPT_ENCODING, CONNECT_CONTENT_ENCODING, ConnectClient, FLAG_COMPRESSED,
    FLAG_END_STREAM, Transport,
};
use crate::budget::{self, MemoryBudget, ReadError};
use crate::codec::{Codec, ConnectMessage};
use crate::compression::{self, Encoding};
use crate::error::ErrorBody;

/// The messages of a server-streaming call, in the order the server sent
/// them. It ends after the last one, or with the call's error (then
/// nothing follows). Dropping it closes the call, which tells the server to
/// stop.
pub struct ResponseStream<M> {
    inner: BoxStream<'static, Result<M, Status>>,
    headers: MetadataMap,
    /// The end-of-stream message's metadata, once it has arrived.
    trailers: Arc<Mutex<Option<MetadataMap>>>,
}

impl<M> ResponseStream<M> {
    /// The answer's headers.
    pub fn headers(&self) -> &MetadataMap {
        &self.headers
    }

    /// The answer's trailers (the end-of-stream message's metadata), once
    /// the stream has ended with them; `None` before, or when it ended
    /// without them (a broken connection, the deadline).
    pub fn trailers(&self) -> Option<MetadataMap> {
        self.trailers
            .lock()
            .map_or(None, |trailers| trailers.clone())
    }
}

impl<M> std::fmt::Debug for ResponseStream<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseStream").finish_non_exhaustive()
    }
}

impl<M> Stream for ResponseStream<M> {
    type Item = Result<M, Status>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<S> ConnectClient<S>
where
    S: Transport,
    S::ResponseBody: Send + 'static,
{
    /// Calls the server-streaming method at `path` (`/package.Service/Method`)
    /// and answers with its messages as they arrive. A call the server
    /// refuses outright fails here; one that fails later ends the stream
    /// with its error. The client's timeout covers the whole call, the
    /// stream included.
    pub async fn server_stream<Req, Resp>(
        &self,
        path: &str,
        request: Req,
    ) -> Result<ResponseStream<Resp>, Status>
    where
        Req: ConnectMessage,
        Resp: ConnectMessage,
    {
        self.server_stream_with_metadata(path, tonic::Request::new(request))
            .await
    }

    /// [`ConnectClient::server_stream`] with the request's metadata sent as
    /// headers; the answer's headers and trailers are on the
    /// [`ResponseStream`]. An error's metadata is the end-of-stream
    /// message's (or, for a call refused outright, the answer's headers).
    pub async fn server_stream_with_metadata<Req, Resp>(
        &self,
        path: &str,
        request: tonic::Request<Req>,
    ) -> Result<ResponseStream<Resp>, Status>
    where
        Req: ConnectMessage,
        Resp: ConnectMessage,
    {
        let deadline = self.timeout.map(|timeout| Instant::now() + timeout);
        let start = self.start_stream(path, request);
        let reader = match deadline {
            Some(at) => tokio::time::timeout_at(at, start)
                .await
                .unwrap_or_else(|_| Err(self.deadline_error(path)))?,
            None => start.await?,
        };
        let headers = reader.headers.clone();
        let trailers = reader.trailers.clone();
        let inner = futures_util::stream::unfold(Some(reader), move |reader| {
            async move {
                let mut reader = reader?;
                let next = match deadline {
                    Some(at) => match tokio::time::timeout_at(at, reader.next()).await {
                        Ok(next) => next,
                        Err(_) => Some(Err(reader.deadline_error())),
                    },
                    None => reader.next().await,
                };
                // After an error, nothing more is read.
                let more = matches!(next, Some(Ok(_)));
                next.map(|item| (item, more.then_some(reader)))
            }
        });
        Ok(ResponseStream {
            inner: Box::pin(inner),
            headers,
            trailers,
        })
    }

    fn deadline_error(&self, path: &str) -> Status {
        deadline_error(path, self.timeout.unwrap_or_default().as_millis())
    }

    /// Sends the request and checks the answer's headers.
    async fn start_stream<Req, Resp>(
        &self,
        path: &str,
        request: tonic::Request<Req>,
    ) -> Result<Reader<S::ResponseBody, Resp>, Status>
    where
        Req: ConnectMessage,
        Resp: ConnectMessage,
    {
        let (metadata, _, request) = request.into_parts();
        let message = self.codec.encode(&request)?;
        let (flag, payload) = match self.compression {
            Encoding::Identity => (0, message),
            Encoding::Gzip => (FLAG_COMPRESSED, compression::gzip(&message)?),
        };
        let body = crate::grpc::frame(flag, &payload).freeze();
        let mut http_request = self.http_request(path, metadata, body)?;
        let headers = http_request.headers_mut();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static(self.codec.streaming_content_type()),
        );
        headers.insert(
            CONNECT_ACCEPT_ENCODING,
            HeaderValue::from_static(compression::GZIP),
        );
        if self.compression == Encoding::Gzip {
            headers.insert(
                CONNECT_CONTENT_ENCODING,
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
        if parts.status != StatusCode::OK {
            // Refused before the stream began (404, 415, a proxy): the body
            // is a Connect error, as for a unary call, or not one at all.
            let body = match budget::read_whole(std::pin::pin!(body), limit, self.budget).await {
                Ok((body, _held)) => body,
                Err(ReadError::Budget(status)) => return Err(status),
                Err(ReadError::TooLarge | ReadError::Body(_)) => Bytes::new(),
            };
            return Err(with_headers(ErrorBody::parse_status(parts.status, &body)));
        }
        let content_type = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v: &HeaderValue| v.to_str().ok());
        let codec = content_type.and_then(Codec::from_streaming_content_type);
        if codec != Some(self.codec) {
            let message = format!(
                "{path}: answer has content type {content_type:?}, expected {:?}",
                self.codec.streaming_content_type()
            );
            return Err(with_headers(match codec {
                Some(_) => Status::internal(message),
                None => Status::unknown(message),
            }));
        }
        let encoding = parts
            .headers
            .get(CONNECT_CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok());
        let encoding = Encoding::from_header(encoding)
            .map_err(|e| with_headers(Status::internal(format!("{path}: {}", e.message()))))?;
        Ok(Reader {
            headers: MetadataMap::from_headers(parts.headers),
            trailers: Arc::default(),
            body: Box::pin(body),
            buffer: BytesMut::new(),
            codec: self.codec,
            encoding,
            limit,
            budget: self.budget,
            path: path.into(),
            timeout_ms: self.timeout.unwrap_or_default().as_millis(),
            _message: std::marker::PhantomData,
        })
    }
}

/// Reads the envelopes of a streaming answer.
struct Reader<B, M> {
    headers: MetadataMap,
    trailers: Arc<Mutex<Option<MetadataMap>>>,
    body: Pin<Box<B>>,
    /// What has arrived of the next envelope; never more than one envelope
    /// and a body frame, as an envelope is checked against the limit before
    /// more is read.
    buffer: BytesMut,
    codec: Codec,
    encoding: Encoding,
    limit: usize,
    budget: &'static MemoryBudget,
    path: Box<str>,
    /// The client's timeout, for the error when it passes.
    timeout_ms: u128,
    _message: std::marker::PhantomData<fn() -> M>,
}

fn deadline_error(path: &str, millis: u128) -> Status {
    Status::deadline_exceeded(format!("no answer from {path} within {millis} ms"))
}

/// The end-of-stream message.
#[derive(Deserialize)]
struct EndStream {
    #[serde(default)]
    error: Option<serde_json::Value>,
    #[serde(default)]
    metadata: HashMap<String, Vec<String>>,
}

impl<B, M> Reader<B, M>
where
    B: Body<Data = Bytes>,
    B::Error: Into<super::BoxError>,
    M: ConnectMessage,
{
    fn deadline_error(&self) -> Status {
        deadline_error(&self.path, self.timeout_ms)
    }

    /// The next message, the call's error, or `None` at a clean end.
    async fn next(&mut self) -> Option<Result<M, Status>> {
        let (flag, payload) = match self.envelope().await {
            Ok(envelope) => envelope,
            Err(status) => return Some(Err(status)),
        };
        let payload = if flag & FLAG_COMPRESSED != 0 {
            if self.encoding == Encoding::Identity {
                return Some(Err(Status::internal(format!(
                    "{}: compressed message without a Connect-Content-Encoding",
                    self.path
                ))));
            }
            match self.encoding.decode(payload, self.limit) {
                Ok(payload) => payload,
                Err(status) => return Some(Err(status)),
            }
        } else {
            payload
        };
        let _held = match self.budget.hold(payload.len()) {
            Ok(held) => held,
            Err(status) => return Some(Err(status)),
        };
        if flag & FLAG_END_STREAM != 0 {
            return self.end(&payload).map(Err);
        }
        Some(self.codec.decode(&payload).map_err(|e| {
            Status::internal(format!("{}: invalid answer: {}", self.path, e.message()))
        }))
    }

    /// The status of the end-of-stream message, if it holds an error.
    fn end(&self, payload: &[u8]) -> Option<Status> {
        let end: EndStream = match serde_json::from_slice(payload) {
            Ok(end) => end,
            Err(e) => {
                return Some(Status::internal(format!(
                    "{}: invalid end-of-stream message: {e}",
                    self.path
                )));
            }
        };
        let mut metadata = HeaderMap::new();
        for (name, values) in end.metadata {
            let Ok(name) = HeaderName::try_from(name) else {
                continue;
            };
            for value in values {
                if let Ok(value) = HeaderValue::try_from(value) {
                    metadata.append(name.clone(), value);
                }
            }
        }
        let metadata = MetadataMap::from_headers(metadata);
        if let Ok(mut trailers) = self.trailers.lock() {
            *trailers = Some(metadata.clone());
        }
        let error = end.error?;
        // An error without a code is `unknown`, as connect-go reads it.
        let mut status = ErrorBody::parse_status(
            StatusCode::INTERNAL_SERVER_ERROR,
            &serde_json::to_vec(&error).unwrap_or_default(),
        );
        *status.metadata_mut() = metadata;
        Some(status)
    }

    /// The next envelope's flag and payload. A stream ends with its
    /// end-of-stream message, so a body that ends first is an error.
    async fn envelope(&mut self) -> Result<(u8, Bytes), Status> {
        loop {
            if let Some(&[flag, a, b, c, d]) = self.buffer.first_chunk::<5>() {
                let length = u32::from_be_bytes([a, b, c, d]) as usize;
                if length > self.limit {
                    return Err(compression::too_large(self.limit));
                }
                if self.buffer.len() >= 5 + length {
                    self.buffer.advance(5);
                    let payload = self.buffer.split_to(length).freeze();
                    return Ok((flag, payload));
                }
            }
            match self.body.frame().await {
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        self.buffer.extend_from_slice(&data);
                    }
                }
                Some(Err(e)) => {
                    let e = e.into();
                    return Err(Status::unavailable(format!(
                        "{}: read response: {e}",
                        self.path
                    )));
                }
                None if self.buffer.is_empty() => {
                    return Err(Status::internal(format!(
                        "{}: the stream ended without its end-of-stream message",
                        self.path
                    )));
                }
                None => {
                    return Err(Status::internal(format!(
                        "{}: the stream ended inside a message ({} bytes of it)",
                        self.path,
                        self.buffer.len()
                    )));
                }
            }
        }
    }
}
