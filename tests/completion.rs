//! The shipped completion scripts in the real shells, as a user meets them: bash with
//! bash-completion, zsh with compinit and fish, each interactive on a pseudo-terminal, the
//! scripts installed where the Debian package puts them, a line typed and Tab pressed, and
//! the screen read back. Every level is tried (a command, a command's flags, a flag's
//! values), and no list ever offers a refused flag (`--access-token`, `--token`).
//!
//! A shell that is missing shows as ignored, with the reason said once at the end, unless
//! `SYNCHUP_COMPLETION_TESTS=1` (set by CI), where it fails the test (`needs(Bash)`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::Expect;
use expectrl::session::OsSession as Session;
use tempfile::TempDir;

const PROMPT: &str = "READY> ";
const TAB: &str = "\t";
/// Kills the line typed so far, in all three shells.
const CTRL_U: &str = "\x15";
const COLUMNS: u16 = 200;
const ROWS: u16 = 60;
/// The flags that are refused on purpose and must never be offered.
const REFUSED: [&str; 2] = ["access-token", "--token"];

fn assets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/completions")
}

/// An interactive shell on a pseudo-terminal, in a home of its own, with the completion
/// scripts installed as the Debian package installs them under `<home>/share`.
struct Shell {
    session: Session,
    /// Everything the shell printed.
    transcript: Vec<u8>,
    /// How many marks [`Shell::complete`] has waited for.
    marks: usize,
    _home: TempDir,
}

impl Shell {
    fn bash() -> Shell {
        let bash_completion = Path::new(crate::harness::BASH_COMPLETION);
        let home = Shell::home();
        // Readline lists every candidate on the first Tab, without asking first.
        let rc = home.path().join("bashrc");
        std::fs::write(
            &rc,
            format!(
                "PS1='{PROMPT}'\n\
                 source {}\n\
                 bind 'set show-all-if-ambiguous on'\n\
                 bind 'set completion-query-items 10000'\n\
                 bind 'set page-completions off'\n\
                 bind 'set bell-style none'\n",
                bash_completion.display()
            ),
        )
        .unwrap();
        let mut command = Command::new("bash");
        command.args(["--noprofile", "--rcfile"]).arg(&rc).arg("-i");
        Shell::start(command, home)
    }

    fn zsh() -> Shell {
        let home = Shell::home();
        let share = home.path().join("share");
        std::fs::write(
            home.path().join(".zshrc"),
            format!(
                "PROMPT='{PROMPT}'\n\
                 fpath=({}/zsh/vendor-completions $fpath)\n\
                 autoload -Uz compinit && compinit -u -d {}/zcompdump\n\
                 LISTMAX=10000\n\
                 unsetopt beep list_ambiguous\n",
                share.display(),
                home.path().display()
            ),
        )
        .unwrap();
        let mut command = Command::new("zsh");
        // No system-wide startup files: only the .zshrc above.
        command.args(["--no-globalrcs", "-i"]);
        command.env("ZDOTDIR", home.path());
        Shell::start(command, home)
    }

    fn fish() -> Shell {
        let home = Shell::home();
        let config = home.path().join("config/fish");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(
            config.join("config.fish"),
            format!(
                "function fish_prompt; echo -n '{PROMPT}'; end\n\
                 set -g fish_greeting\n"
            ),
        )
        .unwrap();
        let mut command = Command::new("fish");
        command.arg("-i");
        Shell::start(command, home)
    }

    /// A home with the scripts where the package puts them, below `share/`.
    fn home() -> TempDir {
        let home = tempfile::tempdir().unwrap();
        let share = home.path().join("share");
        for (file, dir, name) in [
            (
                "synchup-setup.bash",
                "bash-completion/completions",
                "synchup-setup",
            ),
            ("_synchup-setup", "zsh/vendor-completions", "_synchup-setup"),
            (
                "synchup-setup.fish",
                "fish/vendor_completions.d",
                "synchup-setup.fish",
            ),
        ] {
            std::fs::create_dir_all(share.join(dir)).unwrap();
            std::fs::copy(assets().join(file), share.join(dir).join(name)).unwrap();
        }
        home
    }

