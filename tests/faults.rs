//! Faults: a keychain that hangs, processes killed mid-save, saves racing each other, and
//! config files that are broken or unsafe. Each test checks the state before and after.

use std::time::Duration;

use crate::common::*;

/// A scripted save to the file store.
fn save<'s>(sandbox: &'s Sandbox, args: &[&str], answers: &str) -> Run<'s> {
    sandbox
        .run(["--secret-store", "file"])
        .args(args)
        .stdin(answers)
        .within(Duration::from_secs(60))
}

// Unix only: the hanging keychain is a D-Bus address that never answers. The Credential
// Manager is a local call with nothing to stand in for it; the same deadline guards it.
#[cfg(unix)]
fn a_hanging_keychain_fails_a_script_within_its_timeout() {
    let sandbox = Sandbox::new();
    let bus = silent_bus(&sandbox);
    let output = sandbox
        .run(Vec::<String>::new())
        .env("DBUS_SESSION_BUS_ADDRESS", &bus)
        .env("SYNCHUP_KEYCHAIN_TIMEOUT", "1")
        .stdin(positional())
        .within(Duration::from_secs(30))
        .code(4)
        .output;
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("did not answer within 1 second"),
        "{stderr}"
    );
    assert!(stderr.contains("--secret-store file"), "{stderr}");
    assert!(sandbox.config().is_none());
    assert!(sandbox.credentials().is_none());
}

/// The values one round of the kill loop saves: the store hash says which round, and the
/// token is the round's own, so a token saved with another round's values shows.
fn round_answers(round: usize) -> (String, String) {
    let hash = format!("round{round:04}");
    (
        hash.clone(),
        format!("{ID}\n{}\n{hash}\n", round_token(round)),
    )
}

fn round_token(round: usize) -> String {
    format!("roundtoken{round:04}00000000000000000")
}

/// Killed outright (SIGKILL on Unix, TerminateProcess on Windows) at random moments.
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_config() {
    let sandbox = Sandbox::new();
    // How long a whole run takes here, so that the kills fall all over it.
    let started = std::time::Instant::now();
    let (_, answers) = round_answers(9999);
    save(&sandbox, &[], &answers).success();
    let span = started.elapsed().as_micros() as u64 * 6 / 5;

    let mut previous = vec!["round9999".to_owned()];
    let mut seed: u64 = 0x5eed;
    let mut landed = 0;
    let rounds = 40;
    for round in 0..rounds {
        let (hash, answers) = round_answers(round);
        let running = save(&sandbox, &[], &answers).spawn();
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        // Not a wait for a state: the kill falls at a moment drawn over the whole run.
        let delay = Duration::from_micros((seed >> 33) % span);
        std::thread::sleep(delay);
        running.kill();

        let text = sandbox.config().expect("a config is always there");
        let doc: toml_edit::DocumentMut = text
            .parse()
            .unwrap_or_else(|err| panic!("round {round}: torn config: {err}\n{text}"));
        let saved = doc["profiles"]["default"]["store_hash"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            saved == hash || previous.contains(&saved),
            "round {round}: {saved} is neither the old nor the new value"
        );
        if saved == hash {
            landed += 1;
        }
        // Never a mix: the token the profile names is the one saved with these values.
        let saved_round: usize = saved["round".len()..].parse().unwrap();
        assert_eq!(
            sandbox.file_token("default"),
            Some(round_token(saved_round)),
            "round {round}: the token does not belong to the values of round {saved_round}"
        );
        previous.push(hash);
    }
    // The next save cleans up whatever the kills left: no token but the profile's, and no
    // temporary copy.
    let (_, answers) = round_answers(rounds);
    save(&sandbox, &[], &answers).success();
    assert_eq!(sandbox.file_token_count(), 1, "{:?}", sandbox.credentials());
    let leftovers: Vec<_> = std::fs::read_dir(sandbox.config_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(!sandbox.config().unwrap().contains("pending_tokens"));
    // Kills fell both before and after saves completed, so both outcomes were exercised.
    assert!(
        0 < landed && landed < rounds,
        "{landed} of {rounds} saves landed"
    );
}

fn saves_racing_on_one_config_lose_nothing() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    for round in 0..15 {
        let runs: Vec<_> = ["alpha", "beta", "gamma"]
            .iter()
            .map(|profile| {
                let answers = format!("{ID}\n{TOKEN}\nr{round:02}{profile}\n");
                save(&sandbox, &["--profile", profile], &answers)
                    .alongside_other_saves()
                    .spawn()
            })
            .collect();
        for run in runs {
            run.success();
        }
        sandbox.assert_no_token_outside_stores(&[]);
        let doc: toml_edit::DocumentMut = sandbox.config().unwrap().parse().unwrap();
        for profile in ["default", "alpha", "beta", "gamma"] {
            assert!(
                doc["profiles"][profile].is_table(),
                "round {round}: {profile} lost"
            );
            assert_eq!(
                sandbox.file_token(profile).as_deref(),
                Some(TOKEN),
                "round {round}: token of {profile} lost"
            );
        }
        assert_eq!(
            sandbox.file_token_count(),
            4,
            "round {round}: no stray copies"
        );
        for profile in ["alpha", "beta", "gamma"] {
            assert_eq!(
                doc["profiles"][profile]["store_hash"].as_str(),
                Some(format!("r{round:02}{profile}").as_str())
            );
        }
    }
}

