//! Domain types shared by the secrets engine, its plugins and its clients.
//!
//! - [`SecretId`] names one secret (`docker/auth/registry-1.docker.io`). Parsing checks the grammar the Go
//!   engine accepts (components of `[A-Za-z0-9._:-]`, separated by `/`), so holding one proves the text
//!   is valid.
//! - [`Pattern`] names a set of secrets with wildcards: `*` is exactly one component, `**` zero or more
//!   (`docker/**`, `**/token`). [`Pattern::matches`] tests one identifier; [`Pattern::components`]
//!   reads it as [`Component`]s.
//! - The pattern algebra answers questions about the sets of identifiers two patterns describe, exactly
//!   (the Go engine's answers are not): [`Pattern::covers`] (inclusion), [`Pattern::overlaps`], and
//!   [`narrow`], the patterns to send a plugin so that it is never asked for more than its own pattern
//!   covers. Several patterns can be needed to say that, hence [`PatternSet`]; past [`NARROW_LIMIT`] of
//!   them, `narrow` answers with the plugin's own pattern.
//! - [`SecretValue`] holds the bytes of a secret: zeroed on drop, redacted in `Debug` and `Display`.
//! - [`socket_path`] says where the engine's socket is, for the engine and everything that connects to it.
//!
//! Parse failures are [`InvalidId`] and [`InvalidPattern`]; both display the input and the first rule it
//! breaks, e.g. `invalid pattern "a*": component "a*" mixes '*' with other characters`. Both grammars
//! bound the work an input can cause: at most [`MAX_BYTES`] bytes and [`MAX_COMPONENTS`] components.
//!
//! ```
//! use secrets_core::{Pattern, SecretId, narrow};
//!
//! let plugin: Pattern = "docker/**".parse()?;
//! let request: Pattern = "*/token".parse()?;
//! let forwarded = narrow(&plugin, &request);
//! assert_eq!(forwarded.to_string(), "docker/token");
//! assert!(forwarded.matches(&"docker/token".parse::<SecretId>()?));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]

mod algebra;
mod automaton;
mod error;
mod grammar;
mod id;
mod pattern;
mod pattern_set;
mod secret;
pub mod socket_path;
mod version;

pub use algebra::{NARROW_LIMIT, narrow};
pub use error::{InvalidId, InvalidPattern};
pub use grammar::{MAX_BYTES, MAX_COMPONENTS};
pub use id::SecretId;
pub use pattern::{Component, Pattern};
pub use pattern_set::PatternSet;
pub use secret::SecretValue;
pub use version::is_valid_version;
