//! The yamux phase of a connection: the recorded events in order, the
//! plugin's frames sent when their turn comes and each engine frame waited
//! for (up to 5 s) and checked by meaning before going on, within the
//! tolerances [`replay_connection`](crate::ipc_replay::replay_connection)
//! lists.

use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::http1::HttpRequest;
use crate::ipc_replay::causes::{CausedCalls, Triggers};
use crate::ipc_replay::compare::compare_message;
use crate::ipc_replay::connection_replay::ConnectionReplay;
use crate::ipc_replay::deviations::Expect;
use crate::ipc_replay::difference::Difference;
use crate::ipc_replay::frame::{ACK, FIN, Frame, FrameType, RST, SYN};
use crate::ipc_replay::player::{Player, StreamSeen};
use crate::ipc_replay::recording::{Event, Side, Wire};
use crate::ipc_replay::report::ConnectionReport;
use crate::ipc_replay::unrecorded::unrecorded;

/// The exchange under way: the replay, the player, and what the events
/// played so far have set in motion.
pub(super) struct Exchange<'a, W> {
    replay: ConnectionReplay<'a>,
    player: Player<W>,
    /// The client calls made to cause the engine's calls.
    caused: CausedCalls,
    /// The streams whose HTTP message has been compared (once, whole).
    compared: Vec<u32>,
    /// The streams the recorded engine acknowledged: this engine's first
    /// frame on each must carry ACK (checked at the end, not awaited).
    acks_due: Vec<u32>,
    /// A stream the engine does not open was skipped: the recorded
    /// plugin's GoAway after it obeyed that call, and is skipped too.
    skipping_goaway: bool,
    /// The engine was made to call Shutdown.
    shutdown_called: bool,
}

impl<'a, W: AsyncWrite + Unpin> Exchange<'a, W> {
    /// The exchange of `replay`, played through `player`.
    pub(super) fn new(replay: ConnectionReplay<'a>, player: Player<W>) -> Self {
        Exchange {
            replay,
            player,
            caused: CausedCalls::default(),
            compared: Vec::new(),
            acks_due: Vec::new(),
            skipping_goaway: false,
            shutdown_called: false,
        }
    }

