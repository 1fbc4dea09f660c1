//! The position automaton of a pattern, read one identifier component at a time.
//!
//! State `i` means "the first `i` pattern components have matched what was read so far"; state `n` (the
//! number of components) accepts. A literal moves `i → i+1` on its own text, `*` on any component, and `**`
//! loops on any component and also moves to `i+1` without reading (an epsilon move). Tracking the set of
//! live states makes matching linear in the identifier for a fixed pattern, whatever the number of `**`.

use crate::pattern::Component;

/// One identifier component fed to an automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Letter<'a> {
    /// A component with this text.
    Literal(&'a str),
    /// A component equal to no literal of the patterns being compared. The inclusion check needs only one
    /// such component: a wildcard cannot tell two of them apart, and a literal matches neither.
    Fresh,
}

/// How `*` and `**` read components.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WildcardsRead {
    /// Any component, the meaning of a pattern.
    AnyLetter,
    /// Only [`Letter::Fresh`]. The inclusion check reads the contained pattern this way: its hardest words
    /// put a fresh component wherever it has a wildcard (see `algebra::inclusion`).
    FreshOnly,
}

/// A set of automaton states, as a bit set.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct StateSet(Vec<u64>);

impl StateSet {
    fn empty(states: usize) -> Self {
        Self(vec![0; states.div_ceil(64)])
    }

    fn insert(&mut self, state: usize) {
        self.0[state / 64] |= 1 << (state % 64);
    }

    fn from_states(states: usize, members: impl IntoIterator<Item = usize>) -> Self {
        let mut set = Self::empty(states);
        for member in members {
            set.insert(member);
        }
        set
    }

    /// The highest state in both `self` and `mask`.
    fn highest_in(&self, mask: &StateSet) -> Option<usize> {
        self.0
            .iter()
            .zip(&mask.0)
            .enumerate()
            .rev()
            .find_map(|(index, (mine, theirs))| {
                let both = mine & theirs;
                (both != 0).then(|| index * 64 + 63 - both.leading_zeros() as usize)
            })
    }

    fn remove(&mut self, state: usize) {
        self.0[state / 64] &= !(1 << (state % 64));
    }

    fn clear_below(&mut self, state: usize) {
        let (whole_words, bits) = (state / 64, state % 64);
        self.0[..whole_words].fill(0);
        self.0[whole_words] &= !0 << bits;
    }

    pub(crate) fn contains(&self, state: usize) -> bool {
        self.0[state / 64] & (1 << (state % 64)) != 0
    }

    /// Whether every state of `self` is in `other` (both sets from the same automaton).
    fn intersects(&self, other: &StateSet) -> bool {
        self.0
            .iter()
            .zip(&other.0)
            .any(|(mine, theirs)| mine & theirs != 0)
    }

    /// How many 64-bit words the set takes.
    pub(crate) fn words(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn is_subset(&self, other: &StateSet) -> bool {
        self.0
            .iter()
            .zip(&other.0)
            .all(|(mine, theirs)| mine & !theirs == 0)
    }

    pub(crate) fn len(&self) -> u32 {
        self.0.iter().map(|word| word.count_ones()).sum()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.iter().all(|word| *word == 0)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(index, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                Some(index * 64 + bit)
            })
        })
    }
}

/// The position automaton of one pattern (see the module documentation).
pub(crate) struct PositionNfa<'p, 'a> {
    components: &'p [Component<'a>],
    wildcards: WildcardsRead,
    /// For each state, later states of its block that match at least everything it matches (see
    /// [`PositionNfa::drop_redundant`]). All empty unless built [`PositionNfa::with_block_domination`].
    dominated_by: Vec<StateSet>,
    /// The `**` states, as a set.
    globstars: StateSet,
}

/// Blocks longer than this get no domination table: it costs the cube of the block's length, and
/// leaving it out only makes state sets larger, never wrong.
const MAX_DOMINATION_BLOCK: usize = 64;

