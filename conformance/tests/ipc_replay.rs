//! The recorded Go plugin traffic (`fixtures/upstream/ipc_*`) replayed frame
//! by frame against this engine: the test plays the Go plugin's bytes and
//! checks the engine's frames and calls by meaning
//! (`secrets_engine_conformance::ipc_replay`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use secrets_core::Pattern;
use secrets_engine::Engine;
use secrets_engine::config::{EngineConfig, PluginSessionSettings};
use secrets_engine::test_door::{Origin, Registry, SessionOutcome, run_session};
use secrets_engine_conformance::ipc_replay::{
    ConnectionReport, FIXTURES, Recording, Triggers, replay_connection,
};
use secrets_engine_conformance::world::{self, world_plugin};
use secrets_engine_plugin::{PluginConfig, serve};
use tokio::net::UnixStream;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

/// This engine in the world of the recordings (`fixtures/WORLD.md`): named
/// `upstream-engine`, version `v0.0.0-ref`, with `builtin-mem`. The replayed
/// plugin is the only other plugin (nothing is launched).
struct Running {
    socket: PathBuf,
    registry: Arc<Registry>,
    settings: PluginSessionSettings,
    stop: Option<oneshot::Sender<()>>,
    engine: JoinHandle<()>,
    _dir: tempfile::TempDir,
}

async fn start_engine() -> Running {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let mut config = EngineConfig::load(&world::config_path()).expect("world config");
    config.plugins.engine_version = "v0.0.0-ref".to_owned();
    config.launched_plugins = false;
    config.server.external_plugins = true;
    let settings = config.plugins.clone();
    let engine = Engine::start(&socket, config).await.expect("engine starts");
    let registry = engine.registry().clone();
    let (stop, stopped) = oneshot::channel::<()>();
    let engine = tokio::spawn(engine.serve(async {
        let _ = stopped.await;
    }));
    Running {
        socket,
        registry,
        settings,
        stop: Some(stop),
        engine,
        _dir: dir,
    }
}

impl Running {
    fn names(&self) -> Vec<String> {
        self.registry
            .snapshot()
            .iter()
            .map(|p| p.name.clone())
            .collect()
    }

