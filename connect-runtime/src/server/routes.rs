//! The routes that serve a service's methods: one [`Route`] per unary or
//! server-streaming method, served by exact path ([`Routes`]) or through
//! axum ([`router`]).

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{FromRef, Request, State};
use axum::response::Response;
use bytes::Bytes;
use futures_util::future::{BoxFuture, Either};
use futures_util::{FutureExt, Stream};
use tonic::Status;

use super::ServerLimits;
use super::{stream, unary};
use crate::budget::{MemoryBudget, UNLIMITED};
use crate::codec::ConnectMessage;

/// A handler as a [`Route`] stores it: any service, request and response
/// types, unary or streaming, behind one signature.
type Handler = dyn Fn(Request, ServerLimits, &'static MemoryBudget) -> BoxFuture<'static, Response>
    + Send
    + Sync;

/// One method: its path and its handler. The generated
/// `connect_routes(service)` lists one per unary and server-streaming
/// method; serve them with [`Routes`] (a direct path lookup) or [`router`]
/// (an axum router).
///
/// Like a connect-go handler, the route speaks Connect, gRPC and gRPC-Web; the
/// `Content-Type` picks the protocol and codec (unknown types get 415 with
/// `Accept-Post`). Only `POST` is served (others get 405 with `Allow: POST`, as
/// connect-go does for methods not marked idempotent). A unary route takes
/// Connect's unary content types (`application/proto`, `application/json`),
/// a server-streaming one its streaming types (`application/connect+proto`,
/// `application/connect+json`).
#[derive(Clone)]
pub struct Route {
    path: &'static str,
    handler: Arc<Handler>,
}

/// The name routes had when they served unary methods only.
pub type UnaryRoute = Route;

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Route")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Route {
    /// The unary route at `path`: `call` receives the service and the decoded
    /// request and returns the method's result, typically
    /// `|service, request| async move { service.get_secrets(request).await }`.
    pub fn new<T, Req, Resp, F, Fut>(path: &'static str, service: Arc<T>, call: F) -> Self
    where
        T: Send + Sync + 'static,
        Req: ConnectMessage,
        Resp: ConnectMessage,
        F: Fn(Arc<T>, tonic::Request<Req>) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<tonic::Response<Resp>, Status>> + Send + 'static,
    {
        let handler = move |request: Request,
                            limits: ServerLimits,
                            budget: &'static MemoryBudget|
              -> BoxFuture<'static, Response> {
            let service = service.clone();
            let call = call.clone();
            Box::pin(unary::handle(request, limits, budget, move |req| {
                call(service, req)
            }))
        };
        Route {
            path,
            handler: Arc::new(handler),
        }
    }

    /// The server-streaming route at `path`: `call` receives the service and
    /// the decoded request and returns the stream of answers, as the
    /// method of a tonic service trait does, typically
    /// `|service, request| async move { service.watch_secrets(request).await }`.
    ///
    /// The messages are sent as the stream yields them and as the client
    /// reads them; the stream is dropped when it ends, fails, passes the
    /// call's deadline (`deadline_exceeded`) or the client goes away.
    /// Trailers (a [`Trailers`](super::Trailers) in the response's
    /// extensions) are sent after the last message.
    pub fn server_streaming<T, Req, Resp, St, F, Fut>(
        path: &'static str,
        service: Arc<T>,
        call: F,
    ) -> Self
    where
        T: Send + Sync + 'static,
        Req: ConnectMessage,
        Resp: ConnectMessage,
        St: Stream<Item = Result<Resp, Status>> + Send + 'static,
        F: Fn(Arc<T>, tonic::Request<Req>) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<tonic::Response<St>, Status>> + Send + 'static,
    {
        let handler = move |request: Request,
                            limits: ServerLimits,
                            budget: &'static MemoryBudget|
              -> BoxFuture<'static, Response> {
            let service = service.clone();
            let call = call.clone();
            Box::pin(stream::handle(request, limits, budget, move |req| {
                call(service, req)
            }))
        };
        Route {
            path,
            handler: Arc::new(handler),
        }
    }

    /// The HTTP path it serves.
    pub fn path(&self) -> &'static str {
        self.path
    }

    /// Answers one request (whatever its path) under `limits`, with no
    /// memory budget.
    pub fn call(&self, request: Request, limits: ServerLimits) -> BoxFuture<'static, Response> {
        (self.handler)(request, limits, &UNLIMITED)
    }
}

/// An axum router serving `routes`, each taking its [`ServerLimits`] from the
/// router's state (`router.with_state(limits)`; `()` gives the defaults).
pub fn router<S>(routes: impl IntoIterator<Item = Route>) -> axum::Router<S>
where
    S: Clone + Send + Sync + 'static,
    ServerLimits: FromRef<S>,
{
    routes
        .into_iter()
        .fold(axum::Router::new(), |router, route| {
            let path = route.path;
            router.route(
                path,
                axum::routing::any(
                    move |State(limits): State<ServerLimits>, request: Request| {
                        route.call(request, limits)
                    },
                ),
            )
        })
}

/// Routes looked up by exact path, and `fallback` for every other path: a
/// tower service to hand to hyper. The engine's hot path: an axum router
/// costs a boxed service clone, a response mapping and a path search on
/// every request, several thousand instructions that this lookup does not.
#[derive(Debug, Clone)]
pub struct Routes<F> {
    routes: Arc<[Route]>,
    limits: ServerLimits,
    budget: &'static MemoryBudget,
    fallback: F,
}

/// The name [`Routes`] had when routes served unary methods only.
pub type UnaryRoutes<F> = Routes<F>;

impl<F> Routes<F> {
    /// Serves `routes` under `limits`, and anything else with `fallback`.
    pub fn new(routes: impl IntoIterator<Item = Route>, limits: ServerLimits, fallback: F) -> Self {
        Routes {
            routes: routes.into_iter().collect(),
            limits,
            budget: &UNLIMITED,
            fallback,
        }
    }

    /// Holds every request's body and answer from `budget` (no limit by
    /// default).
    pub fn with_memory_budget(mut self, budget: &'static MemoryBudget) -> Self {
        self.budget = budget;
        self
    }
}

impl<F, B> tower::Service<http::Request<B>> for Routes<F>
where
    F: tower::Service<Request, Response = Response, Error = Infallible>,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Either<
        futures_util::future::Map<
            BoxFuture<'static, Response>,
            fn(Response) -> Result<Response, Infallible>,
        >,
        F::Future,
    >;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Infallible>> {
        self.fallback.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let request = request.map(Body::new);
        let path = request.uri().path();
        match self.routes.iter().find(|route| route.path == path) {
            Some(route) => Either::Left(
                (route.handler)(request, self.limits, self.budget).map(Ok as fn(_) -> _),
            ),
            None => Either::Right(self.fallback.call(request)),
        }
    }
}
