//! The commands, with Docker's outputs and error texts.

use std::io::{Read, Write};
use std::process::ExitCode;

use secrets_core::{SecretId, SecretValue};
use secrets_store::{Metadata, Store, StoreChoice, StoreError};
use serde::Deserialize;
use zeroize::{Zeroize, Zeroizing};

#[cfg(unix)]
use crate::PluginsCommand;
use crate::{Command, program};

/// What `version` and `--version` print.
pub fn print_version() {
    println!(
        "Version: v{}\nCommit: {}",
        env!("CARGO_PKG_VERSION"),
        option_env!("SECRETS_ENGINE_COMMIT").unwrap_or("unknown")
    );
}

/// What `docker-pass docker-cli-plugin-metadata` prints: the Docker CLI's
/// plugin metadata, in the field order and five-space indent of Docker's
/// plugins.
pub const PLUGIN_METADATA: &str = concat!(
    "{\n",
    "     \"SchemaVersion\": \"0.1.0\",\n",
    "     \"Vendor\": \"secrets-engine-rs\",\n",
    "     \"Version\": \"v",
    env!("CARGO_PKG_VERSION"),
    "\",\n",
    "     \"ShortDescription\": \"Docker Pass Plugin\"\n",
    "}"
);

/// Why a store command failed. Each text is what the user reads after
/// `Error: `, Docker's where Docker has one; none holds a secret's value.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid identifier: {0:?} must match ^[A-Za-z0-9._:-]+(?:/[A-Za-z0-9._:-]+)*$")]
    InvalidId(String),
    // A pattern is a valid request elsewhere: say what to use instead of an
    // ID's syntax.
    #[error(
        "get takes one secret ID, not a pattern ({0:?}): to see the secrets it matches, \
         run `{program} ls` (the store) or `{program} resolve '{0}'` (the engine)",
        program = program()
    )]
    PatternNotId(String),
    #[error("invalid metadata pair (expected key=value): {0}")]
    InvalidMetadata(String),
    #[error("no value typed for {0}: nothing was stored")]
    NothingTyped(String),
    #[error(
        "no value for {0}: stdin was empty, nothing was stored (give the value on stdin, \
         or as `{program} set {0}=VALUE`)",
        program = program()
    )]
    EmptyStdin(String),
    #[error("reading the value from stdin: {0}")]
    ReadStdin(#[source] std::io::Error),
    // The hidden prompt failed: what it was doing, and why.
    #[cfg(unix)]
    #[error("{0}: {1}")]
    Prompt(
        &'static str,
        #[source] Box<dyn std::error::Error + Send + Sync>,
    ),
    #[cfg(not(unix))]
    #[error(
        "cannot hide what is typed on this platform: give the value on stdin \
         (`{program} set ID < file`)",
        program = program()
    )]
    NoHiddenInput,
    // Docker says only "secret not found"; naming the ID keeps that text for
    // scripts that look for it.
    #[error("secret not found: {0}")]
    NotFound(SecretId),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing to stdout: {0}")]
    Stdout(#[source] std::io::Error),
    #[error("either provide a secret name or use --all to remove all secrets")]
    NamesOrAll,
    // One line per secret `rm` could not remove.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    NotRemoved(Vec<StoreError>),
}

fn parse_id(text: &str) -> Result<SecretId, Error> {
    SecretId::parse(text).map_err(|_| Error::InvalidId(text.to_owned()))
}

async fn open_store() -> Result<Store, Error> {
    Ok(Store::open(&StoreChoice::from_env()?).await?)
}

