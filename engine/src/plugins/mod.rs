//! Plugins that run outside the engine process and talk to it over a plugin
//! session ([`session`]: registration, admission to the registry, shutdown):
//! the proxy the resolver calls ([`remote`]), external plugins attached
//! through `/hijack` ([`external`]), and the plugins the engine launches from
//! its plugin directory and keeps running ([`launched`]).

mod child;
pub(crate) mod external;
pub mod launched;
pub(crate) mod remote;
pub mod session;
