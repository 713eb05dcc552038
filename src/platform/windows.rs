//! Windows: private means the access list (ACL), judged as Win32-OpenSSH judges a private
//! key (`sddl.rs`); the files and directories synchup-setup creates get an ACL for you
//! alone (and SYSTEM) before anything is written to them. The console's mode is put back
//! on exit.
//!
//! What Windows has no counterpart for: FIFOs in the file system (nothing can make a read
//! wait), `O_NOFOLLOW` (a link is followed, to a file that is checked like any other), and
//! flushing a directory (NTFS journals the rename, so it is whole or not done, but a power
//! cut right after it may bring the old file back).

use std::ffi::{OsStr, OsString};
use std::fs::{self, Metadata, OpenOptions};
use std::io;
use std::os::windows::ffi::{OsStrExt, OsStringExt};
use std::path::Path;
use std::sync::OnceLock;

use windows_sys::Win32::Foundation::{CloseHandle, HANDLE, LocalFree};
use windows_sys::Win32::Security::Authorization::{
    ConvertSecurityDescriptorToStringSecurityDescriptorW, ConvertSidToStringSidW,
    ConvertStringSecurityDescriptorToSecurityDescriptorW, SDDL_REVISION_1,
};
use windows_sys::Win32::Security::{
    DACL_SECURITY_INFORMATION, GetFileSecurityW, GetTokenInformation, OWNER_SECURITY_INFORMATION,
    PSECURITY_DESCRIPTOR, SetFileSecurityW, TOKEN_QUERY, TOKEN_USER, TokenUser,
};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

use super::sddl::{self, Guard};
use super::{Exposure, Holds, Unsafe};

pub fn check_file(path: &Path, _meta: &Metadata, holds: Holds) -> Result<(), Unsafe> {
    let guard = match holds {
        Holds::Config => Guard::Changing,
        Holds::Token => Guard::Reading,
    };
    judge(path, guard, false).map_err(|(why, fix)| Unsafe {
        path: path.to_owned(),
        why,
        fix: format!("Make it yours alone: {fix} (synchup-setup writes it for you alone)."),
    })
}

/// The directory itself; not those above it, which on Windows routinely let users add
/// folders (`C:\`), and whose files cannot be swapped without rights on the file itself.
pub fn check_dir(dir: &Path) -> Result<(), Unsafe> {
    if !dir.exists() {
        return Ok(());
    }
    judge(dir, Guard::Adding, true).map_err(|(why, fix)| Unsafe {
        path: dir.to_owned(),
        why: if why.starts_with("belongs") {
            format!("{why}, who could swap in their own files")
        } else {
            why
        },
        fix: format!("Make it yours alone: {fix}"),
    })
}

pub fn readable_by_others(path: &Path, directory: bool) -> Option<Exposure> {
    let text = descriptor(path).ok()?;
    let sd = sddl::parse(&text)?;
    let me = current_user().ok()?;
    // Ownership is for the checks that refuse; here only who can read.
    let sd = sddl::Descriptor { owner: None, ..sd };
    let exposure = sddl::judge(&sd, me, Guard::Reading).err()?;
    let names: Vec<String> = exposure.others.iter().map(|sid| sddl::who(sid)).collect();
    Some(Exposure {
        why: format!("can be read by others ({})", names.join(", ")),
        fix: sddl::icacls_fix(&shown(path), me, &exposure.others, directory),
    })
}

/// Judges `path` against `guard`: `Err((why, fix))` when it is not safe. A descriptor that
/// cannot be read is not safe either.
fn judge(path: &Path, guard: Guard, directory: bool) -> Result<(), (String, String)> {
    let unreadable = |err: io::Error| {
        (
            format!("its access list cannot be read ({err})"),
            format!(
                "check its permissions in Explorer (Properties › Security): {}",
                shown(path)
            ),
        )
    };
    let me = current_user().map_err(unreadable)?;
    let text = descriptor(path).map_err(unreadable)?;
    let Some(sd) = sddl::parse(&text) else {
        return Err(unreadable(io::Error::other(
            "not a security descriptor Windows would print",
        )));
    };
    sddl::judge(&sd, me, guard).map_err(|exposure| {
        let fix = if exposure.why.starts_with("belongs") {
            format!(
                "use a file of your own: move it aside and run synchup-setup again, or take \
                 it over with takeown /f \"{}\" if it is yours",
                shown(path)
            )
        } else {
            sddl::icacls_fix(&shown(path), me, &exposure.others, directory)
        };
        (exposure.why, fix)
    })
}

