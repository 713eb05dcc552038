//! The files that the release archives and the Debian package ship beside the binary (the
//! man page and the shell completions in `assets/`) are exactly what the binary prints.

use std::path::Path;

use crate::common::*;

const REGENERATE: &str = "run scripts/package assets and commit the result";

fn assert_shipped(file: &str, args: &[&str]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(file);
    let shipped = std::fs::read(&path)
        .unwrap_or_else(|err| panic!("{} is missing ({err}): {REGENERATE}", path.display()));
    let output = Sandbox::new().cmd().args(args).output().unwrap();
    assert!(output.status.success(), "synchup-setup {args:?} failed");
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

#[test]
fn the_shipped_man_page_is_the_binarys() {
    assert_shipped("man/man1/synchup-setup.1", &["manpage"]);
}

#[test]
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
