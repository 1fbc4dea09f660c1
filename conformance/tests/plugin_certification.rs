//! The plugin certification runner against a good plugin (the fixture
//! world's `memplugin`, built on the SDK) and against plugins that break the
//! contract in different ways: each must be reported, quickly, never passed.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use secrets_core::SecretId;
use secrets_engine_conformance::plugin_certification::{
    CertifyOptions, Outcome, Report, Step, certify,
};

/// One plugin at a time: the machine is small, and a script written while
/// another test forks could fail to exec (`ETXTBSY`).
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Serves `launched/foo` and `launched/bar` under `launched/**`.
const MEMPLUGIN: &str = env!("CARGO_BIN_EXE_memplugin");

fn id(text: &str) -> SecretId {
    SecretId::parse(text).expect("valid ID")
}

/// An executable shell script called `name` in `dir`.
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

/// Runs the certification, failing the test if it hangs.
async fn run(options: CertifyOptions) -> (Report, Duration) {
    let started = Instant::now();
    let report = tokio::time::timeout(Duration::from_secs(30), certify(&options))
        .await
        .expect("certification finishes");
    for check in &report.checks {
        eprintln!("{check}");
    }
    (report, started.elapsed())
}

fn failure(report: &Report, step: &Step) -> String {
    match report.outcome(step) {
        Some(Outcome::Fail(why)) => why.clone(),
        other => panic!("{step} should fail, got {other:?}"),
    }
}

#[tokio::test]
async fn the_sdk_memplugin_is_certified() {
    let _serial = SERIAL.lock().await;
    let (report, _) = run(CertifyOptions::new(MEMPLUGIN)
        .hit(id("launched/foo"))
        .hit(id("launched/bar"))
        .miss(id("launched/nope"))
        .miss(id("elsewhere/foo")))
    .await;
    assert!(report.passed(), "{report:#?}");
    assert_eq!(report.plugin, "memplugin");
    let steps: Vec<(Step, Outcome)> = report
        .checks
        .iter()
        .map(|check| (check.step.clone(), check.outcome.clone()))
        .collect();
    let pass = |step| (step, Outcome::Pass);
    assert_eq!(
        steps,
        [
            pass(Step::Launch),
            pass(Step::Registration),
            pass(Step::RegisteredName),
            pass(Step::RegisteredVersion),
            pass(Step::RegisteredPattern),
            pass(Step::Hit(id("launched/foo"))),
            pass(Step::Hit(id("launched/bar"))),
            pass(Step::Miss(id("launched/nope"))),
            (
                Step::Miss(id("elsewhere/foo")),
                Outcome::Skip(
                    "outside the registered pattern launched/**; no engine would ask".into()
                )
            ),
            pass(Step::Health),
            pass(Step::Shutdown),
            pass(Step::ExitOnShutdown),
            pass(Step::ExitStatus),
            pass(Step::RegisteredOnce),
        ]
    );
}

#[tokio::test]
async fn wrong_answers_are_failures() {
    let _serial = SERIAL.lock().await;
    // memplugin is fine; the expectations are not, so the answers it gives
    // must be reported as the failures they would be.
    let (report, _) = run(CertifyOptions::new(MEMPLUGIN)
        .hit(id("launched/nope"))
        .hit(id("elsewhere/foo"))
        .miss(id("launched/foo")))
    .await;
    assert!(!report.passed());
    assert_eq!(report.outcome(&Step::Registration), Some(&Outcome::Pass));
    assert_eq!(
        failure(&report, &Step::Hit(id("launched/nope"))),
        "expected 200, got not_found: secret not found"
    );
    assert!(
        failure(&report, &Step::Hit(id("elsewhere/foo")))
            .starts_with("outside the registered pattern launched/**")
    );
    assert_eq!(
        failure(&report, &Step::Miss(id("launched/foo"))),
        "expected not_found, got 200 with 1 envelope(s)"
    );
    // The rest of the run is still checked.
    assert_eq!(report.outcome(&Step::ExitOnShutdown), Some(&Outcome::Pass));
}

#[tokio::test]
async fn a_plugin_that_exits_at_once_is_reported() {
    let _serial = SERIAL.lock().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let plugin = script(dir.path(), "quitter", "echo giving up >&2\nexit 3");
    let (report, elapsed) = run(CertifyOptions::new(plugin).hit(id("a/b"))).await;
    assert!(!report.passed());
    assert_eq!(
        failure(&report, &Step::Registration),
        "exited before registering (exit status: 3)"
    );
    assert_eq!(report.stderr, ["giving up"]);
    // Nothing after a failed registration is asked.
    assert_eq!(report.outcome(&Step::Hit(id("a/b"))), None);
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[tokio::test]
async fn a_plugin_that_never_registers_times_out_and_is_stopped() {
    let _serial = SERIAL.lock().await;
    let dir = tempfile::tempdir().expect("tempdir");
    // The launch configuration is all the environment it gets (plus PATH...).
    let plugin = script(
        dir.path(),
        "silent",
        "env | sort | sed 's/^PATH=.*/PATH=set/' >&2\nexec sleep 30",
    );
    let (report, elapsed) = run(CertifyOptions::new(plugin)
        .hit(id("a/b"))
        .timeout(Duration::from_millis(500)))
    .await;
    assert_eq!(
        failure(&report, &Step::Registration),
        "no RegisterPlugin within 500 ms"
    );
    assert!(
        report.stderr.iter().any(|line| line
            == r#"DOCKER_SECRETS_ENGINE_PLUGIN_LAUNCH_CFG={"name":"silent","timeout":500000000,"fd":3}"#),
        "{:?}",
        report.stderr
    );
    // sleep dies of the SIGINT: no 30 s wait, no SIGKILL grace.
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[tokio::test]
async fn a_plugin_speaking_garbage_is_reported() {
    let _serial = SERIAL.lock().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let plugin = script(
        dir.path(),
        "garbage",
        "printf 'GET / HTTP/1.1\\r\\n\\r\\n' >&3\nexec sleep 30",
    );
    let (report, elapsed) = run(CertifyOptions::new(plugin).hit(id("a/b"))).await;
    assert_eq!(
        failure(&report, &Step::Registration),
        "the connection ended without a RegisterPlugin"
    );
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[tokio::test]
async fn a_plugin_that_outlives_shutdown_is_reported_and_killed() {
    let _serial = SERIAL.lock().await;
    let dir = tempfile::tempdir().expect("tempdir");
    // memplugin (registering under the script's name, from the launch
    // configuration it inherits) answers everything and exits on Shutdown;
    // the script then lingers, deaf to SIGINT.
    let plugin = script(
        dir.path(),
        "lingering",
        &format!("'{MEMPLUGIN}'\ntrap '' INT\nexec sleep 30"),
    );
    let (report, elapsed) = run(CertifyOptions::new(plugin)
        .hit(id("launched/foo"))
        .miss(id("launched/nope")))
    .await;
    assert_eq!(report.outcome(&Step::RegisteredName), Some(&Outcome::Pass));
    assert_eq!(report.outcome(&Step::Shutdown), Some(&Outcome::Pass));
    let why = failure(&report, &Step::ExitOnShutdown);
    assert!(
        why.starts_with("still running; SIGINT did not stop it; killed"),
        "{why}"
    );
    assert!(!report.passed());
    // 2 s to exit, 2 s after SIGINT, then SIGKILL.
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}
