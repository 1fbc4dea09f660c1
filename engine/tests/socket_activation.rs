//! Socket activation end to end, without systemd: a stand-in activator
//! here does what systemd does for `secrets-engine.socket`. It owns the
//! listening socket, starts the real `secrets-engine` binary with it as
//! descriptor 3 (`LISTEN_FDS`, `LISTEN_PID`, `LISTEN_FDNAMES`) when a client
//! connects and no engine runs, and waits for that engine to exit before
//! it watches the socket again. Clients that connect in between wait in the
//! socket's queue, as they do under systemd.

// The activator polls its socket with libc::poll.
#![allow(unsafe_code)]

mod common;

use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use command_fds::{CommandFdExt, FdMapping};
use common::{GET_SECRETS, file_store_config, post_json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One engine the activator started: its exit status once it has exited,
/// and where its log goes.
struct Run {
    pid: u32,
    log: PathBuf,
    exit: Option<ExitStatus>,
}

/// What the activator shares with the test.
#[derive(Default)]
struct Runs {
    runs: Mutex<Vec<Run>>,
    stop: AtomicBool,
}

impl Runs {
    fn count(&self) -> usize {
        self.runs.lock().expect("runs").len()
    }

    fn running(&self) -> bool {
        self.runs
            .lock()
            .expect("runs")
            .last()
            .is_some_and(|run| run.exit.is_none())
    }

    fn last_log(&self) -> String {
        let path = self
            .runs
            .lock()
            .expect("runs")
            .last()
            .map(|run| run.log.clone());
        path.and_then(|path| std::fs::read_to_string(path).ok())
            .unwrap_or_default()
    }
}

/// The systemd stand-in: a thread watching the socket.
struct Activator {
    socket: PathBuf,
    runs: Arc<Runs>,
    thread: Option<std::thread::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

/// The secret every test reads, and its value in the JSON answer (base64).
const SECRETS: &str = "[secrets.\"db/password\"]\nvalue = \"hunter2-correct-horse\"\n";
const VALUE_BASE64: &str = "aHVudGVyMi1jb3JyZWN0LWhvcnNl";

impl Activator {
    /// Listens on a fresh socket; engines it starts read `engine_section`
    /// (the `[engine]` table) and serve one builtin file store.
    fn start(engine_section: &str, fd_name: &str) -> Activator {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("secrets.toml"), SECRETS).expect("secrets");
        let config = dir.path().join("engine.toml");
        std::fs::write(
            &config,
            file_store_config(&format!("{engine_section}\nlaunched_plugins = false")),
        )
        .expect("config");
        let socket = dir.path().join("engine.sock");
        let listener = UnixListener::bind(&socket).expect("bind");
        let runs = Arc::new(Runs::default());
        let thread = {
            let (runs, dir, fd_name) = (runs.clone(), dir.path().to_owned(), fd_name.to_owned());
            std::thread::spawn(move || activate(listener, &config, &dir, &fd_name, &runs))
        };
        Activator {
            socket,
            runs,
            thread: Some(thread),
            _dir: dir,
        }
    }

    /// Waits until the engine running now has exited; its status.
    async fn wait_for_exit(&self, within: Duration) -> ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self
                .runs
                .runs
                .lock()
                .expect("runs")
                .last()
                .and_then(|run| run.exit)
            {
                return status;
            }
            assert!(
                started.elapsed() < within,
                "the engine did not exit within {within:?}; its log:\n{}",
                self.runs.last_log()
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Every engine that has exited, exited successfully.
    fn all_exited_cleanly(&self) -> bool {
        let runs = self.runs.runs.lock().expect("runs");
        runs.iter()
            .filter_map(|run| run.exit)
            .all(|status| status.success())
    }
}

impl Drop for Activator {
    fn drop(&mut self) {
        self.runs.stop.store(true, Ordering::SeqCst);
        let running = self
            .runs
            .runs
            .lock()
            .expect("runs")
            .last()
            .and_then(|run| run.exit.is_none().then_some(run.pid));
        if let Some(pid) = running {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(pid as i32),
                nix::sys::signal::Signal::SIGTERM,
            );
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The activator's loop: while no engine runs, wait for the socket to
/// become readable (a client is queued), then start one and wait for it.
fn activate(listener: UnixListener, config: &Path, dir: &Path, fd_name: &str, runs: &Runs) {
    while !runs.stop.load(Ordering::SeqCst) {
        if !poll_readable(&listener, 20) {
            continue;
        }
        let log = dir.join(format!("engine-{}.log", runs.count()));
        let passed: OwnedFd = listener.try_clone().expect("dup").into();
        // LISTEN_PID must be the engine's own process ID, known only once
        // it runs: a shell sets it and execs the engine (same process).
        let mut command = Command::new("/bin/sh");
        command
            .arg("-c")
            .arg("LISTEN_PID=$$ exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_secrets-engine"))
            .arg("--config")
            .arg(config)
            .env("LISTEN_FDS", "1")
            .env("LISTEN_FDNAMES", fd_name)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"));
        command
            .fd_mappings(vec![FdMapping {
                parent_fd: passed,
                child_fd: 3,
            }])
            .expect("fd 3");
        let mut child = command.spawn().expect("spawn secrets-engine");
        runs.runs.lock().expect("runs").push(Run {
            pid: child.id(),
            log,
            exit: None,
        });
        let status = child.wait().expect("wait");
        if let Some(run) = runs.runs.lock().expect("runs").last_mut() {
            run.exit = Some(status);
        }
    }
}

/// Whether a client is queued on `listener`, waiting up to `millis`.
fn poll_readable(listener: &UnixListener, millis: i32) -> bool {
    let mut poll = libc::pollfd {
        fd: listener.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, owned by this frame, for the call's duration.
    let ready = unsafe { libc::poll(&mut poll, 1, millis) };
    ready > 0 && poll.revents & libc::POLLIN != 0
}

async fn get_secret(socket: &Path) -> (u16, String) {
    post_json(socket, GET_SECRETS, r#"{"pattern":"db/password"}"#).await
}

#[tokio::test]
async fn started_on_demand_exits_when_idle_and_starts_again() {
    let activator = Activator::start("idle_exit_ms = 300", "secrets-engine");
    // Nothing runs until a client connects.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        activator.runs.count(),
        0,
        "no engine before the first client"
    );

    let (status, body) = get_secret(&activator.socket).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(VALUE_BASE64), "{body}");
    assert_eq!(activator.runs.count(), 1);

    // Idle: it exits on its own, successfully, after the idle period, and
    // leaves systemd's socket where it is.
    let answered = Instant::now();
    let status = activator.wait_for_exit(Duration::from_secs(10)).await;
    let idle = answered.elapsed();
    let log = activator.runs.last_log();
    assert!(status.success(), "{status}; log:\n{log}");
    assert!(idle >= Duration::from_millis(300), "exited after {idle:?}");
    assert!(
        log.contains("listening on a socket systemd passed"),
        "{log}"
    );
    assert!(log.contains("no connection for the idle period"), "{log}");
    assert!(!log.contains("hunter2"), "no secret in the log:\n{log}");
    assert!(activator.socket.exists(), "systemd's socket stays in place");

    // The next client starts a new engine.
    let (status, body) = get_secret(&activator.socket).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(VALUE_BASE64), "{body}");
    assert_eq!(activator.runs.count(), 2);

    // An open connection keeps it running, however long it stays open.
    let mut held = tokio::net::UnixStream::connect(&activator.socket)
        .await
        .expect("connect");
    let request = format!(
        "POST {GET_SECRETS} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 25\r\n\r\n{{\"pattern\":\"db/password\"}}"
    );
    let mut answer = Vec::new();
    for _ in 0..2 {
        held.write_all(request.as_bytes()).await.expect("write");
        let mut chunk = [0u8; 4096];
        let read = held.read(&mut chunk).await.expect("read");
        answer.extend_from_slice(&chunk[..read]);
        tokio::time::sleep(Duration::from_millis(600)).await;
    }
    let answer = String::from_utf8_lossy(&answer);
    assert_eq!(answer.matches(VALUE_BASE64).count(), 2, "{answer}");
    assert!(activator.runs.running(), "held open for 4 idle periods");
    assert_eq!(activator.runs.count(), 2, "the same engine answered");
    drop(held);
    let status = activator.wait_for_exit(Duration::from_secs(10)).await;
    assert!(status.success(), "{status}");
}

#[tokio::test]
async fn no_request_is_lost_across_idle_exits() {
    let activator = Activator::start("idle_exit_ms = 50", "secrets-engine");
    // Clients at intervals around the idle period: many arrive just as an
    // engine decides to exit, or while it is exiting.
    let pauses = [0, 20, 45, 50, 55, 60, 80, 120];
    for i in 0..120 {
        let (status, body) = get_secret(&activator.socket).await;
        assert_eq!(
            status,
            200,
            "request {i} (engine {}) was lost: {body:?}; last log:\n{}",
            activator.runs.count(),
            activator.runs.last_log()
        );
        assert!(body.contains(VALUE_BASE64), "{body}");
        tokio::time::sleep(Duration::from_millis(pauses[i % pauses.len()])).await;
    }
    let engines = activator.runs.count();
    assert!(
        engines >= 10,
        "only {engines} engines: the idle exits were not exercised"
    );

    // A client that connects the moment the engine says it is exiting is
    // answered by the next one.
    for round in 0..5 {
        let before = activator.runs.count();
        let started = Instant::now();
        while !activator
            .runs
            .last_log()
            .contains("no connection for the idle period")
        {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "round {round}: no idle exit"
            );
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let (status, body) = get_secret(&activator.socket).await;
        assert_eq!(status, 200, "round {round}: {body:?}");
        assert!(body.contains(VALUE_BASE64), "{body}");
        assert!(
            activator.runs.count() > before,
            "round {round}: answered by a new engine"
        );
    }
    assert!(
        activator.all_exited_cleanly(),
        "every idle exit is a clean one"
    );
}

#[tokio::test]
async fn a_socket_named_for_another_service_is_refused() {
    let activator = Activator::start("idle_exit_ms = 300", "docker.socket");
    let socket = activator.socket.clone();
    let client = tokio::spawn(async move { get_secret(&socket).await });
    let status = activator.wait_for_exit(Duration::from_secs(10)).await;
    let log = activator.runs.last_log();
    assert_eq!(status.code(), Some(2), "{log}");
    assert!(log.contains("\"docker.socket\""), "{log}");
    assert!(log.contains("FileDescriptorName=secrets-engine"), "{log}");
    client.abort();
}

#[test]
fn installed_units_start_this_engine_on_its_socket() {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("run dir/engine.sock");
    let config = dir.path().join("engine.toml");
    std::fs::write(&config, "[engine]\nidle_exit_ms = 30000\n").expect("config");
    let units = dir.path().join("units");
    let output = Command::new(env!("CARGO_BIN_EXE_secrets-engine"))
        .arg("--socket")
        .arg(&socket)
        .arg("--config")
        .arg(&config)
        .arg("install-systemd-units")
        .arg("--dir")
        .arg(&units)
        .arg("--no-enable")
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("secrets-engine.socket"), "{stdout}");
    let socket_unit =
        std::fs::read_to_string(units.join("secrets-engine.socket")).expect("socket unit");
    let service_unit =
        std::fs::read_to_string(units.join("secrets-engine.service")).expect("service unit");
    assert!(
        socket_unit.contains(&format!("\nListenStream={}\n", socket.display())),
        "{socket_unit}"
    );
    assert!(socket_unit.contains("\nFileDescriptorName=secrets-engine\n"));
    let engine = std::fs::canonicalize(env!("CARGO_BIN_EXE_secrets-engine")).expect("path");
    assert!(
        service_unit.contains(&format!(
            "\nExecStart=\"{}\" \"--config\" \"{}\"\n",
            engine.display(),
            config.display()
        )),
        "{service_unit}"
    );
    // systemd's own checker, where there is one, finds nothing to say about
    // the syntax (it may still note that no user manager runs here).
    if Path::new("/usr/bin/systemd-analyze").exists() {
        let verify = Command::new("/usr/bin/systemd-analyze")
            .arg("verify")
            .arg(units.join("secrets-engine.socket"))
            .arg(units.join("secrets-engine.service"))
            .output()
            .expect("systemd-analyze");
        let said = String::from_utf8_lossy(&verify.stderr);
        assert!(
            !said.contains("Unknown key") && !said.contains("bad unit file setting"),
            "{said}"
        );
    }
}

/// systemd's own activator passes both sockets the unit listens on (the
/// engine socket and the abstract daemon socket, both named
/// `secrets-engine`): the engine serves each, and exits when idle.
#[tokio::test]
async fn both_sockets_systemd_passes_are_served() {
    let activator = Path::new("/usr/bin/systemd-socket-activate");
    assert!(
        activator.exists(),
        "needs systemd's socket activator (Debian package systemd; scripts/with-keyring installs it)"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("secrets.toml"),
        "[secrets.\"db/password\"]\nvalue = \"s3cret\"\n",
    )
    .expect("secrets");
    let config = dir.path().join("engine.toml");
    std::fs::write(
        &config,
        file_store_config("idle_exit_ms = 500\nlaunched_plugins = false"),
    )
    .expect("config");
    let path = dir.path().join("engine.sock");
    let name = format!("@secrets-engine-test/{}/activated.sock", std::process::id());
    let log = dir.path().join("engine.log");
    let mut engine = tokio::process::Command::new(activator)
        .arg("-l")
        .arg(&path)
        .arg("-l")
        .arg(&name)
        .arg("--fdname=secrets-engine:secrets-engine")
        .arg(env!("CARGO_BIN_EXE_secrets-engine"))
        .arg("--config")
        .arg(&config)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("log"))
        .spawn()
        .expect("systemd-socket-activate");
    let started = Instant::now();
    while !path.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "never listened"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let daemon = secrets_engine::socket::SocketAddress::parse(&name).connect_path();
    for socket in [&daemon, &path] {
        let (status, body) = get_secret(socket).await;
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("\"db/password\""), "{body}");
    }
    let exit = tokio::time::timeout(Duration::from_secs(10), engine.wait())
        .await
        .expect("exits when idle")
        .expect("wait");
    let log = std::fs::read_to_string(&log).expect("log");
    assert!(exit.success(), "{log}");
    assert_eq!(
        log.matches("engine listening on a socket systemd passed")
            .count(),
        2,
        "{log}"
    );
    assert!(log.contains(&name), "{log}");
}

