//! The Go engine's test vectors, the consequences of its matching rules, and the
//! examples where its pattern filter is unsound.
//!
//! Grammar and matching vectors pass as they are. The `Includes` and `Filter` vectors are kept, mapped to
//! [`Pattern::covers`] and [`narrow`], but where Go's answer comes from its unsound algorithm the expected
//! value is the sound one, with a counterexample identifier that proves it. Every algebra answer is also
//! confirmed by brute force over all identifiers up to a length (see `common`).

mod common;

use common::{as_strs, components, ids_for, model_matches};
use secrets_core::{Pattern, PatternSet, SecretId, narrow};

fn pattern(text: &str) -> Pattern {
    text.parse()
        .unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
}

fn id(text: &str) -> SecretId {
    text.parse()
        .unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
}

#[test]
fn parse_id_accepts() {
    for valid in [
        "my-secretA9",
        "my.secretA9",
        "my/secret",
        "my_secretA9",
        // Valid in the newer Go SDK (Aug26) and here; Jan26 rejected `:`.
        "my:secret",
        "127.0.0.1:8080",
        "foo/127.0.0.1:8080/bob",
        // Oddities the Go grammar accepts: these are names, not paths.
        ".",
        "..",
        "-",
        "_",
        "a/../b",
    ] {
        let parsed = id(valid);
        assert_eq!(parsed.as_str(), valid);
    }
}

#[test]
fn parse_id_rejects() {
    for invalid in [
        "my/secret/",
        "/my/secret",
        "my//secret",
        "my secret",
        "my#secret",
        "",
        "/",
        "*",
        "a/**",
        "é",
    ] {
        assert!(
            invalid.parse::<SecretId>().is_err(),
            "{invalid:?} should be rejected"
        );
    }
}

#[test]
fn parse_pattern_accepts() {
    for valid in [
        "foo",
        "foo/bar/baz",
        "*",
        "**",
        "*/bar",
        "foo/*/baz",
        "**/bar",
        "foo/**/baz",
        "foo/*/baz/**/*",
        "com.test.test/**",
        "foo/127.0.0.1:8080/**",
    ] {
        assert_eq!(pattern(valid).as_str(), valid);
    }
}

#[test]
fn parse_pattern_rejects() {
    for invalid in [
        "*a*",
        "*a",
        "/foo/bar",
        "foo/bar/",
        "foo//bar",
        "",
        "/",
        "foo/*a*/baz",
        "***",
        "a*",
        "**a",
        "a/*b",
        "/foo",
        "foo/",
        "foo bar",
    ] {
        assert!(
            invalid.parse::<Pattern>().is_err(),
            "{invalid:?} should be rejected"
        );
    }
}

#[test]
fn match_table() {
    let table: &[(&str, &[&str], &[&str])] = &[
        ("*/**/*", &["foo/bar", "foo/bar/baz"], &["foo"]),
        ("**", &["foo", "foo/bar", "foo/bar/baz"], &[]),
        ("foo/bar", &["foo/bar"], &["foo/bar/baz", "foo"]),
        ("foo/*", &["foo/bar"], &["foo/bar/baz", "foo"]),
        ("*/bar", &["foo/bar"], &["foo/bar/baz", "foo"]),
        (
            "foo/**/baz",
            &["foo/bar/baz", "foo/baz", "foo/bar/something/baz"],
            &["foo/bar", "foo/bar/baz/qux"],
        ),
        ("com.test.test/**", &["com.test.test/test/bob"], &[]),
        // Consequences of the matching rules.
        ("foo/**", &["foo"], &[]),
        ("**/foo", &["foo"], &[]),
        ("**/*", &["foo"], &[]),
        ("*", &["a"], &["a/b"]),
    ];
    for (p, matched, unmatched) in table {
        let p = pattern(p);
        for m in *matched {
            assert!(p.matches(&id(m)), "{p} should match {m}");
            assert!(id(m).matches(&p));
        }
        for u in *unmatched {
            assert!(!p.matches(&id(u)), "{p} should not match {u}");
        }
    }
}

