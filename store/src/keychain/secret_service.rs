//! The OS keychain on Linux: the freedesktop Secret Service (gnome-keyring,
//! KeePassXC, KWallet's bridge) over D-Bus. Items are in Docker's layout
//! (see the parent module), their attributes the item's own; non-`x_`
//! attributes such as `xdg:schema` are not metadata. The collection is
//! `login` when there is one, else the `default` alias.
//!
//! Docker's Go store opens a new D-Bus connection and key-exchange session
//! for every operation (11–15 ms each). This one keeps one connection open,
//! on a thread of its own so callers on any runtime can use it, and opens a
//! new one when a call fails in a way a new connection could fix (the keyring
//! daemon restarted, the bus went away).
//!
//! Values cross the bus only inside the encrypted (Diffie-Hellman) session,
//! opened on the first call that reads or writes one. Calls that touch no
//! value (listing, metadata, removal) use a plain session, which costs one
//! round trip instead of a key exchange (about 5 ms of a short-lived
//! `docker-pass ls` or `get`).

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use secret_service::{EncryptionType, SecretService};
use secrets_core::{Pattern, SecretId, SecretValue};
use tokio::sync::Mutex;
use zbus::zvariant::OwnedObjectPath;
use zeroize::Zeroize;

use super::{GROUP_KEY, ID_KEY, ItemOwner, NAME_KEY, metadata_of};
use crate::changes::Publisher;
use crate::{Changes, Filtered, Metadata, StoreError, StoredSecret};

const LOGIN_COLLECTION: &str = "/org/freedesktop/secrets/collection/login";
/// The content type Docker's Go store gives the secrets it writes.
const CONTENT_TYPE: &str = "application/octet-stream";
/// Calls in flight at once on the connection: D-Bus daemons refuse more than
/// 128 pending replies per connection by default.
const MAX_IN_FLIGHT: usize = 64;
/// How long one operation may take, an unlock prompt included.
const OPERATION_TIMEOUT: Duration = Duration::from_secs(60);
/// How a probe that timed out starts its reason ([`is_slow_answer`]).
const SLOW_ANSWER: &str = "no answer on the session bus within";
const HINT: &str = "; start a Secret Service (gnome-keyring-daemon) or use the encrypted file store (DOCKER_PASS_STORE=file)";

/// The keychain store. Cheap to clone: clones share the connection.
#[derive(Clone)]
pub struct KeychainStore {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for KeychainStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

struct Shared {
    /// The runtime of the keychain's own thread, which owns the connection.
    runtime: tokio::runtime::Handle,
    /// Ends that thread when the last clone is dropped.
    _stop: tokio::sync::oneshot::Sender<()>,
    connection: Mutex<Option<Connection>>,
}

/// An open connection with its sessions and chosen collection.
struct Connection {
    bus: zbus::Connection,
    /// A plain session: for calls that carry no value.
    service: SecretService<'static>,
    /// The encrypted session, for values; opened when first needed.
    sealed: tokio::sync::OnceCell<SecretService<'static>>,
    collection: OwnedObjectPath,
    /// Where each ID's item was last found. Reading an item at a known path
    /// takes one round trip instead of two (search, then read); an answer
    /// from the path counts only when the item's attributes still name that
    /// ID, so a deleted, replaced or renumbered item falls back to a search.
    /// A new connection starts with none.
    item_paths: std::sync::Mutex<HashMap<SecretId, OwnedObjectPath>>,
}

/// Why a call failed, as far as retrying is concerned.
enum Failure {
    /// The collection or item is locked.
    Locked(String),
    /// Anything else: the connection is dropped and, once, opened again.
    Broken(String),
    /// A final answer (not found, damaged item).
    Final(StoreError),
}

impl From<secret_service::Error> for Failure {
    fn from(e: secret_service::Error) -> Self {
        let text = e.to_string();
        match e {
            secret_service::Error::Locked | secret_service::Error::Prompt => Failure::Locked(text),
            _ if text.contains("IsLocked") => Failure::Locked(text),
            _ => Failure::Broken(text),
        }
    }
}

type OpFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, Failure>> + Send + 'a>>;

impl KeychainStore {
    /// A store that connects on its first operation (and again after losing
    /// the connection), for a daemon that must start without a keychain and
    /// serve it once one appears. Docker's item group and name.
    pub fn lazy() -> Result<KeychainStore, StoreError> {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (handle_tx, handle_rx) = std::sync::mpsc::channel();
        let thread_failed = |e: std::io::Error| StoreError::Unavailable {
            backend: "keychain",
            reason: format!("cannot start the keychain thread: {e}"),
            hint: "",
        };
        std::thread::Builder::new()
            .name("keychain".into())
            .spawn(move || {
                let built = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                let runtime = match built {
                    Ok(runtime) => runtime,
                    Err(e) => return drop(handle_tx.send(Err(e))),
                };
                let _ = handle_tx.send(Ok(runtime.handle().clone()));
                // Runs until the last clone of the store is dropped.
                runtime.block_on(async {
                    let _ = stopped.await;
                });
            })
            .map_err(thread_failed)?;
        let runtime = handle_rx
            .recv()
            .map_err(std::io::Error::other)
            .and_then(|built| built)
            .map_err(thread_failed)?;
        Ok(KeychainStore {
            shared: Arc::new(Shared {
                runtime,
                _stop: stop,
                connection: Mutex::new(None),
            }),
        })
    }

