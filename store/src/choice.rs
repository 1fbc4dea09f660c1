//! Which store `docker-pass` and the engine use, so both reach the same one.
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `DOCKER_PASS_STORE` | `keychain`, `file` or `auto` | `auto`: the keychain when a Secret Service answers, else the file store |
//! | `DOCKER_PASS_FILE_STORE` | the encrypted file store's directory | `$XDG_DATA_HOME/docker-secrets-engine/store` (`~/.local/share/…`) |
//! | `DOCKER_PASS_PASSPHRASE` | the file store's passphrase (scrypt) | unset: use the identity file |
//! | `DOCKER_PASS_PASSPHRASE_FILE` | a file holding that passphrase | unset |
//! | `DOCKER_PASS_IDENTITY_FILE` | the file store's age X25519 identity, created 0600 on first use (never while the store holds secrets: they were written with another one) | `$XDG_CONFIG_HOME/docker-secrets-engine/identity.txt` (`~/.config/…`) |

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::file::{FileKey, FileStore};
use crate::keychain::{KeychainStore, is_slow_answer};
use crate::{Store, StoreError};

/// Which backend to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    /// The keychain when a Secret Service answers, else the file store.
    Auto,
    /// The OS keychain, or an error when it cannot be reached.
    Keychain,
    /// The encrypted file store.
    File,
}

/// Where the file store's key comes from.
#[derive(Debug, Clone)]
pub enum FileKeySource {
    /// An age identity file, created on first use.
    IdentityFile(PathBuf),
    /// A passphrase given in the environment (the variable's name).
    PassphraseEnv(&'static str),
    /// A file holding the passphrase.
    PassphraseFile(PathBuf),
}

/// Everything needed to open the store.
#[derive(Debug, Clone)]
pub struct StoreChoice {
    /// Which backend.
    pub backend: BackendKind,
    /// The file store's directory.
    pub file_root: PathBuf,
    /// The file store's key.
    pub file_key: FileKeySource,
}

/// How long [`BackendKind::Auto`] waits for a Secret Service before it takes
/// the file store.
const KEYCHAIN_PROBE: std::time::Duration = std::time::Duration::from_secs(2);

pub(crate) fn nonempty(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name).filter(|v| !v.is_empty())
}

/// `$<xdg>/docker-secrets-engine/<file>`, else
/// `$HOME/<home_relative>/docker-secrets-engine/<file>`; empty when neither
/// is set. There is deliberately no fallback to a shared directory such as
/// /tmp: another user could create it first and plant an identity of
/// theirs. [`StoreChoice::open_file_store`] refuses an empty path.
fn in_base_dir(xdg: &str, home_relative: &str, file: &str) -> PathBuf {
    nonempty(xdg)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| nonempty("HOME").map(|home| PathBuf::from(home).join(home_relative)))
        .map(|dir| dir.join("docker-secrets-engine").join(file))
        .unwrap_or_default()
}

/// The error for a file-store path that could not be derived.
fn no_home(variable: &str) -> StoreError {
    StoreError::Config(format!(
        "neither HOME nor the XDG base directories are set: set {variable} to say where the encrypted file store keeps it"
    ))
}

impl StoreChoice {
    /// The choice the environment describes (see the module's table).
    pub fn from_env() -> Result<StoreChoice, StoreError> {
        let backend = match std::env::var("DOCKER_PASS_STORE").as_deref() {
            Err(_) | Ok("") | Ok("auto") => BackendKind::Auto,
            Ok("keychain") => BackendKind::Keychain,
            Ok("file") => BackendKind::File,
            Ok(other) => {
                return Err(StoreError::Config(format!(
                    "DOCKER_PASS_STORE={other:?} is not a store: use keychain, file or auto"
                )));
            }
        };
        let file_root = nonempty("DOCKER_PASS_FILE_STORE")
            .map(PathBuf::from)
            .unwrap_or_else(|| in_base_dir("XDG_DATA_HOME", ".local/share", "store"));
        let file_key = if nonempty("DOCKER_PASS_PASSPHRASE").is_some() {
            FileKeySource::PassphraseEnv("DOCKER_PASS_PASSPHRASE")
        } else if let Some(path) = nonempty("DOCKER_PASS_PASSPHRASE_FILE") {
            FileKeySource::PassphraseFile(path.into())
        } else {
            FileKeySource::IdentityFile(
                nonempty("DOCKER_PASS_IDENTITY_FILE")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| in_base_dir("XDG_CONFIG_HOME", ".config", "identity.txt")),
            )
        };
        Ok(StoreChoice {
            backend,
            file_root,
            file_key,
        })
    }

    /// The file store this choice names, with its key (an identity file is
    /// created when missing and the store holds no secret; the returned path
    /// says so, for the caller to print).
    pub fn open_file_store(&self) -> Result<(FileStore, Option<&Path>), StoreError> {
        if self.file_root.as_os_str().is_empty() {
            return Err(no_home("DOCKER_PASS_FILE_STORE"));
        }
        let (key, created) = match &self.file_key {
            FileKeySource::IdentityFile(path) if path.as_os_str().is_empty() => {
                return Err(no_home("DOCKER_PASS_IDENTITY_FILE"));
            }
            FileKeySource::IdentityFile(path) => {
                let (key, created) = FileKey::identity_file_for_store(path, &self.file_root)?;
                (key, created.then_some(path.as_path()))
            }
            FileKeySource::PassphraseEnv(name) => {
                let text = Zeroizing::new(std::env::var(name).map_err(|_| {
                    StoreError::Config(format!("{name} is not set or not valid UTF-8"))
                })?);
                (FileKey::passphrase(&text)?, None)
            }
            FileKeySource::PassphraseFile(path) => {
                let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| {
                    StoreError::Config(format!(
                        "cannot read the passphrase file {}: {e}",
                        path.display()
                    ))
                })?);
                (FileKey::passphrase(&text)?, None)
            }
        };
        Ok((FileStore::open(&self.file_root, key)?, created))
    }
}

impl Store {
    /// Opens the store `choice` names; with [`BackendKind::Auto`], the
    /// keychain when a Secret Service answers, else the file store.
    pub async fn open(choice: &StoreChoice) -> Result<Store, StoreError> {
        if choice.backend == BackendKind::File {
            return open_file(choice);
        }
        let by_name = choice.backend == BackendKind::Keychain;
        match KeychainStore::connect(KEYCHAIN_PROBE).await {
            Ok(keychain) => Ok(Store::Keychain(keychain)),
            // Asked for by name: keep it, and connect on a later call.
            Err(e) if by_name && e.is_unavailable() => {
                tracing::warn!(reason = %e, "the keychain does not answer yet");
                Ok(Store::Keychain(KeychainStore::lazy()?))
            }
            Err(e) if by_name => Err(e),
            // A Secret Service that is there but slow (being activated,
            // busy) is still the keychain: taking the file store would split
            // secrets between two stores.
            Err(e) if is_slow_answer(&e) => {
                tracing::warn!(reason = %e, "the keychain is slow to answer; using it anyway");
                Ok(Store::Keychain(KeychainStore::lazy()?))
            }
            Err(e) => {
                tracing::info!(reason = %e, "no keychain; using the encrypted file store");
                open_file(choice)
            }
        }
    }
}

fn open_file(choice: &StoreChoice) -> Result<Store, StoreError> {
    let (store, created) = choice.open_file_store()?;
    if let Some(path) = created {
        tracing::warn!(
            path = %path.display(),
            "created a new identity for the encrypted file store; back it up: without it the secrets cannot be read"
        );
    }
    Ok(Store::File(store))
}
