//! One module per command (or family of commands): each takes the config and its
//! own arguments, runs the core, prints, and returns the exit code.

pub mod check;
pub mod create;
pub mod digest;
pub mod edit;
pub mod export;
pub mod import;
pub mod init;
pub mod list;
pub mod merge;
#[cfg(test)]
mod refusals;
pub mod review;
pub mod score;
pub mod shell;
