//! Answers read from a pipe: either the credentials file BigCommerce downloads (recognised
//! by its labels) or one answer per line, in the order the questions would be asked.

use std::collections::VecDeque;
use std::io::Read;

use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretString};

use crate::bigcommerce::credentials_file::{self, lines};
use crate::error::{Error, InputProblem, Result};
use crate::profile::fields::FIELDS;
use crate::profile::presets::{Given, Origin, Presets};

/// Piped answers are a few short lines; a larger input is not meant for this program.
const STDIN_LIMIT: u64 = 64 * 1024;

/// What arrived on standard input.
pub enum Piped {
    /// The credentials-file format: answers by label.
    Labeled(Box<Presets>),
    /// One answer per line.
    Positional(Positional),
}

/// Reads all of standard input (bounded) and recognises its format.
pub fn read(mut input: impl Read) -> Result<Piped> {
    let mut bytes = Zeroizing::new(Vec::new());
    input
        .by_ref()
        .take(STDIN_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| Error::io("reading standard input", err))?;
    if bytes.len() as u64 > STDIN_LIMIT {
        return Err(Error::input(
            Origin::WholeStdin,
            format!(
                "is larger than {} KB; expected three lines or a BigCommerce credentials file",
                STDIN_LIMIT / 1024
            ),
        ));
    }
    let text = credentials_file::decode(&bytes).map_err(|at| {
        let why = match at {
            Some(at) => format!("invalid UTF-8 at byte {at}"),
            None => "broken UTF-16".to_owned(),
        };
        Error::input(Origin::WholeStdin, format!("is not text ({why})"))
    })?;
    parse(&text, |line| Origin::Stdin { line })
}

/// Recognises the format of piped or file text; `origin` names a line for messages.
pub fn parse(text: &str, origin: impl Fn(usize) -> Origin) -> Result<Piped> {
    if credentials_file::is_labeled(text) {
        return labeled(text, origin).map(|presets| Piped::Labeled(Box::new(presets)));
    }
    Ok(Piped::Positional(Positional::parse(text)))
}

/// Reads the credentials-file format into presets, each remembering its line.
pub fn labeled(text: &str, origin: impl Fn(usize) -> Origin) -> Result<Presets> {
    let file = credentials_file::parse(text).map_err(|problems| {
        Error::Input(
            problems
                .into_iter()
                .map(|p| InputProblem::new(origin(p.line), p.message))
                .collect(),
        )
    })?;
    let mut presets = Presets::default();
    // Each field from its labels, the strongest first: NAME before CLIENT NAME; the store
    // from API PATH and STORE HASH both, which must then agree.
    for field in FIELDS {
        for label in field.file_labels {
            if let Some(line) = file.get(*label) {
                presets.give(
                    field,
                    Given {
                        value: line.value.clone(),
                        origin: origin(line.line),
                    },
                );
            }
        }
    }
    presets.skipped = file
        .skipped
        .into_iter()
        .map(|p| format!("{}: {}", origin(p.line), p.message))
        .collect();
    Ok(presets)
}

/// Answers one per line, handed out in question order.
#[derive(Default)]
pub struct Positional {
    lines: VecDeque<(usize, SecretString)>,
    /// The line number the next answer would come from.
    next_line: usize,
}

impl Positional {
    pub fn parse(text: &str) -> Positional {
        let lines: VecDeque<_> = lines(text)
            .map(|(number, line)| (number, SecretString::from(line)))
            .collect();
        Positional {
            lines,
            next_line: 1,
        }
    }

    /// The next answer and its line number; when the input has run out, the line the
    /// answer should have been on (each question after the last line counts one more).
    pub fn take_answer(&mut self) -> std::result::Result<(usize, SecretString), usize> {
        match self.lines.pop_front() {
            Some(answer) => {
                self.next_line = answer.0 + 1;
                Ok(answer)
            }
            None => {
                let line = self.next_line;
                self.next_line += 1;
                Err(line)
            }
        }
    }

