//! The `surfaced` check: what a client gave its caller, held to the
//! recorded answer it was played.

use crate::client_conformance::check::Outcome;
use crate::client_conformance::codec::Codec;
use crate::client_conformance::recorded_answers::{
    recorded_message, recorded_plugins, recorded_secrets,
};
use crate::client_conformance::recorded_engine::Served;
use crate::client_conformance::recording::{Recording, UNKNOWN_METHOD};
use crate::client_conformance::rpc_paths::LIST_PLUGINS_AUGUST;
use crate::client_conformance::scenarios::{Expect, Scenario};
use crate::client_conformance::surfaced::{ErrorKind, Surfaced, SurfacedSecret};

/// Judges what the client surfaced.
pub(super) fn surfaced_outcome(
    scenario: &Scenario,
    served: &[Served],
    surfaced: &Surfaced,
) -> Outcome {
    if let Surfaced::Crashed(_) | Surfaced::TimedOut(_) = surfaced {
        return Outcome::Fail(vec![surfaced.to_string()]);
    }
    // The last request to the scenario's own path decided the answer.
    let decisive = served
        .iter()
        .rfind(|s| s.request.path == scenario.path() && s.answer.is_ok());
    let played = decisive.and_then(|s| {
        let name = s.answer.as_ref().ok()?;
        let source = scenario.answer_for(s.codec?)?;
        let recording = source.load().ok()?;
        (recording.name == *name).then_some((recording, s.codec?))
    });
    match scenario.expect {
        Expect::Secrets => secrets_outcome(played, surfaced),
        Expect::NotFound => match surfaced {
            Surfaced::Error {
                kind: ErrorKind::NotFound,
                ..
            } => Outcome::Pass(surfaced.to_string()),
            _ => fail("expected the client's not-found".to_owned(), surfaced),
        },
        Expect::InvalidArgument { local_ok } => {
            invalid_argument_outcome(local_ok, played, served, surfaced)
        }
        Expect::KeepsStatus => keeps_status_outcome(played, surfaced),
        Expect::Plugins => plugins_outcome(decisive.is_some(), played, served, surfaced),
    }
}

/// A failure: `problem`, and what was surfaced instead.
fn fail(problem: String, surfaced: &Surfaced) -> Outcome {
    Outcome::Fail(vec![format!("{problem}; surfaced {surfaced}")])
}

/// [`Expect::Secrets`]: the secrets of the recording `played` (read for
/// its codec).
fn secrets_outcome(played: Option<(Recording, Codec)>, surfaced: &Surfaced) -> Outcome {
    let Some((recording, codec)) = played else {
        return fail("no recorded hit was played".to_owned(), surfaced);
    };
    let expected = match recorded_secrets(&recording, codec) {
        Ok(expected) => expected,
        Err(e) => return Outcome::Fail(vec![format!("reading the recording: {e}")]),
    };
    match surfaced {
        Surfaced::Secrets(secrets)
            if secrets.len() == expected.len()
                && expected.iter().zip(secrets).all(|(e, s)| e.surfaced_as(s)) =>
        {
            let compared = match secrets.first() {
                Some(s) if s.version.is_some() && s.metadata.is_some() => {
                    "IDs, values, providers, versions, metadata"
                }
                _ => "IDs, values, providers",
            };
            Outcome::Pass(format!(
                "{surfaced} as recorded in {} ({compared})",
                recording.name
            ))
        }
        Surfaced::Secrets(secrets) => fail(
            format!(
                "expected the recorded {} secret(s) of {}: {}",
                expected.len(),
                recording.name,
                secret_difference(&expected, secrets)
            ),
            surfaced,
        ),
        _ => fail(
            format!(
                "expected the recorded {} secret(s) of {}",
                expected.len(),
                recording.name
            ),
            surfaced,
        ),
    }
}

