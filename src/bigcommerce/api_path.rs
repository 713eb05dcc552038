//! The store hash, found in whatever the admin pastes: the API PATH from the credentials
//! file (any version, with or without scheme or trailing slash), a control-panel address,
//! or the bare hash, with or without the `store-` prefix of the control-panel host name.

use std::fmt;

use url::Url;

use super::values::{Checked, Invalid, Note, clean};
use crate::ui::quoted;

/// The host of every store's REST API. The token is only ever sent here.
pub const API_HOST: &str = "api.bigcommerce.com";

/// Where the control panel and storefront of a store live: `store-{hash}.mybigcommerce.com`.
const STORE_DOMAIN: &str = "mybigcommerce.com";

const STORE_PREFIX: &str = "store-";

/// Lengths accepted at all. No source gives a rule: real stores have 7 to 10 characters,
/// BigCommerce's own examples `abc123` and `123456`, so no length inside is warned about.
const HASH_ACCEPTED: std::ops::RangeInclusive<usize> = 5..=16;

/// A store hash: lowercase letters and digits, the identifier in every API address.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StoreHash(String);

impl StoreHash {
    /// Finds and checks the store hash in any of the forms an admin may paste.
    pub fn parse(raw: &str) -> Result<Checked<StoreHash>, Invalid> {
        let input = clean(raw);
        if input.is_empty() {
            return Err(Invalid(
                "The API Path is empty. Paste the API PATH value from the credentials file \
                 (https://api.bigcommerce.com/stores/<store hash>/v3/) or the store hash itself."
                    .into(),
            ));
        }
        let mut notes = Vec::new();
        let candidate = if input.contains(['/', '.', ':']) {
            hash_from_address(input)?
        } else {
            strip_store_prefix(input, &mut notes).to_owned()
        };
        let hash = check_hash(&candidate, &mut notes)?;
        Ok(Checked::new(hash, notes))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The API path as stored and shown: the form BigCommerce writes in the credentials file.
    pub fn api_path(&self) -> String {
        format!("https://{API_HOST}/stores/{}/v3/", self.0)
    }
}

impl fmt::Display for StoreHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn strip_store_prefix<'a>(input: &'a str, notes: &mut Vec<Note>) -> &'a str {
    match input.get(..STORE_PREFIX.len()) {
        Some(prefix) if prefix.eq_ignore_ascii_case(STORE_PREFIX) => {
            let hash = &input[STORE_PREFIX.len()..];
            notes.push(Note::info(format!(
                "Removed the \"store-\" prefix: the store hash is \"{}\".",
                hash.to_ascii_lowercase()
            )));
            hash
        }
        _ => input,
    }
}

