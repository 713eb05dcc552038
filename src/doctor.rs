//! The health check behind `check`: the config parses, the values are present, valid and
//! consistent, the token can be read from its store, the files are private, and (when asked)
//! BigCommerce accepts the credentials. Each finding is an [`Item`]; the command only runs
//! the check and prints the [`Report`], as text or JSON.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::bigcommerce::api_path::StoreHash;
use crate::bigcommerce::values::{AccessToken, Severity, check_pair};
use crate::bigcommerce::verify::{Auth, ScopeState, Verification};
use crate::context::{Environment, Target};
use crate::credentials::{Found, LookedUp, Lookup, Source, TokenState, look_up, source_warnings};
use crate::error::{Error, Exit};
use crate::profile::fields::{CLIENT_ID, STORE, Value};
use crate::profile::values::Entry;
use crate::rerun::setup_command;
use crate::storage::Storage;
use crate::storage::config::{ConfigFile, Profile};
use crate::ui::printable;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Warning,
    Problem,
    /// Nothing could be learned (a scope with no safe probe); says why.
    NotCheckable,
}

#[derive(Debug, Serialize)]
pub struct Item {
    /// What was checked: `config`, `store hash`, `access token`...
    pub check: Cow<'static, str>,
    pub status: Status,
    pub message: String,
    pub fix: Option<String>,
    #[serde(skip)]
    pub exit: Exit,
}

#[derive(Serialize)]
pub struct Report {
    pub profile: Option<String>,
    pub config: PathBuf,
    /// Whether BigCommerce was asked (`--online`).
    pub online: bool,
    /// Base URL overrides in effect for the online check, as `VAR=value`.
    pub endpoint_overrides: Vec<String>,
    pub healthy: bool,
    pub exit_code: u8,
    pub checks: Vec<Item>,
}

#[derive(Default)]
struct Checks(Vec<Item>);

impl Checks {
    fn ok(&mut self, check: impl Into<Cow<'static, str>>, message: impl Into<String>) {
        self.push(check, Status::Ok, message, None, Exit::Success);
    }

    fn warning(
        &mut self,
        check: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push(
            check,
            Status::Warning,
            message,
            Some(fix.into()),
            Exit::Success,
        );
    }

    fn problem(
        &mut self,
        check: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
        fix: impl Into<String>,
        exit: Exit,
    ) {
        self.push(check, Status::Problem, message, Some(fix.into()), exit);
    }

    fn push(
        &mut self,
        check: impl Into<Cow<'static, str>>,
        status: Status,
        message: impl Into<String>,
        fix: Option<String>,
        exit: Exit,
    ) {
        self.0.push(Item {
            check: check.into(),
            status,
            message: message.into(),
            fix,
            exit,
        });
    }

    fn has_problem(&self) -> bool {
        self.0.iter().any(|item| item.status == Status::Problem)
    }

    fn error(&mut self, check: &'static str, err: &Error) {
        self.problem(
            check,
            err.to_string(),
            err.hint().unwrap_or_default(),
            err.exit(),
        );
    }
}

/// The online part of the check: how to ask BigCommerce, and whether the store uses B2B
/// Edition (`None`: what the profile says).
pub struct Online<'a> {
    pub verify: &'a dyn Fn(&StoreHash, &AccessToken, bool) -> Verification,
    pub b2b: Option<bool>,
    /// Base URL overrides in effect, as `VAR=value`, for the report.
    pub overrides: Vec<String>,
}

impl Report {
    /// The exit code of the first problem, or success.
    pub fn exit(&self) -> Exit {
        self.checks
            .iter()
            .find(|item| item.status == Status::Problem)
            .map_or(Exit::Success, |item| item.exit)
    }
}

