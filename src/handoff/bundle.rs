//! The bundle: the credentials an integration specialist receives, as text.
//!
//! It is laid out like the file BigCommerce downloads (`ACCESS TOKEN`, `CLIENT NAME`,
//! `API PATH`, `CLIENT ID`) plus our `STORE HASH` and `B2B EDITION` lines, and never holds
//! the Client Secret. So whoever opens it with the plain `age` tool reads a familiar file,
//! and `synchup-setup < decrypted.txt` accepts it as it accepts BigCommerce's. Reading it
//! back goes through the same parser and the same checks as every other answer.

use secrecy::ExposeSecret;
use secrecy::zeroize::Zeroizing;

use super::error::HandoffError;
use crate::bigcommerce::api_path::StoreHash;
use crate::bigcommerce::credentials_file;
use crate::bigcommerce::label::Label;
use crate::bigcommerce::values::{AccessToken, ClientId, check_pair};
use crate::profile::fields::{FIELDS, Field, Value};
use crate::profile::values::Values;

/// The credentials handed over: what SynchUP needs to reach the store, and every other
/// value of the profile that has a line in the credentials file's layout.
///
/// `Debug` shows the token redacted, like every [`AccessToken`].
#[derive(Debug, Clone, PartialEq)]
pub struct Bundle {
    /// The values, each checked as every answer is; always the Client ID and the store. A
    /// yes-or-no the text does not say is left out (a file as BigCommerce downloads it
    /// does not say whether the store uses B2B Edition), so that whoever saves it keeps
    /// what they knew.
    pub values: Values,
    pub access_token: AccessToken,
}

impl Bundle {
    /// A bundle of `values`, which must hold every value a profile needs.
    pub fn new(values: Values, access_token: AccessToken) -> Result<Bundle, HandoffError> {
        let missing = FIELDS
            .iter()
            .find(|field| field.required && !field.secret && values.get(field).is_none());
        match missing {
            Some(field) => Err(HandoffError::NotABundle {
                reason: format!("it has no {} line", field.file_labels[0].text()),
            }),
            None => Ok(Bundle {
                values,
                access_token,
            }),
        }
    }

    pub fn client_id(&self) -> &ClientId {
        self.values.client_id().expect("a bundle has a Client ID")
    }

    pub fn store_hash(&self) -> &StoreHash {
        self.values.store_hash().expect("a bundle has a store")
    }

    /// The bundle as text, held where it is wiped when dropped: a line for each label of
    /// the layout whose field has a value.
    pub fn render(&self) -> Zeroizing<String> {
        // Built in one buffer large enough from the start, so that no reallocation leaves
        // a copy of the token behind.
        let mut text = Zeroizing::new(String::with_capacity(1024));
        for label in Label::LAYOUT {
            let Some(field) = field_of(label) else {
                continue;
            };
            let mut line = |value: &str| {
                text.push_str(label.text());
                text.push_str(": ");
                text.push_str(value);
                text.push('\n');
            };
            if field.secret {
                // Straight from the token into the buffer: no copy of it anywhere else.
                line(self.access_token.expose());
                continue;
            }
            let Some(value) = self
                .values
                .get(field)
                .map(|value| one_line(&value.line(label)))
            else {
                continue;
            };
            if !value.is_empty() {
                line(&value);
            }
        }
        text
    }

