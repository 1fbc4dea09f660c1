//! `watch.v1.WatchService` through the real socket with the Rust client:
//! the current secrets, then one event per change the engine sees.

mod common;

use std::time::Duration;

use futures_util::StreamExt;
use secrets_engine_client::{Client, Error, WatchEventKind};

fn secrets(entries: &[(&str, &str)]) -> String {
    entries
        .iter()
        .map(|(id, value)| format!("[secrets.{id:?}]\nvalue = {value:?}\n"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_watch_sends_the_current_secrets_then_each_change() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("secrets.toml");
    std::fs::write(&file, secrets(&[("db/a", "one"), ("web/x", "other")])).unwrap();
    let config = format!(
        "[engine]\nwatch_poll_ms = 50\n[[builtin]]\nname = \"files\"\nversion = \"v1.0.0\"\npattern = \"**\"\ntype = \"file\"\npath = {:?}\nreload_interval_ms = 20\n",
        file.display().to_string()
    );
    let t = common::serve(&config, Vec::new()).await;
    let client = Client::connect(&t.socket).with_timeout(Duration::from_secs(5));
    let mut events = client.watch("db/*", true).await.expect("watch starts");
    let mut next = async || {
        let event = tokio::time::timeout(Duration::from_secs(10), events.next())
            .await
            .expect("an event in time")
            .expect("the stream goes on")
            .expect("an event, not an error");
        let value = event
            .value
            .as_ref()
            .map(|v| String::from_utf8_lossy(v.expose()).into_owned());
        (event.kind, event.id.map(|id| id.to_string()), value)
    };
    assert_eq!(
        next().await,
        (
            WatchEventKind::Current,
            Some("db/a".into()),
            Some("one".into())
        )
    );
    assert_eq!(next().await, (WatchEventKind::Synced, None, None));
    std::fs::write(
        &file,
        secrets(&[("db/a", "two"), ("db/b", "new"), ("web/x", "changed")]),
    )
    .unwrap();
    assert_eq!(
        next().await,
        (
            WatchEventKind::Updated,
            Some("db/a".into()),
            Some("two".into())
        )
    );
    assert_eq!(
        next().await,
        (
            WatchEventKind::Created,
            Some("db/b".into()),
            Some("new".into())
        )
    );
    std::fs::write(&file, secrets(&[("db/b", "new")])).unwrap();
    assert_eq!(
        next().await,
        (WatchEventKind::Deleted, Some("db/a".into()), None)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_pattern_is_refused_at_the_start() {
    let t = common::serve("", Vec::new()).await;
    let client = Client::connect(&t.socket);
    let refused = client.watch("db/***", false).await.err().expect("refused");
    assert!(matches!(refused, Error::InvalidArgument(_)), "{refused:?}");
}
