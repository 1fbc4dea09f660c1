//! This engine and Docker's Go engine (the January 2026 engine built from
//! Docker's module, `interop/go-sdk-v0.0.21/cmd/engine`) stand in the same
//! fixture world and get the same requests: every recorded fixture's and the
//! generated ones (every protocol and codec, compression, errors, gRPC-Web,
//! ListPlugins). Every difference must be declared in `deviations.toml`.

use std::path::Path;

use common::go_peer;
use secrets_engine_conformance::differential;
use secrets_engine_conformance::runner::Verdict;
use secrets_engine_conformance::world;

mod common;

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
