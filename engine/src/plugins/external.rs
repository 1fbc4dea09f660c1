//! External plugins: processes that dial the engine socket and upgrade it
//! with `/hijack`. The upgraded connection then carries a plugin session
//! (`session`), as a launched plugin's socketpair does; an external plugin is
//! in the registry from its registration until its connection ends.

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::response::IntoResponse;
use axum::routing::any;
use hyper_util::rt::TokioIo;
use tokio::sync::watch;
use tokio_util::task::TaskTracker;

use crate::http::caller::Caller;
use crate::plugins::registry::Registry;
use crate::plugins::session::{Origin, PluginSessionSettings, run_session};

/// How many plugin sessions may be attached at once. An upgraded
/// connection leaves the connection cap when it becomes a session, so the
/// sessions have this cap of their own; real setups attach a handful.
pub const MAX_SESSIONS: usize = 64;

/// The `/hijack` route: any method (as in Go), upgraded to a raw stream that
/// then carries the plugin's yamux session. Each attached plugin runs in a
/// task of `tasks`, and is asked to shut down when `stop` turns true.
pub fn hijack_route(
    registry: Arc<Registry>,
    settings: PluginSessionSettings,
    stop: watch::Receiver<bool>,
    tasks: TaskTracker,
) -> Router {
    let sessions = Arc::new(tokio::sync::Semaphore::new(MAX_SESSIONS));
    Router::new().route(
        "/hijack",
        any(move |mut request: Request| {
            let registry = registry.clone();
            let settings = settings.clone();
            let stop = stop.clone();
            let tasks = tasks.clone();
            let sessions = sessions.clone();
            async move {
                // Only a user who may use the engine may serve secrets through it.
                if let Some(caller) = request.extensions().get::<Caller>()
                    && let Err(status) = caller.check_permitted()
                {
                    tracing::warn!(uid = caller.uid, pid = ?caller.pid, "refused /hijack from another user");
                    return (http::StatusCode::FORBIDDEN, format!("{}\n", status.message()))
                        .into_response();
                }
                if !request.headers().contains_key(http::header::UPGRADE) {
                    return (
                        http::StatusCode::UPGRADE_REQUIRED,
                        [(http::header::UPGRADE, "tcp")],
                        "/hijack needs `Connection: upgrade` and `Upgrade: tcp`\n",
                    )
                        .into_response();
                }
                // Held for the session's life.
                let Ok(place) = sessions.try_acquire_owned() else {
                    tracing::warn!(max = MAX_SESSIONS, "refused /hijack: as many plugin sessions are attached as allowed");
                    let message = format!("{MAX_SESSIONS} plugin sessions are attached already\n");
                    return (http::StatusCode::SERVICE_UNAVAILABLE, message).into_response();
                };
                let upgrade = hyper::upgrade::on(&mut request);
                tasks.spawn(async move {
                    let _place = place;
                    match upgrade.await {
                        Ok(upgraded) => {
                            let io = TokioIo::new(upgraded);
                            run_session(io, registry, settings, Origin::External, stop).await;
                        }
                        Err(error) => tracing::warn!(%error, "/hijack upgrade failed"),
                    }
                });
                let headers = [
                    (http::header::CONNECTION, "upgrade"),
                    (http::header::UPGRADE, "tcp"),
                ];
                (http::StatusCode::SWITCHING_PROTOCOLS, headers).into_response()
            }
        }),
    )
}
