//! The wizard's last step, step 3 of the help article: how the values reach SynchUP. The
//! admin enters them in SynchUP (shown one at a time, the Access Token only when asked and
//! taken off the screen again), hands them to an integration specialist (encrypted, through
//! `share`), or leaves them here for the connector on this machine. Asked on a terminal
//! only, after saving; a script is never asked.

use secrecy::SecretString;

use crate::bigcommerce::values::AccessToken;
use crate::context::prompter::Prompter;
use crate::error::Result;
use crate::rerun::{setup_command, with_profile};
use crate::ui::Ui;

/// The ways the values can reach SynchUP, as the admin is offered them.
pub const ROUTES: [&str; 3] = [
    "I'll enter them in SynchUP myself",
    "An integration specialist will set it up",
    "The SynchUP connector runs on this machine",
];

/// What SynchUP asks for, as saved.
pub struct Values<'a> {
    pub profile: &'a str,
    pub client_id: &'a str,
    pub store_hash: &'a str,
    pub token: &'a AccessToken,
}

/// Asks how the values reach SynchUP and does it. `share` hands them to a specialist.
pub fn ask(
    ui: &mut Ui,
    prompter: &mut dyn Prompter,
    values: &Values<'_>,
    share: &mut dyn FnMut(&mut Ui, &mut dyn Prompter) -> Result<()>,
) -> Result<()> {
    ui.blank();
    let route = prompter.select("How will these values reach SynchUP?", &ROUTES, 0)?;
    match route {
        0 => enter_yourself(ui, prompter, values),
        1 => share(ui, prompter),
        _ => {
            ui.line(format!(
                "The SynchUP connector on this machine reads them from here. {} shows them; \
                 run {} again to change them.",
                with_profile("show", values.profile),
                setup_command(values.profile)
            ));
            Ok(())
        }
    }
}

/// The three values SynchUP asks for, one at a time; the token only when the admin asks,
/// and off the screen again once they have it.
fn enter_yourself(ui: &mut Ui, prompter: &mut dyn Prompter, values: &Values<'_>) -> Result<()> {
    ui.title("In SynchUP, enter:");
    ui.table(&[
        ("Client Id", values.client_id.to_owned()),
        ("Store Hash", values.store_hash.to_owned()),
        ("Access Token", values.token.masked()),
    ]);
    if prompter.confirm("Show the Access Token now? (hidden again at a key)", true)? {
        prompter.reveal("Access Token", &SecretString::from(values.token.expose()))?;
        ui.success("The Access Token is off the screen again.");
    }
    ui.info(format!(
        "Later, {} shows the values and {} prints the token.",
        with_profile("show", values.profile),
        with_profile("token --show", values.profile)
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::prompter::fake::{Answer, Scripted};

    const TOKEN: &str = "abcdefghijklmnopqrstuvwxyz01234";

    fn run(script: Vec<(&'static str, Answer)>, shared: &mut bool) -> (String, Scripted) {
        let token = AccessToken::parse(TOKEN).unwrap().value;
        let values = Values {
            profile: "eu",
            client_id: "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov",
            store_hash: "et7xe3pz",
            token: &token,
        };
        let (mut ui, said) = Ui::capture();
        let mut prompter = Scripted::new(script);
        let mut share = |_: &mut Ui, _: &mut dyn Prompter| {
            *shared = true;
            Ok(())
        };
        ask(&mut ui, &mut prompter, &values, &mut share).unwrap();
        assert!(prompter.finished(), "{:?}", prompter.asked);
        (said.text(), prompter)
    }

    #[test]
    fn entering_them_yourself_shows_the_token_only_when_asked() {
        let mut shared = false;
        let (said, prompter) = run(
            vec![
                ("reach SynchUP", Answer::Choose(0)),
                ("Show the Access Token now", Answer::Yes),
                ("Access Token", Answer::Seen),
            ],
            &mut shared,
        );
        assert!(said.contains("k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov"), "{said}");
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
        assert!(!shared);

        let (_, prompter) = run(
            vec![
                ("reach SynchUP", Answer::Choose(0)),
                ("Show the Access Token now", Answer::No),
            ],
            &mut shared,
        );
        assert!(prompter.revealed.is_empty());
    }

    #[test]
    fn a_specialist_gets_it_through_share_and_this_machine_needs_nothing() {
        let mut shared = false;
        run(vec![("reach SynchUP", Answer::Choose(1))], &mut shared);
        assert!(shared);
        let mut shared = false;
        let (said, _) = run(vec![("reach SynchUP", Answer::Choose(2))], &mut shared);
        assert!(!shared);
        assert!(
            said.contains("connector on this machine reads them"),
            "{said}"
        );
    }
}
