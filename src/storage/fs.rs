//! File-system steps shared by the config and the credentials file: private directories,
//! atomic replacement, bounded reads and the lock that keeps two runs apart.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::Path;

/// Creates a directory and its missing parents, each new one readable by its owner only.
/// Directories that already exist keep their mode: they may be shared on purpose.
pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Replaces `path` with `contents` so that a reader, a crash or a full disk sees either the
/// old file or the new one, never a mix: a temporary file in the same directory, created
/// 0600 from the start, written, flushed to disk, then renamed over the old one.
///
/// With `durable`, the directory is flushed too, so the rename survives a power cut. A
/// caller that writes several files in one directory passes it on the last write only: one
/// flush of the directory makes every rename before it durable, in order.
pub fn write_atomic(path: &Path, contents: &[u8], durable: bool) -> io::Result<()> {
    let dir = parent(path);
    create_private_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o600));
    }
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_data()?;
    temp.persist(path).map_err(|err| err.error)?;
    if durable { sync_dir(dir) } else { Ok(()) }
}

/// Makes the renames in a directory durable: without this a power cut can bring an old
/// file back.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
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
    Bytes(Vec<u8>),
}

/// Reads a file that should be small, refusing to load one larger than `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> io::Result<Contents> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Contents::Missing),
        Err(err) => return Err(err),
    };
    let size = file.metadata()?.len();
    if size > limit {
        return Ok(Contents::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Contents::TooLarge(bytes.len() as u64));
    }
    Ok(Contents::Bytes(bytes))
}

/// An exclusive lock on a lock file beside the config, held while a run reads, changes and
/// writes the config and the credentials file, so two runs cannot interleave. The lock file
/// is never replaced, unlike the files it guards, so every run locks the same file.
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the lock, calling `on_wait` once if another run holds it.
    pub fn acquire(path: &Path, on_wait: impl FnOnce()) -> io::Result<Lock> {
        create_private_dir_all(parent(path))?;
        let mut options = fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                on_wait();
                file.lock()?;
            }
            Err(fs::TryLockError::Error(err)) => return Err(err),
        }
        Ok(Lock { _file: file })
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
            read_limited(&path, 99).unwrap(),
            Contents::TooLarge(100)
        ));
        assert!(matches!(read_limited(&path, 100).unwrap(), Contents::Bytes(b) if b.len() == 100));
        assert!(matches!(
            read_limited(&dir.path().join("none"), 1).unwrap(),
            Contents::Missing
        ));
    }

    #[test]
    fn second_lock_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml.lock");
        let first = Lock::acquire(&path, || panic!("nobody holds it yet")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = {
            let path = path.clone();
            std::thread::spawn(move || {
                let waited = std::cell::Cell::new(false);
                let _second = Lock::acquire(&path, || waited.set(true)).unwrap();
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
}
