//! The plugins the engine knows, in priority order.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use secrets_core::Pattern;
use secrets_engine_api::accesscontrol::v1::access_control_service_server::AccessControlService;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;

use crate::builtin::file::FileStore;
use crate::plugin_health::PluginHealth;

/// How a plugin runs, as `ListPlugins` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluginKind {
    /// An in-process implementation of the resolver trait.
    Builtin,
    /// A process that attached itself through `/hijack`.
    External,
    /// A process the engine launched from its plugin directory.
    Launched,
}

/// Whether a plugin is serving, as `ListPlugins` reports it (the CLI shows it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PluginState {
    /// Registered and serving.
    Running,
    /// It was serving and went away (why); it is being started again and its
    /// IDs answer `unavailable` meanwhile.
    Restarting(String),
    /// It has not come up yet (why the last attempt failed); it is retried
    /// with backoff.
    Failed(String),
}

/// One registered plugin: who it is, what it serves and how to call it.
#[derive(Clone)]
pub struct RegisteredPlugin {
    /// The registered name; it is the `provider` of every secret it returns
    /// and orders plugins (ascending byte order, as in the Go engine).
    pub name: String,
    /// The version it registered with (`v`-prefixed semver).
    pub version: String,
    /// The IDs it serves; it is never asked for anything outside them.
    /// (`**` for an access-control module, which serves none.)
    pub pattern: Pattern,
    /// How it runs.
    pub kind: PluginKind,
    /// How long one call may take before the plugin counts as failed.
    pub timeout: Duration,
    /// Whether it is serving.
    pub state: PluginState,
    /// The plugin itself.
    pub resolver: PluginHandle,
    /// Whether it has been answering (shared by the copies of this
    /// registration; a new registration starts healthy).
    pub health: Arc<PluginHealth>,
    /// What it says about itself while it runs, shown by `ListPlugins` (the
    /// docker-pass builtin: which store it serves, so `docker-pass status`
    /// can compare stores). Never a secret: any caller sees it.
    pub note: Option<String>,
}

/// How the resolver calls a plugin.
#[derive(Clone)]
pub enum PluginHandle {
    /// The builtin file store, called directly. It is the default engine's
    /// only plugin, and the trait call would cost it a boxed future, the
    /// asked pattern copied into a request and parsed again, and tonic's
    /// request and response wrappers: about 840 instructions of ~20k per
    /// request (BENCHMARKS.md, "The builtin file store called directly").
    File(Arc<FileStore>),
    /// Any implementation of the generated resolver trait: a plugin in
    /// another process (through its session) or one in this one.
    Service(Arc<dyn ResolverService>),
    /// An access-control module: asked before anything is resolved, never
    /// for secrets (see `access`).
    AccessControl(Arc<dyn AccessControlService>),
}

impl RegisteredPlugin {
    /// Whether it is an access-control module rather than a secrets provider.
    pub fn is_access_control(&self) -> bool {
        matches!(self.resolver, PluginHandle::AccessControl(_))
    }
}

impl std::fmt::Debug for RegisteredPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegisteredPlugin")
            .field("name", &self.name)
            .field("version", &self.version)
            .field("pattern", &self.pattern)
            .field("kind", &self.kind)
            .field("timeout", &self.timeout)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

/// Why a plugin could not be added.
#[derive(Debug, thiserror::Error)]
#[error("plugin {0} already exists")]
pub struct DuplicatePlugin(pub String);

/// The registered plugins, sorted by name. Readers take a snapshot (an `Arc`
/// of the sorted list), so a request sees one consistent set of plugins and
/// never holds the lock while calling them.
#[derive(Debug, Default)]
pub struct Registry {
    plugins: RwLock<Arc<[RegisteredPlugin]>>,
    /// Launched plugins that have not registered yet, with why the last
    /// attempt failed. They serve nothing, so requests never see them; only
    /// `ListPlugins` does.
    failing: Mutex<BTreeMap<String, String>>,
    /// Ticks on every change, for whoever waits for a plugin to show up.
    changes: tokio::sync::watch::Sender<()>,
    /// The plugins that are asked for secrets: `plugins` without the
    /// disabled ones and the access-control modules.
    serving: RwLock<Arc<[RegisteredPlugin]>>,
    /// The access-control modules, asked before every request.
    access_modules: RwLock<Arc<[RegisteredPlugin]>>,
    /// Plugins disabled by name (`PluginManagementService`): registered or
    /// not, they are never asked until enabled again.
    disabled: Mutex<BTreeSet<String>>,
    /// Where the disabled names are kept across restarts of the engine.
    disabled_file: Option<PathBuf>,
}

