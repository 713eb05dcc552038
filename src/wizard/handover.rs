//! The wizard's last step, step 3 of the help article: how the values reach SynchUP. The
//! admin enters them in SynchUP (shown one at a time, the Access Token only when asked and
//! taken off the screen again), hands them to an integration specialist (encrypted, as
//! `share` does), or leaves them here for the connector on this machine. Asked on a
//! terminal only, after saving; a script is never asked.

use std::path::PathBuf;

use secrecy::SecretString;

use super::mode::Mode;
use crate::bigcommerce::values::AccessToken;
use crate::error::{Error, Result};
use crate::handoff::share::{self, Protection};
use crate::handoff::{HandoffError, RecipientSource, parse_recipients, passphrase};
use crate::profile::fields::CLIENT_ID;
use crate::profile::values::Entry;
use crate::rerun::{setup_command, with_profile};
use crate::storage::Paths;
use crate::storage::config::Profile;
use crate::ui::Ui;

/// The ways the values can reach SynchUP, as the admin is offered them.
pub const ROUTES: [&str; 3] = [
    "I'll enter them in SynchUP myself",
    "An integration specialist will set it up",
    "The SynchUP connector runs on this machine",
];

/// Asks how the values of the saved `profile` reach SynchUP and does it. `kept` is where
/// synchup-setup keeps its own files, which a bundle must not replace.
pub fn ask(
    ui: &mut Ui,
    mode: &mut Mode<'_>,
    kept: &Paths,
    profile: &Profile,
    token: &AccessToken,
) -> Result<()> {
    ui.blank();
    let route = mode.select("How will these values reach SynchUP?", &ROUTES, 0)?;
    match route {
        0 => enter_yourself(ui, mode, profile, token),
        1 => match for_specialist(ui, mode, kept, profile, token) {
            // Stopped before the bundle was written: the command that makes it later.
            Err(Error::Interrupted) => {
                ui.blank();
                ui.info(format!(
                    "No bundle was made. Once you have the specialist's public key: {} (or \
                     --passphrase instead of --to).",
                    share_command(profile)
                ));
                Err(Error::Interrupted)
            }
            other => other,
        },
        _ => {
            ui.line(format!(
                "The SynchUP connector on this machine reads them from here. {} shows them; \
                 run {} again to change them.",
                with_profile("show", &profile.name),
                setup_command(&profile.name)
            ));
            Ok(())
        }
    }
}

/// The three values SynchUP asks for, one at a time; the token only when the admin asks,
/// and off the screen again once they have it.
fn enter_yourself(
    ui: &mut Ui,
    mode: &mut Mode<'_>,
    profile: &Profile,
    token: &AccessToken,
) -> Result<()> {
    ui.title("In SynchUP, enter:");
    ui.table(&[
        (
            "Client Id",
            profile
                .values
                .entry(&CLIENT_ID)
                .map(Entry::text)
                .unwrap_or_default(),
        ),
        ("Store Hash", profile.store_text().unwrap_or_default()),
        ("Access Token", token.masked()),
    ]);
    if mode.confirm(
        "Show the Access Token now? (hidden again at a key)",
        true,
        false,
    )? {
        mode.reveal("Access Token", &SecretString::from(token.expose()))?;
        ui.success("The Access Token is off the screen again.");
    }
    ui.info(format!(
        "Later, {} shows the values and {} prints the token.",
        with_profile("show", &profile.name),
        with_profile("token --show", &profile.name)
    ));
    Ok(())
}

