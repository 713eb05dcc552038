//! Handing the credentials over, against the reference `age` tool: bundles made by the
//! library open with `age -d`, files made with `age -r`/`-R`/`-p` open with the library,
//! with age keys, SSH keys (ed25519, RSA, passphrase-protected) and passphrases; and a wrong
//! key, a changed or cut-short bundle each give their own error, with no token in any of it.
//!
//! Then `share` and `import` through the real binary, one sandbox for the admin and one for
//! the specialist: round trips to an age key, an SSH key and a passphrase (in scripts and on
//! a pseudo-terminal), the bundle file's mode and directory, and every bundle that cannot
//! be opened stopping with exit code 3 and nothing written.
//!
//! Tests with the reference tools need `age`, `age-keygen` and `ssh-keygen` (Debian: `age
//! openssh-client`): `needs(Age)` below. Without them they show as ignored, with the reason
//! said once at the end, unless `SYNCHUP_AGE_TESTS=1` (set by CI), where a missing tool
//! fails them. Tests that only need an age key make it with the library and always run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use synchup_setup::bigcommerce::values::AccessToken;
use synchup_setup::handoff::{
    Bundle, HandoffError, Identities, RecipientSource, Sealed, encrypt, parse_recipients,
};
use synchup_setup::profile::fields::{ACCOUNT_NAME, B2B_EDITION, CLIENT_ID, STORE, Value};
use synchup_setup::profile::values::Values;
use tempfile::TempDir;

use crate::common::*;

fn bundle() -> Bundle {
    let mut values = Values::default();
    values.set(&CLIENT_ID, CLIENT_ID.check(ID).unwrap().value);
    values.set(&STORE, STORE.check(HASH).unwrap().value);
    values.set(&ACCOUNT_NAME, Value::Text("SynchUP connector".into()));
    values.set(&B2B_EDITION, Value::YesNo(true));
    Bundle::new(values, AccessToken::parse(TOKEN).unwrap().value).unwrap()
}

/// A scratch directory with keys made by the reference tools.
struct Keys {
    dir: TempDir,
}

impl Keys {
    fn new() -> Keys {
        Keys {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `age-keygen -o NAME`; returns the path and the public key.
    fn age_key(&self, name: &str) -> (PathBuf, String) {
        let path = self.path(name);
        run("age-keygen", &["-o".as_ref(), path.as_os_str()], "");
        let public = run("age-keygen", &["-y".as_ref(), path.as_os_str()], "");
        (
            path,
            String::from_utf8(public.stdout).unwrap().trim().to_owned(),
        )
    }

    /// `ssh-keygen -t KIND -N PASSPHRASE`; returns the private key's path and the public
    /// key line (with the comment).
    fn ssh_key(&self, name: &str, kind: &str, passphrase: &str) -> (PathBuf, String) {
        let path = self.path(name);
        let mut args = vec![
            "-q",
            "-t",
            kind,
            "-N",
            passphrase,
            "-C",
            "specialist@example",
        ];
        if kind == "rsa" {
            args.extend(["-b", "3072"]);
        }
        let path_text = path.to_str().unwrap();
        args.extend(["-f", path_text]);
        run("ssh-keygen", &args, "");
        let public = std::fs::read_to_string(path.with_extension("pub")).unwrap();
        (path, public.trim().to_owned())
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).unwrap();
        path
    }
}

/// Runs a tool to success with `stdin`, failing the test with its stderr otherwise.
fn run(program: &str, args: &[impl AsRef<std::ffi::OsStr>], stdin: &str) -> Output {
    let output = try_run(program, args, stdin);
    assert!(
        output.status.success(),
        "{program} failed: {}",
        stderr_of(&output)
    );
    output
}

fn try_run(program: &str, args: &[impl AsRef<std::ffi::OsStr>], stdin: &str) -> Output {
    let mut command = Command::new(program);
    command.args(args);
    wait_bounded(
        spawn_with_stdin(&mut command, stdin),
        Duration::from_secs(60),
    )
}

/// `age -d -i IDENTITY FILE`, as the specialist runs it.
fn age_decrypt(identity: &Path, file: &Path) -> String {
    String::from_utf8(run("age", &age_decrypt_args(identity, file), "").stdout).unwrap()
}

fn age_decrypt_args<'a>(identity: &'a Path, file: &'a Path) -> [&'a std::ffi::OsStr; 4] {
    [
        "-d".as_ref(),
        "-i".as_ref(),
        identity.as_os_str(),
        file.as_os_str(),
    ]
}

/// The test bundle as the reference tool seals it to `public`, armored.
fn sealed_by_age(public: &str) -> Vec<u8> {
    run("age", &["-a", "-r", public], &bundle().render()).stdout
}

fn identities(path: &Path) -> Identities {
    Identities::parse(&std::fs::read(path).unwrap()).unwrap()
}

fn open(bundle: &[u8], key: &Path) -> Result<Bundle, HandoffError> {
    Sealed::read(bundle)?.open(&identities(key))
}

fn recipients(values: &[&str]) -> Vec<synchup_setup::handoff::Recipient> {
    parse_recipients(values.iter().map(|v| RecipientSource::Arg(v))).unwrap()
}

fn the_age_tool_opens_a_bundle_made_for_an_age_key() {
    let keys = Keys::new();
    let (key, public) = keys.age_key("key.txt");
    let armored = encrypt(&bundle(), &recipients(&[&public])).unwrap();
    assert!(armored.starts_with("-----BEGIN AGE ENCRYPTED FILE-----\n"));
    assert!(!holds_token(armored.as_bytes()));
    let file = keys.write("bundle.age", &armored);
    assert_eq!(age_decrypt(&key, &file), *bundle().render());
}

fn the_age_tool_opens_a_bundle_made_for_ssh_keys() {
    let keys = Keys::new();
    let (ed25519, ed25519_public) = keys.ssh_key("id_ed25519", "ed25519", "");
    let (rsa, rsa_public) = keys.ssh_key("id_rsa", "rsa", "");
    let to = recipients(&[&ed25519_public, &rsa_public]);
    assert_eq!(to[0].comment(), Some("specialist@example"));
    // The fingerprint is the one ssh-keygen shows for the key.
    let listed = run(
        "ssh-keygen",
        &[
            "-l".as_ref(),
            "-f".as_ref(),
            ed25519.with_extension("pub").as_os_str(),
        ],
        "",
    );
    assert!(
        stdout_of(&listed).contains(&to[0].fingerprint()),
        "{}",
        stdout_of(&listed)
    );
    assert!(
        to[0]
            .describe()
            .starts_with("specialist@example (ssh-ed25519 SHA256:")
    );

    let file = keys.write("bundle.age", encrypt(&bundle(), &to).unwrap());
    for key in [&ed25519, &rsa] {
        assert_eq!(age_decrypt(key, &file), *bundle().render());
    }
}

