//! The files that the release archives and the Debian package ship beside the binary (the
//! man page and the shell completions in `assets/`) are exactly what the binary prints.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::*;

const REGENERATE: &str = "run scripts/package assets and commit the result";

fn assert_shipped(file: &str, args: &[&str]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(file);
    let shipped = std::fs::read(&path)
        .unwrap_or_else(|err| panic!("{} is missing ({err}): {REGENERATE}", path.display()));
    let output = Sandbox::new().run(args).success().output;
    assert!(
        !output.stdout.is_empty(),
        "synchup-setup {args:?} printed nothing"
    );
    assert!(
        shipped == output.stdout,
        "assets/{file} differs from what `synchup-setup {}` prints: {REGENERATE}",
        args.join(" ")
    );
}

fn the_shipped_man_page_is_the_binarys() {
    assert_shipped("man/man1/synchup-setup.1", &["manpage"]);
}

fn shipped_man_pages() -> BTreeMap<String, Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/man/man1");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

/// `manpage --dir` writes the main page and one per command: exactly the pages in
/// `assets/man/man1`, byte for byte.
fn the_shipped_man_pages_are_the_binarys() {
    let sandbox = Sandbox::new();
    let dir = sandbox.path().join("man1");
    sandbox.run(["manpage", "--dir"]).args([&dir]).success();
    let printed: BTreeMap<String, Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    let shipped = shipped_man_pages();
    assert_eq!(
        printed.keys().collect::<Vec<_>>(),
        shipped.keys().collect::<Vec<_>>(),
        "{REGENERATE}"
    );
    for (name, page) in &printed {
        assert!(
            &shipped[name] == page,
            "assets/man/man1/{name} differs: {REGENERATE}"
        );
    }
}

/// Every page the main page points to (`synchup-setup-show(1)`, ...) is shipped, and every
/// command has one.
fn every_page_the_main_page_names_is_shipped() {
    let shipped = shipped_man_pages();
    let main = String::from_utf8(shipped["synchup-setup.1"].clone()).unwrap();
    // roff escapes the hyphens: synchup\-setup\-show(1).
    let main = main.replace("\\-", "-");
    let named: BTreeSet<String> = main
        .match_indices("synchup-setup-")
        .filter_map(|(at, _)| {
            let rest = &main[at..];
            let end = rest.find("(1)")?;
            let name = &rest[..end];
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
                .then(|| format!("{name}.1"))
        })
        .collect();
    let commands = [
        "show", "check", "token", "list", "use", "remove", "steps", "share",
    ];
    for command in commands.iter().chain(&["import", "completions", "manpage"]) {
        let page = format!("synchup-setup-{command}.1");
        assert!(named.contains(&page), "the main page does not name {page}");
    }
    for page in &named {
        assert!(
            shipped.contains_key(page),
            "the main page names {page}, which is not shipped"
        );
    }
    // The sections a man page reader looks for, made from the program's own tables.
    for section in ["EXIT STATUS", "ENVIRONMENT", "FILES"] {
        assert!(
            main.contains(&format!(".SH \"{section}\""))
                || main.contains(&format!(".SH {section}\n")),
            "no {section}"
        );
    }
    for code in synchup_setup::Exit::ALL {
        assert!(
            main.contains(&format!("\\fB{}\\fR", code as u8)),
            "exit code {}",
            code as u8
        );
    }
    for (name, _) in synchup_setup::context::environment::documented() {
        assert!(main.contains(name), "{name}");
    }
}

/// The README's exit-code table is the program's: the same codes, the same meanings.
fn the_readme_lists_the_exit_codes_the_program_has() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let table: Vec<&str> = readme
        .split("## Exit codes")
        .nth(1)
        .expect("README has an Exit codes section")
        .lines()
        .skip_while(|line| !line.starts_with("| Code"))
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .collect();
    let expected: Vec<String> = synchup_setup::Exit::ALL
        .iter()
        .map(|exit| format!("| {} | {} |", *exit as u8, exit.meaning()))
        .collect();
    assert_eq!(table, expected);
}

/// The README speaks first to store admins: its first section is theirs (install, type
/// `synchup-setup`, what to have ready, what to send the specialist), in the words the
/// wizard uses; the developers' two commands have a section of their own below it.
fn the_readme_opens_for_store_admins() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let sections: Vec<&str> = readme.split("\n## ").skip(1).collect();
    let admins = sections[0];
    assert!(admins.starts_with("For store admins\n"), "{admins}");
    for needed in [
        "**1. Install it.**",
        "**2. Have ready:**",
        "**3. Type `synchup-setup`**",
        "**Send the specialist that bundle**",
        "synchup-<store hash>.age",
    ] {
        assert!(admins.contains(needed), "{needed}");
    }
    // The same install command as the Install section's, and the wizard's own choices.
    let install = sections
        .iter()
        .find(|s| s.starts_with("Install\n"))
        .unwrap();
    let script = install
        .lines()
        .find(|line| line.starts_with("curl ") && line.contains("installer.sh"))
        .unwrap();
    assert!(admins.contains(script));
    for route in synchup_setup::wizard::handover::ROUTES {
        assert!(admins.contains(&format!("*{route}*")), "{route}");
    }
    let developers = sections
        .iter()
        .position(|s| s.starts_with("For developers\n"))
        .expect("a section for developers");
    assert!(developers > 0);
    assert!(sections[developers].contains(
        "cargo run --release   # set up or update the connection (the wizard)\n\
         scripts/test          # run all the tests\n"
    ));
}

fn the_shipped_completions_are_the_binarys() {
    for (shell, file) in [
        ("bash", "synchup-setup.bash"),
        ("zsh", "_synchup-setup"),
        ("fish", "synchup-setup.fish"),
        ("powershell", "synchup-setup.ps1"),
    ] {
        assert_shipped(&format!("completions/{file}"), &["completions", shell]);
    }
}

crate::harness::tests! {
    the_shipped_man_page_is_the_binarys,
    the_shipped_man_pages_are_the_binarys,
    every_page_the_main_page_names_is_shipped,
    the_readme_lists_the_exit_codes_the_program_has,
    the_readme_opens_for_store_admins,
    the_shipped_completions_are_the_binarys,
}
