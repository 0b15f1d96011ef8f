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
#[command(next_help_heading = "Global options")]
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
    /// Leave out the scenario files with errors (reported as `check` reports them)
    /// and run on the rest; the exit code is still 1
    #[arg(long, global = true)]
    pub keep_going: bool,
    /// When to use colour (`auto`: on a terminal, unless NO_COLOR is set)
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
    /// A table for people (fits the terminal; nothing cut in a pipe)
    #[default]
    Table,
    /// JSON for programs (fields as documented in the README)
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Count warnings as errors (a folder that could not be read, a dangling
    /// link, a link that is not http, https or mailto, …): exit 1 when there are any
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate every scenario file and report every problem
    #[command(
        long_about = "Validate every scenario file and report every problem.\n\nReads every scenario file under the scenarios folder and reports every problem in every file, each as `path:line:col: error: message` with the source line, and an unknown key with a \"did you mean\" suggestion. Exit 0 when there are no errors (warnings alone do not fail, unless --strict), 1 otherwise.",
        after_help = "Examples:\n  whatsnext check\n  whatsnext check --strict\n  whatsnext --scenarios desk/scenarios check"
    )]
    Check(CheckArgs),
    /// Every watch-item with its status, most urgent first
    #[command(
        long_about = "Every watch-item with its status, most urgent first.\n\nLists every watch-item as of today (or --today) with its status (overdue, due, upcoming, open, pending, moot, resolved, dropped), its due day and the days left, most urgent first. Filters narrow the list; on a terminal the table fits its width, in a pipe nothing is cut.",
        after_help = "Examples:\n  whatsnext status\n  whatsnext status --status overdue,due --tag sanctions\n  whatsnext --today 2025-08-20 status --format json\n  whatsnext status --columns status,due,scenario,title",
        visible_alias = "ls"
    )]
    Status(StatusArgs),
    /// The review list: overdue and due items, most urgent first
    #[command(
        long_about = "The review list: overdue and due items, most urgent first.\n\nThe items that need attention as of today: overdue first, then those due within their lead window. With --fail-on, exit 3 when the condition is met, so that a cron job or a CI pipeline notices.",
        after_help = "Examples:\n  whatsnext due\n  whatsnext due --fail-on overdue\n  whatsnext --today 2025-08-14 due --format json"
    )]
    Due(DueArgs),
    /// The coming days, grouped by date
    #[command(
        long_about = "The coming days, grouped by date.\n\nThe items due in the coming days (14 by default, today included), grouped by date like a calendar.",
        after_help = "Examples:\n  whatsnext agenda\n  whatsnext agenda --days 30 --tag dprk"
    )]
    Agenda(AgendaArgs),
    /// One item or scenario in full, with its history
    #[command(
        long_about = "One item or scenario in full, with its history.\n\nEverything about one watch-item (question, outcomes, triggers and what fired them, forecasts, signposts, resolution and log) or, given a scenario id, the scenario and its items. Nothing is cut.",
        after_help = "Examples:\n  whatsnext show alaska-summit\n  whatsnext show putin-kim-call-2025-08/harsher-sanctions --format json\n  whatsnext show putin-kim-call-2025-08"
    )]
    Show(ShowArgs),
    /// Record an item's outcome
    #[command(
        long_about = "Record an item's outcome.\n\nWrites the item's resolution (outcome, day, note, sources) into its scenario file in place, with a log entry. Refused, writing nothing, when the outcome is not one of the item's outcomes or the item is already resolved or dropped (reopen it first).",
        after_help = "Examples:\n  whatsnext resolve alaska-summit --outcome no-deal --on 2025-08-15\n  whatsnext resolve harsher-sanctions --outcome yes --note \"US sanctions on Rosneft and Lukoil\" --source https://example.org/report\n  whatsnext resolve alaska-summit --outcome no-deal --dry-run"
    )]
    Resolve(ResolveArgs),
    /// Remove an item's resolution or drop
    #[command(
        long_about = "Remove an item's resolution or drop.\n\nRemoves the resolution or the drop of an item so that it is watched again; the log keeps a note of it.",
        after_help = "Examples:\n  whatsnext reopen alaska-summit\n  whatsnext reopen alaska-summit --note \"Talks resumed\""
    )]
    Reopen(ReopenArgs),
    /// Stop watching an item
    #[command(
        long_about = "Stop watching an item.\n\nMarks an item as dropped (it no longer matters), with a reason and a day; items triggered only by it become moot.",
        after_help = "Examples:\n  whatsnext drop regional-arms --reason \"Superseded by a new scenario\"\n  whatsnext drop regional-arms --reason \"No longer relevant\" --on 2025-09-01"
    )]
    Drop(DropArgs),
    /// Move an item's due day
    #[command(
        long_about = "Move an item's due day.\n\nSets a new due day for an item, as a date or as a span from today, and logs the change.",
        after_help = "Examples:\n  whatsnext snooze alaska-summit --to +7d\n  whatsnext snooze alaska-summit --to 2025-09-01 --dry-run"
    )]
    Snooze(SnoozeArgs),
    /// Add a log entry to an item
    #[command(
        long_about = "Add a log entry to an item.\n\nAppends a dated entry to the item's log: what was checked, what changed.",
        after_help = "Examples:\n  whatsnext note alaska-summit \"Venue confirmed: Anchorage\"\n  whatsnext note alaska-summit \"Readout published\" --on 2025-08-16"
    )]
    Note(NoteArgs),
    /// Record a probability forecast for an item
    #[command(
        long_about = "Record a probability forecast for an item.\n\nAppends a dated probability forecast: one number (the probability of yes) for a yes/no item, or OUTCOME=P for each outcome of the others, summing to 1.",
        after_help = "Examples:\n  whatsnext forecast harsher-sanctions --p 0.6\n  whatsnext forecast alaska-summit --p ceasefire=0.1 --p framework=0.3 --p no-deal=0.6"
    )]
    Forecast(ForecastArgs),
    /// Mark a signpost as observed
    #[command(
        long_about = "Mark a signpost as observed.\n\nMarks one of the item's signposts (named by its text or a unique part of it) as observed on a day.",
        after_help = "Examples:\n  whatsnext observe alaska-summit \"press conference\"\n  whatsnext observe alaska-summit \"Zelensky\" --on 2025-08-13"
    )]
    Observe(ObserveArgs),
    /// Create a new scenario file
    #[command(
        long_about = "Create a new scenario file.\n\nCreates scenarios/ID.toml with the scenario id, title and date, ready for items.",
        after_help = "Examples:\n  whatsnext new gaza-ceasefire-2025-10 --title \"Gaza ceasefire agreement\" --date 2025-10-09"
    )]
    New(NewArgs),
    /// Add a watch-item to a scenario
    #[command(
        long_about = "Add a watch-item to a scenario.\n\nAppends a [[watch]] table after the last item of the scenario file; every other byte of the file stays as it was.",
        after_help = "Examples:\n  whatsnext add putin-kim-call-2025-08 --id next-call --title \"Another Putin-Kim call\" --due +30d\n  whatsnext add putin-kim-call-2025-08 --id talks-resume --title \"Talks resume\" --trigger alaska-summit=no-deal --due +30d --forecast 0.3 --signpost \"Envoys meet\"\n  whatsnext add putin-kim-call-2025-08 --id oil-cap --title \"Oil price cap lowered\" --priority high --tag sanctions"
    )]
    Add(Box<AddArgs>),
    /// The weekly digest
    #[command(
        long_about = "The weekly digest.\n\nRenders the digest of an ISO week (Monday to Sunday) as of the end of that week: overdue, due, resolved, fired, dropped and coming items, what is pending, and the forecast scorecard. Markdown by default, a self-contained HTML page, or plain text; built-in templates, overridden by same-named files in the templates folder.",
        after_help = "Examples:\n  whatsnext digest\n  whatsnext digest --week last --format html -o digest.html\n  whatsnext --today 2025-08-17 digest --week 2025-W33 --format text"
    )]
    Digest(DigestArgs),
    /// Forecast scorecard: Brier score, log score, calibration
    #[command(
        long_about = "Forecast scorecard: Brier score, log score, calibration.\n\nScores every resolved item that had a forecast before its resolution day: Brier scores (yes/no and multi-outcome items apart), log scores, per tag, per forecaster or month on request, and a calibration table with bars; the calibration chart as SVG or in an HTML page.",
        after_help = "Examples:\n  whatsnext score\n  whatsnext score --since -90d --tag sanctions\n  whatsnext score --by --by-month\n  whatsnext score --forecaster ana --since 2025-01-01 --until 2025-06-30\n  whatsnext score --format svg > calibration.svg\n  whatsnext score --format json"
    )]
    Score(ScoreArgs),
    /// Export the corpus as JSON or iCalendar
    #[command(
        long_about = "Export the corpus as JSON or iCalendar.\n\nWrites the whole corpus as JSON (every scenario with its items, with the fields of `status --format json`) or as an iCalendar feed of the dated items for a calendar application.",
        after_help = "Examples:\n  whatsnext export --format json -o corpus.json\n  whatsnext export --format ics -o whatsnext.ics\n  whatsnext export --format ics --as events -o whatsnext-events.ics"
    )]
    Export(ExportArgs),
    /// Create whatsnext.toml, scenarios/ with an example, and templates/
    #[command(
        long_about = "Create whatsnext.toml, scenarios/ with an example, and templates/.\n\nScaffolds a project in DIR (default: the current folder): whatsnext.toml, a scenarios folder with an example scenario (none with --empty), a templates folder with a note on overriding the built-in digest templates, whatsnext.schema.json with a .taplo.toml that points editors at it, and a .gitignore for the edit lock. Existing files are never overwritten.",
        after_help = "Examples:\n  whatsnext init\n  whatsnext init desk --empty"
    )]
    Init(InitArgs),
    /// Turn a briefing's "What's Next" into a draft scenario
    #[command(
        long_about = "Turn a briefing's \"What's Next\" into a draft scenario.\n\nReads a briefing in Markdown (a file, or standard input for `-`) and drafts a scenario file from its What's Next section (also called Outlook, Looking ahead or What to watch): one watch-item per bullet, numbered item or sentence, with a due day where the text gives one (a date, or a phrase like \"within 30 days\" or \"by mid-March\" counted from the briefing's date) and a comment above every guess. Review the draft, then run `whatsnext check`.",
        after_help = "Examples:\n  whatsnext import briefings/2025-08-12-putin-kim-call.md --dry-run\n  whatsnext import briefing.md --id gaza-ceasefire-2025-10\n  whatsnext import - --dry-run < briefing.md"
    )]
    Import(ImportArgs),
    /// The weekly review: each overdue or due item in turn, answers recorded as edits
    #[command(
        long_about = "The weekly review: the overdue and due items (as `due` lists them), one at a time. \
For each, a card and one prompt; each answer is a letter and Enter, recorded through the same \
edit as the single command (resolve, note, snooze, forecast, drop, observe) or a hand edit (e). \
Answers are read from stdin; cards and questions go to stderr, the record of changes to stdout.",
        after_help = "Examples:\n  whatsnext review\n  whatsnext review --tag sanctions --dry-run\n  printf 'n\\nChecked, no change\\nq\\n' | whatsnext review --scenario putin-kim-call-2025-08"
    )]
    Review(ReviewArgs),
    /// Open an item's file in $VISUAL/$EDITOR at the item, and validate it after
    #[command(
        long_about = "Open the file of an item in $VISUAL (else $EDITOR, else vi) at the item's line. \
The editor works on a copy; when it exits the copy is checked with the whole corpus, and only \
a valid copy replaces the file (atomically, under the lock). On errors you are offered to \
reopen it; if you decline, nothing is written and the copy is kept.",
        after_help = "Examples:\n  whatsnext edit harsher-sanctions\n  EDITOR=\"emacs -nw\" whatsnext edit putin-kim-call-2025-08/alaska-summit"
    )]
    Edit(EditItemArgs),
    /// Merge two versions of a scenario file (a git merge driver)
    #[command(
        long_about = "Merge two versions of a scenario file by meaning: a git merge driver.\n\nGit calls it with the common ancestor, our version and theirs (`%O %A %B`); the result is written to OURS. Items are matched by id; what one side changed is taken from it; log entries and forecasts added on both sides are all kept, in date order. A key set to two different values on the two sides is a conflict: the item is written between git's conflict markers, both versions whole, and the exit code is 1. A version that does not parse gets git's line merge instead.",
        after_help = "Examples:\n  whatsnext merge base.toml ours.toml theirs.toml\n  git config merge.whatsnext.driver \"whatsnext merge %O %A %B\"\n  echo 'scenarios/**/*.toml merge=whatsnext' >> .gitattributes"
    )]
    Merge(MergeArgs),
    /// Print a shell completion script
    #[command(
        long_about = "Print a shell completion script.\n\nThe script completes subcommands, flags and their values; in bash and fish it also completes REFs and scenario ids from the corpus of the folder you are in (through `whatsnext __refs`). Install it where your shell looks for completions (see the README).",
        after_help = "Examples:\n  whatsnext completions bash > ~/.local/share/bash-completion/completions/whatsnext\n  whatsnext completions fish > ~/.config/fish/completions/whatsnext.fish\n  whatsnext completions zsh > ~/.zfunc/_whatsnext"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff)
    #[command(
        long_about = "Print the manual page, in roff, for man(1).",
        after_help = "Examples:\n  whatsnext man > ~/.local/share/man/man1/whatsnext.1\n  whatsnext man | man -l -"
    )]
    Man,
    /// Print the JSON Schema of the scenario file format
    #[command(
        long_about = "Print the JSON Schema (draft 2020-12) of the scenario file format.\n\nEditors that read JSON Schemas for TOML files (taplo, and Even Better TOML, Helix or Neovim through it) then complete and check keys as you type; `whatsnext init` writes a .taplo.toml that points them at it. `whatsnext check` remains the full validation.",
        after_help = "Examples:\n  whatsnext schema > whatsnext.schema.json\n  check-jsonschema --schemafile whatsnext.schema.json scenarios/*.toml"
    )]
    Schema,
    /// The REFs and scenario ids of the corpus, one a line (for completion scripts)
    #[command(name = "__refs", hide = true)]
    Refs,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The common ancestor (git's %O)
    pub base: PathBuf,
    /// Our version (git's %A); the result is written here
    pub ours: PathBuf,
    /// Their version (git's %B)
    pub theirs: PathBuf,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
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

/// How a listing's table is laid out.
#[derive(Debug, Args, Clone, Default)]
pub struct Layout {
    /// Never cut a value to fit the terminal (in a pipe or a file nothing is cut anyway)
    #[arg(long)]
    pub wide: bool,
    /// The table's columns, in order (comma-separated) [default: status,due,in,priority,ref,title]
    #[arg(long, value_enum, value_name = "COLUMNS", value_delimiter = ',')]
    pub columns: Vec<crate::render::listing::ItemColumn>,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub filters: Filters,
    /// Only items due within this duration from today (e.g. 14d), overdue included
    #[arg(long, value_name = "DURATION")]
    pub within: Option<String>,
    #[command(flatten)]
    pub layout: Layout,
    /// The output: a table for people, or JSON for programs
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
    #[command(flatten)]
    pub layout: Layout,
    /// The output: a table for people, or JSON for programs
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
    #[command(flatten)]
    pub layout: Layout,
    /// The output: a table for people, or JSON for programs
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// `scenario/item`, a bare `item` when unambiguous, or a scenario id
    pub reference: String,
    /// Never cut or wrap a value to fit the terminal
    #[arg(long)]
    pub wide: bool,
    /// The output: a table for people, or JSON for programs
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
    /// The item: `scenario/item`, or a bare `item` when unambiguous
    pub reference: String,
    /// The outcome, one of the item's `outcomes`
    #[arg(long)]
    pub outcome: String,
    /// The day it happened (default: today)
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// What happened, in a sentence (kept with the resolution)
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
    /// The item: `scenario/item`, or a bare `item` when unambiguous
    pub reference: String,
    /// Why it is reopened (kept in the log)
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct DropArgs {
    /// The item: `scenario/item`, or a bare `item` when unambiguous
    pub reference: String,
    /// Why it is no longer watched
    #[arg(long)]
    pub reason: String,
    /// The day it was dropped: YYYY-MM-DD, today, or +DURATION (default: today)
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct SnoozeArgs {
    /// The item: `scenario/item`, or a bare `item` when unambiguous
    pub reference: String,
    /// The new due day: YYYY-MM-DD, or +DURATION from today (e.g. +7d)
    #[arg(long, value_name = "DATE|+DURATION")]
    pub to: String,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// The item: `scenario/item`, or a bare `item` when unambiguous
    pub reference: String,
    /// The entry: what was checked or what changed
    pub text: String,
    /// The day of the entry: YYYY-MM-DD, today, or +DURATION (default: today)
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// The item: `scenario/item`, or a bare `item` when unambiguous
    pub reference: String,
    /// P (probability of yes) or OUTCOME=P (repeatable, summing to 1)
    #[arg(long = "p", value_name = "P|OUTCOME=P", required = true)]
    pub p: Vec<String>,
    /// The day of the forecast: YYYY-MM-DD, today, or +DURATION (default: today)
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// Who makes the forecast, written as its `by` (default: env WHATSNEXT_FORECASTER, else config `forecaster`, else none)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct ObserveArgs {
    /// The item: `scenario/item`, or a bare `item` when unambiguous
    pub reference: String,
    /// The signpost's text (or a unique part of it)
    pub signpost: String,
    /// The day it was observed: YYYY-MM-DD, today, or +DURATION (default: today)
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The scenario id (also the file name)
    pub id: String,
    /// The scenario title: one line naming the event
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
    /// The item id: kebab-case, unique in the scenario
    #[arg(long)]
    pub id: String,
    /// The item title: one line naming what to watch
    #[arg(long)]
    pub title: String,
    /// YYYY-MM-DD, or +DURATION from the scenario date / trigger
    #[arg(long, value_name = "DATE|+DURATION")]
    pub due: Option<String>,
    /// The possible outcomes (default yes/no; repeatable or comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub outcomes: Vec<String>,
    /// The question the item answers (e.g. "Will the summit produce a ceasefire?")
    #[arg(long)]
    pub question: Option<String>,
    /// A tag for the item (repeatable)
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// How much it matters (default: normal)
    #[arg(long, value_parser = ["low", "normal", "high", "critical"])]
    pub priority: Option<String>,
    /// What starts the item's clock: a day (YYYY-MM-DD), or another item's REF,
    /// optionally with the outcomes that count (`alaska-summit=no-deal,framework`);
    /// repeatable
    #[arg(long = "trigger", value_name = "DATE|REF[=OUTCOMES]")]
    pub triggers: Vec<String>,
    /// A first forecast, dated today or --today: P (probability of yes) or
    /// OUTCOME=P,... summing to 1 (by WHATSNEXT_FORECASTER or config `forecaster`, when set)
    #[arg(long, value_name = "P|OUTCOME=P,...")]
    pub forecast: Option<String>,
    /// The "due soon" window before the due day (e.g. 3d)
    #[arg(long, value_name = "DURATION")]
    pub lead: Option<String>,
    /// Days after the due day before it counts as overdue (e.g. 1d)
    #[arg(long, value_name = "DURATION")]
    pub grace: Option<String>,
    /// A standing watch: due again every period (e.g. 1m)
    #[arg(long, value_name = "DURATION")]
    pub every: Option<String>,
    /// The last day of an --every series
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// An early sign to look out for (repeatable)
    #[arg(long = "signpost", value_name = "TEXT")]
    pub signposts: Vec<String>,
    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DigestFormat {
    /// Markdown
    #[default]
    Md,
    /// A self-contained HTML page
    Html,
    /// Plain text wrapped to 80 columns
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
    /// Only items resolved on or before this day (YYYY-MM-DD, or back from today: -30d, -1m)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub until: Option<String>,
    /// Only items with this tag (repeatable: any of them)
    #[arg(long = "tag")]
    pub tag: Vec<String>,
    /// A line per forecaster (each one's latest forecast before the resolution day)
    #[arg(long)]
    pub by: bool,
    /// Only this forecaster's forecasts, on the items they forecast ("" for the unattributed ones)
    #[arg(long, value_name = "NAME")]
    pub forecaster: Option<String>,
    /// A line per month of resolution
    #[arg(long)]
    pub by_month: bool,
    /// The output: a table for people, JSON for programs, the calibration chart as SVG, or an HTML page
    #[arg(long, value_enum, default_value_t = ScoreFormat::Table)]
    pub format: ScoreFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    /// Tables for people, with the calibration as text bars
    Table,
    /// JSON for programs (fields as documented in the README)
    Json,
    /// The calibration chart (a reliability diagram) as a standalone SVG
    Svg,
    /// A self-contained HTML page: the tables and the chart
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The whole corpus as JSON
    Json,
    /// An iCalendar (RFC 5545) feed of the dated items
    Ics,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// json: the whole corpus; ics: an iCalendar feed of the dated items
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    #[command(flatten)]
    pub filters: Filters,
    /// With --format ics: each dated item as a to-do (VTODO) or as an all-day event
    /// (VEVENT, for calendars that ignore to-dos, such as Google Calendar)
    #[arg(long = "as", value_enum, value_name = "KIND", default_value_t = IcsKind::Todos)]
    pub kind: IcsKind,
    /// Write to FILE instead of standard output
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IcsKind {
    /// VTODO: a to-do due on the item's due day
    Todos,
    /// VEVENT: an all-day event on the item's due day
    Events,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create the project (default: the current folder)
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Create an empty scenarios folder, without the example scenario
    #[arg(long)]
    pub empty: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The briefing (Markdown), or `-` to read it from standard input
    pub briefing: PathBuf,
    /// The scenario id (default: the briefing's file name, else its date and title)
    #[arg(long)]
    pub id: Option<String>,
    /// Print the draft scenario and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Write to FILE instead of the scenarios folder (`-`: print the draft)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub filters: Filters,
    /// Show each change as a unified diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct EditItemArgs {
    /// `scenario/item`, or a bare `item` when unambiguous
    pub reference: String,
}
