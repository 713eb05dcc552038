//! The online check against a BigCommerce stand-in on 127.0.0.1: what the program concludes
//! from each answer, and exactly what it sends.

use std::time::Duration;

use serde_json::Value;
use synchup_setup::bigcommerce::scopes::REQUIRED;

use crate::common::standin::{self, FORBIDDEN, Reply, StandIn, TIME, UNAUTHORIZED};
use crate::common::*;

fn check(sandbox: &Sandbox, standin_env: &[(&'static str, String)], args: &[&str]) -> (i32, Value) {
    // The callers check the exact code.
    let output = sandbox
        .run(["check", "--online", "--json"])
        .args(args)
        .envs(standin_env.iter().map(|(k, v)| (*k, v.as_str())))
        .code_in(&run::DOCUMENTED_CODES)
        .output;
    let json: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {} {}", stdout_of(&output), stderr_of(&output)));
    (output.status.code().unwrap(), json)
}

fn items<'a>(json: &'a Value, check: &str) -> Vec<&'a Value> {
    json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| item["check"] == check)
        .collect()
}

fn bigcommerce(json: &Value) -> &Value {
    items(json, "bigcommerce")[0]
}

/// Every request: a GET with the token, JSON accepted, the program named, no body.
fn assert_read_only_requests(requests: &[standin::Request]) {
    assert!(!requests.is_empty());
    for request in requests {
        assert_eq!(request.method, "GET", "{request:?}");
        assert_eq!(request.body_len, 0, "{request:?}");
        assert_eq!(request.header("x-auth-token"), Some(TOKEN), "{request:?}");
        assert_eq!(request.header("accept"), Some("application/json"));
        let agent = request.header("user-agent").unwrap();
        assert!(agent.starts_with("synchup-setup/"), "{agent}");
        assert_eq!(
            request.header("x-auth-client"),
            None,
            "deprecated, not sent"
        );
    }
}

fn message(item: &Value) -> &str {
    item["message"].as_str().unwrap()
}

/// The probe paths a check sends under `/stores/et7xe3pz`: one for each scope that has one.
fn probes() -> Vec<&'static str> {
    REQUIRED
        .iter()
        .filter_map(|scope| scope.probe.path())
        .collect()
}

/// Every probe asked exactly once, and nothing else on the store API.
fn assert_every_probe_once(requests: &[standin::Request]) {
    let mut targets: Vec<_> = requests
        .iter()
        .filter(|r| r.target.starts_with("/stores/"))
        .map(|r| r.target.as_str())
        .collect();
    targets.sort_unstable();
    let mut want: Vec<_> = probes()
        .iter()
        .map(|p| format!("/stores/{HASH}{p}"))
        .collect();
    want.sort_unstable();
    assert_eq!(targets, want);
}

fn a_healthy_store_passes_and_the_check_is_recorded() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let server = StandIn::healthy();
    let (code, json) = check(&sandbox, &server.env(), &[]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["online"], true);
    assert_eq!(
        json["endpoint_overrides"][0],
        format!("SYNCHUP_BIGCOMMERCE_API_BASE={}", server.base())
    );
    assert_eq!(bigcommerce(&json)["status"], "ok");
    let scopes = items(&json, "scope");
    assert_eq!(scopes.len(), REQUIRED.len());
    let present: Vec<_> = scopes
        .iter()
        .filter(|s| s["status"] == "ok")
        .map(|s| message(s))
        .collect();
    let unknown: Vec<_> = scopes
        .iter()
        .filter(|s| s["status"] == "not_checkable")
        .map(|s| message(s))
        .collect();
    assert_eq!(present.len(), probes().len());
    assert!(
        present
            .contains(&"Get Payment Methods (read-only): present, or covered by Create Payments"),
        "{present:?}"
    );
    assert!(present.contains(&"Customers (modify): present"));
    assert_eq!(unknown.len(), REQUIRED.len() - probes().len());
    assert!(unknown[0].starts_with("Create Payments (create): not checkable"));
    assert!(sandbox.config().unwrap().contains("verified_at = "));

    let requests = server.requests();
    assert_read_only_requests(&requests);
    assert_every_probe_once(&requests);
    assert_eq!(
        requests.len(),
        probes().len(),
        "the probes and nothing else"
    );
}

