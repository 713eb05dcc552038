//! What an attack on the tool found, each as the test that shows it holds now: tokens that
//! two configs shared, tokens quoted in errors, files and directories of other users,
//! saves killed between two writes, copies left in temporary files, escape sequences in
//! saved values, links and FIFOs where files belong, waits without end, and the Client
//! Secret saved as the token. SECURITY.md lists them.

#[cfg(unix)]
use std::time::Duration;

use crate::common::*;

/// A token of its own for each name, recognisable in any output.
fn token_for(name: &str) -> String {
    let mut token = format!("tok{name}");
    while token.len() < 31 {
        token.push('0');
    }
    token.truncate(31);
    token
}

fn setup_line(token: &str, hash: &str) -> String {
    format!("{ID}\n{token}\n{hash}\n")
}

// 1. A token slot belongs to one profile of one config.

/// Two configs in one directory (sharing the file store) and a third elsewhere, each with
/// the usual profile name, saved at the same time over and over: each keeps its own token,
/// and removing one leaves the others.
fn configs_with_the_same_profile_name_keep_their_own_tokens() {
    let sandbox = Sandbox::new();
    let configs = [
        sandbox.path().join("shared/staging.toml"),
        sandbox.path().join("shared/production.toml"),
        sandbox.path().join("other/config.toml"),
    ];
    let tokens: Vec<String> = ["staging", "production", "other"]
        .iter()
        .map(|name| token_for(name))
        .collect();
    for _round in 0..4 {
        let runs: Vec<_> = configs
            .iter()
            .zip(&tokens)
            .map(|(config, token)| {
                sandbox
                    .run(["--secret-store", "file", "--config"])
                    .args([config])
                    .stdin(setup_line(token, HASH))
                    .alongside_other_saves()
                    .spawn()
            })
            .collect();
        for run in runs {
            run.success();
        }
        sandbox.assert_no_token_outside_stores(&[]);
    }
    let token_of = |config: &std::path::Path| {
        sandbox
            .run(["token", "--config"])
            .args([config])
            .token_on_stdout()
            .success()
            .stdout
    };
    for (config, token) in configs.iter().zip(&tokens) {
        assert_eq!(
            token_of(config),
            format!("{token}\n"),
            "{}",
            config.display()
        );
    }
    sandbox
        .run(["remove", "--yes", "--config"])
        .args([&configs[0]])
        .success();
    assert_eq!(token_of(&configs[1]), format!("{}\n", tokens[1]));
    assert_eq!(token_of(&configs[2]), format!("{}\n", tokens[2]));
}

// 2. A token pasted into the wrong slot is described, never quoted.

fn a_token_in_any_slot_is_never_quoted() {
    let sandbox = Sandbox::new();
    let with_address = format!("{TOKEN} https://api.bigcommerce.com/stores/{HASH}/v3/");
    let file = sandbox.write_file(
        "creds.txt",
        format!("ACCESS TOKEN: {TOKEN}\nCLIENT ID: {ID}\nAPI PATH: {with_address}\n"),
    );
    let runs: Vec<Run> = vec![
        sandbox
            .run(["--secret-store", "file"])
            .stdin(format!("{ID}\n{TOKEN}\n{with_address}\n")),
        sandbox
            .run(["--secret-store", "file", "--api-path", &with_address])
            .stdin(format!("{ID}\n{TOKEN}\n")),
        sandbox
            .run([
                "--secret-store",
                "file",
                "--store-hash",
                &format!("{TOKEN}.x"),
            ])
            .stdin(format!("{ID}\n{TOKEN}\n")),
        sandbox
            .run(["--secret-store", "file"])
            .env("SYNCHUP_API_PATH", format!("{TOKEN}:443"))
            .stdin(format!("{ID}\n{TOKEN}\n")),
        sandbox
            .run(["--secret-store", "file", "--from-file"])
            .args([&file]),
        sandbox
            .run(["show"])
            .env("SYNCHUP_PROFILE", format!("x/{TOKEN}")),
        sandbox.run(["show"]).env("SYNCHUP_KEYCHAIN_TIMEOUT", TOKEN),
        sandbox
            .run(["check", "--online"])
            .env("SYNCHUP_BIGCOMMERCE_API_BASE", format!("{TOKEN}://x")),
    ];
    // The run builder fails on the token in any output; these are all refused.
    for run in runs {
        let done = run.unchanged().code_in(&[2, 3]);
        assert!(!done.stderr.is_empty());
    }
    // Arguments clap refuses quote what was given: the token is hidden there too.
    let slashed = format!("x/{TOKEN}");
    for args in [
        vec!["--profile", slashed.as_str()],
        vec!["--secret-store", TOKEN],
        vec!["completions", TOKEN],
        vec!["--timeout", TOKEN],
    ] {
        sandbox
            .run(args)
            .unchanged()
            .code(2)
            .stderr_has("characters hidden");
    }
}

