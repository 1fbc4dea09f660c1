//! Certifying a plugin executable, whatever language it is written in: this
//! runner plays the engine's side of an engine-launched plugin the way the Go
//! engine does and reports, check by check, whether the
//! plugin behaves.
//!
//! It launches the executable with its end of a socketpair on FD 3 and the
//! launch configuration in `DOCKER_SECRETS_ENGINE_PLUGIN_LAUNCH_CFG`, runs
//! yamux as the server, serves `RegisterService` and `/health` on the
//! streams the plugin opens, and expects a registration under the file's
//! name, with a `v`-prefixed semantic version and a valid pattern. It then
//! asks the plugin for secrets it must have (`hit`) and must not have
//! (`miss`), calls its `/health`, asks it to shut down, and expects the
//! process to exit on its own.
//!
//! The runner is written against the wire (the generated Connect routes and
//! clients over the shared yamux transport), not against the engine's
//! plugin runtime, so that it checks the plugin rather than this project's
//! engine: where the engine is lenient (its version check, its
//! `Connection` handling), the runner follows the Go engine.

use std::collections::VecDeque;
use std::fmt;
use std::path::Path;
use std::process::ExitStatus;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::any;
use bytes::Bytes;
use connect_runtime::ConnectClient;
use http::{Request, StatusCode};
use http_body_util::{BodyExt, Full};
use secrets_core::{InvalidPattern, Pattern, SecretId, is_valid_version};
use secrets_ipc::launch_config::{LaunchConfig, PLUGIN_FD};
use secrets_ipc::session::{self, Role, Started};
use secrets_ipc::transport::SessionTransport;
// The environment a launched plugin gets besides its launch configuration:
// this project's engine's (the Go engine passes nothing else); a certified
// plugin should run under either.
use secrets_engine::plugin_command;
use secrets_engine_api::resolver::v1::plugin_service_connect::PluginServiceConnectClient;
use secrets_engine_api::resolver::v1::register_service_connect;
use secrets_engine_api::resolver::v1::register_service_server::RegisterService;
use secrets_engine_api::resolver::v1::resolver_service_connect::ResolverServiceConnectClient;
use secrets_engine_api::resolver::v1::{
    GetSecretsRequest, GetSecretsResponse, RegisterPluginRequest, RegisterPluginResponse,
    ShutdownRequest,
};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Child;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tonic::{Code, Status};
use tower::ServiceExt;

/// The Go engine's default registration timeout (`api.DefaultPluginRegistrationTimeout`).
pub const DEFAULT_REGISTRATION_TIMEOUT: Duration = Duration::from_secs(5);

/// The Go engine's plugin shutdown timeout: how long the Shutdown call may
/// take, how long the plugin then has to exit, and the SIGINT and SIGKILL
/// grace periods.
pub const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(2);

/// What the runner answers a successful registration with, like the Go
/// engine: its name, its version, and Jan26's request timeout (none: `0s`).
const ENGINE_NAME: &str = "secrets-engine-conformance";
const ENGINE_VERSION: &str = concat!("v", env!("CARGO_PKG_VERSION"));

/// How much of the plugin's stderr a report keeps.
const STDERR_LINES: usize = 50;
const STDERR_LINE_CHARS: usize = 500;

/// What to certify and what to expect of it.
#[derive(Debug, Clone)]
pub struct CertifyOptions {
    /// The plugin executable. Its file name is the name it must register with.
    pub plugin: std::path::PathBuf,
    /// IDs the plugin must resolve.
    pub hits: Vec<SecretId>,
    /// IDs the plugin must answer `not_found` for.
    pub misses: Vec<SecretId>,
    /// The registration timeout sent to the plugin and enforced; also the
    /// limit for each `GetSecrets` and `/health` call.
    pub timeout: Duration,
}

impl CertifyOptions {
    /// Certify `plugin` with the Go engine's registration timeout and no
    /// expectations yet.
    pub fn new(plugin: impl Into<std::path::PathBuf>) -> Self {
        CertifyOptions {
            plugin: plugin.into(),
            hits: Vec::new(),
            misses: Vec::new(),
            timeout: DEFAULT_REGISTRATION_TIMEOUT,
        }
    }

