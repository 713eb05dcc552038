//! The one setup flow: which questions, in which order, with which defaults.
//!
//! It is the same on a terminal and through a pipe; what happens to a missing or invalid
//! answer is the [`Mode`]'s to decide. The flow never touches the keychain, the config or
//! the prompt library: it reads through [`Services`], asks through its [`Mode`] and returns
//! a [`Plan`] for the caller to save.

use std::cell::OnceCell;
use std::path::PathBuf;

use secrecy::{ExposeSecret, SecretString};

use super::mode::{Mode, Pick, Question};
use super::plan::{Checked, OldAccount, Outcome, Plan};
use super::{script, steps, summary};
use crate::bigcommerce::api_path::StoreHash;
use crate::bigcommerce::control_panel;
use crate::bigcommerce::values::{AccessToken, ClientId, Invalid, check_pair, clean};
use crate::bigcommerce::verify::{Auth, Suspect, Verification};
use crate::downloads::{FileText, Found};
use crate::error::{Error, Result};
use crate::profile::fields::{
    ACCESS_TOKEN, ACCOUNT_NAME, B2B_EDITION, CLIENT_ID, FIELDS, Field, Kind, STORE, Value,
};
use crate::profile::presets::{Given, Origin, Presets};
use crate::storage::config::Profile;
use crate::storage::secrets::SecretStoreKind;
use crate::ui::Ui;

/// What the flow may read from outside while it runs.
pub trait Services {
    /// Reads a credentials file named at the prompt.
    fn read_credentials_file(&self, path: &str) -> std::result::Result<FileText, String>;

    /// The credentials file the browser downloaded, when one is in the download directory.
    fn find_downloaded(&self) -> Option<Found>;

    /// The download directory as messages show it, when there is one.
    fn download_dir(&self) -> Option<String>;

    /// The saved token of the profile being updated, to show masked and keep on Enter.
    fn current_token(&self, profile: &Profile) -> CurrentToken;

    /// Asks BigCommerce whether it accepts the credentials, and which scopes they have.
    fn verify(&self, hash: &StoreHash, token: &AccessToken, b2b: bool) -> Verification;

    /// Whether a browser can be opened for the admin: a desktop session, not over SSH.
    fn can_open_browser(&self) -> bool;

    /// Opens `url` in the browser; why not, when it could not.
    fn open_browser(&self, url: &str) -> std::result::Result<(), String>;
    /// Why the secret store `profile` names cannot be reached at all (no keychain on this
    /// machine), found by a read that changes nothing; `None` when it answers.
    fn unreachable_store(&self, profile: &Profile) -> Option<Unreachable>;
}

/// What the admin can do when BigCommerce cannot be reached for the check.
const UNREACHABLE_CHOICES: [&str; 3] =
    ["Try again", "Save without checking", "Quit, saving nothing"];

/// The question that offers the file store when the keychain cannot be reached.
pub const FILE_INSTEAD: &str = "Keep the token in a file instead?";

/// A secret store that cannot be reached: what went wrong and what to do, as the error
/// and hint a save would have given.
pub struct Unreachable {
    pub message: String,
    pub hint: String,
}

/// The saved token, as far as it could be read.
pub enum CurrentToken {
    Known(AccessToken),
    /// The store could not be read (locked keychain, ...); the token can still be kept.
    Unreadable(String),
    /// The store has no token for this profile: a new one is needed.
    Missing,
}

/// Everything the flow starts from.
pub struct Request {
    pub profile: String,
    pub existing: Option<Profile>,
    pub presets: Presets,
    /// `--secret-store`, when given.
    pub secret_store: Option<SecretStoreKind>,
    /// `--from-file` was given: the admin has the credentials, so no steps and no file question.
    pub from_file: bool,
    /// The values came in a bundle (`import`): the person at the terminal received them
    /// from the store admin and is greeted as such.
    pub bundle: bool,
    /// `--b2b`: the store has B2B Edition. Otherwise asked on a terminal, or kept from the profile.
    pub b2b: Option<bool>,
    /// `--verify` or `--no-verify`. Otherwise asked on a terminal (default yes), skipped in a script.
    pub verify: Option<bool>,
}

/// The saved token, read from its store the first time it is needed, and only then: a
/// script that keeps it never reads it.
struct SavedToken<'a> {
    services: &'a dyn Services,
    profile: Option<&'a Profile>,
    read: OnceCell<CurrentToken>,
}

impl SavedToken<'_> {
    fn get(&self) -> &CurrentToken {
        self.read.get_or_init(|| match self.profile {
            Some(profile) => self.services.current_token(profile),
            None => CurrentToken::Missing,
        })
    }

    fn known(&self) -> Option<&AccessToken> {
        match self.get() {
            CurrentToken::Known(token) => Some(token),
            _ => None,
        }
    }
}

/// What the profile being updated holds, for the questions' defaults and their checks.
struct Saved<'a> {
    profile: Option<&'a Profile>,
    token: SavedToken<'a>,
    client_id: Option<ClientId>,
    store_hash: Option<StoreHash>,
}

impl<'a> Saved<'a> {
    fn new(services: &'a dyn Services, profile: Option<&'a Profile>) -> Saved<'a> {
        Saved {
            profile,
            token: SavedToken {
                services,
                profile,
                read: OnceCell::new(),
            },
            client_id: profile.and_then(|p| p.values.client_id()).cloned(),
            store_hash: profile.and_then(|p| p.values.store_hash()).cloned(),
        }
    }

    /// A new Client ID that is the saved token means the two were swapped; this is the
    /// only reason a script reads the saved token, so it never reaches the config.
    fn client_id_agrees(&self, pick: &Pick<ClientId>) -> std::result::Result<(), Invalid> {
        match (pick, self.profile) {
            (Pick::New(id), Some(_))
                if self.client_id.as_ref() != Some(id)
                    && self
                        .token
                        .known()
                        .is_some_and(|t| t.expose() == id.as_str()) =>
            {
                Err(swapped())
            }
            _ => Ok(()),
        }
    }

    /// A token is not the Client ID given twice, nor the saved Client ID (swapped).
    fn token_agrees(
        &self,
        client_id: Option<&ClientId>,
        pick: &Pick<AccessToken>,
    ) -> std::result::Result<(), Invalid> {
        let effective = match pick {
            Pick::New(token) => Some(token),
            Pick::Keep => self.token.read.get().and_then(|_| self.token.known()),
        };
        if let (Some(id), Some(token)) = (client_id, effective) {
            check_pair(id, token)?;
        }
        match (pick, self.client_id.as_ref()) {
            (Pick::New(token), Some(saved)) if token.expose() == saved.as_str() => Err(swapped()),
            _ => Ok(()),
        }
    }
}

/// The answers to the questions, before they make a profile.
struct Asked {
    client_id: ClientId,
    token: Pick<AccessToken>,
    store_hash: StoreHash,
    others: Vec<(&'static Field, Option<Value>)>,
}

/// The profile the answers make, and the token to store (`None`: keep the saved one).
struct Answers {
    profile: Profile,
    token: Option<AccessToken>,
}

impl Asked {
    /// The profile with the answers, on top of what the saved one holds: what the questions
    /// did not touch stays as it was.
    fn into_profile(self, request: &Request, saved: &Saved<'_>) -> Answers {
        let existing = saved.profile;
        let token = match self.token {
            // The saved token given again is kept, not written again: a rerun with the
            // same values changes nothing.
            Pick::New(token) if existing.is_some() && saved.token.known() == Some(&token) => None,
            Pick::New(token) => Some(token),
            Pick::Keep => None,
        };
        // A profile moved to another store keeps none of the old store's values (its API
        // account's name, its B2B answer): they would be passed off as the new one's.
        let same_store = existing
            .filter(|p| p.values.get(&STORE) == Some(&Value::Store(self.store_hash.clone())));
        let mut values = same_store.map(|p| p.values.clone()).unwrap_or_default();
        values.set(&CLIENT_ID, Value::ClientId(self.client_id));
        values.set(&STORE, Value::Store(self.store_hash.clone()));
        for (field, value) in self.others {
            match value {
                Some(value) => values.set(field, value),
                None => values.remove(field),
            }
        }
        // The config says no by saying nothing.
        let b2b = request
            .b2b
            .unwrap_or_else(|| same_store.is_some_and(|p| p.values.b2b_edition()));
        match b2b {
            true => values.set(&B2B_EDITION, Value::YesNo(true)),
            false => values.remove(&B2B_EDITION),
        }
        let profile = Profile {
            name: request.profile.clone(),
            values,
            api_path: Some(Value::Store(self.store_hash).into()),
            secret_store: request
                .secret_store
                .or(existing.map(|p| p.secret_store))
                .unwrap_or_default(),
            updated_at: existing.and_then(|p| p.updated_at.clone()),
            verified_at: existing.and_then(|p| p.verified_at.clone()),
            token_id: existing.and_then(|p| p.token_id.clone()),
        };
        Answers { profile, token }
    }
}

/// The flow, with the means to talk to the admin.
pub struct Flow<'a, 'p> {
    ui: &'a mut Ui,
    mode: &'a mut Mode<'p>,
    services: &'a dyn Services,
    /// The credentials file read at a question, if any.
    file: Option<PathBuf>,
    /// The API accounts replaced by new ones because they lacked scopes.
    replaced: Vec<OldAccount>,
}

impl<'a, 'p> Flow<'a, 'p> {
    /// The flow, asking through `mode`, which the caller keeps for the questions after it.
    pub fn new(ui: &'a mut Ui, mode: &'a mut Mode<'p>, services: &'a dyn Services) -> Self {
        Flow {
            ui,
            mode,
            services,
            file: None,
            replaced: Vec::new(),
        }
    }

    /// Runs the flow: the introduction on a terminal, the questions for the values, the
    /// profile they make, the check with BigCommerce when wanted, and the plan to confirm.
    pub fn run(mut self, mut request: Request) -> Result<Outcome> {
        if self.mode.is_interactive()
            && let Some(stop) = self.introduce(&mut request)?
        {
            return Ok(stop);
        }
        for skipped in std::mem::take(&mut request.presets.skipped) {
            self.ui.warning(skipped);
        }
        let saved = Saved::new(self.services, request.existing.as_ref());
        let mut presets = std::mem::take(&mut request.presets);
        let answers = self.ask_values(&saved, &mut presets)?;
        let Answers {
            mut profile,
            mut token,
        } = answers.into_profile(&request, &saved);
        // Nothing to save, unless the admin asked for a check, whose time is then recorded.
        if token.is_none() && saved.profile == Some(&profile) && request.verify != Some(true) {
            return Ok(Outcome::Unchanged {
                message: format!(
                    "Nothing changed: profile \"{}\" already has these values.",
                    profile.name
                ),
                file: self.file.take(),
                secret_store: profile.secret_store,
            });
        }
        let wants_check = match request.verify {
            Some(verify) => verify,
            None => {
                self.mode
                    .confirm("Check these credentials with BigCommerce now?", true, false)?
            }
        };
        let (checked, confirmed) = if wants_check {
            self.check(&saved, &mut profile, &mut token, request.verify.is_some())?
        } else {
            (Checked::NotAsked, false)
        };
        let plan = Plan {
            profile,
            token,
            verified: matches!(checked, Checked::Accepted { .. }),
            checked,
            file: self.file.take(),
            replaced: std::mem::take(&mut self.replaced),
        };
        self.confirm(plan, &saved, confirmed)
    }

