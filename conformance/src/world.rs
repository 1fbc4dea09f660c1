//! This project's engine in the fixture world (`fixtures/WORLD.md`):
//! `builtin-mem` (a builtin file plugin), `memplugin` (launched from a plugin
//! directory, the `memplugin` binary of this crate) and `ext-plugin`
//! (attached through `/hijack`, built on the plugin SDK).

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
    let plugin_dir = tempfile::tempdir().map_err(|e| format!("plugin directory: {e}"))?;
    std::os::unix::fs::symlink(memplugin_binary, plugin_dir.path().join("memplugin"))
        .map_err(|e| format!("plugin directory: {e}"))?;
    config.plugin_dir = plugin_dir.path().to_owned();
    let engine = Engine::start(socket, config)
        .await
        .map_err(|e| e.to_string())?;
    let registry = engine.registry().clone();
    let (stop, stopped) = oneshot::channel::<()>();
    let engine = tokio::spawn(engine.serve(async {
        let _ = stopped.await;
    }));

    let ext_config = PluginConfig::new(
        "v0.1.0",
        Pattern::parse("ext/**").map_err(|e| e.to_string())?,
    )
    .with_name("ext-plugin")
    .with_socket(socket);
    let ext = world_plugin(&[("ext/one", "ext-one-value"), ("ext/two", "ext-two-value")]);
    let ext_plugin = tokio::spawn(async move {
        if let Err(error) = serve(ext, ext_config).await {
            eprintln!("ext-plugin: {error}");
        }
    });

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