/// The way to a specialist: asks for their public key (or makes a passphrase) and where to
/// write the bundle, then writes it as `share --output` does.
fn for_specialist(
    ui: &mut Ui,
    mode: &mut Mode<'_>,
    kept: &Paths,
    profile: &Profile,
    token: &AccessToken,
) -> Result<()> {
    let bundle = share::bundle_of(profile, token)?;
    ui.line(
        "The values go to the specialist in a bundle: a file encrypted so that only their \
         key, or a passphrase you tell them, opens it. Ask them for their public key: a line \
         that starts with age1, or the line of their SSH .pub file. It can lock, not open, \
         so it is safe to paste.",
    );
    let protection = loop {
        let answer = mode.text("Specialist's public key (Enter for a passphrase):", None)?;
        let answer = answer.trim();
        if answer.is_empty() {
            break Protection::Generated(passphrase::generate()?);
        }
        match parse_recipients([RecipientSource::Typed(answer)]) {
            Ok(recipients) => break Protection::Recipients(recipients),
            // Said to the admin, who typed no --to and knows no "recipient".
            Err(HandoffError::Recipients(problems)) => {
                for problem in problems {
                    ui.error(format!("That {}.", problem.message));
                }
                ui.hint(
                    "Ask the specialist for their public key: the age1... line that \
                     age-keygen printed (\"Public key: age1...\" is fine too), or the line of \
                     their SSH .pub file.",
                );
            }
            Err(err) => {
                ui.error(err.to_string());
                ui.hint(err.hint());
            }
        }
    };
    let home = directories::BaseDirs::new()
        .map(|dirs| dirs.home_dir().to_owned())
        .unwrap_or_default();
    let default = free_name(&home, &format!("synchup-{}", bundle.store_hash()))
        .display()
        .to_string();
    let (path, replace) = loop {
        let answer = mode.text_suggested("Save the bundle as:", &default)?;
        let answer = answer.trim();
        let path = PathBuf::from(if answer.is_empty() { &default } else { answer });
        // An existing file (an earlier bundle, a key file) is replaced only when the
        // admin says so.
        let replace = if share::output_path(&path).is_ok_and(|at| at == share::OutputPath::File)
            && share::check_output(&path, kept, true).is_ok()
        {
            let question = format!(
                "{} already exists. Replace it?",
                crate::ui::printable(&path.display().to_string())
            );
            if !mode.confirm(&question, false, false)? {
                continue;
            }
            true
        } else {
            false
        };
        match share::check_output(&path, kept, replace) {
            Ok(()) => break (path, replace),
            Err(err) => {
                ui.error(&err);
                if let Some(hint) = err.hint() {
                    ui.hint(hint);
                }
            }
        }
    };
    share::write_to(ui, &bundle, &profile.name, &protection, &path, replace)
}

/// The `share` command that makes the bundle for `profile`, as the hand-over would.
fn share_command(profile: &Profile) -> String {
    let file = format!(
        "synchup-{}.age",
        profile.store_text().unwrap_or_else(|| "bundle".into())
    );
    with_profile(
        &format!("share --to THEIR-PUBLIC-KEY --output {file}"),
        &profile.name,
    )
}

