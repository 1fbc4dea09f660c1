//! A byte fuzzer for the plugin connection: yamux frames, well-formed,
//! malformed and mutated, written into a real session (`session::start` on
//! one end of a socketpair, serving HTTP/1.1 on the streams the peer opens)
//! by a peer that speaks raw bytes on the other end.
//!
//! The oracles: the session never panics and never hangs (once the peer
//! hangs up, its driver ends within a bound, whatever came before); a peer's
//! GoAway, wherever the reads split it, stops new streams (`open` fails),
//! as in the Go library; and while the session is alive and no GoAway was
//! sent, it keeps working: it answers a ping sent after the fuzzed bytes and
//! opens streams. `PROPTEST_CASES=N` runs N cases (docs/fuzzing.md).

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use proptest::prelude::*;
use secrets_ipc::session::{Role, SessionError, start};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How long the session may take to end once the peer has hung up.
const BOUND: Duration = Duration::from_secs(5);

/// How long the peer waits for the answer to its ping. Without one the
/// fuzzed bytes left a frame incomplete, which the session rightly waits
/// to see the rest of.
const PING_WAIT: Duration = Duration::from_millis(200);

/// The opaque value of the peer's closing ping, to recognise its answer.
const PING_OPAQUE: u32 = 0x5eed_f00d;

fn config(cases: u32) -> ProptestConfig {
    let default = ProptestConfig::default();
    let cases = if std::env::var_os("PROPTEST_CASES").is_some() {
        default.cases
    } else {
        cases
    };
    ProptestConfig { cases, ..default }
}

const TYPE_DATA: u8 = 0;
const TYPE_WINDOW_UPDATE: u8 = 1;
const TYPE_PING: u8 = 2;
const TYPE_GO_AWAY: u8 = 3;
const FLAG_SYN: u16 = 1;
const FLAG_ACK: u16 = 2;

fn header(version: u8, kind: u8, flags: u16, stream: u32, length: u32) -> Vec<u8> {
    let mut bytes = vec![version, kind];
    bytes.extend_from_slice(&flags.to_be_bytes());
    bytes.extend_from_slice(&stream.to_be_bytes());
    bytes.extend_from_slice(&length.to_be_bytes());
    bytes
}

/// One frame as the fuzzer builds it.
#[derive(Debug, Clone)]
struct Frame {
    version: u8,
    kind: u8,
    flags: u16,
    stream: u32,
    /// For data frames, the payload; the header's length is its length,
    /// unless `length` says otherwise.
    payload: Vec<u8>,
    length: Option<u32>,
}

impl Frame {
    fn bytes(&self) -> Vec<u8> {
        let length = self.length.unwrap_or(match self.kind {
            TYPE_DATA => self.payload.len() as u32,
            // A window update's delta, a ping's opaque value, a GoAway's code.
            _ => 0,
        });
        let mut bytes = header(self.version, self.kind, self.flags, self.stream, length);
        if self.kind == TYPE_DATA {
            bytes.extend_from_slice(&self.payload);
        }
        bytes
    }
}

/// What a peer sends in a stream it opens: an HTTP request, or noise.
fn payload() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        2 => Just(b"GET /health HTTP/1.1\r\nHost: unix\r\n\r\n".to_vec()),
        1 => Just(b"POST /x HTTP/1.1\r\nHost: unix\r\nContent-Length: 99999\r\n\r\nab".to_vec()),
        2 => prop::collection::vec(any::<u8>(), 0..48),
    ]
}

fn frame() -> impl Strategy<Value = Frame> {
    let version = prop_oneof![9 => Just(0u8), 1 => any::<u8>()];
    let kind = prop_oneof![
        4 => Just(TYPE_DATA),
        3 => Just(TYPE_WINDOW_UPDATE),
        2 => Just(TYPE_PING),
        1 => Just(TYPE_GO_AWAY),
        1 => any::<u8>(),
    ];
    let flags = prop_oneof![
        4 => prop::sample::select(vec![0u16, 1, 2, 4, 8, 5]),
        1 => any::<u16>(),
    ];
    let stream = prop_oneof![
        6 => 0u32..8,
        1 => any::<u32>(),
    ];
    let length = prop::option::weighted(
        0.3,
        prop_oneof![
            3 => 0u32..64,
            1 => Just(256 * 1024),
            1 => Just(u32::MAX),
            1 => any::<u32>(),
        ],
    );
    (version, kind, flags, stream, payload(), length).prop_map(
        |(version, kind, flags, stream, payload, length)| Frame {
            version,
            kind,
            flags,
            stream,
            payload,
            length,
        },
    )
}

