//! An external plugin attaches through `/hijack` on the engine socket,
//! registers over yamux, serves GetSecrets through the engine, and is removed
//! when it goes away.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{
    Driver, GET_SECRETS, connect_plugin_serving, engine_with, post_json, register, serve,
};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::plugin_service_server::PluginService;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{
    GetSecretsRequest, GetSecretsResponse, RegisterPluginResponse, ShutdownRequest,
    ShutdownResponse,
};
use secrets_engine_api::resolver::v1::{plugin_service_connect, resolver_service_connect};
use secrets_ipc::hijack::{DEFAULT_TIMEOUT, hijack};
use secrets_ipc::session::Session;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
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

/// Connects like the Go SDK, serving the world's `ext-plugin`: dial,
/// hijack, yamux client, serve the resolver, register.
async fn connect_plugin(
    socket: &std::path::Path,
    name: &str,
    pattern: &str,
) -> (Session, Result<RegisterPluginResponse, Status>, Driver) {
    let app = resolver_service_connect::routes::<_, ()>(Arc::new(ExtPlugin));
    connect_plugin_serving(socket, name, pattern, app).await
}

/// The names in a `ListPlugins` answer, with their state.
async fn listed(socket: &std::path::Path) -> Vec<(String, String)> {
    let (status, body) = post_json(socket, "/resolver.v1.ListService/ListPlugins", "{}").await;
    assert_eq!(status, 200, "{body}");
    let list: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    list["plugins"]
        .as_array()
        .map(|plugins| {
            plugins
                .iter()
                .map(|p| {
                    (
                        p["name"].as_str().unwrap_or_default().to_owned(),
                        p["state"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
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

    let plugin = common::attach_session(&socket).await;
    // Meanwhile the engine answers others.
    let (status, _) = post_json(&socket, GET_SECRETS, r#"{"pattern":"x"}"#).await;
    assert_eq!(status, 404);
    // After the registration timeout the engine ends the session.
    tokio::time::timeout(Duration::from_secs(3), plugin.driver)
        .await
        .expect("engine closed the silent plugin's session")
        .expect("task")
        .expect("clean end");
}

#[tokio::test]
async fn a_second_registration_is_refused_and_the_first_stands() {
    let mut t = engine_with("").await;
    let engine = t.engine.take().expect("engine");
    let socket = t.socket.clone();
    tokio::spawn(engine.serve(std::future::pending()));

    let (session, answer, _driver) = connect_plugin(&socket, "ext-plugin", "ext/**").await;
    answer.expect("registered");
    let again = register(&session, "other-name", "**")
        .await
        .expect_err("a second registration on the same connection");
    assert_eq!(
        (again.code(), again.message()),
        (Code::Internal, "cannot rerun registration")
    );
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"**"}"#).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        providers(&body),
        ["ext/one@ext-plugin", "ext/two@ext-plugin"]
    );
    assert_eq!(
        listed(&socket).await,
        [("ext-plugin".to_owned(), "PLUGIN_STATE_RUNNING".to_owned())]
    );
}

#[tokio::test]
async fn garbage_frames_end_only_that_connection() {
    let mut t = engine_with("").await;
    let engine = t.engine.take().expect("engine");
    let socket = t.socket.clone();
    tokio::spawn(engine.serve(std::future::pending()));
    let (_session, answer, _driver) = connect_plugin(&socket, "ext-plugin", "ext/**").await;
    answer.expect("registered");

    // A connection that upgrades, then sends bytes that are not yamux
    // (version 0xff): the engine must hang up on it, and only on it.
    let stream = tokio::net::UnixStream::connect(&socket)
        .await
        .expect("dial");
    let mut raw = hijack(stream, DEFAULT_TIMEOUT)
        .await
        .expect("hijack")
        .into_stream();
    raw.write_all(&[0xff; 48]).await.expect("write garbage");
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), raw.read_to_end(&mut rest)).await;
    assert!(
        closed.is_ok(),
        "the engine kept a connection that sent garbage"
    );

    let (status, _) = post_json(&socket, GET_SECRETS, r#"{"pattern":"ext/one"}"#).await;
    assert_eq!(status, 200, "the good plugin stopped serving");
    assert_eq!(
        listed(&socket).await,
        [("ext-plugin".to_owned(), "PLUGIN_STATE_RUNNING".to_owned())]
    );
}

/// A plugin whose `GetSecrets` never answers.
struct Hangs;

#[tonic::async_trait]
impl ResolverService for Hangs {
    async fn get_secrets(
        &self,
        _request: Request<GetSecretsRequest>,
    ) -> Result<Response<GetSecretsResponse>, Status> {
        std::future::pending().await
    }
}

#[tokio::test]
async fn a_plugin_that_hangs_times_out_without_stalling_others() {
    let mut t = engine_with("[engine]\nplugin_timeout_ms = 1000\n").await;
    let engine = t.engine.take().expect("engine");
    let socket = t.socket.clone();
    tokio::spawn(engine.serve(std::future::pending()));
    let (_s, answer, _d) = connect_plugin(&socket, "ext-plugin", "ext/**").await;
    answer.expect("registered");
    let app = resolver_service_connect::routes::<_, ()>(Arc::new(Hangs));
    let (_h, answer, _hd) = connect_plugin_serving(&socket, "hangs", "hang/**", app).await;
    answer.expect("registered");

    let hung_socket = socket.clone();
    let hung = tokio::spawn(async move {
        post_json(&hung_socket, GET_SECRETS, r#"{"pattern":"hang/x"}"#).await
    });
    // While the hung plugin holds one request, others are answered.
    let (status, _) = post_json(&socket, GET_SECRETS, r#"{"pattern":"ext/one"}"#).await;
    assert_eq!(status, 200);
    assert!(
        !hung.is_finished(),
        "the hung request ended before its timeout"
    );
    // The hung request ends at the plugin timeout, as unavailable, naming it.
    let (status, body) = tokio::time::timeout(Duration::from_secs(5), hung)
        .await
        .expect("the hung request is answered")
        .expect("task");
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("hangs (timed out after 1s)"), "{body}");
    // A request both plugins are in scope of: the answer comes with what the
    // working plugin has.
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"**"}"#).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        providers(&body),
        ["ext/one@ext-plugin", "ext/two@ext-plugin"]
    );
}

/// `PluginService.Shutdown` that records the call and then closes the
/// session, as the SDKs do.
struct RecordsShutdown {
    asked: Arc<tokio::sync::Notify>,
    session: tokio::sync::OnceCell<Session>,
}

#[tonic::async_trait]
impl PluginService for RecordsShutdown {
    async fn shutdown(
        &self,
        _request: Request<ShutdownRequest>,
    ) -> Result<Response<ShutdownResponse>, Status> {
        self.asked.notify_one();
        if let Some(session) = self.session.get().cloned() {
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(20)).await;
                session.close();
            });
        }
        Ok(Response::new(ShutdownResponse {}))
    }
}

