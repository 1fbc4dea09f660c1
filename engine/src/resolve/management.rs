//! What the engine says about itself to clients (August 2026 API): its
//! version (`health.v1.VersionService`) and its plugins, listed, enabled and
//! disabled (`plugins.v1.PluginManagementService`). Docker's Go client calls
//! these for `Version()` and its plugin listing.

use crate::http::caller::check_request;
use std::sync::Arc;

use secrets_engine_api::health::v1::version_service_server::VersionService;
use secrets_engine_api::health::v1::{GetVersionRequest, GetVersionResponse};
use secrets_engine_api::plugins::v1 as wire;
use secrets_engine_api::plugins::v1::plugin_management_service_server::PluginManagementService;
use tonic::{Request, Response, Status};

use crate::plugins::registry::{ManagementError, PluginKind, PluginState, Registry};

/// The engine's build, as `GetVersion` reports it.
#[derive(Debug, Clone)]
pub struct Build {
    /// `v`-prefixed version.
    pub version: String,
    /// When it was built (RFC 3339), from `SECRETS_ENGINE_BUILD_DATE` at
    /// build time; empty when not given.
    pub date: String,
    /// The commit it was built from, from `SECRETS_ENGINE_COMMIT` at build
    /// time; empty when not given.
    pub commit: String,
}

impl Build {
    /// This binary's build.
    pub fn current(version: String) -> Self {
        Build {
            version,
            date: option_env!("SECRETS_ENGINE_BUILD_DATE")
                .unwrap_or_default()
                .to_owned(),
            commit: option_env!("SECRETS_ENGINE_COMMIT")
                .unwrap_or_default()
                .to_owned(),
        }
    }
}

#[tonic::async_trait]
impl VersionService for Build {
    async fn get_version(
        &self,
        request: Request<GetVersionRequest>,
    ) -> Result<Response<GetVersionResponse>, Status> {
        check_request(&request)?;
        Ok(Response::new(GetVersionResponse {
            version: Some(self.version.clone()),
            date: Some(self.date.clone()),
            commit_hash: Some(self.commit.clone()),
        }))
    }
}

/// `PluginManagementService` over the registry.
#[derive(Debug)]
pub struct Management {
    registry: Arc<Registry>,
}

impl Management {
    /// Manages the plugins of `registry`.
    pub fn new(registry: Arc<Registry>) -> Self {
        Management { registry }
    }

    fn set_disabled(&self, name: Option<String>, disabled: bool) -> Result<(), Status> {
        let name = name.unwrap_or_default();
        if name.is_empty() {
            return Err(Status::invalid_argument("no plugin name given"));
        }
        self.registry
            .set_disabled(&name, disabled)
            .map_err(|e| match e {
                ManagementError::NotFound(_) => Status::not_found(e.to_string()),
                ManagementError::AccessControl(_) => Status::failed_precondition(e.to_string()),
                ManagementError::Save { .. } => Status::internal(e.to_string()),
            })
    }
}

#[tonic::async_trait]
impl PluginManagementService for Management {
    async fn list_plugins(
        &self,
        request: Request<wire::ListPluginsRequest>,
    ) -> Result<Response<wire::ListPluginsResponse>, Status> {
        check_request(&request)?;
        let plugins = self
            .registry
            .listing()
            .into_iter()
            .map(|p| {
                let (run_status, message) = match p.state {
                    _ if p.disabled => (wire::RunStatus::Stopped, None),
                    // Serving, but asked one call at a time (`plugin_health`).
                    PluginState::Running => match p.degraded {
                        Some(timeouts) => (
                            wire::RunStatus::Running,
                            Some(format!("degraded: its last {timeouts} calls timed out")),
                        ),
                        // A builtin's note (the docker-pass store it
                        // serves) lets `docker-pass status` compare stores.
                        None => (wire::RunStatus::Running, p.note),
                    },
                    // Both are being started again with backoff.
                    PluginState::Restarting(why) | PluginState::Failed(why) => {
                        (wire::RunStatus::Crashed, Some(why))
                    }
                };
                let (version, pattern) = p.registered.unzip();
                wire::Plugin {
                    name: Some(p.name),
                    version,
                    disabled: Some(p.disabled),
                    external: Some(p.kind != PluginKind::Builtin),
                    configurable: Some(false),
                    run_status: Some(run_status.into()),
                    status_message: message,
                    metadata: if p.access_control {
                        Some(wire::plugin::Metadata::AccessControlModule(
                            wire::AccessControlModule {},
                        ))
                    } else {
                        pattern.map(|pattern| {
                            wire::plugin::Metadata::SecretsProvider(wire::SecretsProvider {
                                pattern: Some(pattern),
                            })
                        })
                    },
                }
            })
            .collect();
        Ok(Response::new(wire::ListPluginsResponse { plugins }))
    }

    async fn enable_plugin(
        &self,
        request: Request<wire::EnablePluginRequest>,
    ) -> Result<Response<wire::EnablePluginResponse>, Status> {
        check_request(&request)?;
        self.set_disabled(request.into_inner().name, false)?;
        Ok(Response::new(wire::EnablePluginResponse {}))
    }

    async fn disable_plugin(
        &self,
        request: Request<wire::DisablePluginRequest>,
    ) -> Result<Response<wire::DisablePluginResponse>, Status> {
        check_request(&request)?;
        self.set_disabled(request.into_inner().name, true)?;
        Ok(Response::new(wire::DisablePluginResponse {}))
    }
}
