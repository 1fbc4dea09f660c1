//! A plugin session: one plugin connection (a launched plugin's socketpair
//! or an external plugin's upgraded `/hijack` connection) from its first
//! byte to its end. The engine is the yamux server on it; it serves
//! registration and `/health` on the streams the plugin opens, and calls the
//! plugin's `ResolverService` on streams it opens.
//!
//! Registration is served under each name Docker's Go SDK has used, so a
//! plugin of any published generation attaches (see [`Generation`]); the
//! plugin is later shut down through its own generation's `PluginService`.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use axum::routing::any;
use secrets_core::{Pattern, is_valid_version};
use secrets_engine_api::plugins::v1 as aug;
use secrets_engine_api::resolver::v1 as jan;
use secrets_engine_api::watch::v1::plugin_changes_service_server::PluginChangesService;
use secrets_engine_api::watch::v1::{
    SecretsChangedRequest, SecretsChangedResponse, plugin_changes_service_connect,
};
use secrets_ipc::session::{ConnectionError, Role, Session, Started, start};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;
use tonic::Status;
use tracing::Instrument;

use crate::plugins::registry::{PluginHandle, PluginKind, PluginState, RegisteredPlugin, Registry};
use crate::plugins::remote::{Generation, RemotePlugin};

/// What the engine tells the plugins it talks to, and how long it waits for
/// them: the same for launched and external plugins. The `[engine]` keys
/// they come from, defaults and bounds included; they apply at start only.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PluginSessionSettings {
    /// The engine's name, in the registration answer.
    #[serde(rename = "name")]
    pub engine_name: String,
    /// The engine's version, in the registration answer (not configurable).
    #[serde(skip)]
    pub engine_version: String,
    /// The per-call timeout the engine enforces (sent to the plugin).
    #[serde(
        rename = "plugin_timeout_ms",
        deserialize_with = "crate::http::server::millis"
    )]
    pub plugin_timeout: Duration,
    /// How long a plugin has to register after connecting (Go: 5 s).
    #[serde(
        rename = "registration_timeout_ms",
        deserialize_with = "crate::http::server::millis"
    )]
    pub registration_timeout: Duration,
    /// Environment variables launched plugins inherit besides the usual ones
    /// (`launched::INHERITED_ENV`).
    pub plugin_env: Vec<String>,
    /// The largest answer a plugin may give to one call, in bytes.
    #[serde(
        rename = "max_plugin_answer_bytes",
        deserialize_with = "crate::http::server::at_least_1"
    )]
    pub max_answer_bytes: usize,
}

impl Default for PluginSessionSettings {
    fn default() -> Self {
        PluginSessionSettings {
            engine_name: "secrets-engine".to_owned(),
            engine_version: engine_version(),
            // The Go engine's registration timeout, for calls too.
            plugin_timeout: Duration::from_secs(5),
            registration_timeout: Duration::from_secs(5),
            plugin_env: Vec::new(),
            // Far above any real set of secrets, small enough that a broken
            // or hostile plugin cannot make the engine hold much.
            max_answer_bytes: 4 << 20,
        }
    }
}

/// The engine's own version, as plugins see it (`v`-prefixed).
pub fn engine_version() -> String {
    format!("v{}", env!("CARGO_PKG_VERSION"))
}

/// A validated registration.
#[derive(Debug, Clone)]
struct Registration {
    name: String,
    version: String,
    /// The IDs it serves (`**` for an access-control module).
    pattern: Pattern,
    generation: Generation,
    /// An access-control module (August 2026) rather than a secrets provider.
    access_control: bool,
}

/// Checks a registration in the Go engine's order, with its codes: name
/// (non-empty), version (`v`-prefixed semver), then what it registers as
/// (`kind`: its pattern, and whether it is an access-control module).
fn validate(
    name: Option<String>,
    version: Option<String>,
    kind: Result<(Option<String>, bool), Status>,
    generation: Generation,
) -> Result<Registration, Status> {
    let name = name.unwrap_or_default();
    if name.is_empty() {
        return Err(Status::internal("parsing name: empty name"));
    }
    // Stricter than the Go engine, which takes any non-empty name.
    super::check_plugin_name(&name).map_err(|e| Status::invalid_argument(e.to_string()))?;
    let version = version.unwrap_or_default();
    if version.is_empty() {
        return Err(Status::internal("parsing version: empty version"));
    }
    if !version.starts_with('v') {
        return Err(Status::internal("parsing version: missing version prefix"));
    }
    if !is_valid_version(&version) {
        return Err(Status::internal(format!(
            "parsing version: invalid version: {version}"
        )));
    }
    let (pattern, access_control) = kind?;
    let pattern = Pattern::parse(pattern.unwrap_or_default())
        .map_err(|e| Status::invalid_argument(e.to_string()))?;
    Ok(Registration {
        name,
        version,
        pattern,
        generation,
        access_control,
    })
}

