//! The encrypted file store, in the layout of Docker's Go `posixage` store so
//! either implementation reads what the other wrote:
//!
//! ```text
//! <root>/
//!   .posixage.lock            flock(2) (Windows: LockFileEx): shared to read, exclusive to write
//!   ZGIvcGFzc3dvcmQ=/         standard base64 of the ID `db/password`, mode 0700
//!     metadata.json           the metadata as a JSON object, in the clear
//!     secretage               the value, age-encrypted to an X25519 recipient
//!     secretpass              ... or to a passphrase (scrypt)
//! ```
//!
//! Writes never leave a torn secret. A new version is written into a fresh
//! hidden directory (`.new-…`, every file fsynced, then the directory), which
//! then takes the old one's place in one step (`renameat2(RENAME_EXCHANGE)`
//! on Linux, a plain rename for a new ID), and the root is fsynced. A crash
//! at any point leaves either the old or the new directory under the ID's
//! name; leftovers are hidden names that no reader takes for a secret and
//! the next writer removes. A removal renames the directory away before
//! deleting it, for the same reason. Go's store deletes the old directory
//! before writing the new one, so a crash there loses the secret.
//!
//! Decryption costs one X25519 operation (tens of µs) per secret with an
//! identity, but a whole scrypt derivation (work factor 18, about a second)
//! per secret with a passphrase, as in Go: prefer an identity for stores with
//! many secrets.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use age::secrecy::{ExposeSecret, SecretString};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use secrets_core::{Pattern, SecretId, SecretValue};

use crate::changes::Publisher;
use crate::{Changes, Filtered, Metadata, StoreError, StoredSecret};

/// Where the crash-safety tests kill a writer, with the `failpoints`
/// feature only tests turn on: `FAILPOINTS=store-<point>=return` aborts at
/// `staged` (new version complete, not yet in place), `aside` (old version
/// moved aside, without an atomic exchange), `published` (new version in
/// place, old one not yet removed) or `removing` (a removed secret renamed
/// away, not yet deleted).
macro_rules! crash_point {
    ($point:literal) => {{
        #[cfg(feature = "failpoints")]
        crash_at(concat!("store-", $point));
    }};
}

#[cfg(feature = "failpoints")]
fn crash_at(point: &str) {
    static FROM_ENV: std::sync::Once = std::sync::Once::new();
    // Kept for the whole process: its configuration is read once.
    FROM_ENV.call_once(|| std::mem::forget(fail::FailScenario::setup()));
    fail::fail_point!(point, |_| std::process::abort());
}

/// The lock file, shared with Go's store.
const LOCK_FILE: &str = ".posixage.lock";
/// The metadata file in each secret's directory.
const METADATA_FILE: &str = "metadata.json";
/// How long a writer waits for another process's lock before answering
/// [`StoreError::Busy`]: long enough that concurrent `docker-pass set`s in
/// a script all get their turn.
const LOCK_PATIENCE: Duration = Duration::from_secs(10);
/// How often a held lock's file is touched. Go's store takes a lock file
/// whose modification time is 30 s old for a stale one and replaces it, so
/// a holder touches it on taking it and at least this often while holding
/// it (Go's own holders touch it every 10 s).
const LOCK_TOUCH: Duration = Duration::from_secs(5);
/// The scrypt work factor for passphrase-encrypted secrets (2^18, age's and
/// Go's default).
const SCRYPT_WORK_FACTOR: u8 = 18;
/// The largest scrypt work factor read (Go's limit).
const MAX_SCRYPT_WORK_FACTOR: u8 = 22;
/// The largest file read back (a secret's ciphertext or metadata); writes
/// that would be bigger are refused, so anything bigger is not something
/// this store wrote.
const MAX_SECRET_FILE: u64 = 16 << 20;
/// The longest file name (Linux, macOS, NTFS).
const NAME_MAX: usize = 255;
/// How many random characters make a temporary name unique.
const TEMP_RANDOM: usize = 6;
/// The longest ID the store keeps, in bytes: its directory name (4 base64
/// characters per 3 bytes) must fit in the longest name a write gives it,
/// `.old-aside-<name>-<random>`. Docker's store writes IDs up to 189 bytes
/// (a bare name); those are read and removed here, not overwritten.
pub const MAX_ID_BYTES: usize = (NAME_MAX - ASIDE_PREFIX.len() - 1 - TEMP_RANDOM) / 4 * 3;

/// The key that encrypts and decrypts the store's secrets.
#[derive(Clone)]
pub enum FileKey {
    /// An age X25519 identity (`AGE-SECRET-KEY-1…`); secrets go to
    /// `secretage`.
    Identity(Arc<age::x25519::Identity>),
    /// A passphrase (age scrypt); secrets go to `secretpass`.
    Passphrase(SecretString),
}

impl std::fmt::Debug for FileKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileKey::Identity(identity) => write!(f, "Identity({})", identity.to_public()),
            FileKey::Passphrase(_) => f.write_str("Passphrase(<redacted>)"),
        }
    }
}