    /// The plugin must resolve `id`.
    pub fn hit(mut self, id: SecretId) -> Self {
        self.hits.push(id);
        self
    }

    /// The plugin must answer `not_found` for `id`.
    pub fn miss(mut self, id: SecretId) -> Self {
        self.misses.push(id);
        self
    }

    /// Uses `timeout` for registration and each call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// One thing the runner checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The executable starts with its connection on FD 3.
    Launch,
    /// A `RegisterPlugin` call arrives within the registration timeout.
    Registration,
    /// The registered name is the executable's file name.
    RegisteredName,
    /// The registered version is a `v`-prefixed semantic version.
    RegisteredVersion,
    /// The registered pattern parses.
    RegisteredPattern,
    /// `GetSecrets` for this ID answers 200 with its envelope.
    Hit(SecretId),
    /// `GetSecrets` for this ID answers `not_found`.
    Miss(SecretId),
    /// `/health` answers 200 `ok`.
    Health,
    /// `PluginService.Shutdown` answers `{}`.
    Shutdown,
    /// The process exits on its own within [`SHUTDOWN_TIMEOUT`] of Shutdown.
    ExitOnShutdown,
    /// That exit is a success (the Go engine logs anything else as a crash).
    ExitStatus,
    /// `RegisterPlugin` is called once per connection.
    RegisteredOnce,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Launch => write!(f, "starts with its connection on FD {PLUGIN_FD}"),
            Step::Registration => f.write_str("registers within the registration timeout"),
            Step::RegisteredName => f.write_str("registers with its file name"),
            Step::RegisteredVersion => f.write_str("registers a v-prefixed semantic version"),
            Step::RegisteredPattern => f.write_str("registers a valid pattern"),
            Step::Hit(id) => write!(f, "GetSecrets {id} answers its secret"),
            Step::Miss(id) => write!(f, "GetSecrets {id} answers not_found"),
            Step::Health => f.write_str("/health answers 200 ok"),
            Step::Shutdown => f.write_str("PluginService.Shutdown answers {}"),
            Step::ExitOnShutdown => write!(
                f,
                "exits on its own within {} ms of Shutdown",
                SHUTDOWN_TIMEOUT.as_millis()
            ),
            Step::ExitStatus => f.write_str("exits successfully"),
            Step::RegisteredOnce => f.write_str("calls RegisterPlugin once"),
        }
    }
}

/// How a check went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The plugin did what it should.
    Pass,
    /// It did not; why.
    Fail(String),
    /// Not checked; why.
    Skip(String),
}

/// One check and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What was checked.
    pub step: Step,
    /// How it went.
    pub outcome: Outcome,
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            Outcome::Pass => write!(f, "ok   {}", self.step),
            Outcome::Fail(why) => write!(f, "FAIL {}: {why}", self.step),
            Outcome::Skip(why) => write!(f, "skip {}: {why}", self.step),
        }
    }
}

/// The result of certifying one plugin.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The name the plugin was launched under (its file name).
    pub plugin: String,
    /// Every check, in the order they ran.
    pub checks: Vec<Check>,
    /// The last lines the plugin wrote to stderr, for diagnosing failures.
    pub stderr: Vec<String>,
}

impl Report {
    /// Whether no check failed.
    pub fn passed(&self) -> bool {
        self.failures().next().is_none()
    }

    /// The failed checks.
    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks
            .iter()
            .filter(|check| matches!(check.outcome, Outcome::Fail(_)))
    }

    /// The outcome of `step`, if it ran.
    pub fn outcome(&self, step: &Step) -> Option<&Outcome> {
        self.checks
            .iter()
            .find(|check| check.step == *step)
            .map(|check| &check.outcome)
    }

    fn record(&mut self, step: Step, outcome: Outcome) {
        self.checks.push(Check { step, outcome });
    }

    fn pass(&mut self, step: Step) {
        self.record(step, Outcome::Pass);
    }

    fn fail(&mut self, step: Step, why: impl Into<String>) {
        self.record(step, Outcome::Fail(why.into()));
    }
}

