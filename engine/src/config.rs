//! The engine's configuration file (TOML): an `[engine]` table and
//! `[[builtin]]` plugins, every key listed with its default in the README's
//! configuration reference.
//!
//! ```toml
//! [engine]
//! plugin_timeout_ms = 5000       # how long one plugin call may take
//! policy_file = "policy.toml"    # paths are relative to this file
//!
//! [[builtin]]                    # zero or more builtin plugins
//! name = "builtin-mem"
//! version = "v1.2.3"
//! pattern = "**"
//! type = "file"                  # or "docker-pass", "docker-credential-helper"
//! path = "secrets.toml"
//! ```
//!
//! Each subsystem owns its keys of `[engine]`, with their defaults and
//! bounds: [`ServerSettings`], [`PluginSessionSettings`], [`AuditSettings`],
//! and [`EngineConfig`] for the engine's own; a key none of them reads is
//! refused.
//!
//! Without a configuration file the engine runs the builtins `docker-pass`
//! and `docker-credential-helper` (when the Docker CLI's configuration names
//! a helper), see [`EngineConfig::default_config`].

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::text_position::line_column;
use secrets_core::{Pattern, is_valid_version};
use secrets_store::{BackendKind, FileKeySource, StoreChoice};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub use crate::http::server::ServerSettings;
pub use crate::plugins::session::{PluginSessionSettings, engine_version};
pub use crate::resolve::audit::AuditSettings;
pub use crate::resolve::cache::{CacheOverride, CacheSettings};

/// The Go engine's plugin directory (the same on every OS).
pub const DEFAULT_PLUGIN_DIR: &str = "/opt/docker/secrets-engine/plugins";
/// The name of the default builtin plugin, the `provider` of the secrets it
/// serves (as in the Go engine).
pub const DOCKER_PASS_PLUGIN: &str = "docker-pass";
/// The name of the credential helper builtin (as in the Go engine; it sorts
/// before `docker-pass`, so it is asked first).
pub const CREDENTIAL_HELPER_PLUGIN: &str = "docker-credential-helper";
/// How often a builtin file plugin checks its file by default.
pub const DEFAULT_RELOAD_INTERVAL: Duration = Duration::from_millis(500);

/// Why the configuration is unusable.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("read config file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why it could not be read (missing, no permission).
        source: std::io::Error,
    },
    /// The file is not a valid configuration.
    #[error("config file {path}: {reason}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// Configuration text given without a file is not a valid
    /// configuration.
    #[error("{0}")]
    Text(String),
    /// Without a file: the `DOCKER_PASS_*` variables name no usable store.
    #[error(transparent)]
    Store(#[from] secrets_store::StoreError),
}

/// The engine's settings, resolved (defaults applied, paths absolute): each
/// subsystem's own settings, read from its keys of `[engine]`, and the keys
/// the engine itself reads. A reload applies `allowed_uids`, `policy_file`,
/// `plugin_dir` and `launched_plugins`; the rest only a restart.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EngineConfig {
    /// The HTTP server: limits, timeouts, threads and sockets.
    #[serde(skip)]
    pub server: ServerSettings,
    /// What plugins are told and how long they are waited for.
    #[serde(skip)]
    pub plugins: PluginSessionSettings,
    /// The audit log, if enabled.
    #[serde(skip)]
    pub audit_log: Option<AuditSettings>,
    /// How long plugins' answers are remembered (`[engine]` keys and
    /// `[cache.<plugin>]` tables).
    #[serde(skip)]
    pub cache: CacheSettings,
    /// The builtin plugins.
    #[serde(skip)]
    pub builtins: Vec<BuiltinPlugin>,
    /// Where plugins disabled through `PluginManagementService` are
    /// remembered across restarts; `None`: until the engine stops.
    pub disabled_plugins_file: Option<PathBuf>,
    /// Users allowed besides the engine's own.
    pub allowed_uids: Vec<u32>,
    /// The policy file, if any.
    pub policy_file: Option<PathBuf>,
    /// The directory whose executables are launched as plugins.
    pub plugin_dir: PathBuf,
    /// Whether to launch them.
    pub launched_plugins: bool,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            server: ServerSettings::default(),
            plugins: PluginSessionSettings::default(),
            audit_log: None,
            cache: CacheSettings::default(),
            builtins: Vec::new(),
            disabled_plugins_file: None,
            allowed_uids: Vec::new(),
            policy_file: None,
            plugin_dir: PathBuf::from(DEFAULT_PLUGIN_DIR),
            launched_plugins: true,
        }
    }
}

