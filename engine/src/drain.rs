//! Graceful shutdown of the engine's connections: once shutdown starts,
//! every open connection is told to finish the requests it has and close, and
//! the engine waits until they all have.
//!
//! Why not hyper-util's `GracefulShutdown`: it takes only the connection
//! types it was written for (its trait is sealed), and HTTP/1.1 with upgrades
//! (how external plugins attach) is not one of them. It also polls a
//! `tokio::sync::watch` receiver each time a connection is polled, twice per
//! request, at about 300 instructions a request (BENCHMARKS.md). Here a
//! connection's poll costs an atomic load and an `AtomicWaker` registration;
//! the locks are taken once when a connection opens and once when it closes.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use futures_util::task::AtomicWaker;
use slab::Slab;
use tokio::sync::Notify;

/// A connection that can be asked to finish its in-flight requests and
/// close: hyper's connections, by their `graceful_shutdown`.
pub trait Drainable: Future {
    /// Stop taking new requests; the future ends when the current ones are
    /// answered.
    fn drain(self: Pin<&mut Self>);
}

impl<I, S, B> Drainable for hyper::server::conn::http1::UpgradeableConnection<I, S>
where
    S: hyper::service::HttpService<hyper::body::Incoming, ResBody = B>,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
    B: hyper::body::Body + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn drain(self: Pin<&mut Self>) {
        self.graceful_shutdown();
    }
}

impl<I, S, B, E> Drainable for hyper::server::conn::http2::Connection<I, S, E>
where
    S: hyper::service::HttpService<hyper::body::Incoming, ResBody = B>,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    I: hyper::rt::Read + hyper::rt::Write + Unpin + 'static,
    B: hyper::body::Body + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    E: hyper::rt::bounds::Http2ServerConnExec<S::Future, B>,
{
    fn drain(self: Pin<&mut Self>) {
        self.graceful_shutdown();
    }
}

#[derive(Default)]
struct Shared {
    draining: AtomicBool,
    /// The waker of each open connection's task.
    open: Mutex<Slab<Arc<AtomicWaker>>>,
    /// Notified when the last connection closes during a drain.
    all_closed: Notify,
}

impl Shared {
    fn open(&self) -> MutexGuard<'_, Slab<Arc<AtomicWaker>>> {
        // A panic while holding the lock leaves the slab consistent: every
        // critical section is a single insert, remove or iteration.
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Starts the drain and waits for it; hands out [`Watcher`]s.
#[derive(Default)]
pub struct Drain {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Drain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Drain")
            .field("open", &self.shared.open().len())
            .finish_non_exhaustive()
    }
}

impl Drain {
    pub fn new() -> Self {
        Drain::default()
    }

    /// A handle that can be moved to a connection's thread to watch it.
    pub fn watcher(&self) -> Watcher {
        Watcher {
            shared: self.shared.clone(),
        }
    }

    /// Tells every open connection (and any opened later) to finish, and
    /// returns once all of them have closed.
    pub async fn drain(&self) {
        self.shared.draining.store(true, Ordering::SeqCst);
        for (_, waker) in self.shared.open().iter() {
            waker.wake();
        }
        loop {
            // Enabled before the check, so a close between the check and
            // the await still wakes us.
            let closed = self.shared.all_closed.notified();
            tokio::pin!(closed);
            closed.as_mut().enable();
            if self.shared.open().is_empty() {
                return;
            }
            closed.await;
        }
    }
}

/// Watches connections for one [`Drain`].
#[derive(Clone)]
pub struct Watcher {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher").finish_non_exhaustive()
    }
}

impl Watcher {
    /// `connection`, counted as open until it ends or is dropped, and told
    /// to drain when the drain starts.
    pub fn watch<C: Drainable>(self, connection: C) -> Watched<C> {
        let waker = Arc::new(AtomicWaker::new());
        let key = self.shared.open().insert(waker.clone());
        Watched {
            connection,
            registration: Registration {
                shared: self.shared,
                waker,
                key,
                drained: false,
            },
        }
    }
}