#[tokio::test]
async fn stopping_the_engine_asks_attached_plugins_to_shut_down() {
    attach_serve_and_stop("", false).await;
}

/// With a client connected already, the plugin's connection is handed to
/// the engine's second connection thread: its session lives there, and it
/// must still be served and told to shut down before that thread stops.
#[tokio::test]
async fn a_plugin_attached_on_the_second_connection_thread_is_served_and_shut_down() {
    attach_serve_and_stop("[engine]\nworker_threads = 2\n", true).await;
}

async fn attach_serve_and_stop(config: &str, hold_a_connection: bool) {
    let t = serve(config, Vec::new()).await;
    let (socket, stop, serving) = (t.socket.clone(), t.stop, t.serving);
    let held = if hold_a_connection {
        let held = tokio::net::UnixStream::connect(&socket)
            .await
            .expect("dial");
        // Give the engine the time to accept it.
        tokio::time::sleep(Duration::from_millis(50)).await;
        Some(held)
    } else {
        None
    };
    let asked = Arc::new(tokio::sync::Notify::new());
    let shutdown = Arc::new(RecordsShutdown {
        asked: asked.clone(),
        session: tokio::sync::OnceCell::new(),
    });
    let app = resolver_service_connect::routes::<_, ()>(Arc::new(ExtPlugin))
        .merge(plugin_service_connect::routes::<_, ()>(shutdown.clone()));
    let (session, answer, driver) =
        connect_plugin_serving(&socket, "ext-plugin", "ext/**", app).await;
    answer.expect("registered");
    let _ = shutdown.session.set(session);
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"ext/one"}"#).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(providers(&body), ["ext/one@ext-plugin"]);
    drop(held);

    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(3), asked.notified())
        .await
        .expect("the engine called PluginService.Shutdown");
    tokio::time::timeout(Duration::from_secs(5), driver)
        .await
        .expect("the plugin connection ended")
        .expect("task")
        .expect("a clean end");
    tokio::time::timeout(Duration::from_secs(5), serving)
        .await
        .expect("the engine stopped")
        .expect("task");
}

