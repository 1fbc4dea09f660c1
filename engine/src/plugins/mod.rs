//! Plugins that run outside the engine process and talk to it over a plugin
//! session ([`session`]: registration, admission to the registry, shutdown):
//! the proxy the resolver calls ([`remote`]), external plugins attached
//! through `/hijack` ([`external`]), and the plugins the engine launches from
//! its plugin directory and keeps running ([`launched`]).

mod child;
pub(crate) mod external;
pub mod launched;
pub(crate) mod remote;
pub mod session;

/// The longest plugin name accepted, in bytes.
pub const MAX_PLUGIN_NAME_BYTES: usize = 128;

/// Checks a plugin's name: 1 to [`MAX_PLUGIN_NAME_BYTES`] ASCII letters,
/// digits, `.`, `_`, `-`, `+` and `@`, starting with a letter or digit.
///
/// Names reach logs, `ListPlugins` answers and file names (launched plugins
/// are named after their executables); outside this set a name could carry
/// newlines or terminal escapes into a log line and forge others. The Go
/// engine takes any non-empty name; real plugin names fit easily.
pub fn check_plugin_name(name: &str) -> Result<(), String> {
    let allowed = |byte: u8| byte.is_ascii_alphanumeric() || b"._-+@".contains(&byte);
    let problem = if name.is_empty() {
        "it is empty".to_owned()
    } else if name.len() > MAX_PLUGIN_NAME_BYTES {
        format!(
            "it is {} bytes long; at most {MAX_PLUGIN_NAME_BYTES} are allowed",
            name.len()
        )
    } else if !name.as_bytes()[0].is_ascii_alphanumeric() {
        "it must start with an ASCII letter or digit".to_owned()
    } else if let Some(at) = name.bytes().position(|byte| !allowed(byte)) {
        format!("byte {at} is not allowed (only ASCII letters, digits and . _ - + @ are)")
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
    fn plugin_names_are_plain() {
        for good in [
            "docker-pass",
            "vault_1.2",
            "a",
            "team+ops@example.com",
            "1password",
        ] {
            assert_eq!(check_plugin_name(good), Ok(()), "{good}");
        }
        let refused = |name: &str| check_plugin_name(name).expect_err(name);
        assert_eq!(
            refused("bad name!"),
            "invalid plugin name \"bad name!\": byte 3 is not allowed (only ASCII letters, digits and . _ - + @ are)"
        );
        assert_eq!(
            refused("x\n2026-12-04T00:00:00Z INFO forged\x1b[2K"),
            "invalid plugin name \"x\\n2026-12-04T00:00:00Z INFO forged\\u{1b}[2K\": byte 1 is not allowed (only ASCII letters, digits and . _ - + @ are)"
        );
        assert_eq!(refused(""), "invalid plugin name \"\": it is empty");
        assert_eq!(
            refused(".hidden"),
            "invalid plugin name \".hidden\": it must start with an ASCII letter or digit"
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
