//! `openbao`: one secret read through the engine and the OpenBao plugin
//! (launched from the engine's plugin directory, release builds), next to
//! the same secret read straight from OpenBao's HTTP API, in alternating
//! rounds on the same machine: the engine asking the plugin every time
//! (`[cache.openbao] max_age_ms = 0`) and the engine answering from its
//! cache. Then `**` over a mount of many secrets, through both engines.
//!
//! OpenBao is a real `bao server -dev` (`scripts/openbao`); every client
//! uses keep-alive HTTP/1.1 connections in a closed loop.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use crate::{Call, Codec, Rounds, Sample, Spread, connect, get, micros, start};

/// What the benchmark is told.
pub(crate) struct Settings {
    pub(crate) duration: Duration,
    pub(crate) rounds: usize,
    pub(crate) connections: Vec<usize>,
    pub(crate) secrets: usize,
    pub(crate) engine: PathBuf,
    pub(crate) plugin: PathBuf,
}

/// The secret every request reads.
const ID: &str = "bench/key";

/// A dev server, stopped when dropped.
struct Server {
    dir: PathBuf,
    addr: String,
    token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new(repo().join("scripts/openbao"))
            .arg("stop")
            .arg(&self.dir)
            .status();
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// An engine, killed when dropped.
struct Engine {
    child: Child,
    socket: PathBuf,
}

impl Drop for Engine {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

type TcpSender = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

async fn connect_tcp(addr: &str) -> Option<TcpSender> {
    let host = addr.trim_start_matches("http://");
    let stream = TcpStream::connect(host).await.ok()?;
    stream.set_nodelay(true).ok()?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .ok()?;
    tokio::spawn(connection);
    Some(sender)
}

/// One HTTP call to OpenBao: the status and the body.
async fn call_bao(
    sender: &mut TcpSender,
    method: &str,
    path: &str,
    token: &str,
    body: Option<String>,
) -> Option<(u16, Bytes)> {
    sender.ready().await.ok()?;
    let request = http::Request::builder()
        .method(method)
        .uri(format!("/v1/{path}"))
        .header("host", "127.0.0.1")
        .header("x-vault-token", token)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.unwrap_or_default())))
        .ok()?;
    let response = sender.send_request(request).await.ok()?;
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.ok()?.to_bytes();
    Some((status, body))
}

/// Closed-loop reads of `ID` straight from OpenBao.
async fn sample_direct(server: &Server, connections: usize, duration: Duration) -> Sample {
    let deadline = Instant::now() + duration;
    let path = format!("secret/data/{ID}");
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (addr, token, path) = (server.addr.clone(), server.token.clone(), path.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(50_000);
            let mut errors = 0;
            let Some(mut sender) = connect_tcp(&addr).await else {
                return (latencies, 1);
            };
            while Instant::now() < deadline {
                let sent = Instant::now();
                match call_bao(&mut sender, "GET", &path, &token, None).await {
                    Some((200, _)) => latencies.push(sent.elapsed()),
                    _ => {
                        errors += 1;
                        match connect_tcp(&addr).await {
                            Some(fresh) => sender = fresh,
                            None => break,
                        }
                    }
                }
            }
            (latencies, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (latencies, e) = task.await.expect("load task");
        all.extend(latencies);
        errors += e;
    }
    (all, errors, 0)
}

/// Starts the dev server and writes `ID` and `count` secrets under `many/`.
async fn server(dir: &Path, count: usize) -> Result<Server, String> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("no free port: {e}"))?
        .port();
    let bao_dir = dir.join("openbao");
    let status = Command::new(repo().join("scripts/openbao"))
        .arg("dev")
        .arg(&bao_dir)
        .arg(port.to_string())
        .status()
        .map_err(|e| format!("scripts/openbao: {e}"))?;
    if !status.success() {
        return Err("scripts/openbao dev failed".into());
    }
    let env = std::fs::read_to_string(bao_dir.join("env")).map_err(|e| e.to_string())?;
    let value = |key: &str| {
        env.lines()
            .find_map(|line| line.strip_prefix(&format!("{key}=")))
            .map(str::to_owned)
            .unwrap_or_default()
    };
    let server = Server {
        dir: bao_dir,
        addr: value("BAO_ADDR"),
        token: value("BAO_TOKEN"),
    };
    let mut sender = connect_tcp(&server.addr)
        .await
        .ok_or("cannot reach OpenBao")?;
    let put = |i: Option<usize>| match i {
        None => (
            format!("secret/data/{ID}"),
            r#"{"data":{"value":"0123456789abcdef0123456789abcdef"}}"#.to_owned(),
        ),
        Some(i) => (
            format!("secret/data/many/s{i:05}"),
            format!(r#"{{"data":{{"value":"value-{i}"}}}}"#),
        ),
    };
    let writes = std::iter::once(None).chain((0..count).map(Some));
    for write in writes {
        let (path, body) = put(write);
        match call_bao(&mut sender, "POST", &path, &server.token, Some(body)).await {
            Some((200, _)) => {}
            other => return Err(format!("writing {path}: {:?}", other.map(|o| o.0))),
        }
    }
    Ok(server)
}

