//! The setup flow and its answer sources: questions on a terminal, or answers from flags,
//! environment variables, a pipe or the downloaded credentials file.
//!
//! `flow` decides which questions, in which order, with which defaults; `mode` decides what
//! happens to a missing or invalid answer (ask again, or collect the problem); `summary`
//! says what the wizard says around the questions; `script` reads piped answers. What was
//! given up front is in [`crate::profile::presets`]. The questions themselves go to the process context's
//! prompter ([`crate::context::prompter`]).

pub mod flow;
pub mod handover;
pub mod import;
pub mod mode;
pub mod online;
pub mod plan;
pub mod script;
pub mod session;
pub mod steps;
pub mod summary;