/// What is wrong with a registration, each in the report's words.
#[derive(Debug, Clone, thiserror::Error)]
enum Refusal {
    /// A launched plugin registered under a name other than its own.
    #[error(
        "registered as {registered:?}, launched as {launched:?} (the Go engine refuses: plugin \
         name cannot be changed when launched by engine)"
    )]
    NameChanged {
        registered: String,
        launched: String,
    },
    /// The version is not a semantic version.
    #[error("{version:?}: {why}")]
    Version { version: String, why: VersionFault },
    /// The pattern does not parse.
    #[error("{pattern:?}: {source}")]
    Pattern {
        pattern: String,
        source: InvalidPattern,
    },
}

/// Why a version is invalid, in Go's words.
#[derive(Debug, Clone, Copy, thiserror::Error)]
enum VersionFault {
    #[error("missing version prefix")]
    MissingPrefix,
    #[error("invalid version")]
    Invalid,
}

/// A registration, checked the Go engine's way.
struct Registration {
    name: Result<(), Refusal>,
    version: Result<(), Refusal>,
    pattern: Result<Pattern, Refusal>,
}

impl Registration {
    fn check(expected_name: &str, request: &RegisterPluginRequest) -> Self {
        let name = request.name();
        let name = if name == expected_name {
            Ok(())
        } else {
            Err(Refusal::NameChanged {
                registered: name.to_owned(),
                launched: expected_name.to_owned(),
            })
        };
        // Go checks the prefix first, then `semver.IsValid`.
        let version = request.version();
        let fault = if !version.starts_with('v') {
            Some(VersionFault::MissingPrefix)
        } else if !is_valid_version(version) {
            Some(VersionFault::Invalid)
        } else {
            None
        };
        let version = fault.map_or(Ok(()), |why| {
            Err(Refusal::Version {
                version: version.to_owned(),
                why,
            })
        });
        let pattern = request.pattern();
        let pattern = Pattern::parse(pattern).map_err(|source| Refusal::Pattern {
            pattern: pattern.to_owned(),
            source,
        });
        Registration {
            name,
            version,
            pattern,
        }
    }

    /// The Go engine's answer to an invalid registration: the first failure
    /// in its validation order (launched name, version, pattern; a launched
    /// plugin's empty name fails the first).
    fn refusal(&self, request: &RegisterPluginRequest) -> Option<Status> {
        if self.name.is_err() {
            return Some(Status::internal(
                "plugin name cannot be changed when launched by engine",
            ));
        }
        if let Err(Refusal::Version { why, .. }) = &self.version {
            return Some(Status::internal(format!("parsing version: {why}")));
        }
        if self.pattern.is_err() {
            return Some(Status::invalid_argument(format!(
                "invalid pattern {:?}: invalid pattern",
                request.pattern()
            )));
        }
        None
    }

    /// The three checks, in the Go engine's order, for the report.
    fn checks(&self) -> [(Step, Result<(), Refusal>); 3] {
        [
            (Step::RegisteredName, self.name.clone()),
            (Step::RegisteredVersion, self.version.clone()),
            (
                Step::RegisteredPattern,
                self.pattern.as_ref().map(|_| ()).map_err(Clone::clone),
            ),
        ]
    }
}

/// `RegisterService` for the plugin's connection: every call is reported to
/// the runner; the first is answered like the Go engine, later ones refused.
struct Registrar {
    expected_name: String,
    answered: AtomicBool,
    calls: mpsc::UnboundedSender<RegisterPluginRequest>,
}

#[tonic::async_trait]
impl RegisterService for Registrar {
    async fn register_plugin(
        &self,
        request: tonic::Request<RegisterPluginRequest>,
    ) -> Result<tonic::Response<RegisterPluginResponse>, Status> {
        let request = request.into_inner();
        let first = !self.answered.swap(true, Ordering::SeqCst);
        let _ = self.calls.send(request.clone());
        if !first {
            return Err(Status::internal("cannot rerun registration"));
        }
        if let Some(refusal) = Registration::check(&self.expected_name, &request).refusal(&request)
        {
            return Err(refusal);
        }
        Ok(tonic::Response::new(RegisterPluginResponse {
            engine_name: Some(ENGINE_NAME.to_owned()),
            engine_version: Some(ENGINE_VERSION.to_owned()),
            request_timeout: Some(pbjson_types::Duration {
                seconds: 0,
                nanos: 0,
            }),
        }))
    }
}

