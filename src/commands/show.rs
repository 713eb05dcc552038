//! `show`: a profile's values and where each comes from, the token masked.

use serde::Serialize;

use super::print_json;
use super::report::{self, SourceJson, look_up, source_warnings};
use crate::bigcommerce::api_path::StoreHash;
use crate::context::environment as env;
use crate::context::{Chosen, Context};
use crate::credentials::{Found, Source, TokenState};
use crate::error::Result;
use crate::ui::printable;

#[derive(Serialize)]
struct ShowJson {
    profile: String,
    profile_chosen_by: Chosen,
    config: std::path::PathBuf,
    config_chosen_by: Chosen,
    /// Whether the profile is saved in the config (all values may come from variables).
    saved: bool,
    secret_store: Option<&'static str>,
    account_name: Option<String>,
    /// The store uses B2B Edition (`null` when nothing is saved).
    b2b_edition: Option<bool>,
    updated_at: Option<String>,
    /// When BigCommerce last accepted the saved credentials; `null` when they have not
    /// been checked since they were saved.
    verified_at: Option<String>,
    /// The download directory, where the wizard looks for the credentials file.
    downloads: Option<std::path::PathBuf>,
    store_hash: ValueJson,
    api_path: ValueJson,
    client_id: ValueJson,
    access_token: TokenJson,
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct ValueJson {
    value: Option<String>,
    source: SourceJson,
    overrides_saved: bool,
}

#[derive(Serialize)]
struct TokenJson {
    /// Masked: `****` and the last 4 characters.
    value: Option<String>,
    /// `present`, `missing`, `unreadable` or `invalid`.
    state: &'static str,
    source: SourceJson,
    overrides_saved: bool,
    problem: Option<String>,
}

pub fn run(cx: &mut Context, json: bool) -> Result<()> {
    let storage = cx.storage(cx.can_prompt());
    let report::LookedUp {
        config,
        chosen,
        lookup,
    } = look_up(cx, &storage)?;
    let profile = lookup.profile.clone();
    let saved = lookup.saved.as_ref();

    let value = |found: &Found<Option<String>>, shown: Option<String>| ValueJson {
        value: shown,
        source: SourceJson::new(&found.source),
        overrides_saved: found.overrides_saved,
    };
    let hash = lookup
        .store
        .value
        .as_deref()
        .and_then(|raw| StoreHash::parse(raw).ok())
        .map(|checked| checked.value);
    // The saved API path is shown as saved; one from a variable is shown as it is used.
    let api_path = match lookup.store.source {
        Source::Config(_) => saved.and_then(|p| p.api_path.clone()),
        _ => hash.as_ref().map(StoreHash::api_path),
    };
    let store_shown = hash
        .as_ref()
        .map(ToString::to_string)
        .or_else(|| lookup.store.value.clone());
    let (state, token_shown, problem) = match &lookup.token.value {
        TokenState::Present(token) => ("present", Some(token.masked()), None),
        TokenState::Missing => ("missing", None, Some("missing from its store".to_owned())),
        TokenState::Unreadable(err) => ("unreadable", None, Some(err.message.clone())),
        TokenState::Invalid(invalid) => ("invalid", None, Some(invalid.0.clone())),
    };
    let report = ShowJson {
        profile: profile.clone(),
        profile_chosen_by: chosen,
        config: config.path().to_owned(),
        config_chosen_by: cx.target.config_chosen(),
        saved: saved.is_some(),
        secret_store: saved.map(|p| p.secret_store.as_str()),
        account_name: saved.and_then(|p| p.account_name.clone()),
        b2b_edition: saved.map(|p| p.b2b_edition),
        updated_at: saved.and_then(|p| p.updated_at.clone()),
        verified_at: saved.and_then(|p| p.verified_at.clone()),
        downloads: crate::downloads::download_dir(),
        store_hash: value(&lookup.store, store_shown),
        api_path: value(&lookup.store, api_path),
        client_id: value(&lookup.client_id, lookup.client_id.value.clone()),
        access_token: TokenJson {
            value: token_shown,
            state,
            source: SourceJson::new(&lookup.token.source),
            overrides_saved: lookup.token.overrides_saved,
            problem,
        },
        warnings: source_warnings(&lookup).iter().map(|a| a.text()).collect(),
    };
    for warning in &report.warnings {
        cx.err.warning(warning);
    }
    if json {
        return print_json(&mut cx.out, &report);
    }

    let out = &mut cx.out;
    let from = |source: &Source, overrides: bool| {
        let note = if overrides {
            ", overrides the saved value"
        } else {
            ""
        };
        out.dim(format!("({}{note})", source.short()))
    };
    let unset = || "(not set)".to_owned();
    let sourced = |value: Option<String>, source: &Source, overrides: bool| {
        format!(
            "{}  {}",
            value.as_deref().map_or_else(unset, printable),
            from(source, overrides)
        )
    };
    let token_text = match (&report.access_token.value, &report.access_token.problem) {
        (Some(masked), _) => Some(masked.clone()),
        (None, Some(problem)) => Some(format!("{} ({problem})", report.access_token.state)),
        (None, None) => None,
    };
    let (store, id, token) = (&lookup.store, &lookup.client_id, &lookup.token);
    let mut rows = vec![
        (
            "Store hash",
            sourced(
                report.store_hash.value.clone(),
                &store.source,
                store.overrides_saved,
            ),
        ),
        (
            "API path",
            report
                .api_path
                .value
                .as_deref()
                .map_or_else(unset, printable),
        ),
        (
            "Client ID",
            sourced(
                report.client_id.value.clone(),
                &id.source,
                id.overrides_saved,
            ),
        ),
        (
            "Access Token",
            sourced(token_text, &token.source, token.overrides_saved),
        ),
    ];
    if let Some(name) = &report.account_name {
        rows.push(("Account name", printable(name)));
    }
    if let Some(kind) = report.secret_store {
        rows.push(("Secret store", kind.to_owned()));
    }
    if let Some(b2b) = report.b2b_edition {
        rows.push(("B2B Edition", if b2b { "yes" } else { "no" }.to_owned()));
    }
    rows.push((
        "Updated",
        report
            .updated_at
            .as_deref()
            .map(|at| crate::time::describe(&crate::ui::printable(at)))
            .unwrap_or_else(|| "(not saved)".into()),
    ));
    if report.saved {
        let checked = match report.verified_at.as_deref() {
            Some(at) => format!(
                "accepted by BigCommerce {}",
                crate::time::describe(&crate::ui::printable(at))
            ),
            None => format!(
                "not since the last update ({} checks now)",
                crate::context::setup_command(&profile).replacen(
                    "synchup-setup",
                    "synchup-setup check --online",
                    1
                )
            ),
        };
        rows.push(("Checked online", checked));
    }
    // Where the files are, in the words the platform's users know them by.
    let config_chosen = match cx.target.config_chosen() {
        Chosen::Default => format!("built-in default: {}", crate::platform::CONFIG_DIR),
        other => other.describe("--config", env::CONFIG),
    };
    rows.push((
        "Config",
        format!(
            "{}  {}",
            printable(&report.config.display().to_string()),
            out.dim(format!("({config_chosen})"))
        ),
    ));
    if let Some(dir) = &report.downloads {
        rows.push((
            "Downloads",
            format!(
                "{}  {}",
                printable(&dir.display().to_string()),
                out.dim(format!(
                    "({}, where the wizard looks for the credentials file)",
                    crate::platform::DOWNLOADS
                ))
            ),
        ));
    }
    let title = format!(
        "Profile \"{profile}\"  {}",
        out.dim(format!("({})", chosen.describe("--profile", env::PROFILE)))
    );
    out.title(title);
    out.table(&rows);
    Ok(())
}
