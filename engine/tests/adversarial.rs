//! Attacks any local process could make on the engine, replayed against the
//! real binary on its own socket (nothing else is touched). After each, and
//! during those that hold on, a normal GetSecrets must be answered within
//! 100 ms; at the end the engine's open files are back where they started
//! and its memory within a stated margin.

mod common;

use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};

use std::sync::Arc;

use common::{GET_SECRETS, spawn, stop, wait_ready};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::resolver_service_connect;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;

/// How fast a normal request must be answered, during and after an attack.
const HEALTHY: Duration = Duration::from_millis(100);
/// The connection cap the engine runs with here.
const MAX_CONNECTIONS: usize = 100;
/// The plugin timeout the engine runs with here.
const PLUGIN_TIMEOUT_MS: u64 = 300;
/// The cap on a plugin's answer the engine runs with here.
const MAX_ANSWER_BYTES: usize = 1 << 20;
/// How much more memory the engine may hold after the attacks than before.
const RSS_MARGIN_KIB: u64 = 8 << 10;

const SECRETS: &str = r#"
[secrets."db/password"]
value = "hunter2-correct-horse"
[secrets."launched/token"]
value = "launched-token"
"#;

/// The engine under attack: two builtin plugins (one for everything, one
/// for `launched/**`, so narrowing has work to do) and short limits.
struct Target {
    _dir: tempfile::TempDir,
    socket: PathBuf,
    child: Child,
}

