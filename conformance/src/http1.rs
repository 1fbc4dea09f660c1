//! A small HTTP/1.x message reader, for recorded and replayed bytes alike.

/// One HTTP/1.x response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HttpResponse {
    /// `HTTP/1.1`, `HTTP/1.0`, …
    pub version: String,
    /// The status code.
    pub status: u16,
    /// The reason phrase.
    pub reason: String,
    /// Header fields in order.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
    /// Trailer fields (chunked encoding).
    pub trailers: Vec<(String, String)>,
}

impl HttpResponse {
    /// A header value (case-insensitive name; the last one wins).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// A trailer value.
    pub fn trailer(&self, name: &str) -> Option<&str> {
        header(&self.trailers, name)
    }
}

/// One HTTP/1.1 request (a call inside a plugin's yamux stream).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HttpRequest {
    /// `POST`.
    pub method: String,
    /// The request target, as sent.
    pub path: String,
    /// Header fields in order.
    pub headers: Vec<(String, String)>,
    /// The body (by `Content-Length`, or de-chunked).
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// A header value (case-insensitive name; the last one wins).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// Parses a complete request from `bytes`; `None` while incomplete.
    pub fn parse(bytes: &[u8]) -> Option<HttpRequest> {
        let head_end = find(bytes, b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&bytes[..head_end]).into_owned();
        let (line, rest) = head.split_once("\r\n").unwrap_or((&head, ""));
        let mut parts = line.split(' ');
        let mut request = HttpRequest {
            method: parts.next()?.to_owned(),
            path: parts.next()?.to_owned(),
            headers: fields(rest),
            body: Vec::new(),
        };
        let at = head_end + 4;
        if is_chunked(&request.headers) {
            request.body = dechunk(bytes, at)?.body;
            return Some(request);
        }
        let length: usize = request
            .header("content-length")
            .map_or(Some(0), |v| v.parse().ok())?;
        request.body = bytes.get(at..at + length)?.to_vec();
        Some(request)
    }
}

