//! The benchmark's plugin: this same binary, launched by the engine from a
//! plugin directory (the launch variable is set) or started as `plugin` to
//! attach from outside. It serves one secret through the plugin SDK, so the
//! figures are those of a real plugin process on a real yamux session.

use std::path::PathBuf;

use secrets_core::Pattern;
use secrets_engine_plugin::{PluginConfig, StaticSecrets, serve};

/// The launched plugin's secret and pattern.
pub const LAUNCHED_ID: &str = "launched/foo";
const LAUNCHED_PATTERN: &str = "launched/**";

/// Runs the plugin until the engine goes away: launched if the engine set
/// the launch variable, else attached to `socket` as `name`.
pub fn run(id: &str, pattern: &str, name: Option<String>, socket: Option<PathBuf>) {
    let (Ok(secrets), Ok(pattern)) = (
        StaticSecrets::from_values([(id, "foo-value")]),
        Pattern::parse(pattern),
    ) else {
        eprintln!("benchplugin: invalid id or pattern");
        std::process::exit(2);
    };
    let mut config = PluginConfig::new("v0.1.0", pattern);
    if let Some(name) = name {
        config = config.with_name(name);
    }
    if let Some(socket) = socket {
        config = config.with_socket(socket);
    }
    let runtime = secrets_engine_plugin::runtime().expect("runtime");
    if let Err(error) = runtime.block_on(serve(secrets, config)) {
        eprintln!("benchplugin: {error}");
        std::process::exit(1);
    }
}

/// Runs as the launched plugin (`launched/foo`).
pub fn run_launched() {
    run(LAUNCHED_ID, LAUNCHED_PATTERN, None, None);
}
