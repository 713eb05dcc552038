//! Why a secret store could not be used, as data: the store, the profile the request was
//! for, and the reason. The message and the hint are made here, in one place that knows
//! all three: a hint suggests another store only when that is not the one that failed, and
//! says to run synchup-setup again with the `--profile` the request was for.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::SecretStoreKind;
use super::keychain::SERVICE;
use crate::error::Error;
use crate::platform::keychain::{self as platform, Trouble};
use crate::rerun::{DEFAULT_PROFILE, setup_command};

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// There is no keychain to reach here (`absent`: no Secret Service, no desktop
    /// session), or it failed as a whole.
    Unavailable { why: String, absent: bool },
    /// The keychain is locked, or refused access.
    Locked { why: String },
    /// The keychain did not answer within the wait.
    TimedOut { after: Duration },
    /// The keychain library stopped before answering.
    Crashed,
    /// The keychain failed at this request.
    Failed { why: String },
    /// The keychain holds several items for the one slot.
    Ambiguous { count: usize },
    /// The keychain failed in a way this platform has words of its own for (a macOS
    /// Keychain status, Windows' missing logon session), with the platform's details.
    Platform {
        trouble: Trouble,
        details: Option<String>,
    },
    /// What the store holds is not a readable token: the keychain item (`file` is `None`),
    /// or the file, which `what` describes ("is not valid TOML (line 3)").
    NotReadable { file: Option<PathBuf>, what: String },
    /// The file could not be read, written, locked or created: `what` happened.
    Io { path: PathBuf, what: String },
    /// The file, or its directory, is not safe for a token: why, and the fix.
    UnsafeFile {
        path: PathBuf,
        why: String,
        fix: String,
    },
    /// The store did not give back the token just stored in it.
    NotReadBack { location: String },
    /// The profile's token is not where the profile says; `keeping`: a save meant to keep
    /// it.
    Missing { location: String, keeping: bool },
    /// A save with no token given and none saved.
    NoToken,
}

/// Why a secret store could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretError {
    /// The store that failed.
    pub store: SecretStoreKind,
    pub reason: Reason,
    /// The profile the request was for, when it was for one.
    pub profile: Option<String>,
}

impl SecretError {
    pub fn new(store: SecretStoreKind, reason: Reason) -> SecretError {
        SecretError {
            store,
            reason,
            profile: None,
        }
    }

    /// The same error, about a request for `profile`.
    pub fn for_profile(mut self, profile: &str) -> SecretError {
        self.profile = Some(profile.to_owned());
        self
    }

    /// The store cannot be reached at all, as opposed to one request failing: a person at
    /// a terminal is offered another store.
    pub fn is_unavailable(&self) -> bool {
        match &self.reason {
            Reason::Unavailable { .. }
            | Reason::Locked { .. }
            | Reason::TimedOut { .. }
            | Reason::Crashed
            | Reason::Failed { .. } => true,
            Reason::Platform { trouble, .. } => trouble.is_unavailable(),
            _ => false,
        }
    }

    /// The file that is not safe for a token (a file problem, exit 5), if that is what it is.
    pub fn unsafe_file(&self) -> Option<&Path> {
        match &self.reason {
            Reason::UnsafeFile { path, .. } => Some(path),
            _ => None,
        }
    }

    /// What went wrong, in words for the admin; never a secret.
    pub fn message(&self) -> String {
        let profile = self.profile.as_deref().unwrap_or(DEFAULT_PROFILE);
        match &self.reason {
            Reason::Unavailable { why, absent: true } => format!(
                "There is no OS keychain here: no Secret Service (GNOME Keyring or KWallet) is \
                 running, or there is no desktop D-Bus session (as over SSH or in a \
                 container). (Details: {why}.)"
            ),
            Reason::Unavailable { why, absent: false } => {
                format!("The OS keychain failed. (Details: {why}.)")
            }
            Reason::Locked { why } => {
                format!("The OS keychain is locked or refused access ({why}).")
            }
            Reason::TimedOut { after } => {
                format!("The OS keychain did not answer within {}.", seconds(*after))
            }
            Reason::Crashed => "The OS keychain library stopped unexpectedly.".to_owned(),
            Reason::Failed { why } => format!("The OS keychain failed: {why}"),
            Reason::Ambiguous { count } => format!(
                "The keychain holds {count} items for service \"{SERVICE}\" and this profile."
            ),
            Reason::Platform {
                trouble,
                details: Some(details),
            } => format!("{} ({details}.)", trouble.message(SERVICE)),
            Reason::Platform {
                trouble,
                details: None,
            } => trouble.message(SERVICE),
            Reason::NotReadable { file: None, what } => format!("{what}."),
            Reason::NotReadable {
                file: Some(path),
                what,
            }
            | Reason::Io { path, what } => format!("{} {what}.", path.display()),
            Reason::UnsafeFile { why, .. } => why.clone(),
            Reason::NotReadBack { location } => {
                format!("{location} did not give back the token just stored; nothing was saved.")
            }
            Reason::Missing {
                location,
                keeping: true,
            } => format!(
                "The saved Access Token of profile \"{profile}\" is missing from {location}, so \
                 it cannot be kept."
            ),
            Reason::Missing {
                location,
                keeping: false,
            } => format!("The Access Token of profile \"{profile}\" is missing from {location}."),
            Reason::NoToken => format!("Profile \"{profile}\" has no Access Token to save."),
        }
    }