/// Byte-level damage on top of the frames.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(prop::sample::Index, u8),
    Truncate(prop::sample::Index),
    Insert(prop::sample::Index, Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<prop::sample::Index>(), 1..=255u8).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<prop::sample::Index>().prop_map(Mutation::Truncate),
        (
            any::<prop::sample::Index>(),
            prop::collection::vec(any::<u8>(), 1..13)
        )
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for mutation in mutations {
        match mutation {
            Mutation::Flip(at, bits) if !bytes.is_empty() => {
                let at = at.index(bytes.len());
                bytes[at] ^= bits;
            }
            Mutation::Flip(..) => {}
            Mutation::Truncate(at) => bytes.truncate(at.index(bytes.len() + 1)),
            Mutation::Insert(at, inserted) => {
                let at = at.index(bytes.len() + 1);
                bytes.splice(at..at, inserted.iter().copied());
            }
        }
    }
    bytes
}

/// Whether the byte stream, read frame by frame as the Go library reads it
/// (a 12-byte header; data frames followed by their payload), holds a GoAway
/// header at a frame boundary; and whether it ends on a boundary.
fn go_away_in(bytes: &[u8]) -> (bool, bool) {
    let mut at = 0;
    let mut go_away = false;
    while at + 12 <= bytes.len() {
        let kind = bytes[at + 1];
        let length =
            u32::from_be_bytes([bytes[at + 8], bytes[at + 9], bytes[at + 10], bytes[at + 11]])
                as usize;
        go_away |= kind == TYPE_GO_AWAY;
        at += 12;
        if kind == TYPE_DATA {
            at = at.saturating_add(length);
        }
    }
    (go_away, at == bytes.len())
}

/// Reads what the session writes until it closes, and reports the answer
/// to the peer's closing ping.
async fn watch_for_pong(
    mut read: tokio::net::unix::OwnedReadHalf,
    pong: tokio::sync::oneshot::Sender<()>,
) {
    let mut pong = Some(pong);
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let Ok(n) = read.read(&mut chunk).await else {
            return;
        };
        if n == 0 {
            return;
        }
        buffer.extend_from_slice(&chunk[..n]);
        // The session's own frames are well-formed: walk them.
        let mut at = 0;
        while at + 12 <= buffer.len() {
            let frame = &buffer[at..at + 12];
            let flags = u16::from_be_bytes([frame[2], frame[3]]);
            let length = u32::from_be_bytes([frame[8], frame[9], frame[10], frame[11]]);
            let end = at
                + 12
                + if frame[1] == TYPE_DATA {
                    length as usize
                } else {
                    0
                };
            if end > buffer.len() {
                break;
            }
            if frame[1] == TYPE_PING
                && flags & FLAG_ACK != 0
                && length == PING_OPAQUE
                && let Some(pong) = pong.take()
            {
                let _ = pong.send(());
            }
            at = end;
        }
        buffer.drain(..at);
    }
}

/// Answers every request `200 ok`.
#[derive(Clone)]
struct Ok200;

impl tower::Service<http::Request<hyper::body::Incoming>> for Ok200 {
    type Response = http::Response<Full<Bytes>>;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Self::Response, Infallible>>;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Infallible>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: http::Request<hyper::body::Incoming>) -> Self::Future {
        std::future::ready(Ok(http::Response::new(Full::new(Bytes::from_static(
            b"ok",
        )))))
    }
}

