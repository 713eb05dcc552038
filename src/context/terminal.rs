//! The [`Prompter`] for a real terminal, and the only file that knows the prompt library.
//!
//! `inquire` is used because every question must be cancellable with Esc as well as
//! Ctrl-C, with the terminal restored afterwards; it renders on standard error and reads
//! pasted text as one piece (bracketed paste).
//!
//! What stays on screen after an answer is one line per question: `> Client ID: ...`. An
//! answered question starts with `>` and an open one with `?`, so the two differ without
//! colour; a token is shown masked; an empty answer that keeps the saved value says so
//! (`****x9z8 (kept)`); and a question too long for the terminal is split before its last
//! sentence rather than wrapped by the terminal (see [`Ui::fit_question`]).

use inquire::error::InquireError;
use inquire::ui::{RenderConfig, Styled};
use inquire::{Confirm, Password, PasswordDisplayMode, Select, Text};
use secrecy::{ExposeSecret, SecretString};

use super::prompter::Prompter;
use crate::bigcommerce::values::{clean, mask};
use crate::error::{Error, Result};
use crate::ui::{Ui, printable};

/// Room left after a yes/no question for ` (y/N)`.
const CONFIRM_RESERVE: usize = 6;

pub struct Terminal {
    render: RenderConfig<'static>,
    /// Standard error, where the prompts are drawn: its width, its symbols, and a place to
    /// print the first part of a long question.
    ui: Ui,
}

impl Terminal {
    pub fn new(ui: &Ui) -> Self {
        let render = if ui.color() {
            RenderConfig::default_colored()
        } else {
            RenderConfig::empty().with_answered_prompt_prefix(Styled::new(">"))
        };
        Terminal {
            render: render.with_canceled_prompt_indicator(Styled::new("(cancelled)")),
            ui: ui.clone(),
        }
    }

    /// `value` shortened in the middle to at most `room` characters (at least 9 are kept).
    fn shorten(&self, value: &str, room: usize) -> String {
        let count = value.chars().count();
        let room = room.max(9);
        if count <= room {
            return value.to_owned();
        }
        let ellipsis = self.ui.ellipsis();
        let keep = room - ellipsis.chars().count();
        let head: String = value.chars().take(keep - keep / 2).collect();
        let tail: String = value.chars().skip(count - keep / 2).collect();
        format!("{head}{ellipsis}{tail}")
    }

    /// A saved value kept by an empty answer: `k8l7…8ov (kept)`. A long value is
    /// abbreviated, as the question's help line showed it in full.
    fn kept(&self, current: &str) -> String {
        let shown = if current.contains(' ') || current.chars().count() <= 12 {
            current.to_owned()
        } else {
            let count = current.chars().count();
            let head: String = current.chars().take(4).collect();
            let tail: String = current.chars().skip(count - 3).collect();
            format!("{head}{}{tail}", self.ui.ellipsis())
        };
        format!("{shown} (kept)")
    }

    /// The columns left on the answered line after `question`.
    fn room_after(&self, question: &str) -> usize {
        match self.ui.width() {
            Some(width) => width.saturating_sub(2 + console::measure_text_width(question) + 1),
            None => usize::MAX,
        }
    }

    /// The help line, `[text value]`, with the value shortened to fit the terminal.
    fn help(&self, text: &str, value: &str) -> String {
        let room = match self.ui.width() {
            Some(width) => width.saturating_sub(console::measure_text_width(text) + 3),
            None => usize::MAX,
        };
        format!("{text} {}", self.shorten(value, room))
    }
}

fn answer<T>(result: std::result::Result<T, InquireError>) -> Result<T> {
    match result {
        Ok(value) => Ok(value),
        // Esc, Ctrl-C, and a terminal that went away all mean: stop, save nothing.
        Err(InquireError::OperationCanceled | InquireError::OperationInterrupted) => {
            Err(Error::Interrupted)
        }
        Err(InquireError::IO(err))
            if matches!(
                err.kind(),
                std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::BrokenPipe
            ) =>
        {
            Err(Error::Interrupted)
        }
        Err(InquireError::IO(err)) => Err(Error::io("reading from the terminal", err)),
        Err(other) => Err(Error::io(
            "reading from the terminal",
            std::io::Error::other(other.to_string()),
        )),
    }
}

impl Prompter for Terminal {
    fn confirm(&mut self, question: &str, default: bool) -> Result<bool> {
        let question = self.ui.fit_question(question, CONFIRM_RESERVE);
        answer(
            Confirm::new(&question)
                .with_default(default)
                .with_render_config(self.render)
                .prompt(),
        )
    }

    fn text(&mut self, question: &str, current: Option<&str>) -> Result<String> {
        let question = self.ui.fit_question(question, 1);
        let room = self.room_after(&question);
        let help = current.map(|value| self.help("Enter keeps", value));
        let formatter = |input: &str| match (clean(input), current) {
            ("", Some(current)) => self.kept(current),
            (input, _) => self.shorten(&printable(input), room),
        };
        let mut prompt = Text::new(&question)
            .with_render_config(self.render)
            .with_formatter(&formatter);
        if let Some(help) = &help {
            prompt = prompt.with_help_message(help);
        }
        answer(prompt.prompt())
    }

