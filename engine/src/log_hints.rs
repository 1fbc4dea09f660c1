//! Log lines that tell a user how to fix a failure the HTTP stack reports
//! only at debug level.
//!
//! gRPC's C core (Python grpcio, Ruby, PHP, the native Node binding) sends
//! the percent-encoded socket path as the HTTP/2 `:authority` of a
//! `unix:` channel (`%2Frun%2Fuser%2F1000%2F…`). The h2 crate under hyper
//! refuses `%` in an authority and resets the stream (PROTOCOL_ERROR) before
//! the engine sees the request, and says why only in a debug event. grpc-go,
//! tonic and Connect clients send `localhost` and are not affected. Nothing
//! before h2 can rewrite the header (it is HPACK-coded), so instead
//! [`AuthorityHint`] watches for that event and, the first time, logs at
//! warn what happened and the one-line fix on the client's side.

use std::sync::atomic::{AtomicBool, Ordering};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::Context;

/// The start of h2's debug message for a refused `:authority`.
const MALFORMED_AUTHORITY: &str = "malformed headers: malformed authority";

/// A tracing layer that turns h2's refusal of a gRPC C-core `:authority`
/// into one warning with the fix. Install it next to the log output (it
/// filters for itself, so the output's own level does not hide the event).
#[derive(Debug, Default)]
pub struct AuthorityHint {
    warned: AtomicBool,
}

impl AuthorityHint {
    /// The layer, with the filter that lets exactly h2's server events in.
    pub fn layer<S>() -> impl Layer<S>
    where
        S: Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    {
        AuthorityHint::default().with_filter(Targets::new().with_target("h2::server", Level::DEBUG))
    }
}

#[derive(Default)]
struct Message(String);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
}

impl<S: Subscriber> Layer<S> for AuthorityHint {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut message = Message::default();
        event.record(&mut message);
        if !message.0.starts_with(MALFORMED_AUTHORITY) || self.warned.swap(true, Ordering::Relaxed)
        {
            return;
        }
        // Not logged from here: an event raised while the subscriber handles
        // another one is dropped by tracing whenever any thread has a scoped
        // dispatcher (the audit log's writer thread sets one, so every
        // configuration with `audit_log` lost the hint). Logged instead by
        // a task on this thread's runtime, after this event, or else by a
        // thread of its own; neither is inside a dispatch.
        let refused = message.0;
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move { warn_authority(&refused) });
            }
            Err(_) => {
                let _ = std::thread::Builder::new()
                    .name("log-hint".into())
                    .spawn(move || warn_authority(&refused));
            }
        }
    }
}

/// The hint itself.
fn warn_authority(refused: &str) {
    tracing::warn!(
        refused = %refused,
        "an HTTP/2 request was reset because its :authority is not a host name. gRPC C-core \
         clients (Python grpcio, Ruby, PHP) send the socket path there for unix: channels; \
         give the channel the authority localhost, e.g. in Python \
         grpc.insecure_channel(\"unix:/path/engine.sock\", \
         options=[(\"grpc.default_authority\", \"localhost\")]) (logged once)"
    );
}
