//! A plugin serving one secret, `hello/world`.
use std::process::ExitCode;

use secrets_engine_plugin::{Pattern, PluginConfig, Provider, ProviderError, Secret};

struct Hello;

#[secrets_engine_plugin::async_trait]
impl Provider for Hello {
    // The engine asks with the part of a client's pattern this plugin
    // serves; answer every secret that matches it.
    async fn get_secrets(&self, pattern: &Pattern) -> Result<Vec<Secret>, ProviderError> {
        let id = "hello/world".parse().expect("a valid ID");
        Ok(if pattern.matches(&id) {
            vec![Secret::new(id, "hi")]
        } else {
            vec![]
        })
    }
}

fn main() -> ExitCode {
    secrets_engine_plugin::init_logging();
    match serve() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // The error as a sentence, e.g. that no engine is listening.
            eprintln!("hello_plugin: {error}");
            ExitCode::FAILURE
        }
    }
}

fn serve() -> Result<(), Box<dyn std::error::Error>> {
    // The engine sends this plugin only requests for IDs under hello/.
    let config = PluginConfig::new("v0.1.0", "hello/**".parse()?);
    let runtime = secrets_engine_plugin::runtime()?;
    runtime.block_on(secrets_engine_plugin::serve_provider(Hello, config))?;
    Ok(())
}