fn the_library_opens_what_the_age_tool_encrypts_to_an_age_key() {
    let keys = Keys::new();
    let (key, public) = keys.age_key("key.txt");
    let plaintext = bundle().render();
    for armor in [true, false] {
        let mut args = vec!["-r", public.as_str()];
        if armor {
            args.push("-a");
        }
        let encrypted = run("age", &args, &plaintext).stdout;
        assert_eq!(open(&encrypted, &key).unwrap(), bundle(), "armor: {armor}");
    }
}

fn the_library_opens_what_the_age_tool_encrypts_to_a_recipients_file() {
    let keys = Keys::new();
    let (ssh_key, ssh_public) = keys.ssh_key("id_ed25519", "ed25519", "");
    let (age_key, age_public) = keys.age_key("key.txt");
    let list = keys.write(
        "team.txt",
        format!("# the integration team\n\n{ssh_public}\n{age_public}\n"),
    );
    let encrypted = run(
        "age",
        &["-a".as_ref(), "-R".as_ref(), list.as_os_str()],
        &bundle().render(),
    )
    .stdout;
    assert_eq!(open(&encrypted, &ssh_key).unwrap(), bundle());
    assert_eq!(open(&encrypted, &age_key).unwrap(), bundle());

    // The same file, read as --to-file, names the same two recipients.
    let text = std::fs::read_to_string(&list).unwrap();
    let read = parse_recipients([RecipientSource::File {
        name: "team.txt",
        text: &text,
    }])
    .unwrap();
    let kinds: Vec<_> = read.iter().map(|r| r.kind()).collect();
    assert_eq!(kinds, ["ssh-ed25519", "age"]);
}

fn an_rsa_key_opens_what_the_age_tool_encrypts() {
    let keys = Keys::new();
    let (key, public) = keys.ssh_key("id_rsa", "rsa", "");
    let encrypted = sealed_by_age(&public);
    assert_eq!(open(&encrypted, &key).unwrap(), bundle());
}

fn a_passphrase_protected_ssh_key_is_unlocked_first() {
    let keys = Keys::new();
    let (key, public) = keys.ssh_key("id_ed25519", "ed25519", "correct horse");
    let encrypted = sealed_by_age(&public);
    let sealed = Sealed::read(&encrypted).unwrap();
    let mut identities = identities(&key);
    assert!(identities.is_locked());
    assert!(matches!(
        sealed.open(&identities),
        Err(HandoffError::SshKeyLocked)
    ));
    assert!(matches!(
        identities.unlock(&SecretString::from("wrong horse")),
        Err(HandoffError::WrongSshKeyPassphrase)
    ));
    assert!(identities.is_locked());
    identities
        .unlock(&SecretString::from("correct horse"))
        .unwrap();
    assert!(!identities.is_locked());
    assert_eq!(sealed.open(&identities).unwrap(), bundle());
}

fn a_bundle_for_another_key_is_a_wrong_key() {
    let keys = Keys::new();
    let (_, public) = keys.age_key("theirs.txt");
    let (mine, _) = keys.age_key("mine.txt");
    let (my_ssh, _) = keys.ssh_key("id_ed25519", "ed25519", "");
    let encrypted = sealed_by_age(&public);
    for key in [&mine, &my_ssh] {
        let err = open(&encrypted, key).unwrap_err();
        assert!(matches!(err, HandoffError::WrongKey), "{err:?}");
        assert!(err.hint().contains("age-keygen -y"), "{}", err.hint());
    }
}

fn a_changed_bundle_is_caught() {
    let keys = Keys::new();
    let (key, public) = keys.age_key("key.txt");
    let armored = String::from_utf8(sealed_by_age(&public)).unwrap();
    let lines: Vec<&str> = armored.lines().collect();
    // One byte flipped in the payload (the last line of armor before END), and in the
    // header's MAC: the file no longer checks out.
    for index in [lines.len() - 2, 4] {
        let mut changed: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let line = &mut changed[index];
        let at = 2;
        let flipped = if line.as_bytes()[at] == b'A' {
            "B"
        } else {
            "A"
        };
        line.replace_range(at..at + 1, flipped);
        let file = keys.write("changed.age", changed.join("\n") + "\n");
        let err = open(&std::fs::read(&file).unwrap(), &key).unwrap_err();
        assert!(
            matches!(err, HandoffError::Tampered { .. }),
            "line {index}: {err:?}"
        );
        // The reference tool refuses it too.
        let output = try_run("age", &age_decrypt_args(&key, &file), "");
        assert!(!output.status.success());
    }
}

fn a_cut_short_bundle_is_caught() {
    let keys = Keys::new();
    let (key, public) = keys.age_key("key.txt");
    let armored = String::from_utf8(sealed_by_age(&public)).unwrap();
    let lines: Vec<&str> = armored.lines().collect();
    for keep in [2, lines.len() - 1] {
        let cut = lines[..keep].join("\n");
        let err = open(cut.as_bytes(), &key).unwrap_err();
        assert!(
            matches!(err, HandoffError::Truncated { .. }),
            "{keep}: {err:?}"
        );
    }
    let binary = run("age", &["-r", &public], &bundle().render()).stdout;
    let err = open(&binary[..binary.len() - 10], &key).unwrap_err();
    assert!(
        matches!(
            err,
            HandoffError::Truncated { .. } | HandoffError::Tampered { .. }
        ),
        "{err:?}"
    );
}

fn an_age_file_that_is_not_a_bundle_is_refused() {
    let keys = Keys::new();
    let (key, public) = keys.age_key("key.txt");
    let encrypted = run(
        "age",
        &["-a", "-r", &public],
        "Dear specialist, see you soon.\n",
    )
    .stdout;
    let err = open(&encrypted, &key).unwrap_err();
    assert!(matches!(err, HandoffError::NotABundle { .. }), "{err:?}");
    assert!(!err.to_string().contains("Dear specialist"), "{err}");
}

/// `age` on a pseudo-terminal, where it asks for passphrases (Unix only, as is expectrl's
/// pseudo-terminal).
#[cfg(unix)]
fn age_on_a_terminal(args: &[&str], answers: &[&str]) -> String {
    use expectrl::session::OsSession as Session;
    use expectrl::{Eof, Expect};

    // The pseudo-terminal starts with echo off; on, as in a terminal, its turning off says
    // when age reads a passphrase.
    let mut command = Command::new("sh");
    command
        .args(["-c", "stty echo icanon && exec age \"$@\"", "age"])
        .args(args);
    let mut session = Session::spawn(command).expect("spawn age on a pty");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    let mut screen = Vec::new();
    for answer in answers {
        let found = session
            .expect("passphrase")
            .expect("age asks for a passphrase");
        screen.extend_from_slice(found.before());
        // age reads the passphrase with echo off: then it is reading.
        crate::terminal::wait_until_echo_off(&session, "age to read the passphrase");
        session.send_line(answer).unwrap();
    }
    // Eof matches everything that was left, so the text is in the match.
    let rest = session.expect(Eof).expect("age finishes");
    screen.extend_from_slice(rest.before());
    for part in rest.matches() {
        screen.extend_from_slice(part);
    }
    String::from_utf8_lossy(&screen).into_owned()
}

