//! Windows, read and changed as a separate program would: a file's access list (its
//! security descriptor in SDDL) and the Credential Manager's generic credentials. The tests
//! use these to check what the program did, never the program's own code.

use std::ffi::{OsStr, OsString};
use std::os::windows::ffi::{OsStrExt, OsStringExt};
use std::path::Path;

use windows_sys::Win32::Foundation::{CloseHandle, HANDLE, LocalFree};
use windows_sys::Win32::Security::Authorization::{
    ConvertSecurityDescriptorToStringSecurityDescriptorW, ConvertSidToStringSidW,
    ConvertStringSecurityDescriptorToSecurityDescriptorW, SDDL_REVISION_1,
};
use windows_sys::Win32::Security::Credentials::{
    CRED_TYPE_GENERIC, CREDENTIALW, CredDeleteW, CredEnumerateW, CredFree,
};
use windows_sys::Win32::Security::{
    DACL_SECURITY_INFORMATION, GetFileSecurityW, GetTokenInformation, OWNER_SECURITY_INFORMATION,
    PSECURITY_DESCRIPTOR, SetFileSecurityW, TOKEN_QUERY, TOKEN_USER, TokenUser,
};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

fn wide(text: &OsStr) -> Vec<u16> {
    text.encode_wide().chain(Some(0)).collect()
}

/// # Safety
/// `text` is null or points at a NUL-terminated UTF-16 string.
unsafe fn from_wide(text: *const u16) -> String {
    if text.is_null() {
        return String::new();
    }
    // SAFETY: as the caller promises.
    unsafe {
        let len = (0..).take_while(|&i| *text.add(i) != 0).count();
        OsString::from_wide(std::slice::from_raw_parts(text, len))
            .to_string_lossy()
            .into_owned()
    }
}

/// The SID of the user the tests run as.
pub fn me() -> String {
    // SAFETY: Win32 calls with live out-pointers and a buffer sized by the first call.
    unsafe {
        let mut token: HANDLE = std::ptr::null_mut();
        assert_ne!(
            OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token),
            0
        );
        let mut needed = 0u32;
        GetTokenInformation(token, TokenUser, std::ptr::null_mut(), 0, &mut needed);
        let mut buffer = vec![0u64; (needed as usize).div_ceil(8)];
        let size = (buffer.len() * 8) as u32;
        let got = GetTokenInformation(
            token,
            TokenUser,
            buffer.as_mut_ptr().cast(),
            size,
            &mut needed,
        );
        CloseHandle(token);
        assert_ne!(got, 0);
        let user = &*(buffer.as_ptr() as *const TOKEN_USER);
        let mut text = std::ptr::null_mut();
        assert_ne!(ConvertSidToStringSidW(user.User.Sid, &mut text), 0);
        let sid = from_wide(text);
        LocalFree(text.cast());
        sid
    }
}

/// The owner and access list of a file or directory, in SDDL.
pub fn sddl_of(path: &Path) -> String {
    let name = wide(path.as_os_str());
    let wanted = OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
    // SAFETY: a NUL-terminated name, a buffer sized by the first call, and the string
    // Windows allocates freed here.
    unsafe {
        let mut needed = 0u32;
        GetFileSecurityW(name.as_ptr(), wanted, std::ptr::null_mut(), 0, &mut needed);
        assert_ne!(
            needed,
            0,
            "{}: {}",
            path.display(),
            std::io::Error::last_os_error()
        );
        let mut buffer = vec![0u64; (needed as usize).div_ceil(8)];
        let size = (buffer.len() * 8) as u32;
        let got = GetFileSecurityW(
            name.as_ptr(),
            wanted,
            buffer.as_mut_ptr().cast(),
            size,
            &mut needed,
        );
        assert_ne!(got, 0, "{}", std::io::Error::last_os_error());
        let mut text = std::ptr::null_mut();
        let converted = ConvertSecurityDescriptorToStringSecurityDescriptorW(
            buffer.as_mut_ptr().cast(),
            SDDL_REVISION_1,
            wanted,
            &mut text,
            std::ptr::null_mut(),
        );
        assert_ne!(converted, 0);
        let sddl = from_wide(text);
        LocalFree(text.cast());
        sddl
    }
}

