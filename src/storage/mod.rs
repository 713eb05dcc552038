//! Where everything is kept, and the two changes that touch both places: saving a profile
//! and removing one.
//!
//! A token is never overwritten in place. A save that writes one puts it in a fresh slot:
//! 1. the config records the new slot as pending;
//! 2. the token is written there and read back;
//! 3. the config records the profile's new values with the new slot, and the old slot as
//!    one to delete, in one atomic write;
//! 4. the old slot is deleted, and the config forgets it.
//!
//! A run killed at any point leaves the config naming a slot that holds its token, with
//! the old values or the new ones, never a mix; anything else it wrote is recorded as
//! pending, and the next save or removal of the profile deletes it (`check` reports it
//! until then).
//!
//! A slot records the config it was written for, and a config names slots only by id: a
//! copied config, a duplicated profile section or a crafted `[pending_tokens]` names slots
//! that are not its own. So nothing is deleted on a config's word alone: before any delete
//! ([`Storage::claim`]) the slot must be named by no profile of the config, and belong to it
//! or to a config that no longer names it. Entries of earlier versions, named after the
//! profile alone, belong to no one and are never deleted.

pub mod config;
pub mod fs;
mod paths;
pub mod secrets;
mod sections;

use config::{ConfigFile, PendingToken, Profile};
use secrets::{
    Location, Reason, SecretError, SecretStore, SecretStoreKind, Slot, StoreOptions, random_id,
};

pub use paths::Paths;

use crate::bigcommerce::values::AccessToken;
use crate::error::Result;
use crate::profile::fields::{CLIENT_ID, STORE};

/// What a save did, for the report to the admin.
#[derive(Debug)]
pub struct Saved {
    pub profile: Profile,
    /// Where the token is.
    pub token_location: Location,
    /// Whether a new token was stored (or the saved one kept, perhaps in a new slot).
    pub token_written: bool,
    /// When the token moved between stores: where from, and whether the old copy is gone.
    pub moved_from: Option<(Location, std::result::Result<bool, SecretError>)>,
    /// What was cleaned up after earlier runs, or could not be: for the admin to hear.
    pub notes: Vec<String>,
}

/// The config, read under the lock, ready to be saved into.
pub struct Locked<'a> {
    storage: &'a Storage,
    config: ConfigFile,
    /// `None` when the config's directory did not exist yet: nothing is made on disk until
    /// there is something to save, and the save then locks.
    lock: Option<fs::Lock>,
    /// What was cleaned up after earlier, interrupted runs.
    pub notes: Vec<String>,
}

impl Locked<'_> {
    pub fn config(&self) -> &ConfigFile {
        &self.config
    }

    /// Lets other runs go on (while questions are asked); a save locks and reads again.
    pub fn release(self) -> (ConfigFile, Vec<String>) {
        (self.config, self.notes)
    }

    /// Saves a profile: see [`Storage::save`].
    pub fn save(
        self,
        profile: Profile,
        token: Option<&AccessToken>,
        verified: bool,
    ) -> Result<Saved> {
        match self.lock {
            Some(_lock) => self.storage.save_in(self.config, profile, token, verified),
            None => self.storage.save(profile, token, verified, || {}),
        }
    }
}

/// What a removal found and did.
#[derive(Debug)]
pub struct Removed {
    pub profile: bool,
    /// The config's `default_profile` named the removed profile and was cleared.
    pub default_cleared: bool,
    /// The profile's token: where, and whether it was there and deleted.
    pub tokens: Vec<(Location, std::result::Result<bool, SecretError>)>,
    /// The profile's token, left because something else still names it: where, and why.
    pub kept: Vec<(Location, Kept)>,
    /// What was cleaned up after earlier runs, or could not be.
    pub notes: Vec<String>,
}

/// What another run changed in a profile while this one was asking its questions.
#[derive(Debug)]
pub struct Changed {
    pub profile: String,
    /// The labels of what changed: `Client ID`, `Access Token`, ...
    pub what: Vec<&'static str>,
    /// The profile as it is now.
    pub now: Option<Profile>,
}

impl Changed {
    /// What changed, in words: `the Client ID and the Access Token`.
    pub fn described(&self) -> String {
        let names: Vec<String> = self.what.iter().map(|what| format!("the {what}")).collect();
        match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        }
    }

    /// The failure of a run that cannot ask again (exit 5, nothing written).
    pub fn into_error(self, config: &std::path::Path) -> crate::error::Error {
        config::config_error(
            config,
            format!(
                "Another run changed profile \"{}\" ({}) after this one read it; nothing was \
                 saved",
                crate::ui::printable(&self.profile),
                self.described()
            ),
            "Run again to start from the values saved now.",
        )
    }
}

/// What differs between a profile as read and as it is now, by label.
fn changes(read: Option<&Profile>, now: Option<&Profile>) -> Vec<&'static str> {
    match (read, now) {
        (None, None) => Vec::new(),
        (None, Some(_)) | (Some(_), None) => vec!["whole profile (added or removed)"],
        (Some(read), Some(now)) => {
            let mut what: Vec<&'static str> = crate::profile::fields::FIELDS
                .iter()
                .filter(|field| read.values.entry(field) != now.values.entry(field))
                .map(|field| field.label)
                .collect();
            if read.token_id != now.token_id || read.secret_store != now.secret_store {
                what.push(crate::profile::fields::ACCESS_TOKEN.label);
            }
            what
        }
    }
}

/// Whose a profile's slot is, for `check`: see [`Storage::slot_report`].
#[derive(Debug)]
pub struct SlotReport {
    /// Other profiles of the config that name the same slot.
    pub sharing: Vec<String>,
    /// The config and profile the slot belongs to, when not this one.
    pub owner: Option<secrets::Owner>,
    /// A token an earlier version left under the profile's name: where, and the command
    /// that deletes it.
    pub legacy: Option<(Location, String)>,
}

/// Whether a slot may be deleted: see [`Storage::claim`].
enum Claim {
    Delete,
    Keep(Kept),
}

/// Why a slot was left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// Another profile of this config names it (a duplicated section).
    NamedHere(String),
    /// It belongs to a profile of another config that still names it (a copied config).
    OwnedElsewhere {
        config: std::path::PathBuf,
        profile: String,
    },
    /// Its owner could not be told; left rather than risk another config's token.
    Unknown(String),
    /// An entry an earlier version named after the profile alone, which every config with
    /// a profile of that name saved by that version reads: no config owns it. `how`
    /// deletes it on purpose.
    Legacy { how: String },
}

