//! The wizard: gathers the answers (flags, variables, piped input or file, questions),
//! runs the flow, saves, and says where everything went.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::SecretString;

use crate::bigcommerce::api_path::StoreHash;
use crate::bigcommerce::values::AccessToken;
use crate::bigcommerce::verify::{Client, Endpoints, Verification};
use crate::cli::SetupArgs;
use crate::context::Context;
use crate::downloads::{self, FileText, Found};
use crate::error::{Error, Origin, Result};
use crate::signals::Saving;
use crate::storage::config::Profile;
use crate::storage::secrets::{SecretStoreKind, Slot};
use crate::storage::{Locked, Saved, Storage};
use crate::ui::Ui;
use crate::wizard::answers::{Given, Presets};
use crate::wizard::flow::{CurrentToken, Flow, Outcome, Request, Services};
use crate::wizard::mode::Mode;
use crate::wizard::prompter::Prompter;
use crate::wizard::script::{self, Piped, Positional};
use crate::wizard::{handover, summary};

pub fn run(cx: &mut Context, args: &SetupArgs) -> Result<()> {
    let interactive = cx.can_prompt() && !args.save.non_interactive;
    let storage = cx.storage(interactive);

    let mut presets = flag_presets(args);
    presets.fill_from(cx.env.presets());
    let mut positional = None;
    if let Some(path) = &args.from_file {
        presets.fill_from(read_from_file(path)?);
    } else if !cx.terminals().stdin {
        match script::read(std::io::stdin().lock())? {
            Piped::Labeled(found) => {
                cx.err
                    .info("Reading the credentials file from standard input.");
                presets.fill_from(*found);
            }
            Piped::Positional(lines) => positional = Some(lines),
        }
    }
    save_through_flow(
        cx,
        &storage,
        Setup {
            presets,
            positional,
            whole_file: args.from_file.is_some(),
            from_file: args.from_file.clone(),
            delete_file: args.delete_file,
            secret_store: args.save.secret_store,
            b2b: args.save.online.b2b(),
            verify: args.save.verify(),
            timeout: args.save.online.timeout(),
            interactive,
            hand_over: true,
        },
    )
}

/// What a command hands the setup flow: the answers it gathered up front, and how to run.
pub(super) struct Setup {
    pub presets: Presets,
    /// Piped answers, one per line.
    pub positional: Option<Positional>,
    /// The credentials came as a whole (`--from-file`, a bundle): no control-panel steps,
    /// no question for the downloaded file.
    pub whole_file: bool,
    /// `--from-file`: offered for deletion once its values are saved.
    pub from_file: Option<PathBuf>,
    /// `--delete-file`.
    pub delete_file: bool,
    /// `--secret-store`.
    pub secret_store: Option<SecretStoreKind>,
    /// `--b2b` or `--no-b2b`; before what a file or bundle says, which comes before the
    /// saved profile.
    pub b2b: Option<bool>,
    /// `--verify` or `--no-verify`.
    pub verify: Option<bool>,
    /// `--timeout`, for the check with BigCommerce.
    pub timeout: Duration,
    /// Questions are asked (a terminal, and not `--non-interactive`).
    pub interactive: bool,
    /// After saving, ask how the values reach SynchUP (the wizard, not `import`).
    pub hand_over: bool,
}

