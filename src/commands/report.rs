//! What `show`, `check` and `token` share: finding the profile's values, and naming where
//! each comes from, in words and in JSON.

use std::path::PathBuf;

use serde::Serialize;

use super::{Chosen, Context};
use crate::credentials::{Lookup, Source};
use crate::error::Result;
use crate::storage::Storage;
use crate::storage::config::ConfigFile;
use crate::storage::keychain::{SERVICE, account};

/// The config, the chosen profile, and every value of it.
pub struct Found {
    pub config: ConfigFile,
    pub chosen: Chosen,
    pub lookup: Lookup,
}

/// Reads the config and looks up the profile. A profile that is not saved is an error,
/// unless the environment gives every value (then there is nothing saved to need).
pub fn look_up(context: &Context, storage: &Storage) -> Result<Found> {
    let config = storage.load()?;
    let (profile, chosen) = context.profile(&config)?;
    let saved = config.profile(&profile)?;
    if saved.is_none() && !context.environment.is_complete() {
        return Err(config.unknown(&profile));
    }
    let lookup = Lookup::new(storage, saved, &profile, &context.environment);
    Ok(Found {
        config,
        chosen,
        lookup,
    })
}

/// Where a value comes from, in a few words.
pub fn describe(source: &Source) -> String {
    match source {
        Source::Env(var) => (*var).to_owned(),
        Source::Config(_) => "config".to_owned(),
        Source::Keychain => "OS keychain".to_owned(),
        Source::FileStore(path) => format!("file {}", path.display()),
    }
}

/// Where a value comes from, for JSON.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SourceJson {
    Env { variable: String },
    Config { path: PathBuf },
    Keychain { service: String, account: String },
    File { path: PathBuf },
}

impl SourceJson {
    pub fn new(source: &Source, profile: &str) -> Self {
        match source {
            Source::Env(var) => SourceJson::Env {
                variable: (*var).to_owned(),
            },
            Source::Config(path) => SourceJson::Config { path: path.clone() },
            Source::Keychain => SourceJson::Keychain {
                service: SERVICE.to_owned(),
                account: account(profile),
            },
            Source::FileStore(path) => SourceJson::File { path: path.clone() },
        }
    }
}

/// A warning about where a value comes from, and what to do about it.
pub struct Advice {
    /// The `check` line it belongs to.
    pub check: &'static str,
    pub message: String,
    pub fix: String,
}

impl Advice {
    /// Message and fix in one sentence pair, for `show`.
    pub fn text(&self) -> String {
        format!("{} {}", self.message, self.fix)
    }
}

/// The warnings about where values come from: overriding variables, a token in a file.
pub fn source_warnings(lookup: &Lookup) -> Vec<Advice> {
    let mut warnings: Vec<Advice> = lookup
        .overrides()
        .into_iter()
        .map(|var| Advice {
            check: "environment",
            message: format!("{var} is set and overrides the saved value."),
            fix: format!("Unset {var} to use the saved one."),
        })
        .collect();
    if let Source::FileStore(path) = &lookup.token.source {
        warnings.push(Advice {
            check: "secret store",
            message: format!(
                "The Access Token is kept in a plain file, {} (readable only by you).",
                path.display()
            ),
            fix: "Prefer the OS keychain where there is one: synchup-setup --secret-store \
                  keychain."
                .to_owned(),
        });
    }
    warnings
}
