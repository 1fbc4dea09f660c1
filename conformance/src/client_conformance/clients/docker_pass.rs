//! The `docker-pass` engine commands as a client under test.

use std::path::PathBuf;
use std::process::ExitStatus;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use crate::client_conformance::client::Call;
use crate::client_conformance::clients::command::{CommandClient, crashed};
use crate::client_conformance::surfaced::{ErrorKind, Surfaced, SurfacedPlugin, SurfacedSecret};

/// The `docker-pass` engine commands: `resolve PATTERN --json` and `plugins`,
/// the engine found through `DOCKER_SECRETS_ENGINE_SOCKET`.
pub fn docker_pass(program: PathBuf) -> CommandClient {
    CommandClient {
        name: "docker-pass".to_owned(),
        program,
        arguments: Vec::new(),
        command: |socket, call| {
            let args = match call {
                Call::GetSecrets(pattern) => {
                    vec!["resolve".into(), pattern.clone(), "--json".into()]
                }
                Call::ListPlugins => vec!["plugins".into()],
            };
            let env = vec![(
                "DOCKER_SECRETS_ENGINE_SOCKET".to_owned(),
                socket.display().to_string(),
            )];
            (args, env)
        },
        read: read_docker_pass,
    }
}

/// What `docker-pass` surfaced: its JSON (`resolve`) or its table
/// (`plugins`), or the Rust client's error text after `Error: `.
fn read_docker_pass(call: &Call, status: ExitStatus, stdout: &str, stderr: &str) -> Surfaced {
    if let Some(crash) = crashed(status, stderr) {
        return crash;
    }
    if !status.success() {
        let Some(message) = stderr.trim().strip_prefix("Error: ") else {
            return Surfaced::Crashed(format!("{status}, stderr {stderr:?}"));
        };
        // The Rust client's error texts, as docker-pass prints them.
        let kind = if message.starts_with("no secret matches") {
            ErrorKind::NotFound
        } else if message.starts_with("invalid argument: ") {
            ErrorKind::InvalidArgument
        } else if message.starts_with("the engine does not support this call") {
            ErrorKind::Unimplemented
        } else if let Some(rest) = message.strip_prefix("the engine answered ") {
            ErrorKind::Other(rest.split(':').next().unwrap_or_default().to_owned())
        } else {
            ErrorKind::Other("error".to_owned())
        };
        return Surfaced::Error {
            kind,
            message: message.to_owned(),
        };
    }
    match call {
        Call::GetSecrets(_) => {
            let Ok(Value::Array(items)) = serde_json::from_str::<Value>(stdout) else {
                return Surfaced::Crashed(format!("stdout is not a JSON array: {stdout:?}"));
            };
            let secrets: Result<Vec<SurfacedSecret>, String> = items
                .iter()
                .map(|item| {
                    Ok(SurfacedSecret {
                        id: item["id"].as_str().unwrap_or_default().to_owned(),
                        value: STANDARD
                            .decode(item["value"].as_str().unwrap_or_default())
                            .map_err(|e| format!("value of {item}: {e}"))?,
                        provider: item["provider"].as_str().unwrap_or_default().to_owned(),
                        version: item["version"].as_str().map(str::to_owned),
                        metadata: item["metadata"].as_object().map(|m| {
                            m.iter()
                                .map(|(k, v)| {
                                    (k.clone(), v.as_str().unwrap_or_default().to_owned())
                                })
                                .collect()
                        }),
                    })
                })
                .collect();
            secrets.map_or_else(Surfaced::Crashed, Surfaced::Secrets)
        }
        Call::ListPlugins => read_plugin_table(stdout),
    }
}

/// The `NAME VERSION PATTERN …` table of `docker-pass plugins`, cut at the
/// header's column starts (a cell may be empty).
fn read_plugin_table(stdout: &str) -> Surfaced {
    let mut lines = stdout.lines();
    let Some(header) = lines.next() else {
        return Surfaced::Crashed("no output".to_owned());
    };
    let columns: Option<Vec<usize>> = ["NAME", "VERSION", "PATTERN", "KIND"]
        .iter()
        .map(|title| header.find(title))
        .collect();
    let Some(columns) = columns else {
        return Surfaced::Crashed(format!("unexpected header {header:?}"));
    };
    let cell = |line: &str, i: usize| {
        line.get(columns[i]..columns[i + 1])
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    Surfaced::Plugins(
        lines
            .filter(|l| !l.trim().is_empty())
            .map(|line| SurfacedPlugin {
                name: cell(line, 0),
                version: cell(line, 1),
                pattern: cell(line, 2),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plugin_table_is_cut_at_its_columns() {
        let table = "NAME         VERSION  PATTERN  KIND              STATE\nbuiltin-mem  v1.2.3   **       secrets provider  running\nempty                 x/**     secrets provider  running\n";
        let Surfaced::Plugins(plugins) = read_plugin_table(table) else {
            panic!("not plugins");
        };
        assert_eq!(plugins[0].name, "builtin-mem");
        assert_eq!(plugins[0].pattern, "**");
        assert_eq!(plugins[1].version, "");
        assert_eq!(plugins[1].pattern, "x/**");
    }
}
