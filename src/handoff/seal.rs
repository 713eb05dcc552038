//! Encrypting a bundle into an ASCII-armored age file, and opening one again.
//!
//! The plaintext only ever exists in memory, in buffers that are wiped when dropped; it is
//! never written to a file, temporary or not. Opening is bounded in size and every way it
//! can fail has its own error: not an age file, cut short, changed, the wrong key or
//! passphrase, or an age file that does not hold SynchUP credentials.

use std::io::{self, Read, Write};

use age::armor::{ArmoredReadError, ArmoredReader, ArmoredWriter, Format};
use age::{DecryptError, Decryptor, Encryptor};
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretString};

use super::bundle::Bundle;
use super::error::HandoffError;
use super::identity::Identities;
use super::passphrase;
use super::recipient::Recipient;

/// The most a bundle file may be. A bundle to a dozen SSH RSA keys is under 16 KB.
pub const MAX_SEALED: usize = 64 * 1024;

/// The most a decrypted bundle may be: a bundle is a few hundred bytes.
const MAX_PLAINTEXT: usize = 16 * 1024;

/// The scrypt work factor (log2 of N) `share` writes: about a second of work and 256 MB of
/// memory, what the age tool itself usually chooses.
pub const SCRYPT_WORK_FACTOR: u8 = 18;

/// The highest scrypt work factor accepted when opening: what `share` writes and a margin
/// of four times the work (1 GB of memory) for a bundle made by the age tool on a fast
/// machine. A crafted bundle asking for more (the age tool accepts up to 2^22: minutes of
/// work and 4 GB, for each passphrase tried) is refused before any work is done.
pub const MAX_SCRYPT_WORK_FACTOR: u8 = SCRYPT_WORK_FACTOR + 2;

const BEGIN: &str = "-----BEGIN AGE ENCRYPTED FILE-----";
const END: &str = "-----END AGE ENCRYPTED FILE-----";
const BINARY_START: &[u8] = b"age-encryption.org/";

/// Encrypts the bundle to every recipient, as ASCII armor (`-----BEGIN AGE ENCRYPTED
/// FILE-----`): text that survives an e-mail or a ticket. Any one recipient's private key
/// opens it.
pub fn encrypt(bundle: &Bundle, recipients: &[Recipient]) -> Result<String, HandoffError> {
    if recipients.is_empty() {
        return Err(HandoffError::NoRecipients);
    }
    let encryptor =
        Encryptor::with_recipients(recipients.iter().map(Recipient::as_age)).map_err(|err| {
            HandoffError::Encrypt {
                reason: err.to_string(),
            }
        })?;
    armored(encryptor, &bundle.render())
}

/// Encrypts the bundle with a passphrase (age's scrypt mode), as ASCII armor, at
/// [`SCRYPT_WORK_FACTOR`].
pub fn encrypt_with_passphrase(
    bundle: &Bundle,
    passphrase: &SecretString,
) -> Result<String, HandoffError> {
    encrypt_scrypt(bundle, passphrase, Some(SCRYPT_WORK_FACTOR))
}

/// `work_factor` (log2 of scrypt's N) replaces age's choice: tests use a small one.
pub(crate) fn encrypt_scrypt(
    bundle: &Bundle,
    passphrase: &SecretString,
    work_factor: Option<u8>,
) -> Result<String, HandoffError> {
    if passphrase.expose_secret().is_empty() {
        return Err(HandoffError::EmptyPassphrase);
    }
    let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
    if let Some(log_n) = work_factor {
        recipient.set_work_factor(log_n);
    }
    let encryptor =
        Encryptor::with_recipients(std::iter::once(&recipient as _)).map_err(|err| {
            HandoffError::Encrypt {
                reason: err.to_string(),
            }
        })?;
    armored(encryptor, &bundle.render())
}

