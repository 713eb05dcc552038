//! Where things are in the BigCommerce control panel, and what it allows, worded so that an
//! admin finds her way in whichever version of it her store has. The same words serve the
//! wizard, `check`, a script's error and `steps`.

use super::scopes::Scope;

/// The page of store-level API accounts. BigCommerce's documentation names it "Settings >
/// Store-level API accounts", the SynchUP help article "Settings > API > Store-level API
/// accounts": both are named.
pub const API_ACCOUNTS_PAGE: &str =
    "Settings, then Store-level API accounts (under API in some control panels)";

/// Opens that page in whichever store the admin is logged into (BigCommerce's own
/// integrations link to it).
pub const API_ACCOUNTS_LINK: &str =
    "https://login.bigcommerce.com/deep-links/settings/auth/api-accounts";

/// Why missing scopes need a new API account: "You can't change store-level access tokens
/// or OAuth scopes" (BigCommerce's API accounts documentation).
pub const SCOPES_ARE_FIXED: &str = "BigCommerce does not let the scopes or the token of an \
     existing store-level API account be changed";

/// The scopes with the level each needs: `Marketing (modify), Get Payment Methods
/// (read-only; also named "...")`.
pub fn scope_list<'a>(scopes: impl IntoIterator<Item = &'a Scope>) -> String {
    scopes
        .into_iter()
        .map(|scope| match scope.other_name {
            Some(other) => format!("{} ({}; also named \"{other}\")", scope.name, scope.level),
            None => format!("{} ({})", scope.name, scope.level),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the API account lacks, in one sentence.
pub fn lacking<'a>(scopes: impl IntoIterator<Item = &'a Scope>) -> String {
    let scopes: Vec<&Scope> = scopes.into_iter().collect();
    let count = match scopes.len() {
        1 => "a scope".to_owned(),
        n => format!("{n} scopes"),
    };
    format!(
        "The API account lacks {count} SynchUP needs: {}.",
        scope_list(scopes)
    )
}

/// What to do about missing scopes.
pub fn new_account_fix() -> String {
    format!(
        "{SCOPES_ARE_FIXED}: create a new API account with every scope SynchUP needs \
         (synchup-setup steps lists them) and use its values; then delete the old account in \
         the control panel: {API_ACCOUNTS_PAGE}."
    )
}

/// What to do about one missing scope, for `check`'s line about it.
pub fn new_account_with(scope: &Scope) -> String {
    let name = match scope.other_name {
        Some(other) => format!("{} (also named \"{other}\")", scope.name),
        None => scope.name.to_owned(),
    };
    format!(
        "{SCOPES_ARE_FIXED}: create a new API account with {name} set to {} and the other \
         scopes SynchUP needs (synchup-setup steps lists them) and use its values; then delete \
         the old account in the control panel: {API_ACCOUNTS_PAGE}.",
        scope.level
    )
}

/// The reminder once a new account's values are saved: the old one still works until it
/// is deleted. `name` and `client_id` are the old account's, as far as they are known.
pub fn delete_old_account(name: Option<&str>, client_id: &str) -> String {
    let account = match name {
        Some(name) => format!("the old API account \"{name}\" (Client ID {client_id})"),
        None => format!("the old API account with Client ID {client_id}"),
    };
    format!(
        "Now delete {account} in the control panel: {API_ACCOUNTS_PAGE}. Its token keeps \
         working until you do."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bigcommerce::scopes::REQUIRED;

    #[test]
    fn the_page_name_matches_both_control_panels() {
        // The documentation's path, and the help article's extra level.
        assert!(API_ACCOUNTS_PAGE.starts_with("Settings, then Store-level API accounts"));
        assert!(API_ACCOUNTS_PAGE.contains("under API"));
        assert!(API_ACCOUNTS_LINK.starts_with("https://login.bigcommerce.com/deep-links/"));
    }

    #[test]
    fn missing_scopes_are_named_with_their_levels_and_need_a_new_account() {
        let find = |name: &str| REQUIRED.iter().find(|s| s.name == name).unwrap();
        assert_eq!(
            lacking([find("Marketing"), find("Fulfillment Methods")]),
            "The API account lacks 2 scopes SynchUP needs: Marketing (modify), Fulfillment \
             Methods (read-only)."
        );
        assert_eq!(
            lacking([find("Get Payment Methods")]),
            "The API account lacks a scope SynchUP needs: Get Payment Methods (read-only; also \
             named \"Payments - Get accepted methods\")."
        );
        assert!(new_account_with(find("Get Payment Methods")).contains(
            "with Get Payment Methods (also named \"Payments - Get accepted methods\") set \
                 to read-only"
        ));
        let fix = new_account_fix();
        assert!(fix.contains("create a new API account"), "{fix}");
        assert!(
            fix.contains("cannot") || fix.contains("does not let"),
            "{fix}"
        );
        assert_eq!(
            delete_old_account(Some("SynchUP"), "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov"),
            "Now delete the old API account \"SynchUP\" (Client ID \
             k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov) in the control panel: Settings, then \
             Store-level API accounts (under API in some control panels). Its token keeps \
             working until you do."
        );
    }
}
