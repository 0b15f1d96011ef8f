//! `whatsnext import`.

use crate::cli::ImportArgs;
use crate::config::Config;
use crate::{Failure, Result};

pub fn run(_config: &Config, _args: &ImportArgs) -> Result<u8> {
    Err(Failure::Invalid(
        "`import` is not available in this build".into(),
    ))
}
