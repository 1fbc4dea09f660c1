//! The cache against a model: random sequences of sets, removes, expiring
//! secrets, plugin crashes and restarts, clock advances and requests. Every
//! answer must be the one the model predicts; in particular nothing stale is
//! served past `max_stale`, nothing expired ever, and nothing stale while
//! the plugin answers.

mod common;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use proptest::prelude::*;
use protojson_wkt::Timestamp;
use secrets_engine::test_door::{
    AnswerCache, CacheSettings, Fetched, PluginKind, RegisteredPlugin, STALE_KEY, Served,
};
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;

const ID: &str = "db/password";

#[derive(Debug, Clone)]
enum Op {
    /// The plugin now has the secret with this value, expiring after
    /// the given milliseconds if set.
    Set(u32, Option<u64>),
    Remove,
    /// The plugin goes down: every call fails as unavailable.
    Crash,
    /// It comes back as a new registration.
    Restart,
    Advance(u64),
    Request,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (any::<u32>(), proptest::option::of(1u64..400)).prop_map(|(v, ttl)| Op::Set(v, ttl)),
        1 => Just(Op::Remove),
        1 => Just(Op::Crash),
        1 => Just(Op::Restart),
        3 => (0u64..300).prop_map(Op::Advance),
        5 => Just(Op::Request),
    ]
}

/// What the model expects a request to be answered with.
#[derive(Debug, PartialEq)]
enum Expected {
    Found(u32),
    Stale(u32),
    NotFound,
    Failed,
}

/// A secret in the plugin: its value and when it expires.
type Secret = (u32, Option<u64>);

/// The plugin's state and what the cache should remember, in milliseconds
/// since the start.
#[derive(Debug, Default)]
struct Model {
    max_age: u64,
    not_found: u64,
    max_stale: u64,
    now: u64,
    /// The plugin's secret: value, expiry time.
    secret: Option<Secret>,
    down: bool,
    registration: u32,
    /// The remembered answer: when, the secret (value, expiry) or not found,
    /// and the registration that gave it.
    kept: Option<(u64, Option<Secret>, u32)>,
}

impl Model {
    /// What the plugin answers now: `None` when it is down.
    fn plugin(&self) -> Option<Option<Secret>> {
        if self.down {
            return None;
        }
        Some(
            self.secret
                .filter(|(_, expires)| expires.is_none_or(|at| self.now < at)),
        )
    }

    fn fresh_until(&self, fetched: u64, answer: &Option<Secret>) -> u64 {
        match answer {
            Some((_, expires)) => (fetched + self.max_age).min(expires.unwrap_or(u64::MAX)),
            None => fetched + self.max_age.min(self.not_found),
        }
    }

    fn stale_until(&self, fetched: u64, answer: &Option<Secret>) -> u64 {
        match answer {
            Some((_, expires)) if self.max_stale > 0 => (self.fresh_until(fetched, answer)
                + self.max_stale)
                .min(expires.unwrap_or(u64::MAX)),
            _ => fetched,
        }
    }

    fn request(&mut self) -> Expected {
        if let Some((fetched, answer, registration)) = self.kept
            && registration == self.registration
            && self.now < self.fresh_until(fetched, &answer)
        {
            return answer.map_or(Expected::NotFound, |(v, _)| Expected::Found(v));
        }
        match self.plugin() {
            Some(answer) => {
                let (fresh, stale) = (
                    self.fresh_until(self.now, &answer),
                    self.stale_until(self.now, &answer),
                );
                self.kept =
                    (fresh.max(stale) > self.now).then_some((self.now, answer, self.registration));
                answer.map_or(Expected::NotFound, |(v, _)| Expected::Found(v))
            }
            None => match self.kept {
                Some((fetched, answer @ Some((value, expires)), _))
                    if self.now < self.stale_until(fetched, &answer)
                        && expires.is_none_or(|at| self.now < at) =>
                {
                    Expected::Stale(value)
                }
                _ => Expected::Failed,
            },
        }
    }
}

fn registration(counter: u32) -> RegisteredPlugin {
    struct Never;
    #[tonic::async_trait]
    impl secrets_engine_api::resolver::v1::resolver_service_server::ResolverService for Never {
        async fn get_secrets(
            &self,
            _: tonic::Request<secrets_engine_api::resolver::v1::GetSecretsRequest>,
        ) -> Result<
            tonic::Response<secrets_engine_api::resolver::v1::GetSecretsResponse>,
            tonic::Status,
        > {
            unreachable!("the cache is given its fetch directly")
        }
    }
    let mut plugin = common::plugin("model", "**", Duration::from_secs(5), Arc::new(Never));
    plugin.kind = PluginKind::Launched;
    plugin.version = format!("v1.0.{counter}");
    plugin
}