impl FileKey {
    /// The suffix of the file this key encrypts to (`secret<type>`).
    fn key_type(&self) -> &'static str {
        match self {
            FileKey::Identity(_) => "age",
            FileKey::Passphrase(_) => "pass",
        }
    }

    /// What kind of key this is, in words.
    fn kind_name(&self) -> &'static str {
        key_kind_name(self.key_type())
    }

    /// Whether this key opens the age file at `path`. Only the header is
    /// read and its key unwrapped (with a passphrase that is the one scrypt
    /// derivation a read costs anyway); the value itself stays encrypted.
    fn opens(&self, path: &Path) -> Opens {
        let Ok(file) = File::open(path) else {
            return Opens::Unknown;
        };
        let Ok(decryptor) = age::Decryptor::new_buffered(io::BufReader::new(file)) else {
            return Opens::Unknown;
        };
        let result = self.with_identity(|identity| decryptor.decrypt(std::iter::once(identity)));
        match result.map(drop) {
            Ok(()) => Opens::Yes,
            Err(age::DecryptError::NoMatchingKeys) => Opens::No(match self {
                FileKey::Identity(_) => "it was encrypted to another identity".into(),
                FileKey::Passphrase(_) => "it was not encrypted to a passphrase".into(),
            }),
            Err(age::DecryptError::DecryptionFailed) if matches!(self, FileKey::Passphrase(_)) => {
                Opens::No("wrong passphrase".into())
            }
            // Damaged, or a work factor above what is accepted: proves
            // nothing about the key.
            Err(_) => Opens::Unknown,
        }
    }

    /// A passphrase key; leading and trailing white space is dropped, as Go
    /// does, and an empty passphrase is refused.
    pub fn passphrase(text: &str) -> Result<FileKey, StoreError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(StoreError::Config(
                "the passphrase is empty: set DOCKER_PASS_PASSPHRASE or DOCKER_PASS_PASSPHRASE_FILE to a non-empty one".into(),
            ));
        }
        Ok(FileKey::Passphrase(SecretString::from(trimmed.to_owned())))
    }

    /// Reads an age identity file (as `age-keygen` writes it: comment lines
    /// and one `AGE-SECRET-KEY-1…` line). With `create`, a missing file is
    /// created (mode 0600, never replacing one another process made first)
    /// and `true` says so.
    pub fn identity_file(path: &Path, create: bool) -> Result<(FileKey, bool), StoreError> {
        match read_identity(path)? {
            Some(key) => Ok((key, false)),
            None if create => create_identity_file(path),
            None => Err(StoreError::Config(format!(
                "identity file {} does not exist",
                path.display()
            ))),
        }
    }

    /// The identity file at `path` for the store at `root`, as
    /// [`FileKey::identity_file`] with `create`, except that a missing file is
    /// created only while the store holds no secret: with secrets there, the
    /// identity they were written with is lost or misplaced, and a new one
    /// would split the store in two. That is
    /// [`StoreError::MissingIdentity`], saying where to put it back.
    pub fn identity_file_for_store(
        path: &Path,
        root: &Path,
    ) -> Result<(FileKey, bool), StoreError> {
        if let Some(key) = read_identity(path)? {
            return Ok((key, false));
        }
        let secrets = count_secrets(root)?;
        if secrets == 0 {
            return create_identity_file(path);
        }
        // Another process may have created the identity and written with it
        // since the first read. It links the identity into place before it
        // writes a secret, so once its secret is seen its identity is too.
        if let Some(key) = read_identity(path)? {
            return Ok((key, false));
        }
        Err(StoreError::MissingIdentity {
            identity: path.to_owned(),
            root: root.to_owned(),
            secrets,
        })
    }

    fn encrypt(&self, plaintext: &[u8]) -> Result<Vec<u8>, String> {
        let result = match self {
            FileKey::Identity(identity) => age::encrypt(&identity.to_public(), plaintext),
            FileKey::Passphrase(passphrase) => {
                let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
                recipient.set_work_factor(SCRYPT_WORK_FACTOR);
                age::encrypt(&recipient, plaintext)
            }
        };
        result.map_err(|e| e.to_string())
    }

    /// Calls `f` with this key as an age identity.
    fn with_identity<R>(&self, f: impl FnOnce(&dyn age::Identity) -> R) -> R {
        match self {
            FileKey::Identity(identity) => f(identity.as_ref()),
            FileKey::Passphrase(passphrase) => {
                let mut identity = age::scrypt::Identity::new(passphrase.clone());
                // Go writes work factors up to 22; age would otherwise cap it
                // by this machine's speed and refuse good secrets when busy.
                identity.set_max_work_factor(MAX_SCRYPT_WORK_FACTOR);
                f(&identity)
            }
        }
    }

    fn decrypt(&self, id: &SecretId, ciphertext: &[u8]) -> Result<SecretValue, StoreError> {
        let result = self.with_identity(|identity| {
            let mut plaintext = Vec::new();
            age::Decryptor::new_buffered(ciphertext)?
                .decrypt(std::iter::once(identity))?
                .read_to_end(&mut plaintext)?;
            Ok::<_, age::DecryptError>(plaintext)
        });
        result.map(SecretValue::new).map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => StoreError::WrongKey {
                id: id.to_string(),
                reason: "it was encrypted to another identity".into(),
            },
            age::DecryptError::ExcessiveWork { required, .. } => StoreError::WrongKey {
                id: id.to_string(),
                reason: format!(
                    "its passphrase needs an scrypt work factor of {required}, above the {MAX_SCRYPT_WORK_FACTOR} this store accepts"
                ),
            },
            age::DecryptError::DecryptionFailed if matches!(self, FileKey::Passphrase(_)) => {
                StoreError::WrongKey {
                    id: id.to_string(),
                    reason: "wrong passphrase, or the file is damaged".into(),
                }
            }
            other => StoreError::Corrupt {
                id: id.to_string(),
                reason: format!("secret{}: {other}", self.key_type()),
            },
        })
    }
}

