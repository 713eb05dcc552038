//! Answers known before any question is asked, and where each came from.
//!
//! Precedence is flag > piped or file input > the saved profile: each source only fills
//! in what a stronger one left open. The environment fills what the run's own sources
//! (flags, a file, piped input) leave open, but never silently differs from them: a
//! variable left over from an earlier run, mixed with a new file's values, would save the
//! old token beside the new Client ID (see [`Presets::conflict_with_env`]).

use secrecy::{ExposeSecret, SecretString};

use super::fields::{FIELDS, Field};
use crate::bigcommerce::values::clean;
use crate::error::InputProblem;
pub use crate::error::Origin;

/// An answer and where it came from. Every value is held as a secret until it is known
/// which question it answers, because a misplaced line may well be the token.
#[derive(Debug, Clone)]
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

/// Answers given up front, by field of the table, from one source or several.
#[derive(Debug, Default, Clone)]
pub struct Presets {
    /// In the order given. A field may have several from one source: the store as an API
    /// path and as a store hash (which must then name the same store).
    given: Vec<(&'static Field, Given<SecretString>)>,
    /// Lines of a credentials file that were skipped, as messages.
    pub skipped: Vec<String>,
}

impl Presets {
    /// Adds an answer for `field`. An empty answer for a field a profile can do without
    /// says nothing, like no answer.
    pub fn give(&mut self, field: &'static Field, given: Given<SecretString>) {
        if !field.required && clean(given.value.expose_secret()).is_empty() {
            return;
        }
        self.given.push((field, given));
    }

    /// The first answer for `field`.
    pub fn first(&self, field: &Field) -> Option<&Given<SecretString>> {
        self.given
            .iter()
            .find(|(given_for, _)| *given_for == field)
            .map(|(_, given)| given)
    }

    /// Every answer for `field`, taken out.
    pub fn take(&mut self, field: &Field) -> Vec<Given<SecretString>> {
        let (taken, kept) = std::mem::take(&mut self.given)
            .into_iter()
            .partition(|(given_for, _)| *given_for == field);
        self.given = kept;
        taken.into_iter().map(|(_, given)| given).collect()
    }

    /// Fills the fields still open from a weaker source.
    pub fn fill_from(&mut self, weaker: Presets) {
        let open: Vec<_> = weaker
            .given
            .into_iter()
            .filter(|(field, _)| self.first(field).is_none())
            .collect();
        self.given.extend(open);
        self.skipped.extend(weaker.skipped);
    }

    /// The first field that a variable of the environment gives one value for and a
    /// source named for this run (a flag, a file, piped input) another, in `self` and
    /// `other` taken together: both sources are named, and nothing is to be saved.
    pub fn conflict_with_env(&self, other: &Presets) -> Option<InputProblem> {
        let all = || self.given.iter().chain(&other.given);
        all()
            .filter(|(_, env)| matches!(env.origin, Origin::Env(_)))
            .find_map(|(field, env)| {
                let named = all().find(|(named_for, named)| {
                    named_for == field
                        && !matches!(named.origin, Origin::Env(_))
                        && !same_value(field, &env.value, &named.value)
                })?;
                let Origin::Env(var) = env.origin else {
                    unreachable!("filtered on")
                };
                Some(InputProblem::new(
                    Origin::Answers,
                    format!(
                        "{var} and {at} give different values for the {name}. Unset {var} \
                         to use the one from {source}, or leave out {source} to use {var}'s.",
                        at = named.1.origin,
                        source = source(&named.1.origin),
                        name = field.name,
                    ),
                ))
            })
    }

    /// Whether every field a profile needs is given.
    pub fn complete(&self) -> bool {
        FIELDS
            .iter()
            .filter(|field| field.required)
            .all(|field| self.first(field).is_some())
    }
}

/// A source named for this run as a whole, for "leave out ...": the flag, the file, the
/// piped input.
fn source(origin: &Origin) -> String {
    match origin {
        Origin::File { path, .. } | Origin::WholeFile { path } => crate::ui::printable(path),
        Origin::Stdin { .. } | Origin::WholeStdin => "the piped input".into(),
        Origin::Bundle { .. } => "the bundle".into(),
        other => other.to_string(),
    }
}

/// Whether two answers for `field` mean the same value: checked alike (an API path and
/// its store hash are one store), or written alike when either cannot be checked.
fn same_value(field: &Field, a: &SecretString, b: &SecretString) -> bool {
    let (a, b) = (a.expose_secret(), b.expose_secret());
    match (field.check(a), field.check(b)) {
        (Ok(a), Ok(b)) => a.value == b.value,
        _ => clean(a) == clean(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::fields::{ACCESS_TOKEN, ACCOUNT_NAME, CLIENT_ID, STORE};

    fn presets(given: &[(&'static Field, &str, Origin)]) -> Presets {
        let mut presets = Presets::default();
        for (field, value, origin) in given {
            presets.give(field, Given::new(*value, origin.clone()));
        }
        presets
    }

    #[test]
    fn stronger_sources_win_and_gaps_are_filled() {
        let mut flags = presets(&[(&CLIENT_ID, "from-flag", Origin::Flag("--client-id"))]);
        let env = presets(&[
            (&CLIENT_ID, "from-env", Origin::Env("SYNCHUP_CLIENT_ID")),
            (&STORE, "abc1234", Origin::Env("SYNCHUP_STORE_HASH")),
        ]);
        let file = presets(&[
            (&STORE, "zzz9999", Origin::Stdin { line: 3 }),
            (&ACCESS_TOKEN, "tok", Origin::Stdin { line: 1 }),
        ]);
        assert!(!flags.complete());
        flags.fill_from(env);
        flags.fill_from(file);
        assert_eq!(
            flags.first(&CLIENT_ID).unwrap().value.expose_secret(),
            "from-flag"
        );
        let store = flags.take(&STORE);
        assert_eq!(store.len(), 1);
        assert_eq!(store[0].value.expose_secret(), "abc1234");
        assert!(flags.first(&STORE).is_none());
        assert_eq!(
            flags.first(&ACCESS_TOKEN).unwrap().origin,
            Origin::Stdin { line: 1 }
        );
    }

    #[test]
    fn one_source_may_give_the_store_twice_and_an_empty_name_says_nothing() {
        let mut given = presets(&[
            (
                &STORE,
                "https://api.bigcommerce.com/stores/abc1234/v3/",
                Origin::Answers,
            ),
            (&STORE, "abc1234", Origin::Answers),
            (&ACCOUNT_NAME, " \"\" ", Origin::Flag("--name")),
            (&CLIENT_ID, "", Origin::Flag("--client-id")),
        ]);
        assert!(given.first(&ACCOUNT_NAME).is_none());
        assert!(
            given.first(&CLIENT_ID).is_some(),
            "checked, and refused, later"
        );
        assert_eq!(given.take(&STORE).len(), 2);
    }
}