/// Runs every check on the profile `target` names, and BigCommerce's when `online` is given.
pub fn examine(
    storage: &Storage,
    target: &Target,
    env: &Environment,
    online: Option<Online<'_>>,
) -> Report {
    let mut checks = Checks::default();
    let mut profile = None;
    match look_up(storage, target, env) {
        Err(err @ Error::UnknownProfile { .. }) => {
            let path = storage.paths().config();
            if path.exists() {
                checks.ok("config", format!("{} parses", path.display()));
            } else {
                checks.ok("config", format!("no config at {} yet", path.display()));
            }
            checks.error("profile", &err);
        }
        Err(err) => checks.error("config", &err),
        Ok(LookedUp { config, lookup, .. }) => {
            profile = Some(lookup.profile.clone());
            checks.ok("config", format!("{} parses", config.path().display()));
            let usable = inspect(&mut checks, &lookup);
            leftovers(&mut checks, storage, &config, &lookup.profile);
            if let Some(saved) = &lookup.saved {
                ownership(&mut checks, storage, &config, saved);
            }
            permissions(&mut checks, storage.paths().config(), &lookup);
            for advice in source_warnings(&lookup) {
                checks.warning(advice.check, advice.message, advice.fix);
            }
            if let Some(online) = &online {
                match usable {
                    Some((hash, token)) if !checks.has_problem() => {
                        let saved_b2b = lookup
                            .saved
                            .as_ref()
                            .is_some_and(|p| p.values.b2b_edition());
                        let b2b = online.b2b.unwrap_or(saved_b2b);
                        check_online(&mut checks, &(online.verify)(&hash, &token, b2b), &hash);
                        record_verification(&mut checks, storage, &lookup);
                    }
                    _ => checks.push(
                        "bigcommerce",
                        Status::NotCheckable,
                        "not asked: fix the problems above first",
                        None,
                        Exit::Success,
                    ),
                }
            }
        }
    }
    let mut report = Report {
        profile,
        config: storage.paths().config().to_owned(),
        online: online.is_some(),
        endpoint_overrides: online.map(|o| o.overrides).unwrap_or_default(),
        healthy: false,
        exit_code: 0,
        checks: checks.0,
    };
    let exit = report.exit();
    report.healthy = exit == Exit::Success;
    report.exit_code = exit as u8;
    report
}

fn inspect(checks: &mut Checks, lookup: &Lookup) -> Option<(StoreHash, AccessToken)> {
    let profile = &lookup.profile;
    let rerun = format!("Run {} to set it again.", setup_command(profile));
    for found in &lookup.values {
        value_check(checks, found, profile, &rerun);
        if *found.field == STORE {
            api_path(checks, lookup, &rerun);
        }
    }
    let hash = lookup
        .get(&STORE)
        .value
        .as_ref()
        .and_then(|entry| match entry.value() {
            Some(Value::Store(hash)) => Some(hash.clone()),
            _ => None,
        });
    let client_id = match lookup.get(&CLIENT_ID).value.as_ref().and_then(Entry::value) {
        Some(Value::ClientId(id)) => Some(id.clone()),
        _ => None,
    };

    let mut usable_token = None;
    match &lookup.token.value {
        TokenState::Present(token) => match AccessToken::parse(token.expose()) {
            Ok(checked) => {
                let paired = client_id.as_ref().map(|id| check_pair(id, &checked.value));
                if let Some(Err(invalid)) = paired {
                    checks.problem("access token", invalid.0, rerun.clone(), Exit::SecretStore);
                } else {
                    let where_ = lookup.token.source.short();
                    checks.ok("access token", format!("{} in {where_}", token.masked()));
                    for note in checked.notes {
                        checks.warning("access token", note.text, rerun.clone());
                    }
                    usable_token = Some(checked.value);
                }
            }
            Err(invalid) => {
                checks.problem("access token", invalid.0, rerun.clone(), Exit::SecretStore)
            }
        },
        TokenState::Invalid(invalid) => checks.problem(
            "access token",
            format!("SYNCHUP_ACCESS_TOKEN: {invalid}"),
            "Set SYNCHUP_ACCESS_TOKEN to the ACCESS TOKEN value, or unset it.",
            Exit::Input,
        ),
        TokenState::Missing => checks.problem(
            "access token",
            format!(
                "missing from {}, although the profile says it is there",
                lookup.token.source.short()
            ),
            rerun.clone(),
            Exit::SecretStore,
        ),
        // A token file that is not safe to read is a file problem, like an unsafe config.
        TokenState::Unreadable(err) => checks.problem(
            "access token",
            match err.unsafe_file() {
                Some(path) => format!("{}: {}", path.display(), err.message()),
                None => err.message(),
            },
            err.hint(),
            if err.unsafe_file().is_some() {
                Exit::Config
            } else {
                Exit::SecretStore
            },
        ),
    }
    hash.zip(usable_token)
}

