//! `secrets-engine-conformance`: start this engine in the fixture world,
//! replay the recorded fixtures against any engine socket, certify a plugin
//! executable by playing the engine against it, or check clients by playing
//! a recorded engine to them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use secrets_core::{InvalidId, SecretId};
use secrets_engine_conformance::client_conformance::{self, ClientUnderTest, Outcome};
use secrets_engine_conformance::differential;
use secrets_engine_conformance::plugin_certification::{self, CertifyOptions};
use secrets_engine_conformance::runner::{self, Verdict};
use secrets_engine_conformance::world;

#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run this project's engine on SOCKET in the world the fixtures were
    /// recorded in (or, with --go-engine, Docker's Go engine). Prints READY
    /// on stdout once every plugin is registered; stops on SIGTERM or SIGINT.
    World {
        /// The socket to serve on.
        #[arg(long)]
        socket: PathBuf,
        /// The world's launched plugin (default: `memplugin` next to this
        /// binary, else on PATH).
        #[arg(long)]
        memplugin: Option<PathBuf>,
        /// Stand this Go engine in the world instead: Docker's January 2026
        /// engine as scripts/build-go-peers builds it
        /// (target/go-peers/go-engine-v0.0.21), or any binary with its flags.
        #[arg(long)]
        go_engine: Option<PathBuf>,
    },
    /// Replay the recorded HTTP fixtures and compare answers by meaning.
    /// Without --socket, starts this project's engine in the fixture world on
    /// a temporary socket, replays against it and stops it; with --socket,
    /// replays against the engine there (this project's or another
    /// implementation's), which must serve the fixture world. Fails if any
    /// case does.
    Replay {
        /// The engine socket (default: start the fixture world).
        #[arg(long)]
        socket: Option<PathBuf>,
        /// The fixture world's launched plugin, when replay starts the world
        /// (default: `memplugin` next to this binary, else on PATH).
        #[arg(long, conflicts_with = "socket")]
        memplugin: Option<PathBuf>,
        /// The plugins the target engine has (cases needing others are skipped).
        #[arg(long, value_delimiter = ',', default_values_t = world::PLUGINS.iter().map(|s| s.to_string()))]
        plugins: Vec<String>,
        /// Only cases whose name starts with one of these.
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// Check every case against the recording itself, ignoring the
        /// deviations of this project's engine (cases no replay can judge
        /// stay skipped): for holding the Go engine, or another
        /// implementation that means to answer exactly as it did, to the
        /// fixtures.
        #[arg(long)]
        as_recorded: bool,
    },
    /// Send every fixture's request and the generated ones to the engine on
    /// SOCKET and to the reference engine on REFERENCE (both in the fixture
    /// world, e.g. this project's `world` and the Go engine) and compare the
    /// answers; a difference not declared in deviations.toml fails.
    Diff {
        /// The engine under test.
        #[arg(long)]
        socket: PathBuf,
        /// The reference engine.
        #[arg(long)]
        reference: PathBuf,
    },
    /// Launch the plugin executable at PLUGIN as the engine does (socketpair
    /// on FD 3, launch configuration in the environment), register it, ask
    /// it for each HIT (must resolve) and MISS (must be not_found), call its
    /// /health, shut it down. One line per check; fails if any check does.
    CertifyPlugin {
        /// The plugin executable; it must register under its file name.
        #[arg(long)]
        plugin: PathBuf,
        /// An ID the plugin must resolve (repeatable).
        #[arg(long = "hit", required = true, value_parser = parse_id)]
        hits: Vec<SecretId>,
        /// An ID the plugin must answer not_found for (repeatable).
        #[arg(long = "miss", required = true, value_parser = parse_id)]
        misses: Vec<SecretId>,
        /// Registration timeout sent to the plugin and enforced, and the
        /// limit for each call (the Go engine's default is 5000).
        #[arg(long, default_value_t = 5000)]
        timeout_ms: u64,
    },
    /// Play a recorded engine (the fixtures' answers) on a socket to each
    /// client under test (the Rust client library, the `docker-pass` engine
    /// commands, Docker's Go client) and check what it sends and how it
    /// surfaces each answer. One line per (client, scenario) check; fails if
    /// any check does.
    ClientConformance {
        /// The `docker-pass` binary (default: next to this one, when built).
        #[arg(long)]
        docker_pass: Option<PathBuf>,
        /// The CLI over Docker's Go client, `sdk-client-v0.3.2` (default:
        /// `../go-peers/` from this binary, when built by
        /// scripts/build-go-peers).
        #[arg(long)]
        go_client: Option<PathBuf>,
        /// The directory of the generated TypeScript client's command, with
        /// gen/ts in its node_modules (scripts/client-interop passes the
        /// project it installs outside the clone; default:
        /// interop/clients/ts of this checkout); run by `node`.
        #[arg(long)]
        ts_client: Option<PathBuf>,
        /// A Python with gen/python installed, to run
        /// interop/clients/python/conformance_client.py (scripts/client-interop
        /// passes the one it installs outside the clone; default:
        /// `../client-interop-venv/bin/python` from this binary).
        #[arg(long)]
        python_client: Option<PathBuf>,
        /// The generated Go client's command, interop/clients/go/cmd/
        /// conformance-client built (scripts/client-interop passes the one it
        /// builds outside the clone; default: `../client-interop/
        /// conformance-client-go` from this binary).
        #[arg(long)]
        go_client_generated: Option<PathBuf>,
        /// Only these clients (by report name: rust-client, docker-pass,
        /// go-client-v0.0.30, gen-ts, gen-python, gen-go).
        #[arg(long, value_delimiter = ',')]
        clients: Vec<String>,
        /// Only these scenarios.
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// The limit for each client run.
        #[arg(long, default_value_t = 10000)]
        timeout_ms: u64,
    },
}

