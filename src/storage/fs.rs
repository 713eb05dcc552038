//! File-system steps shared by the config and the credentials file: private directories,
//! atomic replacement, bounded reads that never block on something that is not a file, the
//! checks of owner and mode that keep another user from swapping in their own store or
//! reading a token (as OpenSSH's StrictModes does), and the lock that keeps two runs apart.

use std::fs::{self, File, Metadata};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::platform;

pub use crate::platform::{Holds, Unsafe};

/// Checks an opened file: a regular file that belongs to you (or root), that no one else can
/// change, and, for a token, that no one else can read.
pub fn check_file(path: &Path, meta: &Metadata, holds: Holds) -> Result<(), Unsafe> {
    if !meta.is_file() {
        return Err(Unsafe {
            path: path.to_owned(),
            why: "is not a regular file".into(),
            fix: format!(
                "Remove it, or point --config elsewhere: {}",
                crate::ui::printable(&path.display().to_string())
            ),
        });
    }
    platform::check_file(path, meta, holds)
}

/// Checks the directory credentials live in and the directories above it (see
/// [`platform::check_dir`]).
pub fn check_dir(dir: &Path) -> Result<(), Unsafe> {
    platform::check_dir(dir)
}

/// Opens a file for reading. Something that is not a regular file (a FIFO, a device) is
/// refused instead of read, so nothing can make a run wait forever; with `follow` false a
/// symbolic link is refused too. `None` when there is no file.
pub fn open_regular(path: &Path, follow: bool) -> io::Result<Option<(File, Metadata)>> {
    let options = platform::read_options(follow);
    let file = match options.open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) if platform::is_refused_link(&err) => {
            return Err(io::Error::other(
                "it is a symbolic link, which is not followed",
            ));
        }
        Err(err) => return Err(err),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other("it is not a regular file"));
    }
    Ok(Some((file, meta)))
}

/// The file a write to `path` goes to: `path` itself, or, when it is a symbolic link (as
/// dotfile managers make), the file it points to, so the link survives. The target must be
/// a regular file of yours in a safe directory.
pub fn write_target(path: &Path) -> Result<PathBuf, Unsafe> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            let target = fs::canonicalize(path).map_err(|err| Unsafe {
                path: path.to_owned(),
                why: format!("is a symbolic link that leads nowhere ({err})"),
                fix: "Remove the link, or point it at the config file.".into(),
            })?;
            let meta = fs::metadata(&target).map_err(|err| Unsafe {
                path: target.clone(),
                why: format!("cannot be read ({err})"),
                fix: "Check the file the link points to.".into(),
            })?;
            check_file(&target, &meta, Holds::Config)?;
            check_dir(parent(&target))?;
            Ok(target)
        }
        _ => Ok(path.to_owned()),
    }
}

/// Deletes the temporary files a killed write may have left beside `path` (they may hold a
/// copy of a token). Must run under the lock that guards writes to `path`, so that no write
/// in progress is mistaken for a leftover. Returns how many were deleted.
pub fn remove_stale_temps(path: &Path) -> io::Result<usize> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let prefix = format!(".{name}.");
    let entries = match fs::read_dir(parent(path)) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(err) => return Err(err),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry?;
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        if file_name.starts_with(&prefix)
            && file_name.ends_with(".tmp")
            && entry.file_type()?.is_file()
        {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Creates a directory and its missing parents, each new one readable by its owner only.
/// Directories that already exist keep their mode: they may be shared on purpose.
pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    platform::create_private_dir_all(dir)
}

/// Replaces `path` with `contents` so that a reader, a crash or a full disk sees either the
/// old file or the new one, never a mix: a temporary file in the same directory, created
/// 0600 from the start, written, flushed to disk, then renamed over the old one.
///
/// With `durable`, the directory is flushed too, so the rename survives a power cut. A
/// caller that writes several files in one directory passes it on the last write only: one
/// flush of the directory makes every rename before it durable, in order.
pub fn write_atomic(path: &Path, contents: &[u8], durable: bool) -> io::Result<()> {
    let temp = private_temp_beside(path, contents)?;
    // Through the platform: Windows refuses a rename over a file another program holds.
    platform::replace(temp, path)?;
    if durable {
        sync_dir(parent(path))
    } else {
        Ok(())
    }
}

/// Writes a new file as [`write_atomic`] does, but never over anything: when something
/// is at `path` by the time the file is complete, it fails with `AlreadyExists`.
pub fn write_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    let temp = private_temp_beside(path, contents)?;
    temp.persist_noclobber(path).map_err(|err| err.error)?;
    sync_dir(parent(path))
}

