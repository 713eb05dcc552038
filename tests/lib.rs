//! All integration tests, as one test binary: the real program on pipes, on a
//! pseudo-terminal and against a real Secret Service, and the library API. The harness
//! (tests/harness.rs) runs them, and shows a test whose tools are missing as ignored.

mod common;
mod harness;

mod attacks;
mod commands;
#[cfg(unix)]
mod completion;
mod faults;
mod handoff;
mod hygiene;
mod keychain;
mod layers;
mod library;
mod manage;
mod model;
mod online;
mod ownership;
mod packaging;
mod piped;
mod properties;
// The wizard on a pseudo-terminal (expectrl, vt100): Unix only, as Wine's console is not
// one a test can drive; the flow itself is the same code, tested in `wizard::flow`.
#[cfg(unix)]
mod terminal;
#[cfg(windows)]
mod windows;

fn main() -> std::process::ExitCode {
    let mut tests = Vec::new();
    tests.extend(attacks::tests());
    tests.extend(commands::tests());
    #[cfg(unix)]
    tests.extend(completion::tests());
    tests.extend(faults::tests());
    tests.extend(handoff::tests());
    #[cfg(unix)]
    tests.extend(handoff::on_a_terminal::tests());
    tests.extend(hygiene::tests());
    tests.extend(keychain::tests());
    tests.extend(layers::tests());
    tests.extend(library::tests());
    tests.extend(manage::tests());
    tests.extend(model::tests());
    tests.extend(online::tests());
    tests.extend(ownership::tests());
    tests.extend(packaging::tests());
    tests.extend(piped::tests());
    tests.extend(properties::tests());
    #[cfg(unix)]
    tests.extend(terminal::tests());
    #[cfg(windows)]
    tests.extend(windows::tests());
    harness::main(tests)
}
