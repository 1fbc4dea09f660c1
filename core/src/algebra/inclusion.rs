//! Inclusion: does one pattern match every identifier another one matches?

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use super::work::{Work, list_units};
use crate::automaton::{Letter, PositionNfa, StateSet, WildcardsRead};
use crate::pattern::{Component, Pattern};

impl Pattern {
    /// Whether every identifier `other` matches is also matched by `self`.
    ///
    /// Exact, unlike the Go engine's `Includes`: `*` does not cover `**` (`a/b`), `a/*` does not cover
    /// `a/**` (`a`), and `docker/proj1/**` does not cover `docker/*/mcp/*` (`docker/x/mcp/y`). Because
    /// identifiers are never empty, `**/*` and `**` cover each other.
    ///
    /// ```
    /// use secrets_core::Pattern;
    ///
    /// let p = |s: &str| s.parse::<Pattern>().unwrap();
    /// assert!(p("docker/**").covers(&p("docker/*/token")));
    /// assert!(!p("a/*").covers(&p("a/**")));
    /// ```
    ///
    /// # Cost
    ///
    /// Deciding inclusion can take exponential time in the worst case: the container may have to remember
    /// where each recent literal was (`**/a/*/*/*` against `**/a/**/a/**/…`). The search prunes what it
    /// can prove redundant, which keeps every family of hostile patterns we tried, with dozens of
    /// components, in milliseconds. [`narrow`](crate::narrow), which the engine runs on untrusted
    /// requests, bounds its searches on top of that.
    pub fn covers(&self, other: &Pattern) -> bool {
        !matches!(
            inclusion(self, other, &mut Work::unlimited()),
            Inclusion::Uncovered(_)
        )
    }
}

/// The outcome of an inclusion search.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Inclusion<'a> {
    Covered,
    /// An identifier the contained pattern matches and the container does not, `Fresh` standing for any
    /// component that is no literal of either pattern.
    Uncovered(Vec<Letter<'a>>),
    /// The work allowed ran out first.
    Unknown,
}

