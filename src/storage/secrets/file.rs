//! The file store: tokens in `credentials.toml` beside the config, readable by its owner
//! only, for machines without a keychain.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::SystemTime;

use secrecy::zeroize::Zeroizing;
use toml_edit::{Item, Table};

use super::{
    Caveat, Location, Owner, Provider, Reason, SecretError, SecretStore, SecretStoreKind, Slot,
    StoreOptions,
};
use crate::bigcommerce::values::AccessToken;
use crate::storage::fs::{self, Contents, Holds, read_limited, write_atomic};
use crate::storage::paths::Paths;
use crate::storage::sections::{ParseError, Sectioned};

pub const PROVIDER: Provider = Provider {
    name: "file",
    help: "credentials.toml beside the config, readable by you only",
    title: "credentials.toml (readable by you only)",
    open: |paths: &Paths, options: &StoreOptions| {
        let mut store = FileStore::new(paths.credentials());
        store.on_lock_wait = options.on_lock_wait.clone();
        Box::new(store)
    },
};

/// Tokens in `credentials.toml`, mode 0600, beside the config: one `[tokens.<id>]` table per
/// slot (profiles saved before slots had ids use `[profiles.<name>]` until their next save).
///
/// Several configs may share a directory, so every change takes this file's own lock.
pub struct FileStore {
    path: PathBuf,
    on_lock_wait: std::rc::Rc<dyn Fn()>,
    /// The file as this run last read it, and its size and times then. A save reads the
    /// token and then whose slot it is, and indexing a thousand tokens twice costs a
    /// millisecond; a file changed or replaced meanwhile is read again. Changes always
    /// read the file afresh, under its lock.
    last: RefCell<Option<(Stamp, Rc<Sectioned>)>>,
}

/// What tells a file's versions apart without reading it: which file it is (a file put
/// in its place by a rename is another), its size, and when it was made and last written.
type Stamp = (
    Option<(u64, u64)>,
    u64,
    Option<SystemTime>,
    Option<SystemTime>,
);

fn stamp(meta: &std::fs::Metadata) -> Stamp {
    (
        crate::platform::file_id(meta),
        meta.len(),
        meta.modified().ok(),
        meta.created().ok(),
    )
}

/// The tables whose entries are sections of their own: tokens by slot id, and those saved
/// before slots had ids by profile.
const STORE_TABLES: &[&str] = &["tokens", "profiles"];

/// A credentials file holds a few tokens; anything far bigger is not one.
const SIZE_LIMIT: u64 = 4 * 1024 * 1024;

const HEADER: &str = "\
# SynchUP access tokens, written by synchup-setup. Keep this file private (mode 0600):
# anyone who can read it can read and change the store's data.
";