impl Kept {
    /// Why a token was left, as the end of a sentence.
    pub fn why(&self) -> String {
        match self {
            Kept::NamedHere(name) => format!("profile \"{name}\" of this config still uses it"),
            Kept::OwnedElsewhere { config, profile } => format!(
                "it belongs to profile \"{profile}\" of {}, which still uses it",
                config.display()
            ),
            Kept::Unknown(why) => format!("it may belong to another config: {why}"),
            Kept::Legacy { how } => format!(
                "an earlier version saved it under the profile's name alone, and another \
                 config with a profile of this name may still read it. If none does, delete \
                 it with: {how}"
            ),
        }
    }

    /// What to tell the admin about a token left in `location`, if anything: a token this
    /// config still uses needs no word.
    fn note(&self, location: &Location) -> Option<String> {
        match self {
            Kept::NamedHere(_) => None,
            Kept::OwnedElsewhere { config, profile } => Some(format!(
                "The previous token in {} was left: it belongs to profile \"{profile}\" of {}, \
                 which still uses it.",
                location.short,
                config.display()
            )),
            Kept::Unknown(why) => Some(format!(
                "The previous token in {} was left for now, as it may belong to another config \
                 ({why}); the next save or removal of this profile looks again.",
                location.short
            )),
            Kept::Legacy { .. } => Some(format!(
                "The previous token in {} was left: {}.",
                location.long,
                self.why()
            )),
        }
    }
}

