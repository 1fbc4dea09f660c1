//! The generated JSON mapping is protobuf's canonical JSON, as Go's protojson
//! writes and reads it.

use protojson_wkt::Timestamp;
use secrets_engine_api::resolver::v1::get_secrets_response::Envelope;
use secrets_engine_api::resolver::v1::{
    GetSecretsRequest, GetSecretsResponse, ListPluginsResponse, Plugin, PluginState,
    RegisterPluginRequest, RegisterPluginResponse,
};
use serde_json::json;

fn envelope() -> Envelope {
    Envelope {
        id: Some("a/b".into()),
        value: Some(b"ab-value".to_vec()),
        provider: Some("builtin-mem".into()),
        version: Some(String::new()),
        created_at: Some(Timestamp {
            seconds: 1_735_787_045,
            nanos: 600_000_000,
        }),
        resolved_at: Some(Timestamp {
            seconds: 1_735_787_045,
            nanos: 123_456_789,
        }),
        expires_at: Some(Timestamp::GO_ZERO),
        metadata: [("owner".to_owned(), "team-a".to_owned())].into(),
    }
}

#[test]
fn output_uses_camel_case_base64_and_utc_timestamps() {
    let json = serde_json::to_value(GetSecretsResponse {
        envelopes: vec![envelope()],
    })
    .expect("serializes");
    assert_eq!(
        json,
        json!({"envelopes": [{
            "id": "a/b",
            "value": "YWItdmFsdWU=",
            "provider": "builtin-mem",
            "version": "",
            "createdAt": "2025-01-02T03:04:05.600Z",
            "resolvedAt": "2025-01-02T03:04:05.123456789Z",
            "expiresAt": "0001-01-01T00:00:00Z",
            "metadata": {"owner": "team-a"}
        }]})
    );
}

#[test]
fn only_present_fields_are_written() {
    let json = serde_json::to_value(Envelope {
        id: Some("foo".into()),
        version: Some(String::new()),
        ..Default::default()
    })
    .expect("serializes");
    // An empty `version` that is present is written; absent fields and an
    // empty map are not (as protojson does).
    assert_eq!(json, json!({"id": "foo", "version": ""}));
    assert_eq!(
        serde_json::to_string(&ListPluginsResponse::default()).expect("serializes"),
        "{}"
    );
}

#[test]
fn durations_are_strings_with_0_3_6_or_9_fraction_digits() {
    for (seconds, nanos, text) in [(5, 0, "5s"), (0, 0, "0s"), (1, 500_000_000, "1.500s")] {
        let response = RegisterPluginResponse {
            engine_name: Some("secrets-engine".into()),
            engine_version: Some("v1.0.0".into()),
            request_timeout: Some(pbjson_types_duration(seconds, nanos)),
        };
        assert_eq!(
            serde_json::to_value(&response).expect("serializes"),
            json!({"engineName": "secrets-engine", "engineVersion": "v1.0.0", "requestTimeout": text})
        );
    }
}

fn pbjson_types_duration(seconds: i64, nanos: i32) -> pbjson_types::Duration {
    pbjson_types::Duration { seconds, nanos }
}

#[test]
fn input_accepts_camel_case_and_proto_names() {
    for text in [
        r#"{"engineName":"e","engineVersion":"v1","requestTimeout":"2s"}"#,
        r#"{"engine_name":"e","engine_version":"v1","request_timeout":"2s"}"#,
    ] {
        let response: RegisterPluginResponse = serde_json::from_str(text).expect(text);
        assert_eq!(response.engine_name.as_deref(), Some("e"));
        assert_eq!(response.engine_version.as_deref(), Some("v1"));
        assert_eq!(response.request_timeout.map(|d| d.seconds), Some(2));
    }
    let envelope: Envelope = serde_json::from_str(
        r#"{"id":"x","created_at":"2025-01-02T03:04:05Z","expiresAt":"2030-06-07T08:09:10Z"}"#,
    )
    .expect("mixed names");
    assert_eq!(envelope.created_at.map(|t| t.seconds), Some(1_735_787_045));
    assert_eq!(envelope.expires_at.map(|t| t.seconds), Some(1_907_050_150));
}

