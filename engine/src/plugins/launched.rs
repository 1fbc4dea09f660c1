//! Plugins the engine launches from its plugin directory.
//!
//! Each executable in the directory (not recursive) is a plugin named after
//! its file. It is started with its end of a socketpair on FD 3 and
//! `DOCKER_SECRETS_ENGINE_PLUGIN_LAUNCH_CFG`, and, unlike the Go engine, with
//! a usable environment ([`INHERITED_ENV`] plus the names the configuration's
//! `plugin_env` lists) so keychain and store plugins work; nothing else of the
//! engine's environment reaches it. Each line of its stderr goes to the
//! engine log as written, with its name as a field. It then registers over
//! yamux like an external plugin, but must use its file name.
//!
//! A plugin that exits or crashes is started again for as long as the engine
//! runs: at once after a healthy run (it had registered), then, if it keeps
//! failing, with jittered exponential backoff (250 ms doubling, ±50 %, capped
//! at 60 s), reset after a healthy minute. The Go engine waits 2 s ±50 %
//! first and gives up after 2 minutes. While it restarts, its entry stays in
//! the registry and answers `unavailable` (the Go engine drops it, so its
//! secrets look missing: `not_found`).

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::Rng;
use secrets_core::Pattern;
use secrets_ipc::launch_config::{LAUNCH_CONFIG_ENV, LaunchConfig, PLUGIN_FD};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;
use tokio::sync::watch;
use tracing::Instrument;

use secrets_engine_api::accesscontrol::v1 as acl;
use secrets_engine_api::accesscontrol::v1::access_control_service_server::AccessControlService;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
use tonic::Status;

use crate::plugins::registry::{PluginHandle, PluginKind, PluginState, RegisteredPlugin, Registry};
use crate::plugins::session::{Origin, PluginSessionSettings, SessionOutcome, run_session};

/// Environment variables a launched plugin inherits from the engine (the Go
/// engine passes none, so keychain plugins cannot reach D-Bus there): what a
/// process needs to find the user's files, session bus and locale. Others
/// are passed only when the configuration's `plugin_env` names them.
pub const INHERITED_ENV: &[&str] = &[
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "TMPDIR",
    "LANG",
    "LC_ALL",
    "XDG_RUNTIME_DIR",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_STATE_HOME",
    "XDG_CACHE_HOME",
    "DBUS_SESSION_BUS_ADDRESS",
];

/// A run at least this long counts as healthy: the next restart is immediate.
const HEALTHY_RUN: Duration = Duration::from_secs(60);
/// The first backoff after an unhealthy run.
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// The longest backoff.
const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// How long a plugin whose connection has ended has to exit on its own.
const EXIT_GRACE: Duration = Duration::from_secs(1);
/// How long a plugin has to exit after SIGINT before SIGKILL.
const STOP_GRACE: Duration = Duration::from_secs(2);

/// The executables in `dir`, sorted, as `(name, path)`. A missing directory
/// has none.
pub fn scan(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            tracing::info!(dir = %dir.display(), "plugin directory does not exist; no launched plugins");
            return Ok(Vec::new());
        }
        Err(error) => return Err(error),
    };
    let mut plugins: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let path = entry.path();
            let meta = std::fs::metadata(&path).ok()?;
            let executable = meta.is_file() && meta.permissions().mode() & 0o111 != 0;
            if !executable {
                return None;
            }
            // A plugin registers under its file name, so a file name that is not
            // a valid plugin name could never register: say so once, here.
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                tracing::warn!(path = ?path, "skipped a plugin whose file name is not UTF-8");
                return None;
            };
            if let Err(why) = super::check_plugin_name(&name) {
                tracing::warn!(path = ?path, %why, "skipped a plugin");
                return None;
            }
            Some((name, path))
        })
        .collect();
    plugins.sort();
    Ok(plugins)
}

/// The launched plugins: one supervisor per executable of the plugin
/// directory, started and stopped as the directory changes between scans
/// (at start, and on each reload).
pub struct LaunchedPlugins {
    registry: Arc<Registry>,
    settings: PluginSessionSettings,
    running: std::collections::BTreeMap<String, Supervised>,
    /// Supervisors told to stop, still shutting their plugin down.
    stopping: Vec<tokio::task::JoinHandle<()>>,
}

