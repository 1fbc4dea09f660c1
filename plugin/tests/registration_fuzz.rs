//! A fuzzer of plugin registration against the real engine: a peer attaches
//! through the engine socket (`/hijack`, then a yamux session, as an external
//! plugin does) and sends mutated or arbitrary `RegisterPlugin` bodies, in
//! binary protobuf and JSON, to both registration paths of the January 2026
//! API; or, instead of a session, arbitrary bytes after the upgrade.
//!
//! The oracles: every registration gets an answer within a bound, and it is
//! well-formed (200 with a registration answer, or a Connect error: JSON with
//! a known code and that code's HTTP status); a body that is not the request
//! message is `invalid_argument`; a registration the Go engine would refuse
//! (empty name, a version that is not `v`-prefixed semver, an invalid
//! pattern) is never accepted; and after every case the engine still answers
//! an ordinary `GetSecrets` within the bound.
//!
//! Inputs come from a seeded generator (this crate's tests have no proptest);
//! `PROPTEST_CASES=N` runs N cases, and `FUZZ_SEED=S` another sequence
//! (docs/fuzzing.md). A failure prints the seed and case number.

use std::time::Duration;

use axum::http::StatusCode;
use connect_runtime::Codec;
use connect_runtime::error::{code_from_name, http_status};
use secrets_core::{Pattern, is_valid_version};
use secrets_engine::Engine;
use secrets_engine::config::EngineConfig;
use secrets_engine_api::resolver::v1::{
    RegisterPluginRequest, RegisterPluginResponse, engine_service_connect, register_service_connect,
};
use secrets_ipc::hijack::{DEFAULT_TIMEOUT, hijack};
use secrets_ipc::session::{Role, Started, start};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tonic::Code;

const BOUND: Duration = Duration::from_secs(5);

/// A small xorshift generator: reproducible from its seed, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let len = self.below(max + 1);
        (0..len).map(|_| self.next() as u8).collect()
    }
}

fn cases(default: usize) -> usize {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x0005_eed5_f00d)
        .max(1)
}

async fn engine() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let config = EngineConfig::parse("", dir.path()).expect("config");
    let engine = Engine::start(&socket, config).await.expect("engine");
    tokio::spawn(engine.serve(std::future::pending()));
    (dir, socket)
}

/// A registration field: valid, near-valid, or hostile text.
fn field(rng: &mut Rng, near: &[&str]) -> Option<String> {
    match rng.below(10) {
        0 => None,
        1 => Some(String::from_utf8_lossy(&rng.bytes(24)).into_owned()),
        2 => Some(format!("{}\n\u{1b}[31m", rng.pick(near))),
        _ => Some((*rng.pick(near)).to_owned()),
    }
}

fn registration(rng: &mut Rng, case: usize) -> RegisterPluginRequest {
    let name = format!("fuzz-{case}");
    RegisterPluginRequest {
        name: field(rng, &[&name, "", "a b", "ok.name_1"]),
        version: field(
            rng,
            &["v1.0.0", "v0.1.0-rc.1+build", "1.0.0", "v1", "v", ""],
        ),
        pattern: field(rng, &["fuzz/**", "**", "a/*/b", "a//b", "*a", ""]),
    }
}

/// Flips, cuts, inserts and duplicates bytes.
fn mutate(rng: &mut Rng, mut bytes: Vec<u8>) -> Vec<u8> {
    for _ in 0..rng.below(3) {
        match rng.below(4) {
            0 if !bytes.is_empty() => {
                let at = rng.below(bytes.len());
                bytes[at] ^= (rng.next() as u8).max(1);
            }
            1 => {
                let at = rng.below(bytes.len() + 1);
                bytes.truncate(at);
            }
            2 => {
                let at = rng.below(bytes.len() + 1);
                let inserted = rng.bytes(6);
                bytes.splice(at..at, inserted);
            }
            _ => bytes.extend_from_within(..),
        }
    }
    bytes
}

/// Whether the Go engine's checks accept a decoded registration.
fn acceptable(request: &RegisterPluginRequest) -> bool {
    let name = request.name.as_deref().unwrap_or_default();
    let version = request.version.as_deref().unwrap_or_default();
    !name.is_empty()
        && version.starts_with('v')
        && is_valid_version(version)
        && Pattern::parse(request.pattern.clone().unwrap_or_default()).is_ok()
}

/// Attaches through the socket as an external plugin does.
async fn attach(socket: &std::path::Path) -> Started {
    let stream = tokio::net::UnixStream::connect(socket)
        .await
        .expect("connect");
    let hijacked = hijack(stream, DEFAULT_TIMEOUT).await.expect("hijack");
    start(hijacked.into_stream(), Role::Plugin)
}

/// One HTTP/1.1 exchange on `stream` (closed after it, as the Go SDK's
/// calls are): the status and the body.
async fn exchange(
    mut stream: impl AsyncRead + AsyncWrite + Unpin,
    path: &str,
    content_type: &str,
    body: &[u8],
) -> Result<(StatusCode, Vec<u8>), String> {
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: unix\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut request = head.into_bytes();
    request.extend_from_slice(body);
    stream
        .write_all(&request)
        .await
        .map_err(|e| e.to_string())?;
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .await
        .map_err(|e| e.to_string())?;
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no answer head in {:?}", String::from_utf8_lossy(&answer)))?;
    let head = String::from_utf8_lossy(&answer[..end]).to_ascii_lowercase();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse::<u16>().ok())
        .and_then(|code| StatusCode::from_u16(code).ok())
        .ok_or_else(|| format!("no status in {head:?}"))?;
    let body = answer[end + 4..].to_vec();
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length: "))
        .and_then(|length| length.trim().parse::<usize>().ok());
    match length {
        Some(length) if length == body.len() => Ok((status, body)),
        _ => Err(format!(
            "answer body framing: {head:?}, {} bytes",
            body.len()
        )),
    }
}

