//! Running a plugin: connect, register, serve, until the engine goes away.

use std::sync::Arc;
use std::time::Duration;

use axum::routing::any;
use connect_runtime::{Codec, ConnectClient, ServerLimits, UnaryRoutes};
use protojson_wkt::Timestamp;
use secrets_core::socket_path::{SocketAddress, client_candidates};
use secrets_engine_api::plugins::v1 as aug;
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::plugin_service_server::PluginService;
use secrets_engine_api::resolver::v1::register_service_connect::RegisterServiceConnectClient;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{
    GetSecretsRequest, GetSecretsResponse, RegisterPluginRequest, ShutdownRequest,
    ShutdownResponse, plugin_service_connect, resolver_service_connect,
};
use secrets_ipc::hijack::{self, HijackError};
use secrets_ipc::launch_config::{LaunchConfig, LaunchConfigError};
use secrets_ipc::session::{Role, Session, Started, start};
use secrets_ipc::transport::SessionTransport;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::watch;
use tonic::{Request, Response, Status};
use tracing::Instrument;

use crate::config::{ChangeNotifier, PluginConfig};

/// Why a plugin stopped with an error.
#[derive(thiserror::Error)]
pub enum PluginError {
    /// The launch configuration from the engine is unusable.
    #[error(transparent)]
    LaunchConfig(#[from] LaunchConfigError),
    /// No name was given and none could be derived from the executable.
    #[error("plugin name must be specified (could not derive from the executable name)")]
    NoName,
    /// The launch connection could not be adopted.
    #[error("plugin connection from the engine: {0}")]
    LaunchConnection(std::io::Error),
    /// None of the engine's sockets could be dialed: `source` says why for
    /// the last one tried (no engine listening, no permission).
    #[error("failed to connect to {}: {source}", sockets.iter().map(|s| format!("socket \"{s}\"")).collect::<Vec<_>>().join(" or "))]
    Connect {
        /// The sockets tried, in order.
        sockets: Vec<SocketAddress>,
        #[allow(missing_docs)]
        source: std::io::Error,
    },
    /// The engine refused the `/hijack` upgrade.
    #[error("external plugin rejected: {0}")]
    Rejected(#[from] HijackError),
    /// The engine refused to register the plugin `name`; `status` is its
    /// answer (e.g. `already_exists` when the name is taken).
    #[error("failed to register plugin {name}: {code}: {message}", code = connect_runtime::error::code_name(.status.code()), message = .status.message())]
    Registration {
        #[allow(missing_docs)]
        name: String,
        #[allow(missing_docs)]
        status: Status,
    },
    /// The connection to the engine broke (the engine closing it in order
    /// is not an error).
    #[error("plugin connection: {0}")]
    Connection(#[source] std::io::Error),
    /// The task that drives the connection panicked.
    #[error("plugin connection task failed: {0}")]
    Driver(String),
}

/// The error's text: `fn main() -> Result<(), PluginError>` prints an
/// error's `Debug`, and that should read as a sentence, not a struct dump.
impl std::fmt::Debug for PluginError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// Runs `resolver` as a plugin until the engine goes away or asks it to shut
/// down (see the crate docs for how it connects).
pub async fn serve<R: ResolverService>(
    resolver: R,
    config: PluginConfig,
) -> Result<(), PluginError> {
    match LaunchConfig::from_env() {
        Some(launch) => {
            let launch = launch?;
            let stream =
                crate::fd::adopt_launch_fd(launch.fd).map_err(PluginError::LaunchConnection)?;
            run(
                stream,
                resolver,
                &config,
                launch.name,
                launch.registration_timeout,
            )
            .await
        }
        None => {
            let name = match config.name.clone() {
                Some(name) => name,
                None => executable_name().ok_or(PluginError::NoName)?,
            };
            let stream = dial(client_candidates(
                config.socket.clone().map(SocketAddress::parse),
            ))
            .await?;
            let hijacked = hijack::hijack(stream, hijack::DEFAULT_TIMEOUT).await?;
            run(
                hijacked.into_stream(),
                resolver,
                &config,
                name,
                config.registration_timeout,
            )
            .await
        }
    }
}

/// Dials the first of `sockets` that accepts a connection, in order (the
/// daemon socket Docker's current SDK dials, then the engine socket).
async fn dial(sockets: Vec<SocketAddress>) -> Result<tokio::net::UnixStream, PluginError> {
    let mut last = None;
    for socket in &sockets {
        match tokio::net::UnixStream::connect(socket.connect_path()).await {
            Ok(stream) => return Ok(stream),
            Err(error) => last = Some(error),
        }
    }
    Err(PluginError::Connect {
        sockets,
        source: last.unwrap_or_else(|| std::io::ErrorKind::NotFound.into()),
    })
}

/// Fills the times a plugin left out as Docker's Go SDK does: created and
/// expiry the zero time (`0001-01-01T00:00:00Z`, "unknown" and "never"),
/// resolved now. An engine that reads an absent time as the Unix epoch (the
/// Go engine does) would otherwise tell clients the secret expired in 1970.
fn fill_times(envelopes: &mut [Envelope]) {
    let now = Timestamp::now();
    for envelope in envelopes {
        envelope.created_at.get_or_insert(Timestamp::GO_ZERO);
        envelope.expires_at.get_or_insert(Timestamp::GO_ZERO);
        envelope.resolved_at.get_or_insert(now);
    }
}

fn executable_name() -> Option<String> {
    let arg0 = std::env::args_os().next()?;
    let name = std::path::Path::new(&arg0)
        .file_name()?
        .to_str()?
        .to_owned();
    (!name.is_empty()).then_some(name)
}

/// `GetSecrets` waits for registration to complete, as in the Go SDK.
struct Gated<R> {
    inner: R,
    registered: watch::Receiver<bool>,
    timeout: Duration,
}

#[tonic::async_trait]
impl<R: ResolverService> ResolverService for Gated<R> {
    async fn get_secrets(
        &self,
        request: Request<GetSecretsRequest>,
    ) -> Result<Response<GetSecretsResponse>, Status> {
        // Keep a busy-polling runtime awake for the engine's next request.
        busy_poll::served();
        let mut registered = self.registered.clone();
        let ready = tokio::time::timeout(self.timeout, async move {
            registered.wait_for(|done| *done).await.is_ok()
        })
        .await;
        match ready {
            Ok(true) => {
                let mut answer = self.inner.get_secrets(request).await?;
                fill_times(&mut answer.get_mut().envelopes);
                Ok(answer)
            }
            Ok(false) => Err(Status::internal("plugin is shutting down")),
            Err(_) => Err(Status::deadline_exceeded(format!(
                "registration incomplete (timeout after {:?})",
                self.timeout
            ))),
        }
    }
}

/// `PluginService.Shutdown` (both generations' names): answer, then close
/// the connection.
struct Shutdown {
    session: Session,
}

impl Shutdown {
    fn close_soon(&self) {
        tracing::info!("the engine asked the plugin to shut down");
        let session = self.session.clone();
        tokio::spawn(async move {
            // Let the answer leave before the session closes.
            tokio::time::sleep(Duration::from_millis(50)).await;
            session.close();
        });
    }
}

#[tonic::async_trait]
impl PluginService for Shutdown {
    async fn shutdown(
        &self,
        _request: Request<ShutdownRequest>,
    ) -> Result<Response<ShutdownResponse>, Status> {
        self.close_soon();
        Ok(Response::new(ShutdownResponse {}))
    }
}

#[tonic::async_trait]
impl aug::plugin_service_server::PluginService for Shutdown {
    async fn shutdown(
        &self,
        _request: Request<aug::ShutdownRequest>,
    ) -> Result<Response<aug::ShutdownResponse>, Status> {
        self.close_soon();
        Ok(Response::new(aug::ShutdownResponse {}))
    }
}

/// Registers on the August 2026 service (`plugins.v1`) and, when the engine
/// does not have it (a January engine answers 404, read as `unimplemented`),
/// on the January one, so one plugin works with either engine.
async fn register(
    session: &Session,
    name: &str,
    config: &PluginConfig,
    timeout: Duration,
) -> Result<aug::RegisterPluginResponse, Status> {
    // Each call on a stream of its own that both sides close, as the Go SDK
    // makes it: the Go engine's teardown waits for open streams.
    let client = || {
        ConnectClient::new(SessionTransport::single_use(session.clone()))
            .with_codec(Codec::Proto)
            .with_timeout(timeout)
    };
    let august = aug::register_service_connect::RegisterServiceConnectClient::new(client())
        .register_plugin(aug::RegisterPluginRequest {
            name: Some(name.to_owned()),
            version: Some(config.version.clone()),
            metadata: Some(aug::register_plugin_request::Metadata::SecretsProvider(
                aug::SecretsProvider {
                    pattern: Some(config.pattern.to_string()),
                },
            )),
        })
        .await;
    match august {
        Err(status) if status.code() == tonic::Code::Unimplemented => {
            tracing::debug!("no plugins.v1 registration; registering on resolver.v1");
        }
        other => return other,
    }
    let january = RegisterServiceConnectClient::new(client())
        .register_plugin(RegisterPluginRequest {
            name: Some(name.to_owned()),
            version: Some(config.version.clone()),
            pattern: Some(config.pattern.to_string()),
        })
        .await?;
    Ok(aug::RegisterPluginResponse {
        engine_name: january.engine_name,
        engine_version: january.engine_version,
        request_timeout: january.request_timeout,
    })
}

/// Registers and serves over one engine connection; what it logs is in the
/// span `plugin{plugin=<name>}`.
async fn run<T, R>(
    io: T,
    resolver: R,
    config: &PluginConfig,
    name: String,
    registration_timeout: Duration,
) -> Result<(), PluginError>
where
    T: AsyncRead + AsyncWrite + Send + Unpin + 'static,
    R: ResolverService,
{
    let span = tracing::info_span!("plugin", plugin = %name);
    async move {
        let Started {
            session,
            incoming,
            driver,
        } = start(io, Role::Plugin);
        let (registered, registered_rx) = watch::channel(false);
        let shutdown = Arc::new(Shutdown {
            session: session.clone(),
        });
        // The RPCs by direct path lookup (the engine calls GetSecrets on every
        // request it routes here), the rest through axum.
        let rpcs = resolver_service_connect::unary_routes(Arc::new(Gated {
            inner: resolver,
            registered: registered_rx,
            timeout: registration_timeout,
        }))
        .into_iter()
        .chain(plugin_service_connect::unary_routes(shutdown.clone()))
        .chain(aug::plugin_service_connect::unary_routes(shutdown));
        let other = axum::Router::new().route("/health", any(|| async { "ok" }));
        let app = UnaryRoutes::new(rpcs, ServerLimits::default(), other);
        let serving = tokio::spawn(incoming.serve_http1(app));

        tracing::info!("registering with the engine");
        let answer = register(&session, &name, config, registration_timeout).await;
        match answer {
            Ok(answer) => {
                let _ = registered.send(true);
                tracing::info!(
                    engine = ?answer.engine_name,
                    engine_version = ?answer.engine_version,
                    "registered"
                );
            }
            Err(status) => {
                session.close();
                let _ = driver.await;
                serving.abort();
                return Err(PluginError::Registration { name, status });
            }
        }
        let reporting = config
            .changes
            .clone()
            .map(|notifier| tokio::spawn(report_changes(session.clone(), notifier)));
        // The engine stops a launched plugin with SIGINT (then SIGKILL): handle
        // it explicitly, since a process started in the background inherits an
        // ignored SIGINT. SIGTERM likewise.
        let mut driver = driver;
        let end = tokio::select! {
            end = &mut driver => end,
            () = interrupted() => {
                tracing::info!("signal received; closing the connection");
                session.close();
                driver.await
            }
        };
        serving.abort();
        if let Some(reporting) = reporting {
            reporting.abort();
        }
        tracing::info!("the engine went away; plugin stopping");
        match end {
            Ok(result) => result.map_err(|error| PluginError::Connection(error.into_io())),
            Err(join) => Err(PluginError::Driver(join.to_string())),
        }
    }
    .instrument(span)
    .await
}

/// Sends the engine each batch of changes `notifier` is given
/// (`watch.v1.PluginChangesService`), until the engine says it does not
/// take them (Docker's engines), which leaves it asking the plugin as
/// before.
async fn report_changes(session: Session, notifier: ChangeNotifier) {
    use secrets_engine_api::watch::v1::SecretsChangedRequest;
    use secrets_engine_api::watch::v1::plugin_changes_service_connect::PluginChangesServiceConnectClient;
    loop {
        let changed = notifier.next().await;
        let client = ConnectClient::new(SessionTransport::single_use(session.clone()))
            .with_codec(Codec::Proto)
            .with_timeout(REPORT_TIMEOUT);
        let request = SecretsChangedRequest {
            // "Any" is said with no IDs.
            ids: match changed.any {
                true => Vec::new(),
                false => changed.ids.into_iter().collect(),
            },
        };
        match PluginChangesServiceConnectClient::new(client)
            .secrets_changed(request)
            .await
        {
            Ok(_) => tracing::debug!("told the engine of changed secrets"),
            Err(status) if status.code() == tonic::Code::Unimplemented => {
                tracing::info!("the engine takes no change reports; it will ask again as usual");
                return;
            }
            // Another batch tries again; the engine's cache age bounds the
            // staleness meanwhile.
            Err(status) => tracing::warn!(%status, "could not tell the engine of changed secrets"),
        }
    }
}

/// How long one change report may take.
const REPORT_TIMEOUT: Duration = Duration::from_secs(5);

/// Completes on SIGINT or SIGTERM (never, if the handlers cannot be set).
async fn interrupted() {
    use tokio::signal::unix::{SignalKind, signal};
    match (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) {
        (Ok(mut interrupt), Ok(mut terminate)) => {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        }
        _ => std::future::pending().await,
    }
}
