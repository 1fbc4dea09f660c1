//! Protobuf well-known types whose JSON form is exactly Go's `protojson`.
//!
//! The generated API (`gen/rust`) uses `pbjson` for its JSON mapping, and
//! `pbjson-types` covers the well-known types, with one difference from Go that
//! clients notice: its `Timestamp` prints `2025-01-02T03:04:05+00:00` where Go
//! (and every other protobuf runtime) prints `2025-01-02T03:04:05Z`. This crate
//! holds the types the code generator maps `google.protobuf.*` to when
//! `pbjson-types` is not exact: [`Timestamp`], and [`Any`], whose JSON is the
//! embedded message's own (pbjson-types writes `typeUrl` and `value`); see
//! [`any`] for the type registry it needs (`pbjson_types::Duration` already
//! prints `"1.500s"` like Go).
#![forbid(unsafe_code)]

pub mod any;
mod timestamp;

pub use any::Any;
pub use timestamp::{Timestamp, TimestampError};
