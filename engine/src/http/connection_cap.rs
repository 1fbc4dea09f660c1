//! A cap on open connections.
//!
//! Every connection holds a file descriptor and a task; without a cap, a
//! local process opening connections and sending nothing exhausts the file
//! limit, after which `accept` fails for everyone until it lets go. Above the
//! cap a new connection is closed as soon as it is accepted (so it does not
//! sit in the listen queue), while the connections already open are served
//! as before.
//!
//! One peer process may hold at most three quarters of the cap, so a client
//! that opens connections and leaves them idle cannot lock the others out:
//! the last quarter is always left for other processes.
//!
//! When a flood ends (open connections fall to a quarter of a peak of at
//! least [`FLOOD`]), the memory it freed is given back to the system
//! ([`crate::freed_memory`]).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How often, at most, refusals are logged: a flood of refused connections
/// must not become a flood of log lines.
const WARN_EVERY: Duration = Duration::from_secs(10);

/// How many connections open at once count as a flood whose memory is worth
/// giving back when it ends (a busy but normal engine has a few dozen).
const FLOOD: usize = 128;

/// Counts open connections against a maximum. Owned by the accept loop.
#[derive(Debug)]
pub struct ConnectionCap {
    count: Arc<Count>,
    max: usize,
    refused_since_warning: u64,
    last_warning: Option<Instant>,
}

#[derive(Debug, Default)]
struct Count {
    open: AtomicUsize,
    /// The most open at once since memory was last given back.
    peak: AtomicUsize,
    /// Woken when a flood has ended.
    flood_ended: tokio::sync::Notify,
    /// Woken when the last open connection closes (a socket-activated engine
    /// then starts counting down to its exit).
    all_closed: tokio::sync::Notify,
    /// Open connections per peer process.
    per_peer: Mutex<HashMap<i32, usize>>,
}

/// One open connection's place under the cap, given back when dropped.
#[derive(Debug)]
pub struct Admitted(Arc<Count>, Option<i32>);

impl Drop for Admitted {
    fn drop(&mut self) {
        let count = &self.0;
        if let Some(peer) = self.1 {
            let mut per_peer = count
                .per_peer
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if let Some(held) = per_peer.get_mut(&peer) {
                *held -= 1;
                if *held == 0 {
                    per_peer.remove(&peer);
                }
            }
        }
        let open = count.open.fetch_sub(1, Ordering::AcqRel) - 1;
        if open == 0 {
            count.all_closed.notify_waiters();
        }
        let peak = count.peak.load(Ordering::Relaxed);
        if peak >= FLOOD
            && open * 4 <= peak
            && count
                .peak
                .compare_exchange(peak, open, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            count.flood_ended.notify_one();
        }
    }
}

impl ConnectionCap {
    pub fn new(max: usize) -> Self {
        Self {
            count: Arc::default(),
            max,
            refused_since_warning: 0,
            last_warning: None,
        }
    }

    /// Gives freed memory back after each flood, until the engine stops: run
    /// it beside the accept loop.
    pub fn give_back_after_floods(&self) -> impl std::future::Future<Output = ()> + use<> {
        let count = self.count.clone();
        async move {
            loop {
                count.flood_ended.notified().await;
                crate::freed_memory::give_back();
                tracing::debug!("a connection flood ended; freed memory given back");
            }
        }
    }

    /// Completes once no connection has been open for `period`. Only
    /// [`ConnectionCap::admit`] opens connections, and the accept loop that
    /// calls it drops this future when it does, so a count of zero seen here
    /// stays zero until the future is dropped; the loop makes a new one
    /// after every accept, which starts the period again.
    pub fn idle_for(&self, period: Duration) -> impl std::future::Future<Output = ()> + use<> {
        let count = self.count.clone();
        async move {
            loop {
                let closed = count.all_closed.notified();
                tokio::pin!(closed);
                // Registered before the count is read, so a close in between
                // still wakes it.
                closed.as_mut().enable();
                if count.open.load(Ordering::Acquire) == 0 {
                    break;
                }
                closed.await;
            }
            tokio::time::sleep(period).await;
        }
    }

