//! The one table of a profile's fields: for each, its key in the config (and in JSON), how
//! tables and sentences name it, the question that asks for it, the flags, variables and
//! credentials-file labels that give it, the parser every answer for it goes through, and
//! whether it is a secret.
//!
//! Everything that handles a profile's values reads this table: the answers given up
//! front (flags, variables, a credentials file, piped lines, a bundle), the questions, the
//! config, `show`, `check` and the bundle for a specialist. A new field is one entry in
//! [`FIELDS`] (and, for a value of a new kind, its type in `bigcommerce` and a variant of
//! [`Value`]; for a new line of the credentials file, its label in `credentials_file`).

use std::fmt;

use crate::bigcommerce::api_path::StoreHash;
use crate::bigcommerce::credentials_file::{Label, yes_no};
use crate::bigcommerce::values::{AccessToken, Checked, ClientId, Invalid, account_name};

/// A value of a field, parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    ClientId(ClientId),
    /// The Access Token: never in the config, never shown whole.
    Token(AccessToken),
    Store(StoreHash),
    Text(String),
    YesNo(bool),
}

impl Value {
    /// The value as the config and the bundle write it; the token as it is, for the secret
    /// store and the bundle only.
    pub fn text(&self) -> String {
        match self {
            Value::ClientId(id) => id.to_string(),
            Value::Token(token) => token.expose().to_owned(),
            Value::Store(hash) => hash.to_string(),
            Value::Text(text) => text.clone(),
            Value::YesNo(yes) => if *yes { "yes" } else { "no" }.to_owned(),
        }
    }

    /// The value as it may be shown: the token masked.
    pub fn shown(&self) -> String {
        match self {
            Value::Token(token) => token.masked(),
            other => other.text(),
        }
    }

    /// The value on a line of the credentials file with `label`: the store as an API path
    /// on the `API PATH` line, as its hash elsewhere.
    pub fn line(&self, label: Label) -> String {
        match (self, label) {
            (Value::Store(hash), Label::ApiPath) => hash.api_path(),
            _ => self.text(),
        }
    }
}

/// How the value is given and kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A line of text; kept in the config as a TOML string.
    Text,
    /// Yes or no; kept as a TOML boolean, `true` only (no means absent).
    YesNo,
}

/// A command-line flag that gives a field, as `--help` shows it.
#[derive(Debug)]
pub struct Flag {
    /// As typed: `--client-id`.
    pub long: &'static str,
    pub value_name: &'static str,
    pub help: &'static str,
}

impl Flag {
    /// The name without its dashes, as clap takes it: `client-id`.
    pub fn name(&self) -> &'static str {
        self.long.trim_start_matches('-')
    }
}

/// An environment variable that gives a field, as the man page describes it.
#[derive(Debug)]
pub struct Variable {
    pub name: &'static str,
    /// What it holds: "The API Path, or a store hash".
    pub help: &'static str,
}

/// One field of a profile.
#[derive(Debug)]
pub struct Field {
    /// Its key in the profile's table of the config, in JSON, and in `profiles.NAME.KEY`.
    pub key: &'static str,
    /// How tables name it (`show`, `check`, the plan): "Store hash".
    pub label: &'static str,
    /// How a sentence names it: "The API Path is missing".
    pub name: &'static str,
    /// The question on a terminal, when the flow asks for it.
    pub question: Option<&'static str>,
    pub kind: Kind,
    /// The flags that give it (none for the token: an argument is visible to other users).
    pub flags: &'static [Flag],
    /// The variables that give it and override the saved value, the strongest first.
    pub variables: &'static [Variable],
    /// The lines of a credentials file or bundle that give it, the strongest first.
    pub file_labels: &'static [Label],
    /// A secret: kept in a secret store, never in the config, and shown masked.
    pub secret: bool,
    /// A profile cannot be used without it.
    pub required: bool,
    /// The checks every answer for it goes through, wherever it comes from.
    pub parse: fn(&str) -> Result<Checked<Value>, Invalid>,
}

impl PartialEq for Field {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for Field {}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label)
    }
}

impl Field {
    /// Checks an answer for this field.
    pub fn check(&self, raw: &str) -> Result<Checked<Value>, Invalid> {
        self.refuse_misplaced(raw)?;
        (self.parse)(raw)
    }

