//! Replays the recorded HTTP fixtures against an engine socket and compares
//! the answers by meaning ([`crate::meaning`]).
//!
//! Where this project deliberately differs from the Go engine, the fixture is
//! listed in `deviations.toml` with the reason and what to expect instead; the
//! runner still replays it and asserts that instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;

use crate::http1::{HttpResponse, parse_responses};
use crate::meaning::{Meaning, meaning, plugins_mentioned};
use crate::wire::{Exchange, H2Request, load_exchange};
use crate::{Transcript, TranscriptError, upstream_dir, upstream_http_transcripts};

/// What to expect instead of the recording, and why.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deviation {
    /// Why this project answers differently (shown in reports).
    pub reason: String,
    /// Do not replay at all (only for cases another test covers; say which).
    #[serde(default)]
    pub skip: bool,
    /// The expected HTTP status.
    pub status: Option<u16>,
    /// Expect what another case's recording means instead (for cases where
    /// the Go engine gave no usable answer, e.g. it does not speak HTTP/2).
    pub like: Option<String>,
    /// For a generated differential case (`generated/<shape>/<label>`):
    /// expect what the reference answers to the same request in this other
    /// shape (for a shape the reference does not speak).
    pub like_shape: Option<String>,
    /// The expected content type; `"none"` for no `Content-Type` at all.
    pub content_type: Option<String>,
    /// The expected Connect error code (JSON error body).
    pub code: Option<String>,
    /// The expected Connect error message, exactly.
    pub message: Option<String>,
    /// The expected `grpc-status`.
    pub grpc_status: Option<String>,
    /// The expected `grpc-message`.
    pub grpc_message: Option<String>,
    /// `"ignore"` to not compare bodies; `"superset"` to require every
    /// recorded value but allow fields the recording does not have (fields
    /// this engine adds to a message, which Go clients skip as unknown).
    pub body: Option<String>,
    /// `"ignore"` to not compare `Accept-Post` (we accept more types).
    pub accept_post: Option<String>,
    /// Whether the server must close the connection without answering.
    pub closed_without_answer: Option<bool>,
    /// The error message (the Connect error's `message`, `grpc-message`) is
    /// this engine's own wording; everything else is compared. For cases
    /// whose patterns vary, where one exact `message` cannot be given.
    #[serde(default)]
    pub message_differs: bool,
}

/// The deviation declared for the case `name`: its own entry, else every
/// entry whose name is a glob matching it (`*` matches any run of
/// characters, so `generated/*/invalid-*` covers a family of cases), merged
/// in name order (the first to set a field wins; reasons are joined).
pub fn deviation_for(deviations: &BTreeMap<String, Deviation>, name: &str) -> Option<Deviation> {
    if let Some(own) = deviations.get(name) {
        return Some(own.clone());
    }
    deviations
        .iter()
        .filter(|(glob, _)| glob.contains('*') && glob_matches(glob, name))
        .map(|(_, d)| d.clone())
        .reduce(|a, b| Deviation {
            reason: format!("{}; {}", a.reason, b.reason),
            skip: a.skip || b.skip,
            status: a.status.or(b.status),
            like: a.like.or(b.like),
            like_shape: a.like_shape.or(b.like_shape),
            content_type: a.content_type.or(b.content_type),
            code: a.code.or(b.code),
            message: a.message.or(b.message),
            grpc_status: a.grpc_status.or(b.grpc_status),
            grpc_message: a.grpc_message.or(b.grpc_message),
            body: a.body.or(b.body),
            accept_post: a.accept_post.or(b.accept_post),
            closed_without_answer: a.closed_without_answer.or(b.closed_without_answer),
            message_differs: a.message_differs || b.message_differs,
        })
}

fn glob_matches(glob: &str, name: &str) -> bool {
    match glob.split_once('*') {
        None => glob == name,
        Some((prefix, rest)) => {
            let Some(name) = name.strip_prefix(prefix) else {
                return false;
            };
            (0..=name.len())
                .filter(|i| name.is_char_boundary(*i))
                .any(|i| glob_matches(rest, &name[i..]))
        }
    }
}

/// The deviations shipped with the fixtures (`conformance/deviations.toml`).
pub fn deviations() -> Result<BTreeMap<String, Deviation>, RunError> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("deviations.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(source) => return Err(RunError::DeviationsRead { path, source }),
    };
    toml::from_str(&text).map_err(|source| RunError::DeviationsParse { path, source })
}

