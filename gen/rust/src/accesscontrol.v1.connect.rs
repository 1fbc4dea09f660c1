/// Connect protocol routes and client for `accesscontrol.v1.AccessControlService`.
///
/// AccessControlService is served by access-control plugins; the engine calls
/// it.
pub mod access_control_service_connect {
    /// HTTP path of `accesscontrol.v1.AccessControlService.CheckAccess`.
    pub const CHECK_ACCESS: &str = "/accesscontrol.v1.AccessControlService/CheckAccess";
    /// HTTP path of `accesscontrol.v1.AccessControlService.Authorize`.
    pub const AUTHORIZE: &str = "/accesscontrol.v1.AccessControlService/Authorize";

    /// The Connect routes of `accesscontrol.v1.AccessControlService`, one per unary and
    /// server-streaming method, each calling `service`: serve them with
    /// `connect_runtime::Routes`, or use [`routes`] for an axum router.
    pub fn connect_routes<T: super::access_control_service_server::AccessControlService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                CHECK_ACCESS,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.check_access(request).await },
            ),
            ::connect_runtime::Route::new(
                AUTHORIZE,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.authorize(request).await },
            ),
        ]
    }

    /// The routes of `accesscontrol.v1.AccessControlService`'s unary methods only (all of
    /// [`connect_routes`] but its streaming ones).
    pub fn unary_routes<T: super::access_control_service_server::AccessControlService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                CHECK_ACCESS,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.check_access(request).await },
            ),
            ::connect_runtime::Route::new(
                AUTHORIZE,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.authorize(request).await },
            ),
        ]
    }

    /// The Connect routes of `accesscontrol.v1.AccessControlService` as an axum router. They take
    /// their `ServerLimits` from the router's state (`()` gives the
    /// defaults).
    pub fn routes<T, S>(service: ::std::sync::Arc<T>) -> ::axum::Router<S>
    where
        T: super::access_control_service_server::AccessControlService,
        S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
        ::connect_runtime::ServerLimits: ::axum::extract::FromRef<S>,
    {
        ::connect_runtime::server::router(connect_routes(service))
    }

    /// A Connect client for `accesscontrol.v1.AccessControlService`.
    #[derive(Debug, Clone)]
    pub struct AccessControlServiceConnectClient<C> {
        inner: ::connect_runtime::ConnectClient<C>,
    }

    impl<C> AccessControlServiceConnectClient<C> {
        /// A client sending through `inner`.
        pub fn new(inner: ::connect_runtime::ConnectClient<C>) -> Self {
            Self { inner }
        }

        /// The underlying Connect client.
        pub fn inner(&self) -> &::connect_runtime::ConnectClient<C> {
            &self.inner
        }
    }

    impl<C: ::connect_runtime::Transport> AccessControlServiceConnectClient<C> {
        /// CheckAccess decides whether the requester may resolve the pattern. The
        /// engine asks before every GetSecrets.
        pub async fn check_access(
            &self,
            request: super::CheckAccessRequest,
        ) -> ::core::result::Result<super::CheckAccessResponse, ::tonic::Status> {
            self.inner.unary(CHECK_ACCESS, request).await
        }
        /// Authorize decides ahead of use, for a time.
        pub async fn authorize(
            &self,
            request: super::AuthorizeRequest,
        ) -> ::core::result::Result<super::AuthorizeResponse, ::tonic::Status> {
            self.inner.unary(AUTHORIZE, request).await
        }
    }
}