// Unix only: the age tool asks for a passphrase on a pseudo-terminal (expectrl), which
// Wine's console does not provide. `passphrase_round_trip_in_scripts` runs everywhere.
#[cfg(unix)]
fn passphrase_bundles_open_both_ways() {
    use synchup_setup::handoff::{encrypt_with_passphrase, passphrase};

    let keys = Keys::new();
    // Made by the library with a generated passphrase, at age's own work factor.
    let passphrase = passphrase::generate().unwrap();
    let armored = encrypt_with_passphrase(&bundle(), &passphrase).unwrap();
    assert!(!holds_token(armored.as_bytes()));
    let file = keys.write("bundle.age", &armored);
    let sealed = Sealed::read(armored.as_bytes()).unwrap();
    assert!(sealed.needs_passphrase());
    assert_eq!(sealed.open_with_passphrase(&passphrase).unwrap(), bundle());
    let screen = age_on_a_terminal(
        &["-d", file.to_str().unwrap()],
        &[passphrase.expose_secret()],
    );
    assert!(screen.contains(&format!("STORE HASH: {HASH}")), "{screen}");

    // Made by the age tool with a passphrase typed twice (work factor 2^18).
    let out = keys.path("typed.age");
    age_on_a_terminal(
        &[
            "-p",
            "-a",
            "-o",
            out.to_str().unwrap(),
            keys.write("plain.txt", bundle().render()).to_str().unwrap(),
        ],
        &["tangerine orbit pencil", "tangerine orbit pencil"],
    );
    let sealed = Sealed::read(&std::fs::read(&out).unwrap()).unwrap();
    assert!(matches!(
        sealed.open_with_passphrase(&SecretString::from("tangerine orbit")),
        Err(HandoffError::WrongPassphrase)
    ));
    assert_eq!(
        sealed
            .open_with_passphrase(&SecretString::from("tangerine orbit pencil"))
            .unwrap(),
        bundle()
    );
}

fn what_the_age_tool_decrypts_is_accepted_by_setup() {
    let keys = Keys::new();
    let (key, public) = keys.age_key("key.txt");
    let file = keys.write(
        "bundle.age",
        encrypt(&bundle(), &recipients(&[&public])).unwrap(),
    );
    let decrypted = age_decrypt(&key, &file);
    let sandbox = Sandbox::new();
    let output = sandbox
        .run(["--secret-store", "file"])
        .stdin(decrypted)
        .success()
        .output;
    let config = sandbox.config().unwrap();
    assert!(
        config.contains(&format!("store_hash = \"{HASH}\"")),
        "{config}"
    );
    assert!(config.contains("SynchUP connector"), "{config}");
    assert!(sandbox.credentials().unwrap().contains(TOKEN));
    sandbox.assert_no_token_outside_stores(&[&output.stdout, &output.stderr]);
}

fn no_token_in_any_output_or_error() {
    let keys = Keys::new();
    let (key, public) = keys.age_key("key.txt");
    let (other, _) = keys.age_key("other.txt");
    let armored = encrypt(&bundle(), &recipients(&[&public])).unwrap();
    let mut shown = vec![
        armored.clone(),
        format!("{:?}", bundle()),
        format!("{:?}", Sealed::read(armored.as_bytes()).unwrap()),
        format!("{:?}", identities(&key)),
    ];
    let mut cut = armored.clone();
    cut.truncate(armored.len() / 2);
    let errors = [
        open(armored.as_bytes(), &other).unwrap_err(),
        open(cut.as_bytes(), &key).unwrap_err(),
        open(bundle().render().as_bytes(), &key).unwrap_err(),
        parse_recipients([RecipientSource::Arg(TOKEN)]).unwrap_err(),
        parse_recipients([RecipientSource::File {
            name: "pasted.txt",
            text: &bundle().render(),
        }])
        .unwrap_err(),
        Identities::parse(bundle().render().as_bytes()).unwrap_err(),
    ];
    for err in &errors {
        shown.push(format!("{err} {err:?} {}", err.hint()));
    }
    for text in shown {
        assert!(!holds_token(text.as_bytes()), "{text}");
    }
}

// The two commands, through the real binary: `share` on the admin's machine, `import` on
// the specialist's, each in a sandbox of its own.

/// An age public key from the age test vectors, for runs that never decrypt.
const SOME_AGE_KEY: &str = "age1t7rxyev2z3rw82stdlrrepyc39nvn86l5078zqkf5uasdy86jp6svpy7pa";

/// A passphrase a script chooses, given through `SYNCHUP_SHARE_PASSPHRASE`.
const SCRIPT_PASSPHRASE: &str = "quiet-lantern-under-seven-bridges-2031";

impl Keys {
    /// An age key made with the library, for tests that do not need the reference tool:
    /// the identity file (as `age-keygen` writes it) and the public key.
    fn new_age_key(&self, name: &str) -> (PathBuf, String) {
        let identity = age::x25519::Identity::generate();
        let public = identity.to_public().to_string();
        let path = self.write(
            name,
            format!(
                "# created: by a test\n# public key: {public}\n{}\n",
                identity.to_string().expose_secret()
            ),
        );
        (path, public)
    }
}

/// The admin's machine: a profile saved from the downloaded file with a B2B EDITION line.
fn admin() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox
        .run(["--secret-store", "file"])
        .stdin(format!("{}B2B EDITION: yes\n", credentials_file()))
        .success();
    assert!(
        b2b(&sandbox, "default"),
        "the B2B EDITION line reached the profile"
    );
    sandbox
}

/// What the bundle holds, in BigCommerce's layout with our two lines.
fn shared_text() -> String {
    format!(
        "ACCESS TOKEN: {TOKEN}\nCLIENT NAME: SynchUP connector\nAPI PATH: {PATH}\n\
         CLIENT ID: {ID}\nSTORE HASH: {HASH}\nB2B EDITION: yes\n"
    )
}

fn profile_value(sandbox: &Sandbox, profile: &str, key: &str) -> Option<String> {
    let doc: toml_edit::DocumentMut = sandbox.config()?.parse().unwrap();
    doc["profiles"][profile]
        .get(key)
        .map(|item| item.to_string().trim().trim_matches('"').to_owned())
}

fn b2b(sandbox: &Sandbox, profile: &str) -> bool {
    profile_value(sandbox, profile, "b2b_edition").as_deref() == Some("true")
}

