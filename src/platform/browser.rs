//! Opening a web page in the browser of the person at the terminal. Only in a desktop
//! session on this machine: over SSH the browser would open on the far machine, or nowhere.
//! A browser is a child process, so it is started only when the admin has said yes.

use std::ffi::OsString;

/// Whether a browser can be opened for the person at this terminal (see [`available_in`]).
pub fn available() -> bool {
    available_in(
        |name| std::env::var_os(name),
        cfg!(any(target_os = "macos", windows)),
    )
}

/// Not over SSH (`SSH_CONNECTION`, `SSH_TTY` or `SSH_CLIENT` set), and a desktop session:
/// always on macOS and Windows (`desktop_os`), else a graphical display (`DISPLAY` or
/// `WAYLAND_DISPLAY`). `var` reads a variable; an empty one counts as unset.
pub fn available_in(var: impl Fn(&str) -> Option<OsString>, desktop_os: bool) -> bool {
    let set = |name: &str| var(name).is_some_and(|value| !value.is_empty());
    if ["SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"]
        .iter()
        .any(|name| set(name))
    {
        return false;
    }
    desktop_os || set("DISPLAY") || set("WAYLAND_DISPLAY")
}

/// Opens `url` in the default browser, or the one `BROWSER` names.
pub fn open(url: &str) -> Result<(), String> {
    match std::env::var_os("BROWSER").filter(|browser| !browser.is_empty()) {
        Some(browser) => start_apart(std::process::Command::new(&browser).arg(url))
            .map_err(|err| format!("{} could not be started: {err}", browser.display())),
        None => opener::open_browser(url).map_err(|err| err.to_string()),
    }
}

/// Starts a browser that outlives this run: apart from the terminal's foreground process
/// group (so closing the terminal, or the run ending, does not hang it up) and with no
/// pipe back to this process, which may be gone before the browser writes anything.
fn start_apart(command: &mut std::process::Command) -> std::io::Result<()> {
    use std::process::Stdio;
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(command, 0);
    command.spawn().map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn never_over_ssh_and_only_in_a_desktop_session() {
        assert!(available_in(with(&[("DISPLAY", ":0")]), false));
        assert!(available_in(
            with(&[("WAYLAND_DISPLAY", "wayland-0")]),
            false
        ));
        assert!(!available_in(with(&[]), false), "a Linux console");
        assert!(!available_in(with(&[("DISPLAY", "")]), false));
        assert!(available_in(with(&[]), true), "macOS, Windows");
        for ssh in ["SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"] {
            let vars: &'static [(&'static str, &'static str)] = match ssh {
                "SSH_CONNECTION" => &[
                    ("SSH_CONNECTION", "10.0.0.2 5 10.0.0.1 22"),
                    ("DISPLAY", ":0"),
                ],
                "SSH_TTY" => &[("SSH_TTY", "/dev/pts/3"), ("DISPLAY", ":0")],
                _ => &[("SSH_CLIENT", "10.0.0.2 5 22"), ("DISPLAY", ":0")],
            };
            assert!(!available_in(with(vars), false), "{ssh}");
            assert!(!available_in(with(vars), true), "{ssh} on macOS");
        }
    }
}
