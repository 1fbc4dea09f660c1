//! Docker's Go client through its CLI as a client under test.

use std::path::PathBuf;
use std::process::ExitStatus;

use crate::client_conformance::client::Call;
use crate::client_conformance::clients::command::{
    CommandClient, crashed, json_lines, plugins, text,
};
use crate::client_conformance::surfaced::{ErrorKind, Surfaced, SurfacedSecret};

/// Docker's Go client v0.0.30 through its CLI (`interop/go-sdk-v0.3.2/cmd/client`,
/// the peer `sdk-client-v0.3.2`): `-socket S get PATTERN` and `plugins`.
pub fn go_client(program: PathBuf) -> CommandClient {
    CommandClient {
        name: "go-client-v0.0.30".to_owned(),
        program,
        arguments: Vec::new(),
        command: |socket, call| {
            let mut args = vec!["-socket".to_owned(), socket.display().to_string()];
            match call {
                Call::GetSecrets(pattern) => args.extend(["get".to_owned(), pattern.clone()]),
                Call::ListPlugins => args.push("plugins".to_owned()),
            }
            (args, Vec::new())
        },
        read: read_go_client,
    }
}

/// What the Go client's CLI surfaced: JSON lines, or its error on stderr
/// with exit 2.
fn read_go_client(call: &Call, status: ExitStatus, stdout: &str, stderr: &str) -> Surfaced {
    if let Some(crash) = crashed(status, stderr) {
        return crash;
    }
    if !status.success() {
        let message = stderr.trim();
        if status.code() != Some(2) {
            return Surfaced::Crashed(format!("{status}, stderr {message:?}"));
        }
        // The SDK's bare ErrSecretNotFound; the CLI's own pattern check;
        // connect's `<code>: <message>` otherwise.
        let kind = if message == "secret not found" {
            ErrorKind::NotFound
        } else if message.starts_with("invalid pattern ") {
            ErrorKind::InvalidArgument
        } else {
            match message.split_once(": ").map(|(code, _)| code) {
                Some("invalid_argument") => ErrorKind::InvalidArgument,
                Some("not_found") => ErrorKind::NotFound,
                Some("unimplemented") => ErrorKind::Unimplemented,
                Some(code) if !code.contains(' ') => ErrorKind::Other(code.to_owned()),
                _ => ErrorKind::Other("error".to_owned()),
            }
        };
        return Surfaced::Error {
            kind,
            message: message.to_owned(),
        };
    }
    let items = match json_lines(stdout) {
        Ok(items) => items,
        Err(unreadable) => return unreadable,
    };
    match call {
        Call::GetSecrets(_) => Surfaced::Secrets(
            items
                .iter()
                .map(|item| SurfacedSecret {
                    id: text(item, "id"),
                    // The CLI prints the value as a string.
                    value: text(item, "value").into_bytes(),
                    provider: text(item, "provider"),
                    // The CLI prints neither.
                    version: None,
                    metadata: None,
                })
                .collect(),
        ),
        Call::ListPlugins => plugins(&items),
    }
}