    /// Connects to the Secret Service on the session bus and finds the
    /// collection, giving up after `timeout`.
    pub async fn connect(timeout: Duration) -> Result<KeychainStore, StoreError> {
        let store = Self::lazy()?;
        // Opening the first connection proves a Secret Service answers.
        let probe = store.run((), |_, _| Box::pin(async { Ok(()) }));
        match tokio::time::timeout(timeout, probe).await {
            Ok(Ok(())) => Ok(store),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(StoreError::Unavailable {
                backend: "keychain",
                reason: format!("{SLOW_ANSWER} {timeout:?}"),
                hint: HINT,
            }),
        }
    }

    /// `keychain (Secret Service, collection …)`.
    pub fn describe(&self) -> String {
        let collection = self
            .shared
            .connection
            .try_lock()
            .ok()
            .and_then(|c| c.as_ref().map(|c| c.collection.to_string()))
            .unwrap_or_else(|| "not connected".into());
        format!("keychain (Secret Service, collection {collection})")
    }

    /// Runs `op` with `input` on the keychain thread with a connection,
    /// opening one when there is none, and once more with a new connection
    /// when the first attempt failed on a connection that was already open.
    async fn run<I: Send + Sync + 'static, T: Send + 'static>(
        &self,
        input: I,
        op: impl for<'a> Fn(&'a Connection, &'a I) -> OpFuture<'a, T> + Send + Sync + 'static,
    ) -> Result<T, StoreError> {
        let shared = self.shared.clone();
        let task = async move {
            let mut slot = shared.connection.lock().await;
            let mut fresh = false;
            let mut unlock_tried = false;
            loop {
                if slot.is_none() {
                    *slot = Some(open_connection().await.map_err(unavailable)?);
                    fresh = true;
                }
                let connection = slot.as_ref().unwrap_or_else(|| unreachable!("just opened"));
                match op(connection, &input).await {
                    Ok(value) => return Ok(value),
                    Err(Failure::Final(e)) => return Err(e),
                    Err(Failure::Locked(reason)) => {
                        // Unlock (this may show a prompt on a desktop) and try once more.
                        if unlock_tried || unlock(connection).await.is_err() {
                            return Err(StoreError::Locked { reason });
                        }
                        unlock_tried = true;
                    }
                    Err(Failure::Broken(reason)) => {
                        *slot = None;
                        if fresh {
                            return Err(unavailable(Failure::Broken(reason)));
                        }
                        tracing::debug!(%reason, "keychain call failed; reconnecting");
                    }
                }
            }
        };
        let handle = self.shared.runtime.spawn(async move {
            tokio::time::timeout(OPERATION_TIMEOUT, task)
                .await
                .unwrap_or_else(|_| {
                    Err(StoreError::Unavailable {
                        backend: "keychain",
                        reason: format!("no answer within {OPERATION_TIMEOUT:?}"),
                        hint: HINT,
                    })
                })
        });
        handle.await.map_err(|e| StoreError::Unavailable {
            backend: "keychain",
            reason: format!("the keychain task failed: {e}"),
            hint: "",
        })?
    }

