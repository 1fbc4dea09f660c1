//! Degradation is kept per request shape (`plugin_health`): a plugin that
//! hangs only on wildcard patterns, with one client asking wildcards over and
//! over, must still answer everyone's exact-ID requests.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::{GET_SECRETS, plugin, post_json, serve};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use tonic::{Request, Response, Status};

const LIST_PLUGINS: &str = "/resolver.v1.ListService/ListPlugins";
const TIMEOUT: Duration = Duration::from_millis(200);

/// Answers with `pw` for the ID asked (for a pattern, its `*`s read as
/// `password`) at once, except that it sleeps far past the plugin timeout on
/// patterns with a wildcard (or, when `.0` is false, on exact IDs).
struct SlowOnWildcards(bool);

#[tonic::async_trait]
impl ResolverService for SlowOnWildcards {
    async fn get_secrets(
        &self,
        request: Request<GetSecretsRequest>,
    ) -> Result<Response<GetSecretsResponse>, Status> {
        let pattern = request.into_inner().pattern.unwrap_or_default();
        if pattern.contains('*') == self.0 {
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        Ok(Response::new(GetSecretsResponse {
            envelopes: vec![Envelope {
                id: Some(pattern.replace('*', "password")),
                value: Some(b"pw".to_vec()),
                ..Default::default()
            }],
        }))
    }
}

fn state_of(listing: &str, name: &str) -> (String, String) {
    let value: serde_json::Value = serde_json::from_str(listing).expect("JSON");
    let plugin = value["plugins"]
        .as_array()
        .and_then(|plugins| plugins.iter().find(|p| p["name"] == name))
        .cloned()
        .unwrap_or_default();
    let text = |key: &str| plugin[key].as_str().unwrap_or_default().to_owned();
    (text("state"), text("stateReason"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wildcard_timeouts_do_not_degrade_exact_id_requests() {
    let slow = plugin("wild", "**", TIMEOUT, Arc::new(SlowOnWildcards(true)));
    let t = serve("", vec![slow]).await;
    let socket = t.socket.clone();

    // One client asks wildcards until the plugin is degraded for them.
    let started = Instant::now();
    loop {
        let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"**"}"#).await;
        assert_eq!(status, 503, "{body}");
        let (_, listing) = post_json(&socket, LIST_PLUGINS, "{}").await;
        if state_of(&listing, "wild").0 == "PLUGIN_STATE_DEGRADED" {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{listing}");
    }

    // It keeps asking, from several connections at once, so a wildcard probe
    // is nearly always out.
    let stop = Arc::new(AtomicBool::new(false));
    let drivers: Vec<_> = (0..4)
        .map(|i| {
            let (socket, stop) = (socket.clone(), stop.clone());
            tokio::spawn(async move {
                let pattern = if i % 2 == 0 { "**" } else { "db/*" };
                let body = format!(r#"{{"pattern":"{pattern}"}}"#);
                while !stop.load(Ordering::Relaxed) {
                    let (status, answer) = post_json(&socket, GET_SECRETS, &body).await;
                    assert_eq!(status, 503, "{answer}");
                }
            })
        })
        .collect();

    // Everyone else's exact IDs are answered, at once, every time.
    let mut answered = 0;
    for n in 0..120 {
        let id = format!("db/password{n}");
        let asked = Instant::now();
        let (status, body) =
            post_json(&socket, GET_SECRETS, &format!(r#"{{"pattern":"{id}"}}"#)).await;
        if status == 200
            && body.contains(&format!(r#""id":"{id}""#))
            && body.contains(r#""value":"cHc=""#)
        {
            answered += 1;
        } else {
            eprintln!("{id}: {status} {body}");
        }
        assert!(asked.elapsed() < TIMEOUT, "{id}: {:?}", asked.elapsed());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(answered, 120, "exact-ID requests answered");

    // The wildcard degradation still shows, and wildcard requests still cost
    // at most the short degraded wait, not the plugin's timeout.
    let (_, listing) = post_json(&socket, LIST_PLUGINS, "{}").await;
    let (state, reason) = state_of(&listing, "wild");
    assert_eq!(state, "PLUGIN_STATE_DEGRADED", "{listing}");
    assert!(reason.contains("calls timed out"), "{listing}");
    let asked = Instant::now();
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"db/*"}"#).await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("degraded"), "{body}");
    assert!(asked.elapsed() < TIMEOUT, "{:?}", asked.elapsed());

    stop.store(true, Ordering::Relaxed);
    for driver in drivers {
        driver.await.expect("wildcard driver");
    }
    let _ = t.stop.send(());
}

/// The other way round: a plugin that hangs on exact IDs is degraded for
/// them only, and still answers wildcard requests.
#[tokio::test]
async fn exact_id_timeouts_do_not_degrade_wildcard_requests() {
    let slow = plugin("ids", "**", TIMEOUT, Arc::new(SlowOnWildcards(false)));
    let t = serve("", vec![slow]).await;
    for _ in 0..3 {
        let (status, body) =
            post_json(&t.socket, GET_SECRETS, r#"{"pattern":"db/password"}"#).await;
        assert_eq!(status, 503, "{body}");
    }
    let (_, listing) = post_json(&t.socket, LIST_PLUGINS, "{}").await;
    assert_eq!(
        state_of(&listing, "ids").0,
        "PLUGIN_STATE_DEGRADED",
        "{listing}"
    );
    let asked = Instant::now();
    let (status, body) = post_json(&t.socket, GET_SECRETS, r#"{"pattern":"db/password"}"#).await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("degraded"), "{body}");
    assert!(asked.elapsed() < TIMEOUT, "{:?}", asked.elapsed());
    for _ in 0..20 {
        let (status, body) = post_json(&t.socket, GET_SECRETS, r#"{"pattern":"db/*"}"#).await;
        assert_eq!(status, 200, "{body}");
        assert!(body.contains(r#""id":"db/password""#), "{body}");
        assert!(body.contains(r#""value":"cHc=""#), "{body}");
    }
    let _ = t.stop.send(());
}
