//! The verdict of the online check: does BigCommerce accept this token for this store,
//! which of the required scopes does it have, and does B2B Edition answer. Pure: it reads
//! the answers the transport ([`super::client`]) got, and sends nothing itself.
//!
//! # The verdict
//!
//! No request within the scopes SynchUP asks for only says "this token belongs to this
//! store": `GET /v2/time` needs Information & Settings in BigCommerce's current reference,
//! which SynchUP leaves at None, so it is not asked. The verdict comes from the probes' own
//! answers. BigCommerce documents 401 as credentials missing or invalid, and 403 as a missing
//! scope, a wrong store hash or a changed store owner account; no document ties 404 to a wrong store hash, so it "likely"
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
//! endpoint accepts either scope. B2B Edition is judged apart, from its own API, by the HTTP
//! status (a body never overrides it; inside a 2xx, an error code in its envelope counts): 2xx
//! present; 401 or 403 missing; 404 not checked (is B2B Edition enabled?); a 5xx not
//! checked (store hash mismatch, or B2B Edition not enabled), since its documentation gives
//! a missing or mismatched `X-Store-Hash` a server error.

use std::time::Duration;

use super::api_path::StoreHash;
use super::scopes::{Probe, Scope};
use crate::error::Exit;

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
    /// A 401 and nothing accepted: the Access Token is mistyped, its API account was
    /// deleted, or (undocumented) it is for another store: either value may be wrong.
    AccessToken,
    /// A 404 from every probe: likely a wrong store hash (the API Path).
    StoreHash,
    /// A 403 from every probe: a wrong store hash (the API Path), an API account without
    /// the scopes, or a changed store owner account. The last two need a new API account.
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

/// The status BigCommerce documents both for its own unavailability and for a suspended
/// store (billing or administrative action).
const SUSPENDED: u16 = 503;

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
            Trouble::ServerError(SUSPENDED) => {
                "Open the store's control panel: if it says the store is suspended, settle \
                 that first (billing, or BigCommerce support). Otherwise try again later."
            }
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
    /// Every required scope, in [`REQUIRED`](super::scopes::REQUIRED)'s order; empty unless the token was accepted.
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

/// One request's outcome: its status (after the one retry on 429), or why there was none.
pub(crate) type Reply = std::result::Result<u16, Trouble>;

