//! The `whatsnext` binary: parse the command line, run, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the C library's allocator. Loading builds 100,000 items
/// out of small strings and vectors on every core; with glibc's allocator that
/// cost ≈ 10% more CPU time than the parse itself, mostly in growing each
/// thread's heap a page at a time and in `malloc`/`free`. Transparent huge
/// pages are left off (the `no_thp` feature): on a 100k-item corpus they made
/// the kernel clear far more memory than the program used.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = whatsnext::cli::Cli::parse();
    ExitCode::from(whatsnext::run(cli))
}
