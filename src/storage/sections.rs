//! A TOML file made of `[<table>.<key>]` sections, as synchup-setup writes its config (one
//! section per profile) and its credentials file (one per token).
//!
//! An agency's config holds a thousand profiles, and a run reads or saves one of them.
//! Building the whole document costs ten times what the run needs, and writing it back as
//! much again, so a file of that shape is indexed in one pass without building a tree (its
//! lines as synchup-setup writes them, told apart byte by byte; any other line, through the
//! TOML parser's events), each section is parsed when it is asked for, and a save splices
//! the sections it changed into the text as read. A file of any other shape (hand-written
//! dotted keys, inline tables, arrays, numbers, tables of other names) is parsed whole, as
//! it always was. The answers are the same either way; `tests` checks them against each
//! other.

use std::cell::OnceCell;
use std::ops::Range;

use secrecy::zeroize::Zeroize;
use toml_edit::{Document, DocumentMut, Item, Table};
use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::parser::{EventReceiver, ValidateWhitespace};
use toml_parser::{ErrorSink, Source, Span};

/// Why the text is not TOML: the parser's message, and where in the file (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl ParseError {
    fn new(text: &str, offset: usize, err: &toml_edit::TomlError) -> ParseError {
        let (line, column) = line_column(text, offset);
        ParseError {
            line,
            column,
            message: err.message().trim_end().to_owned(),
        }
    }
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The parsed file; see the module's comment.
pub struct Sectioned {
    /// The tables whose entries have sections of their own.
    tables: &'static [&'static str],
    text: String,
    /// The text is wiped when dropped (the credentials file holds tokens).
    wipe: bool,
    /// The text before the first section (comments, `default_profile`), or, for a file
    /// not shaped in sections, the whole file.
    root: Part,
    /// In file order; sections added by this run sit after the last of their table.
    sections: Vec<Section>,
    /// The comments and blank lines after the last section's last line, which stay at the
    /// end of the file as toml_edit keeps them.
    tail: Range<usize>,
    /// The file is shaped in sections: a new entry gets a section of its own.
    split: bool,
}

struct Section {
    table: &'static str,
    key: String,
    part: Part,
}

impl Section {
    /// Whether the section still holds its entry: one this run changed may have lost it.
    fn holds_entry(&self) -> bool {
        match &self.part.edit {
            Some(doc) => doc.get(self.table).and_then(|t| t.get(&self.key)).is_some(),
            None => !self.part.range.is_empty(),
        }
    }
}

/// A piece of the file: its text as read, parsed when first asked for, and editable once
/// something changes it. Boxed: a file holds a thousand, and a run parses one or two.
struct Part {
    range: Range<usize>,
    read: OnceCell<Box<Result<Document<String>, ParseError>>>,
    edit: Option<Box<DocumentMut>>,
}

impl Part {
    fn new(range: Range<usize>) -> Part {
        Part {
            range,
            read: OnceCell::new(),
            edit: None,
        }
    }

    fn added() -> Part {
        Part {
            range: 0..0,
            read: OnceCell::new(),
            edit: Some(Box::default()),
        }
    }

    fn table(&self, text: &str) -> Result<&Table, ParseError> {
        if let Some(doc) = &self.edit {
            return Ok(doc.as_table());
        }
        match self.parsed(text) {
            Ok(doc) => Ok(doc.as_table()),
            Err(err) => Err(err.clone()),
        }
    }

    fn parsed(&self, text: &str) -> &Result<Document<String>, ParseError> {
        self.read.get_or_init(|| {
            Box::new(
                Document::parse(text[self.range.clone()].to_owned()).map_err(|err| {
                    let at = self.range.start + err.span().map_or(0, |span| span.start);
                    ParseError::new(text, at, &err)
                }),
            )
        })
    }

    fn edit(&mut self, text: &str) -> Result<&mut DocumentMut, ParseError> {
        if self.edit.is_none() {
            self.parsed(text);
            let read = self.read.take().expect("parsed above");
            self.edit = Some(Box::new((*read)?.into_mut()));
        }
        Ok(self.edit.as_deref_mut().expect("made editable above"))
    }

    fn render(&self, text: &str, out: &mut String) {
        match &self.edit {
            Some(doc) => out.push_str(&doc.to_string()),
            None => out.push_str(&text[self.range.clone()]),
        }
    }
}

