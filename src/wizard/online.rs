//! Running the online check with a spinner on a terminal.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::bigcommerce::api_path::StoreHash;
use crate::bigcommerce::client::Client;
use crate::bigcommerce::values::AccessToken;
use crate::bigcommerce::verify::Verification;
use crate::ui::Ui;

/// Asks BigCommerce, with a spinner on standard error when `spinner` is set (a terminal).
/// With `announce`, says on `err` first when a base URL override sends the requests
/// elsewhere; with `-v`, lists the requests sent afterwards.
pub fn verify(
    client: &Client,
    hash: &StoreHash,
    token: &AccessToken,
    b2b: bool,
    spinner: bool,
    (err, announce): (&Ui, bool),
) -> Verification {
    let mut err = err.clone();
    if announce {
        for endpoint in &client.endpoints().overrides {
            err.warning(format!("Asking {endpoint} instead of BigCommerce itself."));
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
    for request in client.take_log() {
        err.trace("bigcommerce", request);
    }
    verification
}
