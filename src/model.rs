//! The data model of a scenario file (SPEC §1.1), as checked values.
//!
//! Values here are already converted (dates are calendar days, durations parsed);
//! `Span`s are byte ranges into the file's text, kept where a later check
//! (cross-item, cross-file) must point back at the source.

mod index;
pub use index::Index;

use std::ops::Range;

use chrono::NaiveDate;

use crate::value::{Duration, Reference};

pub type Span = Range<usize>;

/// Every scenario of the corpus plus the files they came from.
#[derive(Debug, Default)]
pub struct Corpus {
    pub files: Vec<SourceFile>,
    pub scenarios: Vec<Scenario>,
}

/// One scenario file as read from disk, for diagnostics and edits.
///
/// The text of a file that loaded without a problem is not kept: 100,000 items
/// are ≈ 47 MB of TOML that most commands never look at again. [`SourceFile::text`]
/// reads it again when a later check or an edit needs it, and refuses when the
/// file has changed since it was loaded (its model would no longer match).
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to the user (relative to where it was found).
    pub path: std::path::PathBuf,
    /// The text as loaded, when it is kept.
    pub kept: Option<String>,
    /// What the file looked like when it was read; `None` when it could not be.
    pub stamp: Option<Stamp>,
}

/// What a file looked like when it was read: its length and modification time
/// and, on Unix, its device, inode and status change time, which every write
/// or replacement changes (a copy that keeps the modification time does not
/// keep those). A change to any of them means the text is not what was loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    pub identity: (u64, u64, i64, i64),
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            identity: (meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec()),
        }
    }
}

impl Corpus {
    /// Whether the file at `path` is as it was loaded: the same stamp, or still
    /// missing when the corpus has no such file.
    pub fn unchanged(&self, path: &std::path::Path) -> bool {
        match self.files.iter().find(|f| f.path == path) {
            Some(file) => std::fs::metadata(path).is_ok_and(|m| file.stamp == Some(Stamp::of(&m))),
            None => path.symlink_metadata().is_err(),
        }
    }
}

impl SourceFile {
    /// A file whose text is kept in memory.
    pub fn kept(path: impl Into<std::path::PathBuf>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            kept: Some(text.into()),
            stamp: None,
        }
    }

    /// The file's text: the kept one, or the file read again when it has not
    /// changed since it was loaded.
    pub fn text(&self) -> std::io::Result<std::borrow::Cow<'_, str>> {
        use std::io::{Error, Read};
        if let Some(text) = &self.kept {
            return Ok(std::borrow::Cow::Borrowed(text));
        }
        let changed =
            || Error::other("the file changed after it was loaded; run the command again");
        let Some(stamp) = self.stamp else {
            return Err(Error::other(
                "the file could not be read when it was loaded",
            ));
        };
        let mut file = std::fs::File::open(&self.path)?;
        if Stamp::of(&file.metadata()?) != stamp {
            return Err(changed());
        }
        let mut text = String::with_capacity(usize::try_from(stamp.len).unwrap_or(0));
        file.read_to_string(&mut text)?;
        // Checked again after reading: a write while it was read changes the stamp.
        if text.len() as u64 != stamp.len || Stamp::of(&file.metadata()?) != stamp {
            return Err(changed());
        }
        Ok(std::borrow::Cow::Owned(text))
    }
}

#[derive(Debug, Clone)]
pub struct Scenario {
    /// Index into [`Corpus::files`].
    pub file: usize,
    pub id: String,
    /// Where the id was written, or the start of the file when it defaults to the stem.
    pub id_span: Span,
    pub title: String,
    pub date: NaiveDate,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub actors: Vec<String>,
    pub regions: Vec<String>,
    pub sources: Vec<Source>,
    pub brief: Brief,
    pub items: Vec<WatchItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Source {
    pub title: Option<String>,
    pub url: Option<String>,
}

impl Source {
    /// "Title <url>", or whichever of the two is given.
    pub fn text(&self) -> String {
        match (&self.title, &self.url) {
            (Some(t), Some(u)) => format!("{t} <{u}>"),
            (Some(t), None) => t.clone(),
            (None, Some(u)) => u.clone(),
            (None, None) => String::new(),
        }
    }
}

/// The 5W1H of the briefing, free text each.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Brief {
    pub who: Option<String>,
    pub what: Option<String>,
    pub when: Option<String>,
    #[serde(rename = "where")]
    pub where_: Option<String>,
    pub why: Option<String>,
    pub how: Option<String>,
    pub impact: Option<String>,
}

