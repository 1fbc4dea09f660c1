//! The audit log: one JSON line per GetSecrets request, appended to a file
//! that is rotated by size. Off unless configured.
//!
//! The request path only hands a record to a writer thread through a bounded
//! channel (`try_send`): it never waits for the disk, and when the writer
//! cannot keep up the record is dropped and counted instead. Gaps are visible
//! in the log itself as `"event":"dropped"` lines, so an auditor can tell a
//! quiet period from a lost one. A failing disk (full, or the file at the
//! process's size limit: EFBIG) never stops the engine: the writer logs once,
//! drops records while writes fail and tries again with every batch.
//!
//! A line (keys in this order; `caller` is `null` when unknown and its absent
//! members are omitted):
//!
//! ```text
//! {"time":"2026-12-04T04:35:12.123456789Z","caller":{"uid":1000,"gid":1000,"pid":4242,"executable":"/usr/bin/docker"},"pattern":"db/*","returned":[{"id":"db/password","provider":"docker-pass"}],"outcome":"ok","latency_us":412}
//! {"time":"2026-12-04T04:35:13.000000000Z","event":"dropped","reason":"queue_full","count":17}
//! ```
//!
//! `reason` is `queue_full` (the writer fell behind) or `write_failed` (the
//! file could not be written; the line is written once it can be again).

use std::borrow::Cow;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

/// Records waiting for the writer at most. Requests are boxed in the channel,
/// so the preallocated queue stays small (a pointer a slot) while holding a
/// burst of several thousand requests.
const QUEUE_CAPACITY: usize = 4096;

/// Patterns longer than this are cut (at a character boundary, marked with
/// `…`): the parser refuses them anyway, and one request must not be able to
/// write an arbitrarily large line.
pub const MAX_PATTERN_BYTES: usize = 4096;

/// Buffered lines are written once this much is pending even if requests keep
/// coming, so a steady stream still reaches the file promptly.
const FLUSH_BYTES: usize = 64 * 1024;

/// How long the writer sleeps between batches while records keep coming:
/// how late a record may reach the file under load.
const BATCH_WINDOW: Duration = Duration::from_millis(10);

/// Dropped records are reported (warning and `dropped` line) at most this
/// often, so an overload does not also flood the log.
const DROP_REPORT_INTERVAL: Duration = Duration::from_secs(10);

/// Where the audit log goes and how it is rotated (the `audit_log*`
/// settings): rotated files are `path.1` (newest) to `path.keep`; a single
/// line larger than `max_bytes` is still written, alone in its file; `keep`
/// 0 starts the file over instead.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditSettings {
    /// The file records are appended to.
    #[serde(rename = "audit_log")]
    pub path: PathBuf,
    /// The size past which it is rotated: 10 MiB by default.
    #[serde(rename = "audit_log_max_bytes", default = "max_bytes")]
    #[serde(deserialize_with = "at_least_4096")]
    pub max_bytes: u64,
    /// How many rotated files are kept.
    #[serde(rename = "audit_log_keep", default = "keep")]
    pub keep: usize,
}

fn max_bytes() -> u64 {
    10 << 20
}

fn keep() -> usize {
    3
}

fn at_least_4096<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    match <u64 as serde::Deserialize>::deserialize(d)? {
        bytes if bytes < 4096 => Err(serde::de::Error::custom(format_args!(
            "must be at least 4096, not {bytes}"
        ))),
        bytes => Ok(bytes),
    }
}

/// Who made a request, as far as the engine knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditCaller {
    /// The caller's user ID.
    pub uid: u32,
    /// Its group ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gid: Option<u32>,
    /// Its process ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<i32>,
    /// Its executable's path (shared with the connection's caller, so a
    /// record costs no copy of it).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "path_as_text"
    )]
    pub executable: Option<Arc<Path>>,
}

/// A secret a request was given: which one and from where, never its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditSecret {
    /// The secret's ID.
    pub id: String,
    /// The plugin that provided it.
    pub provider: String,
    /// Whether it was its plugin's last answer, served from the cache
    /// because the plugin was unavailable.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stale: bool,
}

