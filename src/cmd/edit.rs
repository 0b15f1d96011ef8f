//! The commands that change files.

use crate::cli::{
    AddArgs, DropArgs, ForecastArgs, InitArgs, NewArgs, NoteArgs, ObserveArgs, ReopenArgs,
    ResolveArgs, SnoozeArgs,
};
use crate::config::Config;
use crate::{Failure, Result};

fn unavailable(name: &str) -> Failure {
    Failure::Invalid(format!("`{name}` is not available in this build"))
}

pub fn resolve(_c: &Config, _a: &ResolveArgs) -> Result<u8> {
    Err(unavailable("resolve"))
}
pub fn reopen(_c: &Config, _a: &ReopenArgs) -> Result<u8> {
    Err(unavailable("reopen"))
}
pub fn drop(_c: &Config, _a: &DropArgs) -> Result<u8> {
    Err(unavailable("drop"))
}
pub fn snooze(_c: &Config, _a: &SnoozeArgs) -> Result<u8> {
    Err(unavailable("snooze"))
}
pub fn note(_c: &Config, _a: &NoteArgs) -> Result<u8> {
    Err(unavailable("note"))
}
pub fn forecast(_c: &Config, _a: &ForecastArgs) -> Result<u8> {
    Err(unavailable("forecast"))
}
pub fn observe(_c: &Config, _a: &ObserveArgs) -> Result<u8> {
    Err(unavailable("observe"))
}
pub fn new(_c: &Config, _a: &NewArgs) -> Result<u8> {
    Err(unavailable("new"))
}
pub fn add(_c: &Config, _a: &AddArgs) -> Result<u8> {
    Err(unavailable("add"))
}
pub fn init(_c: &Config, _a: &InitArgs) -> Result<u8> {
    Err(unavailable("init"))
}