/// [`validate`] for the September 2025 and January 2026 request, which
/// has a pattern and no kind; `generation` is the service it came through.
fn validate_january(
    generation: Generation,
) -> impl FnOnce(jan::RegisterPluginRequest) -> Result<Registration, Status> {
    move |r| validate(r.name, r.version, Ok((r.pattern, false)), generation)
}

/// [`validate`] for the August 2026 request, which says what the plugin is
/// in a oneof.
fn validate_august(request: aug::RegisterPluginRequest) -> Result<Registration, Status> {
    use aug::register_plugin_request::Metadata;
    let kind = match request.metadata {
        Some(Metadata::SecretsProvider(provider)) => Ok((provider.pattern, false)),
        // It serves no secrets; its pattern only fills the registry's field.
        Some(Metadata::AccessControlModule(_)) => Ok((Some("**".to_owned()), true)),
        None => Err(Status::invalid_argument(
            "the registration names neither a secrets provider (with its pattern) nor an access-control module",
        )),
    };
    validate(request.name, request.version, kind, Generation::August2026)
}

type Registered = (Registration, oneshot::Sender<Result<(), Status>>);

/// `RegisterService` for one connection: the first valid registration is
/// handed to the attachment, which answers once the plugin is in the
/// registry (or refused: a name already taken).
struct Registrar {
    settings: PluginSessionSettings,
    slot: Mutex<Option<oneshot::Sender<Registered>>>,
}

impl Registrar {
    /// Takes the connection's one registration (checked by `validate`),
    /// hands it to the session and waits for its verdict. A second
    /// registration is refused whatever it holds, as the Go engine does.
    async fn register<R: std::fmt::Debug>(
        &self,
        request: tonic::Request<R>,
        validate: impl FnOnce(R) -> Result<Registration, Status>,
    ) -> Result<tonic::Response<jan::RegisterPluginResponse>, Status> {
        let request = request.into_inner();
        tracing::info!(?request, "plugin registration request");
        let sender = self
            .slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let Some(sender) = sender else {
            return Err(Status::internal("cannot rerun registration"));
        };
        let registration = validate(request)?;
        let (reply, answer) = oneshot::channel();
        sender
            .send((registration, reply))
            .map_err(|_| Status::internal("registration rejected"))?;
        answer
            .await
            .map_err(|_| Status::internal("registration rejected"))??;
        Ok(tonic::Response::new(jan::RegisterPluginResponse {
            engine_name: Some(self.settings.engine_name.clone()),
            engine_version: Some(self.settings.engine_version.clone()),
            request_timeout: Some(pbjson_types::Duration {
                seconds: self.settings.plugin_timeout.as_secs() as i64,
                nanos: self.settings.plugin_timeout.subsec_nanos() as i32,
            }),
        }))
    }
}

#[tonic::async_trait]
impl jan::engine_service_server::EngineService for Registrar {
    async fn register_plugin(
        &self,
        request: tonic::Request<jan::RegisterPluginRequest>,
    ) -> Result<tonic::Response<jan::RegisterPluginResponse>, Status> {
        self.register(request, validate_january(Generation::September2025))
            .await
    }
}

#[tonic::async_trait]
impl jan::register_service_server::RegisterService for Registrar {
    async fn register_plugin(
        &self,
        request: tonic::Request<jan::RegisterPluginRequest>,
    ) -> Result<tonic::Response<jan::RegisterPluginResponse>, Status> {
        self.register(request, validate_january(Generation::January2026))
            .await
    }
}

#[tonic::async_trait]
impl aug::register_service_server::RegisterService for Registrar {
    async fn register_plugin(
        &self,
        request: tonic::Request<aug::RegisterPluginRequest>,
    ) -> Result<tonic::Response<aug::RegisterPluginResponse>, Status> {
        let answer = self.register(request, validate_august).await?.into_inner();
        Ok(tonic::Response::new(aug::RegisterPluginResponse {
            engine_name: answer.engine_name,
            engine_version: answer.engine_version,
            request_timeout: answer.request_timeout,
        }))
    }
}

