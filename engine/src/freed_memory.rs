//! Giving freed memory back to the system after a flood of connections.
//!
//! glibc's allocator returns memory to the system only from the top of its
//! heap; what a thousand connections freed in the middle stays resident,
//! so an engine that once held a flood kept its peak RSS for ever (about
//! 30 MB after 1024 stalled requests). `malloc_trim` also releases the free
//! pages in the middle of the heap. It walks the heap (a millisecond or so
//! after a flood), so it runs only when a flood ends, not per connection.
//!
//! One of the engine's few modules that need `unsafe`: a call into the C
//! library, which has no safe wrapper.
#![allow(unsafe_code)]

/// Releases free memory the allocator holds back to the system, where the
/// allocator can (glibc); elsewhere does nothing.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `malloc_trim` takes a pad size and only inspects and
        // releases memory the allocator owns and has marked free.
        let _ = unsafe { libc::malloc_trim(0) };
    }
}
