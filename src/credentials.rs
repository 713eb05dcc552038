//! Loading saved credentials, for the SynchUP connector and for `show`.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use secrecy::ExposeSecret;

use crate::bigcommerce::api_path::{API_HOST, StoreHash};
use crate::bigcommerce::values::{AccessToken, Checked, ClientId, Invalid};
use crate::env::{self, Environment};
use crate::error::{Error, InputProblem, Result};
use crate::storage::config::{ConfigFile, Profile};
use crate::storage::keychain::Keychain;
use crate::storage::secrets::{SecretStore, SecretStoreKind};
use crate::storage::{Paths, Storage};

/// The profile used when none is named.
pub const DEFAULT_PROFILE: &str = "default";

/// How long a program without a terminal waits for the keychain by default.
pub const KEYCHAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// An environment variable, which overrides what is saved.
    Env(&'static str),
    /// The profile in the config file.
    Config(PathBuf),
    /// The OS keychain.
    Keychain,
    /// The credentials file beside the config.
    FileStore(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Env(var) => write!(f, "environment variable {var}"),
            Source::Config(path) => write!(f, "config {}", path.display()),
            Source::Keychain => f.write_str("OS keychain"),
            Source::FileStore(path) => write!(f, "file {}", path.display()),
        }
    }
}

/// Where each value of [`Credentials`] came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources {
    pub store_hash: Source,
    pub client_id: Source,
    pub access_token: Source,
}

/// Everything the connector needs to call the BigCommerce API for one store.
///
/// ```no_run
/// let credentials = synchup_setup::Credentials::load(None)?;
/// let url = format!("{}catalog/summary", credentials.api_path());
/// let token = credentials.access_token.expose(); // for the X-Auth-Token header only
/// # Ok::<(), synchup_setup::Error>(())
/// ```
#[derive(Debug)]
pub struct Credentials {
    pub profile: String,
    pub store_hash: StoreHash,
    pub client_id: ClientId,
    pub access_token: AccessToken,
    pub sources: Sources,
}

impl Credentials {
    /// Loads a profile (`None`: `SYNCHUP_PROFILE`, else `default`) from the config named by
    /// `SYNCHUP_CONFIG` or the platform default, with the token from its secret store.
    /// `SYNCHUP_CLIENT_ID`, `SYNCHUP_ACCESS_TOKEN`, `SYNCHUP_API_PATH` and
    /// `SYNCHUP_STORE_HASH` override saved values; with all three given, nothing needs to
    /// be saved at all.
    ///
    /// When nothing is set up yet the error is [`Error::UnknownProfile`].
    pub fn load(profile: Option<&str>) -> Result<Credentials> {
        let profile = profile
            .map(str::to_owned)
            .or_else(|| std::env::var(env::PROFILE).ok().filter(|p| !p.is_empty()))
            .unwrap_or_else(|| DEFAULT_PROFILE.to_owned());
        let paths = match std::env::var_os(env::CONFIG).filter(|p| !p.is_empty()) {
            Some(path) => Paths::new(PathBuf::from(path)),
            None => Paths::platform_default()?,
        };
        let environment = Environment::from_process();
        let timeout = environment.keychain_timeout.unwrap_or(KEYCHAIN_TIMEOUT);
        let storage = Storage::new(paths, Box::new(Keychain::new(timeout, || {})));
        Credentials::load_from(&storage, &profile, &environment)
    }

