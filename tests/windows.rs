//! What the Unix-only tests check, in Windows' terms, run under Wine in CI
//! (scripts/cross/wine-run): files private to you by their access list rather than their
//! mode, the Credential Manager holding one credential per profile, the config in
//! `%APPDATA%`. (Ctrl-C in a Windows console is not among them: Wine cannot send a console
//! control event to another process, so it is on RELEASING.md's list for a real Windows.)

use std::path::Path;

use crate::common::windows::{allowed, assert_private, credentials, me, set_sddl};
use crate::common::*;
use crate::keychain::unique_profile;

/// An access list that lets Everyone read `path` besides you, as a folder shared with
/// others passes on to what is created in it.
fn readable_by_everyone(path: &Path) {
    set_sddl(path, &format!("D:(A;;FA;;;{})(A;;FR;;;WD)", me()));
    assert!(allowed(path).iter().any(|sid| sid == "WD"), "{path:?}");
}

/// An access list that lets Everyone change `path`.
fn changeable_by_everyone(path: &Path) {
    set_sddl(path, &format!("D:(A;;FA;;;{})(A;;FA;;;WD)", me()));
}

fn check_fails_a_token_file_others_can_read_and_warns_about_a_readable_config() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    readable_by_everyone(&sandbox.config_path());
    let json: serde_json::Value =
        serde_json::from_str(&sandbox.run(["check", "--json"]).success().stdout).unwrap();
    let warning = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "permissions")
        .unwrap()
        .clone();
    assert_eq!(warning["status"], "warning", "{json}");
    assert!(
        warning["message"]
            .as_str()
            .unwrap()
            .contains("can be read by others (Everyone)"),
        "{warning}"
    );
    let fix = warning["fix"].as_str().unwrap();
    assert!(fix.starts_with("icacls \""), "{fix}");
    assert!(fix.contains(&format!("/grant:r *{}:F", me())), "{fix}");
    assert!(fix.ends_with("/remove:g *S-1-1-0"), "{fix}");

    readable_by_everyone(&sandbox.credentials_path());
    let done = sandbox.run(["check", "--json"]).code(5);
    assert!(
        done.stdout.contains("Everyone can read it"),
        "{}",
        done.stdout
    );
    assert!(done.stdout.contains("icacls"), "{}", done.stdout);
    // The token is read for no one, and the message says how to make it private.
    sandbox
        .run(["token"])
        .code(5)
        .stderr_has("Everyone can read it")
        .stderr_has("/inheritance:r");
}

fn a_config_others_can_change_is_refused() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    changeable_by_everyone(&sandbox.config_path());
    let before = sandbox.snapshot();
    sandbox
        .run(Vec::<String>::new())
        .stdin(format!("\n{OTHER_TOKEN}\n\n"))
        .code(5)
        .stderr_has("Everyone can change it")
        .stderr_has("icacls");
    assert_eq!(sandbox.snapshot(), before);
}

fn a_directory_others_can_add_files_to_is_refused() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    changeable_by_everyone(&sandbox.config_dir());
    for args in [&["show"][..], &["token"], &[]] {
        sandbox
            .run(args)
            .stdin(format!("\n{OTHER_TOKEN}\n\n"))
            .unchanged()
            .code(5)
            .stderr_has("Everyone can add or replace files in it")
            .stderr_has("(OI)(CI)F");
    }
}

fn an_existing_directory_keeps_its_access_list() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.config_dir()).unwrap();
    readable_by_everyone(&sandbox.config_dir());
    let before = allowed(&sandbox.config_dir());
    sandbox.set_up();
    assert_eq!(allowed(&sandbox.config_dir()), before);
    // The files in it are private all the same.
    assert_private(&sandbox.config_path());
    assert_private(&sandbox.credentials_path());
}

fn the_bundle_file_is_private() {
    let admin = Sandbox::new();
    admin.set_up();
    let out = admin.home().join("bundle.age");
    admin
        .run([
            "share",
            "--to",
            "age1t7rxyev2z3rw82stdlrrepyc39nvn86l5078zqkf5uasdy86jp6svpy7pa",
            "--output",
        ])
        .args([&out])
        .success();
    assert_private(&out);
}

