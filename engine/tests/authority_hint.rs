//! gRPC's C core (Python grpcio and others) sends a `unix:` channel's
//! percent-encoded socket path as the HTTP/2 `:authority`, which the HTTP/2
//! stack refuses before the engine sees the request. The real binary must
//! then log, once, how to fix the client, whether or not it runs with a
//! configuration file. The request here is written byte by byte as grpcio
//! sends it (HPACK without Huffman coding), so no Python is needed.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// What the hint tells the user to set.
const FIX: &str = "grpc.default_authority";

/// An HTTP/2 frame header: length, type, flags, stream.
fn frame(kind: u8, flags: u8, stream: u32, payload: &[u8]) -> Vec<u8> {
    let length = u32::try_from(payload.len()).expect("small frame");
    let mut bytes = length.to_be_bytes()[1..].to_vec();
    bytes.extend([kind, flags]);
    bytes.extend(stream.to_be_bytes());
    bytes.extend(payload);
    bytes
}

/// An HPACK literal header field without indexing, with a new name.
fn literal(name: &str, value: &str) -> Vec<u8> {
    let mut bytes = vec![0x00];
    for text in [name, value] {
        bytes.push(u8::try_from(text.len()).expect("short"));
        bytes.extend(text.as_bytes());
    }
    bytes
}

/// A gRPC GetSecrets call as grpcio sends it on a `unix:` channel: the
/// socket path, percent-encoded, as `:authority`.
fn grpcio_request(socket: &Path) {
    let mut stream = UnixStream::connect(socket).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let authority = socket.display().to_string().replace('/', "%2F");
    // :method POST and :scheme http from the static table.
    let mut block = vec![0x83, 0x86];
    block.extend(literal(":path", "/resolver.v1.ResolverService/GetSecrets"));
    block.extend(literal(":authority", &authority));
    block.extend(literal("content-type", "application/grpc"));
    block.extend(literal("te", "trailers"));
    let mut bytes = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
    bytes.extend(frame(0x4, 0, 0, &[])); // SETTINGS
    bytes.extend(frame(0x1, 0x4 | 0x1, 1, &block)); // HEADERS, END_HEADERS | END_STREAM
    stream.write_all(&bytes).expect("send");
    // Read until the engine has answered (a RST_STREAM for stream 1) or
    // closed: by then the HTTP/2 stack has refused the request.
    let mut seen = Vec::new();
    let mut buffer = [0; 4096];
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => seen.extend(&buffer[..n]),
        }
        if has_reset(&seen) {
            break;
        }
    }
    assert!(
        has_reset(&seen),
        "the engine did not reset the stream: {seen:02x?}"
    );
}

/// Whether the frames in `bytes` include a RST_STREAM.
fn has_reset(bytes: &[u8]) -> bool {
    let mut at = 0;
    while at + 9 <= bytes.len() {
        let length = usize::from(bytes[at]) << 16
            | usize::from(bytes[at + 1]) << 8
            | usize::from(bytes[at + 2]);
        if bytes[at + 3] == 0x3 {
            return true;
        }
        at += 9 + length;
    }
    false
}

/// The real binary with `args`, its stderr collected as it comes.
struct Engine {
    child: Child,
    log: Arc<Mutex<String>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Engine {
    fn start(dir: &Path, args: &[&str]) -> Engine {
        let mut child = Command::new(env!("CARGO_BIN_EXE_secrets-engine"))
            .args(args)
            .arg("--socket")
            .arg(dir.join("engine.sock"))
            .env_clear()
            .env("HOME", dir)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn secrets-engine");
        let log = Arc::new(Mutex::new(String::new()));
        let reader = {
            let (stderr, log) = (child.stderr.take().expect("stderr"), log.clone());
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    let mut log = log.lock().expect("log");
                    log.push_str(&line);
                    log.push('\n');
                }
            })
        };
        let socket = dir.join("engine.sock");
        let started = Instant::now();
        while UnixStream::connect(&socket).is_err() {
            if started.elapsed() > Duration::from_secs(20)
                || child.try_wait().ok().flatten().is_some()
            {
                let _ = child.kill();
                panic!("the engine did not start:\n{}", log.lock().expect("log"));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Engine {
            child,
            log,
            reader: Some(reader),
        }
    }

    /// Stops the engine (SIGTERM); its whole log, complete once it has
    /// exited.
    fn stop(mut self) -> String {
        kill(Pid::from_raw(self.child.id() as i32), Signal::SIGTERM).expect("SIGTERM");
        self.child.wait().expect("wait");
        if let Some(reader) = self.reader.take() {
            reader.join().expect("reader");
        }
        self.log.lock().expect("log").clone()
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Two refused requests, one hint.
fn assert_hint_logged_once(dir: &Path, args: &[&str]) {
    let engine = Engine::start(dir, args);
    grpcio_request(&dir.join("engine.sock"));
    grpcio_request(&dir.join("engine.sock"));
    let log = engine.stop();
    assert_eq!(
        log.matches(FIX).count(),
        1,
        "the :authority hint, once, with {args:?}:\n{log}"
    );
}

#[test]
fn the_hint_is_logged_with_a_configuration_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("secrets.toml"),
        "[secrets.\"db/password\"]\nvalue = \"s3cret\"\n",
    )
    .expect("secrets");
    let builtin = "[[builtin]]\nname = \"files\"\nversion = \"v1.0.0\"\npattern = \"**\"\n\
                   type = \"file\"\npath = \"secrets.toml\"\n";
    // The audit log's writer thread runs under a scoped dispatcher, which
    // once made tracing drop the hint (an event raised inside another).
    for engine in [
        "name = \"upstream-engine\"\nlaunched_plugins = false\n",
        "launched_plugins = false\naudit_log = \"audit.jsonl\"\n",
    ] {
        let config = dir.path().join("engine.toml");
        std::fs::write(&config, format!("[engine]\n{engine}\n{builtin}")).expect("config");
        let config = config.to_str().expect("UTF-8 path");
        assert_hint_logged_once(dir.path(), &["--config", config]);
        assert_hint_logged_once(dir.path(), &["--config", config, "--log-level", "warn"]);
    }
}

#[test]
fn the_hint_is_logged_without_a_configuration_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plugins = dir.path().join("no-plugins");
    let plugins = plugins.to_str().expect("UTF-8 path");
    assert_hint_logged_once(dir.path(), &["--plugin-dir", plugins]);
}
