//! `show`, `remove` and `steps` on saved profiles.

use crate::common::*;

fn show_prints_values_with_the_token_masked() {
    let sandbox = Sandbox::new();
    sandbox.set_up_profile("default", HASH);
    // The run fails if the token is in its output.
    sandbox
        .run(["show"])
        .success()
        .stdout_has(HASH)
        .stdout_has(ID)
        .stdout_has(PATH)
        .stdout_has(TOKEN_MASK);
}

fn show_of_an_unknown_profile_lists_the_known_ones() {
    let sandbox = Sandbox::new();
    sandbox.set_up_profile("default", HASH);
    sandbox.set_up_profile("eu", HASH);
    sandbox
        .run(["show", "--profile", "us"])
        .unchanged()
        .code(3)
        .stderr_has("no profile named \"us\"")
        .stderr_has("Known profiles: default, eu");
}

fn show_says_when_the_token_is_missing() {
    let sandbox = Sandbox::new();
    sandbox.set_up_profile("default", HASH);
    std::fs::remove_file(sandbox.credentials_path()).unwrap();
    sandbox.run(["show"]).success().stdout_has("missing from");
}

fn remove_deletes_profile_and_token_and_is_idempotent() {
    let sandbox = Sandbox::new();
    sandbox.set_up_profile("default", HASH);
    sandbox.set_up_profile("eu", HASH);
    sandbox
        .run(["remove", "--yes"])
        .success()
        .stderr_has("Removed profile \"default\"")
        .stderr_has("Deleted the Access Token from the file");
    let config = sandbox.config().unwrap();
    assert!(!config.contains("[profiles.default]"), "{config}");
    assert!(config.contains("[profiles.eu]"), "{config}");
    assert_eq!(sandbox.file_token("eu").as_deref(), Some(TOKEN));
    assert_eq!(sandbox.file_token_count(), 1, "only eu's token is left");

    // Again: nothing there, said plainly, still success; without the profile no store is
    // even looked at (a token left under the name may be another config's).
    sandbox
        .run(["remove", "--yes"])
        .success()
        .stderr_has("There was no profile \"default\"")
        .stderr_has("nothing was removed")
        .stderr_lacks("Access Token was");
}

fn remove_without_a_terminal_needs_yes() {
    let sandbox = Sandbox::new();
    sandbox.set_up_profile("default", HASH);
    sandbox
        .run(["remove"])
        .unchanged()
        .code(2)
        .stderr_has("--yes");
}

fn steps_print_the_control_panel_steps_on_stdout() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["steps"])
        .success()
        .stdout_has("Store-level API accounts")
        .stdout_has("Stored Payment Instruments  read-only")
        .stdout_has("only ONCE");
}

/// Through a pipe the link to the API accounts page is plain text (no OSC 8), on a line of
/// its own, whole.
fn steps_give_the_api_accounts_link_as_plain_text_through_a_pipe() {
    const LINK: &str = "https://login.bigcommerce.com/deep-links/settings/auth/api-accounts";
    let sandbox = Sandbox::new();
    let done = sandbox.run(["steps"]).success();
    assert!(
        done.stdout.lines().any(|line| line.trim() == LINK),
        "{}",
        done.stdout
    );
    assert!(!done.stdout.contains("\x1b]8;"), "{}", done.stdout);
    assert!(done.stdout.is_ascii(), "{}", done.stdout);
}

fn no_color_output_is_plain() {
    let sandbox = Sandbox::new();
    sandbox.set_up_profile("default", HASH);
    let shown = sandbox.run(["show"]).success().stdout;
    assert!(!shown.contains("\x1b["), "{shown}");
}

crate::harness::tests! {
    show_prints_values_with_the_token_masked,
    show_of_an_unknown_profile_lists_the_known_ones,
    show_says_when_the_token_is_missing,
    remove_deletes_profile_and_token_and_is_idempotent,
    remove_without_a_terminal_needs_yes,
    steps_print_the_control_panel_steps_on_stdout,
    steps_give_the_api_accounts_link_as_plain_text_through_a_pipe,
    no_color_output_is_plain,
}
