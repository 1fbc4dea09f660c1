//! The commands that ask the running engine, end to end: `docker-pass set`
//! writes the encrypted file store, the engine (its default configuration)
//! serves it on a private socket, and `run`, `resolve`, `plugins` and
//! `status` ask that engine through the Rust client.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{FileWorld, RunningEngine, ok, run};

/// A file store with three secrets and the engine serving it.
fn world() -> (FileWorld, RunningEngine) {
    let world = FileWorld::new();
    for arg in [
        "db/password=password-value",
        "db/user=user-value",
        "app/token=token-value",
    ] {
        ok(&mut world.docker_pass(), &["set", arg]);
    }
    let engine = world.default_engine(None);
    (world, engine)
}

/// `docker-pass` talking to the engine on `socket`.
fn pass(world: &FileWorld, socket: &Path) -> Command {
    let mut command = world.docker_pass();
    command.env("DOCKER_SECRETS_ENGINE_SOCKET", socket);
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn run_puts_resolved_references_in_the_childs_environment_only() {
    let (world, engine) = world();
    let env_file = world.dir.path().join(".env");
    std::fs::write(
        &env_file,
        "API_TOKEN=se://app/token\nOVERRIDDEN=from-file\n# a comment\nQUOTED=\"two words\"\n",
    )
    .expect("env file");
    let output = run(
        pass(&world, &engine.socket)
            .env("DB_PASSWORD", "se://db/password")
            .env("OVERRIDDEN", "from-process")
            .env("PLAIN", "plain-value"),
        &[
            "run",
            "--env-file",
            env_file.to_str().expect("utf-8"),
            "--",
            "sh",
            "-c",
            "printf '%s|%s|%s|%s|%s\\n' \"$DB_PASSWORD\" \"$API_TOKEN\" \"$OVERRIDDEN\" \"$QUOTED\" \"$PLAIN\"; \
             printf '%s\\n' \"$0\" \"$@\"",
            "arg-zero",
            "--flag",
        ],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert_eq!(
        stdout,
        "password-value|token-value|from-file|two words|plain-value\narg-zero\n--flag\n"
    );
    // Nothing else printed a value.
    assert!(
        !text(&output.stderr).contains("value"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn run_starts_nothing_when_a_reference_does_not_resolve() {
    let (world, engine) = world();
    let marker = world.dir.path().join("started");
    let touch = format!("touch '{}'", marker.display());
    for (reference, expected) in [
        (
            "se://db/missing",
            "resolving NEEDED: no secret matches \"db/missing\"",
        ),
        ("se://db/*", "resolving NEEDED: 2 secrets matched db/*"),
        ("se://db//x", "resolving NEEDED: invalid argument"),
    ] {
        let output = run(
            pass(&world, &engine.socket)
                .env("NEEDED", reference)
                .env("FINE", "se://app/token"),
            &["run", "--", "sh", "-c", &touch],
        );
        assert_eq!(output.status.code(), Some(1), "{reference}");
        let stderr = text(&output.stderr);
        assert!(stderr.contains(expected), "{reference}: {stderr}");
        assert!(!marker.exists(), "the command started despite {reference}");
    }
}

#[test]
fn run_returns_the_childs_status_and_forwards_sigterm() {
    let (world, engine) = world();
    let output = run(
        &mut pass(&world, &engine.socket),
        &["run", "--", "sh", "-c", "exit 7"],
    );
    assert_eq!(output.status.code(), Some(7));

    // The child traps SIGTERM and exits 42 when it arrives; the signal is
    // sent to docker-pass only.
    let ready = world.dir.path().join("ready");
    let script = format!(
        "trap 'exit 42' TERM; touch '{}'; while :; do sleep 0.05; done",
        ready.display()
    );
    let mut child = pass(&world, &engine.socket)
        .env("SECRET", "se://db/user")
        .args(["run", "--", "sh", "-c", &script])
        .stdin(Stdio::null())
        .spawn()
        .expect("docker-pass run");
    let started = Instant::now();
    while !ready.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the child never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).expect("SIGTERM");
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(42), "the child's own exit status");
}

#[test]
fn resolve_plugins_and_status_show_no_values_unless_asked() {
    let (world, engine) = world();
    let listed = ok(&mut pass(&world, &engine.socket), &["resolve", "db/*"]);
    assert_eq!(
        listed,
        "ID           PROVIDER\ndb/password  docker-pass\ndb/user      docker-pass\n"
    );
    let value = ok(
        &mut pass(&world, &engine.socket),
        &["resolve", "db/user", "--value"],
    );
    assert_eq!(value, "user-value\n");
    let json = ok(
        &mut pass(&world, &engine.socket),
        &["resolve", "app/**", "--json"],
    );
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(parsed[0]["id"], "app/token");
    assert_eq!(
        parsed[0]["value"], "dG9rZW4tdmFsdWU=",
        "base64 of token-value"
    );
    let output = run(
        &mut pass(&world, &engine.socket),
        &["resolve", "db/*", "--value"],
    );
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("2 secrets match db/*"));

    let plugins = ok(&mut pass(&world, &engine.socket), &["plugins"]);
    let mut lines = plugins.lines();
    assert_eq!(
        lines
            .next()
            .map(str::split_whitespace)
            .map(Iterator::collect::<Vec<_>>),
        Some(vec!["NAME", "VERSION", "PATTERN", "KIND", "STATE"])
    );
    assert!(
        plugins.lines().any(|l| l.starts_with("docker-pass ")
            && l.contains("secrets provider")
            && l.ends_with("running")),
        "{plugins}"
    );
    let status = ok(&mut pass(&world, &engine.socket), &["status"]);
    assert!(
        status.contains(&format!("running on {}", engine.socket.display())),
        "{status}"
    );
    assert!(
        status.contains(&format!("Version: v{}", env!("CARGO_PKG_VERSION"))),
        "{status}"
    );
    for output in [&listed, &plugins, &status] {
        for value in ["password-value", "user-value", "token-value"] {
            assert!(!output.contains(value), "{value} in {output}");
        }
    }
}

#[test]
fn without_an_engine_every_engine_command_fails_at_once_naming_the_socket() {
    let world = FileWorld::new();
    let socket = world.dir.path().join("no-engine.sock");
    for args in [
        &["run", "--", "true"][..],
        &["resolve", "**"],
        &["plugins"],
        &["status"],
    ] {
        let started = Instant::now();
        let output = run(
            pass(&world, &socket).env("SECRET", "se://db/password"),
            args,
        );
        assert!(started.elapsed() < Duration::from_secs(1), "{args:?}");
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains(&socket.display().to_string())
                && stderr.contains("no secrets engine is running"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn inject_renders_a_template_into_a_private_file_or_stdout() {
    use std::os::unix::fs::PermissionsExt;
    let (world, engine) = world();
    let template = world.dir.path().join("npmrc.tpl");
    std::fs::write(
        &template,
        "//registry.example/:_authToken=se://app/token\n\
         db: \"se://db/password\" (again: se://db/password)\n\
         user=se://db/user app=se://app/*\n\
         a bare se:// and an email@se.example stay\n",
    )
    .expect("template");
    let out = world.dir.path().join("out").join(".npmrc");
    std::fs::create_dir(out.parent().expect("parent")).expect("out dir");
    let output = run(
        &mut pass(&world, &engine.socket),
        &[
            "inject",
            "-i",
            template.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
        ],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(output.stdout.is_empty(), "{}", text(&output.stdout));
    assert_eq!(
        std::fs::read_to_string(&out).expect("rendered"),
        "//registry.example/:_authToken=token-value\n\
         db: \"password-value\" (again: password-value)\n\
         user=user-value app=token-value\n\
         a bare se:// and an email@se.example stay\n"
    );
    let mode = std::fs::metadata(&out).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    // Only the rendered file is left in its directory.
    assert_eq!(
        std::fs::read_dir(out.parent().expect("parent"))
            .expect("dir")
            .count(),
        1
    );

    // From stdin to stdout.
    let output = common::run_with_stdin(
        &mut pass(&world, &engine.socket),
        &["inject"],
        b"TOKEN=se://app/token",
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "TOKEN=token-value");
}

#[test]
fn inject_writes_nothing_when_a_reference_does_not_resolve() {
    let (world, engine) = world();
    let out = world.dir.path().join("config.yml");
    std::fs::write(&out, "the previous config\n").expect("previous");
    for (template, expected) in [
        (
            "a: se://app/token\nb: se://db/missing\n",
            "resolving se://db/missing: no secret matches \"db/missing\"",
        ),
        (
            "a: se://app/token\nb: se://db/*\n",
            "resolving se://db/*: 2 secrets matched db/*",
        ),
    ] {
        let output = common::run_with_stdin(
            &mut pass(&world, &engine.socket),
            &["inject", "-o", out.to_str().expect("utf-8")],
            template.as_bytes(),
        );
        assert_eq!(output.status.code(), Some(1), "{template}");
        let stderr = text(&output.stderr);
        assert!(stderr.contains(expected), "{template}: {stderr}");
        assert!(!stderr.contains("-value"), "a value in the error: {stderr}");
        assert_eq!(
            std::fs::read_to_string(&out).expect("kept"),
            "the previous config\n"
        );
    }
    assert_eq!(
        std::fs::read_dir(world.dir.path())
            .expect("dir")
            .filter(|e| e
                .as_ref()
                .expect("entry")
                .path()
                .extension()
                .is_some_and(|x| x == "tmp"))
            .count(),
        0
    );
}
