//! The `.txt` file BigCommerce downloads when an API account is saved: `LABEL: value`
//! lines in an order that varies between layouts, so nothing here depends on line order.
//!
//! The Client Secret is recognised so that it is not mistaken for anything else, and then
//! dropped: it is not needed for the REST API and SynchUP never keeps it.
//!
//! Two labels are our own, written into the bundle handed to an integration specialist:
//! `STORE HASH` and `B2B EDITION`.

use secrecy::SecretString;
use secrecy::zeroize::Zeroizing;

pub use super::label::Label;
use super::values::{Checked, Invalid};

/// A value read from the file, with the line it came from (1-based).
#[derive(Debug)]
pub struct Line<T> {
    pub value: T,
    pub line: usize,
}

/// A problem with one line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    pub line: usize,
    pub message: String,
}

/// What a credentials file holds: each labelled line's value as written, at most one per
/// label (checking comes later, with the same functions as every other answer). Every
/// value is held as a secret, whatever its label: a token pasted on the wrong line is still
/// a token.
#[derive(Debug, Default)]
pub struct CredentialsFile {
    lines: Vec<(Label, Line<SecretString>)>,
    /// Lines that were skipped, with why; worth telling the admin, not worth failing for.
    pub skipped: Vec<LineProblem>,
}

impl CredentialsFile {
    /// The line with `label`, when the file has one.
    pub fn get(&self, label: Label) -> Option<&Line<SecretString>> {
        self.lines
            .iter()
            .find(|(found, _)| *found == label)
            .map(|(_, line)| line)
    }
}

/// Whether text is in the credentials-file format: its first non-empty line starts with
/// a known label and a colon. Otherwise piped answers are read one per line.
pub fn is_labeled(text: &str) -> bool {
    lines(text)
        .map(|(_, line)| line.trim())
        .find(|line| !line.is_empty())
        .is_some_and(|line| Label::split_line(line).is_some())
}

/// Text as an editor saved it, or a shell piped it: UTF-8 (with or without a byte-order
/// mark), or UTF-16 with its mark, little-endian (Notepad's "Unicode", and what Windows
/// PowerShell's `>` writes) or big-endian. `Err` with the byte where UTF-8 stops being
/// valid, or `None` for broken UTF-16. Every copy of the text is wiped when dropped: it
/// holds the token.
pub fn decode(bytes: &[u8]) -> Result<Zeroizing<String>, Option<usize>> {
    let utf16 = match bytes {
        [0xff, 0xfe, rest @ ..] => Some((rest, u16::from_le_bytes as fn([u8; 2]) -> u16)),
        [0xfe, 0xff, rest @ ..] => Some((rest, u16::from_be_bytes as fn([u8; 2]) -> u16)),
        _ => None,
    };
    let Some((rest, unit)) = utf16 else {
        let text = std::str::from_utf8(bytes).map_err(|err| Some(err.valid_up_to()))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        return Ok(Zeroizing::new(text.to_owned()));
    };
    if !rest.len().is_multiple_of(2) {
        return Err(None);
    }
    let units: Zeroizing<Vec<u16>> = Zeroizing::new(
        rest.chunks_exact(2)
            .map(|pair| unit([pair[0], pair[1]]))
            .collect(),
    );
    let mut text = Zeroizing::new(String::with_capacity(units.len()));
    for c in char::decode_utf16(units.iter().copied()) {
        text.push(c.map_err(|_| None)?);
    }
    Ok(text)
}

/// Lines of text with their 1-based numbers, without a byte-order mark or CR line ends.
pub fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines().enumerate().map(|(i, line)| (i + 1, line))
}

/// A label BigCommerce might add one day: words, not a stray value with a colon in it.
fn looks_like_label(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '-'))
}

/// The value of our `B2B EDITION` line (and of every yes-or-no answer): `yes`/`no` or
/// `true`/`false`, in any case.
pub fn yes_no(raw: &str) -> Result<Checked<bool>, Invalid> {
    parse_yes_no(super::values::clean(raw))
        .map(|yes| Checked::new(yes, Vec::new()))
        .ok_or_else(|| {
            Invalid(format!(
                "{} must be yes or no (or true or false).",
                Label::B2bEdition.text()
            ))
        })
}

/// `yes`/`no` or `true`/`false`, in any case. Compared in place rather than lowercased,
/// so that a secret pasted on this line is not copied.
fn parse_yes_no(value: &str) -> Option<bool> {
    let is = |words: [&str; 2]| words.iter().any(|word| value.eq_ignore_ascii_case(word));
    if is(["yes", "true"]) {
        Some(true)
    } else if is(["no", "false"]) {
        Some(false)
    } else {
        None
    }
}

