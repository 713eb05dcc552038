//! The interactive wizard, driven through a real pseudo-terminal as an admin would use it.

use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession as Session;
use expectrl::{Eof, Expect};

use crate::common::*;

pub(crate) const ENTER: &str = "\r";
const ESC: &str = "\x1b";
/// The down arrow, as a terminal sends it.
const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const CTRL_C: &str = "\x03";
/// End of input on a terminal.
const CTRL_D: &str = "\x04";

/// The binary on a pseudo-terminal, with everything it printed kept for inspection. A real
/// terminal is what these tests are about, so the binary runs here rather than through
/// `Run`; [`Pty::finish`] makes the same checks: no panic, and no token on the screen (unless
/// the test shows it on purpose) nor in any file outside the stores.
pub(crate) struct Pty<'s> {
    sandbox: &'s Sandbox,
    session: Session,
    pub(crate) transcript: Vec<u8>,
    columns: u16,
    token_on_screen: bool,
    /// Files the test keeps the token in on purpose.
    kept: Vec<std::path::PathBuf>,
}

/// Waits (at most 20 s) until the program on `session`'s terminal has turned echo off, as
/// a prompt does to read keys.
pub(crate) fn wait_until_echo_off(session: &Session, what: &str) {
    let started = std::time::Instant::now();
    while rustix::termios::tcgetattr(session.get_stream())
        .unwrap()
        .local_modes
        .contains(rustix::termios::LocalModes::ECHO)
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "waited 20 s for {what}"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Rows of the pseudo-terminal: as many as any run here prints, so nothing scrolls away
/// and the emulator that reads the screen back sees what the admin saw.
const ROWS: u16 = 400;

impl<'s> Pty<'s> {
    pub(crate) fn spawn(sandbox: &'s Sandbox, args: &[&str]) -> Pty<'s> {
        Pty::spawn_with(sandbox, args, &[])
    }

    pub(crate) fn spawn_with(sandbox: &'s Sandbox, args: &[&str], env: &[(&str, &str)]) -> Pty<'s> {
        Pty::start(sandbox, args, env, 120, false)
    }

    /// The binary on a terminal `columns` wide.
    pub(crate) fn spawn_at(sandbox: &'s Sandbox, args: &[&str], columns: u16) -> Pty<'s> {
        Pty::start(sandbox, args, &[], columns, false)
    }

    /// The binary on a terminal `columns` wide; `color` leaves `NO_COLOR` unset.
    fn start(
        sandbox: &'s Sandbox,
        args: &[&str],
        env: &[(&str, &str)],
        columns: u16,
        color: bool,
    ) -> Pty<'s> {
        // The pty starts with echo off; a shell turns it on first, as in a real terminal,
        // so that a prompt that failed to hide input would show it, and so that the
        // settings found after exit say whether the program restored them.
        let mut command = Command::new("sh");
        command
            .env_clear()
            .envs(
                sandbox
                    .env()
                    .into_iter()
                    .filter(|(name, _)| !color || name != "NO_COLOR"),
            )
            .envs(env.iter().copied())
            .env("TERM", "xterm-256color")
            .arg("-c")
            // The size is set here too, before the program starts: set from outside only,
            // it could arrive after the program has read it.
            .arg(format!(
                "stty echo icanon cols {columns} rows {ROWS} && exec \"$0\" \"$@\""
            ))
            .arg(assert_cmd::cargo::cargo_bin("synchup-setup"))
            .args(args);
        let mut session = Session::spawn(command).expect("spawn on a pty");
        session
            .get_process_mut()
            .set_window_size(columns, ROWS)
            .unwrap();
        session.set_expect_timeout(Some(Duration::from_secs(20)));
        Pty {
            sandbox,
            session,
            transcript: Vec::new(),
            columns,
            token_on_screen: false,
            kept: Vec::new(),
        }
    }

    /// Waits for `text` on the screen.
    pub(crate) fn expect(&mut self, text: &str) {
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

    /// The wizard's last question, how the values reach SynchUP, answered with the last
    /// choice: the connector on this machine reads them here.
    pub(crate) fn connector_here(&mut self) {
        self.answer(
            "How will these values reach SynchUP?",
            &format!("{DOWN}{DOWN}{ENTER}"),
        );
    }

    /// Types `keys` now.
    pub(crate) fn send(&mut self, keys: &str) {
        self.session.send(keys).unwrap();
    }

    /// Types `keys` once `prompt` is on the screen and the program reads keys.
    pub(crate) fn answer(&mut self, prompt: &str, keys: &str) {
        self.expect(prompt);
        self.wait_until_reading();
        self.session.send(keys).unwrap();
    }

    /// Waits until the program reads keys: a prompt draws its text before it reads, and
    /// keys typed before that would meet a terminal still in line mode (echoed, and Ctrl-C
    /// a signal). Every question turns echo off to read (raw mode, or a hidden answer), so
    /// the terminal's own settings say when.
    pub(crate) fn wait_until_reading(&self) {
        wait_until_echo_off(&self.session, "the question to read keys");
    }

    /// The token is on the screen on purpose (`token --show`, the last step's "show").
    pub(crate) fn token_on_screen(&mut self) {
        self.token_on_screen = true;
    }

    /// `file` holds the token on purpose (a downloaded file the admin keeps).
    pub(crate) fn token_kept_in(&mut self, file: &std::path::Path) {
        self.kept.push(file.to_owned());
    }

    /// Reads to the end and returns the exit code.
    pub(crate) fn finish(&mut self) -> i32 {
        match self.session.expect(Eof) {
            Ok(found) => {
                // Eof matches everything that was left, so the text is in the match.
                self.transcript.extend_from_slice(found.before());
                for m in found.matches() {
                    self.transcript.extend_from_slice(m);
                }
            }
            // Still waiting for an answer: a question the test did not expect.
            Err(_) => {
                let _ = self
                    .session
                    .get_process_mut()
                    .kill(expectrl::process::unix::Signal::SIGKILL);
                panic!("the program did not end; it waits on:\n{}", self.text());
            }
        }
        let code = match self.session.get_process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("not a normal exit: {other:?}\n{}", self.text()),
        };
        assert!(!self.text().contains("panicked"), "{}", self.text());
        let screen: &[u8] = if self.token_on_screen {
            &[]
        } else {
            &self.transcript
        };
        self.sandbox
            .assert_no_token_outside(&[screen], false, &self.kept);
        code
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.transcript).into_owned()
    }

    /// The screen as a terminal emulator shows it after everything printed so far: what
    /// the admin reads, with prompts redrawn and cleared as they were.
    pub(crate) fn screen(&self) -> Screen {
        let size = |n: u16| std::num::NonZeroU16::new(n).expect("a screen has a size");
        let mut parser = vt100::Parser::new(size(ROWS), size(self.columns), 0);
        parser.process(&self.transcript);
        let screen = parser.screen();
        let mut rows: Vec<(String, bool)> = screen
            .rows(0, self.columns)
            .enumerate()
            .map(|(i, row)| (row.trim_end().to_owned(), screen.row_wrapped(i as u16)))
            .collect();
        while rows.last().is_some_and(|(row, _)| row.is_empty()) {
            rows.pop();
        }
        Screen {
            columns: usize::from(self.columns),
            rows,
        }
    }

    /// Answers "Save?", leaves the values for the connector on this machine, and reads the
    /// screen once the run has ended well, checking it is laid out for its width.
    fn save_and_read(&mut self) -> Screen {
        self.answer("Save?", ENTER);
        self.expect("Saved profile");
        self.connector_here();
        assert_eq!(self.finish(), 0, "{}", self.text());
        let screen = self.screen();
        screen.assert_laid_out();
        screen
    }

    /// Echo and line editing are on, as a shell expects them after the program exits.
    pub(crate) fn assert_terminal_restored(&self) {
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

/// What the admin sees: the rows of the emulated screen, each with whether the terminal
/// itself wrapped it (a line the program wrote wider than the screen).
pub(crate) struct Screen {
    columns: usize,
    rows: Vec<(String, bool)>,
}

impl Screen {
    pub(crate) fn text(&self) -> String {
        let mut text = String::new();
        for (row, wrapped) in &self.rows {
            text.push_str(row);
            text.push_str(if *wrapped { "\u{23ce}\n" } else { "\n" });
        }
        text
    }

    /// The words on screen, one space apart: for sentences that may be wrapped anywhere.
    fn words(&self) -> String {
        self.lines()
            .flat_map(str::split_whitespace)
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn lines(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().map(|(row, _)| row.as_str())
    }

    /// The screen reads as text laid out for its width: every line was wrapped by the
    /// program from the words (the terminal never had to), no question mark or `(y/N)`
    /// sits alone on a line, and no word was split at a hyphen.
    pub(crate) fn assert_laid_out(&self) {
        let text = self.text();
        for (row, wrapped) in &self.rows {
            assert!(
                !wrapped,
                "the terminal wrapped this line:\n{row}\n---\n{text}"
            );
            assert!(
                console::measure_text_width(row) <= self.columns,
                "{row}\n---\n{text}"
            );
            let alone = row.trim();
            assert!(
                !matches!(alone, "?" | "(y/N)" | "(Y/n)" | "?  (y/N)" | "? (Y/n)"),
                "{alone:?} alone on a line:\n{text}"
            );
        }
        for pair in self.rows.windows(2) {
            let (above, below) = (&pair[0].0, pair[1].0.trim_start());
            let split = above.ends_with('-')
                && above[..above.len() - 1].ends_with(|c: char| c.is_alphanumeric())
                && below.starts_with(|c: char| c.is_alphanumeric());
            assert!(
                !split,
                "a word split at its hyphen:\n{above}\n{below}\n---\n{text}"
            );
        }
    }

    /// The rows of the table under `title`, up to the first empty line.
    fn table_under(&self, title: &str) -> Vec<&str> {
        let lines: Vec<&str> = self.lines().collect();
        let start = lines
            .iter()
            .position(|line| line.contains(title))
            .unwrap_or_else(|| panic!("no {title:?} on screen:\n{}", self.text()));
        lines[start + 1..]
            .iter()
            .take_while(|line| !line.trim().is_empty() && !line.starts_with(['?', '>']))
            .copied()
            .collect()
    }

    /// A table keeps its columns (every value starts in one column, wrapped parts too),
    /// or is made of `label: value` lines.
    fn assert_table(&self, title: &str) {
        let rows = self.table_under(title);
        let text = self.text();
        assert!(!rows.is_empty(), "empty table under {title:?}:\n{text}");
        let labelled = rows
            .iter()
            .all(|row| row.starts_with("    ") || (row.starts_with("  ") && row.contains(": ")));
        if labelled && rows[0].contains(": ") {
            return;
        }
        // The value column: after the first label and the two spaces that end it.
        let column = rows[0]
            .get(2..)
            .and_then(|rest| rest.find("  "))
            .map(|at| 2 + at + rest_spaces(&rows[0][2 + at..]))
            .unwrap_or_else(|| panic!("no columns under {title:?}:\n{text}"));
        for row in &rows {
            let (label, value) = row.split_at(column.min(row.len()));
            assert!(
                label.ends_with("  ") && !value.starts_with(' ') && !value.is_empty(),
                "out of column {column}: {row:?}\n{text}"
            );
        }
    }
}

fn rest_spaces(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

fn first_setup(pty: &mut Pty) {
    pty.answer("B2B Edition", ENTER);
    pty.expect("only ONCE");
    pty.answer("Have you created the API account?", ENTER);
    pty.answer("Downloaded credentials file", ENTER);
    pty.answer("Client ID:", &format!("{ID}{ENTER}"));
    pty.answer("Access Token:", &format!("{TOKEN}{ENTER}"));
    pty.expect(&format!("Access Token: {TOKEN_MASK}"));
    pty.answer("API Path (or store hash):", &format!("store-{HASH}{ENTER}"));
    pty.expect(&format!("Store hash: {HASH}"));
}

fn first_setup_saves_and_never_echoes_the_token() {
    let sandbox = Sandbox::new();
    let mut pty = Pty::spawn(&sandbox, &["--secret-store", "file", "--no-verify"]);
    first_setup(&mut pty);
    pty.expect("Ready to save profile \"default\"");
    pty.answer("Save?", ENTER);
    pty.expect("Saved profile \"default\" for store et7xe3pz");
    pty.connector_here();
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    pty.assert_terminal_restored();
    sandbox.assert_no_token_outside_stores(&[&pty.transcript]);
    assert!(sandbox.config().unwrap().contains(ID));
    assert!(sandbox.credentials().unwrap().contains(TOKEN));
}

fn the_downloaded_file_can_be_named_at_the_prompt() {
    let sandbox = Sandbox::new();
    let file = sandbox.write_file("my creds.txt", credentials_file());
    let mut pty = Pty::spawn(&sandbox, &["--secret-store", "file", "--no-verify"]);
    pty.answer("B2B Edition", ENTER);
    pty.answer("Have you created the API account", ENTER);
    let dropped = file.display().to_string().replace(' ', "\\ ");
    pty.answer("Downloaded credentials file", &format!("{dropped}{ENTER}"));
    pty.expect("Read Client ID, Access Token, API Path");
    pty.expect(&format!("Access Token: {TOKEN_MASK}"));
    pty.answer("Save?", ENTER);
    // A file named at the question is offered for deletion too.
    pty.answer("Delete the downloaded file?", ENTER);
    pty.connector_here();
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    assert!(!file.exists());
    assert!(sandbox.credentials().unwrap().contains(TOKEN));
    sandbox.assert_no_token_outside_stores(&[&pty.transcript]);
}

fn an_update_shows_current_values_and_enter_keeps_them() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let before = sandbox.snapshot();
    let mut pty = Pty::spawn(&sandbox, &[]);
    pty.expect("already set up for store");
    pty.answer("Update it?", &format!("y{ENTER}"));
    pty.answer("B2B Edition", ENTER);
    pty.answer("Downloaded credentials file", ENTER);
    pty.expect("Client ID:");
    pty.answer(&format!("Enter keeps {ID}"), ENTER);
    pty.expect("Access Token:");
    pty.answer(&format!("Enter keeps {TOKEN_MASK}"), ENTER);
    pty.expect("API Path");
    pty.answer(&format!("Enter keeps {HASH}"), ENTER);
    pty.expect("Nothing changed");
    // Nothing to change, but the hand-over is offered again.
    pty.connector_here();
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    assert_eq!(sandbox.snapshot(), before);
    sandbox.assert_no_token_outside_stores(&[&pty.transcript]);
}

fn a_rejected_value_is_asked_again() {
    let sandbox = Sandbox::new();
    let mut pty = Pty::spawn(&sandbox, &["--secret-store", "file", "--no-verify"]);
    pty.answer("B2B Edition", ENTER);
    pty.answer("Have you created the API account?", ENTER);
    pty.answer("Downloaded credentials file", ENTER);
    pty.answer("Client ID:", &format!("not-a-client-id{ENTER}"));
    pty.expect("contains a punctuation character (\"-\") at position 4");
    pty.answer("Client ID:", &format!("{ID}{ENTER}"));
    pty.answer("Access Token:", &format!("{TOKEN}{ENTER}"));
    pty.answer(
        "API Path (or store hash):",
        &format!("https://example.com/{ENTER}"),
    );
    pty.expect("not a BigCommerce API address");
    pty.answer("API Path (or store hash):", &format!("{PATH}{ENTER}"));
    pty.answer("Save?", ENTER);
    pty.connector_here();
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    assert!(sandbox.config().unwrap().contains(HASH));
}

fn declining_to_update_writes_nothing() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let before = sandbox.snapshot();
    let mut pty = Pty::spawn(&sandbox, &[]);
    pty.answer("Update it?", ENTER);
    pty.expect("Nothing was changed");
    // The hand-over may be what the admin came back for.
    pty.connector_here();
    assert_eq!(pty.finish(), 0);
    assert_eq!(sandbox.snapshot(), before);
}

/// Every question of a first setup, with the answer that moves past it.
fn questions() -> Vec<(&'static str, String)> {
    vec![
        ("B2B Edition", ENTER.to_owned()),
        ("Have you created the API account", ENTER.to_owned()),
        ("Downloaded credentials file", ENTER.to_owned()),
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
        pty.send(key);
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

fn ctrl_c_at_any_question_writes_nothing_and_restores_the_terminal() {
    cancel_at_every_question(CTRL_C);
}

fn esc_at_any_question_writes_nothing_and_restores_the_terminal() {
    cancel_at_every_question(ESC);
}

fn end_of_input_at_any_question_writes_nothing_and_restores_the_terminal() {
    cancel_at_every_question(CTRL_D);
}

/// No keychain on this machine: found before the plan, said once, and the file store
/// offered there (Enter takes it), at 60, 100 and 140 columns.
fn without_a_keychain_the_file_store_is_offered() {
    for columns in [60, 100, 140] {
        // Declined: the error said once, nothing written, exit 4.
        let sandbox = Sandbox::new();
        let mut pty = Pty::start(&sandbox, &["--no-verify"], &[], columns, false);
        first_setup(&mut pty);
        pty.expect("no OS keychain here");
        pty.answer("Keep the token in a file instead?", &format!("n{ENTER}"));
        pty.expect("Nothing was saved.");
        assert_eq!(pty.finish(), 4, "{}", pty.text());
        assert!(sandbox.config().is_none());
        assert!(sandbox.credentials().is_none());
        let screen = pty.screen();
        let text = screen.text();
        screen.assert_laid_out();
        assert_eq!(text.matches("no OS keychain here").count(), 1, "{text}");
        // Neither a plan that names the keychain nor a "Save?" came before.
        assert!(!text.contains("Token kept in"), "{text}");
        assert!(!text.contains("Save?"), "{text}");

        // Enter: the token goes to credentials.toml, and the plan says so.
        let sandbox = Sandbox::new();
        let mut pty = Pty::start(&sandbox, &["--no-verify"], &[], columns, false);
        first_setup(&mut pty);
        pty.answer("Keep the token in a file instead?", ENTER);
        pty.expect("credentials.toml");
        let screen = pty.save_and_read();
        let text = screen.text();
        let kept_in = screen
            .lines()
            .find(|l| l.contains("Token kept in"))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(kept_in.contains("credentials.toml"), "{text}");
        assert!(text.contains("The token is in a plain file"), "{text}");
        assert!(
            sandbox
                .config()
                .unwrap()
                .contains("secret_store = \"file\"")
        );
        assert!(sandbox.credentials().unwrap().contains(TOKEN));
        sandbox.assert_no_token_outside_stores(&[&pty.transcript]);
    }
}

fn token_refuses_to_print_on_a_screen_unless_asked() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let mut pty = Pty::spawn(&sandbox, &["token"]);
    pty.expect("would be printed on your screen");
    assert_eq!(pty.finish(), 2, "{}", pty.text());
    assert!(!pty.text().contains(TOKEN));

    let mut pty = Pty::spawn(&sandbox, &["token", "--show"]);
    pty.token_on_screen();
    pty.expect(TOKEN);
    assert_eq!(pty.finish(), 0);
}

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

    // CLICOLOR=0 does what NO_COLOR does. Neither takes the symbols away: those follow
    // the locale, and a terminal without UTF-8 gets the ASCII markers a pipe gets.
    let mut pty = Pty::start(&sandbox, &["check"], &[("CLICOLOR", "0")], 100, true);
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    assert!(!pty.text().contains("\x1b[3"), "{}", pty.text());
    assert!(pty.text().contains("✔ Healthy."), "{}", pty.text());
    let mut pty = Pty::start(&sandbox, &["check"], &[("LANG", "C")], 100, false);
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    assert!(pty.text().contains("ok: Healthy."), "{}", pty.text());
    assert!(!pty.text().contains('✔'), "{}", pty.text());
}

fn remove_asks_first_on_a_terminal() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let before = sandbox.snapshot();
    let mut pty = Pty::spawn(&sandbox, &["remove"]);
    pty.expect("Profile \"default\" is for store et7xe3pz.");
    pty.answer("Remove it and its Access Token?", ENTER);
    pty.expect("Nothing was removed.");
    assert_eq!(pty.finish(), 0);
    assert_eq!(sandbox.snapshot(), before);

    let mut pty = Pty::spawn(&sandbox, &["remove"]);
    pty.answer("Remove it and its Access Token?", &format!("y{ENTER}"));
    pty.expect("Removed profile \"default\"");
    // Forgetting the token here does not revoke it: the way to do that is named.
    pty.expect("The API account still exists in BigCommerce");
    pty.expect("To revoke it");
    assert_eq!(pty.finish(), 0);
    assert!(!sandbox.config().unwrap().contains("[profiles.default]"));
}

fn spawn_checked<'s>(sandbox: &'s Sandbox, server: &[(&'static str, String)]) -> Pty<'s> {
    let env: Vec<(&str, &str)> = server.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Pty::spawn_with(sandbox, &["--secret-store", "file"], &env)
}

fn the_wizard_checks_with_bigcommerce_and_records_it() {
    use crate::common::standin::StandIn;
    let sandbox = Sandbox::new();
    let server = StandIn::healthy();
    let mut pty = spawn_checked(&sandbox, &server.env());
    first_setup(&mut pty);
    pty.answer("Check these credentials with BigCommerce now?", ENTER);
    pty.expect("BigCommerce accepts the Access Token for this store.");
    pty.expect("Order Fulfillment");
    pty.expect("accepted just now");
    pty.answer("Save?", ENTER);
    pty.expect("Saved profile");
    pty.connector_here();
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    assert!(sandbox.config().unwrap().contains("verified_at = "));
    sandbox.assert_no_token_outside_stores(&[&pty.transcript]);
    assert!(!server.requests().is_empty());
}

fn rejected_credentials_are_not_saved_by_default() {
    use crate::common::standin::{Reply, StandIn, UNAUTHORIZED};
    let sandbox = Sandbox::new();
    let server = StandIn::start(|_, _| Reply::json(401, UNAUTHORIZED));
    let mut pty = spawn_checked(&sandbox, &server.env());
    first_setup(&mut pty);
    pty.answer("Check these credentials with BigCommerce now?", ENTER);
    pty.expect("does not accept this Access Token");
    pty.answer(
        "Enter the Access Token or the API Path",
        &format!("n{ENTER}"),
    );
    pty.answer("Save these credentials anyway?", ENTER);
    pty.expect("nothing was saved");
    assert_eq!(pty.finish(), 6, "{}", pty.text());
    assert!(sandbox.snapshot().is_empty());
}

/// The first token is rejected, the second accepted: fixed in place, nothing else typed
/// again, no restart.
fn a_rejected_token_is_asked_again_and_checked_again() {
    use crate::common::standin::{Reply, StandIn, UNAUTHORIZED, healthy_reply};
    let sandbox = Sandbox::new();
    let server = StandIn::start(|request, _| match request.header("X-Auth-Token") {
        Some(token) if token == OTHER_TOKEN => healthy_reply(request),
        _ => Reply::json(401, UNAUTHORIZED),
    });
    let mut pty = spawn_checked(&sandbox, &server.env());
    first_setup(&mut pty);
    pty.answer("Check these credentials with BigCommerce now?", ENTER);
    pty.expect("does not accept this Access Token");
    pty.answer("Enter the Access Token or the API Path", ENTER);
    // The question above names the Access Token too: wait for the token's own question.
    pty.answer(
        "hidden as you type or paste",
        &format!("{OTHER_TOKEN}{ENTER}"),
    );
    pty.answer("API Path (or store hash)", ENTER);
    pty.expect("BigCommerce accepts the Access Token for this store.");
    pty.expect("accepted just now");
    pty.answer("Save?", ENTER);
    pty.expect("Saved profile");
    pty.connector_here();
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    assert_eq!(sandbox.file_token("default").as_deref(), Some(OTHER_TOKEN));
    assert!(sandbox.config().unwrap().contains(ID));
    assert!(sandbox.config().unwrap().contains("verified_at = "));
    // Each question, once answered, is drawn once with its answer: asked once each.
    let text = pty.text();
    assert_eq!(text.matches("> Client ID:").count(), 1, "{text}");
    assert_eq!(text.matches("> Access Token").count(), 2, "{text}");
    sandbox.assert_no_token_outside_stores(&[&pty.transcript]);
}

/// A right token with another store's hash: BigCommerce's answer is undocumented; if it is
/// a 401, the message names the store, and the store hash is fixed in place with Enter
/// keeping the token.
fn a_401_lets_the_store_hash_be_fixed_in_place() {
    use crate::common::standin::{Reply, StandIn, UNAUTHORIZED, healthy_reply};
    const RIGHT_STORE: &str = "abc1234";
    let sandbox = Sandbox::new();
    let server = StandIn::start(|request, _| {
        if request
            .target
            .starts_with(&format!("/stores/{RIGHT_STORE}/"))
        {
            healthy_reply(request)
        } else {
            Reply::json(401, UNAUTHORIZED)
        }
    });
    let mut pty = spawn_checked(&sandbox, &server.env());
    first_setup(&mut pty);
    pty.answer("Check these credentials with BigCommerce now?", ENTER);
    pty.expect(&format!(
        "BigCommerce does not accept this Access Token for store {HASH}"
    ));
    pty.answer("Enter the Access Token or the API Path", ENTER);
    // Enter keeps the token just checked (the question above names the Access Token too:
    // wait for the token's own question).
    pty.answer("hidden as you type or paste", ENTER);
    pty.answer("API Path (or store hash)", &format!("{RIGHT_STORE}{ENTER}"));
    pty.expect("BigCommerce accepts the Access Token for this store.");
    pty.answer("Save?", ENTER);
    pty.expect("Saved profile");
    pty.connector_here();
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    assert_eq!(sandbox.file_token("default").as_deref(), Some(TOKEN));
    let config = sandbox.config().unwrap();
    assert!(config.contains(RIGHT_STORE), "{config}");
    assert!(config.contains("verified_at = "), "{config}");
    sandbox.assert_no_token_outside_stores(&[&pty.transcript]);
}

/// The new API account's values, as its credentials file has them.
const NEW_ID: &str = "n3wcl1ent1dn3wcl1ent1dn3wcl1en";
const NEW_TOKEN: &str = "N3wT0kenN3wT0kenN3wT0kenN3wT0ke";

/// Missing scopes, end to end: said plainly, a new account walked through (with the link to
/// the page), its credentials file found in Downloads when it appears, checked again,
/// saved, and the old account named for deletion.
fn missing_scopes_walk_through_a_new_api_account() {
    let sandbox = Sandbox::new();
    let downloads = sandbox.home().join("Downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let old_file = downloaded(&downloads, 600);
    let server = crate::common::standin::StandIn::lacking_two_scopes_for(TOKEN);
    let env: Vec<(&str, String)> = server.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // 60 columns: every line, the options and the link too, laid out for a narrow terminal.
    let mut pty = Pty::start(&sandbox, &["--secret-store", "file"], &env, 60, false);
    pty.answer("Does the store use B2B Edition?", ENTER);
    pty.answer("Have you created the API account?", ENTER);
    pty.answer("Use it?", ENTER);
    pty.answer("Check these credentials with BigCommerce now?", ENTER);
    pty.expect("lacks 2 scopes");
    pty.expect("does not let the scopes");
    pty.answer("What now?", ENTER);
    pty.expect("Create a new API account in the BigCommerce");
    // Too wide for 60 columns with its scheme: shown without it, never wrapped.
    pty.expect("\nlogin.bigcommerce.com/deep-links/settings/auth/api-accounts");
    pty.expect("new account's credentials");
    pty.wait_until_reading();
    // The admin saves the new account; her browser downloads its file.
    let new_file = downloads.join("API Credentials (1).txt");
    std::fs::write(
        &new_file,
        format!(
            "ACCESS TOKEN: {NEW_TOKEN}\nCLIENT NAME: SynchUP all scopes\nAPI PATH: {PATH}\n\
             CLIENT ID: {NEW_ID}\nCLIENT SECRET: {CLIENT_SECRET}\n"
        ),
    )
    .unwrap();
    pty.send(ENTER);
    pty.expect("Found \"API Credentials (1).txt\" in Downloads");
    pty.answer("Use it?", ENTER);
    pty.expect("BigCommerce accepts the Access Token for this store.");
    pty.expect("accepted just now");
    pty.answer("Save?", ENTER);
    pty.expect("Saved profile");
    pty.expect("Now delete the old API account");
    pty.answer("Delete the downloaded file?", &format!("n{ENTER}"));
    pty.token_kept_in(&old_file);
    pty.token_kept_in(&new_file);
    pty.connector_here();
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    assert_eq!(sandbox.file_token("default").as_deref(), Some(NEW_TOKEN));
    let config = sandbox.config().unwrap();
    assert!(config.contains(NEW_ID), "{config}");
    assert!(!config.contains(ID), "the old Client ID is gone: {config}");
    assert!(config.contains("SynchUP all scopes"), "{config}");
    assert!(config.contains("verified_at = "), "{config}");
    let screen = pty.screen();
    screen.assert_laid_out();
    // Wrapped to the terminal: read as words.
    let words = screen.words();
    let old_file_named = format!(
        "Its credentials file still holds that token: delete {} too.",
        old_file.display()
    );
    assert!(words.contains(&old_file_named), "{words}");
    for said in [
        "The API account lacks 2 scopes SynchUP needs: Marketing (modify), Fulfillment \
         Methods (read-only).",
        "BigCommerce does not let the scopes or the token of an existing store-level API \
         account be changed: create a new API account",
        "Fulfillment Methods read-only (missing before)",
    ] {
        assert!(words.contains(said), "{said}\n{words}");
    }
    assert!(
        words.contains(&format!(
            "Now delete the old API account \"SynchUP connector\" (Client ID {ID}) in the \
             control panel: Settings, then Store-level API accounts (under API in some control \
             panels). Its token keeps working until you do."
        )),
        "{words}"
    );
    sandbox.assert_no_token_outside(&[&pty.transcript], false, &[old_file, new_file]);
}

/// Step 1's link to the API accounts page: an OSC 8 hyperlink on a terminal that shows them;
/// on a desktop session the browser is offered, opened only on yes; never offered over SSH.
fn the_api_accounts_link_is_a_hyperlink_and_opens_only_when_asked() {
    const LINK: &str = "https://login.bigcommerce.com/deep-links/settings/auth/api-accounts";
    let sandbox = Sandbox::new();
    // A browser that notes what it was asked to open, a moment after it starts: by then
    // the run has ended and its terminal closed, which must not take the browser with it.
    let opened = sandbox.path().join("opened");
    let browser = sandbox.path().join("browser");
    std::fs::write(
        &browser,
        format!(
            "#!/bin/sh\nsleep 1\nprintf '%s\\n' \"$1\" >> '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let browser = browser.to_str().unwrap().to_owned();
    let run = |extra: &[(&'static str, &str)], answer: Option<&str>| {
        let mut env = vec![
            ("FORCE_HYPERLINK", "1"),
            ("DISPLAY", ":99"),
            ("BROWSER", browser.as_str()),
        ];
        env.extend_from_slice(extra);
        let mut pty = Pty::start(&sandbox, &["--no-verify"], &env, 100, false);
        pty.answer("Does the store use B2B Edition?", ENTER);
        // The link's target is the whole address: OSC 8, then the text shown.
        pty.expect(&format!("\x1b]8;;{LINK}\x1b\\{LINK}\x1b]8;;\x1b\\"));
        if let Some(answer) = answer {
            pty.answer("Open the API accounts page in your browser now?", answer);
        }
        pty.answer("Have you created the API account?", ESC);
        assert_eq!(pty.finish(), 130, "{}", pty.text());
        pty.text()
    };

    let said = run(&[], Some(&format!("n{ENTER}")));
    assert!(said.contains("Open the API accounts page"), "{said}");
    assert!(!opened.exists(), "no browser without a yes");

    let said = run(&[("SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22")], None);
    assert!(!said.contains("Open the API accounts page"), "{said}");
    assert!(!opened.exists(), "no browser over SSH");

    run(&[], Some(&format!("y{ENTER}")));
    // The browser was started before the next question; it may still be writing.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while std::fs::read_to_string(&opened).map_or(true, |text| text.is_empty()) {
        assert!(
            std::time::Instant::now() < deadline,
            "the browser never ran"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(
        std::fs::read_to_string(&opened).unwrap(),
        format!("{LINK}\n")
    );
}

fn unreachable_bigcommerce_is_offered_to_save_unchecked() {
    use crate::common::standin::closed_port_base;
    let closed = [
        ("SYNCHUP_BIGCOMMERCE_API_BASE", closed_port_base()),
        ("SYNCHUP_B2B_API_BASE", closed_port_base()),
    ];
    let env: Vec<(&str, &str)> = closed.iter().map(|(k, v)| (*k, v.as_str())).collect();
    for columns in [60, 100, 140] {
        // Enter saves without the check.
        let sandbox = Sandbox::new();
        let mut pty = Pty::start(&sandbox, &["--secret-store", "file"], &env, columns, false);
        first_setup(&mut pty);
        pty.answer("Check these credentials with BigCommerce now?", ENTER);
        pty.expect("Could not reach BigCommerce");
        pty.answer("Save without checking, or try again?", ENTER);
        // That answer was the one question: no "Save?" after it.
        pty.expect("Saved profile");
        assert!(!pty.text().contains("Save?"), "{}", pty.text());
        pty.connector_here();
        assert_eq!(pty.finish(), 0, "{}", pty.text());
        let config = sandbox.config().unwrap();
        assert!(!config.contains("verified_at"), "{config}");
        let screen = pty.screen();
        screen.assert_laid_out();
        let words = screen.words();
        assert!(
            words.contains("not checked: BigCommerce could not be reached"),
            "{}",
            screen.text()
        );

        // Try again checks again; quitting saves nothing, and the hint is about what the
        // admin did, not a flag they never typed.
        let sandbox = Sandbox::new();
        let mut pty = Pty::start(&sandbox, &["--secret-store", "file"], &env, columns, false);
        first_setup(&mut pty);
        pty.answer("Check these credentials with BigCommerce now?", ENTER);
        pty.answer(
            "Save without checking, or try again?",
            &format!("{UP}{ENTER}"),
        );
        pty.expect("Could not reach BigCommerce");
        pty.answer(
            "Save without checking, or try again?",
            &format!("{DOWN}{ENTER}"),
        );
        assert_eq!(pty.finish(), 7, "{}", pty.text());
        let screen = pty.screen();
        let text = screen.text();
        screen.assert_laid_out();
        assert_eq!(
            text.matches("Could not reach BigCommerce").count(),
            2,
            "{text}"
        );
        assert!(!text.contains("--verify"), "{text}");
        assert!(
            screen.words().contains("synchup-setup check --online"),
            "{text}"
        );
        assert!(sandbox.snapshot().is_empty(), "nothing was saved");
    }
}

fn a_hanging_keychain_is_announced_and_bounded_on_a_terminal() {
    let sandbox = Sandbox::new();
    let bus = silent_bus(&sandbox);
    let env = [
        ("DBUS_SESSION_BUS_ADDRESS", bus.as_str()),
        ("SYNCHUP_KEYCHAIN_TIMEOUT", "3"),
    ];
    let mut pty = Pty::spawn_with(&sandbox, &["--no-verify"], &env);
    first_setup(&mut pty);
    pty.expect("Waiting for the OS keychain... If your desktop asks for the keyring password");
    pty.expect("did not answer within 3 seconds");
    pty.answer("Keep the token in a file instead?", &format!("n{ENTER}"));
    assert_eq!(pty.finish(), 4, "{}", pty.text());
    assert!(sandbox.config().is_none());
}

/// Writes `~/.config/user-dirs.dirs` naming the download directory, as a Linux desktop
/// does, and returns that directory.
fn download_dir(sandbox: &Sandbox, name: &str) -> std::path::PathBuf {
    let config = sandbox.home().join(".config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("user-dirs.dirs"),
        format!("# written by xdg-user-dirs-update\nXDG_DOWNLOAD_DIR=\"$HOME/{name}\"\n"),
    )
    .unwrap();
    let dir = sandbox.home().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The credentials file as the browser saved it, `age_secs` seconds ago.
fn downloaded(dir: &std::path::Path, age_secs: u64) -> std::path::PathBuf {
    let path = dir.join("API Credentials.txt");
    std::fs::write(&path, credentials_file()).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(std::time::SystemTime::now() - Duration::from_secs(age_secs))
        .unwrap();
    path
}

/// A first setup typed in, at `columns`, up to the save question.
fn typed_setup(pty: &mut Pty) {
    pty.answer("Does the store use B2B Edition?", ENTER);
    pty.answer("Have you created the API account?", ENTER);
    pty.answer("Downloaded credentials file", ENTER);
    pty.answer("Client ID:", &format!("{ID}{ENTER}"));
    pty.answer("Access Token:", &format!("{TOKEN}{ENTER}"));
    pty.answer("API Path (or store hash):", &format!("store-{HASH}{ENTER}"));
    pty.expect("Ready to save profile");
    pty.answer("Save?", ENTER);
    pty.expect("Saved profile");
    pty.connector_here();
}

fn the_screen_reads_well_at_60_and_100_columns_with_and_without_colour() {
    for (columns, color) in [
        (60, false),
        (60, true),
        (100, false),
        (100, true),
        (140, false),
    ] {
        let sandbox = Sandbox::new();
        let args = [
            "--profile",
            "eu-shop",
            "--secret-store",
            "file",
            "--no-verify",
        ];
        let mut pty = Pty::start(&sandbox, &args, &[], columns, color);
        typed_setup(&mut pty);
        assert_eq!(pty.finish(), 0, "{}", pty.text());
        let screen = pty.screen();
        let text = screen.text();
        let at = format!("at {columns} columns, colour {color}:\n{text}");
        screen.assert_laid_out();
        screen.assert_table("Ready to save profile \"eu-shop\"");
        // Even a wide terminal gets lines of at most 100 columns.
        let widest = screen.lines().map(console::measure_text_width).max();
        assert!(widest <= Some(100), "{at}");

        // Every question was answered, and each answered one is marked so, not with "?".
        assert!(!screen.lines().any(|l| l.starts_with("? ")), "{at}");
        for question in ["Have you created the API account?", "Client ID:", "Save?"] {
            assert!(
                screen
                    .lines()
                    .any(|l| l.starts_with("> ") && l.contains(question)),
                "{question} {at}"
            );
        }
        // The typed token is on screen once, masked, on its answered line; then in the
        // summary, marked new.
        let shown: Vec<_> = screen.lines().filter(|l| l.contains(TOKEN_MASK)).collect();
        assert_eq!(shown.len(), 2, "{at}");
        assert_eq!(shown[0], format!("> Access Token: {TOKEN_MASK}"), "{at}");
        assert!(
            shown[1].starts_with("  Access Token") && shown[1].ends_with("(new)"),
            "{at}"
        );
        // The note about the prefix comes before the store hash it explains.
        let lines: Vec<_> = screen.lines().collect();
        let note = lines
            .iter()
            .position(|l| l.contains("Removed the \"store-\" prefix"));
        let hash = lines
            .iter()
            .position(|l| l.contains(&format!("Store hash: {HASH}")));
        assert!(note.is_some() && note < hash, "{at}");
        // What happens next: the last question, answered, and what it means.
        let next = screen.words();
        assert!(
            next.contains("How will these values reach SynchUP?"),
            "{at}"
        );
        assert!(
            next.contains("connector on this machine reads them from here"),
            "{at}"
        );
        // Symbols on a terminal, with or without colour.
        assert!(text.contains("✔ Saved profile \"eu-shop\""), "{at}");
        assert!(
            text.contains("Settings, then Store-level API accounts"),
            "{at}"
        );
        sandbox.assert_no_token_outside_stores(&[&pty.transcript]);
    }
}

fn an_update_shows_what_was_kept() {
    let sandbox = Sandbox::new();
    sandbox.set_up();
    let mut pty = Pty::start(&sandbox, &["--no-verify"], &[], 60, false);
    pty.answer("Update it?", &format!("y{ENTER}"));
    pty.answer("Does the store use B2B Edition?", ENTER);
    pty.answer("Downloaded credentials file", ENTER);
    pty.answer("Client ID:", ENTER);
    pty.answer("Access Token:", ENTER);
    pty.answer("API Path (or store hash):", &format!("abc1234{ENTER}"));
    pty.expect("Ready to update profile");
    pty.answer("Save?", ENTER);
    pty.expect("Saved profile");
    pty.connector_here();
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    let screen = pty.screen();
    let text = screen.text();
    screen.assert_laid_out();
    screen.assert_table("Ready to update profile");
    let lines: Vec<_> = screen.lines().collect();
    assert!(lines.contains(&"> Client ID: k8l7…8ov (kept)"), "{text}");
    assert!(
        lines.contains(&format!("> Access Token: {TOKEN_MASK} (kept)").as_str()),
        "{text}"
    );
    assert!(
        lines.contains(&"> API Path (or store hash): abc1234"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("  Access Token")
                && l.ends_with(&format!(" {TOKEN_MASK} (kept)"))),
        "{text}"
    );
    // The hidden prompt never shows a row of stars for a kept token.
    assert!(!text.contains("********"), "{text}");
    assert!(sandbox.config().unwrap().contains("abc1234"));
}

fn show_and_list_keep_their_columns_or_become_label_value_lines() {
    let sandbox = Sandbox::new();
    sandbox.set_up_profile("default", HASH);
    sandbox.set_up_profile("eu-shop", "abc1234");
    for columns in [60, 100] {
        let mut pty = Pty::start(&sandbox, &["show"], &[], columns, false);
        assert_eq!(pty.finish(), 0, "{}", pty.text());
        let screen = pty.screen();
        screen.assert_laid_out();
        screen.assert_table("Profile \"default\"");

        let mut pty = Pty::start(&sandbox, &["list"], &[], columns, false);
        assert_eq!(pty.finish(), 0, "{}", pty.text());
        let screen = pty.screen();
        let text = screen.text();
        screen.assert_laid_out();
        if columns == 100 {
            assert!(text.contains("PROFILE"), "{text}");
            let header = text.lines().find(|l| l.contains("PROFILE")).unwrap();
            let row = text.lines().find(|l| l.starts_with("  eu-shop")).unwrap();
            assert_eq!(header.find("STORE HASH"), row.find("abc1234"), "{text}");
        } else {
            assert!(text.contains("  eu-shop"), "{text}");
            screen.assert_table("eu-shop");
        }
    }
}

fn not_yet_waits_for_the_admin_and_then_finds_the_download() {
    let sandbox = Sandbox::new();
    let downloads = download_dir(&sandbox, "Transfers");
    let mut pty = Pty::start(
        &sandbox,
        &["--secret-store", "file", "--no-verify"],
        &[],
        100,
        false,
    );
    pty.answer("Does the store use B2B Edition?", ENTER);
    pty.answer("Have you created the API account?", &format!("n{ENTER}"));
    // Waiting, not ended: the admin goes to the control panel and saves the account.
    pty.expect("Press Enter when you have the credentials, Esc to stop");
    // The file arrives while the wizard waits for the key, after any look it took before.
    pty.wait_until_reading();
    let file = downloaded(&downloads, 90);
    pty.send(ENTER);
    pty.answer(
        "Found \"API Credentials.txt\" in Transfers, 1 minute ago. Use it?",
        ENTER,
    );
    pty.expect("Read Client ID, Access Token, API Path from");
    pty.answer("Save?", ENTER);
    pty.expect("holds the Access Token and the Client Secret");
    pty.answer("Delete the downloaded file?", ENTER);
    pty.expect("Deleted");
    pty.connector_here();
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    assert!(!file.exists(), "the downloaded file is still there");
    assert!(sandbox.credentials().unwrap().contains(TOKEN));
    sandbox.assert_no_token_outside_stores(&[&pty.transcript]);
}

fn the_downloaded_file_is_offered_and_can_be_kept() {
    // No user-dirs.dirs: ~/Downloads, as on a desktop without one.
    let sandbox = Sandbox::new();
    let downloads = sandbox.home().join("Downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let file = downloaded(&downloads, 120);
    // A newer text file that is not a credentials file is passed over.
    std::fs::write(downloads.join("notes.txt"), "shopping list\n").unwrap();
    let mut pty = Pty::start(
        &sandbox,
        &["--secret-store", "file", "--no-verify"],
        &[],
        60,
        false,
    );
    pty.answer("Does the store use B2B Edition?", ENTER);
    pty.answer("Have you created the API account?", ENTER);
    pty.expect("Found \"API Credentials.txt\" in Downloads, 2 minutes ago.");
    pty.answer("Use it?", ENTER);
    pty.answer("Save?", ENTER);
    pty.answer("Delete the downloaded file?", &format!("n{ENTER}"));
    pty.expect("Kept");
    pty.token_kept_in(&file);
    pty.connector_here();
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    assert!(file.exists());
    let screen = pty.screen();
    screen.assert_laid_out();
    // At 60 columns the question is asked by its last sentence, after the rest.
    let lines: Vec<_> = screen.lines().collect();
    let found = lines
        .iter()
        .position(|l| *l == "Found \"API Credentials.txt\" in Downloads, 2 minutes ago.")
        .unwrap_or_else(|| panic!("{}", screen.text()));
    assert_eq!(lines[found + 1], "> Use it? Yes", "{}", screen.text());
}

/// A file in a Downloads folder others can add files to (or one others can change) may
/// have been put there by someone else: it is offered with a warning, and Enter does not
/// take it.
#[cfg(unix)]
fn a_download_others_could_have_planted_is_not_taken_by_default() {
    use std::os::unix::fs::PermissionsExt;
    for columns in [60, 100, 140] {
        let sandbox = Sandbox::new();
        let downloads = sandbox.home().join("Downloads");
        std::fs::create_dir_all(&downloads).unwrap();
        let file = downloaded(&downloads, 120);
        std::fs::set_permissions(&downloads, std::fs::Permissions::from_mode(0o777)).unwrap();
        let mut pty = Pty::start(
            &sandbox,
            &["--secret-store", "file", "--no-verify"],
            &[],
            columns,
            false,
        );
        pty.answer("Does the store use B2B Edition?", ENTER);
        pty.answer("Have you created the API account?", ENTER);
        pty.answer("Use it?", ENTER);
        pty.answer("Downloaded credentials file", ESC);
        pty.token_kept_in(&file);
        assert_eq!(pty.finish(), 130, "{}", pty.text());
        let screen = pty.screen();
        screen.assert_laid_out();
        let text = screen
            .text()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            text.contains("other users can add or replace files in it"),
            "{columns}: {text}"
        );
        assert!(
            text.contains("someone else may have put the file there"),
            "{columns}: {text}"
        );
        assert!(!text.contains("Read Client ID"), "{columns}: {text}");
        assert!(file.exists());
        assert!(sandbox.config().is_none());
    }
}

fn a_file_that_is_not_a_credentials_file_gets_one_line() {
    let sandbox = Sandbox::new();
    let readme: String = (1..=167)
        .map(|i| format!("Readme line {i}: words\n"))
        .collect();
    let readme = sandbox.write_file("README.txt", readme);
    let mut pty = Pty::start(&sandbox, &["--secret-store", "file"], &[], 100, false);
    pty.answer("Does the store use B2B Edition?", ENTER);
    pty.answer("Have you created the API account?", ENTER);
    pty.answer(
        "Downloaded credentials file",
        &format!("{}{ENTER}", readme.display()),
    );
    pty.expect("is not a BigCommerce credentials file");
    pty.answer("Downloaded credentials file", ESC);
    assert_eq!(pty.finish(), 130, "{}", pty.text());
    let screen = pty.screen();
    let text = screen.text();
    let errors: Vec<_> = screen
        .lines()
        .filter(|l| l.contains("is not a BigCommerce credentials file"))
        .collect();
    assert_eq!(errors.len(), 1, "{text}");
    assert!(
        screen
            .words()
            .contains("expected the .txt file BigCommerce downloaded"),
        "{text}"
    );
    assert!(!text.contains("Readme line"), "{text}");
    // Esc is "cancelled", spelt as everywhere else.
    assert!(
        text.contains("(cancelled)") && !text.contains("canceled>"),
        "{text}"
    );
}

/// A setup into the keychain at 60 and 100 columns: the success message says where the
/// token went in plain words; the keychain's service and account and the config's table
/// are for -v, where the service name, with its hyphen, stays whole on one line.
fn a_keychain_setup_reads_well_at_60_columns() {
    let env: Vec<(&str, String)> = keychain_env()
        .into_iter()
        .map(|(name, value)| (name, value.into_string().unwrap()))
        .collect();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    for (columns, verbose) in [(60, false), (60, true), (100, false)] {
        let sandbox = Sandbox::new();
        let profile = crate::keychain::unique_profile("screen");
        let mut args = vec!["--profile", &profile, "--no-verify"];
        if verbose {
            args.push("-v");
        }
        let mut pty = Pty::start(&sandbox, &args, &env, columns, false);
        typed_setup(&mut pty);
        assert_eq!(pty.finish(), 0, "{}", pty.text());
        let screen = pty.screen();
        let text = screen.text();
        screen.assert_laid_out();
        assert!(
            screen
                .lines()
                .any(|l| l.trim() == "Access Token → OS keychain")
                || verbose,
            "{text}"
        );
        assert_eq!(
            screen
                .lines()
                .any(|l| l.contains("\"synchup-bigcommerce\"")),
            verbose,
            "{text}"
        );
        assert_eq!(text.contains("[profiles."), verbose, "{text}");
        sandbox.assert_no_token_outside_stores(&[&pty.transcript]);
        crate::keychain::remove(&sandbox, &profile);
    }
}

/// An update marks what changes "(new)" in the plan, as it does the token, and leaves what
/// stays unmarked; `show` names the default profile and config in words, not "built-in
/// default".
fn an_update_marks_what_changes() {
    for columns in [60, 100, 140] {
        let sandbox = Sandbox::new();
        sandbox.set_up();
        let other = "z9y8xx0ynkd1bfbxx02p2k7pnk3n8ov";
        let mut pty = Pty::start(&sandbox, &["--no-verify"], &[], columns, false);
        pty.answer("Update it?", &format!("y{ENTER}"));
        pty.answer("Does the store use B2B Edition?", ENTER);
        pty.answer("Downloaded credentials file", ENTER);
        pty.answer("Client ID:", &format!("{other}{ENTER}"));
        pty.answer("Access Token:", ENTER);
        pty.answer("API Path (or store hash):", ENTER);
        pty.expect("Ready to update profile");
        let screen = pty.save_and_read();
        let text = screen.text();
        let table = screen.table_under("Ready to update profile");
        let row = |label: &str| {
            table
                .iter()
                .find(|l| l.trim_start().starts_with(label))
                .unwrap_or_else(|| panic!("no {label} at {columns}:\n{text}"))
                .to_string()
        };
        assert!(row("Client ID").ends_with("(new)"), "{text}");
        assert!(!row("Store hash").contains("(new)"), "{text}");
        assert!(row("Access Token").ends_with("(kept)"), "{text}");

        let mut pty = Pty::start(&sandbox, &["show"], &[], columns, false);
        assert_eq!(pty.finish(), 0, "{}", pty.text());
        let text = pty.screen().text();
        assert!(!text.contains("built-in"), "{text}");
        assert!(
            pty.screen().words().contains("(used when none is named)"),
            "{text}"
        );
    }
}

/// The last step: entering the values in SynchUP yourself. The token is shown only when
/// asked, and once a key is pressed it is no longer on the screen.
fn the_token_is_shown_when_asked_and_then_taken_off_the_screen() {
    let sandbox = Sandbox::new();
    let mut pty = Pty::spawn(&sandbox, &["--secret-store", "file", "--no-verify"]);
    first_setup(&mut pty);
    pty.answer("Save?", ENTER);
    pty.expect("Saved profile");
    pty.answer("How will these values reach SynchUP?", ENTER);
    pty.expect("In SynchUP, enter:");
    pty.token_on_screen();
    pty.answer("Show the Access Token now", ENTER);
    pty.expect("Press Enter to hide it again.");
    assert!(
        pty.screen()
            .text()
            .contains(&format!("Access Token: {TOKEN}")),
        "shown when asked"
    );
    pty.send(ENTER);
    pty.expect("off the screen again");
    assert_eq!(pty.finish(), 0, "{}", pty.text());
    let screen = pty.screen().text();
    assert!(!screen.contains(TOKEN), "still on the screen:\n{screen}");
    assert!(screen.contains(ID) && screen.contains(HASH), "{screen}");
}

/// A way out of a question or of the token's reveal.
#[derive(Debug, Clone, Copy)]
enum Way {
    Key(&'static str),
    /// A signal from outside: a closed terminal (hang-up), `kill`.
    Signal(expectrl::process::unix::Signal),
    /// The window resized.
    Resize,
}

impl Way {
    /// The ways that end the program rather than only hide the token.
    fn stops(self) -> bool {
        matches!(self, Way::Key(CTRL_C) | Way::Signal(_))
    }

    fn take(self, pty: &mut Pty) {
        match self {
            Way::Key(keys) => pty.send(keys),
            Way::Signal(signal) => pty.session.get_process_mut().signal(signal).unwrap(),
            Way::Resize => pty
                .session
                .get_process_mut()
                .set_window_size(pty.columns, ROWS - 1)
                .unwrap(),
        }
    }
}

/// The token shown at the last step, then every way out of it, at 60, 100 and 140 columns:
/// each takes the token off the screen (it was only ever on the alternate screen, which
/// keeps no scrollback), and one that stops says the values are saved.
fn every_way_out_of_the_reveal_takes_the_token_off_the_screen() {
    use expectrl::process::unix::Signal;
    let ways = [
        Way::Key(ENTER),
        Way::Key(CTRL_C),
        Way::Key(CTRL_D),
        Way::Key(ESC),
        Way::Resize,
        Way::Signal(Signal::SIGHUP),
        Way::Signal(Signal::SIGTERM),
    ];
    for columns in [60, 100, 140] {
        for way in ways {
            let sandbox = Sandbox::new();
            let args = ["--secret-store", "file", "--no-verify"];
            let mut pty = Pty::start(&sandbox, &args, &[], columns, false);
            first_setup(&mut pty);
            pty.answer("Save?", ENTER);
            pty.expect("Saved profile");
            pty.answer("How will these values reach SynchUP?", ENTER);
            pty.token_on_screen();
            pty.answer("Show the Access Token now", ENTER);
            pty.expect("Press Enter to hide it again.");
            let at = format!("{way:?} at {columns} columns");
            assert!(
                pty.screen()
                    .text()
                    .contains(&format!("Access Token: {TOKEN}")),
                "shown when asked, {at}"
            );
            pty.wait_until_reading();
            way.take(&mut pty);
            let code = pty.finish();
            let screen = pty.screen();
            let text = screen.text();
            assert!(!text.contains(TOKEN), "still on the screen, {at}:\n{text}");
            assert!(!text.contains("nothing was saved"), "{at}:\n{text}");
            if way.stops() {
                assert_eq!(code, 130, "{at}:\n{text}");
                assert!(
                    screen.words().contains(
                        "Stopped: the values are saved (profile \"default\"); synchup-setup \
                         show shows them."
                    ),
                    "{at}:\n{text}"
                );
            } else {
                assert_eq!(code, 0, "{at}:\n{text}");
                assert!(text.contains("off the screen again"), "{at}:\n{text}");
            }
            screen.assert_laid_out();
            pty.assert_terminal_restored();
            assert!(sandbox.credentials().unwrap().contains(TOKEN), "{at}");
        }
    }
}

/// Every question after a save, stopped with Esc, Ctrl-C or Ctrl-D: the values stay saved,
/// and what is said says so (never "nothing was saved").
fn stopping_after_a_save_says_the_values_are_saved() {
    // The answers that lead to each question after the save, the last one stopped.
    let public = age::x25519::Identity::generate().to_public().to_string();
    let after: Vec<(&str, String)> = vec![
        ("Delete the downloaded file?", format!("n{ENTER}")),
        (
            "How will these values reach SynchUP?",
            format!("{DOWN}{ENTER}"),
        ),
        ("Specialist's public key", format!("{public}{ENTER}")),
        ("Save the bundle as:", String::new()),
    ];
    let reveal: Vec<(&str, String)> = vec![
        ("Delete the downloaded file?", format!("n{ENTER}")),
        ("How will these values reach SynchUP?", ENTER.to_owned()),
        ("Show the Access Token now", String::new()),
    ];
    let mut stops = Vec::new();
    for path in [&after, &reveal] {
        for stop in 0..path.len() {
            if stops
                .iter()
                .any(|(p, _): &(&str, usize)| *p == path[stop].0)
            {
                continue;
            }
            stops.push((path[stop].0, stop));
            for (n, key) in [ESC, CTRL_C, CTRL_D].into_iter().enumerate() {
                let columns = [60, 100, 140][(stop + n) % 3];
                let sandbox = Sandbox::new();
                let file = sandbox.write_file("API Credentials.txt", credentials_file());
                let file_arg = file.display().to_string();
                let args = [
                    "--secret-store",
                    "file",
                    "--no-verify",
                    "--from-file",
                    &file_arg,
                ];
                let mut pty = Pty::start(&sandbox, &args, &[], columns, false);
                pty.answer("B2B Edition", ENTER);
                pty.answer("Save?", ENTER);
                pty.expect("Saved profile");
                for (prompt, keys) in &path[..stop] {
                    pty.answer(prompt, keys);
                }
                pty.answer(path[stop].0, "abc");
                pty.send(key);
                pty.token_kept_in(&file);
                let code = pty.finish();
                let screen = pty.screen();
                let text = screen.text();
                let at = format!("{key:?} at {:?}, {columns} columns:\n{text}", path[stop].0);
                assert_eq!(code, 130, "{at}");
                assert!(!text.contains("nothing was saved"), "{at}");
                assert!(
                    screen.words().contains(
                        "Stopped: the values are saved (profile \"default\"); synchup-setup \
                         show shows them."
                    ),
                    "{at}"
                );
                screen.assert_laid_out();
                pty.assert_terminal_restored();
                assert!(sandbox.credentials().unwrap().contains(TOKEN), "{at}");
            }
        }
    }
}

/// Pasted text as a terminal with bracketed paste sends it.
fn bracketed(text: &str) -> String {
    format!("\x1b[200~{text}\x1b[201~")
}

/// The whole credentials file pasted at a question, with and without bracketed paste, at
/// 60, 100 and 140 columns: refused, and none of it (neither the token nor the Client
/// Secret) reaches the screen; the questions go on, and the file's other lines do not
/// spill into them.
fn a_pasted_credentials_file_is_refused_without_showing_any_of_it() {
    let file = credentials_file();
    let typed = file.replace('\n', "\r");
    // As it was copied from the CLIENT ID line on.
    let from_client_id = format!("CLIENT ID: {ID}\rCLIENT SECRET: {CLIENT_SECRET}\r");
    let pastes = [
        bracketed(&file),
        bracketed(&typed),
        typed.clone(),
        from_client_id.clone(),
        bracketed(&from_client_id),
    ];
    for (n, paste) in pastes.iter().enumerate() {
        let columns = [60, 100, 140][n % 3];
        let sandbox = Sandbox::new();
        let args = ["--secret-store", "file", "--no-verify"];
        let mut pty = Pty::start(&sandbox, &args, &[], columns, false);
        pty.answer("B2B Edition", ENTER);
        pty.answer("Have you created the API account?", ENTER);
        if n == 0 {
            // At a question that is not for a value: refused all the same.
            pty.answer("Downloaded credentials file", paste);
            pty.expect("line of the credentials file");
        }
        pty.answer("Downloaded credentials file", ENTER);
        pty.answer("Client ID:", paste);
        if n == 0 {
            // The file begins with the token's line: stopped at its label.
            pty.expect("the ACCESS TOKEN line;");
        } else {
            pty.expect("That is");
        }
        pty.answer("Client ID:", &format!("{ID}{ENTER}"));
        // At the hidden question too: refused, the next question not flooded.
        pty.answer("Access Token:", &format!("{paste}{ENTER}"));
        pty.expect("Access Token:");
        pty.answer("Access Token:", &format!("{TOKEN}{ENTER}"));
        pty.answer("API Path (or store hash):", &format!("{PATH}{ENTER}"));
        let screen = pty.save_and_read();
        let text = screen.text();
        let at = format!("paste {n} at {columns} columns:\n{text}");
        // The question stopped while open is taken off the screen, not left half-asked.
        assert!(!text.contains("? Client ID:"), "{at}");
        assert!(!contains(&pty.transcript, CLIENT_SECRET.as_bytes()), "{at}");
        assert!(!text.contains("\\u{a}") && !text.contains("\\u{d}"), "{at}");
        assert!(!text.contains("CLIENT NAME"), "{at}");
        assert!(
            screen.words().contains("none of them was kept")
                || screen.words().contains("That is the ACCESS TOKEN line"),
            "{at}"
        );
        screen.assert_laid_out();
        assert!(sandbox.config().unwrap().contains(ID), "{at}");
        assert!(sandbox.credentials().unwrap().contains(TOKEN), "{at}");
    }
}

/// A line of the credentials file pasted at the question for another value (as pasting the
/// file line by line gives) is refused with both labels named, at every question, and the
/// secret after a label is never shown, not even while it is typed.
fn a_line_labelled_for_another_value_is_refused() {
    for columns in [60, 100, 140] {
        let sandbox = Sandbox::new();
        let args = ["--secret-store", "file", "--no-verify"];
        let mut pty = Pty::start(&sandbox, &args, &[], columns, false);
        pty.answer("B2B Edition", ENTER);
        pty.answer("Have you created the API account?", ENTER);
        pty.answer("Downloaded credentials file", ENTER);
        pty.answer("Client ID:", &format!("ACCESS TOKEN: {TOKEN}{ENTER}"));
        pty.expect("the ACCESS TOKEN line;");
        pty.answer("Client ID:", &format!("API PATH: {PATH}{ENTER}"));
        pty.expect("the API PATH line;");
        pty.answer(
            "Client ID:",
            &format!("CLIENT SECRET: {CLIENT_SECRET}{ENTER}"),
        );
        pty.expect("the CLIENT SECRET line;");
        pty.answer("Client ID:", &format!("CLIENT ID: {ID}{ENTER}"));
        pty.answer("Access Token:", &format!("CLIENT ID: {ID}{ENTER}"));
        pty.expect("the CLIENT ID line;");
        pty.answer("Access Token:", &format!("ACCESS TOKEN: {TOKEN}{ENTER}"));
        pty.answer(
            "API Path (or store hash):",
            &format!("CLIENT ID: {ID}{ENTER}"),
        );
        pty.expect("the CLIENT ID line;");
        pty.answer(
            "API Path (or store hash):",
            &format!("API PATH: {PATH}{ENTER}"),
        );
        pty.answer("Save?", ENTER);
        pty.expect("Saved profile");
        pty.connector_here();
        assert_eq!(pty.finish(), 0, "{}", pty.text());
        let screen = pty.screen();
        let words = screen.words();
        for sentence in [
            "That is the ACCESS TOKEN line; paste the CLIENT ID line here.",
            "That is the API PATH line; paste the CLIENT ID line here.",
            "That is the CLIENT SECRET line; paste the CLIENT ID line here.",
            "That is the CLIENT ID line; paste the ACCESS TOKEN line here.",
            "That is the CLIENT ID line; paste the API PATH line here.",
        ] {
            assert!(
                words.contains(sentence),
                "{sentence} at {columns}:\n{}",
                screen.text()
            );
        }
        screen.assert_laid_out();
        assert!(!contains(&pty.transcript, CLIENT_SECRET.as_bytes()));
        assert!(sandbox.config().unwrap().contains(ID));
        assert!(sandbox.credentials().unwrap().contains(TOKEN));

        // On an update, where the question has a help line under it.
        let mut pty = Pty::start(&sandbox, &[], &[], columns, false);
        pty.answer("Update it?", &format!("y{ENTER}"));
        pty.answer("B2B Edition", ENTER);
        pty.answer("Downloaded credentials file", ENTER);
        pty.answer("Client ID:", &format!("ACCESS TOKEN: {OTHER_TOKEN}{ENTER}"));
        pty.expect("the ACCESS TOKEN line;");
        pty.answer("Client ID:", ESC);
        assert_eq!(pty.finish(), 130, "{}", pty.text());
        assert!(!contains(&pty.transcript, OTHER_TOKEN.as_bytes()));
        let screen = pty.screen();
        let text = screen.text();
        screen.assert_laid_out();
        assert!(!text.contains("? Client ID: ACCESS"), "{text}");
    }
}

/// At 60, 100 and 140 columns a command stays on one line with its subcommand, flags and
/// their values, and a file name with a space stays whole.
fn commands_and_file_names_are_never_broken() {
    for columns in [60, 100, 140] {
        let sandbox = Sandbox::new();
        let downloads = sandbox.home().join("Downloads");
        std::fs::create_dir_all(&downloads).unwrap();
        let file = downloads.join("SynchUP connector.txt");
        std::fs::write(&file, credentials_file()).unwrap();
        let args = [
            "--profile",
            "eu-shop",
            "--secret-store",
            "file",
            "--no-verify",
        ];
        let mut pty = Pty::start(&sandbox, &args, &[], columns, false);
        pty.answer("Does the store use B2B Edition?", ENTER);
        pty.answer("Have you created the API account?", ENTER);
        pty.answer("Use it?", ENTER);
        pty.answer("Save?", ENTER);
        pty.answer("Delete the downloaded file?", &format!("n{ENTER}"));
        pty.token_kept_in(&file);
        pty.answer("How will these values reach SynchUP?", ENTER);
        pty.answer("Show the Access Token now", &format!("n{ENTER}"));
        assert_eq!(pty.finish(), 0, "{}", pty.text());
        let screen = pty.screen();
        let text = screen.text();
        screen.assert_laid_out();
        let words = screen.words();
        for span in [
            "synchup-setup show --profile eu-shop",
            "synchup-setup token --show --profile eu-shop",
            "\"SynchUP connector.txt\"",
        ] {
            assert!(words.contains(span), "{span} at {columns}:\n{text}");
            assert!(
                screen.lines().any(|l| l.contains(span)),
                "{span} broken at {columns}:\n{text}"
            );
        }
        // No line ends with the program's name or a flag that takes a value.
        for line in screen.lines() {
            let last = line.split_whitespace().next_back().unwrap_or("");
            assert!(
                !matches!(last, "synchup-setup" | "--profile" | "--identity" | "line"),
                "a line ends with {last:?} at {columns}:\n{text}"
            );
        }
    }
}

/// The last step: an integration specialist. Their public key is pasted, the bundle
/// written, and only their key opens it (the reference age tool reads it).
/// The last step: an integration specialist. Their public key is pasted as age-keygen
/// prints it (`Public key: age1...`), the bundle written, and only their key opens it (the
/// reference age tool reads it). The file name is shown whole, never marked "kept", and
/// the one key named once.
fn a_specialist_gets_an_encrypted_file_from_the_last_step() {
    for columns in [60, 100, 140] {
        let sandbox = Sandbox::new();
        let key = sandbox.path().join("specialist.txt");
        let keygen = Command::new("age-keygen")
            .arg("-o")
            .arg(&key)
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&keygen.stderr)
            .lines()
            .find(|line| line.starts_with("Public key: "))
            .map(str::to_owned)
            .expect("age-keygen prints the public key");
        // At 100 columns Enter takes the name suggested, in the home directory.
        let suggested = columns == 100;
        let bundle = if suggested {
            sandbox.home().join(format!("synchup-{HASH}.age"))
        } else {
            sandbox.path().join("for-specialist.age")
        };
        let mut pty = Pty::spawn_at(
            &sandbox,
            &["--secret-store", "file", "--no-verify"],
            columns,
        );
        first_setup(&mut pty);
        pty.answer("Save?", ENTER);
        pty.expect("Saved profile");
        pty.answer(
            "How will these values reach SynchUP?",
            &format!("{DOWN}{ENTER}"),
        );
        // The text above the question names the public key too: wait for the question.
        pty.answer("Specialist's public key", &format!("{printed}{ENTER}"));
        let typed = if suggested {
            String::new()
        } else {
            bundle.display().to_string()
        };
        pty.answer("Save the bundle as:", &format!("{typed}{ENTER}"));
        pty.expect("Shared profile \"default\"");
        assert_eq!(pty.finish(), 0, "{}", pty.text());
        sandbox.assert_no_token_outside_stores(&[&pty.transcript]);
        let screen = pty.screen();
        screen.assert_laid_out();
        let text = screen
            .text()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(!text.contains("(kept)"), "{columns}: {text}");
        assert!(
            text.contains(&format!("Save the bundle as: {}", bundle.display())),
            "{columns}: {text}"
        );
        assert!(text.contains("Opens with: age key"), "{columns}: {text}");
        assert!(!text.contains("recipient"), "{columns}: {text}");
        assert_eq!(mode(&bundle), 0o600);
        let opened = Command::new("age")
            .arg("-d")
            .arg("-i")
            .arg(&key)
            .arg(&bundle)
            .output()
            .unwrap();
        assert!(opened.status.success(), "{}", stderr_of(&opened));
        assert!(stdout_of(&opened).contains(&format!("ACCESS TOKEN: {TOKEN}")));
    }
}

/// The hand-over can be taken up again: Esc at the specialist's key says the values are
/// saved and gives the exact `share` command; a run with nothing to change offers the
/// hand-over again.
fn the_hand_over_can_be_resumed() {
    for columns in [60, 100, 140] {
        let sandbox = Sandbox::new();
        let mut pty = Pty::spawn_at(
            &sandbox,
            &["--profile", "eu", "--secret-store", "file", "--no-verify"],
            columns,
        );
        first_setup(&mut pty);
        pty.answer("Save?", ENTER);
        pty.expect("Saved profile");
        pty.answer(
            "How will these values reach SynchUP?",
            &format!("{DOWN}{ENTER}"),
        );
        pty.answer("Specialist's public key", ESC);
        pty.expect("Stopped: the values are saved");
        assert_eq!(pty.finish(), 130, "{}", pty.text());
        let screen = pty.screen();
        screen.assert_laid_out();
        let text = screen
            .text()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let command = format!(
            "synchup-setup share --to THEIR-PUBLIC-KEY --output synchup-{HASH}.age --profile eu"
        );
        assert!(text.contains(&command), "{columns}: {text}");
        assert!(!text.contains("nothing was saved"), "{columns}: {text}");

        // Again, with nothing to change: the hand-over is offered at the end.
        let mut pty = Pty::spawn_at(&sandbox, &["--profile", "eu"], columns);
        pty.answer("Update it?", &format!("y{ENTER}"));
        pty.answer("B2B Edition", ENTER);
        pty.answer("Downloaded credentials file", ENTER);
        pty.answer(&format!("Enter keeps {ID}"), ENTER);
        pty.answer(&format!("Enter keeps {TOKEN_MASK}"), ENTER);
        pty.answer(&format!("Enter keeps {HASH}"), ENTER);
        pty.expect("Nothing changed");
        pty.answer(
            "How will these values reach SynchUP?",
            &format!("{DOWN}{ENTER}"),
        );
        pty.answer("Specialist's public key", ESC);
        pty.expect("Stopped: the values are saved");
        assert_eq!(pty.finish(), 130, "{}", pty.text());
    }
}

/// The terminal goes away while a question is open (a closed window, a dropped SSH
/// connection): the wizard ends, saving nothing, instead of running on with no one there.
/// tmux plays the terminal, as closing its session hangs up its panes.
fn a_terminal_that_goes_away_ends_the_wizard() {
    let sandbox = Sandbox::new();
    let socket = format!("synchup-test-{}", std::process::id());
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .args(["-L", &socket])
            .args(args)
            .output()
            .unwrap()
    };
    let env: Vec<String> = sandbox
        .env()
        .into_iter()
        .map(|(k, v)| format!("{k}='{v}'"))
        .collect();
    let program = format!(
        "exec env -i {} {} --secret-store file --no-verify",
        env.join(" "),
        assert_cmd::cargo::cargo_bin("synchup-setup").display()
    );
    tmux(&[
        "new-session",
        "-d",
        "-s",
        "w",
        "-x",
        "80",
        "-y",
        "24",
        &program,
    ]);
    let started = std::time::Instant::now();
    while !stdout_of(&tmux(&["capture-pane", "-p", "-t", "w"])).contains("B2B Edition") {
        assert!(started.elapsed() < Duration::from_secs(20), "no question");
        std::thread::sleep(Duration::from_millis(50));
    }
    let pid: i32 = stdout_of(&tmux(&["list-panes", "-t", "w", "-F", "#{pane_pid}"]))
        .trim()
        .parse()
        .unwrap();
    let pid = rustix::process::Pid::from_raw(pid).unwrap();
    tmux(&["kill-server"]);
    let started = std::time::Instant::now();
    while rustix::process::test_kill_process(pid).is_ok() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
            panic!("the wizard ran on after its terminal went away");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(sandbox.snapshot().is_empty(), "nothing was saved");
}

crate::harness::tests! {
    first_setup_saves_and_never_echoes_the_token,
    the_downloaded_file_can_be_named_at_the_prompt,
    an_update_shows_current_values_and_enter_keeps_them,
    a_rejected_value_is_asked_again,
    declining_to_update_writes_nothing,
    ctrl_c_at_any_question_writes_nothing_and_restores_the_terminal,
    esc_at_any_question_writes_nothing_and_restores_the_terminal,
    end_of_input_at_any_question_writes_nothing_and_restores_the_terminal,
    without_a_keychain_the_file_store_is_offered,
    token_refuses_to_print_on_a_screen_unless_asked,
    no_color_turns_colours_off_on_a_terminal,
    remove_asks_first_on_a_terminal,
    the_wizard_checks_with_bigcommerce_and_records_it,
    rejected_credentials_are_not_saved_by_default,
    a_rejected_token_is_asked_again_and_checked_again,
    a_401_lets_the_store_hash_be_fixed_in_place,
    missing_scopes_walk_through_a_new_api_account,
    the_api_accounts_link_is_a_hyperlink_and_opens_only_when_asked,
    unreachable_bigcommerce_is_offered_to_save_unchecked,
    a_hanging_keychain_is_announced_and_bounded_on_a_terminal,
    the_screen_reads_well_at_60_and_100_columns_with_and_without_colour,
    an_update_shows_what_was_kept,
    show_and_list_keep_their_columns_or_become_label_value_lines,
    not_yet_waits_for_the_admin_and_then_finds_the_download,
    the_downloaded_file_is_offered_and_can_be_kept,
    #[cfg(unix)]
    a_download_others_could_have_planted_is_not_taken_by_default,
    a_file_that_is_not_a_credentials_file_gets_one_line,
    a_keychain_setup_reads_well_at_60_columns needs(Keychain),
    the_token_is_shown_when_asked_and_then_taken_off_the_screen,
    every_way_out_of_the_reveal_takes_the_token_off_the_screen,
    stopping_after_a_save_says_the_values_are_saved,
    a_pasted_credentials_file_is_refused_without_showing_any_of_it,
    a_line_labelled_for_another_value_is_refused,
    commands_and_file_names_are_never_broken,
    an_update_marks_what_changes,
    a_specialist_gets_an_encrypted_file_from_the_last_step needs(Age),
    the_hand_over_can_be_resumed,
    a_terminal_that_goes_away_ends_the_wizard needs(Tmux),
}
