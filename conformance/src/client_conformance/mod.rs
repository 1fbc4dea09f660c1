//! Client conformance: plays a recorded engine to a client and checks what the
//! client sends and how it surfaces each recorded answer.
//!
//! For each scenario a fresh Unix socket is served by a *recorded engine*:
//! a server that records every request a client sends (method, path,
//! headers, body) and answers with what the Go engine sent in one of the
//! upstream fixtures (`fixtures/upstream`). Over HTTP/1.1 the answer is the
//! recorded bytes exactly: status line, headers (`Date` included) and body
//! framing. Over HTTP/2 with prior knowledge (gRPC clients; the recorded Go
//! engine did not speak it, this project's does) it is the same answer
//! re-framed: status, headers without the HTTP/1.1 connection ones, the
//! de-chunked body, the chunked trailers as HTTP/2 trailers. The fixture is
//! chosen by the scenario and by the content type the client sent, so a
//! binary-protobuf client hears `getsecrets_proto_*`, a JSON client
//! `getsecrets_json_*`, a gRPC one `grpc_http1_*`. A path the scenario does
//! not serve (an RPC of a later API, say) is answered as the Go engine
//! answered an unknown method (`unknown_rpc_method`, a plain 404). Answers
//! recorded only in Connect JSON (ListPlugins, a secret with metadata, the
//! `**` wildcard) are played to a binary-protobuf client as the recorded JSON
//! answer with its body encoded as the RPC's protobuf message and
//! `Content-Type`/`Content-Length` rewritten, every other header as recorded
//! ([`Source::JsonAsProto`]); the report names them `<fixture> as protobuf`.
//!
//! The scenarios ([`SCENARIOS`]): a hit (an exact ID, one with metadata and
//! a version, the `**` wildcard across three plugins), a miss, an invalid
//! pattern (asked
//! as recorded, so a client may refuse it before sending), an engine-side
//! invalid argument (the recorded answer to a pattern the client accepts:
//! the engine's message must reach the caller), a 415 and a plain HTTP error
//! (an error that keeps its status, not a panic or a hang), and ListPlugins.
//! Each (client, scenario) gives two checks: `request` (POST, the RPC's path,
//! a `Host`, a content type the recorded engine accepts (its `Accept-Post`),
//! `Connect-Protocol-Version: 1` for Connect or `TE: trailers` for gRPC, a
//! body that decodes to what was asked) and `surfaced` (what the client gave
//! its caller). Every client run is bounded by a timeout.
//!
//! # Adding a client
//!
//! A client under test is a [`ClientUnderTest`]: a name, and how to make one
//! [`Call`] against a socket, returning what the client surfaced as a
//! [`Surfaced`] (the secrets or plugins it returned, or its error kind and
//! message). A client with a command line is a [`CommandClient`]: the program,
//! the arguments (and environment) of each call, and a function reading its
//! exit status, stdout and stderr into a [`Surfaced`]; see [`docker_pass`]
//! and [`go_client`]. The generated TypeScript, Python and Go clients
//! (`gen/ts`, `gen/python`, `gen/go`) are `CommandClient`s over small
//! commands in `interop/clients/<language>/` sharing one contract
//! (`read_generated`: `get SOCKET PATTERN` and `plugins SOCKET` print JSON
//! lines, an RPC error is `<code> <message>` on stderr and exit 2); see
//! [`ts_generated`], [`python_generated`] and [`go_generated`]. In-process
//! Rust clients implement the trait directly, as [`RustLibrary`] does. Pass
//! the list to [`run`]; for the command, add the adapter to
//! `client_conformance` in `main.rs` with a `--<client> PATH` option, as
//! `--docker-pass`, `--go-client`, `--ts-client`, `--python-client` and
//! `--go-client-generated` are. A scenario with no recording for the codec a
//! client sends (no gRPC recording of an invalid pattern, say: the Python
//! client speaks only gRPC) is reported `SKIP` for that client, not failed.

use std::collections::BTreeMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::ExitStatus;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use prost::Message;
use secrets_engine_api::resolver::v1::{
    GetSecretsRequest, GetSecretsResponse, ListPluginsResponse,
};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{UnixListener, UnixStream};
use tokio::task::JoinSet;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};

use crate::http1::{HttpRequest, HttpResponse, find, parse_responses};
use crate::meaning::{gunzipped, normalized};
use crate::wire::load_exchange;
use crate::{Transcript, upstream_dir};

/// The path of `GetSecrets`.
pub const GET_SECRETS: &str = "/resolver.v1.ResolverService/GetSecrets";
/// The path of the January 2026 `ListPlugins` (the recorded engine's).
pub const LIST_PLUGINS: &str = "/resolver.v1.ListService/ListPlugins";
/// The path of the August 2026 `ListPlugins`, which the recorded (January)
/// engine does not serve: it answers it as an unknown method.
pub const LIST_PLUGINS_AUGUST: &str = "/plugins.v1.PluginManagementService/ListPlugins";

/// The recording played for a path the scenario does not serve.
const UNKNOWN_METHOD: &str = "unknown_rpc_method";
/// The recording whose `Accept-Post` lists the content types the engine
/// accepts.
const UNSUPPORTED_MEDIA_TYPE: &str = "getsecrets_wrong_content_type_text";

/// What a client is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    /// Every secret matching a pattern.
    GetSecrets(String),
    /// The engine's plugins.
    ListPlugins,
}

/// A secret as a client surfaced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfacedSecret {
    /// The ID.
    pub id: String,
    /// The value's bytes.
    pub value: Vec<u8>,
    /// The plugin that served it.
    pub provider: String,
    /// Its version, when the client surfaces it.
    pub version: Option<String>,
    /// Its metadata, when the client surfaces it.
    pub metadata: Option<BTreeMap<String, String>>,
}

impl SurfacedSecret {
    /// Whether a surfaced secret is this recorded one: ID, value and
    /// provider, and version and metadata where the client surfaces them.
    pub fn surfaced_as(&self, surfaced: &SurfacedSecret) -> bool {
        self.id == surfaced.id
            && self.value == surfaced.value
            && self.provider == surfaced.provider
            && surfaced
                .version
                .as_ref()
                .is_none_or(|v| Some(v) == self.version.as_ref())
            && surfaced
                .metadata
                .as_ref()
                .is_none_or(|m| Some(m) == self.metadata.as_ref())
    }
}

/// A plugin as a client surfaced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfacedPlugin {
    /// The name.
    pub name: String,
    /// The version.
    pub version: String,
    /// The pattern it serves.
    pub pattern: String,
}

/// The kind of a client's error, in the client's own terms mapped to the
/// ones the checks need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The client's not-found.
    NotFound,
    /// The client's invalid argument.
    InvalidArgument,
    /// The client's "the engine does not serve this call".
    Unimplemented,
    /// Anything else, with the client's name for it (e.g. `Unknown`).
    Other(String),
}

/// What a client gave its caller for one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Surfaced {
    /// Secrets, in the order returned.
    Secrets(Vec<SurfacedSecret>),
    /// Plugins, in the order returned.
    Plugins(Vec<SurfacedPlugin>),
    /// An error the caller can act on.
    Error {
        /// Its kind.
        kind: ErrorKind,
        /// Its whole message as the caller sees it.
        message: String,
    },
    /// The client panicked, died of a signal, or said something unreadable.
    Crashed(String),
    /// No answer within the run's timeout.
    TimedOut(Duration),
}

impl std::fmt::Display for Surfaced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Surfaced::Secrets(secrets) => {
                let ids: Vec<String> = secrets
                    .iter()
                    .map(|s| format!("{} from {}", s.id, s.provider))
                    .collect();
                write!(f, "{} secret(s) [{}]", secrets.len(), ids.join(", "))
            }
            Surfaced::Plugins(plugins) => {
                let names: Vec<&str> = plugins.iter().map(|p| p.name.as_str()).collect();
                write!(f, "{} plugin(s) [{}]", plugins.len(), names.join(", "))
            }
            Surfaced::Error { kind, message } => write!(f, "error {kind:?}: {message:?}"),
            Surfaced::Crashed(why) => write!(f, "crashed: {why}"),
            Surfaced::TimedOut(limit) => write!(f, "no answer within {limit:?}"),
        }
    }
}

