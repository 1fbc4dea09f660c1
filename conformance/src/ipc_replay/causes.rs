//! The causes of the engine's own calls: where the recorded engine opened a
//! stream, the replay makes the same thing happen against this engine (a
//! client asking it for a secret, or stopping it), then checks that the
//! client calls it made got the answer the recorded plugin gave.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use prost::Message;
use secrets_engine_api::resolver::v1::GetSecretsRequest;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::task::JoinHandle;

use crate::http1::{HttpRequest, HttpResponse, parse_responses};
use crate::ipc_replay::difference::Difference;
use crate::ipc_replay::recording::{Connection, Recording, StreamData};

/// What the replay does when the recorded engine opened a stream: the cause
/// of that call, recreated against this engine.
pub struct Triggers {
    /// The engine's client socket: a recorded `GetSecrets` call is caused by
    /// a client asking the engine for the same pattern.
    pub socket: PathBuf,
    /// A recorded `Shutdown` call is caused by stopping the engine; `None`
    /// when this replay cannot stop it (the call then counts as missing).
    pub stop_engine: Option<Box<dyn FnOnce() + Send>>,
}

impl std::fmt::Debug for Triggers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Triggers")
            .field("socket", &self.socket)
            .field("stop_engine", &self.stop_engine.is_some())
            .finish()
    }
}

/// The client calls the replay made to cause the engine's calls, each with
/// the stream of the call it caused.
#[derive(Default)]
pub(super) struct CausedCalls(Vec<(u32, JoinHandle<Result<HttpResponse, ClientCallError>>)>);

impl CausedCalls {
    /// Makes the cause of a recorded engine call (`engine_bytes`, the request
    /// the Go engine sent on `stream`) happen against this engine.
    pub(super) fn cause(
        &mut self,
        engine_bytes: &[u8],
        stream: u32,
        triggers: &mut Triggers,
    ) -> Result<(), Difference> {
        match HttpRequest::parse(engine_bytes) {
            Some(call) if call.path.ends_with("/GetSecrets") => {
                let pattern = GetSecretsRequest::decode(&call.body[..])
                    .ok()
                    .and_then(|r| r.pattern)
                    .unwrap_or_default();
                let client = client_get_secrets(triggers.socket.clone(), pattern);
                self.0.push((stream, tokio::spawn(client)));
                Ok(())
            }
            Some(call) if call.path.ends_with("/Shutdown") => match triggers.stop_engine.take() {
                Some(stop) => {
                    stop();
                    Ok(())
                }
                None => Err(Difference::CannotStopEngine),
            },
            other => Err(Difference::NoKnownCause {
                path: other.map(|c| c.path),
            }),
        }
    }

    /// The differences between each client call's answer and the recorded
    /// plugin's (found or not found) on the stream it caused.
    pub(super) async fn check(
        self,
        recording: &Recording,
        conn: &Connection,
        recorded: &BTreeMap<u32, StreamData>,
    ) -> Vec<String> {
        let mut differences = Vec::new();
        for (stream, client) in self.0 {
            let Some(StreamData {
                plugin: plugin_bytes,
                ..
            }) = recorded.get(&stream)
            else {
                continue;
            };
            let plugin_status = parse_responses(plugin_bytes, true)
                .first()
                .map(|r| r.status);
            match client.await {
                Ok(Ok(answer)) if Some(answer.status) == plugin_status => {}
                Ok(Ok(answer)) => differences.push(format!(
                    "{} conn{}: the client call behind stream {stream} got {} (body {:?}), \
                     the plugin answered {plugin_status:?}",
                    recording.name,
                    conn.number,
                    answer.status,
                    String::from_utf8_lossy(&answer.body)
                )),
                Ok(Err(error)) => differences.push(format!(
                    "{} conn{}: the client call behind stream {stream}: {error}",
                    recording.name, conn.number
                )),
                Err(error) => differences.push(format!("client task: {error}")),
            }
        }
        differences
    }
}

/// Why a client call made as a cause got no answer.
#[derive(Debug, thiserror::Error)]
pub(super) enum ClientCallError {
    /// Nothing answered on the engine socket.
    #[error("client: connect {}: {source}", .socket.display())]
    Connect {
        socket: PathBuf,
        source: std::io::Error,
    },
    /// The connection failed while writing or reading.
    #[error("client: {0}")]
    Io(#[source] std::io::Error),
    /// The engine did not answer in time.
    #[error("client: no answer within 10 s")]
    TimedOut,
    /// What the engine sent holds no HTTP response.
    #[error("client: no response in {answer:?}")]
    NoResponse { answer: Vec<u8> },
}

/// A client call on the engine socket, as a recorded `GetSecrets` call's
/// cause.
async fn client_get_secrets(
    socket: PathBuf,
    pattern: String,
) -> Result<HttpResponse, ClientCallError> {
    let body = serde_json::json!({ "pattern": pattern }).to_string();
    let request = format!(
        "POST /resolver.v1.ResolverService/GetSecrets HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = tokio::net::UnixStream::connect(&socket)
        .await
        .map_err(|source| ClientCallError::Connect {
            socket: socket.clone(),
            source,
        })?;
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(ClientCallError::Io)?;
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer))
        .await
        .map_err(|_| ClientCallError::TimedOut)?
        .map_err(ClientCallError::Io)?;
    parse_responses(&answer, true)
        .into_iter()
        .next()
        .ok_or(ClientCallError::NoResponse { answer })
}
