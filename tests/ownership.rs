//! Nothing lost under copies (issue 18's storage items): a slot belongs to one profile of
//! one config, and only its owner deletes it; legacy entries are never deleted for a config
//! that does not own them; a wizard racing a script saves nothing mixed; no config's name
//! makes a run wait on itself. SECURITY.md lists each with its test.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::*;

/// A run that hangs fails the test in this time instead of the harness's two minutes.
const HANG: Duration = Duration::from_secs(30);

fn config_in(sandbox: &Sandbox, name: &str) -> PathBuf {
    let dir = sandbox.path().join("conf");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn arg(path: &Path) -> String {
    path.display().to_string()
}

// Failure 6: the config's lock and the file store's lock were one file for a config named
// credentials.toml, and a run waited on its own lock for ever.

/// A config named `credentials.toml` with the file store beside it (which would be the
/// config itself) is refused at once; reading, removing and every other write end too.
fn a_config_named_like_the_token_file_never_waits_on_itself() {
    let sandbox = Sandbox::new();
    let config = config_in(&sandbox, "credentials.toml");
    sandbox
        .run(["--secret-store", "file", "--config", &arg(&config)])
        .stdin(positional())
        .within(HANG)
        .code(5)
        .stderr_has("the file the file store keeps tokens in");
    for args in [&["remove", "--yes"][..], &["show"], &["list"]] {
        sandbox
            .run(args)
            .args(["--config", &arg(&config)])
            .within(HANG)
            .code_in(&[0, 3]);
    }
}

/// With the token in the keychain, a config named `credentials.toml` saves, and saves
/// again (the second run takes both locks), and its token reads back.
fn a_config_named_like_the_token_file_saves_to_the_keychain() {
    let sandbox = Sandbox::new();
    let config = config_in(&sandbox, "credentials.toml");
    for token in [TOKEN, OTHER_TOKEN] {
        sandbox
            .run(["--config", &arg(&config)])
            .keychain()
            .stdin(format!("{ID}\n{token}\n{HASH}\n"))
            .within(HANG)
            .success();
    }
    let read = sandbox
        .run(["token", "--config", &arg(&config)])
        .keychain()
        .token_on_stdout()
        .within(HANG)
        .success();
    assert_eq!(read.stdout, format!("{OTHER_TOKEN}\n"));
    sandbox
        .run(["remove", "--yes", "--config", &arg(&config)])
        .keychain()
        .within(HANG)
        .success();
}

/// A config named like a lock file would replace the lock other runs hold: refused.
fn a_config_named_like_a_lock_is_refused() {
    let sandbox = Sandbox::new();
    for name in ["config.toml.lock", "credentials.toml.store-lock"] {
        let config = config_in(&sandbox, name);
        sandbox
            .run(["--secret-store", "file", "--config", &arg(&config)])
            .stdin(positional())
            .within(HANG)
            .code(5)
            .stderr_has("named like a lock file");
        assert!(!config.exists(), "{name}");
    }
}

crate::harness::tests! {
    a_config_named_like_the_token_file_never_waits_on_itself,
    a_config_named_like_the_token_file_saves_to_the_keychain needs(Keychain),
    a_config_named_like_a_lock_is_refused,
}
