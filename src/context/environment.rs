//! The `SYNCHUP_*` environment variables, read once into a typed struct: those that give a
//! profile's values (named in the table of fields) and those that say how to run. Nothing
//! else in the program reads them. An empty variable counts as unset, as CI templates often
//! define variables they leave blank; a value that cannot be used is an error naming the
//! variable.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;

use crate::error::{Error, Origin, Result};
use crate::profile::fields::{FIELDS, Field};
use crate::profile::presets::{Given, Presets};

pub const CONFIG: &str = "SYNCHUP_CONFIG";
pub const PROFILE: &str = "SYNCHUP_PROFILE";
pub const KEYCHAIN_TIMEOUT: &str = "SYNCHUP_KEYCHAIN_TIMEOUT";
pub const API_BASE: &str = crate::bigcommerce::client::API_BASE_VAR;
pub const B2B_BASE: &str = crate::bigcommerce::client::B2B_BASE_VAR;
pub const SHARE_PASSPHRASE: &str = "SYNCHUP_SHARE_PASSPHRASE";

/// The variables that say how to run, with what each is for.
const RUNNING: [(&str, &str); 6] = [
    (CONFIG, "The config file, as --config gives it."),
    (PROFILE, "The profile, as --profile gives it."),
    (
        KEYCHAIN_TIMEOUT,
        "Seconds to wait for the OS keychain (default 120 on a terminal, 10 otherwise).",
    ),
    (
        SHARE_PASSPHRASE,
        "The passphrase of a bundle, for share --passphrase and import in scripts.",
    ),
    (
        API_BASE,
        "Where the online check sends store API requests instead of \
         https://api.bigcommerce.com, for tests and staging (plain http only to a loopback \
         address); shown whenever it is in effect.",
    ),
    (
        B2B_BASE,
        "Likewise for the B2B Edition API (https://api-b2b.bigcommerce.com).",
    ),
];

/// Every variable the program reads, with what it is for: those that give a profile's
/// values, from the table of fields, then those that say how to run. The man page's
/// ENVIRONMENT section is made from this list, and a test checks that
/// [`Environment::read`] reads exactly these.
pub fn documented() -> Vec<(&'static str, String)> {
    let values = FIELDS.iter().flat_map(|field| {
        field.variables.iter().map(|var| {
            (
                var.name,
                format!(
                    "{}. Overrides the saved value; the setup takes it as an answer.",
                    var.help
                ),
            )
        })
    });
    let running = RUNNING
        .iter()
        .map(|(name, what)| (*name, (*what).to_owned()));
    values.chain(running).collect()
}

/// The longest keychain wait a variable may ask for: an hour is already far more than a
/// desktop unlock prompt needs.
const KEYCHAIN_TIMEOUT_MAX: f64 = 3600.0;

/// Every variable the program reads, as read at start.
#[derive(Debug, Default)]
pub struct Environment {
    /// `SYNCHUP_CONFIG`: the config file.
    pub config: Option<PathBuf>,
    /// `SYNCHUP_PROFILE`, as given; checked where the profile is chosen.
    pub profile: Option<String>,
    /// The variables of the fields of the table that are set, in the table's order: each
    /// with its field and its value, held as a secret (it may be the token, or the token
    /// set in the wrong variable).
    values: Vec<(&'static Field, &'static str, SecretString)>,
    /// `SYNCHUP_KEYCHAIN_TIMEOUT`: how long to wait for the OS keychain.
    pub keychain_timeout: Option<Duration>,
    /// `SYNCHUP_BIGCOMMERCE_API_BASE`: where the online check sends store API requests.
    pub api_base: Option<String>,
    /// `SYNCHUP_B2B_API_BASE`: where the online check sends B2B Edition requests.
    pub b2b_base: Option<String>,
    /// `SYNCHUP_SHARE_PASSPHRASE`: the passphrase of a bundle, for `share --passphrase` and
    /// `import` in scripts; used exactly as given, never shown.
    pub share_passphrase: Option<SecretString>,
}