/// Runs the setup flow with the answers given up front, saves what it decides, and says
/// where everything went: the wizard and `import` alike. `storage` is the context's, for
/// `interactive`.
pub(super) fn save_through_flow(cx: &mut Context, storage: &Storage, setup: Setup) -> Result<()> {
    let Setup {
        presets,
        positional,
        whole_file,
        from_file,
        delete_file,
        secret_store,
        b2b,
        verify,
        timeout,
        interactive,
        hand_over,
    } = setup;
    let b2b = b2b.or(presets.b2b_edition.as_ref().map(|given| given.value));

    // A script asks nothing, so once its input is read it locks the config and reads it
    // once. On a terminal the lock is let go once the config is read: saving reads it again
    // under the lock, as another run may have saved while questions were answered.
    let mut locked = Some(storage.begin(waiting(&cx.err))?);
    for note in locked.iter().flat_map(|l| &l.notes) {
        cx.err.info(note);
    }
    let (profile, existing) = {
        let config = locked.as_ref().expect("just locked").config();
        let (profile, _) = cx.target.profile(config)?;
        let existing = config.profile(&profile)?;
        (profile, existing)
    };
    if interactive {
        drop(locked.take().map(|locked| locked.release()));
    }

    let request = Request {
        profile,
        existing,
        presets,
        secret_store,
        from_file: whole_file,
        b2b,
        verify,
    };
    let services = Real {
        storage,
        // Checked now, so a bad override stops the run before any question.
        endpoints: Endpoints::new(cx.env.api_base.clone(), cx.env.b2b_base.clone())?,
        timeout,
        client: OnceCell::new(),
        spinner: interactive,
        err: cx.err.clone(),
    };
    let outcome = {
        let (ui, prompter) = cx.err_and_prompter();
        let mode = match prompter {
            Some(prompter) if interactive => Mode::Interactive(prompter),
            _ => Mode::script(positional),
        };
        Flow::new(ui, mode, &services).run(request)?
    };
    let plan = match outcome {
        Outcome::Save(plan) => *plan,
        Outcome::Stop(why) => {
            cx.err.line(why);
            return Ok(());
        }
        Outcome::Unchanged {
            message,
            file,
            secret_store,
        } => {
            cx.err.line(message);
            if let Some(file) = file.as_deref().or(from_file.as_deref()) {
                offer_to_delete(cx, file, secret_store, delete_file, interactive)?;
            }
            return Ok(());
        }
    };
    let file = plan.file.clone().or(from_file);

    let saved = match save(
        storage,
        locked,
        plan.profile.clone(),
        plan.token.as_ref(),
        plan.verified,
        &cx.err,
    ) {
        Err(Error::KeychainUnavailable { message, hint }) if interactive => {
            cx.err.error(&message);
            cx.err.hint(&hint);
            let fallback = SecretStoreKind::FILE;
            let question = format!(
                "Keep the token in {} instead (a file readable only by you)?",
                storage
                    .store(fallback)
                    .locate(&Slot::legacy(&plan.profile.name))
                    .short
            );
            let accepted = match cx.prompter() {
                Some(prompter) if plan.token.is_some() => prompter.confirm(&question, false)?,
                _ => false,
            };
            if !accepted {
                return Err(Error::KeychainUnavailable { message, hint });
            }
            let mut profile = plan.profile;
            profile.secret_store = fallback;
            save(
                storage,
                None,
                profile,
                plan.token.as_ref(),
                plan.verified,
                &cx.err,
            )?
        }
        other => other?,
    };
    summary::saved(&mut cx.err, &saved, storage.paths().config());
    if let Some(file) = &file {
        offer_to_delete(
            cx,
            file,
            saved.profile.secret_store,
            delete_file,
            interactive,
        )?;
    }
    if interactive && hand_over {
        return hand_over_values(cx, storage, &saved, plan.token.as_ref());
    }
    summary::next_steps(&mut cx.err, &saved.profile.name);
    Ok(())
}

