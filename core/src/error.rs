//! Parse errors for identifiers and patterns.
//!
//! Each error keeps the offending input (callers often need it verbatim, e.g. to answer a Go client with
//! its own `invalid pattern "<p>": invalid pattern` text) and a private reason, so the wording of a reason
//! can improve without breaking anyone matching on it.

use std::fmt;

/// Why a string is not a valid identifier: returned by `"…".parse::<SecretId>()`.
///
/// Displays as `invalid identifier: "<input>": <reason>`, the input quoted with Rust's `{:?}` so control
/// characters come out escaped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid identifier: {input:?}: {reason}")]
pub struct InvalidId {
    input: String,
    reason: Reason,
}

/// Why a string is not a valid pattern: returned by `"…".parse::<Pattern>()`.
///
/// Displays as `invalid pattern "<input>": <reason>` (the Go engine's prefix), the input quoted with Rust's
/// `{:?}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid pattern {input:?}: {reason}")]
pub struct InvalidPattern {
    input: String,
    reason: Reason,
}

/// What both parse errors offer, the same for each.
macro_rules! input_and_reason {
    ($error:ident) => {
        impl $error {
            pub(crate) fn new(input: impl Into<String>, reason: Reason) -> Self {
                Self {
                    input: kept(input.into(), &reason),
                    reason,
                }
            }

            /// The string that failed to parse (past the length limit, its start and an ellipsis).
            pub fn input(&self) -> &str {
                &self.input
            }

            /// The string that failed to parse, by value.
            pub fn into_input(self) -> String {
                self.input
            }
        }
    };
}

input_and_reason!(InvalidId);
input_and_reason!(InvalidPattern);

/// The first rule of the grammar an input breaks. Byte offsets index the whole input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reason {
    EmptyIdentifier,
    EmptyPattern,
    EmptyComponent { at: usize },
    DisallowedCharacter { character: char, at: usize },
    WildcardInIdentifier { at: usize },
    WildcardMixedWithText { component: String },
    TooManyStars { component: String },
    TooLong { len: usize },
    TooManyComponents { at: usize },
}

/// The input an error keeps: all of it, except for an input over the length limit, of which it keeps
/// the first bytes and an ellipsis (an error message should not echo kilobytes back).
fn kept(input: String, reason: &Reason) -> String {
    const SHOWN: usize = 64;
    if !matches!(reason, Reason::TooLong { .. }) {
        return input;
    }
    let mut end = SHOWN.min(input.len());
    while !input.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &input[..end])
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::EmptyIdentifier => f.write_str("empty identifier"),
            Reason::EmptyPattern => f.write_str("empty pattern"),
            Reason::EmptyComponent { at } => write!(f, "empty component at byte {at}"),
            Reason::DisallowedCharacter { character, at } => write!(
                f,
                "character {character:?} at byte {at} is not allowed (allowed: A-Z a-z 0-9 . _ : -)"
            ),
            Reason::WildcardInIdentifier { at } => write!(
                f,
                "wildcard '*' at byte {at} is not allowed in an identifier (identifiers name one secret; wildcards belong in patterns)"
            ),
            Reason::WildcardMixedWithText { component } => {
                write!(f, "component {component:?} mixes '*' with other characters")
            }
            Reason::TooManyStars { component } => {
                write!(f, "component {component:?} has more than two '*'")
            }
            Reason::TooLong { len } => write!(
                f,
                "{len} bytes long; at most {} are allowed",
                crate::grammar::MAX_BYTES
            ),
            Reason::TooManyComponents { at } => write!(
                f,
                "more than {} components (the one after byte {at} is one too many)",
                crate::grammar::MAX_COMPONENTS
            ),
        }
    }
}
