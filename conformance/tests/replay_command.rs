//! The `replay` command as a newcomer runs it: without `--socket` it starts
//! the fixture world itself and passes; with `--socket` it first says which
//! world the fixtures expect and whether the engine there serves it, and a
//! failing run ends with a summary and the most likely cause.

use std::path::Path;
use std::process::Output;

use secrets_engine::Engine;
use secrets_engine::config::EngineConfig;
use secrets_engine_conformance::world;

mod common;

const BINARY: &str = env!("CARGO_BIN_EXE_secrets-engine-conformance");

/// Runs the conformance binary with `args`.
async fn conformance(args: &[&str]) -> Output {
    let output = tokio::process::Command::new(BINARY)
        .args(args)
        .output()
        .await
        .expect("run secrets-engine-conformance");
    println!("{}", String::from_utf8_lossy(&output.stdout));
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    output
}

/// The numbers of the summary line `N case(s): P passed, D passed with a
/// documented deviation[, S skipped], F failed...`.
fn summary_numbers(line: &str) -> (usize, usize, usize, usize, usize) {
    let number = |after: &str| -> usize {
        let Some(end) = line.find(after) else {
            return 0;
        };
        line[..end]
            .rsplit([' ', ','])
            .find(|w| !w.is_empty())
            .and_then(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("no number before {after:?} in {line:?}"))
    };
    (
        number(" case"),
        number(" passed, "),
        number(" passed with a documented deviation"),
        number(" skipped"),
        number(" failed"),
    )
}

