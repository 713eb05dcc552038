//! Who a bundle is encrypted to: age X25519 public keys (`age1…`) and SSH public keys
//! (`ssh-ed25519 …`, `ssh-rsa …`), given one per `--to` or one per line of a recipients file
//! as `age -R` reads it.
//!
//! Anything else is refused with what was expected instead. A private key pasted where a
//! public key belongs is refused at once and never repeated back; no message quotes what
//! was given, since a misplaced value may be a secret.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use sha2::{Digest, Sha256};

use super::error::{HandoffError, RecipientProblem};
use crate::bigcommerce::credentials_file::lines;

/// A public key a bundle can be encrypted to.
#[derive(Clone)]
pub struct Recipient {
    key: Key,
    /// The comment of an SSH key line (`alice@laptop`), made safe to print.
    comment: Option<String>,
}

#[derive(Clone)]
enum Key {
    Age(age::x25519::Recipient),
    Ssh(age::ssh::Recipient),
}

/// Where recipients come from, in the order given on the command line.
#[derive(Debug, Clone, Copy)]
pub enum RecipientSource<'a> {
    /// A `--to` value.
    Arg(&'a str),
    /// Pasted at the wizard's question for the specialist's public key.
    Typed(&'a str),
    /// The text of a recipients file (`--to-file`), named as messages should name it.
    File { name: &'a str, text: &'a str },
}

/// Reads every recipient from every source. Problems are collected and reported together;
/// a private key stops the reading at once. The same key given twice is used once.
pub fn parse_recipients<'a>(
    sources: impl IntoIterator<Item = RecipientSource<'a>>,
) -> Result<Vec<Recipient>, HandoffError> {
    let sources: Vec<RecipientSource<'a>> = sources.into_iter().collect();
    let args = sources
        .iter()
        .filter(|s| matches!(s, RecipientSource::Arg(_) | RecipientSource::Typed(_)))
        .count();
    let mut recipients: Vec<Recipient> = Vec::new();
    let mut problems = Vec::new();
    let mut arg_number = 0;
    for source in sources {
        match source {
            RecipientSource::Typed(value) => match parse_line(value, Given::Typed) {
                Ok(recipient) => keep(recipient, &mut recipients),
                Err(Refusal::PrivateKey) => {
                    return Err(HandoffError::PrivateKeyAsRecipient {
                        origin: "What was pasted".into(),
                    });
                }
                Err(Refusal::Problem(message)) => problems.push(RecipientProblem {
                    origin: "What was pasted".into(),
                    message,
                }),
            },
            RecipientSource::Arg(value) => {
                arg_number += 1;
                let origin = if args > 1 {
                    format!("--to #{arg_number}")
                } else {
                    "--to".to_owned()
                };
                match parse_line(value, Given::Arg) {
                    Ok(recipient) => keep(recipient, &mut recipients),
                    Err(Refusal::PrivateKey) => {
                        return Err(HandoffError::PrivateKeyAsRecipient { origin });
                    }
                    Err(Refusal::Problem(message)) => {
                        problems.push(RecipientProblem { origin, message })
                    }
                }
            }
            RecipientSource::File { name, text } => {
                let mut found = false;
                for (number, line) in lines(text) {
                    let line = line.trim();
                    if line.is_empty() || line.starts_with('#') {
                        continue;
                    }
                    found = true;
                    let origin = || format!("{name}, line {number}");
                    match parse_line(line, Given::File) {
                        Ok(recipient) => keep(recipient, &mut recipients),
                        Err(Refusal::PrivateKey) => {
                            return Err(HandoffError::PrivateKeyAsRecipient { origin: origin() });
                        }
                        Err(Refusal::Problem(message)) => problems.push(RecipientProblem {
                            origin: origin(),
                            message,
                        }),
                    }
                }
                if !found {
                    problems.push(RecipientProblem {
                        origin: name.to_owned(),
                        message: "holds no recipient, only blank lines and comments".into(),
                    });
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(HandoffError::Recipients(problems));
    }
    if recipients.is_empty() {
        return Err(HandoffError::NoRecipients);
    }
    Ok(recipients)
}

impl Recipient {
    /// One recipient, as given to `--to`.
    pub fn parse(value: &str) -> Result<Recipient, HandoffError> {
        let mut recipients = parse_recipients([RecipientSource::Arg(value)])?;
        Ok(recipients.remove(0))
    }

    /// How to name this recipient in "shared with ..." output: the SSH key's comment and
    /// fingerprint, or the age key shortened. Public information only.
    pub fn describe(&self) -> String {
        match (&self.key, &self.comment) {
            (Key::Age(_), _) => format!("age key {}", self.fingerprint()),
            (Key::Ssh(_), Some(comment)) => {
                format!("{comment} ({} {})", self.kind(), self.fingerprint())
            }
            (Key::Ssh(_), None) => format!("{} key {}", self.kind(), self.fingerprint()),
        }
    }

    /// `age`, `ssh-ed25519` or `ssh-rsa`.
    pub fn kind(&self) -> &'static str {
        match &self.key {
            Key::Age(_) => "age",
            Key::Ssh(age::ssh::Recipient::SshEd25519(..)) => "ssh-ed25519",
            Key::Ssh(age::ssh::Recipient::SshRsa(..)) => "ssh-rsa",
        }
    }

    /// The comment of an SSH key line, if it had one.
    pub fn comment(&self) -> Option<&str> {
        self.comment.as_deref()
    }

    /// For an SSH key, its fingerprint as `ssh-keygen -l` prints it (`SHA256:…`); for an
    /// age key, the key shortened to its first 12 and last 4 characters.
    pub fn fingerprint(&self) -> String {
        match &self.key {
            Key::Age(key) => {
                let key = key.to_string();
                let head: String = key.chars().take(12).collect();
                let tail: String = key.chars().skip(key.chars().count() - 4).collect();
                format!("{head}…{tail}")
            }
            Key::Ssh(key) => {
                // age writes the key as `type base64(blob)`; the fingerprint is the
                // SHA-256 of the blob, as OpenSSH computes it.
                let text = key.to_string();
                let blob = text
                    .split_once(' ')
                    .and_then(|(_, encoded)| STANDARD.decode(encoded).ok())
                    .unwrap_or_default();
                format!("SHA256:{}", STANDARD_NO_PAD.encode(Sha256::digest(&blob)))
            }
        }
    }

    /// The key in its standard one-line form, without a comment.
    pub fn canonical(&self) -> String {
        match &self.key {
            Key::Age(key) => key.to_string(),
            Key::Ssh(key) => key.to_string(),
        }
    }

    pub(crate) fn as_age(&self) -> &dyn age::Recipient {
        match &self.key {
            Key::Age(key) => key,
            Key::Ssh(key) => key,
        }
    }
}

impl fmt::Debug for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Recipient({})", self.describe())
    }
}

impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// Adds a recipient unless the same key is already there.
fn keep(recipient: Recipient, recipients: &mut Vec<Recipient>) {
    if !recipients
        .iter()
        .any(|r| r.canonical() == recipient.canonical())
    {
        recipients.push(recipient);
    }
}

enum Refusal {
    PrivateKey,
    Problem(String),
}

const EXPECTED: &str = "expected an age public key (age1...) or an SSH public key line (ssh-ed25519 ... or ssh-rsa ...)";

/// Where a line was given, for what a refusal suggests instead.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Given {
    Arg,
    Typed,
    File,
}

/// The label age-keygen prints before the key (`Public key: age1...`), and writes in the
/// key file's comment (`# public key: age1...`): pasted with the key, it is not part of it.
fn without_label(value: &str) -> &str {
    let lowered = value.to_ascii_lowercase();
    ["public key:", "# public key:"]
        .iter()
        .find(|label| lowered.starts_with(*label))
        .map_or(value, |label| value[label.len()..].trim_start())
}

fn parse_line(value: &str, given: Given) -> Result<Recipient, Refusal> {
    let value = value.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let value = without_label(value);
    if value.is_empty() {
        return Err(Refusal::Problem(format!("is empty; {EXPECTED}")));
    }
    if is_private_key(value) {
        return Err(Refusal::PrivateKey);
    }
    let mut words = value.split_whitespace();
    let first = words.next().unwrap_or_default();
    let rest: Vec<&str> = words.collect();
    if starts_with_ignore_case(first, "age1") && first.len() > 4 {
        return age_key(first, &rest);
    }
    match first {
        "ssh-ed25519" | "ssh-rsa" => return ssh_key(first, &rest),
        _ if is_ssh_key_type(first) => {
            return Err(Refusal::Problem(format!(
                "SSH keys of type {first} cannot be used with age; ask for an ed25519 key \
                 (ssh-keygen -t ed25519), an RSA key, or an age key"
            )));
        }
        _ => {}
    }
    if given != Given::File && rest.is_empty() && looks_like_a_path(first) {
        return Err(Refusal::Problem(match given {
            Given::Typed => "looks like a file name; paste the key itself: the age1... line, \
                             or the line in the SSH .pub file"
                .into(),
            _ => "looks like a file name; give a file of public keys with --to-file, or the \
                  key itself with --to"
                .into(),
        }));
    }
    Err(Refusal::Problem(format!("is not a public key; {EXPECTED}")))
}