/// The last lines of the plugin's stderr. The pipe is drained to the end,
/// whatever the bytes, so a chatty plugin never blocks on a full pipe.
struct StderrTail {
    lines: Arc<Mutex<VecDeque<String>>>,
    reader: Option<JoinHandle<()>>,
}

impl StderrTail {
    fn collect(stderr: Option<tokio::process::ChildStderr>) -> Self {
        let lines = Arc::new(Mutex::new(VecDeque::new()));
        let reader = stderr.map(|stderr| {
            let lines = lines.clone();
            tokio::spawn(async move {
                let mut stderr = BufReader::new(stderr);
                let mut line = Vec::new();
                loop {
                    line.clear();
                    match stderr.read_until(b'\n', &mut line).await {
                        Ok(0) | Err(_) => break,
                        Ok(_) => {
                            let text: String = String::from_utf8_lossy(&line)
                                .trim_end()
                                .chars()
                                .take(STDERR_LINE_CHARS)
                                .collect();
                            let mut lines = lines.lock().unwrap_or_else(|p| p.into_inner());
                            if lines.len() == STDERR_LINES {
                                lines.pop_front();
                            }
                            lines.push_back(text);
                        }
                    }
                }
            })
        });
        StderrTail { lines, reader }
    }

    /// What was written, once the plugin is gone. A grandchild may hold the
    /// pipe open, so the reader gets a moment, not forever.
    async fn finish(mut self) -> Vec<String> {
        if let Some(mut reader) = self.reader.take()
            && tokio::time::timeout(Duration::from_millis(500), &mut reader)
                .await
                .is_err()
        {
            reader.abort();
        }
        let lines = self.lines.lock().unwrap_or_else(|p| p.into_inner());
        lines.iter().cloned().collect()
    }
}

/// The name the engine launches a plugin under: its file name, without a
/// trailing `.exe`.
fn plugin_name(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let name = name.strip_suffix(".exe").unwrap_or(name);
    (!name.is_empty()).then(|| name.to_owned())
}

/// Starts the plugin exactly as the engine does (`plugin_command`: its end of
/// a socketpair on FD 3, the launch configuration and the engine's inherited
/// variables as its environment, no arguments, stdin and stdout closed,
/// killed when the runner drops it or dies), keeping the tail of its stderr.
fn launch(
    path: &Path,
    config: &LaunchConfig,
) -> std::io::Result<(Child, tokio::net::UnixStream, StderrTail)> {
    let (mut command, engine_end) = plugin_command(path, config, &[])?;
    let mut child = command.spawn()?;
    // The command holds our copy of the plugin's end; closing it lets the
    // session see EOF when the plugin exits.
    drop(command);
    let stderr = StderrTail::collect(child.stderr.take());
    Ok((child, engine_end, stderr))
}

fn describe(status: &Status) -> String {
    format!(
        "{}: {}",
        connect_runtime::error::code_name(status.code()),
        status.message()
    )
}

