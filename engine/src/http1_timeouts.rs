//! The HTTP/1.1 connection's two timeouts: the header-read timeout (from a
//! request's first byte to the end of its headers) and the idle timeout of a
//! keep-alive connection waiting for its next request, both on one cheap
//! timer given to hyper.
//!
//! hyper re-arms its header-read timer for every request on a keep-alive
//! connection. With tokio's timer that is a timer-wheel update per request,
//! which measured at ~19% of the engine's throughput at 16 connections
//! when first written, and still 6.5% against a version of this module on
//! tokio's timer (BENCHMARKS.md, "Mechanisms and what they earn"). This
//! timer is coarse instead: re-arming is a field write, a waiting connection
//! registers its waker in a slab, and one task wakes the expired ones every
//! `granularity`. The clock is coarse too: the
//! same task records the time at each tick, and deadlines are set and checked
//! against that instead of reading the clock (three reads per request). A
//! client that never finishes its headers is dropped between
//! `timeout - granularity` and `timeout + granularity`.
//!
//! Each HTTP/1.1 connection gets a [`ConnectionTimer`] over the shared one,
//! because hyper starts the header-read timeout as soon as it waits for the
//! next request, so an idle keep-alive connection would be closed after it.
//! The Go engine's `ReadHeaderTimeout` starts at the first byte of the
//! request (`net/http` waits for it first), and Go clients keep idle
//! connections for 90 s: closing them at 2 s broke their next request.
//! Upstream, a separate idle timeout is hyper issue #1628 (open,
//! <https://github.com/hyperium/hyper/issues/1628>); once hyper
//! has one, `ConnectionTimer` and `HeadBytes` can go.
//! [`HeadBytes`] notes when that first byte arrives; the timeout counts from
//! it, and a connection on which nothing arrives is closed after the idle
//! timeout instead. One case it cannot see: when hyper has already read the
//! start of the next request with the previous one (pipelining) and the
//! client then stalls, no new byte arrives, so the connection counts as idle
//! and is closed after the idle timeout, not the header-read one.

use std::future::Future;
use std::io::IoSlice;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use hyper::rt::{Sleep, Timer};
use slab::Slab;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

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

    /// Nanoseconds from `start` to the latest tick.
    fn now_nanos(&self) -> u64 {
        self.ticked.load(Ordering::Relaxed)
    }

    fn at(&self, nanos: u64) -> Instant {
        self.start + Duration::from_nanos(nanos)
    }

    fn tick(&self, now: Instant) {
        let since = u64::try_from(now.duration_since(self.start).as_nanos()).unwrap_or(u64::MAX);
        self.ticked.store(since, Ordering::Relaxed);
    }
}

/// The timer handed to hyper; clones share one set of sleepers.
#[derive(Clone)]
pub struct CoarseTimer {
    sleepers: Arc<Sleepers>,
}

impl std::fmt::Debug for CoarseTimer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CoarseTimer").finish_non_exhaustive()
    }
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
                sleepers.tick(now);
                for (_, sleeper) in sleepers.lock().iter() {
                    if sleeper.deadline <= now {
                        sleeper.waker.wake_by_ref();
                    }
                }
            }
        });
        CoarseTimer { sleepers }
    }

    /// The timer of one HTTP/1.1 connection: the header-read timeout counts
    /// from the first byte of each request's headers (noted by the
    /// connection's [`HeadBytes`]), and a connection idle for `idle` before
    /// a request starts is closed.
    pub fn connection(&self, header_read: Duration, idle: Duration) -> ConnectionTimer {
        ConnectionTimer {
            timer: self.clone(),
            wait: Arc::new(HeadWait {
                header_read,
                idle,
                armed: AtomicU64::new(0),
                first_byte: AtomicU64::new(NO_BYTE),
            }),
        }
    }
}

/// `HeadWait::first_byte` before the first byte.
const NO_BYTE: u64 = u64::MAX;

/// What one connection is waiting for: the headers of its next request.
struct HeadWait {
    header_read: Duration,
    idle: Duration,
    /// Coarse-clock nanoseconds when hyper started waiting for them.
    armed: AtomicU64,
    /// Coarse-clock nanoseconds when their first byte came, or `NO_BYTE`.
    first_byte: AtomicU64,
}

