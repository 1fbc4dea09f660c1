//! Who may read what, through the real binary: the policy file (by the
//! caller's executable), its reload on SIGHUP, and other users refused even
//! when the socket's mode would let them in. Also: signals the engine gives
//! no meaning still stop it cleanly.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{GET_SECRETS, file_store_config, post_json, spawn, stop, wait_ready};

const SECRETS: &str = r#"
[secrets."db/password"]
value = "hunter2-correct-horse"
[secrets."api/token"]
value = "super-secret-token"
"#;

/// A world whose policy lets this test binary read `db/**` and nobody read
/// `api/**`; `policy.toml` can be rewritten and reloaded.
fn write_world(dir: &Path) -> std::path::PathBuf {
    std::fs::write(dir.join("secrets.toml"), SECRETS).expect("secrets");
    write_policy(dir, true);
    let config = dir.join("engine.toml");
    std::fs::write(
        &config,
        file_store_config("launched_plugins = false\npolicy_file = \"policy.toml\""),
    )
    .expect("config");
    config
}

fn write_policy(dir: &Path, allow_this_test_db: bool) {
    let me = std::env::current_exe().expect("current exe");
    let allow = if allow_this_test_db {
        format!(
            "[[rule]]\naction = \"allow\"\nsecrets = [\"db/**\"]\nexecutables = [{:?}]\n",
            me.display().to_string()
        )
    } else {
        String::new()
    };
    std::fs::write(
        dir.join("policy.toml"),
        format!(
            "{allow}[[rule]]\naction = \"deny\"\nsecrets = [\"db/**\"]\n\
             [[rule]]\naction = \"deny\"\nsecrets = [\"api/**\"]\n"
        ),
    )
    .expect("policy");
}

