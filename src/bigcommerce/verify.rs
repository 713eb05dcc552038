//! The online check: does BigCommerce accept this token for this store, which of the
//! required scopes does it have, and does B2B Edition answer.
//!
//! Only `GET` requests are ever sent, and the token only ever goes to BigCommerce's two API
//! hosts: the store hash is the only part of a pasted address that is used. For tests and
//! staging, `SYNCHUP_BIGCOMMERCE_API_BASE` and `SYNCHUP_B2B_API_BASE` replace the hosts;
//! plain http is allowed only for loopback addresses. Redirects are not followed, so the
//! token cannot be forwarded elsewhere.
//!
//! # One round trip
//!
//! Every request goes out at once, each on its own thread: one read-only probe per checkable
//! scope and, for B2B Edition, one request to its API. The check takes as long as the slowest
//! answer. A 429 is waited out once (as long as BigCommerce asks, at most 5 s) and asked again.
//!
//! # The verdict
//!
//! No request within the scopes SynchUP asks for only says "this token belongs to this
//! store": `GET /v2/time` needs Information & Settings in BigCommerce's current reference,
//! which SynchUP leaves at None, so it is not asked. The verdict comes from the probes' own
//! answers. BigCommerce documents 401 as credentials missing or invalid, and 403 as a missing
//! scope or a wrong store hash; no document ties 404 to a wrong store hash, so it "likely"
//! means one. A 2xx is the only answer that proves the token and the store: the 400 or 404
//! an [order-bound](Probe::OrderBound) probe gets with its scope gets past the scope check,
//! but a wrong store hash may answer 404 too.
//!
//! | The probes answered | Verdict | [`Suspect`] |
//! |---|---|---|
//! | a 2xx from any probe | accepted | |
//! | no 2xx; a 401 from any | rejected: wrong or revoked token | `AccessToken` |
//! | no 2xx or 401; some without a usable answer (no connection, a timeout, a 429 after the retry, a 5xx, a status the check does not expect) | unreachable: the other answers cannot tell a wrong store from missing scopes | |
//! | every probe answered; no 2xx or 401; a 403 from any | rejected: wrong store hash, or no scope granted | `StoreHashOrScopes` |
//! | every probe answered; no 2xx, 401 or 403; a 404 from any | rejected: likely a wrong store hash | `StoreHash` |
//! | every probe answered, with 400 or 422 only | unreachable: an unexpected answer | |
//!
//! A 401 settles it even when other probes got no answer: it is about the credentials, not
//! a resource. A 403 or 404 does not: a probe that did not answer might have proved the
//! store, and then the 403s would be missing scopes.
//!
//! Once the token is accepted, each scope is judged by its own probe:
//!
//! | Its probe's answer | The scope |
//! |---|---|
//! | 2xx; 400 or 422 (past the scope check, the request itself refused) | present |
//! | 404 from an order-bound probe | present |
//! | 404 from another probe | not checked: unexpected answer |
//! | 403 | missing: the level to set is named |
//! | 401 while another probe got a 2xx | not checked: the answers disagree |
//! | a 429 after the retry, a 5xx, another status, or no answer | not checked, with the reason |
//!
//! A passing Get Payment Methods probe says "present, or covered by Create Payments": its
//! endpoint accepts either scope. B2B Edition is judged apart, from its own API: 2xx
//! present; 401 or 403 missing; 404 not checked (is B2B Edition enabled?); a 5xx not
//! checked (store hash mismatch, or B2B Edition not enabled), since its documentation gives
//! a missing or mismatched `X-Store-Hash` a server error.

use std::net::IpAddr;
use std::time::Duration;

use url::Url;

use super::api_path::StoreHash;
use super::scopes::{B2B_EDITION, Probe, REQUIRED, Scope};
use super::values::AccessToken;
use crate::error::{Error, Exit, Result};

pub const API_BASE: &str = "https://api.bigcommerce.com";
pub const B2B_BASE: &str = "https://api-b2b.bigcommerce.com";
pub const API_BASE_VAR: &str = crate::context::environment::API_BASE;
pub const B2B_BASE_VAR: &str = crate::context::environment::B2B_BASE;

/// How long one request may take by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest wait for a rate limit to reset before the one retry.
const RATE_LIMIT_WAIT_CAP: Duration = Duration::from_secs(5);

/// The largest answer read; BigCommerce's answers to these requests are small.
const BODY_LIMIT: u64 = 1024 * 1024;

const USER_AGENT: &str = concat!("synchup-setup/", env!("CARGO_PKG_VERSION"));

/// Where requests go.
#[derive(Debug, Clone)]
pub struct Endpoints {
    api: Url,
    b2b: Url,
    /// The overrides in effect, as `VAR=value`, to be shown wherever results are.
    pub overrides: Vec<String>,
}

impl Endpoints {
    /// BigCommerce's hosts, or the overrides given (from `SYNCHUP_BIGCOMMERCE_API_BASE` and
    /// `SYNCHUP_B2B_API_BASE`).
    pub fn new(api: Option<String>, b2b: Option<String>) -> Result<Endpoints> {
        let mut overrides = Vec::new();
        let mut base = |value: Option<String>, var: &str, default: &str| -> Result<Url> {
            let Some(value) = value else {
                return Ok(Url::parse(default).expect("the default base is a URL"));
            };
            let url = allowed_base(&value).map_err(|why| {
                Error::usage(
                    format!("{var} is {}: {why}", crate::ui::quoted(&value)),
                    Some(format!("Unset {var} to use {default}.")),
                )
            })?;
            overrides.push(crate::ui::redacted(&format!("{var}={value}")));
            Ok(url)
        };
        let api = base(api, API_BASE_VAR, API_BASE)?;
        let b2b = base(b2b, B2B_BASE_VAR, B2B_BASE)?;
        Ok(Endpoints {
            api,
            b2b,
            overrides,
        })
    }

    fn api_url(&self, hash: &StoreHash, path: &str) -> String {
        format!(
            "{}/stores/{hash}{path}",
            self.api.as_str().trim_end_matches('/')
        )
    }

