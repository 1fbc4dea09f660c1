//! One server-streaming request in Connect, gRPC or gRPC-Web: the same
//! checks, size limit and deadline as a unary call (`unary`), then the
//! service's stream sent message by message as the client reads it, and
//! its end (status and trailers) in the request's protocol.
//!
//! The answer's body polls the service's stream only when hyper asks for
//! the next frame, which it does as the connection takes what was sent: a
//! client that reads slowly holds the stream back instead of making the
//! server queue messages for it. When the client goes away hyper drops the
//! body, and with it the stream, so the service stops its work then.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use futures_util::Stream;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use http_body::Frame;
use tokio::time::{Instant, Sleep};
use tonic::Status;
use tonic::metadata::MetadataMap;

use super::unary::{
    CallSettings, Checked, Kind, Protocol, REFUSED_BODY_DRAIN_BYTES, Refused, check,
    deadline_exceeded, drain, invoke, read_body_as,
};
use super::{COMPRESS_MIN_BYTES, ServerLimits, Trailers, non_protocol_headers};
use crate::budget::MemoryBudget;
use crate::codec::{Codec, ConnectMessage};
use crate::compression;
use crate::error::ErrorBody;
use crate::grpc::{self, FLAG_COMPRESSED, Flavor, GrpcContentType};

/// Connect envelope flag: the last message, holding the end of the stream
/// (its error and trailers) as JSON.
const FLAG_END_STREAM: u8 = 0x02;

const CONNECT_CONTENT_ENCODING: HeaderName = HeaderName::from_static("connect-content-encoding");
const CONNECT_ACCEPT_ENCODING: HeaderName = HeaderName::from_static("connect-accept-encoding");
const GRPC_ENCODING: HeaderName = HeaderName::from_static("grpc-encoding");
const GRPC_ACCEPT_ENCODING: HeaderName = HeaderName::from_static("grpc-accept-encoding");

/// One server-streaming request: the checks, the request message, the call,
/// then the answer streaming the messages the service produces.
pub(super) fn handle<Req, Resp, St, Fut>(
    request: Request,
    limits: ServerLimits,
    budget: &'static MemoryBudget,
    call: impl FnOnce(tonic::Request<Req>) -> Fut,
) -> impl Future<Output = Response>
where
    Req: ConnectMessage,
    Resp: ConnectMessage,
    St: Stream<Item = Result<Resp, Status>> + Send + 'static,
    Fut: Future<Output = Result<tonic::Response<St>, Status>>,
{
    let checked = check(request, Kind::ServerStreaming);
    async move {
        let Checked {
            protocol,
            settings,
            context,
            body,
        } = match checked {
            Ok(checked) => checked,
            Err(refused) => {
                let Refused {
                    response,
                    body,
                    http1,
                } = *refused;
                if http1 {
                    drain(body, limits.max_request_bytes).await;
                }
                return response;
            }
        };
        // The deadline covers the whole call: reading the request, the
        // service's setup and every message of its stream.
        let deadline = settings
            .deadline
            .map(|timeout| (Instant::now() + timeout, timeout));
        let result = match read_message::<Req>(body, &protocol, &settings, limits, budget).await {
            Ok(message) => invoke(context, message, settings.deadline, call).await,
            Err(status) => Err(status),
        };
        match result {
            Ok(response) => stream_response(protocol, response, deadline, settings.http1, budget),
            Err(status) => match protocol {
                Protocol::Connect { response_type, .. } => connect_error(response_type, &status),
                Protocol::Grpc {
                    grpc_type,
                    accepts_gzip,
                } => grpc::respond(grpc_type, Err(status), accepts_gzip),
            },
        }
    }
}

/// Reads and decodes the one request message of a streaming call: an
/// enveloped message (a gRPC frame, or the Connect envelope, which has the
/// same 5-byte prefix), within the request limit before and after
/// decompression.
async fn read_message<Req: ConnectMessage>(
    body: Body,
    protocol: &Protocol,
    settings: &CallSettings,
    limits: ServerLimits,
    budget: &'static MemoryBudget,
) -> Result<Req, Status> {
    let limit = limits.max_request_bytes;
    let read_limit = match protocol {
        Protocol::Connect { .. } => limit.saturating_add(5),
        // The frame header and base64 (gRPC-Web text) add to the message size.
        Protocol::Grpc { .. } => limit / 3 * 4 + 16,
    };
    let drain_limit = if settings.http1 {
        REFUSED_BODY_DRAIN_BYTES
    } else {
        0
    };
    let (body, mut held) = read_body_as(
        body,
        settings.declared_length,
        read_limit,
        limit,
        drain_limit,
        budget,
    )
    .await?;
    let (message, codec) = match protocol {
        Protocol::Connect { codec, .. } => (
            grpc::single_message(body, settings.encoding, limit)?,
            *codec,
        ),
        Protocol::Grpc { grpc_type, .. } => (
            grpc::request_message(*grpc_type, body, settings.encoding, limit)?,
            grpc_type.codec,
        ),
    };
    held.grow_to(message.len())?;
    codec.decode(&message)
}