impl<'p, 'a> PositionNfa<'p, 'a> {
    pub(crate) fn new(components: &'p [Component<'a>], wildcards: WildcardsRead) -> Self {
        Self {
            components,
            wildcards,
            dominated_by: Vec::new(),
            globstars: StateSet::from_states(
                components.len() + 1,
                (0..components.len()).filter(|&state| components[state] == Component::Globstar),
            ),
        }
    }

    /// Also drops states of a block that a later state of the same block makes redundant (see
    /// [`PositionNfa::drop_redundant`]). Worth its set-up cost when many state sets are compared, as in
    /// the inclusion search; plain matching does without.
    pub(crate) fn with_block_domination(mut self) -> Self {
        if self.wildcards != WildcardsRead::AnyLetter {
            return self;
        }
        let components = self.components;
        let states = components.len() + 1;
        self.dominated_by = vec![StateSet::empty(states); states];
        for (start, end) in blocks_before_a_globstar(components) {
            if end - start > MAX_DOMINATION_BLOCK {
                continue;
            }
            for earlier in start..end {
                self.dominated_by[earlier] = StateSet::from_states(
                    states,
                    (earlier + 1..end).filter(|&later| {
                        (0..end - later).all(|offset| {
                            let at_later = components[later + offset];
                            at_later == Component::Wildcard
                                || at_later == components[earlier + offset]
                        })
                    }),
                );
            }
        }
        self
    }

    /// The pattern's components (state `i` waits on component `i`).
    /// An upper bound on the work of [`PositionNfa::new`] followed by
    /// [`PositionNfa::with_block_domination`] for `components`, in work units (see `algebra::work`): the
    /// domination table's words, and its comparisons, `(len³ − len) / 6` for each block of `len`
    /// components.
    pub(crate) fn construction_cost(components: &[Component<'_>]) -> usize {
        let states = components.len() + 1;
        let comparisons: usize = blocks_before_a_globstar(components)
            .into_iter()
            .map(|(start, end)| end - start)
            .filter(|&len| len <= MAX_DOMINATION_BLOCK)
            .map(|len| (len * len * len - len) / 6)
            .sum();
        states * (states.div_ceil(64) + 1) + comparisons
    }

    /// An upper bound on the work of one [`PositionNfa::step`], in work units (see `algebra::work`): it
    /// visits every state once to move and once to close, and checks each against a domination set.
    pub(crate) fn step_cost(&self) -> usize {
        let states = self.components.len() + 1;
        states * (2 + states.div_ceil(64))
    }

    pub(crate) fn components(&self) -> &'p [Component<'a>] {
        self.components
    }

    /// The states live before anything is read.
    pub(crate) fn start(&self) -> StateSet {
        let mut states = StateSet::empty(self.components.len() + 1);
        states.insert(0);
        self.close(&mut states);
        self.drop_redundant(&mut states);
        states
    }

    /// The states live after reading `letter` from `states`.
    pub(crate) fn step(&self, states: &StateSet, letter: Letter<'_>) -> StateSet {
        let mut next = StateSet::empty(self.components.len() + 1);
        for state in states.iter() {
            let Some(component) = self.components.get(state) else {
                continue; // the accepting state reads nothing
            };
            let wildcard_reads = match self.wildcards {
                WildcardsRead::AnyLetter => true,
                WildcardsRead::FreshOnly => letter == Letter::Fresh,
            };
            match component {
                Component::Literal(text) => {
                    if letter == Letter::Literal(text) {
                        next.insert(state + 1);
                    }
                }
                Component::Wildcard => {
                    if wildcard_reads {
                        next.insert(state + 1);
                    }
                }
                Component::Globstar => {
                    if wildcard_reads {
                        next.insert(state);
                    }
                }
            }
        }
        self.close(&mut next);
        self.drop_redundant(&mut next);
        next
    }

    /// Whether `states` has matched the whole pattern.
    pub(crate) fn accepts(&self, states: &StateSet) -> bool {
        states.contains(self.components.len())
    }

    /// Drops live states whose future is already covered by another live state, so that state sets stay
    /// small and two sets with the same future tend to be equal. Only when wildcards read any letter:
    /// - everything below the highest live `**` at `g`: from a state `i < g` the pattern can still match
    ///   `(components i..g) · anything · (components after g)`, which the `**` matches too;
    /// - with [`PositionNfa::with_block_domination`], a state of a `**`-free block followed by `**` when a
    ///   later live state of the same block agrees with it on what remains of the block (each remaining
    ///   component of the later state is `*` or the same literal as the earlier state's component at the
    ///   same offset): the later state needs a prefix of what the earlier one needs, and the `**` after
    ///   the block absorbs the difference. In `**/a/*/*/*/**`, a live `a/*` state makes any live `a`
    ///   state redundant.
    fn drop_redundant(&self, states: &mut StateSet) {
        if self.wildcards != WildcardsRead::AnyLetter {
            return;
        }
        if let Some(globstar) = states.highest_in(&self.globstars) {
            states.clear_below(globstar);
        }
        if self.dominated_by.is_empty() {
            return;
        }
        let redundant: Vec<usize> = states
            .iter()
            .filter(|&state| self.dominated_by[state].intersects(states))
            .collect();
        for state in redundant {
            states.remove(state);
        }
    }

    /// Adds the epsilon moves: `**` may match nothing. One ascending pass suffices because every epsilon
    /// move goes forward by one.
    fn close(&self, states: &mut StateSet) {
        for (state, component) in self.components.iter().enumerate() {
            if *component == Component::Globstar && states.contains(state) {
                states.insert(state + 1);
            }
        }
    }
}

