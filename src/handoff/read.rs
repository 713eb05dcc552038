//! What the hand-off reads from files or standard input: a bundle, a private key, a list
//! of public keys. Each is read bounded, into a buffer allocated whole and wiped when
//! dropped (a private key may have been pasted where it does not belong), and one that
//! cannot be read is a [`HandoffError::CannotRead`] naming it.

use std::io::Read;
use std::path::Path;

use secrecy::zeroize::Zeroizing;

use super::error::HandoffError;
use super::identity::{Identities, MAX_IDENTITY_FILE};
use super::seal::{MAX_SEALED, Sealed};
use crate::ui::printable;

/// A recipients file is a few lines of public keys; a dozen RSA keys are under 16 KB.
const MAX_RECIPIENTS_FILE: usize = 64 * 1024;

/// The encrypted bundle, from `path` or (`None`) standard input.
pub fn read_sealed(path: Option<&Path>) -> Result<Sealed, HandoffError> {
    let bytes = read_bounded(path, MAX_SEALED).map_err(|err| HandoffError::CannotRead {
        what: "The bundle",
        path: match path {
            Some(path) => path.display().to_string(),
            None => "on standard input".into(),
        },
        reason: err.to_string(),
    })?;
    Sealed::read(&bytes)
}

/// The private keys in an identity file.
pub fn read_identity(path: &Path) -> Result<Identities, HandoffError> {
    let bytes =
        read_bounded(Some(path), MAX_IDENTITY_FILE).map_err(|err| HandoffError::CannotRead {
            what: "The identity file",
            path: path.display().to_string(),
            reason: err.to_string(),
        })?;
    Identities::parse(&bytes)
}

/// A file of public keys, as text, with its name as messages show it.
pub fn read_recipients(path: &Path) -> Result<(String, Zeroizing<Vec<u8>>), HandoffError> {
    let name = path.display().to_string();
    let cannot_read = |reason: String| HandoffError::CannotRead {
        what: "The recipients file",
        path: name.clone(),
        reason,
    };
    let bytes = read_bounded(Some(path), MAX_RECIPIENTS_FILE)
        .map_err(|err| cannot_read(err.to_string()))?;
    if bytes.len() > MAX_RECIPIENTS_FILE {
        return Err(cannot_read(format!(
            "it is larger than {} KB, far more than a list of public keys",
            MAX_RECIPIENTS_FILE / 1024
        )));
    }
    if std::str::from_utf8(&bytes).is_err() {
        return Err(cannot_read("it is not text".into()));
    }
    Ok((printable(&name), bytes))
}

/// Reads a file, or standard input when there is none, up to `limit` + 1 bytes: enough for
/// the reader to tell that it is too large. The buffer is allocated whole at first, so no
/// reallocation leaves an unwiped copy of a key behind, and it is wiped when dropped.
fn read_bounded(path: Option<&Path>, limit: usize) -> std::io::Result<Zeroizing<Vec<u8>>> {
    let mut bytes = Zeroizing::new(Vec::with_capacity(limit + 1));
    let bound = limit as u64 + 1;
    match path {
        Some(path) => std::fs::File::open(path)?
            .take(bound)
            .read_to_end(&mut bytes)?,
        None => std::io::stdin()
            .lock()
            .take(bound)
            .read_to_end(&mut bytes)?,
    };
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stop_one_byte_past_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        std::fs::write(&path, vec![b'x'; 100]).unwrap();
        assert_eq!(read_bounded(Some(&path), 10).unwrap().len(), 11);
        assert_eq!(read_bounded(Some(&path), 100).unwrap().len(), 100);
        assert!(read_bounded(Some(&dir.path().join("missing")), 10).is_err());
    }
}
