//! `list` and `use`: the saved profiles, and which one commands use by default.

use serde::Serialize;

use super::{Context, print_json};
use crate::credentials::DEFAULT_PROFILE;
use crate::error::Result;
use crate::ui::Ui;

#[derive(Serialize)]
struct Entry {
    name: String,
    store_hash: Option<String>,
    secret_store: &'static str,
    updated_at: Option<String>,
    default: bool,
}

pub fn run(context: &Context, json: bool, ui: &mut Ui) -> Result<()> {
    let config = context.storage(false).load()?;
    let default = config
        .default_profile()?
        .unwrap_or_else(|| DEFAULT_PROFILE.to_owned());
    let entries: Vec<Entry> = config
        .profiles()?
        .into_iter()
        .map(|profile| Entry {
            default: profile.name == default,
            name: profile.name,
            store_hash: profile.store_hash,
            secret_store: profile.secret_store.as_str(),
            updated_at: profile.updated_at,
        })
        .collect();
    if json {
        return print_json(&entries);
    }
    if entries.is_empty() {
        ui.line(format!(
            "No profiles in {} yet: run synchup-setup to set one up.",
            config.path().display()
        ));
        return Ok(());
    }
    let mut out = Ui::stdout();
    let width = entries
        .iter()
        .map(|e| e.name.len())
        .max()
        .unwrap_or(0)
        .max(7);
    out.line(out.dim(format!(
        "  {:<width$}  {:<16}  {:<8}  {}",
        "PROFILE", "STORE HASH", "TOKEN IN", "UPDATED"
    )));
    for entry in &entries {
        let marker = if entry.default { "*" } else { " " };
        let updated = entry
            .updated_at
            .as_deref()
            .map(crate::time::describe)
            .unwrap_or_default();
        out.line(format!(
            "{marker} {:<width$}  {:<16}  {:<8}  {updated}",
            entry.name,
            entry.store_hash.as_deref().unwrap_or("-"),
            entry.secret_store,
        ));
    }
    out.line(out.dim("* used when no --profile is given"));
    Ok(())
}

pub fn use_profile(context: &Context, name: &str, ui: &mut Ui) -> Result<()> {
    let storage = context.storage(false);
    storage.set_default_profile(name)?;
    ui.success(format!(
        "Commands without --profile now use profile \"{name}\"."
    ));
    Ok(())
}