/// The `[start, end)` ranges of `**`-free blocks that are directly followed by a `**`.
fn blocks_before_a_globstar(components: &[Component<'_>]) -> Vec<(usize, usize)> {
    let mut blocks = Vec::new();
    let mut start = 0;
    for (index, component) in components.iter().enumerate() {
        if *component == Component::Globstar {
            if start < index {
                blocks.push((start, index));
            }
            start = index + 1;
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_sets_span_several_words() {
        let mut states = StateSet::empty(130);
        for state in [0, 63, 64, 129] {
            states.insert(state);
        }
        assert_eq!(states.iter().collect::<Vec<_>>(), [0, 63, 64, 129]);
        assert!(!states.contains(65));
        assert!(StateSet::empty(130).is_empty());
        assert!(StateSet::empty(130).is_subset(&states));
        assert!(states.is_subset(&states));
        let mut fewer = StateSet::empty(130);
        fewer.insert(64);
        assert!(fewer.is_subset(&states) && !states.is_subset(&fewer));
    }

    #[test]
    fn redundant_states_are_dropped() {
        let p = |text: &'static str| -> Vec<Component<'static>> {
            text.split('/').map(Component::from_valid).collect()
        };
        let live = |nfa: &PositionNfa<'_, '_>, word: &[&str]| {
            let mut states = nfa.start();
            for component in word {
                states = nfa.step(&states, Letter::Literal(component));
            }
            states.iter().collect::<Vec<_>>()
        };
        // The `a` two components ago makes the newer one redundant: it completes `a/*/*` first.
        let window = p("**/a/*/*/**/b");
        let nfa = PositionNfa::new(&window, WildcardsRead::AnyLetter).with_block_domination();
        assert_eq!(live(&nfa, &["a", "a"]), [0, 3]);
        // Reaching the second `**` makes everything before it redundant.
        assert_eq!(live(&nfa, &["a", "a", "x", "x"]), [4, 5]);
        // A literal later in the block must agree: `a/b` does not make `a` redundant in `**/a/b/**`.
        let strict = p("**/x/a/x/b/**");
        let nfa = PositionNfa::new(&strict, WildcardsRead::AnyLetter).with_block_domination();
        assert_eq!(live(&nfa, &["x", "a", "x"]), [0, 1, 2, 4]);
    }

    #[test]
    fn fresh_only_wildcards_ignore_literals() {
        let components = [Component::Globstar, Component::Literal("a")];
        let nfa = PositionNfa::new(&components, WildcardsRead::FreshOnly);
        let start = nfa.start();
        assert!(nfa.step(&start, Letter::Literal("b")).is_empty());
        assert!(nfa.accepts(&nfa.step(&start, Letter::Literal("a"))));
        let after_fresh = nfa.step(&start, Letter::Fresh);
        assert_eq!(after_fresh, start);
    }
}
