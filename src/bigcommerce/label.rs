//! The labels of the `.txt` file BigCommerce downloads (`ACCESS TOKEN:`, `CLIENT ID:`...),
//! and our own `STORE HASH` and `B2B EDITION`, which the bundle for a specialist adds.

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
    /// Every label.
    pub const ALL: [Label; 8] = [
        Label::AccessToken,
        Label::ClientId,
        Label::ApiPath,
        Label::Name,
        Label::ClientName,
        Label::ClientSecret,
        Label::StoreHash,
        Label::B2bEdition,
    ];

    /// The lines of the bundle for a specialist, in the order of BigCommerce's own file,
    /// ours last.
    pub const LAYOUT: [Label; 6] = [
        Label::AccessToken,
        Label::ClientName,
        Label::ApiPath,
        Label::ClientId,
        Label::StoreHash,
        Label::B2bEdition,
    ];

    /// The value on its line is a secret (the Access Token, the Client Secret): never to be
    /// shown, not even while it is typed.
    pub fn is_secret(self) -> bool {
        matches!(self, Label::AccessToken | Label::ClientSecret)
    }

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

#[cfg(test)]
mod tests {
    use super::*;

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
