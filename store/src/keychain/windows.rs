//! Windows: generic credentials of the Credential Manager, in Docker's
//! layout (see the parent module): target `<group>:<name>:<id>`, user name
//! the ID, persisted for the local machine, the attributes as credential
//! attributes (UTF-8 values), and the value as UTF-16LE text. A value above
//! the Credential Manager's 2,560-byte blob limit is split over credentials
//! `<target>:chunk:<n>` (attribute `chunk:index`), the primary credential
//! then holding no blob and the attribute `chunk:count`.
//!
//! `unsafe` is confined to this file: the `Cred*` calls and copying out of
//! the buffers they return. Each block says why it holds.
#![allow(unsafe_code)]

use std::collections::BTreeMap;

use secrets_core::{SecretId, SecretValue};
use windows_sys::Win32::Foundation::{ERROR_NO_SUCH_LOGON_SESSION, ERROR_NOT_FOUND, GetLastError};
use windows_sys::Win32::Security::Credentials::{
    CRED_PERSIST_LOCAL_MACHINE, CRED_TYPE_GENERIC, CREDENTIAL_ATTRIBUTEW, CREDENTIALW, CredDeleteW,
    CredEnumerateW, CredFree, CredReadW, CredWriteW,
};
use zeroize::Zeroize;

use super::{ItemOwner, metadata_of};
use crate::{Metadata, StoreError, StoredSecret};

pub(super) const DESCRIPTION: &str = "keychain (Windows Credential Manager)";

/// `CRED_MAX_CREDENTIAL_BLOB_SIZE`.
const MAX_BLOB: usize = 5 * 512;
/// `CRED_MAX_ATTRIBUTES`, and the longest attribute keyword and value.
const MAX_ATTRIBUTES: usize = 64;
const MAX_KEYWORD_CHARS: usize = 256;
const MAX_VALUE_BYTES: usize = 256;
/// `CRED_MAX_USERNAME_LENGTH`: the user name holds the ID.
const MAX_USER_NAME_CHARS: usize = 513;
const CHUNK_COUNT_KEY: &str = "chunk:count";
const CHUNK_INDEX_KEY: &str = "chunk:index";

/// One credential, copied out of the system's buffer.
struct Credential {
    target: String,
    blob: Vec<u8>,
    attributes: Vec<(String, String)>,
}

impl Drop for Credential {
    fn drop(&mut self) {
        self.blob.zeroize();
    }
}

fn wide(text: &str) -> Vec<u16> {
    text.encode_utf16().chain(std::iter::once(0)).collect()
}

