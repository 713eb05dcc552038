//! What the wizard says around the questions: the greeting, the plan before saving, the
//! result of the check with BigCommerce, and where everything went after saving.

use crate::bigcommerce::control_panel;
use crate::bigcommerce::values::AccessToken;
use crate::bigcommerce::verify::{Auth, ScopeState, Verification};
use crate::profile::fields::{FIELDS, STORE, Value};
use crate::rerun::{setup_command, with_profile};
use crate::storage::Saved;
use crate::storage::config::Profile;
use crate::storage::secrets::SecretStoreKind;
use crate::ui::{Mark, Ui};

use super::plan::{OldAccount, Plan};

/// What SynchUP needs and where it comes from.
pub fn greet(ui: &mut Ui) {
    ui.title("Connect a BigCommerce store to SynchUP");
    ui.line(
        "SynchUP needs three values from your store: the Client ID, the Access Token and the \
         Store Hash. They come from a store-level API account that you create in the \
         BigCommerce control panel, as the store owner or with the \"Create store-level API \
         accounts\" permission.",
    );
    ui.blank();
}

/// For whoever received the values in a bundle (`import`): nothing to create in the
/// control panel, only to save what arrived.
pub fn greet_receiver(ui: &mut Ui) {
    ui.title("Save the credentials you received");
    ui.line(
        "The bundle holds the Client ID, the Access Token and the Store Hash of the store's \
         API account, as the store admin saved them. They are saved here, for the SynchUP \
         connector on this machine; nothing needs doing in the BigCommerce control panel.",
    );
    ui.blank();
}

/// The profile being updated: its store and when it was saved.
pub fn existing(ui: &mut Ui, existing: &Profile) {
    let store = existing.store_text();
    let store = store.as_deref().unwrap_or("(no store hash)");
    let updated = existing
        .updated_at
        .as_deref()
        .map(crate::time::describe)
        .unwrap_or_else(|| "at an unknown time".into());
    let store = ui.bold(crate::ui::printable(store));
    ui.line(format!(
        "Profile \"{}\" is already set up for store {store}, last updated {updated}.",
        existing.name,
    ));
}

/// The values about to be saved, the token masked; `kept` is the saved token that stays,
/// when it was read. When `before` (the profile being updated) is given, what changes is
/// marked "(new)", as the token is.
pub fn plan(ui: &mut Ui, plan: &Plan, before: Option<&Profile>, kept: Option<&AccessToken>) {
    let updating = before.is_some();
    let profile = &plan.profile;
    let token = match (&plan.token, kept) {
        (Some(token), _) => format!("{} (new)", token.masked()),
        (None, Some(kept)) => format!("{} (kept)", kept.masked()),
        (None, None) => "the saved token (kept)".to_owned(),
    };
    let mut rows = Vec::new();
    for field in FIELDS {
        if field.secret {
            rows.push((field.label, token.clone()));
            continue;
        }
        match profile.values.get(field) {
            // No to a yes-or-no question goes without saying.
            Some(Value::YesNo(false)) | None => {}
            Some(value) => {
                let shown = crate::ui::printable(&value.shown());
                let changed = before.is_some_and(|before| before.values.get(field) != Some(value));
                rows.push((
                    field.label,
                    match changed {
                        true => format!("{shown} (new)"),
                        false => shown,
                    },
                ));
            }
        }
        if *field == STORE {
            rows.push(("API path", profile.api_path_text().unwrap_or_default()));
        }
    }
    rows.push(("Token kept in", profile.secret_store.title().to_owned()));
    rows.push(("Checked online", plan.checked.describe()));
    ui.blank();
    let verb = if updating { "update" } else { "save" };
    ui.title(format!("Ready to {verb} profile \"{}\":", profile.name));
    ui.table(&rows);
}

/// The online check's result, as the admin reads it: the verdict, then one line per
/// scope, and, with `explain`, what missing scopes mean (a script's error says it instead).
pub fn verification(ui: &mut Ui, verification: &Verification, explain: bool) {
    ui.blank();
    match &verification.auth {
        Auth::Accepted => ui.success("BigCommerce accepts the Access Token for this store."),
        Auth::Rejected(rejection) => {
            ui.error(&rejection.message);
            ui.hint(&rejection.fix);
            return;
        }
        Auth::Unreachable(unreachable) => {
            ui.error(&unreachable.message);
            ui.hint(&unreachable.fix);
            return;
        }
    }
    let width = verification
        .scopes
        .iter()
        .chain(&verification.b2b)
        .map(|c| c.scope.name.len())
        .max()
        .unwrap_or(0);
    for check in verification.scopes.iter().chain(&verification.b2b) {
        let name = check.scope.name;
        let state = check.describe();
        match &check.state {
            ScopeState::Present => ui.item(Mark::Success, name, width, state),
            ScopeState::Missing => ui.item(
                Mark::Error,
                name,
                width,
                format!("missing: needs {}", check.scope.level),
            ),
            ScopeState::NotCheckable(_) => ui.item(Mark::Info, name, width, state),
            ScopeState::Inconclusive(_) => ui.item(Mark::Warning, name, width, state),
        }
    }
    if explain && verification.missing().next().is_some() {
        ui.error(control_panel::lacking(verification.missing()));
        ui.hint(control_panel::new_account_fix());
    }
    ui.info(
        "A read-only check cannot tell \"modify\" from \"read-only\": make sure the levels match \
         the list (synchup-setup steps).",
    );
}