    fn b2b_url(&self, path: &str) -> String {
        format!("{}{path}", self.b2b.as_str().trim_end_matches('/'))
    }
}

/// An override must be https, or http to this machine (a stand-in server).
fn allowed_base(value: &str) -> std::result::Result<Url, String> {
    // Host names are parsed without a Unicode back end (see api_path.rs), so only ASCII.
    if !value.is_ascii() {
        return Err("not a URL (only ASCII characters)".into());
    }
    let url = Url::parse(value).map_err(|err| format!("not a URL ({err})"))?;
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err("a base URL has no query, fragment or user name".into());
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(
            "plain http is allowed only for loopback addresses (127.0.0.1, ::1, \
                       localhost), so that the token never crosses a network unencrypted"
                .into(),
        ),
        other => Err(format!(
            "the scheme {} is not https",
            crate::ui::quoted(other)
        )),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// Whether BigCommerce accepts the token for the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// A probe got a 2xx: the token works for this store. Each scope's state is in
    /// [`Verification::scopes`].
    Accepted,
    /// BigCommerce answered, and said no.
    Rejected(Rejection),
    /// No usable answer settles it: the network, a timeout, or BigCommerce's own trouble.
    Unreachable(Unreachable),
}

/// The value a rejection points at: what to ask for again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suspect {
    /// A 401 and nothing accepted: the Access Token is mistyped, or its API account was
    /// deleted.
    AccessToken,
    /// A 404 from every probe: likely a wrong store hash (the API Path).
    StoreHash,
    /// A 403 from every probe: a wrong store hash (the API Path), or an API account
    /// without the scopes. Both are fixed without a new token.
    StoreHashOrScopes,
}

impl Suspect {
    /// The HTTP status BigCommerce gave.
    pub fn status(self) -> u16 {
        match self {
            Suspect::AccessToken => 401,
            Suspect::StoreHashOrScopes => 403,
            Suspect::StoreHash => 404,
        }
    }
}

/// BigCommerce said no: which value is suspect, what it said, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub suspect: Suspect,
    pub message: String,
    pub fix: String,
}

/// No answer settled the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreachable {
    /// The reason most requests without a usable answer share.
    pub trouble: Trouble,
    pub message: String,
    pub fix: String,
}

/// Why a request got no usable answer, in words an admin can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// The host name could not be looked up, or there is no route to it.
    Offline,
    /// Nothing accepted the connection (or a firewall refused it).
    Refused,
    /// No answer within the timeout for one request.
    TimedOut(Duration),
    /// The secure connection could not be set up; the detail from the TLS library.
    Tls(String),
    /// The connection closed before an answer came.
    ConnectionLost,
    /// Still 429 after the one retry.
    RateLimited,
    /// A 5xx.
    ServerError(u16),
    /// A status the check does not expect (a redirect, a 405, ...).
    UnexpectedStatus(u16),
    /// Anything else the HTTP client reported.
    Other(String),
}

impl std::fmt::Display for Trouble {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Trouble::Offline => {
                f.write_str("no network or DNS: the address could not be looked up or reached")
            }
            Trouble::Refused => f.write_str("the connection was refused"),
            Trouble::TimedOut(after) => write!(f, "timed out after {} s", after.as_secs_f64()),
            Trouble::Tls(why) => write!(f, "a secure connection could not be set up: {why}"),
            Trouble::ConnectionLost => f.write_str("the connection closed before an answer came"),
            Trouble::RateLimited => f.write_str("BigCommerce is limiting requests"),
            Trouble::ServerError(status) => {
                write!(f, "BigCommerce had trouble answering (HTTP {status})")
            }
            Trouble::UnexpectedStatus(status) => write!(f, "unexpected answer (HTTP {status})"),
            Trouble::Other(why) => f.write_str(why),
        }
    }
}

impl Trouble {
    /// What to do about it.
    pub fn fix(&self) -> &'static str {
        match self {
            Trouble::Offline => {
                "Check that this machine is online and can look up addresses, then try again."
            }
            Trouble::Refused => {
                "Check the network, a firewall or a proxy (HTTPS_PROXY), then try again."
            }
            Trouble::TimedOut(_) => "Try again; --timeout SECS waits longer.",
            Trouble::Tls(_) => {
                "Check this machine's clock, and whether a proxy or security software \
                 intercepts secure connections; then try again."
            }
            Trouble::RateLimited => "Wait a minute, then try again.",
            Trouble::ConnectionLost
            | Trouble::ServerError(_)
            | Trouble::UnexpectedStatus(_)
            | Trouble::Other(_) => {
                "Try again later; if it persists, check the network and any proxy."
            }
        }
    }
}

/// What the check found for one scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeState {
    Present,
    Missing,
    /// No safe read-only request can tell: says why. Expected, not a problem.
    NotCheckable(String),
    /// The probe was sent but its answer settles nothing: no answer, a rate limit,
    /// BigCommerce's trouble, or an answer that disagrees with the others. Says why;
    /// checking again may tell.
    Inconclusive(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeCheck {
    pub scope: Scope,
    pub state: ScopeState,
}

impl ScopeCheck {
    /// The state in words, claiming no more than the probe shows: "present", "present, or
    /// covered by Create Payments", "missing", "not checkable: ...", "not checked: ...".
    pub fn describe(&self) -> String {
        match &self.state {
            ScopeState::Present => match self.scope.also_passes_with {
                Some(other) => format!("present, or covered by {other}"),
                None => "present".to_owned(),
            },
            ScopeState::Missing => "missing".to_owned(),
            ScopeState::NotCheckable(why) => format!("not checkable: {why}"),
            ScopeState::Inconclusive(why) => format!("not checked: {why}"),
        }
    }
}

/// The whole result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub auth: Auth,
    /// Every required scope, in [`REQUIRED`]'s order; empty unless the token was accepted.
    pub scopes: Vec<ScopeCheck>,
    /// The B2B Edition check, when asked for and the token was accepted.
    pub b2b: Option<ScopeCheck>,
}

