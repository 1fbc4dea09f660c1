//! What the engine remembers of plugins' answers, so that asking again does
//! not ask the plugin again.
//!
//! - An answer is kept per plugin and asked pattern, for the plugin's
//!   `max_age`, and never past the earliest `expires_at` among its secrets.
//!   "Not found" is kept briefly (`not_found_age`), never longer than
//!   `max_age`.
//! - Identical calls that arrive while one is out share it (single flight):
//!   however many requests ask at once, the plugin is asked once.
//! - When the plugin fails (crashed, restarting, timing out, its backend
//!   down), the last answer it gave is served for up to `max_stale` past its
//!   freshness, every secret in it marked stale ([`STALE_KEY`]) and none past
//!   its expiry. An outage then costs freshness, not availability.
//! - Builtins are read on every request unless their `max_age` is
//!   configured: a store another process writes must show a secret it just
//!   set to the very next request, and a change notification, however fast,
//!   may reach the engine after that request. Where a builtin's store
//!   reports changes (the `docker-pass` store), each change drops its
//!   answers and any call out for them ([`AnswerCache::invalidate`]), which
//!   also tells watches to look again.
//! - Only memory: nothing here is ever written to disk, and the whole cache
//!   holds at most `max_bytes` of answers, so no client can make it grow
//!   without bound by asking for many patterns.
//!
//! The cache sits below the policy and the access-control modules: they
//! decide every request, answered from here or not.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, SystemTime};

use protojson_wkt::Timestamp;
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use tokio::sync::OnceCell;
// Tokio's clock, which tests can pause and advance.
use tokio::time::Instant;

use crate::plugins::plugin_health::PluginHealth;
use crate::plugins::registry::{PluginKind, RegisteredPlugin};

/// The metadata key that marks a secret served from the cache while its
/// plugin failed; its value is when the plugin last answered (RFC 3339).
pub const STALE_KEY: &str = "secrets-engine.stale-since";

/// The longest any age may be configured: a day (an `Instant` a day ahead
/// never overflows).
const MAX_AGE_MS: u64 = 86_400_000;

/// The cache's settings, keys of `[engine]`; `[cache.<plugin>]` tables set
/// them for one plugin ([`CacheOverride`]).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CacheSettings {
    /// How long a launched or attached plugin's answer is served without
    /// asking it again. Builtins are asked every time unless
    /// `[cache.<name>]` gives them an age.
    #[serde(rename = "cache_max_age_ms", deserialize_with = "age")]
    pub max_age: Duration,
    /// How long "not found" is remembered (never longer than `max_age`).
    #[serde(rename = "cache_not_found_ms", deserialize_with = "age")]
    pub not_found_age: Duration,
    /// How long past its freshness an answer may be served while its plugin
    /// fails; 0 turns the offline fallback off.
    #[serde(rename = "cache_max_stale_ms", deserialize_with = "age")]
    pub max_stale: Duration,
    /// The most bytes of answers kept, all plugins together.
    #[serde(rename = "cache_max_bytes")]
    pub max_bytes: usize,
    /// How often a watch asks plugins that cannot report their changes.
    #[serde(rename = "watch_poll_ms", deserialize_with = "poll")]
    pub watch_poll: Duration,
    /// Per-plugin settings, by plugin name (the `[cache.<name>]` tables).
    #[serde(skip)]
    pub plugins: HashMap<String, CacheOverride>,
}

impl Default for CacheSettings {
    fn default() -> Self {
        CacheSettings {
            max_age: Duration::from_secs(5),
            not_found_age: Duration::from_secs(1),
            // Off unless configured: a secret revoked while its plugin is
            // down would otherwise still be served.
            max_stale: Duration::ZERO,
            max_bytes: 64 << 20,
            watch_poll: Duration::from_secs(2),
            plugins: HashMap::new(),
        }
    }
}

