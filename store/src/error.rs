//! [`StoreError`]: why a store operation failed, and what to do about it.
//!
//! Messages never contain a secret value; they name the secret's ID, the
//! backend and, where there is one, the path.

use std::path::PathBuf;

use secrets_core::SecretId;

/// Why a store operation failed. Each message says what to do next.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// No secret has this ID. The text is Docker's (`secret not found`), so
    /// scripts that match it keep working.
    #[error("secret not found")]
    NotFound(SecretId),

    /// The keychain is locked and could not be unlocked without a prompt.
    #[error("the keychain is locked ({reason}): unlock your login keyring and try again")]
    Locked {
        /// What the keychain said.
        reason: String,
    },

    /// The backend cannot be reached at all (no Secret Service on the session
    /// bus, the daemon went away, the store directory cannot be created).
    #[error("{backend} unavailable: {reason}{hint}")]
    Unavailable {
        /// `keychain` or `encrypted file store`.
        backend: &'static str,
        /// What failed.
        reason: String,
        /// What to do (starts with "; " when present).
        hint: &'static str,
    },

    /// The item exists but cannot be read back as a secret (truncated file,
    /// broken metadata, a keychain item without an ID).
    #[error(
        "secret {id} is damaged ({reason}): remove it with `docker-pass rm {id}` and set it again"
    )]
    Corrupt {
        /// The secret.
        id: String,
        /// What is wrong with it (never its contents).
        reason: String,
    },

    /// The encrypted file store holds the secret, but the configured key does
    /// not open it.
    #[error(
        "cannot decrypt secret {id}: {reason} (check DOCKER_PASS_PASSPHRASE / DOCKER_PASS_IDENTITY_FILE)"
    )]
    WrongKey {
        /// The secret.
        id: String,
        /// Which key was tried and what failed.
        reason: String,
    },

    /// The encrypted file store holds secrets but its identity file is
    /// missing. A new identity would not open them, and secrets written with
    /// it would sit beside them, readable by neither key; so none is created.
    #[error(
        "no identity at {}: the encrypted file store at {} holds {} encrypted to another key, \
         so no new identity was created (it could not read them, and what it wrote could not be \
         read with theirs). To restore it, put your backup of the identity back at {} or point \
         DOCKER_PASS_IDENTITY_FILE at it; to start over without those secrets, move {} away",
        identity.display(),
        root.display(),
        count_secrets(*secrets),
        identity.display(),
        root.display()
    )]
    MissingIdentity {
        /// Where the identity file was expected.
        identity: PathBuf,
        /// The store's directory.
        root: PathBuf,
        /// How many secrets it holds.
        secrets: usize,
    },

    /// A write was refused because the configured key (a wrong passphrase,
    /// another identity) does not open the secrets already in the encrypted
    /// file store: the new secret would be readable only with a key the
    /// others do not share.
    #[error(
        "not writing secret {id}: the encrypted file store at {} holds {} that this {key} \
         does not open (tried secret {sample}: {reason}). Use the key they were written with \
         (DOCKER_PASS_PASSPHRASE, DOCKER_PASS_PASSPHRASE_FILE or DOCKER_PASS_IDENTITY_FILE); \
         to start over without them, move {} away",
        root.display(),
        count_secrets(*secrets),
        root.display()
    )]
    ForeignKey {
        /// The secret that was not written.
        id: String,
        /// The store's directory (boxed: it keeps every `StoreError` small
        /// on Windows too, where paths are larger).
        root: Box<std::path::Path>,
        /// How many secrets it holds.
        secrets: usize,
        /// The configured key's kind (`passphrase`, `X25519 identity`).
        key: &'static str,
        /// The existing secret that was tried.
        sample: String,
        /// Why it did not open.
        reason: String,
    },

    /// The operating system refused access to a file or directory.
    #[error("permission denied on {}: {source}; check the owner and mode of the store directory", path.display())]
    Permission {
        /// The path.
        path: PathBuf,
        /// The refusal.
        source: std::io::Error,
    },

    /// Another process holds the store's lock for longer than we wait.
    #[error(
        "the store at {} is busy (another docker-pass or engine holds its lock); try again",
        path.display()
    )]
    Busy {
        /// The store directory.
        path: PathBuf,
    },

    /// Writing failed (disk full, I/O error). The previous value is intact.
    #[error("cannot write secret {id} to {}: {source}; the previous value is unchanged", path.display())]
    Write {
        /// The secret.
        id: String,
        /// Where.
        path: PathBuf,
        /// Why the write failed (disk full, no permission).
        source: std::io::Error,
    },

    /// The store was configured wrongly (a bad key file, an unknown backend name).
    #[error("{0}")]
    Config(String),

    /// This store cannot report changes to its secrets (the macOS and
    /// Windows keychains tell no one, or the system refused a file-system
    /// watch): read the store each time rather than keep its answers.
    #[error("the {backend} cannot report changes to its secrets: {reason}")]
    ChangesUnsupported {
        /// `keychain` or `encrypted file store`.
        backend: &'static str,
        /// Why not.
        reason: String,
    },
}

/// `1 secret`, `3 secrets`.
fn count_secrets(n: usize) -> String {
    if n == 1 {
        "1 secret".to_owned()
    } else {
        format!("{n} secrets")
    }
}

impl StoreError {
    /// Whether the backend as a whole is out of reach (as opposed to one item).
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::Unavailable { .. } | StoreError::Locked { .. } | StoreError::Busy { .. }
        )
    }

    /// Whether this is [`StoreError::ChangesUnsupported`]: the store works,
    /// but [`Store::changes`](crate::Store::changes) is not available on it.
    pub fn is_changes_unsupported(&self) -> bool {
        matches!(self, StoreError::ChangesUnsupported { .. })
    }

    /// A file-system error on `path`, sorted into permission or unavailable.
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::PermissionDenied {
            StoreError::Permission {
                path: path.to_owned(),
                source,
            }
        } else {
            StoreError::Unavailable {
                backend: "encrypted file store",
                reason: format!("{}: {source}", path.display()),
                hint: "",
            }
        }
    }
}