    /// Lines with text that no question used: a sign that the answers are shifted.
    pub fn unused(&self) -> Vec<usize> {
        self.lines
            .iter()
            .filter(|(_, line)| !line.expose_secret().trim().is_empty())
            .map(|(number, _)| *number)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::fields::{ACCOUNT_NAME, B2B_EDITION, CLIENT_ID, STORE};

    #[test]
    fn a_field_takes_its_strongest_label_first() {
        let text = "CLIENT NAME: client\nNAME: SynchUP\nCLIENT ID: abc\n";
        let Piped::Labeled(presets) = parse(text, |line| Origin::Stdin { line }).unwrap() else {
            panic!("not recognised as labeled");
        };
        let name = presets.first(&ACCOUNT_NAME).unwrap();
        assert_eq!(name.value.expose_secret(), "SynchUP");
        assert_eq!(name.origin, Origin::Stdin { line: 2 });
    }

    #[test]
    fn positional_lines_come_out_in_order_with_numbers() {
        let mut answers = Positional::parse("\u{feff}one\r\n\r\nthree\n");
        let (line, value) = answers.take_answer().unwrap();
        assert_eq!((line, value.expose_secret()), (1, "one"));
        let (line, value) = answers.take_answer().unwrap();
        assert_eq!((line, value.expose_secret()), (2, ""));
        assert_eq!(answers.unused(), [3]);
        answers.take_answer().unwrap();
        // Past the end, each question names the line its answer belongs on.
        assert_eq!(answers.take_answer().err(), Some(4));
        assert_eq!(answers.take_answer().err(), Some(5));
    }

    #[test]
    fn labeled_input_is_recognised() {
        let text = "CLIENT ID: abc\nACCESS TOKEN: def\nAPI PATH: x\nSTORE HASH: y\n";
        let Piped::Labeled(presets) = parse(text, |line| Origin::Stdin { line }).unwrap() else {
            panic!("not recognised as labeled");
        };
        let mut presets = *presets;
        let id = presets.first(&CLIENT_ID).unwrap();
        assert_eq!(id.value.expose_secret(), "abc");
        let store = presets.take(&STORE);
        assert_eq!(store.len(), 2);
        assert_eq!(store[1].origin.to_string(), "line 4 of standard input");
    }

    #[test]
    fn the_b2b_edition_line_is_an_answer_with_its_line() {
        let text = "CLIENT ID: abc\nB2B EDITION: yes\n";
        let Piped::Labeled(presets) = parse(text, |line| Origin::Stdin { line }).unwrap() else {
            panic!("not recognised as labeled");
        };
        let b2b = presets.first(&B2B_EDITION).unwrap();
        assert_eq!(b2b.value.expose_secret(), "yes");
        assert_eq!(b2b.origin, Origin::Stdin { line: 2 });
        let Piped::Labeled(presets) =
            parse("CLIENT ID: abc\n", |line| Origin::Stdin { line }).unwrap()
        else {
            panic!("not recognised as labeled");
        };
        assert!(presets.first(&B2B_EDITION).is_none());
    }

    #[test]
    fn labeled_problems_name_their_lines() {
        let Err(Error::Input(problems)) =
            parse("CLIENT ID: a\nnonsense\n", |line| Origin::Stdin { line })
        else {
            panic!("should fail");
        };
        assert_eq!(problems[0].origin, Origin::Stdin { line: 2 });
    }

    #[test]
    fn oversized_or_binary_input_is_refused() {
        let big = vec![b'a'; 65 * 1024];
        let Err(Error::Input(problems)) = read(&big[..]) else {
            panic!("should fail")
        };
        assert!(problems[0].message.contains("larger than 64 KB"));
        // Not UTF-8, and UTF-16 (after its mark) cut in the middle of a character.
        for (bytes, why) in [
            (&b"ab\xff"[..], "invalid UTF-8 at byte 2"),
            (&b"\xff\xfea"[..], "broken UTF-16"),
        ] {
            let Err(Error::Input(problems)) = read(bytes) else {
                panic!("should fail")
            };
            assert!(problems[0].message.contains("not text"));
            assert!(problems[0].message.contains(why), "{}", problems[0].message);
        }
    }
}
