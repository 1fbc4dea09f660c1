//! The secrets engine daemon.
//!
//! [`Engine::start`] creates the socket safely ([`socket`]) and registers the
//! builtin plugins (`builtin`) from an [`EngineConfig`]; [`Engine::serve`]
//! answers on the socket until told to stop. What it answers is the
//! generated API (`app`): `resolver.v1.ResolverService/GetSecrets` and
//! `resolver.v1.ListService/ListPlugins` over Connect (JSON and binary), gRPC
//! (HTTP/2 and HTTP/1.1) and gRPC-Web, plus `/health`.
//!
//! The code is in layers: `http` serves connections (sockets, who is
//! calling, the HTTP server with its timeouts, connection cap and threads);
//! `plugins` holds the plugin registry and the plugins themselves (launched,
//! attached through `/hijack` and a yamux session, and their health);
//! `resolve` answers requests (the resolver asks every plugin in scope for
//! exactly its share, concurrently and under a timeout, and merges the
//! answers in priority order; the caller policy, access-control modules,
//! audit log and plugin management). Each layer uses only the ones before it.
//!
//! The `secrets-engine` binary (`src/main.rs`) is a thin command line over
//! this library.
#![deny(unsafe_code)]

mod app;
mod builtin;
pub mod config;
mod freed_memory;
mod http;
pub mod log_hints;
mod memory_budget;
mod plugins;
mod resolve;
pub mod systemd_units;
mod text_position;

use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use connect_runtime::ServerLimits;
use tokio_util::task::TaskTracker;

pub use config::EngineConfig;
pub use http::{socket, socket_activation};
/// How the engine starts a launched plugin (its command, environment and
/// connection), for tools that run plugins as the engine does, such as the
/// conformance suite's plugin certification.
pub use plugins::launched::plugin_command;

/// The plugin registry and the plugin session, for the engine's own
/// integration tests and conformance suite only: not part of the library's
/// API, and free to change.
#[doc(hidden)]
pub mod test_door {
    pub use crate::plugins::registry::{
        PluginHandle, PluginKind, PluginState, RegisteredPlugin, Registry,
    };
    pub use crate::plugins::session::{Origin, SessionOutcome, run_session};
    pub use crate::resolve::cache::{AnswerCache, CacheSettings, Fetched, STALE_KEY, Served};
}

use crate::builtin::file::{FileStore, FileStoreError};
use crate::builtin::store::{Source, StorePlugin};
use crate::config::BuiltinKind;
use crate::http::caller::{CallerRules, SharedCallerRules};
use crate::http::connection_threads::ConnectionThreads;
use crate::http::server::ServerSettings;
use crate::http::socket::{EngineSocket, SocketError};
use crate::plugins::launched::LaunchedPlugins;
use crate::plugins::registry::{
    DuplicatePlugin, PluginHandle, PluginKind, PluginState, RegisteredPlugin, Registry,
};
use crate::resolve::audit::AuditLog;
use crate::resolve::cache::AnswerCache;
use crate::resolve::policy::{Policy, PolicyError, SharedPolicy};
use crate::resolve::resolver::Resolver;
use secrets_store::FileKeySource;
use secrets_store::credential_helper::CredentialHelpers;
use tokio_util::sync::{CancellationToken, DropGuard};

/// Tells `cache` of every change to `store`, the builtin `plugin`'s, until
/// `stop`: answers kept for it (when `[cache.<plugin>]` gives it an age) are
/// dropped, and watches look again at once. Where the store cannot report
/// changes, watches fall back to polling; when its reports stop (the keyring
/// daemon restarted, the directory removed), it is subscribed to again.
async fn follow_changes(
    store: secrets_store::Store,
    plugin: String,
    cache: Arc<AnswerCache>,
    stop: CancellationToken,
) {
    const RETRY: std::time::Duration = std::time::Duration::from_secs(5);
    loop {
        match stop.run_until_cancelled(store.changes()).await {
            None => return,
            Some(Ok(mut changes)) => {
                // Anything may have changed while nothing was reported.
                cache.invalidate(&plugin);
                tracing::debug!(%plugin, "following the store's changes");
                while let Some(Some(_change)) = stop.run_until_cancelled(changes.recv()).await {
                    cache.invalidate(&plugin);
                }
                if stop.is_cancelled() {
                    return;
                }
                cache.invalidate(&plugin);
                tracing::warn!(%plugin, "store stopped reporting changes; following it again in {RETRY:?}");
            }
            Some(Err(error)) if error.is_changes_unsupported() => {
                tracing::info!(%plugin, %error, "store cannot report changes: watches poll it");
                return;
            }
            Some(Err(error)) => {
                tracing::warn!(%plugin, %error, "cannot follow the store's changes; trying again in {RETRY:?}");
            }
        }
        if stop
            .run_until_cancelled(tokio::time::sleep(RETRY))
            .await
            .is_none()
        {
            return;
        }
    }
}

