//! Managing saved credentials: show, check, token, list, use, remove, completions.

use serde_json::Value;

use crate::common::*;

fn show_json_names_every_value_and_its_source() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let done = sandbox.run(["show", "--json"]).success();
    let json = done.json();
    let config = sandbox.config_path().display().to_string();
    let credentials = sandbox.credentials_path().display().to_string();
    assert_eq!(json["profile"], "default");
    assert_eq!(json["profile_chosen_by"], "default");
    assert_eq!(json["config"], config.as_str());
    assert_eq!(json["config_chosen_by"], sandbox.config_chosen_by());
    assert_eq!(json["saved"], true);
    assert_eq!(json["secret_store"], "file");
    assert!(json["updated_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(json["store_hash"]["value"], HASH);
    assert_eq!(json["store_hash"]["source"]["kind"], "config");
    assert_eq!(json["store_hash"]["source"]["path"], config.as_str());
    assert_eq!(json["store_hash"]["overrides_saved"], false);
    assert_eq!(json["api_path"]["value"], PATH);
    assert_eq!(json["client_id"]["value"], ID);
    assert_eq!(json["access_token"]["value"], TOKEN_MASK);
    assert_eq!(json["access_token"]["state"], "present");
    assert_eq!(json["access_token"]["source"]["kind"], "file");
    assert_eq!(json["access_token"]["source"]["path"], credentials.as_str());
    let warnings = json["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].as_str().unwrap().contains("plain file"));
    // The same warning is visible on a terminal-less stderr too.
    done.stderr_has("plain file");
}

fn show_warns_when_a_variable_overrides_a_saved_value() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let other_id = "envclientid0000000000000000000b";
    sandbox
        .run(["show"])
        .env("SYNCHUP_CLIENT_ID", other_id)
        .success()
        .stdout_has(other_id)
        .stdout_has("(SYNCHUP_CLIENT_ID, overrides the saved value)")
        .stderr_has("SYNCHUP_CLIENT_ID is set and overrides the saved value");

    // The run fails if the token (OTHER_TOKEN too) is in its output.
    let json = sandbox
        .run(["show", "--json"])
        .env("SYNCHUP_ACCESS_TOKEN", OTHER_TOKEN)
        .success()
        .json();
    assert_eq!(json["access_token"]["source"]["kind"], "env");
    assert_eq!(
        json["access_token"]["source"]["variable"],
        "SYNCHUP_ACCESS_TOKEN"
    );
    assert_eq!(json["access_token"]["overrides_saved"], true);
    assert_eq!(json["access_token"]["value"], "****q1w2");
}

fn show_reports_a_missing_token() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    std::fs::remove_file(sandbox.credentials_path()).unwrap();
    let json = sandbox.run(["show", "--json"]).success().json();
    assert_eq!(json["access_token"]["state"], "missing");
    assert_eq!(json["access_token"]["value"], Value::Null);
}

fn check_json(sandbox: &Sandbox, args: &[&str], code: i32) -> Value {
    let json = sandbox
        .run(["check", "--json"])
        .args(args)
        .code(code)
        .json();
    assert_eq!(json["exit_code"], code);
    assert_eq!(json["healthy"], code == 0);
    json
}

fn item<'a>(json: &'a Value, check: &str) -> &'a Value {
    json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["check"] == check)
        .unwrap_or_else(|| panic!("no {check} check in {json}"))
}

fn check_passes_a_healthy_profile() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let json = check_json(&sandbox, &[], 0);
    assert_eq!(json["profile"], "default");
    for check in [
        "config",
        "store hash",
        "client id",
        "api path",
        "access token",
        "permissions",
    ] {
        assert_eq!(item(&json, check)["status"], "ok", "{check}: {json}");
    }
    assert_eq!(item(&json, "secret store")["status"], "warning");

    sandbox
        .run(["check"])
        .success()
        .stdout_has("Access Token  ****x9z8")
        .stdout_has("Healthy.");
}

fn check_reports_a_missing_token_with_exit_4_and_the_fix() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    std::fs::remove_file(sandbox.credentials_path()).unwrap();
    let json = check_json(&sandbox, &[], 4);
    let token = item(&json, "access token");
    assert_eq!(token["status"], "problem");
    assert!(token["message"].as_str().unwrap().contains("missing"));
    assert!(
        token["fix"]
            .as_str()
            .unwrap()
            .contains("Run synchup-setup to")
    );
}

