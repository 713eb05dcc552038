//! One run of the real binary, built up and then checked in one place: the exit code, what
//! standard error and standard output must say, that no token leaked outside the secret
//! stores, and (when asked) that nothing on disk changed. Every run of the binary in the
//! tests goes through it; the pseudo-terminal and tmux tests, which need a real terminal,
//! make the same leak check themselves (`terminal::Pty::finish`).
//!
//! ```ignore
//! sandbox.run(["show", "--profile", "nope"]).code(3).stderr_has("Known profiles");
//! ```

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Output, Stdio};
use std::time::Duration;

use super::{Sandbox, keychain_env, wait_bounded};

/// The exit codes the README documents, for a helper whose callers check the exact one.
pub const DOCUMENTED_CODES: [i32; 9] = [0, 1, 2, 3, 4, 5, 6, 7, 130];

/// How long a run may take before the test fails (and the run is killed): a guard against
/// a hang, not a speed target.
pub const LIMIT: Duration = Duration::from_secs(120);

/// A run being described; nothing happens until [`Run::code`] or [`Run::success`].
#[must_use = "a run does nothing until .code(n) or .success()"]
pub struct Run<'s> {
    sandbox: &'s Sandbox,
    /// The program: the binary unless [`Run::program`] names another.
    program: PathBuf,
    args: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
    env_removed: Vec<OsString>,
    stdin: Vec<u8>,
    keep_stdin_open: bool,
    /// A shell line run first in the program's own process ([`Run::prepared`]).
    prepare: Option<String>,
    /// A program the binary runs under, and its arguments ([`Run::under`]).
    wrapper: Vec<OsString>,
    keychain: bool,
    unchanged: bool,
    token_on_stdout: bool,
    saves_under_way: bool,
    alongside: bool,
    limit: Duration,
}

/// A finished run, already checked.
pub struct Done {
    pub output: Output,
    pub stdout: String,
    pub stderr: String,
}

impl Done {
    /// Standard output as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|err| panic!("not JSON ({err}): {}", self.stdout))
    }

    /// Fails unless standard error contains `text`.
    pub fn stderr_has(self, text: &str) -> Done {
        assert!(
            self.stderr.contains(text),
            "{text:?} not in:\n{}",
            self.stderr
        );
        self
    }

    /// Fails if standard error contains `text`.
    pub fn stderr_lacks(self, text: &str) -> Done {
        assert!(!self.stderr.contains(text), "{text:?} in:\n{}", self.stderr);
        self
    }

    /// Fails unless standard error or standard output contains `text` (`check` reports on
    /// standard output, other commands on standard error).
    pub fn stderr_or_stdout_has(self, text: &str) -> Done {
        assert!(
            self.stderr.contains(text) || self.stdout.contains(text),
            "{text:?} not in:\n{}\n{}",
            self.stderr,
            self.stdout
        );
        self
    }

    /// Fails unless standard output contains `text`.
    pub fn stdout_has(self, text: &str) -> Done {
        assert!(
            self.stdout.contains(text),
            "{text:?} not in:\n{}",
            self.stdout
        );
        self
    }
}

impl Sandbox {
    /// The binary with these arguments, in this sandbox, with no keychain reachable.
    pub fn run<I, S>(&self, args: I) -> Run<'_>
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        Run {
            sandbox: self,
            program: assert_cmd::cargo::cargo_bin("synchup-setup"),
            args: args.into_iter().map(Into::into).collect(),
            env: Vec::new(),
            env_removed: Vec::new(),
            stdin: Vec::new(),
            keep_stdin_open: false,
            prepare: None,
            wrapper: Vec::new(),
            keychain: false,
            unchanged: false,
            token_on_stdout: false,
            saves_under_way: false,
            alongside: false,
            limit: LIMIT,
        }
    }
}

impl<'s> Run<'s> {
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    pub fn env(mut self, name: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.env.push((name.into(), value.into()));
        self
    }

