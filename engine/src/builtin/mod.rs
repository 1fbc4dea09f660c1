//! Builtin plugins: in-process implementations of the generated
//! `ResolverService` trait, registered like any other plugin.

pub mod file;
pub mod store;
