//! macOS: generic-password items of the login keychain through the Security
//! framework's `SecItem` calls, in Docker's layout (see the parent module):
//! service = service name, access group = service group, account = ID,
//! accessible after first unlock, label `<group>:<name>:<id>`, attributes
//! gob-encoded in `kSecAttrGeneric`.
//!
//! Built and linted in CI, not yet run on a Mac. One thing to watch there: an
//! item first written by Docker's `docker pass` is replaced in place (so the
//! old value survives a failed write), which keeps the item's access list;
//! it trusts that binary, so macOS may ask once before this one reads it.
//!
//! `unsafe` is confined to this file: the `SecItem` calls and reading
//! values out of the untyped dictionaries they return. Each block says why
//! it holds.
#![allow(unsafe_code)]

use std::collections::BTreeMap;
use std::ffi::c_void;

use core_foundation::array::CFArray;
use core_foundation::base::{CFType, TCFType};
use core_foundation::boolean::CFBoolean;
use core_foundation::data::CFData;
use core_foundation::dictionary::CFDictionary;
use core_foundation::string::{CFString, CFStringRef};
use secrets_core::{SecretId, SecretValue};
use security_framework_sys::access_control::kSecAttrAccessibleAfterFirstUnlock;
use security_framework_sys::base::{errSecDuplicateItem, errSecItemNotFound};
use security_framework_sys::item::{
    kSecAttrAccessGroup, kSecAttrAccount, kSecAttrLabel, kSecAttrService, kSecClass,
    kSecClassGenericPassword, kSecMatchLimit, kSecMatchLimitAll, kSecReturnAttributes,
    kSecReturnData, kSecValueData,
};
use security_framework_sys::keychain_item::{
    SecItemAdd, SecItemCopyMatching, SecItemDelete, SecItemUpdate,
};
use zeroize::Zeroize;

use super::{ItemOwner, gob, metadata_of};
use crate::{Metadata, StoreError, StoredSecret};

// Constants of the Security framework that its -sys crate does not bind.
#[link(name = "Security", kind = "framework")]
unsafe extern "C" {
    static kSecAttrGeneric: CFStringRef;
    static kSecAttrAccessible: CFStringRef;
    static kSecMatchLimitOne: CFStringRef;
}

/// `errSecInteractionNotAllowed`: the keychain is locked and no prompt can
/// be shown (an SSH session, a daemon without a GUI session).
const INTERACTION_NOT_ALLOWED: i32 = -25308;
/// `errSecAuthFailed`: the user's password was wrong.
const AUTH_FAILED: i32 = -25293;
/// `errSecUserCanceled`: the user dismissed the prompt.
const USER_CANCELED: i32 = -128;

pub(super) const DESCRIPTION: &str = "keychain (macOS login keychain)";

/// A `kSec…` key or value constant as a `CFString`.
fn constant(key: CFStringRef) -> CFString {
    // SAFETY: the constants are immutable CFStrings the Security framework
    // keeps alive for the life of the process; taking one more reference
    // under the get rule is how they are meant to be used.
    unsafe { CFString::wrap_under_get_rule(key) }
}

type Pairs = Vec<(CFString, CFType)>;

/// The query for the owner's items, or one item when `id` is given, as
/// Docker's store builds it.
fn query(owner: &ItemOwner, id: Option<&SecretId>) -> Pairs {
    // SAFETY: reading extern statics of the Security framework, which are
    // initialised before any Rust code runs and never written.
    let (class, generic_password, accessible, after_first_unlock, access_group) = unsafe {
        (
            kSecClass,
            kSecClassGenericPassword,
            kSecAttrAccessible,
            kSecAttrAccessibleAfterFirstUnlock,
            kSecAttrAccessGroup,
        )
    };
    let (service, account) = unsafe { (kSecAttrService, kSecAttrAccount) };
    let mut pairs: Pairs = vec![
        (constant(class), constant(generic_password).into_CFType()),
        (
            constant(accessible),
            constant(after_first_unlock).into_CFType(),
        ),
        (constant(service), CFString::new(owner.name).into_CFType()),
        (
            constant(access_group),
            CFString::new(owner.group).into_CFType(),
        ),
    ];
    if let Some(id) = id {
        pairs.push((constant(account), CFString::new(id.as_str()).into_CFType()));
    }
    pairs
}

