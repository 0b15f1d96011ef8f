//! `whatsnext merge BASE OURS THEIRS`: the git merge driver (`crate::merge`).

use crate::cli::MergeArgs;
use crate::merge::{self, Merged};
use crate::{Failure, Result, exit};

pub fn run(a: &MergeArgs) -> Result<u8> {
    match merge::merge_files(&a.base, &a.ours, &a.theirs) {
        Ok(Merged::Clean) => Ok(exit::OK),
        Ok(Merged::Conflicts(n)) => {
            eprintln!(
                "whatsnext merge: {n} conflict{} left for you in {}",
                if n == 1 { "" } else { "s" },
                crate::text::printable(&a.ours.to_string_lossy())
            );
            Ok(exit::INVALID)
        }
        Err(e) => Err(Failure::Invalid(e.to_string())),
    }
}
