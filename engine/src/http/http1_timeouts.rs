//! The HTTP/1.1 connection's two timeouts: the header-read timeout (from a
//! request's first byte to the end of its headers) and the idle timeout of a
//! keep-alive connection waiting for its next request, both on one cheap
//! timer given to hyper.
//!
//! The timer is the coarse one ([`crate::http::coarse_timer`]): a client that
//! never finishes its headers is dropped between `timeout - granularity` and
//! `timeout + granularity`.
//!
//! Each HTTP/1.1 connection gets a [`ConnectionTimer`] over the shared one,
//! because hyper starts the header-read timeout as soon as it waits for the
//! next request, so an idle keep-alive connection would be closed after it.
//! The Go engine's `ReadHeaderTimeout` starts at the first byte of the
//! request (`net/http` waits for it first), and Go clients keep idle
//! connections for 90 s: closing them at 2 s broke their next request.
//! Upstream, a separate idle timeout is hyper issue #1628 (open,
//! <https://github.com/hyperium/hyper/issues/1628>); once hyper
//! has one, `ConnectionTimer` and its `watch` can go.
//! [`ConnectionTimer::watch`] notes when that first byte arrives; the
//! timeout counts from it, and a connection on which nothing arrives is
//! closed after the idle timeout instead. One case it cannot see: when hyper
//! has already read the start of the next request with the previous one
//! (pipelining) and the client then stalls, no new byte arrives, so the
//! connection counts as idle and is closed after the idle timeout, not the
//! header-read one.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use hyper::rt::{Sleep, Timer};
use tokio::io::AsyncRead;
use tokio_util::io::InspectReader;

use crate::http::coarse_timer::{CoarseSleep, CoarseTimer, MovingDeadline, Sleepers};

impl CoarseTimer {
    /// The timer of one HTTP/1.1 connection: the header-read timeout counts
    /// from the first byte of each request's headers (noted by
    /// [`ConnectionTimer::watch`]), and a connection idle for `idle` before
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
}

impl MovingDeadline for HeadWait {
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
    /// The connection's I/O, noting when the first byte of each request's
    /// headers arrives (see the module docs).
    pub fn watch<T: AsyncRead>(&self, io: T) -> InspectReader<T, impl FnMut(&[u8]) + use<T>> {
        let (sleepers, wait) = (self.timer.sleepers.clone(), self.wait.clone());
        InspectReader::new(io, move |read: &[u8]| {
            if !read.is_empty() && wait.first_byte.load(Ordering::Relaxed) == NO_BYTE {
                wait.first_byte
                    .store(sleepers.now_nanos(), Ordering::Relaxed);
            }
        })
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
        Box::pin(CoarseSleep {
            sleepers: self.timer.sleepers.clone(),
            deadline,
            key: None,
            wait: Some(self.wait.clone() as Arc<dyn MovingDeadline>),
        })
    }

    fn reset(&self, sleep: &mut Pin<Box<dyn Sleep>>, new_deadline: Instant) {
        match sleep.as_mut().downcast_mut_pin::<CoarseSleep>() {
            Some(mut sleep) if sleep.wait.is_some() => {
                self.wait.arm(&self.timer.sleepers);
                sleep.deadline = new_deadline;
            }
            _ => *sleep = self.sleep_until(new_deadline),
        }
    }
}
