//! The engine's side of the connection, read on a task of its own and
//! decoded into frames as they arrive, so the replay can wait for the next
//! one with a deadline.

use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::ipc_replay::frame::Frame;

/// How long one expected engine frame may take.
pub(super) const WAIT: Duration = Duration::from_secs(5);

/// What the reader saw: a frame, the end of the engine's writing, or bytes
/// that are not yamux.
#[derive(Debug)]
pub(super) enum Observed {
    Frame(Frame),
    Eof,
    Broken(String),
}

/// Decodes the engine's frames from `reader`, starting with `buffer` (bytes
/// read after the upgrade answer), until the engine stops writing.
pub(super) fn spawn_reader<R: AsyncRead + Unpin + Send + 'static>(
    mut reader: R,
    mut buffer: Vec<u8>,
) -> (mpsc::UnboundedReceiver<Observed>, JoinHandle<()>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let task = tokio::spawn(async move {
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            loop {
                match Frame::decode(&buffer) {
                    Ok(Some((frame, used))) => {
                        buffer.drain(..used);
                        if tx.send(Observed::Frame(frame)).is_err() {
                            return;
                        }
                    }
                    Ok(None) => break,
                    Err(error) => {
                        let _ = tx.send(Observed::Broken(error.to_string()));
                        return;
                    }
                }
            }
            match reader.read(&mut chunk).await {
                Ok(0) => {
                    let _ = tx.send(if buffer.is_empty() {
                        Observed::Eof
                    } else {
                        Observed::Broken(format!("EOF inside a frame: {buffer:02x?}"))
                    });
                    return;
                }
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                Err(error) => {
                    let _ = tx.send(Observed::Broken(error.to_string()));
                    return;
                }
            }
        }
    });
    (rx, task)
}
