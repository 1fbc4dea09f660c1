//! The resolver through the real socket: plugin order, narrowing, filtering,
//! timeouts and the not_found / unavailable distinction.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{GET_SECRETS, engine_with, plugin, post_json};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use tonic::{Request, Response, Status};

/// A plugin that records the patterns it is asked for and answers with fixed
/// IDs (whether or not they match: the engine must filter).
struct Recording {
    ids: Vec<&'static str>,
    asked: Mutex<Vec<String>>,
    delay: Duration,
    fail: Option<Status>,
}

impl Recording {
    fn new(ids: &[&'static str]) -> Arc<Self> {
        Arc::new(Recording {
            ids: ids.to_vec(),
            asked: Mutex::new(Vec::new()),
            delay: Duration::ZERO,
            fail: None,
        })
    }
    fn asked(&self) -> Vec<String> {
        self.asked.lock().expect("lock").clone()
    }
}

#[tonic::async_trait]
impl ResolverService for Recording {
    async fn get_secrets(
        &self,
        request: Request<GetSecretsRequest>,
    ) -> Result<Response<GetSecretsResponse>, Status> {
        self.asked
            .lock()
            .expect("lock")
            .push(request.into_inner().pattern.unwrap_or_default());
        tokio::time::sleep(self.delay).await;
        if let Some(status) = &self.fail {
            return Err(status.clone());
        }
        Ok(Response::new(GetSecretsResponse {
            envelopes: self
                .ids
                .iter()
                .map(|id| Envelope {
                    id: Some((*id).to_owned()),
                    value: Some(format!("{id}-value").into_bytes()),
                    provider: Some("spoofed".into()),
                    ..Default::default()
                })
                .collect(),
        }))
    }
}

fn ids_and_providers(body: &str) -> Vec<(String, String)> {
    let value: serde_json::Value = serde_json::from_str(body).expect("JSON");
    value["envelopes"]
        .as_array()
        .map(|envelopes| {
            envelopes
                .iter()
                .map(|e| {
                    (
                        e["id"].as_str().unwrap_or_default().to_owned(),
                        e["provider"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn plugins_are_asked_only_for_their_share_and_merged_in_name_order() {
    let mut t = engine_with("").await;
    let engine = t.engine.take().expect("engine");
    let beta = Recording::new(&["a/x", "a/y/z", "b/q"]);
    let alpha = Recording::new(&["a/x"]);
    let docker = Recording::new(&["docker/token"]);
    engine
        .registry()
        .add(plugin("beta", "a/*", Duration::from_secs(1), beta.clone()))
        .expect("add");
    engine
        .registry()
        .add(plugin("alpha", "**", Duration::from_secs(1), alpha.clone()))
        .expect("add");
    engine
        .registry()
        .add(plugin(
            "docker",
            "docker/**",
            Duration::from_secs(1),
            docker.clone(),
        ))
        .expect("add");
    let socket = t.socket.clone();
    tokio::spawn(engine.serve(std::future::pending()));

    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"a/**"}"#).await;
    assert_eq!(status, 200, "{body}");
    // alpha before beta (name order); beta's a/y/z and b/q are outside what it
    // was asked for and are dropped; provider is the registered name.
    assert_eq!(
        ids_and_providers(&body),
        [
            ("a/x".to_owned(), "alpha".to_owned()),
            ("a/x".to_owned(), "beta".to_owned())
        ]
    );
    // The sound narrowing: beta (a/*) is asked for a/*, never a/**; docker
    // shares nothing with a/** and is not asked at all.
    assert_eq!(beta.asked(), ["a/*"]);
    assert_eq!(alpha.asked(), ["a/**"]);
    assert!(docker.asked().is_empty());

    // A request a plugin covers is forwarded unchanged; the Go engine's
    // unsound `*` vs `docker/**` case asks docker only for `docker`.
    let (status, _) = post_json(&socket, GET_SECRETS, r#"{"pattern":"*"}"#).await;
    assert_eq!(status, 404);
    assert_eq!(docker.asked(), ["docker"]);
}

#[tokio::test]
async fn a_plugin_repeating_the_one_id_asked_for_is_answered_once() {
    let mut t = engine_with("").await;
    let engine = t.engine.take().expect("engine");
    let repeats = Recording::new(&["db/password", "db/password", "db/password"]);
    engine
        .registry()
        .add(plugin("repeats", "**", Duration::from_secs(1), repeats))
        .expect("add");
    let socket = t.socket.clone();
    tokio::spawn(engine.serve(std::future::pending()));
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"db/password"}"#).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        ids_and_providers(&body),
        [("db/password".to_owned(), "repeats".to_owned())]
    );
}

#[tokio::test]
async fn a_plugin_asked_for_more_than_the_request_has_its_answer_cut_to_the_request() {
    // Three and three literals floating between `**` interleave in 20 ways,
    // past NARROW_LIMIT: the plugin is then asked for its whole pattern, and
    // what it returns outside the request must not reach the client.
    let mut t = engine_with("").await;
    let engine = t.engine.take().expect("engine");
    let wide = Recording::new(&["a/b/c", "a/b/c/x/y/z", "x/a/y/b/z/c", "x/y/z"]);
    engine
        .registry()
        .add(plugin(
            "wide",
            "**/a/**/b/**/c/**",
            Duration::from_secs(1),
            wide.clone(),
        ))
        .expect("add");
    let socket = t.socket.clone();
    tokio::spawn(engine.serve(std::future::pending()));

    let (status, body) =
        post_json(&socket, GET_SECRETS, r#"{"pattern":"**/x/**/y/**/z/**"}"#).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(wide.asked(), ["**/a/**/b/**/c/**"]);
    assert_eq!(
        ids_and_providers(&body),
        [
            ("a/b/c/x/y/z".to_owned(), "wide".to_owned()),
            ("x/a/y/b/z/c".to_owned(), "wide".to_owned())
        ]
    );
}

#[tokio::test]
async fn a_hung_plugin_cannot_stall_the_answer() {
    let mut t = engine_with("").await;
    let engine = t.engine.take().expect("engine");
    let hung = Arc::new(Recording {
        ids: vec!["a"],
        asked: Mutex::new(Vec::new()),
        delay: Duration::from_secs(3600),
        fail: None,
    });
    let fast = Recording::new(&["b"]);
    engine
        .registry()
        .add(plugin("hung", "**", Duration::from_millis(200), hung))
        .expect("add");
    engine
        .registry()
        .add(plugin("fast", "**", Duration::from_millis(200), fast))
        .expect("add");
    let socket = t.socket.clone();
    tokio::spawn(engine.serve(std::future::pending()));

    let started = Instant::now();
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"**"}"#).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        ids_and_providers(&body),
        [("b".to_owned(), "fast".to_owned())]
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    // Nothing found while a plugin in scope is down: unavailable, naming it.
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"a"}"#).await;
    assert_eq!(status, 503, "{body}");
    let error: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(error["code"], "unavailable");
    let message = error["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("hung (timed out after 200ms)"),
        "{message}"
    );
    assert!(!message.contains("fast"), "{message}");
}

#[tokio::test]
async fn plugin_errors_are_skipped_and_not_found_needs_every_plugin_to_answer() {
    let mut t = engine_with("").await;
    let engine = t.engine.take().expect("engine");
    let broken = Arc::new(Recording {
        ids: vec![],
        asked: Mutex::new(Vec::new()),
        delay: Duration::ZERO,
        fail: Some(Status::internal("keychain locked")),
    });
    let empty = Arc::new(Recording {
        ids: vec![],
        asked: Mutex::new(Vec::new()),
        delay: Duration::ZERO,
        fail: Some(Status::not_found("secret not found")),
    });
    let good = Recording::new(&["x/y"]);
    engine
        .registry()
        .add(plugin("broken", "x/**", Duration::from_secs(1), broken))
        .expect("add");
    engine
        .registry()
        .add(plugin("empty", "**", Duration::from_secs(1), empty))
        .expect("add");
    engine
        .registry()
        .add(plugin("good", "x/*", Duration::from_secs(1), good))
        .expect("add");
    let socket = t.socket.clone();
    tokio::spawn(engine.serve(std::future::pending()));

    // A failing plugin does not hide other plugins' secrets.
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"x/y"}"#).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        ids_and_providers(&body),
        [("x/y".to_owned(), "good".to_owned())]
    );
    // Outside the broken plugin's scope, nothing found is not_found.
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"z"}"#).await;
    assert_eq!(
        (status, body.as_str()),
        (404, r#"{"code":"not_found","message":"secret not found"}"#)
    );
    // Inside it, it is unavailable with the plugin's reason.
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"x/q"}"#).await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body.contains("broken (internal: keychain locked)"),
        "{body}"
    );
    // Bad patterns never reach plugins.
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"x/*y"}"#).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains(r#"invalid pattern \"x/*y\""#), "{body}");
    // Nor do patterns past the size limits, whose work would grow with them;
    // the answer says why without echoing the whole pattern back.
    let long = format!(
        r#"{{"pattern":"x/{}"}}"#,
        "q".repeat(secrets_core::MAX_BYTES)
    );
    let (status, body) = post_json(&socket, GET_SECRETS, &long).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("invalid_argument"), "{body}");
    assert!(
        body.contains("4098 bytes long; at most 4096 are allowed"),
        "{body}"
    );
    assert!(body.len() < 300, "{body}");
    let many = format!(r#"{{"pattern":"{}"}}"#, vec!["*"; 1000].join("/"));
    let (status, body) = post_json(&socket, GET_SECRETS, &many).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("more than 256 components"), "{body}");
}