/// A private temporary file holding `contents`, on disk, in the directory of `path`.
fn private_temp_beside(path: &Path, contents: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let dir = parent(path);
    create_private_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    let mut temp = platform::private_temp_file(&mut builder, dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_data()?;
    Ok(temp)
}

/// Makes the renames in a directory durable: without this a power cut can bring an old
/// file back.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    platform::sync_dir(dir)
}

/// The directory a file lives in; `config.toml` alone lives in the current directory.
pub fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// What reading a small file found.
pub enum Contents {
    Missing,
    TooLarge(u64),
    Bytes(Vec<u8>, Metadata),
}

/// Reads a file that should be small (see [`open_regular`]), refusing to load one larger
/// than `limit` bytes.
pub fn read_limited(path: &Path, limit: u64, follow: bool) -> io::Result<Contents> {
    let Some((file, meta)) = open_regular(path, follow)? else {
        return Ok(Contents::Missing);
    };
    let size = meta.len();
    if size > limit {
        return Ok(Contents::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Contents::TooLarge(bytes.len() as u64));
    }
    Ok(Contents::Bytes(bytes, meta))
}

/// How long a run waits for another to release a lock before it gives up and says so. A
/// save holds the lock for as long as the keychain takes to answer, which on a desktop that
/// asks for an unlock password is up to two minutes; a lock held far longer than that is a
/// run that hangs, and waiting on it would hang this one too.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(180);

/// An exclusive lock on a lock file beside the config, held while a run reads, changes and
/// writes the config and the credentials file, so two runs cannot interleave. The lock file
/// is never replaced, unlike the files it guards, so every run locks the same file.
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the lock, calling `on_wait` once if another run holds it, and giving up after
    /// `timeout` (an error that says the lock is held). The lock file is never followed
    /// through a symbolic link, which could make the program create a file wherever the
    /// link points.
    pub fn acquire(path: &Path, timeout: Duration, on_wait: impl FnOnce()) -> io::Result<Lock> {
        let options = platform::lock_options();
        let file = options.open(path).map_err(|err| {
            if platform::is_refused_link(&err) {
                io::Error::other("it is a symbolic link, which is not followed")
            } else {
                err
            }
        })?;
        if !file.metadata()?.is_file() {
            return Err(io::Error::other("it is not a regular file"));
        }
        // No blocking `lock()`: it cannot be given a deadline. Asking again at growing
        // intervals (up to a quarter of a second) costs nothing next to a save.
        let started = Instant::now();
        let mut on_wait = Some(on_wait);
        let mut pause = Duration::from_millis(5);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Lock { _file: file }),
                Err(fs::TryLockError::WouldBlock) => {}
                Err(fs::TryLockError::Error(err)) => return Err(err),
            }
            if let Some(on_wait) = on_wait.take() {
                on_wait();
            }
            let waited = started.elapsed();
            if waited >= timeout {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "another synchup-setup run has held it for {} seconds",
                        waited.as_secs()
                    ),
                ));
            }
            std::thread::sleep(pause.min(timeout - waited));
            pause = (pause * 2).min(Duration::from_millis(250));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/config.toml");
        write_atomic(&path, b"one", true).unwrap();
        write_atomic(&path, b"two", false).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["config.toml"]);
        #[cfg(unix)]
        {
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(&dir.path().join("a")), 0o700);
            assert_eq!(mode(&dir.path().join("a/b")), 0o700);
        }
    }

    #[cfg(unix)]
    #[test]
    fn existing_directories_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        write_atomic(&dir.path().join("config.toml"), b"x", true).unwrap();
        assert_eq!(mode(dir.path()), 0o755);
    }

    #[test]
    fn limited_read_refuses_large_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        fs::write(&path, vec![b'x'; 100]).unwrap();
        assert!(matches!(
            read_limited(&path, 99, true).unwrap(),
            Contents::TooLarge(100)
        ));
        assert!(
            matches!(read_limited(&path, 100, true).unwrap(), Contents::Bytes(b, _) if b.len() == 100)
        );
        assert!(matches!(
            read_limited(&dir.path().join("none"), 1, true).unwrap(),
            Contents::Missing
        ));
    }

    #[test]
    fn second_lock_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml.lock");
        let first = Lock::acquire(&path, LOCK_TIMEOUT, || panic!("nobody holds it yet")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = {
            let path = path.clone();
            std::thread::spawn(move || {
                let waited = std::cell::Cell::new(false);
                let _second = Lock::acquire(&path, LOCK_TIMEOUT, || waited.set(true)).unwrap();
                tx.send(waited.get()).unwrap();
            })
        };
        // The second run must not get the lock while the first holds it.
        assert!(
            rx.recv_timeout(std::time::Duration::from_millis(200))
                .is_err()
        );
        drop(first);
        assert!(rx.recv().unwrap(), "the second run was told it had to wait");
        waiter.join().unwrap();
    }

    #[test]
    fn a_lock_held_too_long_is_given_up_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml.lock");
        let _first = Lock::acquire(&path, LOCK_TIMEOUT, || {}).unwrap();
        let waited = std::cell::Cell::new(false);
        let err = Lock::acquire(&path, Duration::from_millis(300), || waited.set(true))
            .err()
            .expect("the second run gives up");
        assert!(waited.get(), "the run said it was waiting first");
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert!(
            err.to_string().contains("another synchup-setup run"),
            "{err}"
        );
    }
}

