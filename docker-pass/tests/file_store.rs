//! `docker-pass` on the encrypted file store: the commands people use, bad
//! input and faults (wrong keys, damaged files, a full disk, writers killed
//! mid-write, writers at once), and interop with Docker's Go `posixage`
//! store in both directions.

mod common;

use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{FileWorld, fails, ok, run, run_with_stdin};

#[test]
fn set_get_ls_rm_as_docker_prints_them() {
    let world = FileWorld::new();
    let pass = || world.docker_pass();
    assert_eq!(ok(&mut pass(), &["ls"]), "", "an empty store lists nothing");
    ok(
        &mut pass(),
        &["set", "db/password=s3=cr=et", "--metadata", "owner=alice"],
    );
    ok(&mut pass(), &["store", "api/token="]);
    // The value on stdin is kept verbatim, trailing newline included.
    let output = run_with_stdin(&mut pass(), &["set", "multi/line"], b"one\ntwo\n");
    assert!(output.status.success());
    let output = run_with_stdin(
        &mut pass(),
        &["set", "from/json"],
        br#"{"secret":"js","metadata":{"team":"a"}}"#,
    );
    assert!(output.status.success());

    assert_eq!(
        ok(&mut pass(), &["ls"]),
        "api/token\ndb/password\nfrom/json\nmulti/line\n"
    );
    assert_eq!(
        ok(&mut pass(), &["get", "db/password"]),
        "ID: db/password\nValue: **********\n"
    );
    assert_eq!(
        ok(&mut pass(), &["get", "db/password", "--show"]),
        "ID: db/password\nValue: s3=cr=et\n"
    );
    assert_eq!(
        ok(&mut pass(), &["get", "multi/line", "--show"]),
        "ID: multi/line\nValue: one\ntwo\n\n"
    );
    let listed: serde_json::Value =
        serde_json::from_str(&ok(&mut pass(), &["list", "--json"])).expect("JSON");
    assert_eq!(listed[1]["id"], "db/password");
    assert_eq!(listed[1]["metadata"]["owner"], "alice");
    assert_eq!(listed[2]["metadata"]["team"], "a");

    assert_eq!(
        ok(&mut pass(), &["rm", "db/password", "never/set"]),
        "RM: db/password\nRM: never/set\n"
    );
    assert_eq!(
        fails(&mut pass(), &["get", "db/password"]),
        "Error: secret not found: db/password\n"
    );
    assert_eq!(
        ok(&mut pass(), &["remove", "--all"]),
        "RM: api/token\nRM: from/json\nRM: multi/line\n"
    );
    assert_eq!(ok(&mut pass(), &["ls"]), "");
}

#[test]
fn bad_input_gets_dockers_messages() {
    let world = FileWorld::new();
    let pass = || world.docker_pass();
    assert_eq!(
        fails(&mut pass(), &["set", "/foo=bar"]),
        "Error: invalid identifier: \"/foo\" must match ^[A-Za-z0-9._:-]+(?:/[A-Za-z0-9._:-]+)*$\n"
    );
    assert!(fails(&mut pass(), &["get", "a//b"]).contains("invalid identifier: \"a//b\""));
    assert_eq!(
        fails(&mut pass(), &["rm"]),
        "Error: either provide a secret name or use --all to remove all secrets\n"
    );
    assert_eq!(
        fails(&mut pass(), &["rm", "x", "--all"]),
        "Error: either provide a secret name or use --all to remove all secrets\n"
    );
    assert_eq!(
        fails(&mut pass(), &["set", "a=b", "--metadata", "nokv"]),
        "Error: invalid metadata pair (expected key=value): nokv\n"
    );
    let wrong_store = run(
        world.docker_pass().env("DOCKER_PASS_STORE", "vault"),
        &["ls"],
    );
    assert_eq!(wrong_store.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong_store.stderr).contains("use keychain, file or auto"));
}

#[test]
fn plugin_metadata_and_the_docker_cli_calling_convention() {
    let world = FileWorld::new();
    let metadata = ok(&mut world.docker_pass(), &["docker-cli-plugin-metadata"]);
    let parsed: serde_json::Value = serde_json::from_str(&metadata).expect("JSON");
    assert_eq!(parsed["SchemaVersion"], "0.1.0");
    assert_eq!(parsed["ShortDescription"], "Docker Pass Plugin");
    assert!(
        metadata.starts_with("{\n     \"SchemaVersion\""),
        "{metadata}"
    );
    // The Docker CLI runs `docker-pass pass set …`.
    ok(
        world
            .docker_pass()
            .env("DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND", "docker"),
        &["pass", "set", "via/docker=1"],
    );
    assert_eq!(ok(&mut world.docker_pass(), &["ls"]), "via/docker\n");
    let completion = ok(&mut world.docker_pass(), &["completion", "bash"]);
    assert!(completion.contains("docker-pass"), "{completion}");
}

