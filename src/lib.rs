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
pub mod error;
pub mod handoff;
mod signals;
pub mod storage;
mod time;
pub mod ui;
pub mod wizard;

use std::process::ExitCode;

use clap::Parser;

pub use credentials::{Credentials, Source, Sources};
pub use error::{Error, Exit, Result};

use context::{Context, Environment, Target};
use ui::Ui;

/// The program: parses the command line, runs the command, and turns an error into its
/// message, its hint and its exit code.
pub fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
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
    signals::install();
    let mut err = Ui::stderr();
    let result = Environment::from_process().and_then(|env| {
        let target = Target::resolve(
            cli.global.config.clone(),
            cli.global.profile.as_deref(),
            &env,
        )?;
        let mut cx = Context::new(env, target, Ui::stdout(), err.clone());
        commands::run(&cli, &mut cx)
    });
    match result {
        Ok(()) => Exit::Success.into(),
        // The report has said everything; only the exit code is left to give.
        Err(Error::Unhealthy(exit)) => exit.into(),
        Err(Error::Interrupted) => {
            signals::restore_terminal();
            err.line(Error::Interrupted);
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