    pub fn envs<I, K, V>(mut self, vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<OsString>,
        V: Into<OsString>,
    {
        self.env
            .extend(vars.into_iter().map(|(k, v)| (k.into(), v.into())));
        self
    }

    /// Without this variable of the sandbox's environment.
    pub fn env_remove(mut self, name: impl Into<OsString>) -> Self {
        self.env_removed.push(name.into());
        self
    }

    pub fn stdin(mut self, text: impl Into<Vec<u8>>) -> Self {
        self.stdin = text.into();
        self
    }

    /// Standard input stays open after what [`Run::stdin`] gave, until
    /// [`Running::close_stdin`] or the end of the run: a script still writing.
    pub fn keep_stdin_open(mut self) -> Self {
        self.keep_stdin_open = true;
        self
    }

    /// Another program of the build (an example) instead of the binary.
    pub fn program(mut self, path: impl Into<PathBuf>) -> Self {
        self.program = path.into();
        self
    }

    /// Runs `line` in a shell first, in the process the binary then replaces (a `ulimit`, a
    /// `umask`, a trap, a file descriptor).
    pub fn prepared(mut self, line: &str) -> Self {
        self.prepare = Some(line.to_owned());
        self
    }

    /// Runs the binary under `wrapper` (`strace -f ... --`), which is given the binary and
    /// its arguments after its own.
    pub fn under<I, S>(mut self, wrapper: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.wrapper = wrapper.into_iter().map(Into::into).collect();
        self
    }

    /// Other saves run at the same time: the files are left to the test to check once they
    /// have all ended (reading them while another save replaces them would change what is
    /// tested: Windows refuses to replace a file another process has open); the output is
    /// checked here.
    pub fn alongside_other_saves(mut self) -> Self {
        self.alongside = true;
        self
    }

    /// How long the run may take before it fails the test ([`LIMIT`] unless set).
    pub fn within(mut self, limit: Duration) -> Self {
        self.limit = limit;
        self
    }

    /// In the test's D-Bus session, where CI runs a real Secret Service.
    pub fn keychain(mut self) -> Self {
        self.keychain = true;
        self
    }

    /// Nothing under the sandbox's home may change, and standard output stays empty.
    pub fn unchanged(mut self) -> Self {
        self.unchanged = true;
        self
    }

    /// Standard output may hold the token (`synchup-setup token`); nothing else may.
    pub fn token_on_stdout(mut self) -> Self {
        self.token_on_stdout = true;
        self
    }

    pub fn success(self) -> Done {
        self.code(0)
    }

    /// Runs, and fails unless the exit code is `code` and every check holds.
    pub fn code(self, code: i32) -> Done {
        self.code_in(&[code])
    }

    /// Runs, and fails unless the exit code is one of `codes` and every check holds.
    pub fn code_in(self, codes: &[i32]) -> Done {
        self.spawn().code_in(codes)
    }

    /// Starts the run; [`Running`] waits for it and checks it.
    pub fn spawn(self) -> Running<'s> {
        let before = self.unchanged.then(|| self.sandbox.snapshot());
        let mut command = self.command();
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // Wine's CreateProcess now and then fails with ERROR_INTERNAL_ERROR (1359) when
        // many programs start at once; a second try starts it. Any other error is the test's.
        let mut tries = 0;
        let mut child = loop {
            match command.spawn() {
                Err(err) if cfg!(windows) && err.raw_os_error() == Some(1359) && tries < 3 => {
                    tries += 1;
                }
                started => {
                    break started
                        .unwrap_or_else(|err| panic!("{}: {err}", self.program.display()));
                }
            }
        };
        let mut stdin = child.stdin.take().unwrap();
        // A program that ends before reading its input closes the pipe: not a failure here.
        match stdin.write_all(&self.stdin) {
            Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => panic!("{err}"),
            _ => {}
        }
        let stdin = self.keep_stdin_open.then_some(stdin);
        Running {
            run: self,
            child: Some(child),
            stdin,
            before,
        }
    }

