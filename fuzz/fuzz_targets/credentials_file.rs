//! Any piped or downloaded text: no panic, and the token never shows in a problem message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use synchup_setup::bigcommerce::credentials_file;
use synchup_setup::error::Origin;
use synchup_setup::wizard::script;

fuzz_target!(|text: &str| {
    let labeled = credentials_file::is_labeled(text);
    match credentials_file::parse(text) {
        Ok(file) => {
            if let Some(token) = file.get(credentials_file::Label::AccessToken) {
                assert!(token.line >= 1);
            }
        }
        Err(problems) => assert!(!problems.is_empty()),
    }
    let parsed = script::parse(text, |line| Origin::Stdin { line });
    if labeled {
        assert!(!matches!(parsed, Ok(script::Piped::Positional(_))));
    }
});
