//! Where the Access Token lives: a registry of secret stores, after cargo's credential
//! providers. The OS keychain is the default; a `credentials.toml` readable by its owner
//! only is for machines without one.
//!
//! # Adding a secret store
//! 1. A new file in this directory (say `vault.rs`) with a type that implements
//!    [`SecretStore`] and a `pub const PROVIDER: Provider` that names it and opens it.
//! 2. One line in [`PROVIDERS`]: `&vault::PROVIDER,` (and `mod vault;` above it).
//!
//! Its name is then accepted by `--secret-store` and by `secret_store = "..."` in the
//! config, and every report (`show`, `check`, the wizard) says where the token is in the
//! store's own words, through [`SecretStore::locate`].

mod error;
pub mod file;
pub mod keychain;

use std::fmt;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

use super::paths::Paths;
use crate::bigcommerce::values::AccessToken;
pub use error::{Reason, SecretError};

/// Every secret store, the default first.
pub const PROVIDERS: &[&Provider] = &[&keychain::PROVIDER, &file::PROVIDER];

/// A kind of secret store: its names, and how to open it.
pub struct Provider {
    /// Its name in `--secret-store` and in the profile's `secret_store`.
    pub name: &'static str,
    /// One line for `--help`.
    pub help: &'static str,
    /// Where tokens go, in a few words, for summaries: "the OS keychain".
    pub title: &'static str,
    /// Opens the store for the config at `paths`.
    pub open: fn(&Paths, &StoreOptions) -> Box<dyn SecretStore>,
}

/// How long a program without a terminal waits for the keychain by default.
pub const KEYCHAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// A person at a terminal may be typing an unlock password into a desktop prompt; the
/// wait is long for them, and short for a script, which must never hang.
pub const INTERACTIVE_KEYCHAIN_TIMEOUT: Duration = Duration::from_secs(120);

/// What opening a store may need: how long the keychain may take, and what to do when it
/// is slow (say so, as the desktop may be asking for an unlock password).
#[derive(Clone)]
pub struct StoreOptions {
    pub keychain_timeout: Duration,
    pub on_slow: Rc<dyn Fn()>,
    /// What to say when another run holds the file store's lock.
    pub on_lock_wait: Rc<dyn Fn()>,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            keychain_timeout: KEYCHAIN_TIMEOUT,
            on_slow: Rc::new(|| {}),
            on_lock_wait: Rc::new(|| {}),
        }
    }
}

/// Which store holds a profile's token; written in the profile as `secret_store`.
#[derive(Clone, Copy)]
pub struct SecretStoreKind(&'static Provider);

impl SecretStoreKind {
    pub const KEYCHAIN: SecretStoreKind = SecretStoreKind(&keychain::PROVIDER);
    pub const FILE: SecretStoreKind = SecretStoreKind(&file::PROVIDER);

    pub fn all() -> impl Iterator<Item = SecretStoreKind> {
        PROVIDERS.iter().map(|provider| SecretStoreKind(provider))
    }

    pub fn parse(text: &str) -> Option<Self> {
        SecretStoreKind::all().find(|kind| kind.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        self.0.name
    }

    pub fn title(self) -> &'static str {
        self.0.title
    }

    pub fn provider(self) -> &'static Provider {
        self.0
    }

    /// The names, for messages: `keychain or file`.
    pub fn names() -> String {
        let names: Vec<_> = SecretStoreKind::all().map(|k| k.as_str()).collect();
        match names.split_last() {
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }
}

impl Default for SecretStoreKind {
    fn default() -> Self {
        SecretStoreKind(PROVIDERS[0])
    }
}

impl PartialEq for SecretStoreKind {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SecretStoreKind {}

impl fmt::Debug for SecretStoreKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretStoreKind({})", self.as_str())
    }
}

impl fmt::Display for SecretStoreKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `--secret-store`: the registry's names, with their help.
pub fn value_parser() -> impl clap::builder::TypedValueParser<Value = SecretStoreKind> {
    use clap::builder::TypedValueParser;
    let values = SecretStoreKind::all()
        .map(|kind| clap::builder::PossibleValue::new(kind.as_str()).help(kind.0.help));
    clap::builder::PossibleValuesParser::new(values)
        .map(|name| SecretStoreKind::parse(&name).expect("clap accepted one of the names"))
}

