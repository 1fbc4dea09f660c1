//! Change subscriptions on the keychain: a real gnome-keyring Secret
//! Service (run under `scripts/with-keyring`), writes from this store, from
//! another store and from another program (`secret-tool`, libsecret's).
#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use secrets_core::SecretId;
use secrets_store::keychain::KeychainStore;
use secrets_store::{Change, Changes, Metadata, QUEUE_LIMIT, Store};

/// One test at a time: a subscription sees every change in the collection,
/// other tests' too.
static KEYRING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn id(text: &str) -> SecretId {
    text.parse().expect("id")
}

async fn keychain() -> Store {
    // Both the flag and the private session's directory, so that a flag
    // exported by mistake never points these tests at a real keychain.
    let private_session = std::env::var_os("SECRETS_TEST_KEYRING_DIR")
        .is_some_and(|dir| Path::new(&dir).join("config").is_file());
    assert!(
        std::env::var_os("SECRETS_TEST_KEYRING").is_some() && private_session,
        "this test needs a real Secret Service: run it under scripts/with-keyring, \
         e.g. scripts/with-keyring cargo test -p secrets-store --test changes_keychain"
    );
    Store::Keychain(
        KeychainStore::connect(Duration::from_secs(10))
            .await
            .expect("keychain"),
    )
}

/// Removes every secret of the store (left by an earlier test or run).
async fn clear(store: &Store) {
    for id in store.list().await.expect("list").into_keys() {
        store.delete(&id).await.expect("delete");
    }
}

async fn save(store: &Store, name: &str, value: &str) {
    store
        .save(&id(name), value.into(), Metadata::new())
        .await
        .expect("save");
}

/// The next change that names something (`Pending` only says a lookup is
/// under way; `a_new_item_is_pending_before_its_id_is_read` checks it).
async fn next(changes: &mut Changes) -> Option<Change> {
    loop {
        let change = tokio::time::timeout(Duration::from_secs(5), changes.recv())
            .await
            .expect("a change within 5 s");
        if change != Some(Change::Pending) {
            return change;
        }
    }
}

async fn drain(changes: &mut Changes, quiet: Duration) -> Vec<Change> {
    let mut seen = Vec::new();
    while let Ok(Some(change)) = tokio::time::timeout(quiet, changes.recv()).await {
        if change != Change::Pending {
            seen.push(change);
        }
    }
    seen
}

/// The next change is `name`'s, and so is any that follows at once (a save
/// touches an item several times), nothing else.
async fn expect_only(changes: &mut Changes, name: &str) {
    let want = Change::Secret(id(name));
    assert_eq!(next(changes).await, Some(want.clone()));
    let more = drain(changes, Duration::from_millis(150)).await;
    assert!(
        more.iter().all(|c| *c == want),
        "after {want:?}, only it again: {more:?}"
    );
}

