//! Nothing lost under copies (issue 18's storage items): a slot belongs to one profile of
//! one config, and only its owner deletes it; legacy entries are never deleted for a config
//! that does not own them; a wizard racing a script saves nothing mixed; no config's name
//! makes a run wait on itself. SECURITY.md lists each with its test.

use std::path::{Path, PathBuf};
use std::time::Duration;

use synchup_setup::bigcommerce::values::AccessToken;
use synchup_setup::storage::secrets::SecretStoreKind;

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

// Failure 2 and the crafted [pending_tokens]: a slot belongs to one profile of one config.

fn token_of(sandbox: &Sandbox, config: &Path, profile: &str, keychain: bool) -> Option<String> {
    let mut run = sandbox
        .run(["token", "--profile", profile, "--config", &arg(config)])
        .token_on_stdout()
        .within(HANG);
    if keychain {
        run = run.keychain();
    }
    let done = run.code_in(&[0, 4]);
    (done.output.status.code() == Some(0)).then(|| done.stdout.trim_end().to_owned())
}

fn save(sandbox: &Sandbox, config: &Path, profile: &str, token: &str, keychain: bool) {
    let mut run = sandbox
        .run(["--profile", profile, "--config", &arg(config)])
        .stdin(format!("{ID}\n{token}\n{HASH}\n"))
        .within(HANG);
    run = if keychain {
        run.keychain()
    } else {
        run.args(["--secret-store", "file"])
    };
    run.success();
}

/// `cp config.toml staging.toml`, then an update through the copy, and `remove` through
/// another copy: the original keeps reading its token. (In the file store, shared by both;
/// the keychain's own test follows.)
fn copied_configs_never_delete_the_originals_token(keychain: bool, profile: &str) {
    let sandbox = Sandbox::new();
    let config = sandbox.config_path();
    save(&sandbox, &config, profile, TOKEN, keychain);
    let staging = sandbox.config_dir().join("staging.toml");
    std::fs::copy(&config, &staging).unwrap();
    save(&sandbox, &staging, profile, OTHER_TOKEN, keychain);
    assert_eq!(
        token_of(&sandbox, &config, profile, keychain).as_deref(),
        Some(TOKEN)
    );
    assert_eq!(
        token_of(&sandbox, &staging, profile, keychain).as_deref(),
        Some(OTHER_TOKEN)
    );
    let copy = sandbox.config_dir().join("copy.toml");
    std::fs::copy(&config, &copy).unwrap();
    let mut check = sandbox
        .run(["check", "--profile", profile, "--config", &arg(&copy)])
        .within(HANG);
    if keychain {
        check = check.keychain();
    }
    check.success().stdout_has("this config was copied from");
    let mut remove = sandbox
        .run([
            "remove",
            "--yes",
            "--profile",
            profile,
            "--config",
            &arg(&copy),
        ])
        .within(HANG);
    if keychain {
        remove = remove.keychain();
    }
    remove.success().stderr_has("which still uses it");
    assert_eq!(
        token_of(&sandbox, &config, profile, keychain).as_deref(),
        Some(TOKEN)
    );
    // Run again with the same values, as `check` advises, a copy gets a slot of its own.
    let adopted = sandbox.config_dir().join("adopted.toml");
    std::fs::copy(&config, &adopted).unwrap();
    let mut again = sandbox
        .run(["--profile", profile, "--config", &arg(&adopted)])
        .stdin(format!("{ID}\n{TOKEN}\n{HASH}\n"))
        .within(HANG);
    again = if keychain {
        again.keychain()
    } else {
        again.args(["--secret-store", "file"])
    };
    again.success().stderr_has("now has a slot of its own");
    let check = sandbox
        .run(["check", "--profile", profile, "--config", &arg(&adopted)])
        .within(HANG);
    let checked = if keychain { check.keychain() } else { check }.success();
    assert!(!checked.stdout.contains("token slot"), "{}", checked.stdout);
    let remove = sandbox
        .run([
            "remove",
            "--yes",
            "--profile",
            profile,
            "--config",
            &arg(&adopted),
        ])
        .within(HANG);
    if keychain { remove.keychain() } else { remove }
        .success()
        .stderr_has("Deleted the Access Token");
    assert_eq!(
        token_of(&sandbox, &config, profile, keychain).as_deref(),
        Some(TOKEN)
    );
    // The owners remove their own.
    for owner in [&staging, &config] {
        let mut remove = sandbox
            .run([
                "remove",
                "--yes",
                "--profile",
                profile,
                "--config",
                &arg(owner),
            ])
            .within(HANG);
        if keychain {
            remove = remove.keychain();
        }
        remove.success().stderr_has("Deleted the Access Token");
    }
    if keychain {
        assert!(
            crate::keychain::keychain_items(profile).is_empty(),
            "nothing leaks"
        );
    } else {
        assert_eq!(sandbox.file_token_count(), 0, "nothing leaks");
    }
}