/// Whether `container` matches every non-empty identifier `contained` matches.
///
/// Why reading only a few words suffices: take an uncovered identifier and a way `contained` matches it.
/// Replace every component consumed by a `*` or `**` of `contained` with a fresh component. `contained` still
/// matches (same alignment), and `container` still does not: had it matched, each fresh component would have
/// been consumed by one of its wildcards, which would also have consumed the original component. So if any
/// counterexample exists, one exists where `contained`'s wildcards read only fresh components, which is
/// what [`WildcardsRead::FreshOnly`] reads. The search then walks over pairs of state sets (`contained`
/// read that way, `container` read normally), looking for a word `contained` accepts and `container` does
/// not.
///
/// What keeps the walk small without changing the answer:
/// - container state sets drop the states another live state makes redundant (see
///   [`PositionNfa::with_block_domination`]), so sets with the same future tend to be equal;
/// - a container state followed only by `**` accepts whatever comes next, so nothing reached from a pair
///   holding one can be a counterexample;
/// - a pair whose container set includes the container set of an already visited pair with the same
///   contained set is skipped, and dropped from the queue if that happens after it was queued: the
///   automaton is monotone, so every counterexample from it would also be one from the other pair (the
///   "antichain" method of inclusion checking);
/// - pairs with fewer container states are expanded first, because those are the ones that make others
///   redundant. Without this order, patterns like `**/a/*/*/…/*` against `**/a/**/a/**/…` visit a number
///   of pairs exponential in the number of `*`.
pub(crate) fn inclusion<'a>(
    container: &'a Pattern,
    contained: &'a Pattern,
    work: &mut Work,
) -> Inclusion<'a> {
    // The shortcuts below read both texts, eight bytes a unit.
    if !work.spend((container.as_str().len() + contained.as_str().len()).div_ceil(8)) {
        return Inclusion::Unknown;
    }
    if container == contained {
        return Inclusion::Covered;
    }
    // Two exact shortcuts for what the engine asks on every request: a
    // container of only `**` matches every (non-empty) identifier, and a
    // contained pattern without wildcards is one identifier, covered exactly
    // when the container matches it.
    if container.components().all(|c| c == Component::Globstar) {
        return Inclusion::Covered;
    }
    // (A valid pattern without wildcards is a valid identifier: the same
    // grammar less the wildcards.)
    if !contained.as_str().contains('*') {
        // Matching compares each component of one with at most every component of the other.
        if !work.spend(container.components().count() * contained.components().count()) {
            return Inclusion::Unknown;
        }
        return if container.matches_valid_id(contained.as_str()) {
            Inclusion::Covered
        } else {
            Inclusion::Uncovered(
                contained
                    .components()
                    .map(|c| Letter::Literal(c.as_str()))
                    .collect(),
            )
        };
    }
    let container: Vec<Component<'a>> = container.components().collect();
    let contained: Vec<Component<'a>> = contained.components().collect();
    let set_up = list_units(container.len())
        + list_units(contained.len())
        + PositionNfa::construction_cost(&container)
        + PositionNfa::construction_cost(&contained);
    if !work.spend(set_up) {
        return Inclusion::Unknown;
    }
    let wide = PositionNfa::new(&container, WildcardsRead::AnyLetter).with_block_domination();
    let narrow = PositionNfa::new(&contained, WildcardsRead::FreshOnly);
    let all_globstars_from = container
        .iter()
        .rposition(|component| *component != Component::Globstar)
        .map_or(0, |last| last + 1);
    let accepts_everything = |states: &StateSet| {
        states
            .iter()
            .any(|state| state >= all_globstars_from && state < container.len())
    };

    let (narrow_start, wide_start) = (narrow.start(), wide.start());
    // For each contained state set, the minimal container state sets visited with it.
    let mut visited: HashMap<StateSet, Vec<StateSet>> =
        HashMap::from([(narrow_start.clone(), vec![wide_start.clone()])]);
    // Each queued pair remembers the word that reached it, as a link into `words`, to report it.
    let mut words: Vec<(Letter<'a>, Option<usize>)> = Vec::new();
    // Queued pairs, taken out when expanded; the queue orders their indexes by container set size, then
    // by age.
    let mut pairs = vec![Some((narrow_start, wide_start, None))];
    let mut queue = BinaryHeap::from([(Reverse(0), Reverse(0))]);
    while let Some((_, Reverse(index))) = queue.pop() {
        let Some((narrow_states, wide_states, word)) = pairs[index].take() else {
            continue;
        };
        if !visited[&narrow_states].contains(&wide_states) {
            continue; // subsumed since it was queued
        }
        for letter in letters_leaving(&narrow, &narrow_states) {
            // Two steps and the word's link (a letter and an index: 32 bytes).
            if !work.spend(narrow.step_cost() + wide.step_cost() + 4) {
                return Inclusion::Unknown;
            }
            let narrow_next = narrow.step(&narrow_states, letter);
            let wide_next = wide.step(&wide_states, letter);
            words.push((letter, word));
            let word_next = Some(words.len() - 1);
            // Every state of a pattern automaton can still reach acceptance, so once the container has
            // no live state, extending the word until `contained` accepts gives a counterexample.
            if (narrow.accepts(&narrow_next) && !wide.accepts(&wide_next)) || wide_next.is_empty() {
                let mut letters = spell(&words, word_next);
                complete_to_acceptance(&narrow, narrow_next, &mut letters);
                return Inclusion::Uncovered(letters);
            }
            if accepts_everything(&wide_next) {
                continue;
            }
            // Comparing with what was visited, then (if queued) keeping both sets twice, in the
            // queue and in `visited`, plus the queue's entries.
            let minimal = visited.entry(narrow_next.clone()).or_default();
            let compare = minimal.len() * wide_next.words();
            let keep = 2 * (narrow_next.words() + wide_next.words() + 6) + 4;
            if !work.spend(compare) {
                return Inclusion::Unknown;
            }
            if minimal.iter().any(|seen| seen.is_subset(&wide_next)) {
                continue;
            }
            if !work.spend(keep) {
                return Inclusion::Unknown;
            }
            minimal.retain(|seen| !wide_next.is_subset(seen));
            minimal.push(wide_next.clone());
            queue.push((Reverse(wide_next.len()), Reverse(pairs.len())));
            pairs.push(Some((narrow_next, wide_next, word_next)));
        }
    }
    Inclusion::Covered
}

