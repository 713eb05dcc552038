//! Properties of the parsers over generated input: no panic on anything, normalising is
//! stable, and every accepted store hash survives the trip through the stored API path.

use proptest::prelude::*;
use secrecy::ExposeSecret;
use synchup_setup::bigcommerce::api_path::StoreHash;
use synchup_setup::bigcommerce::credentials_file::{self, Label};
use synchup_setup::bigcommerce::values::{AccessToken, ClientId};
use synchup_setup::storage::config::ConfigFile;

fn hash() -> impl Strategy<Value = String> {
    "[a-z0-9]{5,16}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    fn parsers_never_panic(input in any::<String>()) {
        let _ = StoreHash::parse(&input);
        let _ = ClientId::parse(&input);
        let _ = AccessToken::parse(&input);
        let _ = credentials_file::is_labeled(&input);
        let _ = credentials_file::parse(&input);
    }

    fn parsers_never_panic_on_likely_shapes(
        input in r"(https?://)?(api\.bigcommerce\.com|store-[a-z0-9-]{0,12}\.mybigcommerce\.com|[a-z.]{0,12})(/[a-zA-Z0-9_-]{0,10}){0,4}/?",
        label in "(ACCESS TOKEN|CLIENT ID|API PATH|NAME|CLIENT SECRET|STORE HASH|x)",
    ) {
        let _ = StoreHash::parse(&input);
        let _ = credentials_file::parse(&format!("{label}: {input}\r\n{label}:{input}"));
    }

    fn normalising_twice_equals_once(input in any::<String>()) {
        if let Ok(once) = StoreHash::parse(&input) {
            let twice = StoreHash::parse(once.value.as_str()).unwrap().value;
            prop_assert_eq!(&twice, &once.value);
            prop_assert!(StoreHash::parse(twice.as_str()).unwrap().notes.iter().all(|n| !n.text.contains("prefix")));
        }
        if let Ok(once) = ClientId::parse(&input) {
            prop_assert_eq!(ClientId::parse(once.value.as_str()).unwrap().value, once.value);
        }
    }

    fn accepted_hashes_round_trip_through_the_stored_api_path(hash in hash()) {
        let parsed = StoreHash::parse(&hash).unwrap().value;
        prop_assert_eq!(parsed.as_str(), hash.as_str());
        let stored = parsed.api_path();
        prop_assert_eq!(StoreHash::parse(&stored).unwrap().value, parsed);
    }

    fn every_pasted_form_finds_the_same_hash(hash in hash(), upper in any::<bool>(), slash in any::<bool>()) {
        let shown = if upper { hash.to_ascii_uppercase() } else { hash.clone() };
        let end = if slash { "/" } else { "" };
        let forms = [
            shown.clone(),
            format!("store-{shown}"),
            format!("https://api.bigcommerce.com/stores/{shown}/v3{end}"),
            format!("http://API.bigcommerce.com/stores/{shown}/v2{end}"),
            format!("api.bigcommerce.com/stores/{shown}{end}"),
            format!("https://store-{shown}.mybigcommerce.com/manage{end}"),
            format!("  \"API PATH: https://api.bigcommerce.com/stores/{shown}/v3/\"  "),
        ];
        for form in forms {
            let parsed = StoreHash::parse(&form);
            prop_assert!(parsed.is_ok(), "{form:?}: {:?}", parsed.err());
            let found = parsed.unwrap().value;
            prop_assert_eq!(found.as_str(), hash.as_str());
        }
    }

    fn config_loading_never_panics(text in any::<String>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, &text).unwrap();
        if let Ok(config) = ConfigFile::load(&path) {
            let _ = config.profiles();
            let _ = config.default_profile();
        }
    }

    fn credentials_files_find_their_values_in_any_order(order in Just([0usize, 1, 2, 3]).prop_shuffle(), crlf in any::<bool>()) {
        let lines = [
            "ACCESS TOKEN: abcdefghijklmnopqrstuvwxyz01234",
            "CLIENT ID: k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov",
            "API PATH: https://api.bigcommerce.com/stores/et7xe3pz/v3/",
            "CLIENT SECRET: 0123456789abcdef",
        ];
        let end = if crlf { "\r\n" } else { "\n" };
        let text: String = order.iter().map(|&i| format!("{}{end}", lines[i])).collect();
        prop_assert!(credentials_file::is_labeled(&text));
        let file = credentials_file::parse(&text).unwrap();
        let value = |label| file.get(label).map(|line| line.value.expose_secret().to_owned());
        prop_assert_eq!(value(Label::ClientId).unwrap(), "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov");
        prop_assert_eq!(value(Label::ApiPath).unwrap(), "https://api.bigcommerce.com/stores/et7xe3pz/v3/");
        prop_assert!(value(Label::AccessToken).is_some());
    }
}

// proptest! makes each a function of no arguments that runs its cases.
crate::harness::tests! {
    parsers_never_panic,
    parsers_never_panic_on_likely_shapes,
    normalising_twice_equals_once,
    accepted_hashes_round_trip_through_the_stored_api_path,
    every_pasted_form_finds_the_same_hash,
    config_loading_never_panics,
    credentials_files_find_their_values_in_any_order,
}
