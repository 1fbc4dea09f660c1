//! The recorded bytes of an exchange: what the client wrote and what the
//! server answered, from curl's `--trace` dumps (`raw/<case>.trace[.gz]`) or
//! from the raw-socket transcripts (`--- t=… C->S (n bytes)` blocks).

use std::io::Read;
use std::path::Path;

use crate::transcript::Transcript;

/// What the recorded client did and saw on one connection.
#[derive(Debug, Clone, Default)]
pub struct Exchange {
    /// The client's writes, in order.
    pub client_writes: Vec<Vec<u8>>,
    /// Everything the server sent, concatenated.
    pub server_bytes: Vec<u8>,
    /// Whether the server closed the connection in the recording.
    pub server_closed: bool,
    /// For HTTP/2 recordings (curl `--http2-prior-knowledge`): the request as
    /// curl logged it (pseudo-headers and headers), since the wire bytes are
    /// binary frames.
    pub h2_request: Option<H2Request>,
}

/// An HTTP/2 request as curl logged it.
#[derive(Debug, Clone, Default)]
pub struct H2Request {
    /// `(name, value)` pairs, pseudo-headers (`:method`, `:path`) first.
    pub headers: Vec<(String, String)>,
    /// The request body.
    pub body: Vec<u8>,
}

impl H2Request {
    /// The value of a header or pseudo-header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The recorded exchange of a transcript, if its bytes were recorded.
pub fn load_exchange(transcript: &Transcript, fixtures_dir: &Path) -> Option<Exchange> {
    let raw = fixtures_dir.join("raw");
    let trace = std::fs::read(raw.join(format!("{}.trace", transcript.name)))
        .ok()
        .or_else(|| {
            let packed = std::fs::read(raw.join(format!("{}.trace.gz", transcript.name))).ok()?;
            let mut text = Vec::new();
            flate2::read::GzDecoder::new(&packed[..])
                .read_to_end(&mut text)
                .ok()?;
            Some(text)
        });
    if let Some(trace) = trace {
        let mut exchange = parse_curl_trace(&String::from_utf8_lossy(&trace));
        // When curl failed to send the body (the Go engine hung up on an
        // HTTP/2 preface), it is still in the file the command names.
        if let Some(h2) = exchange.h2_request.as_mut().filter(|h2| h2.body.is_empty())
            && let Some(file) = transcript.meta("command").and_then(|c| {
                c.split_whitespace()
                    .find_map(|arg| arg.strip_prefix("@fixtures/raw/"))
            })
        {
            h2.body = std::fs::read(raw.join(file)).unwrap_or_default();
        }
        return Some(exchange);
    }
    let text =
        std::fs::read_to_string(fixtures_dir.join(format!("{}.txt", transcript.name))).ok()?;
    parse_raw_blocks(&text)
}

/// Parses the hex bytes of a dump whose lines are `OFFS: xx xx … ascii`,
/// `count` bytes in all.
fn hex_bytes<'a>(lines: impl Iterator<Item = &'a str>, count: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(count);
    for line in lines {
        let Some((offset, rest)) = line.trim_start().split_once(": ") else {
            continue;
        };
        let Ok(offset) = usize::from_str_radix(offset, 16) else {
            continue;
        };
        let take = count.saturating_sub(offset).min(16);
        out.extend(
            rest.split_whitespace()
                .take(take)
                .filter_map(|token| u8::from_str_radix(token, 16).ok()),
        );
    }
    out
}

/// Parses curl `--trace` output.
pub fn parse_curl_trace(text: &str) -> Exchange {
    let mut exchange = Exchange::default();
    let mut h2 = H2Request::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if let Some(header) = line.strip_prefix("== Info: h2h3 [") {
            if let Some((name, value)) = header.trim_end_matches(']').split_once(": ") {
                h2.headers.push((name.to_owned(), value.to_owned()));
            }
            continue;
        }
        let (client, rest) = if let Some(rest) = line.strip_prefix("=> Send ") {
            (true, rest)
        } else if let Some(rest) = line.strip_prefix("<= Recv ") {
            (false, rest)
        } else {
            continue;
        };
        // `header, 164 bytes (0xa4)` / `data, 17 bytes (0x11)`
        let count = rest
            .split(", ")
            .nth(1)
            .and_then(|n| n.split(' ').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        let start = i;
        while i < lines.len()
            && !lines[i].starts_with("=> ")
            && !lines[i].starts_with("<= ")
            && !lines[i].starts_with("== ")
        {
            i += 1;
        }
        let bytes = hex_bytes(lines[start..i].iter().copied(), count);
        if client {
            if rest.starts_with("data") && !h2.headers.is_empty() {
                h2.body.extend_from_slice(&bytes);
            }
            exchange.client_writes.push(bytes);
        } else {
            exchange.server_bytes.extend_from_slice(&bytes);
        }
    }
    if !h2.headers.is_empty() {
        exchange.h2_request = Some(h2);
    }
    exchange
}

/// Parses the raw-socket transcript format.
pub fn parse_raw_blocks(text: &str) -> Option<Exchange> {
    let mut exchange = Exchange::default();
    let mut found = false;
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let Some(header) = line.strip_prefix("--- t=") else {
            continue;
        };
        found = true;
        let client = header.contains("C->S");
        if header.contains("<EOF") {
            exchange.server_closed = true;
            continue;
        }
        let count = header
            .split('(')
            .nth(1)
            .and_then(|n| n.split(' ').next())
            .and_then(|n| n.parse::<usize>().ok());
        let start = i;
        while i < lines.len() && !lines[i].starts_with("--- ") && !lines[i].starts_with('#') {
            i += 1;
        }
        let Some(count) = count else { continue };
        let hex = lines[start..i]
            .iter()
            .copied()
            .filter(|l| l.starts_with("    ") && l.trim_start().get(4..6) == Some(": "));
        let bytes = hex_bytes(hex, count);
        if client {
            exchange.client_writes.push(bytes);
        } else {
            exchange.server_bytes.extend_from_slice(&bytes);
        }
    }
    found.then_some(exchange)
}