#[test]
fn unknown_fields_are_ignored() {
    // The pre-2025 request shape (`id`) and arbitrary nested values decode to
    // an empty request, as connect-go's DiscardUnknown does.
    let request: GetSecretsRequest =
        serde_json::from_str(r#"{"id":"foo","extra":{"nested":[1,2,{"x":null}]},"pattern":"a/*"}"#)
            .expect("unknown fields ignored");
    assert_eq!(request.pattern.as_deref(), Some("a/*"));
    let old: GetSecretsRequest = serde_json::from_str(r#"{"id":"foo"}"#).expect("old shape");
    assert_eq!(old.pattern, None);
}

#[test]
fn null_means_absent() {
    let request: GetSecretsRequest =
        serde_json::from_str(r#"{"pattern":null}"#).expect("null accepted");
    assert_eq!(request.pattern, None);
}

#[test]
fn bytes_accept_standard_and_url_safe_base64() {
    for text in [
        r#"{"value":"YWItdmFsdWU="}"#,
        r#"{"value":"YWItdmFsdWU"}"#,
        r#"{"value":"-_8="}"#,
        r#"{"value":"+/8="}"#,
    ] {
        let envelope: Envelope = serde_json::from_str(text).expect(text);
        assert!(envelope.value.is_some(), "{text}");
    }
    let a: Envelope = serde_json::from_str(r#"{"value":"-_8="}"#).expect("url-safe");
    let b: Envelope = serde_json::from_str(r#"{"value":"+/8="}"#).expect("standard");
    assert_eq!(a.value, Some(vec![0xfb, 0xff]));
    assert_eq!(a.value, b.value);
}

#[test]
fn timestamps_read_any_fraction_and_offset() {
    for (text, seconds, nanos) in [
        ("2025-01-02T03:04:05Z", 1_735_787_045, 0),
        ("2025-01-02T03:04:05.6Z", 1_735_787_045, 600_000_000),
        ("2025-01-02T03:04:05.123456Z", 1_735_787_045, 123_456_000),
        ("2025-01-02T03:04:05.123456789Z", 1_735_787_045, 123_456_789),
        ("2025-01-02T04:04:05+01:00", 1_735_787_045, 0),
    ] {
        let envelope: Envelope = serde_json::from_value(json!({ "createdAt": text })).expect(text);
        assert_eq!(
            envelope.created_at,
            Some(Timestamp { seconds, nanos }),
            "{text}"
        );
    }
    let bad = serde_json::from_value::<Envelope>(json!({"createdAt": "yesterday"}))
        .expect_err("not a timestamp");
    assert!(bad.to_string().contains("invalid timestamp"), "{bad}");
}

#[test]
fn plugin_list_keeps_explicit_false() {
    let list = ListPluginsResponse {
        plugins: vec![Plugin {
            name: Some("builtin-mem".into()),
            version: Some("v1.2.3".into()),
            pattern: Some("**".into()),
            external: Some(false),
            ..Default::default()
        }],
    };
    // An unspecified state is left out, so the JSON is the Go engine's.
    assert_eq!(
        serde_json::to_value(&list).expect("serializes"),
        json!({"plugins": [{"name": "builtin-mem", "version": "v1.2.3", "pattern": "**", "external": false}]})
    );
    // The state is an enum by name, as protojson writes it, and reads back.
    let restarting = Plugin {
        name: Some("memplugin".into()),
        state: PluginState::Restarting.into(),
        state_reason: Some("exited: signal: 9 (SIGKILL)".into()),
        ..Default::default()
    };
    let value = serde_json::to_value(&restarting).expect("serializes");
    assert_eq!(
        value,
        json!({"name": "memplugin", "state": "PLUGIN_STATE_RESTARTING", "stateReason": "exited: signal: 9 (SIGKILL)"})
    );
    let back: Plugin = serde_json::from_value(value).expect("parses");
    assert_eq!(back, restarting);
    let request: RegisterPluginRequest =
        serde_json::from_str(r#"{"name":"p","version":"","pattern":"**"}"#).expect("parses");
    assert_eq!(request.version.as_deref(), Some(""));
}

#[test]
fn debug_output_never_shows_secret_values() {
    let text = format!("{:?}", envelope());
    assert!(!text.contains("ab-value"), "{text}");
    assert!(!text.contains("97, 98"), "{text}");
    assert!(text.contains("<redacted>"), "{text}");
    assert!(text.contains("a/b"), "{text}");
}
