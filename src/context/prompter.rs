//! The questions the flow can ask, as a trait: the terminal answers them in real use, a
//! scripted fake answers them in tests (by question text, failing on any it did not expect).

use secrecy::SecretString;

use crate::error::Result;

/// Asks the admin. Esc, Ctrl-C and end of input come back as [`crate::error::Error::Interrupted`].
pub trait Prompter {
    /// A yes/no question; Enter takes `default`.
    fn confirm(&mut self, question: &str, default: bool) -> Result<bool>;

    /// A line of text. `current` is shown as the value Enter keeps; an empty answer comes
    /// back as an empty string and the flow decides what it means.
    fn text(&mut self, question: &str, current: Option<&str>) -> Result<String>;

    /// A line of text whose empty answer takes `suggested` (a new value, such as a file
    /// name: not a saved one that Enter keeps). An empty answer comes back empty.
    fn text_suggested(&mut self, question: &str, suggested: &str) -> Result<String> {
        self.text(question, Some(suggested))
    }

    /// A line typed without echo. `current` is what Enter keeps, already masked.
    fn secret(&mut self, question: &str, current: Option<&str>) -> Result<SecretString>;

    /// A passphrase, typed or read out on the phone: hidden as it is typed, but each
    /// character shown as a mark, and a key shows or hides what was typed.
    fn passphrase(&mut self, question: &str) -> Result<SecretString> {
        self.secret(question, None)
    }

    /// One of `options`; Enter takes the one at `default`. Returns its index.
    fn select(&mut self, question: &str, options: &[&str], default: usize) -> Result<usize>;

    /// Shows `secret` after `label` until the admin presses a key, then takes it off the
    /// screen again.
    fn reveal(&mut self, label: &str, secret: &SecretString) -> Result<()>;
}

#[cfg(test)]
pub(crate) mod fake {
    //! A prompter that answers from a script and records what it was asked.

    use std::collections::VecDeque;

    use secrecy::SecretString;

    use super::Prompter;
    use crate::error::{Error, Result};

    /// One expected question (a part of its text) and the answer to give.
    pub enum Answer {
        Yes,
        No,
        Text(&'static str),
        /// Text known only when the test runs, such as a path in a temporary directory.
        Typed(String),
        Secret(&'static str),
        /// The option at this index of a selection.
        Choose(usize),
        /// A secret shown with `reveal` was seen and hidden again.
        Seen,
        Cancel,
    }

    pub struct Scripted {
        script: VecDeque<(&'static str, Answer)>,
        /// Every question asked, with the current value shown, in order.
        pub asked: Vec<(String, Option<String>)>,
        /// Every secret shown with `reveal`: its label and value.
        pub revealed: Vec<(String, String)>,
    }

    impl Scripted {
        pub fn new(script: Vec<(&'static str, Answer)>) -> Self {
            Scripted {
                script: script.into(),
                asked: Vec::new(),
                revealed: Vec::new(),
            }
        }

        pub fn finished(&self) -> bool {
            self.script.is_empty()
        }

        fn next(&mut self, question: &str, current: Option<&str>) -> Answer {
            self.asked
                .push((question.to_owned(), current.map(str::to_owned)));
            let Some((expected, answer)) = self.script.pop_front() else {
                panic!("unexpected question: {question:?}");
            };
            assert!(
                question.contains(expected),
                "expected a question containing {expected:?}, got {question:?}"
            );
            answer
        }
    }

    impl Prompter for Scripted {
        fn confirm(&mut self, question: &str, _default: bool) -> Result<bool> {
            match self.next(question, None) {
                Answer::Yes => Ok(true),
                Answer::No => Ok(false),
                Answer::Cancel => Err(Error::Interrupted),
                _ => panic!("{question:?} is a yes/no question"),
            }
        }

        fn text(&mut self, question: &str, current: Option<&str>) -> Result<String> {
            match self.next(question, current) {
                Answer::Text(text) => Ok(text.to_owned()),
                Answer::Typed(text) => Ok(text),
                Answer::Cancel => Err(Error::Interrupted),
                _ => panic!("{question:?} asks for text"),
            }
        }

        fn secret(&mut self, question: &str, current: Option<&str>) -> Result<SecretString> {
            match self.next(question, current) {
                Answer::Secret(text) => Ok(SecretString::from(text)),
                Answer::Cancel => Err(Error::Interrupted),
                _ => panic!("{question:?} asks for a secret"),
            }
        }

        fn select(&mut self, question: &str, options: &[&str], _default: usize) -> Result<usize> {
            match self.next(question, None) {
                Answer::Choose(index) => {
                    assert!(index < options.len(), "{question:?} has {options:?}");
                    Ok(index)
                }
                Answer::Cancel => Err(Error::Interrupted),
                _ => panic!("{question:?} is a selection"),
            }
        }

        fn reveal(&mut self, label: &str, secret: &SecretString) -> Result<()> {
            use secrecy::ExposeSecret;
            self.revealed
                .push((label.to_owned(), secret.expose_secret().to_owned()));
            match self.next(label, None) {
                Answer::Seen => Ok(()),
                Answer::Cancel => Err(Error::Interrupted),
                _ => panic!("{label:?} is shown, not asked"),
            }
        }
    }
}
