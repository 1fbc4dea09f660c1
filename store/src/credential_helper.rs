//! Registry credentials kept by Docker's credential helpers
//! (`docker-credential-<name>`: `desktop`, `secretservice`, `pass`,
//! `osxkeychain`, …), read as secrets.
//!
//! Which helpers: `credsStore` (every registry) and `credHelpers` (one helper
//! per registry host) in `$DOCKER_CONFIG/config.json`, else
//! `~/.docker/config.json`, as the Docker CLI reads them. Each helper speaks
//! Docker's helper protocol on its stdin and stdout: `list` prints a JSON
//! object of server URL to user name, `get` reads a server URL and prints
//! `{"ServerURL", "Username", "Secret"}`.
//!
//! A server URL becomes a secret ID as the Go engine maps it: the scheme and
//! one trailing `/` dropped, and in a first component `host:port` every `:`
//! written `-port-` (`https://registry.example.com:5000/v2/` is
//! `registry.example.com-port-5000/v2`). The secret's value is the password
//! or token; its metadata the `ServerURL` and `Username`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use secrets_core::{Pattern, SecretId, SecretValue};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use zeroize::Zeroize;

use crate::{Filtered, Metadata, StoreError, StoredSecret};

/// The largest `config.json` read (as in Go).
const MAX_CONFIG: u64 = 1 << 20;
/// The largest answer read from a helper.
const MAX_ANSWER: u64 = 1 << 20;
/// How long one helper call may take.
const HELPER_TIMEOUT: Duration = Duration::from_secs(10);
/// What a helper prints when it has no credentials for a server.
const NOT_FOUND: &str = "credentials not found in native keychain";

/// The credential helpers a Docker configuration names.
#[derive(Debug, Clone)]
pub struct CredentialHelpers {
    config: PathBuf,
    /// `credsStore`: the helper for every registry.
    default: Option<String>,
    /// `credHelpers`: registry host → helper.
    per_registry: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct DockerConfig {
    #[serde(rename = "credsStore", default)]
    creds_store: Option<String>,
    #[serde(rename = "credHelpers", default)]
    cred_helpers: BTreeMap<String, String>,
}

/// What `get` prints.
#[derive(Deserialize)]
struct Credentials {
    #[serde(rename = "Username", default)]
    username: String,
    #[serde(rename = "Secret", default)]
    secret: String,
}

/// The Docker CLI's configuration file: `$DOCKER_CONFIG/config.json`, else
/// `~/.docker/config.json`.
pub fn docker_config_path() -> Option<PathBuf> {
    crate::choice::nonempty("DOCKER_CONFIG")
        .map(PathBuf::from)
        .or_else(|| crate::choice::nonempty("HOME").map(|home| PathBuf::from(home).join(".docker")))
        .map(|dir| dir.join("config.json"))
}

impl CredentialHelpers {
    /// The helpers `path` names; `Ok(None)` when the file does not exist or
    /// names none.
    pub fn from_config(path: &Path) -> Result<Option<CredentialHelpers>, StoreError> {
        use std::io::Read;
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(StoreError::Config(format!(
                    "cannot read {}: {e}",
                    path.display()
                )));
            }
        };
        // The file also holds `auths` (base64 credentials): wiped after use.
        let mut text = zeroize::Zeroizing::new(Vec::new());
        file.take(MAX_CONFIG + 1)
            .read_to_end(&mut text)
            .map_err(|e| StoreError::Config(format!("cannot read {}: {e}", path.display())))?;
        if text.len() as u64 > MAX_CONFIG {
            return Err(StoreError::Config(format!(
                "{} is larger than {MAX_CONFIG} bytes",
                path.display()
            )));
        }
        // Errors name the position only.
        let config: DockerConfig = serde_json::from_slice(&text).map_err(|e| {
            StoreError::Config(format!(
                "{} is not valid JSON (line {}, column {})",
                path.display(),
                e.line(),
                e.column()
            ))
        })?;
        let default = config.creds_store.filter(|name| !name.is_empty());
        if default.is_none() && config.cred_helpers.is_empty() {
            return Ok(None);
        }
        for name in default.iter().chain(config.cred_helpers.values()) {
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            {
                return Err(StoreError::Config(format!(
                    "{}: {name:?} is not a credential helper name",
                    path.display()
                )));
            }
        }
        Ok(Some(CredentialHelpers {
            config: path.to_owned(),
            default,
            per_registry: config.cred_helpers,
        }))
    }

    /// `credential helpers docker-credential-… (from <config>)`.
    pub fn describe(&self) -> String {
        let programs: BTreeSet<String> = self
            .default
            .iter()
            .chain(self.per_registry.values())
            .map(|name| format!("docker-credential-{name}"))
            .collect();
        let programs: Vec<String> = programs.into_iter().collect();
        format!(
            "credential helpers {} (from {})",
            programs.join(", "),
            self.config.display()
        )
    }

    /// The credentials whose IDs `pattern` matches.
    pub async fn filter(&self, pattern: &Pattern) -> Result<Filtered, StoreError> {
        // Server URL → helper, from `list` of the default helper and the
        // registries with a helper of their own.
        let mut servers: BTreeMap<String, &str> = BTreeMap::new();
        if let Some(default) = &self.default {
            let listed = call(default, "list", "").await?.unwrap_or_default();
            let listed: BTreeMap<String, String> =
                serde_json::from_slice(&listed).map_err(|e| StoreError::Unavailable {
                    backend: "credential helper",
                    reason: format!("docker-credential-{default} list printed no JSON object: {e}"),
                    hint: "",
                })?;
            for server in listed.into_keys() {
                servers.insert(server, default);
            }
        }
        for (registry, helper) in &self.per_registry {
            servers.retain(|server, _| host_of(server) != host_of(registry));
            servers.insert(registry.clone(), helper);
        }
        let wanted: Vec<(SecretId, String, &str)> = servers
            .into_iter()
            .filter_map(|(server, helper)| {
                let id = server_url_to_id(&server);
                if id.is_none() {
                    tracing::warn!(server = %server, "a credential helper's server URL is not a valid secret ID; skipped");
                }
                let id = id?;
                pattern.matches(&id).then_some((id, server, helper))
            })
            .collect();
        let answers = futures_util::future::join_all(
            wanted
                .iter()
                .map(|(_, server, helper)| call(helper, "get", server)),
        )
        .await;
        let mut filtered = Filtered::default();
        for ((id, server, helper), answer) in wanted.into_iter().zip(answers) {
            let credentials = match answer {
                Ok(Some(bytes)) => {
                    serde_json::from_slice::<Credentials>(&zeroize::Zeroizing::new(bytes))
                }
                // Listed but gone by now.
                Ok(None) => continue,
                Err(e) => {
                    filtered.skipped.push(e);
                    continue;
                }
            };
            match credentials {
                Ok(mut credentials) => {
                    let value = SecretValue::from(credentials.secret.as_str());
                    credentials.secret.zeroize();
                    filtered.secrets.push(StoredSecret {
                        id,
                        value,
                        metadata: Metadata::from([
                            ("ServerURL".to_owned(), server),
                            ("Username".to_owned(), credentials.username),
                        ]),
                    });
                }
                Err(_) => filtered.skipped.push(StoreError::Corrupt {
                    id: id.to_string(),
                    reason: format!("docker-credential-{helper} get printed no credentials"),
                }),
            }
        }
        Ok(filtered)
    }
}

