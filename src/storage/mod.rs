//! Where everything is kept, and the two changes that touch both places: saving a profile
//! (token first, then config, with the old token put back if the config cannot be written)
//! and removing one.

pub mod config;
pub mod fs;
pub mod secrets;

use std::path::{Path, PathBuf};

use config::{ConfigFile, Profile};
use secrets::{Location, SecretError, SecretStore, SecretStoreKind, Slot, StoreOptions};

use crate::bigcommerce::values::AccessToken;
use crate::error::{Error, Result};

/// The config file and what lives beside it.
#[derive(Debug, Clone)]
pub struct Paths {
    config: PathBuf,
}

impl Paths {
    pub fn new(config: PathBuf) -> Self {
        // Absolute, so that messages name the file unambiguously.
        let config = std::path::absolute(&config).unwrap_or(config);
        Paths { config }
    }

    /// The platform's config location: `$XDG_CONFIG_HOME/synchup/config.toml` on Linux,
    /// `~/Library/Application Support/com.SynchUP.synchup/config.toml` on macOS,
    /// `%APPDATA%\SynchUP\synchup\config\config.toml` on Windows.
    pub fn platform_default() -> Result<Paths> {
        let dirs =
            directories::ProjectDirs::from("com", "SynchUP", "synchup").ok_or_else(|| {
                Error::usage(
                    "Cannot find your home directory to keep the config in.",
                    Some("Give the config file with --config PATH or SYNCHUP_CONFIG.".to_owned()),
                )
            })?;
        Ok(Paths::new(dirs.config_dir().join("config.toml")))
    }

    pub fn config(&self) -> &Path {
        &self.config
    }

    /// The file store: `credentials.toml` beside the config.
    pub fn credentials(&self) -> PathBuf {
        fs::parent(&self.config).join("credentials.toml")
    }

    /// The lock file every change takes: `config.toml.lock` beside the config.
    pub fn lock(&self) -> PathBuf {
        let mut name = self.config.file_name().unwrap_or_default().to_owned();
        name.push(".lock");
        self.config.with_file_name(name)
    }
}

/// What a save did, for the report to the admin.
#[derive(Debug)]
pub struct Saved {
    pub profile: Profile,
    /// Where the token is.
    pub token_location: Location,
    /// Whether a token was written (or only the config).
    pub token_written: bool,
    /// When the token moved between stores: where from, and whether the old copy is gone.
    pub moved_from: Option<(Location, std::result::Result<bool, SecretError>)>,
}

/// The config, read under the lock, ready to be saved into.
pub struct Locked<'a> {
    storage: &'a Storage,
    config: ConfigFile,
    _lock: fs::Lock,
}

impl Locked<'_> {
    pub fn config(&self) -> &ConfigFile {
        &self.config
    }

    /// Saves a profile: see [`Storage::save`].
    pub fn save(
        self,
        profile: Profile,
        token: Option<&AccessToken>,
        verified: bool,
    ) -> Result<Saved> {
        self.storage.save_in(self.config, profile, token, verified)
    }
}

/// What a removal found and did.
#[derive(Debug)]
pub struct Removed {
    pub profile: bool,
    /// The config's `default_profile` named the removed profile and was cleared.
    pub default_cleared: bool,
    /// Each secret store looked at: where, and whether a token was there and deleted.
    pub tokens: Vec<(Location, std::result::Result<bool, SecretError>)>,
}

/// The config plus every secret store of the registry.
pub struct Storage {
    paths: Paths,
    stores: Vec<Box<dyn SecretStore>>,
}

impl Storage {
    /// The config at `paths` and every registered secret store.
    pub fn new(paths: Paths, options: StoreOptions) -> Self {
        let stores = SecretStoreKind::all()
            .map(|kind| (kind.provider().open)(&paths, &options))
            .collect();
        Storage { paths, stores }
    }

    /// The config at `paths` with these stores in place of the registry's, for tests.
    pub fn with_stores(paths: Paths, stores: Vec<Box<dyn SecretStore>>) -> Self {
        Storage { paths, stores }
    }

    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    pub fn store(&self, kind: SecretStoreKind) -> &dyn SecretStore {
        self.stores
            .iter()
            .find(|store| store.kind() == kind)
            .map(AsRef::as_ref)
            .expect("every registered kind has an open store")
    }

    pub fn load(&self) -> Result<ConfigFile> {
        ConfigFile::load(&self.paths.config)
    }

    /// Makes a file-store change that follows the last config write durable. Best effort:
    /// the change itself has succeeded, and a failure to flush is not worth failing it for.
    fn sync_dir(&self) {
        let _ = fs::sync_dir(fs::parent(&self.paths.config));
    }