fn run(max_age: u64, not_found: u64, max_stale: u64, ops: Vec<Op>) -> Result<(), TestCaseError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .unwrap();
    runtime.block_on(async {
        let cache = AnswerCache::new(CacheSettings {
            max_age: Duration::from_millis(max_age),
            not_found_age: Duration::from_millis(not_found),
            max_stale: Duration::from_millis(max_stale),
            ..CacheSettings::default()
        });
        let mut model = Model {
            max_age,
            not_found,
            max_stale,
            ..Model::default()
        };
        let mut plugin = registration(0);
        for (step, op) in ops.into_iter().enumerate() {
            match op {
                Op::Set(value, ttl) => model.secret = Some((value, ttl.map(|t| model.now + t))),
                Op::Remove => model.secret = None,
                Op::Crash => model.down = true,
                Op::Restart => {
                    model.down = false;
                    model.registration += 1;
                    plugin = registration(model.registration);
                }
                Op::Advance(ms) => {
                    tokio::time::advance(Duration::from_millis(ms)).await;
                    model.now += ms;
                }
                Op::Request => {
                    let answer = model.plugin();
                    let now = model.now;
                    let fetch = || async move {
                        match answer {
                            None => Fetched::Failed {
                                reason: "down".into(),
                                unavailable: true,
                            },
                            Some(None) => Fetched::NotFound,
                            Some(Some((value, expires))) => Fetched::found(vec![Envelope {
                                id: Some(ID.into()),
                                value: Some(value.to_string().into_bytes()),
                                expires_at: expires.map(|at| {
                                    Timestamp::from(
                                        SystemTime::now() + Duration::from_millis(at - now),
                                    )
                                }),
                                ..Default::default()
                            }]),
                        }
                    };
                    let served = match cache.answer(&plugin, ID, fetch).await {
                        Served::Found(found) => {
                            prop_assert!(!found[0].metadata.contains_key(STALE_KEY));
                            Expected::Found(value_of(&found))
                        }
                        Served::Stale(found, _) => {
                            prop_assert!(found[0].metadata.contains_key(STALE_KEY));
                            Expected::Stale(value_of(&found))
                        }
                        Served::NotFound => Expected::NotFound,
                        Served::Failed(_) => Expected::Failed,
                    };
                    let expected = model.request();
                    prop_assert_eq!(
                        served,
                        expected,
                        "step {} at {} ms: {:?}",
                        step,
                        model.now,
                        model
                    );
                }
            }
        }
        Ok(())
    })
}

fn value_of(found: &[Envelope]) -> u32 {
    assert_eq!(found.len(), 1);
    String::from_utf8_lossy(found[0].value.as_deref().unwrap_or_default())
        .parse()
        .expect("a value the model set")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_cache_answers_as_the_model_says(
        max_age in prop_oneof![Just(0u64), 1u64..500],
        not_found in 0u64..300,
        max_stale in prop_oneof![Just(0u64), 1u64..800],
        ops in proptest::collection::vec(op(), 1..80),
    ) {
        run(max_age, not_found, max_stale, ops)?;
    }
}

/// A thousand identical calls at once, the plugin slow to answer and its
/// answers not kept at all: it is asked once, and every caller gets its
/// answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_identical_calls_reach_the_plugin_once() {
    use std::sync::atomic::{AtomicU32, Ordering};
    let cache = AnswerCache::new(CacheSettings {
        max_age: Duration::ZERO,
        ..CacheSettings::default()
    });
    let plugin = registration(0);
    let calls = AtomicU32::new(0);
    let fetch = || async {
        calls.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(200)).await;
        Fetched::found(vec![Envelope {
            id: Some(ID.into()),
            value: Some(b"shared".to_vec()),
            ..Default::default()
        }])
    };
    let answers =
        futures_util::future::join_all((0..1000).map(|_| cache.answer(&plugin, ID, fetch))).await;
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    for answer in answers {
        let Served::Found(found) = answer else {
            panic!("{answer:?}")
        };
        assert_eq!(found[0].value.as_deref(), Some(&b"shared"[..]));
    }
}
