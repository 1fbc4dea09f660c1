//! Property tests of matching and the pattern algebra against a brute-force model.
//!
//! Small patterns use literals `a` and `b`; identifiers are every sequence of 1..=7 components over `a`, `b`
//! and `c`, where `c` plays the component no pattern mentions. Over that finite world `covers` and
//! `narrow` can be checked exhaustively, both ways (sound and complete).

mod common;

use std::sync::OnceLock;

use common::{all_ids, as_strs, components, model_matches};
use proptest::prelude::*;
use secrets_core::{NARROW_LIMIT, Pattern, PatternSet, SecretId, narrow};

/// Every identifier of the small world, parsed and as components.
fn world() -> &'static [(SecretId, Vec<String>)] {
    static WORLD: OnceLock<Vec<(SecretId, Vec<String>)>> = OnceLock::new();
    WORLD.get_or_init(|| {
        all_ids(&["a", "b", "c"], 7)
            .into_iter()
            .map(|id| (id.join("/").parse().unwrap(), id))
            .collect()
    })
}

fn join(components: Vec<&str>) -> Pattern {
    components.join("/").parse().unwrap()
}

fn small_pattern() -> impl Strategy<Value = Pattern> {
    prop::collection::vec(prop::sample::select(vec!["a", "b", "*", "**"]), 1..=3).prop_map(join)
}

fn long_pattern() -> impl Strategy<Value = Pattern> {
    prop::collection::vec(
        prop::sample::select(vec!["a", "b", "c", "*", "**"]),
        20..=40,
    )
    .prop_map(join)
}

/// An identifier `pattern` matches: literals kept, `*` replaced by one filler, `**` by 0..=2 fillers.
fn instance_of(pattern: &Pattern, fillers: &[u8]) -> SecretId {
    let mut fillers = fillers.iter().copied().cycle();
    let mut out: Vec<&str> = Vec::new();
    for component in pattern.as_str().split('/') {
        let count = match component {
            "*" => 1,
            "**" => usize::from(fillers.next().unwrap_or(0) % 3),
            literal => {
                out.push(literal);
                0
            }
        };
        for _ in 0..count {
            out.push(["a", "b", "c", "d"][usize::from(fillers.next().unwrap_or(0) % 4)]);
        }
    }
    if out.is_empty() {
        out.push("a");
    }
    out.join("/").parse().unwrap()
}

/// Up to six components: enough for several `**` to compete for the same components.
fn medium_pattern() -> impl Strategy<Value = Pattern> {
    prop::collection::vec(prop::sample::select(vec!["a", "b", "*", "**"]), 1..=6).prop_map(join)
}

