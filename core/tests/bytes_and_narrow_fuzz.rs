//! Byte fuzzers for the identifier and pattern parsers, and a fuzzer of `narrow`'s answers.
//!
//! Bytes reach the parsers from the wire as text: a protobuf or JSON string, or header text decoded
//! lossily. Arbitrary bytes (invalid UTF-8 included) are decoded both ways here and parsed; the oracles
//! are an independent model of the grammar (length and component limits included), so that a parser
//! accepting or refusing one input too many is caught, plus well-formed errors that never echo more than
//! a bounded amount of an input. For `narrow`, identifiers drawn from each pattern it answers must be
//! matched by both the plugin's and the request's pattern (or, when it falls back to the plugin's whole
//! scope, by the plugin's), and identifiers both match must be in its answer, with matching checked
//! against a brute-force matcher.
//!
//! `PROPTEST_CASES=N` runs N cases of each (docs/fuzzing.md).

mod common;

use common::model_matches;
use proptest::prelude::*;
use secrets_core::{
    MAX_BYTES, MAX_COMPONENTS, NARROW_LIMIT, Pattern, PatternSet, SecretId, narrow,
};

/// `cases` cases per property, unless `PROPTEST_CASES` says otherwise.
fn config(cases: u32) -> ProptestConfig {
    let default = ProptestConfig::default();
    let cases = if std::env::var_os("PROPTEST_CASES").is_some() {
        default.cases
    } else {
        cases
    };
    ProptestConfig { cases, ..default }
}

/// The grammar, written out independently of the crate: `/`-separated non-empty components of
/// `[A-Za-z0-9._:-]`, patterns also `*` and `**`; at most `MAX_BYTES` bytes and `MAX_COMPONENTS`
/// components.
fn model_valid(input: &str, pattern: bool) -> bool {
    let components: Vec<&str> = input.split('/').collect();
    input.len() <= MAX_BYTES
        && components.len() <= MAX_COMPONENTS
        && components.iter().all(|component| {
            (pattern && (*component == "*" || *component == "**"))
                || (!component.is_empty()
                    && component
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b".-_:".contains(&b)))
        })
}

/// The longest an error message may be: the input quoted (each character at most `\u{10ffff}`, ten
/// bytes) twice, once whole and once as the offending component, and some words.
const MAX_MESSAGE: usize = 2 * 10 * MAX_BYTES + 512;

/// Parses `input` both ways and checks each outcome against the model.
fn check(input: &str) -> Result<(), TestCaseError> {
    match (input.parse::<SecretId>(), model_valid(input, false)) {
        (Ok(id), true) => {
            prop_assert_eq!(id.as_str(), input);
            prop_assert!(id.to_pattern().matches(&id));
        }
        (Err(error), false) => {
            let message = error.to_string();
            prop_assert!(message.starts_with("invalid identifier: "), "{}", message);
            check_echo(input, error.input(), &message)?;
        }
        (Ok(_), false) => {
            prop_assert!(false, "identifier {:?} accepted against the grammar", input)
        }
        (Err(error), true) => prop_assert!(false, "identifier {:?} refused: {}", input, error),
    }
    match (input.parse::<Pattern>(), model_valid(input, true)) {
        (Ok(pattern), true) => {
            prop_assert_eq!(pattern.as_str(), input);
            prop_assert!(pattern.covers(&pattern));
            prop_assert!(pattern.overlaps(&pattern));
            prop_assert_eq!(
                narrow(&pattern, &pattern),
                PatternSet::from(pattern.clone())
            );
        }
        (Err(error), false) => {
            let message = error.to_string();
            prop_assert!(message.starts_with("invalid pattern "), "{}", message);
            check_echo(input, error.input(), &message)?;
        }
        (Ok(_), false) => prop_assert!(false, "pattern {:?} accepted against the grammar", input),
        (Err(error), true) => prop_assert!(false, "pattern {:?} refused: {}", input, error),
    }
    Ok(())
}

