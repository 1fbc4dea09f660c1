//! A cheap timer for hyper's HTTP/1.1 header-read timeout.
//!
//! hyper re-arms its header-read timer for every request on a keep-alive
//! connection. With tokio's timer that is a timer-wheel update per request,
//! which measured at ~19% of the engine's throughput at 16 connections
//! (BENCHMARKS.md). This timer is coarse instead: re-arming is a field
//! write, a waiting connection registers its waker in a slab, and one task
//! wakes the expired ones every `granularity`. The clock is coarse too: the
//! same task records the time at each tick, and deadlines are set and checked
//! against that instead of reading the clock (three reads per request). A
//! client that never finishes its headers is dropped between
//! `timeout - granularity` and `timeout + granularity`.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use hyper::rt::{Sleep, Timer};
use slab::Slab;

struct Sleeper {
    deadline: Instant,
    waker: Waker,
}

struct Sleepers {
    waiting: Mutex<Slab<Sleeper>>,
    /// When the timer was made; `ticked` counts from it.
    start: Instant,
    /// Nanoseconds from `start` to the latest tick.
    ticked: AtomicU64,
}

impl Sleepers {
    fn lock(&self) -> MutexGuard<'_, Slab<Sleeper>> {
        match self.waiting.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// The time of the latest tick: at most one granularity behind.
    fn now(&self) -> Instant {
        self.start + Duration::from_nanos(self.ticked.load(Ordering::Relaxed))
    }

    fn tick(&self, now: Instant) {
        let since = u64::try_from(now.duration_since(self.start).as_nanos()).unwrap_or(u64::MAX);
        self.ticked.store(since, Ordering::Relaxed);
    }
}

/// The timer handed to hyper; clones share one set of sleepers.
#[derive(Clone)]
pub struct HeaderTimer {
    sleepers: Arc<Sleepers>,
}

impl std::fmt::Debug for HeaderTimer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HeaderTimer").finish_non_exhaustive()
    }
}

impl HeaderTimer {
    /// A timer whose sleeps end within `granularity` after their deadline.
    /// Spawns the task that wakes them; it ends when the timer is dropped.
    pub fn new(granularity: Duration) -> Self {
        let sleepers = Arc::new(Sleepers {
            waiting: Mutex::default(),
            start: Instant::now(),
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
                let now = Instant::now();
                sleepers.tick(now);
                for (_, sleeper) in sleepers.lock().iter() {
                    if sleeper.deadline <= now {
                        sleeper.waker.wake_by_ref();
                    }
                }
            }
        });
        HeaderTimer { sleepers }
    }
}

impl Timer for HeaderTimer {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Sleep>> {
        self.sleep_until(self.now() + duration)
    }

    /// The coarse clock: hyper reads it to set each request's deadline.
    fn now(&self) -> Instant {
        self.sleepers.now()
    }

    fn sleep_until(&self, deadline: Instant) -> Pin<Box<dyn Sleep>> {
        Box::pin(HeaderSleep {
            sleepers: self.sleepers.clone(),
            deadline,
            key: None,
        })
    }

    fn reset(&self, sleep: &mut Pin<Box<dyn Sleep>>, new_deadline: Instant) {
        match sleep.as_mut().downcast_mut_pin::<HeaderSleep>() {
            // The registered entry keeps its old deadline: the ticker may wake
            // the connection once for nothing, and poll re-registers.
            Some(mut sleep) => sleep.deadline = new_deadline,
            None => *sleep = self.sleep_until(new_deadline),
        }
    }
}

struct HeaderSleep {
    sleepers: Arc<Sleepers>,
    deadline: Instant,
    key: Option<usize>,
}

impl Future for HeaderSleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        let expired = this.sleepers.now() >= this.deadline;
        let mut sleepers = this.sleepers.lock();
        if expired {
            if let Some(key) = this.key.take() {
                sleepers.try_remove(key);
            }
            return Poll::Ready(());
        }
        match this.key.and_then(|key| sleepers.get_mut(key)) {
            Some(sleeper) => {
                sleeper.deadline = this.deadline;
                if !sleeper.waker.will_wake(cx.waker()) {
                    sleeper.waker = cx.waker().clone();
                }
            }
            None => {
                this.key = Some(sleepers.insert(Sleeper {
                    deadline: this.deadline,
                    waker: cx.waker().clone(),
                }));
            }
        }
        Poll::Pending
    }
}

impl Sleep for HeaderSleep {}

impl Drop for HeaderSleep {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            self.sleepers.lock().try_remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sleeps_end_after_their_deadline_and_reset_moves_it() {
        let timer = HeaderTimer::new(Duration::from_millis(10));
        // A sleep starts from the coarse clock, up to a granularity behind.
        let started = Instant::now();
        timer.sleep(Duration::from_millis(50)).await;
        let took = started.elapsed();
        assert!(
            took >= Duration::from_millis(40) && took < Duration::from_millis(500),
            "{took:?}"
        );
        // The coarse clock follows the real one, a tick behind at most
        // (plus scheduling delay on a busy machine).
        let lag = Instant::now().saturating_duration_since(timer.now());
        assert!(
            lag <= Duration::from_millis(60),
            "coarse clock lags {lag:?}"
        );

        let mut sleep = timer.sleep(Duration::from_millis(20));
        let started = Instant::now();
        timer.reset(&mut sleep, Instant::now() + Duration::from_millis(80));
        sleep.await;
        assert!(started.elapsed() >= Duration::from_millis(80));
        assert!(
            timer.sleepers.lock().is_empty(),
            "finished sleeps leave nothing behind"
        );

        let dropped = timer.sleep(Duration::from_secs(60));
        let mut dropped = Box::pin(dropped);
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
