//! Who may use a file on Windows, judged from its security descriptor in SDDL, the text form
//! Windows itself prints (`O:S-1-5-21-…D:P(A;;FA;;;S-1-5-21-…)(A;;0x1200a9;;;WD)`).
//!
//! The rule is Win32-OpenSSH's for private keys, Windows' counterpart of StrictModes: the
//! file belongs to you, SYSTEM or the Administrators, and no one else is allowed what
//! matters (reading a token; changing a config; adding or replacing files in its
//! directory). Plain text in, a verdict out: tested on every platform, while only reading
//! and writing the descriptor needs Windows (`windows.rs`).

/// Well-known SIDs that may own and use the files: SYSTEM and the Administrators group,
/// who can take any file anyway (root's place on Unix), and "Owner Rights", which is the
/// owner, checked apart.
const TRUSTED: &[&str] = &["SY", "S-1-5-18", "BA", "S-1-5-32-544", "OW", "S-1-3-4"];

/// Access rights, as Windows numbers them for files and directories.
pub mod rights {
    pub const READ_DATA: u32 = 0x1; // FILE_READ_DATA, FILE_LIST_DIRECTORY
    pub const WRITE_DATA: u32 = 0x2; // FILE_WRITE_DATA, FILE_ADD_FILE
    pub const APPEND_DATA: u32 = 0x4; // FILE_APPEND_DATA, FILE_ADD_SUBDIRECTORY
    pub const DELETE_CHILD: u32 = 0x40; // FILE_DELETE_CHILD
    pub const DELETE: u32 = 0x1_0000;
    pub const WRITE_DAC: u32 = 0x4_0000;
    pub const WRITE_OWNER: u32 = 0x8_0000;
    pub const GENERIC_ALL: u32 = 0x1000_0000;
    pub const GENERIC_WRITE: u32 = 0x4000_0000;
    pub const GENERIC_READ: u32 = 0x8000_0000;
    /// Rights that let their holder give themselves any other: a change of the access list
    /// or of the owner.
    pub const TAKE_OVER: u32 = WRITE_DAC | WRITE_OWNER | GENERIC_ALL;
}

/// What must stay yours: the rights others must not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// A token: no one else may read it (or change its access list to read it).
    Reading,
    /// A config: no one else may change or replace it.
    Changing,
    /// A directory of credentials: no one else may add, rename or remove files in it.
    Adding,
}

impl Guard {
    fn forbidden(self) -> u32 {
        use rights::*;
        match self {
            Guard::Reading => READ_DATA | GENERIC_READ | TAKE_OVER,
            Guard::Changing => WRITE_DATA | APPEND_DATA | DELETE | GENERIC_WRITE | TAKE_OVER,
            Guard::Adding => WRITE_DATA | DELETE_CHILD | GENERIC_WRITE | TAKE_OVER,
        }
    }
}

/// A security descriptor, as far as the judgement needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Descriptor {
    /// The owner's SID (or its alias: `BA`, `SY`).
    pub owner: Option<String>,
    /// `None`: no access list at all (`D:NO_ACCESS_CONTROL`), which lets everyone in.
    pub dacl: Option<Vec<Ace>>,
}

/// One access control entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ace {
    pub allow: bool,
    /// Only passed on to new files and directories inside; it does not apply here.
    pub inherit_only: bool,
    pub mask: u32,
    pub sid: String,
}

/// Reads the owner and the access list from SDDL. `None` when the text is not SDDL.
pub fn parse(text: &str) -> Option<Descriptor> {
    let mut owner = None;
    let mut dacl = Some(Vec::new());
    let mut rest = text.trim();
    while !rest.is_empty() {
        let (tag, body) = rest.split_at_checked(2)?;
        // Each part runs to the next `X:` that is outside parentheses.
        let end = part_end(body);
        let (part, next) = body.split_at(end);
        match tag {
            "O:" => owner = Some(part.to_owned()),
            "G:" | "S:" => {}
            "D:" => dacl = parse_dacl(part)?,
            _ => return None,
        }
        rest = next;
    }
    Some(Descriptor { owner, dacl })
}

