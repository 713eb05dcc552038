//! The private key that opens a bundle, read from a file: an age identity file (the
//! `AGE-SECRET-KEY-1…` lines `age-keygen` writes, with `#` comments) or an OpenSSH private
//! key (ed25519 or RSA).
//!
//! A passphrase-protected SSH key is read as locked: the caller asks for its passphrase
//! (on a terminal) and unlocks it, or reports [`HandoffError::SshKeyLocked`] where nobody
//! can be asked. Doing it in two steps, rather than through a callback deep inside the
//! decryption, keeps asking (and cancelling) with the caller, and tells a wrong passphrase
//! apart from a wrong key.

use std::fmt;

use secrecy::SecretString;

use super::error::HandoffError;
use super::recipient::starts_with_ignore_case;
use crate::bigcommerce::credentials_file::lines;

/// The most an identity file may be: an RSA 4096 private key is about 3.4 KB.
pub const MAX_IDENTITY_FILE: usize = 64 * 1024;

/// The keys read from an identity file.
pub struct Identities {
    keys: Vec<Box<dyn age::Identity>>,
    /// An SSH key still waiting for its passphrase.
    locked: Option<age::ssh::EncryptedKey>,
}

impl Identities {
    /// Reads an identity file. Nothing of the file appears in an error.
    ///
    /// Read the file into a buffer wiped on drop (`Zeroizing<Vec<u8>>`), at most
    /// [`MAX_IDENTITY_FILE`] + 1 bytes, so that a larger file is reported as such.
    pub fn parse(bytes: &[u8]) -> Result<Identities, HandoffError> {
        let not_identity = |reason: &str| HandoffError::NotAnIdentity {
            reason: Some(reason.to_owned()),
        };
        if bytes.len() > MAX_IDENTITY_FILE {
            return Err(not_identity(&format!(
                "it is larger than {} KB",
                MAX_IDENTITY_FILE / 1024
            )));
        }
        if bytes.starts_with(b"age-encryption.org/") {
            return Err(encrypted_identity_file());
        }
        let text = std::str::from_utf8(bytes).map_err(|_| not_identity("it is not text"))?;
        let Some((first_number, first)) = lines(text)
            .map(|(number, line)| (number, line.trim()))
            .find(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        else {
            return Err(not_identity("it is empty"));
        };
        if first.starts_with("-----BEGIN AGE ENCRYPTED FILE-----") {
            return Err(encrypted_identity_file());
        }
        if first.starts_with("-----BEGIN ") {
            // From the key's first line on: the parser does not skip what comes before.
            let start = text.find(first).unwrap_or(0);
            return ssh_identity(&text[start..]);
        }
        if starts_with_ignore_case(first, "age1") {
            return Err(HandoffError::PublicKeyAsIdentity {
                kind: "an age public key (age1...)",
            });
        }
        if first.starts_with("ssh-") || first.starts_with("ecdsa-") || first.starts_with("sk-") {
            return Err(HandoffError::PublicKeyAsIdentity {
                kind: "an SSH public key (the .pub file)",
            });
        }
        age_identities(text, first_number)
    }

    /// Whether an SSH key waits for its passphrase: ask for it and [`Identities::unlock`].
    pub fn is_locked(&self) -> bool {
        self.locked.is_some()
    }

    /// Unlocks a passphrase-protected SSH key.
    pub fn unlock(&mut self, passphrase: &SecretString) -> Result<(), HandoffError> {
        let Some(key) = &self.locked else {
            return Ok(());
        };
        let unlocked = key
            .decrypt(passphrase.clone())
            .map_err(|_| HandoffError::WrongSshKeyPassphrase)?;
        self.keys.push(Box::new(age::ssh::Identity::from(unlocked)));
        self.locked = None;
        Ok(())
    }

    /// The keys, for the decryptor; a locked SSH key is an error here.
    pub(crate) fn keys(&self) -> Result<impl Iterator<Item = &dyn age::Identity>, HandoffError> {
        if self.is_locked() {
            return Err(HandoffError::SshKeyLocked);
        }
        Ok(self
            .keys
            .iter()
            .map(|key| key.as_ref() as &dyn age::Identity))
    }
}

impl fmt::Debug for Identities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Identities")
            .field("keys", &self.keys.len())
            .field("locked", &self.is_locked())
            .finish()
    }
}

fn encrypted_identity_file() -> HandoffError {
    HandoffError::NotAnIdentity {
        reason: Some(
            "it is itself encrypted with age; synchup-setup reads identity files that are \
             not encrypted"
                .into(),
        ),
    }
}

/// `AGE-SECRET-KEY-1…` lines; every other line must be blank or a `#` comment.
fn age_identities(text: &str, first_number: usize) -> Result<Identities, HandoffError> {
    let mut keys: Vec<Box<dyn age::Identity>> = Vec::new();
    for (number, line) in lines(text).skip(first_number - 1) {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // age's parser clears its own copies; the line itself is part of the caller's buffer.
        match line.parse::<age::x25519::Identity>() {
            Ok(key) => keys.push(Box::new(key)),
            Err(_) => {
                let what = if line.len() > 11 && line[..11].eq_ignore_ascii_case("AGE-PLUGIN-") {
                    "is an age plugin identity (AGE-PLUGIN-...), which synchup-setup does not \
                     use"
                } else if line.len() > 15 && line[..15].eq_ignore_ascii_case("AGE-SECRET-KEY-") {
                    "is not a valid AGE-SECRET-KEY-1... key (a character is wrong or missing)"
                } else {
                    "is not an AGE-SECRET-KEY-1... key"
                };
                return Err(HandoffError::NotAnIdentity {
                    reason: Some(format!("line {number} {what}")),
                });
            }
        }
    }
    Ok(Identities { keys, locked: None })
}

