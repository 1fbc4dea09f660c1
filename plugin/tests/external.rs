//! The SDK against the real engine, as an external plugin through its socket.

use std::time::Duration;

use secrets_core::Pattern;
use secrets_engine::Engine;
use secrets_engine::config::EngineConfig;
use secrets_engine_plugin::{PluginConfig, PluginError, StaticSecrets, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The plugin under test: one secret.
fn one() -> StaticSecrets {
    StaticSecrets::from_values([("sdk/one", "sdk-one-value")]).expect("valid id")
}

async fn get(socket: &std::path::Path, pattern: &str) -> (u16, String) {
    let mut stream = tokio::net::UnixStream::connect(socket)
        .await
        .expect("connect");
    let body = format!(r#"{{"pattern":"{pattern}"}}"#);
    let request = format!(
        "POST /resolver.v1.ResolverService/GetSecrets HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("read");
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, answer)
}

async fn engine() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let config = EngineConfig::parse("", dir.path()).expect("config");
    let engine = Engine::start(&socket, config).await.expect("engine");
    tokio::spawn(engine.serve(std::future::pending()));
    (dir, socket)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sdk_plugin_serves_through_the_engine() {
    let (_dir, socket) = engine().await;
    let config = PluginConfig::new("v0.1.0", Pattern::parse("sdk/**").expect("pattern"))
        .with_name("sdk-plugin")
        .with_socket(&socket);
    let plugin = tokio::spawn(serve(one(), config));

    let mut served = None;
    for _ in 0..100 {
        let (status, answer) = get(&socket, "sdk/*").await;
        if status == 200 {
            served = Some(answer);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let answer = served.expect("the plugin's secret is served through the engine");
    assert!(answer.contains(r#""provider":"sdk-plugin""#), "{answer}");
    assert!(answer.contains("c2RrLW9uZS12YWx1ZQ=="), "{answer}");
    // Times the plugin left out are filled as Docker's SDK fills them, so an
    // engine that reads absence as 1970 never sees one missing.
    assert!(
        answer.contains(r#""createdAt":"0001-01-01T00:00:00Z""#),
        "{answer}"
    );
    assert!(
        answer.contains(r#""expiresAt":"0001-01-01T00:00:00Z""#),
        "{answer}"
    );
    assert!(!plugin.is_finished());
    plugin.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_registration_is_an_error_with_the_engines_reason() {
    let (_dir, socket) = engine().await;
    let config = PluginConfig::new("1.0.0", Pattern::parse("sdk/**").expect("pattern"))
        .with_name("sdk-plugin")
        .with_socket(&socket);
    let error = tokio::time::timeout(Duration::from_secs(5), serve(one(), config))
        .await
        .expect("returns")
        .expect_err("refused");
    assert!(matches!(error, PluginError::Registration { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        "failed to register plugin sdk-plugin: internal: parsing version: missing version prefix"
    );
}

#[tokio::test]
async fn no_engine_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nothing.sock");
    let config = PluginConfig::new("v0.1.0", Pattern::parse("**").expect("pattern"))
        .with_name("p")
        .with_socket(&missing);
    let error = serve(one(), config).await.expect_err("no engine");
    assert!(
        error.to_string().starts_with("failed to connect to socket"),
        "{error}"
    );
}

/// A provider written the short way: the parsed pattern in, `Secret`s out.
struct Vault;

#[secrets_engine_plugin::async_trait]
impl secrets_engine_plugin::Provider for Vault {
    async fn get_secrets(
        &self,
        pattern: &Pattern,
    ) -> Result<Vec<secrets_engine_plugin::Secret>, secrets_engine_plugin::ProviderError> {
        if pattern.as_str() == "vault/down" {
            return Err(secrets_engine_plugin::ProviderError::Unavailable(
                "the vault is sealed".into(),
            ));
        }
        let secret = secrets_engine_plugin::Secret::new("vault/db".parse().expect("id"), "pw")
            .with_version("v7")
            .with_metadata("owner", "team-a")
            .expires_at(std::time::UNIX_EPOCH + Duration::from_secs(4_102_444_800));
        Ok([secret]
            .into_iter()
            .filter(|s| pattern.matches(&s.id))
            .collect())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_serves_its_fields_and_errors_through_the_engine() {
    let (_dir, socket) = engine().await;
    let config = PluginConfig::new("v0.1.0", Pattern::parse("vault/**").expect("pattern"))
        .with_name("vault")
        .with_socket(&socket);
    let plugin = tokio::spawn(secrets_engine_plugin::serve_provider(Vault, config));
    let mut answer = None;
    for _ in 0..100 {
        let (status, body) = get(&socket, "vault/*").await;
        if status == 200 {
            answer = Some(body);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let answer = answer.expect("served through the engine");
    for expected in [
        r#""id":"vault/db""#,
        r#""value":"cHc=""#,
        r#""provider":"vault""#,
        r#""version":"v7""#,
        r#""createdAt":"0001-01-01T00:00:00Z""#,
        r#""expiresAt":"2100-01-01T00:00:00Z""#,
        r#""metadata":{"owner":"team-a"}"#,
    ] {
        assert!(answer.contains(expected), "{expected} in {answer}");
    }
    // Nothing found is not_found; the provider's own error keeps its code.
    assert_eq!(get(&socket, "vault/none").await.0, 404);
    let (status, body) = get(&socket, "vault/down").await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("the vault is sealed"), "{body}");
    plugin.abort();
}

/// A provider whose one secret's value can be changed under it.
struct Changing(std::sync::Arc<std::sync::Mutex<String>>);

#[secrets_engine_plugin::async_trait]
impl secrets_engine_plugin::Provider for Changing {
    async fn get_secrets(
        &self,
        pattern: &Pattern,
    ) -> Result<Vec<secrets_engine_plugin::Secret>, secrets_engine_plugin::ProviderError> {
        let value = self.0.lock().unwrap().clone();
        let secret = secrets_engine_plugin::Secret::new("live/db".parse().expect("id"), value);
        Ok([secret]
            .into_iter()
            .filter(|s| pattern.matches(&s.id))
            .collect())
    }
}

/// With a cache age and a watch poll of a minute, a change the plugin
/// reports through its `ChangeNotifier` is still served, and watched, at
/// once; without the report the old value stays for the minute.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_the_plugin_reports_is_served_and_watched_at_once() {
    use futures_util::StreamExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let config = EngineConfig::parse(
        "[engine]\ncache_max_age_ms = 60000\nwatch_poll_ms = 60000\n",
        dir.path(),
    )
    .expect("config");
    let engine = Engine::start(&socket, config).await.expect("engine");
    tokio::spawn(engine.serve(std::future::pending()));
    let value = std::sync::Arc::new(std::sync::Mutex::new("one".to_owned()));
    let notifier = secrets_engine_plugin::ChangeNotifier::new();
    let config = PluginConfig::new("v0.1.0", Pattern::parse("live/**").expect("pattern"))
        .with_name("live")
        .with_socket(&socket)
        .with_change_notifier(notifier.clone());
    let plugin = tokio::spawn(secrets_engine_plugin::serve_provider(
        Changing(value.clone()),
        config,
    ));
    let client = secrets_engine_client::Client::connect(&socket);
    let read = async || {
        let secret = client.get_secret("live/db").await.ok()?;
        Some(String::from_utf8_lossy(secret.value.expose()).into_owned())
    };
    let mut first = None;
    for _ in 0..100 {
        first = read().await;
        if first.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(first.as_deref(), Some("one"));
    let mut watch = client.watch("live/*", true).await.expect("watch");
    let mut next = async || {
        let event = tokio::time::timeout(Duration::from_secs(5), watch.next())
            .await
            .expect("an event in time")
            .expect("the watch goes on")
            .expect("an event");
        let value = event
            .value
            .map(|v| String::from_utf8_lossy(v.expose()).into_owned());
        (event.kind, value)
    };
    use secrets_engine_client::WatchEventKind::{Current, Synced, Updated};
    assert_eq!(next().await, (Current, Some("one".into())));
    assert_eq!(next().await, (Synced, None));

    // Unreported: the engine keeps serving what it has.
    *value.lock().unwrap() = "two".to_owned();
    assert_eq!(read().await.as_deref(), Some("one"), "kept for its age");
    // Reported: served and watched at once.
    notifier.secrets_changed(["live/db".parse().expect("id")]);
    assert_eq!(next().await, (Updated, Some("two".into())));
    assert_eq!(read().await.as_deref(), Some("two"));
    plugin.abort();
}
