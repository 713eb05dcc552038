//! Everything said to the admin goes through [`Ui`], on standard error, so that standard
//! output stays clean for scripts.
//!
//! How text looks depends on where it goes, decided once per stream:
//! - **Colour** follows `console`: on for a terminal, off for `NO_COLOR`, `CLICOLOR=0` and
//!   output that is not a terminal (`CLICOLOR_FORCE` forces it). Colour only ever adds
//!   emphasis: every meaning is also in the words or the markers.
//! - **Symbols** (`✔ ⚠ ✘ · › → …`) are for a terminal with a UTF-8 locale. Elsewhere (a
//!   pipe, a log, a file) the same lines carry plain ASCII: `ok:`, `warning:`, `error:`,
//!   `note:`, `>`, `->`, `...`. `NO_COLOR` is about colour and leaves symbols alone.
//! - **Width**: on a terminal, lines are wrapped at its width (at most [`MAX_WIDTH`]) from
//!   the words, never inside a word, so a name, path or value is never split, not even at
//!   a hyphen; nor inside a command with its flags and their values (`synchup-setup token
//!   --show`), a flag with its value (`--identity KEYFILE`), `line 4`, or a quoted name
//!   (`"API Credentials.txt"`: [`file_name`] quotes a name with a space). Off a terminal
//!   each message stays on one line.
//! - **Verbosity**: `-q` drops notes and success reports (warnings, errors and questions
//!   stay); `-v` adds what was asked of the keychain and of BigCommerce.

use std::cell::{Cell, RefCell};
use std::fmt::Display;
use std::io::Write;
use std::rc::Rc;

use console::Style;
use textwrap::{Options, WordSplitter};

/// How much to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// Warnings, errors and questions only.
    Quiet,
    #[default]
    Normal,
    /// Also what was asked of the keychain and of BigCommerce.
    Verbose,
}

/// The kinds of line that carry a marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Success,
    Warning,
    Error,
    Info,
}

impl Mark {
    /// The marker on a terminal that shows symbols, and its plain-ASCII form.
    fn text(self, symbols: bool) -> &'static str {
        match (self, symbols) {
            (Mark::Success, true) => "✔ ",
            (Mark::Warning, true) => "⚠ ",
            (Mark::Error, true) => "✘ ",
            (Mark::Info, true) => "· ",
            (Mark::Success, false) => "ok: ",
            (Mark::Warning, false) => "warning: ",
            (Mark::Error, false) => "error: ",
            (Mark::Info, false) => "note: ",
        }
    }

    fn style(self) -> Style {
        match self {
            Mark::Success => Style::new().green(),
            Mark::Warning => Style::new().yellow(),
            Mark::Error => Style::new().red().bold(),
            Mark::Info => Style::new().dim(),
        }
    }

    const ALL: [Mark; 4] = [Mark::Success, Mark::Warning, Mark::Error, Mark::Info];
}

/// The typographic symbols used in running text, and what a stream without symbols gets.
const SYMBOLS: [(char, &str); 3] = [('›', ">"), ('→', "->"), ('…', "...")];

/// Where messages go: standard error, standard output, or a buffer in tests. Clones write
/// to the same stream, so a callback (a keychain that is slow to answer, a lock that is
/// held) can say something on the stream of the run it belongs to.
#[derive(Clone)]
pub struct Ui {
    out: Rc<RefCell<Box<dyn Write>>>,
    color: bool,
    symbols: bool,
    /// Whether the terminal shows OSC 8 hyperlinks, as `supports-hyperlinks` tells from
    /// the environment (`FORCE_HYPERLINK` overrides it); never off a terminal.
    hyperlinks: bool,
    /// Where to wrap lines: the terminal's width (at most [`MAX_WIDTH`]); `None` when the
    /// output is not a terminal, so logs keep one message per line.
    width: Option<usize>,
    verbosity: Verbosity,
    /// The first write that failed: a command whose output was lost must not succeed.
    failed: Rc<Cell<Option<std::io::ErrorKind>>>,
}

/// Long lines are hard to read even on a wide terminal.
const MAX_WIDTH: usize = 100;

/// The narrowest value column worth keeping a table's columns for.
const MIN_COLUMN: usize = 20;

fn terminal_width(term: &console::Term) -> Option<usize> {
    term.size_checked()
        .map(|(_, columns)| usize::from(columns).min(MAX_WIDTH))
        .filter(|width| *width >= 20)
}