/// `secret-tool store` with these attributes, `value` on its stdin.
fn secret_tool_store(attributes: &[(&str, &str)], value: &str) {
    use std::io::Write;
    let mut command = Command::new("secret-tool");
    command.args(["store", "--label=test item"]);
    for (key, val) in attributes {
        command.args([key, val]);
    }
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("secret-tool (libsecret-tools, which scripts/with-keyring installs)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(value.as_bytes())
        .expect("write");
    assert!(child.wait().expect("secret-tool").success());
}

fn secret_tool_clear(attributes: &[(&str, &str)]) {
    let mut command = Command::new("secret-tool");
    command.arg("clear");
    for (key, val) in attributes {
        command.args([key, val]);
    }
    assert!(command.status().expect("secret-tool").success());
}

fn ours(id: &str) -> [(&str, &str); 3] {
    [
        ("service:group", secrets_store::DOCKER_PASS_SERVICE_GROUP),
        ("service:name", secrets_store::DOCKER_PASS_SERVICE_NAME),
        ("id", id),
    ]
}

#[tokio::test]
async fn create_update_and_delete_are_told_with_their_ids_in_order() {
    let _one = KEYRING.lock().await;
    let store = keychain().await;
    clear(&store).await;
    let mut changes = store.changes().await.expect("subscribe");
    save(&store, "db/password", "1").await;
    expect_only(&mut changes, "db/password").await;
    save(&store, "api/token", "1").await;
    expect_only(&mut changes, "api/token").await;
    save(&store, "db/password", "2").await;
    expect_only(&mut changes, "db/password").await;
    store.delete(&id("api/token")).await.expect("delete");
    expect_only(&mut changes, "api/token").await;
    store.delete(&id("db/password")).await.expect("delete");
    expect_only(&mut changes, "db/password").await;
    // Reads change nothing.
    assert!(store.list().await.expect("list").is_empty());
    assert_eq!(drain(&mut changes, Duration::from_millis(200)).await, []);
}

#[tokio::test]
async fn writes_of_another_store_and_another_program_are_seen() {
    let _one = KEYRING.lock().await;
    let store = keychain().await;
    clear(&store).await;
    // Made before the subscription: its removal is still told by ID.
    save(&store, "before/subscribing", "1").await;
    let mut changes = store.changes().await.expect("subscribe");
    let other = keychain().await;
    save(&other, "other/store", "1").await;
    expect_only(&mut changes, "other/store").await;
    secret_tool_store(&ours("from/libsecret"), "v");
    expect_only(&mut changes, "from/libsecret").await;
    secret_tool_clear(&ours("from/libsecret"));
    expect_only(&mut changes, "from/libsecret").await;
    secret_tool_clear(&ours("before/subscribing"));
    expect_only(&mut changes, "before/subscribing").await;
    clear(&store).await;
}

#[tokio::test]
async fn a_new_item_is_pending_before_its_id_is_read() {
    let _one = KEYRING.lock().await;
    let store = keychain().await;
    clear(&store).await;
    let mut changes = store.changes().await.expect("subscribe");
    save(&store, "brand/new", "1").await;
    let first = tokio::time::timeout(Duration::from_secs(5), changes.recv())
        .await
        .expect("a change within 5 s");
    assert_eq!(first, Some(Change::Pending), "said before the lookup");
    expect_only(&mut changes, "brand/new").await;
    // Known now: its next change is named at once, with nothing pending.
    save(&store, "brand/new", "2").await;
    let again = tokio::time::timeout(Duration::from_secs(5), changes.recv())
        .await
        .expect("a change within 5 s");
    assert_eq!(again, Some(Change::Secret(id("brand/new"))));
    clear(&store).await;
}

#[tokio::test]
async fn other_applications_items_are_ignored() {
    let _one = KEYRING.lock().await;
    let store = keychain().await;
    clear(&store).await;
    let mut changes = store.changes().await.expect("subscribe");
    let foreign = [("service", "someone-else"), ("user", "alice")];
    secret_tool_store(&foreign, "theirs");
    secret_tool_store(&foreign, "theirs again");
    // Docker's group and name but no valid ID: not a secret the store lists.
    let nameless = [
        ("service:group", secrets_store::DOCKER_PASS_SERVICE_GROUP),
        ("service:name", secrets_store::DOCKER_PASS_SERVICE_NAME),
        ("id", "not a valid id!"),
    ];
    secret_tool_store(&nameless, "x");
    secret_tool_clear(&foreign);
    secret_tool_clear(&nameless);
    assert_eq!(drain(&mut changes, Duration::from_millis(300)).await, []);
    save(&store, "mine", "1").await;
    expect_only(&mut changes, "mine").await;
    clear(&store).await;
}

#[tokio::test]
async fn a_lagging_subscriber_gets_unknown_not_every_id() {
    let _one = KEYRING.lock().await;
    let store = keychain().await;
    clear(&store).await;
    let mut lagging = store.changes().await.expect("subscribe");
    let mut prompt = store.changes().await.expect("subscribe");
    for n in 0..QUEUE_LIMIT + 10 {
        let name = format!("many/s{n:04}");
        save(&store, &name, "v").await;
        assert_eq!(next(&mut prompt).await, Some(Change::Secret(id(&name))));
    }
    let seen = drain(&mut lagging, Duration::from_millis(300)).await;
    // Its watcher may still be reading the last items when the Unknown is
    // taken, and name those after it.
    assert_eq!(seen.first(), Some(&Change::Unknown), "{seen:?}");
    assert!(
        seen.len() < 10 && seen[1..].iter().all(|c| matches!(c, Change::Secret(_))),
        "one Unknown in place of the IDs it could not keep: {seen:?}"
    );
    clear(&store).await;
}

/// The session bus's connections (their unique names), from `gdbus` (whose
/// own connection is among them).
fn bus_connections() -> Vec<String> {
    let output = Command::new("gdbus")
        .args([
            "call",
            "--session",
            "--dest",
            "org.freedesktop.DBus",
            "--object-path",
            "/org/freedesktop/DBus",
            "--method",
            "org.freedesktop.DBus.ListNames",
        ])
        .output()
        .expect("gdbus");
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout)
        .split('\'')
        .filter(|name| name.starts_with(':'))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn dropping_the_subscription_closes_its_connection() {
    let _one = KEYRING.lock().await;
    let store = keychain().await;
    let before = bus_connections();
    let changes = store.changes().await.expect("subscribe");
    // Each listing names its own `gdbus` too: what two listings share.
    let (during, again) = (bus_connections(), bus_connections());
    let added: Vec<_> = during
        .iter()
        .filter(|n| !before.contains(n) && again.contains(n))
        .collect();
    assert_eq!(added.len(), 1, "one connection of its own: {added:?}");
    let watcher = added[0].clone();
    drop(changes);
    let started = Instant::now();
    while bus_connections().contains(&watcher) {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{watcher} is still on the bus 5 s after the drop"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // The store itself goes on working.
    assert!(store.list().await.is_ok());
}

#[tokio::test]
async fn latency_from_save_to_change() {
    let _one = KEYRING.lock().await;
    let store = keychain().await;
    clear(&store).await;
    let mut changes = store.changes().await.expect("subscribe");
    let mut latencies = Vec::new();
    for n in 0..200 {
        let name = format!("latency/s{n:03}");
        save(&store, &name, "v").await;
        let saved = Instant::now();
        assert_eq!(next(&mut changes).await, Some(Change::Secret(id(&name))));
        latencies.push(saved.elapsed());
    }
    latencies.sort();
    let p50 = latencies[latencies.len() / 2];
    let p99 = latencies[latencies.len() * 99 / 100];
    eprintln!(
        "keychain: save returned -> change received over 200 saves: p50 {p50:?}, p99 {p99:?}"
    );
    // Loose: CI machines are noisy; the figures are for reading.
    assert!(p99 < Duration::from_secs(2), "p99 {p99:?}");
    clear(&store).await;
}
