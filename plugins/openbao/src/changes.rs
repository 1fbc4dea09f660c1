//! Telling the engine that secrets changed in OpenBao, which does not say so
//! itself: the patterns the engine has asked for lately are looked at again
//! every poll interval, through KV metadata only (listings and current
//! versions, never values), and any ID whose version moved, appeared or went
//! away is reported. The engine then drops what it kept and its watchers
//! hear of it at once.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{StreamExt, stream};
use secrets_engine_plugin::{ChangeNotifier, Pattern, SecretId};
use tokio::time::Instant;

use crate::error::BaoError;
use crate::provider::OpenBao;

/// A pattern not asked for this long is no longer polled. The engine asks
/// again at least every cache age while someone watches it.
const FORGET_AFTER: Duration = Duration::from_secs(120);
/// The most patterns polled; the least recently asked goes first.
const MAX_PATTERNS: usize = 64;
/// A pattern matching more secrets than this is polled for secrets
/// appearing and going away only (its listing), not for new versions of
/// each: a metadata read per secret per interval would load the server.
pub(crate) const MAX_VERSIONS_POLLED: usize = 1000;

/// What the engine asked for, and the versions it was answered with.
pub(crate) struct Tracker {
    watched: Mutex<HashMap<Pattern, Watched>>,
    notifier: ChangeNotifier,
}

struct Watched {
    asked: Instant,
    /// ID to KV version, as last served or polled.
    versions: BTreeMap<SecretId, u64>,
}

impl Tracker {
    pub(crate) fn new(notifier: ChangeNotifier) -> Self {
        Tracker {
            watched: Mutex::new(HashMap::new()),
            notifier,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Pattern, Watched>> {
        self.watched
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// `pattern` was answered with `versions`.
    pub(crate) fn served(&self, pattern: &Pattern, versions: BTreeMap<SecretId, u64>) {
        let mut watched = self.lock();
        let now = Instant::now();
        if !watched.contains_key(pattern) && watched.len() >= MAX_PATTERNS {
            let oldest = watched
                .iter()
                .min_by_key(|(_, w)| w.asked)
                .map(|(p, _)| p.clone());
            if let Some(oldest) = oldest {
                watched.remove(&oldest);
            }
        }
        watched.insert(
            pattern.clone(),
            Watched {
                asked: now,
                versions,
            },
        );
    }

    /// Polls every `every` for as long as the plugin runs.
    pub(crate) async fn run(self: Arc<Self>, provider: Arc<OpenBao>, every: Duration) {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            self.round(&provider).await;
        }
    }

    /// One look at every pattern still asked for.
    pub(crate) async fn round(&self, provider: &OpenBao) {
        let patterns: Vec<Pattern> = {
            let mut watched = self.lock();
            watched.retain(|_, w| w.asked.elapsed() < FORGET_AFTER);
            watched.keys().cloned().collect()
        };
        let mut changed: Vec<SecretId> = Vec::new();
        for pattern in patterns {
            let now = match versions(provider, &pattern).await {
                Ok(now) => now,
                Err(error) => {
                    tracing::debug!(%error, pattern = pattern.as_str(), "cannot poll for changes");
                    continue;
                }
            };
            let mut watched = self.lock();
            let Some(entry) = watched.get_mut(&pattern) else {
                continue;
            };
            changed.extend(differences(&entry.versions, &now));
            entry.versions = now;
        }
        if !changed.is_empty() {
            changed.sort();
            changed.dedup();
            tracing::debug!(count = changed.len(), "secrets changed in OpenBao");
            self.notifier.secrets_changed(changed);
        }
    }
}

/// The versions of the secrets `pattern` matches now, from metadata. Past
/// [`MAX_VERSIONS_POLLED`] secrets, every version is 0: only appearing and
/// going away is seen.
async fn versions(
    provider: &OpenBao,
    pattern: &Pattern,
) -> Result<BTreeMap<SecretId, u64>, BaoError> {
    let ids = provider.matching_ids(pattern).await?;
    if ids.len() > MAX_VERSIONS_POLLED {
        return Ok(ids.into_iter().map(|id| (id, 0)).collect());
    }
    let read: Vec<(SecretId, Result<Option<u64>, BaoError>)> = stream::iter(ids)
        .map(|id| async move {
            let version = provider.kv.current_version(id.as_str()).await;
            (id, version)
        })
        .buffer_unordered(provider.parallel)
        .collect()
        .await;
    let mut versions = BTreeMap::new();
    for (id, version) in read {
        match version {
            Ok(Some(version)) => {
                versions.insert(id, version);
            }
            Ok(None) | Err(BaoError::PermissionDenied(_)) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(versions)
}

/// IDs that appeared, went away or changed version between `before` and
/// `now`; a version of 0 on either side (not polled) is no change.
fn differences(before: &BTreeMap<SecretId, u64>, now: &BTreeMap<SecretId, u64>) -> Vec<SecretId> {
    let mut changed: Vec<SecretId> = before
        .iter()
        .filter(|(id, version)| match now.get(*id) {
            None => true,
            Some(current) => **version != 0 && *current != 0 && current != *version,
        })
        .map(|(id, _)| id.clone())
        .collect();
    changed.extend(now.keys().filter(|id| !before.contains_key(*id)).cloned());
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: &[(&str, u64)]) -> BTreeMap<SecretId, u64> {
        entries
            .iter()
            .map(|(id, v)| (id.parse().unwrap(), *v))
            .collect()
    }

    #[test]
    fn appearing_going_and_new_versions_are_changes() {
        let before = map(&[("a", 1), ("b", 2), ("c", 3)]);
        let now = map(&[("a", 1), ("b", 3), ("d", 1)]);
        let changed: Vec<String> = differences(&before, &now)
            .into_iter()
            .map(SecretId::into_string)
            .collect();
        assert_eq!(changed, ["b", "c", "d"]);
    }

    #[test]
    fn an_unpolled_version_is_no_change() {
        let before = map(&[("a", 4)]);
        let now = map(&[("a", 0)]);
        assert!(differences(&before, &now).is_empty());
    }
}
