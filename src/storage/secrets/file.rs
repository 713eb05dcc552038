//! The file store: tokens in `credentials.toml` beside the config, readable by its owner
//! only, for machines without a keychain.

use std::path::{Path, PathBuf};

use secrecy::zeroize::Zeroizing;
use toml_edit::{DocumentMut, Item, Table};

use super::{
    Caveat, Location, Provider, SecretError, SecretStore, SecretStoreKind, Slot, StoreOptions,
};
use crate::bigcommerce::values::AccessToken;
use crate::storage::Paths;
use crate::storage::fs::{Contents, read_limited, write_atomic};

pub const PROVIDER: Provider = Provider {
    name: "file",
    help: "credentials.toml beside the config, readable by you only",
    title: "credentials.toml (readable by you only)",
    open: |paths: &Paths, _: &StoreOptions| Box::new(FileStore::new(paths.credentials())),
};

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
        SecretStoreKind::FILE
    }

    fn locate(&self, _slot: &Slot) -> Location {
        Location {
            kind: self.kind(),
            short: format!("file {}", self.path.display()),
            long: format!("the file {}", self.path.display()),
            fields: vec![("path", self.path.display().to_string())],
            caveat: Some(Caveat {
                message: format!(
                    "The Access Token is kept in a plain file, {}.",
                    self.path.display()
                ),
                fix: "Prefer the OS keychain where there is one: synchup-setup --secret-store \
                      keychain."
                    .into(),
            }),
            file: Some(self.path.clone()),
        }
    }

    fn read(&self, slot: &Slot) -> Result<Option<AccessToken>, SecretError> {
        let profile = slot.profile.as_str();
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

    fn write(&self, slot: &Slot, token: &AccessToken) -> Result<(), SecretError> {
        let profile = slot.profile.as_str();
        let mut doc = self.load()?.unwrap_or_default();
        let profiles = doc.entry("profiles").or_insert_with(|| {
            let mut table = Table::new();
            table.set_implicit(true);
            Item::Table(table)
        });
        let Some(profiles) = profiles.as_table_like_mut() else {
            return Err(self.broken("has a \"profiles\" entry that is not a table"));
        };
        let entry = profiles.entry(profile).or_insert(Item::Table(Table::new()));
        let Some(entry) = entry.as_table_like_mut() else {
            return Err(self.broken(&format!(
                "has a \"profiles.{profile}\" entry that is not a table"
            )));
        };
        entry.insert("access_token", toml_edit::value(token.expose()));
        self.save(&doc)
    }

    fn delete(&self, slot: &Slot) -> Result<bool, SecretError> {
        let profile = slot.profile.as_str();
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
        let (default, eu) = (Slot::new("default"), Slot::new("eu"));
        assert_eq!(store.read(&default).unwrap(), None);
        assert!(!store.delete(&default).unwrap());
        store.write(&default, &token(TOKEN)).unwrap();
        store
            .write(&eu, &token("another0token0value0000000000000"))
            .unwrap();
        assert_eq!(store.read(&default).unwrap().unwrap().expose(), TOKEN);
        store
            .write(&default, &token("replaced0token0value00000000000"))
            .unwrap();
        assert_eq!(
            store.read(&default).unwrap().unwrap().expose(),
            "replaced0token0value00000000000"
        );
        assert!(store.delete(&default).unwrap());
        assert_eq!(store.read(&default).unwrap(), None);
        assert!(store.read(&eu).unwrap().is_some());
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
        let err = FileStore::new(path)
            .read(&Slot::new("default"))
            .unwrap_err();
        assert!(err.message.contains("line 2"), "{err}");
        assert!(!err.message.contains(TOKEN), "{err}");
        assert!(!format!("{err:?}").contains(TOKEN));
    }
}