    fn lock(&self, on_wait: impl FnOnce()) -> Result<fs::Lock> {
        let path = self.paths.lock();
        fs::Lock::acquire(&path, on_wait).map_err(|err| {
            config::config_error(
                &path,
                format!("cannot be locked: {err}"),
                "Check that the config directory exists and belongs to you. Nothing was changed.",
            )
        })
    }

    /// Saves a profile: the token (when new) into its store, read back and compared, then
    /// the config. If the config cannot be written, the store gets its previous token back
    /// (or loses the new one), so nothing is half-saved.
    pub fn save(
        &self,
        profile: Profile,
        token: Option<&AccessToken>,
        verified: bool,
        on_wait: impl FnOnce(),
    ) -> Result<Saved> {
        // Read again under the lock: another run may have saved since the flow began.
        self.begin(on_wait)?.save(profile, token, verified)
    }

    /// Takes the lock and reads the config, for a run that saves without asking anything
    /// in between (a script): it reads the config once, and no other run can change it
    /// before the save.
    pub fn begin(&self, on_wait: impl FnOnce()) -> Result<Locked<'_>> {
        let lock = self.lock(on_wait)?;
        let config = self.load()?;
        Ok(Locked {
            storage: self,
            config,
            _lock: lock,
        })
    }

    fn save_in(
        &self,
        mut config: ConfigFile,
        mut profile: Profile,
        token: Option<&AccessToken>,
        verified: bool,
    ) -> Result<Saved> {
        let previous = config.profile(&profile.name)?;
        let name = profile.name.clone();
        let slot = Slot::new(&name);
        let target = self.store(profile.secret_store);
        let old_kind = previous.as_ref().map(|p| p.secret_store);
        let moving = old_kind.is_some_and(|kind| kind != profile.secret_store);

        let moved_token;
        let to_write = match token {
            Some(token) => Some(token),
            None if moving => {
                let old = self.store(old_kind.expect("moving implies a previous store"));
                moved_token = old.read(&slot)?.ok_or_else(|| Error::SecretStore {
                    message: format!(
                        "The saved Access Token of profile \"{name}\" is missing from {}, so it \
                         cannot be moved.",
                        old.locate(&slot)
                    ),
                    hint: "Run synchup-setup again and enter the Access Token.".into(),
                })?;
                Some(&moved_token)
            }
            None => None,
        };

        let mut before = None;
        if let Some(token) = to_write {
            before = Some(target.read(&slot)?);
            target.write(&slot, token)?;
            let back = target.read(&slot);
            if !matches!(&back, Ok(Some(stored)) if stored == token) {
                let restored = restore(target, &slot, before.take().flatten());
                self.sync_dir();
                return Err(Error::SecretStore {
                    message: format!(
                        "{} did not give back the token just stored{}.",
                        target.locate(&slot),
                        restore_note(&restored)
                    ),
                    hint: "Run again; if it keeps failing, use --secret-store file.".into(),
                });
            }
        }

        let now = crate::time::now();
        // A check from an earlier save still holds when the same credentials are kept.
        let same_credentials = to_write.is_none()
            && previous.as_ref().is_some_and(|p| {
                p.store_hash == profile.store_hash && p.client_id == profile.client_id
            });
        profile.verified_at = if verified {
            Some(now.clone())
        } else if same_credentials {
            previous.as_ref().and_then(|p| p.verified_at.clone())
        } else {
            None
        };
        profile.updated_at = Some(now);
        config.set_profile(&profile);
        if let Err(err) = config.write() {
            let restored = before.map(|before| restore(target, &slot, before));
            self.sync_dir();
            if let Some(Err(restore_err)) = restored {
                return Err(Error::SecretStore {
                    message: format!(
                        "{err}; and putting back the previous token failed too: {restore_err}"
                    ),
                    hint: "Run synchup-setup again once the config can be written.".into(),
                });
            }
            return Err(err);
        }

        let moved_from = match old_kind {
            Some(kind) if moving => {
                let old = self.store(kind);
                let deleted = old.delete(&slot);
                self.sync_dir();
                Some((old.locate(&slot), deleted))
            }
            _ => None,
        };
        Ok(Saved {
            token_location: target.locate(&slot),
            token_written: to_write.is_some(),
            profile,
            moved_from,
        })
    }

    /// Removes a profile and its token. What was not there is reported, not an error, so
    /// removing twice is fine. The config goes first: a token left behind by a failing
    /// keychain can be removed by running this again, a profile without its token cannot
    /// be mistaken for a working one.
    pub fn remove(&self, name: &str) -> Result<Removed> {
        let _lock = self.lock(|| {})?;
        let mut config = self.load()?;
        let profile = config.profile(name)?;
        let removed = config.remove_profile(name);
        let default_cleared = config.default_profile()?.as_deref() == Some(name);
        if default_cleared {
            config.set_default_profile(None);
        }
        if removed || default_cleared {
            config.write()?;
        }
        // The profile's own store (a move between stores deletes the old copy); without a
        // profile, every store is searched for a token left under the name.
        let slot = Slot::new(name);
        let kinds: Vec<SecretStoreKind> = match profile.map(|p| p.secret_store) {
            Some(kind) => vec![kind],
            None => SecretStoreKind::all().collect(),
        };
        let tokens = kinds
            .into_iter()
            .map(|kind| {
                let store = self.store(kind);
                (store.locate(&slot), store.delete(&slot))
            })
            .collect();
        self.sync_dir();
        Ok(Removed {
            profile: removed,
            default_cleared,
            tokens,
        })
    }

    /// Records that BigCommerce accepted the profile's saved credentials just now.
    pub fn mark_verified(&self, name: &str) -> Result<()> {
        let _lock = self.lock(|| {})?;
        let mut config = self.load()?;
        let Some(mut profile) = config.profile(name)? else {
            return Err(config.unknown(name));
        };
        profile.verified_at = Some(crate::time::now());
        config.set_profile(&profile);
        config.write()
    }

    /// Makes `name` the profile used when none is named; it must exist.
    pub fn set_default_profile(&self, name: &str) -> Result<()> {
        let _lock = self.lock(|| {})?;
        let mut config = self.load()?;
        if config.profile(name)?.is_none() {
            return Err(config.unknown(name));
        }
        config.set_default_profile(Some(name));
        config.write()
    }
}