/// One row of Go's `Includes` table: `(p, q, Go's answer, our answer, counterexample)`. When the answers
/// differ, the counterexample is an identifier matched by `q` and not by `p`.
type IncludesRow = (&'static str, &'static str, bool, bool, Option<&'static str>);

const INCLUDES: &[IncludesRow] = &[
    ("**", "**", true, true, None),
    ("**/*", "*/**", true, true, None),
    // Identifiers are never empty, so `**` and `**/*` both mean "one or more components".
    ("**/*", "**", true, true, None),
    ("**", "**/*", true, true, None),
    ("**/**", "**/**", true, true, None),
    ("**/*/**", "**/**", true, true, None),
    ("**/*/*", "*/*/**", true, true, None),
    ("**/*/*", "**", false, false, None),
    ("**", "**/foo", true, true, None),
    ("**/foo", "**", false, false, None),
    ("**/foo", "**/foo", true, true, None),
    ("foo/**", "**/foo", false, false, None),
    ("**", "bar/**/foo", true, true, None),
    ("**", "*/bar/**/foo", true, true, None),
    ("*", "*", true, true, None),
    ("*/foo", "*", false, false, None),
    ("*", "*/foo", false, false, None),
    // Jan26 additions.
    ("docker/*/mcp/*", "docker/proj1/**", false, false, None),
    // Go says yes because its literal `proj1` "matches" the other side's `*`. But the second pattern
    // matches `docker/other/mcp/x`, which `docker/proj1/**` does not.
    (
        "docker/proj1/**",
        "docker/*/mcp/*",
        true,
        false,
        Some("docker/other/mcp/x"),
    ),
    ("docker/proj1/**", "docker/**/mcp/**", false, false, None),
    ("docker/**", "docker/**/mcp/**", true, true, None),
    // Examples of Go's unsoundness.
    // A single `*` matches one component; `**` also matches two.
    ("*", "**", true, false, Some("a/b")),
    // `a/**` matches `a` itself; `a/*` needs a second component.
    ("a/*", "a/**", true, false, Some("a")),
    // Jan26+: a literal `a` "matches" the other side's `*`; but `*` matches `b`.
    ("a", "*", true, false, Some("b")),
    ("foo/**", "**", false, false, None),
    ("**/foo", "**", false, false, None),
];

#[test]
fn includes_table_mapped_to_covers() {
    for &(p_text, q_text, go, ours, counterexample) in INCLUDES {
        let (p, q) = (pattern(p_text), pattern(q_text));
        assert_eq!(p.covers(&q), ours, "covers({p_text}, {q_text})");
        if let Some(counterexample) = counterexample {
            assert_ne!(
                go, ours,
                "a counterexample documents a disagreement with Go"
            );
            let counterexample = id(counterexample);
            assert!(q.matches(&counterexample) && !p.matches(&counterexample));
        } else {
            assert_eq!(
                go, ours,
                "covers({p_text}, {q_text}) disagrees with Go without a reason"
            );
        }
        confirm_covers_by_brute_force(&p, &q, ours);
    }
}

fn confirm_covers_by_brute_force(p: &Pattern, q: &Pattern, expected: bool) {
    let (pc, qc) = (components(p), components(q));
    let uncovered = ids_for(&[p, q])
        .into_iter()
        .find(|id| model_matches(&qc, &as_strs(id)) && !model_matches(&pc, &as_strs(id)));
    assert_eq!(
        uncovered.is_none(),
        expected,
        "brute force on covers({p}, {q}): first uncovered identifier {uncovered:?}"
    );
}

/// One row of Go's `Filter` table and the unsoundness examples: `(plugin, request, Go's answer, ours)`, answers
/// written as `PatternSet` displays (`""` for no overlap).
type FilterRow = (&'static str, &'static str, &'static str, &'static str);

const FILTER: &[FilterRow] = &[
    (
        "docker/mcp/auth/**",
        "**",
        "docker/mcp/auth/**",
        "docker/mcp/auth/**",
    ),
    ("**", "**", "**", "**"),
    (
        "docker/mcp/auth/**",
        "docker/mcp/auth/foo/bar/*",
        "docker/mcp/auth/foo/bar/*",
        "docker/mcp/auth/foo/bar/*",
    ),
    // Go forwards the whole request because its literal `mcp` "matches" the request's `*`. But the request
    // also matches `docker/x/auth/foo/bar/y`, outside the plugin's scope. The only way both match is
    // `mcp` in the second place.
    (
        "**/mcp/auth/**",
        "docker/*/auth/foo/bar/*",
        "docker/*/auth/foo/bar/*",
        "docker/mcp/auth/foo/bar/*",
    ),
    // Same, and the request's first component may also be `mcp` with `auth` second
    // (`mcp/auth/auth/foo/bar/x`): two patterns, neither covering the other.
    (
        "**/mcp/auth/**",
        "*/*/auth/foo/bar/*",
        "*/*/auth/foo/bar/*",
        "*/mcp/auth/foo/bar/*, mcp/auth/auth/foo/bar/*",
    ),
    ("docker/mcp/auth/**", "foo/bar", "", ""),
    // The unsoundness examples.
    ("**", "foo", "foo", "foo"),
    ("foo/**", "**", "foo/**", "foo/**"),
    // Go asks the plugin for `a/**`, including `a/b/c`, outside its `a/*`.
    ("a/*", "a/**", "a/**", "a/*"),
    // Go forwards `*/b/c`, including `x/b/c`; only `a/b/c` is in both.
    ("a/b/*", "*/b/c", "*/b/c", "a/b/c"),
    // Go forwards `*`, i.e. every one-component identifier; `docker/**` matches `docker` (the `**`
    // matching nothing), the only one-component identifier it matches.
    ("docker/**", "*", "*", "docker"),
    ("x/**", "y/**", "", ""),
];

#[test]
fn filter_table_mapped_to_narrow() {
    for &(plugin_text, request_text, _go, ours) in FILTER {
        let (plugin, request) = (pattern(plugin_text), pattern(request_text));
        let narrowed = narrow(&plugin, &request);
        assert_eq!(
            narrowed.to_string(),
            ours,
            "narrow({plugin_text}, {request_text})"
        );
        assert_eq!(plugin.overlaps(&request), !narrowed.is_empty());
        confirm_narrow_by_brute_force(&plugin, &request, &narrowed);
    }
}

fn confirm_narrow_by_brute_force(plugin: &Pattern, request: &Pattern, narrowed: &PatternSet) {
    let (pc, rc) = (components(plugin), components(request));
    let members: Vec<Vec<&str>> = narrowed.iter().map(components).collect();
    for id in ids_for(&[plugin, request]) {
        let id = as_strs(&id);
        let in_both = model_matches(&pc, &id) && model_matches(&rc, &id);
        let in_answer = members.iter().any(|m| model_matches(m, &id));
        assert_eq!(
            in_answer, in_both,
            "narrow({plugin}, {request}) = {{{narrowed}}} on {id:?}"
        );
    }
}

/// The two tables side by side with Go's answers, to review the disagreements at a glance.
#[test]
fn algebra_tables_against_go() {
    let mut rendered =
        String::from("  covers(p, q)                          go     ours   counterexample\n");
    for &(p, q, go, _, counterexample) in INCLUDES {
        let ours = pattern(p).covers(&pattern(q));
        let mark = if go == ours { ' ' } else { '!' };
        let line = format!(
            "{mark} {p:<18} {q:<18} {go:<6} {ours:<6} {}",
            counterexample.unwrap_or("")
        );
        rendered.push_str(line.trim_end());
        rendered.push('\n');
    }
    rendered.push_str("\n  narrow(plugin, request)                          -> go                          | ours\n");
    for &(plugin, request, go, _) in FILTER {
        let ours = narrow(&pattern(plugin), &pattern(request)).to_string();
        let mark = if go == ours { ' ' } else { '!' };
        let line = format!("{mark} {plugin:<20} {request:<27} -> {go:<27} | {ours}");
        rendered.push_str(line.trim_end());
        rendered.push('\n');
    }
    insta::assert_snapshot!(rendered);
}
