//! `secrets-engine-openbao`: a secrets engine plugin serving the secrets of
//! an OpenBao (or HashiCorp Vault) KV v2 mount. `bao kv put secret/team/db
//! value=s3cret` is served as the ID `team/db` with the value `s3cret`.
//!
//! It is configured as the `bao` and `vault` CLIs are (`BAO_ADDR`,
//! `BAO_TOKEN` or `~/.vault-token`, `BAO_CACERT`, `BAO_NAMESPACE`, each also
//! as `VAULT_…`), plus its own `SECRETS_OPENBAO_…` settings, which are also
//! flags (`--help`). Launched by the engine it gets no arguments and only
//! the environment the engine's `plugin_env` passes on.
#![forbid(unsafe_code)]

mod auth;
mod changes;
mod error;
mod kv;
mod provider;
mod transport;
mod walk;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use secrets_engine_plugin::{ChangeNotifier, Pattern, PluginConfig};
use zeroize::Zeroizing;

use crate::auth::{Auth, Login};
use crate::changes::Tracker;
use crate::kv::Kv;
use crate::provider::OpenBao;
use crate::transport::{Transport, TransportConfig};

/// Serves the secrets of an OpenBao or Vault KV v2 mount to the secrets
/// engine.
#[derive(Parser, Debug)]
#[command(version, about, long_about = None)]
struct Args {
    /// OpenBao's address; several, comma-separated, are tried in turn when
    /// one cannot answer. Default: $BAO_ADDR, else $VAULT_ADDR, else
    /// https://127.0.0.1:8200.
    #[arg(long, value_delimiter = ',')]
    addr: Vec<String>,
    /// A PEM file of CA certificates to trust besides the system's.
    /// Default: $BAO_CACERT, else $VAULT_CACERT.
    #[arg(long)]
    ca_cert: Option<PathBuf>,
    /// The namespace to read in. Default: $BAO_NAMESPACE, else
    /// $VAULT_NAMESPACE.
    #[arg(long)]
    namespace: Option<String>,
    /// Log in with AppRole: the file holding the role ID. The token then
    /// comes from each login, and a new login replaces a token that is
    /// refused or about to expire.
    #[arg(
        long,
        env = "SECRETS_OPENBAO_ROLE_ID_FILE",
        requires = "secret_id_file"
    )]
    role_id_file: Option<PathBuf>,
    /// The file holding the AppRole secret ID.
    #[arg(
        long,
        env = "SECRETS_OPENBAO_SECRET_ID_FILE",
        requires = "role_id_file"
    )]
    secret_id_file: Option<PathBuf>,
    /// Where AppRole is mounted.
    #[arg(long, env = "SECRETS_OPENBAO_APPROLE_MOUNT", default_value = "approle")]
    approle_mount: String,
    /// The KV v2 mount to serve.
    #[arg(long, env = "SECRETS_OPENBAO_MOUNT", default_value = "secret")]
    mount: String,
    /// Serve only below this folder of the mount, IDs relative to it
    /// (`team` serves `secret/team/db` as `db`).
    #[arg(long, env = "SECRETS_OPENBAO_PREFIX", default_value = "")]
    prefix: String,
    /// The IDs the plugin registers for.
    #[arg(long, env = "SECRETS_OPENBAO_PATTERN", default_value = "**")]
    pattern: Pattern,
    /// The data field that is the secret's value; other fields become
    /// metadata. A secret without it is served as all its fields in JSON.
    #[arg(long, env = "SECRETS_OPENBAO_FIELD", default_value = "value")]
    field: String,
    /// How long a served secret is valid (its expires_at), in ms, when the
    /// mount gives no lease. 0: no expiry.
    #[arg(long, env = "SECRETS_OPENBAO_TTL_MS", default_value_t = 0)]
    ttl_ms: u64,
    /// How often the patterns asked for lately are looked at again for
    /// changes (metadata only), in ms. 0: never.
    #[arg(long, env = "SECRETS_OPENBAO_POLL_MS", default_value_t = 2000)]
    poll_ms: u64,
    /// How long one HTTP call to OpenBao may take, in ms.
    #[arg(long, env = "SECRETS_OPENBAO_TIMEOUT_MS", default_value_t = 4000,
          value_parser = clap::value_parser!(u64).range(1..=600_000))]
    timeout_ms: u64,
    /// Calls to OpenBao in flight at once for one request.
    #[arg(long, env = "SECRETS_OPENBAO_PARALLEL", default_value_t = 32,
          value_parser = clap::value_parser!(u64).range(1..=1024))]
    parallel: u64,
    /// Keys asked for per page when listing a folder.
    #[arg(long, env = "SECRETS_OPENBAO_PAGE", default_value_t = 1000,
          value_parser = clap::value_parser!(u64).range(1..=100_000))]
    page: u64,
    /// The name to register with when attached to a running engine (a
    /// launched plugin is named by the engine).
    #[arg(long, env = "SECRETS_OPENBAO_NAME", default_value = "openbao")]
    name: String,
    /// The engine socket to attach to. Default: $DOCKER_SECRETS_ENGINE_SOCKET,
    /// else where Docker's clients look.
    #[arg(long)]
    socket: Option<PathBuf>,
}

