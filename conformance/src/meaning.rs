//! What a response means, for comparing two implementations: status, the
//! headers clients act on, the RPC status wherever the protocol carries it,
//! and the body decoded to a value (`resolvedAt` removed: it is "now").

use std::io::Read;

use prost::Message;
use secrets_engine_api::resolver::v1::{GetSecretsResponse, ListPluginsResponse};
use serde_json::Value;

use crate::http1::HttpResponse;

/// The meaning of one response.
#[derive(Debug, Clone, PartialEq)]
pub struct Meaning {
    /// The HTTP status.
    pub status: u16,
    /// The content type, lower-cased, without spaces.
    pub content_type: Option<String>,
    /// The `Allow` header.
    pub allow: Option<String>,
    /// The `Accept-Post` header as a sorted list.
    pub accept_post: Option<Vec<String>>,
    /// `grpc-status`, from headers, trailers or the gRPC-Web trailer frame.
    pub grpc_status: Option<String>,
    /// `grpc-message`, likewise.
    pub grpc_message: Option<String>,
    /// Whether the gRPC status came in a gRPC-Web trailer frame at the end
    /// of the body, rather than in the HTTP headers (Trailers-Only) or
    /// trailers: a gRPC-Web client reads it from where it comes, so where
    /// it comes is part of the answer.
    pub grpc_status_in_body: bool,
    /// The body as a value: JSON (for JSON and decoded protobuf bodies, and
    /// gRPC message frames as an array) or a string.
    pub body: Value,
}

/// A header value compared by meaning: lower-cased, without spaces.
pub(crate) fn normalized(value: &str) -> String {
    value.to_ascii_lowercase().replace(' ', "")
}

/// `body` decompressed when `encoding` is gzip (as it was sent otherwise, or
/// when it does not decompress).
pub(crate) fn gunzipped(encoding: Option<&str>, body: &[u8]) -> Vec<u8> {
    if encoding.is_some_and(|v| v.eq_ignore_ascii_case("gzip")) {
        let mut plain = Vec::new();
        if flate2::read::GzDecoder::new(body)
            .read_to_end(&mut plain)
            .is_ok()
        {
            return plain;
        }
    }
    body.to_vec()
}

fn strip_resolved_at(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("resolvedAt");
            map.values_mut().for_each(strip_resolved_at);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_resolved_at),
        _ => {}
    }
}

/// Decodes a binary message of the RPC at `path` to its JSON value.
fn proto_value(path: &str, bytes: &[u8]) -> Value {
    let decoded = if path.ends_with("/ListPlugins") {
        ListPluginsResponse::decode(bytes).map(|m| serde_json::to_value(m).unwrap_or(Value::Null))
    } else {
        GetSecretsResponse::decode(bytes).map(|m| serde_json::to_value(m).unwrap_or(Value::Null))
    };
    decoded.unwrap_or_else(|e| Value::String(format!("<undecodable protobuf: {e}>")))
}

fn json_or_text(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned()))
}

/// The meaning of `response` to a request for `path`.
pub fn meaning(path: &str, response: &HttpResponse) -> Meaning {
    let content_type = response.header("content-type").map(normalized);
    let mut body = gunzipped(response.header("content-encoding"), &response.body);
    let mut grpc_status = response
        .trailer("grpc-status")
        .or(response.header("grpc-status"))
        .map(str::to_owned);
    let mut grpc_message = response
        .trailer("grpc-message")
        .or(response.header("grpc-message"))
        .map(str::to_owned);

    let mut grpc_status_in_body = false;
    let ct = content_type.clone().unwrap_or_default();
    let mut value = if ct.starts_with("application/grpc") {
        if ct.starts_with("application/grpc-web-text") {
            use base64::Engine;
            body = base64::engine::general_purpose::STANDARD
                .decode(&body)
                .unwrap_or_default();
        }
        let json = ct.contains("json");
        let mut messages = Vec::new();
        let mut rest = &body[..];
        while rest.len() >= 5 {
            let flag = rest[0];
            let length = u32::from_be_bytes([rest[1], rest[2], rest[3], rest[4]]) as usize;
            let Some(payload) = rest.get(5..5 + length) else {
                break;
            };
            if flag & 0x80 != 0 {
                grpc_status_in_body = true;
                for line in String::from_utf8_lossy(payload).split("\r\n") {
                    if let Some((name, value)) = line.split_once(':') {
                        match name.trim().to_ascii_lowercase().as_str() {
                            "grpc-status" => grpc_status = Some(value.trim().to_owned()),
                            "grpc-message" => grpc_message = Some(value.trim().to_owned()),
                            _ => {}
                        }
                    }
                }
            } else if json {
                messages.push(json_or_text(payload));
            } else {
                messages.push(proto_value(path, payload));
            }
            rest = &rest[5 + length..];
        }
        Value::Array(messages)
    } else if ct.starts_with("application/proto") {
        proto_value(path, &body)
    } else if ct.starts_with("application/json") {
        json_or_text(&body)
    } else {
        Value::String(String::from_utf8_lossy(&body).into_owned())
    };
    strip_resolved_at(&mut value);
    Meaning {
        status: response.status,
        content_type,
        allow: response.header("allow").map(str::to_owned),
        accept_post: response.header("accept-post").map(|v| {
            let mut items: Vec<String> = v.split(',').map(|s| normalized(s.trim())).collect();
            items.sort();
            items
        }),
        grpc_status,
        grpc_message,
        grpc_status_in_body,
        body: value,
    }
}

/// The plugin names a recorded body mentions (envelope providers, listed
/// plugins): a world must have them all to replay the case.
pub fn plugins_mentioned(meaning: &Meaning) -> Vec<String> {
    fn walk(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for key in ["provider", "name"] {
                    if let Some(Value::String(name)) = map.get(key)
                        && !out.contains(name)
                    {
                        out.push(name.clone());
                    }
                }
                map.values().for_each(|v| walk(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&meaning.body, &mut out);
    out
}
