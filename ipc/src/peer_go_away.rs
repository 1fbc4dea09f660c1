//! hashicorp/yamux's meaning of a peer's GoAway, on top of rust-yamux.
//!
//! In hashicorp/yamux (every Go plugin and the Go engine) GoAway means "open
//! no new streams": the streams already open keep working until they are
//! closed, and the Go SDK's teardown waits (up to 2 s) for them to close
//! before it hangs up. rust-yamux instead ends the whole connection when it
//! reads a GoAway, which cuts calls in flight (a Go plugin sends GoAway just
//! before answering `Shutdown`) and leaves the Go side waiting for streams
//! that can no longer be closed. (GoAway as a half-close is the Go
//! library's design, as its author explains in
//! <https://github.com/hashicorp/yamux/issues/18>; rust-yamux has no issue
//! asking for it, and closing open streams on a local close is its open pull
//! request <https://github.com/libp2p/rust-yamux/pull/217>.)
//!
//! [`PeerGoAway`] sits between the socket and rust-yamux and restores the Go
//! meaning: it follows the frame boundaries of what it reads, takes the
//! peer's GoAway frames out of the byte stream, and raises a flag the session
//! checks before opening a stream. The connection then ends when the peer
//! hangs up or this side closes it, as with the Go library. It also serves as
//! the read buffer: rust-yamux reads each header and body separately, and
//! they are served from one read of the socket.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, ready};

use bytes::{Buf, BytesMut};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;

/// The size of a yamux frame header.
const HEADER_LEN: usize = 12;
/// Header type of a data frame: the only one whose length is a payload.
const TYPE_DATA: u8 = 0;
/// Header type of a GoAway frame.
const TYPE_GO_AWAY: u8 = 3;
/// How much is read from the socket at once.
const READ_CHUNK: usize = 8 * 1024;

/// Whether the peer has sent GoAway: no new stream may be opened.
#[derive(Debug, Clone, Default)]
pub struct GoneAway(Arc<GoneAwayState>);

#[derive(Debug, Default)]
struct GoneAwayState {
    flag: AtomicBool,
    raised: Notify,
}

impl GoneAway {
    /// Whether the peer has sent GoAway.
    pub fn get(&self) -> bool {
        self.0.flag.load(Ordering::Acquire)
    }

    /// Completes once the peer has sent GoAway.
    pub async fn wait(&self) {
        loop {
            // Created before the check, so a GoAway in between still wakes it.
            let raised = self.0.raised.notified();
            if self.get() {
                return;
            }
            raised.await;
        }
    }

    fn set(&self) {
        self.0.flag.store(true, Ordering::Release);
        self.0.raised.notify_waiters();
    }
}

/// A byte stream whose reads leave out the peer's yamux GoAway frames.
#[derive(Debug)]
pub struct PeerGoAway<T> {
    io: T,
    frames: FrameSplitter,
    /// Scratch space for reads of the socket.
    scratch: Box<[u8]>,
}

/// Follows frame boundaries in the bytes read.
#[derive(Debug)]
struct FrameSplitter {
    gone_away: GoneAway,
    /// Bytes read and classified, ready for rust-yamux.
    ready: BytesMut,
    /// The start of a header not yet complete (at most 11 bytes).
    header: Vec<u8>,
    /// Payload bytes of the current data frame still to pass through.
    payload_left: usize,
}

impl<T> PeerGoAway<T> {
    /// Wraps `io`; `gone_away` is raised when the peer sends GoAway.
    pub fn new(io: T, gone_away: GoneAway) -> Self {
        PeerGoAway {
            io,
            frames: FrameSplitter {
                gone_away,
                ready: BytesMut::new(),
                header: Vec::with_capacity(HEADER_LEN),
                payload_left: 0,
            },
            scratch: vec![0; READ_CHUNK].into_boxed_slice(),
        }
    }
}

