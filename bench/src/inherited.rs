//! The listening socket a socket activator passed this process, so that the
//! bare server can be activated the way the engine is (the ceiling of the
//! first-request figure): systemd's protocol, descriptor 3 with
//! `LISTEN_FDS=1` and `LISTEN_PID` set to this process. The one place in the
//! load tool that needs `unsafe`, to own a descriptor inherited by number.
#![allow(unsafe_code)]

use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::net::UnixListener;

/// The first descriptor an activator passes (`SD_LISTEN_FDS_START`).
const FIRST_FD: i32 = 3;

/// Whether the activation variables, as read from the environment, pass
/// exactly one socket to the process `own_pid`. Variables naming another
/// process were inherited by mistake and do not count.
pub fn passes_one_socket(listen_pid: Option<&str>, listen_fds: Option<&str>, own_pid: u32) -> bool {
    listen_pid.and_then(|pid| pid.trim().parse::<u32>().ok()) == Some(own_pid)
        && listen_fds.map(str::trim) == Some("1")
}

/// The socket passed to this process, if one was; an error if the
/// variables say one was but descriptor 3 is not a Unix socket. Call it
/// before anything else opens files (the runtime's own descriptors would
/// otherwise take number 3 when it is free).
pub fn listener() -> Result<Option<UnixListener>, String> {
    let var = |name| std::env::var(name).ok();
    if !passes_one_socket(
        var("LISTEN_PID").as_deref(),
        var("LISTEN_FDS").as_deref(),
        std::process::id(),
    ) {
        return Ok(None);
    }
    // SAFETY: the activator passed descriptor 3 to this very process
    // (`LISTEN_PID` is ours) and nothing in it has opened or used a
    // descriptor yet; this function runs once, at start.
    let listener = UnixListener::from(unsafe { OwnedFd::from_raw_fd(FIRST_FD) });
    match listener.local_addr() {
        Ok(_) => Ok(Some(listener)),
        Err(error) => {
            // Not a socket of ours, or not open at all: forget the number
            // rather than close it.
            std::mem::forget(listener);
            Err(format!(
                "LISTEN_FDS=1 but descriptor {FIRST_FD} is not a Unix socket: {error}"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::passes_one_socket;

    #[test]
    fn only_one_socket_for_this_process() {
        assert!(passes_one_socket(Some("42"), Some("1"), 42));
        assert!(passes_one_socket(Some(" 42\n"), Some("1 "), 42));
        assert!(
            !passes_one_socket(Some("41"), Some("1"), 42),
            "another process's"
        );
        assert!(!passes_one_socket(None, Some("1"), 42));
        assert!(!passes_one_socket(Some("42"), None, 42));
        assert!(!passes_one_socket(Some("42"), Some("0"), 42));
        assert!(!passes_one_socket(Some("42"), Some("2"), 42), "which one?");
        assert!(!passes_one_socket(Some("x"), Some("1"), 42));
    }
}
