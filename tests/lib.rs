//! All integration tests, as one test binary: the real program on pipes, on a
//! pseudo-terminal and against a real Secret Service, and the library API.

mod common;

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
mod online;
mod packaging;
mod piped;
mod properties;
// The wizard on a pseudo-terminal (expectrl, vt100): Unix only, as Wine's console is not
// one a test can drive; the flow itself is the same code, tested in `wizard::flow`.
#[cfg(unix)]
mod terminal;
#[cfg(windows)]
mod windows;
