//! [`StaticSecrets`]: a resolver over a fixed set of secrets, for plugins
//! whose secrets are known up front (tests, examples, fixtures, benchmarks).

use std::collections::BTreeMap;

use secrets_core::{InvalidId, Pattern, SecretId};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use tonic::{Request, Response, Status};

/// Serves a fixed set of secrets: a request gets every envelope whose ID its
/// pattern matches, in ascending ID order, or `not_found` when none does; an
/// invalid pattern is `invalid_argument`.
///
/// ```
/// use secrets_engine_plugin::StaticSecrets;
///
/// let secrets = StaticSecrets::from_values([("db/password", "hunter2")]).unwrap();
/// # let _ = secrets;
/// ```
#[derive(Clone, Default)]
pub struct StaticSecrets {
    secrets: BTreeMap<SecretId, Envelope>,
}

impl StaticSecrets {
    /// Serves these envelopes as they are, keyed by their `id`.
    pub fn new(envelopes: impl IntoIterator<Item = Envelope>) -> Result<Self, InvalidId> {
        let secrets = envelopes
            .into_iter()
            .map(|envelope| {
                Ok((
                    SecretId::parse(envelope.id.clone().unwrap_or_default())?,
                    envelope,
                ))
            })
            .collect::<Result<_, InvalidId>>()?;
        Ok(StaticSecrets { secrets })
    }

    /// Serves `(id, value)` pairs, each as an envelope with only its ID, value
    /// and an empty version (the engine fills in the rest).
    pub fn from_values<K: Into<String>, V: Into<Vec<u8>>>(
        values: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Self, InvalidId> {
        Self::new(values.into_iter().map(|(id, value)| Envelope {
            id: Some(id.into()),
            value: Some(value.into()),
            version: Some(String::new()),
            ..Default::default()
        }))
    }
}

/// Counts only: the envelopes hold secret values.
impl std::fmt::Debug for StaticSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaticSecrets")
            .field("secrets", &self.secrets.len())
            .finish()
    }
}

#[tonic::async_trait]
impl ResolverService for StaticSecrets {
    async fn get_secrets(
        &self,
        request: Request<GetSecretsRequest>,
    ) -> Result<Response<GetSecretsResponse>, Status> {
        let pattern = Pattern::parse(request.into_inner().pattern.unwrap_or_default())
            .map_err(|e| Status::invalid_argument(e.to_string()))?;
        let envelopes: Vec<Envelope> = self
            .secrets
            .iter()
            .filter(|(id, _)| pattern.matches(id))
            .map(|(_, envelope)| envelope.clone())
            .collect();
        if envelopes.is_empty() {
            return Err(Status::not_found("secret not found"));
        }
        Ok(Response::new(GetSecretsResponse { envelopes }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn ask(secrets: &StaticSecrets, pattern: &str) -> Result<Vec<String>, Status> {
        let response = secrets
            .get_secrets(Request::new(GetSecretsRequest {
                pattern: Some(pattern.to_owned()),
            }))
            .await?;
        Ok(response
            .into_inner()
            .envelopes
            .into_iter()
            .map(|e| e.id.unwrap_or_default())
            .collect())
    }

    #[tokio::test]
    async fn answers_by_pattern_in_id_order() {
        let secrets =
            StaticSecrets::from_values([("b/two", "2"), ("a/one", "1"), ("b/three", "3")]).unwrap();
        assert_eq!(ask(&secrets, "b/*").await.unwrap(), ["b/three", "b/two"]);
        assert_eq!(ask(&secrets, "a/one").await.unwrap(), ["a/one"]);
        let missing = ask(&secrets, "c/**").await.unwrap_err();
        assert_eq!(missing.code(), tonic::Code::NotFound);
        let invalid = ask(&secrets, "a//b").await.unwrap_err();
        assert_eq!(invalid.code(), tonic::Code::InvalidArgument);
    }

    #[test]
    fn an_invalid_id_is_refused() {
        assert!(StaticSecrets::from_values([("not an id", "x")]).is_err());
    }
}
