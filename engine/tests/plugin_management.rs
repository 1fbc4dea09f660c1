//! The August 2026 surface through the real socket: the engine's version,
//! plugins listed, disabled and enabled (remembered across a restart), and
//! plugins registering under each published generation's service name and
//! shut down through their own generation's `PluginService`.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{GET_SECRETS, post_json};
use connect_runtime::{Codec, ConnectClient};
use secrets_engine::Engine;
use secrets_engine::config::EngineConfig;
use secrets_engine_api::accesscontrol::v1 as acl;
use secrets_engine_api::plugins::v1 as aug;
use secrets_engine_api::resolver::v1 as jan;
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_ipc::session::{Session, Started};
use secrets_ipc::transport::SessionTransport;
use tonic::{Request, Response, Status};

const CONFIG: &str = "[engine]\nplugin_timeout_ms = 1000\ndisabled_plugins_file = \"state/disabled.json\"\n\
    [[builtin]]\nname = \"mem\"\nversion = \"v1.0.0\"\npattern = \"**\"\ntype = \"file\"\npath = \"secrets.toml\"\n";

/// Starts an engine on `dir`'s config, serving until the sender fires.
async fn start_engine(
    dir: &Path,
) -> (
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let socket = dir.join("engine.sock");
    let config = EngineConfig::parse(CONFIG, dir).expect("config");
    let engine = Engine::start(&socket, config).await.expect("starts");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(engine.serve(async {
        let _ = stopped.await;
    }));
    (stop, serving)
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// `plugins.v1` ListPlugins, by name.
async fn listing(socket: &Path) -> serde_json::Map<String, serde_json::Value> {
    let (status, body) = post_json(
        socket,
        "/plugins.v1.PluginManagementService/ListPlugins",
        "{}",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    json(&body)["plugins"]
        .as_array()
        .expect("plugins")
        .iter()
        .map(|p| (p["name"].as_str().expect("name").to_owned(), p.clone()))
        .collect()
}

async fn manage(socket: &Path, method: &str, name: &str) -> (u16, serde_json::Value) {
    let (status, body) = post_json(
        socket,
        &format!("/plugins.v1.PluginManagementService/{method}"),
        &format!(r#"{{"name":"{name}"}}"#),
    )
    .await;
    (status, json(&body))
}

async fn get(socket: &Path, pattern: &str) -> u16 {
    post_json(
        socket,
        GET_SECRETS,
        &format!(r#"{{"pattern":"{pattern}"}}"#),
    )
    .await
    .0
}

#[tokio::test]
async fn version_listing_and_disabling_that_outlives_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("secrets.toml"),
        "[secrets.\"a/b\"]\nvalue = \"x\"\n",
    )
    .expect("secrets");
    let socket = dir.path().join("engine.sock");
    let (stop, serving) = start_engine(dir.path()).await;

    let (status, body) = post_json(&socket, "/health.v1.VersionService/GetVersion", "{}").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        json(&body)["version"],
        format!("v{}", env!("CARGO_PKG_VERSION"))
    );

    let listed = listing(&socket).await;
    let mem = &listed["mem"];
    assert_eq!(mem["runStatus"], "RUN_STATUS_RUNNING", "{mem}");
    assert_eq!(mem["disabled"], false, "{mem}");
    assert_eq!(mem["external"], false, "{mem}");
    assert_eq!(mem["secretsProvider"]["pattern"], "**", "{mem}");

    assert_eq!(get(&socket, "a/b").await, 200);
    assert_eq!(manage(&socket, "DisablePlugin", "mem").await.0, 200);
    // At once: the next request does not ask it.
    assert_eq!(get(&socket, "a/b").await, 404);
    let mem = &listing(&socket).await["mem"];
    assert_eq!(mem["disabled"], true, "{mem}");
    assert_eq!(mem["runStatus"], "RUN_STATUS_STOPPED", "{mem}");
    let (status, error) = manage(&socket, "DisablePlugin", "nobody").await;
    assert_eq!(
        (status, &error["code"]),
        (404, &"not_found".into()),
        "{error}"
    );
    let (status, error) = manage(&socket, "EnablePlugin", "").await;
    assert_eq!(status, 400, "{error}");
    assert_eq!(error["code"], "invalid_argument", "{error}");

    // A new engine on the same state still has it disabled.
    let _ = stop.send(());
    serving.await.expect("engine stops");
    let saved = std::fs::read_to_string(dir.path().join("state/disabled.json")).expect("saved");
    assert_eq!(json(&saved), serde_json::json!(["mem"]));
    let (stop, serving) = start_engine(dir.path()).await;
    assert_eq!(get(&socket, "a/b").await, 404);
    assert_eq!(listing(&socket).await["mem"]["disabled"], true);
    assert_eq!(manage(&socket, "EnablePlugin", "mem").await.0, 200);
    assert_eq!(get(&socket, "a/b").await, 200);
    let _ = stop.send(());
    serving.await.expect("engine stops");
    let saved = std::fs::read_to_string(dir.path().join("state/disabled.json")).expect("saved");
    assert_eq!(json(&saved), serde_json::json!([]));
}

/// A plugin serving `gen/<name>` with the value `<name>`, counting the
/// `Shutdown` calls it gets under each generation's name.
#[derive(Default)]
struct GenPlugin {
    shutdowns: AtomicUsize,
}

#[tonic::async_trait]
impl ResolverService for GenPlugin {
    async fn get_secrets(
        &self,
        request: Request<jan::GetSecretsRequest>,
    ) -> Result<Response<jan::GetSecretsResponse>, Status> {
        let pattern = request.into_inner().pattern.unwrap_or_default();
        Ok(Response::new(jan::GetSecretsResponse {
            envelopes: vec![Envelope {
                id: Some(pattern.clone()),
                value: Some(pattern.into_bytes()),
                version: Some(String::new()),
                ..Default::default()
            }],
        }))
    }
}

#[tonic::async_trait]
impl jan::plugin_service_server::PluginService for GenPlugin {
    async fn shutdown(
        &self,
        _request: Request<jan::ShutdownRequest>,
    ) -> Result<Response<jan::ShutdownResponse>, Status> {
        self.shutdowns.fetch_add(1, Ordering::SeqCst);
        Ok(Response::new(jan::ShutdownResponse {}))
    }
}

/// Serves only the August `PluginService`: a plugin of that generation.
struct AugustShutdown(Arc<GenPlugin>);

#[tonic::async_trait]
impl aug::plugin_service_server::PluginService for AugustShutdown {
    async fn shutdown(
        &self,
        _request: Request<aug::ShutdownRequest>,
    ) -> Result<Response<aug::ShutdownResponse>, Status> {
        self.0.shutdowns.fetch_add(1, Ordering::SeqCst);
        Ok(Response::new(aug::ShutdownResponse {}))
    }
}

/// Dials the engine, hijacks, and serves the resolver plus the given
/// generation's `PluginService`.
async fn attach(socket: &Path, plugin: Arc<GenPlugin>, august: bool) -> Session {
    let Started {
        session, incoming, ..
    } = common::attach_session(socket).await;
    let resolver = jan::resolver_service_connect::routes::<_, ()>(plugin.clone());
    let app = if august {
        resolver.merge(aug::plugin_service_connect::routes::<_, ()>(Arc::new(
            AugustShutdown(plugin),
        )))
    } else {
        resolver.merge(jan::plugin_service_connect::routes::<_, ()>(plugin))
    };
    tokio::spawn(incoming.serve_http1(app));
    session
}

fn client(session: &Session) -> ConnectClient<SessionTransport> {
    ConnectClient::new(SessionTransport::new(session.clone())).with_codec(Codec::Proto)
}

fn january(name: &str) -> jan::RegisterPluginRequest {
    jan::RegisterPluginRequest {
        name: Some(name.into()),
        version: Some("v0.1.0".into()),
        pattern: Some(format!("gen/{name}")),
    }
}

#[tokio::test]
async fn every_generation_registers_and_is_shut_down_in_its_own_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let (stop, serving) = start_engine(dir.path()).await;

    let sep = Arc::new(GenPlugin::default());
    let session = attach(&socket, sep.clone(), false).await;
    jan::engine_service_connect::EngineServiceConnectClient::new(client(&session))
        .register_plugin(january("sep"))
        .await
        .expect("September 2025 registration");

    let jan_plugin = Arc::new(GenPlugin::default());
    let session = attach(&socket, jan_plugin.clone(), false).await;
    jan::register_service_connect::RegisterServiceConnectClient::new(client(&session))
        .register_plugin(january("jan"))
        .await
        .expect("January 2026 registration");

    let aug_plugin = Arc::new(GenPlugin::default());
    let session = attach(&socket, aug_plugin.clone(), true).await;
    let registration = aug::RegisterPluginRequest {
        name: Some("aug".into()),
        version: Some("v0.3.2".into()),
        metadata: Some(aug::register_plugin_request::Metadata::SecretsProvider(
            aug::SecretsProvider {
                pattern: Some("gen/aug".into()),
            },
        )),
    };
    let answer = aug::register_service_connect::RegisterServiceConnectClient::new(client(&session))
        .register_plugin(registration)
        .await
        .expect("August 2026 registration");
    assert_eq!(answer.engine_name.as_deref(), Some("secrets-engine"));

    for name in ["sep", "jan", "aug"] {
        let (status, body) = post_json(
            &socket,
            GET_SECRETS,
            &format!(r#"{{"pattern":"gen/{name}"}}"#),
        )
        .await;
        assert_eq!(status, 200, "{name}: {body}");
        assert_eq!(json(&body)["envelopes"][0]["provider"], name, "{body}");
    }
    let listed = listing(&socket).await;
    assert_eq!(
        listed.keys().map(String::as_str).collect::<Vec<_>>(),
        ["aug", "jan", "mem", "sep"]
    );
    assert_eq!(listed["aug"]["external"], true);
    assert_eq!(listed["aug"]["secretsProvider"]["pattern"], "gen/aug");

    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(10), serving)
        .await
        .expect("the engine stops")
        .expect("engine task");
    for (name, plugin) in [("sep", &sep), ("jan", &jan_plugin), ("aug", &aug_plugin)] {
        assert_eq!(
            plugin.shutdowns.load(Ordering::SeqCst),
            1,
            "{name} was asked to shut down through its own PluginService"
        );
    }
}

