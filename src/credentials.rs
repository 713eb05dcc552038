//! Loading saved credentials: for the SynchUP connector, and for `show`, `check` and `token`.

use std::fmt;
use std::path::PathBuf;

use secrecy::ExposeSecret;

use crate::bigcommerce::api_path::{API_HOST, StoreHash};
use crate::bigcommerce::values::{AccessToken, ClientId, Invalid};
use crate::context::environment::Environment;
use crate::context::{Chosen, Target};
use crate::error::{Error, InputProblem, Origin, Result};
use crate::profile::fields::{ACCESS_TOKEN, CLIENT_ID, FIELDS, Field, STORE};
use crate::profile::values::{Entry, Values};
pub use crate::rerun::DEFAULT_PROFILE;
use crate::rerun::setup_command;
use crate::storage::Storage;
use crate::storage::config::{ConfigFile, Profile};
use crate::storage::secrets::{
    KEYCHAIN_TIMEOUT, Location, Reason, SecretError, SecretStore, Slot, StoreOptions,
};

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// An environment variable, which overrides what is saved.
    Env(&'static str),
    /// The profile in the config file.
    Config(PathBuf),
    /// A secret store, as it describes the place.
    Secret(Location),
}

impl Source {
    /// Where the value is, in a few words: the variable, `config`, or the store's words.
    pub fn short(&self) -> String {
        match self {
            Source::Env(var) => (*var).to_owned(),
            Source::Config(_) => "config".to_owned(),
            Source::Secret(location) => location.short.clone(),
        }
    }