struct Supervised {
    path: PathBuf,
    stop: watch::Sender<bool>,
    supervisor: tokio::task::JoinHandle<()>,
}

impl LaunchedPlugins {
    /// None yet: [`LaunchedPlugins::sync`] launches them.
    pub fn new(registry: Arc<Registry>, settings: PluginSessionSettings) -> Self {
        Self {
            registry,
            settings,
            running: Default::default(),
            stopping: Vec::new(),
        }
    }

    /// The names of the plugins being kept running.
    pub fn names(&self) -> Vec<String> {
        self.running.keys().cloned().collect()
    }

    /// Makes `found` (a [`scan`]) the set of plugins kept running: launches
    /// the new ones, stops those no longer there, and restarts one whose
    /// executable moved to another path.
    pub fn sync(&mut self, found: Vec<(String, PathBuf)>) {
        let found: std::collections::BTreeMap<String, PathBuf> = found.into_iter().collect();
        for (name, running) in std::mem::take(&mut self.running) {
            if found.get(&name) == Some(&running.path) {
                self.running.insert(name, running);
            } else {
                tracing::info!(plugin = %name, "plugin removed from the plugin directory; stopping it");
                let _ = running.stop.send(true);
                self.stopping.push(running.supervisor);
            }
        }
        for (name, path) in found {
            if self.running.contains_key(&name) {
                continue;
            }
            tracing::info!(plugin = %name, path = %path.display(), "discovered plugin");
            let (stop, stopped) = watch::channel(false);
            let supervisor = tokio::spawn(supervise(
                name.clone(),
                path.clone(),
                self.registry.clone(),
                self.settings.clone(),
                stopped,
            ));
            self.running.insert(
                name,
                Supervised {
                    path,
                    stop,
                    supervisor,
                },
            );
        }
        self.stopping.retain(|supervisor| !supervisor.is_finished());
    }

    /// Stops every plugin (in parallel, each step bounded) and waits for all.
    pub async fn stop_all(self) {
        for running in self.running.values() {
            let _ = running.stop.send(true);
        }
        let supervisors = self
            .running
            .into_values()
            .map(|running| running.supervisor)
            .chain(self.stopping);
        for supervisor in supervisors {
            let _ = supervisor.await;
        }
    }
}

/// Keeps the plugin at `path` running under `name` until `stop` turns true,
/// keeping its state in the registry for `ListPlugins`. Everything the
/// engine logs about it, its sessions included, is in the span
/// `plugin{plugin=<name>}`; the plugin's own stderr is logged with the
/// field `plugin=<name>` instead.
pub async fn supervise(
    name: String,
    path: PathBuf,
    registry: Arc<Registry>,
    settings: PluginSessionSettings,
    mut stop: watch::Receiver<bool>,
) {
    let span = tracing::info_span!("plugin", plugin = %name);
    async move {
        let mut failures: u32 = 0;
        // The version, pattern and kind of its last registration: a plugin that
        // has registered once keeps its slot (answering `unavailable`, or denying
        // for an access-control module) while down.
        let mut last: Option<(String, Pattern, bool)> = None;
        loop {
            if *stop.borrow() {
                break;
            }
            let started = Instant::now();
            let run = run_once(&name, &path, &registry, &settings, &stop).await;
            if *stop.borrow() {
                break;
            }
            let delay = match run.attached {
                SessionOutcome::Registered { .. }
                    if started.elapsed() >= HEALTHY_RUN || failures == 0 =>
                {
                    failures = 1;
                    Duration::ZERO
                }
                _ => {
                    failures = failures.saturating_add(1);
                    backoff(failures)
                }
            };
            let reason = match (&run.attached, &run.exit) {
                (SessionOutcome::Registered { .. }, Some(exit)) => exit.clone(),
                (SessionOutcome::Registered { .. }, None) => "it closed its connection".to_owned(),
                (SessionOutcome::NotRegistered { reason }, Some(exit)) => {
                    format!("{reason}; {exit}")
                }
                (SessionOutcome::NotRegistered { reason }, None) => reason.clone(),
            };
            if let SessionOutcome::Registered {
                version,
                pattern,
                access_control,
            } = run.attached
            {
                last = Some((version, pattern, access_control));
            }
            match &last {
                Some((version, pattern, access_control)) => {
                    _ = registry.upsert(RegisteredPlugin {
                        health: Default::default(),
                        name: name.clone(),
                        version: version.clone(),
                        pattern: pattern.clone(),
                        kind: PluginKind::Launched,
                        timeout: settings.plugin_timeout,
                        state: PluginState::Restarting(reason.clone()),
                        // A module keeps its place while it restarts, and denies.
                        resolver: if *access_control {
                            PluginHandle::AccessControl(Arc::new(Restarting { name: name.clone() }))
                        } else {
                            PluginHandle::Service(Arc::new(Restarting { name: name.clone() }))
                        },
                        note: None,
                    })
                }
                None => registry.set_failing(&name, reason.clone()),
            }
            tracing::warn!(?reason, ?delay, "plugin stopped; restarting");
            tokio::select! {
                () = tokio::time::sleep(delay) => {}
                _ = stop.changed() => break,
            }
        }
        registry.remove_launched(&name);
    }
    .instrument(span)
    .await;
}