/// [`Expect::InvalidArgument`]: the client's invalid argument, with the
/// engine's message when the recording `played` carried one; `local_ok`:
/// refused before anything was sent.
fn invalid_argument_outcome(
    local_ok: bool,
    played: Option<(Recording, Codec)>,
    served: &[Served],
    surfaced: &Surfaced,
) -> Outcome {
    let Surfaced::Error {
        kind: ErrorKind::InvalidArgument,
        message,
    } = surfaced
    else {
        return fail("expected invalid-argument".to_owned(), surfaced);
    };
    match played {
        None if served.is_empty() && local_ok => {
            Outcome::Pass(format!("{surfaced} (refused before sending)"))
        }
        None => fail(
            "no recorded invalid-argument answer was played".to_owned(),
            surfaced,
        ),
        Some((recording, _)) => {
            let expected = recorded_message(&recording).unwrap_or_default();
            if message.contains(&expected) {
                Outcome::Pass(format!("{surfaced} (the engine's message kept)"))
            } else {
                fail(
                    format!(
                        "the engine's message {expected:?} ({}) is lost",
                        recording.name
                    ),
                    surfaced,
                )
            }
        }
    }
}

/// [`Expect::KeepsStatus`]: an error naming the HTTP status of the
/// recording `played`.
fn keeps_status_outcome(played: Option<(Recording, Codec)>, surfaced: &Surfaced) -> Outcome {
    let Some((recording, _)) = played else {
        return fail("the recorded error was not played".to_owned(), surfaced);
    };
    let status = recording.response.status.to_string();
    match surfaced {
        Surfaced::Error { message, .. } if message.contains(&status) => {
            Outcome::Pass(format!("{surfaced} (keeps {status} of {})", recording.name))
        }
        _ => fail(
            format!(
                "expected an error naming the status {status} of {}",
                recording.name
            ),
            surfaced,
        ),
    }
}

/// [`Expect::Plugins`]: the recorded plugins; or, for a client that asks
/// only the August API (`decided`: a request to the recorded one decided
/// the answer), the unimplemented the recorded engine's 404 means.
fn plugins_outcome(
    decided: bool,
    played: Option<(Recording, Codec)>,
    served: &[Served],
    surfaced: &Surfaced,
) -> Outcome {
    if !decided && served.iter().any(|s| s.request.path == LIST_PLUGINS_AUGUST) {
        // The client asks only the August API, which the recorded
        // engine answers as an unknown method (404).
        return match surfaced {
            Surfaced::Error {
                kind: ErrorKind::Unimplemented,
                ..
            } => Outcome::Pass(format!(
                "{surfaced} (asks only {LIST_PLUGINS_AUGUST}, which the recorded engine answers {UNKNOWN_METHOD})"
            )),
            _ => fail(
                format!(
                    "{LIST_PLUGINS_AUGUST} was answered {UNKNOWN_METHOD}: expected unimplemented"
                ),
                surfaced,
            ),
        };
    }
    let Some((recording, _)) = played else {
        return fail(
            "no recorded ListPlugins answer was played".to_owned(),
            surfaced,
        );
    };
    let expected = match recorded_plugins() {
        Ok(expected) => expected,
        Err(e) => return Outcome::Fail(vec![format!("reading the recording: {e}")]),
    };
    match surfaced {
        Surfaced::Plugins(plugins) if *plugins == expected => {
            Outcome::Pass(format!("{surfaced} as recorded in {}", recording.name))
        }
        _ => fail(
            format!(
                "expected the recorded plugins {:?}",
                expected.iter().map(|p| &p.name).collect::<Vec<_>>()
            ),
            surfaced,
        ),
    }
}

/// The first way `surfaced` differs from `expected` (values are not shown).
fn secret_difference(expected: &[SurfacedSecret], surfaced: &[SurfacedSecret]) -> String {
    if expected.len() != surfaced.len() {
        return format!("{} surfaced", surfaced.len());
    }
    for (index, (e, s)) in expected.iter().zip(surfaced).enumerate() {
        let field = if e.id != s.id {
            format!("ID {:?}, recorded {:?}", s.id, e.id)
        } else if e.value != s.value {
            format!(
                "the value ({} bytes) is not the recorded one",
                s.value.len()
            )
        } else if e.provider != s.provider {
            format!("provider {:?}, recorded {:?}", s.provider, e.provider)
        } else if !e.surfaced_as(s) {
            format!(
                "version {:?} / metadata {:?}, recorded {:?} / {:?}",
                s.version, s.metadata, e.version, e.metadata
            )
        } else {
            continue;
        };
        return format!("secret {index}: {field}");
    }
    "no difference".to_owned()
}
