//! The scenarios a client is played: what it is asked, the recorded answer
//! for each codec, and what it must surface.

use crate::client_conformance::client::Call;
use crate::client_conformance::codec::Codec;
use crate::client_conformance::recording::{Source, UNSUPPORTED_MEDIA_TYPE};
use crate::client_conformance::rpc_paths::{GET_SECRETS, LIST_PLUGINS};

/// What a scenario expects the client to surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The recorded secrets (IDs, values, providers, in order).
    Secrets,
    /// The client's not-found.
    NotFound,
    /// Invalid argument; when a request was sent, with the engine's message.
    /// `local_ok`: the client may refuse before sending.
    InvalidArgument {
        /// Whether refusing without a request passes.
        local_ok: bool,
    },
    /// An error whose message keeps the HTTP status.
    KeepsStatus,
    /// The recorded plugins (names, versions, patterns, in order).
    Plugins,
}

/// One scenario: what the client is asked, what the recorded engine answers
/// for each codec, and what the client must surface.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    /// The name in reports.
    pub name: &'static str,
    /// What the client is asked: `Some(pattern)` for GetSecrets, `None` for
    /// ListPlugins.
    pub pattern: Option<&'static str>,
    /// The answer for each codec; a codec without one is skipped.
    pub answers: &'static [(Codec, Source)],
    /// What the client must surface.
    pub expect: Expect,
}

impl Scenario {
    /// The call the client makes.
    pub fn call(&self) -> Call {
        match self.pattern {
            Some(pattern) => Call::GetSecrets(pattern.to_owned()),
            None => Call::ListPlugins,
        }
    }

    /// The path the scenario answers.
    pub(super) fn path(&self) -> &'static str {
        if self.pattern.is_some() {
            GET_SECRETS
        } else {
            LIST_PLUGINS
        }
    }

    pub(super) fn answer_for(&self, codec: Codec) -> Option<Source> {
        self.answers
            .iter()
            .find(|(c, _)| *c == codec)
            .map(|(_, source)| *source)
    }
}

/// The same answer whatever the codec.
const fn every_codec(source: Source) -> [(Codec, Source); 6] {
    [
        (Codec::ConnectProto, source),
        (Codec::ConnectJson, source),
        (Codec::Grpc, source),
        (Codec::GrpcJson, source),
        (Codec::GrpcWeb, source),
        (Codec::GrpcWebJson, source),
    ]
}

const INVALID: &[(Codec, Source)] = &[
    (
        Codec::ConnectProto,
        Source::Fixture("getsecrets_proto_invalid"),
    ),
    (
        Codec::ConnectJson,
        Source::Fixture("getsecrets_json_invalid_double_slash"),
    ),
];

/// Every scenario, each named after the fixture whose answer it plays.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "hit",
        pattern: Some("foo"),
        answers: &[
            (
                Codec::ConnectProto,
                Source::Fixture("getsecrets_proto_exact"),
            ),
            (Codec::ConnectJson, Source::Fixture("getsecrets_json_exact")),
            (Codec::Grpc, Source::Fixture("grpc_http1_proto")),
            (Codec::GrpcJson, Source::Fixture("grpc_http1_json")),
            (Codec::GrpcWeb, Source::Fixture("grpcweb_proto")),
            (Codec::GrpcWebJson, Source::Fixture("grpcweb_json")),
        ],
        expect: Expect::Secrets,
    },
    Scenario {
        name: "hit_metadata",
        pattern: Some("a/b"),
        answers: &[
            (
                Codec::ConnectJson,
                Source::Fixture("getsecrets_json_exact_metadata"),
            ),
            (
                Codec::ConnectProto,
                Source::JsonAsProto("getsecrets_json_exact_metadata"),
            ),
        ],
        expect: Expect::Secrets,
    },
    Scenario {
        name: "hit_wildcard",
        pattern: Some("**"),
        answers: &[
            (
                Codec::ConnectJson,
                Source::Fixture("getsecrets_json_wildcard_doublestar"),
            ),
            (
                Codec::ConnectProto,
                Source::JsonAsProto("getsecrets_json_wildcard_doublestar"),
            ),
        ],
        expect: Expect::Secrets,
    },
    Scenario {
        name: "miss",
        pattern: Some("nope"),
        answers: &[
            (
                Codec::ConnectProto,
                Source::Fixture("getsecrets_proto_notfound"),
            ),
            (
                Codec::ConnectJson,
                Source::Fixture("getsecrets_json_notfound"),
            ),
            (Codec::Grpc, Source::Fixture("grpc_http1_notfound")),
        ],
        expect: Expect::NotFound,
    },
    Scenario {
        name: "invalid_pattern",
        pattern: Some("a//b"),
        answers: INVALID,
        expect: Expect::InvalidArgument { local_ok: true },
    },
    Scenario {
        name: "engine_invalid_argument",
        pattern: Some("foo"),
        answers: INVALID,
        expect: Expect::InvalidArgument { local_ok: false },
    },
    Scenario {
        name: "unsupported_media_type",
        pattern: Some("foo"),
        answers: &every_codec(Source::Fixture(UNSUPPORTED_MEDIA_TYPE)),
        expect: Expect::KeepsStatus,
    },
    Scenario {
        name: "http_error",
        pattern: Some("foo"),
        answers: &every_codec(Source::Fixture("http11_no_host")),
        expect: Expect::KeepsStatus,
    },
    Scenario {
        name: "list_plugins",
        pattern: None,
        answers: &[
            (Codec::ConnectJson, Source::Fixture("listplugins_json")),
            (Codec::ConnectProto, Source::JsonAsProto("listplugins_json")),
        ],
        expect: Expect::Plugins,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client_conformance::request_check::accepted_content_types;

    #[test]
    fn every_scenario_answer_loads() {
        for scenario in SCENARIOS {
            for (codec, source) in scenario.answers {
                let recording = source
                    .load()
                    .unwrap_or_else(|e| panic!("{} {codec:?}: {e}", scenario.name));
                assert!(!recording.bytes.is_empty(), "{}", recording.name);
            }
        }
        assert!(
            accepted_content_types()
                .expect("415")
                .contains(&"application/proto".to_owned())
        );
    }
}