// Unix modes; on Windows an access list:
// `windows::check_fails_a_token_file_others_can_read_and_warns_about_a_readable_config`.
#[cfg(unix)]
fn check_fails_a_token_file_others_can_read_and_warns_about_a_readable_config() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::new();
    sandbox.set_up();
    std::fs::set_permissions(
        sandbox.config_path(),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let json = check_json(&sandbox, &[], 0);
    let warning = item(&json, "permissions");
    assert_eq!(warning["status"], "warning");
    assert_eq!(
        warning["fix"],
        format!("chmod 600 '{}'", sandbox.config_path().display())
    );

    for mode in [0o644, 0o640, 0o604] {
        std::fs::set_permissions(
            sandbox.credentials_path(),
            std::fs::Permissions::from_mode(mode),
        )
        .unwrap();
        let json = check_json(&sandbox, &[], 5);
        let token = item(&json, "access token");
        assert_eq!(token["status"], "problem", "{mode:o}");
        assert!(
            token["fix"].as_str().unwrap().contains(&format!(
                "chmod 600 '{}'",
                sandbox.credentials_path().display()
            )),
            "{token}"
        );
        // Nothing on the same screen claims the token file is private.
        let text = sandbox.run(["check"]).code(5).stdout;
        assert!(
            !text.contains("private to you") || !text.contains("token file"),
            "{text}"
        );
        assert!(!text.contains("readable only by you"), "{text}");
        // Nor is the token read from it for anyone.
        sandbox.run(["token"]).code(5).stderr_has("chmod 600");
    }
}

fn check_finds_hand_edited_mistakes() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let text = sandbox
        .config()
        .unwrap()
        .replace("stores/et7xe3pz/", "stores/abc1234/");
    sandbox.write_config(text);
    let json = check_json(&sandbox, &[], 5);
    let api = item(&json, "api path");
    assert!(
        api["message"]
            .as_str()
            .unwrap()
            .contains("names store abc1234"),
        "{api}"
    );

    let text = sandbox.config().unwrap().replace(ID, "not an id");
    sandbox.write_config(text);
    let json = check_json(&sandbox, &[], 5);
    assert_eq!(item(&json, "client id")["status"], "problem");
}

fn check_of_a_broken_config_or_unknown_profile() {
    let sandbox = Sandbox::new();
    sandbox.write_config("[profiles.default\n");
    let json = check_json(&sandbox, &[], 5);
    assert!(
        item(&json, "config")["message"]
            .as_str()
            .unwrap()
            .contains("line 1")
    );
    assert_eq!(sandbox.config().as_deref(), Some("[profiles.default\n"));

    let sandbox = Sandbox::new();
    sandbox.set_up();
    let json = check_json(&sandbox, &["--profile", "nope"], 3);
    assert!(
        item(&json, "profile")["fix"]
            .as_str()
            .unwrap()
            .contains("default")
    );
}

fn check_of_an_invalid_variable_is_bad_input() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let json = sandbox
        .run(["check", "--json"])
        .env("SYNCHUP_STORE_HASH", "not/a/hash")
        .code(3)
        .json();
    assert!(
        item(&json, "store hash")["message"]
            .as_str()
            .unwrap()
            .starts_with("SYNCHUP_STORE_HASH")
    );
}

fn token_prints_the_token_alone_for_scripts() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    // On standard output alone: the run fails if it is on standard error.
    let done = sandbox.run(["token"]).token_on_stdout().success();
    assert_eq!(done.stdout, format!("{TOKEN}\n"));

    let done = sandbox
        .run(["token"])
        .env("SYNCHUP_ACCESS_TOKEN", OTHER_TOKEN)
        .token_on_stdout()
        .success();
    assert_eq!(done.stdout, format!("{OTHER_TOKEN}\n"));
}

/// Output that could not be written is a failure: `$(synchup-setup token)` must never go
/// on with an empty token, and `show > /dev/full` must not say all went well.
#[cfg(target_os = "linux")]
fn output_that_cannot_be_written_fails() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    for args in [
        &["token"][..],
        &["show"],
        &["show", "--json"],
        &["list"],
        &["check"],
        &["completions", "bash"],
    ] {
        sandbox
            .run(args.iter().copied())
            .prepared("exec >/dev/full")
            .code(1)
            .stderr_has("writing to standard output");
    }
    // A pipe whose reader has gone: a FIFO opened for writing while the shell holds its
    // reading end, which it then closes, so the token has nowhere to go. A listing may
    // stop quietly there (`show | head`); the token may not.
    let fifo = sandbox.path().join("reader-gone");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.unwrap().success());
    let gone = format!("exec 3<>'{0}' >'{0}' 3<&-", fifo.display());
    sandbox
        .run(["token"])
        .prepared(&gone)
        .code(1)
        .stderr_has("writing to standard output");
    sandbox.run(["show"]).prepared(&gone).success();
}

