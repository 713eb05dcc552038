//! The OS keychain through the keyring-core stores: Keychain on macOS, Credential Manager
//! on Windows, the Secret Service (GNOME Keyring, KWallet) over D-Bus on Linux.
//!
//! Every call runs on a worker thread with a deadline, because a Secret Service that never
//! answers, or a desktop waiting for an unlock password, would otherwise hang the program.

use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use keyring_core::{CredentialStore, Entry};

use super::{
    Location, Provider, Reason, SecretError, SecretStore, SecretStoreKind, Slot, StoreOptions,
};
use crate::bigcommerce::values::AccessToken;
use crate::storage::paths::Paths;

pub const PROVIDER: Provider = Provider {
    name: "keychain",
    help: "the OS keychain: Keychain on macOS, Credential Manager on Windows, Secret Service on Linux",
    title: "the OS keychain",
    open: |_: &Paths, options: &StoreOptions| {
        let on_slow = options.on_slow.clone();
        Box::new(Keychain::new(options.keychain_timeout, move || on_slow()))
    },
};

/// The keychain service name under which every profile's token is kept.
pub const SERVICE: &str = "synchup-bigcommerce";

/// The keychain account name of a slot's token: the profile, the store and the slot's id,
/// so the entry is recognisable in Keychain Access or Credential Manager and belongs to one
/// profile of one config. A profile saved before slots had ids has `<profile>/access_token`.
pub fn account(slot: &Slot) -> String {
    match &slot.id {
        Some(id) => format!(
            "{}/{}/{id}",
            slot.profile,
            slot.store_hash.as_deref().unwrap_or("store")
        ),
        None => format!("{}/access_token", slot.profile),
    }
}

/// What the Secret Service shows for the entry (GNOME Keyring's Passwords and Keys, KDE
/// Wallet): which store it is for.
fn label(slot: &Slot) -> String {
    format!(
        "SynchUP Access Token for BigCommerce store {} (profile {})",
        slot.store_hash.as_deref().unwrap_or("unknown"),
        slot.profile
    )
}

/// How long to wait before telling the admin the keychain is slow to answer.
const SLOW_AFTER: Duration = Duration::from_secs(1);

/// The OS keychain, with a deadline on every call.
pub struct Keychain {
    timeout: Duration,
    on_slow: Box<dyn Fn()>,
    /// Set once a call has timed out: later calls fail at once instead of waiting again.
    stuck: std::cell::Cell<bool>,
}

impl Keychain {
    /// `on_slow` runs once per call that takes longer than a second, so the admin can be
    /// told what the program is waiting for (often an unlock prompt on the desktop).
    pub fn new(timeout: Duration, on_slow: impl Fn() + 'static) -> Self {
        Keychain {
            timeout,
            on_slow: Box::new(on_slow),
            stuck: std::cell::Cell::new(false),
        }
    }

    fn run<T: Send + 'static>(
        &self,
        op: impl FnOnce(Entry) -> keyring_core::Result<T> + Send + 'static,
        slot: &Slot,
    ) -> Result<T, SecretError> {
        let failed =
            |reason| SecretError::new(SecretStoreKind::KEYCHAIN, reason).for_profile(&slot.profile);
        if self.stuck.get() {
            return Err(failed(self.timed_out()));
        }
        let user = account(slot);
        let label = label(slot);
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let result = platform_store()
                .and_then(|store| entry(&store, &user, &label))
                .and_then(op);
            let _ = tx.send(result);
        });
        let first = SLOW_AFTER.min(self.timeout);
        let result = match rx.recv_timeout(first) {
            Ok(result) => result,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                (self.on_slow)();
                match rx.recv_timeout(self.timeout.saturating_sub(first)) {
                    Ok(result) => result,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        self.stuck.set(true);
                        return Err(failed(self.timed_out()));
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        return Err(failed(Reason::Crashed));
                    }
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return Err(failed(Reason::Crashed)),
        };
        result.map_err(|err| failed(describe_error(err)))
    }

    fn timed_out(&self) -> Reason {
        Reason::TimedOut {
            after: self.timeout,
        }
    }
}

impl SecretStore for Keychain {
    fn kind(&self) -> SecretStoreKind {
        SecretStoreKind::KEYCHAIN
    }

