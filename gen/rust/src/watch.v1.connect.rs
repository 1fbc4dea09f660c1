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
/// Connect protocol routes and client for `watch.v1.PluginChangesService`.
///
/// PluginChangesService lets a plugin tell the engine that its secrets
/// changed, so that the engine drops the answers it kept for the plugin and
/// its watches look again at once rather than at their next poll. The engine
/// serves it to its plugins, over their own connection. Docker's engines do
/// not: a plugin told `unimplemented` keeps working, its changes seen by
/// polling.
pub mod plugin_changes_service_connect {
    /// HTTP path of `watch.v1.PluginChangesService.SecretsChanged`.
    pub const SECRETS_CHANGED: &str = "/watch.v1.PluginChangesService/SecretsChanged";

    /// The Connect routes of `watch.v1.PluginChangesService`, one per unary and
    /// server-streaming method, each calling `service`: serve them with
    /// `connect_runtime::Routes`, or use [`routes`] for an axum router.
    pub fn connect_routes<T: super::plugin_changes_service_server::PluginChangesService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                SECRETS_CHANGED,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.secrets_changed(request).await },
            ),
        ]
    }

    /// The routes of `watch.v1.PluginChangesService`'s unary methods only (all of
    /// [`connect_routes`] but its streaming ones).
    pub fn unary_routes<T: super::plugin_changes_service_server::PluginChangesService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                SECRETS_CHANGED,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.secrets_changed(request).await },
            ),
        ]
    }

    /// The Connect routes of `watch.v1.PluginChangesService` as an axum router. They take
    /// their `ServerLimits` from the router's state (`()` gives the
    /// defaults).
    pub fn routes<T, S>(service: ::std::sync::Arc<T>) -> ::axum::Router<S>
    where
        T: super::plugin_changes_service_server::PluginChangesService,
        S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
        ::connect_runtime::ServerLimits: ::axum::extract::FromRef<S>,
    {
        ::connect_runtime::server::router(connect_routes(service))
    }

    /// A Connect client for `watch.v1.PluginChangesService`.
    #[derive(Debug, Clone)]
    pub struct PluginChangesServiceConnectClient<C> {
        inner: ::connect_runtime::ConnectClient<C>,
    }

    impl<C> PluginChangesServiceConnectClient<C> {
        /// A client sending through `inner`.
        pub fn new(inner: ::connect_runtime::ConnectClient<C>) -> Self {
            Self { inner }
        }

        /// The underlying Connect client.
        pub fn inner(&self) -> &::connect_runtime::ConnectClient<C> {
            &self.inner
        }
    }

    impl<C: ::connect_runtime::Transport> PluginChangesServiceConnectClient<C> {
        /// SecretsChanged says that some of the calling plugin's secrets changed.
        pub async fn secrets_changed(
            &self,
            request: super::SecretsChangedRequest,
        ) -> ::core::result::Result<super::SecretsChangedResponse, ::tonic::Status> {
            self.inner.unary(SECRETS_CHANGED, request).await
        }
    }
}
