//! Starting a plugin process: its end of the socketpair on FD 3, and a
//! parent-death signal so it never outlives the engine. One of the engine's
//! few modules that need `unsafe` (a `pre_exec` hook runs between fork and
//! exec).
#![allow(unsafe_code)]

use std::os::fd::OwnedFd;

use command_fds::{CommandFdExt, FdMapping};
use nix::sys::signal::Signal;
use tokio::process::Command;

/// Passes `connection` to the child as `fd` and asks the kernel to SIGKILL
/// the child if the engine dies first.
pub(crate) fn prepare(command: &mut Command, connection: OwnedFd, fd: i32) -> std::io::Result<()> {
    command
        .fd_mappings(vec![FdMapping {
            parent_fd: connection,
            child_fd: fd,
        }])
        .map_err(std::io::Error::other)?;
    // SAFETY: the hook runs in the forked child before exec and only calls
    // prctl(PR_SET_PDEATHSIG), which is async-signal-safe and allocates
    // nothing.
    unsafe {
        command.pre_exec(|| {
            nix::sys::prctl::set_pdeathsig(Signal::SIGKILL).map_err(std::io::Error::from)
        });
    }
    Ok(())
}