/// `text` with the paths that depend on the checkout and the run replaced by
/// names, so it can be compared whole.
fn placeholders(text: &str, socket: &Path) -> String {
    text.replace(&socket.display().to_string(), "<socket>")
        .replace(BINARY, "<binary>")
        .replace(env!("CARGO_MANIFEST_DIR"), "<conformance>")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_without_a_socket_starts_the_world_and_passes() {
    let output = conformance(&["replay"]).await;
    assert!(output.status.success(), "replay failed");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        placeholders(lines[0], Path::new("/nonexistent")),
        "Replaying against this project's engine, started in the fixture world (builtin-mem, \
         ext-plugin, memplugin; see <conformance>/fixtures/WORLD.md)."
    );

    // The summary counts the case lines above it, and every case ran.
    let summary = lines.last().expect("a summary line");
    let (total, passed, deviated, skipped, failed) = summary_numbers(summary);
    let count = |prefix: &str, deviation: bool| {
        lines
            .iter()
            .filter(|l| l.starts_with(prefix) && l.ends_with(" (deviation)") == deviation)
            .count()
    };
    assert_eq!(passed, count("PASS ", false), "{summary}");
    assert_eq!(deviated, count("PASS ", true), "{summary}");
    assert_eq!(skipped, count("SKIP ", false), "{summary}");
    assert_eq!(failed, 0, "{summary}");
    let transcripts = secrets_engine_conformance::upstream_http_transcripts().expect("fixtures");
    assert_eq!(total, transcripts.len(), "{summary}");
    assert_eq!(total, passed + deviated + skipped, "{summary}");
    assert!(
        deviated > 0 && passed > deviated,
        "the world answers most cases as recorded: {summary}"
    );
    assert_eq!(
        *summary,
        format!(
            "{total} cases: {passed} passed, {deviated} passed with a documented deviation, \
             {skipped} skipped, 0 failed"
        )
    );

    // The mark is explained once, between the cases and the summary.
    let explained: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("(deviation): "))
        .collect();
    assert_eq!(explained.len(), 1, "{stdout}");
    assert_eq!(
        placeholders(explained[0], Path::new("/nonexistent")),
        "(deviation): a case where this project's engine deliberately answers differently from \
         the Go engine the fixtures were recorded from. The case is checked against the answer \
         declared for it in <conformance>/deviations.toml, which also records why."
    );
    assert_eq!(lines[lines.len() - 2], *explained[0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_without_deviations_says_nothing_of_them() {
    let output = conformance(&["replay", "--only", "getsecrets_json_exact"]).await;
    assert!(output.status.success(), "replay failed");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("(deviation)"), "{stdout}");
    assert_eq!(
        stdout.lines().last(),
        Some("2 cases: 2 passed, 0 passed with a documented deviation, 0 failed")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_as_recorded_fails_this_engines_deviations_and_says_why() {
    let output = conformance(&[
        "replay",
        "--as-recorded",
        "--only",
        "getsecrets_json_invalid_space",
    ])
    .await;
    assert!(
        !output.status.success(),
        "a deviation checked as recorded fails"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[lines.len() - 2],
        "1 case: 0 passed, 0 passed with a documented deviation, 1 failed (see FAIL above)"
    );
    assert!(
        lines[lines.len() - 1].starts_with("Most likely cause: with --as-recorded, the cases"),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_says_what_is_missing_when_memplugin_is_not_found() {
    let output = conformance(&["replay", "--memplugin", "/nonexistent/memplugin"]).await;
    assert!(!output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim_end(),
        "replay: the fixture world's launched plugin was not found at /nonexistent/memplugin \
         (--memplugin)"
    );
    assert!(output.stdout.is_empty());
}

/// An engine with one builtin plugin of its own and nothing else, as a
/// newcomer's engine would be; stopped when the sender is dropped or sent.
async fn engine_outside_the_world(
    dir: &Path,
    secret: &str,
) -> (
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    use std::os::unix::fs::PermissionsExt;
    let secrets = dir.join("secrets.toml");
    std::fs::write(
        &secrets,
        format!("[secrets.\"db/password\"]\nvalue = \"{secret}\"\n"),
    )
    .expect("secrets file");
    std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let config_file = dir.join("engine.toml");
    std::fs::write(
        &config_file,
        "[engine]\nlaunched_plugins = false\n\n[[builtin]]\nname = \"my-secrets\"\n\
         version = \"v1\"\npattern = \"**\"\ntype = \"file\"\npath = \"secrets.toml\"\n",
    )
    .expect("config file");
    let mut config = EngineConfig::load(&config_file).expect("config");
    config.disabled_plugins_file = None;
    let engine = Engine::start(&dir.join("engine.sock"), config)
        .await
        .expect("the engine starts");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(engine.serve(async {
        let _ = stopped.await;
    }));
    (stop, serving)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_against_an_engine_outside_the_world_describes_the_world_and_the_cause() {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let secret = "hunter2-not-a-fixture";
    let (stop, serving) = engine_outside_the_world(dir.path(), secret).await;

    let output = conformance(&[
        "replay",
        "--socket",
        socket.to_str().expect("a UTF-8 path"),
        "--only",
        "getsecrets_json,listplugins",
    ])
    .await;
    let _ = stop.send(());
    let _ = serving.await;
    assert!(!output.status.success(), "replay passed outside the world");
    let stdout = String::from_utf8_lossy(&output.stdout);

    // Up front: the world, how to serve it, and how this engine differs.
    let expected = "\
The fixtures were recorded from Docker's Go engine in the fixture world; to pass, the engine on <socket> must serve the same:
  builtin-mem  built into the engine, v1.2.3, pattern **: a/b, a/b/c, a/c, foo, x.y_z-1
  ext-plugin   attached through /hijack, v0.1.0, pattern ext/**: ext/one, ext/two
  memplugin    launched from the plugin directory, v0.1.0, pattern launched/**: launched/bar, launched/foo
  Values, timestamps and metadata: <conformance>/fixtures/WORLD.md. Settings: the defaults (incomplete request headers closed after 2 s; requests over 1 MiB refused).
This project's engine serves that world with `<binary> world --socket /tmp/fixture-world.sock` (or run replay without --socket: it starts the world, replays and stops it).
The engine on <socket> does not serve this world: builtin-mem is missing; ext-plugin is missing; memplugin is missing; my-secrets (built in, v1, pattern **) is not in the world. Expect the cases that resolve secrets or list plugins to fail.

";
    let shown = placeholders(&stdout, &socket);
    assert!(
        shown.starts_with(expected),
        "the output does not start with the world:\n{shown}"
    );

    // The end: the summary and the cause.
    let lines: Vec<&str> = shown.lines().collect();
    let summary = lines[lines.len() - 2];
    let (total, passed, deviated, skipped, failed) = summary_numbers(summary);
    assert!(failed > 0, "{summary}");
    assert_eq!(total, passed + deviated + skipped + failed, "{summary}");
    assert_eq!(
        failed,
        lines.iter().filter(|l| l.starts_with("FAIL ")).count(),
        "{summary}"
    );
    assert!(
        summary.ends_with(&format!("{failed} failed (see FAIL above)")),
        "{summary}"
    );
    assert_eq!(
        lines[lines.len() - 1],
        "Most likely cause: the engine on <socket> does not serve the fixture world (described \
         above). Serve it with `<binary> world --socket /tmp/fixture-world.sock` and replay \
         against that socket, or replay without --socket."
    );

    // The engine's own secret was answered to `**` and differs from the
    // recording, but its value is not in the report.
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(secret);
    assert!(stdout.contains("\"db/password\""), "{stdout}");
    assert!(!stdout.contains(secret) && !stdout.contains(&encoded));
    assert!(stdout.contains("not shown"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_against_nothing_says_so_before_replaying() {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let output = conformance(&["replay", "--socket", socket.to_str().expect("UTF-8")]).await;
    assert!(!output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        !stdout.contains("PASS") && !stdout.contains("FAIL"),
        "{stdout}"
    );
    let stderr = placeholders(&String::from_utf8_lossy(&output.stderr), &socket);
    assert!(
        stderr.starts_with("replay: nothing answers on <socket> ("),
        "{stderr}"
    );
}

/// Docker's Go engine, stood in the world, answers every case the replay
/// can judge as it was recorded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_go_engine_in_the_world_replays_as_recorded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("go.sock");
    let go = world::start_reference(
        &socket,
        &common::go_peer("go-engine-v0.0.21"),
        Path::new(env!("CARGO_BIN_EXE_memplugin")),
    )
    .await
    .expect("the Go engine's world starts");
    let output = conformance(&[
        "replay",
        "--socket",
        socket.to_str().expect("UTF-8"),
        "--as-recorded",
    ])
    .await;
    let log = go.log();
    go.stop().await;
    assert!(output.status.success(), "the Go engine's log:\n{log}");
    let stdout = placeholders(&String::from_utf8_lossy(&output.stdout), &socket);
    assert!(
        stdout.contains("\nThe engine on <socket> lists exactly these plugins.\n"),
        "{stdout}"
    );
    assert!(!stdout.contains("(deviation)"), "{stdout}");
    let (total, passed, deviated, skipped, failed) =
        summary_numbers(stdout.lines().last().expect("summary"));
    assert_eq!((deviated, failed), (0, 0));
    assert_eq!(total, passed + skipped);
}
