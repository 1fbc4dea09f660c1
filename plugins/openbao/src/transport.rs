//! HTTP to OpenBao: one connection pool, a timeout on every call, and the
//! next server tried when one cannot answer.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use zeroize::Zeroizing;

use crate::error::{BaoError, error_text};

/// The servers and how to reach them.
pub(crate) struct Transport {
    http: reqwest::Client,
    /// Base addresses without a trailing `/`, tried in turn.
    addrs: Vec<String>,
    /// The one that answered last, tried first.
    current: AtomicUsize,
    namespace: Option<HeaderValue>,
    /// The newest cluster state seen in an answer (`X-Vault-Index`), sent
    /// with every call: a standby that has not caught up with it answers
    /// 429 instead of older data, and the next server is asked. So a
    /// secret once served is never served older, even when the leader dies
    /// and a lagging standby is the first to answer.
    seen: std::sync::Mutex<Option<SeenIndex>>,
}

/// An `X-Vault-Index` header and the raft index it carries.
struct SeenIndex {
    header: HeaderValue,
    index: u64,
}

/// The raft index in an `X-Vault-Index` header: base64 of
/// `{"cluster": "...", "value": "41"}` (the value a string or a number).
fn index_of(header: &HeaderValue) -> Option<u64> {
    use base64::Engine as _;
    let text = header.to_str().ok()?;
    let engine = &base64::engine::general_purpose::STANDARD;
    let json = engine
        .decode(text)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(text))
        .ok()?;
    let state: serde_json::Value = serde_json::from_slice(&json).ok()?;
    match &state["value"] {
        serde_json::Value::String(value) => value.parse().ok(),
        value => value.as_u64(),
    }
}

/// The most of one answer the plugin reads: well above what the engine
/// takes from a plugin by default (4 MiB), so a server, or a secret written
/// too large, cannot make the plugin hold more.
const MAX_BODY_BYTES: usize = 16 << 20;

/// An answer OpenBao gave (any status but those that send us to the next
/// server). The body may hold secrets: it is wiped when dropped.
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) body: Zeroizing<Vec<u8>>,
}

enum BodyError {
    TooLarge,
    Broken(reqwest::Error),
}

/// The whole body, up to [`MAX_BODY_BYTES`].
async fn read_body(mut response: reqwest::Response) -> Result<Zeroizing<Vec<u8>>, BodyError> {
    let length = response.content_length().unwrap_or(0);
    if length > MAX_BODY_BYTES as u64 {
        return Err(BodyError::TooLarge);
    }
    // Sized up front (OpenBao says its answers' length), so that growing
    // does not leave copies of the body behind, unwiped.
    let mut body = Zeroizing::new(Vec::with_capacity(length as usize));
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Broken)? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// How [`Transport`] is set up.
pub(crate) struct TransportConfig {
    pub(crate) addrs: Vec<String>,
    pub(crate) namespace: Option<String>,
    pub(crate) ca_cert: Option<Vec<u8>>,
    pub(crate) timeout: Duration,
}

