//! The weekly digest (SPEC §4) as the templates see it: what happened in one ISO
//! week and what is coming, as of A = the earlier of the week's Sunday and today.
//!
//! Pure: the corpus, the week and today in, a `Serialize` view out. Everything
//! is evaluated as of A, so a digest of a past week shows what was known then: a
//! resolution recorded with a later date is not there yet.
//!
//! Each live item appears in at most one of `overdue`, `due` and `coming_up`
//! (overdue wins); `resolved`, `fired` and `dropped` are the week's events and may
//! repeat an item (one that fired and was resolved in the same week is in both).

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use super::week::IsoWeek;
use crate::model::{Corpus, ItemKey, Probability, Source, Trigger};
use crate::score::{self, Filter, Scorecard, TagScore};
use crate::status::{self, Defaults, State, Statuses};
use crate::validate::Index;
use crate::value::Duration;
use crate::view::{self, ItemView, TriggerView};

/// What the digest is for.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub week: IsoWeek,
    pub today: NaiveDate,
    pub defaults: Defaults,
    /// How far past the week `coming_up` looks.
    pub coming_up: Duration,
}

/// The template context of a digest.
#[derive(Debug, Clone, Serialize)]
pub struct Digest<'a> {
    /// `2025-W33`
    pub week: String,
    /// The ISO year and week number.
    pub year: i32,
    pub number: u32,
    /// Monday and Sunday of the week.
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The week's days in words: "11–17 August 2025".
    pub dates: String,
    /// The day everything is evaluated as of: the earlier of `end` and `today`.
    pub as_of: NaiveDate,
    pub today: NaiveDate,
    /// "past" (the week is over), "current" (today is in it) or "future".
    pub phase: &'static str,
    pub coming_up: Window,
    pub sections: Sections<'a>,
    pub counts: Counts,
    /// Whether every section is empty (the scorecard is not a section).
    pub empty: bool,
    /// The forecast scores; null while nothing has been scored by `as_of`.
    pub scorecard: Option<ScorecardView>,
}

/// The week's scores beside the running totals.
#[derive(Debug, Clone, Serialize)]
pub struct ScorecardView {
    /// The items resolved in the week (by `as_of`).
    pub week: Scores,
    /// Every item resolved by `as_of`.
    pub to_date: Scores,
}

/// A scorecard ([`Scorecard`]: `scored`, `unscored`, `brier`, `log_score`,
/// `by_tag`, `calibration`, `items`, `unscored_items`, …) plus `tags`, its
/// `by_tag` as a list in tag order.
#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    #[serde(flatten)]
    pub card: Scorecard,
    pub tags: Vec<TagScores>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TagScores {
    pub tag: String,
    #[serde(flatten)]
    pub score: TagScore,
}

/// The days after the week that `coming_up` covers.
#[derive(Debug, Clone, Serialize)]
pub struct Window {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The configured length, like "14d".
    pub length: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Sections<'a> {
    /// Overdue as of A, longest overdue first.
    pub overdue: Vec<Entry<'a, Overdue>>,
    /// Due in the week (or earlier, within their grace) and still open as of A,
    /// not overdue; soonest first.
    pub due: Vec<Entry<'a, Plain>>,
    /// Resolved in the week, in the order it happened.
    pub resolved: Vec<Entry<'a, Resolved>>,
    /// Fired by a trigger in the week.
    pub fired: Vec<Entry<'a, Fired<'a>>>,
    /// Dropped, or become moot, in the week.
    pub dropped: Vec<Entry<'a, Dropped>>,
    /// Due in the window after the week, soonest first.
    pub coming_up: Vec<Entry<'a, Plain>>,
    /// Waiting for a trigger as of A.
    pub pending: Vec<Entry<'a, Pending<'a>>>,
}