/// What a test reads back from a captured [`Ui`].
#[derive(Clone, Default)]
pub struct Captured(Rc<RefCell<Vec<u8>>>);

impl Captured {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Ui {
    /// Standard error, where messages go. Only the process context and the signal handler
    /// make one; everything else is handed the context's.
    pub fn stderr() -> Self {
        let term = console::Term::stderr();
        Ui {
            out: Rc::new(RefCell::new(Box::new(std::io::stderr()))),
            color: console::colors_enabled_stderr(),
            symbols: term.features().wants_emoji(),
            hyperlinks: supports_hyperlinks::on(supports_hyperlinks::Stream::Stderr),
            width: terminal_width(&term),
            verbosity: Verbosity::Normal,
            failed: Rc::default(),
        }
    }

    /// For a command's own output (`show`, `steps`), which belongs on standard output.
    pub fn stdout() -> Self {
        let term = console::Term::stdout();
        Ui {
            out: Rc::new(RefCell::new(Box::new(std::io::stdout()))),
            color: console::colors_enabled(),
            symbols: term.features().wants_emoji(),
            hyperlinks: supports_hyperlinks::on(supports_hyperlinks::Stream::Stdout),
            width: terminal_width(&term),
            verbosity: Verbosity::Normal,
            failed: Rc::default(),
        }
    }

    /// A plain-text `Ui` whose output a test can read, as a pipe would get it.
    pub fn capture() -> (Self, Captured) {
        let captured = Captured::default();
        let ui = Ui {
            out: Rc::new(RefCell::new(Box::new(captured.clone()))),
            color: false,
            symbols: false,
            hyperlinks: false,
            width: None,
            verbosity: Verbosity::Normal,
            failed: Rc::default(),
        };
        (ui, captured)
    }

    /// A captured `Ui` as a terminal of `width` columns without colour would get it.
    pub fn capture_terminal(width: usize) -> (Self, Captured) {
        let (mut ui, captured) = Ui::capture();
        ui.symbols = true;
        ui.width = Some(width);
        (ui, captured)
    }

    /// The same, on a terminal that shows hyperlinks.
    pub fn with_hyperlinks(mut self) -> Self {
        self.hyperlinks = true;
        self
    }

    pub fn with_verbosity(mut self, verbosity: Verbosity) -> Self {
        self.verbosity = verbosity;
        self
    }

    pub fn color(&self) -> bool {
        self.color
    }

    /// Whether the stream shows symbols (a terminal with a UTF-8 locale).
    pub fn symbols(&self) -> bool {
        self.symbols
    }

    /// The width lines are wrapped at, on a terminal.
    pub fn width(&self) -> Option<usize> {
        self.width
    }

    pub fn is_quiet(&self) -> bool {
        self.verbosity == Verbosity::Quiet
    }

    pub fn is_verbose(&self) -> bool {
        self.verbosity == Verbosity::Verbose
    }

    fn paint(&self, style: Style, text: impl Display) -> String {
        if self.color {
            style.force_styling(true).apply_to(text).to_string()
        } else {
            text.to_string()
        }
    }

    /// Running text as this stream shows it: symbols as they are on a terminal, their
    /// ASCII forms elsewhere.
    pub fn plain(&self, text: &str) -> String {
        if self.symbols || !text.contains(|c| SYMBOLS.iter().any(|(s, _)| *s == c)) {
            return text.to_owned();
        }
        let mut shown = String::with_capacity(text.len());
        for c in text.chars() {
            match SYMBOLS.iter().find(|(s, _)| *s == c) {
                Some((_, ascii)) => shown.push_str(ascii),
                None => shown.push(c),
            }
        }
        shown
    }

    /// `…` on a terminal, `...` elsewhere.
    pub fn ellipsis(&self) -> &'static str {
        if self.symbols { "…" } else { "..." }
    }

    // A message that cannot be written to standard error has nowhere else to go.
    fn write(&mut self, text: &str) {
        let text = self.plain(text);
        let text = match self.width {
            Some(width) => wrap(&text, width, self.symbols),
            None => text,
        };
        self.emit(&text);
    }

    fn emit(&mut self, text: &str) {
        let written = writeln!(self.out.borrow_mut(), "{text}");
        self.record(written);
    }