/// Where a plugin connection comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A process that dialed the socket and upgraded with `/hijack`.
    External,
    /// A process the engine launched under this name (it must register with it).
    Launched(String),
}

/// How long a refused plugin's connection stays open so that the refusal
/// (an error answer on its registration stream) reaches it.
const ANSWER_GRACE: Duration = Duration::from_millis(100);

/// How long a plugin has to answer `Shutdown`, and then to close its
/// connection, when the engine stops (the Go engine's 2 s).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// How a plugin connection went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionOutcome {
    /// The plugin never registered, or was refused.
    NotRegistered {
        /// Why, for the log and `ListPlugins`.
        reason: String,
    },
    /// The plugin registered, served, and its connection has ended.
    Registered {
        /// The version it registered with.
        version: String,
        /// The pattern it registered with.
        pattern: Pattern,
        /// Whether it registered as an access-control module.
        access_control: bool,
    },
}

/// A plugin connection as the engine holds it: the session, the task that
/// drives it, and the server of the streams the plugin opens.
struct Connection {
    session: Session,
    driver: JoinHandle<Result<(), ConnectionError>>,
    serving: JoinHandle<()>,
}

impl Connection {
    /// Refuses the plugin: closes the connection after `grace` (time for an
    /// error answer already sent to reach the plugin): GoAway, then wait
    /// for the driver.
    async fn refuse(self, reason: String, grace: Duration) -> SessionOutcome {
        tokio::time::sleep(grace).await;
        self.session.close();
        let _ = self.driver.await;
        self.serving.abort();
        SessionOutcome::NotRegistered { reason }
    }
}

/// `watch.v1.PluginChangesService` on one plugin's connection: the plugin
/// says its secrets changed, and only its own answers are dropped (it
/// cannot name another plugin).
struct ChangeReports {
    registry: Arc<Registry>,
    /// The name it registered under, once it has.
    name: OnceLock<String>,
}

#[tonic::async_trait]
impl PluginChangesService for ChangeReports {
    async fn secrets_changed(
        &self,
        _request: tonic::Request<SecretsChangedRequest>,
    ) -> Result<tonic::Response<SecretsChangedResponse>, Status> {
        let Some(name) = self.name.get() else {
            return Err(Status::failed_precondition(
                "register before reporting changes",
            ));
        };
        tracing::debug!("plugin reports its secrets changed");
        self.registry.secrets_changed(name);
        Ok(tonic::Response::new(SecretsChangedResponse {}))
    }
}

/// Runs one plugin connection: serve registration, register, keep the plugin
/// in the registry until the connection ends. An external plugin is then
/// removed; a launched plugin's entry is left for its supervisor, which marks
/// it restarting. When `stop` turns true the plugin is asked to shut down
/// (`PluginService.Shutdown`) and given `SHUTDOWN_GRACE` to close.
pub async fn run_session<T>(
    io: T,
    registry: Arc<Registry>,
    settings: PluginSessionSettings,
    origin: Origin,
    stop: watch::Receiver<bool>,
) -> SessionOutcome
where
    T: AsyncRead + AsyncWrite + Send + Unpin + 'static,
{
    // What a session logs is in the span `plugin{plugin=<name>}`: a launched
    // plugin's supervisor opened it already; an external plugin's is named
    // when it registers.
    let span = match origin {
        Origin::External => tracing::info_span!("plugin", plugin = tracing::field::Empty),
        Origin::Launched(_) => tracing::Span::current(),
    };
    async move {
        let Started {
            session,
            incoming,
            driver,
        } = start(io, Role::Engine);
        let (slot, registered) = oneshot::channel();
        let registrar = Arc::new(Registrar {
            settings: settings.clone(),
            slot: Mutex::new(Some(slot)),
        });
        let reports = Arc::new(ChangeReports {
            registry: registry.clone(),
            name: OnceLock::new(),
        });
        let app = jan::register_service_connect::routes(registrar.clone())
            .merge(jan::engine_service_connect::routes(registrar.clone()))
            .merge(aug::register_service_connect::routes(registrar))
            .merge(plugin_changes_service_connect::routes(reports.clone()))
            .route("/health", any(|| async { "ok" }));
        let connection = Connection {
            session,
            driver,
            serving: tokio::spawn(incoming.serve_http1(app)),
        };
        serve(
            connection, registered, &registry, &settings, &origin, &reports, stop,
        )
        .await
    }
    .instrument(span)
    .await
}

