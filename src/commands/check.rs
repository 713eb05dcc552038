//! `check`: a doctor. One line per check, exit 0 only when healthy, otherwise the exit code
//! of the first problem; `--json` gives the same report to scripts. Offline by default;
//! `--online` also asks BigCommerce.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::report::{look_up, source_warnings};
use super::{Context, print_json};
use crate::bigcommerce::api_path::StoreHash;
use crate::bigcommerce::values::{AccessToken, Checked, ClientId, Invalid, Severity, check_pair};
use crate::bigcommerce::verify::{Auth, Client, Endpoints, ScopeState};
use crate::cli::OnlineArgs;
use crate::credentials::{Found, Lookup, Source, TokenState};
use crate::error::{Error, Exit, Result};
use crate::storage::Storage;
use crate::ui::Ui;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Status {
    Ok,
    Warning,
    Problem,
    /// Nothing could be learned (a scope with no safe probe); says why.
    NotCheckable,
}

#[derive(Debug, Serialize)]
struct Item {
    check: &'static str,
    status: Status,
    message: String,
    fix: Option<String>,
    #[serde(skip)]
    exit: Exit,
}

#[derive(Serialize)]
struct Report {
    profile: Option<String>,
    config: PathBuf,
    /// Whether BigCommerce was asked (`--online`).
    online: bool,
    /// Base URL overrides in effect for the online check, as `VAR=value`.
    endpoint_overrides: Vec<String>,
    healthy: bool,
    exit_code: u8,
    checks: Vec<Item>,
}

#[derive(Default)]
struct Checks(Vec<Item>);

impl Checks {
    fn ok(&mut self, check: &'static str, message: impl Into<String>) {
        self.push(check, Status::Ok, message, None, Exit::Success);
    }

    fn warning(&mut self, check: &'static str, message: impl Into<String>, fix: impl Into<String>) {
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
        check: &'static str,
        message: impl Into<String>,
        fix: impl Into<String>,
        exit: Exit,
    ) {
        self.push(check, Status::Problem, message, Some(fix.into()), exit);
    }

