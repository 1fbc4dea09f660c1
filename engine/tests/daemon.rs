//! The `secrets-engine` binary as users run it: one engine per socket, clean
//! shutdown on SIGTERM, no secret in any log line.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{GET_SECRETS, file_store_config, post_json, spawn, stop, wait_ready};

const SECRETS: &str = r#"
[secrets."db/password"]
value = "hunter2-correct-horse"
metadata = { owner = "team-a" }
[secrets."api/token"]
value_base64 = "c3VwZXItc2VjcmV0LXRva2Vu"
"#;

fn write_world(dir: &Path) -> std::path::PathBuf {
    std::fs::write(dir.join("secrets.toml"), SECRETS).expect("secrets");
    let config = dir.join("engine.toml");
    std::fs::write(&config, file_store_config("")).expect("config");
    config
}

#[tokio::test]
async fn a_second_engine_never_steals_a_live_socket() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = write_world(dir.path());
    let socket = dir.path().join("run/engine.sock");
    let first = spawn(&socket, &config, "info");
    wait_ready(&socket).await;

    let second = spawn(&socket, &config, "info");
    let output = second.wait_with_output().expect("second exits");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("another engine is already serving on")
            && stderr.contains(&socket.display().to_string()),
        "{stderr}"
    );

    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"db/password"}"#).await;
    assert_eq!(status, 200, "the first engine still serves: {body}");

    let (exit, _) = stop(first);
    assert!(exit.success(), "{exit:?}");
    assert!(!socket.exists(), "socket removed on clean shutdown");
}

#[tokio::test]
async fn no_secret_appears_in_any_log_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = write_world(dir.path());
    let socket = dir.path().join("engine.sock");
    let engine = spawn(&socket, &config, "trace");
    wait_ready(&socket).await;

    for body in [
        r#"{"pattern":"**"}"#,
        r#"{"pattern":"db/password"}"#,
        r#"{"pattern":"api/*"}"#,
        r#"{"pattern":"missing"}"#,
        r#"{"pattern":"bad*"}"#,
        r#"not json"#,
    ] {
        let (status, _) = post_json(&socket, GET_SECRETS, body).await;
        assert_ne!(status, 0);
    }
    let (status, body) = post_json(&socket, GET_SECRETS, r#"{"pattern":"api/token"}"#).await;
    assert_eq!(status, 200);
    assert!(
        body.contains("c3VwZXItc2VjcmV0LXRva2Vu"),
        "the secret is served: {body}"
    );
    // A broken secrets file is reported without its contents.
    std::fs::write(
        dir.path().join("secrets.toml"),
        "[secrets.x]\nvalue = \"leaky-value\"\nextra = 1\n",
    )
    .expect("write");
    tokio::time::sleep(Duration::from_millis(1200)).await;

    let (exit, log) = stop(engine);
    assert!(exit.success());
    assert!(log.contains("GetSecrets"), "trace logging was on: {log}");
    assert!(log.contains("keeping the previous secrets"), "{log}");
    for secret in [
        "hunter2-correct-horse",
        "aHVudGVyMi1jb3JyZWN0LWhvcnNl", // base64 of the above
        "super-secret-token",
        "c3VwZXItc2VjcmV0LXRva2Vu",
        "leaky-value",
    ] {
        assert!(
            !log.contains(secret),
            "{secret} leaked into the log:\n{log}"
        );
    }
}

#[tokio::test]
async fn bad_clients_do_not_disturb_others() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().expect("tempdir");
    let config = write_world(dir.path());
    let socket = dir.path().join("engine.sock");
    let engine = spawn(&socket, &config, "info");
    wait_ready(&socket).await;

    // A client connected to the engine that has sent `bytes`.
    let client = |bytes: &'static [u8]| {
        let socket = socket.clone();
        async move {
            let mut stream = tokio::net::UnixStream::connect(&socket)
                .await
                .expect("connect");
            stream.write_all(bytes).await.expect("write");
            stream
        }
    };
    // A slow client that never finishes its headers.
    let mut slow =
        client(b"POST /resolver.v1.ResolverService/GetSecrets HTTP/1.1\r\nHost: x\r\n").await;
    // A client that connects and sends nothing, and one that stops inside
    // the HTTP/2 preface: neither has sent a request to time.
    let mut silent = client(b"").await;
    let mut half_preface = client(b"PRI * HTTP/2.0\r\n").await;
    // Garbage.
    let mut garbage = client(b"\x16\x03\x01\x00\xa5 not http at all\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(2), garbage.read_to_end(&mut answer)).await;
    assert!(
        answer.starts_with(b"HTTP/1.1 400"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    // Oversized.
    let big = format!(r#"{{"pattern":"{}"}}"#, "a".repeat(2 << 20));
    let (status, body) = post_json(&socket, GET_SECRETS, &big).await;
    assert_eq!(status, 429, "{body}");
    assert!(body.contains("resource_exhausted"));

    // Meanwhile a normal client is answered at once.
    let started = Instant::now();
    let (status, _) = post_json(&socket, GET_SECRETS, r#"{"pattern":"db/password"}"#).await;
    assert_eq!(status, 200);
    // Well under the 2 s a request stuck behind the slow client would take.
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );

    // The slow client is dropped after the header timeout (2 s).
    let mut rest = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut rest)).await;
    assert!(read.is_ok(), "slow client still connected after 5 s");
    for (name, client) in [("silent", &mut silent), ("half preface", &mut half_preface)] {
        let read =
            tokio::time::timeout(Duration::from_secs(3), client.read_to_end(&mut rest)).await;
        assert!(
            read.is_ok(),
            "{name} client still connected after the header timeout"
        );
    }

    let (exit, _) = stop(engine);
    assert!(exit.success());
}

#[tokio::test]
async fn the_configured_request_limit_is_enforced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = write_world(dir.path());
    std::fs::write(&config, file_store_config("max_request_bytes = 4096")).expect("config");
    let socket = dir.path().join("engine.sock");
    let engine = spawn(&socket, &config, "info");
    wait_ready(&socket).await;

    // Under the limit: answered (the pattern matches nothing, but is read).
    let under = format!(r#"{{"pattern":"{}"}}"#, "a".repeat(3000));
    let (status, body) = post_json(&socket, GET_SECRETS, &under).await;
    assert_eq!(status, 404, "{body}");
    // Over it, though far under the 1 MiB default.
    let over = format!(r#"{{"pattern":"{}"}}"#, "a".repeat(5000));
    let (status, body) = post_json(&socket, GET_SECRETS, &over).await;
    assert_eq!(status, 429, "{body}");
    assert!(body.contains("resource_exhausted"), "{body}");
    stop(engine);
}
