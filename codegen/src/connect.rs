//! Connect routes and clients for each service.
//!
//! For a service `Foo` in package `pkg` this writes a module `foo_connect` with
//! a path constant per method, `connect_routes(service)` (a
//! `connect_runtime::Route` per unary and server-streaming method, calling
//! the tonic trait `foo_server::Foo` that tonic-prost-build generates next to
//! it), `unary_routes(service)` (the unary ones only, for services that have
//! any), `routes(service)` (all of them as an axum router) and
//! `FooConnectClient` (one async method per RPC over `connect_runtime`).
//! Client- and bidirectional-streaming methods get neither a route nor a
//! client method: the runtime does not serve them.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::rc::Rc;

use heck::{ToShoutySnakeCase, ToSnakeCase};
use prost_build::{Service, ServiceGenerator};

/// The Connect code generated so far, by protobuf package. Shared between the
/// service generator (which prost-build owns) and `main`, which writes it out.
#[derive(Clone, Default)]
pub(crate) struct ConnectCode(Rc<RefCell<BTreeMap<String, String>>>);

impl ConnectCode {
    /// Removes and returns the code for `package`.
    pub(crate) fn take(&self, package: &str) -> String {
        self.0.borrow_mut().remove(package).unwrap_or_default()
    }
}

/// tonic's service generator, plus the Connect code into a separate file.
pub(crate) struct WithConnect {
    tonic: Box<dyn ServiceGenerator>,
    connect: ConnectCode,
}

impl WithConnect {
    pub(crate) fn new(tonic: Box<dyn ServiceGenerator>, connect: ConnectCode) -> Self {
        WithConnect { tonic, connect }
    }
}

impl ServiceGenerator for WithConnect {
    fn generate(&mut self, service: Service, buf: &mut String) {
        let mut connect = self.connect.0.borrow_mut();
        let out = connect.entry(service.package.clone()).or_default();
        write_service(&service, out);
        self.tonic.generate(service, buf);
    }

    fn finalize(&mut self, buf: &mut String) {
        self.tonic.finalize(buf);
    }

    fn finalize_package(&mut self, package: &str, buf: &mut String) {
        self.tonic.finalize_package(package, buf);
    }
}

/// A message type as seen from inside the generated `*_connect` module.
fn type_path(rust_type: &str) -> String {
    if rust_type.starts_with("::") || rust_type.starts_with("crate::") {
        rust_type.to_owned()
    } else {
        format!("super::{rust_type}")
    }
}

