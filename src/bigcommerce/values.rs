//! The checks every answer goes through, whatever its source (prompt, pipe, file, flag or
//! environment): one cleaning step, then one function per value.
//!
//! Values that pass come back as [`Checked`] with the remarks the admin should hear; values
//! that fail come back as [`Invalid`], a sentence that names the problem and the fix. The
//! terminal asks again with that sentence; a script gets it with the line number.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use super::label::Label;

/// How much a remark about an accepted value matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Something was tidied up (a prefix removed, case changed).
    Info,
    /// The value is accepted but looks unusual; the admin should double-check it.
    Warning,
}

/// A remark about an accepted value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub severity: Severity,
    pub text: String,
}

impl Note {
    pub(crate) fn info(text: impl Into<String>) -> Self {
        Self {
            severity: Severity::Info,
            text: text.into(),
        }
    }

    pub(crate) fn warning(text: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            text: text.into(),
        }
    }
}

/// A value that passed its checks, with the remarks to show about it.
#[derive(Debug, Clone)]
pub struct Checked<T> {
    pub value: T,
    pub notes: Vec<Note>,
}

impl<T> Checked<T> {
    pub(crate) fn new(value: T, notes: Vec<Note>) -> Self {
        Self { value, notes }
    }

    /// The same remarks about the value in another form.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Checked<U> {
        Checked::new(f(self.value), self.notes)
    }
}

/// Why a value was refused: what is wrong and what to do about it, in one sentence.
///
/// Never contains a secret: messages about the token describe it, they do not quote it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

/// Tidies a pasted answer: surrounding whitespace and quotes go, and so does a `LABEL:`
/// prefix copied along with the value from the credentials file (`CLIENT ID: abc...`).
pub fn clean(raw: &str) -> &str {
    let s = unquote(trim(raw));
    match Label::split_line(s) {
        Some((_, rest)) => unquote(trim(rest)),
        None => s,
    }
}

fn trim(s: &str) -> &str {
    // A UTF-8 byte-order mark is invisible when pasted, so it counts as whitespace here.
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

fn unquote(s: &str) -> &str {
    const PAIRS: [(char, char); 5] = [
        ('"', '"'),
        ('\'', '\''),
        ('`', '`'),
        ('\u{201c}', '\u{201d}'),
        ('\u{2018}', '\u{2019}'),
    ];
    for (open, close) in PAIRS {
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return trim(inner);
        }
    }
    s
}

/// The Client ID of a store-level API account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientId(String);

impl ClientId {
    /// Checks a Client ID in any pasted form.
    pub fn parse(raw: &str) -> Result<Checked<ClientId>, Invalid> {
        let value = clean(raw);
        let notes = check_key(Key::ClientId, value)?;
        Ok(Checked::new(ClientId(value.to_owned()), notes))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The Access Token of a store-level API account: the one secret SynchUP keeps.
///
/// It has no `Display`, its `Debug` is redacted, and the memory is wiped on drop.
/// [`AccessToken::expose`] is the one place where the value leaves its wrapper.
#[derive(Clone)]
pub struct AccessToken(SecretString);

impl AccessToken {
    /// Checks an Access Token in any pasted form.
    pub fn parse(raw: &str) -> Result<Checked<AccessToken>, Invalid> {
        let value = clean(raw);
        let notes = check_key(Key::AccessToken, value)?;
        // The credentials file holds both; the Client Secret cannot call the API, so saving
        // it would only fail later, at the connector.
        if value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Invalid(
                "This is the Client Secret (64 hexadecimal characters), not the Access Token. \
                 Paste the ACCESS TOKEN value from the credentials file."
                    .into(),
            ));
        }
        Ok(Checked::new(AccessToken(SecretString::from(value)), notes))
    }

    /// Wraps a token read back from a secret store, without the checks for pasted input.
    pub(crate) fn from_stored(value: String) -> Self {
        AccessToken(SecretString::from(value))
    }

    /// The token in clear, for the secret store and the `X-Auth-Token` header only.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// The token as it may be shown: its last four characters at most.
    pub fn masked(&self) -> String {
        mask(self.expose())
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken([redacted])")
    }
}