/// The `code` of a Connect error's JSON (written compactly by the engine).
fn error_code(body: &[u8]) -> Option<Code> {
    let text = std::str::from_utf8(body).ok()?;
    let start = text.find(r#""code":""#)? + 8;
    let end = text[start..].find('"')?;
    code_from_name(&text[start..start + end])
}

/// `GetSecrets` for an ID nobody has, over a fresh connection: any HTTP
/// answer in time shows the engine is still serving.
async fn healthy(socket: &std::path::Path) -> Result<(), String> {
    let check = async {
        let mut stream = tokio::net::UnixStream::connect(socket)
            .await
            .map_err(|e| e.to_string())?;
        let body = r#"{"pattern":"nobody/has/this"}"#;
        let request = format!(
            "POST /resolver.v1.ResolverService/GetSecrets HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream
            .write_all(request.as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        let mut answer = Vec::new();
        stream
            .read_to_end(&mut answer)
            .await
            .map_err(|e| e.to_string())?;
        if answer.starts_with(b"HTTP/1.1 ") {
            Ok(())
        } else {
            Err(format!("answer {:?}", String::from_utf8_lossy(&answer)))
        }
    };
    tokio::time::timeout(BOUND, check)
        .await
        .map_err(|_| "no answer in time".to_owned())?
}

/// One registration attempt; `Err` says what went wrong.
async fn register_once(socket: &std::path::Path, rng: &mut Rng, case: usize) -> Result<(), String> {
    let started = attach(socket).await;
    // The engine may call the plugin; it finds nothing here.
    tokio::spawn(started.incoming.serve_http1(axum::Router::new()));

    let valid = registration(rng, case);
    let codec = *rng.pick(&[Codec::Json, Codec::Proto]);
    let encoded = codec.encode(&valid).expect("encodes").to_vec();
    let body = match rng.below(5) {
        0 | 1 => encoded.clone(),
        2 => rng.bytes(64),
        _ => mutate(rng, encoded.clone()),
    };
    let decoded = codec.decode::<RegisterPluginRequest>(&body).ok();
    let path = *rng.pick(&[
        register_service_connect::REGISTER_PLUGIN,
        engine_service_connect::REGISTER_PLUGIN,
    ]);
    let call = async {
        let stream = started
            .session
            .open()
            .await
            .map_err(|e| format!("open a stream: {e}"))?;
        exchange(stream, path, codec.content_type(), &body).await
    };
    let (status, answer) = tokio::time::timeout(BOUND, call)
        .await
        .map_err(|_| "no answer to the registration in time".to_owned())??;

    let context = || {
        format!(
            "{path}, body {:?}, answer {status} {:?}",
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(&answer)
        )
    };
    if status == StatusCode::OK {
        codec
            .decode::<RegisterPluginResponse>(&answer)
            .map_err(|e| format!("a 200 that is not an answer ({e}): {}", context()))?;
        match &decoded {
            Some(request) if acceptable(request) => {}
            _ => return Err(format!("accepted a registration Go refuses: {}", context())),
        }
    } else {
        let code =
            error_code(&answer).ok_or_else(|| format!("not a Connect error: {}", context()))?;
        if http_status(code) != status {
            return Err(format!("{code:?} with HTTP {status}: {}", context()));
        }
        if decoded.is_none() && code != Code::InvalidArgument {
            return Err(format!("an undecodable body got {code:?}: {}", context()));
        }
    }
    started.session.close();
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutated_registrations_get_well_formed_answers() {
    let (_dir, socket) = engine().await;
    let seed = seed();
    let mut rng = Rng(seed);
    for case in 0..cases(64) {
        if let Err(failure) = register_once(&socket, &mut rng, case).await {
            panic!("seed {seed}, case {case}: {failure}");
        }
        if let Err(failure) = healthy(&socket).await {
            panic!("seed {seed}, case {case}: the engine stopped serving: {failure}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arbitrary_bytes_after_the_upgrade_end_the_connection() {
    let (_dir, socket) = engine().await;
    let seed = seed();
    let mut rng = Rng(seed ^ 0x9e37_79b9_7f4a_7c15);
    for case in 0..cases(32) {
        let stream = tokio::net::UnixStream::connect(&socket)
            .await
            .expect("connect");
        let hijacked = hijack(stream, DEFAULT_TIMEOUT).await.expect("hijack");
        let mut stream = hijacked.into_stream();
        let garbage = rng.bytes(256);
        // The engine may hang up under the writes: that is an answer.
        let _ = stream.write_all(&garbage).await;
        let _ = stream.shutdown().await;
        let mut rest = Vec::new();
        let ended = tokio::time::timeout(BOUND, stream.read_to_end(&mut rest)).await;
        assert!(
            ended.is_ok(),
            "seed {seed}, case {case}: the engine kept the connection open after {garbage:?}"
        );
        if let Err(failure) = healthy(&socket).await {
            panic!("seed {seed}, case {case}: the engine stopped serving: {failure}");
        }
    }
}