/// Tokens an interrupted save of the profile left behind: copies nothing uses.
fn leftovers(checks: &mut Checks, storage: &Storage, config: &ConfigFile, profile: &str) {
    let Ok(pending) = config.pending_tokens(Some(profile)) else {
        return;
    };
    for pending in pending {
        let store = storage.store(pending.secret_store);
        let slot = pending.slot();
        // Only a copy that is still there counts; one already deleted is just not yet
        // forgotten.
        if matches!(store.read(&slot), Ok(None)) {
            continue;
        }
        checks.problem(
            "leftover",
            format!(
                "an interrupted save left a copy of an Access Token in {}",
                store.locate(&slot)
            ),
            format!(
                "Run {} (or synchup-setup remove) to delete it.",
                setup_command(profile)
            ),
            Exit::SecretStore,
        );
    }
}

/// Whose the token's slot is: a slot two profiles name, or one another config owns, is
/// lost to this profile when the other saves a new token; a legacy entry a save left.
fn ownership(checks: &mut Checks, storage: &Storage, config: &ConfigFile, profile: &Profile) {
    let report = storage.slot_report(config, profile);
    // The config is named: this one is often a copy, and the command without it would
    // update the original instead.
    let config_path = config.path().display().to_string();
    let config_arg = if config_path.contains(char::is_whitespace) {
        format!("\"{}\"", printable(&config_path))
    } else {
        printable(&config_path)
    };
    let own_slot = format!(
        "Run {} --config {config_arg} to give this profile a token slot of its own (the \
         token is kept).",
        setup_command(&profile.name)
    );
    for other in &report.sharing {
        checks.warning(
            "token slot",
            format!(
                "profile \"{}\" of this config names the same token slot (a copied section)",
                printable(other)
            ),
            own_slot.clone(),
        );
    }
    if let Some(owner) = &report.owner {
        checks.warning(
            "token slot",
            format!(
                "the token is in the slot of profile \"{}\" of {} (this config was copied from \
                 it): when that profile saves a new token, this one loses it",
                printable(&owner.profile),
                owner.config.display()
            ),
            own_slot.clone(),
        );
    }
    if let Some((location, how)) = &report.legacy {
        checks.warning(
            "legacy token",
            format!(
                "an earlier version left a token in {location}; it is kept because another \
                 config with a profile of this name may still read it"
            ),
            format!("If no other config reads it, delete it with: {how}"),
        );
    }
}

/// Turns BigCommerce's answers into check lines.
fn check_online(checks: &mut Checks, verification: &Verification, hash: &StoreHash) {
    match &verification.auth {
        Auth::Accepted => checks.ok(
            "bigcommerce",
            format!("BigCommerce accepts the token for store {hash}"),
        ),
        Auth::Rejected(rejection) => checks.problem(
            "bigcommerce",
            rejection.message.clone(),
            rejection.fix.clone(),
            Exit::Rejected,
        ),
        Auth::Unreachable(unreachable) => checks.problem(
            "bigcommerce",
            unreachable.message.clone(),
            unreachable.fix.clone(),
            Exit::Unreachable,
        ),
    }
    for scope in verification.scopes.iter().chain(&verification.b2b) {
        let name = format!("{} ({})", scope.scope.name, scope.scope.level);
        match &scope.state {
            ScopeState::Present => checks.ok("scope", format!("{name}: {}", scope.describe())),
            ScopeState::Missing => checks.problem(
                "scope",
                format!("{name}: missing"),
                crate::bigcommerce::control_panel::new_account_with(&scope.scope),
                Exit::Rejected,
            ),
            ScopeState::NotCheckable(why) => checks.push(
                "scope",
                Status::NotCheckable,
                format!("{name}: not checkable ({why})"),
                None,
                Exit::Success,
            ),
            // The check did not finish for this scope: not healthy, not known broken.
            ScopeState::Inconclusive(why) => checks.problem(
                "scope",
                format!("{name}: not checked ({why})"),
                "Run synchup-setup check --online again; --timeout SECS waits longer.",
                Exit::Unreachable,
            ),
        }
    }
}

