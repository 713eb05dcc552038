//! The OS keychain through the keyring-core stores: Keychain on macOS, Credential Manager
//! on Windows, the Secret Service (GNOME Keyring, KWallet) over D-Bus on Linux. Which store
//! that is, and what its failures mean there, is `platform::keychain`'s.
//!
//! Every call runs on a worker thread with a deadline, because a Secret Service that never
//! answers, or a desktop waiting for an unlock password, would otherwise hang the program.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use keyring_core::{CredentialStore, Entry};

use super::{
    Location, Owner, Provider, Reason, SecretError, SecretStore, SecretStoreKind, Slot,
    StoreOptions,
};
use crate::bigcommerce::values::AccessToken;
use crate::platform::keychain as platform;
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
                .and_then(|store| platform::entry(&store, SERVICE, &user, &label))
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

    fn write(&self, slot: &Slot, token: &AccessToken, owner: &Path) -> Result<(), SecretError> {
        let token = token.clone();
        let owner = owner.to_string_lossy().into_owned();
        self.run(
            move |entry| {
                entry.set_password(token.expose())?;
                // The token is what matters: a keychain that refuses the record (a
                // Windows comment is at most 256 characters; a Secret Service may not
                // let attributes change) leaves a slot that records no owner, which
                // counts as this config's own, as slots of earlier versions do.
                let _ = platform::set_owner(&entry, &owner);
                Ok(())
            },
            slot,
        )
    }

    fn owner(&self, slot: &Slot) -> Result<Option<Owner>, SecretError> {
        let profile = slot.profile.clone();
        self.run(
            |entry| match platform::owner(&entry) {
                Ok(owner) => Ok(owner),
                Err(keyring_core::Error::NoEntry) => Ok(None),
                Err(err) => Err(err),
            },
            slot,
        )
        .map(|owner| {
            owner.map(|config| Owner {
                config: PathBuf::from(config),
                profile,
            })
        })
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

    fn delete_command(&self, slot: &Slot) -> String {
        platform::delete_command(SERVICE, &account(slot))
    }

    /// An entry is found by its account name alone.
    fn same_place(&self, a: &Slot, b: &Slot) -> bool {
        account(a) == account(b)
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
    let store = platform::connect()?;
    *slot = Some(store.clone());
    Ok(store)
}

/// Turns a keyring error into the reason. Variants that carry the stored bytes
/// (`BadEncoding`, `BadDataFormat`) are described, never kept.
fn describe_error(err: keyring_core::Error) -> Reason {
    use keyring_core::Error as E;
    if let Some((trouble, details)) = platform::trouble(&err) {
        return Reason::Platform { trouble, details };
    }
    match &err {
        E::NoStorageAccess(inner) => Reason::Locked {
            why: inner.to_string(),
        },
        E::PlatformFailure(inner) => {
            let why = inner.to_string();
            Reason::Unavailable {
                absent: platform::is_absent(&why),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(windows)]
    #[test]
    fn no_credential_store_in_the_session_is_named_on_windows() {
        let reason = describe_error(keyring_core::Error::NoStorageAccess(
            "Windows ERROR_NO_SUCH_LOGON_SESSION".into(),
        ));
        let err = SecretError::new(SecretStoreKind::KEYCHAIN, reason);
        assert!(
            err.message().contains("cannot be used in this session"),
            "{}",
            err.message()
        );
        assert!(err.hint().contains("--secret-store file"), "{}", err.hint());
        assert!(err.is_unavailable());
    }

    #[test]
    fn a_missing_secret_service_is_told_apart_from_a_failing_one() {
        let absent = || {
            keyring_core::Error::PlatformFailure(
                "no secret service provider or dbus session found".into(),
            )
        };
        let err = SecretError::new(SecretStoreKind::KEYCHAIN, describe_error(absent()));
        #[cfg(target_os = "linux")]
        assert!(
            err.message().starts_with("There is no OS keychain"),
            "{}",
            err.message()
        );
        assert!(err.is_unavailable());
        let ambiguous = describe_error(keyring_core::Error::Ambiguous(Vec::new()));
        assert!(!SecretError::new(SecretStoreKind::KEYCHAIN, ambiguous).is_unavailable());
    }
}
