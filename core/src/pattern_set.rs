//! [`PatternSet`]: a union of patterns, the answer of [`narrow`](crate::narrow).

use std::fmt;

use crate::id::SecretId;
use crate::pattern::Pattern;

/// A union of patterns: matches an identifier when any member does.
///
/// Kept small and canonical: members are sorted by text, so iteration order is deterministic, and a
/// member covered by another is dropped, since it adds no identifier (of two members matching the same
/// identifiers, the one sorting first stays). [`narrow`](crate::narrow) bounds the work it spends on
/// finding covered members, so on hostile inputs its answers may keep a few.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PatternSet(Vec<Pattern>);

impl PatternSet {
    /// The empty set, matching nothing.
    pub fn new() -> Self {
        Self(Vec::new())
    }

    /// Whether the set matches nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The members, sorted by text.
    pub fn iter(&self) -> std::slice::Iter<'_, Pattern> {
        self.0.iter()
    }

    /// The members, sorted by text.
    pub fn as_slice(&self) -> &[Pattern] {
        &self.0
    }

    /// Whether some member matches `id`.
    pub fn matches(&self, id: &SecretId) -> bool {
        self.0.iter().any(|pattern| pattern.matches(id))
    }

    /// The only member, if there is exactly one.
    pub fn as_single(&self) -> Option<&Pattern> {
        match self.0.as_slice() {
            [single] => Some(single),
            _ => None,
        }
    }

    /// The only member, if there is exactly one.
    pub fn into_single(self) -> Option<Pattern> {
        let mut members = self.0;
        if members.len() == 1 {
            members.pop()
        } else {
            None
        }
    }
}

impl From<Pattern> for PatternSet {
    fn from(pattern: Pattern) -> Self {
        Self(vec![pattern])
    }
}

impl PatternSet {
    /// Sorts and deduplicates `patterns`, then drops each one `covers` says another covers.
    ///
    /// `covers` may answer `false` when it does not know (the result is then still the same union, only
    /// less small).
    pub(crate) fn minimal(
        patterns: impl IntoIterator<Item = Pattern>,
        mut covers: impl FnMut(&Pattern, &Pattern) -> bool,
    ) -> Self {
        let mut candidates: Vec<Pattern> = patterns.into_iter().collect();
        candidates.sort();
        candidates.dedup();
        let mut kept = Vec::with_capacity(candidates.len());
        for (index, candidate) in candidates.iter().enumerate() {
            let redundant = candidates.iter().enumerate().any(|(other_index, other)| {
                other_index != index
                    && covers(other, candidate)
                    // Two members with the same identifiers cover each other: keep the first.
                    && (other_index < index || !covers(candidate, other))
            });
            if !redundant {
                kept.push(candidate.clone());
            }
        }
        Self(kept)
    }
}

/// Collects patterns into their canonical union: sorted, deduplicated, covered members dropped.
///
/// Dropping covered members runs [`Pattern::covers`] on every pair, so collect patterns you trust;
/// [`narrow`](crate::narrow) builds its answers with a bounded search instead.
impl FromIterator<Pattern> for PatternSet {
    fn from_iter<I: IntoIterator<Item = Pattern>>(patterns: I) -> Self {
        Self::minimal(patterns, Pattern::covers)
    }
}

impl IntoIterator for PatternSet {
    type Item = Pattern;
    type IntoIter = std::vec::IntoIter<Pattern>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a PatternSet {
    type Item = &'a Pattern;
    type IntoIter = std::slice::Iter<'a, Pattern>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// The members joined with `, ` (nothing at all for the empty set).
impl fmt::Display for PatternSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, pattern) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            fmt::Display::fmt(pattern, f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(patterns: &[&str]) -> PatternSet {
        patterns
            .iter()
            .map(|p| p.parse::<Pattern>().unwrap())
            .collect()
    }

    #[test]
    fn collecting_drops_covered_members_and_sorts() {
        assert_eq!(set(&["b/*", "a/**", "a/x", "b/c"]).to_string(), "a/**, b/*");
        // `**/*` and `*/**` match the same identifiers; the first by text stays.
        assert_eq!(set(&["*/**", "**/*", "a"]).to_string(), "**/*");
        assert_eq!(set(&[]).to_string(), "");
    }

    #[test]
    fn single_member_accessors() {
        let one = set(&["a/*", "a/b"]);
        assert_eq!(one.as_single().map(Pattern::as_str), Some("a/*"));
        assert_eq!(one.into_single().map(String::from).as_deref(), Some("a/*"));
        assert!(set(&["a", "b"]).as_single().is_none());
        assert!(PatternSet::new().into_single().is_none());
    }
}
