//! The command line: the clap definitions, and the one rule clap cannot express (setup
//! options do not go with a subcommand). The work is done in [`crate::commands`].

use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::parser::ValueSource;
use clap::{Arg, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::profile::fields::{FIELDS, Field, Flag};
use crate::profile::profile_name;
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
NO_COLOR turns colours off. Off a terminal, messages use plain ASCII markers
(ok:, warning:, error:) instead of symbols.

--profile, --config, --json, -q and -v go before or after the command:
  synchup-setup --profile eu show   is   synchup-setup show --profile eu

Exit codes: 0 ok, 1 other failure, 2 usage, 3 invalid or missing input, 4 secret store
failed, 5 config file problem, 6 rejected by BigCommerce, 7 BigCommerce unreachable,
130 cancelled.";

#[derive(Debug, Parser)]
#[command(
    name = "synchup-setup",
    version,
    about = ABOUT,
    after_help = AFTER_HELP
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

    /// Say less: only warnings, errors and questions
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Say more: what is asked of the keychain and of BigCommerce (never the token)
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Print JSON instead of text (show, check and list)
    #[arg(long, global = true)]
    pub json: bool,

    /// `--access-token` or `--token` was given (and refused). Not part of the documented
    /// command: see [`refused_arguments`].
    #[arg(skip)]
    pub token_argument: Option<Refused>,
}

impl Global {
    pub fn verbosity(&self) -> crate::ui::Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => crate::ui::Verbosity::Quiet,
            (_, true) => crate::ui::Verbosity::Verbose,
            _ => crate::ui::Verbosity::Normal,
        }
    }
}

/// An argument that was given and dropped unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

fn refused(_: &str) -> Result<Refused, String> {
    Ok(Refused)
}

/// The id of the refused token argument in the parser's matches.
const TOKEN_ARGUMENT: &str = "token_argument";

/// Flags that are recognised only to be refused with a message of their own: a token given
/// as an argument (other users can read the arguments of a process, and the shell keeps
/// them in its history; the value is not kept). The parser knows them; the documented
/// command ([`Cli::command`], from which `--help`, the man pages and the shell completions
/// are made) does not, so no completion ever offers them. clap's completion scripts offer
/// hidden flags all the same, so hiding them would not be enough.
fn refused_arguments() -> [clap::Arg; 1] {
    [clap::Arg::new(TOKEN_ARGUMENT)
        .long("access-token")
        .alias("token")
        .global(true)
        .hide(true)
        .num_args(0..=1)
        .default_missing_value("")
        .value_name("TOKEN")
        .value_parser(refused)]
}

/// Whether clap, failing on an unknown flag, would suggest one of the refused flags.
fn suggests_a_refused_flag(err: &clap::Error) -> bool {
    use clap::error::{ContextKind, ContextValue};
    let refused = refused_arguments();
    err.kind() == ErrorKind::UnknownArgument
        && match err.get(ContextKind::SuggestedArg) {
            Some(ContextValue::String(suggested)) => refused.iter().any(|arg| {
                let longs = arg
                    .get_long()
                    .into_iter()
                    .chain(arg.get_all_aliases().into_iter().flatten());
                longs
                    .into_iter()
                    .any(|long| suggested.trim_start_matches('-') == long)
            }),
            _ => false,
        }
}

/// Answers given up front; each skips its question.
#[derive(Debug, Args)]
pub struct SetupArgs {
    #[command(flatten)]
    pub answers: FieldFlags,

    /// Read the credentials file BigCommerce downloaded (ACCESS TOKEN, CLIENT ID, API PATH)
    #[arg(long, value_name = "PATH")]
    pub from_file: Option<PathBuf>,

    /// Delete the --from-file file after saving (on a terminal the wizard offers it)
    #[arg(long, requires = "from_file")]
    pub delete_file: bool,

    #[command(flatten)]
    pub save: SaveArgs,
}

/// The flags that give a profile's values: those of the table of fields, in its order,
/// each flag of a field excluding the ones after it of the same field (`--api-path` or
/// `--store-hash`; clap holds a conflict both ways).
#[derive(Debug, Default)]
pub struct FieldFlags(pub Vec<(&'static Field, &'static Flag, String)>);

impl Args for FieldFlags {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        let flags = FIELDS
            .iter()
            .flat_map(|field| field.flags.iter().map(move |flag| (field, flag)));
        flags.fold(cmd, |cmd, (field, flag)| {
            let later = field
                .flags
                .iter()
                .skip_while(|other| other.long != flag.long)
                .skip(1)
                .map(Flag::name);
            cmd.arg(
                Arg::new(flag.name())
                    .long(flag.name())
                    .value_name(flag.value_name)
                    .help(flag.help)
                    .conflicts_with_all(later),
            )
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        FieldFlags::augment_args(cmd)
    }
}

impl FromArgMatches for FieldFlags {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut given = Vec::new();
        for field in FIELDS {
            for flag in field.flags {
                if let Some(value) = matches.get_one::<String>(flag.name()) {
                    given.push((field, flag, value.clone()));
                }
            }
        }
        Ok(FieldFlags(given))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = FieldFlags::from_arg_matches(matches)?;
        Ok(())
    }
}