fn every_request_is_in_flight_at_once() {
    use std::sync::{Arc, Condvar, Mutex};
    let sandbox = Sandbox::new();
    sandbox.set_up();
    // Each answer waits until every request (the probes and B2B Edition's) has arrived.
    // Requests sent one after another would each give up waiting and get a 503 instead.
    let all = probes().len() + 1;
    let arrived = Arc::new((Mutex::new(0usize), Condvar::new()));
    let server = StandIn::start(move |request, _| {
        let (count, all_here) = &*arrived;
        let mut count = count.lock().unwrap();
        *count += 1;
        all_here.notify_all();
        let (count, waited) = all_here
            .wait_timeout_while(count, Duration::from_secs(2), |count| *count < all)
            .unwrap();
        drop(count);
        if waited.timed_out() {
            Reply::json(503, "{}")
        } else {
            standin::healthy_reply(request)
        }
    });
    let (code, json) = check(&sandbox, &server.env(), &["--b2b"]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(server.requests().len(), all);
}

fn the_store_time_is_not_the_verdict() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    // /v2/time forbidden (it needs Information & Settings), every scope fine: accepted.
    let server = StandIn::healthy();
    let (code, json) = check(&sandbox, &server.env(), &[]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(bigcommerce(&json)["status"], "ok");
    assert!(
        server
            .requests()
            .iter()
            .all(|r| !r.target.ends_with("/v2/time")),
        "not asked"
    );

    // /v2/time answering, every probe forbidden: not accepted either.
    let time_only = StandIn::start(|request, _| match request.target.as_str() {
        t if t.ends_with("/v2/time") => Reply::json(200, TIME),
        _ => Reply::json(403, FORBIDDEN),
    });
    let (code, json) = check(&sandbox, &time_only.env(), &[]);
    assert_eq!(code, 6, "{json}");
    assert_eq!(bigcommerce(&json)["status"], "problem");
}

fn the_same_refusal_everywhere_names_the_suspect_value() {
    let cases = [
        (
            401,
            UNAUTHORIZED,
            "does not accept this Access Token",
            "ACCESS TOKEN",
        ),
        (
            403,
            FORBIDDEN,
            "or the store's owner account changed",
            "create a new API account",
        ),
        (
            404,
            "{}",
            "most likely the store hash is wrong",
            "Check the store hash",
        ),
    ];
    for (status, body, says, fix) in cases {
        let sandbox = Sandbox::new();
        sandbox.set_up();
        let server = StandIn::start(move |_, _| Reply::json(status, body));
        let (code, json) = check(&sandbox, &server.env(), &[]);
        assert_eq!(code, 6, "{status}: {json}");
        let verdict = bigcommerce(&json);
        assert_eq!(verdict["status"], "problem");
        assert!(message(verdict).contains(says), "{verdict}");
        assert!(verdict["fix"].as_str().unwrap().contains(fix), "{verdict}");
        assert!(items(&json, "scope").is_empty(), "no scope lines: {json}");
        // All asked at once: no request waits for another's answer to be sent.
        assert_every_probe_once(&server.requests());
        assert!(!sandbox.config().unwrap().contains("verified_at"));
    }
}

fn order_bound_answers_do_not_prove_a_store() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    // A wrong store hash may answer 404 to an order and 400 to payment methods, too.
    let server = StandIn::start(|request, _| match request.target.as_str() {
        t if t.contains("/v3/orders/1/transactions") => Reply::json(404, "{}"),
        t if t.contains("/v3/payments/methods") => Reply::json(400, "{}"),
        _ => Reply::json(403, FORBIDDEN),
    });
    let (code, json) = check(&sandbox, &server.env(), &[]);
    assert_eq!(code, 6, "{json}");
    assert!(message(bigcommerce(&json)).contains("the store hash is wrong"));
}

