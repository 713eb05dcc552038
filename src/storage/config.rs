//! The config file: one `[profiles.<name>]` table per store, edited with `toml_edit` so
//! that comments, key order and keys this program does not know survive every re-run.
//!
//! No secret is ever written here; the profile only says which secret store holds the token.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table, Value};

use super::fs::{self, Contents, Holds, Unsafe, read_limited, write_atomic};
use super::secrets::{SecretStoreKind, Slot};
use super::sections::{ParseError, Sectioned};
use crate::error::{Error, Result};
use crate::profile::fields::{self, FIELDS, Kind, STORE};
use crate::profile::values::{Entry, Values};

/// A SynchUP config is a few KB even with a thousand stores; anything far bigger is not one.
const SIZE_LIMIT: u64 = 4 * 1024 * 1024;

const HEADER: &str = "\
# SynchUP connection settings for BigCommerce, written by synchup-setup.
# The Access Token is not in this file: it is kept in the OS keychain, or in
# credentials.toml beside this file when a profile says secret_store = \"file\".
";

/// One saved store connection, as written in the config.
///
/// Its values are parsed as they are read (see [`Values`]): one that a hand edit broke is
/// kept as written with why, so that `show` can display it and `check` can explain it.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub name: String,
    /// The values of the fields of the table (not the token, which is in `secret_store`).
    pub values: Values,
    /// The API path as saved, written from the store hash at each save for whoever reads
    /// the config; `check` says when the two disagree.
    pub api_path: Option<Entry>,
    pub secret_store: SecretStoreKind,
    /// RFC 3339, as written.
    pub updated_at: Option<String>,
    /// When BigCommerce last accepted these credentials (RFC 3339).
    pub verified_at: Option<String>,
    /// Which slot of the secret store holds the token; `None` for a profile saved before
    /// slots had ids (its token is under the profile's name until the next save).
    pub token_id: Option<String>,
}

impl Profile {
    /// The slot its token is in.
    pub fn slot(&self) -> Slot {
        Slot {
            profile: self.name.clone(),
            store_hash: self.store_text(),
            id: self.token_id.clone(),
        }
    }

    /// The store hash as saved (or as written, when it cannot be used).
    pub fn store_text(&self) -> Option<String> {
        self.values.text(&STORE)
    }

    /// The profile with `field` as written in a config (and, for the store, its API path
    /// beside it).
    pub fn with(mut self, field: &'static fields::Field, written: &str) -> Self {
        self.values.set_entry(field, Entry::read(field, written));
        if *field == STORE {
            self.api_path = self.api_path_of_store();
        }
        self
    }

    /// The API path as saved: the address of the store it names, or as written when it
    /// names none.
    pub fn api_path_text(&self) -> Option<String> {
        self.api_path.as_ref().map(|entry| match entry.value() {
            Some(fields::Value::Store(hash)) => hash.api_path(),
            _ => entry.text(),
        })
    }

    /// The API path of the store the profile's values name.
    pub fn api_path_of_store(&self) -> Option<Entry> {
        self.values
            .store_hash()
            .map(|hash| Entry::from(fields::Value::Store(hash.clone())))
    }

    pub fn new(name: &str) -> Self {
        Profile {
            name: name.to_owned(),
            values: Values::default(),
            api_path: None,
            secret_store: SecretStoreKind::default(),
            updated_at: None,
            verified_at: None,
            token_id: None,
        }
    }
}

/// A token written, or about to be deleted, by a save that may not have finished: recorded
/// in the config before the store is touched and removed once the save is complete, so that
/// a run killed in between leaves no copy of a token that nothing knows about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingToken {
    /// Its key in the `[pending_tokens]` table.
    pub key: String,
    pub profile: String,
    pub secret_store: SecretStoreKind,
    pub token_id: Option<String>,
    pub store_hash: Option<String>,
    /// A new token the save had not yet recorded in the profile (`true`), or an old one the
    /// profile no longer uses (`false`).
    pub unrecorded: bool,
}

impl PendingToken {
    /// The slot the token is in.
    pub fn slot(&self) -> Slot {
        Slot {
            profile: self.profile.clone(),
            store_hash: self.store_hash.clone(),
            id: self.token_id.clone(),
        }
    }
}

