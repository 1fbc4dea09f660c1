//! Where secrets live: the OS keychain and an encrypted file store, both in
//! the layouts Docker's own tools use, so a secret set by Docker's
//! `docker pass` is read here and the other way round.
//!
//! - [`keychain::KeychainStore`]: the OS keychain (Linux's Secret Service
//!   over one kept-open D-Bus connection, macOS's login keychain, Windows'
//!   Credential Manager), with Docker's item layout on each.
//! - [`file::FileStore`]: one age-encrypted directory per secret (Docker's
//!   `posixage` layout), keyed by an X25519 identity file or a passphrase.
//! - [`Store`] is either of them; [`Store::open`] picks the one `docker-pass`
//!   and the engine agree on (see [`StoreChoice`]).
//! - [`credential_helper::CredentialHelpers`]: registry credentials kept by
//!   Docker's `docker-credential-*` helpers, read as secrets.
//!
//! Every operation is async and safe to call from any tokio runtime; values
//! are [`SecretValue`]s (wiped on drop, never printed) and errors are
//! [`StoreError`]s that say what to do.
//!
//! ```no_run
//! # async fn demo() -> Result<(), secrets_store::StoreError> {
//! use secrets_store::{Metadata, Store, StoreChoice};
//!
//! let store = Store::open(&StoreChoice::from_env()?).await?;
//! let id = "db/password".parse().unwrap();
//! store.save(&id, "s3cret".into(), Metadata::new()).await?;
//! assert_eq!(store.get(&id).await?.value.expose(), b"s3cret");
//! # Ok(()) }
//! ```
#![deny(unsafe_code)]

mod changes;
mod choice;
pub mod credential_helper;
mod error;
pub mod file;
pub mod keychain;

use std::collections::BTreeMap;

pub use changes::{Change, Changes, QUEUE_LIMIT};
pub use choice::{BackendKind, FileKeySource, StoreChoice};
pub use error::StoreError;
use secrets_core::{Pattern, SecretId, SecretValue};

/// Non-secret facts about a secret (`owner = alice`): stored in the clear,
/// listed without reading any value.
pub type Metadata = BTreeMap<String, String>;

/// The service group of Docker's `docker pass` items; its keychain items are
/// labelled `com.docker.docker-pass:docker-pass-cli:<id>`.
pub const DOCKER_PASS_SERVICE_GROUP: &str = "com.docker.docker-pass";
/// The service name of Docker's `docker pass` items.
pub const DOCKER_PASS_SERVICE_NAME: &str = "docker-pass-cli";

/// One secret as read from a store.
#[derive(Debug, Clone)]
pub struct StoredSecret {
    /// Its ID.
    pub id: SecretId,
    /// Its value.
    pub value: SecretValue,
    /// Its metadata.
    pub metadata: Metadata,
}

/// A store of secrets: the keychain or the encrypted file store.
#[derive(Debug, Clone)]
pub enum Store {
    /// The OS keychain.
    Keychain(keychain::KeychainStore),
    /// The encrypted file store.
    File(file::FileStore),
}

impl Store {
    /// Which backend this is and where, for logs and `docker-pass version`.
    pub fn describe(&self) -> String {
        match self {
            Store::Keychain(k) => k.describe(),
            Store::File(f) => f.describe(),
        }
    }

    /// Stores `value` under `id`, replacing any previous value and metadata.
    pub async fn save(
        &self,
        id: &SecretId,
        value: SecretValue,
        metadata: Metadata,
    ) -> Result<(), StoreError> {
        match self {
            Store::Keychain(k) => k.save(id, value, metadata).await,
            Store::File(f) => f.save(id, value, metadata).await,
        }
    }

    /// The secret `id`, or [`StoreError::NotFound`].
    pub async fn get(&self, id: &SecretId) -> Result<StoredSecret, StoreError> {
        match self {
            Store::Keychain(k) => k.get(id).await,
            Store::File(f) => f.get(id).await,
        }
    }

    /// Checks that the secret `id` exists and can be read, and returns its
    /// metadata, fetching as little as the backend allows: the keychain
    /// guards values itself, so its item's attributes suffice and the value
    /// never crosses the bus; the file store decrypts the value (and wipes
    /// it) because only that proves its key fits.
    pub async fn check(&self, id: &SecretId) -> Result<Metadata, StoreError> {
        match self {
            Store::Keychain(k) => k.metadata(id).await,
            Store::File(f) => f.get(id).await.map(|secret| secret.metadata),
        }
    }

    /// Removes the secret `id`, or answers [`StoreError::NotFound`].
    pub async fn delete(&self, id: &SecretId) -> Result<(), StoreError> {
        match self {
            Store::Keychain(k) => k.delete(id).await,
            Store::File(f) => f.delete(id).await,
        }
    }

    /// Every secret's ID and metadata, reading no value. An empty store is an
    /// empty map.
    pub async fn list(&self) -> Result<BTreeMap<SecretId, Metadata>, StoreError> {
        match self {
            Store::Keychain(k) => k.list().await,
            Store::File(f) => f.list().await,
        }
    }

    /// A subscription to this store's changes, made by this process or any
    /// other: every change made after this returns is reported (see
    /// [`Changes`]). The keychain on Linux reports its items' D-Bus signals,
    /// the file store its directory's file-system events.
    /// [`StoreError::ChangesUnsupported`] where there is no such source (the
    /// macOS and Windows keychains, a system out of file-system watches):
    /// read the store each time instead.
    pub async fn changes(&self) -> Result<Changes, StoreError> {
        match self {
            Store::Keychain(k) => k.changes().await,
            Store::File(f) => f.changes().await,
        }
    }

    /// The secrets whose IDs `pattern` matches, values included, sorted by
    /// ID. Nothing matching is an empty list. An item that cannot be read
    /// (damaged, or for another key) is left out and reported in
    /// [`Filtered::skipped`], so one bad item does not hide the rest.
    pub async fn filter(&self, pattern: &Pattern) -> Result<Filtered, StoreError> {
        match self {
            Store::Keychain(k) => k.filter(pattern).await,
            Store::File(f) => f.filter(pattern).await,
        }
    }
}

/// What [`Store::filter`] found.
#[derive(Debug, Default)]
pub struct Filtered {
    /// The readable matching secrets, sorted by ID.
    pub secrets: Vec<StoredSecret>,
    /// Matching items that could not be read, with why.
    pub skipped: Vec<StoreError>,
}
