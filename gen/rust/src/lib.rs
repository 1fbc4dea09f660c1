//! The secrets engine API, generated from `proto/` by `buf generate`. Do not edit.
//!
//! One module per protobuf package. Each holds the prost messages (binary
//! encoding), their protobuf-JSON mapping (serde, via pbjson), the tonic service
//! traits with gRPC clients and servers (`*_server`, `*_client`), and the Connect
//! routes and clients (`*_connect`, over `connect-runtime`).
#![forbid(unsafe_code)]
#![allow(missing_docs, clippy::all, clippy::pedantic)]

pub mod accesscontrol {
    pub mod v1 {
        include!("accesscontrol.v1.rs");
        include!("accesscontrol.v1.serde.rs");
        include!("accesscontrol.v1.connect.rs");
    }
}
pub mod health {
    pub mod v1 {
        include!("health.v1.rs");
        include!("health.v1.serde.rs");
        include!("health.v1.connect.rs");
    }
}
pub mod plugins {
    pub mod v1 {
        include!("plugins.v1.rs");
        include!("plugins.v1.serde.rs");
        include!("plugins.v1.connect.rs");
    }
}
pub mod resolver {
    pub mod v1 {
        include!("resolver.v1.rs");
        include!("resolver.v1.serde.rs");
        include!("resolver.v1.connect.rs");
    }
}
