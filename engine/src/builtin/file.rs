//! A builtin plugin serving secrets from a TOML or JSON file, reloaded when
//! the file changes.
//!
//! ```toml
//! [secrets."db/password"]
//! value = "s3cret"                       # or value_base64 = "czNjcmV0"
//! version = "v3"                         # optional, default ""
//! created_at = "2025-01-02T03:04:05Z"    # optional RFC 3339, default the zero time
//! expires_at = 2030-06-07T08:09:10Z      # TOML datetimes work too
//! metadata = { owner = "team-a" }        # optional
//! ```
//!
//! The same shape in JSON (`{"secrets": {"db/password": {"value": "…"}}}`) is
//! read when the file name ends in `.json`. A missing file is an empty store.
//! A file that does not parse keeps the last good contents and logs where it
//! is wrong (line and column only: the text could hold a secret).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, SystemTime};

use arc_swap::ArcSwap;
use base64::Engine;
use protojson_wkt::{Timestamp, TimestampError};
use secrets_core::{Pattern, SecretId, SecretValue};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use serde::Deserialize;

/// Why a secrets file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum FileStoreError {
    /// The file exists but could not be read.
    #[error("read secrets file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why it could not be read (permissions, a directory at the path).
        source: std::io::Error,
    },
    /// The file is not a valid secrets file.
    #[error("secrets file {path}: {reason}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong and where, never the file's text.
        reason: String,
    },
}

/// One secret as stored.
struct StoredSecret {
    value: SecretValue,
    version: String,
    created_at: Timestamp,
    expires_at: Timestamp,
    metadata: BTreeMap<String, String>,
}

/// What identifies one version of the file on disk.
type FileStamp = Option<(SystemTime, u64)>;

/// The loaded contents.
type Loaded = BTreeMap<SecretId, StoredSecret>;

/// The file-backed builtin plugin.
pub struct FileStore {
    path: PathBuf,
    loaded: ArcSwap<Loaded>,
    /// The stamp of the file version last loaded or tried.
    checked: Mutex<FileStamp>,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl FileStore {
    /// Loads `path` (a missing file is an empty store).
    pub fn open(path: impl Into<PathBuf>) -> Result<Arc<Self>, FileStoreError> {
        let path = path.into();
        let checked = Mutex::new(stamp(&path));
        let loaded = load(&path)?;
        tracing::info!(path = %path.display(), secrets = loaded.len(), "loaded secrets file");
        Ok(Arc::new(FileStore {
            path,
            loaded: ArcSwap::from_pointee(loaded),
            checked,
        }))
    }

    /// Checks the file every `interval` and reloads it when it changed, for as
    /// long as the store is alive.
    pub fn watch(self: &Arc<Self>, interval: Duration) {
        let store: Weak<Self> = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(interval);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                let Some(store) = store.upgrade() else { return };
                store.reload_if_changed();
            }
        });
    }

    /// Reloads the file if its modification time or size changed since the
    /// last attempt (a broken version is reported once, not on every check).
    pub fn reload_if_changed(&self) {
        let now = stamp(&self.path);
        {
            let mut checked = self.checked.lock().unwrap_or_else(PoisonError::into_inner);
            if *checked == now {
                return;
            }
            *checked = now;
        }
        match load(&self.path) {
            Ok(loaded) => {
                tracing::info!(path = %self.path.display(), secrets = loaded.len(), "reloaded secrets file");
                self.loaded.store(Arc::new(loaded));
            }
            Err(error) => tracing::error!(%error, "keeping the previous secrets"),
        }
    }

    /// The secrets whose IDs match `pattern`, in ID order. The resolver
    /// calls this directly, not through the plugin trait (see
    /// `PluginHandle::File`).
    pub fn find(&self, pattern: &Pattern) -> Vec<Envelope> {
        let loaded = self.loaded.load();
        if pattern.is_id() {
            // No wildcard: the pattern is an ID (same grammar), so one lookup
            // by its text instead of a scan or a second parse.
            return loaded
                .get_key_value(pattern.as_str())
                .map(|(id, s)| envelope(id, s))
                .into_iter()
                .collect();
        }
        loaded
            .iter()
            .filter(|(id, _)| pattern.matches(id))
            .map(|(id, s)| envelope(id, s))
            .collect()
    }
}

