//! Taking the listening socket from systemd (socket activation).
//!
//! A `.socket` unit makes systemd create and listen on the engine's socket
//! before any engine runs; the first client to connect makes it start the
//! service, which inherits the socket as file descriptor 3 with
//! `LISTEN_FDS=1` and `LISTEN_PID` set to its own process ID. The engine then
//! serves that socket instead of creating one, and it may exit when idle:
//! systemd keeps listening, so the next client is queued, not refused, and
//! starts the engine again.
//!
//! The rules this module follows, from systemd's `sd_listen_fds(3)`:
//! - the variables are for this process only when `LISTEN_PID` is its own
//!   process ID (otherwise they were inherited by mistake and are ignored);
//! - the sockets start at file descriptor 3;
//! - `LISTEN_FDNAMES`, when present, names them (colon-separated, from
//!   `FileDescriptorName=`, or the socket unit's name by default). The
//!   engine takes every one named `secrets-engine` (or
//!   `secrets-engine.socket`, the default for a unit of that name: the unit
//!   listens on both the engine socket and the daemon socket), or a lone one
//!   nobody named; a socket named otherwise belongs to another service, and
//!   the engine refuses it rather than answer on it.
//!
//! Every passed descriptor is marked close-on-exec, so plugins and
//! credential helpers the engine starts never hold the listening socket.
//!
//! One of the engine's few modules that need `unsafe`: it takes ownership
//! of a descriptor the process inherited by number.
#![allow(unsafe_code)]

use std::os::fd::{FromRawFd, OwnedFd, RawFd};
use std::os::unix::net::UnixListener;

use nix::sys::socket::{SockType, getsockopt, sockopt};

/// The name the engine's socket has in `LISTEN_FDNAMES`
/// (`FileDescriptorName=` in the unit).
pub const SOCKET_NAME: &str = "secrets-engine";

/// The first descriptor systemd passes (`SD_LISTEN_FDS_START`).
const FIRST_FD: RawFd = 3;

/// Why a passed socket cannot be used. The engine stops rather than create a
/// socket of its own: systemd would go on listening on the one it passed, and
/// clients would wait there for an engine that never answers.
#[derive(Debug, thiserror::Error)]
pub enum ActivationError {
    /// `LISTEN_FDS` is not a number of descriptors.
    #[error("LISTEN_FDS is {0:?}, not a number of sockets")]
    BadCount(String),
    /// `LISTEN_FDNAMES` has a different number of names than sockets.
    #[error("LISTEN_FDNAMES names {names} sockets but LISTEN_FDS passes {fds}")]
    NamesMismatch {
        /// Names given.
        names: usize,
        /// Sockets passed.
        fds: usize,
    },
    /// None of the passed sockets is the engine's.
    #[error(
        "systemd passed {count} sockets named {names:?}, none named {SOCKET_NAME:?}; \
         set FileDescriptorName={SOCKET_NAME} in the .socket unit"
    )]
    NotNamed {
        /// How many were passed.
        count: usize,
        /// Their names.
        names: Vec<String>,
    },
    /// Several unnamed sockets: which one is the engine's is not known.
    #[error(
        "systemd passed {0} sockets without names; name the engine's with \
         FileDescriptorName={SOCKET_NAME} in the .socket unit"
    )]
    Unnamed(usize),
    /// The passed descriptor is not a listening Unix stream socket.
    #[error(
        "the socket systemd passed (descriptor {fd}) is not a listening Unix stream socket \
         ({why}); use ListenStream= with a path in the .socket unit"
    )]
    NotAUnixListener {
        /// The descriptor.
        fd: RawFd,
        /// What is wrong with it.
        why: String,
    },
}

/// Which passed descriptors are the engine's sockets, and how many were
/// passed, from the values of `LISTEN_PID`, `LISTEN_FDS` and
/// `LISTEN_FDNAMES`: `None` when the variables are absent or meant for
/// another process.
pub fn choose(
    listen_pid: Option<&str>,
    own_pid: u32,
    listen_fds: Option<&str>,
    names: Option<&str>,
) -> Result<Option<(Vec<RawFd>, usize)>, ActivationError> {
    if listen_pid.and_then(|pid| pid.trim().parse::<u32>().ok()) != Some(own_pid) {
        return Ok(None);
    }
    let count_text = listen_fds.unwrap_or_default();
    let count: usize = count_text
        .trim()
        .parse()
        .map_err(|_| ActivationError::BadCount(count_text.to_owned()))?;
    if count == 0 {
        return Ok(None);
    }
    // Bounded so that descriptor numbers cannot overflow.
    if count > 1024 {
        return Err(ActivationError::BadCount(count_text.to_owned()));
    }
    let fds: Vec<RawFd> = match names {
        Some(names) => {
            let names: Vec<&str> = names.split(':').collect();
            if names.len() != count {
                return Err(ActivationError::NamesMismatch {
                    names: names.len(),
                    fds: count,
                });
            }
            let ours: Vec<RawFd> = names
                .iter()
                .enumerate()
                .filter(|(_, name)| {
                    **name == SOCKET_NAME || name.strip_suffix(".socket") == Some(SOCKET_NAME)
                })
                .map(|(index, _)| FIRST_FD + index as RawFd)
                .collect();
            match ours {
                ours if !ours.is_empty() => ours,
                // "unknown" is what systemd's tools call a socket nobody
                // named (`systemd-socket-activate` without `--fdname`); a
                // lone one is taken, as it would be with no names at all.
                _ if count == 1 && names[0] == "unknown" => vec![FIRST_FD],
                _ => {
                    return Err(ActivationError::NotNamed {
                        count,
                        names: names
                            .iter()
                            .map(|name| name.escape_debug().to_string())
                            .collect(),
                    });
                }
            }
        }
        None if count == 1 => vec![FIRST_FD],
        None => return Err(ActivationError::Unnamed(count)),
    };
    Ok(Some((fds, count)))
}

