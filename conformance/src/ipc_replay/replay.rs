//! Replaying one recorded plugin connection against an engine, phase by
//! phase.

use tokio::io::{AsyncRead, AsyncWrite};

use crate::ipc_replay::causes::Triggers;
use crate::ipc_replay::connection_replay::ConnectionReplay;
use crate::ipc_replay::engine_reader::spawn_reader;
use crate::ipc_replay::exchange::Exchange;
use crate::ipc_replay::player::Player;
use crate::ipc_replay::recording::{Connection, Recording, Wire};
use crate::ipc_replay::report::ConnectionReport;

/// Plays the plugin side of `conn` of `recording` over `io` (a fresh
/// connection to the engine socket for external plugins, or the plugin end
/// of a launched plugin's socketpair) and checks the engine's side by
/// meaning, event by event in recorded order: the plugin's writes are sent
/// when their turn comes, and each engine write is waited for (up to 5 s)
/// before going on.
///
/// Tolerances (yamux implementations may differ where the meaning is the
/// same; each is also said where it is applied):
/// - ACK and SYN are flags on the first frame of a stream: Go sends a
///   separate empty window update, rust-yamux sets them on its first data
///   frame. Either satisfies the recording.
/// - FIN may travel on an empty data frame (rust-yamux) or a window update
///   (Go).
/// - Window updates without flags are flow-control credit: their number
///   and sizes are each library's own tuning and are not compared.
/// - Pings are keep-alives and are answered, not compared.
/// - HTTP messages are compared by
///   [`MessageMeaning`](crate::ipc_replay::MessageMeaning), whole per
///   stream, however they are split into data frames.
pub async fn replay_connection<T>(
    io: T,
    recording: &Recording,
    conn: &Connection,
    triggers: &mut Triggers,
) -> ConnectionReport
where
    T: AsyncRead + AsyncWrite + Send + 'static,
{
    let mut replay = ConnectionReplay::new(recording, conn);
    let (mut reader, mut writer) = tokio::io::split(io);
    // An external plugin's connection starts with the HTTP upgrade, played
    // before yamux; a launched plugin's with yamux.
    let upgrades = conn
        .events
        .iter()
        .take_while(|e| matches!(e.wire, Wire::Upgrade(_)))
        .count();
    let leftover = match replay
        .upgrade(&conn.events[..upgrades], &mut reader, &mut writer)
        .await
    {
        Ok(leftover) => leftover,
        Err(difference) => {
            replay.report.differences.push(difference);
            return replay.report;
        }
    };
    let (frames, reader_task) = spawn_reader(reader, leftover);
    let mut exchange = Exchange::new(replay, Player::new(writer, frames));
    exchange
        .play(conn.events.iter().enumerate().skip(upgrades), triggers)
        .await;
    let report = exchange.finish().await;
    reader_task.abort();
    report
}