/// A builtin plugin to register.
#[derive(Debug, Clone)]
pub struct BuiltinPlugin {
    /// Its name (the `provider` of its secrets; orders plugins).
    pub name: String,
    /// Its version.
    pub version: String,
    /// The IDs it serves.
    pub pattern: Pattern,
    /// What it is.
    pub kind: BuiltinKind,
}

/// The kinds of builtin plugin.
#[derive(Debug, Clone)]
pub enum BuiltinKind {
    /// Secrets from a TOML or JSON file, reloaded when it changes.
    File {
        /// The file.
        path: PathBuf,
        /// How often it is checked for changes.
        reload_interval: Duration,
    },
    /// The store `docker-pass` writes: the keychain or the encrypted file
    /// store.
    DockerPass {
        /// Which store, and the file store's directory and key.
        store: StoreChoice,
    },
    /// Registry credentials from the Docker CLI's credential helpers
    /// (`credsStore`, `credHelpers`); left out when the file names none.
    CredentialHelper {
        /// The Docker CLI configuration file naming them.
        config: PathBuf,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    /// Checked to be a table here; its keys are read by the subsystems.
    #[serde(default, rename = "engine")]
    _engine: std::collections::HashMap<String, serde::de::IgnoredAny>,
    #[serde(default)]
    builtin: Vec<BuiltinSection>,
    /// Per-plugin cache settings, by plugin name.
    #[serde(default)]
    cache: std::collections::HashMap<String, CacheOverride>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BuiltinSection {
    name: String,
    version: String,
    pattern: String,
    #[serde(rename = "type")]
    kind: String,
    path: Option<PathBuf>,
    reload_interval_ms: Option<u64>,
    store: Option<String>,
    file_store: Option<PathBuf>,
    identity_file: Option<PathBuf>,
    passphrase_file: Option<PathBuf>,
}

/// One step of a key's path in the file: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
enum KeyStep {
    Key(String),
    Index(usize),
}

/// A well-typed value the configuration refuses, and the key that holds it.
#[derive(Debug)]
struct Invalid {
    key: Vec<KeyStep>,
    reason: String,
}

impl Invalid {
    /// `engine.<name>`.
    fn engine(name: &str) -> Self {
        Invalid {
            key: vec![KeyStep::Key("engine".into()), KeyStep::Key(name.into())],
            reason: String::new(),
        }
    }

    /// `builtin[<index>]`, or its key `name`.
    fn builtin(index: usize, name: Option<&'static str>) -> Self {
        let mut key = vec![KeyStep::Key("builtin".into()), KeyStep::Index(index)];
        key.extend(name.map(|name| KeyStep::Key(name.into())));
        Invalid {
            key,
            reason: String::new(),
        }
    }

    fn because(self, reason: impl Into<String>) -> Self {
        Invalid {
            reason: reason.into(),
            ..self
        }
    }
}

/// A key path as a user writes it: `engine.plugin_timeout_ms`,
/// `builtin[1].pattern`, `engine.allowed_uids[2]`.
fn render_key(key: &[KeyStep]) -> String {
    let mut text = String::new();
    for step in key {
        match step {
            KeyStep::Key(name) => {
                if !text.is_empty() {
                    text.push('.');
                }
                // A key that is not a bare TOML key is shown quoted, as it
                // must be written.
                if !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    text.push_str(name);
                } else {
                    text.push_str(&format!("{name:?}"));
                }
            }
            KeyStep::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

/// What [`walk_document`] calls for each key: its path, where the key is
/// and where its value is.
type Visit<'a> = dyn FnMut(&[KeyStep], Range<usize>, Range<usize>) + 'a;

/// Every key and array element of a parsed document, with its path and
/// where its key (or, for an element, the element) and its value are.
fn walk_document(table: &toml::de::DeTable<'_>, path: &mut Vec<KeyStep>, visit: &mut Visit<'_>) {
    for (key, value) in table {
        path.push(KeyStep::Key(key.get_ref().to_string()));
        visit(path, key.span(), value.span());
        walk_value(value.get_ref(), path, visit);
        path.pop();
    }
}

fn walk_value(value: &toml::de::DeValue<'_>, path: &mut Vec<KeyStep>, visit: &mut Visit<'_>) {
    match value {
        toml::de::DeValue::Table(table) => walk_document(table, path, visit),
        toml::de::DeValue::Array(array) => {
            for (index, element) in array.iter().enumerate() {
                path.push(KeyStep::Index(index));
                visit(path, element.span(), element.span());
                walk_value(element.get_ref(), path, visit);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Where `key` is written: the offset of the key itself, or of the nearest
/// enclosing key or table header written in the file when the key is absent
/// (a required key left out is reported at its table).
fn locate_key(document: &toml::de::DeTable<'_>, key: &[KeyStep]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    walk_document(document, &mut Vec::new(), &mut |path, key_span, _| {
        if key.starts_with(path) && best.is_none_or(|(depth, _)| path.len() > depth) {
            best = Some((path.len(), key_span.start));
        }
    });
    best.map(|(_, offset)| offset)
}

/// The key whose key or value covers `offset`: the innermost, when several
/// do (a table and a key in it).
fn key_at(document: &toml::de::DeTable<'_>, offset: usize) -> Option<Vec<KeyStep>> {
    let covers =
        |span: &Range<usize>| span.contains(&offset) || (span.is_empty() && span.start == offset);
    let mut best: Option<(usize, Vec<KeyStep>)> = None;
    walk_document(
        document,
        &mut Vec::new(),
        &mut |path, key_span, value_span| {
            for span in [key_span, value_span] {
                if covers(&span) && best.as_ref().is_none_or(|(len, _)| span.len() <= *len) {
                    best = Some((span.len(), path.to_vec()));
                }
            }
        },
    );
    best.map(|(_, path)| path)
}

/// The key a line of the file sets, read from the text itself, for a syntax
/// error the parser could not attach to a key: `name` on `name = "x` under
/// `[engine]` is `engine.name`; a table header names its table.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let bare = |key: &str| key.trim().trim_matches(['[', ']']).trim().to_owned();
    let lines: Vec<&str> = text.lines().collect();
    let here = lines.get(line.checked_sub(1)?)?.trim();
    if here.starts_with('[') {
        let header = bare(here.split(']').next().unwrap_or(here));
        return (!header.is_empty()).then_some(header);
    }
    let (key, _) = here.split_once('=')?;
    let key = key.trim();
    if key.is_empty() || key.starts_with('#') {
        return None;
    }
    let table = lines[..line - 1]
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| l.starts_with('['))
        .map(|header| bare(header.split(']').next().unwrap_or(header)));
    Some(match table {
        Some(table) if !table.is_empty() => format!("{table}.{key}"),
        _ => key.to_owned(),
    })
}

/// A parse or type error from the toml crate, as `line N, key K: message`.
fn describe_toml_error(
    text: &str,
    document: &toml::de::DeTable<'_>,
    error: &toml::de::Error,
) -> ConfigError {
    let Some(span) = error.span() else {
        return ConfigError::Text(error.message().to_owned());
    };
    let (line, _) = line_column(text, span.start);
    let key = key_at(document, span.start)
        .map(|key| render_key(&key))
        .or_else(|| key_on_line(text, line));
    ConfigError::Text(match key {
        Some(key) => format!("line {line}, key {key}: {}", error.message()),
        None => format!("line {line}: {}", error.message()),
    })
}

/// The keys of `[engine]` that `T` reads: what serde's derive passes to
/// `deserialize_struct`, caught by a deserializer that reads nothing.
fn keys_of<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Keys<'a>(&'a mut &'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for Keys<'_> {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: serde::de::Visitor<'de>>(
            self,
            _: V,
        ) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            self.deserialize_any(visitor)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut keys: &'static [&'static str] = &[];
    let _ = T::deserialize(Keys(&mut keys));
    keys
}

/// Takes the keys `T` reads out of `engine` and deserializes `T` from them,
/// so errors keep their place in the file.
fn take_keys<T: DeserializeOwned>(engine: &mut Spanned<DeTable<'_>>) -> Result<T, toml::de::Error> {
    let keys = keys_of::<T>();
    let span = engine.span();
    let (mine, rest) = std::mem::take(engine.get_mut())
        .into_iter()
        .partition(|(key, _)| keys.contains(&key.get_ref().as_ref()));
    *engine.get_mut() = rest;
    T::deserialize(toml::de::Deserializer::from(Spanned::new(span, mine)))
}

impl EngineConfig {
    /// The groups of settings that differ between `running` and this
    /// configuration and that a reload does not apply (they shape the
    /// server, the builtins or the plugin sessions, which are set up once).
    pub fn needs_restart_to_apply(&self, running: &EngineConfig) -> Vec<&'static str> {
        // Builtins have no equality of their own (stores hold handles);
        // their settings as printed tell a change apart.
        let builtins = |config: &EngineConfig| format!("{:?}", config.builtins);
        [
            ("server", self.server == running.server),
            ("plugin sessions", self.plugins == running.plugins),
            ("audit_log", self.audit_log == running.audit_log),
            ("cache", self.cache == running.cache),
            (
                "disabled_plugins_file",
                self.disabled_plugins_file == running.disabled_plugins_file,
            ),
            ("builtin", builtins(self) == builtins(running)),
        ]
        .into_iter()
        .filter_map(|(group, same)| (!same).then_some(group))
        .collect()
    }

    /// The configuration without a file, as the Go engine's: the builtin
    /// `docker-pass`, serving `**` from the store `docker-pass` writes (chosen
    /// by the `DOCKER_PASS_*` environment variables, see `secrets_store`),
    /// and `docker-credential-helper`, serving registry credentials from the
    /// helpers the Docker CLI's configuration names (left out at start when
    /// it names none).
    pub fn default_config() -> Result<Self, ConfigError> {
        let store = StoreChoice::from_env()?;
        let everything = |name: &str, kind| BuiltinPlugin {
            name: name.to_owned(),
            version: engine_version(),
            pattern: Pattern::parse("**").unwrap_or_else(|_| unreachable!("valid pattern")),
            kind,
        };
        let helpers = secrets_store::credential_helper::docker_config_path().map(|config| {
            everything(
                CREDENTIAL_HELPER_PLUGIN,
                BuiltinKind::CredentialHelper { config },
            )
        });
        Ok(EngineConfig {
            builtins: std::iter::once(everything(
                DOCKER_PASS_PLUGIN,
                BuiltinKind::DockerPass { store },
            ))
            .chain(helpers)
            .collect(),
            disabled_plugins_file: default_disabled_plugins_file(),
            ..EngineConfig::default()
        })
    }

    /// Reads a configuration file; relative paths in it are relative to it.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text, path.parent().unwrap_or(Path::new("."))).map_err(|error| match error {
            ConfigError::Text(reason) => ConfigError::Invalid {
                path: path.to_owned(),
                reason,
            },
            error => error,
        })
    }

    /// Parses configuration text; `base` resolves relative paths. An error
    /// names the line and the key (`line 3, key engine.plugin_timeout_ms:
    /// invalid type: …`), for a syntax error, a value of the wrong type and
    /// a value this function refuses alike.
    pub fn parse(text: &str, base: &Path) -> Result<Self, ConfigError> {
        // The document is parsed once into a tree that keeps every key's and
        // value's place in the text, so an error at any stage can be traced
        // back to a line and a key. The recovering parser still yields the
        // keys around a syntax error.
        let (document, errors) = toml::de::DeTable::parse_recoverable(text);
        if let Some(error) = errors.first() {
            return Err(describe_toml_error(text, document.get_ref(), error));
        }
        let describe = |error| describe_toml_error(text, document.get_ref(), &error);
        let located = |invalid: Invalid| {
            let line = locate_key(document.get_ref(), &invalid.key)
                .map(|offset| format!("line {}, ", line_column(text, offset).0))
                .unwrap_or_default();
            let key = render_key(&invalid.key);
            ConfigError::Text(format!("{line}key {key}: {}", invalid.reason))
        };
        let file = FileConfig::deserialize(toml::de::Deserializer::from(document.clone()))
            .map_err(describe)?;
        // Each subsystem reads its own keys of `[engine]`; a key none of them
        // reads is unknown.
        let mut engine = match document
            .get_ref()
            .iter()
            .find(|(key, _)| key.get_ref() == "engine")
        {
            Some((_, value)) => match value.get_ref() {
                DeValue::Table(table) => Spanned::new(value.span(), table.clone()),
                _ => unreachable!("FileConfig checked that engine is a table"),
            },
            None => Spanned::new(0..0, DeTable::default()),
        };
        let mut config: EngineConfig = take_keys(&mut engine).map_err(describe)?;
        config.server = take_keys(&mut engine).map_err(describe)?;
        config.plugins = take_keys(&mut engine).map_err(describe)?;
        config.cache = take_keys(&mut engine).map_err(describe)?;
        config.cache.plugins = file.cache;
        // The audit log's other keys count only when it is on.
        let audit_on = engine
            .get_ref()
            .keys()
            .any(|key| key.get_ref() == "audit_log");
        let audit = take_keys::<AuditSettings>(&mut engine);
        config.audit_log = audit_on.then(|| audit.map_err(describe)).transpose()?;
        if let Some((key, _)) = engine
            .get_ref()
            .iter()
            .min_by_key(|(key, _)| key.span().start)
        {
            let known = [
                keys_of::<EngineConfig>(),
                keys_of::<ServerSettings>(),
                keys_of::<PluginSessionSettings>(),
                keys_of::<CacheSettings>(),
                keys_of::<AuditSettings>(),
            ]
            .concat();
            return Err(located(Invalid::engine(key.get_ref()).because(format!(
                "unknown field `{}`, expected one of `{}`",
                key.get_ref(),
                known.join("`, `")
            ))));
        }
        config.policy_file = config.policy_file.map(|file| base.join(file));
        config.plugin_dir = base.join(&config.plugin_dir);
        config.disabled_plugins_file = config.disabled_plugins_file.map(|file| base.join(file));
        if let Some(audit) = &mut config.audit_log {
            audit.path = base.join(&audit.path);
        }
        config.builtins = builtins(file.builtin, base).map_err(located)?;
        Ok(config)
    }
}

