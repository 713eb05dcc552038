//! The online check against a BigCommerce stand-in on 127.0.0.1: what the program concludes
//! from each answer, and exactly what it sends.

use std::time::Duration;

use serde_json::Value;

use crate::common::standin::{self, FORBIDDEN, Reply, StandIn, TIME, UNAUTHORIZED};
use crate::common::*;

fn check(sandbox: &Sandbox, standin_env: &[(&'static str, String)], args: &[&str]) -> (i32, Value) {
    let output = sandbox
        .cmd()
        .args(["check", "--online", "--json"])
        .args(args)
        .envs(standin_env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    sandbox.assert_no_token_outside_stores(&[&output.stdout, &output.stderr]);
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

#[test]
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
    assert_eq!(scopes.len(), 12);
    let present = scopes.iter().filter(|s| s["status"] == "ok").count();
    let unknown: Vec<_> = scopes
        .iter()
        .filter(|s| s["status"] == "not_checkable")
        .map(|s| s["message"].as_str().unwrap())
        .collect();
    assert_eq!(present, 10);
    assert_eq!(unknown.len(), 2);
    assert!(unknown[0].starts_with("Create Payments (create): not checkable"));
    assert!(sandbox.config().unwrap().contains("verified_at = "));

    let requests = server.requests();
    assert_read_only_requests(&requests);
    assert!(
        requests
            .iter()
            .any(|r| r.target == "/stores/et7xe3pz/v2/time")
    );
    assert!(
        requests
            .iter()
            .any(|r| r.target == "/stores/et7xe3pz/v3/catalog/summary")
    );
    assert!(
        requests
            .iter()
            .all(|r| r.target.starts_with("/stores/et7xe3pz/v"))
    );
    assert_eq!(requests.len(), 11, "the auth check and ten probes");
}

#[test]
fn rejections_say_what_is_wrong_and_probe_nothing_more() {
    let cases = [
        (401, UNAUTHORIZED, "does not accept this Access Token"),
        (403, FORBIDDEN, "do not belong together"),
        (404, "{}", "has no store with the hash et7xe3pz"),
    ];
    for (status, body, message) in cases {
        let sandbox = Sandbox::new();
        sandbox.set_up();
        let server = StandIn::start(move |_, _| Reply::json(status, body));
        let (code, json) = check(&sandbox, &server.env(), &[]);
        assert_eq!(code, 6, "{status}: {json}");
        let verdict = bigcommerce(&json);
        assert_eq!(verdict["status"], "problem");
        assert!(
            verdict["message"].as_str().unwrap().contains(message),
            "{verdict}"
        );
        assert!(verdict["fix"].is_string());
        assert_eq!(
            server.requests().len(),
            1,
            "{status}: no probes after a rejection"
        );
        assert!(!sandbox.config().unwrap().contains("verified_at"));
    }
}

#[test]
fn a_rate_limit_is_waited_out_once() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let server = StandIn::start(|request, count| {
        if count == 0 {
            Reply::json(429, "{}")
                .header("X-Rate-Limit-Time-Reset-Ms", "300")
                .header("X-Rate-Limit-Requests-Left", "0")
        } else if request.target.ends_with("/v2/time") {
            Reply::json(200, TIME)
        } else {
            Reply::json(200, "{}")
        }
    });
    let (code, json) = check(&sandbox, &server.env(), &[]);
    assert_eq!(code, 0, "{json}");
    let time_requests = server
        .requests()
        .iter()
        .filter(|r| r.target.ends_with("/v2/time"))
        .count();
    assert_eq!(time_requests, 2);
}

#[test]
fn trouble_or_silence_is_unreachable_not_rejected() {
    let sandbox = Sandbox::new();
    sandbox.set_up();

    let server = StandIn::start(|_, _| Reply::json(500, "{}"));
    let (code, json) = check(&sandbox, &server.env(), &[]);
    assert_eq!(code, 7);
    assert!(
        bigcommerce(&json)["message"]
            .as_str()
            .unwrap()
            .contains("trouble")
    );

    let slow = StandIn::start(|_, _| Reply::json(200, TIME).after(Duration::from_secs(5)));
    let started = std::time::Instant::now();
    let (code, json) = check(&sandbox, &slow.env(), &["--timeout", "0.5"]);
    assert_eq!(code, 7);
    assert!(
        bigcommerce(&json)["message"]
            .as_str()
            .unwrap()
            .contains("no answer in time")
    );
    // Not a speed target: only that the timeout, not the server, ended the wait.
    assert!(started.elapsed() < Duration::from_secs(5));

    let closed = vec![
        ("SYNCHUP_BIGCOMMERCE_API_BASE", standin::closed_port_base()),
        ("SYNCHUP_B2B_API_BASE", standin::closed_port_base()),
    ];
    let (code, json) = check(&sandbox, &closed, &[]);
    assert_eq!(code, 7);
    assert!(
        bigcommerce(&json)["message"]
            .as_str()
            .unwrap()
            .contains("Could not reach")
    );
}

#[test]
fn a_missing_scope_names_what_to_set() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let server = StandIn::start(|request, _| match request.target.as_str() {
        t if t.ends_with("/v2/time") => Reply::json(200, TIME),
        t if t.ends_with("/v2/coupons/count") => Reply::json(403, FORBIDDEN),
        t if t.contains("/v3/pickup/methods") => Reply::json(403, FORBIDDEN),
        _ => Reply::json(200, "{}"),
    });
    let (code, json) = check(&sandbox, &server.env(), &[]);
    assert_eq!(code, 6);
    let missing: Vec<_> = items(&json, "scope")
        .into_iter()
        .filter(|s| s["status"] == "problem")
        .collect();
    assert_eq!(missing.len(), 2);
    assert_eq!(missing[0]["message"], "Marketing (modify): missing");
    assert!(
        missing[0]["fix"]
            .as_str()
            .unwrap()
            .contains("set Marketing to modify")
    );
    assert_eq!(
        missing[1]["message"],
        "Fulfillment Methods (read-only): missing"
    );
}

#[test]
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
        } else if request.target.ends_with("/v2/time") {
            Reply::json(200, TIME)
        } else {
            Reply::json(200, "{}")
        }
    });
    let (code, json) = check(&sandbox, &forbidden.env(), &["--b2b"]);
    assert_eq!(code, 6);
    let last = *items(&json, "scope").last().unwrap();
    assert_eq!(last["message"], "B2B Edition (modify): missing");
}

