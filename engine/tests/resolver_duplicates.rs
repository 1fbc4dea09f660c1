//! A plugin that answers the same ID several times, through the real
//! socket: each ID is answered once per plugin, with the plugin's first
//! envelope for it, in the plugin's order.

mod common;

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use common::{GET_SECRETS, engine_with, plugin, post_json};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use tonic::{Request, Response, Status};

/// Answers every request with these (ID, value) pairs, repeats and all.
struct Repeating(Vec<(&'static str, &'static str)>);

#[tonic::async_trait]
impl ResolverService for Repeating {
    async fn get_secrets(
        &self,
        _request: Request<GetSecretsRequest>,
    ) -> Result<Response<GetSecretsResponse>, Status> {
        Ok(Response::new(GetSecretsResponse {
            envelopes: self
                .0
                .iter()
                .map(|(id, value)| Envelope {
                    id: Some((*id).to_owned()),
                    value: Some(value.as_bytes().to_vec()),
                    ..Default::default()
                })
                .collect(),
        }))
    }
}

/// The (ID, value, provider) of each envelope of a JSON answer.
fn answered(body: &str) -> Vec<(String, String, String)> {
    let json: serde_json::Value = serde_json::from_str(body).expect("json");
    json["envelopes"]
        .as_array()
        .expect("envelopes")
        .iter()
        .map(|e| {
            let value = base64::engine::general_purpose::STANDARD
                .decode(e["value"].as_str().expect("value"))
                .expect("base64");
            (
                e["id"].as_str().expect("id").to_owned(),
                String::from_utf8(value).expect("text"),
                e["provider"].as_str().expect("provider").to_owned(),
            )
        })
        .collect()
}

fn owned(expected: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    expected
        .iter()
        .map(|(id, value, provider)| (id.to_string(), value.to_string(), provider.to_string()))
        .collect()
}

#[tokio::test]
async fn a_wildcard_answer_carries_each_id_once_per_plugin() {
    let mut t = engine_with("").await;
    let engine = t.engine.take().expect("engine");
    let repeats = Repeating(vec![
        ("db/user", "first-user"),
        ("db/password", "first-password"),
        ("db/user", "second-user"),
        ("db/password", "second-password"),
        ("db/user", "third-user"),
    ]);
    // Another plugin's envelope for the same ID is its own, and stays.
    let other = Repeating(vec![
        ("db/password", "other"),
        ("db/password", "other-again"),
    ]);
    for (name, resolver) in [("alpha", repeats), ("beta", other)] {
        engine
            .registry()
            .add(plugin(
                name,
                "db/**",
                Duration::from_secs(1),
                Arc::new(resolver),
            ))
            .expect("add");
    }
    let socket = t.socket.clone();
    tokio::spawn(engine.serve(std::future::pending()));

    for pattern in ["db/*", "**"] {
        let (status, body) = post_json(
            &socket,
            GET_SECRETS,
            &format!(r#"{{"pattern":"{pattern}"}}"#),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            answered(&body),
            owned(&[
                ("db/user", "first-user", "alpha"),
                ("db/password", "first-password", "alpha"),
                ("db/password", "other", "beta"),
            ]),
            "{pattern}"
        );
    }
    // A request for one ID was already answered once per plugin.
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"db/user"}"#).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        answered(&body),
        owned(&[("db/user", "first-user", "alpha")])
    );
}
