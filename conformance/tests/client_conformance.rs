//! Client conformance: the recorded engine played to the Rust client
//! library, the `docker-pass` engine commands and Docker's Go client (through
//! the `client-conformance` subcommand), and the checks shown to catch a
//! client that misbehaves.

use std::path::{Path, PathBuf};
use std::time::Duration;

use secrets_engine_conformance::client_conformance::{
    self, Call, ClientUnderTest, ErrorKind, Outcome, SCENARIOS, Surfaced, SurfacedSecret, Surfacing,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// `docker-pass`, built in the same target directory as this test.
fn docker_pass() -> PathBuf {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_secrets-engine-conformance"));
    let path = binary.with_file_name("docker-pass");
    assert!(
        path.is_file(),
        "{} is missing: build it first (cargo build -p docker-pass --bin docker-pass)",
        path.display()
    );
    path
}

#[test]
fn the_rust_client_docker_pass_and_the_go_client_conform() {
    let go_client = interop_peers::go_peer("sdk-client-v0.3.2");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_secrets-engine-conformance"))
        .arg("client-conformance")
        // The generated clients' installs (scripts/client-interop, which
        // runs them) may be in this checkout: not these three.
        .arg("--clients")
        .arg("rust-client,docker-pass,go-client-v0.0.30")
        .arg("--docker-pass")
        .arg(docker_pass())
        .arg("--go-client")
        .arg(&go_client)
        .output()
        .expect("run secrets-engine-conformance client-conformance");
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "client conformance failed");
    let summary = stdout.lines().last().unwrap_or_default();
    let expected = format!(
        "3 clients, {} scenarios: {} checks, 0 failed, 0 skipped",
        SCENARIOS.len(),
        SCENARIOS.len() * 3 * 2
    );
    assert_eq!(summary, expected);
}

/// A client that gets everything wrong: a content type the engine refuses,
/// no Connect-Protocol-Version, another pattern than asked, and a made-up
/// answer surfaced; or one that never answers.
struct Misbehaving {
    name: &'static str,
    /// The content type sent; `None` never answers.
    content_type: Option<&'static str>,
}

impl ClientUnderTest for Misbehaving {
    fn name(&self) -> &str {
        self.name
    }

    fn call<'a>(&'a self, socket: &'a Path, _: &'a Call) -> Surfacing<'a> {
        Box::pin(async move {
            let Some(content_type) = self.content_type else {
                return std::future::pending().await;
            };
            let body = r#"{"pattern":"other"}"#;
            let request = format!(
                "POST /resolver.v1.ResolverService/GetSecrets HTTP/1.1\r\nHost: localhost\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            );
            let mut stream = tokio::net::UnixStream::connect(socket)
                .await
                .expect("connect to the recorded engine");
            stream
                .write_all(request.as_bytes())
                .await
                .expect("send the request");
            let mut answer = vec![0; 4096];
            let _ = stream.read(&mut answer).await;
            Surfaced::Secrets(vec![SurfacedSecret {
                id: "foo".to_owned(),
                value: b"not-the-value".to_vec(),
                provider: "builtin-mem".to_owned(),
                version: None,
                metadata: None,
            }])
        })
    }
}

