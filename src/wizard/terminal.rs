//! The [`Prompter`] for a real terminal, and the only file that knows the prompt library.
//!
//! `inquire` is used because every question must be cancellable with Esc as well as
//! Ctrl-C, with the terminal restored afterwards; it renders on standard error and reads
//! pasted text as one piece (bracketed paste).

use inquire::error::InquireError;
use inquire::ui::RenderConfig;
use inquire::{Confirm, Password, PasswordDisplayMode, Text};
use secrecy::SecretString;

use super::prompter::Prompter;
use crate::error::{Error, Result};

pub struct Terminal {
    render: RenderConfig<'static>,
}

impl Terminal {
    pub fn new(color: bool) -> Self {
        Terminal {
            render: if color {
                RenderConfig::default()
            } else {
                RenderConfig::empty()
            },
        }
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
        answer(
            Confirm::new(question)
                .with_default(default)
                .with_render_config(self.render)
                .prompt(),
        )
    }

    fn text(&mut self, question: &str, current: Option<&str>) -> Result<String> {
        let help = current.map(|value| format!("Enter keeps {value}"));
        let mut prompt = Text::new(question).with_render_config(self.render);
        if let Some(help) = &help {
            prompt = prompt.with_help_message(help);
        }
        answer(prompt.prompt())
    }

    fn secret(&mut self, question: &str, current: Option<&str>) -> Result<SecretString> {
        let help = match current {
            Some(masked) => format!("hidden as you type or paste; Enter keeps {masked}"),
            None => "hidden as you type or paste".to_owned(),
        };
        let prompt = Password::new(question)
            .with_display_mode(PasswordDisplayMode::Hidden)
            .without_confirmation()
            .with_help_message(&help)
            .with_render_config(self.render);
        answer(prompt.prompt()).map(SecretString::from)
    }
}
