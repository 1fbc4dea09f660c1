//! The token the plugin reads with: where it comes from, renewing it before
//! it expires, and logging in again with AppRole when it is refused.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use tokio::sync::{Mutex, RwLock};
use zeroize::Zeroizing;

use crate::error::{BaoError, error_text};
use crate::transport::Transport;

/// Where the token comes from.
pub(crate) enum Login {
    /// Given (`BAO_TOKEN`): used as it is, renewed if it can be.
    Token(Zeroizing<String>),
    /// A file the `bao` CLI writes on `bao login` (`~/.vault-token`): read
    /// again when the token in hand is refused.
    TokenFile(PathBuf),
    /// AppRole: the role and secret IDs are read from files at each login.
    AppRole {
        mount: String,
        role_id_file: PathBuf,
        secret_id_file: PathBuf,
    },
}

/// The current token and when to renew it.
pub(crate) struct Auth {
    login: Login,
    current: RwLock<Current>,
    /// One login or reload at a time.
    refreshing: Mutex<()>,
}

struct Current {
    token: Arc<Zeroizing<String>>,
    /// Bumped at each new token, so a caller whose token was refused can
    /// tell whether someone has already replaced it.
    generation: u64,
}

/// A token in use and its generation.
#[derive(Clone)]
pub(crate) struct Token {
    pub(crate) secret: Arc<Zeroizing<String>>,
    pub(crate) generation: u64,
}

/// The `auth` block of a login or renewal, and `data` of a lookup.
#[derive(Deserialize)]
struct AuthReply {
    auth: Option<AuthBlock>,
    data: Option<LookupBlock>,
}

#[derive(Deserialize)]
struct AuthBlock {
    client_token: String,
    #[serde(default)]
    lease_duration: u64,
    #[serde(default)]
    renewable: bool,
}

#[derive(Deserialize)]
struct LookupBlock {
    #[serde(default)]
    ttl: u64,
    #[serde(default)]
    renewable: bool,
}

/// How long a token lives and whether it can be renewed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lease {
    pub(crate) ttl: Duration,
    pub(crate) renewable: bool,
}

impl Auth {
    /// Gets the first token: logs in, or reads it.
    pub(crate) async fn start(login: Login, transport: &Transport) -> Result<Self, BaoError> {
        let (token, _) = obtain(&login, transport).await?;
        Ok(Auth {
            login,
            current: RwLock::new(Current {
                token: Arc::new(token),
                generation: 0,
            }),
            refreshing: Mutex::new(()),
        })
    }

    /// The token to send now.
    pub(crate) async fn token(&self) -> Token {
        let current = self.current.read().await;
        Token {
            secret: current.token.clone(),
            generation: current.generation,
        }
    }

    /// The token `refused` was refused: get another if there is another
    /// way to (AppRole logs in again; a token file is read again). True if
    /// a newer token than `refused` is now in hand.
    pub(crate) async fn replace(&self, refused: &Token, transport: &Transport) -> bool {
        let _one_at_a_time = self.refreshing.lock().await;
        if self.current.read().await.generation != refused.generation {
            return true;
        }
        if matches!(self.login, Login::Token(_)) {
            return false;
        }
        match obtain(&self.login, transport).await {
            Ok((token, _)) if token.as_str() != refused.secret.as_str() => {
                self.install(token).await;
                tracing::info!("obtained a new OpenBao token");
                true
            }
            Ok(_) => false,
            Err(error) => {
                tracing::warn!(%error, "cannot obtain a new OpenBao token");
                false
            }
        }
    }

    async fn install(&self, token: Zeroizing<String>) {
        let mut current = self.current.write().await;
        current.token = Arc::new(token);
        current.generation += 1;
    }

    /// The token's lifetime as OpenBao tells it (`lookup-self`).
    pub(crate) async fn lookup(&self, transport: &Transport) -> Result<Lease, BaoError> {
        let token = self.token().await;
        let reply = transport
            .send(
                Method::GET,
                "auth/token/lookup-self",
                &[],
                Some(&token.secret),
                None,
            )
            .await?;
        let parsed: AuthReply = parse_auth(reply.status, &reply.body, "looking up the token")?;
        let data = parsed
            .data
            .ok_or_else(|| BaoError::Other("token lookup answered without data".into()))?;
        Ok(Lease {
            ttl: Duration::from_secs(data.ttl),
            renewable: data.renewable,
        })
    }

    /// Renews the token (`renew-self`); returns its new lifetime.
    async fn renew(&self, transport: &Transport) -> Result<Lease, BaoError> {
        let token = self.token().await;
        let reply = transport
            .send(
                Method::POST,
                "auth/token/renew-self",
                &[],
                Some(&token.secret),
                Some(&serde_json::json!({})),
            )
            .await?;
        let parsed = parse_auth(reply.status, &reply.body, "renewing the token")?;
        let block = parsed
            .auth
            .ok_or_else(|| BaoError::Other("token renewal answered without auth".into()))?;
        Ok(Lease {
            ttl: Duration::from_secs(block.lease_duration),
            renewable: block.renewable,
        })
    }