impl Environment {
    /// Reads the process environment.
    pub fn from_process() -> Result<Environment> {
        Environment::read(|name| std::env::var_os(name))
    }

    /// Reads the variables through `lookup` (the process environment, or a table in tests).
    pub fn read(lookup: impl Fn(&str) -> Option<OsString>) -> Result<Environment> {
        let raw = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let text = |name: &'static str| -> Result<Option<String>> {
            match raw(name) {
                None => Ok(None),
                Some(value) => match value.into_string() {
                    Ok(text) if text.trim().is_empty() => Ok(None),
                    Ok(text) => Ok(Some(text)),
                    Err(_) => Err(Error::usage(
                        format!("{name} is not valid text (UTF-8)."),
                        Some(format!("Set {name} again, or unset it.")),
                    )),
                },
            }
        };
        let mut values = Vec::new();
        for field in FIELDS {
            for var in field.variables {
                if let Some(value) = text(var.name)? {
                    values.push((field, var.name, SecretString::from(value)));
                }
            }
        }
        Ok(Environment {
            config: raw(CONFIG).map(PathBuf::from),
            profile: text(PROFILE)?,
            values,
            keychain_timeout: text(KEYCHAIN_TIMEOUT)?
                .map(|value| seconds(&value))
                .transpose()?,
            api_base: text(API_BASE)?,
            b2b_base: text(B2B_BASE)?,
            share_passphrase: text(SHARE_PASSPHRASE)?.map(SecretString::from),
        })
    }

    /// The variables as if the process environment held `vars` and nothing else (for a
    /// connector's tests, and ours).
    pub fn from_pairs(vars: &[(&str, &str)]) -> Result<Environment> {
        Environment::read(|name| {
            vars.iter()
                .find(|(var, _)| *var == name)
                .map(|(_, value)| OsString::from(value))
        })
    }

    /// The value of `field` from its strongest variable that is set, and that variable.
    pub fn value(&self, field: &Field) -> Option<(&'static str, &SecretString)> {
        self.values
            .iter()
            .find(|(given_for, _, _)| *given_for == field)
            .map(|(_, var, value)| (*var, value))
    }

    /// The variables that give values and are set.
    pub fn set(&self) -> Vec<&'static str> {
        self.values.iter().map(|(_, var, _)| *var).collect()
    }

    /// Whether the variables give every value a profile needs, so that nothing saved is
    /// needed.
    pub fn is_complete(&self) -> bool {
        FIELDS
            .iter()
            .filter(|field| field.required)
            .all(|field| self.value(field).is_some())
    }

    /// The values as answers, for the setup flow.
    pub fn presets(&self) -> Presets {
        let mut presets = Presets::default();
        for (field, var, value) in &self.values {
            presets.give(
                field,
                Given {
                    value: value.clone(),
                    origin: Origin::Env(var),
                },
            );
        }
        presets
    }
}