impl FrameSplitter {
    /// Classifies bytes just read: payloads and headers go to `ready`, except
    /// GoAway headers, which raise the flag instead.
    fn take_in(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            if self.payload_left > 0 {
                let n = self.payload_left.min(bytes.len());
                self.ready.extend_from_slice(&bytes[..n]);
                self.payload_left -= n;
                bytes = &bytes[n..];
                continue;
            }
            let n = (HEADER_LEN - self.header.len()).min(bytes.len());
            self.header.extend_from_slice(&bytes[..n]);
            bytes = &bytes[n..];
            if self.header.len() < HEADER_LEN {
                break;
            }
            let kind = self.header[1];
            let length = u32::from_be_bytes([
                self.header[8],
                self.header[9],
                self.header[10],
                self.header[11],
            ]);
            if kind == TYPE_GO_AWAY {
                self.gone_away.set();
            } else {
                self.ready.extend_from_slice(&self.header);
                if kind == TYPE_DATA {
                    self.payload_left = length as usize;
                }
            }
            self.header.clear();
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for PeerGoAway<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let frames = &mut this.frames;
        while frames.ready.is_empty() {
            let mut scratch = ReadBuf::new(&mut this.scratch);
            ready!(Pin::new(&mut this.io).poll_read(cx, &mut scratch))?;
            let read = scratch.filled().len();
            if read == 0 {
                // End of stream; a partial header goes through so that
                // rust-yamux sees the truncated frame, as it would have.
                frames.ready.extend_from_slice(&frames.header);
                frames.header.clear();
                if frames.ready.is_empty() {
                    return Poll::Ready(Ok(()));
                }
                break;
            }
            frames.take_in(&this.scratch[..read]);
        }
        let n = frames.ready.len().min(buf.remaining());
        buf.put_slice(&frames.ready[..n]);
        frames.ready.advance(n);
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for PeerGoAway<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bytes: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, bytes)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    fn frame(kind: u8, flags: u16, stream: u32, length: u32, payload: &[u8]) -> Vec<u8> {
        let mut bytes = vec![0, kind];
        bytes.extend_from_slice(&flags.to_be_bytes());
        bytes.extend_from_slice(&stream.to_be_bytes());
        bytes.extend_from_slice(&length.to_be_bytes());
        bytes.extend_from_slice(payload);
        bytes
    }

    /// Feeds `input` in pieces of every size and returns what comes out.
    async fn through(input: &[u8], piece: usize) -> (Vec<u8>, bool) {
        let (mut writer, reader) = tokio::io::duplex(64 * 1024);
        let chunks: Vec<Vec<u8>> = input.chunks(piece).map(<[u8]>::to_vec).collect();
        let feeding = tokio::spawn(async move {
            for chunk in chunks {
                tokio::io::AsyncWriteExt::write_all(&mut writer, &chunk)
                    .await
                    .expect("write");
                tokio::task::yield_now().await;
            }
        });
        let gone_away = GoneAway::default();
        let mut filtered = PeerGoAway::new(reader, gone_away.clone());
        let mut out = Vec::new();
        feeding.await.expect("feeder");
        filtered.read_to_end(&mut out).await.expect("read");
        (out, gone_away.get())
    }

    #[tokio::test]
    async fn go_away_frames_are_taken_out_wherever_reads_split_them() {
        // A data frame whose payload looks like a GoAway header, a window
        // update, a GoAway, a ping, and a data frame after it.
        let fake = frame(TYPE_GO_AWAY, 0, 0, 0, &[]);
        let data = frame(TYPE_DATA, 0, 1, fake.len() as u32, &fake);
        let window = frame(1, 2, 1, 256 * 1024, &[]);
        let go_away = frame(TYPE_GO_AWAY, 0, 0, 0, &[]);
        let ping = frame(2, 1, 0, 7, &[]);
        let later = frame(TYPE_DATA, 4, 1, 3, b"end");
        let input = [&data[..], &window, &go_away, &ping, &later].concat();
        let expected = [&data[..], &window, &ping, &later].concat();
        for piece in 1..=input.len() {
            let (out, gone) = through(&input, piece).await;
            assert_eq!(out, expected, "pieces of {piece}");
            assert!(gone, "pieces of {piece}");
        }
    }

    #[tokio::test]
    async fn without_go_away_bytes_pass_unchanged() {
        let input = [frame(TYPE_DATA, 1, 3, 5, b"hello"), frame(1, 4, 3, 0, &[])].concat();
        let (out, gone) = through(&input, 5).await;
        assert_eq!(out, input);
        assert!(!gone);
        // A truncated header at the end still reaches the reader.
        let (out, _) = through(&input[..input.len() - 4], 3).await;
        assert_eq!(out, input[..input.len() - 4]);
    }
}
