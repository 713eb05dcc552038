//! Passphrases for a specialist who has no key: six words from the BIP-39 English list,
//! easy to read out over the phone and to type.

use secrecy::zeroize::{Zeroize, Zeroizing};
use secrecy::{ExposeSecret, SecretString};

use super::error::HandoffError;

/// How many words a generated passphrase has.
///
/// Each word is one of 2048, chosen uniformly, so six words carry 6 × 11 = 66 bits of
/// entropy. age stretches the passphrase with scrypt at about one second of work per guess
/// on the sending machine, which puts guessing it (2^65 guesses on average) out of reach.
pub const WORDS: usize = 6;

const SEPARATOR: char = '-';

/// The word list: BIP-39 English, 2048 short, common, lowercase words chosen so that no two
/// are easily confused.
fn word_list() -> &'static [&'static str; 2048] {
    bip39::Language::English.word_list()
}

/// A new passphrase, `word-word-word-word-word-word`, from the operating system's random
/// number generator.
pub fn generate() -> Result<SecretString, HandoffError> {
    let mut random = Zeroizing::new([0u8; 2 * WORDS]);
    getrandom::fill(random.as_mut()).map_err(|err| HandoffError::Encrypt {
        reason: format!("the system's random number generator failed ({err})"),
    })?;
    let mut picks = Zeroizing::new([0usize; WORDS]);
    for (pick, bytes) in picks.iter_mut().zip(random.chunks_exact(2)) {
        // 2048 is a power of two, so keeping the low 11 bits is uniform: no modulo bias.
        *pick = usize::from(u16::from_le_bytes([bytes[0], bytes[1]]) & 0x7ff);
    }
    Ok(join(picks.iter().map(|&i| word_list()[i])))
}

/// The passphrase as it was meant, when what was typed is the right words written another
/// way (spaces instead of dashes, capitals, extra spaces); `None` when it is not, or when
/// it is already written the canonical way.
pub(crate) fn canonical(typed: &SecretString) -> Option<SecretString> {
    let typed = typed.expose_secret();
    let lowered = Zeroizing::new(typed.to_lowercase());
    let words: Vec<&str> = lowered
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '_' | ',' | '.'))
        .filter(|word| !word.is_empty())
        .collect();
    if words.len() != WORDS
        || !words
            .iter()
            .all(|w| bip39::Language::English.find_word(w).is_some())
    {
        return None;
    }
    let canonical = join(words.iter().copied());
    (canonical.expose_secret() != typed).then_some(canonical)
}

/// The words typed, counted as [`canonical`] splits them, and those not in the word list
/// of a generated passphrase (made printable): what to tell someone typing words read out
/// on the phone before the passphrase is tried.
pub fn typed_words(typed: &SecretString) -> (usize, Vec<String>) {
    let lowered = Zeroizing::new(typed.expose_secret().to_lowercase());
    let words: Vec<&str> = lowered
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '_' | ',' | '.'))
        .filter(|word| !word.is_empty())
        .collect();
    let unknown = words
        .iter()
        .filter(|w| bip39::Language::English.find_word(w).is_none())
        .map(|w| crate::ui::printable(w))
        .collect();
    (words.len(), unknown)
}

/// Joins words into a secret with no spare capacity: turning a `String` into a secret
/// shrinks it first, and a reallocation would leave an unwiped copy behind.
fn join<'a>(words: impl Iterator<Item = &'a str> + Clone) -> SecretString {
    let count = words.clone().count();
    let len = words.clone().map(str::len).sum::<usize>() + count.saturating_sub(1);
    let mut text = String::with_capacity(len);
    for (i, word) in words.enumerate() {
        if i > 0 {
            text.push(SEPARATOR);
        }
        text.push_str(word);
    }
    debug_assert_eq!(text.len(), text.capacity());
    let secret = SecretString::from(text.as_str());
    text.zeroize();
    secret
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_words_from_the_list() {
        let passphrase = generate().unwrap();
        let words: Vec<&str> = passphrase.expose_secret().split('-').collect();
        assert_eq!(words.len(), WORDS);
        for word in words {
            assert!(word_list().contains(&word), "{word}");
        }
    }

    #[test]
    fn passphrases_differ() {
        let seen: std::collections::HashSet<String> = (0..50)
            .map(|_| generate().unwrap().expose_secret().to_owned())
            .collect();
        assert_eq!(seen.len(), 50);
    }

    #[test]
    fn every_word_is_reachable() {
        // Over many draws, both halves of the list and its ends turn up: the 11-bit mask
        // reaches all of it.
        let mut low = false;
        let mut high = false;
        for _ in 0..200 {
            for word in generate().unwrap().expose_secret().split('-') {
                let index = word_list().iter().position(|w| *w == word).unwrap();
                low |= index < 1024;
                high |= index >= 1024;
            }
        }
        assert!(low && high);
    }

    #[test]
    fn typed_variants_are_recognised() {
        let meant = "abandon-ability-able-about-above-zoo";
        for typed in [
            "abandon ability able about above zoo",
            "  Abandon  Ability able ABOUT above zoo \n",
            "abandon, ability, able, about, above, zoo.",
        ] {
            let canonical = canonical(&SecretString::from(typed)).unwrap();
            assert_eq!(canonical.expose_secret(), meant, "{typed:?}");
        }
        for typed in [
            meant,
            "abandon ability able about above",
            "abandon ability able about above zoo zoo",
            "abandon ability able about above zooo",
            "correct horse battery staple",
        ] {
            assert!(canonical(&SecretString::from(typed)).is_none(), "{typed:?}");
        }
    }
}
