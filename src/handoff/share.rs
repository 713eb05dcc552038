//! `share`: the profile's saved credentials, encrypted with age for an integration
//! specialist (or SynchUP), to their public keys or with a passphrase, as ASCII armor
//! written to a private file or to standard output. The token leaves only encrypted, and
//! nothing in plain text is written anywhere on the way.

use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};

use super::read::read_recipients;
use super::{
    Bundle, HandoffError, Recipient, RecipientSource, encrypt, encrypt_with_passphrase,
    parse_recipients, passphrase,
};
use crate::bigcommerce::values::AccessToken;
use crate::context::environment::SHARE_PASSPHRASE;
use crate::context::{Context, Environment};
use crate::credentials::Credentials;
use crate::error::Origin;
use crate::error::{Error, Result};
use crate::profile::fields::{FIELDS, Kind, Value};
use crate::profile::values::Values;
use crate::storage::config::Profile;
use crate::storage::config::config_error;
use crate::storage::fs;
use crate::storage::{Paths, Storage};
use crate::ui::{Ui, printable};

/// A passphrase a script chooses shorter than this can be guessed by whoever holds the
/// bundle, at leisure and offline. (A generated one is six words, about 40 characters.)
const SHORT_PASSPHRASE: usize = 20;

/// What opens the bundle.
pub enum Protection {
    Recipients(Vec<Recipient>),
    /// Generated here: shown once, once the bundle is written.
    Generated(SecretString),
    /// From `SYNCHUP_SHARE_PASSPHRASE`: never shown.
    Given(SecretString),
}

/// Who receives the bundle, and where it goes.
pub struct ShareOptions {
    /// `--to`: public keys.
    pub to: Vec<String>,
    /// `--to-file`: files of public keys, as `age -R` reads them.
    pub to_file: Vec<PathBuf>,
    /// `--passphrase`: encrypt with a passphrase instead.
    pub passphrase: bool,
    /// `--output`; `None` writes to standard output.
    pub output: Option<PathBuf>,
    /// `--force`: an existing regular file at `output` may be replaced.
    pub force: bool,
}

/// Encrypts the saved credentials of the context's profile as `options` say, writes the
/// bundle and says what the specialist does with it.
pub fn run(cx: &mut Context, args: &ShareOptions) -> Result<()> {
    // Refused before anything is read: armor on a screen helps nobody.
    if args.output.is_none() && cx.terminals().stdout {
        return Err(Error::usage(
            "The bundle would be printed on your screen, where it is of no use.",
            Some(
                "Write it to a file with --output bundle.age (or redirect: > bundle.age), then \
                 send that file."
                    .to_owned(),
            ),
        ));
    }
    // Who it is for and where it goes, before the token is read: a mistake there stops
    // the run with nothing read.
    let protection = protection(cx, args)?;
    if let Some(path) = &args.output {
        check_output(path, cx.target.paths(), args.force)?;
    }
    let storage = cx.storage(cx.can_prompt());
    let (bundle, profile) = saved_bundle(cx, &storage)?;
    let overridden = cx.env.set();
    if !overridden.is_empty() {
        cx.err.warning(format!(
            "{} set; share sends what profile \"{profile}\" has saved, not the variables' values.",
            match overridden.as_slice() {
                [one] => format!("{one} is"),
                many => format!("{} are", many.join(", ")),
            }
        ));
    }
    let armored = seal(&bundle, &protection)?;
    match &args.output {
        Some(path) => write_bundle(path, &armored, args.force)?,
        None => cx
            .out
            .raw(armored.as_bytes())
            .map_err(|err| Error::io("writing the bundle to standard output", err))?,
    }
    report(
        &mut cx.err,
        &bundle,
        &profile,
        &protection,
        args.output.as_deref(),
    );
    Ok(())
}

/// The bundle of a saved profile, with its token.
pub fn bundle_of(profile: &Profile, token: &AccessToken) -> Result<Bundle> {
    let needed = FIELDS
        .iter()
        .find(|field| field.required && !field.secret && profile.values.get(field).is_none());
    if let Some(field) = needed {
        return Err(Error::input(
            Origin::Saved {
                profile: profile.name.clone(),
                key: field.key,
            },
            "is not set, or cannot be used",
        ));
    }
    Ok(Bundle::new(said(profile.values.clone()), token.clone())?)
}

/// The values as a bundle says them: every yes-or-no answered (the profile's no is
/// nothing), so that whoever imports it does not keep a yes of their own.
fn said(mut values: Values) -> Values {
    for field in FIELDS.iter().copied().filter(|f| f.kind == Kind::YesNo) {
        if values.get(field).is_none() {
            values.set(field, Value::YesNo(false));
        }
    }
    values
}

