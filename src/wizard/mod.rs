//! The setup flow and its answer sources: questions on a terminal, or answers from flags,
//! environment variables, a pipe or the downloaded credentials file.

pub mod answers;
pub mod flow;
pub mod prompter;
pub mod script;
pub mod steps;
pub mod terminal;
