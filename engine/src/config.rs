//! The engine's configuration file (TOML).
//!
//! ```toml
//! [engine]
//! name = "secrets-engine"        # reported to plugins
//! plugin_timeout_ms = 5000       # how long one plugin call may take
//! max_request_bytes = 1048576    # larger requests get resource_exhausted
//! max_plugin_answer_bytes = 4194304 # a larger answer from a plugin fails that plugin's part of the request
//! header_read_timeout_ms = 2000  # a client must send its headers within this of their first byte
//! body_read_timeout_ms = 10000   # a request's body may keep the engine waiting this long in all
//! idle_timeout_ms = 120000       # a connection may go this long without a request (HTTP/1.1 keep-alive
//!                                # between requests; HTTP/2 without open streams)
//! keep_alive_ping_ms = 30000     # an HTTP/2 connection is pinged this often and closed if a ping goes
//!                                # unanswered for 20 s (0: no pings)
//! max_connections = 1024         # more open connections are closed as soon as they are accepted
//! idle_exit_ms = 60000           # started by systemd socket activation: exit after this long with no
//!                                # open connection; the next client starts it again (0: never exit;
//!                                # ignored when the engine creates its own socket)
//! allowed_uids = [0]             # users allowed besides the engine's own (default: none)
//! policy_file = "policy.toml"    # which callers may read which secrets (relative to this file; see `policy`)
//! audit_log = "audit.jsonl"      # one JSON line per GetSecrets (relative to this file; default: off)
//! audit_log_max_bytes = 10485760 # the audit log is rotated past this size
//! audit_log_keep = 3             # rotated audit logs kept (audit.jsonl.1 … .3)
//! shutdown_timeout_ms = 2000     # in-flight requests get this long on SIGTERM
//! worker_threads = 1             # threads serving connections (default: half the cores, 1 to 4)
//! busy_poll_us = 100             # a thread polls this long after a request before sleeping (0: off, at most 1 s)
//! external_plugins = true        # accept plugins attaching through /hijack
//! engine_socket = true           # listen on the engine socket (~/.cache/docker-secrets-engine/engine.sock)
//! daemon_socket = true           # and on the daemon socket Docker's current modules dial (Linux:
//!                                # @docker-secrets-engine/<uid>/daemon.sock); both are ignored when
//!                                # --socket or $DOCKER_SECRETS_ENGINE_SOCKET names the one socket
//! plugin_dir = "plugins"         # launch the executables here (relative to this file)
//! launched_plugins = true        # launch them at all
//! plugin_env = ["VAULT_ADDR"]    # environment variables launched plugins get besides PATH, HOME, USER,
//!                                # LOGNAME, TMPDIR, LANG, LC_ALL, XDG_*_HOME, XDG_RUNTIME_DIR and
//!                                # DBUS_SESSION_BUS_ADDRESS (no others reach them)
//! registration_timeout_ms = 5000 # how long a plugin has to register
//! disabled_plugins_file = "disabled-plugins.json" # where disabled plugins are remembered (relative to this file;
//!                                # without it, enable/disable last until the engine stops; without a
//!                                # config file: $XDG_STATE_HOME/docker-secrets-engine/disabled-plugins.json)
//!
//! [[builtin]]                    # zero or more builtin plugins
//! name = "builtin-mem"
//! version = "v1.2.3"
//! pattern = "**"
//! type = "file"                  # secrets from a plain TOML/JSON file (fixtures, development)
//! path = "secrets.toml"          # relative to this file
//! reload_interval_ms = 500       # how often the file is checked for changes
//!
//! [[builtin]]
//! name = "docker-pass"
//! version = "v0.1.0"
//! pattern = "**"
//! type = "docker-pass"           # the store `docker-pass set` writes
//! store = "auto"                 # keychain, file or auto (default: $DOCKER_PASS_STORE, else auto)
//! file_store = "store"           # the encrypted file store's directory (default: $DOCKER_PASS_FILE_STORE, ...)
//! identity_file = "identity.txt" # its age identity (default: $DOCKER_PASS_IDENTITY_FILE, ...)
//! passphrase_file = "pass.txt"   # or a passphrase file instead of the identity
//!
//! [[builtin]]
//! name = "docker-credential-helper"
//! version = "v0.1.0"
//! pattern = "**"
//! type = "docker-credential-helper" # registry credentials from docker-credential-* helpers
//! path = "config.json"           # the Docker CLI config naming them (default: $DOCKER_CONFIG/config.json, else ~/.docker/config.json)
//! ```
//!
//! Without a configuration file the engine runs the builtins `docker-pass`
//! and `docker-credential-helper` (when the Docker CLI's configuration names
//! a helper), see [`EngineConfig::default_config`].

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrets_core::{Pattern, is_valid_version};
use secrets_store::{BackendKind, FileKeySource, StoreChoice};
use serde::Deserialize;

