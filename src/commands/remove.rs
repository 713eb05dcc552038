//! `remove`: deletes a profile and its token, and says exactly what was there.

use crate::context::{Context, DEFAULT_PROFILE};
use crate::error::{Error, Result};

pub fn run(cx: &mut Context, yes: bool) -> Result<()> {
    let storage = cx.storage(cx.can_prompt());
    let config = storage.load()?;
    let (name, _) = cx.target.profile(&config)?;
    let existing = config.profile(&name)?;
    if !yes {
        let Some(prompter) = cx.prompter() else {
            return Err(Error::usage(
                "remove asks for confirmation, and there is no terminal to ask on.",
                Some("Add --yes to remove without asking.".to_owned()),
            ));
        };
        let question = match &existing {
            Some(profile) => format!(
                "Remove profile \"{name}\" (store {}) and its Access Token?",
                profile.store_hash.as_deref().unwrap_or("unknown")
            ),
            None => {
                format!("There is no profile \"{name}\". Remove any token left under that name?")
            }
        };
        if !prompter.confirm(&question, false)? {
            cx.err.line("Nothing was removed.");
            return Ok(());
        }
    }
    let ui = &mut cx.err;
    let removed = storage.remove(&name)?;
    let config_path = storage.paths().config().display();
    if removed.profile {
        ui.success(format!("Removed profile \"{name}\" from {config_path}."));
    } else {
        ui.info(format!("There was no profile \"{name}\" in {config_path}."));
    }
    if removed.default_cleared {
        ui.info(format!(
            "It was the default profile; commands without --profile now use \"{}\".",
            DEFAULT_PROFILE
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
    let still_set = cx.env.set();
    if !still_set.is_empty() {
        ui.warning(format!(
            "{} still set in this environment: programs that read it (such as the SynchUP \
             connector) keep using those values. Unset them too.",
            still_set.join(", ") + if still_set.len() == 1 { " is" } else { " are" }
        ));
    }
    match failure {
        Some(err) => Err(err.into()),
        None => Ok(()),
    }
}
