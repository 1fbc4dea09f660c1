//! Client conformance: plays a recorded engine to a client and checks what the
//! client sends and how it surfaces each recorded answer.
//!
//! For each scenario a fresh Unix socket is served by a *recorded engine*:
//! a server that records every request a client sends (method, path,
//! headers, body) and answers with what the Go engine sent in one of the
//! upstream fixtures (`fixtures/upstream`). Over HTTP/1.1 the answer is the
//! recorded bytes exactly: status line, headers (`Date` included) and body
//! framing. Over HTTP/2 with prior knowledge (gRPC clients; the recorded Go
//! engine did not speak it, this project's does) it is the same answer
//! re-framed: status, headers without the HTTP/1.1 connection ones, the
//! de-chunked body, the chunked trailers as HTTP/2 trailers. The fixture is
//! chosen by the scenario and by the content type the client sent, so a
//! binary-protobuf client hears `getsecrets_proto_*`, a JSON client
//! `getsecrets_json_*`, a gRPC one `grpc_http1_*`. A path the scenario does
//! not serve (an RPC of a later API, say) is answered as the Go engine
//! answered an unknown method (`unknown_rpc_method`, a plain 404). Answers
//! recorded only in Connect JSON (ListPlugins, a secret with metadata, the
//! `**` wildcard) are played to a binary-protobuf client as the recorded JSON
//! answer with its body encoded as the RPC's protobuf message and
//! `Content-Type`/`Content-Length` rewritten, every other header as recorded
//! ([`Source::JsonAsProto`]); the report names them `<fixture> as protobuf`.
//!
//! The scenarios ([`SCENARIOS`]): a hit (an exact ID, one with metadata and
//! a version, the `**` wildcard across three plugins), a miss, an invalid
//! pattern (asked
//! as recorded, so a client may refuse it before sending), an engine-side
//! invalid argument (the recorded answer to a pattern the client accepts:
//! the engine's message must reach the caller), a 415 and a plain HTTP error
//! (an error that keeps its status, not a panic or a hang), and ListPlugins.
//! Each (client, scenario) gives two checks: `request` (POST, the RPC's path,
//! a `Host`, a content type the recorded engine accepts (its `Accept-Post`),
//! `Connect-Protocol-Version: 1` for Connect or `TE: trailers` for gRPC, a
//! body that decodes to what was asked) and `surfaced` (what the client gave
//! its caller). Every client run is bounded by a timeout.
//!
//! # Adding a client
//!
//! A client under test is a [`ClientUnderTest`]: a name, and how to make one
//! [`Call`] against a socket, returning what the client surfaced as a
//! [`Surfaced`] (the secrets or plugins it returned, or its error kind and
//! message). A client with a command line is a [`CommandClient`]: the program,
//! the arguments (and environment) of each call, and a function reading its
//! exit status, stdout and stderr into a [`Surfaced`]; see [`docker_pass`]
//! and [`go_client`]. The generated TypeScript, Python and Go clients
//! (`gen/ts`, `gen/python`, `gen/go`) are `CommandClient`s over small
//! commands in `interop/clients/<language>/` sharing one contract
//! (`read_generated`: `get SOCKET PATTERN` and `plugins SOCKET` print JSON
//! lines, an RPC error is `<code> <message>` on stderr and exit 2); see
//! [`ts_generated`], [`python_generated`] and [`go_generated`]. In-process
//! Rust clients implement the trait directly, as [`RustLibrary`] does. Pass
//! the list to [`run`]; for the command, add the adapter to
//! `client_conformance` in `main.rs` with a `--<client> PATH` option, as
//! `--docker-pass`, `--go-client`, `--ts-client`, `--python-client` and
//! `--go-client-generated` are. A scenario with no recording for the codec a
//! client sends (no gRPC recording of an invalid pattern, say: the Python
//! client speaks only gRPC) is reported `SKIP` for that client, not failed.
//!
//! The parts: `scenarios` says what each scenario asks and plays,
//! `recording` loads the answers, `recorded_engine` serves them on a socket
//! (`h2_answer` and `rewind` for HTTP/2), `request_check` and
//! `surfaced_check` judge what a client sent and surfaced, `run` plays every
//! scenario to every client, and `clients` holds the clients under test.

mod check;
mod client;
mod clients;
mod codec;
mod h2_answer;
mod recorded_answers;
mod recorded_engine;
mod recording;
mod request_check;
mod rewind;
mod rpc_paths;
mod run;
mod scenarios;
mod surfaced;
mod surfaced_check;

pub use check::{Check, Outcome};
pub use client::{Call, ClientUnderTest, Surfacing};
pub use clients::command::{CommandClient, CommandLine};
pub use clients::docker_pass::docker_pass;
pub use clients::generated::{go_generated, interop_clients_dir, python_generated, ts_generated};
pub use clients::go_client::go_client;
pub use clients::rust_library::RustLibrary;
pub use codec::Codec;
pub use recorded_engine::Served;
pub use recording::{Recording, RecordingError, Source, load_recording};
pub use rpc_paths::{GET_SECRETS, LIST_PLUGINS, LIST_PLUGINS_AUGUST};
pub use run::{RunError, run};
pub use scenarios::{Expect, SCENARIOS, Scenario};
pub use surfaced::{ErrorKind, Surfaced, SurfacedPlugin, SurfacedSecret};
