//! Who answers the questions, and the one place that decides what happens to a missing or
//! invalid answer: on a terminal it is asked for again with the reason; in a script it is
//! recorded with the line, flag or variable it came from, and every problem is reported at
//! once when the answers are all in.

use secrecy::{ExposeSecret, SecretString};

use super::script::Positional;
use crate::bigcommerce::values::{Checked, Invalid, Severity, clean};
use crate::context::prompter::Prompter;
use crate::error::{Error, InputProblem, Origin, Result};
use crate::profile::fields::Field;
use crate::profile::presets::Given;
use crate::ui::Ui;

/// What was decided for one value.
#[derive(Debug, PartialEq, Eq)]
pub enum Pick<T> {
    New(T),
    /// The saved value stays.
    Keep,
}

/// A question for one value, and everything needed to decide it.
pub struct Question<'q, T> {
    pub field: &'static Field,
    /// An answer given up front (a flag, a variable, a file), checked before anything is
    /// asked.
    pub preset: Option<Given<SecretString>>,
    /// What an empty answer keeps, as shown; `None` when nothing is saved to keep.
    pub current: Option<String>,
    pub parse: fn(&str) -> std::result::Result<Checked<T>, Invalid>,
    /// The accepted value as it may be shown (the token masked).
    pub show: fn(&T) -> String,
    /// Whether the answer agrees with the others (not swapped, not the same value twice).
    pub agrees: &'q dyn Fn(&Pick<T>) -> std::result::Result<(), Invalid>,
}

/// Who answers.
pub enum Mode<'p> {
    /// A person at a terminal.
    Interactive(&'p mut dyn Prompter),
    /// A script: answers come from flags, variables and standard input (one per line, in
    /// `lines`), and nothing is ever asked.
    Script {
        lines: Option<Positional>,
        problems: Vec<InputProblem>,
    },
}

/// What to do after an answer was refused.
enum Then {
    AskAgain,
    GiveUp,
}

/// The next answer that is not a preset.
enum Next {
    Answer(SecretString, Option<Origin>),
    Keep,
    /// None, for a value a profile can do without.
    Nothing,
    GiveUp,
}