/// `share` to `args`, written into the admin's home (so every check of the run builder
/// covers the bundle too); returns the bundle's path and the run.
fn share(admin: &Sandbox, args: &[&str]) -> (PathBuf, crate::common::run::Done) {
    let path = admin.home().join("bundle.age");
    let done = admin
        .run(["share"])
        .args(args)
        .args(["--output".as_ref(), path.as_os_str()])
        .success();
    (path, done)
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn share_then_import_to_an_age_key() {
    let keys = Keys::new();
    let (key, public) = keys.new_age_key("key.txt");
    let admin = admin();
    let (bundle, done) = share(&admin, &["--to", &public]);
    done.stderr_has(&format!(
        "Shared profile \"default\": store {HASH}, Client ID {ID}"
    ))
    .stderr_has(&format!("Access Token {TOKEN_MASK}"))
    .stderr_has(&format!("age key {}", &public[..12]))
    .stderr_has("readable only by you")
    .stderr_has("synchup-setup import bundle.age --identity KEYFILE");
    assert_private(&bundle);
    let armored = std::fs::read_to_string(&bundle).unwrap();
    // A text file with the platform's line ends (CRLF on Windows, as Notepad writes).
    assert_eq!(
        armored.lines().next(),
        Some("-----BEGIN AGE ENCRYPTED FILE-----"),
        "{armored}"
    );
    assert_eq!(armored.contains("\r\n"), cfg!(windows), "{armored:?}");

    let specialist = Sandbox::new();
    let import = |extra: &[&str]| {
        specialist
            .run(["import", path_str(&bundle), "--identity", path_str(&key)])
            .args(["--secret-store", "file", "--profile", "shop"])
            .args(extra)
    };
    import(&[])
        .success()
        .stderr_has(&format!("Opened the bundle {}", bundle.display()))
        .stderr_has(&format!("Saved profile \"shop\" for store {HASH}"));
    assert_eq!(specialist.file_token("shop").as_deref(), Some(TOKEN));
    assert_eq!(
        profile_value(&specialist, "shop", "client_id").as_deref(),
        Some(ID)
    );
    assert_eq!(
        profile_value(&specialist, "shop", "account_name").as_deref(),
        Some("SynchUP connector")
    );
    assert!(b2b(&specialist, "shop"));

    // The same bundle again changes nothing; a flag still wins over what it says.
    import(&[])
        .unchanged()
        .success()
        .stderr_has("Nothing changed");
    import(&["--no-b2b"]).success();
    assert!(!b2b(&specialist, "shop"));
    assert_eq!(specialist.file_token_count(), 1);
}

/// A private key others can read is named, as ssh names one: whoever can read it opens
/// every bundle made for it.
// Unix modes; Windows reads access lists the same way (`platform::readable_by_others`).
#[cfg(unix)]
fn an_identity_file_others_can_read_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let keys = Keys::new();
    let (key, public) = keys.new_age_key("key.txt");
    let admin = admin();
    let (bundle, _) = share(&admin, &["--to", &public]);
    let specialist = Sandbox::new();
    let import = || {
        specialist
            .run(["import", path_str(&bundle), "--identity", path_str(&key)])
            .args(["--secret-store", "file"])
    };
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    import()
        .success()
        .stderr_lacks("can be read by other users");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    import()
        .success()
        .stderr_has("can be read by other users (mode 0644)")
        .stderr_has("chmod 600");
}

fn share_to_an_ssh_key_on_standard_output_and_import_from_standard_input() {
    let keys = Keys::new();
    let (key, public) = keys.ssh_key("id_ed25519", "ed25519", "");
    let admin = admin();
    let done = admin.run(["share", "--to", &public]).success();
    let described = recipients(&[&public])[0].describe();
    assert!(described.starts_with("specialist@example (ssh-ed25519 SHA256:"));
    let done = done
        .stderr_has(&described)
        .stderr_has("Written to standard output");
    assert!(
        done.stdout
            .starts_with("-----BEGIN AGE ENCRYPTED FILE-----\n")
    );

    let specialist = Sandbox::new();
    specialist
        .run([
            "import",
            "--identity",
            path_str(&key),
            "--secret-store",
            "file",
        ])
        .stdin(done.stdout.clone())
        .success()
        .stderr_has("Opened the bundle on standard input");
    assert_eq!(specialist.file_token("default").as_deref(), Some(TOKEN));
}

fn the_age_tool_opens_what_share_writes() {
    let keys = Keys::new();
    let (key, public) = keys.age_key("key.txt");
    let (ssh_key, ssh_public) = keys.ssh_key("id_rsa", "rsa", "");
    let team = keys.write("team.txt", format!("# the team\n{ssh_public}\n"));
    let admin = admin();
    let (bundle, _) = share(&admin, &["--to", &public, "--to-file", path_str(&team)]);
    for identity in [&key, &ssh_key] {
        assert_eq!(age_decrypt(identity, &bundle), shared_text());
    }
}

fn import_opens_what_the_age_tool_encrypts() {
    let keys = Keys::new();
    let (key, public) = keys.age_key("key.txt");
    // The file as BigCommerce downloads it (with its Client Secret, without our lines),
    // for a profile that says B2B Edition: the profile keeps saying so.
    let download = credentials_file().replace(TOKEN, OTHER_TOKEN);
    let specialist = Sandbox::new();
    specialist.set_up();
    specialist
        .run(["--b2b", "--no-verify"])
        .stdin("\n\n\n")
        .success();
    assert!(b2b(&specialist, "default"));
    for armor in [true, false] {
        let mut args = vec!["-r", public.as_str()];
        if armor {
            args.push("-a");
        }
        let file = keys.write("download.age", run("age", &args, &download).stdout);
        specialist
            .run(["import", path_str(&file), "--identity", path_str(&key)])
            .success();
        assert_eq!(
            specialist.file_token("default").as_deref(),
            Some(OTHER_TOKEN)
        );
        assert!(b2b(&specialist, "default"));
        assert!(!specialist.config().unwrap().contains(CLIENT_SECRET));
    }
}

fn a_bundle_that_cannot_be_opened_writes_nothing() {
    let keys = Keys::new();
    let (key, public) = keys.new_age_key("key.txt");
    let (other, _) = keys.new_age_key("other.txt");
    let admin = admin();
    let (bundle, _) = share(&admin, &["--to", &public]);
    let armored = std::fs::read_to_string(&bundle).unwrap();
    let lines: Vec<&str> = armored.lines().collect();

    // One character of the encrypted payload (the last line before END) changed.
    let mut tampered: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let payload = &mut tampered[lines.len() - 2];
    let flipped = if payload.as_bytes()[2] == b'A' {
        "B"
    } else {
        "A"
    };
    payload.replace_range(2..3, flipped);
    let tampered = keys.write("tampered.age", tampered.join("\n") + "\n");
    let truncated = keys.write("truncated.age", lines[..lines.len() - 2].join("\n"));
    let not_ours = {
        let recipient: age::x25519::Recipient = public.parse().unwrap();
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .unwrap();
        let mut out = Vec::new();
        let armor =
            age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
                .unwrap();
        let mut writer = encryptor.wrap_output(armor).unwrap();
        std::io::Write::write_all(&mut writer, b"Dear specialist, see you soon.\n").unwrap();
        writer.finish().unwrap().finish().unwrap();
        keys.write("letter.age", out)
    };
    let plain = keys.write("plain.txt", shared_text());
    let prose = keys.write("prose.txt", "Hello, here are the credentials.\n");
    let missing = keys.path("missing.age");

    let specialist = Sandbox::new();
    specialist.set_up();
    let cases: [(&Path, &Path, &str); 8] = [
        (&bundle, &other, "does not open this bundle"),
        (&tampered, &key, "changed or damaged"),
        (&truncated, &key, "incomplete"),
        (&not_ours, &key, "does not hold SynchUP credentials"),
        (&plain, &key, "plain text, not an encrypted bundle"),
        (&prose, &key, "not an encrypted bundle"),
        (&missing, &key, "cannot be read"),
        (
            &bundle,
            &keys.write("public.txt", &public),
            "holds an age public key",
        ),
    ];
    for (file, identity, says) in cases {
        specialist
            .run(["import", path_str(file), "--identity", path_str(identity)])
            .unchanged()
            .code(3)
            .stderr_has(says)
            .stderr_lacks("Dear specialist")
            .stderr_lacks("`");
    }
    specialist
        .run(["import", path_str(&bundle)])
        .unchanged()
        .code(3)
        .stderr_has("--identity KEYFILE");
    // The key file is never quoted, even when it is not one.
    specialist
        .run(["import", path_str(&bundle), "--identity", path_str(&plain)])
        .unchanged()
        .code(3)
        .stderr_has("not an AGE-SECRET-KEY-1");
}