/// Without `--socket`, the units listen where Docker's clients look: the
/// engine socket under the user's cache directory and the abstract daemon
/// socket.
#[test]
fn installed_units_listen_on_both_default_sockets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let units = dir.path().join("units");
    let output = Command::new(env!("CARGO_BIN_EXE_secrets-engine"))
        .args(["install-systemd-units", "--no-enable", "--dir"])
        .arg(&units)
        .env("HOME", dir.path())
        .env_remove("XDG_CACHE_HOME")
        .env_remove("DOCKER_SECRETS_ENGINE_SOCKET")
        .env("DOCKER_PASS_STORE", "file")
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let socket_unit =
        std::fs::read_to_string(units.join("secrets-engine.socket")).expect("socket unit");
    let uid = nix::unistd::getuid().as_raw();
    assert!(
        socket_unit.contains(&format!(
            "\nListenStream={}\nListenStream=@docker-secrets-engine/{uid}/daemon.sock\n",
            dir.path()
                .join(".cache/docker-secrets-engine/engine.sock")
                .display()
        )),
        "{socket_unit}"
    );
    if Path::new("/usr/bin/systemd-analyze").exists() {
        let verify = Command::new("/usr/bin/systemd-analyze")
            .arg("verify")
            .arg(units.join("secrets-engine.socket"))
            .arg(units.join("secrets-engine.service"))
            .output()
            .expect("systemd-analyze");
        let said = String::from_utf8_lossy(&verify.stderr);
        assert!(
            !said.contains("Unknown key") && !said.contains("bad unit file setting"),
            "{said}"
        );
    }
}