/// After a clean online check of saved values, the profile records when it passed.
fn record_verification(checks: &mut Checks, storage: &Storage, lookup: &Lookup) {
    if checks.has_problem() || !lookup.all_saved() || lookup.saved.is_none() {
        return;
    }
    match storage.mark_verified(&lookup.profile) {
        Ok(()) => checks.ok("verified at", "recorded in the profile"),
        Err(err) => checks.warning(
            "verified at",
            format!("could not be recorded: {err}"),
            err.hint().unwrap_or_default(),
        ),
    }
}

/// One value of the profile, under its field's label: a value a profile needs is
/// reported whatever it is; another only when it cannot be used.
fn value_check(checks: &mut Checks, found: &Found<Option<Entry>>, profile: &str, rerun: &str) {
    let field = found.field;
    let check = field.label.to_lowercase();
    let origin = found.source.origin(profile, field.key);
    // A bad saved value is a config problem; a bad variable is bad input.
    let exit = match found.source {
        Source::Env(_) => Exit::Input,
        _ => Exit::Config,
    };
    match &found.value {
        None if field.required => {
            checks.problem(check, format!("{origin} is not set"), rerun, exit)
        }
        None => {}
        Some(Entry::Usable { value, notes }) => {
            if field.required {
                checks.ok(check.clone(), format!("{} ({origin})", value.shown()));
            }
            for note in notes {
                if note.severity == Severity::Warning {
                    checks.warning(check.clone(), note.text.clone(), rerun);
                }
            }
        }
        Some(Entry::Unusable { why, .. }) => {
            checks.problem(check, format!("{origin}: {why}"), rerun, exit);
        }
    }
}

/// The saved API path names the saved store.
fn api_path(checks: &mut Checks, lookup: &Lookup, rerun: &str) {
    let store = lookup.get(&STORE);
    let (Some(Value::Store(hash)), Source::Config(_)) =
        (store.value.as_ref().and_then(Entry::value), &store.source)
    else {
        return;
    };
    match lookup.saved.as_ref().and_then(|p| p.api_path.as_ref()) {
        Some(Entry::Usable {
            value: Value::Store(named),
            ..
        }) if named == hash => {
            checks.ok(
                "api path",
                format!("{} matches the store hash", hash.api_path()),
            );
        }
        Some(Entry::Usable { value, .. }) => checks.problem(
            "api path",
            format!(
                "api_path names store {}, but store_hash is {hash}",
                value.text()
            ),
            rerun,
            Exit::Config,
        ),
        Some(Entry::Unusable { why, .. }) => {
            checks.problem("api path", why.0.clone(), rerun, Exit::Config)
        }
        None => checks.problem("api path", "api_path is not set", rerun, Exit::Config),
    }
}

/// The config and its directory, when others can read them, are warned about with the
/// command that fixes it (they hold no secret; anything others could change is refused when
/// the config is read). The token file is checked when the token is read: a token file
/// others can read is a problem there. Privacy is claimed only for what was checked here.
fn permissions(checks: &mut Checks, config: &Path, lookup: &Lookup) {
    let dir = crate::storage::fs::parent(config);
    let mut all_private = true;
    for (path, directory) in [(config, false), (dir, true)] {
        if let Some(exposure) = crate::platform::readable_by_others(path, directory) {
            all_private = false;
            checks.warning(
                "permissions",
                format!("{} {}", path.display(), exposure.why),
                exposure.fix,
            );
        }
    }
    let token_file = match (&lookup.token.source, &lookup.token.value) {
        (Source::Secret(location), TokenState::Present(_)) => location.file.is_some(),
        _ => false,
    };
    if all_private {
        checks.ok(
            "permissions",
            if token_file {
                "the config, its directory and the token file are private to you"
            } else {
                "the config and its directory are private to you"
            },
        );
    }
}
