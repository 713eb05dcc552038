//! The token with every command and every error path: it may appear in the secret store,
//! and on standard output for `token`, and nowhere else.

use crate::common::standin::{Reply, StandIn, UNAUTHORIZED};
use crate::common::*;

/// Arguments, environment and standard input of one run.
type Case<'a> = (Vec<&'a str>, Vec<(&'a str, String)>, String);

fn no_command_or_error_path_shows_the_token() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let unauthorized = StandIn::start(|_, _| Reply::json(401, UNAUTHORIZED));
    let healthy = StandIn::healthy();
    let bad_token = format!("{TOKEN}$");
    let runs: Vec<Case> = vec![
        (vec!["show"], vec![], String::new()),
        (vec!["show", "--json"], vec![], String::new()),
        (vec!["check"], vec![], String::new()),
        (vec!["check", "--json"], vec![], String::new()),
        (vec!["list", "--json"], vec![], String::new()),
        (vec!["show", "--profile", "nope"], vec![], String::new()),
        (
            vec!["check", "--online", "--json"],
            unauthorized.env(),
            String::new(),
        ),
        (vec!["check", "--online"], healthy.env(), String::new()),
        // The same values again, then values in the wrong places, then invalid ones.
        (vec![], vec![], positional()),
        (vec![], vec![], format!("{TOKEN}\n{ID}\n{PATH}\n")),
        (vec![], vec![], format!("{ID}\n{TOKEN}\n{TOKEN}\n")),
        (vec![], vec![], format!("{ID}\n{bad_token}\n{PATH}\n")),
        (vec![], vec![], format!("{ID}\n{TOKEN} {TOKEN}\n{PATH}\n")),
        (vec![], vec![], format!("{ID}\n{TOKEN}\nstore-{TOKEN}\n")),
        (
            vec![],
            vec![],
            format!("ACCESS TOKEN: {TOKEN}\nACCESS TOKEN: {TOKEN}\n"),
        ),
        (
            vec![],
            vec![],
            format!("CLIENT ID: {TOKEN}\nACCESS TOKEN: {TOKEN}\n"),
        ),
        (
            vec![],
            vec![("SYNCHUP_ACCESS_TOKEN", bad_token.clone())],
            String::new(),
        ),
        (
            vec!["show"],
            vec![("SYNCHUP_ACCESS_TOKEN", bad_token.clone())],
            String::new(),
        ),
        (
            vec!["check"],
            vec![("SYNCHUP_ACCESS_TOKEN", bad_token.clone())],
            String::new(),
        ),
        (
            vec!["--verify"],
            unauthorized.env(),
            format!("\n{OTHER_TOKEN}\n\n"),
        ),
        (vec!["--secret-store", "keychain"], vec![], String::new()),
        // -v says what was asked of the stores and of BigCommerce, never with the token.
        (
            vec!["-v", "check", "--online"],
            healthy.env(),
            String::new(),
        ),
        (
            vec!["-v", "check", "--online"],
            unauthorized.env(),
            String::new(),
        ),
        (vec!["-v"], vec![], positional()),
        (vec!["show", "-v"], vec![], String::new()),
        // A token given as an argument is refused without being repeated.
        (vec!["--access-token", TOKEN], vec![], String::new()),
        (vec!["show", "--token", TOKEN], vec![], String::new()),
        (vec!["--client-id", TOKEN], vec![], String::new()),
    ];
    for (args, env, stdin) in runs {
        // The run fails on a panic, on an exit code the README does not list, and on the
        // token in its output or in a file outside the stores.
        let done = sandbox
            .run(args.iter().copied())
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .env("RUST_BACKTRACE", "1")
            .stdin(stdin)
            .code_in(&run::DOCUMENTED_CODES);
        let stderr = done.stderr;
        // Terminal text, not Markdown (a library's own words, after "Details:", aside).
        let ours = stderr.lines().filter(|line| !line.contains("(Details: "));
        assert!(
            ours.clone().all(|line| !line.contains('`')),
            "{args:?}: {stderr}"
        );
        // `--client-id TOKEN` is refused as "pasted twice": the one case where the value
        // was given on the command line, where it already was in plain sight.
        if args.contains(&"--client-id") {
            assert_eq!(done.output.status.code(), Some(3), "{stderr}");
        }
    }

    let done = sandbox.run(["token"]).token_on_stdout().success();
    assert_eq!(done.stdout, format!("{TOKEN}\n"));

    sandbox.run(["remove", "--yes"]).success();
    sandbox.run(["remove", "--yes"]).success();
    assert!(!holds_token(
        &sandbox.credentials().unwrap_or_default().into_bytes()
    ));
}

