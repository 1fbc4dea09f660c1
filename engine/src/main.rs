//! `secrets-engine`: the daemon's command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use secrets_engine::Engine;
use secrets_engine::config::EngineConfig;
use secrets_engine::socket::resolve_socket_path;
use tokio::signal::unix::{SignalKind, signal};
use tracing_subscriber::Layer;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// The secrets engine: answers GetSecrets on a Unix socket over Connect
/// (JSON and binary protobuf), gRPC and gRPC-Web, asking its plugins.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    /// The Unix socket to listen on. Default: $DOCKER_SECRETS_ENGINE_SOCKET,
    /// else $XDG_CACHE_HOME (or ~/.cache)/docker-secrets-engine/engine.sock,
    /// the Go engine's path.
    #[arg(long, value_name = "PATH")]
    socket: Option<PathBuf>,

    /// A TOML configuration file (engine settings and builtin plugins; see
    /// engine/src/config.rs). Without one the engine serves `**` from the
    /// store `docker-pass` writes: the OS keychain, or the encrypted file
    /// store where no Secret Service answers (DOCKER_PASS_STORE and the other
    /// DOCKER_PASS_* variables choose).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// The directory whose executables are launched as plugins (overrides
    /// the config file; default /opt/docker/secrets-engine/plugins, as Go).
    #[arg(long, value_name = "DIR")]
    plugin_dir: Option<PathBuf>,

    /// Log filter: error, warn, info, debug or trace, or a tracing directive
    /// such as `secrets_engine=debug`. Logs go to stderr.
    #[arg(
        long,
        value_name = "LEVEL",
        default_value = "info",
        env = "SECRETS_ENGINE_LOG"
    )]
    log_level: String,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `Targets` takes the same `target=level,...` directives as `EnvFilter`
    // without its regex engine, which the daemon would otherwise carry in
    // memory (about 600 kB of binary).
    let filter = match cli.log_level.parse::<Targets>() {
        Ok(filter) => filter,
        Err(error) => {
            eprintln!("secrets-engine: --log-level {:?}: {error}", cli.log_level);
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
                .with_filter(filter),
        )
        .with(secrets_engine::log_hints::AuthorityHint::layer())
        .init();

    let config = match &cli.config {
        Some(path) => match EngineConfig::load(path) {
            Ok(config) => config,
            Err(error) => {
                tracing::error!(%error, "invalid configuration");
                return ExitCode::from(2);
            }
        },
        None => match EngineConfig::default_config() {
            Ok(config) => config,
            Err(error) => {
                tracing::error!(%error, "invalid configuration");
                return ExitCode::from(2);
            }
        },
    };
    let mut config = config;
    if let Some(dir) = cli.plugin_dir {
        config.plugin_dir = dir;
    }
    let socket = resolve_socket_path(cli.socket);
    raise_file_limit(config.max_connections);
    // The engine's own thread runs on a current-thread runtime; connection
    // threads beyond it (`worker_threads`) get their own (see
    // engine/src/connection_threads.rs for why not a multi-thread runtime).
    // Each busy-polls briefly after serving (the busy-poll crate).
    let runtime = busy_poll::runtime(config.busy_poll);
    let runtime = match runtime {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!(%error, "cannot start the async runtime");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let engine = match Engine::start(&socket, config).await {
            Ok(engine) => engine,
            Err(error) => {
                tracing::error!(%error, "cannot start");
                return ExitCode::FAILURE;
            }
        };
        engine.serve(shutdown_signal()).await;
        ExitCode::SUCCESS
    })
}

/// Raises the soft limit on open files to the hard limit, as Go programs do
/// at start: each connection holds one, and the default soft limit (often
/// 1024) would be reached before `max_connections` plus the plugins' and
/// stores' own. Warns when even the hard limit leaves less room than that.
fn raise_file_limit(max_connections: usize) {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE) else {
        return;
    };
    let limit = if hard > soft && setrlimit(Resource::RLIMIT_NOFILE, hard, hard).is_ok() {
        hard
    } else {
        soft
    };
    // Room for the engine's own files: the socket, plugins, stores, logs.
    let needed = max_connections as u64 + 64;
    if limit < needed {
        tracing::warn!(
            open_file_limit = limit,
            max_connections,
            "the open-file limit leaves less room than max_connections needs; \
             connections past it will fail to be accepted"
        );
    }
}

/// Completes on the first SIGINT or SIGTERM.
async fn shutdown_signal() {
    let (Ok(mut interrupt), Ok(mut terminate)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        tracing::error!("cannot install signal handlers; stop the engine with SIGKILL");
        return std::future::pending().await;
    };
    tokio::select! {
        _ = interrupt.recv() => tracing::info!("SIGINT received"),
        _ = terminate.recv() => tracing::info!("SIGTERM received"),
    }
}
