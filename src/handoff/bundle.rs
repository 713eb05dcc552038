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
use crate::bigcommerce::credentials_file::{self, Label, Line};
use crate::bigcommerce::values::{AccessToken, ClientId, check_pair};

/// The credentials handed over: what SynchUP needs to reach the store.
///
/// `Debug` shows the token redacted, like every [`AccessToken`].
#[derive(Debug, Clone, PartialEq)]
pub struct Bundle {
    pub client_id: ClientId,
    pub access_token: AccessToken,
    pub store_hash: StoreHash,
    /// The API account's name in the control panel, to recognise it later.
    pub account_name: Option<String>,
    /// Whether the store uses B2B Edition; `None` when the text does not say (a file as
    /// BigCommerce downloads it), so that whoever saves it keeps what they knew.
    pub b2b_edition: Option<bool>,
}

impl Bundle {
    /// The bundle as text, held where it is wiped when dropped.
    pub fn render(&self) -> Zeroizing<String> {
        // Built in one buffer large enough from the start, so that no reallocation leaves
        // a copy of the token behind.
        let mut text = Zeroizing::new(String::with_capacity(1024));
        let mut line = |label: Label, value: &str| {
            text.push_str(label.text());
            text.push_str(": ");
            text.push_str(value);
            text.push('\n');
        };
        line(Label::AccessToken, self.access_token.expose());
        if let Some(name) = self.account_name.as_deref().map(one_line)
            && !name.is_empty()
        {
            line(Label::ClientName, &name);
        }
        line(Label::ApiPath, &self.store_hash.api_path());
        line(Label::ClientId, self.client_id.as_str());
        line(Label::StoreHash, self.store_hash.as_str());
        if let Some(b2b) = self.b2b_edition {
            line(Label::B2bEdition, if b2b { "yes" } else { "no" });
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
        let missing: Vec<&str> = [
            (file.access_token.is_none(), "ACCESS TOKEN"),
            (file.client_id.is_none(), "CLIENT ID"),
            (
                file.api_path.is_none() && file.store_hash.is_none(),
                "API PATH",
            ),
        ]
        .into_iter()
        .filter_map(|(missing, label)| missing.then_some(label))
        .collect();
        let (Some(id), Some(token), true) = (file.client_id, file.access_token, missing.is_empty())
        else {
            return Err(not_ours(format!("it has no {} line", missing.join(" or "))));
        };
        let invalid = |label: Label, line: usize, err: crate::bigcommerce::values::Invalid| {
            not_ours(format!("{} (line {line}): {err}", label.text()))
        };
        let client_id = ClientId::parse(&id.value)
            .map_err(|err| invalid(Label::ClientId, id.line, err))?
            .value;
        let access_token = AccessToken::parse(token.value.expose_secret())
            .map_err(|err| invalid(Label::AccessToken, token.line, err))?
            .value;
        check_pair(&client_id, &access_token)
            .map_err(|err| invalid(Label::AccessToken, token.line, err))?;
        let store_hash = store(file.api_path, file.store_hash)?;
        Ok(Bundle {
            client_id,
            access_token,
            store_hash,
            account_name: file
                .account_name
                .map(|line| line.value)
                .filter(|name| !name.is_empty()),
            b2b_edition: file.b2b_edition.map(|line| line.value),
        })
    }
}

/// The store from `API PATH` and `STORE HASH`, which must agree when both are there.
fn store(
    api_path: Option<Line<String>>,
    store_hash: Option<Line<String>>,
) -> Result<StoreHash, HandoffError> {
    let check = |label: Label, line: Line<String>| {
        StoreHash::parse(&line.value)
            .map(|checked| checked.value)
            .map_err(|err| HandoffError::NotABundle {
                reason: format!("{} (line {}): {err}", label.text(), line.line),
            })
    };
    let from_path = api_path
        .map(|line| check(Label::ApiPath, line))
        .transpose()?;
    let from_hash = store_hash
        .map(|line| check(Label::StoreHash, line))
        .transpose()?;
    match (from_path, from_hash) {
        (Some(a), Some(b)) if a != b => Err(HandoffError::NotABundle {
            reason: format!("API PATH names store {a} but STORE HASH names store {b}"),
        }),
        (Some(hash), _) | (None, Some(hash)) => Ok(hash),
        (None, None) => Err(HandoffError::NotABundle {
            reason: "it has no API PATH line".into(),
        }),
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

    pub(crate) const ID: &str = "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov";
    pub(crate) const TOKEN: &str = "SeCrEtToKeN0000000000000000x9z8";
    const HASH: &str = "et7xe3pz";

    pub(crate) fn bundle() -> Bundle {
        Bundle {
            client_id: ClientId::parse(ID).unwrap().value,
            access_token: AccessToken::parse(TOKEN).unwrap().value,
            store_hash: StoreHash::parse(HASH).unwrap().value,
            account_name: Some("SynchUP connector".into()),
            b2b_edition: Some(true),
        }
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
            (Some("SynchUP connector".to_owned()), Some(true)),
            (None, Some(false)),
            (None, None),
        ] {
            let original = Bundle {
                account_name: name,
                b2b_edition: b2b,
                ..bundle()
            };
            assert_eq!(Bundle::parse(&original.render()).unwrap(), original);
        }
    }

    #[test]
    fn account_name_stays_on_one_line() {
        let sneaky = Bundle {
            account_name: Some("name\nACCESS TOKEN: other".into()),
            ..bundle()
        };
        let text = sneaky.render();
        assert_eq!(text.lines().count(), 6);
        let back = Bundle::parse(&text).unwrap();
        assert_eq!(back.access_token.expose(), TOKEN);
        assert_eq!(
            back.account_name.as_deref(),
            Some("name ACCESS TOKEN: other")
        );
        let blank = Bundle {
            account_name: Some(" \n ".into()),
            ..bundle()
        };
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
        assert_eq!(bundle.store_hash.as_str(), HASH);
        assert_eq!(bundle.b2b_edition, None);
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
