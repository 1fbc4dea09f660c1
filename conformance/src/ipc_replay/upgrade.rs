//! The first phase of an external plugin's connection: the `/hijack`
//! upgrade, before yamux starts. The plugin's request is sent as recorded;
//! the engine's answer is compared by its status line and its `Connection`
//! and `Upgrade` headers.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::http1::{HttpResponse, find, parse_responses};
use crate::ipc_replay::connection_replay::ConnectionReplay;
use crate::ipc_replay::deviations::Expect;
use crate::ipc_replay::engine_reader::WAIT;
use crate::ipc_replay::recording::{Event, Side, Wire};

impl ConnectionReplay<'_> {
    /// Plays `upgrades`, the connection's leading upgrade events; returns
    /// the bytes the engine sent after its answer (the start of yamux). A
    /// difference in the answer is reported and the replay goes on; `Err`
    /// is a connection that broke, said where.
    pub(super) async fn upgrade<R, W>(
        &mut self,
        upgrades: &[Event],
        reader: &mut R,
        writer: &mut W,
    ) -> Result<Vec<u8>, String>
    where
        R: AsyncRead + Unpin,
        W: AsyncWrite + Unpin,
    {
        let mut leftover = Vec::new();
        for (i, event) in upgrades.iter().enumerate() {
            let Wire::Upgrade(bytes) = &event.wire else {
                continue;
            };
            let at = self.at(i, event);
            match event.from {
                Side::Plugin => {
                    writer
                        .write_all(bytes)
                        .await
                        .map_err(|error| format!("{at}: {error}"))?;
                }
                Side::Engine => {
                    let (head, rest) = read_head(reader)
                        .await
                        .map_err(|error| format!("{at}: {error}"))?;
                    leftover = rest;
                    self.compare_upgrade_answer(&at, bytes, &head);
                }
            }
        }
        Ok(leftover)
    }

    /// Compares the engine's upgrade answer `head` with the recorded one.
    fn compare_upgrade_answer(&mut self, at: &str, recorded: &[u8], head: &[u8]) {
        let want = parse_responses(recorded, false);
        let got = parse_responses(head, false);
        let status_line = |head: &[u8]| {
            String::from_utf8_lossy(head)
                .split("\r\n")
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        let mut want_line = status_line(recorded);
        for deviation in self.for_stream(0) {
            if let Expect::HijackStatusLine(line) = &deviation.expect {
                want_line = line.clone();
            }
        }
        let got_line = status_line(head);
        if got_line != want_line {
            self.report.differences.push(format!(
                "{at}: status line {got_line:?}, expected {want_line:?}"
            ));
        }
        for name in ["connection", "upgrade"] {
            let value = |r: &[HttpResponse]| {
                r.first()
                    .and_then(|r| r.header(name))
                    .map(str::to_ascii_lowercase)
            };
            if value(&got) != value(&want) {
                self.report.differences.push(format!(
                    "{at}: {name}: {:?}, expected {:?}",
                    value(&got),
                    value(&want)
                ));
            }
        }
    }
}

/// Reads the HTTP answer head (through the blank line); returns it and the
/// bytes after it.
async fn read_head<R: AsyncRead + Unpin>(reader: &mut R) -> Result<(Vec<u8>, Vec<u8>), String> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 1024];
    loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            let rest = buffer.split_off(end + 4);
            return Ok((buffer, rest));
        }
        let n = tokio::time::timeout(WAIT, reader.read(&mut chunk))
            .await
            .map_err(|_| format!("no upgrade answer within {WAIT:?}; got {buffer:?}"))?
            .map_err(|e| format!("reading the upgrade answer: {e}"))?;
        if n == 0 {
            return Err(format!(
                "the engine closed before answering the upgrade; got {:?}",
                String::from_utf8_lossy(&buffer)
            ));
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
}
