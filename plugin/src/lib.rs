//! The SDK for writing secrets engine plugins in Rust: the one dependency a
//! plugin needs.
//!
//! A secrets provider implements [`Provider`]: one async method that gets
//! the pattern (already parsed and checked by the engine) and returns
//! [`Secret`]s. [`serve_provider`] runs it:
//!
//! ```no_run
//! use secrets_engine_plugin::{Pattern, PluginConfig, Provider, ProviderError, Secret};
//!
//! struct Hello;
//!
//! #[secrets_engine_plugin::async_trait]
//! impl Provider for Hello {
//!     async fn get_secrets(&self, pattern: &Pattern) -> Result<Vec<Secret>, ProviderError> {
//!         let id = "hello/world".parse().expect("a valid ID");
//!         Ok(if pattern.matches(&id) { vec![Secret::new(id, "hi")] } else { vec![] })
//!     }
//! }
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     secrets_engine_plugin::init_logging();
//!     let config = PluginConfig::new("v0.1.0", "hello/**".parse()?);
//!     secrets_engine_plugin::runtime()?.block_on(secrets_engine_plugin::serve_provider(Hello, config))?;
//!     Ok(())
//! }
//! ```
//!
//! [`serve_provider`] works out how the plugin was started:
//!
//! - **launched by the engine** (`DOCKER_SECRETS_ENGINE_PLUGIN_LAUNCH_CFG` is
//!   set): it adopts its end of the socketpair (FD 3) and registers with the
//!   name the engine chose;
//! - **external**: it dials the engine (`PluginConfig::socket`, else
//!   `$DOCKER_SECRETS_ENGINE_SOCKET`, else Docker's daemon socket and then
//!   the engine socket, whichever answers first), upgrades with
//!   `/hijack` and registers with its own name (default: the executable's).
//!
//! It registers on the August 2026 API (`plugins.v1`) and, with an engine
//! that lacks it (the January Go engine), on `resolver.v1`. It then serves
//! `GetSecrets` (held until registration completes, as the Go SDK does),
//! `Shutdown` and `/health`, and returns when the engine goes away or asks
//! it to shut down. Times a provider leaves out are filled as Docker's SDK
//! fills them (created and expiry: the zero time; resolved: now).
//!
//! Logging: the SDK logs through `tracing` (registration, shutdown, errors).
//! [`init_logging`] prints it to stderr, filtered by `RUST_LOG` (default
//! `info`); a launched plugin's stderr goes to the engine's log.
//!
//! A provider can be tried without an engine: [`ProviderService`] is what
//! the engine calls, and nothing found is `not_found`, as the engine expects.
//!
//! ```
//! use secrets_engine_plugin::api::resolver::v1::GetSecretsRequest;
//! use secrets_engine_plugin::api::resolver::v1::resolver_service_server::ResolverService;
//! use secrets_engine_plugin::{Pattern, Provider, ProviderError, ProviderService, Secret};
//!
//! struct Hello;
//!
//! #[secrets_engine_plugin::async_trait]
//! impl Provider for Hello {
//!     async fn get_secrets(&self, pattern: &Pattern) -> Result<Vec<Secret>, ProviderError> {
//!         let id = "hello/world".parse().expect("a valid ID");
//!         Ok(if pattern.matches(&id) { vec![Secret::new(id, "hi")] } else { vec![] })
//!     }
//! }
//!
//! fn request(pattern: &str) -> tonic::Request<GetSecretsRequest> {
//!     tonic::Request::new(GetSecretsRequest { pattern: Some(pattern.to_owned()) })
//! }
//!
//! let service = ProviderService(Hello);
//! let runtime = secrets_engine_plugin::runtime()?;
//! let answer = runtime.block_on(service.get_secrets(request("hello/*")))?.into_inner();
//! assert_eq!(answer.envelopes[0].id.as_deref(), Some("hello/world"));
//! assert_eq!(answer.envelopes[0].value.as_deref(), Some(&b"hi"[..]));
//! let missing = runtime.block_on(service.get_secrets(request("other/*"))).unwrap_err();
//! assert_eq!(missing.code(), tonic::Code::NotFound);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Underneath, [`serve`] runs any implementation of the generated
//! `ResolverService` trait ([`api`]), for plugins that want every envelope
//! field in their own hands; [`StaticSecrets`] is one, for secrets known up
//! front.
//!
//! Run it on [`runtime`]: one thread that, after answering, keeps polling for
//! the engine's next request for a moment before it sleeps. On a VM whose
//! idle vCPUs halt, waking a sleeping plugin costs tens of µs per request
//! (the `busy-poll` crate). Any tokio runtime works too.
#![deny(unsafe_code)]

mod config;
mod fd;
mod provider;
mod serve;
mod static_secrets;

pub use config::{ChangeNotifier, PluginConfig};
pub use provider::{Provider, ProviderError, ProviderService, Secret};
pub use secrets_core::{Pattern, SecretId, SecretValue};
/// The generated API (messages, the `ResolverService` trait) for plugins
/// that implement the trait themselves.
pub use secrets_engine_api as api;
pub use serve::{PluginError, serve};
pub use static_secrets::StaticSecrets;
/// The attribute [`Provider`] implementations carry.
pub use tonic::async_trait;

/// Runs `provider` as a plugin until the engine goes away or asks it to
/// shut down.
pub async fn serve_provider<P: Provider>(
    provider: P,
    config: PluginConfig,
) -> Result<(), PluginError> {
    serve(ProviderService(provider), config).await
}

/// Prints the SDK's log (and the plugin's own `tracing` events) to stderr,
/// filtered by `RUST_LOG` (default `info`). Does nothing when a subscriber
/// is already set.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

/// The runtime to run [`serve`] on: current-thread, busy-polling for
/// `busy_poll::DEFAULT_WINDOW` after each request, as the engine's threads do.
///
/// The trade-off, measured on a 2-core VM whose idle vCPUs halt, with the
/// engine and the load tool on the same cores (BENCHMARKS.md, "Plugins on a
/// polling runtime"): an external plugin answered 30k requests/s at one connection
/// instead of 17k, and 58k at 16 instead of 73k, because a polling plugin
/// holds a core the engine and its clients could use.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    busy_poll::runtime(busy_poll::DEFAULT_WINDOW)
}
