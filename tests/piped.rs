//! Scripted setup: answers from a pipe, a file, flags and variables; never a question.

use crate::common::*;

fn saved_profile(sandbox: &Sandbox) -> toml_edit::DocumentMut {
    sandbox
        .config()
        .expect("config written")
        .parse()
        .expect("config parses")
}

fn value(doc: &toml_edit::DocumentMut, profile: &str, key: &str) -> Option<String> {
    doc["profiles"][profile][key].as_str().map(str::to_owned)
}

fn positional_answers_are_checked_and_saved() {
    let sandbox = Sandbox::new();
    let output = sandbox
        .run(["--secret-store", "file"])
        .stdin(positional())
        .success()
        .output;
    assert!(output.stdout.is_empty(), "stdout stays clean for scripts");
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("Saved profile \"default\" for store et7xe3pz"),
        "{stderr}"
    );

    let doc = saved_profile(&sandbox);
    assert_eq!(value(&doc, "default", "store_hash").as_deref(), Some(HASH));
    assert_eq!(value(&doc, "default", "client_id").as_deref(), Some(ID));
    assert_eq!(value(&doc, "default", "api_path").as_deref(), Some(PATH));
    assert_eq!(
        value(&doc, "default", "secret_store").as_deref(),
        Some("file")
    );
    assert!(
        doc["profiles"]["default"]["updated_at"]
            .as_datetime()
            .is_some()
    );

    assert_eq!(sandbox.file_token("default").as_deref(), Some(TOKEN));
    sandbox.assert_no_token_outside_stores(&[&output.stdout, &output.stderr]);
}

/// Private on every platform: mode 0600 and 0700 on Unix, an access list for you alone on
/// Windows.
fn files_are_private_and_new_directories_too() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    assert_private(&sandbox.config_path());
    assert_private(&sandbox.credentials_path());
    assert_private(&sandbox.config_dir());
    // The directories it had to create above it too (~/.config; AppData\Roaming\... on
    // Windows).
    assert_private(sandbox.config_dir().parent().unwrap());
}

// Unix modes; on Windows an existing directory keeps its access list the same way
// (`windows::an_existing_directory_keeps_its_access_list`).
#[cfg(unix)]
fn an_existing_directory_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.config_dir()).unwrap();
    std::fs::set_permissions(sandbox.config_dir(), std::fs::Permissions::from_mode(0o750)).unwrap();
    sandbox.set_up();
    assert_eq!(mode(&sandbox.config_dir()), 0o750);
}

fn the_downloaded_file_can_be_piped_and_its_client_secret_is_dropped() {
    let sandbox = Sandbox::new();
    let output = sandbox
        .run(["--secret-store", "file"])
        .stdin(credentials_file().replace('\n', "\r\n"))
        .success()
        .output;
    let doc = saved_profile(&sandbox);
    assert_eq!(value(&doc, "default", "client_id").as_deref(), Some(ID));
    assert_eq!(
        value(&doc, "default", "account_name").as_deref(),
        Some("SynchUP connector")
    );
    for (path, bytes) in sandbox.snapshot() {
        assert!(
            !contains(&bytes, CLIENT_SECRET.as_bytes()),
            "client secret kept in {}",
            path.display()
        );
    }
    assert!(!contains(&output.stderr, CLIENT_SECRET.as_bytes()));
}

fn from_file_reads_the_downloaded_file() {
    let sandbox = Sandbox::new();
    let file = sandbox.write_file("creds.txt", format!("\u{feff}{}", credentials_file()));
    sandbox
        .run(["--secret-store", "file", "--from-file"])
        .args([&file])
        .success();
    assert_eq!(
        value(&saved_profile(&sandbox), "default", "store_hash").as_deref(),
        Some(HASH)
    );
}

fn flags_and_variables_answer_and_piped_lines_fill_the_rest() {
    let sandbox = Sandbox::new();
    sandbox
        .run([
            "--secret-store",
            "file",
            "--client-id",
            ID,
            "--name",
            "SynchUP",
        ])
        .env("SYNCHUP_ACCESS_TOKEN", TOKEN)
        .stdin("store-abc1234\n")
        .success()
        .stderr_has("Removed the \"store-\" prefix");
    let doc = saved_profile(&sandbox);
    assert_eq!(
        value(&doc, "default", "store_hash").as_deref(),
        Some("abc1234")
    );
    assert_eq!(
        value(&doc, "default", "account_name").as_deref(),
        Some("SynchUP")
    );
}

fn everything_from_variables_needs_no_input() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["--secret-store", "file"])
        .env("SYNCHUP_CLIENT_ID", ID)
        .env("SYNCHUP_ACCESS_TOKEN", TOKEN)
        .env("SYNCHUP_STORE_HASH", HASH)
        .stdin("")
        .success();
    assert!(sandbox.credentials().unwrap().contains(TOKEN));
}