impl Verification {
    /// The scopes BigCommerce said the token lacks (403).
    pub fn missing(&self) -> impl Iterator<Item = &Scope> {
        self.with_state(|state| *state == ScopeState::Missing)
    }

    /// The scopes whose probe settled nothing; checking again may tell.
    pub fn inconclusive(&self) -> impl Iterator<Item = &Scope> {
        self.with_state(|state| matches!(state, ScopeState::Inconclusive(_)))
    }

    fn with_state(&self, wanted: fn(&ScopeState) -> bool) -> impl Iterator<Item = &Scope> {
        self.scopes
            .iter()
            .chain(&self.b2b)
            .filter(move |check| wanted(&check.state))
            .map(|check| &check.scope)
    }

    /// 0 when everything checkable is there; 6 when BigCommerce said no (to the token or to
    /// a scope); 7 when it could not be asked, or some scope's probe settled nothing.
    pub fn exit(&self) -> Exit {
        match &self.auth {
            Auth::Rejected(_) => Exit::Rejected,
            Auth::Unreachable(_) => Exit::Unreachable,
            Auth::Accepted if self.missing().next().is_some() => Exit::Rejected,
            Auth::Accepted if self.inconclusive().next().is_some() => Exit::Unreachable,
            Auth::Accepted => Exit::Success,
        }
    }
}

/// A small blocking client for the checks.
pub struct Client {
    endpoints: Endpoints,
    agent: ureq::Agent,
    timeout: Duration,
    /// Each request sent and its answer, for `-v`: method, URL, status. Never a header.
    log: std::sync::Mutex<Vec<String>>,
}

/// An answer: the status and, for the B2B envelope, the body.
struct Answer {
    status: u16,
    body: String,
}

/// One request's outcome: its status (after the one retry on 429), or why there was none.
type Reply = std::result::Result<u16, Trouble>;

impl Client {
    /// `timeout` bounds each request, from connecting to the last byte of the answer.
    pub fn new(endpoints: Endpoints, timeout: Duration) -> Client {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(USER_AGENT)
            .accept("application/json")
            // A loopback stand-in must be reached directly, never through a proxy.
            .proxy(if endpoints.overrides.is_empty() {
                ureq::Proxy::try_from_env()
            } else {
                None
            })
            .build();
        Client {
            endpoints,
            agent: ureq::Agent::new_with_config(config),
            timeout,
            log: std::sync::Mutex::default(),
        }
    }