fn age_key(word: &str, rest: &[&str]) -> Result<Recipient, Refusal> {
    if let Ok(key) = word.parse::<age::x25519::Recipient>() {
        if !rest.is_empty() {
            return Err(Refusal::Problem(
                "has more text after the age1... key; give one key per line".into(),
            ));
        }
        return Ok(Recipient {
            key: Key::Age(key),
            comment: None,
        });
    }
    // A Bech32 string's prefix ends at its last `1`, which cannot occur in the data part:
    // `age1…` is an X25519 key, `age1NAME1…` a key of another type or of a plugin.
    let prefix = word[..word.rfind('1').unwrap_or(word.len())].to_ascii_lowercase();
    let Some(name) = prefix.strip_prefix("age1") else {
        return Err(Refusal::Problem(
            "is not a valid age public key (a character is wrong or missing); copy the whole \
             age1... line again"
                .into(),
        ));
    };
    Err(Refusal::Problem(match name {
        "pq" | "tag" | "tagpq" => "is an age key of a newer type (post-quantum or tag) that \
             synchup-setup cannot encrypt to yet; ask for a key made by age-keygen without \
             options, or an SSH key"
            .into(),
        name if is_plain_name(name) => format!(
            "is a key for the age plugin age-plugin-{name}, which synchup-setup does not use; \
             ask for a key made by age-keygen, or an SSH key"
        ),
        _ => "is a key for an age plugin, which synchup-setup does not use; ask for a key \
             made by age-keygen, or an SSH key"
            .into(),
    }))
}

fn ssh_key(kind: &str, rest: &[&str]) -> Result<Recipient, Refusal> {
    use age::ssh::ParseRecipientKeyError as E;
    let Some((encoded, comment)) = rest.split_first() else {
        return Err(Refusal::Problem(format!(
            "has no key after {kind}; copy the whole line of the .pub file"
        )));
    };
    let key = format!("{kind} {encoded}")
        .parse::<age::ssh::Recipient>()
        .map_err(|err| {
            Refusal::Problem(match err {
                E::RsaModulusTooSmall => "is an RSA key shorter than 2048 bits, too weak to \
                     protect the credentials; ask for an ed25519 key (ssh-keygen -t ed25519)"
                    .into(),
                E::RsaModulusTooLarge => "is an RSA key longer than 4096 bits, which age does \
                     not support; ask for an ed25519 key (ssh-keygen -t ed25519)"
                    .into(),
                _ => format!(
                    "is not a valid {kind} public key (a character is wrong or missing); copy \
                     the whole line of the .pub file again"
                ),
            })
        })?;
    // The base64 must be the whole word: age's parser stops at the first character that is
    // not base64, which would let a damaged line through with part of it ignored.
    if key.to_string().trim_end_matches('=') != format!("{kind} {}", encoded.trim_end_matches('='))
    {
        return Err(Refusal::Problem(format!(
            "is not a valid {kind} public key (a character is wrong or missing); copy the \
             whole line of the .pub file again"
        )));
    }
    Ok(Recipient {
        key: Key::Ssh(key),
        comment: printable_comment(&comment.join(" ")),
    })
}

