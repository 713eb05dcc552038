//! Any config file contents: no panic; a config that loads can be read, changed, written
//! out and loaded again.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use synchup_setup::profile::fields::STORE;
use synchup_setup::storage::config::{ConfigFile, Profile};

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new("config.toml");
    let Ok(mut config) = ConfigFile::parse(path, bytes.to_vec()) else {
        return;
    };
    let profiles = config
        .profiles()
        .expect("a loaded config reads its profiles");
    let _ = config.default_profile();
    let profile = Profile::new("fuzzed").with(&STORE, "abc1234");
    config.set_profile(&profile);
    let text = config.to_text();
    let again = ConfigFile::parse(path, text.into_bytes()).expect("what is written loads again");
    assert_eq!(
        again.profile("fuzzed").unwrap().unwrap().store_text(),
        profile.store_text()
    );
    assert!(again.profiles().unwrap().len() >= profiles.len());
});