fn a_rate_limit_is_waited_out_once() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let server = StandIn::start(|request, count| {
        if count == 0 {
            Reply::json(429, "{}")
                .header("X-Rate-Limit-Time-Reset-Ms", "300")
                .header("X-Rate-Limit-Requests-Left", "0")
        } else {
            standin::healthy_reply(request)
        }
    });
    let (code, json) = check(&sandbox, &server.env(), &[]);
    assert_eq!(code, 0, "{json}");
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        probes().len() + 1,
        "the probes and one retry"
    );
    let limited = &requests[0].target;
    let asked = requests.iter().filter(|r| r.target == *limited).count();
    assert_eq!(asked, 2, "{limited} asked again");

    // Still limited after the retry: that scope is not checked, the others are.
    let stubborn = StandIn::start(|request, _| {
        if request.target.contains("/v3/customers") {
            Reply::json(429, "{}").header("X-Rate-Limit-Time-Reset-Ms", "100")
        } else {
            standin::healthy_reply(request)
        }
    });
    let (code, json) = check(&sandbox, &stubborn.env(), &[]);
    assert_eq!(code, 7, "{json}");
    assert_eq!(bigcommerce(&json)["status"], "ok");
    let customers = items(&json, "scope")
        .into_iter()
        .find(|s| message(s).starts_with("Customers"))
        .unwrap();
    assert_eq!(
        message(customers),
        "Customers (modify): not checked (BigCommerce is limiting requests)"
    );
    let asked = stubborn
        .requests()
        .iter()
        .filter(|r| r.target.contains("/v3/customers"))
        .count();
    assert_eq!(asked, 2, "one retry, no more");

    // Both waits given: the longer one is honoured, as BigCommerce's documentation asks.
    let both = StandIn::start(|request, count| {
        if count == 0 {
            Reply::json(429, "{}")
                .header("X-Rate-Limit-Time-Reset-Ms", "50")
                .header("X-Retry-After", "1")
        } else {
            standin::healthy_reply(request)
        }
    });
    let output = sandbox
        .run(["check", "--online", "-v"])
        .envs(both.env())
        .success()
        .output;
    let requests = both.requests();
    let limited = &requests[0];
    let retry = requests[1..]
        .iter()
        .find(|r| r.target == limited.target)
        .expect("asked again");
    let waited = retry.at.duration_since(limited.at);
    assert!(waited >= Duration::from_secs(1), "retried after {waited:?}");
    assert!(
        !stderr_of(&output).contains("asked to wait"),
        "a wait within the bound is not remarked on"
    );

    // A wait beyond the bound is cut to it, and -v says so.
    let long = StandIn::start(|request, count| {
        if count == 0 {
            Reply::json(429, "{}").header("X-Retry-After", "60")
        } else {
            standin::healthy_reply(request)
        }
    });
    let output = sandbox
        .run(["check", "--online", "-v"])
        .envs(long.env())
        .success()
        .output;
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("BigCommerce asked to wait 60 s; waiting 5 s, the most this check waits"),
        "{stderr}"
    );
}

fn trouble_or_silence_is_unreachable_not_rejected() {
    let sandbox = Sandbox::new();
    sandbox.set_up();

    let server = StandIn::start(|_, _| Reply::json(500, "{}"));
    let (code, json) = check(&sandbox, &server.env(), &[]);
    assert_eq!(code, 7);
    assert_eq!(
        message(bigcommerce(&json)),
        "BigCommerce had trouble answering (HTTP 500)."
    );

    // BigCommerce documents 503 for a suspended store too.
    let suspended = StandIn::start(|_, _| Reply::json(503, "{}"));
    let (code, json) = check(&sandbox, &suspended.env(), &[]);
    assert_eq!(code, 7);
    let verdict = bigcommerce(&json);
    assert!(
        message(verdict).contains("the store is suspended (billing or an administrative action)"),
        "{verdict}"
    );
    assert!(
        verdict["fix"].as_str().unwrap().contains("suspended"),
        "{verdict}"
    );

    let slow =
        StandIn::start(|request, _| standin::healthy_reply(request).after(Duration::from_secs(5)));
    let started = std::time::Instant::now();
    let (code, json) = check(&sandbox, &slow.env(), &["--timeout", "0.5"]);
    assert_eq!(code, 7);
    assert_eq!(
        message(bigcommerce(&json)),
        "Could not reach BigCommerce: timed out after 0.5 s."
    );
    assert!(
        bigcommerce(&json)["fix"]
            .as_str()
            .unwrap()
            .contains("--timeout")
    );
    // Not a speed target: only that the timeout, not the server, ended the wait.
    assert!(started.elapsed() < Duration::from_secs(5));
}

fn unreachable_says_why_in_plain_words() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let base = |api: String| {
        vec![
            ("SYNCHUP_BIGCOMMERCE_API_BASE", api),
            ("SYNCHUP_B2B_API_BASE", standin::closed_port_base()),
        ]
    };
    let cases = [
        (
            standin::closed_port_base(),
            "Could not reach BigCommerce: the connection was refused.",
        ),
        (
            standin::not_tls_base(),
            "Could not reach BigCommerce: a secure connection could not be set up",
        ),
        // .invalid never resolves (RFC 6761); the long timeout lets a slow resolver fail
        // by itself rather than be cut short.
        (
            "https://api.synchup-test.invalid".to_owned(),
            "Could not reach BigCommerce: no network or DNS",
        ),
    ];
    for (api, want) in cases {
        let (code, json) = check(&sandbox, &base(api.clone()), &["--timeout", "30"]);
        assert_eq!(code, 7, "{api}: {json}");
        let verdict = bigcommerce(&json);
        assert!(message(verdict).starts_with(want), "{api}: {verdict}");
        assert!(verdict["fix"].is_string());
    }
}

