//! The `whatsnext` binary: parse the command line, run, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the C library's allocator. Loading builds 100,000 items
/// out of small strings and vectors on every core; with glibc's allocator such
/// a load spent ≈ 7% of its time in `malloc` and `free`, and glibc grew each
/// thread's heap a page at a time (≈ 40,000 `mprotect` calls, still ≈ 10,000
/// with a 32 MiB top padding). mimalloc is built not to ask for transparent
/// huge pages (the `no_thp` feature): when it did, the kernel spent about a
/// quarter of such a run clearing pages. (A system that gives every process
/// huge pages still does.)
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = whatsnext::cli::Cli::parse();
    ExitCode::from(whatsnext::run(cli))
}