/// The identity in the file at `path`, or `None` when there is no file.
fn read_identity(path: &Path) -> Result<Option<FileKey>, StoreError> {
    match fs::read_to_string(path) {
        Ok(text) => parse_identity(path, &text).map(Some),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StoreError::io(path, e)),
    }
}

/// How many secrets the store at `root` holds (a missing root holds none).
pub fn count_secrets(root: &Path) -> Result<usize, StoreError> {
    match secret_dirs(root) {
        Ok(found) => Ok(found.len()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(StoreError::io(root, e)),
    }
}

/// The secrets' directories under `root`, unsorted: (ID, path), skipping
/// anything that is not one (the lock file, hidden leftovers, foreign
/// files).
fn secret_dirs(root: &Path) -> io::Result<Vec<(SecretId, PathBuf)>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(root)? {
        let entry = entry?;
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        if let Some(id) = entry.file_name().to_str().and_then(id_of) {
            found.push((id, entry.path()));
        }
    }
    Ok(found)
}

/// What [`FileKey::opens`] found.
enum Opens {
    Yes,
    /// Not with this key; why.
    No(String),
    /// The file cannot tell (damaged, unreadable).
    Unknown,
}

fn parse_identity(path: &Path, text: &str) -> Result<FileKey, StoreError> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .ok_or_else(|| {
            StoreError::Config(format!("identity file {} holds no key", path.display()))
        })?;
    let identity = age::x25519::Identity::from_str(line).map_err(|_| {
        StoreError::Config(format!(
            "identity file {} does not hold an age X25519 identity (AGE-SECRET-KEY-1...)",
            path.display()
        ))
    })?;
    Ok(FileKey::Identity(Arc::new(identity)))
}

/// Creates the identity file, or reads the one another process created at
/// the same moment; says which (only the creator tells its user to back it
/// up).
fn create_identity_file(path: &Path) -> Result<(FileKey, bool), StoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    private_dir()
        .recursive(true)
        .create(dir)
        .map_err(|e| StoreError::io(dir, e))?;
    let identity = age::x25519::Identity::generate();
    let text = format!(
        "# created by docker-pass for the encrypted secrets store\n# public key: {}\n{}\n",
        identity.to_public(),
        identity.to_string().expose_secret()
    );
    // Written under a private name (mode 0600, removed when dropped), then
    // linked into place: link(2) fails if another process created the file
    // first, and then that one is used.
    let mut temp = tempfile::Builder::new()
        .prefix(".identity-")
        .tempfile_in(dir)
        .map_err(|e| StoreError::io(dir, e))?;
    temp.write_all(text.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| StoreError::io(temp.path(), e))?;
    let linked = fs::hard_link(temp.path(), path);
    drop(temp);
    match linked {
        Ok(()) => {
            sync_dir(dir).map_err(|e| StoreError::io(dir, e))?;
            Ok((FileKey::Identity(Arc::new(identity)), true))
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => FileKey::identity_file(path, false),
        Err(e) => Err(StoreError::io(path, e)),
    }
}

/// The encrypted file store. Cheap to clone; operations run on tokio's
/// blocking pool.
#[derive(Debug, Clone)]
pub struct FileStore {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    root: PathBuf,
    key: FileKey,
    /// Set once the key has opened a secret already in the store: later
    /// writes need not check again.
    key_fits: AtomicBool,
}

impl FileStore {
    /// Opens (creating it, mode 0700, if needed) the store at `root`.
    pub fn open(root: &Path, key: FileKey) -> Result<FileStore, StoreError> {
        private_dir()
            .recursive(true)
            .create(root)
            .map_err(|e| StoreError::io(root, e))?;
        Ok(FileStore {
            inner: Arc::new(Inner {
                root: root.to_owned(),
                key,
                key_fits: AtomicBool::new(false),
            }),
        })
    }

