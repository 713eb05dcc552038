//! The test harness of the integration tests (`harness = false` in Cargo.toml), built on
//! libtest-mimic: it runs and reports like `cargo test`'s own, with one difference that is
//! the reason it exists: a test that needs something this machine lacks (the age tool, a
//! keychain of the tests' own, strace, tmux, a shell, root) is reported as **ignored**, and
//! the reasons are printed once at the end, with what to install. With the variable that
//! asks for them (`SYNCHUP_AGE_TESTS=1` and the like, which CI sets) it fails instead.
//!
//! Why not libtest's `#[ignore]`: that is decided when the tests are compiled, and what is
//! missing is a fact of the run. A build script probing the machine would be stale once a
//! tool is installed, would probe the build machine rather than Wine's world for the Windows
//! build, and cannot know whether the run is inside the keyring session `scripts/test`
//! starts. So each test declares what it needs (`tests!` below), the harness looks for each
//! need once per run, where the tests run (under Wine too), and ignores what cannot run.
//!
//! Every file lists its tests in one `tests!` at its end. A test function left out of it is
//! dead code, which `cargo clippy -D warnings` refuses; `#[test]` is compiled out without
//! libtest, so `hygiene::every_test_is_registered` refuses that attribute in `tests/`.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, ExitCode, Stdio};
use std::sync::OnceLock;

use libtest_mimic::{Arguments, Failed, Trial};

/// Something a test needs that a machine may lack. (The Windows build has no test that
/// needs the Unix tools.)
#[cfg_attr(windows, allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    /// The reference age tools: `age`, `age-keygen` and `ssh-keygen`.
    Age,
    /// A keychain the tests may write to: a Secret Service in the session `scripts/test`
    /// starts, or under Wine the Credential Manager (and the account's own AppData).
    Keychain,
    /// strace, which holds the program at a chosen system call (Linux).
    Strace,
    /// tmux, which plays a terminal that goes away.
    Tmux,
    /// bash with bash-completion, for the completion tests.
    Bash,
    Zsh,
    Fish,
    /// Root, to give a file to another user.
    Root,
    /// The example programs, which `cargo test` builds along with the tests.
    Examples,
}

/// What the harness found for a need.
#[derive(Clone, Debug)]
enum Found {
    Here,
    /// Missing: why, and what to do about it.
    Missing {
        why: String,
        fix: String,
    },
}

impl Need {
    /// The variable that makes a missing need a failure instead of a skip (CI sets each).
    fn required_by(self) -> Option<&'static str> {
        match self {
            Need::Age => Some("SYNCHUP_AGE_TESTS"),
            Need::Keychain => Some("SYNCHUP_KEYCHAIN_TESTS"),
            Need::Strace => Some("SYNCHUP_STRACE_TESTS"),
            Need::Tmux => Some("SYNCHUP_TMUX_TESTS"),
            Need::Bash | Need::Zsh | Need::Fish => Some("SYNCHUP_COMPLETION_TESTS"),
            // Neither is a tool: CI runs as root and with `cargo test`, and a developer's
            // run that lacks them says so.
            Need::Root | Need::Examples => None,
        }
    }

    fn required(self) -> bool {
        self.required_by()
            .is_some_and(|var| std::env::var(var).as_deref() == Ok("1"))
    }

    /// Looks for it on this machine, in this run.
    fn look(self) -> Found {
        let missing = |why: &str, fix: &str| Found::Missing {
            why: why.to_owned(),
            fix: fix.to_owned(),
        };
        match self {
            Need::Age if cfg!(windows) => missing(
                "the age tools are Linux programs, which a test under Wine cannot start",
                "run the Linux tests (scripts/test)",
            ),
            Need::Age => match missing_programs(&["age", "age-keygen", "ssh-keygen"]) {
                none if none.is_empty() => Found::Here,
                some => missing(
                    &format!("{} not installed", some.join(", ")),
                    "apt-get install age openssh-client",
                ),
            },
            Need::Keychain => look_for_keychain(),
            Need::Strace => match missing_programs(&["strace"]) {
                none if none.is_empty() => Found::Here,
                _ => missing("strace is not installed", "apt-get install strace"),
            },
            Need::Tmux => match missing_programs(&["tmux"]) {
                none if none.is_empty() => Found::Here,
                _ => missing("tmux is not installed", "apt-get install tmux"),
            },
            Need::Bash => {
                if !missing_programs(&["bash"]).is_empty() {
                    missing("bash is not installed", "apt-get install bash")
                } else if !std::path::Path::new(BASH_COMPLETION).exists() {
                    missing(
                        "bash-completion is not installed",
                        "apt-get install bash-completion",
                    )
                } else {
                    Found::Here
                }
            }
            Need::Zsh => match missing_programs(&["zsh"]) {
                none if none.is_empty() => Found::Here,
                _ => missing("zsh is not installed", "apt-get install zsh"),
            },
            Need::Fish => match missing_programs(&["fish"]) {
                none if none.is_empty() => Found::Here,
                _ => missing("fish is not installed", "apt-get install fish"),
            },
            Need::Root => {
                #[cfg(unix)]
                if rustix::process::geteuid().is_root() {
                    return Found::Here;
                }
                missing(
                    "not run as root, which alone can give a file to another user",
                    "run the tests as root (CI does)",
                )
            }
            Need::Examples => {
                if crate::library::example("connector").is_some() {
                    Found::Here
                } else {
                    missing(
                        "the example programs are not built in this run",
                        "cargo test (which builds them), or cargo build --examples first",
                    )
                }
            }
        }
    }

    /// Looked for once per run, by whichever test asks first.
    fn found(self) -> &'static Found {
        static FOUND: [OnceLock<Found>; 9] = [const { OnceLock::new() }; 9];
        FOUND[self as usize].get_or_init(|| self.look())
    }
}

