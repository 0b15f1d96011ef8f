//! The command-line tests: scenario files in, a command (always with `--today`),
//! expected output and exit code out.

mod support;

mod check;
mod conventions;
mod digest;
mod digest_lists;
mod edit;
mod export;
mod forecasters;
mod git;
mod import;
mod invalid;
mod list;
mod locks;
mod properties;
mod review;
mod safety;
mod schema;
mod score;
mod walk;
