//! The audit log against the process's file-size limit (RLIMIT_FSIZE),
//! through the real binary: a write past the limit must fail like a full
//! disk does, not end the engine with SIGXFSZ.

mod common;

use std::process::{Command, Stdio};

use common::{GET_SECRETS, file_store_config, post_json, stop, wait_ready};

/// The limit the kernel applies to `pid`, in bytes, from /proc/PID/limits
/// (the shell's `ulimit -f` counts in blocks whose size varies by shell).
fn file_size_limit(pid: u32) -> u64 {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("limits");
    let line = limits
        .lines()
        .find(|line| line.starts_with("Max file size"))
        .expect("Max file size");
    line.split_whitespace()
        .nth(3)
        .and_then(|soft| soft.parse().ok())
        .unwrap_or_else(|| panic!("no soft limit in {line:?}"))
}

#[tokio::test]
async fn the_file_size_limit_under_the_audit_log_does_not_stop_the_engine() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("secrets.toml"),
        "[secrets.\"db/password\"]\nvalue = \"hunter2-correct-horse\"\n",
    )
    .expect("secrets");
    let config = dir.path().join("engine.toml");
    // Rotation (10 MiB by default) is far beyond the limit: every write
    // past it fails, as on a full disk.
    std::fs::write(
        &config,
        file_store_config("launched_plugins = false\naudit_log = \"audit.jsonl\""),
    )
    .expect("config");
    let socket = dir.path().join("engine.sock");
    let engine = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 4 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_secrets-engine"))
        .arg("--socket")
        .arg(&socket)
        .arg("--config")
        .arg(&config)
        .arg("--log-level")
        .arg("info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn secrets-engine");
    wait_ready(&socket).await;
    let limit = file_size_limit(engine.id());
    assert!((1024..=4096).contains(&limit), "limit {limit}");

    // Each record is a couple of hundred bytes: these fill the limit several
    // times over, one request at a time so each reaches the file.
    let audit = dir.path().join("audit.jsonl");
    let mut requests = 0;
    while requests < 20 || std::fs::metadata(&audit).expect("audit log").len() * 2 < limit {
        let pattern = format!("db/password-or-not-{requests:04}");
        let (status, body) = post_json(
            &socket,
            GET_SECRETS,
            &format!(r#"{{"pattern":"{pattern}"}}"#),
        )
        .await;
        assert_eq!(status, 404, "request {requests}: {body}");
        requests += 1;
        assert!(requests < 1_000, "the audit log does not grow");
    }
    for n in 0..(limit / 50) {
        let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"db/password"}"#).await;
        assert_eq!(status, 200, "request {n} past the limit: {body}");
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }

    let (exit, log) = stop(engine);
    assert!(exit.success(), "{exit:?}\n{log}");
    let failures: Vec<_> = log
        .lines()
        .filter(|line| line.contains("audit log: cannot write"))
        .collect();
    assert_eq!(failures.len(), 1, "one error for the limit:\n{log}");
    assert!(failures[0].contains("File too large"), "{log}");
    assert!(!log.contains("hunter2"), "{log}");

    // What was written is whole lines, within the limit.
    let written = std::fs::read_to_string(&audit).expect("audit log");
    assert!(written.len() as u64 <= limit);
    assert!(written.ends_with('\n'), "{written}");
    for line in written.lines() {
        let record: serde_json::Value = serde_json::from_str(line).expect("a whole JSON line");
        assert!(record["pattern"].is_string(), "{line}");
    }
}