impl Transport {
    pub(crate) fn new(config: TransportConfig) -> Result<Self, String> {
        if config.addrs.is_empty() {
            return Err("no OpenBao address given".into());
        }
        let mut builder = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(2)))
            // OpenBao's redirects (a standby naming the leader) would carry
            // the token to wherever they point: follow none.
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(Duration::from_secs(60));
        if let Some(pem) = &config.ca_cert {
            let certs = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| format!("the CA file is not PEM certificates: {e}"))?;
            if certs.is_empty() {
                return Err("the CA file holds no certificate".into());
            }
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        let http = builder
            .build()
            .map_err(|e| format!("cannot set up HTTP: {e}"))?;
        let namespace = match config.namespace.filter(|n| !n.is_empty()) {
            Some(namespace) => Some(
                HeaderValue::from_str(&namespace)
                    .map_err(|_| format!("namespace {namespace:?} is not a valid header value"))?,
            ),
            None => None,
        };
        let addrs = config
            .addrs
            .into_iter()
            .map(|addr| addr.trim().trim_end_matches('/').to_owned())
            .collect();
        Ok(Transport {
            http,
            addrs,
            current: AtomicUsize::new(0),
            namespace,
            seen: std::sync::Mutex::new(None),
        })
    }

    fn seen(&self) -> std::sync::MutexGuard<'_, Option<SeenIndex>> {
        self.seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Keeps `header` if it names a newer state than any seen.
    fn saw(&self, header: &HeaderValue) {
        let Some(index) = index_of(header) else {
            return;
        };
        let mut seen = self.seen();
        if seen.as_ref().is_none_or(|seen| index > seen.index) {
            *seen = Some(SeenIndex {
                header: header.clone(),
                index,
            });
        }
    }

    /// The address tried first (for messages).
    pub(crate) fn addr(&self) -> &str {
        &self.addrs[self.current.load(Ordering::Relaxed) % self.addrs.len()]
    }

    /// Sends `method path?query` (path starts after `/v1/`), with `token`
    /// and a JSON `body` if given. A server that cannot be reached, is
    /// sealed, is a standby without a leader or times out sends the call to
    /// the next address; when none answers, the error says why the last
    /// one did not.
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        token: Option<&str>,
        body: Option<&serde_json::Value>,
    ) -> Result<Reply, BaoError> {
        let mut headers = HeaderMap::new();
        if let Some(token) = token {
            let mut value = HeaderValue::from_str(token).map_err(|_| {
                BaoError::PermissionDenied("the OpenBao token is not a valid header value".into())
            })?;
            value.set_sensitive(true);
            headers.insert("x-vault-token", value);
        }
        if let Some(namespace) = &self.namespace {
            headers.insert("x-vault-namespace", namespace.clone());
        }
        headers.insert("x-vault-request", HeaderValue::from_static("true"));
        if let Some(seen) = &*self.seen() {
            headers.insert("x-vault-index", seen.header.clone());
        }
        let first = self.current.load(Ordering::Relaxed);
        let mut last_error = None;
        for attempt in 0..self.addrs.len() {
            let index = (first + attempt) % self.addrs.len();
            let addr = &self.addrs[index];
            let mut request = self
                .http
                .request(method.clone(), format!("{addr}/v1/{path}"))
                .headers(headers.clone());
            if !query.is_empty() {
                request = request.query(query);
            }
            if let Some(body) = body {
                request = request.json(body);
            }
            let response = match request.send().await {
                Ok(response) => response,
                Err(error) => {
                    last_error = Some(BaoError::Unavailable(format!(
                        "OpenBao at {addr} {}",
                        describe(&error)
                    )));
                    continue;
                }
            };
            let status = response.status();
            if let Some(header) = response.headers().get("x-vault-index") {
                self.saw(header);
            }
            let body = match read_body(response).await {
                Ok(body) => body,
                Err(BodyError::TooLarge) => {
                    return Err(BaoError::Other(format!(
                        "OpenBao at {addr} answered more than {} MiB for {}; not read",
                        MAX_BODY_BYTES >> 20,
                        path.split('?').next().unwrap_or(path)
                    )));
                }
                Err(BodyError::Broken(error)) => {
                    last_error = Some(BaoError::Unavailable(format!(
                        "OpenBao at {addr} {}",
                        describe(&error)
                    )));
                    continue;
                }
            };
            if let Some(why) = server_cannot_answer(status, &body) {
                last_error = Some(BaoError::Unavailable(format!("OpenBao at {addr} {why}")));
                continue;
            }
            if index != first {
                tracing::info!(addr = %addr, "OpenBao answers from here now");
                self.current.store(index, Ordering::Relaxed);
            }
            return Ok(Reply { status, body });
        }
        Err(last_error.expect("at least one address"))
    }
}

/// Why a server cannot answer for the cluster, if that is what `status`
/// says: then the next server is tried.
fn server_cannot_answer(status: StatusCode, body: &[u8]) -> Option<String> {
    match status {
        // Sealed, or a standby whose leader is gone.
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::BAD_GATEWAY | StatusCode::GATEWAY_TIMEOUT => {
            Some(format!("cannot answer ({status}: {})", error_text(body)))
        }
        // A standby behind the state sent in X-Vault-Index (or one told
        // not to serve).
        StatusCode::TOO_MANY_REQUESTS => Some("has not caught up with the cluster".into()),
        StatusCode::TEMPORARY_REDIRECT | StatusCode::PERMANENT_REDIRECT => {
            Some("redirects to another node".into())
        }
        StatusCode::INTERNAL_SERVER_ERROR => {
            let text = error_text(body);
            let no_leader = ["active cluster node not found", "no active", "leader"]
                .iter()
                .any(|sign| text.contains(sign));
            no_leader.then(|| format!("has no leader ({text})"))
        }
        _ => None,
    }
}

/// A transport error in a few words: its innermost cause (a refused
/// connection, an untrusted certificate), without the URL.
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return "did not answer in time".into();
    }
    let mut cause: &dyn std::error::Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    if error.is_connect() {
        format!("cannot be reached ({cause})")
    } else {
        format!("broke off the call ({cause})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    fn header(json: &str) -> HeaderValue {
        let encoded = base64::engine::general_purpose::STANDARD.encode(json);
        HeaderValue::from_str(&encoded).unwrap()
    }

    #[test]
    fn the_raft_index_is_read_from_x_vault_index() {
        assert_eq!(
            index_of(&header(r#"{"cluster":"c1","value":"41"}"#)),
            Some(41)
        );
        assert_eq!(index_of(&header(r#"{"cluster":"c1","value":7}"#)), Some(7));
        assert_eq!(index_of(&header("not json")), None);
        assert_eq!(index_of(&HeaderValue::from_static("%%%")), None);
    }

    #[test]
    fn only_a_newer_state_replaces_the_one_seen() {
        let transport = Transport::new(TransportConfig {
            addrs: vec!["http://127.0.0.1:1".into()],
            namespace: None,
            ca_cert: None,
            timeout: Duration::from_secs(1),
        })
        .unwrap();
        transport.saw(&header(r#"{"cluster":"c","value":"10"}"#));
        transport.saw(&header(r#"{"cluster":"c","value":"9"}"#));
        assert_eq!(transport.seen().as_ref().map(|s| s.index), Some(10));
        transport.saw(&header(r#"{"cluster":"c","value":"12"}"#));
        assert_eq!(transport.seen().as_ref().map(|s| s.index), Some(12));
    }
}