fn passphrase_round_trip_in_scripts() {
    let admin = admin();
    let bundle = admin.home().join("bundle.age");
    admin
        .run(["share", "--passphrase", "--output", path_str(&bundle)])
        .env("SYNCHUP_SHARE_PASSPHRASE", SCRIPT_PASSPHRASE)
        .success()
        .stderr_has("Protected by the passphrase in SYNCHUP_SHARE_PASSPHRASE")
        .stderr_has("synchup-setup import bundle.age (which asks for the passphrase)")
        .stderr_lacks(SCRIPT_PASSPHRASE);
    assert_private(&bundle);
    assert!(
        !std::fs::read_to_string(&bundle)
            .unwrap()
            .contains(SCRIPT_PASSPHRASE)
    );

    let specialist = Sandbox::new();
    specialist.set_up_profile("other", "abc1234");
    let import = || specialist.run(["import", path_str(&bundle), "--secret-store", "file"]);
    import()
        .unchanged()
        .code(3)
        .stderr_has("protected by a passphrase, and there is no terminal")
        .stderr_has("SYNCHUP_SHARE_PASSPHRASE");
    import()
        .env(
            "SYNCHUP_SHARE_PASSPHRASE",
            "quiet-lantern-under-seven-bridges",
        )
        .unchanged()
        .code(3)
        .stderr_has("The passphrase does not open this bundle");
    import()
        .args(["--identity", "key.txt"])
        .env("SYNCHUP_SHARE_PASSPHRASE", SCRIPT_PASSPHRASE)
        .unchanged()
        .code(3)
        .stderr_has("protected by a passphrase, not a key");
    import()
        .env("SYNCHUP_SHARE_PASSPHRASE", SCRIPT_PASSPHRASE)
        .success()
        .stderr_lacks(SCRIPT_PASSPHRASE);
    assert_eq!(specialist.file_token("default").as_deref(), Some(TOKEN));
    assert!(b2b(&specialist, "default"));
}

fn share_says_what_is_wrong_and_shares_nothing() {
    let admin = admin();
    let keys = Keys::new();
    let (key, public) = keys.new_age_key("key.txt");
    let out = admin.home().join("bundle.age");
    let out = path_str(&out);
    let nowhere = admin.path().join("nowhere.txt");
    let credentials = admin.credentials_path();
    let cases: [(&[&str], i32, &str); 8] = [
        (&["--passphrase", "--output", out], 2, "no terminal to show"),
        (&["--output", out], 2, "who the bundle is for"),
        (
            &["--to", &public, "--output", path_str(&credentials)],
            2,
            "is a file synchup-setup keeps its settings in",
        ),
        (
            &["--passphrase", "--to", SOME_AGE_KEY],
            2,
            "cannot be used with",
        ),
        (
            &["--to", "hello", "--output", out],
            3,
            "--to: is not a public key",
        ),
        (
            &[
                "--to",
                SOME_AGE_KEY,
                "--to",
                "ssh-dss AAAA",
                "--output",
                out,
            ],
            3,
            "--to #2: SSH keys of type ssh-dss",
        ),
        (
            &["--to-file", path_str(&nowhere), "--output", out],
            3,
            "nowhere.txt cannot be read",
        ),
        (
            &["--to", &public, "--profile", "nope", "--output", out],
            3,
            "There is no profile named \"nope\"",
        ),
    ];
    for (args, code, says) in cases {
        admin
            .run(["share"])
            .args(args)
            .unchanged()
            .code(code)
            .stderr_has(says)
            .stderr_lacks("`");
    }
    // A short passphrase from a script is used, with a warning.
    admin
        .run(["share", "--passphrase", "--output", out])
        .env("SYNCHUP_SHARE_PASSPHRASE", "hunter2")
        .success()
        .stderr_has("only 7 characters")
        .stderr_lacks("hunter2");
    // Variables that override the saved values are not what is shared.
    admin
        .run(["share", "--to", &public, "--force", "--output", out])
        .env("SYNCHUP_ACCESS_TOKEN", OTHER_TOKEN)
        .success()
        .stderr_has("SYNCHUP_ACCESS_TOKEN is set; share sends what profile \"default\" has saved");
    let specialist = Sandbox::new();
    specialist
        .run([
            "import",
            out,
            "--identity",
            path_str(&key),
            "--secret-store",
            "file",
        ])
        .success();
    assert_eq!(specialist.file_token("default").as_deref(), Some(TOKEN));
}

fn private_keys_are_refused_as_recipients_and_never_repeated() {
    let keys = Keys::new();
    let (key, _) = keys.new_age_key("key.txt");
    let key_text = std::fs::read_to_string(&key).unwrap();
    let secret = key_text
        .lines()
        .find(|line| line.starts_with("AGE-SECRET-KEY-"))
        .unwrap();
    let admin = admin();
    let out = admin.home().join("bundle.age");
    for (args, origin) in [
        (vec!["--to", secret], "--to: this is a private key"),
        (
            vec!["--to", SOME_AGE_KEY, "--to-file", path_str(&key)],
            "key.txt, line 3: this is a private key",
        ),
    ] {
        let done = admin
            .run(["share", "--output", path_str(&out)])
            .args(args)
            .unchanged()
            .code(3)
            .stderr_has(origin)
            .stderr_has("Never send or paste a private key");
        // Not the key, nor any long piece of it.
        let body = &secret["AGE-SECRET-KEY-1".len()..];
        for piece in body.as_bytes().windows(12) {
            let piece = std::str::from_utf8(piece).unwrap();
            assert!(!done.stderr.contains(piece), "{}", done.stderr);
        }
    }
}

// Unix modes and umask; on Windows: `windows::the_bundle_file_is_private`.
#[cfg(unix)]
fn the_bundle_file_is_private_and_its_directory_safe() {
    use std::os::unix::fs::PermissionsExt;
    let admin = admin();
    let out = admin.home().join("bundle.age");
    admin
        .run(["share", "--to", SOME_AGE_KEY, "--output", path_str(&out)])
        .prepared("umask 000")
        .success();
    assert_eq!(mode(&out), 0o600);

    let shared = admin.home().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
    let inside = shared.join("bundle.age");
    admin
        .run(["share", "--to", SOME_AGE_KEY, "--output", path_str(&inside)])
        .unchanged()
        .code(5)
        .stderr_has("other users can add or replace files in it")
        .stderr_has("chmod go-w");
    admin
        .run([
            "share",
            "--to",
            SOME_AGE_KEY,
            "--output",
            path_str(&admin.home()),
        ])
        .unchanged()
        .code(5)
        .stderr_has("is a directory");
}