/// An access-control module that denies the patterns in `deny`, never
/// answers for `hang/**`, and records who asked.
struct Module {
    deny: Vec<&'static str>,
    asked: std::sync::Mutex<Vec<acl::Requester>>,
}

#[tonic::async_trait]
impl acl::access_control_service_server::AccessControlService for Module {
    async fn check_access(
        &self,
        request: Request<acl::CheckAccessRequest>,
    ) -> Result<Response<acl::CheckAccessResponse>, Status> {
        let request = request.into_inner();
        if request.pattern() == "hang/**" {
            std::future::pending::<()>().await;
        }
        self.asked
            .lock()
            .expect("lock")
            .push(request.requester.clone().unwrap_or_default());
        let decision = if self.deny.contains(&request.pattern()) {
            acl::Decision::Deny
        } else {
            acl::Decision::Allow
        };
        Ok(Response::new(acl::CheckAccessResponse {
            decision: Some(decision.into()),
        }))
    }

    async fn authorize(
        &self,
        request: Request<acl::AuthorizeRequest>,
    ) -> Result<Response<acl::AuthorizeResponse>, Status> {
        let denied = request
            .into_inner()
            .patterns
            .iter()
            .any(|p| self.deny.contains(&p.as_str()));
        let decision = if denied {
            acl::Decision::Deny
        } else {
            acl::Decision::Allow
        };
        Ok(Response::new(acl::AuthorizeResponse {
            decision: Some(decision.into()),
            expires_at: Some(protojson_wkt::Timestamp {
                seconds: 4_102_444_800,
                nanos: 0,
            }),
        }))
    }
}