impl FileStore {
    pub fn new(path: PathBuf) -> Self {
        FileStore {
            path,
            on_lock_wait: std::rc::Rc::new(|| {}),
            last: RefCell::new(None),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock_path(&self) -> PathBuf {
        crate::storage::paths::store_lock(&self.path)
    }

    /// Takes this file's lock, making its directory (private) if needed.
    fn lock(&self) -> Result<fs::Lock, SecretError> {
        let dir = fs::parent(&self.path);
        fs::check_dir(dir).map_err(unsafe_place)?;
        fs::create_private_dir_all(dir)
            .map_err(|err| self.failure(format!("cannot be created here: {err}")))?;
        fs::Lock::acquire(&self.lock_path(), fs::LOCK_TIMEOUT, || {
            (self.on_lock_wait)()
        })
        .map_err(|err| self.failure(format!("cannot be locked: {err}")))
    }

    /// Reads the file: never through a symbolic link, and only when it is a regular file of
    /// yours, in a directory of yours, that no one else can read. Its tables are parsed
    /// when asked for (see [`Sectioned`]): a run reads one token of many.
    fn load(&self) -> Result<Option<Sectioned>, SecretError> {
        Ok(self.read_file()?.map(|(_, doc)| doc))
    }

    /// [`FileStore::load`] for a read: the file as this run last read it, if it has not
    /// changed since.
    fn load_for_reading(&self) -> Result<Option<Rc<Sectioned>>, SecretError> {
        if let Some((was, doc)) = &*self.last.borrow() {
            let now = std::fs::symlink_metadata(&self.path);
            // Without a time to compare, nothing tells an unchanged file from a new one.
            if was.2.is_some() && now.is_ok_and(|m| m.is_file() && stamp(&m) == *was) {
                return Ok(Some(Rc::clone(doc)));
            }
        }
        let read = self.read_file()?;
        Ok(read.map(|(stamp, doc)| {
            let doc = Rc::new(doc);
            *self.last.borrow_mut() = Some((stamp, Rc::clone(&doc)));
            doc
        }))
    }

    fn read_file(&self) -> Result<Option<(Stamp, Sectioned)>, SecretError> {
        let (stamp, bytes) = match read_limited(&self.path, SIZE_LIMIT, false) {
            Ok(Contents::Missing) => return Ok(None),
            Ok(Contents::TooLarge(_)) => return Err(self.broken("is far too large to be one")),
            Ok(Contents::Bytes(bytes, meta)) => {
                let mut bytes = Zeroizing::new(bytes);
                fs::check_file(&self.path, &meta, Holds::Token).map_err(unsafe_place)?;
                fs::check_dir(fs::parent(&self.path)).map_err(unsafe_place)?;
                (stamp(&meta), std::mem::take(&mut *bytes))
            }
            Err(err) => {
                return Err(self.failure(format!("cannot be read: {err}")));
            }
        };
        // The bytes become the text, which the document wipes when it is dropped.
        let text = String::from_utf8(bytes).map_err(|err| {
            drop(Zeroizing::new(err.into_bytes()));
            self.broken("is not a text file")
        })?;
        let doc = Sectioned::parse_secret(text, STORE_TABLES).map_err(|err| self.not_toml(err))?;
        Ok(Some((stamp, doc)))
    }

    /// The parser's own message quotes the offending line, which may hold a token: only
    /// the line number is passed on.
    fn not_toml(&self, err: ParseError) -> SecretError {
        self.broken(&format!("is not valid TOML (line {})", err.line))
    }

    /// The table of a slot, if the file has one.
    fn entry<'a>(&self, doc: &'a Sectioned, slot: &Slot) -> Result<Option<&'a Item>, SecretError> {
        let (parent, key) = table_of(slot);
        doc.get(parent, key).map_err(|err| self.not_toml(err))
    }

    fn save(&self, doc: &Sectioned) -> Result<(), SecretError> {
        let mut text = Zeroizing::new(doc.render());
        if !text.starts_with('#') {
            text.insert_str(0, &format!("{HEADER}\n"));
        }
        // Refused rather than replaced: a link here was not made by synchup-setup.
        if std::fs::symlink_metadata(&self.path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(
                self.failure("is a symbolic link; the token is never written through one".into())
            );
        }
        write_atomic(&self.path, text.as_bytes(), true)
            .map_err(|err| self.failure(format!("cannot be written: {err}")))
    }

    /// Changes the file under its lock; `change` says whether it changed anything.
    fn change(
        &self,
        change: impl FnOnce(&mut Sectioned) -> Result<bool, SecretError>,
    ) -> Result<bool, SecretError> {
        let _lock = self.lock()?;
        self.last.take();
        let mut doc = self
            .load()?
            .unwrap_or_else(|| Sectioned::empty(STORE_TABLES));
        let changed = change(&mut doc)?;
        if changed {
            self.save(&doc)?;
        }
        fs::remove_stale_temps(&self.path)
            .map_err(|err| self.failure(format!("leftovers beside it cannot be removed: {err}")))?;
        Ok(changed)
    }

    fn broken(&self, what: &str) -> SecretError {
        SecretError::new(
            SecretStoreKind::FILE,
            Reason::NotReadable {
                file: Some(self.path.clone()),
                what: what.to_owned(),
            },
        )
    }

    fn failure(&self, what: String) -> SecretError {
        SecretError::new(
            SecretStoreKind::FILE,
            Reason::Io {
                path: self.path.clone(),
                what,
            },
        )
    }
}

/// A place that is not safe for a token: a file problem (exit 5), with the fix.
fn unsafe_place(err: fs::Unsafe) -> SecretError {
    SecretError::new(
        SecretStoreKind::FILE,
        Reason::UnsafeFile {
            path: err.path,
            why: err.why,
            fix: err.fix,
        },
    )
}

/// Where in the file a slot's token is: its table, and the key of that table's parent.
fn table_of(slot: &Slot) -> (&'static str, &str) {
    match &slot.id {
        Some(id) => ("tokens", id),
        None => ("profiles", &slot.profile),
    }
}

impl SecretStore for FileStore {
    fn kind(&self) -> SecretStoreKind {
        SecretStoreKind::FILE
    }

