//! Differential testing: the same requests to two engines standing in the
//! same world (this project's and a reference, normally Docker's Go engine,
//! see [`crate::world::start_reference`]), their answers compared by
//! [`meaning`].
//!
//! The requests are every recorded fixture's request plus [`generated`]
//! ones: each request shape (Connect JSON, binary and gzip-compressed,
//! Connect GET, gRPC and gRPC-Web in every codec) with exact, wildcard,
//! missing and invalid patterns across all three plugins, and `ListPlugins`.
//! What may change between two runs of one engine is left out of the
//! comparison (the `Date` header and `resolvedAt`); everything a client acts
//! on is compared: status, content type, `Allow`, `Accept-Post`, the gRPC
//! status and message (and whether gRPC-Web carried the status in the
//! headers or in a trailer frame), and the decoded body.
//!
//! Where the answers differ, the case must be declared in `deviations.toml`
//! (by name or by a glob over names) and this engine's answer must then be
//! what the declaration says; an undeclared difference fails.

use std::io::Write;
use std::path::Path;

use prost::Message;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, ListPluginsRequest};

use crate::meaning::{Meaning, meaning};
use crate::runner::{self, CaseReport, Deviation, RunError, Verdict, deviation_for, judge, replay};
use crate::upstream_http_transcripts;
use crate::wire::Exchange;

/// One request to send to both engines.
#[derive(Debug, Clone)]
pub struct Case {
    /// `fixture/<recorded case>` or `generated/<shape>/<label>`.
    pub name: String,
    /// The request path (decides how binary bodies are decoded).
    pub path: String,
    /// The request.
    pub exchange: Exchange,
    /// How many final answers to wait for.
    pub expected_count: usize,
}

const GET_SECRETS: &str = "/resolver.v1.ResolverService/GetSecrets";
const LIST_PLUGINS: &str = "/resolver.v1.ListService/ListPlugins";

/// The patterns the generated cases ask for, with the label in their names:
/// exact IDs of each plugin (one with metadata and expiry), wildcards that
/// span one, two or all plugins, misses, and invalid patterns.
const PATTERNS: &[(&str, &str)] = &[
    ("exact-builtin", "foo"),
    ("exact-metadata", "a/b"),
    ("exact-punctuation", "x.y_z-1"),
    ("exact-launched", "launched/foo"),
    ("exact-external", "ext/one"),
    ("star", "*"),
    ("a-star", "a/*"),
    ("a-doublestar", "a/**"),
    ("doublestar", "**"),
    ("launched-star", "launched/*"),
    ("ext-doublestar", "ext/**"),
    ("middle-star", "*/one"),
    ("miss", "nope"),
    ("miss-wildcard", "nope/**"),
    ("invalid-double-slash", "a//b"),
    ("invalid-empty", ""),
    ("invalid-triple-star", "***"),
    ("invalid-space", "a b"),
    ("invalid-leading-slash", "/a"),
];

/// A request shape: how a pattern's request is put on the wire.
#[derive(Debug, Clone, Copy)]
enum Shape {
    ConnectJson,
    ConnectProto,
    ConnectJsonGzip,
    ConnectGet,
    GrpcProto,
    GrpcJson,
    GrpcWebProto,
    GrpcWebText,
}

impl Shape {
    const ALL: [Shape; 8] = [
        Shape::ConnectJson,
        Shape::ConnectProto,
        Shape::ConnectJsonGzip,
        Shape::ConnectGet,
        Shape::GrpcProto,
        Shape::GrpcJson,
        Shape::GrpcWebProto,
        Shape::GrpcWebText,
    ];