    /// The values, asked for (or taken from what was given up front) in the order of the
    /// questions: the Client ID, the Access Token, the store, then the table's other fields.
    /// A script's problems are all reported here, at once.
    fn ask_values(&mut self, saved: &Saved<'_>, presets: &mut Presets) -> Result<Asked> {
        let client_id = self.ask_client_id(saved, presets)?;
        let token = self.ask_token(saved, presets, client_id.as_ref())?;
        let store_hash = self.ask_store(saved, presets)?;
        // The other values of a profile moved to another store are not kept: they were
        // the old store's (see `Asked::into_profile`).
        let same_store = saved.profile.filter(|p| {
            store_hash
                .as_ref()
                .is_none_or(|hash| p.values.get(&STORE) == Some(&Value::Store(hash.clone())))
        });
        let others = self.other_values(same_store, presets)?;
        self.mode.finish()?;
        let (Some(client_id), Some(store_hash), Some(token)) = (client_id, store_hash, token)
        else {
            unreachable!("every unanswered question leaves a problem");
        };
        Ok(Asked {
            client_id,
            token,
            store_hash,
            others,
        })
    }

    fn ask_client_id(
        &mut self,
        saved: &Saved<'_>,
        presets: &mut Presets,
    ) -> Result<Option<ClientId>> {
        let picked = self.mode.ask(
            self.ui,
            Question {
                field: &CLIENT_ID,
                preset: presets.take(&CLIENT_ID).into_iter().next(),
                current: saved.client_id.as_ref().map(ToString::to_string),
                parse: ClientId::parse,
                show: |id| id.to_string(),
                agrees: &|pick| saved.client_id_agrees(pick),
            },
        )?;
        Ok(match picked {
            Some(Pick::New(id)) => Some(id),
            Some(Pick::Keep) => saved.client_id.clone(),
            None => None,
        })
    }

    /// The token. A terminal shows the saved one masked; a script can keep it unread.
    fn ask_token(
        &mut self,
        saved: &Saved<'_>,
        presets: &mut Presets,
        client_id: Option<&ClientId>,
    ) -> Result<Option<Pick<AccessToken>>> {
        let current = match saved.profile {
            None => None,
            Some(_) if !self.mode.is_interactive() => Some("the saved token".to_owned()),
            Some(_) => match saved.token.get() {
                CurrentToken::Known(token) => Some(token.masked()),
                CurrentToken::Unreadable(reason) => {
                    self.ui.warning(format!(
                        "The saved Access Token cannot be read now: {reason}"
                    ));
                    Some("the saved token".to_owned())
                }
                CurrentToken::Missing => {
                    self.ui.warning(
                        "The saved Access Token is missing from its store: enter it again.",
                    );
                    None
                }
            },
        };
        self.mode.ask(
            self.ui,
            Question {
                field: &ACCESS_TOKEN,
                preset: presets.take(&ACCESS_TOKEN).into_iter().next(),
                current,
                parse: AccessToken::parse,
                show: AccessToken::masked,
                agrees: &|pick| saved.token_agrees(client_id, pick),
            },
        )
    }

    fn ask_store(&mut self, saved: &Saved<'_>, presets: &mut Presets) -> Result<Option<StoreHash>> {
        let Ok(preset) = self.one_store(presets.take(&STORE)) else {
            return Ok(None);
        };
        let picked = self.mode.ask(
            self.ui,
            Question {
                field: &STORE,
                preset,
                current: saved.store_hash.as_ref().map(ToString::to_string),
                parse: StoreHash::parse,
                show: |hash| hash.to_string(),
                agrees: &|_| Ok(()),
            },
        )?;
        Ok(match picked {
            Some(Pick::New(hash)) => Some(hash),
            Some(Pick::Keep) => saved.store_hash.clone(),
            None => None,
        })
    }

    /// The check with BigCommerce, with what it rejected fixed in place: the value it points
    /// at is asked for again and the check runs again; nothing right is typed again. Returns
    /// what it found, and whether the admin already said to save (saving anyway, or without
    /// the check); an error when the admin chose not to.
    /// `by_flag`: the check was asked for by `--verify`, rather than by answering yes; a
    /// hint names only what the admin did.
    fn check(
        &mut self,
        saved: &Saved<'_>,
        profile: &mut Profile,
        token: &mut Option<AccessToken>,
        by_flag: bool,
    ) -> Result<(Checked, bool)> {
        let b2b = profile.values.b2b_edition();
        let without_checking = match by_flag {
            true => "leave out --verify",
            false => "answer no to the check",
        };
        loop {
            let checking = match token.as_ref() {
                Some(new) => new,
                None => saved.token.known().ok_or_else(|| Error::SecretStore {
                    message: "The saved Access Token cannot be read, so it cannot be checked \
                              with BigCommerce."
                        .into(),
                    hint: format!("Give the token again, or {without_checking}."),
                })?,
            };
            let store_hash = profile
                .values
                .store_hash()
                .cloned()
                .expect("the plan has a store");
            let verification = self.services.verify(&store_hash, checking, b2b);
            summary::verification(self.ui, &verification, self.mode.is_interactive());
            let checked = Checked::of(&verification);
            let suspect = match &verification.auth {
                Auth::Accepted if verification.missing().next().is_none() => {
                    return Ok((checked, false));
                }
                Auth::Accepted => {
                    let missing: Vec<&str> = verification.missing().map(|s| s.name).collect();
                    match self.after_missing_scopes(&verification)? {
                        Missing::NewAccount => {
                            self.new_account(saved, profile, token, &missing)?;
                            continue;
                        }
                        Missing::SaveAnyway => return Ok((checked, false)),
                    }
                }
                Auth::Rejected(rejection) => rejection.suspect,
                Auth::Unreachable(_) => {
                    // One question: saving without the check is saying yes to saving. A
                    // script never saves unchecked what it was told to check.
                    let choice = match self.mode.is_interactive() {
                        true => self.mode.select(
                            "Save without checking, or try again?",
                            &UNREACHABLE_CHOICES,
                            1,
                        )?,
                        false => 2,
                    };
                    match choice {
                        0 => continue,
                        1 => return Ok((checked, true)),
                        _ => {}
                    }
                    let hint = match self.mode.is_interactive() {
                        true => "Run synchup-setup again once BigCommerce can be reached; or \
                                 save without checking, and synchup-setup check --online \
                                 checks later."
                            .to_owned(),
                        false => format!(
                            "Try again later, or {without_checking} to save without checking \
                             (synchup-setup check --online checks later)."
                        ),
                    };
                    return Err(Error::Unreachable {
                        message: "BigCommerce could not be reached to check the credentials; \
                                  nothing was saved."
                            .into(),
                        hint,
                    });
                }
            };
            // A 401 may come from a token for another store (undocumented): either value may
            // be the wrong one, so both are asked, and Enter keeps each.
            let fields: &[&'static Field] = match suspect {
                Suspect::AccessToken => &[&ACCESS_TOKEN, &STORE],
                Suspect::StoreHash | Suspect::StoreHashOrScopes => &[&STORE],
            };
            // A 403 everywhere: a wrong store hash, or an account without any scope (or a
            // changed store owner), which only a new account fixes. She knows which.
            if suspect == Suspect::StoreHashOrScopes && self.mode.is_interactive() {
                let options = [
                    "Enter the API Path again (the store hash may be wrong)",
                    "Create a new API account (the scopes are missing, or the owner changed)",
                    "Neither",
                ];
                match self.mode.select("What now?", &options, 0)? {
                    0 => {
                        self.ask_again(&STORE, saved, profile, token)?;
                        continue;
                    }
                    1 => {
                        self.new_account(saved, profile, token, &[])?;
                        continue;
                    }
                    _ => {}
                }
            }
            let named: Vec<_> = fields.iter().map(|field| field.asked_as()).collect();
            let again = format!(
                "Enter the {} again and check once more?",
                named.join(" or the ")
            );
            let asked_already = suspect == Suspect::StoreHashOrScopes && self.mode.is_interactive();
            if asked_already || !self.mode.confirm(&again, true, false)? {
                if self
                    .mode
                    .confirm("Save these credentials anyway?", false, false)?
                {
                    return Ok((checked, true));
                }
                return Err(Error::Rejected {
                    message: "BigCommerce rejected these credentials; nothing was saved.".into(),
                    hint: match &verification.auth {
                        Auth::Rejected(rejection) => rejection.fix.clone(),
                        _ => unreachable!("rejected above"),
                    },
                });
            }
            for field in fields {
                self.ask_again(field, saved, profile, token)?;
            }
        }
    }

    /// What to do when BigCommerce accepts the token but the account lacks scopes: on a
    /// terminal, a new account (the default) or saving as it is; a script stops with what
    /// to create, and nothing is saved.
    fn after_missing_scopes(&mut self, verification: &Verification) -> Result<Missing> {
        let fix = || Error::Rejected {
            message: format!(
                "{} Nothing was saved.",
                control_panel::lacking(verification.missing())
            ),
            hint: control_panel::new_account_fix(),
        };
        if !self.mode.is_interactive() {
            return Err(fix());
        }
        let options = [
            "Create a new API account (this window waits)",
            "Save these values anyway (SynchUP cannot do all it needs)",
            "Stop; nothing is saved",
        ];
        match self.mode.select("What now?", &options, 0)? {
            0 => Ok(Missing::NewAccount),
            1 => Ok(Missing::SaveAnyway),
            _ => Err(fix()),
        }
    }