fn armored(encryptor: Encryptor, plaintext: &str) -> Result<String, HandoffError> {
    let failed = |err: io::Error| HandoffError::Encrypt {
        reason: err.to_string(),
    };
    let mut out = Vec::new();
    let armor = ArmoredWriter::wrap_output(&mut out, Format::AsciiArmor).map_err(failed)?;
    let mut writer = encryptor.wrap_output(armor).map_err(failed)?;
    writer.write_all(plaintext.as_bytes()).map_err(failed)?;
    writer
        .finish()
        .and_then(|armor| armor.finish())
        .map_err(failed)?;
    String::from_utf8(out).map_err(|_| HandoffError::Encrypt {
        reason: "the armor is not text".into(),
    })
}

/// An encrypted bundle, read and checked as far as it can be without a key.
#[derive(Clone)]
pub struct Sealed {
    /// The age file in binary form, whatever form it came in.
    age: Vec<u8>,
    passphrase: bool,
}

impl Sealed {
    /// Reads an encrypted bundle: ASCII armor (possibly pasted with text around it, CRLF
    /// line ends or indentation) or a binary age file. Read the input with a bound of
    /// [`MAX_SEALED`] + 1 bytes, so that a larger one is reported as such.
    pub fn read(input: &[u8]) -> Result<Sealed, HandoffError> {
        if input.len() > MAX_SEALED {
            return Err(HandoffError::TooLarge {
                limit_kb: MAX_SEALED / 1024,
            });
        }
        let age = if input.starts_with(BINARY_START) {
            input.to_vec()
        } else {
            dearmor(input)?
        };
        let decryptor = decryptor(&age)?;
        Ok(Sealed {
            passphrase: decryptor.is_scrypt(),
            age,
        })
    }

    /// Whether the bundle was made with a passphrase rather than for keys.
    pub fn needs_passphrase(&self) -> bool {
        self.passphrase
    }

    /// Opens a bundle made for keys.
    pub fn open(&self, identities: &Identities) -> Result<Bundle, HandoffError> {
        if self.passphrase {
            return Err(HandoffError::NeedsPassphrase);
        }
        let keys = identities.keys()?;
        let reader = decryptor(&self.age)?
            .decrypt(keys)
            .map_err(|err| header_error(err, false))?;
        read_bundle(reader)
    }

    /// Opens a bundle made with a passphrase typed by a person. The six words of a
    /// generated passphrase may be typed with spaces instead of dashes, or in capitals:
    /// such words are tried first in the form `share` made them, anything else as typed,
    /// so one scrypt run decides. Only six list words that do not open it that way are
    /// tried once more as typed (a script may have chosen them with spaces).
    pub fn open_with_passphrase(&self, passphrase: &SecretString) -> Result<Bundle, HandoffError> {
        let typed = self.passphrase_typed(passphrase)?;
        match passphrase::canonical(&typed) {
            Some(canonical) => match self.open_scrypt(&canonical) {
                Err(HandoffError::WrongPassphrase) => self.open_scrypt(&typed),
                result => result,
            },
            None => self.open_scrypt(&typed),
        }
    }

    /// Opens a bundle made with a passphrase a script chose (`SYNCHUP_SHARE_PASSPHRASE`),
    /// used exactly as given.
    pub fn open_with_exact_passphrase(
        &self,
        passphrase: &SecretString,
    ) -> Result<Bundle, HandoffError> {
        let given = self.passphrase_typed(passphrase)?;
        self.open_scrypt(&given)
    }

    /// The passphrase without the line end a pipe or a terminal left on it.
    fn passphrase_typed(&self, passphrase: &SecretString) -> Result<SecretString, HandoffError> {
        if !self.passphrase {
            return Err(HandoffError::NeedsKey);
        }
        let typed = SecretString::from(passphrase.expose_secret().trim_end_matches(['\r', '\n']));
        if typed.expose_secret().is_empty() {
            return Err(HandoffError::EmptyPassphrase);
        }
        Ok(typed)
    }

    fn open_scrypt(&self, passphrase: &SecretString) -> Result<Bundle, HandoffError> {
        let mut identity = age::scrypt::Identity::new(passphrase.clone());
        identity.set_max_work_factor(MAX_SCRYPT_WORK_FACTOR);
        let reader = decryptor(&self.age)?
            .decrypt(std::iter::once(&identity as &dyn age::Identity))
            .map_err(|err| header_error(err, true))?;
        read_bundle(reader)
    }
}

