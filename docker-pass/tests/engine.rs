//! End to end: the engine's default builtin serves what `docker-pass` sets,
//! from the encrypted file store and from a real keychain, at once and
//! without a restart; a keychain that goes away makes the store
//! `unavailable` while other plugins keep serving, and it is served again
//! when the keychain is back. No secret value ever reaches the engine's log.

mod common;

use std::process::Command;

use common::{FileWorld, RunningEngine, get_secrets, ok, require_keyring};

/// The keyring tests share one gnome-keyring (one of them stops and starts
/// it), so they take turns.
static KEYRING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// base64 of a value, as Connect JSON carries bytes.
fn b64(value: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(value)
}

fn assert_no_secrets_in(log: &str, values: &[&str]) {
    for value in values {
        assert!(!log.contains(value), "{value} leaked into the log:\n{log}");
        assert!(
            !log.contains(&b64(value)),
            "{value} (base64) leaked into the log:\n{log}"
        );
    }
}

#[test]
fn the_default_engine_serves_what_docker_pass_sets_in_the_file_store() {
    let world = FileWorld::new();
    let engine = world.default_engine(None);

    let (status, body) = get_secrets(&engine.socket, "a/*");
    assert_eq!(
        (status, &body["code"]),
        (404, &serde_json::json!("not_found")),
        "{body}"
    );

    // Set while the engine runs: served on the next request.
    ok(
        &mut world.docker_pass(),
        &["set", "a/b=xylophone-secret", "--metadata", "owner=alice"],
    );
    ok(
        &mut world.docker_pass(),
        &["set", "docker/secrets-engine/internal=hidden-value"],
    );
    let (status, body) = get_secrets(&engine.socket, "a/*");
    assert_eq!(status, 200, "{body}");
    let envelope = &body["envelopes"][0];
    assert_eq!(envelope["id"], "a/b");
    assert_eq!(envelope["value"], b64("xylophone-secret"));
    assert_eq!(envelope["provider"], "docker-pass");
    assert_eq!(envelope["metadata"]["owner"], "alice");
    assert_eq!(body["envelopes"].as_array().map(Vec::len), Some(1));
    // The engine's own realm is never served.
    let (status, body) = get_secrets(&engine.socket, "docker/**");
    assert_eq!(status, 404, "{body}");

    ok(&mut world.docker_pass(), &["rm", "a/b"]);
    let (status, body) = get_secrets(&engine.socket, "a/*");
    assert_eq!(
        (status, &body["code"]),
        (404, &serde_json::json!("not_found")),
        "{body}"
    );

    let log = engine.stop();
    assert!(
        log.contains("encrypted file store at"),
        "the log says which store: {log}"
    );
    assert_no_secrets_in(&log, &["xylophone-secret", "hidden-value"]);
}