    /// The walk-through for a new API account: the steps, shortened; the new values (the
    /// new credentials file from the download directory, any file named, or typed); the
    /// old account remembered, for the reminder to delete it. The caller checks again.
    fn new_account(
        &mut self,
        saved: &Saved<'_>,
        profile: &mut Profile,
        token: &mut Option<AccessToken>,
        missing: &[&str],
    ) -> Result<()> {
        let mut old = OldAccount {
            file: None,
            name: profile.values.account_name().map(str::to_owned),
            client_id: profile
                .values
                .client_id()
                .map(ToString::to_string)
                .unwrap_or_default(),
        };
        steps::print_new_account(self.ui, profile.values.b2b_edition(), missing);
        self.offer_browser()?;
        self.ui.blank();
        self.mode
            .pause("Press Enter when you have the new account's credentials, Esc to stop")?;
        let old_id =
            |raw: &str| ClientId::parse(raw).is_ok_and(|c| c.value.as_str() == old.client_id);
        let before = self.file.clone();
        let mut in_downloads = true;
        let mut presets = loop {
            let mut presets = Presets::default();
            self.offer_file(&mut presets, in_downloads)?;
            if !presets
                .first(&CLIENT_ID)
                .is_some_and(|given| old_id(given.value.expose_secret()))
            {
                break presets;
            }
            self.ui.error(format!(
                "That file is the old API account's (Client ID {}): the new account has a new \
                 Client ID and a new file.",
                old.client_id
            ));
            // The newest file there is the old one: the new one is elsewhere, or typed.
            self.file = before.clone();
            in_downloads = false;
        };
        let not_old = |pick: &Pick<ClientId>| match pick {
            Pick::New(id) if id.as_str() == old.client_id => Err(Invalid(format!(
                "{} is the old API account's Client ID: the new account has a new one.",
                old.client_id
            ))),
            _ => Ok(()),
        };
        let Some(Pick::New(client_id)) = self.mode.ask(
            self.ui,
            Question {
                field: &CLIENT_ID,
                preset: presets.take(&CLIENT_ID).into_iter().next(),
                current: None,
                parse: ClientId::parse,
                show: |id| id.to_string(),
                agrees: &not_old,
            },
        )?
        else {
            return Ok(());
        };
        let Some(Pick::New(new_token)) = self.mode.ask(
            self.ui,
            Question {
                field: &ACCESS_TOKEN,
                preset: presets.take(&ACCESS_TOKEN).into_iter().next(),
                current: None,
                parse: AccessToken::parse,
                show: AccessToken::masked,
                agrees: &|pick| saved.token_agrees(Some(&client_id), pick),
            },
        )?
        else {
            return Ok(());
        };
        let store = match self.one_store(presets.take(&STORE)) {
            Ok(preset) => self.mode.ask(
                self.ui,
                Question {
                    field: &STORE,
                    preset,
                    current: profile.store_text(),
                    parse: StoreHash::parse,
                    show: |hash| hash.to_string(),
                    agrees: &|_| Ok(()),
                },
            )?,
            Err(()) => None,
        };
        if let Some(Pick::New(hash)) = store {
            // The link opens the store she is logged into, which may be another one.
            if let Some(before) = profile
                .values
                .store_hash()
                .filter(|before| **before != hash)
            {
                self.ui.warning(format!(
                    "The new values are for store {hash}, not store {before}: was the new API \
                     account created in another store?"
                ));
                let question = format!("Use store {hash} for this profile?");
                if !self.mode.confirm(&question, false, false)? {
                    return Ok(());
                }
            }
            profile.values.set(&STORE, Value::Store(hash.clone()));
            profile.api_path = Some(Value::Store(hash).into());
        }
        profile.values.set(&CLIENT_ID, Value::ClientId(client_id));
        // The old account's name would name the wrong account: the new file's, or none.
        let name = presets
            .take(&ACCOUNT_NAME)
            .into_iter()
            .find_map(|given| ACCOUNT_NAME.check(given.value.expose_secret()).ok());
        match name {
            Some(checked) => profile.values.set(&ACCOUNT_NAME, checked.value),
            None => profile.values.remove(&ACCOUNT_NAME),
        }
        *token = Some(new_token);
        // Only one file is offered for deletion after saving: the new one, if it was read.
        if self.file != before {
            old.file = before;
        }
        if !old.client_id.is_empty() && !self.replaced.contains(&old) {
            self.replaced.push(old);
        }
        Ok(())
    }

    /// On a desktop session, offers to open the API accounts page in the browser. No is the
    /// default: a browser is a child process, started only on an explicit yes.
    fn offer_browser(&mut self) -> Result<()> {
        if !self.mode.is_interactive() || !self.services.can_open_browser() {
            return Ok(());
        }
        if self.mode.confirm(
            "Open the API accounts page in your browser now?",
            false,
            false,
        )? && let Err(why) = self.services.open_browser(control_panel::API_ACCOUNTS_LINK)
        {
            self.ui.warning(format!(
                "The browser could not be opened ({why}): open the address above yourself."
            ));
        }
        Ok(())
    }

    /// A value a rejection points at, asked for again; Enter keeps the one just checked.
    fn ask_again(
        &mut self,
        field: &'static Field,
        saved: &Saved<'_>,
        profile: &mut Profile,
        token: &mut Option<AccessToken>,
    ) -> Result<()> {
        if field.secret {
            let client_id = profile.values.client_id().cloned();
            let checked = token.as_ref().or_else(|| saved.token.known());
            let new = self.mode.ask(
                self.ui,
                Question {
                    field,
                    preset: None,
                    current: checked.map(AccessToken::masked),
                    parse: AccessToken::parse,
                    show: AccessToken::masked,
                    agrees: &|pick| saved.token_agrees(client_id.as_ref(), pick),
                },
            )?;
            if let Some(Pick::New(new)) = new {
                *token = Some(new);
            }
        } else {
            let new = self.mode.ask(
                self.ui,
                Question {
                    field,
                    preset: None,
                    current: profile.store_text(),
                    parse: StoreHash::parse,
                    show: |hash| hash.to_string(),
                    agrees: &|_| Ok(()),
                },
            )?;
            if let Some(Pick::New(hash)) = new {
                profile.values.set(&STORE, Value::Store(hash.clone()));
                profile.api_path = Some(Value::Store(hash).into());
            }
        }
        Ok(())
    }

    /// The plan, shown on a terminal, and the last question.
    fn confirm(&mut self, mut plan: Plan, saved: &Saved<'_>, confirmed: bool) -> Result<Outcome> {
        if self.mode.is_interactive() {
            self.store_that_answers(&mut plan)?;
            let kept = saved.token.read.get().and_then(|_| saved.token.known());
            summary::plan(self.ui, &plan, saved.profile, kept);
        }
        if !confirmed && !self.mode.confirm("Save?", true, true)? {
            return Ok(Outcome::Stop("Nothing was saved.".into()));
        }
        Ok(Outcome::Save(Box::new(plan)))
    }

    /// On a terminal, before the plan says where the token goes: a keychain that cannot be
    /// reached at all (a server, a session without D-Bus) is found now, said once, and the
    /// file store offered instead (Enter takes it). Declined, nothing is saved; the error
    /// has been said, so only its exit code is left.
    fn store_that_answers(&mut self, plan: &mut Plan) -> Result<()> {
        if plan.token.is_none() || plan.profile.secret_store == SecretStoreKind::FILE {
            return Ok(());
        }
        let Some(unreachable) = self.services.unreachable_store(&plan.profile) else {
            return Ok(());
        };
        self.ui.error(&unreachable.message);
        self.ui.line(
            "The token can be kept in a file readable only by you instead, as on a server: \
             less safe than a keychain, as any program you run can read it.",
        );
        if !self.mode.confirm(FILE_INSTEAD, true, false)? {
            self.ui.line("Nothing was saved.");
            self.ui.hint(&unreachable.hint);
            return Err(Error::Unhealthy(crate::error::Exit::SecretStore));
        }
        plan.profile.secret_store = SecretStoreKind::FILE;
        Ok(())
    }

    /// The values of the table's other fields of text: asked after the three above, in the
    /// table's order, when they have a question (Enter keeps the saved value, or leaves the
    /// value out); else taken as given up front (the account name), or kept.
    fn other_values(
        &mut self,
        existing: Option<&Profile>,
        presets: &mut Presets,
    ) -> Result<Vec<(&'static Field, Option<Value>)>> {
        let mut decided = Vec::new();
        let others = FIELDS.iter().copied().filter(|field| {
            field.kind == Kind::Text && ![&CLIENT_ID, &ACCESS_TOKEN, &STORE].contains(field)
        });
        for field in others {
            let preset = presets.take(field).into_iter().next();
            let current = existing.and_then(|p| p.values.get(field)).cloned();
            let value = match (field.question, preset) {
                (Some(_), preset) => {
                    let picked = self.mode.ask(
                        self.ui,
                        Question {
                            field,
                            preset,
                            current: current.as_ref().map(Value::shown),
                            parse: field.parse,
                            show: Value::shown,
                            agrees: &|_| Ok(()),
                        },
                    )?;
                    match picked {
                        Some(Pick::New(value)) => Some(value),
                        Some(Pick::Keep) => current,
                        None => None,
                    }
                }
                (None, Some(given)) => field
                    .check(given.value.expose_secret())
                    .map(|checked| checked.value)
                    .ok()
                    .or(current),
                (None, None) => current,
            };
            decided.push((field, value));
        }
        Ok(decided)
    }

    /// The greeting, the update question, the control-panel steps and the file question.
    /// Returns how the run ends, if the admin chose not to update.
    fn introduce(&mut self, request: &mut Request) -> Result<Option<Outcome>> {
        if request.bundle {
            summary::greet_receiver(self.ui);
        } else {
            summary::greet(self.ui);
        }
        if let Some(existing) = &request.existing {
            summary::existing(self.ui, existing);
            if !self.mode.confirm("Update it?", false, true)? {
                // As a run with nothing to change: the profile is as it was, and the
                // hand-over may be what the admin came back for.
                return Ok(Some(Outcome::Unchanged {
                    message: "Nothing was changed.".into(),
                    file: None,
                    secret_store: existing.secret_store,
                }));
            }
        }
        if request.b2b.is_none() {
            let default = request
                .existing
                .as_ref()
                .is_some_and(|p| p.values.b2b_edition());
            request.b2b = Some(self.mode.confirm(
                "Does the store use B2B Edition?",
                default,
                default,
            )?);
        }
        if request.from_file {
            return Ok(None);
        }
        if request.existing.is_some() {
            self.ui.info(
                "Press Enter at a question to keep the saved value. \"synchup-setup steps\" \
                 shows how to create a new API account.",
            );
        } else {
            steps::print(self.ui, request.b2b.unwrap_or(false));
            self.offer_browser()?;
            self.ui.blank();
            // Not yet: the admin is creating it now, in the browser. Wait for them.
            if !self
                .mode
                .confirm("Have you created the API account?", true, true)?
            {
                self.ui.line(
                    "Create it in the control panel as shown above; this window waits. \
                     BigCommerce shows the credentials once, and your browser downloads (or \
                     offers to download) them as a .txt file.",
                );
                self.mode
                    .pause("Press Enter when you have the credentials, Esc to stop")?;
            }
        }
        if !request.presets.complete() {
            self.offer_file(&mut request.presets, true)?;
        }
        Ok(None)
    }

