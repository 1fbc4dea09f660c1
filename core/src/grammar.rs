//! The component grammar shared by identifiers and patterns (SPEC 3.1, 3.2).
//!
//! Both are `/`-separated lists of non-empty components over `A-Z a-z 0-9 . _ : -` (ASCII only; `:` as in
//! the newer Go SDK). Patterns additionally allow the wildcard components `*` and `**`. One scanner serves
//! both so the two grammars cannot drift apart.

use crate::error::Reason;

/// Which of the two grammars to check against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grammar {
    Identifier,
    Pattern,
}

fn is_allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-')
}

/// Returns the first rule `input` breaks, scanning left to right so the reported byte offset is the
/// earliest problem a reader would spot.
pub(crate) fn check(input: &str, grammar: Grammar) -> Result<(), Reason> {
    if input.is_empty() {
        return Err(match grammar {
            Grammar::Identifier => Reason::EmptyIdentifier,
            Grammar::Pattern => Reason::EmptyPattern,
        });
    }
    let mut start = 0;
    for component in input.split('/') {
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
}
