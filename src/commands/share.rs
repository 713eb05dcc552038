//! `share`: its arguments, handed to [`share::run`].

use crate::cli::ShareArgs;
use crate::context::Context;
use crate::error::Result;
use crate::handoff::share::{self, ShareOptions};

pub fn run(cx: &mut Context, args: &ShareArgs) -> Result<()> {
    share::run(
        cx,
        &ShareOptions {
            to: args.to.clone(),
            to_file: args.to_file.clone(),
            passphrase: args.passphrase,
            output: args.output.clone(),
            force: args.force,
        },
    )
}