/// The answer to a Connect streaming call that failed before its first
/// message: HTTP 200 (a streaming call's status is in its end), and a body
/// that is only the end-of-stream message with the error, as connect-go
/// answers.
pub(super) fn connect_error(response_type: HeaderValue, status: &Status) -> Response {
    let end = end_of_stream(Some(status), non_protocol_headers(status.metadata()));
    let mut response = Response::new(Body::from(end));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, response_type);
    headers.insert(
        CONNECT_ACCEPT_ENCODING,
        HeaderValue::from_static(compression::GZIP),
    );
    response
}

/// The Connect end-of-stream message: `{"error": …, "metadata": …}`, each
/// left out when there is none, in an envelope flagged 0x02.
fn end_of_stream(error: Option<&Status>, metadata: HeaderMap) -> Bytes {
    let mut end = serde_json::Map::new();
    if let Some(status) = error {
        // An error body is strings and a list of strings: it always serialises.
        let error = serde_json::to_value(ErrorBody::from_status(status)).unwrap_or_default();
        end.insert("error".to_owned(), error);
    }
    if !metadata.is_empty() {
        let mut fields = serde_json::Map::new();
        for name in metadata.keys() {
            let values = metadata
                .get_all(name)
                .iter()
                .map(|value| {
                    String::from_utf8_lossy(value.as_bytes())
                        .into_owned()
                        .into()
                })
                .collect();
            fields.insert(name.as_str().to_owned(), serde_json::Value::Array(values));
        }
        end.insert("metadata".to_owned(), fields.into());
    }
    let json = serde_json::to_vec(&end).unwrap_or_default();
    grpc::frame(FLAG_END_STREAM, &json).freeze()
}

/// How the messages of an answer are framed.
#[derive(Clone, Copy)]
enum Framing {
    /// Connect envelopes, the end as an end-of-stream message.
    Connect,
    /// gRPC frames, the end as HTTP trailers.
    Grpc,
    /// gRPC-Web frames, the end as a trailer frame (`text`: each frame in
    /// base64).
    Web { text: bool },
}

/// The answer to a call whose service returned its stream: the headers now,
/// the messages as the body.
fn stream_response<Resp, St>(
    protocol: Protocol,
    response: tonic::Response<St>,
    deadline: Option<(Instant, Duration)>,
    http1: bool,
    budget: &'static MemoryBudget,
) -> Response
where
    Resp: ConnectMessage,
    St: Stream<Item = Result<Resp, Status>> + Send + 'static,
{
    let (metadata, stream, mut extensions) = response.into_parts();
    let trailers = extensions.remove::<Trailers>().map(|trailers| trailers.0);
    let mut headers = metadata.into_headers();
    let (framing, codec, gzip) = match protocol {
        Protocol::Connect {
            codec,
            accepts_gzip,
            response_type,
        } => {
            headers.insert(CONTENT_TYPE, response_type);
            headers.insert(
                CONNECT_ACCEPT_ENCODING,
                HeaderValue::from_static(compression::GZIP),
            );
            if accepts_gzip {
                // Declared for the stream; each message says in its flag
                // whether it is compressed (small ones are not).
                headers.insert(
                    CONNECT_CONTENT_ENCODING,
                    HeaderValue::from_static(compression::GZIP),
                );
            }
            (Framing::Connect, codec, accepts_gzip)
        }
        Protocol::Grpc {
            grpc_type,
            accepts_gzip,
        } => {
            grpc_headers(
                &mut headers,
                grpc_type,
                accepts_gzip,
                http1.then_some(trailers.as_ref()),
            );
            let framing = match grpc_type.flavor {
                Flavor::Grpc => Framing::Grpc,
                Flavor::Web => Framing::Web { text: false },
                Flavor::WebText => Framing::Web { text: true },
            };
            (framing, grpc_type.codec, accepts_gzip)
        }
    };
    let body = Messages {
        stream: Some(Box::pin(stream)),
        deadline: deadline.map(|(at, timeout)| (Box::pin(tokio::time::sleep_until(at)), timeout)),
        framing,
        codec,
        gzip,
        budget,
        trailers,
    };
    let mut response = Response::new(Body::new(body));
    *response.status_mut() = StatusCode::OK;
    *response.headers_mut() = headers;
    response
}

