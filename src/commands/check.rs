//! `check`: runs the health check ([`crate::doctor`]) and prints it. One line per check,
//! exit 0 only when healthy, otherwise the exit code of the first problem; `--json` gives
//! the same report to scripts. Offline by default; `--online` also asks BigCommerce.

use super::output::print_json;
use crate::bigcommerce::client::{Client, Endpoints};
use crate::cli::OnlineArgs;
use crate::context::Context;
use crate::doctor::{self, Online, Report, Status};
use crate::error::{Error, Exit, Result};
use crate::profile::fields::FIELDS;
use crate::ui::{Mark, Ui};

pub fn run(cx: &mut Context, json: bool, online: Option<&OnlineArgs>) -> Result<()> {
    let storage = cx.storage(cx.can_prompt());
    // A bad override is a usage error before anything is checked.
    let client = match online {
        Some(options) => Some(Client::new(
            Endpoints::new(cx.env.api_base.clone(), cx.env.b2b_base.clone())?,
            options.timeout(),
        )),
        None => None,
    };
    let spinner = cx.terminals().stderr;
    let err = cx.err.clone();
    let verify = |hash: &_, token: &_, b2b| {
        let client = client.as_ref().expect("made when online");
        crate::wizard::online::verify(client, hash, token, b2b, spinner, (&err, false))
    };
    let online = online.map(|options| Online {
        verify: &verify,
        b2b: options.b2b(),
        overrides: client
            .as_ref()
            .map(|c| c.endpoints().overrides.clone())
            .unwrap_or_default(),
    });
    let report = doctor::examine(&storage, &cx.target, &cx.env, online);
    if json {
        print_json(&mut cx.out, &report)?;
    } else {
        print_text(&mut cx.out, &report);
    }
    match report.exit() {
        Exit::Success => Ok(()),
        exit => Err(Error::Unhealthy(exit)),
    }
}

fn print_text(out: &mut Ui, report: &Report) {
    match &report.profile {
        Some(profile) => out.title(format!("Checking profile \"{profile}\"")),
        None => out.title("Checking the SynchUP config"),
    }
    for endpoint in &report.endpoint_overrides {
        out.warning(format!("Asking {endpoint} instead of BigCommerce itself."));
    }
    let width = report
        .checks
        .iter()
        .map(|item| label(&item.check).len())
        .max()
        .unwrap_or(0);
    for item in &report.checks {
        let mark = match item.status {
            Status::Ok => Mark::Success,
            Status::Warning => Mark::Warning,
            Status::Problem => Mark::Error,
            Status::NotCheckable => Mark::Info,
        };
        out.item(mark, label(&item.check), width, &item.message);
        if let Some(fix) = item.fix.as_deref().filter(|fix| !fix.is_empty()) {
            out.hint(fix);
        }
    }
    let problems = report
        .checks
        .iter()
        .filter(|item| item.status == Status::Problem)
        .count();
    out.blank();
    if report.healthy {
        out.success("Healthy.");
    } else {
        let s = if problems == 1 { "" } else { "s" };
        out.error(format!("{problems} problem{s} found."));
    }
}

/// A check's name as `show` and the wizard name the same thing (a field's by its label in
/// the table); JSON keeps the plain ids.
fn label(check: &str) -> &str {
    if let Some(field) = FIELDS
        .iter()
        .find(|field| field.label.eq_ignore_ascii_case(check))
    {
        return field.label;
    }
    match check {
        "config" => "Config",
        "profile" => "Profile",
        "api path" => "API path",
        "permissions" => "Permissions",
        "environment" => "Environment",
        "secret store" => "Secret store",
        "bigcommerce" => "BigCommerce",
        "scope" => "Scope",
        "verified at" => "Checked online",
        other => other,
    }
}