    /// Reads a decrypted bundle, or any credentials file in BigCommerce's layout, with the
    /// checks every answer goes through.
    pub fn parse(text: &str) -> Result<Bundle, HandoffError> {
        let not_ours = |reason: String| HandoffError::NotABundle { reason };
        if !credentials_file::is_labeled(text) {
            return Err(not_ours(
                "it is not in the layout of a BigCommerce credentials file \
                 (ACCESS TOKEN:, CLIENT ID:, API PATH: lines)"
                    .into(),
            ));
        }
        let file = credentials_file::parse(text).map_err(|problems| {
            not_ours(
                problems
                    .iter()
                    .map(|p| format!("line {}: {}", p.line, p.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        let missing: Vec<&str> = FIELDS
            .iter()
            .filter(|field| field.required)
            .filter(|field| {
                field
                    .file_labels
                    .iter()
                    .all(|label| file.get(*label).is_none())
            })
            .map(|field| field.file_labels[0].text())
            .collect();
        if !missing.is_empty() {
            return Err(not_ours(format!("it has no {} line", missing.join(" or "))));
        }
        let mut values = Values::default();
        let mut access_token = None;
        for field in FIELDS {
            // Each of the field's lines, checked; two lines for one field (API PATH and
            // STORE HASH) must agree.
            let mut found: Option<(Label, Value)> = None;
            for label in field.file_labels {
                let Some(line) = file.get(*label) else {
                    continue;
                };
                let raw = line.value.expose_secret();
                if !field.required && raw.trim().is_empty() {
                    continue;
                }
                let value = field
                    .check(raw)
                    .map_err(|err| {
                        not_ours(format!("{} (line {}): {err}", label.text(), line.line))
                    })?
                    .value;
                match &found {
                    Some((first, kept)) if *kept != value && field.file_labels.len() > 1 => {
                        return Err(not_ours(format!(
                            "{} names {} but {} names {}",
                            first.text(),
                            named(kept),
                            label.text(),
                            named(&value)
                        )));
                    }
                    Some(_) => {}
                    None => found = Some((*label, value)),
                }
            }
            match found {
                Some((_, Value::Token(token))) => access_token = Some(token),
                Some((_, value)) => values.set(field, value),
                None => {}
            }
        }
        let access_token = access_token.expect("a missing ACCESS TOKEN line is refused above");
        let bundle = Bundle::new(values, access_token)?;
        check_pair(bundle.client_id(), &bundle.access_token).map_err(|err| {
            let line = file.get(Label::AccessToken).map_or(0, |line| line.line);
            not_ours(format!("ACCESS TOKEN (line {line}): {err}"))
        })?;
        Ok(bundle)
    }
}

/// The field a line of the layout gives.
fn field_of(label: Label) -> Option<&'static Field> {
    FIELDS
        .iter()
        .copied()
        .find(|field| field.file_labels.contains(&label))
}

/// A value as a message about two lines that disagree names it.
fn named(value: &Value) -> String {
    match value {
        Value::Store(hash) => format!("store {hash}"),
        other => other.shown(),
    }
}

/// A value on one line: control characters (a newline above all) would break the layout.
fn one_line(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::profile::fields::{ACCOUNT_NAME, B2B_EDITION, CLIENT_ID, STORE};

    pub(crate) const ID: &str = "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov";
    pub(crate) const TOKEN: &str = "SeCrEtToKeN0000000000000000x9z8";
    const HASH: &str = "et7xe3pz";

    /// A bundle with the account name and whether the store uses B2B Edition, if given.
    pub(crate) fn with(name: Option<&str>, b2b: Option<bool>) -> Bundle {
        let mut values = Values::default();
        values.set(&CLIENT_ID, CLIENT_ID.check(ID).unwrap().value);
        values.set(&STORE, STORE.check(HASH).unwrap().value);
        if let Some(name) = name {
            values.set(&ACCOUNT_NAME, Value::Text(name.into()));
        }
        if let Some(b2b) = b2b {
            values.set(&B2B_EDITION, Value::YesNo(b2b));
        }
        Bundle::new(values, AccessToken::parse(TOKEN).unwrap().value).unwrap()
    }

    pub(crate) fn bundle() -> Bundle {
        with(Some("SynchUP connector"), Some(true))
    }

    #[test]
    fn renders_the_credentials_file_layout_with_our_two_lines() {
        let text = bundle().render();
        assert_eq!(
            text.as_str(),
            format!(
                "ACCESS TOKEN: {TOKEN}\nCLIENT NAME: SynchUP connector\n\
                 API PATH: https://api.bigcommerce.com/stores/{HASH}/v3/\nCLIENT ID: {ID}\n\
                 STORE HASH: {HASH}\nB2B EDITION: yes\n"
            )
        );
        assert!(!text.contains("CLIENT SECRET"));
    }

    #[test]
    fn round_trips() {
        for (name, b2b) in [
            (Some("SynchUP connector"), Some(true)),
            (None, Some(false)),
            (None, None),
        ] {
            let original = with(name, b2b);
            assert_eq!(Bundle::parse(&original.render()).unwrap(), original);
        }
    }

    #[test]
    fn account_name_stays_on_one_line() {
        let sneaky = with(Some("name\nACCESS TOKEN: other"), Some(true));
        let text = sneaky.render();
        assert_eq!(text.lines().count(), 6);
        let back = Bundle::parse(&text).unwrap();
        assert_eq!(back.access_token.expose(), TOKEN);
        assert_eq!(back.values.account_name(), Some("name ACCESS TOKEN: other"));
        let blank = with(Some(" \n "), Some(true));
        assert!(!blank.render().contains("CLIENT NAME"));
    }

    #[test]
    fn a_bigcommerce_download_is_accepted() {
        let text = format!(
            "ACCESS TOKEN: {TOKEN}\r\nCLIENT NAME: products\r\n\
             API PATH: https://api.bigcommerce.com/stores/{HASH}/v3/\r\nCLIENT ID: {ID}\r\n\
             CLIENT SECRET: {}\r\n",
            "ab".repeat(32)
        );
        let bundle = Bundle::parse(&text).unwrap();
        assert_eq!(bundle.store_hash().as_str(), HASH);
        assert_eq!(bundle.values.get(&B2B_EDITION), None);
    }

    fn refused(text: &str) -> String {
        match Bundle::parse(text) {
            Ok(bundle) => panic!("accepted: {bundle:?}"),
            Err(err @ HandoffError::NotABundle { .. }) => err.to_string(),
            Err(err) => panic!("wrong error: {err:?}"),
        }
    }

    #[test]
    fn text_that_is_not_ours_is_refused_clearly() {
        let cases = [
            ("hello world\n".to_owned(), "not in the layout"),
            (String::new(), "not in the layout"),
            (
                format!("ACCESS TOKEN: {TOKEN}\nsome prose here\n"),
                "line 2: expected",
            ),
            (
                format!("CLIENT ID: {ID}\n"),
                "no ACCESS TOKEN or API PATH line",
            ),
            (
                format!("ACCESS TOKEN: {TOKEN}\nSTORE HASH: {HASH}\n"),
                "no CLIENT ID line",
            ),
            (
                format!("ACCESS TOKEN: {TOKEN}\nCLIENT ID: {ID}\nSTORE HASH: no\n"),
                "STORE HASH (line 3)",
            ),
            (
                format!(
                    "ACCESS TOKEN: {TOKEN}\nCLIENT ID: {ID}\nSTORE HASH: {HASH}\n\
                     API PATH: https://api.bigcommerce.com/stores/abc1234/v3/\n"
                ),
                "names store abc1234 but STORE HASH names store et7xe3pz",
            ),
            (
                format!("ACCESS TOKEN: {ID}\nCLIENT ID: {ID}\nSTORE HASH: {HASH}\n"),
                "pasted twice",
            ),
            (
                format!("ACCESS TOKEN: {TOKEN}!\nCLIENT ID: {ID}\nSTORE HASH: {HASH}\n"),
                "ACCESS TOKEN (line 1)",
            ),
            (
                format!(
                    "ACCESS TOKEN: {TOKEN}\nCLIENT ID: {ID}\nSTORE HASH: {HASH}\nB2B EDITION: perhaps\n"
                ),
                "yes or no",
            ),
        ];
        for (text, reason) in cases {
            let message = refused(&text);
            assert!(message.contains(reason), "{text:?}: {message}");
            assert!(!message.contains(TOKEN), "{message}");
        }
    }
}
