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
//!
//! ```
//! use protojson_wkt::Timestamp;
//!
//! // Any RFC 3339 offset is read; UTC with `Z` and the fewest exact fraction
//! // digits (0, 3, 6 or 9) is written, as Go writes it.
//! let time = Timestamp::parse_rfc3339("2025-01-02T04:04:05.5+01:00")?;
//! assert_eq!(serde_json::to_string(&time)?, r#""2025-01-02T03:04:05.500Z""#);
//! assert_eq!(serde_json::from_str::<Timestamp>(r#""2025-01-02T03:04:05.500Z""#)?, time);
//! // Go's zero time.Time, which Go peers send for "unknown" and "never".
//! assert_eq!(Timestamp::GO_ZERO.to_rfc3339()?, "0001-01-01T00:00:00Z");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]

pub mod any;
mod timestamp;

pub use any::Any;
pub use timestamp::{Timestamp, TimestampError};
