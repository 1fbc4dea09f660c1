//! `secrets-engine-bench`: measures the engine the way a user feels it.
//!
//! One run measures, side by side on the same machine and kind of socket:
//! - the `secrets-engine` binary (release build, one builtin file plugin):
//!   cold start (spawn → first 200 answer), RSS idle, GetSecrets requests/s
//!   and p50/p90/p99 latency with N keep-alive HTTP/1.1 connections in a
//!   closed loop, RSS under load; with each codec of `--codecs`: Connect JSON
//!   (curl, scripts) and Connect binary protobuf (the Go client's default);
//! - a bare hyper server (this binary re-executed as `bare-server`) answering
//!   a fixed body of the same size and content type: the practical limit of
//!   the stack. It busy-polls after each request as the engine does (on a VM
//!   whose idle vCPUs halt that alone doubles one connection's requests/s,
//!   see the `busy-poll` crate), so the ratio compares what each does per
//!   request;
//! - the engine with plugins: one launched from its plugin directory and one
//!   attached from outside (both this binary as an SDK plugin, see
//!   [`plugin`]): their GetSecrets figures next to the builtin's on the same
//!   engine, the cold start with the launched plugin (spawn → first 200 for
//!   its secret) and the plugin processes' RSS.
//!
//! Compare ratios from one run; the machine is noisy. Usage (builds both
//! binaries as deployed, static-pie): `scripts/bench --duration 8 --connections 1,16`
//!
//! Other modes: `summary` measures every figure of BENCHMARKS.md's summary
//! table (the engine, the bare server and Docker's Go engine, socket
//! activation included) in one run and prints the table; `versus` compares
//! engine builds; `activation` times first requests through socket
//! activation alone; `load` only loads a running server.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use prost::Message;
use secrets_engine_api::resolver::v1::GetSecretsRequest;
use tokio::net::{UnixListener, UnixStream};

#[derive(Debug, Parser)]
#[command(about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Mode>,
    /// Seconds of load per measurement.
    #[arg(long, default_value_t = 5)]
    duration: u64,
    /// Connection counts to measure, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [1, 16])]
    connections: Vec<usize>,
    /// The engine binary (default: next to this one).
    #[arg(long)]
    engine: Option<PathBuf>,
    /// How many cold starts of each server to time (the median is reported).
    #[arg(long, default_value_t = 15)]
    cold_starts: usize,
    /// Rounds the engine-vs-bare comparison is split into, alternating the
    /// two servers; the ratio reported is the median of the rounds' ratios,
    /// with the middle half of them.
    #[arg(long, default_value_t = 16)]
    rounds: usize,
    /// Encodings the engine-vs-bare comparison is run with, comma-separated
    /// (the plugin figures use the first).
    #[arg(long, value_delimiter = ',', default_values_t = [Codec::Json, Codec::Proto])]
    codecs: Vec<Codec>,
    /// The engine's `worker_threads` (default: the engine's own default).
    #[arg(long)]
    worker_threads: Option<usize>,
}

/// How the load tool encodes GetSecrets: Connect with JSON (what curl and
/// scripts send) or with binary protobuf (the Go client's default, so what
/// the Docker CLI and compose send).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Codec {
    Json,
    Proto,
}

impl Codec {
    fn content_type(self) -> &'static str {
        match self {
            Codec::Json => "application/json",
            Codec::Proto => "application/proto",
        }
    }
}

impl std::fmt::Display for Codec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Codec::Json => "json",
            Codec::Proto => "proto",
        })
    }
}

/// One GetSecrets request, encoded once and sent many times.
#[derive(Clone, Debug)]
struct Call {
    content_type: &'static str,
    body: Bytes,
}

impl Call {
    fn new(codec: Codec, pattern: &str) -> Call {
        let request = GetSecretsRequest {
            pattern: Some(pattern.to_owned()),
        };
        let body = match codec {
            Codec::Json => serde_json::to_vec(&request).expect("JSON request"),
            Codec::Proto => request.encode_to_vec(),
        };
        Call {
            content_type: codec.content_type(),
            body: Bytes::from(body),
        }
    }
}