    /// Waits until `name` is (or is not) registered.
    async fn until_registered(&self, name: &str, registered: bool) {
        for _ in 0..250 {
            if self.names().iter().any(|n| n == name) == registered {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!(
            "{name} registered: expected {registered}; registry {:?}",
            self.names()
        );
    }

    fn triggers(&mut self) -> Triggers {
        let stop = self.stop.take();
        Triggers {
            socket: self.socket.clone(),
            stop_engine: stop.map(|stop| {
                Box::new(move || {
                    let _ = stop.send(());
                }) as Box<dyn FnOnce() + Send>
            }),
        }
    }

    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = tokio::time::timeout(Duration::from_secs(10), self.engine).await;
    }
}

fn assert_passed(report: &ConnectionReport, what: &str) {
    assert!(
        report.differences.is_empty(),
        "{what}:\n  {}\nnotes:\n  {}",
        report.differences.join("\n  "),
        report.notes.join("\n  ")
    );
}

fn recording(name: &str) -> Recording {
    let recording = Recording::load(name).expect("recording loads");
    assert!(!recording.connections.is_empty(), "{name}: no connections");
    recording
}

/// Replays connection `number` of `recording` over a fresh connection to
/// the engine socket.
async fn replay_external(
    running: &Running,
    recording: &Recording,
    number: u32,
    triggers: &mut Triggers,
) -> ConnectionReport {
    let conn = recording
        .connection(number)
        .unwrap_or_else(|| panic!("{}: no connection {number}", recording.name));
    let io = UnixStream::connect(&running.socket)
        .await
        .expect("dial the engine socket");
    replay_connection(io, recording, conn, triggers).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ipc_external_plugin_replays() {
    let recording = recording("ipc_external_plugin");
    let mut running = start_engine().await;
    let mut triggers = running.triggers();

    // conn1: upgrade, registration, GetSecrets hit and miss, then the plugin
    // goes away (GoAway, EOF) and is removed.
    let report = replay_external(&running, &recording, 1, &mut triggers).await;
    assert_passed(&report, "conn1");
    running.until_registered("ext-plugin", false).await;

    // conn2: the same plugin registers again and is asked for `ext/*`.
    // It ends when the engine stops: Shutdown, then the plugin goes away.
    let report = replay_external(&running, &recording, 2, &mut triggers).await;
    assert_passed(&report, "conn2");
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ipc_launched_plugin_replays() {
    let recording = recording("ipc_launched_plugin");
    let mut running = start_engine().await;
    // Stopping the engine also stops this connection's plugin, as the
    // engine's supervisor does for the plugins it launched.
    let (stop_plugin, plugin_stopped) = watch::channel(false);
    let mut triggers = running.triggers();
    let stop_engine = triggers.stop_engine.take();
    triggers.stop_engine = Some(Box::new(move || {
        let _ = stop_plugin.send(true);
        if let Some(stop_engine) = stop_engine {
            stop_engine();
        }
    }));
    // The recording is the socketpair's bytes from the first yamux frame
    // on; the engine's end of a launched plugin's socketpair is served by
    // `attach` with the launched name, exactly as the supervisor does after
    // spawning the process. (Spawning, FD 3, the launch variable and SIGINT
    // are the supervisor's, covered by `launched_crash.rs` and the world.)
    let (engine_end, plugin_end) = UnixStream::pair().expect("socketpair");
    let attached = tokio::spawn(run_session(
        engine_end,
        running.registry.clone(),
        running.settings.clone(),
        Origin::Launched("memplugin".to_owned()),
        plugin_stopped,
    ));
    let conn = recording.connection(1).expect("conn1");
    let report = replay_connection(plugin_end, &recording, conn, &mut triggers).await;
    assert_passed(&report, "conn1");
    let attached = tokio::time::timeout(Duration::from_secs(5), attached)
        .await
        .expect("the connection ends with the plugin's EOF")
        .expect("attach task");
    assert_eq!(
        attached,
        SessionOutcome::Registered {
            version: "v0.1.0".to_owned(),
            pattern: Pattern::parse("launched/**").expect("pattern"),
            access_control: false,
        }
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ipc_register_raw_replays() {
    let recording = recording("ipc_register_raw");
    assert_eq!(recording.connections.len(), 4, "accepted + three refusals");
    let mut running = start_engine().await;
    let mut triggers = running.triggers();
    for conn in &recording.connections {
        let report = replay_external(&running, &recording, conn.number, &mut triggers).await;
        assert_passed(&report, &format!("conn{}", conn.number));
    }
    // Only the valid registration ever made it into the registry, and it left
    // with its connection.
    running.until_registered("raw-ok", false).await;
    for refused in ["raw-badpattern", "raw-badversion", ""] {
        assert!(!running.names().iter().any(|n| n == refused), "{refused:?}");
    }
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ipc_external_plugin_rejected_replays() {
    let recording = recording("ipc_external_plugin_rejected");
    let mut running = start_engine().await;
    let mut triggers = running.triggers();
    // The recording was made while the world's `ext-plugin` was attached:
    // attach it (the plugin SDK, as in the world) so that the name is taken.
    let ext_config = PluginConfig::new("v0.1.0", Pattern::parse("ext/**").expect("pattern"))
        .with_name("ext-plugin")
        .with_socket(Path::new(&running.socket));
    let ext = world_plugin(&[("ext/one", "ext-one-value"), ("ext/two", "ext-two-value")]);
    let ext_plugin = tokio::spawn(async move { serve(ext, ext_config).await });
    running.until_registered("ext-plugin", true).await;

    // conn1: a second `ext-plugin` is refused (deviation: already_exists).
    let report = replay_external(&running, &recording, 1, &mut triggers).await;
    assert_passed(&report, "conn1");
    // conn2: any non-empty name is accepted; the plugin then goes away.
    let report = replay_external(&running, &recording, 2, &mut triggers).await;
    assert_passed(&report, "conn2");
    running.until_registered("bad name!", false).await;
    assert!(
        running.names().iter().any(|n| n == "ext-plugin"),
        "the first ext-plugin is untouched by the refused one"
    );
    ext_plugin.abort();
    running.stop().await;
}

/// A new `ipc_*` recording gets a replay here too.
#[test]
fn every_ipc_recording_is_replayed() {
    let mut found: Vec<String> = std::fs::read_dir(secrets_engine_conformance::upstream_dir())
        .expect("fixtures")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| Some(n.strip_prefix("ipc_")?.strip_suffix(".txt")?.to_owned()))
        .map(|n| format!("ipc_{n}"))
        .collect();
    found.sort();
    let mut listed: Vec<String> = FIXTURES.iter().map(|f| (*f).to_owned()).collect();
    listed.sort();
    assert_eq!(found, listed);
}
