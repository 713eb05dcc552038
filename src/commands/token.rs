//! `token`: the Access Token alone on standard output, for `$(synchup-setup token)`.

use std::io::IsTerminal;

use super::report::look_up;
use super::{Context, print};
use crate::credentials::{TokenState, missing_token};
use crate::error::{Error, InputProblem, Result};

pub fn run(context: &Context, show: bool) -> Result<()> {
    // Refused before anything is read: a token on a screen can end up in a recording or
    // a screenshot, which is why this needs to be asked for.
    if std::io::stdout().is_terminal() && !show {
        return Err(Error::usage(
            "The Access Token would be printed on your screen.",
            Some(
                "Use it in a script (export BC_TOKEN=$(synchup-setup token)), or add --show \
                 to print it here."
                    .to_owned(),
            ),
        ));
    }
    let storage = context.storage(false);
    let found = look_up(context, &storage)?;
    let lookup = found.lookup;
    match lookup.token.value {
        TokenState::Present(token) => print(format!("{}\n", token.expose()).as_bytes()),
        TokenState::Missing => {
            let kind = lookup.saved.map(|p| p.secret_store).unwrap_or_default();
            Err(missing_token(storage.store(kind), &lookup.profile))
        }
        TokenState::Unreadable(err) => Err(err.into()),
        TokenState::Invalid(invalid) => Err(Error::Input(vec![InputProblem {
            origin: crate::env::ACCESS_TOKEN.to_owned(),
            message: invalid.0,
        }])),
    }
}
