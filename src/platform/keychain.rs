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

use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};

/// What a keychain failure means, for the admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub hint: String,
    /// The keychain cannot be used at all here (as opposed to one item failing).
    pub unavailable: bool,
}

const FILE_HINT: &str =
    "or use --secret-store file to keep the token in a file readable only by you";

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

/// What to do about a keychain that is locked or failed, before the way out.
#[cfg(target_os = "macos")]
const UNLOCK: &str = "Unlock your login keychain (in Keychain Access, or with security \
                      unlock-keychain) and run again";
#[cfg(windows)]
const UNLOCK: &str = "Run again in a session you logged in to with your password";
#[cfg(not(any(target_os = "macos", windows)))]
const UNLOCK: &str = "Unlock your keyring (log in to the desktop, or unlock it in the password \
                      manager) and run again";

/// What to do about a keychain that failed or cannot be reached, before the way out.
#[cfg(not(any(target_os = "macos", windows)))]
const FAILED: &str = "Run synchup-setup in your desktop session with the keyring unlocked";
#[cfg(any(target_os = "macos", windows))]
const FAILED: &str = UNLOCK;

/// The hint after the keychain did not answer in time.
#[cfg(target_os = "macos")]
const TIMED_OUT_HINT: &str = "If macOS is asking whether synchup-setup may use your keychain, \
                              answer it and run again. Over SSH, unlock the keychain first \
                              (security unlock-keychain), or use --secret-store file. \
                              SYNCHUP_KEYCHAIN_TIMEOUT sets the wait in seconds.";
#[cfg(not(target_os = "macos"))]
const TIMED_OUT_HINT: &str = "If your desktop is asking for the keyring password, answer it and \
                              run again. On a machine without a working keychain, use \
                              --secret-store file. SYNCHUP_KEYCHAIN_TIMEOUT sets the wait in \
                              seconds.";

/// The hint for a keychain that did not answer within its time.
pub fn timed_out_hint() -> &'static str {
    TIMED_OUT_HINT
}

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