/// The config file, parsed and ready to be changed and written back.
///
/// A config as synchup-setup writes it is read in sections (see [`Sectioned`]): a run
/// parses the profiles it reads and writes back the ones it changes, and a problem in a
/// profile's values is reported by the runs that read that profile (`list` and `check`
/// read them all).
pub struct ConfigFile {
    path: PathBuf,
    doc: Sectioned,
    /// Changed since it was read or last written.
    changed: bool,
    /// There was a file when it was read.
    existed: bool,
}

impl ConfigFile {
    /// Reads the config; a missing file is an empty config.
    pub fn load(path: &Path) -> Result<ConfigFile> {
        let bytes = match read_limited(path, SIZE_LIMIT, true) {
            Ok(Contents::Missing) => {
                return Ok(ConfigFile {
                    path: path.to_owned(),
                    doc: Sectioned::empty(TABLES),
                    changed: false,
                    existed: false,
                });
            }
            Ok(Contents::TooLarge(size)) => {
                return Err(config_error(
                    path,
                    format!(
                        "the file is {} KB; a SynchUP config is a few KB at most",
                        size / 1024
                    ),
                    "Check that --config or SYNCHUP_CONFIG points at the SynchUP config.toml.",
                ));
            }
            Ok(Contents::Bytes(bytes, meta)) => {
                fs::check_file(path, &meta, Holds::Config).map_err(unsafe_error)?;
                // Another user who can replace files in its directory (or in the one a link
                // leads to) could swap in a config of their own.
                fs::check_dir(fs::parent(path)).map_err(unsafe_error)?;
                if let Ok(real) = std::fs::canonicalize(path) {
                    fs::check_dir(fs::parent(&real)).map_err(unsafe_error)?;
                }
                bytes
            }
            Err(err) => {
                return Err(config_error(
                    path,
                    format!("cannot be read: {err}"),
                    "Check that it is the config file, that it belongs to you and is readable \
                     (mode 0600).",
                ));
            }
        };
        ConfigFile::parse(path, bytes)
    }

