//! `docker-pass` on a real Secret Service (gnome-keyring, started by
//! scripts/with-keyring), side by side with Docker's Go `docker pass`: a
//! secret set by either is listed, read and removed by the other, metadata
//! included. The tests share one keyring, so they take turns.

mod common;

use std::process::Command;
use std::sync::Mutex;

use common::{fails, go_peer, ok, require_keyring, run_with_stdin};

static KEYRING: Mutex<()> = Mutex::new(());

fn ours() -> Command {
    let mut command = Command::new(common::docker_pass_bin());
    command.env("DOCKER_PASS_STORE", "keychain");
    command
}

fn docker() -> Command {
    Command::new(go_peer("docker-pass-go"))
}

fn peek(id: &str) -> serde_json::Value {
    serde_json::from_str(&ok(&mut Command::new(go_peer("keychain-peek-go")), &[id])).expect("JSON")
}

#[test]
fn an_empty_keychain_lists_as_empty_and_ours_and_dockers_interoperate() {
    require_keyring();
    let _turn = KEYRING.lock().unwrap_or_else(|e| e.into_inner());
    ok(&mut ours(), &["rm", "--all"]);
    assert_eq!(ok(&mut ours(), &["ls"]), "");
    assert_eq!(ok(&mut ours(), &["ls", "--json"]), "[]\n");
    assert_eq!(
        fails(&mut ours(), &["get", "nothing"]),
        "Error: secret not found: nothing\n"
    );

    // Set here, read by Docker's.
    ok(
        &mut ours(),
        &[
            "set",
            "rs/db=from-rust",
            "--metadata",
            "owner=alice",
            "--metadata",
            "id=custom",
        ],
    );
    assert_eq!(ok(&mut docker(), &["ls"]), "rs/db\n");
    assert_eq!(
        ok(&mut docker(), &["get", "rs/db"]),
        "ID: rs/db\nValue: **********\n"
    );
    let seen = peek("rs/db");
    assert_eq!(seen["value"], "from-rust");
    assert_eq!(seen["metadata"]["owner"], "alice");
    assert_eq!(
        seen["metadata"]["id"], "custom",
        "a metadata key `id` survives as x_id"
    );

    // The item carries Docker's label and attributes exactly.
    let search = Command::new("secret-tool")
        .args([
            "search",
            "--all",
            "service:group",
            "com.docker.docker-pass",
            "id",
            "rs/db",
        ])
        .output()
        .expect("secret-tool");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&search.stdout),
        String::from_utf8_lossy(&search.stderr)
    );
    for line in [
        "label = com.docker.docker-pass:docker-pass-cli:rs/db",
        "attribute.service:name = docker-pass-cli",
        "attribute.x_owner = alice",
        "attribute.x_id = custom",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }

    // Set by Docker's, read here.
    let output = run_with_stdin(
        &mut docker(),
        &["set", "go/token", "--metadata", "team=b"],
        b"from-go\n",
    );
    assert!(output.status.success());
    assert_eq!(ok(&mut ours(), &["ls"]), "go/token\nrs/db\n");
    assert_eq!(
        ok(&mut ours(), &["get", "go/token", "--show"]),
        "ID: go/token\nValue: from-go\n\n"
    );
    let listed: serde_json::Value =
        serde_json::from_str(&ok(&mut ours(), &["ls", "--json"])).expect("JSON");
    assert_eq!(listed[0]["metadata"], serde_json::json!({ "team": "b" }));

    // Overwrite on either side replaces value and metadata, leaving one item.
    ok(&mut ours(), &["set", "go/token=replaced", "--force"]);
    assert_eq!(peek("go/token")["value"], "replaced");
    assert_eq!(peek("go/token")["metadata"], serde_json::json!({}));
    ok(&mut docker(), &["set", "rs/db=again"]);
    assert_eq!(
        ok(&mut ours(), &["get", "rs/db", "--show"]),
        "ID: rs/db\nValue: again\n"
    );

    // Removed by either, gone for both.
    assert_eq!(ok(&mut ours(), &["rm", "go/token"]), "RM: go/token\n");
    assert_eq!(ok(&mut docker(), &["ls"]), "rs/db\n");
    assert_eq!(ok(&mut docker(), &["rm", "rs/db"]), "RM: rs/db\n");
    assert_eq!(ok(&mut ours(), &["ls"]), "");
}

#[test]
fn a_missing_keychain_is_named_with_what_to_do() {
    let output = common::run(
        ours()
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .env_remove("SECRETS_TEST_KEYRING"),
        &["ls"],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("keychain unavailable"), "{stderr}");
    assert!(stderr.contains("DOCKER_PASS_STORE=file"), "{stderr}");
}

#[test]
fn a_locked_keychain_is_named_and_recovers_once_unlocked() {
    require_keyring();
    let _turn = KEYRING.lock().unwrap_or_else(|e| e.into_inner());
    ok(&mut ours(), &["set", "locked/one=v1"]);
    let lock = Command::new("gdbus")
        .args([
            "call",
            "--session",
            "--dest",
            "org.freedesktop.secrets",
            "--object-path",
            "/org/freedesktop/secrets",
            "--method",
            "org.freedesktop.Secret.Service.Lock",
            "[objectpath '/org/freedesktop/secrets/collection/login']",
        ])
        .stdout(std::process::Stdio::null())
        .status()
        .expect("gdbus");
    assert!(lock.success());
    // No prompter here: the unlock attempt fails at once, and says so.
    let started = std::time::Instant::now();
    let stderr = fails(&mut ours(), &["get", "locked/one"]);
    assert!(stderr.contains("the keychain is locked"), "{stderr}");
    assert!(stderr.contains("unlock your login keyring"), "{stderr}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert!(!stderr.contains("v1"), "{stderr}");
    // The keyring daemon started again unlocks it with its password.
    for action in ["stop", "start"] {
        let status = Command::new(common::repo().join("scripts/keyring-daemon"))
            .arg(action)
            .status()
            .expect("keyring-daemon");
        assert!(status.success());
    }
    assert_eq!(
        ok(&mut ours(), &["get", "locked/one", "--show"]),
        "ID: locked/one\nValue: v1\n"
    );
    ok(&mut ours(), &["rm", "locked/one"]);
}