    /// Plays `events` (numbered in the connection) in order, up to the
    /// first difference.
    pub(super) async fn play(
        &mut self,
        events: impl Iterator<Item = (usize, &'a Event)>,
        triggers: &mut Triggers,
    ) {
        for (i, event) in events {
            let at = self.replay.at(i, event);
            if let Err(error) = self.event(&at, event, triggers).await {
                self.replay
                    .report
                    .differences
                    .push(format!("{at}: {error}"));
                break;
            }
        }
    }

    async fn event(
        &mut self,
        at: &str,
        event: &Event,
        triggers: &mut Triggers,
    ) -> Result<(), Difference> {
        match (&event.from, &event.wire) {
            (_, Wire::Upgrade(_)) => Err(Difference::UpgradeInsideYamux),
            (Side::Plugin, Wire::Frame(frame)) => self.plugin_frame(frame).await,
            (Side::Plugin, Wire::Eof) => self
                .player
                .writer
                .shutdown()
                .await
                .map_err(Difference::ShutDown),
            (Side::Engine, Wire::Eof) => self.player.wait("EOF", |seen| seen.eof).await,
            (Side::Engine, Wire::Frame(frame)) => self.engine_frame(at, frame, triggers).await,
        }
    }

    /// Sends the recorded plugin's frame, unless its stream is one this
    /// engine does not open, or it is the GoAway that obeyed such a call.
    async fn plugin_frame(&mut self, frame: &Frame) -> Result<(), Difference> {
        if self.replay.not_opened.contains(&frame.stream)
            || (frame.kind == FrameType::GoAway && self.skipping_goaway)
        {
            return Ok(());
        }
        self.player.send(&frame.encode()).await
    }

    /// Waits for the engine to do what the recorded engine's frame did.
    async fn engine_frame(
        &mut self,
        at: &str,
        frame: &Frame,
        triggers: &mut Triggers,
    ) -> Result<(), Difference> {
        if self.replay.not_opened.contains(&frame.stream) {
            // The recorded plugin's GoAway after this call obeyed it.
            self.skipping_goaway = true;
            return Ok(());
        }
        match frame.kind {
            FrameType::GoAway
                if self.shutdown_called && self.replay.expects(&Expect::NoGoAwayAfterShutdown) =>
            {
                self.replay.report.notes.push(format!(
                    "{at}: not expected (deviation NoGoAwayAfterShutdown)"
                ));
                Ok(())
            }
            FrameType::GoAway => self.engine_goaway(frame.length).await,
            // Keep-alives: answered when they come, not awaited.
            FrameType::Ping => Ok(()),
            FrameType::Data | FrameType::WindowUpdate => {
                self.engine_stream_frame(frame, triggers).await
            }
        }
    }

    async fn engine_goaway(&mut self, code: u32) -> Result<(), Difference> {
        self.player
            .wait(&format!("GoAway code {code}"), |seen| seen.goaway.is_some())
            .await?;
        match self.player.seen.goaway {
            Some(got) if got != code => Err(Difference::GoAwayCode {
                got,
                expected: code,
            }),
            _ => Ok(()),
        }
    }

    /// A recorded engine frame on a stream, by its flags and data.
    async fn engine_stream_frame(
        &mut self,
        frame: &Frame,
        triggers: &mut Triggers,
    ) -> Result<(), Difference> {
        let stream = frame.stream;
        if frame.has(SYN) {
            self.engine_opened(stream, triggers).await?;
        }
        if frame.has(ACK) && !self.acks_due.contains(&stream) {
            self.acks_due.push(stream);
        }
        if frame.kind == FrameType::Data && frame.length > 0 && !self.compared.contains(&stream) {
            self.compared.push(stream);
            compare_message(
                &mut self.player,
                stream,
                self.replay
                    .recorded
                    .get(&stream)
                    .cloned()
                    .unwrap_or_default(),
                self.replay.for_stream(stream).collect(),
            )
            .await?;
        }
        // FIN: on a data frame or a window update.
        if frame.has(FIN) {
            self.wait_on_stream("FIN", stream, |s| s.fin).await?;
        }
        if frame.has(RST) {
            self.wait_on_stream("RST", stream, |s| s.rst).await?;
        }
        // A flagless window update is credit.
        Ok(())
    }

    /// The recorded engine opened `stream`: makes its cause happen, then
    /// waits for this engine to open it.
    async fn engine_opened(
        &mut self,
        stream: u32,
        triggers: &mut Triggers,
    ) -> Result<(), Difference> {
        let engine_bytes = self
            .replay
            .recorded
            .get(&stream)
            .map(|s| &s.engine[..])
            .unwrap_or_default();
        let caused = self.caused.cause(engine_bytes, stream, triggers);
        self.shutdown_called |=
            HttpRequest::parse(engine_bytes).is_some_and(|call| call.path.ends_with("/Shutdown"));
        caused?;
        self.wait_on_stream("SYN", stream, |s| s.syn).await
    }

    /// Waits until the engine's frames on `stream` show `flag`.
    async fn wait_on_stream(
        &mut self,
        flag: &str,
        stream: u32,
        shows: impl Fn(&StreamSeen) -> bool,
    ) -> Result<(), Difference> {
        self.player
            .wait(&format!("{flag} on stream {stream}"), |seen| {
                seen.streams.get(&stream).is_some_and(&shows)
            })
            .await
    }

    /// Ends the exchange: what the engine did that the recording does not
    /// show (when all else went as recorded), the answers of the client
    /// calls made, and every frame the engine sent.
    pub(super) async fn finish(self) -> ConnectionReport {
        let Exchange {
            replay,
            player,
            caused,
            acks_due,
            ..
        } = self;
        let mut report = replay.report;
        if report.differences.is_empty() {
            report.differences.extend(unrecorded(
                replay.conn,
                &replay.recorded,
                &player.seen,
                &acks_due,
            ));
        }
        report.differences.extend(
            caused
                .check(replay.recording, replay.conn, &replay.recorded)
                .await,
        );
        report
            .notes
            .push(format!("engine frames: {}", player.seen.log.join(", ")));
        report
    }
}
