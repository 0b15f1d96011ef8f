//! `whatsnext score`.

use crate::cli::ScoreArgs;
use crate::config::Config;
use crate::{Failure, Result};

pub fn run(_config: &Config, _args: &ScoreArgs) -> Result<u8> {
    Err(Failure::Invalid(
        "`score` is not available in this build".into(),
    ))
}
