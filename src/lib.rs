//! whatsnext: a tracker for the follow-ups of briefings.
//!
//! Data flows one way: `cli` → `config` → `load` → `validate` → `status` →
//! a command's output (`cmd::*`, `render`) or an edit (`edit`).

mod cli;
mod cmd;
mod config;
pub mod diagnostic;
mod edit;
mod editor;
mod fsutil;
#[doc(hidden)]
pub mod fuzzing;
mod ics;
mod idmap;
mod import;
pub mod load;
mod lock;
mod merge;
pub mod model;
pub mod render;
mod review;
mod schema;
mod score;
pub mod status;
pub mod table;
#[cfg(test)]
mod testing;
pub mod text;
mod tree;
pub mod validate;
pub mod value;
mod view;
mod workspace;

use std::io::Write;

use cli::{Cli, Command};
use config::{Config, ConfigError};

/// Exit codes (SPEC §3.4).
pub mod exit {
    pub const OK: u8 = 0;
    /// Invalid input or a refused edit.
    pub const INVALID: u8 = 1;
    pub const USAGE: u8 = 2;
    /// A `--fail-on` condition was met.
    pub const CONDITION: u8 = 3;
}

/// Why a command did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// Invalid input; the message goes to stderr (exit 1).
    Invalid(String),
    /// A refused edit, nothing written; its message goes to stderr (exit 1).
    Refused(edit::Refusal),
    /// Problems already printed to stderr (exit 1).
    Reported,
    /// A usage error (exit 2).
    Usage(String),
    Io(std::io::Error),
}

impl From<edit::Refusal> for Failure {
    fn from(r: edit::Refusal) -> Self {
        Failure::Refused(r)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

pub type Result<T, E = Failure> = std::result::Result<T, E>;

/// Parses the process's command line (a usage error exits 2 with clap's
/// message) and runs it; returns the process exit code.
pub fn main() -> u8 {
    use clap::Parser;
    run(Cli::parse())
}

/// Runs a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let color = match cli.global.color {
        cli::ColorWhen::Auto => anstream::ColorChoice::Auto,
        cli::ColorWhen::Always => anstream::ColorChoice::Always,
        cli::ColorWhen::Never => anstream::ColorChoice::Never,
    };
    color.write_global();
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let config = match Config::from_args(&cli.global, &cwd) {
        Ok(c) => c,
        Err(ConfigError::Flag(msg)) => return fail(Failure::Usage(msg)),
        Err(ConfigError::File(diags, text)) => {
            workspace::print_diagnostics(&diags, |_| Some(text.as_str()));
            return exit::INVALID;
        }
    };
    let loaded = Loaded::default();
    let code = match dispatch(&config, cli.command, &loaded) {
        Ok(exit::OK) if workspace::left_files_out() => exit::INVALID,
        Ok(code) => code,
        Err(f) => fail(f),
    };
    // Freeing a large corpus piece by piece is a noticeable part of a listing's
    // time, and the process exits next: the memory is left to the system.
    std::mem::forget(loaded);
    code
}

/// The corpus a command loaded, owned by [`run`] so that it is never freed
/// (see there). A command loads at most once.
#[derive(Default)]
pub struct Loaded {
    workspace: std::cell::OnceCell<workspace::Workspace>,
}

impl Loaded {
    /// [`workspace::Workspace::load_for_reading`], kept.
    pub fn checked(&self, config: &Config) -> Result<&workspace::Workspace> {
        let ws = workspace::Workspace::load_for_reading(config)?;
        Ok(self.workspace.get_or_init(|| ws))
    }

    /// [`workspace::Workspace::load`] (with its problems, for `check`), kept.
    pub fn all(&self, config: &Config) -> Result<&workspace::Workspace> {
        let ws = workspace::Workspace::load(config)?;
        Ok(self.workspace.get_or_init(|| ws))
    }
}

fn fail(f: Failure) -> u8 {
    let mut err = anstream::stderr();
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Red.into()));
    match f {
        Failure::Reported => exit::INVALID,
        Failure::Invalid(msg) => {
            let _ = writeln!(err, "{style}error{style:#}: {msg}");
            exit::INVALID
        }
        Failure::Refused(why) => {
            let _ = writeln!(err, "{style}error{style:#}: {why}");
            exit::INVALID
        }
        Failure::Usage(msg) => {
            let _ = writeln!(err, "{style}error{style:#}: {msg}");
            exit::USAGE
        }
        // A closed pipe (`whatsnext status | head`) is not an error.
        Failure::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Failure::Io(e) => {
            let _ = writeln!(err, "{style}error{style:#}: {e}");
            exit::INVALID
        }
    }
}

pub(crate) fn dispatch(config: &Config, command: Command, loaded: &Loaded) -> Result<u8> {
    match command {
        Command::Check(a) => cmd::check::run(config, &a, loaded),
        Command::Status(a) => cmd::list::status(config, &a, loaded),
        Command::Due(a) => cmd::list::due(config, &a, loaded),
        Command::Agenda(a) => cmd::list::agenda(config, &a, loaded),
        Command::Show(a) => cmd::list::show(config, &a, loaded),
        Command::Resolve(a) => cmd::edit::resolve(config, &a),
        Command::Reopen(a) => cmd::edit::reopen(config, &a),
        Command::Drop(a) => cmd::edit::drop(config, &a),
        Command::Snooze(a) => cmd::edit::snooze(config, &a),
        Command::Note(a) => cmd::edit::note(config, &a),
        Command::Forecast(a) => cmd::edit::forecast(config, &a),
        Command::Observe(a) => cmd::edit::observe(config, &a),
        Command::New(a) => cmd::create::new(config, &a),
        Command::Add(a) => cmd::create::add(config, &a),
        Command::Init(a) => cmd::init::run(config, &a),
        Command::Digest(a) => cmd::digest::run(config, &a, loaded),
        Command::Score(a) => cmd::score::run(config, &a, loaded),
        Command::Export(a) => cmd::export::run(config, &a, loaded),
        Command::Import(a) => cmd::import::run(config, &a),
        Command::Review(a) => cmd::review::review(config, &a),
        Command::Edit(a) => cmd::review::edit(config, &a),
        Command::Completions(a) => cmd::shell::completions(&a),
        Command::Man => cmd::shell::man(),
        Command::Refs => cmd::shell::refs(config),
        Command::Schema => cmd::shell::schema(),
        Command::Merge(a) => cmd::merge::run(&a),
    }
}
