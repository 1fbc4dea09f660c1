//! The last look at a connection whose recorded events all went as
//! recorded: what the engine did that the recording does not show.

use std::collections::BTreeMap;

use crate::ipc_replay::frame::{ACK, FrameType, RST};
use crate::ipc_replay::player::Seen;
use crate::ipc_replay::recording::{Connection, Side, StreamData, Wire};

/// The differences between what the engine sent (`seen`) and the recorded
/// connection `conn` (its streams' data `recorded`) that no recorded event
/// waited for: an unacknowledged stream of `acks_due`, a stream opened or
/// reset, or a GoAway, that the recording does not have.
pub(super) fn unrecorded(
    conn: &Connection,
    recorded: &BTreeMap<u32, StreamData>,
    seen: &Seen,
    acks_due: &[u32],
) -> Vec<String> {
    let mut differences = unacknowledged(seen, acks_due);
    differences.extend(unrecorded_streams(conn, recorded, seen));
    differences.extend(unrecorded_goaway(conn, seen));
    differences
}

/// ACK: Go acknowledges a stream with an empty window update at once;
/// rust-yamux sets ACK on the first frame it sends on it, which is the
/// answer. Either way the engine's first frame on the stream carries it.
fn unacknowledged(seen: &Seen, acks_due: &[u32]) -> Vec<String> {
    acks_due
        .iter()
        .filter_map(|stream| {
            let first = seen.streams.get(stream).and_then(|s| s.first);
            first.is_none_or(|flags| flags & ACK == 0).then(|| {
                format!(
                    "stream {stream}: the engine's first frame on it ({}) does not ACK it",
                    first.map_or("none".to_owned(), |f| format!("flags {f:#x}"))
                )
            })
        })
        .collect()
}

/// The streams the engine opened or reset where the recorded engine did
/// not.
fn unrecorded_streams(
    conn: &Connection,
    recorded: &BTreeMap<u32, StreamData>,
    seen: &Seen,
) -> Vec<String> {
    let mut differences = Vec::new();
    for (stream, seen) in &seen.streams {
        let recorded_flags = conn
            .events
            .iter()
            .filter(|e| e.from == Side::Engine)
            .filter_map(|e| match &e.wire {
                Wire::Frame(f) if f.stream == *stream => Some(f.flags),
                _ => None,
            })
            .fold(0, |acc, flags| acc | flags);
        if !recorded.contains_key(stream) && seen.syn {
            differences.push(format!("the engine opened stream {stream}, not recorded"));
        }
        if seen.rst && recorded_flags & RST == 0 {
            differences.push(format!("the engine reset stream {stream}, not recorded"));
        }
    }
    differences
}

/// The engine's GoAway where the recorded engine sent none.
fn unrecorded_goaway(conn: &Connection, seen: &Seen) -> Option<String> {
    let recorded_goaway = conn.events.iter().any(|e| {
        e.from == Side::Engine && matches!(&e.wire, Wire::Frame(f) if f.kind == FrameType::GoAway)
    });
    match seen.goaway {
        Some(code) if !recorded_goaway => Some(format!(
            "the engine sent GoAway (code {code}), not recorded"
        )),
        _ => None,
    }
}
