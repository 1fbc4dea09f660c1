/// Connect protocol routes and client for `health.v1.VersionService`.
///
/// VersionService reports what engine is running. Docker's Go client calls it
/// for `Version()`.
pub mod version_service_connect {
    /// HTTP path of `health.v1.VersionService.GetVersion`.
    pub const GET_VERSION: &str = "/health.v1.VersionService/GetVersion";

    /// The Connect routes of `health.v1.VersionService`, one per unary and
    /// server-streaming method, each calling `service`: serve them with
    /// `connect_runtime::Routes`, or use [`routes`] for an axum router.
    pub fn connect_routes<T: super::version_service_server::VersionService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                GET_VERSION,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.get_version(request).await },
            ),
        ]
    }

    /// The routes of `health.v1.VersionService`'s unary methods only (all of
    /// [`connect_routes`] but its streaming ones).
    pub fn unary_routes<T: super::version_service_server::VersionService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                GET_VERSION,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.get_version(request).await },
            ),
        ]
    }

    /// The Connect routes of `health.v1.VersionService` as an axum router. They take
    /// their `ServerLimits` from the router's state (`()` gives the
    /// defaults).
    pub fn routes<T, S>(service: ::std::sync::Arc<T>) -> ::axum::Router<S>
    where
        T: super::version_service_server::VersionService,
        S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
        ::connect_runtime::ServerLimits: ::axum::extract::FromRef<S>,
    {
        ::connect_runtime::server::router(connect_routes(service))
    }

    /// A Connect client for `health.v1.VersionService`.
    #[derive(Debug, Clone)]
    pub struct VersionServiceConnectClient<C> {
        inner: ::connect_runtime::ConnectClient<C>,
    }

    impl<C> VersionServiceConnectClient<C> {
        /// A client sending through `inner`.
        pub fn new(inner: ::connect_runtime::ConnectClient<C>) -> Self {
            Self { inner }
        }

        /// The underlying Connect client.
        pub fn inner(&self) -> &::connect_runtime::ConnectClient<C> {
            &self.inner
        }
    }

    impl<C: ::connect_runtime::Transport> VersionServiceConnectClient<C> {
        /// GetVersion returns the engine's version and build.
        pub async fn get_version(
            &self,
            request: super::GetVersionRequest,
        ) -> ::core::result::Result<super::GetVersionResponse, ::tonic::Status> {
            self.inner.unary(GET_VERSION, request).await
        }
    }
}