/// What a launched plugin answers while it restarts.
struct Restarting {
    name: String,
}

#[tonic::async_trait]
impl ResolverService for Restarting {
    async fn get_secrets(
        &self,
        _request: tonic::Request<GetSecretsRequest>,
    ) -> Result<tonic::Response<GetSecretsResponse>, Status> {
        Err(Status::unavailable(format!(
            "plugin {} is restarting",
            self.name
        )))
    }
}

#[tonic::async_trait]
impl AccessControlService for Restarting {
    async fn check_access(
        &self,
        _request: tonic::Request<acl::CheckAccessRequest>,
    ) -> Result<tonic::Response<acl::CheckAccessResponse>, Status> {
        Err(Status::unavailable(format!("{} is restarting", self.name)))
    }

    async fn authorize(
        &self,
        _request: tonic::Request<acl::AuthorizeRequest>,
    ) -> Result<tonic::Response<acl::AuthorizeResponse>, Status> {
        Err(Status::unavailable(format!("{} is restarting", self.name)))
    }
}

/// The delay before restart number `failures` (1-based): doubling from
/// [`FIRST_BACKOFF`], ±50 % jitter, at most [`MAX_BACKOFF`].
fn backoff(failures: u32) -> Duration {
    let base = FIRST_BACKOFF.saturating_mul(1u32 << failures.saturating_sub(1).min(16));
    let base = base.min(MAX_BACKOFF);
    let jitter = rand::rng().random_range(0.5..1.5);
    base.mul_f64(jitter).min(MAX_BACKOFF)
}

/// How one run of a launched plugin went.
struct Run {
    attached: SessionOutcome,
    /// How the process ended (`exited: exit status: 1`, `exited: signal: 9
    /// (SIGKILL)`); `None` if it never started or the engine stopped it.
    exit: Option<String>,
}

/// Starts the plugin once and serves its connection until it ends (the
/// plugin exits or closes it, or the engine stops and shuts it down).
async fn run_once(
    name: &str,
    path: &Path,
    registry: &Arc<Registry>,
    settings: &PluginSessionSettings,
    stop: &watch::Receiver<bool>,
) -> Run {
    let (mut child, engine_end) = match spawn(name, path, settings) {
        Ok(spawned) => spawned,
        Err(error) => {
            return Run {
                attached: SessionOutcome::NotRegistered {
                    reason: format!("cannot start {}: {error}", path.display()),
                },
                exit: None,
            };
        }
    };
    let connection = run_session(
        engine_end,
        registry.clone(),
        settings.clone(),
        Origin::Launched(name.to_owned()),
        stop.clone(),
    );
    tokio::pin!(connection);
    let mut exit = None;
    let attached = tokio::select! {
        attached = &mut connection => attached,
        status = child.wait() => {
            let status = describe(status);
            if *stop.borrow() {
                // Asked to shut down, it did.
                tracing::info!(%status, "plugin stopped");
            } else {
                tracing::warn!(%status, "plugin exited");
            }
            exit = Some(status);
            // The connection ends with the process.
            tokio::time::timeout(Duration::from_secs(1), &mut connection)
                .await
                .unwrap_or(SessionOutcome::NotRegistered { reason: "it exited".to_owned() })
        }
    };
    // A first try that failed is known from now, not after the reaping below
    // (up to 3 s): the engine's start-up waits for every launched plugin's
    // first try. The supervisor records the full reason afterwards.
    if let SessionOutcome::NotRegistered { reason } = &attached
        && !registry.knows(name)
    {
        registry.set_failing(name, reason.clone());
    }
    if exit.is_none() {
        let status = stop_child(&mut child).await;
        if !*stop.borrow() {
            exit = Some(status);
        }
    }
    Run { attached, exit }
}

