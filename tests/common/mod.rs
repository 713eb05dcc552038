//! A sandbox per test: its own home and config directory, and a command line for the real
//! binary with an environment that cannot reach the developer's own config or keychain.

#![allow(dead_code)]

pub mod run;

pub use run::Run;
pub mod standin;
#[cfg(windows)]
pub mod windows;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

pub const ID: &str = "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov";
/// Recognisable, so a leak is easy to spot in any output.
pub const TOKEN: &str = "SeCrEtToKeN0000000000000000x9z8";
pub const TOKEN_MASK: &str = "****x9z8";
pub const OTHER_TOKEN: &str = "AnOtHeRtOkEn0000000000000000q1w2";
pub const PATH: &str = "https://api.bigcommerce.com/stores/et7xe3pz/v3/";
pub const HASH: &str = "et7xe3pz";
pub const CLIENT_SECRET: &str = "5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7";

/// The three answers, one per line, as a script pipes them.
pub fn positional() -> String {
    format!("{ID}\n{TOKEN}\n{PATH}\n")
}

/// A credentials file as BigCommerce downloads it.
pub fn credentials_file() -> String {
    format!(
        "ACCESS TOKEN: {TOKEN}\nCLIENT NAME: SynchUP connector\nAPI PATH: {PATH}\n\
         CLIENT ID: {ID}\nCLIENT SECRET: {CLIENT_SECRET}\n"
    )
}

