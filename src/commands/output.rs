//! A command's own output on standard output: bytes, or a value as JSON.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::ui::Ui;

/// Writes a command's output; a reader that went away (`| head`) is not an error.
pub fn print(out: &mut Ui, bytes: &[u8]) -> Result<()> {
    match out.raw(bytes) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::io("writing to standard output", err))
        }
        _ => Ok(()),
    }
}

/// Writes output that is useless unless whole (the token for `$(...)`): a reader that
/// went away is an error too.
pub fn print_all(out: &mut Ui, bytes: &[u8]) -> Result<()> {
    out.raw(bytes)
        .map_err(|err| Error::io("writing to standard output", err))
}

/// Prints a value as pretty JSON on standard output.
pub fn print_json(out: &mut Ui, value: &impl Serialize) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|err| Error::io("writing JSON", std::io::Error::other(err)))?;
    text.push('\n');
    print(out, text.as_bytes())
}