/// The command that starts a plugin as the engine does, with the engine's
/// end of its connection: the plugin's end on FD 3 (`launch.fd`), an
/// environment of the launch configuration, the few variables the engine
/// passes on (`INHERITED_ENV`) and `extra_env` (names), no
/// arguments, stdin and stdout closed, stderr piped, killed if the command's
/// owner drops it or the engine dies. The caller spawns it, then drops the
/// command so that the plugin's exit reads as EOF.
pub fn plugin_command(
    path: &Path,
    launch: &LaunchConfig,
    extra_env: &[String],
) -> std::io::Result<(Command, tokio::net::UnixStream)> {
    let (engine_end, plugin_end) = std::os::unix::net::UnixStream::pair()?;
    engine_end.set_nonblocking(true)?;
    let engine_end = tokio::net::UnixStream::from_std(engine_end)?;
    let mut command = Command::new(path);
    command
        .env_clear()
        .env(LAUNCH_CONFIG_ENV, launch.to_env_value())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let names = INHERITED_ENV
        .iter()
        .copied()
        .chain(extra_env.iter().map(String::as_str));
    for key in names {
        if let Some(value) = std::env::var_os(key) {
            command.env(key, value);
        }
    }
    super::child::prepare(&mut command, plugin_end.into(), launch.fd)?;
    Ok((command, engine_end))
}

/// Launches the plugin with its end of a socketpair on FD 3, the launch
/// configuration and the inherited environment; logs its stderr. Returns the
/// process and the engine's end of its connection.
fn spawn(
    name: &str,
    path: &Path,
    settings: &PluginSessionSettings,
) -> std::io::Result<(tokio::process::Child, tokio::net::UnixStream)> {
    let launch = LaunchConfig {
        name: name.to_owned(),
        registration_timeout: settings.registration_timeout,
        fd: PLUGIN_FD,
    };
    let (mut command, engine_end) = plugin_command(path, &launch, &settings.plugin_env)?;
    let mut process = command.spawn()?;
    // The command holds the child's end until it is dropped; drop it now so
    // the engine sees EOF when the plugin dies.
    drop(command);
    tracing::info!(pid = ?process.id(), "launched plugin");
    if let Some(stderr) = process.stderr.take() {
        tokio::spawn(log_stderr(name.to_owned(), stderr));
    }
    Ok((process, engine_end))
}

/// The longest stderr line logged as one; a longer one is logged in parts,
/// so a plugin that never ends its line cannot make the engine hold much.
const MAX_STDERR_LINE: usize = 16 * 1024;

/// Logs what a launched plugin writes to its stderr, line by line, until it
/// closes it. Reading never stops early (bytes that are not UTF-8 are
/// logged as replacement characters): a plugin whose stderr is no longer
/// read would block, or die of SIGPIPE, on its next write.
async fn log_stderr(plugin: String, stderr: tokio::process::ChildStderr) {
    let mut reader = BufReader::new(stderr);
    let mut line = Vec::new();
    loop {
        let chunk = match reader.fill_buf().await {
            Ok(chunk) if !chunk.is_empty() => chunk,
            _ => break,
        };
        let newline = chunk.iter().position(|&byte| byte == b'\n');
        let take = newline.map_or(chunk.len(), |at| at + 1);
        line.extend_from_slice(&chunk[..take]);
        reader.consume(take);
        if newline.is_some() || line.len() >= MAX_STDERR_LINE {
            log_stderr_line(&plugin, &line);
            line.clear();
        }
    }
    if !line.is_empty() {
        log_stderr_line(&plugin, &line);
    }
}

