//! The SDK for writing secrets engine plugins in Rust.
//!
//! A plugin implements the generated `ResolverService` trait (the same trait
//! the engine implements) and hands it to [`serve`] with its version and the
//! pattern of IDs it serves. [`serve`] works out how it was started:
//!
//! - **launched by the engine** (`DOCKER_SECRETS_ENGINE_PLUGIN_LAUNCH_CFG` is
//!   set): it adopts its end of the socketpair (FD 3) and registers with the
//!   name the engine chose;
//! - **external**: it dials the engine socket (`PluginConfig::socket`, else
//!   `$DOCKER_SECRETS_ENGINE_SOCKET`, else the default path), upgrades with
//!   `/hijack` and registers with its own name (default: the executable's).
//!
//! Either way it then runs the plugin's side of the yamux session: it serves
//! `GetSecrets` (held until registration completes, as the Go SDK does),
//! `PluginService.Shutdown` and `/health`, and returns when the engine goes
//! away or asks it to shut down.
//!
//! A plugin whose secrets are known up front can hand [`StaticSecrets`] to
//! [`serve`] instead of implementing the trait.
//!
//! ```no_run
//! use secrets_core::Pattern;
//! use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
//! use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
//! use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
//! use secrets_engine_plugin::{PluginConfig, serve};
//! use tonic::{Request, Response, Status};
//!
//! struct Hello;
//!
//! #[tonic::async_trait]
//! impl ResolverService for Hello {
//!     async fn get_secrets(
//!         &self,
//!         request: Request<GetSecretsRequest>,
//!     ) -> Result<Response<GetSecretsResponse>, Status> {
//!         let pattern = Pattern::parse(request.into_inner().pattern.unwrap_or_default())
//!             .map_err(|e| Status::invalid_argument(e.to_string()))?;
//!         if !pattern.matches(&"hello/world".parse().expect("valid id")) {
//!             return Err(Status::not_found("secret not found"));
//!         }
//!         Ok(Response::new(GetSecretsResponse {
//!             envelopes: vec![Envelope {
//!                 id: Some("hello/world".into()),
//!                 value: Some(b"hi".to_vec()),
//!                 ..Default::default()
//!             }],
//!         }))
//!     }
//! }
//!
//! #[tokio::main]
//! async fn main() -> Result<(), secrets_engine_plugin::PluginError> {
//!     let config = PluginConfig::new("v0.1.0", Pattern::parse("hello/**").expect("valid"));
//!     serve(Hello, config).await
//! }
//! ```
#![deny(unsafe_code)]

mod config;
mod fd;
mod runtime;
mod static_secrets;

pub use config::PluginConfig;
pub use runtime::{PluginError, serve};
pub use static_secrets::StaticSecrets;
