//! Everything that differs between the operating systems synchup-setup ships for, in one
//! place: the rest of the program is the same code everywhere and calls these functions.
//! Nothing outside this module names an operating system.
//!
//! | | Linux | macOS | Windows |
//! |---|---|---|---|
//! | Keychain ([`keychain`]) | Secret Service over D-Bus (GNOME Keyring, KWallet) | login keychain; access prompts; locked over SSH | Credential Manager; none in a logon without a password |
//! | Config directory ([`CONFIG_DIR`]) | `$XDG_CONFIG_HOME/synchup`, else `~/.config/synchup` | `~/Library/Application Support/com.SynchUP.synchup` | `%APPDATA%\SynchUP\synchup\config` |
//! | Downloads folder ([`DOWNLOADS`]) | `XDG_DOWNLOAD_DIR` (`~/.config/user-dirs.dirs`), else `~/Downloads` | `~/Downloads` | the Downloads known folder (wherever the user moved it) |
//! | Private files | owner and mode 0600/0700, directories above checked (StrictModes) | same | owner and access list for you alone (and SYSTEM), as Win32-OpenSSH |
//! | Files that are not files | FIFOs opened without waiting; links refused where asked (`O_NOFOLLOW`) | same | no FIFOs in the file system; links followed to a checked file |
//! | A rename made durable | the directory is flushed | same | NTFS journals it (no directory flush) |
//! | Which file a path names now ([`file_id`]) | device and inode | same | not without opening it: size and times only |
//! | A rename over a file another program has open ([`replace`]) | replaces it | same | refused while held: tried again for up to 2 s |
//! | Terminal ([`terminal`]) | termios saved at start, put back on exit | same | console mode saved and put back |
//! | Interrupts | SIGINT, SIGTERM, SIGHUP (terminal closed) | same | Ctrl-C, Ctrl-Break, console window closed |
//! | A browser ([`browser`]) | in a graphical session (`DISPLAY`, `WAYLAND_DISPLAY`), `BROWSER` or `xdg-open` | always, `open` | always, the default browser |
//! | Core dumps ([`no_core_dumps`]) | `RLIMIT_CORE` 0, `PR_SET_DUMPABLE` 0 | `RLIMIT_CORE` 0 | none unless WER LocalDumps are set up |
//!
//! Over SSH no browser is ever opened. The config and Downloads directories themselves
//! come from the `directories` crate; what is here is how they are named to the admin. Interrupts are caught by the `ctrlc` crate
//! (`signals.rs`); what differs is only how the terminal is put back. On Windows, closing
//! the console window ends the program a moment after the handler runs, whatever it is
//! doing: a save then ends as a killed one does on Unix, with the old values or the new.

pub mod browser;
pub mod keychain;
// Windows' access lists, as text: used on Windows, tested everywhere.
#[cfg_attr(not(windows), allow(dead_code))]
pub mod sddl;

#[cfg(unix)]
mod unix;
#[cfg(unix)]
use unix as os;

#[cfg(windows)]
mod windows;
#[cfg(windows)]
use windows as os;

use std::fs::{Metadata, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

pub use os::terminal;

/// What a file holds, for [`check_file`]: a token must not be readable by others; a config
/// must not be changeable by others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    Config,
    Token,
}

/// Why a file or directory is not a safe place for credentials, and the command that fixes
/// it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsafe {
    pub path: PathBuf,
    pub why: String,
    pub fix: String,
}

/// Who else can read a file that holds no secret (the config), and the command that stops
/// it: a warning, not a refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    pub why: String,
    pub fix: String,
}

/// The default config directory, in words the admin knows it by.
#[cfg(target_os = "macos")]
pub const CONFIG_DIR: &str = "your Application Support folder";
#[cfg(windows)]
pub const CONFIG_DIR: &str = "your AppData folder (%APPDATA%)";
#[cfg(not(any(target_os = "macos", windows)))]
pub const CONFIG_DIR: &str = "your config directory ($XDG_CONFIG_HOME, else ~/.config)";

/// The download directory, in words.
pub const DOWNLOADS: &str = "your Downloads folder";

/// Checks an opened regular file: it belongs to you (or the system's administrator), no one
/// else can change it, and, for a token, no one else can read it.
pub fn check_file(path: &Path, meta: &Metadata, holds: Holds) -> Result<(), Unsafe> {
    os::check_file(path, meta, holds)
}

/// Checks the directory credentials live in (and, on Unix, every one above it): no one
/// else may add, rename or remove files where they are.
pub fn check_dir(dir: &Path) -> Result<(), Unsafe> {
    os::check_dir(dir)
}

/// Whether others can read `path` (a file, or with `directory` a directory), which is
/// worth a warning for files that hold no secret.
pub fn readable_by_others(path: &Path, directory: bool) -> Option<Exposure> {
    os::readable_by_others(path, directory)
}

/// Options that open a file for reading without ever waiting (a FIFO put where a file
/// belongs), and, without `follow`, refuse a symbolic link where the platform can.
pub fn read_options(follow: bool) -> OpenOptions {
    os::read_options(follow)
}

/// Turns core dumps off for this process, whose memory holds the token (Unix: the core
/// size limit to 0; Linux also not dumpable).
pub fn no_core_dumps() {
    os::no_core_dumps()
}

/// Options that open (or create, private) the lock file, never through a link where the
/// platform can tell.
pub fn lock_options() -> OpenOptions {
    os::lock_options()
}

/// Whether opening failed because a symbolic link was refused.
pub fn is_refused_link(err: &io::Error) -> bool {
    os::is_refused_link(err)
}

/// Creates a directory and its missing parents, each new one private to you. Directories
/// that already exist keep their permissions: they may be shared on purpose.
pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    os::create_private_dir_all(dir)
}

/// A temporary file in `dir` that is private to you before anything is written to it.
pub fn private_temp_file(
    builder: &mut tempfile::Builder,
    dir: &Path,
) -> io::Result<tempfile::NamedTempFile> {
    os::private_temp_file(builder, dir)
}

/// Renames a written temporary file over `path`. On Windows a rename over a file another
/// program has open (an antivirus or indexer scanning it, an editor, another run reading
/// it) fails for as long as that lasts; it is tried again for a moment, as cargo and
/// rustup do, before the error stands.
pub fn replace(temp: tempfile::NamedTempFile, path: &Path) -> io::Result<()> {
    os::replace(temp, path)
}

/// Makes the renames in a directory durable, where the platform needs it: without this a
/// power cut can bring an old file back.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    os::sync_dir(dir)
}

/// Which file this is, where the OS says it cheaply: its device and inode on Unix. (On
/// Windows the volume and file index need the file opened; `None` there.)
pub fn file_id(meta: &Metadata) -> Option<(u64, u64)> {
    os::file_id(meta)
}

/// Makes an existing file private to you, as the program makes the files it writes.
#[cfg(test)]
pub fn make_private(path: &Path) -> io::Result<()> {
    os::make_private(path, false)
}