fn shown(path: &Path) -> String {
    crate::ui::printable(&path.display().to_string())
}

/// The SID of the user this program runs as, `S-1-5-21-…`.
pub fn current_user() -> io::Result<&'static str> {
    static SID: OnceLock<Result<String, i32>> = OnceLock::new();
    let sid =
        SID.get_or_init(|| read_current_user().map_err(|err| err.raw_os_error().unwrap_or(0)));
    sid.as_deref()
        .map_err(|&code| io::Error::from_raw_os_error(code))
}

fn read_current_user() -> io::Result<String> {
    // SAFETY: plain Win32 calls; every out-pointer points at a live local, the token
    // buffer is sized by the first call, and what Windows allocates is freed here.
    unsafe {
        let mut token: HANDLE = std::ptr::null_mut();
        if OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) == 0 {
            return Err(io::Error::last_os_error());
        }
        let mut needed = 0u32;
        GetTokenInformation(token, TokenUser, std::ptr::null_mut(), 0, &mut needed);
        // u64s keep the buffer aligned for TOKEN_USER.
        let mut buffer = vec![0u64; (needed as usize).div_ceil(8).max(1)];
        let ok = GetTokenInformation(
            token,
            TokenUser,
            buffer.as_mut_ptr().cast(),
            (buffer.len() * 8) as u32,
            &mut needed,
        );
        let err = io::Error::last_os_error();
        CloseHandle(token);
        if ok == 0 {
            return Err(err);
        }
        let user = &*(buffer.as_ptr() as *const TOKEN_USER);
        let mut text: *mut u16 = std::ptr::null_mut();
        if ConvertSidToStringSidW(user.User.Sid, &mut text) == 0 {
            return Err(io::Error::last_os_error());
        }
        let sid = from_wide(text);
        LocalFree(text.cast());
        Ok(sid)
    }
}

/// The owner and access list of `path`, in SDDL.
fn descriptor(path: &Path) -> io::Result<String> {
    let name = wide(path.as_os_str());
    let wanted = OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
    // SAFETY: the name is NUL-terminated; the buffer is sized by the first call (and
    // aligned by u64s); the string Windows allocates is freed here.
    unsafe {
        let mut needed = 0u32;
        GetFileSecurityW(name.as_ptr(), wanted, std::ptr::null_mut(), 0, &mut needed);
        if needed == 0 {
            return Err(io::Error::last_os_error());
        }
        let mut buffer = vec![0u64; (needed as usize).div_ceil(8)];
        if GetFileSecurityW(
            name.as_ptr(),
            wanted,
            buffer.as_mut_ptr().cast(),
            (buffer.len() * 8) as u32,
            &mut needed,
        ) == 0
        {
            return Err(io::Error::last_os_error());
        }
        let mut text: *mut u16 = std::ptr::null_mut();
        if ConvertSecurityDescriptorToStringSecurityDescriptorW(
            buffer.as_mut_ptr().cast(),
            SDDL_REVISION_1,
            wanted,
            &mut text,
            std::ptr::null_mut(),
        ) == 0
        {
            return Err(io::Error::last_os_error());
        }
        let sddl = from_wide(text);
        LocalFree(text.cast());
        Ok(sddl)
    }
}

/// Gives `path` an access list for you alone (and SYSTEM), replacing what it inherited.
///
/// `SetFileSecurityW` rather than `SetNamedSecurityInfoW`: on Windows the two do the same
/// here, and Wine, where the tests run, implements only the first.
pub fn make_private(path: &Path, directory: bool) -> io::Result<()> {
    let text = sddl::private_descriptor(current_user()?, directory);
    let text = wide(OsStr::new(&text));
    let name = wide(path.as_os_str());
    // SAFETY: both strings are NUL-terminated; the descriptor Windows allocates is freed
    // here.
    unsafe {
        let mut sd: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
        if ConvertStringSecurityDescriptorToSecurityDescriptorW(
            text.as_ptr(),
            SDDL_REVISION_1,
            &mut sd,
            std::ptr::null_mut(),
        ) == 0
        {
            return Err(io::Error::last_os_error());
        }
        let ok = SetFileSecurityW(name.as_ptr(), DACL_SECURITY_INFORMATION, sd);
        let err = io::Error::last_os_error();
        LocalFree(sd.cast());
        if ok == 0 { Err(err) } else { Ok(()) }
    }
}

