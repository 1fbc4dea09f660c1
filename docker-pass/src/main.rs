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

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

/// Docker Pass CLI - Manage your local secrets.
#[derive(Debug, Parser)]
#[command(
    name = "pass",
    bin_name = "docker-pass",
    version = env!("CARGO_PKG_VERSION"),
    disable_version_flag = true,
    after_help = "Secrets live in the OS keychain, or in an encrypted file store where there is none \
(DOCKER_PASS_STORE=keychain|file|auto, DOCKER_PASS_FILE_STORE, DOCKER_PASS_IDENTITY_FILE, \
DOCKER_PASS_PASSPHRASE, DOCKER_PASS_PASSPHRASE_FILE)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Set a secret: `set id=value`, or `set id` with the value on stdin
    /// (verbatim, or as JSON `{"secret": "...", "metadata": {...}}`).
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
        /// The command and its arguments.
        #[arg(
            required = true,
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "CMD"
        )]
        command: Vec<std::ffi::OsString>,
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
    /// List the engine's plugins: name, version, pattern, kind, state.
    Plugins,
    /// Whether the engine runs, its version and its plugins' health.
    Status,
    /// Show the version information.
    #[command(hide = true)]
    Version,
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completion {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// The Docker CLI plugin metadata subcommand.
const METADATA_COMMAND: &str = "docker-cli-plugin-metadata";

fn main() -> ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == METADATA_COMMAND) {
        println!("{}", commands::plugin_metadata());
        return ExitCode::SUCCESS;
    }
    // Run by the Docker CLI, the plugin's own name comes first
    // (`docker-pass pass set …`); standalone it does not.
    if args.get(1).is_some_and(|a| a == "pass") {
        args.remove(1);
    }
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::WARN)
        .without_time()
        .with_target(false)
        .with_ansi(false)
        .init();
    if let Command::Completion { shell } = cli.command {
        clap_complete::generate(
            shell,
            &mut Cli::command(),
            "docker-pass",
            &mut std::io::stdout(),
        );
        return ExitCode::SUCCESS;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let runtime = match runtime {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("Error: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    // `run` ends with the command's own exit status.
    if let Command::Run { env_files, command } = &cli.command {
        #[cfg(unix)]
        let result = runtime.block_on(engine_commands::run(env_files, command));
        #[cfg(not(unix))]
        let result: Result<u8, String> = {
            let _ = (env_files, command);
            Err("run resolves through the engine's Unix socket, which this platform does not have yet".to_owned())
        };
        return match result {
            Ok(code) => ExitCode::from(code),
            Err(message) => {
                eprintln!("Error: {message}");
                ExitCode::FAILURE
            }
        };
    }
    let result = runtime.block_on(commands::run(cli.command));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("Error: {message}");
            ExitCode::FAILURE
        }
    }
}
