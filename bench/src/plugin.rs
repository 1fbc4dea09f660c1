//! The benchmark's plugin: this same binary, launched by the engine from a
//! plugin directory (the launch variable is set) or started as `plugin` to
//! attach from outside. It serves one secret through the plugin SDK, so the
//! figures are those of a real plugin process on a real yamux session.

use std::path::PathBuf;

use secrets_core::{Pattern, SecretId};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use secrets_engine_plugin::{PluginConfig, serve};
use tonic::{Request, Response, Status};

/// The launched plugin's secret and pattern.
pub const LAUNCHED_ID: &str = "launched/foo";
const LAUNCHED_PATTERN: &str = "launched/**";

/// Serves exactly one secret.
struct OneSecret {
    id: SecretId,
}

#[tonic::async_trait]
impl ResolverService for OneSecret {
    async fn get_secrets(
        &self,
        request: Request<GetSecretsRequest>,
    ) -> Result<Response<GetSecretsResponse>, Status> {
        let pattern = Pattern::parse(request.into_inner().pattern.unwrap_or_default())
            .map_err(|e| Status::invalid_argument(e.to_string()))?;
        if !pattern.matches(&self.id) {
            return Err(Status::not_found("secret not found"));
        }
        Ok(Response::new(GetSecretsResponse {
            envelopes: vec![Envelope {
                id: Some(self.id.to_string()),
                value: Some(b"foo-value".to_vec()),
                ..Default::default()
            }],
        }))
    }
}

/// Runs the plugin until the engine goes away: launched if the engine set
/// the launch variable, else attached to `socket` as `name`.
pub fn run(id: &str, pattern: &str, name: Option<String>, socket: Option<PathBuf>) {
    let (Ok(id), Ok(pattern)) = (SecretId::parse(id), Pattern::parse(pattern)) else {
        eprintln!("benchplugin: invalid id or pattern");
        std::process::exit(2);
    };
    let mut config = PluginConfig::new("v0.1.0", pattern);
    if let Some(name) = name {
        config = config.with_name(name);
    }
    if let Some(socket) = socket {
        config = config.with_socket(socket);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if let Err(error) = runtime.block_on(serve(OneSecret { id }, config)) {
        eprintln!("benchplugin: {error}");
        std::process::exit(1);
    }
}

/// Runs as the launched plugin (`launched/foo`).
pub fn run_launched() {
    run(LAUNCHED_ID, LAUNCHED_PATTERN, None, None);
}