/// A boxed future of what a client surfaced.
pub type Surfacing<'a> = Pin<Box<dyn Future<Output = Surfaced> + Send + 'a>>;

/// A client under test.
pub trait ClientUnderTest: Send + Sync {
    /// Its name in reports.
    fn name(&self) -> &str;
    /// Makes `call` against the engine on `socket`. The runner bounds it
    /// with a timeout and drops it when that passes (a child process must be
    /// killed on drop).
    fn call<'a>(&'a self, socket: &'a Path, call: &'a Call) -> Surfacing<'a>;
}

// ---------------------------------------------------------------------------
// Codecs and recordings

/// The protocol and codec of a request, from its content type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// Connect, binary protobuf (`application/proto`).
    ConnectProto,
    /// Connect, JSON (`application/json`).
    ConnectJson,
    /// gRPC, binary (`application/grpc`, `application/grpc+proto`).
    Grpc,
    /// gRPC, JSON.
    GrpcJson,
    /// gRPC-Web, binary.
    GrpcWeb,
    /// gRPC-Web, JSON.
    GrpcWebJson,
}

impl Codec {
    /// The codec of a content type, if the engine speaks it.
    pub fn of(content_type: &str) -> Option<Codec> {
        let value = normalized(content_type);
        let (essence, params) = value.split_once(';').unwrap_or((&value, ""));
        if !params.is_empty() && params != "charset=utf-8" {
            return None;
        }
        Some(match essence {
            "application/proto" => Codec::ConnectProto,
            "application/json" => Codec::ConnectJson,
            "application/grpc" | "application/grpc+proto" => Codec::Grpc,
            "application/grpc+json" => Codec::GrpcJson,
            "application/grpc-web" | "application/grpc-web+proto" => Codec::GrpcWeb,
            "application/grpc-web+json" => Codec::GrpcWebJson,
            _ => return None,
        })
    }

    fn is_json(self) -> bool {
        matches!(
            self,
            Codec::ConnectJson | Codec::GrpcJson | Codec::GrpcWebJson
        )
    }

    fn is_framed(self) -> bool {
        !matches!(self, Codec::ConnectProto | Codec::ConnectJson)
    }
}

