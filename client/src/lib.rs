//! The Rust client of the secrets engine.
//!
//! Programs use it to ask a running engine (this project's or Docker's Go
//! engine) for secrets over its Unix socket:
//!
//! ```no_run
//! # async fn demo() -> Result<(), secrets_engine_client::Error> {
//! let client = secrets_engine_client::Client::new();
//! let secret = client.get_secret("db/password").await?;
//! let password: &[u8] = secret.value.expose();
//! # let _ = password;
//! for secret in client.get_secrets("db/**").await? {
//!     println!("{} from {}", secret.id, secret.provider);
//! }
//! # Ok(()) }
//! ```
//!
//! - [`Client::new`] finds the engine as Docker's modules do: the socket
//!   `$DOCKER_SECRETS_ENGINE_SOCKET` names; else Docker's daemon socket (on
//!   Linux the abstract `@docker-secrets-engine/<uid>/daemon.sock`), then the
//!   engine socket (`$XDG_CACHE_HOME` or `~/.cache`, then
//!   `docker-secrets-engine/engine.sock`), whichever answers first;
//!   [`Client::connect`] takes one path (or `@name`, an abstract socket).
//! - One client keeps its connections open and reuses them across calls and
//!   tasks; clone it freely (clones share the pool).
//! - There is no response timeout by default: a plugin may be waiting for a
//!   keychain prompt. [`Client::with_timeout`] sets an overall deadline per
//!   call, which is also sent to the engine (`Connect-Timeout-Ms`).
//! - Failures are typed ([`Error`]): not found, invalid argument, permission
//!   denied, unavailable (with the engine's message), no engine running
//!   (naming the socket), a timeout, or a protocol error with what the engine
//!   sent. Values are [`SecretValue`]s: zeroed when dropped, never printed.
//! - [`blocking::Client`] is the same API for programs without an async
//!   runtime.
//!
//! Mistakes are caught before anything is sent, and a missing engine is
//! named:
//!
//! ```
//! use secrets_engine_client::{Error, blocking::Client};
//!
//! let client = Client::connect("/nonexistent/engine.sock")?;
//! assert!(matches!(client.get_secrets("db/pass*"), Err(Error::InvalidArgument(_))));
//! let error = client.get_secret("db/password").unwrap_err();
//! assert!(matches!(error, Error::EngineNotRunning { .. }));
//! assert!(error.to_string().starts_with("no secrets engine is running on /nonexistent/engine.sock"));
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! Calls are Connect with binary protobuf over HTTP/1.1, as Docker's Go
//! client makes them.
#![forbid(unsafe_code)]

pub mod blocking;
mod error;
mod transport;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use connect_runtime::ConnectClient;
use protojson_wkt::Timestamp;
use secrets_engine_api::health::v1 as health;
use secrets_engine_api::plugins::v1 as plugins;
use secrets_engine_api::resolver::v1 as resolver;
use tonic::Code;

pub use error::Error;
pub use secrets_core::socket_path::SocketAddress;
pub use secrets_core::{Pattern, SecretId, SecretValue};

use transport::{EngineAddresses, UnixTransport, unix_transport};

/// A client of one engine. Cheap to clone; clones share connections.
#[derive(Debug, Clone)]
pub struct Client {
    addresses: Arc<EngineAddresses>,
    connect: ConnectClient<UnixTransport>,
    timeout: Option<Duration>,
    /// Set once the engine answered that it has no `plugins.v1` listing
    /// (the January API): later listings go straight to `resolver.v1`.
    january_listing: Arc<AtomicBool>,
}

/// A secret the engine resolved.
#[derive(Debug, Clone)]
pub struct Secret {
    /// Its ID.
    pub id: SecretId,
    /// Its value (zeroed on drop; `Debug` and `Display` print a mask).
    pub value: SecretValue,
    /// The plugin that provided it.
    pub provider: String,
    /// The provider's version of the secret (often empty).
    pub version: String,
    /// When it was created, if the provider says.
    pub created_at: Option<SystemTime>,
    /// When the engine resolved it, if it says.
    pub resolved_at: Option<SystemTime>,
    /// When it expires, if it does.
    pub expires_at: Option<SystemTime>,
    /// The provider's metadata (labels such as owner or environment).
    pub metadata: BTreeMap<String, String>,
}

