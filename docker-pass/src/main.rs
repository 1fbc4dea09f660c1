//! `docker-pass`: set, list and remove the secrets the engine serves, and
//! run programs with them (`run`, `resolve`, `plugins`, `status` ask the
//! running engine).
//!
//! One binary, two ways to run it, as Docker's own `docker pass`:
//! - standalone: `docker-pass set db/password=s3cret`;
//! - as a Docker CLI plugin, once copied to `~/.docker/cli-plugins/`:
//!   `docker pass set db/password=s3cret`. The Docker CLI runs it as
//!   `docker-pass pass set …` (after asking `docker-pass
//!   docker-cli-plugin-metadata` what it is).
//!
//! It writes the store the engine reads (the keychain, or the encrypted file
//! store where there is none: `secrets_store::StoreChoice`), never through the
//! engine. Outputs and error texts are Docker's: `Error: <message>` on stderr
//! and exit status 1.

#![forbid(unsafe_code)]

mod commands;
#[cfg(unix)]
mod engine_commands;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::BoolishValueParser;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

/// Docker Pass CLI - Manage your local secrets.
#[derive(Debug, Parser)]
#[command(
    name = "pass",
    bin_name = "docker-pass",
    version = env!("CARGO_PKG_VERSION"),
    disable_version_flag = true,
    after_help = "Secrets live in the OS keychain, or in an encrypted file store where there is none \
(DOCKER_PASS_STORE=keychain|file|auto, DOCKER_PASS_FILE_STORE, DOCKER_PASS_IDENTITY_FILE, \
DOCKER_PASS_PASSPHRASE, DOCKER_PASS_PASSPHRASE_FILE).\n\n\
The Docker CLI's global options (--debug, --log-level, --context, --config, --host, --tls...) are \
accepted before or after the command; only --debug and --log-level change anything here."
)]
struct Cli {
    #[command(flatten)]
    docker: DockerOptions,
    /// Print the version.
    #[arg(long = "version")]
    print_version: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

/// The Docker CLI's global options. Run as a plugin, `docker-pass` is given
/// those the user wrote before `pass` (`docker --debug pass ls` runs
/// `docker-pass --debug pass ls`), and Docker's own plugins accept them
/// after it too. Only the logging ones mean something to `docker-pass`: it
/// talks to neither the Docker daemon nor a Docker context.
#[derive(Debug, Args)]
struct DockerOptions {
    /// Log debug messages.
    #[arg(short = 'D', long, global = true, hide = true, num_args = 0..=1,
          require_equals = true, default_missing_value = "true", value_name = "BOOL",
          value_parser = BoolishValueParser::new())]
    debug: Option<bool>,
    /// What to log.
    #[arg(short = 'l', long, global = true, hide = true, value_name = "LEVEL",
          value_parser = ["trace", "debug", "info", "warn", "warning", "error", "fatal", "panic"])]
    log_level: Option<String>,
    /// The Docker context (ignored).
    #[arg(short = 'c', long, global = true, hide = true, value_name = "NAME")]
    context: Option<String>,
    /// The Docker CLI's configuration directory (ignored).
    #[arg(long, global = true, hide = true, value_name = "DIR")]
    config: Option<PathBuf>,
    /// The Docker daemon's address (ignored).
    #[arg(short = 'H', long, global = true, hide = true, value_name = "HOST")]
    host: Vec<String>,
    /// TLS to the Docker daemon (ignored).
    #[arg(long, global = true, hide = true, num_args = 0..=1, require_equals = true,
          default_missing_value = "true", value_name = "BOOL",
          value_parser = BoolishValueParser::new())]
    tls: Option<bool>,
    /// (ignored)
    #[arg(long, global = true, hide = true, value_name = "FILE")]
    tlscacert: Option<PathBuf>,
    /// (ignored)
    #[arg(long, global = true, hide = true, value_name = "FILE")]
    tlscert: Option<PathBuf>,
    /// (ignored)
    #[arg(long, global = true, hide = true, value_name = "FILE")]
    tlskey: Option<PathBuf>,
    /// (ignored)
    #[arg(long, global = true, hide = true, num_args = 0..=1, require_equals = true,
          default_missing_value = "true", value_name = "BOOL",
          value_parser = BoolishValueParser::new())]
    tlsverify: Option<bool>,
}

impl DockerOptions {
    /// The most verbose level asked for; warnings only by default.
    fn log_level(&self) -> tracing::Level {
        use tracing::Level;
        let from_flag = self.log_level.as_deref().map(|level| match level {
            "warning" => Level::WARN,
            // `fatal` and `panic` log errors, as `error` does.
            level => level.parse().unwrap_or(Level::ERROR),
        });
        let debug = (self.debug == Some(true)).then_some(Level::DEBUG);
        from_flag.max(debug).unwrap_or(Level::WARN)
    }
}