/// One GetSecrets request, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// When the request arrived.
    pub time: SystemTime,
    /// Who sent it, when known.
    pub caller: Option<AuditCaller>,
    /// The pattern as sent, valid or not.
    pub pattern: String,
    /// The secrets returned.
    pub returned: Vec<AuditSecret>,
    /// `ok`, or the Connect code of the error answered (`not_found`,
    /// `permission_denied`, …).
    pub outcome: &'static str,
    /// How long answering took.
    pub latency: Duration,
}

enum Message {
    /// A record's line, encoded by the request's own thread: what crosses
    /// to the writer is one buffer, not the record's several allocations
    /// (freeing those on another thread contends for the allocator's lock).
    Line(Vec<u8>),
    /// Answered once everything sent before it is written (or dropped).
    Flush(mpsc::Sender<()>),
}

/// The audit log's handle; clones share one writer.
#[derive(Debug, Clone)]
pub struct AuditLog {
    queue: SyncSender<Message>,
    /// Records refused because the queue was full; the writer reads it to
    /// report them.
    dropped: Arc<AtomicU64>,
}

impl AuditLog {
    /// Opens (creating it and its directory if missing, mode 0600 and 0700)
    /// the log for appending and starts its writer thread. Fails if the file
    /// cannot be opened, so a wrong path is reported at startup.
    pub fn open(settings: AuditSettings) -> io::Result<AuditLog> {
        Self::open_gated(settings, None)
    }

    /// [`AuditLog::open`], with a writer that waits for `gate` before it
    /// takes anything from the queue, so tests can fill the queue.
    fn open_gated(settings: AuditSettings, gate: Option<Receiver<()>>) -> io::Result<AuditLog> {
        if let Some(parent) = settings.path.parent()
            && !parent.as_os_str().is_empty()
        {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)?;
        }
        let file = open_append(&settings.path)?;
        let file_len = file.metadata()?.len();
        let dropped = Arc::new(AtomicU64::new(0));
        let (queue, receiver) = mpsc::sync_channel(QUEUE_CAPACITY);
        let writer = Writer {
            settings,
            file: Some(file),
            file_len,
            pending: Vec::new(),
            pending_lines: 0,
            failing: false,
            lost: 0,
            dropped: dropped.clone(),
            reported: 0,
            last_drop_report: None,
        };
        // The writer's warnings go wherever the opener's would.
        let dispatch = tracing::dispatcher::get_default(|dispatch| dispatch.clone());
        std::thread::Builder::new()
            .name("audit-log".into())
            .spawn(move || {
                tracing::dispatcher::with_default(&dispatch, || {
                    if let Some(gate) = gate {
                        let _ = gate.recv();
                    }
                    writer.run(receiver)
                })
            })?;
        Ok(AuditLog { queue, dropped })
    }

    /// Hands `record` to the writer without waiting; if the writer is behind
    /// by a full queue the record is dropped and counted.
    pub fn record(&self, record: AuditRecord) {
        let line = encode(&RecordLine {
            time: rfc3339(record.time),
            caller: record.caller.as_ref(),
            pattern: capped_pattern(&record.pattern),
            returned: &record.returned,
            outcome: record.outcome,
            latency_us: u64::try_from(record.latency.as_micros()).unwrap_or(u64::MAX),
        });
        let Some(line) = line else {
            return;
        };
        // Full, or (should the writer have died) disconnected.
        if self.queue.try_send(Message::Line(line)).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Waits until every record handed over so far is written to the file
    /// (or dropped, if writing fails); says whether the writer answered (it
    /// would not if it had died). Blocks: for shutdown and tests, not for
    /// the request path.
    pub fn flush(&self) -> bool {
        let (done, wait) = mpsc::channel();
        self.queue.send(Message::Flush(done)).is_ok() && wait.recv().is_ok()
    }

    /// Records dropped so far because the writer was behind.
    #[cfg(test)]
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

fn open_append(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
}

/// `path` with `.n` appended to its file name.
fn numbered(path: &Path, n: usize) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{n}"));
    PathBuf::from(name)
}

#[derive(Serialize)]
struct RecordLine<'a> {
    time: String,
    caller: Option<&'a AuditCaller>,
    pattern: Cow<'a, str>,
    returned: &'a [AuditSecret],
    outcome: &'a str,
    latency_us: u64,
}

#[derive(Serialize)]
struct DroppedLine {
    time: String,
    event: &'static str,
    reason: &'static str,
    count: u64,
}

