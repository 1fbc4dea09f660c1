//! The keychain where the system answers synchronous calls (macOS's
//! Security framework, Windows' Credential Manager): each operation runs on
//! tokio's blocking pool, since a call may wait on the user (an unlock
//! prompt) and must not stall the runtime.

use std::collections::BTreeMap;
use std::time::Duration;

use secrets_core::{Pattern, SecretId, SecretValue};

use super::ItemOwner;
#[cfg(target_os = "macos")]
use super::macos as system;
#[cfg(windows)]
use super::windows as system;
use crate::{Changes, Filtered, Metadata, StoreError, StoredSecret};

/// The keychain store. Cheap to clone.
#[derive(Debug, Clone)]
pub struct KeychainStore {
    owner: ItemOwner,
}

impl KeychainStore {
    /// The keychain with Docker's item group and name. The system keychain is
    /// always there for a logged-in user, so this does not wait; `timeout`
    /// is for the Linux Secret Service, which may not be.
    pub async fn connect(_timeout: Duration) -> Result<KeychainStore, StoreError> {
        Self::lazy()
    }

    /// The same as [`KeychainStore::connect`].
    pub fn lazy() -> Result<KeychainStore, StoreError> {
        Ok(KeychainStore {
            owner: ItemOwner::DOCKER,
        })
    }

    /// Which keychain this is, for logs and `docker-pass version`.
    pub fn describe(&self) -> String {
        system::DESCRIPTION.into()
    }

    async fn blocking<T: Send + 'static>(
        &self,
        op: impl FnOnce(&ItemOwner) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let owner = self.owner;
        tokio::task::spawn_blocking(move || op(&owner))
            .await
            .map_err(|e| StoreError::Unavailable {
                backend: "keychain",
                reason: format!("the keychain task failed: {e}"),
                hint: "",
            })?
    }

    /// Stores `value` under `id`, replacing any previous value and metadata.
    pub async fn save(
        &self,
        id: &SecretId,
        value: SecretValue,
        metadata: Metadata,
    ) -> Result<(), StoreError> {
        let id = id.clone();
        self.blocking(move |owner| system::save(owner, &id, &value, &metadata))
            .await
    }

    /// The secret `id`.
    pub async fn get(&self, id: &SecretId) -> Result<StoredSecret, StoreError> {
        let id = id.clone();
        self.blocking(move |owner| system::get(owner, &id)).await
    }

    /// The metadata of the secret `id`.
    pub async fn metadata(&self, id: &SecretId) -> Result<Metadata, StoreError> {
        let id = id.clone();
        self.blocking(move |owner| system::metadata(owner, &id))
            .await
    }

    /// Removes the secret `id`.
    pub async fn delete(&self, id: &SecretId) -> Result<(), StoreError> {
        let id = id.clone();
        self.blocking(move |owner| system::delete(owner, &id)).await
    }

    /// Every secret's ID and metadata; no value is read.
    pub async fn list(&self) -> Result<BTreeMap<SecretId, Metadata>, StoreError> {
        self.blocking(system::list).await
    }

    /// The secrets `pattern` matches, values included: the IDs are listed
    /// first and only the matching values read, so values of other secrets
    /// are not touched (nor prompted for).
    pub async fn filter(&self, pattern: &Pattern) -> Result<Filtered, StoreError> {
        let pattern = pattern.clone();
        self.blocking(move |owner| {
            let mut filtered = Filtered::default();
            for id in system::list(owner)?.into_keys() {
                if !pattern.matches(&id) {
                    continue;
                }
                match system::get(owner, &id) {
                    Ok(secret) => filtered.secrets.push(secret),
                    // Removed since it was listed.
                    Err(StoreError::NotFound(_)) => {}
                    Err(e @ StoreError::Corrupt { .. }) => filtered.skipped.push(e),
                    Err(e) => return Err(e),
                }
            }
            Ok(filtered)
        })
        .await
    }

    /// Always [`StoreError::ChangesUnsupported`]: this keychain offers no
    /// notification of its items' changes that a store could subscribe to,
    /// so its readers must read it each time.
    pub async fn changes(&self) -> Result<Changes, StoreError> {
        Err(StoreError::ChangesUnsupported {
            backend: "keychain",
            reason: "this system's keychain sends no notifications to subscribe to".into(),
        })
    }
}