/// Encrypts the bundle as `protection` says, writes it to `path` as `share --output` does
/// (replacing a file there only when `replace`), and says what was shared and what the
/// specialist does with it.
pub fn write_to(
    ui: &mut Ui,
    bundle: &Bundle,
    profile: &str,
    protection: &Protection,
    path: &Path,
    replace: bool,
) -> Result<()> {
    let armored = seal(bundle, protection)?;
    write_bundle(path, &armored, replace)?;
    report(ui, bundle, profile, protection, Some(path));
    Ok(())
}

/// The bundle encrypted as ASCII armor, to the recipients or with the passphrase.
fn seal(bundle: &Bundle, protection: &Protection) -> Result<String> {
    Ok(match protection {
        Protection::Recipients(recipients) => encrypt(bundle, recipients)?,
        Protection::Generated(passphrase) | Protection::Given(passphrase) => {
            encrypt_with_passphrase(bundle, passphrase)?
        }
    })
}

/// The public keys, or the passphrase, the bundle is made for.
fn protection(cx: &Context, args: &ShareOptions) -> Result<Protection> {
    if args.passphrase {
        if let Some(given) = &cx.env.share_passphrase {
            return Ok(Protection::Given(given.clone()));
        }
        // Shown on standard error: a passphrase nobody sees would lock the bundle for good.
        if !cx.terminals().stderr {
            return Err(Error::usage(
                format!(
                    "share --passphrase has no terminal to show a generated passphrase on, and \
                     {SHARE_PASSPHRASE} is not set."
                ),
                Some(format!(
                    "In a script, set {SHARE_PASSPHRASE} to a passphrase (six random words or \
                     more) and tell it to the specialist by another channel; or run the \
                     command on a terminal to have one generated and shown."
                )),
            ));
        }
        return Ok(Protection::Generated(passphrase::generate()?));
    }
    if args.to.is_empty() && args.to_file.is_empty() {
        return Err(Error::usage(
            "share needs to know who the bundle is for.",
            Some(format!(
                "Give the specialist's public key with --to (age1... or an SSH key line), a \
                 file of them with --to-file, or use --passphrase. {}",
                HandoffError::NoRecipients.hint()
            )),
        ));
    }
    let files = args
        .to_file
        .iter()
        .map(|path| read_recipients(path))
        .collect::<std::result::Result<Vec<_>, HandoffError>>()?;
    let sources = args
        .to
        .iter()
        .map(|value| RecipientSource::Arg(value))
        .chain(files.iter().map(|(name, bytes)| RecipientSource::File {
            name,
            text: std::str::from_utf8(bytes).unwrap_or_default(),
        }));
    Ok(Protection::Recipients(parse_recipients(sources)?))
}

/// The profile the context names, as saved: its values and its token from its store.
/// Variables that would override them are not used, so what is shared is what is kept.
fn saved_bundle(cx: &Context, storage: &Storage) -> Result<(Bundle, String)> {
    let config = storage.load()?;
    let (profile, _) = cx.target.profile(&config)?;
    let credentials =
        Credentials::resolve(storage, Some(Ok(config)), &profile, &Environment::default())?;
    let bundle = Bundle::new(said(credentials.values), credentials.access_token)?;
    Ok((bundle, profile))
}

/// What is at the path a bundle is to be written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputPath {
    /// Nothing yet.
    New,
    /// A regular file of its own (not a link): replaced only when asked to.
    File,
    /// A directory, a link, a device, a pipe or a socket: never replaced.
    Other,
}

/// What is at `path`, not following a link.
pub fn output_path(path: &Path) -> std::io::Result<OutputPath> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_file() => Ok(OutputPath::File),
        Ok(_) => Ok(OutputPath::Other),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(OutputPath::New),
        Err(err) => Err(err),
    }
}