/// One plugin's own cache settings (`[cache.<name>]`); a key left out keeps
/// the engine-wide value.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheOverride {
    /// `cache_max_age_ms` for this plugin (a builtin too).
    #[serde(default, rename = "max_age_ms", deserialize_with = "some_age")]
    pub max_age: Option<Duration>,
    /// `cache_not_found_ms` for this plugin.
    #[serde(default, rename = "not_found_ms", deserialize_with = "some_age")]
    pub not_found_age: Option<Duration>,
    /// `cache_max_stale_ms` for this plugin.
    #[serde(default, rename = "max_stale_ms", deserialize_with = "some_age")]
    pub max_stale: Option<Duration>,
}

/// An age from 0 to a day, in milliseconds.
fn age<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    match <u64 as serde::Deserialize>::deserialize(d)? {
        ms @ 0..=MAX_AGE_MS => Ok(Duration::from_millis(ms)),
        ms => Err(serde::de::Error::custom(format_args!(
            "must be from 0 to {MAX_AGE_MS} (a day), not {ms}"
        ))),
    }
}

/// A poll interval from 10 ms to a day.
fn poll<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    match <u64 as serde::Deserialize>::deserialize(d)? {
        ms @ 10..=MAX_AGE_MS => Ok(Duration::from_millis(ms)),
        ms => Err(serde::de::Error::custom(format_args!(
            "must be from 10 to {MAX_AGE_MS} (a day), not {ms}"
        ))),
    }
}

fn some_age<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    age(d).map(Some)
}

/// How long one plugin's answers are kept.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ages {
    max_age: Duration,
    not_found: Duration,
    max_stale: Duration,
}

/// What one call to a plugin came to, as the requests sharing it see it.
#[derive(Debug, Clone)]
pub enum Fetched {
    /// Its answer.
    Found(Arc<[Envelope]>),
    /// It has nothing for the pattern.
    NotFound,
    /// Why it failed, and whether the plugin was unreachable (crashed,
    /// restarting, timing out, its backend down): only then may a stale
    /// answer stand in. A plugin that refuses or errs otherwise is believed.
    Failed {
        /// For logs and the client.
        reason: String,
        /// Whether the plugin could not be reached.
        unavailable: bool,
    },
}

impl Fetched {
    /// A plugin's answer, each secret's `resolved_at` set to now when the
    /// plugin left it unset, so a remembered answer says when it was
    /// resolved.
    pub fn found(mut envelopes: Vec<Envelope>) -> Self {
        let now = Timestamp::now();
        for envelope in &mut envelopes {
            if envelope.resolved_at.is_none_or(|t| t.is_unset()) {
                envelope.resolved_at = Some(now);
            }
        }
        Fetched::Found(envelopes.into())
    }
}

/// What the cache answers for one call.
#[derive(Debug)]
pub enum Served {
    /// The plugin's answer, fresh from it or remembered within its age.
    Found(Vec<Envelope>),
    /// It has nothing for the pattern (now, or remembered).
    NotFound,
    /// The plugin failed (why), and nothing remembered stands in.
    Failed(String),
    /// The plugin failed (why, for the log): its last answer, each secret
    /// marked with [`STALE_KEY`], expired ones left out.
    Stale(Vec<Envelope>, String),
}

/// A remembered answer.
struct Kept {
    /// `None`: not found.
    found: Option<Arc<[Envelope]>>,
    /// When each of `found` expires, if its plugin said.
    expiries: Box<[Option<Instant>]>,
    /// Served without asking until then.
    fresh_until: Instant,
    /// Served while the plugin is unavailable until then.
    stale_until: Instant,
    /// When the plugin gave it, for the stale mark.
    fetched_at: SystemTime,
    /// The registration that gave it, told apart by its health record: a
    /// plugin that restarted is asked again, and its earlier answer may only
    /// stand in. Weak, yet it keeps the record's allocation, so no later
    /// registration's can have the same address.
    registration: Weak<PluginHealth>,
    /// What it counts against `max_bytes`.
    bytes: usize,
}

