//! `watch.v1.WatchService`: a caller's pattern resolved as GetSecrets
//! resolves it (the same policy, access-control modules and cache), then
//! again whenever a builtin store reports a change and at `watch_poll_ms`
//! for plugins that cannot report, each difference sent as an event.
//!
//! A round whose plugins fail (unavailable, timing out) sends nothing: an
//! outage must not look like every secret being deleted.

use std::collections::BTreeMap;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures_util::Stream;
use protojson_wkt::Timestamp;
use secrets_engine_api::resolver::v1::GetSecretsRequest;
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::watch::v1::watch_service_server::WatchService;
use secrets_engine_api::watch::v1::{EventKind, WatchSecretsRequest, WatchSecretsResponse};
use tonic::{Code, Request, Response, Status};

use crate::http::caller::Caller;
use crate::resolve::resolver::Resolver;

/// The least time between two rounds of one watch: a plugin that reports
/// changes without pause costs each watch at most a round per this.
const MIN_ROUND_GAP: Duration = Duration::from_millis(5);

/// The secrets a watch last saw, by ID.
type Seen = BTreeMap<String, Envelope>;

/// The engine's watch service, over its resolver.
#[derive(Debug)]
pub struct Watcher {
    resolver: Arc<Resolver>,
    poll: Duration,
}

impl Watcher {
    /// Watches through `resolver`, asking again every `poll` at least.
    pub fn new(resolver: Arc<Resolver>, poll: Duration) -> Self {
        Watcher { resolver, poll }
    }
}

/// One watch: who asks for what, and what it saw last.
struct Watch {
    resolver: Arc<Resolver>,
    caller: Option<Caller>,
    pattern: String,
    values: bool,
    poll: Duration,
    seen: Seen,
    changes: tokio::sync::watch::Receiver<()>,
    /// Events decided and not yet sent.
    queue: std::collections::VecDeque<WatchSecretsResponse>,
    /// Set once an error was sent: the stream ends.
    ended: bool,
    /// When its last round began.
    last_round: tokio::time::Instant,
}

impl Watch {
    /// The pattern resolved now, as GetSecrets resolves it for the caller;
    /// nothing found is an empty set.
    async fn resolve(&self) -> Result<Seen, Status> {
        let mut request = Request::new(GetSecretsRequest {
            pattern: Some(self.pattern.clone()),
        });
        if let Some(caller) = &self.caller {
            request.extensions_mut().insert(caller.clone());
        }
        match self.resolver.resolve(request).await {
            Ok(answer) => Ok(answer
                .into_inner()
                .envelopes
                .into_iter()
                .map(|e| (e.id.clone().unwrap_or_default(), e))
                .collect()),
            Err(status) if status.code() == Code::NotFound => Ok(Seen::new()),
            Err(status) => Err(status),
        }
    }

    fn event(&self, kind: EventKind, envelope: &Envelope) -> WatchSecretsResponse {
        let sends_value = self.values
            && matches!(
                kind,
                EventKind::Current | EventKind::Created | EventKind::Updated
            );
        WatchSecretsResponse {
            kind: kind.into(),
            id: envelope.id.clone(),
            version: envelope.version.clone(),
            provider: envelope.provider.clone(),
            value: sends_value.then(|| envelope.value.clone().unwrap_or_default()),
            observed_at: Some(Timestamp::now()),
            expires_at: envelope.expires_at.filter(|t| !t.is_unset()),
        }
    }

    /// Queues the differences between what was seen and `now`.
    fn compare(&mut self, now: Seen) {
        let wall = Timestamp::now();
        for (id, old) in &self.seen {
            if !now.contains_key(id) {
                let expired = old
                    .expires_at
                    .filter(|t| !t.is_unset())
                    .is_some_and(|t| (t.seconds, t.nanos) <= (wall.seconds, wall.nanos));
                let kind = if expired {
                    EventKind::Expired
                } else {
                    EventKind::Deleted
                };
                self.queue.push_back(self.event(kind, old));
            }
        }
        for (id, new) in &now {
            match self.seen.get(id) {
                None => self.queue.push_back(self.event(EventKind::Created, new)),
                Some(old) if old.value != new.value || old.version != new.version => {
                    self.queue.push_back(self.event(EventKind::Updated, new))
                }
                Some(_) => {}
            }
        }
        self.seen = now;
    }

    /// The next event: queued, or from the next round that has one. A round
    /// whose plugins are unavailable is skipped; any other error ends the
    /// watch (the caller was refused, say, after a policy reload).
    async fn next(mut self) -> Option<(Result<WatchSecretsResponse, Status>, Self)> {
        if self.ended {
            return None;
        }
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some((Ok(event), self));
            }
            // A change reported, or the poll interval: either way, ask again;
            // but not more often than every `MIN_ROUND_GAP`, however often a
            // plugin reports changes.
            let _ = tokio::time::timeout(self.poll, self.changes.changed()).await;
            tokio::time::sleep_until(self.last_round + MIN_ROUND_GAP).await;
            self.last_round = tokio::time::Instant::now();
            match self.resolve().await {
                Ok(now) => self.compare(now),
                Err(status) if status.code() == Code::Unavailable => {}
                Err(status) => {
                    self.ended = true;
                    return Some((Err(status), self));
                }
            }
        }
    }
}

#[tonic::async_trait]
impl WatchService for Watcher {
    type WatchSecretsStream =
        Pin<Box<dyn Stream<Item = Result<WatchSecretsResponse, Status>> + Send + 'static>>;

    async fn watch_secrets(
        &self,
        request: Request<WatchSecretsRequest>,
    ) -> Result<Response<Self::WatchSecretsStream>, Status> {
        let caller = request.extensions().get::<Caller>().cloned();
        let request = request.into_inner();
        let mut watch = Watch {
            resolver: self.resolver.clone(),
            caller,
            pattern: request.pattern.unwrap_or_default(),
            values: request.include_values.unwrap_or(false),
            poll: self.poll,
            seen: Seen::new(),
            changes: self.resolver.cache().changes(),
            queue: Default::default(),
            ended: false,
            last_round: tokio::time::Instant::now(),
        };
        // The first answer decides whether the watch starts at all: a bad
        // pattern, a denied caller or plugins unavailable get their error
        // now, as GetSecrets would.
        let first = watch.resolve().await?;
        for envelope in first.values() {
            watch
                .queue
                .push_back(watch.event(EventKind::Current, envelope));
        }
        watch.queue.push_back(WatchSecretsResponse {
            kind: EventKind::Synced.into(),
            observed_at: Some(SystemTime::now().into()),
            ..Default::default()
        });
        watch.seen = first;
        Ok(Response::new(Box::pin(futures_util::stream::unfold(
            watch,
            Watch::next,
        ))))
    }
}