fn a_copied_config_never_deletes_the_originals_token() {
    copied_configs_never_delete_the_originals_token(false, "default");
}

fn a_copied_config_never_deletes_the_originals_keychain_token() {
    let profile = crate::keychain::unique_profile("copied");
    copied_configs_never_delete_the_originals_token(true, &profile);
}

/// A `[profiles.x]` section duplicated as `[profiles.y]` with the same token_id: updating
/// or removing either leaves the other its token (the file store finds a slot by its id).
fn a_duplicated_profile_section_keeps_its_token() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let text = sandbox.config().unwrap();
    let section = text
        .split("[profiles.default]")
        .nth(1)
        .unwrap()
        .split("\n[")
        .next()
        .unwrap()
        .to_owned();
    sandbox.write_config(format!("{text}\n[profiles.twin]{section}"));
    let config = sandbox.config_path();
    sandbox
        .run(["check", "--profile", "twin"])
        .success()
        .stdout_has("names the same token slot");
    save(&sandbox, &config, "twin", OTHER_TOKEN, false);
    assert_eq!(
        token_of(&sandbox, &config, "default", false).as_deref(),
        Some(TOKEN)
    );
    save(&sandbox, &config, "default", TOKEN, false);
    sandbox
        .run(["remove", "--yes", "--profile", "default"])
        .success();
    assert_eq!(
        token_of(&sandbox, &config, "twin", false).as_deref(),
        Some(OTHER_TOKEN)
    );
    assert_eq!(sandbox.file_token_count(), 1, "nothing leaks");
}

/// A config moved away (`mv config.toml new.toml`): no one names its slots any more, and
/// the moved config deletes them as its own.
fn a_moved_config_adopts_its_slots() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let moved = sandbox.config_dir().join("moved.toml");
    std::fs::rename(sandbox.config_path(), &moved).unwrap();
    save(&sandbox, &moved, "default", OTHER_TOKEN, false);
    assert_eq!(sandbox.file_token_count(), 1, "the old token is deleted");
    assert_eq!(
        token_of(&sandbox, &moved, "default", false).as_deref(),
        Some(OTHER_TOKEN)
    );
}

/// A config crafted with `[pending_tokens]` naming another config's slot: its runs delete
/// nothing of the other's, and forget the entries.
fn a_crafted_pending_token_deletes_nothing_of_another_config() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let text = sandbox.config().unwrap();
    let id = text
        .lines()
        .find_map(|line| line.strip_prefix("token_id = "))
        .unwrap()
        .trim_matches('"')
        .to_owned();
    let crafted = sandbox.config_dir().join("crafted.toml");
    std::fs::write(
        &crafted,
        format!(
            "[pending_tokens.a]\nprofile = \"default\"\nsecret_store = \"file\"\n\
             token_id = \"{id}\"\nstore_hash = \"{HASH}\"\nunrecorded = true\n\
             [pending_tokens.b]\nprofile = \"other\"\nsecret_store = \"file\"\n\
             token_id = \"{id}\"\nunrecorded = false\n"
        ),
    )
    .unwrap();
    for args in [
        &["remove", "--yes"][..],
        &["remove", "--yes", "--profile", "other"],
    ] {
        sandbox
            .run(args)
            .args(["--config", &arg(&crafted)])
            .success();
    }
    save(&sandbox, &crafted, "other", OTHER_TOKEN, false);
    let config = sandbox.config_path();
    assert_eq!(
        token_of(&sandbox, &config, "default", false).as_deref(),
        Some(TOKEN)
    );
    let left = std::fs::read_to_string(&crafted).unwrap();
    assert!(!left.contains("pending_tokens"), "{left}");
}