#[derive(Debug, Subcommand)]
enum Mode {
    /// Serve a fixed body on SOCKET with bare hyper (used by the benchmark).
    BareServer {
        /// The socket.
        #[arg(long)]
        socket: PathBuf,
        /// The body size in bytes.
        #[arg(long)]
        body_bytes: usize,
        /// The body's content type.
        #[arg(long, default_value = "application/json")]
        content_type: String,
        /// Busy-poll this many µs after each request before sleeping, on a
        /// current-thread runtime: what the engine does by default
        /// (`busy_poll_us`); 0 sleeps at once.
        #[arg(long, default_value_t = busy_poll::DEFAULT_WINDOW.as_micros() as u64)]
        busy_poll_us: u64,
        /// Run on tokio's multi-thread runtime instead (no busy polling):
        /// this tool's bare server until the engine polled.
        #[arg(long)]
        multi_thread: bool,
    },
    /// Only load an engine already serving on SOCKET (any implementation),
    /// e.g. to profile it.
    Load {
        /// The socket.
        #[arg(long)]
        socket: PathBuf,
        /// The pattern to ask for.
        #[arg(long, default_value = "foo")]
        pattern: String,
        /// How to encode the request.
        #[arg(long, default_value_t = Codec::Json)]
        codec: Codec,
    },
    /// Compare two or more engine builds: cold start, idle RSS, and
    /// requests/s and p99 in alternating rounds, as ratios to the first.
    Versus {
        /// A build to measure, as NAME=PATH; repeat it (the first is the
        /// baseline).
        #[arg(long = "build", required = true)]
        builds: Vec<versus::Build>,
        /// Docker's Go engine (the `go-engine-v0.0.21` interop peer) to
        /// measure beside them, serving the same secret from its builtin
        /// plugin.
        #[arg(long)]
        go_engine: Option<PathBuf>,
        /// How to encode the request.
        #[arg(long, default_value_t = Codec::Json)]
        codec: Codec,
    },
    /// Every figure of BENCHMARKS.md's summary table in one run: the engine,
    /// the bare server and Docker's Go engine side by side (requests/s and
    /// p50/p99 in alternating rounds, cold start, idle and peak RSS), and the
    /// engine's first request through socket activation; prints the table
    /// and the command that reproduces it. The options before `summary`
    /// other than --engine do not apply to it: give its own, after it.
    Summary {
        /// Seconds of load per server and connection count (three servers,
        /// so each connection count takes three times this).
        #[arg(long, default_value_t = 100)]
        duration: u64,
        /// Rounds each of those is split into, the servers taking turns.
        #[arg(long, default_value_t = 50)]
        rounds: usize,
        /// Connection counts to measure, comma-separated.
        #[arg(long, value_delimiter = ',', default_values_t = [1, 16])]
        connections: Vec<usize>,
        /// Cold starts of each server and socket activations of the engine
        /// (and of the bare server), each timed; median and p90 reported.
        #[arg(long, default_value_t = 30)]
        cold_starts: usize,
        /// How to encode the request.
        #[arg(long, default_value_t = Codec::Json)]
        codec: Codec,
        /// Docker's Go engine, the `go-engine-v0.0.21` interop peer
        /// (default: target/go-peers/ beside this binary's directory, where
        /// scripts/build-go-peers puts it).
        #[arg(long)]
        go_engine: Option<PathBuf>,
        /// The socket activator [default: /usr/bin/systemd-socket-activate].
        #[arg(long)]
        activator: Option<PathBuf>,
    },
    /// Time first requests through socket activation alone: the engine (or
    /// the bare server) started by the activator on its first connection,
    /// from connect() to the complete answer of one GetSecrets.
    Activation {
        /// How many activations to time.
        #[arg(long, default_value_t = 20)]
        times: usize,
        /// Activate the bare server (answering a fixed 200-byte body)
        /// instead of the engine: what starting any process and answering
        /// once costs through the activator.
        #[arg(long)]
        bare: bool,
        /// The socket activator [default: /usr/bin/systemd-socket-activate].
        #[arg(long)]
        activator: Option<PathBuf>,
        /// How to encode the request.
        #[arg(long, default_value_t = Codec::Json)]
        codec: Codec,
    },
    /// A secret through the engine and the OpenBao plugin (uncached and
    /// cached) next to a direct read from OpenBao, in alternating rounds;
    /// then `**` over many secrets. Starts its own OpenBao dev server
    /// (scripts/openbao). Run it with scripts/bench-openbao.
    Openbao {
        /// Seconds of load per target and connection count.
        #[arg(long, default_value_t = 12)]
        duration: u64,
        /// Rounds each of those is split into, the targets taking turns.
        #[arg(long, default_value_t = 6)]
        rounds: usize,
        /// Connection counts to measure, comma-separated.
        #[arg(long, value_delimiter = ',', default_values_t = [1, 16])]
        connections: Vec<usize>,
        /// Secrets written under `many/` for the `**` measurement.
        #[arg(long, default_value_t = 10_000)]
        secrets: usize,
        /// The plugin binary [default: secrets-engine-openbao beside this
        /// binary].
        #[arg(long)]
        plugin: Option<PathBuf>,
    },
    /// Attach to the engine on SOCKET as an external plugin serving ID.
    Plugin {
        /// The engine socket.
        #[arg(long)]
        socket: PathBuf,
        /// The plugin's name.
        #[arg(long)]
        name: String,
        /// The one secret it serves.
        #[arg(long)]
        id: String,
        /// The pattern it registers.
        #[arg(long)]
        pattern: String,
        /// Busy-poll this many µs after each request (0: sleep at once), as
        /// the SDK's `runtime()` does with its default.
        #[arg(long, default_value_t = busy_poll::DEFAULT_WINDOW.as_micros() as u64)]
        busy_poll_us: u64,
    },
}