/// Waits for the plugin's registration (within the registration timeout,
/// and unless the engine stops), checks that a launched plugin kept the
/// name it was launched under, puts it in the registry (an external one
/// only under a name not in use), answers its registration, and serves it
/// until its connection ends or the engine stops.
async fn serve(
    connection: Connection,
    registered: oneshot::Receiver<Registered>,
    registry: &Registry,
    settings: &PluginSessionSettings,
    origin: &Origin,
    reports: &ChangeReports,
    mut stop: watch::Receiver<bool>,
) -> SessionOutcome {
    let timeout = settings.registration_timeout;
    let waited = tokio::select! {
        waited = tokio::time::timeout(timeout, registered) => Some(waited),
        _ = stop.wait_for(|stop| *stop) => None,
    };
    let (registration, reply) = match waited {
        Some(Ok(Ok(registered))) => registered,
        None => {
            let reason = "the engine stopped before it registered".to_owned();
            return connection.refuse(reason, Duration::ZERO).await;
        }
        // The registrar dropped its slot: the error answer is on its way.
        Some(Ok(Err(_))) => {
            tracing::warn!("plugin registration refused; closing its connection");
            let reason = "its registration was refused".to_owned();
            return connection.refuse(reason, ANSWER_GRACE).await;
        }
        Some(Err(_)) => {
            tracing::warn!(
                ?timeout,
                "plugin did not register in time; closing its connection"
            );
            let reason = format!("did not register within {timeout:?}");
            return connection.refuse(reason, Duration::ZERO).await;
        }
    };
    let name = registration.name.clone();
    let kind = match origin {
        Origin::External => {
            tracing::Span::current().record("plugin", tracing::field::display(&name));
            PluginKind::External
        }
        Origin::Launched(expected) if *expected == name => PluginKind::Launched,
        Origin::Launched(_) => {
            let _ = reply.send(Err(Status::internal(
                "plugin name cannot be changed when launched by engine",
            )));
            let reason = format!("registered as {name:?}, not its file name");
            return connection.refuse(reason, ANSWER_GRACE).await;
        }
    };
    let remote = RemotePlugin::new(
        connection.session.clone(),
        registration.generation,
        settings.max_answer_bytes,
    );
    let plugin = RegisteredPlugin {
        health: Default::default(),
        name,
        version: registration.version.clone(),
        pattern: registration.pattern.clone(),
        kind,
        timeout: settings.plugin_timeout,
        state: PluginState::Running,
        resolver: if registration.access_control {
            PluginHandle::AccessControl(Arc::new(remote.clone()))
        } else {
            PluginHandle::Service(Arc::new(remote.clone()))
        },
        note: None,
    };
    // A launched plugin replaces its own "restarting" entry; an external one
    // must not take a name in use.
    let registered = match origin {
        Origin::Launched(_) => Ok(registry.upsert(plugin)),
        Origin::External => registry.add(plugin),
    };
    let claim = match registered {
        Ok(claim) => claim,
        Err(duplicate) => {
            let reason = duplicate.to_string();
            let _ = reply.send(Err(Status::already_exists(reason.clone())));
            return connection.refuse(reason, ANSWER_GRACE).await;
        }
    };
    let _ = reports.name.set(registration.name.clone());
    let _ = reply.send(Ok(()));
    if registration.access_control {
        tracing::info!(version = %registration.version, ?origin, "access-control module registered");
    } else {
        tracing::info!(version = %registration.version, pattern = %registration.pattern, ?origin, generation = ?registration.generation, "plugin registered");
    }
    let Connection {
        session,
        mut driver,
        serving,
    } = connection;
    let ended = tokio::select! {
        end = &mut driver => Some(end),
        _ = stop.wait_for(|stop| *stop) => None,
    };
    let end = match ended {
        Some(end) => end,
        None => shut_down(&remote, &session, driver).await,
    };
    // Only its own registration: a launched plugin may have taken the name
    // back since, and its supervisor decides what happens to it.
    if *origin == Origin::External {
        registry.remove(&claim);
    }
    let end = match end {
        Ok(Ok(())) => "closed".to_owned(),
        Ok(Err(error)) => format!("failed: {error}"),
        Err(join) => format!("driver failed: {join}"),
    };
    tracing::info!(%end, "plugin disconnected");
    serving.abort();
    SessionOutcome::Registered {
        version: registration.version,
        pattern: registration.pattern,
        access_control: registration.access_control,
    }
}