#[test]
fn the_identity_is_created_private_and_announced() {
    let world = FileWorld::new();
    let output = run(&mut world.docker_pass(), &["set", "a=b"]);
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&world.identity().display().to_string()),
        "the new identity's path is printed: {stderr}"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(world.identity())
        .expect("identity")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let dir_mode = std::fs::metadata(world.store().join("YQ=="))
        .expect("secret dir")
        .permissions()
        .mode();
    assert_eq!(dir_mode & 0o777, 0o700);
    // The second run uses it silently.
    let output = run(&mut world.docker_pass(), &["get", "a"]);
    assert!(output.status.success());
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn wrong_keys_and_damaged_files_are_named_and_lose_nothing() {
    let world = FileWorld::new();
    ok(&mut world.docker_pass(), &["set", "good=1"]);
    ok(&mut world.docker_pass(), &["set", "bad=2"]);

    // Another identity cannot read them. It is made on an empty store: a
    // missing identity is not created where secrets are (tests/identity.rs).
    let other = tempfile::tempdir().expect("tempdir");
    ok(
        world
            .docker_pass()
            .env("DOCKER_PASS_FILE_STORE", other.path().join("store"))
            .env("DOCKER_PASS_IDENTITY_FILE", other.path().join("id.txt")),
        &["ls"],
    );
    let stderr = fails(
        world
            .docker_pass()
            .env("DOCKER_PASS_IDENTITY_FILE", other.path().join("id.txt")),
        &["get", "good"],
    );
    assert!(stderr.contains("cannot decrypt secret good"), "{stderr}");
    // A passphrase store cannot read identity-encrypted secrets: said so.
    let stderr = fails(
        world.docker_pass().env("DOCKER_PASS_PASSPHRASE", "pw"),
        &["get", "good"],
    );
    assert!(stderr.contains("X25519 identity key"), "{stderr}");

    // A truncated value is reported as damaged; the others still work.
    let file = world.store().join("YmFk").join("secretage");
    let bytes = std::fs::read(&file).expect("read");
    std::fs::write(&file, &bytes[..bytes.len() / 2]).expect("truncate");
    let stderr = fails(&mut world.docker_pass(), &["get", "bad"]);
    assert!(stderr.contains("secret bad is damaged"), "{stderr}");
    assert!(stderr.contains("docker-pass rm bad"), "{stderr}");
    assert_eq!(ok(&mut world.docker_pass(), &["ls"]), "bad\ngood\n");
    assert_eq!(
        ok(&mut world.docker_pass(), &["get", "good", "--show"]),
        "ID: good\nValue: 1\n"
    );
    // Broken metadata too.
    std::fs::write(
        world.store().join("YmFk").join("metadata.json"),
        "{not json",
    )
    .expect("write");
    let stderr = fails(&mut world.docker_pass(), &["get", "bad"]);
    assert!(
        stderr.contains("metadata.json is not a JSON object"),
        "{stderr}"
    );
    ok(&mut world.docker_pass(), &["rm", "bad"]);
    assert_eq!(ok(&mut world.docker_pass(), &["ls"]), "good\n");
}

#[test]
fn a_wrong_passphrase_is_refused() {
    let world = FileWorld::new();
    let with = |pw: &str| {
        let mut command = world.docker_pass();
        command.env("DOCKER_PASS_PASSPHRASE", pw);
        command
    };
    ok(&mut with("correct horse"), &["set", "p=v"]);
    assert_eq!(
        ok(&mut with("correct horse"), &["get", "p", "--show"]),
        "ID: p\nValue: v\n"
    );
    let stderr = fails(&mut with("battery staple"), &["get", "p"]);
    assert!(stderr.contains("wrong passphrase"), "{stderr}");
    assert!(
        !stderr.contains("correct horse") && !stderr.contains("battery"),
        "{stderr}"
    );
    let stderr = fails(&mut with("   "), &["ls"]);
    assert!(stderr.contains("the passphrase is empty"), "{stderr}");
}

