//! The engine's memory budget: the bytes all requests together may hold
//! (request bodies being read, plugin answers being read and decoded,
//! encoded answers not yet sent). Past it a request is refused with
//! `resource_exhausted` while the others are served; see
//! `connect_runtime::budget`.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use connect_runtime::MemoryBudget;

/// 256 MiB: 256 requests of the largest default size (1 MiB), or 64
/// plugin answers of the largest default size (4 MiB), at once. A fixed
/// size rather than a setting: it bounds what clients can make the engine
/// hold, not what one request may be (the per-request limits do that).
pub const BYTES: usize = 256 << 20;

/// The one budget of the engine process.
pub static ENGINE: MemoryBudget = MemoryBudget::new(BYTES, after_a_spike);

/// How often at most freed memory is given back after spikes.
const GIVE_BACK_INTERVAL: Duration = Duration::from_secs(1);

/// How long after the budget drains the memory is given back: the last
/// quarter of the spike, and the connections that held it, are usually
/// freed within that.
const SETTLE: Duration = Duration::from_millis(200);

/// When use has fallen from above half the budget to below a quarter, the
/// spike's memory is free but resident: give it back, at most once per
/// [`GIVE_BACK_INTERVAL`]. In a task and on the blocking pool, since this
/// runs where the bytes were dropped (possibly under a connection's locks)
/// and the trim walks the heap.
fn after_a_spike() {
    static LAST: Mutex<Option<Instant>> = Mutex::new(None);
    let Ok(mut last) = LAST.try_lock() else {
        return;
    };
    if last.is_some_and(|at| at.elapsed() < GIVE_BACK_INTERVAL) {
        return;
    }
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        *last = Some(Instant::now());
        runtime.spawn(async {
            tokio::time::sleep(SETTLE).await;
            let _ = tokio::task::spawn_blocking(crate::freed_memory::give_back).await;
            tracing::debug!("requests held much memory and freed it; given back");
        });
    }
}
