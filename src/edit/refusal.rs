//! Why an edit was refused, writing nothing. Each refusal is its own variant, so
//! that a caller (the review loop, a test) can tell a closed item from a file
//! changed on disk without reading the message; the message is the variant's
//! `Display`, printed once at the edge (`lib.rs`).

use std::path::PathBuf;

use chrono::NaiveDate;

/// An edit refused; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// The REF, scenario or file names nothing (the message says what, with
    /// the closest names).
    #[error("{0}")]
    NotFound(String),
    /// The REF could name several items.
    #[error("\"{name}\" is ambiguous; it could be: {}", .candidates.join(", "))]
    Ambiguous {
        name: String,
        candidates: Vec<String>,
    },
    /// The item is resolved or dropped, which this edit needs it not to be.
    #[error("{}", closed_message(.reference, .closed, .edit))]
    Closed {
        reference: String,
        closed: Closed,
        edit: Edit,
    },
    /// `reopen` of an item that is neither resolved nor dropped.
    #[error("{reference} is neither resolved nor dropped: nothing to reopen")]
    NotClosed { reference: String },
    /// `snooze` to the day the item is already due.
    #[error("{reference} is already due on {on}")]
    AlreadyDue { reference: String, on: NaiveDate },
    /// `observe` of a signpost already observed.
    #[error("signpost \"{signpost}\" of {reference} was already observed on {on}")]
    AlreadyObserved {
        reference: String,
        signpost: String,
        on: NaiveDate,
    },
    /// No signpost, or several, match what was given.
    #[error("{0}")]
    Signpost(String),
    /// An outcome the item does not have, or probabilities that do not fit it.
    #[error("{0}")]
    Outcome(String),
    /// A day before the scenario's own date.
    #[error("{0}")]
    BeforeScenario(String),
    /// A date the file format cannot hold.
    #[error("the date {0} is out of range (years 0000–9999)")]
    OutOfRange(NaiveDate),
    /// What the edit would create exists already.
    #[error("{0}")]
    Exists(String),
    /// The edited file would not validate with the corpus (the problems are
    /// printed first).
    #[error("the edit would leave {} invalid (see above); nothing written", .0.display())]
    WouldBeInvalid(PathBuf),
    /// The file is not shaped the way the edit needs (not TOML, `watch` not an
    /// array of tables, …).
    #[error("{0}")]
    InvalidFile(String),
    /// The file could not be read as it was loaded.
    #[error("cannot read {}: {reason}; nothing written", .path.display())]
    Unreadable { path: PathBuf, reason: String },
    /// A file with several hard links: replacing it would break them.
    #[error("{} has {links} hard links: an edit would replace it with a new file and break them; nothing written", .path.display())]
    HardLinks { path: PathBuf, links: u64 },
    #[error("{} is read-only; nothing written (make it writable to edit it)", .path.display())]
    ReadOnly { path: PathBuf },
    /// Another program changed the file after it was read for the edit.
    #[error("{} changed on disk while it was being edited; nothing written (run the command again)", .path.display())]
    ChangedOnDisk { path: PathBuf },
    /// The lock could not be opened or taken.
    #[error("{0}")]
    Lock(String),
    /// Writing failed (the file is as it was).
    #[error("writing {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// How an item is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closed {
    Resolved { outcome: String, on: NaiveDate },
    Dropped { on: NaiveDate },
}

/// The edits that need an item open, each with its own wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Resolve,
    Drop,
    Snooze,
    /// A forecast made on this day (a resolved item takes earlier ones).
    Forecast(NaiveDate),
}

fn closed_message(r: &str, closed: &Closed, edit: &Edit) -> String {
    match (closed, edit) {
        (Closed::Resolved { outcome, on }, Edit::Resolve) => {
            format!("{r} is already resolved ({outcome} on {on}); run `whatsnext reopen {r}` first")
        }
        (Closed::Resolved { outcome, on }, Edit::Drop) => {
            format!("{r} is resolved ({outcome} on {on}); run `whatsnext reopen {r}` first")
        }
        (Closed::Resolved { outcome, on }, Edit::Snooze) => {
            format!("{r} is resolved ({outcome} on {on}): nothing to snooze")
        }
        (Closed::Resolved { on, .. }, Edit::Forecast(made)) => format!(
            "{r} was resolved on {on}: a forecast made on {made} can no longer be scored (use --on for an earlier day)"
        ),
        (Closed::Dropped { on }, Edit::Drop) => format!(
            "{r} was already dropped on {on}; run `whatsnext reopen {r}` first to drop it again"
        ),
        (Closed::Dropped { on }, Edit::Snooze) => {
            format!("{r} was dropped on {on}: nothing to snooze")
        }
        (Closed::Dropped { on }, Edit::Resolve | Edit::Forecast(_)) => {
            format!("{r} was dropped on {on}; run `whatsnext reopen {r}` first")
        }
    }
}
