//! Access control (August 2026 API): plugins that registered as
//! access-control modules decide who may resolve what.
//!
//! - Before any secret is resolved, every module is asked `CheckAccess` with
//!   the pattern and the requester (the process on the other end of the
//!   client's connection, from the socket's peer credentials). All must
//!   allow; one deny is `permission_denied`.
//! - A module that fails, times out or is restarting denies too (fail
//!   closed), with a message that says which and why. An external module
//!   that disconnects is gone and no longer asked; a launched one keeps its
//!   place, denying, while it restarts.
//! - `resolver.v1.AuthorizerService.Authorize` asks every module's
//!   `Authorize` ahead of use: allowed when all allow, until the earliest
//!   expiry they give.

use std::path::PathBuf;
use std::sync::Arc;

use futures_util::future::join_all;
use secrets_core::Pattern;
use secrets_engine_api::accesscontrol::v1 as acl;
use secrets_engine_api::accesscontrol::v1::access_control_service_server::AccessControlService;
use secrets_engine_api::resolver::v1 as wire;
use secrets_engine_api::resolver::v1::authorizer_service_server::AuthorizerService;
use tonic::{Request, Response, Status};

use crate::http::caller::{Caller, check_request};
use crate::plugins::registry::{PluginHandle, RegisteredPlugin, Registry};

/// The requester as access-control modules see it: PID, process name and
/// the absolute path of its executable (read from /proc; empty where it
/// cannot be read).
pub fn requester(caller: Option<&Caller>) -> acl::Requester {
    let pid = caller.and_then(|c| c.pid);
    let proc_dir = pid.map(|pid| PathBuf::from(format!("/proc/{pid}")));
    let comm = proc_dir
        .as_ref()
        .and_then(|dir| std::fs::read_to_string(dir.join("comm")).ok());
    // Read at accept when the engine reads executables anyway.
    let path = match caller.and_then(|c| c.executable.as_deref()) {
        Some(executable) => executable.display().to_string(),
        None => proc_dir
            .and_then(|dir| std::fs::read_link(dir.join("exe")).ok())
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
    };
    acl::Requester {
        pid,
        name: Some(comm.unwrap_or_default().trim_end_matches('\n').to_owned()),
        absolute_binary_path: Some(path),
        signed_by_docker: Some(false),
        signing_info: None,
    }
}

/// Calls `module` (`call` given its service) under its timeout: its
/// answer, or why there is none, in words that say access is denied.
async fn ask<'a, T, F>(
    module: &'a RegisteredPlugin,
    call: impl FnOnce(&'a Arc<dyn AccessControlService>) -> F,
) -> Result<T, String>
where
    F: Future<Output = Result<Response<T>, Status>>,
{
    let PluginHandle::AccessControl(service) = &module.resolver else {
        return Err(format!("{} is not an access-control module", module.name));
    };
    match tokio::time::timeout(module.timeout, call(service)).await {
        Ok(Ok(answer)) => Ok(answer.into_inner()),
        Ok(Err(status)) => Err(format!(
            "access-control module {} failed ({}: {}), so access is denied",
            module.name,
            connect_runtime::error::code_name(status.code()),
            status.message()
        )),
        Err(_) => Err(format!(
            "access-control module {} did not answer within {:?}, so access is denied",
            module.name, module.timeout
        )),
    }
}

/// Asks every access-control module of `registry` whether `requester` may
/// resolve `pattern`: `Ok` when all allow (or there are none), else
/// `permission_denied` naming the module and why.
pub async fn check_access(
    registry: &Registry,
    pattern: &Pattern,
    caller: Option<&Caller>,
) -> Result<(), Status> {
    let modules = registry.access_modules();
    if modules.is_empty() {
        return Ok(());
    }
    let requester = requester(caller);
    let decisions = join_all(modules.iter().map(|module| {
        let request = acl::CheckAccessRequest {
            pattern: Some(pattern.as_str().to_owned()),
            requester: Some(requester.clone()),
        };
        async move {
            match ask(module, |service| {
                service.check_access(Request::new(request))
            })
            .await?
            {
                answer if answer.decision() == acl::Decision::Allow => Ok(()),
                _ => Err(format!("access denied by {}", module.name)),
            }
        }
    }))
    .await;
    let denials: Vec<String> = decisions.into_iter().filter_map(Result::err).collect();
    if denials.is_empty() {
        return Ok(());
    }
    tracing::info!(
        %pattern,
        pid = ?requester.pid,
        // The caller's and the modules' words: escaped.
        name = ?requester.name(),
        path = ?requester.absolute_binary_path(),
        reasons = ?denials.join("; "),
        "access denied"
    );
    Err(Status::permission_denied(denials.join("; ")))
}

/// `resolver.v1.AuthorizerService` over the registry's access-control
/// modules. The caller comes from the request's [`Caller`] extension.
#[derive(Debug, Clone)]
pub struct Authorizer {
    registry: Arc<Registry>,
}

impl Authorizer {
    /// Authorizes with the modules of `registry`.
    pub fn new(registry: Arc<Registry>) -> Self {
        Authorizer { registry }
    }
}

#[tonic::async_trait]
impl AuthorizerService for Authorizer {
    async fn authorize(
        &self,
        request: Request<wire::AuthorizeRequest>,
    ) -> Result<Response<wire::AuthorizeResponse>, Status> {
        check_request(&request)?;
        let caller = request.extensions().get::<Caller>().cloned();
        let patterns = request.into_inner().patterns;
        if patterns.is_empty() {
            return Err(Status::invalid_argument(
                "authorize needs at least one pattern",
            ));
        }
        for pattern in &patterns {
            Pattern::parse(pattern.as_str())
                .map_err(|e| Status::invalid_argument(e.to_string()))?;
        }
        let modules = self.registry.access_modules();
        let requester = requester(caller.as_ref());
        // Each module's expiry if it allows, `None` if it denies.
        let expiries = join_all(modules.iter().map(|module| {
            let request = acl::AuthorizeRequest {
                patterns: patterns.clone(),
                requester: Some(requester.clone()),
            };
            async move {
                match ask(module, |service| service.authorize(Request::new(request))).await {
                    Ok(answer) if answer.decision() == acl::Decision::Allow => Some(answer.expires_at),
                    Ok(_) => None,
                    Err(reason) => {
                        tracing::warn!(module = %module.name, %reason, "access-control module failed to authorize; denied");
                        None
                    }
                }
            }
        }))
        .await;
        // Allowed when all allow, until the earliest expiry they give.
        let (decision, expires_at) = match expiries.into_iter().collect::<Option<Vec<_>>>() {
            Some(expiries) => (
                wire::Decision::Allow,
                expiries
                    .into_iter()
                    .flatten()
                    .min_by_key(|at| (at.seconds, at.nanos)),
            ),
            None => (wire::Decision::Deny, None),
        };
        Ok(Response::new(wire::AuthorizeResponse {
            decision: Some(decision.into()),
            expires_at,
        }))
    }
}