/// Parses as many complete responses as `bytes` holds (interim `1xx`
/// responses included). `complete_at_eof` says the connection was closed, so
/// a body without a length ends at the end of the bytes.
pub fn parse_responses(mut bytes: &[u8], complete_at_eof: bool) -> Vec<HttpResponse> {
    let mut out = Vec::new();
    while let Some((response, used)) = parse_one(bytes, complete_at_eof) {
        out.push(response);
        bytes = &bytes[used..];
        if used == 0 {
            break;
        }
    }
    out
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn fields(block: &str) -> Vec<(String, String)> {
    block
        .split("\r\n")
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

fn header<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .rfind(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn is_chunked(headers: &[(String, String)]) -> bool {
    header(headers, "transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
}

/// A chunked body, read.
struct Dechunked {
    body: Vec<u8>,
    trailers: Vec<(String, String)>,
    /// Where the message ends.
    end: usize,
}

/// The chunked body starting at `at`; `None` while incomplete.
fn dechunk(bytes: &[u8], mut at: usize) -> Option<Dechunked> {
    let mut body = Vec::new();
    loop {
        let line_end = at + find(&bytes[at..], b"\r\n")?;
        let size_text = String::from_utf8_lossy(&bytes[at..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        at = line_end + 2;
        if size == 0 {
            let trailer_end = at + find(&bytes[at..], b"\r\n")?;
            if trailer_end == at {
                return Some(Dechunked {
                    body,
                    trailers: Vec::new(),
                    end: at + 2,
                });
            }
            let end = at + find(&bytes[at..], b"\r\n\r\n")?;
            let trailers = fields(&String::from_utf8_lossy(&bytes[at..end]));
            return Some(Dechunked {
                body,
                trailers,
                end: end + 4,
            });
        }
        body.extend_from_slice(bytes.get(at..at + size)?);
        at += size + 2;
    }
}

fn parse_one(bytes: &[u8], complete_at_eof: bool) -> Option<(HttpResponse, usize)> {
    // curl's traces log an interim `100 Continue` without its blank line, so
    // an interim head also ends where the next status line starts.
    let interim = bytes.starts_with(b"HTTP/") && bytes.get(9) == Some(&b'1');
    let next_status = find(bytes, b"\r\nHTTP/").filter(|_| interim);
    if let Some(end) =
        next_status.filter(|end| find(bytes, b"\r\n\r\n").is_none_or(|blank| *end < blank))
    {
        let head = String::from_utf8_lossy(&bytes[..end]);
        let mut parts = head.splitn(3, ' ');
        let version = parts.next()?.to_owned();
        let status: u16 = parts.next()?.parse().ok()?;
        let response = HttpResponse {
            version,
            status,
            reason: parts.next().unwrap_or_default().to_owned(),
            ..Default::default()
        };
        return Some((response, end + 2));
    }
    let head_end = find(bytes, b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&bytes[..head_end]).into_owned();
    let (status_line, rest) = head.split_once("\r\n").unwrap_or((&head, ""));
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next()?.to_owned();
    let status: u16 = parts.next()?.parse().ok()?;
    let reason = parts.next().unwrap_or_default().to_owned();
    let mut response = HttpResponse {
        version,
        status,
        reason,
        headers: fields(rest),
        ..Default::default()
    };
    let at = head_end + 4;
    if (100..200).contains(&status) || status == 204 || status == 304 {
        return Some((response, at));
    }
    if is_chunked(&response.headers) {
        let chunked = dechunk(bytes, at)?;
        response.body = chunked.body;
        response.trailers = chunked.trailers;
        return Some((response, chunked.end));
    }
    if let Some(length) = response.header("content-length") {
        let length: usize = length.parse().ok()?;
        response.body = bytes.get(at..at + length)?.to_vec();
        return Some((response, at + length));
    }
    if complete_at_eof {
        response.body = bytes[at..].to_vec();
        return Some((response, bytes.len()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lengths_chunks_trailers_and_pipelines() {
        let bytes = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nGrpc-Status: 5\r\nGrpc-Message: secret not found\r\n\r\n";
        let responses = parse_responses(bytes, false);
        assert_eq!(responses.len(), 3);
        assert_eq!(responses[0].status, 100);
        assert_eq!(responses[1].body, b"ok");
        assert_eq!(responses[2].body, b"abc");
        assert_eq!(responses[2].trailer("grpc-status"), Some("5"));
        let cut = &bytes[..bytes.len() - 10];
        assert_eq!(parse_responses(cut, false).len(), 2);
        let curl =
            b"HTTP/1.1 100 Continue\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno";
        let responses = parse_responses(curl, false);
        assert_eq!(responses.len(), 2);
        assert_eq!((responses[0].status, responses[1].status), (100, 404));
        let close = b"HTTP/1.0 200 OK\r\n\r\nuntil eof";
        assert_eq!(parse_responses(close, true)[0].body, b"until eof");
    }

    #[test]
    fn reads_requests_by_length_or_chunks_and_waits_for_the_rest() {
        let sized = b"POST /a HTTP/1.1\r\nHost: unix\r\nContent-Length: 2\r\n\r\nok";
        let request = HttpRequest::parse(sized).expect("complete");
        assert_eq!(
            (request.method.as_str(), request.path.as_str()),
            ("POST", "/a")
        );
        assert_eq!(request.header("host"), Some("unix"));
        assert_eq!(request.body, b"ok");
        assert_eq!(HttpRequest::parse(&sized[..sized.len() - 1]), None);
        let chunked = b"POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n";
        assert_eq!(HttpRequest::parse(chunked).expect("complete").body, b"hi");
        assert_eq!(HttpRequest::parse(&chunked[..chunked.len() - 2]), None);
    }
}