#[tokio::test]
async fn an_access_control_module_decides_before_anything_is_resolved() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("secrets.toml"),
        "[secrets.\"a/b\"]\nvalue = \"x\"\n[secrets.\"hang/x\"]\nvalue = \"y\"\n",
    )
    .expect("secrets");
    let socket = dir.path().join("engine.sock");
    let (stop, serving) = start_engine(dir.path()).await;

    let module = Arc::new(Module {
        deny: vec!["a/b"],
        asked: std::sync::Mutex::default(),
    });
    let Started {
        session,
        incoming,
        driver,
    } = common::attach_session(&socket).await;
    tokio::spawn(
        incoming.serve_http1(acl::access_control_service_connect::routes::<_, ()>(
            module.clone(),
        )),
    );
    aug::register_service_connect::RegisterServiceConnectClient::new(client(&session))
        .register_plugin(aug::RegisterPluginRequest {
            name: Some("acm".into()),
            version: Some("v0.3.2".into()),
            metadata: Some(aug::register_plugin_request::Metadata::AccessControlModule(
                aug::AccessControlModule {},
            )),
        })
        .await
        .expect("a module registers");

    // Denied before the provider is asked; allowed patterns are served.
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"a/b"}"#).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(json(&body)["code"], "permission_denied", "{body}");
    assert!(body.contains("access denied by acm"), "{body}");
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"**"}"#).await;
    assert_eq!(status, 200, "{body}");
    // The module was told who asked: this test process.
    let me = module
        .asked
        .lock()
        .expect("lock")
        .last()
        .cloned()
        .expect("asked");
    assert_eq!(me.pid, Some(std::process::id() as i32), "{me:?}");
    assert_eq!(
        me.absolute_binary_path(),
        std::env::current_exe().expect("exe").display().to_string()
    );
    assert!(!me.name().is_empty(), "{me:?}");

    // A module that does not answer denies (fail closed), within the
    // plugin timeout, and says so.
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"hang/**"}"#).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("did not answer"), "{body}");

    // Authorize ahead of use.
    let authorize = |patterns: &'static str| {
        let socket = socket.clone();
        async move {
            post_json(
                &socket,
                "/resolver.v1.AuthorizerService/Authorize",
                &format!(r#"{{"patterns":{patterns}}}"#),
            )
            .await
        }
    };
    let (status, body) = authorize(r#"["x/**"]"#).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body)["decision"], "DECISION_ALLOW", "{body}");
    assert_eq!(json(&body)["expiresAt"], "2100-01-01T00:00:00Z", "{body}");
    let (status, body) = authorize(r#"["x/**","a/b"]"#).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body)["decision"], "DECISION_DENY", "{body}");
    assert_eq!(authorize("[]").await.0, 400);

    // Listed as a module; it cannot be disabled through the API.
    let acm = &listing(&socket).await["acm"];
    assert!(acm.get("accessControlModule").is_some(), "{acm}");
    let (status, error) = manage(&socket, "DisablePlugin", "acm").await;
    assert_eq!(status, 400, "{error}");
    assert_eq!(error["code"], "failed_precondition", "{error}");
    // The January listing knows only providers.
    let (_, body) = post_json(&socket, "/resolver.v1.ListService/ListPlugins", "{}").await;
    assert!(!body.contains("acm"), "{body}");

    // An external module that leaves is no longer asked.
    session.close();
    let _ = tokio::time::timeout(Duration::from_secs(5), driver).await;
    let mut served = false;
    for _ in 0..100 {
        if get(&socket, "a/b").await == 200 {
            served = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(served, "a/b still denied after the module left");

    let _ = stop.send(());
    serving.await.expect("engine stops");
}