fn write_service(service: &Service, out: &mut String) {
    let module = format!("{}_connect", service.name.to_snake_case());
    let trait_path = format!(
        "super::{}_server::{}",
        service.name.to_snake_case(),
        service.name
    );
    let full_name = format!("{}.{}", service.package, service.proto_name);
    let client = format!("{}ConnectClient", service.name);

    // Client- and bidirectional-streaming methods get no route and no client
    // method here (the tonic trait and gRPC code still have them).
    let served: Vec<&prost_build::Method> = service
        .methods
        .iter()
        .filter(|method| !method.client_streaming)
        .collect();
    let unary: Vec<&prost_build::Method> = served
        .iter()
        .copied()
        .filter(|method| !method.server_streaming)
        .collect();

    let _ = writeln!(
        out,
        "/// Connect protocol routes and client for `{full_name}`."
    );
    let _ = writeln!(out, "///");
    service.comments.append_with_indent(0, out);
    let _ = writeln!(out, "pub mod {module} {{");
    for method in &served {
        let _ = writeln!(
            out,
            "    /// HTTP path of `{full_name}.{}`.\n    pub const {}: &str = \"/{full_name}/{}\";",
            method.proto_name,
            method.name.to_shouty_snake_case(),
            method.proto_name
        );
    }

    let _ = writeln!(
        out,
        r#"
    /// The Connect routes of `{full_name}`, one per unary and
    /// server-streaming method, each calling `service`: serve them with
    /// `connect_runtime::Routes`, or use [`routes`] for an axum router.
    pub fn connect_routes<T: {trait_path}>(
        {service}: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {{
        ::std::vec!["#,
        // A service with no method served here (client and bidirectional
        // streaming only) has an empty list, which does not use `service`.
        service = if served.is_empty() {
            "_service"
        } else {
            "service"
        },
    );
    for method in &served {
        write_route(method, out);
    }
    if !unary.is_empty() {
        let _ = writeln!(
            out,
            r#"        ]
    }}

    /// The routes of `{full_name}`'s unary methods only (all of
    /// [`connect_routes`] but its streaming ones).
    pub fn unary_routes<T: {trait_path}>(
        service: ::std::sync::Arc<T>,
    ) -> ::std::vec::Vec<::connect_runtime::Route> {{
        ::std::vec!["#
        );
        for method in &unary {
            write_route(method, out);
        }
    }
    let _ = writeln!(
        out,
        r#"        ]
    }}

    /// The Connect routes of `{full_name}` as an axum router. They take
    /// their `ServerLimits` from the router's state (`()` gives the
    /// defaults).
    pub fn routes<T, S>(service: ::std::sync::Arc<T>) -> ::axum::Router<S>
    where
        T: {trait_path},
        S: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
        ::connect_runtime::ServerLimits: ::axum::extract::FromRef<S>,
    {{
        ::connect_runtime::server::router(connect_routes(service))
    }}"#
    );

    let _ = writeln!(
        out,
        r#"
    /// A Connect client for `{full_name}`.
    #[derive(Debug, Clone)]
    pub struct {client}<C> {{
        inner: ::connect_runtime::ConnectClient<C>,
    }}

    impl<C> {client}<C> {{
        /// A client sending through `inner`.
        pub fn new(inner: ::connect_runtime::ConnectClient<C>) -> Self {{
            Self {{ inner }}
        }}

        /// The underlying Connect client.
        pub fn inner(&self) -> &::connect_runtime::ConnectClient<C> {{
            &self.inner
        }}
    }}

    impl<C: ::connect_runtime::Transport> {client}<C> {{"#
    );
    for method in &served {
        method.comments.append_with_indent(2, out);
        if method.server_streaming {
            let _ = writeln!(
                out,
                r#"        pub async fn {name}(
            &self,
            request: {input},
        ) -> ::core::result::Result<
            ::connect_runtime::ResponseStream<{output}>,
            ::tonic::Status,
        >
        where
            <C as ::connect_runtime::Transport>::ResponseBody: ::core::marker::Send + 'static,
        {{
            self.inner.server_stream({const_name}, request).await
        }}"#,
                name = method.name,
                input = type_path(&method.input_type),
                output = type_path(&method.output_type),
                const_name = method.name.to_shouty_snake_case(),
            );
        } else {
            let _ = writeln!(
                out,
                r#"        pub async fn {name}(
            &self,
            request: {input},
        ) -> ::core::result::Result<{output}, ::tonic::Status> {{
            self.inner.unary({const_name}, request).await
        }}"#,
                name = method.name,
                input = type_path(&method.input_type),
                output = type_path(&method.output_type),
                const_name = method.name.to_shouty_snake_case(),
            );
        }
    }
    let _ = writeln!(out, "    }}\n}}");
}

/// One entry of a route list: a unary or server-streaming route for
/// `method`, calling the tonic trait's method of the same name.
fn write_route(method: &prost_build::Method, out: &mut String) {
    let constructor = if method.server_streaming {
        "server_streaming"
    } else {
        "new"
    };
    let _ = writeln!(
        out,
        r#"            ::connect_runtime::Route::{constructor}(
                {const_name},
                ::std::sync::Arc::clone(&service),
                |service: ::std::sync::Arc<T>, request| async move {{ service.{name}(request).await }},
            ),"#,
        const_name = method.name.to_shouty_snake_case(),
        name = method.name,
    );
}
