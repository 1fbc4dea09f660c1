//! The engine's cache of plugin answers, through the real socket: kept for
//! the plugin's age and never past a secret's expiry, shared by concurrent
//! identical requests, standing in (marked stale) while the plugin is
//! unavailable, never when it refuses.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use common::{GET_SECRETS, Serving, plugin, post_json, serve};
use protojson_wkt::Timestamp;
use secrets_engine::test_door::{PluginKind, STALE_KEY};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use serde_json::Value;
use tonic::{Request, Response, Status};

/// What [`Counting`] answers.
const ANSWER: u8 = 0;
const UNAVAILABLE: u8 = 1;
const REFUSED: u8 = 2;
const NOT_FOUND: u8 = 3;

/// A plugin that counts its calls and answers `db/password` with the call's
/// number as value (so a remembered answer is told from a fresh one), after
/// `delay`, expiring `expires_in` after the call if set; or fails as `mode`
/// says.
struct Counting {
    calls: AtomicU32,
    mode: AtomicU8,
    delay: Duration,
    expires_in: Option<Duration>,
}

impl Counting {
    fn new(delay: Duration, expires_in: Option<Duration>) -> Arc<Self> {
        Arc::new(Counting {
            calls: AtomicU32::new(0),
            mode: AtomicU8::new(ANSWER),
            delay,
            expires_in,
        })
    }
}

#[tonic::async_trait]
impl ResolverService for Counting {
    async fn get_secrets(
        &self,
        _request: Request<GetSecretsRequest>,
    ) -> Result<Response<GetSecretsResponse>, Status> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        tokio::time::sleep(self.delay).await;
        match self.mode.load(Ordering::SeqCst) {
            UNAVAILABLE => return Err(Status::unavailable("backend down")),
            REFUSED => return Err(Status::permission_denied("not for you")),
            NOT_FOUND => return Err(Status::not_found("gone")),
            _ => {}
        }
        Ok(Response::new(GetSecretsResponse {
            envelopes: vec![Envelope {
                id: Some("db/password".into()),
                value: Some(format!("call-{call}").into_bytes()),
                expires_at: self
                    .expires_in
                    .map(|left| Timestamp::from(SystemTime::now() + left)),
                ..Default::default()
            }],
        }))
    }
}

/// An engine with `counting` as a launched plugin serving `db/**`.
async fn engine(config: &str, counting: &Arc<Counting>) -> Serving {
    let mut launched = plugin(
        "counting",
        "db/**",
        Duration::from_secs(5),
        counting.clone(),
    );
    launched.kind = PluginKind::Launched;
    serve(config, vec![launched]).await
}