// Failure 3: entries an earlier version named after the profile alone
// (`<profile>/access_token` in the keychain, `[profiles.<name>]` in credentials.toml), which
// every config with a profile of that name read.

/// Writes a legacy entry for `profile` where `kind` keeps tokens, as an earlier version did.
fn plant_legacy(sandbox: &Sandbox, kind: SecretStoreKind, profile: &str) {
    use synchup_setup::storage::secrets::{Slot, StoreOptions};
    let paths = synchup_setup::storage::Paths::new(sandbox.config_path());
    let token = AccessToken::parse(TOKEN).unwrap().value;
    let store = (kind.provider().open)(&paths, &StoreOptions::default());
    // (The test's own process is in the keychain tests' D-Bus session.)
    store
        .write(&Slot::legacy(profile), &token, Path::new("unused"))
        .unwrap();
}

fn legacy_profile(kind: SecretStoreKind, profile: &str) -> String {
    format!(
        "[profiles.{profile}]\nclient_id = \"{ID}\"\nstore_hash = \"{HASH}\"\n\
         secret_store = \"{kind}\"\n"
    )
}

fn legacy_entries_are_left_to_every_config_that_reads_them(kind: SecretStoreKind, profile: &str) {
    let keychain = kind == SecretStoreKind::KEYCHAIN;
    let sandbox = Sandbox::new();
    sandbox.write_config(legacy_profile(kind, profile));
    let other = sandbox.config_dir().join("other.toml");
    std::fs::write(&other, legacy_profile(kind, profile)).unwrap();
    plant_legacy(&sandbox, kind, profile);
    let config = sandbox.config_path();
    let run = |args: &[&str]| {
        let run = sandbox.run(args).within(HANG);
        if keychain { run.keychain() } else { run }
    };
    // Clean-up scripts on configs without the profile, or without a file, delete nothing.
    let elsewhere = sandbox.config_dir().join("elsewhere.toml");
    std::fs::write(&elsewhere, legacy_profile(kind, "unrelated")).unwrap();
    for path in [&elsewhere, &sandbox.config_dir().join("missing.toml")] {
        run(&[
            "remove",
            "--yes",
            "--profile",
            profile,
            "--config",
            &arg(path),
        ])
        .success()
        .stderr_has("nothing was removed");
    }
    assert_eq!(
        token_of(&sandbox, &other, profile, keychain).as_deref(),
        Some(TOKEN)
    );
    // A save through one config moves its profile to a slot of its own, and leaves the
    // entry the other still reads; `check` names it, with the command that deletes it.
    save(&sandbox, &config, profile, OTHER_TOKEN, keychain);
    assert_eq!(
        token_of(&sandbox, &other, profile, keychain).as_deref(),
        Some(TOKEN)
    );
    assert_eq!(
        token_of(&sandbox, &config, profile, keychain).as_deref(),
        Some(OTHER_TOKEN)
    );
    run(&["check", "--profile", profile])
        .success()
        .stdout_has("an earlier version left a token")
        .stdout_has(if keychain {
            "access_token"
        } else {
            "[profiles."
        });
    // Removing the profile of one config leaves it to the other too.
    run(&[
        "remove",
        "--yes",
        "--profile",
        profile,
        "--config",
        &arg(&other),
    ])
    .success()
    .stderr_has("was left");
    run(&["remove", "--yes", "--profile", profile]).success();
    if keychain {
        let paths = synchup_setup::storage::Paths::new(config);
        let store = (kind.provider().open)(&paths, &Default::default());
        store
            .delete(&synchup_setup::storage::secrets::Slot::legacy(profile))
            .unwrap();
    }
}

