//! Graceful shutdown: requests in flight when the signal comes are answered.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{GET_SECRETS, Slow, engine_with, plugin, post_json};

#[tokio::test]
async fn in_flight_requests_finish_and_the_socket_goes_away() {
    let mut t = engine_with("[engine]\nshutdown_timeout_ms = 3000\n").await;
    let engine = t.engine.take().expect("engine");
    engine
        .registry()
        .add(plugin("slow", "**", Duration::from_secs(5), Arc::new(Slow)))
        .expect("add");
    let socket = t.socket.clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(engine.serve(async {
        let _ = stopped.await;
    }));

    let in_flight = tokio::spawn({
        let socket = socket.clone();
        async move { post_json(&socket, GET_SECRETS, r#"{"pattern":"slow"}"#).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let _ = stop.send(());

    let (status, body) = in_flight.await.expect("request task");
    assert_eq!(status, 200, "{body}");
    tokio::time::timeout(Duration::from_secs(5), serving)
        .await
        .expect("engine stops in bounded time")
        .expect("serve task");
    assert!(!socket.exists());
    assert!(tokio::net::UnixStream::connect(&socket).await.is_err());
}
