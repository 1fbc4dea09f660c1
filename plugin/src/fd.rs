//! Adopting the connection an engine passed at launch: the one place in the
//! SDK that needs `unsafe`, to turn a raw file descriptor into an owned one.
#![allow(unsafe_code)]

use std::os::fd::{FromRawFd, OwnedFd};
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::net::UnixStream;

static ADOPTED: AtomicBool = AtomicBool::new(false);

/// Takes ownership of `fd`, the plugin's end of the engine's socketpair.
/// Only once per process: a second call is an error, never a second owner.
pub(crate) fn adopt_launch_fd(fd: i32) -> std::io::Result<UnixStream> {
    if ADOPTED.swap(true, Ordering::SeqCst) {
        return Err(std::io::Error::other(
            "the launch connection was already adopted",
        ));
    }
    // SAFETY: the engine passed `fd` to this process for the plugin
    // connection (the launch configuration says so and it was validated to
    // be above the standard streams); nothing else in the process owns it,
    // and the flag above makes this the only adoption.
    let owned = unsafe { OwnedFd::from_raw_fd(fd) };
    let stream = std::os::unix::net::UnixStream::from(owned);
    stream.set_nonblocking(true)?;
    UnixStream::from_std(stream)
}
