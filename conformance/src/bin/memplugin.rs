//! `memplugin`: the fixture world's engine-launched plugin (fixtures/WORLD.md),
//! built on the plugin SDK: `launched/foo` and `launched/bar`, version
//! `v0.1.0`, pattern `launched/**`.

use secrets_core::Pattern;
use secrets_engine_conformance::world::world_plugin;
use secrets_engine_plugin::{PluginConfig, serve};

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    let Ok(pattern) = Pattern::parse("launched/**") else {
        return std::process::ExitCode::FAILURE;
    };
    let plugin = world_plugin(&[
        ("launched/foo", "launched-foo-value"),
        ("launched/bar", "launched-bar-value"),
    ]);
    match serve(plugin, PluginConfig::new("v0.1.0", pattern)).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("memplugin: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
