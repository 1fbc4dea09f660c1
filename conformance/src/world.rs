//! This project's engine in the fixture world (`fixtures/WORLD.md`):
//! `builtin-mem` (a builtin file plugin), `memplugin` (launched from a plugin
//! directory, the `memplugin` binary of this crate) and `ext-plugin`
//! (attached through `/hijack`, built on the plugin SDK).
//!
//! [`start_reference`] stands the Go engine (any binary with the flags of
//! `interop/go-sdk-v0.0.21/cmd/engine`) in the same world, with the same two
//! plugins, for differential testing.

use std::path::{Path, PathBuf};
use std::time::Duration;

use protojson_wkt::Timestamp;
use secrets_core::{InvalidPattern, Pattern};
use secrets_engine::config::{ConfigError, EngineConfig};
use secrets_engine::{Engine, EngineError};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_plugin::{PluginConfig, StaticSecrets, serve};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The plugins of the full world.
pub const PLUGINS: &[&str] = &["builtin-mem", "ext-plugin", "memplugin"];

/// `memplugin`'s version.
pub const MEMPLUGIN_VERSION: &str = "v0.1.0";
/// `memplugin`'s pattern.
pub const MEMPLUGIN_PATTERN: &str = "launched/**";
/// `memplugin`'s secrets, `(id, value)`.
pub const MEMPLUGIN_SECRETS: &[(&str, &str)] = &[
    ("launched/foo", "launched-foo-value"),
    ("launched/bar", "launched-bar-value"),
];
/// `ext-plugin`'s version.
pub const EXT_PLUGIN_VERSION: &str = "v0.1.0";
/// `ext-plugin`'s pattern.
pub const EXT_PLUGIN_PATTERN: &str = "ext/**";
/// `ext-plugin`'s secrets, `(id, value)`.
pub const EXT_PLUGIN_SECRETS: &[(&str, &str)] =
    &[("ext/one", "ext-one-value"), ("ext/two", "ext-two-value")];