/// The listening sockets systemd passed this process (none if it passed
/// none). Call it once, at start, before anything else opens files.
pub fn from_environment() -> Result<Vec<UnixListener>, ActivationError> {
    let var = |name| std::env::var(name).ok();
    let Some((fds, count)) = choose(
        var("LISTEN_PID").as_deref(),
        std::process::id(),
        var("LISTEN_FDS").as_deref(),
        var("LISTEN_FDNAMES").as_deref(),
    )?
    else {
        return Ok(Vec::new());
    };
    for passed in FIRST_FD..FIRST_FD + count as RawFd {
        // SAFETY: fcntl on a descriptor number changes only its flags; on a
        // number that is not open it fails with EBADF, which is ignored.
        unsafe {
            libc::fcntl(passed, libc::F_SETFD, libc::FD_CLOEXEC);
        }
    }
    fds.into_iter().map(adopt).collect()
}

/// Takes passed descriptor `fd` as a listening Unix socket.
fn adopt(fd: RawFd) -> Result<UnixListener, ActivationError> {
    let not_a_listener = |why: String| ActivationError::NotAUnixListener { fd, why };
    // SAFETY: systemd passed this descriptor to this process (LISTEN_PID is
    // ours) and nothing in the engine has used it yet; `choose` gives each
    // number out once, and this function runs once, at start.
    let (valid, owned) = unsafe {
        (
            libc::fcntl(fd, libc::F_GETFD) != -1,
            OwnedFd::from_raw_fd(fd),
        )
    };
    if !valid {
        // Not open: forget the number rather than close someone else's.
        std::mem::forget(owned);
        return Err(not_a_listener("it is not open".to_owned()));
    }
    match getsockopt(&owned, sockopt::SockType) {
        Ok(SockType::Stream) => {}
        Ok(other) => return Err(not_a_listener(format!("its type is {other:?}"))),
        Err(errno) => return Err(not_a_listener(errno.desc().to_owned())),
    }
    match getsockopt(&owned, sockopt::AcceptConn) {
        Ok(true) => {}
        Ok(false) => return Err(not_a_listener("it is not listening".to_owned())),
        Err(errno) => return Err(not_a_listener(errno.desc().to_owned())),
    }
    let listener = UnixListener::from(owned);
    // The address family: only a Unix socket has a Unix local address.
    listener
        .local_addr()
        .map_err(|error| not_a_listener(error.to_string()))?;
    Ok(listener)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_for_this_process() {
        assert_eq!(choose(None, 42, Some("1"), None).expect("ok"), None);
        assert_eq!(choose(Some("41"), 42, Some("1"), None).expect("ok"), None);
        assert_eq!(choose(Some("x"), 42, Some("1"), None).expect("ok"), None);
        assert_eq!(choose(Some("42"), 42, Some("0"), None).expect("ok"), None);
        assert_eq!(
            choose(Some("42"), 42, Some("1"), None).expect("ok"),
            Some((vec![3], 1))
        );
    }

    #[test]
    fn the_socket_named_secrets_engine() {
        let chosen = |names| choose(Some("7"), 7, Some("3"), Some(names));
        assert_eq!(
            chosen("a:secrets-engine:b").expect("ok"),
            Some((vec![4], 3))
        );
        assert_eq!(
            chosen("a:b:secrets-engine.socket").expect("ok"),
            Some((vec![5], 3))
        );
        // The unit's two sockets (engine socket and daemon socket) share
        // the name; the engine takes both.
        assert_eq!(
            chosen("secrets-engine:other:secrets-engine").expect("ok"),
            Some((vec![3, 5], 3))
        );
        let err = chosen("a:b:c").expect_err("none is ours");
        assert!(
            err.to_string()
                .contains("FileDescriptorName=secrets-engine"),
            "{err}"
        );
        let err = chosen("a:secrets-engine").expect_err("two names for three");
        assert!(matches!(
            err,
            ActivationError::NamesMismatch { names: 2, fds: 3 }
        ));
        // A lone socket nobody named is ours; one named for another
        // service is not.
        assert_eq!(
            choose(Some("7"), 7, Some("1"), Some("unknown")).expect("ok"),
            Some((vec![3], 1))
        );
        let err = choose(Some("7"), 7, Some("1"), Some("docker.socket")).expect_err("not ours");
        assert!(err.to_string().contains("\"docker.socket\""), "{err}");
        let err = choose(Some("7"), 7, Some("2"), None).expect_err("which one?");
        assert!(matches!(err, ActivationError::Unnamed(2)));
        let err = choose(Some("7"), 7, Some("many"), None).expect_err("not a number");
        assert!(err.to_string().contains("\"many\""), "{err}");
    }
}
