//! One unary request in Connect, gRPC or gRPC-Web: the method and header
//! checks, the body read under the size limit, the call under its deadline,
//! and the answer in the request's protocol.

use std::future::Future;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use bytes::Bytes;
use futures_util::future::Either;
use http::header::{
    ACCEPT_ENCODING, ALLOW, CONNECTION, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE,
    TRANSFER_ENCODING,
};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use http_body_util::BodyExt;
use tonic::Status;
use tonic::metadata::MetadataMap;

use super::{Answer, ServerLimits, Trailers, bare, error_response, respond};
use crate::budget::{self, MemoryBudget, ReadError};
use crate::codec::{ACCEPTED_CONTENT_TYPES, Codec, ConnectMessage, STREAMING_CONTENT_TYPES};
use crate::compression::{self, Encoding};
use crate::grpc::{self, GrpcContentType};
use crate::{PROTOCOL_VERSION, timeout};

/// The request headers a unary call reads, found in one pass over the map:
/// with the handful of headers a request carries, that costs less than a
/// hashed lookup for each of these names. Each is the first value of its
/// name, as `HeaderMap::get` gives.
#[derive(Default)]
struct CallHeaders<'a> {
    content_type: Option<&'a HeaderValue>,
    content_length: Option<&'a HeaderValue>,
    content_encoding: Option<&'a HeaderValue>,
    accept_encoding: Option<&'a HeaderValue>,
    protocol_version: Option<&'a HeaderValue>,
    connect_timeout: Option<&'a HeaderValue>,
    grpc_encoding: Option<&'a HeaderValue>,
    grpc_accept_encoding: Option<&'a HeaderValue>,
    grpc_timeout: Option<&'a HeaderValue>,
    transfer_encoding: Option<&'a HeaderValue>,
    /// How many `Transfer-Encoding` fields the request has (Go's net/http
    /// takes exactly one).
    transfer_encodings: usize,
}

impl<'a> CallHeaders<'a> {
    fn read(headers: &'a HeaderMap) -> Self {
        let mut found = CallHeaders::default();
        for (name, value) in headers {
            let slot = if *name == CONTENT_TYPE {
                &mut found.content_type
            } else if *name == CONTENT_LENGTH {
                &mut found.content_length
            } else if *name == CONTENT_ENCODING {
                &mut found.content_encoding
            } else if *name == ACCEPT_ENCODING {
                &mut found.accept_encoding
            } else if *name == CONNECT_PROTOCOL_VERSION {
                &mut found.protocol_version
            } else if *name == CONNECT_TIMEOUT_MS {
                &mut found.connect_timeout
            } else if *name == GRPC_ENCODING {
                &mut found.grpc_encoding
            } else if *name == GRPC_ACCEPT_ENCODING {
                &mut found.grpc_accept_encoding
            } else if *name == GRPC_TIMEOUT {
                &mut found.grpc_timeout
            } else if *name == TRANSFER_ENCODING {
                found.transfer_encodings += 1;
                &mut found.transfer_encoding
            } else {
                continue;
            };
            slot.get_or_insert(value);
        }
        found
    }

    /// The declared body length, if any.
    fn content_length(&self) -> Option<u64> {
        text(self.content_length).and_then(|v| v.parse().ok())
    }

    /// Whether the body comes in a framing this server reads: no
    /// `Transfer-Encoding`, or one field that is exactly `chunked`. hyper
    /// reads any list ending in `chunked` (`gzip, chunked`) as plain chunked,
    /// which hands the service bytes still gzipped, and a peer that frames
    /// differently from the server is how requests are smuggled; Go's
    /// net/http answers such requests 501, and so does this.
    fn plain_transfer_encoding(&self) -> bool {
        self.transfer_encoding.is_none_or(|value| {
            self.transfer_encodings == 1
                && value
                    .as_bytes()
                    .trim_ascii()
                    .eq_ignore_ascii_case(b"chunked")
        })
    }

    /// How a Connect request's body is encoded and how long the call may
    /// take; refused on a protocol version other than ours.
    fn connect_call(&self) -> Result<CallSettings, Status> {
        if let Some(version) = lossy(self.protocol_version)
            && version != PROTOCOL_VERSION
        {
            return Err(Status::invalid_argument(format!(
                "Connect-Protocol-Version must be \"{PROTOCOL_VERSION}\": got {version:?}"
            )));
        }
        self.settings(self.content_encoding, self.connect_timeout, timeout::parse)
    }