/// GetSecrets for `db/password`: the HTTP status and the answer.
async fn get(t: &Serving) -> (u16, Value) {
    let (status, body) = post_json(&t.socket, GET_SECRETS, r#"{"pattern":"db/password"}"#).await;
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

fn value(answer: &Value) -> String {
    let encoded = answer["envelopes"][0]["value"].as_str().unwrap_or_default();
    String::from_utf8(
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, encoded)
            .unwrap_or_default(),
    )
    .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_is_kept_for_the_plugins_max_age() {
    let counting = Counting::new(Duration::ZERO, None);
    // Ages of a second or more: a loaded machine may take a few hundred
    // milliseconds between two requests, and the answer must still be kept.
    let t = engine("[engine]\ncache_max_age_ms = 1500\n", &counting).await;
    let (status, first) = get(&t).await;
    assert_eq!((status, value(&first).as_str()), (200, "call-1"), "{first}");
    let (_, again) = get(&t).await;
    assert_eq!(value(&again), "call-1", "served from the cache");
    assert_eq!(
        again["envelopes"][0]["resolvedAt"], first["envelopes"][0]["resolvedAt"],
        "a remembered answer says when it was resolved"
    );
    assert_eq!(counting.calls.load(Ordering::SeqCst), 1);
    tokio::time::sleep(Duration::from_millis(1550)).await;
    let (_, later) = get(&t).await;
    assert_eq!(
        value(&later),
        "call-2",
        "past max_age the plugin is asked again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_is_never_kept_past_its_expiry() {
    let counting = Counting::new(Duration::ZERO, Some(Duration::from_millis(1500)));
    let config = "[engine]\ncache_max_age_ms = 60000\ncache_max_stale_ms = 60000\n";
    let t = engine(config, &counting).await;
    assert_eq!(value(&get(&t).await.1), "call-1");
    assert_eq!(value(&get(&t).await.1), "call-1", "kept before its expiry");
    tokio::time::sleep(Duration::from_millis(1550)).await;
    assert_eq!(
        value(&get(&t).await.1),
        "call-2",
        "asked again once it expired"
    );
    // Expired while the plugin is down: not served, even stale.
    counting.mode.store(UNAVAILABLE, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(1550)).await;
    let (status, answer) = get(&t).await;
    assert_eq!(status, 503, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap_or_default()
            .contains("counting"),
        "{answer}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_identical_requests_ask_the_plugin_once() {
    // A builtin that is not kept at all still shares a call that is out.
    // The call takes long enough for all hundred requests to arrive while it
    // is out, even on a loaded machine.
    let counting = Counting::new(Duration::from_secs(2), None);
    let builtin = plugin(
        "counting",
        "db/**",
        Duration::from_secs(5),
        counting.clone(),
    );
    let t = serve("", vec![builtin]).await;
    let requests: Vec<_> = (0..100).map(|_| get(&t)).collect();
    let answers = futures_util::future::join_all(requests).await;
    for (status, answer) in &answers {
        assert_eq!(
            (*status, value(answer).as_str()),
            (200, "call-1"),
            "{answer}"
        );
    }
    assert_eq!(
        counting.calls.load(Ordering::SeqCst),
        1,
        "100 requests, one call"
    );
    // Not kept: the next request asks again.
    assert_eq!(value(&get(&t).await.1), "call-2");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unavailable_plugins_last_answer_is_served_stale_within_max_stale() {
    let counting = Counting::new(Duration::ZERO, None);
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    let config = format!(
        "[engine]\ncache_max_age_ms = 100\ncache_max_stale_ms = 2000\naudit_log = {:?}\n",
        audit.display().to_string()
    );
    let t = engine(&config, &counting).await;
    assert_eq!(value(&get(&t).await.1), "call-1");
    counting.mode.store(UNAVAILABLE, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(150)).await;
    let (status, stale) = get(&t).await;
    assert_eq!((status, value(&stale).as_str()), (200, "call-1"), "{stale}");
    let since = stale["envelopes"][0]["metadata"][STALE_KEY]
        .as_str()
        .unwrap_or_default();
    assert!(
        Timestamp::parse_rfc3339(since).is_ok(),
        "marked stale since a time: {stale}"
    );
    assert_eq!(
        counting.calls.load(Ordering::SeqCst),
        2,
        "the plugin was asked first"
    );
    // A plugin that refuses is believed: no stale stand-in.
    counting.mode.store(REFUSED, Ordering::SeqCst);
    let (status, refused) = get(&t).await;
    assert_eq!(status, 503, "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .unwrap_or_default()
            .contains("permission_denied"),
        "{refused}"
    );
    // Past max_stale: unavailable.
    counting.mode.store(UNAVAILABLE, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(2050)).await;
    let (status, late) = get(&t).await;
    assert_eq!(status, 503, "{late}");
    // The audit log says which answer was stale.
    drop(t.stop);
    t.serving.await.unwrap();
    let lines: Vec<Value> = std::fs::read_to_string(&audit)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let stale_flags: Vec<Value> = lines
        .iter()
        .map(|l| l["returned"][0]["stale"].clone())
        .collect();
    assert_eq!(
        stale_flags,
        [Value::Null, Value::Bool(true), Value::Null, Value::Null],
        "{lines:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_secret_is_not_served_stale() {
    let counting = Counting::new(Duration::ZERO, None);
    let config =
        "[engine]\ncache_max_age_ms = 0\ncache_not_found_ms = 0\ncache_max_stale_ms = 60000\n";
    let t = engine(config, &counting).await;
    assert_eq!(value(&get(&t).await.1), "call-1");
    counting.mode.store(NOT_FOUND, Ordering::SeqCst);
    assert_eq!(get(&t).await.0, 404);
    counting.mode.store(UNAVAILABLE, Ordering::SeqCst);
    assert_eq!(
        get(&t).await.0,
        503,
        "the answer before the removal must not stand in"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_found_is_remembered_briefly_and_per_plugin_settings_apply() {
    let counting = Counting::new(Duration::ZERO, None);
    counting.mode.store(NOT_FOUND, Ordering::SeqCst);
    let config = "[engine]\ncache_max_age_ms = 60000\n[cache.counting]\nnot_found_ms = 1500\n";
    let t = engine(config, &counting).await;
    assert_eq!(get(&t).await.0, 404);
    counting.mode.store(ANSWER, Ordering::SeqCst);
    assert_eq!(get(&t).await.0, 404, "not found is remembered");
    assert_eq!(counting.calls.load(Ordering::SeqCst), 1);
    tokio::time::sleep(Duration::from_millis(1550)).await;
    assert_eq!(value(&get(&t).await.1), "call-2");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_plugin_is_asked_again_its_last_answer_only_standing_in() {
    let mut t =
        common::engine_with("[engine]\ncache_max_age_ms = 60000\ncache_max_stale_ms = 60000\n")
            .await;
    let engine = t.engine.take().unwrap();
    let registry = engine.registry().clone();
    let register = |counting: &Arc<Counting>| {
        let mut launched = plugin(
            "counting",
            "db/**",
            Duration::from_secs(5),
            counting.clone(),
        );
        launched.kind = PluginKind::Launched;
        registry.upsert(launched);
    };
    let first = Counting::new(Duration::ZERO, None);
    register(&first);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(engine.serve(async {
        let _ = stopped.await;
    }));
    let t = Serving {
        dir: t.dir,
        socket: t.socket,
        stop,
        serving,
    };
    assert_eq!(value(&get(&t).await.1), "call-1");
    // Restarting: a new registration that cannot answer. The answer of the
    // one before is not fresh for it, only a stand-in.
    let restarting = Counting::new(Duration::ZERO, None);
    restarting.mode.store(UNAVAILABLE, Ordering::SeqCst);
    register(&restarting);
    let (status, stale) = get(&t).await;
    assert_eq!((status, value(&stale).as_str()), (200, "call-1"), "{stale}");
    assert!(
        stale["envelopes"][0]["metadata"][STALE_KEY].is_string(),
        "{stale}"
    );
    assert_eq!(
        restarting.calls.load(Ordering::SeqCst),
        1,
        "the new registration was asked"
    );
    // Back: asked, and its answer is served fresh.
    let back = Counting::new(Duration::ZERO, None);
    register(&back);
    let (_, fresh) = get(&t).await;
    assert_eq!(value(&fresh), "call-1", "{fresh}");
    assert!(
        fresh["envelopes"][0]["metadata"][STALE_KEY].is_null(),
        "{fresh}"
    );
    assert_eq!(back.calls.load(Ordering::SeqCst), 1);
}
