//! Where the Access Token lives: the OS keychain (the default) or, where there is none, a
//! `credentials.toml` readable by its owner only, kept apart from the config.

use std::fmt;
use std::path::{Path, PathBuf};

use secrecy::zeroize::Zeroizing;
use toml_edit::{DocumentMut, Item, Table};

use super::fs::{Contents, read_limited, write_atomic};
use crate::bigcommerce::values::AccessToken;
use crate::error::Error;

/// Which kind of store holds a profile's token; written in the profile as `secret_store`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SecretStoreKind {
    /// The OS keychain: Keychain on macOS, Credential Manager on Windows, Secret Service on Linux.
    #[default]
    Keychain,
    /// credentials.toml beside the config, readable by you only.
    File,
}

impl SecretStoreKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SecretStoreKind::Keychain => "keychain",
            SecretStoreKind::File => "file",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "keychain" => Some(SecretStoreKind::Keychain),
            "file" => Some(SecretStoreKind::File),
            _ => None,
        }
    }
}

impl fmt::Display for SecretStoreKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a secret store could not be used, in words for the admin, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretError {
    pub message: String,
    pub hint: String,
    /// The store cannot be reached at all (as opposed to one operation failing).
    pub unavailable: bool,
}

impl fmt::Display for SecretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<SecretError> for Error {
    fn from(err: SecretError) -> Self {
        let (message, hint) = (err.message, err.hint);
        if err.unavailable {
            Error::KeychainUnavailable { message, hint }
        } else {
            Error::SecretStore { message, hint }
        }
    }
}

/// A place that keeps one Access Token per profile.
pub trait SecretStore {
    fn kind(&self) -> SecretStoreKind;

    /// Where the token goes, in words: shown after saving and by `show`.
    fn describe(&self, profile: &str) -> String;

    /// The profile's token, or `None` when the store has none for it.
    fn read(&self, profile: &str) -> Result<Option<AccessToken>, SecretError>;

    /// Stores the token, replacing any previous one.
    fn write(&self, profile: &str, token: &AccessToken) -> Result<(), SecretError>;

    /// Deletes the profile's token; says whether there was one.
    fn delete(&self, profile: &str) -> Result<bool, SecretError>;
}

/// Tokens in `credentials.toml`, mode 0600, beside the config.
///
/// Writes must happen under the config lock, as every save does.
pub struct FileStore {
    path: PathBuf,
}

/// A credentials file holds a few tokens; anything far bigger is not one.
const SIZE_LIMIT: u64 = 4 * 1024 * 1024;

const HEADER: &str = "\
# SynchUP access tokens, written by synchup-setup. Keep this file private (mode 0600):
# anyone who can read it can read and change the store's data.
";

