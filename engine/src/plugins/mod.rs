//! Plugins that run outside the engine process and talk to it over a yamux
//! session (SPEC 5): the proxy the resolver calls ([`remote`]), the
//! registration of a plugin connection and the `/hijack` attachment of
//! external plugins ([`external`]), and the plugins the engine launches from
//! its plugin directory and keeps running ([`launched`]).

mod child;
pub mod external;
pub mod launched;
pub mod remote;