    /// How a Connect streaming request's messages are encoded, how long the
    /// call may take, and what its `Connect-Accept-Encoding` says: streaming
    /// compresses each message, so it has its own headers for that (read
    /// here and not in [`CallHeaders::read`], which every unary call runs).
    fn connect_stream(
        &self,
        all: &'a HeaderMap,
    ) -> Result<(CallSettings, Option<&'a HeaderValue>), Status> {
        if let Some(version) = lossy(self.protocol_version)
            && version != PROTOCOL_VERSION
        {
            return Err(Status::invalid_argument(format!(
                "Connect-Protocol-Version must be \"{PROTOCOL_VERSION}\": got {version:?}"
            )));
        }
        let settings = self.settings(
            all.get(CONNECT_CONTENT_ENCODING),
            self.connect_timeout,
            timeout::parse,
        )?;
        Ok((settings, all.get(CONNECT_ACCEPT_ENCODING)))
    }

    /// How a gRPC request's body is encoded and how long the call may take.
    fn grpc_call(&self) -> Result<CallSettings, Status> {
        self.settings(self.grpc_encoding, self.grpc_timeout, grpc::parse_timeout)
    }

    /// The settings from a protocol's encoding and timeout headers.
    fn settings(
        &self,
        encoding: Option<&HeaderValue>,
        deadline: Option<&HeaderValue>,
        parse_deadline: fn(&str) -> Result<Duration, Status>,
    ) -> Result<CallSettings, Status> {
        Ok(CallSettings {
            encoding: Encoding::from_header(lossy(encoding).as_deref())?,
            deadline: lossy(deadline).as_deref().map(parse_deadline).transpose()?,
            declared_length: self.content_length(),
            http1: false,
        })
    }
}

/// A header value as text, if it is text.
fn text(value: Option<&HeaderValue>) -> Option<&str> {
    value.and_then(|v| v.to_str().ok())
}

/// A header value that says how to read the call, as text even when it is
/// not ASCII: such a value is then refused as the bad value it is (as Go's
/// servers refuse it), where [`text`] would read it as no header at all and
/// the call would go on without the encoding, timeout or version it asked
/// for.
fn lossy(value: Option<&HeaderValue>) -> Option<std::borrow::Cow<'_, str>> {
    value.map(|v| String::from_utf8_lossy(v.as_bytes()))
}

/// What of a request reaches the service besides its message: the headers
/// (as metadata) and the extensions. Not the whole `Parts`: every future
/// the request passes through would carry its method, URI and version too.
pub(super) struct RequestContext {
    headers: HeaderMap,
    extensions: http::Extensions,
}

/// What the headers say about one call.
pub(super) struct CallSettings {
    pub(super) encoding: Encoding,
    pub(super) deadline: Option<Duration>,
    pub(super) declared_length: Option<u64>,
    /// Whether the request came over HTTP/1.x, where a refused body is
    /// drained before the answer (see [`drain`]).
    pub(super) http1: bool,
}

/// One unary request: the header checks, then the call, its body and
/// answer held from `budget`.
///
/// A plain function returning the call's future, not an `async fn`: the
/// checks need the whole request, and an `async fn` would keep room for it
/// (and for its parts) in its future next to the call's. That future is
/// boxed for every request; kept small, it stays under glibc's tcache limit
/// (1032 bytes) and off malloc's slow path.
pub(super) fn handle<Req, Resp, Fut>(
    request: Request,
    limits: ServerLimits,
    budget: &'static MemoryBudget,
    call: impl FnOnce(tonic::Request<Req>) -> Fut,
) -> impl Future<Output = Response>
where
    Req: ConnectMessage,
    Resp: ConnectMessage,
    Fut: Future<Output = Result<tonic::Response<Resp>, Status>>,
{
    let checked = check(request, Kind::Unary);
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
        let result = call_unary(context, body, &protocol, settings, limits, budget, call).await;
        match protocol {
            Protocol::Connect {
                accepts_gzip,
                response_type,
                ..
            } => match result {
                Ok(answer) => {
                    let mut metadata = answer.metadata;
                    if let Some(trailers) = answer.trailers {
                        prefix_trailers(&mut metadata, trailers.0);
                    }
                    respond(
                        StatusCode::OK,
                        response_type,
                        metadata,
                        answer.body,
                        answer.held,
                        accepts_gzip,
                    )
                }
                Err(status) => error_response(&status),
            },
            Protocol::Grpc {
                grpc_type,
                accepts_gzip,
            } => grpc::respond(grpc_type, result, accepts_gzip),
        }
    }
}

