//! `import`: opens an encrypted bundle (made by `share`, or by `age` from a credentials
//! file) with the private key or the passphrase it was made for, and saves its values
//! through the same flow as the wizard, as a credentials file given with `--from-file`
//! would be. The plaintext stays in memory; a bundle that cannot be opened writes nothing.

use std::path::{Path, PathBuf};

use secrecy::SecretString;

use super::mode::Mode;
use super::session::{SaveOptions, Setup, save_through_flow};
use crate::context::Context;
use crate::context::target::Chosen;
use crate::error::{Error, Origin, Result};
use crate::handoff::{Bundle, HandoffError, Sealed, read_identity, read_sealed};
use crate::profile::fields::FIELDS;
use crate::profile::presets::{Given, Presets};
use crate::profile::profile_name;
use crate::storage::Storage;
use crate::ui::{Ui, printable};

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
    let bundle = {
        let passphrase = cx.env.share_passphrase.clone();
        let (ui, prompter) = cx.err_and_prompter();
        let mut mode = match prompter {
            Some(prompter) if interactive => Mode::Interactive(prompter),
            _ => Mode::script(None),
        };
        open(
            ui,
            &mut mode,
            &sealed,
            args.identity.as_deref(),
            passphrase.as_ref(),
        )?
    };
    let origin = Origin::Bundle {
        path: args.file.as_ref().map(|path| path.display().to_string()),
    };
    cx.err.info(format!(
        "Opened {origin}: the credentials of store {}.",
        bundle.store_hash()
    ));
    let storage = cx.storage(interactive);
    choose_profile(cx, &storage, &bundle, &origin, interactive)?;
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

/// The profile the bundle goes to. One that nobody named (no `--profile`, no
/// `SYNCHUP_PROFILE`) and that holds another store is not replaced silently: a script
/// stops (exit 3) and says how to name one; a terminal asks, offering a new profile named
/// after the bundle's store.
fn choose_profile(
    cx: &mut Context,
    storage: &Storage,
    bundle: &Bundle,
    origin: &Origin,
    interactive: bool,
) -> Result<()> {
    let config = storage.load()?;
    let (name, chosen) = cx.target.profile(&config)?;
    if matches!(chosen, Chosen::Flag | Chosen::Env) {
        return Ok(());
    }
    let store = bundle.store_hash().to_string();
    let Some(held) = config
        .profile(&name)?
        .and_then(|profile| profile.store_text())
        .filter(|held| *held != store)
    else {
        return Ok(());
    };
    let suggested = if config.profile(&store)?.is_none() {
        store.clone()
    } else {
        format!("store-{store}")
    };
    let shown = printable(&name);
    let held = printable(&held);
    if !interactive {
        return Err(Error::Handoff {
            message: format!(
                "{origin} is for store {store}, and profile \"{shown}\" holds store {held}: \
                 import replaces a profile of another store only when it is named."
            ),
            hint: format!(
                "Name the profile: --profile {suggested} to save it beside \"{shown}\", or \
                 --profile {shown} to replace store {held} there."
            ),
        });
    }
    let (ui, prompter) = cx.err_and_prompter();
    let Some(prompter) = prompter else {
        return Ok(());
    };
    let mut mode = Mode::Interactive(prompter);
    ui.line(format!(
        "Profile \"{shown}\" holds store {held}. This bundle is for store {store}: save it \
         as a profile of its own, or type {shown} to replace store {held} there."
    ));
    let answer = loop {
        let answer = mode.text("Save it as profile:", Some(&suggested))?;
        let answer = answer.trim();
        let answer = if answer.is_empty() {
            suggested.as_str()
        } else {
            answer
        };
        match profile_name(answer) {
            Ok(name) => break name,
            Err(why) => ui.error(format!("{}: {why}.", crate::ui::quoted(answer))),
        }
    };
    cx.target.answer_profile(answer);
    Ok(())
}

