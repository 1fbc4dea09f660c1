//! Docker's clients and plugins with no socket option find this engine
//! started with no options.
//!
//! Docker's current Go client (v0.0.30) and plugin SDK (v0.3.2) dial the
//! abstract daemon socket `@docker-secrets-engine/<uid>/daemon.sock`; the
//! January modules and `docker pass run` dial
//! `~/.cache/docker-secrets-engine/engine.sock`. The engine, given nothing,
//! listens on both. Because the abstract name is the same for every engine
//! of this user in one network namespace, the test runs itself again in a
//! network namespace of its own (`unshare --net`), where nothing else can
//! hold or answer on that name.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use secrets_engine::socket::SocketAddress;

/// Set in the process that runs inside the new network namespace: the
/// directory it works in (its `home/` is `$HOME` for it and all it starts).
const INSIDE: &str = "DOCKER_DEFAULTS_INSIDE_NETNS";

/// Runs `test` of this binary again in a network namespace of its own: as
/// root `unshare --net`; otherwise with a user namespace mapping this user
/// to root (`unshare --map-root-user --net`), where the kernel allows it.
fn in_own_network_namespace(test: &str) {
    let me = std::env::current_exe().expect("current exe");
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let mut tried = Vec::new();
    for flags in [&["--net"][..], &["--map-root-user", "--net"]] {
        let mut command = Command::new("unshare");
        command
            .args(flags)
            .arg("--")
            .arg(&me)
            .args(["--exact", test, "--ignored", "--nocapture", "--quiet"])
            .env(INSIDE, dir.path())
            .stdin(Stdio::null());
        isolated(&mut command, &home);
        let output = command.output().expect("run unshare (util-linux)");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if output.status.success() && text.contains("1 passed") {
            return;
        }
        // unshare itself failing (no permission) is not the test failing.
        if text.contains("unshare failed") || text.contains("Operation not permitted") {
            tried.push(format!("unshare {}: {}", flags.join(" "), text.trim()));
            continue;
        }
        panic!("{test} failed in its own network namespace:\n{text}");
    }
    panic!(
        "this test needs a network namespace of its own (root, or unprivileged user \
         namespaces):\n{}",
        tried.join("\n")
    );
}

/// A home of its own for everything that starts inside the test, with the
/// variables that would point elsewhere removed.
fn isolated(command: &mut Command, home: &Path) {
    for var in [
        "DOCKER_SECRETS_ENGINE_SOCKET",
        "XDG_CACHE_HOME",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_STATE_HOME",
        "XDG_RUNTIME_DIR",
        "DOCKER_CONFIG",
        "DOCKER_PASS_FILE_STORE",
        "DOCKER_PASS_IDENTITY_FILE",
        "DOCKER_PASS_PASSPHRASE",
        "DOCKER_PASS_PASSPHRASE_FILE",
    ] {
        command.env_remove(var);
    }
    // No Secret Service is reachable from a new network namespace (a
    // session bus on an abstract socket stays behind): the file store.
    command.env("HOME", home).env("DOCKER_PASS_STORE", "file");
}

fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if ready() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("timed out waiting for {what}");
}

fn connects(address: &SocketAddress) -> bool {
    match address {
        SocketAddress::Path(path) => std::os::unix::net::UnixStream::connect(path).is_ok(),
        SocketAddress::Abstract(name) => {
            use std::os::linux::net::SocketAddrExt;
            std::os::unix::net::SocketAddr::from_abstract_name(name)
                .and_then(|addr| std::os::unix::net::UnixStream::connect_addr(&addr))
                .is_ok()
        }
    }
}

