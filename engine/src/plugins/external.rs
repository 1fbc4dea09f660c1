//! External plugins: processes that dial the engine socket, upgrade with
//! `/hijack`, and register over the yamux session that follows. The engine is
//! the yamux server; it serves registration and `/health` on the streams the
//! plugin opens, and calls the plugin's `ResolverService` on streams it
//! opens. An external plugin is in the registry from its registration until
//! its connection ends.
//!
//! Registration is served under each name Docker's Go SDK has used, so a
//! plugin of any published generation attaches (see [`Generation`]); the
//! plugin is later shut down through its own generation's `PluginService`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use hyper_util::rt::TokioIo;
use secrets_core::Pattern;
use secrets_core::ipc::session::{Role, Session, start};
use secrets_engine_api::plugins::v1 as aug;
use secrets_engine_api::resolver::v1 as jan;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;
use tokio_util::task::TaskTracker;
use tonic::Status;

use crate::plugins::remote::RemotePlugin;
use crate::registry::{PluginHandle, PluginKind, PluginState, RegisteredPlugin, Registry};
use secrets_core::is_valid_version;

/// What the engine tells plugins and how long it waits for them.
#[derive(Debug, Clone)]
pub struct AttachSettings {
    /// The engine's name, in the registration answer.
    pub engine_name: String,
    /// The engine's version, in the registration answer.
    pub engine_version: String,
    /// The per-call timeout the engine enforces (sent to the plugin).
    pub plugin_timeout: Duration,
    /// How long a plugin has to register after connecting (Go: 5 s).
    pub registration_timeout: Duration,
    /// Environment variables launched plugins inherit besides the usual ones
    /// (`launched::INHERITED_ENV`).
    pub plugin_env: Vec<String>,
}

/// The API generation a plugin registered with, which is also the one it
/// is shut down with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generation {
    /// SDK v0.0.10 to v0.0.19 (September 2025):
    /// `/resolver.v1.EngineService/RegisterPlugin`.
    September2025,
    /// SDK v0.0.20 to v0.0.22 (January 2026):
    /// `/resolver.v1.RegisterService/RegisterPlugin`.
    January2026,
    /// SDK v0.1.0 and later (August 2026):
    /// `/plugins.v1.RegisterService/RegisterPlugin`, and `plugins.v1` for
    /// shutdown.
    August2026,
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
/// (non-empty), version (`v`-prefixed semver), then pattern.
fn validate(
    request: jan::RegisterPluginRequest,
    generation: Generation,
) -> Result<Registration, Status> {
    let (name, version) = validate_name_and_version(request.name, request.version)?;
    let pattern = Pattern::parse(request.pattern.unwrap_or_default())
        .map_err(|e| Status::invalid_argument(e.to_string()))?;
    Ok(Registration {
        name,
        version,
        pattern,
        generation,
        access_control: false,
    })
}

/// [`validate`] for the August 2026 request, whose pattern is inside the
/// `secrets_provider` member of a oneof.
fn validate_august(request: aug::RegisterPluginRequest) -> Result<Registration, Status> {
    let (name, version) = validate_name_and_version(request.name, request.version)?;
    let (pattern, access_control) = match request.metadata {
        Some(aug::register_plugin_request::Metadata::SecretsProvider(provider)) => {
            (provider.pattern.unwrap_or_default(), false)
        }
        // It serves no secrets; its pattern only fills the registry's field.
        Some(aug::register_plugin_request::Metadata::AccessControlModule(_)) => {
            ("**".to_owned(), true)
        }
        None => {
            return Err(Status::invalid_argument(
                "the registration names neither a secrets provider (with its pattern) nor an access-control module",
            ));
        }
    };
    let pattern = Pattern::parse(pattern).map_err(|e| Status::invalid_argument(e.to_string()))?;
    Ok(Registration {
        name,
        version,
        pattern,
        generation: Generation::August2026,
        access_control,
    })
}

fn validate_name_and_version(
    name: Option<String>,
    version: Option<String>,
) -> Result<(String, String), Status> {
    let name = name.unwrap_or_default();
    if name.is_empty() {
        return Err(Status::internal("parsing name: empty name"));
    }
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
    Ok((name, version))
}

