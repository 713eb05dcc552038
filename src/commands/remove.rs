//! `remove`: deletes a profile and its token, and says exactly what was there.

use crate::context::Context;
use crate::error::{Error, Result};
use crate::profile::fields::CLIENT_ID;
use crate::profile::values::Entry;
use crate::rerun::DEFAULT_PROFILE;

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
        // Without the profile there is nothing of this config's to remove (a token left
        // under the name by an earlier version may be another config's, and is never
        // deleted here), so nothing to ask.
        let Some(existing) = &existing else {
            cx.err.info(format!(
                "There is no profile \"{name}\" in {}: nothing was removed.",
                storage.paths().config().display()
            ));
            return Ok(());
        };
        let store = existing.store_text();
        let question = format!(
            "Profile \"{name}\" is for store {}. Remove it and its Access Token?",
            crate::ui::printable(store.as_deref().unwrap_or("unknown"))
        );
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
        ui.info(format!(
            "There was no profile \"{name}\" in {config_path}: nothing was removed."
        ));
    }
    if removed.default_cleared {
        ui.info(format!(
            "Commands without --profile used it; they now use profile \"{DEFAULT_PROFILE}\"."
        ));
    }
    for note in &removed.notes {
        ui.info(note);
    }
    let mut failure = None;
    for (location, outcome) in removed.tokens {
        match outcome {
            Ok(true) => ui.success(format!("Deleted the Access Token from {location}.")),
            Ok(false) => ui.info(format!("No Access Token was in {location}.")),
            Err(err) => {
                ui.error(format!("Could not check {location}: {}", err.message()));
                failure.get_or_insert(err);
            }
        }
    }
    for (location, why) in &removed.kept {
        ui.info(format!(
            "The Access Token in {location} was left: {}.",
            why.why()
        ));
    }
    if let Some(profile) = &existing {
        // As with cargo logout: forgetting the token here does not revoke it.
        let client_id = profile.values.entry(&CLIENT_ID).map(Entry::text);
        let account = match (profile.values.account_name(), &client_id) {
            (Some(account), _) => format!("the account \"{}\"", crate::ui::printable(account)),
            (None, Some(id)) => format!("the account with Client ID {}", crate::ui::printable(id)),
            (None, None) => "the SynchUP account".to_owned(),
        };
        ui.warning(format!(
            "The API account still exists in BigCommerce, and its token still works: removing \
             it here does not revoke it. To revoke it, open the control panel: {}, and delete \
             {account}.",
            crate::bigcommerce::control_panel::API_ACCOUNTS_PAGE
        ));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::prompter::fake::{Answer, Scripted};
    use crate::context::{Environment, Target, Terminals};
    use crate::ui::Ui;

    const CONFIG: &str = "[profiles.default]\nstore_hash = \"abc1234\"\nsecret_store = \"file\"\n";

    fn context(dir: &std::path::Path, answer: Answer) -> (Context, crate::ui::Captured) {
        let env = Environment::default();
        let target = Target::resolve(Some(dir.join("config.toml")), None, &env).unwrap();
        let (out, _) = Ui::capture();
        let (err, said) = Ui::capture();
        let prompter = Scripted::new(vec![("Profile \"default\" is for store abc1234", answer)]);
        let cx = Context::with(
            env,
            target,
            (out, err),
            Terminals::default(),
            Some(Box::new(prompter)),
        );
        (cx, said)
    }

    #[test]
    fn the_confirmation_is_asked_through_the_prompter() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), CONFIG).unwrap();

        let (mut cx, said) = context(dir.path(), Answer::No);
        run(&mut cx, false).unwrap();
        assert!(
            said.text().contains("Nothing was removed."),
            "{}",
            said.text()
        );
        let kept = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
        assert_eq!(kept, CONFIG);

        let (mut cx, said) = context(dir.path(), Answer::Yes);
        run(&mut cx, false).unwrap();
        assert!(
            said.text().contains("Removed profile \"default\""),
            "{}",
            said.text()
        );
        let left = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
        assert!(!left.contains("[profiles.default]"), "{left}");
    }
}