pub struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["home", "runtime"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let runtime = dir.path().join("runtime");
            std::fs::set_permissions(runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        Sandbox { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// Where the config goes: the platform's place under the sandbox's home. (On Windows the
    /// known folders cannot be moved per process, so the sandbox names it with
    /// `SYNCHUP_CONFIG`; `windows.rs` tests the real `%APPDATA%`.)
    pub fn config_dir(&self) -> PathBuf {
        if cfg!(windows) {
            self.home().join(r"AppData\Roaming\SynchUP\synchup\config")
        } else {
            self.home().join(".config/synchup")
        }
    }

    /// How `show` says the config was chosen in the sandbox: by the platform's default, or
    /// on Windows by `SYNCHUP_CONFIG` (see [`Sandbox::config_dir`]).
    pub fn config_chosen_by(&self) -> &'static str {
        if cfg!(windows) { "env" } else { "default" }
    }

    pub fn config_path(&self) -> PathBuf {
        self.config_dir().join("config.toml")
    }

    pub fn credentials_path(&self) -> PathBuf {
        self.config_dir().join("credentials.toml")
    }

    pub fn config(&self) -> Option<String> {
        std::fs::read_to_string(self.config_path()).ok()
    }

    pub fn credentials(&self) -> Option<String> {
        std::fs::read_to_string(self.credentials_path()).ok()
    }

    /// The token the file store keeps for `profile`, found as the program finds it: through
    /// the slot the profile names.
    pub fn file_token(&self, profile: &str) -> Option<String> {
        let config: toml_edit::DocumentMut = self.config()?.parse().ok()?;
        let credentials: toml_edit::DocumentMut = self.credentials()?.parse().ok()?;
        let entry = match config["profiles"][profile]["token_id"].as_str() {
            Some(id) => &credentials["tokens"][id],
            None => &credentials["profiles"][profile],
        };
        entry["access_token"].as_str().map(str::to_owned)
    }

    /// How many tokens the file store holds, for any profile.
    pub fn file_token_count(&self) -> usize {
        let Some(text) = self.credentials() else {
            return 0;
        };
        text.lines()
            .filter(|l| l.starts_with("access_token"))
            .count()
    }

    pub fn write_config(&self, text: impl AsRef<[u8]>) {
        std::fs::create_dir_all(self.config_dir()).unwrap();
        std::fs::write(self.config_path(), text).unwrap();
    }

    pub fn write_file(&self, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// A first setup through a pipe, with the token in the file store.
    pub fn set_up(&self) {
        self.set_up_profile("default", HASH);
    }

    /// A setup of `profile` for store `hash` through a pipe, the token in the file store.
    pub fn set_up_profile(&self, profile: &str, hash: &str) {
        self.run(["--secret-store", "file", "--profile", profile])
            .stdin(format!("{ID}\n{TOKEN}\n{hash}\n"))
            .success();
    }

    /// The variables every run gets: a private home, no colour, and nothing inherited.
    pub fn env(&self) -> Vec<(String, String)> {
        let home = self.home();
        let mut vars = vec![
            ("HOME", home.clone()),
            ("XDG_CONFIG_HOME", home.join(".config")),
            ("XDG_DATA_HOME", home.join(".local/share")),
            ("XDG_RUNTIME_DIR", self.path().join("runtime")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.display().to_string()))
        .collect::<Vec<_>>();
        vars.push(("NO_COLOR".into(), "1".into()));
        vars.push(("LANG".into(), "C.UTF-8".into()));
        if let Some(path) = std::env::var_os("PATH") {
            vars.push(("PATH".into(), path.to_string_lossy().into_owned()));
        }
        if cfg!(windows) {
            vars.extend(windows_env(&home, &self.config_path()));
        }
        vars
    }

    /// Pads the config past the size [`SMALL_FILES_ONLY`] allows, keeping its contents;
    /// returns the padded text.
    pub fn pad_config(&self) -> String {
        let padded = format!("{}\n{}", "# padding\n".repeat(400), self.config().unwrap());
        self.write_config(&padded);
        padded
    }

    /// Every file under the sandbox's home with its contents, lock files aside (they hold
    /// nothing): two equal snapshots mean nothing was written.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path
                    .extension()
                    .is_none_or(|e| e != "lock" && e != "store-lock")
                {
                    // A FIFO (or a socket) is never opened: reading one would wait forever.
                    let regular = std::fs::metadata(&path).is_ok_and(|m| m.is_file());
                    let contents = if regular {
                        std::fs::read(&path).unwrap()
                    } else {
                        b"(not a regular file)".to_vec()
                    };
                    out.insert(path.clone(), contents);
                }
            }
        }
        let mut files = BTreeMap::new();
        walk(&self.home(), &mut files);
        files
    }

    /// Asserts that no file in the sandbox, nor the output, holds the token (in any case:
    /// a lowercased copy is as much a leak).
    pub fn assert_no_token_outside_stores(&self, outputs: &[&[u8]]) {
        self.assert_no_token_outside(outputs, false, &[]);
    }

    /// The same, where a save may be under way or was killed: the token file's temporary
    /// copy (`.credentials.toml.*`, private like it, renamed over it or deleted by the next
    /// run) counts as the store. Whether such copies are cleaned up is tested on its own
    /// (`attacks::copies_in_temporary_files_do_not_survive`).
    /// `kept` are files the test gave the token on purpose (a downloaded file kept).
    pub fn assert_no_token_outside(
        &self,
        outputs: &[&[u8]],
        saves_under_way: bool,
        kept: &[PathBuf],
    ) {
        let temporary = |path: &Path| {
            saves_under_way
                && path.parent() == self.credentials_path().parent()
                && path
                    .file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with(".credentials.toml."))
        };
        for (path, bytes) in self.snapshot() {
            if path == self.credentials_path() || temporary(&path) || kept.contains(&path) {
                continue;
            }
            assert!(!holds_token(&bytes), "token found in {}", path.display());
        }
        for output in outputs {
            assert!(
                !holds_token(output),
                "token found in output: {}",
                String::from_utf8_lossy(output)
            );
        }
    }
}

/// What a Windows program needs to start (the system's own variables, and Wine's when the
/// tests run under it), and the sandbox's profile folders and config.
fn windows_env(home: &Path, config: &Path) -> Vec<(String, String)> {
    const KEPT: &[&str] = &[
        "SystemRoot",
        "SystemDrive",
        "windir",
        "ComSpec",
        "PATHEXT",
        "TEMP",
        "TMP",
        "NUMBER_OF_PROCESSORS",
        "PROCESSOR_ARCHITECTURE",
        "OS",
        "USERNAME",
    ];
    let mut vars: Vec<(String, String)> = std::env::vars()
        .filter(|(name, _)| KEPT.contains(&name.as_str()) || name.starts_with("WINE"))
        .collect();
    let shown = |path: PathBuf| path.display().to_string();
    vars.push(("USERPROFILE".into(), shown(home.to_owned())));
    vars.push(("APPDATA".into(), shown(home.join(r"AppData\Roaming"))));
    vars.push(("LOCALAPPDATA".into(), shown(home.join(r"AppData\Local"))));
    vars.push(("SYNCHUP_CONFIG".into(), shown(config.to_owned())));
    vars
}

