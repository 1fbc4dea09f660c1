//! Subscriptions to a store's changes: [`Changes`], from
//! [`Store::changes`](crate::Store::changes), yields a [`Change`] for each
//! secret that another process (or this one) created, replaced or removed.
//!
//! Each subscription has its own backend watcher and its own queue. The
//! queue is bounded: a subscriber that falls more than [`QUEUE_LIMIT`]
//! distinct IDs behind gets one [`Change::Unknown`] in place of them, so a
//! slow consumer costs a fixed amount of memory however fast secrets change.

use std::collections::{HashSet, VecDeque};
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};

use futures_util::Stream;
use futures_util::task::AtomicWaker;
use secrets_core::SecretId;

/// How many distinct secret IDs a subscription holds for its consumer
/// before it gives them up for one [`Change::Unknown`].
pub const QUEUE_LIMIT: usize = 256;

/// What changed in a store.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Change {
    /// The secret with this ID was created, replaced or removed (read it to
    /// see which).
    Secret(SecretId),
    /// Something changed and the backend is still finding out which secret
    /// (the keychain reads a new item's attributes to learn its ID): a
    /// [`Change::Secret`] follows if it was one of ours. For whoever must
    /// stop trusting what it keeps at once, such as a cache; others may
    /// skip it.
    Pending,
    /// Anything may have changed: the backend could not say what (an event
    /// queue overflowed, this subscriber fell behind, the keychain
    /// restarted or its collection was locked, created or removed). Read
    /// again whatever you keep.
    Unknown,
}

/// A subscription to a store's changes, from
/// [`Store::changes`](crate::Store::changes): a [`Stream`] of [`Change`]s,
/// or [`Changes::recv`] one at a time.
///
/// A change made after `changes()` returned is reported. One change may
/// be reported more than once (a save can touch a keychain item several
/// times), and consecutive changes of one ID not yet received are reported
/// once. The stream ends (after a last [`Change::Unknown`]) when the
/// backend can no longer be watched: the store's directory was removed or
/// moved, the D-Bus session ended. Dropping it stops its watcher.
pub struct Changes {
    shared: Arc<Shared>,
    /// The backend's watcher (a file-system watch, a D-Bus listener task);
    /// dropping it stops the watching. In a mutex only so that `Changes` is
    /// `Sync` whatever the watcher is.
    _watcher: Mutex<Box<dyn Send>>,
}

impl std::fmt::Debug for Changes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let queue = self.shared.queue();
        f.debug_struct("Changes")
            .field("pending", &queue.pending.len())
            .field("missed", &queue.missed)
            .field("ended", &queue.ended)
            .finish()
    }
}

impl Changes {
    /// A subscription fed by `publisher`'s shared queue, watched by
    /// `watcher` for as long as it lives.
    pub(crate) fn new(publisher: &Publisher, watcher: impl Send + 'static) -> Changes {
        Changes {
            shared: publisher.shared.clone(),
            _watcher: Mutex::new(Box::new(watcher)),
        }
    }

    /// The next change, waiting for one; `None` once the stream has ended.
    pub async fn recv(&mut self) -> Option<Change> {
        futures_util::StreamExt::next(self).await
    }

    /// The next change if one is waiting, without waiting.
    pub fn try_recv(&mut self) -> Option<Change> {
        self.shared.queue().take()
    }
}

impl Stream for Changes {
    type Item = Change;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Change>> {
        let mut queue = self.shared.queue();
        if let Some(change) = queue.take() {
            return Poll::Ready(Some(change));
        }
        if queue.ended {
            return Poll::Ready(None);
        }
        // Registered while the queue is locked: a publisher that adds to it
        // next wakes this waker.
        self.shared.waker.register(cx.waker());
        Poll::Pending
    }
}

impl Drop for Changes {
    fn drop(&mut self) {
        self.shared.queue().dropped = true;
    }
}

/// The backend's side of a subscription: adds changes to its queue.
#[derive(Clone)]
pub(crate) struct Publisher {
    shared: Arc<Shared>,
}

struct Shared {
    queue: Mutex<Queue>,
    waker: AtomicWaker,
}

impl Shared {
    fn queue(&self) -> MutexGuard<'_, Queue> {
        // The queue is consistent after every statement: a panic elsewhere
        // while it was locked leaves nothing half done.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[derive(Default)]
struct Queue {
    /// IDs not yet received, oldest first, each at most once.
    pending: VecDeque<SecretId>,
    /// The IDs in `pending`.
    queued: HashSet<SecretId>,
    /// A `Change::Unknown` is due before anything in `pending`.
    missed: bool,
    /// A `Change::Pending` is due before anything in `pending`.
    looking: bool,
    /// Nothing more will be added.
    ended: bool,
    /// The subscriber is gone.
    dropped: bool,
}

impl Queue {
    fn take(&mut self) -> Option<Change> {
        if self.missed {
            self.missed = false;
            self.looking = false;
            return Some(Change::Unknown);
        }
        if self.looking {
            self.looking = false;
            return Some(Change::Pending);
        }
        let id = self.pending.pop_front()?;
        self.queued.remove(&id);
        Some(Change::Secret(id))
    }