/// The call out for one asked pattern, shared by the requests waiting on it.
type Pending = Arc<OnceCell<Fetched>>;

/// One asked pattern of one plugin: its remembered answer and the call out
/// for it, if any.
#[derive(Default)]
struct Slot {
    kept: Option<Kept>,
    pending: Option<Pending>,
}

#[derive(Default)]
struct State {
    /// Plugin name → asked pattern → slot.
    plugins: HashMap<String, HashMap<String, Slot>>,
    /// The bytes of every `Kept`.
    bytes: usize,
}

/// The engine's cache of plugin answers (see the module's documentation).
#[derive(Default)]
pub struct AnswerCache {
    settings: CacheSettings,
    state: Mutex<State>,
    /// Ticks on every invalidation, for watches to ask again.
    changed: tokio::sync::watch::Sender<()>,
}

impl std::fmt::Debug for AnswerCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnswerCache")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl AnswerCache {
    /// An empty cache keeping answers as `settings` say.
    pub fn new(settings: CacheSettings) -> Self {
        AnswerCache {
            settings,
            ..AnswerCache::default()
        }
    }

    /// Forgets everything `plugin` answered, and lets no call already out
    /// for it fill the cache: the next request asks the plugin.
    pub fn invalidate(&self, plugin: &str) {
        self.forget(plugin);
        self.changed.send_replace(());
    }

    /// Told of every invalidation from now on.
    pub fn changes(&self) -> tokio::sync::watch::Receiver<()> {
        self.changed.subscribe()
    }

    fn forget(&self, plugin: &str) {
        let mut state = lock(&self.state);
        if let Some(slots) = state.plugins.remove(plugin) {
            state.bytes -= slots
                .values()
                .filter_map(|s| s.kept.as_ref())
                .map(|k| k.bytes)
                .sum::<usize>();
        }
    }

    /// How long `plugin`'s answers are kept.
    fn ages(&self, plugin: &RegisteredPlugin) -> Ages {
        let s = &self.settings;
        let mut ages = Ages {
            max_age: match plugin.kind {
                PluginKind::Builtin => Duration::ZERO,
                PluginKind::Launched | PluginKind::External => s.max_age,
            },
            not_found: s.not_found_age,
            max_stale: s.max_stale,
        };
        if let Some(own) = s.plugins.get(&plugin.name) {
            ages.max_age = own.max_age.unwrap_or(ages.max_age);
            ages.not_found = own.not_found_age.unwrap_or(ages.not_found);
            ages.max_stale = own.max_stale.unwrap_or(ages.max_stale);
        }
        ages
    }

    /// `plugin`'s answer for `pattern`: remembered, or from `fetch`, which
    /// concurrent identical calls share; the last answer, marked stale, when
    /// `fetch` finds the plugin unavailable.
    pub async fn answer<Fut>(
        &self,
        plugin: &RegisteredPlugin,
        pattern: &str,
        fetch: impl FnOnce() -> Fut,
    ) -> Served
    where
        Fut: Future<Output = Fetched>,
    {
        let pending = match self.lookup(plugin, pattern) {
            Ok(served) => return served,
            Err(pending) => pending,
        };
        // If the request that started the call goes away, a waiting one
        // takes it over (`OnceCell::get_or_init`).
        let fetched = pending.get_or_init(fetch).await.clone();
        self.settle(plugin, pattern, &pending, fetched, self.ages(plugin))
    }

    /// The remembered answer if it is fresh, else the call to wait for
    /// (started by this request or already out).
    fn lookup(&self, plugin: &RegisteredPlugin, pattern: &str) -> Result<Served, Pending> {
        let mut state = lock(&self.state);
        let now = Instant::now();
        if let Some(kept) = state
            .plugins
            .get(&plugin.name)
            .and_then(|slots| slots.get(pattern))
            .and_then(|slot| slot.kept.as_ref())
            && kept.is_fresh(plugin, now)
        {
            return Ok(match &kept.found {
                Some(found) => Served::Found(found.to_vec()),
                None => Served::NotFound,
            });
        }
        let slots = state.plugins.entry(plugin.name.clone()).or_default();
        let slot = slots.entry(pattern.to_owned()).or_default();
        Err(slot.pending.get_or_insert_with(Default::default).clone())
    }

    /// Keeps what the call `pending` fetched (the first of its waiters to
    /// get here does), and says what to serve.
    fn settle(
        &self,
        plugin: &RegisteredPlugin,
        pattern: &str,
        pending: &Pending,
        fetched: Fetched,
        ages: Ages,
    ) -> Served {
        let mut state = lock(&self.state);
        let state = &mut *state;
        // Gone: the plugin was invalidated while the call was out. Its
        // answer is served to those who waited for it, and not kept.
        let Some(slots) = state.plugins.get_mut(&plugin.name) else {
            return fresh(fetched);
        };
        let Some(slot) = slots.get_mut(pattern) else {
            return fresh(fetched);
        };
        let now = Instant::now();
        if slot
            .pending
            .as_ref()
            .is_some_and(|p| Arc::ptr_eq(p, pending))
        {
            slot.pending = None;
            // A failure leaves the last answer; any answer replaces it, even
            // one not worth keeping (a secret removed is not served stale).
            if !matches!(fetched, Fetched::Failed { .. }) {
                let registration = Arc::downgrade(&plugin.health);
                let kept = keep(&fetched, ages, now, registration);
                state.bytes += kept.as_ref().map_or(0, |k| k.bytes);
                if let Some(old) = std::mem::replace(&mut slot.kept, kept) {
                    state.bytes -= old.bytes;
                }
            }
        }
        let served = match fetched {
            Fetched::Failed {
                reason,
                unavailable: true,
            } => match &slot.kept {
                // Another call of this registration answered meanwhile.
                Some(
                    kept @ Kept {
                        found: Some(found), ..
                    },
                ) if kept.is_fresh(plugin, now) => Served::Found(found.to_vec()),
                Some(kept @ Kept { found: Some(_), .. }) if now < kept.stale_until => {
                    stale(kept, reason, now)
                }
                _ => Served::Failed(reason),
            },
            fetched => fresh(fetched),
        };
        // Nothing kept and nobody waiting: the slot goes.
        if slot.kept.is_none() && slot.pending.is_none() {
            slots.remove(pattern);
            if slots.is_empty() {
                state.plugins.remove(&plugin.name);
            }
        }
        if state.bytes > self.settings.max_bytes {
            evict(state, self.settings.max_bytes, now);
        }
        served
    }
}

