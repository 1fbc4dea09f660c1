//! The plugin's end of the connection during the yamux exchange: writes the
//! recorded plugin's frames and keeps what the engine has sent so far, so a
//! recorded engine write can be waited for by its meaning.

use std::collections::BTreeMap;
use std::time::Duration;

use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

use crate::ipc_replay::difference::Difference;
use crate::ipc_replay::engine_reader::{Observed, WAIT};
use crate::ipc_replay::frame::{ACK, FIN, Frame, FrameType, RST, SYN};

/// What the engine has sent on one stream so far.
#[derive(Debug, Default)]
pub(super) struct StreamSeen {
    /// The flags of the engine's first frame on the stream.
    pub(super) first: Option<u16>,
    pub(super) syn: bool,
    pub(super) fin: bool,
    pub(super) rst: bool,
    pub(super) data: Vec<u8>,
}

/// Everything the engine has sent on the connection so far.
#[derive(Debug, Default)]
pub(super) struct Seen {
    pub(super) streams: BTreeMap<u32, StreamSeen>,
    pub(super) goaway: Option<u32>,
    pub(super) eof: bool,
    pub(super) broken: Option<String>,
    /// Every engine frame, described, for the reader of a failure.
    pub(super) log: Vec<String>,
}

/// The plugin's end of the yamux exchange.
pub(super) struct Player<W> {
    pub(super) writer: W,
    frames: mpsc::UnboundedReceiver<Observed>,
    pub(super) seen: Seen,
}

impl<W: AsyncWrite + Unpin> Player<W> {
    /// Writes to `writer` and reads the engine's frames from `frames`.
    pub(super) fn new(writer: W, frames: mpsc::UnboundedReceiver<Observed>) -> Self {
        Player {
            writer,
            frames,
            seen: Seen::default(),
        }
    }

    pub(super) async fn send(&mut self, bytes: &[u8]) -> Result<(), Difference> {
        self.writer
            .write_all(bytes)
            .await
            .map_err(Difference::Write)
    }

    /// Records what the engine sent; a ping is handed back to be answered.
    fn apply(&mut self, observed: Observed) -> Option<Frame> {
        match observed {
            Observed::Frame(frame) => {
                self.seen.log.push(frame.describe());
                match frame.kind {
                    FrameType::Data | FrameType::WindowUpdate => {
                        let stream = self.seen.streams.entry(frame.stream).or_default();
                        stream.first.get_or_insert(frame.flags);
                        stream.syn |= frame.has(SYN);
                        stream.fin |= frame.has(FIN);
                        stream.rst |= frame.has(RST);
                        if frame.kind == FrameType::Data {
                            stream.data.extend_from_slice(&frame.body);
                        }
                    }
                    FrameType::GoAway => self.seen.goaway = Some(frame.length),
                    FrameType::Ping => return Some(frame),
                }
                None
            }
            Observed::Eof => {
                self.seen.eof = true;
                None
            }
            Observed::Broken(why) => {
                self.seen.broken = Some(why);
                self.seen.eof = true;
                None
            }
        }
    }

    /// Waits until `done` holds for what the engine sent.
    pub(super) async fn wait(
        &mut self,
        what: &str,
        done: impl Fn(&Seen) -> bool,
    ) -> Result<(), Difference> {
        self.wait_for(WAIT, what, done).await
    }

    async fn wait_for(
        &mut self,
        limit: Duration,
        what: &str,
        done: impl Fn(&Seen) -> bool,
    ) -> Result<(), Difference> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            if done(&self.seen) {
                return Ok(());
            }
            if self.seen.eof {
                return Err(Difference::Closed {
                    expected: what.to_owned(),
                    broken: self.seen.broken.clone(),
                });
            }
            let observed = match tokio::time::timeout_at(deadline, self.frames.recv()).await {
                Ok(Some(observed)) => observed,
                Ok(None) => Observed::Eof,
                Err(_) => {
                    return Err(Difference::TimedOut {
                        expected: what.to_owned(),
                        limit,
                    });
                }
            };
            if let Some(ping) = self.apply(observed)
                && ping.has(SYN)
            {
                // Keep-alive pings are the yamux library's business, not the
                // recording's (none were sent in the recorded seconds); a
                // yamux client answers them, so the replay does too.
                let pong = Frame::header_only(FrameType::Ping, ACK, 0, ping.length);
                self.send(&pong.encode()).await?;
            }
        }
    }
}
