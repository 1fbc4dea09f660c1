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

/// Checks a plugin's name: 1 to [`MAX_PLUGIN_NAME_BYTES`] printable ASCII
/// characters (space to `~`), not starting with a space.
///
/// Names reach logs, `ListPlugins` answers and terminals; a newline, a
/// carriage return or a terminal escape in one could forge or rewrite log
/// lines, and non-ASCII text can hide direction overrides. The Go engine
/// takes any non-empty name, and plugins recorded against it use spaces and
/// punctuation (`bad name!`), which stay allowed.
pub fn check_plugin_name(name: &str) -> Result<(), String> {
    let problem = if name.is_empty() {
        "it is empty".to_owned()
    } else if name.len() > MAX_PLUGIN_NAME_BYTES {
        format!(
            "it is {} bytes long; at most {MAX_PLUGIN_NAME_BYTES} are allowed",
            name.len()
        )
    } else if name.starts_with(' ') {
        "it starts with a space".to_owned()
    } else if let Some(at) = name.bytes().position(|byte| !(b' '..=b'~').contains(&byte)) {
        format!("byte {at} is not allowed (only printable ASCII is)")
    } else {
        return Ok(());
    };
    // Shown escaped, and only its start: the name is the peer's.
    let shown: String = name.chars().take(64).collect();
    let ellipsis = if shown.len() < name.len() { "…" } else { "" };
    Err(format!(
        "invalid plugin name {shown:?}{ellipsis}: {problem}"
    ))
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
        let refused = |name: &str| check_plugin_name(name).expect_err(name);
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
