//! `secrets-engine-bench summary`: every figure of the summary table in
//! BENCHMARKS.md, measured in one run and printed as that table, with the
//! date, commit, machine and the command line that reproduces it.
//!
//! Three servers answer the same GetSecrets on Unix sockets: the engine
//! (one builtin file plugin), the bare hyper server (this binary answering a
//! fixed body of the engine's answer's size: the ceiling of the HTTP stack)
//! and Docker's Go engine (its builtin plugin serving the same secret). One
//! run measures:
//! - cold starts (spawn → first 200) of all three and the engine's first
//!   request through socket activation (connect → answer, see
//!   [`crate::activation`]), with the bare server's as its floor, all
//!   interleaved in rotating order;
//! - idle RSS after start and one answer;
//! - requests/s and p50/p99 at each connection count, in alternating rounds
//!   whose order rotates (position in a round biases the result). Ratios
//!   are medians of per-round ratios: the machine's speed drifts over
//!   seconds, and a ratio within a round cancels most of that out.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant, SystemTime};

use crate::{
    BUILTIN, Call, Codec, Rounds, Spread, activation, bare_command, connect, engine_command, get,
    percentile, rss_kib, sample, start, versus,
};

/// What a summary run measures and for how long.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Seconds of load per server and connection count.
    pub duration: u64,
    /// Rounds each of those is split into.
    pub rounds: usize,
    /// Connection counts.
    pub connections: Vec<usize>,
    /// Cold starts of each server, and socket activations of the engine and
    /// of the bare server.
    pub starts: usize,
    /// The request's encoding.
    pub codec: Codec,
    /// Docker's Go engine (default: `target/go-peers/go-engine-v0.0.21`
    /// beside this binary's `target/release`).
    pub go_engine: Option<PathBuf>,
    /// The socket activator (default: Debian's).
    pub activator: Option<PathBuf>,
}

/// One figure for each server.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Per<T> {
    /// The engine.
    pub ours: T,
    /// The bare hyper server.
    pub bare: T,
    /// Docker's Go engine.
    pub go: T,
}

/// A closed-loop load's figures for one server.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Throughput {
    pub requests_per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
    pub peak_rss_kib: u64,
    pub errors: usize,
}

/// The figures at one connection count.
#[derive(Debug, Clone, PartialEq)]
pub struct AtConnections {
    pub connections: usize,
    pub servers: Per<Throughput>,
    /// Ours / Go requests/s, per round.
    pub ours_to_go: Spread,
    /// Ours / bare requests/s, per round.
    pub ours_to_bare: Spread,
}

/// Start-up times: the median and the 90th percentile.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Starts {
    pub median: Duration,
    pub p90: Duration,
}

impl Starts {
    pub fn of(mut times: Vec<Duration>) -> Starts {
        times.sort_unstable();
        Starts {
            median: percentile(&times, 0.5),
            p90: percentile(&times, 0.9),
        }
    }
}

/// Everything the table shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// The first line: date, commit, machine, load average.
    pub measured: String,
    /// The command that reproduces the run.
    pub command: String,
    /// The request and its answers' sizes.
    pub request: String,
    pub rounds: usize,
    pub round: Duration,
    pub starts: usize,
    pub load: Vec<AtConnections>,
    pub cold: Per<Starts>,
    /// Through socket activation; the Go engine has none.
    pub activated_ours: Starts,
    pub activated_bare: Starts,
    pub idle_rss_kib: Per<u64>,
    /// Executable sizes of the engine and of the Go engine.
    pub executable_bytes: (u64, u64),
}

/// A server the run started; killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The Go engine's default path: `target/go-peers/` beside the
/// `target/release/` this binary is in (where `scripts/build-go-peers`
/// builds it).
pub fn default_go_engine(here: &Path) -> PathBuf {
    here.parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("target"))
        .join("go-peers/go-engine-v0.0.21")
}

/// The length of the answer to `call` from the server on `socket`.
async fn answer_bytes(socket: &Path, call: &Call) -> usize {
    let mut sender = connect(socket).await.expect("connect");
    get(&mut sender, call).await.expect("answer").1
}