fn precedence_is_flag_then_piped_input_then_variable() {
    let sandbox = Sandbox::new();
    let flag_id = "flagclientid000000000000000000a";
    // A flag beats the piped file; a variable that says what the file says is no conflict.
    sandbox
        .run(["--secret-store", "file", "--client-id", flag_id])
        .env("SYNCHUP_ACCESS_TOKEN", TOKEN)
        .stdin(credentials_file())
        .success();
    let doc = saved_profile(&sandbox);
    assert_eq!(
        value(&doc, "default", "client_id").as_deref(),
        Some(flag_id)
    );
    assert_eq!(value(&doc, "default", "store_hash").as_deref(), Some(HASH));
    assert!(sandbox.credentials().unwrap().contains(TOKEN));
}

/// A variable left over from an earlier run is never mixed with the values named for this
/// one: the old token beside a new file's Client ID, the file then deleted, would lose the
/// new token for good.
fn a_variable_that_differs_from_the_file_or_a_flag_is_refused_and_the_file_kept() {
    let sandbox = Sandbox::new();
    let file = sandbox.write_file("new.txt", credentials_file());
    for (var, value) in [
        ("SYNCHUP_ACCESS_TOKEN", OTHER_TOKEN),
        ("SYNCHUP_STORE_HASH", "zzz9999"),
        ("SYNCHUP_CLIENT_ID", "envclientid0000000000000000000b"),
    ] {
        let done = sandbox
            .run(["--secret-store", "file", "--delete-file", "--from-file"])
            .args([&file])
            .env(var, value)
            .unchanged()
            .code(3)
            .stderr_has(var)
            .stderr_has("new.txt");
        assert!(
            done.stderr.contains("give different values"),
            "{}",
            done.stderr
        );
        assert!(file.exists(), "{var}: the file was deleted");
        assert!(sandbox.config().is_none(), "{var}: something was saved");
        // The same through a pipe.
        sandbox
            .run(["--secret-store", "file"])
            .env(var, value)
            .stdin(credentials_file())
            .unchanged()
            .code(3)
            .stderr_has("the piped input");
    }
    // A flag and a variable that differ.
    sandbox
        .run(["--secret-store", "file", "--client-id"])
        .args(["flagclientid000000000000000000a"])
        .env("SYNCHUP_CLIENT_ID", "envclientid0000000000000000000b")
        .env("SYNCHUP_ACCESS_TOKEN", TOKEN)
        .env("SYNCHUP_STORE_HASH", HASH)
        .unchanged()
        .code(3)
        .stderr_has("--client-id");
    // The same values, the store once as a hash and once as an API path, are no conflict.
    sandbox
        .run(["--secret-store", "file", "--delete-file", "--from-file"])
        .args([&file])
        .env("SYNCHUP_ACCESS_TOKEN", TOKEN)
        .env("SYNCHUP_STORE_HASH", HASH)
        .success()
        .stderr_has("Deleted");
    assert!(!file.exists());
    assert_eq!(sandbox.file_token("default").as_deref(), Some(TOKEN));
}

/// A profile moved to another store keeps nothing of the old store's values: its API
/// account's name would be passed off as the new store's.
fn a_profile_moved_to_another_store_keeps_no_old_name() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["--secret-store", "file", "--name", "Old store's account"])
        .stdin(format!("{ID}\n{TOKEN}\nzzz9999\n"))
        .success();
    sandbox
        .run(Vec::<String>::new())
        .stdin(format!(
            "ACCESS TOKEN: {OTHER_TOKEN}\nAPI PATH: {PATH}\nCLIENT ID: {ID}\n"
        ))
        .success();
    let doc = saved_profile(&sandbox);
    assert_eq!(value(&doc, "default", "store_hash").as_deref(), Some(HASH));
    let old = doc["profiles"]["default"].get("account_name");
    assert!(old.is_none(), "{old:?}");
}

fn a_rerun_keeps_what_is_not_given() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    // Empty lines keep the client ID and the token; a new store hash replaces the old one.
    sandbox
        .run(Vec::<String>::new())
        .stdin("\n\nabc1234\n")
        .success()
        .stderr_has("Access Token: kept");
    let doc = saved_profile(&sandbox);
    assert_eq!(value(&doc, "default", "client_id").as_deref(), Some(ID));
    assert_eq!(
        value(&doc, "default", "store_hash").as_deref(),
        Some("abc1234")
    );
    assert_eq!(
        value(&doc, "default", "secret_store").as_deref(),
        Some("file")
    );
    // The same token, in a slot named after the new store; no copy left in the old one.
    assert_eq!(sandbox.file_token("default").as_deref(), Some(TOKEN));
    assert_eq!(sandbox.file_token_count(), 1);

    // Missing lines keep values too; the same values again change nothing.
    let before = sandbox.snapshot();
    sandbox
        .run(Vec::<String>::new())
        .stdin("")
        .success()
        .stderr_has("Nothing changed");
    assert_eq!(sandbox.snapshot(), before);
}

