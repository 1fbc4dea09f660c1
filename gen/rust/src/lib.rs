//! The secrets engine API, generated from `proto/` by `buf generate`. Do not edit.
//!
//! The wire API of the secrets engine as Rust types, one module per protobuf
//! package (`resolver.v1` is [`resolver::v1`]). Each module holds:
//!
//! - the messages, as prost structs: binary protobuf through
//!   [`prost::Message`];
//! - their JSON mapping through serde, in the form Go's `protojson` writes and
//!   reads: lowerCamelCase names, bytes in base64, timestamps in RFC 3339 with
//!   `Z`, unknown fields ignored;
//! - for each service, the tonic trait a server implements, with gRPC clients
//!   and servers (`*_server`, `*_client`);
//! - for each service, Connect routes and a Connect client (`*_connect`, over
//!   the `connect-runtime` crate) calling the same trait.
//!
//! The `Debug` output of a message never shows a secret value.
//!
//! ```
//! use prost::Message;
//! use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
//!
//! let request = GetSecretsRequest { pattern: Some("db/*".to_owned()) };
//! assert_eq!(serde_json::to_string(&request)?, r#"{"pattern":"db/*"}"#);
//! let bytes = request.encode_to_vec();
//! assert_eq!(GetSecretsRequest::decode(bytes.as_slice())?, request);
//!
//! // An answer as the engine writes it in JSON.
//! let response: GetSecretsResponse = serde_json::from_str(
//!     r#"{"envelopes":[{"id":"db/password","value":"czNjcmV0",
//!         "provider":"docker-pass","resolvedAt":"2026-01-02T03:04:05Z"}]}"#,
//! )?;
//! let envelope = &response.envelopes[0];
//! assert_eq!(envelope.value.as_deref(), Some(&b"s3cret"[..]));
//! assert!(!format!("{envelope:?}").contains("s3cret"));
//! assert!(serde_json::to_string(&response)?.contains(r#""resolvedAt":"2026-01-02T03:04:05Z""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![allow(clippy::all, clippy::pedantic)]

/// The protobuf packages under `accesscontrol`: `accesscontrol.v1`.
pub mod accesscontrol {
    /// The protobuf package `accesscontrol.v1`, from `proto/accesscontrol/v1/api.proto`.
    ///
    /// Services: `AccessControlService`.
    pub mod v1 {
        include!("accesscontrol.v1.rs");
        include!("accesscontrol.v1.serde.rs");
        include!("accesscontrol.v1.connect.rs");
    }
}
/// The protobuf packages under `health`: `health.v1`.
pub mod health {
    /// The protobuf package `health.v1`, from `proto/health/v1/api.proto`.
    ///
    /// Services: `VersionService`.
    pub mod v1 {
        include!("health.v1.rs");
        include!("health.v1.serde.rs");
        include!("health.v1.connect.rs");
    }
}
/// The protobuf packages under `plugins`: `plugins.v1`.
pub mod plugins {
    /// The protobuf package `plugins.v1`, from `proto/plugins/v1/api.proto`.
    ///
    /// Services: `RegisterService`, `PluginService`, `PluginManagementService`.
    pub mod v1 {
        include!("plugins.v1.rs");
        include!("plugins.v1.serde.rs");
        include!("plugins.v1.connect.rs");
    }
}
/// The protobuf packages under `resolver`: `resolver.v1`.
pub mod resolver {
    /// The protobuf package `resolver.v1`, from `proto/resolver/v1/api.proto`.
    ///
    /// Services: `RegisterService`, `EngineService`, `ListService`, `PluginService`, `AuthorizerService`, `ResolverService`.
    pub mod v1 {
        include!("resolver.v1.rs");
        include!("resolver.v1.serde.rs");
        include!("resolver.v1.connect.rs");
    }
}
/// The protobuf packages under `watch`: `watch.v1`.
pub mod watch {
    /// The protobuf package `watch.v1`, from `proto/watch/v1/api.proto`.
    ///
    /// Services: `WatchService`, `PluginChangesService`.
    pub mod v1 {
        include!("watch.v1.rs");
        include!("watch.v1.serde.rs");
        include!("watch.v1.connect.rs");
    }
}