impl FileStore {
    pub fn new(path: PathBuf) -> Self {
        FileStore { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn load(&self) -> Result<Option<DocumentMut>, SecretError> {
        let bytes = match read_limited(&self.path, SIZE_LIMIT) {
            Ok(Contents::Missing) => return Ok(None),
            Ok(Contents::TooLarge(_)) => return Err(self.broken("is far too large to be one")),
            Ok(Contents::Bytes(bytes)) => Zeroizing::new(bytes),
            Err(err) => {
                return Err(self.failure(format!("cannot be read: {err}")));
            }
        };
        let text = std::str::from_utf8(&bytes).map_err(|_| self.broken("is not a text file"))?;
        // The parser's own message quotes the offending line, which may hold a token:
        // only the line number is passed on.
        let doc = text.parse::<DocumentMut>().map_err(|err| {
            let line = err.span().map_or(1, |span| {
                text[..span.start.min(text.len())].matches('\n').count() + 1
            });
            self.broken(&format!("is not valid TOML (line {line})"))
        })?;
        Ok(Some(doc))
    }

    fn save(&self, doc: &DocumentMut) -> Result<(), SecretError> {
        let mut text = Zeroizing::new(doc.to_string());
        if !text.starts_with('#') {
            text.insert_str(0, &format!("{HEADER}\n"));
        }
        // Not flushed to the directory here: every change to this file is followed by a
        // durable write in the same directory (see Storage), which makes this one durable.
        write_atomic(&self.path, text.as_bytes(), false)
            .map_err(|err| self.failure(format!("cannot be written: {err}")))
    }

    fn broken(&self, what: &str) -> SecretError {
        SecretError {
            message: format!("{} {what}.", self.path.display()),
            hint: "Move the file aside and run synchup-setup again to store the token anew.".into(),
            unavailable: false,
        }
    }

    fn failure(&self, what: String) -> SecretError {
        SecretError {
            message: format!("{} {what}.", self.path.display()),
            hint: "Check that the file and its directory belong to you and that the disk has \
                   free space."
                .into(),
            unavailable: false,
        }
    }
}

impl SecretStore for FileStore {
    fn kind(&self) -> SecretStoreKind {
        SecretStoreKind::File
    }

    fn describe(&self, _profile: &str) -> String {
        format!("the file {}", self.path.display())
    }

    fn read(&self, profile: &str) -> Result<Option<AccessToken>, SecretError> {
        let Some(doc) = self.load()? else {
            return Ok(None);
        };
        let token = doc
            .get("profiles")
            .and_then(|p| p.get(profile))
            .and_then(|p| p.get("access_token"));
        match token {
            None => Ok(None),
            Some(item) => match item.as_str() {
                Some(text) => Ok(Some(AccessToken::from_stored(text.to_owned()))),
                None => Err(self.broken(&format!(
                    "has a profiles.{profile}.access_token that is not text"
                ))),
            },
        }
    }

    fn write(&self, profile: &str, token: &AccessToken) -> Result<(), SecretError> {
        let mut doc = self.load()?.unwrap_or_default();
        let profiles = doc.entry("profiles").or_insert_with(|| {
            let mut table = Table::new();
            table.set_implicit(true);
            Item::Table(table)
        });
        let Some(profiles) = profiles.as_table_like_mut() else {
            return Err(self.broken("has a `profiles` that is not a table"));
        };
        let entry = profiles.entry(profile).or_insert(Item::Table(Table::new()));
        let Some(entry) = entry.as_table_like_mut() else {
            return Err(self.broken(&format!("has a `profiles.{profile}` that is not a table")));
        };
        entry.insert("access_token", toml_edit::value(token.expose()));
        self.save(&doc)
    }

    fn delete(&self, profile: &str) -> Result<bool, SecretError> {
        let Some(mut doc) = self.load()? else {
            return Ok(false);
        };
        let removed = doc
            .get_mut("profiles")
            .and_then(Item::as_table_like_mut)
            .and_then(|profiles| profiles.remove(profile))
            .is_some();
        if removed {
            self.save(&doc)?;
        }
        Ok(removed)
    }
}

#[cfg(test)]
pub(crate) mod memory {
    //! An in-memory store for unit tests of the logic, with failures on demand.

    use std::cell::RefCell;
    use std::collections::BTreeMap;

    use super::*;

    #[derive(Default)]
    pub struct MemoryStore {
        pub tokens: RefCell<BTreeMap<String, String>>,
        /// Every write fails with this error.
        pub fail_writes: Option<SecretError>,
        /// Reads after a write return this instead of what was written.
        pub corrupt_read_back: bool,
    }

    impl MemoryStore {
        pub fn token(&self, profile: &str) -> Option<String> {
            self.tokens.borrow().get(profile).cloned()
        }
    }

    impl SecretStore for MemoryStore {
        fn kind(&self) -> SecretStoreKind {
            SecretStoreKind::Keychain
        }

        fn describe(&self, profile: &str) -> String {
            format!("memory:{profile}")
        }

        fn read(&self, profile: &str) -> Result<Option<AccessToken>, SecretError> {
            if self.corrupt_read_back {
                return Ok(Some(AccessToken::from_stored("garbled".into())));
            }
            Ok(self.token(profile).map(AccessToken::from_stored))
        }

        fn write(&self, profile: &str, token: &AccessToken) -> Result<(), SecretError> {
            if let Some(err) = &self.fail_writes {
                return Err(err.clone());
            }
            self.tokens
                .borrow_mut()
                .insert(profile.into(), token.expose().into());
            Ok(())
        }

        fn delete(&self, profile: &str) -> Result<bool, SecretError> {
            Ok(self.tokens.borrow_mut().remove(profile).is_some())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "abcdefghijklmnopqrstuvwxyz01234";

    fn token(text: &str) -> AccessToken {
        AccessToken::from_stored(text.into())
    }

    #[test]
    fn file_store_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path().join("credentials.toml"));
        assert_eq!(store.read("default").unwrap(), None);
        assert!(!store.delete("default").unwrap());
        store.write("default", &token(TOKEN)).unwrap();
        store
            .write("eu", &token("another0token0value0000000000000"))
            .unwrap();
        assert_eq!(store.read("default").unwrap().unwrap().expose(), TOKEN);
        store
            .write("default", &token("replaced0token0value00000000000"))
            .unwrap();
        assert_eq!(
            store.read("default").unwrap().unwrap().expose(),
            "replaced0token0value00000000000"
        );
        assert!(store.delete("default").unwrap());
        assert_eq!(store.read("default").unwrap(), None);
        assert!(store.read("eu").unwrap().is_some());
        let text = std::fs::read_to_string(store.path()).unwrap();
        assert!(text.starts_with("# SynchUP access tokens"), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(store.path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn broken_file_errors_never_quote_its_contents() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials.toml");
        std::fs::write(
            &path,
            format!("[profiles.default]\naccess_token = {TOKEN}\n"),
        )
        .unwrap();
        let err = FileStore::new(path).read("default").unwrap_err();
        assert!(err.message.contains("line 2"), "{err}");
        assert!(!err.message.contains(TOKEN), "{err}");
        assert!(!format!("{err:?}").contains(TOKEN));
    }

    #[test]
    fn kinds_round_trip() {
        for kind in [SecretStoreKind::Keychain, SecretStoreKind::File] {
            assert_eq!(SecretStoreKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(SecretStoreKind::parse("vault"), None);
    }
}