/// What a watch event reports ([`Client::watch`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchEventKind {
    /// The secret existed when the watch started.
    Current,
    /// Every `Current` event has been sent; changes follow.
    Synced,
    /// A matching secret appeared.
    Created,
    /// Its value or version changed.
    Updated,
    /// It was removed.
    Deleted,
    /// It reached its expiry time.
    Expired,
}

/// The events of a watch ([`Client::watch`]); dropping it ends the watch.
pub type WatchStream =
    std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<WatchEvent, Error>> + Send>>;

/// One event of a watch.
#[derive(Debug, Clone)]
pub struct WatchEvent {
    /// What happened.
    pub kind: WatchEventKind,
    /// The secret; `None` for `Synced`.
    pub id: Option<SecretId>,
    /// Its version as its plugin reports it (often empty).
    pub version: String,
    /// The plugin that serves it.
    pub provider: String,
    /// Its value, when the watch asked for values and the event has one.
    pub value: Option<SecretValue>,
    /// When the engine saw it.
    pub observed_at: Option<SystemTime>,
    /// When it expires, if it does.
    pub expires_at: Option<SystemTime>,
}

/// A plugin of the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginInfo {
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// The IDs it serves (secrets providers; empty for access-control
    /// modules).
    pub pattern: String,
    /// What it is.
    pub kind: PluginKind,
    /// Whether it was disabled through the management API (the engine does
    /// not ask it while disabled).
    pub disabled: bool,
    /// Whether it attached from outside rather than being built in or
    /// launched by the engine.
    pub external: bool,
    /// Its state as the engine reports it (`running`, `stopped`, `crashed`,
    /// `retries exceeded`; `unknown` when the engine does not say).
    pub state: String,
    /// Why it is in that state, when it is not running.
    pub status_message: String,
}

/// What a plugin does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluginKind {
    /// It provides secrets.
    SecretsProvider,
    /// It decides who may resolve what.
    AccessControlModule,
}

impl std::fmt::Display for PluginKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PluginKind::SecretsProvider => "secrets provider",
            PluginKind::AccessControlModule => "access control",
        })
    }
}

/// The engine's build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineVersion {
    /// Its version.
    pub version: String,
    /// Its build date, when recorded.
    pub date: String,
    /// The commit it was built from, when recorded.
    pub commit: String,
}

impl Default for Client {
    fn default() -> Self {
        Client::new()
    }
}

impl Client {
    /// A client of the engine where Docker's modules look for it:
    /// `$DOCKER_SECRETS_ENGINE_SOCKET`; else the daemon socket, then the
    /// engine socket (see the crate docs). Nothing is connected until the
    /// first call.
    pub fn new() -> Client {
        Client::with_addresses(secrets_core::socket_path::client_candidates(None))
    }

    /// A client of the engine listening on `socket`: a path, or `@name` for
    /// an abstract socket. Nothing is connected until the first call.
    pub fn connect(socket: impl Into<PathBuf>) -> Client {
        Client::with_addresses(vec![SocketAddress::parse(socket.into())])
    }