#[test]
fn the_override_is_shown_and_must_be_safe() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let server = StandIn::healthy();
    let output = sandbox
        .cmd()
        .args(["check", "--online"])
        .envs(server.env())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stdout_of(&output));
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
        .cmd()
        .args(["check", "--online"])
        .env("SYNCHUP_BIGCOMMERCE_API_BASE", "http://example.com")
        .assert()
        .code(2);
}

#[test]
fn a_pasted_foreign_host_never_receives_the_token() {
    let sandbox = Sandbox::new();
    let server = StandIn::healthy();
    let output = sandbox
        .cmd()
        .args(["--secret-store", "file", "--verify", "--client-id", ID])
        .args([
            "--api-path",
            &format!("{}/stores/abc1234/v3/", server.base()),
        ])
        .env("SYNCHUP_ACCESS_TOKEN", TOKEN)
        .envs(server.env())
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{}", stderr_of(&output));
    assert!(server.requests().is_empty(), "nothing may be sent");
}

fn verified_setup(
    server_env: &[(&'static str, String)],
    sandbox: &Sandbox,
    verify: bool,
) -> std::process::Output {
    let mut cmd = sandbox.cmd();
    cmd.args(["--secret-store", "file"]);
    if verify {
        cmd.arg("--verify");
    }
    let output = cmd
        .envs(server_env.iter().map(|(k, v)| (*k, v.as_str())))
        .write_stdin(positional())
        .output()
        .unwrap();
    sandbox.assert_no_token_outside_stores(&[&output.stdout, &output.stderr]);
    output
}

#[test]
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

#[test]
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

#[test]
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
            "[bigcommerce] GET {}/stores/et7xe3pz/v2/time: HTTP 200 (",
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
