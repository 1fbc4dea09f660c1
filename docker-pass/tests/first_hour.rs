//! Traps a new user met in their first hour with `docker-pass`, each through
//! the real binary: `set ID` on a terminal and with an empty stdin, `get`
//! on a missing ID or a pattern, and a `docker-pass` and an engine that use
//! different stores.

mod common;

use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{FileWorld, RunningEngine, fails, ok, run_with_stdin};
use nix::sys::termios::{LocalFlags, tcgetattr};

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

#[test]
fn set_from_an_empty_stdin_is_refused_and_stores_nothing() {
    let world = FileWorld::new();
    for args in [
        &["set", "db/password"][..],
        &["set", "db/password", "--metadata", "a=b"],
    ] {
        let output = run_with_stdin(&mut world.docker_pass(), args, b"");
        assert_eq!(output.status.code(), Some(1), "{}", show(&output));
        assert_eq!(
            text(&output.stderr),
            "Error: no value for db/password: stdin was empty, nothing was stored (give the value \
             on stdin, or as `docker-pass set db/password=VALUE`)\n"
        );
    }
    assert_eq!(ok(&mut world.docker_pass(), &["ls"]), "");
    // Any byte is a value, a lone newline too; and `ID=` stores an empty
    // value on purpose, as Docker's does.
    let output = run_with_stdin(&mut world.docker_pass(), &["set", "db/newline"], b"\n");
    assert!(output.status.success(), "{}", show(&output));
    ok(&mut world.docker_pass(), &["set", "db/empty="]);
    assert_eq!(
        ok(&mut world.docker_pass(), &["get", "--show", "db/newline"]),
        "ID: db/newline\nValue: \n\n"
    );
    assert_eq!(
        ok(&mut world.docker_pass(), &["get", "--show", "db/empty"]),
        "ID: db/empty\nValue: \n"
    );
    // An invalid ID is refused before any value is read.
    let output = run_with_stdin(&mut world.docker_pass(), &["set", "/bad"], b"");
    assert!(
        text(&output.stderr).starts_with("Error: invalid identifier: \"/bad\""),
        "{}",
        show(&output)
    );
}

/// `docker-pass` on a pseudo-terminal: its stdin and stderr are the
/// terminal (what it prints there is collected), its stdout a pipe.
struct OnTerminal {
    child: Child,
    master: std::fs::File,
    screen: Arc<Mutex<Vec<u8>>>,
}

impl OnTerminal {
    fn start(mut command: Command) -> OnTerminal {
        let pty = nix::pty::openpty(None, None).expect("openpty");
        let slave: OwnedFd = pty.slave;
        command
            .stdin(Stdio::from(slave.try_clone().expect("dup")))
            .stderr(Stdio::from(slave))
            .stdout(Stdio::piped());
        let child = command.spawn().expect("spawn docker-pass");
        // The command's copies of the terminal are gone with it: only the
        // child holds the terminal's side now.
        drop(command);
        let master = std::fs::File::from(pty.master);
        let screen = Arc::new(Mutex::new(Vec::new()));
        let mut reader = master.try_clone().expect("dup");
        let collected = screen.clone();
        std::thread::spawn(move || {
            let mut buffer = [0u8; 256];
            // Ends when the child's side closes (EIO) or on error.
            while let Ok(n @ 1..) = reader.read(&mut buffer) {
                collected
                    .lock()
                    .expect("lock")
                    .extend_from_slice(&buffer[..n]);
            }
        });
        OnTerminal {
            child,
            master,
            screen,
        }
    }

    fn screen(&self) -> String {
        text(&self.screen.lock().expect("lock"))
    }