/// Where Debian's bash-completion keeps the script that loads the completions.
pub const BASH_COMPLETION: &str = "/usr/share/bash-completion/bash_completion";

/// The programs of `names` that cannot be started here.
fn missing_programs<'a>(names: &[&'a str]) -> Vec<&'a str> {
    names
        .iter()
        .copied()
        .filter(|name| {
            // `ssh-keygen` has no --version; starting it at all is what counts.
            Command::new(name)
                .arg("--version")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_err()
        })
        .collect()
}

/// The keychain tests write to the session's keychain, so they run only where the session
/// says they may (`SYNCHUP_KEYCHAIN_TESTS=1`: scripts/test in the keyring session it
/// starts, scripts/cross/wine-run under Wine); there the keychain must work.
fn look_for_keychain() -> Found {
    if std::env::var("SYNCHUP_KEYCHAIN_TESTS").as_deref() == Ok("1") {
        use synchup_setup::storage::secrets::SecretStore;
        use synchup_setup::storage::secrets::keychain::Keychain;
        let probe = Keychain::new(std::time::Duration::from_secs(10), || {});
        return match probe.read(&synchup_setup::storage::secrets::Slot::legacy(
            "synchup-test-probe",
        )) {
            Ok(_) => Found::Here,
            Err(err) => Found::Missing {
                why: format!(
                    "the keychain does not work: {} ({})",
                    err.message(),
                    err.hint()
                ),
                fix: "run scripts/test, which starts a keyring of the tests' own".to_owned(),
            },
        };
    }
    if cfg!(windows) {
        return Found::Missing {
            why: "this Windows account's Credential Manager and AppData are used only with \
                  SYNCHUP_KEYCHAIN_TESTS=1"
                .to_owned(),
            fix: "run them under Wine (scripts/platforms sets it there)".to_owned(),
        };
    }
    let tools = missing_programs(&["dbus-run-session", "gnome-keyring-daemon", "secret-tool"]);
    if tools.is_empty() {
        Found::Missing {
            why: "not in a keyring session of the tests' own (they would write to yours)"
                .to_owned(),
            fix: "scripts/test, which starts one".to_owned(),
        }
    } else {
        Found::Missing {
            why: format!("{} not installed", tools.join(", ")),
            fix: "apt-get install dbus gnome-keyring libsecret-tools, then scripts/test".to_owned(),
        }
    }
}

/// One test: its name as libtest would give it (`module::function`), the function, and
/// what it needs.
pub struct Test {
    pub name: String,
    pub run: fn(),
    pub needs: &'static [Need],
}

impl Test {
    pub fn new(module: &str, function: &str, run: fn(), needs: &'static [Need]) -> Test {
        // Without the crate's own name, as libtest names them: `handoff::on_a_terminal::x`.
        let module = module.split_once("::").map_or("", |(_, rest)| rest);
        let name = if module.is_empty() {
            function.to_owned()
        } else {
            format!("{module}::{function}")
        };
        Test { name, run, needs }
    }
}

