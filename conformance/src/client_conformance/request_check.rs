//! The `request` check: what a client sent, held to what the recorded
//! engine accepts.

use prost::Message;
use secrets_engine_api::resolver::v1::GetSecretsRequest;
use serde_json::Value;

use crate::client_conformance::check::Outcome;
use crate::client_conformance::client::Call;
use crate::client_conformance::codec::Codec;
use crate::client_conformance::recorded_engine::Served;
use crate::client_conformance::recording::{
    RecordingError, UNSUPPORTED_MEDIA_TYPE, load_recording,
};
use crate::client_conformance::rpc_paths::{GET_SECRETS, LIST_PLUGINS, LIST_PLUGINS_AUGUST};
use crate::client_conformance::scenarios::{Expect, Scenario};
use crate::client_conformance::surfaced::{ErrorKind, Surfaced};
use crate::http1::HttpRequest;
use crate::meaning::{gunzipped, normalized};

/// The `request` check of a client in `scenario`: every request it sent
/// (`served`), and whether sending none was right, given what it surfaced.
pub(super) fn request_outcome(
    scenario: &Scenario,
    served: &[Served],
    surfaced: &Surfaced,
    accepted: &[String],
) -> Outcome {
    let call = scenario.call();
    let mut problems: Vec<String> = Vec::new();
    for one in served {
        problems.extend(
            request_problems(one, &call, accepted)
                .into_iter()
                .map(|p| format!("{}: {p}", one.request.path)),
        );
    }
    let refused_locally = matches!(
        (scenario.expect, surfaced),
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
    if problems.is_empty() {
        let seen: Vec<String> = served.iter().map(request_summary).collect();
        Outcome::Pass(if seen.is_empty() {
            "no request (refused before sending)".to_owned()
        } else {
            seen.join("; ")
        })
    } else {
        Outcome::Fail(problems)
    }
}

/// The content types the recorded engine accepts: the `Accept-Post` of its
/// 415 answer.
pub(super) fn accepted_content_types() -> Result<Vec<String>, RecordingError> {
    let recording = load_recording(UNSUPPORTED_MEDIA_TYPE)?;
    let accept =
        recording
            .response
            .header("accept-post")
            .ok_or_else(|| RecordingError::NoAcceptPost {
                fixture: UNSUPPORTED_MEDIA_TYPE.to_owned(),
            })?;
    Ok(accept.split(',').map(|t| normalized(t.trim())).collect())
}

/// The problems of one request, asked `call`.
fn request_problems(served: &Served, call: &Call, accepted: &[String]) -> Vec<String> {
    let request = &served.request;
    let mut problems = head_problems(request, call, accepted);
    if let Some(codec) = served.codec {
        problems.extend(protocol_problems(request, codec));
        problems.extend(body_problems(request, codec, call));
    }
    problems
}

/// The problems of the method, path, `Host` and content type.
fn head_problems(request: &HttpRequest, call: &Call, accepted: &[String]) -> Vec<String> {
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
    problems
}

/// The problems of the header the protocol of `codec` requires.
fn protocol_problems(request: &HttpRequest, codec: Codec) -> Option<String> {
    match codec {
        Codec::ConnectProto | Codec::ConnectJson => {
            (request.header("connect-protocol-version") != Some("1")).then(|| {
                format!(
                    "Connect-Protocol-Version {:?}, not \"1\"",
                    request.header("connect-protocol-version")
                )
            })
        }
        Codec::Grpc | Codec::GrpcJson => (request.header("te") != Some("trailers"))
            .then(|| format!("TE {:?}, not \"trailers\"", request.header("te"))),
        Codec::GrpcWeb | Codec::GrpcWebJson => None,
    }
}

/// The problem of the body, if it does not decode to `call`.
fn body_problems(request: &HttpRequest, codec: Codec, call: &Call) -> Option<String> {
    let message = match request_message(request, codec) {
        Ok(message) => message,
        Err(e) => return Some(e),
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
                Ok(sent) if sent == *pattern => None,
                Ok(sent) => Some(format!("asked for {sent:?}, not {pattern:?}")),
                Err(e) => Some(format!("the body does not decode: {e}")),
            }
        }
        Call::ListPlugins => {
            let empty = if codec.is_json() {
                serde_json::from_slice::<Value>(&message)
                    .is_ok_and(|v| v.as_object().is_some_and(|o| o.is_empty()))
            } else {
                message.is_empty()
            };
            (!empty).then(|| {
                format!(
                    "the body is not an empty ListPluginsRequest: {:?}",
                    String::from_utf8_lossy(&message)
                )
            })
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

/// One request as the `request` check shows it when it passes.
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
