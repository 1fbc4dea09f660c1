//! A client with a command line, run once per call as a child process and
//! read from its exit status, stdout and stderr.

use std::path::{Path, PathBuf};
use std::process::ExitStatus;

use serde_json::Value;

use crate::client_conformance::client::{Call, ClientUnderTest, Surfacing};
use crate::client_conformance::surfaced::{Surfaced, SurfacedPlugin};

/// The arguments of a command, and the variables added to its environment.
pub type CommandLine = (Vec<String>, Vec<(String, String)>);

/// How a command-line client is run and read.
pub struct CommandClient {
    /// The name in reports.
    pub name: String,
    /// The program.
    pub program: PathBuf,
    /// Arguments before each call's (a script for an interpreter, say).
    pub arguments: Vec<String>,
    /// The arguments and extra environment of a call against a socket.
    pub command: fn(&Path, &Call) -> CommandLine,
    /// What the client surfaced: from the call, its exit status, stdout and
    /// stderr.
    pub read: fn(&Call, ExitStatus, &str, &str) -> Surfaced,
}

impl ClientUnderTest for CommandClient {
    fn name(&self) -> &str {
        &self.name
    }

    fn call<'a>(&'a self, socket: &'a Path, call: &'a Call) -> Surfacing<'a> {
        Box::pin(async move {
            let (args, env) = (self.command)(socket, call);
            let child = tokio::process::Command::new(&self.program)
                .args(&self.arguments)
                .args(&args)
                .envs(env)
                .stdin(std::process::Stdio::null())
                .kill_on_drop(true)
                .output();
            match child.await {
                Ok(output) => (self.read)(
                    call,
                    output.status,
                    &String::from_utf8_lossy(&output.stdout),
                    &String::from_utf8_lossy(&output.stderr),
                ),
                Err(e) => Surfaced::Crashed(format!("cannot run {}: {e}", self.program.display())),
            }
        })
    }
}

/// A process that did not exit with a status (a signal), or panicked.
pub(super) fn crashed(status: ExitStatus, stderr: &str) -> Option<Surfaced> {
    use std::os::unix::process::ExitStatusExt;
    if let Some(signal) = status.signal() {
        return Some(Surfaced::Crashed(format!(
            "killed by signal {signal}: {}",
            stderr.trim()
        )));
    }
    if stderr.contains("panicked at") || stderr.starts_with("panic:") {
        return Some(Surfaced::Crashed(format!("panicked: {}", stderr.trim())));
    }
    None
}

/// The JSON values of a command's stdout, one a line (blank lines left
/// out); `Err`: what the client surfaced instead, an unreadable output.
pub(super) fn json_lines(stdout: &str) -> Result<Vec<Value>, Surfaced> {
    stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str::<Value>)
        .collect::<Result<Vec<Value>, _>>()
        .map_err(|e| Surfaced::Crashed(format!("stdout is not JSON lines ({e}): {stdout:?}")))
}

/// The string `key` of a JSON line (empty when missing).
pub(super) fn text(item: &Value, key: &str) -> String {
    item[key].as_str().unwrap_or_default().to_owned()
}

/// The plugins of JSON lines (`name`, `version`, `pattern`).
pub(super) fn plugins(items: &[Value]) -> Surfaced {
    Surfaced::Plugins(
        items
            .iter()
            .map(|item| SurfacedPlugin {
                name: text(item, "name"),
                version: text(item, "version"),
                pattern: text(item, "pattern"),
            })
            .collect(),
    )
}