fn envelope(id: &SecretId, secret: &StoredSecret) -> Envelope {
    Envelope {
        id: Some(id.as_str().to_owned()),
        value: Some(secret.value.expose().to_vec()),
        provider: None,
        version: Some(secret.version.clone()),
        created_at: Some(secret.created_at),
        resolved_at: None,
        expires_at: Some(secret.expires_at),
        metadata: secret
            .metadata
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

fn stamp(path: &Path) -> FileStamp {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SecretsFile {
    #[serde(default)]
    secrets: BTreeMap<String, SecretEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SecretEntry {
    value: Option<String>,
    value_base64: Option<String>,
    version: Option<String>,
    created_at: Option<TimeText>,
    expires_at: Option<TimeText>,
    #[serde(default)]
    metadata: BTreeMap<String, String>,
}

/// A time written as an RFC 3339 string or (in TOML) a native datetime.
#[derive(Deserialize)]
#[serde(untagged)]
enum TimeText {
    Text(String),
    Toml(toml::value::Datetime),
}

impl TimeText {
    fn parse(&self) -> Result<Timestamp, TimestampError> {
        match self {
            TimeText::Text(text) => Timestamp::parse_rfc3339(text),
            TimeText::Toml(datetime) => Timestamp::parse_rfc3339(&datetime.to_string()),
        }
    }
}

fn load(path: &Path) -> Result<Loaded, FileStoreError> {
    let bytes = match std::fs::read(path) {
        // The file's bytes hold secrets: keep them where they are wiped on drop.
        Ok(bytes) => SecretValue::new(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Loaded::new());
        }
        Err(source) => {
            return Err(FileStoreError::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    let invalid = |reason: String| FileStoreError::Invalid {
        path: path.to_owned(),
        reason,
    };
    let file: SecretsFile = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_slice(bytes.expose()).map_err(|e| {
            invalid(format!(
                "not a valid secrets file (JSON) at line {}, column {}",
                e.line(),
                e.column()
            ))
        })?
    } else {
        let text = std::str::from_utf8(bytes.expose())
            .map_err(|e| invalid(format!("not UTF-8 after byte {}", e.valid_up_to())))?;
        toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|span| crate::text_position::line_column(text, span.start))
                .unwrap_or((0, 0));
            invalid(format!(
                "not a valid secrets file (TOML) at line {line}, column {column}"
            ))
        })?
    };

    let mut secrets = BTreeMap::new();
    for (id, entry) in file.secrets {
        let parsed = SecretId::parse(id.as_str()).map_err(|e| invalid(e.to_string()))?;
        let value = match (entry.value, entry.value_base64) {
            (Some(text), None) => SecretValue::from(text),
            (None, Some(encoded)) => base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .map(SecretValue::new)
                .map_err(|_| invalid(format!("secret {id:?}: value_base64 is not base64")))?,
            _ => {
                return Err(invalid(format!(
                    "secret {id:?}: set exactly one of value and value_base64"
                )));
            }
        };
        let time = |field: &str, t: Option<TimeText>| -> Result<Timestamp, FileStoreError> {
            t.map(|t| t.parse())
                .transpose()
                .map(|t| t.unwrap_or(Timestamp::GO_ZERO))
                .map_err(|e| invalid(format!("secret {id:?}: {field}: {e}")))
        };
        let stored = StoredSecret {
            value,
            version: entry.version.unwrap_or_default(),
            created_at: time("created_at", entry.created_at)?,
            expires_at: time("expires_at", entry.expires_at)?,
            metadata: entry.metadata,
        };
        secrets.insert(parsed, stored);
    }
    Ok(secrets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        path
    }

    fn get(store: &FileStore, pattern: &str) -> Vec<Envelope> {
        store.find(&Pattern::parse(pattern).expect("a valid pattern"))
    }

    #[tokio::test]
    async fn serves_toml_and_json_in_id_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let toml = write(
            dir.path(),
            "s.toml",
            r#"
[secrets."b"]
value = "b-value"
[secrets."a/b"]
value_base64 = "YWItdmFsdWU="
version = "v3"
created_at = 2025-01-02T03:04:05.6Z
expires_at = "2030-06-07T08:09:10Z"
metadata = { owner = "team-a" }
"#,
        );
        let store = FileStore::open(&toml).expect("loads");
        let all = get(&store, "**");
        let ids: Vec<_> = all
            .iter()
            .map(|e| e.id.clone().unwrap_or_default())
            .collect();
        assert_eq!(ids, ["a/b", "b"]);
        assert_eq!(all[0].value.as_deref(), Some(&b"ab-value"[..]));
        assert_eq!(all[0].version.as_deref(), Some("v3"));
        assert_eq!(all[0].created_at.map(|t| t.nanos), Some(600_000_000));
        assert_eq!(all[0].metadata["owner"], "team-a");
        assert_eq!(all[1].version.as_deref(), Some(""));
        assert_eq!(all[1].expires_at, Some(Timestamp::GO_ZERO));
        assert_eq!(get(&store, "b").len(), 1);
        assert!(get(&store, "nope").is_empty());

        let json = write(dir.path(), "s.json", r#"{"secrets":{"x":{"value":"y"}}}"#);
        let store = FileStore::open(&json).expect("loads JSON");
        assert_eq!(get(&store, "*").len(), 1);
    }

    #[tokio::test]
    async fn reloads_changes_and_keeps_good_contents_on_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), "s.toml", "[secrets.a]\nvalue = \"one\"\n");
        let store = FileStore::open(&path).expect("loads");
        write(dir.path(), "s.toml", "[secrets.a]\nvalue = \"two!\"\n");
        store.reload_if_changed();
        let a = get(&store, "a");
        assert_eq!(a[0].value.as_deref(), Some(&b"two!"[..]));

        // A broken file: the error names the place, never the text.
        write(
            dir.path(),
            "s.toml",
            "[secrets.a]\nvalue = \"hunter2\"\nbogus = 1\n",
        );
        let error = load(&path).err().expect("invalid").to_string();
        assert!(error.contains("line 3"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
        store.reload_if_changed();
        let a = get(&store, "a");
        assert_eq!(a[0].value.as_deref(), Some(&b"two!"[..]));

        std::fs::remove_file(&path).expect("remove");
        store.reload_if_changed();
        assert!(
            get(&store, "**").is_empty(),
            "a removed file is an empty store"
        );
    }

    #[test]
    fn invalid_entries_are_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (text, expected) in [
            (
                "[secrets.\"a b\"]\nvalue = \"x\"\n",
                "invalid identifier: \"a b\"",
            ),
            ("[secrets.a]\n", "set exactly one of value and value_base64"),
            (
                "[secrets.a]\nvalue = \"x\"\ncreated_at = \"yesterday\"\n",
                "created_at",
            ),
        ] {
            let path = write(dir.path(), "s.toml", text);
            let error = load(&path).err().expect("invalid").to_string();
            assert!(error.contains(expected), "{error}");
        }
    }
}