/// A plugin that answers only once released, with one ID under `hung/`.
struct HangsUntilReleased {
    released: tokio::sync::watch::Receiver<bool>,
    asked: std::sync::atomic::AtomicUsize,
}

#[tonic::async_trait]
impl ResolverService for HangsUntilReleased {
    async fn get_secrets(
        &self,
        _request: Request<GetSecretsRequest>,
    ) -> Result<Response<GetSecretsResponse>, Status> {
        self.asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let mut released = self.released.clone();
        let _ = released.wait_for(|released| *released).await;
        Ok(Response::new(GetSecretsResponse {
            envelopes: vec![Envelope {
                id: Some("hung/one".into()),
                value: Some(b"v".to_vec()),
                ..Default::default()
            }],
        }))
    }
}

fn plugin_state(body: &str, name: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(body).expect("JSON");
    value["plugins"]
        .as_array()
        .and_then(|plugins| plugins.iter().find(|p| p["name"] == name))
        .map(|p| p["state"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

/// The degradation rule (`plugin_health`): three timeouts in a row, then the
/// plugin is asked one call at a time and requests wait for it only briefly;
/// one answer heals it.
#[tokio::test]
async fn a_plugin_that_hangs_on_everything_is_degraded_until_it_answers() {
    const LIST_PLUGINS: &str = "/resolver.v1.ListService/ListPlugins";
    let mut t = engine_with("").await;
    let engine = t.engine.take().expect("engine");
    let (release, released) = tokio::sync::watch::channel(false);
    let hangs = Arc::new(HangsUntilReleased {
        released,
        asked: Default::default(),
    });
    let timeout = Duration::from_millis(300);
    engine
        .registry()
        .add(plugin("hangs", "**", timeout, hangs.clone()))
        .expect("add");
    engine
        .registry()
        .add(plugin("fast", "**", timeout, Recording::new(&["b"])))
        .expect("add");
    let socket = t.socket.clone();
    tokio::spawn(engine.serve(std::future::pending()));
    let get_all = || post_json(&socket, GET_SECRETS, r#"{"pattern":"**"}"#);

    for _ in 0..3 {
        let started = Instant::now();
        let (status, body) = get_all().await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            ids_and_providers(&body),
            [("b".to_owned(), "fast".to_owned())]
        );
        assert!(
            started.elapsed() >= timeout,
            "it waited for the plugin's timeout"
        );
    }
    let (_, listing) = post_json(&socket, LIST_PLUGINS, "{}").await;
    assert_eq!(
        plugin_state(&listing, "hangs"),
        "PLUGIN_STATE_DEGRADED",
        "{listing}"
    );
    assert_eq!(
        plugin_state(&listing, "fast"),
        "PLUGIN_STATE_RUNNING",
        "{listing}"
    );

    // Degraded: every request is answered at once with the other plugin's
    // secrets, and the hung plugin holds at most one call at a time.
    let asked_before = hangs.asked.load(std::sync::atomic::Ordering::SeqCst);
    let started = Instant::now();
    for _ in 0..10 {
        let request_started = Instant::now();
        let (status, body) = get_all().await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            ids_and_providers(&body),
            [("b".to_owned(), "fast".to_owned())]
        );
        assert!(
            request_started.elapsed() < Duration::from_millis(100),
            "{:?}",
            request_started.elapsed()
        );
    }
    let probes = hangs.asked.load(std::sync::atomic::Ordering::SeqCst) - asked_before;
    let most = started.elapsed().as_millis() / timeout.as_millis() + 1;
    assert!(
        probes >= 1 && probes as u128 <= most,
        "{probes} probes in {:?}",
        started.elapsed()
    );

    // It answers again: the probe that is out comes back, and it is healed.
    release.send(true).expect("release");
    tokio::time::sleep(Duration::from_millis(50)).await;
    let (_, listing) = post_json(&socket, LIST_PLUGINS, "{}").await;
    assert_eq!(
        plugin_state(&listing, "hangs"),
        "PLUGIN_STATE_RUNNING",
        "{listing}"
    );
    let (status, body) = get_all().await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        ids_and_providers(&body),
        [
            ("b".to_owned(), "fast".to_owned()),
            ("hung/one".to_owned(), "hangs".to_owned())
        ]
    );
}
