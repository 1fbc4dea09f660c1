//! The client under test: connect-runtime's `ConnectClient` (Connect
//! protocol, unary and server-streaming calls) over hyper's client (HTTP/1.1 or h2c), as
//! `connectconformance --mode client` runs it: size-delimited
//! `ClientCompatRequest`s on stdin, one `ClientCompatResponse` per request on
//! stdout (in the order the calls finish), exit at the end of stdin once every
//! call is done.
#![forbid(unsafe_code)]

use std::time::Duration;

use bytes::Bytes;
use connect_conformance::v1 as pb;
use connect_conformance::{read_message, register_any_types, to_headers, write_message};
use connect_conformance_api::connectrpc::conformance::v1::conformance_service_connect as paths;
use connect_runtime::compression::Encoding;
use connect_runtime::{Codec, ConnectClient, ConnectMessage, Trailers};
use futures_util::StreamExt;
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use protojson_wkt::Any;
use tonic::Status;
use tonic::metadata::{MetadataKey, MetadataMap, MetadataValue};

/// The hyper clients, one per HTTP version, shared by every call so that
/// connections are reused.
#[derive(Clone)]
struct Transports {
    http1: Client<HttpConnector, Full<Bytes>>,
    http2: Client<HttpConnector, Full<Bytes>>,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("client under test: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> std::io::Result<()> {
    register_any_types();
    let transports = Transports {
        http1: Client::builder(TokioExecutor::new()).build_http(),
        // HTTP/2 with prior knowledge: h2c, as the suite asks without TLS.
        http2: Client::builder(TokioExecutor::new())
            .http2_only(true)
            .build_http(),
    };
    let (results, mut received) = tokio::sync::mpsc::unbounded_channel();
    let writer = tokio::spawn(async move {
        let mut stdout = tokio::io::stdout();
        while let Some(response) = received.recv().await {
            write_message(&mut stdout, &response).await?;
        }
        Ok::<_, std::io::Error>(())
    });
    let mut calls = tokio::task::JoinSet::new();
    let mut stdin = tokio::io::stdin();
    while let Some(request) = read_message::<pb::ClientCompatRequest>(&mut stdin).await? {
        let transports = transports.clone();
        let results = results.clone();
        calls.spawn(async move {
            let test_name = request.test_name.clone();
            let result = match call(&transports, request).await {
                Ok(response) => pb::client_compat_response::Result::Response(response),
                Err(message) => {
                    pb::client_compat_response::Result::Error(pb::ClientErrorResult { message })
                }
            };
            let _ = results.send(pb::ClientCompatResponse {
                test_name,
                result: Some(result),
            });
        });
    }
    while calls.join_next().await.is_some() {}
    drop(results);
    writer.await.map_err(std::io::Error::other)?
}

/// One RPC as the request describes it. `Err` is for requests this client
/// cannot make at all (an RPC's own error is part of the result).
async fn call(
    transports: &Transports,
    request: pb::ClientCompatRequest,
) -> Result<pb::ClientResponseResult, String> {
    if request.protocol() != pb::Protocol::Connect {
        return Err(format!(
            "{:?}: ConnectClient speaks the Connect protocol only",
            request.protocol()
        ));
    }
    if !request.server_tls_cert.is_empty() {
        return Err("TLS is not supported".to_owned());
    }
    let transport = match request.http_version() {
        pb::HttpVersion::HttpVersion1 => transports.http1.clone(),
        pb::HttpVersion::HttpVersion2 => transports.http2.clone(),
        other => return Err(format!("{other:?} is not supported")),
    };
    let mut client = ConnectClient::new(transport)
        .with_origin(format!("http://{}:{}", request.host, request.port))
        .with_codec(match request.codec() {
            pb::Codec::Proto => Codec::Proto,
            pb::Codec::Json => Codec::Json,
            other => return Err(format!("codec {other:?} is not supported")),
        })
        .with_compression(match request.compression() {
            pb::Compression::Unspecified | pb::Compression::Identity => Encoding::Identity,
            pb::Compression::Gzip => Encoding::Gzip,
            other => return Err(format!("compression {other:?} is not supported")),
        });
    if let Some(timeout) = request.timeout_ms {
        client = client.with_timeout(Duration::from_millis(u64::from(timeout)));
    }
    if request.message_receive_limit > 0 {
        client = client.with_max_response_bytes(request.message_receive_limit as usize);
    }
    if request.service() != "connectrpc.conformance.v1.ConformanceService" {
        return Err(format!("unknown service {:?}", request.service()));
    }
    let message = request
        .request_messages
        .first()
        .ok_or("no request message")?;
    match request.method() {
        "Unary" => {
            unary::<pb::UnaryRequest, pb::UnaryResponse>(&client, paths::UNARY, message, &request)
                .await
        }
        "IdempotentUnary" => {
            unary::<pb::IdempotentUnaryRequest, pb::IdempotentUnaryResponse>(
                &client,
                paths::IDEMPOTENT_UNARY,
                message,
                &request,
            )
            .await
        }
        "Unimplemented" => {
            unary::<pb::UnimplementedRequest, pb::UnimplementedResponse>(
                &client,
                paths::UNIMPLEMENTED,
                message,
                &request,
            )
            .await
        }
        "ServerStream" => server_stream(&client, message, &request).await,
        other => Err(format!(
            "method {other:?}: ConnectClient makes unary and server-streaming calls only"
        )),
    }
}

/// A response message's conformance payload, if it has one.
trait Payload {
    fn payload(self) -> Option<pb::ConformancePayload>;
}

// An answer without a payload still counts as one (empty) payload, as the
// reference client reports it.
impl Payload for pb::UnaryResponse {
    fn payload(self) -> Option<pb::ConformancePayload> {
        Some(self.payload.unwrap_or_default())
    }
}

impl Payload for pb::IdempotentUnaryResponse {
    fn payload(self) -> Option<pb::ConformancePayload> {
        Some(self.payload.unwrap_or_default())
    }
}

impl Payload for pb::UnimplementedResponse {
    fn payload(self) -> Option<pb::ConformancePayload> {
        None
    }
}

async fn unary<Req, Resp>(
    client: &ConnectClient<Client<HttpConnector, Full<Bytes>>>,
    path: &str,
    message: &Any,
    request: &pb::ClientCompatRequest,
) -> Result<pb::ClientResponseResult, String>
where
    Req: ConnectMessage,
    Resp: ConnectMessage + Payload,
{
    let message: Req = message
        .unpack()
        .ok_or_else(|| format!("request message is a {}", message.type_name()))?
        .map_err(|e| e.to_string())?;
    let mut call = tonic::Request::new(message);
    for header in &request.request_headers {
        let key = MetadataKey::from_bytes(header.name.as_bytes()).map_err(|e| e.to_string())?;
        for value in &header.value {
            let value = MetadataValue::try_from(value.as_str()).map_err(|e| e.to_string())?;
            call.metadata_mut().append(key.clone(), value);
        }
    }
    let future = client.unary_with_metadata::<Req, Resp>(path, call);
    // Cancelling a unary call is dropping its future.
    let cancel_after = match request.cancel.as_ref().and_then(|c| c.cancel_timing) {
        Some(pb::client_compat_request::cancel::CancelTiming::AfterCloseSendMs(ms)) => {
            Some(Duration::from_millis(u64::from(ms)))
        }
        Some(pb::client_compat_request::cancel::CancelTiming::BeforeCloseSend(())) => {
            Some(Duration::ZERO)
        }
        _ => None,
    };
    let outcome = match cancel_after {
        Some(after) => tokio::time::timeout(after, future)
            .await
            .unwrap_or_else(|_| Err(Status::cancelled("canceled by the client"))),
        None => future.await,
    };
    Ok(match outcome {
        Ok(response) => {
            let (metadata, message, extensions) = response.into_parts();
            pb::ClientResponseResult {
                response_headers: to_headers(metadata.as_ref()),
                response_trailers: extensions
                    .get::<Trailers>()
                    .map(|trailers| to_headers(trailers.0.as_ref()))
                    .unwrap_or_default(),
                payloads: message.payload().into_iter().collect(),
                ..Default::default()
            }
        }
        Err(status) => {
            let (headers, trailers) = split(status.metadata());
            pb::ClientResponseResult {
                response_headers: headers,
                response_trailers: trailers,
                error: Some(pb::Error {
                    code: status.code() as i32,
                    message: Some(status.message().to_owned()),
                    details: connect_runtime::error::details(&status)
                        .into_iter()
                        .map(|detail| Any {
                            type_url: detail.type_url,
                            value: detail.value,
                        })
                        .collect(),
                }),
                ..Default::default()
            }
        }
    })
}

/// A server-streaming call: every payload until the end, or until the
/// cancellation the request asks for (dropping the stream).
async fn server_stream(
    client: &ConnectClient<Client<HttpConnector, Full<Bytes>>>,
    message: &Any,
    request: &pb::ClientCompatRequest,
) -> Result<pb::ClientResponseResult, String> {
    use pb::client_compat_request::cancel::CancelTiming;
    let message: pb::ServerStreamRequest = message
        .unpack()
        .ok_or_else(|| format!("request message is a {}", message.type_name()))?
        .map_err(|e| e.to_string())?;
    let mut call = tonic::Request::new(message);
    for header in &request.request_headers {
        let key = MetadataKey::from_bytes(header.name.as_bytes()).map_err(|e| e.to_string())?;
        for value in &header.value {
            let value = MetadataValue::try_from(value.as_str()).map_err(|e| e.to_string())?;
            call.metadata_mut().append(key.clone(), value);
        }
    }
    let timing = request.cancel.as_ref().map(|c| c.cancel_timing);
    // Without a timing, a cancel is right after the request is sent.
    let (cancel_after, cancel_after_responses) = match timing {
        None => (None, None),
        Some(None | Some(CancelTiming::BeforeCloseSend(()))) => (Some(Duration::ZERO), None),
        Some(Some(CancelTiming::AfterCloseSendMs(ms))) => {
            (Some(Duration::from_millis(u64::from(ms))), None)
        }
        Some(Some(CancelTiming::AfterNumResponses(n))) => (None, Some(n as usize)),
    };
    let canceled = || Status::cancelled("canceled by the client");
    let cancel_at = cancel_after.map(|after| tokio::time::Instant::now() + after);
    let within = |at: Option<tokio::time::Instant>| async move {
        match at {
            Some(at) => tokio::time::sleep_until(at).await,
            None => std::future::pending().await,
        }
    };
    let opened = tokio::select! {
        opened = client.server_stream_with_metadata::<_, pb::ServerStreamResponse>(
            paths::SERVER_STREAM,
            call,
        ) => opened,
        () = within(cancel_at) => Err(canceled()),
    };
    let mut stream = match opened {
        Ok(stream) => stream,
        Err(status) => {
            // Refused outright: its metadata is the answer's headers.
            let (headers, trailers) = split(status.metadata());
            return Ok(failed(headers, trailers, Vec::new(), &status));
        }
    };
    let headers = to_headers(stream.headers().as_ref());
    let mut payloads = Vec::new();
    let mut error = None;
    loop {
        if cancel_after_responses.is_some_and(|n| payloads.len() >= n) {
            error = Some(canceled());
            break;
        }
        let next = tokio::select! {
            next = stream.next() => next,
            () = within(cancel_at) => Some(Err(canceled())),
        };
        match next {
            Some(Ok(response)) => payloads.push(response.payload.unwrap_or_default()),
            Some(Err(status)) => {
                error = Some(status);
                break;
            }
            None => break,
        }
    }
    let trailers = stream
        .trailers()
        .map(|trailers| to_headers(trailers.as_ref()))
        .unwrap_or_default();
    drop(stream);
    Ok(match error {
        Some(status) => failed(headers, trailers, payloads, &status),
        None => pb::ClientResponseResult {
            response_headers: headers,
            response_trailers: trailers,
            payloads,
            ..Default::default()
        },
    })
}

/// The result of a call that ended with `status`.
fn failed(
    headers: Vec<pb::Header>,
    trailers: Vec<pb::Header>,
    payloads: Vec<pb::ConformancePayload>,
    status: &Status,
) -> pb::ClientResponseResult {
    pb::ClientResponseResult {
        response_headers: headers,
        response_trailers: trailers,
        payloads,
        error: Some(pb::Error {
            code: status.code() as i32,
            message: Some(status.message().to_owned()),
            details: connect_runtime::error::details(status)
                .into_iter()
                .map(|detail| Any {
                    type_url: detail.type_url,
                    value: detail.value,
                })
                .collect(),
        }),
        ..Default::default()
    }
}

/// An error's metadata (every header of the answer) as headers and
/// trailers (the `trailer-` headers, without the prefix).
fn split(metadata: &MetadataMap) -> (Vec<pb::Header>, Vec<pb::Header>) {
    let (trailers, headers): (Vec<pb::Header>, Vec<pb::Header>) = to_headers(metadata.as_ref())
        .into_iter()
        .partition(|header| header.name.starts_with("trailer-"));
    let trailers = trailers
        .into_iter()
        .map(|mut header| {
            header.name = header.name["trailer-".len()..].to_owned();
            header
        })
        .collect();
    (headers, trailers)
}
