//! A complete plugin: serves the fixture world's `memplugin` secrets
//! (`launched/foo`, `launched/bar`) from memory.
//!
//! Run it next to an engine (external) with
//! `cargo run -p secrets-engine-plugin --example memplugin`, or put the built
//! binary in the engine's plugin directory (launched).

use std::collections::BTreeMap;

use secrets_core::{Pattern, SecretId};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use secrets_engine_plugin::{PluginConfig, serve};
use tonic::{Request, Response, Status};

struct MemPlugin {
    secrets: BTreeMap<SecretId, &'static str>,
}

#[tonic::async_trait]
impl ResolverService for MemPlugin {
    async fn get_secrets(
        &self,
        request: Request<GetSecretsRequest>,
    ) -> Result<Response<GetSecretsResponse>, Status> {
        let pattern = Pattern::parse(request.into_inner().pattern.unwrap_or_default())
            .map_err(|e| Status::invalid_argument(e.to_string()))?;
        let envelopes: Vec<Envelope> = self
            .secrets
            .iter()
            .filter(|(id, _)| pattern.matches(id))
            .map(|(id, value)| Envelope {
                id: Some(id.to_string()),
                value: Some(value.as_bytes().to_vec()),
                version: Some(String::new()),
                ..Default::default()
            })
            .collect();
        if envelopes.is_empty() {
            return Err(Status::not_found("secret not found"));
        }
        Ok(Response::new(GetSecretsResponse { envelopes }))
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let plugin = MemPlugin {
        secrets: [
            ("launched/foo", "launched-foo-value"),
            ("launched/bar", "launched-bar-value"),
        ]
        .into_iter()
        .filter_map(|(id, value)| Some((SecretId::parse(id).ok()?, value)))
        .collect(),
    };
    let Ok(pattern) = Pattern::parse("launched/**") else {
        return std::process::ExitCode::FAILURE;
    };
    match serve(plugin, PluginConfig::new("v0.1.0", pattern)).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("memplugin: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