#[test]
fn a_full_disk_keeps_the_old_value() {
    let world = FileWorld::new();
    ok(&mut world.docker_pass(), &["set", "keep=old"]);
    // A file size limit makes the write fail as a full disk does (SIGXFSZ
    // ignored: write(2) then fails with EFBIG).
    let big = "x".repeat(64 * 1024);
    let mut limited = Command::new("bash");
    limited
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 8; exec {} set keep={big}",
            common::docker_pass_bin()
        ))
        .env("DOCKER_PASS_STORE", "file")
        .env("DOCKER_PASS_FILE_STORE", world.store())
        .env("DOCKER_PASS_IDENTITY_FILE", world.identity());
    let stderr = fails(&mut limited, &[]);
    assert!(stderr.contains("cannot write secret keep"), "{stderr}");
    assert!(
        stderr.contains("the previous value is unchanged"),
        "{stderr}"
    );
    assert_eq!(
        ok(&mut world.docker_pass(), &["get", "keep", "--show"]),
        "ID: keep\nValue: old\n"
    );
    assert_eq!(ok(&mut world.docker_pass(), &["ls"]), "keep\n");
}

/// Writers killed at random points, over and over: every secret still
/// decrypts to one whole value, old or new.
#[test]
fn writers_killed_mid_write_never_leave_a_torn_secret() {
    let world = FileWorld::new();
    for id in ["k/0", "k/1", "k/2"] {
        ok(&mut world.docker_pass(), &["set", &format!("{id}=initial")]);
    }
    let script = format!(
        "i=0; while true; do i=$((i+1)); {bin} set k/$((i % 3))=value-$i-$(printf '%0200d' $i) || exit 1; done",
        bin = common::docker_pass_bin()
    );
    let mut seed = std::process::id() as u64;
    for round in 0..12 {
        let mut writer = Command::new("bash")
            .arg("-c")
            .arg(&script)
            .env("DOCKER_PASS_STORE", "file")
            .env("DOCKER_PASS_FILE_STORE", world.store())
            .env("DOCKER_PASS_IDENTITY_FILE", world.identity())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("writer");
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        std::thread::sleep(Duration::from_millis(20 + (seed >> 33) % 180));
        // SIGKILL to the whole group: the shell and the docker-pass it runs.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", writer.id())])
            .status();
        let _ = writer.wait();
        for id in ["k/0", "k/1", "k/2"] {
            let shown = ok(&mut world.docker_pass(), &["get", id, "--show"]);
            let value = shown
                .strip_prefix(&format!("ID: {id}\nValue: "))
                .unwrap_or_else(|| panic!("round {round}: {shown}"));
            assert!(whole(value), "round {round}: {id} is torn: {value:?}");
        }
        assert_eq!(ok(&mut world.docker_pass(), &["ls"]), "k/0\nk/1\nk/2\n");
    }
    // The next write clears what killed writers left behind.
    ok(&mut world.docker_pass(), &["set", "k/0=final"]);
    let leftovers: Vec<_> = std::fs::read_dir(world.store())
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".new-") || n.starts_with(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The entries of the store directory that are not secrets (leftovers of
/// interrupted writes), by name.
fn leftovers(world: &FileWorld) -> Vec<String> {
    std::fs::read_dir(world.store())
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".new-") || n.starts_with(".old-"))
        .collect()
}

/// A writer killed at each point of a write leaves the old or the new
/// secret whole, and the next writer clears what it left.
#[test]
fn a_writer_killed_at_each_step_leaves_old_or_new() {
    let world = FileWorld::new();
    ok(&mut world.docker_pass(), &["set", "k=old"]);
    for (point, args, expected) in [
        ("staged", vec!["set", "k=new"], Some("old")),
        ("published", vec!["set", "k=new"], Some("new")),
        ("removing", vec!["rm", "k"], None),
    ] {
        // The store's fail points, built into the binary under test.
        let output = run(
            world
                .docker_pass()
                .env("FAILPOINTS", format!("store-{point}=return")),
            &args,
        );
        assert!(
            !output.status.success() && output.status.code().is_none(),
            "{point}: the writer was killed there ({})",
            output.status
        );
        assert!(!leftovers(&world).is_empty(), "{point}: it died mid-write");
        match expected {
            Some(value) => assert_eq!(
                ok(&mut world.docker_pass(), &["get", "k", "--show"]),
                format!("ID: k\nValue: {value}\n"),
                "{point}"
            ),
            // Removed: only the other secret the earlier rounds set is left.
            None => assert_eq!(ok(&mut world.docker_pass(), &["ls"]), "other\n", "{point}"),
        }
        ok(&mut world.docker_pass(), &["set", "other=x"]);
        assert_eq!(leftovers(&world), Vec::<String>::new(), "{point}");
        ok(&mut world.docker_pass(), &["set", "k=old"]);
    }
    // Without an atomic exchange the old version is moved aside first; a
    // writer that died there leaves the ID missing, and the next writer puts
    // the old version back.
    let dir = world.store().join("aw==");
    std::fs::rename(&dir, world.store().join(".old-aside-aw==-123-0-0")).expect("move aside");
    ok(&mut world.docker_pass(), &["set", "other=y"]);
    assert_eq!(
        ok(&mut world.docker_pass(), &["get", "k", "--show"]),
        "ID: k\nValue: old\n"
    );
}

