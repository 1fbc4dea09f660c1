//! Time and peak memory of `narrow` on the most expensive pattern shapes we know, at the largest size the
//! grammar allows (`MAX_COMPONENTS` components).
//!
//! `cargo bench -p secrets-engine-core --bench narrow_worst` prints one line per shape and order: the median and
//! worst time of a call over 50 calls, and the most memory one call held at once.

use std::hint::black_box;

use secrets_core::{Pattern, narrow};

#[path = "../tests/common/narrow_cost.rs"]
mod narrow_cost;

fn main() {
    let calls = 50;
    println!(
        "{:<52} {:>10} {:>10} {:>9}",
        "plugin vs request", "median", "worst", "peak"
    );
    for (name, first, second) in narrow_cost::worst_shapes() {
        let (first, second): (Pattern, Pattern) = (first.parse().unwrap(), second.parse().unwrap());
        for (order, plugin, request) in [("", &first, &second), (" (swapped)", &second, &first)] {
            let mut times = Vec::with_capacity(calls);
            let mut peak = 0;
            for _ in 0..calls {
                let (_, time, held) = narrow_cost::measure(|| {
                    black_box(narrow(black_box(plugin), black_box(request)))
                });
                times.push(time);
                peak = peak.max(held);
            }
            times.sort();
            println!(
                "{:<52} {:>7.3} ms {:>7.3} ms {:>6} kB",
                format!("{name}{order}"),
                times[calls / 2].as_secs_f64() * 1e3,
                times[calls - 1].as_secs_f64() * 1e3,
                peak / 1024
            );
        }
    }
}
