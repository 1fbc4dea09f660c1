//! The HTTP surface of the engine socket.
//!
//! Every RPC route comes from the generated code (Connect, gRPC and gRPC-Web
//! on the same path); this only puts them together with `/health` and the
//! Go engine's plain-text 404. The RPCs are found by a direct path lookup
//! (`UnaryRoutes`), the rest through an axum router.

use std::sync::Arc;

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::any;
use connect_runtime::{ServerLimits, UnaryRoutes};
use http::{HeaderValue, StatusCode, header};
use secrets_engine_api::health::v1::version_service_connect;
use secrets_engine_api::plugins::v1::plugin_management_service_connect;
use secrets_engine_api::resolver::v1::{
    authorizer_service_connect, list_service_connect, resolver_service_connect,
};

use crate::resolve::access::Authorizer;
use crate::resolve::management::{Build, Management};
use crate::resolve::resolver::Resolver;
use crate::resolve::watch::Watcher;
use secrets_engine_api::watch::v1::watch_service_connect;

/// What answers on the engine socket.
pub type EngineService = UnaryRoutes<Router>;

/// The service for the engine socket: the RPC routes, looked up directly,
/// then `other` (plugin attachment, when enabled), `/health` and the 404.
/// Their bodies and answers are held from the engine's memory budget.
pub fn service(
    resolver: Arc<Resolver>,
    build: Build,
    limits: ServerLimits,
    watch_poll: std::time::Duration,
    other: Router,
) -> EngineService {
    let management = Arc::new(Management::new(resolver.registry().clone()));
    let authorizer = Arc::new(Authorizer::new(resolver.registry().clone()));
    let watcher = Arc::new(Watcher::new(resolver.clone(), watch_poll));
    let rpcs = resolver_service_connect::unary_routes(resolver.clone())
        .into_iter()
        .chain(list_service_connect::unary_routes(resolver))
        .chain(version_service_connect::unary_routes(Arc::new(build)))
        .chain(plugin_management_service_connect::unary_routes(management))
        .chain(authorizer_service_connect::unary_routes(authorizer))
        .chain(watch_service_connect::connect_routes(watcher));
    let other = other
        .route("/health", any(|| async { "ok" }))
        .fallback(not_found);
    UnaryRoutes::new(rpcs, limits, other).with_memory_budget(&crate::memory_budget::ENGINE)
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