    /// Refuses an answer that is plainly meant for somewhere else, before its own checks
    /// and without quoting it: several lines at once (the whole credentials file pasted at
    /// one question), or a line of that file labelled for another value (`ACCESS TOKEN:
    /// ...` at the Client ID question, as pasting the file line by line gives).
    pub fn refuse_misplaced(&self, raw: &str) -> Result<(), Invalid> {
        let Some(own) = self.file_labels.first() else {
            return Ok(());
        };
        let text = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if text.contains(['\n', '\r']) {
            return Err(Invalid(format!(
                "That is several lines at once (the whole credentials file?), and none of \
                 them was kept. Paste the {} line alone, or give the file's name where the \
                 downloaded credentials file is asked for.",
                own.text()
            )));
        }
        let unquoted =
            text.trim_matches(|c: char| "\"'`\u{201c}\u{201d}\u{2018}\u{2019}".contains(c));
        match Label::split_line(unquoted) {
            Some((label, _)) if !self.file_labels.contains(&label) => Err(Invalid(format!(
                "That is the {} line; paste the {} line here.",
                label.text(),
                own.text()
            ))),
            _ => Ok(()),
        }
    }

    /// The question's words without the colon, for a sentence: "Enter the API Path (or
    /// store hash) again".
    pub fn asked_as(&self) -> &'static str {
        self.question
            .map_or(self.name, |question| question.trim_end_matches(':'))
    }

    /// How a script can give this value, for the "missing" message; `line` is the line of
    /// the piped answers it would be.
    pub fn how_to_give(&self, line: Option<usize>) -> String {
        let by_line = match line {
            Some(line) => format!("add it as line {line} of the piped answers, or "),
            None => String::new(),
        };
        let ways: Vec<String> = self
            .flags
            .iter()
            .map(|flag| flag.long.to_owned())
            .chain(self.variables.iter().map(|var| var.name.to_owned()))
            .collect();
        let ways = match ways.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        };
        if self.flags.is_empty() {
            format!(
                "The {} is missing: {by_line}set {ways} (it is never accepted as a \
                 command-line argument).",
                self.name
            )
        } else {
            format!("The {} is missing: {by_line}use {ways}.", self.name)
        }
    }
}

/// The Client ID of the store-level API account.
pub static CLIENT_ID: Field = Field {
    key: "client_id",
    label: "Client ID",
    name: "Client ID",
    question: Some("Client ID:"),
    kind: Kind::Text,
    flags: &[Flag {
        long: "--client-id",
        value_name: "ID",
        help: "The Client ID of the store-level API account",
    }],
    variables: &[Variable {
        name: "SYNCHUP_CLIENT_ID",
        help: "The Client ID",
    }],
    file_labels: &[Label::ClientId],
    secret: false,
    required: true,
    parse: |raw| ClientId::parse(raw).map(|checked| checked.map(Value::ClientId)),
};

/// The Access Token: the one secret.
pub static ACCESS_TOKEN: Field = Field {
    key: "access_token",
    label: "Access Token",
    name: "Access Token",
    question: Some("Access Token:"),
    kind: Kind::Text,
    flags: &[],
    variables: &[Variable {
        name: "SYNCHUP_ACCESS_TOKEN",
        help: "The Access Token, which is never taken as an argument",
    }],
    file_labels: &[Label::AccessToken],
    secret: true,
    required: true,
    parse: |raw| AccessToken::parse(raw).map(|checked| checked.map(Value::Token)),
};

/// The store, from its API path or its hash.
pub static STORE: Field = Field {
    key: "store_hash",
    label: "Store hash",
    name: "API Path",
    question: Some("API Path (or store hash):"),
    kind: Kind::Text,
    flags: &[
        Flag {
            long: "--api-path",
            value_name: "URL",
            help: "The API Path (https://api.bigcommerce.com/stores/HASH/v3/) or the store hash",
        },
        Flag {
            long: "--store-hash",
            value_name: "HASH",
            help: "The store hash",
        },
    ],
    variables: &[
        Variable {
            name: "SYNCHUP_API_PATH",
            help: "The API Path, or a store hash",
        },
        Variable {
            name: "SYNCHUP_STORE_HASH",
            help: "The store hash",
        },
    ],
    file_labels: &[Label::ApiPath, Label::StoreHash],
    secret: false,
    required: true,
    parse: |raw| StoreHash::parse(raw).map(|checked| checked.map(Value::Store)),
};

/// The API account's name in the control panel, to recognise it later.
pub static ACCOUNT_NAME: Field = Field {
    key: "account_name",
    label: "Account name",
    name: "account name",
    question: None,
    kind: Kind::Text,
    flags: &[Flag {
        long: "--name",
        value_name: "NAME",
        help: "The API account's name, to recognise it in the control panel",
    }],
    variables: &[],
    file_labels: &[Label::Name, Label::ClientName],
    secret: false,
    required: false,
    parse: |raw| account_name(raw).map(|checked| checked.map(Value::Text)),
};