    /// `encrypted file store at <root> (<key kind>)`.
    pub fn describe(&self) -> String {
        format!(
            "encrypted file store at {} ({})",
            self.inner.root.display(),
            self.inner.key.kind_name()
        )
    }

    async fn blocking<T: Send + 'static>(
        &self,
        op: impl FnOnce(&Inner) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || op(&inner))
            .await
            .map_err(|e| StoreError::Unavailable {
                backend: "encrypted file store",
                reason: format!("the store task failed: {e}"),
                hint: "",
            })?
    }

    /// Stores `value` under `id`, replacing any previous version. Refused
    /// with [`StoreError::ForeignKey`] when the store holds secrets this key
    /// does not open (a mistyped passphrase, another identity): the new
    /// secret would be readable only by a key the others do not share.
    pub async fn save(
        &self,
        id: &SecretId,
        value: SecretValue,
        metadata: Metadata,
    ) -> Result<(), StoreError> {
        let id = id.clone();
        self.blocking(move |inner| inner.save(&id, &value, &metadata))
            .await
    }

    /// The secret `id`.
    pub async fn get(&self, id: &SecretId) -> Result<StoredSecret, StoreError> {
        let id = id.clone();
        self.blocking(move |inner| inner.get(&id)).await
    }

    /// Removes the secret `id`.
    pub async fn delete(&self, id: &SecretId) -> Result<(), StoreError> {
        let id = id.clone();
        self.blocking(move |inner| inner.delete(&id)).await
    }

    /// Every ID with its metadata.
    pub async fn list(&self) -> Result<BTreeMap<SecretId, Metadata>, StoreError> {
        self.blocking(|inner| inner.list()).await
    }

    /// The secrets `pattern` matches.
    pub async fn filter(&self, pattern: &Pattern) -> Result<Filtered, StoreError> {
        let pattern = pattern.clone();
        self.blocking(move |inner| inner.filter(&pattern)).await
    }

    /// A subscription to the store's changes, from file-system events on its
    /// directory (one watch, not one per secret). Each write and removal
    /// replaces or renames a secret's whole directory, this store's and
    /// Go's alike, so the directory's own entries tell every change; the
    /// staged and removed copies have hidden names that are no ID.
    /// [`StoreError::ChangesUnsupported`] when the system refuses the watch
    /// (out of inotify instances or watches).
    pub async fn changes(&self) -> Result<Changes, StoreError> {
        // Setting a watch up waits on the watcher's thread.
        self.blocking(|inner| watch(&inner.root)).await
    }
}

/// Watches `root`'s entries for as long as the returned [`Changes`] lives.
fn watch(root: &Path) -> Result<Changes, StoreError> {
    use notify::Watcher;
    let publisher = Publisher::new();
    // Some systems (FSEvents) report paths resolved; either form is the root.
    let resolved = fs::canonicalize(root).map_err(|e| StoreError::io(root, e))?;
    let events = publisher.clone();
    let watched = root.to_owned();
    let mut watcher = notify::recommended_watcher(move |event| {
        on_event(&watched, &resolved, &events, event);
    })
    .map_err(|e| unwatchable(root, e))?;
    watcher
        .watch(root, notify::RecursiveMode::NonRecursive)
        .map_err(|e| unwatchable(root, e))?;
    Ok(Changes::new(&publisher, watcher))
}

/// Why `root` cannot be watched, as a [`StoreError`]: the system's limits are
/// [`StoreError::ChangesUnsupported`] (the store itself works), a missing or
/// forbidden directory what any other operation would say.
fn unwatchable(root: &Path, error: notify::Error) -> StoreError {
    let unsupported = |reason: String| StoreError::ChangesUnsupported {
        backend: "encrypted file store",
        reason,
    };
    match error.kind {
        notify::ErrorKind::PathNotFound => {
            StoreError::io(root, io::Error::from(io::ErrorKind::NotFound))
        }
        notify::ErrorKind::MaxFilesWatch => unsupported(format!(
            "cannot watch {}: the system's limit of file-system watches is reached \
             (on Linux, raise fs.inotify.max_user_watches)",
            root.display()
        )),
        notify::ErrorKind::Io(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            StoreError::io(root, e)
        }
        notify::ErrorKind::Io(e) if e.raw_os_error() == Some(emfile()) => unsupported(format!(
            "cannot watch {}: {e} (on Linux, raise fs.inotify.max_user_instances)",
            root.display()
        )),
        other => unsupported(format!("cannot watch {}: {other:?}", root.display())),
    }
}

/// `EMFILE`, which inotify answers when a user has all the instances the
/// system allows.
#[cfg(unix)]
fn emfile() -> i32 {
    nix::errno::Errno::EMFILE as i32
}

#[cfg(not(unix))]
fn emfile() -> i32 {
    // No such limit to name elsewhere.
    -1
}