// 3. Files and directories others own or can write.

/// Gives a path to another user (nobody); only root can (`needs(Root)`).
#[cfg(unix)]
fn give_away(path: &std::path::Path) {
    let nobody = rustix::fs::Uid::from_raw(65534);
    rustix::fs::chown(path, Some(nobody), None).unwrap();
}

// Unix only: giving a file to another user needs root's chown; on Windows it needs the
// restore privilege, which Wine does not have. Windows' rule (the owner must be you, SYSTEM
// or the Administrators) is tested in `platform::sddl`.
#[cfg(unix)]
fn files_of_another_user_are_refused() {
    for file in ["config.toml", "credentials.toml"] {
        let sandbox = Sandbox::new();
        sandbox.set_up();
        give_away(&sandbox.config_dir().join(file));
        for args in [&["token"][..], &[]] {
            sandbox
                .run(args)
                .stdin(format!("\n{OTHER_TOKEN}\n\n"))
                .unchanged()
                .code(5)
                .stderr_has("belongs to another user");
        }
        // `show` shows what it can, and why the token was not read.
        let show = sandbox.run(["show"]).code_in(&[0, 5]);
        assert!(
            (show.stdout + &show.stderr).contains("belongs to another user"),
            "{file}"
        );
        let json = sandbox.run(["check", "--json"]).code(5).json();
        assert_eq!(json["healthy"], false);
        assert!(
            json.to_string().contains("belongs to another user"),
            "{json}"
        );
    }
}

// Unix modes; the Windows counterpart, an access list that lets others add files, is
// `windows::a_directory_others_can_add_files_to_is_refused`.
#[cfg(unix)]
fn a_directory_others_can_write_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    for mode in [0o777, 0o2770, 0o770] {
        let sandbox = Sandbox::new();
        sandbox.set_up();
        std::fs::set_permissions(sandbox.config_dir(), std::fs::Permissions::from_mode(mode))
            .unwrap();
        for args in [&["show"][..], &["token"], &[]] {
            sandbox
                .run(args)
                .stdin(format!("\n{OTHER_TOKEN}\n\n"))
                .unchanged()
                .code(5)
                .stderr_has("other users can add or replace files in it")
                .stderr_has("chmod go-w");
        }
        let json = sandbox.run(["check", "--json"]).code(5).json();
        assert!(json.to_string().contains("chmod go-w"), "{json}");
    }
    // A first setup into such a directory is refused before anything is written.
    let sandbox = Sandbox::new();
    let shared = sandbox.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
    sandbox
        .run(["--secret-store", "file", "--config"])
        .args([shared.join("config.toml")])
        .stdin(positional())
        .code(5);
    assert_eq!(std::fs::read_dir(&shared).unwrap().count(), 0);
}

// 4. and 5. A save killed between two writes.

// The kill-between-writes tests use strace, which holds a Linux process at a chosen system
// call; Windows has no such tool (and the save protocol they test is the same code there).

/// Runs a scripted save under strace, which holds the `nth` rename (the program's atomic
/// writes each end in one) before it happens; once `ready` says the writes before it are
/// done, the save is killed. Deterministic: the kill always falls between the same writes.
#[cfg(unix)]
fn kill_before_rename(
    sandbox: &Sandbox,
    nth: usize,
    args: &[&str],
    stdin: &str,
    ready: impl Fn() -> bool,
) {
    let mut running = under_strace(sandbox, &format!("delay_enter=60000000:when={nth}"), args)
        .stdin(stdin)
        .spawn();
    let started = std::time::Instant::now();
    while !ready() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the save never reached the write before rename {nth}"
        );
        assert!(running.is_running(), "the save ended early");
        std::thread::sleep(Duration::from_millis(10));
    }
    // strace and the program it holds, which the kill takes first.
    running.kill();
}

