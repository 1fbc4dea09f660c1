//! Intersection: which identifiers do two patterns both match, written as patterns?

use std::collections::{HashMap, HashSet};

use super::inclusion::{Inclusion, SearchBudget, inclusion};
use crate::pattern::{Component, Pattern, normalise};
use crate::pattern_set::PatternSet;

impl Pattern {
    /// Whether some identifier is matched by both patterns.
    ///
    /// The same as `!narrow(self, other).is_empty()`, in O(len(self) × len(other)) time.
    pub fn overlaps(&self, other: &Pattern) -> bool {
        let left: Vec<Component<'_>> = self.components().collect();
        let right: Vec<Component<'_>> = other.components().collect();
        intersection_is_inhabited(&left, &right)
    }
}

/// The most patterns [`narrow`] answers with before giving up on an exact answer.
///
/// The engine sends one request per pattern, so an exact answer longer than this costs more than asking
/// the plugin for its whole scope and filtering what comes back.
pub const NARROW_LIMIT: usize = 16;

/// How many pairs of state sets all inclusion searches of one [`narrow`] may visit together. Real
/// patterns need a handful; the bound only matters for hostile requests.
const NARROW_SEARCH_BUDGET: usize = 20_000;

/// The patterns to send a plugin registered for `plugin` instead of `request`: their union matches exactly
/// the identifiers both patterns match. Empty exactly when they share no identifier.
///
/// When one pattern covers the other the answer is the narrower one as written (so a request inside the
/// plugin's scope is forwarded unchanged). Otherwise it is computed: each pattern in the answer is covered by
/// both inputs, and patterns another one covers are left out.
///
/// ```
/// use secrets_core::{Pattern, narrow};
///
/// let p = |s: &str| s.parse::<Pattern>().unwrap();
/// assert_eq!(narrow(&p("a/*"), &p("a/**")).to_string(), "a/*");
/// assert_eq!(narrow(&p("a/b/*"), &p("*/b/c")).to_string(), "a/b/c");
/// assert_eq!(narrow(&p("docker/**"), &p("*")).to_string(), "docker");
/// assert!(narrow(&p("x/**"), &p("y/**")).is_empty());
/// ```
///
/// # Large answers
///
/// When both patterns have several literals floating between `**`, the exact answer lists the ways those
/// literals can interleave (`**/a/**` and `**/b/**` give `**/a/**/b/**` and `**/b/**/a/**`), which grows
/// exponentially. If the exact answer needs more than [`NARROW_LIMIT`] patterns, or is too costly to
/// compute, the answer is `plugin` alone instead: still inside the plugin's scope and still containing
/// every identifier both match, but broader than `request`, so identifiers the plugin returns must be
/// checked against `request` (which the engine does for every answer anyway). The work is bounded, apart
/// from a pass over all pairs of components (quadratic in the patterns' lengths).
pub fn narrow(plugin: &Pattern, request: &Pattern) -> PatternSet {
    // The engine narrows for every plugin on every request, and most
    // requests, and some plugin scopes, are one identifier: the intersection
    // is then that identifier or nothing, without an inclusion search.
    for (id, other) in [(request, plugin), (plugin, request)] {
        if id.is_id() {
            return if other.matches_id_pattern(id) {
                PatternSet::from(id.clone())
            } else {
                PatternSet::new()
            };
        }
    }
    let mut budget = SearchBudget::new(NARROW_SEARCH_BUDGET);
    if inclusion(plugin, request, &mut budget) == Inclusion::Covered {
        return PatternSet::from(request.clone());
    }
    if inclusion(request, plugin, &mut budget) == Inclusion::Covered {
        return PatternSet::from(plugin.clone());
    }
    if !plugin.overlaps(request) {
        return PatternSet::new();
    }
    let left = normalise(&plugin.components().collect::<Vec<_>>());
    let right = normalise(&request.components().collect::<Vec<_>>());
    let Some(lists) = intersect(&left, &right) else {
        return PatternSet::from(plugin.clone());
    };
    let candidates = lists
        .iter()
        .filter(|components| !components.is_empty())
        .map(|components| Pattern::from_components(components));
    // Where the budget runs out, a member is kept although another might cover it: the union is the same.
    let exact = PatternSet::minimal(candidates, |container, contained| {
        inclusion(container, contained, &mut budget) == Inclusion::Covered
    });
    if exact.len() > NARROW_LIMIT {
        return PatternSet::from(plugin.clone());
    }
    exact
}