/// `#[test]` means nothing to this harness (tests/harness.rs): such a function would be
/// compiled out and never run, silently. Each test is in its file's `tests!` list instead.
fn every_test_is_registered() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut files = Vec::new();
    let mut dirs = vec![dir];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 10, "{files:?}");
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.starts_with("#[test") || line.starts_with("#[tokio::test") {
                found.push(format!("{}:{}: {line}", file.display(), number + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "never run by tests/harness.rs: list the function in its file's tests! instead\n{}",
        found.join("\n")
    );
}

/// Whether a sentence says that the scopes (or the token) of an existing store-level API
/// account can be changed, which BigCommerce does not allow ("You can't change store-level
/// access tokens or OAuth scopes"). Lower case, spaces collapsed.
fn claims_scopes_can_be_changed(sentence: &str) -> bool {
    const CLAIMS: [&str; 6] = [
        "token stays the same",
        "edit this account",
        "edit the account",
        "edit the api account",
        "set the scopes",
        "set the missing scopes",
    ];
    const NEGATIONS: [&str; 6] = [
        "cannot",
        "can't",
        "can not",
        "does not let",
        "not be changed",
        "never",
    ];
    if CLAIMS.iter().any(|claim| sentence.contains(claim)) {
        return true;
    }
    // "change the scopes", "edit its oauth scopes", "scopes can be changed", ...
    let objects = [
        "scopes",
        "the scopes",
        "its scopes",
        "the oauth scopes",
        "the missing scopes",
    ];
    let verbs = ["change", "edit", "update", "add"];
    let acts = verbs.iter().any(|verb| {
        objects
            .iter()
            .any(|object| sentence.contains(&format!("{verb} {object}")))
    });
    let passive = ["changed", "edited", "updated", "added"]
        .iter()
        .any(|done| {
            ["scopes can be", "scopes may be", "scopes could be"]
                .iter()
                .any(|can| sentence.contains(&format!("{can} {done}")))
        });
    (acts || passive) && !NEGATIONS.iter().any(|negation| sentence.contains(negation))
}

/// The sentences of a text as the reader gets them: a string continued over lines of
/// source (`\` at a line's end) joined again, spaces collapsed, lower case.
fn sentences(text: &str) -> Vec<String> {
    let joined = text.replace("\\\n", " ").to_lowercase();
    let words = joined.split_whitespace().collect::<Vec<_>>().join(" ");
    words
        .split_inclusive(['.', ';', '!', '?', '"'])
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// No text of the program, the README, the man pages or the completions says that the
/// scopes of an existing store-level API account can be changed: missing scopes need a new
/// account.
fn nothing_says_an_accounts_scopes_can_be_changed() {
    // The check finds what was said before, so that its silence means something.
    for old in [
        "Some scopes are missing. In the control panel, open Settings › API › Store-level \
         API accounts, edit this account, set the scopes above and save; the token stays the \
         same.",
        "If it is right, set the scopes on the API account (synchup-setup steps lists them) \
         and check again: the token stays the same.",
        "Enter keeps it for an admin who set the missing scopes instead",
        "You can change the scopes of the existing API account in the control panel.",
    ] {
        assert!(
            sentences(old)
                .iter()
                .any(|s| claims_scopes_can_be_changed(s)),
            "not caught: {old}"
        );
    }
    for right in [
        "BigCommerce does not let the scopes or the token of an existing store-level API \
         account be changed: create a new API account.",
        "Now delete the old API account \"SynchUP\" in the control panel.",
    ] {
        assert!(
            !sentences(right)
                .iter()
                .any(|s| claims_scopes_can_be_changed(s)),
            "wrongly caught: {right}"
        );
    }

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md"), root.join("SECURITY.md")];
    let mut dirs = vec![
        root.join("src"),
        root.join("assets/man"),
        root.join("assets/completions"),
    ];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    let man_pages = files
        .iter()
        .filter(|f| f.starts_with(root.join("assets/man")));
    assert!(man_pages.count() > 1, "the man pages are there: {files:?}");
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for sentence in sentences(&text) {
            if claims_scopes_can_be_changed(&sentence) {
                found.push(format!("{}: {sentence}", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

crate::harness::tests! {
    no_command_or_error_path_shows_the_token,
    every_test_is_registered,
    nothing_says_an_accounts_scopes_can_be_changed,
}