/// Launches the plugin at `options.plugin`, plays the engine against it and
/// reports every check. Never hangs: every wait is bounded, and the process
/// is always stopped and reaped before this returns.
pub async fn certify(options: &CertifyOptions) -> Report {
    let mut report = Report::default();
    let Some(name) = plugin_name(&options.plugin) else {
        report.fail(
            Step::Launch,
            format!("{}: no usable file name", options.plugin.display()),
        );
        return report;
    };
    report.plugin = name.clone();
    let config = LaunchConfig {
        name: name.clone(),
        registration_timeout: options.timeout,
        fd: PLUGIN_FD,
    };
    let (mut child, engine_end, stderr) = match launch(&options.plugin, &config) {
        Ok(launched) => launched,
        Err(error) => {
            report.fail(
                Step::Launch,
                format!("{}: {error}", options.plugin.display()),
            );
            return report;
        }
    };
    report.pass(Step::Launch);

    let Started {
        session,
        incoming,
        driver,
    } = session::start(engine_end, Role::Engine);
    let (calls, mut registrations) = mpsc::unbounded_channel();
    let registrar = Arc::new(Registrar {
        expected_name: name.clone(),
        answered: AtomicBool::new(false),
        calls,
    });
    let app = register_service_connect::routes(registrar).route("/health", any(|| async { "ok" }));
    let serving = tokio::spawn(incoming.serve_http1(app));
    // Calls as the Go engine makes them: one request per stream with
    // `Connection: close` (its clients disable keep-alive), so a plugin
    // cannot come to rely on a stream staying open.
    let transport = SessionTransport::single_use(session.clone());

    let exited = play(
        options,
        &name,
        &transport,
        &mut registrations,
        &mut child,
        &mut report,
    )
    .await;
    let extra = std::iter::from_fn(|| registrations.try_recv().ok()).count();
    if report.outcome(&Step::Registration) == Some(&Outcome::Pass) {
        if extra == 0 {
            report.pass(Step::RegisteredOnce);
        } else {
            report.fail(
                Step::RegisteredOnce,
                format!(
                    "called {} times (the Go engine answers the others `cannot rerun registration`)",
                    extra + 1
                ),
            );
        }
    }

    // Whatever happened, the process ends here; `play` already did when it
    // checked the exit after Shutdown.
    if !exited {
        session.close();
        let _ = stop(&mut child).await;
    }
    session.close();
    let _ = tokio::time::timeout(Duration::from_secs(1), driver).await;
    serving.abort();
    report.stderr = stderr.finish().await;
    report
}

fn exited_before_registering(status: std::io::Result<std::process::ExitStatus>) -> String {
    match status {
        Ok(status) => format!("exited before registering ({status})"),
        Err(error) => format!("exited before registering (wait: {error})"),
    }
}

/// The checks from registration to exit. Returns whether the process has
/// been stopped and reaped.
async fn play(
    options: &CertifyOptions,
    name: &str,
    transport: &SessionTransport,
    registrations: &mut mpsc::UnboundedReceiver<RegisterPluginRequest>,
    child: &mut Child,
    report: &mut Report,
) -> bool {
    let timeout_ms = options.timeout.as_millis();
    let request = tokio::select! {
        request = registrations.recv() => request,
        status = child.wait() => {
            report.fail(Step::Registration, exited_before_registering(status));
            return true;
        }
        () = tokio::time::sleep(options.timeout) => {
            report.fail(Step::Registration, format!("no RegisterPlugin within {timeout_ms} ms"));
            return false;
        }
    };
    let Some(request) = request else {
        // The connection usually ends because the process did: say how it
        // exited if it does so shortly (the two are seen in either order).
        match tokio::time::timeout(Duration::from_secs(1), child.wait()).await {
            Ok(status) => {
                report.fail(Step::Registration, exited_before_registering(status));
                return true;
            }
            Err(_) => {
                report.fail(
                    Step::Registration,
                    "the connection ended without a RegisterPlugin",
                );
                return false;
            }
        }
    };
    report.pass(Step::Registration);
    let registration = Registration::check(name, &request);
    let mut valid = true;
    for (step, result) in registration.checks() {
        match result {
            Ok(()) => report.pass(step),
            Err(why) => {
                valid = false;
                report.fail(step, why.to_string());
            }
        }
    }
    let pattern = match registration.pattern {
        Ok(pattern) if valid => pattern,
        // The Go engine refuses the plugin and stops it: nothing more to ask.
        _ => return false,
    };

    let resolver = ResolverServiceConnectClient::new(ConnectClient::new(transport.clone()));
    for id in &options.hits {
        let outcome = hit(&resolver, id, &pattern, options.timeout).await;
        report.record(Step::Hit(id.clone()), outcome);
    }
    for id in &options.misses {
        let outcome = miss(&resolver, id, &pattern, options.timeout).await;
        report.record(Step::Miss(id.clone()), outcome);
    }
    let outcome = health(transport, options.timeout).await;
    report.record(Step::Health, outcome);

    if let Ok(Some(status)) = child.try_wait() {
        report.fail(
            Step::Shutdown,
            format!("the plugin had already exited ({status})"),
        );
        return true;
    }
    let plugin = PluginServiceConnectClient::new(
        ConnectClient::new(transport.clone()).with_timeout(SHUTDOWN_TIMEOUT),
    );
    match plugin.shutdown(ShutdownRequest {}).await {
        Ok(_) => report.pass(Step::Shutdown),
        Err(status) => report.fail(Step::Shutdown, describe(&status)),
    }
    // The runner keeps its end of the connection open, so an exit now is the
    // plugin's answer to Shutdown, not to a closed connection.
    match tokio::time::timeout(SHUTDOWN_TIMEOUT, child.wait()).await {
        Ok(Ok(status)) => {
            report.pass(Step::ExitOnShutdown);
            exit_status(report, status);
        }
        Ok(Err(error)) => report.fail(Step::ExitOnShutdown, format!("wait: {error}")),
        Err(_) => {
            let how = stop(child).await;
            report.fail(Step::ExitOnShutdown, format!("still running; {how}"));
        }
    }
    true
}

