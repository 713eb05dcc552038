//! The command line, as clap definitions only; the work is done in [`crate::commands`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::context::profile_name;
use crate::storage::secrets::{self, SecretStoreKind};

const ABOUT: &str = "Connect a BigCommerce store to SynchUP: create the store-level API \
                     account, check its credentials and save them safely.";

const AFTER_HELP: &str = "\
Run without a command to set up or update a profile. On a terminal it asks; with standard
input piped it reads the answers instead and never asks:
  synchup-setup < credentials.txt          (the file BigCommerce downloads)
  printf '%s\\n' \"$CLIENT_ID\" \"$TOKEN\" \"$API_PATH\" | synchup-setup

Environment: SYNCHUP_CLIENT_ID, SYNCHUP_ACCESS_TOKEN, SYNCHUP_API_PATH, SYNCHUP_STORE_HASH
give values and override saved ones (the Access Token is never taken as an argument, which
other users could see); SYNCHUP_CONFIG and SYNCHUP_PROFILE stand for --config and
--profile; SYNCHUP_KEYCHAIN_TIMEOUT is how many seconds to wait for the OS keychain;
NO_COLOR turns colours off.

Exit codes: 0 ok, 1 other failure, 2 usage, 3 invalid or missing input, 4 secret store
failed, 5 config file problem, 6 rejected by BigCommerce, 7 BigCommerce unreachable,
130 cancelled.";

#[derive(Debug, Parser)]
#[command(
    name = "synchup-setup",
    version,
    about = ABOUT,
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,

    #[command(flatten)]
    pub setup: SetupArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config
    /// directory]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// The profile: one per store (or SYNCHUP_PROFILE) [default: the config's
    /// default_profile, else "default"]
    #[arg(long, global = true, value_name = "NAME", value_parser = profile_name)]
    pub profile: Option<String>,
}

/// Answers given up front; each skips its question.
#[derive(Debug, Args)]
pub struct SetupArgs {
    /// The Client ID of the store-level API account
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,

    /// The API Path (https://api.bigcommerce.com/stores/HASH/v3/) or the store hash
    #[arg(long, value_name = "URL", conflicts_with = "store_hash")]
    pub api_path: Option<String>,

    /// The store hash
    #[arg(long, value_name = "HASH")]
    pub store_hash: Option<String>,

    /// The API account's name, to recognise it in the control panel
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Read the credentials file BigCommerce downloaded (ACCESS TOKEN, CLIENT ID, API PATH)
    #[arg(long, value_name = "PATH")]
    pub from_file: Option<PathBuf>,

    /// Where to keep the Access Token [default: where the profile keeps it, else keychain]
    #[arg(long, value_name = "STORE", value_parser = secrets::value_parser())]
    pub secret_store: Option<SecretStoreKind>,

    /// Never ask, even on a terminal: take answers from flags, variables and piped input
    #[arg(long)]
    pub non_interactive: bool,

    /// Check the credentials with BigCommerce before saving (asked on a terminal)
    #[arg(long, conflicts_with = "no_verify")]
    pub verify: bool,

    /// Save without checking with BigCommerce
    #[arg(long)]
    pub no_verify: bool,

    #[command(flatten)]
    pub online: OnlineArgs,
}

/// How the online check runs.
#[derive(Debug, Args)]
pub struct OnlineArgs {
    /// The store uses B2B Edition: add its scope to the steps and the check
    #[arg(long, conflicts_with = "no_b2b")]
    pub b2b: bool,

    /// The store does not use B2B Edition
    #[arg(long)]
    pub no_b2b: bool,

    /// Seconds to wait for each answer from BigCommerce
    #[arg(long, value_name = "SECS", default_value_t = 10.0, value_parser = seconds)]
    pub timeout: f64,
}

impl OnlineArgs {
    /// `--b2b` or `--no-b2b`, when either was given.
    pub fn b2b(&self) -> Option<bool> {
        match (self.b2b, self.no_b2b) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }

    pub fn timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(self.timeout)
    }
}

fn seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(secs) if secs.is_finite() && secs > 0.0 && secs <= 600.0 => Ok(secs),
        _ => Err("use a number of seconds between 0 and 600".into()),
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show a profile's values and where each comes from, the token masked
    Show {
        /// Print a JSON object instead
        #[arg(long)]
        json: bool,
    },

    /// Check a profile's health: config, values, token, file permissions; with --online,
    /// also ask BigCommerce whether it accepts them and which scopes they have
    Check {
        /// Print a JSON report instead
        #[arg(long)]
        json: bool,

        /// Also check with BigCommerce (read-only requests)
        #[arg(long)]
        online: bool,

        #[command(flatten)]
        options: OnlineArgs,
    },

    /// Print the Access Token alone, for scripts: export BC_TOKEN=$(synchup-setup token)
    Token {
        /// Print it even when standard output is a terminal
        #[arg(long)]
        show: bool,
    },

    /// List the profiles, the default one marked
    List {
        /// Print a JSON array instead
        #[arg(long)]
        json: bool,
    },

    /// Make a profile the default for commands without --profile
    Use {
        /// The profile
        #[arg(value_parser = profile_name)]
        profile: String,
    },

    /// Delete a profile and its Access Token
    Remove {
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },

    /// Print the control-panel steps that create the API account
    Steps {
        /// Include the B2B Edition scope
        #[arg(long)]
        b2b: bool,
    },

    /// Print a shell completion script: synchup-setup completions bash > ...
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the man page (roff): synchup-setup manpage > synchup-setup.1
    #[command(hide = true)]
    Manpage,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn there_is_no_token_flag() {
        let cmd = Cli::command();
        let flags: Vec<_> = cmd.get_arguments().filter_map(|a| a.get_long()).collect();
        assert!(flags.iter().all(|f| !f.contains("token")), "{flags:?}");
        assert!(Cli::try_parse_from(["synchup-setup", "--access-token", "x"]).is_err());
    }
}