    /// Writes bytes as they are (a command's output: JSON, a token, a script), flushed.
    pub fn raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let written = {
            let mut out = self.out.borrow_mut();
            out.write_all(bytes).and_then(|()| out.flush())
        };
        if let Err(err) = &written {
            self.record(Err(std::io::Error::from(err.kind())));
        }
        written
    }

    fn record(&self, written: std::io::Result<()>) {
        if let Err(err) = written
            && self.failed.get().is_none()
        {
            self.failed.set(Some(err.kind()));
        }
    }

    /// Flushes, and says whether everything written got through: the first write that
    /// failed, if any. (Standard error has nowhere to report its own failures.)
    pub fn finish(&mut self) -> std::result::Result<(), std::io::ErrorKind> {
        let flushed = self.out.borrow_mut().flush();
        self.record(flushed);
        match self.failed.get() {
            Some(kind) => Err(kind),
            None => Ok(()),
        }
    }

    pub fn blank(&mut self) {
        self.emit("");
    }

    /// A web address on a line of its own, `indent` spaces in, never wrapped (a wrapped
    /// address cannot be clicked or copied whole): where it does not fit the terminal, it
    /// is shown without its `https://`, which browsers accept too, and without the indent
    /// if that is still too wide. On a terminal that shows hyperlinks it is one (OSC 8) to
    /// the whole address; elsewhere plain text, which a pipe or a log keeps as it is.
    pub fn link(&mut self, indent: usize, url: &str) {
        let (indent, shown) = match self.width {
            Some(width) if indent + url.len() > width => {
                let short = url.strip_prefix("https://").unwrap_or(url);
                let indent = if indent + short.len() <= width {
                    indent
                } else {
                    0
                };
                (indent, short)
            }
            _ => (indent, url),
        };
        // A control character in the address would end the sequence early.
        let linked = if self.hyperlinks && !url.contains(char::is_control) {
            format!("\x1b]8;;{url}\x1b\\{shown}\x1b]8;;\x1b\\")
        } else {
            shown.to_owned()
        };
        self.emit(&format!("{}{linked}", " ".repeat(indent)));
    }

    pub fn line(&mut self, text: impl Display) {
        self.write(&text.to_string());
    }

    pub fn title(&mut self, text: impl Display) {
        let text = self.paint(Style::new().bold(), text);
        self.write(&text);
    }

    pub fn bold(&self, text: impl Display) -> String {
        self.paint(Style::new().bold(), text)
    }

    pub fn dim(&self, text: impl Display) -> String {
        self.paint(Style::new().dim(), text)
    }

    fn marked(&mut self, mark: Mark, text: impl Display) {
        let text = self.paint(mark.style(), format!("{}{text}", mark.text(self.symbols)));
        self.write(&text);
    }

    /// A report that something worked. Left out with `-q`.
    pub fn success(&mut self, text: impl Display) {
        if !self.is_quiet() {
            self.marked(Mark::Success, text);
        }
    }

    pub fn warning(&mut self, text: impl Display) {
        self.marked(Mark::Warning, text);
    }

    pub fn error(&mut self, text: impl Display) {
        self.marked(Mark::Error, text);
    }

    pub fn hint(&mut self, text: impl Display) {
        let text = format!("  {} {text}", self.paint(Style::new().cyan(), "hint:"));
        self.write(&text);
    }

    /// A note: worth knowing, not worth acting on. Left out with `-q`.
    pub fn info(&mut self, text: impl Display) {
        if !self.is_quiet() {
            let text = self.dim(format!("{}{text}", Mark::Info.text(self.symbols)));
            self.write(&text);
        }
    }

    /// What was asked of the keychain or of BigCommerce (`area`), shown with `-v` only.
    /// Never given a secret.
    pub fn trace(&mut self, area: &str, text: impl Display) {
        if self.is_verbose() {
            let text = self.dim(format!("[{area}] {text}"));
            self.write(&text);
        }
    }

    /// One line of a report: a marker, a label padded to `label_width`, and the text, which
    /// wraps under itself while the column leaves room, else under the label.
    pub fn item(&mut self, mark: Mark, label: &str, label_width: usize, text: impl Display) {
        if mark == Mark::Success && self.is_quiet() {
            return;
        }
        // Markers differ in width without symbols; padding them keeps the labels aligned.
        let marker_width = if self.symbols {
            2
        } else {
            Mark::ALL
                .iter()
                .map(|m| m.text(false).len())
                .max()
                .unwrap_or(0)
        };
        let marker = format!("{:<marker_width$}", mark.text(self.symbols));
        let head = format!("{marker}{label:<label_width$}  ");
        let text = self.plain(&text.to_string());
        let column = marker_width + label_width + 2;
        let lines = match self.width {
            None => vec![format!("{head}{text}")],
            Some(width) => {
                let hang = if width.saturating_sub(column) >= MIN_COLUMN {
                    column
                } else {
                    marker_width
                };
                fill(&text, width, &head, &" ".repeat(hang))
            }
        };
        let style = mark.style();
        for line in lines {
            let line = self.paint(style.clone(), line);
            self.emit(&line);
        }
    }

    /// Rows of `label  value`, the labels padded to one width. On a terminal too narrow for
    /// the value column, each row becomes `label: value` instead, wrapped under itself.
    pub fn table(&mut self, rows: &[(&str, String)]) {
        let label_width = rows
            .iter()
            .map(|(label, _)| console::measure_text_width(label))
            .max()
            .unwrap_or(0);
        let column = 2 + label_width + 2;
        let rows: Vec<(&str, String)> = rows
            .iter()
            .map(|(label, value)| (*label, self.plain(value)))
            .collect();
        let Some(width) = self.width else {
            for (label, value) in &rows {
                let label = self.dim(format!("{label:<label_width$}"));
                self.emit(&format!("  {label}  {value}"));
            }
            return;
        };
        let room = width.saturating_sub(column);
        let columns = room >= MIN_COLUMN
            && rows.iter().all(|(_, value)| {
                value
                    .split_whitespace()
                    .all(|word| console::measure_text_width(word) <= room)
            });
        for (label, value) in &rows {
            let (head, hang) = if columns {
                let head = format!("  {}  ", self.dim(format!("{label:<label_width$}")));
                (head, " ".repeat(column))
            } else {
                (format!("  {}: ", self.dim(label)), " ".repeat(4))
            };
            for line in fill(value, width, &head, &hang) {
                self.emit(&line);
            }
        }
    }

    /// Prepares a question for a terminal line: when the whole question and `reserve`
    /// columns after it (the `(y/N)`, the answer) do not fit, the part before its last
    /// sentence is printed as a line of its own (wrapped), and the last sentence is what is
    /// asked; failing that, the last words that fit. So a closing `?` or `(y/N)` never lands
    /// alone on a line. Returns the text to ask.
    pub fn fit_question(&mut self, question: &str, reserve: usize) -> String {
        // The prompt library puts "? " before the question.
        const PREFIX: usize = 2;
        let Some(width) = self.width else {
            return question.to_owned();
        };
        let fits = |text: &str| PREFIX + console::measure_text_width(text) + reserve <= width;
        if fits(question) {
            return question.to_owned();
        }
        let split = sentence_starts(question)
            .into_iter()
            .find(|&at| fits(&question[at..]))
            .or_else(|| {
                word_starts(question)
                    .into_iter()
                    .find(|&at| at > 0 && fits(&question[at..]))
            });
        match split {
            Some(at) => {
                self.line(question[..at].trim_end());
                question[at..].to_owned()
            }
            None => question.to_owned(),
        }
    }
}

