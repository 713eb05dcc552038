//! `show`: a profile's values and where each comes from, the token masked: every field of
//! the table, in its order.

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::output::print_json;
use super::report::{self, SourceJson, look_up, source_warnings};
use crate::context::environment as env;
use crate::context::{Chosen, Context};
use crate::credentials::{Found, Source, TokenState};
use crate::error::Result;
use crate::profile::fields::{FIELDS, Kind, STORE, Value};
use crate::profile::values::Entry;
use crate::storage::config::Profile;
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
    updated_at: Option<String>,
    /// When BigCommerce last accepted the saved credentials; `null` when they have not
    /// been checked since they were saved.
    verified_at: Option<String>,
    /// The download directory, where the wizard looks for the credentials file.
    downloads: Option<std::path::PathBuf>,
    /// Each field but the token, under its key: one a variable can give as a
    /// [`ValueJson`], the others as saved (`null` when nothing is saved).
    #[serde(flatten)]
    values: Map<String, Json>,
    api_path: ValueJson,
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

/// A value as `show` displays it: as it is used, or as written when it cannot be.
fn shown(entry: &Entry) -> String {
    match entry {
        Entry::Usable { value, .. } => value.shown(),
        Entry::Unusable { written, .. } => written.clone(),
    }
}

fn value_json(found: &Found<Option<Entry>>, value: Option<String>) -> ValueJson {
    ValueJson {
        value,
        source: SourceJson::new(&found.source),
        overrides_saved: found.overrides_saved,
    }
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

    let mut values = Map::new();
    for found in &lookup.values {
        let field = found.field;
        let json = if !field.variables.is_empty() {
            serde_json::to_value(value_json(found, found.value.as_ref().map(shown)))
                .expect("plain data serialises")
        } else {
            match (saved, field.kind, &found.value) {
                (None, _, _) => Json::Null,
                (Some(_), Kind::YesNo, value) => Json::Bool(matches!(
                    value.as_ref().and_then(Entry::value),
                    Some(Value::YesNo(true))
                )),
                (Some(_), Kind::Text, Some(entry)) => Json::String(shown(entry)),
                (Some(_), Kind::Text, None) => Json::Null,
            }
        };
        values.insert(field.key.to_owned(), json);
    }
    // The saved API path is shown as saved; one from a variable is shown as it is used.
    let store = lookup.get(&STORE);
    let api_path = match (&store.source, store.value.as_ref().and_then(Entry::value)) {
        (Source::Config(_), _) => saved.and_then(Profile::api_path_text),
        (_, Some(Value::Store(hash))) => Some(hash.api_path()),
        _ => None,
    };
    let (state, token_shown, problem) = match &lookup.token.value {
        TokenState::Present(token) => ("present", Some(token.masked()), None),
        TokenState::Missing => ("missing", None, Some("missing from its store".to_owned())),
        TokenState::Unreadable(err) => ("unreadable", None, Some(err.message())),
        TokenState::Invalid(invalid) => ("invalid", None, Some(invalid.0.clone())),
    };
    let report = ShowJson {
        profile: profile.clone(),
        profile_chosen_by: chosen,
        config: config.path().to_owned(),
        config_chosen_by: cx.target.config_chosen(),
        saved: saved.is_some(),
        secret_store: saved.map(|p| p.secret_store.as_str()),
        updated_at: saved.and_then(|p| p.updated_at.clone()),
        verified_at: saved.and_then(|p| p.verified_at.clone()),
        downloads: crate::downloads::download_dir(),
        values,
        api_path: value_json(store, api_path),
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
    let mut rows = Vec::new();
    for field in FIELDS {
        if field.secret {
            let token = &lookup.token;
            rows.push((
                field.label,
                sourced(token_text.clone(), &token.source, token.overrides_saved),
            ));
            continue;
        }
        let found = lookup.get(field);
        let value = found.value.as_ref().map(shown);
        if !field.variables.is_empty() {
            rows.push((
                field.label,
                sourced(value, &found.source, found.overrides_saved),
            ));
        } else if saved.is_some() {
            match (field.kind, value) {
                (Kind::YesNo, value) => rows.push((
                    field.label,
                    if value.is_some() { "yes" } else { "no" }.to_owned(),
                )),
                (Kind::Text, Some(value)) => rows.push((field.label, printable(&value))),
                (Kind::Text, None) => {}
            }
        }
        if *field == STORE {
            let api_path = report.api_path.value.as_deref();
            rows.push(("API path", api_path.map_or_else(unset, printable)));
        }
    }
    if let Some(kind) = report.secret_store {
        rows.push(("Secret store", kind.to_owned()));
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
                crate::rerun::with_profile("check --online", &profile)
            ),
        };
        rows.push(("Checked online", checked));
    }
    // Where the files are, in the words the platform's users know them by.
    let config_chosen = match cx.target.config_chosen() {
        Chosen::Default => format!("the usual place: {}", crate::platform::CONFIG_DIR),
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