fn hash_from_address(input: &str) -> Result<String, Invalid> {
    let with_scheme;
    let text = if input.contains("://") {
        input
    } else {
        with_scheme = format!("https://{}", input.trim_start_matches('/'));
        &with_scheme
    };
    let shown = quoted(input);
    // A space inside (an address broken across lines in an e-mail, a stray key) would be
    // read as part of the hash ("%20...").
    if input.contains(char::is_whitespace) {
        return Err(Invalid(format!(
            "{shown} has a space inside, and an API Path has none. Paste the API PATH value \
             from the credentials file in one piece (https://{API_HOST}/stores/<store hash>/v3/)."
        )));
    }
    // BigCommerce's addresses are ASCII. url parses host names here without a Unicode back
    // end (Cargo.toml pins idna_adapter to its stub), which must never be handed anything
    // else: such an address is refused before it is parsed.
    if let Some(other) = text.chars().find(|c| !c.is_ascii()) {
        return Err(Invalid(format!(
            "{shown} is not a web address of BigCommerce's: it contains {}, and their \
             addresses are plain ASCII. Paste the API PATH value from the credentials file \
             (https://{API_HOST}/stores/<store hash>/v3/).",
            quoted(&other.to_string())
        )));
    }
    let url = Url::parse(text).map_err(|_| {
        Invalid(format!(
            "{shown} is not a web address or a store hash. Paste the API PATH value from the \
             credentials file (https://{API_HOST}/stores/<store hash>/v3/)."
        ))
    })?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(Invalid(format!(
            "{shown} is not a web address. Paste the API PATH value from the credentials file \
             (https://{API_HOST}/stores/<store hash>/v3/)."
        )));
    }
    // The url crate lowercases the host, so any case the admin typed matches here.
    let host = url.host_str().unwrap_or_default();
    if host == API_HOST {
        let mut segments = url.path_segments().into_iter().flatten();
        return match (segments.next(), segments.next()) {
            (Some("stores"), Some(hash)) if !hash.is_empty() => Ok(hash.to_owned()),
            _ => Err(Invalid(format!(
                "{shown} has no store hash in it. The API Path looks like \
                 https://{API_HOST}/stores/<store hash>/v3/: copy the whole API PATH value."
            ))),
        };
    }
    if let Some(label) = host
        .strip_suffix(STORE_DOMAIN)
        .and_then(|rest| rest.strip_suffix('.'))
    {
        // store-{hash}.mybigcommerce.com (control panel), or store-{hash}-{channel} (storefront).
        let mut parts = label.split('-');
        if let (Some("store"), Some(hash), channel) = (parts.next(), parts.next(), parts.next()) {
            let channel_ok =
                channel.is_none_or(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()));
            if !hash.is_empty() && channel_ok && parts.next().is_none() {
                return Ok(hash.to_owned());
            }
        }
        return Err(Invalid(format!(
            "{} does not contain the store hash. Paste the API PATH value from the \
             credentials file (https://{API_HOST}/stores/<store hash>/v3/).",
            quoted(host)
        )));
    }
    Err(Invalid(format!(
        "{} is not a BigCommerce API address. The API Path looks like \
         https://{API_HOST}/stores/<store hash>/v3/: copy it from the credentials file.",
        quoted(host)
    )))
}