    fn wait_for_screen(&self, expected: &str) {
        let started = Instant::now();
        while !self.screen().contains(expected) {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "{expected:?} never showed; the terminal shows {:?}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn type_in(&mut self, keys: &[u8]) {
        self.master.write_all(keys).expect("type");
    }

    /// Whether the terminal echoes what is typed.
    fn echoes(&self) -> bool {
        tcgetattr(&self.master)
            .expect("tcgetattr")
            .local_flags
            .contains(LocalFlags::ECHO)
    }

    fn finish(self) -> (std::process::ExitStatus, String, String) {
        let output = self.child.wait_with_output().expect("wait");
        // What was still in flight on the terminal.
        std::thread::sleep(Duration::from_millis(100));
        let screen = text(&self.screen.lock().expect("lock"));
        (output.status, text(&output.stdout), screen)
    }
}

#[test]
fn set_on_a_terminal_prompts_without_echo() {
    let world = FileWorld::new();
    // The store exists already, so nothing else is printed.
    ok(&mut world.docker_pass(), &["set", "db/other=x"]);
    let secret = "typed-s3cret value";
    let mut terminal = OnTerminal::start({
        let mut command = world.docker_pass();
        command.args(["set", "db/typed"]);
        command
    });
    terminal.wait_for_screen("Secret: ");
    assert!(!terminal.echoes(), "echo is off while the secret is typed");
    terminal.type_in(format!("{secret}\n").as_bytes());
    let echoes_after = {
        let started = Instant::now();
        while terminal.child.try_wait().expect("try_wait").is_none() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "set never ended"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        terminal.echoes()
    };
    let (status, stdout, screen) = terminal.finish();
    assert!(status.success(), "{status}: {screen}");
    assert_eq!(stdout, "");
    assert!(
        !screen.contains("typed"),
        "the secret was echoed: {screen:?}"
    );
    assert_eq!(
        screen.replace('\r', ""),
        "Secret: \n",
        "only the prompt and the newline"
    );
    assert!(echoes_after, "echo is back on once set ends");
    // The line, without its newline, is the value.
    assert_eq!(
        ok(&mut world.docker_pass(), &["get", "--show", "db/typed"]),
        format!("ID: db/typed\nValue: {secret}\n")
    );
}

#[test]
fn set_on_a_terminal_refuses_an_empty_line_and_restores_echo_when_interrupted() {
    let world = FileWorld::new();
    let mut terminal = OnTerminal::start({
        let mut command = world.docker_pass();
        command.args(["set", "db/typed"]);
        command
    });
    terminal.wait_for_screen("Secret: ");
    terminal.type_in(b"\n");
    let (status, _, screen) = terminal.finish();
    assert_eq!(status.code(), Some(1), "{screen}");
    assert!(
        screen.contains("Error: no value typed for db/typed: nothing was stored"),
        "{screen:?}"
    );

    // Ctrl-C (SIGINT) at the prompt: echo comes back, nothing is stored,
    // and the status says the signal ended it.
    let terminal = OnTerminal::start({
        let mut command = world.docker_pass();
        command.args(["set", "db/typed"]);
        command
    });
    terminal.wait_for_screen("Secret: ");
    assert!(!terminal.echoes());
    let pid = nix::unistd::Pid::from_raw(i32::try_from(terminal.child.id()).expect("pid"));
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT).expect("SIGINT");
    let master = terminal.master.try_clone().expect("dup");
    let (status, _, screen) = terminal.finish();
    assert_eq!(status.code(), Some(130), "{screen}");
    assert!(
        tcgetattr(&master)
            .expect("tcgetattr")
            .local_flags
            .contains(LocalFlags::ECHO),
        "echo restored after Ctrl-C"
    );
    assert_eq!(ok(&mut world.docker_pass(), &["ls"]), "");
}

#[test]
fn get_names_the_missing_id_and_refuses_a_pattern_in_words() {
    let world = FileWorld::new();
    ok(&mut world.docker_pass(), &["set", "db/password=s3cret"]);
    for args in [&["get", "nope/x"][..], &["get", "--show", "nope/x"]] {
        assert_eq!(
            fails(&mut world.docker_pass(), args),
            "Error: secret not found: nope/x\n",
            "{args:?}"
        );
    }
    for args in [&["get", "--show", "db/*"][..], &["get", "db/**"]] {
        let pattern = args[args.len() - 1];
        let stderr = fails(&mut world.docker_pass(), args);
        assert_eq!(
            stderr,
            format!(
                "Error: get takes one secret ID, not a pattern ({pattern:?}): to see the secrets \
                 it matches, run `docker-pass ls` (the store) or `docker-pass resolve '{pattern}'` \
                 (the engine)\n"
            )
        );
        assert!(!stderr.contains("A-Za-z"), "no raw regex: {stderr}");
    }
    // Under the Docker CLI, the hint says the command as typed there.
    let stderr = fails(
        world
            .docker_pass()
            .env("DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND", "docker"),
        &["pass", "get", "db/*"],
    );
    assert!(stderr.contains("run `docker pass ls`"), "{stderr}");
    // Not an ID and not a pattern either: Docker's message.
    assert!(
        fails(&mut world.docker_pass(), &["get", "a//b"])
            .starts_with("Error: invalid identifier: \"a//b\"")
    );
}

