//! A cap on open connections.
//!
//! Every connection holds a file descriptor and a task; without a cap, a
//! local process opening connections and sending nothing exhausts the file
//! limit, after which `accept` fails for everyone until it lets go. Above the
//! cap a new connection is closed as soon as it is accepted (so it does not
//! sit in the listen queue), while the connections already open are served
//! as before.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How often, at most, refusals are logged: a flood of refused connections
/// must not become a flood of log lines.
const WARN_EVERY: Duration = Duration::from_secs(10);

/// Counts open connections against a maximum. Owned by the accept loop.
#[derive(Debug)]
pub struct ConnectionCap {
    open: Arc<AtomicUsize>,
    max: usize,
    refused_since_warning: u64,
    last_warning: Option<Instant>,
}

/// One open connection's place under the cap, given back when dropped.
#[derive(Debug)]
pub struct Admitted(Arc<AtomicUsize>);

impl Drop for Admitted {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Release);
    }
}

impl ConnectionCap {
    pub fn new(max: usize) -> Self {
        Self {
            open: Arc::new(AtomicUsize::new(0)),
            max,
            refused_since_warning: 0,
            last_warning: None,
        }
    }

    /// A place for a new connection, or `None` (logged, rate-limited) when
    /// `max` are open.
    pub fn admit(&mut self) -> Option<Admitted> {
        // Only this loop adds, so reading then adding cannot overshoot.
        let open = self.open.load(Ordering::Acquire);
        if open < self.max {
            self.open.fetch_add(1, Ordering::AcqRel);
            return Some(Admitted(self.open.clone()));
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
                "refusing new connections: as many are open as max_connections allows \
                 (refused counts the refusals since the last such warning)"
            );
            self.refused_since_warning = 0;
            self.last_warning = Some(Instant::now());
        }
        None
    }

    /// How many connections are open.
    #[cfg(test)]
    pub fn open(&self) -> usize {
        self.open.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_given_back() {
        let mut cap = ConnectionCap::new(2);
        let first = cap.admit().expect("room");
        let second = cap.admit().expect("room");
        assert!(cap.admit().is_none());
        assert!(cap.admit().is_none());
        assert_eq!(cap.refused_since_warning, 1, "the first refusal warned");
        drop(first);
        assert_eq!(cap.open(), 1);
        let _third = cap.admit().expect("room again");
        drop(second);
        assert_eq!(cap.open(), 1);
    }
}