fn capped_pattern(pattern: &str) -> Cow<'_, str> {
    if pattern.len() <= MAX_PATTERN_BYTES {
        return Cow::Borrowed(pattern);
    }
    let mut end = MAX_PATTERN_BYTES;
    while !pattern.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(format!("{}…", &pattern[..end]))
}

/// Serializes one line, newline included. Only strings, integers and
/// derived structs go in, so encoding cannot fail; `None` guards anyway.
fn encode<T: Serialize>(line: &T) -> Option<Vec<u8>> {
    let mut bytes = serde_json::to_vec(line).ok()?;
    bytes.push(b'\n');
    Some(bytes)
}

/// A path as JSON text (lossily, should it not be UTF-8).
fn path_as_text<S: serde::Serializer>(
    path: &Option<Arc<Path>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match path {
        Some(path) => serializer.serialize_str(&path.to_string_lossy()),
        None => serializer.serialize_none(),
    }
}

/// `time` as RFC 3339 in UTC with nanoseconds; times before 1970 (a clock
/// gone wrong) are written as 1970.
fn rfc3339(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_secs())
        .ok()
        .and_then(|secs| DateTime::from_timestamp(secs, since.subsec_nanos()))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
        .to_rfc3339_opts(SecondsFormat::Nanos, true)
}

struct Writer {
    settings: AuditSettings,
    /// `None` after opening failed (during rotation); reopened on the next
    /// write.
    file: Option<File>,
    /// Bytes known to be in the file.
    file_len: u64,
    /// Whole lines not yet written.
    pending: Vec<u8>,
    pending_lines: u64,
    /// Writing failed last time; cleared (and said so) when it works again.
    failing: bool,
    /// Lines dropped since writing started failing.
    lost: u64,
    dropped: Arc<AtomicU64>,
    /// How many of `dropped` have been reported.
    reported: u64,
    last_drop_report: Option<Instant>,
}

impl Writer {
    fn run(mut self, queue: Receiver<Message>) {
        while let Some(message) = self.next(&queue) {
            self.report_queue_drops();
            match message {
                Message::Line(line) => self.push(line),
                Message::Flush(done) => {
                    self.flush_pending();
                    let _ = done.send(());
                }
            }
        }
        self.report_queue_drops();
        self.flush_pending();
    }

    /// The next message; `None` once every handle is gone. Buffered lines are
    /// written whenever the queue is momentarily empty, so they reach the file
    /// within moments without a write per record under load.
    fn next(&mut self, queue: &Receiver<Message>) -> Option<Message> {
        // A zero wait takes what is queued without blocking.
        let mut wait = Duration::ZERO;
        loop {
            match queue.recv_timeout(wait) {
                Ok(message) => return Some(message),
                Err(RecvTimeoutError::Disconnected) => return None,
                Err(RecvTimeoutError::Timeout) => {}
            }
            let report_in = self.report_queue_drops();
            let busy = self.pending_lines > 0;
            self.flush_pending();
            // Under load, collect the next batch while asleep: a writer
            // blocked on the queue would be woken (a futex call on the
            // request path) for every record.
            if busy {
                std::thread::sleep(BATCH_WINDOW);
                wait = Duration::ZERO;
                continue;
            }
            // Drops not yet reported must not wait for the next request.
            match report_in {
                Some(report_in) => wait = report_in,
                None => return queue.recv().ok(),
            }
        }
    }

    /// Reports records the queue refused, unless the last report is too
    /// recent: then says how long until the next one may be made.
    fn report_queue_drops(&mut self) -> Option<Duration> {
        let total = self.dropped.load(Ordering::Relaxed);
        let count = total - self.reported;
        if count == 0 {
            return None;
        }
        let now = Instant::now();
        if let Some(last) = self.last_drop_report {
            let next = last + DROP_REPORT_INTERVAL;
            if now < next {
                return Some(next - now);
            }
        }
        tracing::warn!(
            dropped = count,
            "audit log: records dropped because its writer could not keep up with requests"
        );
        self.push_dropped("queue_full", count);
        self.reported = total;
        self.last_drop_report = Some(now);
        None
    }