/// One file-system event on the store's directory, as changes: an entry
/// named after an ID was created, removed or renamed (to or from); hidden
/// names (staged writes, removals in progress, the lock file) are never
/// IDs. The directory itself going away ends the subscription.
fn on_event(
    root: &Path,
    resolved: &Path,
    publisher: &Publisher,
    event: notify::Result<notify::Event>,
) {
    use notify::event::{EventKind, ModifyKind, RenameMode};
    let event = match event {
        Ok(event) => event,
        // The watcher could not read its events: which ones is unknown.
        Err(_) => return publisher.unknown(),
    };
    // The kernel's queue overflowed and dropped events.
    if event.need_rescan() {
        return publisher.unknown();
    }
    match event.kind {
        // Readers open the lock file; nothing changes.
        EventKind::Access(_) => return,
        // inotify reports a rename as its two halves, then as the pair: the
        // halves already said it.
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => return,
        _ => {}
    }
    for path in &event.paths {
        if path == root || path == resolved {
            // Removed or moved away: its watch went with it.
            if matches!(
                event.kind,
                EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
            ) {
                publisher.end();
            }
            continue;
        }
        if let Some(id) = path.file_name().and_then(|n| n.to_str()).and_then(id_of) {
            publisher.secret(id);
        }
    }
}

/// The directory name of `id`: the standard base64 of its text.
pub fn dir_name(id: &SecretId) -> String {
    STANDARD.encode(id.as_str())
}

/// Whether looking up a secret's directory found none: an ID too long for a
/// file name was never stored either.
fn absent(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::InvalidFilename
    )
}

/// The ID a directory name stands for, if it is one.
fn id_of(name: &str) -> Option<SecretId> {
    let bytes = STANDARD.decode(name).ok()?;
    SecretId::parse(String::from_utf8(bytes).ok()?).ok()
}