/// Why the world (this engine's or the reference engine's) could not be
/// described or started.
#[derive(Debug, thiserror::Error)]
pub enum WorldError {
    /// A plugin's pattern does not parse.
    #[error(transparent)]
    Pattern(#[from] InvalidPattern),
    /// The world's engine configuration is unusable.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The engine did not start (boxed: it is large, and rare).
    #[error(transparent)]
    Engine(#[from] Box<EngineError>),
    /// A temporary directory could not be made.
    #[error("temporary directory: {0}")]
    TempDir(#[source] std::io::Error),
    /// The plugin directory could not be made.
    #[error("plugin directory: {0}")]
    PluginDir(#[source] std::io::Error),
    /// A file of the world could not be read, copied or written.
    #[error("{}: {source}", .path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A TOML file of the world does not parse.
    #[error("{}: {source}", .path.display())]
    Toml {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: toml::de::Error,
    },
    /// A builtin of the world's configuration is not a file plugin.
    #[error("{}: builtin {name:?} is not a file plugin", .config.display())]
    NotFilePlugin {
        /// The configuration.
        config: PathBuf,
        /// The builtin.
        name: String,
    },
    /// The builtin secrets do not encode as JSON.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// `--memplugin` names no file.
    #[error("the fixture world's launched plugin was not found at {} (--memplugin)", .0.display())]
    MempluginNotAt(PathBuf),
    /// `memplugin` is neither beside this executable nor on `PATH`.
    #[error(
        "the fixture world's launched plugin, the `memplugin` binary of this crate, was not \
         found{} on PATH; build it with `cargo build -p secrets-engine-conformance` (which \
         builds it next to this binary) or pass --memplugin PATH",
        .beside.as_ref().map_or_else(String::new, |path| format!(" at {} nor", path.display()))
    )]
    MempluginNotFound {
        /// Where it was looked for beside this executable.
        beside: Option<PathBuf>,
    },
    /// The reference engine could not be run.
    #[error("{}: {source}", .program.display())]
    Spawn {
        /// The reference engine binary.
        program: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// This engine's plugins did not all register.
    #[error("the world's plugins did not all register within 10 s")]
    NotRegistered,
    /// The reference engine's plugins did not all register.
    #[error("the reference engine's plugins did not all register within 10 s; its log:\n{log}")]
    ReferenceNotRegistered {
        /// What the reference engine logged.
        log: String,
    },
}

impl WorldError {
    fn file(path: &Path) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.to_owned();
        move |source| WorldError::File { path, source }
    }

    fn toml(path: &Path) -> impl FnOnce(toml::de::Error) -> Self {
        let path = path.to_owned();
        move |source| WorldError::Toml { path, source }
    }
}

/// Why an engine's plugins could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    /// Nothing answered on the socket.
    #[error("connect {}: {source}", .socket.display())]
    Connect {
        /// The socket.
        socket: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// No answer came in time.
    #[error("ListPlugins: no answer within 5 s")]
    TimedOut,
    /// The connection failed.
    #[error("ListPlugins: {0}")]
    Io(#[source] std::io::Error),
    /// The answer is not HTTP.
    #[error("ListPlugins: no HTTP answer")]
    NotHttp,
    /// The answer is not `200`.
    #[error("ListPlugins answered {0:?}")]
    Status(String),
    /// The answer's body is not JSON.
    #[error("ListPlugins: {0}")]
    Json(#[source] serde_json::Error),
}

/// The world's engine configuration (`conformance/world/engine.toml`).
pub fn config_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("world/engine.toml")
}

/// A plugin of the world: fixed secrets (`(id, value)`), answered in
/// ascending ID order with `createdAt` 2025-01-02T03:04:05Z, an empty version
/// and a zero `expiresAt`.
pub fn world_plugin(secrets: &[(&str, &str)]) -> StaticSecrets {
    let envelopes = secrets.iter().map(|(id, value)| Envelope {
        id: Some((*id).to_owned()),
        value: Some(value.as_bytes().to_vec()),
        version: Some(String::new()),
        created_at: Some(Timestamp {
            seconds: 1_735_787_045,
            nanos: 0,
        }),
        expires_at: Some(Timestamp::GO_ZERO),
        ..Default::default()
    });
    StaticSecrets::new(envelopes).expect("the world's IDs are valid")
}

/// Attaches the world's `ext-plugin` to the engine on `socket`.
fn attach_ext_plugin(socket: &Path) -> Result<JoinHandle<()>, WorldError> {
    let ext_config = PluginConfig::new(EXT_PLUGIN_VERSION, Pattern::parse(EXT_PLUGIN_PATTERN)?)
        .with_name("ext-plugin")
        .with_socket(socket);
    let ext = world_plugin(EXT_PLUGIN_SECRETS);
    Ok(tokio::spawn(async move {
        if let Err(error) = serve(ext, ext_config).await {
            eprintln!("ext-plugin: {error}");
        }
    }))
}

/// A plugin directory holding `memplugin` (a link to `memplugin_binary`).
fn plugin_dir(memplugin_binary: &Path) -> Result<tempfile::TempDir, WorldError> {
    let dir = tempfile::tempdir().map_err(WorldError::PluginDir)?;
    std::os::unix::fs::symlink(memplugin_binary, dir.path().join("memplugin"))
        .map_err(WorldError::PluginDir)?;
    Ok(dir)
}

/// The world's configuration loaded from a private copy: the checkout's
/// secrets file is readable by everyone (git keeps no stricter mode), which
/// the engine rightly warns about; the copy is readable by this user only.
fn private_config() -> Result<(tempfile::TempDir, EngineConfig), WorldError> {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().map_err(WorldError::TempDir)?;
    let world = Path::new(env!("CARGO_MANIFEST_DIR")).join("world");
    for name in ["engine.toml", "builtin-mem.toml"] {
        let copy = dir.path().join(name);
        std::fs::copy(world.join(name), &copy)
            .and_then(|_| std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o600)))
            .map_err(WorldError::file(&world.join(name)))?;
    }
    let config = EngineConfig::load(&dir.path().join("engine.toml"))?;
    Ok((dir, config))
}

/// Where `memplugin` is: `given`, else next to the running executable (cargo
/// builds and installs it beside `secrets-engine-conformance`), else on
/// `PATH`. The error says where it looked and how to build it.
pub fn find_memplugin(given: Option<&Path>) -> Result<PathBuf, WorldError> {
    if let Some(path) = given {
        return if path.is_file() {
            Ok(path.to_owned())
        } else {
            Err(WorldError::MempluginNotAt(path.to_owned()))
        };
    }
    let beside = std::env::current_exe()
        .ok()
        .map(|exe| exe.with_file_name("memplugin"));
    let on_path = std::env::var_os("PATH")
        .map(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join("memplugin"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    if let Some(found) = beside.iter().chain(&on_path).find(|path| path.is_file()) {
        return Ok(found.clone());
    }
    Err(WorldError::MempluginNotFound { beside })
}

/// How a plugin of the world is attached to the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attachment {
    /// Built into the engine (its configuration).
    Builtin,
    /// Launched by the engine from its plugin directory.
    Launched,
    /// Started on its own and attached through the socket (`/hijack`).
    External,
}

impl std::fmt::Display for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Attachment::Builtin => "built into the engine",
            Attachment::Launched => "launched from the plugin directory",
            Attachment::External => "attached through /hijack",
        })
    }
}

