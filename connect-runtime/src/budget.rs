//! One byte budget for what a server holds for all its requests at once.
//!
//! Per-request limits keep each request small, not all of them together: a
//! hundred HTTP/2 streams whose large answers the client never reads, or a
//! few hundred stalled request bodies, each within its limit, add up to
//! gigabytes. A [`MemoryBudget`] counts the bytes of request bodies being
//! read, of answers read from other servers and of encoded answers waiting
//! to be sent. A request whose bytes do not fit is refused at once with
//! `resource_exhausted`, never queued (a queued request would go on holding
//! everything else it holds), and requests within the budget go on.
//!
//! The bytes are given back when the memory is: a [`Held`] returns them when
//! dropped, and an answer's [`Held`] is attached to the answer's buffer
//! ([`Held::attach`]), so they return when hyper has written the last of it
//! or the stream is dropped, not when the handler returns.

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use http_body_util::BodyExt;
use tokio::sync::Semaphore;
use tonic::Status;

/// A number of bytes that requests together may hold; see the module
/// documentation. Requests hold from it through [`MemoryBudget::hold`].
#[derive(Debug)]
pub struct MemoryBudget {
    /// A permit is a byte. Only ever taken with `try_acquire_many`: nothing
    /// waits for bytes.
    free: Semaphore,
    limit: usize,
    /// Whether use has passed half the budget since it last fell below a
    /// quarter.
    high: AtomicBool,
    /// Called when use falls below a quarter after passing half: the moment
    /// to give a spike's memory back to the system.
    relieved: fn(),
}

/// No limit: what servers and clients hold from unless given a budget.
pub static UNLIMITED: MemoryBudget = MemoryBudget::new(Semaphore::MAX_PERMITS, || {});

impl MemoryBudget {
    /// A budget of `limit` bytes (at most `Semaphore::MAX_PERMITS`), calling
    /// `relieved` each time its use falls below a quarter after passing
    /// half. `relieved` runs where the bytes are dropped, possibly under a
    /// connection's locks: it must be quick.
    pub const fn new(limit: usize, relieved: fn()) -> Self {
        MemoryBudget {
            free: Semaphore::const_new(limit),
            limit,
            high: AtomicBool::new(false),
            relieved,
        }
    }

    /// The budget, in bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The bytes held now.
    pub fn in_use(&self) -> usize {
        self.limit - self.free.available_permits()
    }

    /// Holds `bytes` bytes, or refuses with `resource_exhausted` if they do
    /// not fit now.
    pub fn hold(&'static self, bytes: usize) -> Result<Held, Status> {
        let mut held = Held {
            budget: self,
            bytes: 0,
        };
        held.grow_to(bytes)?;
        Ok(held)
    }
}

/// Bytes held from a [`MemoryBudget`], given back when this is dropped.
#[derive(Debug)]
pub struct Held {
    budget: &'static MemoryBudget,
    bytes: usize,
}

impl Default for Held {
    /// Nothing held.
    fn default() -> Self {
        Held {
            budget: &UNLIMITED,
            bytes: 0,
        }
    }
}

impl Held {
    /// Holds `total` bytes in all (nothing more if it holds as many
    /// already), or refuses with `resource_exhausted`, holding what it held.
    pub fn grow_to(&mut self, total: usize) -> Result<(), Status> {
        let Some(more) = total.checked_sub(self.bytes).filter(|&more| more > 0) else {
            return Ok(());
        };
        let budget = self.budget;
        match u32::try_from(more).map(|more| budget.free.try_acquire_many(more)) {
            Ok(Ok(permit)) => permit.forget(),
            _ => {
                return Err(Status::resource_exhausted(format!(
                    "the engine is holding its memory limit of {} bytes for other requests",
                    budget.limit
                )));
            }
        }
        self.bytes = total;
        if !budget.high.load(Ordering::Relaxed) && budget.in_use() > budget.limit / 2 {
            budget.high.store(true, Ordering::Relaxed);
        }
        Ok(())
    }

    /// `bytes`, holding this until its last copy is dropped. No copy of the
    /// data is made.
    pub fn attach(self, bytes: Bytes) -> Bytes {
        if self.bytes == 0 {
            return bytes;
        }
        Bytes::from_owner(HeldBytes { bytes, _held: self })
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if self.bytes == 0 {
            return;
        }
        let budget = self.budget;
        budget.free.add_permits(self.bytes);
        if budget.high.load(Ordering::Relaxed)
            && budget.in_use() < budget.limit / 4
            && budget.high.swap(false, Ordering::Relaxed)
        {
            (budget.relieved)();
        }
    }
}

/// A buffer and the bytes it holds; the buffer is freed first (fields drop
/// in order), so the budget never counts memory that is gone as in use.
struct HeldBytes {
    bytes: Bytes,
    _held: Held,
}

impl AsRef<[u8]> for HeldBytes {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

/// Why a body was not read whole.
pub(crate) enum ReadError<E> {
    /// It is longer than the limit.
    TooLarge,
    /// Its bytes do not fit in the budget (the `resource_exhausted` to
    /// answer).
    Budget(Status),
    /// The body itself failed.
    Body(E),
}

/// Reads `body` whole, refusing it past `limit` bytes and holding what it
/// has read from `budget`. Frame by frame rather than through
/// `http_body_util::Limited` and `collect`: a unary body is nearly always
/// one frame, which is then the answer as it is, with no frame list and no
/// copy. The caller keeps the body, to drain it after a refusal.
pub(crate) async fn read_whole<B: http_body::Body<Data = Bytes>>(
    mut body: Pin<&mut B>,
    limit: usize,
    budget: &'static MemoryBudget,
) -> Result<(Bytes, Held), ReadError<B::Error>> {
    let mut held = Held { budget, bytes: 0 };
    let mut first = Bytes::new();
    let mut joined: Option<bytes::BytesMut> = None;
    while let Some(frame) = body.frame().await {
        // Trailers carry nothing a unary call needs.
        let Ok(data) = frame.map_err(ReadError::Body)?.into_data() else {
            continue;
        };
        let read = joined.as_ref().map_or(first.len(), |joined| joined.len()) + data.len();
        if read > limit {
            return Err(ReadError::TooLarge);
        }
        held.grow_to(read).map_err(ReadError::Budget)?;
        match &mut joined {
            Some(joined) => joined.extend_from_slice(&data),
            None if first.is_empty() => first = data,
            None => {
                let mut both = bytes::BytesMut::with_capacity(read);
                both.extend_from_slice(&first);
                both.extend_from_slice(&data);
                joined = Some(both);
            }
        }
    }
    Ok((joined.map_or(first, bytes::BytesMut::freeze), held))
}
