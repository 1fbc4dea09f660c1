//! Message codecs: binary protobuf and protobuf JSON.

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tonic::Status;

/// What a message type needs to travel over Connect: binary protobuf (prost),
/// JSON (the generated pbjson serde impls) and its full protobuf name (for
/// error messages). Every generated message has all of these.
pub trait ConnectMessage:
    prost::Message + prost::Name + Serialize + DeserializeOwned + Default + Send + 'static
{
}

impl<M> ConnectMessage for M where
    M: prost::Message + prost::Name + Serialize + DeserializeOwned + Default + Send + 'static
{
}

/// A Connect unary codec, chosen by the request's `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// `application/proto`: binary protobuf, what Go clients and plugins send.
    Proto,
    /// `application/json`: canonical protobuf JSON, what curl users send.
    Json,
}

/// The content types a Connect unary route accepts, as listed in `Accept-Post`.
pub const ACCEPTED_CONTENT_TYPES: &[&str] = &[
    "application/json",
    "application/json; charset=utf-8",
    "application/proto",
];

/// The content types a Connect server-streaming route accepts, as listed in
/// `Accept-Post`.
pub const STREAMING_CONTENT_TYPES: &[&str] = &[
    "application/connect+json",
    "application/connect+json; charset=utf-8",
    "application/connect+proto",
];

/// The JSON output buffer's first allocation: a one-secret answer is about
/// 200 bytes.
const JSON_INITIAL_CAPACITY: usize = 512;

/// `charset=utf-8`, with any case and spaces around `=`, as connect-go takes it.
fn is_charset_utf8(params: &str) -> bool {
    params.split_once('=').is_some_and(|(name, value)| {
        name.trim().eq_ignore_ascii_case("charset") && value.trim().eq_ignore_ascii_case("utf-8")
    })
}

impl Codec {
    /// The codec for a Connect unary `Content-Type`, if it is one.
    ///
    /// Media types are case-insensitive; for JSON the only parameter allowed is
    /// `charset=utf-8`, as in connect-go.
    pub fn from_content_type(content_type: &str) -> Option<Codec> {
        // What nearly every client sends, spelled exactly.
        match content_type {
            "application/json" => return Some(Codec::Json),
            "application/proto" => return Some(Codec::Proto),
            _ => {}
        }
        // Compared in place (every request passes here): no lowercased copy.
        let (media, params) = match content_type.trim().split_once(';') {
            Some((media, params)) => (media.trim(), Some(params.trim())),
            None => (content_type.trim(), None),
        };
        let is_json = media.eq_ignore_ascii_case("application/json");
        match params {
            None if media.eq_ignore_ascii_case("application/proto") => Some(Codec::Proto),
            None if is_json => Some(Codec::Json),
            Some(params) if is_json && is_charset_utf8(params) => Some(Codec::Json),
            _ => None,
        }
    }

    /// The `Content-Type` this codec writes.
    pub fn content_type(self) -> &'static str {
        match self {
            Codec::Proto => "application/proto",
            Codec::Json => "application/json",
        }
    }

    /// The codec for a Connect streaming `Content-Type`
    /// (`application/connect+proto`, `application/connect+json`), if it is
    /// one; the same parameters as [`Codec::from_content_type`] apply.
    pub fn from_streaming_content_type(content_type: &str) -> Option<Codec> {
        const PREFIX: &str = "application/connect+";
        let trimmed = content_type.trim_start();
        let head = trimmed.get(..PREFIX.len())?;
        if !head.eq_ignore_ascii_case(PREFIX) {
            return None;
        }
        let rest = &trimmed[PREFIX.len()..];
        // `application/connect+json` is `application/json` enveloped.
        let (subtype, params) = rest.split_once(';').unwrap_or((rest, ""));
        let params = params.trim();
        match subtype.trim() {
            s if s.eq_ignore_ascii_case("proto") && params.is_empty() => Some(Codec::Proto),
            s if s.eq_ignore_ascii_case("json")
                && (params.is_empty() || is_charset_utf8(params)) =>
            {
                Some(Codec::Json)
            }
            _ => None,
        }
    }

    /// The Connect streaming `Content-Type` this codec writes.
    pub fn streaming_content_type(self) -> &'static str {
        match self {
            Codec::Proto => "application/connect+proto",
            Codec::Json => "application/connect+json",
        }
    }

    /// Decodes one message. Errors are `invalid_argument` and say what was
    /// wrong, never quote the body (it may hold a secret).
    pub fn decode<M: ConnectMessage>(self, body: &[u8]) -> Result<M, Status> {
        let fail = |detail: String| {
            Status::invalid_argument(format!(
                "unmarshal message: unmarshal into {}: {detail}",
                M::full_name()
            ))
        };
        match self {
            Codec::Proto => M::decode(body).map_err(|e| fail(e.to_string())),
            Codec::Json => {
                if body.is_empty() {
                    // Same text as connect-go: an empty JSON body is not `{}`.
                    return Err(Status::invalid_argument(
                        "unmarshal message: zero-length payload is not a valid JSON object",
                    ));
                }
                serde_json::from_slice(body).map_err(|e| fail(e.to_string()))
            }
        }
    }

    /// Encodes one message.
    pub fn encode<M: ConnectMessage>(self, message: &M) -> Result<Bytes, Status> {
        match self {
            Codec::Proto => Ok(message.encode_to_vec().into()),
            Codec::Json => {
                // Room for a typical answer up front, instead of growing
                // from nothing through several reallocations.
                let mut out = Vec::with_capacity(JSON_INITIAL_CAPACITY);
                serde_json::to_writer(&mut out, message)
                    .map(|()| Bytes::from(out))
                    .map_err(|e| Status::internal(format!("marshal {}: {e}", M::full_name())))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert_eq!(
            Codec::from_content_type("application/proto"),
            Some(Codec::Proto)
        );
        assert_eq!(
            Codec::from_content_type("application/json"),
            Some(Codec::Json)
        );
        assert_eq!(
            Codec::from_content_type("Application/JSON; charset=UTF-8"),
            Some(Codec::Json)
        );
        assert_eq!(
            Codec::from_content_type(" application/json ;charset = utf-8 "),
            Some(Codec::Json)
        );
        for other in [
            "application/x-www-form-urlencoded",
            "text/plain",
            "application/json; charset=latin1",
            "application/json; charset=utf-8; x=y",
            "application/json; charset",
            "application/grpc",
            "application/proto; x=y",
            "",
        ] {
            assert_eq!(Codec::from_content_type(other), None, "{other}");
        }
    }

    #[test]
    fn streaming_content_types() {
        for (text, codec) in [
            ("application/connect+proto", Codec::Proto),
            ("Application/Connect+JSON", Codec::Json),
            ("application/connect+json; charset=utf-8", Codec::Json),
        ] {
            assert_eq!(
                Codec::from_streaming_content_type(text),
                Some(codec),
                "{text}"
            );
        }
        for listed in STREAMING_CONTENT_TYPES {
            assert!(
                Codec::from_streaming_content_type(listed).is_some(),
                "{listed}"
            );
        }
        for other in [
            "application/proto",
            "application/json",
            "application/connect+xml",
            "application/connect+proto; charset=utf-8",
            "application/connect+json; charset=latin1",
            "application/connect",
            "application/grpc",
            "",
        ] {
            assert_eq!(Codec::from_streaming_content_type(other), None, "{other}");
        }
        assert_eq!(
            Codec::Json.streaming_content_type(),
            "application/connect+json"
        );
    }
}
