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

    let load = move || -> Result<EngineConfig, String> {
        let mut config = match &cli.config {
            Some(path) => EngineConfig::load(path).map_err(|e| e.to_string())?,
            None => EngineConfig::default_config()?,
        };
        if let Some(dir) = &cli.plugin_dir {
            config.plugin_dir = dir.clone();
        }
        Ok(config)
    };
    let config = match load() {
        Ok(config) => config,
        Err(error) => {
            tracing::error!(%error, "invalid configuration");
            return ExitCode::from(2);
        }
    };
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
        let (reload, reloads) = tokio::sync::mpsc::channel(1);
        tokio::spawn(reload_on_sighup(load, reload));
        engine.serve_with_reloads(shutdown_signal(), reloads).await;
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

/// Completes on the first signal that would otherwise end the process
/// without draining and without removing the socket: SIGINT and SIGTERM,
/// and SIGQUIT, SIGUSR1 and SIGUSR2, which the engine gives no other meaning.
async fn shutdown_signal() {
    let kinds = [
        ("SIGINT", SignalKind::interrupt()),
        ("SIGTERM", SignalKind::terminate()),
        ("SIGQUIT", SignalKind::quit()),
        ("SIGUSR1", SignalKind::user_defined1()),
        ("SIGUSR2", SignalKind::user_defined2()),
    ];
    let mut streams = Vec::with_capacity(kinds.len());
    for (name, kind) in kinds {
        match signal(kind) {
            Ok(stream) => streams.push((name, stream)),
            Err(error) => tracing::error!(%error, signal = name, "cannot handle a signal"),
        }
    }
    if streams.is_empty() {
        tracing::error!("cannot install signal handlers; stop the engine with SIGKILL");
        return std::future::pending().await;
    }
    let received = futures_util::future::select_all(
        streams
            .iter_mut()
            .map(|(name, stream)| Box::pin(async move { stream.recv().await.map(|_| *name) })),
    )
    .await
    .0;
    if let Some(name) = received {
        tracing::info!(signal = name, "stopping: signal received");
    }
}

/// On each SIGHUP, reads the configuration again and hands it to the
/// engine; a configuration that does not load is logged and ignored.
async fn reload_on_sighup(
    load: impl Fn() -> Result<EngineConfig, String>,
    reload: tokio::sync::mpsc::Sender<EngineConfig>,
) {
    let mut hangups = match signal(SignalKind::hangup()) {
        Ok(hangups) => hangups,
        Err(error) => {
            tracing::error!(%error, "cannot handle SIGHUP; reloading is off");
            return;
        }
    };
    while hangups.recv().await.is_some() {
        tracing::info!("SIGHUP received: reloading the configuration");
        match load() {
            Ok(config) => {
                if reload.send(config).await.is_err() {
                    return;
                }
            }
            Err(error) => {
                tracing::error!(%error, "reload: invalid configuration; the running one stays")
            }
        }
    }
}