/// The last step on a terminal: how the values reach SynchUP (see [`handover`]).
fn hand_over_values(
    cx: &mut Context,
    storage: &Storage,
    saved: &Saved,
    new_token: Option<&AccessToken>,
) -> Result<()> {
    let profile = &saved.profile;
    let kept;
    let token = match new_token {
        Some(token) => token,
        None => match storage
            .store(profile.secret_store)
            .read(&Slot::of(profile))?
        {
            Some(token) => {
                kept = token;
                &kept
            }
            None => {
                return Err(crate::credentials::missing_token(
                    storage.store(profile.secret_store),
                    Some(profile),
                    &profile.name,
                ));
            }
        },
    };
    let values = handover::Values {
        profile: &profile.name,
        client_id: profile.client_id.as_deref().unwrap_or_default(),
        store_hash: profile.store_hash.as_deref().unwrap_or_default(),
        token,
    };
    let paths = cx.target.paths().clone();
    let (ui, prompter) = cx.err_and_prompter();
    let Some(prompter) = prompter else {
        return Ok(());
    };
    let mut share = |ui: &mut Ui, prompter: &mut dyn Prompter| {
        super::share::for_specialist(ui, prompter, &paths, profile, token)
    };
    match handover::ask(ui, prompter, &values, &mut share) {
        // The values are saved: stopping here only skips the hand-over.
        Err(Error::Interrupted) => {
            ui.blank();
            ui.info(format!(
                "The values are saved. {} shows them when you need them.",
                handover::with_profile("show", &profile.name)
            ));
            Ok(())
        }
        other => other,
    }
}

/// After the values of a credentials file are saved, the file is a second copy of the
/// token in plain text: deleted with `--delete-file`, offered for deletion on a terminal
/// (Enter deletes), and only mentioned to a script.
fn offer_to_delete(
    cx: &mut Context,
    file: &Path,
    store: SecretStoreKind,
    delete: bool,
    interactive: bool,
) -> Result<()> {
    // A pipe given as --from-file <(...) is not a copy left on disk.
    if !file.symlink_metadata().is_ok_and(|meta| meta.is_file()) {
        return Ok(());
    }
    let shown = crate::ui::printable(&file.display().to_string());
    let mut err = cx.err.clone();
    let delete = match cx.prompter() {
        _ if delete => true,
        Some(prompter) if interactive => {
            err.blank();
            err.line(format!(
                "{shown} holds the Access Token and the Client Secret in plain text. The \
                 values are now in {}; BigCommerce cannot show them again, but synchup-setup \
                 show and token --show can.",
                store.title()
            ));
            prompter.confirm("Delete the downloaded file?", true)?
        }
        _ => {
            cx.err.info(format!(
                "{shown} still holds the Access Token in plain text; --delete-file deletes \
                 it after saving."
            ));
            return Ok(());
        }
    };
    if !delete {
        cx.err.info(format!(
            "Kept {shown}: keep it somewhere safe, or delete it once SynchUP is connected."
        ));
        return Ok(());
    }
    match std::fs::remove_file(file) {
        Ok(()) => cx.err.success(format!("Deleted {shown}.")),
        Err(err) => cx.err.warning(format!(
            "{shown} could not be deleted ({err}); delete it yourself."
        )),
    }
    Ok(())
}

/// Saves into the config locked at the start (a script), or locks and reads it now.
fn save(
    storage: &Storage,
    locked: Option<Locked<'_>>,
    profile: Profile,
    token: Option<&AccessToken>,
    verified: bool,
    err: &Ui,
) -> Result<Saved> {
    let _saving = Saving::begin();
    match locked {
        Some(locked) => locked.save(profile, token, verified),
        None => storage.save(profile, token, verified, waiting(err)),
    }
}

/// What to say when another run holds the config.
fn waiting(err: &Ui) -> impl FnOnce() + use<> {
    let mut err = err.clone();
    move || err.info("Waiting for another synchup-setup run to finish with this config...")
}

fn flag_presets(args: &SetupArgs) -> Presets {
    let given = |value: &Option<String>, flag| {
        value
            .as_ref()
            .map(|value| Given::new(value.as_str(), Origin::Flag(flag)))
    };
    Presets {
        client_id: given(&args.client_id, "--client-id"),
        access_token: None,
        store: [
            given(&args.api_path, "--api-path"),
            given(&args.store_hash, "--store-hash"),
        ]
        .into_iter()
        .flatten()
        .collect(),
        account_name: given(&args.name, "--name"),
        ..Presets::default()
    }
}

