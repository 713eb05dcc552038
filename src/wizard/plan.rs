//! What the flow decides: the plan to save (with what the check with BigCommerce found),
//! or why there is nothing to save.

use std::path::PathBuf;

use crate::bigcommerce::values::AccessToken;
use crate::bigcommerce::verify::{Auth, Verification};
use crate::storage::config::Profile;
use crate::storage::secrets::SecretStoreKind;

/// What to save.
pub struct Plan {
    /// The profile's new values; `updated_at` is set when it is saved.
    pub profile: Profile,
    /// A new token to store, or `None` to keep the saved one.
    pub token: Option<AccessToken>,
    /// BigCommerce accepted the credentials just now.
    pub verified: bool,
    /// What the check with BigCommerce found, as the plan shows it.
    pub checked: Checked,
    /// The credentials file the values were read from at a question, to offer deleting
    /// once they are saved.
    pub file: Option<PathBuf>,
    /// The API accounts these values replace because they lacked scopes: each is to be
    /// deleted in the control panel once the new values are saved.
    pub replaced: Vec<OldAccount>,
}

/// An API account replaced by a new one, as the reminder to delete it names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldAccount {
    /// Its name, when the profile had one (the NAME line of its credentials file).
    pub name: Option<String>,
    pub client_id: String,
    /// Its credentials file, read in this run and not offered for deletion (a new one was
    /// read after it): it still holds the old token.
    pub file: Option<PathBuf>,
}

/// What the check with BigCommerce found, for the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    NotAsked,
    /// Accepted; the scopes missing, and how many could not be told.
    Accepted {
        missing: Vec<&'static str>,
        unsettled: usize,
    },
    /// Rejected, and saved anyway at the admin's word.
    Rejected,
    /// BigCommerce could not be reached.
    Unreachable,
}

impl Checked {
    pub(super) fn of(verification: &Verification) -> Checked {
        match &verification.auth {
            Auth::Accepted => Checked::Accepted {
                missing: verification.missing().map(|scope| scope.name).collect(),
                unsettled: verification.inconclusive().count(),
            },
            Auth::Rejected(_) => Checked::Rejected,
            Auth::Unreachable(_) => Checked::Unreachable,
        }
    }

    /// As the plan says it: the outcome as it is, not merely "accepted".
    pub fn describe(&self) -> String {
        match self {
            Checked::NotAsked => "no".to_owned(),
            Checked::Accepted { missing, unsettled } => {
                let mut text = "accepted just now".to_owned();
                match missing.len() {
                    0 => {}
                    1 => text.push_str(&format!("; 1 scope missing: {}", missing[0])),
                    n => text.push_str(&format!("; {n} scopes missing: {}", missing.join(", "))),
                }
                match unsettled {
                    0 => {}
                    1 => text.push_str("; 1 scope not checked"),
                    n => text.push_str(&format!("; {n} scopes not checked")),
                }
                text
            }
            Checked::Rejected => "rejected by BigCommerce (saved anyway)".to_owned(),
            Checked::Unreachable => "not checked: BigCommerce could not be reached".to_owned(),
        }
    }
}

/// How the flow ended.
pub enum Outcome {
    Save(Box<Plan>),
    /// The admin stopped on purpose (declined to update, or to save); nothing to write.
    Stop(String),
    /// The answers are what the profile already holds: nothing to write.
    Unchanged {
        message: String,
        /// As in [`Plan::file`]: its values are saved, so it can go.
        file: Option<PathBuf>,
        /// Where the profile keeps its token.
        secret_store: SecretStoreKind,
    },
}
