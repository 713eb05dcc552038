//! The OS keychain for real: CI runs these in a D-Bus session with GNOME Keyring unlocked,
//! and under Wine against its Credential Manager (scripts/cross/wine-run).
//!
//! They run only with `SYNCHUP_KEYCHAIN_TESTS=1`, so `cargo test` on a desktop leaves the
//! developer's own keychain alone (they show as ignored, and the harness says why); with it
//! set, a keychain that does not work fails them (`Need::Keychain`, tests/harness.rs).

use std::time::Duration;

use synchup_setup::context::Environment;
use synchup_setup::storage::secrets::keychain::{Keychain, SERVICE};
use synchup_setup::storage::secrets::{SecretStore, SecretStoreKind, Slot, StoreOptions};
use synchup_setup::storage::{Paths, Storage};
use synchup_setup::{Credentials, Source};

use crate::common::*;

/// A profile name no other test (or earlier run) uses, as the keychain is shared.
pub fn unique_profile(test: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("t{}-{nanos}-{test}", std::process::id())
}

/// A first setup through a pipe, with the token in the keychain.
fn set_up_in_keychain(sandbox: &Sandbox, profile: &str) {
    sandbox
        .run(["--profile", profile])
        .keychain()
        .stdin(positional())
        .success();
}

/// Removes the profile and its keychain item; removing twice must succeed too.
pub fn remove(sandbox: &Sandbox, profile: &str) {
    sandbox
        .run(["remove", "--yes", "--profile", profile])
        .keychain()
        .success();
}

/// One item of the keychain, as a separate client sees it.
#[derive(Debug)]
pub(crate) struct Item {
    /// The Secret Service's label; on Windows, the credential's target name.
    pub(crate) label: String,
    pub(crate) account: String,
    pub(crate) secret: String,
}

/// Every item the program keeps for `profile`, found by `secret-tool search`.
#[cfg(not(windows))]
pub(crate) fn keychain_items(profile: &str) -> Vec<Item> {
    // secret-tool writes each item's label and secret to standard output and its
    // attributes to standard error: unbuffered into one pipe, they stay in order.
    let output = std::process::Command::new("sh")
        .args([
            "-c",
            "stdbuf -o0 -e0 secret-tool search --all --unlock service \"$0\" 2>&1",
        ])
        .arg(SERVICE)
        .output()
        .expect("secret-tool is installed (libsecret-tools)");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut items = Vec::new();
    for block in text.split("\n[").filter(|b| !b.trim().is_empty()) {
        let field = |name: &str| {
            block
                .lines()
                .find_map(|line| line.strip_prefix(&format!("{name} = ")))
                .unwrap_or_default()
                .to_owned()
        };
        let account = field("attribute.username");
        if account.starts_with(&format!("{profile}/")) {
            items.push(Item {
                label: field("label"),
                account,
                secret: field("secret"),
            });
        }
    }
    items
}

/// Every credential the program keeps for `profile` in the Credential Manager: their
/// target names are `<account>.<service>` (CredEnumerateW).
#[cfg(windows)]
pub(crate) fn keychain_items(profile: &str) -> Vec<Item> {
    // The filter is a prefix and a `*`, nothing after it.
    crate::common::windows::credentials(&format!("{profile}/*"))
        .into_iter()
        .filter(|credential| credential.target.ends_with(&format!(".{SERVICE}")))
        .map(|credential| Item {
            label: credential.target,
            account: credential.user,
            secret: credential.secret,
        })
        .collect()
}

/// Deletes the item for `account` behind the program's back.
fn delete_item(account: &str) {
    #[cfg(not(windows))]
    {
        let cleared = std::process::Command::new("secret-tool")
            .args(["clear", "service", SERVICE, "username", account])
            .status()
            .unwrap();
        assert!(cleared.success());
    }
    #[cfg(windows)]
    crate::common::windows::delete_credential(&format!("{account}.{SERVICE}"));
}

/// The one token kept for `profile`, if any; more than one is a leftover and fails.
fn secret_tool_lookup(profile: &str) -> Option<String> {
    let items = keychain_items(profile);
    assert!(items.len() <= 1, "more than one keychain item: {items:?}");
    items.into_iter().next().map(|item| item.secret)
}

