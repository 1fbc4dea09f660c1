//! The short way to write a secrets provider: implement [`Provider`] (one
//! async method that gets the already-parsed pattern and returns
//! [`Secret`]s) and run it with [`serve_provider`]. The wire types, tonic and
//! the generated `ResolverService` trait stay out of sight; the trait is
//! still there underneath (`secrets_engine_plugin::api`) for plugins that
//! want every envelope field in their own hands.

use std::collections::BTreeMap;
use std::time::SystemTime;

use protojson_wkt::Timestamp;
use secrets_core::{Pattern, SecretId, SecretValue};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use tonic::{Request, Response, Status};

/// One secret a provider returns.
#[derive(Clone)]
pub struct Secret {
    /// Its ID; it must match the pattern asked for.
    pub id: SecretId,
    /// Its value (wiped from memory when dropped).
    pub value: SecretValue,
    /// Its version, if the store has one.
    pub version: String,
    /// When it was created, if known.
    pub created_at: Option<SystemTime>,
    /// When it stops being valid, if ever.
    pub expires_at: Option<SystemTime>,
    /// Facts about it that are not secret.
    pub metadata: BTreeMap<String, String>,
}

impl Secret {
    /// A secret with only an ID and a value.
    pub fn new(id: SecretId, value: impl Into<Vec<u8>>) -> Self {
        Secret {
            id,
            value: SecretValue::new(value.into()),
            version: String::new(),
            created_at: None,
            expires_at: None,
            metadata: BTreeMap::new(),
        }
    }

    /// With a version.
    pub fn with_version(mut self, version: impl Into<String>) -> Self {
        self.version = version.into();
        self
    }

    /// With one metadata entry.
    pub fn with_metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata.insert(key.into(), value.into());
        self
    }

    /// Expiring at `at`.
    pub fn expires_at(mut self, at: SystemTime) -> Self {
        self.expires_at = Some(at);
        self
    }
}

/// IDs and metadata only: the value never reaches a log.
impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secret")
            .field("id", &self.id)
            .field("version", &self.version)
            .field("metadata", &self.metadata)
            .finish_non_exhaustive()
    }
}

/// Why a provider could not answer. Its text reaches the engine's log and the
/// client, so it must not contain a secret.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// The store the provider reads is down or unreachable; try again later.
    #[error("{0}")]
    Unavailable(String),
    /// The caller may not read these secrets.
    #[error("{0}")]
    PermissionDenied(String),
    /// Anything else.
    #[error("{0}")]
    Other(String),
}

impl From<ProviderError> for Status {
    fn from(error: ProviderError) -> Status {
        match error {
            ProviderError::Unavailable(text) => Status::unavailable(text),
            ProviderError::PermissionDenied(text) => Status::permission_denied(text),
            ProviderError::Other(text) => Status::internal(text),
        }
    }
}

/// A secrets provider: every secret whose ID `pattern` matches. Nothing
/// found is an empty list (the engine then answers `not_found`).
#[tonic::async_trait]
pub trait Provider: Send + Sync + 'static {
    /// The secrets matching `pattern`, which the engine has already checked
    /// and narrowed to the plugin's own pattern.
    async fn get_secrets(&self, pattern: &Pattern) -> Result<Vec<Secret>, ProviderError>;
}

/// A [`Provider`] as the generated `ResolverService` the runtime serves.
#[derive(Debug)]
pub struct ProviderService<P>(pub P);

#[tonic::async_trait]
impl<P: Provider> ResolverService for ProviderService<P> {
    async fn get_secrets(
        &self,
        request: Request<GetSecretsRequest>,
    ) -> Result<Response<GetSecretsResponse>, Status> {
        let pattern = Pattern::parse(request.into_inner().pattern.unwrap_or_default())
            .map_err(|e| Status::invalid_argument(e.to_string()))?;
        let envelopes = self
            .0
            .get_secrets(&pattern)
            .await?
            .into_iter()
            .filter(|secret| {
                let inside = pattern.matches(&secret.id);
                if !inside {
                    tracing::warn!(id = %secret.id, %pattern, "the provider returned a secret outside the pattern; left out");
                }
                inside
            })
            .map(|secret| Envelope {
                id: Some(secret.id.to_string()),
                value: Some(secret.value.expose().to_vec()),
                provider: None,
                version: Some(secret.version),
                created_at: secret.created_at.map(Timestamp::from),
                resolved_at: None,
                expires_at: secret.expires_at.map(Timestamp::from),
                metadata: secret.metadata.into_iter().collect(),
            })
            .collect::<Vec<_>>();
        if envelopes.is_empty() {
            return Err(Status::not_found("secret not found"));
        }
        Ok(Response::new(GetSecretsResponse { envelopes }))
    }
}