/// A plugin of the world as a client sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorldPlugin {
    /// Its name (the `provider` of its secrets).
    pub name: String,
    /// How it is attached.
    pub attachment: Attachment,
    /// Its version.
    pub version: String,
    /// The IDs it serves.
    pub pattern: String,
    /// The IDs of its secrets, ascending.
    pub ids: Vec<String>,
}

/// The world's plugins in name order, read from the files and constants that
/// start it (values, timestamps and metadata are in `fixtures/WORLD.md`).
pub fn plugins() -> Result<Vec<WorldPlugin>, WorldError> {
    use secrets_engine::config::BuiltinKind;
    let config = EngineConfig::load(&config_path())?;
    let mut plugins = Vec::new();
    for builtin in &config.builtins {
        let BuiltinKind::File { path, .. } = &builtin.kind else {
            return Err(WorldError::NotFilePlugin {
                config: config_path(),
                name: builtin.name.clone(),
            });
        };
        #[derive(serde::Deserialize)]
        struct File {
            secrets: std::collections::BTreeMap<String, toml::Value>,
        }
        let text = std::fs::read_to_string(path).map_err(WorldError::file(path))?;
        let file: File = toml::from_str(&text).map_err(WorldError::toml(path))?;
        plugins.push(WorldPlugin {
            name: builtin.name.clone(),
            attachment: Attachment::Builtin,
            version: builtin.version.clone(),
            pattern: builtin.pattern.to_string(),
            ids: file.secrets.into_keys().collect(),
        });
    }
    let ids = |secrets: &[(&str, &str)]| {
        let mut ids: Vec<String> = secrets.iter().map(|(id, _)| (*id).to_owned()).collect();
        ids.sort();
        ids
    };
    plugins.push(WorldPlugin {
        name: "memplugin".to_owned(),
        attachment: Attachment::Launched,
        version: MEMPLUGIN_VERSION.to_owned(),
        pattern: MEMPLUGIN_PATTERN.to_owned(),
        ids: ids(MEMPLUGIN_SECRETS),
    });
    plugins.push(WorldPlugin {
        name: "ext-plugin".to_owned(),
        attachment: Attachment::External,
        version: EXT_PLUGIN_VERSION.to_owned(),
        pattern: EXT_PLUGIN_PATTERN.to_owned(),
        ids: ids(EXT_PLUGIN_SECRETS),
    });
    plugins.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(plugins)
}

/// A plugin as an engine's `resolver.v1` ListPlugins lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedPlugin {
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// Its pattern.
    pub pattern: String,
    /// Whether it is outside the engine (launched or attached), as opposed
    /// to built in.
    pub external: bool,
}

impl std::fmt::Display for ListedPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.external {
            "external"
        } else {
            "built in"
        };
        write!(
            f,
            "{} ({kind}, {}, pattern {})",
            self.name, self.version, self.pattern
        )
    }
}