mod activation;
mod inherited;
mod openbao;
mod plugin;
mod summary;
mod versus;

/// What the builtin file plugin serves, and the IDs the launched and the
/// external plugin serve.
const BUILTIN: &str = "foo";
const LAUNCHED: &str = "launched/foo";
const EXTERNAL: &str = "ext/foo";
const PATH: &str = "/resolver.v1.ResolverService/GetSecrets";

fn main() {
    // Launched by the engine from the plugin directory: be the plugin.
    if std::env::var_os(secrets_ipc::launch_config::LAUNCH_CONFIG_ENV).is_some() {
        plugin::run_launched();
        return;
    }
    let cli = parse();
    if let Some(Mode::Plugin {
        socket,
        name,
        id,
        pattern,
        busy_poll_us,
    }) = &cli.command
    {
        let attach = (name.clone(), socket.clone());
        plugin::run(
            id,
            pattern,
            Some(attach),
            Duration::from_micros(*busy_poll_us),
        );
        return;
    }
    if let Some(Mode::BareServer {
        socket,
        body_bytes,
        content_type,
        busy_poll_us,
        multi_thread,
    }) = &cli.command
    {
        // Before the runtime opens descriptors of its own.
        let inherited = inherited::listener().unwrap_or_else(|why| {
            eprintln!("bare-server: {why}");
            std::process::exit(2);
        });
        let runtime = if *multi_thread {
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
        } else {
            busy_poll::runtime(Duration::from_micros(*busy_poll_us))
        };
        bare_server(
            runtime.expect("runtime"),
            socket,
            inherited,
            *body_bytes,
            content_type,
        );
        return;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if let Some(Mode::Load {
        socket,
        pattern,
        codec,
    }) = &cli.command
    {
        let duration = Duration::from_secs(cli.duration);
        let call = Call::new(*codec, pattern);
        for &connections in &cli.connections {
            let l = runtime.block_on(load(socket, connections, duration, 0, &call));
            println!(
                "{connections} connection(s): {:.0} requests/s, p50 {}, p90 {}, p99 {}, {} errors",
                l.requests_per_second,
                micros(l.p50),
                micros(l.p90),
                micros(l.p99),
                l.errors
            );
        }
        return;
    }
    if let Some(Mode::Openbao {
        duration,
        rounds,
        connections,
        secrets,
        plugin,
    }) = &cli.command
    {
        let here = std::env::current_exe().expect("this binary's path");
        let settings = openbao::Settings {
            duration: Duration::from_secs(*duration),
            rounds: *rounds,
            connections: connections.clone(),
            secrets: *secrets,
            engine: cli
                .engine
                .clone()
                .unwrap_or_else(|| here.with_file_name("secrets-engine")),
            plugin: plugin
                .clone()
                .unwrap_or_else(|| here.with_file_name("secrets-engine-openbao")),
        };
        if let Err(why) = runtime.block_on(openbao::run(settings)) {
            eprintln!("secrets-engine-bench openbao: {why}");
            std::process::exit(1);
        }
        return;
    }
    if let Err(why) = runtime.block_on(run(cli)) {
        // After `run` returned: its servers are stopped, its files removed.
        eprintln!("secrets-engine-bench: {why}");
        std::process::exit(1);
    }
}

/// The options given before the subcommand that `summary` has its own
/// versions of (so given there, they would be ignored).
const NOT_FOR_SUMMARY: [&str; 6] = [
    "duration",
    "connections",
    "cold_starts",
    "rounds",
    "codecs",
    "worker_threads",
];

/// The command line, refusing options `summary` would ignore.
fn parse() -> Cli {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    if matches!(cli.command, Some(Mode::Summary { .. })) {
        for id in NOT_FOR_SUMMARY {
            if matches.value_source(id) == Some(ValueSource::CommandLine) {
                Cli::command()
                    .error(
                        clap::error::ErrorKind::ArgumentConflict,
                        format!(
                            "--{} before `summary` does not apply to it; give `summary`'s own, after it",
                            id.replace('_', "-")
                        ),
                    )
                    .exit();
            }
        }
    }
    cli
}

/// A hyper HTTP/1.1 server answering every request with the same body, on
/// `socket` or on the socket an activator passed (`inherited`).
fn bare_server(
    runtime: tokio::runtime::Runtime,
    socket: &Path,
    inherited: Option<std::os::unix::net::UnixListener>,
    body_bytes: usize,
    content_type: &str,
) {
    let content_type = http::HeaderValue::from_str(content_type).expect("content type");
    runtime.block_on(async move {
        let listener = match inherited {
            Some(listener) => {
                listener.set_nonblocking(true).expect("non-blocking");
                UnixListener::from_std(listener).expect("inherited socket")
            }
            None => UnixListener::bind(socket).expect("bind"),
        };
        let body = Bytes::from(vec![b'x'; body_bytes]);
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let body = body.clone();
            let content_type = content_type.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(
                    move |request: http::Request<hyper::body::Incoming>| {
                        let body = body.clone();
                        let content_type = content_type.clone();
                        // Only a busy-polling runtime reads it.
                        busy_poll::served();
                        async move {
                            let _ = request.into_body().collect().await;
                            Ok::<_, Infallible>(
                                http::Response::builder()
                                    .header("content-type", content_type)
                                    .body(Full::new(body))
                                    .expect("response"),
                            )
                        }
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

type Sender = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

async fn connect(socket: &Path) -> Option<Sender> {
    let stream = UnixStream::connect(socket).await.ok()?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .ok()?;
    tokio::spawn(connection);
    Some(sender)
}

async fn get(sender: &mut Sender, call: &Call) -> Option<(u16, usize)> {
    sender.ready().await.ok()?;
    let request = http::Request::post(PATH)
        .header("host", "localhost")
        .header("content-type", call.content_type)
        .body(Full::new(call.body.clone()))
        .ok()?;
    let response = sender.send_request(request).await.ok()?;
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.ok()?.to_bytes();
    Some((status, body.len()))
}

/// Spawns a server and waits for its first 200 to `body`; returns it and
/// the time.
// The child is handed to the caller, which kills and waits for it at the end.
#[allow(clippy::zombie_processes)]
async fn start(mut command: Command, socket: &Path, call: &Call) -> (Child, Duration) {
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn server");
    loop {
        if let Some(mut sender) = connect(socket).await
            && let Some((200, _)) = get(&mut sender, call).await
        {
            return (child, started.elapsed());
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("server on {} did not answer", socket.display());
        }
        tokio::task::yield_now().await;
    }
}

struct Load {
    requests_per_second: f64,
    p50: Duration,
    p90: Duration,
    p99: Duration,
    errors: usize,
    peak_rss_kib: u64,
}

impl Load {
    fn new(
        mut latencies: Vec<Duration>,
        duration: Duration,
        errors: usize,
        peak_rss_kib: u64,
    ) -> Load {
        latencies.sort_unstable();
        let pct = |p: f64| percentile(&latencies, p);
        Load {
            requests_per_second: latencies.len() as f64 / duration.as_secs_f64(),
            p50: pct(0.50),
            p90: pct(0.90),
            p99: pct(0.99),
            errors,
            peak_rss_kib,
        }
    }
}

/// What one target answered in the rounds of an alternating comparison.
#[derive(Default)]
struct Rounds {
    latencies: Vec<Duration>,
    duration: Duration,
    errors: usize,
    peak_rss_kib: u64,
    per_round: Vec<f64>,
}

impl Rounds {
    fn add(&mut self, (latencies, errors, peak_rss_kib): Sample, duration: Duration) {
        self.per_round
            .push(latencies.len() as f64 / duration.as_secs_f64());
        self.latencies.extend(latencies);
        self.duration += duration;
        self.errors += errors;
        self.peak_rss_kib = self.peak_rss_kib.max(peak_rss_kib);
    }

    fn load(self) -> Load {
        Load::new(
            self.latencies,
            self.duration,
            self.errors,
            self.peak_rss_kib,
        )
    }
}

/// The latencies of one load run, its errors and the peak RSS seen.
type Sample = (Vec<Duration>, usize, u64);

/// The median of `values` (sorted in place).
fn median_of(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

/// The value at fraction `p` of `sorted` (zero when it is empty).
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted
        .get(((sorted.len() as f64 * p) as usize).min(sorted.len().saturating_sub(1)))
        .copied()
        .unwrap_or_default()
}

/// A ratio measured round by round: the median of the rounds' ratios and
/// the middle half of them (single rounds swing by a third on a shared
/// machine, so the extremes say little).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Spread {
    median: f64,
    low: f64,
    high: f64,
}

impl Spread {
    /// `numerators[i] / denominators[i]` over the rounds.
    fn of_rounds(numerators: &[f64], denominators: &[f64]) -> Spread {
        let mut ratios: Vec<f64> = numerators
            .iter()
            .zip(denominators)
            .map(|(n, d)| n / d)
            .collect();
        if ratios.is_empty() {
            return Spread::default();
        }
        let median = median_of(&mut ratios);
        Spread {
            median,
            low: ratios[ratios.len() / 4],
            high: ratios[(ratios.len() * 3 - 1) / 4],
        }
    }
}

impl std::fmt::Display for Spread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.2} ({:.2}–{:.2})", self.median, self.low, self.high)
    }
}

/// Closed-loop load on `connections` keep-alive connections for `duration`.
async fn sample(
    socket: &Path,
    connections: usize,
    duration: Duration,
    pid: u32,
    call: &Call,
) -> Sample {
    let deadline = Instant::now() + duration;
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let socket = socket.to_owned();
        let call = call.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(100_000);
            let mut errors = 0;
            let Some(mut sender) = connect(&socket).await else {
                return (latencies, 1);
            };
            while Instant::now() < deadline {
                let sent = Instant::now();
                match get(&mut sender, &call).await {
                    Some((200, _)) => latencies.push(sent.elapsed()),
                    _ => {
                        errors += 1;
                        match connect(&socket).await {
                            Some(fresh) => sender = fresh,
                            None => break,
                        }
                    }
                }
            }
            (latencies, errors)
        }));
    }
    let sampler = tokio::spawn(async move {
        let mut peak = 0;
        while Instant::now() < deadline {
            peak = peak.max(rss_kib(pid).unwrap_or(0));
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        peak
    });
    let mut all = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (latencies, e) = task.await.expect("load task");
        all.extend(latencies);
        errors += e;
    }
    let peak_rss_kib = sampler.await.unwrap_or(0);
    (all, errors, peak_rss_kib)
}