/// Reads `--from-file`, which must be in the credentials-file format.
fn read_from_file(path: &Path) -> Result<Presets> {
    let shown = path.display().to_string();
    let problem = |message: String| {
        Error::input(
            Origin::WholeFile {
                path: shown.clone(),
            },
            message,
        )
    };
    let text = downloads::read_text(path).map_err(problem)?;
    if !crate::bigcommerce::credentials_file::is_labeled(&text) {
        return Err(problem(
            "is not a BigCommerce credentials file: its first line should be a label such as \
             ACCESS TOKEN: or CLIENT ID:"
                .into(),
        ));
    }
    script::labeled(&text, |line| Origin::File {
        path: shown.clone(),
        line,
    })
}

/// The flow's window on the outside world.
struct Real<'a> {
    storage: &'a Storage,
    endpoints: Endpoints,
    timeout: Duration,
    /// Made on first use: most runs never go online, and making it (TLS roots) takes time
    /// before the first question.
    client: OnceCell<Client>,
    /// Show a spinner while BigCommerce answers (standard error is a terminal).
    spinner: bool,
    err: Ui,
}

impl Services for Real<'_> {
    fn read_credentials_file(&self, path: &str) -> std::result::Result<FileText, String> {
        let path = expand_home(&unescape_dropped_path(path));
        let shown = crate::ui::printable(&path.display().to_string());
        let text = downloads::read_text(&path).map_err(|why| format!("{shown} {why}."))?;
        Ok(FileText {
            path,
            shown,
            text: SecretString::from(text.as_str()),
        })
    }

    fn find_downloaded(&self) -> Option<Found> {
        let dir = downloads::download_dir()?;
        let mut err = self.err.clone();
        err.trace(
            "downloads",
            format!(
                "looking for the credentials file in {}",
                crate::ui::printable(&dir.display().to_string())
            ),
        );
        downloads::find_in(&dir)
    }

    fn download_dir(&self) -> Option<String> {
        downloads::download_dir().map(|dir| crate::ui::printable(&dir.display().to_string()))
    }

    fn current_token(&self, profile: &Profile) -> CurrentToken {
        let slot = Slot::of(profile);
        match self.storage.store(profile.secret_store).read(&slot) {
            Ok(Some(token)) => CurrentToken::Known(token),
            Ok(None) => CurrentToken::Missing,
            Err(err) => CurrentToken::Unreadable(err.message),
        }
    }

    fn verify(&self, hash: &StoreHash, token: &AccessToken, b2b: bool) -> Verification {
        let client = self
            .client
            .get_or_init(|| Client::new(self.endpoints.clone(), self.timeout));
        super::online::verify(client, hash, token, b2b, self.spinner, (&self.err, true))
    }
}

/// A file dragged onto a terminal arrives with its spaces escaped (`My\ Files/x.txt`).
fn unescape_dropped_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        match (c, cfg!(windows)) {
            ('\\', false) => out.extend(chars.next()),
            _ => out.push(c),
        }
    }
    out
}

fn expand_home(path: &str) -> PathBuf {
    match path.strip_prefix("~/") {
        Some(rest) => match directories::BaseDirs::new() {
            Some(dirs) => dirs.home_dir().join(rest),
            None => path.into(),
        },
        None => path.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_paths_are_unescaped() {
        if cfg!(windows) {
            return;
        }
        assert_eq!(
            unescape_dropped_path("/a/My\\ Files/x.txt"),
            "/a/My Files/x.txt"
        );
        assert_eq!(unescape_dropped_path("/plain/path.txt"), "/plain/path.txt");
    }

    #[test]
    fn home_is_expanded() {
        let expanded = expand_home("~/creds.txt");
        assert!(expanded.is_absolute(), "{expanded:?}");
        assert!(expanded.ends_with("creds.txt"));
        assert_eq!(expand_home("/x/creds.txt"), Path::new("/x/creds.txt"));
    }
}
