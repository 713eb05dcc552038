//! The [`Prompter`] for a real terminal, and the only file that knows the prompt library.
//!
//! `inquire` is used because every question must be cancellable with Esc as well as
//! Ctrl-C, with the terminal restored afterwards; it renders on standard error and reads
//! pasted text as one piece (bracketed paste). It would draw a pasted block as it goes, so
//! a text answer is watched as it changes ([`PasteGuard`]) and stopped at a second line or
//! at a secret's label; keys already waiting after an answer are a block pasted without
//! bracketed paste, and are dropped. The token asked to be shown goes on the alternate
//! screen (see `reveal`).
//!
//! What stays on screen after an answer is one line per question: `> Client ID: ...`. An
//! answered question starts with `>` and an open one with `?`, so the two differ without
//! colour; a token is shown masked; an empty answer that keeps the saved value says so
//! (`****x9z8 (kept)`); and a question too long for the terminal is split before its last
//! sentence rather than wrapped by the terminal (see [`Ui::fit_question`]).

use inquire::error::InquireError;
use inquire::ui::{RenderConfig, Styled};
use inquire::{Confirm, Password, PasswordDisplayMode, Select, Text};
use std::cell::Cell;
use std::io::Write;
use std::rc::Rc;
use std::time::{Duration, Instant};

use inquire::autocompletion::Replacement;
use inquire::{Autocomplete, CustomUserError};

use secrecy::{ExposeSecret, SecretString};

use super::prompter::Prompter;
use crate::bigcommerce::label::Label;
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

impl Terminal {
    /// One text question, already fitted to the terminal; `guard` watches what is typed
    /// (see [`PasteGuard`]).
    fn text_once(
        &mut self,
        question: &str,
        current: Option<&str>,
        guard: &PasteGuard,
    ) -> Result<String> {
        let room = self.room_after(question);
        let help = current.map(|value| self.help("Enter keeps", value));
        let formatter = |input: &str| match (clean(input), current) {
            ("", Some(current)) => self.kept(current),
            (input, _) => self.shorten(&printable(input), room),
        };
        let mut prompt = Text::new(question)
            .with_render_config(self.render)
            .with_formatter(&formatter)
            .with_autocomplete(guard.clone());
        if let Some(help) = &help {
            prompt = prompt.with_help_message(help);
        }
        answer(prompt.prompt())
    }

    /// Takes a question stopped while open off the screen: its line (`? question answer`,
    /// `shown` columns of answer, over as many rows as it took) and its help line, if it
    /// has one. The prompt leaves the cursor on the row below them.
    fn erase_open_question(&self, question: &str, shown: usize, help: bool) {
        let used = 2 + console::measure_text_width(question) + 1 + shown;
        let rows = match self.ui.width() {
            Some(width) => used.div_ceil(width.max(1)).max(1),
            None => 1,
        } + usize::from(help);
        let mut err = std::io::stderr();
        let _ = crossterm::queue!(err, crossterm::cursor::MoveUp(rows as u16));
        let _ = crossterm::execute!(
            err,
            crossterm::cursor::MoveToColumn(0),
            crossterm::terminal::Clear(crossterm::terminal::ClearType::FromCursorDown)
        );
    }

