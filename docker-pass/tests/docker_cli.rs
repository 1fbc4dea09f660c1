//! `docker-pass` as Docker users call it: run by the real Docker CLI as its
//! `pass` command (from a private `DOCKER_CONFIG` whose `cli-plugins/` links
//! the binary under test), with the Docker CLI's global options, and
//! `plugins ls|enable|disable` against a real engine.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::{FileWorld, RunningEngine, docker_pass_bin, ok, run};

/// The Docker CLI binary: `docker` on PATH (the machines that run these
/// tests have one; Debian's `docker-cli` package otherwise).
fn docker_bin() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("docker"))
        .find(|candidate| candidate.is_file())
        .expect("these tests run the Docker CLI: install it (Debian: apt-get install docker-cli)")
}

/// A file store, a Docker CLI configuration that has `docker-pass` as its
/// `pass` plugin, and an engine's socket to point at.
struct DockerWorld {
    world: FileWorld,
    config: PathBuf,
}

impl DockerWorld {
    fn new() -> Self {
        let world = FileWorld::new();
        let config = world.dir.path().join("docker-config");
        let plugins = config.join("cli-plugins");
        std::fs::create_dir_all(&plugins).expect("mkdir cli-plugins");
        std::os::unix::fs::symlink(docker_pass_bin(), plugins.join("docker-pass"))
            .expect("link the plugin");
        DockerWorld { world, config }
    }

    /// `docker` with this configuration, on this store, asking the engine
    /// on `socket` (none by default: a path where nothing listens).
    fn docker(&self, socket: Option<&Path>) -> Command {
        let mut command = Command::new(docker_bin());
        let no_engine = self.world.dir.path().join("no-engine.sock");
        command
            .env("DOCKER_CONFIG", &self.config)
            .env("DOCKER_PASS_STORE", "file")
            .env("DOCKER_PASS_FILE_STORE", self.world.store())
            .env("DOCKER_PASS_IDENTITY_FILE", self.world.identity())
            .env("DOCKER_SECRETS_ENGINE_SOCKET", socket.unwrap_or(&no_engine))
            .env_remove("DOCKER_PASS_PASSPHRASE")
            .env_remove("DOCKER_PASS_PASSPHRASE_FILE")
            .env_remove("DOCKER_HOST")
            .env_remove("DOCKER_CONTEXT")
            .env_remove("DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND");
        command
    }

    /// `docker-pass` run standalone on the same store.
    fn standalone(&self) -> Command {
        let mut command = self.world.docker_pass();
        command.env_remove("DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND");
        command
    }

