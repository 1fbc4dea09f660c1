//! The commands that ask the running engine (through the Rust client)
//! rather than the store: `run`, `resolve`, `plugins` and `status`.
//!
//! With no engine running each fails at once, naming the socket it tried and
//! how to start one. Unix only for now: the client speaks to a Unix socket.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use secrets_core::SecretId;
use secrets_engine_client::{Client, Error as ClientError, PluginInfo, Secret};
use tonic::Code as tonic_code;

/// Why a command that asks the engine failed. Each text is what the user
/// reads after `Error: `; none holds a secret's value.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Engine(#[from] ClientError),
    #[error("{0} secrets match {1}; --value prints exactly one")]
    NotOneForValue(usize, String),
    #[error("no plugin named {0:?}: `{program} plugins ls` lists them", program = crate::program())]
    NoSuchPlugin(String),
    // The engine's own words for why the plugin cannot change state.
    #[error("{0}")]
    PluginRefused(String),
    #[error("writing the output: {0}")]
    Output(#[source] std::io::Error),
    #[error("run needs a command: run -- CMD [ARGS...]")]
    NoCommand,
    #[error("reading env-file {path}: {1}", path = .0.display())]
    EnvFile(PathBuf, #[source] dotenvy::Error),
    #[error("resolving {0}: {1}")]
    Resolving(String, #[source] Box<Error>),
    // No secret matches, and the engine serves another store than we write.
    #[error(
        "{0} (the engine serves {1}, but {program} writes {2}: `{program} status` says more)",
        program = crate::program()
    )]
    OtherStore(#[source] ClientError, String, String),
    #[error("{0} secrets matched {1}, a reference must match exactly one")]
    NotOneForReference(usize, String),
    #[error("the value of {0} contains a NUL byte, which an environment variable cannot hold")]
    NulInValue(SecretId),
    #[error("cannot watch signals: {0}")]
    WatchSignals(#[source] std::io::Error),
    #[error("starting {0}: {1}")]
    Start(String, #[source] std::io::Error),
    #[error("waiting for the command: {0}")]
    Wait(#[source] std::io::Error),
    #[error("reading the template {path}: {1}", path = .0.display())]
    Template(PathBuf, #[source] std::io::Error),
    #[error("writing {path}: {1}; it was left as it was", path = .0.display())]
    WriteFile(PathBuf, #[source] std::io::Error),
    #[error("unknown signal {0:?} (HUP, USR1, USR2, TERM, INT, QUIT, ...)")]
    UnknownSignal(String),
}

/// What `run --watch` does when a secret changes.
#[derive(Debug, Clone, Copy)]
pub enum OnChange {
    /// Stop the command (SIGTERM, then SIGKILL after a grace period) and
    /// start it again with the new values.
    Restart,
    /// Send it this signal; it keeps its environment.
    Signal(nix::sys::signal::Signal),
}

impl OnChange {
    /// `--watch-signal NAME`: `HUP`, `SIGHUP` or a number.
    pub fn signal(name: &str) -> Result<OnChange, Error> {
        let unknown = || Error::UnknownSignal(name.to_owned());
        let signal = match name.parse::<i32>() {
            Ok(number) => nix::sys::signal::Signal::try_from(number).map_err(|_| unknown())?,
            Err(_) => {
                let upper = name.to_ascii_uppercase();
                let full = if upper.starts_with("SIG") {
                    upper
                } else {
                    format!("SIG{upper}")
                };
                full.parse().map_err(|_| unknown())?
            }
        };
        Ok(OnChange::Signal(signal))
    }
}

/// How long `--watch` lets changes settle before acting on them: one
/// `docker-pass set` can change a keychain item several times.
const WATCH_DEBOUNCE: Duration = Duration::from_millis(100);

/// The prefix of an environment value `run` resolves.
const REFERENCE_PREFIX: &str = "se://";

/// How long `run` waits for the engine to answer its first call when it has
/// no other deadline (an engine that accepts but never answers fails here
/// rather than hanging the command).
const PREFLIGHT_TIMEOUT: Duration = Duration::from_secs(3);

/// `resolve PATTERN`: every match, through all plugins.
pub async fn resolve(pattern: &str, json: bool, value: bool) -> Result<(), Error> {
    // No store hint here: `resolve` sends the engine exactly the one
    // request it is asked for (`status` compares the stores).
    let secrets = Client::new().get_secrets(pattern).await?;
    if value {
        let [secret] = secrets.as_slice() else {
            return Err(Error::NotOneForValue(secrets.len(), pattern.to_owned()));
        };
        let mut out = secret.value.expose().to_vec();
        out.push(b'\n');
        return write_stdout(&out);
    }
    if json {
        let items: Vec<serde_json::Value> = secrets.iter().map(secret_json).collect();
        let text = serde_json::to_string_pretty(&items)
            .unwrap_or_else(|_| unreachable!("JSON values with string keys serialize"));
        return write_stdout(format!("{text}\n").as_bytes());
    }
    let width = secrets
        .iter()
        .map(|s| s.id.as_str().len())
        .max()
        .unwrap_or(2);
    let mut out = format!("{:width$}  PROVIDER\n", "ID");
    for secret in &secrets {
        out.push_str(&format!(
            "{:width$}  {}\n",
            secret.id.as_str(),
            secret.provider
        ));
    }
    write_stdout(out.as_bytes())
}

/// A secret as `resolve --json` prints it: the value as base64, as the
/// engine's own JSON carries it (values may be any bytes).
fn secret_json(secret: &Secret) -> serde_json::Value {
    use base64::Engine as _;
    let time = |t: Option<SystemTime>| {
        t.and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map(|d| {
                chrono::DateTime::<chrono::Utc>::from_timestamp(
                    i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                    d.subsec_nanos(),
                )
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
            })
    };
    serde_json::json!({
        "id": secret.id.as_str(),
        "value": base64::engine::general_purpose::STANDARD.encode(secret.value.expose()),
        "provider": secret.provider,
        "version": secret.version,
        "createdAt": time(secret.created_at),
        "expiresAt": time(secret.expires_at),
        "metadata": secret.metadata,
    })
}

/// `plugins` and `plugins ls`: name, version, pattern, kind and state of
/// each plugin.
pub async fn plugins() -> Result<(), Error> {
    let plugins = Client::new().list_plugins().await?;
    let rows: Vec<[String; 5]> = plugins
        .iter()
        .map(|p| {
            // The wire says only whether a plugin runs outside the engine's
            // process, not whether the engine launched it or it attached by
            // itself: so the builtins are marked, not the others.
            let kind = if p.external {
                p.kind.to_string()
            } else {
                format!("{} (builtin)", p.kind)
            };
            [
                p.name.clone(),
                p.version.clone(),
                p.pattern.clone(),
                kind,
                plugin_state(p),
            ]
        })
        .collect();
    write_stdout(table(["NAME", "VERSION", "PATTERN", "KIND", "STATE"], &rows).as_bytes())
}

/// `running`, `disabled`, `crashed: why`, `retries exceeded: why`, …
fn plugin_state(plugin: &PluginInfo) -> String {
    if plugin.disabled {
        return "disabled".to_owned();
    }
    let message = &plugin.status_message;
    // A running builtin's message names the store it serves, which `status`
    // shows; only a degraded one's is news in this table.
    let show =
        !message.is_empty() && (plugin.state != "running" || message.starts_with("degraded"));
    if show {
        format!("{}: {message}", plugin.state)
    } else {
        plugin.state.clone()
    }
}

/// `plugins enable NAME` and `plugins disable NAME`.
pub async fn set_plugin_enabled(name: &str, enabled: bool) -> Result<(), Error> {
    let client = Client::new();
    let result = if enabled {
        client.enable_plugin(name).await
    } else {
        client.disable_plugin(name).await
    };
    match result {
        Ok(()) => write_stdout(format!("{name}\n").as_bytes()),
        Err(ClientError::Protocol {
            code: tonic_code::NotFound,
            ..
        }) => Err(Error::NoSuchPlugin(name.to_owned())),
        Err(ClientError::Protocol {
            code: tonic_code::FailedPrecondition,
            message,
        }) => Err(Error::PluginRefused(message)),
        Err(e) => Err(e.into()),
    }
}

fn table<const N: usize>(header: [&str; N], rows: &[[String; N]]) -> String {
    let mut widths = header.map(str::len);
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.len());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let text: Vec<String> = cells
            .zip(widths)
            .map(|(cell, width)| format!("{cell:width$}"))
            .collect();
        out.push_str(text.join("  ").trim_end());
        out.push('\n');
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

/// `status`: whether an engine answers on the socket, its version, its
/// plugins' health, and the store it serves beside this command's own.
pub async fn status() -> Result<(), Error> {
    let client = Client::new().with_timeout(PREFLIGHT_TIMEOUT);
    let version = match client.version().await {
        Ok(version) => version.version,
        // The January 2026 API has no version call.
        Err(ClientError::Unimplemented(_)) => "unknown (an engine of the January 2026 API)".into(),
        Err(e) => return Err(e.into()),
    };
    let plugins = client.list_plugins().await?;
    let running = plugins.iter().filter(|p| p.state == "running").count();
    let unhealthy: Vec<String> = plugins
        .iter()
        .filter(|p| p.state != "running" || p.disabled)
        .map(|p| {
            let state = if p.disabled { "disabled" } else { &p.state };
            format!("{} ({state})", p.name)
        })
        .collect();
    let mut out = format!(
        "Engine:  running on {}\nVersion: {version}\nPlugins: {} ({running} running)\n",
        client.socket(),
        plugins.len()
    );
    if !unhealthy.is_empty() {
        out.push_str(&format!("Not serving: {}\n", unhealthy.join(", ")));
    }
    let stores = Stores::compare(&plugins).await;
    out.push_str(&format!(
        "Store:   {}\nEngine's store: {}\n",
        stores.own,
        if stores.engine.is_empty() {
            "not reported (an engine without a docker-pass builtin, or one that does not say)"
                .to_owned()
        } else {
            stores.engine.join("; ")
        }
    ));
    if stores.differ {
        out.push_str(&format!(
            "Warning: {} and the engine use different stores: secrets set here are not served \
             by the engine. Give both the same DOCKER_PASS_STORE and DOCKER_PASS_FILE_STORE (the \
             engine reads them when it starts, or its configuration's [[builtin]] store and \
             file_store)\n",
            crate::program()
        ));
    }
    write_stdout(out.as_bytes())
}

/// This command's store and the engine's, to tell a user whose secrets do
/// not show up that the two are not the same.
struct Stores {
    /// This command's store, described.
    own: String,
    /// The stores the engine's docker-pass builtins say they serve.
    engine: Vec<String>,
    /// Whether the engine serves a store and none is this command's.
    differ: bool,
}

/// A store, as far as comparing goes: the keychain, or a file store's
/// directory.
#[derive(Debug, PartialEq, Eq)]
enum StorePlace {
    Keychain,
    File(PathBuf),
}

impl StorePlace {
    /// The place a store description names (`keychain (…)`, `encrypted
    /// file store at DIR (…)`), as the engine and this command write them.
    fn of(description: &str) -> Option<StorePlace> {
        if description.starts_with("keychain") {
            return Some(StorePlace::Keychain);
        }
        let rest = description.strip_prefix(FILE_STORE_PREFIX)?;
        let dir = rest.rsplit_once(" (").map_or(rest, |(dir, _)| dir);
        let dir = PathBuf::from(dir);
        Some(StorePlace::File(std::fs::canonicalize(&dir).unwrap_or(dir)))
    }
}

/// How a file store's description begins.
const FILE_STORE_PREFIX: &str = "encrypted file store at ";

impl Stores {
    async fn compare(plugins: &[PluginInfo]) -> Stores {
        let (own_place, own) = match own_store().await {
            Ok(own) => (StorePlace::of(&own), own),
            Err(e) => (None, format!("unknown ({e})")),
        };
        let (engine, engine_places): (_, Vec<StorePlace>) = plugins
            .iter()
            .filter(|p| !p.external)
            .filter_map(|p| {
                let place = StorePlace::of(&p.status_message)?;
                Some((format!("{} (plugin {})", p.status_message, p.name), place))
            })
            .unzip();
        let differ =
            own_place.is_some_and(|own| !engine_places.is_empty() && !engine_places.contains(&own));
        Stores {
            own,
            engine,
            differ,
        }
    }
}

/// The store this command writes, described without opening it (opening a
/// file store may create its identity; asking where it is must not).
async fn own_store() -> Result<String, secrets_store::StoreError> {
    use secrets_store::{BackendKind, StoreChoice};
    let choice = StoreChoice::from_env()?;
    let file = || format!("{FILE_STORE_PREFIX}{}", choice.file_root.display());
    Ok(match choice.backend {
        BackendKind::File => file(),
        BackendKind::Keychain => "keychain".to_owned(),
        // As the store decides: the keychain when a Secret Service answers.
        BackendKind::Auto => {
            match secrets_store::keychain::KeychainStore::connect(PREFLIGHT_TIMEOUT).await {
                Ok(keychain) => keychain.describe(),
                Err(_) => file(),
            }
        }
    })
}

/// `error`, with a hint when it is "no secret matches" and the engine
/// serves another store than this command writes (for `run`, whose user
/// sees only that a reference did not resolve).
async fn with_store_hint(client: &Client, error: ClientError) -> Error {
    if !matches!(error, ClientError::NotFound { .. }) {
        return error.into();
    }
    let Ok(plugins) = client.list_plugins().await else {
        return error.into();
    };
    let stores = Stores::compare(&plugins).await;
    if stores.differ {
        Error::OtherStore(error, stores.engine.join("; "), stores.own)
    } else {
        error.into()
    }
}

fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(Error::Output)
}

/// `run [--env-file F]... -- CMD ARGS...`: resolves every environment
/// variable whose value is `se://<ID or pattern>` (the process environment,
/// then each file in order, later ones overriding), each to exactly one
/// secret, before the command starts; then runs it with the values in its
/// environment only (never in a file or its arguments), forwards signals to
/// it and returns its exit status.
pub async fn run(
    env_files: &[PathBuf],
    command: &[OsString],
    on_change: Option<OnChange>,
) -> Result<u8, Error> {
    let Some((program, args)) = command.split_first() else {
        return Err(Error::NoCommand);
    };
    let mut env: BTreeMap<OsString, OsString> = std::env::vars_os().collect();
    for file in env_files {
        let env_file = |e| Error::EnvFile(file.clone(), e);
        for entry in dotenvy::from_path_iter(file).map_err(env_file)? {
            let (key, value) = entry.map_err(env_file)?;
            env.insert(key.into(), value.into());
        }
    }
    let references: Vec<(OsString, String)> = env
        .iter()
        .filter_map(|(key, value)| {
            let reference = value.to_str()?.strip_prefix(REFERENCE_PREFIX)?;
            Some((key.clone(), reference.to_owned()))
        })
        .collect();
    if references.is_empty() {
        return child::run(program, args, env, None).await;
    }
    let client = answering_client().await?;
    let Some(on_change) = on_change else {
        let resolved = with_references(&client, &env, &references).await?;
        return child::run(program, args, resolved, None).await;
    };
    // Watched before the values are resolved, so a change made meanwhile is
    // reported rather than lost.
    let watched = distinct(references.iter().map(|(_, r)| r.clone()));
    let watches = open_watches(&client, &watched).await;
    let resolved = with_references(&client, &env, &references).await?;
    // Each change that gives other values: a new environment for the child.
    let (updates, updated) = tokio::sync::mpsc::channel(1);
    let mut changes = watch_references(&client, watched, watches);
    let mut current = resolved.clone();
    tokio::spawn(async move {
        while changes.recv().await.is_some() {
            match with_references(&client, &env, &references).await {
                Ok(next) if next != current => {
                    current = next.clone();
                    if updates.send(next).await.is_err() {
                        return;
                    }
                }
                Ok(_) => {}
                // The command keeps what it has; the next change tries again.
                Err(error) => {
                    eprintln!("{}: keeping the running command: {error}", crate::program())
                }
            }
        }
    });
    child::run(program, args, resolved, Some((updated, on_change))).await
}

/// `env` with each variable of `references` (key, `se://` reference) set to
/// the value of the one secret the reference matches.
async fn with_references(
    client: &Client,
    env: &BTreeMap<OsString, OsString>,
    references: &[(OsString, String)],
) -> Result<BTreeMap<OsString, OsString>, Error> {
    let mut env = env.clone();
    for (key, reference) in references {
        let resolving = |e| Error::Resolving(key.to_string_lossy().into(), Box::new(e));
        let secret = resolve_reference(client, reference)
            .await
            .map_err(resolving)?;
        let bytes = secret.value.expose();
        if bytes.contains(&0) {
            return Err(resolving(Error::NulInValue(secret.id.clone())));
        }
        env.insert(
            key.clone(),
            std::os::unix::ffi::OsStringExt::from_vec(bytes.to_vec()),
        );
    }
    Ok(env)
}

/// `references` sorted, each once.
fn distinct(references: impl Iterator<Item = String>) -> Vec<String> {
    let mut references: Vec<String> = references.collect();
    references.sort();
    references.dedup();
    references
}

/// A watch of each of `references` (IDs or patterns), or `None` with a
/// warning when one cannot be opened. The engine takes a watch's first look
/// at the secrets before it answers, so anything that changes after this
/// returns is reported by the watches: values resolved afterwards are never
/// older than what the watches compare with.
async fn open_watches(
    client: &Client,
    references: &[String],
) -> Option<Vec<secrets_engine_client::WatchStream>> {
    let mut watches = Vec::with_capacity(references.len());
    for reference in references {
        match client.watch(reference, false).await {
            Ok(watch) => watches.push(watch),
            Err(error) => {
                eprintln!("{}: cannot watch {reference}: {error}", crate::program());
                return None;
            }
        }
    }
    Some(watches)
}

/// Ticks once after each burst of changes to the secrets `references` (IDs
/// or patterns, from [`distinct`]) match, as the engine reports them,
/// starting with `opened` ([`open_watches`] of the same references, called
/// before their values were resolved). Watches that could not be opened, or
/// that end (the engine restarted), are opened again a second later, with a
/// tick, since anything may have changed meanwhile.
fn watch_references(
    client: &Client,
    references: Vec<String>,
    opened: Option<Vec<secrets_engine_client::WatchStream>>,
) -> tokio::sync::mpsc::Receiver<()> {
    use futures_util::{FutureExt, StreamExt};
    use secrets_engine_client::WatchEventKind;
    let (tick, ticks) = tokio::sync::mpsc::channel(1);
    let client = client.clone();
    tokio::spawn(async move {
        let mut watches = opened;
        loop {
            if let Some(watches) = watches.take() {
                let mut events = futures_util::stream::select_all(watches);
                while let Some(event) = events.next().await {
                    let Ok(event) = event else { break };
                    if matches!(event.kind, WatchEventKind::Current | WatchEventKind::Synced) {
                        continue;
                    }
                    // Let the burst settle, then one tick for all of it.
                    tokio::time::sleep(WATCH_DEBOUNCE).await;
                    while let Some(Some(_)) = events.next().now_or_never() {}
                    if tick.send(()).await.is_err() {
                        return;
                    }
                }
                eprintln!(
                    "{}: the engine ended the watch; watching again",
                    crate::program()
                );
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
            if tick.is_closed() {
                return;
            }
            watches = open_watches(&client, &references).await;
            if watches.is_some() && tick.send(()).await.is_err() {
                return;
            }
        }
    });
    ticks
}

/// `watch PATTERN [--json]`: the engine's events for the secrets `pattern`
/// matches, one line each, never a value, until the watch ends.
pub async fn watch(pattern: &str, json: bool) -> Result<(), Error> {
    use futures_util::StreamExt;
    use secrets_engine_client::WatchEventKind;
    let client = answering_client().await?;
    let mut events = client.watch(pattern, false).await?;
    while let Some(event) = events.next().await {
        let event = event?;
        let kind = match event.kind {
            WatchEventKind::Current => "current",
            WatchEventKind::Synced => "synced",
            WatchEventKind::Created => "created",
            WatchEventKind::Updated => "updated",
            WatchEventKind::Deleted => "deleted",
            WatchEventKind::Expired => "expired",
        };
        let time = |t: Option<SystemTime>| {
            t.map(|t| {
                chrono::DateTime::<chrono::Utc>::from(t)
                    .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
            })
        };
        let id = event.id.as_ref().map(|id| id.as_str().to_owned());
        let line = if json {
            serde_json::json!({
                "kind": kind,
                "id": id,
                "version": event.version,
                "provider": event.provider,
                "observed_at": time(event.observed_at),
                "expires_at": time(event.expires_at),
            })
            .to_string()
        } else {
            let at = time(event.observed_at).unwrap_or_default();
            match id {
                Some(id) => format!("{at} {kind} {id} ({})", event.provider),
                None => format!("{at} {kind}"),
            }
        };
        write_stdout(format!("{line}\n").as_bytes())?;
    }
    Ok(())
}

/// A client of the engine, once the engine has answered a first call. That
/// preflight bounds the wait for an engine that accepts but does not answer;
/// the resolutions after it have no deadline (a plugin may be waiting for a
/// keychain prompt).
async fn answering_client() -> Result<Client, Error> {
    let client = Client::new();
    match client
        .clone()
        .with_timeout(PREFLIGHT_TIMEOUT)
        .version()
        .await
    {
        Ok(_) | Err(ClientError::Unimplemented(_)) => Ok(client),
        Err(e) => Err(e.into()),
    }
}

/// The one secret `reference` (an ID or a pattern) matches.
async fn resolve_reference(client: &Client, reference: &str) -> Result<Secret, Error> {
    let secrets = match client.get_secrets(reference).await {
        Ok(secrets) => secrets,
        Err(e) => return Err(with_store_hint(client, e).await),
    };
    match <[Secret; 1]>::try_from(secrets) {
        Ok([secret]) => Ok(secret),
        Err(secrets) => Err(Error::NotOneForReference(
            secrets.len(),
            reference.to_owned(),
        )),
    }
}

/// `inject [-i TEMPLATE] [-o FILE]`: the template (a file, or stdin) with
/// each `se://<ID or pattern>` replaced by the value of the one secret it
/// matches. A reference runs to the first character that cannot be part of
/// an ID or pattern (letters, digits, `.`, `_`, `:`, `-`, `/`, `*`). Every
/// reference is resolved before anything is written; the output file is
/// written beside its final path with mode 0600 and renamed over it, so it
/// is never seen half-written and is left as it was on any failure.
pub async fn inject(input: Option<&Path>, output: Option<&Path>, watch: bool) -> Result<(), Error> {
    let template = match input {
        Some(path) => std::fs::read(path).map_err(|e| Error::Template(path.to_owned(), e))?,
        None => {
            let mut text = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut text)
                .map_err(|e| Error::Template(PathBuf::from("<stdin>"), e))?;
            text
        }
    };
    let references = references_in(&template);
    let client = match references.is_empty() {
        true => None,
        false => Some(answering_client().await?),
    };
    // Watched before the first render, so a change made meanwhile is
    // reported rather than lost.
    let watched = distinct(references.iter().map(|(_, r)| (*r).to_owned()));
    let watches = match (&client, watch) {
        (Some(client), true) => open_watches(client, &watched).await,
        _ => None,
    };
    let mut rendered = render(client.as_ref(), &template, &references).await?;
    let write = |rendered: &[u8]| match output {
        None => write_stdout(rendered),
        Some(path) => write_atomically(path, rendered),
    };
    write(&rendered)?;
    let (Some(client), true) = (client, watch) else {
        return Ok(());
    };
    let mut changes = watch_references(&client, watched, watches);
    let mut stop = std::pin::pin!(stop_signal()?);
    loop {
        tokio::select! {
            () = &mut stop => return Ok(()),
            change = changes.recv() => {
                if change.is_none() {
                    return Ok(());
                }
                match render(Some(&client), &template, &references).await {
                    Ok(next) if next != rendered => {
                        write(&next)?;
                        rendered = next;
                    }
                    Ok(_) => {}
                    // The file keeps what it has; the next change tries again.
                    Err(error) => eprintln!("{}: {error}; the output was left as it was", crate::program()),
                }
            }
        }
    }
}

/// Resolves when SIGINT or SIGTERM arrives.
fn stop_signal() -> Result<impl Future<Output = ()>, Error> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt()).map_err(Error::WatchSignals)?;
    let mut terminate = signal(SignalKind::terminate()).map_err(Error::WatchSignals)?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// `template` with each of `references` replaced by its secret's value,
/// each resolved once.
async fn render(
    client: Option<&Client>,
    template: &[u8],
    references: &[(usize, &str)],
) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
    let mut rendered = zeroize::Zeroizing::new(Vec::with_capacity(template.len()));
    let Some(client) = client else {
        rendered.extend_from_slice(template);
        return Ok(rendered);
    };
    let mut values: BTreeMap<&str, Secret> = BTreeMap::new();
    let mut copied = 0;
    for &(at, reference) in references {
        if !values.contains_key(reference) {
            let secret = resolve_reference(client, reference).await.map_err(|e| {
                Error::Resolving(format!("{REFERENCE_PREFIX}{reference}"), Box::new(e))
            })?;
            values.insert(reference, secret);
        }
        rendered.extend_from_slice(&template[copied..at]);
        rendered.extend_from_slice(values[reference].value.expose());
        copied = at + REFERENCE_PREFIX.len() + reference.len();
    }
    rendered.extend_from_slice(&template[copied..]);
    Ok(rendered)
}

/// Where each `se://` reference of `template` starts, and the ID or pattern
/// it names (empty references are not references and stay as they are).
fn references_in(template: &[u8]) -> Vec<(usize, &str)> {
    let prefix = REFERENCE_PREFIX.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = template[at..]
        .windows(prefix.len())
        .position(|w| w == prefix)
    {
        let start = at + offset;
        let rest = &template[start + prefix.len()..];
        let length = rest
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b"._:-/*".contains(&b)))
            .unwrap_or(rest.len());
        if length > 0 {
            // ASCII by the check above.
            let reference = std::str::from_utf8(&rest[..length]).unwrap_or_default();
            found.push((start, reference));
        }
        at = start + prefix.len() + length;
    }
    found
}

/// Writes `bytes` to `path` through a 0600 file beside it, renamed over it
/// once complete and synced.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let failed = |e| Error::WriteFile(path.to_owned(), e);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    // tempfile creates it with mode 0600.
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(failed)?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .map_err(failed)?;
    file.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
}