    /// Reads a config's contents; `path` is only for messages. (The fuzz target calls this.)
    pub fn parse(path: &Path, bytes: Vec<u8>) -> Result<ConfigFile> {
        let text = String::from_utf8(bytes).map_err(|err| {
            config_error(
                path,
                format!(
                    "is not a text file (invalid UTF-8 at byte {})",
                    err.utf8_error().valid_up_to()
                ),
                MOVE_ASIDE,
            )
        })?;
        if text.trim().is_empty() {
            // Never written like this by synchup-setup: something else emptied it, and
            // treating it as "no profiles" would hide that.
            return Err(config_error(
                path,
                "is empty",
                "Delete it to start afresh with synchup-setup, or restore it from a backup.",
            ));
        }
        let doc = Sectioned::parse(text, TABLES).map_err(|err| not_toml(path, err))?;
        let config = ConfigFile {
            path: path.to_owned(),
            doc,
            changed: false,
            existed: true,
        };
        // Reject a wrong shape now, before any question is asked or anything is written:
        // the top level here, each profile's table when it is read.
        config.profiles_item()?;
        config.pending_item()?;
        config.default_profile()?;
        Ok(config)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The profile that commands use when none is named: the top-level `default_profile`.
    pub fn default_profile(&self) -> Result<Option<String>> {
        match self.doc.root().get(DEFAULT_PROFILE_KEY) {
            None => Ok(None),
            Some(item) => match item.as_str() {
                Some(name) => Ok(Some(name.to_owned())),
                None => Err(self.shape_error(
                    format!("{DEFAULT_PROFILE_KEY} is not text"),
                    format!("Write it in quotes: {DEFAULT_PROFILE_KEY} = \"default\""),
                )),
            },
        }
    }

    /// Sets or clears `default_profile`, keeping it above the profile tables.
    pub fn set_default_profile(&mut self, name: Option<&str>) {
        self.changed = true;
        match name {
            Some(name) => {
                let value = Value::from(name);
                let doc = self.doc.root_mut();
                match doc.get_mut(DEFAULT_PROFILE_KEY) {
                    Some(Item::Value(old)) => {
                        let decor = old.decor().clone();
                        *old = value;
                        *old.decor_mut() = decor;
                    }
                    _ => {
                        doc.insert(DEFAULT_PROFILE_KEY, Item::Value(value));
                    }
                }
            }
            None => {
                self.doc.root_mut().remove(DEFAULT_PROFILE_KEY);
            }
        }
    }

    /// The names of all profiles, in file order.
    pub fn profile_names(&self) -> Vec<String> {
        self.doc.keys(PROFILES_KEY)
    }

    /// All profiles, in file order.
    pub fn profiles(&self) -> Result<Vec<Profile>> {
        self.profiles_item()?;
        self.entries()?
            .into_iter()
            .map(|(name, item)| self.read_profile(name, item))
            .collect()
    }

    /// The secret store and slot each profile names, in file order: what the checks for
    /// a slot's other users need, read without parsing every profile's values.
    pub fn slots(&self) -> Result<Vec<(SecretStoreKind, Slot)>> {
        self.profiles_item()?;
        self.entries()?
            .into_iter()
            .map(|(name, item)| {
                let fields = self.read_fields(name, item)?;
                // As `Profile::store_text` reads it: a keychain entry's name holds it.
                let store_hash = fields
                    .texts
                    .iter()
                    .find(|(field, _)| **field == STORE)
                    .map(|(field, text)| Entry::read(field, text).text());
                let slot = Slot {
                    profile: name.to_owned(),
                    store_hash,
                    id: fields.token_id.map(str::to_owned),
                };
                Ok((fields.secret_store, slot))
            })
            .collect()
    }

    fn entries(&self) -> Result<Vec<(&str, &Item)>> {
        self.doc
            .entries(PROFILES_KEY)
            .map_err(|err| not_toml(&self.path, err))
    }

    /// Checks that `profiles`, if the top level has it, is a table.
    fn profiles_item(&self) -> Result<()> {
        match self.doc.root().get(PROFILES_KEY) {
            Some(item) if item.as_table_like().is_none() => Err(self.shape_error(
                "profiles is not a table",
                "Profiles are written as [profiles.NAME] sections.",
            )),
            _ => Ok(()),
        }
    }

    /// Checks that `pending_tokens`, if the top level has it, is a table.
    fn pending_item(&self) -> Result<()> {
        match self.doc.root().get(PENDING_KEY) {
            Some(item) if item.as_table_like().is_none() => Err(self.shape_error(
                format!("{PENDING_KEY} is not a table"),
                format!("Remove the [{PENDING_KEY}] section only if no run is saving."),
            )),
            _ => Ok(()),
        }
    }

    /// One profile, if it exists.
    pub fn profile(&self, name: &str) -> Result<Option<Profile>> {
        let item = self
            .doc
            .get(PROFILES_KEY, name)
            .map_err(|err| not_toml(&self.path, err))?;
        match item {
            Some(item) => self.read_profile(name, item).map(Some),
            None => Ok(None),
        }
    }

    /// The document that holds (or will hold) `[table.key]`, editable.
    fn edit(&mut self, table: &str, key: &str) -> Result<&mut DocumentMut> {
        let path = &self.path;
        self.doc.edit(table, key).map_err(|err| not_toml(path, err))
    }

    /// Writes a profile's values into the document, keeping comments and unknown keys.
    pub fn set_profile(&mut self, profile: &Profile) -> Result<()> {
        self.changed = true;
        let profiles = self
            .edit(PROFILES_KEY, &profile.name)?
            .entry(PROFILES_KEY)
            .or_insert_with(|| {
                // `[profiles.default]` alone reads better than an empty `[profiles]` above it.
                let mut table = Table::new();
                table.set_implicit(true);
                Item::Table(table)
            });
        let profiles = as_table(profiles);
        let table = as_table(
            profiles
                .entry(&profile.name)
                .or_insert(Item::Table(Table::new())),
        );
        for field in FIELDS.iter().filter(|field| !field.secret) {
            let entry = profile.values.entry(field);
            let value = match field.kind {
                Kind::Text => entry.map(|entry| Value::from(entry.text())),
                // No is written as nothing, as the profile has always read it.
                Kind::YesNo => entry
                    .and_then(Entry::value)
                    .filter(|value| **value == fields::Value::YesNo(true))
                    .map(|_| Value::from(true)),
            };
            set_value(table, field.key, value);
            if **field == STORE {
                set(table, API_PATH_KEY, profile.api_path_text().as_deref());
            }
        }
        set(table, "secret_store", Some(profile.secret_store.as_str()));
        set_value(
            table,
            "updated_at",
            profile.updated_at.as_deref().map(datetime),
        );
        set_value(
            table,
            "verified_at",
            profile.verified_at.as_deref().map(datetime),
        );
        set(table, "token_id", profile.token_id.as_deref());
        Ok(())
    }

    /// Removes a profile; says whether it was there.
    pub fn remove_profile(&mut self, name: &str) -> Result<bool> {
        if !self.profile_names().iter().any(|n| n == name) {
            return Ok(false);
        }
        let removed = self
            .edit(PROFILES_KEY, name)?
            .get_mut(PROFILES_KEY)
            .and_then(Item::as_table_like_mut)
            .and_then(|table| table.remove(name))
            .is_some();
        self.changed |= removed;
        Ok(removed)
    }

    /// The file's text as it would be written, with the header on a new file.
    pub fn to_text(&self) -> String {
        let mut text = self.doc.render();
        if !text.starts_with('#') {
            text.insert_str(0, &format!("{HEADER}\n"));
        }
        text
    }

    /// Writes the config atomically and durably (see [`write_atomic`]), through a symbolic
    /// link to the file it points to. The credentials file beside it, written just before,
    /// becomes durable with it.
    pub fn write(&mut self) -> Result<()> {
        let text = self.to_text();
        let target = fs::write_target(&self.path).map_err(unsafe_error)?;
        fs::check_dir(fs::parent(&target)).map_err(unsafe_error)?;
        write_atomic(&target, text.as_bytes(), true).map_err(|err| {
            config_error(
                &self.path,
                format!("cannot be written: {err}"),
                "Check that the directory exists, belongs to you and has free space. \
                 Nothing was changed.",
            )
        })?;
        self.changed = false;
        Ok(())
    }

    /// Puts the file back as it was read: written again, or removed if there was none.
    pub fn restore(&mut self) -> Result<()> {
        if self.existed {
            return self.write_if_changed();
        }
        let target = fs::write_target(&self.path).map_err(unsafe_error)?;
        match std::fs::remove_file(&target) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(config_error(
                &target,
                format!("cannot be removed: {err}"),
                "Delete it by hand; it holds no profile.",
            )),
            _ => {
                self.changed = false;
                Ok(())
            }
        }
    }

