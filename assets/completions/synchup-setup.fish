# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_synchup_setup_global_optspecs
    string join \n config= profile= q/quiet v/verbose json client-id= api-path= store-hash= name= from-file= delete-file secret-store= non-interactive verify no-verify b2b no-b2b timeout= h/help V/version
end

function __fish_synchup_setup_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_synchup_setup_global_optspecs) -- $cmd 2>/dev/null
    or argparse -s (__fish_synchup_setup_global_optspecs) -- $cmd[1..-2] 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_synchup_setup_using_subcommand
    set -l cmd (__fish_synchup_setup_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -l config -d 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -l profile -d 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config\'s default_profile, else "default"]' -r
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -l client-id -d 'The Client ID of the store-level API account' -r
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -l api-path -d 'The API Path (https://api.bigcommerce.com/stores/HASH/v3/) or the store hash' -r
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -l store-hash -d 'The store hash' -r
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -l name -d 'The API account\'s name, to recognise it in the control panel' -r
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -l from-file -d 'Read the credentials file BigCommerce downloaded (ACCESS TOKEN, CLIENT ID, API PATH)' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -l secret-store -d 'Where to keep the Access Token [default: where the profile keeps it, else keychain]' -r -f -a "keychain\t'the OS keychain: Keychain on macOS, Credential Manager on Windows, Secret Service on Linux'
file\t'credentials.toml beside the config, readable by you only'"
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -l timeout -d 'Seconds to wait for each answer from BigCommerce' -r
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -s q -l quiet -d 'Say less: only warnings, errors and questions'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -s v -l verbose -d 'Say more: what is asked of the keychain and of BigCommerce (never the token)'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -l json -d 'Print JSON instead of text (show, check and list)'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -l delete-file -d 'Delete the --from-file file after saving (on a terminal the wizard offers it)'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -l non-interactive -d 'Never ask, even on a terminal: take answers from flags, variables and piped input'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -l verify -d 'Check the credentials with BigCommerce before saving (asked on a terminal)'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -l no-verify -d 'Save without checking with BigCommerce'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -l b2b -d 'The store uses B2B Edition: add its scope to the steps and the check'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -l no-b2b -d 'The store does not use B2B Edition'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -s V -l version -d 'Print version'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -f -a "show" -d 'Show a profile\'s values and where each comes from, the token masked'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -f -a "check" -d 'Check a profile\'s health: config, values, token, file permissions; with --online, also ask BigCommerce whether it accepts them and which scopes they have'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -f -a "status" -d 'Check a profile\'s health: config, values, token, file permissions; with --online, also ask BigCommerce whether it accepts them and which scopes they have'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -f -a "token" -d 'Print the Access Token alone, for scripts: export BC_TOKEN=$(synchup-setup token)'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -f -a "list" -d 'List the profiles; * marks the one used without --profile'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -f -a "use" -d 'Make a profile the default for commands without --profile'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -f -a "remove" -d 'Delete a profile and its Access Token (the API account stays in BigCommerce)'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -f -a "logout" -d 'Delete a profile and its Access Token (the API account stays in BigCommerce)'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -f -a "steps" -d 'Print the control-panel steps that create the API account'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -f -a "share" -d 'Encrypt the profile\'s credentials for an integration specialist (or SynchUP): to their public key, or with a passphrase'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -f -a "import" -d 'Save the credentials from an encrypted bundle as a profile'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -f -a "completions" -d 'Print a shell completion script: synchup-setup completions bash > ...'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -f -a "manpage" -d 'Print the man page (roff): synchup-setup manpage > synchup-setup.1; with --dir, write it and the page of each command'
complete -c synchup-setup -n "__fish_synchup_setup_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand show" -l config -d 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand show" -l profile -d 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config\'s default_profile, else "default"]' -r
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand show" -s q -l quiet -d 'Say less: only warnings, errors and questions'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand show" -s v -l verbose -d 'Say more: what is asked of the keychain and of BigCommerce (never the token)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand show" -l json -d 'Print JSON instead of text (show, check and list)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand show" -s h -l help -d 'Print help'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand check" -l timeout -d 'Seconds to wait for each answer from BigCommerce' -r
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand check" -l config -d 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand check" -l profile -d 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config\'s default_profile, else "default"]' -r
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand check" -l online -d 'Also check with BigCommerce (read-only requests)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand check" -l b2b -d 'The store uses B2B Edition: add its scope to the steps and the check'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand check" -l no-b2b -d 'The store does not use B2B Edition'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand check" -s q -l quiet -d 'Say less: only warnings, errors and questions'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand check" -s v -l verbose -d 'Say more: what is asked of the keychain and of BigCommerce (never the token)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand check" -l json -d 'Print JSON instead of text (show, check and list)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand check" -s h -l help -d 'Print help'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand status" -l timeout -d 'Seconds to wait for each answer from BigCommerce' -r
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand status" -l config -d 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand status" -l profile -d 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config\'s default_profile, else "default"]' -r
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand status" -l online -d 'Also check with BigCommerce (read-only requests)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand status" -l b2b -d 'The store uses B2B Edition: add its scope to the steps and the check'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand status" -l no-b2b -d 'The store does not use B2B Edition'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand status" -s q -l quiet -d 'Say less: only warnings, errors and questions'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand status" -s v -l verbose -d 'Say more: what is asked of the keychain and of BigCommerce (never the token)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand status" -l json -d 'Print JSON instead of text (show, check and list)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand status" -s h -l help -d 'Print help'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand token" -l config -d 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand token" -l profile -d 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config\'s default_profile, else "default"]' -r
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand token" -l show -d 'Print it even when standard output is a terminal'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand token" -s q -l quiet -d 'Say less: only warnings, errors and questions'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand token" -s v -l verbose -d 'Say more: what is asked of the keychain and of BigCommerce (never the token)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand token" -l json -d 'Print JSON instead of text (show, check and list)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand token" -s h -l help -d 'Print help'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand list" -l config -d 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand list" -l profile -d 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config\'s default_profile, else "default"]' -r
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand list" -s q -l quiet -d 'Say less: only warnings, errors and questions'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand list" -s v -l verbose -d 'Say more: what is asked of the keychain and of BigCommerce (never the token)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand list" -l json -d 'Print JSON instead of text (show, check and list)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand list" -s h -l help -d 'Print help'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand use" -l config -d 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand use" -s q -l quiet -d 'Say less: only warnings, errors and questions'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand use" -s v -l verbose -d 'Say more: what is asked of the keychain and of BigCommerce (never the token)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand use" -l json -d 'Print JSON instead of text (show, check and list)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand use" -s h -l help -d 'Print help'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand remove" -l config -d 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand remove" -l profile -d 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config\'s default_profile, else "default"]' -r
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand remove" -s y -l yes -d 'Do not ask for confirmation'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand remove" -s q -l quiet -d 'Say less: only warnings, errors and questions'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand remove" -s v -l verbose -d 'Say more: what is asked of the keychain and of BigCommerce (never the token)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand remove" -l json -d 'Print JSON instead of text (show, check and list)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand remove" -s h -l help -d 'Print help'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand logout" -l config -d 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand logout" -l profile -d 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config\'s default_profile, else "default"]' -r
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand logout" -s y -l yes -d 'Do not ask for confirmation'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand logout" -s q -l quiet -d 'Say less: only warnings, errors and questions'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand logout" -s v -l verbose -d 'Say more: what is asked of the keychain and of BigCommerce (never the token)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand logout" -l json -d 'Print JSON instead of text (show, check and list)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand logout" -s h -l help -d 'Print help'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand steps" -l config -d 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand steps" -l profile -d 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config\'s default_profile, else "default"]' -r
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand steps" -l b2b -d 'Include the B2B Edition scope'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand steps" -s q -l quiet -d 'Say less: only warnings, errors and questions'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand steps" -s v -l verbose -d 'Say more: what is asked of the keychain and of BigCommerce (never the token)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand steps" -l json -d 'Print JSON instead of text (show, check and list)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand steps" -s h -l help -d 'Print help'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand share" -l to -d 'A public key to encrypt to: age1..., or an SSH public key line "ssh-ed25519 AAAA... comment" (ed25519 or RSA); repeatable, any one of them opens the bundle' -r
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand share" -l to-file -d 'A file of public keys, one per line, as `age -R` reads it; repeatable' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand share" -s o -l output -d 'Write the bundle to FILE, readable only by you (0600) [default: standard output, when it is not a terminal]' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand share" -l config -d 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand share" -l profile -d 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config\'s default_profile, else "default"]' -r
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand share" -l passphrase -d 'Encrypt with a passphrase instead of public keys: generated and shown once on the terminal, or taken from SYNCHUP_SHARE_PASSPHRASE'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand share" -l force -d 'Replace the --output FILE if it exists (a regular file only; never a link, a device or a directory)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand share" -s q -l quiet -d 'Say less: only warnings, errors and questions'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand share" -s v -l verbose -d 'Say more: what is asked of the keychain and of BigCommerce (never the token)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand share" -l json -d 'Print JSON instead of text (show, check and list)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand share" -s h -l help -d 'Print help'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand import" -s i -l identity -d 'The private key the bundle was made for: an age identity file (age-keygen -o) or an OpenSSH private key (ed25519 or RSA); not needed for a passphrase bundle' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand import" -l secret-store -d 'Where to keep the Access Token [default: where the profile keeps it, else keychain]' -r -f -a "keychain\t'the OS keychain: Keychain on macOS, Credential Manager on Windows, Secret Service on Linux'
file\t'credentials.toml beside the config, readable by you only'"
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand import" -l timeout -d 'Seconds to wait for each answer from BigCommerce' -r
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand import" -l config -d 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand import" -l profile -d 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config\'s default_profile, else "default"]' -r
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand import" -l non-interactive -d 'Never ask, even on a terminal: take answers from flags, variables and piped input'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand import" -l verify -d 'Check the credentials with BigCommerce before saving (asked on a terminal)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand import" -l no-verify -d 'Save without checking with BigCommerce'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand import" -l b2b -d 'The store uses B2B Edition: add its scope to the steps and the check'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand import" -l no-b2b -d 'The store does not use B2B Edition'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand import" -s q -l quiet -d 'Say less: only warnings, errors and questions'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand import" -s v -l verbose -d 'Say more: what is asked of the keychain and of BigCommerce (never the token)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand import" -l json -d 'Print JSON instead of text (show, check and list)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand completions" -l config -d 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand completions" -l profile -d 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config\'s default_profile, else "default"]' -r
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand completions" -s q -l quiet -d 'Say less: only warnings, errors and questions'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand completions" -s v -l verbose -d 'Say more: what is asked of the keychain and of BigCommerce (never the token)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand completions" -l json -d 'Print JSON instead of text (show, check and list)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand completions" -s h -l help -d 'Print help'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand manpage" -l dir -d 'Write every page (synchup-setup.1 and synchup-setup-COMMAND.1 for each command) into DIR, created if missing, instead of printing the main page' -r -f -a "(__fish_complete_directories)"
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand manpage" -l config -d 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]' -r -F
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand manpage" -l profile -d 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config\'s default_profile, else "default"]' -r
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand manpage" -s q -l quiet -d 'Say less: only warnings, errors and questions'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand manpage" -s v -l verbose -d 'Say more: what is asked of the keychain and of BigCommerce (never the token)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand manpage" -l json -d 'Print JSON instead of text (show, check and list)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand manpage" -s h -l help -d 'Print help'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand help; and not __fish_seen_subcommand_from show check token list use remove steps share import completions manpage help" -f -a "show" -d 'Show a profile\'s values and where each comes from, the token masked'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand help; and not __fish_seen_subcommand_from show check token list use remove steps share import completions manpage help" -f -a "check" -d 'Check a profile\'s health: config, values, token, file permissions; with --online, also ask BigCommerce whether it accepts them and which scopes they have'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand help; and not __fish_seen_subcommand_from show check token list use remove steps share import completions manpage help" -f -a "token" -d 'Print the Access Token alone, for scripts: export BC_TOKEN=$(synchup-setup token)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand help; and not __fish_seen_subcommand_from show check token list use remove steps share import completions manpage help" -f -a "list" -d 'List the profiles; * marks the one used without --profile'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand help; and not __fish_seen_subcommand_from show check token list use remove steps share import completions manpage help" -f -a "use" -d 'Make a profile the default for commands without --profile'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand help; and not __fish_seen_subcommand_from show check token list use remove steps share import completions manpage help" -f -a "remove" -d 'Delete a profile and its Access Token (the API account stays in BigCommerce)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand help; and not __fish_seen_subcommand_from show check token list use remove steps share import completions manpage help" -f -a "steps" -d 'Print the control-panel steps that create the API account'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand help; and not __fish_seen_subcommand_from show check token list use remove steps share import completions manpage help" -f -a "share" -d 'Encrypt the profile\'s credentials for an integration specialist (or SynchUP): to their public key, or with a passphrase'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand help; and not __fish_seen_subcommand_from show check token list use remove steps share import completions manpage help" -f -a "import" -d 'Save the credentials from an encrypted bundle as a profile'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand help; and not __fish_seen_subcommand_from show check token list use remove steps share import completions manpage help" -f -a "completions" -d 'Print a shell completion script: synchup-setup completions bash > ...'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand help; and not __fish_seen_subcommand_from show check token list use remove steps share import completions manpage help" -f -a "manpage" -d 'Print the man page (roff): synchup-setup manpage > synchup-setup.1; with --dir, write it and the page of each command'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand help; and not __fish_seen_subcommand_from show check token list use remove steps share import completions manpage help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c synchup-setup -n "__fish_synchup_setup_using_subcommand completions" -f -a "bash elvish fish powershell zsh"
