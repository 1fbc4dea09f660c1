//! What the server and the client under test share: the size-delimited
//! messages `connectconformance` exchanges with them on stdin and stdout,
//! metadata as the suite's `Header` lists, and the `Any` type registry.
//!
//! The two programs (`src/bin/connect-conformance-server.rs` and
//! `src/bin/connect-conformance-client.rs`) are run by
//! `scripts/connect-conformance`; the messages are generated from the vendored
//! protos in `proto/` (crate `connect-conformance-api`, `gen/connect-conformance`).
#![forbid(unsafe_code)]

use connect_conformance_api::connectrpc::conformance::v1 as pb;
use http::HeaderMap;
use prost::Message;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

pub use connect_conformance_api::connectrpc::conformance::v1;

/// Reads one size-delimited message (a 4-byte big-endian length, then the
/// message); `None` at the end of the input.
pub async fn read_message<M: Message + Default>(
    input: &mut (impl AsyncRead + Unpin),
) -> std::io::Result<Option<M>> {
    let mut length = [0u8; 4];
    match input.read_exact(&mut length).await {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut body = vec![0u8; u32::from_be_bytes(length) as usize];
    input.read_exact(&mut body).await?;
    M::decode(&body[..])
        .map(Some)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// Writes one size-delimited message and flushes.
pub async fn write_message<M: Message>(
    output: &mut (impl AsyncWrite + Unpin),
    message: &M,
) -> std::io::Result<()> {
    let body = message.encode_to_vec();
    let length = u32::try_from(body.len())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    output.write_all(&length.to_be_bytes()).await?;
    output.write_all(&body).await?;
    output.flush().await
}

/// Headers as the suite lists them: one entry per name, its values in order.
pub fn to_headers(map: &HeaderMap) -> Vec<pb::Header> {
    let mut out: Vec<pb::Header> = Vec::new();
    for name in map.keys() {
        let value = map
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        out.push(pb::Header {
            name: name.as_str().to_owned(),
            value,
        });
    }
    out
}

/// Lets `google.protobuf.Any` carry the suite's messages in JSON.
pub fn register_any_types() {
    use protojson_wkt::any::register;
    register::<pb::UnaryRequest>();
    register::<pb::IdempotentUnaryRequest>();
    register::<pb::UnimplementedRequest>();
    register::<pb::ServerStreamRequest>();
    register::<pb::ClientStreamRequest>();
    register::<pb::BidiStreamRequest>();
    register::<pb::conformance_payload::RequestInfo>();
    register::<pb::UnaryResponse>();
    register::<pb::IdempotentUnaryResponse>();
}