/// A plugin as `ListPlugins` shows it: registered, or launched and failing
/// before its first registration (no version or pattern known yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginListing {
    /// The plugin's name.
    pub name: String,
    /// Its version and pattern, once it has registered.
    pub registered: Option<(String, String)>,
    /// How it runs.
    pub kind: PluginKind,
    /// Whether it is serving.
    pub state: PluginState,
    /// Whether it has been disabled.
    pub disabled: bool,
    /// Whether it is an access-control module.
    pub access_control: bool,
    /// How many of its calls in a row timed out, when it is degraded (see
    /// `plugin_health`).
    pub degraded: Option<u32>,
    /// What it says about itself while it runs ([`RegisteredPlugin::note`]).
    pub note: Option<String>,
}

/// Why a plugin could not be enabled or disabled.
#[derive(Debug, thiserror::Error)]
pub enum ManagementError {
    /// No plugin has that name.
    #[error("plugin {0:?} not found")]
    NotFound(String),
    /// Access-control modules cannot be disabled: any local process may call
    /// the management API, and disabling one would lift its restrictions.
    #[error(
        "plugin {0:?} is an access-control module; it cannot be disabled through the API (remove it from the plugin directory instead)"
    )]
    AccessControl(String),
    /// The disabled list could not be saved; nothing changed.
    #[error("cannot save the disabled plugins to {path}: {source}")]
    Save {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty registry whose disabled plugins are kept in `file` (a JSON
    /// list of names), read now; a missing file is an empty list.
    pub fn with_disabled_file(file: PathBuf) -> std::io::Result<Self> {
        let disabled = match std::fs::read(&file) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{} is not a JSON list of plugin names: {e}", file.display()),
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeSet::new(),
            Err(e) => return Err(e),
        };
        Ok(Registry {
            disabled: Mutex::new(disabled),
            disabled_file: Some(file),
            ..Self::default()
        })
    }

    /// The plugins that are asked, in priority order: the snapshot without
    /// the disabled ones.
    pub fn serving(&self) -> Arc<[RegisteredPlugin]> {
        match self.serving.read() {
            Ok(plugins) => plugins.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The access-control modules, in priority order.
    pub fn access_modules(&self) -> Arc<[RegisteredPlugin]> {
        match self.access_modules.read() {
            Ok(plugins) => plugins.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Recomputes [`Registry::serving`] and [`Registry::access_modules`]
    /// after a change.
    fn refresh_serving(&self) {
        let disabled = self.disabled.lock().unwrap_or_else(|p| p.into_inner());
        let all = self.snapshot();
        let serving: Arc<[RegisteredPlugin]> = all
            .iter()
            .filter(|p| !p.is_access_control() && !disabled.contains(&p.name))
            .cloned()
            .collect();
        drop(disabled);
        let modules: Arc<[RegisteredPlugin]> = all
            .iter()
            .filter(|p| p.is_access_control())
            .cloned()
            .collect();
        match self.serving.write() {
            Ok(mut guard) => *guard = serving,
            Err(poisoned) => *poisoned.into_inner() = serving,
        }
        match self.access_modules.write() {
            Ok(mut guard) => *guard = modules,
            Err(poisoned) => *poisoned.into_inner() = modules,
        }
    }

    /// Disables or enables the plugin `name`: at once for requests, and
    /// (with a disabled file) for later runs of the engine. A plugin that is
    /// restarting or has not registered yet can be disabled too.
    pub fn set_disabled(&self, name: &str, disabled: bool) -> Result<(), ManagementError> {
        if !self.knows(name) {
            return Err(ManagementError::NotFound(name.to_owned()));
        }
        if disabled
            && self
                .snapshot()
                .iter()
                .any(|p| p.name == name && p.is_access_control())
        {
            return Err(ManagementError::AccessControl(name.to_owned()));
        }
        let mut set = self.disabled.lock().unwrap_or_else(|p| p.into_inner());
        let mut next = set.clone();
        if disabled {
            next.insert(name.to_owned());
        } else {
            next.remove(name);
        }
        if next == *set {
            return Ok(());
        }
        if let Some(path) = &self.disabled_file {
            save_names(path, &next).map_err(|source| ManagementError::Save {
                path: path.clone(),
                source,
            })?;
        }
        *set = next;
        drop(set);
        tracing::info!(plugin = %name, disabled, "plugin management");
        self.refresh_serving();
        self.changes.send_replace(());
        Ok(())
    }

    fn is_disabled(&self, name: &str) -> bool {
        self.disabled
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(name)
    }

    /// A receiver that sees every later change of the registry.
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<()> {
        self.changes.subscribe()
    }

    /// Whether `name` is listed: registered, or launched and failing.
    pub fn knows(&self, name: &str) -> bool {
        self.snapshot().iter().any(|p| p.name == name)
            || self
                .failing
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .contains_key(name)
    }

    /// The plugins in priority order.
    pub fn snapshot(&self) -> Arc<[RegisteredPlugin]> {
        match self.plugins.read() {
            Ok(plugins) => plugins.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Every plugin, registered or failing, in priority order.
    pub fn listing(&self) -> Vec<PluginListing> {
        let plugins = self.snapshot();
        let mut listing: Vec<PluginListing> = plugins
            .iter()
            .map(|p| PluginListing {
                name: p.name.clone(),
                registered: Some((p.version.clone(), p.pattern.to_string())),
                kind: p.kind,
                state: p.state.clone(),
                disabled: self.is_disabled(&p.name),
                access_control: p.is_access_control(),
                degraded: p.health.is_degraded().then(|| p.health.timeouts_in_a_row()),
                note: p.note.clone(),
            })
            .collect();
        let failing = self.failing.lock().unwrap_or_else(|p| p.into_inner());
        for (name, reason) in failing.iter() {
            if !plugins.iter().any(|p| p.name == *name) {
                listing.push(PluginListing {
                    name: name.clone(),
                    registered: None,
                    kind: PluginKind::Launched,
                    state: PluginState::Failed(reason.clone()),
                    disabled: self.is_disabled(name),
                    access_control: false,
                    degraded: None,
                    note: None,
                });
            }
        }
        listing.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
        listing
    }

    /// Records that the launched plugin `name` has not come up, and why.
    pub fn set_failing(&self, name: &str, reason: String) {
        let mut failing = self.failing.lock().unwrap_or_else(|p| p.into_inner());
        failing.insert(name.to_owned(), reason);
        drop(failing);
        self.changes.send_replace(());
    }

    /// Forgets that `name` was failing; returns whether it was. Called after
    /// the plugin list is updated, so that readers (which look at the list,
    /// then at the failing ones) never miss a plugin in between.
    fn clear_failing(&self, name: &str) -> bool {
        let mut failing = self.failing.lock().unwrap_or_else(|p| p.into_inner());
        failing.remove(name).is_some()
    }

    /// Adds a plugin; names are unique (case-sensitive, like the Go engine).
    pub fn add(&self, plugin: RegisteredPlugin) -> Result<(), DuplicatePlugin> {
        let mut guard = match self.plugins.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if guard.iter().any(|p| p.name == plugin.name) {
            return Err(DuplicatePlugin(plugin.name));
        }
        let mut plugins = guard.to_vec();
        plugins.push(plugin);
        plugins.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
        tracing::info!(
            order = %plugins.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", "),
            "plugin priority order"
        );
        *guard = plugins.into();
        drop(guard);
        self.refresh_serving();
        self.changes.send_replace(());
        Ok(())
    }

    /// Adds a plugin, replacing one of the same name (a launched plugin
    /// taking back its slot after a restart).
    pub fn upsert(&self, plugin: RegisteredPlugin) {
        let name = plugin.name.clone();
        let mut guard = match self.plugins.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut plugins: Vec<RegisteredPlugin> = guard
            .iter()
            .filter(|p| p.name != plugin.name)
            .cloned()
            .collect();
        plugins.push(plugin);
        plugins.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
        *guard = plugins.into();
        drop(guard);
        self.refresh_serving();
        self.clear_failing(&name);
        self.changes.send_replace(());
    }

    /// Removes the plugin named `name`; returns whether it was there.
    pub fn remove(&self, name: &str) -> bool {
        let mut guard = match self.plugins.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let before = guard.len();
        let kept: Vec<RegisteredPlugin> =
            guard.iter().filter(|p| p.name != name).cloned().collect();
        *guard = kept.into();
        let removed = guard.len() != before;
        drop(guard);
        self.refresh_serving();
        if self.clear_failing(name) || removed {
            self.changes.send_replace(());
        }
        removed
    }
}

/// Writes the disabled names (a JSON list), replacing the file in one step.
fn save_names(path: &std::path::Path, names: &BTreeSet<String>) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = serde_json::to_vec_pretty(names).map_err(std::io::Error::other)?;
    let temp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&temp, text)?;
    std::fs::rename(&temp, path)
}
