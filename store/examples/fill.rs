//! Fills a store with many secrets for benchmarks (scripts/bench-store):
//! `fill file ROOT IDENTITY_FILE COUNT PREFIX` or `fill keychain COUNT PREFIX`.
//! Secrets are `PREFIX/s00001`… with a 32-byte value and one metadata entry.

use secrets_core::{SecretId, SecretValue};
use secrets_store::file::{FileKey, FileStore};
use secrets_store::{Metadata, Store};

fn usage() -> ! {
    eprintln!("usage: fill file ROOT IDENTITY_FILE COUNT PREFIX | fill keychain COUNT PREFIX");
    std::process::exit(2)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (store, count, prefix) = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["file", root, identity, count, prefix] => {
            let (key, _) = FileKey::identity_file(identity.as_ref(), true)?;
            (
                Store::File(FileStore::open(root.as_ref(), key)?),
                count,
                prefix,
            )
        }
        #[cfg(target_os = "linux")]
        ["keychain", count, prefix] => (
            Store::Keychain(
                secrets_store::keychain::KeychainStore::connect(std::time::Duration::from_secs(5))
                    .await?,
            ),
            count,
            prefix,
        ),
        _ => usage(),
    };
    let count: usize = count.parse().unwrap_or_else(|_| usage());
    for i in 0..count {
        let id = SecretId::parse(format!("{prefix}/s{i:05}"))?;
        let value = SecretValue::from(format!("value-{i:05}-0123456789abcdefghij"));
        let metadata = Metadata::from([("n".to_owned(), i.to_string())]);
        store.save(&id, value, metadata).await?;
    }
    eprintln!("stored {count} secrets in {}", store.describe());
    Ok(())
}
