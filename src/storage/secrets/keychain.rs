//! The OS keychain through the keyring-core stores: Keychain on macOS, Credential Manager
//! on Windows, the Secret Service (GNOME Keyring, KWallet) over D-Bus on Linux. Which store
//! that is, and what its failures mean there, is `platform::keychain`'s.
//!
//! Every call runs on a worker thread with a deadline, because a Secret Service that never
//! answers, or a desktop waiting for an unlock password, would otherwise hang the program.

use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use keyring_core::{CredentialStore, Entry};

use super::{Location, Provider, SecretError, SecretStore, SecretStoreKind, Slot, StoreOptions};
use crate::bigcommerce::values::AccessToken;
use crate::storage::Paths;

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
        if self.stuck.get() {
            return Err(self.timed_out());
        }
        let user = account(slot);
        let label = label(slot);
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let result = platform_store()
                .and_then(|store| crate::platform::keychain::entry(&store, SERVICE, &user, &label))
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
                        return Err(self.timed_out());
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => return Err(crashed()),
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return Err(crashed()),
        };
        result.map_err(describe_error)
    }

    fn timed_out(&self) -> SecretError {
        SecretError {
            unavailable: true,
            ..SecretError::new(
                format!(
                    "The OS keychain did not answer within {}.",
                    seconds(self.timeout)
                ),
                crate::platform::keychain::timed_out_hint(),
            )
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

/// The platform's store, connected once per process and shared by all calls.
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    static STORE: Mutex<Option<Arc<CredentialStore>>> = Mutex::new(None);
    let mut slot = STORE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(store) = slot.as_ref() {
        return Ok(store.clone());
    }
    let store = crate::platform::keychain::connect()?;
    *slot = Some(store.clone());
    Ok(store)
}

fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs == 1.0 {
        "1 second".to_owned()
    } else {
        format!("{secs} seconds")
    }
}

fn crashed() -> SecretError {
    SecretError {
        unavailable: true,
        ..SecretError::new(
            "The OS keychain library stopped unexpectedly.",
            "Run again; if it keeps failing, use --secret-store file.",
        )
    }
}

/// Turns a keyring error into words for the admin, in the platform's terms.
fn describe_error(err: keyring_core::Error) -> SecretError {
    let failure = crate::platform::keychain::describe(&err, SERVICE);
    SecretError {
        unavailable: failure.unavailable,
        ..SecretError::new(failure.message, failure.hint)
    }
}
