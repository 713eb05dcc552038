//! The OS keychain on each platform: which keyring-core store opens it, how an entry is
//! named there, and what its failures mean to the person at the keyboard.
//!
//! - **Linux**: the Secret Service over D-Bus (GNOME Keyring, KWallet). Items carry a
//!   label naming the store. Absent over SSH or in a container (no session bus), locked
//!   until the desktop login unlocks it.
//! - **macOS**: the login keychain, a generic password item. macOS may ask the user
//!   whether synchup-setup may use the item (an access prompt: Deny, Allow, Always Allow),
//!   and cannot ask at all where there is no window server, as over SSH, where a locked
//!   login keychain fails with `errSecInteractionNotAllowed`. Each is explained with what
//!   to do ([`apple_status`]).
//! - **Windows**: the Credential Manager, a generic credential named
//!   `<account>.synchup-bigcommerce`. It never prompts; it is missing in logon sessions
//!   without a password (SSH with a key, a service), where it fails with
//!   `ERROR_NO_SUCH_LOGON_SESSION`.
//!
//! The words for each platform are here ([`Trouble`], [`UNLOCK`], ...); the store's error
//! (`storage::secrets::error`) puts them together with the way out (another store) and the
//! command that runs the wizard again for the same profile.

use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};

/// What to say while waiting for the keychain on a terminal: what the desktop may be
/// asking.
#[cfg(target_os = "macos")]
pub const WAITING: &str = "Waiting for the macOS Keychain... If macOS asks whether \
                           synchup-setup may use your keychain, answer it there (Always Allow \
                           keeps it from asking again).";
#[cfg(windows)]
pub const WAITING: &str = "Waiting for the Windows Credential Manager...";
#[cfg(not(any(target_os = "macos", windows)))]
pub const WAITING: &str = "Waiting for the OS keychain... If your desktop asks for the keyring password, answer it there.";

/// What to do about a keychain that is locked or refused access, before the way out
/// (another store) that the store's error adds.
#[cfg(target_os = "macos")]
pub const UNLOCK: &str = "Unlock your login keychain (in Keychain Access, or with security \
                          unlock-keychain) and run again";
#[cfg(windows)]
pub const UNLOCK: &str = "Run again in a session you logged in to with your password";
#[cfg(not(any(target_os = "macos", windows)))]
pub const UNLOCK: &str = "Unlock your keyring (log in to the desktop, or unlock it in the \
                          password manager) and run again";

/// What to do about a keychain that failed or cannot be reached, before the way out;
/// `again` is the command that runs the wizard again.
pub fn after_failure(again: &str) -> String {
    if cfg!(any(target_os = "macos", windows)) {
        UNLOCK.to_owned()
    } else {
        format!("Run {again} in your desktop session with the keyring unlocked")
    }
}

/// What to do about a keychain that did not answer in time: what the desktop may be
/// waiting for.
#[cfg(target_os = "macos")]
pub const TIMED_OUT: &str = "If macOS is asking whether synchup-setup may use your keychain, \
                             answer it and run again.";
#[cfg(not(target_os = "macos"))]
pub const TIMED_OUT: &str = "If your desktop is asking for the keyring password, answer it \
                             and run again.";

/// When a keychain that did not answer in time is no use here, before the way out.
#[cfg(target_os = "macos")]
pub const TIMED_OUT_WAY_OUT: &str =
    "Over SSH, unlock the keychain first (security unlock-keychain), or";
#[cfg(not(target_os = "macos"))]
pub const TIMED_OUT_WAY_OUT: &str = "On a machine without a working keychain,";

/// The platform's store, connected.
#[cfg(target_os = "linux")]
pub fn connect() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(zbus_secret_service_keyring_store::Store::new()?)
}

#[cfg(target_os = "macos")]
pub fn connect() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(apple_native_keyring_store::keychain::Store::new()?)
}

#[cfg(windows)]
pub fn connect() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(windows_native_keyring_store::Store::new()?)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
pub fn connect() -> keyring_core::Result<Arc<CredentialStore>> {
    Err(keyring_core::Error::NotSupportedByStore(
        "this operating system has no supported keychain".into(),
    ))
}

/// The entry for `user` under `service`. Only the Secret Service keeps a label apart from
/// the service and account; there it names the store.
pub fn entry(
    store: &Arc<CredentialStore>,
    service: &str,
    user: &str,
    label: &str,
) -> keyring_core::Result<Entry> {
    #[cfg(target_os = "linux")]
    {
        let modifiers = std::collections::HashMap::from([("label", label)]);
        Entry::new_in_store_with_modifiers(store, service, user, &modifiers)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = label;
        Entry::new_in_store(store, service, user)
    }
}

