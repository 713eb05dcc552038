//! The setup session: gathers the answers given up front (flags, variables, piped input or
//! file), runs the flow (asking on a terminal), saves (offering the file store when the
//! keychain cannot be reached), offers to delete the downloaded file, says where everything
//! went, and hands the values over. `import` saves through it too. Every question goes
//! through the one [`Mode`].

use std::cell::{OnceCell, RefCell};
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use crate::bigcommerce::api_path::StoreHash;
use crate::bigcommerce::client::{Client, Endpoints};
use crate::bigcommerce::values::AccessToken;
use crate::bigcommerce::verify::Verification;
use crate::context::Context;
use crate::downloads::{self, FileText, Found, Held, NotDeleted};
use crate::error::{Error, Origin, Result};
use crate::profile::fields::{ACCESS_TOKEN, B2B_EDITION, CLIENT_ID, STORE, Value};
use crate::profile::presets::Presets;
use crate::signals::Saving;
use crate::storage::config::Profile;
use crate::storage::secrets::{SecretStoreKind, Slot};
use crate::storage::{Changed, Locked, Paths, Saved, Storage};
use crate::ui::{Ui, printable};
use crate::wizard::flow::{CurrentToken, Flow, Request, Services, Unreachable};
use crate::wizard::mode::Mode;
use crate::wizard::plan::{Outcome, Plan};
use crate::wizard::script::{self, Piped, Positional};
use crate::wizard::{handover, summary};

/// How answers are saved, for the wizard and `import` alike.
#[derive(Debug, Clone)]
pub struct SaveOptions {
    /// `--secret-store`.
    pub secret_store: Option<SecretStoreKind>,
    /// `--non-interactive`: never ask, even on a terminal.
    pub non_interactive: bool,
    /// `--verify` or `--no-verify`.
    pub verify: Option<bool>,
    /// `--b2b` or `--no-b2b`; before what a file or bundle says, which comes before the
    /// saved profile.
    pub b2b: Option<bool>,
    /// `--timeout`, for the check with BigCommerce.
    pub timeout: Duration,
}

/// What the wizard starts from besides the process: the answers given by flags, and the
/// credentials file to read.
pub struct SetupOptions {
    /// `--client-id`, `--api-path`, `--store-hash`, `--name`.
    pub flags: Presets,
    /// `--from-file`.
    pub from_file: Option<PathBuf>,
    /// `--delete-file`.
    pub delete_file: bool,
    pub save: SaveOptions,
}