fn exit_status(report: &mut Report, status: ExitStatus) {
    if status.success() {
        report.pass(Step::ExitStatus);
    } else {
        report.fail(
            Step::ExitStatus,
            format!("{status} (the Go engine logs: plugin crashed)"),
        );
    }
}

/// Asks the plugin for exactly `id`; a plugin silent past `timeout` is a
/// failure (the `Err`).
async fn ask_for(
    resolver: &ResolverServiceConnectClient<SessionTransport>,
    id: &SecretId,
    timeout: Duration,
) -> Result<Result<GetSecretsResponse, Status>, Outcome> {
    let request = GetSecretsRequest {
        pattern: Some(id.to_string()),
    };
    tokio::time::timeout(timeout, resolver.get_secrets(request))
        .await
        .map_err(|_| Outcome::Fail(format!("no answer within {} ms", timeout.as_millis())))
}

/// `GetSecrets` for an ID the plugin must have.
async fn hit(
    resolver: &ResolverServiceConnectClient<SessionTransport>,
    id: &SecretId,
    registered: &Pattern,
    timeout: Duration,
) -> Outcome {
    if !registered.matches(id) {
        // Not worth sending: no engine would ever route this ID to the plugin.
        return Outcome::Fail(format!(
            "outside the registered pattern {registered}, so no engine would ask the plugin for it"
        ));
    }
    let answer = match ask_for(resolver, id, timeout).await {
        Err(silence) => return silence,
        Ok(Err(status)) => {
            return Outcome::Fail(format!("expected 200, got {}", describe(&status)));
        }
        Ok(Ok(answer)) => answer,
    };
    if answer.envelopes.is_empty() {
        return Outcome::Fail("200 with no envelopes (nothing found is not_found)".to_owned());
    }
    // The request pattern is the ID itself, so every envelope must carry it.
    // Values are never printed.
    let mut found = false;
    for (index, envelope) in answer.envelopes.iter().enumerate() {
        let returned = envelope.id();
        if returned != id.as_str() {
            return Outcome::Fail(format!(
                "envelope {index} has id {returned:?}, which does not match the requested pattern {id}"
            ));
        }
        found |= envelope.value.is_some();
    }
    if found {
        Outcome::Pass
    } else {
        Outcome::Fail("the envelope has no value".to_owned())
    }
}

