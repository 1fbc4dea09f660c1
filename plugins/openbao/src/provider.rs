//! The plugin's answer to `GetSecrets`: list what the pattern needs, read
//! the matching secrets in parallel (bounded), turn each into an envelope.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures_util::{StreamExt, stream};
use secrets_engine_plugin::{Pattern, Provider, ProviderError, Secret, SecretId};
use serde_json::Value;

use crate::changes::Tracker;
use crate::error::BaoError;
use crate::kv::{Kv, KvSecret};
use crate::walk::{Lookup, lookup, may_match_below};

/// Metadata key holding the secret's KV path (`secret/team/db`).
pub(crate) const PATH_KEY: &str = "openbao.path";
/// Prefix of the metadata keys holding KV custom metadata.
pub(crate) const CUSTOM_PREFIX: &str = "openbao.custom.";

/// A folder's names, from the mount's root (below the prefix).
type Folder = Vec<String>;
/// What listing a folder gave.
type Listing = Result<Vec<String>, BaoError>;

/// Serves a KV v2 mount.
pub(crate) struct OpenBao {
    pub(crate) kv: Arc<Kv>,
    /// The data field that is the secret's value; the other fields become
    /// metadata. A secret without it is served as all its fields in JSON.
    pub(crate) field: String,
    /// How long a served secret stays valid, if the mount gives no lease.
    pub(crate) ttl: Option<Duration>,
    /// Calls to OpenBao in flight at once for one request.
    pub(crate) parallel: usize,
    /// Where served versions are recorded for the change poller.
    pub(crate) tracker: Option<Arc<Tracker>>,
    /// Shown in `openbao.path`: the mount and the prefix.
    pub(crate) shown_root: String,
}

impl OpenBao {
    /// The IDs that `pattern` matches, found with as few listings as the
    /// pattern allows. A pattern without wildcards is taken as its ID,
    /// unlisted. A folder below the first that the token may not list is
    /// left out; the first one refused is an error.
    pub(crate) async fn matching_ids(&self, pattern: &Pattern) -> Result<Vec<SecretId>, BaoError> {
        let (start, own) = match lookup(pattern) {
            Lookup::One(id) => return Ok(vec![id]),
            Lookup::Walk { start, own } => (start, own),
        };
        let mut ids: Vec<SecretId> = own.into_iter().collect();
        let mut folders = vec![start];
        let mut first = true;
        while !folders.is_empty() {
            let listed: Vec<(Folder, Listing)> = stream::iter(std::mem::take(&mut folders))
                .map(|folder| async move {
                    let names: Vec<&str> = folder.iter().map(String::as_str).collect();
                    let keys = self.kv.list(&names).await;
                    (folder, keys)
                })
                .buffer_unordered(self.parallel)
                .collect()
                .await;
            for (folder, keys) in listed {
                let keys = match keys {
                    Ok(keys) => keys,
                    Err(BaoError::PermissionDenied(why)) if !first => {
                        tracing::debug!(%why, "a folder the token may not list is left out");
                        continue;
                    }
                    Err(error) => return Err(error),
                };
                for key in keys {
                    let (name, is_folder) = match key.strip_suffix('/') {
                        Some(name) => (name, true),
                        None => (key.as_str(), false),
                    };
                    // A name our IDs cannot carry (a space, say) is not served.
                    if name.contains('/') || name.parse::<SecretId>().is_err() {
                        continue;
                    }
                    let mut path = folder.clone();
                    path.push(name.to_owned());
                    if is_folder {
                        let names: Vec<&str> = path.iter().map(String::as_str).collect();
                        if may_match_below(pattern, &names) {
                            folders.push(path);
                        }
                    } else if let Ok(id) = path.join("/").parse::<SecretId>()
                        && pattern.matches(&id)
                    {
                        ids.push(id);
                    }
                }
            }
            first = false;
        }
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    /// Every secret `pattern` matches, with its KV version.
    async fn secrets(&self, pattern: &Pattern) -> Result<Vec<(Secret, u64)>, BaoError> {
        let exact = pattern.is_id();
        let ids = self.matching_ids(pattern).await?;
        let read: Vec<(SecretId, Result<Option<KvSecret>, BaoError>)> = stream::iter(ids)
            .map(|id| async move {
                let secret = self.kv.read(id.as_str()).await;
                (id, secret)
            })
            .buffer_unordered(self.parallel)
            .collect()
            .await;
        let mut secrets = Vec::with_capacity(read.len());
        for (id, secret) in read {
            match secret {
                Ok(Some(secret)) => {
                    let version = secret.version;
                    secrets.push((self.envelope(id, secret), version));
                }
                Ok(None) => {}
                // Listed but not readable: under a wildcard, left out.
                Err(BaoError::PermissionDenied(why)) if !exact => {
                    tracing::debug!(%why, "a secret the token may not read is left out");
                }
                Err(error) => return Err(error),
            }
        }
        secrets.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        Ok(secrets)
    }

    /// A KV secret as the engine serves it.
    fn envelope(&self, id: SecretId, secret: KvSecret) -> Secret {
        let KvSecret {
            mut data,
            version,
            created_time,
            custom_metadata,
            lease_duration,
        } = secret;
        let path = format!("{}/{}", self.shown_root, id.as_str());
        let (value, fields) = match data.remove(&self.field) {
            Some(value) => (text_of(value), data),
            // No value field: the whole secret, as JSON, is the value.
            None => (Value::Object(data).to_string(), Default::default()),
        };
        let mut out = Secret::new(id, value.into_bytes()).with_version(version.to_string());
        for (name, value) in fields {
            out = out.with_metadata(name, text_of(value));
        }
        for (name, value) in custom_metadata {
            out = out.with_metadata(format!("{CUSTOM_PREFIX}{name}"), value);
        }
        out = out.with_metadata(PATH_KEY, path);
        out.created_at = created_time.as_deref().and_then(parse_time);
        let lifetime = match lease_duration {
            0 => self.ttl,
            seconds => Some(Duration::from_secs(seconds)),
        };
        if let Some(lifetime) = lifetime {
            out = out.expires_at(SystemTime::now() + lifetime);
        }
        out
    }
}

#[secrets_engine_plugin::async_trait]
impl Provider for OpenBao {
    async fn get_secrets(&self, pattern: &Pattern) -> Result<Vec<Secret>, ProviderError> {
        let secrets = self.secrets(pattern).await?;
        if let Some(tracker) = &self.tracker {
            let versions: BTreeMap<SecretId, u64> = secrets
                .iter()
                .map(|(secret, version)| (secret.id.clone(), *version))
                .collect();
            tracker.served(pattern, versions);
        }
        Ok(secrets.into_iter().map(|(secret, _)| secret).collect())
    }
}

/// A field as text: strings as they are, anything else as JSON.
fn text_of(value: Value) -> String {
    match value {
        Value::String(text) => text,
        other => other.to_string(),
    }
}

/// OpenBao's RFC 3339 times (nanoseconds, `Z`).
fn parse_time(text: &str) -> Option<SystemTime> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(SystemTime::from)
}
