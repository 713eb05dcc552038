//! Everything said to the admin goes through [`Ui`], on standard error, so that standard
//! output stays clean for scripts. Colours and symbols come from `console`, which turns
//! them off for `NO_COLOR`, `CLICOLOR=0` and output that is not a terminal.

use std::cell::RefCell;
use std::fmt::Display;
use std::io::Write;
use std::rc::Rc;

use console::{Emoji, Style};

use crate::bigcommerce::values::{Note, Severity};

/// Where messages go: standard error, or a buffer in tests.
pub struct Ui {
    out: Box<dyn Write>,
    color: bool,
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
    pub fn stderr() -> Self {
        Ui {
            out: Box::new(std::io::stderr()),
            color: console::colors_enabled_stderr(),
        }
    }

    /// For a command's own output (`show`, `steps`), which belongs on standard output.
    pub fn stdout() -> Self {
        Ui {
            out: Box::new(std::io::stdout()),
            color: console::colors_enabled(),
        }
    }

    /// A plain-text `Ui` whose output a test can read.
    pub fn capture() -> (Self, Captured) {
        let captured = Captured::default();
        let ui = Ui {
            out: Box::new(captured.clone()),
            color: false,
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
        let _ = writeln!(self.out, "{text}");
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