/// Why the engine could not start.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The socket could not be created.
    #[error(transparent)]
    Socket(#[from] SocketError),
    /// A builtin plugin could not be loaded.
    #[error("builtin plugin {name}: {source}")]
    Builtin {
        /// The plugin.
        name: String,
        /// What is wrong with its secrets file.
        source: FileStoreError,
    },
    /// The `docker-pass` store could not be opened.
    #[error("builtin plugin {name}: {source}")]
    Store {
        /// The plugin.
        name: String,
        /// Why the store could not be opened (no keychain service, an
        /// unreadable file store); boxed, as it is large.
        source: Box<secrets_store::StoreError>,
    },
    /// Two plugins have the same name.
    #[error(transparent)]
    Duplicate(#[from] DuplicatePlugin),
    /// The audit log could not be opened.
    #[error("opening the audit log {}: {source}", path.display())]
    Audit {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The policy file could not be read or is invalid.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// The list of disabled plugins could not be read.
    #[error("reading the disabled plugins from {}: {source}", path.display())]
    DisabledPlugins {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Warns when a file holding secrets or the key to them can be read by
/// group or others.
fn warn_if_readable_by_others(path: &Path, what: &str) {
    if let Some(mode) = secrets_store::file::readable_by_others(path) {
        tracing::warn!(
            path = %path.display(),
            mode = %format_args!("{mode:o}"),
            "the {what} can be read by other users; run chmod 600 on it"
        );
    }
}

/// A started engine: sockets bound, plugins registered.
#[derive(Debug)]
pub struct Engine {
    /// Where it listens: every socket serves the same routes, limits,
    /// caller checks and audit log.
    sockets: Vec<EngineSocket>,
    registry: Arc<Registry>,
    config: EngineConfig,
    /// The policy file's rules, replaced on reload.
    policy: Arc<SharedPolicy>,
    /// Who may connect, replaced on reload.
    callers: Arc<SharedCallerRules>,
    /// Where GetSecrets requests are recorded, if configured.
    audit: Option<AuditLog>,
    /// What plugins answered, kept for the resolver.
    cache: Arc<AnswerCache>,
    /// Stops the builtins' change watchers when the engine goes.
    _watchers: DropGuard,
}

impl Engine {
    /// Binds `socket_path` and registers the configured builtin plugins.
    /// Clients may connect as soon as this returns; they are answered once
    /// [`Engine::serve`] runs.
    pub async fn start(socket_path: &Path, config: EngineConfig) -> Result<Self, EngineError> {
        Self::start_on_all(vec![EngineSocket::bind(socket_path)?], config).await
    }

    /// [`Engine::start`] on sockets already listening (the engine socket and
    /// the daemon socket, bound, or passed by systemd:
    /// [`EngineSocket::inherited`]), served alike. With only sockets systemd
    /// passed, the engine exits after the configured `idle_exit` with no
    /// open connection.
    pub async fn start_on_all(
        sockets: Vec<EngineSocket>,
        config: EngineConfig,
    ) -> Result<Self, EngineError> {
        let registry = open_registry(&config)?;
        let cache = Arc::new(AnswerCache::new(config.cache.clone()));
        let told = cache.clone();
        registry.on_secrets_changed(move |plugin| told.invalidate(plugin));
        let watchers = CancellationToken::new();
        register_builtins(&registry, &config, &cache, &watchers).await?;
        let policy = load_policy(&config)?;
        let callers = Arc::new(SharedCallerRules::from_pointee(caller_rules(
            &config,
            policy.as_ref(),
        )));
        let policy = Arc::new(SharedPolicy::from_pointee(policy));
        let audit = open_audit_log(&config)?;
        for socket in &sockets {
            if socket.is_inherited() {
                tracing::info!(socket = %socket.address(), idle_exit = ?config.server.idle_exit, "engine listening on a socket systemd passed");
            } else {
                tracing::info!(socket = %socket.address(), "engine listening");
            }
        }
        Ok(Engine {
            sockets,
            registry,
            config,
            policy,
            callers,
            audit,
            cache,
            _watchers: watchers.drop_guard(),
        })
    }

    /// The plugin registry (for tests: see [`test_door`]).
    #[doc(hidden)]
    pub fn registry(&self) -> &Arc<Registry> {
        &self.registry
    }

    /// Answers on the socket until `shutdown` completes; in-flight requests
    /// then get the configured shutdown timeout, and the socket is removed.
    pub async fn serve(self, shutdown: impl Future<Output = ()>) {
        let (_, no_reloads) = tokio::sync::mpsc::channel(1);
        self.serve_with_reloads(shutdown, no_reloads).await;
    }

    /// [`Engine::serve`], applying each configuration received on `reloads`
    /// (what the `secrets-engine` binary sends on SIGHUP): the policy file,
    /// `allowed_uids` and the plugin directory (new executables launched,
    /// removed ones stopped) take effect at once; other settings (the audit
    /// log's among them) are kept until a restart, and the log says which
    /// changed.
    pub async fn serve_with_reloads(
        self,
        shutdown: impl Future<Output = ()>,
        mut reloads: tokio::sync::mpsc::Receiver<EngineConfig>,
    ) {
        // Plugins are told to stop through `stop`; attached external
        // plugins run in `external`, so the engine can wait for them.
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let external = TaskTracker::new();
        let app = self.routes(stopped, external.clone());
        // The idle exit only when systemd keeps every socket listening while
        // the engine is gone.
        let server_settings = ServerSettings {
            idle_exit: self
                .config
                .server
                .idle_exit
                .filter(|_| self.sockets.iter().all(EngineSocket::is_inherited)),
            ..self.config.server
        };
        let mut launched = LaunchedPlugins::new(self.registry.clone(), self.config.plugins.clone());
        launched.sync(launched_plugins(&self.config));
        self.first_tries(&launched).await;
        let mut threads = ConnectionThreads::new(
            self.config.server.worker_threads.saturating_sub(1),
            self.config.server.busy_poll,
        );
        {
            let serving = http::server::serve(
                self.sockets,
                app,
                server_settings,
                &self.callers,
                &mut threads,
                shutdown,
            );
            tokio::pin!(serving);
            let mut running = Reloadable {
                config: self.config.clone(),
                policy: &self.policy,
                callers: &self.callers,
                launched: &mut launched,
            };
            let mut reloads_open = true;
            loop {
                tokio::select! {
                    () = &mut serving => break,
                    reload = reloads.recv(), if reloads_open => match reload {
                        Some(config) => running.reload(config),
                        None => reloads_open = false,
                    },
                }
            }
        }
        // In-flight requests have been answered; now stop every plugin in
        // parallel: `Shutdown`, then (launched ones) SIGINT and SIGKILL, each
        // step bounded.
        let _ = stop.send(true);
        external.close();
        launched.stop_all().await;
        external.wait().await;
        // Last: attached plugins may have been served on these threads.
        threads.stop().await;
        // Every request answered is in the audit log before the engine exits.
        if let Some(audit) = self.audit {
            let _ = tokio::task::spawn_blocking(move || audit.flush()).await;
        }
        tracing::info!("engine stopped");
    }

    /// Every route the sockets serve: the API, and `/hijack` for external
    /// plugins when they are allowed.
    fn routes(
        &self,
        stopped: tokio::sync::watch::Receiver<bool>,
        external: TaskTracker,
    ) -> app::EngineService {
        let resolver = Arc::new(Resolver::new(
            self.registry.clone(),
            self.policy.clone(),
            self.audit.clone(),
            self.cache.clone(),
        ));
        let limits = ServerLimits {
            max_request_bytes: self.config.server.max_request_bytes,
        };
        let mut other = axum::Router::new();
        if self.config.server.external_plugins {
            other = other.merge(plugins::external::hijack_route(
                self.registry.clone(),
                self.config.plugins.clone(),
                stopped,
                external,
            ));
        }
        app::service(
            resolver,
            resolve::management::Build::current(self.config.plugins.engine_version.clone()),
            limits,
            self.config.cache.watch_poll,
            other,
        )
    }

    /// Waits, as the Go engine does, until every launched plugin has had its
    /// first try (registered, or failed), for at most the registration
    /// timeout and two seconds: a client that starts with the engine must
    /// not be told `not_found` for a secret whose plugin is still starting.
    /// The listener is bound already, so early clients just wait.
    async fn first_tries(&self, launched: &LaunchedPlugins) {
        let names = launched.names();
        let first_tries = async {
            let mut changes = self.registry.subscribe();
            while !names.iter().all(|name| self.registry.knows(name)) {
                if changes.changed().await.is_err() {
                    break;
                }
            }
        };
        let bound = self.config.plugins.registration_timeout + Duration::from_secs(2);
        if tokio::time::timeout(bound, first_tries).await.is_err() {
            tracing::warn!(?bound, "launched plugins still starting; serving anyway");
        }
    }
}

/// The plugin registry, with the disabled plugins remembered in the
/// configured file.
fn open_registry(config: &EngineConfig) -> Result<Arc<Registry>, EngineError> {
    Ok(Arc::new(match &config.disabled_plugins_file {
        Some(file) => Registry::with_disabled_file(file.clone()).map_err(|source| {
            EngineError::DisabledPlugins {
                path: file.clone(),
                source,
            }
        })?,
        None => Registry::default(),
    }))
}

/// Registers every builtin plugin the configuration names (a credential
/// helper with nothing configured, or unusable, is left out with a log line).
async fn register_builtins(
    registry: &Registry,
    config: &EngineConfig,
    cache: &Arc<AnswerCache>,
    watchers: &CancellationToken,
) -> Result<(), EngineError> {
    for builtin in &config.builtins {
        let mut note = None;
        let resolver = match &builtin.kind {
            BuiltinKind::File {
                path,
                reload_interval,
            } => {
                let store = FileStore::open(path).map_err(|source| EngineError::Builtin {
                    name: builtin.name.clone(),
                    source,
                })?;
                warn_if_readable_by_others(path, "secrets file");
                store.watch(*reload_interval);
                PluginHandle::File(store)
            }
            BuiltinKind::DockerPass { store: choice } => {
                let store = secrets_store::Store::open(choice).await.map_err(|source| {
                    EngineError::Store {
                        name: builtin.name.clone(),
                        source: Box::new(source),
                    }
                })?;
                let key_file = match &choice.file_key {
                    FileKeySource::IdentityFile(path) => Some((path, "identity file")),
                    FileKeySource::PassphraseFile(path) => Some((path, "passphrase file")),
                    FileKeySource::PassphraseEnv(_) => None,
                };
                if let (secrets_store::Store::File(_), Some((path, what))) = (&store, key_file) {
                    warn_if_readable_by_others(path, what);
                }
                tracing::info!(plugin = %builtin.name, store = %store.describe(), "serving the docker-pass store");
                note = Some(store.describe());
                tokio::spawn(follow_changes(
                    store.clone(),
                    builtin.name.clone(),
                    cache.clone(),
                    watchers.clone(),
                ));
                PluginHandle::Service(Arc::new(StorePlugin::new(Source::Pass(store))))
            }
            BuiltinKind::CredentialHelper { config } => {
                match CredentialHelpers::from_config(config) {
                    Ok(Some(helpers)) => {
                        tracing::info!(plugin = %builtin.name, helpers = %helpers.describe(), "serving registry credentials");
                        PluginHandle::Service(Arc::new(StorePlugin::new(
                            Source::CredentialHelpers(helpers),
                        )))
                    }
                    // As in the Go engine, a credential helper that
                    // cannot start is left out with a warning.
                    Ok(None) => {
                        tracing::info!(plugin = %builtin.name, config = %config.display(), "no credential helper configured (credsStore, credHelpers); not registered");
                        continue;
                    }
                    Err(error) => {
                        tracing::warn!(plugin = %builtin.name, %error, "credential helpers unusable; not registered");
                        continue;
                    }
                }
            }
        };
        registry.add(RegisteredPlugin {
            health: Default::default(),
            name: builtin.name.clone(),
            version: builtin.version.clone(),
            pattern: builtin.pattern.clone(),
            kind: PluginKind::Builtin,
            timeout: config.plugins.plugin_timeout,
            state: PluginState::Running,
            resolver,
            note,
        })?;
        tracing::info!(plugin = %builtin.name, pattern = %builtin.pattern, "registered builtin plugin");
    }
    Ok(())
}

/// The audit log, when one is configured.
fn open_audit_log(config: &EngineConfig) -> Result<Option<AuditLog>, EngineError> {
    let Some(settings) = &config.audit_log else {
        return Ok(None);
    };
    let log = AuditLog::open(settings.clone()).map_err(|source| EngineError::Audit {
        path: settings.path.clone(),
        source,
    })?;
    tracing::info!(path = %settings.path.display(), "recording GetSecrets requests in the audit log");
    Ok(Some(log))
}

/// What a reload changes in a serving engine.
struct Reloadable<'a> {
    /// The configuration in force, reloaded parts included.
    config: EngineConfig,
    policy: &'a SharedPolicy,
    callers: &'a SharedCallerRules,
    launched: &'a mut LaunchedPlugins,
}

impl Reloadable<'_> {
    /// Applies a reloaded configuration (see [`Engine::serve_with_reloads`]).
    fn reload(&mut self, config: EngineConfig) {
        let policy = match load_policy(&config) {
            Ok(policy) => policy,
            Err(error) => {
                tracing::error!(%error, "reload: the policy file is invalid; nothing reloaded, the running configuration stays");
                return;
            }
        };
        self.callers
            .store(Arc::new(caller_rules(&config, policy.as_ref())));
        self.policy.store(policy.map(Arc::new));
        self.launched.sync(launched_plugins(&config));
        let restart_needed = config.needs_restart_to_apply(&self.config);
        self.config.allowed_uids = config.allowed_uids.clone();
        self.config.policy_file = config.policy_file.clone();
        self.config.plugin_dir = config.plugin_dir.clone();
        self.config.launched_plugins = config.launched_plugins;
        tracing::info!(
            policy = ?self.config.policy_file,
            allowed_uids = ?self.config.allowed_uids,
            plugins = ?self.launched.names(),
            "configuration reloaded: policy file, allowed users and plugin directory applied"
        );
        if !restart_needed.is_empty() {
            tracing::warn!(settings = ?restart_needed, "these settings changed and take effect only after a restart");
        }
    }
}

/// The policy file's rules, if one is configured.
fn load_policy(config: &EngineConfig) -> Result<Option<Policy>, PolicyError> {
    config.policy_file.as_deref().map(Policy::load).transpose()
}

/// The plugins to launch: those found in the plugin directory, when
/// launching is on (none, with an error logged, if it cannot be read).
fn launched_plugins(config: &EngineConfig) -> Vec<(String, std::path::PathBuf)> {
    if !config.launched_plugins {
        return Vec::new();
    }
    let dir = &config.plugin_dir;
    plugins::launched::scan(dir).unwrap_or_else(|error| {
        tracing::error!(
            dir = %dir.display(), %error,
            "cannot read the plugin directory; no launched plugins"
        );
        Vec::new()
    })
}

/// What the accept loop decides about callers under `config` and `policy`.
fn caller_rules(config: &EngineConfig, policy: Option<&Policy>) -> CallerRules {
    CallerRules {
        allowed_uids: config.allowed_uids.clone(),
        read_executables: policy.is_some_and(Policy::needs_executables)
            || config.audit_log.is_some(),
    }
}
