//! `import`: opens an encrypted bundle (made by `share`, or by `age` from a credentials
//! file) with the private key or the passphrase it was made for, and saves its values
//! through the same flow as the wizard, as a credentials file given with `--from-file`
//! would be. The plaintext stays in memory; a bundle that cannot be opened writes nothing.

use std::path::PathBuf;

use secrecy::SecretString;

use super::session::{SaveOptions, Setup, save_through_flow};
use crate::context::Context;
use crate::error::{Error, Origin, Result};
use crate::handoff::{Bundle, HandoffError, Sealed, read_identity, read_sealed};
use crate::profile::presets::{Given, Presets};
use crate::ui::printable;

/// How many times a passphrase is asked for before giving up, as ssh does.
const TRIES: usize = 3;

/// What `import` starts from.
pub struct ImportOptions {
    /// The bundle; `None` reads standard input.
    pub file: Option<PathBuf>,
    /// `--identity`: the private key the bundle was made for.
    pub identity: Option<PathBuf>,
    pub save: SaveOptions,
}

/// Opens the bundle, asking for a passphrase where one is needed, and saves its values
/// through the setup flow.
pub fn run(cx: &mut Context, args: ImportOptions) -> Result<()> {
    if args.file.is_none() && cx.terminals().stdin {
        return Err(Error::usage(
            "import reads the bundle from a file or from standard input, and standard input \
             is this terminal.",
            Some(
                "Name the file: synchup-setup import bundle.age --identity key.txt (or pipe it \
                 in: synchup-setup import --identity key.txt < bundle.age)."
                    .to_owned(),
            ),
        ));
    }
    let interactive = cx.can_prompt() && !args.save.non_interactive;
    let sealed = read_sealed(args.file.as_deref())?;
    let bundle = if sealed.needs_passphrase() {
        if args.identity.is_some() {
            return Err(HandoffError::NeedsPassphrase.into());
        }
        open_with_passphrase(cx, &sealed, interactive)?
    } else {
        let path = args.identity.as_deref().ok_or(HandoffError::NoIdentity)?;
        let mut identities = read_identity(path)?;
        if identities.is_locked() {
            if !interactive {
                return Err(HandoffError::SshKeyLocked.into());
            }
            let question = format!(
                "Passphrase of the SSH key {}:",
                printable(&path.display().to_string())
            );
            ask(cx, &question, |passphrase| identities.unlock(passphrase))?;
        }
        sealed.open(&identities)?
    };
    let origin = Origin::Bundle {
        path: args.file.as_ref().map(|path| path.display().to_string()),
    };
    cx.err.info(format!(
        "Opened {origin}: the credentials of store {}.",
        bundle.store_hash
    ));
    let storage = cx.storage(interactive);
    save_through_flow(
        cx,
        &storage,
        Setup {
            presets: presets(bundle, &origin),
            positional: None,
            whole_file: true,
            // The bundle is encrypted: not a plain-text copy to offer for deletion.
            from_file: None,
            delete_file: false,
            save: args.save,
            interactive,
            hand_over: false,
        },
    )
}

/// A passphrase bundle: opened with `SYNCHUP_SHARE_PASSPHRASE`, else with what is typed at
/// the terminal.
fn open_with_passphrase(cx: &mut Context, sealed: &Sealed, interactive: bool) -> Result<Bundle> {
    if let Some(passphrase) = &cx.env.share_passphrase {
        return Ok(sealed.open_with_passphrase(passphrase)?);
    }
    if !interactive {
        return Err(HandoffError::NoPassphrase.into());
    }
    ask(
        cx,
        "Passphrase of the bundle (the words the sender told you):",
        |passphrase| sealed.open_with_passphrase(passphrase),
    )
}

/// Asks for a passphrase until `attempt` takes it, [`TRIES`] times at most; Esc or Ctrl-C
/// stops at once.
fn ask<T>(
    cx: &mut Context,
    question: &str,
    mut attempt: impl FnMut(&SecretString) -> std::result::Result<T, HandoffError>,
) -> Result<T> {
    for tried in 1..=TRIES {
        let Some(prompter) = cx.prompter() else {
            return Err(HandoffError::NoPassphrase.into());
        };
        let typed = prompter.secret(question, None)?;
        match attempt(&typed) {
            Err(
                err @ (HandoffError::WrongPassphrase
                | HandoffError::WrongSshKeyPassphrase
                | HandoffError::EmptyPassphrase),
            ) if tried < TRIES => cx.err.error(err),
            result => return result.map_err(Error::from),
        }
    }
    unreachable!("the last try returns")
}

/// The bundle's values as answers given up front, each naming the bundle as its origin.
fn presets(bundle: Bundle, origin: &Origin) -> Presets {
    let given = |value: &str| Given {
        value: SecretString::from(value),
        origin: origin.clone(),
    };
    Presets {
        client_id: Some(given(bundle.client_id.as_str())),
        access_token: Some(given(bundle.access_token.expose())),
        store: vec![given(bundle.store_hash.as_str())],
        account_name: bundle.account_name.as_deref().map(given),
        b2b_edition: bundle.b2b_edition.map(|value| Given {
            value,
            origin: origin.clone(),
        }),
        skipped: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;
    use crate::bigcommerce::api_path::StoreHash;
    use crate::bigcommerce::values::{AccessToken, ClientId};

    const ID: &str = "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov";
    const TOKEN: &str = "SeCrEtToKeN0000000000000000x9z8";

    fn bundle(b2b: Option<bool>, name: Option<&str>) -> Bundle {
        Bundle {
            client_id: ClientId::parse(ID).unwrap().value,
            access_token: AccessToken::parse(TOKEN).unwrap().value,
            store_hash: StoreHash::parse("et7xe3pz").unwrap().value,
            account_name: name.map(str::to_owned),
            b2b_edition: b2b,
        }
    }

    #[test]
    fn every_value_of_the_bundle_is_an_answer_from_it() {
        let origin = Origin::Bundle {
            path: Some("bundle.age".into()),
        };
        let presets = presets(bundle(Some(true), Some("SynchUP")), &origin);
        assert!(presets.complete());
        assert_eq!(
            presets.client_id.as_ref().unwrap().value.expose_secret(),
            ID
        );
        assert_eq!(
            presets.access_token.as_ref().unwrap().value.expose_secret(),
            TOKEN
        );
        assert_eq!(presets.store.len(), 1);
        assert_eq!(presets.store[0].value.expose_secret(), "et7xe3pz");
        assert_eq!(
            presets.account_name.as_ref().unwrap().value.expose_secret(),
            "SynchUP"
        );
        let b2b = presets.b2b_edition.as_ref().unwrap();
        assert!(b2b.value);
        assert_eq!(b2b.origin, origin);
        assert_eq!(origin.to_string(), "the bundle bundle.age");
    }

    #[test]
    fn what_the_bundle_does_not_say_is_left_open() {
        let origin = Origin::Bundle { path: None };
        let presets = presets(bundle(None, None), &origin);
        assert!(presets.b2b_edition.is_none());
        assert!(presets.account_name.is_none());
        assert_eq!(origin.to_string(), "the bundle on standard input");
    }
}
