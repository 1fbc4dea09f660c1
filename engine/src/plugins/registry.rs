//! The plugins the engine knows, in priority order.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use arc_swap::ArcSwap;
use secrets_core::Pattern;
use secrets_engine_api::accesscontrol::v1::access_control_service_server::AccessControlService;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;

use crate::builtin::file::FileStore;
use crate::plugins::plugin_health::PluginHealth;

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

/// What the registry tells of a plugin that says its secrets changed.
type SecretsChangedHook = Box<dyn Fn(&str) + Send + Sync>;

/// The registered plugins, sorted by name, as one snapshot: every plugin,
/// those asked for secrets, the access-control modules, the failing ones and
/// the disabled names always agree, because writers build the next snapshot
/// from the current one under one lock and publish it in one store. Readers
/// load it without a lock and keep it for the whole request.
#[derive(Default)]
pub struct Registry {
    published: ArcSwap<Snapshot>,
    /// Held by the one writer that builds and publishes the next snapshot.
    writer: Mutex<()>,
    /// Ticks on every change, for whoever waits for a plugin to show up.
    changes: tokio::sync::watch::Sender<()>,
    /// Where the disabled names are kept across restarts of the engine.
    disabled_file: Option<PathBuf>,
    /// The last registration number given out.
    registrations: AtomicU64,
    /// Told when a plugin says its secrets changed (the engine's cache).
    on_secrets_changed: std::sync::OnceLock<SecretsChangedHook>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("plugins", &self.snapshot())
            .finish_non_exhaustive()
    }
}

/// One published state of the registry.
#[derive(Clone, Default)]
struct Snapshot {
    /// Every registered plugin, in priority order.
    all: Arc<[RegisteredPlugin]>,
    /// The plugins that are asked for secrets: `all` without the disabled
    /// ones and the access-control modules.
    serving: Arc<[RegisteredPlugin]>,
    /// The access-control modules, asked before every request.
    access_modules: Arc<[RegisteredPlugin]>,
    /// Which registration holds each name, so that a session only ever
    /// removes its own (another may have taken the name since).
    owners: BTreeMap<String, u64>,
    /// Launched plugins that have not registered yet, with why the last
    /// attempt failed. They serve nothing, so requests never see them; only
    /// `ListPlugins` does.
    failing: BTreeMap<String, String>,
    /// Plugins disabled by name (`PluginManagementService`): registered or
    /// not, they are never asked until enabled again.
    disabled: BTreeSet<String>,
}

/// A registration's claim on its name: what removes it, and nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    name: String,
    number: u64,
}

