//! Every GetSecrets and ListPlugins response body the Go engine sent in the
//! recorded fixtures decodes with the generated types and re-encodes to the
//! same thing: JSON compared as values, binary byte for byte (map entries in
//! any order, since Go writes them in random order).

use prost::Message;
use secrets_engine_api::resolver::v1::{GetSecretsResponse, ListPluginsResponse};
use secrets_engine_conformance::{Transcript, upstream_http_transcripts};
use serde::Serialize;
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    Json,
    Proto,
}

/// The message bodies of a 200 answer, with the format they are in: one for
/// Connect, one per message frame for gRPC and gRPC-Web.
fn message_bodies(t: &Transcript) -> Vec<(Format, Vec<u8>)> {
    let Some(content_type) = t.response_header("Content-Type") else {
        return Vec::new();
    };
    let body = t
        .response_body()
        .unwrap_or_else(|e| panic!("{}: {e}", t.name))
        .unwrap_or_else(|| panic!("{}: no response body", t.name));
    let format = if content_type.contains("json") {
        Format::Json
    } else {
        Format::Proto
    };
    if content_type.starts_with("application/grpc") {
        frames(&t.name, &body)
            .into_iter()
            .filter(|(flag, _)| flag & 0x80 == 0)
            .map(|(_, message)| (format, message))
            .collect()
    } else {
        vec![(format, body)]
    }
}

/// Splits a gRPC / gRPC-Web body into (flag, payload) frames.
fn frames(name: &str, mut body: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut out = Vec::new();
    while !body.is_empty() {
        assert!(body.len() >= 5, "{name}: truncated frame header");
        let length = u32::from_be_bytes([body[1], body[2], body[3], body[4]]) as usize;
        assert!(body.len() >= 5 + length, "{name}: truncated frame");
        out.push((body[0], body[5..5 + length].to_vec()));
        body = &body[5 + length..];
    }
    out
}

fn json_round_trip<M: Serialize + DeserializeOwned>(name: &str, body: &[u8]) {
    let original: serde_json::Value =
        serde_json::from_slice(body).unwrap_or_else(|e| panic!("{name}: fixture JSON: {e}"));
    let message: M = serde_json::from_slice(body).unwrap_or_else(|e| panic!("{name}: decode: {e}"));
    let again = serde_json::to_value(&message).unwrap_or_else(|e| panic!("{name}: encode: {e}"));
    assert_eq!(again, original, "{name}: JSON changed in a round trip");
}

fn proto_round_trip<M: Message + Default>(name: &str, body: &[u8], map_fields: &[u32]) {
    let message = M::decode(body).unwrap_or_else(|e| panic!("{name}: decode: {e}"));
    let again = message.encode_to_vec();
    assert!(
        same_wire(body, &again, map_fields),
        "{name}: binary changed in a round trip\n fixture: {body:02x?}\n ours:    {again:02x?}"
    );
}

/// One field of an encoded protobuf message.
struct Field<'a> {
    /// The field number.
    number: u32,
    /// The whole encoding (key and value).
    raw: &'a [u8],
    /// For length-delimited fields, the bytes after the length.
    payload: &'a [u8],
}

fn varint(buf: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    for (i, byte) in buf.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// Splits an encoded message into its fields, in wire order.
fn split_fields(mut buf: &[u8]) -> Option<Vec<Field<'_>>> {
    let mut out = Vec::new();
    while !buf.is_empty() {
        let (key, key_len) = varint(buf)?;
        let (header_len, value_len) = match key & 7 {
            0 => (key_len, varint(&buf[key_len..])?.1),
            1 => (key_len, 8),
            2 => {
                let (len, len_len) = varint(&buf[key_len..])?;
                (key_len + len_len, len as usize)
            }
            5 => (key_len, 4),
            _ => return None,
        };
        let total = header_len.checked_add(value_len)?;
        if total > buf.len() {
            return None;
        }
        out.push(Field {
            number: (key >> 3) as u32,
            raw: &buf[..total],
            payload: &buf[header_len..total],
        });
        buf = &buf[total..];
    }
    Some(out)
}

/// Byte-for-byte equality, except that map entries may come in any order.
/// `map_fields` lists the map field numbers of the message in the top-level
/// message's field 1 (e.g. `Envelope.metadata = 8`).
fn same_wire(a: &[u8], b: &[u8], map_fields: &[u32]) -> bool {
    if a == b {
        return true;
    }
    let (Some(fa), Some(fb)) = (split_fields(a), split_fields(b)) else {
        return false;
    };
    fa.len() == fb.len()
        && fa.iter().zip(&fb).all(|(x, y)| {
            x.number == y.number
                && (x.raw == y.raw
                    || (x.number == 1 && same_up_to_map_order(x.payload, y.payload, map_fields)))
        })
}

