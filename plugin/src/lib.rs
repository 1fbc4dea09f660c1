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
//! Run [`serve`] on [`runtime`]: one thread that, after answering, keeps
//! polling for the engine's next request for a moment before it sleeps. On
//! a VM whose idle vCPUs halt, waking a sleeping plugin costs tens of µs per
//! request (the `busy-poll` crate). Any tokio runtime works too.
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
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let config = PluginConfig::new("v0.1.0", Pattern::parse("hello/**").expect("valid"));
//!     secrets_engine_plugin::runtime()?.block_on(serve(Hello, config))?;
//!     Ok(())
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

/// The runtime to run [`serve`] on: current-thread, busy-polling for
/// `busy_poll::DEFAULT_WINDOW` after each request, as the engine's threads do.
///
/// The trade-off, measured on a 2-core VM whose idle vCPUs halt, with the
/// engine and the load tool on the same cores (BENCHMARKS.md, eighth
/// session): an external plugin answered 30k requests/s at one connection
/// instead of 17k, and 58k at 16 instead of 73k, because a polling plugin
/// holds a core the engine and its clients could use.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    busy_poll::runtime(busy_poll::DEFAULT_WINDOW)
}
