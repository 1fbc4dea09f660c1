//! Headers, trailers and error details through the runtime, in process (the
//! routes are the client's transport): what the Connect conformance suite
//! checks over the network, here on every `cargo test`.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Body;
use bytes::Bytes;
use connect_runtime::error::{self, ErrorDetail};
use connect_runtime::{ConnectClient, ServerLimits, Trailers, UnaryRoutes};
use http::{Request, StatusCode};
use http_body_util::{BodyExt, Full};
use secrets_engine_api::resolver::v1::resolver_service_connect;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use tonic::metadata::{MetadataMap, MetadataValue};
use tonic::{Code, Status};
use tower::ServiceExt;

/// `ok` answers with a header and a repeated trailer; anything else fails
/// with a detail and a header.
struct Annotated;

fn detail() -> ErrorDetail {
    ErrorDetail {
        type_url: "type.googleapis.com/test.v1.Why".to_owned(),
        value: vec![0x0a, 2, b'n', b'o'],
    }
}

#[tonic::async_trait]
impl ResolverService for Annotated {
    async fn get_secrets(
        &self,
        request: tonic::Request<GetSecretsRequest>,
    ) -> Result<tonic::Response<GetSecretsResponse>, Status> {
        if request.get_ref().pattern.as_deref() == Some("ok") {
            let mut response = tonic::Response::new(GetSecretsResponse::default());
            response
                .metadata_mut()
                .insert("x-head", MetadataValue::from_static("h"));
            let mut trailers = MetadataMap::new();
            trailers.append("x-tail", MetadataValue::from_static("1"));
            trailers.append("x-tail", MetadataValue::from_static("2"));
            response.extensions_mut().insert(Trailers(trailers));
            return Ok(response);
        }
        let mut status = error::with_details(Code::NotFound, "nope", vec![detail()]);
        status
            .metadata_mut()
            .insert("x-head", MetadataValue::from_static("h"));
        // A header the protocol owns is not copied from an error.
        status
            .metadata_mut()
            .insert("content-length", MetadataValue::from_static("999"));
        Err(status)
    }
}

fn routes() -> UnaryRoutes<
    impl tower::Service<
        axum::extract::Request,
        Response = axum::response::Response,
        Error = Infallible,
        Future = impl Send,
    > + Clone,
> {
    UnaryRoutes::new(
        resolver_service_connect::unary_routes(Arc::new(Annotated)),
        ServerLimits::default(),
        tower::service_fn(|_: axum::extract::Request| async {
            Ok::<_, Infallible>(axum::response::Response::new(Body::empty()))
        }),
    )
}

fn request(pattern: &str) -> tonic::Request<GetSecretsRequest> {
    tonic::Request::new(GetSecretsRequest {
        pattern: Some(pattern.to_owned()),
    })
}

#[tokio::test]
async fn connect_headers_and_trailers_reach_the_client() {
    let client = ConnectClient::new(routes());
    let response = client
        .unary_with_metadata::<_, GetSecretsResponse>(
            resolver_service_connect::GET_SECRETS,
            request("ok"),
        )
        .await
        .expect("answer");
    assert_eq!(response.metadata().get("x-head").expect("header"), "h");
    let trailers = response.extensions().get::<Trailers>().expect("trailers");
    let values: Vec<_> = trailers.0.get_all("x-tail").iter().collect();
    assert_eq!(values, ["1", "2"]);
    assert!(response.metadata().get("trailer-x-tail").is_none());
}

#[tokio::test]
async fn connect_error_details_and_metadata_reach_the_client() {
    let client = ConnectClient::new(routes());
    let status = client
        .unary_with_metadata::<_, GetSecretsResponse>(
            resolver_service_connect::GET_SECRETS,
            request("x"),
        )
        .await
        .expect_err("error");
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(status.message(), "nope");
    assert_eq!(error::details(&status), vec![detail()]);
    assert_eq!(status.metadata().get("x-head").expect("header"), "h");
    assert!(
        status
            .metadata()
            .get("content-length")
            .is_none_or(|length| length != "999")
    );
    // `unary` reports the error alone, as before.
    let status = client
        .unary::<_, GetSecretsResponse>(
            resolver_service_connect::GET_SECRETS,
            GetSecretsRequest {
                pattern: Some("x".to_owned()),
            },
        )
        .await
        .expect_err("error");
    assert!(status.metadata().is_empty());
    assert_eq!(error::details(&status), vec![detail()]);
}

#[tokio::test]
async fn grpc_web_sends_trailers_in_its_trailer_frame_and_errors_trailers_only() {
    let frame = |pattern: &str| {
        let message = prost::Message::encode_to_vec(&GetSecretsRequest {
            pattern: Some(pattern.to_owned()),
        });
        let mut body = vec![0];
        body.extend_from_slice(&(message.len() as u32).to_be_bytes());
        body.extend_from_slice(&message);
        Request::post(resolver_service_connect::GET_SECRETS)
            .header("content-type", "application/grpc-web+proto")
            .body(Full::new(Bytes::from(body)))
            .expect("request")
    };
    let trailer_frame = |body: &[u8]| {
        let start = body.iter().position(|b| *b == 0x80).expect("trailer frame");
        String::from_utf8(body[start + 5..].to_vec()).expect("text")
    };

    let response = routes().oneshot(frame("ok")).await.expect("answer");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-head"], "h");
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let trailers = trailer_frame(&body);
    assert!(trailers.contains("grpc-status: 0\r\n"), "{trailers}");
    assert!(
        trailers.contains("x-tail: 1\r\nx-tail: 2\r\n"),
        "{trailers}"
    );

    // An error is Trailers-Only: its status, details and metadata are the
    // headers, and there is no body.
    let response = routes().oneshot(frame("x")).await.expect("answer");
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    assert_eq!(headers["grpc-status"], "5");
    assert_eq!(headers["grpc-message"], "nope");
    assert_eq!(headers["x-head"], "h");
    assert_ne!(
        headers.get("content-length").map(|v| v.as_bytes()),
        Some(&b"999"[..]),
        "a header the protocol owns is not copied from an error"
    );
    let status = Status::from_header_map(&headers).expect("a status in the headers");
    assert_eq!((status.code(), status.message()), (Code::NotFound, "nope"));
    assert_eq!(error::details(&status), vec![detail()]);
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    assert!(body.is_empty(), "{body:?}");
}