async fn load(
    socket: &Path,
    connections: usize,
    duration: Duration,
    pid: u32,
    call: &Call,
) -> Load {
    let (latencies, errors, peak) = sample(socket, connections, duration, pid, call).await;
    Load::new(latencies, duration, errors, peak)
}

fn micros(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

async fn run(cli: Cli) -> Result<(), String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let here = std::env::current_exe().expect("current exe");
    let engine_bin = cli
        .engine
        .clone()
        .unwrap_or_else(|| here.with_file_name("secrets-engine"));
    write_world(dir.path(), cli.worker_threads);
    if let Some(Mode::Versus {
        builds,
        go_engine,
        codec,
    }) = &cli.command
    {
        versus::run(&cli, builds, go_engine.as_deref(), *codec, dir.path()).await;
        return Ok(());
    }
    if let Some(Mode::Summary {
        duration,
        rounds,
        connections,
        cold_starts,
        codec,
        go_engine,
        activator,
    }) = &cli.command
    {
        let settings = summary::Settings {
            duration: *duration,
            rounds: *rounds,
            connections: connections.clone(),
            starts: *cold_starts,
            codec: *codec,
            go_engine: go_engine.clone(),
            activator: activator.clone(),
        };
        let command = summary_command(&cli, &settings, &here);
        return summary::run(&settings, &command, &engine_bin, &here, dir.path()).await;
    }
    if let Some(Mode::Activation {
        times,
        bare,
        activator,
        codec,
    }) = &cli.command
    {
        return activation_only(
            &engine_bin,
            &here,
            dir.path(),
            *times,
            *bare,
            activator.as_deref(),
            *codec,
        )
        .await;
    }

    // The engine.
    let builtin = Call::new(Codec::Json, BUILTIN);
    let engine_socket = dir.path().join("engine.sock");
    let command = engine_command(&engine_bin, dir.path(), &engine_socket, None);
    let (mut engine, cold_start) = start(command, &engine_socket, &builtin).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let engine_idle = rss_kib(engine.id()).unwrap_or(0);

    // For each codec, a bare server answering a body of the size and type
    // the engine answers with.
    let mut bare_servers = Vec::new();
    for &codec in &cli.codecs {
        let call = Call::new(codec, BUILTIN);
        let body_bytes = {
            let mut sender = connect(&engine_socket).await.expect("connect");
            get(&mut sender, &call).await.expect("answer").1
        };
        let socket = dir.path().join(format!("bare-{codec}.sock"));
        let (bare, _) = start(
            bare_command(&here, &socket, &call, body_bytes),
            &socket,
            &call,
        )
        .await;
        bare_servers.push((codec, call, socket, bare, body_bytes));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let bare_idle = bare_servers
        .first()
        .and_then(|(_, _, _, bare, _)| rss_kib(bare.id()))
        .unwrap_or(0);

    // Cold starts, alternating engine and bare server on fresh sockets.
    let mut engine_starts = Vec::new();
    let mut bare_starts = Vec::new();
    for round in 0..cli.cold_starts {
        let socket = dir.path().join(format!("cold-engine-{round}.sock"));
        let command = engine_command(&engine_bin, dir.path(), &socket, None);
        let (mut child, took) = start(command, &socket, &builtin).await;
        engine_starts.push(took);
        let _ = child.kill();
        let _ = child.wait();

        let socket = dir.path().join(format!("cold-bare-{round}.sock"));
        let command = bare_command(&here, &socket, &builtin, 0);
        let (mut child, took) = start(command, &socket, &builtin).await;
        bare_starts.push(took);
        let _ = child.kill();
        let _ = child.wait();
    }
    let median = |mut v: Vec<Duration>| {
        v.sort_unstable();
        v.get(v.len() / 2).copied().unwrap_or(cold_start)
    };
    let (cold_start, bare_cold_start) = match cli.cold_starts {
        0 => (cold_start, None),
        _ => (median(engine_starts), Some(median(bare_starts))),
    };

    let duration = Duration::from_secs(cli.duration);
    println!("| target | codec | connections | requests/s | p50 | p90 | p99 | errors | peak RSS |");
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut ratios = Vec::new();
    for (codec, call, bare_socket, bare, _) in &bare_servers {
        for &connections in &cli.connections {
            // The machine's speed drifts over seconds: alternate short rounds
            // of each server, and compare them round by round.
            let rounds = cli.rounds.max(1);
            let round = duration / rounds as u32;
            let (mut bare_rounds, mut engine_rounds) = (Rounds::default(), Rounds::default());
            for index in 0..rounds {
                // Which server goes first alternates too (bare-engine,
                // engine-bare, ...): position in a round biases the result.
                // Two engine builds measured in a fixed order came out with
                // the later one 2.3-2.4 % ahead, whichever build was later.
                let bare_first = index % 2 == 0;
                if bare_first {
                    let sampled = sample(bare_socket, connections, round, bare.id(), call).await;
                    bare_rounds.add(sampled, round);
                }
                let sampled = sample(&engine_socket, connections, round, engine.id(), call).await;
                engine_rounds.add(sampled, round);
                if !bare_first {
                    let sampled = sample(bare_socket, connections, round, bare.id(), call).await;
                    bare_rounds.add(sampled, round);
                }
            }
            let spread = Spread::of_rounds(&engine_rounds.per_round, &bare_rounds.per_round);
            let (bare_load, engine_load) = (bare_rounds.load(), engine_rounds.load());
            for (name, l) in [("bare hyper", &bare_load), ("secrets-engine", &engine_load)] {
                println!(
                    "| {name} | {codec} | {connections} | {:.0} | {} | {} | {} | {} | {:.1} MiB |",
                    l.requests_per_second,
                    micros(l.p50),
                    micros(l.p90),
                    micros(l.p99),
                    l.errors,
                    l.peak_rss_kib as f64 / 1024.0
                );
            }
            ratios.push((codec, connections, spread));
        }
    }
    println!();
    for (codec, connections, spread) in ratios {
        println!(
            "engine / bare requests/s, {codec}, {connections} connection(s): {:.2} \
             (median of {} alternating rounds; middle half {:.2}-{:.2})",
            spread.median,
            cli.rounds.max(1),
            spread.low,
            spread.high,
        );
    }
    match bare_cold_start {
        Some(bare) => println!(
            "cold start (spawn -> first 200, median of {}): engine {}, bare {}",
            cli.cold_starts,
            micros(cold_start),
            micros(bare)
        ),
        None => println!(
            "cold start (spawn -> first 200): engine {}",
            micros(cold_start)
        ),
    }
    let bodies: Vec<String> = bare_servers
        .iter()
        .map(|(codec, _, _, _, bytes)| format!("{codec} {bytes} bytes"))
        .collect();
    println!(
        "idle RSS: engine {:.1} MiB, bare {:.1} MiB; response body {}",
        engine_idle as f64 / 1024.0,
        bare_idle as f64 / 1024.0,
        bodies.join(", ")
    );
    let _ = engine.kill();
    let _ = engine.wait();
    for (_, _, _, mut bare, _) in bare_servers {
        let _ = bare.kill();
        let _ = bare.wait();
    }

    with_plugins(&cli, dir.path(), &engine_bin, &here).await;
    Ok(())
}

/// How this summary run was invoked, with every setting spelled out.
fn summary_command(cli: &Cli, settings: &summary::Settings, here: &Path) -> String {
    let program = std::env::args()
        .next()
        .unwrap_or_else(|| "secrets-engine-bench".to_owned());
    let before = cli
        .engine
        .iter()
        .flat_map(|engine| ["--engine".to_owned(), summary::display_path(engine)])
        .collect::<Vec<_>>();
    let go_engine = settings
        .go_engine
        .clone()
        .unwrap_or_else(|| summary::default_go_engine(here));
    let activator = settings
        .activator
        .clone()
        .unwrap_or_else(|| PathBuf::from(activation::DEFAULT_ACTIVATOR));
    summary::command_line(&program, &before, settings, &go_engine, &activator)
}

/// The `activation` mode: `times` first requests through socket activation
/// of the engine (or the bare server), median and p90.
async fn activation_only(
    engine_bin: &Path,
    here: &Path,
    dir: &Path,
    times: usize,
    bare: bool,
    activator: Option<&Path>,
    codec: Codec,
) -> Result<(), String> {
    let activator = activation::activator(activator)?;
    let call = Call::new(codec, BUILTIN);
    let mut took = Vec::new();
    for round in 0..times.max(1) {
        let socket = dir.join(format!("activated-{round}.sock"));
        let program = if bare {
            bare_command(here, &socket, &call, 200)
        } else {
            engine_command(engine_bin, dir, &socket, None)
        };
        let log = dir.join("activation.log");
        let time =
            activation::first_request(&activator, &program, &socket, &call, None, &log).await?;
        took.push(time);
    }
    took.sort_unstable();
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1e3);
    println!(
        "first request through socket activation (connect -> answer), {}, {} activations: \
         median {}, p90 {}, min {}, max {}",
        if bare {
            "bare server"
        } else {
            "secrets-engine"
        },
        took.len(),
        ms(percentile(&took, 0.5)),
        ms(percentile(&took, 0.9)),
        ms(took[0]),
        ms(took[took.len() - 1]),
    );
    Ok(())
}

