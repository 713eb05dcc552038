//! How the SynchUP connector loads what synchup-setup saved, and what it does when
//! nothing is set up yet.
//!
//! ```sh
//! cargo run --example connector              # the default profile
//! cargo run --example connector -- eu-shop   # another profile
//! ```

use std::process::ExitCode;

use synchup_setup::{Credentials, Error};

fn main() -> ExitCode {
    let profile = std::env::args().nth(1);
    match Credentials::load(profile.as_deref()) {
        Ok(credentials) => {
            println!("Connecting to store {}", credentials.store_hash);
            println!("  API base:  {}", credentials.api_base());
            println!("  Client ID: {}", credentials.client_id);
            // The token goes into the X-Auth-Token header and nowhere else; printing it
            // masked is the most any log should show.
            println!("  Token:     {}", credentials.access_token.masked());
            println!(
                "  From:      store hash {}, token {}",
                credentials.sources.store_hash, credentials.sources.access_token
            );
            ExitCode::SUCCESS
        }
        Err(Error::UnknownProfile { name, known, .. }) => {
            eprintln!(
                "SynchUP is not connected to a BigCommerce store yet (no profile \"{name}\")."
            );
            if known.is_empty() {
                eprintln!("Run synchup-setup to connect one.");
            } else {
                eprintln!(
                    "Set up profiles: {}. Run synchup-setup --profile {name} to add it.",
                    known.join(", ")
                );
            }
            ExitCode::from(synchup_setup::Exit::Input as u8)
        }
        Err(err) => {
            eprintln!("Cannot load the BigCommerce credentials: {err}");
            if let Some(hint) = err.hint() {
                eprintln!("  hint: {hint}");
            }
            ExitCode::from(err.exit() as u8)
        }
    }
}
