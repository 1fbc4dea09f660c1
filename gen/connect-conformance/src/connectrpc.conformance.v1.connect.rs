/// Connect protocol routes and client for `connectrpc.conformance.v1.ConformanceService`.
///
/// The service implemented by conformance test servers. This is implemented by
/// the reference servers, used to test clients, and is expected to be implemented
/// by test servers, since this is the service used by reference clients.
///
/// Test servers must implement the service as described.
pub mod conformance_service_connect {
    /// HTTP path of `connectrpc.conformance.v1.ConformanceService.Unary`.
    pub const UNARY: &str = "/connectrpc.conformance.v1.ConformanceService/Unary";
    /// HTTP path of `connectrpc.conformance.v1.ConformanceService.ServerStream`.
    pub const SERVER_STREAM: &str = "/connectrpc.conformance.v1.ConformanceService/ServerStream";
    /// HTTP path of `connectrpc.conformance.v1.ConformanceService.Unimplemented`.
    pub const UNIMPLEMENTED: &str = "/connectrpc.conformance.v1.ConformanceService/Unimplemented";
    /// HTTP path of `connectrpc.conformance.v1.ConformanceService.IdempotentUnary`.
    pub const IDEMPOTENT_UNARY: &str = "/connectrpc.conformance.v1.ConformanceService/IdempotentUnary";

    /// The Connect routes of `connectrpc.conformance.v1.ConformanceService`, one per unary and
    /// server-streaming method, each calling `service`: serve them with
    /// `connect_runtime::Routes`, or use [`routes`] for an axum router.
    pub fn connect_routes<T: super::conformance_service_server::ConformanceService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                UNARY,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.unary(request).await },
            ),
            ::connect_runtime::Route::server_streaming(
                SERVER_STREAM,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.server_stream(request).await },
            ),
            ::connect_runtime::Route::new(
                UNIMPLEMENTED,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.unimplemented(request).await },
            ),
            ::connect_runtime::Route::new(
                IDEMPOTENT_UNARY,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.idempotent_unary(request).await },
            ),
        ]
    }

    /// The routes of `connectrpc.conformance.v1.ConformanceService`'s unary methods only (all of
    /// [`connect_routes`] but its streaming ones).
    pub fn unary_routes<T: super::conformance_service_server::ConformanceService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                UNARY,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.unary(request).await },
            ),
            ::connect_runtime::Route::new(
                UNIMPLEMENTED,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.unimplemented(request).await },
            ),
            ::connect_runtime::Route::new(
                IDEMPOTENT_UNARY,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.idempotent_unary(request).await },
            ),
        ]
    }

    /// The Connect routes of `connectrpc.conformance.v1.ConformanceService` as an axum router. They take
    /// their `ServerLimits` from the router's state (`()` gives the
    /// defaults).
    pub fn routes<T, S>(service: ::std::sync::Arc<T>) -> ::axum::Router<S>
    where
        T: super::conformance_service_server::ConformanceService,
        S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
        ::connect_runtime::ServerLimits: ::axum::extract::FromRef<S>,
    {
        ::connect_runtime::server::router(connect_routes(service))
    }

    /// A Connect client for `connectrpc.conformance.v1.ConformanceService`.
    #[derive(Debug, Clone)]
    pub struct ConformanceServiceConnectClient<C> {
        inner: ::connect_runtime::ConnectClient<C>,
    }

    impl<C> ConformanceServiceConnectClient<C> {
        /// A client sending through `inner`.
        pub fn new(inner: ::connect_runtime::ConnectClient<C>) -> Self {
            Self { inner }
        }

        /// The underlying Connect client.
        pub fn inner(&self) -> &::connect_runtime::ConnectClient<C> {
            &self.inner
        }
    }

    impl<C: ::connect_runtime::Transport> ConformanceServiceConnectClient<C> {
        /// A unary operation. The request indicates the response headers and trailers
        /// and also indicates either a response message or an error to send back.
        ///
        /// Response message data is specified as bytes. The service should echo back
        /// request properties in the ConformancePayload and then include the message
        /// data in the data field.
        ///
        /// If the response_delay_ms duration is specified, the server should wait the
        /// given duration after reading the request before sending the corresponding
        /// response.
        ///
        /// Servers should allow the response definition to be unset in the request and
        /// if it is, set no response headers or trailers and return no response data.
        /// The returned payload should only contain the request info.
        pub async fn unary(
            &self,
            request: super::UnaryRequest,
        ) -> ::core::result::Result<super::UnaryResponse, ::tonic::Status> {
            self.inner.unary(UNARY, request).await
        }
        /// A server-streaming operation. The request indicates the response headers,
        /// response messages, trailers, and an optional error to send back. The
        /// response data should be sent in the order indicated, and the server should
        /// wait between sending response messages as indicated.
        ///
        /// Response message data is specified as bytes. The service should echo back
        /// request properties in the first ConformancePayload, and then include the
        /// message data in the data field. Subsequent messages after the first one
        /// should contain only the data field.
        ///
        /// Servers should immediately send response headers on the stream before sleeping
        /// for any specified response delay and/or sending the first message so that
        /// clients can be unblocked reading response headers.
        ///
        /// If a response definition is not specified OR is specified, but response data
        /// is empty, the server should skip sending anything on the stream. When there
        /// are no responses to send, servers should throw an error if one is provided
        /// and return without error if one is not. Stream headers and trailers should
        /// still be set on the stream if provided regardless of whether a response is
        /// sent or an error is thrown.
        pub async fn server_stream(
            &self,
            request: super::ServerStreamRequest,
        ) -> ::core::result::Result<
            ::connect_runtime::ResponseStream<super::ServerStreamResponse>,
            ::tonic::Status,
        >
        where
            <C as ::connect_runtime::Transport>::ResponseBody: ::core::marker::Send + 'static,
        {
            self.inner.server_stream(SERVER_STREAM, request).await
        }
        /// A unary endpoint that the server should not implement and should instead
        /// return an unimplemented error when invoked.
        pub async fn unimplemented(
            &self,
            request: super::UnimplementedRequest,
        ) -> ::core::result::Result<super::UnimplementedResponse, ::tonic::Status> {
            self.inner.unary(UNIMPLEMENTED, request).await
        }
        /// A unary endpoint denoted as having no side effects (i.e. idempotent).
        /// Implementations should use an HTTP GET when invoking this endpoint and
        /// leverage query parameters to send data.
        pub async fn idempotent_unary(
            &self,
            request: super::IdempotentUnaryRequest,
        ) -> ::core::result::Result<super::IdempotentUnaryResponse, ::tonic::Status> {
            self.inner.unary(IDEMPOTENT_UNARY, request).await
        }
    }
}
