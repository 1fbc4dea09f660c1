//! Our engine against a real Go peer: `interop/go-plugin`, a plugin built in
//! this test on the libraries Docker's Go SDK uses (hashicorp/yamux v0.1.2 as
//! the yamux client, net/http both ways), launched from the plugin directory
//! (FD 3) and attached from outside (`/hijack`). Every Go plugin in the wild
//! talks to us through exactly these two libraries, so this is where
//! rust-yamux and hyper meet them.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use base64::Engine as _;
use common::{Captured, child_pid, listed, post};
use secrets_engine::Engine;
use secrets_engine::config::EngineConfig;
use secrets_engine_conformance::world;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

mod common;

/// Builds the Go plugin once per test binary; both tests share it.
fn go_plugin() -> &'static Path {
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match BUILT.get_or_init(build_go_plugin) {
        Ok(path) => path,
        Err(why) => panic!("{why}"),
    }
}

fn build_go_plugin() -> Result<PathBuf, String> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../interop/go-plugin");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("go-plugin/goplugin");
    let started = Instant::now();
    // The module is its own root (interop/go-plugin/go.mod), so build from
    // there. -mod=readonly: go.sum is committed and must already be right;
    // -buildvcs=false: the stamp would run git on the workspace for nothing.
    let output = std::process::Command::new("go")
        .args(["build", "-o"])
        .arg(&out)
        .arg(".")
        .current_dir(&source)
        .env("GOFLAGS", "-mod=readonly -buildvcs=false")
        .output()
        .map_err(|e| {
            format!(
                "cannot run `go build` in {} ({e}): this test needs the Go toolchain \
                 (https://go.dev/dl) and the Go module proxy or a warm module cache",
                source.display()
            )
        })?;
    if !output.status.success() {
        return Err(format!(
            "go build of {} failed ({}):\n{}",
            source.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    eprintln!("built the Go plugin in {:?}", started.elapsed());
    Ok(out)
}

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

/// The engine's log lines about `plugin`.
fn engine_lines_about(plugin: &str) -> Vec<String> {
    engine_log()
        .text()
        .lines()
        .filter(|l| l.contains(&format!("plugin={plugin}")))
        .map(str::to_owned)
        .collect()
}

/// Asserts the engine saw `plugin` take its Shutdown call: the answer, or
/// the plugin's GoAway cutting it (rust-yamux ends the session on GoAway).
fn assert_engine_saw_shutdown(plugin: &str) {
    let lines = engine_lines_about(plugin);
    eprintln!("the engine's lines about {plugin}:\n{}", lines.join("\n"));
    let ended = lines
        .iter()
        .filter(|l| {
            l.contains("plugin acknowledged shutdown")
                || l.contains("plugin closed its connection on shutdown")
        })
        .count();
    assert_eq!(ended, 1, "{lines:#?}");
}

/// Our engine with the fixture world's config and `plugin_dir`, serving
/// until the sender fires.
async fn start_engine(socket: &Path, plugin_dir: &Path) -> (oneshot::Sender<()>, JoinHandle<()>) {
    engine_log();
    let mut config = EngineConfig::load(&world::config_path()).expect("world config");
    config.plugin_dir = plugin_dir.to_owned();
    let engine = Engine::start(socket, config).await.expect("engine starts");
    let (stop, stopped) = oneshot::channel::<()>();
    let serving = tokio::spawn(engine.serve(async {
        let _ = stopped.await;
    }));
    (stop, serving)
}

async fn get_secrets(socket: &Path, pattern: &str) -> (u16, serde_json::Value) {
    let (status, body) = post(
        socket,
        "/resolver.v1.ResolverService/GetSecrets",
        &format!(r#"{{"pattern":"{pattern}"}}"#),
    )
    .await;
    (status, serde_json::from_str(&body).unwrap_or_default())
}

/// Asserts `GetSecrets id` answers exactly one envelope with `value`, from
/// `provider`.
async fn assert_serves(socket: &Path, id: &str, value: &str, provider: &str) {
    let (status, body) = get_secrets(socket, id).await;
    assert_eq!(status, 200, "GetSecrets {id}: {body}");
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

/// Polls `ListPlugins` until `name` is listed running.
async fn until_running(socket: &Path, name: &str) -> serde_json::Value {
    let mut last = None;
    for _ in 0..200 {
        last = listed(socket, name).await;
        if last
            .as_ref()
            .is_some_and(|p| p["state"] == "PLUGIN_STATE_RUNNING")
        {
            return last.unwrap_or_default();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{name} never listed running; last seen {last:?}");
}

/// The PID of this process's child running the Go plugin with `argument`
/// on its command line (both tests run `goplugin`, with different patterns).
fn go_plugin_pid(argument: &str) -> Option<i32> {
    child_pid("goplugin", Some(argument))
}

/// The Go plugin's stderr, checked for what must never be there: its own
/// `error:` lines, yamux's `[ERR]`/`[WARN]` lines, the SDK teardown's wait
/// running out on streams the engine left open, and a signal (it must have
/// stopped because it was asked to).
fn assert_clean_log(log: &str) {
    assert!(!log.contains("Timeout expired"), "{log}");
    assert!(!log.contains("received signal"), "{log}");
    for line in log.lines() {
        let lower = line.to_lowercase();
        assert!(
            !lower.contains("error") && !lower.contains("[err]") && !lower.contains("[warn]"),
            "the Go plugin logged a problem: {line}\nwhole log:\n{log}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_launched_go_plugin_serves_restarts_and_shuts_down() {
    let binary = go_plugin();
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let plugins = dir.path().join("plugins");
    std::fs::create_dir(&plugins).expect("plugin dir");
    let log_path = dir.path().join("goplugin.log");
    // The engine launches plugins without arguments: a wrapper gives them,
    // and exec keeps the Go process the engine's child (same PID).
    let wrapper = plugins.join("goplugin");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nexec '{}' -pattern 'go/**' -secret go/foo=go-foo-value -secret go/bar/baz=go-baz-value 2>>'{}'\n",
            binary.display(),
            log_path.display()
        ),
    )
    .expect("wrapper");
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).expect("chmod");

    let (stop, serving) = start_engine(&socket, &plugins).await;
    assert_serves(&socket, "go/foo", "go-foo-value", "goplugin").await;
    assert_serves(&socket, "go/bar/baz", "go-baz-value", "goplugin").await;
    let (status, body) = get_secrets(&socket, "go/**").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["envelopes"].as_array().map(Vec::len),
        Some(2),
        "{body}"
    );
    let (status, body) = get_secrets(&socket, "go/nope").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["code"], "not_found", "{body}");

    let entry = until_running(&socket, "goplugin").await;
    assert_eq!(entry["version"], "v0.1.0", "{entry}");
    assert_eq!(entry["pattern"], "go/**", "{entry}");

    // SIGKILL: the engine launches a new Go process, which serves again.
    let pid = go_plugin_pid("go/**").expect("the Go plugin runs as our child");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGKILL,
    )
    .expect("SIGKILL");
    let killed = Instant::now();
    let restarted = loop {
        let now = go_plugin_pid("go/**");
        if let Some(new) = now.filter(|new| *new != pid)
            && get_secrets(&socket, "go/foo").await.0 == 200
        {
            break new;
        }
        assert!(
            killed.elapsed() < Duration::from_secs(5),
            "the Go plugin was not back within 5 s of SIGKILL (pid now {now:?})\nlog:\n{}",
            std::fs::read_to_string(&log_path).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    eprintln!("restarted as {restarted} in {:?}", killed.elapsed());
    assert_serves(&socket, "go/foo", "go-foo-value", "goplugin").await;
    until_running(&socket, "goplugin").await;

    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(10), serving)
        .await
        .expect("the engine stops")
        .expect("engine task");
    assert_eq!(go_plugin_pid("go/**"), None, "the Go plugin was reaped");

    let log = std::fs::read_to_string(&log_path).expect("the Go plugin's log");
    eprintln!("the Go plugin's log:\n{log}");
    // Two runs: the killed one (no last words) and its replacement, which
    // was asked to shut down and exited 0 by itself, before any signal.
    assert_eq!(
        log.matches("registered goplugin@v0.1.0").count(),
        2,
        "{log}"
    );
    assert_eq!(log.matches("shutdown asked").count(), 1, "{log}");
    assert!(
        log.contains("session closed (after shutdown: true)"),
        "{log}"
    );
    assert!(log.trim_end().ends_with("exit status 0"), "{log}");
    assert!(!log.contains("interrupted by signal"), "{log}");
    assert_clean_log(&log);
    assert_engine_saw_shutdown("goplugin");
}

/// Our engine (no launched plugins) and the Go plugin attached to it from
/// outside as `(name, pattern, secret)`, logging to `log_path`.
struct External {
    dir: tempfile::TempDir,
    socket: PathBuf,
    log_path: PathBuf,
    stop: oneshot::Sender<()>,
    serving: JoinHandle<()>,
    plugin: tokio::process::Child,
}

async fn external((name, pattern, secret): (&str, &str, &str)) -> External {
    let binary = go_plugin();
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let no_plugins = dir.path().join("plugins");
    std::fs::create_dir(&no_plugins).expect("plugin dir");
    let log_path = dir.path().join(format!("{name}.log"));
    let (stop, serving) = start_engine(&socket, &no_plugins).await;
    let plugin = tokio::process::Command::new(binary)
        .arg("-socket")
        .arg(&socket)
        .args(["-name", name, "-pattern", pattern, "-secret", secret])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log_path).expect("log file"))
        .kill_on_drop(true)
        .spawn()
        .expect("the Go plugin starts");
    External {
        dir,
        socket,
        log_path,
        stop,
        serving,
        plugin,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_external_go_plugin_attaches_serves_and_shuts_down() {
    let External {
        dir: _dir,
        socket,
        log_path,
        stop,
        serving,
        mut plugin,
    } = external(("go-ext", "goext/**", "goext/one=goext-one-value")).await;

    let entry = until_running(&socket, "go-ext").await;
    assert_eq!(entry["version"], "v0.1.0", "{entry}");
    assert_eq!(entry["pattern"], "goext/**", "{entry}");
    assert_eq!(entry["external"], true, "{entry}");
    assert_serves(&socket, "goext/one", "goext-one-value", "go-ext").await;
    let (status, body) = get_secrets(&socket, "goext/two").await;
    assert_eq!(status, 404, "{body}");

    let _ = stop.send(());
    let exit = tokio::time::timeout(Duration::from_secs(5), plugin.wait())
        .await
        .unwrap_or_else(|_| {
            panic!(
                "the Go plugin did not exit within 5 s of the engine stopping\nlog:\n{}",
                std::fs::read_to_string(&log_path).unwrap_or_default()
            )
        })
        .expect("wait");
    tokio::time::timeout(Duration::from_secs(10), serving)
        .await
        .expect("the engine stops")
        .expect("engine task");
    let log = std::fs::read_to_string(&log_path).expect("the Go plugin's log");
    eprintln!("the Go plugin's log:\n{log}");
    assert!(exit.success(), "the Go plugin exited {exit}\n{log}");
    assert!(log.contains("attached to"), "{log}");
    assert!(log.contains("registered go-ext@v0.1.0"), "{log}");
    assert_eq!(log.matches("shutdown asked").count(), 1, "{log}");
    assert!(
        log.contains("session closed (after shutdown: true)"),
        "{log}"
    );
    assert_clean_log(&log);
    assert_engine_saw_shutdown("go-ext");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_go_plugin_that_leaves_on_its_own_is_not_kept_waiting() {
    let External {
        dir: _dir,
        socket,
        log_path,
        stop,
        serving,
        mut plugin,
    } = external(("go-leaves", "leaves/**", "leaves/one=leaves-one-value")).await;
    until_running(&socket, "go-leaves").await;
    // Concurrent calls leave several idle streams in the engine's pool.
    let calls: Vec<_> = (0..4)
        .map(|_| {
            let socket = socket.clone();
            tokio::spawn(async move { get_secrets(&socket, "leaves/one").await.0 })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.expect("call"), 200);
    }

    // The plugin is stopped by its user: as the Go SDK, it sends GoAway and
    // waits for its open streams. The engine must close its idle ones, so
    // the plugin leaves at once rather than after its 2 s timeout.
    let pid = plugin.id().expect("pid") as i32;
    let asked = Instant::now();
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGINT,
    )
    .expect("SIGINT");
    let exit = tokio::time::timeout(Duration::from_secs(5), plugin.wait())
        .await
        .expect("the Go plugin exits")
        .expect("wait");
    let took = asked.elapsed();
    let log = std::fs::read_to_string(&log_path).expect("the Go plugin's log");
    eprintln!("the Go plugin's log:\n{log}");
    assert!(exit.success(), "{exit}\n{log}");
    assert!(log.contains("interrupted by signal"), "{log}");
    assert!(!log.contains("Timeout expired"), "{log}");
    assert!(
        took < Duration::from_millis(1500),
        "it took {took:?}\n{log}"
    );
    // It is gone from the engine, which serves on.
    let (status, _) = get_secrets(&socket, "leaves/one").await;
    assert_eq!(status, 404);

    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(10), serving)
        .await
        .expect("the engine stops")
        .expect("engine task");
}