/// `share --output` never replaces a file without --force (a specialist's key file,
/// another config's token file), and never anything that is not a regular file.
fn share_output_replaces_only_a_regular_file_and_only_with_force() {
    let admin = admin();
    let key = admin.write_file("key.txt", "AGE-SECRET-KEY-1 the specialist's\n");
    let other = admin.home().join("other");
    std::fs::create_dir_all(&other).unwrap();
    let credentials = other.join("credentials.toml");
    std::fs::write(&credentials, "[tokens]\n").unwrap();
    for file in [&key, &credentials] {
        let before = std::fs::read(file).unwrap();
        admin
            .run(["share", "--to", SOME_AGE_KEY, "--output", path_str(file)])
            .unchanged()
            .code(2)
            .stderr_has("already exists")
            .stderr_has("--force");
        assert_eq!(std::fs::read(file).unwrap(), before, "{}", file.display());
    }
    // With --force, a regular file is replaced by the bundle.
    admin
        .run([
            "share",
            "--to",
            SOME_AGE_KEY,
            "--force",
            "--output",
            path_str(&key),
        ])
        .success();
    assert!(
        std::fs::read_to_string(&key)
            .unwrap()
            .contains("BEGIN AGE ENCRYPTED FILE")
    );
    // A link is never replaced, even with --force, and its target is left alone.
    #[cfg(unix)]
    {
        let link = admin.home().join("link.age");
        std::os::unix::fs::symlink(&credentials, &link).unwrap();
        admin
            .run([
                "share",
                "--to",
                SOME_AGE_KEY,
                "--force",
                "--output",
                path_str(&link),
            ])
            .unchanged()
            .code(5)
            .stderr_has("is not a regular file");
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&credentials).unwrap(), "[tokens]\n");
        // A device: /dev/null stays a device.
        admin
            .run([
                "share",
                "--to",
                SOME_AGE_KEY,
                "--force",
                "--output",
                "/dev/null",
            ])
            .code(5)
            .stderr_has("is not a regular file");
        use std::os::unix::fs::FileTypeExt;
        assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }
}

/// A script's import never replaces, unasked, a profile that holds another store: it
/// must name the profile (exit 3 otherwise, nothing written).
fn a_scripted_import_names_the_profile_of_another_store() {
    let admin = admin();
    let keys = Keys::new();
    let (key, public) = keys.new_age_key("key.txt");
    let (bundle, _) = share(&admin, &["--to", &public]);
    let specialist = Sandbox::new();
    specialist.set_up_profile("default", "zzz9999");
    let import = |extra: &[&str]| {
        specialist
            .run(["import", path_str(&bundle), "--identity", path_str(&key)])
            .args(["--secret-store", "file"])
            .args(extra)
    };
    import(&[])
        .unchanged()
        .code(3)
        .stderr_has("profile \"default\" holds store zzz9999")
        .stderr_has(&format!("--profile {HASH}"))
        .stderr_has("--profile default");
    // Named, it is saved where it was named.
    import(&["--profile", HASH]).success();
    assert_eq!(
        profile_value(&specialist, HASH, "store_hash").as_deref(),
        Some(HASH)
    );
    assert_eq!(
        profile_value(&specialist, "default", "store_hash").as_deref(),
        Some("zzz9999")
    );
    import(&["--profile", "default"]).success();
    assert_eq!(
        profile_value(&specialist, "default", "store_hash").as_deref(),
        Some(HASH)
    );
    // A bundle of the store the profile holds needs no name.
    import(&[]).success();
}

fn the_b2b_edition_line_reaches_the_profile_below_the_flags() {
    let sandbox = Sandbox::new();
    let with = |b2b: &str| format!("{}B2B EDITION: {b2b}\n", credentials_file());
    let file = |name: &str, text: String| {
        let path = sandbox.write_file(name, text);
        path.display().to_string()
    };
    sandbox
        .run(["--secret-store", "file"])
        .stdin(with("yes"))
        .success();
    assert!(b2b(&sandbox, "default"));
    // A file that does not say keeps what the profile says; the same values are no change.
    sandbox
        .run([] as [&str; 0])
        .stdin(credentials_file())
        .unchanged()
        .success()
        .stderr_has("Nothing changed");
    let no = file("no.txt", with("no"));
    sandbox.run(["--from-file", &no]).success();
    assert!(!b2b(&sandbox, "default"));
    sandbox.run(["--from-file", &no, "--b2b"]).success();
    assert!(b2b(&sandbox, "default"));
    sandbox.run(["--no-b2b"]).stdin(with("true")).success();
    assert!(!b2b(&sandbox, "default"));
}

fn import_checks_with_bigcommerce_when_asked() {
    let keys = Keys::new();
    let (key, public) = keys.new_age_key("key.txt");
    let admin = admin();
    let (bundle, _) = share(&admin, &["--to", &public]);
    let specialist = Sandbox::new();
    let rejecting =
        standin::StandIn::start(|_, _| standin::Reply::json(401, standin::UNAUTHORIZED));
    let import = || {
        specialist.run([
            "import",
            path_str(&bundle),
            "--identity",
            path_str(&key),
            "--secret-store",
            "file",
            "--verify",
        ])
    };
    let mut rejected = import();
    for (name, value) in rejecting.env() {
        rejected = rejected.env(name, value);
    }
    rejected.unchanged().code(6).stderr_has("nothing was saved");
    let healthy = standin::StandIn::healthy();
    let mut accepted = import();
    for (name, value) in healthy.env() {
        accepted = accepted.env(name, value);
    }
    accepted.success();
    assert!(profile_value(&specialist, "default", "verified_at").is_some());
}

fn share_reads_the_keychain_and_import_writes_to_it() {
    // The keychain is shared by every test: a profile name of this run's own.
    let profile = format!("handoff-{}", std::process::id());
    let keys = Keys::new();
    let (key, public) = keys.new_age_key("key.txt");
    let admin = Sandbox::new();
    admin
        .run(["--profile", &profile])
        .stdin(positional())
        .keychain()
        .success();
    let bundle = admin.home().join("bundle.age");
    admin
        .run(["share", "--profile", &profile, "--to", &public])
        .args(["--output", path_str(&bundle)])
        .keychain()
        .success()
        .stderr_has(TOKEN_MASK);

    let specialist = Sandbox::new();
    specialist
        .run(["import", path_str(&bundle), "--identity", path_str(&key)])
        .args(["--profile", &profile])
        .keychain()
        .success()
        .stderr_has("OS keychain");
    let token = specialist
        .run(["token", "--profile", &profile])
        .keychain()
        .token_on_stdout()
        .success();
    assert_eq!(token.stdout.trim(), TOKEN);
    for sandbox in [&admin, &specialist] {
        sandbox
            .run(["remove", "--yes", "--profile", &profile])
            .keychain()
            .success();
    }
}

