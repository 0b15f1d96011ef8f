//! `whatsnext digest`.

use crate::cli::DigestArgs;
use crate::config::Config;
use crate::{Failure, Result};

pub fn run(_config: &Config, _args: &DigestArgs) -> Result<u8> {
    Err(Failure::Invalid(
        "`digest` is not available in this build".into(),
    ))
}