/// Where a scenario's answer comes from.
#[derive(Debug, Clone, Copy)]
pub enum Source {
    /// A recording, played byte for byte.
    Fixture(&'static str),
    /// A recorded Connect JSON answer (GetSecrets or ListPlugins) with its
    /// body encoded as binary protobuf (for answers recorded in JSON only).
    JsonAsProto(&'static str),
}

/// A recorded answer ready to play.
#[derive(Debug, Clone)]
pub struct Recording {
    /// The fixture (with ` as protobuf` when re-encoded).
    pub name: String,
    /// The bytes to write.
    pub bytes: Vec<u8>,
    /// Whether the recorded engine closed the connection after them.
    pub close: bool,
    /// The same answer, parsed.
    pub response: HttpResponse,
    /// The path of the recorded request.
    pub path: String,
}

/// Loads the answer of the fixture `name`.
pub fn load_recording(name: &str) -> Result<Recording, String> {
    let dir = upstream_dir();
    let transcript =
        Transcript::load(&dir.join(format!("{name}.txt"))).map_err(|e| e.to_string())?;
    let exchange =
        load_exchange(&transcript, &dir).ok_or_else(|| format!("{name}: no recorded bytes"))?;
    let responses = parse_responses(&exchange.server_bytes, exchange.server_closed);
    let [response] = responses.as_slice() else {
        return Err(format!(
            "{name}: the recording holds {} answers, one is needed",
            responses.len()
        ));
    };
    let close = exchange.server_closed
        || response
            .header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"));
    Ok(Recording {
        name: name.to_owned(),
        bytes: exchange.server_bytes,
        close,
        response: response.clone(),
        path: transcript.request_path().unwrap_or_default().to_owned(),
    })
}

impl Source {
    fn load(self) -> Result<Recording, String> {
        match self {
            Source::Fixture(name) => load_recording(name),
            Source::JsonAsProto(name) => {
                let json = load_recording(name)?;
                let recorded = |e: serde_json::Error| format!("{name}: recorded body: {e}");
                let body = if json.path == LIST_PLUGINS {
                    serde_json::from_slice::<ListPluginsResponse>(&json.response.body)
                        .map_err(recorded)?
                        .encode_to_vec()
                } else {
                    serde_json::from_slice::<GetSecretsResponse>(&json.response.body)
                        .map_err(recorded)?
                        .encode_to_vec()
                };
                let recorded = &json.response;
                let mut head = format!(
                    "{} {} {}\r\n",
                    recorded.version, recorded.status, recorded.reason
                );
                for (header, value) in &recorded.headers {
                    let value = match header.to_ascii_lowercase().as_str() {
                        "content-type" => "application/proto".to_owned(),
                        "content-length" => body.len().to_string(),
                        _ => value.clone(),
                    };
                    head.push_str(&format!("{header}: {value}\r\n"));
                }
                head.push_str("\r\n");
                let mut bytes = head.into_bytes();
                bytes.extend_from_slice(&body);
                let response = parse_responses(&bytes, false)
                    .pop()
                    .ok_or_else(|| format!("{name}: re-encoded answer does not parse"))?;
                Ok(Recording {
                    name: format!("{name} as protobuf"),
                    bytes,
                    close: json.close,
                    response,
                    path: json.path,
                })
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Scenarios

/// What a scenario expects the client to surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The recorded secrets (IDs, values, providers, in order).
    Secrets,
    /// The client's not-found.
    NotFound,
    /// Invalid argument; when a request was sent, with the engine's message.
    /// `local_ok`: the client may refuse before sending.
    InvalidArgument {
        /// Whether refusing without a request passes.
        local_ok: bool,
    },
    /// An error whose message keeps the HTTP status.
    KeepsStatus,
    /// The recorded plugins (names, versions, patterns, in order).
    Plugins,
}

/// One scenario: what the client is asked, what the recorded engine answers
/// for each codec, and what the client must surface.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    /// The name in reports.
    pub name: &'static str,
    /// What the client is asked: `Some(pattern)` for GetSecrets, `None` for
    /// ListPlugins.
    pub pattern: Option<&'static str>,
    /// The answer for each codec; a codec without one is skipped.
    pub answers: &'static [(Codec, Source)],
    /// What the client must surface.
    pub expect: Expect,
}

impl Scenario {
    /// The call the client makes.
    pub fn call(&self) -> Call {
        match self.pattern {
            Some(pattern) => Call::GetSecrets(pattern.to_owned()),
            None => Call::ListPlugins,
        }
    }

    /// The path the scenario answers.
    fn path(&self) -> &'static str {
        if self.pattern.is_some() {
            GET_SECRETS
        } else {
            LIST_PLUGINS
        }
    }

    fn answer_for(&self, codec: Codec) -> Option<Source> {
        self.answers
            .iter()
            .find(|(c, _)| *c == codec)
            .map(|(_, source)| *source)
    }
}

/// The same answer whatever the codec.
const fn every_codec(source: Source) -> [(Codec, Source); 6] {
    [
        (Codec::ConnectProto, source),
        (Codec::ConnectJson, source),
        (Codec::Grpc, source),
        (Codec::GrpcJson, source),
        (Codec::GrpcWeb, source),
        (Codec::GrpcWebJson, source),
    ]
}

const INVALID: &[(Codec, Source)] = &[
    (
        Codec::ConnectProto,
        Source::Fixture("getsecrets_proto_invalid"),
    ),
    (
        Codec::ConnectJson,
        Source::Fixture("getsecrets_json_invalid_double_slash"),
    ),
];

/// Every scenario, each named after the fixture whose answer it plays.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "hit",
        pattern: Some("foo"),
        answers: &[
            (
                Codec::ConnectProto,
                Source::Fixture("getsecrets_proto_exact"),
            ),
            (Codec::ConnectJson, Source::Fixture("getsecrets_json_exact")),
            (Codec::Grpc, Source::Fixture("grpc_http1_proto")),
            (Codec::GrpcJson, Source::Fixture("grpc_http1_json")),
            (Codec::GrpcWeb, Source::Fixture("grpcweb_proto")),
            (Codec::GrpcWebJson, Source::Fixture("grpcweb_json")),
        ],
        expect: Expect::Secrets,
    },
    Scenario {
        name: "hit_metadata",
        pattern: Some("a/b"),
        answers: &[
            (
                Codec::ConnectJson,
                Source::Fixture("getsecrets_json_exact_metadata"),
            ),
            (
                Codec::ConnectProto,
                Source::JsonAsProto("getsecrets_json_exact_metadata"),
            ),
        ],
        expect: Expect::Secrets,
    },
    Scenario {
        name: "hit_wildcard",
        pattern: Some("**"),
        answers: &[
            (
                Codec::ConnectJson,
                Source::Fixture("getsecrets_json_wildcard_doublestar"),
            ),
            (
                Codec::ConnectProto,
                Source::JsonAsProto("getsecrets_json_wildcard_doublestar"),
            ),
        ],
        expect: Expect::Secrets,
    },
    Scenario {
        name: "miss",
        pattern: Some("nope"),
        answers: &[
            (
                Codec::ConnectProto,
                Source::Fixture("getsecrets_proto_notfound"),
            ),
            (
                Codec::ConnectJson,
                Source::Fixture("getsecrets_json_notfound"),
            ),
            (Codec::Grpc, Source::Fixture("grpc_http1_notfound")),
        ],
        expect: Expect::NotFound,
    },
    Scenario {
        name: "invalid_pattern",
        pattern: Some("a//b"),
        answers: INVALID,
        expect: Expect::InvalidArgument { local_ok: true },
    },
    Scenario {
        name: "engine_invalid_argument",
        pattern: Some("foo"),
        answers: INVALID,
        expect: Expect::InvalidArgument { local_ok: false },
    },
    Scenario {
        name: "unsupported_media_type",
        pattern: Some("foo"),
        answers: &every_codec(Source::Fixture(UNSUPPORTED_MEDIA_TYPE)),
        expect: Expect::KeepsStatus,
    },
    Scenario {
        name: "http_error",
        pattern: Some("foo"),
        answers: &every_codec(Source::Fixture("http11_no_host")),
        expect: Expect::KeepsStatus,
    },
    Scenario {
        name: "list_plugins",
        pattern: None,
        answers: &[
            (Codec::ConnectJson, Source::Fixture("listplugins_json")),
            (Codec::ConnectProto, Source::JsonAsProto("listplugins_json")),
        ],
        expect: Expect::Plugins,
    },
];

// ---------------------------------------------------------------------------
// The recorded engine

/// One request the recorded engine received, and what it answered.
#[derive(Debug, Clone)]
pub struct Served {
    /// The request as sent (over HTTP/2, `:authority` as `host`).
    pub request: HttpRequest,
    /// `HTTP/1.1`, or `HTTP/2` (prior knowledge).
    pub protocol: &'static str,
    /// The codec of its content type, if the engine speaks it.
    pub codec: Option<Codec>,
    /// The recording played (its name), or why none was.
    pub answer: Result<String, String>,
}

#[derive(Default)]
struct EngineState {
    served: Vec<Served>,
}

/// A stream whose first bytes (read before knowing the protocol) are read
/// again.
struct Rewind {
    prefix: Vec<u8>,
    at: usize,
    inner: UnixStream,
}

impl tokio::io::AsyncRead for Rewind {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let this = &mut *self;
        if this.at < this.prefix.len() {
            let n = buf.remaining().min(this.prefix.len() - this.at);
            buf.put_slice(&this.prefix[this.at..this.at + n]);
            this.at += n;
            return std::task::Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Rewind {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// The headers of an HTTP/1.1 answer that HTTP/2 does not carry.
const CONNECTION_HEADERS: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "upgrade",
    "te",
];

/// A recorded HTTP/1.1 answer as an HTTP/2 one: its status, its headers but
/// the connection ones, its (de-chunked) body and its trailers.
fn reframed(recorded: &HttpResponse) -> http::Response<BoxBody<Bytes, std::convert::Infallible>> {
    let mut response = http::Response::new(
        Full::new(Bytes::from(recorded.body.clone()))
            .with_trailers(std::future::ready(header_map(&recorded.trailers).map(Ok)))
            .boxed(),
    );
    *response.status_mut() =
        http::StatusCode::from_u16(recorded.status).unwrap_or(http::StatusCode::BAD_GATEWAY);
    if let Some(headers) = header_map(
        &recorded
            .headers
            .iter()
            .filter(|(name, _)| !CONNECTION_HEADERS.contains(&name.to_ascii_lowercase().as_str()))
            .cloned()
            .collect::<Vec<_>>(),
    ) {
        *response.headers_mut() = headers;
    }
    response
}

/// Fields as a header map; `None` when there are none.
fn header_map(fields: &[(String, String)]) -> Option<http::HeaderMap> {
    let mut map = http::HeaderMap::new();
    for (name, value) in fields {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::try_from(name.as_str()),
            http::HeaderValue::try_from(value.as_str()),
        ) {
            map.append(name, value);
        }
    }
    (!map.is_empty()).then_some(map)
}

struct RecordedEngine {
    scenario: Scenario,
    unknown_method: Recording,
    unsupported: Recording,
    state: Mutex<EngineState>,
}

impl RecordedEngine {
    /// The answer to `request`, recorded in the log.
    fn answer(&self, request: HttpRequest, protocol: &'static str) -> Result<Recording, String> {
        let codec = request.header("content-type").and_then(Codec::of);
        let answer = if request.path != self.scenario.path() {
            Ok(self.unknown_method.clone())
        } else {
            match codec {
                // As the Go engine answers any type it does not speak.
                None => Ok(self.unsupported.clone()),
                Some(codec) => match self.scenario.answer_for(codec) {
                    Some(source) => source.load(),
                    None => Err(format!(
                        "no recorded answer of {} for {codec:?}",
                        self.scenario.name
                    )),
                },
            }
        };
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.served.push(Served {
            request,
            protocol,
            codec,
            answer: answer
                .as_ref()
                .map(|r| r.name.clone())
                .map_err(Clone::clone),
        });
        answer
    }

    /// Serves HTTP/2 with prior knowledge (gRPC clients): each answer is
    /// the recording re-framed (status, headers without the HTTP/1.1
    /// connection ones, body, trailers as HTTP/2 trailers).
    async fn serve_h2c(self: Arc<Self>, stream: Rewind) {
        let service = hyper::service::service_fn(move |request: http::Request<Incoming>| {
            let engine = self.clone();
            async move {
                let (parts, body) = request.into_parts();
                let body = body
                    .collect()
                    .await
                    .map(|c| c.to_bytes().to_vec())
                    .unwrap_or_default();
                let mut headers: Vec<(String, String)> = parts
                    .uri
                    .authority()
                    .map(|a| ("host".to_owned(), a.to_string()))
                    .into_iter()
                    .collect();
                headers.extend(parts.headers.iter().map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                }));
                let request = HttpRequest {
                    method: parts.method.to_string(),
                    path: parts
                        .uri
                        .path_and_query()
                        .map_or("/", |p| p.as_str())
                        .to_owned(),
                    headers,
                    body,
                };
                let answer = engine.answer(request, "HTTP/2");
                Ok::<_, std::convert::Infallible>(match answer {
                    Ok(recording) => reframed(&recording.response),
                    // Not recorded: the scenario is skipped for this client.
                    Err(_) => reframed(&HttpResponse {
                        status: 501,
                        ..HttpResponse::default()
                    }),
                })
            }
        });
        let _ = hyper::server::conn::http2::Builder::new(TokioExecutor::new())
            .serve_connection(TokioIo::new(stream), service)
            .await;
    }