    /// How a problem with the value names its place: the variable, or the key in the config.
    pub fn origin(&self, profile: &str, key: &'static str) -> Origin {
        match self {
            Source::Env(var) => Origin::Env(var),
            _ => Origin::Saved {
                profile: profile.to_owned(),
                key,
            },
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Env(var) => write!(f, "environment variable {var}"),
            Source::Config(path) => write!(f, "config {}", path.display()),
            Source::Secret(location) => f.write_str(&location.long),
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
    /// Every value of the profile, the variables applied (the token aside): the three
    /// above, and those a connector may also want, by field of the table.
    pub values: Values,
}

impl Credentials {
    /// Loads a profile (`None`: `SYNCHUP_PROFILE`, else the config's `default_profile`, else
    /// `default`) from the config named by `SYNCHUP_CONFIG` or the platform default, with
    /// the token from its secret store. `SYNCHUP_CLIENT_ID`, `SYNCHUP_ACCESS_TOKEN`,
    /// `SYNCHUP_API_PATH` and `SYNCHUP_STORE_HASH` override saved values; with all three
    /// given, nothing needs to be saved at all.
    ///
    /// When nothing is set up yet the error is [`Error::UnknownProfile`].
    pub fn load(profile: Option<&str>) -> Result<Credentials> {
        let environment = Environment::from_process()?;
        let target = Target::resolve(None, profile, &environment)?;
        let storage = Storage::new(
            target.paths().clone(),
            StoreOptions {
                keychain_timeout: environment.keychain_timeout.unwrap_or(KEYCHAIN_TIMEOUT),
                ..StoreOptions::default()
            },
        );
        Credentials::load_for(&storage, &target, &environment)
    }

    /// Loads the profile `target` names (or the config's default) from `storage`, with
    /// overrides from `environment`.
    pub fn load_for(
        storage: &Storage,
        target: &Target,
        environment: &Environment,
    ) -> Result<Credentials> {
        // Read once, and only when it is needed: to find the default profile, or because
        // the environment does not hold every value.
        let named = target.named_profile();
        let config = (named.is_none() || !environment.is_complete()).then(|| storage.load());
        let profile = match (named, &config) {
            (Some(profile), _) => profile.to_owned(),
            (None, Some(Ok(config))) => target.profile(config)?.0,
            // A broken config names no default; it is reported below unless the environment
            // holds every value.
            (None, _) => DEFAULT_PROFILE.to_owned(),
        };
        Credentials::resolve(storage, config, &profile, environment)
    }

    /// Loads a profile from the given storage, with overrides from `environment`.
    pub fn load_from(
        storage: &Storage,
        profile: &str,
        environment: &Environment,
    ) -> Result<Credentials> {
        crate::profile::profile_name(profile).map_err(|why| {
            Error::usage(
                format!(
                    "The profile name {} cannot be used: {why}.",
                    crate::ui::quoted(profile)
                ),
                None,
            )
        })?;
        Credentials::resolve(storage, None, profile, environment)
    }

    /// Loads a profile, from `config` when it was already read.
    pub(crate) fn resolve(
        storage: &Storage,
        config: Option<Result<ConfigFile>>,
        profile: &str,
        environment: &Environment,
    ) -> Result<Credentials> {
        // With everything in the environment, a missing or broken config does not matter.
        let saved = if environment.is_complete() {
            None
        } else {
            let config = config.unwrap_or_else(|| storage.load())?;
            match config.profile(profile)? {
                Some(saved) => Some(saved),
                None => return Err(config.unknown(profile)),
            }
        };
        let lookup = Lookup::new(storage, saved, profile, environment);
        let mut problems = Vec::new();
        let mut values = Values::default();
        for found in &lookup.values {
            let field = found.field;
            let origin = found.source.origin(profile, field.key);
            match &found.value {
                Some(Entry::Usable { value, .. }) => values.set(field, value.clone()),
                Some(Entry::Unusable { why, .. }) => {
                    problems.push(InputProblem::new(origin, why.0.clone()));
                }
                None if field.required => problems.push(InputProblem::new(
                    origin,
                    format!(
                        "{} is not set: run {} to set it.",
                        field.key,
                        setup_command(profile)
                    ),
                )),
                None => {}
            }
        }
        let access_token = match lookup.token.value {
            TokenState::Present(token) => Some(token),
            TokenState::Invalid(invalid) => {
                let var = ACCESS_TOKEN.variables[0].name;
                problems.push(InputProblem::new(Origin::Env(var), invalid.0));
                None
            }
            TokenState::Missing => {
                let kind = lookup.saved.as_ref().map(|p| p.secret_store);
                let store = storage.store(kind.unwrap_or_default());
                return Err(missing_token(store, lookup.saved.as_ref(), profile));
            }
            TokenState::Unreadable(err) => return Err(err.into()),
        };
        if !problems.is_empty() {
            return Err(Error::Input(problems));
        }
        let (Some(store_hash), Some(client_id), Some(access_token)) = (
            values.store_hash().cloned(),
            values.client_id().cloned(),
            access_token,
        ) else {
            unreachable!("every missing value left a problem");
        };
        let source = |field: &Field| {
            lookup
                .values
                .iter()
                .find(|found| found.field == field)
                .map(|found| found.source.clone())
                .expect("every field but the token is looked up")
        };
        Ok(Credentials {
            profile: profile.to_owned(),
            store_hash,
            client_id,
            access_token,
            sources: Sources {
                store_hash: source(&STORE),
                client_id: source(&CLIENT_ID),
                access_token: lookup.token.source,
            },
            values,
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

/// One value as found, before it is checked.
#[derive(Debug)]
pub struct Found<T> {
    /// The field it is a value of.
    pub field: &'static Field,
    pub value: T,
    pub source: Source,
    /// A variable gives this value while the profile has one saved underneath.
    pub overrides_saved: bool,
}

/// The token as found.
#[derive(Debug)]
pub enum TokenState {
    Present(AccessToken),
    /// `SYNCHUP_ACCESS_TOKEN` holds something that is not a token.
    Invalid(Invalid),
    /// The profile's store has no token for it.
    Missing,
    /// The store could not be read.
    Unreadable(SecretError),
}

/// Each value of a profile with where it comes from: the variables first, then the saved
/// profile and its secret store. The one place that decides precedence when reading, shared
/// by the library, `show`, `check` and `token`.
#[derive(Debug)]
pub struct Lookup {
    pub profile: String,
    pub saved: Option<Profile>,
    /// Every field's value but the token's, in the table's order: from its variable, parsed
    /// now, or as the profile holds it.
    pub values: Vec<Found<Option<Entry>>>,
    pub token: Found<TokenState>,
}

impl Lookup {
    /// Looks up every value. The saved token is read only when no variable overrides it.
    pub fn new(
        storage: &Storage,
        saved: Option<Profile>,
        profile: &str,
        environment: &Environment,
    ) -> Lookup {
        let config = Source::Config(storage.paths().config().to_owned());
        let values = FIELDS
            .iter()
            .copied()
            .filter(|field| !field.secret)
            .map(|field| {
                let saved_value = saved.as_ref().and_then(|p| p.values.entry(field));
                match environment.value(field) {
                    Some((var, value)) => Found {
                        field,
                        value: Some(Entry::read(field, value.expose_secret())),
                        source: Source::Env(var),
                        overrides_saved: saved_value.is_some(),
                    },
                    None => Found {
                        field,
                        value: saved_value.cloned(),
                        source: config.clone(),
                        overrides_saved: false,
                    },
                }
            })
            .collect();
        let token = match (environment.value(&ACCESS_TOKEN), &saved) {
            (Some((var, token)), _) => Found {
                field: &ACCESS_TOKEN,
                value: match AccessToken::parse(token.expose_secret()) {
                    Ok(checked) => TokenState::Present(checked.value),
                    Err(invalid) => TokenState::Invalid(invalid),
                },
                source: Source::Env(var),
                overrides_saved: saved.is_some(),
            },
            (None, Some(saved)) => {
                let store = storage.store(saved.secret_store);
                let slot = saved.slot();
                Found {
                    field: &ACCESS_TOKEN,
                    value: match store.read(&slot) {
                        Ok(Some(token)) => TokenState::Present(token),
                        Ok(None) => TokenState::Missing,
                        Err(err) => TokenState::Unreadable(err),
                    },
                    source: Source::Secret(store.locate(&slot)),
                    overrides_saved: false,
                }
            }
            (None, None) => Found {
                field: &ACCESS_TOKEN,
                value: TokenState::Missing,
                source: Source::Secret(
                    storage
                        .store(Default::default())
                        .locate(&Slot::legacy(profile)),
                ),
                overrides_saved: false,
            },
        };
        Lookup {
            profile: profile.to_owned(),
            saved,
            values,
            token,
        }
    }

    /// The value of `field` as found (not the token's: see [`Lookup::token`]).
    pub fn get(&self, field: &Field) -> &Found<Option<Entry>> {
        self.values
            .iter()
            .find(|found| found.field == field)
            .expect("every field but the token is looked up")
    }

    /// Whether every value comes from the saved profile and its store, none from a variable.
    pub fn all_saved(&self) -> bool {
        self.values
            .iter()
            .map(|found| &found.source)
            .chain([&self.token.source])
            .all(|source| !matches!(source, Source::Env(_)))
    }

    /// The variables that override a saved value, for a visible warning.
    pub fn overrides(&self) -> Vec<&'static str> {
        let sources = self
            .values
            .iter()
            .map(|found| (&found.source, found.overrides_saved));
        sources
            .chain([(&self.token.source, self.token.overrides_saved)])
            .filter_map(|(source, overrides)| match source {
                Source::Env(var) if overrides => Some(*var),
                _ => None,
            })
            .collect()
    }
}

pub(crate) fn missing_token(
    store: &dyn SecretStore,
    saved: Option<&Profile>,
    profile: &str,
) -> Error {
    let slot = saved.map_or_else(|| Slot::legacy(profile), Profile::slot);
    let reason = Reason::Missing {
        location: store.locate(&slot).to_string(),
        keeping: false,
    };
    SecretError::new(store.kind(), reason)
        .for_profile(profile)
        .into()
}

/// The config, the chosen profile, and every value of it.
pub struct LookedUp {
    pub config: ConfigFile,
    pub chosen: Chosen,
    pub lookup: Lookup,
}

/// Reads the config and looks up the profile `target` names. A profile that is not saved is
/// an error, unless the environment gives every value (then there is nothing saved to need).
pub fn look_up(storage: &Storage, target: &Target, env: &Environment) -> Result<LookedUp> {
    let config = storage.load()?;
    let (profile, chosen) = target.profile(&config)?;
    let saved = config.profile(&profile)?;
    if saved.is_none() && !env.is_complete() {
        return Err(config.unknown(&profile));
    }
    let lookup = Lookup::new(storage, saved, &profile, env);
    Ok(LookedUp {
        config,
        chosen,
        lookup,
    })
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
    if let Source::Secret(location) = &lookup.token.source
        && let Some(caveat) = &location.caveat
    {
        warnings.push(Advice {
            check: "secret store",
            message: caveat.message.clone(),
            fix: caveat.fix.clone(),
        });
    }
    warnings
}