/// Where sentences after the first start: after `. ` or `? ` or `: `.
fn sentence_starts(text: &str) -> Vec<usize> {
    let mut starts: Vec<usize> = text
        .match_indices(". ")
        .chain(text.match_indices("? "))
        .chain(text.match_indices(": "))
        .map(|(at, sep)| at + sep.len())
        .collect();
    starts.sort_unstable();
    starts
}

/// Where the words of a text start.
fn word_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut previous_space = true;
    for (at, c) in text.char_indices() {
        if previous_space && !c.is_whitespace() {
            starts.push(at);
        }
        previous_space = c.is_whitespace();
    }
    starts
}

/// Wraps `text` at `width` from the words: the first line after `head`, the others after
/// `hang`. A word longer than a line stays whole.
fn fill(text: &str, width: usize, head: &str, hang: &str) -> Vec<String> {
    // A first word that fits on a line of its own but not after the head goes below it.
    let first = text
        .split_whitespace()
        .next()
        .map_or(0, console::measure_text_width);
    let (head_width, hang_width) = (
        console::measure_text_width(head),
        console::measure_text_width(hang),
    );
    if head_width + first > width && hang_width + first <= width {
        let mut lines = vec![head.trim_end().to_owned()];
        lines.extend(fill(text, width, hang, hang));
        return lines;
    }
    let options = Options::new(width)
        .initial_indent(head)
        .subsequent_indent(hang)
        .break_words(false)
        .word_splitter(WordSplitter::NoHyphenation);
    let glued = glue(
        text,
        width.saturating_sub(console::measure_text_width(hang) + 2),
    );
    let lines = textwrap::wrap(&glued, options);
    if lines.is_empty() {
        return vec![head.trim_end().to_owned()];
    }
    lines
        .into_iter()
        .map(|line| unglue(line.into_owned()))
        .collect()
}