/// The attribute of an entry that names the config it belongs to: an attribute of its own
/// on the Secret Service; the comment of the credential on Windows (the only field it
/// keeps besides the secret and the names). keyring-core's macOS store keeps none.
#[cfg(target_os = "linux")]
const OWNER_ATTRIBUTE: Option<&str> = Some("synchup_config");
#[cfg(windows)]
const OWNER_ATTRIBUTE: Option<&str> = Some("comment");
#[cfg(not(any(target_os = "linux", windows)))]
const OWNER_ATTRIBUTE: Option<&str> = None;

/// Records in an existing entry the config it belongs to, where the platform can.
pub fn set_owner(entry: &Entry, config: &str) -> keyring_core::Result<()> {
    match OWNER_ATTRIBUTE {
        Some(name) => entry.update_attributes(&std::collections::HashMap::from([(name, config)])),
        None => Ok(()),
    }
}

/// The config an entry belongs to, as recorded; `None` where none is (or can be).
pub fn owner(entry: &Entry) -> keyring_core::Result<Option<String>> {
    let Some(name) = OWNER_ATTRIBUTE else {
        return Ok(None);
    };
    let mut attributes = entry.get_attributes()?;
    Ok(attributes.remove(name).filter(|value| !value.is_empty()))
}

/// The command that deletes the entry for `user` under `service` by hand.
pub fn delete_command(service: &str, user: &str) -> String {
    if cfg!(windows) {
        format!("cmdkey /delete:{user}.{service}")
    } else if cfg!(target_os = "macos") {
        format!("security delete-generic-password -s {service} -a '{user}'")
    } else {
        format!("secret-tool clear service {service} username '{user}'")
    }
}

/// A keychain failure this platform explains in words of its own: what happened and what
/// to do. The store's error (`SecretError` in `storage::secrets`) adds the way out
/// (another store) and the profile to run again with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    /// macOS: the login keychain is locked and macOS cannot ask for its password here, as
    /// in an SSH session or a launchd job (`errSecInteractionNotAllowed`).
    LockedWithoutPrompt,
    /// macOS: Deny (or Cancel) at the access prompt (`errSecUserCanceled`).
    Denied,
    /// macOS: a wrong keychain password at the prompt (`errSecAuthFailed`).
    WrongPassword,
    /// macOS: the account has no login keychain (`errSecNoDefaultKeychain`,
    /// `errSecNoSuchKeychain`, `errSecNotAvailable`).
    NoKeychain,
    /// macOS: the default keychain is read-only (`errSecReadOnly`).
    ReadOnly,
    /// macOS: the item was made by another program (or another build of this one) that
    /// macOS does not let this one change (`wrPermErr`, `errSecInvalidOwnerEdit`,
    /// `errSecDuplicateItem`).
    OwnedByAnother,
    /// macOS: the login keychain is damaged (`errSecInvalidKeychain`).
    Damaged,
    /// Windows: a logon without a password (SSH with a key, a scheduled task, a service)
    /// has no Credential Manager (`ERROR_NO_SUCH_LOGON_SESSION`).
    NoLogonSession,
}

impl Trouble {
    /// What happened; `service` is the keychain service of the program's items.
    pub fn message(self, service: &str) -> String {
        match self {
            Trouble::LockedWithoutPrompt => {
                "The macOS login keychain is locked, and macOS cannot ask for its password \
                 here (an SSH session, or a program started without a window)."
                    .to_owned()
            }
            Trouble::Denied => "macOS asked whether synchup-setup may use your keychain, and \
                                the answer was no."
                .to_owned(),
            Trouble::WrongPassword => "macOS did not accept the keychain password.".to_owned(),
            Trouble::NoKeychain => {
                "This Mac account has no login keychain to keep the token in.".to_owned()
            }
            Trouble::ReadOnly => "The default keychain is read-only.".to_owned(),
            Trouble::OwnedByAnother => format!(
                "The keychain item \"{service}\" exists but belongs to another program, so \
                 macOS does not let synchup-setup change it."
            ),
            Trouble::Damaged => "The login keychain is damaged.".to_owned(),
            Trouble::NoLogonSession => {
                "The Windows Credential Manager cannot be used in this session: a logon \
                 without a password (SSH with a key, a scheduled task, a service) has no \
                 credential store."
                    .to_owned()
            }
        }
    }

    /// What to do, before the way out; `again` is the command that runs the wizard again.
    pub fn action(self, service: &str, again: &str) -> String {
        match self {
            Trouble::LockedWithoutPrompt => format!(
                "Unlock it first with security unlock-keychain \
                 ~/Library/Keychains/login.keychain-db, or run {again} in Terminal on the \
                 Mac itself"
            ),
            Trouble::Denied => {
                "Run again and choose Allow (Always Allow keeps it from asking again)".to_owned()
            }
            Trouble::WrongPassword => "Run again and give your login password when macOS asks \
                                       (it unlocks the login keychain)"
                .to_owned(),
            Trouble::NoKeychain => {
                "Make one in Keychain Access (File › New Keychain, then Make Default)".to_owned()
            }
            Trouble::ReadOnly => "Make it writable in Keychain Access".to_owned(),
            Trouble::OwnedByAnother => format!(
                "Delete the {service} item in Keychain Access (search for {service}), then \
                 run again"
            ),
            Trouble::Damaged => {
                "Repair it with Keychain Access (or reset it in its Settings)".to_owned()
            }
            Trouble::NoLogonSession => format!(
                "Run {again} in a session you logged in to with your password (the desktop, \
                 or SSH with a password)"
            ),
        }
    }

