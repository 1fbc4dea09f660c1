//! The Rust client of the secrets engine.
//!
//! Programs use it to ask a running engine for secrets over its Unix socket.
//! It builds on the generated Connect client
//! (`secrets_engine_api::resolver::v1::resolver_service_connect`) and the
//! domain types of `secrets-core`; the socket transport, the typed API and the
//! CLI are the client issue's work, so this crate holds nothing else yet.
#![forbid(unsafe_code)]
