//! This engine and Docker's Go engine (the January 2026 engine built from
//! Docker's module, `interop/go-sdk-v0.0.21/cmd/engine`) stand in the same
//! fixture world and get the same requests: every recorded fixture's and the
//! generated ones (every protocol and codec, compression, errors, gRPC-Web,
//! ListPlugins). Every difference must be declared in `deviations.toml`.
//! Docker's Go client (v0.0.30) gets the same answers from both.

use std::path::Path;

use common::{go_client, go_peer};
use secrets_engine_conformance::differential;
use secrets_engine_conformance::runner::Verdict;
use secrets_engine_conformance::world;

mod common;

/// Docker's Go client gets the same secrets and the same errors from both
/// engines. Its `version` and `plugins` commands call the August 2026 API
/// (`health.v1`, `plugins.v1`), which the January Go engine does not serve:
/// there this engine answers and the Go engine says `unimplemented`.
async fn docker_go_client_gets_the_same_answers(ours: &Path, reference: &Path) {
    for pattern in [
        "foo",
        "a/b",
        "a/*",
        "**",
        "launched/**",
        "ext/one",
        "*/one",
        "nope",
        "a//b",
        "***",
    ] {
        let mine = go_client(ours, &["get", pattern]).await;
        let theirs = go_client(reference, &["get", pattern]).await;
        assert_eq!(mine, theirs, "Docker's Go client, get {pattern}");
    }
    for command in ["version", "plugins"] {
        let (code, out, err) = go_client(ours, &[command]).await;
        assert_eq!(code, 0, "{command} on this engine: {err}");
        assert!(out.contains("\"version\""), "{out}");
        let (code, _, err) = go_client(reference, &[command]).await;
        assert_eq!(code, 2, "{command} on the January Go engine");
        assert!(err.contains("unimplemented"), "{err}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn this_engine_answers_like_the_go_engine_except_declared_deviations() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ours = dir.path().join("ours.sock");
    let reference = dir.path().join("go.sock");
    let memplugin = Path::new(env!("CARGO_BIN_EXE_memplugin"));
    let mine = world::start(&ours, memplugin)
        .await
        .expect("this engine's world starts");
    let go = world::start_reference(&reference, &go_peer("go-engine-v0.0.21"), memplugin)
        .await
        .expect("the Go engine's world starts");

    let reports = differential::run(&ours, &reference)
        .await
        .expect("differential run");
    docker_go_client_gets_the_same_answers(&ours, &reference).await;
    let go_log = go.log();
    mine.stop().await;
    go.stop().await;

    let failures: Vec<String> = reports
        .iter()
        .filter_map(|r| match &r.verdict {
            Verdict::Fail(d) => Some(format!("{}:\n  {}", r.name, d.join("\n  "))),
            _ => None,
        })
        .collect();
    let same = reports
        .iter()
        .filter(|r| r.verdict == Verdict::Pass && r.deviation.is_none())
        .count();
    let declared = reports
        .iter()
        .filter(|r| r.verdict == Verdict::Pass && r.deviation.is_some())
        .count();
    eprintln!(
        "{} cases: {same} identical, {declared} declared deviations, {} failed",
        reports.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "undeclared differences from the Go engine:\n{}\n\nthe Go engine's log:\n{go_log}",
        failures.join("\n")
    );
    // Both engines answered: the generated successes (hits through each
    // plugin, in every shape) are identical, not declared away.
    let generated = differential::generated();
    assert!(generated.len() >= 150, "{}", generated.len());
    for name in [
        "generated/connect-json/exact-metadata",
        "generated/connect-proto/doublestar",
        "generated/connect-json-gzip/exact-launched",
        "generated/grpc-proto/exact-external",
        "generated/grpc-web-proto/a-doublestar",
        "generated/grpc-json/launched-star",
        "generated/connect-get/exact-external",
        "generated/grpc-web-proto/miss",
        "fixture/getsecrets_json_exact",
        "fixture/grpcweb_proto",
    ] {
        let report = reports
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("{name} was not run"));
        assert!(
            report.verdict == Verdict::Pass && report.deviation.is_none(),
            "{name}: {report:?}"
        );
    }
    assert!(same >= 140, "only {same} identical answers");
}