/// A server URL without its `https://` or `http://`.
fn without_scheme(server: &str) -> &str {
    server
        .strip_prefix("https://")
        .or_else(|| server.strip_prefix("http://"))
        .unwrap_or(server)
}

/// The host part of a server URL or registry name.
fn host_of(server: &str) -> &str {
    without_scheme(server).split('/').next().unwrap_or_default()
}

/// The secret ID of a registry server URL, as the Go engine maps it; `None`
/// when the result is not a valid ID.
pub fn server_url_to_id(server: &str) -> Option<SecretId> {
    let rest = without_scheme(server);
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let host_end = rest.find('/').unwrap_or(rest.len());
    let (host, path) = rest.split_at(host_end);
    SecretId::parse(format!("{}{path}", host.replace(':', "-port-"))).ok()
}

/// Runs `docker-credential-<helper> <action>` with `input` on stdin: what
/// it printed, or `None` for its "not found" answer. Other failures name the
/// helper and what it printed (helpers print no secrets on failure).
async fn call(helper: &str, action: &str, input: &str) -> Result<Option<Vec<u8>>, StoreError> {
    let program = format!("docker-credential-{helper}");
    let unavailable = |reason: String| StoreError::Unavailable {
        backend: "credential helper",
        reason,
        hint: "",
    };
    let mut child = tokio::process::Command::new(&program)
        .arg(action)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| unavailable(format!("cannot run {program}: {e} (is it on PATH?)")))?;
    let mut stdin = child.stdin.take();
    let mut stdout = child.stdout.take();
    let run = async {
        if let Some(mut stdin) = stdin.take() {
            stdin.write_all(input.as_bytes()).await?;
        }
        let mut out = Vec::new();
        if let Some(stdout) = stdout.take() {
            stdout.take(MAX_ANSWER).read_to_end(&mut out).await?;
        }
        let status = child.wait().await?;
        Ok::<_, std::io::Error>((status, out))
    };
    let (status, out) = tokio::time::timeout(HELPER_TIMEOUT, run)
        .await
        .map_err(|_| {
            unavailable(format!(
                "{program} {action} did not answer within {HELPER_TIMEOUT:?}"
            ))
        })?
        .map_err(|e| unavailable(format!("{program} {action}: {e}")))?;
    if status.success() {
        return Ok(Some(out));
    }
    let said = String::from_utf8_lossy(&out).trim().to_owned();
    if said.contains(NOT_FOUND) {
        return Ok(None);
    }
    let said: String = said.chars().take(200).collect();
    Err(unavailable(format!(
        "{program} {action} failed ({status}): {said}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_urls_map_to_ids_as_the_go_engine_maps_them() {
        for (url, id) in [
            ("https://index.docker.io/v1/", Some("index.docker.io/v1")),
            (
                "http://192.162.233.123:8313/key/another",
                Some("192.162.233.123-port-8313/key/another"),
            ),
            (
                "https://registry.example.com:5000/v2/",
                Some("registry.example.com-port-5000/v2"),
            ),
            ("ghcr.io", Some("ghcr.io")),
            ("https://bad host/", None),
            ("https://a//b", None),
        ] {
            assert_eq!(
                server_url_to_id(url).map(|i| i.to_string()).as_deref(),
                id,
                "{url}"
            );
        }
    }
}
