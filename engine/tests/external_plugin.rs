//! An external plugin attaches through `/hijack` on the engine socket,
//! registers over yamux, serves GetSecrets through the engine, and is removed
//! when it goes away (SPEC 5.4–5.5).

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{GET_SECRETS, engine_with, post_json};
use connect_runtime::{Codec, ConnectClient};
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use secrets_core::ipc::hijack::{DEFAULT_TIMEOUT, hijack};
use secrets_core::ipc::session::{Role, Session, start};
use secrets_core::ipc::transport::SessionTransport;
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::register_service_connect::RegisterServiceConnectClient;
use secrets_engine_api::resolver::v1::resolver_service_connect;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{
    GetSecretsRequest, GetSecretsResponse, RegisterPluginRequest, RegisterPluginResponse,
};
use tonic::{Code, Request, Response, Status};

/// The world's `ext-plugin`: `ext/one` and `ext/two`.
struct ExtPlugin;

#[tonic::async_trait]
impl ResolverService for ExtPlugin {
    async fn get_secrets(
        &self,
        request: Request<GetSecretsRequest>,
    ) -> Result<Response<GetSecretsResponse>, Status> {
        let pattern =
            secrets_core::Pattern::parse(request.into_inner().pattern.unwrap_or_default())
                .map_err(|e| Status::invalid_argument(e.to_string()))?;
        let envelopes: Vec<Envelope> = [("ext/one", "ext-one-value"), ("ext/two", "ext-two-value")]
            .into_iter()
            .filter(|(id, _)| pattern.matches(&id.parse().expect("id")))
            .map(|(id, value)| Envelope {
                id: Some(id.into()),
                value: Some(value.as_bytes().to_vec()),
                version: Some(String::new()),
                ..Default::default()
            })
            .collect();
        if envelopes.is_empty() {
            return Err(Status::not_found("secret not found"));
        }
        Ok(Response::new(GetSecretsResponse { envelopes }))
    }
}

/// Connects like the Go SDK: dial, hijack, yamux client, serve the resolver,
/// register. Returns the session and the registration answer.
async fn connect_plugin(
    socket: &std::path::Path,
    name: &str,
    pattern: &str,
) -> (
    Session,
    Result<RegisterPluginResponse, Status>,
    tokio::task::JoinHandle<Result<(), yamux::ConnectionError>>,
) {
    let stream = tokio::net::UnixStream::connect(socket).await.expect("dial");
    let hijacked = hijack(stream, DEFAULT_TIMEOUT).await.expect("hijack");
    let (session, mut incoming, driver) = start(hijacked.into_stream(), Role::Plugin);
    let app = resolver_service_connect::routes::<_, ()>(Arc::new(ExtPlugin));
    tokio::spawn(async move {
        while let Some(stream) = incoming.accept().await {
            let service = TowerToHyperService::new(app.clone());
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    let register = RegisterServiceConnectClient::new(
        ConnectClient::new(SessionTransport::new(session.clone())).with_codec(Codec::Proto),
    );
    let answer = register
        .register_plugin(RegisterPluginRequest {
            name: Some(name.into()),
            version: Some("v0.1.0".into()),
            pattern: Some(pattern.into()),
        })
        .await;
    (session, answer, driver)
}

fn providers(body: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(body).expect("JSON");
    value["envelopes"]
        .as_array()
        .map(|e| {
            e.iter()
                .map(|e| {
                    format!(
                        "{}@{}",
                        e["id"].as_str().unwrap_or_default(),
                        e["provider"].as_str().unwrap_or_default()
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn an_external_plugin_serves_through_the_engine_until_it_leaves() {
    let mut t =
        engine_with("[engine]\nname = \"upstream-engine\"\nplugin_timeout_ms = 2000\n").await;
    let engine = t.engine.take().expect("engine");
    let socket = t.socket.clone();
    tokio::spawn(engine.serve(std::future::pending()));

    let (session, answer, driver) = connect_plugin(&socket, "ext-plugin", "ext/**").await;
    let answer = answer.expect("registered");
    assert_eq!(answer.engine_name.as_deref(), Some("upstream-engine"));
    assert_eq!(answer.request_timeout.map(|d| d.seconds), Some(2));

    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"**"}"#).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        providers(&body),
        ["ext/one@ext-plugin", "ext/two@ext-plugin"]
    );
    let (status, body) = post_json(&socket, "/resolver.v1.ListService/ListPlugins", "{}").await;
    assert_eq!(status, 200);
    let list: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(list["plugins"][0]["name"], "ext-plugin");
    assert_eq!(list["plugins"][0]["external"], true);

    // A second plugin with the same name is refused, and the first keeps serving.
    let (_dup_session, dup, _dup_driver) = connect_plugin(&socket, "ext-plugin", "ext/**").await;
    let dup = dup.expect_err("duplicate name");
    assert_eq!(dup.code(), Code::AlreadyExists);
    assert_eq!(dup.message(), "plugin ext-plugin already exists");
    let (status, _) = post_json(&socket, GET_SECRETS, r#"{"pattern":"ext/one"}"#).await;
    assert_eq!(status, 200);

    // The plugin leaves: it is removed at once.
    session.close();
    let _ = tokio::time::timeout(Duration::from_secs(5), driver)
        .await
        .expect("plugin session ends");
    let mut gone = false;
    for _ in 0..50 {
        let (status, _) = post_json(&socket, GET_SECRETS, r#"{"pattern":"ext/one"}"#).await;
        if status == 404 {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(gone, "the plugin was not removed after it left");
}

#[tokio::test]
async fn bad_registrations_get_the_go_engines_codes() {
    let mut t = engine_with("").await;
    let engine = t.engine.take().expect("engine");
    let socket = t.socket.clone();
    tokio::spawn(engine.serve(std::future::pending()));

    let (_s, answer, _d) = connect_plugin(&socket, "bad", "a//b").await;
    let status = answer.expect_err("bad pattern");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(
        status.message(),
        "invalid pattern \"a//b\": empty component at byte 2"
    );

    let (_s, answer, _d) = connect_plugin(&socket, "", "**").await;
    let status = answer.expect_err("empty name");
    assert_eq!(
        (status.code(), status.message()),
        (Code::Internal, "parsing name: empty name")
    );
}

#[tokio::test]
async fn a_plugin_that_never_registers_is_dropped_and_blocks_nothing() {
    let mut t = engine_with("[engine]\nregistration_timeout_ms = 200\n").await;
    let engine = t.engine.take().expect("engine");
    let socket = t.socket.clone();
    tokio::spawn(engine.serve(std::future::pending()));

    let stream = tokio::net::UnixStream::connect(&socket)
        .await
        .expect("dial");
    let hijacked = hijack(stream, DEFAULT_TIMEOUT).await.expect("hijack");
    let (_session, _incoming, driver) = start(hijacked.into_stream(), Role::Plugin);
    // Meanwhile the engine answers others.
    let (status, _) = post_json(&socket, GET_SECRETS, r#"{"pattern":"x"}"#).await;
    assert_eq!(status, 404);
    // After the registration timeout the engine ends the session.
    tokio::time::timeout(Duration::from_secs(3), driver)
        .await
        .expect("engine closed the silent plugin's session")
        .expect("task")
        .expect("clean end");
}
