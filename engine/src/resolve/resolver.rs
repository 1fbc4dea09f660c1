//! `GetSecrets` and `ListPlugins` as the engine answers them: every plugin in
//! scope is asked concurrently for exactly its share of the request, and the
//! answers are merged in priority order.
//!
//! Where this deliberately differs from the Go engine:
//! - a plugin is asked for `narrow(plugin pattern, request)`, which is never
//!   more than its own pattern covers, and envelopes whose ID is outside the
//!   request or the plugin's pattern are dropped;
//! - plugins are asked concurrently, each under a timeout, so one slow plugin
//!   does not stall the others; one that keeps timing out (for one ID, or on
//!   wildcards: counted apart) is degraded for that shape of call and costs
//!   each request at most a few dozen milliseconds (`plugin_health`);
//! - when nothing is found and a plugin in scope failed, the answer is
//!   `unavailable` naming it, not `not_found`: an outage must not look like a
//!   missing secret.

use std::any::Any;
use std::collections::HashSet;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use futures_util::FutureExt;
use futures_util::future::join_all;
use protojson_wkt::Timestamp;
use secrets_core::{Pattern, SecretId, narrow};
use secrets_engine_api::resolver::v1 as wire;
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::list_service_server::ListService;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{
    GetSecretsRequest, GetSecretsResponse, ListPluginsRequest, ListPluginsResponse, Plugin,
};
use tonic::{Code, Request, Response, Status};

use crate::http::caller::{Caller, check_request};
use crate::plugins::plugin_health::DEGRADED_WAIT;
use crate::plugins::registry::{PluginHandle, PluginKind, PluginState, RegisteredPlugin, Registry};
use crate::resolve::audit::{AuditCaller, AuditLog, AuditRecord, AuditSecret};
use crate::resolve::cache::{AnswerCache, Fetched, STALE_KEY, Served};
use crate::resolve::policy::{Denied, Policy, SharedPolicy};

/// The engine's resolver and plugin list, over the registry.
#[derive(Debug, Clone)]
pub struct Resolver {
    registry: Arc<Registry>,
    /// Which callers may read which secrets (`policy`).
    policy: Arc<SharedPolicy>,
    /// Where each GetSecrets is recorded, if anywhere (`audit`).
    audit: Option<AuditLog>,
    /// What plugins answered before (`cache`).
    cache: Arc<AnswerCache>,
}

impl Resolver {
    /// A resolver asking the plugins of `registry` through `cache`, under
    /// `policy`, recording each request in `audit`.
    pub fn new(
        registry: Arc<Registry>,
        policy: Arc<SharedPolicy>,
        audit: Option<AuditLog>,
        cache: Arc<AnswerCache>,
    ) -> Self {
        Resolver {
            registry,
            policy,
            audit,
            cache,
        }
    }

    /// The registry it resolves from.
    pub fn registry(&self) -> &Arc<Registry> {
        &self.registry
    }

    /// The cache it asks plugins through.
    pub fn cache(&self) -> &Arc<AnswerCache> {
        &self.cache
    }
}

/// What one plugin answered for one request.
enum Outcome {
    /// Its pattern and the request share no ID: it was not asked.
    OutOfScope,
    /// It has nothing for the request.
    NotFound,
    /// It answered with these envelopes (already checked and stamped).
    Found(Vec<Envelope>),
    /// It failed or timed out: the reason, for logs and the client.
    Failed(String),
}

#[tonic::async_trait]
impl ResolverService for Resolver {
    async fn get_secrets(
        &self,
        request: Request<GetSecretsRequest>,
    ) -> Result<Response<GetSecretsResponse>, Status> {
        let Some(audit) = &self.audit else {
            return self.resolve(request).await;
        };
        let (time, started) = (SystemTime::now(), Instant::now());
        let caller = request
            .extensions()
            .get::<Caller>()
            .map(|caller| AuditCaller {
                uid: caller.uid,
                gid: Some(caller.gid),
                pid: caller.pid,
                executable: caller.executable.clone(),
            });
        let pattern = request.get_ref().pattern.clone().unwrap_or_default();
        let answer = self.resolve(request).await;
        let (returned, outcome) = match &answer {
            Ok(response) => (
                response
                    .get_ref()
                    .envelopes
                    .iter()
                    .map(|envelope| AuditSecret {
                        id: envelope.id.clone().unwrap_or_default(),
                        provider: envelope.provider.clone().unwrap_or_default(),
                        stale: envelope.metadata.contains_key(STALE_KEY),
                    })
                    .collect(),
                "ok",
            ),
            Err(status) => (Vec::new(), connect_runtime::error::code_name(status.code())),
        };
        audit.record(AuditRecord {
            time,
            caller,
            pattern,
            returned,
            outcome,
            latency: started.elapsed(),
        });
        answer
    }
}