/// A plugin as `ListPlugins` shows it: registered, or launched and failing
/// before its first registration (no version or pattern known yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginListing {
    pub name: String,
    /// Its version and pattern, once it has registered.
    pub registered: Option<(String, String)>,
    pub kind: PluginKind,
    pub state: PluginState,
    pub disabled: bool,
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
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Registry {
    /// Has `hook` told, by plugin name, whenever a plugin says its secrets
    /// changed; the first hook set stays.
    pub fn on_secrets_changed(&self, hook: impl Fn(&str) + Send + Sync + 'static) {
        let _ = self.on_secrets_changed.set(Box::new(hook));
    }

    /// The plugin `name` says its secrets changed.
    pub fn secrets_changed(&self, name: &str) {
        if let Some(hook) = self.on_secrets_changed.get() {
            hook(name);
        }
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
        let registry = Registry {
            disabled_file: Some(file),
            ..Self::default()
        };
        registry.published.store(Arc::new(Snapshot {
            disabled,
            ..Snapshot::default()
        }));
        Ok(registry)
    }

    /// The plugins that are asked, in priority order: the snapshot without
    /// the disabled ones.
    pub fn serving(&self) -> Arc<[RegisteredPlugin]> {
        self.published.load().serving.clone()
    }

    /// The access-control modules, in priority order.
    pub fn access_modules(&self) -> Arc<[RegisteredPlugin]> {
        self.published.load().access_modules.clone()
    }

    /// The plugins in priority order.
    pub fn snapshot(&self) -> Arc<[RegisteredPlugin]> {
        self.published.load().all.clone()
    }

    /// Builds the next snapshot with `change` (given the current one and its
    /// plugins as a list), alone among writers, and publishes it when
    /// `change` says something changed; the readers' lists are derived here
    /// and nowhere else.
    fn update<T>(
        &self,
        change: impl FnOnce(&mut Snapshot, &mut Vec<RegisteredPlugin>) -> (T, bool),
    ) -> T {
        // A writer that panicked published nothing half-built; carry on.
        let _writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let mut next = Snapshot::clone(&self.published.load());
        let mut plugins = next.all.to_vec();
        let (result, changed) = change(&mut next, &mut plugins);
        if changed {
            plugins.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
            let asked =
                |p: &&RegisteredPlugin| !p.is_access_control() && !next.disabled.contains(&p.name);
            next.serving = plugins.iter().filter(asked).cloned().collect();
            next.access_modules = plugins
                .iter()
                .filter(|p| p.is_access_control())
                .cloned()
                .collect();
            next.all = plugins.into();
            self.published.store(Arc::new(next));
            self.changes.send_replace(());
        }
        result
    }

    /// Disables or enables the plugin `name`: at once for requests, and
    /// (with a disabled file) for later runs of the engine. A plugin that is
    /// restarting or has not registered yet can be disabled too.
    pub fn set_disabled(&self, name: &str, disabled: bool) -> Result<(), ManagementError> {
        self.update(|next, plugins| {
            let registered = plugins.iter().find(|p| p.name == name);
            if registered.is_none() && !next.failing.contains_key(name) {
                return (Err(ManagementError::NotFound(name.to_owned())), false);
            }
            if disabled && registered.is_some_and(RegisteredPlugin::is_access_control) {
                return (Err(ManagementError::AccessControl(name.to_owned())), false);
            }
            let mut names = next.disabled.clone();
            if disabled {
                names.insert(name.to_owned());
            } else {
                names.remove(name);
            }
            if names == next.disabled {
                return (Ok(()), false);
            }
            if let Some(path) = &self.disabled_file
                && let Err(source) = save_names(path, &names)
            {
                let path = path.clone();
                return (Err(ManagementError::Save { path, source }), false);
            }
            next.disabled = names;
            tracing::info!(plugin = %name, disabled, "plugin management");
            (Ok(()), true)
        })
    }

    /// A receiver that sees every later change of the registry.
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<()> {
        self.changes.subscribe()
    }

    /// Whether `name` is listed: registered, or launched and failing.
    pub fn knows(&self, name: &str) -> bool {
        let snapshot = self.published.load();
        snapshot.owners.contains_key(name) || snapshot.failing.contains_key(name)
    }

    /// Every plugin, registered or failing, in priority order.
    pub fn listing(&self) -> Vec<PluginListing> {
        let snapshot = self.published.load();
        let registered = snapshot.all.iter().map(|p| PluginListing {
            name: p.name.clone(),
            registered: Some((p.version.clone(), p.pattern.to_string())),
            kind: p.kind,
            state: p.state.clone(),
            disabled: snapshot.disabled.contains(&p.name),
            access_control: p.is_access_control(),
            degraded: p.health.degraded(),
            note: p.note.clone(),
        });
        let failing = snapshot
            .failing
            .iter()
            .filter(|(name, _)| !snapshot.owners.contains_key(*name));
        let mut listing: Vec<PluginListing> = registered
            .chain(failing.map(|(name, reason)| PluginListing {
                name: name.clone(),
                registered: None,
                kind: PluginKind::Launched,
                state: PluginState::Failed(reason.clone()),
                disabled: snapshot.disabled.contains(name),
                access_control: false,
                degraded: None,
                note: None,
            }))
            .collect();
        listing.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
        listing
    }

    /// Records that the launched plugin `name` has not come up, and why.
    pub fn set_failing(&self, name: &str, reason: String) {
        self.update(|next, _| {
            next.failing.insert(name.to_owned(), reason);
            ((), true)
        })
    }

    /// Adds a plugin; names are unique (case-sensitive, like the Go engine).
    /// The registration it returns is what removes it.
    pub fn add(&self, plugin: RegisteredPlugin) -> Result<Registration, DuplicatePlugin> {
        self.update(|next, plugins| {
            if next.owners.contains_key(&plugin.name) {
                return (Err(DuplicatePlugin(plugin.name)), false);
            }
            let registration = self.register(next, plugins, plugin);
            let mut order: Vec<&str> = plugins.iter().map(|p| p.name.as_str()).collect();
            order.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            tracing::info!(order = %order.join(", "), "plugin priority order");
            (Ok(registration), true)
        })
    }

    /// Adds a plugin, replacing one of the same name (a launched plugin
    /// taking back its slot after a restart, even from an external plugin
    /// that registered under its name while it was failing).
    pub fn upsert(&self, plugin: RegisteredPlugin) -> Registration {
        self.update(|next, plugins| {
            plugins.retain(|p| p.name != plugin.name);
            (self.register(next, plugins, plugin), true)
        })
    }

    fn register(
        &self,
        next: &mut Snapshot,
        plugins: &mut Vec<RegisteredPlugin>,
        plugin: RegisteredPlugin,
    ) -> Registration {
        let number = self.registrations.fetch_add(1, Ordering::Relaxed) + 1;
        let name = plugin.name.clone();
        next.failing.remove(&name);
        next.owners.insert(name.clone(), number);
        plugins.push(plugin);
        Registration { name, number }
    }

    /// Removes `registration`'s plugin, if its name is still its own;
    /// returns whether it was.
    pub fn remove(&self, registration: &Registration) -> bool {
        self.update(|next, plugins| {
            if next.owners.get(&registration.name) != Some(&registration.number) {
                return (false, false);
            }
            next.owners.remove(&registration.name);
            plugins.retain(|p| p.name != registration.name);
            (true, true)
        })
    }

    /// Forgets the launched plugin `name` (its supervisor stopped): its
    /// registration or restarting entry, and its failing entry, but not an
    /// external plugin that holds the name.
    pub fn remove_launched(&self, name: &str) {
        self.update(|next, plugins| {
            let failing = next.failing.remove(name).is_some();
            let before = plugins.len();
            plugins.retain(|p| p.name != name || p.kind != PluginKind::Launched);
            let removed = plugins.len() != before;
            if removed {
                next.owners.remove(name);
            }
            ((), failing || removed)
        })
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
