//! Intersection: which identifiers do two patterns both match, written as patterns?

use std::collections::{HashMap, HashSet};

use super::inclusion::{Inclusion, inclusion};
use super::work::{Work, list_units};
use crate::pattern::{Component, Pattern, normalise};
use crate::pattern_set::PatternSet;

impl Pattern {
    /// Whether some identifier is matched by both patterns.
    ///
    /// The same as `!narrow(self, other).is_empty()`, in O(len(self) × len(other)) time and
    /// O(len(other)) memory.
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

/// The work one [`narrow`] may do besides its overlap test, in units of [`Work`] (a state visited, a
/// pair of components compared or eight bytes kept). Real patterns need a few hundred; the bound only
/// matters for hostile requests, which it holds to about a millisecond and half a MiB.
const NARROW_WORK: usize = 1 << 16;

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
/// checked against `request` (which the engine does for every answer anyway).
///
/// # Cost
///
/// For patterns of `n` and `m` components, at most `NARROW_WORK` = 2¹⁶ units of work (each a state
/// visited, a pair of components compared, or eight bytes of memory kept), plus the overlap test's
/// `O(n·m)` time and `O(m)` memory: under a millisecond and under a MiB for the largest patterns the
/// grammar allows. When the units run out the answer is `plugin`, as for a large answer.
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
    let mut work = Work::new(NARROW_WORK);
    if inclusion(plugin, request, &mut work) == Inclusion::Covered {
        return PatternSet::from(request.clone());
    }
    if inclusion(request, plugin, &mut work) == Inclusion::Covered {
        return PatternSet::from(plugin.clone());
    }
    if !plugin.overlaps(request) {
        return PatternSet::new();
    }
    let fallback = || PatternSet::from(plugin.clone());
    let (plugin_len, request_len) = (plugin.components().count(), request.components().count());
    // Both component lists, each normalised into a copy.
    if !work.spend(2 * (list_units(plugin_len) + list_units(request_len))) {
        return fallback();
    }
    let left = normalise(&plugin.components().collect::<Vec<_>>());
    let right = normalise(&request.components().collect::<Vec<_>>());
    let Some(lists) = intersect(&left, &right, &mut work) else {
        return fallback();
    };
    let lists: Vec<&Vec<Component<'_>>> = lists.iter().filter(|c| !c.is_empty()).collect();
    // The candidates' text: no longer than both patterns together, plus a string header each.
    let text = plugin.as_str().len() + request.as_str().len() + 1;
    if !work.spend(lists.len() * (text.div_ceil(8) + 3)) {
        return fallback();
    }
    let candidates = lists
        .into_iter()
        .map(|components| Pattern::from_components(components));
    // Where the work runs out, a member is kept although another might cover it: the union is the same.
    let exact = PatternSet::minimal(candidates, |container, contained| {
        inclusion(container, contained, &mut work) == Inclusion::Covered
    });
    if exact.len() > NARROW_LIMIT {
        return fallback();
    }
    exact
}

/// Whether two patterns share a non-empty identifier: reachability in the product of their position
/// automata, where a pair of components can read a common letter unless they are two different literals.
///
/// A state is `(i, j, read)`: `left[..i]` and `right[..j]` have matched the same components, at least one
/// if `read`. Every move leaves `i` and `j` as they are or larger, so the states can be settled row by
/// row (`i`), each row left to right (`j`), keeping only the previous row: O(n·m) time, O(m) memory.
/// The moves out of `(i, j, read)`:
/// - `left[i]` is `**` and matches nothing more: `(i + 1, j, read)`; the same for `right[j]`;
/// - `left[i]` and `right[j]` read one common component: each side moves past its component unless it
///   is a `**` (which can read more), to `(…, …, true)`.
fn intersection_is_inhabited(left: &[Component<'_>], right: &[Component<'_>]) -> bool {
    let globstar = |component: Option<&Component<'_>>| component == Some(&Component::Globstar);
    // For each `j`, whether `(i, j, false)` and `(i, j, true)` are reachable.
    let mut previous: Vec<[bool; 2]> = Vec::new();
    let mut row = vec![[false; 2]; right.len() + 1];
    for i in 0..=left.len() {
        for j in 0..=right.len() {
            let mut reach = [i == 0 && j == 0, false];
            let any = |cell: [bool; 2]| cell[0] || cell[1];
            if i > 0 {
                let above = previous[j];
                // `left[i - 1]` is a `**` that stops, or a component read with `right[j]`'s `**`.
                if globstar(left.get(i - 1)) {
                    reach[0] |= above[0];
                    reach[1] |= above[1];
                } else if globstar(right.get(j)) {
                    reach[1] |= any(above);
                }
            }
            if j > 0 {
                let before = row[j - 1];
                if globstar(right.get(j - 1)) {
                    reach[0] |= before[0];
                    reach[1] |= before[1];
                } else if globstar(left.get(i)) {
                    reach[1] |= any(before);
                }
            }
            if i > 0
                && j > 0
                && !globstar(left.get(i - 1))
                && !globstar(right.get(j - 1))
                && meet(left[i - 1], right[j - 1]).is_some()
            {
                reach[1] |= any(previous[j - 1]);
            }
            // Two `**` reading one component together and staying.
            if globstar(left.get(i)) && globstar(right.get(j)) {
                reach[1] |= reach[0];
            }
            row[j] = reach;
        }
        previous.clone_from(&row);
    }
    previous[right.len()][1]
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

/// The most component lists one suffix pair may hold before [`intersect`] gives up: past it the answer
/// will not fit in [`NARROW_LIMIT`] patterns after covered ones are dropped, in practice.
const MAX_LISTS_PER_CELL: usize = 4 * NARROW_LIMIT;

/// Component lists whose union matches exactly the sequences (the empty one included) matched by both
/// `left` and `right`, or `None` when that takes more than `work` or a cell holds more than
/// [`MAX_LISTS_PER_CELL`] lists.
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
/// normalised and deduplicated. Each cell is paid for before it is built: its place in the table, and for
/// each of its lists two copies and the comparisons of sorting (at most `2 × MAX_LISTS_PER_CELL` lists,
/// so seven per component).
fn intersect<'a>(
    left: &[Component<'a>],
    right: &[Component<'a>],
    work: &mut Work,
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
                // The set's entry, the stack's and the order's.
                if !work.spend(6) {
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
        let cost: usize = [(i + 1, j), (i, j + 1), (i + 1, j + 1)]
            .into_iter()
            .flat_map(get)
            .map(|tail| 2 * list_units(tail.len() + 1) + 7 * (tail.len() + 1))
            .sum();
        if !work.spend(cost + list_units(0)) {
            return None;
        }
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