impl Sectioned {
    /// An empty file, to be written.
    pub fn empty(tables: &'static [&'static str]) -> Sectioned {
        Sectioned {
            tables,
            text: String::new(),
            wipe: false,
            root: Part {
                edit: Some(Box::default()),
                ..Part::new(0..0)
            },
            sections: Vec::new(),
            tail: 0..0,
            split: true,
        }
    }

    /// Indexes `text` in `[<table>.<key>]` sections for the given tables, or parses it
    /// whole when it is shaped otherwise. An error anywhere in the file's syntax is found
    /// here either way.
    pub fn parse(text: String, tables: &'static [&'static str]) -> Result<Sectioned, ParseError> {
        Sectioned::read(text, tables, false)
    }

    /// [`Sectioned::parse`], for a text that holds secrets: wiped when dropped.
    pub fn parse_secret(
        text: String,
        tables: &'static [&'static str],
    ) -> Result<Sectioned, ParseError> {
        Sectioned::read(text, tables, true)
    }

    fn read(
        text: String,
        tables: &'static [&'static str],
        wipe: bool,
    ) -> Result<Sectioned, ParseError> {
        let mut tail = text.len()..text.len();
        let (root, sections) = match scan(&text, tables) {
            Some((found, last_line_end)) => {
                tail.start = last_line_end;
                let root_end = found.first().map_or(tail.start, |h| h.start);
                let ends: Vec<usize> = found.iter().skip(1).map(|h| h.start).collect();
                let ends = ends.into_iter().chain([tail.start]);
                let sections = found
                    .into_iter()
                    .zip(ends)
                    .map(|(header, end)| Section {
                        table: tables[header.table],
                        key: header.key,
                        part: Part::new(header.start..end),
                    })
                    .collect();
                (Part::new(0..root_end), Some(sections))
            }
            None => (Part::new(0..text.len()), None),
        };
        let split = sections.is_some();
        let file = Sectioned {
            tables,
            root,
            sections: sections.unwrap_or_default(),
            tail,
            split,
            text,
            wipe,
        };
        // The root is small when split, and the whole file when not: either way it is
        // read by every run, and its errors are the file's.
        file.root.table(&file.text)?;
        Ok(file)
    }

    /// The top-level table (without the sections of a split file).
    pub fn root(&self) -> &Table {
        self.root
            .table(&self.text)
            .expect("the root is parsed when the file is read")
    }

    pub fn root_mut(&mut self) -> &mut DocumentMut {
        self.root
            .edit(&self.text)
            .expect("the root is parsed when the file is read")
    }

    /// The entry `[table.key]`.
    pub fn get(&self, table: &str, key: &str) -> Result<Option<&Item>, ParseError> {
        let holder = match self.section(table, key) {
            Some(i) => self.sections[i].part.table(&self.text)?,
            None => self.root(),
        };
        Ok(holder.get(table).and_then(|t| t.get(key)))
    }

    /// The keys of `table`, in file order.
    pub fn keys(&self, table: &str) -> Vec<String> {
        let mut keys: Vec<String> = self
            .root()
            .get(table)
            .and_then(Item::as_table_like)
            .map(|t| t.iter().map(|(key, _)| key.to_owned()).collect())
            .unwrap_or_default();
        for section in &self.sections {
            if section.table == table && section.holds_entry() {
                keys.push(section.key.clone());
            }
        }
        keys
    }

    /// The entries of `table`, in file order.
    pub fn entries(&self, table: &str) -> Result<Vec<(&str, &Item)>, ParseError> {
        let mut entries: Vec<(&str, &Item)> = self
            .root()
            .get(table)
            .and_then(Item::as_table_like)
            .map(|t| t.iter().collect())
            .unwrap_or_default();
        for section in self.sections.iter().filter(|s| s.table == table) {
            let held = section.part.table(&self.text)?;
            if let Some(item) = held.get(table).and_then(|t| t.get(&section.key)) {
                entries.push((&section.key, item));
            }
        }
        Ok(entries)
    }

    /// The document that holds `[table.key]`, or that will once it is written there: its
    /// own section (a new one, after the last of its table, when the file is split and
    /// has none), or the root.
    pub fn edit(&mut self, table: &str, key: &str) -> Result<&mut DocumentMut, ParseError> {
        let found = self.section(table, key);
        let in_root = self.root().contains_key(table);
        let sectioned = self.tables.iter().copied().find(|t| *t == table);
        let i = match (found, sectioned) {
            (Some(i), _) => i,
            (None, None) => return Ok(self.root_mut()),
            (None, Some(_)) if !self.split || in_root => return Ok(self.root_mut()),
            (None, Some(table)) => {
                // Where toml_edit puts a new table: after the last of its siblings, or
                // at the end when it has none.
                let at = self
                    .sections
                    .iter()
                    .rposition(|s| s.table == table && s.holds_entry())
                    .map_or(self.sections.len(), |i| i + 1);
                self.sections.insert(
                    at,
                    Section {
                        table,
                        key: key.to_owned(),
                        part: Part::added(),
                    },
                );
                at
            }
        };
        self.sections[i].part.edit(&self.text)
    }

    /// The file's text, with the changes made.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 256);
        self.root.render(&self.text, &mut out);
        for section in &self.sections {
            match &section.part.edit {
                Some(doc) if section.part.range.is_empty() => {
                    // Added by this run (and perhaps emptied again).
                    let added = doc.to_string();
                    if added.is_empty() {
                        continue;
                    }
                    if !out.is_empty() {
                        if !out.ends_with('\n') {
                            out.push('\n');
                        }
                        // A blank line above, as toml_edit writes a table after others.
                        out.push('\n');
                    }
                    out.push_str(&added);
                }
                _ => section.part.render(&self.text, &mut out),
            }
        }
        out.push_str(&self.text[self.tail.clone()]);
        out
    }

    /// The section holding `[table.key]`. One this run emptied is passed over: an entry
    /// written again goes where toml_edit would put a new one.
    fn section(&self, table: &str, key: &str) -> Option<usize> {
        self.sections
            .iter()
            .position(|s| s.key == key && s.table == table && s.holds_entry())
    }
}