/// The program under strace, which does `inject` (a delay, an error) to its renames: each
/// atomic write of the program ends in one, so the count picks a write.
#[cfg(unix)]
fn under_strace<'s>(sandbox: &'s Sandbox, inject: &str, args: &[&str]) -> Run<'s> {
    sandbox.run(args).under([
        "strace".to_owned(),
        "-f".into(),
        "-qq".into(),
        "-o".into(),
        "/dev/null".into(),
        "-e".into(),
        "trace=renameat,renameat2,rename".into(),
        "-e".into(),
        format!("inject=renameat,renameat2,rename:{inject}"),
        "--".into(),
    ])
}

/// An update that writes a new token, killed after the token went into the file store and
/// before the config named it: the profile keeps its old values and old token (never the new
/// token with the old Client ID), `check` reports the copy the save left, and the next run
/// deletes it.
#[cfg(unix)]
fn a_save_killed_between_the_token_and_the_config_leaves_no_mix() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let before = sandbox.config().unwrap();
    // Renames: 1 the config records the new slot, 2 the token file, 3 the config names it.
    let new_id = "newclientid0000000000000000000z";
    kill_before_rename(
        &sandbox,
        3,
        &[],
        &format!("{new_id}\n{OTHER_TOKEN}\n\n"),
        || {
            sandbox
                .credentials()
                .is_some_and(|c| c.contains(OTHER_TOKEN))
        },
    );
    let config = sandbox.config().unwrap();
    assert!(config.contains(ID) && !config.contains(new_id), "{config}");
    assert_eq!(sandbox.file_token("default").as_deref(), Some(TOKEN));
    assert_ne!(config, before, "the pending token is recorded");

    let json = sandbox.run(["check", "--json"]).code(4).json();
    assert!(json.to_string().contains("interrupted save"), "{json}");
    sandbox
        .run(["token"])
        .token_on_stdout()
        .success()
        .stdout_has(TOKEN);

    // The next run finishes the cleaning.
    sandbox
        .run(Vec::<String>::new())
        .stdin("\n\n\n")
        .success()
        .stderr_has("was interrupted");
    assert!(!sandbox.credentials().unwrap().contains(OTHER_TOKEN));
    assert_eq!(sandbox.file_token_count(), 1);
    sandbox.run(["check"]).success();
}

/// A save killed after the new token's temporary file was written and before it was renamed
/// into place: the copy in the temporary file is deleted by the next run, and `remove` says
/// it deleted it.
#[cfg(unix)]
fn copies_in_temporary_files_do_not_survive() {
    let leftover = |sandbox: &Sandbox| {
        std::fs::read_dir(sandbox.config_dir())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(".credentials.toml.")
            })
            .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains(OTHER_TOKEN)))
    };
    for then in ["save", "remove"] {
        let sandbox = Sandbox::new();
        sandbox.set_up();
        // Rename 2 is the token file's: held, its temporary file is complete.
        kill_before_rename(&sandbox, 2, &[], &format!("\n{OTHER_TOKEN}\n\n"), || {
            leftover(&sandbox)
        });
        assert!(leftover(&sandbox));
        match then {
            "save" => {
                sandbox.run(Vec::<String>::new()).stdin("\n\n\n").success();
            }
            _ => {
                sandbox
                    .run(["remove", "--yes"])
                    .success()
                    .stderr_has("temporary copy of a token");
                assert_eq!(sandbox.file_token_count(), 0);
            }
        }
        assert!(!leftover(&sandbox), "after a {then}");
        sandbox.assert_no_token_outside_stores(&[]);
    }
}

/// The config write that names the new token fails (strace makes its rename fail, as a full
/// disk would): the new token is deleted again, and the profile keeps its old one, in the
/// file store and in the real keychain alike.
#[cfg(unix)]
fn a_config_write_failing_after_the_token_keeps_the_old_one() {
    // Renames: 1 the config records the new slot, 2 the token file, 3 the config names it.
    config_write_failing_after_the_token(&[("file", 3)]);
}

/// The same with the real keychain, where the token is no rename: the config's is 2.
#[cfg(unix)]
fn a_config_write_failing_after_the_token_keeps_the_old_one_in_the_keychain() {
    config_write_failing_after_the_token(&[("keychain", 2)]);
}

