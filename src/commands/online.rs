//! Running the online check with a spinner on a terminal.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::bigcommerce::api_path::StoreHash;
use crate::bigcommerce::values::AccessToken;
use crate::bigcommerce::verify::{Client, Verification};
use crate::ui::Ui;

/// Asks BigCommerce, with a spinner on standard error when `spinner` is set (a terminal).
/// With `announce`, says there first when a base URL override sends the requests elsewhere.
pub fn verify(
    client: &Client,
    hash: &StoreHash,
    token: &AccessToken,
    b2b: bool,
    spinner: bool,
    announce: Option<&Ui>,
) -> Verification {
    if let Some(ui) = announce {
        let mut ui = ui.clone();
        for endpoint in &client.endpoints().overrides {
            ui.warning(format!("Asking {endpoint} instead of BigCommerce itself."));
        }
    }
    let bar = if spinner {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg}")
            .expect("a valid template")
            .tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ "),
    );
    bar.set_message(format!("Checking with BigCommerce (store {hash})..."));
    bar.enable_steady_tick(Duration::from_millis(100));
    let verification = client.verify(hash, token, b2b);
    bar.finish_and_clear();
    verification
}
