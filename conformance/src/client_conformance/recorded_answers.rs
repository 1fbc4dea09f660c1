//! What a recorded answer carries, in the terms a client surfaces it: its
//! secrets, its plugins, its Connect error message.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use prost::Message;
use secrets_engine_api::resolver::v1::{GetSecretsResponse, ListPluginsResponse};
use serde_json::Value;

use crate::client_conformance::codec::Codec;
use crate::client_conformance::recording::{Recording, RecordingError, load_recording};
use crate::client_conformance::surfaced::{SurfacedPlugin, SurfacedSecret};

/// The secrets a recorded GetSecrets answer carries.
pub(super) fn recorded_secrets(
    recording: &Recording,
    codec: Codec,
) -> Result<Vec<SurfacedSecret>, String> {
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

/// The plugins of the recorded ListPlugins answer.
pub(super) fn recorded_plugins() -> Result<Vec<SurfacedPlugin>, RecordingError> {
    let recording = load_recording("listplugins_json")?;
    let message: ListPluginsResponse =
        serde_json::from_slice(&recording.response.body).map_err(|source| {
            RecordingError::Body {
                fixture: recording.name.clone(),
                source,
            }
        })?;
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
pub(super) fn recorded_message(recording: &Recording) -> Option<String> {
    serde_json::from_slice::<Value>(&recording.response.body)
        .ok()?
        .get("message")?
        .as_str()
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client_conformance::recording::Source;

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
}