/// A refused request: its answer, and its body, read and dropped before the
/// answer goes out.
pub(super) struct Refused {
    pub(super) response: Response,
    pub(super) body: Body,
    pub(super) http1: bool,
}

/// How much of an oversized request body is read and dropped after it is
/// refused, as Go's net/http server does (256 KiB), for the reason [`drain`]
/// gives; a larger one is cut off.
pub(super) const REFUSED_BODY_DRAIN_BYTES: usize = 256 << 10;

/// Reads and drops a refused request's body, up to `limit` bytes, so that a
/// client still sending it is not cut off (over HTTP/1.1, answering before
/// the body is read closes the connection under the client's writes: Go's
/// client then reports a broken pipe instead of the answer).
pub(super) async fn drain(body: impl http_body::Body<Data = Bytes>, limit: usize) {
    let mut body = std::pin::pin!(body);
    let mut read = 0usize;
    while let Some(Ok(frame)) = body.frame().await {
        if let Some(data) = frame.data_ref() {
            read += data.len();
            if read > limit {
                break;
            }
        }
    }
}

/// What a checked request goes on with.
pub(super) struct Checked {
    pub(super) protocol: Protocol,
    pub(super) settings: CallSettings,
    pub(super) context: RequestContext,
    pub(super) body: Body,
}

/// Which kind of method a route serves: it decides the Connect content
/// types accepted and how Connect errors are answered.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Unary,
    ServerStreaming,
}

/// Checks a request's method and headers; a request that fails gets its
/// answer (boxed, as clippy asks of large error types; refusals are rare).
pub(super) fn check(request: Request, kind: Kind) -> Result<Checked, Box<Refused>> {
    let (mut parts, body) = request.into_parts();
    // Over HTTP/1.x a refused body is read before the answer (see `drain`);
    // over HTTP/2 the stream is simply reset.
    let http1 = parts.version < http::Version::HTTP_2;
    let refused = |response, body| {
        Err(Box::new(Refused {
            response,
            body,
            http1,
        }))
    };
    let headers = CallHeaders::read(&parts.headers);
    if !headers.plain_transfer_encoding() {
        // The body's framing is in doubt, so it is not drained (`http1` is
        // false) and the connection is closed after the answer.
        return Err(Box::new(Refused {
            response: unsupported_transfer_encoding(),
            body,
            http1: false,
        }));
    }
    if parts.method != Method::POST {
        return refused(bare(StatusCode::METHOD_NOT_ALLOWED, ALLOW, "POST"), body);
    }
    let content_type = text(headers.content_type).unwrap_or_default();
    let connect_codec = match kind {
        Kind::Unary => Codec::from_content_type(content_type),
        Kind::ServerStreaming => Codec::from_streaming_content_type(content_type),
    };
    let (protocol, settings) = if let Some(codec) = connect_codec {
        // Like connect-go, answer in the content type asked for (a JSON
        // request with `; charset=utf-8` gets that back).
        let response_type = headers
            .content_type
            .cloned()
            .unwrap_or(HeaderValue::from_static(codec.content_type()));
        let settings = match kind {
            Kind::Unary => headers
                .connect_call()
                .map(|settings| (settings, headers.accept_encoding)),
            Kind::ServerStreaming => headers.connect_stream(&parts.headers),
        };
        match settings {
            Ok((settings, accept_encoding)) => (
                Protocol::Connect {
                    codec,
                    accepts_gzip: compression::accepts_gzip(text(accept_encoding)),
                    response_type,
                },
                settings,
            ),
            Err(status) => {
                let response = match kind {
                    Kind::Unary => error_response(&status),
                    Kind::ServerStreaming => super::stream::connect_error(response_type, &status),
                };
                return refused(response, body);
            }
        }
    } else if let Some(grpc_type) = GrpcContentType::parse(content_type) {
        let accepts_gzip = compression::accepts_gzip(text(headers.grpc_accept_encoding));
        match headers.grpc_call() {
            Ok(settings) => (
                Protocol::Grpc {
                    grpc_type,
                    accepts_gzip,
                },
                settings,
            ),
            Err(status) => {
                return refused(grpc::respond(grpc_type, Err(status), accepts_gzip), body);
            }
        }
    } else {
        return refused(unsupported_media_type(kind), body);
    };
    // Only the headers and extensions go on; the rest of the request is
    // dropped here.
    let context = RequestContext {
        headers: std::mem::take(&mut parts.headers),
        extensions: std::mem::take(&mut parts.extensions),
    };
    Ok(Checked {
        protocol,
        settings: CallSettings { http1, ..settings },
        context,
        body,
    })
}