    /// Loads a profile from the given storage, with overrides from `environment`.
    pub fn load_from(
        storage: &Storage,
        profile: &str,
        environment: &Environment,
    ) -> Result<Credentials> {
        let config_source = || Source::Config(storage.paths().config().to_owned());
        let env_complete = environment.client_id.is_some()
            && environment.access_token.is_some()
            && (environment.api_path.is_some() || environment.store_hash.is_some());
        // With everything in the environment, a missing or broken config does not matter.
        let saved: Option<Profile> = if env_complete {
            None
        } else {
            let config = storage.load()?;
            match config.profile(profile)? {
                Some(saved) => Some(saved),
                None => return Err(unknown_profile(&config, profile)),
            }
        };
        let mut problems = Vec::new();

        let (raw_hash, hash_source) = match (&environment.api_path, &environment.store_hash) {
            (Some(path), _) => (Some(path.clone()), Source::Env(env::API_PATH)),
            (None, Some(hash)) => (Some(hash.clone()), Source::Env(env::STORE_HASH)),
            (None, None) => (
                saved.as_ref().and_then(|p| p.store_hash.clone()),
                config_source(),
            ),
        };
        let store_hash = check(
            &mut problems,
            required(raw_hash, "store_hash").and_then(|raw| StoreHash::parse(&raw)),
            &origin(&hash_source, profile, "store_hash"),
        );

        let (raw_id, id_source) = match &environment.client_id {
            Some(id) => (Some(id.clone()), Source::Env(env::CLIENT_ID)),
            None => (
                saved.as_ref().and_then(|p| p.client_id.clone()),
                config_source(),
            ),
        };
        let client_id = check(
            &mut problems,
            required(raw_id, "client_id").and_then(|raw| ClientId::parse(&raw)),
            &origin(&id_source, profile, "client_id"),
        );

        let (token, token_source) = match (&environment.access_token, &saved) {
            (Some(token), _) => (
                check(
                    &mut problems,
                    AccessToken::parse(token.expose_secret()),
                    env::ACCESS_TOKEN,
                )
                .map(|checked| checked.value),
                Source::Env(env::ACCESS_TOKEN),
            ),
            (None, Some(saved)) => {
                let store = storage.store(saved.secret_store);
                let token = store
                    .read(profile)?
                    .ok_or_else(|| missing_token(store, profile))?;
                (Some(token), token_source(saved.secret_store, storage))
            }
            (None, None) => unreachable!("a missing profile returned early"),
        };
        if !problems.is_empty() {
            return Err(Error::Input(problems));
        }
        let (Some(store_hash), Some(client_id), Some(access_token)) =
            (store_hash, client_id, token)
        else {
            unreachable!("every missing value left a problem");
        };
        Ok(Credentials {
            profile: profile.to_owned(),
            store_hash: store_hash.value,
            client_id: client_id.value,
            access_token,
            sources: Sources {
                store_hash: hash_source,
                client_id: id_source,
                access_token: token_source,
            },
        })
    }

    /// The store's REST API base, without a version: `https://api.bigcommerce.com/stores/{hash}/`.
    pub fn api_base(&self) -> String {
        format!("https://{API_HOST}/stores/{}/", self.store_hash)
    }

    /// The V3 API path, as in the credentials file: `https://api.bigcommerce.com/stores/{hash}/v3/`.
    pub fn api_path(&self) -> String {
        self.store_hash.api_path()
    }
}

/// Keeps a checked value, or records why it was refused.
fn check<T>(
    problems: &mut Vec<InputProblem>,
    result: std::result::Result<Checked<T>, Invalid>,
    origin: &str,
) -> Option<Checked<T>> {
    result
        .map_err(|invalid| {
            problems.push(InputProblem {
                origin: origin.to_owned(),
                message: invalid.0,
            })
        })
        .ok()
}

fn origin(source: &Source, profile: &str, key: &str) -> String {
    match source {
        Source::Env(var) => (*var).to_owned(),
        _ => format!("profiles.{profile}.{key}"),
    }
}

fn required(raw: Option<String>, key: &str) -> std::result::Result<String, Invalid> {
    raw.ok_or_else(|| Invalid(format!("{key} is not set: run synchup-setup to set it.")))
}

fn token_source(kind: SecretStoreKind, storage: &Storage) -> Source {
    match kind {
        SecretStoreKind::Keychain => Source::Keychain,
        SecretStoreKind::File => Source::FileStore(storage.paths().credentials()),
    }
}

pub(crate) fn missing_token(store: &dyn SecretStore, profile: &str) -> Error {
    Error::SecretStore {
        message: format!(
            "The Access Token of profile \"{profile}\" is missing from {}.",
            store.describe(profile)
        ),
        hint: format!("Run synchup-setup --profile {profile} to enter it again."),
    }
}

pub(crate) fn unknown_profile(config: &ConfigFile, profile: &str) -> Error {
    Error::UnknownProfile {
        name: profile.to_owned(),
        path: config.path().to_owned(),
        known: config.profile_names(),
    }
}
