//! The interactive wizard, driven through a real pseudo-terminal as an admin would use it.

use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession as Session;
use expectrl::{Eof, Expect};

use crate::common::*;

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const CTRL_C: &str = "\x03";
/// End of input on a terminal.
const CTRL_D: &str = "\x04";

/// The binary on a pseudo-terminal, with everything it printed kept for inspection.
struct Pty {
    session: Session,
    transcript: Vec<u8>,
}

impl Pty {
    fn spawn(sandbox: &Sandbox, args: &[&str]) -> Pty {
        Pty::spawn_with(sandbox, args, &[])
    }

    fn spawn_with(sandbox: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> Pty {
        // The pty starts with echo off; a shell turns it on first, as in a real terminal,
        // so that a prompt that failed to hide input would show it, and so that the
        // settings found after exit say whether the program restored them.
        let mut command = Command::new("sh");
        command
            .env_clear()
            .envs(sandbox.env())
            .envs(env.iter().copied())
            .env("TERM", "xterm-256color")
            .arg("-c")
            .arg("stty echo icanon && exec \"$0\" \"$@\"")
            .arg(assert_cmd::cargo::cargo_bin("synchup-setup"))
            .args(args);
        let mut session = Session::spawn(command).expect("spawn on a pty");
        session.get_process_mut().set_window_size(120, 50).unwrap();
        session.set_expect_timeout(Some(Duration::from_secs(20)));
        Pty {
            session,
            transcript: Vec::new(),
        }
    }

    /// Waits for `text` on the screen.
    fn expect(&mut self, text: &str) {
        match self.session.expect(text) {
            Ok(found) => {
                self.transcript.extend_from_slice(found.before());
                for m in found.matches() {
                    self.transcript.extend_from_slice(m);
                }
            }
            Err(err) => panic!(
                "waiting for {text:?}: {err}\n--- screen so far ---\n{}",
                self.text()
            ),
        }
    }

    /// Types `keys` once `prompt` is on the screen.
    fn answer(&mut self, prompt: &str, keys: &str) {
        self.expect(prompt);
        // The prompt text is drawn before the prompt reads keys; a pause lets it start.
        std::thread::sleep(Duration::from_millis(50));
        self.session.send(keys).unwrap();
    }

    /// Reads to the end and returns the exit code.
    fn finish(&mut self) -> i32 {
        if let Ok(found) = self.session.expect(Eof) {
            // Eof matches everything that was left, so the text is in the match.
            self.transcript.extend_from_slice(found.before());
            for m in found.matches() {
                self.transcript.extend_from_slice(m);
            }
        }
        match self.session.get_process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("not a normal exit: {other:?}\n{}", self.text()),
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.transcript).into_owned()
    }

    /// Echo and line editing are on, as a shell expects them after the program exits.
    fn assert_terminal_restored(&self) {
        let settings = rustix::termios::tcgetattr(self.session.get_stream()).unwrap();
        let flags = settings.local_modes;
        assert!(
            flags.contains(rustix::termios::LocalModes::ECHO),
            "echo left off"
        );
        assert!(
            flags.contains(rustix::termios::LocalModes::ICANON),
            "raw mode left on"
        );
        let text = self.text();
        let hidden = text.matches("\x1b[?25l").count();
        let shown = text.matches("\x1b[?25h").count();
        assert!(
            hidden == 0 || text.rfind("\x1b[?25h") > text.rfind("\x1b[?25l"),
            "cursor left hidden ({hidden} hide, {shown} show)"
        );
    }
}

fn first_setup(pty: &mut Pty) {
    pty.answer("B2B Edition", ENTER);
    pty.expect("only ONCE");
    pty.answer("Have you created the API account", ENTER);
    pty.answer("Path of the downloaded credentials file", ENTER);
    pty.answer("Client ID:", &format!("{ID}{ENTER}"));
    pty.answer("Access Token:", &format!("{TOKEN}{ENTER}"));
    pty.expect(&format!("Access Token: {TOKEN_MASK}"));
    pty.answer("API Path (or store hash):", &format!("store-{HASH}{ENTER}"));
    pty.expect(&format!("Store hash: {HASH}"));
}