mod child {
    //! The child process, with signals forwarded.
    //!
    //! The child stays in this process's group, so a terminal's Ctrl-C and
    //! Ctrl-\ reach it directly (and an interactive child can still read the
    //! terminal); `run` itself ignores them while the child runs. Signals
    //! sent to `run` alone (SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, and SIGINT and
    //! SIGQUIT when no terminal is attached) are forwarded to the child.
    //! With `--watch`, a new environment restarts it (or signals it).

    use std::collections::BTreeMap;
    use std::ffi::OsString;
    use std::io::IsTerminal;
    use std::os::unix::process::ExitStatusExt;

    use std::time::Duration;

    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;
    use tokio::signal::unix::{SignalKind, signal};
    use tokio::sync::mpsc::Receiver;

    use super::{Error, OnChange};

    /// How long a command stopped for a restart has to exit before SIGKILL.
    const RESTART_GRACE: Duration = Duration::from_secs(10);

    /// What woke the loop.
    enum Woken {
        Exited(std::io::Result<std::process::ExitStatus>),
        Signal(Option<Signal>),
        Update(BTreeMap<OsString, OsString>),
        WatchEnded,
    }

    pub async fn run(
        program: &OsString,
        args: &[OsString],
        env: BTreeMap<OsString, OsString>,
        mut watch: Option<(Receiver<BTreeMap<OsString, OsString>>, OnChange)>,
    ) -> Result<u8, Error> {
        let terminal = std::io::stdin().is_terminal();
        // Listen before the child exists, so no signal is lost in between.
        let mut streams = Vec::new();
        for (kind, sig, forward) in [
            (SignalKind::terminate(), Signal::SIGTERM, true),
            (SignalKind::hangup(), Signal::SIGHUP, true),
            (SignalKind::user_defined1(), Signal::SIGUSR1, true),
            (SignalKind::user_defined2(), Signal::SIGUSR2, true),
            (SignalKind::interrupt(), Signal::SIGINT, !terminal),
            (SignalKind::quit(), Signal::SIGQUIT, !terminal),
        ] {
            let stream = signal(kind).map_err(Error::WatchSignals)?;
            streams.push((stream, forward.then_some(sig)));
        }
        let start = |env: BTreeMap<OsString, OsString>| {
            tokio::process::Command::new(program)
                .args(args)
                .env_clear()
                .envs(env)
                .spawn()
                .map_err(|e| Error::Start(program.to_string_lossy().into(), e))
        };
        let mut child = start(env)?;
        loop {
            let pid = child
                .id()
                .and_then(|p| i32::try_from(p).ok())
                .map(Pid::from_raw);
            let next_signal =
                futures_util::future::select_all(streams.iter_mut().map(|(stream, sig)| {
                    Box::pin(async move { stream.recv().await.map(|_| *sig) })
                }));
            let update = async {
                match &mut watch {
                    Some((updates, _)) => match updates.recv().await {
                        Some(env) => Woken::Update(env),
                        None => Woken::WatchEnded,
                    },
                    None => std::future::pending().await,
                }
            };
            let woken = tokio::select! {
                status = child.wait() => Woken::Exited(status),
                (received, _, _) = next_signal => Woken::Signal(received.flatten()),
                woken = update => woken,
            };
            match woken {
                Woken::Exited(status) => {
                    let status = status.map_err(Error::Wait)?;
                    return Ok(match (status.code(), status.signal()) {
                        (Some(code), _) => u8::try_from(code & 0xff).unwrap_or(1),
                        // Killed by a signal: the shell's convention.
                        (None, Some(signal)) => u8::try_from(128 + signal).unwrap_or(255),
                        (None, None) => 1,
                    });
                }
                Woken::Signal(Some(sig)) => {
                    if let Some(pid) = pid {
                        let _ = kill(pid, sig);
                    }
                }
                Woken::Signal(None) => {}
                Woken::WatchEnded => watch = None,
                Woken::Update(env) => match watch.as_ref().map(|(_, on_change)| *on_change) {
                    Some(OnChange::Signal(sig)) => {
                        if let Some(pid) = pid {
                            let _ = kill(pid, sig);
                        }
                    }
                    _ => {
                        if let Some(pid) = pid {
                            let _ = kill(pid, Signal::SIGTERM);
                        }
                        if tokio::time::timeout(RESTART_GRACE, child.wait())
                            .await
                            .is_err()
                        {
                            let _ = child.kill().await;
                        }
                        eprintln!(
                            "{}: a secret changed; restarting the command",
                            crate::program()
                        );
                        child = start(env)?;
                    }
                },
            }
        }
    }
}
