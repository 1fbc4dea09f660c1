//! Every recorded HTTP fixture whose plugins exist in the world replays
//! against this engine, through its real socket, with the answer the Go
//! engine gave (or the documented deviation).

use secrets_engine_conformance::runner::{self, Verdict};
use secrets_engine_conformance::world;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recorded_fixtures_replay_against_this_engine() {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    let running = world::start(
        &socket,
        std::path::Path::new(env!("CARGO_BIN_EXE_memplugin")),
    )
    .await
    .expect("the world starts");

    let reports = runner::run(&socket, world::PLUGINS, &[])
        .await
        .expect("runner");
    let failures: Vec<String> = reports
        .iter()
        .filter_map(|r| match &r.verdict {
            Verdict::Fail(d) => Some(format!("{}:\n  {}", r.name, d.join("\n  "))),
            _ => None,
        })
        .collect();
    assert!(
        failures.is_empty(),
        "failing fixtures:\n{}",
        failures.join("\n")
    );

    // The groups this engine must answer like the Go engine were replayed,
    // not skipped.
    let passed = |name: &str| {
        reports
            .iter()
            .any(|r| r.name == name && r.verdict == Verdict::Pass)
    };
    for name in [
        "getsecrets_json_exact",
        "getsecrets_json_exact_metadata",
        "getsecrets_proto_exact",
        "getsecrets_json_notfound",
        "getsecrets_wrong_method_put",
        "getsecrets_wrong_content_type_form",
        "getsecrets_bad_content_encoding",
        "getsecrets_gzip_request",
        "getsecrets_json_oversized",
        "grpc_http1_proto",
        "grpc_http1_json",
        "grpc_http1_notfound",
        "grpc_h2c_prior_knowledge",
        "connect_h2c_prior_knowledge",
        "grpcweb_proto",
        "grpcweb_json",
        "grpcweb_text",
        "health_get",
        "health_post",
        "listplugins_get",
        "unknown_root_path",
        "unknown_rpc_method",
        "register_from_client_socket",
        "plugin_shutdown_from_client_socket",
        "http10_request",
        "http11_no_host",
        "keepalive_pipelined",
        "header_read_timeout",
        "garbage_request_line",
        "chunked_request",
        "hijack_post",
        "hijack_no_upgrade_headers",
        "getsecrets_json_launched_plugin_exact",
        "getsecrets_json_launched_plugin_wildcard",
        "getsecrets_json_external_plugin_exact",
        "getsecrets_json_wildcard_doublestar",
        "getsecrets_accept_gzip",
        "listplugins_json",
    ] {
        assert!(
            passed(name),
            "{name} did not pass: {:?}",
            reports.iter().find(|r| r.name == name)
        );
    }
    // Skips are only for missing plugins, cases without recorded bytes, or
    // documented deviations.
    for report in &reports {
        if let Verdict::Skip(why) = &report.verdict {
            assert!(
                why.starts_with("needs plugins")
                    || why == "no recorded bytes"
                    || report.deviation.is_some(),
                "{} skipped: {why}",
                report.name
            );
        }
    }

    running.stop().await;
    assert!(!socket.exists(), "the socket is removed on shutdown");
}