/// Turns a keyring error into words for the admin. Variants that carry the stored bytes
/// (`BadEncoding`, `BadDataFormat`) are described, never printed.
pub fn describe(err: &keyring_core::Error, service: &str) -> Failure {
    use keyring_core::Error as E;
    if let Some(failure) = platform_specific(err) {
        return failure;
    }
    let failure = |message: String, hint: String, unavailable| Failure {
        message,
        hint,
        unavailable,
    };
    match err {
        E::NoStorageAccess(inner) => failure(
            format!("The OS keychain is locked or refused access ({inner})."),
            format!("{UNLOCK}, {FILE_HINT}."),
            true,
        ),
        E::PlatformFailure(inner) => {
            let detail = inner.to_string();
            let message = if cfg!(target_os = "linux") && is_absent(&detail) {
                "There is no OS keychain here: no Secret Service (GNOME Keyring or KWallet) \
                 is running, or there is no desktop D-Bus session (as over SSH or in a \
                 container)."
                    .to_owned()
            } else {
                "The OS keychain failed.".to_owned()
            };
            failure(
                format!("{message} (Details: {detail}.)"),
                format!("{FAILED}, {FILE_HINT}."),
                true,
            )
        }
        E::BadEncoding(_) | E::BadDataFormat(..) => failure(
            "The keychain item for this profile does not hold a readable token.".into(),
            "Run synchup-setup again to store the token anew.".into(),
            false,
        ),
        E::Ambiguous(items) => failure(
            format!(
                "The keychain holds {} items for service \"{service}\" and this profile.",
                items.len()
            ),
            "Delete the extra items in your password manager, then run again.".into(),
            false,
        ),
        other => failure(
            format!("The OS keychain failed: {other}"),
            format!("Run again, {FILE_HINT}."),
            true,
        ),
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

#[cfg(target_os = "macos")]
fn platform_specific(err: &keyring_core::Error) -> Option<Failure> {
    use keyring_core::Error as E;
    let (E::NoStorageAccess(inner) | E::PlatformFailure(inner)) = err else {
        return None;
    };
    let status = inner.downcast_ref::<security_framework::base::Error>()?;
    apple_status(status.code(), &inner.to_string())
}

#[cfg(windows)]
fn platform_specific(err: &keyring_core::Error) -> Option<Failure> {
    // The Windows store reports ERROR_NO_SUCH_LOGON_SESSION this way, and nothing else.
    matches!(err, keyring_core::Error::NoStorageAccess(_)).then(|| Failure {
        message: "The Windows Credential Manager cannot be used in this session: a logon \
                  without a password (SSH with a key, a scheduled task, a service) has no \
                  credential store."
            .into(),
        hint: format!(
            "Run synchup-setup in a session you logged in to with your password (the \
             desktop, or SSH with a password), {FILE_HINT}."
        ),
        unavailable: true,
    })
}

#[cfg(not(any(target_os = "macos", windows)))]
fn platform_specific(_err: &keyring_core::Error) -> Option<Failure> {
    None
}

/// What a Security framework status from the macOS Keychain means, and what to do; `None`
/// for a status without advice of its own. Plain data, so every platform tests it.
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
pub fn apple_status(code: i32, detail: &str) -> Option<Failure> {
    let (message, hint, unavailable) = match code {
        // errSecInteractionNotAllowed: the keychain is locked and macOS may not ask for
        // the password, as in an SSH session or a launchd job.
        -25308 => (
            "The macOS login keychain is locked, and macOS cannot ask for its password \
             here (an SSH session, or a program started without a window)."
                .to_owned(),
            format!(
                "Unlock it first with security unlock-keychain \
                 ~/Library/Keychains/login.keychain-db, or run synchup-setup in Terminal on \
                 the Mac itself, {FILE_HINT}."
            ),
            true,
        ),
        // errSecUserCanceled: Deny (or Cancel) at the access prompt.
        -128 => (
            "macOS asked whether synchup-setup may use your keychain, and the answer was \
             no."
            .to_owned(),
            format!(
                "Run again and choose Allow (Always Allow keeps it from asking again), \
                 {FILE_HINT}."
            ),
            true,
        ),
        // errSecAuthFailed: a wrong keychain password at the prompt.
        -25293 => (
            "macOS did not accept the keychain password.".to_owned(),
            format!(
                "Run again and give your login password when macOS asks (it unlocks the \
                 login keychain), {FILE_HINT}."
            ),
            true,
        ),
        // errSecNoDefaultKeychain, errSecNoSuchKeychain, errSecNotAvailable.
        -25307 | -25294 | -25291 => (
            "This Mac account has no login keychain to keep the token in.".to_owned(),
            format!(
                "Make one in Keychain Access (File › New Keychain, then Make Default), \
                 {FILE_HINT}."
            ),
            true,
        ),
        // errSecReadOnly.
        -25292 => (
            "The default keychain is read-only.".to_owned(),
            format!("Make it writable in Keychain Access, {FILE_HINT}."),
            true,
        ),
        // wrPermErr, errSecInvalidOwnerEdit, errSecDuplicateItem: the item was made by
        // another program (or another build of this one) that macOS does not let this one
        // change.
        -61 | -25244 | -25299 => (
            "The keychain item \"synchup-bigcommerce\" exists but belongs to another \
             program, so macOS does not let synchup-setup change it."
                .to_owned(),
            "Delete the synchup-bigcommerce item in Keychain Access (search for \
             synchup-bigcommerce), then run again."
                .to_owned(),
            false,
        ),
        // errSecInvalidKeychain.
        -25295 => (
            "The login keychain is damaged.".to_owned(),
            format!("Repair it with Keychain Access (or reset it in its Settings), {FILE_HINT}."),
            true,
        ),
        _ => return None,
    };
    Some(Failure {
        message: format!("{message} (macOS: {detail}, {code}.)"),
        hint,
        unavailable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locked_login_keychain_over_ssh_says_how_to_unlock_it() {
        let failure = apple_status(-25308, "User interaction is not allowed.").unwrap();
        assert!(failure.message.contains("locked"), "{}", failure.message);
        assert!(failure.message.contains("-25308"), "{}", failure.message);
        assert!(
            failure.hint.contains("security unlock-keychain"),
            "{}",
            failure.hint
        );
        assert!(
            failure.hint.contains("--secret-store file"),
            "{}",
            failure.hint
        );
        assert!(failure.unavailable);
    }

    #[test]
    fn a_denied_access_prompt_says_allow() {
        let failure = apple_status(-128, "The user canceled.").unwrap();
        assert!(failure.hint.contains("Allow"), "{}", failure.hint);
        let failure = apple_status(-25293, "Bad password").unwrap();
        assert!(failure.hint.contains("login password"), "{}", failure.hint);
    }

    #[test]
    fn an_item_another_program_made_is_named_for_deleting() {
        for code in [-61, -25244, -25299] {
            let failure = apple_status(code, "x").unwrap();
            assert!(failure.hint.contains("Keychain Access"), "{code}");
            assert!(!failure.unavailable, "{code}");
        }
        assert_eq!(apple_status(-1, "x"), None);
    }

    #[cfg(windows)]
    #[test]
    fn no_credential_store_in_the_session_is_named_on_windows() {
        let failure = describe(
            &keyring_core::Error::NoStorageAccess("Windows ERROR_NO_SUCH_LOGON_SESSION".into()),
            "s",
        );
        assert!(
            failure.message.contains("cannot be used in this session"),
            "{}",
            failure.message
        );
        assert!(
            failure.hint.contains("--secret-store file"),
            "{}",
            failure.hint
        );
        assert!(failure.unavailable);
    }

    #[test]
    fn a_missing_secret_service_is_told_apart_from_a_failing_one() {
        let absent = keyring_core::Error::PlatformFailure(
            "no secret service provider or dbus session found".into(),
        );
        #[cfg(target_os = "linux")]
        assert!(
            describe(&absent, "s")
                .message
                .starts_with("There is no OS keychain")
        );
        assert!(describe(&absent, "s").unavailable);
        let ambiguous = keyring_core::Error::Ambiguous(Vec::new());
        assert!(!describe(&ambiguous, "s").unavailable);
    }
}
