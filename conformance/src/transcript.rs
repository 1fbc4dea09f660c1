//! Reading a recorded exchange (`fixtures/upstream/<case>.txt`) back into bytes.
//!
//! A transcript is a header of `# key: value` lines, then sections that start
//! with `>>> TITLE` (what the client sent) or `<<< TITLE` (what it received):
//! `REQUEST HEADERS`, `REQUEST BODY (…)`, `RESPONSE HEADERS`,
//! `RESPONSE BODY (…)`, and for some cases `DECHUNKED BODY`, `GUNZIPPED BODY`
//! and `HTTP/1.1 TRAILERS`. A body is shown either as text, as `(empty)`, or
//! (when binary) as a `base64:` line followed by a hex dump and a decode.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Why a transcript could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TranscriptError {
    /// The file could not be read.
    #[error("read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A `base64:` line did not decode.
    #[error("{name}: section {section:?}: bad base64: {source}")]
    Base64 {
        /// The fixture.
        name: String,
        /// The section title.
        section: String,
        /// The cause.
        source: base64::DecodeError,
    },
}

impl TranscriptError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        TranscriptError::Io {
            path: path.to_owned(),
            source,
        }
    }
}

/// One `>>>`/`<<<` section of a transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `true` for `>>>` (sent by the recorded client), `false` for `<<<`.
    pub sent: bool,
    /// The title, e.g. `RESPONSE BODY (254 bytes on the wire)`.
    pub title: String,
    /// The lines of the section, without trailing blank lines.
    pub lines: Vec<String>,
}

impl Section {
    /// Whether the title starts with `prefix` (e.g. `RESPONSE BODY`).
    pub fn is(&self, prefix: &str) -> bool {
        self.title.starts_with(prefix)
    }
}

/// A recorded HTTP exchange.
#[derive(Debug, Clone)]
pub struct Transcript {
    /// The case name (the file name without `.txt`).
    pub name: String,
    /// The `# key: value` header lines (`description`, `command`, …).
    pub meta: Vec<(String, String)>,
    /// The sections in file order.
    pub sections: Vec<Section>,
}

impl Transcript {
    /// Reads the transcript at `path`.
    pub fn load(path: &Path) -> Result<Self, TranscriptError> {
        let text = std::fs::read_to_string(path).map_err(|e| TranscriptError::io(path, e))?;
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        Ok(Self::parse(name, &text))
    }

    /// Parses transcript text.
    pub fn parse(name: String, text: &str) -> Self {
        let mut meta = Vec::new();
        let mut sections: Vec<Section> = Vec::new();
        // Comment lines (`# curl info lines:` …) after a section close it.
        let mut in_section = false;
        for line in text.lines() {
            if let Some(title) = line
                .strip_prefix(">>> ")
                .or_else(|| line.strip_prefix("<<< "))
            {
                sections.push(Section {
                    sent: line.starts_with(">>>"),
                    title: title.to_owned(),
                    lines: Vec::new(),
                });
                in_section = true;
            } else if line.starts_with('#') {
                in_section = false;
                if sections.is_empty()
                    && let Some((key, value)) =
                        line.strip_prefix("# ").and_then(|l| l.split_once(": "))
                {
                    meta.push((key.to_owned(), value.trim().to_owned()));
                }
            } else if in_section && let Some(section) = sections.last_mut() {
                section.lines.push(line.to_owned());
            }
        }
        for section in &mut sections {
            while section.lines.last().is_some_and(|l| l.is_empty()) {
                section.lines.pop();
            }
        }
        Transcript {
            name,
            meta,
            sections,
        }
    }

    /// The value of a `# key: value` header line.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The first section whose title starts with `prefix`.
    pub fn section(&self, prefix: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.is(prefix))
    }

    /// The request line, e.g. `POST /resolver.v1.ResolverService/GetSecrets HTTP/1.1`.
    pub fn request_line(&self) -> Option<&str> {
        self.section("REQUEST HEADERS")?
            .lines
            .first()
            .map(String::as_str)
    }

    /// The request path.
    pub fn request_path(&self) -> Option<&str> {
        self.request_line()?.split(' ').nth(1)
    }

    /// The final response status code (after any `100 Continue`).
    pub fn response_status(&self) -> Option<u16> {
        self.section("RESPONSE HEADERS")?
            .lines
            .iter()
            .filter(|l| l.starts_with("HTTP/"))
            .filter_map(|l| l.split(' ').nth(1)?.parse().ok())
            .rfind(|code| *code != 100)
    }

    /// A response header (the last one of that name, case-insensitive).
    pub fn response_header(&self, name: &str) -> Option<&str> {
        headers(self.section("RESPONSE HEADERS")?, name)
    }

    /// A request header (case-insensitive).
    pub fn request_header(&self, name: &str) -> Option<&str> {
        headers(self.section("REQUEST HEADERS")?, name)
    }

    /// The request body bytes, if the transcript shows them whole.
    pub fn request_body(&self) -> Result<Option<Vec<u8>>, TranscriptError> {
        match self.section("REQUEST BODY") {
            Some(section) => self.body(section),
            None => Ok(None),
        }
    }

    /// The response body as the application sees it: un-chunked and
    /// un-gzipped where the transcript shows that form.
    pub fn response_body(&self) -> Result<Option<Vec<u8>>, TranscriptError> {
        for title in ["GUNZIPPED BODY", "DECHUNKED BODY", "RESPONSE BODY"] {
            if let Some(section) = self.sections.iter().find(|s| !s.sent && s.is(title)) {
                return self.body(section);
            }
        }
        Ok(None)
    }

    fn body(&self, section: &Section) -> Result<Option<Vec<u8>>, TranscriptError> {
        if section.title.contains("truncated") {
            return Ok(None);
        }
        if let Some(encoded) = section
            .lines
            .iter()
            .find_map(|l| l.strip_prefix("base64: "))
        {
            return STANDARD.decode(encoded.trim()).map(Some).map_err(|source| {
                TranscriptError::Base64 {
                    name: self.name.clone(),
                    section: section.title.clone(),
                    source,
                }
            });
        }
        match section.lines.first().map(String::as_str) {
            None | Some("(empty)") => Ok(Some(Vec::new())),
            Some(_) => Ok(Some(section.lines.join("\n").into_bytes())),
        }
    }
}

fn headers<'a>(section: &'a Section, name: &str) -> Option<&'a str> {
    section
        .lines
        .iter()
        .filter_map(|l| l.split_once(": "))
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .next_back()
}