    /// Writes the config when its text differs from what is on disk.
    pub fn write_if_changed(&mut self) -> Result<()> {
        if !self.changed {
            return Ok(());
        }
        self.write()
    }

    /// The tokens of saves that may not have finished, for one profile or (`None`) all.
    pub fn pending_tokens(&self, profile: Option<&str>) -> Result<Vec<PendingToken>> {
        self.pending_item()?;
        let mut pending = Vec::new();
        for key in self.doc.keys(PENDING_KEY) {
            let item = self
                .doc
                .get(PENDING_KEY, &key)
                .map_err(|err| not_toml(&self.path, err))?;
            let Some(item) = item else { continue };
            let text = |name: &str| item.get(name).and_then(Item::as_str).map(str::to_owned);
            let (Some(owner), Some(store)) = (text("profile"), text("secret_store")) else {
                continue;
            };
            let Some(secret_store) = SecretStoreKind::parse(&store) else {
                continue;
            };
            if profile.is_some_and(|p| p != owner) {
                continue;
            }
            pending.push(PendingToken {
                key,
                profile: owner,
                secret_store,
                token_id: text("token_id"),
                store_hash: text("store_hash"),
                unrecorded: item
                    .get("unrecorded")
                    .and_then(Item::as_bool)
                    .unwrap_or(true),
            });
        }
        Ok(pending)
    }