#[test]
fn first_setup_saves_and_never_echoes_the_token() {
    let sandbox = Sandbox::new();
    let mut pty = Pty::spawn(&sandbox, &["--secret-store", "file", "--no-verify"]);
    first_setup(&mut pty);
    pty.expect("Ready to save profile \"default\"");
    pty.answer("Save?", ENTER);
    pty.expect("Saved profile \"default\" for store et7xe3pz");
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    pty.assert_terminal_restored();
    sandbox.assert_no_token_outside_stores(&[&pty.transcript]);
    assert!(sandbox.config().unwrap().contains(ID));
    assert!(sandbox.credentials().unwrap().contains(TOKEN));
}

#[test]
fn the_downloaded_file_can_be_named_at_the_prompt() {
    let sandbox = Sandbox::new();
    let file = sandbox.write_file("my creds.txt", credentials_file());
    let mut pty = Pty::spawn(&sandbox, &["--secret-store", "file", "--no-verify"]);
    pty.answer("B2B Edition", ENTER);
    pty.answer("Have you created the API account", ENTER);
    let dropped = file.display().to_string().replace(' ', "\\ ");
    pty.answer(
        "Path of the downloaded credentials file",
        &format!("{dropped}{ENTER}"),
    );
    pty.expect("Read Client ID, Access Token, API Path");
    pty.expect(&format!("Access Token: {TOKEN_MASK}"));
    pty.answer("Save?", ENTER);
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    assert!(sandbox.credentials().unwrap().contains(TOKEN));
    sandbox.assert_no_token_outside_stores(&[&pty.transcript]);
}

#[test]
fn an_update_shows_current_values_and_enter_keeps_them() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let before = sandbox.snapshot();
    let mut pty = Pty::spawn(&sandbox, &[]);
    pty.expect("already set up for store");
    pty.answer("Update it?", &format!("y{ENTER}"));
    pty.answer("B2B Edition", ENTER);
    pty.answer("Path of the downloaded credentials file", ENTER);
    pty.expect("Client ID:");
    pty.answer(&format!("Enter keeps {ID}"), ENTER);
    pty.expect("Access Token:");
    pty.answer(&format!("Enter keeps {TOKEN_MASK}"), ENTER);
    pty.expect("API Path");
    pty.answer(&format!("Enter keeps {HASH}"), ENTER);
    pty.expect("Nothing changed");
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    assert_eq!(sandbox.snapshot(), before);
    sandbox.assert_no_token_outside_stores(&[&pty.transcript]);
}

#[test]
fn a_rejected_value_is_asked_again() {
    let sandbox = Sandbox::new();
    let mut pty = Pty::spawn(&sandbox, &["--secret-store", "file", "--no-verify"]);
    pty.answer("B2B Edition", ENTER);
    pty.answer("Have you created the API account", ENTER);
    pty.answer("Path of the downloaded credentials file", ENTER);
    pty.answer("Client ID:", &format!("not-a-client-id{ENTER}"));
    pty.expect("contains a punctuation character (`-`) at position 4");
    pty.answer("Client ID:", &format!("{ID}{ENTER}"));
    pty.answer("Access Token:", &format!("{TOKEN}{ENTER}"));
    pty.answer(
        "API Path (or store hash):",
        &format!("https://example.com/{ENTER}"),
    );
    pty.expect("not a BigCommerce API address");
    pty.answer("API Path (or store hash):", &format!("{PATH}{ENTER}"));
    pty.answer("Save?", ENTER);
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    assert!(sandbox.config().unwrap().contains(HASH));
}

#[test]
fn declining_to_update_writes_nothing() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let before = sandbox.snapshot();
    let mut pty = Pty::spawn(&sandbox, &[]);
    pty.answer("Update it?", ENTER);
    pty.expect("Nothing was changed");
    assert_eq!(pty.finish(), 0);
    assert_eq!(sandbox.snapshot(), before);
}

/// Every question of a first setup, with the answer that moves past it.
fn questions() -> Vec<(&'static str, String)> {
    vec![
        ("B2B Edition", ENTER.to_owned()),
        ("Have you created the API account", ENTER.to_owned()),
        ("Path of the downloaded credentials file", ENTER.to_owned()),
        ("Client ID:", format!("{ID}{ENTER}")),
        ("Access Token:", format!("{TOKEN}{ENTER}")),
        ("API Path (or store hash):", format!("{PATH}{ENTER}")),
        (
            "Check these credentials with BigCommerce now?",
            format!("n{ENTER}"),
        ),
        ("Save?", String::new()),
    ]
}