/// Runs `command`; `run` ends with the exit status of the command it runs.
pub async fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Set {
            arg,
            metadata,
            force: _,
        } => set(&arg, &metadata).await?,
        Command::Get { id, show } => get(&id, show).await?,
        Command::Ls { json } => ls(json).await?,
        Command::Rm { ids, all } => rm(&ids, all).await?,
        Command::Version => print_version(),
        #[cfg(unix)]
        Command::Run {
            env_files,
            watch,
            watch_signal,
            command,
        } => {
            let on_change = match (watch, watch_signal) {
                (false, _) => None,
                (true, None) => Some(crate::engine_commands::OnChange::Restart),
                (true, Some(name)) => Some(crate::engine_commands::OnChange::signal(&name)?),
            };
            let code = crate::engine_commands::run(&env_files, &command, on_change).await?;
            return Ok(ExitCode::from(code));
        }
        #[cfg(not(unix))]
        Command::Run { .. } => anyhow::bail!(
            "run resolves through the engine's Unix socket, which this platform does not have yet"
        ),
        #[cfg(unix)]
        Command::Resolve {
            pattern,
            json,
            value,
        } => crate::engine_commands::resolve(&pattern, json, value).await?,
        #[cfg(unix)]
        Command::Plugins { action } => match action {
            None | Some(PluginsCommand::Ls) => crate::engine_commands::plugins().await?,
            Some(PluginsCommand::Enable { name }) => {
                crate::engine_commands::set_plugin_enabled(&name, true).await?
            }
            Some(PluginsCommand::Disable { name }) => {
                crate::engine_commands::set_plugin_enabled(&name, false).await?
            }
        },
        #[cfg(unix)]
        Command::Status => crate::engine_commands::status().await?,
        #[cfg(unix)]
        Command::Inject {
            input,
            output,
            watch,
        } => crate::engine_commands::inject(input.as_deref(), output.as_deref(), watch).await?,
        #[cfg(unix)]
        Command::Watch { pattern, json } => crate::engine_commands::watch(&pattern, json).await?,
        #[cfg(not(unix))]
        Command::Resolve { .. }
        | Command::Plugins { .. }
        | Command::Status
        | Command::Watch { .. }
        | Command::Inject { .. } => anyhow::bail!(
            "this command talks to the engine's Unix socket, which this platform does not have yet"
        ),
        Command::Completion { .. } | Command::ManPages { .. } => {
            unreachable!("handled before the runtime starts")
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The JSON a value on stdin may be.
#[derive(Deserialize)]
struct StdinPayload {
    secret: String,
    #[serde(default)]
    metadata: Metadata,
}

async fn set(arg: &str, metadata_flags: &[String]) -> Result<(), Error> {
    let (id_text, value, mut metadata) = match arg.split_once('=') {
        Some((id, value)) => (id, SecretValue::from(value), Metadata::new()),
        None => {
            // Checked before the value is asked for: a typo in the ID must
            // not cost typing the secret.
            parse_id(arg)?;
            let (value, metadata) = value_from_stdin(arg).await?;
            (arg, value, metadata)
        }
    };
    let id = parse_id(id_text)?;
    for pair in metadata_flags {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| Error::InvalidMetadata(pair.clone()))?;
        metadata.insert(key.to_owned(), value.to_owned());
    }
    Ok(open_store().await?.save(&id, value, metadata).await?)
}

/// The value of `set ID` (no `=`): typed at a prompt without echo when
/// stdin is a terminal, else all of stdin, verbatim or as JSON with
/// metadata. An empty value is refused: an empty stdin is far more often a
/// mistake (a script whose input went missing) than a wanted secret, and
/// `set ID=` still stores one on purpose.
async fn value_from_stdin(id: &str) -> Result<(SecretValue, Metadata), Error> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        let typed = prompt::read_hidden("Secret: ").await?;
        if typed.is_empty() {
            return Err(Error::NothingTyped(id.to_owned()));
        }
        return Ok((SecretValue::new(typed.to_vec()), Metadata::new()));
    }
    let mut input = Zeroizing::new(Vec::new());
    std::io::stdin()
        .read_to_end(&mut input)
        .map_err(Error::ReadStdin)?;
    if input.is_empty() {
        return Err(Error::EmptyStdin(id.to_owned()));
    }
    Ok(match serde_json::from_slice::<StdinPayload>(&input) {
        Ok(mut payload) if !payload.secret.is_empty() => {
            let value = SecretValue::from(payload.secret.as_str());
            payload.secret.zeroize();
            (value, payload.metadata)
        }
        _ => (
            SecretValue::new(std::mem::take(&mut *input)),
            Metadata::new(),
        ),
    })
}

mod prompt {
    //! A line typed at the terminal without echo.

    use zeroize::Zeroizing;

    use super::Error;