/// The engine's world in `dir`: `secrets.toml` with the one secret the
/// builtin file plugin serves, and `engine.toml` registering it for `**`.
fn write_world(dir: &Path, worker_threads: Option<usize>) {
    std::fs::write(
        dir.join("secrets.toml"),
        "[secrets.\"foo\"]\nvalue = \"foo-value\"\ncreated_at = \"2025-01-02T03:04:05.600Z\"\n",
    )
    .expect("secrets");
    let engine_section = worker_threads
        .map(|n| format!("[engine]\nworker_threads = {n}\n"))
        .unwrap_or_default();
    std::fs::write(
        dir.join("engine.toml"),
        engine_section
            + "[[builtin]]\nname = \"builtin-mem\"\nversion = \"v1.2.3\"\npattern = \"**\"\ntype = \"file\"\npath = \"secrets.toml\"\n",
    )
    .expect("config");
}

/// The command that runs the engine on `socket` with `dir`'s engine.toml,
/// launching the plugins in `plugin_dir` if given.
fn engine_command(
    engine_bin: &Path,
    dir: &Path,
    socket: &Path,
    plugin_dir: Option<&Path>,
) -> Command {
    let mut command = Command::new(engine_bin);
    command
        .arg("--socket")
        .arg(socket)
        .arg("--config")
        .arg(dir.join("engine.toml"))
        .arg("--log-level")
        .arg("warn");
    if let Some(plugin_dir) = plugin_dir {
        command.arg("--plugin-dir").arg(plugin_dir);
    }
    command
}

