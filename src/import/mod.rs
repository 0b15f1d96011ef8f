//! Turns a Markdown briefing into a draft scenario file.
//!
//! A briefing is an optional title heading, a lead, and labelled sections (`**Who:**`
//! bold labels or `## Who` headings): who, what, when, where, why, how, impact and
//! "What's Next" (also "Outlook", "Looking ahead", "What to watch"). The draft keeps the
//! lead as `summary`, the labelled sections as `[brief]`, and turns What's Next into
//! `[[watch]]` items: one per bullet or numbered item, or one per sentence of prose.
//!
//! The parts, in the order the data flows: [`briefing`] reads the Markdown (with
//! pulldown-cmark) into plain prose mapped back to the briefing's bytes; [`sentences`]
//! splits it and finds its words; [`dates`] and [`relative`] find the dates a reader
//! would give; [`scenario`] gives the briefing's date, title and id; [`draft`] decides
//! each item's title, id and due day (with [`crossref`] for a date given elsewhere);
//! [`toml_out`] writes the draft with a comment above every guess.
//!
//! Invariants: pure (text in, a [`Draft`] out; no I/O, no clock — "today" comes in
//! through [`Options`]); every span is a byte range of the briefing exactly as given
//! (BOM, CRLF and all); no item is due on or before the briefing's date.

mod briefing;
mod crossref;
mod dates;
mod draft;
mod relative;
mod scenario;
mod sentences;
mod toml_out;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_dates;
#[cfg(test)]
mod tests_props;

use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;

pub use draft::draft;

/// How an import is run.
#[derive(Clone, Debug)]
pub struct Options<'a> {
    /// How the briefing is named in the draft's comments (its file name).
    pub source_name: &'a str,
    /// The briefing's file stem, if it has one: a default id and a date of last resort.
    pub stem: Option<&'a str>,
    /// The scenario id to use instead of the default.
    pub id: Option<&'a str>,
    /// Today: the year of dates written without one when nothing else gives it, and
    /// the date when the briefing gives none at all.
    pub today: NaiveDate,
}

/// Something in the briefing worth a look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// What the warning is about: byte offsets into the briefing.
    pub span: Range<usize>,
    pub message: String,
}

/// Why a briefing cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// No What's Next label or heading anywhere.
    NoWhatsNext,
    /// What's Next is there but has no text; `label` is where its label is.
    EmptyWhatsNext { label: Range<usize> },
    /// `--id` is not a usable scenario id.
    BadId(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::NoWhatsNext => f.write_str(
                "no What's Next section: expected a `**What's Next:**` label or a `## What's Next` heading (or Outlook, Looking ahead, What to watch)",
            ),
            ImportError::EmptyWhatsNext { .. } => {
                f.write_str("the What's Next section is empty: there is nothing to watch")
            }
            ImportError::BadId(id) => write!(
                f,
                "`{id}` cannot name a scenario file: use letters, digits and dashes (e.g. `putin-kim-call`), no `/`"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// A watch-item drafted from one follow-up of What's Next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftItem {
    pub id: String,
    pub title: String,
    /// Where the title came from, when it is not the sentence as written.
    pub title_note: Option<String>,
    /// Always after the briefing's date.
    pub due: Option<NaiveDate>,
    /// Why `due` is what it is (or why there is none).
    pub due_note: Option<String>,
    /// A standing watch: the period, as a scenario duration ("6m").
    pub every: Option<String>,
    pub every_note: Option<String>,
    /// Where the follow-up is in the briefing.
    pub span: Range<usize>,
}

/// A source link found in the briefing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLink {
    pub title: Option<String>,
    pub url: String,
}

/// Everything the importer took from a briefing, ready to render as TOML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub id: String,
    pub title: String,
    pub title_note: Option<String>,
    pub date: NaiveDate,
    pub date_note: String,
    pub summary: Option<String>,
    /// `[brief]` keys in the order who, what, when, where, why, how, impact.
    pub brief: Vec<(&'static str, String)>,
    pub sources: Vec<SourceLink>,
    pub items: Vec<DraftItem>,
    /// Labels of sections that were not imported ("Background").
    pub skipped: Vec<String>,
    pub warnings: Vec<Warning>,
    source_name: String,
}