fn some_probes_unanswered_beside_an_accepted_one() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let server = StandIn::start(|request, _| {
        let reply = standin::healthy_reply(request);
        match request.target.as_str() {
            t if t.contains("/v3/inventory/") => reply.after(Duration::from_secs(5)),
            t if t.contains("/v2/orders/count") => Reply::json(503, "{}"),
            _ => reply,
        }
    });
    let (code, json) = check(&sandbox, &server.env(), &["--timeout", "0.5"]);
    assert_eq!(code, 7, "not everything was checked: {json}");
    assert_eq!(bigcommerce(&json)["status"], "ok", "accepted by the others");
    let unchecked: Vec<_> = items(&json, "scope")
        .into_iter()
        .filter(|s| s["status"] == "problem")
        .map(message)
        .collect();
    assert_eq!(
        unchecked,
        [
            "Orders (modify): not checked (BigCommerce had trouble answering (HTTP 503))",
            "Store Locations (read-only): not checked (timed out after 0.5 s)",
            "Store Inventory (modify): not checked (timed out after 0.5 s)",
        ]
    );
    assert!(!sandbox.config().unwrap().contains("verified_at"));
}

fn a_missing_scope_names_what_to_set() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let server = StandIn::start(|request, _| match request.target.as_str() {
        t if t.ends_with("/v2/coupons/count") => Reply::json(403, FORBIDDEN),
        t if t.contains("/v3/pickup/methods") => Reply::json(403, FORBIDDEN),
        _ => standin::healthy_reply(request),
    });
    let (code, json) = check(&sandbox, &server.env(), &[]);
    assert_eq!(code, 6);
    assert_eq!(bigcommerce(&json)["status"], "ok");
    let missing: Vec<_> = items(&json, "scope")
        .into_iter()
        .filter(|s| s["status"] == "problem")
        .collect();
    assert_eq!(missing.len(), 2);
    assert_eq!(missing[0]["message"], "Marketing (modify): missing");
    let fix = missing[0]["fix"].as_str().unwrap();
    assert!(
        fix.starts_with(
            "BigCommerce does not let the scopes or the token of an existing store-level API \
             account be changed: create a new API account with Marketing set to modify"
        ),
        "{fix}"
    );
    assert!(fix.contains("then delete the old account"), "{fix}");
    assert_eq!(
        missing[1]["message"],
        "Fulfillment Methods (read-only): missing"
    );
}

fn b2b_edition_is_checked_on_its_own_api() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let server = StandIn::healthy();
    let (code, json) = check(&sandbox, &server.env(), &["--b2b"]);
    assert_eq!(code, 0, "{json}");
    let scopes = items(&json, "scope");
    assert_eq!(
        scopes.last().unwrap()["message"],
        "B2B Edition (modify): present"
    );
    let b2b: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.target.starts_with("/api/"))
        .collect();
    assert_eq!(b2b.len(), 1);
    assert_eq!(b2b[0].target, "/api/v3/io/companies?limit=1");
    assert_eq!(b2b[0].header("x-store-hash"), Some(HASH));
    assert_read_only_requests(&b2b);

    let forbidden = StandIn::start(|request, _| {
        if request.target.starts_with("/api/") {
            Reply::json(
                403,
                r#"{"code":403,"data":{},"meta":{"message":"Forbidden"}}"#,
            )
        } else {
            standin::healthy_reply(request)
        }
    });
    let (code, json) = check(&sandbox, &forbidden.env(), &["--b2b"]);
    assert_eq!(code, 6);
    let last = *items(&json, "scope").last().unwrap();
    assert_eq!(last["message"], "B2B Edition (modify): missing");

    // A server error from the B2B API: documented for a missing or mismatched store hash.
    let failing = StandIn::start(|request, _| {
        if request.target.starts_with("/api/") {
            Reply::json(
                500,
                r#"{"code":500,"data":{},"meta":{"message":"Internal Error"}}"#,
            )
        } else {
            standin::healthy_reply(request)
        }
    });
    let (code, json) = check(&sandbox, &failing.env(), &["--b2b"]);
    assert_eq!(code, 7, "{json}");
    assert_eq!(bigcommerce(&json)["status"], "ok");
    let last = *items(&json, "scope").last().unwrap();
    assert_eq!(
        last["message"],
        "B2B Edition (modify): not checked (the B2B Edition API answered HTTP 500: store hash \
         mismatch, or B2B Edition not enabled on this store)"
    );
}