/// A NUL-terminated UTF-16 string from the system.
///
/// # Safety
/// `ptr` is null or points at a NUL-terminated UTF-16 string.
unsafe fn from_wide(ptr: *const u16) -> String {
    if ptr.is_null() {
        return String::new();
    }
    let mut len = 0;
    // SAFETY: the caller promises a terminating NUL.
    while unsafe { *ptr.add(len) } != 0 {
        len += 1;
    }
    // SAFETY: `len` units were just read.
    String::from_utf16_lossy(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Copies a credential out of a system buffer (its value only when
/// `with_blob`), then wipes the value in that buffer.
///
/// # Safety
/// `raw` points at a valid `CREDENTIALW` returned by `CredReadW` or
/// `CredEnumerateW`, not yet freed.
unsafe fn copy(raw: *const CREDENTIALW, with_blob: bool) -> Credential {
    // SAFETY: valid per the caller; blob and attributes are arrays of the
    // sizes the structure states.
    unsafe {
        let raw = &*raw;
        let blob = if raw.CredentialBlob.is_null() || !with_blob {
            Vec::new()
        } else {
            std::slice::from_raw_parts(raw.CredentialBlob, raw.CredentialBlobSize as usize).to_vec()
        };
        let mut attributes = Vec::new();
        if !raw.Attributes.is_null() {
            for attribute in std::slice::from_raw_parts(raw.Attributes, raw.AttributeCount as usize)
            {
                let value = if attribute.Value.is_null() {
                    &[][..]
                } else {
                    std::slice::from_raw_parts(attribute.Value, attribute.ValueSize as usize)
                };
                attributes.push((
                    from_wide(attribute.Keyword),
                    String::from_utf8_lossy(value).into_owned(),
                ));
            }
        }
        if !raw.CredentialBlob.is_null() {
            std::ptr::write_bytes(raw.CredentialBlob, 0, raw.CredentialBlobSize as usize);
        }
        Credential {
            target: from_wide(raw.TargetName),
            blob,
            attributes,
        }
    }
}

fn last_error(doing: &str) -> StoreError {
    // SAFETY: reads the calling thread's last error code.
    let code = unsafe { GetLastError() };
    if code == ERROR_NO_SUCH_LOGON_SESSION {
        return StoreError::Locked {
            reason: format!("{doing}: there is no logon session with a credential set"),
        };
    }
    StoreError::Unavailable {
        backend: "keychain",
        reason: format!(
            "{doing}: {}",
            std::io::Error::from_raw_os_error(code as i32)
        ),
        hint: "",
    }
}

/// After a failed call: `absent` when the system said "not found", else the
/// error.
fn absent_or<T>(absent: T, doing: &str) -> Result<T, StoreError> {
    // SAFETY: as in `last_error`.
    if unsafe { GetLastError() } == ERROR_NOT_FOUND {
        Ok(absent)
    } else {
        Err(last_error(doing))
    }
}

fn read(target: &str) -> Result<Option<Credential>, StoreError> {
    let name = wide(target);
    let mut raw: *mut CREDENTIALW = std::ptr::null_mut();
    // SAFETY: `name` is NUL-terminated and `raw` a valid out-pointer.
    if unsafe { CredReadW(name.as_ptr(), CRED_TYPE_GENERIC, 0, &mut raw) } == 0 {
        return absent_or(None, "reading a credential");
    }
    // SAFETY: a successful read returns a credential we free once, after
    // copying it (which wipes the value in the system's buffer).
    let credential = unsafe {
        let credential = copy(raw, true);
        CredFree(raw as *const _);
        credential
    };
    Ok(Some(credential))
}

fn write(
    target: &str,
    user: &str,
    blob: &[u8],
    attributes: &[(String, String)],
) -> Result<(), StoreError> {
    let target_w = wide(target);
    let user_w = wide(user);
    let keywords: Vec<Vec<u16>> = attributes.iter().map(|(k, _)| wide(k)).collect();
    let mut values: Vec<Vec<u8>> = attributes
        .iter()
        .map(|(_, v)| v.as_bytes().to_vec())
        .collect();
    let mut raw_attributes: Vec<CREDENTIAL_ATTRIBUTEW> = keywords
        .iter()
        .zip(values.iter_mut())
        .map(|(keyword, value)| CREDENTIAL_ATTRIBUTEW {
            Keyword: keyword.as_ptr() as *mut u16,
            Flags: 0,
            ValueSize: value.len() as u32,
            Value: value.as_mut_ptr(),
        })
        .collect();
    let mut blob = blob.to_vec();
    let credential = CREDENTIALW {
        Type: CRED_TYPE_GENERIC,
        TargetName: target_w.as_ptr() as *mut u16,
        UserName: user_w.as_ptr() as *mut u16,
        CredentialBlobSize: blob.len() as u32,
        CredentialBlob: if blob.is_empty() {
            std::ptr::null_mut()
        } else {
            blob.as_mut_ptr()
        },
        Persist: CRED_PERSIST_LOCAL_MACHINE,
        AttributeCount: raw_attributes.len() as u32,
        Attributes: if raw_attributes.is_empty() {
            std::ptr::null_mut()
        } else {
            raw_attributes.as_mut_ptr()
        },
        ..Default::default()
    };
    // SAFETY: every pointer in `credential` points into a buffer above
    // that outlives the call; the system copies what it keeps.
    let written = unsafe { CredWriteW(&credential, 0) } != 0;
    blob.zeroize();
    if written {
        Ok(())
    } else {
        Err(last_error("writing a credential"))
    }
}

/// Removes a credential; `false` when there was none.
fn remove(target: &str) -> Result<bool, StoreError> {
    let name = wide(target);
    // SAFETY: `name` is NUL-terminated.
    if unsafe { CredDeleteW(name.as_ptr(), CRED_TYPE_GENERIC, 0) } != 0 {
        return Ok(true);
    }
    absent_or(false, "removing a credential")
}

/// The credentials whose target starts with `prefix`.
fn enumerate(prefix: &str) -> Result<Vec<Credential>, StoreError> {
    let filter = wide(&format!("{prefix}*"));
    let mut count = 0u32;
    let mut list: *mut *mut CREDENTIALW = std::ptr::null_mut();
    // SAFETY: `filter` is NUL-terminated; `count` and `list` are valid
    // out-pointers.
    if unsafe { CredEnumerateW(filter.as_ptr(), 0, &mut count, &mut list) } == 0 {
        return absent_or(Vec::new(), "listing credentials");
    }
    // SAFETY: a successful call returns `count` valid credential pointers,
    // freed together once copied. Values are not copied: listing needs none.
    unsafe {
        let found = std::slice::from_raw_parts(list, count as usize)
            .iter()
            .map(|raw| copy(*raw, false))
            .collect();
        CredFree(list as *const _);
        Ok(found)
    }
}

fn chunk_target(owner: &ItemOwner, id: &SecretId, index: usize) -> String {
    format!("{}:chunk:{index}", owner.label(id.as_str()))
}

impl Credential {
    fn is_chunk(&self) -> bool {
        self.attributes
            .iter()
            .any(|(key, _)| key == CHUNK_INDEX_KEY)
    }

    /// Whether this is one of `owner`'s secrets (not a chunk, nor someone
    /// else's credential).
    fn is_secret_of(&self, owner: &ItemOwner) -> bool {
        let attributes = self.attributes.iter();
        !self.is_chunk() && owner.owns(attributes.map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The metadata in its attributes (`chunk:count` is none of it).
    fn metadata(&self) -> Metadata {
        metadata_of(self.attributes.iter().cloned())
    }
}

/// Removes chunk credentials `0, 1, …` until one is missing. IDs may hold
/// `:`, so `<id>:chunk:0` can be another secret's target: only credentials
/// marked as chunks are removed.
fn remove_chunks(owner: &ItemOwner, id: &SecretId) -> Result<(), StoreError> {
    for index in 0.. {
        let target = chunk_target(owner, id, index);
        match read(&target)? {
            Some(found) if found.is_chunk() => {
                remove(&target)?;
            }
            _ => break,
        }
    }
    Ok(())
}

/// Refuses what the Credential Manager would refuse, before anything is
/// changed: room is kept for `chunk:count`, which a long value adds.
fn check_limits(id: &SecretId, attributes: &[(String, String)]) -> Result<(), StoreError> {
    if id.as_str().encode_utf16().count() > MAX_USER_NAME_CHARS {
        return Err(StoreError::Config(format!(
            "the Windows Credential Manager keeps IDs of up to {MAX_USER_NAME_CHARS} characters"
        )));
    }
    if attributes.len() + 1 > MAX_ATTRIBUTES {
        return Err(StoreError::Config(format!(
            "the Windows Credential Manager keeps at most {} metadata entries per secret",
            MAX_ATTRIBUTES - 4
        )));
    }
    for (key, value) in attributes {
        if key.encode_utf16().count() > MAX_KEYWORD_CHARS || value.len() > MAX_VALUE_BYTES {
            return Err(StoreError::Config(format!(
                "metadata {key:?} is too long for the Windows Credential Manager \
                 (keys up to {MAX_KEYWORD_CHARS} characters, values up to {MAX_VALUE_BYTES} bytes)"
            )));
        }
    }
    Ok(())
}

pub(super) fn save(
    owner: &ItemOwner,
    id: &SecretId,
    value: &SecretValue,
    metadata: &Metadata,
) -> Result<(), StoreError> {
    // Docker's store keeps values as UTF-16 text; bytes that are not UTF-8
    // would come back altered, so they are refused rather than changed.
    let text = std::str::from_utf8(value.expose()).map_err(|_| {
        StoreError::Config(format!(
            "secret {id}: the Windows Credential Manager keeps text values and this value is \
             not UTF-8 text; use the encrypted file store (DOCKER_PASS_STORE=file) for binary values"
        ))
    })?;
    let mut blob: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut attributes: Vec<(String, String)> =
        owner.attributes(id, metadata).into_iter().collect();
    check_limits(id, &attributes)?;
    let target = owner.label(id.as_str());
    // Stale chunks go first, so a value that shrank leaves none behind.
    let result = remove_chunks(owner, id).and_then(|()| {
        if blob.len() <= MAX_BLOB {
            return write(&target, id.as_str(), &blob, &attributes);
        }
        let chunks: Vec<&[u8]> = blob.chunks(MAX_BLOB).collect();
        for (index, chunk) in chunks.iter().enumerate() {
            let target = chunk_target(owner, id, index);
            if read(&target)?.is_some_and(|found| !found.is_chunk()) {
                return Err(StoreError::Config(format!(
                    "secret {id} is too long to store beside the secret named by its chunk \
                     {target:?} (Docker's layout); shorten one of them"
                )));
            }
            write(
                &target,
                id.as_str(),
                chunk,
                &[(CHUNK_INDEX_KEY.into(), index.to_string())],
            )?;
        }
        attributes.push((CHUNK_COUNT_KEY.into(), chunks.len().to_string()));
        write(&target, id.as_str(), &[], &attributes)
    });
    blob.zeroize();
    result
}

/// The ID's primary credential, or `NotFound` (also for a chunk of another
/// secret, or someone else's credential under that target).
fn primary(owner: &ItemOwner, id: &SecretId) -> Result<Credential, StoreError> {
    read(&owner.label(id.as_str()))?
        .filter(|found| found.is_secret_of(owner))
        .ok_or_else(|| StoreError::NotFound(id.clone()))
}

pub(super) fn get(owner: &ItemOwner, id: &SecretId) -> Result<StoredSecret, StoreError> {
    let credential = primary(owner, id)?;
    let corrupt = |reason: String| StoreError::Corrupt {
        id: id.to_string(),
        reason,
    };
    let chunk_count = credential
        .attributes
        .iter()
        .find(|(key, _)| key == CHUNK_COUNT_KEY)
        .map(|(_, count)| {
            count
                .parse::<usize>()
                .map_err(|_| corrupt(format!("chunk count {count:?}")))
        })
        .transpose()?;
    let mut blob = match chunk_count {
        None => credential.blob.clone(),
        Some(count) => {
            let mut joined = Vec::new();
            for index in 0..count {
                let chunk = read(&chunk_target(owner, id, index))?
                    .ok_or_else(|| corrupt(format!("chunk {index} of {count} is missing")))?;
                joined.extend_from_slice(&chunk.blob);
            }
            joined
        }
    };
    let decoded = if blob.len() % 2 == 0 {
        let mut units: Vec<u16> = blob
            .chunks_exact(2)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        let text = String::from_utf16(&units).ok();
        units.zeroize();
        text
    } else {
        None
    };
    blob.zeroize();
    let value = decoded.ok_or_else(|| corrupt("its value is not UTF-16 text".into()))?;
    Ok(StoredSecret {
        id: id.clone(),
        value: SecretValue::new(value.into_bytes()),
        metadata: credential.metadata(),
    })
}

pub(super) fn metadata(owner: &ItemOwner, id: &SecretId) -> Result<Metadata, StoreError> {
    Ok(primary(owner, id)?.metadata())
}

pub(super) fn delete(owner: &ItemOwner, id: &SecretId) -> Result<(), StoreError> {
    remove_chunks(owner, id)?;
    if remove(&owner.label(id.as_str()))? {
        Ok(())
    } else {
        Err(StoreError::NotFound(id.clone()))
    }
}

pub(super) fn list(owner: &ItemOwner) -> Result<BTreeMap<SecretId, Metadata>, StoreError> {
    let prefix = owner.label("");
    let mut listed = BTreeMap::new();
    for credential in enumerate(&prefix)? {
        if !credential.is_secret_of(owner) {
            continue;
        }
        // Targets that do not end in an ID were not written by a secrets
        // store; they are skipped, as Docker's store does.
        let Some(id) = credential
            .target
            .strip_prefix(&prefix)
            .and_then(|rest| SecretId::parse(rest).ok())
        else {
            continue;
        };
        listed.insert(id, credential.metadata());
    }
    Ok(listed)
}
