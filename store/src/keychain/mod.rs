//! The OS keychain, in the item layout Docker's `docker pass` uses on each
//! system, so either tool reads what the other wrote:
//!
//! - **Linux** (`secret_service`): the freedesktop Secret Service over
//!   D-Bus; the attributes below are the item's own attributes.
//! - **macOS** (`macos`): generic-password items of the login keychain with
//!   service = the service name, access group = the service group, account
//!   = the ID; the attributes below travel Go-`gob`-encoded in the item's
//!   generic attribute.
//! - **Windows** (`windows`): generic credentials of the Credential Manager
//!   whose target is the label and user name the ID; the value is stored
//!   as UTF-16, split over extra credentials above 2,560 bytes; the
//!   attributes below are credential attributes.
//! - Elsewhere the keychain answers "unavailable" and the file store serves.
//!
//! Every item is labelled `<group>:<name>:<id>` (Docker's:
//! `com.docker.docker-pass:docker-pass-cli:<id>`) and carries the attributes
//! `service:group`, `service:name`, `id`, and `x_<key>` for each metadata
//! entry (so a metadata key `id` is kept as `x_id`). On reading, attributes
//! without the `x_` prefix are not metadata.

use std::collections::BTreeMap;

use secrets_core::SecretId;

use crate::Metadata;

#[cfg(any(target_os = "macos", test))]
mod gob;

#[cfg(target_os = "linux")]
mod secret_service;
#[cfg(target_os = "linux")]
pub use secret_service::KeychainStore;
#[cfg(target_os = "linux")]
pub(crate) use secret_service::is_slow_answer;

#[cfg(any(target_os = "macos", windows))]
mod blocking;
#[cfg(any(target_os = "macos", windows))]
pub use blocking::KeychainStore;
#[cfg(target_os = "macos")]
mod macos;
#[cfg(windows)]
mod windows;

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
mod unsupported;
#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
pub use unsupported::KeychainStore;

/// Only the Secret Service can be slow to answer; elsewhere the keychain
/// is part of the system.
#[cfg(not(target_os = "linux"))]
pub(crate) fn is_slow_answer(_: &crate::StoreError) -> bool {
    false
}

pub(crate) const GROUP_KEY: &str = "service:group";
pub(crate) const NAME_KEY: &str = "service:name";
pub(crate) const ID_KEY: &str = "id";
pub(crate) const METADATA_PREFIX: &str = "x_";

/// Whose items these are: Docker's service group and name, or others'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ItemOwner {
    pub(crate) group: &'static str,
    pub(crate) name: &'static str,
}

impl ItemOwner {
    /// Docker's `docker pass`, whose items every backend reads and writes.
    pub(crate) const DOCKER: ItemOwner = ItemOwner {
        group: crate::DOCKER_PASS_SERVICE_GROUP,
        name: crate::DOCKER_PASS_SERVICE_NAME,
    };

    /// `<group>:<name>:<id>`.
    pub(crate) fn label(&self, id: &str) -> String {
        format!("{}:{}:{}", self.group, self.name, id)
    }

    /// Every attribute of `id`'s item, metadata prefixed.
    pub(crate) fn attributes(
        &self,
        id: &SecretId,
        metadata: &Metadata,
    ) -> BTreeMap<String, String> {
        let mut attributes: BTreeMap<String, String> = metadata
            .iter()
            .map(|(key, value)| (format!("{METADATA_PREFIX}{key}"), value.clone()))
            .collect();
        attributes.insert(GROUP_KEY.into(), self.group.into());
        attributes.insert(NAME_KEY.into(), self.name.into());
        attributes.insert(ID_KEY.into(), id.to_string());
        attributes
    }

    /// Whether `attributes` say the item is one of ours (group and name
    /// compared as Windows does, ignoring case there).
    #[cfg_attr(not(any(windows, test)), allow(dead_code))]
    pub(crate) fn owns<'a>(
        &self,
        attributes: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> bool {
        let (mut group, mut name) = (false, false);
        for (key, value) in attributes {
            match key {
                GROUP_KEY => group = value.eq_ignore_ascii_case(self.group),
                NAME_KEY => name = value.eq_ignore_ascii_case(self.name),
                _ => {}
            }
        }
        group && name
    }
}

/// The metadata in an item's attributes: the `x_`-prefixed ones, unprefixed.
pub(crate) fn metadata_of(attributes: impl IntoIterator<Item = (String, String)>) -> Metadata {
    attributes
        .into_iter()
        .filter_map(|(key, value)| Some((key.strip_prefix(METADATA_PREFIX)?.to_owned(), value)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_is_prefixed_and_comes_back_without_the_service_keys() {
        let owner = ItemOwner::DOCKER;
        let id: SecretId = "db/password".parse().unwrap();
        let metadata =
            Metadata::from([("id".into(), "mine".into()), ("env".into(), "prod".into())]);
        let attributes = owner.attributes(&id, &metadata);
        assert_eq!(attributes["id"], "db/password");
        assert_eq!(attributes["x_id"], "mine");
        assert_eq!(attributes["service:group"], "com.docker.docker-pass");
        assert!(owner.owns(attributes.iter().map(|(k, v)| (k.as_str(), v.as_str()))));
        assert_eq!(metadata_of(attributes), metadata);
        assert!(!owner.owns([(GROUP_KEY, "com.docker.docker-pass")]));
    }
}
