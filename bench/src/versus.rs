//! `secrets-engine-bench versus`: two or more builds of the engine side by
//! side, to decide whether a mechanism earns its lines.
//!
//! Each build serves the same world (one builtin file plugin) on its own
//! socket. One run measures, for every build: cold start (median, builds
//! alternating), idle RSS, and GetSecrets requests/s and p99 at each
//! connection count in alternating rounds (the order of the builds rotates
//! every round, since position in a round biases the result). Ratios are to
//! the first build, as the median of per-round ratios with the middle half
//! of them: the machine's speed drifts over seconds, rounds cancel that out.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

use crate::{Call, Cli, Codec, Rounds, Spread, engine_command, micros, rss_kib, sample, start};

/// One build under comparison.
#[derive(Debug, Clone)]
pub struct Build {
    name: String,
    binary: PathBuf,
    /// Docker's Go engine rather than a build of ours: other flags.
    go: bool,
}

impl Build {
    /// The command that serves the bench's world on `socket`.
    fn command(&self, dir: &Path, socket: &Path) -> Command {
        if self.go {
            go_engine_command(&self.binary, socket)
        } else {
            engine_command(&self.binary, dir, socket, None)
        }
    }
}

/// The command that runs Docker's Go engine (the interop peer `binary`) on
/// `socket`, its builtin plugin serving the secret the engine's file plugin
/// serves, under the same plugin name, version and pattern.
pub fn go_engine_command(binary: &Path, socket: &Path) -> Command {
    let mut command = Command::new(binary);
    command
        .arg("-socket")
        .arg(socket)
        .args(["-no-external", "-builtin-name", "builtin-mem"])
        .args(["-builtin-version", "v1.2.3", "-builtin-pattern", "**"])
        .args(["-secret", "foo=foo-value"]);
    command
}

impl std::str::FromStr for Build {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let (name, binary) = text
            .split_once('=')
            .ok_or_else(|| format!("expected NAME=PATH, got {text:?}"))?;
        Ok(Build {
            name: name.to_owned(),
            binary: PathBuf::from(binary),
            go: false,
        })
    }
}

struct Running {
    build: Build,
    socket: PathBuf,
    child: Child,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Measures `builds` (at least two) against the first.
pub async fn run(cli: &Cli, builds: &[Build], go_engine: Option<&Path>, codec: Codec, dir: &Path) {
    let mut builds = builds.to_vec();
    if let Some(binary) = go_engine {
        builds.push(Build {
            name: "go-engine".to_owned(),
            binary: binary.to_owned(),
            go: true,
        });
    }
    let builds = &builds[..];
    assert!(builds.len() >= 2, "versus needs at least two builds");
    let call = Call::new(codec, crate::BUILTIN);

    // Cold starts: each round starts every build once, in rotating order.
    let mut starts: Vec<Vec<Duration>> = vec![Vec::new(); builds.len()];
    for round in 0..cli.cold_starts {
        for offset in 0..builds.len() {
            let index = (round + offset) % builds.len();
            let socket = dir.join(format!("cold-{index}-{round}.sock"));
            let command = builds[index].command(dir, &socket);
            let (mut child, took) = start(command, &socket, &call).await;
            starts[index].push(took);
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    let mut running = Vec::new();
    for (index, build) in builds.iter().enumerate() {
        let socket = dir.join(format!("versus-{index}.sock"));
        let command = build.command(dir, &socket);
        let (child, _) = start(command, &socket, &call).await;
        running.push(Running {
            build: build.clone(),
            socket,
            child,
        });
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let idle: Vec<u64> = running
        .iter()
        .map(|r| rss_kib(r.child.id()).unwrap_or(0))
        .collect();

    println!(
        "| build | connections | requests/s | p50 | p99 | ratio to {} (middle half) | peak RSS | errors |",
        builds[0].name
    );
    println!("|---|---|---|---|---|---|---|---|");
    let duration = Duration::from_secs(cli.duration);
    let rounds = cli.rounds.max(1);
    let round = duration / rounds as u32;
    for &connections in &cli.connections {
        let mut per_build: Vec<Rounds> = builds.iter().map(|_| Rounds::default()).collect();
        for index in 0..rounds {
            for offset in 0..running.len() {
                let which = (index + offset) % running.len();
                let r = &running[which];
                let sampled = sample(&r.socket, connections, round, r.child.id(), &call).await;
                per_build[which].add(sampled, round);
            }
        }
        let first_rounds = per_build[0].per_round.clone();
        for (which, rounds) in per_build.into_iter().enumerate() {
            let Spread {
                median: ratio,
                low,
                high,
            } = Spread::of_rounds(&rounds.per_round, &first_rounds);
            let load = rounds.load();
            println!(
                "| {} | {connections} | {:.0} | {} | {} | {ratio:.3} ({low:.3}–{high:.3}) | {:.1} MiB | {} |",
                running[which].build.name,
                load.requests_per_second,
                micros(load.p50),
                micros(load.p99),
                load.peak_rss_kib as f64 / 1024.0,
                load.errors,
            );
        }
    }
    println!();
    println!(
        "| build | cold start (median of {}) | idle RSS | binary |",
        cli.cold_starts
    );
    println!("|---|---|---|---|");
    for (index, build) in builds.iter().enumerate() {
        let mut times = std::mem::take(&mut starts[index]);
        times.sort_unstable();
        let cold = times
            .get(times.len() / 2)
            .map(|d| micros(*d))
            .unwrap_or_else(|| "-".to_owned());
        let size = std::fs::metadata(&build.binary)
            .map(|m| format!("{} kB", m.len() / 1000))
            .unwrap_or_default();
        println!(
            "| {} | {cold} | {:.2} MiB | {size} |",
            build.name,
            idle[index] as f64 / 1024.0
        );
    }
}
