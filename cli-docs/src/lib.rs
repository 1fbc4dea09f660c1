//! Shell completions and manual pages for our command lines, generated from
//! their clap definitions: what `--help` says, the completion scripts and the
//! manual pages come from one `clap::Command`, so they cannot disagree.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::Command;
pub use clap_complete::Shell;

/// Writes the completion script of `command`, installed as `name`, for
/// `shell` to `out`.
pub fn completion(shell: Shell, mut command: Command, name: &str, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut command, name, out);
}

/// Writes a section-1 manual page for `command` and for each of its visible
/// subcommands, nested ones included, into `dir` (created if missing):
/// `NAME.1`, `NAME-SUB.1`, `NAME-SUB-SUBSUB.1`. Hidden subcommands get no
/// page, since their parent's page does not list them either. Returns the
/// paths written, the command's own page first.
pub fn write_man_pages(command: Command, dir: &Path) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    // Building first resolves inherited settings (global options, versions)
    // into each subcommand; without `help` as a subcommand, which would
    // otherwise get pages of its own.
    let mut command = command.disable_help_subcommand(true);
    command.build();
    let mut written = Vec::new();
    write_page(&command, dir, &mut written)?;
    Ok(written)
}

fn write_page(command: &Command, dir: &Path, written: &mut Vec<PathBuf>) -> io::Result<()> {
    let page = clap_mangen::Man::new(command.clone());
    let path = dir.join(page.get_filename());
    let mut text = Vec::new();
    page.render(&mut text)?;
    std::fs::write(&path, text)?;
    written.push(path);
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        // A subcommand's page is named after its full command line, which
        // is also the title `man` shows (`docker-pass-plugins-ls`).
        let named = sub
            .clone()
            .name(format!("{}-{}", command.get_name(), sub.get_name()));
        write_page(&named, dir, written)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, Parser, Subcommand};

    /// A tool.
    #[derive(Parser)]
    #[command(name = "tool", version)]
    struct Cli {
        /// Where it talks.
        #[arg(long, global = true)]
        socket: Option<String>,
        #[command(subcommand)]
        command: Option<Sub>,
    }

    #[derive(Subcommand)]
    enum Sub {
        /// Stores a value.
        Set {
            /// The value's name.
            name: String,
        },
        /// Manages plugins.
        Plugins {
            #[command(subcommand)]
            action: Action,
        },
        /// A packaging hook.
        #[command(hide = true)]
        Hook,
    }

    #[derive(Subcommand)]
    enum Action {
        /// Lists them.
        Ls,
    }

    #[test]
    fn a_page_per_visible_command_each_saying_what_help_says() {
        let dir = tempfile::tempdir().unwrap();
        let written = write_man_pages(Cli::command(), dir.path()).unwrap();
        let names: Vec<_> = written
            .iter()
            .map(|path| path.file_name().unwrap().to_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            names,
            [
                "tool.1",
                "tool-set.1",
                "tool-plugins.1",
                "tool-plugins-ls.1"
            ]
        );
        let set = std::fs::read_to_string(dir.path().join("tool-set.1")).unwrap();
        assert!(set.starts_with(".ie \\n(.g .ds Aq"), "roff: {set}");
        assert!(set.contains("tool\\-set"), "{set}");
        assert!(set.contains("Stores a value"), "{set}");
        // The global option reaches the subcommand's page.
        assert!(set.contains("\\-\\-socket"), "{set}");
        let root = std::fs::read_to_string(dir.path().join("tool.1")).unwrap();
        assert!(!root.contains("hook"), "a hidden command is listed: {root}");
    }

    #[test]
    fn completion_scripts_name_the_commands() {
        for (shell, needle) in [
            (Shell::Bash, "complete -F"),
            (Shell::Zsh, "#compdef tool"),
            (Shell::Fish, "complete -c tool"),
        ] {
            let mut out = Vec::new();
            completion(shell, Cli::command(), "tool", &mut out);
            let script = String::from_utf8(out).unwrap();
            assert!(script.contains(needle), "{shell}: {script}");
            assert!(script.contains("plugins"), "{shell}: {script}");
        }
    }
}
