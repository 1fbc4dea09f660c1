//! The encrypted file store never splits into secrets for one key beside
//! secrets for another: a lost identity is not replaced while the store holds
//! secrets, and a key that does not open the secrets already there (a
//! mistyped passphrase, another identity) cannot write.

use std::path::{Path, PathBuf};

use secrets_store::file::{FileKey, FileStore};
use secrets_store::{BackendKind, FileKeySource, Metadata, Store, StoreChoice, StoreError};

fn id(text: &str) -> secrets_core::SecretId {
    text.parse().expect("id")
}

fn choice(root: &Path, identity: &Path) -> StoreChoice {
    StoreChoice {
        backend: BackendKind::File,
        file_root: root.to_owned(),
        file_key: FileKeySource::IdentityFile(identity.to_owned()),
    }
}

struct World {
    dir: tempfile::TempDir,
}

impl World {
    fn new() -> Self {
        World {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }
    fn root(&self) -> PathBuf {
        self.dir.path().join("store")
    }
    fn identity(&self) -> PathBuf {
        self.dir.path().join("config/identity.txt")
    }
    async fn open(&self) -> Result<Store, StoreError> {
        Store::open(&choice(&self.root(), &self.identity())).await
    }
}

async fn set(store: &Store, name: &str, value: &str) -> Result<(), StoreError> {
    store.save(&id(name), value.into(), Metadata::new()).await
}

async fn value(store: &Store, name: &str) -> String {
    let secret = store.get(&id(name)).await.expect("get");
    String::from_utf8(secret.value.expose().to_vec()).expect("UTF-8")
}

#[tokio::test]
async fn a_lost_identity_is_not_replaced_while_the_store_holds_secrets() {
    let world = World::new();
    let store = world.open().await.expect("first open creates the identity");
    set(&store, "db/password", "s3cret").await.expect("set");
    set(&store, "api/token", "t").await.expect("set");
    drop(store);

    let backup = world.dir.path().join("identity.backup");
    std::fs::rename(world.identity(), &backup).expect("lose the identity");

    let error = world.open().await.expect_err("refused");
    assert!(
        matches!(error, StoreError::MissingIdentity { secrets: 2, .. }),
        "{error:?}"
    );
    let message = error.to_string();
    for needed in [
        format!("no identity at {}", world.identity().display()),
        format!(
            "the encrypted file store at {} holds 2 secrets encrypted to another key",
            world.root().display()
        ),
        format!(
            "put your backup of the identity back at {}",
            world.identity().display()
        ),
        "point DOCKER_PASS_IDENTITY_FILE at it".to_owned(),
        format!("move {} away", world.root().display()),
    ] {
        assert!(
            message.contains(&needed),
            "{needed:?} missing from: {message}"
        );
    }
    assert!(!world.identity().exists(), "no identity was created");
    // Nothing was written either: the store still holds exactly the two.
    let leftovers: Vec<_> = std::fs::read_dir(world.root())
        .expect("store")
        .map(|e| e.expect("entry").file_name().into_string().expect("name"))
        .filter(|name| !name.starts_with('.'))
        .collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");

    // Refused again on a second try: the refusal left nothing behind that
    // would let a later open create one.
    assert!(matches!(
        world.open().await,
        Err(StoreError::MissingIdentity { .. })
    ));

    // Pointing at the backup works, and so does putting it back.
    let store = Store::open(&choice(&world.root(), &backup))
        .await
        .expect("the backup opens the store");
    assert_eq!(value(&store, "db/password").await, "s3cret");
    std::fs::rename(&backup, world.identity()).expect("restore");
    let store = world.open().await.expect("restored");
    set(&store, "new/one", "n")
        .await
        .expect("set after restoring");
    assert_eq!(value(&store, "api/token").await, "t");
    assert_eq!(value(&store, "new/one").await, "n");
}

#[tokio::test]
async fn one_secret_is_counted_as_one() {
    let world = World::new();
    let store = world.open().await.expect("open");
    set(&store, "only", "1").await.expect("set");
    std::fs::remove_file(world.identity()).expect("lose the identity");
    let message = world.open().await.expect_err("refused").to_string();
    assert!(message.contains("holds 1 secret encrypted"), "{message}");
}

#[tokio::test]
async fn an_identity_is_created_where_no_secret_is_stored() {
    // No store directory at all.
    let world = World::new();
    world.open().await.expect("created");
    assert!(world.identity().is_file());

    // A store directory holding only what is not a secret: the lock file,
    // leftovers of interrupted writes, foreign files, a directory whose name
    // is not an ID's base64.
    let world = World::new();
    std::fs::create_dir_all(world.root().join(".new-YQ==-1-2-3")).expect("leftover");
    std::fs::create_dir_all(world.root().join("not base64!")).expect("foreign dir");
    std::fs::write(world.root().join(".posixage.lock"), "").expect("lock");
    std::fs::write(world.root().join("README"), "hello").expect("file");
    let store = world.open().await.expect("created");
    assert!(world.identity().is_file());
    set(&store, "a", "b").await.expect("set");
    assert_eq!(value(&store, "a").await, "b");

    // A store whose secrets were all removed is empty again.
    std::fs::remove_file(world.identity()).expect("lose it");
    assert!(world.open().await.is_err());
    let backup_key = world.dir.path().join("other-identity.txt");
    let (key, _) = FileKey::identity_file(&backup_key, true).expect("key");
    let other = FileStore::open(&world.root(), key).expect("open");
    other.delete(&id("a")).await.expect("rm works with any key");
    world
        .open()
        .await
        .expect("an empty store gets a new identity");
}

#[tokio::test]
async fn processes_opening_an_empty_store_at_once_share_one_identity() {
    // Each thread opens (creating the identity, or reading the one another
    // created) and writes at once: every one must end up with the same
    // identity, and none may take the secrets the others wrote for a sign
    // that the identity was lost.
    for _ in 0..5 {
        let world = World::new();
        let barrier = std::sync::Barrier::new(8);
        let results: Vec<Result<(), String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|n| {
                    let (world, barrier) = (&world, &barrier);
                    scope.spawn(move || {
                        let runtime = tokio::runtime::Builder::new_current_thread()
                            .build()
                            .expect("runtime");
                        barrier.wait();
                        runtime.block_on(async {
                            let store = world.open().await.map_err(|e| e.to_string())?;
                            set(&store, &format!("s{n}"), "v")
                                .await
                                .map_err(|e| e.to_string())
                        })
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("thread"))
                .collect()
        });
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        let store = world.open().await.expect("open");
        for n in 0..8 {
            assert_eq!(value(&store, &format!("s{n}")).await, "v");
        }
    }
}

#[tokio::test]
async fn another_identity_cannot_write_beside_the_secrets() {
    let world = World::new();
    let store = world.open().await.expect("open");
    set(&store, "db/password", "s3cret").await.expect("set");

    let other_path = world.dir.path().join("other.txt");
    let (other_key, created) = FileKey::identity_file(&other_path, true).expect("other key");
    assert!(created);
    let other = FileStore::open(&world.root(), other_key).expect("open");
    let error = other
        .save(&id("new/one"), "x".into(), Metadata::new())
        .await
        .expect_err("refused");
    assert!(
        matches!(&error, StoreError::ForeignKey { secrets: 1, sample, .. } if sample == "db/password"),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("not writing secret new/one"), "{message}");
    assert!(
        message.contains("this X25519 identity does not open"),
        "{message}"
    );
    assert!(message.contains("another identity"), "{message}");
    assert!(message.contains("DOCKER_PASS_IDENTITY_FILE"), "{message}");
    // Nothing written, not even over the existing secret.
    assert!(matches!(
        other.get(&id("new/one")).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(
        other
            .save(&id("db/password"), "x".into(), Metadata::new())
            .await
            .is_err()
    );
    assert_eq!(value(&store, "db/password").await, "s3cret");
    assert_eq!(store.list().await.expect("list").len(), 1);
}

#[tokio::test]
async fn passphrases_write_only_where_they_open_the_secrets() {
    let world = World::new();
    let right = FileStore::open(
        &world.root(),
        FileKey::passphrase("correct horse").expect("key"),
    )
    .expect("open");
    right
        .save(&id("p"), "v".into(), Metadata::new())
        .await
        .expect("an empty store takes any passphrase");
    // The same passphrase, from a fresh handle (as each docker-pass run is),
    // writes: its key opens the secret already there.
    let again = FileStore::open(
        &world.root(),
        FileKey::passphrase("  correct horse\n").expect("key"),
    )
    .expect("open");
    again
        .save(&id("q"), "w".into(), Metadata::new())
        .await
        .expect("the right passphrase writes");

    let wrong = FileStore::open(
        &world.root(),
        FileKey::passphrase("battery staple").expect("key"),
    )
    .expect("open");
    let error = wrong
        .save(&id("r"), "x".into(), Metadata::new())
        .await
        .expect_err("a wrong passphrase does not write");
    let message = error.to_string();
    assert!(
        matches!(error, StoreError::ForeignKey { secrets: 2, .. }),
        "{message}"
    );
    assert!(
        message.contains("this passphrase does not open (tried secret p: wrong passphrase)"),
        "{message}"
    );
    assert!(
        !message.contains("battery") && !message.contains("horse"),
        "{message}"
    );
    assert_eq!(again.list().await.expect("list").len(), 2);

    // An identity cannot write beside passphrase secrets either.
    let identity = world.dir.path().join("id.txt");
    let (key, _) = FileKey::identity_file(&identity, true).expect("key");
    let by_identity = FileStore::open(&world.root(), key).expect("open");
    let message = by_identity
        .save(&id("s"), "x".into(), Metadata::new())
        .await
        .expect_err("refused")
        .to_string();
    assert!(
        message.contains("it is encrypted with a passphrase key"),
        "{message}"
    );
}

#[tokio::test]
async fn damaged_secrets_do_not_decide_and_do_not_block() {
    let world = World::new();
    let store = world.open().await.expect("open");
    // "a" sorts first: damage it so that the check must look further.
    set(&store, "a", "1").await.expect("set");
    set(&store, "b", "2").await.expect("set");
    let damaged = world.root().join("YQ==").join("secretage");
    std::fs::write(&damaged, b"not an age file").expect("damage");

    // The right identity still writes (it opens "b").
    let fresh = world.open().await.expect("open");
    set(&fresh, "c", "3").await.expect("the right key writes");
    // Another one does not: "b" decides against it.
    let (other, _) =
        FileKey::identity_file(&world.dir.path().join("other.txt"), true).expect("key");
    let other = FileStore::open(&world.root(), other).expect("open");
    let message = other
        .save(&id("d"), "4".into(), Metadata::new())
        .await
        .expect_err("refused")
        .to_string();
    assert!(message.contains("tried secret b"), "{message}");

    // A store whose only secret is damaged proves nothing about any key:
    // writing is allowed (and the damaged secret stays reported as such).
    let world = World::new();
    let store = world.open().await.expect("open");
    set(&store, "a", "1").await.expect("set");
    std::fs::write(world.root().join("YQ==").join("secretage"), b"junk").expect("damage");
    let (other, _) =
        FileKey::identity_file(&world.dir.path().join("other.txt"), true).expect("key");
    let other = FileStore::open(&world.root(), other).expect("open");
    other
        .save(&id("b"), "2".into(), Metadata::new())
        .await
        .expect("nothing readable to split from");
}
