//! The protocols and codecs a client may speak, told by the content type
//! it sends.

use crate::meaning::normalized;

/// The protocol and codec of a request, from its content type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// Connect, binary protobuf (`application/proto`).
    ConnectProto,
    /// Connect, JSON (`application/json`).
    ConnectJson,
    /// gRPC, binary (`application/grpc`, `application/grpc+proto`).
    Grpc,
    /// gRPC, JSON.
    GrpcJson,
    /// gRPC-Web, binary.
    GrpcWeb,
    /// gRPC-Web, JSON.
    GrpcWebJson,
}

impl Codec {
    /// The codec of a content type, if the engine speaks it.
    pub fn of(content_type: &str) -> Option<Codec> {
        let value = normalized(content_type);
        let (essence, params) = value.split_once(';').unwrap_or((&value, ""));
        if !params.is_empty() && params != "charset=utf-8" {
            return None;
        }
        Some(match essence {
            "application/proto" => Codec::ConnectProto,
            "application/json" => Codec::ConnectJson,
            "application/grpc" | "application/grpc+proto" => Codec::Grpc,
            "application/grpc+json" => Codec::GrpcJson,
            "application/grpc-web" | "application/grpc-web+proto" => Codec::GrpcWeb,
            "application/grpc-web+json" => Codec::GrpcWebJson,
            _ => return None,
        })
    }

    pub(super) fn is_json(self) -> bool {
        matches!(
            self,
            Codec::ConnectJson | Codec::GrpcJson | Codec::GrpcWebJson
        )
    }

    pub(super) fn is_framed(self) -> bool {
        !matches!(self, Codec::ConnectProto | Codec::ConnectJson)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_map_to_codecs() {
        assert_eq!(Codec::of("application/proto"), Some(Codec::ConnectProto));
        assert_eq!(
            Codec::of("application/json; charset=utf-8"),
            Some(Codec::ConnectJson)
        );
        assert_eq!(Codec::of("application/grpc"), Some(Codec::Grpc));
        assert_eq!(Codec::of("text/plain"), None);
    }
}