    /// Stores `value` under `id`, replacing any previous value and metadata
    /// (as Docker's store does on Linux).
    pub async fn save(
        &self,
        id: &SecretId,
        value: SecretValue,
        metadata: Metadata,
    ) -> Result<(), StoreError> {
        let input = (id.clone(), value, metadata);
        self.run(input, |conn, (id, value, metadata)| {
            Box::pin(async move {
                let attributes = ItemOwner::DOCKER.attributes(id, metadata);
                let attributes_ref: HashMap<&str, &str> = attributes
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                let label = ItemOwner::DOCKER.label(id.as_str());
                let collection = conn.sealed_collection().await?;
                let found = collection.search_items(search_attributes(Some(id))).await?;
                match found.split_first() {
                    None => {
                        collection
                            .create_item(&label, attributes_ref, value.expose(), true, CONTENT_TYPE)
                            .await?;
                    }
                    Some((primary, duplicates)) => {
                        primary.set_secret(value.expose(), CONTENT_TYPE).await?;
                        primary.set_attributes(attributes_ref).await?;
                        primary.set_label(&label).await?;
                        for duplicate in duplicates {
                            duplicate.delete().await?;
                        }
                    }
                }
                Ok(())
            })
        })
        .await
    }

    /// The secret `id`.
    pub async fn get(&self, id: &SecretId) -> Result<StoredSecret, StoreError> {
        self.run(id.clone(), |conn, id| {
            Box::pin(async move {
                read_one(conn, id)
                    .await?
                    .ok_or_else(|| Failure::Final(StoreError::NotFound(id.clone())))
            })
        })
        .await
    }

    /// Removes the secret `id` (every item with its attributes).
    pub async fn delete(&self, id: &SecretId) -> Result<(), StoreError> {
        self.run(id.clone(), |conn, id| {
            Box::pin(async move {
                let collection = conn.collection().await?;
                let found = collection.search_items(search_attributes(Some(id))).await?;
                if found.is_empty() {
                    refuse_if_locked(&collection, true).await?;
                    return Err(Failure::Final(StoreError::NotFound(id.clone())));
                }
                for item in &found {
                    item.delete().await?;
                }
                Ok(())
            })
        })
        .await
    }

    /// The metadata of the secret `id`, which must be unlocked; its value is
    /// not read.
    pub async fn metadata(&self, id: &SecretId) -> Result<Metadata, StoreError> {
        self.run(id.clone(), |conn, id| {
            Box::pin(async move {
                let collection = conn.collection().await?;
                let found = collection.search_items(search_attributes(Some(id))).await?;
                let Some(item) = found.first() else {
                    refuse_if_locked(&collection, true).await?;
                    return Err(Failure::Final(StoreError::NotFound(id.clone())));
                };
                // A locked item still shows its attributes; its value would
                // need an unlock, and so does this answer.
                let (attributes, locked) =
                    futures_util::try_join!(item.get_attributes(), item.is_locked())?;
                if locked {
                    return Err(Failure::Locked("the item is locked".into()));
                }
                Ok(metadata_of(attributes))
            })
        })
        .await
    }

    /// Every secret's ID and metadata; no value is read.
    pub async fn list(&self) -> Result<BTreeMap<SecretId, Metadata>, StoreError> {
        self.run((), |conn, ()| {
            Box::pin(async move {
                let collection = conn.collection().await?;
                let items = collection.search_items(search_attributes(None)).await?;
                refuse_if_locked(&collection, items.is_empty()).await?;
                let attributes =
                    bounded(items.iter().map(|item| item.get_attributes()).collect()).await;
                let mut listed = BTreeMap::new();
                for attributes in attributes {
                    if let Some((id, metadata)) = identified(attributes?) {
                        listed.insert(id, metadata);
                    }
                }
                Ok(listed)
            })
        })
        .await
    }