/// The API accounts the saved values replace, to delete in the control panel.
pub fn replaced(ui: &mut Ui, replaced: &[OldAccount]) {
    for old in replaced {
        ui.warning(control_panel::delete_old_account(
            old.name.as_deref().map(crate::ui::printable).as_deref(),
            &old.client_id,
        ));
        if let Some(file) = &old.file {
            ui.line(format!(
                "  Its credentials file still holds that token: delete {} too.",
                crate::ui::printable(&file.display().to_string())
            ));
        }
    }
}

/// Where everything went, and what comes next. With `-q`, only what needs attention.
pub fn saved(ui: &mut Ui, saved: &Saved, config: &std::path::Path) {
    let profile = &saved.profile;
    if !ui.is_quiet() {
        let store = profile.store_text().unwrap_or_default();
        ui.blank();
        ui.success(format!(
            "Saved profile \"{}\" for store {store}.",
            profile.name
        ));
        // The keychain's service and account, and the config's table, are for -v (and
        // `show`): the admin needs to know where, not the store's coordinates.
        let verbose = ui.is_verbose();
        let location = match verbose {
            true => saved.token_location.long.clone(),
            false => saved.token_location.short.clone(),
        };
        let token = if saved.token_written {
            format!("  Access Token → {location}")
        } else {
            format!("  Access Token: kept, in {location}")
        };
        ui.line(token);
        let table = match verbose {
            true => format!(" [profiles.{}]", profile.name),
            false => String::new(),
        };
        ui.line(format!(
            "  Store hash, Client ID and API path → {}{table}",
            crate::ui::file_name(&config.display().to_string()),
        ));
    }
    for note in &saved.notes {
        ui.info(note);
    }
    if let Some((from, deleted)) = &saved.moved_from {
        match deleted {
            Ok(true) => ui.info(format!("The old copy in {from} was deleted.")),
            Ok(false) => {}
            Err(err) => ui.warning(format!(
                "The old copy in {from} could not be deleted ({err}); delete it there by hand."
            )),
        }
    }
    if profile.secret_store == SecretStoreKind::FILE {
        ui.warning(
            "The token is in a plain file, created readable only by you. Prefer the OS \
             keychain where there is one: run again with --secret-store keychain.",
        );
    }
}

/// What comes after `import`: how the connector reads what was saved, how to check it,
/// and that the bundle is no longer needed.
pub fn next_steps_received(ui: &mut Ui, profile: &str) {
    if ui.is_quiet() {
        return;
    }
    ui.blank();
    ui.title("Next:");
    ui.line(format!(
        "  - The SynchUP connector on this machine reads profile \"{}\" from here; in a \
         script, {} prints the Access Token.",
        crate::ui::printable(profile),
        with_profile("token", profile)
    ));
    ui.line(format!(
        "  - {} asks BigCommerce whether the values work; {} lists them.",
        with_profile("check --online", profile),
        with_profile("show", profile)
    ));
    ui.line("  - The bundle is no longer needed: delete it, and the e-mail or ticket it came in.");
}

/// What happens after the values are saved, in the two ways the SynchUP help article
/// names: the admin enters them in SynchUP, or hands them to an integration specialist.
/// (A connector running on this machine reads them from here without either.)
pub fn next_steps(ui: &mut Ui, profile: &str) {
    let with = |command: &str| with_profile(command, profile);
    if ui.is_quiet() {
        return;
    }
    ui.blank();
    ui.title("Next:");
    ui.line(format!(
        "  - To enter the values in SynchUP yourself: {} lists them, and {} prints the \
         Access Token.",
        with("show"),
        with("token --show")
    ));
    ui.line(format!(
        "  - If an integration specialist completes the setup: {} encrypts the values for \
         them, to their public key (--to) or with a passphrase (--passphrase).",
        with("share")
    ));
    ui.line(format!(
        "  - A SynchUP connector on this machine reads them from here; run {} again to \
         change them.",
        setup_command(profile)
    ));
}
