//! The online check: does BigCommerce accept this token for this store, which of the
//! required scopes does it have, and does B2B Edition answer.
//!
//! Only `GET` requests are ever sent, and the token only ever goes to BigCommerce's two API
//! hosts: the store hash is the only part of a pasted address that is used. For tests and
//! staging, `SYNCHUP_BIGCOMMERCE_API_BASE` and `SYNCHUP_B2B_API_BASE` replace the hosts;
//! plain http is allowed only for loopback addresses. Redirects are not followed, so the
//! token cannot be forwarded elsewhere.

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
                    format!("{var} is \"{value}\": {why}"),
                    Some(format!("Unset {var} to use {default}.")),
                )
            })?;
            overrides.push(format!("{var}={value}"));
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
        other => Err(format!("the scheme {other} is not https")),
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
    Accepted,
    /// BigCommerce answered, and said no.
    Rejected {
        status: u16,
        message: String,
        fix: String,
    },
    /// No usable answer: the network, a timeout, or BigCommerce's own trouble.
    Unreachable {
        message: String,
    },
}

/// What the check found for one scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeState {
    Present,
    Missing,
    /// No safe read-only request can tell, or the request did not get an answer.
    NotCheckable(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeCheck {
    pub scope: Scope,
    pub state: ScopeState,
}

/// The whole result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub auth: Auth,
    /// Empty unless the token was accepted.
    pub scopes: Vec<ScopeCheck>,
    /// The B2B Edition check, when asked for and the token was accepted.
    pub b2b: Option<ScopeCheck>,
}

impl Verification {
    pub fn missing(&self) -> impl Iterator<Item = &Scope> {
        self.scopes
            .iter()
            .chain(&self.b2b)
            .filter(|check| check.state == ScopeState::Missing)
            .map(|check| &check.scope)
    }

    /// 0 when everything checkable is there, 6 when BigCommerce said no (to the token or
    /// to a scope), 7 when it could not be asked.
    pub fn exit(&self) -> Exit {
        match &self.auth {
            Auth::Rejected { .. } => Exit::Rejected,
            Auth::Unreachable { .. } => Exit::Unreachable,
            Auth::Accepted if self.missing().next().is_some() => Exit::Rejected,
            Auth::Accepted => Exit::Success,
        }
    }
}

/// A small blocking client for the checks.
pub struct Client {
    endpoints: Endpoints,
    agent: ureq::Agent,
    /// Each request sent and its answer, for `-v`: method, URL, status. Never a header.
    log: std::sync::Mutex<Vec<String>>,
}

/// An answer: the status and, for the B2B envelope, the body.
struct Answer {
    status: u16,
    body: String,
}

impl Client {
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

    /// Checks the token against the store, then (when accepted) every scope, and B2B
    /// Edition when `b2b` is set.
    pub fn verify(&self, hash: &StoreHash, token: &AccessToken, b2b: bool) -> Verification {
        let auth = self.auth(hash, token);
        if auth != Auth::Accepted {
            return Verification {
                auth,
                scopes: Vec::new(),
                b2b: None,
            };
        }
        // The probes are independent reads: asked at once, they take as long as the slowest.
        let (scopes, b2b) = std::thread::scope(|threads| {
            let probes: Vec<_> = REQUIRED
                .iter()
                .map(|scope| threads.spawn(move || self.probe(hash, token, scope)))
                .collect();
            let b2b = b2b.then(|| threads.spawn(|| self.b2b(hash, token)));
            let scopes: Vec<_> = probes
                .into_iter()
                .map(|probe| probe.join().expect("a probe thread panicked"))
                .collect();
            (
                scopes,
                b2b.map(|b| b.join().expect("the B2B thread panicked")),
            )
        });
        Verification { auth, scopes, b2b }
    }

    fn auth(&self, hash: &StoreHash, token: &AccessToken) -> Auth {
        let answer = match self.get(&self.endpoints.api_url(hash, "/v2/time"), token, None) {
            Ok(answer) => answer,
            Err(message) => return Auth::Unreachable { message },
        };
        let rejected = |message: String, fix: &str| Auth::Rejected {
            status: answer.status,
            message,
            fix: fix.to_owned(),
        };
        match answer.status {
            200..=299 => Auth::Accepted,
            401 => rejected(
                "BigCommerce does not accept this Access Token: it is mistyped, or the API \
                 account was deleted."
                    .into(),
                "Copy the ACCESS TOKEN again from the credentials file, or create a new API \
                 account.",
            ),
            403 => rejected(
                format!(
                    "The Access Token and the store hash {hash} do not belong together: the \
                     token is for another store, or the store hash is wrong."
                ),
                "Use the API PATH and the ACCESS TOKEN from the same credentials file.",
            ),
            404 => rejected(
                format!("BigCommerce has no store with the hash {hash}."),
                "Check the store hash: it is in the API PATH of the credentials file.",
            ),
            429 => Auth::Unreachable {
                message: "BigCommerce is limiting requests right now; try again in a minute."
                    .into(),
            },
            status @ 500..=599 => Auth::Unreachable {
                message: format!(
                    "BigCommerce had trouble answering (HTTP {status}); try again later."
                ),
            },
            status => Auth::Unreachable {
                message: format!("BigCommerce gave an unexpected answer (HTTP {status})."),
            },
        }
    }

