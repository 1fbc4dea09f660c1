//! A complete plugin: serves the fixture world's `memplugin` secrets
//! (`launched/foo`, `launched/bar`) from memory with `StaticSecrets`. For a
//! plugin that looks secrets up in a store, implement `ResolverService`
//! instead, as in the crate documentation.
//!
//! Run it next to an engine (external) with
//! `cargo run -p secrets-engine-plugin --example memplugin`, or put the built
//! binary in the engine's plugin directory (launched).

use secrets_core::Pattern;
use secrets_engine_plugin::{PluginConfig, StaticSecrets, serve};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let (Ok(plugin), Ok(pattern)) = (
        StaticSecrets::from_values([
            ("launched/foo", "launched-foo-value"),
            ("launched/bar", "launched-bar-value"),
        ]),
        Pattern::parse("launched/**"),
    ) else {
        return std::process::ExitCode::FAILURE;
    };
    match serve(plugin, PluginConfig::new("v0.1.0", pattern)).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("memplugin: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
