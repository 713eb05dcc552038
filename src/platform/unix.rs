//! Linux and macOS: private means owner and mode, as OpenSSH's StrictModes checks them;
//! reads never wait on a FIFO (`O_NONBLOCK`) and refuse links where asked (`O_NOFOLLOW`);
//! a directory is flushed after a rename; the terminal's termios are put back on exit.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use super::{Exposure, Holds, Unsafe};

pub fn check_file(path: &Path, meta: &Metadata, holds: Holds) -> Result<(), Unsafe> {
    let unsafe_ = |why: String, fix: String| Unsafe {
        path: path.to_owned(),
        why,
        fix,
    };
    let shown = shell_quote(path);
    if !owned_by_us(meta.uid()) {
        return Err(unsafe_(
            format!("belongs to another user (uid {})", meta.uid()),
            format!(
                "Use a file of your own: move it aside and run synchup-setup again, or \
                 take it over with chown $(id -u) {shown} if it is yours."
            ),
        ));
    }
    let mode = meta.mode() & 0o777;
    let open_to_others = match holds {
        Holds::Config => mode & 0o022,
        Holds::Token => mode & 0o077,
    };
    if open_to_others != 0 {
        let (what, fix) = match holds {
            Holds::Config => ("other users can change it", format!("chmod go-w {shown}")),
            Holds::Token => (
                "other users can read or change it",
                format!("chmod 600 {shown}"),
            ),
        };
        return Err(unsafe_(
            format!("{what} (mode {mode:04o})"),
            format!("Make it yours alone: {fix} (synchup-setup writes it 0600)."),
        ));
    }
    Ok(())
}

/// The directory and every one above it: each must belong to you (or root), the directory
/// itself must not let anyone else add, rename or remove files, and one above it may only
/// if it is sticky (as /tmp is), where others can not rename what is yours.
pub fn check_dir(dir: &Path) -> Result<(), Unsafe> {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned());
    for (depth, each) in dir.ancestors().enumerate() {
        let Ok(meta) = fs::metadata(each) else {
            // Not there yet: it will be made 0700.
            continue;
        };
        let shown = shell_quote(each);
        if !owned_by_us(meta.uid()) {
            return Err(Unsafe {
                path: each.to_owned(),
                why: format!(
                    "belongs to another user (uid {}), who could swap in their own files",
                    meta.uid()
                ),
                fix: "Keep the config in a directory of your own (--config PATH).".into(),
            });
        }
        let writable = meta.mode() & 0o022 != 0;
        let sticky = meta.mode() & 0o1000 != 0;
        if writable && (depth == 0 || !sticky) {
            return Err(Unsafe {
                path: each.to_owned(),
                why: format!(
                    "other users can add or replace files in it (mode {:04o})",
                    meta.mode() & 0o7777
                ),
                fix: format!("Make it yours alone: chmod go-w {shown}"),
            });
        }
    }
    Ok(())
}

pub fn readable_by_others(path: &Path, directory: bool) -> Option<Exposure> {
    let mode = fs::metadata(path).ok()?.permissions().mode() & 0o777;
    if mode & 0o077 == 0 {
        return None;
    }
    let wanted = if directory { 700 } else { 600 };
    Some(Exposure {
        why: format!("can be read by other users (mode {mode:04o})"),
        fix: format!("chmod {wanted} {}", shell_quote(path)),
    })
}

fn owned_by_us(uid: u32) -> bool {
    uid == 0 || uid == rustix::process::geteuid().as_raw()
}

/// A path as a shell command may name it.
fn shell_quote(path: &Path) -> String {
    let text = crate::ui::printable(&path.display().to_string());
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// Opening never waits (a FIFO would block until something writes to it); without
/// `follow`, a symbolic link is refused.
pub fn read_options(follow: bool) -> OpenOptions {
    let mut options = OpenOptions::new();
    options.read(true);
    let mut flags = rustix::fs::OFlags::NONBLOCK;
    if !follow {
        flags |= rustix::fs::OFlags::NOFOLLOW;
    }
    options.custom_flags(flags.bits() as i32);
    options
}

/// The lock file: created 0600, never through a link, never waiting on a FIFO.
pub fn lock_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    options
        .mode(0o600)
        .custom_flags((rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK).bits() as i32);
    options
}

/// `O_NOFOLLOW` met a symbolic link.
pub fn is_refused_link(err: &io::Error) -> bool {
    err.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
}

pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// Created 0600, so the contents are private from the first byte.
pub fn private_temp_file(
    builder: &mut tempfile::Builder,
    dir: &Path,
) -> io::Result<tempfile::NamedTempFile> {
    builder.permissions(fs::Permissions::from_mode(0o600));
    builder.tempfile_in(dir)
}

#[cfg(test)]
pub fn make_private(path: &Path, directory: bool) -> io::Result<()> {
    let mode = if directory { 0o700 } else { 0o600 };
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

/// A rename replaces whatever is open: readers keep the old file.
pub fn replace(temp: tempfile::NamedTempFile, path: &Path) -> io::Result<()> {
    temp.persist(path).map(drop).map_err(|err| err.error)
}

pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// The terminal's settings at start, put back on exit: echo and line editing.
pub mod terminal {
    static SAVED: std::sync::OnceLock<rustix::termios::Termios> = std::sync::OnceLock::new();

    pub fn save() {
        if let Ok(settings) = rustix::termios::tcgetattr(std::io::stdin()) {
            let _ = SAVED.set(settings);
        }
    }

    pub fn restore() {
        if let Some(settings) = SAVED.get() {
            let _ = rustix::termios::tcsetattr(
                std::io::stdin(),
                rustix::termios::OptionalActions::Now,
                settings,
            );
        }
    }
}

/// No core dump of this process: its memory holds the token. The core size limit goes to
/// 0 (soft and hard, so nothing started later raises it), and on Linux the process is
/// marked not dumpable, which also keeps other processes of the user from reading its
/// memory through ptrace or /proc.
pub fn file_id(meta: &Metadata) -> Option<(u64, u64)> {
    Some((meta.dev(), meta.ino()))
}

pub fn no_core_dumps() {
    use rustix::process::{Resource, Rlimit, setrlimit};
    // Failing leaves things as they were: nothing to tell the admin, who cannot fix it.
    let _ = setrlimit(
        Resource::Core,
        Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    );
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
}