fn legacy_entries_in_the_file_store_are_never_deleted_for_another_config() {
    legacy_entries_are_left_to_every_config_that_reads_them(SecretStoreKind::FILE, "default");
}

fn legacy_entries_in_the_keychain_are_never_deleted_for_another_config() {
    let profile = crate::keychain::unique_profile("legacy");
    legacy_entries_are_left_to_every_config_that_reads_them(SecretStoreKind::KEYCHAIN, &profile);
}

// Failure 4: a wizard waiting at "Save?" while a script updates the profile saved the
// wizard's Client ID with the script's token, and called the token "kept".

/// The wizard reads the profile, the admin types a new Client ID and keeps the token; a
/// script then saves another Client ID and token. At "Save?" the wizard saves nothing,
/// says what changed, and starts again from the script's values.
#[cfg(unix)]
fn a_wizard_never_saves_over_a_script_that_saved_meanwhile() {
    use crate::terminal::{ENTER, Pty};
    const WIZARD_ID: &str = "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ox";
    const SCRIPT_ID: &str = "k8l7zz0ynkd1bfbxx02p2k7pnk3n8oz";
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let mut pty = Pty::spawn(&sandbox, &["--no-verify"]);
    pty.answer("Update it?", &format!("y{ENTER}"));
    pty.answer("B2B Edition", ENTER);
    pty.answer("Downloaded credentials file", ENTER);
    pty.answer(&format!("Enter keeps {ID}"), &format!("{WIZARD_ID}{ENTER}"));
    pty.answer(&format!("Enter keeps {TOKEN_MASK}"), ENTER);
    pty.answer(&format!("Enter keeps {HASH}"), ENTER);
    pty.expect("Save?");
    sandbox
        .run(["--secret-store", "file"])
        .stdin(format!("{SCRIPT_ID}\n{OTHER_TOKEN}\n{HASH}\n"))
        .within(HANG)
        .success();
    pty.wait_until_reading();
    pty.send(ENTER);
    pty.expect("another run changed profile");
    pty.expect("Nothing was saved");
    let said = pty.text().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        said.contains("profile \"default\": the Client ID and the Access Token"),
        "{said}"
    );
    pty.answer("Start again from the values saved now?", ENTER);
    pty.answer("Update it?", &format!("y{ENTER}"));
    pty.answer("B2B Edition", ENTER);
    pty.answer("Downloaded credentials file", ENTER);
    pty.answer(&format!("Enter keeps {SCRIPT_ID}"), ENTER);
    pty.answer("Enter keeps ****q1w2", ENTER);
    pty.answer(&format!("Enter keeps {HASH}"), ENTER);
    pty.expect("Nothing changed");
    // Nothing to change: the hand-over is offered again.
    pty.connector_here();
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    let config = sandbox.config().unwrap();
    assert!(
        config.contains(SCRIPT_ID) && !config.contains(WIZARD_ID),
        "{config}"
    );
    assert_eq!(sandbox.file_token("default").as_deref(), Some(OTHER_TOKEN));
}

crate::harness::tests! {
    a_config_named_like_the_token_file_never_waits_on_itself,
    a_config_named_like_the_token_file_saves_to_the_keychain needs(Keychain),
    a_config_named_like_a_lock_is_refused,
    a_copied_config_never_deletes_the_originals_token,
    a_copied_config_never_deletes_the_originals_keychain_token needs(Keychain),
    a_duplicated_profile_section_keeps_its_token,
    a_moved_config_adopts_its_slots,
    a_crafted_pending_token_deletes_nothing_of_another_config,
    legacy_entries_in_the_file_store_are_never_deleted_for_another_config,
    legacy_entries_in_the_keychain_are_never_deleted_for_another_config needs(Keychain),
    #[cfg(unix)]
    a_wizard_never_saves_over_a_script_that_saved_meanwhile,
}