proptest! {
    #[test]
    fn matches_agrees_with_the_model_with_several_globstars(pattern in medium_pattern()) {
        let model = components(&pattern);
        for (id, parts) in world() {
            prop_assert_eq!(pattern.matches(id), model_matches(&model, &as_strs(parts)), "{} on {}", pattern, id);
        }
    }

    #[test]
    fn matches_agrees_with_the_model(pattern in small_pattern()) {
        let model = components(&pattern);
        for (id, parts) in world() {
            prop_assert_eq!(pattern.matches(id), model_matches(&model, &as_strs(parts)), "{} on {}", pattern, id);
        }
    }

    #[test]
    fn covers_is_sound_and_complete(container in small_pattern(), contained in small_pattern()) {
        let (outer, inner) = (components(&container), components(&contained));
        let expected = world().iter().all(|(_, parts)| {
            let parts = as_strs(parts);
            !model_matches(&inner, &parts) || model_matches(&outer, &parts)
        });
        prop_assert_eq!(container.covers(&contained), expected, "covers({}, {})", container, contained);
    }

    #[test]
    fn narrow_is_exactly_the_intersection(plugin in small_pattern(), request in small_pattern()) {
        let narrowed = narrow(&plugin, &request);
        let (pc, rc) = (components(&plugin), components(&request));
        for (id, parts) in world() {
            let parts = as_strs(parts);
            let in_both = model_matches(&pc, &parts) && model_matches(&rc, &parts);
            prop_assert_eq!(narrowed.matches(id), in_both, "narrow({}, {}) = {{{}}} on {}", plugin, request, narrowed, id);
        }
        for member in &narrowed {
            prop_assert!(plugin.covers(member), "{} escapes plugin {}", member, plugin);
            prop_assert!(request.covers(member), "{} escapes request {}", member, request);
        }
        prop_assert_eq!(plugin.overlaps(&request), !narrowed.is_empty());
        prop_assert!(narrowed.len() <= NARROW_LIMIT);
    }

    #[test]
    fn narrow_is_symmetric_as_a_set_of_identifiers(a in small_pattern(), b in small_pattern()) {
        let (ab, ba) = (narrow(&a, &b), narrow(&b, &a));
        for (id, _) in world() {
            prop_assert_eq!(ab.matches(id), ba.matches(id));
        }
    }

    #[test]
    fn covers_is_reflexive_and_transitive(a in small_pattern(), b in small_pattern(), c in small_pattern()) {
        prop_assert!(a.covers(&a));
        if a.covers(&b) && b.covers(&c) {
            prop_assert!(a.covers(&c), "{} ⊇ {} ⊇ {} but not {} ⊇ {}", a, b, c, a, c);
        }
    }

    #[test]
    fn an_id_as_pattern_matches_only_itself(pattern in small_pattern()) {
        let Some((id, _)) = world().iter().find(|(id, _)| pattern.matches(id)) else {
            return Ok(());
        };
        let exact = id.to_pattern();
        prop_assert!(pattern.covers(&exact));
        for (other, _) in world() {
            prop_assert_eq!(exact.matches(other), other == id);
        }
    }

    /// Long patterns: no brute force, but the answers must stay consistent, and (implicitly) quick.
    #[test]
    fn long_patterns_stay_consistent(
        plugin in long_pattern(),
        request in long_pattern(),
        fillers in prop::collection::vec(any::<u8>(), 1..64),
    ) {
        prop_assert!(plugin.covers(&plugin));
        let narrowed = narrow(&plugin, &request);
        prop_assert_eq!(narrowed.is_empty(), !plugin.overlaps(&request));
        let fell_back = narrowed == PatternSet::from(plugin.clone()) && !request.covers(&plugin);
        for member in &narrowed {
            prop_assert!(plugin.covers(member));
            prop_assert!(fell_back || request.covers(member));
        }
        for id in [instance_of(&plugin, &fillers), instance_of(&request, &fillers)] {
            if plugin.matches(&id) && request.matches(&id) {
                prop_assert!(narrowed.matches(&id), "{} lost from narrow({}, {})", id, plugin, request);
            }
            if narrowed.matches(&id) && !fell_back {
                prop_assert!(plugin.matches(&id) && request.matches(&id));
            }
        }
        let own = instance_of(&request, &fillers);
        prop_assert!(request.matches(&own));
        if plugin.covers(&request) {
            prop_assert!(plugin.matches(&own));
        }
    }
}

fn rich_component() -> impl Strategy<Value = String> {
    "[A-Za-z0-9._:-]{1,8}"
}

fn rich_id() -> impl Strategy<Value = String> {
    prop::collection::vec(rich_component(), 1..=6).prop_map(|c| c.join("/"))
}

fn rich_pattern() -> impl Strategy<Value = String> {
    let component = prop_oneof![
        3 => rich_component(),
        1 => Just("*".to_owned()),
        1 => Just("**".to_owned()),
    ];
    prop::collection::vec(component, 1..=6).prop_map(|c| c.join("/"))
}

proptest! {
    #[test]
    fn ids_round_trip_through_display(text in rich_id()) {
        let id: SecretId = text.parse().unwrap();
        prop_assert_eq!(id.to_string(), text.clone());
        prop_assert_eq!(id.to_string().parse::<SecretId>().unwrap(), id.clone());
        prop_assert_eq!(id.components().collect::<Vec<_>>().join("/"), text);
        prop_assert!(id.to_pattern().matches(&id));
    }

    #[test]
    fn patterns_round_trip_through_display(text in rich_pattern()) {
        let pattern: Pattern = text.parse().unwrap();
        prop_assert_eq!(pattern.to_string(), text.clone());
        prop_assert_eq!(pattern.to_string().parse::<Pattern>().unwrap(), pattern.clone());
        let rebuilt: Vec<&str> = pattern.components().map(|c| c.as_str()).collect();
        prop_assert_eq!(rebuilt.join("/"), text);
    }
}
