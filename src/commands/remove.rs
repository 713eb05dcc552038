//! `remove`: deletes a profile and its token, and says exactly what was there.

use super::Context;
use crate::error::{Error, Result};
use crate::ui::Ui;
use crate::wizard::prompter::Prompter;
use crate::wizard::terminal::Terminal;

pub fn run(context: &Context, yes: bool, ui: &mut Ui) -> Result<()> {
    let storage = context.storage(context.interactive);
    let config = storage.load()?;
    let existing = config.profile(&context.profile)?;
    if !yes {
        if !context.interactive {
            return Err(Error::usage(
                "remove asks for confirmation, and there is no terminal to ask on.",
                Some("Add --yes to remove without asking.".to_owned()),
            ));
        }
        let what = match &existing {
            Some(profile) => format!(
                "Remove profile \"{}\" (store {}) and its Access Token?",
                profile.name,
                profile.store_hash.as_deref().unwrap_or("unknown")
            ),
            None => format!(
                "There is no profile \"{}\". Remove any token left under that name?",
                context.profile
            ),
        };
        if !Terminal::new(ui.color()).confirm(&what, false)? {
            ui.line("Nothing was removed.");
            return Ok(());
        }
    }
    let removed = storage.remove(&context.profile)?;
    let name = &context.profile;
    if removed.profile {
        ui.success(format!(
            "Removed profile \"{name}\" from {}.",
            storage.paths().config().display()
        ));
    } else {
        ui.info(format!(
            "There was no profile \"{name}\" in {}.",
            storage.paths().config().display()
        ));
    }
    let mut failure = None;
    for (location, outcome) in removed.tokens {
        match outcome {
            Ok(true) => ui.success(format!("Deleted the Access Token from {location}.")),
            Ok(false) => ui.info(format!("No Access Token was in {location}.")),
            // Without a profile this is only a search for leftovers: a keychain that does
            // not exist here has none, and removing twice must not fail.
            Err(err) if existing.is_none() && err.unavailable => {
                ui.info(format!("Could not check {location}: {}", err.message));
            }
            Err(err) => {
                ui.error(format!("Could not check {location}: {}", err.message));
                failure.get_or_insert(err);
            }
        }
    }
    match failure {
        Some(err) => Err(err.into()),
        None => Ok(()),
    }
}