/// Logs one line a launched plugin wrote to its stderr: its text as
/// written, quotes and all, with the plugin's name as a field. It is not in
/// the `plugin{plugin=…}` span, which would name the plugin a second time
/// in front of text that usually carries its own time and level. Control
/// characters are escaped so that a line cannot move the cursor, recolour
/// the terminal or forge a log line of its own.
fn log_stderr_line(plugin: &str, line: &[u8]) {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let mut text = String::from_utf8_lossy(line);
    if text.chars().any(is_unsafe_control) {
        let mut escaped = String::with_capacity(text.len());
        for c in text.chars() {
            if is_unsafe_control(c) {
                escaped.extend(c.escape_default());
            } else {
                escaped.push(c);
            }
        }
        text = escaped.into();
    }
    tracing::info!(parent: None, plugin = %plugin, "{text}");
}

/// A control character other than a tab.
fn is_unsafe_control(c: char) -> bool {
    c.is_control() && c != '\t'
}

fn describe(status: std::io::Result<std::process::ExitStatus>) -> String {
    match status {
        Ok(status) => format!("exited: {status}"),
        Err(error) => format!("lost track of the process: {error}"),
    }
}

/// Lets the plugin exit on its own for [`EXIT_GRACE`] (it was asked to shut
/// down, or its connection ended), then SIGINT, then SIGKILL after
/// [`STOP_GRACE`]; always reaps the child. Returns how it ended.
async fn stop_child(child: &mut tokio::process::Child) -> String {
    if let Ok(status) = tokio::time::timeout(EXIT_GRACE, child.wait()).await {
        let status = describe(status);
        tracing::info!(%status, "plugin stopped");
        return status;
    }
    if let Some(pid) = child.id() {
        tracing::info!("plugin still running; sending SIGINT");
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid as i32),
            nix::sys::signal::Signal::SIGINT,
        );
    }
    match tokio::time::timeout(STOP_GRACE, child.wait()).await {
        Ok(status) => describe(status),
        Err(_) => {
            tracing::warn!("plugin did not stop after SIGINT; killing it");
            let _ = child.kill().await;
            "killed after it ignored SIGINT".to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_plugin_gets_the_usual_environment_and_the_configured_names_only() {
        let launch = LaunchConfig {
            name: "p".into(),
            registration_timeout: Duration::from_secs(5),
            fd: PLUGIN_FD,
        };
        // PATH is set in any test run; CARGO_PKG_NAME is set by cargo for
        // tests, and passes only when named.
        let extra = vec!["CARGO_PKG_NAME".to_owned()];
        let envs = |extra: &[String]| -> Vec<String> {
            let (command, _end) =
                plugin_command(Path::new("/bin/true"), &launch, extra).expect("command");
            command
                .as_std()
                .get_envs()
                .filter(|(_, value)| value.is_some())
                .map(|(key, _)| key.to_string_lossy().into_owned())
                .collect()
        };
        let plain = envs(&[]);
        assert!(plain.iter().any(|k| k == "PATH"), "{plain:?}");
        assert!(plain.iter().any(|k| k == LAUNCH_CONFIG_ENV), "{plain:?}");
        assert!(!plain.iter().any(|k| k == "CARGO_PKG_NAME"), "{plain:?}");
        assert!(
            plain
                .iter()
                .all(|k| k == LAUNCH_CONFIG_ENV || INHERITED_ENV.contains(&k.as_str())),
            "{plain:?}"
        );
        let configured = envs(&extra);
        assert!(
            configured.iter().any(|k| k == "CARGO_PKG_NAME"),
            "{configured:?}"
        );
    }

    #[test]
    fn scan_finds_executables_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let write = |name: &str, mode: u32| {
            let path = dir.path().join(name);
            std::fs::write(&path, "#!/bin/sh\n").expect("write");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
        };
        write("b-plugin", 0o755);
        write("a-plugin", 0o700);
        write("notes.txt", 0o644);
        std::fs::create_dir(dir.path().join("subdir")).expect("dir");
        let names: Vec<String> = scan(dir.path())
            .expect("scan")
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["a-plugin", "b-plugin"]);
        assert!(
            scan(&dir.path().join("missing"))
                .expect("missing is fine")
                .is_empty()
        );
    }

    #[test]
    fn backoff_grows_with_jitter_and_a_cap() {
        for _ in 0..100 {
            let first = backoff(1);
            assert!(
                first >= FIRST_BACKOFF / 2 && first <= FIRST_BACKOFF * 3 / 2,
                "{first:?}"
            );
            assert!(backoff(30) <= MAX_BACKOFF);
            assert!(backoff(30) >= MAX_BACKOFF / 2);
        }
    }
}