/// `BAO_<name>`, else `VAULT_<name>`, when set and not empty.
fn bao_env(name: &str) -> Option<String> {
    [format!("BAO_{name}"), format!("VAULT_{name}")]
        .iter()
        .find_map(|key| std::env::var(key).ok().filter(|value| !value.is_empty()))
}

fn main() -> ExitCode {
    secrets_engine_plugin::init_logging();
    let args = Args::parse();
    // A plain current-thread runtime, not the SDK's busy-polling one: each
    // request waits on OpenBao over the network, and a thread spinning
    // meanwhile takes the CPU OpenBao itself needs on a small machine.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!(%error, "cannot start the runtime");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let addrs = if args.addr.is_empty() {
        bao_env("ADDR")
            .unwrap_or_else(|| "https://127.0.0.1:8200".into())
            .split(',')
            .map(str::to_owned)
            .collect()
    } else {
        args.addr
    };
    let ca_file = args
        .ca_cert
        .or_else(|| bao_env("CACERT").map(PathBuf::from));
    let ca_cert = match ca_file {
        Some(path) => Some(
            std::fs::read(&path)
                .map_err(|e| format!("cannot read the CA file {}: {e}", path.display()))?,
        ),
        None => None,
    };
    let transport = Arc::new(Transport::new(TransportConfig {
        addrs,
        namespace: args.namespace.or_else(|| bao_env("NAMESPACE")),
        ca_cert,
        timeout: Duration::from_millis(args.timeout_ms),
    })?);
    let login = match (args.role_id_file, args.secret_id_file) {
        (Some(role_id_file), Some(secret_id_file)) => Login::AppRole {
            mount: args.approle_mount.trim_matches('/').to_owned(),
            role_id_file,
            secret_id_file,
        },
        _ => match bao_env("TOKEN") {
            Some(token) => Login::Token(Zeroizing::new(token)),
            None => {
                let home = std::env::var_os("HOME").ok_or(
                    "no token: set BAO_TOKEN, run `bao login` (HOME is not set), or give an AppRole",
                )?;
                Login::TokenFile(PathBuf::from(home).join(".vault-token"))
            }
        },
    };
    let auth = Arc::new(
        Auth::start(login, &transport)
            .await
            .map_err(|e| format!("cannot get an OpenBao token: {e}"))?,
    );
    tokio::spawn(auth.clone().keep_alive(transport.clone()));

    let notifier = ChangeNotifier::new();
    let tracker = (args.poll_ms > 0).then(|| Arc::new(Tracker::new(notifier.clone())));
    let prefix = args.prefix.trim_matches('/').to_owned();
    let mount = args.mount.trim_matches('/').to_owned();
    let shown_root = if prefix.is_empty() {
        mount.clone()
    } else {
        format!("{mount}/{prefix}")
    };
    let provider = Arc::new(OpenBao {
        kv: Arc::new(Kv::new(
            transport.clone(),
            auth,
            &mount,
            &prefix,
            args.page as usize,
        )),
        field: args.field,
        ttl: (args.ttl_ms > 0).then(|| Duration::from_millis(args.ttl_ms)),
        parallel: args.parallel as usize,
        tracker: tracker.clone(),
        shown_root,
    });
    if let Some(tracker) = tracker {
        tokio::spawn(tracker.run(provider.clone(), Duration::from_millis(args.poll_ms)));
    }
    tracing::info!(addr = transport.addr(), mount = %mount, "serving OpenBao KV v2");

    let mut config = PluginConfig::new(concat!("v", env!("CARGO_PKG_VERSION")), args.pattern)
        .with_name(args.name)
        .with_change_notifier(notifier);
    if let Some(socket) = args.socket {
        config = config.with_socket(socket);
    }
    secrets_engine_plugin::serve_provider(Shared(provider), config)
        .await
        .map_err(|e| format!("plugin stopped: {e}"))
}

/// The provider, shared with the change poller.
struct Shared(Arc<OpenBao>);

#[secrets_engine_plugin::async_trait]
impl secrets_engine_plugin::Provider for Shared {
    async fn get_secrets(
        &self,
        pattern: &Pattern,
    ) -> Result<Vec<secrets_engine_plugin::Secret>, secrets_engine_plugin::ProviderError> {
        secrets_engine_plugin::Provider::get_secrets(&*self.0, pattern).await
    }
}
