//! Helpers shared by docker-pass's integration tests: the binaries under
//! test, the Go peers, and a private store per test.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `docker-pass` as built for these tests.
pub fn docker_pass_bin() -> &'static str {
    env!("CARGO_BIN_EXE_docker-pass")
}

/// The engine binary beside `docker-pass`, brought up to date once per test
/// process.
pub fn engine_bin() -> &'static Path {
    interop_peers::engine_binary(docker_pass_bin())
}

pub use interop_peers::go_peer;

/// Panics unless a real Secret Service was started for the tests.
pub fn require_keyring() {
    // Both the flag and the private session's directory: a flag exported by
    // mistake on a desktop must not point these tests (which remove every
    // docker-pass secret) at the user's real keychain.
    let private_session = std::env::var_os("SECRETS_TEST_KEYRING_DIR")
        .is_some_and(|dir| Path::new(&dir).join("config").is_file());
    assert!(
        std::env::var_os("SECRETS_TEST_KEYRING").is_some() && private_session,
        "this test needs a real Secret Service: run it under scripts/with-keyring \
         (scripts/test does), e.g. scripts/with-keyring cargo test -p docker-pass"
    );
}

/// A private encrypted file store (a directory and an identity file).
pub struct FileWorld {
    pub dir: tempfile::TempDir,
}

impl FileWorld {
    pub fn new() -> Self {
        FileWorld {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    pub fn identity(&self) -> PathBuf {
        self.dir.path().join("identity.txt")
    }

    /// `docker-pass` on this store.
    pub fn docker_pass(&self) -> Command {
        let mut command = Command::new(docker_pass_bin());
        command
            .env("DOCKER_PASS_STORE", "file")
            .env("DOCKER_PASS_FILE_STORE", self.store())
            .env("DOCKER_PASS_IDENTITY_FILE", self.identity())
            .env_remove("DOCKER_PASS_PASSPHRASE")
            .env_remove("DOCKER_PASS_PASSPHRASE_FILE");
        command
    }

    /// The engine with its default configuration (no `--config`) serving
    /// this file store; `docker_config` is the Docker CLI's `config.json` to
    /// give it, if any.
    pub fn default_engine(&self, docker_config: Option<&str>) -> RunningEngine {
        let docker = self.dir.path().join("docker");
        std::fs::create_dir_all(&docker).expect("mkdir");
        if let Some(json) = docker_config {
            std::fs::write(docker.join("config.json"), json).expect("config.json");
        }
        let file = PathBuf::from("file");
        let (store, identity) = (self.store(), self.identity());
        RunningEngine::start(
            self.dir.path(),
            None,
            &[
                ("DOCKER_CONFIG", &docker),
                ("DOCKER_PASS_STORE", &file),
                ("DOCKER_PASS_FILE_STORE", &store),
                ("DOCKER_PASS_IDENTITY_FILE", &identity),
            ],
        )
    }

    /// Go's posixage store on this store, with the same identity.
    pub fn posixage_go(&self) -> Command {
        let mut command = Command::new(go_peer("posixage-go"));
        command
            .arg("--root")
            .arg(self.store())
            .arg("--identity")
            .arg(self.identity());
        command
    }
}

/// Runs `command` with `args` (and `stdin`), returning its output.
pub fn run(command: &mut Command, args: &[&str]) -> Output {
    run_with_stdin(command, args, b"")
}

pub fn run_with_stdin(command: &mut Command, args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

/// Runs and asserts success; returns stdout.
pub fn ok(command: &mut Command, args: &[&str]) -> String {
    let output = run(command, args);
    assert!(
        output.status.success(),
        "{args:?} failed ({}):\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 stdout")
}

/// Runs and asserts failure with exit status 1; returns stderr.
pub fn fails(command: &mut Command, args: &[&str]) -> String {
    let output = run(command, args);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{args:?} should fail with status 1:\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stderr).expect("UTF-8 stderr")
}

/// A GetSecrets request over Connect JSON on the engine socket: status and body.
pub fn get_secrets(socket: &Path, pattern: &str) -> (u16, serde_json::Value) {
    use std::io::{Read, Write};
    let mut stream = std::os::unix::net::UnixStream::connect(socket).expect("connect");
    let body = serde_json::json!({ "pattern": pattern }).to_string();
    let request = format!(
        "POST /resolver.v1.ResolverService/GetSecrets HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    // Connection: close answers are not chunked here unless the head says so.
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_owned()
    };
    let json = serde_json::from_str(&body).unwrap_or(serde_json::Value::String(body));
    (status, json)
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 {
            break;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
    out
}

/// The engine started on a private socket with `config` (a file) or none
/// (its default: the docker-pass store), and `env` added; its log is
/// collected in a file.
pub struct RunningEngine {
    pub child: std::process::Child,
    pub socket: PathBuf,
    pub log: PathBuf,
}

impl RunningEngine {
    pub fn start(dir: &Path, config: Option<&Path>, env: &[(&str, &Path)]) -> Self {
        let socket = dir.join("engine.sock");
        let log = dir.join("engine.log");
        let mut command = Command::new(engine_bin());
        command
            .arg("--socket")
            .arg(&socket)
            .arg("--log-level")
            .arg("debug")
            .arg("--plugin-dir")
            .arg(dir.join("no-plugins"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"));
        if let Some(config) = config {
            command.arg("--config").arg(config);
        }
        // No Docker CLI configuration (so no credential helper) unless the
        // test gives one: the developer's own must not take part.
        command.env("DOCKER_CONFIG", dir.join("no-docker-config"));
        for (key, value) in env {
            command.env(key, value);
        }
        let child = command.spawn().expect("spawn secrets-engine");
        let started = std::time::Instant::now();
        while std::os::unix::net::UnixStream::connect(&socket).is_err() {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(15),
                "the engine did not listen; log:\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        RunningEngine { child, socket, log }
    }

    /// Stops it (SIGTERM) and returns its log.
    pub fn stop(mut self) -> String {
        self.terminate();
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn terminate(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(self.child.id().to_string())
                .status();
            let _ = self.child.wait();
        }
    }
}

/// A test that fails half way does not leave its engine running.
impl Drop for RunningEngine {
    fn drop(&mut self) {
        self.terminate();
    }
}
