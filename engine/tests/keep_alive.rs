//! HTTP/1.1 keep-alive connections wait for their next request as the Go
//! engine's do: the header-read timeout counts from a request's first byte,
//! so an idle connection stays open (Go clients keep theirs for 90 s) until
//! the idle timeout, while a client that starts a request and stalls is
//! still dropped.

mod common;

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;

const HEALTH: &[u8] = b"GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";

/// Sends a health check on `stream` and reads its answer.
async fn health(stream: &mut UnixStream) -> String {
    stream.write_all(HEALTH).await.expect("write");
    let mut answer = vec![0u8; 1024];
    let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut answer))
        .await
        .expect("an answer in time")
        .expect("read");
    String::from_utf8_lossy(&answer[..n]).into_owned()
}

/// How long until the server closes `stream` (reads EOF), up to `within`.
async fn closed_after(stream: &mut UnixStream, within: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut rest = [0u8; 256];
    match tokio::time::timeout(within, stream.read(&mut rest)).await {
        Ok(Ok(0)) | Ok(Err(_)) => Some(started.elapsed()),
        Ok(Ok(n)) => panic!(
            "unexpected bytes: {:?}",
            String::from_utf8_lossy(&rest[..n])
        ),
        Err(_) => None,
    }
}

#[tokio::test]
async fn idle_connections_wait_and_stalled_requests_are_dropped() {
    let serving = common::serve(
        "[engine]\nheader_read_timeout_ms = 300\nidle_timeout_ms = 2000\n",
        Vec::new(),
    )
    .await;

    // Idle for three header timeouts, then the next request is answered on
    // the same connection.
    let mut idle = UnixStream::connect(&serving.socket).await.expect("connect");
    assert!(health(&mut idle).await.starts_with("HTTP/1.1 200"));
    tokio::time::sleep(Duration::from_millis(900)).await;
    let again = health(&mut idle).await;
    assert!(again.starts_with("HTTP/1.1 200"), "{again}");

    // A request that starts after an idle while and stalls is dropped a
    // header timeout after its first byte, not after the idle timeout.
    tokio::time::sleep(Duration::from_millis(500)).await;
    idle.write_all(b"GET /health HTTP/1.1\r\nHo")
        .await
        .expect("write");
    let dropped = closed_after(&mut idle, Duration::from_secs(5))
        .await
        .expect("the stalled request is dropped");
    assert!(
        dropped >= Duration::from_millis(150) && dropped < Duration::from_millis(1000),
        "dropped {dropped:?} after its first byte"
    );

    // A connection that never asks again is closed after the idle timeout.
    let mut quiet = UnixStream::connect(&serving.socket).await.expect("connect");
    assert!(health(&mut quiet).await.starts_with("HTTP/1.1 200"));
    let closed = closed_after(&mut quiet, Duration::from_secs(5))
        .await
        .expect("closed after the idle timeout");
    assert!(
        closed >= Duration::from_millis(1700) && closed < Duration::from_millis(3000),
        "closed after {closed:?}"
    );
    let _ = serving.stop.send(());
    let _ = serving.serving.await;
}