fn token_fails_clearly_when_there_is_none() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    // Nothing on standard output, nothing written.
    sandbox
        .run(["token", "--profile", "nope"])
        .unchanged()
        .code(3);
    std::fs::remove_file(sandbox.credentials_path()).unwrap();
    sandbox
        .run(["token"])
        .unchanged()
        .code(4)
        .stderr_has("missing");
}

fn list_marks_the_default_and_use_changes_it() {
    let sandbox = Sandbox::new();
    assert_eq!(sandbox.run(["list", "--json"]).success().stdout, "[]\n");
    sandbox.set_up_profile("default", "abc1234");
    sandbox.set_up_profile("eu-shop", "zzz9999");

    let list = |sandbox: &Sandbox| sandbox.run(["list", "--json"]).success().json();
    let json = list(&sandbox);
    let entries = json.as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["name"], "default");
    assert_eq!(entries[0]["store_hash"], "abc1234");
    assert_eq!(entries[0]["secret_store"], "file");
    assert_eq!(entries[0]["default"], true);
    assert_eq!(entries[1]["name"], "eu-shop");
    assert_eq!(entries[1]["default"], false);
    assert!(entries[1]["updated_at"].is_string());

    sandbox
        .run(["use", "eu-shop"])
        .success()
        .stderr_has("now use profile \"eu-shop\"");
    let json = list(&sandbox);
    assert_eq!(json[0]["default"], false);
    assert_eq!(json[1]["default"], true);
    assert!(
        sandbox
            .config()
            .unwrap()
            .contains("default_profile = \"eu-shop\"")
    );

    // Commands without --profile follow it; --profile and SYNCHUP_PROFILE still win.
    let json = sandbox.run(["show", "--json"]).success().json();
    assert_eq!(json["profile"], "eu-shop");
    assert_eq!(json["profile_chosen_by"], "config_default");
    let json = sandbox
        .run(["show", "--json"])
        .env("SYNCHUP_PROFILE", "default")
        .success()
        .json();
    assert_eq!(json["profile_chosen_by"], "env");
    let json = sandbox
        .run(["show", "--json", "--profile", "default"])
        .success()
        .json();
    assert_eq!(json["profile_chosen_by"], "flag");
    assert_eq!(json["store_hash"]["value"], "abc1234");

    sandbox
        .run(["list"])
        .success()
        .stdout_has("* eu-shop")
        .stdout_has("  default");
}

fn use_of_an_unknown_profile_lists_the_known_ones() {
    let sandbox = Sandbox::new();
    sandbox.set_up_profile("default", "abc1234");
    sandbox
        .run(["use", "us"])
        .unchanged()
        .code(3)
        .stderr_has("Known profiles: default");
}

fn removing_the_default_profile_clears_it_and_warns_about_variables() {
    let sandbox = Sandbox::new();
    sandbox.set_up_profile("default", "abc1234");
    sandbox.set_up_profile("eu", "zzz9999");
    sandbox.run(["use", "eu"]).success();
    sandbox
        .run(["remove", "--yes"])
        .env("SYNCHUP_ACCESS_TOKEN", OTHER_TOKEN)
        .success()
        .stderr_has("Removed profile \"eu\"")
        .stderr_has("Commands without --profile used it; they now use profile \"default\"")
        .stderr_has("SYNCHUP_ACCESS_TOKEN is still set");
    assert!(!sandbox.config().unwrap().contains("default_profile"));
}

fn an_invalid_profile_variable_is_a_usage_error() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["show"])
        .env("SYNCHUP_PROFILE", "../etc")
        .unchanged()
        .code(2)
        .stderr_has("SYNCHUP_PROFILE");
}