/// Starts another program (the age tool, ssh-keygen) with its output captured and `stdin`
/// written to it. The binary itself runs through [`Run`].
pub fn spawn_with_stdin(command: &mut std::process::Command, stdin: &str) -> std::process::Child {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A program that ends before reading its input closes the pipe: not a failure here.
    match child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => panic!("{err}"),
        _ => {}
    }
    child
}

/// The D-Bus session of the test process, where CI runs a real Secret Service.
pub fn keychain_env() -> Vec<(&'static str, std::ffi::OsString)> {
    ["DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"]
        .into_iter()
        .filter_map(|var| std::env::var_os(var).map(|value| (var, value)))
        .collect()
}

/// A shell line under which writes past 1 KB fail with EFBIG: room for credentials.toml,
/// not for a padded config. SIGXFSZ is ignored so the write fails instead of the process.
pub const SMALL_FILES_ONLY: &str = "trap '' XFSZ; ulimit -f 2";

/// Whether bytes hold [`TOKEN`] or [`OTHER_TOKEN`], ignoring case.
pub fn holds_token(bytes: &[u8]) -> bool {
    let lower = bytes.to_ascii_lowercase();
    [TOKEN, OTHER_TOKEN]
        .iter()
        .any(|token| contains(&lower, token.to_ascii_lowercase().as_bytes()))
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Fails unless `path` is private to you: on Unix mode 0600 (0700 for a directory); on
/// Windows an access list for you and SYSTEM alone.
pub fn assert_private(path: &Path) {
    #[cfg(unix)]
    {
        let wanted = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode(path), wanted, "{}", path.display());
    }
    #[cfg(windows)]
    windows::assert_private(path);
}

#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// A D-Bus address where something accepts connections and never says a word: a keychain
/// that hangs. The connections stay open as long as the returned guard lives.
#[cfg(unix)]
pub fn silent_bus(sandbox: &Sandbox) -> String {
    let path = sandbox.path().join("silent-bus");
    let listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    format!("unix:path={}", path.display())
}

/// Waits for a child, failing the test (and killing it) if it runs past `limit`: a
/// guard against hangs, not a speed target. Its output is read meanwhile, so a program that
/// prints much never blocks on a full pipe.
pub fn wait_bounded(
    mut child: std::process::Child,
    limit: std::time::Duration,
) -> std::process::Output {
    use std::io::Read;
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    }
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    // A blocking wait, and a watchdog that kills the run at the limit: no polling, which
    // under Wine loads its server with a call every few milliseconds per run.
    let (ended, watch) = std::sync::mpsc::channel::<()>();
    let pid = child.id();
    let watchdog = std::thread::spawn(move || {
        let late = watch.recv_timeout(limit).is_err();
        if late {
            kill_pid(pid);
        }
        late
    });
    let status = child.wait().unwrap();
    let _ = ended.send(());
    assert!(!watchdog.join().unwrap(), "still running after {limit:?}");
    std::process::Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Kills process `pid` outright.
fn kill_pid(pid: u32) {
    #[cfg(unix)]
    if let Some(pid) = rustix::process::Pid::from_raw(pid as i32) {
        let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
    }
    #[cfg(windows)]
    {
        use windows_sys::Win32::Foundation::CloseHandle;
        use windows_sys::Win32::System::Threading::{
            OpenProcess, PROCESS_TERMINATE, TerminateProcess,
        };
        // SAFETY: a handle opened here, used once and closed.
        unsafe {
            let handle = OpenProcess(PROCESS_TERMINATE, 0, pid);
            if !handle.is_null() {
                TerminateProcess(handle, 1);
                CloseHandle(handle);
            }
        }
    }
}

/// The processes whose parent is `pid` (a wrapper's child, which a kill of the wrapper
/// would leave running).
#[cfg(unix)]
pub fn children_of(pid: u32) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .filter_map(|entry| {
                    let name = entry.ok()?.file_name().into_string().ok()?;
                    let child: u32 = name.parse().ok()?;
                    let stat = std::fs::read_to_string(format!("/proc/{child}/stat")).ok()?;
                    // The parent's pid is the second field after the name, in parentheses.
                    let after = stat.rsplit_once(')')?.1;
                    let parent: u32 = after.split_whitespace().nth(1)?.parse().ok()?;
                    (parent == pid).then_some(child)
                })
                .collect()
        })
        .unwrap_or_default()
}
