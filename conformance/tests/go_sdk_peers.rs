//! Docker's own Go SDK against this project, both ways, with peers built
//! from Docker's published modules (`interop/go-sdk-*`, `scripts/build-go-peers`):
//!
//! - plugins on SDK v0.0.21 (January 2026) and v0.3.2 (August 2026) attach to
//!   this engine, serve, and are shut down by it;
//! - Docker's Go client v0.0.30 gets secrets, the version and the plugin list;
//! - an access-control module on SDK v0.3.2 denies a pattern;
//! - this project's Rust plugin runs under the January Go engine.
//!
//! The peers' own logs and exit codes are checked, not just this side.

use std::path::Path;
use std::time::Duration;

use common::{get_json, go_client, go_peer_exits_cleanly, start_go_peer};
use secrets_engine::Engine;
use secrets_engine::config::EngineConfig;

mod common;

/// This engine on `dir`, with `config`, serving until the sender fires.
async fn our_engine(
    dir: &Path,
    config: &str,
) -> (
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let config = EngineConfig::parse(config, dir).expect("config");
    let engine = Engine::start(&dir.join("engine.sock"), config)
        .await
        .expect("engine starts");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(engine.serve(async {
        let _ = stopped.await;
    }));
    (stop, serving)
}

/// Waits until `pattern` is served (200), or panics with `log`.
async fn until_served(socket: &Path, pattern: &str, log: &Path) -> serde_json::Value {
    for _ in 0..200 {
        let (status, body) = get_json(socket, pattern).await;
        if status == 200 {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "{pattern} never served; peer log:\n{}",
        std::fs::read_to_string(log).unwrap_or_default()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn docker_go_plugins_of_both_generations_and_the_go_client_work_with_this_engine() {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let socket_arg = socket.to_str().expect("utf-8 path");
    let (stop, serving) = our_engine(dir.path(), "").await;

    let aug_log = dir.path().join("aug.log");
    let aug = start_go_peer(
        "sdk-plugin-v0.3.2",
        &[
            "-socket",
            socket_arg,
            "-name",
            "aug",
            "-pattern",
            "aug/**",
            "-secret",
            "aug/a=aug-value",
        ],
        &aug_log,
    );
    let jan_log = dir.path().join("jan.log");
    let jan = start_go_peer(
        "sdk-plugin-v0.0.21",
        &[
            "-socket",
            socket_arg,
            "-name",
            "jan",
            "-pattern",
            "jan/**",
            "-secret",
            "jan/a=jan-value",
        ],
        &jan_log,
    );
    let body = until_served(&socket, "aug/a", &aug_log).await;
    assert_eq!(body["envelopes"][0]["provider"], "aug", "{body}");
    let body = until_served(&socket, "jan/a", &jan_log).await;
    assert_eq!(body["envelopes"][0]["provider"], "jan", "{body}");

    // Docker's Go client: secrets, a miss, the version, the plugin list.
    let (code, out, err) = go_client(&socket, &["get", "**"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(r#""value":"aug-value""#), "{out}");
    assert!(out.contains(r#""value":"jan-value""#), "{out}");
    let (code, _, err) = go_client(&socket, &["get", "none/here"]).await;
    assert_eq!(code, 2);
    assert!(err.contains("secret not found"), "{err}");
    let (code, out, err) = go_client(&socket, &["version"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("v{}", env!("CARGO_PKG_VERSION"))),
        "{out}"
    );
    let (code, out, err) = go_client(&socket, &["plugins"]).await;
    assert_eq!(code, 0, "{err}");
    for name in [r#""name":"aug""#, r#""name":"jan""#] {
        assert!(out.contains(name), "{name} in {out}");
    }

    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(10), serving)
        .await
        .expect("the engine stops")
        .expect("engine task");
    // Each was shut down by the engine in its own generation's words.
    for (child, log) in [(aug, &aug_log), (jan, &jan_log)] {
        let text = go_peer_exits_cleanly(child, log).await;
        assert!(text.contains("stopped by the engine"), "{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_docker_go_access_control_module_denies_through_this_engine() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("secrets.toml"),
        "[secrets.\"secret/x\"]\nvalue = \"no\"\n[secrets.\"ok/y\"]\nvalue = \"yes\"\n",
    )
    .expect("secrets");
    let socket = dir.path().join("engine.sock");
    let (stop, serving) = our_engine(
        dir.path(),
        "[[builtin]]\nname = \"mem\"\nversion = \"v1.0.0\"\npattern = \"**\"\ntype = \"file\"\npath = \"secrets.toml\"\n",
    )
    .await;
    let log = dir.path().join("acm.log");
    let acm = start_go_peer(
        "sdk-acm-v0.3.2",
        &[
            "-socket",
            socket.to_str().expect("utf-8"),
            "-name",
            "acm",
            "-deny",
            "secret/**",
        ],
        &log,
    );
    // Once the module is in, secret/x is denied; ok/y stays served.
    let mut denied = None;
    for _ in 0..200 {
        let (status, body) = get_json(&socket, "secret/x").await;
        if status == 403 {
            denied = Some(body);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let denied = denied.unwrap_or_else(|| {
        panic!(
            "never denied; log:\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        )
    });
    assert_eq!(denied["code"], "permission_denied", "{denied}");
    assert_eq!(get_json(&socket, "ok/y").await.0, 200);
    let (code, _, err) = go_client(&socket, &["get", "secret/x"]).await;
    assert_eq!(code, 2);
    assert!(err.contains("permission_denied"), "{err}");

    let _ = stop.send(());
    serving.await.expect("engine stops");
    let text = go_peer_exits_cleanly(acm, &log).await;
    // The module saw who asked: this test process, by PID.
    assert!(
        text.contains(&format!("check secret/x pid={} ", std::process::id())),
        "{text}"
    );
    assert!(text.contains("-> deny"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rust_plugin_serves_under_the_january_go_engine() {
    use secrets_engine_plugin::{Pattern, PluginConfig, Provider, ProviderError, Secret};
    struct One;
    #[secrets_engine_plugin::async_trait]
    impl Provider for One {
        async fn get_secrets(&self, pattern: &Pattern) -> Result<Vec<Secret>, ProviderError> {
            let secret = Secret::new("rust/one".parse().expect("id"), "rust-value");
            Ok([secret]
                .into_iter()
                .filter(|s| pattern.matches(&s.id))
                .collect())
        }
    }

    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("go-engine.sock");
    let log = dir.path().join("engine.log");
    let engine = start_go_peer(
        "go-engine-v0.0.21",
        &["-socket", socket.to_str().expect("utf-8")],
        &log,
    );
    for _ in 0..200 {
        if socket.exists() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let config = PluginConfig::new("v0.1.0", "rust/**".parse().expect("pattern"))
        .with_name("rusty")
        .with_socket(&socket);
    let plugin = tokio::spawn(secrets_engine_plugin::serve_provider(One, config));
    let body = until_served(&socket, "rust/one", &log).await;
    let envelope = &body["envelopes"][0];
    assert_eq!(envelope["provider"], "rusty", "{body}");
    // Times as Docker's SDK sends them: never the Unix epoch.
    assert_eq!(envelope["createdAt"], "0001-01-01T00:00:00Z", "{body}");
    assert_eq!(envelope["expiresAt"], "0001-01-01T00:00:00Z", "{body}");
    assert!(!body.to_string().contains("1970-01-01"), "{body}");

    // The Go engine shuts it down on SIGTERM; the Rust plugin ends cleanly.
    let pid = engine.id().expect("pid") as i32;
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGTERM,
    )
    .expect("SIGTERM");
    let ended = tokio::time::timeout(Duration::from_secs(10), plugin)
        .await
        .expect("the Rust plugin stops with the engine")
        .expect("plugin task");
    let text = go_peer_exits_cleanly(engine, &log).await;
    assert!(ended.is_ok(), "{ended:?}\n{text}");
    assert!(
        text.contains("Plugin rusty@v0.1.0 registered successfully"),
        "{text}"
    );
}
