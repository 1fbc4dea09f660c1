//! Arbitrary input never makes the parsers panic, and each outcome is well-formed: a parsed value
//! displays as its input, an error names the input and starts with its type's prefix.

use proptest::prelude::*;
use secrets_core::{Pattern, SecretId};

fn check_id(input: &str) -> Result<(), TestCaseError> {
    match input.parse::<SecretId>() {
        Ok(id) => {
            prop_assert_eq!(id.to_string(), input);
            prop_assert!(!input.contains('*'));
            // Every identifier is also a valid pattern, matching itself.
            let pattern: Pattern = input.parse().expect("an identifier is a pattern");
            prop_assert!(pattern.matches(&id));
        }
        Err(error) => {
            let prefix = format!("invalid identifier: {input:?}: ");
            let message = error.to_string();
            prop_assert!(
                message.starts_with(&prefix),
                "{} does not start with {}",
                message,
                prefix
            );
            prop_assert!(message.len() > prefix.len(), "no reason in {}", message);
            prop_assert_eq!(error.input(), input);
        }
    }
    Ok(())
}

fn check_pattern(input: &str) -> Result<(), TestCaseError> {
    match input.parse::<Pattern>() {
        Ok(pattern) => {
            prop_assert_eq!(pattern.to_string(), input);
            prop_assert!(pattern.covers(&pattern));
        }
        Err(error) => {
            let prefix = format!("invalid pattern {input:?}: ");
            let message = error.to_string();
            prop_assert!(
                message.starts_with(&prefix),
                "{} does not start with {}",
                message,
                prefix
            );
            prop_assert!(message.len() > prefix.len(), "no reason in {}", message);
            prop_assert_eq!(error.input(), input);
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn any_string(input in any::<String>()) {
        check_id(&input)?;
        check_pattern(&input)?;
    }

    #[test]
    fn strings_near_the_grammar(input in "[a-z*/:. _\\-]{0,20}") {
        check_id(&input)?;
        check_pattern(&input)?;
    }

    #[test]
    fn unicode_and_control_characters(input in "[a-z/*\u{e9}\u{301}\u{1F600}\u{0}\n\t\"\\\\]{0,12}") {
        check_id(&input)?;
        check_pattern(&input)?;
    }

    #[test]
    fn printable_unicode(input in "\\PC{0,20}") {
        check_id(&input)?;
        check_pattern(&input)?;
    }
}
