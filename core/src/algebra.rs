//! Comparing patterns as sets of identifiers: inclusion ([`Pattern::covers`]), overlap
//! ([`Pattern::overlaps`]) and intersection ([`narrow`]).
//!
//! The Go engine answers these questions by matching one pattern's text against the other's as if it were
//! an identifier, which is unsound (`*` "includes" `**`, so a plugin registered for `a/*` gets asked for
//! `a/**`). The answers here are about the sets of identifiers the patterns match, and identifiers always
//! have at least one component.
//!
//! [`Pattern`]: crate::Pattern
//! [`Pattern::covers`]: crate::Pattern::covers
//! [`Pattern::overlaps`]: crate::Pattern::overlaps

mod inclusion;
mod intersection;
mod work;

pub use intersection::{NARROW_LIMIT, narrow};
