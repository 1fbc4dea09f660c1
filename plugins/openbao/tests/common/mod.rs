//! Real OpenBao servers (`scripts/openbao`) and a real engine that launches
//! the plugin from its plugin directory, for the plugin's tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// OpenBao servers started for one test, stopped when it ends.
pub struct Bao {
    pub dir: tempfile::TempDir,
    pub env: BTreeMap<String, String>,
    http: reqwest::Client,
}

/// `count` free consecutive loopback ports (the dev server takes two, the
/// cluster six).
fn free_ports(count: u16) -> u16 {
    for _ in 0..200 {
        let base = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        if base > u16::MAX - count {
            continue;
        }
        let all_free = (0..count).all(|i| TcpListener::bind(("127.0.0.1", base + i)).is_ok());
        if all_free {
            return base;
        }
    }
    panic!("no {count} free consecutive ports");
}

impl Bao {
    fn start(mode: &str, ports: u16, env: &[(&str, &str)]) -> Bao {
        // The engine is built (if it must be) before a test makes tokens:
        // a build's minutes must not count against their lifetimes.
        engine_bin();
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_ports(ports);
        let output = Command::new(repo().join("scripts/openbao"))
            .arg(mode)
            .arg(dir.path())
            .arg(port.to_string())
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .output()
            .expect("run scripts/openbao");
        assert!(
            output.status.success(),
            "scripts/openbao {mode} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let env = std::fs::read_to_string(dir.path().join("env"))
            .expect("scripts/openbao writes env")
            .lines()
            .filter_map(|line| line.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect::<BTreeMap<String, String>>();
        let mut http = reqwest::Client::builder();
        if let Some(ca) = env.get("BAO_CACERT") {
            let pem = std::fs::read(ca).expect("the dev server's CA");
            http = http.add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap());
        }
        Bao {
            dir,
            env,
            http: http.build().unwrap(),
        }
    }

    /// `bao server -dev`: unsealed, KV v2 at `secret/`, root token `root`.
    pub fn dev() -> Bao {
        Bao::start("dev", 2, &[])
    }

    /// The same over HTTPS, its certificate from a CA of its own
    /// (`BAO_CACERT` in `env`).
    pub fn dev_tls() -> Bao {
        Bao::start("dev", 2, &[("BAO_DEV_TLS", "true")])
    }

    /// A three-node raft cluster with a leader. Its standbys answer reads
    /// from their own copy, unless `forward_reads`: then they pass them to
    /// the leader.
    pub fn cluster(forward_reads: bool) -> Bao {
        let forward = if forward_reads { "true" } else { "false" };
        Bao::start("cluster", 6, &[("BAO_DISABLE_STANDBY_READS", forward)])
    }

    pub fn addr(&self) -> &str {
        &self.env["BAO_ADDR"]
    }

    pub fn addrs(&self) -> Vec<String> {
        self.env["BAO_ADDRS"]
            .split(',')
            .map(str::to_owned)
            .collect()
    }

    pub fn root_token(&self) -> &str {
        &self.env["BAO_TOKEN"]
    }

    /// An API call with the root token at `addr`; the answer's JSON (Null
    /// for an empty body). Panics unless 2xx.
    pub async fn api_at(&self, addr: &str, method: &str, path: &str, body: Value) -> Value {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self
            .http
            .request(method.clone(), format!("{addr}/v1/{path}"))
            .header("X-Vault-Token", self.root_token());
        if !body.is_null() {
            request = request.json(&body);
        }
        let response = request.send().await.expect("OpenBao answers");
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        assert!(status.is_success(), "{method} {path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    pub async fn api(&self, method: &str, path: &str, body: Value) -> Value {
        let addr = self.addr().to_owned();
        self.api_at(&addr, method, path, body).await
    }

    /// `bao kv put secret/<path> k=v...`
    pub async fn put(&self, path: &str, data: Value) {
        self.api(
            "POST",
            &format!("secret/data/{path}"),
            json!({ "data": data }),
        )
        .await;
    }

    /// A policy named `name` with the given HCL.
    pub async fn policy(&self, name: &str, hcl: &str) {
        self.api(
            "PUT",
            &format!("sys/policies/acl/{name}"),
            json!({ "policy": hcl }),
        )
        .await;
    }

    /// A token with `policies`, living `ttl` (renewable up to a minute).
    pub async fn token(&self, policies: &[&str], ttl: &str) -> String {
        let answer = self
            .api(
                "POST",
                "auth/token/create",
                json!({ "policies": policies, "ttl": ttl, "explicit_max_ttl": "60s",
                        "renewable": true, "no_default_policy": false }),
            )
            .await;
        answer["auth"]["client_token"].as_str().unwrap().to_owned()
    }

    pub async fn seal(&self) {
        self.api("PUT", "sys/seal", Value::Null).await;
    }

    pub async fn unseal(&self) {
        let key = self.env["BAO_UNSEAL_KEY"].clone();
        self.api("PUT", "sys/unseal", json!({ "key": key })).await;
    }
}

impl Drop for Bao {
    fn drop(&mut self) {
        let _ = Command::new(repo().join("scripts/openbao"))
            .arg("stop")
            .arg(self.dir.path())
            .status();
    }
}

/// The engine binary, brought up to date once per test process.
pub fn engine_bin() -> &'static Path {
    interop_peers::engine_binary(env!("CARGO_BIN_EXE_secrets-engine-openbao"))
}

/// The variables the engine passes on to the launched plugin.
pub const PLUGIN_ENV: &[&str] = &[
    "BAO_ADDR",
    "BAO_TOKEN",
    "BAO_CACERT",
    "VAULT_ADDR",
    "VAULT_TOKEN",
    "SECRETS_OPENBAO_POLL_MS",
    "SECRETS_OPENBAO_PAGE",
    "SECRETS_OPENBAO_ROLE_ID_FILE",
    "SECRETS_OPENBAO_SECRET_ID_FILE",
    "SECRETS_OPENBAO_TIMEOUT_MS",
    "SECRETS_OPENBAO_TTL_MS",
    "RUST_LOG",
];

/// The engine, launching the plugin (as `openbao`) from its plugin
/// directory with `env`, configured with `engine_toml` added to the
/// `[engine]` table and `more_toml` after it.
pub struct Engine {
    child: Child,
    pub dir: tempfile::TempDir,
    pub client: secrets_engine_client::Client,
}

impl Engine {
    pub async fn start(env: &[(&str, &str)], engine_toml: &str, more_toml: &str) -> Engine {
        let dir = tempfile::tempdir().expect("temp dir");
        let plugins = dir.path().join("plugins");
        std::fs::create_dir(&plugins).unwrap();
        std::os::unix::fs::symlink(
            env!("CARGO_BIN_EXE_secrets-engine-openbao"),
            plugins.join("openbao"),
        )
        .unwrap();
        let plugin_env: Vec<String> = PLUGIN_ENV.iter().map(|k| format!("{k:?}")).collect();
        let config = format!(
            "[engine]\nplugin_dir = \"plugins\"\nplugin_env = [{}]\nexternal_plugins = true\n{engine_toml}\n{more_toml}\n",
            plugin_env.join(", ")
        );
        std::fs::write(dir.path().join("engine.toml"), config).unwrap();
        let socket = dir.path().join("engine.sock");
        let log = std::fs::File::create(dir.path().join("engine.log")).unwrap();
        let mut command = Command::new(engine_bin());
        command
            .arg("--config")
            .arg(dir.path().join("engine.toml"))
            .arg("--socket")
            .arg(&socket)
            .arg("--log-level")
            .arg("debug")
            .env("DOCKER_CONFIG", dir.path().join("no-docker-config"))
            .env("HOME", dir.path())
            .env("SECRETS_OPENBAO_POLL_MS", "200")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log);
        for key in PLUGIN_ENV {
            if !env.iter().any(|(k, _)| k == key) && *key != "SECRETS_OPENBAO_POLL_MS" {
                command.env_remove(key);
            }
        }
        for (key, value) in env {
            command.env(key, value);
        }
        let child = command.spawn().expect("spawn secrets-engine");
        let client =
            secrets_engine_client::Client::connect(&socket).with_timeout(Duration::from_secs(20));
        let engine = Engine { child, dir, client };
        engine.wait_for_plugin().await;
        engine
    }

    /// Until the plugin has registered.
    async fn wait_for_plugin(&self) {
        let started = Instant::now();
        loop {
            if let Ok(plugins) = self.client.list_plugins().await
                && plugins
                    .iter()
                    .any(|p| p.name == "openbao" && p.state == "running")
            {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the plugin did not register; engine log:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("engine.log")).unwrap_or_default()
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(self.child.id().to_string())
                .status();
            let _ = self.child.wait();
        }
    }
}

/// A secret's value as text.
pub fn text(secret: &secrets_engine_client::Secret) -> String {
    String::from_utf8_lossy(secret.value.expose()).into_owned()
}