/// How the plugins the engine lists differ from the world's, one sentence
/// each; empty when it lists exactly the world's plugins.
pub fn differences(world: &[WorldPlugin], listed: &[ListedPlugin]) -> Vec<String> {
    let mut out = Vec::new();
    for plugin in world {
        let Some(found) = listed.iter().find(|l| l.name == plugin.name) else {
            out.push(format!("{} is missing", plugin.name));
            continue;
        };
        let external = plugin.attachment != Attachment::Builtin;
        if found.version != plugin.version
            || found.pattern != plugin.pattern
            || found.external != external
        {
            out.push(format!(
                "{} is listed as {found}, not as {}",
                plugin.name,
                ListedPlugin {
                    name: plugin.name.clone(),
                    version: plugin.version.clone(),
                    pattern: plugin.pattern.clone(),
                    external,
                }
            ));
        }
    }
    for extra in listed
        .iter()
        .filter(|l| !world.iter().any(|p| p.name == l.name))
    {
        out.push(format!("{extra} is not in the world"));
    }
    out
}

/// A running world.
#[derive(Debug)]
pub struct World {
    stop: oneshot::Sender<()>,
    engine: JoinHandle<()>,
    ext_plugin: JoinHandle<()>,
    _plugin_dir: tempfile::TempDir,
    _config_dir: tempfile::TempDir,
}

impl World {
    /// Stops the engine (and with it the plugins) and waits for it.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.engine.await;
        self.ext_plugin.abort();
    }
}

