//! The KV v2 calls the plugin makes, and nothing else: read a secret's
//! latest version (`GET /v1/<mount>/data/<path>`), list a folder
//! (`LIST /v1/<mount>/metadata/<path>/`, page by page) and read a secret's
//! metadata (`GET /v1/<mount>/metadata/<path>`). HashiCorp Vault's KV v2
//! has the same endpoints; it returns a folder in one page.

use std::collections::BTreeMap;
use std::sync::Arc;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::auth::Auth;
use crate::error::{BaoError, error_text};
use crate::transport::{Reply, Transport};

/// Everything but unreserved characters is escaped in a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A KV v2 mount, seen through a path prefix.
pub(crate) struct Kv {
    transport: Arc<Transport>,
    auth: Arc<Auth>,
    mount: String,
    /// Folders under the mount that IDs start below (`team` puts ID `db` at
    /// `<mount>/team/db`).
    prefix: Vec<String>,
    /// Keys asked for per LIST page.
    page: usize,
}

/// A secret's latest version.
pub(crate) struct KvSecret {
    pub(crate) data: Map<String, Value>,
    pub(crate) version: u64,
    pub(crate) created_time: Option<String>,
    pub(crate) custom_metadata: BTreeMap<String, String>,
    /// Seconds; KV v2 gives 0 unless the mount sets a TTL.
    pub(crate) lease_duration: u64,
}

#[derive(Deserialize)]
struct DataReply {
    #[serde(default)]
    lease_duration: u64,
    data: Option<DataBlock>,
}

#[derive(Deserialize)]
struct DataBlock {
    data: Option<Map<String, Value>>,
    metadata: Option<VersionMetadata>,
}

#[derive(Deserialize)]
struct VersionMetadata {
    #[serde(default)]
    version: u64,
    #[serde(default)]
    created_time: Option<String>,
    #[serde(default)]
    custom_metadata: Option<BTreeMap<String, String>>,
    #[serde(default)]
    deletion_time: String,
    #[serde(default)]
    destroyed: bool,
}

#[derive(Deserialize)]
struct ListReply {
    data: Option<ListBlock>,
}

#[derive(Deserialize)]
struct ListBlock {
    #[serde(default)]
    keys: Vec<String>,
}

#[derive(Deserialize)]
struct MetadataReply {
    data: Option<MetadataBlock>,
}

#[derive(Deserialize)]
struct MetadataBlock {
    #[serde(default)]
    current_version: u64,
    #[serde(default)]
    versions: BTreeMap<String, VersionState>,
}

#[derive(Deserialize)]
struct VersionState {
    #[serde(default)]
    deletion_time: String,
    #[serde(default)]
    destroyed: bool,
}

impl Kv {
    pub(crate) fn new(
        transport: Arc<Transport>,
        auth: Arc<Auth>,
        mount: &str,
        prefix: &str,
        page: usize,
    ) -> Self {
        Kv {
            transport,
            auth,
            mount: mount.trim_matches('/').to_owned(),
            prefix: prefix
                .split('/')
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
            page: page.max(1),
        }
    }

