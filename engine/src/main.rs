//! `secrets-engine`: the daemon's command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use secrets_engine::Engine;
use secrets_engine::config::{ConfigError, EngineConfig};
use secrets_engine::socket::{
    EngineSocket, SocketAddress, daemon_socket_address, default_socket_path, socket_from_env,
};
use secrets_engine::{socket_activation, systemd_units};
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
    /// The one Unix socket to listen on (`@NAME` for an abstract socket).
    /// Default: $DOCKER_SECRETS_ENGINE_SOCKET; else both addresses Docker's
    /// clients look for: the engine socket $XDG_CACHE_HOME (or
    /// ~/.cache)/docker-secrets-engine/engine.sock and, on Linux, the daemon
    /// socket @docker-secrets-engine/<uid>/daemon.sock (the configuration's
    /// `engine_socket` and `daemon_socket` turn either off). Sockets passed
    /// by systemd (socket activation) are served instead.
    #[arg(long, value_name = "PATH", global = true)]
    socket: Option<PathBuf>,

    /// A TOML configuration file (engine settings and builtin plugins; see
    /// engine/src/config.rs). Without one the engine serves `**` from the
    /// store `docker-pass` writes: the OS keychain, or the encrypted file
    /// store where no Secret Service answers (DOCKER_PASS_STORE and the other
    /// DOCKER_PASS_* variables choose).
    #[arg(long, value_name = "FILE", global = true)]
    config: Option<PathBuf>,

    /// The directory whose executables are launched as plugins (overrides
    /// the config file; default /opt/docker/secrets-engine/plugins, as Go).
    #[arg(long, value_name = "DIR", global = true)]
    plugin_dir: Option<PathBuf>,

    /// Log filter: error, warn, info, debug or trace, or a tracing directive
    /// such as `secrets_engine=debug`. Logs go to stderr.
    #[arg(
        long,
        value_name = "LEVEL",
        default_value = "info",
        env = "SECRETS_ENGINE_LOG",
        global = true
    )]
    log_level: String,

    #[command(subcommand)]
    command: Option<Command>,
}