/// Docker's Go client (v0.0.30) with no socket option: its output, or its
/// error text.
fn go_client(home: &Path, args: &[&str]) -> Result<String, String> {
    let mut command = Command::new(interop_peers::go_peer("sdk-client-v0.3.2"));
    command.args(["-timeout", "5s"]).args(args);
    isolated(&mut command, home);
    let output = command.output().expect("run Docker's Go client");
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// A process this test started, killed if the test ends without stopping
/// it (a failed assertion must not leave an engine behind).
struct Started(Option<Child>);

impl Started {
    fn spawn(command: &mut Command) -> Started {
        Started(Some(command.spawn().expect("spawn")))
    }
}

impl Drop for Started {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Stops a process with SIGTERM and returns how it exited.
fn stop(mut started: Started) -> std::process::ExitStatus {
    let mut child = started.0.take().expect("running");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .expect("SIGTERM");
    child.wait().expect("wait")
}

#[test]
fn dockers_go_client_and_plugin_find_the_engine_started_with_no_options() {
    in_own_network_namespace("defaults_inside_own_network_namespace");
}

/// The body of the test above, in its own network namespace.
#[test]
#[ignore = "run by dockers_go_client_and_plugin_find_the_engine_started_with_no_options"]
fn defaults_inside_own_network_namespace() {
    let dir = PathBuf::from(std::env::var_os(INSIDE).expect("run only by its test"));
    let home = dir.join("home");
    let engine_sock = home.join(".cache/docker-secrets-engine/engine.sock");
    let daemon = secrets_engine::socket::daemon_socket_address();
    assert!(daemon.is_abstract(), "{daemon}");

    // The engine, with no options at all.
    let mut command = Command::new(env!("CARGO_BIN_EXE_secrets-engine"));
    command.stdout(Stdio::null()).stderr(Stdio::piped());
    isolated(&mut command, &home);
    let engine = Started::spawn(&mut command);
    wait_for("the engine socket", || {
        connects(&SocketAddress::Path(engine_sock.clone()))
    });
    wait_for("the daemon socket", || connects(&daemon));

    // A plugin on Docker's current SDK, with no socket option, attaches.
    let mut command = Command::new(interop_peers::go_peer("sdk-plugin-v0.3.2"));
    command
        .args([
            "-name",
            "aug",
            "-pattern",
            "aug/**",
            "-secret",
            "aug/a=aug-value",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    isolated(&mut command, &home);
    let plugin = Started::spawn(&mut command);

    // Docker's Go client, with no socket option, gets its secret.
    let mut answer = Err(String::new());
    wait_for("the Go plugin's secret through the Go client", || {
        answer = go_client(&home, &["get", "aug/a"]);
        answer.is_ok()
    });
    let answer = answer.expect("answered");
    assert!(
        answer.contains(r#""id":"aug/a""#)
            && answer.contains(r#""value":"aug-value""#)
            && answer.contains(r#""provider":"aug""#),
        "{answer}"
    );
    let plugins = go_client(&home, &["plugins"]).expect("plugins");
    assert!(plugins.contains(r#""name":"aug""#), "{plugins}");
    assert!(plugins.contains(r#""name":"docker-pass""#), "{plugins}");
    let version = go_client(&home, &["version"]).expect("version");
    assert!(
        version.contains(&format!("\"version\":\"v{}\"", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );

    // The Rust client and plugin SDK with no socket find it too, on the
    // daemon socket first.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        // This process has the isolated environment too (set by the test
        // that started it).
        let rust_plugin = {
            let secrets = secrets_engine_plugin::StaticSecrets::from_values([("rust/x", "rusty")])
                .expect("secrets");
            let config = secrets_engine_plugin::PluginConfig::new(
                "v0.1.0",
                "rust/**".parse().expect("pattern"),
            )
            .with_name("rust");
            tokio::spawn(secrets_engine_plugin::serve(secrets, config))
        };
        let client = secrets_engine_client::Client::new();
        assert_eq!(client.sockets()[0], daemon);
        let started = Instant::now();
        let secret = loop {
            match client.get_secret("rust/x").await {
                Ok(secret) => break secret,
                Err(error) if started.elapsed() > Duration::from_secs(20) => {
                    panic!("the Rust plugin's secret never arrived: {error}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        };
        assert_eq!(secret.value.expose(), b"rusty");
        assert_eq!(secret.provider, "rust");
        assert_eq!(client.socket(), &daemon, "the daemon socket answers first");
        let aug = client.get_secret("aug/a").await.expect("aug/a");
        assert_eq!(aug.value.expose(), b"aug-value");
        // Docker's Go client gets the Rust plugin's secret (on another
        // thread: this one runs the plugin).
        let go_home = home.clone();
        let through_go =
            tokio::task::spawn_blocking(move || go_client(&go_home, &["get", "rust/x"]))
                .await
                .expect("Go client thread");
        assert!(
            through_go
                .as_deref()
                .is_ok_and(|answer| answer.contains(r#""value":"rusty""#)),
            "{through_go:?}"
        );
        rust_plugin.abort();
    });

    let plugin_exit = stop(plugin);
    let engine_exit = stop(engine);
    assert!(engine_exit.success(), "{engine_exit}");
    let _ = plugin_exit;
    assert!(!engine_sock.exists(), "the engine removes its socket file");
    assert!(
        !connects(&daemon),
        "the daemon socket is gone with the engine"
    );

    // With the daemon socket turned off, Docker's current client finds
    // nothing, and the Rust client falls back to the engine socket.
    let config = dir.join("engine.toml");
    std::fs::write(
        &config,
        "[engine]\ndaemon_socket = false\n\n[[builtin]]\nname = \"file\"\nversion = \"v1.0.0\"\n\
         pattern = \"**\"\ntype = \"file\"\npath = \"secrets.toml\"\n",
    )
    .expect("config");
    std::fs::write(
        dir.join("secrets.toml"),
        "[secrets.\"db/password\"]\nvalue = \"s3cret\"\n",
    )
    .expect("secrets");
    let mut command = Command::new(env!("CARGO_BIN_EXE_secrets-engine"));
    command
        .arg("--config")
        .arg(&config)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    isolated(&mut command, &home);
    let engine = Started::spawn(&mut command);
    wait_for("the engine socket", || {
        connects(&SocketAddress::Path(engine_sock.clone()))
    });
    assert!(!connects(&daemon), "daemon_socket = false");
    let error = go_client(&home, &["get", "db/password"]).expect_err("no daemon socket");
    assert!(error.contains("daemon.sock"), "{error}");
    runtime.block_on(async {
        let client = secrets_engine_client::Client::new();
        let secret = client.get_secret("db/password").await.expect("fell back");
        assert_eq!(secret.value.expose(), b"s3cret");
        assert_eq!(client.socket(), &SocketAddress::Path(engine_sock.clone()));
    });
    assert!(stop(engine).success());
}