/// Default for how long one plugin call may take before the plugin counts as
/// failed for that request: 5 s, the Go engine's registration timeout.
pub const DEFAULT_PLUGIN_TIMEOUT: Duration = Duration::from_secs(5);
/// Default for how long a client may take to send its request headers: 2 s,
/// as the Go engine's `ReadHeaderTimeout`.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(2);
/// Default for how long an HTTP/1.1 keep-alive connection may wait for its
/// next request: 120 s. The Go engine has no limit; Go clients close idle
/// connections after 90 s, so they always close first.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(120);
/// How long a socket-activated engine waits with no open connection before it
/// exits: long enough that a burst of CLI calls is served by one process,
/// short enough that an unused engine is gone within a minute.
pub const DEFAULT_IDLE_EXIT: Duration = Duration::from_secs(60);
/// Default for the largest answer a plugin may give to one call: 4 MiB, far
/// above any real set of secrets, small enough that a broken or hostile
/// plugin cannot make the engine hold much.
pub const DEFAULT_MAX_PLUGIN_ANSWER_BYTES: usize = 4 << 20;
/// Default for how long a request's body may keep the engine waiting: 10 s.
/// Clients send a unary request's body with its headers; only a stalled
/// (or hostile) client waits.
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Default for how often an HTTP/2 connection is pinged: 30 s.
pub const DEFAULT_KEEP_ALIVE_PING: Duration = Duration::from_secs(30);
/// Default for the most connections open at once: far more than the Docker
/// CLI, compose and containers open, far fewer than the file descriptors
/// the engine may hold (it raises its soft limit to the hard one at start).
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
/// Default size past which the audit log is rotated: 10 MiB.
pub const DEFAULT_AUDIT_LOG_MAX_BYTES: u64 = 10 << 20;
/// Default number of rotated audit logs kept.
pub const DEFAULT_AUDIT_LOG_KEEP: usize = 3;

/// Where the audit log goes and how it is rotated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLogConfig {
    /// The file records are appended to.
    pub path: PathBuf,
    /// The size past which it is rotated.
    pub max_bytes: u64,
    /// How many rotated files are kept.
    pub keep: usize,
}

/// Default for how long in-flight requests may run after SIGINT/SIGTERM.
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(2);
/// The Go engine's plugin directory (the same on every OS).
pub const DEFAULT_PLUGIN_DIR: &str = "/opt/docker/secrets-engine/plugins";
/// How long a plugin has to register after connecting: 5 s, as in Go.
pub const DEFAULT_REGISTRATION_TIMEOUT: Duration = Duration::from_secs(5);
/// Threads serving connections by default: half the machine's cores, from
/// one to four. The other half is left to the programs asking: on a 2-core
/// machine a second engine thread raised requests/s under a multi-threaded
/// client but, competing with the clients for the cores, tripled p99 at 16
/// connections (BENCHMARKS.md); on a bigger machine it lets many clients use
/// more cores. Extra threads start only when connections overlap
/// (engine/src/connection_threads.rs).
pub fn default_worker_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).clamp(1, 4))
}
/// Default for how long a thread keeps polling its sockets after serving a
/// request before it sleeps. On a VM whose idle vCPUs halt, one
/// connection's next request comes within it and finds the thread awake
/// (2.1x the requests/s at one connection); an idle engine never polls
/// (the `busy-poll` crate, BENCHMARKS.md).
pub const DEFAULT_BUSY_POLL: Duration = busy_poll::DEFAULT_WINDOW;
/// The engine name reported to plugins by default.
pub const DEFAULT_ENGINE_NAME: &str = "secrets-engine";
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
}

