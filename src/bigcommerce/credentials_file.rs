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

/// A label of the credentials file (and our own `STORE HASH` and `B2B EDITION`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    AccessToken,
    ClientId,
    ApiPath,
    Name,
    ClientName,
    ClientSecret,
    StoreHash,
    B2bEdition,
}

impl Label {
    const ALL: [Label; 8] = [
        Label::AccessToken,
        Label::ClientId,
        Label::ApiPath,
        Label::Name,
        Label::ClientName,
        Label::ClientSecret,
        Label::StoreHash,
        Label::B2bEdition,
    ];

    /// The label as BigCommerce writes it.
    pub fn text(self) -> &'static str {
        match self {
            Label::AccessToken => "ACCESS TOKEN",
            Label::ClientId => "CLIENT ID",
            Label::ApiPath => "API PATH",
            Label::Name => "NAME",
            Label::ClientName => "CLIENT NAME",
            Label::ClientSecret => "CLIENT SECRET",
            Label::StoreHash => "STORE HASH",
            Label::B2bEdition => "B2B EDITION",
        }
    }

    /// Recognises a label in any case, with `_` or `-` or several spaces between words.
    pub fn parse(text: &str) -> Option<Label> {
        let words: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
            .filter(|w| !w.is_empty())
            .collect();
        let normal = words.join(" ");
        Label::ALL
            .into_iter()
            .find(|label| label.text().eq_ignore_ascii_case(&normal))
    }

    /// Splits `LABEL: value` on the first colon when the part before it is a known label.
    ///
    /// Splitting on the first colon keeps `API PATH: https://...` whole, because no label
    /// contains a colon.
    pub fn split_line(line: &str) -> Option<(Label, &str)> {
        let (label, value) = line.split_once(':')?;
        Some((Label::parse(label)?, value))
    }
}

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

/// What a credentials file holds, each value as written (checking comes later, with the
/// same functions as every other answer).
#[derive(Debug, Default)]
pub struct CredentialsFile {
    pub client_id: Option<Line<String>>,
    pub access_token: Option<Line<SecretString>>,
    pub api_path: Option<Line<String>>,
    pub store_hash: Option<Line<String>>,
    /// The API account's name: `NAME`, or `CLIENT NAME` when there is no `NAME`.
    pub account_name: Option<Line<String>>,
    /// Whether the store uses B2B Edition, when the file says (`yes`/`no`, `true`/`false`).
    pub b2b_edition: Option<Line<bool>>,
    /// Lines that were skipped, with why; worth telling the admin, not worth failing for.
    pub skipped: Vec<LineProblem>,
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
        let plain = |value: &str| {
            Some(Line {
                value: value.to_owned(),
                line: number,
            })
        };
        match label {
            Label::AccessToken => {
                file.access_token = Some(Line {
                    value: SecretString::from(value),
                    line: number,
                });
            }
            Label::ClientId => file.client_id = plain(value),
            Label::ApiPath => file.api_path = plain(value),
            Label::StoreHash => file.store_hash = plain(value),
            Label::Name => file.account_name = plain(value),
            Label::ClientName => {
                if !seen.iter().any(|(l, _)| *l == Label::Name) {
                    file.account_name = plain(value);
                }
            }
            // An empty value says nothing, like a missing line.
            Label::B2bEdition if value.is_empty() => {}
            Label::B2bEdition => match parse_yes_no(value) {
                Some(yes) => {
                    file.b2b_edition = Some(Line {
                        value: yes,
                        line: number,
                    });
                }
                // The value is not quoted: whatever was pasted here may be a secret.
                None => problems.push(LineProblem {
                    line: number,
                    message: "B2B EDITION must be yes or no (or true or false)".into(),
                }),
            },
            // Read so that it is not taken for something else; deliberately not kept.
            Label::ClientSecret => {}
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

    fn assert_values(file: &CredentialsFile, name: &str) {
        assert_eq!(
            file.access_token.as_ref().unwrap().value.expose_secret(),
            TOKEN
        );
        assert_eq!(file.client_id.as_ref().unwrap().value, ID);
        assert_eq!(
            file.api_path.as_ref().unwrap().value,
            "https://api.bigcommerce.com/stores/123456/v3/"
        );
        assert_eq!(file.account_name.as_ref().unwrap().value, name);
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
        assert_values(&file, "products read-write");
        assert_eq!(file.api_path.as_ref().unwrap().line, 3);
        assert!(file.skipped.is_empty());
    }

    #[test]
    fn layout_with_name_last() {
        let text = format!(
            "ACCESS TOKEN: {TOKEN}\nCLIENT ID: {ID}\nCLIENT SECRET: {SECRET}\nNAME: SynchUP\n\
             API PATH: https://api.bigcommerce.com/stores/123456/v3/\n"
        );
        assert_values(&parse(&text).unwrap(), "SynchUP");
    }

    #[test]
    fn layout_with_both_names_prefers_name() {
        let text = format!(
            "ACCESS TOKEN: {TOKEN}\nCLIENT NAME: client\nCLIENT ID: {ID}\n\
             CLIENT SECRET: {SECRET}\nNAME: SynchUP\n\
             API PATH: https://api.bigcommerce.com/stores/123456/v3/\n"
        );
        assert_values(&parse(&text).unwrap(), "SynchUP");
        let text = text.replace("CLIENT NAME: client\n", "") + "CLIENT NAME: client\n";
        assert_values(&parse(&text).unwrap(), "SynchUP");
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
        assert_values(&file, "SynchUP");
        assert_eq!(file.access_token.as_ref().unwrap().line, 2);
    }

    #[test]
    fn client_secret_is_not_kept() {
        let text = format!("CLIENT SECRET: {SECRET}\n");
        let file = parse(&text).unwrap();
        let debug = format!("{file:?}");
        assert!(!debug.contains(SECRET));
        assert!(file.access_token.is_none() && file.client_id.is_none());
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
            let b2b = file.b2b_edition.as_ref().unwrap();
            assert_eq!((b2b.value, b2b.line), (want, 2), "{value}");
            assert!(file.skipped.is_empty(), "{:?}", file.skipped);
        }
        assert!(
            parse(&format!("CLIENT ID: {ID}\n"))
                .unwrap()
                .b2b_edition
                .is_none()
        );
        let file = parse("b2b_edition: yes\n").unwrap();
        assert!(file.b2b_edition.unwrap().value);
    }

    #[test]
    fn b2b_edition_other_values_are_refused_without_quoting() {
        let problems = parse(&format!("B2B EDITION: {TOKEN}\n")).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 1);
        assert!(problems[0].message.contains("yes or no"), "{problems:?}");
        assert!(!problems[0].message.contains(TOKEN), "{problems:?}");
        assert!(parse("B2B EDITION:\n").unwrap().b2b_edition.is_none());
        for value in ["maybe", "y", "1"] {
            assert!(
                parse(&format!("B2B EDITION: {value}\n")).is_err(),
                "{value}"
            );
        }
    }

    #[test]
    fn labels_round_trip() {
        for label in Label::ALL {
            assert_eq!(Label::parse(label.text()), Some(label));
            assert_eq!(Label::parse(&label.text().to_lowercase()), Some(label));
            assert_eq!(Label::parse(&label.text().replace(' ', "_")), Some(label));
        }
        assert_eq!(Label::parse("https"), None);
        assert_eq!(Label::parse(""), None);
    }
}