    /// The requests sent since the last call, in the order their answers came.
    pub fn take_log(&self) -> Vec<String> {
        std::mem::take(&mut *self.log.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn record(&self, url: &str, started: std::time::Instant, outcome: &str) {
        let line = format!(
            "GET {url}: {outcome} ({} ms)",
            started.elapsed().as_millis()
        );
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(line);
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    /// Sends every probe (and the B2B Edition request when `b2b` is set) at once, then
    /// decides from all the answers together.
    pub fn verify(&self, hash: &StoreHash, token: &AccessToken, b2b: bool) -> Verification {
        let (replies, b2b_reply) = std::thread::scope(|threads| {
            let probes: Vec<_> = REQUIRED
                .iter()
                .map(|scope| {
                    scope.probe.path().map(|path| {
                        let url = self.endpoints.api_url(hash, path);
                        threads.spawn(move || self.get(&url, token, None).map(|a| a.status))
                    })
                })
                .collect();
            let b2b = b2b.then(|| threads.spawn(|| self.b2b(hash, token)));
            let replies: Vec<_> = REQUIRED
                .iter()
                .zip(probes)
                .map(|(scope, probe)| {
                    let reply = probe.map(|p| p.join().expect("a probe thread panicked"));
                    (*scope, reply)
                })
                .collect();
            let b2b = b2b.map(|b| b.join().expect("the B2B thread panicked"));
            (replies, b2b)
        });
        let (auth, scopes) = decide(hash, &replies);
        let b2b = match (&auth, b2b_reply) {
            (Auth::Accepted, Some(reply)) => Some(ScopeCheck {
                scope: B2B_EDITION,
                state: b2b_state(&reply),
            }),
            _ => None,
        };
        Verification { auth, scopes, b2b }
    }

    /// The B2B Edition request. Its API wraps answers in `{"code": ..., "data": ...,
    /// "meta": ...}`; the code inside is the one that counts.
    fn b2b(&self, hash: &StoreHash, token: &AccessToken) -> Reply {
        let url = self.endpoints.b2b_url("/api/v3/io/companies?limit=1");
        let answer = self.get(&url, token, Some(hash))?;
        Ok(serde_json::from_str::<serde_json::Value>(&answer.body)
            .ok()
            .and_then(|body| body.get("code").and_then(|c| c.as_u64()))
            .and_then(|code| u16::try_from(code).ok())
            .unwrap_or(answer.status))
    }

    /// One GET, retried once after a rate limit.
    fn get(
        &self,
        url: &str,
        token: &AccessToken,
        store: Option<&StoreHash>,
    ) -> std::result::Result<Answer, Trouble> {
        let mut retried = false;
        loop {
            let mut request = self.agent.get(url).header("X-Auth-Token", token.expose());
            if let Some(hash) = store {
                request = request.header("X-Store-Hash", hash.as_str());
            }
            let started = std::time::Instant::now();
            let mut response = request.call().map_err(|err| {
                let trouble = trouble(err, self.timeout, url.starts_with("https:"));
                self.record(url, started, &trouble.to_string());
                trouble
            })?;
            let status = response.status().as_u16();
            self.record(url, started, &format!("HTTP {status}"));
            if status == 429 && !retried {
                retried = true;
                std::thread::sleep(rate_limit_wait(response.headers()));
                continue;
            }
            let body = response
                .body_mut()
                .with_config()
                .limit(BODY_LIMIT)
                .read_to_string()
                .unwrap_or_default();
            return Ok(Answer { status, body });
        }
    }
}

/// The verdict and each scope's state, from every scope's probe reply (`None` for a scope
/// without a probe). Pure: the table in the module documentation, as code.
fn decide(hash: &StoreHash, replies: &[(Scope, Option<Reply>)]) -> (Auth, Vec<ScopeCheck>) {
    let sent: Vec<&Reply> = replies.iter().filter_map(|(_, r)| r.as_ref()).collect();
    let any = |wanted: fn(u16) -> bool| sent.iter().any(|r| matches!(r, Ok(s) if wanted(*s)));
    let troubles: Vec<Trouble> = sent
        .iter()
        .filter_map(|reply| match reply {
            Err(trouble) => Some(trouble.clone()),
            Ok(status) => trouble_of(*status),
        })
        .collect();

    let auth = if any(|s| (200..300).contains(&s)) {
        Auth::Accepted
    } else if any(|s| s == 401) {
        Auth::Rejected(rejection(Suspect::AccessToken, hash))
    } else if let Some(trouble) = most_common(&troubles) {
        Auth::Unreachable(unreachable(trouble, troubles.len(), sent.len()))
    } else if any(|s| s == 403) {
        Auth::Rejected(rejection(Suspect::StoreHashOrScopes, hash))
    } else if any(|s| s == 404) {
        Auth::Rejected(rejection(Suspect::StoreHash, hash))
    } else {
        // Only 400 or 422, or nothing sent at all.
        let status = sent.iter().find_map(|r| r.as_ref().ok().copied());
        let trouble = match status {
            Some(status) => Trouble::UnexpectedStatus(status),
            None => Trouble::Other("no request could be sent".into()),
        };
        Auth::Unreachable(unreachable(trouble, 0, sent.len()))
    };

    let scopes = match auth {
        Auth::Accepted => replies
            .iter()
            .map(|(scope, reply)| ScopeCheck {
                scope: *scope,
                state: scope_state(scope, reply.as_ref()),
            })
            .collect(),
        _ => Vec::new(),
    };
    (auth, scopes)
}

/// One scope's state once another answer proved the token and the store.
fn scope_state(scope: &Scope, reply: Option<&Reply>) -> ScopeState {
    let reply = match (scope.probe, reply) {
        (Probe::None(why), _) => return ScopeState::NotCheckable(why.to_owned()),
        (_, None) => return ScopeState::Inconclusive("not asked".into()),
        (_, Some(reply)) => reply,
    };
    match reply {
        Err(trouble) => ScopeState::Inconclusive(trouble.to_string()),
        Ok(200..=299 | 400 | 422) => ScopeState::Present,
        Ok(404) if matches!(scope.probe, Probe::OrderBound(_)) => ScopeState::Present,
        Ok(403) => ScopeState::Missing,
        Ok(401) => ScopeState::Inconclusive(
            "BigCommerce refused the token for this request (HTTP 401) but accepted it for \
             others; check again"
                .into(),
        ),
        Ok(status) => ScopeState::Inconclusive(
            trouble_of(*status)
                .unwrap_or(Trouble::UnexpectedStatus(*status))
                .to_string(),
        ),
    }
}

/// The B2B Edition scope, from its API's answer (the envelope's code when there is one).
fn b2b_state(reply: &Reply) -> ScopeState {
    match reply {
        Err(trouble) => ScopeState::Inconclusive(trouble.to_string()),
        Ok(200..=299) => ScopeState::Present,
        Ok(401 | 403) => ScopeState::Missing,
        Ok(404) => ScopeState::Inconclusive(
            "the B2B Edition API does not know this store (HTTP 404): is B2B Edition enabled \
             on it?"
                .into(),
        ),
        Ok(status @ 500..=599) => ScopeState::Inconclusive(format!(
            "the B2B Edition API answered HTTP {status}: store hash mismatch, or B2B Edition \
             not enabled on this store"
        )),
        Ok(status) => ScopeState::Inconclusive(
            trouble_of(*status)
                .unwrap_or(Trouble::UnexpectedStatus(*status))
                .to_string(),
        ),
    }
}

/// A status that is no usable answer: a rate limit that outlasted the retry, BigCommerce's
/// trouble, or one the check does not expect. `None` for the statuses the verdict reads.
fn trouble_of(status: u16) -> Option<Trouble> {
    match status {
        200..=299 | 400 | 401 | 403 | 404 | 422 => None,
        429 => Some(Trouble::RateLimited),
        500..=599 => Some(Trouble::ServerError(status)),
        _ => Some(Trouble::UnexpectedStatus(status)),
    }
}

/// The trouble seen most often; the earliest among equals.
fn most_common(troubles: &[Trouble]) -> Option<Trouble> {
    let count = |t: &Trouble| troubles.iter().filter(|other| *other == t).count();
    let most = troubles.iter().map(count).max()?;
    troubles.iter().find(|t| count(t) == most).cloned()
}

fn rejection(suspect: Suspect, hash: &StoreHash) -> Rejection {
    let (message, fix) = match suspect {
        Suspect::AccessToken => (
            "BigCommerce does not accept this Access Token (HTTP 401): it is mistyped, or its \
             API account was deleted."
                .to_owned(),
            "Copy the ACCESS TOKEN again from the credentials file, or create a new API account.",
        ),
        Suspect::StoreHashOrScopes => (
            format!(
                "BigCommerce refused every request for store {hash} (HTTP 403): the store hash \
                 is wrong (the token is for another store), or the API account has none of the \
                 scopes SynchUP needs."
            ),
            "Check the store hash in the API PATH of the credentials file that came with this \
             token. If it is right, set the scopes on the API account (synchup-setup steps \
             lists them) and check again: the token stays the same.",
        ),
        Suspect::StoreHash => (
            format!(
                "BigCommerce answered 404 Not Found to every request for store {hash}: most \
                 likely the store hash is wrong."
            ),
            "Check the store hash: it is in the API PATH of the credentials file.",
        ),
    };
    Rejection {
        suspect,
        message,
        fix: fix.to_owned(),
    }
}

/// `troubled` of `sent` requests got no usable answer; the rest settled nothing.
fn unreachable(trouble: Trouble, troubled: usize, sent: usize) -> Unreachable {
    let what = match &trouble {
        Trouble::RateLimited => "BigCommerce is limiting requests right now".to_owned(),
        Trouble::ServerError(status) => {
            format!("BigCommerce had trouble answering (HTTP {status})")
        }
        Trouble::UnexpectedStatus(status) => {
            format!("BigCommerce gave an unexpected answer (HTTP {status})")
        }
        other => format!("Could not reach BigCommerce: {other}"),
    };
    let message = if troubled > 0 && troubled < sent {
        format!(
            "{what} ({troubled} of {sent} requests; the other answers cannot tell a wrong \
             store hash from missing scopes)."
        )
    } else {
        format!("{what}.")
    };
    Unreachable {
        fix: trouble.fix().to_owned(),
        trouble,
        message,
    }
}

/// How long BigCommerce asks to wait: `X-Rate-Limit-Time-Reset-Ms`, else `X-Retry-After`
/// (seconds), else a second; never longer than [`RATE_LIMIT_WAIT_CAP`].
fn rate_limit_wait(headers: &ureq::http::HeaderMap) -> Duration {
    let number = |name: &str| -> Option<u64> {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok())
    };
    let wait = number("X-Rate-Limit-Time-Reset-Ms")
        .map(Duration::from_millis)
        .or_else(|| number("X-Retry-After").map(Duration::from_secs))
        .unwrap_or(Duration::from_secs(1));
    wait.min(RATE_LIMIT_WAIT_CAP)
}

/// Why a request failed, readable: the HTTP client's errors name resolver and socket calls.
/// `timeout` is the one in effect; `tls` says whether the request was https.
fn trouble(err: ureq::Error, timeout: Duration, tls: bool) -> Trouble {
    use std::io::ErrorKind;
    match err {
        ureq::Error::Timeout(_) => Trouble::TimedOut(timeout),
        ureq::Error::HostNotFound => Trouble::Offline,
        ureq::Error::Tls(why) => Trouble::Tls(why.to_owned()),
        ureq::Error::Rustls(err) => Trouble::Tls(tls_failure(&err)),
        ureq::Error::Io(err) => match err.kind() {
            ErrorKind::ConnectionRefused => Trouble::Refused,
            ErrorKind::TimedOut | ErrorKind::WouldBlock => Trouble::TimedOut(timeout),
            ErrorKind::NetworkUnreachable
            | ErrorKind::HostUnreachable
            | ErrorKind::NetworkDown
            | ErrorKind::AddrNotAvailable => Trouble::Offline,
            ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::UnexpectedEof
            | ErrorKind::BrokenPipe => Trouble::ConnectionLost,
            // The TLS library reports a failed handshake as invalid data around its error.
            ErrorKind::InvalidData if tls => Trouble::Tls(
                err.get_ref()
                    .and_then(|inner| inner.downcast_ref::<rustls::Error>())
                    .map_or_else(|| err.to_string(), tls_failure),
            ),
            _ if lookup_failed(&err) => Trouble::Offline,
            _ => Trouble::Other(err.to_string()),
        },
        ureq::Error::ConnectionFailed => Trouble::Other("the connection failed".into()),
        ureq::Error::Protocol(_) => Trouble::Other("the answer was not valid HTTP".into()),
        other => Trouble::Other(other.to_string()),
    }
}

/// A TLS failure in words: the usual causes are software that inspects secure connections
/// (an unknown issuer), a wrong clock (a certificate not yet or no longer valid), and
/// something other than BigCommerce answering (another name, or no TLS at all).
fn tls_failure(err: &rustls::Error) -> String {
    use rustls::CertificateError as Cert;
    match err {
        rustls::Error::InvalidCertificate(cert) => match cert {
            Cert::UnknownIssuer => "the certificate is not from an authority this machine \
                                   trusts"
                .into(),
            Cert::Expired
            | Cert::ExpiredContext { .. }
            | Cert::NotValidYet
            | Cert::NotValidYetContext { .. } => {
                "the certificate is not valid at this machine's date and time".into()
            }
            Cert::NotValidForName | Cert::NotValidForNameContext { .. } => {
                "the certificate is for another name".into()
            }
            other => format!("the certificate was not accepted ({other:?})"),
        },
        rustls::Error::InvalidMessage(_) | rustls::Error::InappropriateMessage { .. } => {
            "the other end does not speak TLS as expected".into()
        }
        other => other.to_string(),
    }
}

/// A failed name lookup. The standard library reports it without an error kind of its own:
/// by its message on Unix, by a WSA code on Windows (host not found, try again, no
/// recovery, no data).
fn lookup_failed(err: &std::io::Error) -> bool {
    if cfg!(windows) {
        matches!(err.raw_os_error(), Some(11001..=11004))
    } else {
        err.to_string()
            .starts_with("failed to lookup address information")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_must_be_https_or_loopback_http() {
        for ok in [
            "https://staging.example.com",
            "http://127.0.0.1:8080",
            "http://[::1]:9000/prefix",
            "http://localhost:1234",
        ] {
            assert!(allowed_base(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://example.com",
            "http://10.0.0.1",
            "ftp://127.0.0.1",
            "not a url",
            "https://user@example.com",
            "https://example.com/?x=1",
            // Not folded into "localhost": host names are ASCII only here.
            "http://\u{217c}ocalhost:1234",
            "http://A\u{0cf1}:",
        ] {
            assert!(allowed_base(bad).is_err(), "{bad}");
        }
        let err = Endpoints::new(Some("http://example.com".into()), None).unwrap_err();
        assert_eq!(err.exit(), Exit::Usage);
        assert!(err.to_string().contains(API_BASE_VAR), "{err}");
    }

    #[test]
    fn urls_use_only_the_store_hash() {
        let endpoints = Endpoints::new(None, None).unwrap();
        let hash = StoreHash::parse("https://evil.example/stores/abc1234").err();
        assert!(hash.is_some(), "a foreign host is never a store");
        let hash = StoreHash::parse("abc1234").unwrap().value;
        assert_eq!(
            endpoints.api_url(&hash, "/v2/time"),
            "https://api.bigcommerce.com/stores/abc1234/v2/time"
        );
        assert_eq!(
            endpoints.b2b_url("/api/v3/io/companies?limit=1"),
            "https://api-b2b.bigcommerce.com/api/v3/io/companies?limit=1"
        );
        assert!(endpoints.overrides.is_empty());
        let staged = Endpoints::new(Some("http://127.0.0.1:9/base/".into()), None).unwrap();
        assert_eq!(
            staged.api_url(&hash, "/v2/time"),
            "http://127.0.0.1:9/base/stores/abc1234/v2/time"
        );
        assert_eq!(
            staged.overrides,
            [format!("{API_BASE_VAR}=http://127.0.0.1:9/base/")]
        );
    }

    #[test]
    fn rate_limit_waits_are_capped() {
        let mut headers = ureq::http::HeaderMap::new();
        assert_eq!(rate_limit_wait(&headers), Duration::from_secs(1));
        headers.insert("X-Retry-After", "2".parse().unwrap());
        assert_eq!(rate_limit_wait(&headers), Duration::from_secs(2));
        headers.insert("X-Rate-Limit-Time-Reset-Ms", "250".parse().unwrap());
        assert_eq!(rate_limit_wait(&headers), Duration::from_millis(250));
        headers.insert("X-Rate-Limit-Time-Reset-Ms", "999999".parse().unwrap());
        assert_eq!(rate_limit_wait(&headers), RATE_LIMIT_WAIT_CAP);
    }

    fn hash() -> StoreHash {
        StoreHash::parse("abc1234").unwrap().value
    }

    const TIMEOUT: Duration = Duration::from_secs(10);

    /// Replies for the ten probed scopes in [`REQUIRED`]'s order, placed beside every scope.
    fn replies(probed: [Reply; 10]) -> Vec<(Scope, Option<Reply>)> {
        let mut probed = probed.into_iter();
        REQUIRED
            .iter()
            .map(|scope| {
                let reply = scope
                    .probe
                    .path()
                    .map(|_| probed.next().expect("ten replies"));
                (*scope, reply)
            })
            .collect()
    }

    /// Like a real store answers with every scope: 2xx, and 404/400 from the order-bound two.
    fn healthy() -> [Reply; 10] {
        let mut replies: [Reply; 10] = std::array::from_fn(|_| Ok(200));
        replies[3] = Ok(404); // Order Transactions: no order 1
        replies[4] = Ok(400); // Get Payment Methods: no order_id
        replies
    }

    fn state(checks: &[ScopeCheck], name: &str) -> ScopeState {
        checks
            .iter()
            .find(|c| c.scope.name == name)
            .unwrap_or_else(|| panic!("no {name}"))
            .state
            .clone()
    }

    fn suspect(auth: &Auth) -> Option<Suspect> {
        match auth {
            Auth::Rejected(rejection) => Some(rejection.suspect),
            _ => None,
        }
    }

    fn trouble_of_auth(auth: &Auth) -> Option<Trouble> {
        match auth {
            Auth::Unreachable(unreachable) => Some(unreachable.trouble.clone()),
            _ => None,
        }
    }

    #[test]
    fn the_probed_scopes_are_the_ten_with_a_probe() {
        let probed = REQUIRED.iter().filter(|s| s.probe.path().is_some()).count();
        assert_eq!(probed, 10);
        // The helper's order: index 3 and 4 are the order-bound probes.
        let bound: Vec<_> = REQUIRED
            .iter()
            .filter(|s| s.probe.path().is_some())
            .enumerate()
            .filter(|(_, s)| matches!(s.probe, Probe::OrderBound(_)))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(bound, [3, 4]);
    }

    #[test]
    fn a_healthy_store_is_accepted_with_every_probed_scope_present() {
        let (auth, scopes) = decide(&hash(), &replies(healthy()));
        assert_eq!(auth, Auth::Accepted);
        assert_eq!(scopes.len(), 12);
        let present = scopes.iter().filter(|c| c.state == ScopeState::Present);
        assert_eq!(present.count(), 10);
        assert!(matches!(
            state(&scopes, "Create Payments"),
            ScopeState::NotCheckable(_)
        ));
        let methods = scopes
            .iter()
            .find(|c| c.scope.name == "Get Payment Methods")
            .unwrap();
        assert_eq!(methods.describe(), "present, or covered by Create Payments");
        let customers = scopes.iter().find(|c| c.scope.name == "Customers").unwrap();
        assert_eq!(customers.describe(), "present");
    }

    #[test]
    fn the_same_answer_everywhere_names_the_suspect_value() {
        for (status, want) in [
            (401, Suspect::AccessToken),
            (403, Suspect::StoreHashOrScopes),
            (404, Suspect::StoreHash),
        ] {
            let (auth, scopes) = decide(&hash(), &replies(std::array::from_fn(|_| Ok(status))));
            assert_eq!(suspect(&auth), Some(want), "{status}: {auth:?}");
            assert_eq!(want.status(), status);
            assert!(scopes.is_empty(), "no scope states from a rejection");
        }
        let (auth, _) = decide(&hash(), &replies(std::array::from_fn(|_| Ok(404))));
        let Auth::Rejected(rejection) = auth else {
            panic!("not rejected")
        };
        assert!(
            rejection.message.contains("likely"),
            "{}",
            rejection.message
        );
        assert!(
            rejection.message.contains("abc1234"),
            "{}",
            rejection.message
        );
        let (auth, _) = decide(&hash(), &replies(std::array::from_fn(|_| Ok(403))));
        let Auth::Rejected(rejection) = auth else {
            panic!("not rejected")
        };
        assert!(
            rejection.message.contains("store hash is wrong")
                && rejection.message.contains("none of the scopes"),
            "{}",
            rejection.message
        );
    }

    #[test]
    fn order_bound_answers_count_only_once_the_store_is_proved() {
        // 403 from every store-wide probe, the order-bound two past their scope check: a
        // wrong store hash may answer like that, so nothing is accepted.
        let mut probed: [Reply; 10] = std::array::from_fn(|_| Ok(403));
        probed[3] = Ok(404);
        probed[4] = Ok(400);
        let (auth, _) = decide(&hash(), &replies(probed.clone()));
        assert_eq!(suspect(&auth), Some(Suspect::StoreHashOrScopes));

        let mut probed404: [Reply; 10] = std::array::from_fn(|_| Ok(404));
        probed404[4] = Ok(400);
        let (auth, _) = decide(&hash(), &replies(probed404));
        assert_eq!(suspect(&auth), Some(Suspect::StoreHash));

        // One 2xx proves the store: then the same 404 and 400 mean present.
        probed[0] = Ok(200);
        let (auth, scopes) = decide(&hash(), &replies(probed));
        assert_eq!(auth, Auth::Accepted);
        assert_eq!(state(&scopes, "Order Transactions"), ScopeState::Present);
        assert_eq!(state(&scopes, "Get Payment Methods"), ScopeState::Present);
        assert_eq!(state(&scopes, "Marketing"), ScopeState::Missing);
    }

    #[test]
    fn a_mix_names_each_missing_scope() {
        let mut probed = healthy();
        probed[1] = Ok(403); // Marketing
        probed[8] = Ok(403); // Fulfillment Methods
        let (auth, scopes) = decide(&hash(), &replies(probed));
        assert_eq!(auth, Auth::Accepted);
        let verification = Verification {
            auth,
            scopes,
            b2b: None,
        };
        let missing: Vec<_> = verification.missing().map(|s| s.name).collect();
        assert_eq!(missing, ["Marketing", "Fulfillment Methods"]);
        assert_eq!(verification.exit(), Exit::Rejected);
    }

    #[test]
    fn a_404_from_a_store_wide_probe_is_not_taken_for_present() {
        let mut probed = healthy();
        probed[0] = Ok(404); // Customers
        let (auth, scopes) = decide(&hash(), &replies(probed));
        assert_eq!(auth, Auth::Accepted);
        assert_eq!(
            state(&scopes, "Customers"),
            ScopeState::Inconclusive("unexpected answer (HTTP 404)".into())
        );
        assert_eq!(state(&scopes, "Order Transactions"), ScopeState::Present);
    }

    #[test]
    fn a_401_among_accepted_answers_settles_nothing_for_its_scope() {
        let mut probed = healthy();
        probed[2] = Ok(401); // Orders
        let (auth, scopes) = decide(&hash(), &replies(probed));
        assert_eq!(auth, Auth::Accepted);
        let ScopeState::Inconclusive(why) = state(&scopes, "Orders") else {
            panic!("not inconclusive")
        };
        assert!(why.contains("401"), "{why}");
    }

    #[test]
    fn a_401_without_any_acceptance_rejects_the_token_even_with_gaps() {
        let mut probed: [Reply; 10] = std::array::from_fn(|_| Err(Trouble::TimedOut(TIMEOUT)));
        probed[0] = Ok(401);
        probed[5] = Ok(403);
        let (auth, _) = decide(&hash(), &replies(probed));
        assert_eq!(suspect(&auth), Some(Suspect::AccessToken));
    }

    #[test]
    fn gaps_keep_a_403_or_404_from_deciding() {
        for status in [403, 404] {
            let mut probed: [Reply; 10] = std::array::from_fn(|_| Ok(status));
            probed[2] = Err(Trouble::TimedOut(TIMEOUT));
            probed[6] = Err(Trouble::TimedOut(TIMEOUT));
            probed[7] = Ok(503);
            let (auth, scopes) = decide(&hash(), &replies(probed));
            let Auth::Unreachable(unreachable) = &auth else {
                panic!("{status}: {auth:?}")
            };
            assert_eq!(unreachable.trouble, Trouble::TimedOut(TIMEOUT));
            assert!(
                unreachable
                    .message
                    .starts_with("Could not reach BigCommerce: timed out after 10 s (3 of 10"),
                "{}",
                unreachable.message
            );
            assert!(scopes.is_empty());
        }
    }

    #[test]
    fn gaps_beside_a_2xx_leave_those_scopes_unchecked() {
        let mut probed = healthy();
        probed[6] = Err(Trouble::TimedOut(TIMEOUT)); // Store Locations
        probed[7] = Ok(429); // Store Inventory, still limited after the retry
        probed[9] = Ok(502); // Order Fulfillment
        let (auth, scopes) = decide(&hash(), &replies(probed));
        assert_eq!(auth, Auth::Accepted);
        let verification = Verification {
            auth,
            scopes,
            b2b: None,
        };
        let unchecked: Vec<_> = verification.inconclusive().map(|s| s.name).collect();
        assert_eq!(
            unchecked,
            ["Store Locations", "Store Inventory", "Order Fulfillment"]
        );
        let inventory = verification
            .scopes
            .iter()
            .find(|c| c.scope.name == "Store Inventory")
            .unwrap();
        assert_eq!(
            inventory.describe(),
            "not checked: BigCommerce is limiting requests"
        );
        assert_eq!(verification.exit(), Exit::Unreachable);
    }

    #[test]
    fn no_usable_answer_anywhere_is_unreachable_with_the_reason() {
        let cases: [(Reply, Trouble, &str); 5] = [
            (
                Err(Trouble::Refused),
                Trouble::Refused,
                "Could not reach BigCommerce: the connection was refused.",
            ),
            (
                Err(Trouble::Offline),
                Trouble::Offline,
                "Could not reach BigCommerce: no network or DNS",
            ),
            (
                Ok(429),
                Trouble::RateLimited,
                "BigCommerce is limiting requests right now.",
            ),
            (
                Ok(503),
                Trouble::ServerError(503),
                "BigCommerce had trouble answering (HTTP 503).",
            ),
            (
                Ok(301),
                Trouble::UnexpectedStatus(301),
                "BigCommerce gave an unexpected answer (HTTP 301).",
            ),
        ];
        for (reply, want, message) in cases {
            let (auth, _) = decide(&hash(), &replies(std::array::from_fn(|_| reply.clone())));
            assert_eq!(trouble_of_auth(&auth), Some(want.clone()), "{reply:?}");
            let Auth::Unreachable(unreachable) = auth else {
                unreachable!()
            };
            assert!(
                unreachable.message.starts_with(message),
                "{}",
                unreachable.message
            );
            assert_eq!(unreachable.fix, want.fix());
        }
    }

    #[test]
    fn answers_that_prove_nothing_and_no_answers_at_all_are_unreachable() {
        let (auth, _) = decide(&hash(), &replies(std::array::from_fn(|_| Ok(400))));
        assert_eq!(trouble_of_auth(&auth), Some(Trouble::UnexpectedStatus(400)));
        let unprobed: Vec<_> = REQUIRED.iter().map(|s| (*s, None)).collect();
        let (auth, scopes) = decide(&hash(), &unprobed);
        assert!(matches!(trouble_of_auth(&auth), Some(Trouble::Other(_))));
        assert!(scopes.is_empty());
    }

    #[test]
    fn the_most_common_trouble_is_reported() {
        let mut probed: [Reply; 10] = std::array::from_fn(|_| Err(Trouble::Refused));
        probed[0] = Err(Trouble::TimedOut(TIMEOUT));
        probed[1] = Ok(500);
        let (auth, _) = decide(&hash(), &replies(probed));
        assert_eq!(trouble_of_auth(&auth), Some(Trouble::Refused));
        assert_eq!(
            most_common(&[Trouble::RateLimited, Trouble::Refused]),
            Some(Trouble::RateLimited),
            "the earliest among equals"
        );
        assert_eq!(most_common(&[]), None);
    }

    #[test]
    fn b2b_edition_states_by_answer() {
        assert_eq!(b2b_state(&Ok(200)), ScopeState::Present);
        assert_eq!(b2b_state(&Ok(401)), ScopeState::Missing);
        assert_eq!(b2b_state(&Ok(403)), ScopeState::Missing);
        let ScopeState::Inconclusive(why) = b2b_state(&Ok(500)) else {
            panic!("a 5xx is not a verdict on the scope")
        };
        assert!(
            why.contains("store hash mismatch, or B2B Edition not enabled"),
            "{why}"
        );
        let ScopeState::Inconclusive(why) = b2b_state(&Ok(404)) else {
            panic!("a 404 is not a verdict on the scope")
        };
        assert!(why.contains("is B2B Edition enabled"), "{why}");
        assert_eq!(
            b2b_state(&Err(Trouble::Refused)),
            ScopeState::Inconclusive("the connection was refused".into())
        );
    }

    #[test]
    fn client_errors_become_readable_reasons() {
        use std::io::{Error as IoError, ErrorKind};
        let io = |kind: ErrorKind| ureq::Error::Io(IoError::from(kind));
        let cases = [
            (io(ErrorKind::ConnectionRefused), false, Trouble::Refused),
            (
                ureq::Error::Timeout(ureq::Timeout::Global),
                false,
                Trouble::TimedOut(TIMEOUT),
            ),
            (ureq::Error::HostNotFound, false, Trouble::Offline),
            (io(ErrorKind::NetworkUnreachable), false, Trouble::Offline),
            (
                io(ErrorKind::ConnectionReset),
                true,
                Trouble::ConnectionLost,
            ),
            (io(ErrorKind::UnexpectedEof), false, Trouble::ConnectionLost),
        ];
        for (err, tls, want) in cases {
            assert_eq!(trouble(err, TIMEOUT, tls), want);
        }
        let tls_io =
            |err: rustls::Error| ureq::Error::Io(IoError::new(ErrorKind::InvalidData, err));
        let cases = [
            (
                rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer),
                "not from an authority this machine trusts",
            ),
            (
                rustls::Error::InvalidCertificate(rustls::CertificateError::Expired),
                "not valid at this machine's date and time",
            ),
            (
                rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForName),
                "for another name",
            ),
            (
                rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType),
                "does not speak TLS",
            ),
        ];
        for (err, want) in cases {
            let Trouble::Tls(why) = trouble(tls_io(err), TIMEOUT, true) else {
                panic!("not a TLS failure")
            };
            assert!(why.contains(want), "{why}");
        }
        #[cfg(unix)]
        {
            // What the standard library says when getaddrinfo fails.
            let lookup =
                IoError::other("failed to lookup address information: Name or service not known");
            assert_eq!(
                trouble(ureq::Error::Io(lookup), TIMEOUT, true),
                Trouble::Offline
            );
        }
    }

    #[test]
    fn reasons_read_as_the_admin_needs_them() {
        assert_eq!(
            Trouble::TimedOut(Duration::from_secs(10)).to_string(),
            "timed out after 10 s"
        );
        assert_eq!(
            Trouble::TimedOut(Duration::from_millis(500)).to_string(),
            "timed out after 0.5 s"
        );
        assert!(
            Trouble::Offline
                .to_string()
                .starts_with("no network or DNS")
        );
        assert_eq!(Trouble::Refused.to_string(), "the connection was refused");
        assert!(Trouble::TimedOut(TIMEOUT).fix().contains("--timeout"));
    }

    #[test]
    fn exit_codes() {
        let (auth, scopes) = decide(&hash(), &replies(healthy()));
        let accepted = Verification {
            auth,
            scopes,
            b2b: None,
        };
        assert_eq!(accepted.exit(), Exit::Success, "not checkable is expected");
        let mut missing = accepted.clone();
        missing.scopes[0].state = ScopeState::Missing;
        assert_eq!(missing.exit(), Exit::Rejected);
        let mut b2b_missing = accepted.clone();
        b2b_missing.b2b = Some(ScopeCheck {
            scope: B2B_EDITION,
            state: ScopeState::Missing,
        });
        assert_eq!(b2b_missing.exit(), Exit::Rejected);
        let (auth, _) = decide(&hash(), &replies(std::array::from_fn(|_| Ok(401))));
        let rejected = Verification {
            auth,
            scopes: vec![],
            b2b: None,
        };
        assert_eq!(rejected.exit(), Exit::Rejected);
        let (auth, _) = decide(&hash(), &replies(std::array::from_fn(|_| Ok(503))));
        let unreachable = Verification {
            auth,
            scopes: vec![],
            b2b: None,
        };
        assert_eq!(unreachable.exit(), Exit::Unreachable);
    }
}
