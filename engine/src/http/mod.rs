//! Serving connections: the sockets the engine listens on (bound, or passed
//! by systemd), who is calling, and the HTTP server with its timeouts,
//! connection cap and connection threads.

pub(crate) mod body_timeout;
pub(crate) mod caller;
pub(crate) mod coarse_timer;
pub(crate) mod connection_cap;
pub(crate) mod connection_threads;
pub(crate) mod http1_timeouts;
pub(crate) mod http2_idle;
pub(crate) mod server;
pub mod socket;
pub mod socket_activation;