/// Replaces the access list of `path` with the one in `sddl` (`D:(A;;FA;;;WD)`).
pub fn set_sddl(path: &Path, sddl: &str) {
    let text = wide(OsStr::new(sddl));
    let name = wide(path.as_os_str());
    // SAFETY: NUL-terminated strings; the descriptor Windows allocates is freed here.
    unsafe {
        let mut sd: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
        let parsed = ConvertStringSecurityDescriptorToSecurityDescriptorW(
            text.as_ptr(),
            SDDL_REVISION_1,
            &mut sd,
            std::ptr::null_mut(),
        );
        assert_ne!(parsed, 0, "{sddl}");
        let set = SetFileSecurityW(name.as_ptr(), DACL_SECURITY_INFORMATION, sd);
        let err = std::io::Error::last_os_error();
        LocalFree(sd.cast());
        assert_ne!(set, 0, "{}: {err}", path.display());
    }
}

/// The SIDs the access list of `path` allows anything to, in order.
pub fn allowed(path: &Path) -> Vec<String> {
    let sddl = sddl_of(path);
    let dacl = &sddl[sddl.find("D:").expect("an access list")..];
    dacl.split('(')
        .skip(1)
        .filter(|ace| ace.starts_with("A;"))
        .filter_map(|ace| {
            ace.trim_end_matches(')')
                .split(';')
                .nth(5)
                .map(str::to_owned)
        })
        .collect()
}

/// Fails unless only you (and SYSTEM) may use `path`.
pub fn assert_private(path: &Path) {
    let me = me();
    let allowed = allowed(path);
    assert!(
        allowed.contains(&me),
        "{}: {}",
        path.display(),
        sddl_of(path)
    );
    for sid in &allowed {
        assert!(
            *sid == me || sid == "SY",
            "{}: {sid} has access: {}",
            path.display(),
            sddl_of(path)
        );
    }
}

/// One generic credential of the Credential Manager.
#[derive(Debug, Clone)]
pub struct Credential {
    pub target: String,
    pub user: String,
    pub secret: String,
}

/// The generic credentials whose target name matches `filter` (`*` is a wildcard).
pub fn credentials(filter: &str) -> Vec<Credential> {
    let filter = wide(OsStr::new(filter));
    let mut count = 0u32;
    let mut list: *mut *mut CREDENTIALW = std::ptr::null_mut();
    // SAFETY: live out-pointers; the list Windows allocates is read, then freed once.
    unsafe {
        if CredEnumerateW(filter.as_ptr(), 0, &mut count, &mut list) == 0 {
            // ERROR_NOT_FOUND: none.
            return Vec::new();
        }
        let found = (0..count as usize)
            .map(|i| {
                let credential = &**list.add(i);
                assert_eq!(credential.Type, CRED_TYPE_GENERIC);
                let blob = std::slice::from_raw_parts(
                    credential.CredentialBlob,
                    credential.CredentialBlobSize as usize,
                );
                // The keyring store keeps a password as UTF-16, as Windows' own tools do.
                let units: Vec<u16> = blob
                    .chunks_exact(2)
                    .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
                    .collect();
                Credential {
                    target: from_wide(credential.TargetName),
                    user: from_wide(credential.UserName),
                    secret: String::from_utf16_lossy(&units),
                }
            })
            .collect();
        CredFree(list.cast());
        found
    }
}

/// Deletes a generic credential behind the program's back.
pub fn delete_credential(target: &str) {
    let name = wide(OsStr::new(target));
    // SAFETY: a NUL-terminated name.
    let deleted = unsafe { CredDeleteW(name.as_ptr(), CRED_TYPE_GENERIC, 0) };
    assert_ne!(deleted, 0, "{target}: {}", std::io::Error::last_os_error());
}
