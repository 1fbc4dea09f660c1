//! The OpenBao plugin against real OpenBao servers (`scripts/openbao`),
//! launched by a real engine and asked through its socket with our client.

mod common;

use std::time::{Duration, Instant};

use common::{Bao, Engine, text};
use futures_util::StreamExt;
use secrets_engine_client::{Error, WatchEventKind};
use serde_json::json;

/// Engine settings that make every request reach the plugin.
const UNCACHED: &str = "[cache.openbao]\nmax_age_ms = 0\nnot_found_ms = 0\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kv_secret_is_served_with_its_version_fields_and_metadata() {
    let bao = Bao::dev();
    bao.put(
        "team/db",
        json!({ "value": "s3cret", "user": "admin", "port": 5432 }),
    )
    .await;
    bao.api(
        "POST",
        "secret/metadata/team/db",
        json!({ "custom_metadata": { "owner": "platform" } }),
    )
    .await;
    let engine = Engine::start(
        &[("BAO_ADDR", bao.addr()), ("BAO_TOKEN", bao.root_token())],
        "",
        UNCACHED,
    )
    .await;

    let secret = engine.client.get_secret("team/db").await.expect("served");
    assert_eq!(text(&secret), "s3cret");
    assert_eq!(secret.version, "1");
    assert_eq!(secret.provider, "openbao");
    assert_eq!(secret.metadata["user"], "admin");
    assert_eq!(secret.metadata["port"], "5432");
    assert_eq!(secret.metadata["openbao.custom.owner"], "platform");
    assert_eq!(secret.metadata["openbao.path"], "secret/team/db");
    assert!(!secret.metadata.contains_key("value"));
    assert!(secret.created_at.is_some());

    // A secret without a `value` field is all its fields, as JSON.
    bao.put("team/pair", json!({ "user": "u", "password": "p" }))
        .await;
    let pair = engine.client.get_secret("team/pair").await.unwrap();
    let fields: serde_json::Value = serde_json::from_str(&text(&pair)).unwrap();
    assert_eq!(fields, json!({ "user": "u", "password": "p" }));

    // A miss, and a secret whose latest version was deleted.
    let missing = engine.client.get_secret("team/nope").await.unwrap_err();
    assert!(matches!(missing, Error::NotFound { .. }), "{missing}");
    bao.api("DELETE", "secret/data/team/pair", serde_json::Value::Null)
        .await;
    let deleted = engine.client.get_secret("team/pair").await.unwrap_err();
    assert!(matches!(deleted, Error::NotFound { .. }), "{deleted}");

    // A new version is served as such.
    bao.put("team/db", json!({ "value": "rotated" })).await;
    let rotated = engine.client.get_secret("team/db").await.unwrap();
    assert_eq!(
        (text(&rotated).as_str(), rotated.version.as_str()),
        ("rotated", "2")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wildcards_list_every_page_of_thousands_of_secrets() {
    let bao = Bao::dev();
    let count = 2500;
    futures_util::stream::iter(0..count)
        .for_each_concurrent(32, |i| {
            let bao = &bao;
            async move {
                bao.put(
                    &format!("many/s{i:05}"),
                    json!({ "value": format!("v{i}") }),
                )
                .await;
            }
        })
        .await;
    bao.put("many/deeper/one", json!({ "value": "d1" })).await;
    bao.put("many/deeper/two/three", json!({ "value": "d3" }))
        .await;
    bao.put("elsewhere/x", json!({ "value": "x" })).await;
    // Pages of 100: 25 LIST calls for `many/`.
    let engine = Engine::start(
        &[
            ("BAO_ADDR", bao.addr()),
            ("BAO_TOKEN", bao.root_token()),
            ("SECRETS_OPENBAO_PAGE", "100"),
        ],
        "",
        UNCACHED,
    )
    .await;

    let one_level = engine.client.get_secrets("many/*").await.unwrap();
    assert_eq!(one_level.len(), count, "every page, no folder");
    assert_eq!(text(&one_level[0]), "v0");
    assert!(one_level.iter().all(|s| !s.id.as_str().contains("deeper")));

    let all_below = engine.client.get_secrets("many/**").await.unwrap();
    assert_eq!(all_below.len(), count + 2);
    let deep: Vec<&str> = all_below
        .iter()
        .filter(|s| s.id.as_str().starts_with("many/deeper"))
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(deep, ["many/deeper/one", "many/deeper/two/three"]);

    let inner = engine.client.get_secrets("*/deeper/**").await.unwrap();
    assert_eq!(inner.len(), 2);
    let everything = engine.client.get_secrets("**").await.unwrap();
    assert_eq!(everything.len(), count + 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_watcher_sees_an_update_made_in_openbao() {
    let bao = Bao::dev();
    bao.put("app/key", json!({ "value": "one" })).await;
    // The engine's default cache: the plugin's change report is what makes
    // the update seen before the cache age.
    let engine = Engine::start(
        &[("BAO_ADDR", bao.addr()), ("BAO_TOKEN", bao.root_token())],
        "cache_max_age_ms = 60000\nwatch_poll_ms = 60000\n",
        "",
    )
    .await;
    let mut watch = engine.client.watch("app/*", true).await.unwrap();
    let mut current = Vec::new();
    loop {
        let event = watch.next().await.unwrap().unwrap();
        if event.kind == WatchEventKind::Synced {
            break;
        }
        current.push(event);
    }
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].kind, WatchEventKind::Current);

    let changed_at = Instant::now();
    bao.put("app/key", json!({ "value": "two" })).await;
    let event = tokio::time::timeout(Duration::from_secs(10), watch.next())
        .await
        .expect("an event within 10 s (poll every 200 ms)")
        .unwrap()
        .unwrap();
    assert_eq!(event.kind, WatchEventKind::Updated);
    assert_eq!(event.version, "2");
    assert_eq!(event.value.as_ref().map(|v| v.expose()), Some(&b"two"[..]));
    eprintln!(
        "update seen by the watcher after {:?}",
        changed_at.elapsed()
    );

    bao.put("app/new", json!({ "value": "n" })).await;
    let created = tokio::time::timeout(Duration::from_secs(10), watch.next())
        .await
        .expect("a creation event")
        .unwrap()
        .unwrap();
    assert_eq!(created.kind, WatchEventKind::Created);
    assert_eq!(created.id.unwrap().as_str(), "app/new");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_lived_token_is_renewed_before_it_expires() {
    let bao = Bao::dev();
    bao.policy(
        "reader",
        r#"path "secret/data/*" { capabilities = ["read"] }"#,
    )
    .await;
    bao.put("svc/token-test", json!({ "value": "ok" })).await;
    // Renewed at two thirds of its life: 10 s leaves a loaded machine over
    // 3 s to do it.
    let token = bao.token(&["reader"], "10s").await;
    let engine = Engine::start(
        &[("BAO_ADDR", bao.addr()), ("BAO_TOKEN", &token)],
        "",
        UNCACHED,
    )
    .await;
    assert_eq!(
        text(&engine.client.get_secret("svc/token-test").await.unwrap()),
        "ok"
    );
    // More than twice its lifetime later, the token still works: it was
    // renewed (an expired token's lookup is refused, and `api` panics).
    tokio::time::sleep(Duration::from_secs(22)).await;
    let later = engine.client.get_secret("svc/token-test").await;
    assert_eq!(
        later.as_ref().map(text).ok().as_deref(),
        Some("ok"),
        "{later:?}\n{}",
        engine.log()
    );
    let lookup = bao
        .api("POST", "auth/token/lookup", json!({ "token": token }))
        .await;
    assert!(
        lookup["data"]["last_renewal_time"].is_number(),
        "renewed: {lookup}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approle_logs_in_and_again_when_its_token_is_revoked_or_expires() {
    let bao = Bao::dev();
    bao.policy(
        "reader",
        r#"path "secret/data/*" { capabilities = ["read"] }"#,
    )
    .await;
    bao.put("svc/approle", json!({ "value": "via-approle" }))
        .await;
    bao.api("POST", "sys/auth/approle", json!({ "type": "approle" }))
        .await;
    // Tokens that live 2 s and can be renewed for 4 s at most: the plugin
    // must log in again, not only renew.
    bao.api(
        "POST",
        "auth/approle/role/engine",
        json!({ "token_policies": ["reader"], "token_ttl": "2s", "token_max_ttl": "4s" }),
    )
    .await;
    let role_id = bao
        .api("GET", "auth/approle/role/engine/role-id", json!(null))
        .await["data"]["role_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let secret_id = bao
        .api("POST", "auth/approle/role/engine/secret-id", json!({}))
        .await["data"]["secret_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let role_file = bao.dir.path().join("role-id");
    let secret_file = bao.dir.path().join("secret-id");
    std::fs::write(&role_file, format!("{role_id}\n")).unwrap();
    std::fs::write(&secret_file, &secret_id).unwrap();
    let engine = Engine::start(
        &[
            ("BAO_ADDR", bao.addr()),
            ("SECRETS_OPENBAO_ROLE_ID_FILE", role_file.to_str().unwrap()),
            (
                "SECRETS_OPENBAO_SECRET_ID_FILE",
                secret_file.to_str().unwrap(),
            ),
        ],
        "",
        UNCACHED,
    )
    .await;
    let read = || async {
        engine
            .client
            .get_secret("svc/approle")
            .await
            .map(|s| text(&s))
    };
    assert_eq!(read().await.unwrap(), "via-approle");

    // Every token AppRole gave out is revoked: the next read logs in again.
    bao.api(
        "PUT",
        "sys/leases/revoke-prefix/auth/approle/login",
        serde_json::Value::Null,
    )
    .await;
    assert_eq!(read().await.unwrap(), "via-approle", "{}", engine.log());

    // Past the tokens' maximum lifetime, reads go on.
    for _ in 0..6 {
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(read().await.unwrap(), "via-approle", "{}", engine.log());
    }
    assert!(
        !engine.log().contains(&secret_id),
        "the secret ID never reaches the log"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_path_is_permission_denied_naming_the_policy_path_not_the_token() {
    let bao = Bao::dev();
    bao.policy(
        "team-only",
        r#"path "secret/data/team/*" { capabilities = ["read"] }
path "secret/metadata/team/*" { capabilities = ["list"] }"#,
    )
    .await;
    bao.put("team/db", json!({ "value": "t" })).await;
    bao.put("other/db", json!({ "value": "o" })).await;
    let token = bao.token(&["team-only"], "1m").await;
    let engine = Engine::start(
        &[("BAO_ADDR", bao.addr()), ("BAO_TOKEN", &token)],
        "",
        UNCACHED,
    )
    .await;
    assert_eq!(
        text(&engine.client.get_secret("team/db").await.unwrap()),
        "t"
    );
    let refused = engine.client.get_secret("other/db").await.unwrap_err();
    let message = refused.to_string();
    assert!(
        message.contains("permission denied") && message.contains("secret/data/other/db"),
        "{message}"
    );
    assert!(!message.contains(&token), "{message}");
    assert!(
        !engine.log().contains(&token),
        "the token never reaches the log"
    );
    // Listing a folder the policy does not allow is refused the same way.
    let listing = engine.client.get_secrets("other/*").await.unwrap_err();
    assert!(
        listing.to_string().contains("secret/metadata/other/"),
        "{listing}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sealed_server_is_unavailable_and_the_engine_may_serve_its_last_answer() {
    let bao = Bao::dev();
    bao.put("svc/sealed", json!({ "value": "before" })).await;
    let engine = Engine::start(
        &[("BAO_ADDR", bao.addr()), ("BAO_TOKEN", bao.root_token())],
        "cache_max_age_ms = 0\ncache_max_stale_ms = 60000\n",
        "[cache.other]\nmax_age_ms = 0\n",
    )
    .await;
    assert_eq!(
        text(&engine.client.get_secret("svc/sealed").await.unwrap()),
        "before"
    );
    assert!(engine.client.get_secret("svc/absent").await.is_err());

    bao.seal().await;
    // The last answer, marked stale.
    let stale = engine.client.get_secret("svc/sealed").await.unwrap();
    assert_eq!(text(&stale), "before");
    assert!(stale.metadata.contains_key("secrets-engine.stale-since"));
    // With nothing to fall back on, the sealed server is `unavailable`.
    let never_read = engine
        .client
        .get_secret("svc/never-read")
        .await
        .unwrap_err();
    assert!(
        matches!(&never_read, Error::Unavailable(m) if m.contains("sealed") || m.contains("503")),
        "{never_read}"
    );

    bao.unseal().await;
    let fresh = engine.client.get_secret("svc/sealed").await.unwrap();
    assert!(!fresh.metadata.contains_key("secrets-engine.stale-since"));
}

/// What the engine answered while the cluster's leader was killed.
struct Failover {
    /// The longest time without a fresh answer.
    gap: Duration,
    fresh: usize,
    stale: usize,
}

/// Kills the leader of a cluster whose every node the plugin knows, and
/// asks the engine every 50 ms for 8 s: every request must be answered,
/// fresh or (the engine's offline fallback) marked stale.
async fn kill_the_leader(forward_reads: bool) -> Failover {
    let bao = Bao::cluster(forward_reads);
    bao.put("ha/db", json!({ "value": "replicated" })).await;
    let addrs = bao.addrs().join(",");
    let engine = Engine::start(
        &[
            ("BAO_ADDR", &addrs),
            ("BAO_TOKEN", bao.root_token()),
            ("SECRETS_OPENBAO_TIMEOUT_MS", "1000"),
        ],
        "cache_max_age_ms = 0\ncache_max_stale_ms = 120000\nplugin_timeout_ms = 4000\n",
        "",
    )
    .await;
    assert_eq!(
        text(&engine.client.get_secret("ha/db").await.unwrap()),
        "replicated"
    );

    let leader = bao.api("GET", "sys/leader", json!(null)).await["leader_address"]
        .as_str()
        .unwrap()
        .to_owned();
    let node = bao
        .addrs()
        .iter()
        .position(|a| *a == leader)
        .expect("the leader is one of the nodes")
        + 1;
    let pid = std::fs::read_to_string(bao.dir.path().join(format!("node{node}.pid"))).unwrap();
    let killed_at = Instant::now();
    let killed = std::process::Command::new("kill")
        .args(["-KILL", pid.trim()])
        .status()
        .unwrap();
    assert!(killed.success());

    let (mut stale, mut fresh) = (0, 0);
    let mut last_fresh = killed_at;
    let mut gap = Duration::ZERO;
    while killed_at.elapsed() < Duration::from_secs(8) {
        let secret = engine.client.get_secret("ha/db").await;
        let secret = secret.unwrap_or_else(|e| panic!("{e}\n{}", engine.log()));
        assert_eq!(text(&secret), "replicated");
        if secret.metadata.contains_key("secrets-engine.stale-since") {
            stale += 1;
        } else {
            fresh += 1;
            gap = gap.max(last_fresh.elapsed());
            last_fresh = Instant::now();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    gap = gap.max(last_fresh.elapsed());
    // A survivor leads now.
    let survivor = bao.addrs().into_iter().find(|a| *a != leader).unwrap();
    let new_leader = bao
        .api_at(&survivor, "GET", "sys/leader", json!(null))
        .await;
    assert_ne!(new_leader["leader_address"].as_str(), Some(leader.as_str()));
    Failover { gap, fresh, stale }
}

/// OpenBao's default: a standby answers reads from its own copy. The
/// plugin's next address answers at once if that copy has caught up with
/// what the plugin has already seen (`X-Vault-Index`); if not, it refuses,
/// rather than answer older data, until it has, and the engine's last
/// answer stands in meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_leader_dies_a_standby_answers() {
    let failover = kill_the_leader(false).await;
    eprintln!(
        "leader killed, standbys read: longest time without a fresh answer {:?}; {} fresh, {} stale",
        failover.gap, failover.fresh, failover.stale
    );
    assert!(failover.fresh > 0, "a standby or the new leader answers");
}

/// Standbys that forward reads cannot answer until a new leader is
/// elected: the engine serves its last answer, marked stale, meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_leader_dies_and_no_node_can_answer_the_engine_serves_its_last_answer() {
    let failover = kill_the_leader(true).await;
    eprintln!(
        "leader killed, reads forwarded: longest time without a fresh answer {:?}; {} fresh, {} stale",
        failover.gap, failover.fresh, failover.stale
    );
    assert!(
        failover.stale > 0,
        "no node could answer during the election"
    );
    assert!(failover.fresh > 0, "the new leader answers");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_too_large_to_hold_is_a_clear_error_not_a_pinned_buffer() {
    let bao = Bao::dev();
    // 17 MiB, past the 16 MiB the plugin reads of one answer.
    bao.put("big/blob", json!({ "value": "x".repeat(17 << 20) }))
        .await;
    bao.put("big/small", json!({ "value": "fine" })).await;
    let engine = Engine::start(
        &[("BAO_ADDR", bao.addr()), ("BAO_TOKEN", bao.root_token())],
        "",
        UNCACHED,
    )
    .await;
    let refused = engine.client.get_secret("big/blob").await.unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("answered more than 16 MiB for secret/data/big/blob"),
        "{refused}"
    );
    assert_eq!(
        text(&engine.client.get_secret("big/small").await.unwrap()),
        "fine"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_is_trusted_only_with_the_servers_ca() {
    let bao = Bao::dev_tls();
    assert!(bao.addr().starts_with("https://"));
    bao.put("tls/db", json!({ "value": "over-tls" })).await;
    let untrusted = Engine::start(
        &[("BAO_ADDR", bao.addr()), ("BAO_TOKEN", bao.root_token())],
        "",
        UNCACHED,
    )
    .await;
    let refused = untrusted.client.get_secret("tls/db").await.unwrap_err();
    assert!(
        matches!(&refused, Error::Unavailable(m) if m.contains("certificate")),
        "{refused}"
    );
    drop(untrusted);

    let ca = bao.env["BAO_CACERT"].clone();
    let trusted = Engine::start(
        &[
            ("BAO_ADDR", bao.addr()),
            ("BAO_TOKEN", bao.root_token()),
            ("BAO_CACERT", &ca),
        ],
        "",
        UNCACHED,
    )
    .await;
    assert_eq!(
        text(&trusted.client.get_secret("tls/db").await.unwrap()),
        "over-tls"
    );
}

/// Set up as the `vault` CLI leaves things: `VAULT_ADDR`, and the token
/// `login` wrote to `~/.vault-token`, read again when it is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vault_variables_and_the_login_token_file_are_used() {
    let bao = Bao::dev();
    bao.policy(
        "reader",
        r#"path "secret/data/*" { capabilities = ["read"] }"#,
    )
    .await;
    bao.put("cli/db", json!({ "value": "from-cli-login" }))
        .await;
    let home = tempfile::tempdir().unwrap();
    let first = bao.token(&["reader"], "1m").await;
    std::fs::write(home.path().join(".vault-token"), &first).unwrap();
    let engine = Engine::start(
        &[
            ("VAULT_ADDR", bao.addr()),
            ("HOME", home.path().to_str().unwrap()),
        ],
        "",
        UNCACHED,
    )
    .await;
    assert_eq!(
        text(&engine.client.get_secret("cli/db").await.unwrap()),
        "from-cli-login"
    );

    // The token is revoked and a new `login` writes another: the next read
    // uses it.
    bao.api("POST", "auth/token/revoke", json!({ "token": first }))
        .await;
    let second = bao.token(&["reader"], "1m").await;
    std::fs::write(home.path().join(".vault-token"), &second).unwrap();
    assert_eq!(
        text(&engine.client.get_secret("cli/db").await.unwrap()),
        "from-cli-login",
        "{}",
        engine.log()
    );
}
