//! The plugin connection, as both sides see it (SPEC 5): how an
//! engine-launched plugin learns where its connection is
//! ([`launch_config`]), and how an external plugin turns a connection to the
//! engine socket into a raw byte stream ([`hijack`]).

pub mod hijack;
pub mod launch_config;