/// How answers are saved, for the wizard and `import` alike.
#[derive(Debug, Args)]
pub struct SaveArgs {
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

impl SaveArgs {
    /// `--verify` or `--no-verify`, when either was given.
    pub fn verify(&self) -> Option<bool> {
        match (self.verify, self.no_verify) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
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
    Show,

    /// Check a profile's health: config, values, token, file permissions; with --online,
    /// also ask BigCommerce whether it accepts them and which scopes they have
    #[command(visible_alias = "status")]
    Check {
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

    /// List the profiles; * marks the one used without --profile
    List,

    /// Make a profile the default for commands without --profile
    Use {
        /// The profile
        #[arg(value_parser = profile_name)]
        profile: String,
    },

    /// Delete a profile and its Access Token (the API account stays in BigCommerce)
    #[command(visible_alias = "logout")]
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

    /// Encrypt the profile's credentials for an integration specialist (or SynchUP): to
    /// their public key, or with a passphrase
    #[command(after_help = SHARE_AFTER_HELP)]
    Share(ShareArgs),

    /// Save the credentials from an encrypted bundle as a profile
    #[command(after_help = IMPORT_AFTER_HELP)]
    Import(ImportArgs),

    /// Print a shell completion script: synchup-setup completions bash > ...
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the man page (roff): synchup-setup manpage > synchup-setup.1; with --dir, write
    /// it and the page of each command
    Manpage {
        /// Write every page (synchup-setup.1 and synchup-setup-COMMAND.1 for each command)
        /// into DIR, created if missing, instead of printing the main page
        #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
        dir: Option<PathBuf>,
    },
}

impl Cli {
    /// Parses a command line. Options that set up a profile belong to no command: given
    /// with one (`--client-id X show`), they are a usage error rather than silently
    /// ignored. `--profile`, `--config`, `--json`, `-q` and `-v` go anywhere.
    pub fn try_parse_args<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let mut cmd = Cli::command().args(refused_arguments());
        let matches = match cmd.try_get_matches_from_mut(args) {
            Ok(matches) => matches,
            // A misspelt token flag (`--acess-token`) is a token on the command line all the
            // same: it is refused as the flag is, not met with a tip to use the flag.
            Err(err) if suggests_a_refused_flag(&err) => {
                let mut cli = Cli::try_parse_args(["synchup-setup"])?;
                cli.global.token_argument = Some(Refused);
                return Ok(cli);
            }
            Err(err) => return Err(err),
        };
        if let Some((name, _)) = matches.subcommand()
            && let Some(flag) = setup_flag_given(&cmd, &matches)
        {
            return Err(cmd.error(
                ErrorKind::ArgumentConflict,
                format!(
                    "--{flag} sets up a profile and does not go with the subcommand '{name}'; \
                     run it without a subcommand"
                ),
            ));
        }
        let mut cli = Cli::from_arg_matches(&matches).map_err(|err| err.format(&mut cmd))?;
        cli.global.token_argument = matches.get_one::<Refused>(TOKEN_ARGUMENT).copied();
        Ok(cli)
    }
}

/// The first option of the setup (an option of the bare command that is not global) given
/// on the command line.
fn setup_flag_given(cmd: &clap::Command, matches: &ArgMatches) -> Option<String> {
    cmd.get_arguments()
        .filter(|arg| !arg.is_global_set())
        .filter(|arg| matches.value_source(arg.get_id().as_str()) == Some(ValueSource::CommandLine))
        .find_map(|arg| arg.get_long().map(str::to_owned))
}

const SHARE_AFTER_HELP: &str = "\
The bundle is ASCII text (-----BEGIN AGE ENCRYPTED FILE-----), safe to attach to an e-mail or
a ticket; only the recipient's private key, or the passphrase, opens it:
  synchup-setup share --to age1... --output bundle.age
  synchup-setup share --to \"$(cat id_ed25519.pub)\" > bundle.age
  synchup-setup share --passphrase --output bundle.age

With --passphrase, a passphrase of six words is generated and shown once on the terminal:
tell it to the specialist by another channel. In scripts it is taken from
SYNCHUP_SHARE_PASSPHRASE instead.";

const IMPORT_AFTER_HELP: &str = "\
Opens a bundle made by `synchup-setup share` (or by `age` from a credentials file) and saves
it as the wizard does, with the same checks, options and exit codes:
  synchup-setup import bundle.age --identity key.txt
  synchup-setup import --identity ~/.ssh/id_ed25519 < bundle.age
  synchup-setup import bundle.age              (a passphrase bundle: asks for it)

A passphrase is asked on a terminal; in scripts it is taken from SYNCHUP_SHARE_PASSPHRASE.";

/// `share`: who receives the bundle, and where it goes.
#[derive(Debug, Args)]
pub struct ShareArgs {
    /// A public key to encrypt to: age1..., or an SSH public key line "ssh-ed25519 AAAA...
    /// comment" (ed25519 or RSA); repeatable, any one of them opens the bundle
    #[arg(long, value_name = "RECIPIENT")]
    pub to: Vec<String>,

