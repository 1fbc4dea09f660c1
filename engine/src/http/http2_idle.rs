//! An idle limit for HTTP/2 connections.
//!
//! hyper closes an HTTP/1.1 keep-alive connection that waits too long for
//! its next request (see `http1_timeouts`), but has no such limit for HTTP/2:
//! a client could send the preface and then nothing, and keep the connection
//! for ever. Here each HTTP/2 connection counts its open streams; a watcher
//! closes it gracefully once it has had none, and no stream opened or closed,
//! for the idle time.
//!
//! The request path only bumps two counters; the watcher reads them a few
//! times per idle period and never reads the clock for them.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

/// How many quiet checks make an idle period: the connection closes between
/// one and `1 + 1/CHECKS` idle periods after its last stream ended.
const CHECKS: u32 = 4;

/// One HTTP/2 connection's streams.
#[derive(Debug, Default)]
pub struct StreamActivity {
    open: AtomicUsize,
    /// Streams opened plus streams ended: unchanged over a check means
    /// nothing happened.
    events: AtomicU64,
}

/// An open stream, counted until dropped (when hyper has sent the answer's
/// body, or the stream was reset).
#[derive(Debug)]
pub struct OpenStream(Arc<StreamActivity>);

impl StreamActivity {
    pub fn stream(self: &Arc<Self>) -> OpenStream {
        self.open.fetch_add(1, Ordering::Relaxed);
        self.events.fetch_add(1, Ordering::Relaxed);
        OpenStream(self.clone())
    }

    /// Completes once the connection has been idle for `idle`.
    pub async fn idle_for(&self, idle: Duration) {
        let tick = idle / CHECKS;
        let mut seen = self.events.load(Ordering::Relaxed);
        let mut quiet = 0;
        loop {
            tokio::time::sleep(tick).await;
            let now = self.events.load(Ordering::Relaxed);
            if now == seen && self.open.load(Ordering::Relaxed) == 0 {
                quiet += 1;
                if quiet >= CHECKS {
                    return;
                }
            } else {
                (seen, quiet) = (now, 0);
            }
        }
    }
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::Relaxed);
        self.0.events.fetch_add(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn a_connection_without_streams_is_idle_after_the_idle_time() {
        let activity = Arc::new(StreamActivity::default());
        let started = Instant::now();
        activity.idle_for(Duration::from_secs(120)).await;
        assert_eq!(started.elapsed(), Duration::from_secs(120));
    }

    #[tokio::test(start_paused = true)]
    async fn an_open_stream_or_a_recent_one_keeps_it() {
        let activity = Arc::new(StreamActivity::default());
        let idle = Duration::from_secs(120);
        let started = Instant::now();
        let stream = activity.stream();
        let watched = activity.clone();
        let watcher = tokio::spawn(async move { watched.idle_for(idle).await });
        // A stream open for five minutes, then one more request a minute later.
        tokio::time::sleep(Duration::from_secs(300)).await;
        assert!(!watcher.is_finished());
        drop(stream);
        tokio::time::sleep(Duration::from_secs(60)).await;
        drop(activity.stream());
        watcher.await.expect("watcher");
        // Idle from the last event (at 360 s) for between one and 1.25 idle periods.
        let idle_from = started.elapsed() - Duration::from_secs(360);
        assert!(
            idle_from >= idle && idle_from <= idle + idle / CHECKS,
            "{idle_from:?}"
        );
    }
}