    fn with_addresses(addresses: Vec<SocketAddress>) -> Client {
        let addresses = Arc::new(EngineAddresses::new(addresses));
        Client {
            connect: ConnectClient::new(unix_transport(addresses.clone())),
            addresses,
            timeout: None,
            january_listing: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Gives every call at most `timeout`, from sending to the whole answer.
    pub fn with_timeout(mut self, timeout: Duration) -> Client {
        self.connect = self.connect.with_timeout(timeout);
        self.timeout = Some(timeout);
        self
    }

    /// The socket this client talks to: the one that answered last, or the
    /// first it will try.
    pub fn socket(&self) -> &SocketAddress {
        self.addresses.current()
    }

    /// Every socket this client tries, in order.
    pub fn sockets(&self) -> &[SocketAddress] {
        self.addresses.all()
    }

    /// The one secret with ID `id`. An ID without wildcards matches at most
    /// one secret per plugin; when plugins disagree the first in priority
    /// order answers, as the engine decides.
    pub async fn get_secret(&self, id: &str) -> Result<Secret, Error> {
        let parsed = SecretId::parse(id).map_err(|e| Error::InvalidArgument(e.to_string()))?;
        let mut secrets = self.get_secrets(parsed.as_str()).await?;
        match secrets.iter().position(|s| s.id == parsed) {
            Some(index) => Ok(secrets.swap_remove(index)),
            None => Err(Error::NotFound {
                pattern: id.to_owned(),
            }),
        }
    }

    /// Every secret matching `pattern` (`db/password`, `db/*`, `**`), in the
    /// engine's order. No match is [`Error::NotFound`].
    pub async fn get_secrets(&self, pattern: &str) -> Result<Vec<Secret>, Error> {
        Pattern::parse(pattern).map_err(|e| Error::InvalidArgument(e.to_string()))?;
        let request = resolver::GetSecretsRequest {
            pattern: Some(pattern.to_owned()),
        };
        let response: resolver::GetSecretsResponse = self
            .call(
                resolver::resolver_service_connect::GET_SECRETS,
                request,
                Some(pattern),
            )
            .await?;
        response
            .envelopes
            .into_iter()
            .map(|envelope| {
                let id = envelope.id.unwrap_or_default();
                Ok(Secret {
                    id: SecretId::parse(&id).map_err(|e| Error::Protocol {
                        code: Code::Internal,
                        message: format!("the engine answered an invalid ID: {e}"),
                    })?,
                    value: SecretValue::new(envelope.value.unwrap_or_default()),
                    provider: envelope.provider.unwrap_or_default(),
                    version: envelope.version.unwrap_or_default(),
                    created_at: time_of(envelope.created_at),
                    resolved_at: time_of(envelope.resolved_at),
                    expires_at: time_of(envelope.expires_at),
                    metadata: envelope.metadata.into_iter().collect(),
                })
            })
            .collect()
    }

    /// Watches the secrets matching `pattern`: one `Current` event per
    /// secret now, then `Synced`, then an event per change, for as long as
    /// the stream is kept (dropping it ends the watch). With `values`, events
    /// carry the secrets' values. The client's timeout applies to the start
    /// only, not to the watch.
    pub async fn watch(&self, pattern: &str, values: bool) -> Result<WatchStream, Error> {
        use secrets_engine_api::watch::v1 as watch;
        Pattern::parse(pattern).map_err(|e| Error::InvalidArgument(e.to_string()))?;
        let request = watch::WatchSecretsRequest {
            pattern: Some(pattern.to_owned()),
            include_values: Some(values),
        };
        // Without the call timeout, which would end the stream.
        let connect = ConnectClient::new(unix_transport(self.addresses.clone()));
        let started = connect.server_stream::<_, watch::WatchSecretsResponse>(
            watch::watch_service_connect::WATCH_SECRETS,
            request,
        );
        let stream = match self.timeout {
            Some(limit) => tokio::time::timeout(limit, started)
                .await
                .map_err(|_| Error::Timeout(limit))?,
            None => started.await,
        };
        let stream = match stream {
            Ok(stream) => stream,
            Err(status) => return Err(self.error_of(status, Some(pattern)).await),
        };
        let client = self.clone();
        Ok(Box::pin(futures_util::StreamExt::then(
            stream,
            move |event| {
                let client = client.clone();
                async move {
                    let event = match event {
                        Ok(event) => event,
                        Err(status) => return Err(client.error_of(status, None).await),
                    };
                    let kind = match event.kind() {
                        watch::EventKind::Current => WatchEventKind::Current,
                        watch::EventKind::Synced => WatchEventKind::Synced,
                        watch::EventKind::Created => WatchEventKind::Created,
                        watch::EventKind::Updated => WatchEventKind::Updated,
                        watch::EventKind::Deleted => WatchEventKind::Deleted,
                        watch::EventKind::Expired => WatchEventKind::Expired,
                        watch::EventKind::Unspecified => {
                            return Err(Error::Protocol {
                                code: Code::Internal,
                                message: "the engine sent a watch event of no kind".to_owned(),
                            });
                        }
                    };
                    let id = match event.id {
                        Some(id) => Some(SecretId::parse(&id).map_err(|e| Error::Protocol {
                            code: Code::Internal,
                            message: format!("the engine answered an invalid ID: {e}"),
                        })?),
                        None => None,
                    };
                    Ok(WatchEvent {
                        kind,
                        id,
                        version: event.version.unwrap_or_default(),
                        provider: event.provider.unwrap_or_default(),
                        value: event.value.map(SecretValue::new),
                        observed_at: time_of(event.observed_at),
                        expires_at: time_of(event.expires_at),
                    })
                }
            },
        )))
    }

    /// The engine's plugins in priority order. Asks the August 2026 API
    /// (`plugins.v1`) and, from an engine without it (the January Go
    /// engine), the January one (`resolver.v1.ListService`); the client (and
    /// its clones) remembers which.
    pub async fn list_plugins(&self) -> Result<Vec<PluginInfo>, Error> {
        if !self.january_listing.load(Ordering::Relaxed) {
            let current: Result<plugins::ListPluginsResponse, Error> = self
                .call(
                    plugins::plugin_management_service_connect::LIST_PLUGINS,
                    plugins::ListPluginsRequest {},
                    None,
                )
                .await;
            match current {
                Ok(response) => return Ok(response.plugins.into_iter().map(plugin_info).collect()),
                Err(Error::Unimplemented(_)) => self.january_listing.store(true, Ordering::Relaxed),
                Err(error) => return Err(error),
            }
        }
        let response: resolver::ListPluginsResponse = self
            .call(
                resolver::list_service_connect::LIST_PLUGINS,
                resolver::ListPluginsRequest {},
                None,
            )
            .await?;
        Ok(response
            .plugins
            .into_iter()
            .map(january_plugin_info)
            .collect())
    }

    /// The engine's version (`health.v1`; an engine of the January 2026 API
    /// answers [`Error::Unimplemented`]).
    pub async fn version(&self) -> Result<EngineVersion, Error> {
        let response: health::GetVersionResponse = self
            .call(
                health::version_service_connect::GET_VERSION,
                health::GetVersionRequest {},
                None,
            )
            .await?;
        Ok(EngineVersion {
            version: response.version.unwrap_or_default(),
            date: response.date.unwrap_or_default(),
            commit: response.commit_hash.unwrap_or_default(),
        })
    }

    async fn call<Req, Resp>(
        &self,
        path: &str,
        request: Req,
        pattern: Option<&str>,
    ) -> Result<Resp, Error>
    where
        Req: connect_runtime::ConnectMessage,
        Resp: connect_runtime::ConnectMessage,
    {
        match self.connect.unary(path, request).await {
            Ok(response) => Ok(response),
            Err(status) => Err(self.error_of(status, pattern).await),
        }
    }

    /// The typed error for `status`. A transport failure is told apart from
    /// an engine that answered "unavailable" by connecting once more: a
    /// socket that is missing or refuses connections has no engine.
    async fn error_of(&self, status: tonic::Status, pattern: Option<&str>) -> Error {
        let message = status.message().to_owned();
        match status.code() {
            Code::NotFound => Error::NotFound {
                pattern: pattern.unwrap_or_default().to_owned(),
            },
            Code::InvalidArgument => Error::InvalidArgument(message),
            Code::PermissionDenied => Error::PermissionDenied(message),
            Code::Unimplemented => Error::Unimplemented(message),
            Code::DeadlineExceeded if self.timeout.is_some() => {
                Error::Timeout(self.timeout.unwrap_or_default())
            }
            Code::Unavailable => match self.addresses.connect().await {
                Err(mut errors) => Error::EngineNotRunning {
                    sockets: self.addresses.all().to_vec(),
                    source: errors
                        .pop()
                        .unwrap_or_else(|| std::io::ErrorKind::NotFound.into()),
                },
                Ok(_) => Error::Unavailable(message),
            },
            code => Error::Protocol { code, message },
        }
    }

    /// Lets the plugin `name`, disabled before, serve again
    /// (`plugins.v1.PluginManagementService/EnablePlugin`). An unknown name
    /// is [`Error::Protocol`] with [`tonic::Code::NotFound`] and the
    /// engine's message (not [`Error::NotFound`], which is about secrets).
    pub async fn enable_plugin(&self, name: &str) -> Result<(), Error> {
        let request = plugins::EnablePluginRequest {
            name: Some(name.to_owned()),
        };
        self.manage(
            plugins::plugin_management_service_connect::ENABLE_PLUGIN,
            request,
        )
        .await
        .map(|_: plugins::EnablePluginResponse| ())
    }

    /// Stops the engine from asking the plugin `name` anything until it is
    /// enabled again (`plugins.v1.PluginManagementService/DisablePlugin`).
    /// Errors as [`Client::enable_plugin`]; the engine refuses to disable an
    /// access-control module (`failed_precondition`).
    pub async fn disable_plugin(&self, name: &str) -> Result<(), Error> {
        let request = plugins::DisablePluginRequest {
            name: Some(name.to_owned()),
        };
        self.manage(
            plugins::plugin_management_service_connect::DISABLE_PLUGIN,
            request,
        )
        .await
        .map(|_: plugins::DisablePluginResponse| ())
    }

    /// A management call: as [`Client::call`], but `not_found` names a
    /// plugin, so it keeps the engine's message.
    async fn manage<Req, Resp>(&self, path: &str, request: Req) -> Result<Resp, Error>
    where
        Req: connect_runtime::ConnectMessage,
        Resp: connect_runtime::ConnectMessage,
    {
        match self.connect.unary(path, request).await {
            Ok(response) => Ok(response),
            Err(status) if status.code() == Code::NotFound => Err(Error::Protocol {
                code: Code::NotFound,
                message: status.message().to_owned(),
            }),
            Err(status) => Err(self.error_of(status, None).await),
        }
    }
}

/// A time the engine sent; `None` for none and for Go's zero time
/// (`0001-01-01T00:00:00Z`, what Go plugins send for "unknown").
/// A time outside what protobuf allows (years 1 to 9999, nanos under a
/// second) is none either.
fn time_of(timestamp: Option<Timestamp>) -> Option<SystemTime> {
    SystemTime::try_from(timestamp.filter(|t| *t != Timestamp::GO_ZERO)?).ok()
}

fn plugin_info(plugin: plugins::Plugin) -> PluginInfo {
    let (kind, pattern) = match plugin.metadata {
        Some(plugins::plugin::Metadata::AccessControlModule(_)) => {
            (PluginKind::AccessControlModule, String::new())
        }
        Some(plugins::plugin::Metadata::SecretsProvider(provider)) => (
            PluginKind::SecretsProvider,
            provider.pattern.unwrap_or_default(),
        ),
        None => (PluginKind::SecretsProvider, String::new()),
    };
    let state = match plugin.run_status.map(plugins::RunStatus::try_from) {
        Some(Ok(plugins::RunStatus::Running)) => "running",
        Some(Ok(plugins::RunStatus::Stopped)) => "stopped",
        Some(Ok(plugins::RunStatus::Crashed)) => "crashed",
        Some(Ok(plugins::RunStatus::RetriesExceeded)) => "retries exceeded",
        _ => "unknown",
    };
    PluginInfo {
        name: plugin.name.unwrap_or_default(),
        version: plugin.version.unwrap_or_default(),
        pattern,
        kind,
        disabled: plugin.disabled.unwrap_or_default(),
        external: plugin.external.unwrap_or_default(),
        state: state.to_owned(),
        status_message: plugin.status_message.unwrap_or_default(),
    }
}

fn january_plugin_info(plugin: resolver::Plugin) -> PluginInfo {
    let state = match resolver::PluginState::try_from(plugin.state) {
        Ok(resolver::PluginState::Running) => "running",
        Ok(resolver::PluginState::Restarting) => "restarting",
        Ok(resolver::PluginState::Failed) => "crashed",
        _ => "unknown",
    };
    PluginInfo {
        name: plugin.name.unwrap_or_default(),
        version: plugin.version.unwrap_or_default(),
        pattern: plugin.pattern.unwrap_or_default(),
        kind: PluginKind::SecretsProvider,
        disabled: false,
        external: plugin.external.unwrap_or_default(),
        // The January Go engine lists only plugins that run and says no
        // more; this engine adds the state.
        state: if plugin.state == 0 { "running" } else { state }.to_owned(),
        status_message: plugin.state_reason.unwrap_or_default(),
    }
}
