//! Plugins that run outside the engine process and talk to it over a plugin
//! session ([`session`]: registration, admission to the registry, shutdown):
//! the proxy the resolver calls (`remote`), external plugins attached
//! through `/hijack` (`external`), and the plugins the engine launches from
//! its plugin directory and keeps running ([`launched`]).

mod child;
pub(crate) mod external;
pub mod launched;
pub(crate) mod plugin_health;
pub(crate) mod registry;
pub(crate) mod remote;
pub mod session;

/// The longest plugin name accepted, in bytes.
pub const MAX_PLUGIN_NAME_BYTES: usize = 128;

/// A plugin name [`check_plugin_name`] refused: the name's start, escaped
/// (the name is the peer's), and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid plugin name {shown}: {problem}")]
pub struct InvalidPluginName {
    shown: String,
    problem: NameProblem,
}

/// What is wrong with a plugin name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NameProblem {
    #[error("it is empty")]
    Empty,
    #[error("it is {0} bytes long; at most {MAX_PLUGIN_NAME_BYTES} are allowed")]
    TooLong(usize),
    #[error("it starts with a space")]
    LeadingSpace,
    #[error("byte {0} is not allowed (only printable ASCII is)")]
    NotPrintable(usize),
}

/// Checks a plugin's name: 1 to [`MAX_PLUGIN_NAME_BYTES`] printable ASCII
/// characters (space to `~`), not starting with a space.
///
/// Names reach logs, `ListPlugins` answers and terminals; a newline, a
/// carriage return or a terminal escape in one could forge or rewrite log
/// lines, and non-ASCII text can hide direction overrides. The Go engine
/// takes any non-empty name, and plugins recorded against it use spaces and
/// punctuation (`bad name!`), which stay allowed.
pub fn check_plugin_name(name: &str) -> Result<(), InvalidPluginName> {
    let problem = if name.is_empty() {
        NameProblem::Empty
    } else if name.len() > MAX_PLUGIN_NAME_BYTES {
        NameProblem::TooLong(name.len())
    } else if name.starts_with(' ') {
        NameProblem::LeadingSpace
    } else if let Some(at) = name.bytes().position(|byte| !(b' '..=b'~').contains(&byte)) {
        NameProblem::NotPrintable(at)
    } else {
        return Ok(());
    };
    let start: String = name.chars().take(64).collect();
    let ellipsis = if start.len() < name.len() { "…" } else { "" };
    let shown = format!("{start:?}{ellipsis}");
    Err(InvalidPluginName { shown, problem })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugin_names_are_printable_ascii() {
        for good in [
            "docker-pass",
            "vault_1.2",
            "a",
            "team+ops@example.com",
            "bad name!",
            ".hidden",
        ] {
            assert_eq!(check_plugin_name(good), Ok(()), "{good}");
        }
        let refused = |name: &str| check_plugin_name(name).expect_err(name).to_string();
        assert_eq!(
            refused("x\n2026-12-04T00:00:00Z INFO forged\x1b[2K"),
            "invalid plugin name \"x\\n2026-12-04T00:00:00Z INFO forged\\u{1b}[2K\": byte 1 is not allowed (only printable ASCII is)"
        );
        assert_eq!(
            refused("caf\u{e9}\u{202e}"),
            "invalid plugin name \"caf\u{e9}\\u{202e}\": byte 3 is not allowed (only printable ASCII is)"
        );
        assert_eq!(refused(""), "invalid plugin name \"\": it is empty");
        assert_eq!(
            refused(" x"),
            "invalid plugin name \" x\": it starts with a space"
        );
        let long = "a".repeat(129);
        assert_eq!(
            refused(&long),
            format!(
                "invalid plugin name \"{}\"…: it is 129 bytes long; at most 128 are allowed",
                "a".repeat(64)
            )
        );
    }
}