impl Resolver {
    /// `GetSecrets` itself, without the audit record.
    pub(crate) async fn resolve(
        &self,
        request: Request<GetSecretsRequest>,
    ) -> Result<Response<GetSecretsResponse>, Status> {
        check_request(&request)?;
        let caller = request.extensions().get::<Caller>().cloned();
        let text = request.into_inner().pattern.unwrap_or_default();
        let pattern = Pattern::parse(text).map_err(|e| Status::invalid_argument(e.to_string()))?;
        let policy = self.policy.load_full();
        // A request for one ID is decided before any plugin is asked.
        if let Some(policy) = &policy
            && pattern.is_id()
            && let Ok(id) = SecretId::parse(pattern.as_str())
            && let Err(denied) = policy.decide(caller.as_ref(), &id)
        {
            log_denied(caller.as_ref(), &pattern, &denied, 1);
            return Err(Status::permission_denied(format!(
                "{} does not allow this caller to read {id}",
                denied.by()
            )));
        }
        crate::resolve::access::check_access(&self.registry, &pattern, caller.as_ref()).await?;
        let plugins = self.registry.serving();
        // The default engine: one builtin plugin, nothing to join and no
        // list of outcomes to allocate.
        let found = if let [only] = &plugins[..] {
            answer(&pattern, [(only, ask(&self.cache, only, &pattern).await)])
        } else {
            let outcomes = join_all(
                plugins
                    .iter()
                    .map(|plugin| ask(&self.cache, plugin, &pattern)),
            )
            .await;
            answer(&pattern, plugins.iter().zip(outcomes))
        };
        match &policy {
            Some(policy) if !pattern.is_id() => {
                apply_policy(policy, caller.as_ref(), &pattern, found?)
            }
            _ => found,
        }
    }
}

/// Leaves out of a wildcard request's answer the secrets `policy` denies
/// the caller; `permission_denied` if that is all of them.
fn apply_policy(
    policy: &Policy,
    caller: Option<&Caller>,
    pattern: &Pattern,
    mut response: Response<GetSecretsResponse>,
) -> Result<Response<GetSecretsResponse>, Status> {
    let envelopes = &mut response.get_mut().envelopes;
    let mut first_denial = None;
    let mut denied = 0;
    envelopes.retain(|envelope| {
        // Every ID in an answer was checked (`accept`).
        let Ok(id) = SecretId::parse(envelope.id.as_deref().unwrap_or_default()) else {
            return false;
        };
        match policy.decide(caller, &id) {
            Ok(()) => true,
            Err(denial) => {
                denied += 1;
                first_denial.get_or_insert(denial);
                false
            }
        }
    });
    let Some(denial) = first_denial else {
        return Ok(response);
    };
    log_denied(caller, pattern, &denial, denied);
    if response.get_ref().envelopes.is_empty() {
        return Err(Status::permission_denied(format!(
            "{} does not allow this caller to read any of the {denied} secrets matching {pattern}",
            denial.by()
        )));
    }
    Ok(response)
}

/// One log line per request the policy denied something of.
fn log_denied(caller: Option<&Caller>, pattern: &Pattern, denial: &Denied, secrets: usize) {
    tracing::warn!(
        uid = caller.map(|c| c.uid),
        pid = caller.and_then(|c| c.pid),
        executable = ?caller.and_then(|c| c.executable.as_deref()),
        %pattern,
        secrets,
        by = %denial.by(),
        "policy denied secrets to a caller"
    );
}