fn dictionary(pairs: &Pairs) -> CFDictionary<CFString, CFType> {
    CFDictionary::from_CFType_pairs(pairs)
}

fn failure(status: i32) -> StoreError {
    let text = security_framework::base::Error::from_code(status)
        .message()
        .unwrap_or_else(|| format!("OSStatus {status}"));
    match status {
        INTERACTION_NOT_ALLOWED => StoreError::Locked {
            reason: format!("{text}; no password prompt can be shown in this session"),
        },
        AUTH_FAILED | USER_CANCELED => StoreError::Locked { reason: text },
        _ => StoreError::Unavailable {
            backend: "keychain",
            reason: text,
            hint: "",
        },
    }
}

/// `Ok` for a status of 0, else what the status says.
fn checked(status: i32) -> Result<(), StoreError> {
    match status {
        0 => Ok(()),
        s => Err(failure(s)),
    }
}

/// `SecItemCopyMatching`: `None` when nothing matches.
fn copy_matching(pairs: &Pairs) -> Result<Option<CFType>, StoreError> {
    let query = dictionary(pairs);
    let mut result = std::ptr::null();
    // SAFETY: `query` is a valid dictionary for the call's duration and
    // `result` a valid out-pointer.
    let status = unsafe { SecItemCopyMatching(query.as_concrete_TypeRef(), &mut result) };
    match status {
        0 if result.is_null() => Ok(None),
        // SAFETY: a successful copy hands us one reference (create rule).
        0 => Ok(Some(unsafe { CFType::wrap_under_create_rule(result) })),
        s if s == errSecItemNotFound => Ok(None),
        s => Err(failure(s)),
    }
}

/// The value under `key` in an attributes dictionary.
fn field(dict: &CFDictionary, key: CFStringRef) -> Option<CFType> {
    let key = constant(key);
    let value = dict.find(key.as_concrete_TypeRef() as *const c_void)?;
    // SAFETY: values of a CF dictionary are CF objects, alive while `dict`
    // is; the get rule takes a reference of our own.
    Some(unsafe { CFType::wrap_under_get_rule(*value) })
}

fn text(dict: &CFDictionary, key: CFStringRef) -> Option<String> {
    field(dict, key)?
        .downcast_into::<CFString>()
        .map(|s| s.to_string())
}

fn bytes(dict: &CFDictionary, key: CFStringRef) -> Option<Vec<u8>> {
    field(dict, key)?
        .downcast_into::<CFData>()
        .map(|d| d.bytes().to_vec())
}

/// The metadata in an item's generic attribute (none when it has none).
fn item_metadata(id: &SecretId, dict: &CFDictionary) -> Result<Metadata, StoreError> {
    // SAFETY: reading an extern static, as in `query`.
    let Some(encoded) = bytes(dict, unsafe { kSecAttrGeneric }) else {
        return Ok(Metadata::new());
    };
    let attributes = gob::decode(&encoded).map_err(|reason| StoreError::Corrupt {
        id: id.to_string(),
        reason: format!("its metadata: {reason}"),
    })?;
    Ok(metadata_of(attributes))
}

/// [`query`] asking for the attributes of every item, or of `id`'s, and
/// with `with_value` its value too.
fn search(owner: &ItemOwner, id: Option<&SecretId>, with_value: bool) -> Pairs {
    let mut pairs = query(owner, id);
    // SAFETY: reading extern statics, as in `query`.
    let (limit, one, all) = unsafe { (kSecMatchLimit, kSecMatchLimitOne, kSecMatchLimitAll) };
    let (attrs, data) = unsafe { (kSecReturnAttributes, kSecReturnData) };
    let how_many = if id.is_some() { one } else { all };
    pairs.push((constant(limit), constant(how_many).into_CFType()));
    pairs.push((constant(attrs), CFBoolean::true_value().into_CFType()));
    if with_value {
        pairs.push((constant(data), CFBoolean::true_value().into_CFType()));
    }
    pairs
}

/// One item's attributes dictionary, with its value when `with_value`.
fn one(owner: &ItemOwner, id: &SecretId, with_value: bool) -> Result<CFDictionary, StoreError> {
    copy_matching(&search(owner, Some(id), with_value))?
        .and_then(|found| found.downcast_into::<CFDictionary>())
        .ok_or_else(|| StoreError::NotFound(id.clone()))
}

