//! Who is calling: the process on the other end of a client connection,
//! from the socket's peer credentials, read once when the connection is
//! accepted and carried by each of its requests (an extension).
//!
//! Exec keeps the PID and any descriptor not close-on-exec; an exited
//! process's PID is reused. So where the executable is read at accept, each
//! request is refused unless the process that connected still runs it.
//!
//! Only the engine's own user may use the engine, unless the configuration
//! allows more (`allowed_uids`): the socket's mode keeps other users out, but
//! root ignores it, and a mode widened by mistake must not open the engine.
//! A connection from anyone else is served, but every call on it answers
//! `permission_denied` (and `/hijack` 403), so its client is told why.

use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::Arc;

use tonic::Status;

/// The process on the other end of a connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// Its process ID, when the system reports one.
    pub pid: Option<i32>,
    /// Its user ID.
    pub uid: u32,
    /// Its group ID.
    pub gid: u32,
    /// Whether its user may use the engine.
    pub permitted: bool,
    /// Its executable, when something needs it (a policy file or the audit
    /// log) and `/proc` tells: read at accept, while the process that
    /// connected is most likely still the one with that PID.
    pub executable: Option<Arc<Path>>,
    /// Its parent process's executable, likewise.
    pub parent_executable: Option<Arc<Path>>,
    /// The program it ran when `executable` was read, which its requests
    /// must still come from.
    pub image: Option<ProcessImage>,
}

/// A process's start time (a later process given its PID has another) and
/// its executable file's device and inode (exec changes them, not the rest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcessImage {
    started: u64,
    device: u64,
    inode: u64,
}

/// What the engine decides about callers as they connect; replaced as a
/// whole on reload.
#[derive(Debug, Clone)]
pub struct CallerRules {
    /// Users allowed besides the engine's own.
    pub allowed_uids: Vec<u32>,
    /// Whether to read each caller's executables.
    pub read_executables: bool,
}

/// The current [`CallerRules`], shared by the accept loop and reloads.
pub type SharedCallerRules = arc_swap::ArcSwap<CallerRules>;

impl Caller {
    /// The caller of `stream` under `rules`, or `None` if the system does
    /// not say who it is (the connection is then refused).
    pub fn of(stream: &tokio::net::UnixStream, rules: &CallerRules) -> Option<Caller> {
        let credentials = stream.peer_cred().ok()?;
        let (uid, pid) = (credentials.uid(), credentials.pid());
        let permitted = uid == nix::unistd::geteuid().as_raw() || rules.allowed_uids.contains(&uid);
        let ((executable, image), parent_executable) = match pid {
            Some(pid) if rules.read_executables => {
                (running(pid).unzip(), parent_of(pid).and_then(executable_of))
            }
            _ => ((None, None), None),
        };
        Some(Caller {
            pid,
            uid,
            gid: credentials.gid(),
            permitted,
            executable,
            parent_executable,
            image,
        })
    }

    /// `permission_denied` if the process that connected has since exec'd
    /// or exited: the executable read at accept is no longer what runs (and
    /// whatever holds the connection now may be another program).
    fn check_unchanged(&self) -> Result<(), Status> {
        let (Some(pid), Some(image)) = (self.pid, self.image) else {
            return Ok(());
        };
        if ProcessImage::of(pid) == Some(image) {
            return Ok(());
        }
        tracing::warn!(
            uid = self.uid,
            pid,
            executable = ?self.executable.as_deref(),
            "refused a request: the process that connected exec'd or exited since"
        );
        Err(Status::permission_denied(
            "the connecting process exec'd or exited since it connected; reconnect",
        ))
    }

    /// `permission_denied` for a caller whose user may not use the engine.
    pub fn check_permitted(&self) -> Result<(), Status> {
        if self.permitted {
            Ok(())
        } else {
            Err(Status::permission_denied(format!(
                "user {} may not use this engine: it serves only its own user (uid {}) and the \
                 allowed_uids of its configuration",
                self.uid,
                nix::unistd::geteuid().as_raw()
            )))
        }
    }
}

/// Refuses a call whose connection's user may not use the engine, or whose
/// connecting process no longer runs the executable read at accept. Calls
/// without a caller come from inside the process (tests, builtin code), not
/// from the socket: every socket connection has one.
pub fn check_request<T>(request: &tonic::Request<T>) -> Result<(), Status> {
    match request.extensions().get::<Caller>() {
        Some(caller) => caller
            .check_permitted()
            .and_then(|()| caller.check_unchanged()),
        None => Ok(()),
    }
}

