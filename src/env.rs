//! The `SYNCHUP_*` environment variables that give values directly, read once. An empty
//! variable counts as unset, as CI templates often define variables they leave blank.

use std::time::Duration;

use secrecy::SecretString;

use crate::wizard::answers::{Given, Origin, Presets};

pub const CONFIG: &str = "SYNCHUP_CONFIG";
pub const PROFILE: &str = "SYNCHUP_PROFILE";
pub const CLIENT_ID: &str = "SYNCHUP_CLIENT_ID";
pub const ACCESS_TOKEN: &str = "SYNCHUP_ACCESS_TOKEN";
pub const API_PATH: &str = "SYNCHUP_API_PATH";
pub const STORE_HASH: &str = "SYNCHUP_STORE_HASH";
pub const KEYCHAIN_TIMEOUT: &str = "SYNCHUP_KEYCHAIN_TIMEOUT";

/// Values given through the environment.
#[derive(Debug, Default)]
pub struct Environment {
    pub client_id: Option<String>,
    pub access_token: Option<SecretString>,
    pub api_path: Option<String>,
    pub store_hash: Option<String>,
    pub keychain_timeout: Option<Duration>,
}

impl Environment {
    pub fn from_process() -> Self {
        Environment {
            client_id: var(CLIENT_ID),
            access_token: var(ACCESS_TOKEN).map(SecretString::from),
            api_path: var(API_PATH),
            store_hash: var(STORE_HASH),
            keychain_timeout: var(KEYCHAIN_TIMEOUT)
                .and_then(|s| s.trim().parse::<f64>().ok())
                .filter(|s| s.is_finite() && *s > 0.0)
                .map(Duration::from_secs_f64),
        }
    }

    /// The value variables that are set.
    pub fn set(&self) -> Vec<&'static str> {
        [
            (self.client_id.is_some(), CLIENT_ID),
            (self.access_token.is_some(), ACCESS_TOKEN),
            (self.api_path.is_some(), API_PATH),
            (self.store_hash.is_some(), STORE_HASH),
        ]
        .into_iter()
        .filter_map(|(set, var)| set.then_some(var))
        .collect()
    }

    /// Whether the variables give all three values, so that nothing saved is needed.
    pub fn is_complete(&self) -> bool {
        self.client_id.is_some()
            && self.access_token.is_some()
            && (self.api_path.is_some() || self.store_hash.is_some())
    }

    /// The values as answers, for the setup flow.
    pub fn presets(&self) -> Presets {
        let given = |value: &Option<String>, var| {
            value
                .as_ref()
                .map(|value| Given::new(value.as_str(), Origin::Env(var)))
        };
        Presets {
            client_id: given(&self.client_id, CLIENT_ID),
            access_token: self.access_token.as_ref().map(|token| Given {
                value: token.clone(),
                origin: Origin::Env(ACCESS_TOKEN),
            }),
            store: [
                given(&self.api_path, API_PATH),
                given(&self.store_hash, STORE_HASH),
            ]
            .into_iter()
            .flatten()
            .collect(),
            account_name: None,
            skipped: Vec::new(),
        }
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}