    /// One hidden question.
    fn secret_once(&mut self, question: &str, current: Option<&str>) -> Result<SecretString> {
        let question = self.ui.fit_question(question, 1);
        let help = match current {
            Some(masked) => self.help("hidden as you type or paste; Enter keeps", masked),
            None => "hidden as you type or paste".to_owned(),
        };
        // The answered line shows the token as every other message does: masked. A block
        // of lines pasted at once is refused after, and not even its end is shown.
        let formatter = |input: &str| match (clean(input), current) {
            (input, _) if input.contains(['\n', '\r']) => "(several lines)".to_owned(),
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
}

/// Watches a text answer as it is typed, before the prompt draws it: a second line (a
/// block pasted at once, such as the whole credentials file) or the label of a secret's
/// line (`ACCESS TOKEN:`) stops the question there, so neither the rest of the block nor
/// the secret after its label is ever drawn. It sits where the prompt library asks for
/// suggestions, which it does after each change to the answer and before drawing it.
#[derive(Clone, Default)]
struct PasteGuard(Rc<Cell<Option<(Stopped, usize)>>>);

/// Why a text question was stopped before its answer was drawn.
#[derive(Clone, Copy, Debug)]
enum Stopped {
    /// Several lines came at once.
    Lines,
    /// The label of a secret's line was typed or pasted.
    Secret(Label),
}

impl Stopped {
    /// What to say: the field's own refusal when the question is a field's (so it reads as
    /// the same mistake given any other way), else a plain one. Nothing of the answer is
    /// quoted.
    fn refusal(self, question: &str) -> String {
        let field = crate::profile::fields::FIELDS
            .iter()
            .find(|field| field.question == Some(question));
        let sample = match self {
            Stopped::Lines => "a\nb".to_owned(),
            Stopped::Secret(label) => format!("{}: x", label.text()),
        };
        if let Some(Err(invalid)) = field.map(|field| field.refuse_misplaced(&sample)) {
            return invalid.0;
        }
        match self {
            Stopped::Lines => "That is several lines at once (the credentials file?), and \
                               none of them was kept: answer with one line."
                .to_owned(),
            Stopped::Secret(label) => format!(
                "That is the {} line of the credentials file, and it was not kept: it does \
                 not answer this question.",
                label.text()
            ),
        }
    }
}

impl Autocomplete for PasteGuard {
    fn get_suggestions(
        &mut self,
        input: &str,
    ) -> std::result::Result<Vec<String>, CustomUserError> {
        let stopped = if input.contains(['\n', '\r']) {
            Some(Stopped::Lines)
        } else {
            let line = input.trim_start_matches(|c: char| {
                c.is_whitespace() || "\"'`\u{201c}\u{2018}\u{feff}".contains(c)
            });
            Label::split_line(line)
                .map(|(label, _)| label)
                .filter(|label| label.is_secret())
                .map(Stopped::Secret)
        };
        match stopped {
            Some(stopped) => {
                // What is on the screen: the answer before this change.
                let shown = input
                    .char_indices()
                    .next_back()
                    .map_or("", |(at, _)| &input[..at]);
                self.0
                    .set(Some((stopped, console::measure_text_width(shown))));
                // An error ends the question before the answer is drawn again.
                Err("stopped before it is shown".into())
            }
            None => Ok(Vec::new()),
        }
    }

    fn get_completion(
        &mut self,
        _input: &str,
        _highlighted: Option<String>,
    ) -> std::result::Result<Replacement, CustomUserError> {
        Ok(Replacement::None)
    }
}

/// Keys are already waiting, right after an answer: a person cannot type the next line
/// that fast, so they are the rest of a pasted block. Only a key pressed, or text pasted,
/// counts: Windows also reports the release of the Enter that ended the answer, and a
/// resize is no input at all; those are read and dropped here.
fn pending_input() -> bool {
    use crossterm::event::{Event, KeyEventKind};
    with_raw_mode(|| {
        while crossterm::event::poll(Duration::ZERO).unwrap_or(false) {
            match crossterm::event::read() {
                Ok(Event::Key(key)) if key.kind == KeyEventKind::Press => return true,
                Ok(Event::Paste(_)) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
        false
    })
}

/// Reads and drops whatever is waiting (the rest of a pasted block), for at most a second,
/// so it reaches neither the screen nor the next question.
fn discard_pending_input() {
    let started = Instant::now();
    with_raw_mode(|| {
        while started.elapsed() < Duration::from_secs(1)
            && crossterm::event::poll(Duration::from_millis(20)).unwrap_or(false)
        {
            let _ = crossterm::event::read();
        }
    });
}

/// Runs `f` with the terminal in raw mode, where keys can be read one by one without the
/// terminal echoing them; the mode it was in is put back after.
fn with_raw_mode<T>(f: impl FnOnce() -> T) -> T {
    let raw = crossterm::terminal::is_raw_mode_enabled().unwrap_or(false);
    if !raw {
        let _ = crossterm::terminal::enable_raw_mode();
    }
    let result = f();
    if !raw {
        let _ = crossterm::terminal::disable_raw_mode();
    }
    result
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
        loop {
            let guard = PasteGuard::default();
            let asked = self.ui.fit_question(question, 1);
            let answer = self.text_once(&asked, current, &guard);
            let stopped = match (answer, guard.0.get()) {
                (Err(Error::Io { .. }), Some((stopped, shown))) => {
                    self.erase_open_question(&asked, shown, current.is_some());
                    stopped
                }
                (Ok(_), _) if pending_input() => Stopped::Lines,
                (other, _) => return other,
            };
            discard_pending_input();
            self.ui.error(stopped.refusal(question));
        }
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
        loop {
            let answer = self.secret_once(question, current)?;
            // More lines right behind the answer: not typed, but a block pasted by a terminal
            // without bracketed paste, whose next lines would go to the next questions.
            if !pending_input() {
                return Ok(answer);
            }
            discard_pending_input();
            self.ui.error(Stopped::Lines.refusal(question));
        }
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
        use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
        let io = |err| Error::io("writing to the terminal", err);
        // The secret is shown on the alternate screen, which keeps no scrollback: leaving it
        // puts back the screen as it was, without the secret, whatever happened meanwhile
        // (a resize rewrapping the lines, a signal, an error).
        let _shown = AlternateScreen::enter().map_err(io)?;
        let lines = [
            format!("  {label}: {}", printable(secret.expose_secret())),
            String::new(),
            "  Press Enter to hide it again.".to_owned(),
        ];
        let mut err = std::io::stderr();
        for line in lines {
            // Raw mode: a line feed alone would not return to the first column.
            write!(err, "{line}\r\n").map_err(io)?;
        }
        err.flush().map_err(io)?;
        // Any key hides it, and so does a resize; Ctrl-C hides it and then stops, as
        // everywhere else.
        loop {
            match crossterm::event::read() {
                Ok(Event::Key(key)) if key.kind == KeyEventKind::Press => {
                    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                    return match key.code {
                        KeyCode::Char('c') if ctrl => Err(Error::Interrupted),
                        _ => Ok(()),
                    };
                }
                Ok(Event::Resize(..)) => return Ok(()),
                Ok(_) => {}
                Err(err) if err.kind() == std::io::ErrorKind::UnexpectedEof => {
                    return Err(Error::Interrupted);
                }
                Err(err) => return Err(Error::io("reading from the terminal", err)),
            }
        }
    }
}

/// The terminal's alternate screen, in raw mode, while alive; a signal that ends the program
/// meanwhile leaves it too ([`crate::signals::Revealing`]).
struct AlternateScreen(#[allow(dead_code)] crate::signals::Revealing);

impl AlternateScreen {
    fn enter() -> std::io::Result<AlternateScreen> {
        let revealing = crate::signals::Revealing::begin();
        crossterm::terminal::enable_raw_mode()?;
        let screen = AlternateScreen(revealing);
        crossterm::execute!(
            std::io::stderr(),
            crossterm::terminal::EnterAlternateScreen,
            crossterm::cursor::MoveTo(0, 0)
        )?;
        Ok(screen)
    }
}

impl Drop for AlternateScreen {
    fn drop(&mut self) {
        let _ = crossterm::execute!(std::io::stderr(), crossterm::terminal::LeaveAlternateScreen);
        let _ = crossterm::terminal::disable_raw_mode();
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