/// The files a run of the program opened to write (created or not), as strace saw them.
#[cfg(target_os = "linux")]
fn files_written(sandbox: &Sandbox, args: &[&str]) -> Vec<String> {
    let log = sandbox.path().join("strace.log");
    sandbox
        .run(args)
        .under([
            "strace".as_ref(),
            "-f".as_ref(),
            "-qq".as_ref(),
            "-e".as_ref(),
            "trace=open,openat,creat".as_ref(),
            "-e".as_ref(),
            "status=successful".as_ref(),
            "-o".as_ref(),
            log.as_os_str(),
            "--".as_ref(),
        ])
        .success();
    std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .filter(|line| {
            ["O_CREAT", "O_WRONLY", "O_RDWR"]
                .iter()
                .any(|f| line.contains(f))
        })
        .filter_map(|line| line.split('"').nth(1).map(str::to_owned))
        .collect()
}

// Linux only: strace lists every file the program writes.
#[cfg(target_os = "linux")]
fn nothing_in_plain_text_reaches_the_disk() {
    let keys = Keys::new();
    let (key, public) = keys.new_age_key("key.txt");
    let admin = admin();
    let bundle = admin.home().join("bundle.age");
    // share writes one file: the bundle's temporary file, renamed into place.
    let temporary = format!("{}/.bundle.age.", admin.home().display());
    let written = files_written(&admin, &["share", "--to", &public, "-o", path_str(&bundle)]);
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(written[0].starts_with(&temporary), "{written:?}");
    assert!(!holds_token(&std::fs::read(&bundle).unwrap()));

    // import writes only what a save writes: the config, the token file, their locks.
    let specialist = Sandbox::new();
    let written = files_written(
        &specialist,
        &[
            "import",
            path_str(&bundle),
            "-i",
            path_str(&key),
            "--secret-store",
            "file",
        ],
    );
    assert!(!written.is_empty());
    let config_dir = specialist.config_dir().display().to_string();
    for path in &written {
        let name = path.strip_prefix(&format!("{config_dir}/")).unwrap_or(path);
        assert!(
            [
                ".config.toml.",
                ".credentials.toml.",
                "config.toml.lock",
                "credentials.toml.store-lock"
            ]
            .iter()
            .any(|start| name.starts_with(start)),
            "{written:?}"
        );
    }
    assert_eq!(specialist.file_token("default").as_deref(), Some(TOKEN));
}

// On a pseudo-terminal: Unix only (see `terminal` in tests/lib.rs).
#[cfg(unix)]
pub(crate) mod on_a_terminal {
    //! `share` and `import` as a person runs them, on a pseudo-terminal.

    use super::*;
    use crate::terminal::{ENTER, Pty};

    fn a_generated_passphrase_is_shown_once_and_opens_the_bundle() {
        let admin = admin();
        let bundle = admin.home().join("bundle.age");
        // Quiet leaves out what went well, never the passphrase.
        let mut pty = Pty::spawn(
            &admin,
            &["-q", "share", "--passphrase", "--output", path_str(&bundle)],
        );
        pty.expect("Passphrase: ");
        assert_eq!(pty.finish(), 0, "{}", pty.text());
        let screen = pty.text();
        let at = screen.find("Passphrase: ").unwrap() + "Passphrase: ".len();
        let words: String = screen[at..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '-')
            .collect();
        assert_eq!(words.split('-').count(), 6, "{screen}");
        assert_eq!(screen.matches(words.as_str()).count(), 1, "{screen}");
        assert!(screen.contains("another channel"), "{screen}");
        assert!(!std::fs::read_to_string(&bundle).unwrap().contains(&words));
        admin.assert_no_token_outside_stores(&[&pty.transcript]);

        // The specialist types it with spaces, in capitals, after a wrong try.
        let specialist = Sandbox::new();
        let mut pty = Pty::spawn(
            &specialist,
            &[
                "import",
                path_str(&bundle),
                "--secret-store",
                "file",
                "--no-verify",
            ],
        );
        pty.answer("Passphrase of the bundle", &format!("wrong words{ENTER}"));
        pty.expect("The passphrase does not open this bundle");
        let typed = words.replace('-', " ").to_uppercase();
        pty.answer("Passphrase of the bundle", &format!("{typed}{ENTER}"));
        pty.expect(&format!("Client ID: {ID} (from the bundle"));
        pty.answer("Save?", ENTER);
        pty.expect("Saved profile \"default\"");
        assert_eq!(pty.finish(), 0, "{}", pty.text());
        pty.assert_terminal_restored();
        let screen = pty.text();
        assert!(
            !screen.contains(&typed),
            "the passphrase was echoed: {screen}"
        );
        specialist.assert_no_token_outside_stores(&[&pty.transcript]);
        assert_eq!(specialist.file_token("default").as_deref(), Some(TOKEN));
    }

    fn a_terminal_gets_no_bundle_and_gives_none() {
        let admin = admin();
        let before = admin.snapshot();
        let mut pty = Pty::spawn(&admin, &["share", "--to", SOME_AGE_KEY]);
        pty.expect("would be printed on your screen");
        pty.expect("--output bundle.age");
        assert_eq!(pty.finish(), 2, "{}", pty.text());
        assert!(!pty.text().contains("BEGIN AGE"), "{}", pty.text());

        let mut pty = Pty::spawn(&admin, &["import", "--identity", "key.txt"]);
        pty.expect("standard input is this terminal");
        assert_eq!(pty.finish(), 2, "{}", pty.text());
        assert_eq!(admin.snapshot(), before);
    }

    fn an_ssh_key_with_a_passphrase_is_unlocked_at_the_prompt_only() {
        let keys = Keys::new();
        let (key, public) = keys.ssh_key("id_ed25519", "ed25519", "correct horse");
        let admin = admin();
        let (bundle, _) = share(&admin, &["--to", &public]);
        let specialist = Sandbox::new();
        specialist
            .run(["import", path_str(&bundle), "--identity", path_str(&key)])
            .unchanged()
            .code(3)
            .stderr_has("The SSH key in the identity file is protected by a passphrase")
            .stderr_has("use an age key");

        let mut pty = Pty::spawn(
            &specialist,
            &[
                "import",
                path_str(&bundle),
                "--identity",
                path_str(&key),
                "--secret-store",
                "file",
                "--no-verify",
            ],
        );
        pty.answer("Passphrase of the SSH key", &format!("wrong horse{ENTER}"));
        pty.expect("does not unlock the SSH key");
        pty.answer(
            "Passphrase of the SSH key",
            &format!("correct horse{ENTER}"),
        );
        pty.answer("Save?", ENTER);
        pty.expect("Saved profile \"default\"");
        assert_eq!(pty.finish(), 0, "{}", pty.text());
        assert!(!pty.text().contains("correct horse"), "{}", pty.text());
        assert_eq!(specialist.file_token("default").as_deref(), Some(TOKEN));
    }