    fn locate(&self, slot: &Slot) -> Location {
        let (parent, key) = table_of(slot);
        Location {
            kind: self.kind(),
            short: format!("file {}", self.path.display()),
            long: format!("the file {}", self.path.display()),
            fields: vec![
                ("path", self.path.display().to_string()),
                ("table", format!("{parent}.{key}")),
            ],
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
        self.read_slot(slot)
            .map_err(|err| err.for_profile(&slot.profile))
    }

    fn write(&self, slot: &Slot, token: &AccessToken, owner: &Path) -> Result<(), SecretError> {
        self.write_slot(slot, token, owner)
            .map_err(|err| err.for_profile(&slot.profile))
    }

    fn owner(&self, slot: &Slot) -> Result<Option<Owner>, SecretError> {
        let Some(doc) = self.load_for_reading()? else {
            return Ok(None);
        };
        let entry = self.entry(&doc, slot)?;
        let text = |name: &str| entry.and_then(|e| e.get(name)).and_then(Item::as_str);
        Ok(match (text("config"), text("profile")) {
            (Some(config), Some(profile)) => Some(Owner {
                config: PathBuf::from(config),
                profile: profile.to_owned(),
            }),
            _ => None,
        })
    }

    fn delete_command(&self, slot: &Slot) -> String {
        let (parent, key) = table_of(slot);
        format!(
            "delete the [{parent}.{key}] table from {}",
            self.path.display()
        )
    }

    /// A slot with an id is found by its id alone: a profile duplicated under another
    /// name reads the same table.
    fn same_place(&self, a: &Slot, b: &Slot) -> bool {
        table_of(a) == table_of(b)
    }

    fn delete(&self, slot: &Slot) -> Result<bool, SecretError> {
        self.delete_slot(slot)
            .map_err(|err| err.for_profile(&slot.profile))
    }

    fn tidy(&self) -> Result<usize, SecretError> {
        if !fs::parent(&self.path).exists() {
            return Ok(0);
        }
        let _lock = self.lock()?;
        fs::remove_stale_temps(&self.path)
            .map_err(|err| self.failure(format!("leftovers beside it cannot be removed: {err}")))
    }
}

/// The requests on one slot; their errors are told which profile they were for above.
impl FileStore {
    fn read_slot(&self, slot: &Slot) -> Result<Option<AccessToken>, SecretError> {
        let Some(doc) = self.load_for_reading()? else {
            return Ok(None);
        };
        let (parent, key) = table_of(slot);
        let token = self.entry(&doc, slot)?.and_then(|p| p.get("access_token"));
        match token {
            None => Ok(None),
            Some(item) => match item.as_str() {
                Some(text) => Ok(Some(AccessToken::from_stored(text.to_owned()))),
                None => Err(self.broken(&format!(
                    "has a {parent}.{key}.access_token that is not text"
                ))),
            },
        }
    }

    fn write_slot(
        &self,
        slot: &Slot,
        token: &AccessToken,
        owner: &Path,
    ) -> Result<(), SecretError> {
        let (parent, key) = table_of(slot);
        self.change(|doc| {
            let doc = doc.edit(parent, key).map_err(|err| self.not_toml(err))?;
            let tables = doc.entry(parent).or_insert_with(|| {
                let mut table = Table::new();
                table.set_implicit(true);
                Item::Table(table)
            });
            let Some(tables) = tables.as_table_like_mut() else {
                return Err(self.broken(&format!("has a {parent} that is not a table")));
            };
            let entry = tables.entry(key).or_insert(Item::Table(Table::new()));
            let Some(entry) = entry.as_table_like_mut() else {
                return Err(self.broken(&format!("has a {parent}.{key} that is not a table")));
            };
            // Who the token is for, so that a person reading the file can tell, and the
            // config it belongs to: only that config deletes it while it names it.
            if slot.id.is_some() {
                entry.insert("profile", toml_edit::value(&slot.profile));
                if let Some(hash) = &slot.store_hash {
                    entry.insert("store_hash", toml_edit::value(hash));
                }
                entry.insert("config", toml_edit::value(owner.to_string_lossy().as_ref()));
            }
            entry.insert("access_token", toml_edit::value(token.expose()));
            Ok(true)
        })
        .map(|_| ())
    }

