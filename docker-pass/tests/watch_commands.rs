//! `run --watch`, `inject --watch` and `watch`, end to end: `docker-pass set`
//! writes the encrypted file store, the engine (its default configuration)
//! learns of the change from the store, and the watching command acts on it.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{FileWorld, RunningEngine, ok};

fn world() -> (FileWorld, RunningEngine) {
    let world = FileWorld::new();
    ok(&mut world.docker_pass(), &["set", "db/password=first"]);
    ok(&mut world.docker_pass(), &["set", "db/user=someone"]);
    let engine = world.default_engine(None);
    (world, engine)
}

fn pass(world: &FileWorld, socket: &Path) -> Command {
    let mut command = world.docker_pass();
    command.env("DOCKER_SECRETS_ENGINE_SOCKET", socket);
    command
}

/// Waits until `path` holds `want` (trimmed), or fails after 10 s.
fn wait_for(path: &Path, want: &str) -> Duration {
    let started = Instant::now();
    loop {
        let now = std::fs::read_to_string(path).unwrap_or_default();
        if now.trim() == want {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{} never held {want:?}; it holds {now:?}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A spawned command, killed if the test ends (or fails) with it still
/// running: a watching command left behind would hold the test run's output
/// open.
struct KillOnDrop(Child);

impl std::ops::Deref for KillOnDrop {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for KillOnDrop {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        // Already waited for: its pid may be another process's by now.
        if !matches!(self.0.try_wait(), Ok(None)) {
            return;
        }
        // SIGTERM first, which docker-pass passes on to the command it runs.
        let pid = nix::unistd::Pid::from_raw(self.0.id() as i32);
        let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
        let asked = Instant::now();
        while let Ok(None) = self.0.try_wait() {
            if asked.elapsed() > Duration::from_secs(5) {
                let _ = self.0.kill();
                let _ = self.0.wait();
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn terminate(child: &mut Child) -> Option<i32> {
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).expect("SIGTERM");
    child.wait().expect("wait").code()
}

#[test]
fn run_watch_restarts_the_command_with_the_new_value() {
    let (world, engine) = world();
    let seen = world.dir.path().join("seen");
    let script = format!(
        "trap 'exit 42' TERM; echo \"$SECRET\" > '{}'; while :; do sleep 0.05; done",
        seen.display()
    );
    let mut run = pass(&world, &engine.socket)
        .env("SECRET", "se://db/password")
        .args(["run", "--watch", "--", "sh", "-c", &script])
        .stdin(Stdio::null())
        .spawn()
        .map(KillOnDrop)
        .expect("docker-pass run --watch");
    wait_for(&seen, "first");
    ok(&mut world.docker_pass(), &["set", "db/password=second"]);
    let took = wait_for(&seen, "second");
    eprintln!("docker-pass set -> command restarted with the new value: {took:?}");
    // A change to another secret restarts nothing.
    std::fs::remove_file(&seen).expect("remove");
    ok(&mut world.docker_pass(), &["set", "db/user=other"]);
    std::thread::sleep(Duration::from_millis(500));
    assert!(!seen.exists(), "restarted for a secret it does not use");
    // Signals still reach the command, whose status is returned.
    assert_eq!(terminate(&mut run), Some(42));
}

/// Serves `ext/value`, "first" to the first request that asks for it and
/// "second" to every later one: as if it changed just after being read.
/// `ext/ready` tells that the plugin is attached, without counting.
struct ChangesAfterFirstRead(std::sync::atomic::AtomicU32);

#[secrets_engine_plugin::async_trait]
impl secrets_engine_plugin::Provider for ChangesAfterFirstRead {
    async fn get_secrets(
        &self,
        pattern: &secrets_engine_plugin::Pattern,
    ) -> Result<Vec<secrets_engine_plugin::Secret>, secrets_engine_plugin::ProviderError> {
        use secrets_engine_plugin::{Secret, SecretId};
        let mut secrets = Vec::new();
        let ready = SecretId::parse("ext/ready").expect("id");
        if pattern.matches(&ready) {
            secrets.push(Secret::new(ready, "yes"));
        }
        let id = SecretId::parse("ext/value").expect("id");
        if pattern.matches(&id) {
            let call = self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let (value, version) = match call {
                0 => ("first", "1"),
                _ => ("second", "2"),
            };
            secrets.push(Secret::new(id, value).with_version(version));
        }
        Ok(secrets)
    }
}

/// An engine that caches nothing and polls watches every 100 ms, with
/// [`ChangesAfterFirstRead`] attached.
fn engine_with_a_changing_plugin(world: &FileWorld) -> RunningEngine {
    let config = world.dir.path().join("engine.toml");
    std::fs::write(
        &config,
        "[engine]\ncache_max_age_ms = 0\ncache_not_found_ms = 0\nwatch_poll_ms = 100\n",
    )
    .expect("config");
    let engine = RunningEngine::start(world.dir.path(), Some(&config), &[]);
    let plugin_config = secrets_engine_plugin::PluginConfig::new(
        "v1.0.0",
        secrets_engine_plugin::Pattern::parse("ext/**").expect("pattern"),
    )
    .with_name("changing")
    .with_socket(&engine.socket);
    // Served on a thread of its own for as long as the test process lives.
    let plugin = std::thread::spawn(move || {
        let runtime = secrets_engine_plugin::runtime().expect("runtime");
        runtime.block_on(secrets_engine_plugin::serve_provider(
            ChangesAfterFirstRead(Default::default()),
            plugin_config,
        ))
    });
    let started = Instant::now();
    while common::get_secrets(&engine.socket, "ext/ready").0 != 200 {
        if plugin.is_finished() || started.elapsed() > Duration::from_secs(10) {
            let ended = plugin.is_finished().then(|| plugin.join());
            panic!(
                "the plugin did not attach ({ended:?}); engine log:\n{}",
                std::fs::read_to_string(&engine.log).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    engine
}

/// A change between `run --watch` reading a value and the engine's first
/// look for its watch is not lost: the command ends up with the value the
/// secret has now. (The watch used to be opened after the values were read,
/// so its first look already held "second", no change ever came, and the
/// command kept "first".)
#[test]
fn run_watch_misses_no_change_made_while_it_starts() {
    let world = FileWorld::new();
    let engine = engine_with_a_changing_plugin(&world);
    let seen = world.dir.path().join("seen");
    let script = format!(
        "echo \"$SECRET\" > '{}'; trap 'exit 0' TERM; while :; do sleep 0.05; done",
        seen.display()
    );
    let mut run = pass(&world, &engine.socket)
        .env("SECRET", "se://ext/value")
        .args(["run", "--watch", "--", "sh", "-c", &script])
        .stdin(Stdio::null())
        .spawn()
        .map(KillOnDrop)
        .expect("docker-pass run --watch");
    wait_for(&seen, "second");
    assert_eq!(terminate(&mut run), Some(0));
}

/// The same for `inject --watch`: the file ends up with the value now.
#[test]
fn inject_watch_misses_no_change_made_while_it_starts() {
    let world = FileWorld::new();
    let engine = engine_with_a_changing_plugin(&world);
    let template = world.dir.path().join("config.tpl");
    let output = world.dir.path().join("config.yml");
    std::fs::write(&template, "value: se://ext/value\n").expect("template");
    let mut inject = pass(&world, &engine.socket)
        .args(["inject", "--watch", "-i"])
        .arg(&template)
        .arg("-o")
        .arg(&output)
        .stdin(Stdio::null())
        .spawn()
        .map(KillOnDrop)
        .expect("docker-pass inject --watch");
    wait_for(&output, "value: second");
    assert_eq!(terminate(&mut inject), Some(0));
}

#[test]
fn run_watch_signal_signals_the_command_instead() {
    let (world, engine) = world();
    let seen = world.dir.path().join("seen");
    let script = format!(
        "trap 'echo hup >> \"{0}\"' HUP; trap 'exit 0' TERM; echo start > '{0}'; while :; do sleep 0.05; done",
        seen.display()
    );
    let mut run = pass(&world, &engine.socket)
        .env("SECRET", "se://db/password")
        .args([
            "run",
            "--watch",
            "--watch-signal",
            "HUP",
            "--",
            "sh",
            "-c",
            &script,
        ])
        .stdin(Stdio::null())
        .spawn()
        .map(KillOnDrop)
        .expect("docker-pass run --watch --watch-signal HUP");
    wait_for(&seen, "start");
    ok(&mut world.docker_pass(), &["set", "db/password=second"]);
    wait_for(&seen, "start\nhup");
    assert_eq!(terminate(&mut run), Some(0));
    let unknown = common::fails(
        &mut pass(&world, &engine.socket),
        &["run", "--watch", "--watch-signal", "NOPE", "--", "true"],
    );
    assert!(unknown.contains("unknown signal \"NOPE\""), "{unknown}");
}

#[test]
fn inject_watch_writes_the_file_again_on_change() {
    let (world, engine) = world();
    let template = world.dir.path().join("config.tpl");
    let output = world.dir.path().join("config.yml");
    std::fs::write(&template, "password: se://db/password\n").expect("template");
    let mut inject = pass(&world, &engine.socket)
        .args(["inject", "--watch", "-i"])
        .arg(&template)
        .arg("-o")
        .arg(&output)
        .stdin(Stdio::null())
        .spawn()
        .map(KillOnDrop)
        .expect("docker-pass inject --watch");
    wait_for(&output, "password: first");
    ok(&mut world.docker_pass(), &["set", "db/password=second"]);
    wait_for(&output, "password: second");
    // A removed secret leaves the file as it was.
    ok(&mut world.docker_pass(), &["rm", "db/password"]);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        "password: second\n"
    );
    assert_eq!(terminate(&mut inject), Some(0));
}

#[test]
fn watch_prints_events_without_values() {
    let (world, engine) = world();
    let mut watch = pass(&world, &engine.socket)
        .args(["watch", "--json", "db/*"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map(KillOnDrop)
        .expect("docker-pass watch");
    let mut lines = BufReader::new(watch.stdout.take().unwrap()).lines();
    let mut next = || -> serde_json::Value {
        serde_json::from_str(&lines.next().expect("a line").expect("read")).expect("JSON")
    };
    let kinds = |events: &[serde_json::Value]| -> Vec<(String, String)> {
        events
            .iter()
            .map(|e| {
                (
                    e["kind"].as_str().unwrap_or_default().to_owned(),
                    e["id"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    };
    let start: Vec<_> = (0..3).map(|_| next()).collect();
    assert_eq!(
        kinds(&start),
        [
            ("current".into(), "db/password".into()),
            ("current".into(), "db/user".into()),
            ("synced".into(), String::new())
        ]
    );
    ok(&mut world.docker_pass(), &["set", "db/token=new-one"]);
    let created = next();
    assert_eq!(
        kinds(std::slice::from_ref(&created)),
        [("created".into(), "db/token".into())]
    );
    assert_eq!(created["provider"], "docker-pass");
    ok(&mut world.docker_pass(), &["rm", "db/user"]);
    assert_eq!(kinds(&[next()]), [("deleted".into(), "db/user".into())]);
    assert!(
        !created.to_string().contains("new-one"),
        "no value: {created}"
    );
    let _ = terminate(&mut watch);
}