fn a_rerun_keeps_comments_and_unknown_keys() {
    let sandbox = Sandbox::new();
    sandbox.write_config(format!(
        "# this machine serves the EU shop\n[profiles.default] # main\nstore_hash = \"abc1234\" \
         # old hash\nclient_id = \"{ID}\"\napi_path = \"x\"\nsecret_store = \"file\"\n\
         region = \"eu\"\n\n[connector]\npoll_seconds = 30\n"
    ));
    sandbox
        .run(Vec::<String>::new())
        .env("SYNCHUP_ACCESS_TOKEN", TOKEN)
        .stdin(format!("\n{PATH}\n"))
        .success();
    let text = sandbox.config().unwrap();
    assert!(
        text.starts_with("# this machine serves the EU shop\n"),
        "{text}"
    );
    assert!(text.contains("[profiles.default] # main\n"), "{text}");
    assert!(
        text.contains("store_hash = \"et7xe3pz\" # old hash\n"),
        "{text}"
    );
    assert!(text.contains("region = \"eu\"\n"), "{text}");
    assert!(text.contains("[connector]\npoll_seconds = 30\n"), "{text}");
    assert!(text.contains(&format!("api_path = \"{PATH}\"")), "{text}");
}

fn profiles_live_side_by_side() {
    let sandbox = Sandbox::new();
    for (profile, hash) in [("default", "abc1234"), ("eu-shop", "zzz9999")] {
        sandbox.set_up_profile(profile, hash);
    }
    let doc = saved_profile(&sandbox);
    assert_eq!(
        value(&doc, "default", "store_hash").as_deref(),
        Some("abc1234")
    );
    assert_eq!(
        value(&doc, "eu-shop", "store_hash").as_deref(),
        Some("zzz9999")
    );
    assert_eq!(sandbox.file_token("eu-shop").as_deref(), Some(TOKEN));
    assert_eq!(sandbox.file_token("default").as_deref(), Some(TOKEN));
}

fn config_location_follows_flag_then_variable() {
    let sandbox = Sandbox::new();
    let by_env = sandbox.path().join("env/config.toml");
    let by_flag = sandbox.path().join("flag/config.toml");
    sandbox
        .run(["--secret-store", "file"])
        .env("SYNCHUP_CONFIG", &by_env)
        .stdin(positional())
        .success();
    assert!(by_env.exists());
    assert!(sandbox.path().join("env/credentials.toml").exists());
    sandbox
        .run(["--secret-store", "file", "--config"])
        .args([&by_flag])
        .env("SYNCHUP_CONFIG", &by_env)
        .stdin(positional())
        .success();
    assert!(by_flag.exists());
    assert!(
        sandbox.config().is_none(),
        "the default location was not used"
    );
}

/// A line of the credentials file given for another value, as a script or a variable gives
/// it: refused with both labels and where it came from, without repeating the value.
fn a_line_labelled_for_another_value_is_refused_in_a_script() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["--secret-store", "file"])
        .stdin(format!("{ID}\nCLIENT ID: {ID}\n{PATH}\n"))
        .unchanged()
        .code(3)
        .stderr_has("line 2 of standard input: That is the CLIENT ID line; paste the ACCESS TOKEN line here.");
    let done = sandbox
        .run(["--secret-store", "file"])
        .env("SYNCHUP_CLIENT_ID", format!("ACCESS TOKEN: {TOKEN}"))
        .stdin(format!("{TOKEN}\n{PATH}\n"))
        .unchanged()
        .code(3)
        .stderr_has("SYNCHUP_CLIENT_ID")
        .stderr_has("That is the ACCESS TOKEN line; paste the CLIENT ID line here.");
    assert!(!holds_token(&done.output.stderr));
    sandbox
        .run([
            "--secret-store",
            "file",
            "--api-path",
            &format!("CLIENT ID: {ID}"),
        ])
        .stdin(format!("{ID}\n{TOKEN}\n"))
        .unchanged()
        .code(3)
        .stderr_has("--api-path")
        .stderr_has("That is the CLIENT ID line; paste the API PATH line here.");
}

/// The API Path pasted for the Client ID is named as what it is, and a space inside the API
/// Path is named rather than read into the hash ("%20...").
fn a_misplaced_or_broken_api_path_is_named() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["--secret-store", "file"])
        .stdin(format!("{PATH}\n{TOKEN}\n{PATH}\n"))
        .unchanged()
        .code(3)
        .stderr_has("line 1 of standard input: That looks like the API Path (a web address), not the Client ID.");
    sandbox
        .run(["--secret-store", "file"])
        .stdin(format!(
            "{ID}\n{TOKEN}\nhttps://api.bigcommerce.com/stores/ j8gxbenyjq/v3/\n"
        ))
        .unchanged()
        .code(3)
        .stderr_has("has a space inside, and an API Path has none")
        .stderr_lacks("%20");
}