fn store_read_update_and_remove_in_the_real_keychain() {
    let sandbox = Sandbox::new();
    let profile = unique_profile("cycle");

    let output = sandbox
        .run(["--profile", &profile])
        .keychain()
        .stdin(positional())
        .success()
        .output;
    assert!(stderr_of(&output).contains("Access Token -> OS keychain"));
    assert_eq!(secret_tool_lookup(&profile).as_deref(), Some(TOKEN));
    assert!(
        sandbox
            .config()
            .unwrap()
            .contains("secret_store = \"keychain\"")
    );
    assert!(sandbox.credentials().is_none(), "no file store used");
    sandbox.assert_no_token_outside_stores(&[&output.stdout, &output.stderr]);

    sandbox
        .run(["show", "--profile", &profile])
        .keychain()
        .success()
        .stdout_has(TOKEN_MASK);

    // An update with a new token replaces it; the other values are kept.
    sandbox
        .run(["--profile", &profile])
        .keychain()
        .stdin(format!("\n{OTHER_TOKEN}\n\n"))
        .success();
    assert_eq!(secret_tool_lookup(&profile).as_deref(), Some(OTHER_TOKEN));
    assert!(sandbox.config().unwrap().contains(ID));

    let storage = Storage::new(Paths::new(sandbox.config_path()), StoreOptions::default());
    let loaded = Credentials::load_from(&storage, &profile, &Environment::default()).unwrap();
    assert_eq!(loaded.access_token.expose(), OTHER_TOKEN);
    assert!(
        matches!(&loaded.sources.access_token, Source::Secret(at) if at.kind == SecretStoreKind::KEYCHAIN),
        "{:?}",
        loaded.sources.access_token
    );

    remove(&sandbox, &profile);
    assert_eq!(secret_tool_lookup(&profile), None);
    remove(&sandbox, &profile);
}

fn moving_between_keychain_and_file_leaves_one_copy() {
    let sandbox = Sandbox::new();
    let profile = unique_profile("move");
    set_up_in_keychain(&sandbox, &profile);
    sandbox
        .run(["--profile", &profile, "--secret-store", "file"])
        .keychain()
        .stdin("")
        .success();
    assert_eq!(secret_tool_lookup(&profile), None, "keychain copy deleted");
    assert!(sandbox.credentials().unwrap().contains(TOKEN));

    sandbox
        .run(["--profile", &profile, "--secret-store", "keychain"])
        .keychain()
        .stdin("")
        .success();
    assert_eq!(secret_tool_lookup(&profile).as_deref(), Some(TOKEN));
    assert!(
        !sandbox.credentials().unwrap().contains(TOKEN),
        "file copy deleted"
    );
    remove(&sandbox, &profile);
}

fn the_library_keychain_round_trips() {
    let keychain = Keychain::new(Duration::from_secs(10), || {});
    let slot = Slot::fresh(&unique_profile("library"), Some(HASH));
    let token = synchup_setup::bigcommerce::values::AccessToken::parse(TOKEN)
        .unwrap()
        .value;
    assert_eq!(keychain.read(&slot).unwrap(), None);
    let owner = std::env::temp_dir().join("synchup-test/config.toml");
    keychain.write(&slot, &token, &owner).unwrap();
    assert_eq!(keychain.read(&slot).unwrap().unwrap().expose(), TOKEN);
    // The entry records the config it belongs to (the Secret Service in an attribute, the
    // Credential Manager in the comment), so that a copy of the config never deletes it.
    let recorded = keychain
        .owner(&slot)
        .unwrap()
        .expect("an owner is recorded");
    assert_eq!(recorded.config, owner);
    assert_eq!(recorded.profile, slot.profile);
    assert!(keychain.delete(&slot).unwrap());
    assert!(!keychain.delete(&slot).unwrap());
}

