//! The weekly digest (SPEC §4) as the templates see it: what happened in one ISO
//! week and what is coming, as of A = the earlier of the week's Sunday and today.
//!
//! Pure: the corpus, the week and today in, the template context out. Everything
//! is evaluated as of A, so a digest of a past week shows what was known then: a
//! resolution recorded with a later date is not there yet.
//!
//! Each live item appears in at most one of `overdue`, `due` and `coming_up`
//! (overdue wins); `resolved`, `fired` and `dropped` are the week's events and may
//! repeat an item (one that fired and was resolved in the same week is in both).

use std::ops::Range;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use tera::value::Key;
use tera::{Context, Map, Value};

use super::templates::{TemplateError, Templates};
use super::week::IsoWeek;
use crate::model::{Corpus, ItemKey, Probability, Source, Trigger};
use crate::score::{self, Filter, Scorecard};
use crate::status::{self, Defaults, State, Statuses};
use crate::validate::Index;
use crate::value::Duration;
use crate::view::{self, ItemView, TriggerView};

mod native;

/// What the digest is for.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub week: IsoWeek,
    pub today: NaiveDate,
    pub defaults: Defaults,
    /// How far past the week `coming_up` looks.
    pub coming_up: Duration,
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

    /// The template block of the built-in templates that lists its entries.
    pub fn list_block(self) -> &'static str {
        match self {
            Section::Overdue => "overdue_list",
            Section::Due => "due_list",
            Section::Resolved => "resolved_list",
            Section::Fired => "fired_list",
            Section::Dropped => "dropped_list",
            Section::ComingUp => "coming_up_list",
            Section::Pending => "pending_list",
        }
    }

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

/// A digest: what each section lists, in order, and how to show it. The
/// template context ([`Digest::context`]) is made from it on demand, one
/// entry at a time if need be, so that a large digest never holds every
/// entry's template value at once.
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
}

/// The days after the week that `coming_up` covers.
#[derive(Debug, Clone, Serialize)]
pub struct Window {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The configured length, like "14d".
    pub length: String,
}