/// A comment made safe for a terminal: no control characters (an escape sequence could
/// rewrite the screen), and not longer than a line.
fn printable_comment(comment: &str) -> Option<String> {
    const MAX: usize = 60;
    let clean: String = comment
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let clean = clean.trim();
    if clean.is_empty() {
        return None;
    }
    if clean.chars().count() > MAX {
        return Some(format!("{}…", clean.chars().take(MAX).collect::<String>()));
    }
    Some(clean.to_owned())
}

/// Marks of a private key: an age secret key or plugin identity, or any PEM or OpenSSH
/// private key block. Searched without copying the value, which may be that key.
fn is_private_key(value: &str) -> bool {
    const MARKS: [&str; 4] = [
        "AGE-SECRET-KEY-",
        "AGE-PLUGIN-",
        "PRIVATE KEY",
        "PuTTY-User-Key-File",
    ];
    MARKS.iter().any(|mark| {
        value
            .as_bytes()
            .windows(mark.len())
            .any(|window| window.eq_ignore_ascii_case(mark.as_bytes()))
    })
}

/// OpenSSH key type names other than the two age supports, so they can be named.
fn is_ssh_key_type(word: &str) -> bool {
    ["ssh-", "ecdsa-", "sk-"]
        .iter()
        .any(|prefix| word.starts_with(prefix))
        && word.len() <= 40
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-@.".contains(c))
}

