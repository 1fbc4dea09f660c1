//! The plugin connection of the secrets engine, as both sides see it: how an
//! engine-launched plugin learns where its connection is
//! ([`launch_config`]), how an external plugin turns a connection to the
//! engine socket into a raw byte stream ([`hijack`]), the yamux session
//! both sides run over it ([`session`], with the Go meaning of a peer's
//! GoAway and write coalescing), and HTTP over that session ([`transport`]).
//!
//! Every plugin, launched from the engine's plugin directory or attached
//! through its socket, talks to the engine over one connection: a socketpair
//! end for launched plugins, a hijacked engine-socket connection for the
//! others. The engine is the yamux server on it; both sides open streams and
//! speak HTTP/1.1 Connect inside each, which is what Docker's Go SDK does, so
//! Go plugins and Go engines interoperate with this crate unchanged.
#![forbid(unsafe_code)]

mod corked;
pub mod hijack;
pub mod launch_config;
mod peer_go_away;
pub mod session;
pub mod stream;
pub mod transport;
