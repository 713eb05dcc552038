//! Any pasted text: no panic, and an accepted store hash is stable and survives the stored
//! API path.
#![no_main]

use libfuzzer_sys::fuzz_target;
use synchup_setup::bigcommerce::api_path::StoreHash;

fuzz_target!(|text: &str| {
    if let Ok(checked) = StoreHash::parse(text) {
        let hash = checked.value;
        assert!((5..=16).contains(&hash.as_str().len()));
        assert!(
            hash.as_str()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
        assert_eq!(StoreHash::parse(hash.as_str()).unwrap().value, hash);
        assert_eq!(StoreHash::parse(&hash.api_path()).unwrap().value, hash);
    }
});