    /// What to do about it: the one place hints about the secret stores are made.
    pub fn hint(&self) -> String {
        let again = setup_command(self.profile.as_deref().unwrap_or(DEFAULT_PROFILE));
        let instead = self.instead();
        let or_instead = instead
            .as_deref()
            .map_or_else(String::new, |instead| format!(", or {instead}"));
        match &self.reason {
            Reason::Unavailable { .. } => {
                format!("{}{or_instead}.", platform::after_failure(&again))
            }
            Reason::Locked { .. } => format!("{}{or_instead}.", platform::UNLOCK),
            Reason::TimedOut { .. } => {
                let instead = instead.map_or_else(String::new, |instead| {
                    format!(" {} {instead}.", platform::TIMED_OUT_WAY_OUT)
                });
                format!(
                    "{}{instead} SYNCHUP_KEYCHAIN_TIMEOUT sets the wait in seconds.",
                    platform::TIMED_OUT
                )
            }
            Reason::Crashed => match instead {
                Some(instead) => format!("Run again; if it keeps failing, {instead}."),
                None => "Run again.".to_owned(),
            },
            Reason::Failed { .. } => format!("Run again{or_instead}."),
            Reason::Ambiguous { .. } => {
                "Delete the extra items in your password manager, then run again.".to_owned()
            }
            Reason::Platform { trouble, .. } => {
                let action = trouble.action(SERVICE, &again);
                if trouble.is_unavailable() {
                    format!("{action}{or_instead}.")
                } else {
                    format!("{action}.")
                }
            }
            Reason::NotReadable { file: None, .. } => {
                format!("Run {again} again to store the token anew.")
            }
            Reason::NotReadable { file: Some(_), .. } => {
                format!("Move the file aside and run {again} again to store the token anew.")
            }
            Reason::Io { .. } => "Check that the file and its directory belong to you and that \
                                  the disk has free space."
                .to_owned(),
            Reason::UnsafeFile { fix, .. } => fix.clone(),
            Reason::NotReadBack { .. } => match instead {
                Some(instead) => format!("Run again; if it keeps failing, {instead}."),
                None => "Run again; if it keeps failing, check that the disk has free space \
                         and that the file and its directory belong to you."
                    .to_owned(),
            },
            Reason::Missing { keeping: true, .. } => {
                format!("Run {again} again and enter the Access Token.")
            }
            Reason::Missing { keeping: false, .. } => {
                format!("Run {again} to enter it again.")
            }
            Reason::NoToken => "Give the Access Token.".to_owned(),
        }
    }

    /// The other store to suggest: the file store, unless that is the one that failed.
    fn instead(&self) -> Option<String> {
        (self.store != SecretStoreKind::FILE).then(|| {
            format!(
                "use --secret-store {} to keep the token in a file readable only by you",
                SecretStoreKind::FILE
            )
        })
    }
}

impl fmt::Display for SecretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// As the program reports it: a file that is not safe is a config problem (exit 5), a
/// keychain that cannot be reached is told apart (the wizard offers the file store), and
/// anything else is a secret store problem (exit 4).
impl From<SecretError> for Error {
    fn from(err: SecretError) -> Self {
        let (message, hint) = (err.message(), err.hint());
        match err.reason {
            Reason::UnsafeFile { path, .. } => Error::Config {
                path,
                message,
                hint,
            },
            _ if err.is_unavailable() => Error::KeychainUnavailable { message, hint },
            _ => Error::SecretStore { message, hint },
        }
    }
}

fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs == 1.0 {
        "1 second".to_owned()
    } else {
        format!("{secs} seconds")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keychain(reason: Reason) -> SecretError {
        SecretError::new(SecretStoreKind::KEYCHAIN, reason)
    }

    fn file(reason: Reason) -> SecretError {
        SecretError::new(SecretStoreKind::FILE, reason)
    }

    #[test]
    fn only_another_store_is_suggested() {
        let back = || Reason::NotReadBack {
            location: "somewhere".into(),
        };
        assert!(keychain(back()).hint().contains("--secret-store file"));
        assert!(!file(back()).hint().contains("--secret-store"));
        assert!(!file(Reason::Crashed).hint().contains("--secret-store"));
        let timed_out = keychain(Reason::TimedOut {
            after: Duration::from_secs(1),
        });
        assert!(timed_out.message().ends_with("within 1 second."));
        assert!(timed_out.hint().contains("use --secret-store file"));
    }

    #[test]
    fn hints_that_say_run_again_name_the_profile() {
        let broken = file(Reason::NotReadable {
            file: Some(PathBuf::from("/c/credentials.toml")),
            what: "is not valid TOML (line 2)".into(),
        });
        assert_eq!(
            broken.message(),
            "/c/credentials.toml is not valid TOML (line 2)."
        );
        assert!(broken.hint().contains("run synchup-setup again"));
        let broken = broken.for_profile("eu");
        assert!(
            broken
                .hint()
                .contains("run synchup-setup --profile eu again")
        );
        let item = keychain(Reason::NotReadable {
            file: None,
            what: "The keychain item for this profile does not hold a readable token".into(),
        })
        .for_profile("eu");
        assert!(item.hint().contains("synchup-setup --profile eu"));
        assert!(!item.is_unavailable());
    }

    #[test]
    fn each_reason_reaches_the_program_with_its_exit_code() {
        let unsafe_file = file(Reason::UnsafeFile {
            path: PathBuf::from("/c/credentials.toml"),
            why: "others can read it".into(),
            fix: "chmod 600 /c/credentials.toml".into(),
        });
        assert_eq!(Error::from(unsafe_file).exit() as u8, 5);
        let locked = keychain(Reason::Locked { why: "no".into() });
        assert!(matches!(
            Error::from(locked),
            Error::KeychainUnavailable { .. }
        ));
        let error = Error::from(file(Reason::NoToken).for_profile("eu"));
        assert_eq!(error.exit() as u8, 4);
        assert!(error.to_string().contains("\"eu\""), "{error}");
    }

    #[test]
    fn a_platforms_own_words_get_the_way_out_and_the_profile() {
        let locked = keychain(Reason::Platform {
            trouble: Trouble::LockedWithoutPrompt,
            details: Some("macOS: User interaction is not allowed., -25308".into()),
        })
        .for_profile("eu");
        assert!(
            locked
                .message()
                .ends_with("(macOS: User interaction is not allowed., -25308.)"),
            "{}",
            locked.message()
        );
        let hint = locked.hint();
        assert!(hint.contains("security unlock-keychain"), "{hint}");
        assert!(
            hint.contains("run synchup-setup --profile eu in Terminal"),
            "{hint}"
        );
        assert!(
            hint.ends_with(
                "use --secret-store file to keep the token in a file readable only by you."
            ),
            "{hint}"
        );
        assert!(locked.is_unavailable());

        let session = keychain(Reason::Platform {
            trouble: Trouble::NoLogonSession,
            details: None,
        });
        assert!(session.message().contains("cannot be used in this session"));
        assert!(
            session.hint().contains("--secret-store file"),
            "{}",
            session.hint()
        );
        assert!(matches!(
            Error::from(session),
            Error::KeychainUnavailable { .. }
        ));

        let owned = keychain(Reason::Platform {
            trouble: Trouble::OwnedByAnother,
            details: None,
        });
        assert!(owned.message().contains(&format!("\"{SERVICE}\"")));
        assert!(!owned.hint().contains("--secret-store"), "{}", owned.hint());
        assert!(!owned.is_unavailable());
        assert_eq!(Error::from(owned).exit() as u8, 4);
    }
}
