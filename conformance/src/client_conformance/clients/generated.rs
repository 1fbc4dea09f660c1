//! The generated TypeScript, Python and Go clients (`gen/ts`, `gen/python`,
//! `gen/go`) through small commands in `interop/clients/<language>/`
//! sharing one contract.

use std::path::{Path, PathBuf};
use std::process::ExitStatus;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::client_conformance::client::Call;
use crate::client_conformance::clients::command::{
    CommandClient, CommandLine, crashed, json_lines, plugins, text,
};
use crate::client_conformance::surfaced::{ErrorKind, Surfaced, SurfacedSecret};

/// The checkout's `interop/clients/<language>` directory, which holds the
/// command of each generated client.
pub fn interop_clients_dir(language: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../interop/clients")
        .join(language)
}

/// The arguments of the generated clients' commands:
/// `get SOCKET PATTERN` and `plugins SOCKET`.
fn generated_command(socket: &Path, call: &Call) -> CommandLine {
    let socket = socket.display().to_string();
    let args = match call {
        Call::GetSecrets(pattern) => vec!["get".to_owned(), socket, pattern.clone()],
        Call::ListPlugins => vec!["plugins".to_owned(), socket],
    };
    (args, Vec::new())
}

/// The generated TypeScript package (`gen/ts`, Connect over HTTP/1.1)
/// through `interop/clients/ts/conformance-client.mjs`, run by `node` in
/// `dir` (which has the package installed in its `node_modules`).
pub fn ts_generated(dir: &Path) -> CommandClient {
    CommandClient {
        name: "gen-ts".to_owned(),
        program: PathBuf::from("node"),
        arguments: vec![dir.join("conformance-client.mjs").display().to_string()],
        command: generated_command,
        read: read_generated,
    }
}

/// The generated Python package (`gen/python`, grpcio: gRPC over HTTP/2)
/// through `interop/clients/python/conformance_client.py`, run by `python`
/// (an interpreter with the package installed).
pub fn python_generated(python: PathBuf) -> CommandClient {
    CommandClient {
        name: "gen-python".to_owned(),
        program: python,
        arguments: vec![
            interop_clients_dir("python")
                .join("conformance_client.py")
                .display()
                .to_string(),
        ],
        command: generated_command,
        read: read_generated,
    }
}

/// The generated Go module (`gen/go`, connect-go over HTTP/1.1) through the
/// command `interop/clients/go/cmd/conformance-client`, built at `program`.
pub fn go_generated(program: PathBuf) -> CommandClient {
    CommandClient {
        name: "gen-go".to_owned(),
        program,
        arguments: Vec::new(),
        command: generated_command,
        read: read_generated,
    }
}

/// The output of a generated client's command: exit 0 and one JSON line per
/// envelope (`id`, `value` in base64, `provider`, `version`, `metadata`) or
/// plugin (`name`, `version`, `pattern`); or exit 2 and `<code> <message>`
/// as the last line of stderr, the Connect or gRPC code name in lower snake
/// case. A gRPC client names an HTTP error by its own code (`unknown` for a
/// 415, `internal` for a 400), read as [`ErrorKind::Other`].
fn read_generated(call: &Call, status: ExitStatus, stdout: &str, stderr: &str) -> Surfaced {
    if let Some(crash) = crashed(status, stderr) {
        return crash;
    }
    if !status.success() {
        // The last line: a runtime may warn before it.
        let line = stderr.lines().rev().find(|l| !l.trim().is_empty());
        let (Some(2), Some(line)) = (status.code(), line) else {
            return Surfaced::Crashed(format!("{status}, stderr {:?}", stderr.trim()));
        };
        let (code, message) = line.trim().split_once(' ').unwrap_or((line.trim(), ""));
        let kind = match code {
            "not_found" => ErrorKind::NotFound,
            "invalid_argument" => ErrorKind::InvalidArgument,
            "unimplemented" => ErrorKind::Unimplemented,
            code => ErrorKind::Other(code.to_owned()),
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
        Call::GetSecrets(_) => items
            .iter()
            .map(|item| {
                Ok(SurfacedSecret {
                    id: text(item, "id"),
                    value: STANDARD
                        .decode(text(item, "value"))
                        .map_err(|e| format!("value of {:?}: {e}", text(item, "id")))?,
                    provider: text(item, "provider"),
                    version: item["version"].as_str().map(str::to_owned),
                    metadata: item["metadata"].as_object().map(|m| {
                        m.iter()
                            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                            .collect()
                    }),
                })
            })
            .collect::<Result<Vec<_>, String>>()
            .map_or_else(Surfaced::Crashed, Surfaced::Secrets),
        Call::ListPlugins => plugins(&items),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn the_generated_clients_output_is_read() {
        use std::os::unix::process::ExitStatusExt;
        let get = Call::GetSecrets("foo".to_owned());
        let line = r#"{"id":"foo","value":"Zm9vLXZhbHVl","provider":"builtin-mem","version":"","metadata":{}}"#;
        let Surfaced::Secrets(secrets) = read_generated(&get, ExitStatus::from_raw(0), line, "")
        else {
            panic!("not secrets");
        };
        assert_eq!(secrets[0].value, b"foo-value");
        assert_eq!(secrets[0].metadata, Some(BTreeMap::new()));
        // Exit 2: the last line of stderr, after a runtime's warnings.
        let error = read_generated(
            &get,
            ExitStatus::from_raw(2 << 8),
            "",
            "a warning\nnot_found secret not found\n",
        );
        assert_eq!(
            error,
            Surfaced::Error {
                kind: ErrorKind::NotFound,
                message: "secret not found".to_owned()
            }
        );
        let error = read_generated(&get, ExitStatus::from_raw(2 << 8), "", "unknown HTTP 415\n");
        assert!(
            matches!(error, Surfaced::Error { kind: ErrorKind::Other(code), .. } if code == "unknown")
        );
        assert!(matches!(
            read_generated(&get, ExitStatus::from_raw(1 << 8), "", "TypeError: x\n"),
            Surfaced::Crashed(_)
        ));
        let plugins = read_generated(
            &Call::ListPlugins,
            ExitStatus::from_raw(0),
            "{\"name\":\"a\",\"version\":\"v1\",\"pattern\":\"**\"}\n",
            "",
        );
        assert!(matches!(plugins, Surfaced::Plugins(p) if p[0].pattern == "**"));
    }
}