impl Inner {
    /// Takes the store's lock, shared or exclusive, waiting up to
    /// [`LOCK_PATIENCE`]. Go's store may replace a lock file it thinks is
    /// stale; a lock on a file no longer at the path is dropped and taken
    /// again, as Go does.
    fn lock(&self, exclusive: bool) -> Result<File, StoreError> {
        let path = self.root.join(LOCK_FILE);
        let started = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            let file = private_file()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| StoreError::io(&path, e))?;
            // flock(2) on Unix, as Go's store takes it; LockFileEx on Windows.
            let taken = if exclusive {
                file.try_lock()
            } else {
                file.try_lock_shared()
            };
            match taken {
                Ok(()) => {
                    if still_at(&file, &path) {
                        touch(&file);
                        return Ok(file);
                    }
                }
                Err(std::fs::TryLockError::WouldBlock) => {}
                Err(std::fs::TryLockError::Error(e)) => return Err(StoreError::io(&path, e)),
            }
            if started.elapsed() > LOCK_PATIENCE {
                return Err(StoreError::Busy {
                    path: self.root.clone(),
                });
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(50));
        }
    }

    fn save(
        &self,
        id: &SecretId,
        value: &SecretValue,
        metadata: &Metadata,
    ) -> Result<(), StoreError> {
        if id.as_str().len() > MAX_ID_BYTES {
            return Err(StoreError::Config(format!(
                "the ID is {} bytes long; the encrypted file store keeps IDs of at most \
                 {MAX_ID_BYTES} bytes (a secret's directory is named after its ID in base64, \
                 and file names are limited to {NAME_MAX} bytes)",
                id.as_str().len()
            )));
        }
        let ciphertext = self.key.encrypt(value.expose()).map_err(|reason| {
            StoreError::Config(format!("cannot encrypt secret {id}: {reason}"))
        })?;
        let metadata_json =
            serde_json::to_vec(metadata).unwrap_or_else(|_| unreachable!("a string map encodes"));
        // What reads would refuse is not written.
        let largest = ciphertext.len().max(metadata_json.len());
        if largest as u64 > MAX_SECRET_FILE {
            return Err(StoreError::Config(format!(
                "not writing secret {id}: it takes {largest} bytes in the encrypted file store, \
                 over its limit of {} MiB ({MAX_SECRET_FILE} bytes) per file",
                MAX_SECRET_FILE >> 20
            )));
        }
        let _lock = self.lock(true)?;
        self.remove_leftovers();
        // Under the exclusive lock: no other writer can add a secret for
        // another key between this check and the write.
        self.check_key_fits(id)?;
        let write_err = |path: &Path, source: io::Error| StoreError::Write {
            id: id.to_string(),
            path: path.to_owned(),
            source,
        };
        let staged = temp_name(&self.root, ".new-", |path| private_dir().create(path))
            .map_err(|e| write_err(&self.root, e))?;
        let staged_result = write_synced(&staged.join(METADATA_FILE), &metadata_json)
            .and_then(|()| {
                let file = staged.join(format!("secret{}", self.key.key_type()));
                write_synced(&file, &ciphertext)
            })
            .and_then(|()| sync_dir(&staged))
            .map_err(|e| write_err(&staged, e));
        let published = staged_result.and_then(|()| {
            crash_point!("staged");
            let target = self.root.join(dir_name(id));
            publish(&self.root, &staged, &target).map_err(|e| write_err(&target, e))
        });
        if published.is_ok() {
            crash_point!("published");
        }
        // Left at `staged`: the old version after an exchange, the unfinished
        // new one after a failure.
        let _ = fs::remove_dir_all(&staged);
        published?;
        sync_dir(&self.root).map_err(|e| StoreError::Unavailable {
            backend: "encrypted file store",
            reason: format!(
                "secret {id} was written, but flushing {} to disk failed: {e}",
                self.root.display()
            ),
            hint: "",
        })
    }

    /// Refuses to write `id` when the store already holds secrets for
    /// another key. The first secret (by ID) whose file says anything
    /// decides: one this key opens lets the write through, one it does not
    /// open (or one encrypted only to another kind of key) refuses it.
    /// Damaged secrets are passed over, and a store without a readable
    /// secret takes any key.
    fn check_key_fits(&self, id: &SecretId) -> Result<(), StoreError> {
        if self.key_fits.load(Ordering::Relaxed) {
            return Ok(());
        }
        let secrets = self.entries()?;
        for (existing, dir) in &secrets {
            let file = dir.join(format!("secret{}", self.key.key_type()));
            let verdict = match fs::symlink_metadata(&file) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => match encrypted_for_others(dir) {
                    Some(reason) => Opens::No(reason),
                    None => continue,
                },
                _ => self.key.opens(&file),
            };
            match verdict {
                Opens::Yes => {
                    self.key_fits.store(true, Ordering::Relaxed);
                    return Ok(());
                }
                Opens::Unknown => continue,
                Opens::No(reason) => {
                    return Err(StoreError::ForeignKey {
                        id: id.to_string(),
                        root: self.root.clone().into_boxed_path(),
                        secrets: secrets.len(),
                        key: self.key.kind_name(),
                        sample: existing.to_string(),
                        reason,
                    });
                }
            }
        }
        Ok(())
    }

    /// Removes what interrupted writes and removals left behind.
    fn remove_leftovers(&self) {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            // An old version moved aside by a writer that then died: it is
            // the secret's only version when its directory is missing.
            if let Some(rest) = name.strip_prefix(ASIDE_PREFIX)
                && let Some((dir, _)) = rest.split_once('-')
                && !self.root.join(dir).exists()
                && fs::rename(entry.path(), self.root.join(dir)).is_ok()
            {
                continue;
            }
            if name.starts_with(".new-") || name.starts_with(".old-") {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }

    fn get(&self, id: &SecretId) -> Result<StoredSecret, StoreError> {
        let _lock = self.lock(false)?;
        let dir = self.root.join(dir_name(id));
        match fs::symlink_metadata(&dir) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                return Err(StoreError::Corrupt {
                    id: id.to_string(),
                    reason: "not a directory".into(),
                });
            }
            Err(e) if absent(&e) => {
                return Err(StoreError::NotFound(id.clone()));
            }
            Err(e) => return Err(StoreError::io(&dir, e)),
        }
        self.read_secret(id, &dir)
    }

    fn read_secret(&self, id: &SecretId, dir: &Path) -> Result<StoredSecret, StoreError> {
        let metadata = read_metadata(id, dir)?;
        let file = dir.join(format!("secret{}", self.key.key_type()));
        let ciphertext = match read_limited(&file) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(match encrypted_for_others(dir) {
                    Some(reason) => StoreError::WrongKey {
                        id: id.to_string(),
                        reason: format!(
                            "{reason} and this store is configured with a {} key",
                            self.key.kind_name()
                        ),
                    },
                    None => StoreError::Corrupt {
                        id: id.to_string(),
                        reason: "no encrypted value in its directory".into(),
                    },
                });
            }
            Err(e) => return Err(StoreError::io(&file, e)),
        };
        let value = self.key.decrypt(id, &ciphertext)?;
        Ok(StoredSecret {
            id: id.clone(),
            value,
            metadata,
        })
    }

    fn delete(&self, id: &SecretId) -> Result<(), StoreError> {
        let _lock = self.lock(true)?;
        let dir = self.root.join(dir_name(id));
        let doomed = match temp_name(&self.root, ".old-", |path| fs::rename(&dir, path)) {
            Ok(doomed) => doomed,
            Err(e) if absent(&e) => {
                return Err(StoreError::NotFound(id.clone()));
            }
            Err(e) => return Err(StoreError::io(&dir, e)),
        };
        crash_point!("removing");
        sync_dir(&self.root).map_err(|e| StoreError::io(&self.root, e))?;
        fs::remove_dir_all(&doomed).map_err(|e| StoreError::io(&doomed, e))
    }

    /// The secrets' directories: (ID, path), skipping anything that is not
    /// one (the lock file, hidden leftovers, foreign files).
    fn entries(&self) -> Result<Vec<(SecretId, PathBuf)>, StoreError> {
        let mut found = secret_dirs(&self.root).map_err(|e| StoreError::io(&self.root, e))?;
        found.sort();
        Ok(found)
    }

    fn list(&self) -> Result<BTreeMap<SecretId, Metadata>, StoreError> {
        let _lock = self.lock(false)?;
        let mut listed = BTreeMap::new();
        for (id, dir) in self.entries()? {
            match read_metadata(&id, &dir) {
                Ok(metadata) => {
                    listed.insert(id, metadata);
                }
                // A damaged entry is still a secret the user can see (and remove).
                Err(StoreError::Corrupt { .. }) => {
                    listed.insert(id, Metadata::new());
                }
                Err(e) => return Err(e),
            }
        }
        Ok(listed)
    }

    fn filter(&self, pattern: &Pattern) -> Result<Filtered, StoreError> {
        let lock = self.lock(false)?;
        let mut touched = Instant::now();
        let mut filtered = Filtered::default();
        // A pattern without wildcards names one directory: look it up rather
        // than list the store (8 ms for one ID among 10,000 otherwise).
        let candidates = match SecretId::parse(pattern.as_str()) {
            Ok(id) if pattern.is_id() => {
                let dir = self.root.join(dir_name(&id));
                match fs::symlink_metadata(&dir) {
                    Ok(meta) if meta.is_dir() => vec![(id, dir)],
                    Ok(_) => Vec::new(),
                    Err(e) if absent(&e) => Vec::new(),
                    Err(e) => return Err(StoreError::io(&dir, e)),
                }
            }
            _ => self.entries()?,
        };
        for (id, dir) in candidates {
            if !pattern.matches(&id) {
                continue;
            }
            // A passphrase store spends about a second per secret.
            if touched.elapsed() > LOCK_TOUCH {
                touch(&lock);
                touched = Instant::now();
            }
            match self.read_secret(&id, &dir) {
                Ok(secret) => filtered.secrets.push(secret),
                // One secret that cannot be read (damaged, another key, a
                // file the OS refuses) does not hide the others.
                Err(e) => filtered.skipped.push(e),
            }
        }
        Ok(filtered)
    }
}

