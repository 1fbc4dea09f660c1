//! The SDK for writing secrets engine plugins in Rust.
//!
//! A plugin implements the generated `ResolverService` trait
//! (`secrets_engine_api::resolver::v1::resolver_service_server`) and hands it
//! to this SDK, which connects to the engine (launched or external), registers
//! and serves. That runtime is the plugin issue's work; this crate holds
//! nothing else yet.
#![forbid(unsafe_code)]
