//! `docker-pass` never splits the encrypted file store: with its identity
//! file gone it refuses (saying where the identity was expected and how to
//! put it back) instead of creating a new one, and a wrong passphrase or
//! another identity cannot write beside the secrets already there.

mod common;

use std::process::Stdio;

use common::{FileWorld, fails, ok};

/// The store's secret directories (hidden leftovers and the lock aside).
fn secret_dirs(world: &FileWorld) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(world.store())
        .expect("store")
        .map(|e| e.expect("entry").file_name().into_string().expect("name"))
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    names
}

#[test]
fn a_lost_identity_is_refused_not_replaced() {
    let world = FileWorld::new();
    ok(&mut world.docker_pass(), &["set", "db/password=s3cret"]);
    ok(&mut world.docker_pass(), &["set", "api/token=t0k"]);
    let backup = world.dir.path().join("identity.backup");
    std::fs::rename(world.identity(), &backup).expect("lose the identity");

    let identity = world.identity().display().to_string();
    let store = world.store().display().to_string();
    for args in [&["set", "x=y"][..], &["get", "db/password"], &["ls"]] {
        let stderr = fails(&mut world.docker_pass(), args);
        assert!(
            stderr.starts_with(&format!("Error: no identity at {identity}: ")),
            "{args:?}: {stderr}"
        );
        for needed in [
            format!("the encrypted file store at {store} holds 2 secrets encrypted to another key"),
            format!("put your backup of the identity back at {identity}"),
            "or point DOCKER_PASS_IDENTITY_FILE at it".to_owned(),
            format!("move {store} away"),
        ] {
            assert!(
                stderr.contains(&needed),
                "{args:?}: {needed:?} missing: {stderr}"
            );
        }
        assert!(!stderr.contains("s3cret"), "{stderr}");
        assert!(!world.identity().exists(), "{args:?} created an identity");
    }
    assert_eq!(secret_dirs(&world).len(), 2, "nothing was written");

    // Pointing DOCKER_PASS_IDENTITY_FILE at the backup reads and writes.
    let with_backup = || {
        let mut command = world.docker_pass();
        command.env("DOCKER_PASS_IDENTITY_FILE", &backup);
        command
    };
    assert_eq!(
        ok(&mut with_backup(), &["get", "--show", "db/password"]),
        "ID: db/password\nValue: s3cret\n"
    );
    ok(&mut with_backup(), &["set", "new/one=n"]);

    // Putting the backup back restores everything, old and new.
    std::fs::rename(&backup, world.identity()).expect("restore");
    assert_eq!(
        ok(&mut world.docker_pass(), &["ls"]),
        "api/token\ndb/password\nnew/one\n"
    );
    for (id, value) in [("api/token", "t0k"), ("new/one", "n")] {
        assert_eq!(
            ok(&mut world.docker_pass(), &["get", "--show", id]),
            format!("ID: {id}\nValue: {value}\n")
        );
    }
}

#[test]
fn moving_the_store_away_starts_over() {
    let world = FileWorld::new();
    ok(&mut world.docker_pass(), &["set", "old=1"]);
    std::fs::remove_file(world.identity()).expect("lose the identity");
    let stderr = fails(&mut world.docker_pass(), &["set", "x=y"]);
    assert!(stderr.contains("holds 1 secret encrypted"), "{stderr}");

    let moved = world.dir.path().join("store.lost");
    std::fs::rename(world.store(), &moved).expect("move the store away");
    let output = common::run(&mut world.docker_pass(), &["set", "x=y"]);
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&world.identity().display().to_string()),
        "the new identity is announced: {stderr}"
    );
    assert_eq!(ok(&mut world.docker_pass(), &["ls"]), "x\n");
    // The old store is untouched where it was moved to.
    assert!(moved.join("b2xk").join("secretage").is_file());
}

