//! `whatsnext export`.

use crate::cli::ExportArgs;
use crate::config::Config;
use crate::{Failure, Result};

pub fn run(_config: &Config, _args: &ExportArgs) -> Result<u8> {
    Err(Failure::Invalid(
        "`export` is not available in this build".into(),
    ))
}
