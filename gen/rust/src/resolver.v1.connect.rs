/// Connect protocol routes and client for `resolver.v1.RegisterService`.
///
/// RegisterService is served by the engine inside a plugin connection; a plugin
/// calls it once, right after connecting, to announce itself.
pub mod register_service_connect {
    /// HTTP path of `resolver.v1.RegisterService.RegisterPlugin`.
    pub const REGISTER_PLUGIN: &str = "/resolver.v1.RegisterService/RegisterPlugin";

    /// The Connect routes of `resolver.v1.RegisterService`, one per unary and
    /// server-streaming method, each calling `service`: serve them with
    /// `connect_runtime::Routes`, or use [`routes`] for an axum router.
    pub fn connect_routes<T: super::register_service_server::RegisterService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                REGISTER_PLUGIN,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.register_plugin(request).await },
            ),
        ]
    }

    /// The routes of `resolver.v1.RegisterService`'s unary methods only (all of
    /// [`connect_routes`] but its streaming ones).
    pub fn unary_routes<T: super::register_service_server::RegisterService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                REGISTER_PLUGIN,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.register_plugin(request).await },
            ),
        ]
    }

    /// The Connect routes of `resolver.v1.RegisterService` as an axum router. They take
    /// their `ServerLimits` from the router's state (`()` gives the
    /// defaults).
    pub fn routes<T, S>(service: ::std::sync::Arc<T>) -> ::axum::Router<S>
    where
        T: super::register_service_server::RegisterService,
        S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
        ::connect_runtime::ServerLimits: ::axum::extract::FromRef<S>,
    {
        ::connect_runtime::server::router(connect_routes(service))
    }

    /// A Connect client for `resolver.v1.RegisterService`.
    #[derive(Debug, Clone)]
    pub struct RegisterServiceConnectClient<C> {
        inner: ::connect_runtime::ConnectClient<C>,
    }

    impl<C> RegisterServiceConnectClient<C> {
        /// A client sending through `inner`.
        pub fn new(inner: ::connect_runtime::ConnectClient<C>) -> Self {
            Self { inner }
        }

        /// The underlying Connect client.
        pub fn inner(&self) -> &::connect_runtime::ConnectClient<C> {
            &self.inner
        }
    }

    impl<C: ::connect_runtime::Transport> RegisterServiceConnectClient<C> {
        /// RegisterPlugin registers the calling plugin with the engine. It may be
        /// called once per plugin connection.
        /// buf:lint:ignore RPC_REQUEST_RESPONSE_UNIQUE
        pub async fn register_plugin(
            &self,
            request: super::RegisterPluginRequest,
        ) -> ::core::result::Result<super::RegisterPluginResponse, ::tonic::Status> {
            self.inner.unary(REGISTER_PLUGIN, request).await
        }
    }
}
/// Connect protocol routes and client for `resolver.v1.EngineService`.
///
/// EngineService is RegisterService under its September 2025 name, which
/// plugins on SDK v0.0.10 to v0.0.19 still call.
pub mod engine_service_connect {
    /// HTTP path of `resolver.v1.EngineService.RegisterPlugin`.
    pub const REGISTER_PLUGIN: &str = "/resolver.v1.EngineService/RegisterPlugin";

