//! The wizard, run without a subcommand: its flags, handed to [`session::run`].

use crate::cli::{SaveArgs, SetupArgs};
use crate::context::Context;
use crate::error::{Origin, Result};
use crate::profile::presets::{Given, Presets};
use crate::wizard::session::{self, SaveOptions, SetupOptions};

pub fn run(cx: &mut Context, args: &SetupArgs) -> Result<()> {
    session::run(
        cx,
        SetupOptions {
            flags: flag_presets(args),
            from_file: args.from_file.clone(),
            delete_file: args.delete_file,
            save: save_options(&args.save),
        },
    )
}

/// The answers the flags give, each naming its flag.
fn flag_presets(args: &SetupArgs) -> Presets {
    let mut presets = Presets::default();
    for (field, flag, value) in &args.answers.0 {
        presets.give(field, Given::new(value.as_str(), Origin::Flag(flag.long)));
    }
    presets
}

/// How the wizard and `import` save, as their flags say.
pub(super) fn save_options(args: &SaveArgs) -> SaveOptions {
    SaveOptions {
        secret_store: args.secret_store,
        non_interactive: args.non_interactive,
        verify: args.verify(),
        b2b: args.online.b2b(),
        timeout: args.online.timeout(),
    }
}