fn completions_for_every_shell_and_a_man_page() {
    let sandbox = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = sandbox.run(["completions", shell]).success().stdout;
        assert!(script.contains("synchup-setup"), "{shell}");
        for command in ["show", "check", "token", "remove", "list"] {
            assert!(script.contains(command), "{shell} completes {command}");
        }
    }
    sandbox.run(["completions", "tcsh"]).unchanged().code(2);
    let roff = sandbox.run(["manpage"]).success().stdout;
    assert!(roff.starts_with(".ie") || roff.contains(".TH"), "{roff}");
    assert!(roff.contains("synchup\\-setup"), "{roff}");
    assert!(roff.contains("SYNCHUP_ACCESS_TOKEN"), "{roff}");
}

fn colours_follow_the_terminal_and_can_be_forced() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let plain = sandbox.run(["show"]).success().stdout;
    assert!(!plain.contains("\x1b["), "{plain}");
    let forced = sandbox
        .run(["show"])
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .success()
        .stdout;
    assert!(forced.contains("\x1b["), "{forced}");
}

fn an_invalid_token_variable_gets_a_hint_about_the_variable() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    sandbox
        .run(["token"])
        .env("SYNCHUP_ACCESS_TOKEN", "not a token")
        .code(3)
        .stderr_has("SYNCHUP_ACCESS_TOKEN")
        .stderr_has("unset it")
        .stderr_lacks("Piped answers");
}

fn an_unusable_keychain_timeout_is_named_for_every_command() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    for args in [&["show"][..], &["check"], &["token"], &[]] {
        for value in ["1e20", "abc"] {
            sandbox
                .run(args)
                .env("SYNCHUP_KEYCHAIN_TIMEOUT", value)
                .unchanged()
                .code(2)
                .stderr_has("SYNCHUP_KEYCHAIN_TIMEOUT is");
        }
    }
}

fn global_options_go_before_or_after_the_subcommand() {
    let sandbox = Sandbox::new();
    sandbox.set_up_profile("eu", HASH);
    let config = sandbox.config_path().display().to_string();
    for args in [
        vec!["--profile", "eu", "show", "--json"],
        vec!["show", "--json", "--profile", "eu"],
        vec!["--config", &config, "--profile", "eu", "show", "--json"],
        vec![
            "-q",
            "show",
            "--profile",
            "eu",
            "--json",
            "--config",
            &config,
        ],
    ] {
        let json = sandbox.run(args.iter().copied()).success().json();
        assert_eq!(json["profile"], "eu", "{args:?}");
        assert_eq!(json["profile_chosen_by"], "flag", "{args:?}");
    }
    for args in [
        vec!["--config", &config, "--profile", "eu", "token"],
        vec!["token", "--profile", "eu", "--config", &config],
    ] {
        sandbox
            .run(args.iter().copied())
            .token_on_stdout()
            .success()
            .stdout_has(TOKEN);
    }
    sandbox.run(["--profile", "eu", "check"]).success();
    sandbox.run(["--profile", "eu", "list"]).success();
    // Options that set up a profile do not go with a subcommand, before it or after it.
    sandbox
        .run(["--client-id", ID, "show"])
        .unchanged()
        .code(2)
        .stderr_has("--client-id");
    sandbox.run(["show", "--client-id", ID]).unchanged().code(2);
}

fn show_names_every_field_of_the_profile() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["--secret-store", "file", "--b2b"])
        .stdin(credentials_file())
        .success();
    let mut config: toml_edit::DocumentMut = sandbox.config().unwrap().parse().unwrap();
    config["profiles"]["default"]["verified_at"] = toml_edit::value(
        "2026-11-20T14:03:00Z"
            .parse::<toml_edit::Datetime>()
            .unwrap(),
    );
    sandbox.write_config(config.to_string());

    let json = sandbox.run(["show", "--json"]).success().json();
    assert_eq!(json["b2b_edition"], true);
    assert_eq!(json["verified_at"], "2026-11-20T14:03:00Z");
    assert_eq!(json["account_name"], "SynchUP connector");
    let stdout = sandbox.run(["show"]).success().stdout;
    for (label, value) in [
        ("Store hash", HASH),
        ("API path", PATH),
        ("Client ID", ID),
        ("Access Token", TOKEN_MASK),
        ("Account name", "SynchUP connector"),
        ("Secret store", "file"),
        ("B2B Edition", "yes"),
        ("Updated", "UTC"),
        (
            "Checked online",
            "accepted by BigCommerce 2026-11-20 14:03 UTC",
        ),
        ("Config", "config.toml"),
    ] {
        let row = stdout
            .lines()
            .find(|line| line.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no {label} in:\n{stdout}"));
        assert!(row.contains(value), "{row}");
    }

    // Saved again without a check: not checked since.
    sandbox
        .run(["--no-b2b"])
        .stdin(format!("\n{OTHER_TOKEN}\n\n"))
        .success();
    let json = sandbox.run(["show", "--json"]).success().json();
    assert_eq!(json["b2b_edition"], false);
    assert_eq!(json["verified_at"], Value::Null);
    sandbox
        .run(["show"])
        .success()
        .stdout_has("B2B Edition     no")
        .stdout_has("not since the last update (synchup-setup check --online checks now)");
}