fn same_up_to_map_order(a: &[u8], b: &[u8], maps: &[u32]) -> bool {
    let (Some(fa), Some(fb)) = (split_fields(a), split_fields(b)) else {
        return false;
    };
    let plain = |fields: &[Field<'_>]| -> Vec<Vec<u8>> {
        fields
            .iter()
            .filter(|f| !maps.contains(&f.number))
            .map(|f| f.raw.to_vec())
            .collect()
    };
    let entries = |fields: &[Field<'_>]| -> Vec<Vec<u8>> {
        let mut e: Vec<Vec<u8>> = fields
            .iter()
            .filter(|f| maps.contains(&f.number))
            .map(|f| f.raw.to_vec())
            .collect();
        e.sort();
        e
    };
    plain(&fa) == plain(&fb) && entries(&fa) == entries(&fb)
}

#[test]
fn recorded_response_bodies_round_trip() {
    let mut checked = Vec::new();
    for t in upstream_http_transcripts().expect("fixtures load") {
        if t.response_status() != Some(200) {
            continue;
        }
        let path = t.request_path().unwrap_or_default();
        for (format, body) in message_bodies(&t) {
            match (path, format) {
                ("/resolver.v1.ResolverService/GetSecrets", Format::Json) => {
                    json_round_trip::<GetSecretsResponse>(&t.name, &body)
                }
                ("/resolver.v1.ResolverService/GetSecrets", Format::Proto) => {
                    proto_round_trip::<GetSecretsResponse>(&t.name, &body, &[8])
                }
                ("/resolver.v1.ListService/ListPlugins", Format::Json) => {
                    json_round_trip::<ListPluginsResponse>(&t.name, &body)
                }
                ("/resolver.v1.ListService/ListPlugins", Format::Proto) => {
                    proto_round_trip::<ListPluginsResponse>(&t.name, &body, &[])
                }
                _ => continue,
            }
            checked.push(format!("{} ({format:?})", t.name));
        }
    }
    // The fixtures that carry the interesting shapes must have been checked:
    // metadata and an explicit version, an empty version and zero timestamps
    // in JSON and binary, gRPC and gRPC-Web frames, and the plugin list.
    for expected in [
        "getsecrets_json_exact_metadata (Json)",
        "getsecrets_json_wildcard_doublestar (Json)",
        "getsecrets_proto_exact (Proto)",
        "getsecrets_accept_gzip (Json)",
        "grpc_http1_proto (Proto)",
        "grpc_http1_json (Json)",
        "grpcweb_proto (Proto)",
        "grpcweb_json (Json)",
        "listplugins_json (Json)",
    ] {
        assert!(
            checked.iter().any(|c| c == expected),
            "{expected} was not checked; checked: {checked:#?}"
        );
    }
    assert!(checked.len() >= 20, "only {} bodies checked", checked.len());
}

#[test]
fn binary_comparison_tolerates_map_order_only() {
    use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
    let envelope = Envelope {
        id: Some("a/b".into()),
        value: Some(b"ab-value".to_vec()),
        provider: Some("builtin-mem".into()),
        version: Some(String::new()),
        created_at: Some(protojson_wkt::Timestamp::GO_ZERO),
        resolved_at: None,
        expires_at: Some(protojson_wkt::Timestamp::GO_ZERO),
        metadata: [("owner", "team-a"), ("env", "prod"), ("tier", "1")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
    };
    let response = GetSecretsResponse {
        envelopes: vec![envelope.clone()],
    };
    let bytes = response.encode_to_vec();
    // Rebuild the same message with the map entries written in reverse order.
    let fields = split_fields(&bytes).expect("valid");
    let inner = split_fields(fields[0].payload).expect("valid envelope");
    let mut reordered_inner: Vec<u8> = Vec::new();
    for field in inner.iter().filter(|f| f.number != 8) {
        reordered_inner.extend_from_slice(field.raw);
    }
    for field in inner.iter().filter(|f| f.number == 8).rev() {
        reordered_inner.extend_from_slice(field.raw);
    }
    let mut reordered = vec![0x0a, u8::try_from(reordered_inner.len()).expect("short")];
    reordered.extend_from_slice(&reordered_inner);
    assert_ne!(reordered, bytes, "the test must actually reorder");
    assert!(same_wire(&reordered, &bytes, &[8]));
    proto_round_trip::<GetSecretsResponse>("reordered", &reordered, &[8]);

    // A changed value is still caught.
    let mut tampered = reordered.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    assert!(!same_wire(&tampered, &bytes, &[8]));

    // The empty version and the zero timestamps are on the wire.
    let decoded = GetSecretsResponse::decode(&bytes[..]).expect("decodes");
    assert_eq!(decoded.envelopes[0].version.as_deref(), Some(""));
    assert_eq!(decoded.envelopes[0], envelope);
}
