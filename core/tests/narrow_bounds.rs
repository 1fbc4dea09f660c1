//! `narrow` runs on every request against every plugin's pattern, with patterns any local process may
//! send: whatever the patterns, one call must stay small. Memory is counted here (by a counting allocator,
//! exactly); time is measured by `cargo bench -p secrets-engine-core --bench narrow_worst`.

use proptest::prelude::*;
use secrets_core::{MAX_COMPONENTS, Pattern, PatternSet, narrow};

#[path = "common/narrow_cost.rs"]
mod narrow_cost;

/// The most memory one call may hold at once, its answer included.
const MAX_HELD: usize = 1 << 20;

fn check(plugin: &Pattern, request: &Pattern) -> Result<(), TestCaseError> {
    let (narrowed, _, held) = narrow_cost::measure(|| narrow(plugin, request));
    prop_assert!(
        held < MAX_HELD,
        "narrow({plugin}, {request}) held {held} bytes"
    );
    // Whatever it gave up on, the answer is the intersection or the plugin's whole scope.
    prop_assert_eq!(narrowed.is_empty(), !plugin.overlaps(request));
    if narrowed != PatternSet::from(plugin.clone()) {
        for member in &narrowed {
            prop_assert!(member.overlaps(plugin) && member.overlaps(request));
        }
    }
    Ok(())
}

#[test]
fn the_worst_known_shapes_hold_under_a_mebibyte() {
    for (name, first, second) in narrow_cost::worst_shapes() {
        let (first, second): (Pattern, Pattern) = (first.parse().unwrap(), second.parse().unwrap());
        check(&first, &second).unwrap_or_else(|error| panic!("{name}: {error}"));
        check(&second, &first).unwrap_or_else(|error| panic!("{name}, swapped: {error}"));
    }
}

/// Patterns of 128 to 256 components mixing wildcards with a few literals: the mixes that make the
/// searches branch.
fn hostile_pattern() -> impl Strategy<Value = Pattern> {
    let component = prop_oneof![
        3 => Just("*"),
        3 => Just("**"),
        2 => Just("a"),
        1 => Just("b"),
    ];
    prop::collection::vec(component, MAX_COMPONENTS / 2..=MAX_COMPONENTS)
        .prop_map(|components| components.join("/").parse().expect("a valid pattern"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn large_hostile_patterns_hold_under_a_mebibyte(
        plugin in hostile_pattern(),
        request in hostile_pattern(),
    ) {
        check(&plugin, &request)?;
    }
}
