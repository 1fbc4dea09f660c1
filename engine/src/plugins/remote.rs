//! A plugin in another process, as the resolver sees it: an implementation
//! of the generated `ResolverService` trait that calls the plugin's
//! `GetSecrets` over Connect inside a yamux stream.

use connect_runtime::ConnectClient;
use secrets_engine_api::accesscontrol::v1 as acl;
use secrets_engine_api::accesscontrol::v1::access_control_service_connect::AccessControlServiceConnectClient;
use secrets_engine_api::accesscontrol::v1::access_control_service_server::AccessControlService;
use secrets_engine_api::plugins;
use secrets_engine_api::resolver::v1::plugin_service_connect::PluginServiceConnectClient;
use secrets_engine_api::resolver::v1::resolver_service_connect::ResolverServiceConnectClient;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse, ShutdownRequest};
use secrets_ipc::session::Session;
use secrets_ipc::transport::SessionTransport;
use tonic::Status;

/// The API generation a plugin registered with, which is also the one it
/// is shut down with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generation {
    /// SDK v0.0.10 to v0.0.19 (September 2025):
    /// `/resolver.v1.EngineService/RegisterPlugin`.
    September2025,
    /// SDK v0.0.20 to v0.0.22 (January 2026):
    /// `/resolver.v1.RegisterService/RegisterPlugin`.
    January2026,
    /// SDK v0.1.0 and later (August 2026):
    /// `/plugins.v1.RegisterService/RegisterPlugin`, and `plugins.v1` for
    /// shutdown.
    August2026,
}

/// The resolver of a plugin in another process.
#[derive(Debug, Clone)]
pub struct RemotePlugin {
    /// The streams `GetSecrets` calls reuse.
    streams: SessionTransport,
    resolver: ResolverServiceConnectClient<SessionTransport>,
    /// For an access-control module: its decisions, on the same streams.
    access: AccessControlServiceConnectClient<SessionTransport>,
    /// `Shutdown` goes on a stream of its own that both sides close after the
    /// answer: the Go SDK then waits for its open streams to close before it
    /// hangs up.
    shutdown: ConnectClient<SessionTransport>,
    /// Whose `PluginService` the plugin serves.
    generation: Generation,
}

impl RemotePlugin {
    /// Calls the plugin on the other end of `session`, which registered
    /// with `generation`. An answer over `max_answer_bytes`, or that does not
    /// fit in the engine's memory budget, fails that call with
    /// `resource_exhausted`, read no further.
    pub fn new(session: Session, generation: Generation, max_answer_bytes: usize) -> Self {
        let streams = SessionTransport::new(session.clone());
        RemotePlugin {
            resolver: ResolverServiceConnectClient::new(
                ConnectClient::new(streams.clone())
                    .with_max_response_bytes(max_answer_bytes)
                    .with_memory_budget(&crate::memory_budget::ENGINE),
            ),
            access: AccessControlServiceConnectClient::new(ConnectClient::new(streams.clone())),
            streams,
            shutdown: ConnectClient::new(SessionTransport::single_use(session)),
            generation,
        }
    }

    /// Asks the plugin to shut down (`PluginService.Shutdown`), first
    /// closing the idle streams it would otherwise wait for.
    pub async fn shutdown(&self) -> Result<(), Status> {
        self.streams.close_idle();
        let client = self.shutdown.clone();
        match self.generation {
            Generation::September2025 | Generation::January2026 => {
                PluginServiceConnectClient::new(client)
                    .shutdown(ShutdownRequest {})
                    .await?;
            }
            Generation::August2026 => {
                plugins::v1::plugin_service_connect::PluginServiceConnectClient::new(client)
                    .shutdown(plugins::v1::ShutdownRequest {})
                    .await?;
            }
        }
        Ok(())
    }
}

#[tonic::async_trait]
impl ResolverService for RemotePlugin {
    async fn get_secrets(
        &self,
        request: tonic::Request<GetSecretsRequest>,
    ) -> Result<tonic::Response<GetSecretsResponse>, Status> {
        self.resolver
            .get_secrets(request.into_inner())
            .await
            .map(tonic::Response::new)
    }
}

#[tonic::async_trait]
impl AccessControlService for RemotePlugin {
    async fn check_access(
        &self,
        request: tonic::Request<acl::CheckAccessRequest>,
    ) -> Result<tonic::Response<acl::CheckAccessResponse>, Status> {
        self.access
            .check_access(request.into_inner())
            .await
            .map(tonic::Response::new)
    }

    async fn authorize(
        &self,
        request: tonic::Request<acl::AuthorizeRequest>,
    ) -> Result<tonic::Response<acl::AuthorizeResponse>, Status> {
        self.access
            .authorize(request.into_inner())
            .await
            .map(tonic::Response::new)
    }
}