    /// The Connect routes of `resolver.v1.EngineService`, one per unary and
    /// server-streaming method, each calling `service`: serve them with
    /// `connect_runtime::Routes`, or use [`routes`] for an axum router.
    pub fn connect_routes<T: super::engine_service_server::EngineService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                REGISTER_PLUGIN,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.register_plugin(request).await },
            ),
        ]
    }

    /// The routes of `resolver.v1.EngineService`'s unary methods only (all of
    /// [`connect_routes`] but its streaming ones).
    pub fn unary_routes<T: super::engine_service_server::EngineService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                REGISTER_PLUGIN,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.register_plugin(request).await },
            ),
        ]
    }

    /// The Connect routes of `resolver.v1.EngineService` as an axum router. They take
    /// their `ServerLimits` from the router's state (`()` gives the
    /// defaults).
    pub fn routes<T, S>(service: ::std::sync::Arc<T>) -> ::axum::Router<S>
    where
        T: super::engine_service_server::EngineService,
        S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
        ::connect_runtime::ServerLimits: ::axum::extract::FromRef<S>,
    {
        ::connect_runtime::server::router(connect_routes(service))
    }

    /// A Connect client for `resolver.v1.EngineService`.
    #[derive(Debug, Clone)]
    pub struct EngineServiceConnectClient<C> {
        inner: ::connect_runtime::ConnectClient<C>,
    }

    impl<C> EngineServiceConnectClient<C> {
        /// A client sending through `inner`.
        pub fn new(inner: ::connect_runtime::ConnectClient<C>) -> Self {
            Self { inner }
        }

        /// The underlying Connect client.
        pub fn inner(&self) -> &::connect_runtime::ConnectClient<C> {
            &self.inner
        }
    }

    impl<C: ::connect_runtime::Transport> EngineServiceConnectClient<C> {
        /// RegisterPlugin registers the calling plugin, as RegisterService does.
        /// buf:lint:ignore RPC_REQUEST_RESPONSE_UNIQUE
        pub async fn register_plugin(
            &self,
            request: super::RegisterPluginRequest,
        ) -> ::core::result::Result<super::RegisterPluginResponse, ::tonic::Status> {
            self.inner.unary(REGISTER_PLUGIN, request).await
        }
    }
}
/// Connect protocol routes and client for `resolver.v1.ListService`.
///
/// ListService is served by the engine on its socket for clients.
pub mod list_service_connect {
    /// HTTP path of `resolver.v1.ListService.ListPlugins`.
    pub const LIST_PLUGINS: &str = "/resolver.v1.ListService/ListPlugins";

    /// The Connect routes of `resolver.v1.ListService`, one per unary and
    /// server-streaming method, each calling `service`: serve them with
    /// `connect_runtime::Routes`, or use [`routes`] for an axum router.
    pub fn connect_routes<T: super::list_service_server::ListService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                LIST_PLUGINS,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.list_plugins(request).await },
            ),
        ]
    }

    /// The routes of `resolver.v1.ListService`'s unary methods only (all of
    /// [`connect_routes`] but its streaming ones).
    pub fn unary_routes<T: super::list_service_server::ListService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                LIST_PLUGINS,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.list_plugins(request).await },
            ),
        ]
    }

    /// The Connect routes of `resolver.v1.ListService` as an axum router. They take
    /// their `ServerLimits` from the router's state (`()` gives the
    /// defaults).
    pub fn routes<T, S>(service: ::std::sync::Arc<T>) -> ::axum::Router<S>
    where
        T: super::list_service_server::ListService,
        S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
        ::connect_runtime::ServerLimits: ::axum::extract::FromRef<S>,
    {
        ::connect_runtime::server::router(connect_routes(service))
    }

    /// A Connect client for `resolver.v1.ListService`.
    #[derive(Debug, Clone)]
    pub struct ListServiceConnectClient<C> {
        inner: ::connect_runtime::ConnectClient<C>,
    }

    impl<C> ListServiceConnectClient<C> {
        /// A client sending through `inner`.
        pub fn new(inner: ::connect_runtime::ConnectClient<C>) -> Self {
            Self { inner }
        }

        /// The underlying Connect client.
        pub fn inner(&self) -> &::connect_runtime::ConnectClient<C> {
            &self.inner
        }
    }

    impl<C: ::connect_runtime::Transport> ListServiceConnectClient<C> {
        /// ListPlugins lists the plugins the engine has, in priority order.
        pub async fn list_plugins(
            &self,
            request: super::ListPluginsRequest,
        ) -> ::core::result::Result<super::ListPluginsResponse, ::tonic::Status> {
            self.inner.unary(LIST_PLUGINS, request).await
        }
    }
}
/// Connect protocol routes and client for `resolver.v1.PluginService`.
///
/// PluginService is served by every plugin inside its connection; the engine
/// calls it.
pub mod plugin_service_connect {
    /// HTTP path of `resolver.v1.PluginService.Shutdown`.
    pub const SHUTDOWN: &str = "/resolver.v1.PluginService/Shutdown";