fn missing_answers_are_named_with_exit_3() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["--secret-store", "file"])
        .stdin(format!("{ID}\n"))
        .unchanged()
        .code(3)
        .stderr_has("The Access Token is missing: add it as line 2")
        .stderr_has("The API Path is missing: add it as line 3")
        .stderr_has("nothing was saved");

    // With nothing piped, each value names its own line.
    sandbox
        .run(["--secret-store", "file"])
        .unchanged()
        .code(3)
        .stderr_has("The Client ID is missing: add it as line 1")
        .stderr_has("The Access Token is missing: add it as line 2")
        .stderr_has("The API Path is missing: add it as line 3");

    // A value given by a variable takes no line: the others move up.
    sandbox
        .run(["--secret-store", "file"])
        .env("SYNCHUP_CLIENT_ID", ID)
        .unchanged()
        .code(3)
        .stderr_has("The Access Token is missing: add it as line 1")
        .stderr_has("The API Path is missing: add it as line 2");
}

fn invalid_answers_are_named_with_their_line() {
    let sandbox = Sandbox::new();
    let stdin = format!("{ID}\n{TOKEN} extra\nhttps://shop.example.com/stores/abc1234/v3/\nmore\n");
    sandbox
        .run(["--secret-store", "file"])
        .stdin(stdin)
        .unchanged()
        .code(3)
        .stderr_has("line 2 of standard input: The Access Token contains a space")
        .stderr_has(
            "line 3 of standard input: \"shop.example.com\" is not a BigCommerce API address",
        )
        .stderr_has("line 4 of standard input: is an answer no question asked for");
}

fn invalid_variables_and_flags_are_named() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["--secret-store", "file", "--store-hash", "ab_cd123"])
        .env("SYNCHUP_CLIENT_ID", "short")
        .env("SYNCHUP_ACCESS_TOKEN", TOKEN)
        .unchanged()
        .code(3)
        .stderr_has("SYNCHUP_CLIENT_ID: The Client ID is only 5 characters")
        .stderr_has("--store-hash: The store hash \"ab_cd123\" contains \"_\"")
        // The hint fits where the values came from, not piped answers.
        .stderr_has("Correct SYNCHUP_CLIENT_ID")
        .stderr_lacks("Piped answers");
}

fn the_client_id_pasted_twice_is_refused() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["--secret-store", "file"])
        .stdin(format!("{ID}\n{ID}\n{PATH}\n"))
        .unchanged()
        .code(3)
        .stderr_has("pasted twice");
}

fn broken_credentials_files_are_refused() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["--secret-store", "file"])
        .stdin(format!(
            "CLIENT ID: {ID}\nACCESS TOKEN {TOKEN}\nCLIENT ID: {ID}\n"
        ))
        .unchanged()
        .code(3)
        .stderr_has("line 2 of standard input: expected \"LABEL: value\"")
        .stderr_has("line 3 of standard input: CLIENT ID appears twice");

    let missing = sandbox.path().join("nowhere.txt");
    sandbox
        .run(["--secret-store", "file", "--from-file"])
        .args([&missing])
        .unchanged()
        .code(3)
        .stderr_has("nowhere.txt: cannot be read")
        .stderr_has("the file BigCommerce downloaded")
        .stderr_lacks("Piped answers");

    let positional_file = sandbox.write_file("lines.txt", positional());
    sandbox
        .run(["--secret-store", "file", "--from-file"])
        .args([&positional_file])
        .unchanged()
        .code(3)
        .stderr_has("is not a BigCommerce credentials file");
}

fn two_sources_for_different_stores_are_refused() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["--secret-store", "file", "--client-id", ID])
        .env("SYNCHUP_ACCESS_TOKEN", TOKEN)
        .env("SYNCHUP_API_PATH", PATH)
        .env("SYNCHUP_STORE_HASH", "zzz9999")
        .unchanged()
        .code(3)
        .stderr_has("name different stores");
}

fn binary_or_huge_input_is_refused() {
    let sandbox = Sandbox::new();
    let done = sandbox
        .run(Vec::<String>::new())
        .stdin("\u{0}\u{ff}")
        .unchanged()
        .code(3);
    assert!(
        done.stderr.contains("standard input") || done.stderr.contains("Client ID"),
        "{}",
        done.stderr
    );
    sandbox
        .run(Vec::<String>::new())
        .stdin("x".repeat(100 * 1024))
        .unchanged()
        .code(3)
        .stderr_has("larger than 64 KB");
}

fn usage_errors_exit_2() {
    let sandbox = Sandbox::new();
    for args in [
        &["--access-token", TOKEN][..],
        &["--api-path", PATH, "--store-hash", HASH],
        &["--profile", "a/b"],
        &["--secret-store", "vault"],
        &["remove"],
        &["show", "--client-id", ID],
    ] {
        sandbox.run(args).stdin("").code(2);
        assert!(sandbox.snapshot().is_empty(), "{args:?} wrote something");
    }
}

