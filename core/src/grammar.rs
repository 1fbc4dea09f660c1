//! The component grammar shared by identifiers and patterns.
//!
//! Both are `/`-separated lists of non-empty components over `A-Z a-z 0-9 . _ : -` (ASCII only; `:` as in
//! the newer Go SDK). Patterns additionally allow the wildcard components `*` and `**`. One scanner serves
//! both so the two grammars cannot drift apart.

use crate::error::Reason;

/// The longest identifier or pattern accepted, in bytes. Real secret names are a few dozen bytes; the
/// limit keeps a request's pattern from making the engine's matching and narrowing work grow with
/// whatever a client cares to send (the request body itself may be up to 1 MiB).
pub const MAX_BYTES: usize = 4096;

/// The most `/`-separated components an identifier or pattern may have, for the same reason as
/// [`MAX_BYTES`]: narrowing a pattern against a plugin's costs time in the product of their component
/// counts.
pub const MAX_COMPONENTS: usize = 256;

/// What `SecretId` and `Pattern`, each a `String` that passed its grammar, have alike: parsing with
/// that grammar, and the conversions from text and back to it.
macro_rules! checked_text {
    ($type:ident, $grammar:expr, $error:ident, $what:literal) => {
        impl $type {
            #[doc = concat!("Parses `input` as ", $what, ".")]
            pub fn parse(input: impl Into<String>) -> Result<Self, $error> {
                let input = input.into();
                match crate::grammar::check(&input, $grammar) {
                    Ok(()) => Ok(Self(input)),
                    Err(reason) => Err($error::new(input, reason)),
                }
            }
        }

        impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $type {
            type Err = $error;

            fn from_str(input: &str) -> Result<Self, Self::Err> {
                Self::parse(input)
            }
        }

        impl TryFrom<String> for $type {
            type Error = $error;

            fn try_from(input: String) -> Result<Self, Self::Error> {
                Self::parse(input)
            }
        }

        impl TryFrom<&str> for $type {
            type Error = $error;

            fn try_from(input: &str) -> Result<Self, Self::Error> {
                Self::parse(input)
            }
        }

        impl AsRef<str> for $type {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<$type> for String {
            fn from(text: $type) -> Self {
                text.0
            }
        }
    };
}
pub(crate) use checked_text;

/// Which of the two grammars to check against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grammar {
    Identifier,
    Pattern,
}

const fn is_allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-')
}

/// The bytes allowed in a literal component, as a table: the check below runs on every request.
const LITERAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = is_allowed(byte as u8 as char);
        byte += 1;
    }
    table
};

/// Whether `input` is a valid identifier of at most [`MAX_COMPONENTS`] components, which is also a
/// valid pattern: the usual input, accepted in one pass over its bytes. Anything else (including
/// every error) takes the full check, which says what is wrong.
fn is_valid_identifier(input: &[u8]) -> bool {
    // A `/` first, last or after another `/` leaves a component empty.
    let mut after_slash = true;
    let mut components = 1;
    for &byte in input {
        if byte == b'/' {
            if after_slash {
                return false;
            }
            after_slash = true;
            components += 1;
        } else if LITERAL[byte as usize] {
            after_slash = false;
        } else {
            return false;
        }
    }
    !after_slash && components <= MAX_COMPONENTS
}

/// Returns the first rule `input` breaks: its size first (so that nothing else scans an oversized
/// input), then the components left to right, so the reported byte offset is the earliest problem a
/// reader would spot.
pub(crate) fn check(input: &str, grammar: Grammar) -> Result<(), Reason> {
    if input.len() > MAX_BYTES {
        return Err(Reason::TooLong { len: input.len() });
    }
    if is_valid_identifier(input.as_bytes()) {
        return Ok(());
    }
    check_each_component(input, grammar)
}