    fn push_dropped(&mut self, reason: &'static str, count: u64) {
        if let Some(line) = encode(&DroppedLine {
            time: rfc3339(SystemTime::now()),
            event: "dropped",
            reason,
            count,
        }) {
            self.push(line);
        }
    }

    /// Buffers one line, rotating first if it would take the file over its
    /// size limit.
    fn push(&mut self, line: Vec<u8>) {
        let size = self.file_len + self.pending.len() as u64;
        if size > 0 && size + line.len() as u64 > self.settings.max_bytes {
            self.flush_pending();
            if let Err(error) = self.rotate() {
                self.lost += 1;
                self.failed(&error);
                return;
            }
        }
        self.pending.extend_from_slice(&line);
        self.pending_lines += 1;
        if self.pending.len() >= FLUSH_BYTES {
            self.flush_pending();
        }
    }

    /// Writes the buffered lines. On failure they are dropped (counted in
    /// `lost`) and the next batch tries again.
    fn flush_pending(&mut self) {
        while !self.pending.is_empty() {
            match self.write_pending() {
                Ok(()) if self.failing => {
                    self.failing = false;
                    let lost = std::mem::take(&mut self.lost);
                    tracing::info!(
                        path = %self.settings.path.display(),
                        dropped = lost,
                        "audit log: writing works again"
                    );
                    // Loops once more to write the gap's own line.
                    self.push_dropped("write_failed", lost);
                }
                Ok(()) => {}
                Err(error) => {
                    self.failed(&error);
                    return;
                }
            }
        }
    }

    fn failed(&mut self, error: &io::Error) {
        if !self.failing {
            self.failing = true;
            // The error and the path only: records may hold what callers
            // would not want in the engine's log.
            tracing::error!(
                path = %self.settings.path.display(),
                %error,
                "audit log: cannot write; audit records are being dropped until the file can be written again"
            );
        }
    }

    fn write_pending(&mut self) -> io::Result<()> {
        let file = match &mut self.file {
            Some(file) => file,
            None => match open_append(&self.settings.path)
                .and_then(|file| Ok((file.metadata()?.len(), file)))
            {
                Ok((len, file)) => {
                    self.file_len = len;
                    self.file.insert(file)
                }
                Err(error) => {
                    self.lost += self.pending_lines;
                    self.clear_pending();
                    return Err(error);
                }
            },
        };
        let mut written = 0;
        let mut failure = None;
        while written < self.pending.len() {
            match file.write(&self.pending[written..]) {
                Ok(0) => {
                    failure = Some(io::Error::from(io::ErrorKind::WriteZero));
                    break;
                }
                Ok(n) => written += n,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => {
                    failure = Some(error);
                    break;
                }
            }
        }
        let Some(error) = failure else {
            self.file_len += self.pending.len() as u64;
            self.clear_pending();
            return Ok(());
        };
        // A short write (a full disk) may have left part of a line: cut the
        // file back to its last whole line so the next line starts on its own
        // (best effort; devices such as /dev/full cannot be truncated).
        let whole = self.pending[..written]
            .iter()
            .rposition(|&byte| byte == b'\n')
            .map_or(0, |newline| newline + 1);
        if whole < written {
            let _ = file.set_len(self.file_len + whole as u64);
        }
        let kept = self.pending[..whole]
            .iter()
            .filter(|&&byte| byte == b'\n')
            .count() as u64;
        self.file_len += whole as u64;
        self.lost += self.pending_lines - kept;
        self.clear_pending();
        Err(error)
    }

    fn clear_pending(&mut self) {
        self.pending.clear();
        self.pending_lines = 0;
        // A burst must not keep its buffer for the life of the engine.
        self.pending.shrink_to(FLUSH_BYTES);
    }

    /// Moves `path.n` to `path.n+1` (the oldest falls off), `path` to
    /// `path.1`, and starts a new `path`; with `keep` 0, empties `path`.
    fn rotate(&mut self) -> io::Result<()> {
        self.file = None;
        let path = &self.settings.path;
        let file = if self.settings.keep == 0 {
            // Appending after emptying keeps every write at the end, as
            // cutting back a partial line relies on.
            let file = open_append(path)?;
            file.set_len(0)?;
            file
        } else {
            for n in (1..self.settings.keep).rev() {
                rename_if_present(&numbered(path, n), &numbered(path, n + 1))?;
            }
            rename_if_present(path, &numbered(path, 1))?;
            open_append(path)?
        };
        self.file_len = file.metadata()?.len();
        self.file = Some(file);
        Ok(())
    }
}