/// The engine's settings, resolved (defaults applied, paths absolute).
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// The engine's name, reported to plugins.
    pub name: String,
    /// The engine's version, reported to plugins.
    pub version: String,
    /// How long one plugin call may take.
    pub plugin_timeout: Duration,
    /// The largest request message accepted.
    pub max_request_bytes: usize,
    /// The largest answer a plugin may give to one call.
    pub max_plugin_answer_bytes: usize,
    /// How long a client may take to send its request headers.
    pub header_read_timeout: Duration,
    /// How long a request's body may keep the engine waiting.
    pub body_read_timeout: Duration,
    /// How long a connection may go without a request.
    pub idle_timeout: Duration,
    /// How often HTTP/2 connections are pinged (`None`: never).
    pub keep_alive_ping: Option<Duration>,
    /// The most connections open at once.
    pub max_connections: usize,
    /// When socket-activated, how long without an open connection before
    /// the engine exits (`None`: never).
    pub idle_exit: Option<Duration>,
    /// Users allowed besides the engine's own.
    pub allowed_uids: Vec<u32>,
    /// The policy file, if any.
    pub policy_file: Option<PathBuf>,
    /// The audit log, if enabled.
    pub audit_log: Option<AuditLogConfig>,
    /// How long in-flight requests may run after a shutdown signal.
    pub shutdown_timeout: Duration,
    /// Threads serving connections, the engine's own included (see
    /// `connection_threads`).
    pub worker_threads: usize,
    /// How long a serving thread polls after a request before it sleeps
    /// (zero: it sleeps at once).
    pub busy_poll: Duration,
    /// Whether plugins may attach through `/hijack`.
    pub external_plugins: bool,
    /// Whether to listen on the engine socket (`engine.sock`) when no
    /// socket is given on the command line.
    pub engine_socket: bool,
    /// Whether to listen on the daemon socket Docker's current modules dial
    /// when no socket is given on the command line.
    pub daemon_socket: bool,
    /// The directory whose executables are launched as plugins.
    pub plugin_dir: PathBuf,
    /// Whether to launch them.
    pub launched_plugins: bool,
    /// Environment variables launched plugins inherit besides the usual ones.
    pub plugin_env: Vec<String>,
    /// How long a plugin has to register after connecting.
    pub registration_timeout: Duration,
    /// The builtin plugins.
    pub builtins: Vec<BuiltinPlugin>,
    /// Where plugins disabled through `PluginManagementService` are
    /// remembered across restarts; `None`: until the engine stops.
    pub disabled_plugins_file: Option<PathBuf>,
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
    #[serde(default)]
    engine: EngineSection,
    #[serde(default)]
    builtin: Vec<BuiltinSection>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct EngineSection {
    name: Option<String>,
    plugin_timeout_ms: Option<u64>,
    max_request_bytes: Option<usize>,
    max_plugin_answer_bytes: Option<usize>,
    header_read_timeout_ms: Option<u64>,
    body_read_timeout_ms: Option<u64>,
    idle_timeout_ms: Option<u64>,
    keep_alive_ping_ms: Option<u64>,
    max_connections: Option<usize>,
    idle_exit_ms: Option<u64>,
    allowed_uids: Option<Vec<u32>>,
    policy_file: Option<PathBuf>,
    audit_log: Option<PathBuf>,
    audit_log_max_bytes: Option<u64>,
    audit_log_keep: Option<usize>,
    shutdown_timeout_ms: Option<u64>,
    worker_threads: Option<usize>,
    busy_poll_us: Option<u64>,
    external_plugins: Option<bool>,
    engine_socket: Option<bool>,
    daemon_socket: Option<bool>,
    registration_timeout_ms: Option<u64>,
    plugin_dir: Option<PathBuf>,
    launched_plugins: Option<bool>,
    plugin_env: Option<Vec<String>>,
    disabled_plugins_file: Option<PathBuf>,
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

/// The longest header-read or idle timeout: a day. Deadlines are computed
/// from it, and a timeout of zero would close every connection at once.
const MAX_CONNECTION_TIMEOUT_MS: u64 = 24 * 60 * 60 * 1000;

/// A connection timeout from the file: from 1 ms to a day.
fn connection_timeout(
    key: &'static str,
    millis: Option<u64>,
    default: Duration,
) -> Result<Duration, Invalid> {
    match millis {
        None => Ok(default),
        Some(ms @ 1..=MAX_CONNECTION_TIMEOUT_MS) => Ok(Duration::from_millis(ms)),
        Some(ms) => Err(Invalid::engine(key).because(format!(
            "must be from 1 to {MAX_CONNECTION_TIMEOUT_MS} (a day), not {ms}"
        ))),
    }
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
    fn engine(name: &'static str) -> Self {
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

/// The 1-based line of a byte offset in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
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
) -> String {
    let Some(span) = error.span() else {
        return error.message().to_owned();
    };
    let line = line_of(text, span.start);
    let key = key_at(document, span.start)
        .map(|key| render_key(&key))
        .or_else(|| key_on_line(text, line));
    match key {
        Some(key) => format!("line {line}, key {key}: {}", error.message()),
        None => format!("line {line}: {}", error.message()),
    }
}

/// The engine's own version, as plugins see it (`v`-prefixed).
pub fn engine_version() -> String {
    format!("v{}", env!("CARGO_PKG_VERSION"))
}

impl EngineConfig {
    /// The settings that differ between `running` and this configuration
    /// and that a reload does not apply (they shape the server, the
    /// builtins or the plugin sessions, which are set up once).
    pub fn needs_restart_to_apply(&self, running: &EngineConfig) -> Vec<&'static str> {
        let mut changed = Vec::new();
        let mut compare = |name: &'static str, same: bool| {
            if !same {
                changed.push(name);
            }
        };
        compare("name", self.name == running.name);
        compare(
            "plugin_timeout_ms",
            self.plugin_timeout == running.plugin_timeout,
        );
        compare(
            "max_request_bytes",
            self.max_request_bytes == running.max_request_bytes,
        );
        compare(
            "max_plugin_answer_bytes",
            self.max_plugin_answer_bytes == running.max_plugin_answer_bytes,
        );
        compare(
            "header_read_timeout_ms",
            self.header_read_timeout == running.header_read_timeout,
        );
        compare(
            "body_read_timeout_ms",
            self.body_read_timeout == running.body_read_timeout,
        );
        compare("idle_timeout_ms", self.idle_timeout == running.idle_timeout);
        compare(
            "keep_alive_ping_ms",
            self.keep_alive_ping == running.keep_alive_ping,
        );
        compare(
            "max_connections",
            self.max_connections == running.max_connections,
        );
        compare("idle_exit_ms", self.idle_exit == running.idle_exit);
        compare(
            "shutdown_timeout_ms",
            self.shutdown_timeout == running.shutdown_timeout,
        );
        compare(
            "worker_threads",
            self.worker_threads == running.worker_threads,
        );
        compare("busy_poll_us", self.busy_poll == running.busy_poll);
        compare(
            "external_plugins",
            self.external_plugins == running.external_plugins,
        );
        compare("engine_socket", self.engine_socket == running.engine_socket);
        compare("daemon_socket", self.daemon_socket == running.daemon_socket);
        compare("plugin_env", self.plugin_env == running.plugin_env);
        compare(
            "registration_timeout_ms",
            self.registration_timeout == running.registration_timeout,
        );
        compare("audit_log", self.audit_log == running.audit_log);
        compare(
            "disabled_plugins_file",
            self.disabled_plugins_file == running.disabled_plugins_file,
        );
        // Builtins have no equality of their own (stores hold handles);
        // their settings as printed tell a change apart.
        compare(
            "builtin",
            format!("{:?}", self.builtins) == format!("{:?}", running.builtins),
        );
        changed
    }

    /// The configuration without a file, as the Go engine's: the builtin
    /// `docker-pass`, serving `**` from the store `docker-pass` writes (chosen
    /// by the `DOCKER_PASS_*` environment variables, see `secrets_store`),
    /// and `docker-credential-helper`, serving registry credentials from the
    /// helpers the Docker CLI's configuration names (left out at start when
    /// it names none).
    pub fn default_config() -> Result<Self, String> {
        let store = StoreChoice::from_env().map_err(|e| e.to_string())?;
        Ok(EngineConfig {
            name: DEFAULT_ENGINE_NAME.to_owned(),
            version: engine_version(),
            plugin_timeout: DEFAULT_PLUGIN_TIMEOUT,
            max_request_bytes: connect_runtime::server::DEFAULT_MAX_REQUEST_BYTES,
            max_plugin_answer_bytes: DEFAULT_MAX_PLUGIN_ANSWER_BYTES,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            keep_alive_ping: Some(DEFAULT_KEEP_ALIVE_PING),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            idle_exit: Some(DEFAULT_IDLE_EXIT),
            allowed_uids: Vec::new(),
            policy_file: None,
            audit_log: None,
            shutdown_timeout: DEFAULT_SHUTDOWN_TIMEOUT,
            worker_threads: default_worker_threads(),
            busy_poll: DEFAULT_BUSY_POLL,
            external_plugins: true,
            engine_socket: true,
            daemon_socket: true,
            plugin_dir: PathBuf::from(DEFAULT_PLUGIN_DIR),
            launched_plugins: true,
            plugin_env: Vec::new(),
            registration_timeout: DEFAULT_REGISTRATION_TIMEOUT,
            builtins: std::iter::once(BuiltinPlugin {
                name: DOCKER_PASS_PLUGIN.to_owned(),
                version: engine_version(),
                pattern: Pattern::parse("**").unwrap_or_else(|_| unreachable!("valid pattern")),
                kind: BuiltinKind::DockerPass { store },
            })
            .chain(
                secrets_store::credential_helper::docker_config_path().map(|config| {
                    BuiltinPlugin {
                        name: CREDENTIAL_HELPER_PLUGIN.to_owned(),
                        version: engine_version(),
                        pattern: Pattern::parse("**")
                            .unwrap_or_else(|_| unreachable!("valid pattern")),
                        kind: BuiltinKind::CredentialHelper { config },
                    }
                }),
            )
            .collect(),
            disabled_plugins_file: default_disabled_plugins_file(),
        })
    }

    /// Reads a configuration file; relative paths in it are relative to it.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text, path.parent().unwrap_or(Path::new("."))).map_err(|reason| {
            ConfigError::Invalid {
                path: path.to_owned(),
                reason,
            }
        })
    }

    /// Parses configuration text; `base` resolves relative paths. An error
    /// names the line and the key (`line 3, key engine.plugin_timeout_ms:
    /// invalid type: …`), for a syntax error, a value of the wrong type and
    /// a value this function refuses alike.
    pub fn parse(text: &str, base: &Path) -> Result<Self, String> {
        // The document is parsed once into a tree that keeps every key's and
        // value's place in the text, so an error at any stage can be traced
        // back to a line and a key. The recovering parser still yields the
        // keys around a syntax error.
        let (document, errors) = toml::de::DeTable::parse_recoverable(text);
        if let Some(error) = errors.first() {
            return Err(describe_toml_error(text, document.get_ref(), error));
        }
        let file = FileConfig::deserialize(toml::de::Deserializer::from(document.clone()))
            .map_err(|error| describe_toml_error(text, document.get_ref(), &error))?;
        Self::from_file(file, base).map_err(|invalid| {
            let line = locate_key(document.get_ref(), &invalid.key)
                .map(|offset| format!("line {}, ", line_of(text, offset)))
                .unwrap_or_default();
            format!("{line}key {}: {}", render_key(&invalid.key), invalid.reason)
        })
    }

    /// The settings a well-typed file gives, checked.
    fn from_file(file: FileConfig, base: &Path) -> Result<Self, Invalid> {
        let millis = |v: Option<u64>, default: Duration| v.map_or(default, Duration::from_millis);
        let mut builtins = Vec::new();
        for (index, section) in file.builtin.into_iter().enumerate() {
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
                        key("path")
                            .because(format!("builtin {:?}: type \"file\" needs a path", section.name))
                    })?;
                    BuiltinKind::File {
                        path: base.join(path),
                        reload_interval: millis(
                            section.reload_interval_ms,
                            DEFAULT_RELOAD_INTERVAL,
                        ),
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
                        None => secrets_store::credential_helper::docker_config_path()
                            .ok_or_else(|| {
                                key("path").because(format!(
                                    "builtin {:?}: no path, and neither DOCKER_CONFIG nor HOME is set",
                                    section.name
                                ))
                            })?,
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
        let engine = |name: &'static str| Invalid::engine(name);
        Ok(EngineConfig {
            name: file
                .engine
                .name
                .unwrap_or_else(|| DEFAULT_ENGINE_NAME.to_owned()),
            version: engine_version(),
            plugin_timeout: millis(file.engine.plugin_timeout_ms, DEFAULT_PLUGIN_TIMEOUT),
            max_request_bytes: file
                .engine
                .max_request_bytes
                .unwrap_or(connect_runtime::server::DEFAULT_MAX_REQUEST_BYTES),
            max_plugin_answer_bytes: match file.engine.max_plugin_answer_bytes {
                Some(0) => {
                    return Err(engine("max_plugin_answer_bytes").because("must be at least 1"));
                }
                Some(n) => n,
                None => DEFAULT_MAX_PLUGIN_ANSWER_BYTES,
            },
            header_read_timeout: connection_timeout(
                "header_read_timeout_ms",
                file.engine.header_read_timeout_ms,
                DEFAULT_HEADER_READ_TIMEOUT,
            )?,
            body_read_timeout: connection_timeout(
                "body_read_timeout_ms",
                file.engine.body_read_timeout_ms,
                DEFAULT_BODY_READ_TIMEOUT,
            )?,
            idle_timeout: connection_timeout(
                "idle_timeout_ms",
                file.engine.idle_timeout_ms,
                DEFAULT_IDLE_TIMEOUT,
            )?,
            keep_alive_ping: match file.engine.keep_alive_ping_ms {
                Some(0) => None,
                Some(_) => Some(connection_timeout(
                    "keep_alive_ping_ms",
                    file.engine.keep_alive_ping_ms,
                    DEFAULT_KEEP_ALIVE_PING,
                )?),
                None => Some(DEFAULT_KEEP_ALIVE_PING),
            },
            max_connections: match file.engine.max_connections {
                Some(0) => return Err(engine("max_connections").because("must be at least 1")),
                Some(n) => n,
                None => DEFAULT_MAX_CONNECTIONS,
            },
            idle_exit: match file.engine.idle_exit_ms {
                Some(0) => None,
                millis => Some(connection_timeout(
                    "idle_exit_ms",
                    millis,
                    DEFAULT_IDLE_EXIT,
                )?),
            },
            allowed_uids: file.engine.allowed_uids.unwrap_or_default(),
            policy_file: file.engine.policy_file.map(|path| base.join(path)),
            audit_log: match file.engine.audit_log {
                None => None,
                Some(path) => Some(AuditLogConfig {
                    path: base.join(path),
                    max_bytes: match file.engine.audit_log_max_bytes {
                        Some(bytes) if bytes < 4096 => {
                            return Err(engine("audit_log_max_bytes")
                                .because(format!("must be at least 4096, not {bytes}")));
                        }
                        Some(bytes) => bytes,
                        None => DEFAULT_AUDIT_LOG_MAX_BYTES,
                    },
                    keep: file.engine.audit_log_keep.unwrap_or(DEFAULT_AUDIT_LOG_KEEP),
                }),
            },
            shutdown_timeout: millis(file.engine.shutdown_timeout_ms, DEFAULT_SHUTDOWN_TIMEOUT),
            worker_threads: match file.engine.worker_threads {
                Some(0) => return Err(engine("worker_threads").because("must be at least 1")),
                Some(n) => n,
                None => default_worker_threads(),
            },
            busy_poll: match file.engine.busy_poll_us {
                Some(us) if Duration::from_micros(us) > busy_poll::MAX_WINDOW => {
                    return Err(engine("busy_poll_us").because(format!(
                        "must be at most {}, not {us}",
                        busy_poll::MAX_WINDOW.as_micros()
                    )));
                }
                Some(us) => Duration::from_micros(us),
                None => DEFAULT_BUSY_POLL,
            },
            external_plugins: file.engine.external_plugins.unwrap_or(true),
            engine_socket: file.engine.engine_socket.unwrap_or(true),
            daemon_socket: file.engine.daemon_socket.unwrap_or(true),
            plugin_dir: file
                .engine
                .plugin_dir
                .map_or_else(|| PathBuf::from(DEFAULT_PLUGIN_DIR), |dir| base.join(dir)),
            launched_plugins: file.engine.launched_plugins.unwrap_or(true),
            plugin_env: file.engine.plugin_env.unwrap_or_default(),
            registration_timeout: millis(
                file.engine.registration_timeout_ms,
                DEFAULT_REGISTRATION_TIMEOUT,
            ),
            builtins,
            disabled_plugins_file: file.engine.disabled_plugins_file.map(|f| base.join(f)),
        })
    }
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
        assert_eq!(config.name, "upstream-engine");
        assert_eq!(config.plugin_timeout, Duration::from_millis(250));
        assert_eq!(config.header_read_timeout, DEFAULT_HEADER_READ_TIMEOUT);
        let BuiltinKind::File { path, .. } = &config.builtins[0].kind else {
            panic!("a file builtin: {:?}", config.builtins[0]);
        };
        assert_eq!(path, Path::new("/etc/se/world.toml"));
        assert_eq!(config.busy_poll, DEFAULT_BUSY_POLL);
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
        assert_eq!(off.busy_poll, Duration::ZERO);
        assert_eq!(config.idle_exit, Some(DEFAULT_IDLE_EXIT));
        let stays =
            EngineConfig::parse("[engine]\nidle_exit_ms = 0\n", Path::new(".")).expect("valid");
        assert_eq!(stays.idle_exit, None);
        let quick =
            EngineConfig::parse("[engine]\nidle_exit_ms = 250\n", Path::new(".")).expect("valid");
        assert_eq!(quick.idle_exit, Some(Duration::from_millis(250)));
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
        ] {
            let err = EngineConfig::parse(text, Path::new(".")).expect_err(text);
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
            let err = EngineConfig::parse(text, Path::new(".")).expect_err(text);
            assert!(
                err.starts_with(expected),
                "{text:?}:\n{err}\nexpected: {expected}"
            );
        }
    }
}
