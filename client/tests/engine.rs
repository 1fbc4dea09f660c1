//! The Rust client against real engines through their real sockets: this
//! project's engine (in this process) and Docker's January Go engine (built
//! from Docker's module by `scripts/build-go-peers`), with the same secrets.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use interop_peers::go_peer;
use secrets_engine::Engine;
use secrets_engine::config::EngineConfig;
use secrets_engine_client::{Client, Error, PluginKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{UnixListener, UnixStream};

const SECRETS: &[(&str, &str)] = &[
    ("app/token", "token-value"),
    ("db/password", "password-value"),
    ("db/user", "user-value"),
];

/// This engine on `dir/engine.sock` with [`SECRETS`] in a builtin plugin
/// `mem`, serving until the sender fires.
async fn our_engine(dir: &Path) -> (PathBuf, tokio::sync::oneshot::Sender<()>) {
    let mut secrets = String::new();
    for (id, value) in SECRETS {
        secrets.push_str(&format!(
            "[secrets.\"{id}\"]\nvalue = \"{value}\"\ncreated_at = \"2025-01-02T03:04:05Z\"\nmetadata = {{ owner = \"team-a\" }}\n"
        ));
    }
    std::fs::write(dir.join("secrets.toml"), secrets).expect("secrets");
    let config = EngineConfig::parse(
        "[[builtin]]\nname = \"mem\"\nversion = \"v1.0.0\"\npattern = \"**\"\ntype = \"file\"\npath = \"secrets.toml\"\n",
        dir,
    )
    .expect("config");
    let socket = dir.join("engine.sock");
    let engine = Engine::start(&socket, config).await.expect("engine");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(engine.serve(async {
        let _ = stopped.await;
    }));
    (socket, stop)
}

/// Docker's January Go engine on `dir/go.sock` with [`SECRETS`] in its
/// builtin plugin `mem`; killed when the child is dropped.
async fn go_engine(dir: &Path) -> (PathBuf, tokio::process::Child) {
    let socket = dir.join("go.sock");
    let mut command = tokio::process::Command::new(go_peer("go-engine-v0.0.21"));
    command
        .arg("-socket")
        .arg(&socket)
        .args(["-builtin-name", "mem", "-builtin-version", "v1.0.0"])
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true);
    for (id, value) in SECRETS {
        command.arg("-secret").arg(format!("{id}={value}"));
    }
    let child = command.spawn().expect("the Go engine starts");
    for _ in 0..200 {
        if UnixStream::connect(&socket).await.is_ok() {
            return (socket, child);
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the Go engine did not listen on {}", socket.display());
}

/// What every engine must answer the same way.
async fn the_calls_every_engine_answers(client: &Client) {
    let secret = client.get_secret("db/password").await.expect("hit");
    assert_eq!(secret.id.as_str(), "db/password");
    assert_eq!(secret.value.expose(), b"password-value");
    assert_eq!(secret.provider, "mem");
    assert!(secret.resolved_at.is_some(), "{secret:?}");
    // The value never shows in Debug output.
    assert!(!format!("{secret:?}").contains("password-value"));

    match client.get_secret("db/nope").await {
        Err(Error::NotFound { pattern }) => assert_eq!(pattern, "db/nope"),
        other => panic!("a miss: {other:?}"),
    }
    match client.get_secret("db/*").await {
        Err(Error::InvalidArgument(message)) => assert!(message.contains("db/*"), "{message}"),
        other => panic!("a pattern is not an ID: {other:?}"),
    }
    match client.get_secrets("db//x").await {
        Err(Error::InvalidArgument(message)) => assert!(message.contains("db//x"), "{message}"),
        other => panic!("an invalid pattern: {other:?}"),
    }

    let all = client.get_secrets("db/*").await.expect("wildcard");
    let ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["db/password", "db/user"]);
    let all = client.get_secrets("**").await.expect("everything");
    assert_eq!(all.len(), SECRETS.len());

    let plugins = client.list_plugins().await.expect("plugins");
    let mem = plugins
        .iter()
        .find(|p| p.name == "mem")
        .expect("mem listed");
    assert_eq!(mem.version, "v1.0.0");
    assert_eq!(mem.pattern, "**");
    assert_eq!(mem.kind, PluginKind::SecretsProvider);
    assert_eq!(mem.state, "running");
    assert!(!mem.external);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_call_against_this_engine() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (socket, _stop) = our_engine(dir.path()).await;
    let client = Client::connect(&socket);
    the_calls_every_engine_answers(&client).await;

    let secret = client.get_secret("db/user").await.expect("hit");
    assert_eq!(
        secret.metadata.get("owner").map(String::as_str),
        Some("team-a")
    );
    assert!(secret.created_at.is_some());
    assert_eq!(secret.expires_at, None, "no expiry: Go's zero time is None");

    let version = client.version().await.expect("version");
    assert_eq!(version.version, format!("v{}", env!("CARGO_PKG_VERSION")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_call_against_the_go_engine() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (socket, _engine) = go_engine(dir.path()).await;
    let client = Client::connect(&socket);
    the_calls_every_engine_answers(&client).await;
    // The fallback to the January listing is remembered, by clones too.
    let again = client.clone().list_plugins().await.expect("plugins again");
    assert!(again.iter().any(|p| p.name == "mem"), "{again:?}");
    // The January engine has no version service.
    match client.version().await {
        Err(Error::Unimplemented(_)) => {}
        other => panic!("version from the January Go engine: {other:?}"),
    }
}

#[tokio::test]
async fn no_engine_fails_at_once_naming_the_socket() {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("nobody.sock");
    let started = Instant::now();
    let error = Client::connect(&socket)
        .get_secret("db/password")
        .await
        .expect_err("no engine");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(matches!(error, Error::EngineNotRunning { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains(&socket.display().to_string()), "{message}");
    assert!(message.contains("secrets-engine"), "{message}");

    // A socket file nobody listens on (an engine that died) is the same.
    drop(std::os::unix::net::UnixListener::bind(&socket).expect("bind"));
    let error = Client::connect(&socket)
        .get_secrets("**")
        .await
        .expect_err("no engine");
    assert!(matches!(error, Error::EngineNotRunning { .. }), "{error:?}");
}

/// A socket that forwards every connection to `target`, counting them.
async fn counting_proxy(dir: &Path, target: PathBuf) -> (PathBuf, Arc<AtomicUsize>) {
    let socket = dir.join("proxy.sock");
    let listener = UnixListener::bind(&socket).expect("bind");
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            let target = target.clone();
            tokio::spawn(async move {
                if let Ok(mut outbound) = UnixStream::connect(&target).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    (socket, count)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_are_reused_across_calls_and_tasks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (engine, _stop) = our_engine(dir.path()).await;
    let (socket, connections) = counting_proxy(dir.path(), engine).await;
    let client = Client::connect(&socket);
    for _ in 0..20 {
        client.get_secret("app/token").await.expect("hit");
    }
    // hyper-util's pool takes a connection back on a task of its own once an
    // answer is read, so a call made at once after another may now and then
    // find it not back yet and open a second one; never one per call.
    let sequential = connections.load(Ordering::SeqCst);
    assert!(
        (1..=3).contains(&sequential),
        "20 calls in a row: {sequential} connections"
    );

    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                for _ in 0..10 {
                    client.get_secret("db/user").await.expect("hit");
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("task");
    }
    let opened = connections.load(Ordering::SeqCst) - sequential;
    assert!(
        opened <= 8,
        "4 tasks making 40 calls share the pool: {opened} more connections"
    );
}

/// A server that answers every request on `socket` with `answer` (raw
/// HTTP/1.1), or never answers when `answer` is empty.
async fn canned_server(socket: &Path, answer: &'static str) {
    let listener = UnixListener::bind(socket).expect("bind");
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let _ = stream.read(&mut buf).await;
                if answer.is_empty() {
                    tokio::time::sleep(Duration::from_secs(60)).await;
                } else {
                    let _ = stream.write_all(answer.as_bytes()).await;
                }
            });
        }
    });
}

#[tokio::test]
async fn engine_errors_keep_their_meaning_and_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let unavailable = dir.path().join("unavailable.sock");
    canned_server(
        &unavailable,
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{\"code\":\"unavailable\",\"message\":\"plugin vault restarting\"}\n\n",
    )
    .await;
    match Client::connect(&unavailable).get_secrets("**").await {
        Err(Error::Unavailable(message)) => assert_eq!(message, "plugin vault restarting"),
        other => panic!("{other:?}"),
    }

    let denied = dir.path().join("denied.sock");
    canned_server(
        &denied,
        "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n{\"code\":\"permission_denied\",\"message\":\"access denied by acm\"}\n\n\n",
    )
    .await;
    match Client::connect(&denied).get_secrets("**").await {
        Err(Error::PermissionDenied(message)) => assert_eq!(message, "access denied by acm"),
        other => panic!("{other:?}"),
    }

    let proxy = dir.path().join("proxy.sock");
    canned_server(
        &proxy,
        "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nproxy error",
    )
    .await;
    match Client::connect(&proxy).get_secrets("**").await {
        Err(Error::Unavailable(message)) | Err(Error::Protocol { message, .. }) => {
            assert!(message.contains("502"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_deadline_bounds_a_call_that_gets_no_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let silent = dir.path().join("silent.sock");
    canned_server(&silent, "").await;
    let started = Instant::now();
    let error = Client::connect(&silent)
        .with_timeout(Duration::from_millis(300))
        .get_secrets("**")
        .await
        .expect_err("no answer");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    let took = started.elapsed();
    assert!(took < Duration::from_secs(2), "{took:?}");
}

#[test]
fn the_blocking_client_needs_no_runtime() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The engine runs on its own runtime in another thread.
    let engine_runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (socket, _stop) = engine_runtime.block_on(our_engine(dir.path()));
    let client = secrets_engine_client::blocking::Client::connect(&socket).expect("client");
    let secret = client.get_secret("app/token").expect("hit");
    assert_eq!(secret.value.expose(), b"token-value");
    assert!(matches!(
        client.get_secret("app/none"),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(client.get_secrets("db/**").expect("wildcard").len(), 2);
    assert!(
        client
            .list_plugins()
            .expect("plugins")
            .iter()
            .any(|p| p.name == "mem")
    );
}

/// Times the engine sends come back as they were, before the Unix epoch
/// too; Go's zero time and times outside protobuf's range (past year 9999,
/// a nanosecond field of a second or more, or negative) are none, and the
/// secret is still returned.
#[tokio::test]
async fn times_out_of_range_are_none() {
    use protojson_wkt::Timestamp;
    use secrets_engine_api::resolver::v1::{GetSecretsResponse, get_secrets_response::Envelope};
    let at = |seconds, nanos| Some(Timestamp { seconds, nanos });
    let envelope = |id: &str, times: [Option<Timestamp>; 3]| Envelope {
        id: Some(id.to_owned()),
        value: Some(b"v".to_vec()),
        created_at: times[0],
        resolved_at: times[1],
        expires_at: times[2],
        ..Default::default()
    };
    let response = GetSecretsResponse {
        envelopes: vec![
            envelope(
                "in/range",
                [
                    at(1_700_000_000, 5),
                    at(-1, 500_000_000),
                    Some(Timestamp::GO_ZERO),
                ],
            ),
            envelope(
                "out/of-range",
                [
                    at(253_402_300_800, 0),
                    at(0, 1_000_000_000),
                    at(i64::MIN, -1),
                ],
            ),
        ],
    };
    let body = connect_runtime::Codec::Proto
        .encode(&response)
        .expect("encode");
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/proto\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(&body);

    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("times.sock");
    let listener = UnixListener::bind(&socket).expect("bind");
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.expect("accept");
        let mut request = vec![0u8; 4096];
        let _ = stream.read(&mut request).await;
        stream.write_all(&answer).await.expect("answer");
    });

    let secrets = Client::connect(&socket)
        .get_secrets("**")
        .await
        .expect("the secrets, whatever their times");
    let epoch = std::time::SystemTime::UNIX_EPOCH;
    let times: Vec<_> = secrets
        .iter()
        .map(|s| (s.id.as_str(), [s.created_at, s.resolved_at, s.expires_at]))
        .collect();
    assert_eq!(
        times,
        [
            (
                "in/range",
                [
                    Some(epoch + Duration::new(1_700_000_000, 5)),
                    Some(epoch - Duration::from_millis(500)),
                    None,
                ]
            ),
            ("out/of-range", [None, None, None]),
        ]
    );
}
