//! The transport of the online check: where requests go, the HTTP client, and the
//! requests themselves, with their one retry. What the answers mean is the verdict's
//! ([`super::verify`]), which this file hands them to.
//!
//! Only `GET` requests are ever sent, and the token only ever goes to BigCommerce's two API
//! hosts. For tests and staging, `SYNCHUP_BIGCOMMERCE_API_BASE` and `SYNCHUP_B2B_API_BASE`
//! replace the hosts; plain http is allowed only for loopback addresses. Redirects are not
//! followed, so the token cannot be forwarded elsewhere.
//!
//! Every request goes out at once, each on its own thread: one read-only probe per checkable
//! scope and, for B2B Edition, one request to its API. The check takes as long as the slowest
//! answer. A 429 is waited out once (the longer of the two waits BigCommerce asks for, at
//! most 5 s, so that a check never hangs; `-v` says when the wait was cut) and asked again.
//!

use std::net::IpAddr;
use std::time::Duration;

use url::Url;

use super::api_path::StoreHash;
use super::scopes::{B2B_EDITION, REQUIRED};
use super::values::AccessToken;
use super::verify::{Auth, Reply, ScopeCheck, Trouble, Verification, b2b_state, decide};
use crate::error::{Error, Result};

pub const API_BASE: &str = "https://api.bigcommerce.com";
pub const B2B_BASE: &str = "https://api-b2b.bigcommerce.com";
/// The variables that replace the two hosts (read with the others, in the process context).
pub const API_BASE_VAR: &str = "SYNCHUP_BIGCOMMERCE_API_BASE";
pub const B2B_BASE_VAR: &str = "SYNCHUP_B2B_API_BASE";

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
    /// "meta": ...}`.
    fn b2b(&self, hash: &StoreHash, token: &AccessToken) -> Reply {
        let url = self.endpoints.b2b_url("/api/v3/io/companies?limit=1");
        let answer = self.get(&url, token, Some(hash))?;
        Ok(b2b_status(answer.status, &answer.body))
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
                let asked = rate_limit_wait(response.headers());
                let wait = asked.min(RATE_LIMIT_WAIT_CAP);
                if wait < asked {
                    self.record(
                        url,
                        started,
                        &format!(
                            "BigCommerce asked to wait {} s; waiting {} s, the most this check \
                             waits",
                            asked.as_secs_f64(),
                            wait.as_secs_f64()
                        ),
                    );
                }
                std::thread::sleep(wait);
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

/// The status a B2B Edition answer stands for. The HTTP status decides: a body cannot turn
/// a refusal or a server error into success (a proxy or an error page may carry any body).
/// Only inside a 2xx does the envelope's code count, when it names an error the HTTP status
/// did not.
fn b2b_status(status: u16, body: &str) -> u16 {
    if !(200..300).contains(&status) {
        return status;
    }
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|body| body.get("code").and_then(|c| c.as_u64()))
        .and_then(|code| u16::try_from(code).ok())
        .filter(|code| !(200..300).contains(code) && (100..600).contains(code))
        .unwrap_or(status)
}

/// How long BigCommerce asks to wait: the longer of `X-Rate-Limit-Time-Reset-Ms` and
/// `X-Retry-After` (seconds), as its documentation says to honour when both are present;
/// a second when neither is (a 429 may come without them when the platform is busy). The
/// caller waits at most [`RATE_LIMIT_WAIT_CAP`] of it, and says so when that is shorter.
fn rate_limit_wait(headers: &ureq::http::HeaderMap) -> Duration {
    let number = |name: &str| -> Option<u64> {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok())
    };
    let reset = number("X-Rate-Limit-Time-Reset-Ms").map(Duration::from_millis);
    let retry = number("X-Retry-After").map(Duration::from_secs);
    reset
        .into_iter()
        .chain(retry)
        .max()
        .unwrap_or(Duration::from_secs(1))
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
    use crate::error::Exit;

    const TIMEOUT: Duration = Duration::from_secs(10);

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
    fn the_b2b_status_decides_over_the_envelope() {
        let ok = r#"{"code":200,"data":[],"meta":{"message":"SUCCESS"}}"#;
        let forbidden = r#"{"code":403,"data":{},"meta":{"message":"Forbidden"}}"#;
        assert_eq!(b2b_status(200, ok), 200);
        assert_eq!(b2b_status(500, ok), 500);
        assert_eq!(b2b_status(403, ok), 403);
        assert_eq!(b2b_status(200, forbidden), 403);
        assert_eq!(b2b_status(200, "not json"), 200);
        assert_eq!(b2b_status(200, r#"{"code":99999}"#), 200);
    }

    #[test]
    fn rate_limit_waits_honour_the_longer_header() {
        let mut headers = ureq::http::HeaderMap::new();
        assert_eq!(rate_limit_wait(&headers), Duration::from_secs(1));
        headers.insert("X-Retry-After", "2".parse().unwrap());
        assert_eq!(rate_limit_wait(&headers), Duration::from_secs(2));
        headers.insert("X-Rate-Limit-Time-Reset-Ms", "250".parse().unwrap());
        assert_eq!(rate_limit_wait(&headers), Duration::from_secs(2));
        headers.insert("X-Rate-Limit-Time-Reset-Ms", "3500".parse().unwrap());
        assert_eq!(rate_limit_wait(&headers), Duration::from_millis(3500));
        headers.insert("X-Rate-Limit-Time-Reset-Ms", "999999".parse().unwrap());
        assert_eq!(rate_limit_wait(&headers), Duration::from_millis(999_999));
        assert_eq!(
            rate_limit_wait(&headers).min(RATE_LIMIT_WAIT_CAP),
            RATE_LIMIT_WAIT_CAP
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
}
