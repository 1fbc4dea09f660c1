//! `Debug` for messages that carry secret values.
//!
//! prost derives `Debug` for every message, which prints every field. For the
//! messages listed here the generator asks prost not to, and writes a `Debug`
//! that prints `<redacted>` for the secret fields, so a `{:?}` in a log line can
//! never leak a secret.

use std::fmt::Write;

use heck::{ToSnakeCase, ToUpperCamelCase};
use prost_types::{DescriptorProto, FileDescriptorSet};

/// Messages whose listed fields hold secret values.
const SECRET_FIELDS: &[(&str, &[&str])] =
    &[(".resolver.v1.GetSecretsResponse.Envelope", &["value"])];

/// The messages prost must not derive `Debug` for.
pub(crate) fn messages() -> Vec<String> {
    SECRET_FIELDS
        .iter()
        .map(|(message, _)| (*message).to_owned())
        .collect()
}

/// The `Debug` impls for the redacted messages of `package`.
pub(crate) fn debug_impls(fds: &FileDescriptorSet, package: &str) -> Result<String, String> {
    let mut out = String::new();
    for (full_name, secret_fields) in SECRET_FIELDS {
        let Some(path) = full_name
            .strip_prefix('.')
            .and_then(|n| n.strip_prefix(package))
            .and_then(|n| n.strip_prefix('.'))
        else {
            continue;
        };
        let names: Vec<&str> = path.split('.').collect();
        let message = find_message(fds, package, &names)
            .ok_or_else(|| format!("redacted message {full_name} is not in the descriptors"))?;
        let (last, parents) = names.split_last().ok_or("empty message name")?;
        let mut rust_path: Vec<String> = parents.iter().map(|p| p.to_snake_case()).collect();
        rust_path.push(last.to_upper_camel_case());

        let _ = writeln!(
            out,
            "impl ::core::fmt::Debug for {} {{\n    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {{\n        f.debug_struct({:?})",
            rust_path.join("::"),
            last
        );
        let mut seen_oneofs = Vec::new();
        for field in &message.field {
            let ident = match field.oneof_index {
                Some(index) if !field.proto3_optional() => {
                    if seen_oneofs.contains(&index) {
                        continue;
                    }
                    seen_oneofs.push(index);
                    let oneof = message
                        .oneof_decl
                        .get(index as usize)
                        .ok_or("oneof index out of range")?;
                    oneof.name().to_snake_case()
                }
                _ => field.name().to_snake_case(),
            };
            if secret_fields.contains(&field.name()) {
                let _ = writeln!(out, "            .field({ident:?}, &\"<redacted>\")");
            } else {
                let _ = writeln!(out, "            .field({ident:?}, &self.{ident})");
            }
        }
        let _ = writeln!(out, "            .finish()\n    }}\n}}");
    }
    Ok(out)
}

fn find_message<'a>(
    fds: &'a FileDescriptorSet,
    package: &str,
    names: &[&str],
) -> Option<&'a DescriptorProto> {
    let (first, rest) = names.split_first()?;
    let mut message = fds
        .file
        .iter()
        .filter(|f| f.package() == package)
        .flat_map(|f| f.message_type.iter())
        .find(|m| m.name() == *first)?;
    for name in rest {
        message = message.nested_type.iter().find(|m| m.name() == *name)?;
    }
    Some(message)
}