/// `GetSecrets` for an ID the plugin must not have.
async fn miss(
    resolver: &ResolverServiceConnectClient<SessionTransport>,
    id: &SecretId,
    registered: &Pattern,
    timeout: Duration,
) -> Outcome {
    if !registered.matches(id) {
        return Outcome::Skip(format!(
            "outside the registered pattern {registered}; no engine would ask"
        ));
    }
    match ask_for(resolver, id, timeout).await {
        Err(silence) => silence,
        Ok(Err(status)) if status.code() == Code::NotFound => Outcome::Pass,
        Ok(Err(status)) => Outcome::Fail(format!("expected not_found, got {}", describe(&status))),
        Ok(Ok(answer)) => Outcome::Fail(format!(
            "expected not_found, got 200 with {} envelope(s)",
            answer.envelopes.len()
        )),
    }
}

/// `GET /health` on the plugin.
async fn health(transport: &SessionTransport, timeout: Duration) -> Outcome {
    let request = Request::get("/health").body(Full::new(Bytes::new()));
    let Ok(request) = request else {
        return Outcome::Fail("cannot build the request".to_owned());
    };
    let call = async {
        let response = transport.clone().oneshot(request).await?;
        let status = response.status();
        let body = response.into_body().collect().await?.to_bytes();
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>((status, body))
    };
    match tokio::time::timeout(timeout, call).await {
        Err(_) => Outcome::Fail(format!("no answer within {} ms", timeout.as_millis())),
        Ok(Err(error)) => Outcome::Fail(error.to_string()),
        Ok(Ok((StatusCode::OK, body))) if body.trim_ascii() == b"ok" => Outcome::Pass,
        Ok(Ok((status, body))) => Outcome::Fail(format!(
            "{status} {:?}",
            String::from_utf8_lossy(&body[..body.len().min(200)])
        )),
    }
}

/// Stops the plugin as the Go engine does: SIGINT, [`SHUTDOWN_TIMEOUT`],
/// SIGKILL, [`SHUTDOWN_TIMEOUT`]. Says how it ended.
async fn stop(child: &mut Child) -> String {
    if let Ok(Some(status)) = child.try_wait() {
        return format!("it had exited ({status})");
    }
    let signalled = child
        .id()
        .and_then(|pid| i32::try_from(pid).ok())
        .map(|pid| {
            nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGINT,
            )
        });
    if let Some(Ok(())) = signalled
        && let Ok(Ok(status)) = tokio::time::timeout(SHUTDOWN_TIMEOUT, child.wait()).await
    {
        return format!("stopped by SIGINT ({status})");
    }
    let _ = child.start_kill();
    match tokio::time::timeout(SHUTDOWN_TIMEOUT, child.wait()).await {
        Ok(Ok(status)) => format!("SIGINT did not stop it; killed ({status})"),
        _ => "SIGINT did not stop it and SIGKILL did not reap it in time".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(name: &str, version: &str, pattern: &str) -> RegisterPluginRequest {
        RegisterPluginRequest {
            name: Some(name.into()),
            version: Some(version.into()),
            pattern: Some(pattern.into()),
        }
    }

    #[test]
    fn refusals_follow_the_go_validation_order() {
        let cases = [
            (
                request("other", "x", "a//b"),
                Code::Internal,
                "plugin name cannot be changed when launched by engine",
            ),
            (
                request("p", "1.0.0", "a//b"),
                Code::Internal,
                "parsing version: missing version prefix",
            ),
            (
                request("p", "v1.2.3.4", "a//b"),
                Code::Internal,
                "parsing version: invalid version",
            ),
            (
                request("p", "v1.0.0", "a//b"),
                Code::InvalidArgument,
                "invalid pattern \"a//b\": invalid pattern",
            ),
        ];
        for (request, code, message) in cases {
            let refusal = Registration::check("p", &request)
                .refusal(&request)
                .expect(message);
            assert_eq!((refusal.code(), refusal.message()), (code, message));
        }
        let ok = request("p", "v0.1.0", "launched/**");
        assert!(Registration::check("p", &ok).refusal(&ok).is_none());
    }

    #[test]
    fn names_drop_exe() {
        assert_eq!(
            plugin_name(Path::new("/x/plugin-foo.exe")).as_deref(),
            Some("plugin-foo")
        );
        assert_eq!(
            plugin_name(Path::new("plugin-foo")).as_deref(),
            Some("plugin-foo")
        );
        assert_eq!(plugin_name(Path::new("/")), None);
    }
}
