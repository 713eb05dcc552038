//! The wizard, run without a subcommand: its flags, handed to [`session::run`].

use crate::cli::SetupArgs;
use crate::context::Context;
use crate::error::{Origin, Result};
use crate::profile::presets::{Given, Presets};
use crate::wizard::session::{self, SetupOptions};

pub fn run(cx: &mut Context, args: &SetupArgs) -> Result<()> {
    session::run(
        cx,
        SetupOptions {
            flags: flag_presets(args),
            from_file: args.from_file.clone(),
            delete_file: args.delete_file,
            save: super::save_options(&args.save),
        },
    )
}

fn flag_presets(args: &SetupArgs) -> Presets {
    let given = |value: &Option<String>, flag| {
        value
            .as_ref()
            .map(|value| Given::new(value.as_str(), Origin::Flag(flag)))
    };
    Presets {
        client_id: given(&args.client_id, "--client-id"),
        access_token: None,
        store: [
            given(&args.api_path, "--api-path"),
            given(&args.store_hash, "--store-hash"),
        ]
        .into_iter()
        .flatten()
        .collect(),
        account_name: given(&args.name, "--name"),
        ..Presets::default()
    }
}