    /// Offers the credentials file: the one just downloaded when it is found (looked for
    /// when `in_downloads`), else any file named at the prompt. Its values fill what flags
    /// and variables left open.
    fn offer_file(&mut self, presets: &mut Presets, in_downloads: bool) -> Result<()> {
        let found = if in_downloads {
            self.services.find_downloaded()
        } else {
            None
        };
        match found {
            Some(found) => {
                // A file someone else may have put there is offered with a warning, and
                // used only when the admin says so.
                if let Some(caution) = &found.caution {
                    self.ui.warning(format!(
                        "{caution}, so someone else may have put the file there. Use it \
                         only if you downloaded it yourself."
                    ));
                }
                let question = format!(
                    "Found \"{}\" in {}, {}. Use it?",
                    found.name, found.folder, found.age
                );
                let default = found.caution.is_none();
                if self.mode.confirm(&question, default, false)?
                    && self.take_file(found.file, presets)
                {
                    return Ok(());
                }
            }
            // Say where it looked, so a file saved elsewhere is known to need its path.
            None if in_downloads => {
                if let Some(dir) = self.services.download_dir() {
                    self.ui.info(format!(
                        "No BigCommerce credentials file in {} ({dir}).",
                        crate::platform::DOWNLOADS
                    ));
                }
            }
            None => {}
        }
        loop {
            let answer = self.mode.text(
                "Downloaded credentials file (Enter to type the values):",
                None,
            )?;
            let path = clean(&answer);
            if path.is_empty() {
                return Ok(());
            }
            match self.services.read_credentials_file(path) {
                Ok(file) => {
                    if self.take_file(file, presets) {
                        return Ok(());
                    }
                }
                Err(why) => self.ui.error(why),
            }
        }
    }

    /// Reads the values of a credentials file into `presets`; says what was read, or in
    /// one line why the file is not a credentials file. Returns whether it was used.
    fn take_file(&mut self, file: FileText, presets: &mut Presets) -> bool {
        let shown = file.shown.clone();
        let expected = "expected the .txt file BigCommerce downloaded, with lines such as \
                        ACCESS TOKEN:, CLIENT ID: and API PATH:";
        let text = file.text.expose_secret();
        if !crate::bigcommerce::credentials_file::is_labeled(text) {
            self.ui.error(format!(
                "{shown} is not a BigCommerce credentials file: {expected}."
            ));
            return false;
        }
        // The full path is in the message that says the file was read; each value after
        // it names only the file.
        let name = file.path.file_name().map_or_else(
            || shown.clone(),
            |name| crate::ui::printable(&name.to_string_lossy()),
        );
        let origin = |line| Origin::File {
            path: name.clone(),
            line,
        };
        let found = match script::labeled(text, origin) {
            Ok(found) => found,
            Err(Error::Input(problems)) => {
                // A file that starts like one but has broken lines: the first few, not a
                // screenful.
                const SHOWN: usize = 3;
                self.ui.error(format!(
                    "{shown} is not a BigCommerce credentials file: {expected}."
                ));
                for problem in problems.iter().take(SHOWN) {
                    self.ui
                        .line(format!("  - {}: {}", problem.origin, problem.message));
                }
                if problems.len() > SHOWN {
                    self.ui
                        .line(format!("  - and {} more", problems.len() - SHOWN));
                }
                return false;
            }
            Err(other) => {
                self.ui.error(other);
                return false;
            }
        };
        let names: Vec<&str> = [&CLIENT_ID, &ACCESS_TOKEN, &STORE]
            .into_iter()
            .filter(|field| found.first(field).is_some())
            .map(|field| field.name)
            .collect();
        if names.is_empty() {
            self.ui.error(format!(
                "{shown} is not a BigCommerce credentials file: {expected}."
            ));
            return false;
        }
        if let Some(conflict) = presets.conflict_with_env(&found) {
            self.ui.error(conflict.message);
            return false;
        }
        self.ui.success(format!(
            "Read {} from {shown}. (Its Client Secret is not needed and was not kept.)",
            names.join(", ")
        ));
        presets.fill_from(found);
        self.file = Some(file.path);
        true
    }

