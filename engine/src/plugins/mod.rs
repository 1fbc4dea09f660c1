//! Plugins that run outside the engine process and talk to it over a yamux
//! session (SPEC 5): the proxy the resolver calls ([`remote`]) and the
//! `/hijack` attachment of external plugins ([`external`]).

pub mod external;
pub mod remote;