    fn push(
        &mut self,
        check: &'static str,
        status: Status,
        message: impl Into<String>,
        fix: Option<String>,
        exit: Exit,
    ) {
        self.0.push(Item {
            check,
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

pub fn run(context: &Context, json: bool, online: Option<&OnlineArgs>) -> Result<()> {
    let storage = context.storage(context.interactive);
    // A bad override is a usage error before anything is checked.
    let client = match online {
        Some(options) => Some(Client::new(Endpoints::from_env()?, options.timeout())),
        None => None,
    };
    let mut checks = Checks::default();
    let mut profile = None;
    match look_up(context, &storage) {
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
        Ok(found) => {
            profile = Some(found.lookup.profile.clone());
            checks.ok(
                "config",
                format!("{} parses", found.config.path().display()),
            );
            let usable = inspect(&mut checks, &found.lookup);
            permissions(&mut checks, storage.paths().config(), &found.lookup);
            for advice in source_warnings(&found.lookup) {
                checks.warning(advice.check, advice.message, advice.fix);
            }
            if let (Some(client), Some(options)) = (&client, online) {
                match usable {
                    Some((hash, token)) if !checks.has_problem() => {
                        let saved_b2b = found.lookup.saved.as_ref().is_some_and(|p| p.b2b_edition);
                        let b2b = options.b2b().unwrap_or(saved_b2b);
                        check_online(&mut checks, client, &hash, &token, b2b);
                        record_verification(&mut checks, &storage, &found.lookup);
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
    let first_problem = checks.0.iter().find(|item| item.status == Status::Problem);
    let exit = first_problem.map_or(Exit::Success, |item| item.exit);
    let report = Report {
        profile,
        config: storage.paths().config().to_owned(),
        online: online.is_some(),
        endpoint_overrides: client
            .as_ref()
            .map(|c| c.endpoints().overrides.clone())
            .unwrap_or_default(),
        healthy: first_problem.is_none(),
        exit_code: exit as u8,
        checks: checks.0,
    };
    if json {
        print_json(&report)?;
    } else {
        print_text(&report);
    }
    match exit {
        Exit::Success => Ok(()),
        _ => Err(Error::Unhealthy(exit)),
    }
}

fn print_text(report: &Report) {
    let mut out = Ui::stdout();
    match &report.profile {
        Some(profile) => out.title(format!("Checking profile \"{profile}\"")),
        None => out.title("Checking the SynchUP config"),
    }
    for endpoint in &report.endpoint_overrides {
        out.warning(format!("Asking {endpoint} instead of BigCommerce itself."));
    }
    for item in &report.checks {
        let line = format!("{:<13} {}", item.check, item.message);
        match item.status {
            Status::Ok => out.success(line),
            Status::Warning => out.warning(line),
            Status::Problem => out.error(line),
            Status::NotCheckable => out.info(line),
        }
        if let Some(fix) = item.fix.as_deref().filter(|fix| !fix.is_empty()) {
            out.hint(fix);
        }
    }
    let problems = report
        .checks
        .iter()
        .filter(|item| item.status == Status::Problem)
        .count();
    out.blank();
    if report.healthy {
        out.success("Healthy.");
    } else {
        let s = if problems == 1 { "" } else { "s" };
        out.error(format!("{problems} problem{s} found."));
    }
}

/// The values: present, valid, consistent. Returns the store hash and token when both are
/// usable, for the online check.
fn inspect(checks: &mut Checks, lookup: &Lookup) -> Option<(StoreHash, AccessToken)> {
    let profile = &lookup.profile;
    let rerun = format!("Run synchup-setup --profile {profile} to set it again.");
    // A bad saved value is a config problem; a bad variable is bad input.
    let exit_for = |found: &Found<Option<String>>| match found.source {
        Source::Env(_) => Exit::Input,
        _ => Exit::Config,
    };

    let hash = value_check(
        checks,
        "store hash",
        &lookup.store,
        profile,
        "store_hash",
        &rerun,
        exit_for(&lookup.store),
        StoreHash::parse,
    );
    let client_id = value_check(
        checks,
        "client id",
        &lookup.client_id,
        profile,
        "client_id",
        &rerun,
        exit_for(&lookup.client_id),
        ClientId::parse,
    );

    if let (Some(hash), Source::Config(_)) = (&hash, &lookup.store.source) {
        let saved = lookup.saved.as_ref().and_then(|p| p.api_path.as_deref());
        match saved.map(StoreHash::parse) {
            Some(Ok(checked)) if checked.value == *hash => {
                checks.ok(
                    "api path",
                    format!("{} matches the store hash", hash.api_path()),
                );
            }
            Some(Ok(checked)) => checks.problem(
                "api path",
                format!(
                    "api_path names store {}, but store_hash is {hash}",
                    checked.value
                ),
                rerun.clone(),
                Exit::Config,
            ),
            Some(Err(invalid)) => {
                checks.problem("api path", invalid.0, rerun.clone(), Exit::Config)
            }
            None => checks.problem(
                "api path",
                "api_path is not set",
                rerun.clone(),
                Exit::Config,
            ),
        }
    }

    let mut usable_token = None;
    match &lookup.token.value {
        TokenState::Present(token) => match AccessToken::parse(token.expose()) {
            Ok(checked) => {
                let paired = client_id.as_ref().map(|id| check_pair(id, &checked.value));
                if let Some(Err(invalid)) = paired {
                    checks.problem("access token", invalid.0, rerun.clone(), Exit::SecretStore);
                } else {
                    let where_ = super::report::describe(&lookup.token.source);
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
                super::report::describe(&lookup.token.source)
            ),
            rerun.clone(),
            Exit::SecretStore,
        ),
        TokenState::Unreadable(err) => checks.problem(
            "access token",
            err.message.clone(),
            err.hint.clone(),
            Exit::SecretStore,
        ),
    }
    hash.zip(usable_token)
}

/// Asks BigCommerce and turns its answers into check lines.
fn check_online(
    checks: &mut Checks,
    client: &Client,
    hash: &StoreHash,
    token: &AccessToken,
    b2b: bool,
) {
    let spinner = std::io::stderr().is_terminal();
    let verification = super::online::verify(client, hash, token, b2b, spinner, false);
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
                format!(
                    "In the control panel, Settings › API › Store-level API accounts: edit the \
                     account and set {} to {}. The token stays the same.",
                    scope.scope.name, scope.scope.level
                ),
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
    let from_saved = [
        &lookup.store.source,
        &lookup.client_id.source,
        &lookup.token.source,
    ]
    .iter()
    .all(|source| !matches!(source, Source::Env(_)));
    if checks.has_problem() || !from_saved || lookup.saved.is_none() {
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

#[allow(clippy::too_many_arguments)]
fn value_check<T: std::fmt::Display>(
    checks: &mut Checks,
    check: &'static str,
    found: &Found<Option<String>>,
    profile: &str,
    key: &str,
    rerun: &str,
    exit: Exit,
    parse: fn(&str) -> std::result::Result<Checked<T>, Invalid>,
) -> Option<T> {
    let origin = found.origin(profile, key);
    let Some(raw) = found.value.as_deref() else {
        checks.problem(check, format!("{origin} is not set"), rerun, exit);
        return None;
    };
    match parse(raw) {
        Ok(checked) => {
            checks.ok(check, format!("{} ({origin})", checked.value));
            for note in &checked.notes {
                if note.severity == Severity::Warning {
                    checks.warning(check, note.text.clone(), rerun);
                }
            }
            Some(checked.value)
        }
        Err(invalid) => {
            checks.problem(check, format!("{origin}: {invalid}"), rerun, exit);
            None
        }
    }
}

/// Files readable or writable by others are warned about, with the command that fixes them.
fn permissions(checks: &mut Checks, config: &Path, lookup: &Lookup) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = crate::storage::fs::parent(config);
        let mut files = vec![(config.to_owned(), 0o600), (dir.to_owned(), 0o700)];
        if let Source::FileStore(path) = &lookup.token.source {
            files.push((path.clone(), 0o600));
        }
        let mut all_private = true;
        for (path, wanted) in files {
            let Ok(metadata) = std::fs::metadata(&path) else {
                continue;
            };
            let mode = metadata.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                all_private = false;
                checks.warning(
                    "permissions",
                    format!(
                        "{} can be used by other users (mode {mode:04o})",
                        path.display()
                    ),
                    format!("chmod {wanted:o} '{}'", path.display()),
                );
            }
        }
        if all_private {
            checks.ok(
                "permissions",
                "the config and its directory are private to you",
            );
        }
    }
    #[cfg(not(unix))]
    let _ = (checks, config, lookup);
}