/// `SYNCHUP_KEYCHAIN_TIMEOUT`: a number of seconds, more than 0 and at most an hour.
fn seconds(value: &str) -> Result<Duration> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|secs| *secs > 0.0 && *secs <= KEYCHAIN_TIMEOUT_MAX)
        .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
        .ok_or_else(|| {
            Error::usage(
                format!(
                    "{KEYCHAIN_TIMEOUT} is {}: use a number of seconds, more than 0 and at most \
                     {KEYCHAIN_TIMEOUT_MAX}.",
                    crate::ui::quoted(value)
                ),
                Some(format!(
                    "For example {KEYCHAIN_TIMEOUT}=30, or unset it for the default (10 \
                     seconds in scripts, 120 on a terminal)."
                )),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::fields::{ACCESS_TOKEN, STORE};
    use secrecy::ExposeSecret;

    fn read(vars: &[(&str, &str)]) -> Result<Environment> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Environment::read(|name| {
            vars.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| OsString::from(v))
        })
    }

    #[test]
    fn every_variable_is_read_and_blank_ones_are_unset() {
        let env = read(&[
            (CONFIG, "/x/config.toml"),
            (PROFILE, "eu"),
            ("SYNCHUP_CLIENT_ID", "id"),
            ("SYNCHUP_ACCESS_TOKEN", "token"),
            ("SYNCHUP_API_PATH", "  "),
            ("SYNCHUP_STORE_HASH", ""),
            (KEYCHAIN_TIMEOUT, "2.5"),
            (API_BASE, "http://127.0.0.1:9"),
            (B2B_BASE, "http://127.0.0.1:8"),
            (SHARE_PASSPHRASE, " two words "),
        ])
        .unwrap();
        assert_eq!(env.config, Some(PathBuf::from("/x/config.toml")));
        assert_eq!(env.profile.as_deref(), Some("eu"));
        let (var, token) = env.value(&ACCESS_TOKEN).unwrap();
        assert_eq!(
            (var, token.expose_secret()),
            ("SYNCHUP_ACCESS_TOKEN", "token")
        );
        assert!(env.value(&STORE).is_none(), "blank is unset");
        assert_eq!(env.set(), ["SYNCHUP_CLIENT_ID", "SYNCHUP_ACCESS_TOKEN"]);
        assert_eq!(env.keychain_timeout, Some(Duration::from_millis(2500)));
        assert_eq!(env.api_base.as_deref(), Some("http://127.0.0.1:9"));
        assert_eq!(env.b2b_base.as_deref(), Some("http://127.0.0.1:8"));
        // Exactly as given: a passphrase a script chose is not tidied.
        assert_eq!(env.share_passphrase.unwrap().expose_secret(), " two words ");
        assert!(!format!("{:?}", read(&[(SHARE_PASSPHRASE, "hush")]).unwrap()).contains("hush"));
    }

    #[test]
    fn the_documented_variables_are_the_ones_read() {
        let asked = std::cell::RefCell::new(Vec::new());
        Environment::read(|name| {
            asked.borrow_mut().push(name.to_owned());
            None
        })
        .unwrap();
        let mut asked = asked.into_inner();
        asked.sort();
        let mut documented: Vec<_> = documented().into_iter().map(|(name, _)| name).collect();
        documented.sort();
        assert_eq!(asked, documented);
    }

    #[test]
    fn unusable_keychain_timeouts_are_named_not_ignored_or_fatal() {
        for bad in ["abc", "0", "-1", "1e20", "inf", "NaN", "3601"] {
            let err = read(&[(KEYCHAIN_TIMEOUT, bad)]).unwrap_err();
            assert_eq!(err.exit() as u8, 2, "{bad}");
            assert!(err.to_string().contains(KEYCHAIN_TIMEOUT), "{err}");
            assert!(err.to_string().contains(bad), "{err}");
        }
        let env = read(&[(KEYCHAIN_TIMEOUT, " 30 ")]).unwrap();
        assert_eq!(env.keychain_timeout, Some(Duration::from_secs(30)));
    }

    #[test]
    fn only_complete_values_need_nothing_saved() {
        let id = ("SYNCHUP_CLIENT_ID", "a");
        let token = ("SYNCHUP_ACCESS_TOKEN", "b");
        assert!(!read(&[id, token]).unwrap().is_complete());
        let env = read(&[("SYNCHUP_STORE_HASH", "c"), token, id]).unwrap();
        assert!(env.is_complete());
        assert_eq!(
            env.set(),
            [
                "SYNCHUP_CLIENT_ID",
                "SYNCHUP_ACCESS_TOKEN",
                "SYNCHUP_STORE_HASH"
            ]
        );
        let both = read(&[("SYNCHUP_STORE_HASH", "c"), ("SYNCHUP_API_PATH", "d")]).unwrap();
        assert_eq!(both.value(&STORE).unwrap().0, "SYNCHUP_API_PATH");
        assert_eq!(both.presets().take(&STORE).len(), 2);
    }
}
