//! A connection's caller is the program that connected, for as long as the
//! connection lasts, through the real binary and socket: a process that
//! execs another program after connecting, keeping the connection open (or
//! leaving it to a child), has the connection's requests refused; a program
//! that connects by itself is served.
//!
//! The programs: this test binary is the one the policy allows; a copy of it
//! elsewhere is another executable, which the policy denies. Both run the
//! ignored `exec_helper` below in the role the environment names.

mod common;

use std::io::{Read, Write};
use std::os::fd::AsFd;

use command_fds::{CommandFdExt, FdMapping};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{GET_SECRETS, file_store_config, post_json, spawn, stop, wait_ready};

const SECRET_VALUE: &str = "hunter2-correct-horse";
const REFUSED: &str = "the connecting process exec'd or exited since it connected; reconnect";

/// Which step of a scenario a helper process plays, and its inputs.
const ROLE: &str = "CALLER_EXEC_ROLE";
const SOCKET: &str = "CALLER_EXEC_SOCKET";
const EXEC_INTO: &str = "CALLER_EXEC_INTO";
const WAIT_PARENT_EXE: &str = "CALLER_EXEC_WAIT_PARENT_EXE";
const DONE: &str = "CALLER_EXEC_DONE";

/// An engine whose policy lets only this test binary read `db/**`, and a
/// copy of this binary (which the policy does not name) in `dir`.
struct World {
    dir: tempfile::TempDir,
    socket: PathBuf,
    allowed: PathBuf,
    denied: PathBuf,
}

fn world() -> (World, std::process::Child) {
    let dir = tempfile::tempdir().expect("tempdir");
    let allowed = std::env::current_exe().expect("current exe");
    std::fs::write(
        dir.path().join("secrets.toml"),
        format!("[secrets.\"db/password\"]\nvalue = \"{SECRET_VALUE}\"\n"),
    )
    .expect("secrets");
    std::fs::write(
        dir.path().join("policy.toml"),
        format!(
            "[[rule]]\naction = \"allow\"\nsecrets = [\"db/**\"]\nexecutables = [{:?}]\n\
             [[rule]]\naction = \"deny\"\nsecrets = [\"db/**\"]\n",
            allowed.display().to_string()
        ),
    )
    .expect("policy");
    let config = dir.path().join("engine.toml");
    std::fs::write(
        &config,
        file_store_config("launched_plugins = false\npolicy_file = \"policy.toml\""),
    )
    .expect("config");
    let denied = dir.path().join("denied-copy");
    std::fs::copy(&allowed, &denied).expect("copy the test binary");
    let socket = dir.path().join("engine.sock");
    let engine = spawn(&socket, &config, "info");
    (
        World {
            dir,
            socket,
            allowed,
            denied,
        },
        engine,
    )
}