#[test]
fn another_identity_cannot_write_beside_the_secrets() {
    let world = FileWorld::new();
    ok(&mut world.docker_pass(), &["set", "db/password=s3cret"]);

    // An identity made elsewhere (on an empty store, so it is created).
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let other = elsewhere.path().join("other.txt");
    ok(
        world
            .docker_pass()
            .env("DOCKER_PASS_FILE_STORE", elsewhere.path().join("store"))
            .env("DOCKER_PASS_IDENTITY_FILE", &other),
        &["ls"],
    );
    assert!(other.is_file());

    let stderr = fails(
        world.docker_pass().env("DOCKER_PASS_IDENTITY_FILE", &other),
        &["set", "new/one=x"],
    );
    assert!(
        stderr.starts_with("Error: not writing secret new/one: "),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "the encrypted file store at {} holds 1 secret that this X25519 identity does not open",
            world.store().display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("tried secret db/password"), "{stderr}");
    assert_eq!(secret_dirs(&world), ["ZGIvcGFzc3dvcmQ="]);
    assert_eq!(
        ok(&mut world.docker_pass(), &["get", "--show", "db/password"]),
        "ID: db/password\nValue: s3cret\n"
    );
}

#[test]
fn a_wrong_passphrase_cannot_write_beside_the_secrets() {
    let world = FileWorld::new();
    let with = |passphrase: &str| {
        let mut command = world.docker_pass();
        command.env("DOCKER_PASS_PASSPHRASE", passphrase);
        command
    };
    ok(&mut with("correct horse"), &["set", "p=v"]);
    ok(&mut with("correct horse"), &["set", "q=w"]);

    let stderr = fails(&mut with("correct hose"), &["set", "r=x"]);
    assert!(
        stderr.contains("holds 2 secrets that this passphrase does not open"),
        "{stderr}"
    );
    assert!(stderr.contains("wrong passphrase"), "{stderr}");
    assert!(
        stderr.contains("DOCKER_PASS_PASSPHRASE, DOCKER_PASS_PASSPHRASE_FILE"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("horse") && !stderr.contains("hose"),
        "{stderr}"
    );
    // Not even over an existing one.
    fails(&mut with("correct hose"), &["set", "p=overwritten"]);

    // From a passphrase file too.
    let file = world.dir.path().join("passphrase");
    std::fs::write(&file, "battery staple\n").expect("write");
    let stderr = fails(
        world
            .docker_pass()
            .env("DOCKER_PASS_PASSPHRASE_FILE", &file),
        &["set", "r=x"],
    );
    assert!(stderr.contains("wrong passphrase"), "{stderr}");

    // Without the passphrase, no identity is created beside its secrets...
    let stderr = fails(&mut world.docker_pass(), &["set", "r=x"]);
    assert!(
        stderr.contains("holds 2 secrets encrypted to another key"),
        "{stderr}"
    );
    assert!(!world.identity().exists());
    // ... and one that exists cannot write there either.
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let identity = elsewhere.path().join("id.txt");
    ok(
        world
            .docker_pass()
            .env("DOCKER_PASS_FILE_STORE", elsewhere.path().join("store"))
            .env("DOCKER_PASS_IDENTITY_FILE", &identity),
        &["ls"],
    );
    let stderr = fails(
        world
            .docker_pass()
            .env("DOCKER_PASS_IDENTITY_FILE", &identity),
        &["set", "r=x"],
    );
    assert!(
        stderr.contains("it is encrypted with a passphrase key"),
        "{stderr}"
    );

    assert_eq!(secret_dirs(&world), ["cA==", "cQ=="]);
    assert_eq!(
        ok(&mut with("correct horse"), &["get", "--show", "p"]),
        "ID: p\nValue: v\n"
    );
}

#[test]
fn first_runs_at_once_share_one_identity() {
    // Several first runs on an empty store: one creates the identity, the
    // others read it, and none takes the others' secrets for a sign that the
    // identity was lost.
    for _ in 0..3 {
        let world = FileWorld::new();
        let children: Vec<_> = (0..6)
            .map(|n| {
                world
                    .docker_pass()
                    .args(["set", &format!("s{n}=v{n}")])
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        let outputs: Vec<_> = children
            .into_iter()
            .map(|child| child.wait_with_output().expect("wait"))
            .collect();
        for output in &outputs {
            assert!(output.status.success(), "{output:?}");
        }
        let announced = outputs
            .iter()
            .filter(|o| String::from_utf8_lossy(&o.stderr).contains("identity"))
            .count();
        assert_eq!(announced, 1, "one run announces the new identity");
        for n in 0..6 {
            assert_eq!(
                ok(
                    &mut world.docker_pass(),
                    &["get", "--show", &format!("s{n}")]
                ),
                format!("ID: s{n}\nValue: v{n}\n")
            );
        }
    }
}