    fn label(self) -> &'static str {
        match self {
            Shape::ConnectJson => "connect-json",
            Shape::ConnectProto => "connect-proto",
            Shape::ConnectJsonGzip => "connect-json-gzip",
            Shape::ConnectGet => "connect-get",
            Shape::GrpcProto => "grpc-proto",
            Shape::GrpcJson => "grpc-json",
            Shape::GrpcWebProto => "grpc-web-proto",
            Shape::GrpcWebText => "grpc-web-text",
        }
    }

    /// The HTTP/1.1 request for `path` with the message as `json` and as
    /// `proto` bytes.
    fn request(self, path: &str, json: &str, proto: &[u8]) -> Vec<u8> {
        let grpc_frame = |payload: &[u8]| {
            let mut frame = vec![0u8];
            frame.extend_from_slice(&u32::try_from(payload.len()).unwrap_or(0).to_be_bytes());
            frame.extend_from_slice(payload);
            frame
        };
        let grpc_headers = "TE: trailers\r\n";
        match self {
            Shape::ConnectJson => post(path, "application/json", "", json.as_bytes()),
            Shape::ConnectProto => post(path, "application/proto", "", proto),
            Shape::ConnectJsonGzip => post(
                path,
                "application/json",
                "Content-Encoding: gzip\r\nAccept-Encoding: gzip\r\n",
                &gzip(json.as_bytes()),
            ),
            Shape::ConnectGet => {
                let message: String = json
                    .bytes()
                    .map(|b| {
                        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                            (b as char).to_string()
                        } else {
                            format!("%{b:02X}")
                        }
                    })
                    .collect();
                format!(
                    "GET {path}?connect=v1&encoding=json&message={message} HTTP/1.1\r\nHost: localhost\r\n\r\n"
                )
                .into_bytes()
            }
            Shape::GrpcProto => post(path, "application/grpc", grpc_headers, &grpc_frame(proto)),
            Shape::GrpcJson => post(
                path,
                "application/grpc+json",
                grpc_headers,
                &grpc_frame(json.as_bytes()),
            ),
            Shape::GrpcWebProto => post(
                path,
                "application/grpc-web+proto",
                "X-Grpc-Web: 1\r\n",
                &grpc_frame(proto),
            ),
            Shape::GrpcWebText => {
                use base64::Engine as _;
                let text = base64::engine::general_purpose::STANDARD.encode(grpc_frame(proto));
                post(
                    path,
                    "application/grpc-web-text",
                    "X-Grpc-Web: 1\r\n",
                    text.as_bytes(),
                )
            }
        }
    }
}

