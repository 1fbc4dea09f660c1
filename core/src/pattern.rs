//! [`Pattern`]: a set of identifiers written with wildcards, and how it matches one identifier.

use crate::error::InvalidPattern;
use crate::grammar::{Grammar, checked_text};
use crate::id::SecretId;

/// A set of secret identifiers, e.g. `docker/*/auth/**`.
///
/// Components are separated by `/`. A component is either a literal (same grammar as a [`SecretId`]
/// component), `*` (exactly one component, whatever it is) or `**` (zero or more components). Any other use
/// of `*` (`a*`, `***`) is invalid, as in the Go engine. So `foo/**` matches `foo`, `**/*` matches every identifier,
/// and `*/**/*` needs at least two components.
///
/// Equality is textual: `**` and `**/**` are different values for the same set of identifiers. Compare
/// sets with [`Pattern::covers`] (in both directions) instead.
///
/// ```
/// use secrets_core::{Pattern, SecretId};
///
/// let pattern: Pattern = "docker/**/token".parse().unwrap();
/// let id: SecretId = "docker/token".parse().unwrap();
/// assert!(pattern.matches(&id));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pattern(String);

/// One `/`-separated component of a [`Pattern`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Component<'a> {
    /// Matches exactly this identifier component.
    Literal(&'a str),
    /// `*`: matches exactly one component, whatever it is.
    Wildcard,
    /// `**`: matches zero or more components.
    Globstar,
}

impl<'a> Component<'a> {
    /// Reads one component that the grammar has already accepted.
    pub(crate) fn from_valid(text: &'a str) -> Self {
        match text {
            "*" => Component::Wildcard,
            "**" => Component::Globstar,
            literal => Component::Literal(literal),
        }
    }

    /// The component as written in a pattern.
    pub fn as_str(&self) -> &'a str {
        match self {
            Component::Literal(literal) => literal,
            Component::Wildcard => "*",
            Component::Globstar => "**",
        }
    }

    /// Whether this is `*` or `**`.
    pub fn is_wildcard(&self) -> bool {
        !matches!(self, Component::Literal(_))
    }
}

impl Pattern {
    /// Joins components that came from valid patterns. The caller guarantees `components` is non-empty.
    pub(crate) fn from_components(components: &[Component<'_>]) -> Self {
        debug_assert!(!components.is_empty());
        let text: Vec<&str> = components.iter().map(Component::as_str).collect();
        Self(text.join("/"))
    }

    /// The pattern's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The components, in order.
    pub fn components(&self) -> impl DoubleEndedIterator<Item = Component<'_>> + '_ {
        self.0.split('/').map(Component::from_valid)
    }

    /// Whether `id` is in the set this pattern describes.
    ///
    /// Runs in O(components of the pattern × components of the identifier), without allocating: a `**`
    /// that fails to line up takes one more component and the match resumes from there, and only the
    /// latest `**` ever needs to be revisited (the classic wildcard-matching argument: an earlier `**`
    /// can absorb whatever a later one would have). The Go engine's backtracking is exponential in the
    /// number of `**`.
    pub fn matches(&self, id: &SecretId) -> bool {
        self.matches_valid_id(id.as_str())
    }

    /// Whether the pattern has no wildcard: it then names exactly one identifier, its own text (the
    /// identifier grammar is the pattern grammar without wildcards).
    pub fn is_id(&self) -> bool {
        !self.0.contains('*')
    }

    /// Whether `id`, a pattern naming one identifier ([`Pattern::is_id`]), names one this pattern matches;
    /// false if `id` has wildcards. [`Pattern::matches`] for an identifier held as a pattern, without
    /// parsing it again.
    pub fn matches_id_pattern(&self, id: &Pattern) -> bool {
        id.is_id() && self.matches_valid_id(id.as_str())
    }

    /// [`Pattern::matches`] for text the identifier grammar has accepted.
    pub(crate) fn matches_valid_id(&self, id: &str) -> bool {
        let pattern = self.0.as_str();
        // Most patterns the engine sees are a plain identifier.
        if !pattern.contains('*') {
            return pattern == id;
        }
        // A catch-all plugin's pattern (the default builtin's).
        if pattern == "**" {
            return true;
        }
        // Positions are byte offsets of a component; `len + 1` is the end.
        let (pattern_end, id_end) = (pattern.len() + 1, id.len() + 1);
        let (mut p, mut i) = (0, 0);
        // After the latest `**`: where the pattern resumes, and the first
        // identifier component the `**` has not taken yet.
        let mut resume: Option<(usize, usize)> = None;
        while i < id_end {
            if p < pattern_end {
                let (wanted, after_wanted) = component_at(pattern, p);
                if wanted == "**" {
                    resume = Some((after_wanted, i));
                    p = after_wanted;
                    continue;
                }
                let (got, after_got) = component_at(id, i);
                if wanted == "*" || wanted == got {
                    (p, i) = (after_wanted, after_got);
                    continue;
                }
            }
            match resume {
                Some((after_globstar, taken_to)) => {
                    let (_, next) = component_at(id, taken_to);
                    resume = Some((after_globstar, next));
                    (p, i) = (after_globstar, next);
                }
                None => return false,
            }
        }
        // The identifier is used up: what is left of the pattern must be `**`s.
        while p < pattern_end {
            let (wanted, next) = component_at(pattern, p);
            if wanted != "**" {
                return false;
            }
            p = next;
        }
        true
    }

    /// The pattern's text, by value.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// The `/`-separated component of `text` starting at byte `at`, and where the next one starts
/// (`text.len() + 1` after the last).
fn component_at(text: &str, at: usize) -> (&str, usize) {
    let rest = &text[at..];
    match rest.find('/') {
        Some(slash) => (&rest[..slash], at + slash + 1),
        None => (rest, text.len() + 1),
    }
}

/// Rewrites every run of `*`/`**` as its `*`s followed by at most one `**`.
///
/// A run with `n` `*` and at least one `**` matches any `n` or more components, and with no `**` exactly `n`,
/// whatever the order inside the run, so this keeps the set of identifiers while giving equal sets of
/// runs one spelling (`**/*/**` becomes `*/**`).
pub(crate) fn normalise<'a>(components: &[Component<'a>]) -> Vec<Component<'a>> {
    let mut out = Vec::with_capacity(components.len());
    let mut run_wildcards = 0;
    let mut run_has_globstar = false;
    let flush = |out: &mut Vec<Component<'a>>, wildcards: &mut usize, globstar: &mut bool| {
        out.extend(std::iter::repeat_n(Component::Wildcard, *wildcards));
        if *globstar {
            out.push(Component::Globstar);
        }
        *wildcards = 0;
        *globstar = false;
    };
    for &component in components {
        match component {
            Component::Wildcard => run_wildcards += 1,
            Component::Globstar => run_has_globstar = true,
            Component::Literal(_) => {
                flush(&mut out, &mut run_wildcards, &mut run_has_globstar);
                out.push(component);
            }
        }
    }
    flush(&mut out, &mut run_wildcards, &mut run_has_globstar);
    out
}

