//! gzip, the one compression Connect peers are required to support.

use std::io::{Read, Write};

use bytes::Bytes;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use tonic::Status;

/// The only `Content-Encoding` (and `Accept-Encoding`) this runtime speaks.
pub const GZIP: &str = "gzip";

/// The body encoding a peer declared in `Content-Encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// No compression (`identity` or no header).
    Identity,
    /// gzip.
    Gzip,
}

impl Encoding {
    /// Reads a `Content-Encoding` value; anything but identity and gzip is
    /// `unimplemented`, with connect-go's wording.
    pub fn from_header(value: Option<&str>) -> Result<Encoding, Status> {
        match value.map(str::trim) {
            None | Some("") | Some("identity") => Ok(Encoding::Identity),
            Some(v) if v.eq_ignore_ascii_case(GZIP) => Ok(Encoding::Gzip),
            Some(other) => Err(Status::unimplemented(format!(
                "unknown compression {other:?}: supported encodings are gzip"
            ))),
        }
    }

    /// Decodes `body`, refusing to produce more than `limit` bytes (a small
    /// gzip body can inflate to gigabytes).
    pub fn decode(self, body: Bytes, limit: usize) -> Result<Bytes, Status> {
        match self {
            Encoding::Identity => Ok(body),
            Encoding::Gzip => gunzip(&body, limit),
        }
    }
}

/// Inflates a gzip body, refusing to produce more than `limit` bytes.
///
/// Never inlined: the inflater's state lives on the stack (a 53 KB frame).
/// Inlined into `decode`, every request paid for it, identity ones too: the
/// stack probes wrote one cache line per 4 KB page, and the frame pushed
/// the request's stack out of the L1 data cache.
#[inline(never)]
#[cold]
fn gunzip(body: &[u8], limit: usize) -> Result<Bytes, Status> {
    let mut out = Vec::new();
    let read = GzDecoder::new(body)
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| Status::invalid_argument(format!("decompress gzip body: {e}")))?;
    if read > limit {
        return Err(too_large(limit));
    }
    Ok(out.into())
}

/// Whether an `Accept-Encoding` value lists gzip (with a non-zero q-value).
pub fn accepts_gzip(accept_encoding: Option<&str>) -> bool {
    accept_encoding.is_some_and(|value| {
        value.split(',').any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| p.replace(' ', "") == "q=0");
            name.eq_ignore_ascii_case(GZIP) && !refused
        })
    })
}

/// gzips `data`.
pub fn gzip(data: &[u8]) -> Result<Bytes, Status> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(data.len() / 2 + 32), Compression::fast());
    encoder
        .write_all(data)
        .and_then(|_| encoder.finish())
        .map(Bytes::from)
        .map_err(|e| Status::internal(format!("compress gzip body: {e}")))
}

/// The error for a message over the size limit.
pub fn too_large(limit: usize) -> Status {
    Status::resource_exhausted(format!("message is larger than the limit of {limit} bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_round_trip_and_limit() {
        let data = vec![b'x'; 10_000];
        let packed = gzip(&data).expect("gzip");
        assert!(packed.len() < data.len());
        let back = Encoding::Gzip.decode(packed.clone(), 10_000).expect("fits");
        assert_eq!(&back[..], &data[..]);
        let err = Encoding::Gzip.decode(packed, 9_999).expect_err("too big");
        assert_eq!(err.code(), tonic::Code::ResourceExhausted);
    }

    #[test]
    fn headers() {
        assert_eq!(Encoding::from_header(None).ok(), Some(Encoding::Identity));
        assert_eq!(
            Encoding::from_header(Some("GZIP")).ok(),
            Some(Encoding::Gzip)
        );
        let err = Encoding::from_header(Some("br")).expect_err("unsupported");
        assert_eq!(err.code(), tonic::Code::Unimplemented);
        assert_eq!(
            err.message(),
            "unknown compression \"br\": supported encodings are gzip"
        );
        assert!(accepts_gzip(Some("deflate, gzip;q=0.5")));
        assert!(!accepts_gzip(Some("gzip;q=0")));
        assert!(!accepts_gzip(Some("br")));
        assert!(!accepts_gzip(None));
    }

    #[test]
    fn garbage_gzip_is_invalid_argument() {
        let err = Encoding::Gzip
            .decode(Bytes::from_static(b"not gzip"), 100)
            .expect_err("garbage");
        assert_eq!(err.code(), tonic::Code::InvalidArgument);
    }
}
