//! The `whatsnext` binary: parse the command line, run, map the result to an exit code.

use std::process::ExitCode;

/// mimalloc instead of the C library's allocator: loading builds many small
/// strings and vectors on every core. Its v2 series (the `v2` feature): on
/// 100,000 items the listings and the default digest hold 5–7% less memory
/// than with v3, at the same speed (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ExitCode::from(whatsnext::main())
}
