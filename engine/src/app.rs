//! The HTTP surface of the engine socket.
//!
//! Every RPC route comes from the generated code (Connect, gRPC and gRPC-Web
//! on the same path); this only puts them together with `/health` and the
//! Go engine's plain-text 404.

use std::sync::Arc;

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::any;
use connect_runtime::ServerLimits;
use http::{HeaderValue, StatusCode, header};
use secrets_engine_api::resolver::v1::{list_service_connect, resolver_service_connect};

use crate::resolver::Resolver;

/// The router for the engine socket.
pub fn router(resolver: Arc<Resolver>, limits: ServerLimits) -> Router {
    Router::new()
        .merge(resolver_service_connect::routes(resolver.clone()))
        .merge(list_service_connect::routes(resolver))
        .route("/health", any(|| async { "ok" }))
        .fallback(not_found)
        .with_state(limits)
}

/// The Go engine's (chi's) answer for unknown paths.
async fn not_found() -> impl IntoResponse {
    (
        StatusCode::NOT_FOUND,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        "404 page not found\n",
    )
}
