//! What one connection's replay knows before its first byte: the recorded
//! connection, the deliberate differences that apply to it, each stream's
//! recorded data; and the report it fills in as its phases go.

use std::collections::BTreeMap;

use crate::ipc_replay::deviations::{Expect, IpcDeviation, deviations_for};
use crate::ipc_replay::recording::{Connection, Event, Recording, StreamData, Wire};
use crate::ipc_replay::report::ConnectionReport;

/// One connection's replay: the recording's side of it and the report.
pub(super) struct ConnectionReplay<'a> {
    pub(super) recording: &'a Recording,
    pub(super) conn: &'a Connection,
    /// The deviations for this connection.
    pub(super) deviations: Vec<&'static IpcDeviation>,
    /// The streams the recorded engine opened and this one does not
    /// ([`Expect::NotOpened`]): their frames are skipped both ways.
    pub(super) not_opened: Vec<u32>,
    /// Each stream's recorded data.
    pub(super) recorded: BTreeMap<u32, StreamData>,
    pub(super) report: ConnectionReport,
}

impl<'a> ConnectionReplay<'a> {
    /// The replay of `conn` of `recording`, its deviations noted in the
    /// report.
    pub(super) fn new(recording: &'a Recording, conn: &'a Connection) -> Self {
        let mut replay = ConnectionReplay {
            recording,
            conn,
            deviations: deviations_for(&recording.name, conn.number),
            not_opened: Vec::new(),
            recorded: conn.streams(),
            report: ConnectionReport::default(),
        };
        replay.not_opened = conn
            .events
            .iter()
            .filter_map(|e| match &e.wire {
                Wire::Frame(f) if f.stream != 0 => Some(f.stream),
                _ => None,
            })
            .filter(|s| replay.for_stream(*s).any(|d| d.expect == Expect::NotOpened))
            .collect();
        for d in &replay.deviations {
            replay
                .report
                .notes
                .push(format!("deviation: {:?} ({})", d.expect, d.reason));
        }
        replay
    }

    /// The deviations that apply to `stream` (0: the connection itself).
    pub(super) fn for_stream(&self, stream: u32) -> impl Iterator<Item = &'static IpcDeviation> {
        self.deviations
            .iter()
            .copied()
            .filter(move |d| d.stream.is_none_or(|s| s == stream))
    }

    /// Whether a deviation of this connection expects `expect`.
    pub(super) fn expects(&self, expect: &Expect) -> bool {
        self.deviations.iter().any(|d| d.expect == *expect)
    }

    /// Where event `i` of the connection is, for a difference found there.
    pub(super) fn at(&self, i: usize, event: &Event) -> String {
        let what = match &event.wire {
            Wire::Upgrade(_) => "HTTP upgrade".to_owned(),
            Wire::Frame(frame) => frame.describe(),
            Wire::Eof => "EOF".to_owned(),
        };
        format!(
            "{} conn{} event {i} ({:?} {what})",
            self.recording.name, self.conn.number, event.from
        )
    }
}