/// The answer to a request from what each plugin in scope answered, merged
/// in plugin order.
fn answer<'a>(
    pattern: &Pattern,
    outcomes: impl IntoIterator<Item = (&'a RegisteredPlugin, Outcome)>,
) -> Result<Response<GetSecretsResponse>, Status> {
    let mut envelopes = Vec::new();
    let mut failures = Vec::new();
    for (plugin, outcome) in outcomes {
        match outcome {
            // The usual case, one plugin with an answer: its list is the answer.
            Outcome::Found(found) if envelopes.is_empty() => envelopes = found,
            Outcome::Found(found) => envelopes.extend(found),
            Outcome::Failed(reason) => {
                tracing::warn!(plugin = %plugin.name, %pattern, ?reason, "plugin failed");
                failures.push(format!("{} ({reason})", plugin.name));
            }
            Outcome::OutOfScope | Outcome::NotFound => {}
        }
    }
    tracing::debug!(%pattern, results = envelopes.len(), "GetSecrets");
    if !envelopes.is_empty() {
        return Ok(Response::new(GetSecretsResponse { envelopes }));
    }
    if failures.is_empty() {
        Err(Status::not_found("secret not found"))
    } else {
        Err(Status::unavailable(format!(
            "no secret found, and plugins that may have it failed: {}",
            failures.join(", ")
        )))
    }
}

#[tonic::async_trait]
impl ListService for Resolver {
    async fn list_plugins(
        &self,
        request: Request<ListPluginsRequest>,
    ) -> Result<Response<ListPluginsResponse>, Status> {
        check_request(&request)?;
        let plugins = self
            .registry
            .listing()
            .into_iter()
            // The January API knows only secrets providers.
            .filter(|p| !p.access_control)
            .map(|p| {
                let (state, reason) = match p.state {
                    PluginState::Running => match p.degraded {
                        Some(timeouts) => (
                            wire::PluginState::Degraded,
                            Some(format!("its last {timeouts} calls timed out")),
                        ),
                        None => (wire::PluginState::Running, None),
                    },
                    PluginState::Restarting(why) => (wire::PluginState::Restarting, Some(why)),
                    PluginState::Failed(why) => (wire::PluginState::Failed, Some(why)),
                };
                let (version, pattern) = p.registered.unzip();
                Plugin {
                    name: Some(p.name),
                    version,
                    pattern,
                    // As in the Go engine: launched plugins count as external.
                    external: Some(p.kind != PluginKind::Builtin),
                    state: state.into(),
                    state_reason: reason,
                }
            })
            .collect();
        Ok(Response::new(ListPluginsResponse { plugins }))
    }
}

/// Asks one plugin for its share of `request`.
async fn ask(cache: &AnswerCache, plugin: &RegisteredPlugin, request: &Pattern) -> Outcome {
    // A request for one ID (the usual case): the share is that ID or
    // nothing, known without building a set.
    if request.is_id() {
        if !plugin.pattern.matches_id_pattern(request) {
            return Outcome::OutOfScope;
        }
        return call(cache, plugin, request, request).await;
    }
    let share = narrow(&plugin.pattern, request);
    if share.is_empty() {
        return Outcome::OutOfScope;
    }
    // The usual case: one call, nothing to merge.
    if let Some(pattern) = share.as_single() {
        return call(cache, plugin, pattern, request).await;
    }
    let answers = join_all(
        share
            .iter()
            .map(|pattern| call(cache, plugin, pattern, request)),
    )
    .await;
    let mut found = Vec::new();
    let mut failure = None;
    for answer in answers {
        match answer {
            Outcome::Found(envelopes) => found.extend(envelopes),
            Outcome::Failed(reason) => failure = Some(reason),
            Outcome::NotFound | Outcome::OutOfScope => {}
        }
    }
    // The patterns of a share may overlap; keep one envelope per ID (a
    // stable sort leaves the first of each ID first).
    found.sort_by(|a, b| a.id.cmp(&b.id));
    found.dedup_by(|later, first| later.id == first.id);
    match (found.is_empty(), failure) {
        (false, failure) => {
            if let Some(reason) = failure {
                tracing::warn!(plugin = %plugin.name, ?reason, "plugin failed for part of a request");
            }
            Outcome::Found(found)
        }
        (true, Some(reason)) => Outcome::Failed(reason),
        (true, None) => Outcome::NotFound,
    }
}

