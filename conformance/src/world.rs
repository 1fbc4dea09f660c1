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
use secrets_core::Pattern;
use secrets_engine::Engine;
use secrets_engine::config::EngineConfig;
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_plugin::{PluginConfig, StaticSecrets, serve};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The plugins of the full world.
pub const PLUGINS: &[&str] = &["builtin-mem", "ext-plugin", "memplugin"];

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
fn attach_ext_plugin(socket: &Path) -> Result<JoinHandle<()>, String> {
    let ext_config = PluginConfig::new(
        "v0.1.0",
        Pattern::parse("ext/**").map_err(|e| e.to_string())?,
    )
    .with_name("ext-plugin")
    .with_socket(socket);
    let ext = world_plugin(&[("ext/one", "ext-one-value"), ("ext/two", "ext-two-value")]);
    Ok(tokio::spawn(async move {
        if let Err(error) = serve(ext, ext_config).await {
            eprintln!("ext-plugin: {error}");
        }
    }))
}

/// A plugin directory holding `memplugin` (a link to `memplugin_binary`).
fn plugin_dir(memplugin_binary: &Path) -> Result<tempfile::TempDir, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("plugin directory: {e}"))?;
    std::os::unix::fs::symlink(memplugin_binary, dir.path().join("memplugin"))
        .map_err(|e| format!("plugin directory: {e}"))?;
    Ok(dir)
}

/// A running world.
#[derive(Debug)]
pub struct World {
    stop: oneshot::Sender<()>,
    engine: JoinHandle<()>,
    ext_plugin: JoinHandle<()>,
    _plugin_dir: tempfile::TempDir,
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
pub async fn start(socket: &Path, memplugin_binary: &Path) -> Result<World, String> {
    let mut config = EngineConfig::load(&config_path()).map_err(|e| e.to_string())?;
    let plugin_dir = plugin_dir(memplugin_binary)?;
    config.plugin_dir = plugin_dir.path().to_owned();
    let engine = Engine::start(socket, config)
        .await
        .map_err(|e| e.to_string())?;
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
            });
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let _ = stop.send(());
    Err("the world's plugins did not all register within 10 s".to_owned())
}

/// The world's `builtin-mem` secrets (`world/builtin-mem.toml`) as the JSON
/// the reference engine's `-builtin-json` reads: every envelope field, in
/// ascending ID order, a missing `expiresAt` as the zero time.
pub fn builtin_mem_json() -> Result<String, String> {
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
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file: File = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
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
    serde_json::to_string(&entries).map_err(|e| e.to_string())
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
) -> Result<ReferenceWorld, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("temporary directory: {e}"))?;
    let secrets = dir.path().join("builtin-mem.json");
    std::fs::write(&secrets, builtin_mem_json()?).map_err(|e| e.to_string())?;
    let plugin_dir = plugin_dir(memplugin_binary)?;
    let log = std::fs::File::create(dir.path().join("engine.log")).map_err(|e| e.to_string())?;
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
        .map_err(|e| format!("{}: {e}", go_engine.display()))?;
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
        if let Some(names) = listed_plugins(socket).await
            && PLUGINS.iter().all(|p| names.iter().any(|n| n == p))
        {
            return Ok(world);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let log = world.log();
    world.stop().await;
    Err(format!(
        "the reference engine's plugins did not all register within 10 s; its log:\n{log}"
    ))
}

/// The plugin names the engine on `socket` lists (`resolver.v1` ListPlugins).
async fn listed_plugins(socket: &Path) -> Option<Vec<String>> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::UnixStream::connect(socket).await.ok()?;
    stream
        .write_all(
            b"POST /resolver.v1.ListService/ListPlugins HTTP/1.1\r\nHost: localhost\r\n\
              Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
        )
        .await
        .ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.ok()?;
    let text = String::from_utf8_lossy(&answer);
    let (_, body) = text.split_once("\r\n\r\n")?;
    let list: serde_json::Value = serde_json::from_str(body).ok()?;
    Some(
        list["plugins"]
            .as_array()?
            .iter()
            .filter_map(|p| p["name"].as_str().map(str::to_owned))
            .collect(),
    )
}
