//! Protobuf well-known types whose JSON form is exactly Go's `protojson`.
//!
//! The generated API (`gen/rust`) uses `pbjson` for its JSON mapping, and
//! `pbjson-types` covers the well-known types, with one difference from Go that
//! clients notice: its `Timestamp` prints `2025-01-02T03:04:05+00:00` where Go
//! (and every other protobuf runtime) prints `2025-01-02T03:04:05Z`. This crate
//! holds the types the code generator maps `google.protobuf.*` to when
//! `pbjson-types` is not exact; today that is [`Timestamp`] alone
//! (`pbjson_types::Duration` already prints `"1.500s"` like Go).
#![forbid(unsafe_code)]

mod timestamp;

pub use timestamp::{Timestamp, TimestampError};
