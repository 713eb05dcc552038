//! The credentials file on disk: read with a size limit, found among the newest files of
//! the download directory (where the browser put it when the API account was saved), and
//! deleted once its values are saved. It holds the Access Token and the Client Secret in
//! plain text, and without this it usually stays in Downloads for ever.
//!
//! A file read is held open (see [`Held`]) until it is offered for deletion, and deleted
//! only while its path still names that file with the same contents: a file put in its
//! place in the meantime, never read, is never deleted.
//!
//! The search is bounded: it looks at a limited number of directory entries, reads only
//! the few newest small `.txt` files, skips anything that is not a regular file (a FIFO
//! would block the read), and offers only a file that parses as a BigCommerce credentials
//! file with an ACCESS TOKEN, a CLIENT ID and an API PATH.

use std::fs::File;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use secrecy::SecretString;
use secrecy::zeroize::Zeroizing;

use crate::bigcommerce::credentials_file::{self, Label};

/// A credentials file is a few hundred bytes; this refuses anything far larger.
pub const FILE_LIMIT: u64 = 64 * 1024;

/// The largest file in the download directory worth reading: the file BigCommerce
/// downloads is well under this.
const CANDIDATE_LIMIT: u64 = 4 * 1024;

/// How many of the newest `.txt` files are read: the file just downloaded is among them.
const CANDIDATES: usize = 5;

/// The most directory entries looked at, so that a huge Downloads directory cannot stall
/// the wizard.
const ENTRIES_LIMIT: usize = 5_000;

/// The text of a credentials file and where it is.
pub struct FileText {
    pub path: PathBuf,
    /// The path as messages show it.
    pub shown: String,
    pub text: SecretString,
}

/// A credentials file found in the download directory.
pub struct Found {
    pub file: FileText,
    /// The file's name, as messages show it.
    pub name: String,
    /// The directory's name: `Downloads`.
    pub folder: String,
    /// How long ago it was saved: `2 minutes ago`.
    pub age: String,
    /// Why someone else may have put it there (another user's file, or one in a folder
    /// others can write to), as it is said before the offer, whose default is then No.
    pub caution: Option<String>,
}

/// The user's download directory: the platform's (macOS and Windows always have one; on
/// Linux `XDG_DOWNLOAD_DIR` in `~/.config/user-dirs.dirs`), else `~/Downloads` when it
/// exists, as on a Linux desktop without that file.
pub fn download_dir() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    match dirs.download_dir() {
        Some(dir) => Some(dir.to_path_buf()),
        None => Some(dirs.home_dir().join("Downloads")).filter(|dir| dir.is_dir()),
    }
}

/// The newest file in `dir` that is a BigCommerce credentials file, if any, and the file
/// held open as it was read.
pub fn find_in(dir: &Path) -> Option<(Found, Held)> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut candidates: Vec<(SystemTime, PathBuf)> = entries
        .take(ENTRIES_LIMIT)
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let path = entry.path();
            if !path
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("txt"))
            {
                return None;
            }
            // Not followed through a link: a regular file of a credentials file's size.
            let meta = entry.metadata().ok()?;
            if !meta.is_file() || meta.len() > CANDIDATE_LIMIT {
                return None;
            }
            Some((meta.modified().ok()?, path))
        })
        .collect();
    candidates.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    let folder = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    candidates
        .into_iter()
        .take(CANDIDATES)
        .find_map(|(modified, path)| {
            let held = read_regular(&path).ok()?;
            if !is_credentials_file(held.text()) {
                return None;
            }
            let name = path.file_name()?.to_string_lossy().into_owned();
            let caution = planted(&held, dir);
            let found = Found {
                file: FileText {
                    shown: crate::ui::file_name(&path.display().to_string()),
                    text: SecretString::from(held.text()),
                    path,
                },
                name: crate::ui::printable(&name),
                folder: crate::ui::printable(&folder),
                age: crate::time::ago(modified),
                caution,
            };
            Some((found, held))
        })
}

/// Why the file found may not be the admin's own download: the rules the config is held
/// to (see [`crate::platform::check_file`]): the file belongs to another user or others
/// can change it, or others can add files to its folder.
fn planted(held: &Held, dir: &Path) -> Option<String> {
    let meta = held.handle.as_file().metadata().ok()?;
    let found = crate::platform::check_file(&held.path, &meta, crate::platform::Holds::Config)
        .and_then(|()| crate::platform::check_dir(dir))
        .err()?;
    Some(format!(
        "{}: {}",
        crate::ui::printable(&found.path.display().to_string()),
        found.why
    ))
}