#[test]
fn the_keychain_store_is_served_survives_the_keyring_going_away_and_recovers() {
    require_keyring();
    let _turn = KEYRING.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("other.toml"),
        "[secrets.\"other/x\"]\nvalue = \"other-value\"\n",
    )
    .expect("secrets");
    let config = dir.path().join("engine.toml");
    std::fs::write(
        &config,
        "[[builtin]]\nname = \"docker-pass\"\nversion = \"v1.0.0\"\npattern = \"**\"\ntype = \"docker-pass\"\nstore = \"keychain\"\n\
         [[builtin]]\nname = \"other\"\nversion = \"v1.0.0\"\npattern = \"other/**\"\ntype = \"file\"\npath = \"other.toml\"\n",
    )
    .expect("config");
    let engine = RunningEngine::start(dir.path(), Some(&config), &[]);

    // Set by Docker's own docker pass, served by this engine.
    ok(
        &mut Command::new(common::go_peer("docker-pass-go")),
        &["set", "e2e/kc=keychain-zebra-value"],
    );
    let (status, body) = get_secrets(&engine.socket, "e2e/*");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["envelopes"][0]["value"], b64("keychain-zebra-value"));
    assert_eq!(body["envelopes"][0]["provider"], "docker-pass");

    // The keyring daemon dies: the store is unavailable, the other plugin serves.
    let keyring = |action: &str| {
        let status = Command::new(common::repo().join("scripts/keyring-daemon"))
            .arg(action)
            .status()
            .expect("keyring-daemon");
        assert!(status.success(), "keyring-daemon {action}");
    };
    keyring("stop");
    let (status, body) = get_secrets(&engine.socket, "e2e/*");
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["code"], "unavailable");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("docker-pass"),
        "the failing plugin is named: {body}"
    );
    let (status, body) = get_secrets(&engine.socket, "other/x");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["envelopes"][0]["value"], b64("other-value"));

    // It comes back: served again, no engine restart.
    keyring("start");
    let (status, body) = get_secrets(&engine.socket, "e2e/*");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["envelopes"][0]["value"], b64("keychain-zebra-value"));

    // One ID is read at the item's remembered path: a change made by
    // another program (Docker's docker pass) is seen all the same.
    for _ in 0..2 {
        let (status, body) = get_secrets(&engine.socket, "e2e/kc");
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["envelopes"][0]["value"], b64("keychain-zebra-value"));
    }
    ok(
        &mut Command::new(common::go_peer("docker-pass-go")),
        &["set", "e2e/kc=replaced-by-go"],
    );
    let (status, body) = get_secrets(&engine.socket, "e2e/kc");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["envelopes"][0]["value"], b64("replaced-by-go"));
    ok(
        &mut Command::new(common::go_peer("docker-pass-go")),
        &["rm", "e2e/kc"],
    );
    let (status, _) = get_secrets(&engine.socket, "e2e/kc");
    assert_eq!(status, 404);
    ok(
        &mut Command::new(common::go_peer("docker-pass-go")),
        &["set", "e2e/kc=set-again"],
    );
    let (status, body) = get_secrets(&engine.socket, "e2e/kc");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["envelopes"][0]["value"], b64("set-again"));
    ok(
        Command::new(common::docker_pass_bin()).env("DOCKER_PASS_STORE", "keychain"),
        &["rm", "e2e/kc"],
    );
    let (status, _) = get_secrets(&engine.socket, "e2e/*");
    assert_eq!(status, 404);

    // More items than a D-Bus connection may have replies pending (128):
    // the store keeps its calls in flight below that.
    let script = format!(
        "for i in $(seq 1 150); do {} set many/s$i=v$i || exit 1; done",
        common::docker_pass_bin()
    );
    ok(
        Command::new("bash")
            .args(["-c", &script])
            .env("DOCKER_PASS_STORE", "keychain"),
        &[],
    );
    let (status, body) = get_secrets(&engine.socket, "many/**");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["envelopes"].as_array().map(Vec::len), Some(150));
    let removed = ok(
        Command::new(common::docker_pass_bin()).env("DOCKER_PASS_STORE", "keychain"),
        &["rm", "--all"],
    );
    assert_eq!(removed.lines().count(), 150, "{removed}");

    let log = engine.stop();
    assert!(log.contains("keychain (Secret Service"), "{log}");
    assert_no_secrets_in(
        &log,
        &[
            "keychain-zebra-value",
            "replaced-by-go",
            "set-again",
            "other-value",
        ],
    );
}

