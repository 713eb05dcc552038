//! Everything said to the admin goes through [`Ui`], on standard error, so that standard
//! output stays clean for scripts. Colours and symbols come from `console`, which turns
//! them off for `NO_COLOR`, `CLICOLOR=0` and output that is not a terminal.

use std::cell::RefCell;
use std::fmt::Display;
use std::io::Write;
use std::rc::Rc;

use console::{Emoji, Style};

use crate::bigcommerce::values::{Note, Severity};

/// Where messages go: standard error, standard output, or a buffer in tests. Clones write
/// to the same stream, so a callback (a keychain that is slow to answer, a lock that is
/// held) can say something on the stream of the run it belongs to.
#[derive(Clone)]
pub struct Ui {
    out: Rc<RefCell<Box<dyn Write>>>,
    color: bool,
    /// Where to wrap lines: the terminal's width (at most [`MAX_WIDTH`]); `None` when the
    /// output is not a terminal, so logs keep one message per line.
    width: Option<usize>,
}

/// Long lines are hard to read even on a wide terminal.
const MAX_WIDTH: usize = 100;

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

static TICK: Emoji = Emoji("✔ ", "ok: ");
static WARN: Emoji = Emoji("⚠ ", "warning: ");
static CROSS: Emoji = Emoji("✘ ", "error: ");
static DOT: Emoji = Emoji("· ", "- ");

impl Ui {
    /// Standard error, where messages go. Only the process context and the signal handler
    /// make one; everything else is handed the context's.
    pub fn stderr() -> Self {
        Ui {
            out: Rc::new(RefCell::new(Box::new(std::io::stderr()))),
            color: console::colors_enabled_stderr(),
            width: terminal_width(&console::Term::stderr()),
        }
    }

    /// For a command's own output (`show`, `steps`), which belongs on standard output.
    pub fn stdout() -> Self {
        Ui {
            out: Rc::new(RefCell::new(Box::new(std::io::stdout()))),
            color: console::colors_enabled(),
            width: terminal_width(&console::Term::stdout()),
        }
    }

    /// A plain-text `Ui` whose output a test can read.
    pub fn capture() -> (Self, Captured) {
        let captured = Captured::default();
        let ui = Ui {
            out: Rc::new(RefCell::new(Box::new(captured.clone()))),
            color: false,
            width: None,
        };
        (ui, captured)
    }

    pub fn color(&self) -> bool {
        self.color
    }

    fn paint(&self, style: Style, text: impl Display) -> String {
        if self.color {
            style.force_styling(true).apply_to(text).to_string()
        } else {
            text.to_string()
        }
    }

    // A message that cannot be written to standard error has nowhere else to go.
    fn write(&mut self, text: &str) {
        let text = match self.width {
            Some(width) => wrap(text, width),
            None => text.to_owned(),
        };
        let _ = writeln!(self.out.borrow_mut(), "{text}");
    }

    /// Writes bytes as they are (a command's output: JSON, a token, a script), flushed.
    pub fn raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let mut out = self.out.borrow_mut();
        out.write_all(bytes)?;
        out.flush()
    }

    pub fn blank(&mut self) {
        self.write("");
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

    pub fn success(&mut self, text: impl Display) {
        let text = self.paint(Style::new().green(), format!("{TICK}{text}"));
        self.write(&text);
    }

    pub fn warning(&mut self, text: impl Display) {
        let text = self.paint(Style::new().yellow(), format!("{WARN}{text}"));
        self.write(&text);
    }

    pub fn error(&mut self, text: impl Display) {
        let text = self.paint(Style::new().red().bold(), format!("{CROSS}{text}"));
        self.write(&text);
    }

    pub fn hint(&mut self, text: impl Display) {
        let text = format!("  {} {text}", self.paint(Style::new().cyan(), "hint:"));
        self.write(&text);
    }

    pub fn info(&mut self, text: impl Display) {
        let text = self.dim(format!("{DOT}{text}"));
        self.write(&text);
    }

    /// A remark about an accepted value, prefixed with where it came from when known.
    pub fn note(&mut self, note: &Note) {
        match note.severity {
            Severity::Info => self.info(&note.text),
            Severity::Warning => self.warning(&note.text),
        }
    }

    /// Rows of `label  value`, the labels padded to one width.
    pub fn table(&mut self, rows: &[(&str, String)]) {
        let width = rows.iter().map(|(label, _)| label.len()).max().unwrap_or(0);
        for (label, value) in rows {
            let label = self.dim(format!("{label:<width$}"));
            self.write(&format!("  {label}  {value}"));
        }
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

/// A value from outside as a message may quote it: in backquotes, escaped (see
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
        format!("`{}`", printable(value))
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
/// indent or symbol (`✔ `, `  - `), so that lists and messages stay aligned.
fn wrap(text: &str, width: usize) -> String {
    text.split('\n')
        .map(|line| {
            let plain = console::strip_ansi_codes(line);
            let indent = plain.len() - plain.trim_start().len();
            let marker = list_marker(&plain[indent..]);
            let continuation = " ".repeat(indent + marker);
            let options = textwrap::Options::new(width)
                .subsequent_indent(&continuation)
                .break_words(false);
            textwrap::fill(line, options)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The width of a list marker or symbol starting `text`: `✔ `, `- `, `12. `, `hint: `.
fn list_marker(text: &str) -> usize {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && text[digits..].starts_with(". ") {
        return digits + 2;
    }
    [
        TICK.to_string(),
        WARN.to_string(),
        CROSS.to_string(),
        DOT.to_string(),
    ]
    .into_iter()
    .chain(["- ".to_owned(), "hint: ".to_owned()])
    .find(|marker| text.starts_with(marker.as_str()))
    .map_or(0, |marker| console::measure_text_width(&marker))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(quoted("shop.example.com"), "`shop.example.com`");
        assert_eq!(quoted("a\x1b[31mb"), "`a\\u{1b}[31mb`");
        assert_eq!(redacted("--profile a/b"), "--profile a/b");
    }

    #[test]
    fn numbered_steps_continue_under_their_text() {
        let wrapped = wrap("  1. Go to Settings and click Create API account.", 30);
        assert_eq!(
            wrapped.lines().nth(1).map(|l| l.find(|c: char| c != ' ')),
            Some(Some(5))
        );
    }

    #[test]
    fn wrapped_lines_continue_under_the_text() {
        let text = "  - line 2 of standard input: The Access Token is empty, paste it again";
        let wrapped = wrap(text, 40);
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
        let wrapped = wrap(&format!("API path {url}"), 30);
        assert!(wrapped.contains(url), "{wrapped}");
    }
}
