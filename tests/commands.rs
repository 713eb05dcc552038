//! `show`, `remove` and `steps` on saved profiles.

use predicates::prelude::*;

use crate::common::*;

fn show_prints_values_with_the_token_masked() {
    let sandbox = Sandbox::new();
    sandbox.set_up_profile("default", HASH);
    let output = sandbox.cmd().arg("show").output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = stdout_of(&output);
    assert!(stdout.contains(HASH), "{stdout}");
    assert!(stdout.contains(ID), "{stdout}");
    assert!(stdout.contains(PATH), "{stdout}");
    assert!(stdout.contains(TOKEN_MASK), "{stdout}");
    sandbox.assert_no_token_outside_stores(&[&output.stdout, &output.stderr]);
}

fn show_of_an_unknown_profile_lists_the_known_ones() {
    let sandbox = Sandbox::new();
    sandbox.set_up_profile("default", HASH);
    sandbox.set_up_profile("eu", HASH);
    sandbox
        .cmd()
        .args(["show", "--profile", "us"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no profile named \"us\""))
        .stderr(predicate::str::contains("Known profiles: default, eu"));
}

fn show_says_when_the_token_is_missing() {
    let sandbox = Sandbox::new();
    sandbox.set_up_profile("default", HASH);
    std::fs::remove_file(sandbox.credentials_path()).unwrap();
    sandbox
        .cmd()
        .arg("show")
        .assert()
        .success()
        .stdout(predicate::str::contains("missing from"));
}

fn remove_deletes_profile_and_token_and_is_idempotent() {
    let sandbox = Sandbox::new();
    sandbox.set_up_profile("default", HASH);
    sandbox.set_up_profile("eu", HASH);
    sandbox
        .cmd()
        .args(["remove", "--yes"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Removed profile \"default\""))
        .stderr(predicate::str::contains(
            "Deleted the Access Token from the file",
        ));
    let config = sandbox.config().unwrap();
    assert!(!config.contains("[profiles.default]"), "{config}");
    assert!(config.contains("[profiles.eu]"), "{config}");
    assert_eq!(sandbox.file_token("eu").as_deref(), Some(TOKEN));
    assert_eq!(sandbox.file_token_count(), 1, "only eu's token is left");

    // Again: nothing there, said plainly, still success (the keychain is absent here,
    // which is not a failure when there is no profile to clean up after).
    sandbox
        .cmd()
        .args(["remove", "--yes"])
        .assert()
        .success()
        .stderr(predicate::str::contains("There was no profile \"default\""))
        .stderr(predicate::str::contains(
            "No Access Token was left under the name \"default\"",
        ))
        // A search for leftovers names only what it found.
        .stderr(predicate::str::contains("No Access Token was in").not());
}

fn remove_without_a_terminal_needs_yes() {
    let sandbox = Sandbox::new();
    sandbox.set_up_profile("default", HASH);
    let before = sandbox.snapshot();
    sandbox
        .cmd()
        .arg("remove")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes"));
    assert_eq!(sandbox.snapshot(), before);
}

fn steps_print_the_control_panel_steps_on_stdout() {
    let sandbox = Sandbox::new();
    sandbox
        .cmd()
        .arg("steps")
        .assert()
        .success()
        .stdout(predicate::str::contains("Store-level API accounts"))
        .stdout(predicate::str::contains(
            "Stored Payment Instruments  read-only",
        ))
        .stdout(predicate::str::contains("only ONCE"));
}

fn no_color_output_is_plain() {
    let sandbox = Sandbox::new();
    sandbox.set_up_profile("default", HASH);
    let output = sandbox.cmd().arg("show").output().unwrap();
    assert!(
        !contains(&output.stdout, b"\x1b["),
        "{}",
        stdout_of(&output)
    );
}

crate::harness::tests! {
    show_prints_values_with_the_token_masked,
    show_of_an_unknown_profile_lists_the_known_ones,
    show_says_when_the_token_is_missing,
    remove_deletes_profile_and_token_and_is_idempotent,
    remove_without_a_terminal_needs_yes,
    steps_print_the_control_panel_steps_on_stdout,
    no_color_output_is_plain,
}
