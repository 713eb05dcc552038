//! `list` and `use`: the saved profiles, and which one commands use by default.

use serde::Serialize;

use super::print_json;
use crate::context::{Context, DEFAULT_PROFILE};
use crate::error::Result;
use crate::ui::printable;

#[derive(Serialize)]
struct Entry {
    name: String,
    store_hash: Option<String>,
    secret_store: &'static str,
    updated_at: Option<String>,
    default: bool,
}

pub fn run(cx: &mut Context, json: bool) -> Result<()> {
    let config = cx.storage(false).load()?;
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
        return print_json(&mut cx.out, &entries);
    }
    if entries.is_empty() {
        cx.err.line(format!(
            "No profiles in {} yet: run synchup-setup to set one up.",
            config.path().display()
        ));
        return Ok(());
    }
    let out = &mut cx.out;
    let width = entries
        .iter()
        .map(|e| printable(&e.name).chars().count())
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
            printable(&entry.name),
            entry
                .store_hash
                .as_deref()
                .map_or_else(|| "-".into(), printable),
            entry.secret_store,
        ));
    }
    out.line(out.dim("* used when no --profile is given"));
    Ok(())
}

pub fn use_profile(cx: &mut Context, name: &str) -> Result<()> {
    let storage = cx.storage(false);
    storage.set_default_profile(name)?;
    cx.err.success(format!(
        "Commands without --profile now use profile \"{name}\"."
    ));
    Ok(())
}
