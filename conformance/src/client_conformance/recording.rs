//! The recorded answers the recorded engine plays: a fixture's bytes as
//! recorded, or a Connect JSON answer re-encoded as binary protobuf.

use prost::Message;
use secrets_engine_api::resolver::v1::{GetSecretsResponse, ListPluginsResponse};

use crate::client_conformance::codec::Codec;
use crate::client_conformance::rpc_paths::LIST_PLUGINS;
use crate::http1::{HttpResponse, parse_responses};
use crate::wire::load_exchange;
use crate::{Transcript, TranscriptError, upstream_dir};

/// The recording played for a path the scenario does not serve.
pub(super) const UNKNOWN_METHOD: &str = "unknown_rpc_method";
/// The recording whose `Accept-Post` lists the content types the engine
/// accepts.
pub(super) const UNSUPPORTED_MEDIA_TYPE: &str = "getsecrets_wrong_content_type_text";

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

/// Why a recorded answer cannot be played.
#[derive(Debug, thiserror::Error)]
pub enum RecordingError {
    /// The fixture's transcript could not be read.
    #[error(transparent)]
    Transcript(#[from] TranscriptError),
    /// The fixture has no recorded bytes.
    #[error("{fixture}: no recorded bytes")]
    NoBytes {
        /// The fixture.
        fixture: String,
    },
    /// The fixture holds other than one answer.
    #[error("{fixture}: the recording holds {count} answers, one is needed")]
    AnswerCount {
        /// The fixture.
        fixture: String,
        /// How many answers it holds.
        count: usize,
    },
    /// The recorded Connect JSON body does not decode.
    #[error("{fixture}: recorded body: {source}")]
    Body {
        /// The fixture.
        fixture: String,
        /// The cause.
        source: serde_json::Error,
    },
    /// The answer re-encoded as protobuf does not parse.
    #[error("{fixture}: re-encoded answer does not parse")]
    Reencoded {
        /// The fixture.
        fixture: String,
    },
    /// The recorded 415 answer lists no accepted content types.
    #[error("{fixture}: no Accept-Post")]
    NoAcceptPost {
        /// The fixture.
        fixture: String,
    },
    /// The scenario has no recording for the codec the client spoke.
    #[error("no recorded answer of {scenario} for {codec:?}")]
    NoAnswerForCodec {
        /// The scenario.
        scenario: &'static str,
        /// The codec.
        codec: Codec,
    },
}

/// Loads the answer of the fixture `name`.
pub fn load_recording(name: &str) -> Result<Recording, RecordingError> {
    let dir = upstream_dir();
    let transcript = Transcript::load(&dir.join(format!("{name}.txt")))?;
    let exchange = load_exchange(&transcript, &dir).ok_or_else(|| RecordingError::NoBytes {
        fixture: name.to_owned(),
    })?;
    let responses = parse_responses(&exchange.server_bytes, exchange.server_closed);
    let [response] = responses.as_slice() else {
        return Err(RecordingError::AnswerCount {
            fixture: name.to_owned(),
            count: responses.len(),
        });
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
    pub(super) fn load(self) -> Result<Recording, RecordingError> {
        match self {
            Source::Fixture(name) => load_recording(name),
            Source::JsonAsProto(name) => {
                let json = load_recording(name)?;
                let recorded = |source| RecordingError::Body {
                    fixture: name.to_owned(),
                    source,
                };
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
                let response = parse_responses(&bytes, false).pop().ok_or_else(|| {
                    RecordingError::Reencoded {
                        fixture: name.to_owned(),
                    }
                })?;
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