/// The builtin plugins a well-typed file gives, checked.
fn builtins(sections: Vec<BuiltinSection>, base: &Path) -> Result<Vec<BuiltinPlugin>, Invalid> {
    let mut builtins = Vec::new();
    for (index, section) in sections.into_iter().enumerate() {
        let key = |name: &'static str| Invalid::builtin(index, Some(name));
        let pattern = Pattern::parse(section.pattern.as_str())
            .map_err(|e| key("pattern").because(format!("builtin {:?}: {e}", section.name)))?;
        if section.name.is_empty() {
            return Err(key("name").because("builtin plugin with an empty name"));
        }
        crate::plugins::check_plugin_name(&section.name)
            .map_err(|why| key("name").because(format!("builtin: {why}")))?;
        if !is_valid_version(&section.version) {
            return Err(key("version").because(format!(
                "builtin {:?}: version {:?} is not a v-prefixed semantic version",
                section.name, section.version
            )));
        }
        let kind = match section.kind.as_str() {
            "file" => {
                let path = section.path.ok_or_else(|| {
                    key("path").because(format!(
                        "builtin {:?}: type \"file\" needs a path",
                        section.name
                    ))
                })?;
                BuiltinKind::File {
                    path: base.join(path),
                    reload_interval: section
                        .reload_interval_ms
                        .map_or(DEFAULT_RELOAD_INTERVAL, Duration::from_millis),
                }
            }
            "docker-pass" => {
                // The defaults come from the DOCKER_PASS_* variables;
                // a bad one is reported against this builtin, which
                // needs it.
                let mut store = StoreChoice::from_env()
                    .map_err(|e| Invalid::builtin(index, None).because(e.to_string()))?;
                match section.store.as_deref() {
                    None => {}
                    Some("auto") => store.backend = BackendKind::Auto,
                    Some("keychain") => store.backend = BackendKind::Keychain,
                    Some("file") => store.backend = BackendKind::File,
                    Some(other) => {
                        return Err(key("store").because(format!(
                                "builtin {:?}: store {other:?} is not one of \"auto\", \"keychain\", \"file\"",
                                section.name
                            )));
                    }
                }
                if let Some(dir) = section.file_store {
                    store.file_root = base.join(dir);
                }
                if let Some(path) = section.identity_file {
                    store.file_key = FileKeySource::IdentityFile(base.join(path));
                }
                if let Some(path) = section.passphrase_file {
                    store.file_key = FileKeySource::PassphraseFile(base.join(path));
                }
                BuiltinKind::DockerPass { store }
            }
            "docker-credential-helper" => BuiltinKind::CredentialHelper {
                config: match section.path {
                    Some(path) => base.join(path),
                    None => {
                        secrets_store::credential_helper::docker_config_path().ok_or_else(|| {
                            key("path").because(format!(
                                "builtin {:?}: no path, and neither DOCKER_CONFIG nor HOME is set",
                                section.name
                            ))
                        })?
                    }
                },
            },
            other => {
                return Err(key("type").because(format!(
                        "builtin {:?}: unknown type {other:?} (known: \"docker-pass\", \"docker-credential-helper\", \"file\")",
                        section.name
                    )));
            }
        };
        if builtins
            .iter()
            .any(|b: &BuiltinPlugin| b.name == section.name)
        {
            return Err(
                key("name").because(format!("builtin {:?} is configured twice", section.name))
            );
        }
        builtins.push(BuiltinPlugin {
            name: section.name,
            version: section.version,
            pattern,
            kind,
        });
    }
    Ok(builtins)
}