/// Opens the bundle: with the private key in `identity` (asking for the passphrase of a
/// locked SSH key), or a passphrase bundle with `passphrase` (`SYNCHUP_SHARE_PASSPHRASE`),
/// else with what is typed at the terminal.
fn open(
    ui: &mut Ui,
    mode: &mut Mode<'_>,
    sealed: &Sealed,
    identity: Option<&Path>,
    passphrase: Option<&SecretString>,
) -> Result<Bundle> {
    if sealed.needs_passphrase() {
        if identity.is_some() {
            return Err(HandoffError::NeedsPassphrase.into());
        }
        if let Some(passphrase) = passphrase {
            return Ok(sealed.open_with_exact_passphrase(passphrase)?);
        }
        let shown = mode.is_interactive();
        return ask(
            ui,
            mode,
            "Passphrase of the bundle (the words the sender told you):",
            true,
            |passphrase| {
                super::online::working("Checking the passphrase...", shown, || {
                    sealed.open_with_passphrase(passphrase)
                })
            },
        );
    }
    let path = identity.ok_or(HandoffError::NoIdentity)?;
    let mut identities = read_identity(path)?;
    // As ssh does for its keys: a private key others can read opens every bundle made
    // for it, for them too.
    if let Some(exposure) = crate::platform::readable_by_others(path, false) {
        ui.warning(format!(
            "The private key {} {}: any of them can open every bundle made for it.",
            printable(&path.display().to_string()),
            exposure.why
        ));
        ui.hint(format!("Make it yours alone: {}", exposure.fix));
    }
    if identities.is_locked() {
        if !mode.is_interactive() {
            return Err(HandoffError::SshKeyLocked.into());
        }
        let question = format!(
            "Passphrase of the SSH key {}:",
            printable(&path.display().to_string())
        );
        ask(ui, mode, &question, false, |passphrase| {
            identities.unlock(passphrase)
        })?;
    }
    Ok(sealed.open(&identities)?)
}

/// Asks for a passphrase until `attempt` takes it, [`TRIES`] times at most; Esc or Ctrl-C
/// stops at once. With `words` (a bundle's passphrase, read out on the phone), a word
/// that is not in the list generated passphrases are made of is named before trying. A
/// script, which has nobody to ask, gets the error that says how to give one.
fn ask<T>(
    ui: &mut Ui,
    mode: &mut Mode<'_>,
    question: &str,
    words: bool,
    mut attempt: impl FnMut(&SecretString) -> std::result::Result<T, HandoffError>,
) -> Result<T> {
    for tried in 1..=TRIES {
        let Some(typed) = mode.passphrase(question)? else {
            return Err(HandoffError::NoPassphrase.into());
        };
        if words {
            say_unknown_words(ui, &typed);
        }
        match attempt(&typed) {
            Err(
                err @ (HandoffError::WrongPassphrase
                | HandoffError::WrongSshKeyPassphrase
                | HandoffError::EmptyPassphrase),
            ) if tried < TRIES => ui.error(err),
            result => return result.map_err(Error::from),
        }
    }
    unreachable!("the last try returns")
}

