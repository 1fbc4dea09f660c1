//! [`SecretValue`]: the bytes of a secret, kept out of logs and wiped on drop.

use std::fmt;

use zeroize::Zeroizing;

/// The bytes of a secret.
///
/// The bytes are overwritten with zeros when the value is dropped (including spare capacity of the
/// buffer), `Debug` and `Display` never show them, and there is deliberately no `Serialize`: reading them
/// takes an explicit [`SecretValue::expose`], which is easy to spot in review.
///
/// ```
/// use secrets_core::SecretValue;
///
/// let value = SecretValue::from("hunter2");
/// assert_eq!(format!("{value:?}"), "SecretValue(<redacted>)");
/// assert_eq!(value.expose(), b"hunter2");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SecretValue(Zeroizing<Vec<u8>>);

impl SecretValue {
    /// Takes ownership of `bytes` (no copy is made, so no unwiped copy is left behind).
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// The secret bytes. Named so every place that reads a secret says so.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the secret has no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Vec<u8>> for SecretValue {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<String> for SecretValue {
    fn from(text: String) -> Self {
        Self::new(text.into_bytes())
    }
}

/// Copies the text; wiping the original is the caller's business.
impl From<&str> for SecretValue {
    fn from(text: &str) -> Self {
        Self::new(text.as_bytes().to_vec())
    }
}

/// Copies the bytes; wiping the original is the caller's business.
impl From<&[u8]> for SecretValue {
    fn from(bytes: &[u8]) -> Self {
        Self::new(bytes.to_vec())
    }
}

impl fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretValue(<redacted>)")
    }
}

impl fmt::Display for SecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}
