//! [`SecretId`]: the name of one secret.

use std::borrow::Borrow;

use crate::error::InvalidId;
use crate::grammar::{Grammar, checked_text};
use crate::pattern::Pattern;

/// The name of one secret, e.g. `docker/auth/registry-1.docker.io`.
///
/// A non-empty list of `/`-separated components, each a non-empty run of `A-Z a-z 0-9 . _ : -` (the Go
/// engine's grammar, including the newer Go SDK's `:`). `.`, `..`, `-` and `_` are ordinary components: an ID is a name,
/// not a path, so nothing is resolved. `*` never appears in an ID; wildcards live in [`Pattern`].
///
/// Holding a `SecretId` proves the string is valid, so code downstream never re-checks it. Two IDs are
/// equal when their text is equal.
///
/// ```
/// use secrets_core::SecretId;
///
/// let id: SecretId = "docker/auth/127.0.0.1:5000".parse().unwrap();
/// assert_eq!(id.components().collect::<Vec<_>>(), ["docker", "auth", "127.0.0.1:5000"]);
/// assert!("my//secret".parse::<SecretId>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SecretId(String);

impl SecretId {
    /// The identifier's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The `/`-separated components, in order (never empty, never containing `/`).
    pub fn components(&self) -> impl DoubleEndedIterator<Item = &str> + '_ {
        self.0.split('/')
    }

    /// Whether `pattern` matches this identifier; the same as [`Pattern::matches`].
    pub fn matches(&self, pattern: &Pattern) -> bool {
        pattern.matches(self)
    }

    /// The pattern that matches this identifier and nothing else.
    pub fn to_pattern(&self) -> Pattern {
        Pattern::from(self.clone())
    }

    /// The identifier's text, by value.
    pub fn into_string(self) -> String {
        self.0
    }
}

// Hash and Eq are those of the text, so maps keyed by `SecretId` can be queried with a `&str`.
impl Borrow<str> for SecretId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

checked_text!(SecretId, Grammar::Identifier, InvalidId, "an identifier");
