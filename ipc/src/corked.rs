//! Write coalescing for the yamux socket.
//!
//! rust-yamux flushes its socket after every frame it writes, so with a
//! plain buffer each frame still costs one `sendto`, even when sixteen
//! streams have frames ready at once. [`Corked`] is that buffer with a cork:
//! while the session driver holds the [`Cork`], a flush is a no-op and frames
//! pile up in the buffer (which still writes itself out when full). The
//! driver lifts the cork once the connection has nothing more to do in this
//! wake-up, and the frames leave in one syscall. At one request in flight
//! this is the same single write as before; under load it is one write per
//! batch instead of one per frame (BENCHMARKS.md). Upstream, coalescing
//! small writes is rust-yamux issue #128 (open,
//! <https://github.com/libp2p/rust-yamux/issues/128>): when it lands, this module
//! can go.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, BufWriter, ReadBuf};

/// Shared between the session driver and the [`Corked`] writer it owns
/// through rust-yamux; both live on the driver's task.
#[derive(Debug, Clone, Default)]
pub struct Cork(Arc<CorkState>);

#[derive(Debug, Default)]
struct CorkState {
    /// Flushes are held back.
    held: AtomicBool,
    /// Bytes are buffered that no flush has sent yet.
    dirty: AtomicBool,
}

impl Cork {
    /// Holds flushes back until [`Cork::release`].
    pub fn hold(&self) {
        self.0.held.store(true, Ordering::Relaxed);
    }

    /// Lets the next flush through.
    pub fn release(&self) {
        self.0.held.store(false, Ordering::Relaxed);
    }

    /// Whether buffered bytes are waiting for a flush.
    pub fn dirty(&self) -> bool {
        self.0.dirty.load(Ordering::Relaxed)
    }
}

/// A buffered writer whose flushes a [`Cork`] can hold back; reads pass
/// through.
#[derive(Debug)]
pub struct Corked<T> {
    inner: BufWriter<T>,
    cork: Cork,
}

impl<T: AsyncWrite> Corked<T> {
    /// Buffers writes to `io`, flushing when `cork` lets it.
    pub fn new(io: T, cork: Cork) -> Self {
        Self {
            inner: BufWriter::new(io),
            cork,
        }
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> AsyncRead for Corked<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> AsyncWrite for Corked<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let written = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(written, Poll::Ready(Ok(n)) if n > 0) {
            self.cork.0.dirty.store(true, Ordering::Relaxed);
        }
        written
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        if self.cork.0.held.load(Ordering::Relaxed) {
            return Poll::Ready(Ok(()));
        }
        let flushed = Pin::new(&mut self.inner).poll_flush(cx);
        if matches!(flushed, Poll::Ready(Ok(()))) {
            self.cork.0.dirty.store(false, Ordering::Relaxed);
        }
        flushed
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        // Closing always sends what is buffered, cork or not.
        let closed = Pin::new(&mut self.inner).poll_shutdown(cx);
        if matches!(closed, Poll::Ready(Ok(()))) {
            self.cork.0.dirty.store(false, Ordering::Relaxed);
        }
        closed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    // Paused time: waiting for bytes that must not come costs nothing.
    #[tokio::test(start_paused = true)]
    async fn a_held_cork_keeps_flushed_bytes_until_released() {
        let (near, mut far) = tokio::io::duplex(1024);
        let cork = Cork::default();
        let mut writer = Corked::new(near, cork.clone());
        cork.hold();
        writer.write_all(b"one").await.unwrap();
        writer.flush().await.unwrap();
        writer.write_all(b"two").await.unwrap();
        writer.flush().await.unwrap();
        assert!(cork.dirty());
        let mut byte = [0u8; 1];
        let nothing =
            tokio::time::timeout(std::time::Duration::from_millis(50), far.read(&mut byte)).await;
        assert!(nothing.is_err(), "a held flush must not reach the peer");

        cork.release();
        writer.flush().await.unwrap();
        assert!(!cork.dirty());
        let mut got = [0u8; 6];
        far.read_exact(&mut got).await.unwrap();
        assert_eq!(&got, b"onetwo");
    }

    #[tokio::test]
    async fn shutdown_sends_what_a_held_cork_buffered() {
        let (near, mut far) = tokio::io::duplex(1024);
        let cork = Cork::default();
        let mut writer = Corked::new(near, cork.clone());
        cork.hold();
        writer.write_all(b"last words").await.unwrap();
        writer.shutdown().await.unwrap();
        let mut got = Vec::new();
        far.read_to_end(&mut got).await.unwrap();
        assert_eq!(got, b"last words");
    }
}
