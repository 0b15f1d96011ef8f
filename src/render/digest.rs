//! The weekly digest (SPEC §4): what happened in one ISO week and what is coming,
//! as of A = the earlier of the week's Sunday and today.
//!
//! Pure: the corpus, the week and today in, the sections out; [`context`] makes
//! the template context of them and renders it. Everything is evaluated as of A,
//! so a digest of a past week shows what was known then: a resolution recorded
//! with a later date is not there yet.
//!
//! Each live item appears in at most one of `overdue`, `due` and `coming_up`
//! (overdue wins); `resolved`, `fired` and `dropped` are the week's events and may
//! repeat an item (one that fired and was resolved in the same week is in both).
//! Every section is sorted most urgent first and keeps all its items, so that
//! its count is whole; the template sees only the first `limit` of them.

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use super::week::IsoWeek;
use crate::model::Index;
use crate::model::{Corpus, ItemKey, Trigger};
use crate::score;
use crate::status::{self, Defaults, State, Statuses};
use crate::value::Duration;

mod context;
pub use context::{OutcomeP, ScoredForecast, SourceView};

/// What the digest is for.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub week: IsoWeek,
    pub today: NaiveDate,
    pub defaults: Defaults,
    /// How far past the week `coming_up` looks.
    pub coming_up: Duration,
    /// Entries listed per section at most; `None` lists them all.
    pub limit: Option<usize>,
    /// Items listed in the to-date scorecard's lists at most, `--all` or not:
    /// they are every resolution ever, not the week's news (`score` lists them).
    pub history: usize,
}

/// The sections of a digest, in the order the templates show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Overdue,
    Due,
    Resolved,
    Fired,
    Dropped,
    ComingUp,
    Pending,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Overdue,
        Section::Due,
        Section::Resolved,
        Section::Fired,
        Section::Dropped,
        Section::ComingUp,
        Section::Pending,
    ];

    /// Its name in the template context: `sections.NAME`, `counts.NAME`.
    pub fn name(self) -> &'static str {
        match self {
            Section::Overdue => "overdue",
            Section::Due => "due",
            Section::Resolved => "resolved",
            Section::Fired => "fired",
            Section::Dropped => "dropped",
            Section::ComingUp => "coming_up",
            Section::Pending => "pending",
        }
    }
}

/// A digest: what each section lists, most urgent first. The template context
/// ([`Digest::context`]) is made from it on demand, and holds only the entries
/// shown.
pub struct Digest<'a> {
    corpus: &'a Corpus,
    index: &'a Index,
    /// Every item's status as of `as_of`.
    statuses: Statuses,
    pub week: IsoWeek,
    /// Monday and Sunday of the week.
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The day everything is evaluated as of: the earlier of `end` and `today`.
    pub as_of: NaiveDate,
    pub today: NaiveDate,
    /// "past" (the week is over), "current" (today is in it) or "future".
    pub phase: &'static str,
    pub coming_up: Window,
    pub sections: Sections,
    pub counts: Counts,
    /// Entries shown per section at most; `None`: all.
    pub limit: Option<usize>,
    /// Items listed in the to-date scorecard's lists at most.
    pub history: usize,
}

/// The days after the week that `coming_up` covers.
#[derive(Debug, Clone, Serialize)]
pub struct Window {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The configured length, like "14d".
    pub length: String,
}

/// The items of each section, most urgent first: higher priority first, then
/// by the section's own order below, then by ref.
#[derive(Debug, Clone, Default)]
pub struct Sections {
    /// Overdue as of A, longest overdue first.
    pub overdue: Vec<ItemKey>,
    /// Due in the week (or earlier, within their grace) and still open as of A,
    /// not overdue; soonest first.
    pub due: Vec<ItemKey>,
    /// Resolved in the week, in the order it happened.
    pub resolved: Vec<ItemKey>,
    /// Fired by a trigger in the week.
    pub fired: Vec<ItemKey>,
    /// Dropped, or become moot, in the week.
    pub dropped: Vec<Closed>,
    /// Due in the window after the week, soonest first.
    pub coming_up: Vec<ItemKey>,
    /// Waiting for a trigger as of A.
    pub pending: Vec<ItemKey>,
}

