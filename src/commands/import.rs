//! `import`: its arguments, handed to [`import::run`].

use crate::cli::ImportArgs;
use crate::context::Context;
use crate::error::Result;
use crate::wizard::import::{self, ImportOptions};

pub fn run(cx: &mut Context, args: &ImportArgs) -> Result<()> {
    import::run(
        cx,
        ImportOptions {
            file: args.file.clone(),
            identity: args.identity.clone(),
            save: super::setup::save_options(&args.save),
        },
    )
}
