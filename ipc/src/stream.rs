//! One yamux stream as a tokio byte stream.
//!
//! tokio-util's `Compat` would do, but to call the futures `poll_read` it
//! zeroes the whole unfilled part of the caller's buffer on every read,
//! including reads that find nothing: hyper reads into 8 KiB or more, about
//! six times per plugin call, for answers of a few hundred bytes (a third of
//! the engine's instructions under callgrind, BENCHMARKS.md). yamux also
//! hands out each received frame as an owned chunk, so [`SessionStream`]
//! takes the chunks and copies them straight into the uninitialised buffer,
//! keeping what does not fit for the next read. Writes pass through.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures_util::io::AsyncWrite as _;
use futures_util::stream::Stream as _;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// One multiplexed stream of a session.
#[derive(Debug)]
pub struct SessionStream {
    inner: yamux::Stream,
    /// A received chunk the caller's buffer had no room for, and how much of
    /// it was read already.
    unread: Option<(yamux::Packet, usize)>,
}

impl SessionStream {
    pub(crate) fn new(inner: yamux::Stream) -> Self {
        Self {
            inner,
            unread: None,
        }
    }
}

impl AsyncRead for SessionStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        let this = &mut *self;
        let (packet, offset) = loop {
            match this.unread.take() {
                Some(unread) => break unread,
                // `None` is the end of the stream (closed or reset by the
                // peer), which reads as EOF, as with yamux's own `AsyncRead`.
                None => match ready!(Pin::new(&mut this.inner).poll_next(cx)) {
                    // An empty chunk would read as EOF: skip it.
                    Some(Ok(packet)) if packet.as_ref().is_empty() => continue,
                    Some(Ok(packet)) => break (packet, 0),
                    Some(Err(error)) => return Poll::Ready(Err(error)),
                    None => return Poll::Ready(Ok(())),
                },
            }
        };
        let rest = &packet.as_ref()[offset..];
        let n = rest.len().min(buf.remaining());
        buf.put_slice(&rest[..n]);
        if n < rest.len() {
            this.unread = Some((packet, offset + n));
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for SessionStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_close(cx)
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use crate::session::{Role, start};

    #[tokio::test]
    async fn reads_in_small_pieces_keep_every_byte_and_end_at_eof() {
        let (engine_io, plugin_io) = tokio::io::duplex(64 * 1024);
        let engine = start(engine_io, Role::Engine);
        let mut plugin = start(plugin_io, Role::Plugin);

        // More than one yamux frame, and not a multiple of the read size.
        let sent: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let writer = {
            let sent = sent.clone();
            let engine = engine.session.clone();
            tokio::spawn(async move {
                let mut stream = engine.open().await.unwrap();
                stream.write_all(&sent).await.unwrap();
                stream.shutdown().await.unwrap();
            })
        };
        let mut stream = plugin.incoming.accept().await.unwrap();
        let mut received = Vec::new();
        let mut piece = [0u8; 333];
        loop {
            let n = stream.read(&mut piece).await.unwrap();
            if n == 0 {
                break;
            }
            received.extend_from_slice(&piece[..n]);
        }
        writer.await.unwrap();
        assert_eq!(received.len(), sent.len());
        assert!(received == sent, "the bytes arrive in order, none lost");
    }
}
