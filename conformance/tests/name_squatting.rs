//! A session removes only its own registration. A launched plugin that is
//! failing leaves its name free; an external plugin may register under it;
//! when the launched plugin comes up it takes its name back, and the
//! external one's later disconnect must not remove it.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use common::{listed, status_of};
use secrets_core::Pattern;
use secrets_engine::Engine;
use secrets_engine::config::EngineConfig;
use secrets_engine_conformance::world::{self, world_plugin};
use secrets_engine_plugin::{PluginConfig, serve};

mod common;

/// Polls `ListPlugins` until `vault`'s entry satisfies `want`.
async fn until_vault(
    socket: &Path,
    want: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let mut last = None;
    for _ in 0..600 {
        last = listed(socket, "vault").await;
        if last.as_ref().is_some_and(&want) {
            return last.unwrap_or_default();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("vault never reached the expected state; last seen {last:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_squatters_disconnect_leaves_the_launched_plugin_registered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("engine.sock");
    // The real `vault`: memplugin under that name, which fails until `ready`
    // exists.
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).expect("bin dir");
    let memplugin = bin.join("vault");
    std::fs::copy(env!("CARGO_BIN_EXE_memplugin"), &memplugin).expect("copy");
    let ready = dir.path().join("ready");
    let plugins = dir.path().join("plugins");
    std::fs::create_dir(&plugins).expect("plugin dir");
    let script = plugins.join("vault");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\n[ -e '{}' ] && exec '{}'\necho not yet >&2\nexit 3\n",
            ready.display(),
            memplugin.display()
        ),
    )
    .expect("script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let mut config = EngineConfig::load(&world::config_path()).expect("world config");
    config.plugin_dir = plugins;
    let engine = Engine::start(&socket, config).await.expect("engine");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(engine.serve(async {
        let _ = stopped.await;
    }));
    until_vault(&socket, |p| p["state"] == "PLUGIN_STATE_FAILED").await;

    // The squatter: another plugin, attached from outside as `vault`.
    // It runs on a runtime of its own, whose shutdown ends every task of
    // it, its connection included.
    let squatter = tokio::runtime::Runtime::new().expect("runtime");
    squatter.spawn(serve(
        world_plugin(&[("squat/x", "squatted")]),
        PluginConfig::new("v0.1.0", Pattern::parse("squat/**").expect("pattern"))
            .with_name("vault")
            .with_socket(&socket),
    ));
    until_vault(&socket, |p| p["pattern"] == "squat/**").await;
    assert_eq!(status_of(&socket, "squat/x").await, 200);

    // The real one comes up (after its backoff) and takes its name back.
    std::fs::write(&ready, "").expect("ready");
    until_vault(&socket, |p| {
        p["pattern"] == "launched/**" && p["state"] == "PLUGIN_STATE_RUNNING"
    })
    .await;
    assert_eq!(status_of(&socket, "launched/foo").await, 200);

    // The squatter goes away; the real one stays registered and serving.
    squatter.shutdown_background();
    for _ in 0..20 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let vault = listed(&socket, "vault").await;
        assert!(
            vault
                .as_ref()
                .is_some_and(|p| p["state"] == "PLUGIN_STATE_RUNNING"),
            "the squatter's disconnect removed the launched plugin: {vault:?}"
        );
        assert_eq!(status_of(&socket, "launched/foo").await, 200);
    }

    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(10), serving)
        .await
        .expect("the engine stops")
        .expect("task");
}
