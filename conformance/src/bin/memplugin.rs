//! `memplugin`: the fixture world's engine-launched plugin (fixtures/WORLD.md),
//! built on the plugin SDK: `launched/foo` and `launched/bar`, version
//! `v0.1.0`, pattern `launched/**`.

use secrets_core::Pattern;
use secrets_engine_conformance::world::{
    MEMPLUGIN_PATTERN, MEMPLUGIN_SECRETS, MEMPLUGIN_VERSION, world_plugin,
};
use secrets_engine_plugin::{PluginConfig, serve};

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    let Ok(pattern) = Pattern::parse(MEMPLUGIN_PATTERN) else {
        return std::process::ExitCode::FAILURE;
    };
    let plugin = world_plugin(MEMPLUGIN_SECRETS);
    match serve(plugin, PluginConfig::new(MEMPLUGIN_VERSION, pattern)).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("memplugin: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