    async fn serve_connection(self: Arc<Self>, mut stream: UnixStream) {
        let mut buffer = Vec::new();
        let mut continued = false;
        let mut chunk = [0u8; 16 * 1024];
        loop {
            if buffer.starts_with(b"PRI * HTTP/2.0") {
                let stream = Rewind {
                    prefix: buffer,
                    at: 0,
                    inner: stream,
                };
                self.serve_h2c(stream).await;
                return;
            }
            if let Some(request) = HttpRequest::parse(&buffer) {
                buffer.clear();
                continued = false;
                let Ok(recording) = self.answer(request, "HTTP/1.1") else {
                    // Not recorded for this codec: hang up, the scenario is
                    // skipped for this client.
                    return;
                };
                if stream.write_all(&recording.bytes).await.is_err() || recording.close {
                    return;
                }
                continue;
            }
            // A client waiting for `100 Continue` before its body.
            if !continued
                && let Some(end) = find(&buffer, b"\r\n\r\n")
                && String::from_utf8_lossy(&buffer[..end])
                    .to_ascii_lowercase()
                    .contains("\r\nexpect: 100-continue")
            {
                continued = true;
                if stream
                    .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                    .await
                    .is_err()
                {
                    return;
                }
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
    }
}

/// Plays the recorded engine of `scenario` on `socket` while `client` makes
/// its call; the requests it served and what the client surfaced.
async fn play(
    scenario: &Scenario,
    client: &dyn ClientUnderTest,
    socket: &Path,
    timeout: Duration,
) -> Result<(Vec<Served>, Surfaced), String> {
    let engine = Arc::new(RecordedEngine {
        scenario: *scenario,
        unknown_method: load_recording(UNKNOWN_METHOD)?,
        unsupported: load_recording(UNSUPPORTED_MEDIA_TYPE)?,
        state: Mutex::default(),
    });
    let listener =
        UnixListener::bind(socket).map_err(|e| format!("bind {}: {e}", socket.display()))?;
    let accepting = engine.clone();
    let server = tokio::spawn(async move {
        // Dropped (and its connections aborted) when the server is aborted.
        let mut connections = JoinSet::new();
        while let Ok((stream, _)) = listener.accept().await {
            let engine = accepting.clone();
            connections.spawn(engine.serve_connection(stream));
        }
    });
    let call = scenario.call();
    let surfaced = tokio::time::timeout(timeout, client.call(socket, &call))
        .await
        .unwrap_or(Surfaced::TimedOut(timeout));
    server.abort();
    let _ = server.await;
    let state = std::mem::take(&mut *engine.state.lock().unwrap_or_else(|p| p.into_inner()));
    Ok((state.served, surfaced))
}

// ---------------------------------------------------------------------------
// Checks

/// A check's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Passed, with what was seen.
    Pass(String),
    /// Failed, with every problem.
    Fail(Vec<String>),
    /// Not run, and why.
    Skip(String),
}

/// One check of one client in one scenario.
#[derive(Debug, Clone)]
pub struct Check {
    /// The client.
    pub client: String,
    /// The scenario.
    pub scenario: String,
    /// `request` or `surfaced`.
    pub check: &'static str,
    /// The result.
    pub outcome: Outcome,
}

impl std::fmt::Display for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = format!("{} {} {}", self.client, self.scenario, self.check);
        match &self.outcome {
            Outcome::Pass(seen) => write!(f, "PASS {what}: {seen}"),
            Outcome::Skip(why) => write!(f, "SKIP {what}: {why}"),
            Outcome::Fail(problems) => write!(f, "FAIL {what}\n  {}", problems.join("\n  ")),
        }
    }
}

/// The message bytes of a request body: decompressed, unframed for gRPC.
fn request_message(request: &HttpRequest, codec: Codec) -> Result<Vec<u8>, String> {
    let body = gunzipped(request.header("content-encoding"), &request.body);
    if !codec.is_framed() {
        return Ok(body);
    }
    let [flag, a, b, c, d, rest @ ..] = body.as_slice() else {
        return Err(format!("a gRPC body of {} bytes has no frame", body.len()));
    };
    let length = u32::from_be_bytes([*a, *b, *c, *d]) as usize;
    if rest.len() != length {
        return Err(format!(
            "the frame says {length} bytes, {} follow",
            rest.len()
        ));
    }
    if flag & 1 == 1 {
        return Ok(gunzipped(request.header("grpc-encoding"), rest));
    }
    Ok(rest.to_vec())
}

/// The problems of one request, asked `call`.
fn request_problems(served: &Served, call: &Call, accepted: &[String]) -> Vec<String> {
    let request = &served.request;
    let mut problems = Vec::new();
    if request.method != "POST" {
        problems.push(format!("method {}, not POST", request.method));
    }
    let paths: &[&str] = match call {
        Call::GetSecrets(_) => &[GET_SECRETS],
        Call::ListPlugins => &[LIST_PLUGINS, LIST_PLUGINS_AUGUST],
    };
    if !paths.contains(&request.path.as_str()) {
        problems.push(format!("path {}, not {}", request.path, paths.join(" or ")));
    }
    // The Go engine refuses HTTP/1.1 without one (http11_no_host).
    if request.header("host").is_none_or(str::is_empty) {
        problems.push("no Host header (the Go engine answers 400)".to_owned());
    }
    let content_type = request.header("content-type").unwrap_or_default();
    if !accepted.contains(&normalized(content_type)) {
        problems.push(format!(
            "content type {content_type:?} is not one the engine accepts ({UNSUPPORTED_MEDIA_TYPE})"
        ));
    }
    let Some(codec) = served.codec else {
        return problems;
    };
    match codec {
        Codec::ConnectProto | Codec::ConnectJson => {
            if request.header("connect-protocol-version") != Some("1") {
                problems.push(format!(
                    "Connect-Protocol-Version {:?}, not \"1\"",
                    request.header("connect-protocol-version")
                ));
            }
        }
        Codec::Grpc | Codec::GrpcJson => {
            if request.header("te") != Some("trailers") {
                problems.push(format!("TE {:?}, not \"trailers\"", request.header("te")));
            }
        }
        Codec::GrpcWeb | Codec::GrpcWebJson => {}
    }
    let message = match request_message(request, codec) {
        Ok(message) => message,
        Err(e) => {
            problems.push(e);
            return problems;
        }
    };
    match call {
        Call::GetSecrets(pattern) => {
            let sent = if codec.is_json() {
                serde_json::from_slice::<Value>(&message)
                    .map_err(|e| e.to_string())
                    .and_then(|v| {
                        v.get("pattern")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                            .ok_or_else(|| format!("no \"pattern\" string in {v}"))
                    })
            } else {
                GetSecretsRequest::decode(&message[..])
                    .map_err(|e| e.to_string())
                    .map(|r| r.pattern.unwrap_or_default())
            };
            match sent {
                Ok(sent) if sent == *pattern => {}
                Ok(sent) => problems.push(format!("asked for {sent:?}, not {pattern:?}")),
                Err(e) => problems.push(format!("the body does not decode: {e}")),
            }
        }
        Call::ListPlugins => {
            let empty = if codec.is_json() {
                serde_json::from_slice::<Value>(&message)
                    .is_ok_and(|v| v.as_object().is_some_and(|o| o.is_empty()))
            } else {
                message.is_empty()
            };
            if !empty {
                problems.push(format!(
                    "the body is not an empty ListPluginsRequest: {:?}",
                    String::from_utf8_lossy(&message)
                ));
            }
        }
    }
    problems
}

fn request_summary(served: &Served) -> String {
    let request = &served.request;
    format!(
        "{} {} {} {} -> {}",
        served.protocol,
        request.method,
        request.path,
        request
            .header("content-type")
            .unwrap_or("(no content type)"),
        served.answer.as_deref().unwrap_or("(none)")
    )
}

