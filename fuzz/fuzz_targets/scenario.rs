//! Arbitrary bytes as scenario files, through load, check, status, listing and digests.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| whatsnext::fuzzing::scenario(data));
