//! A yamux session over a plugin connection.
//!
//! The engine is always the yamux server and the plugin the client, for
//! socketpairs and hijacked connections alike. Each side opens streams to
//! call the other (HTTP/1.1 Connect inside each stream) and accepts the
//! streams the other opens. rust-yamux drives a connection from one task and
//! hands out streams through polling; [`start`] spawns that task and gives
//! back a cloneable [`Session`] to open streams and an [`Incoming`] queue of
//! the peer's streams ([`Started`]). Streams are tokio `AsyncRead +
//! AsyncWrite`, ready for hyper (wrap them in `hyper_util::rt::TokioIo`).

use std::collections::VecDeque;
use std::future::poll_fn;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite};

use crate::corked::{Cork, Corked};
use crate::peer_go_away::{GoneAway, PeerGoAway};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio_util::compat::TokioAsyncReadCompatExt;

pub use crate::stream::SessionStream;

/// Which end of the connection this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The engine: yamux server (opens even stream IDs).
    Engine,
    /// The plugin: yamux client (opens odd stream IDs).
    Plugin,
}

/// Why a stream could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The session has ended (the peer went away, or it was closed).
    #[error("session closed")]
    Closed,
    /// The peer sent GoAway: it takes no new streams (open ones go on).
    #[error("the peer is going away")]
    GoneAway,
}

/// Why a session's connection failed: a protocol or I/O error on it. Its
/// own type so that the yamux crate stays out of this crate's API.
#[derive(Debug, thiserror::Error)]
#[error("yamux session: {0}")]
pub struct ConnectionError(#[source] yamux::ConnectionError);

impl ConnectionError {
    /// The I/O error underneath, or one that carries this error's text.
    pub fn into_io(self) -> std::io::Error {
        match self.0 {
            yamux::ConnectionError::Io(error) => error,
            other => std::io::Error::other(other.to_string()),
        }
    }
}

enum Command {
    Open(oneshot::Sender<Result<SessionStream, SessionError>>),
    Close,
}

/// Opens streams to the peer; clones share the session.
#[derive(Debug, Clone)]
pub struct Session {
    commands: mpsc::UnboundedSender<Command>,
    gone_away: GoneAway,
}

/// The streams the peer opens, in order.
#[derive(Debug)]
pub struct Incoming {
    streams: mpsc::UnboundedReceiver<SessionStream>,
}

impl Incoming {
    /// The next stream the peer opened; `None` once the session has ended.
    pub async fn accept(&mut self) -> Option<SessionStream> {
        self.streams.recv().await
    }

    /// Serves HTTP/1.1 with `service` (an axum router, say) on every stream
    /// the peer opens, each on its own task, until the session ends. This is
    /// how either side answers the other's calls.
    pub async fn serve_http1<S, B>(mut self, service: S)
    where
        S: tower::Service<http::Request<hyper::body::Incoming>, Response = http::Response<B>>
            + Clone
            + Send
            + 'static,
        S::Future: Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        B: hyper::body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        while let Some(stream) = self.accept().await {
            let service = hyper_util::service::TowerToHyperService::new(service.clone());
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    }
}

impl Session {
    /// Opens a new stream to the peer.
    pub async fn open(&self) -> Result<SessionStream, SessionError> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Open(reply))
            .map_err(|_| SessionError::Closed)?;
        answer.await.map_err(|_| SessionError::Closed)?
    }

    /// Closes the session: yamux sends GoAway and the connection ends. Open
    /// streams end with it, so finish calls first.
    pub fn close(&self) {
        let _ = self.commands.send(Command::Close);
    }

    /// Completes when the session has ended.
    pub async fn closed(&self) {
        self.commands.closed().await;
    }

    /// Whether, and when, the peer sent GoAway (it takes no new streams).
    pub(crate) fn gone_away(&self) -> &GoneAway {
        &self.gone_away
    }
}

/// The yamux settings of the Go side (hashicorp/yamux defaults): 256 KiB
/// stream windows are rust-yamux's default; 256 streams is Go's accept
/// backlog.
fn config() -> yamux::Config {
    let mut config = yamux::Config::default();
    config.set_max_num_streams(256);
    config
}

/// A started session: the handle that opens streams, the peer's streams,
/// and the task driving the connection.
#[derive(Debug)]
pub struct Started {
    /// Opens streams to the peer.
    pub session: Session,
    /// The streams the peer opens.
    pub incoming: Incoming,
    /// Ends when the connection does: `Ok` when the peer closed it cleanly
    /// or [`Session::close`] was called, `Err` on a protocol or I/O error.
    pub driver: JoinHandle<Result<(), ConnectionError>>,
}

