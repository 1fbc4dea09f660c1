//! Killing a launched plugin under load: the engine answers for the others,
//! answers `unavailable` (fast, not `not_found`) for the dead plugin's IDs,
//! and serves them again shortly after restarting it.

use std::path::Path;
use std::time::{Duration, Instant};

use common::{memplugin_pid, status_of};
use secrets_engine_conformance::world;

mod common;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_launched_plugin_is_unavailable_then_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let running = world::start(&socket, Path::new(env!("CARGO_BIN_EXE_memplugin")))
        .await
        .expect("the world starts");
    assert_eq!(status_of(&socket, "launched/foo").await, 200);
    let pid = memplugin_pid().expect("memplugin runs as our child");

    // Load: builtin and launched IDs, 4 clients, for 2 s; the kill comes at 0.5 s.
    let started = Instant::now();
    let mut clients = Vec::new();
    for client in 0..4 {
        let socket = socket.clone();
        clients.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            while started.elapsed() < Duration::from_secs(2) {
                let pattern = if client % 2 == 0 {
                    "launched/foo"
                } else {
                    "foo"
                };
                let sent = Instant::now();
                let status = status_of(&socket, pattern).await;
                seen.push((
                    pattern,
                    sent.duration_since(started),
                    sent.elapsed(),
                    status,
                ));
            }
            seen
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let killed_at = started.elapsed();
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGKILL,
    )
    .expect("SIGKILL");

    let mut seen = Vec::new();
    for client in clients {
        seen.extend(client.await.expect("client"));
    }
    let restarted = memplugin_pid();
    running.stop().await;
    assert!(
        restarted.is_some_and(|new| new != pid),
        "memplugin was restarted as a new process ({pid} -> {restarted:?})"
    );

    for (pattern, at, took, status) in &seen {
        assert!(
            *took < Duration::from_secs(1),
            "{pattern} at {at:?} took {took:?}"
        );
        if *pattern == "foo" {
            assert_eq!(
                *status, 200,
                "builtin request at {at:?} failed while the plugin was down"
            );
        } else {
            assert!(
                *status == 200 || *status == 503,
                "launched request at {at:?} got {status} (never 404 during a restart)"
            );
        }
    }
    let first_failure = seen
        .iter()
        .filter(|(p, at, _, s)| *p == "launched/foo" && *s == 503 && *at >= killed_at)
        .map(|(_, at, _, _)| *at)
        .min();
    let back = seen
        .iter()
        .filter(|(p, at, _, s)| *p == "launched/foo" && *s == 200 && *at > killed_at)
        .filter(|(_, at, _, _)| first_failure.is_none_or(|f| *at > f))
        .map(|(_, at, _, _)| *at)
        .min()
        .expect("the plugin served again");
    assert!(
        back - killed_at < Duration::from_millis(500),
        "served again {:?} after the kill",
        back - killed_at
    );
}
