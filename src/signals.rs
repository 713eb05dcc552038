//! Ctrl-C and termination signals (on Windows: Ctrl-C, Ctrl-Break and closing the console
//! window). Outside a save: put the terminal back as it was, say that
//! nothing was saved, exit 130. During a save: let it finish, so nothing is half-saved.
//!
//! (At a question, the prompt reads Ctrl-C as a key and returns normally; this handler is
//! for the moments in between, and for signals sent by other programs.)

use std::io::Write;
use std::sync::Mutex;

#[derive(Default)]
struct State {
    saving: bool,
}

static STATE: Mutex<State> = Mutex::new(State { saving: false });

/// Installs the handler, remembering the terminal's settings to restore them on exit.
pub fn install() {
    crate::platform::terminal::save();
    // Failing to install leaves the default behaviour, which is acceptable.
    let _ = ctrlc::set_handler(|| {
        let state = STATE.lock().unwrap_or_else(|p| p.into_inner());
        if state.saving {
            return;
        }
        restore_terminal();
        // Not eprintln!: after a hang-up the terminal is gone, and a failed write must not
        // stop the exit (a panic here would leave the program running with no terminal).
        let _ = writeln!(std::io::stderr(), "\nCancelled: nothing was saved.");
        // Exiting with the lock held keeps a save from starting in the meantime.
        std::process::exit(130);
    });
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
        STATE.lock().unwrap_or_else(|p| p.into_inner()).saving = true;
        Saving(())
    }
}

impl Drop for Saving {
    fn drop(&mut self) {
        STATE.lock().unwrap_or_else(|p| p.into_inner()).saving = false;
    }
}
