//! This project's engine in the fixture world (`fixtures/WORLD.md`).

use std::path::{Path, PathBuf};

use secrets_engine::config::EngineConfig;
use secrets_engine::{Engine, EngineError};

/// The plugins of the world as this project runs it today.
pub const PLUGINS: &[&str] = &["builtin-mem"];

/// The world's engine configuration (`conformance/world/engine.toml`).
pub fn config_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("world/engine.toml")
}

/// Starts the engine on `socket` in the fixture world.
pub async fn start(socket: &Path) -> Result<Engine, String> {
    let config = EngineConfig::load(&config_path()).map_err(|e| e.to_string())?;
    Engine::start(socket, config)
        .await
        .map_err(|e: EngineError| e.to_string())
}