/// A plugin whose answer is one secret of `size` bytes under `big/`.
struct Oversized {
    size: usize,
}

#[tonic::async_trait]
impl ResolverService for Oversized {
    async fn get_secrets(
        &self,
        _request: Request<GetSecretsRequest>,
    ) -> Result<Response<GetSecretsResponse>, Status> {
        Ok(Response::new(GetSecretsResponse {
            envelopes: vec![Envelope {
                id: Some("big/one".into()),
                value: Some(vec![b'x'; self.size]),
                ..Default::default()
            }],
        }))
    }
}

#[tokio::test]
async fn an_answer_over_the_cap_fails_only_that_plugins_part() {
    let mut t = engine_with("[engine]\nmax_plugin_answer_bytes = 65536\n").await;
    let engine = t.engine.take().expect("engine");
    let socket = t.socket.clone();
    tokio::spawn(engine.serve(std::future::pending()));
    let (_s, answer, _d) = connect_plugin(&socket, "ext-plugin", "**").await;
    answer.expect("registered");
    let app = resolver_service_connect::routes::<_, ()>(Arc::new(Oversized { size: 1 << 20 }));
    let (_b, answer, _bd) = connect_plugin_serving(&socket, "big", "**", app).await;
    answer.expect("registered");

    // The request gets the other plugin's secrets.
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"**"}"#).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        providers(&body),
        ["ext/one@ext-plugin", "ext/two@ext-plugin"]
    );
    // Only the big plugin in scope: unavailable, saying why, without the value.
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"big/one"}"#).await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body.contains("big (resource_exhausted: message is larger than the limit of 65536 bytes)"),
        "{body}"
    );
    assert!(body.len() < 1024, "{} bytes", body.len());
    // Under the cap, the same plugin is answered in full.
    let app = resolver_service_connect::routes::<_, ()>(Arc::new(Oversized { size: 1000 }));
    let (_m, answer, _md) = connect_plugin_serving(&socket, "medium", "big/**", app).await;
    answer.expect("registered");
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"big/one"}"#).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(providers(&body), ["big/one@medium"]);
}

#[tokio::test]
async fn a_plugin_name_that_could_forge_log_lines_is_refused() {
    let mut t = engine_with("").await;
    let engine = t.engine.take().expect("engine");
    let socket = t.socket.clone();
    tokio::spawn(engine.serve(std::future::pending()));
    let (_s, answer, _d) = connect_plugin(
        &socket,
        "evil\n2026-12-04T00:00:00Z  INFO plugin registered plugin=admin\x1b[2K",
        "**",
    )
    .await;
    let status = answer.expect_err("refused");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert!(
        status
            .message()
            .starts_with("invalid plugin name \"evil\\n2026"),
        "{}",
        status.message()
    );
    assert!(listed(&socket).await.is_empty());
}

/// The engine's cap on attached plugin sessions.
const MAX_SESSIONS: usize = 64;

/// Upgraded `/hijack` connections leave the connection cap, so plugin
/// sessions have a cap of their own: past it a hijack is refused, clients
/// are still served, and a session that ends makes room.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plugin_sessions_have_a_cap_of_their_own() {
    let t = serve(
        "[engine]\nregistration_timeout_ms = 60000\nmax_connections = 16\n",
        vec![],
    )
    .await;
    let mut held = Vec::new();
    for _ in 0..MAX_SESSIONS {
        held.push(common::attach_session(&t.socket).await);
    }
    let stream = tokio::net::UnixStream::connect(&t.socket)
        .await
        .expect("connect");
    assert!(
        hijack(stream, DEFAULT_TIMEOUT).await.is_err(),
        "a session past the cap was attached"
    );
    let (status, body) = post_json(&t.socket, "/health.v1.VersionService/GetVersion", "{}").await;
    assert_eq!(status, 200, "{body}");

    let gone = held.pop().expect("a session");
    gone.session.close();
    gone.driver.abort();
    let mut attached = false;
    for _ in 0..100 {
        let stream = tokio::net::UnixStream::connect(&t.socket)
            .await
            .expect("connect");
        if hijack(stream, DEFAULT_TIMEOUT).await.is_ok() {
            attached = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(attached, "no room after a session ended");
    let _ = t.stop.send(());
}