/// The wizard: gathers the answers (flags, variables, piped input or file), runs the flow
/// (asking on a terminal), saves, and hands the values over.
pub fn run(cx: &mut Context, options: SetupOptions) -> Result<()> {
    let SetupOptions {
        flags: mut presets,
        from_file,
        delete_file,
        save,
    } = options;
    let interactive = cx.can_prompt() && !save.non_interactive;
    let storage = cx.storage(interactive);

    let mut positional = None;
    let mut held = None;
    if let Some(path) = &from_file {
        let (found, file) = read_from_file(path)?;
        presets.fill_from(found);
        held = Some(file);
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
    // A variable left in the environment fills only what this run's own sources leave
    // open, and may not differ from them.
    let env = cx.env.presets();
    if let Some(conflict) = presets.conflict_with_env(&env) {
        return Err(Error::Input(vec![conflict]));
    }
    presets.fill_from(env);
    save_through_flow(
        cx,
        &storage,
        Setup {
            presets,
            positional,
            whole_file: from_file.is_some(),
            from_file: held,
            delete_file,
            save,
            interactive,
            hand_over: true,
        },
    )
}

/// What a session hands the setup flow: the answers it gathered up front, and how to run.
pub struct Setup {
    pub presets: Presets,
    /// Piped answers, one per line.
    pub positional: Option<Positional>,
    /// The credentials came as a whole (`--from-file`, a bundle): no control-panel steps,
    /// no question for the downloaded file.
    pub whole_file: bool,
    /// `--from-file`, as read: offered for deletion once its values are saved.
    pub from_file: Option<Held>,
    /// `--delete-file`.
    pub delete_file: bool,
    pub save: SaveOptions,
    /// Questions are asked (a terminal, and not `--non-interactive`).
    pub interactive: bool,
    /// The admin's own run: after saving, ask how the values reach SynchUP. `false` for
    /// `import`, which speaks to the person who received the values instead.
    pub hand_over: bool,
}

/// Runs the setup flow with the answers given up front, saves what it decides, and says
/// where everything went: the wizard and `import` alike. `storage` is the context's, for
/// `interactive`.
pub fn save_through_flow(cx: &mut Context, storage: &Storage, setup: Setup) -> Result<()> {
    let Setup {
        presets,
        positional,
        whole_file,
        from_file,
        delete_file,
        save:
            SaveOptions {
                secret_store,
                verify,
                b2b,
                timeout,
                ..
            },
        interactive,
        hand_over,
    } = setup;
    // What a file or a bundle says, checked when it was read.
    let b2b = b2b.or_else(|| {
        let given = presets.first(&B2B_EDITION)?;
        let checked = B2B_EDITION.check(given.value.expose_secret()).ok()?;
        Some(checked.value == Value::YesNo(true))
    });

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

    let services_held = RefCell::new(Vec::new());
    let from_file = from_file.map(|held| {
        let path = held.path().to_owned();
        services_held.borrow_mut().push(held);
        path
    });
    let services = Real {
        held: services_held,
        storage,
        // Checked now, so a bad override stops the run before any question.
        endpoints: Endpoints::new(cx.env.api_base.clone(), cx.env.b2b_base.clone())?,
        timeout,
        client: OnceCell::new(),
        spinner: interactive,
        err: cx.err.clone(),
    };
    let kept_paths = cx.target.paths().clone();
    let (ui, prompter) = cx.err_and_prompter();
    let mut mode = match prompter {
        Some(prompter) if interactive => Mode::Interactive(prompter),
        _ => Mode::script(positional),
    };
    // The profile as this run read it: a run that let the lock go saves only if no other
    // run changed it meanwhile, and otherwise starts again from what is saved now.
    let mut existing = existing;
    let (plan, saved) = loop {
        let request = Request {
            profile: profile.clone(),
            existing: existing.clone(),
            presets: presets.clone(),
            secret_store,
            from_file: whole_file,
            bundle: !hand_over,
            b2b,
            verify,
        };
        let plan = match Flow::new(ui, &mut mode, &services).run(request)? {
            Outcome::Save(plan) => *plan,
            Outcome::Stop(why) => {
                ui.line(why);
                return Ok(());
            }
            Outcome::Unchanged {
                message,
                file,
                secret_store,
            } => {
                // The saved values are as wanted: stopping from here on loses nothing.
                crate::signals::saved(&profile);
                ui.line(message);
                // A profile reading a slot another config or profile owns (a copy) gets
                // one of its own, with the same token, even when nothing else changed.
                drop(locked.take());
                if existing.is_some() && storage.own_slot(&profile, waiting(ui))? {
                    ui.info(
                        "The token was in a slot another config or profile owns; this profile \
                         now has a slot of its own, with the same token.",
                    );
                }
                if let Some(held) = file.or(from_file).and_then(|file| services.take(&file)) {
                    offer_to_delete(ui, &mut mode, held, secret_store, delete_file, |text| {
                        saved_as_in(storage, &profile, text)
                    })?;
                }
                // A run that changed nothing may be one to finish the hand-over stopped
                // before.
                if let Some(saved) = existing.filter(|_| mode.is_interactive() && hand_over) {
                    return hand_over_values(ui, &mut mode, storage, &kept_paths, &saved, None);
                }
                return Ok(());
            }
        };
        let read = locked.is_none().then_some(existing.as_ref());
        match save_or_fall_back(ui, &mut mode, storage, locked.take(), &plan, read)? {
            Ok(saved) => break (plan, saved),
            Err(changed) if mode.is_interactive() => {
                ui.warning(format!(
                    "While you were answering, another run changed profile \"{}\": {}. \
                     Nothing was saved.",
                    printable(&changed.profile),
                    changed.described()
                ));
                if !mode.confirm("Start again from the values saved now?", true, false)? {
                    ui.line("Nothing was saved.");
                    return Ok(());
                }
                existing = changed.now;
            }
            Err(changed) => return Err(changed.into_error(storage.paths().config())),
        }
    };
    let file = plan.file.clone().or(from_file);
    summary::saved(ui, &saved, storage.paths().config());
    summary::replaced(ui, &plan.replaced);
    if let Some(held) = file.and_then(|file| services.take(&file)) {
        let name = &saved.profile.name;
        offer_to_delete(
            ui,
            &mut mode,
            held,
            saved.profile.secret_store,
            delete_file,
            |text| saved_as_in(storage, name, text),
        )?;
    }
    if mode.is_interactive() && hand_over {
        return hand_over_values(
            ui,
            &mut mode,
            storage,
            &kept_paths,
            &saved.profile,
            plan.token.as_ref(),
        );
    }
    if hand_over {
        summary::next_steps(ui, &saved.profile.name);
    } else {
        summary::next_steps_received(ui, &saved.profile.name);
    }
    Ok(())
}

/// Saves the plan. When the OS keychain cannot be reached at all, a person at a terminal
/// is offered the file store instead (a script gets the error).
fn save_or_fall_back(
    ui: &mut Ui,
    mode: &mut Mode<'_>,
    storage: &Storage,
    locked: Option<Locked<'_>>,
    plan: &Plan,
    read: Option<Option<&Profile>>,
) -> Result<std::result::Result<Saved, Changed>> {
    let profile = plan.profile.clone();
    match save(
        storage,
        locked,
        read,
        profile,
        plan.token.as_ref(),
        plan.verified,
        ui,
    ) {
        Err(Error::KeychainUnavailable { message, hint }) if mode.is_interactive() => {
            ui.error(&message);
            let fallback = SecretStoreKind::FILE;
            ui.line(format!(
                "The token can be kept in {} instead, a file readable only by you.",
                storage
                    .store(fallback)
                    .locate(&Slot::legacy(&plan.profile.name))
                    .short
            ));
            // Without a new token there is nothing to move: the saved one stays where it is.
            if plan.token.is_none() {
                return Err(Error::KeychainUnavailable { message, hint });
            }
            // Enter takes the file, as before the plan (`Flow::store_that_answers`).
            if !mode.confirm(crate::wizard::flow::FILE_INSTEAD, true, false)? {
                ui.line("Nothing was saved.");
                ui.hint(&hint);
                return Err(Error::Unhealthy(crate::error::Exit::SecretStore));
            }
            let mut profile = plan.profile.clone();
            profile.secret_store = fallback;
            save(
                storage,
                None,
                read,
                profile,
                plan.token.as_ref(),
                plan.verified,
                ui,
            )
        }
        other => other,
    }
}

/// The last step on a terminal: how the values reach SynchUP (see [`handover`]).
fn hand_over_values(
    ui: &mut Ui,
    mode: &mut Mode<'_>,
    storage: &Storage,
    kept: &Paths,
    profile: &Profile,
    new_token: Option<&AccessToken>,
) -> Result<()> {
    let kept_token;
    let token = match new_token {
        Some(token) => token,
        None => match storage.store(profile.secret_store).read(&profile.slot())? {
            Some(token) => {
                kept_token = token;
                &kept_token
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
    // Stopping here only skips the hand-over; what is said then is said where every stop
    // is (the values are saved: see `signals::stopped`).
    handover::ask(ui, mode, kept, profile, token)
}

/// After the values of a credentials file are saved, the file is a second copy of the
/// token in plain text: deleted with `--delete-file`, offered for deletion on a terminal
/// (Enter deletes), and only mentioned to a script. It is deleted only when `saved` finds
/// that the profile, read back, holds exactly the file's values, and only while its path
/// still names the file that was read (see [`Held::delete`]). A symbolic link is never
/// deleted, nor what it points to (it may be anywhere, and used by anything): that is
/// said, so the file is not forgotten.
fn offer_to_delete(
    ui: &mut Ui,
    mode: &mut Mode<'_>,
    held: Held,
    store: SecretStoreKind,
    delete: bool,
    saved: impl FnOnce(&str) -> std::result::Result<(), String>,
) -> Result<()> {
    let shown = crate::ui::file_name(&held.path().display().to_string());
    match held.on_disk() {
        Ok(()) => {}
        Err(NotDeleted::Link) => {
            ui.warning(format!(
                "{shown} is a symbolic link; synchup-setup deletes neither a link nor the file \
                 it points to. That file still holds the Access Token in plain text: delete it \
                 yourself once SynchUP is connected."
            ));
            return Ok(());
        }
        // A pipe given as --from-file <(...) is not a copy left on disk.
        Err(_) => return Ok(()),
    }
    if !delete && !mode.is_interactive() {
        ui.info(format!(
            "{shown} still holds the Access Token in plain text; --delete-file deletes it \
             after saving."
        ));
        return Ok(());
    }
    // The file goes only when what is saved, read back, is exactly what it holds.
    if let Err(why) = saved(held.text()) {
        ui.warning(format!(
            "Kept {shown}: {why}, so it still holds values that are not saved. Delete it \
             yourself once you no longer need it."
        ));
        return Ok(());
    }
    let delete = delete || {
        ui.blank();
        ui.line(format!(
            "{shown} holds the Access Token and the Client Secret in plain text. The values \
             are now in {}; BigCommerce cannot show them again, but synchup-setup show and \
             token --show can.",
            store.title()
        ));
        mode.confirm("Delete the downloaded file?", true, false)?
    };
    if !delete {
        ui.info(format!(
            "Kept {shown}: keep it somewhere safe, or delete it once SynchUP is connected."
        ));
        return Ok(());
    }
    match held.delete() {
        Ok(()) => ui.success(format!("Deleted {shown}.")),
        Err(NotDeleted::Failed(err)) => ui.warning(format!(
            "{shown} could not be deleted ({err}); delete it yourself."
        )),
        Err(_) => ui.warning(format!(
            "{shown} was not deleted: it changed, or another file took its place, after it \
             was read. Look at it, and delete it yourself if it is the credentials file."
        )),
    }
    Ok(())
}

/// Whether the profile `name`, read back from the config and its secret store, holds
/// exactly the Client ID, Access Token and store of the credentials file `text`; if not,
/// which differs.
fn saved_as_in(storage: &Storage, name: &str, text: &str) -> std::result::Result<(), String> {
    let unreadable = |_| "the saved values could not be read back".to_owned();
    let file = script::labeled(text, |line| Origin::File {
        path: String::new(),
        line,
    })
    .map_err(|_| "it could not be read again".to_owned())?;
    let config = storage.load().map_err(unreadable)?;
    let profile = config
        .profile(name)
        .map_err(unreadable)?
        .ok_or_else(|| format!("profile \"{name}\" is not in the config"))?;
    let differs = |field: &crate::profile::fields::Field| {
        format!("the saved {} is not the file's", field.name)
    };
    for field in [&CLIENT_ID, &STORE] {
        if let Some(given) = file.first(field) {
            let value = field
                .check(given.value.expose_secret())
                .ok()
                .map(|c| c.value);
            if value.is_none() || value.as_ref() != profile.values.get(field) {
                return Err(differs(field));
            }
        }
    }
    if let Some(given) = file.first(&ACCESS_TOKEN) {
        let token = AccessToken::parse(given.value.expose_secret())
            .ok()
            .map(|c| c.value);
        let saved = storage
            .store(profile.secret_store)
            .read(&profile.slot())
            .map_err(|_| "the saved Access Token could not be read back".to_owned())?;
        if token.is_none() || token != saved {
            return Err(differs(&ACCESS_TOKEN));
        }
    }
    Ok(())
}

/// Saves into the config locked at the start (a script), or locks and reads it now,
/// saving only if the profile is still as it was `read`.
fn save(
    storage: &Storage,
    locked: Option<Locked<'_>>,
    read: Option<Option<&Profile>>,
    profile: Profile,
    token: Option<&AccessToken>,
    verified: bool,
    err: &Ui,
) -> Result<std::result::Result<Saved, Changed>> {
    let _saving = Saving::begin();
    let saved = match locked {
        Some(locked) => locked.save(profile, token, verified).map(Ok),
        None => storage.save_as_read(read, profile, token, verified, waiting(err)),
    }?;
    if let Ok(saved) = &saved {
        crate::signals::saved(&saved.profile.name);
    }
    Ok(saved)
}

/// What to say when another run holds the config.
fn waiting(err: &Ui) -> impl FnOnce() + use<> {
    let mut err = err.clone();
    move || err.info("Waiting for another synchup-setup run to finish with this config...")
}

/// Reads `--from-file`, which must be in the credentials-file format, and keeps it open.
fn read_from_file(path: &Path) -> Result<(Presets, Held)> {
    let shown = path.display().to_string();
    let problem = |message: String| {
        Error::input(
            Origin::WholeFile {
                path: shown.clone(),
            },
            message,
        )
    };
    let held = Held::open(path).map_err(problem)?;
    let text = held.text();
    if !crate::bigcommerce::credentials_file::is_labeled(text) {
        return Err(problem(
            "is not a BigCommerce credentials file: its first line should be a label such as \
             ACCESS TOKEN: or CLIENT ID:"
                .into(),
        ));
    }
    let presets = script::labeled(text, |line| Origin::File {
        path: shown.clone(),
        line,
    })?;
    Ok((presets, held))
}

/// The flow's window on the outside world.
struct Real<'a> {
    /// The credentials files read, held open until they are offered for deletion.
    held: RefCell<Vec<Held>>,
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

impl Real<'_> {
    /// The file read from `path`, held since.
    fn take(&self, path: &Path) -> Option<Held> {
        let mut held = self.held.borrow_mut();
        let at = held.iter().position(|file| file.path() == path)?;
        Some(held.swap_remove(at))
    }
}

impl Services for Real<'_> {
    fn read_credentials_file(&self, path: &str) -> std::result::Result<FileText, String> {
        let path = expand_home(&unescape_dropped_path(path));
        let shown = crate::ui::file_name(&path.display().to_string());
        let held = Held::open(&path).map_err(|why| format!("{shown} {why}."))?;
        let file = FileText {
            path,
            shown,
            text: SecretString::from(held.text()),
        };
        self.held.borrow_mut().push(held);
        Ok(file)
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
        let (found, held) = downloads::find_in(&dir)?;
        self.held.borrow_mut().push(held);
        Some(found)
    }

    fn download_dir(&self) -> Option<String> {
        downloads::download_dir().map(|dir| crate::ui::printable(&dir.display().to_string()))
    }

    fn can_open_browser(&self) -> bool {
        crate::platform::browser::available()
    }

    fn open_browser(&self, url: &str) -> std::result::Result<(), String> {
        crate::platform::browser::open(url)
    }

    fn current_token(&self, profile: &Profile) -> CurrentToken {
        let slot = profile.slot();
        match self.storage.store(profile.secret_store).read(&slot) {
            Ok(Some(token)) => CurrentToken::Known(token),
            Ok(None) => CurrentToken::Missing,
            Err(err) => CurrentToken::Unreadable(err.message()),
        }
    }

    fn unreachable_store(&self, profile: &Profile) -> Option<Unreachable> {
        match self
            .storage
            .store(profile.secret_store)
            .read(&profile.slot())
        {
            Err(err) if err.is_unavailable() => Some(Unreachable {
                message: err.message(),
                hint: err.hint(),
            }),
            _ => None,
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

    use crate::context::prompter::fake::{Answer, Scripted};
    use crate::storage::secrets::memory::MemoryStore;
    use crate::storage::secrets::{Reason, SecretError, StoreOptions};
    use crate::wizard::plan::Checked;

    const TOKEN: &str = "abcdefghijklmnopqrstuvwxyz01234";

    /// A storage whose keychain cannot be reached, beside a real file store.
    fn without_keychain(dir: &Path) -> Storage {
        let paths = Paths::new(dir.join("synchup/config.toml"));
        let keychain = MemoryStore {
            fail_writes: Some(SecretError::new(
                SecretStoreKind::KEYCHAIN,
                Reason::Unavailable {
                    why: "no secret service provider or dbus session found".into(),
                    absent: true,
                },
            )),
            ..MemoryStore::default()
        };
        let file = (SecretStoreKind::FILE.provider().open)(&paths, &StoreOptions::default());
        Storage::with_stores(paths, vec![Box::new(keychain), file])
    }

    fn plan(token: Option<&str>) -> Plan {
        Plan {
            profile: Profile::new("eu")
                .with(&crate::profile::fields::STORE, "et7xe3pz")
                .with(
                    &crate::profile::fields::CLIENT_ID,
                    "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov",
                ),
            token: token.map(|t| AccessToken::parse(t).unwrap().value),
            verified: false,
            checked: Checked::NotAsked,
            file: None,
            replaced: Vec::new(),
        }
    }

    fn fall_back(storage: &Storage, mode: &mut Mode<'_>, plan: &Plan) -> (Result<Saved>, String) {
        let (mut ui, said) = Ui::capture();
        let saved = save_or_fall_back(&mut ui, mode, storage, None, plan, None)
            .map(|saved| saved.expect("nothing to compare with: saved"));
        (saved, said.text())
    }

    #[test]
    fn without_a_keychain_the_file_store_is_offered_and_used_when_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let storage = without_keychain(dir.path());
        let mut prompter = Scripted::new(vec![("in a file instead?", Answer::Yes)]);
        let (saved, said) = fall_back(
            &storage,
            &mut Mode::Interactive(&mut prompter),
            &plan(Some(TOKEN)),
        );
        assert!(prompter.finished());
        let saved = saved.unwrap();
        assert_eq!(saved.profile.secret_store, SecretStoreKind::FILE);
        assert!(said.contains("There is no OS keychain here"), "{said}");
        let file = std::fs::read_to_string(storage.paths().credentials()).unwrap();
        assert!(file.contains(TOKEN), "the token is in the file store");
    }

    #[test]
    fn declining_the_file_store_saves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let storage = without_keychain(dir.path());
        let mut prompter = Scripted::new(vec![("in a file instead?", Answer::No)]);
        let (saved, _) = fall_back(
            &storage,
            &mut Mode::Interactive(&mut prompter),
            &plan(Some(TOKEN)),
        );
        assert!(prompter.finished());
        assert!(matches!(
            saved,
            Err(Error::Unhealthy(crate::error::Exit::SecretStore))
        ));
        assert!(!storage.paths().config().exists());
        assert!(!storage.paths().credentials().exists());
    }

    #[test]
    fn a_script_or_a_kept_token_is_not_offered_the_file_store() {
        let dir = tempfile::tempdir().unwrap();
        let storage = without_keychain(dir.path());
        let (saved, _) = fall_back(&storage, &mut Mode::script(None), &plan(Some(TOKEN)));
        assert!(matches!(saved, Err(Error::KeychainUnavailable { .. })));
        // With no new token there is nothing to write, so nothing to offer.
        let mut prompter = Scripted::new(vec![]);
        let (saved, _) = fall_back(&storage, &mut Mode::Interactive(&mut prompter), &plan(None));
        assert!(saved.is_err());
        assert!(!storage.paths().credentials().exists());
    }

    /// A downloaded credentials file, and what the offer to delete it did and said.
    fn offer(mode: &mut Mode<'_>, delete_flag: bool) -> (bool, String) {
        offer_with(mode, delete_flag, |_| {}, |_| Ok(()))
    }

    /// As [`offer`], with the file changed by `meddle` after it was read, and `saved` as
    /// what reading the saved values back finds.
    fn offer_with(
        mode: &mut Mode<'_>,
        delete_flag: bool,
        meddle: impl FnOnce(&Path),
        saved: impl FnOnce(&str) -> std::result::Result<(), String>,
    ) -> (bool, String) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("API Credentials.txt");
        std::fs::write(&file, format!("ACCESS TOKEN: {TOKEN}\n")).unwrap();
        let held = Held::open(&file).unwrap();
        meddle(&file);
        let (mut ui, said) = Ui::capture();
        offer_to_delete(
            &mut ui,
            mode,
            held,
            SecretStoreKind::KEYCHAIN,
            delete_flag,
            saved,
        )
        .unwrap();
        (file.exists(), said.text())
    }

    #[test]
    fn a_file_put_in_the_place_of_the_one_read_is_never_deleted() {
        // The same file, written again in place: other contents of the same length.
        let rewrite = |file: &Path| {
            let text = format!("ACCESS TOKEN: {}\n", "Z".repeat(TOKEN.len()));
            std::fs::OpenOptions::new()
                .write(true)
                .open(file)
                .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
                .unwrap();
        };
        // Replaced by another file (a new inode), by the same name. Windows (under Wine)
        // refuses to replace a file that is held open: it is changed in place instead.
        let replace = |file: &Path| {
            let other = file.with_extension("new");
            std::fs::write(&other, format!("ACCESS TOKEN: {TOKEN}\n")).unwrap();
            if let Err(err) = std::fs::rename(&other, file) {
                if !cfg!(windows) {
                    panic!("{err}");
                }
                std::fs::remove_file(&other).unwrap();
                rewrite(file);
            }
        };
        for meddle in [&replace as &dyn Fn(&Path), &rewrite] {
            let (left, said) = offer_with(&mut Mode::script(None), true, meddle, |_| Ok(()));
            assert!(left, "{said}");
            assert!(said.contains("was not deleted"), "{said}");
        }
    }

    #[test]
    fn a_file_whose_values_are_not_the_saved_ones_is_kept() {
        let mut prompter = Scripted::new(vec![]);
        let (left, said) = offer_with(
            &mut Mode::Interactive(&mut prompter),
            true,
            |_| {},
            |_| Err("the saved Access Token is not the file's".into()),
        );
        assert!(left);
        assert!(said.contains("Kept"), "{said}");
        assert!(
            said.contains("the saved Access Token is not the file's"),
            "{said}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_named_and_neither_it_nor_its_target_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.txt");
        std::fs::write(&target, format!("ACCESS TOKEN: {TOKEN}\n")).unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let held = Held::open(&link).unwrap();
        let (mut ui, said) = Ui::capture();
        offer_to_delete(
            &mut ui,
            &mut Mode::script(None),
            held,
            SecretStoreKind::KEYCHAIN,
            true,
            |_| Ok(()),
        )
        .unwrap();
        let said = said.text();
        assert!(link.exists() && target.exists());
        assert!(said.contains("is a symbolic link"), "{said}");
        assert!(said.contains("delete it yourself"), "{said}");
    }

    #[test]
    fn the_downloaded_file_is_deleted_when_the_admin_accepts() {
        let mut prompter = Scripted::new(vec![("Delete the downloaded file?", Answer::Yes)]);
        let (left, said) = offer(&mut Mode::Interactive(&mut prompter), false);
        assert!(prompter.finished());
        assert!(!left, "{said}");
        assert!(said.contains("in plain text"), "{said}");
        assert!(said.contains("Deleted"), "{said}");
    }

    #[test]
    fn the_downloaded_file_is_kept_when_the_admin_declines() {
        let mut prompter = Scripted::new(vec![("Delete the downloaded file?", Answer::No)]);
        let (left, said) = offer(&mut Mode::Interactive(&mut prompter), false);
        assert!(prompter.finished());
        assert!(left);
        assert!(said.contains("keep it somewhere safe"), "{said}");
    }

    #[test]
    fn delete_file_deletes_without_asking_and_a_script_is_only_told() {
        let mut prompter = Scripted::new(vec![]);
        let (left, _) = offer(&mut Mode::Interactive(&mut prompter), true);
        assert!(!left);
        let (left, _) = offer(&mut Mode::script(None), true);
        assert!(!left);
        let (left, said) = offer(&mut Mode::script(None), false);
        assert!(left);
        assert!(said.contains("--delete-file deletes it"), "{said}");
    }
}