fn a_corrupt_config_is_named_and_left_alone() {
    let sandbox = Sandbox::new();
    let broken = "[profiles.default]\nstore_hash = \"abc1234\nclient_id = 5\n";
    sandbox.write_config(broken);
    let output = sandbox
        .run(["--secret-store", "file"])
        .stdin(positional())
        .code(5)
        .output;
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("config.toml: is not valid TOML at line 2"),
        "{stderr}"
    );
    assert_eq!(sandbox.config().as_deref(), Some(broken));
    assert!(sandbox.credentials().is_none(), "no orphaned secret");
}

// Not on Windows: its Credential Manager is always there, so there is no machine without a
// keychain to stand in for (its one absence, a logon without a password, is
// `platform::keychain`'s to explain).
#[cfg(not(windows))]
fn no_keychain_in_a_script_is_exit_4_with_the_way_out() {
    let sandbox = Sandbox::new();
    sandbox
        .run(Vec::<String>::new())
        .stdin(positional())
        .unchanged()
        .code(4)
        .stderr_has("no OS keychain here")
        .stderr_has("--secret-store file");
    assert!(sandbox.config().is_none());
}

fn the_access_token_is_not_in_the_process_arguments() {
    // The only ways in are a pipe, a file and a variable; clap rejects a token flag, so no
    // command line (visible to other users in `ps`) can carry it.
    let sandbox = Sandbox::new();
    let help = sandbox.run(["--help"]).success().stdout;
    assert!(!help.contains("--access-token"), "{help}");
    assert!(help.contains("SYNCHUP_ACCESS_TOKEN"), "{help}");
}

/// A config write that fails after the new token was stored puts the old token back. The
/// failure is real: a file-size limit (inherited by the program) that the small
/// credentials file fits under and the padded config does not. It works as root too,
/// unlike a read-only directory.
// Unix only: the file-size limit (ulimit -f) has no Windows counterpart.
#[cfg(unix)]
fn a_failing_config_write_keeps_the_previous_token() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let padded = sandbox.pad_config();
    let credentials_before = sandbox.credentials().unwrap();

    let output = sandbox
        .run(Vec::<String>::new())
        .prepared(SMALL_FILES_ONLY)
        .stdin(format!("\n{OTHER_TOKEN}\n\n"))
        .code(5)
        .output;
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("config.toml: cannot be written"),
        "{stderr}"
    );
    assert_eq!(
        sandbox.config().as_deref(),
        Some(padded.as_str()),
        "config untouched"
    );
    assert_eq!(
        sandbox.credentials().unwrap(),
        credentials_before,
        "old token back"
    );
    let leftovers: Vec<_> = std::fs::read_dir(sandbox.config_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

fn the_same_values_again_change_nothing() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["--secret-store", "file"])
        .stdin(credentials_file())
        .success();
    // Answers and file alike: nothing written, no new updated_at, said so, exit 0.
    sandbox
        .run(Vec::<String>::new())
        .stdin(positional())
        .unchanged()
        .success()
        .stderr_has("Nothing changed");
    sandbox
        .run(Vec::<String>::new())
        .stdin(credentials_file())
        .unchanged()
        .success()
        .stderr_has("Nothing changed");
    // A different token is saved.
    sandbox
        .run(Vec::<String>::new())
        .stdin(format!("{ID}\n{OTHER_TOKEN}\n{PATH}\n"))
        .success()
        .stderr_has("Saved profile");
    assert!(sandbox.credentials().unwrap().contains(OTHER_TOKEN));
}

fn a_piped_document_is_one_problem_not_one_per_line() {
    let sandbox = Sandbox::new();
    let readme: String = (1..=167).map(|i| format!("readme line {i}\n")).collect();
    let done = sandbox
        .run(["--secret-store", "file"])
        .stdin(readme)
        .unchanged()
        .code(3)
        .stderr_has("line 4 of standard input: is an answer no question asked for (and 163 more lines after it)");
    assert!(done.stderr.lines().count() < 10, "{}", done.stderr);
}

fn a_credentials_file_is_deleted_after_saving_only_with_delete_file() {
    let sandbox = Sandbox::new();
    let file = sandbox.write_file("API Credentials.txt", credentials_file());
    sandbox
        .run(["--secret-store", "file", "--from-file"])
        .args([&file])
        .success()
        .stderr_has("--delete-file deletes it");
    assert!(
        file.exists(),
        "a script deleted the file without --delete-file"
    );

    // The values are saved already: with --delete-file the file goes all the same.
    sandbox
        .run(["--from-file"])
        .args([&file])
        .args(["--delete-file"])
        .success()
        .stderr_has("Nothing changed")
        .stderr_has("Deleted");
    assert!(!file.exists());

    let file = sandbox.write_file("API Credentials.txt", credentials_file());
    std::fs::remove_file(sandbox.config_path()).unwrap();
    sandbox
        .run(["--secret-store", "file", "--delete-file", "--from-file"])
        .args([&file])
        .success()
        .stderr_has("Saved profile")
        .stderr_has("Deleted");
    assert!(!file.exists());

    // Nothing to delete without --from-file.
    sandbox
        .run(["--delete-file"])
        .stdin(credentials_file())
        .unchanged()
        .code(2)
        .stderr_has("--from-file");
}