impl Brief {
    pub const KEYS: [&'static str; 7] = ["who", "what", "when", "where", "why", "how", "impact"];

    pub fn field_mut(&mut self, key: &str) -> Option<&mut Option<String>> {
        Some(match key {
            "who" => &mut self.who,
            "what" => &mut self.what,
            "when" => &mut self.when,
            "where" => &mut self.where_,
            "why" => &mut self.why,
            "how" => &mut self.how,
            "impact" => &mut self.impact,
            _ => return None,
        })
    }

    /// The filled sections in their canonical order, as (key, text).
    pub fn entries(&self) -> Vec<(&'static str, &str)> {
        let fields = [
            &self.who,
            &self.what,
            &self.when,
            &self.where_,
            &self.why,
            &self.how,
            &self.impact,
        ];
        Self::KEYS
            .iter()
            .zip(fields)
            .filter_map(|(k, v)| v.as_deref().map(|v| (*k, v)))
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct WatchItem {
    pub id: String,
    pub id_span: Span,
    /// The whole `[[watch]]` table, for edits and diagnostics.
    pub span: Span,
    pub title: String,
    pub question: Option<String>,
    /// What counts as each outcome (free text), shown beside the question.
    pub criteria: Option<String>,
    pub due: Option<Due>,
    pub lead: Option<Duration>,
    pub grace: Option<Duration>,
    /// The outcomes the file lists (see [`WatchItem::outcomes`]); empty when it
    /// lists none, so that most items need no list of their own.
    pub written_outcomes: Vec<String>,
    pub outcomes_given: bool,
    pub forecasts: Vec<Forecast>,
    pub signposts: Vec<Signpost>,
    pub tags: Vec<String>,
    pub priority: Priority,
    pub triggers: Vec<Trigger>,
    pub every: Option<Duration>,
    pub until: Option<NaiveDate>,
    /// Boxed, as most items have neither: it keeps every item ≈ 120 bytes smaller.
    pub resolution: Option<Box<Resolution>>,
    pub dropped: Option<Box<Dropped>>,
    pub log: Vec<LogEntry>,
}

impl WatchItem {
    /// The latest forecast dated before `limit` (or on it, when `inclusive`); of
    /// two on the same day, the later in the list.
    pub fn latest_forecast(&self, limit: NaiveDate, inclusive: bool) -> Option<&Forecast> {
        self.forecasts
            .iter()
            .filter(|f| f.on < limit || (inclusive && f.on == limit))
            .fold(None, |best: Option<&Forecast>, f| match best {
                Some(b) if b.on > f.on => Some(b),
                _ => Some(f),
            })
    }

    /// The possible outcomes; `["yes", "no"]` unless the file says otherwise.
    pub fn outcomes(&self) -> &[String] {
        if self.outcomes_given {
            &self.written_outcomes
        } else {
            yes_no()
        }
    }

    /// Whether the item's outcomes are the default yes/no pair.
    pub fn is_binary(&self) -> bool {
        let outcomes = self.outcomes();
        outcomes.len() == 2 && outcomes[0] == "yes" && outcomes[1] == "no"
    }
}

/// The outcomes of an item that lists none.
pub fn yes_no() -> &'static [String] {
    static YES_NO: std::sync::LazyLock<[String; 2]> =
        std::sync::LazyLock::new(|| ["yes".to_string(), "no".to_string()]);
    YES_NO.as_slice()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Date(NaiveDate),
    /// `"+30d"`: from the day the trigger fired, or the scenario date.
    Relative(Duration),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
    Critical,
}

impl Priority {
    pub const NAMES: [&'static str; 4] = ["low", "normal", "high", "critical"];

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "low" => Priority::Low,
            "normal" => Priority::Normal,
            "high" => Priority::High,
            "critical" => Priority::Critical,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

#[derive(Debug, Clone)]
pub struct Forecast {
    pub on: NaiveDate,
    pub p: Probability,
    /// Who made it (`by`); `None`: unattributed.
    pub by: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Probability {
    /// The probability of `yes` on a yes/no item.
    Yes(f64),
    /// Outcome → probability: each outcome as its index in the item's outcomes
    /// (the names are the item's; a corpus holds many forecasts of a few names).
    Table(Box<[(u32, f64)]>),
}

impl Probability {
    /// The probability this forecast of an item with `outcomes` gives
    /// `outcome`; an outcome left out of a table gets 0.
    pub fn of(&self, outcomes: &[String], outcome: &str) -> f64 {
        match self {
            Probability::Yes(p) => match outcome {
                "yes" => *p,
                "no" => 1.0 - *p,
                _ => 0.0,
            },
            Probability::Table(_) => self
                .entries(outcomes)
                .find(|(o, _)| *o == outcome)
                .map_or(0.0, |(_, p)| p),
        }
    }

    /// A table's outcomes, named from the item's `outcomes`, with their
    /// probabilities; nothing for a yes/no forecast.
    pub fn entries<'a>(&'a self, outcomes: &'a [String]) -> impl Iterator<Item = (&'a str, f64)> {
        let table: &[(u32, f64)] = match self {
            Probability::Table(t) => t,
            Probability::Yes(_) => &[],
        };
        table
            .iter()
            .filter_map(|&(i, p)| Some((outcomes.get(i as usize)?.as_str(), p)))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signpost {
    pub text: String,
    pub observed: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub enum Trigger {
    On {
        date: NaiveDate,
    },
    After {
        target: Reference,
        /// Only these outcomes fire the trigger; `None` means any outcome.
        outcomes: Option<Vec<String>>,
        /// Where each of `outcomes` is written (empty for none).
        outcome_spans: Vec<Span>,
        /// The `after` value.
        span: Span,
    },
}

#[derive(Debug, Clone)]
pub struct Resolution {
    pub on: NaiveDate,
    /// Where the day is written, for the warnings about it.
    pub on_span: Span,
    pub outcome: String,
    pub outcome_span: Span,
    pub note: Option<String>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone)]
pub struct Dropped {
    pub on: NaiveDate,
    pub reason: Option<String>,
}

#[derive(Debug, Clone)]
pub struct LogEntry {
    pub on: NaiveDate,
    pub note: String,
    /// Whether the entry counts as a check of an `every` series' current
    /// occurrence (`check = false` in the file: a record of an edit only).
    pub check: bool,
}

/// A watch-item's place in the corpus: indices into `scenarios` and its `items`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemKey {
    pub scenario: usize,
    pub item: usize,
}

impl Corpus {
    pub fn item(&self, key: ItemKey) -> &WatchItem {
        &self.scenarios[key.scenario].items[key.item]
    }

    pub fn scenario_of(&self, key: ItemKey) -> &Scenario {
        &self.scenarios[key.scenario]
    }

    /// `scenario-id/item-id`
    pub fn item_ref(&self, key: ItemKey) -> String {
        format!("{}/{}", self.scenarios[key.scenario].id, self.item(key).id)
    }

    pub fn keys(&self) -> impl Iterator<Item = ItemKey> + '_ {
        self.scenarios.iter().enumerate().flat_map(|(s, sc)| {
            (0..sc.items.len()).map(move |i| ItemKey {
                scenario: s,
                item: i,
            })
        })
    }

    /// The text of the file at `path` (a linear search: for one-off look-ups);
    /// `None` when it is not a file of the corpus or cannot be read as loaded.
    pub fn text_of(&self, path: &std::path::Path) -> Option<std::borrow::Cow<'_, str>> {
        self.files.iter().find(|f| f.path == path)?.text().ok()
    }

    /// The texts of the files at `paths`, each file looked up and read once: for
    /// rendering diagnostics. A path that is not a file of the corpus, or whose
    /// file cannot be read as it was loaded, maps to `None`.
    pub fn texts_of<'p>(
        &self,
        paths: impl IntoIterator<Item = &'p std::path::Path>,
    ) -> std::collections::HashMap<&'p std::path::Path, Option<std::borrow::Cow<'_, str>>> {
        let mut texts = std::collections::HashMap::new();
        let mut files: Option<std::collections::HashMap<&std::path::Path, &SourceFile>> = None;
        for path in paths {
            if texts.contains_key(path) {
                continue;
            }
            let files = files
                .get_or_insert_with(|| self.files.iter().map(|f| (f.path.as_path(), f)).collect());
            let text = files.get(path).and_then(|f| f.text().ok());
            texts.insert(path, text);
        }
        texts
    }

    /// Where each scenario's items start when every item of the corpus is
    /// numbered in corpus order, and how many items there are: for tables
    /// indexed by an item's position rather than hashed by its key.
    pub fn item_starts(&self) -> (Vec<usize>, usize) {
        let mut starts = Vec::with_capacity(self.scenarios.len());
        let mut total = 0;
        for s in &self.scenarios {
            starts.push(total);
            total += s.items.len();
        }
        (starts, total)
    }

    pub fn item_count(&self) -> usize {
        self.scenarios.iter().map(|s| s.items.len()).sum()
    }
}