/// A value whose encrypted file would be over the size `get` reads back is
/// refused at `set`, with the limit, and the old value stays.
#[test]
fn a_value_too_large_to_read_back_is_refused() {
    let world = FileWorld::new();
    ok(&mut world.docker_pass(), &["set", "big=small"]);
    let value = vec![b'v'; 16 << 20];
    let output = run_with_stdin(&mut world.docker_pass(), &["set", "big"], &value);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("not writing secret big: it takes")
            && stderr.contains("over its limit of 16 MiB (16777216 bytes) per file"),
        "{stderr}"
    );
    assert_eq!(
        ok(&mut world.docker_pass(), &["get", "big", "--show"]),
        "ID: big\nValue: small\n"
    );
    // Somewhat less fits, and reads back whole.
    let value = vec![b'v'; 15 << 20];
    let output = run_with_stdin(&mut world.docker_pass(), &["set", "big"], &value);
    assert!(output.status.success(), "{output:?}");
    let shown = ok(&mut world.docker_pass(), &["get", "big", "--show"]);
    assert_eq!(shown.len(), "ID: big\nValue: \n".len() + value.len());
}

/// IDs up to the store's limit go through every command; a longer one is
/// refused at `set`, saying the limit, and nothing is left behind.
#[test]
fn long_ids_up_to_the_limit_and_a_clear_refusal_beyond() {
    let world = FileWorld::new();
    let pass = || world.docker_pass();
    let longest = format!("{}/{}", "a".repeat(100), "b".repeat(76));
    assert_eq!(longest.len(), 177);
    ok(&mut pass(), &["set", &format!("{longest}=v1")]);
    ok(&mut pass(), &["set", &format!("{longest}=v2")]);
    assert_eq!(
        ok(&mut pass(), &["get", &longest, "--show"]),
        format!("ID: {longest}\nValue: v2\n")
    );
    assert_eq!(ok(&mut pass(), &["ls"]), format!("{longest}\n"));

    let long = format!("{}/{}", "a".repeat(200), "b".repeat(199));
    assert_eq!(long.len(), 400);
    let just_over = format!("{longest}c");
    for id in [&long, &just_over] {
        let stderr = fails(&mut pass(), &["set", &format!("{id}=v")]);
        assert_eq!(
            stderr,
            format!(
                "Error: the ID is {} bytes long; the encrypted file store keeps IDs of at most \
                 177 bytes (a secret's directory is named after its ID in base64, and file names \
                 are limited to 255 bytes)\n",
                id.len()
            )
        );
    }
    assert_eq!(
        fails(&mut pass(), &["get", &long]),
        format!("Error: secret not found: {long}\n")
    );
    assert_eq!(ok(&mut pass(), &["ls"]), format!("{longest}\n"));
    assert_eq!(
        ok(&mut pass(), &["rm", &longest, &long]),
        format!("RM: {longest}\nRM: {long}\n")
    );
    assert_eq!(ok(&mut pass(), &["ls"]), "");
    assert_eq!(leftovers(&world), Vec::<String>::new());

    // Docker's store writes IDs up to 189 bytes (a bare base64 name of 252):
    // those are listed, read and removed here, and only not overwritten.
    let gos = format!("{longest}{}", "c".repeat(12));
    assert_eq!(gos.len(), 189);
    ok(&mut world.posixage_go(), &["set", &gos, "from-go"]);
    assert_eq!(ok(&mut pass(), &["ls"]), format!("{gos}\n"));
    assert_eq!(
        ok(&mut pass(), &["get", &gos, "--show"]),
        format!("ID: {gos}\nValue: from-go\n")
    );
    assert!(fails(&mut pass(), &["set", &format!("{gos}=v")]).contains("at most 177 bytes"));
    assert_eq!(ok(&mut pass(), &["rm", &gos]), format!("RM: {gos}\n"));
    assert_eq!(ok(&mut pass(), &["ls"]), "");
}

