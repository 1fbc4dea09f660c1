//! Whether a plugin has been answering: one that keeps timing out is
//! *degraded*, so that a hung plugin costs its own secrets, not everyone's.
//!
//! The rule, kept apart for calls for one ID and calls with wildcards, so a
//! client asking `**` of a plugin slow only on wildcards cannot make it stop
//! answering everyone's `db/password`:
//! - a plugin whose last [`DEGRADED_AFTER`] calls of one shape all timed out
//!   is degraded for that shape (`ListPlugins` says so if either shape is);
//! - its calls of that shape are *probes*, one at a time: while a probe is
//!   out it is not asked that shape at all (its part of a request fails at
//!   once), and a request that sends a probe waits for it at most
//!   [`DEGRADED_WAIT`] before going on without it, while the probe runs on
//!   in the background for the plugin's full timeout;
//! - any answer (secrets, not found, an error) ends that shape's
//!   degradation; a timeout keeps it.
//!
//! So a plugin that hangs on `**` costs each request at most
//! [`DEGRADED_WAIT`], and most requests nothing, once it has timed out
//! three times; and a plugin that was only slow for a while is asked as
//! before as soon as one probe comes back.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use secrets_core::Pattern;

/// Timeouts in a row after which a plugin is degraded.
pub const DEGRADED_AFTER: u32 = 3;

/// How long a request waits for a degraded plugin's probe.
pub const DEGRADED_WAIT: Duration = Duration::from_millis(50);

/// One plugin's recent answers, shared by every copy of its registration.
#[derive(Debug, Default)]
pub struct PluginHealth {
    exact: ShapeHealth,
    wildcard: ShapeHealth,
}

impl PluginHealth {
    /// The health of calls shaped as `pattern` is (one ID, or wildcards).
    pub fn of(&self, pattern: &Pattern) -> &ShapeHealth {
        if pattern.is_id() {
            &self.exact
        } else {
            &self.wildcard
        }
    }

    /// When either shape is degraded, the larger of their timeouts in a row.
    pub fn degraded(&self) -> Option<u32> {
        let timeouts = |shape: &ShapeHealth| shape.timeouts_in_a_row.load(Ordering::Relaxed);
        let most = timeouts(&self.exact).max(timeouts(&self.wildcard));
        (most >= DEGRADED_AFTER).then_some(most)
    }
}

/// The recent answers of one plugin to calls of one shape.
#[derive(Debug, Default)]
pub struct ShapeHealth {
    timeouts_in_a_row: AtomicU32,
    probe_out: AtomicBool,
}

impl ShapeHealth {
    pub fn is_degraded(&self) -> bool {
        self.timeouts_in_a_row.load(Ordering::Relaxed) >= DEGRADED_AFTER
    }

    pub fn timed_out(&self) {
        let before = self.timeouts_in_a_row.fetch_add(1, Ordering::Relaxed);
        if before + 1 == DEGRADED_AFTER {
            tracing::warn!(
                timeouts = DEGRADED_AFTER,
                wait = ?DEGRADED_WAIT,
                "plugin degraded: it timed out on every recent call of one shape (one ID, or \
                 wildcards); it is asked one such call at a time, and requests wait for it at \
                 most the wait, until it answers again"
            );
        }
    }

    pub fn answered(&self) {
        // Read first: on the usual path (healthy) this writes nothing, so
        // the counter's cache line is not bounced between threads.
        if self.timeouts_in_a_row.load(Ordering::Relaxed) != 0
            && self.timeouts_in_a_row.swap(0, Ordering::Relaxed) >= DEGRADED_AFTER
        {
            tracing::info!("plugin answered again; no longer degraded");
        }
    }

    /// Takes the one probe slot: `false` if a probe is out.
    pub fn start_probe(&self) -> bool {
        !self.probe_out.swap(true, Ordering::AcqRel)
    }

    pub fn end_probe(&self) {
        self.probe_out.store(false, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_timeouts_in_a_row_degrade_and_one_answer_heals() {
        let health = ShapeHealth::default();
        health.timed_out();
        health.timed_out();
        health.answered();
        health.timed_out();
        health.timed_out();
        assert!(
            !health.is_degraded(),
            "an answer in between resets the count"
        );
        health.timed_out();
        assert!(health.is_degraded());
        assert!(health.start_probe());
        assert!(!health.start_probe(), "one probe at a time");
        health.end_probe();
        health.answered();
        assert!(!health.is_degraded());
    }
}