fn key_kind_name(key_type: &str) -> &str {
    match key_type {
        "age" => "X25519 identity",
        "pass" => "passphrase",
        "ssh" => "SSH",
        other => other,
    }
}

/// Why a secret's directory holds no file for this store's key: `it is
/// encrypted with a <kinds> key`, naming the kinds of key it has values for
/// (`age`, `pass`, `ssh`); `None` when it has none.
fn encrypted_for_others(dir: &Path) -> Option<String> {
    let mut kinds: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let kind = name.strip_prefix("secret")?;
            (!kind.is_empty() && !kind.contains('.')).then(|| key_kind_name(kind).to_owned())
        })
        .collect();
    kinds.sort();
    (!kinds.is_empty()).then(|| format!("it is encrypted with a {} key", kinds.join(", ")))
}

fn read_metadata(id: &SecretId, dir: &Path) -> Result<Metadata, StoreError> {
    let path = dir.join(METADATA_FILE);
    let bytes = match read_limited(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(StoreError::Corrupt {
                id: id.to_string(),
                reason: "metadata.json is missing".into(),
            });
        }
        Err(e) => return Err(StoreError::io(&path, e)),
    };
    // Go writes `null` for a secret saved without metadata.
    serde_json::from_slice::<Option<Metadata>>(&bytes)
        .map(Option::unwrap_or_default)
        .map_err(|e| StoreError::Corrupt {
            id: id.to_string(),
            reason: format!(
                "metadata.json is not a JSON object of strings (line {}, column {})",
                e.line(),
                e.column()
            ),
        })
}

fn read_limited(path: &Path) -> io::Result<Vec<u8>> {
    let file = File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_SECRET_FILE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_SECRET_FILE {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than {MAX_SECRET_FILE} bytes"),
        ));
    }
    Ok(bytes)
}

/// Writes a new file (mode 0600) and flushes it to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = private_file().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Windows cannot open a directory to flush it; NTFS journals renames.
#[cfg(not(unix))]
fn sync_dir(_: &Path) -> io::Result<()> {
    Ok(())
}