/// What to remember of a call, for how long; nothing for a failure, or when
/// it would be neither fresh nor usable stale.
fn keep(
    fetched: &Fetched,
    ages: Ages,
    now: Instant,
    registration: Weak<PluginHealth>,
) -> Option<Kept> {
    let (found, max_age, max_stale) = match fetched {
        Fetched::Found(found) => (Some(found.clone()), ages.max_age, ages.max_stale),
        // "Not found" is remembered briefly, never as a stand-in.
        Fetched::NotFound => (None, ages.max_age.min(ages.not_found), Duration::ZERO),
        Fetched::Failed { .. } => return None,
    };
    // No secret is remembered past its expiry.
    let wall = SystemTime::now();
    let expiries: Box<[Option<Instant>]> = found
        .iter()
        .flat_map(|found| found.iter())
        .map(|e| expiry(e).map(|at| now + at.duration_since(wall).unwrap_or(Duration::ZERO)))
        .collect();
    let earliest = expiries.iter().flatten().min().copied();
    let until = |age: Duration| earliest.map_or(now + age, |limit| limit.min(now + age));
    let fresh_until = until(max_age);
    // With no `max_stale`, never a stand-in, not even for an answer still
    // fresh by its age when its plugin restarted.
    let stale_until = if max_stale.is_zero() {
        now
    } else {
        until(max_age + max_stale)
    };
    if fresh_until.max(stale_until) <= now {
        return None;
    }
    let bytes = found
        .as_deref()
        .map_or(0, |found| found.iter().map(envelope_bytes).sum());
    Some(Kept {
        found,
        expiries,
        fresh_until,
        stale_until,
        fetched_at: SystemTime::now(),
        registration,
        bytes: bytes + 128,
    })
}

