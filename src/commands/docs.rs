//! What packages install beside the binary, made from the same definitions as `--help`: the
//! shell completions and the man pages (`synchup-setup completions`, `synchup-setup
//! manpage`). The files in `assets/` are these, and a test keeps them equal.

use std::io::{self, Write as _};
use std::path::PathBuf;

use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::cli::Cli;
use crate::context::environment;
use crate::error::Exit;
use crate::storage::Paths;

/// The program's name, as the shells and `man` know it.
pub const BIN: &str = "synchup-setup";

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut out);
    match shell {
        Shell::Bash => fix_bash_dispatch(&out),
        Shell::Fish => add_fish_positional_values(fix_fish_pending_value(&out)),
        _ => out,
    }
}

/// clap_complete's fish script decides whether a command has been typed yet by parsing the
/// words so far; an option still waiting for its value (`--secret-store <Tab>`) fails that
/// parse, and then nothing at the top level completes, the option's values included. The
/// parse is tried again without that last word.
fn fix_fish_pending_value(script: &[u8]) -> Vec<u8> {
    let script = String::from_utf8_lossy(script);
    let optspecs = format!("__fish_{}_global_optspecs", BIN.replace('-', "_"));
    let parse = format!("argparse -s ({optspecs}) -- $cmd 2>/dev/null\n    or return\n");
    let retry = format!(
        "argparse -s ({optspecs}) -- $cmd 2>/dev/null\n    \
         or argparse -s ({optspecs}) -- $cmd[1..-2] 2>/dev/null\n    or return\n"
    );
    script.replacen(&parse, &retry, 1).into_bytes()
}

/// clap_complete's fish script completes no positional argument's values
/// (clap-rs/clap#6295): `synchup-setup completions <Tab>` would offer files. One line per
/// command's positional argument with a fixed set of values adds them, through the
/// script's own test for which command is being typed.
fn add_fish_positional_values(mut script: Vec<u8>) -> Vec<u8> {
    let using = format!("__fish_{}_using_subcommand", BIN.replace('-', "_"));
    let mut cmd = Cli::command();
    cmd.build();
    for sub in cmd.get_subcommands() {
        for arg in sub.get_positionals().filter(|arg| !arg.is_hide_set()) {
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|value| !value.is_hide_set())
                .map(|value| value.get_name().to_owned())
                .collect();
            if !values.is_empty() {
                let line = format!(
                    "complete -c {BIN} -n \"{using} {}\" -f -a \"{}\"\n",
                    sub.get_name(),
                    values.join(" ")
                );
                script.extend_from_slice(line.as_bytes());
            }
        }
    }
    script
}

/// clap_complete's bash script walks the words typed into a state named
/// `synchup__setup__subcmd__show`, but names the state's case arm
/// `synchup__subcmd__setup__subcmd__show`: with a hyphen in the program's name, no arm
/// matches and nothing completes after a subcommand (clap-rs/clap#6421). The arms are
/// renamed to what the walk computes; once clap_complete is fixed this changes nothing.
fn fix_bash_dispatch(script: &[u8]) -> Vec<u8> {
    let script = String::from_utf8_lossy(script);
    let walked = BIN.replace('-', "__");
    let misnamed = BIN.replace('-', "__subcmd__");
    script.replace(&misnamed, &walked).into_bytes()
}

/// The command the man pages describe: the built-in `help` subcommand gets no page, as
/// `--help` does the same.
fn documented() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// Every man page, as (file name, roff): `synchup-setup.1` first, then
/// `synchup-setup-COMMAND.1` for each command, the pages the main page names.
pub fn man_pages() -> io::Result<Vec<(String, Vec<u8>)>> {
    let cmd = documented();
    let mut pages = vec![(format!("{BIN}.1"), main_page(&cmd)?)];
    for sub in cmd.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        // The footer names the program and its version, as on the main page.
        let source = format!("{BIN} {}", cmd.get_version().unwrap_or_default());
        let man = Man::new(sub.clone()).source(source);
        pages.push((man.get_filename(), command_page(&man, sub)?));
    }
    Ok(pages)
}

/// `synchup-setup(1)`: the options, the commands (each with its own page), and the
/// sections a man page reader looks for: EXIT STATUS, ENVIRONMENT and FILES, made from the
/// program's own tables.
fn main_page(cmd: &clap::Command) -> io::Result<Vec<u8>> {
    let man = Man::new(cmd.clone());
    let mut out = head(&man)?;
    man.render_subcommands_section(&mut out)?;

    let mut roff = Roff::default();
    notes(&mut roff, cmd);
    exit_status(&mut roff);
    environment(&mut roff);
    files(&mut roff);
    see_also(&mut roff, &["age(1)", "age-keygen(1)", "secret-tool(1)"]);
    roff.to_writer(&mut out)?;
    man.render_version_section(&mut out)?;
    Ok(out)
}