/// A file's name or path as a sentence shows it: [`printable`], and in quotes when it holds
/// a space, so that it reads as one name and is never broken across lines.
pub fn file_name(path: &str) -> String {
    let shown = printable(path);
    if shown.contains(char::is_whitespace) {
        format!("\"{shown}\"")
    } else {
        shown
    }
}

/// Text from outside (a saved value, a file name, a pasted line) as it may be shown on a
/// terminal or in a log: control characters, escape sequences and bidirectional-text
/// controls are written as visible escapes (`\u{1b}`), so they cannot move the cursor,
/// recolour the screen or reorder what the admin reads.
pub fn printable(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || is_format_control(c) {
            shown.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            shown.push(c);
        }
    }
    shown
}

/// A value from outside as a message may quote it: in double quotes, escaped (see
/// [`printable`]). A value that looks like a secret (a run of 20 or more letters and
/// digits, as Access Tokens, Client IDs and Client Secrets are) is only described, so that
/// a token pasted into the wrong place never reaches a screen or a log.
pub fn quoted(value: &str) -> String {
    if looks_secret(value) {
        format!(
            "a value of {} characters that looks like a token",
            value.chars().count()
        )
    } else {
        format!("\"{}\"", printable(value))
    }
}

/// Text of the program's own with values from outside in it (a command-line error, an
/// address): every run that looks like a secret is hidden.
pub fn redacted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() >= SECRET_RUN {
            out.push_str(&format!("[{} characters hidden]", run.chars().count()));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Tokens and Client IDs are 30 to 32 letters and digits, Client Secrets 64; no word of a
/// message or address is this long.
const SECRET_RUN: usize = 20;

fn looks_secret(value: &str) -> bool {
    value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|run| run.len() >= SECRET_RUN)
}

/// Invisible characters that change how the text around them is shown: bidirectional
/// overrides and isolates, and zero-width characters.
fn is_format_control(c: char) -> bool {
    matches!(c,
        '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}'
        | '\u{061c}')
}