/// Puts the staged directory at `target`: exchanged with the old version in
/// one step when there is one (afterwards `staged` holds the old version),
/// renamed into place when there is none.
fn publish(root: &Path, staged: &Path, target: &Path) -> io::Result<()> {
    match fs::symlink_metadata(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::rename(staged, target),
        Err(e) => Err(e),
        Ok(_) => exchange(root, staged, target),
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(root: &Path, staged: &Path, target: &Path) -> io::Result<()> {
    let dir = File::open(root)?;
    let (Some(a), Some(b)) = (staged.file_name(), target.file_name()) else {
        return Err(io::Error::other("staged and target paths need file names"));
    };
    match nix::fcntl::renameat2(&dir, a, &dir, b, nix::fcntl::RenameFlags::RENAME_EXCHANGE) {
        Ok(()) => Ok(()),
        // File systems without the exchange (NFS, older ZFS).
        Err(nix::errno::Errno::EINVAL | nix::errno::Errno::ENOSYS) => {
            exchange_aside(root, staged, target)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn exchange(root: &Path, staged: &Path, target: &Path) -> io::Result<()> {
    exchange_aside(root, staged, target)
}

/// Without an atomic exchange the old version is first moved aside, under a
/// name that says whose it is (`.old-aside-<dir name>-…`): a crash between
/// the two renames leaves the ID missing, and the next writer puts the old
/// version back ([`Inner::remove_leftovers`]). A failed second rename puts
/// it back at once. Afterwards `staged` holds the old version.
fn exchange_aside(root: &Path, staged: &Path, target: &Path) -> io::Result<()> {
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| io::Error::other("target path needs a file name"))?;
    let aside = temp_name(root, &format!("{ASIDE_PREFIX}{name}-"), |path| {
        fs::rename(target, path)
    })?;
    crash_point!("aside");
    if let Err(e) = fs::rename(staged, target) {
        let _ = fs::rename(&aside, target);
        return Err(e);
    }
    fs::rename(&aside, staged)
}

/// Where a secret's old version waits while the new one is moved in without
/// an atomic exchange.
const ASIDE_PREFIX: &str = ".old-aside-";

/// A name under `root` that nothing else has, `<prefix><random>`, where
/// `make` then creates or renames something (retried with another name if
/// the name is taken).
fn temp_name(
    root: &Path,
    prefix: &str,
    make: impl FnMut(&Path) -> io::Result<()>,
) -> io::Result<PathBuf> {
    let made = tempfile::Builder::new()
        .prefix(prefix)
        .rand_bytes(TEMP_RANDOM)
        .disable_cleanup(true)
        .make_in(root, make)?;
    Ok(made.path().to_owned())
}

/// Marks a held lock as alive for Go's stale-lock check (its modification
/// time), as Go's holders do, by truncating the empty file.
fn touch(lock: &File) {
    let _ = lock.set_len(0);
}

/// Whether the locked file is still the one at `path` (Go's store may have
/// replaced it).
#[cfg(unix)]
fn still_at(lock: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (lock.metadata(), fs::metadata(path)) {
        (Ok(held), Ok(current)) => held.ino() == current.ino() && held.dev() == current.dev(),
        _ => false,
    }
}

/// Windows does not let Go's store replace a file that is open here.
#[cfg(not(unix))]
fn still_at(_: &File, _: &Path) -> bool {
    true
}

/// A directory builder whose directories only their owner may enter (mode
/// 0700 on Unix; on Windows the parent's ACL, the user's profile, applies).
fn private_dir() -> fs::DirBuilder {
    #[allow(unused_mut)]
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    builder.mode(0o700);
    builder
}

/// Open options whose new files only their owner may read (mode 0600 on
/// Unix; on Windows the parent's ACL applies).
fn private_file() -> OpenOptions {
    #[allow(unused_mut)]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    options.mode(0o600);
    options
}

/// The permission bits of `path` when group or others may read or write it
/// (for the engine's warning about key and secrets files); `None` when only
/// its owner can, or it cannot be read.
#[cfg(unix)]
pub fn readable_by_others(path: &Path) -> Option<u32> {
    let mode = fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o077 != 0).then_some(mode & 0o777)
}

/// Windows has no mode bits; access is the ACL's business.
#[cfg(not(unix))]
pub fn readable_by_others(_: &Path) -> Option<u32> {
    None
}

#[cfg(test)]
mod identity_tests {
    use super::*;

    fn public_key(key: &FileKey) -> String {
        match key {
            FileKey::Identity(identity) => identity.to_public().to_string(),
            FileKey::Passphrase(_) => panic!("an identity"),
        }
    }

    #[test]
    fn one_identity_and_one_creator_when_several_start_at_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config/identity.txt");
        let barrier = std::sync::Barrier::new(8);
        let opened: Vec<(String, bool)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    scope.spawn(|| {
                        barrier.wait();
                        let (key, created) = FileKey::identity_file(&path, true).expect("opens");
                        (public_key(&key), created)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().expect("thread"))
                .collect()
        });
        assert_eq!(
            opened.iter().filter(|(_, created)| *created).count(),
            1,
            "exactly one says it created the identity: {opened:?}"
        );
        assert!(
            opened.iter().all(|(key, _)| *key == opened[0].0),
            "{opened:?}"
        );
        let (again, created) = FileKey::identity_file(&path, true).expect("reads");
        assert!(!created);
        assert_eq!(public_key(&again), opened[0].0);
    }
}