    /// Everything pending is covered by an `Unknown`, which the consumer
    /// answers by reading everything again.
    fn miss(&mut self) {
        self.pending.clear();
        self.queued.clear();
        self.missed = true;
    }
}

impl Publisher {
    pub(crate) fn new() -> Publisher {
        Publisher {
            shared: Arc::new(Shared {
                queue: Mutex::new(Queue::default()),
                waker: AtomicWaker::new(),
            }),
        }
    }

    /// The secret `id` changed.
    pub(crate) fn secret(&self, id: SecretId) {
        {
            let mut queue = self.shared.queue();
            if queue.ended || queue.missed || queue.queued.contains(&id) {
                return;
            }
            if queue.pending.len() >= QUEUE_LIMIT {
                queue.miss();
            } else {
                queue.queued.insert(id.clone());
                queue.pending.push_back(id);
            }
        }
        self.shared.waker.wake();
    }

    /// Something changed; which secret is being looked up (the Linux
    /// keychain's watcher says it).
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    pub(crate) fn pending(&self) {
        {
            let mut queue = self.shared.queue();
            if queue.ended || queue.missed || queue.looking {
                return;
            }
            queue.looking = true;
        }
        self.shared.waker.wake();
    }

    /// Anything may have changed.
    pub(crate) fn unknown(&self) {
        {
            let mut queue = self.shared.queue();
            if queue.ended {
                return;
            }
            queue.miss();
        }
        self.shared.waker.wake();
    }

    /// Watching stopped: a last `Unknown` (what happens from now on is not
    /// seen), then the end of the stream.
    pub(crate) fn end(&self) {
        {
            let mut queue = self.shared.queue();
            if queue.ended {
                return;
            }
            queue.miss();
            queue.ended = true;
        }
        self.shared.waker.wake();
    }

    /// Whether the subscriber has dropped its [`Changes`] (the keychain's
    /// watcher task stops on it; the file store's watcher goes with it).
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    pub(crate) fn is_dropped(&self) -> bool {
        self.shared.queue().dropped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> SecretId {
        text.parse().expect("id")
    }

    fn changes(publisher: &Publisher) -> Changes {
        Changes::new(publisher, ())
    }

    #[test]
    fn ids_come_in_order_and_once_while_pending() {
        let publisher = Publisher::new();
        let mut changes = changes(&publisher);
        publisher.secret(id("a"));
        publisher.secret(id("b"));
        publisher.secret(id("a"));
        assert_eq!(changes.try_recv(), Some(Change::Secret(id("a"))));
        assert_eq!(changes.try_recv(), Some(Change::Secret(id("b"))));
        assert_eq!(changes.try_recv(), None);
        publisher.secret(id("a"));
        assert_eq!(changes.try_recv(), Some(Change::Secret(id("a"))));
    }

    #[test]
    fn a_lagging_subscriber_gets_one_unknown_and_bounded_memory() {
        let publisher = Publisher::new();
        let mut changes = changes(&publisher);
        for n in 0..QUEUE_LIMIT * 10 {
            publisher.secret(id(&format!("s/{n}")));
            assert!(publisher.shared.queue().pending.len() <= QUEUE_LIMIT);
        }
        assert_eq!(changes.try_recv(), Some(Change::Unknown));
        assert_eq!(changes.try_recv(), None);
        publisher.secret(id("after"));
        assert_eq!(changes.try_recv(), Some(Change::Secret(id("after"))));
    }

    #[test]
    fn the_end_is_an_unknown_then_nothing() {
        let publisher = Publisher::new();
        let mut changes = changes(&publisher);
        publisher.secret(id("a"));
        publisher.end();
        publisher.secret(id("b"));
        assert_eq!(changes.try_recv(), Some(Change::Unknown));
        let next = futures_util::FutureExt::now_or_never(changes.recv());
        assert_eq!(next, Some(None));
    }

    #[test]
    fn dropping_the_subscriber_is_seen_by_the_publisher() {
        let publisher = Publisher::new();
        let changes = changes(&publisher);
        assert!(!publisher.is_dropped());
        drop(changes);
        assert!(publisher.is_dropped());
    }
}