    /// The Connect routes of `resolver.v1.PluginService`, one per unary and
    /// server-streaming method, each calling `service`: serve them with
    /// `connect_runtime::Routes`, or use [`routes`] for an axum router.
    pub fn connect_routes<T: super::plugin_service_server::PluginService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                SHUTDOWN,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.shutdown(request).await },
            ),
        ]
    }

    /// The routes of `resolver.v1.PluginService`'s unary methods only (all of
    /// [`connect_routes`] but its streaming ones).
    pub fn unary_routes<T: super::plugin_service_server::PluginService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                SHUTDOWN,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.shutdown(request).await },
            ),
        ]
    }

    /// The Connect routes of `resolver.v1.PluginService` as an axum router. They take
    /// their `ServerLimits` from the router's state (`()` gives the
    /// defaults).
    pub fn routes<T, S>(service: ::std::sync::Arc<T>) -> ::axum::Router<S>
    where
        T: super::plugin_service_server::PluginService,
        S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
        ::connect_runtime::ServerLimits: ::axum::extract::FromRef<S>,
    {
        ::connect_runtime::server::router(connect_routes(service))
    }

    /// A Connect client for `resolver.v1.PluginService`.
    #[derive(Debug, Clone)]
    pub struct PluginServiceConnectClient<C> {
        inner: ::connect_runtime::ConnectClient<C>,
    }

    impl<C> PluginServiceConnectClient<C> {
        /// A client sending through `inner`.
        pub fn new(inner: ::connect_runtime::ConnectClient<C>) -> Self {
            Self { inner }
        }

        /// The underlying Connect client.
        pub fn inner(&self) -> &::connect_runtime::ConnectClient<C> {
            &self.inner
        }
    }

    impl<C: ::connect_runtime::Transport> PluginServiceConnectClient<C> {
        /// Shutdown asks the plugin to stop: it answers, then closes its connection.
        pub async fn shutdown(
            &self,
            request: super::ShutdownRequest,
        ) -> ::core::result::Result<super::ShutdownResponse, ::tonic::Status> {
            self.inner.unary(SHUTDOWN, request).await
        }
    }
}
/// Connect protocol routes and client for `resolver.v1.AuthorizerService`.
///
/// AuthorizerService is served by the engine to clients (August 2026): it asks
/// the access-control plugins ahead of use.
pub mod authorizer_service_connect {
    /// HTTP path of `resolver.v1.AuthorizerService.Authorize`.
    pub const AUTHORIZE: &str = "/resolver.v1.AuthorizerService/Authorize";