checked_text!(Pattern, Grammar::Pattern, InvalidPattern, "a pattern");

/// An identifier is also the pattern that matches exactly that identifier: its grammar is the pattern
/// grammar without wildcards.
impl From<SecretId> for Pattern {
    fn from(id: SecretId) -> Self {
        Self(id.into_string())
    }
}

impl From<&SecretId> for Pattern {
    fn from(id: &SecretId) -> Self {
        Self(id.as_str().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> Pattern {
        text.parse().unwrap()
    }

    fn id(text: &str) -> SecretId {
        text.parse().unwrap()
    }

    #[test]
    fn matching_follows_spec_consequences() {
        assert!(pattern("foo/**").matches(&id("foo")));
        assert!(pattern("**/foo").matches(&id("foo")));
        assert!(pattern("foo/**/baz").matches(&id("foo/baz")));
        assert!(pattern("**/*").matches(&id("foo")));
        assert!(!pattern("*/**/*").matches(&id("foo")));
        assert!(!pattern("*").matches(&id("a/b")));
        assert!(pattern("**").matches(&id("a/b/c/d")));
    }

    #[test]
    fn many_globstars_match_without_backtracking() {
        let many = vec!["**"; 60].join("/");
        let long_id = vec!["x"; 60].join("/");
        assert!(pattern(&many).matches(&id(&long_id)));
        let trap = format!("{many}/y");
        assert!(!pattern(&trap).matches(&id(&long_id)));
    }

    #[test]
    fn normalise_orders_each_wildcard_run() {
        let text = |components: Vec<Component<'_>>| Pattern::from_components(&components).0;
        let p = pattern("**/*/**/a/**/**/*/*/b/*");
        let components: Vec<_> = p.components().collect();
        assert_eq!(text(normalise(&components)), "*/**/a/*/*/**/b/*");
    }

    #[test]
    fn an_id_is_the_pattern_matching_only_itself() {
        let exact = Pattern::from(id("a/b"));
        assert_eq!(exact.as_str(), "a/b");
        assert!(exact.matches(&id("a/b")));
        assert!(!exact.matches(&id("a/b/c")));
        assert!(exact.is_id());
        assert!(!pattern("a/*").is_id());
    }

    #[test]
    fn an_id_held_as_a_pattern_matches_as_the_id_would() {
        assert!(pattern("a/**").matches_id_pattern(&pattern("a/b/c")));
        assert!(pattern("**").matches_id_pattern(&pattern("x")));
        assert!(!pattern("a/*").matches_id_pattern(&pattern("a/b/c")));
        // A pattern with wildcards names no single identifier.
        assert!(!pattern("**").matches_id_pattern(&pattern("a/*")));
        assert!(!pattern("a/*").matches_id_pattern(&pattern("a/*")));
    }
}