    fn delete_slot(&self, slot: &Slot) -> Result<bool, SecretError> {
        // Nothing to lock, and no directory to make, when there is no file.
        if std::fs::symlink_metadata(&self.path).is_err() {
            return Ok(false);
        }
        let (parent, key) = table_of(slot);
        self.change(|doc| {
            if !doc.keys(parent).iter().any(|k| k == key) {
                return Ok(false);
            }
            let doc = doc.edit(parent, key).map_err(|err| self.not_toml(err))?;
            let Some(tables) = doc.get_mut(parent).and_then(Item::as_table_like_mut) else {
                return Ok(false);
            };
            let removed = tables.remove(key).is_some();
            if tables.is_empty() {
                doc.remove(parent);
            }
            Ok(removed)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "abcdefghijklmnopqrstuvwxyz01234";
    const OWNER_PATH: &str = "/home/me/.config/synchup/config.toml";

    fn token(text: &str) -> AccessToken {
        AccessToken::from_stored(text.into())
    }

    #[test]
    fn file_store_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path().join("credentials.toml"));
        let (default, eu) = (Slot::fresh("default", Some("abc1234")), Slot::legacy("eu"));
        assert_eq!(store.read(&default).unwrap(), None);
        assert!(!store.delete(&default).unwrap());
        store
            .write(&default, &token(TOKEN), Path::new(OWNER_PATH))
            .unwrap();
        store
            .write(
                &eu,
                &token("another0token0value0000000000000"),
                Path::new(OWNER_PATH),
            )
            .unwrap();
        assert_eq!(store.read(&default).unwrap().unwrap().expose(), TOKEN);
        let owner = store.owner(&default).unwrap().unwrap();
        assert_eq!(
            (owner.config.as_path(), &*owner.profile),
            (Path::new(OWNER_PATH), "default")
        );
        assert_eq!(
            store.owner(&eu).unwrap(),
            None,
            "a legacy table records none"
        );
        store
            .write(
                &default,
                &token("replaced0token0value00000000000"),
                Path::new(OWNER_PATH),
            )
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
        assert_eq!(
            crate::platform::readable_by_others(store.path(), false),
            None
        );
    }

    #[test]
    fn a_file_replaced_since_it_was_read_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path().join("credentials.toml"));
        let slot = Slot::fresh("default", Some("abc1234"));
        store
            .write(&slot, &token(TOKEN), Path::new(OWNER_PATH))
            .unwrap();
        assert_eq!(store.read(&slot).unwrap().unwrap().expose(), TOKEN);
        // Another run's save: a new file of the same size renamed into its place.
        let text = std::fs::read_to_string(store.path()).unwrap();
        let other = "another0token0value000000000000";
        assert_eq!(other.len(), TOKEN.len());
        let temp = dir.path().join("new.toml");
        std::fs::write(&temp, text.replace(TOKEN, other)).unwrap();
        crate::platform::make_private(&temp).unwrap();
        std::fs::rename(&temp, store.path()).unwrap();
        assert_eq!(store.read(&slot).unwrap().unwrap().expose(), other);
        assert_eq!(store.owner(&slot).unwrap().unwrap().profile, "default");
        // This store's own change is read back, too.
        store
            .write(&slot, &token(TOKEN), Path::new(OWNER_PATH))
            .unwrap();
        assert_eq!(store.read(&slot).unwrap().unwrap().expose(), TOKEN);
    }

    #[test]
    fn a_held_lock_is_waited_on_saying_so() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = FileStore::new(dir.path().join("credentials.toml"));
        let lock = store.lock_path();
        let held = fs::Lock::acquire(&lock, fs::LOCK_TIMEOUT, || {}).unwrap();
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        // The other run lets go once this one has said it waits.
        let holder = std::thread::spawn(move || {
            rx.recv().unwrap();
            drop(held);
        });
        let said = std::rc::Rc::new(std::cell::Cell::new(false));
        store.on_lock_wait = {
            let said = said.clone();
            std::rc::Rc::new(move || {
                said.set(true);
                tx.send(()).unwrap();
            })
        };
        store
            .write(
                &Slot::fresh("default", None),
                &token(TOKEN),
                Path::new(OWNER_PATH),
            )
            .unwrap();
        assert!(said.get());
        holder.join().unwrap();
    }

    #[test]
    fn a_broken_file_says_to_run_again_for_the_profile_it_was_read_for() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials.toml");
        std::fs::write(&path, "[tokens\n").unwrap();
        crate::platform::make_private(&path).unwrap();
        let err = FileStore::new(path).read(&Slot::legacy("eu")).unwrap_err();
        let hint = crate::error::Error::from(err).hint().unwrap();
        assert!(hint.contains("synchup-setup --profile eu"), "{hint}");
        assert!(!hint.contains("--secret-store file"), "{hint}");
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
        crate::platform::make_private(&path).unwrap();
        let err = FileStore::new(path)
            .read(&Slot::legacy("default"))
            .unwrap_err();
        assert!(err.message().contains("line 2"), "{err}");
        assert!(!err.message().contains(TOKEN), "{err}");
        assert!(!format!("{err:?}").contains(TOKEN));
    }
}