/// The distinct letters on which some state of `states` moves. Any other letter kills every state.
fn letters_leaving<'a>(nfa: &PositionNfa<'_, 'a>, states: &StateSet) -> Vec<Letter<'a>> {
    let mut letters = Vec::new();
    for state in states.iter() {
        let letter = match nfa.components().get(state) {
            Some(Component::Literal(text)) => Letter::Literal(text),
            Some(Component::Wildcard | Component::Globstar) => Letter::Fresh,
            None => continue,
        };
        if !letters.contains(&letter) {
            letters.push(letter);
        }
    }
    letters
}

fn spell<'a>(words: &[(Letter<'a>, Option<usize>)], mut link: Option<usize>) -> Vec<Letter<'a>> {
    let mut letters = Vec::new();
    while let Some(index) = link {
        let (letter, previous) = words[index];
        letters.push(letter);
        link = previous;
    }
    letters.reverse();
    letters
}

/// Extends `letters` along the shortest route from `states` to acceptance: from the lowest live state,
/// every remaining literal reads itself and every `*` a fresh component (`**` reads nothing).
fn complete_to_acceptance<'a>(
    nfa: &PositionNfa<'_, 'a>,
    states: StateSet,
    letters: &mut Vec<Letter<'a>>,
) {
    if nfa.accepts(&states) {
        return;
    }
    let Some(lowest) = states.iter().next() else {
        return;
    };
    for component in &nfa.components()[lowest..] {
        match component {
            Component::Literal(text) => letters.push(Letter::Literal(text)),
            Component::Wildcard => letters.push(Letter::Fresh),
            Component::Globstar => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> Pattern {
        text.parse().unwrap()
    }

    fn counterexample(container: &str, contained: &str) -> Option<Vec<String>> {
        let (container, contained) = (pattern(container), pattern(contained));
        match inclusion(&container, &contained, &mut Work::unlimited()) {
            Inclusion::Covered => None,
            Inclusion::Uncovered(letters) => Some(
                letters
                    .into_iter()
                    .map(|letter| match letter {
                        Letter::Literal(text) => text.to_owned(),
                        Letter::Fresh => "?".to_owned(),
                    })
                    .collect(),
            ),
            Inclusion::Unknown => unreachable!("unlimited budget"),
        }
    }

    #[test]
    fn counterexamples_name_an_uncovered_identifier() {
        assert_eq!(
            counterexample("*", "**"),
            Some(vec!["?".into(), "?".into()])
        );
        assert_eq!(counterexample("a/*", "a/**"), Some(vec!["a".into()]));
        assert_eq!(
            counterexample("docker/proj1/**", "docker/*/mcp/*"),
            Some(vec!["docker".into(), "?".into(), "mcp".into(), "?".into()])
        );
        assert_eq!(counterexample("**/*", "**"), None);
        assert_eq!(
            counterexample("x", "*/y"),
            Some(vec!["?".into(), "y".into()])
        );
    }

    /// The container must track where each of the contained pattern's floating `a` landed within the
    /// last 21 components: without the antichain pruning this visits hundreds of thousands of pairs.
    #[test]
    fn floating_literals_under_a_window_stay_cheap() {
        let window = ["*"; 20].join("/");
        let container = pattern(&format!("**/a/{window}"));
        let contained = pattern(&format!("{}/{window}", ["**/a"; 10].join("/")));
        // About 94 000 units; without the pruning, hundreds of times more.
        let mut work = Work::new(1 << 17);
        assert_eq!(
            inclusion(&container, &contained, &mut work),
            Inclusion::Covered
        );
    }

    #[test]
    fn two_windows_stay_cheap() {
        let window = ["*"; 30].join("/");
        let container = pattern(&format!("**/a/{window}/**/b/{window}"));
        let floating = |literal: &str| vec![format!("**/{literal}"); 30].join("/");
        let contained = pattern(&format!(
            "{}/{window}/{}/{window}",
            floating("a"),
            floating("b")
        ));
        // About 3.5 million units: 250 states stepped on each side per letter.
        let mut work = Work::new(1 << 22);
        assert_eq!(
            inclusion(&container, &contained, &mut work),
            Inclusion::Covered
        );
    }

    /// Backtracking glob matching, to check answers independently.
    fn model_matches(pattern: &[&str], id: &[&str]) -> bool {
        match pattern.split_first() {
            None => id.is_empty(),
            Some((&"**", rest)) => (0..=id.len()).any(|skip| model_matches(rest, &id[skip..])),
            Some((&"*", rest)) => !id.is_empty() && model_matches(rest, &id[1..]),
            Some((literal, rest)) => id.first() == Some(literal) && model_matches(rest, &id[1..]),
        }
    }

    fn pattern_of(components: Vec<&str>) -> Pattern {
        components.join("/").parse().unwrap()
    }

    /// A variant of `components`: mostly specialisations (`**` → `*`, `*` → `a`, `**` → `**/a/**`,
    /// `**` dropped), which the original covers, and some arbitrary edits, which it may not.
    fn variant<'a>(components: &[&'a str], edits: &[u8]) -> Vec<&'a str> {
        let mut out = Vec::new();
        for (component, edit) in components.iter().zip(edits.iter().cycle()) {
            match (edit % 6, *component) {
                (1, "**") => out.push("*"),
                (1, "*") => out.push("a"),
                (2, "**") => out.extend(["**", "a", "**"]),
                (3, "**") => {}
                (4, _) => out.push(["a", "b", "*", "**"][usize::from(edit / 6 % 4)]),
                (5, _) => out.extend([*component, "*"]),
                _ => out.push(component),
            }
        }
        if out.is_empty() {
            out.push("b");
        }
        out
    }

    proptest::proptest! {
        /// Longer patterns than the exhaustive tests in `tests/algebra_props.rs` use, so that the state
        /// set reductions come into play. A "no" is checked through its counterexample, a "yes" against
        /// every identifier of up to 7 components over `a`, `b` and a fresh `c`.
        #[test]
        fn answers_are_certified(
            components in proptest::collection::vec(
                proptest::sample::select(vec!["a", "b", "*", "**"]), 1..=8),
            edits in proptest::collection::vec(proptest::num::u8::ANY, 1..=8),
            swap in proptest::bool::ANY,
        ) {
            let (mut container, mut contained) =
                (pattern_of(components.clone()), pattern_of(variant(&components, &edits)));
            if swap {
                std::mem::swap(&mut container, &mut contained);
            }
            let outer: Vec<&str> = container.as_str().split('/').collect();
            let inner: Vec<&str> = contained.as_str().split('/').collect();
            match inclusion(&container, &contained, &mut Work::unlimited()) {
                Inclusion::Uncovered(letters) => {
                    let id: Vec<&str> = letters
                        .iter()
                        .map(|letter| match letter {
                            Letter::Literal(text) => *text,
                            Letter::Fresh => "c",
                        })
                        .collect();
                    proptest::prop_assert!(!id.is_empty());
                    proptest::prop_assert!(model_matches(&inner, &id), "{:?} not in {}", id, contained);
                    proptest::prop_assert!(!model_matches(&outer, &id), "{:?} in {}", id, container);
                }
                Inclusion::Covered => {
                    let mut ids: Vec<Vec<&str>> = vec![Vec::new()];
                    for _ in 0..7 {
                        ids = ids
                            .iter()
                            .flat_map(|id| ["a", "b", "c"].map(|c| [id.as_slice(), &[c]].concat()))
                            .collect();
                        for id in &ids {
                            proptest::prop_assert!(
                                !model_matches(&inner, id) || model_matches(&outer, id),
                                "{:?} in {} but not in {}", id, contained, container
                            );
                        }
                    }
                }
                Inclusion::Unknown => unreachable!("unlimited budget"),
            }
        }
    }

    #[test]
    fn exhausted_work_says_unknown() {
        let container = pattern("**/a/*/*/*");
        let contained = pattern("**/a/**/a/**/a/*/*/*");
        let mut work = Work::new(200);
        assert_eq!(
            inclusion(&container, &contained, &mut work),
            Inclusion::Unknown
        );
        assert!(container.covers(&contained));
    }
}
