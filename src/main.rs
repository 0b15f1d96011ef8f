//! The `whatsnext` binary: parse the command line, run, map the result to an exit code.

use std::process::ExitCode;

/// mimalloc instead of the C library's allocator: loading builds many small
/// strings and vectors on every core (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ExitCode::from(whatsnext::main())
}