/// Whether two paths are one file (a config reached through a link, or by two spellings).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    a == b
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(a), Ok(b)) if a == b
        )
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

    /// The config at `paths` with these stores in place of the registry's: in-memory ones in
    /// tests, or the registry's wrapped to report each request (`-v`).
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
        ConfigFile::load(self.paths.config())
    }

    /// Takes the lock beside the config, making the config's directory (private) first;
    /// gives up after [`fs::LOCK_TIMEOUT`] with a message, never waiting without end.
    fn lock(&self, on_wait: impl FnOnce()) -> Result<fs::Lock> {
        let path = self.paths.lock();
        if let Some(why) = self.paths.clashes() {
            return Err(config::config_error(
                self.paths.config(),
                why.to_owned(),
                "Name the config otherwise (--config PATH). Nothing was changed.",
            ));
        }
        let dir = fs::parent(&path);
        fs::check_dir(dir).map_err(|err| config::config_error(&err.path, err.why, err.fix))?;
        fs::create_private_dir_all(dir)
            .and_then(|()| fs::Lock::acquire(&path, fs::LOCK_TIMEOUT, on_wait))
            .map_err(|err| {
                let fix = if err.kind() == std::io::ErrorKind::TimedOut {
                    "Let the other run finish (or end it), then run again. Nothing was changed."
                } else {
                    "Check that the config directory belongs to you. Nothing was changed."
                };
                config::config_error(&path, format!("cannot be locked: {err}"), fix)
            })
    }

    /// Saves a profile (see the module's description of the steps). `verified`: BigCommerce
    /// accepted these credentials just now. A profile whose token is kept (`token` is
    /// `None`) gets a new slot only when it moves store or its slot must be renamed.
    pub fn save(
        &self,
        profile: Profile,
        token: Option<&AccessToken>,
        verified: bool,
        on_wait: impl FnOnce(),
    ) -> Result<Saved> {
        self.save_as_read(None, profile, token, verified, on_wait)?
            .map_err(|changed| changed.into_error(self.paths.config()))
    }

    /// Saves a profile as [`Storage::save`] does, unless another run changed it since this
    /// one read it as `read` (`Some(None)`: it had no such profile): then nothing is
    /// written, and what changed is returned. A run that asks questions without holding the
    /// lock must not save its answers over another's (a kept token would then be the other
    /// run's, beside this run's Client ID).
    pub fn save_as_read(
        &self,
        read: Option<Option<&Profile>>,
        profile: Profile,
        token: Option<&AccessToken>,
        verified: bool,
        on_wait: impl FnOnce(),
    ) -> Result<std::result::Result<Saved, Changed>> {
        // Read again under the lock: another run may have saved since the flow began.
        let dir = fs::parent(self.paths.config()).to_owned();
        let made_dir = !dir.exists();
        let lock = self.lock(on_wait)?;
        let saved = self.load().and_then(|config| {
            if let Some(read) = read {
                let now = config.profile(&profile.name)?;
                let what = changes(read, now.as_ref());
                if !what.is_empty() {
                    return Ok(Err(Changed {
                        profile: profile.name.clone(),
                        what,
                        now,
                    }));
                }
            }
            self.save_in(config, profile, token, verified).map(Ok)
        });
        drop(lock);
        if !matches!(saved, Ok(Ok(_))) && made_dir {
            // A first save that failed leaves nothing behind, not even the directory.
            let _ = std::fs::remove_file(self.paths.lock());
            let _ = std::fs::remove_file(self.paths.credentials_lock());
            let _ = std::fs::remove_dir(&dir);
        }
        saved
    }

    /// Takes the lock, reads the config and finishes what interrupted runs left (tokens of
    /// unfinished saves, temporary copies). A script then saves without asking anything in
    /// between: it reads the config once, and no other run can change it before the save.
    /// Where there is no config directory yet, nothing is made on disk.
    pub fn begin(&self, on_wait: impl FnOnce()) -> Result<Locked<'_>> {
        if !fs::parent(&self.paths.lock()).exists() {
            return Ok(Locked {
                storage: self,
                config: self.load()?,
                lock: None,
                notes: Vec::new(),
            });
        }
        let lock = self.lock(on_wait)?;
        let mut config = self.load()?;
        let mut notes = self.clean_pending(&mut config, None)?;
        notes.extend(self.tidy());
        config.write_if_changed()?;
        Ok(Locked {
            storage: self,
            config,
            lock: Some(lock),
            notes,
        })
    }

    fn save_in(
        &self,
        mut config: ConfigFile,
        mut profile: Profile,
        token: Option<&AccessToken>,
        verified: bool,
    ) -> Result<Saved> {
        let name = profile.name.clone();
        if profile.secret_store == SecretStoreKind::FILE
            && self.paths.credentials() == self.paths.config()
        {
            // The file store beside a config named credentials.toml is the config itself.
            return Err(config::config_error(
                self.paths.config(),
                "is named credentials.toml, the file the file store keeps tokens in beside it",
                "Name the config otherwise (--config PATH), or keep the token in the OS \
                 keychain (--secret-store keychain). Nothing was changed.",
            ));
        }
        let previous = config.profile(&name)?;
        // Temporary copies are tidied when the run takes the lock (`begin`); tokens of an
        // interrupted save of this profile, should one have come since, are deleted here.
        let mut notes = self.clean_pending(&mut config, Some(&name))?;
        let target = self.store(profile.secret_store);
        let old = previous.as_ref().map(|p| (p.slot(), p.secret_store));
        let moving = old
            .as_ref()
            .is_some_and(|(_, kind)| *kind != profile.secret_store);
        let renamed = previous
            .as_ref()
            .is_some_and(|p| p.token_id.is_none() || p.store_text() != profile.store_text());

        let now = crate::time::now();
        // A check from an earlier save still holds when the same credentials are kept.
        let same_credentials = token.is_none()
            && previous.as_ref().is_some_and(|p| {
                p.values.entry(&STORE) == profile.values.entry(&STORE)
                    && p.values.entry(&CLIENT_ID) == profile.values.entry(&CLIENT_ID)
            });
        profile.verified_at = if verified {
            Some(now.clone())
        } else if same_credentials {
            previous.as_ref().and_then(|p| p.verified_at.clone())
        } else {
            None
        };
        profile.updated_at = Some(now);

        // A profile reading a slot another config or profile owns (a copied config, a
        // duplicated section) gets a slot of its own, and leaves that one to its owner.
        let foreign = token.is_none()
            && !moving
            && !renamed
            && old
                .as_ref()
                .is_some_and(|(slot, kind)| !self.owns(&config, &name, *kind, slot));
        if token.is_none() && !moving && !renamed && !foreign && old.is_some() {
            profile.token_id = previous.as_ref().and_then(|p| p.token_id.clone());
            config.set_profile(&profile)?;
            config.write()?;
            return Ok(Saved {
                token_location: target.locate(&profile.slot()),
                token_written: false,
                profile,
                moved_from: None,
                notes,
            });
        }

        let token_is_new = token.is_some();
        let kept;
        let token = match (token, &old) {
            (Some(token), _) => token,
            (None, Some((slot, kind))) => {
                let store = self.store(*kind);
                kept = store.read(slot)?.ok_or_else(|| {
                    let location = store.locate(slot).to_string();
                    let reason = Reason::Missing {
                        location,
                        keeping: true,
                    };
                    SecretError::new(*kind, reason).for_profile(&name)
                })?;
                &kept
            }
            (None, None) => {
                let reason = Reason::NoToken;
                return Err(SecretError::new(profile.secret_store, reason)
                    .for_profile(&name)
                    .into());
            }
        };

        // 1. The new slot, recorded before anything is written to it.
        let slot = Slot::fresh(&name, profile.store_text().as_deref());
        let pending = PendingToken {
            key: random_id(),
            profile: name.clone(),
            secret_store: profile.secret_store,
            token_id: slot.id.clone(),
            store_hash: slot.store_hash.clone(),
            unrecorded: true,
        };
        config.add_pending_token(&pending)?;
        config.write()?;

        // 2. The token, read back.
        if let Err(err) = write_and_read_back(target, &slot, token, self.paths.config()) {
            let _ = target.delete(&slot);
            let _ = config.remove_pending_token(&pending.key);
            let _ = config.restore();
            return Err(err);
        }

        // 3. The profile with its new slot, and the old slot to delete, in one write.
        profile.token_id = slot.id.clone();
        config.set_profile(&profile)?;
        config.remove_pending_token(&pending.key)?;
        let retired = old.as_ref().map(|(slot, kind)| PendingToken {
            key: random_id(),
            profile: name.clone(),
            secret_store: *kind,
            token_id: slot.id.clone(),
            store_hash: slot.store_hash.clone(),
            unrecorded: false,
        });
        if let Some(retired) = &retired {
            config.add_pending_token(retired)?;
        }
        if let Err(err) = config.write() {
            // The config still names the old slot (and the new one as pending, in case
            // this delete fails too).
            let _ = target.delete(&slot);
            return Err(err);
        }

        // 4. The old slot, unless something else still names it.
        let mut moved_from = None;
        if let (Some((old_slot, kind)), Some(retired)) = (&old, &retired) {
            let store = self.store(*kind);
            // An owner that could not be read may be read next time: the slot stays
            // recorded as one to delete, for the next save or removal to decide.
            let mut undecided = false;
            let deleted = match self.claim(&config, *kind, old_slot) {
                Claim::Delete => store.delete(old_slot),
                Claim::Keep(why) => {
                    undecided = matches!(why, Kept::Unknown(_));
                    notes.extend(why.note(&store.locate(old_slot)));
                    Ok(false)
                }
            };
            match &deleted {
                Ok(_) if undecided => {}
                Ok(_) => {
                    config.remove_pending_token(&retired.key)?;
                    if let Err(err) = config.write() {
                        notes.push(format!(
                            "The config could not be tidied after the save ({err}); the next \
                             save does it."
                        ));
                    }
                }
                Err(err) if !moving => notes.push(format!(
                    "The previous token could not be deleted from {} ({err}); the next save \
                     or removal of this profile tries again.",
                    store.locate(old_slot)
                )),
                Err(_) => {}
            }
            if moving {
                moved_from = Some((store.locate(old_slot), deleted));
            }
        }
        Ok(Saved {
            token_location: target.locate(&slot),
            token_written: token_is_new,
            profile,
            moved_from,
            notes,
        })
    }

    /// Deletes the tokens that interrupted saves of `profile` (or of every profile) left
    /// behind, and forgets those that are gone; the config is written by the caller. Never
    /// touches a slot a profile still uses.
    fn clean_pending(&self, config: &mut ConfigFile, profile: Option<&str>) -> Result<Vec<String>> {
        let pending = config.pending_tokens(profile)?;
        if pending.is_empty() {
            return Ok(Vec::new());
        }
        let mut notes = Vec::new();
        for pending in pending {
            let store = self.store(pending.secret_store);
            let slot = pending.slot();
            // A pending entry is only a name: the slot decides whether this config may
            // delete it (a crafted or copied config names other configs' slots).
            if let Claim::Keep(why) = self.claim(config, pending.secret_store, &slot) {
                // Undecided (the owner could not be read): asked again next time.
                if !matches!(why, Kept::Unknown(_)) {
                    config.remove_pending_token(&pending.key)?;
                }
                notes.extend(why.note(&store.locate(&slot)));
                continue;
            }
            match store.delete(&slot) {
                Ok(deleted) => {
                    config.remove_pending_token(&pending.key)?;
                    if deleted && pending.unrecorded {
                        notes.push(format!(
                            "An earlier save of profile \"{}\" was interrupted; the token it had \
                             written to {} was deleted.",
                            pending.profile,
                            store.locate(&slot).short
                        ));
                    }
                }
                Err(err) => notes.push(format!(
                    "A token left by an interrupted save could not be deleted from {} ({err}); \
                     the next save or removal tries again.",
                    store.locate(&slot).short
                )),
            }
        }
        Ok(notes)
    }

    /// Gives the profile a slot of its own, with the same token, when the one it names is
    /// another config's or profile's (a copy); says whether it did. One request for the
    /// slot's owner when it is the profile's own.
    pub fn own_slot(&self, name: &str, on_wait: impl FnOnce()) -> Result<bool> {
        let lock = self.lock(on_wait)?;
        let config = self.load()?;
        let Some(profile) = config.profile(name)? else {
            return Ok(false);
        };
        if self.owns(&config, name, profile.secret_store, &profile.slot()) {
            return Ok(false);
        }
        self.save_in(config, profile, None, false)?;
        drop(lock);
        Ok(true)
    }

    /// What `check` says about whose the profile's slot is: other profiles of this config
    /// that name it too, the config and profile it belongs to when that is not this one,
    /// and a token an earlier version left under the profile's name that a save left
    /// (with the command that deletes it on purpose).
    pub fn slot_report(&self, config: &ConfigFile, profile: &Profile) -> SlotReport {
        let kind = profile.secret_store;
        let store = self.store(kind);
        let slot = profile.slot();
        let sharing = config
            .slots()
            .unwrap_or_default()
            .into_iter()
            .filter(|(k, s)| s.profile != profile.name && *k == kind && store.same_place(s, &slot))
            .map(|(_, s)| s.profile)
            .collect();
        let owner = match store.owner(&slot) {
            Ok(Some(owner))
                if !(owner.profile == profile.name
                    && same_file(&owner.config, self.paths.config())) =>
            {
                Some(owner)
            }
            _ => None,
        };
        let legacy = Slot::legacy(&profile.name);
        let legacy = (slot.id.is_some() && matches!(store.read(&legacy), Ok(Some(_))))
            .then(|| (store.locate(&legacy), store.delete_command(&legacy)));
        SlotReport {
            sharing,
            owner,
            legacy,
        }
    }

    /// Whether the slot a profile names is its own, as far as the slot tells: recorded for
    /// this config and profile, or recording no owner while no other profile here names
    /// it. A slot whose owner cannot be read counts as its own: nothing is deleted on the
    /// strength of this answer.
    fn owns(&self, config: &ConfigFile, name: &str, kind: SecretStoreKind, slot: &Slot) -> bool {
        let store = self.store(kind);
        match store.owner(slot) {
            Ok(Some(owner)) => {
                owner.profile == name && same_file(&owner.config, self.paths.config())
            }
            Ok(None) => config.slots().is_ok_and(|slots| {
                !slots
                    .iter()
                    .any(|(k, s)| s.profile != name && *k == kind && store.same_place(s, slot))
            }),
            Err(_) => true,
        }
    }

    /// Whether this config may delete a slot none of its profiles is to keep: only when no
    /// profile of it names the slot, the slot belongs to this config or to one that no
    /// longer names it (one moved or deleted, a profile removed), and no config beside
    /// either names it. A slot another config still names is left to it (a copied config),
    /// as is one whose owner cannot be told. A slot that records no owner (written before
    /// owners were recorded, or by a keychain that keeps none) is treated as this config's.
    ///
    /// Reading the owner costs a keychain request, and the configs beside a few file
    /// reads: this runs only before a delete.
    fn claim(&self, config: &ConfigFile, kind: SecretStoreKind, slot: &Slot) -> Claim {
        let store = self.store(kind);
        let names_it = |config: &ConfigFile, only: Option<&str>| -> Result<Option<String>> {
            Ok(config
                .slots()?
                .into_iter()
                .filter(|(_, s)| only.is_none_or(|name| s.profile == name))
                .find(|(k, s)| *k == kind && store.same_place(s, slot))
                .map(|(_, s)| s.profile))
        };
        if slot.id.is_none() {
            return Claim::Keep(Kept::Legacy {
                how: store.delete_command(slot),
            });
        }
        match names_it(config, None) {
            Ok(None) => {}
            Ok(Some(name)) => return Claim::Keep(Kept::NamedHere(name)),
            Err(err) => return Claim::Keep(Kept::Unknown(err.to_string())),
        }
        let owner = match store.owner(slot) {
            Ok(owner) => owner,
            Err(err) => return Claim::Keep(Kept::Unknown(err.to_string())),
        };
        let mut beside = self.paths.config().to_owned();
        if let Some(owner) = owner.filter(|o| !same_file(&o.config, self.paths.config())) {
            match ConfigFile::load(&owner.config)
                .and_then(|other| names_it(&other, Some(&owner.profile)))
            {
                Ok(Some(profile)) => {
                    return Claim::Keep(Kept::OwnedElsewhere {
                        config: owner.config,
                        profile,
                    });
                }
                // The owner is gone (moved away) or has moved on: the slot may be taken
                // over, unless a config beside it names it (below).
                Ok(None) => beside = owner.config,
                Err(err) => {
                    return Claim::Keep(Kept::Unknown(format!(
                        "it belongs to {}, which cannot be read ({err})",
                        owner.config.display()
                    )));
                }
            }
        }
        // A path names a config, not a history: a config moved away and a copy made where
        // it was (or before it moved) look alike. So before a slot is deleted the configs
        // beside this one (and beside its recorded owner) are read too: one that names the
        // slot keeps it.
        match self.named_beside(&beside, kind, slot) {
            None => Claim::Delete,
            Some((config, profile)) => Claim::Keep(Kept::OwnedElsewhere { config, profile }),
        }
    }

    /// A config beside `owner` or beside this one (a `*.toml` but this config and the file
    /// store) with a profile that names the slot. Runs only before a delete, and reads a
    /// few small files where configs share a directory; a config that cannot be read is
    /// passed over.
    fn named_beside(
        &self,
        owner: &std::path::Path,
        kind: SecretStoreKind,
        slot: &Slot,
    ) -> Option<(std::path::PathBuf, String)> {
        let store = self.store(kind);
        let mut dirs = vec![fs::parent(owner).to_owned()];
        dirs.push(fs::parent(self.paths.config()).to_owned());
        dirs.dedup_by(|a, b| same_file(a, b));
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            // A directory of configs holds a few; a bound keeps a crowded one cheap.
            for entry in entries.flatten().take(256) {
                let path = entry.path();
                let is_config = path.extension().is_some_and(|e| e == "toml")
                    && !same_file(&path, self.paths.config())
                    && !same_file(&path, &self.paths.credentials());
                if !is_config {
                    continue;
                }
                let Ok(slots) = ConfigFile::load(&path).and_then(|c| c.slots()) else {
                    continue;
                };
                if let Some((_, s)) = slots
                    .into_iter()
                    .find(|(k, s)| *k == kind && store.same_place(s, slot))
                {
                    return Some((path, s.profile));
                }
            }
        }
        None
    }

    /// Deletes temporary copies that killed runs left beside the stores. Runs under the
    /// config lock.
    fn tidy(&self) -> Vec<String> {
        let mut notes = Vec::new();
        for store in &self.stores {
            match store.tidy() {
                Ok(0) => {}
                Ok(count) => notes.push(format!(
                    "Deleted {count} temporary {} of a token left by an interrupted run beside {}.",
                    if count == 1 { "copy" } else { "copies" },
                    store.locate(&Slot::legacy("")).short
                )),
                Err(err) => notes.push(format!("Could not tidy {}: {err}", store.kind())),
            }
        }
        if let Ok(target) = fs::write_target(self.paths.config()) {
            let _ = fs::remove_stale_temps(&target);
        }
        notes
    }

    /// Removes a profile and its token. What was not there is reported, not an error, so
    /// removing twice is fine. The config first forgets the profile and records its slot as
    /// one to delete, so that a token a failing keychain keeps is deleted by the next run.
    ///
    /// Only what this config owns is deleted: without the profile nothing is (a token left
    /// under the name may be another config's), and a slot another profile or config still
    /// names is left ([`Storage::claim`]) and reported in `kept`.
    pub fn remove(&self, name: &str) -> Result<Removed> {
        let _lock = self.lock(|| {})?;
        let mut config = self.load()?;
        let profile = config.profile(name)?;
        let mut notes = self.tidy();
        notes.extend(self.clean_pending(&mut config, Some(name))?);
        let removed = config.remove_profile(name)?;
        let default_cleared = config.default_profile()?.as_deref() == Some(name);
        if default_cleared {
            config.set_default_profile(None);
        }
        let mut kept = Vec::new();
        let mut retired = Vec::new();
        if let Some(profile) = &profile {
            let slot = profile.slot();
            match self.claim(&config, profile.secret_store, &slot) {
                Claim::Delete => retired.push((
                    slot,
                    PendingToken {
                        key: random_id(),
                        profile: name.to_owned(),
                        secret_store: profile.secret_store,
                        token_id: profile.token_id.clone(),
                        store_hash: profile.store_text(),
                        unrecorded: false,
                    },
                )),
                Claim::Keep(why) => {
                    kept.push((self.store(profile.secret_store).locate(&slot), why));
                }
            }
        }
        for (_, pending) in &retired {
            config.add_pending_token(pending)?;
        }
        config.write_if_changed()?;
        let tokens: Vec<_> = retired
            .iter()
            .map(|(slot, pending)| {
                let store = self.store(pending.secret_store);
                (store.locate(slot), store.delete(slot))
            })
            .collect();
        if tokens.iter().all(|(_, result)| result.is_ok()) {
            for (_, pending) in &retired {
                config.remove_pending_token(&pending.key)?;
            }
            if let Err(err) = config.write_if_changed() {
                notes.push(format!(
                    "The config could not be tidied after the removal ({err}); the next save \
                     does it."
                ));
            }
        }
        Ok(Removed {
            profile: removed,
            default_cleared,
            tokens,
            kept,
            notes,
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
        config.set_profile(&profile)?;
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

/// Writes a token and reads it back: a store that does not give back what it was given
/// (a keychain that mangles, a full disk that truncates) fails the save before the config
/// names the slot.
fn write_and_read_back(
    store: &dyn SecretStore,
    slot: &Slot,
    token: &AccessToken,
    owner: &std::path::Path,
) -> Result<()> {
    store.write(slot, token, owner)?;
    match store.read(slot) {
        Ok(Some(stored)) if stored == *token => Ok(()),
        _ => {
            let location = store.locate(slot).to_string();
            let reason = Reason::NotReadBack { location };
            Err(SecretError::new(store.kind(), reason)
                .for_profile(&slot.profile)
                .into())
        }
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
            secret_store,
            ..Profile::new("default")
        }
        .with(&STORE, "et7xe3pz")
        .with(&CLIENT_ID, "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov")
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

        fn saved(&self) -> Option<Profile> {
            self.storage.load().unwrap().profile("default").unwrap()
        }

        /// The token in `kind`'s store under the saved profile's slot.
        fn token_in(&self, kind: SecretStoreKind) -> Option<String> {
            let slot = self.saved()?.slot();
            self.storage
                .store(kind)
                .read(&slot)
                .unwrap()
                .map(|t| t.expose().to_owned())
        }

        fn config_text(&self) -> String {
            std::fs::read_to_string(self.storage.paths().config()).unwrap_or_default()
        }
    }

    #[test]
    fn save_writes_token_and_profile() {
        let f = fixture(MemoryStore::default());
        let saved = f.save(SecretStoreKind::KEYCHAIN, Some(NEW)).unwrap();
        assert!(saved.token_written);
        assert_eq!(f.token_in(SecretStoreKind::KEYCHAIN).as_deref(), Some(NEW));
        let stored = f.saved().unwrap();
        assert_eq!(stored.store_text().as_deref(), Some("et7xe3pz"));
        assert!(stored.updated_at.is_some());
        assert_eq!(stored.token_id.as_ref().map(String::len), Some(16));
        let text = f.config_text();
        assert!(!text.contains(NEW), "no token in the config");
        assert!(!text.contains("pending_tokens"), "{text}");
    }

    #[test]
    fn failing_token_write_leaves_nothing_behind() {
        let f = fixture(MemoryStore {
            fail_writes: Some(SecretError::new(
                SecretStoreKind::KEYCHAIN,
                Reason::Failed {
                    why: "keychain says no".into(),
                },
            )),
            ..MemoryStore::default()
        });
        let err = f.save(SecretStoreKind::KEYCHAIN, Some(NEW)).unwrap_err();
        assert_eq!(err.exit() as u8, 4);
        assert!(err.to_string().contains("keychain says no"));
        assert!(!f.storage.paths().config().exists());
        assert!(
            !fs::parent(f.storage.paths().config()).exists(),
            "not even the directory"
        );
    }

    #[test]
    fn a_token_that_does_not_read_back_is_not_saved() {
        let f = fixture(MemoryStore {
            corrupt_read_back: true,
            ..MemoryStore::default()
        });
        let err = f.save(SecretStoreKind::KEYCHAIN, Some(NEW)).unwrap_err();
        assert_eq!(err.exit() as u8, 4);
        assert!(err.to_string().contains("did not give back"), "{err}");
        assert!(!f.storage.paths().config().exists());
    }

    #[test]
    fn a_store_that_fails_is_never_the_one_its_hint_suggests() {
        for kind in SecretStoreKind::all() {
            let mangling = MemoryStore {
                corrupt_read_back: true,
                stands_for: Some(kind),
                ..MemoryStore::default()
            };
            let dir = tempfile::tempdir().unwrap();
            let paths = Paths::new(dir.path().join("synchup/config.toml"));
            let storage = Storage::with_stores(paths, vec![Box::new(mangling)]);
            let err = storage
                .save(profile(kind), Some(&token(NEW)), false, || {})
                .unwrap_err();
            let hint = err.hint().unwrap();
            assert!(
                !hint.contains(&format!("--secret-store {kind}")),
                "{kind}: {hint}"
            );
        }
    }

    #[test]
    fn a_kept_token_that_is_gone_names_the_profile_to_run_again() {
        let f = fixture(MemoryStore::default());
        let eu = |kind| Profile {
            name: "eu".into(),
            ..profile(kind)
        };
        f.storage
            .save(
                eu(SecretStoreKind::KEYCHAIN),
                Some(&token(OLD)),
                false,
                || {},
            )
            .unwrap();
        let saved = f.storage.load().unwrap().profile("eu").unwrap().unwrap();
        f.storage
            .store(SecretStoreKind::KEYCHAIN)
            .delete(&saved.slot())
            .unwrap();
        // Moving to the file store keeps the token, which is no longer there.
        let err = f
            .storage
            .save(eu(SecretStoreKind::FILE), None, false, || {})
            .unwrap_err();
        let hint = err.hint().unwrap();
        assert!(hint.contains("synchup-setup --profile eu"), "{hint}");
    }

    #[test]
    fn a_new_token_goes_to_a_new_slot_and_the_old_one_is_deleted() {
        let f = fixture(MemoryStore::default());
        f.save(SecretStoreKind::FILE, Some(OLD)).unwrap();
        let first = f.saved().unwrap().token_id;
        f.save(SecretStoreKind::FILE, Some(NEW)).unwrap();
        let second = f.saved().unwrap().token_id;
        assert_ne!(first, second);
        assert_eq!(f.token_in(SecretStoreKind::FILE).as_deref(), Some(NEW));
        let file = std::fs::read_to_string(f.storage.paths().credentials()).unwrap();
        assert!(!file.contains(OLD), "{file}");
        assert!(!f.config_text().contains("pending_tokens"));
    }

    #[test]
    fn moving_stores_copies_then_deletes_the_old_token() {
        let f = fixture(MemoryStore::default());
        f.save(SecretStoreKind::KEYCHAIN, Some(OLD)).unwrap();
        let old_slot = f.saved().unwrap().slot();
        let saved = f.save(SecretStoreKind::FILE, None).unwrap();
        assert!(!saved.token_written, "the same token, moved");
        assert!(matches!(saved.moved_from, Some((_, Ok(true)))));
        let keychain = f.storage.store(SecretStoreKind::KEYCHAIN);
        assert_eq!(keychain.read(&old_slot).unwrap(), None);
        assert_eq!(f.token_in(SecretStoreKind::FILE).as_deref(), Some(OLD));
    }

    #[test]
    fn keeping_the_token_writes_only_the_config() {
        let f = fixture(MemoryStore::default());
        f.save(SecretStoreKind::KEYCHAIN, Some(OLD)).unwrap();
        let slot = f.saved().unwrap().token_id;
        let mut changed = profile(SecretStoreKind::KEYCHAIN);
        changed = changed.with(&CLIENT_ID, "another0client0id0000000000000z");
        let saved = f.storage.save(changed, None, false, || {}).unwrap();
        assert!(!saved.token_written);
        assert_eq!(f.saved().unwrap().token_id, slot);
        assert_eq!(f.token_in(SecretStoreKind::KEYCHAIN).as_deref(), Some(OLD));
    }

    #[test]
    fn a_profile_saved_before_slots_had_ids_moves_to_its_own_slot() {
        let f = fixture(MemoryStore::default());
        let legacy = Slot::legacy("default");
        let keychain = f.storage.store(SecretStoreKind::KEYCHAIN);
        keychain
            .write(&legacy, &token(OLD), f.storage.paths().config())
            .unwrap();
        let mut config = f.storage.load().unwrap();
        config
            .set_profile(&profile(SecretStoreKind::KEYCHAIN))
            .unwrap();
        config.write().unwrap();
        assert_eq!(f.token_in(SecretStoreKind::KEYCHAIN).as_deref(), Some(OLD));

        f.save(SecretStoreKind::KEYCHAIN, None).unwrap();
        assert!(f.saved().unwrap().token_id.is_some());
        assert_eq!(f.token_in(SecretStoreKind::KEYCHAIN).as_deref(), Some(OLD));
        let keychain = f.storage.store(SecretStoreKind::KEYCHAIN);
        assert_eq!(
            keychain
                .read(&legacy)
                .unwrap()
                .map(|t| t.expose().to_owned())
                .as_deref(),
            Some(OLD),
            "the old entry is left: another config may still read it"
        );
    }

    #[test]
    fn leftovers_of_an_interrupted_save_are_deleted_by_the_next() {
        let f = fixture(MemoryStore::default());
        f.save(SecretStoreKind::FILE, Some(OLD)).unwrap();
        // A save killed after writing its token to a new slot, before the profile named it.
        let orphan = Slot::fresh("default", Some("et7xe3pz"));
        let file = f.storage.store(SecretStoreKind::FILE);
        file.write(&orphan, &token(NEW), f.storage.paths().config())
            .unwrap();
        let mut config = f.storage.load().unwrap();
        config
            .add_pending_token(&PendingToken {
                key: "interrupted".into(),
                profile: "default".into(),
                secret_store: SecretStoreKind::FILE,
                token_id: orphan.id.clone(),
                store_hash: orphan.store_hash.clone(),
                unrecorded: true,
            })
            .unwrap();
        config.write().unwrap();

        let mut renamed = profile(SecretStoreKind::FILE);
        renamed = renamed.with(&crate::profile::fields::ACCOUNT_NAME, "renamed");
        let saved = f.storage.save(renamed, None, false, || {}).unwrap();
        assert!(
            saved.notes.iter().any(|n| n.contains("was interrupted")),
            "{:?}",
            saved.notes
        );
        assert_eq!(file.read(&orphan).unwrap(), None);
        assert_eq!(f.token_in(SecretStoreKind::FILE).as_deref(), Some(OLD));
        assert!(!f.config_text().contains("pending_tokens"));
    }

    #[test]
    fn a_pending_entry_never_deletes_a_token_in_use() {
        let f = fixture(MemoryStore::default());
        f.save(SecretStoreKind::FILE, Some(OLD)).unwrap();
        let current = f.saved().unwrap();
        let mut config = f.storage.load().unwrap();
        config
            .add_pending_token(&PendingToken {
                key: "confused".into(),
                profile: "default".into(),
                secret_store: SecretStoreKind::FILE,
                token_id: current.token_id.clone(),
                store_hash: current.store_text(),
                unrecorded: true,
            })
            .unwrap();
        config.write().unwrap();
        let mut renamed = profile(SecretStoreKind::FILE);
        renamed = renamed.with(&crate::profile::fields::ACCOUNT_NAME, "renamed");
        f.storage.save(renamed, None, false, || {}).unwrap();
        assert_eq!(f.token_in(SecretStoreKind::FILE).as_deref(), Some(OLD));
    }

    #[test]
    fn remove_is_idempotent_and_reports_what_was_there() {
        let f = fixture(MemoryStore::default());
        f.save(SecretStoreKind::KEYCHAIN, Some(OLD)).unwrap();
        let slot = f.saved().unwrap().slot();
        let first = f.storage.remove("default").unwrap();
        assert!(first.profile);
        assert_eq!(first.tokens.len(), 1, "only the profile's own store");
        assert!(matches!(first.tokens[0], (_, Ok(true))));
        let keychain = f.storage.store(SecretStoreKind::KEYCHAIN);
        assert_eq!(keychain.read(&slot).unwrap(), None);
        assert!(!f.config_text().contains("pending_tokens"));
        let second = f.storage.remove("default").unwrap();
        assert!(!second.profile);
        assert!(
            second.tokens.is_empty(),
            "without the profile, nothing is looked at"
        );
    }

    /// Another config in the same directory (sharing the file store), as `cp` makes one.
    fn beside(f: &Fixture, name: &str, copy: bool) -> Storage {
        let config = fs::parent(f.storage.paths().config()).join(name);
        if copy {
            std::fs::copy(f.storage.paths().config(), &config).unwrap();
        }
        let paths = Paths::new(config);
        let file = (SecretStoreKind::FILE.provider().open)(&paths, &StoreOptions::default());
        Storage::with_stores(paths, vec![Box::new(MemoryStore::default()), file])
    }

    fn file_token(storage: &Storage, name: &str) -> Option<String> {
        let profile = storage.load().unwrap().profile(name).unwrap()?;
        storage
            .store(profile.secret_store)
            .read(&profile.slot())
            .unwrap()
            .map(|t| t.expose().to_owned())
    }

    #[test]
    fn a_copied_config_never_deletes_the_originals_token() {
        let f = fixture(MemoryStore::default());
        f.save(SecretStoreKind::FILE, Some(OLD)).unwrap();
        let original = f.saved().unwrap().slot();
        // An update through the copy writes a slot of its own and leaves the original's.
        let staging = beside(&f, "staging.toml", true);
        let saved = staging
            .save(
                profile(SecretStoreKind::FILE),
                Some(&token(NEW)),
                false,
                || {},
            )
            .unwrap();
        assert!(
            saved
                .notes
                .iter()
                .any(|n| n.contains("which still uses it")),
            "{:?}",
            saved.notes
        );
        assert_eq!(f.token_in(SecretStoreKind::FILE).as_deref(), Some(OLD));
        assert_eq!(file_token(&staging, "default").as_deref(), Some(NEW));
        // Removing through another copy leaves it too, and says so.
        let copy = beside(&f, "copy.toml", true);
        let removed = copy.remove("default").unwrap();
        assert!(removed.tokens.is_empty(), "{removed:?}");
        assert!(matches!(
            removed.kept[..],
            [(_, Kept::OwnedElsewhere { .. })]
        ));
        assert_eq!(f.token_in(SecretStoreKind::FILE).as_deref(), Some(OLD));
        // A copy that keeps the token gets a slot of its own at its next save.
        let kept = beside(&f, "kept.toml", true);
        let renamed =
            profile(SecretStoreKind::FILE).with(&crate::profile::fields::ACCOUNT_NAME, "renamed");
        kept.save(renamed, None, false, || {}).unwrap();
        let own = kept.load().unwrap().profile("default").unwrap().unwrap();
        assert_ne!(own.token_id, original.id);
        assert_eq!(file_token(&kept, "default").as_deref(), Some(OLD));
        // The original's own update still deletes its old token.
        f.save(SecretStoreKind::FILE, Some(NEW)).unwrap();
        let store = f.storage.store(SecretStoreKind::FILE);
        assert_eq!(store.read(&original).unwrap(), None);
    }

    #[test]
    fn a_duplicated_profile_section_keeps_its_token() {
        let f = fixture(MemoryStore::default());
        f.save(SecretStoreKind::FILE, Some(OLD)).unwrap();
        let mut config = f.storage.load().unwrap();
        let mut twin = config.profile("default").unwrap().unwrap();
        twin.name = "twin".into();
        config.set_profile(&twin).unwrap();
        config.write().unwrap();
        f.save(SecretStoreKind::FILE, Some(NEW)).unwrap();
        assert_eq!(file_token(&f.storage, "twin").as_deref(), Some(OLD));
        assert_eq!(file_token(&f.storage, "default").as_deref(), Some(NEW));
        // Removing the twin deletes the slot no profile names any more: nothing leaks.
        let removed = f.storage.remove("twin").unwrap();
        assert!(matches!(removed.tokens[..], [(_, Ok(true))]), "{removed:?}");
        let file = std::fs::read_to_string(f.storage.paths().credentials()).unwrap();
        assert!(!file.contains(OLD), "{file}");
    }

    #[test]
    fn a_moved_config_adopts_its_slots() {
        let f = fixture(MemoryStore::default());
        f.save(SecretStoreKind::FILE, Some(OLD)).unwrap();
        let moved = beside(&f, "moved.toml", true);
        std::fs::remove_file(f.storage.paths().config()).unwrap();
        moved
            .save(
                profile(SecretStoreKind::FILE),
                Some(&token(NEW)),
                false,
                || {},
            )
            .unwrap();
        let file = std::fs::read_to_string(f.storage.paths().credentials()).unwrap();
        assert!(
            !file.contains(OLD),
            "the moved config's old token is deleted: {file}"
        );
        assert_eq!(file_token(&moved, "default").as_deref(), Some(NEW));
    }

    #[test]
    fn a_copy_made_before_the_original_moved_leaves_it_its_token() {
        let f = fixture(MemoryStore::default());
        f.save(SecretStoreKind::FILE, Some(OLD)).unwrap();
        let copy = beside(&f, "copy.toml", true);
        let moved = beside(&f, "moved.toml", true);
        std::fs::remove_file(f.storage.paths().config()).unwrap();
        // The copy's update cannot take over the slot: the moved original beside it names it.
        copy.save(
            profile(SecretStoreKind::FILE),
            Some(&token(NEW)),
            false,
            || {},
        )
        .unwrap();
        assert_eq!(file_token(&moved, "default").as_deref(), Some(OLD));
        assert_eq!(file_token(&copy, "default").as_deref(), Some(NEW));
    }

    /// What the model test found: a config moved away, then copied back where it was. The
    /// copy has the path the slot records, yet the moved original still uses the slot.
    #[test]
    fn a_copy_made_where_the_original_was_leaves_it_its_token() {
        let f = fixture(MemoryStore::default());
        f.save(SecretStoreKind::FILE, Some(OLD)).unwrap();
        let moved = beside(&f, "moved.toml", false);
        std::fs::rename(f.storage.paths().config(), moved.paths().config()).unwrap();
        std::fs::copy(moved.paths().config(), f.storage.paths().config()).unwrap();
        f.save(SecretStoreKind::FILE, Some(NEW)).unwrap();
        assert_eq!(file_token(&moved, "default").as_deref(), Some(OLD));
        assert_eq!(f.token_in(SecretStoreKind::FILE).as_deref(), Some(NEW));
    }

    #[test]
    fn a_crafted_pending_token_deletes_nothing_of_another_config() {
        let f = fixture(MemoryStore::default());
        f.save(SecretStoreKind::FILE, Some(OLD)).unwrap();
        let victim = f.saved().unwrap();
        let crafted = beside(&f, "crafted.toml", false);
        let mut config = crafted.load().unwrap();
        for unrecorded in [true, false] {
            config
                .add_pending_token(&PendingToken {
                    key: format!("k{unrecorded}"),
                    profile: "default".into(),
                    secret_store: SecretStoreKind::FILE,
                    token_id: victim.token_id.clone(),
                    store_hash: victim.store_text(),
                    unrecorded,
                })
                .unwrap();
        }
        config.write().unwrap();
        let locked = crafted.begin(|| {}).unwrap();
        assert!(
            locked
                .notes
                .iter()
                .any(|n| n.contains("which still uses it")),
            "{:?}",
            locked.notes
        );
        drop(locked);
        crafted.remove("default").unwrap();
        assert_eq!(f.token_in(SecretStoreKind::FILE).as_deref(), Some(OLD));
        let text = std::fs::read_to_string(crafted.paths().config()).unwrap();
        assert!(!text.contains("pending_tokens"), "forgotten: {text}");
    }

    #[test]
    fn a_profile_changed_since_it_was_read_is_not_saved_over() {
        let f = fixture(MemoryStore::default());
        f.save(SecretStoreKind::FILE, Some(OLD)).unwrap();
        let read = f.saved();
        // Another run saves a new Client ID and token meanwhile.
        let other =
            profile(SecretStoreKind::FILE).with(&CLIENT_ID, "another0client0id0000000000000z");
        f.storage
            .save(other, Some(&token(NEW)), false, || {})
            .unwrap();
        let before = f.config_text();
        let mine =
            profile(SecretStoreKind::FILE).with(&CLIENT_ID, "mine0client0id00000000000000000");
        let changed = f
            .storage
            .save_as_read(Some(read.as_ref()), mine, None, false, || {})
            .unwrap()
            .unwrap_err();
        assert_eq!(changed.what, ["Client ID", "Access Token"]);
        assert_eq!(changed.described(), "the Client ID and the Access Token");
        assert_eq!(f.config_text(), before, "nothing written");
        assert_eq!(f.token_in(SecretStoreKind::FILE).as_deref(), Some(NEW));
        let err = changed.into_error(f.storage.paths().config());
        assert_eq!(err.exit() as u8, 5);
        // Read as it is now, the save goes through.
        let now = f.saved();
        let mine =
            profile(SecretStoreKind::FILE).with(&CLIENT_ID, "mine0client0id00000000000000000");
        assert!(
            f.storage
                .save_as_read(Some(now.as_ref()), mine, None, false, || {})
                .unwrap()
                .is_ok()
        );
    }

    #[test]
    fn a_check_is_remembered_only_while_the_credentials_stay_the_same() {
        let f = fixture(MemoryStore::default());
        let verified_at = |f: &Fixture| f.saved().unwrap().verified_at;
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
        renamed = renamed.with(&crate::profile::fields::ACCOUNT_NAME, "renamed");
        f.storage.save(renamed, None, false, || {}).unwrap();
        assert_eq!(
            verified_at(&f),
            first,
            "same credentials: the check still holds"
        );
        f.save(SecretStoreKind::KEYCHAIN, Some(NEW)).unwrap();
        assert_eq!(verified_at(&f), None, "a new token has not been checked");
    }
}
