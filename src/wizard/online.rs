//! Running the online check (and other work that takes seconds) with a spinner on a
//! terminal.

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
    let verification = working(
        &format!("Checking with BigCommerce (store {hash})..."),
        spinner,
        || client.verify(hash, token, b2b),
    );
    for request in client.take_log() {
        err.trace("bigcommerce", request);
    }
    verification
}

/// Does `work` with a spinner and `message` on standard error when `shown` (a terminal),
/// cleared once it is done: a second or more of silence reads as a hang.
pub fn working<T>(message: &str, shown: bool, work: impl FnOnce() -> T) -> T {
    if !shown {
        return work();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg}")
            .expect("a valid template")
            .tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ "),
    );
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(Duration::from_millis(100));
    let done = work();
    bar.finish_and_clear();
    done
}
