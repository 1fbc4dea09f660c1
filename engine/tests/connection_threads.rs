//! Connection threads (`worker_threads`): a second thread starts only when
//! two connections are open at once, requests answered on it survive a
//! graceful shutdown, and it is gone when the engine has stopped.
//!
//! One test in this file: it counts the threads of the test process.

mod common;

use std::time::Duration;

use common::{GET_SECRETS, post_json, serve_slow};

/// Threads of this process named like the engine's connection threads.
fn connection_threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .expect("tasks")
        .filter_map(Result::ok)
        .filter(|task| {
            std::fs::read_to_string(task.path().join("comm"))
                .is_ok_and(|comm| comm.starts_with("connections-"))
        })
        .count()
}

#[tokio::test]
async fn a_second_thread_serves_overlapping_connections_and_stops_with_the_engine() {
    let t = serve_slow("[engine]\nworker_threads = 2\nshutdown_timeout_ms = 3000\n").await;
    let (socket, stop, serving) = (t.socket.clone(), t.stop, t.serving);

    // One connection at a time: the engine's own thread is enough.
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"slow"}"#).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        connection_threads(),
        0,
        "no thread started for one connection"
    );

    // Four overlapping requests: the second thread starts and takes some.
    let requests: Vec<_> = (0..4)
        .map(|_| {
            let socket = socket.clone();
            tokio::spawn(
                async move { post_json(&socket, GET_SECRETS, r#"{"pattern":"slow"}"#).await },
            )
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(
        connection_threads(),
        1,
        "worker_threads = 2: one more thread"
    );

    // Shut down while all four are in flight: each is still answered.
    let _ = stop.send(());
    for request in requests {
        let (status, body) = request.await.expect("request task");
        assert_eq!(status, 200, "{body}");
        assert!(body.contains(r#""id":"slow""#), "{body}");
    }
    tokio::time::timeout(Duration::from_secs(5), serving)
        .await
        .expect("engine stops in bounded time")
        .expect("serve task");
    assert_eq!(connection_threads(), 0, "the thread is joined on stop");
    assert!(!socket.exists());
}
