//! The process a command runs in, after rustup's `Process` and gh's `IOStreams`: the
//! environment read once, the two output streams, whether questions can be asked (decided
//! once, with the prompter that asks them: `prompter` is the seam, `terminal` the only file
//! that knows the prompt library), and the config and profile to work on. Commands take it
//! instead of reaching for `std::env`, `std::io` or the terminal themselves, so tests can run
//! them with a scripted environment, captured output and a scripted prompter.

pub mod environment;
pub mod prompter;
pub mod target;
pub mod terminal;

use std::io::IsTerminal;
use std::rc::Rc;

pub use environment::Environment;
pub use prompter::Prompter;
pub use target::{Chosen, Target};
use terminal::Terminal;

use crate::storage::Storage;
use crate::storage::secrets::{
    INTERACTIVE_KEYCHAIN_TIMEOUT, KEYCHAIN_TIMEOUT, SecretStore, SecretStoreKind, StoreOptions,
};
use crate::trace::Traced;
use crate::ui::Ui;

/// Which standard streams are terminals.
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminals {
    pub stdin: bool,
    pub stdout: bool,
    pub stderr: bool,
}

impl Terminals {
    pub fn of_process() -> Terminals {
        Terminals {
            stdin: std::io::stdin().is_terminal(),
            stdout: std::io::stdout().is_terminal(),
            stderr: std::io::stderr().is_terminal(),
        }
    }
}

/// Everything a command starts from.
pub struct Context {
    pub env: Environment,
    pub target: Target,
    /// Standard output: a command's own output (`show`, `token`, JSON).
    pub out: Ui,
    /// Standard error: every message to the admin.
    pub err: Ui,
    terminals: Terminals,
    prompter: Option<Box<dyn Prompter>>,
}

impl Context {
    /// The context of this process. Questions can be asked when standard input and standard
    /// error are both terminals: the prompt reads one and draws on the other.
    pub fn new(env: Environment, target: Target, out: Ui, err: Ui) -> Context {
        let terminals = Terminals::of_process();
        let prompter = (terminals.stdin && terminals.stderr)
            .then(|| Box::new(Terminal::new(&err)) as Box<dyn Prompter>);
        Context::with(env, target, (out, err), terminals, prompter)
    }

    /// A context for tests: the given streams and terminals, and `prompter` (if any) to
    /// answer questions.
    pub fn with(
        env: Environment,
        target: Target,
        (out, err): (Ui, Ui),
        terminals: Terminals,
        prompter: Option<Box<dyn Prompter>>,
    ) -> Context {
        Context {
            env,
            target,
            out,
            err,
            terminals,
            prompter,
        }
    }

    /// Whether someone can be asked.
    pub fn can_prompt(&self) -> bool {
        self.prompter.is_some()
    }

    pub fn terminals(&self) -> Terminals {
        self.terminals
    }

    /// The prompter, when someone can be asked.
    pub fn prompter(&mut self) -> Option<&mut dyn Prompter> {
        self.prompter
            .as_mut()
            .map(|prompter| &mut **prompter as &mut dyn Prompter)
    }

    /// The error stream and the prompter at once, for a flow that talks and asks.
    pub fn err_and_prompter(&mut self) -> (&mut Ui, Option<&mut dyn Prompter>) {
        let prompter = self
            .prompter
            .as_mut()
            .map(|prompter| &mut **prompter as &mut dyn Prompter);
        (&mut self.err, prompter)
    }

    /// The storage, with a keychain wait suited to whether someone is watching.
    pub fn storage(&self, interactive: bool) -> Storage {
        let timeout = self.env.keychain_timeout.unwrap_or(if interactive {
            INTERACTIVE_KEYCHAIN_TIMEOUT
        } else {
            KEYCHAIN_TIMEOUT
        });
        let err = self.err.clone();
        let on_slow = Rc::new(move || {
            let mut err = err.clone();
            if interactive {
                err.info(crate::platform::keychain::WAITING);
            } else {
                err.info("Waiting for the OS keychain...");
            }
        });
        let err = self.err.clone();
        let on_lock_wait = Rc::new(move || {
            err.clone().info(
                "Waiting for another synchup-setup run to finish with the credentials.toml beside \
                 this config...",
            );
        });
        let options = StoreOptions {
            keychain_timeout: timeout,
            on_slow,
            on_lock_wait,
        };
        let paths = self.target.paths().clone();
        if !self.err.is_verbose() {
            return Storage::new(paths, options);
        }
        // -v: every request to a store is reported as it happens.
        let stores = SecretStoreKind::all()
            .map(|kind| {
                let store = (kind.provider().open)(&paths, &options);
                Box::new(Traced::new(store, self.err.clone())) as Box<dyn SecretStore>
            })
            .collect();
        Storage::with_stores(paths, stores)
    }
}