    /// Records a token whose save may not finish.
    pub fn add_pending_token(&mut self, pending: &PendingToken) -> Result<()> {
        self.changed = true;
        let tables = self
            .edit(PENDING_KEY, &pending.key)?
            .entry(PENDING_KEY)
            .or_insert_with(|| {
                let mut table = Table::new();
                table.set_implicit(true);
                Item::Table(table)
            });
        let table = as_table(
            as_table(tables)
                .entry(&pending.key)
                .or_insert(Item::Table(Table::new())),
        );
        set(table, "profile", Some(&pending.profile));
        set(table, "secret_store", Some(pending.secret_store.as_str()));
        set(table, "token_id", pending.token_id.as_deref());
        set(table, "store_hash", pending.store_hash.as_deref());
        set_value(table, "unrecorded", Some(Value::from(pending.unrecorded)));
        Ok(())
    }

    /// Forgets a pending token (its save finished, or it was deleted).
    pub fn remove_pending_token(&mut self, key: &str) -> Result<()> {
        if !self.doc.keys(PENDING_KEY).iter().any(|k| k == key) {
            return Ok(());
        }
        let doc = self.edit(PENDING_KEY, key)?;
        let Some(table) = doc.get_mut(PENDING_KEY).and_then(Item::as_table_like_mut) else {
            return Ok(());
        };
        let removed = table.remove(key).is_some();
        if table.is_empty() {
            doc.remove(PENDING_KEY);
        }
        self.changed |= removed;
        Ok(())
    }

    /// The error for a profile that is not here, listing the ones that are.
    pub fn unknown(&self, name: &str) -> Error {
        Error::UnknownProfile {
            name: name.to_owned(),
            path: self.path.clone(),
            known: self.profile_names(),
        }
    }

    fn read_profile(&self, name: &str, item: &Item) -> Result<Profile> {
        let fields = self.read_fields(name, item)?;
        let mut values = Values::default();
        for (field, written) in fields.texts {
            values.set_entry(field, Entry::read(field, written));
        }
        for field in fields.yes {
            values.set(field, fields::Value::YesNo(true));
        }
        Ok(Profile {
            name: name.to_owned(),
            values,
            api_path: fields.api_path.map(|written| Entry::read(&STORE, written)),
            secret_store: fields.secret_store,
            updated_at: fields.updated_at,
            verified_at: fields.verified_at,
            token_id: fields.token_id.map(str::to_owned),
        })
    }

    /// A profile's table as written, its shape checked but its values not yet parsed.
    fn read_fields<'a>(&self, name: &str, item: &'a Item) -> Result<Fields<'a>> {
        let Some(table) = item.as_table_like() else {
            return Err(self.shape_error(
                format!("profiles.{name} is not a table"),
                format!("Write the profile as a [profiles.{name}] section."),
            ));
        };
        let text = |key: &str| -> Result<Option<&'a str>> {
            match table.get(key) {
                None => Ok(None),
                Some(item) => match item.as_str() {
                    Some(s) => Ok(Some(s)),
                    None => Err(self.shape_error(
                        format!("profiles.{name}.{key} is not text"),
                        format!("Write it in quotes: {key} = \"...\""),
                    )),
                },
            }
        };
        let secret_store = match text("secret_store")? {
            None => SecretStoreKind::default(),
            Some(value) => SecretStoreKind::parse(value).ok_or_else(|| {
                self.shape_error(
                    format!(
                        "profiles.{name}.secret_store is {}",
                        crate::ui::quoted(value)
                    ),
                    format!("Use one of {}.", SecretStoreKind::names()),
                )
            })?,
        };
        let time = |key: &str| -> Result<Option<String>> {
            match table.get(key) {
                None => Ok(None),
                Some(item) => match (item.as_datetime(), item.as_str()) {
                    (Some(datetime), _) => Ok(Some(datetime.to_string())),
                    (None, Some(text)) => Ok(Some(text.to_owned())),
                    (None, None) => Err(self.shape_error(
                        format!("profiles.{name}.{key} is not a date and time"),
                        "Remove the line; synchup-setup writes it on the next save.",
                    )),
                },
            }
        };
        let mut texts = Vec::new();
        let mut yes = Vec::new();
        for field in FIELDS.iter().copied().filter(|field| !field.secret) {
            match field.kind {
                Kind::Text => {
                    if let Some(written) = text(field.key)? {
                        texts.push((field, written));
                    }
                }
                Kind::YesNo => {
                    if let Some(item) = table.get(field.key) {
                        let value = item.as_bool().ok_or_else(|| {
                            self.shape_error(
                                format!("profiles.{name}.{} is not true or false", field.key),
                                format!("Write {} = true, or remove the line.", field.key),
                            )
                        })?;
                        // No is the same as nothing, as the config writes it.
                        if value {
                            yes.push(field);
                        }
                    }
                }
            }
        }
        Ok(Fields {
            texts,
            yes,
            api_path: text(API_PATH_KEY)?,
            secret_store,
            updated_at: time("updated_at")?,
            verified_at: time("verified_at")?,
            token_id: text("token_id")?,
        })
    }

    fn shape_error(&self, message: impl Into<String>, hint: impl Into<String>) -> Error {
        config_error(&self.path, message, hint)
    }
}