/// An error keeps its input whole, unless the input is over the length limit: then its start, cut at a
/// character boundary, and an ellipsis. Its message is bounded either way.
fn check_echo(input: &str, kept: &str, message: &str) -> Result<(), TestCaseError> {
    if input.len() > MAX_BYTES {
        let shown = kept.strip_suffix('…');
        prop_assert!(
            shown.is_some_and(|s| input.starts_with(s) && s.len() <= 64),
            "{:?}",
            kept
        );
        prop_assert!(message.len() < 512, "{} bytes of message", message.len());
    } else {
        prop_assert_eq!(kept, input);
        prop_assert!(message.len() <= MAX_MESSAGE);
    }
    Ok(())
}

/// Bytes biased towards the grammar: its characters, separators, stars, and bytes that break UTF-8.
fn near_grammar_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        4 => prop::sample::select(b"ab09.-_:".to_vec()),
        2 => Just(b'/'),
        2 => Just(b'*'),
        1 => any::<u8>(),
        1 => 0x80u8..=0xff,
    ];
    prop::collection::vec(byte, 0..max)
}

fn check_bytes(bytes: &[u8]) -> Result<(), TestCaseError> {
    match String::from_utf8(bytes.to_vec()) {
        Ok(text) => check(&text),
        Err(_) => {
            // What a lossy decoding hands the parser: the replacement character, never valid.
            let lossy = String::from_utf8_lossy(bytes);
            prop_assert!(lossy.parse::<Pattern>().is_err());
            prop_assert!(lossy.parse::<SecretId>().is_err());
            check(&lossy)
        }
    }
}

/// A valid pattern near the size limits: `count` components of `width` bytes each.
fn near_the_limits() -> impl Strategy<Value = String> {
    prop_oneof![
        // Around MAX_COMPONENTS components.
        (
            MAX_COMPONENTS - 3..=MAX_COMPONENTS + 3,
            prop::sample::select(vec!["a", "*", "**", "ab"])
        )
            .prop_map(|(count, component)| vec![component; count].join("/")),
        // Around MAX_BYTES bytes, in one component or many.
        (MAX_BYTES - 3..=MAX_BYTES + 3).prop_map(|len| "a".repeat(len)),
        (MAX_BYTES / 32 - 2..=MAX_BYTES / 32 + 2, 28usize..=34)
            .prop_map(|(count, width)| vec!["b".repeat(width); count].join("/")),
        // Far over, with multi-byte characters where the error cuts its echo.
        (1usize..4, 0usize..200).prop_map(|(wide, extra)| {
            let mut text = "a".repeat(63 - wide.min(63));
            text.push_str(&"é".repeat(wide + extra + MAX_BYTES / 2));
            text
        }),
    ]
}

/// A valid pattern and its mutations: bytes flipped, wildcards and separators inserted, cut.
#[derive(Debug, Clone)]
enum Edit {
    Flip(prop::sample::Index, u8),
    Insert(prop::sample::Index, &'static str),
    Truncate(prop::sample::Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<prop::sample::Index>(), 1..=255u8).prop_map(|(i, b)| Edit::Flip(i, b)),
        (
            any::<prop::sample::Index>(),
            prop::sample::select(vec!["*", "**", "/", "//", "é", "\u{0}", " ", "***", "a*"])
        )
            .prop_map(|(i, s)| Edit::Insert(i, s)),
        any::<prop::sample::Index>().prop_map(Edit::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        match edit {
            Edit::Flip(at, bits) if !bytes.is_empty() => {
                let at = at.index(bytes.len());
                bytes[at] ^= bits;
            }
            Edit::Flip(..) => {}
            Edit::Insert(at, text) => {
                let at = at.index(bytes.len() + 1);
                bytes.splice(at..at, text.bytes());
            }
            Edit::Truncate(at) => bytes.truncate(at.index(bytes.len() + 1)),
        }
    }
    bytes
}

fn valid_pattern_text() -> impl Strategy<Value = String> {
    let component = prop_oneof![
        3 => "[A-Za-z0-9._:-]{1,6}",
        1 => Just("*".to_owned()),
        1 => Just("**".to_owned()),
    ];
    prop::collection::vec(component, 1..=8).prop_map(|c| c.join("/"))
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        check_bytes(&bytes)?;
    }

    #[test]
    fn bytes_near_the_grammar(bytes in near_grammar_bytes(48)) {
        check_bytes(&bytes)?;
    }