/// The bundle file must not replace what synchup-setup keeps (a token would be lost), nor
/// anything that is not a regular file (a device, a link, a directory), nor an existing
/// file unless `replace` (`--force`): a specialist's key file, another config's token
/// file. Its directory must be as safe as the config's: another user who can replace
/// files there could swap in a bundle of their own.
pub fn check_output(path: &Path, kept: &Paths, replace: bool) -> Result<()> {
    let shown = printable(&path.display().to_string());
    let target = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let same = |a: &Path, b: &Path| {
        a == b
            || matches!(
                (std::fs::canonicalize(a), std::fs::canonicalize(b)),
                (Ok(a), Ok(b)) if a == b
            )
    };
    if [kept.config().to_owned(), kept.credentials(), kept.lock()]
        .iter()
        .any(|file| same(&target, file))
    {
        return Err(Error::usage(
            format!("--output {shown} is a file synchup-setup keeps its settings in."),
            Some("Name another file for the bundle: --output bundle.age".to_owned()),
        ));
    }
    let new_name = "Name a new file for the bundle: --output bundle.age";
    match output_path(path) {
        Ok(OutputPath::New) => {}
        Ok(OutputPath::File) if replace => {}
        Ok(OutputPath::File) => {
            return Err(Error::usage(
                format!("--output {shown} already exists."),
                Some(format!(
                    "Name a new file for the bundle, or add --force to replace {shown}."
                )),
            ));
        }
        Ok(OutputPath::Other) if path.is_dir() => {
            return Err(config_error(path, "is a directory", new_name));
        }
        Ok(OutputPath::Other) => {
            return Err(config_error(
                path,
                "is not a regular file (a link, a device, a pipe or a socket), and is never \
                 replaced",
                new_name,
            ));
        }
        Err(err) => {
            return Err(config_error(
                path,
                format!("cannot be checked: {err}"),
                new_name,
            ));
        }
    }
    fs::check_dir(fs::parent(path)).map_err(|err| config_error(&err.path, err.why, err.fix))
}

/// Written like the config: a private temporary file renamed over the target, 0600 from
/// the start, so that no other user ever sees it. Unless `replace`, the rename fails
/// when something appeared at the path since it was checked.
fn write_bundle(path: &Path, armored: &str, replace: bool) -> Result<()> {
    let written = if replace {
        fs::write_atomic(path, armored.as_bytes(), true)
    } else {
        fs::write_new(path, armored.as_bytes())
    };
    written.map_err(|err| {
        let why = if err.kind() == std::io::ErrorKind::AlreadyExists {
            "appeared while the bundle was being made, and is left as it is".to_owned()
        } else {
            format!("cannot be written: {err}")
        };
        config_error(
            path,
            why,
            "Check that the directory exists, belongs to you and has free space. Nothing was \
             shared.",
        )
    })
}

/// What was shared and with whom, and what the specialist does with it.
fn report(
    err: &mut Ui,
    bundle: &Bundle,
    profile: &str,
    protection: &Protection,
    output: Option<&Path>,
) {
    // Quiet leaves out what went well; never the passphrase, shown nowhere else.
    let quiet = err.is_quiet();
    err.success(format!(
        "Shared profile \"{profile}\": store {}, Client ID {}, Access Token {}.",
        bundle.store_hash(),
        bundle.client_id(),
        bundle.access_token.masked()
    ));
    match protection {
        Protection::Recipients(_) if quiet => {}
        Protection::Recipients(recipients) => match recipients.as_slice() {
            [one] => err.line(format!("  Opens with: {}", one.describe())),
            many => {
                err.line("  Opens with any one of these keys:");
                for recipient in many {
                    err.line(format!("    {}", recipient.describe()));
                }
            }
        },
        Protection::Generated(_) if quiet => {}
        Protection::Generated(_) => err.line("  Protected by a passphrase, generated now."),
        Protection::Given(given) => {
            if !quiet {
                err.line(format!(
                    "  Protected by the passphrase in {SHARE_PASSPHRASE}."
                ));
            }
            let length = given.expose_secret().chars().count();
            if length < SHORT_PASSPHRASE {
                err.warning(format!(
                    "That passphrase has only {length} characters: whoever gets the bundle can \
                     try to guess it. Six random words or more are safer."
                ));
            }
        }
    }
    let shown = match output {
        Some(path) => {
            if !quiet {
                err.line(format!(
                    "  Written to {} (readable only by you).",
                    printable(&path.display().to_string())
                ));
            }
            path.file_name()
                .map(|name| printable(&name.to_string_lossy()))
                .unwrap_or_else(|| "bundle.age".into())
        }
        None => {
            if !quiet {
                err.line("  Written to standard output.");
            }
            "bundle.age".into()
        }
    };
    if let Protection::Generated(passphrase) = protection {
        err.blank();
        let words = err.bold(passphrase.expose_secret());
        err.line(format!("  Passphrase: {words}"));
        err.blank();
        err.warning(
            "Tell the passphrase to the specialist by another channel than the bundle: read \
             it out on the phone, not in the same e-mail or ticket. It is shown only this once \
             and kept nowhere.",
        );
    }
    if err.is_quiet() {
        return;
    }
    err.line(match protection {
        Protection::Recipients(_) => format!(
            "Next: send the bundle. The specialist saves it with: synchup-setup import {shown} \
             --identity KEYFILE (or reads it with: age -d -i KEYFILE {shown})."
        ),
        _ => format!(
            "Next: send the bundle. The specialist saves it with: synchup-setup import {shown} \
             (which asks for the passphrase), or reads it with: age -d {shown}."
        ),
    });
}