fn check_each_component(input: &str, grammar: Grammar) -> Result<(), Reason> {
    if input.is_empty() {
        return Err(match grammar {
            Grammar::Identifier => Reason::EmptyIdentifier,
            Grammar::Pattern => Reason::EmptyPattern,
        });
    }
    let mut start = 0;
    for (index, component) in input.split('/').enumerate() {
        if index == MAX_COMPONENTS {
            return Err(Reason::TooManyComponents { at: start - 1 });
        }
        check_component(component, start, grammar)?;
        start += component.len() + 1;
    }
    Ok(())
}

fn check_component(component: &str, start: usize, grammar: Grammar) -> Result<(), Reason> {
    if component.is_empty() {
        return Err(Reason::EmptyComponent { at: start });
    }
    let mut stars = 0;
    for (offset, character) in component.char_indices() {
        let at = start + offset;
        if character == '*' {
            if grammar == Grammar::Identifier {
                return Err(Reason::WildcardInIdentifier { at });
            }
            stars += 1;
        } else if !is_allowed(character) {
            return Err(Reason::DisallowedCharacter { character, at });
        }
    }
    if stars == 0 {
        Ok(())
    } else if stars < component.len() {
        Err(Reason::WildcardMixedWithText {
            component: component.to_owned(),
        })
    } else if stars > 2 {
        Err(Reason::TooManyStars {
            component: component.to_owned(),
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The one-pass acceptance agrees with the component-by-component check.
        #[test]
        fn the_fast_path_accepts_exactly_the_valid_identifiers(input in "[a-zA-Z09*/:. _\\-\u{e9}]{0,12}") {
            prop_assert_eq!(
                is_valid_identifier(input.as_bytes()),
                check_each_component(&input, Grammar::Identifier).is_ok()
            );
        }
    }

    #[test]
    fn reports_the_first_problem_with_its_byte_offset() {
        assert_eq!(check("a/b", Grammar::Identifier), Ok(()));
        assert_eq!(
            check("ab/", Grammar::Identifier),
            Err(Reason::EmptyComponent { at: 3 })
        );
        assert_eq!(
            check("é/ /", Grammar::Pattern),
            Err(Reason::DisallowedCharacter {
                character: 'é',
                at: 0
            })
        );
        assert_eq!(
            check("ok/x y/", Grammar::Pattern),
            Err(Reason::DisallowedCharacter {
                character: ' ',
                at: 4
            })
        );
        assert_eq!(
            check("ok/*", Grammar::Identifier),
            Err(Reason::WildcardInIdentifier { at: 3 })
        );
        assert_eq!(check("**/*/x", Grammar::Pattern), Ok(()));
    }

    #[test]
    fn size_and_component_count_are_bounded_in_both_paths() {
        for grammar in [Grammar::Identifier, Grammar::Pattern] {
            let longest = "a".repeat(MAX_BYTES);
            assert_eq!(check(&longest, grammar), Ok(()));
            let over = "a".repeat(MAX_BYTES + 1);
            assert_eq!(
                check(&over, grammar),
                Err(Reason::TooLong { len: MAX_BYTES + 1 })
            );

            // The one-pass check (literal components) and the full check (a wildcard or an
            // invalid character later on) both count components.
            let most = vec!["a"; MAX_COMPONENTS].join("/");
            assert_eq!(check(&most, grammar), Ok(()));
            let one_more = vec!["a"; MAX_COMPONENTS + 1].join("/");
            let extra_at = 2 * MAX_COMPONENTS - 1;
            assert_eq!(
                check(&one_more, grammar),
                Err(Reason::TooManyComponents { at: extra_at })
            );
            assert_eq!(
                check(&format!("{one_more}/!"), grammar),
                Err(Reason::TooManyComponents { at: extra_at })
            );
        }
        let stars = vec!["*"; MAX_COMPONENTS + 1].join("/");
        assert_eq!(
            check(&stars, Grammar::Pattern),
            Err(Reason::TooManyComponents {
                at: 2 * MAX_COMPONENTS - 1
            })
        );
    }
}