impl std::fmt::Debug for Sealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sealed")
            .field("bytes", &self.age.len())
            .field("passphrase", &self.passphrase)
            .finish()
    }
}

/// The binary age file inside ASCII armor. Text around the armor (an e-mail's greeting
/// and signature), indentation, CRLF line ends and blank lines inside it are tolerated;
/// every other change to the armor is not.
fn dearmor(input: &[u8]) -> Result<Vec<u8>, HandoffError> {
    // Armor is ASCII: text that is not UTF-8 cannot hold it.
    let text = std::str::from_utf8(input).map_err(|_| HandoffError::NotAnAgeFile)?;
    // A byte-order mark (a file saved by Notepad) is trimmed like whitespace.
    let mut lines = text
        .lines()
        .map(|line| line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'));
    if !lines.by_ref().any(|line| line == BEGIN) {
        if crate::bigcommerce::credentials_file::is_labeled(text) {
            return Err(HandoffError::AlreadyDecrypted);
        }
        return Err(HandoffError::NotAnAgeFile);
    }
    let mut armor = String::with_capacity(input.len());
    armor.push_str(BEGIN);
    armor.push('\n');
    let mut ended = false;
    for line in lines {
        if line.is_empty() {
            continue;
        }
        armor.push_str(line);
        armor.push('\n');
        if line == END {
            ended = true;
            break;
        }
    }
    if !ended {
        return Err(HandoffError::Truncated {
            reason: "its -----END AGE ENCRYPTED FILE----- line is missing",
        });
    }
    let mut age = Vec::new();
    ArmoredReader::new(armor.as_bytes())
        .take(MAX_SEALED as u64)
        .read_to_end(&mut age)
        .map_err(|err| match err.get_ref().and_then(|e| e.downcast_ref()) {
            Some(ArmoredReadError::ShortLineInMiddle | ArmoredReadError::NotWrappedAt64Chars) => {
                HandoffError::Tampered {
                    reason: "a line of its armored text is shorter or longer than it should be",
                }
            }
            _ => HandoffError::Tampered {
                reason: "its armored text holds a character that does not belong there",
            },
        })?;
    Ok(age)
}

fn decryptor(age: &[u8]) -> Result<Decryptor<&[u8]>, HandoffError> {
    Decryptor::new_buffered(age).map_err(|err| match err {
        // age reads a v1 header it cannot parse as a header of an unknown version "v1".
        DecryptError::UnknownFormat if age.starts_with(b"age-encryption.org/v1\n") => {
            HandoffError::Tampered {
                reason: "its header is not valid",
            }
        }
        err => header_error(err, false),
    })
}

/// What an error from reading the header or unwrapping the file key means here.
fn header_error(err: DecryptError, passphrase: bool) -> HandoffError {
    match err {
        DecryptError::NoMatchingKeys => HandoffError::WrongKey,
        // With a passphrase, the only key is the passphrase: if it does not decrypt the
        // file key, it is the wrong passphrase (a changed stanza cannot be told apart).
        DecryptError::DecryptionFailed if passphrase => HandoffError::WrongPassphrase,
        DecryptError::ExcessiveWork { .. } => HandoffError::PassphraseTooCostly,
        DecryptError::UnknownFormat => HandoffError::NewerFormat,
        DecryptError::KeyDecryptionFailed => HandoffError::WrongSshKeyPassphrase,
        DecryptError::Io(err) if err.kind() == io::ErrorKind::UnexpectedEof => {
            HandoffError::Truncated {
                reason: "it ends inside its header",
            }
        }
        DecryptError::InvalidMac => HandoffError::Tampered {
            reason: "its header does not match its authentication code",
        },
        _ => HandoffError::Tampered {
            reason: "its header is not valid",
        },
    }
}

/// Reads the decrypted bundle into memory that is wiped when dropped, and parses it.
fn read_bundle(reader: impl Read) -> Result<Bundle, HandoffError> {
    let mut plaintext = Zeroizing::new(Vec::with_capacity(MAX_PLAINTEXT + 1));
    reader
        .take(MAX_PLAINTEXT as u64 + 1)
        .read_to_end(&mut plaintext)
        .map_err(|err| match err.kind() {
            io::ErrorKind::UnexpectedEof => HandoffError::Truncated {
                reason: "its encrypted contents end early",
            },
            _ => HandoffError::Tampered {
                reason: "its encrypted contents do not check out",
            },
        })?;
    if plaintext.len() > MAX_PLAINTEXT {
        return Err(HandoffError::NotABundle {
            reason: format!(
                "it holds more than {} KB, far more than credentials",
                MAX_PLAINTEXT / 1024
            ),
        });
    }
    let text = std::str::from_utf8(&plaintext).map_err(|_| HandoffError::NotABundle {
        reason: "it is not text".into(),
    })?;
    Bundle::parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handoff::bundle::tests::{TOKEN, bundle};
    use crate::handoff::recipient::{RecipientSource, parse_recipients};

    fn key() -> (age::x25519::Identity, Recipient, Identities) {
        let identity = age::x25519::Identity::generate();
        let recipient = Recipient::parse(&identity.to_public().to_string()).unwrap();
        let identities =
            Identities::parse(identity.to_string().expose_secret().as_bytes()).unwrap();
        (identity, recipient, identities)
    }

    fn sealed_to_key() -> (String, Identities) {
        let (_, recipient, identities) = key();
        (encrypt(&bundle(), &[recipient]).unwrap(), identities)
    }

    fn open(text: &str, identities: &Identities) -> Result<Bundle, HandoffError> {
        Sealed::read(text.as_bytes())?.open(identities)
    }

    #[test]
    fn round_trip_to_an_age_key() {
        let (armored, identities) = sealed_to_key();
        // Its lines end as the platform's text files do (CRLF on Windows), which age reads.
        assert_eq!(
            armored.lines().next(),
            Some("-----BEGIN AGE ENCRYPTED FILE-----"),
            "{armored}"
        );
        assert!(armored.trim_end().ends_with(END));
        assert!(!armored.contains(TOKEN));
        let sealed = Sealed::read(armored.as_bytes()).unwrap();
        assert!(!sealed.needs_passphrase());
        assert_eq!(sealed.open(&identities).unwrap(), bundle());
    }

    #[test]
    fn any_one_of_several_recipients_opens_it() {
        let (_, first, first_keys) = key();
        let (_, second, second_keys) = key();
        let armored = encrypt(&bundle(), &[first, second]).unwrap();
        assert_eq!(open(&armored, &first_keys).unwrap(), bundle());
        assert_eq!(open(&armored, &second_keys).unwrap(), bundle());
    }

    #[test]
    fn the_wrong_key_is_told_apart() {
        let (armored, _) = sealed_to_key();
        let (_, _, other) = key();
        assert!(matches!(
            open(&armored, &other),
            Err(HandoffError::WrongKey)
        ));
    }

    #[test]
    fn pasted_armor_with_text_around_it_is_read() {
        let (armored, identities) = sealed_to_key();
        let indented: String = armored
            .lines()
            .map(|l| format!("    {l}\r\n\r\n"))
            .collect();
        let mail = format!("Hi,\n\nhere it is:\n\n{indented}\n--\nAlice\n");
        assert_eq!(open(&mail, &identities).unwrap(), bundle());
        let notepad = format!("\u{feff}{}", armored.replace('\n', "\r\n"));
        assert_eq!(open(&notepad, &identities).unwrap(), bundle());
    }

    #[test]
    fn binary_age_files_are_read() {
        let (identity, _, identities) = key();
        let binary = age::encrypt(&identity.to_public(), bundle().render().as_bytes()).unwrap();
        let sealed = Sealed::read(&binary).unwrap();
        assert_eq!(sealed.open(&identities).unwrap(), bundle());
    }

    #[test]
    fn a_changed_character_is_caught() {
        let (armored, identities) = sealed_to_key();
        let lines: Vec<&str> = armored.lines().collect();
        // Every line of the armor, every way: a base64 character swapped for another, and
        // for one that is not base64.
        for index in 1..lines.len() - 1 {
            for replacement in ['A', 'B', '!'] {
                let mut changed: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                let line = &mut changed[index];
                let at = line.len() / 2;
                let original = line.as_bytes()[at] as char;
                let new = if original == replacement {
                    'C'
                } else {
                    replacement
                };
                line.replace_range(at..at + 1, &new.to_string());
                let text = changed.join("\n");
                match open(&text, &identities) {
                    Err(HandoffError::Tampered { .. } | HandoffError::WrongKey) => {}
                    other => panic!("line {index} with {new}: {other:?}"),
                }
            }
        }
    }

    #[test]
    fn cut_short_is_caught() {
        let (armored, identities) = sealed_to_key();
        let lines: Vec<&str> = armored.lines().collect();
        for keep in 1..lines.len() - 1 {
            let text = lines[..keep].join("\n");
            match open(&text, &identities) {
                Err(HandoffError::Truncated { .. }) => {}
                other => panic!("first {keep} lines: {other:?}"),
            }
        }
        // The END line kept, a line in between lost.
        let mut missing = lines.clone();
        missing.remove(lines.len() - 2);
        assert!(matches!(
            open(&missing.join("\n"), &identities),
            Err(HandoffError::Truncated { .. } | HandoffError::Tampered { .. })
        ));
        let (identity, _, identities) = key();
        let binary = age::encrypt(&identity.to_public(), bundle().render().as_bytes()).unwrap();
        for keep in [30, 100, binary.len() - 20, binary.len() - 1] {
            let result = Sealed::read(&binary[..keep]).and_then(|s| s.open(&identities));
            assert!(
                matches!(
                    result,
                    Err(HandoffError::Truncated { .. } | HandoffError::Tampered { .. })
                ),
                "{keep}: {result:?}"
            );
        }
    }

    #[test]
    fn other_input_is_not_an_age_file() {
        for input in [
            &b""[..],
            b"hello",
            b"\xff\xfe\x00",
            b"-----BEGIN PGP MESSAGE-----\n",
        ] {
            assert!(
                matches!(Sealed::read(input), Err(HandoffError::NotAnAgeFile)),
                "{input:?}"
            );
        }
        assert!(matches!(
            Sealed::read(b"age-encryption.org/v2\nsomething new\n"),
            Err(HandoffError::NewerFormat)
        ));
        let plain = bundle().render();
        assert!(matches!(
            Sealed::read(plain.as_bytes()),
            Err(HandoffError::AlreadyDecrypted)
        ));
        let large = vec![b'a'; MAX_SEALED + 1];
        assert!(matches!(
            Sealed::read(&large),
            Err(HandoffError::TooLarge { limit_kb: 64 })
        ));
    }

    #[test]
    fn an_age_file_that_is_not_a_bundle() {
        let (identity, _, identities) = key();
        for (plaintext, reason) in [
            (&b"just a note\n"[..], "not in the layout"),
            (b"\xff\xfe", "not text"),
            (&[b'x'; MAX_PLAINTEXT + 1][..], "more than 16 KB"),
        ] {
            let armored = age::encrypt_and_armor(&identity.to_public(), plaintext).unwrap();
            match open(&armored, &identities) {
                Err(err @ HandoffError::NotABundle { .. }) => {
                    assert!(err.to_string().contains(reason), "{err}");
                }
                other => panic!("{other:?}"),
            }
        }
    }

    /// Encrypts with a passphrase at a small work factor: age's own choice costs a second
    /// per attempt, and these tests make many. The integration tests use age's choice.
    fn with_passphrase(passphrase: &SecretString) -> String {
        encrypt_scrypt(&bundle(), passphrase, Some(10)).unwrap()
    }

    #[test]
    fn passphrase_round_trip() {
        let passphrase = passphrase::generate().unwrap();
        let armored = with_passphrase(&passphrase);
        assert!(!armored.contains(TOKEN));
        let sealed = Sealed::read(armored.as_bytes()).unwrap();
        assert!(sealed.needs_passphrase());
        assert_eq!(sealed.open_with_passphrase(&passphrase).unwrap(), bundle());
        // Read out over the phone and typed with spaces, and a newline from a pipe.
        let spoken = format!(
            "{}\n",
            passphrase.expose_secret().replace('-', " ").to_uppercase()
        );
        assert_eq!(
            sealed
                .open_with_passphrase(&SecretString::from(spoken))
                .unwrap(),
            bundle()
        );
        assert!(matches!(
            sealed.open_with_passphrase(&SecretString::from("wrong words")),
            Err(HandoffError::WrongPassphrase)
        ));
        assert!(matches!(
            sealed.open_with_passphrase(&SecretString::from("\n")),
            Err(HandoffError::EmptyPassphrase)
        ));
        let (_, _, identities) = key();
        assert!(matches!(
            sealed.open(&identities),
            Err(HandoffError::NeedsPassphrase)
        ));
        let (armored, _) = sealed_to_key();
        assert!(matches!(
            Sealed::read(armored.as_bytes())
                .unwrap()
                .open_with_passphrase(&passphrase),
            Err(HandoffError::NeedsKey)
        ));
    }

    #[test]
    fn a_script_passphrase_is_used_exactly() {
        let chosen = SecretString::from("Correct Horse  battery staple");
        let armored = with_passphrase(&chosen);
        let sealed = Sealed::read(armored.as_bytes()).unwrap();
        assert_eq!(
            sealed.open_with_exact_passphrase(&chosen).unwrap(),
            bundle()
        );
        assert_eq!(sealed.open_with_passphrase(&chosen).unwrap(), bundle());
        assert!(matches!(
            sealed.open_with_exact_passphrase(&SecretString::from("correct horse battery staple")),
            Err(HandoffError::WrongPassphrase)
        ));
        assert!(matches!(
            encrypt_with_passphrase(&bundle(), &SecretString::from("")),
            Err(HandoffError::EmptyPassphrase)
        ));
        // Six words of the list, chosen by a script with spaces, typed as they were given.
        let spaced = SecretString::from("valid cream mixture three orphan outdoor");
        let sealed = Sealed::read(with_passphrase(&spaced).as_bytes()).unwrap();
        assert_eq!(sealed.open_with_passphrase(&spaced).unwrap(), bundle());
    }

    /// A crafted bundle asking for more scrypt work than `share` writes, and a margin, is
    /// refused before any of it is done; what `share` writes opens.
    #[test]
    fn the_scrypt_work_factor_is_bounded() {
        let passphrase = passphrase::generate().unwrap();
        let costly =
            encrypt_scrypt(&bundle(), &passphrase, Some(MAX_SCRYPT_WORK_FACTOR + 1)).unwrap();
        let sealed = Sealed::read(costly.as_bytes()).unwrap();
        let started = std::time::Instant::now();
        assert!(matches!(
            sealed.open_with_passphrase(&passphrase),
            Err(HandoffError::PassphraseTooCostly)
        ));
        // Refused from the header: no scrypt at 2^21 ran (that takes seconds).
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        let written = encrypt_with_passphrase(&bundle(), &passphrase).unwrap();
        let sealed = Sealed::read(written.as_bytes()).unwrap();
        assert_eq!(sealed.open_with_passphrase(&passphrase).unwrap(), bundle());
    }

    #[test]
    fn no_error_holds_the_token() {
        let recipients = parse_recipients([RecipientSource::Arg(TOKEN)]).unwrap_err();
        let (armored, _) = sealed_to_key();
        let (_, _, other) = key();
        for err in [recipients, open(&armored, &other).unwrap_err()] {
            let shown = format!("{err} {err:?} {}", err.hint());
            assert!(!shown.contains(TOKEN), "{shown}");
        }
    }
}
