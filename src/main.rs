//! The `whatsnext` binary: parse the command line, run, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = whatsnext::cli::Cli::parse();
    ExitCode::from(whatsnext::run(cli))
}
