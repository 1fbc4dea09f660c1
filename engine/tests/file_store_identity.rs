//! The engine opens the same encrypted file store `docker-pass` writes. With
//! the store's identity file gone it must not create a new one (that would
//! split the store in two): it refuses to start, naming where the identity
//! was expected, and starts again once the identity is back.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{GET_SECRETS, post_json, stop, wait_ready};
use secrets_store::file::{FileKey, FileStore};
use secrets_store::{Metadata, Store};

struct World {
    dir: tempfile::TempDir,
}

impl World {
    /// A file store holding one secret, `db/password`, and its identity.
    async fn with_a_secret() -> World {
        let world = World {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        let (key, created) = FileKey::identity_file(&world.identity(), true).expect("identity");
        assert!(created);
        let store = Store::File(FileStore::open(&world.store(), key).expect("store"));
        store
            .save(
                &"db/password".parse().expect("id"),
                "s3cret".into(),
                Metadata::new(),
            )
            .await
            .expect("save");
        world
    }

    fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    fn identity(&self) -> PathBuf {
        self.dir.path().join("config/identity.txt")
    }

    fn socket(&self) -> PathBuf {
        self.dir.path().join("engine.sock")
    }

    /// The engine on a private socket; the store from the environment
    /// (`config` none) or from a configuration file.
    fn engine(&self, config: Option<&Path>) -> Child {
        let mut command = Command::new(env!("CARGO_BIN_EXE_secrets-engine"));
        command
            .arg("--socket")
            .arg(self.socket())
            .arg("--plugin-dir")
            .arg(self.dir.path().join("no-plugins"))
            .arg("--log-level")
            .arg("info")
            .env("DOCKER_CONFIG", self.dir.path().join("no-docker-config"))
            .env_remove("DOCKER_PASS_PASSPHRASE")
            .env_remove("DOCKER_PASS_PASSPHRASE_FILE")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        match config {
            Some(config) => {
                command
                    .arg("--config")
                    .arg(config)
                    .env_remove("DOCKER_PASS_FILE_STORE")
                    .env_remove("DOCKER_PASS_IDENTITY_FILE");
            }
            None => {
                command
                    .env("DOCKER_PASS_STORE", "file")
                    .env("DOCKER_PASS_FILE_STORE", self.store())
                    .env("DOCKER_PASS_IDENTITY_FILE", self.identity());
            }
        }
        command.spawn().expect("spawn secrets-engine")
    }
}

/// Waits for `child` to exit by itself: its status and log.
fn exited(mut child: Child) -> (std::process::ExitStatus, String) {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            let mut log = String::new();
            use std::io::Read;
            child
                .stderr
                .take()
                .expect("stderr")
                .read_to_string(&mut log)
                .expect("log");
            return (status, log);
        }
        if started.elapsed() > Duration::from_secs(20) {
            let (_, log) = stop(child);
            panic!("the engine kept running without its identity; log:\n{log}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

async fn refuses_then_serves_once_restored(world: &World, config: Option<&Path>) {
    let backup = world.dir.path().join("identity.backup");
    std::fs::rename(world.identity(), &backup).expect("lose the identity");

    let (status, log) = exited(world.engine(config));
    assert!(!status.success(), "{status}: {log}");
    for needed in [
        "cannot start".to_owned(),
        format!("no identity at {}", world.identity().display()),
        format!(
            "the encrypted file store at {} holds 1 secret encrypted to another key",
            world.store().display()
        ),
        "DOCKER_PASS_IDENTITY_FILE".to_owned(),
    ] {
        assert!(
            log.contains(&needed),
            "{needed:?} missing from the log:\n{log}"
        );
    }
    assert!(!world.identity().exists(), "the engine created an identity");
    assert!(
        std::os::unix::net::UnixStream::connect(world.socket()).is_err(),
        "nothing listens"
    );

    // The same engine, identity restored, serves the secret.
    std::fs::rename(&backup, world.identity()).expect("restore");
    let child = world.engine(config);
    wait_ready(&world.socket()).await;
    let (status, body) =
        post_json(&world.socket(), GET_SECRETS, r#"{"pattern":"db/password"}"#).await;
    let (_, log) = stop(child);
    assert_eq!(status, 200, "{body}\n{log}");
    // "s3cret" in base64.
    assert!(body.contains("czNjcmV0"), "{body}");
}

#[tokio::test]
async fn refuses_to_start_without_the_identity_from_the_environment() {
    let world = World::with_a_secret().await;
    refuses_then_serves_once_restored(&world, None).await;
}

#[tokio::test]
async fn refuses_to_start_without_the_identity_from_a_configuration_file() {
    let world = World::with_a_secret().await;
    let config = world.dir.path().join("engine.toml");
    std::fs::write(
        &config,
        "[[builtin]]\nname = \"docker-pass\"\nversion = \"v1.0.0\"\npattern = \"**\"\n\
         type = \"docker-pass\"\nstore = \"file\"\nfile_store = \"store\"\n\
         identity_file = \"config/identity.txt\"\n",
    )
    .expect("config");
    refuses_then_serves_once_restored(&world, Some(&config)).await;
}
