//! `secrets-engine-bench`: measures the engine the way a user feels it.
//!
//! One run measures, side by side on the same machine and kind of socket:
//! - the `secrets-engine` binary (release build, one builtin file plugin):
//!   cold start (spawn → first 200 answer), RSS idle, GetSecrets requests/s
//!   and p50/p90/p99 latency with N keep-alive HTTP/1.1 connections in a
//!   closed loop, RSS under load;
//! - a bare hyper server (this binary re-executed as `bare-server`) answering
//!   a fixed body of the same size: the practical limit of the stack.
//!
//! Compare ratios from one run; the machine is noisy. Usage:
//! `cargo build --release -p secrets-engine -p secrets-engine-bench &&
//!  target/release/secrets-engine-bench --duration 5 --connections 1,16`

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use clap::{Parser, Subcommand};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
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
    },
    /// Only load an engine already serving on SOCKET (any implementation),
    /// e.g. to profile it.
    Load {
        /// The socket.
        #[arg(long)]
        socket: PathBuf,
    },
}

const REQUEST: &[u8] = br#"{"pattern":"foo"}"#;
const PATH: &str = "/resolver.v1.ResolverService/GetSecrets";

fn main() {
    let cli = Cli::parse();
    if let Some(Mode::BareServer { socket, body_bytes }) = &cli.command {
        bare_server(socket, *body_bytes);
        return;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if let Some(Mode::Load { socket }) = &cli.command {
        let duration = Duration::from_secs(cli.duration);
        for &connections in &cli.connections {
            let l = runtime.block_on(load(socket, connections, duration, 0));
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
    runtime.block_on(run(cli));
}

/// A hyper HTTP/1.1 server answering every request with the same body.
fn bare_server(socket: &Path, body_bytes: usize) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let listener = UnixListener::bind(socket).expect("bind");
        let body = Bytes::from(vec![b'x'; body_bytes]);
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let body = body.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(
                    move |request: http::Request<hyper::body::Incoming>| {
                        let body = body.clone();
                        async move {
                            let _ = request.into_body().collect().await;
                            Ok::<_, Infallible>(
                                http::Response::builder()
                                    .header("content-type", "application/json")
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

async fn get(sender: &mut Sender) -> Option<(u16, usize)> {
    sender.ready().await.ok()?;
    let request = http::Request::post(PATH)
        .header("host", "localhost")
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from_static(REQUEST)))
        .ok()?;
    let response = sender.send_request(request).await.ok()?;
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.ok()?.to_bytes();
    Some((status, body.len()))
}

/// Spawns a server and waits for its first 200; returns it and the time.
// The child is handed to the caller, which kills and waits for it at the end.
#[allow(clippy::zombie_processes)]
async fn start(mut command: Command, socket: &Path) -> (Child, Duration) {
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn server");
    loop {
        if let Some(mut sender) = connect(socket).await
            && let Some((200, _)) = get(&mut sender).await
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

async fn load(socket: &Path, connections: usize, duration: Duration, pid: u32) -> Load {
    let deadline = Instant::now() + duration;
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let socket = socket.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(100_000);
            let mut errors = 0;
            let Some(mut sender) = connect(&socket).await else {
                return (latencies, 1);
            };
            while Instant::now() < deadline {
                let sent = Instant::now();
                match get(&mut sender).await {
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
    all.sort_unstable();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Load {
        requests_per_second: all.len() as f64 / duration.as_secs_f64(),
        p50: pct(0.50),
        p90: pct(0.90),
        p99: pct(0.99),
        errors,
        peak_rss_kib,
    }
}

fn micros(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

async fn run(cli: Cli) {
    let dir = tempfile::tempdir().expect("tempdir");
    let here = std::env::current_exe().expect("current exe");
    let engine_bin = cli
        .engine
        .clone()
        .unwrap_or_else(|| here.with_file_name("secrets-engine"));
    std::fs::write(
        dir.path().join("secrets.toml"),
        "[secrets.\"foo\"]\nvalue = \"foo-value\"\ncreated_at = \"2025-01-02T03:04:05.600Z\"\n",
    )
    .expect("secrets");
    std::fs::write(
        dir.path().join("engine.toml"),
        "[[builtin]]\nname = \"builtin-mem\"\nversion = \"v1.2.3\"\npattern = \"**\"\ntype = \"file\"\npath = \"secrets.toml\"\n",
    )
    .expect("config");

    // The engine.
    let engine_socket = dir.path().join("engine.sock");
    let mut command = Command::new(&engine_bin);
    command
        .arg("--socket")
        .arg(&engine_socket)
        .arg("--config")
        .arg(dir.path().join("engine.toml"))
        .arg("--log-level")
        .arg("warn");
    let (mut engine, cold_start) = start(command, &engine_socket).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let engine_idle = rss_kib(engine.id()).unwrap_or(0);
    let body_bytes = {
        let mut sender = connect(&engine_socket).await.expect("connect");
        get(&mut sender).await.expect("answer").1
    };

    // The bare server, answering a body of the same size.
    let bare_socket = dir.path().join("bare.sock");
    let mut command = Command::new(&here);
    command
        .arg("bare-server")
        .arg("--socket")
        .arg(&bare_socket)
        .arg("--body-bytes")
        .arg(body_bytes.to_string());
    let (mut bare, bare_cold_start) = start(command, &bare_socket).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let bare_idle = rss_kib(bare.id()).unwrap_or(0);

    // Cold starts, alternating engine and bare server on fresh sockets.
    let mut engine_starts = Vec::new();
    let mut bare_starts = Vec::new();
    for round in 0..cli.cold_starts {
        let socket = dir.path().join(format!("cold-engine-{round}.sock"));
        let mut command = Command::new(&engine_bin);
        command
            .arg("--socket")
            .arg(&socket)
            .arg("--config")
            .arg(dir.path().join("engine.toml"))
            .arg("--log-level")
            .arg("warn");
        let (mut child, took) = start(command, &socket).await;
        engine_starts.push(took);
        let _ = child.kill();
        let _ = child.wait();

        let socket = dir.path().join(format!("cold-bare-{round}.sock"));
        let mut command = Command::new(&here);
        command
            .arg("bare-server")
            .arg("--socket")
            .arg(&socket)
            .arg("--body-bytes")
            .arg(body_bytes.to_string());
        let (mut child, took) = start(command, &socket).await;
        bare_starts.push(took);
        let _ = child.kill();
        let _ = child.wait();
    }
    let median = |mut v: Vec<Duration>| {
        v.sort_unstable();
        v.get(v.len() / 2).copied().unwrap_or(cold_start)
    };
    let (cold_start, bare_cold_start) = if cli.cold_starts > 0 {
        (median(engine_starts), median(bare_starts))
    } else {
        (cold_start, bare_cold_start)
    };

    let duration = Duration::from_secs(cli.duration);
    println!("| target | connections | requests/s | p50 | p90 | p99 | errors | peak RSS |");
    println!("|---|---|---|---|---|---|---|---|");
    let mut ratios = Vec::new();
    for &connections in &cli.connections {
        let bare_load = load(&bare_socket, connections, duration, bare.id()).await;
        let engine_load = load(&engine_socket, connections, duration, engine.id()).await;
        for (name, l) in [("bare hyper", &bare_load), ("secrets-engine", &engine_load)] {
            println!(
                "| {name} | {connections} | {:.0} | {} | {} | {} | {} | {:.1} MiB |",
                l.requests_per_second,
                micros(l.p50),
                micros(l.p90),
                micros(l.p99),
                l.errors,
                l.peak_rss_kib as f64 / 1024.0
            );
        }
        ratios.push((
            connections,
            engine_load.requests_per_second / bare_load.requests_per_second,
        ));
    }
    println!();
    for (connections, ratio) in ratios {
        println!("engine / bare requests/s at {connections} connection(s): {ratio:.2}");
    }
    println!(
        "cold start (spawn -> first 200, median of {}): engine {}, bare {}",
        cli.cold_starts.max(1),
        micros(cold_start),
        micros(bare_cold_start)
    );
    println!(
        "idle RSS: engine {:.1} MiB, bare {:.1} MiB; response body {body_bytes} bytes",
        engine_idle as f64 / 1024.0,
        bare_idle as f64 / 1024.0
    );
    let _ = engine.kill();
    let _ = bare.kill();
    let _ = engine.wait();
    let _ = bare.wait();
}