fn cancel_at_every_question(key: &str) {
    for stop in 0..questions().len() {
        let sandbox = Sandbox::new();
        let mut pty = Pty::spawn(&sandbox, &["--secret-store", "file"]);
        for (prompt, keys) in questions().iter().take(stop) {
            pty.answer(prompt, keys);
        }
        let (prompt, _) = &questions()[stop];
        // Half an answer typed, then cancelled.
        pty.answer(prompt, "abc");
        std::thread::sleep(Duration::from_millis(50));
        pty.session.send(key).unwrap();
        pty.expect("Cancelled: nothing was saved.");
        assert_eq!(pty.finish(), 130, "question {stop}: {}", pty.text());
        pty.assert_terminal_restored();
        assert!(
            sandbox.snapshot().is_empty(),
            "question {stop}: something was written"
        );
        sandbox.assert_no_token_outside_stores(&[&pty.transcript]);
    }
}

#[test]
fn ctrl_c_at_any_question_writes_nothing_and_restores_the_terminal() {
    cancel_at_every_question(CTRL_C);
}

#[test]
fn esc_at_any_question_writes_nothing_and_restores_the_terminal() {
    cancel_at_every_question(ESC);
}

#[test]
fn end_of_input_at_any_question_writes_nothing_and_restores_the_terminal() {
    cancel_at_every_question(CTRL_D);
}

#[test]
fn without_a_keychain_the_file_store_is_offered() {
    // Declined (the default): nothing is written, exit 4.
    let sandbox = Sandbox::new();
    let mut pty = Pty::spawn(&sandbox, &["--no-verify"]);
    first_setup(&mut pty);
    pty.answer("Save?", ENTER);
    pty.expect("no OS keychain here");
    pty.answer("instead (a file readable only by you)?", ENTER);
    assert_eq!(pty.finish(), 4, "{}", pty.text());
    assert!(sandbox.config().is_none());
    assert!(sandbox.credentials().is_none());

    // Accepted: the token goes to credentials.toml and the profile says so.
    let sandbox = Sandbox::new();
    let mut pty = Pty::spawn(&sandbox, &["--no-verify"]);
    first_setup(&mut pty);
    pty.answer("Save?", ENTER);
    pty.answer(
        "instead (a file readable only by you)?",
        &format!("y{ENTER}"),
    );
    pty.expect("Saved profile");
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    assert!(
        sandbox
            .config()
            .unwrap()
            .contains("secret_store = \"file\"")
    );
    assert!(sandbox.credentials().unwrap().contains(TOKEN));
    sandbox.assert_no_token_outside_stores(&[&pty.transcript]);
}

#[test]
fn token_refuses_to_print_on_a_screen_unless_asked() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let mut pty = Pty::spawn(&sandbox, &["token"]);
    pty.expect("would be printed on your screen");
    assert_eq!(pty.finish(), 2, "{}", pty.text());
    assert!(!pty.text().contains(TOKEN));

    let mut pty = Pty::spawn(&sandbox, &["token", "--show"]);
    pty.expect(TOKEN);
    assert_eq!(pty.finish(), 0);
}

#[test]
fn no_color_turns_colours_off_on_a_terminal() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    // The sandbox sets NO_COLOR; without it a terminal gets colours.
    let env: Vec<_> = sandbox
        .env()
        .into_iter()
        .filter(|(k, _)| k != "NO_COLOR")
        .collect();
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("synchup-setup"));
    command
        .env_clear()
        .envs(env)
        .env("TERM", "xterm-256color")
        .arg("show");
    let mut session = Session::spawn(command).unwrap();
    let found = session.expect(Eof).unwrap();
    let coloured: Vec<u8> = found.matches().flatten().copied().collect();
    assert!(contains(&coloured, HASH.as_bytes()));
    assert!(
        contains(&coloured, b"\x1b["),
        "{}",
        String::from_utf8_lossy(&coloured)
    );

    let mut pty = Pty::spawn(&sandbox, &["show"]);
    pty.finish();
    assert!(pty.text().contains(HASH));
    assert!(!pty.text().contains("\x1b["), "{}", pty.text());
}