/// Names the typed words a generated passphrase cannot hold (a mistyped word heard on the
/// phone), and a count other than six. Said only: a passphrase a script chose may be
/// anything, so it is tried all the same.
fn say_unknown_words(ui: &mut Ui, typed: &SecretString) {
    let (count, unknown) = crate::handoff::passphrase::typed_words(typed);
    let words = crate::handoff::passphrase::WORDS;
    // A word is named only in what looks like a generated passphrase (six words, most of
    // them from the list): one a script chose is a secret of other shape, never echoed.
    let generated = count == words && count - unknown.len() >= words / 2;
    match unknown.as_slice() {
        [] if count == words => {}
        _ if !unknown.is_empty() && !generated => {}
        [] => ui.warning(format!(
            "That is {count} words; a generated passphrase has {words}. Trying it anyway."
        )),
        [one] => ui.warning(format!(
            "\"{one}\" is not one of the words a generated passphrase is made of: check its \
             spelling with the sender. Trying it anyway."
        )),
        many => ui.warning(format!(
            "{} are not words a generated passphrase is made of: check their spelling with \
             the sender. Trying it anyway.",
            many.iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The bundle's values as answers given up front, each naming the bundle as its origin.
fn presets(bundle: Bundle, origin: &Origin) -> Presets {
    let mut presets = Presets::default();
    for field in FIELDS {
        let text = match bundle.values.get(field) {
            _ if field.secret => Some(bundle.access_token.expose().to_owned()),
            Some(value) => Some(value.text()),
            None => None,
        };
        if let Some(text) = text {
            presets.give(field, Given::new(text, origin.clone()));
        }
    }
    presets
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;
    use crate::bigcommerce::values::AccessToken;
    use crate::context::prompter::fake::{Answer, Scripted};
    use crate::profile::fields::{
        ACCESS_TOKEN, ACCOUNT_NAME, B2B_EDITION, CLIENT_ID, STORE, Value,
    };
    use crate::profile::values::Values;

    const ID: &str = "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov";
    const TOKEN: &str = "SeCrEtToKeN0000000000000000x9z8";

    fn bundle(b2b: Option<bool>, name: Option<&str>) -> Bundle {
        let mut values = Values::default();
        values.set(&CLIENT_ID, CLIENT_ID.check(ID).unwrap().value);
        values.set(&STORE, STORE.check("et7xe3pz").unwrap().value);
        if let Some(name) = name {
            values.set(&ACCOUNT_NAME, Value::Text(name.into()));
        }
        if let Some(b2b) = b2b {
            values.set(&B2B_EDITION, Value::YesNo(b2b));
        }
        Bundle::new(values, AccessToken::parse(TOKEN).unwrap().value).unwrap()
    }

    /// A bundle sealed with `passphrase`, at a work factor that opens at once.
    fn sealed_with(passphrase: &str) -> Sealed {
        let passphrase = SecretString::from(passphrase);
        let armored =
            crate::handoff::encrypt_scrypt(&bundle(Some(true), None), &passphrase, Some(2))
                .unwrap();
        Sealed::read(armored.as_bytes()).unwrap()
    }

    fn open_asking(
        sealed: &Sealed,
        script: Vec<(&'static str, Answer)>,
    ) -> (Result<Bundle>, String) {
        let (mut ui, said) = Ui::capture();
        let mut prompter = Scripted::new(script);
        let opened = open(
            &mut ui,
            &mut Mode::Interactive(&mut prompter),
            sealed,
            None,
            None,
        );
        assert!(prompter.finished(), "{:?}", prompter.asked);
        (opened, said.text())
    }

    #[test]
    fn the_passphrase_is_asked_again_after_a_wrong_one() {
        let sealed = sealed_with("tiger-lamp-orbit-cradle-wheat-fossil");
        let (opened, said) = open_asking(
            &sealed,
            vec![
                ("Passphrase of the bundle", Answer::Secret("tiger-lamp")),
                (
                    "Passphrase of the bundle",
                    Answer::Secret("tiger lamp orbit cradle wheat fossil"),
                ),
            ],
        );
        assert_eq!(opened.unwrap().access_token.expose(), TOKEN);
        assert_eq!(said.matches("error:").count(), 1, "{said}");
    }

    #[test]
    fn three_wrong_passphrases_give_up() {
        let sealed = sealed_with("tiger-lamp-orbit-cradle-wheat-fossil");
        let wrong = || ("Passphrase of the bundle", Answer::Secret("not-it"));
        let (opened, said) = open_asking(&sealed, vec![wrong(), wrong(), wrong()]);
        let err = opened.unwrap_err();
        assert_eq!(err.exit(), crate::error::Exit::Input);
        assert_eq!(said.matches("error:").count(), 2, "{said}");

        let (opened, _) = open_asking(&sealed, vec![("Passphrase of the bundle", Answer::Cancel)]);
        assert!(matches!(opened, Err(Error::Interrupted)));
    }

    #[test]
    fn a_script_opens_with_the_variable_or_says_how_to_give_it() {
        let sealed = sealed_with("tiger-lamp-orbit-cradle-wheat-fossil");
        let (mut ui, _) = Ui::capture();
        let err = open(&mut ui, &mut Mode::script(None), &sealed, None, None).unwrap_err();
        assert!(err.to_string().contains("passphrase"), "{err}");
        let given = SecretString::from("tiger-lamp-orbit-cradle-wheat-fossil");
        let opened = open(
            &mut ui,
            &mut Mode::script(None),
            &sealed,
            None,
            Some(&given),
        );
        assert_eq!(opened.unwrap().client_id().as_str(), ID);
        let key = std::path::Path::new("key.txt");
        let err = open(
            &mut ui,
            &mut Mode::script(None),
            &sealed,
            Some(key),
            Some(&given),
        );
        assert_eq!(err.unwrap_err().exit(), crate::error::Exit::Input);
    }

    #[test]
    fn every_value_of_the_bundle_is_an_answer_from_it() {
        let origin = Origin::Bundle {
            path: Some("bundle.age".into()),
        };
        let mut presets = presets(bundle(Some(true), Some("SynchUP")), &origin);
        assert!(presets.complete());
        let given = |field| {
            presets
                .first(field)
                .unwrap()
                .value
                .expose_secret()
                .to_owned()
        };
        assert_eq!(given(&CLIENT_ID), ID);
        assert_eq!(given(&ACCESS_TOKEN), TOKEN);
        assert_eq!(given(&ACCOUNT_NAME), "SynchUP");
        assert_eq!(given(&B2B_EDITION), "yes");
        assert_eq!(presets.first(&B2B_EDITION).unwrap().origin, origin);
        let store = presets.take(&STORE);
        assert_eq!(store.len(), 1);
        assert_eq!(store[0].value.expose_secret(), "et7xe3pz");
        assert_eq!(origin.to_string(), "the bundle bundle.age");
    }

    #[test]
    fn what_the_bundle_does_not_say_is_left_open() {
        let origin = Origin::Bundle { path: None };
        let presets = presets(bundle(None, None), &origin);
        assert!(presets.first(&B2B_EDITION).is_none());
        assert!(presets.first(&ACCOUNT_NAME).is_none());
        assert_eq!(origin.to_string(), "the bundle on standard input");
    }
}