    fn locate(&self, slot: &Slot) -> Location {
        let account = account(slot);
        Location {
            kind: self.kind(),
            short: "OS keychain".into(),
            long: format!("the OS keychain (service \"{SERVICE}\", account \"{account}\")"),
            fields: vec![("service", SERVICE.to_owned()), ("account", account)],
            caveat: None,
            file: None,
        }
    }

    fn read(&self, slot: &Slot) -> Result<Option<AccessToken>, SecretError> {
        self.run(
            |entry| match entry.get_password() {
                Ok(token) => Ok(Some(AccessToken::from_stored(token))),
                Err(keyring_core::Error::NoEntry) => Ok(None),
                Err(err) => Err(err),
            },
            slot,
        )
    }

    fn write(&self, slot: &Slot, token: &AccessToken) -> Result<(), SecretError> {
        let token = token.clone();
        self.run(move |entry| entry.set_password(token.expose()), slot)
    }

    fn delete(&self, slot: &Slot) -> Result<bool, SecretError> {
        self.run(
            |entry| match entry.delete_credential() {
                Ok(()) => Ok(true),
                Err(keyring_core::Error::NoEntry) => Ok(false),
                Err(err) => Err(err),
            },
            slot,
        )
    }

    /// The keychain writes in one call: an interrupted write leaves no copy behind.
    fn tidy(&self) -> Result<usize, SecretError> {
        Ok(0)
    }
}

/// The entry for an account, labelled where the platform keeps a label apart from the
/// service and account (the Secret Service).
#[cfg(target_os = "linux")]
fn entry(store: &Arc<CredentialStore>, user: &str, label: &str) -> keyring_core::Result<Entry> {
    let modifiers = std::collections::HashMap::from([("label", label)]);
    Entry::new_in_store_with_modifiers(store, SERVICE, user, &modifiers)
}

#[cfg(not(target_os = "linux"))]
fn entry(store: &Arc<CredentialStore>, user: &str, _label: &str) -> keyring_core::Result<Entry> {
    Entry::new_in_store(store, SERVICE, user)
}

/// The platform's store, connected once per process and shared by all calls.
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    static STORE: Mutex<Option<Arc<CredentialStore>>> = Mutex::new(None);
    let mut slot = STORE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(store) = slot.as_ref() {
        return Ok(store.clone());
    }
    let store = connect()?;
    *slot = Some(store.clone());
    Ok(store)
}

#[cfg(target_os = "linux")]
fn connect() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(zbus_secret_service_keyring_store::Store::new()?)
}

#[cfg(target_os = "macos")]
fn connect() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(apple_native_keyring_store::keychain::Store::new()?)
}

#[cfg(windows)]
fn connect() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(windows_native_keyring_store::Store::new()?)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn connect() -> keyring_core::Result<Arc<CredentialStore>> {
    Err(keyring_core::Error::NotSupportedByStore(
        "this operating system has no supported keychain".into(),
    ))
}

/// Turns a keyring error into the reason. Variants that carry the stored bytes
/// (`BadEncoding`, `BadDataFormat`) are described, never kept.
fn describe_error(err: keyring_core::Error) -> Reason {
    use keyring_core::Error as E;
    match &err {
        E::NoStorageAccess(inner) => Reason::Locked {
            why: inner.to_string(),
        },
        E::PlatformFailure(inner) => {
            let why = inner.to_string();
            Reason::Unavailable {
                absent: is_absent(&why),
                why,
            }
        }
        E::BadEncoding(_) | E::BadDataFormat(..) => Reason::NotReadable {
            file: None,
            what: "The keychain item for this profile does not hold a readable token".into(),
        },
        E::Ambiguous(items) => Reason::Ambiguous { count: items.len() },
        other => Reason::Failed {
            why: other.to_string(),
        },
    }
}

/// The Secret Service cannot be reached at all, as opposed to refusing one request.
fn is_absent(detail: &str) -> bool {
    [
        "no secret service provider or dbus session found",
        "DBUS_SESSION_BUS_ADDRESS",
        "ServiceUnknown",
        "was not provided by any",
        "No such file or directory",
        "Connection refused",
    ]
    .iter()
    .any(|needle| detail.contains(needle))
}
