//! Which KV reads and listings a pattern needs: as few as the pattern allows.
//!
//! KV v2 can only list one folder at a time, so a pattern is answered by
//! listing from its literal start (`team/*/db` lists `team/` first) and going
//! down only into folders under which some ID could still match. A pattern
//! without wildcards is one read and no listing.

use secrets_engine_plugin::{Pattern, SecretId};

/// How to find the IDs a pattern matches.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// The pattern names one ID: read it.
    One(SecretId),
    /// List the folder `start` (its components; empty is the root) and the
    /// folders under it that may hold a match; also read `own` when the
    /// pattern matches the folder's own name (`team/**` matches `team`).
    Walk {
        start: Vec<String>,
        own: Option<SecretId>,
    },
}

/// Where the IDs `pattern` matches are found.
pub(crate) fn lookup(pattern: &Pattern) -> Lookup {
    if pattern.is_id()
        && let Ok(id) = pattern.as_str().parse()
    {
        return Lookup::One(id);
    }
    let components: Vec<&str> = pattern.as_str().split('/').collect();
    let literal = components
        .iter()
        .take_while(|c| **c != "*" && **c != "**")
        .count();
    let rest_is_globstars = components[literal..].iter().all(|c| *c == "**");
    let own = if literal > 0 && rest_is_globstars {
        components[..literal].join("/").parse().ok()
    } else {
        None
    };
    Lookup::Walk {
        start: components[..literal]
            .iter()
            .map(|c| (*c).to_owned())
            .collect(),
        own,
    }
}

/// Whether an ID with at least one more component than `folder` (a list of
/// folder names from the root) could match `pattern`: if not, the folder is
/// not listed.
pub(crate) fn may_match_below(pattern: &Pattern, folder: &[&str]) -> bool {
    let components: Vec<&str> = pattern.as_str().split('/').collect();
    let end = components.len();
    // The pattern positions reachable after the folder's components: a
    // small NFA in which `**` may take any number of components.
    let mut states = vec![false; end + 1];
    states[0] = true;
    close_over_globstars(&components, &mut states);
    for name in folder {
        let mut next = vec![false; end + 1];
        for at in 0..end {
            if !states[at] {
                continue;
            }
            match components[at] {
                "**" => next[at] = true,
                "*" => next[at + 1] = true,
                literal if literal == *name => next[at + 1] = true,
                _ => {}
            }
        }
        close_over_globstars(&components, &mut next);
        states = next;
    }
    // Any position short of the end can take one more component and, with
    // suitable names after it, reach the end.
    states[..end].iter().any(|reachable| *reachable)
}

/// A `**` may also take no component: from its position, the next one is
/// reachable too.
fn close_over_globstars(components: &[&str], states: &mut [bool]) {
    for at in 0..components.len() {
        if states[at] && components[at] == "**" {
            states[at + 1] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pattern(text: &str) -> Pattern {
        text.parse().unwrap()
    }

    #[test]
    fn an_id_is_one_read() {
        assert_eq!(
            lookup(&pattern("team/db")),
            Lookup::One("team/db".parse().unwrap())
        );
    }

    #[test]
    fn a_walk_starts_at_the_literal_folder() {
        assert_eq!(
            lookup(&pattern("team/*/db")),
            Lookup::Walk {
                start: vec!["team".into()],
                own: None
            }
        );
        assert_eq!(
            lookup(&pattern("**")),
            Lookup::Walk {
                start: vec![],
                own: None
            }
        );
        assert_eq!(
            lookup(&pattern("team/prod/**")),
            Lookup::Walk {
                start: vec!["team".into(), "prod".into()],
                own: Some("team/prod".parse().unwrap())
            }
        );
    }

    #[test]
    fn folders_that_cannot_hold_a_match_are_not_listed() {
        let p = pattern("team/*");
        assert!(may_match_below(&p, &["team"]));
        assert!(!may_match_below(&p, &["team", "sub"]));
        assert!(!may_match_below(&p, &["other"]));
        let p = pattern("*/db");
        assert!(may_match_below(&p, &["anything"]));
        assert!(!may_match_below(&p, &["a", "b"]));
        let p = pattern("a/**/z");
        assert!(may_match_below(&p, &["a", "b", "c", "d"]));
        assert!(!may_match_below(&p, &["b"]));
    }

    fn component() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["a", "b", "c"]).prop_map(str::to_owned)
    }

    proptest! {
        /// Soundness: no folder holding a match is ever skipped.
        #[test]
        fn every_folder_above_a_match_is_listed(
            pattern_parts in prop::collection::vec(
                prop::sample::select(vec!["a", "b", "c", "*", "**"]), 1..6),
            id_parts in prop::collection::vec(component(), 1..7),
        ) {
            let Ok(pattern) = pattern_parts.join("/").parse::<Pattern>() else {
                return Ok(());
            };
            let id: SecretId = id_parts.join("/").parse().unwrap();
            if pattern.matches(&id) {
                for depth in 0..id_parts.len() {
                    let folder: Vec<&str> = id_parts[..depth].iter().map(String::as_str).collect();
                    prop_assert!(may_match_below(&pattern, &folder),
                        "{} matches {} but folder {:?} would be skipped", pattern.as_str(), id.as_str(), folder);
                }
                if let Lookup::Walk { start, own } = lookup(&pattern) {
                    let under_start = id_parts.len() > start.len() && id_parts[..start.len()] == start[..];
                    let is_own = own.as_ref() == Some(&id);
                    prop_assert!(under_start || is_own, "{} matches {} outside {:?}", pattern.as_str(), id.as_str(), start);
                }
            }
        }
    }
}