    /// At most one store preset: an API path and a store hash from the same source must
    /// name the same store. `Err` when a script cannot go on with them.
    fn one_store(
        &mut self,
        mut given: Vec<Given<SecretString>>,
    ) -> std::result::Result<Option<Given<SecretString>>, ()> {
        if given.len() > 1 {
            let hashes: Vec<_> = given
                .iter()
                .map(|g| {
                    StoreHash::parse(g.value.expose_secret())
                        .ok()
                        .map(|c| c.value)
                })
                .collect();
            if let [Some(first), Some(second), ..] = hashes.as_slice()
                && first != second
            {
                let message = format!(
                    "{} and {} name different stores ({first} and {second}); give one.",
                    given[0].origin, given[1].origin
                );
                let origin = given[1].origin.clone();
                return if self.mode.problem(self.ui, origin, Invalid(message)) {
                    Ok(None)
                } else {
                    Err(())
                };
            }
        }
        Ok(given.drain(..).next())
    }
}

/// What the admin chose when the account lacks scopes.
enum Missing {
    NewAccount,
    SaveAnyway,
}

/// The Client ID and the Access Token given in each other's places on an update: caught,
/// so that the token never lands in the config as a Client ID.
fn swapped() -> Invalid {
    Invalid(
        "The Client ID and the Access Token look swapped: the saved profile has them the \
         other way round. Give the CLIENT ID first, then the ACCESS TOKEN."
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::bigcommerce::verify::ScopeState;
    use crate::context::prompter::fake::{Answer, Scripted};
    use crate::error::InputProblem;
    use crate::profile::fields::ACCOUNT_NAME;
    use crate::wizard::script::Positional;

    const ID: &str = "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov";
    const TOKEN: &str = "abcdefghijklmnopqrstuvwxyz01234";
    const PATH: &str = "https://api.bigcommerce.com/stores/et7xe3pz/v3/";

    #[derive(Default)]
    struct FakeServices {
        files: Vec<(&'static str, String)>,
        /// What the download directory holds: a file's name and text.
        downloaded: Option<(&'static str, String)>,
        token: Option<&'static str>,
        token_reads: RefCell<usize>,
        /// What BigCommerce answers; every call is recorded with the token it was given.
        verification: Option<Verification>,
        /// Answers to give first, one per call, before `verification`.
        first_answers: RefCell<std::collections::VecDeque<Verification>>,
        verified: RefCell<Vec<(String, String, bool)>>,
        /// A desktop session: the browser is offered.
        desktop: bool,
        /// Every address opened in the browser.
        opened: RefCell<Vec<String>>,
        /// The keychain cannot be reached.
        no_keychain: bool,
    }

    impl FakeServices {
        /// The tokens BigCommerce was asked about, in order.
        fn tokens_checked(&self) -> Vec<String> {
            self.verified.borrow().iter().map(|v| v.1.clone()).collect()
        }
    }

    impl Services for FakeServices {
        fn read_credentials_file(&self, path: &str) -> std::result::Result<FileText, String> {
            self.files
                .iter()
                .find(|(name, _)| *name == path)
                .map(|(name, text)| FileText {
                    path: PathBuf::from(name),
                    shown: name.to_string(),
                    text: SecretString::from(text.as_str()),
                })
                .ok_or_else(|| format!("{path} does not exist."))
        }

        fn find_downloaded(&self) -> Option<Found> {
            self.downloaded.as_ref().map(|(name, text)| Found {
                file: FileText {
                    path: PathBuf::from("/home/me/Downloads").join(name),
                    shown: format!("/home/me/Downloads/{name}"),
                    text: SecretString::from(text.as_str()),
                },
                name: name.to_string(),
                folder: "Downloads".into(),
                age: "2 minutes ago".into(),
                caution: None,
            })
        }

        fn download_dir(&self) -> Option<String> {
            Some("/home/me/Downloads".into())
        }

        fn current_token(&self, _profile: &Profile) -> CurrentToken {
            *self.token_reads.borrow_mut() += 1;
            match self.token {
                Some(token) => CurrentToken::Known(AccessToken::from_stored(token.into())),
                None => CurrentToken::Missing,
            }
        }

        fn unreachable_store(&self, profile: &Profile) -> Option<Unreachable> {
            (self.no_keychain && profile.secret_store == SecretStoreKind::KEYCHAIN).then(|| {
                Unreachable {
                    message: "There is no OS keychain here.".into(),
                    hint: "Use --secret-store file.".into(),
                }
            })
        }

        fn verify(&self, hash: &StoreHash, token: &AccessToken, b2b: bool) -> Verification {
            self.verified
                .borrow_mut()
                .push((hash.to_string(), token.expose().to_owned(), b2b));
            if let Some(answer) = self.first_answers.borrow_mut().pop_front() {
                return answer;
            }
            self.verification.clone().expect("no verification expected")
        }

        fn can_open_browser(&self) -> bool {
            self.desktop
        }

        fn open_browser(&self, url: &str) -> std::result::Result<(), String> {
            self.opened.borrow_mut().push(url.to_owned());
            Ok(())
        }
    }

    fn saved_profile() -> Profile {
        Profile {
            updated_at: Some("2026-11-20T14:03:00Z".into()),
            ..Profile::new("default")
        }
        .with(&CLIENT_ID, ID)
        .with(&STORE, PATH)
        .with(&ACCOUNT_NAME, "SynchUP")
    }

    fn request(existing: Option<Profile>) -> Request {
        Request {
            profile: "default".into(),
            existing,
            presets: Presets::default(),
            secret_store: None,
            from_file: false,
            bundle: false,
            // Most tests are about other questions; these two have tests of their own.
            b2b: Some(false),
            verify: Some(false),
        }
    }

    struct Run {
        result: Result<Outcome>,
        output: String,
        asked: Vec<(String, Option<String>)>,
    }

    fn interactive(
        request: Request,
        services: &FakeServices,
        script: Vec<(&'static str, Answer)>,
    ) -> Run {
        let (mut ui, captured) = Ui::capture();
        let mut prompter = Scripted::new(script);
        let result =
            Flow::new(&mut ui, &mut Mode::Interactive(&mut prompter), services).run(request);
        assert!(
            prompter.finished(),
            "questions left unasked: {:?}",
            prompter.asked
        );
        Run {
            result,
            output: captured.text(),
            asked: prompter.asked,
        }
    }

    /// A script run with `lines` piped; the profile being updated (if any) has `TOKEN` saved.
    fn scripted(request: Request, lines: Option<&str>) -> Run {
        let (mut ui, captured) = Ui::capture();
        let services = FakeServices {
            token: Some(TOKEN),
            ..FakeServices::default()
        };
        let result = Flow::new(&mut ui, &mut piped(lines), &services).run(request);
        Run {
            result,
            output: captured.text(),
            asked: Vec::new(),
        }
    }

    fn expect_plan(run: Run) -> (Plan, String) {
        match run.result {
            Ok(Outcome::Save(plan)) => (*plan, run.output),
            Ok(Outcome::Stop(why) | Outcome::Unchanged { message: why, .. }) => {
                panic!("stopped: {why}\n{}", run.output)
            }
            Err(err) => panic!("failed: {err}\n{}", run.output),
        }
    }

    fn problems(run: Run) -> Vec<InputProblem> {
        match run.result {
            Err(Error::Input(problems)) => problems,
            Err(err) => panic!("other error: {err}"),
            Ok(_) => panic!("accepted:\n{}", run.output),
        }
    }

    #[test]
    fn without_a_keychain_the_file_store_is_offered_before_the_plan() {
        let services = FakeServices {
            no_keychain: true,
            ..FakeServices::default()
        };
        let mut script = first_setup_script(ID, TOKEN, PATH);
        script.insert(5, ("in a file instead?", Answer::Yes));
        let (plan, output) = expect_plan(interactive(request(None), &services, script));
        assert_eq!(plan.profile.secret_store, SecretStoreKind::FILE);
        let error = output.find("There is no OS keychain here.").unwrap();
        let kept_in = output.find("Token kept in").unwrap();
        assert!(error < kept_in, "{output}");
        assert!(!output[kept_in..].contains("keychain"), "{output}");

        // Declined: the error once, and nothing saved.
        let mut script = first_setup_script(ID, TOKEN, PATH);
        script.truncate(4);
        script.push(("API Path", Answer::Text(PATH)));
        script.push(("in a file instead?", Answer::No));
        let run = interactive(request(None), &services, script);
        assert!(
            matches!(
                run.result,
                Err(Error::Unhealthy(crate::error::Exit::SecretStore))
            ),
            "{}",
            run.output
        );
        assert_eq!(
            run.output.matches("There is no OS keychain here.").count(),
            1
        );
        assert!(run.output.contains("Nothing was saved."), "{}", run.output);

        // A store that answers, or one chosen as a file, asks nothing more.
        let services = FakeServices::default();
        let script = first_setup_script(ID, TOKEN, PATH);
        let (plan, _) = expect_plan(interactive(request(None), &services, script));
        assert_eq!(plan.profile.secret_store, SecretStoreKind::KEYCHAIN);
    }

    fn first_setup_script(
        client_id: &'static str,
        token: &'static str,
        path: &'static str,
    ) -> Vec<(&'static str, Answer)> {
        vec![
            ("created the API account", Answer::Yes),
            ("credentials file", Answer::Text("")),
            ("Client ID", Answer::Text(client_id)),
            ("Access Token", Answer::Secret(token)),
            ("API Path", Answer::Text(path)),
            ("Save?", Answer::Yes),
        ]
    }

    #[test]
    fn first_setup_on_a_terminal() {
        let services = FakeServices::default();
        let run = interactive(
            request(None),
            &services,
            first_setup_script(ID, TOKEN, "store-ET7XE3PZ"),
        );
        let (plan, output) = expect_plan(run);
        assert_eq!(plan.profile.values.text(&CLIENT_ID).as_deref(), Some(ID));
        assert_eq!(
            plan.profile.values.text(&STORE).as_deref(),
            Some("et7xe3pz")
        );
        assert_eq!(plan.profile.api_path_text().as_deref(), Some(PATH));
        assert_eq!(plan.profile.secret_store, SecretStoreKind::KEYCHAIN);
        assert_eq!(plan.token.unwrap().expose(), TOKEN);
        assert!(output.contains("OAuth scopes"), "{output}");
        assert!(output.contains("only ONCE"), "{output}");
        // The prefix note comes before the store hash it explains; the typed token is
        // echoed by the prompt alone (masked), not again here.
        let note = output.find("Removed the \"store-\" prefix").expect(&output);
        let hash = output.find("Store hash: et7xe3pz").expect(&output);
        assert!(note < hash, "{output}");
        assert!(!output.contains("Access Token:"), "{output}");
        assert!(!output.contains(TOKEN), "token in output: {output}");
        assert_eq!(*services.token_reads.borrow(), 0);
    }

    #[test]
    fn invalid_answers_are_asked_again_with_the_reason() {
        let services = FakeServices::default();
        let script = vec![
            ("created the API account", Answer::Yes),
            ("credentials file", Answer::Text("")),
            ("Client ID", Answer::Text("not-an-id")),
            ("Client ID", Answer::Text(ID)),
            ("Access Token", Answer::Secret("")),
            ("Access Token", Answer::Secret(ID)),
            ("Access Token", Answer::Secret(TOKEN)),
            (
                "API Path",
                Answer::Text("https://example.com/stores/abc1234/v3/"),
            ),
            ("API Path", Answer::Text(PATH)),
            ("Save?", Answer::Yes),
        ];
        let (plan, output) = expect_plan(interactive(request(None), &services, script));
        assert_eq!(plan.token.unwrap().expose(), TOKEN);
        assert!(
            output.contains("The Client ID contains a punctuation character (\"-\")"),
            "{output}"
        );
        assert!(output.contains("The Access Token is empty"), "{output}");
        assert!(output.contains("pasted twice"), "{output}");
        assert!(output.contains("not a BigCommerce API address"), "{output}");
    }

    #[test]
    fn update_shows_current_values_and_enter_keeps_them() {
        let services = FakeServices {
            token: Some(TOKEN),
            ..FakeServices::default()
        };
        let script = vec![
            ("Update it?", Answer::Yes),
            ("credentials file", Answer::Text("")),
            ("Client ID", Answer::Text("")),
            ("Access Token", Answer::Secret("")),
            ("API Path", Answer::Text("")),
        ];
        let run = interactive(request(Some(saved_profile())), &services, script);
        assert_eq!(run.asked[2].1.as_deref(), Some(ID));
        assert_eq!(run.asked[3].1.as_deref(), Some("****1234"));
        assert_eq!(run.asked[4].1.as_deref(), Some("et7xe3pz"));
        assert!(
            run.output
                .contains("store et7xe3pz, last updated 2026-11-20 14:03 UTC"),
            "{}",
            run.output
        );
        match run.result {
            Ok(Outcome::Unchanged { message, .. }) => {
                assert!(message.contains("Nothing changed"), "{message}")
            }
            _ => panic!("expected no change"),
        }
    }

    #[test]
    fn update_of_one_value_keeps_the_token() {
        let services = FakeServices {
            token: Some(TOKEN),
            ..FakeServices::default()
        };
        let script = vec![
            ("Update it?", Answer::Yes),
            ("credentials file", Answer::Text("")),
            ("Client ID", Answer::Text("another0client0id0value00000000")),
            ("Access Token", Answer::Secret("")),
            ("API Path", Answer::Text("")),
            ("Save?", Answer::Yes),
        ];
        let (plan, output) = expect_plan(interactive(
            request(Some(saved_profile())),
            &services,
            script,
        ));
        assert!(plan.token.is_none());
        assert_eq!(
            plan.profile.values.text(&CLIENT_ID).as_deref(),
            Some("another0client0id0value00000000")
        );
        assert_eq!(
            plan.profile.values.text(&ACCOUNT_NAME).as_deref(),
            Some("SynchUP")
        );
        assert!(output.contains("Ready to update"), "{output}");
        assert!(
            output
                .lines()
                .any(|l| l.starts_with("  Access Token") && l.ends_with(" ****1234 (kept)")),
            "{output}"
        );
    }

    #[test]
    fn declining_to_update_or_save_stops_without_a_plan() {
        let services = FakeServices::default();
        let run = interactive(
            request(Some(saved_profile())),
            &services,
            vec![("Update it?", Answer::No)],
        );
        // As a run with nothing to change: the session offers the hand-over then.
        assert!(matches!(
            run.result,
            Ok(Outcome::Unchanged { ref message, .. }) if message == "Nothing was changed."
        ));

        let mut script = first_setup_script(ID, TOKEN, PATH);
        script.last_mut().unwrap().1 = Answer::No;
        let run = interactive(request(None), &services, script);
        assert!(matches!(run.result, Ok(Outcome::Stop(why)) if why.contains("Nothing was saved")));
    }

    #[test]
    fn cancel_at_any_question_is_an_interruption() {
        let services = FakeServices::default();
        for at in 0..6 {
            let mut script = first_setup_script(ID, TOKEN, PATH);
            script.truncate(at + 1);
            script[at].1 = Answer::Cancel;
            let run = interactive(request(None), &services, script);
            assert!(
                matches!(run.result, Err(Error::Interrupted)),
                "question {at}"
            );
        }
    }

    fn credentials_text() -> String {
        format!(
            "ACCESS TOKEN: {TOKEN}\nCLIENT NAME: SynchUP\nAPI PATH: {PATH}\nCLIENT ID: {ID}\n\
             CLIENT SECRET: {}\n",
            "ab".repeat(32)
        )
    }

    #[test]
    fn the_file_in_downloads_is_offered_first_and_remembered_for_deleting() {
        let services = FakeServices {
            downloaded: Some(("API Credentials.txt", credentials_text())),
            ..FakeServices::default()
        };
        let script = vec![
            ("created the API account", Answer::Yes),
            (
                "Found \"API Credentials.txt\" in Downloads, 2 minutes ago. Use it?",
                Answer::Yes,
            ),
            ("Save?", Answer::Yes),
        ];
        let (plan, output) = expect_plan(interactive(request(None), &services, script));
        assert_eq!(plan.token.unwrap().expose(), TOKEN);
        assert_eq!(
            plan.file.as_deref(),
            Some(std::path::Path::new(
                "/home/me/Downloads/API Credentials.txt"
            ))
        );
        assert!(
            output.contains("(from \"API Credentials.txt\", line 4)"),
            "{output}"
        );

        // Declined: the questions as usual, and no file to delete afterwards.
        let script = vec![
            ("created the API account", Answer::Yes),
            ("Use it?", Answer::No),
            ("credentials file", Answer::Text("")),
            ("Client ID", Answer::Text(ID)),
            ("Access Token", Answer::Secret(TOKEN)),
            ("API Path", Answer::Text(PATH)),
            ("Save?", Answer::Yes),
        ];
        let (plan, _) = expect_plan(interactive(request(None), &services, script));
        assert_eq!(plan.file, None);
    }

    #[test]
    fn not_yet_waits_instead_of_ending() {
        let services = FakeServices::default();
        let mut script = first_setup_script(ID, TOKEN, PATH);
        script[0].1 = Answer::No;
        script.insert(
            1,
            (
                "Press Enter when you have the credentials",
                Answer::Text(""),
            ),
        );
        let (plan, output) = expect_plan(interactive(request(None), &services, script));
        assert_eq!(plan.token.unwrap().expose(), TOKEN);
        assert!(output.contains("this window waits"), "{output}");
    }

    #[test]
    fn a_file_that_is_not_a_credentials_file_is_one_error_line() {
        let readme: String = (1..=167)
            .map(|i| format!("line {i} of a readme\n"))
            .collect();
        let half: String = format!("CLIENT ID: {ID}\n") + &"nonsense\n".repeat(10);
        let services = FakeServices {
            files: vec![("README.md", readme), ("half.txt", half)],
            ..FakeServices::default()
        };
        let script = vec![
            ("created the API account", Answer::Yes),
            ("credentials file", Answer::Text("README.md")),
            ("credentials file", Answer::Text("half.txt")),
            ("credentials file", Answer::Cancel),
        ];
        let run = interactive(request(None), &services, script);
        assert!(matches!(run.result, Err(Error::Interrupted)));
        let after = &run.output[run.output.find("If an API account lacks scopes").unwrap()..];
        let lines: Vec<_> = after.lines().skip(1).filter(|l| !l.is_empty()).collect();
        // Where it looked first, in words and as a path.
        assert_eq!(
            lines[0],
            "note: No BigCommerce credentials file in your Downloads folder (/home/me/Downloads).",
            "{after}"
        );
        let lines = &lines[1..];
        assert_eq!(
            lines[0],
            "error: README.md is not a BigCommerce credentials file: expected the .txt file \
             BigCommerce downloaded, with lines such as ACCESS TOKEN:, CLIENT ID: and API PATH:.",
            "{after}"
        );
        // One that starts like a credentials file: its first problems, not all of them.
        assert!(lines[1].starts_with("error: half.txt is not"), "{after}");
        assert!(lines[2].contains("half.txt, line 2: expected"), "{after}");
        assert_eq!(lines[5], "  - and 7 more", "{after}");
        assert_eq!(lines.len(), 6, "{after}");
    }

    #[test]
    fn the_saved_token_given_again_is_kept_not_written() {
        let req = request(Some(saved_profile()));
        match scripted(req, Some(&format!("{ID}\n{TOKEN}\n{PATH}\n"))).result {
            Ok(Outcome::Unchanged { message, .. }) => {
                assert!(message.contains("Nothing changed"), "{message}")
            }
            _ => panic!("expected no change"),
        }
    }

    #[test]
    fn the_downloaded_file_answers_the_questions() {
        let services = FakeServices {
            files: vec![(
                "creds.txt",
                format!(
                    "ACCESS TOKEN: {TOKEN}\nCLIENT NAME: SynchUP\nAPI PATH: {PATH}\nCLIENT ID: {ID}\n\
                     CLIENT SECRET: {}\n",
                    "ab".repeat(32)
                ),
            )],
            ..FakeServices::default()
        };
        let script = vec![
            ("created the API account", Answer::Yes),
            ("credentials file", Answer::Text("missing.txt")),
            ("credentials file", Answer::Text("'creds.txt'")),
            ("Save?", Answer::Yes),
        ];
        let (plan, output) = expect_plan(interactive(request(None), &services, script));
        assert_eq!(plan.token.unwrap().expose(), TOKEN);
        assert_eq!(
            plan.profile.values.text(&ACCOUNT_NAME).as_deref(),
            Some("SynchUP")
        );
        assert!(output.contains("missing.txt does not exist"), "{output}");
        assert!(
            output.contains("Read Client ID, Access Token, API Path from creds.txt"),
            "{output}"
        );
        // Values from a file are indented like typed ones, with where they came from.
        assert!(
            output.contains(&format!("  Client ID: {ID} (from creds.txt, line 4)")),
            "{output}"
        );
        assert!(!output.contains(TOKEN), "{output}");
    }

    #[test]
    fn an_invalid_preset_is_asked_for_on_a_terminal() {
        let services = FakeServices::default();
        let mut req = request(None);
        req.presets.give(
            &CLIENT_ID,
            Given::new("bad id", Origin::Flag("--client-id")),
        );
        req.presets.give(
            &ACCESS_TOKEN,
            Given::new(TOKEN, Origin::Env("SYNCHUP_ACCESS_TOKEN")),
        );
        req.presets
            .give(&STORE, Given::new(PATH, Origin::Flag("--api-path")));
        let script = vec![
            ("created the API account", Answer::Yes),
            ("Client ID", Answer::Text(ID)),
            ("Save?", Answer::Yes),
        ];
        let (_, output) = expect_plan(interactive(req, &services, script));
        assert!(
            output.contains("--client-id: The Client ID contains a space"),
            "{output}"
        );
        assert!(
            output.contains("  Access Token: ****1234 (from SYNCHUP_ACCESS_TOKEN)"),
            "{output}"
        );
    }

    #[test]
    fn with_from_file_only_the_save_question_is_left() {
        let services = FakeServices::default();
        let mut req = request(None);
        req.from_file = true;
        req.presets
            .give(&CLIENT_ID, Given::new(ID, Origin::Stdin { line: 1 }));
        req.presets
            .give(&ACCESS_TOKEN, Given::new(TOKEN, Origin::Stdin { line: 2 }));
        req.presets
            .give(&STORE, Given::new(PATH, Origin::Stdin { line: 3 }));
        let run = interactive(req, &services, vec![("Save?", Answer::Yes)]);
        let (plan, output) = expect_plan(run);
        assert_eq!(plan.token.unwrap().expose(), TOKEN);
        assert!(!output.contains("OAuth scopes"), "{output}");
    }

    fn accepted(missing: bool) -> Verification {
        use crate::bigcommerce::scopes::REQUIRED;
        use crate::bigcommerce::verify::ScopeCheck;
        Verification {
            auth: Auth::Accepted,
            scopes: REQUIRED
                .iter()
                .enumerate()
                .map(|(i, scope)| ScopeCheck {
                    scope: *scope,
                    state: if missing && i == 0 {
                        ScopeState::Missing
                    } else {
                        ScopeState::Present
                    },
                })
                .collect(),
            b2b: None,
        }
    }

    fn rejected() -> Verification {
        use crate::bigcommerce::verify::{Rejection, Suspect};
        Verification {
            auth: Auth::Rejected(Rejection {
                suspect: Suspect::AccessToken,
                message: "BigCommerce does not accept this Access Token".into(),
                fix: "Copy it again".into(),
            }),
            scopes: vec![],
            b2b: None,
        }
    }

    fn unreachable() -> Verification {
        use crate::bigcommerce::verify::{Trouble, Unreachable};
        Verification {
            auth: Auth::Unreachable(Unreachable {
                trouble: Trouble::Refused,
                message: "Could not reach BigCommerce".into(),
                fix: "Try again".into(),
            }),
            scopes: vec![],
            b2b: None,
        }
    }

    fn ask_everything() -> Request {
        let mut req = request(None);
        req.b2b = None;
        req.verify = None;
        req
    }

    #[test]
    fn b2b_question_and_verification_on_a_terminal() {
        let services = FakeServices {
            verification: Some(accepted(true)),
            ..FakeServices::default()
        };
        let script = vec![
            ("B2B Edition", Answer::Yes),
            ("created the API account", Answer::Yes),
            ("credentials file", Answer::Text("")),
            ("Client ID", Answer::Text(ID)),
            ("Access Token", Answer::Secret(TOKEN)),
            ("API Path", Answer::Text(PATH)),
            ("Check these credentials with BigCommerce now?", Answer::Yes),
            // Missing scopes: saving anyway, not a new account.
            ("What now?", Answer::Choose(1)),
            ("Save?", Answer::Yes),
        ];
        let (plan, output) = expect_plan(interactive(ask_everything(), &services, script));
        assert!(plan.verified);
        assert!(plan.profile.values.b2b_edition());
        assert_eq!(
            *services.verified.borrow(),
            [("et7xe3pz".to_owned(), TOKEN.to_owned(), true)]
        );
        let count = crate::bigcommerce::scopes::REQUIRED.len() + 1;
        assert!(output.contains(&format!("set these {count}")), "{output}");
        assert!(output.contains("Customers"), "{output}");
        assert!(output.contains("missing: needs modify"), "{output}");
        assert!(
            output.contains("The API account lacks a scope SynchUP needs: Customers (modify)."),
            "{output}"
        );
        assert!(
            output.contains("Checked online  accepted just now; 1 scope missing: Customers"),
            "{output}"
        );
    }

    #[test]
    fn rejected_credentials_are_not_saved_unless_the_admin_insists() {
        for (insist, saved) in [(Answer::No, false), (Answer::Yes, true)] {
            let services = FakeServices {
                verification: Some(rejected()),
                ..FakeServices::default()
            };
            let mut script = first_setup_script(ID, TOKEN, PATH);
            script.insert(0, ("B2B Edition", Answer::No));
            script.insert(6, ("Check these credentials", Answer::Yes));
            script.insert(7, ("Enter the Access Token or the API Path", Answer::No));
            script.insert(8, ("Save these credentials anyway?", insist));
            // Saying yes to saving anyway is the answer: no second "Save?".
            script.truncate(9);
            let run = interactive(ask_everything(), &services, script);
            match run.result {
                Ok(Outcome::Save(plan)) => {
                    assert!(saved);
                    assert!(!plan.verified);
                    assert_eq!(plan.checked, Checked::Rejected);
                    assert!(
                        run.output
                            .contains("rejected by BigCommerce (saved anyway)")
                    );
                }
                Err(err) => {
                    assert!(!saved);
                    assert_eq!(err.exit(), crate::error::Exit::Rejected);
                }
                Ok(Outcome::Stop(_) | Outcome::Unchanged { .. }) => panic!("unexpected stop"),
            }
        }
    }

    #[test]
    fn unreachable_offers_to_save_without_checking() {
        let services = FakeServices {
            verification: Some(unreachable()),
            ..FakeServices::default()
        };
        let mut script = first_setup_script(ID, TOKEN, PATH);
        script.insert(0, ("B2B Edition", Answer::No));
        script.insert(6, ("Check these credentials", Answer::Yes));
        script.insert(
            7,
            ("Save without checking, or try again?", Answer::Choose(1)),
        );
        // One question: "Save?" is not asked again.
        script.truncate(8);
        let (plan, output) = expect_plan(interactive(ask_everything(), &services, script));
        assert!(!plan.verified);
        assert!(output.contains("Could not reach BigCommerce"), "{output}");
        assert!(
            output.contains("not checked: BigCommerce could not be reached"),
            "{output}"
        );

        // Trying again checks again; quitting saves nothing, with a hint at what the admin
        // did (answered the question), not at a flag they never typed.
        let mut script = first_setup_script(ID, TOKEN, PATH);
        script.insert(0, ("B2B Edition", Answer::No));
        script.insert(6, ("Check these credentials", Answer::Yes));
        script.insert(
            7,
            ("Save without checking, or try again?", Answer::Choose(0)),
        );
        script.insert(
            8,
            ("Save without checking, or try again?", Answer::Choose(2)),
        );
        script.truncate(9);
        let run = interactive(ask_everything(), &services, script);
        assert_eq!(services.verified.borrow().len(), 3);
        let err = run.result.err().expect("not saved");
        assert_eq!(err.exit(), crate::error::Exit::Unreachable);
        let hint = err.hint().unwrap();
        assert!(!hint.contains("--verify"), "{hint}");
        assert!(hint.contains("synchup-setup check --online"), "{hint}");

        // A script given --verify is told to leave it out.
        let mut request = request(None);
        request.verify = Some(true);
        let lines = format!("{ID}\n{TOKEN}\n{PATH}\n");
        let (mut ui, _) = Ui::capture();
        let result = Flow::new(&mut ui, &mut piped(Some(&lines)), &services).run(request);
        let hint = result.err().expect("not saved").hint().unwrap();
        assert!(hint.contains("leave out --verify"), "{hint}");
    }

    #[test]
    fn a_rejected_value_is_fixed_in_place_and_checked_again() {
        use crate::bigcommerce::verify::{Rejection, Suspect};
        const RIGHT: &str = "rightokenrightokenrightoken0000";
        let store_rejected = Verification {
            auth: Auth::Rejected(Rejection {
                suspect: Suspect::StoreHashOrScopes,
                message: "403 everywhere".into(),
                fix: "Check the API Path".into(),
            }),
            scopes: vec![],
            b2b: None,
        };
        let services = FakeServices {
            first_answers: RefCell::new([rejected(), store_rejected].into()),
            verification: Some(accepted(false)),
            ..FakeServices::default()
        };
        let mut script = first_setup_script(ID, TOKEN, PATH);
        script.insert(0, ("B2B Edition", Answer::No));
        script.insert(6, ("Check these credentials", Answer::Yes));
        // A 401: the token or the store may be wrong; both are asked, Enter keeps each.
        script.insert(7, ("Enter the Access Token or the API Path", Answer::Yes));
        script.insert(8, ("Access Token", Answer::Secret(RIGHT)));
        script.insert(9, ("API Path", Answer::Text("")));
        // Then a 403: the store hash or the scopes; she says the store hash.
        script.insert(10, ("What now?", Answer::Choose(0)));
        script.insert(11, ("API Path", Answer::Text("")));
        let run = interactive(ask_everything(), &services, script);
        assert_eq!(
            run.asked[8].1.as_deref(),
            Some(AccessToken::from_stored(TOKEN.into()).masked().as_str()),
            "Enter keeps the token just checked"
        );
        assert_eq!(
            run.asked[9].1.as_deref(),
            Some("et7xe3pz"),
            "Enter keeps the store"
        );
        let (plan, output) = expect_plan(run);
        assert!(plan.verified);
        assert_eq!(plan.token.unwrap().expose(), RIGHT);
        assert_eq!(plan.profile.values.text(&CLIENT_ID).as_deref(), Some(ID));
        let tried = services.tokens_checked();
        assert_eq!(tried, [TOKEN, RIGHT, RIGHT]);
        assert!(
            output.contains("Checked online  accepted just now"),
            "{output}"
        );
        assert!(
            !output.contains(RIGHT) && !output.contains(TOKEN),
            "{output}"
        );
    }

    #[test]
    fn the_browser_is_offered_on_a_desktop_and_opened_only_on_yes() {
        for (desktop, answer, opened) in [
            (true, Some(Answer::Yes), true),
            (true, Some(Answer::No), false),
            (false, None, false),
        ] {
            let services = FakeServices {
                desktop,
                ..FakeServices::default()
            };
            let mut script = first_setup_script(ID, TOKEN, PATH);
            if let Some(answer) = answer {
                script.insert(
                    0,
                    ("Open the API accounts page in your browser now?", answer),
                );
            }
            let (_, output) = expect_plan(interactive(request(None), &services, script));
            assert!(
                output.contains(control_panel::API_ACCOUNTS_LINK),
                "{output}"
            );
            let want: Vec<String> = if opened {
                vec![control_panel::API_ACCOUNTS_LINK.to_owned()]
            } else {
                Vec::new()
            };
            assert_eq!(*services.opened.borrow(), want, "desktop {desktop}");
        }
    }

    #[test]
    fn missing_scopes_lead_to_a_new_account_whose_file_is_found() {
        const NEW_ID: &str = "n3wcl1ent1dn3wcl1ent1dn3wcl1en";
        const NEW_TOKEN: &str = "n3wt0kenn3wt0kenn3wt0kenn3wt0ke";
        let services = FakeServices {
            first_answers: RefCell::new([accepted(true)].into()),
            verification: Some(accepted(false)),
            downloaded: Some((
                "new.txt",
                format!(
                    "ACCESS TOKEN: {NEW_TOKEN}\nCLIENT NAME: SynchUP 2\nAPI PATH: {PATH}\n\
                     CLIENT ID: {NEW_ID}\n"
                ),
            )),
            ..FakeServices::default()
        };
        let mut req = request(Some(saved_profile()));
        req.verify = Some(true);
        let script = vec![
            ("Update it?", Answer::Yes),
            ("Found \"new.txt\"", Answer::No),
            ("credentials file", Answer::Text("")),
            ("Client ID", Answer::Text(ID)),
            ("Access Token", Answer::Secret(TOKEN)),
            ("API Path", Answer::Text("")),
            ("What now?", Answer::Choose(0)),
            ("new account's credentials", Answer::Text("")),
            ("Found \"new.txt\"", Answer::Yes),
            ("Save?", Answer::Yes),
        ];
        let (plan, output) = expect_plan(interactive(req, &services, script));
        assert!(
            output.contains("BigCommerce does not let the scopes or the token of an existing"),
            "{output}"
        );
        assert!(
            output.contains(control_panel::API_ACCOUNTS_LINK),
            "{output}"
        );
        assert!(plan.verified);
        assert_eq!(plan.token.unwrap().expose(), NEW_TOKEN);
        assert_eq!(
            plan.profile.values.text(&CLIENT_ID).as_deref(),
            Some(NEW_ID)
        );
        assert_eq!(
            plan.profile.values.account_name(),
            Some("SynchUP 2"),
            "the new account's name"
        );
        assert_eq!(
            plan.replaced,
            [OldAccount {
                name: Some("SynchUP".into()),
                client_id: ID.into(),
                file: None,
            }]
        );
        let tokens = services.tokens_checked();
        assert_eq!(
            tokens,
            [TOKEN, NEW_TOKEN],
            "checked again with the new token"
        );
    }

    #[test]
    fn a_403_everywhere_offers_the_store_hash_or_a_new_account() {
        use crate::bigcommerce::verify::{Rejection, Suspect};
        const NEW_ID: &str = "n3wcl1ent1dn3wcl1ent1dn3wcl1en";
        const NEW_TOKEN: &str = "n3wt0kenn3wt0kenn3wt0kenn3wt0ke";
        let forbidden = || Verification {
            auth: Auth::Rejected(Rejection {
                suspect: Suspect::StoreHashOrScopes,
                message: "403 everywhere".into(),
                fix: "A new account".into(),
            }),
            scopes: vec![],
            b2b: None,
        };
        // A new account: walked through, checked again, the old one to delete.
        let services = FakeServices {
            first_answers: RefCell::new([forbidden()].into()),
            verification: Some(accepted(false)),
            downloaded: Some((
                "new.txt",
                format!("ACCESS TOKEN: {NEW_TOKEN}\nAPI PATH: {PATH}\nCLIENT ID: {NEW_ID}\n"),
            )),
            ..FakeServices::default()
        };
        let mut req = request(None);
        req.verify = Some(true);
        req.from_file = true;
        req.presets
            .give(&CLIENT_ID, Given::new(ID, Origin::Stdin { line: 1 }));
        req.presets
            .give(&ACCESS_TOKEN, Given::new(TOKEN, Origin::Stdin { line: 2 }));
        req.presets
            .give(&STORE, Given::new(PATH, Origin::Stdin { line: 3 }));
        let script = vec![
            ("What now?", Answer::Choose(1)),
            ("new account's credentials", Answer::Text("")),
            ("Found \"new.txt\"", Answer::Yes),
            ("Save?", Answer::Yes),
        ];
        let run = interactive(req, &services, script);
        let (plan, output) = expect_plan(run);
        assert!(
            output.contains("Create a new API account in the"),
            "{output}"
        );
        assert_eq!(plan.token.unwrap().expose(), NEW_TOKEN);
        assert_eq!(
            plan.replaced,
            [OldAccount {
                name: None,
                client_id: ID.into(),
                file: None,
            }]
        );

        // Neither: saving anyway is asked, never the default.
        let services = FakeServices {
            verification: Some(forbidden()),
            ..FakeServices::default()
        };
        let mut req = request(None);
        req.verify = Some(true);
        let mut script = first_setup_script(ID, TOKEN, PATH);
        script.pop();
        script.push(("What now?", Answer::Choose(2)));
        script.push(("Save these credentials anyway?", Answer::No));
        let run = interactive(req, &services, script);
        let Err(err) = run.result else {
            panic!("saved: {}", run.output)
        };
        assert_eq!(err.exit(), crate::error::Exit::Rejected);
    }

    #[test]
    fn a_new_account_in_another_store_is_not_taken_without_a_yes() {
        const NEW_ID: &str = "n3wcl1ent1dn3wcl1ent1dn3wcl1en";
        const NEW_TOKEN: &str = "n3wt0kenn3wt0kenn3wt0kenn3wt0ke";
        let services = FakeServices {
            first_answers: RefCell::new([accepted(true), accepted(true)].into()),
            verification: Some(accepted(false)),
            downloaded: Some((
                "new.txt",
                format!(
                    "ACCESS TOKEN: {NEW_TOKEN}\nAPI PATH: \
                     https://api.bigcommerce.com/stores/0therst0re/v3/\nCLIENT ID: {NEW_ID}\n"
                ),
            )),
            ..FakeServices::default()
        };
        let mut req = request(None);
        req.verify = Some(true);
        let mut script = first_setup_script(ID, TOKEN, PATH);
        script.pop();
        script.insert(1, ("Found \"new.txt\"", Answer::No));
        script.extend([
            ("What now?", Answer::Choose(0)),
            ("new account's credentials", Answer::Text("")),
            ("Found \"new.txt\"", Answer::Yes),
            ("Use store 0therst0re for this profile?", Answer::No),
            // Nothing changed: the old values are checked again, and still lack a scope.
            ("What now?", Answer::Choose(2)),
        ]);
        let run = interactive(req, &services, script);
        assert!(
            run.output
                .contains("The new values are for store 0therst0re, not store et7xe3pz"),
            "{}",
            run.output
        );
        assert!(run.result.is_err(), "stopped, nothing saved");
        let tokens = services.tokens_checked();
        assert_eq!(
            tokens,
            [TOKEN, TOKEN],
            "the other store's values were not taken"
        );
    }

    #[test]
    fn the_old_accounts_file_is_not_taken_for_the_new_one() {
        const NEW_ID: &str = "n3wcl1ent1dn3wcl1ent1dn3wcl1en";
        const NEW_TOKEN: &str = "n3wt0kenn3wt0kenn3wt0kenn3wt0ke";
        let services = FakeServices {
            first_answers: RefCell::new([accepted(true)].into()),
            verification: Some(accepted(false)),
            // The newest file in Downloads is still the old account's.
            downloaded: Some((
                "old.txt",
                format!("ACCESS TOKEN: {TOKEN}\nAPI PATH: {PATH}\nCLIENT ID: {ID}\n"),
            )),
            ..FakeServices::default()
        };
        let mut req = request(Some(saved_profile()));
        req.verify = Some(true);
        let script = vec![
            ("Update it?", Answer::Yes),
            ("Found \"old.txt\"", Answer::No),
            ("credentials file", Answer::Text("")),
            ("Client ID", Answer::Text("")),
            ("Access Token", Answer::Secret(TOKEN)),
            ("API Path", Answer::Text("")),
            ("What now?", Answer::Choose(0)),
            ("new account's credentials", Answer::Text("")),
            ("Found \"old.txt\"", Answer::Yes),
            // Refused; Downloads is not offered again: a path, or typed values.
            ("credentials file", Answer::Text("")),
            ("Client ID", Answer::Text(ID)),
            ("Client ID", Answer::Text(NEW_ID)),
            ("Access Token", Answer::Secret(NEW_TOKEN)),
            ("API Path", Answer::Text("")),
            ("Save?", Answer::Yes),
        ];
        let (plan, output) = expect_plan(interactive(req, &services, script));
        assert!(
            output.contains("That file is the old API account's"),
            "{output}"
        );
        assert!(
            output.contains("is the old API account's Client ID"),
            "{output}"
        );
        assert_eq!(plan.token.unwrap().expose(), NEW_TOKEN);
        assert_eq!(
            plan.profile.values.text(&CLIENT_ID).as_deref(),
            Some(NEW_ID)
        );
        assert_eq!(
            plan.profile.values.account_name(),
            None,
            "the old name is gone"
        );
        assert_eq!(plan.replaced.len(), 1);
    }

    #[test]
    fn a_script_with_missing_scopes_saves_nothing_and_says_what_to_create() {
        let services = FakeServices {
            verification: Some(accepted(true)),
            ..FakeServices::default()
        };
        let mut req = request(None);
        req.verify = Some(true);
        let (mut ui, _) = Ui::capture();
        let result = Flow::new(
            &mut ui,
            &mut piped(Some(&format!("{ID}\n{TOKEN}\n{PATH}\n"))),
            &services,
        )
        .run(req);
        let Err(err) = result else {
            panic!("saved with a scope missing")
        };
        assert_eq!(err.exit(), crate::error::Exit::Rejected);
        let Error::Rejected { message, hint } = err else {
            panic!("not a rejection")
        };
        assert!(
            message.starts_with("The API account lacks a scope SynchUP needs: Customers (modify)."),
            "{message}"
        );
        assert!(hint.contains("create a new API account"), "{hint}");
    }

    #[test]
    fn scripts_verify_only_when_told_and_fail_with_distinct_codes() {
        let mut req = request(None);
        req.verify = None;
        let (plan, _) = expect_plan(scripted(req, Some(&format!("{ID}\n{TOKEN}\n{PATH}\n"))));
        assert!(!plan.verified, "no --verify: no check");

        for (verification, exit) in [
            (rejected(), crate::error::Exit::Rejected),
            (unreachable(), crate::error::Exit::Unreachable),
        ] {
            let services = FakeServices {
                verification: Some(verification),
                ..FakeServices::default()
            };
            let mut req = request(None);
            req.verify = Some(true);
            let (mut ui, _) = Ui::capture();
            let err = match Flow::new(
                &mut ui,
                &mut piped(Some(&format!("{ID}\n{TOKEN}\n{PATH}\n"))),
                &services,
            )
            .run(req)
            {
                Err(err) => err,
                Ok(_) => panic!("saved despite {exit:?}"),
            };
            assert_eq!(err.exit(), exit);
        }
    }

    #[test]
    fn a_kept_token_is_read_to_verify_it_in_a_script() {
        let services = FakeServices {
            token: Some(TOKEN),
            verification: Some(accepted(false)),
            ..FakeServices::default()
        };
        let mut req = request(Some(saved_profile()));
        req.verify = Some(true);
        let (mut ui, _) = Ui::capture();
        let Ok(Outcome::Save(plan)) =
            Flow::new(&mut ui, &mut piped(Some("\n\nabc1234\n")), &services).run(req)
        else {
            panic!("not saved");
        };
        assert!(plan.verified);
        assert!(plan.token.is_none());
        assert_eq!(services.verified.borrow()[0].1, TOKEN);
        assert_eq!(services.verified.borrow()[0].0, "abc1234");
    }

    fn piped<'a>(lines: Option<&str>) -> Mode<'a> {
        Mode::script(lines.map(Positional::parse))
    }

    #[test]
    fn piped_answers_one_per_line() {
        let req = request(None);
        let (plan, _) = expect_plan(scripted(req, Some(&format!("{ID}\n{TOKEN}\n{PATH}\n"))));
        assert_eq!(plan.profile.values.text(&CLIENT_ID).as_deref(), Some(ID));
        assert_eq!(plan.token.unwrap().expose(), TOKEN);
        assert_eq!(
            plan.profile.values.text(&STORE).as_deref(),
            Some("et7xe3pz")
        );
    }

    #[test]
    fn piped_lines_skip_questions_answered_by_flags_or_variables() {
        let mut req = request(None);
        req.presets
            .give(&CLIENT_ID, Given::new(ID, Origin::Flag("--client-id")));
        let (plan, _) = expect_plan(scripted(req, Some(&format!("{TOKEN}\nabc1234\n"))));
        assert_eq!(plan.profile.values.text(&STORE).as_deref(), Some("abc1234"));
    }

    #[test]
    fn piped_problems_are_all_reported_with_line_numbers() {
        let req = request(None);
        let found = problems(scripted(
            req,
            Some(&format!("{ID}\n\nhttps://example.com/x\nextra\n")),
        ));
        let origins: Vec<_> = found.iter().map(|p| p.origin.to_string()).collect();
        assert_eq!(
            origins,
            [
                "line 2 of standard input",
                "line 3 of standard input",
                "line 4 of standard input"
            ]
        );
        assert!(
            found[0].message.contains("is empty"),
            "{}",
            found[0].message
        );
        assert!(found[1].message.contains("not a BigCommerce API address"));
        assert!(found[2].message.contains("no question asked for"));
    }

    #[test]
    fn missing_piped_answers_say_how_to_give_them() {
        let req = request(None);
        let found = problems(scripted(req, Some(&format!("{ID}\n"))));
        assert_eq!(found.len(), 2);
        assert!(
            found[0]
                .message
                .contains("Access Token is missing: add it as line 2"),
            "{}",
            found[0].message
        );
        assert!(found[0].message.contains("SYNCHUP_ACCESS_TOKEN"));
        assert!(
            found[1].message.contains("API Path is missing"),
            "{}",
            found[1].message
        );
    }

    #[test]
    fn piped_update_keeps_values_on_empty_or_missing_lines() {
        let req = request(Some(saved_profile()));
        let (plan, _) = expect_plan(scripted(req, Some("\n\nabc1234\n")));
        assert_eq!(plan.profile.values.text(&CLIENT_ID).as_deref(), Some(ID));
        assert!(plan.token.is_none());
        assert_eq!(plan.profile.values.text(&STORE).as_deref(), Some("abc1234"));

        let req = request(Some(saved_profile()));
        let (plan, _) = expect_plan(scripted(req, Some("another0client0id0value00000000\n")));
        assert_eq!(
            plan.profile.values.text(&STORE).as_deref(),
            Some("et7xe3pz")
        );
    }

    #[test]
    fn swapped_values_on_an_update_are_refused() {
        let req = request(Some(saved_profile()));
        let found = problems(scripted(req, Some(&format!("{TOKEN}\n{ID}\n\n"))));
        assert!(
            found[0].message.contains("look swapped"),
            "{}",
            found[0].message
        );

        let services = FakeServices {
            token: Some(TOKEN),
            ..FakeServices::default()
        };
        let script = vec![
            ("Update it?", Answer::Yes),
            ("credentials file", Answer::Text("")),
            ("Client ID", Answer::Text(TOKEN)),
            ("Client ID", Answer::Text("")),
            ("Access Token", Answer::Secret("")),
            ("API Path", Answer::Text("")),
        ];
        let run = interactive(request(Some(saved_profile())), &services, script);
        assert_eq!(
            run.output.matches("look swapped").count(),
            1,
            "{}",
            run.output
        );
    }

    #[test]
    fn token_equal_to_client_id_is_refused_in_a_script() {
        let req = request(None);
        let found = problems(scripted(req, Some(&format!("{ID}\n{ID}\n{PATH}\n"))));
        assert!(found[0].message.contains("pasted twice"));
    }

    #[test]
    fn two_sources_naming_different_stores_are_refused() {
        let mut req = request(None);
        req.presets
            .give(&CLIENT_ID, Given::new(ID, Origin::Env("SYNCHUP_CLIENT_ID")));
        req.presets.give(
            &ACCESS_TOKEN,
            Given::new(TOKEN, Origin::Env("SYNCHUP_ACCESS_TOKEN")),
        );
        req.presets
            .give(&STORE, Given::new(PATH, Origin::Env("SYNCHUP_API_PATH")));
        req.presets.give(
            &STORE,
            Given::new("zzz9999", Origin::Env("SYNCHUP_STORE_HASH")),
        );
        let found = problems(scripted(req, None));
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("name different stores"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn script_notes_name_their_line_and_never_show_the_token() {
        let run = scripted(
            request(None),
            Some(&format!("{ID}\n{TOKEN}\nstore-abc1234\n")),
        );
        let output = run.output.clone();
        expect_plan(run);
        assert!(
            output.contains("line 3 of standard input: Removed the \"store-\" prefix"),
            "{output}"
        );
        assert!(!output.contains(TOKEN));

        // The Client Secret in the token's place is refused, with its line, never quoted.
        let secret_like = "0123456789abcdef".repeat(4);
        let run = scripted(
            request(None),
            Some(&format!("{ID}\n{secret_like}\n{PATH}\n")),
        );
        let output = run.output.clone();
        let found = problems(run);
        assert_eq!(found[0].origin, Origin::Stdin { line: 2 });
        assert!(
            found[0].message.contains("Client Secret"),
            "{}",
            found[0].message
        );
        assert!(!output.contains(&secret_like) && !found[0].message.contains(&secret_like));
    }

    #[test]
    fn the_client_secret_is_asked_again_on_a_terminal() {
        let services = FakeServices::default();
        let secret: &'static str =
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let mut script = first_setup_script(ID, secret, PATH);
        script.insert(4, ("Access Token", Answer::Secret(TOKEN)));
        let (plan, output) = expect_plan(interactive(request(None), &services, script));
        assert_eq!(plan.token.unwrap().expose(), TOKEN);
        assert!(output.contains("This is the Client Secret"), "{output}");
        assert!(!output.contains(secret), "{output}");
    }

    #[test]
    fn secret_store_comes_from_the_flag_then_the_profile() {
        let mut saved = saved_profile();
        saved.secret_store = SecretStoreKind::FILE;
        let req = request(Some(saved.clone()));
        let (plan, _) = expect_plan(scripted(req, Some("another0client0id0value00000000\n")));
        assert_eq!(plan.profile.secret_store, SecretStoreKind::FILE);

        let mut req = request(Some(saved));
        req.secret_store = Some(SecretStoreKind::KEYCHAIN);
        let (plan, _) = expect_plan(scripted(req, None));
        assert_eq!(plan.profile.secret_store, SecretStoreKind::KEYCHAIN);
    }
}
