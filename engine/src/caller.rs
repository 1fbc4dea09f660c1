//! Who is calling: the process on the other end of a client connection,
//! from the socket's peer credentials, read once when the connection is
//! accepted and carried by each of its requests (an extension).
//!
//! Only the engine's own user may use the engine, unless the configuration
//! allows more (`allowed_uids`): the socket's mode keeps other users out, but
//! root ignores it, and a mode widened by mistake must not open the engine.
//! A connection from anyone else is served, but every call on it answers
//! `permission_denied` (and `/hijack` 403), so its client is told why.

use std::path::Path;
use std::sync::{Arc, RwLock};

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
#[derive(Debug)]
pub struct SharedCallerRules(RwLock<Arc<CallerRules>>);

impl SharedCallerRules {
    pub fn new(rules: CallerRules) -> Self {
        Self(RwLock::new(Arc::new(rules)))
    }

    pub fn current(&self) -> Arc<CallerRules> {
        self.0.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn replace(&self, rules: CallerRules) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(rules);
    }
}

impl Caller {
    /// The caller of `stream` under `rules`, or `None` if the system does
    /// not say who it is (the connection is then refused).
    pub fn of(stream: &tokio::net::UnixStream, rules: &CallerRules) -> Option<Caller> {
        let credentials = stream.peer_cred().ok()?;
        let (uid, pid) = (credentials.uid(), credentials.pid());
        let permitted = uid == nix::unistd::geteuid().as_raw() || rules.allowed_uids.contains(&uid);
        let (executable, parent_executable) = match pid {
            Some(pid) if rules.read_executables => {
                (executable_of(pid), parent_of(pid).and_then(executable_of))
            }
            _ => (None, None),
        };
        Some(Caller {
            pid,
            uid,
            gid: credentials.gid(),
            permitted,
            executable,
            parent_executable,
        })
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

/// Refuses a call whose connection's user may not use the engine. Calls
/// without a caller come from inside the process (tests, builtin code), not
/// from the socket: every socket connection has one.
pub fn check_request<T>(request: &tonic::Request<T>) -> Result<(), Status> {
    match request.extensions().get::<Caller>() {
        Some(caller) => caller.check_permitted(),
        None => Ok(()),
    }
}

fn executable_of(pid: i32) -> Option<Arc<Path>> {
    std::fs::read_link(format!("/proc/{pid}/exe"))
        .ok()
        .map(Arc::from)
}

/// The parent's PID, from `/proc/<pid>/stat` (the field after the command
/// name, which is in parentheses and may itself hold spaces or parentheses).
fn parent_of(pid: i32) -> Option<i32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_caller_is_identified_from_its_socket() {
        let (ours, theirs) = tokio::net::UnixStream::pair().expect("pair");
        let rules = CallerRules {
            allowed_uids: Vec::new(),
            read_executables: true,
        };
        let caller = Caller::of(&ours, &rules).expect("peer credentials");
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
        drop(theirs);

        let (ours, _theirs) = tokio::net::UnixStream::pair().expect("pair");
        let quiet = CallerRules {
            allowed_uids: Vec::new(),
            read_executables: false,
        };
        let caller = Caller::of(&ours, &quiet).expect("peer credentials");
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