/// Runs the summary and prints the table. `given_command` is how the run
/// was invoked, for the line that reproduces it. Every server it started is
/// stopped when it returns, an error included.
pub async fn run(
    settings: &Settings,
    given_command: &str,
    engine_bin: &Path,
    here: &Path,
    dir: &Path,
) -> Result<(), String> {
    let go_bin = settings
        .go_engine
        .clone()
        .unwrap_or_else(|| default_go_engine(here));
    if !go_bin.exists() {
        return Err(format!(
            "no Go engine at {} (scripts/build-go-peers builds it; or pass --go-engine)",
            go_bin.display()
        ));
    }
    let activator = activation::activator(settings.activator.as_deref())?;
    // Read before the run: the checkout may move on while it lasts.
    let (date, built_at, load_before) = (today(), commit(engine_bin), load_average());
    let call = Call::new(settings.codec, BUILTIN);
    // Progress on stderr, so that stdout is the table alone.
    let began = Instant::now();
    let progress = |what: String| eprintln!("[{:4.0} s] {what}", began.elapsed().as_secs_f64());

    // The servers under load, started once.
    let sockets = Per {
        ours: dir.join("ours.sock"),
        bare: dir.join("bare.sock"),
        go: dir.join("go.sock"),
    };
    let (ours, _) = start(
        engine_command(engine_bin, dir, &sockets.ours, None),
        &sockets.ours,
        &call,
    )
    .await;
    let ours = Server(ours);
    let body_bytes = answer_bytes(&sockets.ours, &call).await;
    let bare_for = |socket: &Path| bare_command(here, socket, &call, body_bytes);
    let (bare, _) = start(bare_for(&sockets.bare), &sockets.bare, &call).await;
    let bare = Server(bare);
    let (go, _) = start(
        versus::go_engine_command(&go_bin, &sockets.go),
        &sockets.go,
        &call,
    )
    .await;
    let go = Server(go);
    let go_body_bytes = answer_bytes(&sockets.go, &call).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pids = Per {
        ours: ours.0.id(),
        bare: bare.0.id(),
        go: go.0.id(),
    };
    let idle_rss_kib = Per {
        ours: rss_kib(pids.ours).unwrap_or(0),
        bare: rss_kib(pids.bare).unwrap_or(0),
        go: rss_kib(pids.go).unwrap_or(0),
    };

    progress(format!(
        "servers up; {} cold starts of each and socket activations",
        settings.starts
    ));
    // Cold starts and activations, interleaved in rotating order.
    let mut cold: Per<Vec<Duration>> = Per::default();
    let (mut activated_ours, mut activated_bare) = (Vec::new(), Vec::new());
    const KINDS: usize = 5;
    for round in 0..settings.starts {
        for offset in 0..KINDS {
            let socket = dir.join(format!("start-{round}-{offset}.sock"));
            let log = dir.join("activation.log");
            let cold_start = |command: Command| {
                let socket = socket.clone();
                let call = call.clone();
                async move {
                    let (child, took) = start(command, &socket, &call).await;
                    drop(Server(child));
                    took
                }
            };
            match (round + offset) % KINDS {
                0 => cold
                    .ours
                    .push(cold_start(engine_command(engine_bin, dir, &socket, None)).await),
                1 => cold.bare.push(cold_start(bare_for(&socket)).await),
                2 => cold
                    .go
                    .push(cold_start(versus::go_engine_command(&go_bin, &socket)).await),
                3 => activated_ours.push(
                    activation::first_request(
                        &activator,
                        &engine_command(engine_bin, dir, &socket, None),
                        &socket,
                        &call,
                        Some(body_bytes),
                        &log,
                    )
                    .await?,
                ),
                _ => activated_bare.push(
                    activation::first_request(
                        &activator,
                        &bare_for(&socket),
                        &socket,
                        &call,
                        Some(body_bytes),
                        &log,
                    )
                    .await?,
                ),
            }
        }
    }

    // Load, in rounds rotating the order of the three servers.
    let rounds = settings.rounds.max(1);
    let round = Duration::from_secs(settings.duration) / rounds as u32;
    let mut load = Vec::new();
    for &connections in &settings.connections {
        progress(format!(
            "{rounds} rounds at {} ({:.0} s)",
            self::connections(connections),
            (round * 3 * rounds as u32).as_secs_f64()
        ));
        let mut per: [Rounds; 3] = Default::default();
        let targets = [
            (&sockets.ours, pids.ours),
            (&sockets.bare, pids.bare),
            (&sockets.go, pids.go),
        ];
        for index in 0..rounds {
            for offset in 0..targets.len() {
                let which = (index + offset) % targets.len();
                let (socket, pid) = targets[which];
                let sampled = sample(socket, connections, round, pid, &call).await;
                per[which].add(sampled, round);
            }
        }
        let ours_to_go = Spread::of_rounds(&per[0].per_round, &per[2].per_round);
        let ours_to_bare = Spread::of_rounds(&per[0].per_round, &per[1].per_round);
        let [ours, bare, go] = per.map(|rounds| {
            let l = rounds.load();
            Throughput {
                requests_per_second: l.requests_per_second,
                p50: l.p50,
                p99: l.p99,
                peak_rss_kib: l.peak_rss_kib,
                errors: l.errors,
            }
        });
        load.push(AtConnections {
            connections,
            servers: Per { ours, bare, go },
            ours_to_go,
            ours_to_bare,
        });
    }
    drop((ours, bare, go));
    let load_after = load_average();

    let executable = |path: &Path| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let figures = Figures {
        measured: format!(
            "Measured {date} at {built_at}, {}; load average {load_before} at the start, \
             {load_after} at the end.",
            machine(),
        ),
        command: given_command.to_owned(),
        request: format!(
            "Connect {} `GetSecrets {{\"pattern\":\"{BUILTIN}\"}}` answered by the engine's builtin \
             file store ({body_bytes} bytes; the bare server answers a fixed body of that size) and \
             the Go engine's builtin plugin ({go_body_bytes} bytes)",
            match settings.codec {
                Codec::Json => "JSON",
                Codec::Proto => "binary protobuf",
            }
        ),
        rounds,
        round,
        starts: settings.starts,
        load,
        cold: Per {
            ours: Starts::of(cold.ours),
            bare: Starts::of(cold.bare),
            go: Starts::of(cold.go),
        },
        activated_ours: Starts::of(activated_ours),
        activated_bare: Starts::of(activated_bare),
        idle_rss_kib,
        executable_bytes: (executable(engine_bin), executable(&go_bin)),
    };
    print!("{}", render(&figures));
    Ok(())
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

fn us(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1e6)
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1e3)
}