fn ssh_identity(text: &str) -> Result<Identities, HandoffError> {
    use age::ssh::{Identity, UnsupportedKey};
    let identity =
        Identity::from_buffer(text.as_bytes(), None).map_err(|_| HandoffError::NotAnIdentity {
            reason: Some(
                "it starts like a private key, but not one synchup-setup can read (an OpenSSH \
                 ed25519 or RSA key)"
                    .into(),
            ),
        })?;
    match identity {
        Identity::Unencrypted(_) => Ok(Identities {
            keys: vec![Box::new(identity)],
            locked: None,
        }),
        Identity::Encrypted(key) => Ok(Identities {
            keys: Vec::new(),
            locked: Some(key),
        }),
        Identity::Unsupported(unsupported) => Err(HandoffError::UnsupportedSshKey {
            reason: match unsupported {
                UnsupportedKey::EncryptedPem => "it is an RSA key encrypted in the old PEM \
                     format; convert it with ssh-keygen -p -f KEYFILE (which rewrites it in \
                     the OpenSSH format)"
                    .into(),
                UnsupportedKey::EncryptedSsh(cipher) => format!(
                    "it is encrypted with the cipher {}, which age does not support",
                    printable(&cipher)
                ),
                UnsupportedKey::Hardware(kind) => format!(
                    "it is a hardware security key ({}), which cannot decrypt files",
                    printable(&kind)
                ),
                UnsupportedKey::Type(kind) => format!(
                    "keys of type {} cannot decrypt age files; only ed25519 and RSA keys can",
                    printable(&kind)
                ),
            },
        }),
    }
}

/// A name read from a key file, safe to show: short, no control characters.
fn printable(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn refusal(bytes: &[u8]) -> HandoffError {
        match Identities::parse(bytes) {
            Ok(identities) => panic!("accepted: {identities:?}"),
            Err(err) => err,
        }
    }

    #[test]
    fn an_age_keygen_file_is_read() {
        let identity = age::x25519::Identity::generate();
        let text = format!(
            "# created: 2026-01-01T00:00:00Z\r\n# public key: {}\r\n{}\r\n",
            identity.to_public(),
            identity.to_string().expose_secret()
        );
        let identities = Identities::parse(text.as_bytes()).unwrap();
        assert!(!identities.is_locked());
        assert_eq!(identities.keys().unwrap().count(), 1);
        let two = format!(
            "\u{feff}{}\n\n{}\n",
            identity.to_string().expose_secret(),
            age::x25519::Identity::generate()
                .to_string()
                .expose_secret()
        );
        assert_eq!(
            Identities::parse(two.as_bytes())
                .unwrap()
                .keys()
                .unwrap()
                .count(),
            2
        );
    }

    #[test]
    fn public_keys_are_not_identities() {
        let public = age::x25519::Identity::generate().to_public().to_string();
        for text in [
            format!("# public key\n{public}\n"),
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN alice@rust\n".to_owned(),
        ] {
            let err = refusal(text.as_bytes());
            assert!(
                matches!(err, HandoffError::PublicKeyAsIdentity { .. }),
                "{err:?}"
            );
        }
    }

    #[test]
    fn other_files_are_refused_without_quoting_them() {
        let identity = age::x25519::Identity::generate();
        let secret = identity.to_string();
        let secret = secret.expose_secret();
        let damaged = format!("{}x", &secret[..secret.len() - 1]);
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"".to_vec(), "it is empty"),
            (b"# only a comment\n\n".to_vec(), "it is empty"),
            (vec![0xff, 0xfe, 0x00], "not text"),
            ("ééééé\n".as_bytes().to_vec(), "line 1 is not an AGE-SECRET-KEY-1"),
            (vec![b'#'; MAX_IDENTITY_FILE + 1], "larger than 64 KB"),
            (
                format!("{secret}\nsomething else\n").into_bytes(),
                "line 2 is not an AGE-SECRET-KEY-1",
            ),
            (
                format!("{damaged}\n").into_bytes(),
                "line 1 is not a valid AGE-SECRET-KEY-1",
            ),
            (
                b"AGE-PLUGIN-YUBIKEY-1QQQQQQQQQQQQQQ\n".to_vec(),
                "plugin identity",
            ),
            (
                b"age-encryption.org/v1\n-> scrypt abc 18\n".to_vec(),
                "itself encrypted",
            ),
            (
                b"-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n"
                    .to_vec(),
                "itself encrypted",
            ),
            (
                b"-----BEGIN OPENSSH PRIVATE KEY-----\nnot base64 at all\n-----END OPENSSH PRIVATE KEY-----\n"
                    .to_vec(),
                "not one synchup-setup can read",
            ),
            (
                b"-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n"
                    .to_vec(),
                "not one synchup-setup can read",
            ),
        ];
        for (bytes, reason) in cases {
            let err = refusal(&bytes);
            let shown = format!("{err} {}", err.hint());
            assert!(shown.contains(reason), "{reason}: {shown}");
            assert!(!shown.contains(&secret[15..]), "{shown}");
            assert!(!shown.contains(&damaged[15..]), "{shown}");
        }
    }

    #[test]
    fn debug_output_holds_no_key() {
        let identity = age::x25519::Identity::generate();
        let secret = identity.to_string();
        let identities = Identities::parse(secret.expose_secret().as_bytes()).unwrap();
        let debug = format!("{identities:?}");
        assert_eq!(debug, "Identities { keys: 1, locked: false }");
    }
}
