//! Handing the credentials over, against the reference `age` tool: bundles made by the
//! library open with `age -d`, files made with `age -r`/`-R`/`-p` open with the library,
//! with age keys, SSH keys (ed25519, RSA, passphrase-protected) and passphrases; and a wrong
//! key, a changed or cut-short bundle each give their own error, with no token in any of it.
//!
//! They need `age`, `age-keygen` and `ssh-keygen` (Debian: `age openssh-client`). Without
//! them they are skipped with a note, unless `SYNCHUP_AGE_TESTS=1` (set by CI), where a
//! missing tool fails them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use synchup_setup::bigcommerce::api_path::StoreHash;
use synchup_setup::bigcommerce::values::{AccessToken, ClientId};
use synchup_setup::handoff::{
    Bundle, HandoffError, Identities, RecipientSource, Sealed, encrypt, encrypt_with_passphrase,
    parse_recipients, passphrase,
};
use tempfile::TempDir;

use crate::common::*;

/// Whether the reference tools are here; with `SYNCHUP_AGE_TESTS=1` they must be.
fn age_tools() -> bool {
    let missing: Vec<&str> = ["age", "age-keygen", "ssh-keygen"]
        .into_iter()
        .filter(|tool| {
            Command::new(tool)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_err()
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var("SYNCHUP_AGE_TESTS").as_deref() == Ok("1") {
        panic!(
            "SYNCHUP_AGE_TESTS=1 but these tools are missing: {} (apt: age openssh-client)",
            missing.join(", ")
        );
    }
    eprintln!(
        "age interop tests skipped, these tools are missing: {} (apt: age openssh-client)",
        missing.join(", ")
    );
    false
}

fn bundle() -> Bundle {
    Bundle {
        client_id: ClientId::parse(ID).unwrap().value,
        access_token: AccessToken::parse(TOKEN).unwrap().value,
        store_hash: StoreHash::parse(HASH).unwrap().value,
        account_name: Some("SynchUP connector".into()),
        b2b_edition: true,
    }
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
    let output = run(
        "age",
        &[
            "-d".as_ref(),
            "-i".as_ref(),
            identity.as_os_str(),
            file.as_os_str(),
        ],
        "",
    );
    String::from_utf8(output.stdout).unwrap()
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

#[test]
fn the_age_tool_opens_a_bundle_made_for_an_age_key() {
    if !age_tools() {
        return;
    }
    let keys = Keys::new();
    let (key, public) = keys.age_key("key.txt");
    let armored = encrypt(&bundle(), &recipients(&[&public])).unwrap();
    assert!(armored.starts_with("-----BEGIN AGE ENCRYPTED FILE-----\n"));
    assert!(!holds_token(armored.as_bytes()));
    let file = keys.write("bundle.age", &armored);
    assert_eq!(age_decrypt(&key, &file), *bundle().render());
}

#[test]
fn the_age_tool_opens_a_bundle_made_for_ssh_keys() {
    if !age_tools() {
        return;
    }
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

#[test]
fn the_library_opens_what_the_age_tool_encrypts_to_an_age_key() {
    if !age_tools() {
        return;
    }
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

#[test]
fn the_library_opens_what_the_age_tool_encrypts_to_a_recipients_file() {
    if !age_tools() {
        return;
    }
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

#[test]
fn an_rsa_key_opens_what_the_age_tool_encrypts() {
    if !age_tools() {
        return;
    }
    let keys = Keys::new();
    let (key, public) = keys.ssh_key("id_rsa", "rsa", "");
    let encrypted = run("age", &["-a", "-r", &public], &bundle().render()).stdout;
    assert_eq!(open(&encrypted, &key).unwrap(), bundle());
}

#[test]
fn a_passphrase_protected_ssh_key_is_unlocked_first() {
    if !age_tools() {
        return;
    }
    let keys = Keys::new();
    let (key, public) = keys.ssh_key("id_ed25519", "ed25519", "correct horse");
    let encrypted = run("age", &["-a", "-r", &public], &bundle().render()).stdout;
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

#[test]
fn a_bundle_for_another_key_is_a_wrong_key() {
    if !age_tools() {
        return;
    }
    let keys = Keys::new();
    let (_, public) = keys.age_key("theirs.txt");
    let (mine, _) = keys.age_key("mine.txt");
    let (my_ssh, _) = keys.ssh_key("id_ed25519", "ed25519", "");
    let encrypted = run("age", &["-a", "-r", &public], &bundle().render()).stdout;
    for key in [&mine, &my_ssh] {
        let err = open(&encrypted, key).unwrap_err();
        assert!(matches!(err, HandoffError::WrongKey), "{err:?}");
        assert!(err.hint().contains("age-keygen -y"), "{}", err.hint());
    }
}

#[test]
fn a_changed_bundle_is_caught() {
    if !age_tools() {
        return;
    }
    let keys = Keys::new();
    let (key, public) = keys.age_key("key.txt");
    let armored =
        String::from_utf8(run("age", &["-a", "-r", &public], &bundle().render()).stdout).unwrap();
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
        let output = try_run(
            "age",
            &[
                "-d".as_ref(),
                "-i".as_ref(),
                key.as_os_str(),
                file.as_os_str(),
            ],
            "",
        );
        assert!(!output.status.success());
    }
}

#[test]
fn a_cut_short_bundle_is_caught() {
    if !age_tools() {
        return;
    }
    let keys = Keys::new();
    let (key, public) = keys.age_key("key.txt");
    let armored =
        String::from_utf8(run("age", &["-a", "-r", &public], &bundle().render()).stdout).unwrap();
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

#[test]
fn an_age_file_that_is_not_a_bundle_is_refused() {
    if !age_tools() {
        return;
    }
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

/// `age` on a pseudo-terminal, where it asks for passphrases.
#[cfg(unix)]
fn age_on_a_terminal(args: &[&str], answers: &[&str]) -> String {
    use expectrl::session::OsSession as Session;
    use expectrl::{Eof, Expect};

    let mut command = Command::new("age");
    command.args(args);
    let mut session = Session::spawn(command).expect("spawn age on a pty");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    let mut screen = Vec::new();
    for answer in answers {
        let found = session
            .expect("passphrase")
            .expect("age asks for a passphrase");
        screen.extend_from_slice(found.before());
        // Let the prompt finish and start reading.
        std::thread::sleep(Duration::from_millis(200));
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

#[cfg(unix)]
#[test]
fn passphrase_bundles_open_both_ways() {
    if !age_tools() {
        return;
    }
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

#[test]
fn what_the_age_tool_decrypts_is_accepted_by_setup() {
    if !age_tools() {
        return;
    }
    let keys = Keys::new();
    let (key, public) = keys.age_key("key.txt");
    let file = keys.write(
        "bundle.age",
        encrypt(&bundle(), &recipients(&[&public])).unwrap(),
    );
    let decrypted = age_decrypt(&key, &file);
    let sandbox = Sandbox::new();
    let output = sandbox
        .cmd()
        .args(["--secret-store", "file"])
        .write_stdin(decrypted)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let config = sandbox.config().unwrap();
    assert!(
        config.contains(&format!("store_hash = \"{HASH}\"")),
        "{config}"
    );
    assert!(config.contains("SynchUP connector"), "{config}");
    assert!(sandbox.credentials().unwrap().contains(TOKEN));
    sandbox.assert_no_token_outside_stores(&[&output.stdout, &output.stderr]);
}

#[test]
fn no_token_in_any_output_or_error() {
    if !age_tools() {
        return;
    }
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