/// Asks a registered plugin to shut down, as the Go engine does: the
/// `Shutdown` call, then time for the plugin to close its side, then GoAway.
async fn shut_down(
    remote: &RemotePlugin,
    session: &Session,
    mut driver: JoinHandle<Result<(), ConnectionError>>,
) -> Result<Result<(), ConnectionError>, tokio::task::JoinError> {
    match tokio::time::timeout(SHUTDOWN_GRACE, remote.shutdown()).await {
        Ok(Ok(())) => tracing::info!("plugin acknowledged shutdown"),
        // The plugin hung up instead of answering: it is going away, as asked.
        Ok(Err(_)) if driver.is_finished() => {
            tracing::info!("plugin closed its connection on shutdown")
        }
        Ok(Err(status)) => {
            tracing::warn!(code = ?status.code(), message = ?status.message(), "plugin refused shutdown")
        }
        Err(_) => tracing::warn!("plugin did not answer shutdown in time"),
    }
    match tokio::time::timeout(SHUTDOWN_GRACE, &mut driver).await {
        Ok(end) => end,
        Err(_) => {
            tracing::warn!("plugin kept its connection open after shutdown; closing it");
            session.close();
            driver.await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A January 2026 registration, checked.
    fn request(name: &str, version: &str, pattern: &str) -> Result<Registration, Status> {
        validate_january(Generation::January2026)(jan::RegisterPluginRequest {
            name: Some(name.into()),
            version: Some(version.into()),
            pattern: Some(pattern.into()),
        })
    }

    #[test]
    fn validation_order_and_codes_follow_the_go_engine() {
        let cases = [
            (
                request("", "one", "a//b"),
                tonic::Code::Internal,
                "parsing name: empty name",
            ),
            (
                request("p", "one", "a//b"),
                tonic::Code::Internal,
                "parsing version: missing version prefix",
            ),
            (
                request("p", "", "**"),
                tonic::Code::Internal,
                "parsing version: empty version",
            ),
            (
                request("p", "v1.2.3.4", "**"),
                tonic::Code::Internal,
                "parsing version: invalid version: v1.2.3.4",
            ),
            (
                request("p", "v1.0.0", "a//b"),
                tonic::Code::InvalidArgument,
                "invalid pattern \"a//b\": empty component at byte 2",
            ),
        ];
        for (request, code, message) in cases {
            let status = request.expect_err(message);
            assert_eq!((status.code(), status.message()), (code, message));
        }
        let ok = request("bad name!", "v0.1.0", "raw/**").expect("a printable name");
        assert_eq!(ok.name, "bad name!");
        // Unlike the Go engine, which takes any non-empty name.
        let refused = request("bad\nname", "v0.1.0", "raw/**").expect_err("a name with a newline");
        assert_eq!(refused.code(), tonic::Code::InvalidArgument);
        assert!(
            refused
                .message()
                .starts_with("invalid plugin name \"bad\\nname\"")
        );
    }

    #[test]
    fn august_registrations_carry_their_kind() {
        use aug::register_plugin_request::Metadata;
        let provider = aug::RegisterPluginRequest {
            name: Some("p".into()),
            version: Some("v1.0.0".into()),
            metadata: Some(Metadata::SecretsProvider(aug::SecretsProvider {
                pattern: Some("a/**".into()),
            })),
        };
        let ok = validate_august(provider.clone()).expect("a provider registers");
        assert_eq!(
            (ok.pattern.as_str(), ok.generation),
            ("a/**", Generation::August2026)
        );
        let module = aug::RegisterPluginRequest {
            metadata: Some(Metadata::AccessControlModule(aug::AccessControlModule {})),
            ..provider.clone()
        };
        assert!(
            validate_august(module)
                .expect("a module registers")
                .access_control
        );
        let neither = aug::RegisterPluginRequest {
            metadata: None,
            ..provider.clone()
        };
        assert_eq!(
            validate_august(neither).unwrap_err().code(),
            tonic::Code::InvalidArgument
        );
        // Name and version come first, as in the January generation.
        let unnamed = aug::RegisterPluginRequest {
            name: None,
            ..provider
        };
        assert_eq!(
            validate_august(unnamed).unwrap_err().message(),
            "parsing name: empty name"
        );
    }
}
