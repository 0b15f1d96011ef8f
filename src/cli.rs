//! Command-line syntax (clap derive types only). `config` turns the global flags
//! into a checked `Config`; each command module takes its own arguments struct.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "whatsnext",
    version,
    about = "Track the follow-ups of briefings: what is due, overdue, pending or resolved, as of any day",
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Scenario folder, or one scenario file (default: `scenarios` from whatsnext.toml, else ./scenarios)
    #[arg(long, global = true, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
    /// Template folder whose files override the built-in templates
    #[arg(long, global = true, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Evaluate as of this day (YYYY-MM-DD) instead of today
    #[arg(long, global = true, value_name = "DATE", env = "WHATSNEXT_TODAY")]
    pub today: Option<String>,
    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorWhen {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ListFormat {
    #[default]
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate every scenario file and report every problem
    Check,
    /// Every watch-item with its status, most urgent first
    #[command(visible_alias = "ls")]
    Status(StatusArgs),
    /// The review list: overdue and due items, most urgent first
    Due(DueArgs),
    /// The coming days, grouped by date
    Agenda(AgendaArgs),
    /// One item or scenario in full, with its history
    Show(ShowArgs),
    /// Record an item's outcome
    Resolve(ResolveArgs),
    /// Remove an item's resolution or drop
    Reopen(ReopenArgs),
    /// Stop watching an item
    Drop(DropArgs),
    /// Move an item's due day
    Snooze(SnoozeArgs),
    /// Add a log entry to an item
    Note(NoteArgs),
    /// Record a probability forecast for an item
    Forecast(ForecastArgs),
    /// Mark a signpost as observed
    Observe(ObserveArgs),
    /// Create a new scenario file
    New(NewArgs),
    /// Add a watch-item to a scenario
    Add(AddArgs),
    /// The weekly digest
    Digest(DigestArgs),
    /// Forecast scorecard: Brier score, log score, calibration
    Score(ScoreArgs),
    /// Export the corpus as JSON or iCalendar
    Export(ExportArgs),
    /// Create whatsnext.toml, scenarios/ with an example, and templates/
    Init(InitArgs),
    /// Turn a briefing's "What's Next" into a draft scenario
    Import(ImportArgs),
}

/// Filters shared by the listing commands.
#[derive(Debug, Args, Clone, Default)]
pub struct Filters {
    /// Only items with this status (repeatable, or comma-separated)
    #[arg(long = "status", value_name = "STATUS", value_delimiter = ',')]
    pub status: Vec<String>,
    /// Only items with this tag (on the item or its scenario; repeatable: any of them)
    #[arg(long = "tag", value_name = "TAG")]
    pub tag: Vec<String>,
    /// Only items of this scenario (repeatable)
    #[arg(long = "scenario", value_name = "ID")]
    pub scenario: Vec<String>,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub filters: Filters,
    /// Only items due within this duration from today (e.g. 14d), overdue included
    #[arg(long, value_name = "DURATION")]
    pub within: Option<String>,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Exit 3 when any item is overdue
    Overdue,
    /// Exit 3 when any item is overdue or due
    Due,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    #[command(flatten)]
    pub filters: Filters,
    /// Exit with code 3 when the condition is met
    #[arg(long, value_enum, value_name = "WHEN")]
    pub fail_on: Option<FailOn>,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct AgendaArgs {
    #[command(flatten)]
    pub filters: Filters,
    /// How many days ahead, today included
    #[arg(long, default_value_t = 14)]
    pub days: u32,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// `scenario/item`, a bare `item` when unambiguous, or a scenario id
    pub reference: String,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Flags shared by every edit.
#[derive(Debug, Args, Clone, Default)]
pub struct EditArgs {
    /// Print the change as a unified diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    pub reference: String,
    /// The outcome, one of the item's `outcomes`
    #[arg(long)]
    pub outcome: String,
    /// The day it happened (default: today)
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    /// A source URL (repeatable)
    #[arg(long = "source", value_name = "URL")]
    pub sources: Vec<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct ReopenArgs {
    pub reference: String,
    /// Why it is reopened (kept in the log)
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct DropArgs {
    pub reference: String,
    #[arg(long)]
    pub reason: String,
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct SnoozeArgs {
    pub reference: String,
    /// The new due day: YYYY-MM-DD, or +DURATION from today (e.g. +7d)
    #[arg(long, value_name = "DATE|+DURATION")]
    pub to: String,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    pub reference: String,
    pub text: String,
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct ForecastArgs {
    pub reference: String,
    /// P (probability of yes) or OUTCOME=P (repeatable, summing to 1)
    #[arg(long = "p", value_name = "P|OUTCOME=P", required = true)]
    pub p: Vec<String>,
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct ObserveArgs {
    pub reference: String,
    /// The signpost's text (or a unique part of it)
    pub signpost: String,
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The scenario id (also the file name)
    pub id: String,
    #[arg(long)]
    pub title: String,
    /// The event / briefing date (default: today)
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The scenario id
    pub scenario: String,
    #[arg(long)]
    pub id: String,
    #[arg(long)]
    pub title: String,
    /// YYYY-MM-DD, or +DURATION from the scenario date / trigger
    #[arg(long, value_name = "DATE|+DURATION")]
    pub due: Option<String>,
    /// The possible outcomes (default yes/no; repeatable or comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub outcomes: Vec<String>,
    #[arg(long)]
    pub question: Option<String>,
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    #[arg(long)]
    pub priority: Option<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DigestFormat {
    #[default]
    Md,
    Html,
    Text,
}

#[derive(Debug, Args)]
pub struct DigestArgs {
    /// ISO week: 2025-W33, this, last or next
    #[arg(long, default_value = "this")]
    pub week: String,
    /// Markdown, a self-contained HTML page, or plain text wrapped to 80 columns
    #[arg(long, value_enum, default_value_t = DigestFormat::Md)]
    pub format: DigestFormat,
    /// Write to FILE (atomically) instead of standard output; `-` is standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// List at most N entries per section, most urgent first (default: config `digest_limit`, 25)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..), conflicts_with = "all")]
    pub limit: Option<u64>,
    /// List every entry of every section
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Only items resolved on or after this day (YYYY-MM-DD, or back from today: -30d, -1m)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Only items with this tag (repeatable: any of them)
    #[arg(long = "tag")]
    pub tag: Vec<String>,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Ics,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    #[command(flatten)]
    pub filters: Filters,
    /// Write to FILE instead of standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create the project (default: the current folder)
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The briefing (Markdown)
    pub briefing: PathBuf,
    /// The scenario id (default: from the briefing's date and title)
    #[arg(long)]
    pub id: Option<String>,
    /// Print the draft scenario and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Write to FILE instead of the scenarios folder
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}