    /// Prints `prompt` on stderr and reads one line from the terminal on
    /// stdin with echo off, without its line ending. Echo is restored
    /// whatever happens: Ctrl-C, Ctrl-\\ or SIGTERM while it waits restore
    /// it, then end the command as the signal would (status 128 + signal).
    #[cfg(unix)]
    pub async fn read_hidden(prompt: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
        use std::io::{BufRead, Write};

        use nix::sys::termios::{LocalFlags, SetArg, tcgetattr, tcsetattr};
        use tokio::signal::unix::{SignalKind, signal};

        let saved = tcgetattr(std::io::stdin())
            .map_err(|e| Error::Prompt("reading the terminal's settings", e.into()))?;
        let mut hidden = saved.clone();
        hidden.local_flags.remove(LocalFlags::ECHO);
        // The newline typed is still shown, so what follows starts on a
        // line of its own.
        hidden.local_flags.insert(LocalFlags::ECHONL);
        // Watched before echo goes off, so none is missed in between.
        let mut signals = Vec::new();
        for (kind, number) in [
            (SignalKind::interrupt(), 2),
            (SignalKind::quit(), 3),
            (SignalKind::terminate(), 15),
        ] {
            let stream =
                signal(kind).map_err(|e| Error::Prompt("cannot watch signals", e.into()))?;
            signals.push((stream, number));
        }
        // Echo goes off before the prompt shows: what is typed once it is
        // there is never shown, nor discarded by the switch.
        tcsetattr(std::io::stdin(), SetArg::TCSAFLUSH, &hidden)
            .map_err(|e| Error::Prompt("turning the terminal's echo off", e.into()))?;
        let mut stderr = std::io::stderr();
        let _ = write!(stderr, "{prompt}").and_then(|()| stderr.flush());
        let reading = tokio::task::spawn_blocking(|| {
            let mut line = Zeroizing::new(Vec::new());
            std::io::stdin()
                .lock()
                .read_until(b'\n', &mut line)
                .map(|_| line)
        });
        let signalled =
            futures_util::future::select_all(signals.iter_mut().map(|(stream, number)| {
                Box::pin(async move { stream.recv().await.map(|_| *number) })
            }));
        let read = tokio::select! {
            read = reading => read,
            (number, _, _) = signalled => {
                let _ = tcsetattr(std::io::stdin(), SetArg::TCSANOW, &saved);
                eprintln!();
                std::process::exit(128 + number.unwrap_or(2));
            }
        };
        const READING: &str = "reading the value from the terminal";
        let restored = tcsetattr(std::io::stdin(), SetArg::TCSANOW, &saved);
        let mut line = read
            .map_err(|e| Error::Prompt(READING, e.into()))?
            .map_err(|e| Error::Prompt(READING, e.into()))?;
        restored.map_err(|e| Error::Prompt("turning the terminal's echo back on", e.into()))?;
        if line.last() == Some(&b'\n') {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
        }
        Ok(line)
    }

    /// Elsewhere there is no echo control here yet: refuse rather than show
    /// the secret as it is typed.
    #[cfg(not(unix))]
    pub async fn read_hidden(_prompt: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
        Err(Error::NoHiddenInput)
    }
}

async fn get(id: &str, show: bool) -> Result<(), Error> {
    let id = match parse_id(id) {
        Ok(id) => id,
        Err(_) if id.contains('*') && secrets_core::Pattern::parse(id).is_ok() => {
            return Err(Error::PatternNotId(id.to_owned()));
        }
        Err(e) => return Err(e),
    };
    let not_found = |e: StoreError| match e {
        StoreError::NotFound(id) => Error::NotFound(id),
        e => e.into(),
    };
    let store = open_store().await?;
    let written = if show {
        let secret = store.get(&id).await.map_err(not_found)?;
        let mut out = std::io::stdout().lock();
        write!(out, "ID: {id}\nValue: ")
            .and_then(|()| out.write_all(secret.value.expose()))
            .and_then(|()| writeln!(out))
    } else {
        // A masked answer needs only to know the secret is there and
        // readable; from the keychain its value is not even fetched.
        store.check(&id).await.map_err(not_found)?;
        writeln!(std::io::stdout().lock(), "ID: {id}\nValue: **********")
    };
    written.map_err(Error::Stdout)
}

async fn ls(json: bool) -> Result<(), Error> {
    let listed = open_store().await?.list().await?;
    let mut out = std::io::stdout().lock();
    let written = if json {
        let rows: Vec<serde_json::Value> = listed
            .iter()
            .map(|(id, metadata)| serde_json::json!({"id": id.as_str(), "metadata": metadata}))
            .collect();
        serde_json::to_writer_pretty(&mut out, &rows)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        listed.keys().try_for_each(|id| writeln!(out, "{id}"))
    };
    written.map_err(Error::Stdout)
}

async fn rm(names: &[String], all: bool) -> Result<(), Error> {
    if names.is_empty() != all {
        return Err(Error::NamesOrAll);
    }
    let mut ids = names
        .iter()
        .map(|name| parse_id(name))
        .collect::<Result<Vec<_>, _>>()?;
    let store = open_store().await?;
    if all {
        ids = store.list().await?.into_keys().collect();
    }
    ids.sort();
    ids.dedup();
    let mut failures = Vec::new();
    for id in ids {
        match store.delete(&id).await {
            // Removing what is not there succeeds, as Docker's does.
            Ok(()) | Err(StoreError::NotFound(_)) => println!("RM: {id}"),
            Err(e) => {
                println!("ERR: {id}: {e}");
                failures.push(e);
            }
        }
    }
    failures
        .is_empty()
        .then_some(())
        .ok_or(Error::NotRemoved(failures))
}