/// The place of one token in a store. A slot belongs to one profile of one config: its
/// random id is recorded in that profile, so two configs with a profile of the same name
/// never share (and never overwrite or delete) each other's token. The profile name and
/// store hash are part of it only so that people can recognise the entry in their keychain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub profile: String,
    pub store_hash: Option<String>,
    /// `None`: the slot of a profile saved before slots had ids, named after the profile.
    pub id: Option<String>,
}

impl Slot {
    /// The slot named after the profile alone, as profiles saved before slots had ids use.
    pub fn legacy(profile: &str) -> Slot {
        Slot {
            profile: profile.to_owned(),
            store_hash: None,
            id: None,
        }
    }

    /// A new slot, for a token about to be written.
    pub fn fresh(profile: &str, store_hash: Option<&str>) -> Slot {
        Slot {
            profile: profile.to_owned(),
            store_hash: store_hash.map(str::to_owned),
            id: Some(random_id()),
        }
    }
}

/// 16 characters from the OS's random source: 80 bits, so two slots never meet.
pub fn random_id() -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut bytes = [0u8; 16];
    // Without a random source there is no safe way to go on.
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(b % 32)]))
        .collect()
}

/// The config (and profile of it) a slot was written for: the only one that may delete it
/// while it still names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub config: PathBuf,
    pub profile: String,
}

/// Where a token is, as a store describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub kind: SecretStoreKind,
    /// In a few words, for tables: `OS keychain`, `file /home/me/.config/synchup/credentials.toml`.
    pub short: String,
    /// In a sentence: `the OS keychain (service "synchup-bigcommerce", account "...")`.
    pub long: String,
    /// For JSON, beside `"kind"`: the store's own coordinates.
    pub fields: Vec<(&'static str, String)>,
    /// What the admin should know about keeping a token there, if anything.
    pub caveat: Option<Caveat>,
    /// The file on disk that holds the token, when it is one: its owner and mode matter.
    pub file: Option<std::path::PathBuf>,
}

/// A store's warning about itself, and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caveat {
    pub message: String,
    pub fix: String,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.long)
    }
}

/// A place that keeps one Access Token per slot.
pub trait SecretStore {
    fn kind(&self) -> SecretStoreKind;

    /// Where the slot's token is, in the store's words.
    fn locate(&self, slot: &Slot) -> Location;

    /// The slot's token, or `None` when the store has none there.
    fn read(&self, slot: &Slot) -> Result<Option<AccessToken>, SecretError>;

    /// Stores the token, replacing any previous one in the slot, and records in the slot
    /// the config it belongs to (`owner`), where the store can keep it.
    fn write(&self, slot: &Slot, token: &AccessToken, owner: &Path) -> Result<(), SecretError>;

    /// Which config and profile the slot belongs to, as the slot records it; `None` when it
    /// records none (a slot written before owners were recorded, or a store that cannot
    /// keep one, as the macOS Keychain through keyring-core).
    fn owner(&self, slot: &Slot) -> Result<Option<Owner>, SecretError>;

    /// How a person deletes the slot's token on purpose, outside this program: for an entry
    /// an earlier version left, which no config can prove it owns.
    fn delete_command(&self, slot: &Slot) -> String;

    /// Whether two slots are one place in this store: a profile duplicated under another
    /// name reads its original's token where the store finds it by id alone.
    fn same_place(&self, a: &Slot, b: &Slot) -> bool {
        a == b
    }

    /// Deletes the slot's token; says whether there was one.
    fn delete(&self, slot: &Slot) -> Result<bool, SecretError>;

    /// Deletes what interrupted runs may have left behind (temporary copies of a token);
    /// returns how many. Runs under the config's lock. (No default: a store that wraps
    /// another must pass it on.)
    fn tidy(&self) -> Result<usize, SecretError>;
}

#[cfg(test)]
pub(crate) mod memory {
    //! An in-memory store for unit tests of the logic, with failures on demand.

