//! A profile's values, parsed, one per field of the table. A value read from a config that
//! someone edited by hand may not pass its checks: it is kept as written, with why, so
//! that `show` can display it and `check` can say what is wrong with it.

use std::collections::BTreeMap;

use super::fields::{ACCOUNT_NAME, B2B_EDITION, CLIENT_ID, Field, STORE, Value};
use crate::bigcommerce::api_path::StoreHash;
use crate::bigcommerce::values::{ClientId, Invalid, Note};

/// One value as the config (or a variable) holds it.
#[derive(Debug, Clone)]
pub enum Entry {
    /// Parsed, with what the admin should hear about it (an unusual length).
    Usable { value: Value, notes: Vec<Note> },
    /// As written, and why it cannot be used.
    Unusable { written: String, why: Invalid },
}

impl Entry {
    /// Reads a value of `field` as written.
    pub fn read(field: &Field, written: &str) -> Entry {
        match field.check(written) {
            Ok(checked) => Entry::Usable {
                value: checked.value,
                notes: checked.notes,
            },
            Err(why) => Entry::Unusable {
                written: written.to_owned(),
                why,
            },
        }
    }

    /// The value, when it can be used.
    pub fn value(&self) -> Option<&Value> {
        match self {
            Entry::Usable { value, .. } => Some(value),
            Entry::Unusable { .. } => None,
        }
    }

    /// The value as the config writes it, or as it was written when it cannot be used.
    pub fn text(&self) -> String {
        match self {
            Entry::Usable { value, .. } => value.text(),
            Entry::Unusable { written, .. } => written.clone(),
        }
    }
}

impl From<Value> for Entry {
    fn from(value: Value) -> Entry {
        Entry::Usable {
            value,
            notes: Vec::new(),
        }
    }
}

/// Two entries are the same value when they read the same: remarks aside.
impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Entry::Usable { value: a, .. }, Entry::Usable { value: b, .. }) => a == b,
            (Entry::Unusable { written: a, .. }, Entry::Unusable { written: b, .. }) => a == b,
            _ => false,
        }
    }
}

/// The values of a profile, by field. The token is never among them: it lives in a secret
/// store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Values(BTreeMap<&'static str, Entry>);

impl Values {
    /// The value of `field`, when there is one that can be used.
    pub fn get(&self, field: &Field) -> Option<&Value> {
        self.entry(field).and_then(Entry::value)
    }

    /// The value of `field` as it is held, usable or not.
    pub fn entry(&self, field: &Field) -> Option<&Entry> {
        self.0.get(field.key)
    }

    /// The value of `field` as the config writes it (or as written, when it cannot be
    /// used).
    pub fn text(&self, field: &Field) -> Option<String> {
        self.entry(field).map(Entry::text)
    }

    pub fn set(&mut self, field: &'static Field, value: Value) {
        self.set_entry(field, value.into());
    }

    pub fn set_entry(&mut self, field: &'static Field, entry: Entry) {
        assert!(!field.secret, "{} is kept in a secret store", field.key);
        self.0.insert(field.key, entry);
    }

    pub fn remove(&mut self, field: &Field) {
        self.0.remove(field.key);
    }

    pub fn client_id(&self) -> Option<&ClientId> {
        match self.get(&CLIENT_ID) {
            Some(Value::ClientId(id)) => Some(id),
            _ => None,
        }
    }

    pub fn store_hash(&self) -> Option<&StoreHash> {
        match self.get(&STORE) {
            Some(Value::Store(hash)) => Some(hash),
            _ => None,
        }
    }

    pub fn account_name(&self) -> Option<&str> {
        match self.get(&ACCOUNT_NAME) {
            Some(Value::Text(name)) => Some(name),
            _ => None,
        }
    }

    /// Whether the store uses B2B Edition (no when nothing says).
    pub fn b2b_edition(&self) -> bool {
        matches!(self.get(&B2B_EDITION), Some(Value::YesNo(true)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_that_does_not_pass_is_kept_as_written_with_why() {
        let mut values = Values::default();
        values.set_entry(&CLIENT_ID, Entry::read(&CLIENT_ID, "not an id"));
        values.set_entry(&STORE, Entry::read(&STORE, "ET7XE3PZ"));
        assert_eq!(values.client_id(), None);
        let Some(Entry::Unusable { written, why }) = values.entry(&CLIENT_ID) else {
            panic!("{values:?}");
        };
        assert_eq!(written, "not an id");
        assert!(why.0.contains("a space"), "{why}");
        assert_eq!(values.store_hash().unwrap().as_str(), "et7xe3pz");
        assert_eq!(values.entry(&STORE).unwrap().text(), "et7xe3pz");
        assert!(!values.b2b_edition());
    }

    #[test]
    #[should_panic(expected = "secret store")]
    fn the_token_is_never_among_the_values() {
        let token = crate::profile::fields::ACCESS_TOKEN
            .check("abcdefghijklmnopqrstuvwxyz01234")
            .unwrap();
        Values::default().set(&crate::profile::fields::ACCESS_TOKEN, token.value);
    }
}