/// The secrets a recorded GetSecrets answer carries.
fn recorded_secrets(recording: &Recording, codec: Codec) -> Result<Vec<SurfacedSecret>, String> {
    let response = &recording.response;
    let mut body = response.body.clone();
    if codec.is_framed() {
        let [_, a, b, c, d, rest @ ..] = body.as_slice() else {
            return Err(format!("{}: no message frame", recording.name));
        };
        let length = u32::from_be_bytes([*a, *b, *c, *d]) as usize;
        body = rest
            .get(..length)
            .ok_or_else(|| format!("{}: short frame", recording.name))?
            .to_vec();
    }
    if codec.is_json() {
        let value: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        let envelopes = value["envelopes"].as_array().cloned().unwrap_or_default();
        envelopes
            .iter()
            .map(|e| {
                Ok(SurfacedSecret {
                    id: e["id"].as_str().unwrap_or_default().to_owned(),
                    value: STANDARD
                        .decode(e["value"].as_str().unwrap_or_default())
                        .map_err(|e| e.to_string())?,
                    provider: e["provider"].as_str().unwrap_or_default().to_owned(),
                    version: Some(e["version"].as_str().unwrap_or_default().to_owned()),
                    metadata: Some(
                        e["metadata"]
                            .as_object()
                            .map(|m| {
                                m.iter()
                                    .map(|(k, v)| {
                                        (k.clone(), v.as_str().unwrap_or_default().to_owned())
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                    ),
                })
            })
            .collect()
    } else {
        let message = GetSecretsResponse::decode(&body[..]).map_err(|e| e.to_string())?;
        Ok(message
            .envelopes
            .into_iter()
            .map(|e| SurfacedSecret {
                id: e.id.unwrap_or_default(),
                value: e.value.unwrap_or_default(),
                provider: e.provider.unwrap_or_default(),
                version: Some(e.version.unwrap_or_default()),
                metadata: Some(e.metadata.into_iter().collect()),
            })
            .collect())
    }
}

/// The first way `surfaced` differs from `expected` (values are not shown).
fn secret_difference(expected: &[SurfacedSecret], surfaced: &[SurfacedSecret]) -> String {
    if expected.len() != surfaced.len() {
        return format!("{} surfaced", surfaced.len());
    }
    for (index, (e, s)) in expected.iter().zip(surfaced).enumerate() {
        let field = if e.id != s.id {
            format!("ID {:?}, recorded {:?}", s.id, e.id)
        } else if e.value != s.value {
            format!(
                "the value ({} bytes) is not the recorded one",
                s.value.len()
            )
        } else if e.provider != s.provider {
            format!("provider {:?}, recorded {:?}", s.provider, e.provider)
        } else if !e.surfaced_as(s) {
            format!(
                "version {:?} / metadata {:?}, recorded {:?} / {:?}",
                s.version, s.metadata, e.version, e.metadata
            )
        } else {
            continue;
        };
        return format!("secret {index}: {field}");
    }
    "no difference".to_owned()
}

/// The plugins of the recorded ListPlugins answer.
fn recorded_plugins() -> Result<Vec<SurfacedPlugin>, String> {
    let recording = load_recording("listplugins_json")?;
    let message: ListPluginsResponse =
        serde_json::from_slice(&recording.response.body).map_err(|e| e.to_string())?;
    Ok(message
        .plugins
        .into_iter()
        .map(|p| SurfacedPlugin {
            name: p.name.unwrap_or_default(),
            version: p.version.unwrap_or_default(),
            pattern: p.pattern.unwrap_or_default(),
        })
        .collect())
}

/// The Connect error message of a recorded answer.
fn recorded_message(recording: &Recording) -> Option<String> {
    serde_json::from_slice::<Value>(&recording.response.body)
        .ok()?
        .get("message")?
        .as_str()
        .map(str::to_owned)
}

/// Judges what the client surfaced.
fn surfaced_outcome(scenario: &Scenario, served: &[Served], surfaced: &Surfaced) -> Outcome {
    if let Surfaced::Crashed(_) | Surfaced::TimedOut(_) = surfaced {
        return Outcome::Fail(vec![surfaced.to_string()]);
    }
    // The last request to the scenario's own path decided the answer.
    let decisive = served
        .iter()
        .rfind(|s| s.request.path == scenario.path() && s.answer.is_ok());
    let played = decisive.and_then(|s| {
        let name = s.answer.as_ref().ok()?;
        let source = scenario.answer_for(s.codec?)?;
        let recording = source.load().ok()?;
        (recording.name == *name).then_some((recording, s.codec?))
    });
    let fail = |problem: String| Outcome::Fail(vec![format!("{problem}; surfaced {surfaced}")]);
    match scenario.expect {
        Expect::Secrets => {
            let Some((recording, codec)) = played else {
                return fail("no recorded hit was played".to_owned());
            };
            let expected = match recorded_secrets(&recording, codec) {
                Ok(expected) => expected,
                Err(e) => return Outcome::Fail(vec![format!("reading the recording: {e}")]),
            };
            match surfaced {
                Surfaced::Secrets(secrets)
                    if secrets.len() == expected.len()
                        && expected.iter().zip(secrets).all(|(e, s)| e.surfaced_as(s)) =>
                {
                    let compared = match secrets.first() {
                        Some(s) if s.version.is_some() && s.metadata.is_some() => {
                            "IDs, values, providers, versions, metadata"
                        }
                        _ => "IDs, values, providers",
                    };
                    Outcome::Pass(format!(
                        "{surfaced} as recorded in {} ({compared})",
                        recording.name
                    ))
                }
                Surfaced::Secrets(secrets) => fail(format!(
                    "expected the recorded {} secret(s) of {}: {}",
                    expected.len(),
                    recording.name,
                    secret_difference(&expected, secrets)
                )),
                _ => fail(format!(
                    "expected the recorded {} secret(s) of {}",
                    expected.len(),
                    recording.name
                )),
            }
        }
        Expect::NotFound => match surfaced {
            Surfaced::Error {
                kind: ErrorKind::NotFound,
                ..
            } => Outcome::Pass(surfaced.to_string()),
            _ => fail("expected the client's not-found".to_owned()),
        },
        Expect::InvalidArgument { local_ok } => {
            let Surfaced::Error {
                kind: ErrorKind::InvalidArgument,
                message,
            } = surfaced
            else {
                return fail("expected invalid-argument".to_owned());
            };
            match played {
                None if served.is_empty() && local_ok => {
                    Outcome::Pass(format!("{surfaced} (refused before sending)"))
                }
                None => fail("no recorded invalid-argument answer was played".to_owned()),
                Some((recording, _)) => {
                    let expected = recorded_message(&recording).unwrap_or_default();
                    if message.contains(&expected) {
                        Outcome::Pass(format!("{surfaced} (the engine's message kept)"))
                    } else {
                        fail(format!(
                            "the engine's message {expected:?} ({}) is lost",
                            recording.name
                        ))
                    }
                }
            }
        }
        Expect::KeepsStatus => {
            let Some((recording, _)) = played else {
                return fail("the recorded error was not played".to_owned());
            };
            let status = recording.response.status.to_string();
            match surfaced {
                Surfaced::Error { message, .. } if message.contains(&status) => {
                    Outcome::Pass(format!("{surfaced} (keeps {status} of {})", recording.name))
                }
                _ => fail(format!(
                    "expected an error naming the status {status} of {}",
                    recording.name
                )),
            }
        }
        Expect::Plugins => {
            if decisive.is_none() && served.iter().any(|s| s.request.path == LIST_PLUGINS_AUGUST) {
                // The client asks only the August API, which the recorded
                // engine answers as an unknown method (404).
                return match surfaced {
                    Surfaced::Error {
                        kind: ErrorKind::Unimplemented,
                        ..
                    } => Outcome::Pass(format!(
                        "{surfaced} (asks only {LIST_PLUGINS_AUGUST}, which the recorded engine answers {UNKNOWN_METHOD})"
                    )),
                    _ => fail(format!(
                        "{LIST_PLUGINS_AUGUST} was answered {UNKNOWN_METHOD}: expected unimplemented"
                    )),
                };
            }
            let Some((recording, _)) = played else {
                return fail("no recorded ListPlugins answer was played".to_owned());
            };
            let expected = match recorded_plugins() {
                Ok(expected) => expected,
                Err(e) => return Outcome::Fail(vec![format!("reading the recording: {e}")]),
            };
            match surfaced {
                Surfaced::Plugins(plugins) if *plugins == expected => {
                    Outcome::Pass(format!("{surfaced} as recorded in {}", recording.name))
                }
                _ => fail(format!(
                    "expected the recorded plugins {:?}",
                    expected.iter().map(|p| &p.name).collect::<Vec<_>>()
                )),
            }
        }
    }
}

/// The content types the recorded engine accepts: the `Accept-Post` of its
/// 415 answer.
fn accepted_content_types() -> Result<Vec<String>, String> {
    let recording = load_recording(UNSUPPORTED_MEDIA_TYPE)?;
    let accept = recording
        .response
        .header("accept-post")
        .ok_or_else(|| format!("{UNSUPPORTED_MEDIA_TYPE}: no Accept-Post"))?;
    Ok(accept.split(',').map(|t| normalized(t.trim())).collect())
}

/// Runs `scenarios` against every client; two checks per (client,
/// scenario), each client run bounded by `timeout`.
pub async fn run(
    clients: &[Box<dyn ClientUnderTest>],
    scenarios: &[Scenario],
    timeout: Duration,
) -> Result<Vec<Check>, String> {
    let accepted = accepted_content_types()?;
    let dir = tempfile::tempdir().map_err(|e| format!("temporary directory: {e}"))?;
    let mut checks = Vec::new();
    for client in clients {
        for (index, scenario) in scenarios.iter().enumerate() {
            let socket = dir.path().join(format!("engine-{index}.sock"));
            let _ = std::fs::remove_file(&socket);
            let (served, surfaced) = play(scenario, client.as_ref(), &socket, timeout).await?;
            let check = |check, outcome| Check {
                client: client.name().to_owned(),
                scenario: scenario.name.to_owned(),
                check,
                outcome,
            };
            if let Some(why) = served.iter().find_map(|s| s.answer.as_ref().err()) {
                checks.push(check("request", Outcome::Skip(why.clone())));
                checks.push(check("surfaced", Outcome::Skip(why.clone())));
                continue;
            }
            let call = scenario.call();
            let mut problems: Vec<String> = Vec::new();
            for one in &served {
                problems.extend(
                    request_problems(one, &call, &accepted)
                        .into_iter()
                        .map(|p| format!("{}: {p}", one.request.path)),
                );
            }
            let refused_locally = matches!(
                (scenario.expect, &surfaced),
                (
                    Expect::InvalidArgument { local_ok: true },
                    Surfaced::Error {
                        kind: ErrorKind::InvalidArgument,
                        ..
                    }
                )
            );
            if served.is_empty() && !refused_locally {
                problems.push("the client sent no request".to_owned());
            }
            let request = if problems.is_empty() {
                let seen: Vec<String> = served.iter().map(request_summary).collect();
                Outcome::Pass(if seen.is_empty() {
                    "no request (refused before sending)".to_owned()
                } else {
                    seen.join("; ")
                })
            } else {
                Outcome::Fail(problems)
            };
            checks.push(check("request", request));
            checks.push(check(
                "surfaced",
                surfaced_outcome(scenario, &served, &surfaced),
            ));
        }
    }
    Ok(checks)
}

// ---------------------------------------------------------------------------
// Clients under test

/// The Rust client library (`secrets-engine-client`), in process.
#[derive(Debug, Default)]
pub struct RustLibrary;

/// Aborts a task when dropped (a timed-out call).
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn rust_error(error: &secrets_engine_client::Error) -> Surfaced {
    use secrets_engine_client::Error;
    let kind = match error {
        Error::NotFound { .. } => ErrorKind::NotFound,
        Error::InvalidArgument(_) => ErrorKind::InvalidArgument,
        Error::Unimplemented(_) => ErrorKind::Unimplemented,
        Error::Protocol { code, .. } => ErrorKind::Other(format!("Protocol({code:?})")),
        Error::PermissionDenied(_) => ErrorKind::Other("PermissionDenied".to_owned()),
        Error::Unavailable(_) => ErrorKind::Other("Unavailable".to_owned()),
        Error::EngineNotRunning { .. } => ErrorKind::Other("EngineNotRunning".to_owned()),
        Error::Timeout(_) => ErrorKind::Other("Timeout".to_owned()),
        _ => ErrorKind::Other("other".to_owned()),
    };
    Surfaced::Error {
        kind,
        message: error.to_string(),
    }
}

impl ClientUnderTest for RustLibrary {
    fn name(&self) -> &str {
        "rust-client"
    }

    fn call<'a>(&'a self, socket: &'a Path, call: &'a Call) -> Surfacing<'a> {
        let client = secrets_engine_client::Client::connect(socket);
        let call = call.clone();
        Box::pin(async move {
            // In a task of its own, so a panic is a result.
            let mut task = AbortOnDrop(tokio::spawn(async move {
                match call {
                    Call::GetSecrets(pattern) => match client.get_secrets(&pattern).await {
                        Ok(secrets) => Surfaced::Secrets(
                            secrets
                                .iter()
                                .map(|s| SurfacedSecret {
                                    id: s.id.as_str().to_owned(),
                                    value: s.value.expose().to_vec(),
                                    provider: s.provider.clone(),
                                    version: Some(s.version.clone()),
                                    metadata: Some(s.metadata.clone()),
                                })
                                .collect(),
                        ),
                        Err(e) => rust_error(&e),
                    },
                    Call::ListPlugins => match client.list_plugins().await {
                        Ok(plugins) => Surfaced::Plugins(
                            plugins
                                .into_iter()
                                .map(|p| SurfacedPlugin {
                                    name: p.name,
                                    version: p.version,
                                    pattern: p.pattern,
                                })
                                .collect(),
                        ),
                        Err(e) => rust_error(&e),
                    },
                }
            }));
            match (&mut task.0).await {
                Ok(surfaced) => surfaced,
                Err(e) => Surfaced::Crashed(format!("the call's task failed: {e}")),
            }
        })
    }
}

/// The arguments of a command, and the variables added to its environment.
pub type CommandLine = (Vec<String>, Vec<(String, String)>);

/// How a command-line client is run and read.
pub struct CommandClient {
    /// The name in reports.
    pub name: String,
    /// The program.
    pub program: PathBuf,
    /// Arguments before each call's (a script for an interpreter, say).
    pub arguments: Vec<String>,
    /// The arguments and extra environment of a call against a socket.
    pub command: fn(&Path, &Call) -> CommandLine,
    /// What the client surfaced: from the call, its exit status, stdout and
    /// stderr.
    pub read: fn(&Call, ExitStatus, &str, &str) -> Surfaced,
}

impl ClientUnderTest for CommandClient {
    fn name(&self) -> &str {
        &self.name
    }

    fn call<'a>(&'a self, socket: &'a Path, call: &'a Call) -> Surfacing<'a> {
        Box::pin(async move {
            let (args, env) = (self.command)(socket, call);
            let child = tokio::process::Command::new(&self.program)
                .args(&self.arguments)
                .args(&args)
                .envs(env)
                .stdin(std::process::Stdio::null())
                .kill_on_drop(true)
                .output();
            match child.await {
                Ok(output) => (self.read)(
                    call,
                    output.status,
                    &String::from_utf8_lossy(&output.stdout),
                    &String::from_utf8_lossy(&output.stderr),
                ),
                Err(e) => Surfaced::Crashed(format!("cannot run {}: {e}", self.program.display())),
            }
        })
    }
}

