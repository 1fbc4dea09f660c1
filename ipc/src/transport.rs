//! HTTP over a yamux session: a tower service that sends requests to the
//! peer on yamux streams, each stream carrying one HTTP/1.1 connection.
//! Generated Connect clients use it to call the other end of a plugin
//! connection.
//!
//! A stream is reused for later requests while the peer keeps its HTTP/1.1
//! connection open (our SDK does; Go's `net/http` server does unless the
//! request says `Connection: close`). The Go engine opens a new stream and
//! HTTP exchange per call, which is most of why its launched plugins are
//! several times slower than builtins. A peer that answers `Connection: close`
//! simply gets a new stream each time.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use http::header::{CONNECTION, HOST};
use http::{HeaderValue, Request, Response, Uri};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;

use crate::session::Session;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// At most this many idle streams are kept per session; more concurrent calls
/// than that still work, their streams are just closed afterwards.
const MAX_IDLE_STREAMS: usize = 64;

/// Sends HTTP/1.1 requests to the peer of a session.
#[derive(Debug, Clone)]
pub struct SessionTransport {
    session: Session,
    /// `None`: one stream per request, closed after the answer.
    idle: Option<Arc<IdleStreams>>,
}

/// HTTP/1.1 connections on open streams, ready for another request.
#[derive(Debug, Default)]
struct IdleStreams {
    senders: Mutex<Vec<SendRequest<Full<Bytes>>>>,
}

impl IdleStreams {
    /// An idle connection that still looks usable, if any.
    fn take(&self) -> Option<SendRequest<Full<Bytes>>> {
        let mut senders = self.senders.lock().unwrap_or_else(|p| p.into_inner());
        while let Some(sender) = senders.pop() {
            if sender.is_ready() {
                return Some(sender);
            }
        }
        None
    }

    fn clear(&self) {
        self.senders
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    fn put(&self, sender: SendRequest<Full<Bytes>>) {
        let mut senders = self.senders.lock().unwrap_or_else(|p| p.into_inner());
        if senders.len() < MAX_IDLE_STREAMS {
            senders.push(sender);
        }
    }
}

impl SessionTransport {
    /// Requests go to the peer of `session`, reusing streams. Once the peer
    /// sends GoAway its idle streams are closed: a Go peer going away waits
    /// for its open streams before it hangs up.
    pub fn new(session: Session) -> Self {
        let idle: Arc<IdleStreams> = Arc::default();
        // Like the streams themselves, this needs the session's runtime.
        let (watched, cleared) = (session.clone(), idle.clone());
        tokio::spawn(async move {
            tokio::select! {
                () = watched.gone_away().wait() => cleared.clear(),
                () = watched.closed() => {}
            }
        });
        SessionTransport {
            session,
            idle: Some(idle),
        }
    }

    /// Requests go to the peer of `session`, each on a stream of its own
    /// that both sides close after the answer (`Connection: close`), as the
    /// Go side does for every call. For calls after which the peer waits for
    /// its streams to close, such as `Shutdown`.
    pub fn single_use(session: Session) -> Self {
        SessionTransport {
            session,
            idle: None,
        }
    }

    /// Closes the idle streams, so that a peer about to go away (the Go SDK
    /// waits for its open streams to close) is not kept waiting for them.
    pub fn close_idle(&self) {
        if let Some(idle) = &self.idle {
            idle.clear();
        }
    }
}

/// Opens a stream and starts an HTTP/1.1 client connection on it.
async fn connect(session: &Session) -> Result<SendRequest<Full<Bytes>>, BoxError> {
    let stream = session.open().await?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    Ok(sender)
}

impl tower::Service<Request<Full<Bytes>>> for SessionTransport {
    type Response = Response<Incoming>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Incoming>, BoxError>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: Request<Full<Bytes>>) -> Self::Future {
        let session = self.session.clone();
        let idle = self.idle.clone();
        Box::pin(async move {
            // Go's servers require a Host; Go's own clients send `unix`.
            request
                .headers_mut()
                .entry(HOST)
                .or_insert(HeaderValue::from_static("unix"));
            // The request line carries only the path, as Go's client writes
            // it (hyper would send an absolute URI as it is given).
            if let Some(target) = request.uri().path_and_query().cloned() {
                *request.uri_mut() = Uri::from(target);
            }
            let Some(idle) = idle else {
                request
                    .headers_mut()
                    .insert(CONNECTION, HeaderValue::from_static("close"));
                let mut sender = connect(&session).await?;
                return Ok(sender.send_request(request).await?);
            };
            // An idle stream may have been closed by the peer since it was
            // put back; the request then comes back unsent and goes out on a
            // fresh stream instead.
            while let Some(mut sender) = idle.take() {
                match sender.try_send_request(request).await {
                    Ok(response) => {
                        recycle(sender, idle, session);
                        return Ok(response);
                    }
                    Err(mut error) => match error.take_message() {
                        Some(unsent) => request = unsent,
                        None => return Err(error.into_error().into()),
                    },
                }
            }
            let mut sender = connect(&session).await?;
            let response = sender.send_request(request).await?;
            recycle(sender, idle, session);
            Ok(response)
        })
    }
}

/// Puts `sender` back in the pool once the response has been read, if the
/// peer kept the connection open.
fn recycle(mut sender: SendRequest<Full<Bytes>>, idle: Arc<IdleStreams>, session: Session) {
    tokio::spawn(async move {
        if sender.ready().await.is_ok() && !session.gone_away().get() {
            idle.put(sender);
        }
    });
}