/// `synchup-setup-COMMAND(1)`.
fn command_page(man: &Man, cmd: &clap::Command) -> io::Result<Vec<u8>> {
    let mut out = head(man)?;
    let mut roff = Roff::default();
    notes(&mut roff, cmd);
    roff.control("SH", ["EXIT STATUS"]);
    roff.text([
        roman("As for every command: see "),
        bold(BIN),
        roman("(1), where ENVIRONMENT and FILES are described too."),
    ]);
    see_also(&mut roff, &[&format!("{BIN}(1)")]);
    roff.to_writer(&mut out)?;
    Ok(out)
}

/// What every page starts with, as clap_mangen renders it: the title, NAME, SYNOPSIS,
/// DESCRIPTION and OPTIONS.
fn head(man: &Man) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    Ok(out)
}

/// The text `--help` shows after the options, one paragraph per block of lines.
fn notes(roff: &mut Roff, cmd: &clap::Command) {
    let Some(text) = cmd.get_after_long_help().or_else(|| cmd.get_after_help()) else {
        return;
    };
    let text = text.to_string();
    // The summaries of the variables and exit codes have sections of their own here.
    let blocks = text
        .split("\n\n")
        .filter(|block| !block.starts_with("Environment:") && !block.starts_with("Exit codes:"));
    roff.control("SH", ["NOTES"]);
    for (i, block) in blocks.enumerate() {
        if i > 0 {
            roff.control("PP", []);
        }
        // Examples are indented in --help: kept as they are, line by line.
        roff.control("nf", []);
        for line in block.lines() {
            roff.text([roman(line)]);
        }
        roff.control("fi", []);
    }
}

/// One `.TP` entry per code, from [`Exit::ALL`].
fn exit_status(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS"]);
    for exit in Exit::ALL {
        roff.control("TP", []);
        roff.text([bold((exit as u8).to_string())]);
        roff.text([roman(exit.meaning().replace('`', ""))]);
    }
}

/// One entry per variable the program reads, from [`environment::documented`], and those
/// it honours through its libraries.
fn environment(roff: &mut Roff) {
    roff.control("SH", ["ENVIRONMENT"]);
    roff.text([roman(
        "An empty variable counts as unset. A flag wins over its variable, and a variable \
         over the saved value.",
    )]);
    let output = [
        ("NO_COLOR", "Set to anything: no colours."),
        (
            "CLICOLOR",
            "0: no colours. CLICOLOR_FORCE=1 turns them on off a terminal.",
        ),
    ];
    let output = output.map(|(name, what)| (name, what.to_owned()));
    for (name, what) in environment::documented().into_iter().chain(output) {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(what)]);
    }
}

/// Where the config and the file store are, by platform; the names beside the config are
/// those [`Paths`] gives.
fn files(roff: &mut Roff) {
    let paths = Paths::new(PathBuf::from("/synchup/config.toml"));
    let name = |path: &std::path::Path| {
        path.file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let config = name(paths.config());
    let credentials = name(&paths.credentials());
    let entries = [
        (
            format!("$XDG_CONFIG_HOME/synchup/{config}"),
            format!(
                "The config on Linux (~/.config/synchup/{config} when XDG_CONFIG_HOME is \
                 unset), unless --config or SYNCHUP_CONFIG names another: one \
                 [profiles.NAME] table per store. It never holds the Access Token."
            ),
        ),
        (
            format!("~/Library/Application Support/com.SynchUP.synchup/{config}"),
            "The config on macOS.".to_owned(),
        ),
        (
            format!("%APPDATA%\\SynchUP\\synchup\\config\\{config}"),
            "The config on Windows.".to_owned(),
        ),
        (
            credentials.clone(),
            format!(
                "Beside the config: the Access Tokens of profiles saved with --secret-store \
                 file, mode 0600. Otherwise the token is in the OS keychain (the Secret Service \
                 on Linux, the macOS Keychain, the Windows Credential Manager), service \
                 synchup-bigcommerce. {BIN} remove deletes a profile's token from either."
            ),
        ),
        (
            format!("{}, {credentials}.store-lock", name(&paths.lock())),
            "Beside the config: locks that keep two runs from interleaving.".to_owned(),
        ),
    ];
    roff.control("SH", ["FILES"]);
    for (path, what) in entries {
        roff.control("TP", []);
        roff.text([italic(path)]);
        roff.text([roman(what)]);
    }
}

fn see_also(roff: &mut Roff, pages: &[&str]) {
    roff.control("SH", ["SEE ALSO"]);
    roff.text([roman(pages.join(", "))]);
}

/// Writes every page into `dir` (created if missing), for packagers; returns the paths.
pub fn write_man_pages(dir: &std::path::Path) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, page) in man_pages()? {
        let path = dir.join(name);
        let mut file = std::fs::File::create(&path)?;
        file.write_all(&page)?;
        file.flush()?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bash_script_dispatches_on_the_names_it_computes() {
        let script = String::from_utf8(completions(Shell::Bash)).unwrap();
        assert!(script.contains("cmd=\"synchup__setup__subcmd__show\""));
        assert!(script.contains("        synchup__setup__subcmd__show)"));
        assert!(
            !script.contains("__subcmd__setup"),
            "a misnamed arm is left"
        );
    }
}
