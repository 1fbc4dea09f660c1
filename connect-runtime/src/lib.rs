//! The Connect protocol runtime that generated code calls.
//!
//! `buf generate` writes, for every service in `proto/`, Connect routes and a
//! Connect client into the generated API crate (`gen/rust`). Those are thin: a
//! route names its path and the method of the tonic service trait it calls, and
//! hands the rest to [`Route`] (unary or server-streaming); a client method
//! names its path and calls [`ConnectClient::unary`] or
//! [`ConnectClient::server_stream`]. Everything about the protocol itself lives here,
//! one file per concern, so it is written once and tested once:
//!
//! - [`codec`]: `application/proto` and `application/json` bodies (Go protojson
//!   compatible JSON through the generated pbjson mapping);
//! - [`compression`]: gzip in both directions, with a size limit;
//! - [`timeout`]: the `Connect-Timeout-Ms` header;
//! - [`error`]: status codes, their HTTP statuses, the error JSON body and
//!   error details (`google.rpc.Status` in `Status::details`, as tonic has it);
//! - [`server`]: the unary and server-streaming handlers (method and
//!   content-type checks, 405 with `Allow: POST`, 415 with `Accept-Post`);
//!   like connect-go's handlers they also answer gRPC and gRPC-Web (binary and
//!   text) on the same path (`grpc`). A streaming answer is sent as the
//!   client reads it and ends the service's stream when the client goes
//!   away (see the README's "Server streaming");
//! - [`client`]: the unary and server-streaming client over any tower HTTP
//!   service;
//! - [`budget`]: one byte budget for what all calls hold at once.
//!
//! Response headers are the `tonic::Response`'s metadata and trailers a
//! [`Trailers`] in its extensions, on both sides; an error's metadata is its
//! headers. `conformance/` (beside this crate's `src/`) runs the official Connect conformance suite
//! against both sides.
//!
//! The error type is [`tonic::Status`] on both sides: the generated service
//! trait already speaks it, and Connect codes are the gRPC codes.
//!
//! ```
//! use connect_runtime::Codec;
//! use connect_runtime::error::{ErrorBody, http_status};
//! use http::StatusCode;
//! use tonic::{Code, Status};
//!
//! // A request's Content-Type picks the codec; anything else is answered 415.
//! assert_eq!(Codec::from_content_type("application/json; charset=utf-8"), Some(Codec::Json));
//! assert_eq!(Codec::from_content_type("application/proto"), Some(Codec::Proto));
//! assert_eq!(Codec::from_content_type("text/plain"), None);
//!
//! // An error travels as an HTTP status and a JSON body, and reads back the same.
//! let status = Status::not_found(r#"no secret matches "db/*""#);
//! assert_eq!(http_status(status.code()), StatusCode::NOT_FOUND);
//! let body = ErrorBody::from_status(&status).to_json();
//! assert_eq!(&body[..], br#"{"code":"not_found","message":"no secret matches \"db/*\""}"#);
//! let read = ErrorBody::parse_status(StatusCode::NOT_FOUND, &body);
//! assert_eq!((read.code(), read.message()), (Code::NotFound, status.message()));
//! ```
//!
//! Reference: the Connect protocol specification (<https://connectrpc.com/docs/protocol>)
//! and the behaviour of connect-go v1.18 recorded in `conformance/fixtures/`.
#![forbid(unsafe_code)]

pub mod budget;
pub mod client;
pub mod codec;
pub mod compression;
pub mod error;
mod grpc;
pub mod server;
pub mod timeout;

pub use budget::MemoryBudget;
pub use client::{ConnectClient, ResponseStream, Transport};
pub use codec::{Codec, ConnectMessage};
pub use server::{Route, Routes, ServerLimits, Trailers, UnaryRoute, UnaryRoutes};

/// The value of the `Connect-Protocol-Version` header this runtime speaks.
pub const PROTOCOL_VERSION: &str = "1";