fn restore(
    store: &dyn SecretStore,
    slot: &Slot,
    before: Option<AccessToken>,
) -> std::result::Result<(), SecretError> {
    match before {
        Some(token) => store.write(slot, &token),
        None => store.delete(slot).map(|_| ()),
    }
}

fn restore_note(restored: &std::result::Result<(), SecretError>) -> String {
    match restored {
        Ok(()) => "; the previous state was put back".into(),
        Err(err) => format!("; putting back the previous state failed too: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::secrets::memory::MemoryStore;
    use super::*;

    const OLD: &str = "oldtoken0000000000000000000000a";
    const NEW: &str = "newtoken0000000000000000000000b";

    fn token(text: &str) -> AccessToken {
        AccessToken::from_stored(text.into())
    }

    fn profile(secret_store: SecretStoreKind) -> Profile {
        Profile {
            store_hash: Some("et7xe3pz".into()),
            client_id: Some("k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov".into()),
            api_path: Some("https://api.bigcommerce.com/stores/et7xe3pz/v3/".into()),
            secret_store,
            ..Profile::new("default")
        }
    }

    struct Fixture {
        _dir: tempfile::TempDir,
        storage: Storage,
    }

    fn fixture(keychain: MemoryStore) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path().join("synchup/config.toml"));
        let file = (SecretStoreKind::FILE.provider().open)(&paths, &StoreOptions::default());
        Fixture {
            storage: Storage::with_stores(paths, vec![Box::new(keychain), file]),
            _dir: dir,
        }
    }

    impl Fixture {
        /// Saves the test profile with its token kept in `kind`; `None` keeps the token.
        fn save(&self, kind: SecretStoreKind, token_text: Option<&str>) -> Result<Saved> {
            let token = token_text.map(token);
            self.storage
                .save(profile(kind), token.as_ref(), false, || {})
        }
    }

    fn keychain(storage: &Storage) -> Option<String> {
        storage
            .store(SecretStoreKind::KEYCHAIN)
            .read(&Slot::new("default"))
            .unwrap()
            .map(|t| t.expose().to_owned())
    }

    #[test]
    fn save_writes_token_and_profile() {
        let f = fixture(MemoryStore::default());
        let saved = f.save(SecretStoreKind::KEYCHAIN, Some(NEW)).unwrap();
        assert!(saved.token_written);
        assert_eq!(keychain(&f.storage).as_deref(), Some(NEW));
        let stored = f
            .storage
            .load()
            .unwrap()
            .profile("default")
            .unwrap()
            .unwrap();
        assert_eq!(stored.store_hash.as_deref(), Some("et7xe3pz"));
        assert!(stored.updated_at.is_some());
        let text = std::fs::read_to_string(f.storage.paths().config()).unwrap();
        assert!(!text.contains(NEW), "no token in the config");
    }

    #[test]
    fn failing_token_write_leaves_config_untouched() {
        let f = fixture(MemoryStore {
            fail_writes: Some(SecretError {
                message: "keychain says no".into(),
                hint: "h".into(),
                unavailable: true,
            }),
            ..MemoryStore::default()
        });
        let err = f.save(SecretStoreKind::KEYCHAIN, Some(NEW)).unwrap_err();
        assert_eq!(err.exit() as u8, 4);
        assert!(err.to_string().contains("keychain says no"));
        assert!(!f.storage.paths().config().exists());
    }

    #[test]
    fn token_that_does_not_read_back_is_rolled_back() {
        let f = fixture(MemoryStore {
            corrupt_read_back: true,
            ..MemoryStore::default()
        });
        let err = f.save(SecretStoreKind::KEYCHAIN, Some(NEW)).unwrap_err();
        assert_eq!(err.exit() as u8, 4);
        assert!(err.to_string().contains("did not give back"), "{err}");
        assert!(!f.storage.paths().config().exists());
    }

    #[cfg(unix)]
    #[test]
    fn failing_config_write_restores_the_previous_token() {
        use std::os::unix::fs::PermissionsExt;
        if rustix::process::geteuid().is_root() {
            // Root writes through read-only directories; the integration tests cover this
            // case with a full file system instead.
            return;
        }
        let f = fixture(MemoryStore::default());
        f.save(SecretStoreKind::KEYCHAIN, Some(OLD)).unwrap();
        let dir = f.storage.paths().config().parent().unwrap().to_owned();
        let before = std::fs::read(f.storage.paths().config()).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o500)).unwrap();
        let result = f.save(SecretStoreKind::KEYCHAIN, Some(NEW));
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        let err = result.unwrap_err();
        assert_eq!(err.exit() as u8, 5, "{err}");
        assert_eq!(keychain(&f.storage).as_deref(), Some(OLD));
        assert_eq!(std::fs::read(f.storage.paths().config()).unwrap(), before);
    }

    #[test]
    fn moving_stores_copies_then_deletes_the_old_token() {
        let f = fixture(MemoryStore::default());
        f.save(SecretStoreKind::KEYCHAIN, Some(OLD)).unwrap();
        let saved = f.save(SecretStoreKind::FILE, None).unwrap();
        assert!(saved.token_written);
        assert!(matches!(saved.moved_from, Some((_, Ok(true)))));
        assert_eq!(keychain(&f.storage), None);
        let file = f
            .storage
            .store(SecretStoreKind::FILE)
            .read(&Slot::new("default"))
            .unwrap();
        assert_eq!(file.unwrap().expose(), OLD);
    }

    #[test]
    fn keeping_the_token_writes_only_the_config() {
        let f = fixture(MemoryStore::default());
        f.save(SecretStoreKind::KEYCHAIN, Some(OLD)).unwrap();
        let mut changed = profile(SecretStoreKind::KEYCHAIN);
        changed.client_id = Some("another0client0id0000000000000z".into());
        let saved = f.storage.save(changed, None, false, || {}).unwrap();
        assert!(!saved.token_written);
        assert_eq!(keychain(&f.storage).as_deref(), Some(OLD));
    }

    #[test]
    fn remove_is_idempotent_and_reports_what_was_there() {
        let f = fixture(MemoryStore::default());
        f.save(SecretStoreKind::KEYCHAIN, Some(OLD)).unwrap();
        let first = f.storage.remove("default").unwrap();
        assert!(first.profile);
        assert_eq!(first.tokens.len(), 1, "only the profile's own store");
        assert!(matches!(first.tokens[0], (_, Ok(true))));
        assert_eq!(keychain(&f.storage), None);
        let second = f.storage.remove("default").unwrap();
        assert!(!second.profile);
        assert_eq!(second.tokens.len(), 2, "every store searched for leftovers");
        assert!(second.tokens.iter().all(|(_, r)| matches!(r, Ok(false))));
    }

    #[test]
    fn a_check_is_remembered_only_while_the_credentials_stay_the_same() {
        let f = fixture(MemoryStore::default());
        let verified_at = |f: &Fixture| {
            let config = f.storage.load().unwrap();
            config.profile("default").unwrap().unwrap().verified_at
        };
        f.storage
            .save(
                profile(SecretStoreKind::KEYCHAIN),
                Some(&token(OLD)),
                true,
                || {},
            )
            .unwrap();
        let first = verified_at(&f);
        assert!(first.is_some());
        let mut renamed = profile(SecretStoreKind::KEYCHAIN);
        renamed.account_name = Some("renamed".into());
        f.storage.save(renamed, None, false, || {}).unwrap();
        assert_eq!(
            verified_at(&f),
            first,
            "same credentials: the check still holds"
        );
        f.save(SecretStoreKind::KEYCHAIN, Some(NEW)).unwrap();
        assert_eq!(verified_at(&f), None, "a new token has not been checked");
    }

    #[test]
    fn lock_file_sits_beside_the_config() {
        let paths = Paths::new(PathBuf::from("/x/y/config.toml"));
        assert_eq!(paths.lock(), PathBuf::from("/x/y/config.toml.lock"));
        assert_eq!(paths.credentials(), PathBuf::from("/x/y/credentials.toml"));
    }
}
