//! What a client under test is asked, and how the runner asks it.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;

use crate::client_conformance::surfaced::Surfaced;

/// What a client is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    /// Every secret matching a pattern.
    GetSecrets(String),
    /// The engine's plugins.
    ListPlugins,
}

/// A boxed future of what a client surfaced.
pub type Surfacing<'a> = Pin<Box<dyn Future<Output = Surfaced> + Send + 'a>>;

/// A client under test.
pub trait ClientUnderTest: Send + Sync {
    /// Its name in reports.
    fn name(&self) -> &str;
    /// Makes `call` against the engine on `socket`. The runner bounds it
    /// with a timeout and drops it when that passes (a child process must be
    /// killed on drop).
    fn call<'a>(&'a self, socket: &'a Path, call: &'a Call) -> Surfacing<'a>;
}