/// After a first setup, an update with a new token, and `remove`, the Credential Manager
/// holds exactly one credential for the profile, then none: read with CredEnumerateW, as
/// Windows' own Credential Manager window reads it.
fn the_credential_manager_holds_one_credential_per_profile() {
    let sandbox = Sandbox::new();
    let profile = unique_profile("wincred");
    let mine = || credentials(&format!("{profile}/*"));
    sandbox
        .run(["--profile", &profile])
        .keychain()
        .stdin(positional())
        .success()
        .stderr_has("Access Token -> OS keychain");
    let first = mine();
    assert_eq!(first.len(), 1, "{first:?}");
    assert_eq!(first[0].secret, TOKEN);
    assert_eq!(
        first[0].target,
        format!("{}.synchup-bigcommerce", first[0].user)
    );
    assert!(
        first[0].user.starts_with(&format!("{profile}/{HASH}/")),
        "{first:?}"
    );

    sandbox
        .run(["--profile", &profile])
        .keychain()
        .stdin(format!("\n{OTHER_TOKEN}\n\n"))
        .success();
    let updated = mine();
    assert_eq!(
        updated.len(),
        1,
        "one credential after the update: {updated:?}"
    );
    assert_eq!(updated[0].secret, OTHER_TOKEN);
    assert_ne!(
        updated[0].target, first[0].target,
        "a new slot, the old one deleted"
    );

    // A second profile has its own credential; removing one leaves the other.
    let other = unique_profile("wincred-other");
    sandbox
        .run(["--profile", &other])
        .keychain()
        .stdin(positional())
        .success();
    sandbox
        .run(["remove", "--yes", "--profile", &profile])
        .keychain()
        .success()
        .stderr_has("Deleted the Access Token from the OS keychain");
    assert!(mine().is_empty(), "{:?}", mine());
    assert_eq!(credentials(&format!("{other}/*")).len(), 1);
    sandbox
        .run(["remove", "--yes", "--profile", &other])
        .keychain()
        .success();
    assert!(credentials(&format!("{other}/*")).is_empty());
}

/// Without `--config` or `SYNCHUP_CONFIG`, the config is in `%APPDATA%` and the wizard
/// looks in the Downloads known folder; `show` names both. It uses this Windows account's
/// own config, so, like the keychain tests, it runs only with `SYNCHUP_KEYCHAIN_TESTS=1`
/// (set under Wine by scripts/cross/wine-run), and removes what it made.
fn the_config_is_in_appdata_and_show_names_it_and_the_downloads_folder() {
    let appdata = std::env::var("APPDATA").expect("APPDATA");
    let profile = unique_profile("appdata");
    let sandbox = Sandbox::new();
    // The sandbox's home, but none of the variables that would move the config from
    // %APPDATA%.
    let run = |args: &[&str], stdin: &str| {
        sandbox
            .run(["--profile", &profile])
            .args(args)
            .env_remove("SYNCHUP_CONFIG")
            .env_remove("APPDATA")
            .env_remove("USERPROFILE")
            .env_remove("LOCALAPPDATA")
            .stdin(stdin)
            .success()
            .output
    };
    let saved = run(&["--secret-store", "file"], &positional());
    let config = format!(r"{appdata}\SynchUP\synchup\config\config.toml");
    assert!(stderr_of(&saved).contains(&config), "{}", stderr_of(&saved));

    let shown = stdout_of(&run(&["show"], ""));
    assert!(
        shown.contains(&format!(
            "{config}  (the usual place: your AppData folder (%APPDATA%))"
        )),
        "{shown}"
    );
    let downloads = directories::UserDirs::new()
        .and_then(|dirs| dirs.download_dir().map(|d| d.display().to_string()))
        .expect("a Downloads known folder");
    assert!(
        shown.contains(&format!(
            "{downloads}  (your Downloads folder, where the wizard looks for the credentials file)"
        )),
        "{shown}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&run(&["show", "--json"], ""))).unwrap();
    assert_eq!(json["config"], config);
    assert_eq!(json["downloads"], downloads);
    run(&["remove", "--yes"], "");
}

/// Another program reading the config (an antivirus, an indexer, an editor) opens it
/// without letting others delete it, and Windows then refuses to rename over it: saves
/// run meanwhile still go through, once the reader lets go.
fn saves_go_through_while_another_program_reads_the_config() {
    use std::io::Read;
    use std::os::windows::fs::OpenOptionsExt;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    const FILE_SHARE_READ: u32 = 1;

    let sandbox = Sandbox::new();
    sandbox.set_up();
    let config = sandbox.config_path();
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut reads = 0;
            while !stop.load(Ordering::Relaxed) {
                let opened = std::fs::OpenOptions::new()
                    .read(true)
                    .share_mode(FILE_SHARE_READ)
                    .open(&config);
                if let Ok(mut file) = opened {
                    let mut text = String::new();
                    let _ = file.read_to_string(&mut text);
                    // What a scanner does: holds the file a moment, lets go a moment.
                    std::thread::sleep(std::time::Duration::from_millis(3));
                    drop(file);
                    reads += 1;
                }
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            reads
        })
    };
    let token = |round: usize| format!("readloop{round:023}");
    for round in 0..8 {
        sandbox
            .run(["--secret-store", "file"])
            .stdin(format!("{ID}\n{}\n{HASH}\n", token(round)))
            .alongside_other_saves()
            .success();
    }
    stop.store(true, Ordering::Relaxed);
    assert!(reader.join().unwrap() > 0, "the reader read");
    assert_eq!(sandbox.file_token("default"), Some(token(7)));
}

crate::harness::tests! {
    check_fails_a_token_file_others_can_read_and_warns_about_a_readable_config,
    a_config_others_can_change_is_refused,
    a_directory_others_can_add_files_to_is_refused,
    an_existing_directory_keeps_its_access_list,
    the_bundle_file_is_private,
    saves_go_through_while_another_program_reads_the_config,
    the_credential_manager_holds_one_credential_per_profile needs(Keychain),
    the_config_is_in_appdata_and_show_names_it_and_the_downloads_folder needs(Keychain),
}