/// The file is deleted only when the values saved, read back, are the file's: a flag that
/// replaced one of them leaves the file as the only copy of that value.
fn a_credentials_file_is_deleted_only_when_its_values_are_the_saved_ones() {
    let sandbox = Sandbox::new();
    let file = sandbox.write_file("API Credentials.txt", credentials_file());
    sandbox
        .run(["--secret-store", "file", "--delete-file", "--client-id"])
        .args(["flagclientid000000000000000000a", "--from-file"])
        .args([&file])
        .success()
        .stderr_has("Saved profile")
        .stderr_has("the saved Client ID is not the file's");
    assert!(file.exists());
}

/// A link given to --from-file --delete-file is neither deleted nor followed, and the run
/// says so.
#[cfg(unix)]
fn a_linked_credentials_file_is_named_not_deleted() {
    let sandbox = Sandbox::new();
    let file = sandbox.write_file("API Credentials.txt", credentials_file());
    let link = sandbox.path().join("link.txt");
    std::os::unix::fs::symlink(&file, &link).unwrap();
    sandbox
        .run(["--secret-store", "file", "--delete-file", "--from-file"])
        .args([&link])
        .success()
        .stderr_has("is a symbolic link")
        .stderr_has("delete it yourself");
    assert!(file.exists());
    assert!(link.symlink_metadata().is_ok());
}

fn a_script_never_looks_in_downloads() {
    let sandbox = Sandbox::new();
    let downloads = sandbox.home().join("Downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let file = downloads.join("API Credentials.txt");
    // Another account's token: the sandbox's own token is not allowed outside the stores.
    let text = credentials_file().replace(TOKEN, "DoWnLoAdEd0000000000000000000a1b");
    std::fs::write(&file, &text).unwrap();
    sandbox
        .run(["--secret-store", "file", "--client-id", ID])
        .env("SYNCHUP_ACCESS_TOKEN", TOKEN)
        .stdin(format!("{PATH}\n"))
        .success()
        .stderr_lacks("Found")
        .stderr_lacks("Downloads");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

fn messages_off_a_terminal_are_plain_ascii() {
    let sandbox = Sandbox::new();
    let done = sandbox
        .run(["--secret-store", "file"])
        .stdin(format!("{ID}\n{TOKEN}\nstore-{HASH}\n"))
        .success()
        .stderr_has("note: line 3 of standard input: Removed the \"store-\" prefix")
        .stderr_has("ok: Saved profile \"default\"")
        .stderr_has("warning: The token is in a plain file")
        .stderr_has("Access Token -> file ");
    assert!(done.stderr.is_ascii(), "{}", done.stderr);
    let done = sandbox.run(["steps"]).success();
    assert!(done.stdout.is_ascii(), "{}", done.stdout);
    assert!(
        done.stdout
            .contains("Settings, then Store-level API accounts (under API in some control"),
        "{}",
        done.stdout
    );
}

fn quiet_says_only_what_needs_attention_and_verbose_what_was_asked() {
    let sandbox = Sandbox::new();
    // A first save to the file store: -q leaves the warning about the plain file only.
    let done = sandbox
        .run(["-q", "--secret-store", "file"])
        .stdin(positional())
        .success();
    assert_eq!(
        done.stderr
            .lines()
            .filter(|l| !l.starts_with("  "))
            .collect::<Vec<_>>(),
        [
            "warning: The token is in a plain file, created readable only by you. Prefer the OS keychain where there is one: run again with --secret-store keychain."
        ],
        "{}",
        done.stderr
    );
    assert!(!done.stderr.contains("Next:"), "{}", done.stderr);

    // -v after the subcommand or before it: each request to the store, never the token.
    for args in [&["show", "-v"][..], &["-v", "show"]] {
        sandbox
            .run(args.iter().copied())
            .success()
            .stderr_has("[file] read the file ")
            .stderr_has("credentials.toml: a token is there (");
    }
    sandbox
        .run(["-v"])
        .stdin(format!("{ID}\n{OTHER_TOKEN}\n{PATH}\n"))
        .success()
        .stderr_has("[file] write the file ")
        .stderr_has(": stored (");
    sandbox
        .run(["show", "-q", "-v"])
        .unchanged()
        .code(2)
        .stderr_has("cannot be used with");
}

fn the_token_is_never_an_argument() {
    let sandbox = Sandbox::new();
    for args in [
        vec!["--access-token", TOKEN],
        vec!["--token", TOKEN],
        vec![&format!("--token={TOKEN}")],
        vec!["show", &format!("--access-token={TOKEN}")],
        vec!["--secret-store", "file", "--token"],
        // Misspelt, it is still a token on the command line: refused, not met with a tip
        // to use the flag.
        vec!["--acces-token", TOKEN],
        vec!["show", &format!("--access_token={TOKEN}")],
    ] {
        // The run checks that the token is in no output and no file.
        sandbox
            .run(args.iter().map(|a| a.to_string()))
            .unchanged()
            .code(2)
            .stderr_has("The token is never an argument: pipe it or set SYNCHUP_ACCESS_TOKEN.");
    }
}

fn the_end_says_what_happens_next_in_both_cases() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["--secret-store", "file", "--profile", "eu"])
        .stdin(positional())
        .success()
        .stderr_has(
            "To enter the values in SynchUP yourself: synchup-setup show --profile eu lists them",
        )
        .stderr_has("synchup-setup token --show --profile eu prints the Access Token")
        .stderr_has("If an integration specialist completes the setup")
        .stderr_has("synchup-setup share --profile eu encrypts the values")
        .stderr_lacks("reads these values from here");
}