    fn probe(&self, hash: &StoreHash, token: &AccessToken, scope: &Scope) -> ScopeCheck {
        let state = match scope.probe {
            Probe::None(why) => ScopeState::NotCheckable(why.to_owned()),
            Probe::Get(path) => match self.get(&self.endpoints.api_url(hash, path), token, None) {
                Ok(answer) => scope_state(answer.status),
                Err(message) => ScopeState::NotCheckable(message),
            },
        };
        ScopeCheck {
            scope: *scope,
            state,
        }
    }

    fn b2b(&self, hash: &StoreHash, token: &AccessToken) -> ScopeCheck {
        let url = self.endpoints.b2b_url("/api/v3/io/companies?limit=1");
        let state = match self.get(&url, token, Some(hash)) {
            Err(message) => ScopeState::NotCheckable(message),
            Ok(answer) => {
                // The B2B API wraps answers in {"code": ..., "data": ..., "meta": ...}; the
                // code inside is the one that counts.
                let code = serde_json::from_str::<serde_json::Value>(&answer.body)
                    .ok()
                    .and_then(|body| body.get("code").and_then(|c| c.as_u64()))
                    .and_then(|code| u16::try_from(code).ok())
                    .unwrap_or(answer.status);
                match code {
                    401 | 403 => ScopeState::Missing,
                    404 => ScopeState::NotCheckable(
                        "the B2B Edition API does not know this store: is B2B Edition \
                         enabled on it?"
                            .into(),
                    ),
                    status => scope_state(status),
                }
            }
        };
        ScopeCheck {
            scope: B2B_EDITION,
            state,
        }
    }

    /// One GET, retried once after a rate limit. Errors are messages without the token.
    fn get(
        &self,
        url: &str,
        token: &AccessToken,
        store: Option<&StoreHash>,
    ) -> std::result::Result<Answer, String> {
        let mut retried = false;
        loop {
            let mut request = self.agent.get(url).header("X-Auth-Token", token.expose());
            if let Some(hash) = store {
                request = request.header("X-Store-Hash", hash.as_str());
            }
            let started = std::time::Instant::now();
            let mut response = request.call().map_err(|err| {
                let message = describe_failure(err);
                self.record(url, started, &message);
                message
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

/// What a probe's status says about its scope. A missing scope is a 403; an answer that got
/// past the scope check (found, not found, or a complaint about the request) means the
/// scope is there.
fn scope_state(status: u16) -> ScopeState {
    match status {
        403 => ScopeState::Missing,
        200..=299 | 400 | 404 | 422 => ScopeState::Present,
        401 => ScopeState::NotCheckable("BigCommerce stopped accepting the token".into()),
        429 => ScopeState::NotCheckable("BigCommerce is limiting requests".into()),
        status => ScopeState::NotCheckable(format!("unexpected answer (HTTP {status})")),
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

fn describe_failure(err: ureq::Error) -> String {
    match err {
        ureq::Error::Timeout(_) => "Could not reach BigCommerce: no answer in time.".into(),
        ureq::Error::HostNotFound => {
            "Could not reach BigCommerce: its address could not be looked up (is this \
             machine online?)."
                .into()
        }
        ureq::Error::ConnectionFailed => {
            "Could not reach BigCommerce: the connection failed.".into()
        }
        ureq::Error::Io(err) => format!("Could not reach BigCommerce: {err}."),
        other => format!("Could not reach BigCommerce: {other}."),
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
    fn scope_states_by_status() {
        assert_eq!(scope_state(200), ScopeState::Present);
        assert_eq!(scope_state(204), ScopeState::Present);
        assert_eq!(scope_state(400), ScopeState::Present);
        assert_eq!(scope_state(404), ScopeState::Present);
        assert_eq!(scope_state(403), ScopeState::Missing);
        assert!(matches!(scope_state(500), ScopeState::NotCheckable(_)));
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

    #[test]
    fn exit_codes() {
        let accepted = Verification {
            auth: Auth::Accepted,
            scopes: vec![ScopeCheck {
                scope: REQUIRED[0],
                state: ScopeState::Present,
            }],
            b2b: None,
        };
        assert_eq!(accepted.exit(), Exit::Success);
        let mut missing = accepted.clone();
        missing.scopes[0].state = ScopeState::Missing;
        assert_eq!(missing.exit(), Exit::Rejected);
        let unreachable = Verification {
            auth: Auth::Unreachable {
                message: "x".into(),
            },
            scopes: vec![],
            b2b: None,
        };
        assert_eq!(unreachable.exit(), Exit::Unreachable);
    }
}
