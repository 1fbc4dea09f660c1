//! The benchmark's plugin: this same binary, launched by the engine from a
//! plugin directory (the launch variable is set) or started as `plugin` to
//! attach from outside. It serves one secret through the plugin SDK, so the
//! figures are those of a real plugin process on a real yamux session.

use std::path::PathBuf;
use std::time::Duration;

use secrets_core::Pattern;
use secrets_engine_plugin::{PluginConfig, StaticSecrets, serve};

/// The launched plugin's secret and pattern.
pub const LAUNCHED_ID: &str = "launched/foo";
const LAUNCHED_PATTERN: &str = "launched/**";

/// Runs the plugin until the engine goes away: launched if the engine set
/// the launch variable, else attached as `attach` (name, engine socket). It
/// busy-polls for `busy_poll` after each request, on the same runtime as the
/// SDK's `runtime()`.
pub fn run(id: &str, pattern: &str, attach: Option<(String, PathBuf)>, busy_poll: Duration) {
    let (Ok(secrets), Ok(pattern)) = (
        StaticSecrets::from_values([(id, "foo-value")]),
        Pattern::parse(pattern),
    ) else {
        eprintln!("benchplugin: invalid id or pattern");
        std::process::exit(2);
    };
    let mut config = PluginConfig::new("v0.1.0", pattern);
    if let Some((name, socket)) = attach {
        config = config.with_name(name).with_socket(socket);
    }
    let runtime = busy_poll::runtime(busy_poll).expect("runtime");
    if let Err(error) = runtime.block_on(serve(secrets, config)) {
        eprintln!("benchplugin: {error}");
        std::process::exit(1);
    }
}

/// Runs as the launched plugin (`launched/foo`).
pub fn run_launched() {
    run(
        LAUNCHED_ID,
        LAUNCHED_PATTERN,
        None,
        busy_poll::DEFAULT_WINDOW,
    );
}
