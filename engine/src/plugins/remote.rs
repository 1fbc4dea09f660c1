//! A plugin in another process, as the resolver sees it: an implementation
//! of the generated `ResolverService` trait that calls the plugin's
//! `GetSecrets` over Connect inside a yamux stream.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use connect_runtime::ConnectClient;
use http::header::HOST;
use http::{HeaderValue, Request, Response};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use secrets_core::ipc::session::Session;
use secrets_engine_api::resolver::v1::plugin_service_connect::PluginServiceConnectClient;
use secrets_engine_api::resolver::v1::resolver_service_connect::ResolverServiceConnectClient;
use secrets_engine_api::resolver::v1::resolver_service_server::ResolverService;
use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse, ShutdownRequest};
use tonic::Status;

/// An HTTP transport over a yamux session: each request on a new stream, as
/// the Go side expects (one request per stream).
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

type BoxError = Box<dyn std::error::Error + Send + Sync>;

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

/// The resolver of a plugin in another process.
#[derive(Debug, Clone)]
pub struct RemotePlugin {
    resolver: ResolverServiceConnectClient<SessionTransport>,
    plugin: PluginServiceConnectClient<SessionTransport>,
}

impl RemotePlugin {
    /// Calls the plugin on the other end of `session`.
    pub fn new(session: Session) -> Self {
        let transport = SessionTransport::new(session);
        RemotePlugin {
            resolver: ResolverServiceConnectClient::new(ConnectClient::new(transport.clone())),
            plugin: PluginServiceConnectClient::new(ConnectClient::new(transport)),
        }
    }

    /// Asks the plugin to shut down (`PluginService.Shutdown`).
    pub async fn shutdown(&self) -> Result<(), Status> {
        self.plugin.shutdown(ShutdownRequest {}).await.map(|_| ())
    }
}

#[tonic::async_trait]
impl ResolverService for RemotePlugin {
    async fn get_secrets(
        &self,
        request: tonic::Request<GetSecretsRequest>,
    ) -> Result<tonic::Response<GetSecretsResponse>, Status> {
        self.resolver
            .get_secrets(request.into_inner())
            .await
            .map(tonic::Response::new)
    }
}