/// For each store, the save of a new token whose `nth` rename fails.
#[cfg(unix)]
fn config_write_failing_after_the_token(cases: &[(&str, usize)]) {
    for &(store, nth) in cases {
        let sandbox = Sandbox::new();
        let profile = format!("fail{}", std::process::id());
        // First the old token, saved without interference.
        sandbox
            .run(["--profile", &profile, "--secret-store", store])
            .keychain()
            .stdin(setup_line(TOKEN, HASH))
            .success();
        under_strace(
            &sandbox,
            &format!("error=EIO:when={nth}"),
            &["--profile", &profile, "--secret-store", store],
        )
        .keychain()
        .stdin(format!("\n{OTHER_TOKEN}\n\n"))
        .code(5);
        let token = sandbox
            .run(["token", "--profile", &profile])
            .keychain()
            .token_on_stdout()
            .success()
            .stdout;
        assert_eq!(token, format!("{TOKEN}\n"), "{store}");
        // The next run clears what the failed one recorded; nothing of the new token stays.
        sandbox
            .run(["remove", "--yes", "--profile", &profile])
            .keychain()
            .success();
        assert!(
            !sandbox
                .credentials()
                .unwrap_or_default()
                .contains(OTHER_TOKEN)
        );
    }
}

// 6. Escape sequences and bidirectional controls in saved values.

fn saved_values_cannot_steer_the_terminal() {
    let sandbox = Sandbox::new();
    let evil = "Shop\x1b[2J\x1b]0;owned\x07\u{202e}gnp.exe";
    sandbox
        .run(["--secret-store", "file"])
        .stdin(format!(
            "ACCESS TOKEN: {TOKEN}\nCLIENT ID: {ID}\nAPI PATH: {PATH}\nNAME: {evil}\n"
        ))
        .success();
    let mut config = sandbox.config().unwrap();
    config.push_str("\n[profiles.\"\\u001b[31mred\"]\nstore_hash = \"\\u001b[5mabc\"\n");
    sandbox.write_config(config);
    let clean =
        |text: &str| !text.contains('\x1b') && !text.contains('\u{202e}') && !text.contains('\x07');
    for args in [
        &["show"][..],
        &["list"],
        &["check"],
        &["show", "--profile", "nope"],
        &["remove", "--profile", "nope"],
    ] {
        let done = sandbox.run(args).code_in(&run::DOCUMENTED_CODES);
        let (out, err) = (done.stdout, done.stderr);
        assert!(clean(&out) && clean(&err), "{args:?}:\n{out}\n{err}");
    }
    let shown = sandbox.run(["show"]).success().stdout;
    assert!(shown.contains("\\u{1b}[2J"), "shown, escaped: {shown}");
}

// 7. Links and things that are not files.

// Unix only: Windows has no O_NOFOLLOW, and making a link there needs the right to (or
// developer mode), so the lock is not guarded against one (README, "Platforms").
#[cfg(unix)]
fn the_lock_never_follows_a_link_and_a_config_must_be_a_file() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.config_dir()).unwrap();
    let victim = sandbox.path().join("victim");
    std::os::unix::fs::symlink(&victim, sandbox.config_dir().join("config.toml.lock")).unwrap();
    sandbox
        .run(["--secret-store", "file"])
        .stdin(positional())
        .code(5)
        .stderr_has("symbolic link");
    assert!(!victim.exists(), "the lock made the link's target");

    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.config_path()).unwrap();
    for args in [&["show"][..], &["list"], &["check"]] {
        sandbox
            .run(args)
            .code(5)
            .stderr_or_stdout_has("not a regular file");
    }
}

/// A dotfile manager's link: the save writes through to the file it points to, and the link
/// stays a link.
// Unix only: dotfile managers' links; making one on Windows needs the right to.
#[cfg(unix)]
fn a_linked_config_stays_linked() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let dotfiles = sandbox.path().join("dotfiles");
    std::fs::create_dir(&dotfiles).unwrap();
    let target = dotfiles.join("synchup.toml");
    std::fs::rename(sandbox.config_path(), &target).unwrap();
    std::os::unix::fs::symlink(&target, sandbox.config_path()).unwrap();
    sandbox
        .run(Vec::<String>::new())
        .stdin("\n\nabc1234\n")
        .success();
    let link = std::fs::symlink_metadata(sandbox.config_path()).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("abc1234")
    );
    assert!(
        !dotfiles.join("credentials.toml").exists(),
        "the token stays beside the link"
    );
}

// 8. Waits without end.

