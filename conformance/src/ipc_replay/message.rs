//! What an HTTP message inside a stream means, so the engine's messages are
//! compared with the recorded ones by meaning rather than by bytes.

use prost::Message;
use secrets_engine_api::resolver::v1::{
    GetSecretsRequest, GetSecretsResponse, RegisterPluginRequest, RegisterPluginResponse,
    ShutdownRequest, ShutdownResponse,
};
use serde_json::Value;

use crate::http1::{HttpRequest, HttpResponse};
use crate::meaning::{gunzipped, normalized};

/// What an HTTP message inside a stream means: the request line or status,
/// the content type, the Connect protocol version (requests), and the body
/// decoded to a value. Left out: `Date`, `Host`, `User-Agent`,
/// `Content-Length` (implied by the body), `Accept-Encoding` and
/// `Content-Encoding` (gzip is negotiated per message; bodies are compared
/// decompressed) and `Connect-Timeout-Ms` (a deadline, not meaning; this
/// engine sends its per-plugin timeout where Go sends none).
#[derive(Debug, Clone, PartialEq)]
pub struct MessageMeaning {
    /// `POST /resolver.v1.ResolverService/GetSecrets` or `200`.
    pub start: String,
    /// The content type, lower-cased without spaces.
    pub content_type: Option<String>,
    /// `Connect-Protocol-Version` (requests only).
    pub protocol_version: Option<String>,
    /// `Connection`, lower-cased (requests only): `close` from the Go engine
    /// on every call.
    pub connection: Option<String>,
    /// The decoded body.
    pub body: Value,
}

/// Decodes a body of the RPC at `path` (`request`: its input, else its
/// output) to the canonical JSON value; Connect errors and JSON stay JSON.
fn body_value(path: &str, request: bool, content_type: Option<&str>, body: &[u8]) -> Value {
    fn json<M: Message + Default + serde::Serialize>(bytes: &[u8]) -> Value {
        M::decode(bytes)
            .map(|m| serde_json::to_value(m).unwrap_or(Value::Null))
            .unwrap_or_else(|e| Value::String(format!("<undecodable protobuf: {e}>")))
    }
    let ct = content_type.unwrap_or_default();
    if ct.starts_with("application/proto") {
        let method = path.rsplit('/').next().unwrap_or_default();
        return match (method, request) {
            ("RegisterPlugin", true) => json::<RegisterPluginRequest>(body),
            ("RegisterPlugin", false) => json::<RegisterPluginResponse>(body),
            ("GetSecrets", true) => json::<GetSecretsRequest>(body),
            ("GetSecrets", false) => json::<GetSecretsResponse>(body),
            ("Shutdown", true) => json::<ShutdownRequest>(body),
            ("Shutdown", false) => json::<ShutdownResponse>(body),
            _ => Value::String(format!("<protobuf for {path}>")),
        };
    }
    serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()))
}

/// The meaning of a request.
pub fn request_meaning(request: &HttpRequest) -> MessageMeaning {
    let content_type = request.header("content-type").map(normalized);
    let body = gunzipped(request.header("content-encoding"), &request.body);
    MessageMeaning {
        start: format!("{} {}", request.method, request.path),
        body: body_value(&request.path, true, content_type.as_deref(), &body),
        content_type,
        protocol_version: request
            .header("connect-protocol-version")
            .map(str::to_owned),
        connection: request.header("connection").map(normalized),
    }
}

/// The meaning of a response to a call of `path`.
pub fn response_meaning(path: &str, response: &HttpResponse) -> MessageMeaning {
    let content_type = response.header("content-type").map(normalized);
    let body = gunzipped(response.header("content-encoding"), &response.body);
    MessageMeaning {
        start: response.status.to_string(),
        body: body_value(path, false, content_type.as_deref(), &body),
        content_type,
        protocol_version: None,
        connection: None,
    }
}
