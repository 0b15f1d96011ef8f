//! The `whatsnext` binary: parse the command line, run, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    grow_heaps_in_large_steps();
    let cli = whatsnext::cli::Cli::parse();
    ExitCode::from(whatsnext::run(cli))
}

/// Loading builds the corpus on every core, and glibc grows its heaps a page at
/// a time by default: ≈ 40,000 `mprotect` calls for 100,000 items. With a top
/// padding of 32 MiB the main heap and each thread's new heaps grow in large
/// steps (later growth of a thread's heap is still by need), which leaves about
/// a quarter of those calls. Untouched pages of the padding cost no memory.
/// Setting the padding also fixes glibc's threshold for serving a request with
/// its own mapping at 128 KiB instead of letting it adapt.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn grow_heaps_in_large_steps() {
    /// `M_TOP_PAD` of glibc's `<malloc.h>`.
    const M_TOP_PAD: std::ffi::c_int = -2;
    unsafe extern "C" {
        fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
    }
    // SAFETY: `mallopt` only changes a setting of the C allocator, which Rust's
    // global allocator uses; it is called before any other thread exists.
    unsafe {
        mallopt(M_TOP_PAD, 32 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn grow_heaps_in_large_steps() {}