/// The command that runs this binary as a bare server on `socket`, answering
/// `call`'s content type with `body_bytes` bytes.
fn bare_command(here: &Path, socket: &Path, call: &Call, body_bytes: usize) -> Command {
    let mut command = Command::new(here);
    command
        .arg("bare-server")
        .arg("--socket")
        .arg(socket)
        .arg("--body-bytes")
        .arg(body_bytes.to_string())
        .arg("--content-type")
        .arg(call.content_type);
    command
}

/// The engine with one launched and one external plugin (both this binary):
/// cold start with the launched plugin, plugin RSS, and GetSecrets through
/// each plugin kind next to the builtin on the same engine.
async fn with_plugins(cli: &Cli, dir: &Path, engine_bin: &Path, here: &Path) {
    let codec = cli.codecs.first().copied().unwrap_or(Codec::Json);
    let [builtin, launched_call, external_call] =
        [BUILTIN, LAUNCHED, EXTERNAL].map(|id| Call::new(codec, id));
    let plugins = dir.join("plugins");
    std::fs::create_dir_all(&plugins).expect("plugin dir");
    let launched = plugins.join("benchplugin");
    if !launched.exists() {
        std::os::unix::fs::symlink(here, &launched).expect("plugin symlink");
    }
    let mut starts = Vec::new();
    for round in 0..cli.cold_starts.max(1) {
        let socket = dir.join(format!("cold-plugins-{round}.sock"));
        let (mut child, took) = start(
            engine_command(engine_bin, dir, &socket, Some(&plugins)),
            &socket,
            &launched_call,
        )
        .await;
        starts.push(took);
        // The launched plugin dies with the engine (parent-death signal).
        let _ = child.kill();
        let _ = child.wait();
    }
    starts.sort_unstable();
    let cold_start = starts[starts.len() / 2];

    let socket = dir.join("plugins.sock");
    let (mut engine, _) = start(
        engine_command(engine_bin, dir, &socket, Some(&plugins)),
        &socket,
        &launched_call,
    )
    .await;
    let mut external = Command::new(here)
        .arg("plugin")
        .arg("--socket")
        .arg(&socket)
        .arg("--name")
        .arg("ext-bench")
        .arg("--id")
        .arg("ext/foo")
        .arg("--pattern")
        .arg("ext/**")
        .stdout(Stdio::null())
        .spawn()
        .expect("external plugin");
    let waited = Instant::now();
    loop {
        if let Some(mut sender) = connect(&socket).await
            && let Some((200, _)) = get(&mut sender, &external_call).await
        {
            break;
        }
        assert!(
            waited.elapsed() < Duration::from_secs(10),
            "the external plugin did not attach"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let launched_pid = child_named(engine.id(), "benchplugin");
    let launched_rss = launched_pid.and_then(rss_kib).unwrap_or(0);
    let external_rss = rss_kib(external.id()).unwrap_or(0);

    let duration = Duration::from_secs(cli.duration);
    println!();
    println!(
        "| engine with plugins ({codec}) | connections | requests/s | p50 | p90 | p99 | errors |"
    );
    println!("|---|---|---|---|---|---|---|");
    let (mut ratios, mut launched_rps) = (Vec::new(), Vec::new());
    for &connections in &cli.connections {
        let mut per_kind = Vec::new();
        for (name, call) in [
            ("builtin", &builtin),
            ("launched plugin", &launched_call),
            ("external plugin", &external_call),
        ] {
            let l = load(&socket, connections, duration, engine.id(), call).await;
            println!(
                "| {name} | {connections} | {:.0} | {} | {} | {} | {} |",
                l.requests_per_second,
                micros(l.p50),
                micros(l.p90),
                micros(l.p99),
                l.errors
            );
            per_kind.push(l.requests_per_second);
        }
        launched_rps.push(per_kind[1]);
        ratios.push((
            connections,
            per_kind[1] / per_kind[0],
            per_kind[2] / per_kind[0],
        ));
    }
    // The same, with the launched plugin's answers not kept: what a request
    // costs when the plugin is asked every time.
    let uncached = dir.join("uncached");
    std::fs::create_dir_all(&uncached).expect("uncached dir");
    std::fs::copy(dir.join("secrets.toml"), uncached.join("secrets.toml")).expect("secrets");
    let config = std::fs::read_to_string(dir.join("engine.toml")).expect("config");
    std::fs::write(
        uncached.join("engine.toml"),
        config + "[cache.benchplugin]\nmax_age_ms = 0\n",
    )
    .expect("uncached config");
    let socket = dir.join("uncached.sock");
    let (mut uncached_engine, _) = start(
        engine_command(engine_bin, &uncached, &socket, Some(&plugins)),
        &socket,
        &launched_call,
    )
    .await;
    let mut cached_ratios = Vec::new();
    for (&connections, cached) in cli.connections.iter().zip(launched_rps) {
        let l = load(
            &socket,
            connections,
            duration,
            uncached_engine.id(),
            &launched_call,
        )
        .await;
        println!(
            "| launched plugin, uncached | {connections} | {:.0} | {} | {} | {} | {} |",
            l.requests_per_second,
            micros(l.p50),
            micros(l.p90),
            micros(l.p99),
            l.errors
        );
        cached_ratios.push((connections, cached / l.requests_per_second));
    }
    let _ = uncached_engine.kill();
    let _ = uncached_engine.wait();
    println!();
    for (connections, launched, external) in ratios {
        println!(
            "launched / builtin requests/s at {connections} connection(s): {launched:.2}; external / builtin: {external:.2}"
        );
    }
    for (connections, ratio) in cached_ratios {
        println!(
            "launched, cached / uncached requests/s at {connections} connection(s): {ratio:.2}"
        );
    }
    println!(
        "cold start with one launched plugin (spawn -> first 200 for its secret, median of {}): {}",
        starts.len(),
        micros(cold_start)
    );
    println!(
        "plugin RSS idle: launched {:.1} MiB, external {:.1} MiB",
        launched_rss as f64 / 1024.0,
        external_rss as f64 / 1024.0
    );
    let _ = external.kill();
    let _ = external.wait();
    let _ = engine.kill();
    let _ = engine.wait();
}

/// The PID of `parent`'s child whose command name is `name`.
fn child_named(parent: u32, name: &str) -> Option<u32> {
    let parent = parent.to_string();
    std::fs::read_dir("/proc")
        .ok()?
        .filter_map(Result::ok)
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // pid (comm) state ppid ...
            let comm = &stat[stat.find('(')? + 1..stat.rfind(')')?];
            let ppid = stat[stat.rfind(')')? + 2..].split(' ').nth(1)?;
            (ppid == parent && comm == name).then_some(pid)
        })
}
