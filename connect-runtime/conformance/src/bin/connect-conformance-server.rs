//! The server under test: `ConformanceService`'s unary and server-streaming
//! methods served by connect-runtime's `Routes` (Connect, gRPC and gRPC-Web
//! over HTTP/1.1 and h2c) on 127.0.0.1, as `connectconformance --mode server` starts it:
//! a size-delimited `ServerCompatRequest` on stdin, a `ServerCompatResponse`
//! with the port on stdout, then requests until it is killed.
#![forbid(unsafe_code)]

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use connect_conformance::v1 as pb;
use connect_conformance::{read_message, register_any_types, to_headers, write_message};
use connect_conformance_api::connectrpc::conformance::v1::conformance_service_connect;
use connect_conformance_api::connectrpc::conformance::v1::conformance_service_server::ConformanceService;
use connect_runtime::error::{ErrorDetail, with_details};
use connect_runtime::{Routes, ServerLimits, Trailers};
use futures_util::{Stream, StreamExt};
use http_body_util::BodyExt;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use protojson_wkt::Any;
use tonic::metadata::{MetadataKey, MetadataMap, MetadataValue};
use tonic::{Code, Status};

/// Without a limit from the runner, requests up to this size are read (the
/// suite's largest messages are a few MiB).
const UNLIMITED_REQUEST_BYTES: usize = 64 << 20;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server under test: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> std::io::Result<()> {
    register_any_types();
    let mut stdin = tokio::io::stdin();
    let request: pb::ServerCompatRequest = read_message(&mut stdin).await?.ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "no ServerCompatRequest on stdin",
        )
    })?;
    if request.use_tls {
        return Err(std::io::Error::other(
            "TLS was asked for; this server under test is plaintext only (supports_tls: false)",
        ));
    }
    let limits = ServerLimits {
        max_request_bytes: match request.message_receive_limit {
            0 => UNLIMITED_REQUEST_BYTES,
            limit => limit as usize,
        },
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    write_message(
        &mut tokio::io::stdout(),
        &pb::ServerCompatResponse {
            host: address.ip().to_string(),
            port: u32::from(address.port()),
            pem_cert: Vec::new(),
        },
    )
    .await?;

    // Other paths get 404 (clients read it as `unimplemented`), after the
    // request body is read (see connect-runtime's `drain`).
    let not_found = tower::service_fn(|request: Request| async move {
        let _ = http_body_util::Limited::new(request.into_body(), UNLIMITED_REQUEST_BYTES)
            .collect()
            .await;
        let mut response = Response::new(Body::empty());
        *response.status_mut() = http::StatusCode::NOT_FOUND;
        Ok::<_, Infallible>(response)
    });
    let routes = Routes::new(
        conformance_service_connect::connect_routes(Arc::new(Conformance)),
        limits,
        not_found,
    );
    loop {
        let (stream, _) = listener.accept().await?;
        let service = TowerToHyperService::new(routes.clone());
        tokio::spawn(async move {
            // HTTP/1.1, or HTTP/2 with prior knowledge (h2c), by the preface.
            let builder = auto::Builder::new(TokioExecutor::new());
            // A connection's error is not reported: the suite's clients cut
            // calls short on purpose (timeouts, cancellation), and what they
            // saw is what the runner checks.
            let _ = builder
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The service, as the reference server implements it (connectconformance
/// `internal/app/referenceserver`), for the unary and server-streaming
/// methods.
struct Conformance;

/// A request with a unary response definition.
trait WithDefinition: prost::Message + prost::Name + Sized {
    fn definition(&self) -> Option<&pb::UnaryResponseDefinition>;
}

impl WithDefinition for pb::UnaryRequest {
    fn definition(&self) -> Option<&pb::UnaryResponseDefinition> {
        self.response_definition.as_ref()
    }
}

impl WithDefinition for pb::IdempotentUnaryRequest {
    fn definition(&self) -> Option<&pb::UnaryResponseDefinition> {
        self.response_definition.as_ref()
    }
}

/// The timeout a request came with: connect-runtime hands the service the
/// request's deadline as tonic does, in the `grpc-timeout` metadata.
fn timeout_ms(metadata: &MetadataMap) -> Option<i64> {
    let value = metadata.get("grpc-timeout")?.to_str().ok()?;
    let (digits, unit) = value.split_at(value.len().checked_sub(1)?);
    let amount: u64 = digits.parse().ok()?;
    let duration = match unit {
        "H" => Duration::from_secs(amount * 3600),
        "M" => Duration::from_secs(amount * 60),
        "S" => Duration::from_secs(amount),
        "m" => Duration::from_millis(amount),
        "u" => Duration::from_micros(amount),
        "n" => Duration::from_nanos(amount),
        _ => return None,
    };
    i64::try_from(duration.as_millis()).ok()
}

fn add_headers(map: &mut MetadataMap, headers: &[pb::Header]) {
    for header in headers {
        let Ok(key) = MetadataKey::from_bytes(header.name.as_bytes()) else {
            continue;
        };
        for value in &header.value {
            if let Ok(value) = MetadataValue::try_from(value.as_str()) {
                map.append(key.clone(), value);
            }
        }
    }
}

/// Unary and IdempotentUnary: echo the request, answer as its definition
/// says.
async fn unary<Req: WithDefinition>(
    request: tonic::Request<Req>,
) -> Result<(pb::ConformancePayload, MetadataMap, Option<Trailers>), Status> {
    let info = pb::conformance_payload::RequestInfo {
        request_headers: to_headers(request.metadata().as_ref()),
        timeout_ms: timeout_ms(request.metadata()),
        requests: vec![Any::pack(request.get_ref())],
        connect_get_info: None,
    };
    let Some(definition) = request.get_ref().definition() else {
        return Ok((
            pb::ConformancePayload {
                data: Vec::new(),
                request_info: Some(info),
            },
            MetadataMap::new(),
            None,
        ));
    };
    let mut headers = MetadataMap::new();
    add_headers(&mut headers, &definition.response_headers);
    let mut trailers = MetadataMap::new();
    add_headers(&mut trailers, &definition.response_trailers);
    let delay = Duration::from_millis(u64::from(definition.response_delay_ms));
    let result = match &definition.response {
        Some(pb::unary_response_definition::Response::Error(error)) => {
            let mut status = error_status(error, Some(&info));
            // A `Status` has one metadata map: connect-runtime sends it as
            // headers (Connect) or with the status (gRPC), so both the
            // headers and the trailers go there.
            let mut metadata = headers;
            let trailers = trailers.into_headers();
            for key in trailers.keys() {
                for value in trailers.get_all(key) {
                    metadata.as_mut().append(key.clone(), value.clone());
                }
            }
            *status.metadata_mut() = metadata;
            Err(status)
        }
        Some(pb::unary_response_definition::Response::ResponseData(data)) => Ok((
            pb::ConformancePayload {
                data: data.clone(),
                request_info: Some(info),
            },
            headers,
            Some(Trailers(trailers)),
        )),
        None => Ok((
            pb::ConformancePayload {
                data: Vec::new(),
                request_info: Some(info),
            },
            headers,
            Some(Trailers(trailers)),
        )),
    };
    tokio::time::sleep(delay).await;
    result
}

/// The status for an error definition, with the request's info as its last
/// detail when there is one to send.
fn error_status(error: &pb::Error, info: Option<&pb::conformance_payload::RequestInfo>) -> Status {
    let mut details: Vec<ErrorDetail> = error
        .details
        .iter()
        .map(|any| ErrorDetail {
            type_url: any.type_url.clone(),
            value: any.value.clone(),
        })
        .collect();
    if let Some(info) = info {
        let info = Any::pack(info);
        details.push(ErrorDetail {
            type_url: info.type_url,
            value: info.value,
        });
    }
    with_details(
        Code::from_i32(error.code),
        error.message.clone().unwrap_or_default(),
        details,
    )
}

fn answer<M>(message: M, headers: MetadataMap, trailers: Option<Trailers>) -> tonic::Response<M> {
    let mut response = tonic::Response::new(message);
    *response.metadata_mut() = headers;
    if let Some(trailers) = trailers {
        response.extensions_mut().insert(trailers);
    }
    response
}

type BoxStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

fn streaming_unsupported() -> Status {
    Status::unimplemented("connect-runtime serves unary and server-streaming methods only")
}

#[tonic::async_trait]
impl ConformanceService for Conformance {
    async fn unary(
        &self,
        request: tonic::Request<pb::UnaryRequest>,
    ) -> Result<tonic::Response<pb::UnaryResponse>, Status> {
        let (payload, headers, trailers) = unary(request).await?;
        Ok(answer(
            pb::UnaryResponse {
                payload: Some(payload),
            },
            headers,
            trailers,
        ))
    }

    type ServerStreamStream = BoxStream<pb::ServerStreamResponse>;

    /// The headers go out at once (the stream is returned before any
    /// delay); then each response after its delay, the request's info in
    /// the first; then the error, if any (with the info when no response
    /// carried it), with the trailers.
    async fn server_stream(
        &self,
        request: tonic::Request<pb::ServerStreamRequest>,
    ) -> Result<tonic::Response<Self::ServerStreamStream>, Status> {
        let info = pb::conformance_payload::RequestInfo {
            request_headers: to_headers(request.metadata().as_ref()),
            timeout_ms: timeout_ms(request.metadata()),
            requests: vec![Any::pack(request.get_ref())],
            connect_get_info: None,
        };
        let definition = request.into_inner().response_definition.unwrap_or_default();
        let mut headers = MetadataMap::new();
        add_headers(&mut headers, &definition.response_headers);
        let mut trailers = MetadataMap::new();
        add_headers(&mut trailers, &definition.response_trailers);
        let delay = Duration::from_millis(u64::from(definition.response_delay_ms));
        let mut info = Some(info);
        let responses: Vec<_> = definition
            .response_data
            .into_iter()
            .map(|data| pb::ServerStreamResponse {
                payload: Some(pb::ConformancePayload {
                    data,
                    request_info: info.take(),
                }),
            })
            .collect();
        // `info` is still there when no response took it.
        let error = definition
            .error
            .map(|error| error_status(&error, info.as_ref()));
        let stream = futures_util::stream::iter(responses)
            .then(move |response| async move {
                tokio::time::sleep(delay).await;
                Ok(response)
            })
            .chain(futures_util::stream::iter(error.map(Err)));
        Ok(answer(Box::pin(stream), headers, Some(Trailers(trailers))))
    }

    async fn client_stream(
        &self,
        _: tonic::Request<tonic::Streaming<pb::ClientStreamRequest>>,
    ) -> Result<tonic::Response<pb::ClientStreamResponse>, Status> {
        Err(streaming_unsupported())
    }

    type BidiStreamStream = BoxStream<pb::BidiStreamResponse>;

    async fn bidi_stream(
        &self,
        _: tonic::Request<tonic::Streaming<pb::BidiStreamRequest>>,
    ) -> Result<tonic::Response<Self::BidiStreamStream>, Status> {
        Err(streaming_unsupported())
    }

    async fn unimplemented(
        &self,
        _: tonic::Request<pb::UnimplementedRequest>,
    ) -> Result<tonic::Response<pb::UnimplementedResponse>, Status> {
        Err(Status::unimplemented(
            "connectrpc.conformance.v1.ConformanceService.Unimplemented is not implemented",
        ))
    }

    async fn idempotent_unary(
        &self,
        request: tonic::Request<pb::IdempotentUnaryRequest>,
    ) -> Result<tonic::Response<pb::IdempotentUnaryResponse>, Status> {
        let (payload, headers, trailers) = unary(request).await?;
        Ok(answer(
            pb::IdempotentUnaryResponse {
                payload: Some(payload),
            },
            headers,
            trailers,
        ))
    }
}
