//! The library API the SynchUP connector uses to load what the wizard saved.

use synchup_setup::context::Environment;
use synchup_setup::storage::secrets::{SecretStoreKind, StoreOptions};
use synchup_setup::storage::{Paths, Storage};
use synchup_setup::{Credentials, Error, Source};

use crate::common::*;

fn storage(sandbox: &Sandbox) -> Storage {
    Storage::new(Paths::new(sandbox.config_path()), StoreOptions::default())
}

fn loads_what_the_wizard_saved() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let credentials =
        Credentials::load_from(&storage(&sandbox), "default", &Environment::default()).unwrap();
    assert_eq!(credentials.store_hash.as_str(), HASH);
    assert_eq!(credentials.client_id.as_str(), ID);
    assert_eq!(credentials.access_token.expose(), TOKEN);
    assert_eq!(credentials.api_path(), PATH);
    assert_eq!(
        credentials.api_base(),
        "https://api.bigcommerce.com/stores/et7xe3pz/"
    );
    match &credentials.sources.access_token {
        Source::Secret(location) => {
            assert_eq!(location.kind, SecretStoreKind::FILE);
            assert_eq!(
                location.file.as_deref(),
                Some(sandbox.credentials_path().as_path())
            );
        }
        other => panic!("token from {other}"),
    }
    assert_eq!(
        credentials.sources.client_id,
        Source::Config(sandbox.config_path())
    );
    assert!(!format!("{credentials:?}").contains(TOKEN));
}

fn environment_overrides_saved_values() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let environment = Environment::from_pairs(&[
        ("SYNCHUP_STORE_HASH", "zzz9999"),
        ("SYNCHUP_ACCESS_TOKEN", OTHER_TOKEN),
    ])
    .unwrap();
    let credentials = Credentials::load_from(&storage(&sandbox), "default", &environment).unwrap();
    assert_eq!(credentials.store_hash.as_str(), "zzz9999");
    assert_eq!(credentials.access_token.expose(), OTHER_TOKEN);
    assert_eq!(credentials.client_id.as_str(), ID);
    // Every value of the profile, the variables applied, by field of the table.
    assert_eq!(
        credentials.values.store_hash(),
        Some(&credentials.store_hash)
    );
    assert_eq!(credentials.values.client_id(), Some(&credentials.client_id));
    assert_eq!(
        credentials.sources.store_hash,
        Source::Env("SYNCHUP_STORE_HASH")
    );
}

fn all_values_in_the_environment_need_no_config() {
    let sandbox = Sandbox::new();
    sandbox.write_config("this is not toml [");
    let environment = Environment::from_pairs(&[
        ("SYNCHUP_CLIENT_ID", ID),
        ("SYNCHUP_ACCESS_TOKEN", TOKEN),
        ("SYNCHUP_API_PATH", PATH),
    ])
    .unwrap();
    let credentials = Credentials::load_from(&storage(&sandbox), "default", &environment).unwrap();
    assert_eq!(credentials.store_hash.as_str(), HASH);
}

fn not_set_up_yet_is_a_distinct_error() {
    let sandbox = Sandbox::new();
    let err =
        Credentials::load_from(&storage(&sandbox), "default", &Environment::default()).unwrap_err();
    assert!(
        matches!(err, Error::UnknownProfile { ref known, .. } if known.is_empty()),
        "{err}"
    );
    assert_eq!(err.exit() as u8, 3);
}

fn a_missing_token_is_a_secret_store_error() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    std::fs::remove_file(sandbox.credentials_path()).unwrap();
    let err =
        Credentials::load_from(&storage(&sandbox), "default", &Environment::default()).unwrap_err();
    assert_eq!(err.exit() as u8, 4, "{err}");
    assert!(err.to_string().contains("missing"), "{err}");
}

fn invalid_overrides_are_named() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let environment =
        Environment::from_pairs(&[("SYNCHUP_API_PATH", "https://example.com/")]).unwrap();
    let err = Credentials::load_from(&storage(&sandbox), "default", &environment).unwrap_err();
    assert!(err.to_string().contains("SYNCHUP_API_PATH"), "{err}");
}

/// The example binary, which `cargo test` builds along with the tests.
pub(crate) fn example(name: &str) -> Option<std::path::PathBuf> {
    let deps = std::env::current_exe().ok()?.parent()?.to_owned();
    let path = deps
        .parent()?
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    path.exists().then_some(path)
}

fn the_connector_example_loads_or_explains() {
    let connector = example("connector").expect("the harness found it built");
    let sandbox = Sandbox::new();
    let run = || sandbox.run(Vec::<String>::new()).program(&connector);
    run()
        .code(3)
        .stderr_has("not connected to a BigCommerce store yet");

    sandbox.set_up();
    // The run fails if the token is in the output: the example shows it masked.
    run()
        .success()
        .stdout_has("Connecting to store et7xe3pz")
        .stdout_has(TOKEN_MASK);

    // An unusable keychain timeout is an error naming the variable, in the library too.
    for value in ["1e20", "abc"] {
        run()
            .env("SYNCHUP_KEYCHAIN_TIMEOUT", value)
            .code(2)
            .stderr_has("SYNCHUP_KEYCHAIN_TIMEOUT");
    }
}

fn a_broken_saved_value_is_a_config_fault_with_a_fitting_hint() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let text = sandbox.config().unwrap().replace(ID, "not an id");
    sandbox.write_config(text);
    let err =
        Credentials::load_from(&storage(&sandbox), "default", &Environment::default()).unwrap_err();
    // The same code `check` gives for it.
    assert_eq!(err.exit() as u8, 5, "{err}");
    assert!(
        err.to_string().contains("profiles.default.client_id"),
        "{err}"
    );
    let hint = err.hint().unwrap();
    assert!(hint.contains("Run synchup-setup to set it again"), "{hint}");
    assert!(!hint.contains("Piped answers"), "{hint}");
}

fn profile_names_are_checked_as_on_the_command_line() {
    let sandbox = Sandbox::new();
    let err =
        Credentials::load_from(&storage(&sandbox), "../etc", &Environment::default()).unwrap_err();
    assert_eq!(err.exit() as u8, 2, "{err}");
}

crate::harness::tests! {
    loads_what_the_wizard_saved,
    environment_overrides_saved_values,
    all_values_in_the_environment_need_no_config,
    not_set_up_yet_is_a_distinct_error,
    a_missing_token_is_a_secret_store_error,
    invalid_overrides_are_named,
    the_connector_example_loads_or_explains needs(Examples),
    a_broken_saved_value_is_a_config_fault_with_a_fitting_hint,
    profile_names_are_checked_as_on_the_command_line,
}
