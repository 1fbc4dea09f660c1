//! Writers of the plugin registry race: external plugins register on the
//! thread that accepted their `/hijack` and are removed when their session
//! ends, while management calls disable and enable plugins on connection
//! threads. Whatever the interleaving, once things settle every registered,
//! enabled plugin is asked, no other is, and `ListPlugins` says the same.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use common::{Driver, connect_plugin_serving, post_json, serve};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::resolver_service_connect;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use secrets_ipc::session::Session;
use tonic::{Code, Request, Response, Status};

const PLUGINS: usize = 6;
const ROUNDS: usize = 200;

/// Answers any ID it is asked for with the ID as its value.
struct Echo;

#[tonic::async_trait]
impl ResolverService for Echo {
    async fn get_secrets(
        &self,
        request: Request<GetSecretsRequest>,
    ) -> Result<Response<GetSecretsResponse>, Status> {
        let id = request.into_inner().pattern.unwrap_or_default();
        Ok(Response::new(GetSecretsResponse {
            envelopes: vec![Envelope {
                id: Some(id.clone()),
                value: Some(id.into_bytes()),
                version: Some(String::new()),
                ..Default::default()
            }],
        }))
    }
}

/// Registers `name` for `name/**`, retrying while the engine still holds the
/// name of its previous, just dropped session.
async fn attach(socket: &Path, name: &str) -> (Session, Driver) {
    for _ in 0..200 {
        let app = resolver_service_connect::routes::<_, ()>(Arc::new(Echo));
        let (session, answer, driver) =
            connect_plugin_serving(socket, name, &format!("{name}/**"), app).await;
        match answer {
            Ok(_) => return (session, driver),
            Err(status) if status.code() == Code::AlreadyExists => {
                session.close();
                driver.abort();
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            Err(status) => panic!("{name} could not register: {status:?}"),
        }
    }
    panic!("{name} could not take back its name");
}

/// `ListPlugins`: each name with whether it is disabled.
async fn listed(socket: &Path) -> BTreeMap<String, bool> {
    let (status, body) = post_json(
        socket,
        "/plugins.v1.PluginManagementService/ListPlugins",
        "{}",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let list: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    // An empty list is left out of the JSON.
    list["plugins"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let name = p["name"].as_str().expect("name").to_owned();
            (name, p["disabled"] == true)
        })
        .collect()
}

async fn set_disabled(socket: &Path, name: &str, disabled: bool) {
    let method = if disabled {
        "DisablePlugin"
    } else {
        "EnablePlugin"
    };
    let (status, body) = post_json(
        socket,
        &format!("/plugins.v1.PluginManagementService/{method}"),
        &format!(r#"{{"name":"{name}"}}"#),
    )
    .await;
    // The plugin may be between sessions, and so unknown for a moment.
    assert!(
        status == 200 || status == 404,
        "{method} {name}: {status} {body}"
    );
}

async fn status_of(socket: &Path, id: &str) -> u16 {
    let body = format!(r#"{{"pattern":"{id}"}}"#);
    post_json(socket, common::GET_SECRETS, &body).await.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_registrations_and_toggles_leave_a_consistent_registry() {
    let engine = serve("[engine]\nplugin_timeout_ms = 5000\n", vec![]).await;
    let socket = engine.socket.clone();
    let names: Vec<String> = (0..PLUGINS).map(|i| format!("p{i}")).collect();
    let mut sessions: Vec<Option<(Session, Driver)>> = (0..PLUGINS).map(|_| None).collect();
    let mut disabled = BTreeSet::new();
    for round in 0..ROUNDS {
        // Every plugin flips between attached and gone, and every other one
        // between disabled and enabled, all at once.
        let mut flips = Vec::new();
        for (i, slot) in sessions.iter_mut().enumerate() {
            let socket = socket.clone();
            let name = names[i].clone();
            let held = slot.take();
            flips.push(tokio::spawn(async move {
                match held {
                    Some((session, driver)) => {
                        session.close();
                        driver.abort();
                        None
                    }
                    None => Some(attach(&socket, &name).await),
                }
            }));
        }
        let mut toggles = Vec::new();
        for name in names.iter().skip(round % 2).step_by(2) {
            let disable = !disabled.contains(name);
            if disable {
                disabled.insert(name.clone());
            } else {
                disabled.remove(name);
            }
            let socket = socket.clone();
            let name = name.clone();
            toggles.push(tokio::spawn(async move {
                set_disabled(&socket, &name, disable).await;
            }));
        }
        for (slot, flip) in sessions.iter_mut().zip(flips) {
            *slot = flip.await.expect("flip");
        }
        for toggle in toggles {
            toggle.await.expect("toggle");
        }
        // A toggle that met its plugin between sessions found nobody: the
        // names disabled are those the engine took, as ListPlugins says.
        let attached: BTreeSet<&String> = names
            .iter()
            .zip(&sessions)
            .filter_map(|(name, session)| session.as_ref().map(|_| name))
            .collect();
        let mut settled = BTreeMap::new();
        for _ in 0..500 {
            settled = listed(&socket).await;
            if settled.keys().collect::<BTreeSet<_>>() == attached {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(
            settled.keys().collect::<BTreeSet<_>>(),
            attached,
            "round {round}: ListPlugins does not list the attached plugins"
        );
        for name in &names {
            let id = format!("{name}/s");
            let asked = settled.get(name) == Some(&false);
            let want = if asked { 200 } else { 404 };
            assert_eq!(
                status_of(&socket, &id).await,
                want,
                "round {round}: {name} is listed as {:?} (None: not attached)",
                settled.get(name)
            );
        }
        // Carry the engine's view of disabled names into the next round.
        for (name, is_disabled) in &settled {
            if *is_disabled {
                disabled.insert(name.clone());
            } else {
                disabled.remove(name);
            }
        }
    }
    let _ = engine.stop.send(());
}
