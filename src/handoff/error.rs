//! What can go wrong when handing credentials over, each with what to do about it.
//!
//! No message here ever holds key material or plaintext: keys, lines of a key file and the
//! contents of a bundle are described, never quoted.

use std::fmt;

/// A problem with one recipient, and where it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientProblem {
    /// `--to`, or `team.txt, line 3`.
    pub origin: String,
    pub message: String,
}

impl fmt::Display for RecipientProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// Why a bundle could not be made or opened. The program reports all of them with exit
/// code 3 (invalid input): in each case nothing is written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HandoffError {
    /// Recipients that are not public keys of a kind age can encrypt to.
    #[error("{}", recipient_summary(.0))]
    Recipients(Vec<RecipientProblem>),

    /// A private key given where a public key belongs. Reported on its own, at once: the
    /// rest of that input is not read, so no later line of the key is looked at either.
    #[error("{origin}: this is a private key, not a public key; it was not used")]
    PrivateKeyAsRecipient { origin: String },

    /// No recipient at all.
    #[error("No recipient was given")]
    NoRecipients,

    /// A file named on the command line (a bundle, a key, a list of recipients) could not
    /// be read.
    #[error("{what} {} cannot be read: {reason}", crate::ui::printable(.path))]
    CannotRead {
        /// `The bundle`, `The identity file`, `The recipients file`.
        what: &'static str,
        path: String,
        reason: String,
    },

    /// A bundle made for keys, and no key given.
    #[error("This bundle was made for a key: name the private key with --identity KEYFILE")]
    NoIdentity,

    /// The identity file is not an age identity file or an OpenSSH private key.
    #[error("The identity file is not an age identity file or an SSH private key{}", detail(.reason))]
    NotAnIdentity { reason: Option<String> },

    /// The identity file holds a public key: the half that is sent, not the one that opens.
    #[error("The identity file holds {kind}, not a private key")]
    PublicKeyAsIdentity { kind: &'static str },

    /// An SSH key of a kind or format that cannot decrypt age files.
    #[error("The SSH key in the identity file cannot be used: {reason}")]
    UnsupportedSshKey { reason: String },

    /// The SSH key is protected by a passphrase and none could be asked for.
    #[error("The SSH key in the identity file is protected by a passphrase")]
    SshKeyLocked,

    /// The passphrase given for the SSH key does not unlock it.
    #[error("The passphrase does not unlock the SSH key in the identity file")]
    WrongSshKeyPassphrase,

    /// More than the size limit was given as a bundle.
    #[error("The input is larger than {limit_kb} KB, far more than a bundle")]
    TooLarge { limit_kb: usize },

    /// The input is not an age file, armored or binary.
    #[error("This is not an encrypted bundle: it has no -----BEGIN AGE ENCRYPTED FILE----- line")]
    NotAnAgeFile,

    /// A credentials file in plain text where the encrypted bundle was expected.
    #[error("This is a credentials file in plain text, not an encrypted bundle")]
    AlreadyDecrypted,

    /// An age file of a version this program does not know.
    #[error("This age file uses a newer format than this program can read")]
    NewerFormat,

    /// The bundle ends early.
    #[error("The bundle is incomplete: {reason}")]
    Truncated { reason: &'static str },

    /// The bundle was changed after it was made: it does not check out.
    #[error("The bundle was changed or damaged after it was made: {reason}")]
    Tampered { reason: &'static str },

    /// None of the keys in the identity file opens the bundle.
    #[error("The key in the identity file does not open this bundle: it was made for another key")]
    WrongKey,

    /// The passphrase does not open the bundle.
    #[error("The passphrase does not open this bundle")]
    WrongPassphrase,

    /// A key was given for a bundle made with a passphrase.
    #[error("This bundle is protected by a passphrase, not a key")]
    NeedsPassphrase,

    /// A passphrase was given for a bundle made for keys.
    #[error("This bundle was made for a key, not a passphrase")]
    NeedsKey,

    /// A bundle made with a passphrase, and neither a terminal to ask for it nor
    /// `SYNCHUP_SHARE_PASSPHRASE`.
    #[error("This bundle is protected by a passphrase, and there is no terminal to ask for it")]
    NoPassphrase,

    /// An empty passphrase.
    #[error("The passphrase is empty")]
    EmptyPassphrase,

    /// The passphrase protection asks for more work than is accepted here.
    #[error("The bundle's passphrase protection is set far stronger than usual")]
    PassphraseTooCostly,

    /// The bundle opened, but what is inside is not SynchUP credentials.
    #[error("The bundle opened, but it does not hold SynchUP credentials: {reason}")]
    NotABundle { reason: String },

    /// Encryption failed: not expected with the recipients this module accepts.
    #[error("The bundle could not be encrypted: {reason}")]
    Encrypt { reason: String },
}

fn recipient_summary(problems: &[RecipientProblem]) -> String {
    let mut text = String::from(match problems.len() {
        1 => "A recipient could not be used; nothing was shared:",
        _ => "Some recipients could not be used; nothing was shared:",
    });
    for problem in problems {
        text.push_str(&format!("\n  - {problem}"));
    }
    text
}

fn detail(reason: &Option<String>) -> String {
    reason
        .as_ref()
        .map(|reason| format!(": {reason}"))
        .unwrap_or_default()
}

/// What the specialist receives and sends back, in words shared by several hints.
const RECIPIENT_FORMS: &str = "A recipient is the public key of whoever receives the bundle: \
    the age1... key that age-keygen -o key.txt prints, or an SSH public key line \
    (ssh-ed25519 ... or ssh-rsa ..., from the .pub file).";

const ASK_AGAIN: &str = "Ask the sender to run synchup-setup share again and to send the \
    bundle as an attachment, or the whole text from -----BEGIN AGE ENCRYPTED FILE----- to \
    -----END AGE ENCRYPTED FILE-----.";

/// As the program reports it: the message and the hint, exit code 3.
impl From<HandoffError> for crate::error::Error {
    fn from(err: HandoffError) -> Self {
        crate::error::Error::Handoff {
            message: err.to_string(),
            hint: err.hint(),
        }
    }
}

impl HandoffError {
    /// What to do about it.
    pub fn hint(&self) -> String {
        match self {
            HandoffError::Recipients(_) => RECIPIENT_FORMS.into(),
            HandoffError::PrivateKeyAsRecipient { .. } => {
                "Never send or paste a private key. Ask for the public key instead: \
                 age-keygen -y key.txt prints it for an age key; for an SSH key it is the \
                 .pub file. If this private key was typed on a command line it may be in \
                 your shell history: its owner should make a new key."
                    .into()
            }
            HandoffError::NoRecipients => format!(
                "Name the recipient with --to, or a file of them (one per line) with --to-file. \
                 {RECIPIENT_FORMS}"
            ),
            HandoffError::CannotRead { .. } => {
                "Check the file's name, and that it is a file you can read.".into()
            }
            HandoffError::NotAnIdentity { .. } | HandoffError::NoIdentity => {
                "--identity takes the private key whose public key was given to the sender: \
                 the key.txt that age-keygen -o key.txt wrote (an AGE-SECRET-KEY-1... line), \
                 or an SSH private key such as ~/.ssh/id_ed25519."
                    .into()
            }
            HandoffError::PublicKeyAsIdentity { .. } => {
                "--identity takes the private key: for an age key, the key.txt that \
                 age-keygen wrote; for an SSH key, the file without .pub (~/.ssh/id_ed25519)."
                    .into()
            }
            HandoffError::UnsupportedSshKey { .. } => {
                "Use an age key (age-keygen -o key.txt, then send the age1... line it \
                 prints) or an ed25519 SSH key (ssh-keygen -t ed25519)."
                    .into()
            }
            HandoffError::SshKeyLocked => {
                "Run the command on a terminal, with the bundle named as a file rather than \
                 piped in, to be asked for the key's passphrase; or use an age key \
                 (age-keygen -o key.txt) for bundles opened by scripts."
                    .into()
            }
            HandoffError::WrongSshKeyPassphrase => {
                "Type the passphrase of that SSH key again (the one ssh asks for).".into()
            }
            HandoffError::TooLarge { .. } | HandoffError::NotAnAgeFile => {
                format!("Give the file the sender made with synchup-setup share. {ASK_AGAIN}")
            }
            HandoffError::AlreadyDecrypted => {
                "Read it in with synchup-setup < FILE (or --from-file FILE), then delete \
                 the file: it holds the Access Token in plain text."
                    .into()
            }
            HandoffError::NewerFormat => {
                "Update synchup-setup, or open the bundle with the age tool: \
                 age -d -i key.txt bundle.age"
                    .into()
            }
            HandoffError::Truncated { .. } | HandoffError::Tampered { .. } => ASK_AGAIN.into(),
            HandoffError::WrongKey => {
                "Check that --identity names the private key whose public key you gave the \
                 sender (age-keygen -y key.txt prints it), or send the sender your current \
                 public key and ask them to share again."
                    .into()
            }
            HandoffError::WrongPassphrase => {
                "Type the six words exactly as the sender read them out, separated by dashes \
                 or spaces. If it still fails, ask the sender to share again."
                    .into()
            }
            HandoffError::NeedsPassphrase => {
                "Leave out --identity: you will be asked for the passphrase the sender told \
                 you (in scripts, set SYNCHUP_SHARE_PASSPHRASE)."
                    .into()
            }
            HandoffError::NeedsKey => {
                "Give the private key it was made for with --identity KEYFILE.".into()
            }
            HandoffError::NoPassphrase => {
                "Set SYNCHUP_SHARE_PASSPHRASE to the passphrase the sender told you, or run the \
                 command on a terminal, with the bundle named as a file rather than piped in \
                 (synchup-setup import bundle.age), to be asked for it."
                    .into()
            }
            HandoffError::EmptyPassphrase => {
                "Type the passphrase the sender told you (in scripts, set \
                 SYNCHUP_SHARE_PASSPHRASE)."
                    .into()
            }
            HandoffError::PassphraseTooCostly => {
                "It would take this machine a very long time to open. Ask the sender to share \
                 again with synchup-setup, or open it with the age tool: age -d bundle.age"
                    .into()
            }
            HandoffError::NotABundle { .. } => {
                "It was encrypted from some other file. Ask the sender to run \
                 synchup-setup share, which encrypts the credentials in the right layout."
                    .into()
            }
            HandoffError::Encrypt { .. } => {
                "Try again; if it keeps failing, share with a different recipient.".into()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_message_and_a_hint() {
        let errors = [
            HandoffError::Recipients(vec![RecipientProblem {
                origin: "--to".into(),
                message: "not a public key".into(),
            }]),
            HandoffError::PrivateKeyAsRecipient {
                origin: "--to".into(),
            },
            HandoffError::NoRecipients,
            HandoffError::CannotRead {
                what: "The bundle",
                path: "b.age".into(),
                reason: "r".into(),
            },
            HandoffError::NoIdentity,
            HandoffError::NotAnIdentity { reason: None },
            HandoffError::PublicKeyAsIdentity {
                kind: "an age public key",
            },
            HandoffError::UnsupportedSshKey {
                reason: "ecdsa keys are not supported".into(),
            },
            HandoffError::SshKeyLocked,
            HandoffError::WrongSshKeyPassphrase,
            HandoffError::TooLarge { limit_kb: 64 },
            HandoffError::NotAnAgeFile,
            HandoffError::AlreadyDecrypted,
            HandoffError::NewerFormat,
            HandoffError::Truncated { reason: "r" },
            HandoffError::Tampered { reason: "r" },
            HandoffError::WrongKey,
            HandoffError::WrongPassphrase,
            HandoffError::NeedsPassphrase,
            HandoffError::NeedsKey,
            HandoffError::NoPassphrase,
            HandoffError::EmptyPassphrase,
            HandoffError::PassphraseTooCostly,
            HandoffError::NotABundle { reason: "r".into() },
            HandoffError::Encrypt { reason: "r".into() },
        ];
        for error in errors {
            assert!(!error.to_string().is_empty(), "{error:?}");
            assert!(error.hint().len() > 20, "{error:?}");
        }
    }

    #[test]
    fn recipient_problems_are_listed_with_their_origin() {
        let error = HandoffError::Recipients(vec![
            RecipientProblem {
                origin: "--to".into(),
                message: "first".into(),
            },
            RecipientProblem {
                origin: "team.txt, line 3".into(),
                message: "second".into(),
            },
        ]);
        let text = error.to_string();
        assert!(text.starts_with("Some recipients"), "{text}");
        assert!(text.contains("\n  - --to: first"), "{text}");
        assert!(text.contains("\n  - team.txt, line 3: second"), "{text}");
    }
}
