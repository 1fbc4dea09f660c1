//! What went wrong talking to OpenBao, sorted the way the engine needs it.

use secrets_engine_plugin::ProviderError;

/// A failed OpenBao call. Messages name addresses, paths and OpenBao's own
/// error text, never a token or a secret's value.
#[derive(Debug, Clone, thiserror::Error)]
pub(crate) enum BaoError {
    /// No server could answer (refused, timed out, sealed, no leader): the
    /// engine may serve its last answer meanwhile.
    #[error("{0}")]
    Unavailable(String),
    /// The token was refused, or its policies do not allow this path.
    #[error("{0}")]
    PermissionDenied(String),
    /// Anything else: a missing mount, an answer we cannot read.
    #[error("{0}")]
    Other(String),
}

impl From<BaoError> for ProviderError {
    fn from(error: BaoError) -> Self {
        match error {
            BaoError::Unavailable(text) => ProviderError::Unavailable(text),
            BaoError::PermissionDenied(text) => ProviderError::PermissionDenied(text),
            BaoError::Other(text) => ProviderError::Other(text),
        }
    }
}

/// OpenBao's `{"errors": [...]}` as one line, cut short: enough to say what
/// happened, never a whole body.
pub(crate) fn error_text(body: &[u8]) -> String {
    #[derive(serde::Deserialize)]
    struct Errors {
        #[serde(default)]
        errors: Vec<String>,
    }
    let text = serde_json::from_slice::<Errors>(body)
        .map(|parsed| parsed.errors.join("; "))
        .unwrap_or_default();
    let text = text.replace(['\n', '\r'], " ");
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
