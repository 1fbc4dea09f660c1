//! The plugin connection, as both sides see it (SPEC 5): how an
//! engine-launched plugin learns where its connection is
//! ([`launch_config`]), how an external plugin turns a connection to the
//! engine socket into a raw byte stream ([`hijack`]), the yamux session
//! both sides run over it ([`session`], with the Go meaning of a peer's
//! GoAway from [`peer_go_away`] and write coalescing from [`corked`]), and HTTP over that session
//! ([`transport`]).

pub mod corked;
pub mod hijack;
pub mod launch_config;
pub mod peer_go_away;
pub mod session;
pub mod stream;
pub mod transport;
