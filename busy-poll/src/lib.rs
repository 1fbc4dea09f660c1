//! Busy polling: a thread that has just served a request keeps checking its
//! sockets for a short window before it goes to sleep. The engine's serving
//! threads and the plugin SDK's recommended runtime use it.
//!
//! Why: on a virtual machine whose idle vCPUs halt (no guest halt polling,
//! as on Firecracker), waking a thread that sleeps costs tens of µs. With one
//! keep-alive connection the next request usually comes within that time,
//! so a thread that sleeps between requests pays it on every one. Measured
//! (BENCHMARKS.md, "Busy polling"): 18k requests/s and p50 60 µs at one
//! connection when sleeping, 39k and 24 µs when polling. The Go engine's
//! scheduler spins its idle threads for the same reason.
//!
//! How: a runtime built by [`runtime`] runs a poller task, and its
//! `on_thread_park` hook runs whenever the thread has nothing left to do. If
//! requests were served since the last window ended, the hook wakes the
//! poller, which keeps yielding until a whole window passes with no new
//! request. Each time it yields, the scheduler polls epoll without blocking
//! and runs whatever became ready. Before each poll it also gives its core
//! to anything else runnable there (`sched_yield`): a client sharing the
//! core would otherwise wait out the window, which cost 43 % of one pinned
//! connection's requests/s; with it, 9 %. On a machine kept busy by other
//! work a window therefore costs far less CPU than its length (2–11 ms of a
//! 200 ms window beside two CPU-bound loops on 2 cores). A server that
//! serves nothing never
//! polls: each burst of requests costs at most one window of CPU after it.
//! A server says it served a request by calling [`served`].
//!
//! The state is per thread: run one busy-polling runtime per thread, driven
//! from that thread (as `block_on` on a current-thread runtime is). A second
//! one on the same thread would share that state and might not poll.
//!
//! ```
//! use std::time::{Duration, Instant};
//!
//! let runtime = busy_poll::runtime(busy_poll::DEFAULT_WINDOW)?;
//! let waited = runtime.block_on(async {
//!     // A server calls this once per request it answers...
//!     busy_poll::served();
//!     // ...and the thread keeps polling for the window before it sleeps, so
//!     // what arrives within it (here, a timer) is picked up without a wake-up.
//!     let start = Instant::now();
//!     tokio::time::sleep(Duration::from_micros(50)).await;
//!     start.elapsed()
//! });
//! assert!(waited >= Duration::from_micros(50));
//! # Ok::<(), std::io::Error>(())
//! ```

#![forbid(unsafe_code)]

use std::cell::{Cell, RefCell};
use std::task::{Poll, Waker};
use std::time::{Duration, Instant};

use tokio::runtime::Runtime;

/// The window the engine and the plugin SDK use by default: 100 µs. With
/// one connection the next request comes within it, and its p99 was lower
/// than with 25 or 50 µs (BENCHMARKS.md, "Busy polling").
pub const DEFAULT_WINDOW: Duration = Duration::from_micros(100);

/// This thread's side of busy polling.
struct ThreadPolling {
    /// Requests served on this thread.
    served: Cell<u64>,
    /// `served` when this thread's last window ended.
    polled_to: Cell<u64>,
    /// Set by the park hook when it starts a window.
    window_started: Cell<bool>,
    /// The poller, while it waits for a window.
    poller: RefCell<Option<Waker>>,
}

thread_local! {
    static THREAD: ThreadPolling = const {
        ThreadPolling {
            served: Cell::new(0),
            polled_to: Cell::new(0),
            window_started: Cell::new(false),
            poller: RefCell::new(None),
        }
    };
}

/// Notes that this thread served a request: on every request's path, so it
/// is one thread-local add.
pub fn served() {
    THREAD.with(|t| t.served.set(t.served.get().wrapping_add(1)));
}

/// The longest window [`runtime`] uses; a longer one is cut to it.
pub const MAX_WINDOW: Duration = Duration::from_secs(1);

/// A current-thread runtime whose thread busy-polls for `window` (at most
/// [`MAX_WINDOW`]) after it has served requests; a zero window turns it off.
pub fn runtime(window: Duration) -> std::io::Result<Runtime> {
    let window = window.min(MAX_WINDOW);
    let mut builder = tokio::runtime::Builder::new_current_thread();
    builder.enable_all();
    if window.is_zero() {
        return builder.build();
    }
    let runtime = builder.on_thread_park(before_sleep).build()?;
    runtime.spawn(poller(window));
    Ok(runtime)
}

/// The park hook: starts a window if requests came since the last one.
/// Waking the poller here keeps the thread from sleeping.
fn before_sleep() {
    THREAD.with(|t| {
        if t.served.get() == t.polled_to.get() {
            return;
        }
        if let Some(poller) = t.poller.borrow_mut().take() {
            t.window_started.set(true);
            poller.wake();
        }
    });
}

/// Runs one window each time the park hook starts one.
async fn poller(window: Duration) {
    loop {
        std::future::poll_fn(|cx| {
            THREAD.with(|t| {
                if t.window_started.replace(false) {
                    Poll::Ready(())
                } else {
                    *t.poller.borrow_mut() = Some(cx.waker().clone());
                    Poll::Pending
                }
            })
        })
        .await;
        let mut seen = THREAD.with(|t| t.served.get());
        let mut until = Instant::now() + window;
        loop {
            // Let whatever else is runnable on this core go first (a client
            // sharing it would otherwise wait out the window), then poll.
            std::thread::yield_now();
            tokio::task::yield_now().await;
            let served = THREAD.with(|t| t.served.get());
            if served != seen {
                seen = served;
                until = Instant::now() + window;
            } else if Instant::now() >= until {
                break;
            }
        }
        THREAD.with(|t| t.polled_to.set(seen));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CPU time this thread has used.
    fn thread_cpu() -> Duration {
        let now = nix::time::clock_gettime(nix::time::ClockId::CLOCK_THREAD_CPUTIME_ID)
            .expect("clock_gettime");
        Duration::from(now)
    }

    #[test]
    fn polls_after_requests_and_sleeps_when_idle() {
        let window = Duration::from_millis(50);
        let runtime = runtime(window).expect("runtime");
        runtime.block_on(async {
            // Nothing served yet: the thread sleeps through a timer.
            let before = thread_cpu();
            tokio::time::sleep(Duration::from_millis(200)).await;
            let idle = thread_cpu() - before;
            assert!(
                idle < Duration::from_millis(20),
                "idle thread used {idle:?}"
            );

            // A request: the thread stays busy for about a window, then
            // sleeps again.
            served();
            let before = thread_cpu();
            tokio::time::sleep(Duration::from_millis(400)).await;
            let after_request = thread_cpu() - before;
            assert!(
                after_request >= window / 5,
                "no busy polling after a request: {after_request:?}"
            );
            assert!(
                after_request < Duration::from_millis(250),
                "busy polling did not end: {after_request:?}"
            );
        });
    }
}