fn part_end(body: &str) -> usize {
    let mut depth = 0usize;
    let bytes = body.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b'O' | b'G' | b'D' | b'S' if depth == 0 && bytes.get(i + 1) == Some(&b':') => {
                return i;
            }
            _ => {}
        }
    }
    body.len()
}

fn parse_dacl(part: &str) -> Option<Option<Vec<Ace>>> {
    let flags_end = part.find('(').unwrap_or(part.len());
    if part[..flags_end].contains("NO_ACCESS_CONTROL") {
        return Some(None);
    }
    let mut aces = Vec::new();
    for entry in part[flags_end..].split_terminator(')') {
        let entry = entry.strip_prefix('(')?;
        let fields: Vec<&str> = entry.split(';').collect();
        let [kind, flags, mask, _, _, sid, ..] = fields[..] else {
            return None;
        };
        let allow = match kind {
            "A" | "OA" | "XA" | "ZA" => true,
            "D" | "OD" | "XD" => false,
            // Audit, alarm, label and other entries grant nothing.
            _ => continue,
        };
        aces.push(Ace {
            allow,
            inherit_only: flags_of(flags).any(|f| f == "IO"),
            mask: parse_mask(mask)?,
            sid: sid.to_owned(),
        });
    }
    Some(Some(aces))
}

fn flags_of(flags: &str) -> impl Iterator<Item = &str> {
    flags
        .as_bytes()
        .chunks(2)
        .filter_map(|pair| std::str::from_utf8(pair).ok())
}

/// A rights field: a number (`0x1200a9`) or two-letter codes (`FA`, `GRGW`). An unknown
/// code counts as every right, so that what cannot be read is never taken as safe.
fn parse_mask(text: &str) -> Option<u32> {
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        return u32::from_str_radix(hex, 16).ok();
    }
    if let Ok(number) = text.parse::<u32>() {
        return Some(number);
    }
    if !text.len().is_multiple_of(2) {
        return None;
    }
    Some(flags_of(text).fold(0, |mask, code| {
        mask | match code {
            "GA" => rights::GENERIC_ALL,
            "GR" => rights::GENERIC_READ,
            "GW" => rights::GENERIC_WRITE,
            "GX" => 0x2000_0000,
            "RC" => 0x2_0000,
            "SD" => rights::DELETE,
            "WD" => rights::WRITE_DAC,
            "WO" => rights::WRITE_OWNER,
            "FA" => 0x1F_01FF,
            "FR" => 0x12_0089,
            "FW" => 0x12_0116,
            "FX" => 0x12_00A0,
            // Directory-service names for the low bits, which files share.
            "CC" => 0x1,
            "DC" => 0x2,
            "LC" => 0x4,
            "SW" => 0x8,
            "RP" => 0x10,
            "WP" => 0x20,
            "DT" => 0x40,
            "LO" => 0x80,
            "CR" => 0x100,
            _ => u32::MAX,
        }
    }))
}

/// Why a descriptor is not safe for `guard`, with the SIDs to take access from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    /// In words: "Everyone can read it".
    pub why: String,
    /// The SIDs (or aliases) that have access they must not.
    pub others: Vec<String>,
}

/// Judges a descriptor for the user `me` (a SID, `S-1-5-21-…`). `Ok` when it is safe; the
/// owner is checked first.
pub fn judge(sd: &Descriptor, me: &str, guard: Guard) -> Result<(), Exposure> {
    if let Some(owner) = &sd.owner
        && owner != me
        && !TRUSTED.contains(&owner.as_str())
    {
        return Err(Exposure {
            why: format!("belongs to another user ({})", who(owner)),
            others: Vec::new(),
        });
    }
    let Some(dacl) = &sd.dacl else {
        return Err(Exposure {
            why: "has no access list, so everyone can use it".into(),
            others: vec!["S-1-1-0".into()],
        });
    };
    let mut others: Vec<String> = dacl
        .iter()
        .filter(|ace| ace.allow && !ace.inherit_only && ace.mask & guard.forbidden() != 0)
        .filter(|ace| ace.sid != me && !TRUSTED.contains(&ace.sid.as_str()))
        .map(|ace| ace.sid.clone())
        .collect();
    others.dedup();
    if others.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = others.iter().map(|sid| who(sid)).collect();
    let verb = match guard {
        Guard::Reading => "can read it",
        Guard::Changing => "can change it",
        Guard::Adding => "can add or replace files in it",
    };
    Err(Exposure {
        why: format!("{} {verb}", names.join(", ")),
        others,
    })
}