/// Starts a session over `io`, its driver on a task of its own.
pub fn start<T>(io: T, role: Role) -> Started
where
    T: AsyncRead + AsyncWrite + Send + Unpin + 'static,
{
    let mode = match role {
        Role::Engine => yamux::Mode::Server,
        Role::Plugin => yamux::Mode::Client,
    };
    // rust-yamux reads a frame's header and body with two reads, and writes
    // them with two writes, flushing after each frame. Reads come through
    // `PeerGoAway`, which serves them from one read of the socket (and gives
    // the peer's GoAway the Go meaning: no new streams, open ones finish).
    // Writes go through a corked buffer: the frames of one wake-up of the
    // driver leave in one write (BENCHMARKS.md, "buffered yamux socket").
    let gone_away = GoneAway::default();
    let cork = Cork::default();
    let io = Corked::new(PeerGoAway::new(io, gone_away.clone()), cork.clone());
    let (commands, command_rx) = mpsc::unbounded_channel::<Command>();
    let (streams, incoming) = mpsc::unbounded_channel();
    let driver = Driver {
        connection: yamux::Connection::new(io.compat(), config(), mode),
        commands: command_rx,
        streams,
        waiting: VecDeque::new(),
        closing: false,
        handles_gone: false,
        cork,
        gone_away: gone_away.clone(),
    };
    Started {
        session: Session {
            commands,
            gone_away,
        },
        incoming: Incoming { streams: incoming },
        driver: tokio::spawn(driver.run()),
    }
}

/// Drives one yamux connection: rust-yamux makes progress only when its
/// connection is polled, so one task owns it, opens the streams the
/// [`Session`] handles ask for, hands the peer's streams to [`Incoming`],
/// and lets the frames of each wake-up out in one write.
struct Driver<T> {
    connection: yamux::Connection<T>,
    commands: mpsc::UnboundedReceiver<Command>,
    streams: mpsc::UnboundedSender<SessionStream>,
    /// Open requests waiting for yamux to take a new stream.
    waiting: VecDeque<oneshot::Sender<Result<SessionStream, SessionError>>>,
    /// [`Session::close`] was called: the connection is closing.
    closing: bool,
    /// Every [`Session`] handle is gone: nobody can open streams any more,
    /// but the peer's streams are still served.
    handles_gone: bool,
    cork: Cork,
    gone_away: GoneAway,
}

impl<T> Driver<T>
where
    T: futures_util::AsyncRead + futures_util::AsyncWrite + Unpin,
{
    async fn run(mut self) -> Result<(), ConnectionError> {
        let result = poll_fn(|cx| self.poll(cx)).await;
        for reply in self.waiting {
            let _ = reply.send(Err(SessionError::Closed));
        }
        // The peer hanging up is how sessions end (the Go side treats EOF
        // and EPIPE the same way), not an error.
        let result = match result {
            Err(yamux::ConnectionError::Closed) => Ok(()),
            Err(yamux::ConnectionError::Io(error))
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::BrokenPipe
                        | std::io::ErrorKind::ConnectionReset
                        | std::io::ErrorKind::UnexpectedEof
                ) =>
            {
                Ok(())
            }
            other => other.map_err(ConnectionError),
        };
        if let Err(error) = &result {
            tracing::debug!(%error, "yamux session ended with an error");
        }
        result
    }

    /// One wake-up: take the handles' commands, open the streams asked for,
    /// accept the peer's, and release the cork once nothing more is ready.
    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), yamux::ConnectionError>> {
        self.cork.hold();
        let mut released = false;
        loop {
            if self.closing {
                return self.connection.poll_close(cx);
            }
            self.take_commands(cx);
            if self.closing {
                continue;
            }
            if self.gone_away.get() {
                for reply in self.waiting.drain(..) {
                    let _ = reply.send(Err(SessionError::GoneAway));
                }
            }
            while !self.waiting.is_empty() {
                match self.connection.poll_new_outbound(cx) {
                    Poll::Ready(Ok(stream)) => {
                        if let Some(reply) = self.waiting.pop_front() {
                            let _ = reply.send(Ok(SessionStream::new(stream)));
                        }
                    }
                    Poll::Ready(Err(error)) => return Poll::Ready(Err(error)),
                    Poll::Pending => break,
                }
            }
            match self.connection.poll_next_inbound(cx) {
                Poll::Ready(Some(Ok(stream))) => {
                    // A peer stream nobody will accept is dropped (reset).
                    let _ = self.streams.send(SessionStream::new(stream));
                }
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Err(error)),
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                // Nothing more to do in this wake-up: let the frames
                // buffered meanwhile out in one write, once (rust-yamux
                // flushes on every pass; a socket that is full wakes this
                // task when it drains).
                Poll::Pending if self.cork.dirty() && !released => {
                    self.cork.release();
                    released = true;
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }

    /// Queues the open requests and notes a close or the last handle going.
    fn take_commands(&mut self, cx: &mut Context<'_>) {
        while !self.handles_gone {
            match self.commands.poll_recv(cx) {
                Poll::Ready(Some(Command::Open(reply))) => self.waiting.push_back(reply),
                Poll::Ready(Some(Command::Close)) => self.closing = true,
                Poll::Ready(None) => self.handles_gone = true,
                Poll::Pending => break,
            }
        }
    }
}
