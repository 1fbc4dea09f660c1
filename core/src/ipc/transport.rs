//! HTTP over a yamux session: a tower service that sends each request on a
//! new stream, as the Go side expects (one request per stream). Generated
//! Connect clients use it to call the other end of a plugin connection.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::header::HOST;
use http::{HeaderValue, Request, Response};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;

use crate::ipc::session::Session;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Sends HTTP/1.1 requests to the peer of a session.
#[derive(Debug, Clone)]
pub struct SessionTransport {
    session: Session,
}

impl SessionTransport {
    /// Requests go to the peer of `session`.
    pub fn new(session: Session) -> Self {
        SessionTransport { session }
    }
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
        Box::pin(async move {
            let stream = session.open().await?;
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
            tokio::spawn(connection);
            // Go's servers require a Host; Go's own clients send `unix`.
            request
                .headers_mut()
                .entry(HOST)
                .or_insert(HeaderValue::from_static("unix"));
            Ok(sender.send_request(request).await?)
        })
    }
}
