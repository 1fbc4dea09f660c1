//! Builtins over the `secrets-store` crate, each read on every request (a
//! secret set while the engine runs is served at once):
//! - `docker-pass`: the secrets `docker-pass set` stores (the OS keychain, or
//!   the encrypted file store where there is none);
//! - `docker-credential-helper`: registry credentials kept by the Docker
//!   CLI's credential helpers.

use secrets_core::{Pattern, SecretId};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use secrets_store::credential_helper::CredentialHelpers;
use secrets_store::{Filtered, Store, StoreError};
use tonic::{Request, Response, Status};

/// The version stamped on every envelope, as Docker's pass and credential
/// helper plugins do.
const ENVELOPE_VERSION: &str = "0.0.1";
/// IDs the engine keeps for itself; never served to clients, as in Docker's
/// pass plugin.
const ENGINE_REALM: &str = "docker/secrets-engine/**";

/// Where a [`StorePlugin`] reads.
#[derive(Debug)]
pub enum Source {
    /// The `docker-pass` store.
    Pass(Store),
    /// Docker's credential helpers.
    CredentialHelpers(CredentialHelpers),
}

/// A builtin plugin over a store.
#[derive(Debug)]
pub struct StorePlugin {
    source: Source,
    realm: Pattern,
}

impl StorePlugin {
    /// Serves `source`.
    pub fn new(source: Source) -> Self {
        StorePlugin {
            source,
            realm: Pattern::parse(ENGINE_REALM).unwrap_or_else(|_| unreachable!("valid pattern")),
        }
    }

    /// Whether `id` is in the engine's own realm, which the `docker-pass`
    /// store never serves (Docker's pass plugin does the same).
    fn hidden(&self, id: &SecretId) -> bool {
        matches!(self.source, Source::Pass(_)) && self.realm.matches(id)
    }

    async fn filter(&self, pattern: &Pattern) -> Result<Filtered, StoreError> {
        match &self.source {
            Source::Pass(store) => store.filter(pattern).await,
            Source::CredentialHelpers(helpers) => helpers.filter(pattern).await,
        }
    }
}

/// The client-facing status for a store failure: the backend being out of
/// reach is `unavailable` (the engine then says which plugin failed and
/// serves the others); the message names no value.
fn status(error: &StoreError) -> Status {
    match error {
        StoreError::NotFound(_) => Status::not_found("secret not found"),
        e if e.is_unavailable() => Status::unavailable(e.to_string()),
        // The secret is there but this engine cannot open it: fixable by
        // the user (key, permissions), not a transient failure.
        StoreError::WrongKey { .. } | StoreError::Permission { .. } | StoreError::Config(_) => {
            Status::failed_precondition(error.to_string())
        }
        StoreError::Corrupt { .. } => Status::data_loss(error.to_string()),
        _ => Status::internal(error.to_string()),
    }
}

#[tonic::async_trait]
impl ResolverService for StorePlugin {
    async fn get_secrets(
        &self,
        request: Request<GetSecretsRequest>,
    ) -> Result<Response<GetSecretsResponse>, Status> {
        let text = request.into_inner().pattern.unwrap_or_default();
        let pattern = Pattern::parse(text).map_err(|e| Status::invalid_argument(e.to_string()))?;
        let filtered = self.filter(&pattern).await.map_err(|e| {
            tracing::warn!(error = %e, "store failed");
            status(&e)
        })?;
        for skipped in &filtered.skipped {
            tracing::warn!(error = %skipped, "store: skipped a secret");
        }
        let envelopes: Vec<Envelope> = filtered
            .secrets
            .into_iter()
            .filter(|secret| !self.hidden(&secret.id))
            .map(|secret| Envelope {
                id: Some(secret.id.into_string()),
                value: Some(secret.value.expose().to_vec()),
                provider: None,
                version: Some(ENVELOPE_VERSION.to_owned()),
                created_at: None,
                resolved_at: None,
                expires_at: None,
                metadata: secret.metadata.into_iter().collect(),
            })
            .collect();
        if envelopes.is_empty() {
            return Err(match filtered.skipped.first() {
                // Only damaged or foreign-key items matched: say so.
                Some(e) => status(e),
                None => Status::not_found("secret not found"),
            });
        }
        Ok(Response::new(GetSecretsResponse { envelopes }))
    }
}