impl Sections {
    /// `self` followed by `other`, section by section.
    fn append(mut self, mut other: Sections) -> Sections {
        self.overdue.append(&mut other.overdue);
        self.due.append(&mut other.due);
        self.resolved.append(&mut other.resolved);
        self.fired.append(&mut other.fired);
        self.dropped.append(&mut other.dropped);
        self.coming_up.append(&mut other.coming_up);
        self.pending.append(&mut other.pending);
        self
    }

    /// How many entries `section` has.
    pub fn len(&self, section: Section) -> usize {
        match section {
            Section::Overdue => self.overdue.len(),
            Section::Due => self.due.len(),
            Section::Resolved => self.resolved.len(),
            Section::Fired => self.fired.len(),
            Section::Dropped => self.dropped.len(),
            Section::ComingUp => self.coming_up.len(),
            Section::Pending => self.pending.len(),
        }
    }

    /// The item of entry `i` of `section`.
    pub fn key(&self, section: Section, i: usize) -> ItemKey {
        match section {
            Section::Overdue => self.overdue[i],
            Section::Due => self.due[i],
            Section::Resolved => self.resolved[i],
            Section::Fired => self.fired[i],
            Section::Dropped => self.dropped[i].key,
            Section::ComingUp => self.coming_up[i],
            Section::Pending => self.pending[i],
        }
    }
}

/// An item dropped, or become moot, in the week.
#[derive(Debug, Clone)]
pub struct Closed {
    pub key: ItemKey,
    /// "dropped" or "moot".
    pub how: &'static str,
    pub on: NaiveDate,
    /// The drop's reason, or why the item can no longer fire.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub overdue: usize,
    pub due: usize,
    pub resolved: usize,
    pub fired: usize,
    pub dropped: usize,
    pub coming_up: usize,
    pub pending: usize,
    /// Every watch-item in the corpus, and every scenario.
    pub items: usize,
    pub scenarios: usize,
}

/// Builds the digest of `options.week`.
pub fn build<'a>(corpus: &'a Corpus, index: &'a Index, options: &Options) -> Digest<'a> {
    let week = options.week;
    let (start, end) = (week.monday(), week.sunday());
    let as_of = end.min(options.today);
    let statuses = status::evaluate(corpus, index, as_of, options.defaults);
    let window = Window {
        start: end.succ_opt().unwrap_or(end),
        end: options.coming_up.add_to(end),
        length: options.coming_up.to_string(),
    };
    let in_week = |d: Option<NaiveDate>| d.is_some_and(|d| start <= d && d <= as_of);

    // Items are placed on every core; each section is sorted below by a key that
    // ends with the item's unique ref, so the digest does not depend on the split.
    let place = |mut sections: Sections, key: ItemKey| -> Sections {
        let item = corpus.item(key);
        let st = statuses.get(key);
        let due_in = |a: NaiveDate, b: NaiveDate| st.due.is_some_and(|d| a <= d && d <= b);
        match st.state {
            State::Overdue => sections.overdue.push(key),
            // Due in the week, or before it and past, still within its grace.
            State::Due | State::Upcoming
                if due_in(start, end) || due_in(NaiveDate::MIN, start.min(as_of)) =>
            {
                sections.due.push(key)
            }
            State::Due | State::Upcoming if due_in(window.start, window.end) => {
                sections.coming_up.push(key)
            }
            State::Pending => sections.pending.push(key),
            _ => {}
        }
        if item
            .resolution
            .as_ref()
            .is_some_and(|r| in_week(Some(r.on)))
        {
            sections.resolved.push(key);
        }
        if in_week(st.fired_on) {
            sections.fired.push(key);
        }
        let closed = match st.state {
            State::Dropped => item.dropped.as_ref().map(|d| ("dropped", d.on)),
            State::Moot => st.moot_on.map(|on| ("moot", on)),
            _ => None,
        };
        if let Some((how, on)) = closed.filter(|(_, on)| in_week(Some(*on))) {
            let reason = match how {
                "dropped" => item.dropped.as_ref().and_then(|d| d.reason.clone()),
                _ => moot_reason(corpus, index, &statuses, key),
            };
            sections.dropped.push(Closed {
                key,
                how,
                on,
                reason,
            });
        }
        sections
    };
    let mut sections = corpus
        .scenarios
        .par_iter()
        .enumerate()
        .flat_map_iter(|(scenario, s)| {
            (0..s.items.len()).map(move |item| ItemKey { scenario, item })
        })
        .fold(Sections::default, place)
        .reduce(Sections::default, Sections::append);

    // Each section sorted by a key gathered first (the item's fields are all
    // over memory), ending with its ref, compared in place as its scenario id,
    // `/` and item id.
    let ref_of = |k: ItemKey| {
        (
            corpus.scenario_of(k).id.as_str(),
            corpus.item(k).id.as_str(),
        )
    };
    let priority = |k: ItemKey| std::cmp::Reverse(corpus.item(k).priority);
    let resolved_on = |k: ItemKey| {
        corpus
            .item(k)
            .resolution
            .as_ref()
            .filter(|r| r.on <= as_of)
            .map(|r| r.on)
    };
    // Within a priority: the longest overdue, the soonest due, the earliest
    // event first.
    let due = |k: ItemKey| (priority(k), statuses.get(k).due);
    sort_by_key(&mut sections.overdue, due, ref_of);
    sort_by_key(&mut sections.due, due, ref_of);
    sort_by_key(&mut sections.coming_up, due, ref_of);
    sort_by_key(
        &mut sections.resolved,
        |k| (priority(k), resolved_on(k)),
        ref_of,
    );
    sort_by_key(
        &mut sections.fired,
        |k| (priority(k), statuses.get(k).fired_on),
        ref_of,
    );
    sort_by_key(&mut sections.pending, priority, ref_of);
    sections.dropped.sort_by(|a, b| {
        (priority(a.key), a.on)
            .cmp(&(priority(b.key), b.on))
            .then_with(|| score::cmp_refs(corpus, a.key, b.key))
    });

    let counts = Counts {
        overdue: sections.overdue.len(),
        due: sections.due.len(),
        resolved: sections.resolved.len(),
        fired: sections.fired.len(),
        dropped: sections.dropped.len(),
        coming_up: sections.coming_up.len(),
        pending: sections.pending.len(),
        items: corpus.item_count(),
        scenarios: corpus.scenarios.len(),
    };
    let phase = if options.today > end {
        "past"
    } else if options.today < start {
        "future"
    } else {
        "current"
    };
    Digest {
        corpus,
        index,
        statuses,
        week,
        start,
        end,
        as_of,
        today: options.today,
        phase,
        coming_up: window,
        sections,
        counts,
        limit: options.limit,
        history: options.history,
    }
}