impl<'a> Sections<'a> {
    /// `self` followed by `other`, section by section.
    fn append(mut self, mut other: Sections<'a>) -> Sections<'a> {
        self.overdue.append(&mut other.overdue);
        self.due.append(&mut other.due);
        self.resolved.append(&mut other.resolved);
        self.fired.append(&mut other.fired);
        self.dropped.append(&mut other.dropped);
        self.coming_up.append(&mut other.coming_up);
        self.pending.append(&mut other.pending);
        self
    }
}

/// An item as the digest shows it: every field of [`ItemView`] (as of A), its
/// latest forecast as a list, and what its section adds.
#[derive(Debug, Clone, Serialize)]
pub struct Entry<'a, X> {
    #[serde(flatten)]
    pub item: ItemView<'a>,
    /// The latest forecast by A, one entry per outcome in the item's order
    /// (empty without a forecast).
    pub probabilities: Vec<OutcomeP>,
    #[serde(flatten)]
    pub extra: X,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeP {
    pub outcome: String,
    pub p: f64,
}

/// Nothing beyond the item.
#[derive(Debug, Clone, Serialize)]
pub struct Plain {}

#[derive(Debug, Clone, Serialize)]
pub struct Overdue {
    /// Days from the due day to A.
    pub days_overdue: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Resolved {
    /// The resolution's sources, ready to print or link.
    pub sources: Vec<SourceView>,
    /// The forecast the resolution is scored against: the latest dated before the
    /// resolution day (SPEC §5), or null.
    pub scored_forecast: Option<ScoredForecast>,
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

#[derive(Debug, Clone, Serialize)]
pub struct Fired<'a> {
    /// The triggers that fired it (on the day it fired).
    pub fired_by: Vec<TriggerView<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dropped {
    /// "dropped" or "moot".
    pub how: &'static str,
    pub on: NaiveDate,
    /// The drop's reason, or why the item can no longer fire.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pending<'a> {
    /// The triggers that have not fired yet.
    pub waiting_for: Vec<TriggerView<'a>>,
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

/// The digest as the value a template renders. The same value as serializing the
/// digest, but the long sections are converted on every core: converting
/// 35,000 entries one after the other took about a fifth of a large digest's time.
pub fn template_value(digest: &mut Digest) -> Result<tera::Value, tera::Error> {
    fn entries<T: Serialize + Sync>(list: &[T]) -> Result<tera::Value, tera::Error> {
        let values: Vec<tera::Value> = list
            .par_iter()
            .map(tera::Value::try_from_serializable)
            .collect::<Result<_, _>>()?;
        Ok(tera::Value::from(values))
    }
    // Everything but the sections, converted as usual; then the sections put in.
    let sections = std::mem::take(&mut digest.sections);
    let rest = tera::Value::try_from_serializable(&*digest);
    let converted = (|| {
        let mut map = tera::Map::new();
        map.insert("overdue".into(), entries(&sections.overdue)?);
        map.insert("due".into(), entries(&sections.due)?);
        map.insert("resolved".into(), entries(&sections.resolved)?);
        map.insert("fired".into(), entries(&sections.fired)?);
        map.insert("dropped".into(), entries(&sections.dropped)?);
        map.insert("coming_up".into(), entries(&sections.coming_up)?);
        map.insert("pending".into(), entries(&sections.pending)?);
        Ok::<_, tera::Error>(map)
    })();
    digest.sections = sections;
    let mut top = rest?
        .into_map()
        .ok_or_else(|| tera::Error::message("the digest is not a map"))?;
    top.insert("sections".into(), tera::Value::from(converted?));
    Ok(tera::Value::from(top))
}

/// Builds the digest of `options.week`.
pub fn build<'a>(corpus: &'a Corpus, index: &Index, options: &Options) -> Digest<'a> {
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

    let entry = |key: ItemKey| -> (ItemView<'a>, Vec<OutcomeP>) {
        let item = corpus.item(key);
        let probabilities = view::latest_forecast(item, as_of)
            .map(|(_, p)| outcome_ps(p, item.outcomes()))
            .unwrap_or_default();
        (ItemView::new(corpus, index, &statuses, key), probabilities)
    };
    // Items are placed on every core; each section is sorted below by a key that
    // ends with the item's unique ref, so the digest does not depend on the split.
    let place = |mut sections: Sections<'a>, key: ItemKey| -> Sections<'a> {
        let item = corpus.item(key);
        let st = statuses.get(key);
        let due_in = |a: NaiveDate, b: NaiveDate| st.due.is_some_and(|d| a <= d && d <= b);
        match st.state {
            State::Overdue => {
                let (item, probabilities) = entry(key);
                let days_overdue = st.due.map_or(0, |d| (as_of - d).num_days());
                sections.overdue.push(Entry {
                    item,
                    probabilities,
                    extra: Overdue { days_overdue },
                });
            }
            // Due in the week, or before it and past, still within its grace.
            State::Due | State::Upcoming
                if due_in(start, end) || due_in(NaiveDate::MIN, start.min(as_of)) =>
            {
                let (item, probabilities) = entry(key);
                sections.due.push(Entry {
                    item,
                    probabilities,
                    extra: Plain {},
                });
            }
            State::Due | State::Upcoming if due_in(window.start, window.end) => {
                let (item, probabilities) = entry(key);
                sections.coming_up.push(Entry {
                    item,
                    probabilities,
                    extra: Plain {},
                });
            }
            State::Pending => {
                let (item, probabilities) = entry(key);
                let waiting_for = item.triggers.iter().filter(|t| !t.fired).cloned().collect();
                sections.pending.push(Entry {
                    item,
                    probabilities,
                    extra: Pending { waiting_for },
                });
            }
            _ => {}
        }
        if let Some(r) = item.resolution.as_ref().filter(|r| in_week(Some(r.on))) {
            let (view, probabilities) = entry(key);
            let scored_forecast = score::scored_forecast(item, r.on).map(|f| {
                let s = score::score_forecast(item, &f.p, &r.outcome);
                ScoredForecast {
                    on: f.on,
                    probabilities: outcome_ps(&f.p, item.outcomes()),
                    p_outcome: round(s.p_outcome),
                    brier: round(s.brier),
                    log_score: round(s.log_score),
                }
            });
            sections.resolved.push(Entry {
                item: view,
                probabilities,
                extra: Resolved {
                    sources: r.sources.iter().map(source_view).collect(),
                    scored_forecast,
                },
            });
        }
        if in_week(st.fired_on) {
            let (view, probabilities) = entry(key);
            let fired_by = view
                .triggers
                .iter()
                .filter(|t| t.fired_on == st.fired_on)
                .cloned()
                .collect();
            sections.fired.push(Entry {
                item: view,
                probabilities,
                extra: Fired { fired_by },
            });
        }
        let closed = match st.state {
            State::Dropped => item
                .dropped
                .as_ref()
                .map(|d| ("dropped", d.on, d.reason.clone())),
            State::Moot => st
                .moot_on
                .map(|on| ("moot", on, moot_reason(corpus, index, &statuses, key))),
            _ => None,
        };
        if let Some((how, on, reason)) = closed.filter(|(_, on, _)| in_week(Some(*on))) {
            let (view, probabilities) = entry(key);
            sections.dropped.push(Entry {
                item: view,
                probabilities,
                extra: Dropped { how, on, reason },
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

    let priority = |e: &ItemView| std::cmp::Reverse(crate::model::Priority::parse(e.priority));
    sections.overdue.par_sort_by(|a, b| {
        (a.item.due, priority(&a.item), &a.item.reference).cmp(&(
            b.item.due,
            priority(&b.item),
            &b.item.reference,
        ))
    });
    for list in [&mut sections.due, &mut sections.coming_up] {
        list.par_sort_by(|a, b| {
            (a.item.due, priority(&a.item), &a.item.reference).cmp(&(
                b.item.due,
                priority(&b.item),
                &b.item.reference,
            ))
        });
    }
    let resolved_on = |e: &Entry<Resolved>| e.item.resolution.as_ref().map(|r| r.on);
    sections.resolved.sort_by(|a, b| {
        (resolved_on(a), &a.item.reference).cmp(&(resolved_on(b), &b.item.reference))
    });
    sections.fired.sort_by(|a, b| {
        (a.item.fired_on, &a.item.reference).cmp(&(b.item.fired_on, &b.item.reference))
    });
    sections
        .dropped
        .sort_by(|a, b| (a.extra.on, &a.item.reference).cmp(&(b.extra.on, &b.item.reference)));
    sections.pending.par_sort_by(|a, b| {
        (priority(&a.item), &a.item.reference).cmp(&(priority(&b.item), &b.item.reference))
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
    let empty = counts.overdue
        + counts.due
        + counts.resolved
        + counts.fired
        + counts.dropped
        + counts.coming_up
        + counts.pending
        == 0;
    let phase = if options.today > end {
        "past"
    } else if options.today < start {
        "future"
    } else {
        "current"
    };
    // The two scorecards side by side, each on its own core.
    let (to_date, week_card) = rayon::join(
        || score::score(corpus, as_of, &Filter::default()),
        || score::score(corpus, as_of, &Filter::resolved_between(start, end)),
    );
    let scorecard = (to_date.scored > 0).then(|| ScorecardView {
        week: scores(week_card),
        to_date: scores(to_date),
    });
    Digest {
        week: week.to_string(),
        year: week.year(),
        number: week.number(),
        start,
        end,
        dates: week.dates(),
        as_of,
        today: options.today,
        phase,
        coming_up: window,
        sections,
        counts,
        empty,
        scorecard,
    }
}

fn scores(card: Scorecard) -> Scores {
    let tags = card
        .by_tag
        .iter()
        .map(|(tag, score)| TagScores {
            tag: tag.clone(),
            score: score.clone(),
        })
        .collect();
    Scores { card, tags }
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