/// Whether two patterns share a non-empty identifier: reachability in the product of their position
/// automata, where a pair of components can read a common letter unless they are two different literals.
fn intersection_is_inhabited(left: &[Component<'_>], right: &[Component<'_>]) -> bool {
    let width = right.len() + 1;
    // State (i, j, read_something), flattened.
    let index = |i: usize, j: usize, read: bool| (i * width + j) * 2 + usize::from(read);
    let mut seen = vec![false; (left.len() + 1) * width * 2];
    let mut stack = vec![(0, 0, false)];
    seen[index(0, 0, false)] = true;
    while let Some((i, j, read)) = stack.pop() {
        if read && i == left.len() && j == right.len() {
            return true;
        }
        let mut next = Vec::with_capacity(3);
        if left.get(i) == Some(&Component::Globstar) {
            next.push((i + 1, j, read));
        }
        if right.get(j) == Some(&Component::Globstar) {
            next.push((i, j + 1, read));
        }
        if let (Some(a), Some(b)) = (left.get(i), right.get(j))
            && meet(*a, *b).is_some()
        {
            let advance = |component: &Component<'_>, position: usize| {
                position + usize::from(*component != Component::Globstar)
            };
            next.push((advance(a, i), advance(b, j), true));
        }
        for (i, j, read) in next {
            if !seen[index(i, j, read)] {
                seen[index(i, j, read)] = true;
                stack.push((i, j, read));
            }
        }
    }
    false
}

/// The component matching one identifier component exactly when both `a` and `b` do, for components that
/// each read exactly one (`**` is handled by the caller).
fn meet<'a>(a: Component<'a>, b: Component<'a>) -> Option<Component<'a>> {
    match (a, b) {
        (Component::Literal(x), Component::Literal(y)) => (x == y).then_some(a),
        (Component::Literal(_), _) => Some(a),
        (_, Component::Literal(_)) => Some(b),
        (Component::Globstar, _) | (_, Component::Globstar) => Some(Component::Globstar),
        (Component::Wildcard, Component::Wildcard) => Some(Component::Wildcard),
    }
}

/// The most suffix pairs [`intersect`] visits, and the most component lists one of them may hold, before
/// it gives up. Both bound the work spent on pathological inputs (thousands of components, or many
/// interleavings); real patterns stay far below.
const MAX_CELLS: usize = 1 << 16;
const MAX_LISTS_PER_CELL: usize = 4 * NARROW_LIMIT;

