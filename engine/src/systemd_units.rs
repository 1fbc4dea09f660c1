//! The systemd user units that start the engine on demand
//! (`secrets-engine install-systemd-units`).
//!
//! `secrets-engine.socket` listens on the engine's sockets; the first client
//! to connect makes systemd start `secrets-engine.service`, which serves
//! those sockets (see [`crate::http::socket_activation`]) and exits when idle. The
//! templates live in `engine/systemd/`; installing fills in this binary's
//! path, the socket addresses and the options the engine was given.

use std::path::{Path, PathBuf};

use crate::http::socket::SocketAddress;

const SOCKET_TEMPLATE: &str = include_str!("../systemd/secrets-engine.socket");
const SERVICE_TEMPLATE: &str = include_str!("../systemd/secrets-engine.service");

/// The socket unit's file name.
pub const SOCKET_UNIT: &str = "secrets-engine.socket";
/// The service unit's file name.
pub const SERVICE_UNIT: &str = "secrets-engine.service";

/// The two units, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Units {
    /// `secrets-engine.socket`.
    pub socket: String,
    /// `secrets-engine.service`.
    pub service: String,
}

/// Renders the units for the engine at `executable` serving `sockets` (a
/// path, or `@name` for an abstract socket, which `ListenStream=` reads the
/// same way), with `args` (such as `--config FILE`) added to its command
/// line.
pub fn render(executable: &Path, sockets: &[SocketAddress], args: &[String]) -> Units {
    // `%` starts a specifier in any unit setting; `%%` is a literal one.
    let listen = sockets
        .iter()
        .map(|socket| socket.to_string().replace('%', "%%"));
    fill(executable, listen, args)
}

/// The units a system-wide package installs in `/usr/lib/systemd/user`,
/// for every user alike: the sockets are named with systemd's specifiers
/// instead of one user's paths, `%C` being the user's cache directory
/// (`$XDG_CACHE_HOME`, else `~/.cache`, where clients look for the engine
/// socket) and `%U` their UID (the daemon socket's name).
pub fn packaged(executable: &Path, args: &[String]) -> Units {
    let listen = [
        "%C/docker-secrets-engine/engine.sock".to_owned(),
        #[cfg(target_os = "linux")]
        "@docker-secrets-engine/%U/daemon.sock".to_owned(),
    ];
    fill(executable, listen.into_iter(), args)
}

/// The templates with `ListenStream=` lines for `listen` (already escaped
/// for systemd) and `executable args` as the command.
fn fill(executable: &Path, listen: impl Iterator<Item = String>, args: &[String]) -> Units {
    let mut command = quote_exec_word(&executable.to_string_lossy());
    for arg in args {
        command.push(' ');
        command.push_str(&quote_exec_word(arg));
    }
    let listen = listen
        .map(|address| format!("ListenStream={address}"))
        .collect::<Vec<_>>()
        .join("\n");
    Units {
        socket: SOCKET_TEMPLATE.replace("@LISTEN_STREAMS@", &listen),
        service: SERVICE_TEMPLATE.replace("@EXEC_START@", &command),
    }
}

/// One word of `ExecStart=`: double-quoted, with `\` and `"` escaped, `%`
/// doubled (specifiers) and `$` doubled (environment variable expansion),
/// so that any path or argument reaches the engine unchanged.
fn quote_exec_word(word: &str) -> String {
    let mut quoted = String::with_capacity(word.len() + 2);
    quoted.push('"');
    for c in word.chars() {
        match c {
            '\\' => quoted.push_str("\\\\"),
            '"' => quoted.push_str("\\\""),
            '%' => quoted.push_str("%%"),
            '$' => quoted.push_str("$$"),
            '\n' => quoted.push_str("\\n"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Where systemd looks for a user's own units:
/// `$XDG_CONFIG_HOME/systemd/user`, else `~/.config/systemd/user`.
pub fn default_unit_dir() -> Option<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(config.join("systemd/user"))
}

/// Writes both units into `dir` (created if missing) and returns their paths.
pub fn write(dir: &Path, units: &Units) -> std::io::Result<[PathBuf; 2]> {
    std::fs::create_dir_all(dir)?;
    let socket = dir.join(SOCKET_UNIT);
    let service = dir.join(SERVICE_UNIT);
    std::fs::write(&socket, &units.socket)?;
    std::fs::write(&service, &units.service)?;
    Ok([socket, service])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_arguments_reach_the_engine_unchanged() {
        let units = render(
            Path::new("/opt/se rs/bin/secrets-engine"),
            &[
                SocketAddress::parse("/home/a%b/.cache/docker-secrets-engine/engine.sock"),
                SocketAddress::parse("@docker-secrets-engine/1000/daemon.sock"),
            ],
            &["--config".to_owned(), "/etc/$HOME/\"x\".toml".to_owned()],
        );
        assert!(
            units.socket.contains(
                "\nListenStream=/home/a%%b/.cache/docker-secrets-engine/engine.sock\n\
                 ListenStream=@docker-secrets-engine/1000/daemon.sock\n"
            ),
            "{}",
            units.socket
        );
        assert!(
            units
                .socket
                .contains("\nFileDescriptorName=secrets-engine\n")
        );
        assert!(
            units.service.contains(
                "\nExecStart=\"/opt/se rs/bin/secrets-engine\" \"--config\" \"/etc/$$HOME/\\\"x\\\".toml\"\n"
            ),
            "{}",
            units.service
        );
        for placeholder in ["@LISTEN_STREAMS@", "@EXEC_START@"] {
            assert!(!units.socket.contains(placeholder) && !units.service.contains(placeholder));
        }
    }

    #[test]
    fn packaged_units_name_each_users_sockets_with_specifiers() {
        let units = packaged(Path::new("/usr/bin/secrets-engine"), &[]);
        assert!(
            units.socket.contains(
                "\nListenStream=%C/docker-secrets-engine/engine.sock\n\
                 ListenStream=@docker-secrets-engine/%U/daemon.sock\n"
            ),
            "{}",
            units.socket
        );
        assert!(
            units
                .service
                .contains("\nExecStart=\"/usr/bin/secrets-engine\"\n"),
            "{}",
            units.service
        );
    }
}
