//! Handing the credentials over to an integration specialist (or to SynchUP), safely:
//! encrypted with age to the specialist's public key, or to a passphrase told by another
//! channel, so that the Access Token never travels in plain text.
//!
//! - [`Bundle`]: what the specialist receives, in the layout of BigCommerce's credentials
//!   file, so that `age -d` gives a familiar file and `synchup-setup < decrypted.txt`
//!   accepts it.
//! - [`parse_recipients`] and [`Recipient`]: the public keys to encrypt to, from `--to`
//!   values and recipients files (as `age -R` reads them).
//! - [`encrypt`] and [`encrypt_with_passphrase`]: a bundle to ASCII-armored age text;
//!   [`passphrase::generate`] makes a six-word passphrase.
//! - [`Sealed`] and [`Identities`]: reading an encrypted bundle and the private key that
//!   opens it ([`read_sealed`], [`read_identity`]), in two steps each, so that the caller
//!   (the import conversation in `wizard`) decides whether and how to ask for a passphrase.
//! - [`share`]: the `share` command's work, and the sealing and writing the wizard's
//!   hand-over uses. Nothing here asks a question.
//!
//! Every failure is a [`HandoffError`] with a message and a hint; none holds key material
//! or plaintext. Plaintext lives only in memory, in buffers wiped when dropped.

mod bundle;
mod error;
mod identity;
pub mod passphrase;
mod read;
mod recipient;
mod seal;
pub mod share;

pub use bundle::Bundle;
pub use error::{HandoffError, RecipientProblem};
pub use identity::{Identities, MAX_IDENTITY_FILE};
pub use read::{read_identity, read_sealed};
pub use recipient::{Recipient, RecipientSource, parse_recipients};
#[cfg(test)]
pub(crate) use seal::encrypt_scrypt;
pub use seal::{MAX_SEALED, Sealed, encrypt, encrypt_with_passphrase};
