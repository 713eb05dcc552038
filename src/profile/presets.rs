//! Answers known before any question is asked, and where each came from.
//!
//! Precedence is flag > environment > piped or file input > the saved profile: each
//! source only fills in what a stronger one left open.

use secrecy::SecretString;

pub use crate::error::Origin;

/// An answer and where it came from. Every value is held as a secret until it is known
/// which question it answers, because a misplaced line may well be the token.
#[derive(Debug)]
pub struct Given<T> {
    pub value: T,
    pub origin: Origin,
}

impl Given<SecretString> {
    pub fn new(value: impl Into<String>, origin: Origin) -> Self {
        Given {
            value: SecretString::from(value.into()),
            origin,
        }
    }
}

/// Answers given up front, one slot per question.
#[derive(Debug, Default)]
pub struct Presets {
    pub client_id: Option<Given<SecretString>>,
    pub access_token: Option<Given<SecretString>>,
    /// The store, as an API path or a store hash; all from the same source, so that two
    /// that disagree (API PATH and STORE HASH in one file) can be caught.
    pub store: Vec<Given<SecretString>>,
    pub account_name: Option<Given<SecretString>>,
    /// Whether the store uses B2B Edition, when a credentials file or bundle says.
    pub b2b_edition: Option<Given<bool>>,
    /// Lines of a credentials file that were skipped, as messages.
    pub skipped: Vec<String>,
}

impl Presets {
    /// Fills the slots still open from a weaker source.
    pub fn fill_from(&mut self, weaker: Presets) {
        self.client_id = self.client_id.take().or(weaker.client_id);
        self.access_token = self.access_token.take().or(weaker.access_token);
        if self.store.is_empty() {
            self.store = weaker.store;
        }
        self.account_name = self.account_name.take().or(weaker.account_name);
        self.b2b_edition = self.b2b_edition.take().or(weaker.b2b_edition);
        self.skipped.extend(weaker.skipped);
    }

    /// Whether the three values are all given.
    pub fn complete(&self) -> bool {
        self.client_id.is_some() && self.access_token.is_some() && !self.store.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn stronger_sources_win_and_gaps_are_filled() {
        let mut flags = Presets {
            client_id: Some(Given::new("from-flag", Origin::Flag("--client-id"))),
            ..Presets::default()
        };
        let env = Presets {
            client_id: Some(Given::new("from-env", Origin::Env("SYNCHUP_CLIENT_ID"))),
            store: vec![Given::new("abc1234", Origin::Env("SYNCHUP_STORE_HASH"))],
            ..Presets::default()
        };
        let file = Presets {
            store: vec![Given::new("zzz9999", Origin::Stdin { line: 3 })],
            access_token: Some(Given::new("tok", Origin::Stdin { line: 1 })),
            b2b_edition: Some(Given {
                value: true,
                origin: Origin::Stdin { line: 4 },
            }),
            ..Presets::default()
        };
        flags.fill_from(env);
        flags.fill_from(file);
        assert_eq!(
            flags.client_id.as_ref().unwrap().value.expose_secret(),
            "from-flag"
        );
        assert_eq!(flags.store.len(), 1);
        assert_eq!(flags.store[0].value.expose_secret(), "abc1234");
        assert_eq!(
            flags.access_token.as_ref().unwrap().origin,
            Origin::Stdin { line: 1 }
        );
        assert!(flags.b2b_edition.as_ref().unwrap().value);
        assert!(flags.complete());
    }
}
