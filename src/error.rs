//! One error type for the whole program. Each variant knows its exit code (the table in
//! the README) and what the admin should do next.

use std::fmt;
use std::path::PathBuf;

/// The documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    Success = 0,
    Failure = 1,
    Usage = 2,
    Input = 3,
    SecretStore = 4,
    Config = 5,
    Rejected = 6,
    Unreachable = 7,
    Interrupted = 130,
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit as u8)
    }
}

/// A problem with one answer, and where that answer came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblem {
    /// Where the answer came from: `line 2 of standard input`, `--client-id`, ...
    pub origin: String,
    pub message: String,
}

/// Everything that can go wrong, each with its exit code and a hint.
///
/// Messages never contain a secret: values are described or masked, never quoted.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A command line or combination of options that cannot work.
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },

    /// Answers that are missing or invalid where nobody can be asked again.
    #[error("{}", input_summary(.0))]
    Input(Vec<InputProblem>),

    /// A profile that does not exist.
    #[error("There is no profile named \"{name}\" in {}.", path.display())]
    UnknownProfile {
        name: String,
        path: PathBuf,
        known: Vec<String>,
    },

    /// The keychain or the credentials file failed at what was asked of it.
    #[error("{message}")]
    SecretStore { message: String, hint: String },

    /// The OS keychain cannot be reached at all (no Secret Service, no session, locked).
    #[error("{message}")]
    KeychainUnavailable { message: String, hint: String },

    /// The config file could not be read, parsed or written.
    #[error("{}: {message}", path.display())]
    Config {
        path: PathBuf,
        message: String,
        hint: String,
    },

    /// BigCommerce refused the credentials.
    #[error("{message}")]
    Rejected { message: String, hint: String },

    /// BigCommerce could not be asked.
    #[error("{message}")]
    Unreachable { message: String, hint: String },

    /// `check` found problems; its report already said which, this carries the exit code.
    #[error("The check found problems.")]
    Unhealthy(Exit),

    /// Esc, Ctrl-C or end of input at a question.
    #[error("Cancelled: nothing was saved.")]
    Interrupted,

    /// Anything else, with the context of what was being done.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

fn input_summary(problems: &[InputProblem]) -> String {
    let mut text = String::from(match problems.len() {
        1 => "One answer could not be used; nothing was saved:",
        _ => "Some answers could not be used; nothing was saved:",
    });
    for problem in problems {
        text.push_str(&format!("\n  - {}: {}", problem.origin, problem.message));
    }
    text
}

impl Error {
    /// The exit code documented for this kind of failure.
    pub fn exit(&self) -> Exit {
        match self {
            Error::Usage { .. } => Exit::Usage,
            Error::Input(_) | Error::UnknownProfile { .. } => Exit::Input,
            Error::SecretStore { .. } | Error::KeychainUnavailable { .. } => Exit::SecretStore,
            Error::Config { .. } => Exit::Config,
            Error::Rejected { .. } => Exit::Rejected,
            Error::Unreachable { .. } => Exit::Unreachable,
            Error::Interrupted => Exit::Interrupted,
            Error::Unhealthy(exit) => *exit,
            Error::Io { .. } => Exit::Failure,
        }
    }

    /// What to do about it, when there is something to say.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Usage { hint, .. } => hint.clone(),
            Error::Input(_) => Some(
                "Piped answers are one per line: Client ID, Access Token, API Path (lines for \
                 values given by a flag or variable are left out). Or pipe the credentials \
                 file BigCommerce downloaded: synchup-setup < credentials.txt"
                    .into(),
            ),
            Error::UnknownProfile { known, .. } if known.is_empty() => {
                Some("No profile is set up yet: run synchup-setup to create one.".into())
            }
            Error::UnknownProfile { known, .. } => Some(format!(
                "Known profiles: {}. Pick one with --profile, or run synchup-setup --profile \
                 NAME to create it.",
                known.join(", ")
            )),
            Error::SecretStore { hint, .. }
            | Error::KeychainUnavailable { hint, .. }
            | Error::Rejected { hint, .. }
            | Error::Unreachable { hint, .. }
            | Error::Config { hint, .. } => Some(hint.clone()),
            Error::Interrupted | Error::Unhealthy(_) | Error::Io { .. } => None,
        }
    }

    pub(crate) fn usage(message: impl Into<String>, hint: impl Into<Option<String>>) -> Self {
        Error::Usage {
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub(crate) fn io(context: impl fmt::Display, source: std::io::Error) -> Self {
        Error::Io {
            context: context.to_string(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_documented_code() {
        let path = PathBuf::from("/tmp/config.toml");
        let cases = [
            (Error::usage("bad", None), 2),
            (Error::Input(vec![]), 3),
            (
                Error::UnknownProfile {
                    name: "x".into(),
                    path: path.clone(),
                    known: vec![],
                },
                3,
            ),
            (
                Error::SecretStore {
                    message: "m".into(),
                    hint: "h".into(),
                },
                4,
            ),
            (
                Error::Config {
                    path,
                    message: "m".into(),
                    hint: "h".into(),
                },
                5,
            ),
            (Error::Interrupted, 130),
            (Error::io("reading", std::io::Error::other("x")), 1),
        ];
        for (error, code) in cases {
            assert_eq!(error.exit() as u8, code, "{error}");
        }
    }

    #[test]
    fn input_problems_are_listed_with_their_origin() {
        let error = Error::Input(vec![
            InputProblem {
                origin: "line 2 of standard input".into(),
                message: "The Access Token is empty.".into(),
            },
            InputProblem {
                origin: "--client-id".into(),
                message: "bad".into(),
            },
        ]);
        let text = error.to_string();
        assert!(text.contains("nothing was saved"));
        assert!(text.contains("\n  - line 2 of standard input: The Access Token is empty."));
        assert!(text.contains("\n  - --client-id: bad"));
    }

    #[test]
    fn unknown_profile_lists_the_known_ones() {
        let error = Error::UnknownProfile {
            name: "shop".into(),
            path: PathBuf::from("c.toml"),
            known: vec!["default".into(), "eu".into()],
        };
        assert!(error.hint().unwrap().contains("default, eu"));
    }
}
