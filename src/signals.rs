//! Ctrl-C and termination signals (on Windows: Ctrl-C, Ctrl-Break and closing the console
//! window). Outside a save: put the terminal back as it was, say whether the values were
//! saved, exit 130. During a save: let it finish, so nothing is half-saved.
//!
//! (At a question, the prompt reads Ctrl-C as a key and returns normally; this handler is
//! for the moments in between, and for signals sent by other programs.)
//!
//! It is also the one place that knows whether this run has saved: every way of stopping
//! (a signal here, Esc or Ctrl-C at a question in `lib.rs`) says it with [`stopped`].

use std::sync::Mutex;

struct State {
    saving: bool,
    /// The profile this run saved, once it has.
    saved: Option<String>,
    /// A secret is on the alternate screen (see [`Revealing`]).
    revealing: bool,
}

static STATE: Mutex<State> = Mutex::new(State {
    saving: false,
    saved: None,
    revealing: false,
});

fn state() -> std::sync::MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|p| p.into_inner())
}

/// Installs the handler, remembering the terminal's settings to restore them on exit.
pub fn install() {
    crate::platform::terminal::save();
    // Failing to install leaves the default behaviour, which is acceptable.
    let _ = ctrlc::set_handler(|| {
        let state = state();
        if state.saving {
            return;
        }
        // Nothing here panics on a failed write: after a hang-up the terminal is gone, and a
        // panic would leave the program running with no terminal.
        if state.revealing {
            // Back to the main screen, which never held the secret.
            let _ =
                crossterm::execute!(std::io::stderr(), crossterm::terminal::LeaveAlternateScreen);
        }
        restore_terminal();
        let mut err = crate::ui::Ui::stderr();
        err.blank();
        err.line(message(&state));
        // Exiting with the lock held keeps a save from starting in the meantime.
        std::process::exit(130);
    });
}

/// The values of `profile` are saved: from now on, stopping says so.
pub fn saved(profile: &str) {
    state().saved = Some(profile.to_owned());
}

/// What to say when the run stops before its end: whether anything was saved.
pub fn stopped() -> String {
    message(&state())
}

fn message(state: &State) -> String {
    match &state.saved {
        Some(profile) => format!(
            "Stopped: the values are saved (profile \"{profile}\"); {} shows them.",
            crate::rerun::with_profile("show", profile)
        ),
        None => "Cancelled: nothing was saved.".to_owned(),
    }
}

/// Puts back echo and line editing (a Unix terminal's settings, a Windows console's mode)
/// as they were at start, and shows the cursor.
pub fn restore_terminal() {
    crate::platform::terminal::restore();
    // Only a terminal has a cursor; in a log the escape sequence would be noise.
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let _ = console::Term::stderr().show_cursor();
    }
}

/// While alive, signals do not interrupt: the save it guards finishes first.
pub struct Saving(());

impl Saving {
    pub fn begin() -> Saving {
        state().saving = true;
        Saving(())
    }
}

impl Drop for Saving {
    fn drop(&mut self) {
        state().saving = false;
    }
}

/// While alive, a secret is shown on the terminal's alternate screen: a signal leaves that
/// screen before anything else, so the secret goes with it.
pub struct Revealing(());

impl Revealing {
    pub fn begin() -> Revealing {
        state().revealing = true;
        Revealing(())
    }
}

impl Drop for Revealing {
    fn drop(&mut self) {
        state().revealing = false;
    }
}
