//! A launched plugin's life as `ListPlugins` shows it: running, restarting
//! after it died (its IDs answer `unavailable`), failed when it never came
//! up; and its end when the engine stops: asked to shut down, it exits by
//! itself and is reaped.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use common::{Captured, listed, memplugin_pid, status_of};
use secrets_engine::Engine;
use secrets_engine::config::EngineConfig;
use secrets_engine_conformance::world;

mod common;

/// Both tests look for "the child named memplugin": one at a time.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn executable(path: &Path, script: &str) {
    std::fs::write(path, script).expect("write script");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// Polls `ListPlugins` until `name`'s entry satisfies `want`.
async fn until_listed(
    socket: &Path,
    name: &str,
    want: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let mut last = None;
    for _ in 0..200 {
        last = listed(socket, name).await;
        if last.as_ref().is_some_and(&want) {
            return last.unwrap_or_default();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{name} never reached the expected state; last seen {last:?}");
}

fn reason(entry: &serde_json::Value) -> &str {
    entry["stateReason"].as_str().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_plugins_shows_running_restarting_and_failed() {
    let _serial = SERIAL.lock().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let plugins = dir.path().join("plugins");
    std::fs::create_dir(&plugins).expect("plugin dir");
    std::fs::copy(env!("CARGO_BIN_EXE_memplugin"), plugins.join("memplugin")).expect("copy");
    executable(
        &plugins.join("broken"),
        "#!/bin/sh\necho nope >&2\nexit 3\n",
    );
    let mut config = EngineConfig::load(&world::config_path()).expect("world config");
    config.plugin_dir = plugins.clone();
    let engine = Engine::start(&socket, config).await.expect("engine");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(engine.serve(async {
        let _ = stopped.await;
    }));
    // The first request, sent as the engine starts, already finds the
    // launched plugin's secret: the engine answers once its plugins had
    // their first try, as the Go engine does.
    assert_eq!(status_of(&socket, "launched/foo").await, 200);

    let memplugin = until_listed(&socket, "memplugin", |p| {
        p["state"] == "PLUGIN_STATE_RUNNING"
    })
    .await;
    assert_eq!(memplugin["version"], "v0.1.0");
    assert_eq!(memplugin["pattern"], "launched/**");
    assert!(memplugin.get("stateReason").is_none(), "{memplugin}");
    // A plugin that never registers is listed as failed, with why.
    let broken = until_listed(&socket, "broken", |p| p["state"] == "PLUGIN_STATE_FAILED").await;
    assert!(
        reason(&broken).contains("exited: exit status: 3"),
        "{broken}"
    );
    assert!(broken.get("pattern").is_none(), "{broken}");
    assert_eq!(status_of(&socket, "launched/foo").await, 200);

    // memplugin dies, and its replacement on disk cannot register: it stays
    // listed as restarting, with its last version and pattern, and its IDs
    // answer `unavailable`.
    executable(&plugins.join("memplugin.new"), "#!/bin/sh\nexit 4\n");
    std::fs::rename(plugins.join("memplugin.new"), plugins.join("memplugin")).expect("replace");
    let pid = memplugin_pid().expect("memplugin runs as our child");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGKILL,
    )
    .expect("SIGKILL");
    let memplugin = until_listed(&socket, "memplugin", |p| {
        p["state"] == "PLUGIN_STATE_RESTARTING" && reason(p).contains("exit status: 4")
    })
    .await;
    assert_eq!(memplugin["version"], "v0.1.0");
    assert_eq!(memplugin["pattern"], "launched/**");
    assert_eq!(status_of(&socket, "launched/foo").await, 503);
    assert_eq!(
        status_of(&socket, "foo").await,
        200,
        "the builtin still serves"
    );

    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(10), serving)
        .await
        .expect("the engine stops")
        .expect("task");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopping_engine_asks_its_launched_plugin_to_shut_down() {
    let _serial = SERIAL.lock().await;
    let logs = Captured::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
        .with_writer(move || writer.clone())
        .init();

    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let running = world::start(&socket, Path::new(env!("CARGO_BIN_EXE_memplugin")))
        .await
        .expect("the world starts");
    assert_eq!(status_of(&socket, "launched/foo").await, 200);
    assert!(memplugin_pid().is_some());
    tokio::time::timeout(Duration::from_secs(10), running.stop())
        .await
        .expect("the engine stops within its shutdown bounds");

    let text = logs.text();
    let lines_about = |plugin: &str, what: &str| {
        text.lines()
            .filter(|l| l.contains(&format!("plugin={plugin}")) && l.contains(what))
            .count()
    };
    assert_eq!(
        lines_about("memplugin", "plugin acknowledged shutdown"),
        1,
        "{text}"
    );
    assert_eq!(
        lines_about("ext-plugin", "plugin acknowledged shutdown"),
        1,
        "{text}"
    );
    // It exited by itself, before any signal.
    assert_eq!(
        lines_about("memplugin", "plugin stopped status=exited: exit status: 0"),
        1,
        "{text}"
    );
    assert!(!text.contains("SIGINT"), "{text}");
    // Reaped: no process (not even a zombie) is left.
    assert_eq!(memplugin_pid(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_launches_new_plugins_and_stops_removed_ones() {
    let _serial = SERIAL.lock().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let plugins = dir.path().join("plugins");
    std::fs::create_dir(&plugins).expect("plugin dir");
    let mut config = EngineConfig::load(&world::config_path()).expect("world config");
    config.plugin_dir = plugins.clone();
    let engine = Engine::start(&socket, config.clone())
        .await
        .expect("engine");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (reload, reloads) = tokio::sync::mpsc::channel(1);
    let serving = tokio::spawn(engine.serve_with_reloads(
        async {
            let _ = stopped.await;
        },
        reloads,
    ));
    assert_eq!(status_of(&socket, "launched/foo").await, 404);
    assert!(listed(&socket, "memplugin").await.is_none());

    // A new executable in the plugin directory: launched on reload.
    std::fs::copy(env!("CARGO_BIN_EXE_memplugin"), plugins.join("memplugin")).expect("copy");
    reload.send(config.clone()).await.expect("reload");
    until_listed(&socket, "memplugin", |p| {
        p["state"] == "PLUGIN_STATE_RUNNING"
    })
    .await;
    assert_eq!(status_of(&socket, "launched/foo").await, 200);
    assert!(memplugin_pid().is_some());

    // Removed: stopped, unlisted and reaped on the next reload.
    std::fs::remove_file(plugins.join("memplugin")).expect("remove");
    reload.send(config.clone()).await.expect("reload");
    for _ in 0..200 {
        if listed(&socket, "memplugin").await.is_none() && memplugin_pid().is_none() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(listed(&socket, "memplugin").await.is_none());
    assert_eq!(memplugin_pid(), None);
    assert_eq!(status_of(&socket, "launched/foo").await, 404);

    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(10), serving)
        .await
        .expect("the engine stops")
        .expect("task");
}