/// A process that did not exit with a status (a signal), or panicked.
fn crashed(status: ExitStatus, stderr: &str) -> Option<Surfaced> {
    use std::os::unix::process::ExitStatusExt;
    if let Some(signal) = status.signal() {
        return Some(Surfaced::Crashed(format!(
            "killed by signal {signal}: {}",
            stderr.trim()
        )));
    }
    if stderr.contains("panicked at") || stderr.starts_with("panic:") {
        return Some(Surfaced::Crashed(format!("panicked: {}", stderr.trim())));
    }
    None
}

/// The `docker-pass` engine commands: `resolve PATTERN --json` and `plugins`,
/// the engine found through `DOCKER_SECRETS_ENGINE_SOCKET`.
pub fn docker_pass(program: PathBuf) -> CommandClient {
    CommandClient {
        name: "docker-pass".to_owned(),
        program,
        arguments: Vec::new(),
        command: |socket, call| {
            let args = match call {
                Call::GetSecrets(pattern) => {
                    vec!["resolve".into(), pattern.clone(), "--json".into()]
                }
                Call::ListPlugins => vec!["plugins".into()],
            };
            let env = vec![(
                "DOCKER_SECRETS_ENGINE_SOCKET".to_owned(),
                socket.display().to_string(),
            )];
            (args, env)
        },
        read: read_docker_pass,
    }
}