impl PartialEq for AccessToken {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

/// Shows at most the last four characters of a secret, so an admin can tell two tokens
/// apart without the token being readable on screen, in a log or in a recording.
pub fn mask(secret: &str) -> String {
    let count = secret.chars().count();
    // Short values would be mostly revealed by their last four characters.
    if count < 12 {
        return "****".to_owned();
    }
    let tail: String = secret.chars().skip(count - 4).collect();
    format!("****{tail}")
}

/// The API account's name: any line of text, tidied like every answer.
pub fn account_name(raw: &str) -> Result<Checked<String>, Invalid> {
    match clean(raw) {
        "" => Err(Invalid("The account name is empty.".into())),
        name => Ok(Checked::new(name.to_owned(), Vec::new())),
    }
}

/// Refuses a token that is the Client ID pasted a second time.
pub fn check_pair(client_id: &ClientId, token: &AccessToken) -> Result<(), Invalid> {
    if client_id.as_str() == token.expose() {
        return Err(Invalid(
            "The Access Token is the same as the Client ID: the same value was pasted twice. \
             Paste the ACCESS TOKEN value from the credentials file."
                .into(),
        ));
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Key {
    ClientId,
    AccessToken,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            Key::ClientId => "The Client ID",
            Key::AccessToken => "The Access Token",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Key::ClientId => "CLIENT ID",
            Key::AccessToken => "ACCESS TOKEN",
        }
    }

    /// How an offending character may be shown: the Client ID is not secret, so its
    /// character is quoted; a token's character is only described.
    fn describe(self, c: char) -> String {
        let kind = match c {
            ' ' => return "a space".into(),
            '\t' => return "a tab".into(),
            c if c.is_control() => return "a control character".into(),
            c if !c.is_ascii() => "a non-ASCII character",
            _ => "a punctuation character",
        };
        match self {
            Key::ClientId => format!("{kind} ({})", crate::ui::quoted(&c.to_string())),
            Key::AccessToken => kind.into(),
        }
    }
}

// BigCommerce documents no length or alphabet for Client IDs and tokens. These bounds are
// this tool's tolerance around what public samples show (31 characters, 30 and 32 seen,
// 32 for older ones): wide enough for a format change, narrow enough to catch a value cut
// short or two pasted together. Messages say so, and never present them as BigCommerce's rule.
const KEY_MIN: usize = 20;
const KEY_MAX: usize = 64;
/// The lengths seen in practice; others are accepted with a warning.
const KEY_USUAL: std::ops::RangeInclusive<usize> = 30..=32;

fn check_key(key: Key, value: &str) -> Result<Vec<Note>, Invalid> {
    let name = key.name();
    let label = key.label();
    if value.is_empty() {
        return Err(Invalid(format!(
            "{name} is empty. Paste the {label} value from the credentials file."
        )));
    }
    // Another value of the file pasted here is named, rather than its first odd character.
    let lower = value.to_ascii_lowercase();
    if lower.contains("://") || lower.contains("bigcommerce.com") {
        return Err(Invalid(format!(
            "That looks like the API Path (a web address), not {}. Paste the {label} value \
             from the credentials file.",
            name.replacen("The", "the", 1)
        )));
    }
    if let Some((index, c)) = value
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_alphanumeric())
    {
        return Err(Invalid(format!(
            "{name} contains {} at position {}; this tool accepts letters and digits only, \
             as in every one seen so far. Copy the {label} value again from the credentials \
             file.",
            key.describe(c),
            index + 1
        )));
    }
    let len = value.len();
    if len < KEY_MIN {
        return Err(Invalid(format!(
            "{name} is only {len} characters long; this tool accepts {KEY_MIN} to {KEY_MAX} \
             (those seen in practice have 30 to 32). Check that you copied all of the {label} \
             value."
        )));
    }
    if len > KEY_MAX {
        return Err(Invalid(format!(
            "{name} is {len} characters long; this tool accepts {KEY_MIN} to {KEY_MAX} \
             (those seen in practice have 30 to 32). Check that two values were not pasted \
             together."
        )));
    }
    let mut notes = Vec::new();
    if !KEY_USUAL.contains(&len) {
        notes.push(Note::warning(format!(
            "{name} is {len} characters long; those seen in practice have 30 to 32. Check \
             that it was copied whole."
        )));
    }
    Ok(notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov";
    const TOKEN: &str = "abcdefghijklmnopqrstuvwxyz01234";

    #[test]
    fn an_api_path_pasted_for_a_key_is_named() {
        let path = "https://api.bigcommerce.com/stores/et7xe3pz/v3/";
        let err = ClientId::parse(path).unwrap_err().0;
        assert_eq!(
            err,
            "That looks like the API Path (a web address), not the Client ID. Paste the \
             CLIENT ID value from the credentials file."
        );
        let err = AccessToken::parse(path).err().unwrap().0;
        assert!(err.contains("not the Access Token"), "{err}");
        assert!(ClientId::parse("api.bigcommerce.com/stores/x").is_err());
    }

    #[test]
    fn clean_strips_whitespace_quotes_and_labels() {
        let cases = [
            (" abc \n", "abc"),
            ("\"abc\"", "abc"),
            ("'abc'", "abc"),
            ("\u{201c}abc\u{201d}", "abc"),
            ("\u{feff}abc", "abc"),
            ("CLIENT ID: abc", "abc"),
            ("client id:abc", "abc"),
            (
                "API PATH: https://api.bigcommerce.com/stores/x/v3/",
                "https://api.bigcommerce.com/stores/x/v3/",
            ),
            ("ACCESS TOKEN: \"abc\"", "abc"),
            ("\"CLIENT ID: abc\"", "abc"),
            // Not a known label: the colon belongs to the value.
            ("https://x", "https://x"),
            ("abc", "abc"),
        ];
        for (raw, want) in cases {
            assert_eq!(clean(raw), want, "clean({raw:?})");
        }
    }

    #[test]
    fn typical_values_are_accepted_without_remarks() {
        let id = ClientId::parse(ID).unwrap();
        assert_eq!(id.value.as_str(), ID);
        assert!(id.notes.is_empty());
        let token = AccessToken::parse(TOKEN).unwrap();
        assert_eq!(token.value.expose(), TOKEN);
        assert!(token.notes.is_empty());
    }

    #[test]
    fn pasted_label_and_quotes_are_dropped() {
        let id = ClientId::parse(&format!("  CLIENT ID: '{ID}'  ")).unwrap();
        assert_eq!(id.value.as_str(), ID);
        let token = AccessToken::parse(&format!("ACCESS TOKEN: {TOKEN}\r\n")).unwrap();
        assert_eq!(token.value.expose(), TOKEN);
    }

    #[test]
    fn length_limits_and_warnings() {
        for (len, accepted, warned) in [
            (19, false, false),
            (20, true, true),
            (29, true, true),
            (30, true, false),
            (31, true, false),
            (32, true, false),
            (33, true, true),
            (64, true, true),
            (65, false, false),
        ] {
            let value = "k1".repeat(40)[..len].to_owned();
            for result in [
                ClientId::parse(&value).map(|c| c.notes),
                AccessToken::parse(&value).map(|c| c.notes),
            ] {
                match result {
                    Ok(notes) => {
                        assert!(accepted, "length {len} should be refused");
                        assert_eq!(
                            notes.iter().any(|n| n.severity == Severity::Warning),
                            warned,
                            "warning for length {len}"
                        );
                    }
                    Err(err) => {
                        assert!(!accepted, "length {len} should be accepted");
                        assert!(err.0.contains(&format!("{len} characters")), "{err}");
                        // The bounds are this tool's, not a rule BigCommerce documents.
                        assert!(err.0.contains("this tool accepts 20 to 64"), "{err}");
                        assert!(!err.0.contains("BigCommerce"), "{err}");
                    }
                }
            }
        }
    }

    #[test]
    fn other_characters_are_refused_with_their_position() {
        let err = ClientId::parse("k8l7zz0ynkd1-fbxx02p2k7pnk3n8ov").unwrap_err();
        assert!(err.0.contains("(\"-\") at position 13"), "{err}");
        let err = ClientId::parse("k8l7zz0ynkd1 fbxx02p2k7pnk3n8ov").unwrap_err();
        assert!(err.0.contains("a space at position 13"), "{err}");
        let err = ClientId::parse("").unwrap_err();
        assert!(err.0.contains("is empty"), "{err}");
    }

    #[test]
    fn token_errors_describe_but_never_quote_the_token() {
        let secret = "abcdefghij$klmnopqrstuvwxyz0123";
        let err = AccessToken::parse(secret).unwrap_err();
        assert!(
            err.0.contains("a punctuation character at position 11"),
            "{err}"
        );
        assert!(!err.0.contains('$'), "{err}");
        assert!(!err.0.contains("abcdefghij"), "{err}");
        let err = AccessToken::parse("abcdefghijé0123456789012345").unwrap_err();
        assert!(err.0.contains("a non-ASCII character"), "{err}");
        assert!(!err.0.contains('é'), "{err}");
    }

    #[test]
    fn client_secret_pasted_as_token_is_refused() {
        let secret = "0123456789abcdef".repeat(4);
        let err = AccessToken::parse(&secret).unwrap_err();
        assert!(err.0.contains("Client Secret"), "{err}");
        assert!(!err.0.contains(&secret), "{err}");
        // 64 characters that are not all hexadecimal are accepted, with a length remark.
        let long = "g".repeat(64);
        assert!(AccessToken::parse(&long).is_ok());
    }

    #[test]
    fn same_value_twice_is_refused() {
        let id = ClientId::parse(ID).unwrap().value;
        let same = AccessToken::parse(ID).unwrap().value;
        let err = check_pair(&id, &same).unwrap_err();
        assert!(err.0.contains("pasted twice"), "{err}");
        let token = AccessToken::parse(TOKEN).unwrap().value;
        assert!(check_pair(&id, &token).is_ok());
    }

    #[test]
    fn masking_shows_at_most_the_last_four() {
        assert_eq!(mask(TOKEN), "****1234");
        assert_eq!(mask("short"), "****");
        assert_eq!(mask(""), "****");
        let token = AccessToken::parse(TOKEN).unwrap().value;
        assert_eq!(token.masked(), "****1234");
        let debug = format!("{token:?}");
        assert!(!debug.contains("1234"), "{debug}");
    }
}