    fn text_suggested(&mut self, question: &str, suggested: &str) -> Result<String> {
        let question = self.ui.fit_question(question, 1);
        // Shown whole: a file name cut in the middle cannot be checked.
        let suggested = printable(suggested);
        let help = format!("Enter takes {suggested}");
        let formatter = |input: &str| match clean(input) {
            "" => suggested.clone(),
            input => printable(input),
        };
        answer(
            Text::new(&question)
                .with_render_config(self.render)
                .with_formatter(&formatter)
                .with_help_message(&help)
                .prompt(),
        )
    }

    fn secret(&mut self, question: &str, current: Option<&str>) -> Result<SecretString> {
        let question = self.ui.fit_question(question, 1);
        let help = match current {
            Some(masked) => self.help("hidden as you type or paste; Enter keeps", masked),
            None => "hidden as you type or paste".to_owned(),
        };
        // The answered line shows the token as every other message does: masked.
        let formatter = |input: &str| match (clean(input), current) {
            ("", Some(current)) => self.kept(current),
            ("", None) => String::new(),
            (input, _) => printable(&mask(input)),
        };
        let prompt = Password::new(&question)
            .with_display_mode(PasswordDisplayMode::Hidden)
            .without_confirmation()
            .with_help_message(&help)
            .with_formatter(&formatter)
            .with_render_config(self.render);
        answer(prompt.prompt()).map(SecretString::from)
    }

    fn passphrase(&mut self, question: &str) -> Result<SecretString> {
        let question = self.ui.fit_question(question, 1);
        // Marks, not nothing: the count of characters shows a missed or doubled key, and
        // Ctrl+R shows the words themselves to check them against what was read out.
        let prompt = Password::new(&question)
            .with_display_mode(PasswordDisplayMode::Masked)
            .with_display_toggle_enabled()
            .without_confirmation()
            .with_help_message("Ctrl+R shows or hides what you typed")
            .with_formatter(&|typed| {
                let words = typed
                    .split(|c: char| c.is_whitespace() || c == '-')
                    .filter(|word| !word.is_empty())
                    .count();
                match words {
                    1 => "(1 word)".to_owned(),
                    n => format!("({n} words)"),
                }
            })
            .with_render_config(self.render);
        answer(prompt.prompt()).map(SecretString::from)
    }

    fn select(&mut self, question: &str, options: &[&str], default: usize) -> Result<usize> {
        let question = self.ui.fit_question(question, 1);
        // The answered line keeps to one line of the terminal, as the other questions' do.
        let room = self.room_after(&question);
        let formatter =
            |chosen: inquire::list_option::ListOption<&&str>| self.shorten(chosen.value, room);
        let prompt = Select::new(&question, options.to_vec())
            .with_starting_cursor(default)
            .with_help_message("arrows to move, Enter to choose")
            .with_formatter(&formatter)
            .with_render_config(self.render);
        answer(prompt.raw_prompt()).map(|chosen| chosen.index)
    }

    fn reveal(&mut self, label: &str, secret: &SecretString) -> Result<()> {
        use console::{Key, Term};
        let term = Term::stderr();
        let shown = format!("  {label}: {}", printable(secret.expose_secret()));
        let io = |err| Error::io("writing to the terminal", err);
        term.write_line(&shown).map_err(io)?;
        term.write_str("  Press Enter to hide it again.")
            .map_err(io)?;
        // Any key hides it; Ctrl-C hides it and then stops, as everywhere else.
        let key = term.read_key();
        // Both lines go, the secret with them: from the screen, where a recording or a
        // person behind the admin could see it.
        let rows = 1 + shown
            .len()
            .div_ceil(self.ui.width().unwrap_or(usize::MAX).max(1));
        term.clear_line().map_err(io)?;
        term.clear_last_lines(rows - 1).map_err(io)?;
        match key {
            Ok(Key::CtrlC) => Err(Error::Interrupted),
            Ok(_) => Ok(()),
            Err(err) if err.kind() == std::io::ErrorKind::UnexpectedEof => Err(Error::Interrupted),
            Err(err) => Err(Error::io("reading from the terminal", err)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_values_are_abbreviated_and_marked() {
        let (ui, _) = Ui::capture_terminal(60);
        let terminal = Terminal::new(&ui);
        assert_eq!(
            terminal.kept("k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov"),
            "k8l7…8ov (kept)"
        );
        assert_eq!(terminal.kept("****x9z8"), "****x9z8 (kept)");
        assert_eq!(terminal.kept("the saved token"), "the saved token (kept)");
    }

    #[test]
    fn long_values_are_shortened_in_the_middle() {
        let (ui, _) = Ui::capture_terminal(60);
        let terminal = Terminal::new(&ui);
        let path = "https://api.bigcommerce.com/stores/et7xe3pz/v3/";
        assert_eq!(terminal.shorten(path, 100), path);
        let short = terminal.shorten(path, 20);
        assert_eq!(short.chars().count(), 20, "{short}");
        assert!(
            short.starts_with("https://") && short.ends_with("/v3/"),
            "{short}"
        );
    }
}