fn show_check_and_token_read_the_real_keychain() {
    let sandbox = Sandbox::new();
    let profile = unique_profile("manage");
    set_up_in_keychain(&sandbox, &profile);
    let json = |args: &[&str], code: i32| -> serde_json::Value {
        sandbox.run(args).keychain().code(code).json()
    };

    let shown = json(&["show", "--json", "--profile", &profile], 0);
    assert_eq!(shown["access_token"]["source"]["kind"], "keychain");
    assert_eq!(shown["access_token"]["source"]["service"], SERVICE);
    let account = shown["access_token"]["source"]["account"]
        .as_str()
        .unwrap()
        .to_owned();
    // Recognisable in the keychain's own UI: the profile and the store are in the account,
    // and the Secret Service label names the store.
    assert!(
        account.starts_with(&format!("{profile}/{HASH}/")),
        "{account}"
    );
    let items = keychain_items(&profile);
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0].account, account);
    assert!(items[0].label.contains(HASH), "{}", items[0].label);
    assert_eq!(shown["access_token"]["value"], TOKEN_MASK);
    assert_eq!(shown["warnings"].as_array().unwrap().len(), 0);

    let checked = json(&["check", "--json", "--profile", &profile], 0);
    assert_eq!(checked["healthy"], true);

    let token = sandbox
        .run(["token", "--profile", &profile])
        .keychain()
        .token_on_stdout()
        .success();
    assert_eq!(token.stdout, format!("{TOKEN}\n"));

    // The item disappears behind the program's back: each command says so.
    delete_item(&account);
    let shown = json(&["show", "--json", "--profile", &profile], 0);
    assert_eq!(shown["access_token"]["state"], "missing");
    let checked = json(&["check", "--json", "--profile", &profile], 4);
    assert_eq!(checked["healthy"], false);
    let done = sandbox
        .run(["token", "--profile", &profile])
        .keychain()
        .code(4);
    assert!(done.stdout.is_empty(), "{}", done.stdout);
    remove(&sandbox, &profile);
}

/// The config write fails after the new token went into the keychain: the keychain gets
/// the old token back. The failure is a real one: a file-size limit the padded config is
/// over.
// Unix only: the file-size limit (ulimit -f) has no Windows counterpart.
#[cfg(unix)]
fn a_failing_config_write_keeps_the_old_token_in_the_keychain() {
    let sandbox = Sandbox::new();
    let profile = unique_profile("rollback");
    set_up_in_keychain(&sandbox, &profile);
    let padded = sandbox.pad_config();

    sandbox
        .run(["--profile", &profile])
        .prepared(SMALL_FILES_ONLY)
        .keychain()
        .stdin(format!("\n{OTHER_TOKEN}\n\n"))
        .code(5);
    assert_eq!(secret_tool_lookup(&profile).as_deref(), Some(TOKEN));
    assert_eq!(sandbox.config().as_deref(), Some(padded.as_str()));
    remove(&sandbox, &profile);
}

/// The keychain account of a profile's token, as the program named it.
fn account(profile: &str) -> String {
    let items = keychain_items(profile);
    assert_eq!(items.len(), 1, "{items:?}");
    items[0].account.clone()
}

fn the_same_values_in_the_keychain_change_nothing_and_verbose_says_what_was_asked() {
    let sandbox = Sandbox::new();
    let profile = unique_profile("same");
    set_up_in_keychain(&sandbox, &profile);
    let asked = format!(
        "[keychain] read the OS keychain (service \"{SERVICE}\", account \"{}\"): a token \
         is there (",
        account(&profile)
    );
    sandbox
        .run(["-v", "--profile", &profile])
        .keychain()
        .stdin(positional())
        .unchanged()
        .success()
        .stderr_has("Nothing changed")
        .stderr_has(&asked)
        .stderr_lacks("[keychain] write");
    assert_eq!(secret_tool_lookup(&profile).as_deref(), Some(TOKEN));
    remove(&sandbox, &profile);
}

fn removing_a_keychain_profile_speaks_of_the_keychain_only() {
    let sandbox = Sandbox::new();
    let profile = unique_profile("logout");
    set_up_in_keychain(&sandbox, &profile);
    sandbox
        .run(["remove", "--yes", "--profile", &profile])
        .keychain()
        .success()
        .stderr_has("Deleted the Access Token from the OS keychain")
        .stderr_has("The API account still exists in BigCommerce")
        .stderr_lacks("credentials.toml");
    // Again: nothing of this config's is left, and nothing else is touched.
    sandbox
        .run(["remove", "--yes", "--profile", &profile])
        .keychain()
        .success()
        .stderr_has("nothing was removed")
        .stderr_lacks("credentials.toml");
    assert_eq!(secret_tool_lookup(&profile), None);
}

crate::harness::tests! {
    store_read_update_and_remove_in_the_real_keychain needs(Keychain),
    moving_between_keychain_and_file_leaves_one_copy needs(Keychain),
    the_library_keychain_round_trips needs(Keychain),
    show_check_and_token_read_the_real_keychain needs(Keychain),
    #[cfg(unix)]
    a_failing_config_write_keeps_the_old_token_in_the_keychain needs(Keychain),
    the_same_values_in_the_keychain_change_nothing_and_verbose_says_what_was_asked needs(Keychain),
    removing_a_keychain_profile_speaks_of_the_keychain_only needs(Keychain),
}