/// Wraps each line at `width`, continuing under the text rather than under a leading
/// indent or marker (`✔ `, `  - `), so that lists and messages stay aligned.
fn wrap(text: &str, width: usize, symbols: bool) -> String {
    text.split('\n')
        .map(|line| {
            let plain = console::strip_ansi_codes(line);
            let indent = plain.len() - plain.trim_start().len();
            let marker = list_marker(&plain[indent..], symbols);
            let continuation = " ".repeat(indent + marker);
            let options = Options::new(width)
                .subsequent_indent(&continuation)
                .break_words(false)
                .word_splitter(WordSplitter::NoHyphenation);
            let longest = width.saturating_sub(continuation.len() + 2);
            unglue(textwrap::fill(&glue(line, longest), options))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Stands, while a line is wrapped, for a space that must not end a line; spaces again
/// before anything is printed. (A character of the private-use area: it is one column wide,
/// like the space it stands for, and never in a message.)
const GLUE: char = '\u{e000}';

/// The subcommands, as `synchup-setup show` names one: kept on the line of the program's
/// name. `cli::tests` keeps the list equal to the command line's.
pub const SUBCOMMANDS: &[&str] = &[
    "show",
    "check",
    "token",
    "list",
    "use",
    "remove",
    "share",
    "import",
    "steps",
    "completions",
    "manpage",
];

/// The flags that take a value, kept on one line with it (`--identity KEYFILE`, `--profile
/// eu`). `cli::tests` keeps the list equal to the command line's.
pub const VALUE_FLAGS: &[&str] = &[
    "--config",
    "--profile",
    "--client-id",
    "--api-path",
    "--store-hash",
    "--name",
    "--from-file",
    "--secret-store",
    "--timeout",
    "--identity",
    "--to",
    "--to-file",
    "--output",
    "--dir",
];

/// `line` with the spaces that must not break a line glued: inside a command (the
/// program's name, its subcommand, its flags and their values), between a flag and its
/// value, in `line 4`, and inside a quoted name ("API Credentials.txt") that fits in
/// `longest` columns (a longer quotation is prose, and may break).
fn glue(line: &str, longest: usize) -> String {
    let words: Vec<&str> = line.split(' ').collect();
    let mut joined = vec![false; words.len()];
    let bare = |word: &str| -> String {
        console::strip_ansi_codes(word)
            .trim_start_matches(['(', '`', '"', '\''])
            .trim_end_matches([')', '`', '"', '\'', ',', '.', ';', ':'])
            .to_owned()
    };
    let ends_clause = |word: &str| {
        console::strip_ansi_codes(word)
            .trim_end_matches(['"', '\'', '`'])
            .ends_with([',', '.', ';', ':', ')'])
    };
    let mut in_command = false;
    for i in 0..words.len().saturating_sub(1) {
        let (word, next) = (bare(words[i]), bare(words[i + 1]));
        if words[i + 1].is_empty() || ends_clause(words[i]) {
            in_command = false;
            continue;
        }
        let takes_value = VALUE_FLAGS.contains(&word.as_str())
            || (word.starts_with("--")
                && next.len() > 1
                && next.chars().all(|c| c.is_ascii_uppercase() || c == '_'));
        let line_number = word == "line" && next.starts_with(|c: char| c.is_ascii_digit());
        let next_flag = in_command
            && next.starts_with('-')
            && word.starts_with(|c: char| c == '-' || c.is_ascii_lowercase());
        if word == "synchup-setup" {
            in_command = SUBCOMMANDS.contains(&next.as_str()) || next.starts_with('-');
            joined[i] = in_command;
        } else if line_number || takes_value || next_flag {
            joined[i] = true;
        } else {
            in_command = false;
        }
    }
    // Short quoted names.
    let mut i = 0;
    while i < words.len() {
        let opens = console::strip_ansi_codes(words[i])
            .trim_start_matches('(')
            .starts_with('"');
        if opens {
            let closes = (i..words.len()).find(|&j| {
                let word = console::strip_ansi_codes(words[j]);
                let word = word.trim_start_matches('(');
                let inner = if j == i { &word[1..] } else { word };
                inner.contains('"')
            });
            if let Some(j) = closes {
                let length: usize = words[i..=j].iter().map(|w| w.chars().count() + 1).sum();
                if j > i && length <= longest {
                    joined[i..j].iter_mut().for_each(|join| *join = true);
                }
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    let mut out = String::with_capacity(line.len());
    for (i, word) in words.iter().enumerate() {
        out.push_str(word);
        if i + 1 < words.len() {
            out.push(if joined[i] { GLUE } else { ' ' });
        }
    }
    out
}

/// Puts back the spaces [`glue`] held together.
fn unglue(text: String) -> String {
    if text.contains(GLUE) {
        text.replace(GLUE, " ")
    } else {
        text
    }
}

/// The width of a list marker or symbol starting `text`: `✔ `, `- `, `12. `, `hint: `.
fn list_marker(text: &str, symbols: bool) -> usize {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && text[digits..].starts_with(". ") {
        return digits + 2;
    }
    Mark::ALL
        .iter()
        .map(|mark| mark.text(symbols))
        .chain(["- ", "hint: "])
        .find(|marker| text.starts_with(marker))
        .map_or(0, console::measure_text_width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_never_wrapped_and_shortened_only_where_it_does_not_fit() {
        const URL: &str = "https://login.bigcommerce.com/deep-links/settings/auth/api-accounts";
        let (mut ui, out) = Ui::capture();
        ui.link(5, URL);
        assert_eq!(out.text(), format!("     {URL}\n"), "a pipe gets it whole");
        let (mut ui, out) = Ui::capture_terminal(100);
        ui.link(5, URL);
        assert_eq!(out.text(), format!("     {URL}\n"));
        let (mut ui, out) = Ui::capture_terminal(60);
        ui.link(5, URL);
        let short = URL.strip_prefix("https://").unwrap();
        assert_eq!(out.text(), format!("{short}\n"));
        assert!(out.text().trim_end().len() <= 60);

        // A terminal that shows hyperlinks: the whole address is the target, whatever is
        // shown.
        let (ui, out) = Ui::capture_terminal(60);
        let mut ui = ui.with_hyperlinks();
        ui.link(5, URL);
        assert_eq!(
            out.text(),
            format!("\x1b]8;;{URL}\x1b\\{short}\x1b]8;;\x1b\\\n")
        );
    }

    #[test]
    fn commands_flags_with_values_and_quoted_names_never_break() {
        let texts = [
            "Later, synchup-setup show --profile eu-shop shows the values and synchup-setup \
             token --show --profile eu-shop prints the token.",
            "Give the key with --identity KEYFILE, or pipe the passphrase to synchup-setup \
             import --profile eu.",
            "line 4 (from \"SynchUP connector.txt\", line 4) and \"API Credentials.txt\" \
             were read.",
        ];
        let spans = [
            "synchup-setup show --profile eu-shop",
            "synchup-setup token --show --profile eu-shop",
            "--identity KEYFILE",
            "synchup-setup import --profile eu.",
            "\"SynchUP connector.txt\"",
            "\"API Credentials.txt\"",
        ];
        for width in 30..=100 {
            for text in texts {
                let wrapped = wrap(text, width, true);
                // The same words, in the same order.
                assert_eq!(
                    wrapped.split_whitespace().collect::<Vec<_>>(),
                    text.split_whitespace().collect::<Vec<_>>()
                );
                let joined = wrapped
                    .lines()
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join("\n");
                for span in spans.iter().filter(|span| text.contains(*span)) {
                    assert!(
                        joined.contains(span),
                        "{span:?} split at {width}:\n{wrapped}"
                    );
                }
                assert!(!wrapped.contains(GLUE));
            }
        }
        // A long quotation is prose: it may break.
        let prose = "\"this quotation is far too long to be a name of anything\"";
        assert!(wrap(prose, 30, true).lines().count() > 1);
    }

    #[test]
    fn printable_escapes_what_could_steer_a_terminal() {
        assert_eq!(printable("plain text"), "plain text");
        assert_eq!(printable("a\x1b[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(printable("\r\n\t\u{7f}"), "\\u{d}\\u{a}\\u{9}\\u{7f}");
        assert_eq!(printable("café ✔"), "café ✔");
    }

    #[test]
    fn secret_shaped_values_are_described_not_quoted() {
        let token = "b7d3kq0000000000000000000000y5z";
        for pasted in [
            token.to_owned(),
            format!("{token} https://api.bigcommerce.com/"),
            format!("https://x/{token}/v3"),
            format!("{token}.example.com:443"),
        ] {
            let shown = quoted(&pasted);
            assert!(!shown.contains(token), "{shown}");
            assert!(shown.contains("looks like a token"), "{shown}");
            assert!(!redacted(&format!("invalid value '{pasted}'")).contains(token));
        }
        assert_eq!(quoted("shop.example.com"), "\"shop.example.com\"");
        assert_eq!(quoted("a\x1b[31mb"), "\"a\\u{1b}[31mb\"");
        assert_eq!(redacted("--profile a/b"), "--profile a/b");
    }

    #[test]
    fn numbered_steps_continue_under_their_text() {
        let wrapped = wrap(
            "  1. Go to Settings and click Create API account.",
            30,
            true,
        );
        assert_eq!(
            wrapped.lines().nth(1).map(|l| l.find(|c: char| c != ' ')),
            Some(Some(5))
        );
    }

    #[test]
    fn wrapped_lines_continue_under_the_text() {
        let text = "  - line 2 of standard input: The Access Token is empty, paste it again";
        let wrapped = wrap(text, 40, true);
        let lines: Vec<_> = wrapped.lines().collect();
        assert!(lines.len() > 1, "{wrapped}");
        assert!(lines.iter().all(|l| l.len() <= 40), "{wrapped}");
        assert!(
            lines[1].starts_with("    ") && !lines[1].starts_with("     "),
            "{wrapped}"
        );
    }

    #[test]
    fn long_words_such_as_addresses_are_not_broken() {
        let url = "https://api.bigcommerce.com/stores/et7xe3pz/v3/";
        let wrapped = wrap(&format!("API path {url}"), 30, true);
        assert!(wrapped.contains(url), "{wrapped}");
    }

    #[test]
    fn names_are_not_split_at_their_hyphens() {
        let text = "the OS keychain (service \"synchup-bigcommerce\", account \"eu/access_token\")";
        for width in 20..60 {
            let wrapped = wrap(text, width, true);
            assert!(wrapped.contains("\"synchup-bigcommerce\""), "{wrapped}");
        }
    }

    #[test]
    fn without_symbols_markers_and_symbols_are_ascii() {
        let (mut ui, out) = Ui::capture();
        ui.success("Saved.");
        ui.warning("Careful.");
        ui.error("Wrong.");
        ui.info("Settings › API → done…");
        assert_eq!(
            out.text(),
            "ok: Saved.\nwarning: Careful.\nerror: Wrong.\nnote: Settings > API -> done...\n"
        );
        let (mut ui, out) = Ui::capture_terminal(80);
        ui.success("Saved.");
        ui.info("Settings › API");
        assert_eq!(out.text(), "✔ Saved.\n· Settings › API\n");
    }

    #[test]
    fn quiet_leaves_out_notes_and_successes_but_not_warnings() {
        let (ui, out) = Ui::capture();
        let mut ui = ui.with_verbosity(Verbosity::Quiet);
        ui.info("a note");
        ui.success("done");
        ui.trace("keychain", "read");
        ui.warning("careful");
        ui.error("wrong");
        assert_eq!(out.text(), "warning: careful\nerror: wrong\n");

        let (ui, out) = Ui::capture();
        let mut ui = ui.with_verbosity(Verbosity::Verbose);
        ui.trace("keychain", "read");
        assert_eq!(out.text(), "[keychain] read\n");
    }

    #[test]
    fn tables_keep_their_columns_or_become_label_value_lines() {
        let rows = [
            ("Store hash", "et7xe3pz".to_owned()),
            (
                "Access Token",
                "****x9z8  (file /home/me/.config/synchup/c.toml)".to_owned(),
            ),
        ];
        let (mut ui, out) = Ui::capture_terminal(60);
        ui.table(&rows);
        let text = out.text();
        let lines: Vec<_> = text.lines().collect();
        assert_eq!(lines[0], "  Store hash    et7xe3pz", "{text}");
        assert!(lines[1].starts_with("  Access Token  ****x9z8"), "{text}");
        // The wrapped rest stays in the value column.
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[2].starts_with(&" ".repeat(16)), "{text}");
        assert_ne!(lines[2].as_bytes()[16], b' ', "{text}");
        assert!(text.contains("/home/me/.config/synchup/c.toml)"), "{text}");

        let long = "/home/someone/path/that/does/not/fit/column/config.toml";
        let (mut ui, out) = Ui::capture_terminal(60);
        ui.table(&[
            ("Store hash", "et7xe3pz".to_owned()),
            ("Config", long.to_owned()),
        ]);
        assert_eq!(
            out.text(),
            format!("  Store hash: et7xe3pz\n  Config:\n    {long}\n")
        );
    }

    #[test]
    fn a_long_question_is_asked_by_its_last_sentence() {
        let (mut ui, out) = Ui::capture_terminal(60);
        let asked = ui.fit_question(
            "Found \"API Credentials.txt\" in Downloads, 2 minutes ago. Use it?",
            6,
        );
        assert_eq!(asked, "Use it?");
        assert_eq!(
            out.text(),
            "Found \"API Credentials.txt\" in Downloads, 2 minutes ago.\n"
        );

        let (mut ui, out) = Ui::capture_terminal(100);
        let question = "Found \"API Credentials.txt\" in Downloads, 2 minutes ago. Use it?";
        assert_eq!(ui.fit_question(question, 6), question);
        assert_eq!(out.text(), "");

        // One long sentence: its last words, never the question mark alone.
        let (mut ui, _) = Ui::capture_terminal(30);
        let asked = ui.fit_question("Does the store use B2B Edition features today?", 6);
        assert!(asked.len() > 1 && asked.ends_with("today?"), "{asked}");
        assert!(2 + asked.len() + 6 <= 30, "{asked}");
    }
}