/// The HTTP status decides: a body that claims success cannot turn a server error (or a
/// refusal) into a present scope; an envelope's error code inside a 2xx still counts.
fn b2b_edition_trusts_the_status_over_the_body() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let b2b_answers = |status: u16, body: &'static str| {
        StandIn::start(move |request, _| {
            if request.target.starts_with("/api/") {
                Reply::json(status, body)
            } else {
                standin::healthy_reply(request)
            }
        })
    };
    let last_scope = |server: &StandIn| {
        let (code, json) = check(&sandbox, &server.env(), &["--b2b"]);
        let last = items(&json, "scope").last().unwrap()["message"].clone();
        (code, last)
    };

    let (code, last) = last_scope(&b2b_answers(500, standin::B2B_OK));
    assert_eq!(code, 7, "{last}");
    assert!(last.as_str().unwrap().contains("HTTP 500"), "{last}");

    let (code, last) = last_scope(&b2b_answers(403, standin::B2B_OK));
    assert_eq!(code, 6, "{last}");
    assert_eq!(last, "B2B Edition (modify): missing");

    let (code, last) = last_scope(&b2b_answers(
        200,
        r#"{"code":403,"data":{},"meta":{"message":"Forbidden"}}"#,
    ));
    assert_eq!(code, 6, "{last}");
    assert_eq!(last, "B2B Edition (modify): missing");
}

fn the_override_is_shown_and_must_be_safe() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let server = StandIn::healthy();
    let output = sandbox
        .run(["check", "--online"])
        .envs(server.env())
        .success()
        .output;
    let stdout = stdout_of(&output);
    assert!(
        stdout.contains(&format!(
            "Asking SYNCHUP_BIGCOMMERCE_API_BASE={}",
            server.base()
        )),
        "{stdout}"
    );

    // Plain http to another machine would send the token unencrypted: refused, unsent.
    sandbox
        .run(["check", "--online"])
        .env("SYNCHUP_BIGCOMMERCE_API_BASE", "http://example.com")
        .code(2);
}

/// A store that answers with a redirect cannot send the token on: the place it points to
/// receives nothing.
fn a_redirect_is_never_followed() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let elsewhere = StandIn::healthy();
    let target = elsewhere.base();
    let redirecting = StandIn::start(move |request, _| {
        Reply::json(302, "{}").header("Location", &format!("{target}{}", request.target))
    });
    let (code, _) = check(&sandbox, &redirecting.env(), &[]);
    assert_ne!(code, 0);
    assert!(!redirecting.requests().is_empty());
    assert!(elsewhere.requests().is_empty(), "the redirect was followed");
}

fn a_pasted_foreign_host_never_receives_the_token() {
    let sandbox = Sandbox::new();
    let server = StandIn::healthy();
    sandbox
        .run(["--secret-store", "file", "--verify", "--client-id", ID])
        .args([
            "--api-path",
            &format!("{}/stores/abc1234/v3/", server.base()),
        ])
        .env("SYNCHUP_ACCESS_TOKEN", TOKEN)
        .envs(server.env())
        .stdin("")
        .code(3);
    assert!(server.requests().is_empty(), "nothing may be sent");
}