fn parse_id(value: &str) -> Result<SecretId, InvalidId> {
    SecretId::parse(value)
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `cli`'s command; each command reports its own failures (one line
/// per case or check) and says so in the exit code, so `Err` is only what
/// keeps any command from running.
fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    Ok(runtime.block_on(async move {
        match cli.command {
            Command::World {
                socket,
                memplugin,
                go_engine,
            } => run_world(socket, memplugin, go_engine).await,
            Command::Replay {
                socket,
                memplugin,
                plugins,
                only,
                as_recorded,
            } => {
                let options = ReplayOptions {
                    plugins,
                    only,
                    as_recorded,
                };
                replay(socket, memplugin, &options).await
            }
            Command::Diff { socket, reference } => print_reports(
                "diff",
                differential::run(&socket, &reference).await,
                &Target::Diff,
            ),
            Command::CertifyPlugin {
                plugin,
                hits,
                misses,
                timeout_ms,
            } => {
                let options = CertifyOptions {
                    plugin,
                    hits,
                    misses,
                    timeout: std::time::Duration::from_millis(timeout_ms),
                };
                certify_plugin(&options).await
            }
            Command::ClientConformance {
                docker_pass,
                go_client,
                ts_client,
                python_client,
                go_client_generated,
                clients,
                only,
                timeout_ms,
            } => {
                let paths = ClientPaths {
                    docker_pass,
                    go_client,
                    ts_client,
                    python_client,
                    go_client_generated,
                };
                client_conformance(
                    paths,
                    &clients,
                    &only,
                    std::time::Duration::from_millis(timeout_ms),
                )
                .await
            }
        }
    }))
}

/// Logs of the engine (and plugins) running in this process go to stderr,
/// at warn unless SECRETS_ENGINE_LOG says otherwise.
fn log_to_stderr() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            std::env::var("SECRETS_ENGINE_LOG").unwrap_or_else(|_| "warn".into()),
        ))
        .with_writer(std::io::stderr)
        .try_init();
}

/// This binary as it was invoked, for commands to copy.
fn this_command() -> String {
    std::env::args()
        .next()
        .unwrap_or_else(|| "secrets-engine-conformance".to_owned())
}

