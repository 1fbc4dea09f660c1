//! Helpers shared by the engine's integration tests.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use secrets_core::Pattern;
use secrets_engine::Engine;
use secrets_engine::config::EngineConfig;
use secrets_engine::test_door::{PluginHandle, PluginKind, PluginState, RegisteredPlugin};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;

/// An engine serving on a socket in a temporary directory, with no builtins.
pub struct TestEngine {
    pub dir: tempfile::TempDir,
    pub socket: PathBuf,
    pub engine: Option<Engine>,
}

pub async fn engine_with(config_text: &str) -> TestEngine {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let config = EngineConfig::parse(config_text, dir.path()).expect("config");
    let engine = Engine::start(&socket, config).await.expect("starts");
    TestEngine {
        dir,
        socket,
        engine: Some(engine),
    }
}

pub fn plugin(
    name: &str,
    pattern: &str,
    timeout: Duration,
    resolver: Arc<dyn ResolverService>,
) -> RegisteredPlugin {
    RegisteredPlugin {
        health: Default::default(),
        name: name.to_owned(),
        version: "v1.0.0".to_owned(),
        pattern: Pattern::parse(pattern).expect("pattern"),
        kind: PluginKind::Builtin,
        timeout,
        state: PluginState::Running,
        resolver: PluginHandle::Service(resolver),
        note: None,
    }
}

/// One HTTP/1.1 request on a fresh connection; returns status and body.
pub async fn post_json(socket: &Path, path: &str, body: &str) -> (u16, String) {
    let mut stream = UnixStream::connect(socket).await.expect("connect");
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    // The engine may answer (and hang up) before a large body is written.
    let _ = stream.write_all(request.as_bytes()).await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// A plugin that answers `slow` after 400 ms: requests to it overlap, or are
/// still in flight when the engine is told to stop.
pub struct Slow;

#[tonic::async_trait]
impl ResolverService for Slow {
    async fn get_secrets(
        &self,
        _request: tonic::Request<GetSecretsRequest>,
    ) -> Result<tonic::Response<GetSecretsResponse>, tonic::Status> {
        tokio::time::sleep(Duration::from_millis(400)).await;
        Ok(tonic::Response::new(GetSecretsResponse {
            envelopes: vec![Envelope {
                id: Some("slow".into()),
                value: Some(b"v".to_vec()),
                ..Default::default()
            }],
        }))
    }
}

/// An engine serving in a task until `stop` is sent (or dropped).
pub struct Serving {
    pub dir: tempfile::TempDir,
    pub socket: PathBuf,
    pub stop: tokio::sync::oneshot::Sender<()>,
    pub serving: tokio::task::JoinHandle<()>,
}

/// Starts an engine with `config_text` and `plugins` added, serving until
/// its `stop` is sent.
pub async fn serve(config_text: &str, plugins: Vec<RegisteredPlugin>) -> Serving {
    let mut t = engine_with(config_text).await;
    let engine = t.engine.take().expect("engine");
    for plugin in plugins {
        engine.registry().add(plugin).expect("add");
    }
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(engine.serve(async {
        let _ = stopped.await;
    }));
    Serving {
        dir: t.dir,
        socket: t.socket,
        stop,
        serving,
    }
}

/// An engine whose only plugin is [`Slow`] (for `**`), serving until stopped.
pub async fn serve_slow(config_text: &str) -> Serving {
    let slow = plugin("slow", "**", Duration::from_secs(5), Arc::new(Slow));
    serve(config_text, vec![slow]).await
}

pub const GET_SECRETS: &str = "/resolver.v1.ResolverService/GetSecrets";

/// An engine configuration with `engine_section` as its `[engine]` table and
/// one builtin plugin, `file`, serving `**` from `secrets.toml` beside it.
pub fn file_store_config(engine_section: &str) -> String {
    format!(
        "[engine]\n{engine_section}\n[[builtin]]\nname = \"file\"\nversion = \"v1.0.0\"\npattern = \"**\"\ntype = \"file\"\npath = \"secrets.toml\"\n"
    )
}

/// Starts the `secrets-engine` binary on `socket` with `config`; its stderr
/// (the log) is kept for [`stop`].
pub fn spawn(socket: &Path, config: &Path, log_level: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_secrets-engine"))
        .arg("--socket")
        .arg(socket)
        .arg("--config")
        .arg(config)
        .arg("--log-level")
        .arg(log_level)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn secrets-engine")
}

/// Waits until something listens on `socket`.
pub async fn wait_ready(socket: &Path) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if tokio::net::UnixStream::connect(socket).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("engine did not listen on {}", socket.display());
}

/// Stops an engine from [`spawn`] with SIGTERM: its exit status and log.
pub fn stop(mut child: Child) -> (std::process::ExitStatus, String) {
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .expect("SIGTERM");
    let status = child.wait().expect("wait");
    let mut log = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        stderr.read_to_string(&mut log).expect("stderr");
    }
    (status, log)
}

/// Attaches to the engine on `socket` as the Go SDK's external plugins do:
/// dial, `/hijack`, and a yamux session as the plugin side.
pub async fn attach_session(socket: &Path) -> secrets_ipc::session::Started {
    let stream = UnixStream::connect(socket).await.expect("dial");
    let hijacked = secrets_ipc::hijack::hijack(stream, secrets_ipc::hijack::DEFAULT_TIMEOUT)
        .await
        .expect("hijack");
    secrets_ipc::session::start(hijacked.into_stream(), secrets_ipc::session::Role::Plugin)
}

/// The task driving a plugin's yamux session.
pub type Driver = tokio::task::JoinHandle<Result<(), secrets_ipc::session::ConnectionError>>;

/// Attaches to the engine on `socket` as an external plugin serving `app`
/// on the streams the engine opens, and registers as `name` for `pattern`
/// (the January 2026 registration). Returns the session, the registration
/// answer and the session's driver.
pub async fn connect_plugin_serving(
    socket: &Path,
    name: &str,
    pattern: &str,
    app: axum::Router,
) -> (
    secrets_ipc::session::Session,
    Result<secrets_engine_api::resolver::v1::RegisterPluginResponse, tonic::Status>,
    Driver,
) {
    let secrets_ipc::session::Started {
        session,
        incoming,
        driver,
    } = attach_session(socket).await;
    tokio::spawn(incoming.serve_http1(app));
    let answer = register(&session, name, pattern).await;
    (session, answer, driver)
}

/// Sends `RegisterPlugin` over `session`.
pub async fn register(
    session: &secrets_ipc::session::Session,
    name: &str,
    pattern: &str,
) -> Result<secrets_engine_api::resolver::v1::RegisterPluginResponse, tonic::Status> {
    use secrets_engine_api::resolver::v1::register_service_connect::RegisterServiceConnectClient;
    RegisterServiceConnectClient::new(
        connect_runtime::ConnectClient::new(secrets_ipc::transport::SessionTransport::new(
            session.clone(),
        ))
        .with_codec(connect_runtime::Codec::Proto),
    )
    .register_plugin(secrets_engine_api::resolver::v1::RegisterPluginRequest {
        name: Some(name.into()),
        version: Some("v0.1.0".into()),
        pattern: Some(pattern.into()),
    })
    .await
}