/// Component lists whose union matches exactly the sequences (the empty one included) matched by both
/// `left` and `right`, or `None` when that takes more than the limits above.
///
/// `I(i, j)` is the answer for the suffixes `left[i..]` and `right[j..]`:
/// - `I(end, end) = {ε}`; `I(end, j) = {ε}` if `right[j..]` is all `**` (it can match nothing), else `∅`;
///   symmetrically for `I(i, end)`.
/// - two single-component heads: their [`meet`] followed by `I(i+1, j+1)`, or `∅` if they cannot meet.
/// - `**` against a single-component head `x`: the `**` matches nothing (`I(i+1, j)`) or it matches at
///   least the component `x` reads (`x` followed by `I(i, j+1)`).
/// - `**` against `**`: in a common match, one of the two `**` consumed no more than the other; the shorter
///   one's match is a prefix of the longer one's, so the result is `**` followed by `I(i+1, j)` or by
///   `I(i, j+1)`.
///
/// Only the pairs reachable from `(0, 0)` are computed, from the ends backwards. Every entry is
/// normalised and deduplicated.
fn intersect<'a>(
    left: &[Component<'a>],
    right: &[Component<'a>],
) -> Option<Vec<Vec<Component<'a>>>> {
    let next_cells = |(i, j): (usize, usize)| -> Vec<(usize, usize)> {
        match (left.get(i), right.get(j)) {
            (None, _) | (_, None) => Vec::new(),
            (Some(Component::Globstar), _) | (_, Some(Component::Globstar)) => {
                vec![(i + 1, j), (i, j + 1)]
            }
            (Some(&a), Some(&b)) => match meet(a, b) {
                Some(_) => vec![(i + 1, j + 1)],
                None => Vec::new(),
            },
        }
    };
    let mut reachable: HashSet<(usize, usize)> = HashSet::from([(0, 0)]);
    let mut pending = vec![(0, 0)];
    while let Some(cell) = pending.pop() {
        for next in next_cells(cell) {
            if reachable.insert(next) {
                if reachable.len() > MAX_CELLS {
                    return None;
                }
                pending.push(next);
            }
        }
    }
    let mut order: Vec<(usize, usize)> = reachable.into_iter().collect();
    // Every entry depends on entries with a larger `i` or the same `i` and a larger `j`.
    order.sort_unstable_by(|a, b| b.cmp(a));

    let only_globstars =
        |components: &[Component<'_>]| components.iter().all(|c| *c == Component::Globstar);
    let mut table: HashMap<(usize, usize), Vec<Vec<Component<'a>>>> = HashMap::new();
    for (i, j) in order {
        let get = |cell: (usize, usize)| table.get(&cell).map_or(&[][..], Vec::as_slice);
        let entry = match (left.get(i), right.get(j)) {
            (None, None) => vec![Vec::new()],
            (None, Some(_)) if only_globstars(&right[j..]) => vec![Vec::new()],
            (Some(_), None) if only_globstars(&left[i..]) => vec![Vec::new()],
            (None, Some(_)) | (Some(_), None) => Vec::new(),
            (Some(Component::Globstar), Some(Component::Globstar)) => {
                let mut entry = prefixed(Component::Globstar, get((i + 1, j)));
                entry.extend(prefixed(Component::Globstar, get((i, j + 1))));
                entry
            }
            (Some(Component::Globstar), Some(&head)) => {
                let mut entry = get((i + 1, j)).to_vec();
                entry.extend(prefixed(head, get((i, j + 1))));
                entry
            }
            (Some(&head), Some(Component::Globstar)) => {
                let mut entry = get((i, j + 1)).to_vec();
                entry.extend(prefixed(head, get((i + 1, j))));
                entry
            }
            (Some(&a), Some(&b)) => match meet(a, b) {
                Some(head) => prefixed(head, get((i + 1, j + 1))),
                None => Vec::new(),
            },
        };
        let mut entry: Vec<Vec<Component<'a>>> = entry.iter().map(|c| normalise(c)).collect();
        entry.sort();
        entry.dedup();
        if entry.len() > MAX_LISTS_PER_CELL {
            return None;
        }
        table.insert((i, j), entry);
    }
    table.remove(&(0, 0))
}

fn prefixed<'a>(head: Component<'a>, tails: &[Vec<Component<'a>>]) -> Vec<Vec<Component<'a>>> {
    tails
        .iter()
        .map(|tail| {
            let mut components = Vec::with_capacity(tail.len() + 1);
            components.push(head);
            components.extend_from_slice(tail);
            components
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> Pattern {
        text.parse().unwrap()
    }

    #[test]
    fn overlap_needs_a_non_empty_identifier() {
        assert!(pattern("**").overlaps(&pattern("**")));
        assert!(pattern("a/**").overlaps(&pattern("**/a")));
        assert!(!pattern("a/*").overlaps(&pattern("a")));
        assert!(!pattern("x/**").overlaps(&pattern("y/**")));
    }

    #[test]
    fn realistic_narrowing_is_exact() {
        let narrowed =
            |plugin: &str, request: &str| narrow(&pattern(plugin), &pattern(request)).to_string();
        assert_eq!(narrowed("docker/**", "**/token"), "docker/**/token");
        assert_eq!(narrowed("**/token", "team/**"), "team/**/token");
        assert_eq!(narrowed("docker/*", "**/x/**"), "docker/x");
        assert_eq!(narrowed("docker/**", "**/x/**/y/**"), "docker/**/x/**/y/**");
        assert_eq!(narrowed("a/**", "*/b/**"), "a/b/**");
    }

    #[test]
    fn too_many_interleavings_fall_back_to_the_plugin_pattern() {
        // Four floating literals on each side interleave in C(8, 4) = 70 ways.
        let plugin = pattern("**/a/**/b/**/c/**/d/**");
        let request = pattern("**/e/**/f/**/g/**/h/**");
        assert_eq!(narrow(&plugin, &request), PatternSet::from(plugin.clone()));
        // As many components as a pattern may have: too many suffix pairs to visit.
        let long = |literal: &str| {
            pattern(&format!(
                "{}/**",
                vec![format!("**/{literal}"); (crate::MAX_COMPONENTS - 1) / 2].join("/")
            ))
        };
        let (plugin, request) = (long("a"), long("b"));
        assert_eq!(narrow(&plugin, &request), PatternSet::from(plugin.clone()));
    }

    #[test]
    fn intersection_of_two_floating_literals_lists_both_orders() {
        let set = narrow(&pattern("**/a/**"), &pattern("**/b/**"));
        assert_eq!(set.to_string(), "**/a/**/b/**, **/b/**/a/**");
    }
}