/// Whether a thread of process `pid` is in a read of its standard input, as /proc shows.
#[cfg(target_os = "linux")]
fn reading_standard_input(pid: u32) -> bool {
    // The number of read(2): what /proc/PID/task/TID/syscall starts with, then its first
    // argument (the descriptor, 0x0).
    const READ: &str = if cfg!(target_arch = "aarch64") {
        "63"
    } else {
        "0"
    };
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("syscall")).ok())
        .any(|call| {
            let mut fields = call.split_whitespace();
            fields.next() == Some(READ) && fields.next() == Some("0x0")
        })
}

/// No core dump holds the token: the core size limit of a running wizard is 0 whatever
/// the shell allowed, and SIGABRT with `ulimit -c unlimited` leaves no core file.
// Linux only: the limits and the wait on input are read in /proc.
#[cfg(target_os = "linux")]
fn no_core_dump_holds_the_token() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let dir = sandbox.path().join("cwd");
    std::fs::create_dir(&dir).unwrap();
    let running = sandbox
        .run(Vec::<String>::new())
        .env("SYNCHUP_ACCESS_TOKEN", TOKEN)
        .prepared(&format!("ulimit -c unlimited && cd '{}'", dir.display()))
        .keep_stdin_open()
        .within(Duration::from_secs(20))
        .spawn();
    let pid = running.pid();
    let started = std::time::Instant::now();
    while !reading_standard_input(pid) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "never waited on its input"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let core = limits
        .lines()
        .find(|line| line.starts_with("Max core file size"))
        .unwrap();
    let sizes: Vec<&str> = core.split_whitespace().skip(4).take(2).collect();
    assert_eq!(sizes, ["0", "0"], "{core}");
    rustix::process::kill_process(
        rustix::process::Pid::from_raw(pid as i32).unwrap(),
        rustix::process::Signal::ABORT,
    )
    .unwrap();
    running.kill();
    let pattern = std::fs::read_to_string("/proc/sys/kernel/core_pattern").unwrap_or_default();
    if pattern.starts_with('|') || pattern.starts_with('/') {
        println!(
            "no_core_dump_holds_the_token: core files go to {} here, not to the working \
             directory; only the limit was checked",
            pattern.trim()
        );
        return;
    }
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "a core dump was written: {left:?}");
}

/// A script that has not finished writing its input does not hold the config: another run
/// saves meanwhile.
// Linux only: that the script's run is waiting on its input is seen in /proc; elsewhere the
// other run could start before it, and pass without testing anything.
#[cfg(target_os = "linux")]
fn a_script_waiting_for_its_input_holds_no_lock() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let mut waiting = sandbox
        .run(["--profile", "other", "--secret-store", "file"])
        .keep_stdin_open()
        .spawn();
    // The other run starts once this one waits on its input, whatever it did before.
    let started = std::time::Instant::now();
    while !reading_standard_input(waiting.pid()) {
        assert!(waiting.is_running(), "the script's run ended early");
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the script's run never read its input"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    sandbox
        .run(Vec::<String>::new())
        .stdin("\n\nabc1234\n")
        .within(Duration::from_secs(20))
        .success();
    waiting.close_stdin(&setup_line(TOKEN, HASH));
    waiting.success();
}

// Unix only: Windows file systems have no FIFOs (its named pipes live apart, in \\.\pipe\).
#[cfg(unix)]
fn a_fifo_where_the_config_belongs_blocks_nothing() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.config_dir()).unwrap();
    // The mkfifo utility: rustix has no mkfifoat on macOS.
    let made = std::process::Command::new("mkfifo")
        .arg(sandbox.config_path())
        .status();
    assert!(made.unwrap().success());
    for args in [
        &["show"][..],
        &["list"],
        &["check"],
        &["token"],
        &["remove", "--yes"],
        &[],
    ] {
        let output = sandbox
            .run(args)
            .stdin(positional())
            .within(Duration::from_secs(20))
            .code(5)
            .output;
        assert!(
            (stderr_of(&output) + &stdout_of(&output)).contains("not a regular file"),
            "{args:?}: {}",
            stderr_of(&output)
        );
    }
}

// 10. The Client Secret saved as the Access Token.