fn ratio(ours: f64, theirs: f64) -> String {
    if theirs > 0.0 {
        format!("{:.2}", ours / theirs)
    } else {
        "–".to_owned()
    }
}

fn ratio_of(ours: Duration, theirs: Duration) -> String {
    ratio(ours.as_secs_f64(), theirs.as_secs_f64())
}

fn starts(s: &Starts) -> String {
    format!("{} / {} ms", ms(s.median), ms(s.p90))
}

fn connections(n: usize) -> String {
    if n == 1 {
        "1 connection".to_owned()
    } else {
        format!("{n} connections")
    }
}

/// The summary as markdown: the measured line, the command, the table and
/// what its figures are.
pub fn render(f: &Figures) -> String {
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    line(f.measured.clone());
    line(String::new());
    line("```sh".to_owned());
    line(f.command.clone());
    line("```".to_owned());
    line(String::new());
    line(
        "| | secrets-engine | bare hyper server (ceiling) | Go engine v0.0.21 | ours / Go | ours / bare |"
            .to_owned(),
    );
    line("|---|---|---|---|---|---|".to_owned());
    for at in &f.load {
        let Per { ours, bare, go } = &at.servers;
        let n = connections(at.connections);
        line(format!(
            "| requests/s, {n} | {:.0} | {:.0} | {:.0} | {} | {} |",
            ours.requests_per_second,
            bare.requests_per_second,
            go.requests_per_second,
            at.ours_to_go,
            at.ours_to_bare,
        ));
        line(format!(
            "| p50 / p99, {n} | {} / {} µs | {} / {} µs | {} / {} µs | {} / {} | {} / {} |",
            us(ours.p50),
            us(ours.p99),
            us(bare.p50),
            us(bare.p99),
            us(go.p50),
            us(go.p99),
            ratio_of(ours.p50, go.p50),
            ratio_of(ours.p99, go.p99),
            ratio_of(ours.p50, bare.p50),
            ratio_of(ours.p99, bare.p99),
        ));
    }
    let cold = &f.cold;
    line(format!(
        "| cold start: spawn → first answer, median / p90 | {} | {} | {} | {} | {} |",
        starts(&cold.ours),
        starts(&cold.bare),
        starts(&cold.go),
        ratio_of(cold.ours.median, cold.go.median),
        ratio_of(cold.ours.median, cold.bare.median),
    ));
    line(format!(
        "| first request through socket activation: connect → answer, median / p90 | {} | {} | \
         no socket activation | {} of its cold start | {} |",
        starts(&f.activated_ours),
        starts(&f.activated_bare),
        ratio_of(f.activated_ours.median, cold.go.median),
        ratio_of(f.activated_ours.median, f.activated_bare.median),
    ));
    let rss = &f.idle_rss_kib;
    line(format!(
        "| idle RSS (after start and one answer) | {} | {} | {} | {} | {} |",
        mib(rss.ours),
        mib(rss.bare),
        mib(rss.go),
        ratio(rss.ours as f64, rss.go as f64),
        ratio(rss.ours as f64, rss.bare as f64),
    ));
    let peak = |of: fn(&Per<Throughput>) -> u64| f.load.iter().map(|at| of(&at.servers)).max();
    if let (Some(ours), Some(bare), Some(go)) = (
        peak(|s| s.ours.peak_rss_kib),
        peak(|s| s.bare.peak_rss_kib),
        peak(|s| s.go.peak_rss_kib),
    ) {
        line(format!(
            "| peak RSS under load | {} | {} | {} | {} | {} |",
            mib(ours),
            mib(bare),
            mib(go),
            ratio(ours as f64, go as f64),
            ratio(ours as f64, bare as f64),
        ));
    }
    let (ours_bytes, go_bytes) = f.executable_bytes;
    line(format!(
        "| executable | {:.1} MB | – | {:.1} MB | {} | |",
        ours_bytes as f64 / 1e6,
        go_bytes as f64 / 1e6,
        ratio(ours_bytes as f64, go_bytes as f64),
    ));
    line(String::new());
    line(format!(
        "{}. Load: a closed loop on N keep-alive HTTP/1.1 connections, {} rounds of {:.1} s per \
         server and connection count, the servers taking turns in rotating order. Requests/s and \
         latencies are over all rounds; the requests/s ratios are the median of the per-round \
         ratios, with the middle half of the rounds in brackets; the other ratios divide the two \
         figures. Above 1 is better for requests/s, below 1 for times and memory. Starts: {} of \
         each, interleaved.",
        f.request,
        f.rounds,
        f.round.as_secs_f64(),
        f.starts,
    ));
    let errors: Vec<String> = f
        .load
        .iter()
        .filter(|at| at.servers.ours.errors + at.servers.bare.errors + at.servers.go.errors > 0)
        .map(|at| {
            format!(
                "at {}: ours {}, bare {}, Go {}",
                connections(at.connections),
                at.servers.ours.errors,
                at.servers.bare.errors,
                at.servers.go.errors
            )
        })
        .collect();
    if !errors.is_empty() {
        line(format!("Failed requests {}.", errors.join("; ")));
    }
    out
}