/// Whether text is a whole BigCommerce credentials file: labelled lines, no broken ones,
/// and the ACCESS TOKEN, CLIENT ID and API PATH all there.
pub fn is_credentials_file(text: &str) -> bool {
    credentials_file::is_labeled(text)
        && credentials_file::parse(text).is_ok_and(|file| {
            [Label::AccessToken, Label::ClientId, Label::ApiPath]
                .into_iter()
                .all(|label| file.get(label).is_some())
        })
}

/// A credentials file as it was read, still open: deleted later only while its path names
/// the same file (device and inode, or on Windows the volume and file index), of the same
/// size and time, holding the same text.
pub struct Held {
    path: PathBuf,
    handle: same_file::Handle,
    /// A regular file when read (not a pipe such as `<(...)`).
    regular: bool,
    len: u64,
    modified: Option<SystemTime>,
    text: Zeroizing<String>,
}

/// Why a held file was not deleted.
#[derive(Debug, PartialEq, Eq)]
pub enum NotDeleted {
    /// Its path is a symbolic link: neither the link nor what it points to is deleted.
    Link,
    /// Not a file on disk: a pipe, already gone, or something else.
    NotAFile,
    /// Its path names another file now, or the file changed since it was read.
    Changed,
    /// Deleting failed.
    Failed(String),
}

impl Held {
    /// Opens and reads a file named by the admin (or `--from-file`), at most [`FILE_LIMIT`]
    /// bytes, and keeps it open. A pipe such as `<(...)` is read as it comes.
    pub fn open(path: &Path) -> Result<Held, String> {
        let file = File::open(path).map_err(|err| format!("cannot be read: {err}"))?;
        Held::read(path, file, FILE_LIMIT)
    }

