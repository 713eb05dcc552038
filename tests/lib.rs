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
mod library;
mod manage;
mod online;
mod packaging;
mod piped;
mod properties;
#[cfg(unix)]
mod terminal;