    /// A place for a new connection from the process `peer`, or `None`
    /// (logged, rate-limited) when `max` are open or `peer` holds its share.
    pub fn admit(&mut self, peer: Option<i32>) -> Option<Admitted> {
        // Only this loop adds, so reading then adding cannot overshoot.
        let open = self.count.open.load(Ordering::Acquire);
        if open < self.max {
            let share = (self.max - self.max / 4).max(1);
            let mut per_peer = self
                .count
                .per_peer
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let held = peer.map(|peer| per_peer.entry(peer).or_default());
            if held.as_ref().is_none_or(|held| **held < share) {
                if let Some(held) = held {
                    *held += 1;
                }
                drop(per_peer);
                self.count.open.fetch_add(1, Ordering::AcqRel);
                self.count.peak.fetch_max(open + 1, Ordering::Relaxed);
                return Some(Admitted(self.count.clone(), peer));
            }
        }
        self.refused_since_warning += 1;
        if self
            .last_warning
            .is_none_or(|last| last.elapsed() >= WARN_EVERY)
        {
            tracing::warn!(
                open,
                max_connections = self.max,
                refused = self.refused_since_warning,
                "refusing new connections: as many are open as max_connections allows, \
                 or one process holds three quarters of them \
                 (refused counts the refusals since the last such warning)"
            );
            self.refused_since_warning = 0;
            self.last_warning = Some(Instant::now());
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn idle_counts_from_the_last_close() {
        let mut cap = ConnectionCap::new(4);
        let period = Duration::from_secs(60);
        let first = cap.admit(None).expect("room");
        let second = cap.admit(None).expect("room");
        let idle = cap.idle_for(period);
        tokio::pin!(idle);
        // Open connections hold it off however long they stay.
        let held = tokio::time::timeout(Duration::from_secs(600), idle.as_mut()).await;
        assert!(held.is_err(), "not idle while connections are open");
        drop(first);
        let held = tokio::time::timeout(Duration::from_secs(600), idle.as_mut()).await;
        assert!(held.is_err(), "not idle while one is still open");
        drop(second);
        let closed_at = tokio::time::Instant::now();
        idle.await;
        assert_eq!(
            closed_at.elapsed(),
            period,
            "exactly the period after the last close"
        );
        // With nothing open, it is the period from now.
        let start = tokio::time::Instant::now();
        cap.idle_for(period).await;
        assert_eq!(start.elapsed(), period);
    }

    #[test]
    fn places_are_given_back() {
        let mut cap = ConnectionCap::new(2);
        let first = cap.admit(None).expect("room");
        let second = cap.admit(None).expect("room");
        assert!(cap.admit(None).is_none());
        assert!(cap.admit(None).is_none());
        assert_eq!(cap.refused_since_warning, 1, "the first refusal warned");
        drop(first);
        assert_eq!(cap.count.open.load(Ordering::Acquire), 1);
        let _third = cap.admit(None).expect("room again");
        drop(second);
        assert_eq!(cap.count.open.load(Ordering::Acquire), 1);
    }

    #[test]
    fn one_peer_leaves_a_quarter_for_the_others() {
        let mut cap = ConnectionCap::new(8);
        let held: Vec<Admitted> = (0..6).map(|_| cap.admit(Some(7)).expect("room")).collect();
        assert!(cap.admit(Some(7)).is_none(), "its share is six of eight");
        let other = cap.admit(Some(8)).expect("room for another process");
        drop(held);
        assert!(cap.count.per_peer.lock().expect("lock").get(&7).is_none());
        drop(other);
        assert!(cap.count.per_peer.lock().expect("lock").is_empty());
    }

    #[tokio::test]
    async fn the_end_of_a_flood_is_noticed_once() {
        let mut cap = ConnectionCap::new(1000);
        let mut flood: Vec<Admitted> = (0..FLOOD).map(|_| cap.admit(None).expect("room")).collect();
        let watcher = tokio::spawn(cap.give_back_after_floods());
        // Down to a quarter of the peak: the flood has ended.
        flood.truncate(FLOOD / 4 + 1);
        assert_eq!(cap.count.peak.load(Ordering::Relaxed), FLOOD);
        flood.pop();
        assert_eq!(cap.count.peak.load(Ordering::Relaxed), FLOOD / 4);
        // The notification is stored for the watcher; closing the rest
        // signals nothing more (the peak is small now).
        drop(flood);
        assert_eq!(cap.count.peak.load(Ordering::Relaxed), FLOOD / 4);
        tokio::task::yield_now().await;
        watcher.abort();
    }
}