/// A profile's table as written: the text of each field, not yet parsed.
struct Fields<'a> {
    texts: Vec<(&'static fields::Field, &'a str)>,
    /// The yes-or-no fields that say yes.
    yes: Vec<&'static fields::Field>,
    api_path: Option<&'a str>,
    secret_store: SecretStoreKind,
    updated_at: Option<String>,
    verified_at: Option<String>,
    token_id: Option<&'a str>,
}

/// A config another user could change or replace: it could send the connector to their
/// store with their token, so it is refused until fixed.
fn unsafe_error(err: Unsafe) -> Error {
    config_error(&err.path, err.why, err.fix)
}

const DEFAULT_PROFILE_KEY: &str = "default_profile";
const PROFILES_KEY: &str = "profiles";
/// The tables whose entries are sections of their own.
const TABLES: &[&str] = &[PROFILES_KEY, PENDING_KEY];
const API_PATH_KEY: &str = "api_path";
const PENDING_KEY: &str = "pending_tokens";

const MOVE_ASIDE: &str = "Move the file aside and run synchup-setup again to write a new one. \
                          Nothing was changed.";

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(crate) fn config_error(
    path: &Path,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> Error {
    Error::Config {
        path: path.to_owned(),
        message: message.into(),
        hint: hint.into(),
    }
}

/// Text that is not TOML, with the line to fix.
fn not_toml(path: &Path, err: ParseError) -> Error {
    let ParseError {
        line,
        column,
        message,
    } = err;
    config_error(
        path,
        format!("is not valid TOML at line {line}, column {column}: {message}"),
        format!("Fix line {line}, or {}", lowercase_first(MOVE_ASIDE)),
    )
}

/// The table behind an item, turning an inline table (`x = { ... }`) into a section so it
/// can take new keys.
fn as_table(item: &mut Item) -> &mut Table {
    if let Some(inline) = item.as_inline_table() {
        *item = Item::Table(inline.clone().into_table());
    }
    if !item.is_table() {
        *item = Item::Table(Table::new());
    }
    item.as_table_mut().expect("made a table above")
}

/// A timestamp as a TOML date-time when it is one, else as text.
fn datetime(text: &str) -> Value {
    text.parse::<toml_edit::Datetime>()
        .map(Value::from)
        .unwrap_or_else(|_| Value::from(text))
}

fn set(table: &mut Table, key: &str, value: Option<&str>) {
    set_value(table, key, value.map(Value::from));
}

/// Sets a key, keeping the comment after an existing value; `None` removes the key.
fn set_value(table: &mut Table, key: &str, value: Option<Value>) {
    let Some(mut value) = value else {
        table.remove(key);
        return;
    };
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    }
    table.insert(key, Item::Value(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> Profile {
        Profile {
            secret_store: SecretStoreKind::KEYCHAIN,
            updated_at: Some("2026-11-25T17:20:25Z".into()),
            verified_at: Some("2026-11-25T17:20:20Z".into()),
            token_id: Some("k3j9x2m4q8r5t7v1".into()),
            ..Profile::new("default")
        }
        .with(&STORE, "et7xe3pz")
        .with(&fields::CLIENT_ID, "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov")
        .with(&fields::ACCOUNT_NAME, "SynchUP")
        .with(&fields::B2B_EDITION, "yes")
    }

    fn load_text(text: &str) -> Result<ConfigFile> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        ConfigFile::load(&path)
    }

    #[test]
    fn missing_file_is_an_empty_config() {
        let dir = tempfile::tempdir().unwrap();
        let config = ConfigFile::load(&dir.path().join("none.toml")).unwrap();
        assert!(config.profiles().unwrap().is_empty());
    }

    #[test]
    fn a_written_profile_reads_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let mut config = ConfigFile::load(&path).unwrap();
        config.set_profile(&profile()).unwrap();
        config.write().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# SynchUP connection settings"), "{text}");
        assert!(text.contains("[profiles.default]\n"), "{text}");
        assert!(!text.contains("[profiles]\n"), "{text}");
        assert!(text.contains("updated_at = 2026-11-25T17:20:25Z"), "{text}");
        assert!(text.contains("b2b_edition = true"), "{text}");
        assert!(
            text.contains("verified_at = 2026-11-25T17:20:20Z"),
            "{text}"
        );
        let again = ConfigFile::load(&path).unwrap();
        assert_eq!(again.profile("default").unwrap(), Some(profile()));
        assert_eq!(again.profile_names(), ["default"]);
    }

    #[test]
    fn comments_order_and_unknown_keys_survive_an_update() {
        let original = "\
# my notes about this machine
[profiles.default]
store_hash = \"abc1234\" # the main shop
client_id = \"old\"
api_path = \"https://api.bigcommerce.com/stores/abc1234/v3/\"
colour = \"blue\"
secret_store = \"keychain\"

[other_tool]
setting = 1
";
        let mut config = load_text(original).unwrap();
        config.set_profile(&profile()).unwrap();
        let text = config.doc.render();
        assert!(
            text.starts_with("# my notes about this machine\n"),
            "{text}"
        );
        assert!(
            text.contains("store_hash = \"et7xe3pz\" # the main shop\n"),
            "{text}"
        );
        assert!(text.contains("colour = \"blue\"\n"), "{text}");
        assert!(text.contains("[other_tool]\nsetting = 1\n"), "{text}");
        assert!(
            text.find("store_hash").unwrap() < text.find("client_id").unwrap(),
            "{text}"
        );
    }

    #[test]
    fn a_config_only_read_is_written_back_as_it_was() {
        // Parsed for reading only, the document keeps the text it came from; forgetting
        // a pending token that is not there changes nothing either.
        let original = "# notes\n[profiles.a]  # spacing kept\nstore_hash='abc1234'\n";
        let mut config = load_text(original).unwrap();
        config.remove_pending_token("nothing").unwrap();
        assert_eq!(config.to_text(), original);
        assert!(!config.changed);
        // A change makes it editable, and keeps the rest as written.
        config.set_default_profile(Some("a"));
        assert!(
            config
                .to_text()
                .contains("[profiles.a]  # spacing kept\nstore_hash='abc1234'\n")
        );
    }

    #[test]
    fn default_profile_is_a_top_level_key() {
        let mut config = load_text("# notes\n[profiles.a]\nstore_hash = \"x\"\n").unwrap();
        assert_eq!(config.default_profile().unwrap(), None);
        config.set_default_profile(Some("a"));
        let text = config.doc.render();
        assert!(
            text.find("default_profile = \"a\"").unwrap() < text.find("[profiles.a]").unwrap(),
            "{text}"
        );
        config.set_default_profile(Some("b"));
        assert_eq!(config.default_profile().unwrap().as_deref(), Some("b"));
        config.set_default_profile(None);
        assert_eq!(config.default_profile().unwrap(), None);
        assert!(load_text("default_profile = 3\n").is_err());
    }

    #[test]
    fn removing_a_profile_keeps_the_others() {
        let mut config =
            load_text("[profiles.a]\nstore_hash = \"x\"\n[profiles.b]\nstore_hash = \"y\"\n")
                .unwrap();
        assert!(config.remove_profile("a").unwrap());
        assert!(!config.remove_profile("a").unwrap());
        assert_eq!(config.profile_names(), ["b"]);
    }

    #[test]
    fn inline_profiles_are_read_and_updated() {
        let mut config =
            load_text("profiles = { default = { store_hash = \"abc1234\" } }\n").unwrap();
        assert_eq!(
            config.profile("default").unwrap().unwrap().store_text(),
            Some("abc1234".to_owned())
        );
        config.set_profile(&profile()).unwrap();
        assert_eq!(config.profile("default").unwrap(), Some(profile()));
    }

    #[test]
    fn bad_files_name_the_problem() {
        let cases: [(&[u8], &str); 10] = [
            (b"", "is empty"),
            (b" \n\t\n", "is empty"),
            (b"[profiles.default\n", "not valid TOML at line 1"),
            (b"a = 1\nb = \n", "line 2"),
            (b"a = 1\na = 2\n", "not valid TOML at line 2"),
            (b"profiles = 3\n", "profiles is not a table"),
            (
                b"[profiles]\ndefault = \"x\"\n",
                "profiles.default is not a table",
            ),
            (
                b"[profiles.default]\nstore_hash = 5\n",
                "profiles.default.store_hash is not text",
            ),
            (
                b"[profiles.default]\nsecret_store = \"vault\"\n",
                "is \"vault\"",
            ),
            (b"\xff\xfe\x00garbage", "not a text file"),
        ];
        for (bytes, want) in cases {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("config.toml");
            std::fs::write(&path, bytes).unwrap();
            // A profile's table is checked when it is read; `profiles` reads them all.
            let err = ConfigFile::load(&path)
                .and_then(|config| config.profiles())
                .expect_err("should be refused");
            assert_eq!(err.exit() as u8, 5);
            assert!(err.to_string().contains(want), "{want:?} not in {err}");
            assert!(err.to_string().contains("config.toml"), "{err}");
            assert_eq!(std::fs::read(&path).unwrap(), bytes, "file left untouched");
        }
    }

    #[test]
    fn a_broken_profile_is_reported_when_read_and_spares_the_others() {
        let config = load_text(
            "[profiles.a]\nstore_hash = \"abc1234\"\n\
             [profiles.b]\nsecret_store = \"vault\"\n",
        )
        .unwrap();
        assert!(config.profile("a").unwrap().is_some());
        for err in [
            config.profile("b").unwrap_err(),
            config.profiles().unwrap_err(),
        ] {
            assert!(err.to_string().contains("profiles.b.secret_store"), "{err}");
        }
    }

    #[test]
    fn slots_are_those_the_profiles_name() {
        let config = load_text(
            "[profiles.a]\nstore_hash = \"ABC1234\"\ntoken_id = \"t1\"\n\
             [profiles.b]\nstore_hash = \"https://api.bigcommerce.com/stores/xyz789/v3/\"\n\
             secret_store = \"file\"\n\
             [profiles.c]\nstore_hash = \"not a hash!\"\ntoken_id = \"t3\"\n\
             [profiles.d]\n",
        )
        .unwrap();
        let from_profiles: Vec<_> = config
            .profiles()
            .unwrap()
            .iter()
            .map(|p| (p.secret_store, p.slot()))
            .collect();
        assert_eq!(config.slots().unwrap(), from_profiles);
        assert_eq!(from_profiles.len(), 4);
    }

    #[test]
    fn huge_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, vec![b'#'; 5 * 1024 * 1024]).unwrap();
        let err = ConfigFile::load(&path).err().unwrap();
        assert!(err.to_string().contains("5120 KB"), "{err}");
    }
}

#[cfg(test)]
mod pending {
    use super::*;

    #[test]
    fn pending_tokens_are_recorded_read_and_forgotten() {
        let path = Path::new("config.toml");
        let mut config =
            ConfigFile::parse(path, b"[profiles.a]\nstore_hash = \"x\"\n".to_vec()).unwrap();
        assert!(config.pending_tokens(None).unwrap().is_empty());
        let pending = PendingToken {
            key: "p1".into(),
            profile: "a".into(),
            secret_store: SecretStoreKind::FILE,
            token_id: Some("id1".into()),
            store_hash: Some("abc1234".into()),
            unrecorded: true,
        };
        config.add_pending_token(&pending).unwrap();
        let again = ConfigFile::parse(path, config.to_text().into_bytes()).unwrap();
        assert_eq!(again.pending_tokens(Some("a")).unwrap(), [pending]);
        assert!(again.pending_tokens(Some("b")).unwrap().is_empty());
        assert_eq!(again.profile_names(), ["a"], "not taken for a profile");
        config.remove_pending_token("p1").unwrap();
        assert!(
            !config.to_text().contains("pending_tokens"),
            "{}",
            config.to_text()
        );
    }
}
