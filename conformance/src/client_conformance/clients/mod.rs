//! The clients under test: the Rust client library in process, and
//! clients with a command line (`docker-pass`, Docker's Go client, the
//! generated TypeScript, Python and Go clients) run as child processes.

pub(super) mod command;
pub(super) mod docker_pass;
pub(super) mod generated;
pub(super) mod go_client;
pub(super) mod rust_library;
