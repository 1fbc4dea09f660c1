//! Graceful shutdown: requests in flight when the signal comes are answered,
//! newcomers are refused at once, and the socket goes away.

mod common;

use std::time::Duration;

use common::{GET_SECRETS, post_json, serve_slow};

#[tokio::test]
async fn in_flight_requests_finish_newcomers_are_refused_and_the_socket_goes_away() {
    let t = serve_slow("[engine]\nshutdown_timeout_ms = 3000\n").await;
    let (socket, stop, serving) = (t.socket.clone(), t.stop, t.serving);
    let in_flight = tokio::spawn({
        let socket = socket.clone();
        async move { post_json(&socket, GET_SECRETS, r#"{"pattern":"slow"}"#).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let _ = stop.send(());
    tokio::time::sleep(Duration::from_millis(50)).await;
    // The slow answer is still being waited for; a newcomer is turned away
    // at once rather than left in the listen queue until the engine exits.
    assert!(!in_flight.is_finished(), "the engine is still draining");
    assert!(
        tokio::net::UnixStream::connect(&socket).await.is_err(),
        "a connection made while the engine drains was accepted"
    );

    let (status, body) = in_flight.await.expect("request task");
    assert_eq!(status, 200, "{body}");
    tokio::time::timeout(Duration::from_secs(5), serving)
        .await
        .expect("engine stops in bounded time")
        .expect("serve task");
    assert!(!socket.exists());
    assert!(tokio::net::UnixStream::connect(&socket).await.is_err());
}