fn verified_setup(
    server_env: &[(&'static str, String)],
    sandbox: &Sandbox,
    verify: bool,
) -> std::process::Output {
    let mut setup = sandbox.run(["--secret-store", "file"]);
    if verify {
        setup = setup.args(["--verify"]);
    }
    // The callers check the exact code.
    setup
        .envs(server_env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(positional())
        .code_in(&run::DOCUMENTED_CODES)
        .output
}

fn a_scripted_setup_checks_only_with_verify() {
    let sandbox = Sandbox::new();
    let server = StandIn::healthy();
    let output = verified_setup(&server.env(), &sandbox, false);
    assert!(output.status.success());
    assert!(server.requests().is_empty());
    assert!(!sandbox.config().unwrap().contains("verified_at"));

    let output = verified_setup(&server.env(), &sandbox, true);
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("BigCommerce accepts the Access Token"));
    assert!(sandbox.config().unwrap().contains("verified_at = "));
    assert_read_only_requests(&server.requests());
}

/// Missing scopes in a script: nothing saved, exit 6, and what to create; the new account's
/// file then passes and is saved.
fn a_scripted_setup_with_missing_scopes_says_what_to_create() {
    const NEW_ID: &str = "n3wcl1ent1dn3wcl1ent1dn3wcl1en";
    const NEW_TOKEN: &str = "N3wT0kenN3wT0kenN3wT0kenN3wT0ke";
    let sandbox = Sandbox::new();
    let server = StandIn::lacking_two_scopes_for(TOKEN);
    let output = verified_setup(&server.env(), &sandbox, true);
    assert_eq!(output.status.code(), Some(6), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    let words = stderr.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(
            "The API account lacks 2 scopes SynchUP needs: Marketing (modify), Fulfillment \
             Methods (read-only). Nothing was saved."
        ),
        "{stderr}"
    );
    assert!(
        words.contains(
            "BigCommerce does not let the scopes or the token of an existing store-level API \
             account be changed: create a new API account with every scope SynchUP needs"
        ),
        "{stderr}"
    );
    assert!(sandbox.snapshot().is_empty(), "nothing written");

    let new_file = format!(
        "ACCESS TOKEN: {NEW_TOKEN}\nCLIENT NAME: SynchUP all scopes\nAPI PATH: {PATH}\n\
         CLIENT ID: {NEW_ID}\n"
    );
    sandbox
        .run(["--secret-store", "file", "--verify"])
        .envs(server.env())
        .stdin(new_file)
        .success();
    let config = sandbox.config().unwrap();
    assert!(config.contains(NEW_ID), "{config}");
    assert!(config.contains("verified_at = "), "{config}");
    assert_eq!(sandbox.file_token("default").as_deref(), Some(NEW_TOKEN));
}

fn a_scripted_setup_saves_nothing_when_rejected_or_unreachable() {
    for (reply, code) in [
        (Reply::json(401, UNAUTHORIZED), 6),
        (Reply::json(503, "{}"), 7),
    ] {
        let sandbox = Sandbox::new();
        let server = StandIn::start(move |_, _| reply.clone());
        let output = verified_setup(&server.env(), &sandbox, true);
        assert_eq!(output.status.code(), Some(code), "{}", stderr_of(&output));
        assert!(stderr_of(&output).contains("nothing was saved"));
        assert!(sandbox.snapshot().is_empty(), "nothing written");
    }
}

fn verbose_lists_each_request_and_never_the_token() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let server = StandIn::healthy();
    let mut run = sandbox.run(["-v", "check", "--online"]);
    for (name, value) in server.env() {
        run = run.env(name, value);
    }
    // The run fails if the token is anywhere in the output.
    let done = run
        .success()
        .stderr_has(&format!(
            "[bigcommerce] GET {}/stores/et7xe3pz/v2/coupons/count: HTTP 200 (",
            server.base()
        ))
        .stderr_has("/stores/et7xe3pz/v3/catalog/summary: HTTP 200 (")
        .stderr_has("[file] read the file ");
    let requests = done
        .stderr
        .lines()
        .filter(|l| l.starts_with("[bigcommerce] GET "))
        .count();
    assert_eq!(requests, server.requests().len(), "{}", done.stderr);
    assert!(!done.stderr.contains("X-Auth-Token"), "{}", done.stderr);
}

crate::harness::tests! {
    a_healthy_store_passes_and_the_check_is_recorded,
    every_request_is_in_flight_at_once,
    the_store_time_is_not_the_verdict,
    the_same_refusal_everywhere_names_the_suspect_value,
    order_bound_answers_do_not_prove_a_store,
    a_rate_limit_is_waited_out_once,
    trouble_or_silence_is_unreachable_not_rejected,
    unreachable_says_why_in_plain_words,
    some_probes_unanswered_beside_an_accepted_one,
    a_missing_scope_names_what_to_set,
    b2b_edition_is_checked_on_its_own_api,
    b2b_edition_trusts_the_status_over_the_body,
    the_override_is_shown_and_must_be_safe,
    a_redirect_is_never_followed,
    a_pasted_foreign_host_never_receives_the_token,
    a_scripted_setup_checks_only_with_verify,
    a_scripted_setup_saves_nothing_when_rejected_or_unreachable,
    a_scripted_setup_with_missing_scopes_says_what_to_create,
    verbose_lists_each_request_and_never_the_token,
}