#[cfg(all(test, unix))]
mod safety {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn set_mode(path: &Path, mode: u32) {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn fifos_and_devices_are_refused_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("config.toml");
        // The mkfifo utility: rustix has no mkfifoat on macOS.
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        let err = read_limited(&fifo, 10, true).err().unwrap();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let err = read_limited(Path::new("/dev/zero"), 10, true)
            .err()
            .unwrap();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let err = Lock::acquire(&fifo, LOCK_TIMEOUT, || {}).err().unwrap();
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[test]
    fn links_are_not_followed_where_they_must_not_be() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        let link = dir.path().join("config.toml.lock");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = Lock::acquire(&link, LOCK_TIMEOUT, || {}).err().unwrap();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert!(!target.exists(), "the lock created the link's target");

        fs::write(&target, "x").unwrap();
        let token_link = dir.path().join("credentials.toml");
        std::os::unix::fs::symlink(&target, &token_link).unwrap();
        let err = read_limited(&token_link, 10, false).err().unwrap();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert!(matches!(
            read_limited(&token_link, 10, true).unwrap(),
            Contents::Bytes(..)
        ));
    }

    #[test]
    fn files_others_can_change_or_read_are_named_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials.toml");
        fs::write(&path, "x").unwrap();
        for (mode, config_ok, token_ok) in [
            (0o600, true, true),
            (0o644, true, false),
            (0o640, true, false),
            (0o620, false, false),
            (0o602, false, false),
        ] {
            set_mode(&path, mode);
            let meta = fs::metadata(&path).unwrap();
            assert_eq!(
                check_file(&path, &meta, Holds::Config).is_ok(),
                config_ok,
                "{mode:o}"
            );
            match check_file(&path, &meta, Holds::Token) {
                Ok(()) => assert!(token_ok, "{mode:o}"),
                Err(err) => {
                    assert!(!token_ok, "{mode:o}");
                    assert!(err.fix.contains("chmod 600"), "{}", err.fix);
                }
            }
        }
    }

    #[test]
    fn directories_others_can_write_are_refused_unless_sticky_above() {
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared");
        let own = shared.join("own");
        fs::create_dir_all(&own).unwrap();
        set_mode(&own, 0o700);
        assert!(check_dir(&own).is_ok());
        for mode in [0o777, 0o770, 0o2770, 0o757] {
            set_mode(&own, mode);
            let err = check_dir(&own).unwrap_err();
            assert_eq!(err.path, own, "{mode:o}");
            assert!(err.fix.contains("chmod go-w"), "{}", err.fix);
        }
        set_mode(&own, 0o700);
        // Above it, a world-writable directory lets others rename it; a sticky one does not.
        set_mode(&shared, 0o777);
        assert_eq!(check_dir(&own).unwrap_err().path, shared);
        set_mode(&shared, 0o1777);
        assert!(check_dir(&own).is_ok());
        // The directory itself may not be shared even when sticky.
        assert!(check_dir(&shared).is_err());
        set_mode(&shared, 0o755);
    }

    #[test]
    fn a_linked_config_is_written_through_to_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("dotfiles.toml");
        fs::write(&target, "# mine\n").unwrap();
        set_mode(&target, 0o600);
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(
            write_target(&link).unwrap(),
            fs::canonicalize(&target).unwrap()
        );
        assert_eq!(write_target(&target).unwrap(), target);
        set_mode(&target, 0o666);
        assert!(
            write_target(&link).is_err(),
            "a target others can change is refused"
        );
        let dangling = dir.path().join("dangling.toml");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert!(
            write_target(&dangling)
                .unwrap_err()
                .why
                .contains("leads nowhere")
        );
    }

    #[test]
    fn stale_temporary_copies_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials.toml");
        fs::write(dir.path().join(".credentials.toml.abc123.tmp"), "token").unwrap();
        fs::write(dir.path().join(".config.toml.abc123.tmp"), "x").unwrap();
        fs::write(&path, "kept").unwrap();
        assert_eq!(remove_stale_temps(&path).unwrap(), 1);
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, [".config.toml.abc123.tmp", "credentials.toml"]);
    }
}