    fn start(shell: Command, home: TempDir) -> Shell {
        // The pseudo-terminal starts with echo off, and readline then echoes nothing: a
        // terminal a user types in has it on.
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!(
                "stty echo icanon cols {COLUMNS} rows {ROWS} && exec \"$0\" \"$@\""
            ))
            .arg(shell.get_program())
            .args(shell.get_args());
        let bin = assert_cmd::cargo::cargo_bin("synchup-setup");
        let path = format!(
            "{}:/usr/local/bin:/usr/bin:/bin",
            bin.parent().unwrap().display()
        );
        let share = home.path().join("share");
        command
            .env_clear()
            .env("HOME", home.path())
            .env("PATH", path)
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .env("XDG_DATA_DIRS", format!("{}:/usr/share", share.display()))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .envs(
                shell
                    .get_envs()
                    .filter_map(|(name, value)| Some((name, value?))),
            )
            .current_dir(home.path());
        // Inherited by the pseudo-terminal, so that the shell sees the size at start.
        let mut session = Session::spawn(command).expect("spawn a shell on a pty");
        session
            .get_process_mut()
            .set_window_size(COLUMNS, ROWS)
            .unwrap();
        session.set_expect_timeout(Some(Duration::from_millis(50)));
        let mut shell = Shell {
            session,
            transcript: Vec::new(),
            marks: 0,
            _home: home,
        };
        shell.wait_for(|shell| shell.prompts() >= 1, "the first prompt");
        shell
    }

    /// Reads what the shell printed until `done` holds, for at most 20 seconds.
    fn wait_for(&mut self, done: impl Fn(&Shell) -> bool, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut buf = [0u8; 8192];
        while !done(self) {
            assert!(
                Instant::now() < deadline,
                "waited 20 s for {what}; the screen:\n{}",
                self.screen()
            );
            match self.session.try_read(&mut buf) {
                Ok(0) => panic!("the shell ended; the screen:\n{}", self.screen()),
                Ok(n) => self.transcript.extend_from_slice(&buf[..n]),
                Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                Err(err) => panic!("reading the pty: {err}"),
            }
        }
    }

    /// How many prompts the shell has drawn.
    fn prompts(&self) -> usize {
        strip_escapes(&self.transcript).matches(PROMPT).count()
    }

    /// The screen as a terminal emulator shows it now.
    fn screen(&self) -> String {
        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
        let mut parser = vt100::Parser::new(size(ROWS), size(COLUMNS), 0);
        parser.process(&self.transcript);
        parser.screen().contents()
    }

    /// Types `line` and Tab, waits until every one of `wanted` is on the screen, then
    /// clears the line and runs `echo` with a mark, and waits for the mark: the shell has
    /// then finished with the Tab, and everything the completion printed has been read.
    /// Returns what it printed, escapes removed.
    fn complete(&mut self, line: &str, wanted: &[&str]) -> String {
        let start = self.transcript.len();
        self.session.send(line).unwrap();
        self.session.send(TAB).unwrap();
        self.wait_for(
            |shell| {
                let screen = shell.screen();
                wanted.iter().all(|want| screen.contains(want))
            },
            &format!("{wanted:?} after `{line}<Tab>`"),
        );
        self.marks += 1;
        // Typed as MARK""7, printed as MARK7: the typed line never matches.
        let mark = format!("MARK{}", self.marks);
        self.session.send(CTRL_U).unwrap();
        self.session
            .send(format!("echo MARK\"\"{}\r", self.marks))
            .unwrap();
        self.wait_for(
            |shell| strip_escapes(&shell.transcript[start..]).contains(&mark),
            "the shell to run a command after the Tab",
        );
        let printed = strip_escapes(&self.transcript[start..]);
        for refused in REFUSED {
            assert!(
                !printed.contains(refused),
                "`{line}<Tab>` offered {refused}:\n{printed}"
            );
        }
        printed
    }
}

impl Drop for Shell {
    fn drop(&mut self) {
        let _ = self
            .session
            .get_process_mut()
            .kill(expectrl::process::unix::Signal::SIGKILL);
    }
}

/// The text without terminal escape sequences (colours, cursor moves), so that a word a
/// shell draws in two colours reads as one.
fn strip_escapes(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        match chars.next() {
            // CSI: parameters, then one final byte in @..~.
            Some('[') => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            // OSC: up to BEL or ST.
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\x07' || (c == '\x1b' && chars.next_if_eq(&'\\').is_some()) {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The same checks in every shell: a subcommand's flags and values complete, the top
/// level too, and the refused flags are never offered (checked by [`Shell::complete`] on
/// every list).
fn completes_at_every_level(mut shell: Shell) {
    // A subcommand's flag, completed in place.
    shell.complete("synchup-setup show --j", &["synchup-setup show --json"]);
    shell.complete(
        "synchup-setup check --onl",
        &["synchup-setup check --online"],
    );
    // A subcommand's argument values.
    shell.complete(
        "synchup-setup completions ",
        &["bash", "zsh", "fish", "powershell", "elvish"],
    );
    // Several flags of a subcommand.
    shell.complete("synchup-setup share --t", &["--to-file"]);
    shell.complete(
        "synchup-setup manpage --d",
        &["synchup-setup manpage --dir"],
    );
    // A flag's values, at the top level.
    shell.complete("synchup-setup --secret-store ", &["keychain", "file"]);
    // The commands.
    shell.complete(
        "synchup-setup ",
        &["show", "check", "import", "share", "remove"],
    );
    // Every flag, at the top level and after a subcommand: none of them refused.
    shell.complete(
        "synchup-setup --",
        &["--client-id", "--profile", "--from-file"],
    );
    shell.complete(
        "synchup-setup show --",
        &["--json", "--profile", "--config"],
    );
    shell.complete("synchup-setup import --", &["--identity", "--secret-store"]);
    // Nothing at all for the refused flags themselves.
    let printed = shell.complete("synchup-setup --acc", &["synchup-setup --acc"]);
    assert!(!printed.contains("access"), "{printed}");
}

fn bash_completes_at_every_level() {
    completes_at_every_level(Shell::bash());
}

fn zsh_completes_at_every_level() {
    completes_at_every_level(Shell::zsh());
}

fn fish_completes_at_every_level() {
    completes_at_every_level(Shell::fish());
}

crate::harness::tests! {
    bash_completes_at_every_level needs(Bash),
    zsh_completes_at_every_level needs(Zsh),
    fish_completes_at_every_level needs(Fish),
}
