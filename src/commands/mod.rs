//! The commands. Each is thin: it gathers what the library needs, calls it, and reports.

mod remove;
mod setup;
mod show;

use std::io::IsTerminal;
use std::time::Duration;

use crate::cli::{Cli, Command};
use crate::credentials::KEYCHAIN_TIMEOUT;
use crate::env::Environment;
use crate::error::Result;
use crate::storage::keychain::Keychain;
use crate::storage::{Paths, Storage};
use crate::ui::Ui;
use crate::wizard::steps;

/// A person at a terminal may be typing an unlock password into a desktop prompt; the
/// wait is long for them, and short for a script, which must never hang.
const INTERACTIVE_KEYCHAIN_TIMEOUT: Duration = Duration::from_secs(120);

/// What every command starts from.
pub struct Context {
    pub paths: Paths,
    pub profile: String,
    pub environment: Environment,
    /// Standard input and standard error are both terminals: questions can be asked.
    pub interactive: bool,
}

impl Context {
    fn new(cli: &Cli) -> Result<Context> {
        let paths = match &cli.global.config {
            Some(path) => Paths::new(path.clone()),
            None => Paths::platform_default()?,
        };
        Ok(Context {
            paths,
            profile: cli.global.profile.clone(),
            environment: Environment::from_process(),
            interactive: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
        })
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
        Some(Command::Show) => show::run(&context),
        Some(Command::Remove { yes }) => remove::run(&context, *yes, ui),
        Some(Command::Steps) => {
            let mut out = Ui::stdout();
            steps::print(&mut out);
            Ok(())
        }
    }
}
