//! The socket-activation measurement end to end: Debian's activator starts
//! the load tool's bare server on the first connection, and the tool times
//! that connection's answer; a program that never answers is a failure, not
//! a figure.

use std::path::Path;
use std::process::Command;

const ACTIVATOR: &str = "/usr/bin/systemd-socket-activate";

fn bench() -> Command {
    Command::new(env!("CARGO_BIN_EXE_secrets-engine-bench"))
}

fn have_activator() -> bool {
    let found = Path::new(ACTIVATOR).exists();
    if !found {
        eprintln!("skipped: no {ACTIVATOR} (Debian package systemd)");
    }
    found
}

#[test]
fn the_bare_server_is_timed_through_the_activator() {
    if !have_activator() {
        return;
    }
    let output = bench()
        .args(["activation", "--bare", "--times", "3"])
        .output()
        .expect("run the bench");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let median_ms: f64 = stdout
        .split("median ")
        .nth(1)
        .and_then(|rest| rest.split(" ms").next())
        .and_then(|number| number.parse().ok())
        .unwrap_or_else(|| panic!("no median in {stdout:?}"));
    assert!(stdout.contains("bare server, 3 activations"), "{stdout}");
    // A process start and one answer: more than nothing, far less than the
    // tool's 10 s limit.
    assert!(median_ms > 0.05 && median_ms < 2000.0, "{stdout}");
}

#[test]
fn a_program_that_does_not_answer_fails_the_measurement() {
    if !have_activator() {
        return;
    }
    let output = bench()
        .args(["--engine", "/bin/true", "activation", "--times", "1"])
        .output()
        .expect("run the bench");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        output.stdout.is_empty(),
        "no figure for a failed activation"
    );
    assert!(
        stderr.contains("socket activation of /bin/true failed")
            && stderr.contains("closed without an answer")
            && stderr.contains("Execing /bin/true"),
        "{stderr}"
    );
}