/// Starts the world on `socket`: the engine with `builtin-mem`, `memplugin`
/// launched from a plugin directory holding `memplugin_binary`, and
/// `ext-plugin` attached through the socket. Returns once all three are
/// registered.
pub async fn start(socket: &Path, memplugin_binary: &Path) -> Result<World, WorldError> {
    let (config_dir, mut config) = private_config()?;
    let plugin_dir = plugin_dir(memplugin_binary)?;
    config.plugin_dir = plugin_dir.path().to_owned();
    // The world is the same for everyone: plugins disabled in this user's
    // own engine stay enabled here.
    config.disabled_plugins_file = None;
    let engine = Engine::start(socket, config).await.map_err(Box::new)?;
    let registry = engine.registry().clone();
    let (stop, stopped) = oneshot::channel::<()>();
    let engine = tokio::spawn(engine.serve(async {
        let _ = stopped.await;
    }));

    let ext_plugin = attach_ext_plugin(socket)?;

    for _ in 0..500 {
        let names: Vec<String> = registry.snapshot().iter().map(|p| p.name.clone()).collect();
        if PLUGINS.iter().all(|p| names.iter().any(|n| n == p)) {
            return Ok(World {
                stop,
                engine,
                ext_plugin,
                _plugin_dir: plugin_dir,
                _config_dir: config_dir,
            });
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let _ = stop.send(());
    Err(WorldError::NotRegistered)
}

/// The world's `builtin-mem` secrets (`world/builtin-mem.toml`) as the JSON
/// the reference engine's `-builtin-json` reads: every envelope field, in
/// ascending ID order, a missing `expiresAt` as the zero time.
pub fn builtin_mem_json() -> Result<String, WorldError> {
    #[derive(serde::Deserialize)]
    struct File {
        secrets: std::collections::BTreeMap<String, Secret>,
    }
    #[derive(serde::Deserialize)]
    struct Secret {
        value: String,
        #[serde(default)]
        version: String,
        created_at: Option<String>,
        expires_at: Option<String>,
        #[serde(default)]
        metadata: std::collections::BTreeMap<String, String>,
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("world/builtin-mem.toml");
    let text = std::fs::read_to_string(&path).map_err(WorldError::file(&path))?;
    let file: File = toml::from_str(&text).map_err(WorldError::toml(&path))?;
    const ZERO: &str = "0001-01-01T00:00:00Z";
    let entries: Vec<serde_json::Value> = file
        .secrets
        .into_iter()
        .map(|(id, s)| {
            serde_json::json!({
                "id": id,
                "value": s.value,
                "version": s.version,
                "createdAt": s.created_at.as_deref().unwrap_or(ZERO),
                "expiresAt": s.expires_at.as_deref().unwrap_or(ZERO),
                "metadata": s.metadata,
            })
        })
        .collect();
    Ok(serde_json::to_string(&entries)?)
}

/// The reference engine standing in the world: its process (killed when
/// dropped) and the attached `ext-plugin`.
#[derive(Debug)]
pub struct ReferenceWorld {
    engine: tokio::process::Child,
    ext_plugin: JoinHandle<()>,
    dir: tempfile::TempDir,
    _plugin_dir: tempfile::TempDir,
}

impl ReferenceWorld {
    /// What the reference engine logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("engine.log")).unwrap_or_default()
    }

    /// Stops the reference engine (SIGTERM, then SIGKILL after 5 s).
    pub async fn stop(mut self) {
        if let Some(pid) = self.engine.id().and_then(|p| i32::try_from(p).ok()) {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGTERM,
            );
        }
        if tokio::time::timeout(Duration::from_secs(5), self.engine.wait())
            .await
            .is_err()
        {
            let _ = self.engine.kill().await;
        }
        self.ext_plugin.abort();
    }
}

/// Starts the reference engine binary `go_engine` on `socket` in the world:
/// `builtin-mem` as its builtin plugin, `memplugin` launched from a plugin
/// directory, `ext-plugin` attached. Returns once its `ListPlugins` lists
/// all three.
pub async fn start_reference(
    socket: &Path,
    go_engine: &Path,
    memplugin_binary: &Path,
) -> Result<ReferenceWorld, WorldError> {
    let dir = tempfile::tempdir().map_err(WorldError::TempDir)?;
    let secrets = dir.path().join("builtin-mem.json");
    std::fs::write(&secrets, builtin_mem_json()?).map_err(WorldError::file(&secrets))?;
    let plugin_dir = plugin_dir(memplugin_binary)?;
    let log_path = dir.path().join("engine.log");
    let log = std::fs::File::create(&log_path).map_err(WorldError::file(&log_path))?;
    let engine = tokio::process::Command::new(go_engine)
        .arg("-socket")
        .arg(socket)
        .arg("-plugin-dir")
        .arg(plugin_dir.path())
        .args(["-name", "upstream-engine", "-version", "v0.0.0-ref"])
        .args(["-builtin-name", "builtin-mem", "-builtin-version", "v1.2.3"])
        .args(["-builtin-pattern", "**", "-builtin-json"])
        .arg(&secrets)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(log)
        .kill_on_drop(true)
        .spawn()
        .map_err(|source| WorldError::Spawn {
            program: go_engine.to_owned(),
            source,
        })?;
    let mut world = ReferenceWorld {
        engine,
        ext_plugin: tokio::spawn(async {}),
        dir,
        _plugin_dir: plugin_dir,
    };
    for _ in 0..200 {
        if socket.exists() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    world.ext_plugin = attach_ext_plugin(socket)?;
    for _ in 0..500 {
        if let Ok(listed) = listed(socket).await
            && PLUGINS.iter().all(|p| listed.iter().any(|l| l.name == *p))
        {
            return Ok(world);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let log = world.log();
    world.stop().await;
    Err(WorldError::ReferenceNotRegistered { log })
}

/// The plugins the engine on `socket` lists (`resolver.v1` ListPlugins,
/// Connect JSON over HTTP/1.1). The error says whether nothing answered on
/// the socket ([`ListError::Connect`]) or what the answer was.
pub async fn listed(socket: &Path) -> Result<Vec<ListedPlugin>, ListError> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::UnixStream::connect(socket)
        .await
        .map_err(|source| ListError::Connect {
            socket: socket.to_owned(),
            source,
        })?;
    let exchange = async {
        stream
            .write_all(
                b"POST /resolver.v1.ListService/ListPlugins HTTP/1.1\r\nHost: localhost\r\n\
                  Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
            )
            .await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.map(|_| answer)
    };
    let answer = tokio::time::timeout(Duration::from_secs(5), exchange)
        .await
        .map_err(|_| ListError::TimedOut)?
        .map_err(ListError::Io)?;
    let text = String::from_utf8_lossy(&answer);
    let (head, body) = text.split_once("\r\n\r\n").ok_or(ListError::NotHttp)?;
    let status = head.lines().next().unwrap_or_default();
    if status.split(' ').nth(1) != Some("200") {
        return Err(ListError::Status(status.to_owned()));
    }
    let list: serde_json::Value = serde_json::from_str(body).map_err(ListError::Json)?;
    let text = |plugin: &serde_json::Value, field: &str| {
        plugin[field].as_str().unwrap_or_default().to_owned()
    };
    Ok(list["plugins"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|plugin| ListedPlugin {
            name: text(plugin, "name"),
            version: text(plugin, "version"),
            pattern: text(plugin, "pattern"),
            external: plugin["external"].as_bool().unwrap_or(false),
        })
        .collect())
}