/// `stem.age` in `dir`, or `stem-2.age`, `stem-3.age`... when that is taken: the default
/// name never replaces an earlier bundle.
fn free_name(dir: &std::path::Path, stem: &str) -> PathBuf {
    (1..100)
        .map(|n| match n {
            1 => dir.join(format!("{stem}.age")),
            n => dir.join(format!("{stem}-{n}.age")),
        })
        .find(|path| share::output_path(path).is_ok_and(|at| at == share::OutputPath::New))
        .unwrap_or_else(|| dir.join(format!("{stem}.age")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    use crate::context::prompter::fake::{Answer, Scripted};
    use crate::handoff::{Identities, Sealed};

    const TOKEN: &str = "abcdefghijklmnopqrstuvwxyz01234";
    const ID: &str = "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov";

    fn profile() -> Profile {
        Profile::new("eu")
            .with(&CLIENT_ID, ID)
            .with(&crate::profile::fields::STORE, "et7xe3pz")
    }

    /// Runs the hand-over with `script`; returns what was said and the prompter.
    fn run(script: Vec<(&'static str, Answer)>, kept: &Paths) -> (Result<()>, String, Scripted) {
        let token = AccessToken::parse(TOKEN).unwrap().value;
        let (mut ui, said) = Ui::capture();
        let mut prompter = Scripted::new(script);
        let result = ask(
            &mut ui,
            &mut Mode::Interactive(&mut prompter),
            kept,
            &profile(),
            &token,
        );
        assert!(prompter.finished(), "{:?}", prompter.asked);
        (result, said.text(), prompter)
    }

    fn kept(dir: &std::path::Path) -> Paths {
        Paths::new(dir.join("config.toml"))
    }

    #[test]
    fn entering_them_yourself_shows_the_token_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let (result, said, prompter) = run(
            vec![
                ("reach SynchUP", Answer::Choose(0)),
                ("Show the Access Token now", Answer::Yes),
                ("Access Token", Answer::Seen),
            ],
            &kept(dir.path()),
        );
        result.unwrap();
        assert!(said.contains(ID), "{said}");
        assert!(said.contains("et7xe3pz"), "{said}");
        assert!(
            !said.contains(TOKEN),
            "only revealed, never printed: {said}"
        );
        assert_eq!(
            prompter.revealed,
            [("Access Token".to_owned(), TOKEN.to_owned())]
        );
        assert!(
            said.contains("synchup-setup token --show --profile eu"),
            "{said}"
        );

        let (result, _, prompter) = run(
            vec![
                ("reach SynchUP", Answer::Choose(0)),
                ("Show the Access Token now", Answer::No),
            ],
            &kept(dir.path()),
        );
        result.unwrap();
        assert!(prompter.revealed.is_empty());
    }

    #[test]
    fn the_connector_on_this_machine_needs_nothing_more() {
        let dir = tempfile::tempdir().unwrap();
        let (result, said, _) = run(
            vec![("reach SynchUP", Answer::Choose(2))],
            &kept(dir.path()),
        );
        result.unwrap();
        assert!(
            said.contains("connector on this machine reads them"),
            "{said}"
        );
        assert!(said.contains("synchup-setup --profile eu again"), "{said}");
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
    }

    #[test]
    fn a_specialist_gets_a_bundle_only_their_key_opens() {
        let dir = tempfile::tempdir().unwrap();
        let key = age::x25519::Identity::generate();
        let bundle = dir.path().join("for-them.age");
        let (result, said, prompter) = run(
            vec![
                ("reach SynchUP", Answer::Choose(1)),
                // A private key pasted by mistake is refused, and the question asked again.
                (
                    "Specialist's public key",
                    Answer::Text("AGE-SECRET-KEY-1QQQQ"),
                ),
                (
                    "Specialist's public key",
                    Answer::Typed(key.to_public().to_string()),
                ),
                // synchup-setup's own config is not a place for a bundle.
                (
                    "Save the bundle as",
                    typed_path(&dir.path().join("config.toml")),
                ),
                ("Save the bundle as", typed_path(&bundle)),
            ],
            &kept(dir.path()),
        );
        result.unwrap();
        let default = &prompter.asked[3].1;
        assert!(
            default
                .as_deref()
                .is_some_and(|d| d.ends_with("synchup-et7xe3pz.age")),
            "{default:?}"
        );
        assert!(said.contains("not a public key"), "{said}");
        assert!(said.contains("keeps its settings in"), "{said}");
        assert!(said.contains("Shared profile \"eu\""), "{said}");
        assert!(!said.contains(TOKEN), "{said}");
        assert!(!dir.path().join("config.toml").exists());

        let armored = std::fs::read(&bundle).unwrap();
        let identities = Identities::parse(key.to_string().expose_secret().as_bytes()).unwrap();
        let opened = Sealed::read(&armored).unwrap().open(&identities).unwrap();
        assert_eq!(opened.access_token.expose(), TOKEN);
        assert_eq!(opened.client_id().as_str(), ID);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&bundle).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn an_existing_file_is_replaced_only_when_the_admin_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let key = age::x25519::Identity::generate();
        let theirs = dir.path().join("key.txt");
        std::fs::write(&theirs, "AGE-SECRET-KEY-1 theirs").unwrap();
        let earlier = dir.path().join("earlier.age");
        std::fs::write(&earlier, "an earlier bundle").unwrap();
        let (result, said, prompter) = run(
            vec![
                ("reach SynchUP", Answer::Choose(1)),
                (
                    "Specialist's public key",
                    Answer::Typed(key.to_public().to_string()),
                ),
                ("Save the bundle as", typed_path(&theirs)),
                ("key.txt already exists. Replace it?", Answer::No),
                ("Save the bundle as", typed_path(&earlier)),
                ("earlier.age already exists. Replace it?", Answer::Yes),
            ],
            &kept(dir.path()),
        );
        result.unwrap();
        assert!(prompter.finished());
        assert!(said.contains("Shared profile \"eu\""), "{said}");
        assert_eq!(
            std::fs::read_to_string(&theirs).unwrap(),
            "AGE-SECRET-KEY-1 theirs"
        );
        let armored = std::fs::read(&earlier).unwrap();
        assert!(Sealed::read(&armored).is_ok());
    }

    #[test]
    fn the_key_as_age_keygen_prints_it_is_taken_and_mistakes_speak_of_the_specialist() {
        let dir = tempfile::tempdir().unwrap();
        let key = age::x25519::Identity::generate();
        let bundle = dir.path().join("b.age");
        let (result, said, prompter) = run(
            vec![
                ("reach SynchUP", Answer::Choose(1)),
                ("Specialist's public key", Answer::Text("age1notakey")),
                ("Specialist's public key", Answer::Text("key.pub")),
                (
                    "Specialist's public key",
                    Answer::Typed(format!("Public key: {}", key.to_public())),
                ),
                ("Save the bundle as", typed_path(&bundle)),
            ],
            &kept(dir.path()),
        );
        result.unwrap();
        assert!(prompter.finished());
        assert!(
            said.contains("Ask the specialist for their public key"),
            "{said}"
        );
        assert!(said.contains("paste the key itself"), "{said}");
        for word in ["recipient", "--to"] {
            assert!(!said.contains(word), "{word}: {said}");
        }
        let armored = std::fs::read(&bundle).unwrap();
        let identities = Identities::parse(key.to_string().expose_secret().as_bytes()).unwrap();
        assert!(Sealed::read(&armored).unwrap().open(&identities).is_ok());
    }

    #[test]
    fn the_default_name_never_names_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(free_name(dir.path(), "s"), dir.path().join("s.age"));
        std::fs::write(dir.path().join("s.age"), "").unwrap();
        std::fs::create_dir(dir.path().join("s-2.age")).unwrap();
        assert_eq!(free_name(dir.path(), "s"), dir.path().join("s-3.age"));
    }

    #[test]
    fn enter_at_the_key_question_makes_a_passphrase_shown_once() {
        let dir = tempfile::tempdir().unwrap();
        let bundle = dir.path().join("bundle.age");
        let (result, said, _) = run(
            vec![
                ("reach SynchUP", Answer::Choose(1)),
                ("Specialist's public key", Answer::Text("")),
                ("Save the bundle as", typed_path(&bundle)),
            ],
            &kept(dir.path()),
        );
        result.unwrap();
        assert!(said.contains("Protected by a passphrase"), "{said}");
        let words = said
            .lines()
            .find_map(|line| line.trim().strip_prefix("Passphrase: "))
            .unwrap_or_else(|| panic!("no passphrase shown: {said}"));
        assert_eq!(words.split('-').count(), 6, "{words}");
        let armored = std::fs::read(&bundle).unwrap();
        assert!(Sealed::read(&armored).unwrap().needs_passphrase());
    }

    #[test]
    fn cancelling_a_question_of_the_hand_over_stops_it() {
        let dir = tempfile::tempdir().unwrap();
        let (result, _, _) = run(
            vec![
                ("reach SynchUP", Answer::Choose(1)),
                ("Specialist's public key", Answer::Cancel),
            ],
            &kept(dir.path()),
        );
        assert!(matches!(result, Err(crate::error::Error::Interrupted)));
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
    }

    fn typed_path(path: &std::path::Path) -> Answer {
        Answer::Typed(path.display().to_string())
    }
}