/// A configuration the engine could not load is refused before any unit is
/// written: the units would start an engine that exits at once.
#[test]
fn installing_units_with_a_missing_configuration_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let units = dir.path().join("units");
    let missing = dir.path().join("missing.toml");
    let output = Command::new(env!("CARGO_BIN_EXE_secrets-engine"))
        .arg("--config")
        .arg(&missing)
        .args(["install-systemd-units", "--no-enable", "--dir"])
        .arg(&units)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("missing.toml"), "{stderr}");
    assert!(stderr.contains("no units written"), "{stderr}");
    assert!(!units.exists(), "nothing written");
}

/// A misspelt log level is refused (exit 2) instead of silencing the log.
#[test]
fn a_misspelt_log_level_is_refused() {
    // A socket under a regular file can never be bound (not even by root):
    // an engine past its log setup fails there with status 1.
    let not_a_dir = tempfile::NamedTempFile::new().expect("file");
    let socket = not_a_dir.path().join("engine.sock");
    for bad in ["degub", "secrets_engine=loud", ""] {
        let output = Command::new(env!("CARGO_BIN_EXE_secrets-engine"))
            .arg("--socket")
            .arg(&socket)
            .args(["--log-level", bad])
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{bad:?}: {stderr}");
        assert!(stderr.contains("--log-level"), "{stderr}");
    }
    // Levels and directives still work: a bad socket fails later, with 1.
    for good in ["debug", "WARN", "secrets_engine=debug,info"] {
        let output = Command::new(env!("CARGO_BIN_EXE_secrets-engine"))
            .arg("--socket")
            .arg(&socket)
            .args(["--log-level", good])
            .env("DOCKER_PASS_STORE", "file")
            .env("HOME", not_a_dir.path().with_extension("home"))
            .output()
            .expect("run");
        assert_eq!(
            output.status.code(),
            Some(1),
            "{good:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