// Unix only: /dev/fd/3, what a shell's <(...) gives; Windows shells have no such paths.
#[cfg(unix)]
fn a_credentials_file_from_a_pipe_is_not_offered_for_deletion() {
    // --from-file /dev/fd/3, as <(...) gives: read as it comes, nothing on disk to delete.
    let sandbox = Sandbox::new();
    sandbox
        .run([
            "--secret-store",
            "file",
            "--delete-file",
            "--from-file",
            "/dev/fd/3",
        ])
        .prepared("exec 3<&0")
        .stdin(credentials_file())
        .success()
        .stderr_has("Saved profile")
        .stderr_lacks("elete");
}

/// The credentials file as Notepad saves it: UTF-8 with a byte-order mark, or "Unicode"
/// (UTF-16 little-endian with its mark), with CRLF line ends; and UTF-16 big-endian, its
/// other choice. Each is read from `--from-file` and from a pipe (as PowerShell's `>` makes
/// UTF-16 too).
fn a_credentials_file_saved_by_notepad_is_read_in_each_of_its_encodings() {
    let text = credentials_file().replace('\n', "\r\n");
    let utf16 = |big_endian: bool| -> Vec<u8> {
        std::iter::once(0xfeff)
            .chain(text.encode_utf16())
            .flat_map(|unit| {
                if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                }
            })
            .collect()
    };
    let encodings: [(&str, Vec<u8>); 3] = [
        (
            "UTF-8 with BOM",
            [&[0xef, 0xbb, 0xbf][..], text.as_bytes()].concat(),
        ),
        ("UTF-16 LE", utf16(false)),
        ("UTF-16 BE", utf16(true)),
    ];
    for (name, bytes) in encodings {
        let sandbox = Sandbox::new();
        let file = sandbox.path().join("API Credentials.txt");
        std::fs::write(&file, &bytes).unwrap();
        sandbox
            .run(["--secret-store", "file", "--from-file"])
            .args([&file])
            .success()
            .stderr_has("Saved profile");
        assert_eq!(
            sandbox.file_token("default").as_deref(),
            Some(TOKEN),
            "{name}"
        );
        let doc = saved_profile(&sandbox);
        assert_eq!(
            value(&doc, "default", "client_id").as_deref(),
            Some(ID),
            "{name}"
        );
        assert_eq!(
            value(&doc, "default", "store_hash").as_deref(),
            Some(HASH),
            "{name}"
        );

        let piped = Sandbox::new();
        piped.run(["--secret-store", "file"]).stdin(bytes).success();
        assert_eq!(
            piped.file_token("default").as_deref(),
            Some(TOKEN),
            "{name}"
        );
    }
    // Text that is none of them (an odd number of bytes after a UTF-16 mark, bytes that
    // are not UTF-8) is still refused.
    for bytes in [&[0xff, 0xfe, 0x41][..], &[0x41, 0xff, 0x0a]] {
        let sandbox = Sandbox::new();
        let output = sandbox
            .run(["--secret-store", "file"])
            .stdin(bytes)
            .code(3)
            .output;
        assert!(
            stderr_of(&output).contains("is not text"),
            "{}",
            stderr_of(&output)
        );
    }
}