    /// The engine (default configuration) serving this store, launching
    /// what is in `plugin_dir` if given, with its state kept in the world.
    fn engine(&self) -> RunningEngine {
        let dir = self.world.dir.path();
        let file = PathBuf::from("file");
        let (store, identity) = (self.world.store(), self.world.identity());
        let state = dir.join("state");
        RunningEngine::start(
            dir,
            None,
            &[
                ("DOCKER_PASS_STORE", &file),
                ("DOCKER_PASS_FILE_STORE", &store),
                ("DOCKER_PASS_IDENTITY_FILE", &identity),
                // Plugins disabled through the API are remembered here,
                // never in the user's own state directory.
                ("XDG_STATE_HOME", &state),
            ],
        )
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn show(output: &Output) -> String {
    format!(
        "status {}\nstdout: {}\nstderr: {}",
        output.status,
        text(&output.stdout),
        text(&output.stderr)
    )
}

/// The lines of `help` that say how to call something.
fn usage_lines(help: &str) -> Vec<&str> {
    help.lines()
        .filter(|l| l.trim_start().starts_with("Usage:"))
        .collect()
}

#[test]
fn help_and_usage_say_docker_pass_under_the_docker_cli() {
    let docker = DockerWorld::new();
    for args in [
        &["help", "pass"][..],
        &["pass", "--help"],
        &["pass"],
        &["pass", "help"],
    ] {
        let output = run(&mut docker.docker(None), args);
        assert!(output.status.success(), "{args:?}: {}", show(&output));
        let help = text(&output.stdout);
        assert_eq!(
            usage_lines(&help),
            ["Usage: docker pass [COMMAND]"],
            "{args:?}: {help}"
        );
        for command in ["set", "get", "ls", "rm", "run", "plugins", "status"] {
            assert!(
                help.lines()
                    .any(|l| l.trim_start().starts_with(&format!("{command} "))),
                "{args:?} lists no {command}: {help}"
            );
        }
        assert!(!help.contains("docker-pass"), "{args:?}: {help}");
    }
    // A subcommand's help, asked both ways.
    for args in [
        &["help", "pass", "set"][..],
        &["pass", "set", "--help"],
        &["pass", "help", "set"],
    ] {
        let output = run(&mut docker.docker(None), args);
        assert!(output.status.success(), "{args:?}: {}", show(&output));
        assert_eq!(
            usage_lines(&text(&output.stdout)),
            ["Usage: docker pass set [OPTIONS] <id[=value]>"],
            "{args:?}"
        );
    }
    let output = run(&mut docker.docker(None), &["pass", "plugins", "--help"]);
    assert!(
        text(&output.stdout).contains("Usage: docker pass plugins [COMMAND]"),
        "{}",
        show(&output)
    );
    // A mistake's usage line too.
    let output = run(&mut docker.docker(None), &["pass", "nope"]);
    assert_eq!(output.status.code(), Some(2), "{}", show(&output));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("unrecognized subcommand 'nope'")
            && stderr.contains("Usage: docker pass [COMMAND]"),
        "{stderr}"
    );

    // Standalone, the program's own name.
    let output = run(&mut docker.standalone(), &["--help"]);
    assert_eq!(
        usage_lines(&text(&output.stdout)),
        ["Usage: docker-pass [COMMAND]"]
    );
    let output = run(&mut docker.standalone(), &["set", "--help"]);
    assert_eq!(
        usage_lines(&text(&output.stdout)),
        ["Usage: docker-pass set [OPTIONS] <id[=value]>"]
    );
    let output = run(&mut docker.standalone(), &["nope"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("Usage: docker-pass [COMMAND]"));
}

#[test]
fn the_docker_clis_global_options_are_accepted_wherever_it_forwards_them() {
    let docker = DockerWorld::new();
    ok(&mut docker.standalone(), &["set", "db/password=s3cret"]);
    let config = docker.config.to_str().expect("UTF-8 path");
    for args in [
        &["pass", "ls"][..],
        &["--debug", "pass", "ls"],
        &["-D", "pass", "ls"],
        &["--debug=true", "pass", "ls"],
        &["-c", "default", "pass", "ls"],
        &["--context", "default", "pass", "ls"],
        &["--config", config, "pass", "ls"],
        &["-l", "debug", "pass", "ls"],
        &["--log-level", "error", "pass", "ls"],
        &["-Dl", "info", "pass", "ls"],
        &["-H", "unix:///nonexistent/docker.sock", "pass", "ls"],
        &["--host=unix:///nonexistent/docker.sock", "pass", "ls"],
        &["--tls", "pass", "ls"],
        &[
            "--tlsverify",
            "--tlscacert",
            "/nonexistent/ca.pem",
            "--tlscert",
            "/nonexistent/cert.pem",
            "--tlskey",
            "/nonexistent/key.pem",
            "pass",
            "ls",
        ],
        // Docker's own plugins take them after the plugin's name as well.
        &["pass", "-D", "ls"],
        &["pass", "ls", "--debug"],
    ] {
        let output = run(&mut docker.docker(None), args);
        assert!(output.status.success(), "{args:?}: {}", show(&output));
        assert_eq!(text(&output.stdout), "db/password\n", "{args:?}");
    }
    // The same, standalone.
    for args in [
        &["--debug", "ls"][..],
        &["-c", "default", "ls"],
        &["ls", "-l", "warn"],
        &["--tlsverify=false", "ls"],
        &["pass", "ls"],
        // An option's value is not taken for the plugin's name.
        &["-c", "pass", "pass", "ls"],
    ] {
        let output = run(&mut docker.standalone(), args);
        assert!(output.status.success(), "{args:?}: {}", show(&output));
        assert_eq!(text(&output.stdout), "db/password\n", "{args:?}");
    }
    // A mistyped level is refused, as the Docker CLI refuses it.
    let output = run(&mut docker.standalone(), &["-l", "degub", "ls"]);
    assert_eq!(output.status.code(), Some(2), "{}", show(&output));
    assert!(
        text(&output.stderr).contains("invalid value 'degub' for '--log-level <LEVEL>'"),
        "{}",
        show(&output)
    );
    assert_eq!(text(&output.stdout), "");
}

#[test]
fn version_flag_and_command() {
    let docker = DockerWorld::new();
    let expected = format!("Version: v{}\n", env!("CARGO_PKG_VERSION"));
    for output in [
        run(&mut docker.standalone(), &["--version"]),
        run(&mut docker.standalone(), &["version"]),
        run(&mut docker.docker(None), &["pass", "--version"]),
        run(&mut docker.docker(None), &["--debug", "pass", "version"]),
    ] {
        assert!(output.status.success(), "{}", show(&output));
        let stdout = text(&output.stdout);
        assert!(stdout.starts_with(&expected), "{stdout}");
        assert!(stdout.contains("\nCommit: "), "{stdout}");
    }
}

/// Waits until `plugins ls` shows a line for `name` that satisfies `want`.
fn plugin_line(
    command: &mut dyn FnMut() -> Command,
    name: &str,
    want: impl Fn(&str) -> bool,
) -> String {
    let started = Instant::now();
    loop {
        let listed = ok(&mut command(), &["plugins", "ls"]);
        if let Some(line) = listed
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name) && want(l))
        {
            return line.to_owned();
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no such line for {name}:\n{listed}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn plugins_ls_enable_and_disable_through_the_engine() {
    let docker = DockerWorld::new();
    ok(&mut docker.standalone(), &["set", "db/password=s3cret"]);
    // A plugin the engine launches: Docker's Go SDK plugin, under a name of
    // its own.
    let plugin_dir = docker.world.dir.path().join("no-plugins");
    std::fs::create_dir_all(&plugin_dir).expect("plugin dir");
    let launched = plugin_dir.join("go-launched");
    std::fs::write(
        &launched,
        format!(
            "#!/bin/sh\nexec '{}' -pattern 'go/**' -secret go/token=from-go\n",
            interop_peers::go_peer("sdk-plugin-v0.3.2").display()
        ),
    )
    .expect("plugin script");
    std::fs::set_permissions(
        &launched,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .expect("chmod");
    let engine = docker.engine();
    let socket = engine.socket.clone();
    let mut pass = || {
        let mut command = docker.standalone();
        command.env("DOCKER_SECRETS_ENGINE_SOCKET", &socket);
        command
    };

    let launched_line = plugin_line(&mut pass, "go-launched", |l| l.ends_with("running"));
    let columns: Vec<&str> = launched_line
        .split("  ")
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(
        columns.iter().map(|c| c.trim()).collect::<Vec<_>>(),
        [
            "go-launched",
            "v0.1.0",
            "go/**",
            "secrets provider",
            "running"
        ],
        "a launched plugin is not called external: {launched_line}"
    );
    let listed = ok(&mut pass(), &["plugins", "ls"]);
    assert_eq!(
        listed
            .lines()
            .next()
            .map(|l| l.split_whitespace().collect::<Vec<_>>()),
        Some(vec!["NAME", "VERSION", "PATTERN", "KIND", "STATE"])
    );
    let builtin = listed
        .lines()
        .find(|l| l.starts_with("docker-pass "))
        .expect("the docker-pass builtin");
    assert!(
        builtin.contains("secrets provider (builtin)") && builtin.ends_with("  running"),
        "{listed}"
    );
    // `plugins` alone lists them too, and so does the Docker CLI.
    assert_eq!(ok(&mut pass(), &["plugins"]), listed);
    assert_eq!(
        ok(
            &mut docker.docker(Some(&socket)),
            &["pass", "plugins", "ls"]
        ),
        listed
    );
    assert_eq!(
        ok(
            &mut docker.docker(Some(&socket)),
            &["pass", "plugins", "list"]
        ),
        listed
    );

    // Disabled: listed so, not asked, and remembered by name.
    assert_eq!(
        ok(
            &mut docker.docker(Some(&socket)),
            &["pass", "plugins", "disable", "docker-pass"]
        ),
        "docker-pass\n"
    );
    plugin_line(&mut pass, "docker-pass", |l| l.ends_with("  disabled"));
    let output = run(&mut pass(), &["resolve", "db/password"]);
    assert_eq!(output.status.code(), Some(1), "{}", show(&output));
    assert!(
        text(&output.stderr).contains("no secret matches"),
        "{}",
        show(&output)
    );
    assert!(
        ok(&mut pass(), &["status"]).contains("Not serving: docker-pass (disabled)"),
        "status names the disabled plugin"
    );
    assert_eq!(
        ok(&mut pass(), &["resolve", "go/token"]),
        "ID        PROVIDER\ngo/token  go-launched\n"
    );
    assert_eq!(
        ok(&mut pass(), &["plugins", "enable", "docker-pass"]),
        "docker-pass\n"
    );
    plugin_line(&mut pass, "docker-pass", |l| l.ends_with("  running"));
    assert_eq!(
        ok(&mut pass(), &["resolve", "db/password", "--value"]),
        "s3cret\n"
    );

    // Unknown names and missing names are told apart from other failures.
    for action in ["enable", "disable"] {
        let output = run(&mut pass(), &["plugins", action, "nope"]);
        assert_eq!(output.status.code(), Some(1), "{}", show(&output));
        assert_eq!(
            text(&output.stderr),
            "Error: no plugin named \"nope\": `docker-pass plugins ls` lists them\n"
        );
        let output = run(&mut pass(), &["plugins", action]);
        assert_eq!(output.status.code(), Some(2), "{}", show(&output));
    }
    let output = run(
        &mut docker.docker(Some(&socket)),
        &["pass", "plugins", "enable", "nope"],
    );
    assert!(
        text(&output.stderr).contains("`docker pass plugins ls` lists them"),
        "{}",
        show(&output)
    );
    drop(engine);
}