impl<'p> Mode<'p> {
    pub fn script(lines: Option<Positional>) -> Mode<'p> {
        Mode::Script {
            lines,
            problems: Vec::new(),
        }
    }

    /// Someone is there to read and answer: the greeting, the current values and the plan
    /// are shown only then.
    pub fn is_interactive(&self) -> bool {
        matches!(self, Mode::Interactive(_))
    }

    /// A yes/no question; a script takes `unattended` without asking.
    pub fn confirm(&mut self, question: &str, default: bool, unattended: bool) -> Result<bool> {
        match self {
            Mode::Interactive(prompter) => prompter.confirm(question, default),
            Mode::Script { .. } => Ok(unattended),
        }
    }

    /// Free text, only ever asked on a terminal (a script has nobody to ask: empty).
    /// `current` is what Enter keeps.
    pub fn text(&mut self, question: &str, current: Option<&str>) -> Result<String> {
        match self {
            Mode::Interactive(prompter) => prompter.text(question, current),
            Mode::Script { .. } => Ok(String::new()),
        }
    }

    /// Free text whose empty answer takes `suggested`, a new value (a file name); only
    /// ever asked on a terminal (a script: empty).
    pub fn text_suggested(&mut self, question: &str, suggested: &str) -> Result<String> {
        match self {
            Mode::Interactive(prompter) => prompter.text_suggested(question, suggested),
            Mode::Script { .. } => Ok(String::new()),
        }
    }

    /// A secret typed without echo (a passphrase); `None` in a script, which has nobody to
    /// ask.
    pub fn secret(&mut self, question: &str) -> Result<Option<SecretString>> {
        match self {
            Mode::Interactive(prompter) => prompter.secret(question, None).map(Some),
            Mode::Script { .. } => Ok(None),
        }
    }

    /// A passphrase (see [`Prompter::passphrase`]); `None` in a script, which has nobody
    /// to ask.
    pub fn passphrase(&mut self, question: &str) -> Result<Option<SecretString>> {
        match self {
            Mode::Interactive(prompter) => prompter.passphrase(question).map(Some),
            Mode::Script { .. } => Ok(None),
        }
    }

    /// One of `options`, by index; a script takes `default` without asking.
    pub fn select(&mut self, question: &str, options: &[&str], default: usize) -> Result<usize> {
        match self {
            Mode::Interactive(prompter) => prompter.select(question, options, default),
            Mode::Script { .. } => Ok(default),
        }
    }

    /// Shows a secret until the admin presses a key, then takes it off the screen; a script
    /// is shown nothing.
    pub fn reveal(&mut self, label: &str, secret: &SecretString) -> Result<()> {
        match self {
            Mode::Interactive(prompter) => prompter.reveal(label, secret),
            Mode::Script { .. } => Ok(()),
        }
    }

    /// Waits for Enter on a terminal (Esc stops, as at every question); a script does not
    /// wait.
    pub fn pause(&mut self, message: &str) -> Result<()> {
        match self {
            Mode::Interactive(prompter) => prompter.text(message, None).map(drop),
            Mode::Script { .. } => Ok(()),
        }
    }

    /// Decides one value: a valid preset, else the next answer (asked on a terminal, the
    /// next piped line in a script), until one is valid and agrees with the others. `None`
    /// when a script could not give it (the problem is recorded), or when a value the
    /// profile can do without was left out.
    pub fn ask<T>(
        &mut self,
        ui: &mut Ui,
        mut question: Question<'_, T>,
    ) -> Result<Option<Pick<T>>> {
        let mut preset = question.preset.take();
        loop {
            let (raw, origin) = match preset.take() {
                Some(given) => (given.value, Some(given.origin)),
                None => match self.next(ui, &question)? {
                    Next::Answer(raw, origin) => (raw, origin),
                    Next::Keep => match (question.agrees)(&Pick::Keep) {
                        Ok(()) => return Ok(Some(Pick::Keep)),
                        Err(invalid) => match self.refuse(ui, Origin::Answers, invalid, false) {
                            Then::AskAgain => continue,
                            Then::GiveUp => return Ok(None),
                        },
                    },
                    Next::Nothing | Next::GiveUp => return Ok(None),
                },
            };
            let checked = match question
                .field
                .refuse_misplaced(raw.expose_secret())
                .and_then(|()| (question.parse)(raw.expose_secret()))
            {
                Ok(checked) => checked,
                Err(invalid) => {
                    let shown_origin = origin.clone();
                    match self.refuse_at(ui, shown_origin, invalid) {
                        Then::AskAgain => continue,
                        Then::GiveUp => return Ok(None),
                    }
                }
            };
            let pick = Pick::New(checked.value);
            if let Err(invalid) = (question.agrees)(&pick) {
                match self.refuse(ui, Origin::Answers, invalid, false) {
                    Then::AskAgain => continue,
                    Then::GiveUp => return Ok(None),
                }
            }
            let Pick::New(value) = &pick else {
                unreachable!("made New above")
            };
            // A note explains the value shown after it ("Removed the store- prefix").
            for note in &checked.notes {
                let text = match &origin {
                    Some(origin) => format!("{origin}: {}", note.text),
                    None => note.text.clone(),
                };
                match note.severity {
                    Severity::Info => ui.info(text),
                    Severity::Warning => ui.warning(text),
                }
            }
            let shown = (question.show)(value);
            self.accepted(
                ui,
                question.field,
                &shown,
                raw.expose_secret(),
                origin.as_ref(),
            );
            return Ok(Some(pick));
        }
    }

    /// Records a problem that is not about one answer (two sources that disagree): a
    /// terminal shows it and goes on; a script records it. Returns whether to go on.
    pub fn problem(&mut self, ui: &mut Ui, origin: Origin, invalid: Invalid) -> bool {
        matches!(self.refuse(ui, origin, invalid, true), Then::AskAgain)
    }

    /// Ends the questions: a script's unused lines are problems, and every problem is
    /// reported at once.
    pub fn finish(&mut self) -> Result<()> {
        match self {
            Mode::Interactive(_) => Ok(()),
            Mode::Script { lines, problems } => {
                let mut problems = std::mem::take(problems);
                // One problem for all the lines left over: a whole document piped by
                // mistake is one mistake, not a line of output per line of it.
                let unused = lines.take().map(|lines| lines.unused()).unwrap_or_default();
                if let Some(&first) = unused.first() {
                    let more = match unused.len() - 1 {
                        0 => String::new(),
                        1 => " (and 1 more line after it)".to_owned(),
                        n => format!(" (and {n} more lines after it)"),
                    };
                    problems.push(InputProblem::new(
                        Origin::Stdin { line: first },
                        format!(
                            "is an answer no question asked for{more}: are the lines in the \
                             order Client ID, Access Token, API Path, leaving out values given \
                             by a flag or variable?"
                        ),
                    ));
                }
                if problems.is_empty() {
                    Ok(())
                } else {
                    Err(Error::Input(problems))
                }
            }
        }
    }

    fn next<T>(&mut self, ui: &mut Ui, question: &Question<'_, T>) -> Result<Next> {
        let current = question.current.as_deref();
        match self {
            Mode::Interactive(prompter) => {
                let field = question.field;
                let asked = field.question.unwrap_or(field.label);
                let raw = if field.secret {
                    prompter.secret(asked, current)?
                } else {
                    SecretString::from(prompter.text(asked, current)?)
                };
                if clean(raw.expose_secret()).is_empty() {
                    if current.is_some() {
                        return Ok(Next::Keep);
                    }
                    if !field.required {
                        return Ok(Next::Nothing);
                    }
                }
                Ok(Next::Answer(raw, None))
            }
            Mode::Script { lines, .. } => {
                let answer = lines.as_mut().map(Positional::take_answer);
                let (origin, message) = match answer {
                    Some(Ok((line, raw))) if !clean(raw.expose_secret()).is_empty() => {
                        return Ok(Next::Answer(raw, Some(Origin::Stdin { line })));
                    }
                    _ if current.is_some() => return Ok(Next::Keep),
                    // A value a profile can do without may be left out.
                    _ if !question.field.required => return Ok(Next::Nothing),
                    Some(Ok((line, _))) => (
                        Origin::Stdin { line },
                        format!(
                            "is empty, and there is no saved {} to keep. {}",
                            question.field.label,
                            question.field.how_to_give(None)
                        ),
                    ),
                    Some(Err(line)) => (Origin::WholeStdin, question.field.how_to_give(Some(line))),
                    None => (Origin::WholeStdin, question.field.how_to_give(None)),
                };
                self.refuse(ui, origin, Invalid(message), false);
                Ok(Next::GiveUp)
            }
        }
    }

    /// An answer was refused: said on a terminal, with where it came from when that was not
    /// the keyboard; recorded in a script.
    fn refuse_at(&mut self, ui: &mut Ui, origin: Option<Origin>, invalid: Invalid) -> Then {
        match origin {
            Some(origin) => self.refuse(ui, origin, invalid, true),
            None => self.refuse(ui, Origin::Answers, invalid, false),
        }
    }

    fn refuse(&mut self, ui: &mut Ui, origin: Origin, invalid: Invalid, name_origin: bool) -> Then {
        match self {
            Mode::Interactive(_) if name_origin => {
                ui.error(format!("{origin}: {invalid}"));
                Then::AskAgain
            }
            Mode::Interactive(_) => {
                ui.error(invalid);
                Then::AskAgain
            }
            Mode::Script { problems, .. } => {
                problems.push(InputProblem::new(origin, invalid.0));
                Then::GiveUp
            }
        }
    }

    /// An accepted value, as the admin sees it, indented under its question: one from a
    /// flag, variable or file with where it came from; a typed one only when its tidied
    /// form differs from what was typed (the prompt has already shown the answer, and a
    /// token masked). A script prints nothing here.
    fn accepted(
        &self,
        ui: &mut Ui,
        field: &Field,
        shown: &str,
        typed: &str,
        origin: Option<&Origin>,
    ) {
        if !self.is_interactive() {
            return;
        }
        let shown = crate::ui::printable(shown);
        match origin {
            Some(origin) => {
                let from = ui.dim(format!("(from {origin})"));
                ui.line(format!("  {}: {shown} {from}", field.label));
            }
            None if !field.secret && clean(typed) != shown => {
                let shown = ui.bold(shown);
                ui.line(format!("  {}: {shown}", field.label));
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bigcommerce::values::account_name;
    use crate::context::prompter::fake::{Answer, Scripted};
    use crate::profile::fields::{Kind, Value};

    /// A field a profile can do without, that is asked for.
    static OPTIONAL: Field = Field {
        key: "note",
        label: "Note",
        name: "note",
        question: Some("Note (Enter to leave it out):"),
        kind: Kind::Text,
        flags: &[],
        variables: &[],
        file_labels: &[],
        secret: false,
        required: false,
        parse: |raw| account_name(raw).map(|checked| checked.map(Value::Text)),
    };

    fn ask(mode: &mut Mode<'_>) -> (Option<Pick<Value>>, Result<()>) {
        let (mut ui, _) = Ui::capture();
        let picked = mode
            .ask(
                &mut ui,
                Question {
                    field: &OPTIONAL,
                    preset: None,
                    current: None,
                    parse: OPTIONAL.parse,
                    show: Value::shown,
                    agrees: &|_| Ok(()),
                },
            )
            .unwrap();
        (picked, mode.finish())
    }

    #[test]
    fn a_value_the_profile_can_do_without_may_be_left_out() {
        let mut prompter = Scripted::new(vec![("Note", Answer::Text(""))]);
        let (picked, finished) = ask(&mut Mode::Interactive(&mut prompter));
        assert!(picked.is_none());
        finished.unwrap();

        // A script without a line for it is not a problem either.
        let (picked, finished) = ask(&mut Mode::script(None));
        assert!(picked.is_none());
        finished.unwrap();

        let mut prompter = Scripted::new(vec![("Note", Answer::Text("hello"))]);
        let (picked, _) = ask(&mut Mode::Interactive(&mut prompter));
        assert_eq!(picked, Some(Pick::New(Value::Text("hello".into()))));
        let lines = Positional::parse("hello\n");
        let (picked, finished) = ask(&mut Mode::script(Some(lines)));
        assert_eq!(picked, Some(Pick::New(Value::Text("hello".into()))));
        finished.unwrap();
    }
}
