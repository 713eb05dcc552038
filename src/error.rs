//! One error type for the whole program. Each variant knows its exit code (the table in
//! the README) and what the admin should do next; an answer that could not be used also
//! knows where it came from, so the hint fits the place to fix it.

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

impl Exit {
    /// Every exit code, in order: the README's table and the man page's EXIT STATUS section
    /// list these, with [`Exit::meaning`].
    pub const ALL: [Exit; 9] = [
        Exit::Success,
        Exit::Failure,
        Exit::Usage,
        Exit::Input,
        Exit::SecretStore,
        Exit::Config,
        Exit::Rejected,
        Exit::Unreachable,
        Exit::Interrupted,
    ];

    /// What the code means, for the documentation (commands and flags in backquotes).
    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Success => "Success (also: nothing to change, or the admin chose not to save)",
            Exit::Failure => "Any other failure",
            Exit::Usage => {
                "Usage error (unknown flag, conflicting flags, a token given as an argument, \
                 `remove` without `--yes` in a script, `share` with nowhere to show the bundle \
                 or its passphrase)"
            }
            Exit::Input => {
                "Invalid or missing input, an unknown profile, or a bundle that cannot be \
                 made or opened"
            }
            Exit::SecretStore => "The secret store is unavailable or failed",
            Exit::Config => {
                "The config or token file (or the bundle file `share` writes) cannot be read, \
                 parsed or written, or is not safe (another user's, open to others, a link or \
                 not a file)"
            }
            Exit::Rejected => {
                "Credentials rejected by BigCommerce, or (with `--verify` and for `check --online`) \
                 the API account lacks scopes SynchUP needs"
            }
            Exit::Unreachable => {
                "BigCommerce unreachable; for `check --online` also a scope left unchecked for \
                 want of an answer"
            }
            Exit::Interrupted => "Cancelled (Esc, Ctrl-C, end of input)",
        }
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit as u8)
    }
}

/// Where an answer or a value came from, as messages name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag.
    Flag(&'static str),
    /// An environment variable.
    Env(&'static str),
    /// A line of a credentials file given with `--from-file` or at the prompt.
    File { path: String, line: usize },
    /// A credentials file as a whole.
    WholeFile { path: String },
    /// A line piped on standard input.
    Stdin { line: usize },
    /// Standard input as a whole (too large, not text, or out of lines).
    WholeStdin,
    /// An encrypted bundle read by `import`: a file, or standard input (`None`).
    Bundle { path: Option<String> },
    /// A value saved in the config: `profiles.<profile>.<key>`.
    Saved { profile: String, key: &'static str },
    /// The answers taken together (two of them contradict each other).
    Answers,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(flag) => f.write_str(flag),
            Origin::Env(var) => f.write_str(var),
            Origin::File { path, line } => {
                write!(f, "{}, line {line}", crate::ui::file_name(path))
            }
            Origin::WholeFile { path } => write!(f, "--from-file {}", crate::ui::file_name(path)),
            Origin::Stdin { line } => write!(f, "line {line} of standard input"),
            Origin::WholeStdin => f.write_str("standard input"),
            Origin::Bundle { path: Some(path) } => {
                write!(f, "the bundle {}", crate::ui::file_name(path))
            }
            Origin::Bundle { path: None } => f.write_str("the bundle on standard input"),
            Origin::Saved { profile, key } => write!(f, "profiles.{profile}.{key}"),
            Origin::Answers => f.write_str("the answers"),
        }
    }
}

/// A problem with one answer, and where that answer came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblem {
    pub origin: Origin,
    pub message: String,
}

impl InputProblem {
    pub fn new(origin: Origin, message: impl Into<String>) -> Self {
        InputProblem {
            origin,
            message: message.into(),
        }
    }
}

/// Everything that can go wrong, each with its exit code and a hint.
///
/// Messages never contain a secret: values are described or masked, never quoted.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A command line, variable or combination of options that cannot work.
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },

    /// Answers or values that are missing or invalid where nobody can be asked again.
    #[error("{}", input_summary(.0))]
    Input(Vec<InputProblem>),

    /// A profile that does not exist.
    #[error("There is no profile named \"{}\" in {}.", crate::ui::printable(name), path.display())]
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

    /// `check` found problems, or the wizard has said what stopped it (a keychain that
    /// cannot be reached, the file store declined); the report already said which, this
    /// carries the exit code.
    #[error("The check found problems.")]
    Unhealthy(Exit),

    /// Esc, Ctrl-C or end of input at a question.
    #[error("Cancelled: nothing was saved.")]
    Interrupted,

    /// A bundle that could not be made or opened (`share`, `import`); nothing was written.
    #[error("{message}")]
    Handoff { message: String, hint: String },

    /// Anything else, with the context of what was being done.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

fn input_summary(problems: &[InputProblem]) -> String {
    let saved = problems
        .iter()
        .all(|p| matches!(p.origin, Origin::Saved { .. }));
    let mut text = String::from(match (problems.len(), saved) {
        (1, true) => "A saved value cannot be used:",
        (_, true) => "Some saved values cannot be used:",
        (1, false) => "One answer could not be used; nothing was saved:",
        (_, false) => "Some answers could not be used; nothing was saved:",
    });
    for problem in problems {
        text.push_str(&format!("\n  - {}: {}", problem.origin, problem.message));
    }
    text
}

