
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'synchup-setup' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'synchup-setup'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'synchup-setup' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config''s default_profile, else "default"]')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The Client ID of the store-level API account')
            [CompletionResult]::new('--api-path', '--api-path', [CompletionResultType]::ParameterName, 'The API Path (https://api.bigcommerce.com/stores/HASH/v3/) or the store hash')
            [CompletionResult]::new('--store-hash', '--store-hash', [CompletionResultType]::ParameterName, 'The store hash')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The API account''s name, to recognise it in the control panel')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read the credentials file BigCommerce downloaded (ACCESS TOKEN, CLIENT ID, API PATH)')
            [CompletionResult]::new('--secret-store', '--secret-store', [CompletionResultType]::ParameterName, 'Where to keep the Access Token [default: where the profile keeps it, else keychain]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer from BigCommerce')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text (show, check and list)')
            [CompletionResult]::new('--delete-file', '--delete-file', [CompletionResultType]::ParameterName, 'Delete the --from-file file after saving (on a terminal the wizard offers it)')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask, even on a terminal: take answers from flags, variables and piped input')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Check the credentials with BigCommerce before saving (asked on a terminal)')
            [CompletionResult]::new('--no-verify', '--no-verify', [CompletionResultType]::ParameterName, 'Save without checking with BigCommerce')
            [CompletionResult]::new('--b2b', '--b2b', [CompletionResultType]::ParameterName, 'The store uses B2B Edition: add its scope to the steps and the check')
            [CompletionResult]::new('--no-b2b', '--no-b2b', [CompletionResultType]::ParameterName, 'The store does not use B2B Edition')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a profile''s values and where each comes from, the token masked')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a profile''s health: config, values, token, file permissions; with --online, also ask BigCommerce whether it accepts them and which scopes they have')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Check a profile''s health: config, values, token, file permissions; with --online, also ask BigCommerce whether it accepts them and which scopes they have')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print the Access Token alone, for scripts: export BC_TOKEN=$(synchup-setup token)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the profiles; * marks the one used without --profile')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a profile the default for commands without --profile')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete a profile and its Access Token (the API account stays in BigCommerce)')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Delete a profile and its Access Token (the API account stays in BigCommerce)')
            [CompletionResult]::new('steps', 'steps', [CompletionResultType]::ParameterValue, 'Print the control-panel steps that create the API account')
            [CompletionResult]::new('share', 'share', [CompletionResultType]::ParameterValue, 'Encrypt the profile''s credentials for an integration specialist (or SynchUP): to their public key, or with a passphrase')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Save the credentials from an encrypted bundle as a profile')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script: synchup-setup completions bash > ...')
            [CompletionResult]::new('manpage', 'manpage', [CompletionResultType]::ParameterValue, 'Print the man page (roff): synchup-setup manpage > synchup-setup.1; with --dir, write it and the page of each command')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'synchup-setup;show' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config''s default_profile, else "default"]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text (show, check and list)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'synchup-setup;check' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer from BigCommerce')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config''s default_profile, else "default"]')
            [CompletionResult]::new('--online', '--online', [CompletionResultType]::ParameterName, 'Also check with BigCommerce (read-only requests)')
            [CompletionResult]::new('--b2b', '--b2b', [CompletionResultType]::ParameterName, 'The store uses B2B Edition: add its scope to the steps and the check')
            [CompletionResult]::new('--no-b2b', '--no-b2b', [CompletionResultType]::ParameterName, 'The store does not use B2B Edition')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text (show, check and list)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'synchup-setup;status' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer from BigCommerce')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config''s default_profile, else "default"]')
            [CompletionResult]::new('--online', '--online', [CompletionResultType]::ParameterName, 'Also check with BigCommerce (read-only requests)')
            [CompletionResult]::new('--b2b', '--b2b', [CompletionResultType]::ParameterName, 'The store uses B2B Edition: add its scope to the steps and the check')
            [CompletionResult]::new('--no-b2b', '--no-b2b', [CompletionResultType]::ParameterName, 'The store does not use B2B Edition')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text (show, check and list)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'synchup-setup;token' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config''s default_profile, else "default"]')
            [CompletionResult]::new('--show', '--show', [CompletionResultType]::ParameterName, 'Print it even when standard output is a terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text (show, check and list)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'synchup-setup;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config''s default_profile, else "default"]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text (show, check and list)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'synchup-setup;use' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text (show, check and list)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'synchup-setup;remove' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config''s default_profile, else "default"]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text (show, check and list)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'synchup-setup;logout' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config''s default_profile, else "default"]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text (show, check and list)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'synchup-setup;steps' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config''s default_profile, else "default"]')
            [CompletionResult]::new('--b2b', '--b2b', [CompletionResultType]::ParameterName, 'Include the B2B Edition scope')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text (show, check and list)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'synchup-setup;share' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'A public key to encrypt to: age1..., or an SSH public key line "ssh-ed25519 AAAA... comment" (ed25519 or RSA); repeatable, any one of them opens the bundle')
            [CompletionResult]::new('--to-file', '--to-file', [CompletionResultType]::ParameterName, 'A file of public keys, one per line, as `age -R` reads it; repeatable')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the bundle to FILE, readable only by you (0600) [default: standard output, when it is not a terminal]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the bundle to FILE, readable only by you (0600) [default: standard output, when it is not a terminal]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config''s default_profile, else "default"]')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Encrypt with a passphrase instead of public keys: generated and shown once on the terminal, or taken from SYNCHUP_SHARE_PASSPHRASE')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the --output FILE if it exists (a regular file only; never a link, a device or a directory)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text (show, check and list)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'synchup-setup;import' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'The private key the bundle was made for: an age identity file (age-keygen -o) or an OpenSSH private key (ed25519 or RSA); not needed for a passphrase bundle')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'The private key the bundle was made for: an age identity file (age-keygen -o) or an OpenSSH private key (ed25519 or RSA); not needed for a passphrase bundle')
            [CompletionResult]::new('--secret-store', '--secret-store', [CompletionResultType]::ParameterName, 'Where to keep the Access Token [default: where the profile keeps it, else keychain]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for each answer from BigCommerce')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config''s default_profile, else "default"]')
            [CompletionResult]::new('--non-interactive', '--non-interactive', [CompletionResultType]::ParameterName, 'Never ask, even on a terminal: take answers from flags, variables and piped input')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Check the credentials with BigCommerce before saving (asked on a terminal)')
            [CompletionResult]::new('--no-verify', '--no-verify', [CompletionResultType]::ParameterName, 'Save without checking with BigCommerce')
            [CompletionResult]::new('--b2b', '--b2b', [CompletionResultType]::ParameterName, 'The store uses B2B Edition: add its scope to the steps and the check')
            [CompletionResult]::new('--no-b2b', '--no-b2b', [CompletionResultType]::ParameterName, 'The store does not use B2B Edition')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text (show, check and list)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'synchup-setup;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config''s default_profile, else "default"]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text (show, check and list)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'synchup-setup;manpage' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write every page (synchup-setup.1 and synchup-setup-COMMAND.1 for each command) into DIR, created if missing, instead of printing the main page')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (or SYNCHUP_CONFIG) [default: synchup/config.toml in your config directory]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile: one per store (or SYNCHUP_PROFILE) [default: the config''s default_profile, else "default"]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say less: only warnings, errors and questions')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more: what is asked of the keychain and of BigCommerce (never the token)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text (show, check and list)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'synchup-setup;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a profile''s values and where each comes from, the token masked')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a profile''s health: config, values, token, file permissions; with --online, also ask BigCommerce whether it accepts them and which scopes they have')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print the Access Token alone, for scripts: export BC_TOKEN=$(synchup-setup token)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the profiles; * marks the one used without --profile')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a profile the default for commands without --profile')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete a profile and its Access Token (the API account stays in BigCommerce)')
            [CompletionResult]::new('steps', 'steps', [CompletionResultType]::ParameterValue, 'Print the control-panel steps that create the API account')
            [CompletionResult]::new('share', 'share', [CompletionResultType]::ParameterValue, 'Encrypt the profile''s credentials for an integration specialist (or SynchUP): to their public key, or with a passphrase')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Save the credentials from an encrypted bundle as a profile')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script: synchup-setup completions bash > ...')
            [CompletionResult]::new('manpage', 'manpage', [CompletionResultType]::ParameterValue, 'Print the man page (roff): synchup-setup manpage > synchup-setup.1; with --dir, write it and the page of each command')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'synchup-setup;help;show' {
            break
        }
        'synchup-setup;help;check' {
            break
        }
        'synchup-setup;help;token' {
            break
        }
        'synchup-setup;help;list' {
            break
        }
        'synchup-setup;help;use' {
            break
        }
        'synchup-setup;help;remove' {
            break
        }
        'synchup-setup;help;steps' {
            break
        }
        'synchup-setup;help;share' {
            break
        }
        'synchup-setup;help;import' {
            break
        }
        'synchup-setup;help;completions' {
            break
        }
        'synchup-setup;help;manpage' {
            break
        }
        'synchup-setup;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
