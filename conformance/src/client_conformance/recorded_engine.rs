//! The recorded engine: a server on a fresh socket that logs every request
//! a client sends and answers with what the Go engine sent in the
//! scenario's recording for the codec the client speaks.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{UnixListener, UnixStream};
use tokio::task::JoinSet;

use crate::client_conformance::client::ClientUnderTest;
use crate::client_conformance::codec::Codec;
use crate::client_conformance::h2_answer::reframed;
use crate::client_conformance::recording::{
    Recording, RecordingError, UNKNOWN_METHOD, UNSUPPORTED_MEDIA_TYPE, load_recording,
};
use crate::client_conformance::rewind::Rewind;
use crate::client_conformance::run::RunError;
use crate::client_conformance::scenarios::Scenario;
use crate::client_conformance::surfaced::Surfaced;
use crate::http1::{HttpRequest, HttpResponse, find};

/// One request the recorded engine received, and what it answered.
#[derive(Debug, Clone)]
pub struct Served {
    /// The request as sent (over HTTP/2, `:authority` as `host`).
    pub request: HttpRequest,
    /// `HTTP/1.1`, or `HTTP/2` (prior knowledge).
    pub protocol: &'static str,
    /// The codec of its content type, if the engine speaks it.
    pub codec: Option<Codec>,
    /// The recording played (its name), or why none was (shared: the log
    /// is cloned into reports).
    pub answer: Result<String, Arc<RecordingError>>,
}

#[derive(Default)]
struct EngineState {
    served: Vec<Served>,
}

/// The recorded engine of one scenario, and the requests it served.
struct RecordedEngine {
    scenario: Scenario,
    unknown_method: Recording,
    unsupported: Recording,
    state: Mutex<EngineState>,
}

impl RecordedEngine {
    /// The answer to `request`, recorded in the log.
    fn answer(
        &self,
        request: HttpRequest,
        protocol: &'static str,
    ) -> Result<Recording, Arc<RecordingError>> {
        let codec = request.header("content-type").and_then(Codec::of);
        let answer = if request.path != self.scenario.path() {
            Ok(self.unknown_method.clone())
        } else {
            match codec {
                // As the Go engine answers any type it does not speak.
                None => Ok(self.unsupported.clone()),
                Some(codec) => match self.scenario.answer_for(codec) {
                    Some(source) => source.load(),
                    None => Err(RecordingError::NoAnswerForCodec {
                        scenario: self.scenario.name,
                        codec,
                    }),
                },
            }
        }
        .map_err(Arc::new);
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.served.push(Served {
            request,
            protocol,
            codec,
            answer: answer
                .as_ref()
                .map(|r| r.name.clone())
                .map_err(Clone::clone),
        });
        answer
    }

    /// Serves HTTP/2 with prior knowledge (gRPC clients): each answer is
    /// the recording re-framed (status, headers without the HTTP/1.1
    /// connection ones, body, trailers as HTTP/2 trailers).
    async fn serve_h2c(self: Arc<Self>, stream: Rewind) {
        let service = hyper::service::service_fn(move |request: http::Request<Incoming>| {
            let engine = self.clone();
            async move {
                let (parts, body) = request.into_parts();
                let body = body
                    .collect()
                    .await
                    .map(|c| c.to_bytes().to_vec())
                    .unwrap_or_default();
                let mut headers: Vec<(String, String)> = parts
                    .uri
                    .authority()
                    .map(|a| ("host".to_owned(), a.to_string()))
                    .into_iter()
                    .collect();
                headers.extend(parts.headers.iter().map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                }));
                let request = HttpRequest {
                    method: parts.method.to_string(),
                    path: parts
                        .uri
                        .path_and_query()
                        .map_or("/", |p| p.as_str())
                        .to_owned(),
                    headers,
                    body,
                };
                let answer = engine.answer(request, "HTTP/2");
                Ok::<_, std::convert::Infallible>(match answer {
                    Ok(recording) => reframed(&recording.response),
                    // Not recorded: the scenario is skipped for this client.
                    Err(_) => reframed(&HttpResponse {
                        status: 501,
                        ..HttpResponse::default()
                    }),
                })
            }
        });
        let _ = hyper::server::conn::http2::Builder::new(TokioExecutor::new())
            .serve_connection(TokioIo::new(stream), service)
            .await;
    }

    async fn serve_connection(self: Arc<Self>, mut stream: UnixStream) {
        let mut buffer = Vec::new();
        let mut continued = false;
        let mut chunk = [0u8; 16 * 1024];
        loop {
            if buffer.starts_with(b"PRI * HTTP/2.0") {
                self.serve_h2c(Rewind::new(buffer, stream)).await;
                return;
            }
            if let Some(request) = HttpRequest::parse(&buffer) {
                buffer.clear();
                continued = false;
                let Ok(recording) = self.answer(request, "HTTP/1.1") else {
                    // Not recorded for this codec: hang up, the scenario is
                    // skipped for this client.
                    return;
                };
                if stream.write_all(&recording.bytes).await.is_err() || recording.close {
                    return;
                }
                continue;
            }
            // A client waiting for `100 Continue` before its body.
            if !continued
                && let Some(end) = find(&buffer, b"\r\n\r\n")
                && String::from_utf8_lossy(&buffer[..end])
                    .to_ascii_lowercase()
                    .contains("\r\nexpect: 100-continue")
            {
                continued = true;
                if stream
                    .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                    .await
                    .is_err()
                {
                    return;
                }
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
    }
}

/// Plays the recorded engine of `scenario` on `socket` while `client` makes
/// its call; the requests it served and what the client surfaced.
pub(super) async fn play(
    scenario: &Scenario,
    client: &dyn ClientUnderTest,
    socket: &Path,
    timeout: Duration,
) -> Result<(Vec<Served>, Surfaced), RunError> {
    let engine = Arc::new(RecordedEngine {
        scenario: *scenario,
        unknown_method: load_recording(UNKNOWN_METHOD)?,
        unsupported: load_recording(UNSUPPORTED_MEDIA_TYPE)?,
        state: Mutex::default(),
    });
    let listener = UnixListener::bind(socket).map_err(|source| RunError::Bind {
        socket: socket.to_owned(),
        source,
    })?;
    let accepting = engine.clone();
    let server = tokio::spawn(async move {
        // Dropped (and its connections aborted) when the server is aborted.
        let mut connections = JoinSet::new();
        while let Ok((stream, _)) = listener.accept().await {
            let engine = accepting.clone();
            connections.spawn(engine.serve_connection(stream));
        }
    });
    let call = scenario.call();
    let surfaced = tokio::time::timeout(timeout, client.call(socket, &call))
        .await
        .unwrap_or(Surfaced::TimedOut(timeout));
    server.abort();
    let _ = server.await;
    let state = std::mem::take(&mut *engine.state.lock().unwrap_or_else(|p| p.into_inner()));
    Ok((state.served, surfaced))
}
