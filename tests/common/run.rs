//! One run of the real binary, built up and then checked in one place: the exit code, what
//! standard error and standard output must say, that no token leaked outside the secret
//! stores, and (when asked) that nothing on disk changed.
//!
//! ```ignore
//! sandbox.run(["show", "--profile", "nope"]).code(3).stderr_has("Known profiles");
//! ```

use std::ffi::OsString;
use std::process::Output;

use super::{Sandbox, keychain_env, spawn_with_stdin};

/// A run being described; nothing happens until [`Run::code`] or [`Run::success`].
#[must_use = "a run does nothing until .code(n) or .success()"]
pub struct Run<'s> {
    sandbox: &'s Sandbox,
    args: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
    stdin: String,
    keychain: bool,
    unchanged: bool,
    token_on_stdout: bool,
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
            args: args.into_iter().map(Into::into).collect(),
            env: Vec::new(),
            stdin: String::new(),
            keychain: false,
            unchanged: false,
            token_on_stdout: false,
        }
    }
}

impl Run<'_> {
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

    pub fn stdin(mut self, text: impl Into<String>) -> Self {
        self.stdin = text.into();
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
        let before = self.unchanged.then(|| self.sandbox.snapshot());
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("synchup-setup"));
        command
            .env_clear()
            .envs(self.sandbox.env())
            .args(&self.args);
        if self.keychain {
            command.envs(keychain_env());
        }
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        let output = spawn_with_stdin(&mut command, &self.stdin)
            .wait_with_output()
            .unwrap();
        let done = Done {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            output,
        };
        let args = &self.args;
        let code = done.output.status.code();
        assert!(
            code.is_some_and(|code| codes.contains(&code)),
            "{args:?}: exit {code:?}, not one of {codes:?}\n--- stderr ---\n{}\n--- stdout ---\n{}",
            done.stderr,
            done.stdout
        );
        assert!(!done.stderr.contains("panicked"), "{}", done.stderr);
        let stdout: &[u8] = if self.token_on_stdout {
            &[]
        } else {
            &done.output.stdout
        };
        self.sandbox
            .assert_no_token_outside_stores(&[stdout, &done.output.stderr]);
        if let Some(before) = before {
            assert_eq!(self.sandbox.snapshot(), before, "{args:?} changed files");
            assert!(done.stdout.is_empty(), "{args:?} printed {}", done.stdout);
        }
        done
    }
}