    /// `<mount>/<kind>/<prefix>/<components>`, each component escaped.
    fn path<'a>(&'a self, kind: &str, components: impl IntoIterator<Item = &'a str>) -> String {
        let mut path = format!("{}/{kind}", self.mount);
        for component in self.prefix.iter().map(String::as_str).chain(components) {
            path.push('/');
            path.extend(utf8_percent_encode(component, SEGMENT));
        }
        path
    }

    /// The path as a policy names it: `secret/data/team/db`.
    fn shown<'a>(&'a self, kind: &str, components: impl IntoIterator<Item = &'a str>) -> String {
        let mut shown = format!("{}/{kind}", self.mount);
        for component in self.prefix.iter().map(String::as_str).chain(components) {
            shown.push('/');
            shown.push_str(component);
        }
        shown
    }

    /// One call with the current token; if it is refused and a new token
    /// can be had (AppRole, a token file), once more with that.
    async fn call(&self, path: &str, query: &[(&str, &str)]) -> Result<Reply, BaoError> {
        let token = self.auth.token().await;
        let reply = self
            .transport
            .send(Method::GET, path, query, Some(&token.secret), None)
            .await?;
        if reply.status == StatusCode::FORBIDDEN && self.auth.replace(&token, &self.transport).await
        {
            let token = self.auth.token().await;
            return self
                .transport
                .send(Method::GET, path, query, Some(&token.secret), None)
                .await;
        }
        Ok(reply)
    }

    /// The latest version of the secret at `id` (its components), or None
    /// if there is none (never written, deleted or destroyed).
    pub(crate) async fn read(&self, id: &str) -> Result<Option<KvSecret>, BaoError> {
        let path = self.path("data", id.split('/'));
        let reply = self.call(&path, &[]).await?;
        let shown = || self.shown("data", id.split('/'));
        match reply.status {
            StatusCode::OK => {}
            StatusCode::NOT_FOUND => return self.missing(&reply, &shown()),
            status => return Err(refusal(status, &reply.body, "read", &shown())),
        }
        let parsed: DataReply = serde_json::from_slice(&reply.body).map_err(|error| {
            BaoError::Other(format!(
                "cannot read OpenBao's answer for {}: {error}",
                shown()
            ))
        })?;
        let Some(DataBlock {
            data: Some(data),
            metadata,
        }) = parsed.data
        else {
            return Ok(None);
        };
        let metadata = metadata.unwrap_or(VersionMetadata {
            version: 0,
            created_time: None,
            custom_metadata: None,
            deletion_time: String::new(),
            destroyed: false,
        });
        if metadata.destroyed || !metadata.deletion_time.is_empty() {
            return Ok(None);
        }
        Ok(Some(KvSecret {
            data,
            version: metadata.version,
            created_time: metadata.created_time,
            custom_metadata: metadata.custom_metadata.unwrap_or_default(),
            lease_duration: parsed.lease_duration,
        }))
    }

    /// The names in `folder` (components below the prefix), every page of
    /// them; a folder name ends with `/`. A folder that does not exist is
    /// empty.
    pub(crate) async fn list(&self, folder: &[&str]) -> Result<Vec<String>, BaoError> {
        let mut path = self.path("metadata", folder.iter().copied());
        path.push('/');
        let shown = format!("{}/", self.shown("metadata", folder.iter().copied()));
        let limit = self.page.to_string();
        let mut keys: Vec<String> = Vec::new();
        loop {
            let after = keys.last().cloned().unwrap_or_default();
            let mut query = vec![("list", "true"), ("limit", limit.as_str())];
            if !after.is_empty() {
                query.push(("after", after.as_str()));
            }
            let reply = self.call(&path, &query).await?;
            match reply.status {
                StatusCode::OK => {}
                StatusCode::NOT_FOUND => {
                    self.missing::<()>(&reply, &shown)?;
                    return Ok(keys);
                }
                status => return Err(refusal(status, &reply.body, "list", &shown)),
            }
            let parsed: ListReply = serde_json::from_slice(&reply.body).map_err(|error| {
                BaoError::Other(format!("cannot read OpenBao's listing of {shown}: {error}"))
            })?;
            let page = parsed.data.map(|data| data.keys).unwrap_or_default();
            let full_page = page.len() >= self.page;
            // A server that does not page (Vault) sends everything at once,
            // and the same again when asked for what comes after: keep only
            // names past the last one seen, and stop when none is new.
            let before = keys.len();
            keys.extend(page.into_iter().filter(|key| *key > after));
            if !full_page || keys.len() == before {
                return Ok(keys);
            }
        }
    }

    /// The secret's current version, or None if it has none that can be
    /// read (never written, latest version deleted or destroyed).
    pub(crate) async fn current_version(&self, id: &str) -> Result<Option<u64>, BaoError> {
        let path = self.path("metadata", id.split('/'));
        let reply = self.call(&path, &[]).await?;
        let shown = || self.shown("metadata", id.split('/'));
        match reply.status {
            StatusCode::OK => {}
            StatusCode::NOT_FOUND => return self.missing(&reply, &shown()),
            status => return Err(refusal(status, &reply.body, "read", &shown())),
        }
        let parsed: MetadataReply = serde_json::from_slice(&reply.body).map_err(|error| {
            BaoError::Other(format!(
                "cannot read OpenBao's metadata for {}: {error}",
                shown()
            ))
        })?;
        let Some(block) = parsed.data else {
            return Ok(None);
        };
        let readable = block
            .versions
            .get(&block.current_version.to_string())
            .is_some_and(|state| state.deletion_time.is_empty() && !state.destroyed);
        Ok(readable.then_some(block.current_version))
    }

    /// A 404: nothing there, unless OpenBao says why (no such mount), which
    /// is an error the user must see.
    fn missing<T>(&self, reply: &Reply, shown: &str) -> Result<Option<T>, BaoError> {
        let why = error_text(&reply.body);
        if why.is_empty() {
            Ok(None)
        } else {
            Err(BaoError::Other(format!(
                "OpenBao has nothing at {shown} ({why}); is {} a KV v2 mount?",
                self.mount
            )))
        }
    }
}

/// A status other than 200 and 404 for `what` on `shown`.
fn refusal(status: StatusCode, body: &[u8], what: &str, shown: &str) -> BaoError {
    let why = error_text(body);
    match status {
        StatusCode::FORBIDDEN => BaoError::PermissionDenied(format!(
            "OpenBao refused to {what} {shown} ({why}): the token needs a policy allowing \"{what}\" on that path"
        )),
        StatusCode::UNAUTHORIZED => BaoError::PermissionDenied(format!(
            "OpenBao refused the token to {what} {shown} ({why})"
        )),
        _ => BaoError::Other(format!(
            "OpenBao answered {status} to {what} {shown}: {why}"
        )),
    }
}
