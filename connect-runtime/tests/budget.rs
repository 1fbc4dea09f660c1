//! The memory budget on its own: holding, refusing, giving back with the
//! last copy of an answer, and the relief after a spike.

use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use connect_runtime::MemoryBudget;

static RELIEVED: AtomicUsize = AtomicUsize::new(0);
static BUDGET: MemoryBudget = MemoryBudget::new(100, || {
    RELIEVED.fetch_add(1, Ordering::Relaxed);
});

#[test]
fn holds_refuses_past_the_limit_and_is_relieved_after_a_spike() {
    let mut small = BUDGET.hold(10).expect("fits");
    let big = BUDGET.hold(60).expect("fits");
    let refused = BUDGET.hold(31).expect_err("does not fit");
    assert_eq!(refused.code(), tonic::Code::ResourceExhausted);
    assert!(refused.message().contains("memory limit of 100 bytes"));
    assert!(small.grow_to(40).is_ok(), "grows into what is left");
    assert!(small.grow_to(41).is_err(), "no further");
    assert_eq!(BUDGET.in_use(), 100);
    let sent = big.attach(Bytes::from_static(b"answer"));
    let copy = sent.clone();
    drop(sent);
    assert_eq!(BUDGET.in_use(), 100, "held until the last copy is dropped");
    drop(copy);
    assert_eq!(RELIEVED.load(Ordering::Relaxed), 0, "still above a quarter");
    drop(small);
    assert_eq!(BUDGET.in_use(), 0);
    assert_eq!(RELIEVED.load(Ordering::Relaxed), 1, "relieved once");
    drop(BUDGET.hold(20).expect("fits"));
    assert_eq!(RELIEVED.load(Ordering::Relaxed), 1, "no spike, no relief");
}
