//! First-request latency through socket activation: how long the first
//! client of a socket-activated engine waits, from its `connect()` to the
//! complete answer of one GetSecrets, while the engine is started for it.
//!
//! Measured with a real activator (by default Debian's
//! `systemd-socket-activate`, which listens on the socket and, on the first
//! connection, execs the program in its own process with the socket as
//! descriptor 3, `LISTEN_FDS=1`, `LISTEN_PID` and `LISTEN_FDNAMES`). Each
//! measurement starts the activator on a fresh socket, waits for the socket
//! to appear, times one request, and kills the program.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use http_body_util::BodyExt;
use hyper_util::rt::TokioIo;
use tokio::net::UnixStream;

use crate::{Call, PATH};

/// The activator Debian ships in the `systemd` package.
pub const DEFAULT_ACTIVATOR: &str = "/usr/bin/systemd-socket-activate";

/// The descriptor name the engine looks for in `LISTEN_FDNAMES`.
const SOCKET_NAME: &str = "secrets-engine";

/// How long one activation may take before it counts as a failure.
const LIMIT: Duration = Duration::from_secs(10);

/// The activator command that listens on `socket` and runs `program` (its
/// program and arguments) on the first connection.
pub fn command(activator: &Path, socket: &Path, program: &Command) -> Command {
    let mut command = Command::new(activator);
    command
        .arg("--listen")
        .arg(socket)
        .arg(format!("--fdname={SOCKET_NAME}"))
        .arg(program.get_program())
        .args(program.get_args());
    command
}

/// Activates `program` on `socket` and times its first answer to `call`,
/// from `connect()` to the last byte of the body. The answer must be a 200
/// with a body (of `expected_bytes`, when given). Output of the activator
/// and the program goes to `log`, quoted in the error when it fails.
pub async fn first_request(
    activator: &Path,
    program: &Command,
    socket: &Path,
    call: &Call,
    expected_bytes: Option<usize>,
    log: &Path,
) -> Result<Duration, String> {
    let _ = std::fs::remove_file(socket);
    let log_file = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let mut child = command(activator, socket, program)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log_file)
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", activator.display()))?;
    let outcome = time_first_answer(&mut child, socket, call, expected_bytes).await;
    let _ = child.kill();
    let _ = child.wait();
    // The activated program does not remove a socket it was given.
    let _ = std::fs::remove_file(socket);
    outcome.map_err(|why| {
        let output = std::fs::read_to_string(log).unwrap_or_default();
        let tail: Vec<&str> = output.lines().rev().take(8).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        format!(
            "socket activation of {} failed: {why}; its output:\n{}",
            program.get_program().to_string_lossy(),
            tail.join("\n")
        )
    })
}

async fn time_first_answer(
    child: &mut std::process::Child,
    socket: &Path,
    call: &Call,
    expected_bytes: Option<usize>,
) -> Result<Duration, String> {
    let started = Instant::now();
    let exited = |child: &mut std::process::Child| match child.try_wait() {
        Ok(Some(status)) => Some(format!("the activator exited ({status})")),
        _ => None,
    };
    // The activator creates the file when it binds, then listens.
    while !socket.exists() {
        if let Some(why) = exited(child) {
            return Err(why);
        }
        if started.elapsed() > LIMIT {
            return Err(format!("no socket at {} after {LIMIT:?}", socket.display()));
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    loop {
        let connecting = Instant::now();
        match UnixStream::connect(socket).await {
            Ok(stream) => {
                let remaining = LIMIT.saturating_sub(started.elapsed());
                let (status, bytes) = tokio::time::timeout(remaining, ask(stream, call))
                    .await
                    .map_err(|_| format!("no answer within {LIMIT:?}"))??;
                let took = connecting.elapsed();
                if status != 200 {
                    return Err(format!("the answer was {status}, not 200"));
                }
                match expected_bytes {
                    Some(expected) if bytes != expected => {
                        return Err(format!(
                            "the answer had {bytes} bytes; the same request to a running \
                             server had {expected}"
                        ));
                    }
                    _ if bytes == 0 => return Err("the answer was empty".to_owned()),
                    _ => return Ok(took),
                }
            }
            // Bound but not yet listening.
            Err(error)
                if error.kind() == std::io::ErrorKind::ConnectionRefused
                    && started.elapsed() < LIMIT =>
            {
                if let Some(why) = exited(child) {
                    return Err(why);
                }
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            Err(error) => return Err(format!("connect: {error}")),
        }
    }
}

/// One request on a fresh connection: the status and the body's length.
async fn ask(stream: UnixStream, call: &Call) -> Result<(u16, usize), String> {
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake: {e}"))?;
    tokio::spawn(connection);
    let request = http::Request::post(PATH)
        .header("host", "localhost")
        .header("content-type", call.content_type)
        .body(http_body_util::Full::new(call.body.clone()))
        .map_err(|e| e.to_string())?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("the connection closed without an answer ({e})"))?;
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("reading the answer: {e}"))?
        .to_bytes();
    Ok((status, body.len()))
}

/// The activator to use: `given`, else Debian's, which must exist.
pub fn activator(given: Option<&Path>) -> Result<PathBuf, String> {
    let path = given.map_or_else(|| PathBuf::from(DEFAULT_ACTIVATOR), Path::to_owned);
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "no socket activator at {} (Debian: apt-get install systemd; or pass --activator)",
            path.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_activator_runs_the_program_with_its_arguments() {
        let mut program = Command::new("/opt/engine");
        program.arg("--config").arg("/tmp/x/engine.toml");
        let command = command(
            Path::new("/usr/bin/systemd-socket-activate"),
            Path::new("/tmp/x/a.sock"),
            &program,
        );
        assert_eq!(command.get_program(), "/usr/bin/systemd-socket-activate");
        let args: Vec<_> = command.get_args().collect();
        assert_eq!(
            args,
            [
                "--listen",
                "/tmp/x/a.sock",
                "--fdname=secrets-engine",
                "/opt/engine",
                "--config",
                "/tmp/x/engine.toml"
            ]
        );
    }
}
