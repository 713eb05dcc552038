//! The commands. Each is thin: it gathers what the library needs from the [`Context`],
//! calls it, and reports.

mod check;
pub mod docs;
mod import;
mod list;
mod output;
mod remove;
mod report;
mod setup;
mod share;
mod show;
mod token;

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::wizard::steps;

/// Runs the command line's command.
pub fn run(cli: &Cli, cx: &mut Context) -> Result<()> {
    let json = cli.global.json;
    if json
        && !matches!(
            cli.command,
            Some(Command::Show | Command::Check { .. } | Command::List)
        )
    {
        return Err(Error::usage(
            "--json goes with show, check or list.",
            Some("For example: synchup-setup show --json".to_owned()),
        ));
    }
    match &cli.command {
        None => setup::run(cx, &cli.setup),
        Some(Command::Show) => show::run(cx, json),
        Some(Command::Check { online, options }) => check::run(cx, json, online.then_some(options)),
        Some(Command::Token { show }) => token::run(cx, *show),
        Some(Command::List) => list::run(cx, json),
        Some(Command::Use { profile }) => list::use_profile(cx, profile),
        Some(Command::Remove { yes }) => remove::run(cx, *yes),
        Some(Command::Steps { b2b }) => {
            steps::print(&mut cx.out, *b2b);
            Ok(())
        }
        Some(Command::Share(args)) => share::run(cx, args),
        Some(Command::Import(args)) => import::run(cx, args),
        Some(Command::Completions { shell }) => {
            output::print(&mut cx.out, &docs::completions(*shell))
        }
        Some(Command::Manpage { dir: None }) => {
            let pages = docs::man_pages().map_err(|err| Error::io("writing the man page", err))?;
            output::print(&mut cx.out, &pages[0].1)
        }
        Some(Command::Manpage { dir: Some(dir) }) => {
            let written = docs::write_man_pages(dir).map_err(|err| {
                Error::io(format!("writing the man pages to {}", dir.display()), err)
            })?;
            cx.err.success(format!(
                "{} man pages written to {}",
                written.len(),
                dir.display()
            ));
            Ok(())
        }
    }
}