/// Which protocol a request speaks, and how it wants its answer.
pub(super) enum Protocol {
    /// Connect: one message in the body, the status in the HTTP status and
    /// an error JSON body.
    Connect {
        codec: Codec,
        accepts_gzip: bool,
        response_type: HeaderValue,
    },
    /// gRPC or gRPC-Web: one framed message in the body, the status in
    /// trailers (or a trailer frame).
    Grpc {
        grpc_type: GrpcContentType,
        accepts_gzip: bool,
    },
}

/// 415, listing the content types a route accepts.
fn unsupported_media_type(kind: Kind) -> Response {
    let connect = match kind {
        Kind::Unary => ACCEPTED_CONTENT_TYPES,
        Kind::ServerStreaming => STREAMING_CONTENT_TYPES,
    };
    let mut accepted: Vec<&str> = connect
        .iter()
        .chain(grpc::ACCEPTED_CONTENT_TYPES)
        .copied()
        .collect();
    accepted.sort_unstable();
    bare(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        http::header::HeaderName::from_static("accept-post"),
        &accepted.join(", "),
    )
}

/// 501 for a transfer coding other than plain `chunked`, with Go's net/http
/// text, closing the connection as it does.
fn unsupported_transfer_encoding() -> Response {
    let mut response = bare(StatusCode::NOT_IMPLEMENTED, CONNECTION, "close");
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    *response.body_mut() = Body::from("Unsupported transfer encoding");
    response
}

/// One unary call in either protocol: reads and unwraps the request
/// message, calls the service, and encodes its answer.
async fn call_unary<Req, Resp, Fut>(
    context: RequestContext,
    body: Body,
    protocol: &Protocol,
    settings: CallSettings,
    limits: ServerLimits,
    budget: &'static MemoryBudget,
    call: impl FnOnce(tonic::Request<Req>) -> Fut,
) -> Result<Answer, Status>
where
    Req: ConnectMessage,
    Resp: ConnectMessage,
    Fut: Future<Output = Result<tonic::Response<Resp>, Status>>,
{
    let limit = limits.max_request_bytes;
    let read_limit = match protocol {
        Protocol::Connect { .. } => limit,
        // The frame header and base64 (gRPC-Web text) add to the message size.
        Protocol::Grpc { .. } => limit / 3 * 4 + 16,
    };
    let drain_limit = if settings.http1 {
        REFUSED_BODY_DRAIN_BYTES
    } else {
        0
    };
    // The request's bytes stay held until the answer is made: the decoded
    // message is about as large, and the service has it until then.
    let (body, mut held) = read_body(
        body,
        settings.declared_length,
        read_limit,
        drain_limit,
        budget,
    )
    .await?;
    let (body, codec) = match protocol {
        Protocol::Connect { codec, .. } => (settings.encoding.decode(body, limit)?, *codec),
        Protocol::Grpc { grpc_type, .. } => (
            grpc::request_message(*grpc_type, body, settings.encoding, limit)?,
            grpc_type.codec,
        ),
    };
    held.grow_to(body.len())?;
    let message: Req = codec.decode(&body)?;
    drop(body);
    let response = invoke(context, message, settings.deadline, call).await?;
    let (metadata, message, mut extensions) = response.into_parts();
    let body = codec.encode(&message)?;
    drop(held);
    Ok(Answer {
        metadata,
        held: budget.hold(body.len())?,
        body,
        trailers: extensions.remove::<Trailers>().map(Box::new),
    })
}