/// `$XDG_STATE_HOME/docker-secrets-engine/disabled-plugins.json`, else under
/// `$HOME/.local/state`; `None` when neither is set.
fn default_disabled_plugins_file() -> Option<PathBuf> {
    let nonempty = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    nonempty("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| nonempty("HOME").map(|home| PathBuf::from(home).join(".local/state")))
        .map(|dir| dir.join("docker-secrets-engine/disabled-plugins.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_config() {
        let config = EngineConfig::parse(
            r#"
[engine]
name = "upstream-engine"
plugin_timeout_ms = 250
[[builtin]]
name = "builtin-mem"
version = "v1.2.3"
pattern = "**"
type = "file"
path = "world.toml"
"#,
            Path::new("/etc/se"),
        )
        .expect("valid");
        assert_eq!(config.plugins.engine_name, "upstream-engine");
        assert_eq!(config.plugins.engine_version, engine_version());
        assert_eq!(config.plugins.plugin_timeout, Duration::from_millis(250));
        assert_eq!(config.server.header_read, Duration::from_secs(2));
        let BuiltinKind::File { path, .. } = &config.builtins[0].kind else {
            panic!("a file builtin: {:?}", config.builtins[0]);
        };
        assert_eq!(path, Path::new("/etc/se/world.toml"));
        assert_eq!(config.server.busy_poll, busy_poll::DEFAULT_WINDOW);
        let pass = EngineConfig::parse(
            "[[builtin]]\nname=\"docker-pass\"\nversion=\"v1\"\npattern=\"**\"\ntype=\"docker-pass\"\nstore=\"file\"\nfile_store=\"st\"\nidentity_file=\"id.txt\"\n",
            Path::new("/etc/se"),
        )
        .expect("valid");
        let BuiltinKind::DockerPass { store } = &pass.builtins[0].kind else {
            panic!("a docker-pass builtin: {:?}", pass.builtins[0]);
        };
        assert_eq!(store.backend, BackendKind::File);
        assert_eq!(store.file_root, Path::new("/etc/se/st"));
        assert!(
            matches!(&store.file_key, FileKeySource::IdentityFile(p) if p == Path::new("/etc/se/id.txt"))
        );
        let off =
            EngineConfig::parse("[engine]\nbusy_poll_us = 0\n", Path::new(".")).expect("valid");
        assert_eq!(off.server.busy_poll, Duration::ZERO);
        assert_eq!(config.server.idle_exit, Some(Duration::from_secs(60)));
        let stays =
            EngineConfig::parse("[engine]\nidle_exit_ms = 0\n", Path::new(".")).expect("valid");
        assert_eq!(stays.server.idle_exit, None);
        let quick =
            EngineConfig::parse("[engine]\nidle_exit_ms = 250\n", Path::new(".")).expect("valid");
        assert_eq!(quick.server.idle_exit, Some(Duration::from_millis(250)));
    }

    #[test]
    fn rejects_bad_configs_with_reasons() {
        for (text, expected) in [
            ("[engine]\nnmae = \"x\"\n", "unknown field"),
            (
                "[[builtin]]\nname=\"a\"\nversion=\"1.0\"\npattern=\"**\"\ntype=\"file\"\npath=\"x\"\n",
                "not a v-prefixed",
            ),
            (
                "[[builtin]]\nname=\"a\"\nversion=\"v1\"\npattern=\"a*\"\ntype=\"file\"\npath=\"x\"\n",
                "invalid pattern \"a*\"",
            ),
            (
                "[[builtin]]\nname=\"a\"\nversion=\"v1\"\npattern=\"**\"\ntype=\"vault\"\n",
                "unknown type",
            ),
            (
                "[[builtin]]\nname=\"a\"\nversion=\"v1\"\npattern=\"**\"\ntype=\"file\"\n",
                "needs a path",
            ),
            (
                "[[builtin]]\nname=\"a\"\nversion=\"v1\"\npattern=\"**\"\ntype=\"docker-pass\"\nstore=\"vault\"\n",
                "store \"vault\" is not one of",
            ),
            (
                "[engine]\nbusy_poll_us = 18446744073709551615\n",
                "line 2, key engine.busy_poll_us: must be at most 1000000, not 18446744073709551615",
            ),
            (
                "[engine]\nidle_timeout_ms = 18446744073709551615\n",
                "line 2, key engine.idle_timeout_ms: must be from 1 to 86400000 (a day), not 18446744073709551615",
            ),
            (
                "[engine]\nidle_exit_ms = 86400001\n",
                "line 2, key engine.idle_exit_ms: must be from 1 to 86400000",
            ),
            (
                "[engine]\nheader_read_timeout_ms = 0\n",
                "line 2, key engine.header_read_timeout_ms: must be from 1",
            ),
            (
                "[engine]\ncache_max_stale_ms = 86400001\n",
                "line 2, key engine.cache_max_stale_ms: must be from 0 to 86400000 (a day), not 86400001",
            ),
            (
                "[cache.vault]\nmax_age_ms = 5\nmax_sale_ms = 5\n",
                "line 3, key cache.vault.max_sale_ms: unknown field `max_sale_ms`",
            ),
        ] {
            let err = EngineConfig::parse(text, Path::new("."))
                .expect_err(text)
                .to_string();
            assert!(err.contains(expected), "{err}");
        }
    }

    #[test]
    fn errors_name_the_line_and_the_key() {
        let builtins = "[[builtin]]\nname = \"a\"\nversion = \"v1\"\npattern = \"**\"\ntype = \"file\"\npath = \"x\"\n\n[[builtin]]\nname = \"b\"\nversion = \"v1\"\n";
        let bad_pattern = format!("{builtins}pattern = \"**\"\ntype = \"file\"\npath = \"y\"\n")
            .replacen("pattern = \"**\"", "pattern = \"a*\"", 1);
        let no_path = format!("{builtins}pattern = \"**\"\ntype = \"file\"\n");
        let unknown_type = format!("{builtins}pattern = \"**\"\ntype = \"vault\"\n");
        let twice = format!(
            "{}pattern = \"**\"\ntype = \"file\"\npath = \"y\"\n",
            builtins.replace("\"b\"", "\"a\"")
        );
        for (text, expected) in [
            // Syntax errors.
            (
                "[engine]\nname = \"x\"\nplugin_timeout_ms = 5s\n",
                "line 3, key engine.plugin_timeout_ms: string values must be quoted",
            ),
            (
                "[engine]\nname = \"x\"\nname = \"y\"\n",
                "line 3, key engine.name: duplicate key",
            ),
            (
                "# engine\n[engine]\nname = \"x\n",
                "line 3, key engine.name: invalid basic string",
            ),
            ("[engine\nname = 3\n", "line 1, key engine: unclosed table"),
            (
                "[engine]\nallowed_uids = [\n  1,\n  2x,\n]\n",
                "line 4, key engine.allowed_uids[1]: string values must be quoted",
            ),
            // Values of the wrong type, unknown and missing keys.
            (
                "[engine]\nname = \"x\"\nplugin_timeout_ms = \"5s\"\n",
                "line 3, key engine.plugin_timeout_ms: invalid type: string \"5s\", expected u64",
            ),
            (
                "[engine]\nallowed_uids = [1, -2]\n",
                "line 2, key engine.allowed_uids[1]: invalid value: integer `-2`, expected u32",
            ),
            (
                "engine = { name = \"x\", max_connections = true }\n",
                "line 1, key engine.max_connections: invalid type: boolean `true`",
            ),
            (
                "\n[engine]\nnmae = \"x\"\n",
                "line 3, key engine.nmae: unknown field `nmae`",
            ),
            (
                "[engine]\nname = \"x\"\n[engine.sub]\nx = 1\n",
                "line 3, key engine.sub: unknown field `sub`",
            ),
            (builtins, "line 8, key builtin[1]: missing field `pattern`"),
            // Values the engine refuses.
            (
                "[engine]\n\nmax_connections = 0\n",
                "line 3, key engine.max_connections: must be at least 1",
            ),
            (
                "[engine]\naudit_log = \"a.jsonl\"\naudit_log_max_bytes = 10\n",
                "line 3, key engine.audit_log_max_bytes: must be at least 4096, not 10",
            ),
            (
                "[engine]\nkeep_alive_ping_ms = 86400001\n",
                "line 2, key engine.keep_alive_ping_ms: must be from 1 to 86400000 (a day), not 86400001",
            ),
            (
                "[engine]\nworker_threads = 0\n[[builtin]]\nname = \"a\"\n",
                "line 3, key builtin[0]: missing field `version`",
            ),
            (
                bad_pattern.as_str(),
                "line 4, key builtin[0].pattern: builtin \"a\": invalid pattern \"a*\"",
            ),
            (
                no_path.as_str(),
                "line 8, key builtin[1].path: builtin \"b\": type \"file\" needs a path",
            ),
            (
                unknown_type.as_str(),
                "line 12, key builtin[1].type: builtin \"b\": unknown type \"vault\"",
            ),
            (
                twice.as_str(),
                "line 9, key builtin[1].name: builtin \"a\" is configured twice",
            ),
        ] {
            let err = EngineConfig::parse(text, Path::new("."))
                .expect_err(text)
                .to_string();
            assert!(
                err.starts_with(expected),
                "{text:?}:\n{err}\nexpected: {expected}"
            );
        }
    }
}
