//! `status`, `due`, `agenda`, `show`.

use crate::cli::{AgendaArgs, DueArgs, ShowArgs, StatusArgs};
use crate::config::Config;
use crate::{Failure, Result};

fn unavailable(name: &str) -> Failure {
    Failure::Invalid(format!("`{name}` is not available in this build"))
}

pub fn status(_config: &Config, _args: &StatusArgs) -> Result<u8> {
    Err(unavailable("status"))
}

pub fn due(_config: &Config, _args: &DueArgs) -> Result<u8> {
    Err(unavailable("due"))
}

pub fn agenda(_config: &Config, _args: &AgendaArgs) -> Result<u8> {
    Err(unavailable("agenda"))
}

pub fn show(_config: &Config, _args: &ShowArgs) -> Result<u8> {
    Err(unavailable("show"))
}
