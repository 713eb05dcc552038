//! synchup-setup connects a BigCommerce store to SynchUP. It walks a store admin through
//! creating a store-level API account, reads and checks the three values SynchUP needs
//! (Client ID, Access Token, Store Hash), keeps the token in the OS keychain and the rest in
//! a TOML config, and lets the SynchUP connector load them again:
//!
//! ```no_run
//! match synchup_setup::Credentials::load(None) {
//!     Ok(credentials) => println!("store {}", credentials.store_hash),
//!     Err(synchup_setup::Error::UnknownProfile { .. }) => eprintln!("run synchup-setup first"),
//!     Err(err) => eprintln!("{err}"),
//! }
//! ```

pub mod bigcommerce;
pub mod cli;
mod commands;
pub mod context;
pub mod credentials;
pub mod doctor;
pub mod downloads;
pub mod error;
pub mod handoff;
mod platform;
pub mod profile;
pub mod rerun;
mod signals;
pub mod storage;
mod time;
mod trace;
pub mod ui;
pub mod wizard;

use std::process::ExitCode;

pub use credentials::{Credentials, Source, Sources};
pub use error::{Error, Exit, Result};

use context::{Context, Environment, Target};
use ui::Ui;

/// The program: parses the command line, runs the command, and turns an error into its
/// message, its hint and its exit code.
pub fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse_args(std::env::args_os()) {
        Ok(cli) => cli,
        // Help and version are printed by clap and exit 0; usage errors exit 2, and quote
        // what was given, so anything that looks like a token is hidden from them.
        Err(err) => {
            if err.use_stderr() {
                eprint!("{}", ui::redacted(&err.render().to_string()));
            } else {
                let _ = err.print();
            }
            return ExitCode::from(err.exit_code() as u8);
        }
    };
    // Before any secret is read: a core dump would hold it.
    platform::no_core_dumps();
    signals::install();
    let mut err = Ui::stderr().with_verbosity(cli.global.verbosity());
    let result = refuse_token_argument(&cli)
        .and_then(|()| Environment::from_process())
        .and_then(|env| {
            let target = Target::resolve(
                cli.global.config.clone(),
                cli.global.profile.as_deref(),
                &env,
            )?;
            let mut cx = Context::new(env, target, Ui::stdout(), err.clone());
            commands::run(&cli, &mut cx)?;
            output_written(&mut cx.out)
        });
    match result {
        Ok(()) => Exit::Success.into(),
        // The report has said everything; only the exit code is left to give.
        Err(Error::Unhealthy(exit)) => exit.into(),
        Err(Error::Interrupted) => {
            signals::restore_terminal();
            // Esc or Ctrl-C at a question: said as a signal's handler says it.
            err.line(signals::stopped());
            Exit::Interrupted.into()
        }
        Err(error) => {
            err.error(&error);
            if let Some(hint) = error.hint() {
                err.hint(hint);
            }
            error.exit().into()
        }
    }
}

/// A command whose output could not be written fails (`show > /dev/full`), so that a
/// script does not go on with nothing. A reader that went away (`| head`) is not a
/// failure of a listing; `token` says so itself (see `commands::output::print_all`).
fn output_written(out: &mut Ui) -> Result<()> {
    match out.finish() {
        Ok(()) | Err(std::io::ErrorKind::BrokenPipe) => Ok(()),
        Err(kind) => Err(Error::io(
            "writing to standard output",
            std::io::Error::from(kind),
        )),
    }
}

/// `--access-token` or `--token` was given: refused before anything else happens, and
/// without repeating the value, which must not land in any output.
fn refuse_token_argument(cli: &cli::Cli) -> Result<()> {
    match cli.global.token_argument {
        None => Ok(()),
        Some(cli::Refused) => Err(Error::usage(
            "The token is never an argument: pipe it or set SYNCHUP_ACCESS_TOKEN.",
            Some(
                "Other users can read a program's arguments, and the shell keeps them in its \
                 history. Pipe the credentials file (synchup-setup < \"API Credentials.txt\"), \
                 or export SYNCHUP_ACCESS_TOKEN first. If you typed the token in this command, \
                 remove it from your shell history."
                    .to_owned(),
            ),
        )),
    }
}
