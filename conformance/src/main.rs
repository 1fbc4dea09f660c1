//! `secrets-engine-conformance`: start this engine in the fixture world,
//! replay the recorded fixtures against any engine socket, certify a plugin
//! executable by playing the engine against it, or check clients by playing
//! a recorded engine to them.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use secrets_core::SecretId;
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
    /// recorded in. Prints READY on stdout once it answers; stops on SIGTERM
    /// or SIGINT.
    World {
        /// The socket to serve on.
        #[arg(long)]
        socket: PathBuf,
    },
    /// Replay the recorded HTTP fixtures against the engine on SOCKET (this
    /// project's or another implementation's) and compare answers by meaning.
    Replay {
        /// The engine socket.
        #[arg(long)]
        socket: PathBuf,
        /// The plugins the target engine has (cases needing others are skipped).
        #[arg(long, value_delimiter = ',', default_values_t = world::PLUGINS.iter().map(|s| s.to_string()))]
        plugins: Vec<String>,
        /// Only cases whose name starts with one of these.
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
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
        /// gen/ts in its node_modules (default: interop/clients/ts of this
        /// checkout, when scripts/client-interop has installed it); run by
        /// `node`.
        #[arg(long)]
        ts_client: Option<PathBuf>,
        /// A Python with gen/python installed, to run
        /// interop/clients/python/conformance_client.py (default:
        /// `../client-interop-venv/bin/python` from this binary, made by
        /// scripts/client-interop).
        #[arg(long)]
        python_client: Option<PathBuf>,
        /// The generated Go client's command, interop/clients/go/cmd/
        /// conformance-client built (default: `../client-interop/
        /// conformance-client-go` from this binary, built by
        /// scripts/client-interop).
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

fn parse_id(value: &str) -> Result<SecretId, String> {
    SecretId::parse(value).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        match cli.command {
            Command::World { socket } => run_world(socket).await,
            Command::Replay {
                socket,
                plugins,
                only,
            } => replay(socket, plugins, only).await,
            Command::Diff { socket, reference } => {
                print_reports(differential::run(&socket, &reference).await, "diff")
            }
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
    })
}

async fn run_world(socket: PathBuf) -> ExitCode {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            std::env::var("SECRETS_ENGINE_LOG").unwrap_or_else(|_| "warn".into()),
        ))
        .with_writer(std::io::stderr)
        .try_init();
    // memplugin is built next to this binary.
    let memplugin = std::env::current_exe()
        .map(|exe| exe.with_file_name("memplugin"))
        .unwrap_or_else(|_| PathBuf::from("memplugin"));
    let world = match world::start(&socket, &memplugin).await {
        Ok(world) => world,
        Err(e) => {
            eprintln!("world: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Every plugin is registered, so the world answers like the recording.
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "READY");
    let _ = stdout.flush();
    use tokio::signal::unix::{SignalKind, signal};
    if let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) {
        tokio::select! { _ = term.recv() => {}, _ = int.recv() => {} }
    }
    world.stop().await;
    ExitCode::SUCCESS
}

async fn replay(socket: PathBuf, plugins: Vec<String>, only: Vec<String>) -> ExitCode {
    let plugins: Vec<&str> = plugins.iter().map(String::as_str).collect();
    let only: Vec<&str> = only.iter().map(String::as_str).collect();
    print_reports(runner::run(&socket, &plugins, &only).await, "replay")
}

/// One line per case (`(deviation)`: the answer differs from the Go
/// engine's as `deviations.toml` declares), then a summary line.
fn print_reports(reports: Result<Vec<runner::CaseReport>, String>, command: &str) -> ExitCode {
    let reports = match reports {
        Ok(reports) => reports,
        Err(e) => {
            eprintln!("{command}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout();
    let mut failed = 0;
    for report in &reports {
        let note = if report.deviation.is_some() {
            " (deviation)"
        } else {
            ""
        };
        let _ = match &report.verdict {
            Verdict::Pass => writeln!(stdout, "PASS {}{note}", report.name),
            Verdict::Skip(why) => writeln!(stdout, "SKIP {}: {why}", report.name),
            Verdict::Fail(differences) => {
                failed += 1;
                writeln!(
                    stdout,
                    "FAIL {}{note}\n  {}",
                    report.name,
                    differences.join("\n  ")
                )
            }
        };
    }
    let _ = writeln!(stdout, "{} cases, {failed} failed", reports.len());
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
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
        "scripts/client-interop ts (npm ci in interop/clients/ts)",
    );
    let (found, python) = file(paths.python_client, "../client-interop-venv/bin/python");
    let python = (
        client_conformance::python_generated(python.clone()),
        found,
        python,
        "scripts/client-interop python (a venv with gen/python)",
    );
    let (found, go_generated) = file(
        paths.go_client_generated,
        "../client-interop/conformance-client-go",
    );
    let go_generated = (
        client_conformance::go_generated(go_generated.clone()),
        found,
        go_generated,
        "scripts/client-interop go (go build ./cmd/conformance-client in interop/clients/go)",
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
