//! This engine's deliberate differences from the Go engine on plugin
//! connections: the entries of `conformance/ipc-deviations.toml`, each with
//! its reason, and the ones that apply to a connection.

/// What this engine does instead of the recording.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Expect {
    /// The `101` answer to `/hijack` has this status line.
    HijackStatusLine(String),
    /// The engine's answer on the stream is this Connect error.
    Error {
        /// The HTTP status.
        status: u16,
        /// The Connect code.
        code: String,
        /// The message, exactly.
        message: String,
    },
    /// A field of the engine's decoded answer (JSON names) has this value
    /// (JSON text).
    BodyField {
        /// The field.
        field: String,
        /// Its value, as JSON.
        value: String,
    },
    /// The recorded engine opened this stream; this engine does not. Its
    /// frames are skipped both ways, and so is a plugin GoAway recorded after
    /// it: that GoAway was the recorded plugin obeying the call.
    NotOpened,
    /// The engine sends no GoAway of its own where the recording has one
    /// (after its `Shutdown` call was answered): it waits for the plugin to
    /// hang up instead.
    NoGoAwayAfterShutdown,
    /// The engine's `GetSecrets` calls carry no `Connection: close`: the
    /// stream stays open for the next call unless the plugin closes it.
    KeepsGetSecretsStreams,
}

/// One deliberate difference from the Go engine, and why: an entry of
/// `conformance/ipc-deviations.toml`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IpcDeviation {
    /// The fixture (`None`: every `ipc_*` fixture).
    pub fixture: Option<String>,
    /// The connection (`None`: every connection).
    pub conn: Option<u32>,
    /// The stream (`None`: every stream where it applies).
    pub stream: Option<u32>,
    /// What to expect instead.
    pub expect: Expect,
    /// Why.
    pub reason: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct IpcDeviations {
    deviation: Vec<IpcDeviation>,
}

/// This engine's deliberate differences on plugin connections, from
/// `conformance/ipc-deviations.toml` (compiled in, so the replay binary
/// carries them). The HTTP fixtures' deviations are per fixture
/// (`deviations.toml`); these are per connection and stream.
pub fn ipc_deviations() -> &'static [IpcDeviation] {
    static PARSED: std::sync::LazyLock<Vec<IpcDeviation>> = std::sync::LazyLock::new(|| {
        toml::from_str::<IpcDeviations>(include_str!("../../ipc-deviations.toml"))
            .map(|file| file.deviation)
            // The file is part of the source: the unit test below parses it.
            .unwrap_or_else(|error| panic!("conformance/ipc-deviations.toml: {error}"))
    });
    &PARSED
}

/// The deviations that apply to connection `conn` of `fixture`.
pub(super) fn deviations_for(fixture: &str, conn: u32) -> Vec<&'static IpcDeviation> {
    ipc_deviations()
        .iter()
        .filter(|d| {
            d.fixture.as_deref().is_none_or(|f| f == fixture) && d.conn.is_none_or(|c| c == conn)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc_replay::recording::Recording;

    /// Every deviation parses and names a recorded fixture and connection,
    /// so a renamed fixture cannot silently drop its deviation.
    #[test]
    fn ipc_deviations_name_recorded_connections() {
        let deviations = ipc_deviations();
        assert_eq!(deviations.len(), 7);
        for deviation in deviations {
            assert!(!deviation.reason.is_empty(), "{deviation:?} has no reason");
            let Some(fixture) = &deviation.fixture else {
                continue;
            };
            let recording = Recording::load(fixture).unwrap_or_else(|e| panic!("{e}"));
            if let Some(conn) = deviation.conn {
                assert!(
                    recording.connections.iter().any(|c| c.number == conn),
                    "{fixture} has no connection {conn}"
                );
            }
        }
    }
}