impl Target {
    async fn start() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("secrets.toml"), SECRETS).expect("secrets");
        let config = dir.path().join("engine.toml");
        std::fs::write(
            &config,
            format!(
                "[engine]\nheader_read_timeout_ms = 500\nbody_read_timeout_ms = 500\n\
                 idle_timeout_ms = 1000\nmax_connections = {MAX_CONNECTIONS}\n\
                 launched_plugins = false\nplugin_timeout_ms = {PLUGIN_TIMEOUT_MS}\n\
                 max_plugin_answer_bytes = {MAX_ANSWER_BYTES}\n\
                 [[builtin]]\nname = \"launched\"\nversion = \"v1.0.0\"\npattern = \"launched/**\"\n\
                 type = \"file\"\npath = \"secrets.toml\"\n\
                 [[builtin]]\nname = \"everything\"\nversion = \"v1.0.0\"\npattern = \"**\"\n\
                 type = \"file\"\npath = \"secrets.toml\"\n"
            ),
        )
        .expect("config");
        let socket = dir.path().join("engine.sock");
        let child = spawn(&socket, &config, "info");
        wait_ready(&socket).await;
        Target {
            _dir: dir,
            socket,
            child,
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Resident memory, in KiB.
    fn rss_kib(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid())).expect("status");
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS")
    }

    fn open_files(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.pid()))
            .expect("fd dir")
            .count()
    }

    /// Waits (up to `within`) for the engine's open files to come back to
    /// `count` or fewer: closing a connection is asynchronous.
    async fn open_files_settle_at(&self, count: usize, within: Duration) {
        let started = Instant::now();
        while self.open_files() > count {
            assert!(
                started.elapsed() < within,
                "open files: {} after {within:?}, {count} before",
                self.open_files()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// A normal request on a fresh connection: answered, with the secret,
    /// within [`HEALTHY`].
    async fn assert_healthy(&self, when: &str) {
        let started = Instant::now();
        let mut stream = tokio::time::timeout(HEALTHY, UnixStream::connect(&self.socket))
            .await
            .unwrap_or_else(|_| panic!("{when}: connect took over {HEALTHY:?}"))
            .expect("connect");
        let answer = tokio::time::timeout(HEALTHY, get_secrets(&mut stream, "db/password"))
            .await
            .unwrap_or_else(|_| panic!("{when}: no answer within {HEALTHY:?}"));
        assert!(
            answer.starts_with("HTTP/1.1 200") && answer.contains("aHVudGVyMi1jb3JyZWN0LWhvcnNl"),
            "{when}: {answer}"
        );
        assert!(
            started.elapsed() < HEALTHY,
            "{when}: {:?}",
            started.elapsed()
        );
    }
}

/// One keep-alive GetSecrets for `pattern` on `stream`: the whole answer.
async fn get_secrets(stream: &mut UnixStream, pattern: &str) -> String {
    let body = format!(r#"{{"pattern":"{pattern}"}}"#);
    let request = format!(
        "POST {GET_SECRETS} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    read_answer(stream).await
}

/// Reads one HTTP/1.1 answer with a `Content-Length`.
async fn read_answer(stream: &mut UnixStream) -> String {
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk).await.expect("read");
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&answer);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|line| {
                    line.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_owned())
                })
                .and_then(|v| v.parse::<usize>().ok());
            if length.is_some_and(|length| body.len() >= length) {
                break;
            }
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

/// Whether the engine closes `stream` within `within` (reads EOF or an
/// error), ignoring anything it sends first.
async fn closed_within(stream: &mut UnixStream, within: Duration) -> bool {
    let mut sink = [0u8; 1024];
    tokio::time::timeout(within, async {
        loop {
            match stream.read(&mut sink).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok()
}

/// The status line of a GetSecrets for `db/password` sent by another
/// process (Python, which CI has) on its own connection.
async fn get_from_another_process(socket: &Path) -> String {
    const CLIENT: &str = r#"
import socket, sys
body = b'{"pattern":"db/password"}'
s = socket.socket(socket.AF_UNIX)
s.settimeout(5)
s.connect(sys.argv[1])
s.sendall(b"POST /resolver.v1.ResolverService/GetSecrets HTTP/1.1\r\nHost: localhost\r\n"
          b"Content-Type: application/json\r\nConnection: close\r\n"
          b"Content-Length: %d\r\n\r\n" % len(body) + body)
answer = b""
while True:
    try:
        chunk = s.recv(65536)
    except OSError as error:
        print("error:", error)
        sys.exit(0)
    if not chunk:
        break
    answer += chunk
print(answer.split(b"\r\n")[0].decode())
"#;
    let output = tokio::process::Command::new("python3")
        .arg("-c")
        .arg(CLIENT)
        .arg(socket)
        .output()
        .await
        .expect("python3 runs");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

async fn connect_many(socket: &Path, count: usize) -> Vec<UnixStream> {
    let mut streams = Vec::with_capacity(count);
    for _ in 0..count {
        streams.push(UnixStream::connect(socket).await.expect("connect"));
    }
    streams
}

#[tokio::test]
async fn the_engine_stays_healthy_under_every_attack() {
    let target = Target::start().await;
    target.assert_healthy("at start").await;
    // The engine closes that connection's file when it sees the close.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let files_at_start = target.open_files();
    let rss_at_start = target.rss_kib();

    stalled_bodies(&target).await;
    silent_http2_connections(&target).await;
    connection_flood(&target).await;
    hostile_patterns(&target).await;
    hostile_plugins(&target).await;
    hangup_under_load(&target).await;

    target
        .open_files_settle_at(files_at_start, Duration::from_secs(3))
        .await;
    let rss_at_end = target.rss_kib();
    assert!(
        rss_at_end <= rss_at_start + RSS_MARGIN_KIB,
        "RSS {rss_at_start} KiB at start, {rss_at_end} KiB after the attacks"
    );
    let (status, log) = stop(target.child);
    assert!(status.success(), "{status:?}\n{log}");
    // Peer-supplied text never reaches the log raw: no terminal escape.
    assert!(!log.contains('\x1b'), "{log}");
    assert!(log.contains("configuration reloaded"), "{log}");
    eprintln!("RSS {rss_at_start} KiB at start, {rss_at_end} KiB at the end");
}

/// Requests that announce a body and stall after part of it: each is cut off
/// after the body-read timeout, not kept for ever.
async fn stalled_bodies(target: &Target) {
    let mut stalled = connect_many(&target.socket, MAX_CONNECTIONS / 2).await;
    for stream in &mut stalled {
        stream
            .write_all(
                format!(
                    "POST {GET_SECRETS} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
                     Content-Length: 100\r\n\r\n{{\"pattern\":"
                )
                .as_bytes(),
            )
            .await
            .expect("write");
    }
    target.assert_healthy("while bodies stall").await;
    for stream in &mut stalled {
        assert!(
            closed_within(stream, Duration::from_secs(3)).await,
            "a stalled body kept its connection"
        );
    }
    target.assert_healthy("after stalled bodies").await;
}

/// HTTP/2 connections that send the preface and then nothing: closed after
/// the idle timeout.
async fn silent_http2_connections(target: &Target) {
    let mut silent = connect_many(&target.socket, MAX_CONNECTIONS / 2).await;
    for stream in &mut silent {
        stream
            .write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00")
            .await
            .expect("write");
    }
    target.assert_healthy("while HTTP/2 connections idle").await;
    let started = Instant::now();
    for stream in &mut silent {
        assert!(
            closed_within(stream, Duration::from_secs(4)).await,
            "an idle HTTP/2 connection was kept"
        );
    }
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "closed too early"
    );
    target.assert_healthy("after idle HTTP/2 connections").await;
}

/// More connections than the cap, all silent: those over the cap are closed
/// at once, a client that was already connected keeps being served, and new
/// clients are served again once the flood ends.
async fn connection_flood(target: &Target) {
    let mut served = UnixStream::connect(&target.socket).await.expect("connect");
    assert!(
        get_secrets(&mut served, "db/password")
            .await
            .starts_with("HTTP/1.1 200")
    );

    let mut flood = connect_many(&target.socket, MAX_CONNECTIONS + 50).await;
    // All watched at once, for less than the header-read timeout (which
    // would close the admitted ones too).
    let closed = futures_util::future::join_all(
        flood
            .iter_mut()
            .map(|stream| closed_within(stream, Duration::from_millis(200))),
    )
    .await;
    let refused = closed.iter().filter(|closed| **closed).count();
    // One process may hold three quarters of the cap: the served client
    // holds one place of this process's share, the flood fills the rest.
    let share = MAX_CONNECTIONS - MAX_CONNECTIONS / 4;
    assert_eq!(
        refused,
        MAX_CONNECTIONS + 50 - (share - 1),
        "connections over the process's share are closed at once"
    );
    let answer = tokio::time::timeout(HEALTHY, get_secrets(&mut served, "db/password"))
        .await
        .expect("the served client is answered in time during the flood");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // Another process still gets in while the flood holds its share.
    assert_eq!(
        get_from_another_process(&target.socket).await,
        "HTTP/1.1 200 OK",
        "another process was locked out by one process's idle connections"
    );
    drop(flood);
    drop(served);
    // The engine notices the closed connections on its next read.
    tokio::time::sleep(Duration::from_millis(100)).await;
    target.assert_healthy("after the connection flood").await;
}

/// The most expensive patterns within the limits, with two plugins to
/// narrow for: each answered at once.
async fn hostile_patterns(target: &Target) {
    let n = secrets_core::MAX_COMPONENTS;
    let repeat = |part: &str, times: usize| vec![part; times].join("/");
    let patterns = [
        repeat("*", n),
        repeat("*/**", n / 2),
        format!("**/{}", repeat("a/**", n / 2 - 1)),
        format!("**/{}", repeat("p", n - 1)),
        format!("launched/{}", repeat("**", n - 1)),
    ];
    let mut stream = UnixStream::connect(&target.socket).await.expect("connect");
    for pattern in &patterns {
        let started = Instant::now();
        let answer = get_secrets(&mut stream, pattern).await;
        assert!(answer.starts_with("HTTP/1.1 "), "{answer}");
        assert!(
            started.elapsed() < HEALTHY,
            "a {}-byte hostile pattern took {:?}",
            pattern.len(),
            started.elapsed()
        );
    }
    target.assert_healthy("after hostile patterns").await;
}

/// A plugin that never answers.
struct Hangs;

#[tonic::async_trait]
impl ResolverService for Hangs {
    async fn get_secrets(
        &self,
        _request: tonic::Request<GetSecretsRequest>,
    ) -> Result<tonic::Response<GetSecretsResponse>, tonic::Status> {
        std::future::pending().await
    }
}

/// A plugin whose every answer is one 50 MB secret.
struct Floods;

#[tonic::async_trait]
impl ResolverService for Floods {
    async fn get_secrets(
        &self,
        _request: tonic::Request<GetSecretsRequest>,
    ) -> Result<tonic::Response<GetSecretsResponse>, tonic::Status> {
        Ok(tonic::Response::new(GetSecretsResponse {
            envelopes: vec![Envelope {
                id: Some("flood/one".into()),
                value: Some(vec![b'x'; 50 << 20]),
                ..Default::default()
            }],
        }))
    }
}

/// Plugins attached through the socket that misbehave: one registers for
/// `**` and never answers, one answers 50 MB, one names itself with a
/// newline and terminal escapes. The hung one costs the first requests its
/// timeout, until it is degraded; then normal requests are answered at once.
async fn hostile_plugins(target: &Target) {
    let hangs = resolver_service_connect::routes::<_, ()>(Arc::new(Hangs));
    let (_hung, answer, hung_driver) =
        common::connect_plugin_serving(&target.socket, "hangs", "**", hangs).await;
    answer.expect("the hung plugin registers");
    let floods = resolver_service_connect::routes::<_, ()>(Arc::new(Floods));
    let (_flood, answer, flood_driver) =
        common::connect_plugin_serving(&target.socket, "floods", "flood/**", floods).await;
    answer.expect("the flooding plugin registers");
    let forged = resolver_service_connect::routes::<_, ()>(Arc::new(Hangs));
    let (_forger, answer, _forger_driver) = common::connect_plugin_serving(
        &target.socket,
        "x\n2026-12-04T00:00:00Z  INFO registered plugin=admin\x1b[2K",
        "**",
        forged,
    )
    .await;
    assert!(answer.is_err(), "a name with control characters is refused");

    // Until the hung plugin is degraded, requests wait for its timeout.
    let mut stream = UnixStream::connect(&target.socket).await.expect("connect");
    for _ in 0..3 {
        let answer = get_secrets(&mut stream, "db/password").await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }
    for _ in 0..5 {
        target.assert_healthy("while a plugin hangs on **").await;
    }
    // The flood is cut at the cap: the request fails fast, naming why.
    let started = Instant::now();
    let answer = get_secrets(&mut stream, "flood/one").await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("larger than the limit"), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    target.assert_healthy("after a flooding plugin").await;
    // The plugins hang up (their sessions' drivers end with their sockets).
    hung_driver.abort();
    flood_driver.abort();
}

/// SIGHUP while requests are being served: the engine reloads and keeps
/// answering.
async fn hangup_under_load(target: &Target) {
    let socket = target.socket.clone();
    let load = tokio::spawn(async move {
        let mut stream = UnixStream::connect(&socket).await.expect("connect");
        for _ in 0..200 {
            let answer = get_secrets(&mut stream, "db/password").await;
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        }
    });
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(target.pid() as i32),
        nix::sys::signal::Signal::SIGHUP,
    )
    .expect("SIGHUP");
    load.await
        .expect("every request during the reload was answered");
    target.assert_healthy("after SIGHUP").await;
}
