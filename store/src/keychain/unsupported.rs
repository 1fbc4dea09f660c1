//! Systems without a keychain backend: the keychain is never available, so
//! the automatic choice takes the encrypted file store.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::time::Duration;

use secrets_core::{Pattern, SecretId, SecretValue};

use crate::{Changes, Filtered, Metadata, StoreError, StoredSecret};

/// No keychain: a value of this type cannot exist.
#[derive(Debug, Clone)]
pub struct KeychainStore {
    never: Infallible,
}

fn unavailable() -> StoreError {
    StoreError::Unavailable {
        backend: "keychain",
        reason: "this build has no keychain backend for this OS".into(),
        hint: "; use the encrypted file store (DOCKER_PASS_STORE=file)",
    }
}

// The other backends document these; none can be called here.
#[allow(missing_docs)]
impl KeychainStore {
    /// Always unavailable.
    pub async fn connect(_timeout: Duration) -> Result<KeychainStore, StoreError> {
        Err(unavailable())
    }

    /// Always unavailable.
    pub fn lazy() -> Result<KeychainStore, StoreError> {
        Err(unavailable())
    }

    pub fn describe(&self) -> String {
        match self.never {}
    }

    pub async fn save(&self, _: &SecretId, _: SecretValue, _: Metadata) -> Result<(), StoreError> {
        match self.never {}
    }

    pub async fn get(&self, _: &SecretId) -> Result<StoredSecret, StoreError> {
        match self.never {}
    }

    pub async fn metadata(&self, _: &SecretId) -> Result<Metadata, StoreError> {
        match self.never {}
    }

    pub async fn delete(&self, _: &SecretId) -> Result<(), StoreError> {
        match self.never {}
    }

    pub async fn list(&self) -> Result<BTreeMap<SecretId, Metadata>, StoreError> {
        match self.never {}
    }

    pub async fn filter(&self, _: &Pattern) -> Result<Filtered, StoreError> {
        match self.never {}
    }

    pub async fn changes(&self) -> Result<Changes, StoreError> {
        match self.never {}
    }
}
