//! `show`: a saved profile's values, the token masked.

use super::Context;
use crate::credentials::unknown_profile;
use crate::error::Result;
use crate::ui::Ui;

pub fn run(context: &Context) -> Result<()> {
    let storage = context.storage(context.interactive);
    let config = storage.load()?;
    let Some(profile) = config.profile(&context.profile)? else {
        return Err(unknown_profile(&config, &context.profile));
    };
    let store = storage.store(profile.secret_store);
    let token = match store.read(&profile.name) {
        Ok(Some(token)) => format!("{} (in {})", token.masked(), store.describe(&profile.name)),
        Ok(None) => format!("missing from {}", store.describe(&profile.name)),
        Err(err) => format!("cannot be read: {}", err.message),
    };
    let or_unset = |value: &Option<String>| value.clone().unwrap_or_else(|| "(not set)".into());
    let mut rows = vec![
        ("Store hash", or_unset(&profile.store_hash)),
        ("API path", or_unset(&profile.api_path)),
        ("Client ID", or_unset(&profile.client_id)),
        ("Access Token", token),
    ];
    if let Some(name) = &profile.account_name {
        rows.push(("Account name", name.clone()));
    }
    rows.push((
        "Updated",
        profile
            .updated_at
            .as_deref()
            .map(crate::time::describe)
            .unwrap_or_else(|| "(unknown)".into()),
    ));
    rows.push(("Config", config.path().display().to_string()));
    let mut out = Ui::stdout();
    out.title(format!("Profile \"{}\"", profile.name));
    out.table(&rows);
    Ok(())
}
