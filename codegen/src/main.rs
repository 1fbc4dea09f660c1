//! `protoc-gen-secrets-engine-rust`: the buf/protoc plugin that writes the Rust
//! API crate in `gen/rust`.
//!
//! buf runs it (see `buf.gen.yaml`) with every file of `proto/` in one
//! `CodeGeneratorRequest` on stdin and writes the files it answers with. It runs
//! the established generators on those descriptors, so that nothing about a
//! message or route is written by hand:
//!
//! - prost-build: the message structs and their binary encoding;
//! - tonic-prost-build: the service traits (what the engine and plugins
//!   implement) and gRPC clients and servers;
//! - pbjson-build: protobuf JSON mapping through serde, set to ignore unknown
//!   fields like Go's protojson;
//! - [`connect`]: Connect routes (axum) and clients for each service, calling
//!   the same tonic trait, with the protocol itself in the `connect-runtime`
//!   crate.
//!
//! It also writes the crate's `lib.rs` (one module per protobuf package) and its
//! `Cargo.toml`, and for the published API crate its `README.md` and `LICENSE`,
//! so `gen/rust` holds generated files only. The plugin option
//! `crate_name=NAME` (buf's `opt:`) names another crate instead of the API's:
//! `connect-runtime/conformance/buf.gen.yaml` writes `gen/connect-conformance` that way
//! from the vendored Connect conformance protos.
#![forbid(unsafe_code)]

mod connect;
mod crate_files;
mod redact;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use prost::Message;
use prost_types::FileDescriptorSet;
use prost_types::compiler::code_generator_response::{Feature, File};
use prost_types::compiler::{CodeGeneratorRequest, CodeGeneratorResponse};

/// Well-known types mapped to crates whose JSON matches Go's protojson
/// (`google.protobuf.Empty` stays prost's `()`). Only types the protos use
/// appear in the output: `gen/rust` uses the first two.
const EXTERN_PATHS: &[(&str, &str)] = &[
    (".google.protobuf.Timestamp", "::protojson_wkt::Timestamp"),
    (".google.protobuf.Duration", "::pbjson_types::Duration"),
    (".google.protobuf.Any", "::protojson_wkt::Any"),
    (".google.protobuf.Struct", "::pbjson_types::Struct"),
];

fn main() -> ExitCode {
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        eprintln!("protoc-gen-secrets-engine-rust: read stdin: {e}");
        return ExitCode::FAILURE;
    }
    let response = match CodeGeneratorRequest::decode(&input[..]) {
        Ok(request) => match generate(&request) {
            Ok(file) => CodeGeneratorResponse {
                file,
                supported_features: Some(Feature::Proto3Optional as u64),
                ..Default::default()
            },
            Err(error) => CodeGeneratorResponse {
                error: Some(error),
                ..Default::default()
            },
        },
        Err(e) => CodeGeneratorResponse {
            error: Some(format!("decode CodeGeneratorRequest: {e}")),
            ..Default::default()
        },
    };
    match std::io::stdout().write_all(&response.encode_to_vec()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("protoc-gen-secrets-engine-rust: write stdout: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Everything generated for one request, as files relative to the output
/// directory.
fn generate(request: &CodeGeneratorRequest) -> Result<Vec<File>, String> {
    let krate = crate_files::CrateName::from_parameter(request.parameter())?;
    let fds = FileDescriptorSet {
        file: request.proto_file.clone(),
    };
    let packages: BTreeSet<String> = request
        .proto_file
        .iter()
        .filter(|f| request.file_to_generate.contains(&f.name().to_owned()))
        .map(|f| f.package().to_owned())
        .collect();
    if packages.iter().any(String::is_empty) {
        return Err("every .proto file needs a package".to_owned());
    }

    let scratch = ScratchDir::new()?;
    let connect_code = connect::ConnectCode::default();
    let mut tonic = tonic_prost_build::configure().build_transport(false);
    if krate == crate_files::CrateName::Api {
        // The API crate asks for docs on every public item (its lib.rs warns
        // on missing ones); tonic's client and server modules hold
        // constructors (`new`, `with_interceptor`, ...) that it writes
        // without any.
        tonic = tonic
            .client_mod_attribute(".", "#[allow(missing_docs)]")
            .server_mod_attribute(".", "#[allow(missing_docs)]");
    }
    let mut config = prost_build::Config::new();
    config
        .out_dir(scratch.path())
        .enable_type_names()
        .skip_debug(redact::messages())
        .service_generator(Box::new(connect::WithConnect::new(
            tonic.service_generator(),
            connect_code.clone(),
        )));
    for (proto, rust) in EXTERN_PATHS {
        config.extern_path(*proto, *rust);
    }
    config
        .compile_fds(fds.clone())
        .map_err(|e| format!("prost-build: {e}"))?;

    let mut pbjson = pbjson_build::Builder::new();
    pbjson
        .register_descriptors(&fds.encode_to_vec())
        .map_err(|e| format!("pbjson-build: {e}"))?
        .ignore_unknown_fields();
    for (proto, rust) in EXTERN_PATHS {
        pbjson.extern_path(*proto, *rust);
    }
    let prefixes: Vec<String> = packages.iter().map(|p| format!(".{p}")).collect();
    let serde_files = pbjson
        .generate(&prefixes, |_| Ok(Vec::<u8>::new()))
        .map_err(|e| format!("pbjson-build: {e}"))?;

    let mut files = Vec::new();
    for package in &packages {
        let prost_path = scratch.path().join(format!("{package}.rs"));
        let mut messages = std::fs::read_to_string(&prost_path)
            .map_err(|e| format!("read prost output {}: {e}", prost_path.display()))?;
        messages.push_str(&redact::debug_impls(&fds, package)?);
        files.push(file(format!("src/{package}.rs"), messages));
        let connect = connect_code.take(package);
        if !connect.is_empty() {
            files.push(file(format!("src/{package}.connect.rs"), connect));
        }
    }
    for (package, bytes) in serde_files {
        let text = String::from_utf8(bytes).map_err(|e| format!("pbjson output: {e}"))?;
        files.push(file(format!("src/{package}.serde.rs"), text));
    }
    let names: BTreeSet<String> = files.iter().filter_map(|f| f.name.clone()).collect();
    let mut summaries: BTreeMap<String, crate_files::PackageSummary> = BTreeMap::new();
    for proto in request
        .proto_file
        .iter()
        .filter(|f| request.file_to_generate.contains(&f.name().to_owned()))
    {
        let summary = summaries.entry(proto.package().to_owned()).or_default();
        summary.files.insert(proto.name().to_owned());
        summary
            .services
            .extend(proto.service.iter().map(|s| s.name().to_owned()));
    }
    files.push(file(
        "src/lib.rs".to_owned(),
        crate_files::lib_rs(&krate, &packages, &summaries, &names),
    ));
    files.push(file(
        "Cargo.toml".to_owned(),
        crate_files::cargo_toml(&krate),
    ));
    if krate == crate_files::CrateName::Api {
        files.push(file(
            "README.md".to_owned(),
            crate_files::API_README.to_owned(),
        ));
        files.push(file("LICENSE".to_owned(), crate_files::LICENSE.to_owned()));
    }
    Ok(files)
}

fn file(name: String, content: String) -> File {
    File {
        name: Some(name),
        content: Some(content),
        ..Default::default()
    }
}

/// A directory prost-build writes into (it only writes files), removed on drop.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn new() -> Result<Self, String> {
        let path = std::env::temp_dir().join(format!(
            "protoc-gen-secrets-engine-rust-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&path).map_err(|e| format!("create {}: {e}", path.display()))?;
        Ok(ScratchDir(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