fn post(path: &str, content_type: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {content_type}\r\n{headers}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    request
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

fn case(name: String, path: &str, request: Vec<u8>) -> Case {
    Case {
        name,
        path: path.to_owned(),
        exchange: Exchange {
            client_writes: vec![request],
            server_bytes: Vec::new(),
            server_closed: false,
            h2_request: None,
        },
        expected_count: 1,
    }
}

/// The generated cases: every shape with every pattern of [`PATTERNS`], and
/// `ListPlugins` in every shape.
pub fn generated() -> Vec<Case> {
    let mut cases = Vec::new();
    for shape in Shape::ALL {
        for (label, pattern) in PATTERNS {
            let json = serde_json::json!({ "pattern": pattern }).to_string();
            let proto = GetSecretsRequest {
                pattern: Some((*pattern).to_owned()),
            }
            .encode_to_vec();
            cases.push(case(
                format!("generated/{}/{label}", shape.label()),
                GET_SECRETS,
                shape.request(GET_SECRETS, &json, &proto),
            ));
        }
        cases.push(case(
            format!("generated/{}/list-plugins", shape.label()),
            LIST_PLUGINS,
            shape.request(LIST_PLUGINS, "{}", &ListPluginsRequest {}.encode_to_vec()),
        ));
    }
    cases
}

/// What one engine said to a case.
struct Said {
    answers: Vec<Meaning>,
    closed: bool,
    error: Option<String>,
}

async fn ask(socket: &Path, case: &Case) -> Said {
    match replay(socket, &case.exchange, case.expected_count).await {
        Ok((answers, closed)) => Said {
            answers: answers.iter().map(|a| meaning(&case.path, a)).collect(),
            closed,
            error: None,
        },
        Err(error) => Said {
            answers: Vec::new(),
            closed: true,
            error: Some(error.to_string()),
        },
    }
}

/// Sends `case` to both engines at once and judges this engine's answer
/// against the reference's. `recorded` is the recording's expectation, used
/// only where the reference gave no answer and a `like` deviation says what
/// to expect instead.
async fn compare_case(
    ours: &Path,
    reference: &Path,
    case: &Case,
    deviation: Option<&Deviation>,
    recorded: Option<&[Meaning]>,
) -> CaseReport {
    // The reference is asked this case, or the same request in the shape a
    // `like_shape` deviation names.
    let sibling = deviation
        .and_then(|d| d.like_shape.as_deref())
        .and_then(|shape| {
            let label = case.name.rsplit('/').next()?;
            generated()
                .into_iter()
                .find(|c| c.name == format!("generated/{shape}/{label}"))
        });
    let (mine, theirs) = tokio::join!(
        ask(ours, case),
        ask(reference, sibling.as_ref().unwrap_or(case))
    );
    if let Some(error) = &mine.error {
        return report(
            case,
            None,
            Verdict::Fail(vec![format!("this engine: {error}")]),
        );
    }
    // A `like` deviation expects what another recording means (the reference
    // does not speak this request's protocol at all).
    let (expected, closed_without_answer) = match (&theirs.error, deviation, recorded) {
        (_, Some(d), Some(recorded)) if d.like.is_some() => (recorded.to_vec(), false),
        (None, _, _) => (
            theirs.answers.clone(),
            theirs.answers.is_empty() && theirs.closed,
        ),
        (Some(error), _, _) => {
            return report(
                case,
                None,
                Verdict::Fail(vec![format!(
                    "the reference gave no answer ({error}) and no deviation says what to expect"
                )]),
            );
        }
    };
    let closed_without_answer = deviation
        .and_then(|d| d.closed_without_answer)
        .unwrap_or(closed_without_answer);
    let expected_count = if expected.is_empty() && !closed_without_answer {
        case.expected_count
    } else {
        expected.len()
    };
    let identical = judge(
        &expected,
        expected_count,
        &mine.answers,
        mine.closed,
        closed_without_answer,
        None,
    );
    match (identical, deviation) {
        (Verdict::Pass, _) => report(case, None, Verdict::Pass),
        (Verdict::Fail(_), Some(d)) => {
            let expected_count = if d.status.is_some() && expected.is_empty() {
                1
            } else {
                expected_count
            };
            let verdict = judge(
                &expected,
                expected_count,
                &mine.answers,
                mine.closed,
                closed_without_answer,
                Some(d),
            );
            report(case, Some(d.reason.clone()), verdict)
        }
        (verdict, _) => report(case, None, verdict),
    }
}

fn report(case: &Case, deviation: Option<String>, verdict: Verdict) -> CaseReport {
    CaseReport {
        name: case.name.clone(),
        deviation,
        verdict,
    }
}

/// Sends every fixture's request and every [`generated`] one to `ours` and
/// to `reference`, both standing in the fixture world, and reports each
/// case: `Pass` with no deviation when the answers mean the same, `Pass` with
/// the deviation's reason when they differ as declared, `Fail` otherwise.
pub async fn run(ours: &Path, reference: &Path) -> Result<Vec<CaseReport>, RunError> {
    let deviations = runner::deviations()?;
    let mut reports = Vec::new();
    for transcript in upstream_http_transcripts()? {
        let deviation = deviation_for(&deviations, &transcript.name);
        let name = format!("fixture/{}", transcript.name);
        let deviation = deviation.as_ref();
        let recorded = match runner::recorded(&transcript, deviation) {
            Ok(recorded) => recorded,
            Err(verdict) => {
                reports.push(CaseReport {
                    name,
                    deviation: deviation.map(|d| d.reason.clone()),
                    verdict,
                });
                continue;
            }
        };
        let case = Case {
            name,
            path: recorded.path.clone(),
            exchange: recorded.exchange.clone(),
            expected_count: recorded.expected_count,
        };
        reports
            .push(compare_case(ours, reference, &case, deviation, Some(&recorded.expected)).await);
    }
    for case in generated() {
        let deviation = deviation_for(&deviations, &case.name);
        reports.push(compare_case(ours, reference, &case, deviation.as_ref(), None).await);
    }
    Ok(reports)
}