/// The headers of a gRPC-family streaming answer; `announce` holds the
/// service's trailers when the request came over HTTP/1.1, where a
/// `Trailer` header must name the trailers to come.
fn grpc_headers(
    headers: &mut HeaderMap,
    grpc_type: GrpcContentType,
    gzip: bool,
    announce: Option<Option<&MetadataMap>>,
) {
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(grpc_type.response_type),
    );
    headers.insert(
        GRPC_ACCEPT_ENCODING,
        HeaderValue::from_static(compression::GZIP),
    );
    if gzip {
        headers.insert(GRPC_ENCODING, HeaderValue::from_static(compression::GZIP));
    }
    // HTTP/1.1 only sends the trailers a response announces: the status
    // ones, and the service's trailers, known now. (An error's own
    // metadata, known only at the end, reaches HTTP/2 clients only.) Not
    // over HTTP/2: Go's client lists announced trailers as present but
    // empty until they come, so a call it cancels looks like one whose
    // trailers lack a status.
    if let (Flavor::Grpc, Some(trailers)) = (grpc_type.flavor, announce) {
        let mut announced = String::from("grpc-status, grpc-message, grpc-status-details-bin");
        for name in trailers.map(|t| t.as_ref().keys()).into_iter().flatten() {
            announced.push_str(", ");
            announced.push_str(name.as_str());
        }
        if let Ok(value) = HeaderValue::from_str(&announced) {
            headers.insert(http::header::TRAILER, value);
        }
    }
}

/// The body of a streaming answer: one frame per message of the service's
/// stream, polled only when hyper asks for the next frame, then the end.
struct Messages<St> {
    /// The service's stream, until it ends, fails or runs out of time
    /// (dropped then, so the service stops at once).
    stream: Option<Pin<Box<St>>>,
    /// When the call's deadline passes, and the timeout it came from.
    deadline: Option<(Pin<Box<Sleep>>, Duration)>,
    framing: Framing,
    codec: Codec,
    /// Whether messages of at least [`COMPRESS_MIN_BYTES`] are gzipped.
    gzip: bool,
    /// What each message waiting to be sent is held from.
    budget: &'static MemoryBudget,
    /// The trailers the service set on its response.
    trailers: Option<MetadataMap>,
}

impl<Resp, St> Messages<St>
where
    Resp: ConnectMessage,
    St: Stream<Item = Result<Resp, Status>>,
{
    /// One message as the frame to send.
    fn message(&self, message: &Resp) -> Result<Bytes, Status> {
        let encoded = self.codec.encode(message)?;
        let (flag, payload) = if self.gzip && encoded.len() >= COMPRESS_MIN_BYTES {
            (FLAG_COMPRESSED, compression::gzip(&encoded)?)
        } else {
            (0, encoded)
        };
        let framed = grpc::frame(flag, &payload).freeze();
        let framed = match self.framing {
            Framing::Web { text: true } => STANDARD.encode(&framed).into(),
            _ => framed,
        };
        Ok(self.budget.hold(framed.len())?.attach(framed))
    }

    /// Ends the stream with `result`: drops the service's stream and gives
    /// the last frame.
    fn finish(&mut self, result: Result<(), Status>) -> Frame<Bytes> {
        self.stream = None;
        self.deadline = None;
        let trailers = self.trailers.take().map(MetadataMap::into_headers);
        match self.framing {
            Framing::Connect => {
                let mut metadata = trailers.unwrap_or_default();
                if let Err(status) = &result {
                    metadata.extend(non_protocol_headers(status.metadata()));
                }
                Frame::data(end_of_stream(result.as_ref().err(), metadata))
            }
            Framing::Grpc | Framing::Web { .. } => {
                let mut status = result.err().unwrap_or_else(|| Status::ok(""));
                if let Some(trailers) = trailers {
                    status.metadata_mut().as_mut().extend(trailers);
                }
                let headers = grpc::status_headers(&status);
                match self.framing {
                    Framing::Web { text } => {
                        let frame = grpc::trailer_frame(&headers).freeze();
                        Frame::data(if text {
                            STANDARD.encode(&frame).into()
                        } else {
                            frame
                        })
                    }
                    _ => Frame::trailers(headers),
                }
            }
        }
    }
}

impl<Resp, St> http_body::Body for Messages<St>
where
    Resp: ConnectMessage,
    St: Stream<Item = Result<Resp, Status>>,
{
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        let Some(stream) = this.stream.as_mut() else {
            return Poll::Ready(None);
        };
        if let Some((sleep, timeout)) = &mut this.deadline
            && sleep.as_mut().poll(cx).is_ready()
        {
            let status = deadline_exceeded(*timeout);
            return Poll::Ready(Some(Ok(this.finish(Err(status)))));
        }
        let frame = match ready!(stream.as_mut().poll_next(cx)) {
            Some(Ok(message)) => match this.message(&message) {
                Ok(framed) => Frame::data(framed),
                Err(status) => this.finish(Err(status)),
            },
            Some(Err(status)) => this.finish(Err(status)),
            None => this.finish(Ok(())),
        };
        Poll::Ready(Some(Ok(frame)))
    }

    fn is_end_stream(&self) -> bool {
        self.stream.is_none()
    }
}
