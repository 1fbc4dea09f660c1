//! The HTTP message on one stream: waited for whole, however the engine
//! splits it into data frames, and compared by meaning with the recorded
//! one, as this engine's deliberate differences say it should be.

use serde_json::Value;
use tokio::io::AsyncWrite;

use crate::http1::{HttpRequest, parse_responses};
use crate::ipc_replay::deviations::{Expect, IpcDeviation};
use crate::ipc_replay::difference::{Difference, HttpKind, Meanings};
use crate::ipc_replay::message::{MessageMeaning, request_meaning, response_meaning};
use crate::ipc_replay::player::{Player, Seen};
use crate::ipc_replay::recording::StreamData;

/// Waits for the engine's whole HTTP message on `stream` and compares it
/// with the recorded one (`recorded`), `deviations` applied.
pub(super) async fn compare_message<W: AsyncWrite + Unpin>(
    player: &mut Player<W>,
    stream: u32,
    recorded: StreamData,
    deviations: Vec<&IpcDeviation>,
) -> Result<(), Difference> {
    // Odd streams are the plugin's calls (the engine answers); even ones
    // the engine's calls.
    let engine_calls = stream.is_multiple_of(2);
    let complete = |seen: &Seen| {
        seen.streams.get(&stream).is_some_and(|s| {
            if engine_calls {
                HttpRequest::parse(&s.data).is_some()
            } else {
                !parse_responses(&s.data, s.fin).is_empty()
            }
        })
    };
    player
        .wait(
            &format!("an HTTP message on stream {stream}"),
            |seen: &Seen| complete(seen) || seen.streams.get(&stream).is_some_and(|s| s.fin),
        )
        .await?;
    let got_bytes = player
        .seen
        .streams
        .get(&stream)
        .map(|s| s.data.clone())
        .unwrap_or_default();
    let (mut want, got) = if engine_calls {
        engine_call_meanings(stream, &recorded, &got_bytes)?
    } else {
        engine_answer_meanings(stream, &recorded, &got_bytes)?
    };
    for deviation in deviations {
        expect_deviation(&mut want, &deviation.expect);
    }
    if want != got {
        return Err(Difference::MessageMeaning {
            stream,
            meanings: Box::new(Meanings { got, want }),
        });
    }
    Ok(())
}

/// The recorded and the received meaning of the engine's call on `stream`.
fn engine_call_meanings(
    stream: u32,
    recorded: &StreamData,
    got_bytes: &[u8],
) -> Result<(MessageMeaning, MessageMeaning), Difference> {
    let want = HttpRequest::parse(&recorded.engine).ok_or(Difference::RecordedUnparsable {
        stream,
        what: HttpKind::Request,
    })?;
    let got = HttpRequest::parse(got_bytes)
        .ok_or_else(|| not_http(stream, HttpKind::Request, got_bytes))?;
    Ok((request_meaning(&want), request_meaning(&got)))
}

/// The recorded and the received meaning of the engine's answer to the
/// plugin's call on `stream`.
fn engine_answer_meanings(
    stream: u32,
    recorded: &StreamData,
    got_bytes: &[u8],
) -> Result<(MessageMeaning, MessageMeaning), Difference> {
    let path = HttpRequest::parse(&recorded.plugin)
        .map(|r| r.path)
        .unwrap_or_default();
    let want = parse_responses(&recorded.engine, true)
        .into_iter()
        .next()
        .ok_or(Difference::RecordedUnparsable {
            stream,
            what: HttpKind::Response,
        })?;
    let got = parse_responses(got_bytes, true)
        .into_iter()
        .next()
        .ok_or_else(|| not_http(stream, HttpKind::Response, got_bytes))?;
    Ok((
        response_meaning(&path, &want),
        response_meaning(&path, &got),
    ))
}

/// The engine's bytes on `stream`, which are not the `what` expected.
fn not_http(stream: u32, what: HttpKind, got_bytes: &[u8]) -> Difference {
    Difference::NotHttp {
        stream,
        what,
        got: String::from_utf8_lossy(got_bytes).into_owned(),
    }
}

/// Makes the recorded meaning `want` what this engine sends instead.
fn expect_deviation(want: &mut MessageMeaning, expect: &Expect) {
    match expect {
        Expect::Error {
            status,
            code,
            message,
        } => {
            want.start = status.to_string();
            want.content_type = Some("application/json".to_owned());
            want.body = serde_json::json!({ "code": code, "message": message });
        }
        Expect::BodyField { field, value } => {
            if let Value::Object(map) = &mut want.body
                && map.contains_key(field)
            {
                map.insert(
                    field.clone(),
                    serde_json::from_str(value).unwrap_or(Value::Null),
                );
            }
        }
        Expect::KeepsGetSecretsStreams => {
            if want.start.ends_with("/GetSecrets") {
                want.connection = None;
            }
        }
        Expect::HijackStatusLine(_) | Expect::NotOpened | Expect::NoGoAwayAfterShutdown => {}
    }
}