#[tokio::test]
async fn the_checks_catch_a_client_that_misbehaves_or_hangs() {
    let hit = SCENARIOS
        .iter()
        .filter(|s| s.name == "hit")
        .copied()
        .collect::<Vec<_>>();
    let clients: Vec<Box<dyn ClientUnderTest>> = vec![
        Box::new(Misbehaving {
            name: "json",
            content_type: Some("application/json"),
        }),
        Box::new(Misbehaving {
            name: "text",
            content_type: Some("text/plain"),
        }),
        Box::new(Misbehaving {
            name: "hanging",
            content_type: None,
        }),
    ];
    let checks = client_conformance::run(&clients, &hit, Duration::from_millis(500))
        .await
        .expect("run");
    for check in &checks {
        println!("{check}");
    }
    let problems = |client: &str, which: &str| match checks
        .iter()
        .find(|c| c.client == client && c.check == which)
        .map(|c| &c.outcome)
    {
        Some(Outcome::Fail(problems)) => problems.join("\n"),
        other => panic!("{client} {which}: expected a failure, got {other:?}"),
    };
    let request = problems("json", "request");
    assert!(request.contains("Connect-Protocol-Version"), "{request}");
    assert!(
        request.contains(r#"asked for "other", not "foo""#),
        "{request}"
    );
    let surfaced = problems("json", "surfaced");
    assert!(surfaced.contains("getsecrets_json_exact"), "{surfaced}");
    assert!(problems("text", "request").contains("\"text/plain\" is not one"));
    assert!(problems("text", "surfaced").contains("no recorded hit was played"));
    assert!(problems("hanging", "request").contains("sent no request"));
    assert!(problems("hanging", "surfaced").contains("no answer within"));
}

/// A minimal gRPC client over HTTP/2 with prior knowledge (as grpc-go,
/// tonic and grpcio speak it): the recorded engine answers it with the
/// recorded gRPC answers, re-framed.
struct GrpcOverH2c;

impl GrpcOverH2c {
    async fn get_secrets(socket: &Path, pattern: &str) -> Result<Surfaced, String> {
        use http_body_util::{BodyExt, Full};
        use prost::Message;
        use secrets_engine_api::resolver::v1::{GetSecretsRequest, GetSecretsResponse};
        let stream = tokio::net::UnixStream::connect(socket)
            .await
            .map_err(|e| e.to_string())?;
        let (mut sender, connection) = hyper::client::conn::http2::handshake(
            hyper_util::rt::TokioExecutor::new(),
            hyper_util::rt::TokioIo::new(stream),
        )
        .await
        .map_err(|e| e.to_string())?;
        tokio::spawn(connection);
        let message = GetSecretsRequest {
            pattern: Some(pattern.to_owned()),
        }
        .encode_to_vec();
        let mut body = vec![0];
        body.extend_from_slice(&u32::try_from(message.len()).unwrap_or(0).to_be_bytes());
        body.extend_from_slice(&message);
        let request =
            http::Request::post("http://localhost/resolver.v1.ResolverService/GetSecrets")
                .header("content-type", "application/grpc")
                .header("te", "trailers")
                .body(Full::new(bytes::Bytes::from(body)))
                .map_err(|e| e.to_string())?;
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let headers = response.headers().clone();
        let collected = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?;
        let trailers = collected.trailers().cloned().unwrap_or_default();
        let body = collected.to_bytes();
        if status != http::StatusCode::OK {
            return Ok(Surfaced::Error {
                kind: ErrorKind::Other("http".to_owned()),
                message: format!("HTTP {status}"),
            });
        }
        let field = |name: &str| {
            trailers
                .get(name)
                .or(headers.get(name))
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let code = field("grpc-status").ok_or("no grpc-status")?;
        if code != "0" {
            let kind = match code.as_str() {
                "5" => ErrorKind::NotFound,
                "3" => ErrorKind::InvalidArgument,
                "12" => ErrorKind::Unimplemented,
                other => ErrorKind::Other(other.to_owned()),
            };
            return Ok(Surfaced::Error {
                kind,
                message: field("grpc-message").unwrap_or_default(),
            });
        }
        let frame = body.get(5..).ok_or("no message frame")?;
        let response = GetSecretsResponse::decode(frame).map_err(|e| e.to_string())?;
        Ok(Surfaced::Secrets(
            response
                .envelopes
                .into_iter()
                .map(|e| SurfacedSecret {
                    id: e.id.unwrap_or_default(),
                    value: e.value.unwrap_or_default(),
                    provider: e.provider.unwrap_or_default(),
                    version: e.version,
                    metadata: Some(e.metadata.into_iter().collect()),
                })
                .collect(),
        ))
    }
}

impl ClientUnderTest for GrpcOverH2c {
    fn name(&self) -> &str {
        "grpc-h2c"
    }

    fn call<'a>(&'a self, socket: &'a Path, call: &'a Call) -> Surfacing<'a> {
        Box::pin(async move {
            let Call::GetSecrets(pattern) = call else {
                return Surfaced::Crashed("this client only gets secrets".to_owned());
            };
            Self::get_secrets(socket, pattern)
                .await
                .unwrap_or_else(Surfaced::Crashed)
        })
    }
}

#[tokio::test]
async fn a_grpc_client_over_h2c_hears_the_recorded_grpc_answers() {
    let scenarios: Vec<_> = SCENARIOS
        .iter()
        .filter(|s| s.pattern.is_some())
        .copied()
        .collect();
    let clients: Vec<Box<dyn ClientUnderTest>> = vec![Box::new(GrpcOverH2c)];
    let checks = client_conformance::run(&clients, &scenarios, Duration::from_secs(5))
        .await
        .expect("run");
    for check in &checks {
        println!("{check}");
    }
    assert!(
        !checks.iter().any(|c| matches!(c.outcome, Outcome::Fail(_))),
        "a check failed"
    );
    for scenario in ["hit", "miss", "unsupported_media_type", "http_error"] {
        for which in ["request", "surfaced"] {
            let check = checks
                .iter()
                .find(|c| c.scenario == scenario && c.check == which)
                .expect("checked");
            assert!(
                matches!(check.outcome, Outcome::Pass(_)),
                "{scenario} {which}: {:?}",
                check.outcome
            );
        }
    }
}