#[test]
fn remove_asks_first_on_a_terminal() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let before = sandbox.snapshot();
    let mut pty = Pty::spawn(&sandbox, &["remove"]);
    pty.answer("Remove profile \"default\" (store et7xe3pz)", ENTER);
    pty.expect("Nothing was removed.");
    assert_eq!(pty.finish(), 0);
    assert_eq!(sandbox.snapshot(), before);

    let mut pty = Pty::spawn(&sandbox, &["remove"]);
    pty.answer("Remove profile \"default\"", &format!("y{ENTER}"));
    pty.expect("Removed profile \"default\"");
    assert_eq!(pty.finish(), 0);
    assert!(!sandbox.config().unwrap().contains("[profiles.default]"));
}

fn spawn_checked(sandbox: &Sandbox, server: &[(&'static str, String)]) -> Pty {
    let env: Vec<(&str, &str)> = server.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Pty::spawn_with(sandbox, &["--secret-store", "file"], &env)
}

#[test]
fn the_wizard_checks_with_bigcommerce_and_records_it() {
    use crate::common::standin::StandIn;
    let sandbox = Sandbox::new();
    let server = StandIn::healthy();
    let mut pty = spawn_checked(&sandbox, &server.env());
    first_setup(&mut pty);
    pty.answer("Check these credentials with BigCommerce now?", ENTER);
    pty.expect("BigCommerce accepts the Access Token for this store.");
    pty.expect("Order Fulfillment");
    pty.expect("yes, accepted just now");
    pty.answer("Save?", ENTER);
    pty.expect("Saved profile");
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    assert!(sandbox.config().unwrap().contains("verified_at = "));
    sandbox.assert_no_token_outside_stores(&[&pty.transcript]);
    assert!(!server.requests().is_empty());
}

#[test]
fn rejected_credentials_are_not_saved_by_default() {
    use crate::common::standin::{Reply, StandIn, UNAUTHORIZED};
    let sandbox = Sandbox::new();
    let server = StandIn::start(|_, _| Reply::json(401, UNAUTHORIZED));
    let mut pty = spawn_checked(&sandbox, &server.env());
    first_setup(&mut pty);
    pty.answer("Check these credentials with BigCommerce now?", ENTER);
    pty.expect("does not accept this Access Token");
    pty.answer("Save these credentials anyway?", ENTER);
    pty.expect("nothing was saved");
    assert_eq!(pty.finish(), 6, "{}", pty.text());
    assert!(sandbox.snapshot().is_empty());
}

#[test]
fn unreachable_bigcommerce_is_offered_to_save_unchecked() {
    use crate::common::standin::closed_port_base;
    let sandbox = Sandbox::new();
    let closed = vec![
        ("SYNCHUP_BIGCOMMERCE_API_BASE", closed_port_base()),
        ("SYNCHUP_B2B_API_BASE", closed_port_base()),
    ];
    let mut pty = spawn_checked(&sandbox, &closed);
    first_setup(&mut pty);
    pty.answer("Check these credentials with BigCommerce now?", ENTER);
    pty.expect("Could not reach BigCommerce");
    pty.answer("Save without checking?", ENTER);
    pty.expect("Checked online");
    pty.answer("Save?", ENTER);
    pty.expect("Saved profile");
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    let config = sandbox.config().unwrap();
    assert!(!config.contains("verified_at"), "{config}");
}

#[test]
fn a_hanging_keychain_is_announced_and_bounded_on_a_terminal() {
    let sandbox = Sandbox::new();
    let bus = silent_bus(&sandbox);
    let env = [
        ("DBUS_SESSION_BUS_ADDRESS", bus.as_str()),
        ("SYNCHUP_KEYCHAIN_TIMEOUT", "3"),
    ];
    let mut pty = Pty::spawn_with(&sandbox, &["--no-verify"], &env);
    first_setup(&mut pty);
    pty.answer("Save?", ENTER);
    pty.expect("Waiting for the OS keychain... If your desktop asks for the keyring password");
    pty.expect("did not answer within 3 seconds");
    pty.answer("instead (a file readable only by you)?", ENTER);
    assert_eq!(pty.finish(), 4, "{}", pty.text());
    assert!(sandbox.config().is_none());
}
