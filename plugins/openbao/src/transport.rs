//! HTTP to OpenBao: one connection pool, a timeout on every call, and the
//! next server tried when one cannot answer.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};

use crate::error::{BaoError, error_text};

/// The servers and how to reach them.
pub(crate) struct Transport {
    http: reqwest::Client,
    /// Base addresses without a trailing `/`, tried in turn.
    addrs: Vec<String>,
    /// The one that answered last, tried first.
    current: AtomicUsize,
    namespace: Option<HeaderValue>,
}

/// An answer OpenBao gave (any status but those that send us to the next
/// server).
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) body: Vec<u8>,
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
        })
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
            let body = match response.bytes().await {
                Ok(body) => body.to_vec(),
                Err(error) => {
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
        // A standby that does not forward, or is told not to.
        StatusCode::TOO_MANY_REQUESTS => Some("is a standby".into()),
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

/// A transport error in a few words, without the URL's query.
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "did not answer in time".into()
    } else if error.is_connect() {
        "cannot be reached (connection failed)".into()
    } else {
        "broke off the call".into()
    }
}
