//! `check`: runs the health check ([`crate::doctor`]) and prints it. One line per check,
//! exit 0 only when healthy, otherwise the exit code of the first problem; `--json` gives
//! the same report to scripts. Offline by default; `--online` also asks BigCommerce.

use super::print_json;
use crate::bigcommerce::verify::{Client, Endpoints};
use crate::cli::OnlineArgs;
use crate::context::Context;
use crate::doctor::{self, Online, Report, Status};
use crate::error::{Error, Exit, Result};
use crate::ui::Ui;

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
    let verify = |hash: &_, token: &_, b2b| {
        let client = client.as_ref().expect("made when online");
        super::online::verify(client, hash, token, b2b, spinner, None)
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
    for item in &report.checks {
        let line = format!("{:<13} {}", item.check, item.message);
        match item.status {
            Status::Ok => out.success(line),
            Status::Warning => out.warning(line),
            Status::Problem => out.error(line),
            Status::NotCheckable => out.info(line),
        }
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
