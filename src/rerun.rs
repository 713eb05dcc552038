//! The commands that messages tell the admin to run, for one profile: `synchup-setup`, or
//! one of its subcommands, with `--profile` when the profile is not the default one. Every
//! "run ..." in a message or a hint is made here, so that none leaves out the profile it is
//! about.

/// The profile used when none is named.
pub const DEFAULT_PROFILE: &str = "default";

/// The command that sets up or updates `profile`: `synchup-setup`, with `--profile` when
/// it is not the default.
pub fn setup_command(profile: &str) -> String {
    if profile == DEFAULT_PROFILE {
        "synchup-setup".to_owned()
    } else {
        format!("synchup-setup --profile {profile}")
    }
}

/// `synchup-setup COMMAND`, with `--profile` for a profile other than the default.
pub fn with_profile(command: &str, profile: &str) -> String {
    match setup_command(profile).strip_prefix("synchup-setup") {
        Some(flags) => format!("synchup-setup {command}{flags}"),
        None => format!("synchup-setup {command}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_name_other_profiles() {
        assert_eq!(setup_command("default"), "synchup-setup");
        assert_eq!(setup_command("eu"), "synchup-setup --profile eu");
        assert_eq!(with_profile("show", "default"), "synchup-setup show");
        assert_eq!(
            with_profile("token --show", "eu"),
            "synchup-setup token --show --profile eu"
        );
    }
}
