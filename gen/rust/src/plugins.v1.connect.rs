/// Connect protocol routes and client for `plugins.v1.RegisterService`.
///
/// RegisterService is served by the engine to plugins: a plugin calls it once,
/// on its own connection, before it serves anything.
pub mod register_service_connect {
    /// HTTP path of `plugins.v1.RegisterService.RegisterPlugin`.
    pub const REGISTER_PLUGIN: &str = "/plugins.v1.RegisterService/RegisterPlugin";

    /// The Connect routes of `plugins.v1.RegisterService`, one per unary and
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

    /// The routes of `plugins.v1.RegisterService`'s unary methods only (all of
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

    /// The Connect routes of `plugins.v1.RegisterService` as an axum router. They take
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

    /// A Connect client for `plugins.v1.RegisterService`.
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
        /// RegisterPlugin registers the calling plugin with the engine.
        pub async fn register_plugin(
            &self,
            request: super::RegisterPluginRequest,
        ) -> ::core::result::Result<super::RegisterPluginResponse, ::tonic::Status> {
            self.inner.unary(REGISTER_PLUGIN, request).await
        }
    }
}
/// Connect protocol routes and client for `plugins.v1.PluginService`.
///
/// PluginService is served by every plugin inside its connection; the engine
/// calls it.
pub mod plugin_service_connect {
    /// HTTP path of `plugins.v1.PluginService.Shutdown`.
    pub const SHUTDOWN: &str = "/plugins.v1.PluginService/Shutdown";

    /// The Connect routes of `plugins.v1.PluginService`, one per unary and
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

    /// The routes of `plugins.v1.PluginService`'s unary methods only (all of
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

    /// The Connect routes of `plugins.v1.PluginService` as an axum router. They take
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

    /// A Connect client for `plugins.v1.PluginService`.
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
/// Connect protocol routes and client for `plugins.v1.PluginManagementService`.
///
/// PluginManagementService is served by the engine to clients: which plugins
/// there are, and turning them off and on.
pub mod plugin_management_service_connect {
    /// HTTP path of `plugins.v1.PluginManagementService.ListPlugins`.
    pub const LIST_PLUGINS: &str = "/plugins.v1.PluginManagementService/ListPlugins";
    /// HTTP path of `plugins.v1.PluginManagementService.EnablePlugin`.
    pub const ENABLE_PLUGIN: &str = "/plugins.v1.PluginManagementService/EnablePlugin";
    /// HTTP path of `plugins.v1.PluginManagementService.DisablePlugin`.
    pub const DISABLE_PLUGIN: &str = "/plugins.v1.PluginManagementService/DisablePlugin";

    /// The Connect routes of `plugins.v1.PluginManagementService`, one per unary and
    /// server-streaming method, each calling `service`: serve them with
    /// `connect_runtime::Routes`, or use [`routes`] for an axum router.
    pub fn connect_routes<T: super::plugin_management_service_server::PluginManagementService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                LIST_PLUGINS,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.list_plugins(request).await },
            ),
            ::connect_runtime::Route::new(
                ENABLE_PLUGIN,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.enable_plugin(request).await },
            ),
            ::connect_runtime::Route::new(
                DISABLE_PLUGIN,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.disable_plugin(request).await },
            ),
        ]
    }

    /// The routes of `plugins.v1.PluginManagementService`'s unary methods only (all of
    /// [`connect_routes`] but its streaming ones).
    pub fn unary_routes<T: super::plugin_management_service_server::PluginManagementService>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {
        ::std::vec![
            ::connect_runtime::Route::new(
                LIST_PLUGINS,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.list_plugins(request).await },
            ),
            ::connect_runtime::Route::new(
                ENABLE_PLUGIN,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.enable_plugin(request).await },
            ),
            ::connect_runtime::Route::new(
                DISABLE_PLUGIN,
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move { service.disable_plugin(request).await },
            ),
        ]
    }

    /// The Connect routes of `plugins.v1.PluginManagementService` as an axum router. They take
    /// their `ServerLimits` from the router's state (`()` gives the
    /// defaults).
    pub fn routes<T, S>(service: ::std::sync::Arc<T>) -> ::axum::Router<S>
    where
        T: super::plugin_management_service_server::PluginManagementService,
        S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
        ::connect_runtime::ServerLimits: ::axum::extract::FromRef<S>,
    {
        ::connect_runtime::server::router(connect_routes(service))
    }

    /// A Connect client for `plugins.v1.PluginManagementService`.
    #[derive(Debug, Clone)]
    pub struct PluginManagementServiceConnectClient<C> {
        inner: ::connect_runtime::ConnectClient<C>,
    }

    impl<C> PluginManagementServiceConnectClient<C> {
        /// A client sending through `inner`.
        pub fn new(inner: ::connect_runtime::ConnectClient<C>) -> Self {
            Self { inner }
        }

        /// The underlying Connect client.
        pub fn inner(&self) -> &::connect_runtime::ConnectClient<C> {
            &self.inner
        }
    }

    impl<C: ::connect_runtime::Transport> PluginManagementServiceConnectClient<C> {
        /// ListPlugins lists the engine's plugins, in priority order.
        pub async fn list_plugins(
            &self,
            request: super::ListPluginsRequest,
        ) -> ::core::result::Result<super::ListPluginsResponse, ::tonic::Status> {
            self.inner.unary(LIST_PLUGINS, request).await
        }
        /// EnablePlugin lets a disabled plugin serve again.
        pub async fn enable_plugin(
            &self,
            request: super::EnablePluginRequest,
        ) -> ::core::result::Result<super::EnablePluginResponse, ::tonic::Status> {
            self.inner.unary(ENABLE_PLUGIN, request).await
        }
        /// DisablePlugin stops a plugin from being asked anything.
        pub async fn disable_plugin(
            &self,
            request: super::DisablePluginRequest,
        ) -> ::core::result::Result<super::DisablePluginResponse, ::tonic::Status> {
            self.inner.unary(DISABLE_PLUGIN, request).await
        }
    }
}