impl Cli {
    /// The configuration the options name: the file's, or the default.
    fn config(&self) -> Result<EngineConfig, ConfigError> {
        let mut config = match &self.config {
            Some(path) => EngineConfig::load(path)?,
            None => EngineConfig::default_config()?,
        };
        if let Some(dir) = &self.plugin_dir {
            config.plugin_dir = dir.clone();
        }
        Ok(config)
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Installs systemd user units that start the engine when a client first
    /// connects (socket activation) and let it exit when idle: writes
    /// secrets-engine.socket and secrets-engine.service, then enables and
    /// starts the socket. The units run this binary with the --config,
    /// --plugin-dir and --log-level given here, on the --socket path.
    InstallSystemdUnits {
        /// Where to write the units. Default: $XDG_CONFIG_HOME/systemd/user,
        /// else ~/.config/systemd/user.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Only write the files: do not run `systemctl --user daemon-reload`
        /// and `systemctl --user enable --now secrets-engine.socket`.
        #[arg(long)]
        no_enable: bool,
        /// For a package: write units for every user that run the engine
        /// installed at PATH, listening where each user's clients look
        /// (systemd specifiers, not this user's paths); enables nothing.
        #[arg(long, value_name = "PATH", hide = true, requires = "dir")]
        packaged: Option<PathBuf>,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completion {
        /// The shell.
        shell: secrets_cli_docs::Shell,
    },
    /// Write the manual pages (section 1) into DIR, as a package installs
    /// them.
    #[command(hide = true)]
    ManPages {
        /// Where to write them.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    // First, before anything opens a file: a socket systemd passed.
    let passed = socket_activation::from_environment();
    let mut cli = Cli::parse();
    match cli.command.take() {
        Some(Command::InstallSystemdUnits {
            dir,
            no_enable,
            packaged,
        }) => return install_systemd_units(&cli, dir, no_enable, packaged),
        Some(Command::Completion { shell }) => {
            secrets_cli_docs::completion(
                shell,
                Cli::command(),
                "secrets-engine",
                &mut std::io::stdout(),
            );
            return ExitCode::SUCCESS;
        }
        Some(Command::ManPages { dir }) => {
            return match secrets_cli_docs::write_man_pages(Cli::command(), &dir) {
                Ok(_) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!(
                        "secrets-engine: cannot write the manual pages into {}: {error}",
                        dir.display()
                    );
                    ExitCode::FAILURE
                }
            };
        }
        None => {}
    }
    // `Targets` takes the same `target=level,...` directives as `EnvFilter`
    // without its regex engine, which the daemon would otherwise carry in
    // memory (about 600 kB of binary).
    let filter = match log_filter(&cli.log_level) {
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
    match serve(cli, passed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// Logs why the engine cannot go on, as `what`, and gives `code` to exit
/// with.
fn stop_with<E: std::fmt::Display>(
    what: &'static str,
    code: ExitCode,
) -> impl FnOnce(E) -> ExitCode {
    move |error| {
        tracing::error!(%error, "{what}");
        code
    }
}

/// Runs the engine until a signal stops it; the exit code when it cannot
/// start.
fn serve(
    mut cli: Cli,
    passed: Result<Vec<std::os::unix::net::UnixListener>, socket_activation::ActivationError>,
) -> Result<(), ExitCode> {
    let socket = cli.socket.take();
    let load = move || cli.config();
    let config = load().map_err(stop_with("invalid configuration", ExitCode::from(2)))?;
    let passed = passed.map_err(stop_with(
        "cannot serve the sockets systemd passed",
        ExitCode::from(2),
    ))?;
    let addresses = listen_addresses(socket, &config)
        .map_err(stop_with("invalid configuration", ExitCode::from(2)))?;
    raise_file_limit(config.server.max_connections);
    // The engine's own thread runs on a current-thread runtime; connection
    // threads beyond it (`worker_threads`) get their own (see
    // engine/src/http/connection_threads.rs for why not a multi-thread runtime).
    // Each busy-polls briefly after serving (the busy-poll crate).
    let runtime = busy_poll::runtime(config.server.busy_poll).map_err(stop_with(
        "cannot start the async runtime",
        ExitCode::FAILURE,
    ))?;
    runtime.block_on(async move {
        // A write past RLIMIT_FSIZE raises SIGXFSZ, which would end the
        // engine; caught, the write fails with EFBIG instead, which the audit
        // log handles like a full disk. Caught rather than ignored so the
        // plugins it starts still get the default.
        let _file_size = signal(SignalKind::from_raw(libc::SIGXFSZ));
        // Every handler is in place before a socket is bound: a client may
        // signal the engine as soon as it can connect, and a signal that
        // came before its handler would end the engine with its socket
        // left behind (SIGHUP included).
        let stop = shutdown_signal();
        let hangups = signal(SignalKind::hangup());
        let sockets: Result<Vec<_>, _> = if passed.is_empty() {
            addresses.iter().map(EngineSocket::bind_address).collect()
        } else {
            passed.into_iter().map(EngineSocket::inherited).collect()
        };
        let sockets = sockets.map_err(stop_with("cannot start", ExitCode::FAILURE))?;
        let engine = Engine::start_on_all(sockets, config)
            .await
            .map_err(stop_with("cannot start", ExitCode::FAILURE))?;
        let (reload, reloads) = tokio::sync::mpsc::channel(1);
        tokio::spawn(reload_on_sighup(hangups, load, reload));
        engine.serve_with_reloads(stop, reloads).await;
        Ok(())
    })
}

/// Why `--log-level` is refused.
#[derive(Debug, thiserror::Error)]
enum LogFilterError {
    #[error(
        "{0:?} is not a level (error, warn, info, debug, trace or off) nor a target=level directive"
    )]
    NotALevel(String),
    #[error(
        "{0:?}: a directive is target=level, with level one of error, warn, info, debug, trace or off"
    )]
    BadDirective(String),
    #[error("give a level: error, warn, info, debug, trace or off")]
    NoLevel,
    #[error(transparent)]
    Targets(#[from] tracing_subscriber::filter::ParseError),
}

/// The log filter `--log-level` names: a level (error, warn, info, debug,
/// trace, off) or comma-separated `target=level` directives. A word that is
/// neither is refused: `Targets` would read a misspelt level such as `degub`
/// as a target name, and the engine would then log nothing of its own.
fn log_filter(text: &str) -> Result<Targets, LogFilterError> {
    const LEVELS: [&str; 6] = ["off", "error", "warn", "info", "debug", "trace"];
    let is_level = |word: &str| LEVELS.contains(&word.trim().to_ascii_lowercase().as_str());
    let mut directives = 0;
    for directive in text.split(',').map(str::trim).filter(|d| !d.is_empty()) {
        directives += 1;
        match directive.split_once('=') {
            None if !is_level(directive) => {
                return Err(LogFilterError::NotALevel(directive.to_owned()));
            }
            Some((target, level)) if target.trim().is_empty() || !is_level(level) => {
                return Err(LogFilterError::BadDirective(directive.to_owned()));
            }
            _ => {}
        }
    }
    if directives == 0 {
        return Err(LogFilterError::NoLevel);
    }
    Ok(text.parse::<Targets>()?)
}

/// Where the engine listens when systemd passes no socket: the one socket
/// `--socket` or `$DOCKER_SECRETS_ENGINE_SOCKET` names; else the engine
/// socket and the daemon socket, as the configuration allows.
fn listen_addresses(
    explicit: Option<PathBuf>,
    config: &EngineConfig,
) -> Result<Vec<SocketAddress>, String> {
    if let Some(address) = explicit.map(SocketAddress::parse).or_else(socket_from_env) {
        return Ok(vec![address]);
    }
    let mut addresses = Vec::new();
    if config.server.engine_socket {
        addresses.push(SocketAddress::Path(default_socket_path()));
    }
    if config.server.daemon_socket {
        addresses.push(daemon_socket_address());
    }
    if addresses.is_empty() {
        return Err(
            "engine_socket and daemon_socket are both false and no --socket is given: \
             there is nothing to listen on"
                .to_owned(),
        );
    }
    Ok(addresses)
}

/// Writes `units` into `dir`, saying where.
fn write_units(dir: &std::path::Path, units: &systemd_units::Units) -> ExitCode {
    match systemd_units::write(dir, units) {
        Ok(paths) => {
            for path in paths {
                println!("wrote {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!(
                "secrets-engine: cannot write the units into {}: {error}",
                dir.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// `secrets-engine install-systemd-units`: writes the units and, unless told
/// not to, enables and starts the socket.
fn install_systemd_units(
    cli: &Cli,
    dir: Option<PathBuf>,
    no_enable: bool,
    packaged: Option<PathBuf>,
) -> ExitCode {
    if let (Some(executable), Some(dir)) = (packaged, &dir) {
        // Built on the packager's machine: nothing of this user's
        // configuration belongs in them.
        return write_units(dir, &systemd_units::packaged(&executable, &[]));
    }
    let absolute =
        |path: &std::path::Path| std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let executable = match std::env::current_exe().and_then(|exe| exe.canonicalize()) {
        Ok(executable) => executable,
        Err(error) => {
            eprintln!("secrets-engine: cannot tell where this program is: {error}");
            return ExitCode::FAILURE;
        }
    };
    let Some(dir) = dir.or_else(systemd_units::default_unit_dir) else {
        eprintln!("secrets-engine: neither XDG_CONFIG_HOME nor HOME is set; pass --dir");
        return ExitCode::from(2);
    };
    // The units would start an engine that exits at once on a configuration
    // it cannot load: say so now, before anything is written.
    let addresses = cli
        .config()
        .map_err(|error| error.to_string())
        .and_then(|config| listen_addresses(cli.socket.clone(), &config));
    let addresses: Vec<SocketAddress> = match addresses {
        Ok(addresses) => addresses
            .into_iter()
            .map(|address| match address {
                SocketAddress::Path(path) => SocketAddress::Path(absolute(&path)),
                other => other,
            })
            .collect(),
        Err(error) => {
            eprintln!("secrets-engine: invalid configuration: {error}; no units written");
            return ExitCode::from(2);
        }
    };
    if let Err(error) = log_filter(&cli.log_level) {
        eprintln!(
            "secrets-engine: --log-level {:?}: {error}; no units written",
            cli.log_level
        );
        return ExitCode::from(2);
    }
    let listening = addresses
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" and ");
    let mut args = Vec::new();
    for (option, path) in [("--config", &cli.config), ("--plugin-dir", &cli.plugin_dir)] {
        if let Some(path) = path {
            args.extend([option.to_owned(), absolute(path).display().to_string()]);
        }
    }
    if cli.log_level != "info" {
        args.extend(["--log-level".to_owned(), cli.log_level.clone()]);
    }
    let units = systemd_units::render(&executable, &addresses, &args);
    let written = write_units(&dir, &units);
    if written != ExitCode::SUCCESS {
        return written;
    }
    if no_enable {
        println!(
            "to start on demand: systemctl --user daemon-reload && \
             systemctl --user enable --now {}",
            systemd_units::SOCKET_UNIT
        );
        return ExitCode::SUCCESS;
    }
    for args in [
        &["--user", "daemon-reload"][..],
        &["--user", "enable", "--now", systemd_units::SOCKET_UNIT],
    ] {
        let status = std::process::Command::new("systemctl").args(args).status();
        match status {
            Ok(status) if status.success() => {}
            Ok(status) => {
                eprintln!(
                    "secrets-engine: `systemctl {}` failed ({status}); if an engine you started \
                     yourself is serving {listening}, stop it first",
                    args.join(" "),
                );
                return ExitCode::FAILURE;
            }
            Err(error) => {
                eprintln!("secrets-engine: cannot run systemctl: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!(
        "{} is listening on {listening}; the engine starts when a client connects",
        systemd_units::SOCKET_UNIT,
    );
    ExitCode::SUCCESS
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
/// The handlers are installed when this is called, not when it is awaited.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
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
    async move {
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
}

/// On each SIGHUP, reads the configuration again and hands it to the
/// engine; a configuration that does not load is logged and ignored.
async fn reload_on_sighup(
    hangups: std::io::Result<tokio::signal::unix::Signal>,
    load: impl Fn() -> Result<EngineConfig, ConfigError>,
    reload: tokio::sync::mpsc::Sender<EngineConfig>,
) {
    let mut hangups = match hangups {
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
