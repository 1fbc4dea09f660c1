//! A configuration file the engine cannot use stops the real binary at
//! start with exit status 2 and a message naming the line and the key, for a
//! syntax error, a value of the wrong type and a value out of range alike.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `secrets-engine --config engine.toml` on `text` in a fresh
/// directory; its exit code and stderr. An engine that starts instead is
/// stopped and the test fails.
fn start_with(text: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("engine.toml");
    std::fs::write(&config, text).expect("config");
    let mut engine = Command::new(env!("CARGO_BIN_EXE_secrets-engine"))
        .arg("--config")
        .arg(&config)
        .arg("--socket")
        .arg(dir.path().join("engine.sock"))
        .env_clear()
        .env("HOME", dir.path())
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn secrets-engine");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = engine.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = engine.kill();
            let output = engine.wait_with_output().expect("output");
            panic!(
                "the engine started on a bad configuration:\n{text}\nits log:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let output = engine.wait_with_output().expect("output");
    (
        status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn assert_refused(text: &str, expected: &[&str]) {
    let (code, log) = start_with(text);
    assert_eq!(code, Some(2), "exit status for\n{text}\nlog:\n{log}");
    for part in expected {
        assert!(
            log.contains(part),
            "the log does not say {part:?} for\n{text}\nlog:\n{log}"
        );
    }
    assert!(!log.contains("panicked"), "{log}");
}

#[test]
fn a_syntax_error_names_its_line_and_key() {
    assert_refused(
        "[engine]\nname = \"x\"\nplugin_timeout_ms = 5s\n",
        &["engine.toml: line 3, key engine.plugin_timeout_ms: string values must be quoted"],
    );
}

#[test]
fn a_value_of_the_wrong_type_names_its_line_and_key() {
    assert_refused(
        "# timeouts are in milliseconds\n[engine]\nplugin_timeout_ms = \"5s\"\n",
        &["engine.toml: line 3, key engine.plugin_timeout_ms: \
             invalid type: string \"5s\", expected u64"],
    );
    assert_refused(
        "[engine]\nnmae = \"x\"\n",
        &["line 2, key engine.nmae: unknown field `nmae`"],
    );
}

#[test]
fn a_value_out_of_range_names_its_line_and_key() {
    assert_refused(
        "[engine]\nname = \"x\"\n\nidle_timeout_ms = 0\n",
        &["line 4, key engine.idle_timeout_ms: must be from 1 to 86400000 (a day), not 0"],
    );
    assert_refused(
        "[engine]\nmax_connections = 0\n\n[[builtin]]\nname = \"files\"\nversion = \"v1.0.0\"\n\
         pattern = \"**\"\ntype = \"file\"\npath = \"secrets.toml\"\n",
        &["line 2, key engine.max_connections: must be at least 1"],
    );
    assert_refused(
        "[[builtin]]\nname = \"files\"\nversion = \"1.0\"\npattern = \"**\"\ntype = \"file\"\n\
         path = \"secrets.toml\"\n",
        &[
            "line 3, key builtin[0].version: builtin \"files\": version \"1.0\" is not a \
           v-prefixed semantic version",
        ],
    );
}

#[test]
fn a_missing_file_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.toml");
    let output = Command::new(env!("CARGO_BIN_EXE_secrets-engine"))
        .arg("--config")
        .arg(&missing)
        .arg("--socket")
        .arg(dir.path().join("engine.sock"))
        .env_clear()
        .env("HOME", dir.path())
        .stdin(Stdio::null())
        .output()
        .expect("run secrets-engine");
    let log = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{log}");
    assert!(log.contains(&display(&missing)), "{log}");
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
