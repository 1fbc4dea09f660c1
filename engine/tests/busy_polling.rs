//! Busy polling in the `secrets-engine` binary: after a request its thread
//! keeps polling for `busy_poll_us`, then sleeps. A test binary of its own,
//! so no other test competes for the cores while it measures: the poller
//! gives its core to anything else runnable, and under load a window costs
//! far less CPU than its length.

mod common;

use std::time::Duration;

use common::{GET_SECRETS, file_store_config, post_json, spawn, stop, wait_ready};
use nix::unistd::Pid;

const SECRETS: &str = "[secrets.\"db/password\"]\nvalue = \"s3cret\"\n";

/// CPU time process `pid` has used, from its CPU-time clock: exact, where
/// `/proc/PID/stat` samples at clock ticks and can miss a thread that runs
/// in short slices.
fn cpu_time(pid: u32) -> Duration {
    let clock = nix::time::clock_getcpuclockid(Pid::from_raw(pid as i32)).expect("CPU clock");
    Duration::from(nix::time::clock_gettime(clock).expect("clock_gettime"))
}

#[tokio::test]
async fn the_engine_polls_after_a_request_and_then_sleeps() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("secrets.toml"), SECRETS).expect("secrets");
    // A window long enough to tell from noise.
    let config = dir.path().join("polling.toml");
    std::fs::write(&config, file_store_config("busy_poll_us = 200000")).expect("config");
    let socket = dir.path().join("engine.sock");
    let engine = spawn(&socket, &config, "warn");
    wait_ready(&socket).await;
    // Start-up is done once the engine has been idle for a while.
    tokio::time::sleep(Duration::from_millis(500)).await;

    let (status, _) = post_json(&socket, GET_SECRETS, r#"{"pattern":"db/password"}"#).await;
    assert_eq!(status, 200);
    let answered = cpu_time(engine.id());
    tokio::time::sleep(Duration::from_millis(600)).await;
    let polled = cpu_time(engine.id());
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let (window, idle) = (polled - answered, cpu_time(engine.id()) - polled);

    let (exit, _) = stop(engine);
    assert!(exit.success());
    // Unloaded, the 200 ms window costs about 200 ms; an engine that does not
    // poll uses about 1.3 ms here.
    assert!(
        window >= Duration::from_millis(50),
        "no busy polling after the request: {window:?}"
    );
    assert!(
        idle <= Duration::from_millis(20),
        "still polling a second later: {idle:?}"
    );
}
