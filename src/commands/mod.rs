//! The commands. Each is thin: it gathers what the library needs, calls it, and reports.

mod check;
mod list;
mod online;
mod remove;
mod report;
mod setup;
mod show;
mod token;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use clap::CommandFactory;
use serde::Serialize;

use crate::cli::{Cli, Command, profile_name};
use crate::credentials::{DEFAULT_PROFILE, KEYCHAIN_TIMEOUT};
use crate::env::{self, Environment};
use crate::error::{Error, Result};
use crate::storage::config::{ConfigFile, config_error};
use crate::storage::keychain::Keychain;
use crate::storage::{Paths, Storage};
use crate::ui::Ui;
use crate::wizard::steps;

/// A person at a terminal may be typing an unlock password into a desktop prompt; the
/// wait is long for them, and short for a script, which must never hang.
const INTERACTIVE_KEYCHAIN_TIMEOUT: Duration = Duration::from_secs(120);

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
}

impl Chosen {
    pub fn describe(self, flag: &str, var: &str) -> String {
        match self {
            Chosen::Flag => flag.to_owned(),
            Chosen::Env => var.to_owned(),
            Chosen::ConfigDefault => "default_profile in the config".to_owned(),
            Chosen::Default => "the default".to_owned(),
        }
    }
}

/// What every command starts from.
pub struct Context {
    pub paths: Paths,
    pub config_chosen: Chosen,
    /// A profile named by `--profile` or `SYNCHUP_PROFILE`.
    named_profile: Option<(String, Chosen)>,
    pub environment: Environment,
    /// Standard input and standard error are both terminals: questions can be asked.
    pub interactive: bool,
}

impl Context {
    fn new(cli: &Cli) -> Result<Context> {
        let env_config = std::env::var_os(env::CONFIG).filter(|v| !v.is_empty());
        let (paths, config_chosen) = match (&cli.global.config, env_config) {
            (Some(path), _) => (Paths::new(path.clone()), Chosen::Flag),
            (None, Some(path)) => (Paths::new(PathBuf::from(path)), Chosen::Env),
            (None, None) => (Paths::platform_default()?, Chosen::Default),
        };
        let env_profile = std::env::var(env::PROFILE).ok().filter(|v| !v.is_empty());
        let named_profile = match (&cli.global.profile, env_profile) {
            (Some(name), _) => Some((name.clone(), Chosen::Flag)),
            (None, Some(name)) => {
                let name = profile_name(&name).map_err(|why| {
                    Error::usage(format!("{} is \"{name}\": {why}.", env::PROFILE), None)
                })?;
                Some((name, Chosen::Env))
            }
            (None, None) => None,
        };
        Ok(Context {
            paths,
            config_chosen,
            named_profile,
            environment: Environment::from_process(),
            interactive: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
        })
    }

    /// The profile to work on: `--profile`, `SYNCHUP_PROFILE`, the config's
    /// `default_profile`, or `default`.
    pub fn profile(&self, config: &ConfigFile) -> Result<(String, Chosen)> {
        if let Some(named) = &self.named_profile {
            return Ok(named.clone());
        }
        match config.default_profile()? {
            Some(name) => match profile_name(&name) {
                Ok(name) => Ok((name, Chosen::ConfigDefault)),
                Err(why) => Err(config_error(
                    config.path(),
                    format!("default_profile is \"{name}\": {why}"),
                    "Set it with synchup-setup use NAME.",
                )),
            },
            None => Ok((DEFAULT_PROFILE.to_owned(), Chosen::Default)),
        }
    }

    /// The storage, with a keychain wait suited to whether someone is watching.
    pub fn storage(&self, interactive: bool) -> Storage {
        let timeout = self.environment.keychain_timeout.unwrap_or(if interactive {
            INTERACTIVE_KEYCHAIN_TIMEOUT
        } else {
            KEYCHAIN_TIMEOUT
        });
        let keychain = Keychain::new(timeout, move || {
            let mut ui = Ui::stderr();
            if interactive {
                ui.info(
                    "Waiting for the OS keychain... If your desktop asks for the keyring \
                     password, answer it there.",
                );
            } else {
                ui.info("Waiting for the OS keychain...");
            }
        });
        Storage::new(self.paths.clone(), Box::new(keychain))
    }
}

/// Runs the command line's command.
pub fn run(cli: &Cli, ui: &mut Ui) -> Result<()> {
    let context = Context::new(cli)?;
    match &cli.command {
        None => setup::run(&context, &cli.setup, ui),
        Some(Command::Show { json }) => show::run(&context, *json, ui),
        Some(Command::Check {
            json,
            online,
            options,
        }) => check::run(&context, *json, online.then_some(options)),
        Some(Command::Token { show }) => token::run(&context, *show),
        Some(Command::List { json }) => list::run(&context, *json, ui),
        Some(Command::Use { profile }) => list::use_profile(&context, profile, ui),
        Some(Command::Remove { yes }) => remove::run(&context, *yes, ui),
        Some(Command::Steps { b2b }) => {
            steps::print(&mut Ui::stdout(), *b2b);
            Ok(())
        }
        Some(Command::Completions { shell }) => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "synchup-setup", &mut out);
            print(&out)
        }
        Some(Command::Manpage) => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(|err| Error::io("writing the man page", err))?;
            print(&out)
        }
    }
}

/// Writes a command's output; a reader that went away (`| head`) is not an error.
pub(crate) fn print(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::io("writing to standard output", err))
        }
        _ => Ok(()),
    }
}

/// Prints a value as pretty JSON on standard output.
pub(crate) fn print_json(value: &impl Serialize) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|err| Error::io("writing JSON", std::io::Error::other(err)))?;
    text.push('\n');
    print(text.as_bytes())
}
