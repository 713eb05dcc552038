//! The control-panel steps from the SynchUP help article, shown by the wizard and by
//! `synchup-setup steps` (which an integration specialist can send to a store admin), and
//! the same steps, shortened, for the new API account that missing scopes need.

use crate::bigcommerce::control_panel::{API_ACCOUNTS_LINK, API_ACCOUNTS_PAGE, SCOPES_ARE_FIXED};
use crate::bigcommerce::scopes::{B2B_EDITION, Scope, for_store};
use crate::ui::Ui;

/// Prints the steps to create the store-level API account, and the one-time warning;
/// with `b2b`, the B2B Edition scope too.
pub fn print(ui: &mut Ui, b2b: bool) {
    let scopes = for_store(b2b);
    ui.title("In the BigCommerce control panel:");
    ui.line(format!(
        "  1. Go to {API_ACCOUNTS_PAGE} and click Create API account. This link opens that \
         page in the store you are logged into:"
    ));
    ui.link(5, API_ACCOUNTS_LINK);
    ui.line("  2. Token type: V2/V3 API token.");
    ui.line("  3. Name: a descriptive name of at least 4 characters, for example \"SynchUP\".");
    ui.line(format!(
        "  4. OAuth scopes: set these {}, and leave every other scope at None:",
        scopes.len()
    ));
    scope_table(ui, &scopes, &[]);
    if b2b {
        ui.line(format!(
            "     ({} appears only when B2B Edition is enabled on the store.)",
            B2B_EDITION.name
        ));
    }
    ui.line("  5. Click Save.");
    ui.blank();
    // One paragraph, wrapped to the terminal: hard line breaks here would be wrapped
    // again into ragged lines on a narrow one.
    ui.warning(
        "BigCommerce shows the credentials only ONCE, right after you click Save, and your \
         browser downloads (or offers to download) a .txt file with the same values. Keep \
         that file somewhere safe: the values cannot be shown again, and whoever has them \
         can change the store.",
    );
    ui.info(format!(
        "If an API account lacks scopes: {SCOPES_ARE_FIXED}. Create a new one as above, use \
         its values, then delete the old one."
    ));
}

/// The same steps, shortened, for the new API account that missing scopes need: `missing`
/// names the scopes the old account lacked (none when it is not known which).
pub fn print_new_account(ui: &mut Ui, b2b: bool, missing: &[&str]) {
    let scopes = for_store(b2b);
    ui.blank();
    ui.title("Create a new API account in the BigCommerce control panel:");
    ui.line(format!("  1. Open {API_ACCOUNTS_PAGE}:"));
    ui.link(5, API_ACCOUNTS_LINK);
    ui.line(
        "  2. Click Create API account. Token type: V2/V3 API token; a name of at least 4 \
         characters.",
    );
    ui.line(format!(
        "  3. OAuth scopes: set all {} again, and leave every other scope at None:",
        scopes.len()
    ));
    scope_table(ui, &scopes, missing);
    ui.line(
        "  4. Click Save. Your browser downloads (or offers to download) a new .txt file with \
         the new values.",
    );
}

/// The scopes and their levels, one a line; a scope in `missing` is marked.
fn scope_table(ui: &mut Ui, scopes: &[Scope], missing: &[&str]) {
    let width = scopes.iter().map(|s| s.name.len()).max().unwrap_or(0);
    for scope in scopes {
        let level = ui.bold(scope.level);
        let mark = if missing.contains(&scope.name) {
            "  (missing before)"
        } else {
            ""
        };
        ui.line(format!("       {:<width$}  {level}{mark}", scope.name));
        // On a line of its own, so that the table fits a narrow terminal.
        if let Some(aside) = scope.aside() {
            ui.line(format!("         ({aside})"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bigcommerce::scopes::REQUIRED;

    #[test]
    fn steps_name_every_scope_with_its_level_and_the_one_time_warning() {
        let (mut ui, out) = Ui::capture();
        print(&mut ui, false);
        let text = out.text();
        for scope in REQUIRED {
            let row = text
                .lines()
                .find(|line| line.trim_start().starts_with(scope.name))
                .unwrap_or_else(|| panic!("{} missing", scope.name));
            assert!(row.trim_end().ends_with(&scope.level.to_string()), "{row}");
            // The other name or level, where BigCommerce's own table differs, just below.
            if let Some(aside) = scope.aside() {
                let below = text.lines().skip_while(|line| *line != row).nth(1);
                assert_eq!(below.map(str::trim), Some(format!("({aside})").as_str()));
            }
        }
        assert!(text.contains("Payments - Get accepted methods"), "{text}");
        // Captured as a pipe gets it: plain ASCII.
        assert!(text.contains(
            "Go to Settings, then Store-level API accounts (under API in some control panels)"
        ));
        assert!(text.contains("V2/V3 API token"));
        assert!(text.contains("at least 4 characters"));
        assert!(text.contains("every other scope at None"));
        assert!(text.contains("only ONCE"));
        // The browser is prompted to download it; not every one does so by itself.
        assert!(text.contains("your browser downloads (or offers to download) a .txt file"));
        assert!(!text.contains("B2B Edition"));
        assert!(text.contains(&format!("set these {}", REQUIRED.len())));
        assert!(text.contains(API_ACCOUNTS_LINK), "{text}");
        assert!(
            text.contains("If an API account lacks scopes: BigCommerce does not let"),
            "{text}"
        );
    }

    #[test]
    fn the_new_account_steps_mark_what_was_missing() {
        let (mut ui, out) = Ui::capture();
        print_new_account(&mut ui, false, &["Marketing"]);
        let text = out.text();
        assert!(text.contains(API_ACCOUNTS_LINK), "{text}");
        assert!(text.contains(&format!("set all {} again", REQUIRED.len())));
        let marked: Vec<_> = text
            .lines()
            .filter(|line| line.ends_with("(missing before)"))
            .collect();
        assert_eq!(marked.len(), 1, "{text}");
        assert!(marked[0].trim_start().starts_with("Marketing"), "{text}");
        assert!(text.contains("a new .txt file"), "{text}");
    }

    #[test]
    fn b2b_stores_get_the_b2b_edition_scope() {
        let (mut ui, out) = Ui::capture();
        print(&mut ui, true);
        let text = out.text();
        assert!(
            text.contains(&format!("set these {}", REQUIRED.len() + 1)),
            "{text}"
        );
        let row = text
            .lines()
            .find(|line| line.trim_start().starts_with("B2B Edition"))
            .unwrap();
        assert!(row.trim_end().ends_with("modify"), "{row}");
        assert_eq!(REQUIRED.len() + 1, for_store(true).len());
    }
}