#[test]
fn concurrent_writers_from_several_processes_lose_nothing() {
    let world = FileWorld::new();
    ok(&mut world.docker_pass(), &["set", "warm=up"]);
    let writers: Vec<_> = (0..4)
        .map(|w| {
            Command::new("bash")
                .arg("-c")
                .arg(format!(
                    "for i in $(seq 1 15); do {} set w{w}/s$i=v$i || exit 1; done",
                    common::docker_pass_bin()
                ))
                .env("DOCKER_PASS_STORE", "file")
                .env("DOCKER_PASS_FILE_STORE", world.store())
                .env("DOCKER_PASS_IDENTITY_FILE", world.identity())
                .spawn()
                .expect("writer")
        })
        .collect();
    for mut writer in writers {
        assert!(writer.wait().expect("wait").success());
    }
    let listed = ok(&mut world.docker_pass(), &["ls"]);
    assert_eq!(listed.lines().count(), 4 * 15 + 1, "{listed}");
    assert_eq!(
        ok(&mut world.docker_pass(), &["get", "w3/s15", "--show"]),
        "ID: w3/s15\nValue: v15\n"
    );
}

/// Whether `value` (as `get --show` prints it) is one the writers wrote
/// whole: `initial`, or `value-<i>-<i zero-padded to 200 digits>`.
fn whole(value: &str) -> bool {
    let Some(value) = value.strip_suffix('\n') else {
        return false;
    };
    if value == "initial" {
        return true;
    }
    let mut parts = value.splitn(3, '-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("value"), Some(i), Some(padded)) => i
            .parse::<u64>()
            .is_ok_and(|i| padded == format!("{i:0200}")),
        _ => false,
    }
}

#[test]
fn go_posixage_reads_what_docker_pass_wrote_and_back() {
    let world = FileWorld::new();
    ok(
        &mut world.docker_pass(),
        &["set", "from/rust=r-value", "--metadata", "owner=rust"],
    );

    let got: serde_json::Value =
        serde_json::from_str(&ok(&mut world.posixage_go(), &["get", "from/rust"])).expect("JSON");
    assert_eq!(got["value"], "r-value");
    assert_eq!(got["metadata"]["owner"], "rust");

    ok(
        &mut world.posixage_go(),
        &["set", "from/go", "g-value", "--metadata", "owner=go"],
    );
    ok(&mut world.posixage_go(), &["set", "plain", "no-metadata"]);
    assert_eq!(
        ok(&mut world.docker_pass(), &["ls"]),
        "from/go\nfrom/rust\nplain\n"
    );
    assert_eq!(
        ok(&mut world.docker_pass(), &["get", "from/go", "--show"]),
        "ID: from/go\nValue: g-value\n"
    );
    assert_eq!(
        ok(&mut world.docker_pass(), &["get", "plain", "--show"]),
        "ID: plain\nValue: no-metadata\n"
    );
    let listed: serde_json::Value =
        serde_json::from_str(&ok(&mut world.docker_pass(), &["ls", "--json"])).expect("JSON");
    assert_eq!(listed[0]["metadata"]["owner"], "go");

    // Removed on one side, gone on the other.
    ok(&mut world.posixage_go(), &["rm", "from/rust"]);
    ok(&mut world.docker_pass(), &["rm", "from/go"]);
    let go_listed: serde_json::Value =
        serde_json::from_str(&ok(&mut world.posixage_go(), &["ls"])).expect("JSON");
    assert_eq!(go_listed, serde_json::json!({ "plain": {} }));
    assert_eq!(ok(&mut world.docker_pass(), &["ls"]), "plain\n");
}

#[test]
fn go_posixage_and_docker_pass_share_passphrase_stores() {
    let world = FileWorld::new();
    let mut pass = world.docker_pass();
    pass.env("DOCKER_PASS_PASSPHRASE", "shared pass");
    ok(&mut pass, &["set", "pw/rust=r"]);
    let mut go = Command::new(common::go_peer("posixage-go"));
    go.arg("--root")
        .arg(world.store())
        .args(["--passphrase-env", "SHARED", "--scrypt-work-factor", "10"])
        .env("SHARED", "shared pass");
    let got: serde_json::Value =
        serde_json::from_str(&ok(&mut go, &["get", "pw/rust"])).expect("JSON");
    assert_eq!(got["value"], "r");
    let mut go = Command::new(common::go_peer("posixage-go"));
    go.arg("--root")
        .arg(world.store())
        .args(["--passphrase-env", "SHARED", "--scrypt-work-factor", "10"])
        .env("SHARED", "shared pass");
    ok(&mut go, &["set", "pw/go", "g"]);
    let mut pass = world.docker_pass();
    pass.env("DOCKER_PASS_PASSPHRASE", "shared pass");
    assert_eq!(
        ok(&mut pass, &["get", "pw/go", "--show"]),
        "ID: pw/go\nValue: g\n"
    );
}
