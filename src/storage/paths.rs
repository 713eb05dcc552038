//! Where a config keeps its files: the config itself, the file store beside it, and the
//! lock every change takes.

use std::path::{Path, PathBuf};

use super::fs;
use crate::error::{Error, Result};

/// The config file and what lives beside it.
#[derive(Debug, Clone)]
pub struct Paths {
    config: PathBuf,
}

impl Paths {
    pub fn new(config: PathBuf) -> Self {
        // Absolute, so that messages name the file unambiguously.
        let config = std::path::absolute(&config).unwrap_or(config);
        Paths { config }
    }

    /// The platform's config location: `$XDG_CONFIG_HOME/synchup/config.toml` on Linux,
    /// `~/Library/Application Support/com.SynchUP.synchup/config.toml` on macOS,
    /// `%APPDATA%\SynchUP\synchup\config\config.toml` on Windows.
    pub fn platform_default() -> Result<Paths> {
        let dirs =
            directories::ProjectDirs::from("com", "SynchUP", "synchup").ok_or_else(|| {
                Error::usage(
                    "Cannot find your home directory to keep the config in.",
                    Some("Give the config file with --config PATH or SYNCHUP_CONFIG.".to_owned()),
                )
            })?;
        Ok(Paths::new(dirs.config_dir().join("config.toml")))
    }

    pub fn config(&self) -> &Path {
        &self.config
    }

    /// The file store: `credentials.toml` beside the config.
    pub fn credentials(&self) -> PathBuf {
        fs::parent(&self.config).join("credentials.toml")
    }

    /// The lock file every change takes: `config.toml.lock` beside the config.
    pub fn lock(&self) -> PathBuf {
        let mut name = self.config.file_name().unwrap_or_default().to_owned();
        name.push(".lock");
        self.config.with_file_name(name)
    }

    /// The file store's own lock, which configs sharing a directory all take:
    /// `credentials.toml.store-lock`. It ends otherwise than any config's lock (`.lock`),
    /// so that no config's name (not even `credentials.toml`) makes the two locks one file,
    /// which a run holding the first would wait on for ever.
    pub fn credentials_lock(&self) -> PathBuf {
        store_lock(&self.credentials())
    }

    /// Whether the config's name is one that would make it another file this program
    /// keeps: a lock (which must never be replaced) or the file store of its own
    /// directory.
    pub fn clashes(&self) -> Option<&'static str> {
        let name = self.config.file_name()?.to_string_lossy();
        if name.ends_with(".lock") || name.ends_with(STORE_LOCK_SUFFIX) {
            Some("is named like a lock file, which must never be replaced")
        } else {
            None
        }
    }
}

const STORE_LOCK_SUFFIX: &str = ".store-lock";

/// The lock of a file store at `credentials`.
pub fn store_lock(credentials: &Path) -> PathBuf {
    let mut name = credentials.file_name().unwrap_or_default().to_owned();
    name.push(STORE_LOCK_SUFFIX);
    credentials.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_file_sits_beside_the_config() {
        let paths = Paths::new(PathBuf::from("/x/y/config.toml"));
        // Made absolute: on Windows, on the current drive.
        let dir = std::path::absolute("/x/y").unwrap();
        assert_eq!(paths.lock(), dir.join("config.toml.lock"));
        assert_eq!(paths.credentials(), dir.join("credentials.toml"));
        assert_eq!(
            paths.credentials_lock(),
            dir.join("credentials.toml.store-lock")
        );
    }

    #[test]
    fn no_config_name_makes_its_lock_the_file_stores() {
        for name in ["credentials.toml", "credentials.toml.store", "config.toml"] {
            let paths = Paths::new(PathBuf::from("/x").join(name));
            assert_ne!(paths.lock(), paths.credentials_lock(), "{name}");
            assert_eq!(paths.clashes(), None, "{name}");
        }
        for name in ["config.toml.lock", "credentials.toml.store-lock"] {
            assert!(
                Paths::new(PathBuf::from("/x").join(name))
                    .clashes()
                    .is_some()
            );
        }
    }

    /// The config lands where each platform's users look for settings, under the
    /// directory `platform::CONFIG_DIR` names.
    #[test]
    fn the_default_config_is_where_the_platform_keeps_settings() {
        let paths = Paths::platform_default().unwrap();
        let config = paths.config();
        assert!(config.ends_with("config.toml"), "{}", config.display());
        let base = directories::BaseDirs::new().unwrap();
        #[cfg(windows)]
        {
            // %APPDATA%, the roaming application data known folder.
            let appdata = std::env::var_os("APPDATA").expect("APPDATA is set");
            assert_eq!(base.config_dir(), std::path::Path::new(&appdata));
            assert!(config.starts_with(&appdata), "{}", config.display());
            assert!(config.ends_with(r"SynchUP\synchup\config\config.toml"));
        }
        #[cfg(target_os = "macos")]
        {
            let support = base.home_dir().join("Library/Application Support");
            assert_eq!(config, support.join("com.SynchUP.synchup/config.toml"));
        }
        #[cfg(all(unix, not(target_os = "macos")))]
        {
            let xdg = std::env::var_os("XDG_CONFIG_HOME")
                .filter(|dir| std::path::Path::new(dir).is_absolute())
                .map_or_else(|| base.home_dir().join(".config"), Into::into);
            assert_eq!(config, xdg.join("synchup/config.toml"));
        }
    }
}