impl Digest<'_> {
    /// Whether every section is empty (the scorecard is not a section).
    pub fn is_empty(&self) -> bool {
        Section::ALL.iter().all(|s| self.sections.len(*s) == 0)
    }
}

/// Sorts `keys` by `key` and then by ref (unique, so the order is total), on
/// every core.
fn sort_by_key<'c, K: Ord + Send>(
    keys: &mut [ItemKey],
    key: impl Fn(ItemKey) -> K + Sync,
    ref_of: impl Fn(ItemKey) -> (&'c str, &'c str) + Sync,
) {
    let mut sorted: Vec<(K, (&str, &str), ItemKey)> =
        keys.par_iter().map(|&k| (key(k), ref_of(k), k)).collect();
    sorted.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| score::cmp_ref_parts(a.1, b.1)));
    for (k, (_, _, item)) in keys.iter_mut().zip(sorted) {
        *k = item;
    }
}

/// Why a moot item can no longer fire: what became of each item it waited for.
fn moot_reason(
    corpus: &Corpus,
    index: &Index,
    statuses: &Statuses,
    key: ItemKey,
) -> Option<String> {
    let as_of = statuses.today;
    let reasons: Vec<String> = corpus
        .item(key)
        .triggers
        .iter()
        .filter_map(|t| {
            let Trigger::After {
                target, outcomes, ..
            } = t
            else {
                return None;
            };
            let tk = index.resolve(corpus, key.scenario, target)?;
            let r = corpus.item_ref(tk);
            let resolution = corpus
                .item(tk)
                .resolution
                .as_ref()
                .filter(|r| r.on <= as_of);
            Some(match (resolution, statuses.get(tk).state) {
                (Some(res), _) => match outcomes {
                    Some(os) => format!("{r} resolved {}, not {}", res.outcome, os.join(" or ")),
                    None => format!("{r} resolved {}", res.outcome),
                },
                (None, State::Dropped) => format!("{r} was dropped"),
                (None, State::Moot) => format!("{r} became moot"),
                (None, s) => format!("{r} is {}", s.as_str()),
            })
        })
        .collect();
    (!reasons.is_empty()).then(|| reasons.join("; "))
}