/// The Docker CLI's global options that take a value, long and short.
const DOCKER_VALUE_OPTIONS: &[&str] = &[
    "context",
    "config",
    "log-level",
    "host",
    "tlscacert",
    "tlscert",
    "tlskey",
];
const DOCKER_VALUE_SHORTS: &[char] = &['c', 'l', 'H'];

/// How the user calls this program: `docker pass` under the Docker CLI
/// (which sets this variable when it runs a plugin), `docker-pass`
/// standalone. Usage lines and hints say it.
pub fn program() -> &'static str {
    if std::env::var_os("DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND").is_some_and(|v| !v.is_empty()) {
        "docker pass"
    } else {
        "docker-pass"
    }
}

/// Removes the plugin's own name from `args`. The Docker CLI runs
/// `docker [global options] pass …` as `docker-pass [global options] pass
/// …`, and `docker help pass …` as `docker-pass help pass …`; the global
/// options stay for the parser, which accepts them anywhere. Standalone,
/// `docker-pass pass ls` is taken the same way.
fn strip_plugin_name(args: &mut Vec<OsString>) {
    let mut index = 1;
    while let Some(arg) = args.get(index).and_then(|a| a.to_str()) {
        if arg == "--" || arg == "-" || !arg.starts_with('-') {
            break;
        }
        let takes_next = match arg.strip_prefix("--") {
            Some(long) => DOCKER_VALUE_OPTIONS.contains(&long),
            // A cluster (`-Dl debug`): a letter that takes a value takes the
            // rest of the cluster, or the next argument when it ends there.
            None => {
                let letters = &arg[1..];
                letters
                    .char_indices()
                    .find(|(_, c)| DOCKER_VALUE_SHORTS.contains(c))
                    .is_some_and(|(at, c)| at + c.len_utf8() == letters.len())
            }
        };
        index += if takes_next { 2 } else { 1 };
    }
    match args.get(index).and_then(|a| a.to_str()) {
        Some("pass") => {
            args.remove(index);
        }
        Some("help") if args.get(index + 1).is_some_and(|a| a == "pass") => {
            args.remove(index + 1);
        }
        _ => {}
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Set a secret: `set id=value`, or `set id` with the value on stdin
    /// (verbatim, or as JSON `{"secret": "...", "metadata": {...}}`; on a
    /// terminal, typed at a prompt without echo).
    #[command(visible_aliases = ["store", "save"])]
    Set {
        /// `id=value`, or `id` to read the value from stdin.
        #[arg(value_name = "id[=value]")]
        arg: String,
        /// Non-sensitive key=value metadata (repeatable).
        #[arg(long, value_name = "key=value")]
        metadata: Vec<String>,
        /// Overwrite an existing secret (the keychain and the file store
        /// always replace; accepted for Docker's scripts).
        #[arg(short, long)]
        force: bool,
    },
    /// Get a secret from the store; the value is masked unless --show.
    Get {
        /// The secret's ID.
        #[arg(value_name = "NAME")]
        id: String,
        /// Print the value itself.
        #[arg(long)]
        show: bool,
    },
    /// List all secrets (IDs, and metadata with --json).
    #[command(visible_alias = "list")]
    Ls {
        /// Print a JSON array of {"id", "metadata"}.
        #[arg(long)]
        json: bool,
    },
    /// Remove secrets.
    #[command(visible_aliases = ["delete", "erase", "remove"])]
    Rm {
        /// The secrets' IDs.
        #[arg(value_name = "name")]
        ids: Vec<String>,
        /// Remove all secrets.
        #[arg(long)]
        all: bool,
    },
    /// Run a command with every environment variable whose value is
    /// `se://<ID or pattern>` replaced by that secret (from the engine; each
    /// reference must match exactly one secret). Every reference is resolved
    /// before the command starts; values reach it through its environment
    /// only. Signals are forwarded; its exit status is returned.
    #[command(
        after_help = "Examples:\n  DB_PASSWORD=se://myapp/db/password docker pass run -- ./my-binary\n  \
docker pass run --env-file .env --env-file .env.local -- ./my-binary"
    )]
    Run {
        /// Read variables from a dotenv file (repeatable; later files override
        /// earlier ones and the process environment).
        #[arg(long = "env-file", value_name = "FILE")]
        env_files: Vec<std::path::PathBuf>,
        /// When a secret a reference resolved to changes, restart the command
        /// with the new values (or send it --watch-signal).
        #[arg(long)]
        watch: bool,
        /// With --watch: send the command this signal (HUP, USR1, ...)
        /// instead of restarting it.
        #[arg(long, value_name = "SIGNAL", requires = "watch")]
        watch_signal: Option<String>,
        /// The command and its arguments.
        #[arg(
            required = true,
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "CMD"
        )]
        command: Vec<std::ffi::OsString>,
    },
    /// Render a template (a config file, `.npmrc`, `.env`) with every
    /// `se://<ID or pattern>` replaced by that secret (from the engine; each
    /// reference must match exactly one secret). Nothing is written unless
    /// every reference resolves; the output file gets mode 0600 and is
    /// replaced whole, never left half-written.
    #[command(
        after_help = "Examples:\n  docker pass inject -i config.tpl -o config.yml\n  \
echo 'password: se://db/password' | docker pass inject"
    )]
    Inject {
        /// The template (default: stdin).
        #[arg(short = 'i', long = "in-file", value_name = "TEMPLATE")]
        input: Option<PathBuf>,
        /// The file to write (default: stdout).
        #[arg(short = 'o', long = "out-file", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Keep running, and write the file again whenever a secret a
        /// reference resolved to changes (needs --out-file).
        #[arg(long, requires = "output")]
        watch: bool,
    },
    /// Print changes to the secrets matching a pattern as the engine sees
    /// them (never values), until interrupted.
    Watch {
        /// The ID or pattern (`db/password`, `db/*`, `**`).
        pattern: String,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Resolve a pattern through the engine (all its plugins): IDs and
    /// providers; values only with --json or --value.
    Resolve {
        /// The ID or pattern (`db/password`, `db/*`, `**`).
        pattern: String,
        /// Print a JSON array of every field, values base64-encoded.
        #[arg(long)]
        json: bool,
        /// Print the value of the one matching secret.
        #[arg(long, conflicts_with = "json")]
        value: bool,
    },
    /// The engine's plugins: list them (the default), enable or disable one.
    Plugins {
        #[command(subcommand)]
        action: Option<PluginsCommand>,
    },
    /// Whether the engine runs, its version and its plugins' health.
    Status,
    /// Show the version information.
    #[command(hide = true)]
    Version,
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completion {
        /// The shell.
        shell: secrets_cli_docs::Shell,
    },
    /// Write the manual pages (section 1) into DIR, as a package installs
    /// them.
    #[command(hide = true)]
    ManPages {
        /// Where to write them.
        dir: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum PluginsCommand {
    /// List the engine's plugins: name, version, pattern, kind, state
    /// (running, crashed or restarting, disabled).
    #[command(visible_alias = "list")]
    Ls,
    /// Let a disabled plugin serve again.
    Enable {
        /// The plugin's name, as `plugins ls` shows it.
        name: String,
    },
    /// Stop the engine from asking a plugin anything, until it is enabled
    /// again (the engine remembers it across restarts).
    Disable {
        /// The plugin's name, as `plugins ls` shows it.
        name: String,
    },
}

/// The Docker CLI plugin metadata subcommand.
const METADATA_COMMAND: &str = "docker-cli-plugin-metadata";

fn main() -> ExitCode {
    let mut args: Vec<OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == METADATA_COMMAND) {
        println!("{}", commands::PLUGIN_METADATA);
        return ExitCode::SUCCESS;
    }
    strip_plugin_name(&mut args);
    // Usage lines and help say the command as it was typed.
    let mut parser = Cli::command().bin_name(program());
    let cli = match parser
        .try_get_matches_from_mut(&args)
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches))
    {
        Ok(cli) => cli,
        Err(e) => e.format(&mut parser).exit(),
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(cli.docker.log_level())
        .without_time()
        .with_target(false)
        .with_ansi(false)
        .init();
    if cli.print_version {
        commands::print_version();
        return ExitCode::SUCCESS;
    }
    let Some(command) = cli.command else {
        // As Docker's: the command alone prints its help.
        return match parser.print_help() {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::FAILURE,
        };
    };
    match &command {
        Command::Completion { shell } => {
            secrets_cli_docs::completion(
                *shell,
                Cli::command(),
                "docker-pass",
                &mut std::io::stdout(),
            );
            return ExitCode::SUCCESS;
        }
        Command::ManPages { dir } => {
            // Named as installed (`pass` is its name as Docker's plugin).
            let command = Cli::command().name("docker-pass");
            return match secrets_cli_docs::write_man_pages(command, dir) {
                Ok(_) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!(
                        "Error: cannot write the manual pages into {}: {e}",
                        dir.display()
                    );
                    ExitCode::FAILURE
                }
            };
        }
        _ => {}
    }
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start: {e}"))
        .and_then(|runtime| runtime.block_on(commands::run(command)));
    // Each error's text is the whole message, its cause included: the top
    // one alone is printed.
    result.unwrap_or_else(|e| {
        eprintln!("Error: {e}");
        ExitCode::FAILURE
    })
}