/// The verdict and each scope's state, from every scope's probe reply (`None` for a scope
/// without a probe). Pure: the table in the module documentation, as code.
pub(crate) fn decide(
    hash: &StoreHash,
    replies: &[(Scope, Option<Reply>)],
) -> (Auth, Vec<ScopeCheck>) {
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
/// The B2B Edition scope, from its API's answer (the status [`super::client`] read from it).
/// The B2B Edition scope, from its API's answer (the envelope's code when there is one).
pub(crate) fn b2b_state(reply: &Reply) -> ScopeState {
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
        // What BigCommerce answers a valid token sent with another store's hash is not
        // documented: the store is named, and either value may be the wrong one.
        Suspect::AccessToken => (
            format!(
                "BigCommerce does not accept this Access Token for store {hash} (HTTP 401): \
                 the token is mistyped, its API account was deleted, or the token is for \
                 another store."
            ),
            "Copy the ACCESS TOKEN and the API PATH again, both from the same credentials \
             file; if they are right, create a new API account.",
        ),
        Suspect::StoreHashOrScopes => (
            format!(
                "BigCommerce refused every request for store {hash} (HTTP 403): the store hash \
                 is wrong (the token is for another store), the API account has none of the \
                 scopes SynchUP needs, or the store's owner account changed since the API \
                 account was created."
            ),
            "Check the store hash in the API PATH of the credentials file that came with this \
             token. If it is right, create a new API account with the scopes SynchUP needs \
             (synchup-setup steps lists them; an existing account's scopes cannot be changed), \
             then delete this one in the control panel.",
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
        // BigCommerce documents 503 for a suspended store too: with no answer that proves
        // the store, that is as likely as BigCommerce's own trouble.
        Trouble::ServerError(SUSPENDED) => format!(
            "BigCommerce answered HTTP {SUSPENDED}: the store is suspended (billing or an \
             administrative action), or BigCommerce is unavailable for a moment"
        ),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bigcommerce::scopes::{B2B_EDITION, REQUIRED};

    fn hash() -> StoreHash {
        StoreHash::parse("abc1234").unwrap().value
    }

    const TIMEOUT: Duration = Duration::from_secs(10);

    /// Replies beside every scope of [`REQUIRED`]: `all` for each one with a probe, except
    /// those named in `except`.
    fn replies(all: Reply, except: &[(&str, Reply)]) -> Vec<(Scope, Option<Reply>)> {
        REQUIRED
            .iter()
            .map(|scope| {
                let reply = scope.probe.path().map(|_| {
                    except
                        .iter()
                        .find(|(name, _)| *name == scope.name)
                        .map_or_else(|| all.clone(), |(_, reply)| reply.clone())
                });
                (*scope, reply)
            })
            .collect()
    }

    /// Like a real store answers with every scope: 2xx, and 404 or 400 from the order-bound
    /// probes (no order 1; no order_id); `except` answers otherwise.
    fn healthy(except: &[(&str, Reply)]) -> Vec<(Scope, Option<Reply>)> {
        let mut named = except.to_vec();
        named.extend([
            ("Order Transactions", Ok(404)),
            ("Get Payment Methods", Ok(400)),
        ]);
        replies(Ok(200), &named)
    }

    /// How many scopes have a probe.
    fn probed() -> usize {
        REQUIRED.iter().filter(|s| s.probe.path().is_some()).count()
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
    fn the_helpers_answer_every_probe_and_name_real_scopes() {
        let answered = healthy(&[]).iter().filter(|(_, r)| r.is_some()).count();
        assert_eq!(answered, probed());
        let order_bound: Vec<_> = REQUIRED
            .iter()
            .filter(|s| matches!(s.probe, Probe::OrderBound(_)))
            .map(|s| s.name)
            .collect();
        assert_eq!(order_bound, ["Order Transactions", "Get Payment Methods"]);
    }

    #[test]
    fn a_healthy_store_is_accepted_with_every_probed_scope_present() {
        let (auth, scopes) = decide(&hash(), &healthy(&[]));
        assert_eq!(auth, Auth::Accepted);
        assert_eq!(scopes.len(), REQUIRED.len());
        let present = scopes.iter().filter(|c| c.state == ScopeState::Present);
        assert_eq!(present.count(), probed());
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
            let (auth, scopes) = decide(&hash(), &replies(Ok(status), &[]));
            assert_eq!(suspect(&auth), Some(want), "{status}: {auth:?}");
            assert_eq!(want.status(), status);
            assert!(scopes.is_empty(), "no scope states from a rejection");
        }
        let (auth, _) = decide(&hash(), &replies(Ok(404), &[]));
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
        let (auth, _) = decide(&hash(), &replies(Ok(401), &[]));
        let Auth::Rejected(rejection) = auth else {
            panic!("not rejected")
        };
        assert!(
            rejection
                .message
                .starts_with("BigCommerce does not accept this Access Token for store abc1234"),
            "{}",
            rejection.message
        );
        assert!(rejection.fix.contains("API PATH"), "{}", rejection.fix);
        let (auth, _) = decide(&hash(), &replies(Ok(403), &[]));
        let Auth::Rejected(rejection) = auth else {
            panic!("not rejected")
        };
        assert!(
            rejection.message.contains("store hash is wrong")
                && rejection.message.contains("none of the scopes")
                && rejection.message.contains("owner account changed"),
            "{}",
            rejection.message
        );
    }

    #[test]
    fn order_bound_answers_count_only_once_the_store_is_proved() {
        // 403 from every store-wide probe, the order-bound two past their scope check: a
        // wrong store hash may answer like that, so nothing is accepted.
        let order_bound = [
            ("Order Transactions", Ok(404)),
            ("Get Payment Methods", Ok(400)),
        ];
        let (auth, _) = decide(&hash(), &replies(Ok(403), &order_bound));
        assert_eq!(suspect(&auth), Some(Suspect::StoreHashOrScopes));

        let (auth, _) = decide(
            &hash(),
            &replies(Ok(404), &[("Get Payment Methods", Ok(400))]),
        );
        assert_eq!(suspect(&auth), Some(Suspect::StoreHash));

        // One 2xx proves the store: then the same 404 and 400 mean present.
        let mut proved = vec![("Customers", Ok(200))];
        proved.extend(order_bound);
        let (auth, scopes) = decide(&hash(), &replies(Ok(403), &proved));
        assert_eq!(auth, Auth::Accepted);
        assert_eq!(state(&scopes, "Order Transactions"), ScopeState::Present);
        assert_eq!(state(&scopes, "Get Payment Methods"), ScopeState::Present);
        assert_eq!(state(&scopes, "Marketing"), ScopeState::Missing);
    }

    #[test]
    fn a_mix_names_each_missing_scope() {
        let (auth, scopes) = decide(
            &hash(),
            &healthy(&[("Marketing", Ok(403)), ("Fulfillment Methods", Ok(403))]),
        );
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
        let (auth, scopes) = decide(&hash(), &healthy(&[("Customers", Ok(404))]));
        assert_eq!(auth, Auth::Accepted);
        assert_eq!(
            state(&scopes, "Customers"),
            ScopeState::Inconclusive("unexpected answer (HTTP 404)".into())
        );
        assert_eq!(state(&scopes, "Order Transactions"), ScopeState::Present);
    }

    #[test]
    fn a_401_among_accepted_answers_settles_nothing_for_its_scope() {
        let (auth, scopes) = decide(&hash(), &healthy(&[("Orders", Ok(401))]));
        assert_eq!(auth, Auth::Accepted);
        let ScopeState::Inconclusive(why) = state(&scopes, "Orders") else {
            panic!("not inconclusive")
        };
        assert!(why.contains("401"), "{why}");
    }

    #[test]
    fn a_401_without_any_acceptance_rejects_the_token_even_with_gaps() {
        let (auth, _) = decide(
            &hash(),
            &replies(
                Err(Trouble::TimedOut(TIMEOUT)),
                &[("Customers", Ok(401)), ("Products", Ok(403))],
            ),
        );
        assert_eq!(suspect(&auth), Some(Suspect::AccessToken));
    }

    #[test]
    fn gaps_keep_a_403_or_404_from_deciding() {
        for status in [403, 404] {
            let gaps = [
                ("Orders", Err(Trouble::TimedOut(TIMEOUT))),
                ("Store Locations", Err(Trouble::TimedOut(TIMEOUT))),
                ("Store Inventory", Ok(503)),
            ];
            let (auth, scopes) = decide(&hash(), &replies(Ok(status), &gaps));
            let Auth::Unreachable(unreachable) = &auth else {
                panic!("{status}: {auth:?}")
            };
            assert_eq!(unreachable.trouble, Trouble::TimedOut(TIMEOUT));
            let start = format!(
                "Could not reach BigCommerce: timed out after 10 s (3 of {}",
                probed()
            );
            assert!(
                unreachable.message.starts_with(&start),
                "{}",
                unreachable.message
            );
            assert!(scopes.is_empty());
        }
    }

    #[test]
    fn gaps_beside_a_2xx_leave_those_scopes_unchecked() {
        let (auth, scopes) = decide(
            &hash(),
            &healthy(&[
                ("Store Locations", Err(Trouble::TimedOut(TIMEOUT))),
                ("Store Inventory", Ok(429)),
                ("Order Fulfillment", Ok(502)),
            ]),
        );
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
        let cases: [(Reply, Trouble, &str); 6] = [
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
                Ok(500),
                Trouble::ServerError(500),
                "BigCommerce had trouble answering (HTTP 500).",
            ),
            (
                Ok(503),
                Trouble::ServerError(503),
                "BigCommerce answered HTTP 503: the store is suspended (billing or an \
                 administrative action), or BigCommerce is unavailable for a moment.",
            ),
            (
                Ok(301),
                Trouble::UnexpectedStatus(301),
                "BigCommerce gave an unexpected answer (HTTP 301).",
            ),
        ];
        for (reply, want, message) in cases {
            let (auth, _) = decide(&hash(), &replies(reply.clone(), &[]));
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
        let (auth, _) = decide(&hash(), &replies(Ok(400), &[]));
        assert_eq!(trouble_of_auth(&auth), Some(Trouble::UnexpectedStatus(400)));
        let unprobed: Vec<_> = REQUIRED.iter().map(|s| (*s, None)).collect();
        let (auth, scopes) = decide(&hash(), &unprobed);
        assert!(matches!(trouble_of_auth(&auth), Some(Trouble::Other(_))));
        assert!(scopes.is_empty());
    }

    #[test]
    fn the_most_common_trouble_is_reported() {
        let (auth, _) = decide(
            &hash(),
            &replies(
                Err(Trouble::Refused),
                &[
                    ("Customers", Err(Trouble::TimedOut(TIMEOUT))),
                    ("Marketing", Ok(500)),
                ],
            ),
        );
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
        let (auth, scopes) = decide(&hash(), &healthy(&[]));
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
        let (auth, _) = decide(&hash(), &replies(Ok(401), &[]));
        let rejected = Verification {
            auth,
            scopes: vec![],
            b2b: None,
        };
        assert_eq!(rejected.exit(), Exit::Rejected);
        let (auth, _) = decide(&hash(), &replies(Ok(503), &[]));
        let unreachable = Verification {
            auth,
            scopes: vec![],
            b2b: None,
        };
        assert_eq!(unreachable.exit(), Exit::Unreachable);
    }
}
