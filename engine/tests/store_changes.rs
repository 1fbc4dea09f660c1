//! The `docker-pass` builtin given a cache age (`[cache.docker-pass]`): its
//! answers are kept, and dropped on each change its store reports, so a
//! secret saved, replaced or removed while the engine runs is served (or
//! not) as soon as the notification reaches the engine (microseconds for
//! the file store), however fast the changes come.

mod common;

use common::{GET_SECRETS, post_json};
use secrets_store::file::{FileKey, FileStore};
use secrets_store::{Metadata, Store};
use serde_json::Value;

fn value(body: &str) -> String {
    let answer: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let encoded = answer["envelopes"][0]["value"].as_str().unwrap_or_default();
    let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, encoded);
    String::from_utf8(bytes.unwrap_or_default()).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_change_to_the_file_store_is_served_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let identity = dir.path().join("identity.txt");
    let (key, _) = FileKey::identity_file(&identity, true).unwrap();
    let root = dir.path().join("store");
    let writer = Store::File(FileStore::open(&root, key).unwrap());
    let id = "db/password".parse().unwrap();
    writer
        .save(&id, "v0".into(), Metadata::new())
        .await
        .unwrap();
    let config = format!(
        "[[builtin]]\nname = \"docker-pass\"\nversion = \"v1.0.0\"\npattern = \"**\"\ntype = \"docker-pass\"\nstore = \"file\"\nfile_store = {:?}\nidentity_file = {:?}\n[cache.docker-pass]\nmax_age_ms = 86400000\n",
        root.display().to_string(),
        identity.display().to_string()
    );
    let t = common::serve(&config, Vec::new()).await;
    let get = || post_json(&t.socket, GET_SECRETS, r#"{"pattern":"db/password"}"#);
    assert_eq!(value(&get().await.1), "v0");
    for round in 1..=40 {
        let new = format!("v{round}");
        writer
            .save(&id, new.as_str().into(), Metadata::new())
            .await
            .unwrap();
        // The notification is asynchronous: allow it a moment (without it
        // the old value would be kept for a day).
        let mut body = String::new();
        for _ in 0..200 {
            body = get().await.1;
            if value(&body) == new {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert_eq!(value(&body), new, "round {round}: {body}");
        // Asked again unchanged: the same.
        assert_eq!(value(&get().await.1), new);
    }
    writer.delete(&id).await.unwrap();
    let mut status = 0;
    for _ in 0..200 {
        status = get().await.0;
        if status == 404 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(status, 404, "a removed secret is not served");
}
