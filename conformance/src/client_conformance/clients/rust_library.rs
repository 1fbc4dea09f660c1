//! The Rust client library (`secrets-engine-client`), called in process.

use std::path::Path;

use crate::client_conformance::client::{Call, ClientUnderTest, Surfacing};
use crate::client_conformance::surfaced::{ErrorKind, Surfaced, SurfacedPlugin, SurfacedSecret};

/// The Rust client library (`secrets-engine-client`), in process.
#[derive(Debug, Default)]
pub struct RustLibrary;

/// Aborts a task when dropped (a timed-out call).
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn rust_error(error: &secrets_engine_client::Error) -> Surfaced {
    use secrets_engine_client::Error;
    let kind = match error {
        Error::NotFound { .. } => ErrorKind::NotFound,
        Error::InvalidArgument(_) => ErrorKind::InvalidArgument,
        Error::Unimplemented(_) => ErrorKind::Unimplemented,
        Error::Protocol { code, .. } => ErrorKind::Other(format!("Protocol({code:?})")),
        Error::PermissionDenied(_) => ErrorKind::Other("PermissionDenied".to_owned()),
        Error::Unavailable(_) => ErrorKind::Other("Unavailable".to_owned()),
        Error::EngineNotRunning { .. } => ErrorKind::Other("EngineNotRunning".to_owned()),
        Error::Timeout(_) => ErrorKind::Other("Timeout".to_owned()),
        _ => ErrorKind::Other("other".to_owned()),
    };
    Surfaced::Error {
        kind,
        message: error.to_string(),
    }
}

impl ClientUnderTest for RustLibrary {
    fn name(&self) -> &str {
        "rust-client"
    }

    fn call<'a>(&'a self, socket: &'a Path, call: &'a Call) -> Surfacing<'a> {
        let client = secrets_engine_client::Client::connect(socket);
        let call = call.clone();
        Box::pin(async move {
            // In a task of its own, so a panic is a result.
            let mut task = AbortOnDrop(tokio::spawn(async move {
                match call {
                    Call::GetSecrets(pattern) => match client.get_secrets(&pattern).await {
                        Ok(secrets) => Surfaced::Secrets(
                            secrets
                                .iter()
                                .map(|s| SurfacedSecret {
                                    id: s.id.as_str().to_owned(),
                                    value: s.value.expose().to_vec(),
                                    provider: s.provider.clone(),
                                    version: Some(s.version.clone()),
                                    metadata: Some(s.metadata.clone()),
                                })
                                .collect(),
                        ),
                        Err(e) => rust_error(&e),
                    },
                    Call::ListPlugins => match client.list_plugins().await {
                        Ok(plugins) => Surfaced::Plugins(
                            plugins
                                .into_iter()
                                .map(|p| SurfacedPlugin {
                                    name: p.name,
                                    version: p.version,
                                    pattern: p.pattern,
                                })
                                .collect(),
                        ),
                        Err(e) => rust_error(&e),
                    },
                }
            }));
            match (&mut task.0).await {
                Ok(surfaced) => surfaced,
                Err(e) => Surfaced::Crashed(format!("the call's task failed: {e}")),
            }
        })
    }
}
