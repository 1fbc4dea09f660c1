//! The yamux wire format (v0): a 12-byte big-endian header, then the body of
//! data frames.
//!
//! Written against the wire format rather than taken from the `yamux` crate
//! the engine is built on, so the engine's bytes are held to the recorded Go
//! plugin's independently of the library that produced them.

/// The length of a yamux frame header.
pub const HEADER_LEN: usize = 12;
/// Flag: opens a stream (or a ping request).
pub const SYN: u16 = 1;
/// Flag: acknowledges a stream (or answers a ping).
pub const ACK: u16 = 2;
/// Flag: the sender has finished writing on the stream (half-close).
pub const FIN: u16 = 4;
/// Flag: the stream is reset.
pub const RST: u16 = 8;

/// The four frame types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameType {
    /// Stream data; `length` is the body length.
    Data = 0,
    /// Receive-window credit; `length` is the delta.
    WindowUpdate = 1,
    /// Ping; `length` is the opaque value echoed back.
    Ping = 2,
    /// Session end; `length` is the code (0 normal, 1 protocol, 2 internal).
    GoAway = 3,
}

/// One yamux frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The frame type.
    pub kind: FrameType,
    /// `SYN | ACK | FIN | RST`.
    pub flags: u16,
    /// The stream (0 for session frames).
    pub stream: u32,
    /// The header's length field (body length, window delta, ping value or
    /// go-away code).
    pub length: u32,
    /// The body (data frames only).
    pub body: Vec<u8>,
}

/// A header that is not yamux v0.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a yamux v0 frame header: {0:02x?}")]
pub struct FrameError(pub [u8; HEADER_LEN]);

impl Frame {
    /// A frame without a body.
    pub fn header_only(kind: FrameType, flags: u16, stream: u32, length: u32) -> Self {
        Frame {
            kind,
            flags,
            stream,
            length,
            body: Vec::new(),
        }
    }

    /// A data frame carrying `body`.
    pub fn data(flags: u16, stream: u32, body: Vec<u8>) -> Self {
        Frame {
            kind: FrameType::Data,
            flags,
            stream,
            length: body.len() as u32,
            body,
        }
    }

    /// Whether every flag of `flags` is set.
    pub fn has(&self, flags: u16) -> bool {
        self.flags & flags == flags
    }

    /// The wire bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + self.body.len());
        out.push(0);
        out.push(self.kind as u8);
        out.extend_from_slice(&self.flags.to_be_bytes());
        out.extend_from_slice(&self.stream.to_be_bytes());
        out.extend_from_slice(&self.length.to_be_bytes());
        out.extend_from_slice(&self.body);
        out
    }

    /// The first frame in `bytes` and how many bytes it took; `None` while
    /// the frame is incomplete.
    pub fn decode(bytes: &[u8]) -> Result<Option<(Frame, usize)>, FrameError> {
        let Some(header) = bytes.get(..HEADER_LEN) else {
            return Ok(None);
        };
        let header: [u8; HEADER_LEN] = header.try_into().map_err(|_| FrameError([0; 12]))?;
        let kind = match header[1] {
            0 => FrameType::Data,
            1 => FrameType::WindowUpdate,
            2 => FrameType::Ping,
            3 => FrameType::GoAway,
            _ => return Err(FrameError(header)),
        };
        if header[0] != 0 {
            return Err(FrameError(header));
        }
        let flags = u16::from_be_bytes([header[2], header[3]]);
        let stream = u32::from_be_bytes([header[4], header[5], header[6], header[7]]);
        let length = u32::from_be_bytes([header[8], header[9], header[10], header[11]]);
        if kind != FrameType::Data {
            return Ok(Some((
                Frame::header_only(kind, flags, stream, length),
                HEADER_LEN,
            )));
        }
        let end = HEADER_LEN + length as usize;
        let Some(body) = bytes.get(HEADER_LEN..end) else {
            return Ok(None);
        };
        Ok(Some((Frame::data(flags, stream, body.to_vec()), end)))
    }

    /// `Data flags=SYN|ACK stream=1 length=265`, as the transcripts print it.
    pub fn describe(&self) -> String {
        let names: Vec<&str> = [(SYN, "SYN"), (ACK, "ACK"), (FIN, "FIN"), (RST, "RST")]
            .iter()
            .filter(|(bit, _)| self.flags & bit != 0)
            .map(|(_, name)| *name)
            .collect();
        let flags = if names.is_empty() {
            "0".to_owned()
        } else {
            names.join("|")
        };
        format!(
            "{:?} flags={flags} stream={} length={}",
            self.kind, self.stream, self.length
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc_replay::hex::hex;

    #[test]
    fn codec_reads_and_writes_recorded_headers() {
        // Headers from ipc_external_plugin.txt.
        let cases: [(&str, FrameType, u16, u32, u32); 4] = [
            (
                "000100010000000100000000",
                FrameType::WindowUpdate,
                SYN,
                1,
                0,
            ),
            (
                "000100040000000200000000",
                FrameType::WindowUpdate,
                FIN,
                2,
                0,
            ),
            ("000300000000000000000000", FrameType::GoAway, 0, 0, 0),
            (
                "000100020000000400000000",
                FrameType::WindowUpdate,
                ACK,
                4,
                0,
            ),
        ];
        for (header, kind, flags, stream, length) in cases {
            let bytes = hex(header).expect("hex");
            let (frame, used) = Frame::decode(&bytes).expect("v0").expect("complete");
            assert_eq!(used, HEADER_LEN);
            assert_eq!(
                (frame.kind, frame.flags, frame.stream, frame.length),
                (kind, flags, stream, length)
            );
            assert_eq!(frame.encode(), bytes);
        }
        let data = Frame::data(ACK, 1, b"ok".to_vec());
        let bytes = data.encode();
        assert_eq!(
            &bytes[..HEADER_LEN],
            hex("000000020000000100000002").expect("hex")
        );
        assert_eq!(Frame::decode(&bytes[..13]), Ok(None), "body incomplete");
        assert_eq!(Frame::decode(&bytes), Ok(Some((data, 14))));
        assert!(Frame::decode(&hex("010000000000000000000000").expect("hex")).is_err());
        assert!(Frame::decode(&hex("000400000000000000000000").expect("hex")).is_err());
    }
}
