//! A plugin of each of Docker's Go SDK generations (v0.0.21, January 2026;
//! v0.3.2, August 2026; built by `scripts/build-go-peers`) through its whole
//! life in this engine, launched from the plugin directory and attached from
//! outside: it registers, serves, survives `kill -9` (the engine relaunches
//! a launched one; an external one is dropped and comes back when its user
//! restarts it), is disabled and enabled through `PluginManagementService`,
//! leaves on its own without being kept waiting, and is shut down cleanly by
//! the engine. The peers' own logs and exit codes are checked, and the
//! engine's log shows it saw each shutdown.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use base64::Engine as _;
use common::{
    Captured, child_pid, get_json, go_peer, go_peer_exits_cleanly, listed, post, start_go_peer,
};
use secrets_engine::Engine;
use secrets_engine::config::EngineConfig;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

mod common;

/// The two SDK generations' plugin peers.
const JANUARY: &str = "sdk-plugin-v0.0.21";
const AUGUST: &str = "sdk-plugin-v0.3.2";

fn engine_log() -> &'static Captured {
    static LOG: OnceLock<Captured> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Captured::default();
        let writer = log.clone();
        let _ = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
            .with_writer(move || writer.clone())
            .try_init();
        log
    })
}

/// Asserts the engine logged exactly one ended shutdown of `plugin`: its
/// answer, or the plugin closing the connection in answer.
fn assert_engine_saw_shutdown(plugin: &str) {
    let text = engine_log().text();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(&format!("plugin={plugin}")))
        .collect();
    let ended = lines
        .iter()
        .filter(|l| {
            l.contains("plugin acknowledged shutdown")
                || l.contains("plugin closed its connection on shutdown")
        })
        .count();
    assert_eq!(ended, 1, "the engine's lines about {plugin}: {lines:#?}");
}

/// This engine on `dir` (disabled plugins remembered in `dir/state`), with
/// `extra` appended to its `[engine]` table.
async fn start_engine(dir: &Path, extra: &str) -> (oneshot::Sender<()>, JoinHandle<()>) {
    engine_log();
    let config = format!(
        "[engine]\nplugin_timeout_ms = 2000\ndisabled_plugins_file = \"state/disabled.json\"\n{extra}"
    );
    let config = EngineConfig::parse(&config, dir).expect("config");
    let engine = Engine::start(&dir.join("engine.sock"), config)
        .await
        .expect("engine starts");
    let (stop, stopped) = oneshot::channel::<()>();
    let serving = tokio::spawn(engine.serve(async {
        let _ = stopped.await;
    }));
    (stop, serving)
}

async fn stop_engine(stop: oneshot::Sender<()>, serving: JoinHandle<()>) {
    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(10), serving)
        .await
        .expect("the engine stops")
        .expect("engine task");
}

/// Waits (up to 10 s) until `GetSecrets id` answers `status`; panics with
/// the peer's log otherwise.
async fn until_status(socket: &Path, id: &str, status: u16, log: &Path) -> serde_json::Value {
    let mut last = None;
    for _ in 0..200 {
        let (got, body) = get_json(socket, id).await;
        if got == status {
            return body;
        }
        last = Some((got, body));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "GetSecrets {id} never answered {status} (last {last:?}); peer log:\n{}",
        std::fs::read_to_string(log).unwrap_or_default()
    );
}

/// Asserts `id` is served by `provider` with `value`.
async fn assert_serves(socket: &Path, id: &str, value: &str, provider: &str, log: &Path) {
    let body = until_status(socket, id, 200, log).await;
    let envelopes = body["envelopes"].as_array().expect("envelopes");
    assert_eq!(envelopes.len(), 1, "{body}");
    assert_eq!(envelopes[0]["id"], id, "{body}");
    assert_eq!(
        envelopes[0]["value"],
        base64::engine::general_purpose::STANDARD.encode(value),
        "{body}"
    );
    assert_eq!(envelopes[0]["provider"], provider, "{body}");
}

