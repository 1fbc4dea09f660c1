//! A complete plugin: the fixture world's `memplugin`, serving `launched/foo`
//! and `launched/bar` from memory. It depends on this SDK alone.
//!
//! Run it next to an engine (external) with
//! `cargo run -p secrets-engine-plugin --example memplugin`, or put the built
//! binary in the engine's plugin directory (launched).

use secrets_engine_plugin::{Pattern, PluginConfig, Provider, ProviderError, Secret};

struct Memory;

#[secrets_engine_plugin::async_trait]
impl Provider for Memory {
    async fn get_secrets(&self, pattern: &Pattern) -> Result<Vec<Secret>, ProviderError> {
        let known = [
            ("launched/foo", "launched-foo-value"),
            ("launched/bar", "launched-bar-value"),
        ];
        Ok(known
            .into_iter()
            .filter_map(|(id, value)| Some(Secret::new(id.parse().ok()?, value)))
            .filter(|secret| pattern.matches(&secret.id))
            .collect())
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    secrets_engine_plugin::init_logging();
    let config = PluginConfig::new("v0.1.0", "launched/**".parse()?);
    secrets_engine_plugin::runtime()?
        .block_on(secrets_engine_plugin::serve_provider(Memory, config))?;
    Ok(())
}