/// The engine (default configuration) on `store`, with the world's
/// identity and its own state directory.
fn engine_on(world: &FileWorld, store: &Path) -> RunningEngine {
    let file = PathBuf::from("file");
    let identity = world.identity();
    let state = world.dir.path().join("state");
    RunningEngine::start(
        world.dir.path(),
        None,
        &[
            ("DOCKER_PASS_STORE", &file),
            ("DOCKER_PASS_FILE_STORE", store),
            ("DOCKER_PASS_IDENTITY_FILE", &identity),
            ("XDG_STATE_HOME", &state),
        ],
    )
}

fn pass(world: &FileWorld, socket: &Path) -> Command {
    let mut command = world.docker_pass();
    command.env("DOCKER_SECRETS_ENGINE_SOCKET", socket);
    command
}

#[test]
fn status_shows_both_stores_and_says_when_they_differ() {
    let world = FileWorld::new();
    ok(&mut world.docker_pass(), &["set", "db/password=s3cret"]);
    let other = world.dir.path().join("other-store");
    let engine = engine_on(&world, &other);
    let status = ok(&mut pass(&world, &engine.socket), &["status"]);
    let own_line = format!(
        "Store:   encrypted file store at {}\n",
        world.store().display()
    );
    assert!(status.contains(&own_line), "{status}");
    assert!(
        status.contains(&format!(
            "Engine's store: encrypted file store at {} (X25519 identity) (plugin docker-pass)\n",
            other.display()
        )),
        "{status}"
    );
    assert!(
        status.contains(
            "Warning: docker-pass and the engine use different stores: secrets set here are not \
             served by the engine."
        ),
        "{status}"
    );
    // `run`, whose user sees only that a reference did not resolve, gets
    // the same hint.
    let hint = format!(
        "(the engine serves encrypted file store at {} (X25519 identity) (plugin docker-pass), \
         but docker-pass writes encrypted file store at {}: `docker-pass status` says more)",
        other.display(),
        world.store().display()
    );
    // `resolve` sends only the request it is asked for; `status` says why.
    assert_eq!(
        fails(
            &mut pass(&world, &engine.socket),
            &["resolve", "db/password"]
        ),
        "Error: no secret matches \"db/password\"\n"
    );
    let stderr = fails(
        pass(&world, &engine.socket).env("DB", "se://db/password"),
        &["run", "--", "true"],
    );
    assert!(
        stderr.starts_with("Error: resolving DB: no secret matches") && stderr.contains(&hint),
        "{stderr}"
    );
    drop(engine);

    // The same store: no warning, no hint.
    let engine = engine_on(&world, &world.store());
    let status = ok(&mut pass(&world, &engine.socket), &["status"]);
    assert!(status.contains(&own_line), "{status}");
    assert!(!status.contains("Warning"), "{status}");
    assert!(
        status.contains(&format!(
            "Engine's store: encrypted file store at {} (X25519 identity)",
            world.store().display()
        )),
        "{status}"
    );
    let stderr = fails(
        pass(&world, &engine.socket).env("DB", "se://db/missing"),
        &["run", "--", "true"],
    );
    assert_eq!(
        stderr,
        "Error: resolving DB: no secret matches \"db/missing\"\n"
    );
    assert_eq!(
        ok(
            &mut pass(&world, &engine.socket),
            &["resolve", "db/password", "--value"]
        ),
        "s3cret\n"
    );
    // Nothing here ever shows a value.
    assert!(!status.contains("s3cret"));
}