pub(super) fn save(
    owner: &ItemOwner,
    id: &SecretId,
    value: &SecretValue,
    metadata: &Metadata,
) -> Result<(), StoreError> {
    // SAFETY: reading extern statics, as in `query`.
    let (label, generic, data) = unsafe { (kSecAttrLabel, kSecAttrGeneric, kSecValueData) };
    let mut encoded = gob::encode(&owner.attributes(id, metadata));
    let content: Pairs = vec![
        (
            constant(label),
            CFString::new(&owner.label(id.as_str())).into_CFType(),
        ),
        (
            constant(generic),
            CFData::from_buffer(&encoded).into_CFType(),
        ),
        (
            constant(data),
            CFData::from_buffer(value.expose()).into_CFType(),
        ),
    ];
    encoded.zeroize();
    let mut item = query(owner, Some(id));
    item.extend(content.iter().cloned());
    let item = dictionary(&item);
    let found = dictionary(&query(owner, Some(id)));
    let update = dictionary(&content);
    // Added, or (when it exists) replaced in one call: value, label and
    // metadata, so the old value stays until the new one is in (Docker's
    // store removes it first, and a failure in between loses it). An item
    // removed between the two calls is added again, once.
    for _ in 0..2 {
        // SAFETY: `item` is a valid dictionary; no result is asked for.
        let status = unsafe { SecItemAdd(item.as_concrete_TypeRef(), std::ptr::null_mut()) };
        if status != errSecDuplicateItem {
            return checked(status);
        }
        // SAFETY: both are valid dictionaries for the call's duration.
        let status =
            unsafe { SecItemUpdate(found.as_concrete_TypeRef(), update.as_concrete_TypeRef()) };
        if status != errSecItemNotFound {
            return checked(status);
        }
    }
    Err(failure(errSecItemNotFound))
}

pub(super) fn get(owner: &ItemOwner, id: &SecretId) -> Result<StoredSecret, StoreError> {
    let dict = one(owner, id, true)?;
    let metadata = item_metadata(id, &dict)?;
    // SAFETY: reading an extern static, as in `query`.
    let value = bytes(&dict, unsafe { kSecValueData }).ok_or_else(|| StoreError::Corrupt {
        id: id.to_string(),
        reason: "the keychain returned no value".into(),
    })?;
    Ok(StoredSecret {
        id: id.clone(),
        value: SecretValue::new(value),
        metadata,
    })
}

pub(super) fn metadata(owner: &ItemOwner, id: &SecretId) -> Result<Metadata, StoreError> {
    item_metadata(id, &one(owner, id, false)?)
}

pub(super) fn delete(owner: &ItemOwner, id: &SecretId) -> Result<(), StoreError> {
    let found = dictionary(&query(owner, Some(id)));
    // SAFETY: `found` is a valid dictionary for the call's duration.
    match unsafe { SecItemDelete(found.as_concrete_TypeRef()) } {
        s if s == errSecItemNotFound => Err(StoreError::NotFound(id.clone())),
        s => checked(s),
    }
}

pub(super) fn list(owner: &ItemOwner) -> Result<BTreeMap<SecretId, Metadata>, StoreError> {
    // SAFETY: reading an extern static, as in `query`.
    let account = unsafe { kSecAttrAccount };
    let Some(found) = copy_matching(&search(owner, None, false))? else {
        return Ok(BTreeMap::new());
    };
    let items: CFArray = found
        .downcast_into()
        .ok_or_else(|| StoreError::Unavailable {
            backend: "keychain",
            reason: "the keychain answered a listing with something other than a list".into(),
            hint: "",
        })?;
    let mut listed = BTreeMap::new();
    for item in items.iter() {
        // SAFETY: the array holds CF objects, alive while `items` is.
        let item = unsafe { CFType::wrap_under_get_rule(*item) };
        let Some(dict) = item.downcast_into::<CFDictionary>() else {
            continue;
        };
        // Items whose account is not an ID were not written by a secrets
        // store; they are skipped, as Docker's store does.
        let Some(id) = text(&dict, account).and_then(|a| SecretId::parse(a).ok()) else {
            continue;
        };
        match item_metadata(&id, &dict) {
            Ok(metadata) => {
                listed.insert(id, metadata);
            }
            Err(e) => {
                tracing::warn!(%id, error = %e, "listing a keychain item without its metadata");
                listed.insert(id, Metadata::new());
            }
        }
    }
    Ok(listed)
}
