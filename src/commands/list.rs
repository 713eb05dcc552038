//! `list` and `use`: the saved profiles, and which one commands use by default.

use serde::Serialize;

use super::output::print_json;
use crate::context::Context;
use crate::error::Result;
use crate::rerun::DEFAULT_PROFILE;

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
            store_hash: profile.store_text(),
            name: profile.name,
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
    let rows: Vec<[String; 4]> = entries
        .iter()
        .map(|entry| {
            [
                crate::ui::printable(&entry.name),
                entry
                    .store_hash
                    .as_deref()
                    .map_or("-".to_owned(), crate::ui::printable),
                entry.secret_store.to_owned(),
                entry
                    .updated_at
                    .as_deref()
                    .map(crate::time::describe)
                    .unwrap_or_default(),
            ]
        })
        .collect();
    const HEADINGS: [&str; 4] = ["PROFILE", "STORE HASH", "TOKEN IN", "UPDATED"];
    let widths: Vec<usize> = (0..4)
        .map(|column| {
            rows.iter()
                .map(|row| console::measure_text_width(&row[column]))
                .chain([HEADINGS[column].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    // "* " and two spaces between columns.
    let total = 2 + widths.iter().sum::<usize>() + 2 * 3;
    if out.width().is_none_or(|width| total <= width) {
        let line = |marker: &str, cells: [&str; 4]| {
            format!(
                "{marker} {:<w0$}  {:<w1$}  {:<w2$}  {}",
                cells[0],
                cells[1],
                cells[2],
                cells[3],
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2],
            )
        };
        out.line(out.dim(line(" ", HEADINGS)));
        for (entry, row) in entries.iter().zip(&rows) {
            let marker = if entry.default { "*" } else { " " };
            out.line(line(marker, [&row[0], &row[1], &row[2], &row[3]]));
        }
    } else {
        // Too narrow for the columns: one block per profile, "label: value" lines.
        for (entry, row) in entries.iter().zip(&rows) {
            out.blank();
            let marker = if entry.default { "*" } else { " " };
            out.line(format!("{marker} {}", out.bold(&row[0])));
            out.table(&[
                ("Store hash", row[1].clone()),
                ("Token in", row[2].clone()),
                ("Updated", row[3].clone()),
            ]);
        }
    }
    if out.width().is_some_and(|width| total > width) {
        out.blank();
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