    /// On a terminal, a bundle for another store than the one `default` holds is offered a
    /// profile of its own, named after its store; the old profile stays as it was. The
    /// import speaks to whoever received the bundle: what arrived, where it is saved, how
    /// the connector reads it.
    fn an_import_for_another_store_is_offered_a_profile_of_its_own() {
        let admin = admin();
        let keys = Keys::new();
        let (key, public) = keys.new_age_key("key.txt");
        let (bundle, _) = share(&admin, &["--to", &public]);
        for columns in [60, 100, 140] {
            let specialist = Sandbox::new();
            specialist.set_up_profile("default", "zzz9999");
            let mut pty = Pty::spawn_at(
                &specialist,
                &[
                    "import",
                    path_str(&bundle),
                    "--identity",
                    path_str(&key),
                    "--secret-store",
                    "file",
                    "--no-verify",
                ],
                columns,
            );
            pty.expect("Save it as profile:");
            pty.send(ENTER);
            pty.answer("Save?", ENTER);
            pty.expect(&format!("Saved profile \"{HASH}\""));
            assert_eq!(pty.finish(), 0, "{}", pty.text());
            let screen = pty.screen();
            screen.assert_laid_out();
            let screen = screen
                .text()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                screen.contains("holds store zzz9999"),
                "{columns}: {screen}"
            );
            // Spoken to the person who received the values, not to the store admin.
            for said in [
                "Save the credentials you received",
                &format!("reads profile \"{HASH}\" from here"),
                "The bundle is no longer needed",
            ] {
                assert!(screen.contains(said), "{columns}: {said}: {screen}");
            }
            for unsaid in [
                "create in the BigCommerce control panel",
                "synchup-setup share",
            ] {
                assert!(!screen.contains(unsaid), "{columns}: {unsaid}: {screen}");
            }
            assert_eq!(
                profile_value(&specialist, "default", "store_hash").as_deref(),
                Some("zzz9999")
            );
            assert_eq!(
                profile_value(&specialist, HASH, "store_hash").as_deref(),
                Some(HASH)
            );
        }
    }

    /// The passphrase is typed with a mark for each character and a key to show it; a
    /// word that is not in the list is named before the passphrase is tried, and the
    /// answered line says how many words were typed.
    fn a_passphrase_typed_from_the_phone_is_counted_and_checked_word_by_word() {
        use synchup_setup::handoff::passphrase;
        let admin = admin();
        let words = passphrase::generate().unwrap();
        let words = words.expose_secret().to_owned();
        let bundle = admin.home().join("bundle.age");
        admin
            .run(["share", "--passphrase", "--output", path_str(&bundle)])
            .env("SYNCHUP_SHARE_PASSPHRASE", &words)
            .success();
        let spoken = words.replace('-', " ");
        // The third word heard wrong: one letter doubled at its end.
        let mut heard: Vec<String> = spoken.split(' ').map(str::to_owned).collect();
        heard[2].push_str("zz");
        let heard = heard.join(" ");
        for columns in [60, 100, 140] {
            let specialist = Sandbox::new();
            let mut pty = Pty::spawn_at(
                &specialist,
                &[
                    "import",
                    path_str(&bundle),
                    "--secret-store",
                    "file",
                    "--no-verify",
                ],
                columns,
            );
            pty.expect("Passphrase of the bundle");
            pty.answer("Ctrl+R shows", &heard);
            // Ctrl+R: the words as typed, to check them.
            // Ctrl+R: the words as typed, to check them. Looked for where the question and
            // the words fit on one line, so that the words arrive in one piece.
            if columns == 140 {
                pty.send("\x12");
                pty.expect(&heard);
            }
            pty.send(ENTER);
            pty.expect("is not one of the words");
            pty.expect("The passphrase does not open this bundle");
            pty.answer("Passphrase of the bundle", &format!("{spoken}{ENTER}"));
            pty.answer("Save?", ENTER);
            pty.expect("Saved profile");
            assert_eq!(pty.finish(), 0, "{}", pty.text());
            let screen = pty.screen();
            screen.assert_laid_out();
            let text = screen
                .text()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let wrong = heard.split(' ').nth(2).unwrap();
            assert!(
                text.contains(&format!("\"{wrong}\" is not one of the words")),
                "{columns}: {text}"
            );
            assert!(text.contains("(6 words)"), "{columns}: {text}");
            // The right passphrase, hidden, never on the screen.
            assert!(!text.contains(&spoken), "{columns}: {text}");
        }
    }

    crate::harness::tests! {
        a_generated_passphrase_is_shown_once_and_opens_the_bundle,
        a_terminal_gets_no_bundle_and_gives_none,
        a_passphrase_typed_from_the_phone_is_counted_and_checked_word_by_word,
        an_import_for_another_store_is_offered_a_profile_of_its_own,
        an_ssh_key_with_a_passphrase_is_unlocked_at_the_prompt_only needs(Age),
    }
}

crate::harness::tests! {
    the_age_tool_opens_a_bundle_made_for_an_age_key needs(Age),
    the_age_tool_opens_a_bundle_made_for_ssh_keys needs(Age),
    the_library_opens_what_the_age_tool_encrypts_to_an_age_key needs(Age),
    the_library_opens_what_the_age_tool_encrypts_to_a_recipients_file needs(Age),
    an_rsa_key_opens_what_the_age_tool_encrypts needs(Age),
    a_passphrase_protected_ssh_key_is_unlocked_first needs(Age),
    a_bundle_for_another_key_is_a_wrong_key needs(Age),
    a_changed_bundle_is_caught needs(Age),
    a_cut_short_bundle_is_caught needs(Age),
    an_age_file_that_is_not_a_bundle_is_refused needs(Age),
    #[cfg(unix)]
    passphrase_bundles_open_both_ways needs(Age),
    what_the_age_tool_decrypts_is_accepted_by_setup needs(Age),
    no_token_in_any_output_or_error needs(Age),
    share_then_import_to_an_age_key,
    #[cfg(unix)]
    an_identity_file_others_can_read_is_warned_about needs(Age),
    share_to_an_ssh_key_on_standard_output_and_import_from_standard_input needs(Age),
    the_age_tool_opens_what_share_writes needs(Age),
    import_opens_what_the_age_tool_encrypts needs(Age),
    a_bundle_that_cannot_be_opened_writes_nothing,
    passphrase_round_trip_in_scripts,
    share_says_what_is_wrong_and_shares_nothing,
    private_keys_are_refused_as_recipients_and_never_repeated,
    #[cfg(unix)]
    the_bundle_file_is_private_and_its_directory_safe,
    share_output_replaces_only_a_regular_file_and_only_with_force,
    a_scripted_import_names_the_profile_of_another_store needs(Age),
    the_b2b_edition_line_reaches_the_profile_below_the_flags,
    import_checks_with_bigcommerce_when_asked,
    share_reads_the_keychain_and_import_writes_to_it needs(Keychain),
    #[cfg(target_os = "linux")]
    nothing_in_plain_text_reaches_the_disk needs(Strace),
}
