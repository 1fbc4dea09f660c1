//! The plugin connection of the secrets engine, as both sides see it: how an
//! engine-launched plugin learns where its connection is
//! ([`launch_config`]), how an external plugin turns a connection to the
//! engine socket into a raw byte stream ([`hijack`]), the yamux session
//! both sides run over it ([`session`], with the Go meaning of a peer's
//! GoAway and write coalescing), and HTTP over that session ([`transport`]).
//!
//! Every plugin, launched from the engine's plugin directory or attached
//! through its socket, talks to the engine over one connection: a socketpair
//! end for launched plugins, a hijacked engine-socket connection for the
//! others. The engine is the yamux server on it; both sides open streams and
//! speak HTTP/1.1 Connect inside each, which is what Docker's Go SDK does, so
//! Go plugins and Go engines interoperate with this crate unchanged.
//!
//! ```
//! use secrets_ipc::launch_config::LaunchConfig;
//! use secrets_ipc::session::{self, Role};
//! use tokio::io::{AsyncReadExt, AsyncWriteExt};
//!
//! // What a launched plugin finds in DOCKER_SECRETS_ENGINE_PLUGIN_LAUNCH_CFG.
//! let config = LaunchConfig::from_env_value(r#"{"name":"plugin-foo","timeout":5000000000,"fd":3}"#)?;
//! assert_eq!(config.registration_timeout, std::time::Duration::from_secs(5));
//!
//! // Both ends of one connection (a socketpair in real life): the plugin
//! // opens a stream, the engine accepts it.
//! let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
//! runtime.block_on(async {
//!     let (engine_end, plugin_end) = tokio::io::duplex(64 * 1024);
//!     let mut engine = session::start(engine_end, Role::Engine);
//!     let plugin = session::start(plugin_end, Role::Plugin);
//!
//!     let mut stream = plugin.session.open().await?;
//!     stream.write_all(b"ping").await?;
//!     let mut accepted = engine.incoming.accept().await.expect("the plugin's stream");
//!     let mut received = [0; 4];
//!     accepted.read_exact(&mut received).await?;
//!     assert_eq!(&received, b"ping");
//!     Ok::<(), Box<dyn std::error::Error>>(())
//! })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]

mod corked;
pub mod hijack;
pub mod launch_config;
mod peer_go_away;
pub mod session;
pub mod stream;
pub mod transport;