    /// The secrets `pattern` matches, values included.
    pub async fn filter(&self, pattern: &Pattern) -> Result<Filtered, StoreError> {
        self.run(pattern.clone(), |conn, pattern| {
            Box::pin(async move {
                let mut filtered = Filtered::default();
                if let Ok(id) = SecretId::parse(pattern.as_str()) {
                    // One ID (the usual request): its item, by path when known.
                    filtered.secrets.extend(read_one(conn, &id).await?);
                    return Ok(filtered);
                }
                let collection = conn.sealed_collection().await?;
                let items = collection.search_items(search_attributes(None)).await?;
                refuse_if_locked(&collection, items.is_empty()).await?;
                let attributes =
                    bounded(items.iter().map(|item| item.get_attributes()).collect()).await;
                let mut wanted = Vec::new();
                let mut matching = Vec::new();
                for (item, attributes) in items.iter().zip(attributes) {
                    if let Some((id, metadata)) = identified(attributes?)
                        && pattern.matches(&id)
                    {
                        wanted.push((id, metadata));
                        matching.push(item);
                    }
                }
                let values = bounded(matching.iter().map(|item| item.get_secret()).collect()).await;
                for ((id, metadata), value) in wanted.into_iter().zip(values) {
                    match value {
                        Ok(bytes) => filtered.secrets.push(StoredSecret {
                            id,
                            value: SecretValue::new(bytes),
                            metadata,
                        }),
                        Err(secret_service::Error::Crypto(reason)) => {
                            filtered.skipped.push(StoreError::Corrupt {
                                id: id.to_string(),
                                reason: reason.to_owned(),
                            })
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
                filtered.secrets.sort_by(|a, b| a.id.cmp(&b.id));
                // Two items for one ID (written by hand): the first wins, as in Go.
                filtered.secrets.dedup_by(|a, b| a.id == b.id);
                Ok(filtered)
            })
        })
        .await
    }
}

impl KeychainStore {
    /// A subscription to the changes of this store's items in its
    /// collection, from the Secret Service's signals (`ItemCreated`,
    /// `ItemChanged`, `ItemDeleted`) on a D-Bus connection of its own. Items
    /// are told by their attributes; those of other applications are
    /// ignored. The collection being created, removed, locked or unlocked,
    /// and the Secret Service restarting, are [`Change::Unknown`](crate::Change::Unknown).
    /// Returns once the signals are subscribed to and the items of ours
    /// found (so that a removal names its ID), so every change after it is
    /// reported.
    pub async fn changes(&self) -> Result<Changes, StoreError> {
        // The store's connection: which collection, and a bus for reading
        // attributes (never on the signals' connection: it stops reading
        // while its signal queue is full, and would not read the answer).
        let (bus, collection) = self
            .run((), |conn, ()| {
                Box::pin(async move { Ok((conn.bus.clone(), conn.collection.clone())) })
            })
            .await?;
        let publisher = Publisher::new();
        let (ready, started) = tokio::sync::oneshot::channel();
        let watcher = ItemWatcher {
            bus,
            collection,
            publisher: publisher.clone(),
            items: HashMap::new(),
            complete: false,
        };
        let task = self.shared.runtime.spawn(async move {
            // However the task ends (the bus closed, the store's thread
            // stopped), the subscriber hears that nothing more will come.
            let _end = EndOnDrop(watcher.publisher.clone());
            let mut watcher = watcher;
            match watcher.subscribe().await {
                Ok(signals) => {
                    watcher.scan().await;
                    let _ = ready.send(Ok(()));
                    watcher.run(signals).await;
                }
                Err(e) => drop(ready.send(Err(e))),
            }
        });
        let subscription = Subscription {
            task: task.abort_handle(),
            _store: self.shared.clone(),
        };
        match tokio::time::timeout(OPERATION_TIMEOUT, started).await {
            Ok(Ok(Ok(()))) => Ok(Changes::new(&publisher, subscription)),
            Ok(Ok(Err(failure))) => Err(unavailable(failure)),
            Ok(Err(_)) => Err(StoreError::Unavailable {
                backend: "keychain",
                reason: "the keychain's watcher stopped before it started".into(),
                hint: "",
            }),
            Err(_) => Err(StoreError::Unavailable {
                backend: "keychain",
                reason: format!("subscribing to its changes took more than {OPERATION_TIMEOUT:?}"),
                hint: HINT,
            }),
        }
    }
}

/// The Secret Service's well-known bus name.
const SERVICE_NAME: &str = "org.freedesktop.secrets";
const SERVICE_PATH: &str = "/org/freedesktop/secrets";
const SERVICE_INTERFACE: &str = "org.freedesktop.Secret.Service";
const COLLECTION_INTERFACE: &str = "org.freedesktop.Secret.Collection";
const ITEM_INTERFACE: &str = "org.freedesktop.Secret.Item";
const PROPERTIES_INTERFACE: &str = "org.freedesktop.DBus.Properties";
/// Signals a subscription's connection queues before it stops reading
/// (the bus daemon then holds the rest).
const SIGNAL_QUEUE: usize = 256;
/// How long a watcher waits for one item's attributes.
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(10);
/// The most items of ours a subscription remembers the IDs of; beyond
/// that, the removal of an item it does not know is [`Change::Unknown`](crate::Change::Unknown).
const MAX_WATCHED_ITEMS: usize = 1 << 16;

/// What a [`Changes`] of the keychain holds: its watcher task, aborted when
/// it is dropped, and the store's thread, which runs the task.
struct Subscription {
    task: tokio::task::AbortHandle,
    _store: Arc<Shared>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Ends the subscription's stream when the watcher task ends or is dropped.
struct EndOnDrop(Publisher);

impl Drop for EndOnDrop {
    fn drop(&mut self) {
        self.0.end();
    }
}

/// Turns the Secret Service's signals into [`Change`](crate::Change)s.
struct ItemWatcher {
    /// For reading item attributes.
    bus: zbus::Connection,
    collection: OwnedObjectPath,
    publisher: Publisher,
    /// The ID of each item of ours, by path: a removed item's attributes
    /// cannot be read any more.
    items: HashMap<OwnedObjectPath, SecretId>,
    /// Whether `items` holds every item of ours: then a removed item it does
    /// not know is someone else's.
    complete: bool,
}

/// What an item turned out to be.
enum Lookup {
    /// One of this store's secrets.
    Ours(SecretId),
    /// Another application's item.
    Foreign,
    /// It no longer exists.
    Gone,
    /// Its attributes could not be read.
    Failed,
}

impl ItemWatcher {
    /// Subscribes, on a connection of its own, to the collection's item
    /// signals, the service's collection signals, the collection's `Locked`
    /// property and the service's owner.
    async fn subscribe(
        &self,
    ) -> Result<
        impl futures_util::Stream<Item = zbus::Result<zbus::Message>> + Unpin + use<>,
        Failure,
    > {
        use zbus::MatchRule;
        use zbus::message::Type;
        let broken = |e: zbus::Error| Failure::Broken(format!("cannot watch the keychain: {e}"));
        let signals = zbus::Connection::session().await.map_err(broken)?;
        let signal = || MatchRule::builder().msg_type(Type::Signal);
        let rules = [
            signal()
                .sender(SERVICE_NAME)
                .and_then(|b| b.interface(COLLECTION_INTERFACE))
                .and_then(|b| b.path(self.collection.clone())),
            signal()
                .sender(SERVICE_NAME)
                .and_then(|b| b.interface(PROPERTIES_INTERFACE))
                .and_then(|b| b.member("PropertiesChanged"))
                .and_then(|b| b.path(self.collection.clone())),
            signal()
                .sender(SERVICE_NAME)
                .and_then(|b| b.interface(SERVICE_INTERFACE))
                .and_then(|b| b.path(SERVICE_PATH)),
            signal()
                .sender("org.freedesktop.DBus")
                .and_then(|b| b.interface("org.freedesktop.DBus"))
                .and_then(|b| b.member("NameOwnerChanged"))
                .and_then(|b| b.arg(0, SERVICE_NAME)),
        ];
        let mut streams = Vec::new();
        for rule in rules {
            let rule = rule.map_err(broken)?.build();
            streams.push(
                zbus::MessageStream::for_match_rule(rule, &signals, Some(SIGNAL_QUEUE))
                    .await
                    .map_err(broken)?,
            );
        }
        Ok(futures_util::stream::select_all(streams))
    }

    /// Learns the IDs of the items of ours already in the collection.
    async fn scan(&mut self) {
        use futures_util::StreamExt;
        self.items.clear();
        self.complete = false;
        let found = self
            .bus
            .call_method(
                Some(SERVICE_NAME),
                &self.collection,
                Some(COLLECTION_INTERFACE),
                "SearchItems",
                &(search_attributes(None),),
            )
            .await;
        let Ok(paths) = found.and_then(|reply| reply.body().deserialize::<Vec<OwnedObjectPath>>())
        else {
            return;
        };
        // A locked collection hides its items from searches.
        if !matches!(
            self.property::<bool>(&self.collection, COLLECTION_INTERFACE, "Locked")
                .await,
            Some(false)
        ) {
            return;
        }
        let bus = self.bus.clone();
        let mut lookups = futures_util::stream::iter(paths)
            .map(|path| {
                let bus = bus.clone();
                async move {
                    let found = lookup(&bus, &path).await;
                    (path, found)
                }
            })
            .buffered(MAX_IN_FLIGHT);
        let mut complete = true;
        while let Some((path, found)) = lookups.next().await {
            match found {
                Lookup::Ours(id) => complete &= self.remember(path, id),
                Lookup::Foreign | Lookup::Gone => {}
                Lookup::Failed => complete = false,
            }
        }
        self.complete = complete;
    }

    /// Remembers `path` as `id`'s item; `false` when there are too many to.
    fn remember(&mut self, path: OwnedObjectPath, id: SecretId) -> bool {
        if self.items.len() >= MAX_WATCHED_ITEMS && !self.items.contains_key(&path) {
            self.complete = false;
            return false;
        }
        self.items.insert(path, id);
        true
    }

    async fn property<T>(&self, path: &OwnedObjectPath, interface: &str, name: &str) -> Option<T>
    where
        T: TryFrom<zbus::zvariant::OwnedValue>,
    {
        let body = (interface, name);
        let call = self.bus.call_method(
            Some(SERVICE_NAME),
            path,
            Some(PROPERTIES_INTERFACE),
            "Get",
            &body,
        );
        let reply = tokio::time::timeout(LOOKUP_TIMEOUT, call)
            .await
            .ok()?
            .ok()?;
        let value: zbus::zvariant::OwnedValue = reply.body().deserialize().ok()?;
        T::try_from(value).ok()
    }

    /// Reports changes until the bus connection ends.
    async fn run(
        &mut self,
        mut signals: impl futures_util::Stream<Item = zbus::Result<zbus::Message>> + Unpin,
    ) {
        use futures_util::StreamExt;
        while let Some(signal) = signals.next().await {
            match signal {
                Ok(signal) => self.on_signal(&signal).await,
                // A message that could not be read: what it said is unknown.
                Err(_) => self.publisher.unknown(),
            }
            if self.publisher.is_dropped() {
                return;
            }
        }
    }

    async fn on_signal(&mut self, signal: &zbus::Message) {
        let header = signal.header();
        let (Some(interface), Some(member)) = (header.interface(), header.member()) else {
            return;
        };
        match (interface.as_str(), member.as_str()) {
            (COLLECTION_INTERFACE, "ItemCreated" | "ItemChanged") => {
                let Ok(path) = signal.body().deserialize::<OwnedObjectPath>() else {
                    return self.publisher.unknown();
                };
                let known = self.items.get(&path).cloned();
                // Said at once; the lookup below is for a new or renamed ID.
                // An item not known to be ours is said to be pending first:
                // the lookup is a round trip to the keyring, and a cache
                // must not serve what it kept meanwhile (`docker-pass set`
                // returns before it).
                match &known {
                    Some(id) => self.publisher.secret(id.clone()),
                    None => self.publisher.pending(),
                }
                match lookup(&self.bus, &path).await {
                    Lookup::Ours(id) => {
                        if known.as_ref() != Some(&id) {
                            self.publisher.secret(id.clone());
                        }
                        self.remember(path, id);
                    }
                    Lookup::Foreign => {
                        self.items.remove(&path);
                    }
                    // Removed already. Had it been ours, a reader may have
                    // seen it meanwhile, and its removal would go unnamed.
                    Lookup::Gone if known.is_none() => self.publisher.unknown(),
                    Lookup::Gone => {}
                    Lookup::Failed => {
                        self.complete = false;
                        self.publisher.unknown();
                    }
                }
            }
            (COLLECTION_INTERFACE, "ItemDeleted") => {
                let Ok(path) = signal.body().deserialize::<OwnedObjectPath>() else {
                    return self.publisher.unknown();
                };
                match self.items.remove(&path) {
                    Some(id) => self.publisher.secret(id),
                    None if self.complete => {}
                    None => self.publisher.unknown(),
                }
            }
            (PROPERTIES_INTERFACE, "PropertiesChanged") => {
                // The collection's `Locked`: what it shows changes with it.
                let locked_changed = signal
                    .body()
                    .deserialize::<(
                        String,
                        HashMap<String, zbus::zvariant::OwnedValue>,
                        Vec<String>,
                    )>()
                    .map(|(_, changed, invalidated)| {
                        changed.contains_key("Locked") || invalidated.iter().any(|p| p == "Locked")
                    })
                    .unwrap_or(true);
                if locked_changed {
                    self.publisher.unknown();
                    self.scan().await;
                }
            }
            (
                SERVICE_INTERFACE,
                "CollectionCreated" | "CollectionDeleted" | "CollectionChanged",
            ) => {
                let ours = signal
                    .body()
                    .deserialize::<OwnedObjectPath>()
                    .map_or(true, |path| path == self.collection);
                if ours {
                    self.publisher.unknown();
                    self.scan().await;
                }
            }
            ("org.freedesktop.DBus", "NameOwnerChanged") => {
                // The Secret Service stopped or another took its place: its
                // items and their paths may all be different.
                self.publisher.unknown();
                self.items.clear();
                self.complete = false;
                let new_owner = signal
                    .body()
                    .deserialize::<(String, String, String)>()
                    .map(|(_, _, new)| new)
                    .unwrap_or_default();
                if !new_owner.is_empty() {
                    self.scan().await;
                }
            }
            _ => {}
        }
    }
}

/// Reads the item at `path`'s attributes to tell whose it is.
async fn lookup(bus: &zbus::Connection, path: &OwnedObjectPath) -> Lookup {
    let call = bus.call_method(
        Some(SERVICE_NAME),
        path,
        Some(PROPERTIES_INTERFACE),
        "Get",
        &(ITEM_INTERFACE, "Attributes"),
    );
    let reply = match tokio::time::timeout(LOOKUP_TIMEOUT, call).await {
        Ok(Ok(reply)) => reply,
        Ok(Err(zbus::Error::MethodError(name, _, _))) if is_gone(name.as_str()) => {
            return Lookup::Gone;
        }
        _ => return Lookup::Failed,
    };
    let attributes = reply
        .body()
        .deserialize::<zbus::zvariant::OwnedValue>()
        .ok()
        .and_then(|value| HashMap::<String, String>::try_from(value).ok());
    let Some(attributes) = attributes else {
        return Lookup::Failed;
    };
    let owner = ItemOwner::DOCKER;
    if attributes.get(GROUP_KEY).map(String::as_str) != Some(owner.group)
        || attributes.get(NAME_KEY).map(String::as_str) != Some(owner.name)
    {
        return Lookup::Foreign;
    }
    match identified(attributes) {
        Some((id, _)) => Lookup::Ours(id),
        // Not a secret the store lists.
        None => Lookup::Foreign,
    }
}

/// Whether a D-Bus error says the object is not there (any more).
fn is_gone(error: &str) -> bool {
    matches!(
        error,
        "org.freedesktop.DBus.Error.UnknownObject"
            | "org.freedesktop.DBus.Error.UnknownMethod"
            | "org.freedesktop.DBus.Error.UnknownInterface"
            | "org.freedesktop.Secret.Error.NoSuchObject"
    )
}

/// The most item paths a connection remembers.
const MAX_REMEMBERED: usize = 4096;

/// The secret `id`: read at the path its item was last found at when there
/// is one and it still holds `id` (one round trip), else searched for (two).
/// `None`: no such item (a locked collection is [`Failure::Locked`]).
async fn read_one(conn: &Connection, id: &SecretId) -> Result<Option<StoredSecret>, Failure> {
    let known = conn
        .item_paths
        .lock()
        .ok()
        .and_then(|paths| paths.get(id).cloned());
    if let Some(path) = known {
        let item = conn.sealed().await?.get_item_by_path(path).await?;
        // Attributes and value are read together (one round trip). A path
        // only changes hands when the keyring daemon restarts, which also
        // ends this connection and its memory of paths; should it hold
        // another item all the same, its value is wiped unused.
        match futures_util::join!(item.get_attributes(), item.get_secret()) {
            (Ok(attributes), Ok(value)) if is_item_of(&attributes, id) => {
                return Ok(Some(stored(id, attributes, value)));
            }
            (_, Ok(mut value)) => value.zeroize(),
            _ => {}
        }
        if let Ok(mut paths) = conn.item_paths.lock() {
            paths.remove(id);
        }
    }
    let collection = conn.sealed_collection().await?;
    let found = collection.search_items(search_attributes(Some(id))).await?;
    let Some(item) = found.first() else {
        refuse_if_locked(&conn.collection().await?, true).await?;
        return Ok(None);
    };
    let (attributes, value) = futures_util::try_join!(item.get_attributes(), item.get_secret())?;
    if let Ok(mut paths) = conn.item_paths.lock() {
        if paths.len() >= MAX_REMEMBERED {
            paths.clear();
        }
        paths.insert(id.clone(), item.item_path.clone());
    }
    Ok(Some(stored(id, attributes, value)))
}

fn stored(id: &SecretId, attributes: HashMap<String, String>, value: Vec<u8>) -> StoredSecret {
    StoredSecret {
        id: id.clone(),
        value: SecretValue::new(value),
        metadata: metadata_of(attributes),
    }
}

/// Whether an item's attributes make it `id`'s item of this store.
fn is_item_of(attributes: &HashMap<String, String>, id: &SecretId) -> bool {
    attributes.get(GROUP_KEY).map(String::as_str) == Some(ItemOwner::DOCKER.group)
        && attributes.get(NAME_KEY).map(String::as_str) == Some(ItemOwner::DOCKER.name)
        && attributes.get(ID_KEY).map(String::as_str) == Some(id.as_str())
}

/// Runs `calls` concurrently, at most [`MAX_IN_FLIGHT`] at a time, in order.
/// (Taking a `Vec` keeps closures out of the callers' futures, which must be
/// `Send` for any lifetime.)
async fn bounded<F: Future>(calls: Vec<F>) -> Vec<F::Output> {
    use futures_util::StreamExt;
    futures_util::stream::iter(calls)
        .buffered(MAX_IN_FLIGHT)
        .collect()
        .await
}

impl Connection {
    /// The collection, for calls that carry no value.
    async fn collection(&self) -> Result<secret_service::Collection<'_>, Failure> {
        Ok(self
            .service
            .get_collection_by_path(self.collection.clone())
            .await?)
    }

    /// The session values travel in, opened on first use.
    async fn sealed(&self) -> Result<&SecretService<'static>, Failure> {
        Ok(self
            .sealed
            .get_or_try_init(|| {
                SecretService::connect_with_existing(EncryptionType::Dh, self.bus.clone())
            })
            .await?)
    }

    /// The collection, for calls that read or write values.
    async fn sealed_collection(&self) -> Result<secret_service::Collection<'_>, Failure> {
        Ok(self
            .sealed()
            .await?
            .get_collection_by_path(self.collection.clone())
            .await?)
    }
}

/// Opens a connection and session and picks the collection: `login` when it
/// exists, else whatever the `default` alias names.
async fn open_connection() -> Result<Connection, Failure> {
    let bus = zbus::Connection::session()
        .await
        .map_err(secret_service::Error::from)?;
    let service = SecretService::connect_with_existing(EncryptionType::Plain, bus.clone()).await?;
    let login = OwnedObjectPath::try_from(LOGIN_COLLECTION)
        .unwrap_or_else(|_| unreachable!("a valid object path"));
    let collection = match service.get_collection_by_path(login.clone()).await {
        Ok(c) if c.is_locked().await.is_ok() => login,
        _ => match service.get_default_collection().await {
            Ok(c) => c.collection_path.clone(),
            Err(secret_service::Error::NoResult) => {
                return Err(Failure::Broken(
                    "the Secret Service has neither a `login` collection nor a `default` alias"
                        .into(),
                ));
            }
            Err(e) => return Err(e.into()),
        },
    };
    Ok(Connection {
        bus,
        service,
        sealed: tokio::sync::OnceCell::new(),
        collection,
        item_paths: std::sync::Mutex::default(),
    })
}

/// A locked collection answers searches with nothing: when nothing was
/// found, tell "locked" from "not there" (one more call, only then).
async fn refuse_if_locked(
    collection: &secret_service::Collection<'_>,
    found_nothing: bool,
) -> Result<(), Failure> {
    if found_nothing && collection.is_locked().await? {
        return Err(Failure::Locked("the collection is locked".into()));
    }
    Ok(())
}

async fn unlock(connection: &Connection) -> Result<(), Failure> {
    connection.collection().await?.unlock().await?;
    Ok(())
}

/// Whether `error` is a [`KeychainStore::connect`] that timed out: something
/// is on the bus but has not answered yet (as opposed to no bus, or no
/// Secret Service on it).
pub(crate) fn is_slow_answer(error: &StoreError) -> bool {
    matches!(error, StoreError::Unavailable { reason, .. } if reason.starts_with(SLOW_ANSWER))
}

fn unavailable(failure: Failure) -> StoreError {
    match failure {
        Failure::Final(e) => e,
        Failure::Locked(reason) => StoreError::Locked { reason },
        Failure::Broken(reason) => StoreError::Unavailable {
            backend: "keychain",
            reason,
            hint: HINT,
        },
    }
}

/// The attributes that find this store's items, or with `id` that ID's.
fn search_attributes(id: Option<&SecretId>) -> HashMap<&str, &str> {
    let owner = ItemOwner::DOCKER;
    let mut attributes = HashMap::from([(GROUP_KEY, owner.group), (NAME_KEY, owner.name)]);
    if let Some(id) = id {
        attributes.insert(ID_KEY, id.as_str());
    }
    attributes
}

/// An item's ID and metadata; items without a valid `id` are not secrets of
/// ours and are skipped, as Go does.
fn identified(mut attributes: HashMap<String, String>) -> Option<(SecretId, Metadata)> {
    let id = SecretId::parse(attributes.remove(ID_KEY)?).ok()?;
    Some((id, metadata_of(attributes)))
}