fn read_docker_pass(call: &Call, status: ExitStatus, stdout: &str, stderr: &str) -> Surfaced {
    if let Some(crash) = crashed(status, stderr) {
        return crash;
    }
    if !status.success() {
        let Some(message) = stderr.trim().strip_prefix("Error: ") else {
            return Surfaced::Crashed(format!("{status}, stderr {stderr:?}"));
        };
        // The Rust client's error texts, as docker-pass prints them.
        let kind = if message.starts_with("no secret matches") {
            ErrorKind::NotFound
        } else if message.starts_with("invalid argument: ") {
            ErrorKind::InvalidArgument
        } else if message.starts_with("the engine does not support this call") {
            ErrorKind::Unimplemented
        } else if let Some(rest) = message.strip_prefix("the engine answered ") {
            ErrorKind::Other(rest.split(':').next().unwrap_or_default().to_owned())
        } else {
            ErrorKind::Other("error".to_owned())
        };
        return Surfaced::Error {
            kind,
            message: message.to_owned(),
        };
    }
    match call {
        Call::GetSecrets(_) => {
            let Ok(Value::Array(items)) = serde_json::from_str::<Value>(stdout) else {
                return Surfaced::Crashed(format!("stdout is not a JSON array: {stdout:?}"));
            };
            let secrets: Result<Vec<SurfacedSecret>, String> = items
                .iter()
                .map(|item| {
                    Ok(SurfacedSecret {
                        id: item["id"].as_str().unwrap_or_default().to_owned(),
                        value: STANDARD
                            .decode(item["value"].as_str().unwrap_or_default())
                            .map_err(|e| format!("value of {item}: {e}"))?,
                        provider: item["provider"].as_str().unwrap_or_default().to_owned(),
                        version: item["version"].as_str().map(str::to_owned),
                        metadata: item["metadata"].as_object().map(|m| {
                            m.iter()
                                .map(|(k, v)| {
                                    (k.clone(), v.as_str().unwrap_or_default().to_owned())
                                })
                                .collect()
                        }),
                    })
                })
                .collect();
            secrets.map_or_else(Surfaced::Crashed, Surfaced::Secrets)
        }
        Call::ListPlugins => read_plugin_table(stdout),
    }
}

/// The `NAME VERSION PATTERN …` table of `docker-pass plugins`, cut at the
/// header's column starts (a cell may be empty).
fn read_plugin_table(stdout: &str) -> Surfaced {
    let mut lines = stdout.lines();
    let Some(header) = lines.next() else {
        return Surfaced::Crashed("no output".to_owned());
    };
    let columns: Option<Vec<usize>> = ["NAME", "VERSION", "PATTERN", "KIND"]
        .iter()
        .map(|title| header.find(title))
        .collect();
    let Some(columns) = columns else {
        return Surfaced::Crashed(format!("unexpected header {header:?}"));
    };
    let cell = |line: &str, i: usize| {
        line.get(columns[i]..columns[i + 1])
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    Surfaced::Plugins(
        lines
            .filter(|l| !l.trim().is_empty())
            .map(|line| SurfacedPlugin {
                name: cell(line, 0),
                version: cell(line, 1),
                pattern: cell(line, 2),
            })
            .collect(),
    )
}

/// Docker's Go client v0.0.30 through its CLI (`interop/go-sdk-v0.3.2/cmd/client`,
/// the peer `sdk-client-v0.3.2`): `-socket S get PATTERN` and `plugins`.
pub fn go_client(program: PathBuf) -> CommandClient {
    CommandClient {
        name: "go-client-v0.0.30".to_owned(),
        program,
        arguments: Vec::new(),
        command: |socket, call| {
            let mut args = vec!["-socket".to_owned(), socket.display().to_string()];
            match call {
                Call::GetSecrets(pattern) => args.extend(["get".to_owned(), pattern.clone()]),
                Call::ListPlugins => args.push("plugins".to_owned()),
            }
            (args, Vec::new())
        },
        read: read_go_client,
    }
}

fn read_go_client(call: &Call, status: ExitStatus, stdout: &str, stderr: &str) -> Surfaced {
    if let Some(crash) = crashed(status, stderr) {
        return crash;
    }
    if !status.success() {
        let message = stderr.trim();
        if status.code() != Some(2) {
            return Surfaced::Crashed(format!("{status}, stderr {message:?}"));
        }
        // The SDK's bare ErrSecretNotFound; the CLI's own pattern check;
        // connect's `<code>: <message>` otherwise.
        let kind = if message == "secret not found" {
            ErrorKind::NotFound
        } else if message.starts_with("invalid pattern ") {
            ErrorKind::InvalidArgument
        } else {
            match message.split_once(": ").map(|(code, _)| code) {
                Some("invalid_argument") => ErrorKind::InvalidArgument,
                Some("not_found") => ErrorKind::NotFound,
                Some("unimplemented") => ErrorKind::Unimplemented,
                Some(code) if !code.contains(' ') => ErrorKind::Other(code.to_owned()),
                _ => ErrorKind::Other("error".to_owned()),
            }
        };
        return Surfaced::Error {
            kind,
            message: message.to_owned(),
        };
    }
    let items: Result<Vec<Value>, _> = stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str::<Value>)
        .collect();
    let items = match items {
        Ok(items) => items,
        Err(e) => return Surfaced::Crashed(format!("stdout is not JSON lines ({e}): {stdout:?}")),
    };
    let text = |item: &Value, key: &str| item[key].as_str().unwrap_or_default().to_owned();
    match call {
        Call::GetSecrets(_) => Surfaced::Secrets(
            items
                .iter()
                .map(|item| SurfacedSecret {
                    id: text(item, "id"),
                    // The CLI prints the value as a string.
                    value: text(item, "value").into_bytes(),
                    provider: text(item, "provider"),
                    // The CLI prints neither.
                    version: None,
                    metadata: None,
                })
                .collect(),
        ),
        Call::ListPlugins => Surfaced::Plugins(
            items
                .iter()
                .map(|item| SurfacedPlugin {
                    name: text(item, "name"),
                    version: text(item, "version"),
                    pattern: text(item, "pattern"),
                })
                .collect(),
        ),
    }
}

/// The checkout's `interop/clients/<language>` directory, which holds the
/// command of each generated client.
pub fn interop_clients_dir(language: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../interop/clients")
        .join(language)
}

/// The arguments of the generated clients' commands:
/// `get SOCKET PATTERN` and `plugins SOCKET`.
fn generated_command(socket: &Path, call: &Call) -> CommandLine {
    let socket = socket.display().to_string();
    let args = match call {
        Call::GetSecrets(pattern) => vec!["get".to_owned(), socket, pattern.clone()],
        Call::ListPlugins => vec!["plugins".to_owned(), socket],
    };
    (args, Vec::new())
}