impl Kept {
    /// Whether it is served without asking `plugin`.
    fn is_fresh(&self, plugin: &RegisteredPlugin, now: Instant) -> bool {
        now < self.fresh_until
            && std::ptr::eq(self.registration.as_ptr(), Arc::as_ptr(&plugin.health))
    }
}

/// When `envelope` expires, if its plugin said.
fn expiry(envelope: &Envelope) -> Option<SystemTime> {
    let at = envelope.expires_at.filter(|t| !t.is_unset())?;
    // Before 1970 is long past; nanos are in range in anything decoded.
    let seconds = u64::try_from(at.seconds).unwrap_or(0);
    let nanos = u32::try_from(at.nanos).unwrap_or(0).min(999_999_999);
    Some(SystemTime::UNIX_EPOCH + Duration::new(seconds, nanos))
}

/// About what an envelope holds in memory.
fn envelope_bytes(envelope: &Envelope) -> usize {
    let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    std::mem::size_of::<Envelope>()
        + text(&envelope.id)
        + text(&envelope.provider)
        + text(&envelope.version)
        + envelope.value.as_ref().map_or(0, Vec::len)
        + envelope
            .metadata
            .iter()
            .map(|(k, v)| k.len() + v.len() + 48)
            .sum::<usize>()
}

/// Drops remembered answers until the cache holds at most `max_bytes`:
/// those past use first, then the ones closest to going stale.
fn evict(state: &mut State, max_bytes: usize, now: Instant) {
    let mut kept: Vec<(Instant, String, String)> = state
        .plugins
        .iter()
        .flat_map(|(plugin, slots)| {
            slots.iter().filter_map(move |(pattern, slot)| {
                let kept = slot.kept.as_ref()?;
                let until = if kept.stale_until <= now {
                    now
                } else {
                    kept.stale_until
                };
                Some((until, plugin.clone(), pattern.clone()))
            })
        })
        .collect();
    kept.sort_unstable();
    for (_, plugin, pattern) in kept {
        if state.bytes <= max_bytes {
            break;
        }
        if let Some(slot) = state
            .plugins
            .get_mut(&plugin)
            .and_then(|s| s.get_mut(&pattern))
            && let Some(old) = slot.kept.take()
        {
            state.bytes -= old.bytes;
        }
    }
    state.plugins.retain(|_, slots| {
        slots.retain(|_, slot| slot.kept.is_some() || slot.pending.is_some());
        !slots.is_empty()
    });
}

/// A call's answer as served to those who asked for it.
fn fresh(fetched: Fetched) -> Served {
    match fetched {
        Fetched::Found(found) => Served::Found(found.to_vec()),
        Fetched::NotFound => Served::NotFound,
        Fetched::Failed { reason, .. } => Served::Failed(reason),
    }
}

/// The remembered answer `kept`, served while its plugin is unavailable.
fn stale(kept: &Kept, reason: String, now: Instant) -> Served {
    let since = Timestamp::from(kept.fetched_at)
        .to_rfc3339()
        .unwrap_or_default();
    let found: Vec<Envelope> = kept
        .found
        .iter()
        .flat_map(|found| found.iter())
        .zip(&kept.expiries)
        .filter(|(_, expiry)| expiry.is_none_or(|at| now < at))
        .map(|(e, _)| e.clone())
        .map(|mut e| {
            e.metadata.insert(STALE_KEY.to_owned(), since.clone());
            e
        })
        .collect();
    if found.is_empty() {
        Served::Failed(reason)
    } else {
        Served::Stale(found, reason)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