    /// A file of public keys, one per line, as `age -R` reads it; repeatable
    #[arg(long, value_name = "PATH")]
    pub to_file: Vec<PathBuf>,

    /// Encrypt with a passphrase instead of public keys: generated and shown once on the
    /// terminal, or taken from SYNCHUP_SHARE_PASSPHRASE
    #[arg(long, conflicts_with_all = ["to", "to_file"])]
    pub passphrase: bool,

    /// Write the bundle to FILE, readable only by you (0600) [default: standard output,
    /// when it is not a terminal]
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace the --output FILE if it exists (a regular file only; never a link, a
    /// device or a directory)
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// `import`: the bundle, the key that opens it, and how to save it.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The bundle, armored or binary [default: standard input]
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// The private key the bundle was made for: an age identity file (age-keygen -o) or
    /// an OpenSSH private key (ed25519 or RSA); not needed for a passphrase bundle
    #[arg(long, short, value_name = "KEYFILE")]
    pub identity: Option<PathBuf>,

    #[command(flatten)]
    pub save: SaveArgs,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    /// Every command of the documented interface, the top level and each subcommand.
    fn every_command() -> Vec<clap::Command> {
        let mut cmd = Cli::command();
        cmd.build();
        let mut all = vec![cmd.clone()];
        all.extend(cmd.get_subcommands().cloned());
        all
    }

    #[test]
    fn no_documented_flag_takes_the_token() {
        // Not even a hidden one: the man pages and completions are made from these.
        for cmd in every_command() {
            let flags: Vec<_> = cmd.get_arguments().filter_map(|a| a.get_long()).collect();
            assert!(
                flags.iter().all(|f| !f.contains("token")),
                "{}: {flags:?}",
                cmd.get_name()
            );
            // A passphrase is never an argument either: it would be in `ps` and history.
            let takes_value = |a: &&clap::Arg| a.get_action().takes_values();
            let secret = cmd
                .get_arguments()
                .filter(takes_value)
                .filter_map(|a| a.get_long())
                .find(|f| f.contains("passphrase"));
            assert_eq!(secret, None, "{}", cmd.get_name());
        }
    }

    /// Messages keep a command and a flag's value on one line (`ui`'s wrapping): its lists
    /// of subcommands and of flags that take a value are the command line's own.
    #[test]
    fn the_wrapping_knows_every_subcommand_and_flag_with_a_value() {
        let mut cmd = Cli::command();
        cmd.build();
        let mut subcommands: Vec<&str> = cmd
            .get_subcommands()
            .map(|sub| sub.get_name())
            .filter(|name| *name != "help")
            .collect();
        let mut known = crate::ui::SUBCOMMANDS.to_vec();
        subcommands.sort_unstable();
        known.sort_unstable();
        assert_eq!(subcommands, known);

        let mut flags: Vec<String> = every_command()
            .iter()
            .flat_map(|cmd| {
                cmd.get_arguments()
                    .filter(|a| a.get_action().takes_values() && !a.is_hide_set())
                    .filter_map(|a| a.get_long().map(|long| format!("--{long}")))
                    .collect::<Vec<_>>()
            })
            .collect();
        flags.sort_unstable();
        flags.dedup();
        let mut known: Vec<String> = crate::ui::VALUE_FLAGS
            .iter()
            .map(|f| f.to_string())
            .collect();
        known.sort_unstable();
        assert_eq!(flags, known);
    }

    #[test]
    fn a_token_argument_is_recognised_and_dropped() {
        for args in [
            &["--access-token", "x"][..],
            &["--token=x"],
            &["show", "--token", "x"],
            &["--access-token"],
        ] {
            let cli =
                Cli::try_parse_args(std::iter::once("synchup-setup").chain(args.iter().copied()))
                    .unwrap();
            assert_eq!(cli.global.token_argument, Some(Refused), "{args:?}");
            assert!(!format!("{cli:?}").contains("\"x\""), "{args:?}");
        }
    }

    #[test]
    fn global_options_go_before_or_after_the_subcommand() {
        for args in [
            &["--profile", "eu", "show"][..],
            &["show", "--profile", "eu"],
            &["-q", "--config", "/c.toml", "check", "--profile", "eu"],
            &["--json", "--profile", "eu", "list"],
        ] {
            let cli =
                Cli::try_parse_args(std::iter::once("synchup-setup").chain(args.iter().copied()))
                    .unwrap();
            assert_eq!(cli.global.profile.as_deref(), Some("eu"), "{args:?}");
            assert!(cli.command.is_some(), "{args:?}");
        }
        let err = Cli::try_parse_args(["synchup-setup", "--client-id", "x", "show"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("--client-id"), "{err}");
    }
}
