//! [`SecretId`]: the name of one secret.

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;

use crate::error::InvalidId;
use crate::grammar::{self, Grammar};
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
    /// Parses `input` as an identifier.
    pub fn parse(input: impl Into<String>) -> Result<Self, InvalidId> {
        let input = input.into();
        match grammar::check(&input, Grammar::Identifier) {
            Ok(()) => Ok(Self(input)),
            Err(reason) => Err(InvalidId::new(input, reason)),
        }
    }

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

impl fmt::Display for SecretId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for SecretId {
    type Err = InvalidId;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Self::parse(input)
    }
}

impl TryFrom<String> for SecretId {
    type Error = InvalidId;

    fn try_from(input: String) -> Result<Self, Self::Error> {
        Self::parse(input)
    }
}

impl TryFrom<&str> for SecretId {
    type Error = InvalidId;

    fn try_from(input: &str) -> Result<Self, Self::Error> {
        Self::parse(input)
    }
}

impl AsRef<str> for SecretId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

// Hash and Eq are those of the text, so maps keyed by `SecretId` can be queried with a `&str`.
impl Borrow<str> for SecretId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<SecretId> for String {
    fn from(id: SecretId) -> Self {
        id.0
    }
}