impl Drop for Sectioned {
    fn drop(&mut self) {
        if self.wipe {
            self.text.zeroize();
        }
    }
}

/// A section's header, found by [`scan`].
#[derive(Debug, PartialEq, Eq)]
struct Header {
    /// Which of the tables.
    table: usize,
    /// Where its section starts (with the comments above it).
    start: usize,
    key: String,
}

/// The sections of `text`, and where its last line holding something other than
/// comments ends, when every table header in it is
/// `[<table>.<key>]` for one of `tables`, named once, and the rest is plain key-value lines
/// whose values are strings, booleans or dates: a section is then a TOML document of its
/// own that toml_edit parses. `None` for anything else (and for a file with errors, which
/// the whole parse then reports).
fn scan(text: &str, tables: &[&str]) -> Option<(Vec<Header>, usize)> {
    // A last line without its newline, which toml_edit adds to whatever it writes again,
    // and CRLF line ends (a file saved by Notepad), which it writes as LF once it edits the
    // document: spliced, the sections left as read would keep them.
    if (!text.is_empty() && !text.ends_with('\n'))
        || memchr::memchr(b'\r', text.as_bytes()).is_some()
    {
        return None;
    }
    let (sections, cut) = match lines(text, tables) {
        Some(found) => found,
        None => events(text, tables)?,
    };
    // Each table's sections together, as synchup-setup writes them: toml_edit orders the
    // tables of interleaved ones in ways a splice would not follow.
    let mut order: Vec<usize> = sections.iter().map(|h| h.table).collect();
    order.dedup();
    let runs = order.len();
    order.sort_unstable();
    order.dedup();
    if order.len() != runs {
        return None;
    }
    let mut names = std::collections::HashSet::with_capacity(sections.len());
    if !sections
        .iter()
        .all(|h| names.insert((h.table, h.key.as_str())))
    {
        return None;
    }
    Some((sections, cut))
}

/// The lines synchup-setup writes, told apart without the TOML parser, which costs ten
/// times as much: blank lines, comments, `[<table>.<key>]` headers, and `key = value` lines
/// with a bare key and a value that is a string of printable ASCII without escapes, a
/// boolean or a date, each perhaps with a comment after it. A file with any other line
/// (quoted keys, escapes, letters beyond ASCII in a value, numbers, anything wrong) is left
/// to [`events`]; `tests` checks that both find the same sections wherever this one finds
/// any.
fn lines(text: &str, tables: &[&str]) -> Option<(Vec<Header>, usize)> {
    let mut sections = Vec::new();
    // The keys of the current section (or of the top level).
    let mut keys: Vec<&str> = Vec::new();
    let (mut cut, mut start) = (0, 0);
    // Every line ends with a newline: `scan` sends no other file here.
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        let line = blanks_off(&text[start..end]);
        start = end + 1;
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = after(line, b'#') {
            comment_text(comment)?;
            continue;
        }
        if let Some(header) = after(line, b'[') {
            let (table, rest) = bare_key(header)?;
            let (key, rest) = bare_key(after(rest, b'.')?)?;
            line_end(after(rest, b']')?)?;
            let table = tables.iter().position(|t| *t == table)?;
            sections.push(Header {
                table,
                start: cut,
                key: key.to_owned(),
            });
            keys.clear();
        } else {
            let (key, rest) = bare_key(line)?;
            let value = after(blanks_off(rest), b'=')?;
            let at_root = sections.is_empty();
            if keys.contains(&key) || (at_root && tables.contains(&key)) {
                return None;
            }
            keys.push(key);
            line_end(plain_value(blanks_off(value))?)?;
        }
        cut = start;
    }
    Some((sections, cut))
}

