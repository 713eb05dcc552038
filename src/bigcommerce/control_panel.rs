//! Where things are in the BigCommerce control panel, worded so that an admin finds them
//! in whichever version of it her store has.

/// The page of store-level API accounts. BigCommerce's documentation names it "Settings >
/// Store-level API accounts", the SynchUP help article "Settings > API > Store-level API
/// accounts": both are named.
pub const API_ACCOUNTS_PAGE: &str =
    "Settings, then Store-level API accounts (under API in some control panels)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_name_matches_both_control_panels() {
        // The documentation's path, and the help article's extra level.
        assert!(API_ACCOUNTS_PAGE.starts_with("Settings, then Store-level API accounts"));
        assert!(API_ACCOUNTS_PAGE.contains("under API"));
    }
}
