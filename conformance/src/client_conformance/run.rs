//! The runner: every scenario played to every client, two checks each.

use std::path::PathBuf;
use std::time::Duration;

use crate::client_conformance::check::{Check, Outcome};
use crate::client_conformance::client::ClientUnderTest;
use crate::client_conformance::recorded_engine::play;
use crate::client_conformance::recording::RecordingError;
use crate::client_conformance::request_check::{accepted_content_types, request_outcome};
use crate::client_conformance::scenarios::Scenario;
use crate::client_conformance::surfaced_check::surfaced_outcome;

/// Why the checks could not be run at all (a client that fails a check is
/// an [`Outcome`], not this).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A recording every scenario needs cannot be played.
    #[error(transparent)]
    Recording(#[from] RecordingError),
    /// The directory for the recorded engine's sockets could not be made.
    #[error("temporary directory: {0}")]
    TempDir(#[source] std::io::Error),
    /// The recorded engine could not listen on its socket.
    #[error("bind {}: {source}", .socket.display())]
    Bind {
        /// The socket.
        socket: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Runs `scenarios` against every client; two checks per (client,
/// scenario), each client run bounded by `timeout`.
pub async fn run(
    clients: &[Box<dyn ClientUnderTest>],
    scenarios: &[Scenario],
    timeout: Duration,
) -> Result<Vec<Check>, RunError> {
    let accepted = accepted_content_types()?;
    let dir = tempfile::tempdir().map_err(RunError::TempDir)?;
    let mut checks = Vec::new();
    for client in clients {
        for (index, scenario) in scenarios.iter().enumerate() {
            let socket = dir.path().join(format!("engine-{index}.sock"));
            let _ = std::fs::remove_file(&socket);
            let (served, surfaced) = play(scenario, client.as_ref(), &socket, timeout).await?;
            let check = |check, outcome| Check {
                client: client.name().to_owned(),
                scenario: scenario.name.to_owned(),
                check,
                outcome,
            };
            // A scenario with no recording for the codec the client sent is
            // skipped for that client, not failed.
            if let Some(why) = served.iter().find_map(|s| s.answer.as_ref().err()) {
                checks.push(check("request", Outcome::Skip(why.to_string())));
                checks.push(check("surfaced", Outcome::Skip(why.to_string())));
                continue;
            }
            checks.push(check(
                "request",
                request_outcome(scenario, &served, &surfaced, &accepted),
            ));
            checks.push(check(
                "surfaced",
                surfaced_outcome(scenario, &served, &surfaced),
            ));
        }
    }
    Ok(checks)
}
