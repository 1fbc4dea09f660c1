//! What a launched plugin writes to its stderr reaches the engine's log
//! once per line, as written (quotes and backslashes unescaped), with the
//! plugin's name as a field; control characters are escaped. Through the
//! real `secrets-engine` binary and a real launched plugin.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// The plugin: writes its lines, then stays up (it never registers; the
/// registration timeout is long enough that the engine lets it be).
const PLUGIN: &str = r#"#!/bin/sh
printf '%s\n' '2026-01-02T03:04:05.000000Z  INFO chatty: said "hi" to C:\dir\ {"k": "v"}' >&2
printf 'bell\007 then \033[31mred\033[0m\r\n' >&2
printf 'no newline at the end' >&2
exec 2>&-
exec sleep 60
"#;

#[test]
fn stderr_lines_are_logged_once_as_written_with_the_plugin_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plugins = dir.path().join("plugins");
    std::fs::create_dir(&plugins).expect("plugins dir");
    let plugin = plugins.join("chatty");
    std::fs::write(&plugin, PLUGIN).expect("plugin");
    std::fs::set_permissions(&plugin, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::write(
        dir.path().join("engine.toml"),
        "[engine]\nplugin_dir = \"plugins\"\nregistration_timeout_ms = 60000\n",
    )
    .expect("config");

    let mut engine = Command::new(env!("CARGO_BIN_EXE_secrets-engine"))
        .arg("--config")
        .arg(dir.path().join("engine.toml"))
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
    let log = Arc::new(Mutex::new(Vec::<String>::new()));
    let reader = {
        let (stderr, log) = (engine.stderr.take().expect("stderr"), log.clone());
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                log.lock()
                    .expect("log")
                    .push(line.expect("a UTF-8 log line"));
            }
        })
    };
    let text = || log.lock().expect("log").join("\n");
    let started = Instant::now();
    while !text().contains("no newline at the end") {
        if started.elapsed() > Duration::from_secs(30) || engine.try_wait().ok().flatten().is_some()
        {
            let _ = engine.kill();
            let _ = engine.wait();
            panic!("the plugin's stderr never reached the log:\n{}", text());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // How it stops is not what this test is about (SIGTERM may come before
    // the engine handles it); the log is complete once it has.
    kill(Pid::from_raw(engine.id() as i32), Signal::SIGTERM).expect("SIGTERM");
    engine.wait().expect("wait");
    reader.join().expect("reader");
    let log = log.lock().expect("log").clone();

    let written = r#"2026-01-02T03:04:05.000000Z  INFO chatty: said "hi" to C:\dir\ {"k": "v"}"#;
    let lines: Vec<&String> = log.iter().filter(|l| l.contains("said \"hi\"")).collect();
    assert_eq!(
        lines.len(),
        1,
        "one log line per stderr line:\n{}",
        log.join("\n")
    );
    let line = lines[0];
    assert_eq!(line.matches(written).count(), 1, "as written, once: {line}");
    assert!(line.contains("plugin=chatty"), "names the plugin: {line}");
    assert!(
        !line.contains("plugin{"),
        "not also in the plugin's span: {line}"
    );
    assert!(!line.contains("\\\""), "quotes are not escaped: {line}");

    let control: Vec<&String> = log.iter().filter(|l| l.contains("bell")).collect();
    assert_eq!(control.len(), 1, "{}", log.join("\n"));
    let control = control[0];
    assert!(
        control.contains(r"bell\u{7} then \u{1b}[31mred\u{1b}[0m"),
        "control characters escaped, the line end dropped: {control}"
    );
    assert!(
        !control.contains(['\x07', '\x1b', '\r']),
        "no raw control character: {control:?}"
    );
    assert!(
        log.iter()
            .any(|l| l.contains("no newline at the end") && l.contains("plugin=chatty")),
        "the last, unterminated line is logged too:\n{}",
        log.join("\n")
    );
}