/// The items of each section, in the order shown.
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
    fn key(&self, section: Section, i: usize) -> ItemKey {
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

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeP {
    pub outcome: String,
    pub p: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoredForecast {
    pub on: NaiveDate,
    pub probabilities: Vec<OutcomeP>,
    /// The probability it gave the outcome that happened.
    pub p_outcome: f64,
    /// Its Brier score (0 is perfect) and log score (0 is perfect; at worst ln 0.001).
    pub brier: f64,
    pub log_score: f64,
}

/// A source as a label to print and, for web and mail addresses only, a link.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub title: Option<String>,
    pub url: Option<String>,
    /// The title, else the address.
    pub label: String,
    /// The address when it is `http:`, `https:` or `mailto:`; null otherwise, so
    /// that a `javascript:` address never becomes a link.
    pub href: Option<String>,
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

/// Any serializable value as a template value.
fn value<T: Serialize + ?Sized>(x: &T) -> Result<Value, tera::Error> {
    Value::try_from_serializable(x)
}

/// A struct's template value as a map, to add fields to.
fn map_of<T: Serialize + ?Sized>(x: &T, extra: usize) -> Result<Map, tera::Error> {
    let mut map = value(x)?
        .into_map()
        .ok_or_else(|| tera::Error::message("a digest value is not a map"))?;
    map.reserve(extra);
    Ok(map)
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
    sort_by_key(
        &mut sections.overdue,
        |k| (statuses.get(k).due, priority(k)),
        ref_of,
    );
    sort_by_key(
        &mut sections.due,
        |k| (statuses.get(k).due, priority(k)),
        ref_of,
    );
    sort_by_key(
        &mut sections.coming_up,
        |k| (statuses.get(k).due, priority(k)),
        ref_of,
    );
    sort_by_key(&mut sections.resolved, resolved_on, ref_of);
    sort_by_key(&mut sections.fired, |k| statuses.get(k).fired_on, ref_of);
    sort_by_key(&mut sections.pending, priority, ref_of);
    sections.dropped.sort_by(|a, b| {
        a.on.cmp(&b.on)
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

impl Digest<'_> {
    /// Whether every section is empty (the scorecard is not a section).
    pub fn is_empty(&self) -> bool {
        Section::ALL.iter().all(|s| self.sections.len(*s) == 0)
    }

    /// The template context: every variable of the README's "Template context".
    /// The sections' entries are converted on every core.
    pub fn context(&self) -> Result<Context, tera::Error> {
        let mut context = self.globals()?;
        let mut sections = Map::with_capacity(Section::ALL.len());
        for section in Section::ALL {
            sections.insert(
                Key::Str(section.name()),
                self.entries(section, 0..self.sections.len(section))?,
            );
        }
        context.insert_value("sections", Value::from(sections));
        context.insert_value("scorecard", self.scorecard(true)?);
        Ok(context)
    }

    /// Every variable but `sections` and `scorecard`.
    pub fn globals(&self) -> Result<Context, tera::Error> {
        let mut context = Context::new();
        context.insert_value("week", Value::from(self.week.to_string()));
        context.insert_value("year", Value::from(self.week.year()));
        context.insert_value("number", Value::from(self.week.number()));
        context.insert_value("start", value(&self.start)?);
        context.insert_value("end", value(&self.end)?);
        context.insert_value("dates", Value::from(self.week.dates()));
        context.insert_value("as_of", value(&self.as_of)?);
        context.insert_value("today", value(&self.today)?);
        context.insert_value("phase", Value::from(self.phase));
        context.insert_value("coming_up", value(&self.coming_up)?);
        context.insert_value("counts", value(&self.counts)?);
        context.insert_value("empty", Value::from(self.is_empty()));
        Ok(context)
    }

    /// The entries `range` of `section` as a list, converted on every core.
    pub fn entries(&self, section: Section, range: Range<usize>) -> Result<Value, tera::Error> {
        let values: Vec<Value> = range
            .into_par_iter()
            .map(|i| self.entry(section, i))
            .collect::<Result<_, _>>()?;
        Ok(Value::from(values))
    }

    /// Renders the digest with template `name`.
    ///
    /// A user's template gets the whole context at once. A built-in one is
    /// rendered in parts on every core, so that a digest of tens of thousands
    /// of entries takes a fraction of the time: its skeleton (the template with
    /// each section's list of entries replaced by a marker) by the engine, and
    /// the entries of each list in runs, written directly as the list block
    /// prints them ([`native`]); the runs then take the markers' places. The
    /// built-in templates show nothing of a section outside its own block and
    /// list block, and no entry's text depends on its neighbours, so the result
    /// is the same text as rendering the whole context at once (tests/cli/digest.rs
    /// checks this against a copy of each built-in rendered as a user template).
    /// The skeleton's scorecard leaves out the lists of scored items: the
    /// built-in templates do not show them.
    ///
    /// The text comes in pieces, to be written one after the other (a large
    /// digest's text is not copied into one string).
    pub fn render(
        &self,
        templates: &mut Templates,
        name: &str,
    ) -> Result<Vec<String>, TemplateError> {
        if !templates.is_builtin_only(name) {
            return self.render_whole(templates, name).map(|text| vec![text]);
        }
        let format = templates.format();
        let blocks: Vec<&str> = Section::ALL.iter().map(|s| s.list_block()).collect();
        let (skeleton, markers) = templates.add_skeleton(name, &blocks)?;
        let templates = &*templates;
        let err = |e: tera::Error| templates.tera_error(&e);
        let globals = self.globals().map_err(err)?;

        // Entries per run: enough to make a run's own work small, few enough to
        // share the work between the cores; in debug builds (the tests) two, so
        // that small test corpora have several.
        let run_len: usize = if cfg!(debug_assertions) { 2 } else { 256 };
        let runs: Vec<(Section, Range<usize>)> = Section::ALL
            .iter()
            .flat_map(|&section| {
                let len = self.sections.len(section);
                (0..len)
                    .step_by(run_len)
                    .map(move |i| (section, i..(i + run_len).min(len)))
            })
            .collect();
        let (frame, parts) = rayon::join(
            || -> Result<String, TemplateError> {
                let mut context = globals;
                let mut sections = Map::with_capacity(Section::ALL.len());
                for section in Section::ALL {
                    // One placeholder entry: the skeleton never lists entries.
                    let list = if self.sections.len(section) > 0 {
                        vec![Value::none()]
                    } else {
                        Vec::new()
                    };
                    sections.insert(Key::Str(section.name()), Value::from(list));
                }
                context.insert_value("sections", Value::from(sections));
                context.insert_value("scorecard", self.scorecard(false).map_err(err)?);
                templates.render_context(&skeleton, &context)
            },
            || {
                runs.par_iter()
                    .map(|(section, range)| native::run(self, format, *section, range.clone()))
                    .collect::<Option<Vec<String>>>()
            },
        );
        let frame = frame?;
        // A value the engine shows differently: the engine renders it all.
        let Some(parts) = parts else {
            return self.render_whole(templates, name).map(|text| vec![text]);
        };

        // Each listed section's marker once, the others' not at all; otherwise
        // (a tag of the scorecard can hold a marker's text) the whole context
        // is rendered at once.
        let mut places = Vec::new();
        for (section, marker) in Section::ALL.iter().zip(&markers) {
            let found: Vec<usize> = frame
                .match_indices(marker.as_str())
                .map(|(i, _)| i)
                .collect();
            let listed = self.sections.len(*section) > 0;
            match (found.as_slice(), listed) {
                ([at], true) => places.push((*at, marker.len(), *section)),
                ([], false) => {}
                _ => return self.render_whole(templates, name).map(|text| vec![text]),
            }
        }
        places.sort_by_key(|p| p.0);
        let mut pieces = Vec::with_capacity(parts.len() + places.len() + 1);
        let mut parts: Vec<Option<String>> = parts.into_iter().map(Some).collect();
        let mut from = 0;
        for (at, len, section) in places {
            pieces.push(frame[from..at].to_string());
            for ((s, _), part) in runs.iter().zip(&mut parts) {
                if *s == section {
                    pieces.extend(part.take());
                }
            }
            from = at + len;
        }
        pieces.push(frame[from..].to_string());
        Ok(pieces)
    }

    /// Renders template `name` with the whole context at once.
    fn render_whole(&self, templates: &Templates, name: &str) -> Result<String, TemplateError> {
        // A large digest's context holds hundreds of thousands of values; freeing
        // them one by one took about an eighth of its time, and the process exits
        // soon after rendering, so the context is left to the OS.
        let context =
            std::mem::ManuallyDrop::new(self.context().map_err(|e| templates.tera_error(&e))?);
        templates.render_context(name, &context)
    }

    /// The scorecard as the templates see it: the week's scores beside the
    /// running totals, or none while nothing is scored by A. `items: false`
    /// leaves out the scored and unscored items' lists (for templates known not
    /// to show them).
    pub fn scorecard(&self, items: bool) -> Result<Value, tera::Error> {
        let score = |filter: &Filter| {
            if items {
                score::score(self.corpus, self.as_of, filter)
            } else {
                score::totals(self.corpus, self.as_of, filter)
            }
        };
        // The two scorecards side by side, each on its own core.
        let (to_date, week) = rayon::join(
            || score(&Filter::default()),
            || score(&Filter::resolved_between(self.start, self.end)),
        );
        if to_date.scored == 0 {
            return Ok(Value::none());
        }
        let mut map = Map::with_capacity(2);
        map.insert(Key::Str("week"), scores(&week)?);
        map.insert(Key::Str("to_date"), scores(&to_date)?);
        Ok(Value::from(map))
    }

    /// Entry `i` of `section`: every field of the item's [`ItemView`] as of A,
    /// its latest forecast as a list, and what its section adds.
    fn entry(&self, section: Section, i: usize) -> Result<Value, tera::Error> {
        let key = self.sections.key(section, i);
        let (corpus, as_of) = (self.corpus, self.as_of);
        let item = corpus.item(key);
        let st = self.statuses.get(key);
        let view = ItemView::new(corpus, self.index, &self.statuses, key);
        let probabilities = view::latest_forecast(item, as_of)
            .map(|(_, p)| outcome_ps(p, item.outcomes()))
            .unwrap_or_default();
        let mut extra: Vec<(&'static str, Value)> = Vec::with_capacity(4);
        extra.push(("probabilities", value(&probabilities)?));
        match section {
            Section::Overdue => {
                let days_overdue = st.due.map_or(0, |d| (as_of - d).num_days());
                extra.push(("days_overdue", Value::from(days_overdue)));
            }
            Section::Due | Section::ComingUp => {}
            Section::Resolved => {
                let r = item.resolution.as_ref();
                let sources: Vec<SourceView> = r
                    .map(|r| r.sources.iter().map(source_view).collect())
                    .unwrap_or_default();
                let scored_forecast = r.and_then(|r| {
                    score::scored_forecast(item, r.on).map(|f| {
                        let s = score::score_forecast(item, &f.p, &r.outcome);
                        ScoredForecast {
                            on: f.on,
                            probabilities: outcome_ps(&f.p, item.outcomes()),
                            p_outcome: round(s.p_outcome),
                            brier: round(s.brier),
                            log_score: round(s.log_score),
                        }
                    })
                });
                extra.push(("sources", value(&sources)?));
                extra.push(("scored_forecast", value(&scored_forecast)?));
            }
            Section::Fired => {
                let fired_by: Vec<&TriggerView> = view
                    .triggers
                    .iter()
                    .filter(|t| t.fired_on == st.fired_on)
                    .collect();
                extra.push(("fired_by", value(&fired_by)?));
            }
            Section::Dropped => {
                let closed = &self.sections.dropped[i];
                extra.push(("how", Value::from(closed.how)));
                extra.push(("on", value(&closed.on)?));
                extra.push(("reason", value(&closed.reason)?));
            }
            Section::Pending => {
                let waiting_for: Vec<&TriggerView> =
                    view.triggers.iter().filter(|t| !t.fired).collect();
                extra.push(("waiting_for", value(&waiting_for)?));
            }
        }
        value(&flat::Fields {
            inner: &view,
            extra: &extra,
        })
    }
}

/// A scorecard's template value: the fields of [`Scorecard`] plus `tags`, its
/// `by_tag` as a list in tag order, each with a `tag` field.
fn scores(card: &Scorecard) -> Result<Value, tera::Error> {
    let mut map = map_of(card, 1)?;
    let tags = card
        .by_tag
        .iter()
        .map(|(tag, score)| {
            let mut t = map_of(score, 1)?;
            t.insert(Key::Str("tag"), Value::from(tag.as_str()));
            Ok(Value::from(t))
        })
        .collect::<Result<Vec<Value>, tera::Error>>()?;
    map.insert(Key::Str("tags"), Value::from(tags));
    Ok(Value::from(map))
}

/// Rounded to 9 decimals like the scorecard's JSON, so that a template printing
/// a raw score shows 0.09 rather than 0.09000000000000002.
fn round(x: f64) -> f64 {
    (x * 1e9).round() / 1e9 + 0.0
}

/// A forecast as one probability per outcome, in the item's order.
fn outcome_ps(p: &Probability, outcomes: &[String]) -> Vec<OutcomeP> {
    outcomes
        .iter()
        .map(|o| OutcomeP {
            outcome: o.clone(),
            p: round(p.of(o)),
        })
        .collect()
}

fn source_view(s: &Source) -> SourceView {
    let href = s.url.as_ref().filter(|u| {
        let lower = u.trim_start().to_ascii_lowercase();
        ["http://", "https://", "mailto:"]
            .iter()
            .any(|scheme| lower.starts_with(scheme))
    });
    SourceView {
        title: s.title.clone(),
        url: s.url.clone(),
        label: s
            .title
            .clone()
            .or_else(|| s.url.clone())
            .unwrap_or_default(),
        href: href.cloned(),
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

/// One struct's fields followed by more, serialized as a single struct: what
/// `#[serde(flatten)]` does, but with the fields' static names as keys, so a
/// template value is built in one map, without allocating its keys.
mod flat {
    use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};
    use tera::Value;

    /// Room for the fields of an item view and what a section adds.
    const FIELDS: usize = 32;

    pub struct Fields<'a, T: Serialize> {
        pub inner: &'a T,
        pub extra: &'a [(&'static str, Value)],
    }

    impl<T: Serialize> Serialize for Fields<'_, T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut out = serializer.serialize_struct("Entry", FIELDS.max(self.extra.len()))?;
            self.inner.serialize(FieldSink(&mut out))?;
            for (name, value) in self.extra {
                out.serialize_field(name, value)?;
            }
            out.end()
        }
    }

    /// A serializer that accepts one struct and writes its fields into `out`.
    struct FieldSink<'a, O>(&'a mut O);

    fn not_a_struct<E: ser::Error>() -> E {
        E::custom("only a struct's fields can be added to an entry")
    }

    macro_rules! refuse {
        ($($name:ident($($arg:ty),*) -> $ok:ty;)*) => {$(
            fn $name(self, $(_: $arg),*) -> Result<$ok, Self::Error> {
                Err(not_a_struct())
            }
        )*};
    }

    impl<'a, O: SerializeStruct> Serializer for FieldSink<'a, O> {
        type Ok = ();
        type Error = O::Error;
        type SerializeSeq = Impossible<(), O::Error>;
        type SerializeTuple = Impossible<(), O::Error>;
        type SerializeTupleStruct = Impossible<(), O::Error>;
        type SerializeTupleVariant = Impossible<(), O::Error>;
        type SerializeMap = Impossible<(), O::Error>;
        type SerializeStruct = Self;
        type SerializeStructVariant = Impossible<(), O::Error>;

        fn serialize_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStruct, Self::Error> {
            Ok(self)
        }

        refuse! {
            serialize_bool(bool) -> ();
            serialize_i8(i8) -> ();
            serialize_i16(i16) -> ();
            serialize_i32(i32) -> ();
            serialize_i64(i64) -> ();
            serialize_u8(u8) -> ();
            serialize_u16(u16) -> ();
            serialize_u32(u32) -> ();
            serialize_u64(u64) -> ();
            serialize_f32(f32) -> ();
            serialize_f64(f64) -> ();
            serialize_char(char) -> ();
            serialize_str(&str) -> ();
            serialize_bytes(&[u8]) -> ();
            serialize_none() -> ();
            serialize_unit() -> ();
            serialize_unit_struct(&'static str) -> ();
            serialize_unit_variant(&'static str, u32, &'static str) -> ();
            serialize_seq(Option<usize>) -> Self::SerializeSeq;
            serialize_tuple(usize) -> Self::SerializeTuple;
            serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
            serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
            serialize_map(Option<usize>) -> Self::SerializeMap;
            serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
        }

        fn serialize_some<V: Serialize + ?Sized>(self, _: &V) -> Result<(), Self::Error> {
            Err(not_a_struct())
        }

        fn serialize_newtype_struct<V: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: &V,
        ) -> Result<(), Self::Error> {
            Err(not_a_struct())
        }

        fn serialize_newtype_variant<V: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &V,
        ) -> Result<(), Self::Error> {
            Err(not_a_struct())
        }
    }

    impl<O: SerializeStruct> SerializeStruct for FieldSink<'_, O> {
        type Ok = ();
        type Error = O::Error;

        fn serialize_field<V: Serialize + ?Sized>(
            &mut self,
            name: &'static str,
            value: &V,
        ) -> Result<(), Self::Error> {
            self.0.serialize_field(name, value)
        }

        fn skip_field(&mut self, name: &'static str) -> Result<(), Self::Error> {
            self.0.skip_field(name)
        }

        fn end(self) -> Result<(), Self::Error> {
            Ok(())
        }
    }
}