/// A SID in words, for the groups every Windows user knows; any other as it is.
pub fn who(sid: &str) -> String {
    let known = match sid {
        "WD" | "S-1-1-0" => "Everyone",
        "AU" | "S-1-5-11" => "Authenticated Users",
        "BU" | "S-1-5-32-545" => "Users",
        "BG" | "S-1-5-32-546" => "Guests",
        "IU" | "S-1-5-4" => "Interactive users",
        "NU" | "S-1-5-2" => "Network users",
        "AN" | "S-1-5-7" => "Anonymous",
        "CO" | "S-1-3-0" => "Creator Owner",
        _ => return format!("another account ({sid})"),
    };
    known.to_owned()
}

/// A SID as `icacls` takes it: `*S-1-1-0`. Aliases without a fixed SID (a domain's) have
/// no such form.
pub fn icacls_sid(sid: &str) -> Option<String> {
    let full = match sid {
        "WD" => "S-1-1-0",
        "AU" => "S-1-5-11",
        "BU" => "S-1-5-32-545",
        "BG" => "S-1-5-32-546",
        "IU" => "S-1-5-4",
        "NU" => "S-1-5-2",
        "AN" => "S-1-5-7",
        "CO" => "S-1-3-0",
        "SY" => "S-1-5-18",
        "BA" => "S-1-5-32-544",
        sid if sid.starts_with("S-") => sid,
        _ => return None,
    };
    Some(format!("*{full}"))
}

/// The `icacls` command that leaves `path` to `me` alone: inherited entries dropped, full
/// control for `me` (passed on to what a directory holds), `others` removed.
pub fn icacls_fix(path: &str, me: &str, others: &[String], directory: bool) -> String {
    let inherit = if directory { "(OI)(CI)" } else { "" };
    let mut command = format!("icacls \"{path}\" /inheritance:r /grant:r *{me}:{inherit}F");
    let removed: Vec<String> = others.iter().filter_map(|sid| icacls_sid(sid)).collect();
    if !removed.is_empty() {
        command.push_str(&format!(" /remove:g {}", removed.join(" ")));
    }
    command
}