/// One call to a plugin for `pattern` (part of its share of `request`), under
/// its timeout, with panics contained; through the cache, unless the plugin
/// is the in-memory file store.
async fn call(
    cache: &AnswerCache,
    plugin: &RegisteredPlugin,
    pattern: &Pattern,
    request: &Pattern,
) -> Outcome {
    let found = match &plugin.resolver {
        // In memory and synchronous: nothing to time out.
        PluginHandle::File(store) => {
            match std::panic::catch_unwind(AssertUnwindSafe(|| store.find(pattern))) {
                Ok(found) => found,
                Err(_panic) => return Outcome::Failed("panicked".to_owned()),
            }
        }
        // Never among the plugins asked for secrets.
        PluginHandle::AccessControl(_) => return Outcome::OutOfScope,
        PluginHandle::Service(service) => {
            let fetch = || call_service(plugin, service, pattern);
            match cache.answer(plugin, pattern.as_str(), fetch).await {
                Served::Found(found) => found,
                Served::NotFound => return Outcome::NotFound,
                Served::Failed(reason) => return Outcome::Failed(reason),
                Served::Stale(found, reason) => {
                    tracing::warn!(plugin = %plugin.name, %pattern, ?reason, secrets = found.len(), "plugin unavailable; serving its last answer, marked stale");
                    found
                }
            }
        }
    };
    let mut envelopes = accept(plugin, request, found);
    // A plugin that repeats an ID does not get to double it: the first
    // envelope for each ID is kept, in the plugin's order.
    let answered = envelopes.len();
    if request.is_id() {
        envelopes.truncate(1);
    } else if !envelopes.windows(2).all(|pair| pair[0].id < pair[1].id) {
        // Only an answer not in ascending ID order (which cannot repeat one)
        // pays for a set.
        let mut seen = HashSet::with_capacity(answered);
        envelopes.retain(|e| seen.insert(e.id.clone()));
    }
    if envelopes.len() < answered {
        tracing::debug!(plugin = %plugin.name, dropped = answered - envelopes.len(), "kept the first of repeated envelopes for an ID");
    }
    if envelopes.is_empty() {
        Outcome::NotFound
    } else {
        Outcome::Found(envelopes)
    }
}

/// What a call through the resolver trait came to: its answer, its error,
/// or the panic it was stopped by.
type Finished = Result<Result<Response<GetSecretsResponse>, Status>, Box<dyn Any + Send>>;

/// `call` through the resolver trait, uncached.
async fn call_service(
    plugin: &RegisteredPlugin,
    service: &Arc<dyn ResolverService>,
    pattern: &Pattern,
) -> Fetched {
    let asked = Request::new(GetSecretsRequest {
        pattern: Some(pattern.as_str().to_owned()),
    });
    let health = plugin.health.of(pattern);
    if health.is_degraded() {
        return call_degraded(plugin, pattern, service.clone(), asked).await;
    }
    let mut call = AssertUnwindSafe(service.get_secrets(asked)).catch_unwind();
    // In-process plugins usually answer on the first poll; only a call that
    // has to wait needs a timer (arming one per call costs ~5% of throughput).
    let finished = match (&mut call).now_or_never() {
        Some(finished) => Ok(finished),
        None => tokio::time::timeout(plugin.timeout, call).await,
    };
    match finished {
        Err(_) => {
            health.timed_out();
            Fetched::Failed {
                reason: format!("timed out after {:?}", plugin.timeout),
                unavailable: true,
            }
        }
        Ok(finished) => {
            health.answered();
            outcome_of(finished)
        }
    }
}