/// A connection's entry in the open set; removing it may end the drain.
struct Registration {
    shared: Arc<Shared>,
    waker: Arc<AtomicWaker>,
    key: usize,
    /// The connection has been told to drain.
    drained: bool,
}

impl Drop for Registration {
    fn drop(&mut self) {
        let mut open = self.shared.open();
        open.try_remove(self.key);
        if open.is_empty() && self.shared.draining.load(Ordering::SeqCst) {
            self.shared.all_closed.notify_waiters();
        }
    }
}

pin_project_lite::pin_project! {
    /// A connection being watched; see [`Watcher::watch`].
    pub struct Watched<C> {
        #[pin]
        connection: C,
        registration: Registration,
    }
}

impl<C: Drainable> Future for Watched<C> {
    type Output = C::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<C::Output> {
        let mut this = self.project();
        let registration = this.registration;
        if !registration.drained {
            // Registered before the flag is read: a drain that starts after
            // the read wakes this task.
            registration.waker.register(cx.waker());
            if registration.shared.draining.load(Ordering::SeqCst) {
                registration.drained = true;
                this.connection.as_mut().drain();
            }
        }
        this.connection.poll(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    pin_project_lite::pin_project! {
        /// A connection that ends only once drained, after `linger`.
        struct Lingering {
            #[pin]
            until: Option<tokio::time::Sleep>,
            linger: Duration,
            drained: bool,
        }
    }

    impl Future for Lingering {
        type Output = bool;
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<bool> {
            let this = self.project();
            match this.until.as_pin_mut() {
                Some(until) => until.poll(cx).map(|()| *this.drained),
                None => Poll::Pending,
            }
        }
    }

    impl Drainable for Lingering {
        fn drain(self: Pin<&mut Self>) {
            let mut this = self.project();
            *this.drained = true;
            let linger = *this.linger;
            this.until.set(Some(tokio::time::sleep(linger)));
        }
    }

    fn lingering(linger: Duration) -> Lingering {
        Lingering {
            until: None,
            linger,
            drained: false,
        }
    }

    #[tokio::test]
    async fn a_drain_tells_every_connection_and_waits_for_the_last() {
        let drain = Drain::new();
        let short = tokio::spawn(drain.watcher().watch(lingering(Duration::from_millis(10))));
        let long = tokio::spawn(drain.watcher().watch(lingering(Duration::from_millis(200))));
        // Let both register their tasks' wakers and go idle.
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!short.is_finished() && !long.is_finished());

        let started = std::time::Instant::now();
        drain.drain().await;
        assert!(
            started.elapsed() >= Duration::from_millis(200),
            "the drain ended before the slowest connection: {:?}",
            started.elapsed()
        );
        assert!(short.await.expect("short"), "short was not drained");
        assert!(long.await.expect("long"), "long was not drained");
        assert_eq!(drain.shared.open().len(), 0);
    }

    #[tokio::test]
    async fn a_connection_watched_after_the_drain_started_is_drained_and_waited_for() {
        let drain = Arc::new(Drain::new());
        let early = tokio::spawn(drain.watcher().watch(lingering(Duration::from_millis(50))));
        tokio::time::sleep(Duration::from_millis(10)).await;
        let draining = tokio::spawn({
            let drain = drain.clone();
            async move { drain.drain().await }
        });
        tokio::time::sleep(Duration::from_millis(10)).await;
        let late = tokio::spawn(drain.watcher().watch(lingering(Duration::from_millis(100))));
        tokio::time::timeout(Duration::from_secs(5), draining)
            .await
            .expect("the drain never ended")
            .expect("drain task");
        assert!(early.await.expect("early"));
        assert!(
            late.await.expect("late"),
            "the late connection was not drained"
        );
    }

    #[tokio::test]
    async fn a_drain_with_nothing_open_ends_at_once() {
        let drain = Drain::new();
        // A connection that ended before the drain leaves nothing to wait for.
        drop(drain.watcher().watch(lingering(Duration::ZERO)));
        tokio::time::timeout(Duration::from_secs(1), drain.drain())
            .await
            .expect("drain waited for nothing");
    }
}
