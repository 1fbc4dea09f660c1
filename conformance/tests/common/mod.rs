//! Helpers shared by the tests that run launched plugins.
#![allow(dead_code)]

use std::path::Path;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One request on a fresh connection: the status and the body.
pub async fn post(socket: &Path, path: &str, body: &str) -> (u16, String) {
    let Ok(mut stream) = tokio::net::UnixStream::connect(socket).await else {
        return (0, String::new());
    };
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    if stream.write_all(request.as_bytes()).await.is_err() {
        return (0, String::new());
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer).await;
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// The status of `GetSecrets` for `pattern`.
pub async fn status_of(socket: &Path, pattern: &str) -> u16 {
    let body = format!(r#"{{"pattern":"{pattern}"}}"#);
    post(socket, "/resolver.v1.ResolverService/GetSecrets", &body)
        .await
        .0
}

/// The `ListPlugins` entry named `name`, if listed.
pub async fn listed(socket: &Path, name: &str) -> Option<serde_json::Value> {
    let (status, body) = post(socket, "/resolver.v1.ListService/ListPlugins", "{}").await;
    if status != 200 {
        return None;
    }
    let list: serde_json::Value = serde_json::from_str(&body).ok()?;
    list["plugins"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == name)
        .cloned()
}

/// The PID of this process's child running `memplugin`.
pub fn memplugin_pid() -> Option<i32> {
    child_pid("memplugin", None)
}

/// The PID of this process's child whose command name is `name` and, when
/// given, that has `argument` on its command line.
pub fn child_pid(name: &str, argument: Option<&str>) -> Option<i32> {
    let me = std::process::id().to_string();
    std::fs::read_dir("/proc")
        .ok()?
        .filter_map(Result::ok)
        .find_map(|entry| {
            let pid: i32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // pid (comm) state ppid ...
            let comm = &stat[stat.find('(')? + 1..stat.rfind(')')?];
            let ppid = stat[stat.rfind(')')? + 2..].split(' ').nth(1)?;
            if ppid != me || comm != name {
                return None;
            }
            let Some(argument) = argument else {
                return Some(pid);
            };
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            cmdline
                .split(|b| *b == 0)
                .any(|arg| arg == argument.as_bytes())
                .then_some(pid)
        })
}

/// Log output captured in memory: the engine runs in the test binary, and a
/// test reads what it logged (a tracing subscriber writes here).
#[derive(Clone, Default)]
pub struct Captured(pub std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Captured {
    /// What was written so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub use interop_peers::go_peer;

/// Starts the Go peer `peer` with `args`, its stderr to `log`; killed when
/// dropped.
pub fn start_go_peer(peer: &str, args: &[&str], log: &Path) -> tokio::process::Child {
    tokio::process::Command::new(go_peer(peer))
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(log).expect("log"))
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("{peer} starts: {e}"))
}

/// Waits for a Go peer to exit (within 10 s) and asserts it exited 0 with
/// `exit: ok` as its last line; returns its log.
pub async fn go_peer_exits_cleanly(mut child: tokio::process::Child, log: &Path) -> String {
    let status = tokio::time::timeout(std::time::Duration::from_secs(10), child.wait())
        .await
        .unwrap_or_else(|_| {
            panic!(
                "the peer did not exit within 10 s; log:\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            )
        })
        .expect("wait");
    let text = std::fs::read_to_string(log).unwrap_or_default();
    assert!(status.success(), "exit {status}; log:\n{text}");
    assert!(text.trim_end().ends_with("exit: ok"), "{text}");
    text
}

/// `GetSecrets` for `pattern` (Connect JSON): the status and the body as JSON
/// (`null` when it is not JSON).
pub async fn get_json(socket: &Path, pattern: &str) -> (u16, serde_json::Value) {
    let body = serde_json::json!({ "pattern": pattern }).to_string();
    let (status, body) = post(socket, "/resolver.v1.ResolverService/GetSecrets", &body).await;
    (status, serde_json::from_str(&body).unwrap_or_default())
}

/// Runs Docker's Go client CLI (client v0.0.30, `interop/go-sdk-v0.3.2`) on
/// `socket`: (exit code, stdout, stderr).
pub async fn go_client(socket: &Path, args: &[&str]) -> (i32, String, String) {
    let output = tokio::process::Command::new(go_peer("sdk-client-v0.3.2"))
        .arg("-socket")
        .arg(socket)
        .args(args)
        .output()
        .await
        .expect("the Go client runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
