//! What a plugin says about itself.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrets_core::{Pattern, SecretId};

/// How long a plugin waits for its registration by default: 5 s, as in Go.
pub const DEFAULT_REGISTRATION_TIMEOUT: Duration = Duration::from_secs(5);

/// A plugin's identity and how it reaches the engine.
#[derive(Debug, Clone)]
pub struct PluginConfig {
    /// The name to register with when external (default: the executable's
    /// file name). A launched plugin always uses the name the engine gave it.
    pub name: Option<String>,
    /// The plugin's version, `v`-prefixed semver (`v1.2.3`).
    pub version: String,
    /// The IDs the plugin serves.
    pub pattern: Pattern,
    /// How long registration may take when external (a launched plugin uses
    /// the engine's).
    pub registration_timeout: Duration,
    /// The engine socket for an external plugin, a path or `@name` (an
    /// abstract socket). Default: `$DOCKER_SECRETS_ENGINE_SOCKET`; else
    /// Docker's daemon socket, then the engine socket, whichever answers
    /// (as Docker's Go SDK and Docker Desktop place them).
    pub socket: Option<PathBuf>,
    /// Where the plugin says its secrets changed, if it does
    /// ([`ChangeNotifier`]).
    pub changes: Option<ChangeNotifier>,
}

impl PluginConfig {
    /// A plugin at `version` serving `pattern`, with defaults for the rest.
    pub fn new(version: impl Into<String>, pattern: Pattern) -> Self {
        PluginConfig {
            name: None,
            version: version.into(),
            pattern,
            registration_timeout: DEFAULT_REGISTRATION_TIMEOUT,
            socket: None,
            changes: None,
        }
    }

    /// Registers as `name` (external plugins only).
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Dials `socket` (external plugins only).
    pub fn with_socket(mut self, socket: impl Into<PathBuf>) -> Self {
        self.socket = Some(socket.into());
        self
    }

    /// Tells the engine of the changes `notifier` is given, so that it drops
    /// what it kept of this plugin's answers and its watches look again at
    /// once, rather than after its cache age or their poll interval.
    pub fn with_change_notifier(mut self, notifier: ChangeNotifier) -> Self {
        self.changes = Some(notifier);
        self
    }
}

/// How many changed IDs a [`ChangeNotifier`] holds before it reports "any
/// of them" instead.
const MAX_HELD_IDS: usize = 1024;

/// Says that some of a plugin's secrets changed (give it to the plugin's
/// configuration with [`PluginConfig::with_change_notifier`]). Cheap to
/// clone; it never blocks: changes said before registration, or faster than
/// the engine takes them, are held and sent together (past 1,024 IDs, as
/// "any").
///
/// Our engine answers by dropping what it kept of this plugin's answers and
/// telling its watches; Docker's Go engine does not take such reports, and
/// then the plugin's changes are seen as before, by asking it again.
#[derive(Debug, Clone, Default)]
pub struct ChangeNotifier {
    shared: Arc<Held>,
}

#[derive(Debug, Default)]
struct Held {
    changes: Mutex<Changed>,
    ready: tokio::sync::Notify,
}

/// The changes not yet sent.
#[derive(Debug, Default)]
pub(crate) struct Changed {
    pub(crate) ids: BTreeSet<String>,
    /// Any secret may have changed.
    pub(crate) any: bool,
}

impl ChangeNotifier {
    /// A notifier with nothing to say yet.
    pub fn new() -> Self {
        ChangeNotifier::default()
    }

    /// These secrets changed (created, replaced or removed).
    pub fn secrets_changed(&self, ids: impl IntoIterator<Item = SecretId>) {
        {
            let mut held = self.lock();
            for id in ids {
                if held.any {
                    break;
                }
                held.ids.insert(id.into_string());
                if held.ids.len() > MAX_HELD_IDS {
                    held.ids.clear();
                    held.any = true;
                }
            }
        }
        self.shared.ready.notify_one();
    }

    /// Any of the plugin's secrets may have changed.
    pub fn all_changed(&self) {
        {
            let mut held = self.lock();
            held.ids.clear();
            held.any = true;
        }
        self.shared.ready.notify_one();
    }

    /// The changes said since the last call, once there are any.
    pub(crate) async fn next(&self) -> Changed {
        loop {
            let taken = std::mem::take(&mut *self.lock());
            if taken.any || !taken.ids.is_empty() {
                return taken;
            }
            self.shared.ready.notified().await;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Changed> {
        self.shared
            .changes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
