//! A cheap timer for hyper's HTTP/1.1 timeouts.
//!
//! hyper re-arms its header-read timer for every request on a keep-alive
//! connection. With tokio's timer that is a timer-wheel update per request,
//! which measured at ~19% of the engine's throughput at 16 connections
//! when first written, and still 6.5% against a version of the HTTP/1.1
//! timeouts on tokio's timer (BENCHMARKS.md, "Mechanisms and what they
//! earn"). This timer is coarse instead: re-arming is a field write, a
//! waiting connection registers its waker in a slab, and one task wakes the
//! expired ones every `granularity`. The clock is coarse too: the same task
//! records the time at each tick, and deadlines are set and checked against
//! that instead of reading the clock (three reads per request). A sleep ends
//! between its deadline and one granularity after it.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use hyper::rt::{Sleep, Timer};
use slab::Slab;

struct Sleeper {
    deadline: Instant,
    waker: Waker,
}

pub(crate) struct Sleepers {
    waiting: Mutex<Slab<Sleeper>>,
    /// When the timer was made; `ticked` counts from it.
    start: Instant,
    /// Nanoseconds from `start` to the latest tick.
    ticked: AtomicU64,
}

impl Sleepers {
    fn lock(&self) -> MutexGuard<'_, Slab<Sleeper>> {
        self.waiting.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The time of the latest tick: at most one granularity behind.
    pub(crate) fn now(&self) -> Instant {
        self.at(self.now_nanos())
    }

    /// Nanoseconds from `start` to the latest tick.
    pub(crate) fn now_nanos(&self) -> u64 {
        self.ticked.load(Ordering::Relaxed)
    }

    pub(crate) fn at(&self, nanos: u64) -> Instant {
        self.start + Duration::from_nanos(nanos)
    }
}

/// The timer handed to hyper; clones share one set of sleepers.
#[derive(Clone)]
pub struct CoarseTimer {
    pub(crate) sleepers: Arc<Sleepers>,
}

impl CoarseTimer {
    /// A timer whose sleeps end within `granularity` after their deadline.
    /// Spawns the task that wakes them; it ends when the timer is dropped.
    pub fn new(granularity: Duration) -> Self {
        let sleepers = Arc::new(Sleepers {
            waiting: Mutex::default(),
            // tokio's clock (the same as the system's, unless a test pauses
            // it) so that tests can run this timer on paused time.
            start: tokio::time::Instant::now().into_std(),
            ticked: AtomicU64::new(0),
        });
        let weak = Arc::downgrade(&sleepers);
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(granularity);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                let Some(sleepers) = weak.upgrade() else {
                    return;
                };
                let now = tokio::time::Instant::now().into_std();
                let since = now.duration_since(sleepers.start).as_nanos();
                sleepers
                    .ticked
                    .store(u64::try_from(since).unwrap_or(u64::MAX), Ordering::Relaxed);
                for (_, sleeper) in sleepers.lock().iter() {
                    if sleeper.deadline <= now {
                        sleeper.waker.wake_by_ref();
                    }
                }
            }
        });
        CoarseTimer { sleepers }
    }
}

impl Timer for CoarseTimer {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Sleep>> {
        self.sleep_until(self.now() + duration)
    }

    /// The coarse clock: hyper reads it to set each request's deadline.
    fn now(&self) -> Instant {
        self.sleepers.now()
    }

    fn sleep_until(&self, deadline: Instant) -> Pin<Box<dyn Sleep>> {
        Box::pin(CoarseSleep {
            sleepers: self.sleepers.clone(),
            deadline,
            key: None,
            wait: None,
        })
    }
}

/// A sleep on the coarse timer.
pub(crate) struct CoarseSleep {
    pub(crate) sleepers: Arc<Sleepers>,
    pub(crate) deadline: Instant,
    pub(crate) key: Option<usize>,
    /// What decides when this ends instead of `deadline`, if anything (a
    /// connection's wait for headers, in `http1_timeouts`).
    pub(crate) wait: Option<Arc<dyn MovingDeadline>>,
}

/// A deadline that moves on its own: asked on every wake-up, it says when to
/// look again, or `None` once it has passed.
pub(crate) trait MovingDeadline: Send + Sync {
    /// As of the coarse `now` (times as `sleepers` counts them).
    fn deadline(&self, sleepers: &Sleepers, now: Instant) -> Option<Instant>;
}

impl Future for CoarseSleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        let now = this.sleepers.now();
        let until = match &this.wait {
            Some(wait) => wait.deadline(&this.sleepers, now),
            None => (now < this.deadline).then_some(this.deadline),
        };
        let mut sleepers = this.sleepers.lock();
        let Some(until) = until else {
            if let Some(key) = this.key.take() {
                sleepers.try_remove(key);
            }
            return Poll::Ready(());
        };
        match this.key.and_then(|key| sleepers.get_mut(key)) {
            Some(sleeper) => {
                sleeper.deadline = until;
                if !sleeper.waker.will_wake(cx.waker()) {
                    sleeper.waker = cx.waker().clone();
                }
            }
            None => {
                this.key = Some(sleepers.insert(Sleeper {
                    deadline: until,
                    waker: cx.waker().clone(),
                }));
            }
        }
        Poll::Pending
    }
}

impl Sleep for CoarseSleep {}

impl Drop for CoarseSleep {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            self.sleepers.lock().try_remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The time on the paused clock.
    fn now() -> Instant {
        tokio::time::Instant::now().into_std()
    }

    #[tokio::test(start_paused = true)]
    async fn sleeps_end_after_their_deadline_and_reset_moves_it() {
        let granularity = Duration::from_millis(10);
        let timer = CoarseTimer::new(granularity);
        // A sleep ends on the first tick at or after its deadline, and its
        // deadline counts from the coarse clock, up to a tick behind.
        let started = now();
        timer.sleep(Duration::from_millis(50)).await;
        let took = now() - started;
        assert!(
            took >= Duration::from_millis(50) - granularity
                && took <= Duration::from_millis(50) + granularity,
            "{took:?}"
        );
        // The coarse clock is at most a tick behind the real one.
        let lag = now().saturating_duration_since(timer.now());
        assert!(lag <= granularity, "coarse clock lags {lag:?}");

        // Reset moves the deadline, later or earlier.
        for (first, reset) in [(20, 80), (60_000, 30)] {
            let mut sleep = timer.sleep(Duration::from_millis(first));
            let started = now();
            let deadline = Duration::from_millis(reset);
            timer.reset(&mut sleep, started + deadline);
            sleep.await;
            let took = now() - started;
            assert!(
                took >= deadline && took <= deadline + granularity,
                "{took:?}"
            );
        }
        assert!(
            timer.sleepers.lock().is_empty(),
            "finished sleeps leave nothing behind"
        );

        let mut dropped = timer.sleep(Duration::from_secs(60));
        let waker = futures_util::task::noop_waker();
        assert!(
            dropped
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_pending()
        );
        assert_eq!(timer.sleepers.lock().len(), 1);
        drop(dropped);
        assert!(
            timer.sleepers.lock().is_empty(),
            "dropped sleeps unregister"
        );
    }
}