/// `text` after the ASCII character it starts with, if it starts with that one.
fn after(text: &str, ascii: u8) -> Option<&str> {
    (text.as_bytes().first() == Some(&ascii)).then(|| &text[1..])
}

/// `text` without the spaces and tabs it starts with.
fn blanks_off(text: &str) -> &str {
    let blanks = text
        .bytes()
        .position(|b| b != b' ' && b != b'\t')
        .unwrap_or(text.len());
    &text[blanks..]
}

/// A bare key (ASCII letters, digits, `_` and `-`) at the start of `text`, and the rest.
fn bare_key(text: &str) -> Option<(&str, &str)> {
    let len = text
        .bytes()
        .position(|b| !BARE[usize::from(b)])
        .unwrap_or(text.len());
    (len > 0).then(|| text.split_at(len))
}

/// The bytes of a bare key, looked up rather than compared: a config has 20,000 keys.
const BARE: [bool; 256] = {
    let mut bare = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        bare[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
        b += 1;
    }
    bare
};

/// A comment's text: any but control characters (a tab is allowed). Checked without an
/// early exit, which the compiler turns into wide instructions.
fn comment_text(text: &str) -> Option<()> {
    text.bytes()
        .fold(true, |ok, b| ok & ((b >= 0x20 && b != 0x7f) | (b == b'\t')))
        .then_some(())
}

/// What may follow a value or a header on its line: spaces, and a comment.
fn line_end(rest: &str) -> Option<()> {
    let rest = blanks_off(rest);
    match after(rest, b'#') {
        Some(comment) => comment_text(comment),
        None => rest.is_empty().then_some(()),
    }
}

/// A string of printable ASCII without escapes, a boolean or a date at the start of
/// `value`; the rest of the line after it.
fn plain_value(value: &str) -> Option<&str> {
    let quoted = |quote: u8| {
        let inside = &value.as_bytes()[1..];
        let end = memchr::memchr(quote, inside)?;
        inside[..end]
            .iter()
            .fold(true, |ok, &b| ok & (0x20..0x7f).contains(&b) & (b != b'\\'))
            .then(|| &value[end + 2..])
    };
    match value.as_bytes().first()? {
        b'"' => quoted(b'"'),
        b'\'' => quoted(b'\''),
        b't' => value.strip_prefix("true"),
        b'f' => value.strip_prefix("false"),
        b'0'..=b'9' => {
            let end = value
                .bytes()
                .position(|b| !(b.is_ascii_digit() || b"-:.TZ+".contains(&b)))
                .unwrap_or(value.len());
            let (date, rest) = value.split_at(end);
            date.parse::<toml_edit::Datetime>().ok().map(|_| rest)
        }
        _ => None,
    }
}

/// [`scan`] through the TOML parser's events: for a file whose lines are not all of the
/// kinds [`lines`] knows.
fn events(text: &str, tables: &[&str]) -> Option<(Vec<Header>, usize)> {
    let source = Source::new(text);
    let tokens = source.lex().into_vec();
    let mut scan = Scan {
        source,
        tables,
        plain: true,
        sections: Vec::new(),
        header: None,
        keys: Vec::new(),
        key_parts: 0,
        cut: 0,
        content: false,
    };
    let mut errors = false;
    let mut sink = |_: toml_parser::ParseError| errors = true;
    // Comments and whitespace are checked as toml_edit checks them.
    let mut validated = ValidateWhitespace::new(&mut scan, source);
    toml_parser::parser::parse_document(&tokens, &mut validated, &mut sink);
    if errors || !scan.plain {
        return None;
    }
    Some((scan.sections, scan.cut))
}

/// The parser's events, read for [`scan`].
struct Scan<'s, 't> {
    source: Source<'s>,
    tables: &'t [&'t str],
    /// Still shaped in sections.
    plain: bool,
    sections: Vec<Header>,
    /// A header being read: where its section starts, and its keys.
    header: Option<(usize, Vec<String>)>,
    /// The keys of the current section (or of the root), as written.
    keys: Vec<&'s str>,
    /// The keys of the key-value line being read (more than one: dotted).
    key_parts: usize,
    /// Where a section starting now would start: after the last line holding a key-value
    /// or a header. The comments and blank lines above a header are its own, as toml_edit
    /// reads them.
    cut: usize,
    /// The current line holds a key-value or a header.
    content: bool,
}

