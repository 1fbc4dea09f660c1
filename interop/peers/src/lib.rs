//! The Go interop peers for tests: programs built from Docker's Go modules
//! by `scripts/build-go-peers` into `target/go-peers/` (see that script for
//! the list: Docker's `docker pass`, its stores, SDK plugins of both API
//! generations, an access-control module, the Go client and the January Go
//! engine).
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The repository root.
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The path of the Go peer `name` (e.g. `go-engine-v0.0.21`). The first call
/// in a process runs `scripts/build-go-peers`, which builds what is missing
/// or stale (needs Go and the Go module proxy) and is instant otherwise.
///
/// # Panics
/// When the peers cannot be built: a test that needs one cannot run.
pub fn go_peer(name: &str) -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    let dir = BUILT.get_or_init(|| {
        let output = Command::new(repo().join("scripts/build-go-peers"))
            .current_dir(repo())
            .stdout(Stdio::null())
            .output()
            .expect("run scripts/build-go-peers (needs Go and the Go module proxy)");
        assert!(
            output.status.success(),
            "scripts/build-go-peers failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        // As the script resolves it: relative to the repository.
        repo()
            .join(std::env::var_os("CARGO_TARGET_DIR").unwrap_or_else(|| "target".into()))
            .join("go-peers")
    });
    dir.join(name)
}