fn the_client_secret_is_never_saved_as_the_token() {
    let sandbox = Sandbox::new();
    sandbox
        .run(["--secret-store", "file"])
        .stdin(format!("{ID}\n{CLIENT_SECRET}\n{PATH}\n"))
        .unchanged()
        .code(3)
        .stderr_has("line 2 of standard input: This is the Client Secret");
    sandbox
        .run(["--secret-store", "file"])
        .env("SYNCHUP_ACCESS_TOKEN", CLIENT_SECRET)
        .stdin(format!("{ID}\n{PATH}\n"))
        .unchanged()
        .code(3)
        .stderr_has("SYNCHUP_ACCESS_TOKEN: This is the Client Secret");
    // One saved before this check (by hand, or an earlier version) fails `check`.
    sandbox.set_up();
    let credentials = sandbox.credentials().unwrap().replace(TOKEN, CLIENT_SECRET);
    std::fs::write(sandbox.credentials_path(), credentials).unwrap();
    let json = sandbox.run(["check", "--json"]).code(4).json();
    assert!(json.to_string().contains("Client Secret"), "{json}");
}

// Smaller findings.

/// A run that fails on its input leaves nothing behind: no directory, no lock file.
fn a_failing_run_leaves_no_trace() {
    let sandbox = Sandbox::new();
    sandbox.run(Vec::<String>::new()).code(3);
    sandbox
        .run(["--secret-store", "file"])
        .stdin(format!("{ID}\n"))
        .code(3);
    // No keychain (no D-Bus session); Windows' Credential Manager is always there.
    #[cfg(not(windows))]
    sandbox
        .run(Vec::<String>::new())
        .stdin(positional())
        .code(4);
    assert!(!sandbox.config_dir().exists(), "{:?}", sandbox.snapshot());
}

/// Interrupted with no terminal: no cursor-control sequence in the log.
// Unix only: SIGINT, and /proc to see the handler in place. Wine cannot send a Windows
// console's Ctrl-C or Ctrl-Break to another process, so that is checked by hand on Windows
// (RELEASING.md).
#[cfg(unix)]
fn an_interrupted_script_writes_no_escape_sequences() {
    let sandbox = Sandbox::new();
    // Its input stays open while it ends: it is the interruption that ends it, not the end
    // of its input racing the signal.
    let running = sandbox
        .run(Vec::<String>::new())
        .keep_stdin_open()
        .within(Duration::from_secs(20))
        .spawn();
    let pid = running.pid();
    // Once it handles Ctrl-C (SIGINT, bit 2 of SigCgt in /proc), it is waiting for input.
    let handles_sigint = || {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|status| {
                let mask = status.lines().find_map(|l| l.strip_prefix("SigCgt:"))?;
                u64::from_str_radix(mask.trim(), 16).ok()
            })
            .is_some_and(|mask| mask & 2 != 0)
    };
    let started = std::time::Instant::now();
    while !handles_sigint() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no Ctrl-C handler"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    rustix::process::kill_process(
        rustix::process::Pid::from_raw(pid as i32).unwrap(),
        rustix::process::Signal::INT,
    )
    .unwrap();
    let output = running.code(130).output;
    assert!(
        !contains(&output.stderr, b"\x1b"),
        "{:?}",
        stderr_of(&output)
    );
}

crate::harness::tests! {
    configs_with_the_same_profile_name_keep_their_own_tokens,
    a_token_in_any_slot_is_never_quoted,
    #[cfg(unix)]
    files_of_another_user_are_refused needs(Root),
    #[cfg(unix)]
    a_directory_others_can_write_is_refused,
    #[cfg(unix)]
    a_save_killed_between_the_token_and_the_config_leaves_no_mix needs(Strace),
    #[cfg(unix)]
    copies_in_temporary_files_do_not_survive needs(Strace),
    #[cfg(unix)]
    a_config_write_failing_after_the_token_keeps_the_old_one needs(Strace),
    #[cfg(unix)]
    a_config_write_failing_after_the_token_keeps_the_old_one_in_the_keychain needs(Strace, Keychain),
    saved_values_cannot_steer_the_terminal,
    #[cfg(unix)]
    the_lock_never_follows_a_link_and_a_config_must_be_a_file,
    #[cfg(unix)]
    a_linked_config_stays_linked,
    #[cfg(target_os = "linux")]
    a_script_waiting_for_its_input_holds_no_lock,
    #[cfg(target_os = "linux")]
    no_core_dump_holds_the_token,
    #[cfg(unix)]
    a_fifo_where_the_config_belongs_blocks_nothing,
    the_client_secret_is_never_saved_as_the_token,
    a_failing_run_leaves_no_trace,
    #[cfg(unix)]
    an_interrupted_script_writes_no_escape_sequences,
}