fn rename_if_present(from: &Path, to: &Path) -> io::Result<()> {
    match fs::rename(from, to) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    use std::sync::Mutex;

    use serde_json::{Value, json};

    use super::*;

    fn settings(path: PathBuf, max_bytes: u64, keep: usize) -> AuditSettings {
        AuditSettings {
            path,
            max_bytes,
            keep,
        }
    }

    fn request(pattern: &str) -> AuditRecord {
        AuditRecord {
            time: UNIX_EPOCH + Duration::new(1_796_358_912, 123_456_789),
            caller: Some(AuditCaller {
                uid: 1000,
                gid: Some(1001),
                pid: Some(4242),
                executable: Some(Arc::from(Path::new("/usr/bin/docker"))),
            }),
            pattern: pattern.into(),
            returned: vec![AuditSecret {
                id: "db/password".into(),
                provider: "docker-pass".into(),
                stale: false,
            }],
            outcome: "ok",
            latency: Duration::from_nanos(1_234_567),
        }
    }

    /// Every line of `text`, each parsed; fails on a partial last line or a
    /// line that is not one JSON object.
    fn parse_lines(text: &str) -> Vec<Value> {
        assert!(text.is_empty() || text.ends_with('\n'), "partial line");
        text.lines()
            .map(|line| {
                let value: Value =
                    serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line:?}"));
                assert!(value.is_object(), "{line:?}");
                value
            })
            .collect()
    }

    fn read_lines(path: &Path) -> Vec<Value> {
        parse_lines(&fs::read_to_string(path).unwrap())
    }

    fn patterns(lines: &[Value]) -> Vec<String> {
        lines
            .iter()
            .filter_map(|line| line["pattern"].as_str().map(str::to_owned))
            .collect()
    }

    /// What the writer logged, captured through the subscriber current when
    /// the log is opened.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
        fn count(&self, level: &str, message: &str) -> usize {
            self.text()
                .lines()
                .filter(|line| line.contains(level) && line.contains(message))
                .count()
        }
    }

    fn capturing<T>(run: impl FnOnce(&Captured) -> T) -> T {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .finish();
        tracing::subscriber::with_default(subscriber, || run(&captured))
    }

    #[test]
    fn a_record_is_one_line_of_json_with_every_field() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("not/yet/audit.log");
        let log = AuditLog::open(settings(path.clone(), 1 << 20, 3)).unwrap();
        let pattern = "db/\"quoted\"\nnext line\r\t\\ \u{1b}[31mred\u{7}";
        log.record(request(pattern));
        let mut anonymous = request("a");
        anonymous.caller = None;
        anonymous.returned.clear();
        anonymous.outcome = "permission_denied";
        anonymous.latency = Duration::from_secs(3);
        log.record(anonymous);
        let mut partial = request("b");
        partial.caller = Some(AuditCaller {
            uid: 0,
            gid: None,
            pid: None,
            executable: None,
        });
        partial.returned.push(AuditSecret {
            id: "db/user".into(),
            provider: "vault".into(),
            stale: true,
        });
        log.record(partial);
        assert!(log.flush());

        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches('\n').count(), 3, "{text}");
        // Control characters are escaped, not written raw.
        assert!(!text.contains('\u{1b}') && !text.contains('\r') && !text.contains('\t'));
        let lines = parse_lines(&text);
        assert_eq!(
            lines[0],
            json!({
                "time": "2026-12-04T04:35:12.123456789Z",
                "caller": {"uid": 1000, "gid": 1001, "pid": 4242, "executable": "/usr/bin/docker"},
                "pattern": pattern,
                "returned": [{"id": "db/password", "provider": "docker-pass"}],
                "outcome": "ok",
                "latency_us": 1234,
            })
        );
        assert_eq!(
            lines[1],
            json!({
                "time": "2026-12-04T04:35:12.123456789Z",
                "caller": null,
                "pattern": "a",
                "returned": [],
                "outcome": "permission_denied",
                "latency_us": 3_000_000,
            })
        );
        assert_eq!(lines[2]["caller"], json!({"uid": 0}));
        assert_eq!(
            lines[2]["returned"],
            json!([
                {"id": "db/password", "provider": "docker-pass"},
                {"id": "db/user", "provider": "vault", "stale": true},
            ])
        );
        // The documented key order.
        let first = text.lines().next().unwrap();
        let at = |key: &str| first.find(&format!("\"{key}\":")).unwrap();
        assert!(at("time") < at("caller") && at("caller") < at("pattern"));
        assert!(at("pattern") < at("returned") && at("returned") < at("outcome"));
        assert!(at("outcome") < at("latency_us"));

        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
    }

    #[test]
    fn a_long_pattern_is_cut_at_a_character_boundary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        let log = AuditLog::open(settings(path.clone(), 1 << 20, 1)).unwrap();
        // Two-byte characters after one byte: the limit falls inside one.
        let pattern = format!("a{}", "é".repeat(10_000));
        log.record(request(&pattern));
        log.record(request(&"x".repeat(MAX_PATTERN_BYTES)));
        assert!(log.flush());

        let written = patterns(&read_lines(&path));
        let cut = written[0].strip_suffix('…').unwrap();
        assert_eq!(cut.len(), MAX_PATTERN_BYTES - 1);
        assert!(pattern.starts_with(cut));
        assert_eq!(
            written[1],
            "x".repeat(MAX_PATTERN_BYTES),
            "at the limit, kept"
        );
    }

    #[test]
    fn times_are_rfc3339_utc_with_nanoseconds() {
        let at = |secs, nanos| rfc3339(UNIX_EPOCH + Duration::new(secs, nanos));
        // Expected values from `date -u -d @SECONDS`.
        assert_eq!(at(0, 0), "1970-01-01T00:00:00.000000000Z");
        assert_eq!(at(951_782_400, 1), "2000-02-29T00:00:00.000000001Z");
        assert_eq!(at(1_796_358_912, 5_000), "2026-12-04T04:35:12.000005000Z");
        assert_eq!(
            at(4_107_542_399, 999_999_999),
            "2100-02-28T23:59:59.999999999Z"
        );
        assert_eq!(at(253_402_300_799, 0), "9999-12-31T23:59:59.000000000Z");
        assert_eq!(
            rfc3339(UNIX_EPOCH - Duration::from_secs(1)),
            "1970-01-01T00:00:00.000000000Z"
        );
    }

    /// `p0` to `p299` recorded in a new directory's log, rotated at 2,000
    /// bytes keeping `keep` files: the directory and the log's path.
    fn write_300(keep: usize) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        let log = AuditLog::open(settings(path.clone(), 2_000, keep)).unwrap();
        for n in 0..300 {
            log.record(request(&format!("p{n}")));
        }
        assert!(log.flush());
        (dir, path)
    }

    #[test]
    fn rotation_keeps_whole_lines_in_order() {
        let (_dir, path) = write_300(1_000);

        let mut files = vec![path.clone()];
        files.extend(
            (1..)
                .map(|n| numbered(&path, n))
                .take_while(|file| file.exists()),
        );
        assert!(files.len() > 10, "{} files", files.len());
        let mut all = Vec::new();
        // Oldest first: path.N … path.1, path.
        for file in files.iter().rev() {
            let size = fs::metadata(file).unwrap().len();
            assert!(0 < size && size <= 2_000, "{}: {size}", file.display());
            all.extend(read_lines(file));
        }
        let expected: Vec<_> = (0..300).map(|n| format!("p{n}")).collect();
        assert_eq!(patterns(&all), expected);
        assert_eq!(all.len(), 300);
    }

    #[test]
    fn rotation_keeps_only_the_newest_files() {
        let (dir, path) = write_300(2);

        assert!(numbered(&path, 2).exists());
        assert!(!numbered(&path, 3).exists());
        let mut kept = read_lines(&numbered(&path, 2));
        kept.extend(read_lines(&numbered(&path, 1)));
        let newest = read_lines(&path);
        assert!(!newest.is_empty());
        kept.extend(newest);
        let kept = patterns(&kept);
        // The newest records, consecutive, ending with the last.
        let first: usize = kept[0][1..].parse().unwrap();
        let expected: Vec<_> = (first..300).map(|n| format!("p{n}")).collect();
        assert_eq!(kept, expected);
        assert!(first > 0);
        let entries = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(entries, 3);
    }

    #[test]
    fn keeping_none_starts_the_file_over() {
        let (dir, path) = write_300(0);

        assert!(fs::metadata(&path).unwrap().len() <= 2_000);
        let kept = patterns(&read_lines(&path));
        assert_eq!(kept.last().map(String::as_str), Some("p299"));
        assert!(kept.len() < 300);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_full_disk_drops_records_and_logs_once() {
        capturing(|captured| {
            let log = AuditLog::open(settings("/dev/full".into(), 1 << 20, 2)).unwrap();
            for n in 0..10_000 {
                log.record(request(&format!("secret-pattern-{n}")));
            }
            assert!(log.flush(), "the writer is still running");
            log.record(request("after"));
            assert!(log.flush());

            assert_eq!(captured.count("ERROR", "audit log: cannot write"), 1);
            assert_eq!(captured.count("INFO", "works again"), 0);
            assert!(captured.text().contains("No space left on device"));
            assert!(!captured.text().contains("secret-pattern"));
        });
    }

    #[test]
    fn writing_resumes_after_a_failure() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(made.success());
        let open_reader = || {
            OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(&path)
                .unwrap()
        };
        let drain = |reader: &mut File| {
            let mut bytes = Vec::new();
            let mut buffer = [0; 4096];
            loop {
                match reader.read(&mut buffer) {
                    Ok(0) => break,
                    Ok(n) => bytes.extend_from_slice(&buffer[..n]),
                    Err(error) if error.kind() == io::ErrorKind::WouldBlock => break,
                    Err(error) => panic!("{error}"),
                }
            }
            parse_lines(&String::from_utf8(bytes).unwrap())
        };

        capturing(|captured| {
            let mut reader = open_reader();
            let log = AuditLog::open(settings(path.clone(), 1 << 20, 2)).unwrap();
            log.record(request("before"));
            assert!(log.flush());
            assert_eq!(patterns(&drain(&mut reader)), ["before"]);

            // Without a reader every write fails (EPIPE).
            drop(reader);
            for n in 0..3 {
                log.record(request(&format!("lost{n}")));
                assert!(log.flush());
            }
            assert_eq!(captured.count("ERROR", "audit log: cannot write"), 1);
            assert_eq!(captured.count("INFO", "works again"), 0);

            let mut reader = open_reader();
            log.record(request("after"));
            assert!(log.flush());
            let lines = drain(&mut reader);
            assert_eq!(patterns(&lines), ["after"]);
            assert_eq!(lines.len(), 2, "{lines:?}");
            assert_eq!(lines[1]["event"], "dropped");
            assert_eq!(lines[1]["reason"], "write_failed");
            assert_eq!(lines[1]["count"], 3);
            assert_eq!(captured.count("INFO", "works again"), 1);
            assert_eq!(captured.count("ERROR", "audit log: cannot write"), 1);
        });
    }

    #[test]
    fn a_full_queue_drops_and_counts_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        capturing(|captured| {
            let (release, gate) = mpsc::channel();
            let log = AuditLog::open_gated(settings(path.clone(), 1 << 30, 1), Some(gate)).unwrap();
            // The writer takes nothing yet: the queue holds exactly its
            // capacity and every record after that is refused at once.
            for n in 0..QUEUE_CAPACITY + 25 {
                log.clone().record(request(&format!("p{n}")));
            }
            assert_eq!(log.dropped(), 25);
            release.send(()).unwrap();
            assert!(log.flush());

            let lines = read_lines(&path);
            let expected: Vec<_> = (0..QUEUE_CAPACITY).map(|n| format!("p{n}")).collect();
            assert_eq!(patterns(&lines), expected);
            let notices: Vec<_> = lines
                .iter()
                .filter(|line| line.get("event").is_some())
                .collect();
            assert_eq!(
                notices,
                [&json!({
                    "time": notices[0]["time"],
                    "event": "dropped",
                    "reason": "queue_full",
                    "count": 25,
                })]
            );
            assert_eq!(lines.len(), QUEUE_CAPACITY + 1);
            assert_eq!(captured.count("WARN", "could not keep up"), 1);
        });
    }
}