    #[test]
    fn mutated_valid_patterns(text in valid_pattern_text(), edits in prop::collection::vec(edit(), 0..3)) {
        prop_assert!(model_valid(&text, true));
        check_bytes(&apply(text.into_bytes(), &edits))?;
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn inputs_near_the_size_limits(text in near_the_limits(), edits in prop::collection::vec(edit(), 0..2)) {
        check(&text)?;
        check_bytes(&apply(text.into_bytes(), &edits))?;
    }
}

/// Patterns over a few literals with wildcards, long enough for several `**` to compete.
fn algebra_pattern() -> impl Strategy<Value = Pattern> {
    let component = prop_oneof![
        3 => prop::sample::select(vec!["a", "b", "c"]),
        2 => Just("*"),
        2 => Just("**"),
    ];
    prop::collection::vec(component, 1..=10)
        .prop_map(|components| components.join("/").parse().expect("a valid pattern"))
}

/// An identifier `pattern` matches, each wildcard filled from `fillers`: `*` by one component, `**` by
/// zero to three, drawn from the patterns' literals and one literal no pattern uses.
fn instance(pattern: &Pattern, fillers: &[u8]) -> SecretId {
    let mut fillers = fillers.iter().copied().cycle();
    let mut next = || fillers.next().unwrap_or(0);
    let mut out: Vec<&str> = Vec::new();
    for component in pattern.as_str().split('/') {
        let count = match component {
            "*" => 1,
            "**" => usize::from(next() % 4),
            literal => {
                out.push(literal);
                0
            }
        };
        for _ in 0..count {
            out.push(["a", "b", "c", "z"][usize::from(next() % 4)]);
        }
    }
    if out.is_empty() {
        // `**` alone: any one identifier is an instance.
        out.push("z");
    }
    out.join("/")
        .parse()
        .expect("an instance is a valid identifier")
}

fn parts(text: &str) -> Vec<&str> {
    text.split('/').collect()
}

proptest! {
    #![proptest_config(config(512))]

    /// `narrow(plugin, request)` answers only identifiers both match: every identifier drawn from a
    /// pattern of the answer is matched by both (by the plugin alone when the answer is its whole
    /// scope, as documented for answers too large to list), and identifiers both match are answered.
    #[test]
    fn narrow_answers_only_identifiers_both_match(
        plugin in algebra_pattern(),
        request in algebra_pattern(),
        fillers in prop::collection::vec(any::<u8>(), 1..48),
    ) {
        let narrowed = narrow(&plugin, &request);
        prop_assert!(narrowed.len() <= NARROW_LIMIT);
        let fell_back = narrowed == PatternSet::from(plugin.clone()) && !request.covers(&plugin);
        let (plugin_parts, request_parts) = (parts(plugin.as_str()), parts(request.as_str()));
        for member in &narrowed {
            // Several instances per member, each from a different rotation of the fillers.
            for shift in 0..4 {
                let id = instance(member, &fillers[shift % fillers.len()..]);
                prop_assert!(member.matches(&id), "{} does not match its instance {}", member, id);
                let id_parts = parts(id.as_str());
                prop_assert!(
                    model_matches(&plugin_parts, &id_parts),
                    "narrow({}, {}) answers {} outside the plugin's scope", plugin, request, id
                );
                prop_assert!(
                    fell_back || model_matches(&request_parts, &id_parts),
                    "narrow({}, {}) = {{{}}} answers {}, which the request does not match",
                    plugin, request, narrowed, id
                );
            }
        }
        // The other way: identifiers drawn from either side that both match are in the answer.
        for source in [&plugin, &request] {
            let id = instance(source, &fillers);
            let id_parts = parts(id.as_str());
            prop_assert_eq!(plugin.matches(&id), model_matches(&plugin_parts, &id_parts));
            prop_assert_eq!(request.matches(&id), model_matches(&request_parts, &id_parts));
            if model_matches(&plugin_parts, &id_parts) && model_matches(&request_parts, &id_parts) {
                prop_assert!(narrowed.matches(&id), "{} lost from narrow({}, {}) = {{{}}}", id, plugin, request, narrowed);
            }
        }
        prop_assert_eq!(narrowed.is_empty(), !plugin.overlaps(&request));
    }
}