/// The descriptor that makes a file or directory private: your account and SYSTEM (which
/// backups and the OS itself run as) have full control, nothing is inherited from above,
/// and a directory passes the same on to what is created in it.
pub fn private_descriptor(me: &str, directory: bool) -> String {
    let inherit = if directory { "OICI" } else { "" };
    format!("D:P(A;{inherit};FA;;;{me})(A;{inherit};FA;;;SY)")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: &str = "S-1-5-21-1004336348-1177238915-682003330-1001";

    fn verdict(text: &str, guard: Guard) -> Result<(), Exposure> {
        judge(&parse(text).expect("SDDL"), ME, guard)
    }

    #[test]
    fn what_windows_gives_a_profile_folder_is_private() {
        // %APPDATA% and what is created in it: SYSTEM, Administrators and the user.
        let inherited = format!("O:{ME}D:(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;FA;;;{ME})");
        for guard in [Guard::Reading, Guard::Changing, Guard::Adding] {
            assert_eq!(verdict(&inherited, guard), Ok(()), "{guard:?}");
        }
        let made = format!("O:{ME}{}", private_descriptor(ME, false));
        assert_eq!(verdict(&made, Guard::Reading), Ok(()));
    }

    #[test]
    fn everyone_reading_a_token_is_named() {
        // What Wine shows for a file of mode 0644, and what a shared folder passes on.
        let text = format!("O:{ME}D:(A;;FA;;;SY)(A;;FA;;;{ME})(A;;0x1200a9;;;WD)");
        let err = verdict(&text, Guard::Reading).unwrap_err();
        assert_eq!(err.why, "Everyone can read it");
        assert_eq!(err.others, ["WD"]);
        // Reading is allowed for a config, which holds no secret; changing is not.
        assert_eq!(verdict(&text, Guard::Changing), Ok(()));
        let writable = format!("O:{ME}D:(A;OICIID;0x1301bf;;;AU)(A;;FA;;;{ME})");
        let err = verdict(&writable, Guard::Changing).unwrap_err();
        assert_eq!(err.why, "Authenticated Users can change it");
    }

    #[test]
    fn a_right_to_change_the_access_list_is_as_good_as_reading() {
        let text = format!("O:{ME}D:(A;;WD;;;BU)(A;;FA;;;{ME})");
        assert!(verdict(&text, Guard::Reading).is_err());
        let generic = format!("O:{ME}D:(A;;GA;;;S-1-5-21-1-2-3-1002)");
        let err = verdict(&generic, Guard::Reading).unwrap_err();
        assert!(err.why.contains("S-1-5-21-1-2-3-1002"), "{}", err.why);
    }

    #[test]
    fn entries_that_grant_nothing_here_are_passed_over() {
        // Denials, entries only passed on to new files, and audit entries.
        let text = format!("O:BAD:P(D;;FA;;;WD)(A;OICIIO;FA;;;CO)(A;;FA;;;{ME})S:(AU;FA;FA;;;WD)");
        for guard in [Guard::Reading, Guard::Changing, Guard::Adding] {
            assert_eq!(verdict(&text, guard), Ok(()), "{guard:?}");
        }
    }

    #[test]
    fn a_directory_others_may_only_read_lets_nobody_add_files() {
        let text = format!("O:{ME}D:(A;OICI;FA;;;{ME})(A;OICI;0x1200a9;;;BU)");
        assert_eq!(verdict(&text, Guard::Adding), Ok(()));
        let open = format!("O:{ME}D:(A;OICI;FA;;;{ME})(A;CI;0x100116;;;BU)");
        let err = verdict(&open, Guard::Adding).unwrap_err();
        assert_eq!(err.why, "Users can add or replace files in it");
    }

    #[test]
    fn another_owner_or_no_access_list_is_refused() {
        let theirs = "O:S-1-5-21-1-2-3-1002D:(A;;FA;;;S-1-5-21-1-2-3-1002)";
        let err = verdict(theirs, Guard::Changing).unwrap_err();
        assert!(
            err.why.starts_with("belongs to another user"),
            "{}",
            err.why
        );
        let open = format!("O:{ME}D:NO_ACCESS_CONTROL");
        assert!(verdict(&open, Guard::Reading).is_err());
        // Owned by the Administrators (a file made from an elevated prompt) is fine.
        assert_eq!(
            verdict(&format!("O:BAD:(A;;FA;;;{ME})"), Guard::Reading),
            Ok(())
        );
    }

    #[test]
    fn unknown_rights_count_as_every_right_and_garbage_is_not_sddl() {
        let text = format!("O:{ME}D:(A;;ZZ;;;BU)");
        assert!(verdict(&text, Guard::Reading).is_err());
        assert_eq!(parse("not sddl"), None);
        assert_eq!(parse("D:(A;;FA)"), None);
    }

    #[test]
    fn the_fix_names_the_account_and_those_to_remove() {
        let fix = icacls_fix(
            r"C:\Users\me\AppData\Roaming\x\credentials.toml",
            ME,
            &["WD".into(), "S-1-5-21-1-2-3-1002".into(), "DU".into()],
            false,
        );
        assert_eq!(
            fix,
            format!(
                "icacls \"C:\\Users\\me\\AppData\\Roaming\\x\\credentials.toml\" /inheritance:r \
                 /grant:r *{ME}:F /remove:g *S-1-1-0 *S-1-5-21-1-2-3-1002"
            )
        );
        assert!(icacls_fix("C:\\d", ME, &[], true).ends_with(":(OI)(CI)F"));
    }
}