async fn run_case(role: Role, sent: Vec<u8>) -> Result<(), TestCaseError> {
    let (ours, theirs) = tokio::net::UnixStream::pair().expect("socketpair");
    let started = start(ours, role);
    let (session, mut driver) = (started.session, started.driver);
    // The session's side serves whatever streams the peer opens.
    let serving = tokio::spawn(started.incoming.serve_http1(Ok200));

    let (read, mut write) = theirs.into_split();
    let (pong_tx, pong_rx) = tokio::sync::oneshot::channel();
    let watcher = tokio::spawn(watch_for_pong(read, pong_tx));

    // The session may close under the peer's writes: that is an answer too.
    let _ = write.write_all(&sent).await;
    let _ = write
        .write_all(&header(0, TYPE_PING, FLAG_SYN, 0, PING_OPAQUE))
        .await;
    let ponged = matches!(tokio::time::timeout(PING_WAIT, pong_rx).await, Ok(Ok(())));

    let (go_away, on_boundary) = go_away_in(&sent);
    if ponged {
        prop_assert!(on_boundary, "a ping answered inside a frame");
    }
    if go_away && on_boundary {
        // Go's meaning of GoAway: no new streams (or the session ended).
        let opened = tokio::time::timeout(BOUND, session.open()).await;
        prop_assert!(
            matches!(
                opened,
                Ok(Err(SessionError::GoneAway | SessionError::Closed))
            ),
            "a stream opened after the peer's GoAway: {:?}",
            opened.map(|r| r.map(drop))
        );
    } else if ponged && !driver.is_finished() {
        // Alive, and nothing said it was going away: it still works.
        let opened = tokio::time::timeout(BOUND, session.open()).await;
        prop_assert!(
            matches!(opened, Ok(Ok(_))),
            "an answering session did not open a stream: {:?}",
            opened.map(|r| r.map(drop))
        );
    }

    // The peer hangs up: the session ends, in time and without a panic.
    drop(write);
    let ended = tokio::time::timeout(BOUND, &mut driver).await;
    prop_assert!(
        ended.is_ok(),
        "the session outlived its peer by {:?}",
        BOUND
    );
    if let Ok(Err(join)) = ended {
        prop_assert!(false, "the session driver failed: {}", join);
    }
    prop_assert!(
        session.open().await.is_err(),
        "a stream on an ended session"
    );
    let _ = tokio::time::timeout(BOUND, serving).await;
    watcher.abort();
    Ok(())
}

fn role() -> impl Strategy<Value = Role> {
    prop_oneof![Just(Role::Engine), Just(Role::Plugin)]
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

proptest! {
    #![proptest_config(config(96))]

    /// Structured frames, valid and not, then damaged at the byte level.
    #[test]
    fn frames_into_a_live_session(
        role in role(),
        frames in prop::collection::vec(frame(), 0..6),
        mutations in prop::collection::vec(mutation(), 0..2),
    ) {
        let sent = mutate(frames.iter().flat_map(Frame::bytes).collect(), &mutations);
        runtime().block_on(run_case(role, sent))?;
    }

    /// Arbitrary bytes.
    #[test]
    fn arbitrary_bytes_into_a_live_session(
        role in role(),
        sent in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        runtime().block_on(run_case(role, sent))?;
    }

    /// A well-formed exchange with a GoAway somewhere in it, in any of its
    /// forms (with or without a code, as the only frame or among others).
    #[test]
    fn go_away_anywhere(
        role in role(),
        before in prop::collection::vec(frame(), 0..3),
        code in prop_oneof![Just(0u32), Just(1), Just(2), any::<u32>()],
        flags in prop_oneof![Just(0u16), any::<u16>()],
    ) {
        // Only frames that keep the stream well-formed come before it, so
        // that the GoAway is read as one.
        let before: Vec<u8> = before
            .iter()
            .filter(|f| f.version == 0 && f.kind <= TYPE_GO_AWAY && f.length.is_none())
            .flat_map(Frame::bytes)
            .collect();
        let mut sent = before;
        sent.extend_from_slice(&header(0, TYPE_GO_AWAY, flags, 0, code));
        prop_assert!(go_away_in(&sent).0);
        runtime().block_on(run_case(role, sent))?;
    }
}