fn wide(text: &OsStr) -> Vec<u16> {
    text.encode_wide().chain(Some(0)).collect()
}

/// # Safety
/// `text` points at a NUL-terminated UTF-16 string.
unsafe fn from_wide(text: *const u16) -> String {
    // SAFETY: as the caller promises, the string ends at the first NUL.
    unsafe {
        let len = (0..).take_while(|&i| *text.add(i) != 0).count();
        OsString::from_wide(std::slice::from_raw_parts(text, len))
            .to_string_lossy()
            .into_owned()
    }
}

pub fn read_options(_follow: bool) -> OpenOptions {
    let mut options = OpenOptions::new();
    options.read(true);
    options
}

pub fn lock_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    options
}

pub fn is_refused_link(_err: &io::Error) -> bool {
    false
}

/// Creates the missing directories, then makes each new one private; what is created in
/// them inherits that. Existing directories keep their access list.
pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    let missing: Vec<&Path> = dir.ancestors().take_while(|each| !each.exists()).collect();
    fs::create_dir_all(dir)?;
    for each in missing.into_iter().rev() {
        make_private(each, true)?;
    }
    Ok(())
}

/// Made private before anything is written to it.
pub fn private_temp_file(
    builder: &mut tempfile::Builder,
    dir: &Path,
) -> io::Result<tempfile::NamedTempFile> {
    let temp = builder.tempfile_in(dir)?;
    make_private(temp.path(), false)?;
    Ok(temp)
}

pub fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// How long a rename is tried again while another program holds the file.
const REPLACE_PATIENCE: std::time::Duration = std::time::Duration::from_secs(2);

/// Renames, trying again (at growing intervals, for [`REPLACE_PATIENCE`] at most) while the
/// file is held open by a program that did not let others delete it: Windows then refuses
/// with ERROR_ACCESS_DENIED or ERROR_SHARING_VIOLATION, where Unix would just replace it.
pub fn replace(temp: tempfile::NamedTempFile, path: &Path) -> io::Result<()> {
    use windows_sys::Win32::Foundation::{ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION};
    let started = std::time::Instant::now();
    let mut pause = std::time::Duration::from_millis(1);
    let mut temp = temp;
    loop {
        match temp.persist(path) {
            Ok(_) => return Ok(()),
            Err(err) => {
                let held = matches!(
                    err.error.raw_os_error().map(|code| code as u32),
                    Some(ERROR_ACCESS_DENIED | ERROR_SHARING_VIOLATION)
                );
                if !held || started.elapsed() >= REPLACE_PATIENCE {
                    return Err(err.error);
                }
                temp = err.file;
                std::thread::sleep(pause);
                pause = (pause * 2).min(std::time::Duration::from_millis(100));
            }
        }
    }
}

/// The console's input mode at start (line input, echo), put back on exit: a question
/// interrupted in raw mode would otherwise leave the console without echo.
pub mod terminal {
    use std::sync::OnceLock;

    use windows_sys::Win32::System::Console::{
        CONSOLE_MODE, GetConsoleMode, GetStdHandle, STD_INPUT_HANDLE, SetConsoleMode,
    };

    static SAVED: OnceLock<CONSOLE_MODE> = OnceLock::new();

    pub fn save() {
        let mut mode: CONSOLE_MODE = 0;
        // SAFETY: the standard input handle and a live out-pointer.
        if unsafe { GetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), &mut mode) } != 0 {
            let _ = SAVED.set(mode);
        }
    }

    pub fn restore() {
        if let Some(&mode) = SAVED.get() {
            // SAFETY: the standard input handle and a mode it had before.
            unsafe { SetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), mode) };
        }
    }
}

/// Nothing to do per process: Windows writes a crash dump only where an administrator set
/// up Windows Error Reporting's LocalDumps, a machine-wide choice.
pub fn file_id(_meta: &Metadata) -> Option<(u64, u64)> {
    None
}

pub fn no_core_dumps() {}