    fn read(path: &Path, mut file: File, limit: u64) -> Result<Held, String> {
        let meta = file
            .metadata()
            .map_err(|err| format!("cannot be read: {err}"))?;
        let text = read_limited(&mut file, limit)?;
        let handle =
            same_file::Handle::from_file(file).map_err(|err| format!("cannot be read: {err}"))?;
        Ok(Held {
            path: path.to_owned(),
            handle,
            regular: meta.is_file(),
            len: meta.len(),
            modified: meta.modified().ok(),
            text,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The text as it was read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What the path names now, without following a link.
    pub fn on_disk(&self) -> Result<(), NotDeleted> {
        match std::fs::symlink_metadata(&self.path) {
            // A link to a file on disk; /dev/fd/3 from `<(...)` is a link to a pipe.
            Ok(meta) if meta.file_type().is_symlink() && self.regular => Err(NotDeleted::Link),
            Ok(meta) if meta.is_file() && self.regular => Ok(()),
            _ => Err(NotDeleted::NotAFile),
        }
    }

    /// Deletes the file if its path still names the file read, unchanged.
    pub fn delete(mut self) -> Result<(), NotDeleted> {
        self.on_disk()?;
        if !self.unchanged() {
            return Err(NotDeleted::Changed);
        }
        // Closed first: Windows deletes an open file only once every handle is closed.
        let Held { path, handle, .. } = self;
        drop(handle);
        std::fs::remove_file(&path).map_err(|err| NotDeleted::Failed(err.to_string()))
    }

    /// Whether the path names the held file, whose size, time and text are as read.
    fn unchanged(&mut self) -> bool {
        let same_file = crate::platform::read_options(false)
            .open(&self.path)
            .and_then(same_file::Handle::from_file)
            .is_ok_and(|now| now == self.handle);
        let dated = |meta: std::fs::Metadata| {
            meta.is_file() && meta.len() == self.len && meta.modified().ok() == self.modified
        };
        let held_as_read = self.handle.as_file().metadata().is_ok_and(dated);
        let path_as_read = std::fs::symlink_metadata(&self.path).is_ok_and(dated);
        same_file && held_as_read && path_as_read && self.same_text()
    }

    fn same_text(&mut self) -> bool {
        let file = self.handle.as_file_mut();
        if file.rewind().is_err() {
            return false;
        }
        read_limited(file, FILE_LIMIT).is_ok_and(|text| *text == *self.text)
    }
}

/// Reads a file found by the search, which must be a regular file: opened without waiting
/// (a FIFO put there in the meantime would otherwise block), and checked again once open.
fn read_regular(path: &Path) -> Result<Held, String> {
    let file = crate::platform::read_options(true)
        .open(path)
        .map_err(|err| err.to_string())?;
    if !file.metadata().is_ok_and(|meta| meta.is_file()) {
        return Err("not a regular file".into());
    }
    Held::read(path, file, CANDIDATE_LIMIT)
}

fn read_limited(file: &mut File, limit: u64) -> Result<Zeroizing<String>, String> {
    let mut bytes = Zeroizing::new(Vec::new());
    file.by_ref()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| format!("cannot be read: {err}"))?;
    if bytes.len() as u64 > limit {
        return Err("is far too large to be a credentials file".into());
    }
    credentials_file::decode(&bytes).map_err(|_| "is not a text file".into())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    const TOKEN: &str = "abcdefghijklmnopqrstuvwxyz01234";

    fn credentials(hash: &str) -> String {
        format!(
            "ACCESS TOKEN: {TOKEN}\nCLIENT NAME: SynchUP\n\
             API PATH: https://api.bigcommerce.com/stores/{hash}/v3/\n\
             CLIENT ID: k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov\nCLIENT SECRET: {}\n",
            "ab".repeat(32)
        )
    }

    /// Writes a file and dates it `age_secs` seconds ago.
    fn put(dir: &Path, name: &str, text: &str, age_secs: u64) {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(SystemTime::now() - Duration::from_secs(age_secs))
            .unwrap();
    }

    #[test]
    fn the_newest_credentials_file_is_found_and_others_are_passed_over() {
        let dir = tempfile::tempdir().unwrap();
        put(
            dir.path(),
            "API Credentials (1).txt",
            &credentials("older01"),
            3600,
        );
        put(
            dir.path(),
            "API Credentials.txt",
            &credentials("newer01"),
            120,
        );
        // Newer, but not credentials files: a note, a file with another extension, a big one.
        put(dir.path(), "notes.txt", "ACCESS TOKEN: only a token\n", 60);
        put(dir.path(), "credentials.csv", &credentials("csv0001"), 10);
        put(dir.path(), "big.txt", &"x".repeat(10_000), 5);
        let (found, _) = find_in(dir.path()).expect("found");
        assert_eq!(found.name, "API Credentials.txt");
        assert_eq!(
            found.folder,
            dir.path().file_name().unwrap().to_string_lossy()
        );
        assert_eq!(found.age, "2 minutes ago");
        assert!(secrecy::ExposeSecret::expose_secret(&found.file.text).contains("newer01"));
    }

    #[test]
    fn only_the_newest_few_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        put(
            dir.path(),
            "API Credentials.txt",
            &credentials("old0001"),
            7200,
        );
        for i in 0..CANDIDATES {
            put(
                dir.path(),
                &format!("note{i}.txt"),
                "just a note\n",
                60 + i as u64,
            );
        }
        assert!(find_in(dir.path()).is_none());
    }

    #[test]
    fn nothing_is_offered_from_an_empty_or_missing_directory() {
        let dir = tempfile::tempdir().unwrap();
        assert!(find_in(dir.path()).is_none());
        assert!(find_in(&dir.path().join("nowhere")).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_named_like_a_credentials_file_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("API Credentials.txt");
        // The mkfifo utility: rustix has no mkfifoat on macOS.
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        assert!(find_in(dir.path()).is_none());
        assert!(read_regular(&fifo).is_err());
    }

    #[test]
    fn a_credentials_file_has_all_three_values() {
        assert!(is_credentials_file(&credentials("et7xe3pz")));
        assert!(!is_credentials_file("# README\n\nSome text: here\n"));
        assert!(!is_credentials_file(&format!("ACCESS TOKEN: {TOKEN}\n")));
        let broken = credentials("et7xe3pz") + "garbage line\n";
        assert!(!is_credentials_file(&broken));
    }

    /// The Downloads folder is the platform's own: the known folder on Windows,
    /// `~/Downloads` on macOS. (On Linux it depends on the desktop; `tests/terminal.rs`
    /// runs the wizard with `user-dirs.dirs` and without.)
    #[cfg(any(windows, target_os = "macos"))]
    #[test]
    fn the_download_directory_is_the_platforms() {
        let found = download_dir();
        #[cfg(windows)]
        {
            let user = directories::UserDirs::new().unwrap();
            let known = user
                .download_dir()
                .expect("Windows has a Downloads known folder");
            assert_eq!(found.as_deref(), Some(known));
            let profile = std::env::var_os("USERPROFILE").expect("USERPROFILE is set");
            assert_eq!(known, std::path::Path::new(&profile).join("Downloads"));
        }
        #[cfg(target_os = "macos")]
        {
            let home = directories::BaseDirs::new().unwrap().home_dir().to_owned();
            assert_eq!(found, Some(home.join("Downloads")));
        }
    }
}