/// Why the cases could not be replayed at all (a case that fails is a
/// [`Verdict`], not this).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// `deviations.toml` could not be read.
    #[error("{}: {source}", .path.display())]
    DeviationsRead {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// `deviations.toml` does not parse.
    #[error("{}: {source}", .path.display())]
    DeviationsParse {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: toml::de::Error,
    },
    /// The recorded transcripts could not be read.
    #[error(transparent)]
    Transcripts(#[from] TranscriptError),
}

/// Why a request could not be replayed on a socket, or got no answer.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// Nothing answered on the socket.
    #[error("connect {}: {source}", .socket.display())]
    Connect {
        /// The socket.
        socket: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The HTTP/2 connection could not be set up.
    #[error("HTTP/2 handshake: {0}")]
    Handshake(#[source] hyper::Error),
    /// The recorded HTTP/2 request is not a valid request.
    #[error("build request: {0}")]
    BuildRequest(#[source] http::Error),
    /// No HTTP/2 answer came in time.
    #[error("no HTTP/2 answer within 5 s")]
    TimedOut,
    /// The HTTP/2 request failed.
    #[error("HTTP/2 request: {0:?}")]
    Request(#[source] hyper::Error),
    /// The HTTP/2 answer's body could not be read.
    #[error("HTTP/2 body: {0}")]
    Body(#[source] hyper::Error),
}

impl ReplayError {
    fn connect(socket: &Path) -> impl FnOnce(std::io::Error) -> Self {
        let socket = socket.to_owned();
        move |source| ReplayError::Connect { socket, source }
    }
}

/// The result of one case.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The answer meant what the recording (or the deviation) says.
    Pass,
    /// It did not; the differences.
    Fail(Vec<String>),
    /// Not replayed, and why.
    Skip(String),
}

/// One case's report.
#[derive(Debug, Clone)]
pub struct CaseReport {
    /// The fixture name.
    pub name: String,
    /// Whether a deviation applied.
    pub deviation: Option<String>,
    /// The verdict.
    pub verdict: Verdict,
}

/// Replays every HTTP fixture (optionally only names starting with one of
/// `prefixes`) against `socket`. `world` lists the plugins the target engine
/// has; a case whose recorded answer mentions another plugin is skipped.
pub async fn run(
    socket: &Path,
    world: &[&str],
    prefixes: &[&str],
) -> Result<Vec<CaseReport>, RunError> {
    run_with(socket, world, prefixes, &deviations()?).await
}

/// The deviations that only skip a case (one a replay cannot judge), for
/// holding an engine to the recordings as they are: an engine answering
/// like the recorded Go engine passes every other case.
pub fn skips_only(deviations: BTreeMap<String, Deviation>) -> BTreeMap<String, Deviation> {
    deviations.into_iter().filter(|(_, d)| d.skip).collect()
}

/// [`run`] with the given deviations instead of the shipped ones.
pub async fn run_with(
    socket: &Path,
    world: &[&str],
    prefixes: &[&str],
    deviations: &BTreeMap<String, Deviation>,
) -> Result<Vec<CaseReport>, RunError> {
    let transcripts = upstream_http_transcripts()?;
    let mut reports = Vec::new();
    for transcript in transcripts {
        if !prefixes.is_empty() && !prefixes.iter().any(|p| transcript.name.starts_with(p)) {
            continue;
        }
        let deviation = deviation_for(deviations, &transcript.name);
        let verdict = run_case(socket, world, &transcript, deviation.as_ref()).await;
        reports.push(CaseReport {
            name: transcript.name.clone(),
            deviation: deviation.map(|d| d.reason.clone()),
            verdict,
        });
    }
    Ok(reports)
}

fn request_path(exchange: &Exchange) -> String {
    if let Some(h2) = &exchange.h2_request {
        return h2.header(":path").unwrap_or_default().to_owned();
    }
    let first = exchange.client_writes.first().cloned().unwrap_or_default();
    let text = String::from_utf8_lossy(&first);
    text.split(' ').nth(1).unwrap_or_default().to_owned()
}

/// A recorded case ready to replay: the request, and what the recording
/// (or the case a `like` deviation names) says the answer means.
pub(crate) struct Recorded {
    pub exchange: Exchange,
    pub path: String,
    pub expected: Vec<Meaning>,
    /// How many final answers to wait for.
    pub expected_count: usize,
    /// Whether the server must close without answering.
    pub closed_without_answer: bool,
}

/// Loads `transcript` for replay; `Err` is the verdict when it cannot be
/// replayed (no recorded bytes, a skip deviation, an unknown `like`).
pub(crate) fn recorded(
    transcript: &Transcript,
    deviation: Option<&Deviation>,
) -> Result<Recorded, Verdict> {
    let Some(exchange) = load_exchange(transcript, &upstream_dir()) else {
        return Err(Verdict::Skip("no recorded bytes".to_owned()));
    };
    if let Some(d) = deviation.filter(|d| d.skip) {
        return Err(Verdict::Skip(d.reason.clone()));
    }
    let path = request_path(&exchange);
    let like = match deviation.and_then(|d| d.like.as_deref()) {
        Some(other) => match Transcript::load(&upstream_dir().join(format!("{other}.txt")))
            .ok()
            .and_then(|t| load_exchange(&t, &upstream_dir()))
        {
            Some(other) => Some(other),
            None => {
                return Err(Verdict::Fail(vec![format!(
                    "deviation refers to unknown case {other}"
                )]));
            }
        },
        None => None,
    };
    let recorded_bytes = like.as_ref().unwrap_or(&exchange);
    let recorded: Vec<HttpResponse> = parse_responses(&recorded_bytes.server_bytes, true)
        .into_iter()
        .filter(|r| r.status >= 200)
        .collect();
    let expected: Vec<Meaning> = recorded.iter().map(|r| meaning(&path, r)).collect();
    // An HTTP/2 request recorded without an answer: the recorded engine
    // ended the connection instead (curl logs no close of its own).
    let closed_without_answer = deviation.and_then(|d| d.closed_without_answer).unwrap_or(
        recorded.is_empty()
            && (recorded_bytes.server_closed || recorded_bytes.h2_request.is_some()),
    );
    // HTTP/2 replays get one answer; a deviation giving a status expects one
    // answer even where the Go engine gave none.
    let expected_count = if exchange.h2_request.is_some()
        || (expected.is_empty() && deviation.is_some_and(|d| d.status.is_some()))
    {
        1
    } else {
        expected.len()
    };
    Ok(Recorded {
        exchange,
        path,
        expected,
        expected_count,
        closed_without_answer,
    })
}

async fn run_case(
    socket: &Path,
    world: &[&str],
    transcript: &Transcript,
    deviation: Option<&Deviation>,
) -> Verdict {
    let case = match recorded(transcript, deviation) {
        Ok(case) => case,
        Err(verdict) => return verdict,
    };
    let missing: Vec<String> = case
        .expected
        .iter()
        .flat_map(plugins_mentioned)
        .filter(|p| !world.contains(&p.as_str()))
        .collect();
    if !missing.is_empty() {
        return Verdict::Skip(format!(
            "needs plugins not in this world: {}",
            missing.join(", ")
        ));
    }
    let (answers, closed) = match replay(socket, &case.exchange, case.expected_count).await {
        Ok(answer) => answer,
        // No HTTP/2 answer, as recorded.
        Err(_) if case.exchange.h2_request.is_some() && case.closed_without_answer => {
            (Vec::new(), true)
        }
        Err(e) => return Verdict::Fail(vec![e.to_string()]),
    };
    let answers: Vec<Meaning> = answers.iter().map(|a| meaning(&case.path, a)).collect();
    judge(
        &case.expected,
        case.expected_count,
        &answers,
        closed,
        case.closed_without_answer,
        deviation,
    )
}

/// Sends `exchange`'s request (HTTP/1.1 bytes as recorded, or the HTTP/2
/// request) on a new connection to `socket`; returns the final answers and
/// whether the server closed the connection.
pub(crate) async fn replay(
    socket: &Path,
    exchange: &Exchange,
    expected_count: usize,
) -> Result<(Vec<HttpResponse>, bool), ReplayError> {
    match &exchange.h2_request {
        Some(h2) => replay_h2(socket, h2).await.map(|r| (vec![r], false)),
        None => replay_h1(socket, exchange, expected_count).await,
    }
}

/// Judges `answers` (what the engine under test said, and whether it
/// closed) against `expected` (what the recording or the reference engine
/// said), with `deviation` applied.
pub(crate) fn judge(
    expected: &[Meaning],
    expected_count: usize,
    answers: &[Meaning],
    closed: bool,
    closed_without_answer: bool,
    deviation: Option<&Deviation>,
) -> Verdict {
    let mut differences = Vec::new();
    if closed_without_answer {
        if !answers.is_empty() || !closed {
            differences.push(format!(
                "expected the server to close without answering; got {} answers, closed: {closed}",
                answers.len()
            ));
        }
        return verdict(differences);
    }
    if answers.len() != expected_count {
        differences.push(format!(
            "expected {expected_count} answers, got {}",
            answers.len()
        ));
    }
    let empty = Meaning {
        status: 0,
        content_type: None,
        allow: None,
        accept_post: None,
        grpc_status: None,
        grpc_message: None,
        grpc_status_in_body: false,
        body: serde_json::Value::Null,
    };
    for (index, answer) in answers.iter().enumerate() {
        let want = expected.get(index).unwrap_or(&empty);
        compare(want, answer, deviation, &mut differences);
    }
    verdict(differences)
}

fn verdict(differences: Vec<String>) -> Verdict {
    if differences.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(differences)
    }
}

fn compare(want: &Meaning, got: &Meaning, deviation: Option<&Deviation>, out: &mut Vec<String>) {
    let d = deviation.cloned().unwrap_or_default();
    let status = d.status.unwrap_or(want.status);
    if got.status != status {
        out.push(format!("status: want {status}, got {}", got.status));
    }
    match d.content_type.as_deref() {
        Some("none") => {
            if got.content_type.is_some() {
                out.push(format!(
                    "content type: want none, got {:?}",
                    got.content_type
                ));
            }
        }
        other => {
            let content_type = other
                .map(|c| c.to_ascii_lowercase().replace(' ', ""))
                .or_else(|| want.content_type.clone());
            if content_type.is_some() && got.content_type != content_type {
                out.push(format!(
                    "content type: want {content_type:?}, got {:?}",
                    got.content_type
                ));
            }
        }
    }
    if want.allow.is_some() && got.allow != want.allow {
        out.push(format!("Allow: want {:?}, got {:?}", want.allow, got.allow));
    }
    if d.accept_post.as_deref() != Some("ignore")
        && want.accept_post.is_some()
        && got.accept_post != want.accept_post
    {
        out.push(format!(
            "Accept-Post: want {:?}, got {:?}",
            want.accept_post, got.accept_post
        ));
    }
    let grpc_status = d.grpc_status.clone().or_else(|| want.grpc_status.clone());
    if grpc_status.is_some() && got.grpc_status != grpc_status {
        out.push(format!(
            "grpc-status: want {grpc_status:?}, got {:?}",
            got.grpc_status
        ));
    }
    if got.grpc_status_in_body != want.grpc_status_in_body {
        let place = |in_body| {
            if in_body {
                "a gRPC-Web trailer frame in the body"
            } else {
                "the HTTP headers or trailers"
            }
        };
        out.push(format!(
            "gRPC status: want it in {}, got it in {}",
            place(want.grpc_status_in_body),
            place(got.grpc_status_in_body)
        ));
    }
    let grpc_message = d.grpc_message.clone().or_else(|| want.grpc_message.clone());
    if !d.message_differs && grpc_message.is_some() && got.grpc_message != grpc_message {
        out.push(format!(
            "grpc-message: want {grpc_message:?}, got {:?}",
            got.grpc_message
        ));
    }
    if d.code.is_some() || d.message.is_some() {
        let field = |name: &str| {
            got.body
                .get(name)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        if let Some(code) = &d.code
            && field("code").as_ref() != Some(code)
        {
            out.push(format!(
                "error code: want {code:?}, got {:?}",
                field("code")
            ));
        }
        if let Some(message) = &d.message
            && field("message").as_ref() != Some(message)
        {
            out.push(format!(
                "error message: want {message:?}, got {:?}",
                field("message")
            ));
        }
        return;
    }
    let without_message = |body: &serde_json::Value| {
        let mut body = body.clone();
        if let Some(error) = body.as_object_mut() {
            error.remove("message");
        }
        body
    };
    let same = match d.body.as_deref() {
        Some("ignore") => true,
        Some("superset") => contains(&got.body, &want.body),
        _ if d.message_differs => without_message(&got.body) == without_message(&want.body),
        _ => got.body == want.body,
    };
    if !same {
        out.push(format!(
            "body: want {}, got {}",
            want.body,
            without_unknown_values(&got.body, &want.body)
        ));
    }
}

/// `got` with every secret value (the `value` of an envelope) replaced by
/// its length unless `want` has the same value: the engine under test may
/// serve real secrets, which must not reach the report; the world's values
/// are fixture data and are shown.
fn without_unknown_values(got: &serde_json::Value, want: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    fn values<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
        match value {
            Value::Object(map) => {
                out.extend(map.get("value"));
                map.values().for_each(|v| values(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| values(v, out)),
            _ => {}
        }
    }
    fn hide(value: &mut Value, known: &[&Value]) {
        match value {
            Value::Object(map) => {
                if let Some(secret) = map.get_mut("value")
                    && !known.contains(&&*secret)
                {
                    let length = secret.as_str().map_or(0, str::len);
                    *secret = Value::String(format!("<{length} base64 characters not shown>"));
                }
                map.values_mut().for_each(|v| hide(v, known));
            }
            Value::Array(items) => items.iter_mut().for_each(|v| hide(v, known)),
            _ => {}
        }
    }
    let mut known = Vec::new();
    values(want, &mut known);
    let mut shown = got.clone();
    hide(&mut shown, &known);
    shown
}

/// Whether `got` has every value of `want`: objects may have more fields,
/// everything else (arrays element by element, scalars) must be equal.
fn contains(got: &serde_json::Value, want: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (got, want) {
        (Value::Object(got), Value::Object(want)) => want
            .iter()
            .all(|(key, want)| got.get(key).is_some_and(|got| contains(got, want))),
        (Value::Array(got), Value::Array(want)) => {
            got.len() == want.len() && got.iter().zip(want).all(|(g, w)| contains(g, w))
        }
        _ => got == want,
    }
}

/// Writes the recorded client bytes on a new connection and reads answers
/// until `expected` final answers arrived, the server closed, or a timeout.
async fn replay_h1(
    socket: &Path,
    exchange: &Exchange,
    expected: usize,
) -> Result<(Vec<HttpResponse>, bool), ReplayError> {
    let mut stream = UnixStream::connect(socket)
        .await
        .map_err(ReplayError::connect(socket))?;
    for write in &exchange.client_writes {
        if stream.write_all(write).await.is_err() {
            // The server may refuse early (an oversized body); read what it said.
            break;
        }
    }
    // Without an expected answer, wait long enough to see a timeout close
    // (the Go engine closes after its 2 s header timeout).
    let patience = if expected == 0 {
        Duration::from_secs(4)
    } else {
        Duration::from_secs(5)
    };
    let deadline = tokio::time::Instant::now() + patience;
    let mut bytes = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut closed = false;
    loop {
        let finals = parse_responses(&bytes, false)
            .into_iter()
            .filter(|r| r.status >= 200)
            .count();
        if expected > 0 && finals >= expected {
            break;
        }
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => break,
            Ok(Ok(0)) | Ok(Err(_)) => {
                closed = true;
                break;
            }
            Ok(Ok(n)) => bytes.extend_from_slice(&buf[..n]),
        }
    }
    let answers = parse_responses(&bytes, closed)
        .into_iter()
        .filter(|r| r.status >= 200)
        .collect();
    Ok((answers, closed))
}

/// Sends an HTTP/2 (prior knowledge) request as curl logged it.
async fn replay_h2(socket: &Path, request: &H2Request) -> Result<HttpResponse, ReplayError> {
    let stream = UnixStream::connect(socket)
        .await
        .map_err(ReplayError::connect(socket))?;
    let (mut sender, connection) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
            .await
            .map_err(ReplayError::Handshake)?;
    tokio::spawn(connection);
    let mut builder = http::Request::builder()
        .method(request.header(":method").unwrap_or("GET"))
        .uri(format!(
            "http://{}{}",
            request.header(":authority").unwrap_or("localhost"),
            request.header(":path").unwrap_or("/")
        ));
    for (name, value) in request.headers.iter().filter(|(n, _)| !n.starts_with(':')) {
        builder = builder.header(name, value);
    }
    let http_request = builder
        .body(Full::new(Bytes::from(request.body.clone())))
        .map_err(ReplayError::BuildRequest)?;
    let response = tokio::time::timeout(Duration::from_secs(5), sender.send_request(http_request))
        .await
        .map_err(|_| ReplayError::TimedOut)?
        .map_err(ReplayError::Request)?;
    let (parts, body) = response.into_parts();
    let collected = body.collect().await.map_err(ReplayError::Body)?;
    let trailers = collected
        .trailers()
        .map(|t| {
            t.iter()
                .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    Ok(HttpResponse {
        version: "HTTP/2".to_owned(),
        status: parts.status.as_u16(),
        reason: String::new(),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_owned()))
            .collect(),
        body: collected.to_bytes().to_vec(),
        trailers,
    })
}

#[cfg(test)]
mod tests {
    use super::{contains, glob_matches, judge};

    #[test]
    fn deviation_globs_match_whole_names() {
        assert!(glob_matches(
            "generated/*/invalid-*",
            "generated/grpc-web/invalid-empty"
        ));
        assert!(glob_matches("a*", "a"));
        assert!(!glob_matches(
            "generated/*/invalid-*",
            "generated/grpc/exact"
        ));
        assert!(!glob_matches("exact", "exact2"));
        assert!(glob_matches("*x*", "abxcd"));
    }

    use serde_json::json;

    #[test]
    fn reports_show_only_the_recorded_secret_values() {
        let want = json!({"envelopes": [{"id": "foo", "value": "Zm9vLXZhbHVl"}]});
        let got = json!([{"envelopes": [
            {"id": "foo", "value": "Zm9vLXZhbHVl"},
            {"id": "db/password", "value": "aHVudGVyMg=="},
        ]}]);
        assert_eq!(
            super::without_unknown_values(&got, &want),
            json!([{"envelopes": [
                {"id": "foo", "value": "Zm9vLXZhbHVl"},
                {"id": "db/password", "value": "<12 base64 characters not shown>"},
            ]}])
        );
    }

    #[test]
    fn a_grpc_web_status_must_travel_where_the_reference_sent_it() {
        use crate::http1::HttpResponse;
        use crate::meaning::meaning;
        let headers = |extra: &[(&str, &str)]| {
            let mut headers = vec![(
                "Content-Type".to_owned(),
                "application/grpc-web+proto".to_owned(),
            )];
            headers.extend(
                extra
                    .iter()
                    .map(|(n, v)| ((*n).to_owned(), (*v).to_owned())),
            );
            headers
        };
        // What the Go engine answers a miss: Trailers-Only.
        let trailers_only = HttpResponse {
            status: 200,
            headers: headers(&[("Grpc-Status", "5"), ("Grpc-Message", "secret not found")]),
            ..Default::default()
        };
        // The same status in a trailer frame.
        let trailer = b"grpc-status: 5\r\ngrpc-message: secret not found\r\n";
        let mut body = vec![0x80];
        body.extend_from_slice(&(trailer.len() as u32).to_be_bytes());
        body.extend_from_slice(trailer);
        let framed = HttpResponse {
            status: 200,
            headers: headers(&[]),
            body,
            ..Default::default()
        };
        let path = "/resolver.v1.ResolverService/GetSecrets";
        let want = [meaning(path, &trailers_only)];
        let same = judge(&want, 1, &want, false, false, None);
        assert_eq!(same, super::Verdict::Pass);
        let other = judge(&want, 1, &[meaning(path, &framed)], false, false, None);
        let super::Verdict::Fail(differences) = other else {
            panic!("a trailer frame passed for Trailers-Only: {other:?}");
        };
        assert_eq!(
            differences,
            vec![
                "gRPC status: want it in the HTTP headers or trailers, got it in a gRPC-Web trailer frame in the body"
                    .to_owned()
            ]
        );
    }

    #[test]
    fn superset_allows_added_fields_only() {
        let want = json!({"plugins": [{"name": "a", "external": false}]});
        let added =
            json!({"plugins": [{"name": "a", "external": false, "state": "PLUGIN_STATE_RUNNING"}]});
        assert!(contains(&added, &want));
        let changed =
            json!({"plugins": [{"name": "a", "external": true, "state": "PLUGIN_STATE_RUNNING"}]});
        assert!(!contains(&changed, &want));
        let missing = json!({"plugins": [{"name": "a"}]});
        assert!(!contains(&missing, &want));
        let more = json!({"plugins": [{"name": "a", "external": false}, {"name": "b"}]});
        assert!(!contains(&more, &want));
    }
}