/// The one-minute load average.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The CPU, how many CPUs the run had and the kernel.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|l| {
                l.strip_prefix("model name")?
                    .split_once(':')
                    .map(|(_, v)| v.trim().to_owned())
            })
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!("{cpu}, {cpus} CPUs, Linux {}", kernel.trim())
}

/// The commit of the checkout the engine binary was built in (its
/// directory's, else the working directory's), and whether tracked files
/// differed from it.
fn commit(engine_bin: &Path) -> String {
    let engine_dir = engine_bin
        .canonicalize()
        .ok()
        .and_then(|p| p.parent().map(Path::to_owned));
    let git = |dir: &Path, args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    let found = engine_dir
        .into_iter()
        .chain([PathBuf::from(".")])
        .find_map(|dir| Some((git(&dir, &["rev-parse", "--short", "HEAD"])?, dir)));
    match found {
        Some((hash, dir)) => match git(&dir, &["status", "--porcelain", "--untracked-files=no"]) {
            Some(changes) if !changes.is_empty() => {
                format!("commit {hash} (the working tree had uncommitted changes)")
            }
            _ => format!("commit {hash}"),
        },
        None => "an unknown commit".to_owned(),
    }
}

/// Today's date (UTC), as YYYY-MM-DD.
fn today() -> String {
    let days = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The proleptic Gregorian date `days` after 1970-01-01 (the days-to-civil
/// algorithm by eras of 400 years).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `words` as a shell command line, quoting what the shell would split or
/// expand.
pub fn shell_line<I, S>(words: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    words
        .into_iter()
        .map(|word| {
            let word = word.as_ref();
            let plain = !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_./=,:@%+".contains(&b));
            if plain {
                word.to_owned()
            } else {
                format!("'{}'", word.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `path` relative to the working directory when it is inside it (so the
/// printed command works from the checkout), else as it is.
pub fn display_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    std::env::current_dir()
        .ok()
        .and_then(|cwd| absolute.strip_prefix(cwd).ok().map(Path::to_owned))
        .filter(|relative| !relative.as_os_str().is_empty())
        .unwrap_or_else(|| path.to_owned())
        .display()
        .to_string()
}

/// The command line that repeats a summary run with every setting spelled
/// out: `program` and the options given before `summary` as they were,
/// then this run's settings.
pub fn command_line(
    program: &str,
    before: &[String],
    settings: &Settings,
    go_engine: &Path,
    activator: &Path,
) -> String {
    let connections: Vec<String> = settings.connections.iter().map(usize::to_string).collect();
    let mut words: Vec<String> = vec![program.to_owned()];
    words.extend(before.iter().cloned());
    words.extend([
        "summary".to_owned(),
        "--duration".to_owned(),
        settings.duration.to_string(),
        "--rounds".to_owned(),
        settings.rounds.to_string(),
        "--connections".to_owned(),
        connections.join(","),
        "--cold-starts".to_owned(),
        settings.starts.to_string(),
        "--codec".to_owned(),
        settings.codec.to_string(),
        "--go-engine".to_owned(),
        display_path(go_engine),
        "--activator".to_owned(),
        display_path(activator),
    ]);
    shell_line(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throughput(requests_per_second: f64, p50_us: u64, p99_us: u64, peak_mib: u64) -> Throughput {
        Throughput {
            requests_per_second,
            p50: Duration::from_micros(p50_us),
            p99: Duration::from_micros(p99_us),
            peak_rss_kib: peak_mib * 1024,
            errors: 0,
        }
    }

    fn starts_ms(median: f64, p90: f64) -> Starts {
        Starts {
            median: Duration::from_secs_f64(median / 1e3),
            p90: Duration::from_secs_f64(p90 / 1e3),
        }
    }

    fn figures() -> Figures {
        Figures {
            measured: "Measured 2026-12-04 at commit abc1234, a CPU.".to_owned(),
            command: "secrets-engine-bench summary --duration 100".to_owned(),
            request: "Connect JSON".to_owned(),
            rounds: 50,
            round: Duration::from_secs(2),
            starts: 30,
            load: vec![
                AtConnections {
                    connections: 1,
                    servers: Per {
                        ours: throughput(30000.0, 30, 60, 6),
                        bare: throughput(32000.0, 28, 55, 3),
                        go: throughput(10000.0, 90, 240, 20),
                    },
                    ours_to_go: Spread {
                        median: 3.0,
                        low: 2.9,
                        high: 3.1,
                    },
                    ours_to_bare: Spread {
                        median: 0.94,
                        low: 0.9,
                        high: 0.98,
                    },
                },
                AtConnections {
                    connections: 16,
                    servers: Per {
                        ours: throughput(150000.0, 100, 200, 7),
                        bare: throughput(160000.0, 95, 400, 4),
                        go: throughput(40000.0, 330, 3500, 22),
                    },
                    ours_to_go: Spread {
                        median: 3.75,
                        low: 3.5,
                        high: 4.0,
                    },
                    ours_to_bare: Spread {
                        median: 0.94,
                        low: 0.91,
                        high: 0.97,
                    },
                },
            ],
            cold: Per {
                ours: starts_ms(2.0, 2.5),
                bare: starts_ms(1.5, 1.8),
                go: starts_ms(8.0, 10.0),
            },
            activated_ours: starts_ms(3.0, 3.6),
            activated_bare: starts_ms(2.0, 2.4),
            idle_rss_kib: Per {
                ours: 6 * 1024,
                bare: 3 * 1024,
                go: 15 * 1024,
            },
            executable_bytes: (10_600_000, 21_400_000),
        }
    }

    #[test]
    fn the_table_puts_each_figure_beside_go_and_the_ceiling() {
        let table = render(&figures());
        let rows: Vec<&str> = table.lines().filter(|l| l.starts_with("| ")).collect();
        assert_eq!(
            rows,
            [
                "| | secrets-engine | bare hyper server (ceiling) | Go engine v0.0.21 | ours / Go | ours / bare |",
                "| requests/s, 1 connection | 30000 | 32000 | 10000 | 3.00 (2.90–3.10) | 0.94 (0.90–0.98) |",
                "| p50 / p99, 1 connection | 30 / 60 µs | 28 / 55 µs | 90 / 240 µs | 0.33 / 0.25 | 1.07 / 1.09 |",
                "| requests/s, 16 connections | 150000 | 160000 | 40000 | 3.75 (3.50–4.00) | 0.94 (0.91–0.97) |",
                "| p50 / p99, 16 connections | 100 / 200 µs | 95 / 400 µs | 330 / 3500 µs | 0.30 / 0.06 | 1.05 / 0.50 |",
                "| cold start: spawn → first answer, median / p90 | 2.00 / 2.50 ms | 1.50 / 1.80 ms | 8.00 / 10.00 ms | 0.25 | 1.33 |",
                "| first request through socket activation: connect → answer, median / p90 | 3.00 / 3.60 ms | 2.00 / 2.40 ms | no socket activation | 0.38 of its cold start | 1.50 |",
                "| idle RSS (after start and one answer) | 6.0 MiB | 3.0 MiB | 15.0 MiB | 0.40 | 2.00 |",
                "| peak RSS under load | 7.0 MiB | 4.0 MiB | 22.0 MiB | 0.32 | 1.75 |",
                "| executable | 10.6 MB | – | 21.4 MB | 0.50 | |",
            ]
        );
        assert!(table.starts_with("Measured 2026-12-04 at commit abc1234, a CPU.\n\n```sh\n"));
        assert!(table.contains("secrets-engine-bench summary --duration 100\n```\n"));
        assert!(table.contains("50 rounds of 2.0 s per server"), "{table}");
        assert!(!table.contains("Failed requests"), "no errors, no line");
    }

    #[test]
    fn failed_requests_are_reported() {
        let mut figures = figures();
        figures.load[1].servers.go.errors = 3;
        let table = render(&figures);
        assert!(
            table.contains("Failed requests at 16 connections: ours 0, bare 0, Go 3."),
            "{table}"
        );
    }

    #[test]
    fn starts_give_the_median_and_the_90th_percentile() {
        let times: Vec<Duration> = (1..=20).rev().map(Duration::from_millis).collect();
        let s = Starts::of(times);
        assert_eq!(s.median, Duration::from_millis(11));
        assert_eq!(s.p90, Duration::from_millis(19));
    }

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(59), (1970, 3, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_791), (2026, 12, 4));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn the_command_line_spells_every_setting_out() {
        let settings = Settings {
            duration: 100,
            rounds: 50,
            connections: vec![1, 16],
            starts: 30,
            codec: Codec::Json,
            go_engine: None,
            activator: None,
        };
        let line = command_line(
            "target/release/secrets-engine-bench",
            &["--engine".to_owned(), "/tmp/my engine".to_owned()],
            &settings,
            Path::new("/opt/go-engine"),
            Path::new("/usr/bin/systemd-socket-activate"),
        );
        assert_eq!(
            line,
            "target/release/secrets-engine-bench --engine '/tmp/my engine' summary --duration 100 \
             --rounds 50 --connections 1,16 --cold-starts 30 --codec json --go-engine /opt/go-engine \
             --activator /usr/bin/systemd-socket-activate"
        );
        assert_eq!(shell_line(["a'b", ""]), r"'a'\''b' ''");
    }

    #[test]
    fn paths_inside_the_working_directory_are_shown_relative() {
        let cwd = std::env::current_dir().expect("cwd");
        assert_eq!(display_path(&cwd.join("target/x")), "target/x");
        assert_eq!(
            display_path(Path::new("/nonexistent-root/x")),
            "/nonexistent-root/x"
        );
    }
}