/// Runs `program`'s `exec_helper` with `env`; everything it and the
/// processes it leaves behind print.
fn run_helper(program: &Path, env: &[(&str, &std::ffi::OsStr)]) -> String {
    let output = Command::new(program)
        .args([
            "--exact",
            "exec_helper",
            "--ignored",
            "--nocapture",
            "--quiet",
        ])
        .envs(env.iter().copied())
        .output()
        .expect("run the helper");
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[tokio::test]
async fn an_allowed_program_that_execs_another_loses_its_connection() {
    let (world, engine) = world();
    wait_ready(&world.socket).await;

    // The honest case: the allowed program, connecting by itself, is served.
    let (status, body) =
        post_json(&world.socket, GET_SECRETS, r#"{"pattern":"db/password"}"#).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) =
        post_json(&world.socket, GET_SECRETS, r#"{"pattern":"db/password"}"#).await;
    assert_eq!(status, 200, "{body}");

    // The allowed program connects, is served on that connection, then
    // execs the denied one, which asks on the inherited connection.
    let answer = run_helper(
        &world.allowed,
        &[
            (ROLE, "connect-then-exec".as_ref()),
            (SOCKET, world.socket.as_os_str()),
            (EXEC_INTO, world.denied.as_os_str()),
        ],
    );
    assert!(answer.contains("first answer: HTTP/1.1 200"), "{answer}");
    let last = answer
        .split_once("last answer:")
        .map(|(_, last)| last)
        .unwrap_or_else(|| panic!("no last answer:\n{answer}"));
    assert!(
        last.contains("HTTP/1.1 403") && last.contains("permission_denied"),
        "{answer}"
    );
    assert!(last.contains(REFUSED), "{answer}");
    assert!(!last.contains(SECRET_VALUE), "{answer}");

    let (exit, log) = stop(engine);
    assert!(exit.success(), "{log}");
    assert!(
        log.contains("the process that connected exec'd or exited since"),
        "{log}"
    );
    assert!(!log.contains(SECRET_VALUE), "{log}");
    drop(world.dir);
}

#[tokio::test]
async fn a_denied_program_that_execs_an_allowed_one_gains_nothing() {
    let (world, engine) = world();
    wait_ready(&world.socket).await;

    // The denied program connects and is refused; it starts a child that
    // keeps the connection, and execs the allowed program; the child asks
    // again once its parent runs the allowed program.
    let done = world.dir.path().join("done");
    let answer = run_helper(
        &world.denied,
        &[
            (ROLE, "connect-fork-exec".as_ref()),
            (SOCKET, world.socket.as_os_str()),
            (EXEC_INTO, world.allowed.as_os_str()),
            (DONE, done.as_os_str()),
        ],
    );
    assert!(answer.contains("first answer: HTTP/1.1 403"), "{answer}");
    let last = answer
        .split_once("last answer:")
        .map(|(_, last)| last)
        .unwrap_or_else(|| panic!("no last answer:\n{answer}"));
    assert!(last.contains("HTTP/1.1 403"), "{answer}");
    assert!(last.contains(REFUSED), "{answer}");
    assert!(!last.contains(SECRET_VALUE), "{answer}");

    // The allowed program itself still is served.
    let (status, body) =
        post_json(&world.socket, GET_SECRETS, r#"{"pattern":"db/password"}"#).await;
    assert_eq!(status, 200, "{body}");
    let (exit, log) = stop(engine);
    assert!(exit.success(), "{log}");
    assert!(!log.contains(SECRET_VALUE), "{log}");
}

/// Sends one GetSecrets for `db/password` on `stream` and reads its whole
/// answer (`close`: the last on the connection).
fn get_secret(stream: &mut UnixStream, close: bool) -> String {
    let body = r#"{"pattern":"db/password"}"#;
    let connection = if close { "close" } else { "keep-alive" };
    write!(
        stream,
        "POST {GET_SECRETS} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Connection: {connection}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    let mut answer = Vec::new();
    let mut byte = [0u8; 1];
    while !answer.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).expect("read the head");
        answer.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&answer).to_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("content-length");
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).expect("read the body");
    answer.extend(body);
    String::from_utf8_lossy(&answer).into_owned()
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"))
}

/// `program`'s `exec_helper` as `role`, with `env` and `stream` as its
/// standard input (which survives exec, as any descriptor can).
fn helper_command(program: &Path, role: &str, stream: &UnixStream) -> Command {
    let mut command = Command::new(program);
    command
        .args([
            "--exact",
            "exec_helper",
            "--ignored",
            "--nocapture",
            "--quiet",
        ])
        .env(ROLE, role);
    command
        .fd_mappings(vec![FdMapping {
            parent_fd: stream.try_clone().expect("dup").into(),
            child_fd: 0,
        }])
        .expect("fd 0");
    command
}

/// The connection a helper was given as its standard input.
fn inherited_connection() -> UnixStream {
    UnixStream::from(std::io::stdin().as_fd().try_clone_to_owned().expect("dup"))
}

/// The processes the tests above run, in the role `CALLER_EXEC_ROLE` names;
/// nothing without one. Not a test of its own.
#[test]
#[ignore = "run by the tests above, in a role"]
fn exec_helper() {
    let Ok(role) = std::env::var(ROLE) else {
        return;
    };
    match role.as_str() {
        // Connect, be answered once (so the engine has accepted and read who
        // connected), then exec `EXEC_INTO` with the connection open.
        "connect-then-exec" => {
            let mut stream = UnixStream::connect(env(SOCKET)).expect("connect");
            let first = get_secret(&mut stream, false);
            println!("first answer: {}", first.lines().next().unwrap_or_default());
            let error = helper_command(env(EXEC_INTO).as_ref(), "send", &stream).exec();
            panic!("exec: {error}");
        }
        // The same, leaving the connection to a child, which asks once this
        // process runs `EXEC_INTO`; this process then waits for the child.
        "connect-fork-exec" => {
            let mut stream = UnixStream::connect(env(SOCKET)).expect("connect");
            let first = get_secret(&mut stream, false);
            println!("first answer: {}", first.lines().next().unwrap_or_default());
            let me = std::env::current_exe().expect("current exe");
            // Exec leaves the child to the program this process becomes,
            // which waits for its answer, not for it: once that ends, the
            // child is reparented and reaped by the system.
            #[expect(clippy::zombie_processes, reason = "outlives this program by design")]
            helper_command(&me, "send", &stream)
                .env(WAIT_PARENT_EXE, env(EXEC_INTO))
                .spawn()
                .expect("start the child");
            let error = helper_command(env(EXEC_INTO).as_ref(), "linger", &stream).exec();
            panic!("exec: {error}");
        }
        // Ask on the inherited connection, after the parent runs
        // `WAIT_PARENT_EXE` if named; say so in `DONE` if named.
        "send" => {
            if let Ok(parent_exe) = std::env::var(WAIT_PARENT_EXE) {
                let parent = format!("/proc/{}/exe", nix::unistd::getppid());
                let started = Instant::now();
                while std::fs::read_link(&parent).ok() != Some(PathBuf::from(&parent_exe)) {
                    assert!(started.elapsed() < Duration::from_secs(20), "no exec");
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
            let mut stream = inherited_connection();
            println!("last answer: {}", get_secret(&mut stream, true));
            if let Ok(done) = std::env::var(DONE) {
                std::fs::write(done, "").expect("done");
            }
        }
        // Stay alive, as the program the connecting process became, until
        // the child has its answer.
        "linger" => {
            let started = Instant::now();
            while !Path::new(&env(DONE)).exists() && started.elapsed() < Duration::from_secs(20) {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        other => panic!("unknown role {other}"),
    }
}