    /// Keeps the token alive for as long as the plugin runs: renews it when
    /// two thirds of its lifetime have passed; when it cannot be renewed
    /// (any more), takes a new one if it can (AppRole logs in, a token file
    /// is read again), a little before it expires. A token refused or past
    /// help is left until a request gets a new one, which is then kept
    /// alive in turn.
    pub(crate) async fn keep_alive(self: Arc<Self>, transport: Arc<Transport>) {
        loop {
            let generation = self.token().await.generation;
            self.keep_one_alive(&transport).await;
            // Wait for a request to replace the token.
            while self.token().await.generation == generation {
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }

    /// Renews the current token (and those that replace it here) until
    /// there is nothing more to do for it.
    async fn keep_one_alive(&self, transport: &Transport) {
        // Until OpenBao answers (it may be down while the plugin starts):
        // a token whose lifetime is unknown cannot be renewed in time.
        let mut said = false;
        let mut lease = loop {
            match self.lookup(transport).await {
                Ok(lease) => break lease,
                Err(error @ BaoError::PermissionDenied(_)) => {
                    tracing::warn!(%error, "the OpenBao token is refused");
                    return;
                }
                Err(error) => {
                    if !said {
                        tracing::warn!(%error, "cannot look up the OpenBao token's lifetime; retrying every 5 s");
                        said = true;
                    }
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            }
        };
        loop {
            if lease.ttl.is_zero() {
                // A token that does not expire (a root token).
                return;
            }
            tokio::time::sleep(lease.ttl * 2 / 3).await;
            let renewed = if lease.renewable {
                match self.renew(transport).await {
                    // A lease capped by its maximum lifetime shrinks at each
                    // renewal: below a second, take a new token instead.
                    Ok(next) if next.ttl >= Duration::from_secs(1) => Some(next),
                    Ok(_) => None,
                    Err(error) => {
                        tracing::warn!(%error, "cannot renew the OpenBao token");
                        None
                    }
                }
            } else {
                None
            };
            lease = match renewed {
                Some(next) => next,
                None => match obtain(&self.login, transport).await {
                    Ok((token, lease)) if token.as_str() != self.token().await.secret.as_str() => {
                        self.install(token).await;
                        tracing::info!("took a new OpenBao token before the old one expired");
                        match lease {
                            Some(lease) => lease,
                            None => self.lookup(transport).await.unwrap_or(Lease {
                                ttl: Duration::from_secs(60),
                                renewable: false,
                            }),
                        }
                    }
                    Ok(_) => {
                        tracing::warn!(
                            "the OpenBao token expires soon and cannot be renewed; give the plugin a new one"
                        );
                        return;
                    }
                    Err(error) => {
                        tracing::warn!(%error, "cannot take a new OpenBao token; retrying in 5 s");
                        Lease {
                            ttl: Duration::from_secs(7),
                            renewable: false,
                        }
                    }
                },
            };
        }
    }
}

/// A token from `login`, with its lease when a login gave one.
async fn obtain(
    login: &Login,
    transport: &Transport,
) -> Result<(Zeroizing<String>, Option<Lease>), BaoError> {
    match login {
        Login::Token(token) => Ok((token.clone(), None)),
        Login::TokenFile(path) => {
            let text = read_secret_file(path, "token file").await?;
            Ok((text, None))
        }
        Login::AppRole {
            mount,
            role_id_file,
            secret_id_file,
        } => {
            let role_id = read_secret_file(role_id_file, "AppRole role ID file").await?;
            let secret_id = read_secret_file(secret_id_file, "AppRole secret ID file").await?;
            let body = serde_json::json!({
                "role_id": role_id.as_str(),
                "secret_id": secret_id.as_str(),
            });
            let path = format!("auth/{mount}/login");
            let reply = transport
                .send(Method::POST, &path, &[], None, Some(&body))
                .await?;
            let parsed = parse_auth(reply.status, &reply.body, "logging in with AppRole")?;
            let block = parsed
                .auth
                .ok_or_else(|| BaoError::Other("AppRole login answered without auth".into()))?;
            let lease = Lease {
                ttl: Duration::from_secs(block.lease_duration),
                renewable: block.renewable,
            };
            Ok((Zeroizing::new(block.client_token), Some(lease)))
        }
    }
}

/// A file holding one credential, trimmed. The error names the file, never
/// its content.
async fn read_secret_file(path: &PathBuf, what: &str) -> Result<Zeroizing<String>, BaoError> {
    let bytes = Zeroizing::new(tokio::fs::read(path).await.map_err(|error| {
        BaoError::PermissionDenied(format!(
            "cannot read the {what} {}: {error}",
            path.display()
        ))
    })?);
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        BaoError::PermissionDenied(format!("the {what} {} is not text", path.display()))
    })?;
    let trimmed = Zeroizing::new(text.trim().to_owned());
    if trimmed.is_empty() {
        return Err(BaoError::PermissionDenied(format!(
            "the {what} {} is empty",
            path.display()
        )));
    }
    Ok(trimmed)
}

fn parse_auth(status: StatusCode, body: &[u8], doing: &str) -> Result<AuthReply, BaoError> {
    if status == StatusCode::FORBIDDEN || status == StatusCode::BAD_REQUEST {
        return Err(BaoError::PermissionDenied(format!(
            "OpenBao refused {doing} ({status}: {})",
            error_text(body)
        )));
    }
    if !status.is_success() {
        return Err(BaoError::Other(format!(
            "OpenBao answered {status} {doing}: {}",
            error_text(body)
        )));
    }
    serde_json::from_slice(body)
        .map_err(|error| BaoError::Other(format!("cannot read OpenBao's answer {doing}: {error}")))
}