/// The tests of a file, each with what it needs:
///
/// ```ignore
/// tests! {
///     a_plain_test,
///     #[cfg(unix)]
///     an_age_test needs(Age),
/// }
/// ```
macro_rules! tests {
    ($($(#[$attr:meta])* $name:ident $(needs($($need:ident),+))?),* $(,)?) => {
        /// This file's tests, for the harness (tests/harness.rs). Pushed one by one, as a
        /// test may be only on some platforms (`#[cfg]`).
        #[allow(clippy::vec_init_then_push)]
        pub(crate) fn tests() -> Vec<$crate::harness::Test> {
            #[allow(unused_mut)]
            let mut tests = Vec::new();
            $(
                $(#[$attr])*
                tests.push($crate::harness::Test::new(
                    module_path!(),
                    stringify!($name),
                    $name,
                    &[$($($crate::harness::Need::$need),+)?],
                ));
            )*
            tests
        }
    };
}
pub(crate) use tests;

thread_local! {
    /// Whether this thread is running a test now (libtest-mimic's workers run one after
    /// another), and the panic that ended it.
    static IN_TEST: Cell<bool> = const { Cell::new(false) };
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A panic in a test is kept for the report of failures (as libtest shows it there, with
/// the place and, under `RUST_BACKTRACE`, the backtrace) instead of being printed between
/// the results; a panic in a thread a test started is printed as usual.
fn keep_panics_for_the_report() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !IN_TEST.with(Cell::get) {
            return default(info);
        }
        let payload = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("(a panic without a message)");
        let place = info
            .location()
            .map(|l| format!(" at {}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        let backtrace = std::backtrace::Backtrace::capture();
        let backtrace = match backtrace.status() {
            std::backtrace::BacktraceStatus::Captured => format!("\n{backtrace}"),
            _ => String::new(),
        };
        PANIC.with(|kept| {
            *kept.borrow_mut() = Some(format!("panicked{place}:\n{payload}{backtrace}"))
        });
    }));
}

fn run_one(test: fn()) -> Result<(), Failed> {
    IN_TEST.with(|t| t.set(true));
    let result = std::panic::catch_unwind(test);
    IN_TEST.with(|t| t.set(false));
    result.map_err(|_| {
        PANIC
            .with(|kept| kept.borrow_mut().take())
            .unwrap_or_else(|| "panicked".to_owned())
            .into()
    })
}

/// Runs the tests as `cargo test` asked (filters, `--ignored`, `--list`, threads), then
/// says once what was skipped and why.
pub fn main(tests: Vec<Test>) -> ExitCode {
    let args = Arguments::from_args();
    keep_panics_for_the_report();
    // For each reason, the tests it skipped.
    let mut skipped: BTreeMap<(Need, String, String), Vec<String>> = BTreeMap::new();
    let mut trials = Vec::with_capacity(tests.len());
    for test in tests {
        let Test { name, run, needs } = test;
        let trial = Trial::test(name.clone(), move || run_one(run));
        // What a filtered-out test needs is not looked for: a run of one test is quick.
        if needs.is_empty() || args.is_filtered_out(&trial) {
            trials.push(trial);
            continue;
        }
        let missing: Vec<(Need, &Found)> = needs
            .iter()
            .map(|need| (*need, need.found()))
            .filter(|(_, found)| matches!(found, Found::Missing { .. }))
            .collect();
        if missing.is_empty() {
            trials.push(trial);
        } else if let Some((need, Found::Missing { why, fix })) =
            missing.iter().find(|(need, _)| need.required())
        {
            let message = format!(
                "{}=1 asks for this test, but {why}. To run it: {fix}.",
                need.required_by().unwrap_or_default()
            );
            trials.push(Trial::test(name, move || Err(message.into())));
        } else {
            for (need, found) in missing {
                if let Found::Missing { why, fix } = found {
                    skipped
                        .entry((need, why.clone(), fix.clone()))
                        .or_default()
                        .push(name.clone());
                }
            }
            trials.push(trial.with_ignored_flag(true));
        }
    }
    let conclusion = libtest_mimic::run(&args, trials);
    // With --ignored or --include-ignored the skipped tests ran; --list only lists.
    if !skipped.is_empty() && !args.list && !args.ignored && !args.include_ignored {
        report_skips(&skipped);
    }
    conclusion.exit_code()
}

/// Says once, after the results, which tests were skipped and why; and appends the same to
/// the file `SYNCHUP_TEST_SKIPS` names, for scripts/test to repeat at its end.
fn report_skips(skipped: &BTreeMap<(Need, String, String), Vec<String>>) {
    let label = std::env::var("SYNCHUP_TEST_SKIPS_LABEL")
        .unwrap_or_else(|_| if cfg!(windows) { "Windows" } else { "Linux" }.to_owned());
    let mut text = String::new();
    for ((_, why, fix), names) in skipped {
        text.push_str(&format!(
            "{label}: {} ignored: {why}. To run them: {fix}.\n    {}\n",
            plural(names.len()),
            names.join("\n    ")
        ));
    }
    eprintln!("\nSkipped here, so not tested (shown as ignored above):\n{text}");
    if let Some(path) = std::env::var_os("SYNCHUP_TEST_SKIPS") {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path);
        if let Err(err) = file.and_then(|mut file| file.write_all(text.as_bytes())) {
            eprintln!("note: could not add the skipped tests to {path:?}: {err}");
        }
    }
}

fn plural(count: usize) -> String {
    if count == 1 {
        "1 test".to_owned()
    } else {
        format!("{count} tests")
    }
}