/// `plugins.v1` management call `method` (`DisablePlugin`, `EnablePlugin`)
/// on `name`.
async fn manage(socket: &Path, method: &str, name: &str) -> u16 {
    post(
        socket,
        &format!("/plugins.v1.PluginManagementService/{method}"),
        &format!(r#"{{"name":"{name}"}}"#),
    )
    .await
    .0
}

/// The `plugins.v1` listing entry of `name`.
async fn managed(socket: &Path, name: &str) -> serde_json::Value {
    let (status, body) = post(
        socket,
        "/plugins.v1.PluginManagementService/ListPlugins",
        "{}",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let list: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    list["plugins"]
        .as_array()
        .expect("plugins")
        .iter()
        .find(|p| p["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("{name} not listed: {list}"))
}

/// Disabling stops `name` serving at once without stopping it; enabling
/// brings it back; the listing says which.
async fn disable_and_enable(socket: &Path, name: &str, id: &str) {
    assert_eq!(manage(socket, "DisablePlugin", name).await, 200);
    let (status, body) = get_json(socket, id).await;
    assert_eq!(status, 404, "disabled yet served: {body}");
    assert_eq!(managed(socket, name).await["disabled"], true);
    assert_eq!(manage(socket, "EnablePlugin", name).await, 200);
    let (status, body) = get_json(socket, id).await;
    assert_eq!(status, 200, "enabled yet not served: {body}");
    assert_eq!(managed(socket, name).await["disabled"], false);
}

/// The PID of this process's child running `peer` with `argument` (the
/// kernel keeps the first 15 bytes of a command name).
fn peer_pid(peer: &str, argument: &str) -> Option<i32> {
    child_pid(&peer[..peer.len().min(15)], Some(argument))
}

fn kill(pid: i32, signal: nix::sys::signal::Signal) {
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), signal).expect("signal");
}

/// The lines of a Go peer's log that report a problem: its own `exit:` with
/// an error, yamux's `[ERR]`/`[WARN]`, the SDK teardown running out of time.
fn problems(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| {
            (l.starts_with("exit:") && l.trim() != "exit: ok")
                || l.contains("[ERR]")
                || l.contains("[WARN]")
                || l.contains("Timeout expired")
        })
        .collect()
}

async fn launched(peer: &str, name: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let plugins = dir.path().join("plugins");
    std::fs::create_dir(&plugins).expect("plugin dir");
    let log_path = dir.path().join("peer.log");
    let pattern = format!("{name}/**");
    // The engine launches plugins without arguments: a wrapper gives them,
    // and exec keeps the Go process the engine's child (same PID).
    let wrapper = plugins.join(name);
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nexec '{}' -pattern '{pattern}' -secret {name}/token={name}-token-value -secret {name}/bar={name}-bar-value 2>>'{}'\n",
            go_peer(peer).display(),
            log_path.display()
        ),
    )
    .expect("wrapper");
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let (stop, serving) = start_engine(dir.path(), "plugin_dir = \"plugins\"\n").await;

    let token = format!("{name}/token");
    assert_serves(
        &socket,
        &token,
        &format!("{name}-token-value"),
        name,
        &log_path,
    )
    .await;
    let (status, body) = get_json(&socket, &pattern).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["envelopes"].as_array().map(Vec::len), Some(2));
    assert_eq!(get_json(&socket, &format!("{name}/nope")).await.0, 404);
    let entry = managed(&socket, name).await;
    assert_eq!(entry["version"], "v0.1.0", "{entry}");

    // kill -9: the engine launches a new process, which serves again.
    let pid = peer_pid(peer, &pattern).expect("the Go plugin runs as the engine's child");
    kill(pid, nix::sys::signal::Signal::SIGKILL);
    let killed = Instant::now();
    loop {
        let now = peer_pid(peer, &pattern);
        if now.is_some_and(|new| new != pid) && get_json(&socket, &token).await.0 == 200 {
            break;
        }
        assert!(
            killed.elapsed() < Duration::from_secs(10),
            "not back within 10 s of SIGKILL (pid now {now:?}); log:\n{}",
            std::fs::read_to_string(&log_path).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!("{name} back in {:?} after SIGKILL", killed.elapsed());
    let relaunched = peer_pid(peer, &pattern);

    disable_and_enable(&socket, name, &token).await;
    assert_eq!(
        peer_pid(peer, &pattern),
        relaunched,
        "disabling does not stop the process"
    );

    stop_engine(stop, serving).await;
    assert_eq!(peer_pid(peer, &pattern), None, "the Go plugin was reaped");
    let log = std::fs::read_to_string(&log_path).expect("the Go plugin's log");
    eprintln!("{name}'s log:\n{log}");
    // Two runs: the killed one (no last words) and its replacement, shut
    // down by the engine in its own generation's words.
    assert_eq!(
        log.matches(&format!("Plugin {name} registered successfully"))
            .count(),
        2,
        "{log}"
    );
    assert_eq!(log.matches("stopped by the engine").count(), 1, "{log}");
    assert_eq!(log.matches("exit: ok").count(), 1, "{log}");
    assert!(log.trim_end().ends_with("exit: ok"), "{log}");
    assert!(problems(&log).is_empty(), "{:?}", problems(&log));
    assert_engine_saw_shutdown(name);
}

async fn external(peer: &str, name: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let (stop, serving) = start_engine(dir.path(), "launched_plugins = false\n").await;
    let pattern = format!("{name}/**");
    let token = format!("{name}/token");
    let secret = format!("{token}={name}-token-value");
    let args = [
        "-socket",
        socket.to_str().expect("utf-8"),
        "-name",
        name,
        "-pattern",
        &pattern,
        "-secret",
        &secret,
    ];
    let log = |run: u32| dir.path().join(format!("peer-{run}.log"));

    // First run: serves, is disabled and enabled, then is killed -9; the
    // engine drops it.
    let first = start_go_peer(peer, &args, &log(1));
    assert_serves(
        &socket,
        &token,
        &format!("{name}-token-value"),
        name,
        &log(1),
    )
    .await;
    let entry = listed(&socket, name).await.expect("listed");
    assert_eq!(entry["external"], true, "{entry}");
    disable_and_enable(&socket, name, &token).await;
    kill(
        first.id().expect("pid") as i32,
        nix::sys::signal::Signal::SIGKILL,
    );
    until_status(&socket, &token, 404, &log(1)).await;
    assert_eq!(
        listed(&socket, name).await,
        None,
        "a dead plugin is not listed"
    );

    // Second run, as its user restarts it: it leaves on its own (SIGINT) at
    // once, not after the SDK's 2 s wait for streams the engine left open.
    let second = start_go_peer(peer, &args, &log(2));
    assert_serves(
        &socket,
        &token,
        &format!("{name}-token-value"),
        name,
        &log(2),
    )
    .await;
    let calls: Vec<_> = (0..4)
        .map(|_| {
            let socket = socket.clone();
            let token = token.clone();
            tokio::spawn(async move { get_json(&socket, &token).await.0 })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.expect("call"), 200);
    }
    let asked = Instant::now();
    kill(
        second.id().expect("pid") as i32,
        nix::sys::signal::Signal::SIGINT,
    );
    let text = go_peer_exits_cleanly(second, &log(2)).await;
    let took = asked.elapsed();
    assert!(text.contains("stopped by signal interrupt"), "{text}");
    assert!(took < Duration::from_millis(1500), "took {took:?}\n{text}");
    assert!(problems(&text).is_empty(), "{:?}", problems(&text));
    until_status(&socket, &token, 404, &log(2)).await;

    // Third run: shut down by the engine.
    let third = start_go_peer(peer, &args, &log(3));
    assert_serves(
        &socket,
        &token,
        &format!("{name}-token-value"),
        name,
        &log(3),
    )
    .await;
    stop_engine(stop, serving).await;
    let text = go_peer_exits_cleanly(third, &log(3)).await;
    assert!(text.contains("stopped by the engine"), "{text}");
    assert!(problems(&text).is_empty(), "{:?}", problems(&text));
    assert_engine_saw_shutdown(name);

    let first_log = std::fs::read_to_string(log(1)).unwrap_or_default();
    assert!(
        first_log.contains(&format!("Plugin {name} registered successfully")),
        "{first_log}"
    );
    assert!(!first_log.contains("exit:"), "killed -9: {first_log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_launched_january_sdk_plugin_lives_its_whole_life() {
    launched(JANUARY, "jan-launched").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_launched_august_sdk_plugin_lives_its_whole_life() {
    launched(AUGUST, "aug-launched").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_external_january_sdk_plugin_lives_its_whole_life() {
    external(JANUARY, "jan-external").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_external_august_sdk_plugin_lives_its_whole_life() {
    external(AUGUST, "aug-external").await;
}