type Registered = (Registration, oneshot::Sender<Result<(), Status>>);

/// `RegisterService` for one connection: the first valid registration is
/// handed to the attachment, which answers once the plugin is in the
/// registry (or refused: a name already taken).
struct Registrar {
    settings: AttachSettings,
    slot: Mutex<Option<oneshot::Sender<Registered>>>,
}

impl Registrar {
    /// Takes the connection's one registration, hands it to the attachment
    /// and waits for its verdict.
    async fn register(
        &self,
        name: Option<&str>,
        version: Option<&str>,
        pattern: Option<&str>,
        validated: impl FnOnce() -> Result<Registration, Status>,
    ) -> Result<jan::RegisterPluginResponse, Status> {
        tracing::info!(?name, ?version, ?pattern, "plugin registration request");
        let sender = match self.slot.lock() {
            Ok(mut slot) => slot.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        let Some(sender) = sender else {
            return Err(Status::internal("cannot rerun registration"));
        };
        let registration = validated()?;
        let (reply, answer) = oneshot::channel();
        sender
            .send((registration, reply))
            .map_err(|_| Status::internal("registration rejected"))?;
        answer
            .await
            .map_err(|_| Status::internal("registration rejected"))??;
        Ok(jan::RegisterPluginResponse {
            engine_name: Some(self.settings.engine_name.clone()),
            engine_version: Some(self.settings.engine_version.clone()),
            request_timeout: Some(pbjson_types::Duration {
                seconds: self.settings.plugin_timeout.as_secs() as i64,
                nanos: self.settings.plugin_timeout.subsec_nanos() as i32,
            }),
        })
    }

    async fn register_january(
        &self,
        request: jan::RegisterPluginRequest,
        generation: Generation,
    ) -> Result<tonic::Response<jan::RegisterPluginResponse>, Status> {
        let (name, version, pattern) = (
            request.name.clone(),
            request.version.clone(),
            request.pattern.clone(),
        );
        self.register(
            name.as_deref(),
            version.as_deref(),
            pattern.as_deref(),
            || validate(request, generation),
        )
        .await
        .map(tonic::Response::new)
    }
}

#[tonic::async_trait]
impl jan::engine_service_server::EngineService for Registrar {
    async fn register_plugin(
        &self,
        request: tonic::Request<jan::RegisterPluginRequest>,
    ) -> Result<tonic::Response<jan::RegisterPluginResponse>, Status> {
        self.register_january(request.into_inner(), Generation::September2025)
            .await
    }
}

#[tonic::async_trait]
impl jan::register_service_server::RegisterService for Registrar {
    async fn register_plugin(
        &self,
        request: tonic::Request<jan::RegisterPluginRequest>,
    ) -> Result<tonic::Response<jan::RegisterPluginResponse>, Status> {
        self.register_january(request.into_inner(), Generation::January2026)
            .await
    }
}

#[tonic::async_trait]
impl aug::register_service_server::RegisterService for Registrar {
    async fn register_plugin(
        &self,
        request: tonic::Request<aug::RegisterPluginRequest>,
    ) -> Result<tonic::Response<aug::RegisterPluginResponse>, Status> {
        let request = request.into_inner();
        let pattern = match &request.metadata {
            Some(aug::register_plugin_request::Metadata::SecretsProvider(p)) => p.pattern.clone(),
            _ => None,
        };
        let (name, version) = (request.name.clone(), request.version.clone());
        let answer = self
            .register(
                name.as_deref(),
                version.as_deref(),
                pattern.as_deref(),
                || validate_august(request),
            )
            .await?;
        Ok(tonic::Response::new(aug::RegisterPluginResponse {
            engine_name: answer.engine_name,
            engine_version: answer.engine_version,
            request_timeout: answer.request_timeout,
        }))
    }
}

/// The `/hijack` route: any method (as in Go), upgraded to a raw stream that
/// then carries the plugin's yamux session. Each attached plugin runs in a
/// task of `tasks`, and is asked to shut down when `stop` turns true.
pub fn hijack_route(
    registry: Arc<Registry>,
    settings: AttachSettings,
    stop: watch::Receiver<bool>,
    tasks: TaskTracker,
) -> Router {
    Router::new().route(
        "/hijack",
        any(move |mut request: Request| {
            let registry = registry.clone();
            let settings = settings.clone();
            let stop = stop.clone();
            let tasks = tasks.clone();
            async move {
                if !request.headers().contains_key(http::header::UPGRADE) {
                    return (
                        http::StatusCode::UPGRADE_REQUIRED,
                        [(http::header::UPGRADE, "tcp")],
                        "/hijack needs `Connection: upgrade` and `Upgrade: tcp`\n",
                    )
                        .into_response();
                }
                let upgrade = hyper::upgrade::on(&mut request);
                tasks.spawn(async move {
                    match upgrade.await {
                        Ok(upgraded) => {
                            let io = TokioIo::new(upgraded);
                            attach(io, registry, settings, Origin::External, stop).await;
                        }
                        Err(error) => tracing::warn!(%error, "/hijack upgrade failed"),
                    }
                });
                let mut response = Response::new(axum::body::Body::empty());
                *response.status_mut() = http::StatusCode::SWITCHING_PROTOCOLS;
                let headers = response.headers_mut();
                headers.insert(
                    http::header::CONNECTION,
                    http::HeaderValue::from_static("upgrade"),
                );
                headers.insert(http::header::UPGRADE, http::HeaderValue::from_static("tcp"));
                response
            }
        }),
    )
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

/// Ends a plugin connection after `grace`: GoAway, then wait for the driver.
async fn end_session(
    session: &Session,
    driver: JoinHandle<Result<(), yamux::ConnectionError>>,
    grace: Duration,
) {
    tokio::time::sleep(grace).await;
    session.close();
    let _ = driver.await;
}

/// How long a plugin has to answer `Shutdown`, and then to close its
/// connection, when the engine stops (the Go engine's 2 s).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// How a plugin connection went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attached {
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

/// Runs one plugin connection: serve registration, register, keep the plugin
/// in the registry until the connection ends. An external plugin is then
/// removed; a launched plugin's entry is left for its supervisor, which marks
/// it restarting. When `stop` turns true the plugin is asked to shut down
/// (`PluginService.Shutdown`) and given [`SHUTDOWN_GRACE`] to close.
pub async fn attach<T>(
    io: T,
    registry: Arc<Registry>,
    settings: AttachSettings,
    origin: Origin,
    mut stop: watch::Receiver<bool>,
) -> Attached
where
    T: AsyncRead + AsyncWrite + Send + Unpin + 'static,
{
    let (session, incoming, driver) = start(io, Role::Engine);
    let (slot, registered) = oneshot::channel();
    let registrar = Arc::new(Registrar {
        settings: settings.clone(),
        slot: Mutex::new(Some(slot)),
    });
    let app = jan::register_service_connect::routes(registrar.clone())
        .merge(jan::engine_service_connect::routes(registrar.clone()))
        .merge(aug::register_service_connect::routes(registrar))
        .route("/health", any(|| async { "ok" }));
    let serving = tokio::spawn(incoming.serve_http1(app));

    let waited = tokio::select! {
        waited = tokio::time::timeout(settings.registration_timeout, registered) => Some(waited),
        _ = stop.wait_for(|stop| *stop) => None,
    };
    // Every way the registration can fail: why, and how long the refusal
    // answer gets to reach the plugin before the connection closes.
    let accepted = match waited {
        Some(Ok(Ok(registered))) => Ok(registered),
        // The registrar dropped its slot: the error answer is on its way.
        Some(Ok(Err(_))) => {
            tracing::warn!("plugin registration refused; closing its connection");
            Err(("its registration was refused".to_owned(), ANSWER_GRACE))
        }
        Some(Err(_)) => {
            tracing::warn!(
                timeout = ?settings.registration_timeout,
                "plugin did not register in time; closing its connection"
            );
            let reason = format!(
                "did not register within {:?}",
                settings.registration_timeout
            );
            Err((reason, Duration::ZERO))
        }
        None => Err((
            "the engine stopped before it registered".to_owned(),
            Duration::ZERO,
        )),
    };
    let accepted = accepted.and_then(|(registration, reply)| match &origin {
        Origin::External => Ok((registration, reply, PluginKind::External)),
        Origin::Launched(expected) if *expected == registration.name => {
            Ok((registration, reply, PluginKind::Launched))
        }
        Origin::Launched(_) => {
            let _ = reply.send(Err(Status::internal(
                "plugin name cannot be changed when launched by engine",
            )));
            let reason = format!("registered as {:?}, not its file name", registration.name);
            Err((reason, ANSWER_GRACE))
        }
    });
    let (registration, reply, kind) = match accepted {
        Ok(accepted) => accepted,
        Err((reason, grace)) => {
            end_session(&session, driver, grace).await;
            serving.abort();
            return Attached::NotRegistered { reason };
        }
    };
    let name = registration.name.clone();
    let remote = RemotePlugin::new(session.clone(), registration.generation);
    let plugin = RegisteredPlugin {
        name: name.clone(),
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
    };
    // A launched plugin replaces its own "restarting" entry; an external one
    // must not take a name in use.
    let added = match origin {
        Origin::Launched(_) => {
            registry.upsert(plugin);
            Ok(())
        }
        Origin::External => registry.add(plugin),
    };
    let attached = match added {
        Ok(()) => {
            let _ = reply.send(Ok(()));
            if registration.access_control {
                tracing::info!(plugin = %name, version = %registration.version, ?origin, "access-control module registered");
            } else {
                tracing::info!(plugin = %name, version = %registration.version, pattern = %registration.pattern, ?origin, generation = ?registration.generation, "plugin registered");
            }
            let mut driver = driver;
            let ended = tokio::select! {
                end = &mut driver => Some(end),
                _ = stop.wait_for(|stop| *stop) => None,
            };
            let end = match ended {
                Some(end) => end,
                None => shut_down(&name, &remote, &session, driver).await,
            };
            if origin == Origin::External {
                registry.remove(&name);
            }
            tracing::info!(plugin = %name, ?end, "plugin disconnected");
            Attached::Registered {
                version: registration.version,
                pattern: registration.pattern,
                access_control: registration.access_control,
            }
        }
        Err(duplicate) => {
            let reason = duplicate.to_string();
            let _ = reply.send(Err(Status::already_exists(reason.clone())));
            end_session(&session, driver, ANSWER_GRACE).await;
            Attached::NotRegistered { reason }
        }
    };
    serving.abort();
    attached
}

/// Asks a registered plugin to shut down, as the Go engine does: the
/// `Shutdown` call, then time for the plugin to close its side, then GoAway.
async fn shut_down(
    name: &str,
    remote: &RemotePlugin,
    session: &Session,
    mut driver: JoinHandle<Result<(), yamux::ConnectionError>>,
) -> Result<Result<(), yamux::ConnectionError>, tokio::task::JoinError> {
    match tokio::time::timeout(SHUTDOWN_GRACE, remote.shutdown()).await {
        Ok(Ok(())) => tracing::info!(plugin = %name, "plugin acknowledged shutdown"),
        // The plugin hung up instead of answering: it is going away, as asked.
        Ok(Err(_)) if driver.is_finished() => {
            tracing::info!(plugin = %name, "plugin closed its connection on shutdown")
        }
        Ok(Err(status)) => {
            tracing::warn!(plugin = %name, code = ?status.code(), message = %status.message(), "plugin refused shutdown")
        }
        Err(_) => tracing::warn!(plugin = %name, "plugin did not answer shutdown in time"),
    }
    match tokio::time::timeout(SHUTDOWN_GRACE, &mut driver).await {
        Ok(end) => end,
        Err(_) => {
            tracing::warn!(plugin = %name, "plugin kept its connection open after shutdown; closing it");
            session.close();
            driver.await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(name: &str, version: &str, pattern: &str) -> jan::RegisterPluginRequest {
        jan::RegisterPluginRequest {
            name: Some(name.into()),
            version: Some(version.into()),
            pattern: Some(pattern.into()),
        }
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
            let status = validate(request, Generation::January2026).expect_err(message);
            assert_eq!((status.code(), status.message()), (code, message));
        }
        let ok = validate(
            request("bad name!", "v0.1.0", "raw/**"),
            Generation::January2026,
        )
        .expect("any non-empty name");
        assert_eq!(ok.name, "bad name!");
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