/// A call of `pattern`'s shape to a plugin degraded for it (see
/// `plugin_health`): at most one is out at a time, and the request waits for
/// it at most `DEGRADED_WAIT`, leaving it to finish in the background within
/// the plugin's own timeout.
async fn call_degraded(
    plugin: &RegisteredPlugin,
    pattern: &Pattern,
    service: Arc<dyn ResolverService>,
    asked: Request<GetSecretsRequest>,
) -> Fetched {
    // Owned, so the probe's end can be counted after this request.
    let (plugin_health, pattern) = (plugin.health.clone(), pattern.clone());
    let health = plugin_health.of(&pattern);
    if !health.start_probe() {
        return Fetched::Failed {
            reason: "degraded (it keeps timing out): not asked while its last call is out"
                .to_owned(),
            unavailable: true,
        };
    }
    // Owned, so it can outlive this request.
    let mut probe = Box::pin(async move {
        AssertUnwindSafe(service.get_secrets(asked))
            .catch_unwind()
            .await
    });
    let wait = DEGRADED_WAIT.min(plugin.timeout);
    match tokio::time::timeout(wait, &mut probe).await {
        Ok(finished) => {
            health.end_probe();
            health.answered();
            outcome_of(finished)
        }
        Err(_) => {
            let rest = plugin.timeout.saturating_sub(wait);
            tokio::spawn(async move {
                let health = plugin_health.of(&pattern);
                match tokio::time::timeout(rest, probe).await {
                    Ok(_) => health.answered(),
                    Err(_) => health.timed_out(),
                }
                health.end_probe();
            });
            Fetched::Failed {
                reason: format!("degraded (it keeps timing out): no answer within {wait:?}"),
                unavailable: true,
            }
        }
    }
}

/// What a finished call came to. A plugin that could not be reached (its
/// session gone, restarting, its backend down) is unavailable; one that
/// answered an error is believed.
fn outcome_of(finished: Finished) -> Fetched {
    match finished {
        Err(_panic) => Fetched::Failed {
            reason: "panicked".to_owned(),
            unavailable: true,
        },
        Ok(Ok(response)) => Fetched::found(response.into_inner().envelopes),
        Ok(Err(status)) if status.code() == Code::NotFound => Fetched::NotFound,
        Ok(Err(status)) => Fetched::Failed {
            reason: format!(
                "{}: {}",
                connect_runtime::error::code_name(status.code()),
                status.message()
            ),
            unavailable: matches!(
                status.code(),
                Code::Unavailable | Code::DeadlineExceeded | Code::Cancelled | Code::Unknown
            ),
        },
    }
}

/// Checks and stamps a plugin's envelopes: an ID outside the request or the
/// plugin's pattern is dropped (and logged); `provider` is the plugin's name;
/// absent fields are filled as the Go engine sends them.
///
/// Both are checked, not the pattern the plugin was asked for: that one is
/// inside the plugin's pattern but, when `narrow` gives up on an exact answer,
/// not inside the request.
fn accept(plugin: &RegisteredPlugin, request: &Pattern, envelopes: Vec<Envelope>) -> Vec<Envelope> {
    let now = Timestamp::now();
    envelopes
        .into_iter()
        .filter_map(|mut envelope| {
            if !in_scope(plugin, request, envelope.id.as_deref().unwrap_or_default()) {
                return None;
            }
            envelope.provider = Some(plugin.name.clone());
            envelope.version.get_or_insert_with(String::new);
            envelope.created_at.get_or_insert(Timestamp::GO_ZERO);
            envelope.expires_at.get_or_insert(Timestamp::GO_ZERO);
            if envelope.resolved_at.is_none_or(|t| t.is_unset()) {
                envelope.resolved_at = Some(now);
            }
            Some(envelope)
        })
        .collect()
}

/// Whether `id`, returned by `plugin` for `request`, is a valid ID that both
/// match; logs why not.
fn in_scope(plugin: &RegisteredPlugin, request: &Pattern, id: &str) -> bool {
    // The usual case, a request for one ID answered with it: a pattern
    // without wildcards has the ID grammar, and the plugin was only asked
    // because its pattern holds that ID (`narrow`).
    if request.is_id() && id == request.as_str() {
        return true;
    }
    let Ok(parsed) = SecretId::parse(id) else {
        tracing::warn!(plugin = %plugin.name, id = ?id, "dropped an envelope with an invalid ID");
        return false;
    };
    if !request.matches(&parsed) || !plugin.pattern.matches(&parsed) {
        tracing::warn!(
            plugin = %plugin.name, id = %parsed, request = %request,
            "dropped an envelope outside the request or the plugin's pattern"
        );
        return false;
    }
    true
}
