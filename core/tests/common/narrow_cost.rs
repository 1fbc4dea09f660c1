//! What one `narrow` call costs: a counting allocator to measure the memory it holds at its peak, and
//! the most expensive pattern shapes we know, at the largest size the grammar allows. Shared by the
//! bound test and the benchmark (each includes this file and so installs the allocator).

// A global allocator is an unsafe trait; this one only counts, per thread, and forwards every call to
// the system allocator.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::{Duration, Instant};

use secrets_core::MAX_COMPONENTS;

struct Counting;

thread_local! {
    // Per thread, so tests running beside the measured call do not count. Constant-initialised
    // cells: reading them never allocates.
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn count(change: isize) {
    let _ = LIVE.try_with(|live| {
        live.set(live.get() + change);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(live.get())));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns what it returned, how long it took and the most memory it held at once on this
/// thread beyond what was live before (what it returns included).
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, Duration, usize) {
    let before = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(before));
    let started = Instant::now();
    let answer = f();
    let elapsed = started.elapsed();
    let peak = PEAK.with(Cell::get) - before;
    (answer, elapsed, peak.max(0) as usize)
}

/// `(name, plugin pattern, request pattern)`: the most expensive shapes we know, each at the largest
/// size allowed.
pub fn worst_shapes() -> Vec<(&'static str, String, String)> {
    let n = MAX_COMPONENTS;
    let repeat = |part: &str, times: usize| vec![part; times].join("/");
    let floating =
        |literal: &str, times: usize| format!("**/{}", repeat(&format!("{literal}/**"), times));
    vec![
        (
            "launched/** vs a * run",
            "launched/**".into(),
            repeat("*", n),
        ),
        ("**/a/** vs a * run", "**/a/**".into(), repeat("*", n)),
        (
            "a/ and a * run vs a ** run",
            format!("a/{}", repeat("*", n - 1)),
            repeat("**", n),
        ),
        (
            "floating a vs **/a and a * run",
            floating("a", n / 2 - 1),
            format!("**/a/{}", repeat("*", n - 2)),
        ),
        (
            "**/a/ and 16 * vs floating a",
            format!("**/a/{}", repeat("*", 16)),
            floating("a", n / 2 - 1),
        ),
        (
            "floating a vs floating b",
            floating("a", n / 2 - 1),
            floating("b", n / 2 - 1),
        ),
        (
            "floating a vs floating a",
            floating("a", n / 2 - 1),
            floating("a", n / 2 - 2),
        ),
        (
            "floating a vs 1 floating b",
            floating("a", n / 2 - 1),
            floating("b", 1),
        ),
        (
            "floating a vs 6 floating b",
            floating("a", n / 2 - 1),
            floating("b", 6),
        ),
        (
            "4 floating vs 4 floating",
            floating("a/**/b/**/c/**/d", 1),
            floating("e/**/f/**/g/**/h", 1),
        ),
        (
            "floating x/y vs floating y/x",
            floating("x/y", n / 3 - 1),
            floating("y/x", n / 3 - 1),
        ),
        (
            "literal run and ** vs ** and literal run",
            format!("{}/**", repeat("p", n - 1)),
            format!("**/{}", repeat("p", n - 1)),
        ),
        (
            "*/** pairs vs floating a",
            repeat("*/**", n / 2),
            floating("a", n / 2 - 1),
        ),
        (
            "long literals vs floating long literals",
            format!("{}/**", repeat(&"q".repeat(30), 100)),
            floating(&"q".repeat(30), 60),
        ),
    ]
}
