//! The programs tests run beside the one under test: the Go interop peers,
//! built from Docker's Go modules by `scripts/build-go-peers` into
//! `target/go-peers/` (see that script for the list: Docker's `docker pass`,
//! its stores, SDK plugins of both API generations, an access-control
//! module, the Go client and the January Go engine), and our own engine
//! binary for the tests of other packages.
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

/// The engine binary `secrets-engine`, in the directory of `beside` (a test's
/// own `CARGO_BIN_EXE_<name>`), brought up to date once per test process: it
/// is another package's binary, which `cargo test -p <package>` alone would
/// leave stale or unbuilt.
///
/// The build selects what `cargo test --workspace` builds, so that its build
/// is reused (cargo unifies features over what a command selects). It runs
/// without the variables cargo sets for the test process (`CARGO_PKG_NAME`,
/// `CARGO_MANIFEST_DIR`, ...): build scripts that track them (ring's does)
/// would otherwise see them changed and rebuild their crate and everything
/// above it, twice per test run, while the test waits.
///
/// # Panics
/// When the build fails: a test that needs the engine cannot run.
pub fn engine_binary(beside: &str) -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut command = Command::new(cargo);
        command
            .args([
                "build",
                "--quiet",
                "--workspace",
                "--tests",
                "--bin",
                "secrets-engine",
            ])
            .current_dir(repo());
        for (key, _) in std::env::vars_os() {
            let Some(key) = key.to_str() else { continue };
            if is_set_by_cargo_for_the_test(key) {
                command.env_remove(key);
            }
        }
        let status = command.status().expect("run cargo build");
        assert!(status.success(), "cargo build --bin secrets-engine failed");
        Path::new(beside).with_file_name("secrets-engine")
    })
}

/// Whether `key` is one of the variables cargo sets for the crate it runs
/// (cargo's "environment variables Cargo sets for crates").
fn is_set_by_cargo_for_the_test(key: &str) -> bool {
    key.starts_with("CARGO_PKG_")
        || key.starts_with("CARGO_MANIFEST_")
        || key.starts_with("CARGO_BIN_")
        || matches!(
            key,
            "CARGO_CRATE_NAME" | "CARGO_PRIMARY_PACKAGE" | "CARGO_TARGET_TMPDIR" | "OUT_DIR"
        )
}