    use std::cell::RefCell;
    use std::collections::BTreeMap;

    use super::*;

    #[derive(Default)]
    pub struct MemoryStore {
        pub tokens: RefCell<BTreeMap<String, String>>,
        pub owners: RefCell<BTreeMap<String, PathBuf>>,
        /// Every write fails with this error.
        pub fail_writes: Option<SecretError>,
        /// Reads after a write return this instead of what was written.
        pub corrupt_read_back: bool,
        /// The store it stands in for (the keychain when `None`).
        pub stands_for: Option<SecretStoreKind>,
    }

    impl MemoryStore {
        pub fn token(&self, slot: &Slot) -> Option<String> {
            self.tokens.borrow().get(&key(slot)).cloned()
        }
    }

    fn key(slot: &Slot) -> String {
        format!(
            "{}/{}",
            slot.profile,
            slot.id.as_deref().unwrap_or("legacy")
        )
    }

    impl SecretStore for MemoryStore {
        fn kind(&self) -> SecretStoreKind {
            self.stands_for.unwrap_or(SecretStoreKind::KEYCHAIN)
        }

        fn locate(&self, slot: &Slot) -> Location {
            Location {
                kind: self.kind(),
                short: "memory".into(),
                long: format!("memory:{}", slot.profile),
                fields: vec![("key", key(slot))],
                caveat: None,
                file: None,
            }
        }

        fn read(&self, slot: &Slot) -> Result<Option<AccessToken>, SecretError> {
            if self.corrupt_read_back {
                return Ok(Some(AccessToken::from_stored("garbled".into())));
            }
            Ok(self.token(slot).map(AccessToken::from_stored))
        }

        fn write(&self, slot: &Slot, token: &AccessToken, owner: &Path) -> Result<(), SecretError> {
            if let Some(err) = &self.fail_writes {
                return Err(err.clone());
            }
            self.tokens
                .borrow_mut()
                .insert(key(slot), token.expose().into());
            self.owners.borrow_mut().insert(key(slot), owner.to_owned());
            Ok(())
        }

        fn owner(&self, slot: &Slot) -> Result<Option<Owner>, SecretError> {
            Ok(self.owners.borrow().get(&key(slot)).map(|config| Owner {
                config: config.clone(),
                profile: slot.profile.clone(),
            }))
        }

        fn delete(&self, slot: &Slot) -> Result<bool, SecretError> {
            self.owners.borrow_mut().remove(&key(slot));
            Ok(self.tokens.borrow_mut().remove(&key(slot)).is_some())
        }

        fn same_place(&self, a: &Slot, b: &Slot) -> bool {
            key(a) == key(b)
        }

        fn delete_command(&self, slot: &Slot) -> String {
            format!("forget {}", key(slot))
        }

        fn tidy(&self) -> Result<usize, SecretError> {
            Ok(0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in SecretStoreKind::all() {
            assert_eq!(SecretStoreKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(SecretStoreKind::parse("vault"), None);
        assert_eq!(SecretStoreKind::default(), SecretStoreKind::KEYCHAIN);
        assert_eq!(SecretStoreKind::names(), "keychain or file");
    }

    #[test]
    fn fresh_slots_never_meet() {
        let ids: std::collections::BTreeSet<_> = (0..1000)
            .map(|_| Slot::fresh("default", None).id.unwrap())
            .collect();
        assert_eq!(ids.len(), 1000);
        assert!(
            ids.iter()
                .all(|id| id.len() == 16 && id.bytes().all(|b| b.is_ascii_alphanumeric()))
        );
    }

    #[test]
    fn every_store_opens_and_says_where_a_slot_is() {
        let paths = Paths::new("/x/config.toml".into());
        for kind in SecretStoreKind::all() {
            let store = (kind.provider().open)(&paths, &StoreOptions::default());
            assert_eq!(store.kind(), kind);
            let location = store.locate(&Slot::fresh("eu", Some("abc1234")));
            assert_eq!(location.kind, kind);
            assert!(!location.short.is_empty() && !location.long.is_empty());
        }
    }
}