/// What to do about problems from these origins: one hint per kind of place, in order.
fn input_hint(problems: &[InputProblem]) -> Option<String> {
    let mut hints: Vec<String> = Vec::new();
    for problem in problems {
        let hint = match &problem.origin {
            Origin::Stdin { .. } | Origin::WholeStdin => Some(
                "Piped answers are one per line: Client ID, Access Token, API Path (lines for \
                 values given by a flag or variable are left out). Or pipe the credentials \
                 file BigCommerce downloaded: synchup-setup < credentials.txt"
                    .to_owned(),
            ),
            Origin::File { .. } | Origin::WholeFile { .. } => Some(
                "Give the file BigCommerce downloaded when the API account was saved: its \
                 lines start with ACCESS TOKEN:, CLIENT ID: and API PATH:."
                    .to_owned(),
            ),
            Origin::Env(var) => Some(format!(
                "Correct {var}, or unset it to use the saved value."
            )),
            Origin::Saved { profile, .. } => Some(format!(
                "Run {} to set it again.",
                crate::rerun::setup_command(profile)
            )),
            Origin::Bundle { .. } => Some(
                "The bundle holds what the sender's profile holds: ask them to check it \
                 (synchup-setup check) and to share again."
                    .to_owned(),
            ),
            // The message itself says which value to give and how.
            Origin::Flag(_) | Origin::Answers => None,
        };
        if let Some(hint) = hint.filter(|h| !hints.contains(h)) {
            hints.push(hint);
        }
    }
    (!hints.is_empty()).then(|| hints.join(" "))
}

impl Error {
    /// The exit code documented for this kind of failure.
    pub fn exit(&self) -> Exit {
        match self {
            Error::Usage { .. } => Exit::Usage,
            // A value that was saved and is now unusable is a fault of the config, wherever
            // it is found; anything given now is bad input.
            Error::Input(problems)
                if !problems.is_empty()
                    && problems
                        .iter()
                        .all(|p| matches!(p.origin, Origin::Saved { .. })) =>
            {
                Exit::Config
            }
            Error::Input(_) | Error::UnknownProfile { .. } | Error::Handoff { .. } => Exit::Input,
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
            Error::Input(problems) => input_hint(problems),
            Error::UnknownProfile { known, .. } if known.is_empty() => {
                Some("No profile is set up yet: run synchup-setup to create one.".into())
            }
            // Worded for every command: `show --profile nope` and `use nope` alike.
            Error::UnknownProfile { name, known, .. } => Some(format!(
                "Known profiles: {}. Name one of those, or create \"{name}\" with \
                 synchup-setup --profile {name}.",
                crate::ui::printable(&known.join(", ")),
                name = crate::ui::printable(name)
            )),
            Error::SecretStore { hint, .. }
            | Error::KeychainUnavailable { hint, .. }
            | Error::Handoff { hint, .. }
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

    pub(crate) fn input(origin: Origin, message: impl Into<String>) -> Self {
        Error::Input(vec![InputProblem::new(origin, message)])
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
        let saved = Origin::Saved {
            profile: "default".into(),
            key: "client_id",
        };
        let cases = [
            (Error::usage("bad", None), 2),
            (Error::input(Origin::Stdin { line: 1 }, "bad"), 3),
            (Error::input(saved.clone(), "bad"), 5),
            (
                Error::Input(vec![
                    InputProblem::new(saved, "bad"),
                    InputProblem::new(Origin::Env("SYNCHUP_CLIENT_ID"), "bad"),
                ]),
                3,
            ),
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
            (
                Error::Handoff {
                    message: "m".into(),
                    hint: "h".into(),
                },
                3,
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
            InputProblem::new(Origin::Stdin { line: 2 }, "The Access Token is empty."),
            InputProblem::new(Origin::Flag("--client-id"), "bad"),
        ]);
        let text = error.to_string();
        assert!(text.contains("nothing was saved"));
        assert!(text.contains("\n  - line 2 of standard input: The Access Token is empty."));
        assert!(text.contains("\n  - --client-id: bad"));
    }

    #[test]
    fn hints_fit_where_the_problem_came_from() {
        let hint = |origin: Origin| Error::input(origin, "bad").hint();
        assert!(
            hint(Origin::Stdin { line: 2 })
                .unwrap()
                .contains("one per line")
        );
        assert!(hint(Origin::WholeStdin).unwrap().contains("one per line"));
        let file = hint(Origin::WholeFile {
            path: "missing.txt".into(),
        })
        .unwrap();
        assert!(file.contains("BigCommerce downloaded"), "{file}");
        assert!(!file.contains("one per line"), "{file}");
        assert_eq!(hint(Origin::Flag("--store-hash")), None);
        let env = hint(Origin::Env("SYNCHUP_ACCESS_TOKEN")).unwrap();
        assert!(env.contains("unset it"), "{env}");
        assert!(!env.contains("one per line"), "{env}");
        let saved = hint(Origin::Saved {
            profile: "eu".into(),
            key: "client_id",
        })
        .unwrap();
        assert!(saved.contains("synchup-setup --profile eu"), "{saved}");
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