fn broken_config_files_are_refused_and_left_alone() {
    let mut truncated = std::fs::read_to_string("tests/data/config.toml").unwrap();
    truncated.truncate(truncated.len() / 2);
    let mut huge = b"# padding\n".repeat(1024 * 1024);
    huge.extend_from_slice(b"[profiles.default]\n");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "is empty"),
        ("blank", b"\n  \n".to_vec(), "is empty"),
        ("binary", vec![0, 159, 146, 150, 255], "not a text file"),
        ("truncated", truncated.into_bytes(), "not valid TOML"),
        ("huge", huge, "a SynchUP config is a few KB"),
        (
            "duplicate keys",
            b"[profiles.default]\nstore_hash = \"a\"\nstore_hash = \"b\"\n".to_vec(),
            "not valid TOML at line 3",
        ),
        (
            "not a table",
            b"[profiles]\ndefault = 5\n".to_vec(),
            "is not a table",
        ),
    ];
    for (name, bytes, message) in cases {
        let sandbox = Sandbox::new();
        sandbox.write_config(&bytes);
        for args in [
            &["--secret-store", "file"][..],
            &["show"],
            &["list"],
            &["check"],
        ] {
            let output = sandbox.run(args).stdin(positional()).code(5).output;
            let stderr = stderr_of(&output) + &stdout_of(&output);
            assert!(stderr.contains(message), "{name} {args:?}: {stderr}");
            assert!(stderr.contains("config.toml"), "{name}: {stderr}");
        }
        assert_eq!(
            std::fs::read(sandbox.config_path()).unwrap(),
            bytes,
            "{name} untouched"
        );
        assert!(
            sandbox.credentials().is_none(),
            "{name}: no orphaned secret"
        );
    }
}

// Unix modes; on Windows, an access list: `windows::a_config_others_can_change_is_refused`.
#[cfg(unix)]
fn a_config_others_can_write_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let before = sandbox.snapshot();
    for mode in [0o620, 0o602] {
        std::fs::set_permissions(sandbox.config_path(), std::fs::Permissions::from_mode(mode))
            .unwrap();
        let output = sandbox
            .run(Vec::<String>::new())
            .stdin(format!("\n{OTHER_TOKEN}\n\n"))
            .code(5)
            .output;
        let stderr = stderr_of(&output);
        assert!(stderr.contains("other users can change it"), "{stderr}");
        assert!(stderr.contains("chmod go-w"), "{stderr}");
        assert_eq!(sandbox.snapshot(), before);
    }
}

/// With a umask that hides nothing, every file and directory the program creates is still
/// private: their modes are set when they are created, not afterwards.
// The umask is Unix's; on Windows: `windows::files_and_directories_are_made_private`.
#[cfg(unix)]
fn files_are_private_from_creation_whatever_the_umask() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["--secret-store", "file"])
        .prepared("umask 000")
        .stdin(positional())
        .success();
    for name in [
        "config.toml",
        "credentials.toml",
        "config.toml.lock",
        "credentials.toml.store-lock",
    ] {
        assert_eq!(mode(&sandbox.config_dir().join(name)), 0o600, "{name}");
    }
    assert_eq!(mode(&sandbox.config_dir()), 0o700);
    assert_eq!(mode(&sandbox.home().join(".config")), 0o700);
}

crate::harness::tests! {
    #[cfg(unix)]
    a_hanging_keychain_fails_a_script_within_its_timeout,
    a_save_killed_at_any_moment_leaves_the_old_or_the_new_config,
    saves_racing_on_one_config_lose_nothing,
    broken_config_files_are_refused_and_left_alone,
    #[cfg(unix)]
    a_config_others_can_write_is_refused,
    #[cfg(unix)]
    files_are_private_from_creation_whatever_the_umask,
}
