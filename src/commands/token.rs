//! `token`: the Access Token alone on standard output, for `$(synchup-setup token)`.

use super::output::print_all;
use super::report::look_up;
use crate::context::Context;
use crate::credentials::{TokenState, missing_token};
use crate::error::{Error, Origin, Result};
use crate::profile::fields::ACCESS_TOKEN;

pub fn run(cx: &mut Context, show: bool) -> Result<()> {
    // Refused before anything is read: a token on a screen can end up in a recording or
    // a screenshot, which is why this needs to be asked for.
    if cx.terminals().stdout && !show {
        return Err(Error::usage(
            "The Access Token would be printed on your screen.",
            Some(
                "Use it in a script (export BC_TOKEN=$(synchup-setup token)), or add --show \
                 to print it here."
                    .to_owned(),
            ),
        ));
    }
    let storage = cx.storage(false);
    let lookup = look_up(cx, &storage)?.lookup;
    match lookup.token.value {
        TokenState::Present(token) => {
            // Never a success with nothing written: `$(synchup-setup token)` would go on
            // with an empty token.
            print_all(&mut cx.out, format!("{}\n", token.expose()).as_bytes())
        }
        TokenState::Missing => {
            let kind = lookup
                .saved
                .as_ref()
                .map(|p| p.secret_store)
                .unwrap_or_default();
            Err(missing_token(
                storage.store(kind),
                lookup.saved.as_ref(),
                &lookup.profile,
            ))
        }
        TokenState::Unreadable(err) => Err(err.into()),
        TokenState::Invalid(invalid) => Err(Error::input(
            Origin::Env(ACCESS_TOKEN.variables[0].name),
            invalid.0,
        )),
    }
}