fn check_hash(candidate: &str, notes: &mut Vec<Note>) -> Result<StoreHash, Invalid> {
    let mut hash = candidate.to_owned();
    if hash.bytes().any(|b| b.is_ascii_uppercase()) {
        hash.make_ascii_lowercase();
        notes.push(Note::info(format!(
            "Store hashes are lowercase: using \"{hash}\"."
        )));
    }
    // Something far longer than a store hash is most likely another value pasted in the
    // wrong place, perhaps the Access Token: described, never quoted.
    let shown = if hash.chars().count() <= *HASH_ACCEPTED.end() {
        format!("The store hash \"{hash}\"")
    } else {
        "The store hash".to_owned()
    };
    if hash.is_empty() {
        return Err(Invalid(
            "The store hash is empty. Paste the API PATH value from the credentials file.".into(),
        ));
    }
    if let Some(c) = hash
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
    {
        let what = if c.is_whitespace() || c.is_control() {
            "a space or control character".to_owned()
        } else {
            quoted(&c.to_string())
        };
        return Err(Invalid(format!(
            "{shown} contains {what}, but a store hash has only lowercase letters and digits. \
             Paste the API PATH value from the credentials file."
        )));
    }
    let len = hash.len();
    if !HASH_ACCEPTED.contains(&len) {
        let hint = if len > *HASH_ACCEPTED.end() {
            " Was another value (the Client ID or the Access Token) pasted here?"
        } else {
            ""
        };
        return Err(Invalid(format!(
            "{shown} is {len} characters long; store hashes have {} to {}.{hint} \
             Paste the API PATH value from the credentials file.",
            HASH_ACCEPTED.start(),
            HASH_ACCEPTED.end()
        )));
    }
    Ok(StoreHash(hash))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bigcommerce::values::Severity;

    fn hash(raw: &str) -> String {
        match StoreHash::parse(raw) {
            Ok(checked) => checked.value.0,
            Err(err) => panic!("{raw:?} was refused: {err}"),
        }
    }

    #[test]
    fn a_space_inside_an_address_is_named_not_encoded() {
        let err = StoreHash::parse("https://api.bigcommerce.com/stores/ j8gxbenyjq/v3/")
            .unwrap_err()
            .0;
        assert!(err.contains("has a space inside"), "{err}");
        assert!(!err.contains('%'), "{err}");
    }

    #[test]
    fn accepted_forms() {
        let cases = [
            (
                "https://api.bigcommerce.com/stores/et7xe3pz/v3/",
                "et7xe3pz",
            ),
            ("https://api.bigcommerce.com/stores/et7xe3pz/v3", "et7xe3pz"),
            (
                "https://api.bigcommerce.com/stores/et7xe3pz/v2/",
                "et7xe3pz",
            ),
            ("https://api.bigcommerce.com/stores/et7xe3pz/", "et7xe3pz"),
            ("https://api.bigcommerce.com/stores/et7xe3pz", "et7xe3pz"),
            (
                "https://api.bigcommerce.com/stores/et7xe3pz/v3/catalog/products?limit=1",
                "et7xe3pz",
            ),
            (
                "https://api.bigcommerce.com/stores/et7xe3pz/graphql",
                "et7xe3pz",
            ),
            ("api.bigcommerce.com/stores/et7xe3pz/v3/", "et7xe3pz"),
            ("http://api.bigcommerce.com/stores/et7xe3pz/v3/", "et7xe3pz"),
            (
                "HTTPS://API.BigCommerce.COM/stores/et7xe3pz/v3/",
                "et7xe3pz",
            ),
            (
                "https://api.bigcommerce.com:443/stores/et7xe3pz/v3/",
                "et7xe3pz",
            ),
            (
                "https://store-id30h7ohwf.mybigcommerce.com/manage/dashboard",
                "id30h7ohwf",
            ),
            ("store-id30h7ohwf.mybigcommerce.com", "id30h7ohwf"),
            (
                "https://store-bwvr466-1.mybigcommerce.com/graphql",
                "bwvr466",
            ),
            ("bwvr466", "bwvr466"),
            ("store-bwvr466", "bwvr466"),
            ("STORE-BWVR466", "bwvr466"),
            ("123abmy", "123abmy"),
            ("  \"29i23fcz6\"  ", "29i23fcz6"),
            (
                "API PATH: https://api.bigcommerce.com/stores/123456/v3/",
                "123456",
            ),
            ("STORE HASH: abc123", "abc123"),
            (
                "https://api.bigcommerce.com/stores/ET7XE3PZ/v3/",
                "et7xe3pz",
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(hash(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn refused_forms_say_why() {
        let cases = [
            ("", "is empty"),
            ("   ", "is empty"),
            (
                "https://example.com/stores/abc1234/v3/",
                "not a BigCommerce API address",
            ),
            (
                "https://api.bigcommerce.com.evil.test/stores/abc1234/v3/",
                "not a BigCommerce API address",
            ),
            ("https://api.bigcommerce.com/", "no store hash"),
            ("https://api.bigcommerce.com/stores/", "no store hash"),
            ("https://api.bigcommerce.com/v3/abc1234", "no store hash"),
            (
                "https://mystore.mybigcommerce.com/manage",
                "does not contain the store hash",
            ),
            (
                "https://store-.mybigcommerce.com/",
                "does not contain the store hash",
            ),
            (
                "ftp://api.bigcommerce.com/stores/abc1234/v3/",
                "not a web address",
            ),
            ("abc_1234", "contains \"_\""),
            ("abc 1234", "a space or control character"),
            ("abcé1234", "contains \"é\""),
            ("abc1", "4 characters long"),
            ("abcdefghij1234567", "17 characters long"),
            (
                "https://api.bigcommerce.com/stores/abc-1234/v3/",
                "contains \"-\"",
            ),
            ("store-", "is empty"),
        ];
        for (raw, reason) in cases {
            match StoreHash::parse(raw) {
                Ok(checked) => panic!("{raw:?} was accepted as {:?}", checked.value),
                Err(err) => assert!(err.0.contains(reason), "{raw:?}: {err}"),
            }
        }
    }

    /// BigCommerce's addresses are ASCII, and URLs are parsed without IDNA (`idna_adapter` is
    /// pinned to its stub in Cargo.toml): an address in other letters is refused before it
    /// is parsed, even one that Unicode would fold into BigCommerce's (full-width letters).
    #[test]
    fn hosts_in_other_than_ascii_are_refused() {
        for raw in [
            "https://\u{ff41}\u{ff50}\u{ff49}.bigcommerce.com/stores/abc1234/v3/",
            "https://\u{0430}pi.bigcommerce.com/stores/abc1234/v3/",
            "https://store-abc1234.mybigc\u{03bf}mmerce.com/",
            // Found by the property tests: the stub must not see it.
            "https://A\u{0cf1}:",
        ] {
            match StoreHash::parse(raw) {
                Ok(checked) => panic!("{raw:?} was accepted as {:?}", checked.value),
                Err(err) => assert!(err.0.contains("plain ASCII"), "{raw:?}: {err}"),
            }
        }
    }

    #[test]
    fn a_token_pasted_as_the_store_is_never_quoted() {
        let token = "SeCrEtToKeN0000000000000000x9z8";
        for pasted in [
            token.to_owned(),
            format!("{token}!"),
            format!("store-{token}"),
        ] {
            let err = StoreHash::parse(&pasted).unwrap_err();
            assert!(
                !err.0.to_lowercase().contains(&token.to_lowercase()),
                "{err}"
            );
        }
        let err = StoreHash::parse(token).unwrap_err();
        assert!(err.0.contains("pasted here"), "{err}");
    }

    #[test]
    fn a_token_pasted_with_an_address_is_never_quoted() {
        let token = "b7d3kq0000000000000000000000y5z";
        for pasted in [
            format!("{token} https://api.bigcommerce.com/stores/abc1234/v3/"),
            format!("https://{token}.example.com/"),
            format!("{token}:443"),
            format!("{token}/stores/abc1234"),
            format!("ftp://api.bigcommerce.com/{token}"),
            format!("https://api.bigcommerce.com/{token}"),
            format!("https://store-{token}.mybigcommerce.com/x-y"),
            format!("{token}.x"),
        ] {
            let err = StoreHash::parse(&pasted).unwrap_err();
            assert!(!err.0.contains(token), "{pasted:?}: {err}");
        }
    }

    #[test]
    fn remarks_on_tidied_or_unusual_hashes() {
        let checked = StoreHash::parse("store-abc1234").unwrap();
        assert_eq!(checked.notes.len(), 1);
        assert_eq!(checked.notes[0].severity, Severity::Info);
        assert!(checked.notes[0].text.contains("\"store-\" prefix"));

        let checked = StoreHash::parse("ABC1234").unwrap();
        assert!(checked.notes[0].text.contains("lowercase"));

        // No length inside the accepted range is known to be wrong: BigCommerce's own
        // examples (abc123, 123456) and real stores' hashes pass without a warning.
        for raw in [
            "abcde",
            "abc123",
            "123456",
            "abcdefg",
            "id30h7ohwf",
            "abcdefghijk",
            "abcdefghijklmnop",
        ] {
            let checked = StoreHash::parse(raw).unwrap();
            let warnings: Vec<_> = checked
                .notes
                .iter()
                .filter(|n| n.severity == Severity::Warning)
                .collect();
            assert!(warnings.is_empty(), "{raw}: {warnings:?}");
        }
        assert!(StoreHash::parse("et7xe3pz").unwrap().notes.is_empty());
    }

    #[test]
    fn api_path_is_the_canonical_form() {
        let checked = StoreHash::parse("api.bigcommerce.com/stores/et7xe3pz").unwrap();
        assert_eq!(
            checked.value.api_path(),
            "https://api.bigcommerce.com/stores/et7xe3pz/v3/"
        );
        let again = StoreHash::parse(&checked.value.api_path()).unwrap();
        assert_eq!(again.value, checked.value);
    }
}