impl ProcessImage {
    /// What `pid` runs now, `None` if it has exited. Runs on every request
    /// of a connection whose executable was read, so it does not allocate.
    /// The executable is read before the start time: a PID reused between
    /// the two reads shows as another start time.
    fn of(pid: i32) -> Option<ProcessImage> {
        let exe = std::fs::metadata(proc_file(&mut [0; 40], pid, "exe")?).ok()?;
        Some(ProcessImage {
            started: stat_field(pid, 22)?,
            device: exe.dev(),
            inode: exe.ino(),
        })
    }
}

/// The path of the executable `pid` runs and the program it is, read so
/// that both belong to the same program: an exec between the reads leaves
/// the executable unknown.
fn running(pid: i32) -> Option<(Arc<Path>, ProcessImage)> {
    let path = executable_of(pid)?;
    let image = ProcessImage::of(pid)?;
    (executable_of(pid)? == path).then_some((path, image))
}

fn executable_of(pid: i32) -> Option<Arc<Path>> {
    std::fs::read_link(format!("/proc/{pid}/exe"))
        .ok()
        .map(Arc::from)
}

/// The parent's PID.
fn parent_of(pid: i32) -> Option<i32> {
    stat_field(pid, 4)?.try_into().ok()
}

/// `/proc/<pid>/<name>`, written into `buffer`.
fn proc_file<'a>(buffer: &'a mut [u8], pid: i32, name: &str) -> Option<&'a Path> {
    let mut cursor = std::io::Cursor::new(buffer);
    write!(cursor, "/proc/{pid}/{name}").ok()?;
    let written = cursor.position() as usize;
    Some(Path::new(std::ffi::OsStr::from_bytes(
        &cursor.into_inner()[..written],
    )))
}

/// Numeric field `number` (counted from 1, as in proc(5); 3 or later) of
/// `/proc/<pid>/stat`. Field 2 is the command name in parentheses, which may
/// itself hold spaces and parentheses: fields are counted from its last `)`
/// (no later field holds one).
fn stat_field(pid: i32, number: usize) -> Option<u64> {
    let mut stat = [0u8; 1024];
    let mut file = std::fs::File::open(proc_file(&mut [0; 40], pid, "stat")?).ok()?;
    let read = file.read(&mut stat).ok()?;
    let stat = &stat[..read];
    let after_name = &stat[stat.iter().rposition(|&byte| byte == b')')? + 1..];
    let field = after_name
        .split(|&byte| byte == b' ')
        .filter(|field| !field.is_empty())
        .nth(number.checked_sub(3)?)?;
    std::str::from_utf8(field).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_caller_is_identified_from_its_socket() {
        let rules = |read_executables| CallerRules {
            allowed_uids: Vec::new(),
            read_executables,
        };
        let (ours, theirs) = tokio::net::UnixStream::pair().expect("pair");
        let caller = Caller::of(&ours, &rules(true)).expect("peer credentials");
        assert_eq!(caller.pid, Some(std::process::id() as i32));
        assert_eq!(caller.uid, nix::unistd::geteuid().as_raw());
        assert_eq!(caller.gid, nix::unistd::getegid().as_raw());
        assert!(caller.permitted);
        assert!(caller.check_permitted().is_ok());
        let exe = std::env::current_exe().expect("current exe");
        assert_eq!(caller.executable.as_deref(), Some(exe.as_path()));
        assert_eq!(
            parent_of(std::process::id() as i32),
            Some(nix::unistd::getppid().as_raw())
        );
        assert!(caller.parent_executable.is_some());
        assert_eq!(caller.image, ProcessImage::of(std::process::id() as i32));
        assert!(caller.image.is_some() && caller.check_unchanged().is_ok());
        drop(theirs);

        let (ours, _theirs) = tokio::net::UnixStream::pair().expect("pair");
        let caller = Caller::of(&ours, &rules(false)).expect("peer credentials");
        assert_eq!((caller.executable, caller.parent_executable), (None, None));
    }

    #[test]
    fn another_user_is_denied_with_a_reason() {
        let stranger = Caller {
            pid: Some(1),
            uid: 4242,
            gid: 4242,
            permitted: false,
            executable: None,
            parent_executable: None,
            image: None,
        };
        let status = stranger.check_permitted().expect_err("denied");
        assert_eq!(status.code(), tonic::Code::PermissionDenied);
        assert!(
            status
                .message()
                .starts_with("user 4242 may not use this engine")
        );
        let mut request = tonic::Request::new(());
        request.extensions_mut().insert(stranger);
        assert!(check_request(&request).is_err());
        assert!(check_request(&tonic::Request::new(())).is_ok());
    }
}