    /// The Connect routes of `resolver.v1.AuthorizerService`, one per unary and
    /// server-streaming method, each calling `service`: serve them with
    /// `connect_runtime::Routes`, or use [`routes`] for an axum router.
    pub fn connect_routes<T: super::authorizer_service_server::AuthorizerService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                AUTHORIZE,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.authorize(request).await },
            ),
        ]
    }

    /// The routes of `resolver.v1.AuthorizerService`'s unary methods only (all of
    /// [`connect_routes`] but its streaming ones).
    pub fn unary_routes<T: super::authorizer_service_server::AuthorizerService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                AUTHORIZE,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.authorize(request).await },
            ),
        ]
    }

    /// The Connect routes of `resolver.v1.AuthorizerService` as an axum router. They take
    /// their `ServerLimits` from the router's state (`()` gives the
    /// defaults).
    pub fn routes<T, S>(service: ::std::sync::Arc<T>) -> ::axum::Router<S>
    where
        T: super::authorizer_service_server::AuthorizerService,
        S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
        ::connect_runtime::ServerLimits: ::axum::extract::FromRef<S>,
    {
        ::connect_runtime::server::router(connect_routes(service))
    }

    /// A Connect client for `resolver.v1.AuthorizerService`.
    #[derive(Debug, Clone)]
    pub struct AuthorizerServiceConnectClient<C> {
        inner: ::connect_runtime::ConnectClient<C>,
    }

    impl<C> AuthorizerServiceConnectClient<C> {
        /// A client sending through `inner`.
        pub fn new(inner: ::connect_runtime::ConnectClient<C>) -> Self {
            Self { inner }
        }

        /// The underlying Connect client.
        pub fn inner(&self) -> &::connect_runtime::ConnectClient<C> {
            &self.inner
        }
    }

    impl<C: ::connect_runtime::Transport> AuthorizerServiceConnectClient<C> {
        /// Authorize decides whether the caller may resolve the patterns, for a time.
        pub async fn authorize(
            &self,
            request: super::AuthorizeRequest,
        ) -> ::core::result::Result<super::AuthorizeResponse, ::tonic::Status> {
            self.inner.unary(AUTHORIZE, request).await
        }
    }
}
/// Connect protocol routes and client for `resolver.v1.ResolverService`.
///
/// ResolverService resolves secrets. The engine serves it to clients on its
/// socket, and every plugin serves it to the engine.
pub mod resolver_service_connect {
    /// HTTP path of `resolver.v1.ResolverService.GetSecrets`.
    pub const GET_SECRETS: &str = "/resolver.v1.ResolverService/GetSecrets";

    /// The Connect routes of `resolver.v1.ResolverService`, one per unary and
    /// server-streaming method, each calling `service`: serve them with
    /// `connect_runtime::Routes`, or use [`routes`] for an axum router.
    pub fn connect_routes<T: super::resolver_service_server::ResolverService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                GET_SECRETS,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.get_secrets(request).await },
            ),
        ]
    }

    /// The routes of `resolver.v1.ResolverService`'s unary methods only (all of
    /// [`connect_routes`] but its streaming ones).
    pub fn unary_routes<T: super::resolver_service_server::ResolverService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                GET_SECRETS,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.get_secrets(request).await },
            ),
        ]
    }

    /// The Connect routes of `resolver.v1.ResolverService` as an axum router. They take
    /// their `ServerLimits` from the router's state (`()` gives the
    /// defaults).
    pub fn routes<T, S>(service: ::std::sync::Arc<T>) -> ::axum::Router<S>
    where
        T: super::resolver_service_server::ResolverService,
        S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
        ::connect_runtime::ServerLimits: ::axum::extract::FromRef<S>,
    {
        ::connect_runtime::server::router(connect_routes(service))
    }

    /// A Connect client for `resolver.v1.ResolverService`.
    #[derive(Debug, Clone)]
    pub struct ResolverServiceConnectClient<C> {
        inner: ::connect_runtime::ConnectClient<C>,
    }

    impl<C> ResolverServiceConnectClient<C> {
        /// A client sending through `inner`.
        pub fn new(inner: ::connect_runtime::ConnectClient<C>) -> Self {
            Self { inner }
        }

        /// The underlying Connect client.
        pub fn inner(&self) -> &::connect_runtime::ConnectClient<C> {
            &self.inner
        }
    }

    impl<C: ::connect_runtime::Transport> ResolverServiceConnectClient<C> {
        /// GetSecrets returns every secret whose ID matches the request's pattern.
        /// Nothing found is the `not_found` error, never an empty list.
        pub async fn get_secrets(
            &self,
            request: super::GetSecretsRequest,
        ) -> ::core::result::Result<super::GetSecretsResponse, ::tonic::Status> {
            self.inner.unary(GET_SECRETS, request).await
        }
    }
}