/// Stores or erases one credential with Docker's Secret Service helper.
fn credential_helper(action: &str, input: &str) {
    let output = common::run_with_stdin(
        &mut Command::new("docker-credential-secretservice"),
        &[action],
        input.as_bytes(),
    );
    assert!(
        output.status.success(),
        "docker-credential-secretservice {action}: {}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn the_default_engine_serves_registry_credentials_from_dockers_helpers() {
    require_keyring();
    let _turn = KEYRING.lock().unwrap_or_else(|e| e.into_inner());
    let world = FileWorld::new();
    credential_helper(
        "store",
        r#"{"ServerURL":"https://registry.example.com:5000/v2/","Username":"bob","Secret":"registry-walrus-token"}"#,
    );
    credential_helper(
        "store",
        r#"{"ServerURL":"https://index.docker.io/v1/","Username":"alice","Secret":"hub-narwhal-token"}"#,
    );
    ok(&mut world.docker_pass(), &["set", "app/key=pass-value"]);
    let engine = world.default_engine(Some(
        r#"{"auths": {"https://index.docker.io/v1/": {}}, "credsStore": "secretservice"}"#,
    ));

    let (status, body) = get_secrets(&engine.socket, "registry.example.com-port-5000/*");
    assert_eq!(status, 200, "{body}");
    let envelope = &body["envelopes"][0];
    assert_eq!(envelope["id"], "registry.example.com-port-5000/v2");
    assert_eq!(envelope["value"], b64("registry-walrus-token"));
    assert_eq!(envelope["provider"], "docker-credential-helper");
    assert_eq!(envelope["version"], "0.0.1");
    assert_eq!(envelope["metadata"]["Username"], "bob");
    assert_eq!(
        envelope["metadata"]["ServerURL"],
        "https://registry.example.com:5000/v2/"
    );

    // `**` asks both builtins: the helper's credentials come first (its name
    // sorts first), then docker-pass's.
    let (status, body) = get_secrets(&engine.socket, "**");
    assert_eq!(status, 200, "{body}");
    let ids: Vec<(&str, &str)> = body["envelopes"]
        .as_array()
        .expect("envelopes")
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap_or(""),
                e["provider"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            ("index.docker.io/v1", "docker-credential-helper"),
            (
                "registry.example.com-port-5000/v2",
                "docker-credential-helper"
            ),
            ("app/key", "docker-pass"),
        ]
    );

    // Erased in the helper: gone at once.
    credential_helper("erase", "https://registry.example.com:5000/v2/");
    let (status, body) = get_secrets(&engine.socket, "registry.example.com-port-5000/*");
    assert_eq!(status, 404, "{body}");
    credential_helper("erase", "https://index.docker.io/v1/");

    let log = engine.stop();
    assert!(log.contains("docker-credential-secretservice"), "{log}");
    assert_no_secrets_in(
        &log,
        &["registry-walrus-token", "hub-narwhal-token", "pass-value"],
    );
}

#[test]
fn a_missing_credential_helper_fails_its_requests_and_nothing_else() {
    let world = FileWorld::new();
    ok(&mut world.docker_pass(), &["set", "app/key=pass-value"]);
    let engine = world.default_engine(Some(r#"{"credsStore": "not-installed-anywhere"}"#));
    let (status, body) = get_secrets(&engine.socket, "app/key");
    assert_eq!(status, 200, "docker-pass still serves: {body}");
    let (status, body) = get_secrets(&engine.socket, "registry/x");
    assert_eq!(status, 503, "{body}");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("docker-credential-helper")
            && message.contains("docker-credential-not-installed-anywhere"),
        "{body}"
    );
    engine.stop();
}

/// A secret `docker-pass set` has just created is served by the very next
/// request, by ID and by pattern, though both were asked for (and not found)
/// just before. The keychain's change signal can reach the engine after that
/// request, so by default the engine keeps no answer of its builtins.
#[test]
fn a_secret_just_set_in_the_keychain_is_served_by_the_next_request() {
    require_keyring();
    let _turn = KEYRING.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("engine.toml");
    std::fs::write(
        &config,
        "[[builtin]]\nname = \"docker-pass\"\nversion = \"v1.0.0\"\npattern = \"**\"\ntype = \"docker-pass\"\nstore = \"keychain\"\n",
    )
    .expect("config");
    let engine = RunningEngine::start(dir.path(), Some(&config), &[]);
    let pass = || {
        let mut command = Command::new(common::docker_pass_bin());
        command.env("DOCKER_PASS_STORE", "keychain");
        command
    };
    for round in 0..60 {
        let id = format!("fresh/s{round}");
        // Remembered: not found, and the pattern without it.
        assert_eq!(get_secrets(&engine.socket, &id).0, 404);
        let (_, before) = get_secrets(&engine.socket, "fresh/*");
        let known = before["envelopes"].as_array().map_or(0, Vec::len);
        ok(&mut pass(), &["set", &format!("{id}=value-{round}")]);
        let (status, body) = get_secrets(&engine.socket, &id);
        assert_eq!(status, 200, "round {round}: {body}");
        assert_eq!(
            body["envelopes"][0]["value"],
            b64(&format!("value-{round}"))
        );
        let (_, after) = get_secrets(&engine.socket, "fresh/*");
        assert_eq!(
            after["envelopes"].as_array().map_or(0, Vec::len),
            known + 1,
            "round {round}: {after}"
        );
    }
    ok(&mut pass(), &["rm", "--all"]);
    drop(engine);
}