    /// The keychain cannot be used at all here (as opposed to one item failing): another
    /// store is the way out.
    pub fn is_unavailable(self) -> bool {
        self != Trouble::OwnedByAnother
    }
}

/// The Secret Service cannot be reached at all, as opposed to refusing one request
/// (Linux: elsewhere a keychain is always there).
pub fn is_absent(detail: &str) -> bool {
    cfg!(target_os = "linux")
        && [
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

/// The failure, when this platform has words of its own for it, with the platform's
/// details to show beside them (never the stored bytes).
#[cfg(target_os = "macos")]
pub fn trouble(err: &keyring_core::Error) -> Option<(Trouble, Option<String>)> {
    use keyring_core::Error as E;
    let (E::NoStorageAccess(inner) | E::PlatformFailure(inner)) = err else {
        return None;
    };
    let status = inner.downcast_ref::<security_framework::base::Error>()?;
    let code = status.code();
    let trouble = apple_status(code)?;
    Some((trouble, Some(format!("macOS: {inner}, {code}"))))
}

#[cfg(windows)]
pub fn trouble(err: &keyring_core::Error) -> Option<(Trouble, Option<String>)> {
    // The Windows store reports ERROR_NO_SUCH_LOGON_SESSION this way, and nothing else.
    matches!(err, keyring_core::Error::NoStorageAccess(_))
        .then_some((Trouble::NoLogonSession, None))
}

#[cfg(not(any(target_os = "macos", windows)))]
pub fn trouble(_err: &keyring_core::Error) -> Option<(Trouble, Option<String>)> {
    None
}

/// What a Security framework status from the macOS Keychain means; `None` for a status
/// without advice of its own. Plain data, so every platform tests it.
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
pub fn apple_status(code: i32) -> Option<Trouble> {
    Some(match code {
        -25308 => Trouble::LockedWithoutPrompt,
        -128 => Trouble::Denied,
        -25293 => Trouble::WrongPassword,
        -25307 | -25294 | -25291 => Trouble::NoKeychain,
        -25292 => Trouble::ReadOnly,
        -61 | -25244 | -25299 => Trouble::OwnedByAnother,
        -25295 => Trouble::Damaged,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macos_statuses_with_advice_are_told_apart() {
        assert_eq!(apple_status(-25308), Some(Trouble::LockedWithoutPrompt));
        assert_eq!(apple_status(-128), Some(Trouble::Denied));
        assert_eq!(apple_status(-25293), Some(Trouble::WrongPassword));
        for code in [-61, -25244, -25299] {
            assert_eq!(apple_status(code), Some(Trouble::OwnedByAnother), "{code}");
        }
        assert_eq!(apple_status(-1), None);
    }

    #[test]
    fn a_locked_login_keychain_over_ssh_says_how_to_unlock_it() {
        let trouble = Trouble::LockedWithoutPrompt;
        assert!(trouble.message("s").contains("locked"));
        let action = trouble.action("s", "synchup-setup --profile eu");
        assert!(action.contains("security unlock-keychain"), "{action}");
        assert!(
            action.contains("run synchup-setup --profile eu in Terminal"),
            "{action}"
        );
        assert!(trouble.is_unavailable());
    }

    #[test]
    fn a_denied_access_prompt_says_allow() {
        assert!(Trouble::Denied.action("s", "x").contains("Allow"));
        assert!(
            Trouble::WrongPassword
                .action("s", "x")
                .contains("login password")
        );
    }

    #[test]
    fn an_item_another_program_made_is_named_for_deleting() {
        let trouble = Trouble::OwnedByAnother;
        assert!(
            trouble
                .message("synchup-bigcommerce")
                .contains("\"synchup-bigcommerce\"")
        );
        let action = trouble.action("synchup-bigcommerce", "x");
        assert!(action.contains("Keychain Access"), "{action}");
        assert!(
            action.contains("search for synchup-bigcommerce"),
            "{action}"
        );
        assert!(!trouble.is_unavailable());
    }

    #[test]
    fn only_the_secret_service_can_be_absent() {
        let absent = "no secret service provider or dbus session found";
        assert_eq!(is_absent(absent), cfg!(target_os = "linux"));
        assert!(!is_absent("Access denied"));
    }
}