/// Compared on bytes, so that text starting with a multi-byte character cannot be cut
/// inside it.
pub(crate) fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 24
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn looks_like_a_path(word: &str) -> bool {
    word.contains(['/', '\\']) || [".pub", ".txt", ".age"].iter().any(|e| word.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    // Public keys from the age test vectors: public, so safe to keep here.
    const AGE_PK: &str = "age1t7rxyev2z3rw82stdlrrepyc39nvn86l5078zqkf5uasdy86jp6svpy7pa";
    const SSH_ED25519_PK: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN alice@rust";
    const SSH_RSA_PK: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDE7nIXTGNuaRBN9toI/wNALuQec8mvlt0iJ7o3OaD2UvoKHJ7S8rmIn4FiQDUed/Vac3OhUibei1k+TBmm16u2Rj3klgWZOIDgi8d4vXKI5N3YBhxr3jsQ+kz1c+iZ4z/tTtz306+4K46XViVMWwyyg9j82Jn41mOAy9vdeDIfQ5fLeaGqn5KwlT61GNkZ+ozWK/ZNlQIlNCcoXxhJULIs9XrtczWyVBAea1nlDo0WHODePxoJjmsNHrpQXn5mf9O83xs10qfTUjnRUt48jRmedFy4tcra3QGmSTQ3KZne+wXXSb0cIpXLGvZjQSPHgG1hc4r3uBpiSzvesGLv79XL alice@rust";

    fn problem(value: &str) -> String {
        match Recipient::parse(value) {
            Ok(recipient) => panic!("{value:?} was accepted as {recipient:?}"),
            Err(HandoffError::Recipients(problems)) => {
                assert_eq!(problems.len(), 1);
                assert_eq!(problems[0].origin, "--to");
                problems[0].message.clone()
            }
            Err(err) => panic!("{value:?}: unexpected {err:?}"),
        }
    }

    #[test]
    fn age_keys_are_accepted_and_shortened() {
        let recipient = Recipient::parse(AGE_PK).unwrap();
        assert_eq!(recipient.kind(), "age");
        assert_eq!(recipient.canonical(), AGE_PK);
        assert_eq!(recipient.fingerprint(), "age1t7rxyev2…y7pa");
        assert_eq!(recipient.describe(), "age key age1t7rxyev2…y7pa");
        assert_eq!(recipient.comment(), None);
        let upper = Recipient::parse(&format!("  {}\n", AGE_PK.to_uppercase())).unwrap();
        assert_eq!(upper.canonical(), AGE_PK);
    }

    /// As age-keygen prints it on the terminal, and as its key file's comment says it.
    #[test]
    fn the_key_with_age_keygens_label_is_accepted() {
        for labelled in [
            format!("Public key: {AGE_PK}"),
            format!("public key:{AGE_PK}"),
            format!("# public key: {AGE_PK}"),
        ] {
            let parsed = parse_recipients([RecipientSource::Arg(&labelled)]).unwrap();
            assert_eq!(parsed[0].canonical(), AGE_PK, "{labelled}");
        }
        let file = format!("Public key: {AGE_PK}\n");
        let parsed = parse_recipients([RecipientSource::File {
            name: "keys.txt",
            text: &file,
        }])
        .unwrap();
        assert_eq!(parsed[0].canonical(), AGE_PK);
    }

    #[test]
    fn ssh_keys_are_described_by_comment_and_fingerprint() {
        let recipient = Recipient::parse(SSH_ED25519_PK).unwrap();
        assert_eq!(recipient.kind(), "ssh-ed25519");
        assert_eq!(recipient.comment(), Some("alice@rust"));
        // As `ssh-keygen -lf` prints it for this key.
        let fingerprint = recipient.fingerprint();
        assert!(fingerprint.starts_with("SHA256:"), "{fingerprint}");
        assert_eq!(fingerprint.len(), "SHA256:".len() + 43);
        assert_eq!(
            recipient.describe(),
            format!("alice@rust (ssh-ed25519 {fingerprint})")
        );
        let rsa = Recipient::parse(SSH_RSA_PK).unwrap();
        assert_eq!(rsa.kind(), "ssh-rsa");
        assert_ne!(rsa.fingerprint(), fingerprint);
        let bare = SSH_ED25519_PK.trim_end_matches(" alice@rust");
        let recipient = Recipient::parse(bare).unwrap();
        assert_eq!(
            recipient.describe(),
            format!("ssh-ed25519 key {fingerprint}")
        );
    }

    #[test]
    fn comments_cannot_reach_the_terminal_raw() {
        let line = format!(
            "{} evil\u{1b}[2Jname {}",
            &SSH_ED25519_PK[..80],
            "x".repeat(100)
        );
        let recipient = Recipient::parse(&line).unwrap();
        let comment = recipient.comment().unwrap();
        assert!(!comment.contains('\u{1b}'), "{comment:?}");
        assert!(comment.chars().count() <= 61, "{comment:?}");
    }

    #[test]
    fn private_keys_are_refused_without_being_repeated() {
        let age_secret = age::x25519::Identity::generate().to_string();
        let secret = age_secret.expose_secret();
        let openssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----";
        for value in [
            secret.to_owned(),
            secret.to_lowercase(),
            format!("  {secret}  "),
            openssh.to_owned(),
            "-----BEGIN RSA PRIVATE KEY-----".to_owned(),
            "AGE-PLUGIN-YUBIKEY-1ABCDEF".to_owned(),
        ] {
            match Recipient::parse(&value) {
                Err(err @ HandoffError::PrivateKeyAsRecipient { .. }) => {
                    let shown = format!("{err} {} {err:?}", err.hint());
                    assert!(!shown.contains(&value.trim()[..20]), "{shown}");
                    assert!(!shown.to_lowercase().contains(&secret.to_lowercase()[15..]));
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn other_values_are_refused_with_what_was_expected() {
        let cases = [
            ("", "is empty"),
            ("hello", "not a public key; expected an age public key"),
            ("ééééééé", "not a public key"),
            ("agé1", "not a public key"),
            ("SeCrEtToKeN0000000000000000x9z8", "not a public key"),
            (&AGE_PK[..40], "not a valid age public key"),
            (
                &format!("{}x", &AGE_PK[..AGE_PK.len() - 1]),
                "not a valid age public key",
            ),
            (&format!("{AGE_PK} bob"), "more text after"),
            (
                "age1yubikey1qwt50d05nh5vutpdzmlg5wn80xq5negm4uj9ghv0snvdd3yysf5yw3rhl3t",
                "age-plugin-yubikey",
            ),
            (
                "age1pq1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",
                "newer type",
            ),
            ("ssh-ed25519", "no key after ssh-ed25519"),
            (
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA",
                "not a valid ssh-ed25519",
            ),
            (
                &SSH_ED25519_PK.replace("AAAAC3", "AAAAB3"),
                "not a valid ssh-ed25519",
            ),
            (
                "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBHFliOyIZs1gxGF3fmDxFykQhE88wy6AKDGFBfn0R6ZuvRmENABZQa9+pj9hMki+LX0qDJbmHTiWDbYv/cmFt/Q=",
                "type ecdsa-sha2-nistp256 cannot be used",
            ),
            (
                "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29t",
                "type sk-ssh-ed25519@openssh.com",
            ),
            ("~/.ssh/id_ed25519.pub", "looks like a file name"),
            ("key.txt", "looks like a file name"),
        ];
        for (value, reason) in cases {
            let message = problem(value);
            assert!(message.contains(reason), "{value:?}: {message}");
            if value.len() > 12 {
                assert!(!message.contains(value), "{value:?} quoted: {message}");
            }
        }
    }

    #[test]
    fn damaged_ssh_lines_are_not_half_read() {
        // A character that is not base64 in the middle: age would read up to it.
        let mut damaged = SSH_ED25519_PK.to_owned();
        damaged.replace_range(60..61, "!");
        assert!(problem(&damaged).contains("not a valid ssh-ed25519"));
        let mut rsa = SSH_RSA_PK.to_owned();
        rsa.replace_range(100..101, "*");
        assert!(problem(&rsa).contains("not a valid ssh-rsa"));
    }

    #[test]
    fn a_recipients_file_is_read_like_age_does() {
        let text = format!(
            "\u{feff}# the team\r\n\r\n{AGE_PK}\r\n   \n  {SSH_ED25519_PK}  \n# {SSH_RSA_PK}\n{AGE_PK}\n"
        );
        let recipients = parse_recipients([RecipientSource::File {
            name: "team.txt",
            text: &text,
        }])
        .unwrap();
        let kinds: Vec<_> = recipients.iter().map(Recipient::kind).collect();
        assert_eq!(kinds, ["age", "ssh-ed25519"], "the duplicate is used once");
    }

    #[test]
    fn file_problems_name_their_lines_and_all_are_reported() {
        let text = format!("{AGE_PK}\nnot a key\n# fine\nage1broken\n");
        let err = parse_recipients([
            RecipientSource::Arg("nope"),
            RecipientSource::Arg(AGE_PK),
            RecipientSource::File {
                name: "team.txt",
                text: &text,
            },
            RecipientSource::File {
                name: "empty.txt",
                text: "# nobody yet\n\n",
            },
        ])
        .unwrap_err();
        let HandoffError::Recipients(problems) = err else {
            panic!("{err:?}");
        };
        let origins: Vec<_> = problems.iter().map(|p| p.origin.as_str()).collect();
        assert_eq!(
            origins,
            [
                "--to #1",
                "team.txt, line 2",
                "team.txt, line 4",
                "empty.txt"
            ]
        );
        assert!(problems[3].message.contains("no recipient"));
    }

    #[test]
    fn a_private_key_file_stops_the_reading_at_its_line() {
        let identity = age::x25519::Identity::generate();
        let key_txt = format!(
            "# created: 2026-01-01T00:00:00Z\n# public key: {}\n{}\n",
            identity.to_public(),
            identity.to_string().expose_secret()
        );
        let err = parse_recipients([RecipientSource::File {
            name: "key.txt",
            text: &key_txt,
        }])
        .unwrap_err();
        match err {
            HandoffError::PrivateKeyAsRecipient { origin } => {
                assert_eq!(origin, "key.txt, line 3");
            }
            other => panic!("{other:?}"),
        }
        let pem = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nnot base64 !\n";
        let err = parse_recipients([RecipientSource::File {
            name: "id_ed25519",
            text: pem,
        }])
        .unwrap_err();
        assert!(
            matches!(&err, HandoffError::PrivateKeyAsRecipient { origin } if origin == "id_ed25519, line 1"),
            "{err:?}"
        );
    }

    #[test]
    fn nothing_given_is_its_own_error() {
        assert!(matches!(
            parse_recipients([]),
            Err(HandoffError::NoRecipients)
        ));
    }
}