/// Reads the credentials-file format. Every problem is reported, not only the first.
pub fn parse(text: &str) -> Result<CredentialsFile, Vec<LineProblem>> {
    let mut file = CredentialsFile::default();
    let mut problems = Vec::new();
    let mut seen: Vec<(Label, usize)> = Vec::new();
    for (number, line) in lines(text) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let Some((label, value)) = Label::split_line(trimmed) else {
            match trimmed.split_once(':') {
                Some((unknown, rest)) if looks_like_label(unknown) && !rest.starts_with("//") => {
                    file.skipped.push(LineProblem {
                        line: number,
                        message: format!(
                            "unknown label {}, skipped",
                            crate::ui::quoted(unknown.trim())
                        ),
                    });
                }
                _ => problems.push(LineProblem {
                    line: number,
                    message: "expected \"LABEL: value\", as in the credentials file BigCommerce \
                              downloads (ACCESS TOKEN, CLIENT ID, API PATH)"
                        .into(),
                }),
            }
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(l, _)| *l == label) {
            problems.push(LineProblem {
                line: number,
                message: format!(
                    "{} appears twice (lines {first} and {number}); keep one",
                    label.text()
                ),
            });
            continue;
        }
        seen.push((label, number));
        let value = value.trim();
        match label {
            // Read so that it is not taken for something else; deliberately not kept.
            Label::ClientSecret => {}
            // An empty value says nothing, like a missing line.
            Label::B2bEdition if value.is_empty() => {}
            // The value is not quoted: whatever was pasted here may be a secret.
            Label::B2bEdition if parse_yes_no(value).is_none() => problems.push(LineProblem {
                line: number,
                message: "B2B EDITION must be yes or no (or true or false)".into(),
            }),
            _ => file.lines.push((
                label,
                Line {
                    value: SecretString::from(value),
                    line: number,
                },
            )),
        }
    }
    if problems.is_empty() {
        Ok(file)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_decoded_from_what_editors_save() {
        let text = "ACCESS TOKEN: abc\r\nCLIENT ID: é\r\n";
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let bom = [&[0xef, 0xbb, 0xbf][..], text.as_bytes()].concat();
        for bytes in [text.as_bytes(), &bom, &le, &be] {
            assert_eq!(decode(bytes).unwrap().as_str(), text);
        }
        assert_eq!(decode(b"ab\xffcd").unwrap_err(), Some(2));
        // An odd byte, or half a surrogate pair, is broken UTF-16.
        assert_eq!(decode(&[0xff, 0xfe, 0x41]).unwrap_err(), None);
        assert_eq!(decode(&[0xff, 0xfe, 0x00, 0xd8]).unwrap_err(), None);
    }
    use secrecy::ExposeSecret;

    const TOKEN: &str = "abcdefghijklmnopqrstuvwxyz01234";
    const ID: &str = "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov";
    const SECRET: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn value(file: &CredentialsFile, label: Label) -> &str {
        file.get(label)
            .unwrap_or_else(|| panic!("no {} line", label.text()))
            .value
            .expose_secret()
    }

    fn assert_values(file: &CredentialsFile, name_label: Label, name: &str) {
        assert_eq!(value(file, Label::AccessToken), TOKEN);
        assert_eq!(value(file, Label::ClientId), ID);
        assert_eq!(
            value(file, Label::ApiPath),
            "https://api.bigcommerce.com/stores/123456/v3/"
        );
        assert_eq!(value(file, name_label), name);
    }

    #[test]
    fn bigcommerce_example_layout() {
        let text = format!(
            "ACCESS TOKEN: {TOKEN}\nCLIENT NAME: products read-write\n\
             API PATH: https://api.bigcommerce.com/stores/123456/v3/\nCLIENT ID: {ID}\n\
             CLIENT SECRET: {SECRET}\n"
        );
        assert!(is_labeled(&text));
        let file = parse(&text).unwrap();
        assert_values(&file, Label::ClientName, "products read-write");
        assert_eq!(file.get(Label::ApiPath).unwrap().line, 3);
        assert!(file.skipped.is_empty());
    }

    #[test]
    fn layout_with_name_last() {
        let text = format!(
            "ACCESS TOKEN: {TOKEN}\nCLIENT ID: {ID}\nCLIENT SECRET: {SECRET}\nNAME: SynchUP\n\
             API PATH: https://api.bigcommerce.com/stores/123456/v3/\n"
        );
        assert_values(&parse(&text).unwrap(), Label::Name, "SynchUP");
    }

    #[test]
    fn layout_with_both_names_keeps_both() {
        let text = format!(
            "ACCESS TOKEN: {TOKEN}\nCLIENT NAME: client\nCLIENT ID: {ID}\n\
             CLIENT SECRET: {SECRET}\nNAME: SynchUP\n\
             API PATH: https://api.bigcommerce.com/stores/123456/v3/\n"
        );
        let file = parse(&text).unwrap();
        assert_values(&file, Label::Name, "SynchUP");
        assert_eq!(value(&file, Label::ClientName), "client");
    }

    #[test]
    fn crlf_bom_case_and_extra_spaces() {
        let text = format!(
            "\u{feff}\r\n  access token:   {TOKEN}  \r\nClient_Id:{ID}\r\n\
             Api  Path :  https://api.bigcommerce.com/stores/123456/v3/\r\n\
             name: SynchUP\r\n\r\n"
        );
        assert!(is_labeled(&text));
        let file = parse(&text).unwrap();
        assert_values(&file, Label::Name, "SynchUP");
        assert_eq!(file.get(Label::AccessToken).unwrap().line, 2);
    }

    #[test]
    fn client_secret_is_not_kept() {
        let text = format!("CLIENT SECRET: {SECRET}\n");
        let file = parse(&text).unwrap();
        let debug = format!("{file:?}");
        assert!(!debug.contains(SECRET));
        assert!(file.lines.is_empty());
    }

    #[test]
    fn token_is_never_in_debug_output() {
        let file = parse(&format!("ACCESS TOKEN: {TOKEN}\n")).unwrap();
        assert!(!format!("{file:?}").contains(TOKEN));
    }

    #[test]
    fn positional_text_is_not_labeled() {
        assert!(!is_labeled(&format!("{ID}\n{TOKEN}\nabc1234\n")));
        assert!(!is_labeled("https://api.bigcommerce.com/stores/abc/v3/\n"));
        assert!(!is_labeled(""));
        assert!(is_labeled("\n\n  STORE HASH: abc1234\n"));
    }

    #[test]
    fn problems_carry_line_numbers() {
        let text =
            format!("CLIENT ID: {ID}\njust some text\nCLIENT ID: {ID}\nFAVOURITE COLOUR: blue\n");
        let problems = parse(&text).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].line, 2);
        assert!(problems[0].message.contains("LABEL: value"));
        assert_eq!(problems[1].line, 3);
        assert!(problems[1].message.contains("lines 1 and 3"));

        let file = parse(&format!("CLIENT ID: {ID}\nFAVOURITE COLOUR: blue\n")).unwrap();
        assert_eq!(file.skipped.len(), 1);
        assert_eq!(file.skipped[0].line, 2);
        assert!(file.skipped[0].message.contains("FAVOURITE COLOUR"));
    }

    #[test]
    fn b2b_edition_is_read_not_skipped() {
        for (value, want) in [
            ("yes", true),
            ("YES", true),
            ("true", true),
            ("True", true),
            ("no", false),
            ("No", false),
            ("false", false),
            ("FALSE", false),
        ] {
            let file = parse(&format!("CLIENT ID: {ID}\nB2B EDITION: {value}\n")).unwrap();
            let b2b = file.get(Label::B2bEdition).unwrap();
            let yes = yes_no(b2b.value.expose_secret()).unwrap().value;
            assert_eq!((yes, b2b.line), (want, 2), "{value}");
            assert!(file.skipped.is_empty(), "{:?}", file.skipped);
        }
        let file = parse(&format!("CLIENT ID: {ID}\n")).unwrap();
        assert!(file.get(Label::B2bEdition).is_none());
        let file = parse("b2b_edition: yes\n").unwrap();
        assert_eq!(value(&file, Label::B2bEdition), "yes");
    }

    #[test]
    fn b2b_edition_other_values_are_refused_without_quoting() {
        let problems = parse(&format!("B2B EDITION: {TOKEN}\n")).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 1);
        assert!(problems[0].message.contains("yes or no"), "{problems:?}");
        assert!(!problems[0].message.contains(TOKEN), "{problems:?}");
        assert!(
            parse("B2B EDITION:\n")
                .unwrap()
                .get(Label::B2bEdition)
                .is_none()
        );
        for value in ["maybe", "y", "1"] {
            assert!(
                parse(&format!("B2B EDITION: {value}\n")).is_err(),
                "{value}"
            );
        }
    }
}