/// Calls the service with the decoded message, the request's headers as
/// metadata and its extensions, under the deadline.
pub(super) fn invoke<Req, Resp, Fut>(
    RequestContext {
        headers,
        extensions,
    }: RequestContext,
    message: Req,
    deadline: Option<Duration>,
    call: impl FnOnce(tonic::Request<Req>) -> Fut,
) -> impl Future<Output = Result<tonic::Response<Resp>, Status>>
where
    Fut: Future<Output = Result<tonic::Response<Resp>, Status>>,
{
    // A plain function returning the call's future, not an `async fn`: an
    // `async fn` would hold its arguments next to the future it awaits,
    // and every call's future would be that much bigger.
    let mut request =
        tonic::Request::from_parts(MetadataMap::from_headers(headers), extensions, message);
    match deadline {
        Some(deadline) => {
            request.set_timeout(deadline);
            // Boxed: a timer is several hundred bytes, and most calls have
            // no deadline.
            Either::Right(Box::pin(run_with_deadline(deadline, call(request))))
        }
        None => Either::Left(call(request)),
    }
}

pub(super) async fn run_with_deadline<T>(
    deadline: Duration,
    call: impl Future<Output = Result<T, Status>>,
) -> Result<T, Status> {
    tokio::time::timeout(deadline, call)
        .await
        .unwrap_or_else(|_| Err(deadline_exceeded(deadline)))
}

/// The error of a call that ran past its deadline.
pub(super) fn deadline_exceeded(deadline: Duration) -> Status {
    Status::deadline_exceeded(format!(
        "the call did not finish within its Connect-Timeout-Ms of {} ms",
        deadline.as_millis()
    ))
}

/// The request body, refused past `limit` or when its bytes do not fit in
/// `budget`; what is left of a refused body is drained (up to
/// `drain_limit`).
pub(super) async fn read_body(
    body: Body,
    declared: Option<u64>,
    limit: usize,
    drain_limit: usize,
    budget: &'static MemoryBudget,
) -> Result<(Bytes, budget::Held), Status> {
    read_body_as(body, declared, limit, limit, drain_limit, budget).await
}

/// [`read_body`], reporting `message_limit` (the limit on the message,
/// not on the body that frames it) when the body is too large.
pub(super) async fn read_body_as(
    body: Body,
    declared: Option<u64>,
    limit: usize,
    message_limit: usize,
    drain_limit: usize,
    budget: &'static MemoryBudget,
) -> Result<(Bytes, budget::Held), Status> {
    if declared.is_some_and(|length| length > limit as u64) {
        if drain_limit > 0 {
            drain(body, limit.saturating_add(drain_limit)).await;
        }
        return Err(compression::too_large(message_limit));
    }
    let mut body = std::pin::pin!(body);
    let refused = match budget::read_whole(body.as_mut(), limit, budget).await {
        Ok(read) => return Ok(read),
        Err(ReadError::Body(e)) => {
            return Err(Status::invalid_argument(format!("read request body: {e}")));
        }
        Err(ReadError::TooLarge) => compression::too_large(message_limit),
        Err(ReadError::Budget(status)) => status,
    };
    if drain_limit > 0 {
        drain(body, drain_limit).await;
    }
    Err(refused)
}

const CONNECT_CONTENT_ENCODING: HeaderName = HeaderName::from_static("connect-content-encoding");
const CONNECT_ACCEPT_ENCODING: HeaderName = HeaderName::from_static("connect-accept-encoding");
const GRPC_ACCEPT_ENCODING: HeaderName = HeaderName::from_static("grpc-accept-encoding");
const CONNECT_PROTOCOL_VERSION: HeaderName = HeaderName::from_static("connect-protocol-version");
const CONNECT_TIMEOUT_MS: HeaderName = HeaderName::from_static(timeout::HEADER);
const GRPC_ENCODING: HeaderName = HeaderName::from_static("grpc-encoding");
const GRPC_TIMEOUT: HeaderName = HeaderName::from_static("grpc-timeout");

/// Adds `trailers` to a Connect unary answer's headers, each name prefixed
/// `trailer-`.
fn prefix_trailers(headers: &mut MetadataMap, trailers: MetadataMap) {
    let headers = headers.as_mut();
    let mut name = None;
    for (key, value) in trailers.into_headers() {
        if let Some(key) = key {
            name = HeaderName::try_from(format!("trailer-{key}")).ok();
        }
        if let Some(name) = &name {
            headers.append(name.clone(), value);
        }
    }
}
