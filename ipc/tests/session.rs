//! The yamux session both ways, with HTTP/1.1 inside each stream, as the
//! engine and a plugin use it (the Go `ipc_test` cases).

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use secrets_ipc::session::{Incoming, Role, Session, start};

/// Serves every stream the peer opens with HTTP/1.1, answering
/// `<who>: <path>`.
fn serve(mut incoming: Incoming, who: &'static str) {
    tokio::spawn(async move {
        while let Some(stream) = incoming.accept().await {
            tokio::spawn(async move {
                let service = hyper::service::service_fn(
                    move |request: http::Request<hyper::body::Incoming>| async move {
                        let body = format!("{who}: {}", request.uri().path());
                        Ok::<_, Infallible>(http::Response::new(Full::new(Bytes::from(body))))
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}

/// One HTTP/1.1 request on a new stream, as the Go side does
/// (`DisableKeepAlives`: one request per stream).
async fn call(session: &Session, path: &str) -> String {
    let stream = session.open().await.expect("open stream");
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(connection);
    let request = http::Request::get(path)
        .header("host", "unix")
        .body(Full::new(Bytes::new()))
        .expect("request");
    let response = sender.send_request(request).await.expect("answer");
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    String::from_utf8_lossy(&body).into_owned()
}

#[tokio::test]
async fn requests_flow_both_ways_on_one_connection() {
    let (engine_io, plugin_io) = tokio::io::duplex(64 * 1024);
    let engine = start(engine_io, Role::Engine);
    let plugin = start(plugin_io, Role::Plugin);
    serve(engine.incoming, "engine");
    serve(plugin.incoming, "plugin");
    let (engine, engine_task) = (engine.session, engine.driver);
    let (plugin, plugin_task) = (plugin.session, plugin.driver);

    for _ in 0..2 {
        assert_eq!(
            call(&plugin, "/resolver.v1.RegisterService/RegisterPlugin").await,
            "engine: /resolver.v1.RegisterService/RegisterPlugin"
        );
        assert_eq!(
            call(&engine, "/resolver.v1.ResolverService/GetSecrets").await,
            "plugin: /resolver.v1.ResolverService/GetSecrets"
        );
    }

    // Closing one side ends both sessions cleanly.
    plugin.close();
    let plugin_end = tokio::time::timeout(Duration::from_secs(5), plugin_task)
        .await
        .expect("plugin ends")
        .expect("task");
    assert!(plugin_end.is_ok(), "{plugin_end:?}");
    let engine_end = tokio::time::timeout(Duration::from_secs(5), engine_task)
        .await
        .expect("engine sees the end")
        .expect("task");
    assert!(engine_end.is_ok(), "{engine_end:?}");
    assert!(engine.open().await.is_err(), "no streams after the end");
}

#[tokio::test]
async fn the_peer_going_away_ends_the_session() {
    let (engine_io, plugin_io) = tokio::io::duplex(64 * 1024);
    let mut engine = start(engine_io, Role::Engine);
    drop(plugin_io); // the plugin process died
    let end = tokio::time::timeout(Duration::from_secs(5), &mut engine.driver)
        .await
        .expect("ends")
        .expect("task");
    let _ = end; // an abrupt end may be Ok (EOF) or an I/O error; either way it ends
    assert!(engine.incoming.accept().await.is_none());
}