impl HeadWait {
    /// hyper starts waiting for a request's headers.
    fn arm(&self, sleepers: &Sleepers) {
        self.armed.store(sleepers.now_nanos(), Ordering::Relaxed);
        self.first_byte.store(NO_BYTE, Ordering::Relaxed);
    }

    /// As of the coarse `now`: `None` if the wait has ended, else when to
    /// look again.
    fn deadline(&self, sleepers: &Sleepers, now: Instant) -> Option<Instant> {
        let first_byte = self.first_byte.load(Ordering::Relaxed);
        if first_byte != NO_BYTE {
            let deadline = sleepers.at(first_byte) + self.header_read;
            return (now < deadline).then_some(deadline);
        }
        // Idle: look again a header timeout from now (a first byte may come
        // meanwhile), until the idle timeout.
        let idle_until = sleepers.at(self.armed.load(Ordering::Relaxed)) + self.idle;
        (now < idle_until).then(|| (now + self.header_read).min(idle_until))
    }
}

/// The timer hyper uses on one HTTP/1.1 connection (see the module docs).
#[derive(Clone)]
pub struct ConnectionTimer {
    timer: CoarseTimer,
    wait: Arc<HeadWait>,
}

impl ConnectionTimer {
    /// The connection's I/O, noting the first byte of each request.
    pub fn watch<T>(&self, io: T) -> HeadBytes<T> {
        HeadBytes {
            io,
            sleepers: self.timer.sleepers.clone(),
            wait: self.wait.clone(),
        }
    }
}

impl Timer for ConnectionTimer {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Sleep>> {
        self.timer.sleep(duration)
    }

    fn now(&self) -> Instant {
        self.timer.now()
    }

    /// hyper calls this (or `reset`) once per request, when it starts
    /// waiting for the headers.
    fn sleep_until(&self, deadline: Instant) -> Pin<Box<dyn Sleep>> {
        self.wait.arm(&self.timer.sleepers);
        Box::pin(HeaderSleep {
            sleepers: self.timer.sleepers.clone(),
            deadline,
            key: None,
            wait: Some(self.wait.clone()),
        })
    }

    fn reset(&self, sleep: &mut Pin<Box<dyn Sleep>>, new_deadline: Instant) {
        match sleep.as_mut().downcast_mut_pin::<HeaderSleep>() {
            Some(mut sleep) if sleep.wait.is_some() => {
                self.wait.arm(&self.timer.sleepers);
                sleep.deadline = new_deadline;
            }
            _ => *sleep = self.sleep_until(new_deadline),
        }
    }
}

/// A connection's I/O that notes when the first byte of a request's headers
/// arrives (see the module docs).
pub struct HeadBytes<T> {
    io: T,
    sleepers: Arc<Sleepers>,
    wait: Arc<HeadWait>,
}

impl<T: AsyncRead + Unpin> AsyncRead for HeadBytes<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let filled = buf.filled().len();
        let read = Pin::new(&mut this.io).poll_read(cx, buf);
        if buf.filled().len() > filled && this.wait.first_byte.load(Ordering::Relaxed) == NO_BYTE {
            let now = this.sleepers.now_nanos();
            this.wait.first_byte.store(now, Ordering::Relaxed);
        }
        read
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for HeadBytes<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
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
        Box::pin(HeaderSleep {
            sleepers: self.sleepers.clone(),
            deadline,
            key: None,
            wait: None,
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
    /// A connection's wait for headers, which decides when this ends
    /// instead of `deadline` (`ConnectionTimer`).
    wait: Option<Arc<HeadWait>>,
}

impl Future for HeaderSleep {
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
        let mut sleep = timer.sleep(Duration::from_millis(20));
        let started = now();
        timer.reset(&mut sleep, started + Duration::from_millis(80));
        sleep.await;
        let took = now() - started;
        assert!(
            took >= Duration::from_millis(80) && took <= Duration::from_millis(80) + granularity,
            "{took:?}"
        );
        let mut sleep = timer.sleep(Duration::from_secs(60));
        let started = now();
        timer.reset(&mut sleep, started + Duration::from_millis(30));
        sleep.await;
        let took = now() - started;
        assert!(
            took >= Duration::from_millis(30) && took <= Duration::from_millis(30) + granularity,
            "{took:?}"
        );
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