fn ids(body: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(body).expect("JSON");
    value["envelopes"]
        .as_array()
        .map(|envelopes| {
            envelopes
                .iter()
                .map(|e| e["id"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn send(pid: u32, signal: nix::sys::signal::Signal) {
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), signal).expect("signal");
}

#[tokio::test]
async fn the_policy_decides_by_executable_and_is_reloaded_on_sighup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = write_world(dir.path());
    let socket = dir.path().join("engine.sock");
    let engine = spawn(&socket, &config, "info");
    wait_ready(&socket).await;

    // This test binary may read db/**; nobody may read api/**.
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"db/password"}"#).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"api/token"}"#).await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body.contains("permission_denied")
            && body.contains(
                "rule 3 of the engine's policy does not allow this caller to read api/token"
            ),
        "{body}"
    );
    // A wildcard request gets what it may read.
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"**"}"#).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(ids(&body), ["db/password"]);
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"api/*"}"#).await;
    assert_eq!(status, 403, "{body}");

    // The policy changes; SIGHUP applies it.
    write_policy(dir.path(), false);
    send(engine.id(), nix::sys::signal::Signal::SIGHUP);
    let mut denied = false;
    for _ in 0..100 {
        let (status, _) = post_json(&socket, GET_SECRETS, r#"{"pattern":"db/password"}"#).await;
        if status == 403 {
            denied = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(denied, "the reloaded policy was not applied");
    // A broken policy on reload keeps the one in force.
    std::fs::write(
        dir.path().join("policy.toml"),
        "[[rule]]\naction = \"perhaps\"\n",
    )
    .expect("write");
    send(engine.id(), nix::sys::signal::Signal::SIGHUP);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, _) = post_json(&socket, GET_SECRETS, r#"{"pattern":"db/password"}"#).await;
    assert_eq!(status, 403);

    let (exit, log) = stop(engine);
    assert!(exit.success(), "{exit:?}\n{log}");
    assert!(log.contains("configuration reloaded"), "{log}");
    assert!(log.contains("policy denied secrets to a caller"), "{log}");
    assert!(log.contains("the policy file is invalid"), "{log}");
    assert!(
        !log.contains("hunter2") && !log.contains("super-secret"),
        "{log}"
    );
}

/// Signals sent the moment the socket first accepts a connection, as a
/// supervisor or a script may: the engine's handlers must already be in
/// place then, or the signal's default action ends it and leaves the
/// socket file behind.
#[tokio::test]
async fn signals_without_a_meaning_stop_the_engine_cleanly() {
    use nix::sys::signal::Signal;
    // Five times each: the window before the handlers was a few
    // milliseconds, not always hit by one try.
    let signals = [
        Signal::SIGQUIT,
        Signal::SIGUSR1,
        Signal::SIGUSR2,
        Signal::SIGHUP,
    ];
    for signal in signals.into_iter().cycle().take(20) {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = write_world(dir.path());
        let socket = dir.path().join("engine.sock");
        let mut engine = spawn(&socket, &config, "info");
        // No pause between tries: the signal follows the bind as closely as
        // a client can.
        let started = std::time::Instant::now();
        while std::os::unix::net::UnixStream::connect(&socket).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "never listened"
            );
            std::thread::yield_now();
        }
        send(engine.id(), signal);
        if signal == Signal::SIGHUP {
            // SIGHUP reloads; the engine goes on serving.
            let (status, body) =
                post_json(&socket, GET_SECRETS, r#"{"pattern":"db/password"}"#).await;
            assert_eq!(status, 200, "after an early SIGHUP: {body}");
            let (status, log) = stop(engine);
            assert!(status.success(), "{status:?}: {log}");
        } else {
            let status = engine.wait().expect("wait");
            assert!(status.success(), "{signal}: {status:?}");
        }
        assert!(!socket.exists(), "{signal} left the socket behind");
    }
}

const STRANGER_SOCKET: &str = "CALLER_POLICY_STRANGER_SOCKET";

/// The client of `another_user_is_refused_even_through_a_widened_socket`,
/// run by it in a process of another user: one GetSecrets on the socket
/// named in the environment, its answer printed. Not a test of its own.
#[test]
#[ignore = "run by another_user_is_refused_even_through_a_widened_socket"]
fn stranger_client() {
    use std::io::{Read, Write};
    let socket = std::env::var(STRANGER_SOCKET).expect("the socket to call");
    let mut stream = match socket.strip_prefix('@') {
        Some(name) => {
            use std::os::linux::net::SocketAddrExt;
            let address = std::os::unix::net::SocketAddr::from_abstract_name(name).expect("name");
            std::os::unix::net::UnixStream::connect_addr(&address)
        }
        None => std::os::unix::net::UnixStream::connect(&socket),
    }
    .expect("connect");
    let body = r#"{"pattern":"db/password"}"#;
    write!(
        stream,
        "POST {GET_SECRETS} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Connection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    println!("{answer}");
}

/// Runs [`stranger_client`] as nobody (uid 65534) against `socket` (a path,
/// or `@name` for an abstract socket) and returns its answer. The test
/// binary is copied into a directory nobody can read first: the clone it was
/// built in may be under a home directory only its owner may enter.
fn call_as_nobody(socket: &std::ffi::OsStr) -> String {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let copy_dir = tempfile::tempdir().expect("tempdir");
    let copy = copy_dir.path().join("caller_policy");
    std::fs::copy(std::env::current_exe().expect("current exe"), &copy).expect("copy");
    for (path, mode) in [(copy_dir.path(), 0o755), (copy.as_path(), 0o755)] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    let mut client = std::process::Command::new(&copy);
    client
        .args([
            "--exact",
            "stranger_client",
            "--ignored",
            "--nocapture",
            "--quiet",
        ])
        .env(STRANGER_SOCKET, socket)
        .current_dir("/")
        .uid(65534)
        .gid(65534);
    // A process another test forks while the copy is still open for writing
    // holds it open for a moment (until its exec): the copy is then "busy".
    let mut tries = 0;
    let output = loop {
        match client.output() {
            Err(error) if error.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 100 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            result => break result.expect("run the client as nobody"),
        }
    };
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Another user, on the abstract daemon socket, which has no file mode to
/// keep anyone out: every call is `permission_denied`. Needs root, to run
/// the client as someone else.
#[tokio::test]
async fn another_user_is_refused_on_an_abstract_socket() {
    if !nix::unistd::geteuid().is_root() {
        eprintln!("skipped: only root can run a client as another user");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let config = write_world(dir.path());
    let name = format!("@secrets-engine-test/{}/daemon.sock", std::process::id());
    let address = secrets_engine::socket::SocketAddress::parse(&name);
    let engine = spawn(Path::new(&name), &config, "info");
    wait_ready(&address.connect_path()).await;
    let answer = call_as_nobody(name.as_ref());
    assert!(
        answer.contains("HTTP/1.1 403") && answer.contains("permission_denied"),
        "{answer}"
    );
    assert!(
        answer.contains("user 65534 may not use this engine"),
        "{answer}"
    );
    let (exit, log) = stop(engine);
    assert!(exit.success());
    assert!(log.contains("connection from another user"), "{log}");
}

/// Another user, with the socket's mode widened: every call is
/// `permission_denied`. Needs root, to run the client as someone else.
#[tokio::test]
async fn another_user_is_refused_even_through_a_widened_socket() {
    if !nix::unistd::geteuid().is_root() {
        eprintln!("skipped: only root can run a client as another user");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let config = write_world(dir.path());
    let socket = dir.path().join("engine.sock");
    let engine = spawn(&socket, &config, "info");
    wait_ready(&socket).await;
    // The engine gives the socket its mode just after it starts listening:
    // widened before that, the engine's 0600 would win.
    use std::os::unix::fs::MetadataExt;
    while std::fs::metadata(&socket).expect("socket").mode() & 0o777 != 0o600 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    for path in [dir.path(), socket.as_path()] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    }
    let answer = call_as_nobody(socket.as_os_str());
    assert!(
        answer.contains("HTTP/1.1 403") && answer.contains("permission_denied"),
        "{answer}"
    );
    assert!(
        answer.contains("user 65534 may not use this engine"),
        "{answer}"
    );
    let (exit, log) = stop(engine);
    assert!(exit.success());
    assert!(log.contains("connection from another user"), "{log}");
}

#[tokio::test]
async fn every_get_secrets_is_audited_with_its_caller_and_without_values() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_world(dir.path());
    let config = dir.path().join("audited.toml");
    std::fs::write(
        &config,
        file_store_config(
            "launched_plugins = false\npolicy_file = \"policy.toml\"\naudit_log = \"audit/audit.jsonl\"",
        ),
    )
    .expect("config");
    let socket = dir.path().join("engine.sock");
    let engine = spawn(&socket, &config, "info");
    wait_ready(&socket).await;
    for (pattern, status) in [
        ("db/password", 200),
        ("**", 200),
        ("api/token", 403),
        ("missing", 404),
        ("bad//pattern", 400),
    ] {
        let body = format!(r#"{{"pattern":"{pattern}"}}"#);
        assert_eq!(
            post_json(&socket, GET_SECRETS, &body).await.0,
            status,
            "{pattern}"
        );
    }
    let (exit, _) = stop(engine);
    assert!(exit.success());

    let log = std::fs::read_to_string(dir.path().join("audit/audit.jsonl")).expect("audit log");
    let records: Vec<serde_json::Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect();
    let summary: Vec<(String, String, Vec<String>)> = records
        .iter()
        .map(|r| {
            let returned = r["returned"]
                .as_array()
                .expect("returned")
                .iter()
                .map(|s| {
                    format!(
                        "{}@{}",
                        s["id"].as_str().unwrap(),
                        s["provider"].as_str().unwrap()
                    )
                })
                .collect();
            (
                r["pattern"].as_str().unwrap().to_owned(),
                r["outcome"].as_str().unwrap().to_owned(),
                returned,
            )
        })
        .collect();
    let owned = |p: &str, o: &str, r: &[&str]| {
        (
            p.to_owned(),
            o.to_owned(),
            r.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        summary,
        [
            owned("db/password", "ok", &["db/password@file"]),
            owned("**", "ok", &["db/password@file"]),
            owned("api/token", "permission_denied", &[]),
            owned("missing", "not_found", &[]),
            owned("bad//pattern", "invalid_argument", &[]),
        ]
    );
    let me = std::env::current_exe().expect("current exe");
    for record in &records {
        assert_eq!(record["caller"]["uid"], nix::unistd::geteuid().as_raw());
        assert_eq!(record["caller"]["pid"], std::process::id());
        assert_eq!(record["caller"]["executable"], me.display().to_string());
        assert!(record["time"].as_str().unwrap().ends_with('Z'));
        assert!(record["latency_us"].as_u64().is_some());
    }
    assert!(
        !log.contains("hunter2") && !log.contains("aHVudGVy"),
        "{log}"
    );
}

#[tokio::test]
async fn a_full_disk_under_the_audit_log_does_not_stop_the_engine() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_world(dir.path());
    let config = dir.path().join("full.toml");
    // Every write to /dev/full fails with ENOSPC.
    std::fs::write(
        &config,
        file_store_config("launched_plugins = false\naudit_log = \"/dev/full\""),
    )
    .expect("config");
    let socket = dir.path().join("engine.sock");
    let engine = spawn(&socket, &config, "info");
    wait_ready(&socket).await;
    for _ in 0..50 {
        let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"db/password"}"#).await;
        assert_eq!(status, 200, "{body}");
    }
    let (exit, log) = stop(engine);
    assert!(exit.success(), "{log}");
    let failures = log
        .lines()
        .filter(|line| line.contains("No space left"))
        .count();
    assert_eq!(failures, 1, "one error for a failing disk:\n{log}");
}