/// An engine launching the plugin as `openbao`, with `cache` added to its
/// configuration.
async fn engine(
    settings: &Settings,
    dir: &Path,
    server: &Server,
    cache: &str,
) -> Result<Engine, String> {
    std::fs::create_dir_all(dir.join("plugins")).map_err(|e| e.to_string())?;
    std::os::unix::fs::symlink(&settings.plugin, dir.join("plugins/openbao"))
        .map_err(|e| format!("plugin link: {e}"))?;
    std::fs::write(
        dir.join("engine.toml"),
        format!(
            "[engine]\nplugin_dir = \"plugins\"\nplugin_env = [\"BAO_ADDR\", \"BAO_TOKEN\"]\n{cache}\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    let socket = dir.join("engine.sock");
    let mut command = Command::new(&settings.engine);
    command
        .arg("--socket")
        .arg(&socket)
        .arg("--config")
        .arg(dir.join("engine.toml"))
        .arg("--log-level")
        .arg("warn")
        .env("BAO_ADDR", &server.addr)
        .env("BAO_TOKEN", &server.token)
        .env("HOME", dir);
    let (child, _) = start(command, &socket, &Call::new(Codec::Json, ID)).await;
    Ok(Engine { child, socket })
}

/// Times one GetSecrets of `pattern`; the answer's size.
async fn timed(engine: &Engine, call: &Call) -> Result<(Duration, usize), String> {
    let mut sender = connect(&engine.socket).await.ok_or("cannot connect")?;
    let sent = Instant::now();
    match get(&mut sender, call).await {
        Some((200, bytes)) => Ok((sent.elapsed(), bytes)),
        other => Err(format!("GetSecrets answered {:?}", other.map(|o| o.0))),
    }
}

pub(crate) async fn run(settings: Settings) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let filled = Instant::now();
    let server = server(dir.path(), settings.secrets).await?;
    println!(
        "OpenBao dev server with {} secrets ({:.1} s to start and fill)",
        settings.secrets + 1,
        filled.elapsed().as_secs_f64()
    );
    let uncached = engine(
        &settings,
        &dir.path().join("uncached"),
        &server,
        "[cache.openbao]\nmax_age_ms = 0\nnot_found_ms = 0\n",
    )
    .await?;
    let cached = engine(
        &settings,
        &dir.path().join("cached"),
        &server,
        "[cache.openbao]\nmax_age_ms = 3600000\n",
    )
    .await?;
    let call = Call::new(Codec::Json, ID);
    let round = settings.duration / settings.rounds.max(1) as u32;
    println!(
        "GetSecrets {ID}: {} s per target and connection count, in {} alternating rounds",
        settings.duration.as_secs(),
        settings.rounds
    );
    println!(
        "| connections | direct OpenBao read | engine + plugin, uncached | engine, cached | direct/uncached | cached/direct |"
    );
    println!("|---|---|---|---|---|---|");
    for &connections in &settings.connections {
        let (mut direct, mut fresh, mut kept) =
            (Rounds::default(), Rounds::default(), Rounds::default());
        for _ in 0..settings.rounds.max(1) {
            direct.add(sample_direct(&server, connections, round).await, round);
            fresh.add(
                crate::sample(&uncached.socket, connections, round, 0, &call).await,
                round,
            );
            kept.add(
                crate::sample(&cached.socket, connections, round, 0, &call).await,
                round,
            );
        }
        let slower = Spread::of_rounds(&direct.per_round, &fresh.per_round);
        let faster = Spread::of_rounds(&kept.per_round, &direct.per_round);
        let show = |rounds: Rounds| {
            let load = rounds.load();
            format!(
                "{:.0}/s, p50 {}, p99 {}{}",
                load.requests_per_second,
                micros(load.p50),
                micros(load.p99),
                if load.errors > 0 {
                    format!(", {} errors", load.errors)
                } else {
                    String::new()
                }
            )
        };
        println!(
            "| {connections} | {} | {} | {} | {slower} | {faster} |",
            show(direct),
            show(fresh),
            show(kept)
        );
    }

    // `**` over the whole mount: one LIST page per 1,000 names and a read
    // per secret, through the uncached engine; then from the cache.
    let everything = Call::new(Codec::Json, "**");
    let mut walks = Vec::new();
    let mut size = 0;
    for _ in 0..5 {
        let (took, bytes) = timed(&uncached, &everything).await?;
        walks.push(took);
        size = bytes;
    }
    walks.sort();
    timed(&cached, &everything).await?;
    let mut hits = Vec::new();
    for _ in 0..5 {
        hits.push(timed(&cached, &everything).await?.0);
    }
    hits.sort();
    println!(
        "GetSecrets ** over {} secrets ({:.1} MB of JSON): uncached median {:.0} ms (min {:.0}, max {:.0}), cached median {:.1} ms",
        settings.secrets + 1,
        size as f64 / 1e6,
        walks[2].as_secs_f64() * 1e3,
        walks[0].as_secs_f64() * 1e3,
        walks[4].as_secs_f64() * 1e3,
        hits[2].as_secs_f64() * 1e3,
    );
    drop(uncached);
    drop(cached);
    drop(server);
    Ok(())
}