/// Whether the store uses B2B Edition: its scope is part of the steps and of the check.
pub static B2B_EDITION: Field = Field {
    key: "b2b_edition",
    label: "B2B Edition",
    name: "B2B Edition",
    question: Some("Does the store use B2B Edition?"),
    kind: Kind::YesNo,
    // --b2b and --no-b2b go with the online check too, so they are options of their own.
    flags: &[],
    variables: &[],
    file_labels: &[Label::B2bEdition],
    secret: false,
    required: false,
    parse: |raw| yes_no(raw).map(|checked| checked.map(Value::YesNo)),
};

/// Every field, in the order of the questions (and of the piped answers: Client ID, Access
/// Token, API Path), the flags in `--help`, and the rows of `show`.
pub static FIELDS: [&Field; 5] = [
    &CLIENT_ID,
    &ACCESS_TOKEN,
    &STORE,
    &ACCOUNT_NAME,
    &B2B_EDITION,
];

/// The field with `key`.
pub fn by_key(key: &str) -> Option<&'static Field> {
    FIELDS.iter().copied().find(|field| field.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_flags_variables_and_labels_are_each_one_fields() {
        let mut seen = Vec::new();
        for field in FIELDS {
            let names = std::iter::once(format!("key {}", field.key))
                .chain(field.flags.iter().map(|f| format!("flag {}", f.long)))
                .chain(
                    field
                        .variables
                        .iter()
                        .map(|v| format!("variable {}", v.name)),
                )
                .chain(
                    field
                        .file_labels
                        .iter()
                        .map(|l| format!("label {}", l.text())),
                );
            for name in names {
                assert!(!seen.contains(&name), "{name} belongs to two fields");
                seen.push(name);
            }
            assert_eq!(by_key(field.key), Some(field));
        }
        assert_eq!(by_key("nothing"), None);
    }

    #[test]
    fn a_line_labelled_for_another_value_is_refused_by_every_field() {
        for field in FIELDS {
            let own = field.file_labels[0].text();
            for label in Label::ALL {
                let line = format!("{}: SeCrEtToKeN0000000000000000x9z8", label.text());
                let refused = field.refuse_misplaced(&line);
                if field.file_labels.contains(&label) {
                    assert_eq!(refused, Ok(()), "{line} for {field}");
                    continue;
                }
                let message = refused.unwrap_err().0;
                assert_eq!(
                    message,
                    format!(
                        "That is the {} line; paste the {own} line here.",
                        label.text()
                    )
                );
                // Quoted or lower-case, as people paste it; never repeated.
                let quoted = format!("\"{}\"", line.to_lowercase());
                assert!(field.check(&quoted).is_err(), "{quoted} for {field}");
                assert!(!message.contains("x9z8"));
            }
            let lines = field.refuse_misplaced("CLIENT ID: a\nACCESS TOKEN: b\n");
            assert!(lines.unwrap_err().0.contains("several lines"), "{field}");
        }
    }

    #[test]
    fn only_the_secret_field_has_no_flag() {
        for field in FIELDS {
            assert_eq!(
                field.flags.is_empty() && field.kind == Kind::Text,
                field.secret
            );
        }
    }

    #[test]
    fn each_field_parses_into_its_own_kind_of_value() {
        let id = CLIENT_ID
            .check(" k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov ")
            .unwrap();
        assert_eq!(id.value.text(), "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov");
        let token = ACCESS_TOKEN
            .check("abcdefghijklmnopqrstuvwxyz01234")
            .unwrap();
        assert_eq!(token.value.shown(), "****1234");
        let store = STORE.check("store-ET7XE3PZ").unwrap();
        assert_eq!(store.value.text(), "et7xe3pz");
        assert_eq!(
            store.value.line(Label::ApiPath),
            "https://api.bigcommerce.com/stores/et7xe3pz/v3/"
        );
        assert_eq!(store.value.line(Label::StoreHash), "et7xe3pz");
        assert_eq!(B2B_EDITION.check("True").unwrap().value, Value::YesNo(true));
        assert!(B2B_EDITION.check("maybe").is_err());
        assert_eq!(
            ACCOUNT_NAME.check(" \"SynchUP\" ").unwrap().value,
            Value::Text("SynchUP".into())
        );
    }

    #[test]
    fn missing_values_say_how_to_give_them() {
        assert_eq!(
            CLIENT_ID.how_to_give(None),
            "The Client ID is missing: use --client-id or SYNCHUP_CLIENT_ID."
        );
        assert_eq!(
            STORE.how_to_give(Some(3)),
            "The API Path is missing: add it as line 3 of the piped answers, or use \
             --api-path, --store-hash, SYNCHUP_API_PATH or SYNCHUP_STORE_HASH."
        );
        assert_eq!(
            ACCESS_TOKEN.how_to_give(None),
            "The Access Token is missing: set SYNCHUP_ACCESS_TOKEN (it is never accepted as a \
             command-line argument)."
        );
        assert_eq!(STORE.asked_as(), "API Path (or store hash)");
    }
}
