//! The `/hijack` upgrade: how an external plugin turns its connection to the
//! engine socket into the raw byte stream that carries yamux.
//!
//! The plugin sends exactly the request the Go SDK sends and waits for a
//! `101`. The Go engine answers `HTTP/0.0 101 Switching Protocols` (a quirk
//! of how it fills the status line), which HTTP parsers such as httparse
//! refuse, so the status line is read by hand here and both `HTTP/0.0` and
//! `HTTP/1.1` are accepted. Bytes the engine sent right after its headers
//! (the start of the yamux session) are kept, never dropped.

use std::time::Duration;

use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};

/// The request the Go plugin SDK sends, byte for byte.
pub const REQUEST: &[u8] = b"GET /hijack HTTP/1.1\r\nHost: secrets-engine.localhost\r\nUser-Agent: Go-http-client/1.1\r\nConnection: upgrade\r\nUpgrade: tcp\r\n\r\n";

/// The answer an engine sends (with a real HTTP version, which Go accepts).
pub const RESPONSE: &[u8] =
    b"HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: tcp\r\n\r\n";

/// How long the plugin side waits for the answer by default, as in Go.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);

/// The longest answer head accepted before giving up.
const MAX_HEAD: usize = 16 * 1024;

/// Why the upgrade failed.
#[derive(Debug, thiserror::Error)]
pub enum HijackError {
    /// No complete answer within the timeout (Go's text says `i/o timeout`).
    #[error("hijack: no answer within {0:?}: i/o timeout")]
    Timeout(Duration),
    /// The engine answered something other than `101`.
    #[error("unexpected status {status}: {body}")]
    UnexpectedStatus {
        /// The status code.
        status: u16,
        /// The start of the body, for the message.
        body: String,
    },
    /// The answer is not HTTP.
    #[error("hijack: malformed answer: {0}")]
    Malformed(String),
    /// Reading or writing failed.
    #[error("hijack: {0}")]
    Io(#[from] std::io::Error),
}

/// A connection after the upgrade: the stream, and the bytes already read
/// past the answer's head, which belong to the session that follows.
#[derive(Debug)]
pub struct Hijacked<S> {
    /// The connection.
    pub stream: S,
    /// Bytes the engine sent after the `101` head.
    pub leftover: Vec<u8>,
}

impl<S> Hijacked<S> {
    /// The connection as one stream again: reads return the leftover bytes
    /// first, then what follows on the connection.
    pub fn into_stream(self) -> PrefixedStream<S> {
        PrefixedStream {
            prefix: self.leftover,
            read: 0,
            inner: self.stream,
        }
    }
}

/// A stream whose first reads return bytes already taken from it.
#[derive(Debug)]
pub struct PrefixedStream<S> {
    prefix: Vec<u8>,
    read: usize,
    inner: S,
}

impl<S: AsyncRead + Unpin> AsyncRead for PrefixedStream<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        if this.read < this.prefix.len() {
            let rest = &this.prefix[this.read..];
            let n = rest.len().min(buf.remaining());
            buf.put_slice(&rest[..n]);
            this.read += n;
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for PrefixedStream<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, data)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Plugin side: sends the upgrade request on `stream` and waits up to
/// `timeout` for the engine's `101`.
pub async fn hijack<S>(mut stream: S, timeout: Duration) -> Result<Hijacked<S>, HijackError>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let exchange = async {
        stream.write_all(REQUEST).await?;
        stream.flush().await?;
        let mut buffer = Vec::with_capacity(256);
        let mut chunk = [0u8; 1024];
        let head_end = loop {
            if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break end + 4;
            }
            if buffer.len() > MAX_HEAD {
                return Err(HijackError::Malformed("head longer than 16 KiB".into()));
            }
            let read = stream.read(&mut chunk).await?;
            if read == 0 {
                return Err(HijackError::Malformed(
                    "connection closed before the answer".into(),
                ));
            }
            buffer.extend_from_slice(&chunk[..read]);
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
        let status_line = head.lines().next().unwrap_or_default();
        let mut parts = status_line.splitn(3, ' ');
        let version = parts.next().unwrap_or_default();
        if !version.starts_with("HTTP/") {
            return Err(HijackError::Malformed(format!(
                "status line {status_line:?}"
            )));
        }
        let status: u16 = parts
            .next()
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| HijackError::Malformed(format!("status line {status_line:?}")))?;
        let leftover = buffer[head_end..].to_vec();
        if status != 101 {
            let body = String::from_utf8_lossy(&leftover).trim_end().to_owned();
            return Err(HijackError::UnexpectedStatus { status, body });
        }
        Ok(leftover)
    };
    match tokio::time::timeout(timeout, exchange).await {
        Ok(Ok(leftover)) => Ok(Hijacked { stream, leftover }),
        Ok(Err(error)) => Err(error),
        Err(_) => Err(HijackError::Timeout(timeout)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plays an engine: reads the request, checks it, answers `answer`.
    async fn engine(mut side: tokio::io::DuplexStream, answer: &'static [u8]) {
        let mut request = vec![0u8; REQUEST.len()];
        side.read_exact(&mut request).await.expect("request");
        assert_eq!(request, REQUEST);
        side.write_all(answer).await.expect("answer");
        // Keep the stream open until the test is done with it.
        let mut rest = Vec::new();
        let _ = side.read_to_end(&mut rest).await;
    }

    #[tokio::test]
    async fn accepts_the_go_engines_http_0_0_and_keeps_leftover_bytes() {
        let (plugin, engine_side) = tokio::io::duplex(4096);
        tokio::spawn(engine(
            engine_side,
            b"HTTP/0.0 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: tcp\r\n\r\n\x00\x03\x00\x00",
        ));
        let hijacked = hijack(plugin, DEFAULT_TIMEOUT).await.expect("upgraded");
        assert_eq!(hijacked.leftover, b"\x00\x03\x00\x00");
        let mut stream = hijacked.into_stream();
        let mut first = [0u8; 4];
        stream.read_exact(&mut first).await.expect("leftover first");
        assert_eq!(&first, b"\x00\x03\x00\x00");
    }

    #[tokio::test]
    async fn accepts_our_own_answer() {
        let (plugin, engine_side) = tokio::io::duplex(4096);
        tokio::spawn(engine(engine_side, RESPONSE));
        let hijacked = hijack(plugin, DEFAULT_TIMEOUT).await.expect("upgraded");
        assert!(hijacked.leftover.is_empty());
    }

    #[tokio::test]
    async fn refusal_names_the_status_and_body() {
        let (plugin, engine_side) = tokio::io::duplex(4096);
        tokio::spawn(engine(
            engine_side,
            b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 19\r\n\r\n404 page not found\n",
        ));
        let err = hijack(plugin, DEFAULT_TIMEOUT).await.expect_err("refused");
        assert_eq!(err.to_string(), "unexpected status 404: 404 page not found");
    }

    #[tokio::test(start_paused = true)]
    async fn a_silent_engine_times_out() {
        let (plugin, _engine_side) = tokio::io::duplex(4096);
        let started = tokio::time::Instant::now();
        let err = hijack(plugin, DEFAULT_TIMEOUT).await.expect_err("silent");
        assert_eq!(started.elapsed(), DEFAULT_TIMEOUT, "gave up at its timeout");
        assert!(err.to_string().contains("i/o timeout"), "{err}");
    }
}