/// Answers typed in a Windows console or saved by Notepad end their lines with CRLF: the
/// CR is never part of a value.
fn crlf_line_ends_are_read_like_lf() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["--secret-store", "file"])
        .stdin(format!("{ID}\r\n{TOKEN}\r\n{PATH}\r\n"))
        .success();
    let doc = saved_profile(&sandbox);
    assert_eq!(value(&doc, "default", "client_id").as_deref(), Some(ID));
    assert_eq!(value(&doc, "default", "api_path").as_deref(), Some(PATH));
    assert_eq!(sandbox.file_token("default").as_deref(), Some(TOKEN));
    // An update from CRLF lines: empty lines keep the saved values.
    sandbox
        .run(Vec::<String>::new())
        .stdin(format!("\r\n{OTHER_TOKEN}\r\n\r\n"))
        .success();
    assert_eq!(sandbox.file_token("default").as_deref(), Some(OTHER_TOKEN));
    assert_eq!(
        value(&saved_profile(&sandbox), "default", "client_id").as_deref(),
        Some(ID)
    );
}

/// A config in a folder whose name has spaces and letters beyond ASCII (a user name such as
/// "José García", a OneDrive folder): every command finds it, and names it as it is.
fn a_config_path_with_spaces_and_accents_works_everywhere() {
    let sandbox = Sandbox::new();
    let dir = sandbox
        .path()
        .join("Dossier partagé de José")
        .join("Café été");
    let config = dir.join("config.toml");
    let shown = config.display().to_string();
    let with = |args: &[&str]| {
        let mut all: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
        all.extend(["--config".into(), config.clone().into_os_string()]);
        all
    };
    sandbox
        .run(with(&["--secret-store", "file"]))
        .stdin(positional())
        .success()
        .stderr_has(&shown);
    assert!(dir.join("credentials.toml").exists());
    let show = sandbox.run(with(&["show"])).success();
    assert!(show.stdout.contains(&shown), "{}", show.stdout);
    assert_eq!(
        sandbox.run(with(&["show", "--json"])).success().json()["config"],
        shown
    );
    sandbox.run(with(&["check"])).success();
    sandbox
        .run(with(&["token"]))
        .token_on_stdout()
        .success()
        .stdout_has(TOKEN);
    sandbox.run(with(&["list"])).success().stdout_has(HASH);
    // And through the variable, as a connector's service would be configured.
    sandbox
        .run(["show"])
        .env("SYNCHUP_CONFIG", &config)
        .success()
        .stdout_has(TOKEN_MASK);
    sandbox.run(with(&["remove", "--yes"])).success();
    let left = std::fs::read_to_string(dir.join("credentials.toml")).unwrap_or_default();
    assert!(!holds_token(left.as_bytes()), "{left}");
}

crate::harness::tests! {
    positional_answers_are_checked_and_saved,
    files_are_private_and_new_directories_too,
    #[cfg(unix)]
    an_existing_directory_keeps_its_mode,
    the_downloaded_file_can_be_piped_and_its_client_secret_is_dropped,
    from_file_reads_the_downloaded_file,
    flags_and_variables_answer_and_piped_lines_fill_the_rest,
    everything_from_variables_needs_no_input,
    precedence_is_flag_then_piped_input_then_variable,
    a_variable_that_differs_from_the_file_or_a_flag_is_refused_and_the_file_kept,
    a_profile_moved_to_another_store_keeps_no_old_name,
    a_rerun_keeps_what_is_not_given,
    a_rerun_keeps_comments_and_unknown_keys,
    profiles_live_side_by_side,
    config_location_follows_flag_then_variable,
    missing_answers_are_named_with_exit_3,
    a_line_labelled_for_another_value_is_refused_in_a_script,
    a_misplaced_or_broken_api_path_is_named,
    invalid_answers_are_named_with_their_line,
    invalid_variables_and_flags_are_named,
    the_client_id_pasted_twice_is_refused,
    broken_credentials_files_are_refused,
    two_sources_for_different_stores_are_refused,
    binary_or_huge_input_is_refused,
    usage_errors_exit_2,
    a_corrupt_config_is_named_and_left_alone,
    #[cfg(not(windows))]
    no_keychain_in_a_script_is_exit_4_with_the_way_out,
    the_access_token_is_not_in_the_process_arguments,
    #[cfg(unix)]
    a_failing_config_write_keeps_the_previous_token,
    the_same_values_again_change_nothing,
    a_piped_document_is_one_problem_not_one_per_line,
    a_credentials_file_is_deleted_after_saving_only_with_delete_file,
    a_credentials_file_is_deleted_only_when_its_values_are_the_saved_ones,
    #[cfg(unix)]
    a_linked_credentials_file_is_named_not_deleted,
    a_script_never_looks_in_downloads,
    messages_off_a_terminal_are_plain_ascii,
    quiet_says_only_what_needs_attention_and_verbose_what_was_asked,
    the_token_is_never_an_argument,
    the_end_says_what_happens_next_in_both_cases,
    #[cfg(unix)]
    a_credentials_file_from_a_pipe_is_not_offered_for_deletion,
    a_credentials_file_saved_by_notepad_is_read_in_each_of_its_encodings,
    crlf_line_ends_are_read_like_lf,
    a_config_path_with_spaces_and_accents_works_everywhere,
}