fn show_and_check_name_values_alike() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let show = sandbox.run(["show"]).success().stdout;
    let check = sandbox.run(["check"]).success().stdout;
    for label in ["Store hash", "API path", "Client ID", "Access Token"] {
        assert!(
            show.contains(&format!("  {label}  ")),
            "{label} in:\n{show}"
        );
        assert!(
            check.contains(&format!(" {label}  ")),
            "{label} in:\n{check}"
        );
    }
}

fn names_users_know_status_logout_and_the_man_page() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let check = sandbox.run(["check"]).success().stdout;
    assert_eq!(sandbox.run(["status"]).success().stdout, check);
    let help = sandbox.run(["--help"]).success().stdout;
    for listed in [
        "check",
        "[alias: status]",
        "remove",
        "[alias: logout]",
        "manpage",
    ] {
        assert!(help.contains(listed), "{listed} not in:\n{help}");
    }
    sandbox
        .run(["logout", "--yes"])
        .success()
        .stderr_has("Removed profile \"default\"");
    assert!(!sandbox.config().unwrap().contains("[profiles.default]"));
}

fn remove_says_the_api_account_still_exists_and_how_to_revoke_it() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["--secret-store", "file"])
        .stdin(credentials_file())
        .success();
    sandbox
        .run(["remove", "--yes"])
        .success()
        .stderr_has("The API account still exists in BigCommerce")
        .stderr_has(
            "To revoke it, open the control panel: Settings, then Store-level API accounts \
             (under API in some control panels), and delete the account \"SynchUP connector\".",
        );
    // Nothing was removed: nothing to revoke.
    sandbox
        .run(["remove", "--yes"])
        .success()
        .stderr_lacks("still exists");
}

fn an_unknown_profile_gets_a_hint_that_fits_the_command() {
    let sandbox = Sandbox::new();
    sandbox.set_up_profile("default", HASH);
    sandbox.set_up_profile("eu", HASH);
    for args in [&["use", "nope"][..], &["show", "--profile", "nope"]] {
        sandbox.run(args).unchanged().code(3).stderr_has(
            "Known profiles: default, eu. Name one of those, or create \"nope\" with \
                 synchup-setup --profile nope.",
        );
    }
}

crate::harness::tests! {
    show_json_names_every_value_and_its_source,
    show_warns_when_a_variable_overrides_a_saved_value,
    show_reports_a_missing_token,
    check_passes_a_healthy_profile,
    check_reports_a_missing_token_with_exit_4_and_the_fix,
    #[cfg(unix)]
    check_fails_a_token_file_others_can_read_and_warns_about_a_readable_config,
    check_finds_hand_edited_mistakes,
    check_of_a_broken_config_or_unknown_profile,
    check_of_an_invalid_variable_is_bad_input,
    token_prints_the_token_alone_for_scripts,
    #[cfg(target_os = "linux")]
    output_that_cannot_be_written_fails,
    token_fails_clearly_when_there_is_none,
    list_marks_the_default_and_use_changes_it,
    use_of_an_unknown_profile_lists_the_known_ones,
    removing_the_default_profile_clears_it_and_warns_about_variables,
    an_invalid_profile_variable_is_a_usage_error,
    completions_for_every_shell_and_a_man_page,
    colours_follow_the_terminal_and_can_be_forced,
    an_invalid_token_variable_gets_a_hint_about_the_variable,
    an_unusable_keychain_timeout_is_named_for_every_command,
    global_options_go_before_or_after_the_subcommand,
    show_names_every_field_of_the_profile,
    show_and_check_name_values_alike,
    names_users_know_status_logout_and_the_man_page,
    remove_says_the_api_account_still_exists_and_how_to_revoke_it,
    an_unknown_profile_gets_a_hint_that_fits_the_command,
}
