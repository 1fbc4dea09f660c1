/// Connect protocol routes and client for `watch.v1.WatchService`.
///
/// WatchService tells a caller when the secrets it watches change.
pub mod watch_service_connect {
    /// HTTP path of `watch.v1.WatchService.WatchSecrets`.
    pub const WATCH_SECRETS: &str = "/watch.v1.WatchService/WatchSecrets";

    /// The Connect routes of `watch.v1.WatchService`, one per unary and
    /// server-streaming method, each calling `service`: serve them with
    /// `connect_runtime::Routes`, or use [`routes`] for an axum router.
    pub fn connect_routes<T: super::watch_service_server::WatchService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::server_streaming(
                WATCH_SECRETS,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.watch_secrets(request).await },
            ),
        ]
    }

    /// The Connect routes of `watch.v1.WatchService` as an axum router. They take
    /// their `ServerLimits` from the router's state (`()` gives the
    /// defaults).
    pub fn routes<T, S>(service: ::std::sync::Arc<T>) -> ::axum::Router<S>
    where
        T: super::watch_service_server::WatchService,
        S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
        ::connect_runtime::ServerLimits: ::axum::extract::FromRef<S>,
    {
        ::connect_runtime::server::router(connect_routes(service))
    }

    /// A Connect client for `watch.v1.WatchService`.
    #[derive(Debug, Clone)]
    pub struct WatchServiceConnectClient<C> {
        inner: ::connect_runtime::ConnectClient<C>,
    }

    impl<C> WatchServiceConnectClient<C> {
        /// A client sending through `inner`.
        pub fn new(inner: ::connect_runtime::ConnectClient<C>) -> Self {
            Self { inner }
        }

        /// The underlying Connect client.
        pub fn inner(&self) -> &::connect_runtime::ConnectClient<C> {
            &self.inner
        }
    }

    impl<C: ::connect_runtime::Transport> WatchServiceConnectClient<C> {
        /// WatchSecrets streams the secrets whose IDs match a pattern: first one
        /// CURRENT event per matching secret the caller may read, then one SYNCED
        /// event, then one event per change (CREATED, UPDATED, DELETED, EXPIRED) as
        /// the engine sees it, until the caller cancels. The pattern has the syntax
        /// of resolver.v1's GetSecrets. A value is sent only when asked for and only
        /// for secrets the engine's policy lets the caller read.
        pub async fn watch_secrets(
            &self,
            request: super::WatchSecretsRequest,
        ) -> ::core::result::Result<
            ::connect_runtime::ResponseStream<super::WatchSecretsResponse>,
            ::tonic::Status,
        >
        where
            <C as ::connect_runtime::Transport>::ResponseBody: ::core::marker::Send + 'static,
        {
            self.inner.server_stream(WATCH_SECRETS, request).await
        }
    }
}