impl<'s> Scan<'s, '_> {
    /// The text of an event, with the quoting the parser found (which decoding needs).
    fn raw(&self, span: Span, kind: Option<Encoding>) -> Option<toml_parser::Raw<'s>> {
        let text = self.source.input().get(span.start()..span.end())?;
        Some(toml_parser::Raw::new_unchecked(text, kind, span))
    }
}

impl EventReceiver for Scan<'_, '_> {
    fn std_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.header = Some((self.cut, Vec::new()));
        self.keys.clear();
    }

    fn std_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.content = true;
        let Some((start, mut keys)) = self.header.take() else {
            self.plain = false;
            return;
        };
        let table = match keys.as_slice() {
            [table, _] => self.tables.iter().position(|t| t == table),
            _ => None,
        };
        match (table, keys.pop()) {
            (Some(table), Some(key)) => self.sections.push(Header { table, start, key }),
            _ => self.plain = false,
        }
    }

    fn array_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.plain = false;
    }

    // Not entered (the parser skips to its end): the whole parse reads it.
    fn inline_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.plain = false;
        false
    }

    fn array_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.plain = false;
        false
    }

    fn simple_key(&mut self, span: Span, kind: Option<Encoding>, error: &mut dyn ErrorSink) {
        let Some(raw) = self.raw(span, kind) else {
            self.plain = false;
            return;
        };
        if let Some((_, keys)) = &mut self.header {
            let mut key = std::borrow::Cow::Borrowed("");
            raw.decode_key(&mut key, error);
            keys.push(key.into_owned());
            return;
        }
        self.key_parts += 1;
        // A quoted key may be written two ways, which a check for duplicates by text
        // would miss; synchup-setup writes none.
        if kind.is_some() || self.key_parts > 1 {
            self.plain = false;
            return;
        }
        let key = raw.as_str();
        let at_root = self.sections.is_empty();
        if self.keys.contains(&key) || (at_root && self.tables.contains(&key)) {
            self.plain = false;
        }
        self.keys.push(key);
    }

    fn key_val_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.key_parts = 0;
        self.content = true;
    }

    fn scalar(&mut self, span: Span, kind: Option<Encoding>, _error: &mut dyn ErrorSink) {
        let Some(raw) = self.raw(span, kind) else {
            self.plain = false;
            return;
        };
        // The strings synchup-setup writes hold printable ASCII and no escapes, which need
        // no decoding to be known valid: the lexer found both quotes.
        let simple = |quote: u8| {
            let bytes = raw.as_bytes();
            bytes.len() >= 2
                && bytes[0] == quote
                && bytes[bytes.len() - 1] == quote
                && bytes[1..bytes.len() - 1]
                    .iter()
                    .all(|&b| (0x20..0x7f).contains(&b) && b != b'\\' && b != quote)
        };
        match kind {
            Some(Encoding::BasicString) if simple(b'"') => return,
            Some(Encoding::LiteralString) if simple(b'\'') => return,
            _ => {}
        }
        let mut bad = false;
        let mut sink = |_: toml_parser::ParseError| bad = true;
        let kind = raw.decode_scalar(&mut (), &mut sink);
        let plain = match kind {
            ScalarKind::String | ScalarKind::Boolean(_) => true,
            ScalarKind::DateTime => raw.as_str().parse::<toml_edit::Datetime>().is_ok(),
            // Never written by synchup-setup; the whole parse checks their range.
            ScalarKind::Float | ScalarKind::Integer(_) => false,
        };
        if bad || !plain {
            self.plain = false;
        }
    }

    fn newline(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        if self.content {
            self.cut = span.end();
            self.content = false;
        }
    }

    fn error(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.plain = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLES: &[&str] = &["profiles", "pending_tokens"];

    /// The file parsed whole, as one of another shape is.
    fn whole(text: &str) -> Sectioned {
        let file = Sectioned {
            text: text.to_owned(),
            root: Part::new(0..text.len()),
            sections: Vec::new(),
            tail: text.len()..text.len(),
            split: false,
            wipe: false,
            tables: TABLES,
        };
        file.root.table(&file.text).unwrap();
        file
    }

    fn split(text: &str) -> Sectioned {
        let file = Sectioned::parse(text.to_owned(), TABLES).unwrap();
        assert!(file.split, "{text}");
        file
    }

    const CONFIG: &str = "\
# notes at the top
default_profile = \"b\"

# the first store
[profiles.a]
store_hash = \"abc1234\" # its hash
updated_at = 2026-11-25T17:20:25Z
b2b_edition = true

[profiles.b]
store_hash = 'xyz'

# a save that may not have finished
[pending_tokens.p1]
profile = \"a\"
# trailing words
";

    /// The same changes, made on a split file and on the same file parsed whole.
    fn both(text: &str, change: impl Fn(&mut Sectioned)) -> (String, String) {
        let (mut a, mut b) = (split(text), whole(text));
        change(&mut a);
        change(&mut b);
        (a.render(), b.render())
    }

    fn set(file: &mut Sectioned, table: &str, key: &str, name: &str, value: &str) {
        let doc = file.edit(table, key).unwrap();
        let tables = doc.entry(table).or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        });
        let entry = tables
            .as_table_like_mut()
            .unwrap()
            .entry(key)
            .or_insert(Item::Table(Table::new()));
        entry
            .as_table_like_mut()
            .unwrap()
            .insert(name, toml_edit::value(value));
    }

    fn remove(file: &mut Sectioned, table: &str, key: &str) {
        let doc = file.edit(table, key).unwrap();
        let tables = doc.get_mut(table).unwrap().as_table_like_mut().unwrap();
        tables.remove(key);
        if tables.is_empty() {
            doc.remove(table);
        }
    }

    #[test]
    fn a_file_only_read_is_written_back_as_it_was() {
        let file = split(CONFIG);
        assert_eq!(file.sections.len(), 3);
        assert_eq!(file.render(), CONFIG);
        assert_eq!(file.keys("profiles"), ["a", "b"]);
        assert_eq!(file.keys("pending_tokens"), ["p1"]);
        assert_eq!(
            file.root().get("default_profile").unwrap().as_str(),
            Some("b")
        );
        let a = file.get("profiles", "a").unwrap().unwrap();
        assert_eq!(a.get("store_hash").unwrap().as_str(), Some("abc1234"));
        assert!(file.get("profiles", "c").unwrap().is_none());
    }

    #[test]
    fn the_comments_above_a_header_are_its_own() {
        let file = split(CONFIG);
        let b = &file.sections[1].part;
        assert!(file.text[b.range.clone()].starts_with("\n[profiles.b]"));
        let p = &file.sections[2].part;
        assert!(file.text[p.range.clone()].starts_with("\n# a save that may"));
        assert!(file.text[..file.sections[0].part.range.start].ends_with("\"b\"\n"));
    }

    #[test]
    fn changes_read_the_same_split_or_whole() {
        type Change = Box<dyn Fn(&mut Sectioned)>;
        let changes: Vec<(&str, Change)> = vec![
            (
                "a value changed",
                Box::new(|f| set(f, "profiles", "a", "client_id", "new")),
            ),
            (
                "an existing value replaced",
                Box::new(|f| set(f, "profiles", "b", "store_hash", "q")),
            ),
            (
                "a profile added",
                Box::new(|f| set(f, "profiles", "c", "store_hash", "c1")),
            ),
            (
                "a pending token added",
                Box::new(|f| set(f, "pending_tokens", "p2", "profile", "b")),
            ),
            (
                "a profile removed",
                Box::new(|f| remove(f, "profiles", "a")),
            ),
            (
                "the last pending token removed",
                Box::new(|f| remove(f, "pending_tokens", "p1")),
            ),
            (
                "a pending token added and forgotten",
                Box::new(|f| {
                    set(f, "pending_tokens", "p2", "profile", "b");
                    remove(f, "pending_tokens", "p2");
                }),
            ),
            (
                "the root changed",
                Box::new(|f| {
                    f.root_mut()
                        .insert("default_profile", toml_edit::value("a"));
                }),
            ),
        ];
        for (what, change) in &changes {
            let (split, whole) = both(CONFIG, change);
            assert_eq!(split, whole, "{what}");
        }
        // Saved by Notepad, its lines end in CRLF, which toml_edit writes as LF once it
        // edits the document: such a file is parsed whole, and so written all in LF.
        let crlf = CONFIG.replace('\n', "\r\n");
        let mut file = Sectioned::parse(crlf, TABLES).unwrap();
        assert!(!file.split);
        set(&mut file, "profiles", "a", "client_id", "new");
        assert!(!file.render().contains('\r'));
        for text in ["# only words\n", "a = \"1\"\n# words\n\n", ""] {
            let (split, whole) = both(text, |f| set(f, "profiles", "a", "x", "1"));
            assert_eq!(split, whole, "the first section, after {text:?}");
        }
    }

    #[test]
    fn line_and_column_are_one_based() {
        assert_eq!(line_column("ab\ncd", 0), (1, 1));
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
    }

    #[test]
    fn other_shapes_are_parsed_whole() {
        for text in [
            "profiles.a.store_hash = \"x\"\n",
            "[profiles]\na = { store_hash = \"x\" }\n",
            "[profiles.a]\nstore_hash = \"x\"\n[profiles.a.extra]\ny = \"z\"\n",
            "[profiles.a]\nx = \"1\"\n[profiles.a]\ny = \"2\"\n",
            "[profiles.a]\nx = 1\n",
            "[profiles.a]\nx = [\"1\"]\n",
            "[profiles.a]\n\"x\" = \"1\"\nx = \"2\"\n",
            "[other]\nx = \"1\"\n",
            "[[profiles.a]]\nx = \"1\"\n",
            "[profiles.a]\nx.y = \"1\"\n",
            "[profiles.a]\n[pending_tokens.b]\n[profiles.c]\n",
        ] {
            let file = Sectioned::parse(text.to_owned(), TABLES);
            if let Ok(file) = file {
                assert!(!file.split, "{text}");
                assert_eq!(file.render(), text);
            }
        }
        // Escapes and letters beyond ASCII are read as the whole parse reads them.
        let file = split("[profiles.a]\nx = \"a\\\"b\\u00e9\"\ny = 'é'\n");
        let a = file.get("profiles", "a").unwrap().unwrap();
        assert_eq!(a.get("x").unwrap().as_str(), Some("a\"bé"));
        assert_eq!(a.get("y").unwrap().as_str(), Some("é"));
        // Quoted names are a profile's like any other.
        let file = split("[profiles.\"my shop\"]\nx = \"1\"\n");
        assert_eq!(file.keys("profiles"), ["my shop"]);
    }

    #[test]
    fn errors_anywhere_are_found_when_the_file_is_read() {
        let text = format!("{CONFIG}[profiles.c]\nx = \"\\q\"\n");
        let err = Sectioned::parse(text.clone(), TABLES).err().unwrap();
        assert_eq!((err.line, err.column), (text.lines().count(), 7), "{err:?}");
        for broken in [
            "[profiles.a\n",
            "a = \n",
            "[profiles.a]\nx = \"1\"\nx = \"2\"\n",
            "[profiles.a]\nx = 'a\u{1}b'\n",
            "[profiles.a]\nx = \"a\u{7f}\"\n",
            "[profiles.a]\nx = 2026-13-45T00:00:00Z\n",
        ] {
            assert!(
                Sectioned::parse(broken.to_owned(), TABLES).is_err(),
                "{broken}"
            );
        }
    }

    mod model {
        use super::*;
        use proptest::prelude::*;

        const NAMES: &[&str] = &["a", "b", "c", "d"];

        /// A file as synchup-setup writes it, with hand-added comments and blank lines.
        fn file() -> impl Strategy<Value = String> {
            let section = (
                0..2usize,
                prop::bool::ANY,
                0..2usize,
                prop::sample::select(NAMES),
                prop::sample::select(TABLES),
            );
            (
                prop::bool::ANY,
                prop::collection::vec(section, 0..6),
                prop::bool::ANY,
                prop::bool::ANY,
            )
                .prop_map(|(root, sections, trailing, final_newline)| {
                    let mut text = String::new();
                    if root {
                        text.push_str("# notes\ndefault_profile = \"a\"\n");
                    }
                    let mut seen = Vec::new();
                    for (blank, comment, keys, name, table) in sections {
                        if seen.contains(&(table, name)) {
                            continue;
                        }
                        seen.push((table, name));
                        text.push_str(&"\n".repeat(blank));
                        if comment {
                            text.push_str("# about it\n");
                        }
                        text.push_str(&format!("[{table}.{name}]\n"));
                        for k in 0..keys {
                            text.push_str(&format!("k{k} = \"v{k}\" # kept\n"));
                        }
                    }
                    if trailing {
                        text.push_str("\n# the end\n");
                    }
                    if !final_newline {
                        text.pop();
                    }
                    text
                })
        }

        #[derive(Debug, Clone)]
        enum Op {
            Set(&'static str, &'static str, &'static str),
            Remove(&'static str, &'static str),
            Root,
        }

        fn op() -> impl Strategy<Value = Op> {
            let key = (prop::sample::select(TABLES), prop::sample::select(NAMES));
            prop_oneof![
                (key.clone(), prop::sample::select(&["k0", "k1", "k2"][..]))
                    .prop_map(|((t, n), k)| Op::Set(t, n, k)),
                key.prop_map(|(t, n)| Op::Remove(t, n)),
                Just(Op::Root),
            ]
        }

        fn apply(file: &mut Sectioned, op: &Op) {
            match *op {
                Op::Set(table, key, name) => set(file, table, key, name, "new"),
                Op::Remove(table, key) => {
                    if file.keys(table).iter().any(|k| k == key) {
                        remove(file, table, key);
                    }
                }
                Op::Root => {
                    file.root_mut()
                        .insert("default_profile", toml_edit::value("b"));
                }
            }
        }

        /// An entry's keys and values (its text shows only what an edit made).
        fn values(item: Option<&Item>) -> Option<Vec<(String, Option<String>)>> {
            let table = item?.as_table_like()?;
            Some(
                table
                    .iter()
                    .map(|(k, v)| (k.to_owned(), v.as_str().map(str::to_owned)))
                    .collect(),
            )
        }

        proptest! {
            /// Whatever is changed, a file read in sections is written, and read back,
            /// as the same file parsed whole.
            #[test]
            fn split_and_whole_agree(text in file(), ops in prop::collection::vec(op(), 0..6)) {
                let mut a = Sectioned::parse(text.clone(), TABLES).unwrap();
                let interleaved = text.matches("[profiles.").count() > 0
                    && text.matches("[pending_tokens.").count() > 0
                    && {
                        let first = |t: &str| text.find(t).unwrap_or(0);
                        let last = |t: &str| text.rfind(t).unwrap_or(0);
                        let (p0, p1) = (first("[profiles."), last("[profiles."));
                        let (q0, q1) = (first("[pending_tokens."), last("[pending_tokens."));
                        !(p1 < q0 || q1 < p0)
                    };
                prop_assert_eq!(
                    a.split,
                    (text.is_empty() || text.ends_with('\n')) && !interleaved
                );
                let mut b = whole(&text);
                for op in &ops {
                    apply(&mut a, op);
                    apply(&mut b, op);
                    prop_assert_eq!(a.render(), b.render());
                    for table in TABLES {
                        prop_assert_eq!(a.keys(table), b.keys(table));
                        for key in NAMES {
                            prop_assert_eq!(
                                values(a.get(table, key).unwrap()),
                                values(b.get(table, key).unwrap())
                            );
                        }
                    }
                }
            }
        }
    }

    mod lines {
        use super::*;
        use proptest::prelude::*;

        /// Lines synchup-setup writes, and lines near them that it does not.
        const LINES: &[&str] = &[
            "",
            "   ",
            "\t",
            "# words",
            "# words é",
            "#\u{1} a control character",
            "# \u{7f}",
            "[profiles.a]",
            "[pending_tokens.b]",
            "[profiles.c] # words",
            "  [profiles.d]",
            "[ profiles.a ]",
            "[profiles.\"q\"]",
            "[other.x]",
            "[profiles]",
            "[profiles.a.b]",
            "[[profiles.e]]",
            "k = \"v\"",
            "k=\"v\"",
            "k2 = 'v'",
            "k3 = \"v\" # words",
            "k4 = \"a\\\"b\"",
            "k5 = \"é\"",
            "k6 = true",
            "k7 = truex",
            "k8 = false # words",
            "k9 = 2026-11-25T17:20:25Z",
            "k10 = 2026-13-45T00:00:00Z",
            "k11 = 1979-05-27",
            "k12 = 07:32:00",
            "k13 = 1979-05-27 07:32:00Z",
            "k14 = 1",
            "k15 = 2026",
            "k16 = [1]",
            "k17 = {a = 1}",
            "k.x = \"v\"",
            "\"k\" = \"v\"",
            "k18 = \"v\" x",
            "profiles = \"v\"",
            "k19 = \"\"\"ml\"\"\"",
            "k20 = \"open",
            "k21 = \"v\"\r",
            "default_profile = \"a\"",
            "  k22 = \"v\"",
            "k23 = \"v\"#words",
        ];

        proptest! {
            /// Where the lines alone find the sections, the TOML parser finds the same.
            #[test]
            fn lines_and_events_agree(
                picked in prop::collection::vec(prop::sample::select(LINES), 0..12)
            ) {
                let mut text = picked.join("\n");
                text.push('\n');
                if let Some(found) = super::super::lines(&text, TABLES) {
                    prop_assert_eq!(Some(found), super::super::events(&text, TABLES), "{}", text);
                }
            }
        }

        #[test]
        fn the_lines_synchup_setup_writes_need_no_parser() {
            let text = "# notes\ndefault_profile = \"a\"\n\n[profiles.a]\n\
                        store_hash = \"abc1234\" # kept\nb2b_edition = true\n\
                        updated_at = 2026-11-25T17:20:25Z\n";
            let (sections, cut) = super::super::lines(text, TABLES).unwrap();
            assert_eq!((sections.len(), cut), (1, text.len()));
            assert_eq!(Some((sections, cut)), super::super::events(text, TABLES));
        }
    }
}