    fn command(&self) -> std::process::Command {
        let mut words: Vec<OsString> = self.wrapper.clone();
        words.push(self.program.clone().into());
        if let Some(line) = &self.prepare {
            words.splice(
                0..0,
                [
                    "sh".into(),
                    "-c".into(),
                    format!("{line} && exec \"$0\" \"$@\"").into(),
                ],
            );
        }
        let mut command = std::process::Command::new(&words[0]);
        command
            .args(&words[1..])
            .args(&self.args)
            .env_clear()
            .envs(self.sandbox.env());
        if self.keychain {
            command.envs(keychain_env());
        }
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        for name in &self.env_removed {
            command.env_remove(name);
        }
        command
    }
}

/// A run that has started.
pub struct Running<'s> {
    run: Run<'s>,
    child: Option<Child>,
    stdin: Option<ChildStdin>,
    before: Option<std::collections::BTreeMap<PathBuf, Vec<u8>>>,
}

impl Running<'_> {
    pub fn pid(&self) -> u32 {
        self.child.as_ref().unwrap().id()
    }

    /// Whether it has not ended yet.
    pub fn is_running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|child| child.try_wait().unwrap().is_none())
    }

    /// Writes the rest of standard input and closes it.
    pub fn close_stdin(&mut self, rest: &str) {
        let mut stdin = self.stdin.take().expect("kept open with keep_stdin_open");
        stdin.write_all(rest.as_bytes()).unwrap();
    }

    /// Kills the run outright (SIGKILL; TerminateProcess on Windows), and the programs it
    /// started (a wrapper's child), then checks it as [`Running::killed`] does.
    pub fn kill(mut self) -> Done {
        let child = self.child.as_mut().unwrap();
        #[cfg(unix)]
        for pid in super::children_of(child.id()) {
            if let Some(pid) = rustix::process::Pid::from_raw(pid as i32) {
                let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
            }
        }
        let _ = child.kill();
        // A save killed midway may leave its temporary copy, for the next run to delete.
        self.run.saves_under_way = true;
        // Killed, or ended before the kill: with success, or (on Windows) with
        // TerminateProcess's code.
        self.check(
            |code| code.is_none() || code == Some(0) || (cfg!(windows) && code == Some(1)),
            "killed or 0",
        )
    }

    pub fn success(self) -> Done {
        self.code(0)
    }

    pub fn code(self, code: i32) -> Done {
        self.code_in(&[code])
    }

    /// Waits (at most the run's limit), and fails unless the exit code is one of `codes`
    /// and every check holds.
    pub fn code_in(self, codes: &[i32]) -> Done {
        self.check(
            |code| code.is_some_and(|code| codes.contains(&code)),
            &format!("one of {codes:?}"),
        )
    }

    fn check(mut self, code_ok: impl Fn(Option<i32>) -> bool, wanted: &str) -> Done {
        let output = wait_bounded(self.child.take().unwrap(), self.run.limit);
        drop(self.stdin.take());
        let done = Done {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            output,
        };
        let args = &self.run.args;
        let code = done.output.status.code();
        assert!(
            code_ok(code),
            "{args:?}: exit {code:?}, not {wanted}\n--- stderr ---\n{}\n--- stdout ---\n{}",
            done.stderr,
            done.stdout
        );
        assert!(!done.stderr.contains("panicked"), "{}", done.stderr);
        let stdout: &[u8] = if self.run.token_on_stdout {
            &[]
        } else {
            &done.output.stdout
        };
        if self.run.alongside {
            for output in [stdout, &done.output.stderr] {
                assert!(
                    !super::holds_token(output),
                    "token in output: {}",
                    done.stderr
                );
            }
        } else {
            self.run.sandbox.assert_no_token_outside(
                &[stdout, &done.output.stderr],
                self.run.saves_under_way,
                &[],
            );
        }
        if let Some(before) = &self.before {
            assert_eq!(
                &self.run.sandbox.snapshot(),
                before,
                "{args:?} changed files"
            );
            assert!(done.stdout.is_empty(), "{args:?} printed {}", done.stdout);
        }
        done
    }
}

impl Drop for Running<'_> {
    /// A run a failing test left behind is killed, not left running.
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
