//! The exact text of parse errors: the input quoted with Rust's `{:?}`, then the first rule it breaks.

use secrets_core::{InvalidId, InvalidPattern, Pattern, SecretId};

fn id_error(input: &str) -> InvalidId {
    input.parse::<SecretId>().expect_err(input)
}

fn pattern_error(input: &str) -> InvalidPattern {
    input.parse::<Pattern>().expect_err(input)
}

#[test]
fn identifier_errors() {
    for (input, message) in [
        ("", r#"invalid identifier: "": empty identifier"#),
        (
            "my secret",
            r#"invalid identifier: "my secret": character ' ' at byte 2 is not allowed (allowed: A-Z a-z 0-9 . _ : -)"#,
        ),
        (
            "my//secret",
            r#"invalid identifier: "my//secret": empty component at byte 3"#,
        ),
        (
            "/my/secret",
            r#"invalid identifier: "/my/secret": empty component at byte 0"#,
        ),
        (
            "my/secret/",
            r#"invalid identifier: "my/secret/": empty component at byte 10"#,
        ),
        (
            "my#secret",
            r##"invalid identifier: "my#secret": character '#' at byte 2 is not allowed (allowed: A-Z a-z 0-9 . _ : -)"##,
        ),
        (
            "a/*",
            r#"invalid identifier: "a/*": wildcard '*' at byte 2 is not allowed in an identifier (identifiers name one secret; wildcards belong in patterns)"#,
        ),
        // Control characters and non-ASCII come out escaped or quoted, never raw.
        (
            "a\nb",
            r#"invalid identifier: "a\nb": character '\n' at byte 1 is not allowed (allowed: A-Z a-z 0-9 . _ : -)"#,
        ),
        (
            "caf\u{e9}",
            "invalid identifier: \"caf\u{e9}\": character '\u{e9}' at byte 3 is not allowed (allowed: A-Z a-z 0-9 . _ : -)",
        ),
    ] {
        let error = id_error(input);
        assert_eq!(error.to_string(), message);
        assert_eq!(error.input(), input);
    }
}

#[test]
fn pattern_errors() {
    for (input, message) in [
        ("", r#"invalid pattern "": empty pattern"#),
        (
            "a*",
            r#"invalid pattern "a*": component "a*" mixes '*' with other characters"#,
        ),
        (
            "*a*",
            r#"invalid pattern "*a*": component "*a*" mixes '*' with other characters"#,
        ),
        (
            "***",
            r#"invalid pattern "***": component "***" has more than two '*'"#,
        ),
        (
            "/foo",
            r#"invalid pattern "/foo": empty component at byte 0"#,
        ),
        ("/", r#"invalid pattern "/": empty component at byte 0"#),
        (
            "foo//bar",
            r#"invalid pattern "foo//bar": empty component at byte 4"#,
        ),
        (
            "foo/b r/**",
            r#"invalid pattern "foo/b r/**": character ' ' at byte 5 is not allowed (allowed: A-Z a-z 0-9 . _ : -)"#,
        ),
        (
            "foo/*a*/baz",
            r#"invalid pattern "foo/*a*/baz": component "*a*" mixes '*' with other characters"#,
        ),
        (
            "\"",
            r#"invalid pattern "\"": character '"' at byte 0 is not allowed (allowed: A-Z a-z 0-9 . _ : -)"#,
        ),
    ] {
        let error = pattern_error(input);
        assert_eq!(error.to_string(), message);
        assert_eq!(error.input(), input);
    }
}

#[test]
fn errors_give_the_input_back() {
    assert_eq!(id_error("x y").into_input(), "x y");
    assert_eq!(pattern_error("x*").into_input(), "x*");
}
