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
pub mod credentials;
pub mod env;
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

/// The program: parses the command line, runs the command, and turns an error into its
/// message, its hint and its exit code.
pub fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version are printed by clap and exit 0; usage errors exit 2.
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(err.exit_code() as u8);
        }
    };
    signals::install();
    let mut ui = ui::Ui::stderr();
    match commands::run(&cli, &mut ui) {
        Ok(()) => Exit::Success.into(),
        // The report has said everything; only the exit code is left to give.
        Err(Error::Unhealthy(exit)) => exit.into(),
        Err(Error::Interrupted) => {
            signals::restore_terminal();
            ui.line(Error::Interrupted);
            Exit::Interrupted.into()
        }
        Err(err) => {
            ui.error(&err);
            if let Some(hint) = err.hint() {
                ui.hint(hint);
            }
            err.exit().into()
        }
    }
}