async fn run_world(
    socket: PathBuf,
    memplugin: Option<PathBuf>,
    go_engine: Option<PathBuf>,
) -> ExitCode {
    log_to_stderr();
    let memplugin = match world::find_memplugin(memplugin.as_deref()) {
        Ok(path) => path,
        Err(e) => {
            eprintln!("world: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Listening before READY: a caller may stop the world as soon as it
    // reads it, and the world must still stop its engine and plugins.
    use tokio::signal::unix::{SignalKind, signal};
    let (mut term, mut int) = match (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) {
        (Ok(term), Ok(int)) => (term, int),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("world: cannot listen for signals: {e}");
            return ExitCode::FAILURE;
        }
    };
    let engine = match &go_engine {
        None => "this project's engine".to_owned(),
        Some(path) => format!("the Go engine {}", path.display()),
    };
    let stop: std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> = match go_engine {
        None => match world::start(&socket, &memplugin).await {
            Ok(world) => Box::pin(world.stop()),
            Err(e) => {
                eprintln!("world: {e}");
                return ExitCode::FAILURE;
            }
        },
        Some(go_engine) => match world::start_reference(&socket, &go_engine, &memplugin).await {
            Ok(world) => Box::pin(world.stop()),
            Err(e) => {
                eprintln!("world: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    // Every plugin is registered, so the world answers like the recording.
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "READY");
    let _ = stdout.flush();
    eprintln!(
        "world: {engine} serves the fixture world on {}; replay against it with `{} replay \
         --socket {0}`; stop with Ctrl-C",
        socket.display(),
        this_command()
    );
    tokio::select! { _ = term.recv() => {}, _ = int.recv() => {} }
    stop.await;
    ExitCode::SUCCESS
}

/// What `replay` replays, and against what.
struct ReplayOptions {
    /// The plugins the engine has.
    plugins: Vec<String>,
    /// Name prefixes of the cases to replay (empty: all).
    only: Vec<String>,
    /// Whether to ignore this project's deviations.
    as_recorded: bool,
}

/// Replays the cases `options` selects against `socket`.
async fn replay_cases(
    socket: &Path,
    options: &ReplayOptions,
) -> Result<Vec<runner::CaseReport>, runner::RunError> {
    let plugins: Vec<&str> = options.plugins.iter().map(String::as_str).collect();
    let only: Vec<&str> = options.only.iter().map(String::as_str).collect();
    let mut deviations = runner::deviations()?;
    if options.as_recorded {
        deviations = runner::skips_only(deviations);
    }
    runner::run_with(socket, &plugins, &only, &deviations).await
}

async fn replay(
    socket: Option<PathBuf>,
    memplugin: Option<PathBuf>,
    options: &ReplayOptions,
) -> ExitCode {
    let Some(socket) = socket else {
        return replay_own_world(memplugin.as_deref(), options).await;
    };
    let mut stdout = std::io::stdout();
    match describe_world(&socket) {
        Ok(lines) => {
            for line in lines {
                let _ = writeln!(stdout, "{line}");
            }
        }
        Err(e) => {
            eprintln!("replay: the fixture world: {e}");
            return ExitCode::FAILURE;
        }
    }
    if let Err(e) = tokio::net::UnixStream::connect(&socket).await {
        eprintln!(
            "replay: nothing answers on {} ({e}): start the engine first, or run replay without \
             --socket to start this project's engine in the fixture world",
            socket.display()
        );
        return ExitCode::FAILURE;
    }
    let world = match (world::plugins(), world::listed(&socket).await) {
        (Ok(expected), Ok(listed)) => Ok(world::differences(&expected, &listed)),
        (Err(e), _) => Err(anyhow::Error::from(e)),
        (_, Err(e)) => Err(anyhow::Error::from(e)),
    };
    let _ = match &world {
        Ok(differences) if differences.is_empty() => writeln!(
            stdout,
            "The engine on {} lists exactly these plugins.",
            socket.display()
        ),
        Ok(differences) => writeln!(
            stdout,
            "The engine on {} does not serve this world: {}. Expect the cases that resolve \
             secrets or list plugins to fail.",
            socket.display(),
            differences.join("; ")
        ),
        Err(e) => writeln!(
            stdout,
            "Could not check the plugins of the engine on {}: {e}.",
            socket.display()
        ),
    };
    let _ = writeln!(stdout);
    print_reports(
        "replay",
        replay_cases(&socket, options).await,
        &Target::Socket {
            socket,
            world,
            as_recorded: options.as_recorded,
        },
    )
}

/// `replay` without `--socket`: this project's engine in the fixture world
/// on a temporary socket, replayed against, stopped.
async fn replay_own_world(memplugin: Option<&Path>, options: &ReplayOptions) -> ExitCode {
    log_to_stderr();
    let memplugin = match world::find_memplugin(memplugin) {
        Ok(path) => path,
        Err(e) => {
            eprintln!("replay: {e}");
            return ExitCode::FAILURE;
        }
    };
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("replay: temporary directory: {e}");
            return ExitCode::FAILURE;
        }
    };
    let socket = dir.path().join("engine.sock");
    let running = match world::start(&socket, &memplugin).await {
        Ok(running) => running,
        Err(e) => {
            eprintln!("replay: starting the fixture world: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout();
    let _ = writeln!(
        stdout,
        "Replaying against this project's engine, started in the fixture world ({}; see {}).\n",
        world::PLUGINS.join(", "),
        world_doc().display()
    );
    let reports = replay_cases(&socket, options).await;
    running.stop().await;
    let target = Target::OwnWorld {
        as_recorded: options.as_recorded,
    };
    print_reports("replay", reports, &target)
}

/// `fixtures/WORLD.md`: the world with every value, timestamp and metadata.
fn world_doc() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/WORLD.md")
}

/// The deviations shipped with the fixtures.
fn deviations_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("deviations.toml")
}

/// What the fixtures expect of the engine on `socket`, and how to start it.
fn describe_world(socket: &Path) -> Result<Vec<String>, world::WorldError> {
    let plugins = world::plugins()?;
    let width = plugins.iter().map(|p| p.name.len()).max().unwrap_or(0);
    let mut lines = vec![format!(
        "The fixtures were recorded from Docker's Go engine in the fixture world; to pass, the \
         engine on {} must serve the same:",
        socket.display()
    )];
    for plugin in &plugins {
        lines.push(format!(
            "  {:width$}  {}, {}, pattern {}: {}",
            plugin.name,
            plugin.attachment,
            plugin.version,
            plugin.pattern,
            plugin.ids.join(", ")
        ));
    }
    lines.push(format!(
        "  Values, timestamps and metadata: {}. Settings: the defaults (incomplete request \
         headers closed after 2 s; requests over 1 MiB refused).",
        world_doc().display()
    ));
    lines.push(format!(
        "This project's engine serves that world with `{} world --socket /tmp/fixture-world.sock` \
         (or run replay without --socket: it starts the world, replays and stops it).",
        this_command()
    ));
    Ok(lines)
}

/// What the reports were taken against, for the hint under a failing
/// summary.
/// `as_recorded`: replayed with `--as-recorded`.
enum Target {
    /// This project's engine, started by `replay` in the fixture world.
    OwnWorld { as_recorded: bool },
    /// The engine on `--socket`; `world` holds how its plugins differ from
    /// the fixture world's (`Err`: they could not be listed).
    Socket {
        socket: PathBuf,
        world: anyhow::Result<Vec<String>>,
        as_recorded: bool,
    },
    /// `diff`: this project's engine against the reference engine.
    Diff,
}

/// One line per case, what `(deviation)` means when one appears, then a
/// summary line and, when a case failed, its most likely cause.
fn print_reports(
    command: &str,
    reports: Result<Vec<runner::CaseReport>, runner::RunError>,
    target: &Target,
) -> ExitCode {
    let reports = match reports {
        Ok(reports) => reports,
        Err(e) => {
            eprintln!("{command}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout();
    let (mut passed, mut deviated, mut skipped) = (0, 0, 0);
    let mut failed: Vec<&runner::CaseReport> = Vec::new();
    for report in &reports {
        let note = if report.deviation.is_some() {
            " (deviation)"
        } else {
            ""
        };
        let _ = match &report.verdict {
            Verdict::Pass => {
                if report.deviation.is_some() {
                    deviated += 1;
                } else {
                    passed += 1;
                }
                writeln!(stdout, "PASS {}{note}", report.name)
            }
            Verdict::Skip(why) => {
                skipped += 1;
                writeln!(stdout, "SKIP {}: {why}", report.name)
            }
            Verdict::Fail(differences) => {
                failed.push(report);
                let declared = report
                    .deviation
                    .as_ref()
                    .map(|reason| format!("\n  declared deviation: {reason}"))
                    .unwrap_or_default();
                writeln!(
                    stdout,
                    "FAIL {}{note}\n  {}{declared}",
                    report.name,
                    differences.join("\n  ")
                )
            }
        };
    }
    let marked = reports
        .iter()
        .any(|r| r.deviation.is_some() && !matches!(r.verdict, Verdict::Skip(_)));
    if marked {
        let _ = writeln!(stdout, "\n{}", deviation_meaning(target));
    }
    let cases = if reports.len() == 1 { "case" } else { "cases" };
    let mut summary = format!(
        "{} {cases}: {passed} passed, {deviated} passed with a documented deviation",
        reports.len()
    );
    if skipped > 0 {
        summary.push_str(&format!(", {skipped} skipped"));
    }
    if failed.is_empty() {
        summary.push_str(", 0 failed");
    } else {
        summary.push_str(&format!(", {} failed (see FAIL above)", failed.len()));
    }
    let _ = writeln!(stdout, "{summary}");
    if failed.is_empty() {
        return ExitCode::SUCCESS;
    }
    let _ = writeln!(
        stdout,
        "Most likely cause: {}",
        failure_cause(target, &failed)
    );
    ExitCode::FAILURE
}

/// What the `(deviation)` mark means, said once.
fn deviation_meaning(target: &Target) -> String {
    let other = match target {
        Target::Diff => "the reference engine",
        Target::OwnWorld { .. } | Target::Socket { .. } => {
            "the Go engine the fixtures were recorded from"
        }
    };
    format!(
        "(deviation): a case where this project's engine deliberately answers differently from \
         {other}. The case is checked against the answer declared for it in {}, which also \
         records why.",
        deviations_file().display()
    )
}

/// The most likely reason `failed` failed against `target`.
fn failure_cause(target: &Target, failed: &[&runner::CaseReport]) -> String {
    let unreachable = failed.iter().all(|report| {
        matches!(&report.verdict, Verdict::Fail(differences)
            if differences.iter().any(|d| d.starts_with("connect ")))
    });
    match target {
        Target::OwnWorld { .. } if unreachable => {
            "this project's engine stopped answering during the replay (its log is above, on \
             stderr)."
                .to_owned()
        }
        Target::OwnWorld { as_recorded: true } => {
            "with --as-recorded, the cases where this project's engine deliberately answers \
             differently from the Go engine are checked against the recording, so they fail; \
             without it, each is checked against its declared deviation."
                .to_owned()
        }
        Target::OwnWorld { as_recorded: false } => format!(
            "this project's engine answers differently from the recording (it ran in the fixture \
             world, so the world is not the cause): each FAIL shows the answer expected (want) and \
             the one given (got). A deliberate difference is declared, with its reason, in {}.",
            deviations_file().display()
        ),
        Target::Socket { socket, .. } if unreachable => format!(
            "the engine on {} stopped answering during the replay.",
            socket.display()
        ),
        Target::Socket {
            socket,
            world: Ok(differences),
            ..
        } if !differences.is_empty() => format!(
            "the engine on {} does not serve the fixture world (described above). Serve it with \
             `{} world --socket /tmp/fixture-world.sock` and replay against that socket, or \
             replay without --socket.",
            socket.display(),
            this_command()
        ),
        Target::Socket {
            socket,
            world: Err(e),
            ..
        } => format!(
            "the engine on {} does not serve the fixture world (described above); its plugins \
             could not be listed to check ({e}).",
            socket.display()
        ),
        Target::Socket {
            socket,
            as_recorded: false,
            ..
        } if failed.iter().all(|r| r.deviation.is_some()) => format!(
            "the engine on {} serves the fixture world, and every failing case is a documented \
             deviation, whose expected answer is this project's engine's, not the recording's: \
             an engine that answers as the Go engine did fails them. To hold it to the recordings \
             instead, replay with --as-recorded; to compare two engines case by case, use `{} \
             diff`.",
            socket.display(),
            this_command()
        ),
        Target::Socket { socket, .. } => format!(
            "the engine on {} serves the fixture world's plugins but answers differently from \
             the recording: each FAIL shows the answer expected (want) and the one given (got).",
            socket.display()
        ),
        Target::Diff => format!(
            "each FAIL is a difference between the two engines that {} does not declare: want is \
             the reference engine's answer, got this project's.",
            deviations_file().display()
        ),
    }
}

async fn certify_plugin(options: &CertifyOptions) -> ExitCode {
    let report = plugin_certification::certify(options).await;
    let mut stdout = std::io::stdout();
    for check in &report.checks {
        let _ = writeln!(stdout, "{check}");
    }
    let failed = report.failures().count();
    let _ = writeln!(
        stdout,
        "plugin {:?}: {} checks, {failed} failed",
        report.plugin,
        report.checks.len()
    );
    if failed == 0 {
        return ExitCode::SUCCESS;
    }
    // The plugin's own words usually say why; they go to stderr, apart from
    // the verdicts.
    if !report.stderr.is_empty() {
        eprintln!("plugin stderr (last {} lines):", report.stderr.len());
        for line in &report.stderr {
            eprintln!("  {line}");
        }
    }
    ExitCode::FAILURE
}

/// Where the command-line clients are (`None`: the default place).
struct ClientPaths {
    docker_pass: Option<PathBuf>,
    go_client: Option<PathBuf>,
    ts_client: Option<PathBuf>,
    python_client: Option<PathBuf>,
    go_client_generated: Option<PathBuf>,
}

/// The clients under test: the Rust library always; `docker-pass`, the Go
/// client and the generated TypeScript, Python and Go clients from their
/// paths, or from their default places when built or installed (else a SKIP
/// line says how to build them).
async fn client_conformance(
    paths: ClientPaths,
    only_clients: &[String],
    only: &[String],
    timeout: std::time::Duration,
) -> ExitCode {
    use client_conformance::CommandClient;
    let mut stdout = std::io::stdout();
    let here = std::env::current_exe().ok();
    let beside = |relative: &str| here.as_ref().map(|exe| exe.with_file_name(relative));
    let file = |path: Option<PathBuf>, default: &str| {
        let path = path.or_else(|| beside(default)).unwrap_or_default();
        (path.is_file(), path)
    };
    let (found, docker_pass) = file(paths.docker_pass, "docker-pass");
    let docker_pass = (
        client_conformance::docker_pass(docker_pass.clone()),
        found,
        docker_pass,
        "cargo build -p docker-pass --bin docker-pass",
    );
    let (found, go_client) = file(paths.go_client, "../go-peers/sdk-client-v0.3.2");
    let go_client = (
        client_conformance::go_client(go_client.clone()),
        found,
        go_client,
        "scripts/build-go-peers",
    );
    let ts_dir = paths
        .ts_client
        .unwrap_or_else(|| client_conformance::interop_clients_dir("ts"));
    let ts = (
        client_conformance::ts_generated(&ts_dir),
        ts_dir.join("conformance-client.mjs").is_file()
            && ts_dir
                .join("node_modules/@secrets-engine-rs/api/package.json")
                .is_file(),
        ts_dir.clone(),
        "scripts/client-interop ts (installs it in a project outside the clone and passes --ts-client)",
    );
    let (found, python) = file(paths.python_client, "../client-interop-venv/bin/python");
    let python = (
        client_conformance::python_generated(python.clone()),
        found,
        python,
        "scripts/client-interop python (installs it outside the clone and passes --python-client)",
    );
    let (found, go_generated) = file(
        paths.go_client_generated,
        "../client-interop/conformance-client-go",
    );
    let go_generated = (
        client_conformance::go_generated(go_generated.clone()),
        found,
        go_generated,
        "scripts/client-interop go (builds it outside the clone and passes --go-client-generated)",
    );
    let mut clients: Vec<Box<dyn ClientUnderTest>> =
        vec![Box::new(client_conformance::RustLibrary)];
    let mut skipped = 0;
    let commands: [(CommandClient, bool, PathBuf, &str); 5] =
        [docker_pass, go_client, ts, python, go_generated];
    for (client, found, path, build) in commands {
        if found {
            clients.push(Box::new(client));
        } else if only_clients.is_empty() || only_clients.contains(&client.name) {
            skipped += 1;
            let _ = writeln!(
                stdout,
                "SKIP {}: not found at {path:?} (build it: {build})",
                client.name
            );
        }
    }
    clients.retain(|c| only_clients.is_empty() || only_clients.iter().any(|n| n == c.name()));
    let scenarios: Vec<_> = client_conformance::SCENARIOS
        .iter()
        .filter(|s| only.is_empty() || only.iter().any(|n| n == s.name))
        .copied()
        .collect();
    let checks = match client_conformance::run(&clients, &scenarios, timeout).await {
        Ok(checks) => checks,
        Err(e) => {
            eprintln!("client-conformance: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut failed = 0;
    for check in &checks {
        match check.outcome {
            Outcome::Fail(_) => failed += 1,
            Outcome::Skip(_) => skipped += 1,
            Outcome::Pass(_) => {}
        }
        let _ = writeln!(stdout, "{check}");
    }
    let _ = writeln!(
        stdout,
        "{} clients, {} scenarios: {} checks, {failed} failed, {skipped} skipped",
        clients.len(),
        scenarios.len(),
        checks.len()
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