/// The generated TypeScript package (`gen/ts`, Connect over HTTP/1.1)
/// through `interop/clients/ts/conformance-client.mjs`, run by `node` in
/// `dir` (which has the package installed in its `node_modules`).
pub fn ts_generated(dir: &Path) -> CommandClient {
    CommandClient {
        name: "gen-ts".to_owned(),
        program: PathBuf::from("node"),
        arguments: vec![dir.join("conformance-client.mjs").display().to_string()],
        command: generated_command,
        read: read_generated,
    }
}

/// The generated Python package (`gen/python`, grpcio: gRPC over HTTP/2)
/// through `interop/clients/python/conformance_client.py`, run by `python`
/// (an interpreter with the package installed).
pub fn python_generated(python: PathBuf) -> CommandClient {
    CommandClient {
        name: "gen-python".to_owned(),
        program: python,
        arguments: vec![
            interop_clients_dir("python")
                .join("conformance_client.py")
                .display()
                .to_string(),
        ],
        command: generated_command,
        read: read_generated,
    }
}

/// The generated Go module (`gen/go`, connect-go over HTTP/1.1) through the
/// command `interop/clients/go/cmd/conformance-client`, built at `program`.
pub fn go_generated(program: PathBuf) -> CommandClient {
    CommandClient {
        name: "gen-go".to_owned(),
        program,
        arguments: Vec::new(),
        command: generated_command,
        read: read_generated,
    }
}

/// The output of a generated client's command: exit 0 and one JSON line per
/// envelope (`id`, `value` in base64, `provider`, `version`, `metadata`) or
/// plugin (`name`, `version`, `pattern`); or exit 2 and `<code> <message>`
/// as the last line of stderr, the Connect or gRPC code name in lower snake
/// case. A gRPC client names an HTTP error by its own code (`unknown` for a
/// 415, `internal` for a 400), read as [`ErrorKind::Other`].
fn read_generated(call: &Call, status: ExitStatus, stdout: &str, stderr: &str) -> Surfaced {
    if let Some(crash) = crashed(status, stderr) {
        return crash;
    }
    if !status.success() {
        // The last line: a runtime may warn before it.
        let line = stderr.lines().rev().find(|l| !l.trim().is_empty());
        let (Some(2), Some(line)) = (status.code(), line) else {
            return Surfaced::Crashed(format!("{status}, stderr {:?}", stderr.trim()));
        };
        let (code, message) = line.trim().split_once(' ').unwrap_or((line.trim(), ""));
        let kind = match code {
            "not_found" => ErrorKind::NotFound,
            "invalid_argument" => ErrorKind::InvalidArgument,
            "unimplemented" => ErrorKind::Unimplemented,
            code => ErrorKind::Other(code.to_owned()),
        };
        return Surfaced::Error {
            kind,
            message: message.to_owned(),
        };
    }
    let items: Result<Vec<Value>, _> = stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str::<Value>)
        .collect();
    let items = match items {
        Ok(items) => items,
        Err(e) => return Surfaced::Crashed(format!("stdout is not JSON lines ({e}): {stdout:?}")),
    };
    let text = |item: &Value, key: &str| item[key].as_str().unwrap_or_default().to_owned();
    match call {
        Call::GetSecrets(_) => items
            .iter()
            .map(|item| {
                Ok(SurfacedSecret {
                    id: text(item, "id"),
                    value: STANDARD
                        .decode(text(item, "value"))
                        .map_err(|e| format!("value of {:?}: {e}", text(item, "id")))?,
                    provider: text(item, "provider"),
                    version: item["version"].as_str().map(str::to_owned),
                    metadata: item["metadata"].as_object().map(|m| {
                        m.iter()
                            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                            .collect()
                    }),
                })
            })
            .collect::<Result<Vec<_>, String>>()
            .map_or_else(Surfaced::Crashed, Surfaced::Secrets),
        Call::ListPlugins => Surfaced::Plugins(
            items
                .iter()
                .map(|item| SurfacedPlugin {
                    name: text(item, "name"),
                    version: text(item, "version"),
                    pattern: text(item, "pattern"),
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_answer_loads() {
        for scenario in SCENARIOS {
            for (codec, source) in scenario.answers {
                let recording = source
                    .load()
                    .unwrap_or_else(|e| panic!("{} {codec:?}: {e}", scenario.name));
                assert!(!recording.bytes.is_empty(), "{}", recording.name);
            }
        }
        assert!(
            accepted_content_types()
                .expect("415")
                .contains(&"application/proto".to_owned())
        );
    }

    #[test]
    fn the_protobuf_list_means_the_recorded_json() {
        let proto = Source::JsonAsProto("listplugins_json")
            .load()
            .expect("re-encoded");
        assert_eq!(
            proto.response.header("content-type"),
            Some("application/proto")
        );
        let decoded = ListPluginsResponse::decode(&proto.response.body[..]).expect("decodes");
        let names: Vec<String> = decoded.plugins.into_iter().filter_map(|p| p.name).collect();
        let recorded: Vec<String> = recorded_plugins()
            .expect("recorded")
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, recorded);
    }

    #[test]
    fn content_types_map_to_codecs() {
        assert_eq!(Codec::of("application/proto"), Some(Codec::ConnectProto));
        assert_eq!(
            Codec::of("application/json; charset=utf-8"),
            Some(Codec::ConnectJson)
        );
        assert_eq!(Codec::of("application/grpc"), Some(Codec::Grpc));
        assert_eq!(Codec::of("text/plain"), None);
    }

    #[test]
    fn the_generated_clients_output_is_read() {
        use std::os::unix::process::ExitStatusExt;
        let get = Call::GetSecrets("foo".to_owned());
        let line = r#"{"id":"foo","value":"Zm9vLXZhbHVl","provider":"builtin-mem","version":"","metadata":{}}"#;
        let Surfaced::Secrets(secrets) = read_generated(&get, ExitStatus::from_raw(0), line, "")
        else {
            panic!("not secrets");
        };
        assert_eq!(secrets[0].value, b"foo-value");
        assert_eq!(secrets[0].metadata, Some(BTreeMap::new()));
        // Exit 2: the last line of stderr, after a runtime's warnings.
        let error = read_generated(
            &get,
            ExitStatus::from_raw(2 << 8),
            "",
            "a warning\nnot_found secret not found\n",
        );
        assert_eq!(
            error,
            Surfaced::Error {
                kind: ErrorKind::NotFound,
                message: "secret not found".to_owned()
            }
        );
        let error = read_generated(&get, ExitStatus::from_raw(2 << 8), "", "unknown HTTP 415\n");
        assert!(
            matches!(error, Surfaced::Error { kind: ErrorKind::Other(code), .. } if code == "unknown")
        );
        assert!(matches!(
            read_generated(&get, ExitStatus::from_raw(1 << 8), "", "TypeError: x\n"),
            Surfaced::Crashed(_)
        ));
        let plugins = read_generated(
            &Call::ListPlugins,
            ExitStatus::from_raw(0),
            "{\"name\":\"a\",\"version\":\"v1\",\"pattern\":\"**\"}\n",
            "",
        );
        assert!(matches!(plugins, Surfaced::Plugins(p) if p[0].pattern == "**"));
    }

    #[test]
    fn the_plugin_table_is_cut_at_its_columns() {
        let table = "NAME         VERSION  PATTERN  KIND              STATE\nbuiltin-mem  v1.2.3   **       secrets provider  running\nempty                 x/**     secrets provider  running\n";
        let Surfaced::Plugins(plugins) = read_plugin_table(table) else {
            panic!("not plugins");
        };
        assert_eq!(plugins[0].name, "builtin-mem");
        assert_eq!(plugins[0].pattern, "**");
        assert_eq!(plugins[1].version, "");
        assert_eq!(plugins[1].pattern, "x/**");
    }
}
