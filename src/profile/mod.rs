//! A profile: what it is called, and the answers given up front for its values
//! ([`presets`]).

pub mod fields;
pub mod presets;
pub mod values;

/// Profile names become TOML keys and keychain account names: kept to a safe alphabet.
pub fn profile_name(text: &str) -> std::result::Result<String, String> {
    let ok = (1..=64).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(text.to_owned())
    } else {
        Err("use 1 to 64 letters, digits, '-' or '_'".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_names() {
        for good in ["default", "eu-shop", "store_2", "A1"] {
            assert!(profile_name(good).is_ok(), "{good}");
        }
        for bad in ["", "a/b", "a.b", "a b", "ü", &"x".repeat(65)] {
            assert!(profile_name(bad).is_err(), "{bad}");
        }
    }
}
