//! What several test binaries serve: the generated resolver routes over a
//! resolver that echoes the request.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Body;
use connect_runtime::{ServerLimits, UnaryRoutes};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::resolver_service_connect;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use tonic::Status;

/// Answers every request with one envelope whose ID is the pattern asked
/// for, so that a decoded request can be seen in the answer.
pub struct Echo;

#[tonic::async_trait]
impl ResolverService for Echo {
    async fn get_secrets(
        &self,
        request: tonic::Request<GetSecretsRequest>,
    ) -> Result<tonic::Response<GetSecretsResponse>, Status> {
        Ok(tonic::Response::new(GetSecretsResponse {
            envelopes: vec![Envelope {
                id: request.into_inner().pattern,
                ..Default::default()
            }],
        }))
    }
}

/// [`Echo`]'s routes under `limits`; other paths get an empty 200.
pub fn echo_routes(
    limits: ServerLimits,
) -> UnaryRoutes<
    impl tower::Service<
        axum::extract::Request,
        Response = axum::response::Response,
        Error = Infallible,
        Future = impl Send,
    > + Clone,
> {
    UnaryRoutes::new(
        resolver_service_connect::unary_routes(Arc::new(Echo)),
        limits,
        tower::service_fn(|_: axum::extract::Request| async {
            Ok::<_, Infallible>(axum::response::Response::new(Body::empty()))
        }),
    )
}
