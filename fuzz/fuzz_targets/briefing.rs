//! Arbitrary bytes as a Markdown briefing, through the importer and back through the loader.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| whatsnext::fuzzing::briefing(data));
