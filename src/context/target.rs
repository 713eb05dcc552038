//! Which config file and which profile a run works on: the one resolver, used by the
//! command line and by [`crate::Credentials::load`] alike.
//!
//! The config: `--config`, then `SYNCHUP_CONFIG`, then the platform's config directory. The
//! profile: `--profile`, then `SYNCHUP_PROFILE`, then the config's `default_profile`, then
//! `default`. Every name is checked the same way, wherever it came from.

use std::path::PathBuf;

use serde::Serialize;

use super::environment::{self, Environment};
use crate::error::{Error, Result};
use crate::profile::profile_name;
use crate::rerun::DEFAULT_PROFILE;
use crate::storage::Paths;
use crate::storage::config::{ConfigFile, config_error};

/// How a setting was chosen, for `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Chosen {
    Flag,
    Env,
    /// The config's `default_profile`.
    ConfigDefault,
    /// Nothing chose it: the built-in default.
    Default,
    /// Answered at a question (`import` into a profile that holds another store).
    Asked,
}

impl Chosen {
    pub fn describe(self, flag: &str, var: &str) -> String {
        match self {
            Chosen::Flag => flag.to_owned(),
            Chosen::Env => var.to_owned(),
            Chosen::ConfigDefault => "default_profile in the config".to_owned(),
            Chosen::Default => "used when none is named".to_owned(),
            Chosen::Asked => "answered at the question".to_owned(),
        }
    }
}

/// The config file and, when one was named, the profile.
#[derive(Debug, Clone)]
pub struct Target {
    paths: Paths,
    config_chosen: Chosen,
    named: Option<(String, Chosen)>,
}

impl Target {
    /// Resolves the config path now, and the profile as far as it can be without reading
    /// the config (see [`Target::profile`]).
    pub fn resolve(
        config_flag: Option<PathBuf>,
        profile_flag: Option<&str>,
        env: &Environment,
    ) -> Result<Target> {
        let (paths, config_chosen) = match (config_flag, &env.config) {
            (Some(path), _) => (Paths::new(path), Chosen::Flag),
            (None, Some(path)) => (Paths::new(path.clone()), Chosen::Env),
            (None, None) => (Paths::platform_default()?, Chosen::Default),
        };
        let named = match (profile_flag, &env.profile) {
            (Some(name), _) => Some((checked_name(name, "--profile")?, Chosen::Flag)),
            (None, Some(name)) => Some((checked_name(name, environment::PROFILE)?, Chosen::Env)),
            (None, None) => None,
        };
        Ok(Target {
            paths,
            config_chosen,
            named,
        })
    }

    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    pub fn config_chosen(&self) -> Chosen {
        self.config_chosen
    }

    /// The profile named by `--profile` or `SYNCHUP_PROFILE`, if any.
    pub fn named_profile(&self) -> Option<&str> {
        self.named.as_ref().map(|(name, _)| name.as_str())
    }

    /// Works on profile `name` from now on, as answered at a question.
    pub fn answer_profile(&mut self, name: String) {
        self.named = Some((name, Chosen::Asked));
    }

    /// The profile to work on: the named one, else the config's `default_profile`, else
    /// `default`.
    pub fn profile(&self, config: &ConfigFile) -> Result<(String, Chosen)> {
        if let Some(named) = &self.named {
            return Ok(named.clone());
        }
        match config.default_profile()? {
            Some(name) => match profile_name(&name) {
                Ok(name) => Ok((name, Chosen::ConfigDefault)),
                Err(why) => Err(config_error(
                    config.path(),
                    format!("default_profile is {}: {why}", crate::ui::quoted(&name)),
                    "Set it with synchup-setup use NAME.",
                )),
            },
            None => Ok((DEFAULT_PROFILE.to_owned(), Chosen::Default)),
        }
    }
}

fn checked_name(name: &str, given_by: &str) -> Result<String> {
    profile_name(name).map_err(|why| {
        Error::usage(
            format!("{given_by} is {}: {why}.", crate::ui::quoted(name)),
            Some("Profile names are like default, eu-shop or store_2.".to_owned()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(profile: Option<&str>) -> Environment {
        let mut vars = vec![("SYNCHUP_CONFIG", "/env/config.toml")];
        vars.extend(profile.map(|profile| ("SYNCHUP_PROFILE", profile)));
        Environment::from_pairs(&vars).unwrap()
    }

    #[test]
    fn flags_win_over_variables_and_every_name_is_checked() {
        let target =
            Target::resolve(Some("/flag/c.toml".into()), Some("eu"), &env(Some("us"))).unwrap();
        // Made absolute: on Windows, on the current drive.
        assert_eq!(
            target.paths().config(),
            std::path::absolute("/flag/c.toml").unwrap()
        );
        assert_eq!(target.config_chosen(), Chosen::Flag);
        assert_eq!(target.named_profile(), Some("eu"));

        let target = Target::resolve(None, None, &env(Some("us"))).unwrap();
        assert_eq!(target.config_chosen(), Chosen::Env);
        assert_eq!(target.named, Some(("us".to_owned(), Chosen::Env)));

        for (flag, var) in [(Some("../etc"), None), (None, Some("../etc"))] {
            let err = Target::resolve(None, flag, &env(var)).unwrap_err();
            assert_eq!(err.exit() as u8, 2);
        }
    }

    #[test]
    fn the_config_names_the_default_profile() {
        let target = Target::resolve(None, None, &env(None)).unwrap();
        let config = ConfigFile::parse(
            std::path::Path::new("c.toml"),
            b"default_profile = \"eu\"\n".to_vec(),
        )
        .unwrap();
        assert_eq!(
            target.profile(&config).unwrap(),
            ("eu".to_owned(), Chosen::ConfigDefault)
        );
        let bad = ConfigFile::parse(
            std::path::Path::new("c.toml"),
            b"default_profile = \"a b\"\n".to_vec(),
        )
        .unwrap();
        assert_eq!(target.profile(&bad).unwrap_err().exit() as u8, 5);
    }
}
