//! The commands, with Docker's outputs and error texts.

use std::io::{Read, Write};

use secrets_core::{SecretId, SecretValue};
use secrets_store::{Metadata, Store, StoreChoice, StoreError};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use crate::Command;

/// What `docker-pass docker-cli-plugin-metadata` prints: the Docker CLI's
/// plugin metadata, indented with five spaces as Docker's plugins do.
pub fn plugin_metadata() -> String {
    // Field order as Docker's plugins print it.
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct PluginMetadata {
        schema_version: &'static str,
        vendor: &'static str,
        version: &'static str,
        short_description: &'static str,
    }
    let metadata = PluginMetadata {
        schema_version: "0.1.0",
        vendor: "secrets-engine-rs",
        version: concat!("v", env!("CARGO_PKG_VERSION")),
        short_description: "Docker Pass Plugin",
    };
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"     ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    metadata
        .serialize(&mut serializer)
        .unwrap_or_else(|_| unreachable!("a struct of strings serializes"));
    String::from_utf8(out).unwrap_or_else(|_| unreachable!("JSON is UTF-8"))
}

/// Docker's text for an invalid ID.
fn parse_id(text: &str) -> Result<SecretId, String> {
    SecretId::parse(text).map_err(|_| {
        format!("invalid identifier: {text:?} must match ^[A-Za-z0-9._:-]+(?:/[A-Za-z0-9._:-]+)*$")
    })
}

async fn open_store() -> Result<Store, String> {
    let choice = StoreChoice::from_env().map_err(|e| e.to_string())?;
    Store::open(&choice).await.map_err(|e| e.to_string())
}

pub async fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Set {
            arg,
            metadata,
            force: _,
        } => set(&arg, &metadata).await,
        Command::Get { id, show } => get(&id, show).await,
        Command::Ls { json } => ls(json).await,
        Command::Rm { ids, all } => rm(&ids, all).await,
        Command::Version => {
            println!(
                "Version: v{}\nCommit: {}",
                env!("CARGO_PKG_VERSION"),
                option_env!("SECRETS_ENGINE_COMMIT").unwrap_or("unknown")
            );
            Ok(())
        }
        #[cfg(unix)]
        Command::Resolve {
            pattern,
            json,
            value,
        } => crate::engine_commands::resolve(&pattern, json, value).await,
        #[cfg(unix)]
        Command::Plugins => crate::engine_commands::plugins().await,
        #[cfg(unix)]
        Command::Status => crate::engine_commands::status().await,
        #[cfg(not(unix))]
        Command::Resolve { .. } | Command::Plugins | Command::Status => Err(
            "this command talks to the engine's Unix socket, which this platform does not have yet"
                .to_owned(),
        ),
        Command::Completion { .. } | Command::Run { .. } => {
            unreachable!("handled before the runtime starts")
        }
    }
}

/// The JSON a value on stdin may be.
#[derive(Deserialize)]
struct StdinPayload {
    secret: String,
    #[serde(default)]
    metadata: Metadata,
}

async fn set(arg: &str, metadata_flags: &[String]) -> Result<(), String> {
    let (id_text, value, mut metadata) = match arg.split_once('=') {
        Some((id, value)) => (id, SecretValue::from(value), Metadata::new()),
        None => {
            let mut input = Zeroizing::new(Vec::new());
            std::io::stdin()
                .read_to_end(&mut input)
                .map_err(|e| format!("reading the value from stdin: {e}"))?;
            match serde_json::from_slice::<StdinPayload>(&input) {
                Ok(mut payload) if !payload.secret.is_empty() => {
                    let value = SecretValue::from(payload.secret.as_str());
                    payload.secret.zeroize();
                    (arg, value, payload.metadata)
                }
                _ => (
                    arg,
                    SecretValue::new(std::mem::take(&mut *input)),
                    Metadata::new(),
                ),
            }
        }
    };
    let id = parse_id(id_text)?;
    for pair in metadata_flags {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("invalid metadata pair (expected key=value): {pair}"))?;
        metadata.insert(key.to_owned(), value.to_owned());
    }
    let store = open_store().await?;
    store
        .save(&id, value, metadata)
        .await
        .map_err(|e| e.to_string())
}

async fn get(id: &str, show: bool) -> Result<(), String> {
    let id = parse_id(id)?;
    let store = open_store().await?;
    let written = if show {
        let secret = store.get(&id).await.map_err(|e| e.to_string())?;
        let mut out = std::io::stdout().lock();
        write!(out, "ID: {id}\nValue: ")
            .and_then(|()| out.write_all(secret.value.expose()))
            .and_then(|()| writeln!(out))
    } else {
        // A masked answer needs only to know the secret is there and
        // readable; from the keychain its value is not even fetched.
        store.check(&id).await.map_err(|e| e.to_string())?;
        writeln!(std::io::stdout().lock(), "ID: {id}\nValue: **********")
    };
    written.map_err(|e| format!("writing to stdout: {e}"))
}

#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    metadata: &'a Metadata,
}

async fn ls(json: bool) -> Result<(), String> {
    let store = open_store().await?;
    let listed = store.list().await.map_err(|e| e.to_string())?;
    let mut out = std::io::stdout().lock();
    let written = if json {
        let rows: Vec<Listed> = listed
            .iter()
            .map(|(id, metadata)| Listed {
                id: id.as_str(),
                metadata,
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &rows)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        listed.keys().try_for_each(|id| writeln!(out, "{id}"))
    };
    written.map_err(|e| format!("writing to stdout: {e}"))
}

async fn rm(names: &[String], all: bool) -> Result<(), String> {
    if names.is_empty() != all {
        return Err("either provide a secret name or use --all to remove all secrets".into());
    }
    let mut ids = names
        .iter()
        .map(|name| parse_id(name))
        .collect::<Result<Vec<_>, _>>()?;
    let store = open_store().await?;
    if all {
        ids = store
            .list()
            .await
            .map_err(|e| e.to_string())?
            .into_keys()
            .collect();
    }
    ids.sort();
    ids.dedup();
    let mut failures: Vec<StoreError> = Vec::new();
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
    match failures.len() {
        0 => Ok(()),
        _ => Err(failures
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")),
    }
}
