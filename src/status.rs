//! The status engine (SPEC §2): the corpus and a day T in, every item's status as
//! of T out. Pure: no I/O, no clock.
//!
//! As-of semantics: anything dated after T (a resolution, a drop, a log entry, an
//! observation, a forecast) does not exist yet. Items are evaluated in trigger
//! order (targets before the items they trigger), so each item is visited once:
//! linear in the number of items and triggers.
//!
//! `every` series: occurrences fall on D0, D0 + P, D0 + 2P, … (each counted from
//! D0, so month ends do not drift), D0 being `due` (or the base day + P without a
//! `due`). Occurrence k's window opens on the later of Dk − lead and the day after
//! D(k−1). A `log` entry dated L (by T) checks every occurrence whose window has
//! opened by L: the ones past, and the one it was written for. Only entries with
//! `check = true` (the default) count: the edit commands other than `note` write
//! `check = false` on an `every` item, so recording a snooze, a forecast or an
//! observation never passes for the period's check. The current due day
//! is the first unchecked occurrence; once every occurrence up to `until` is
//! checked, the series has **ended**. A resolution ends the series for good.

pub mod order;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use crate::idmap::IdMap;
use crate::model::Index;
use crate::model::{Corpus, Due, ItemKey, Priority, Trigger, WatchItem};
use crate::value::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Overdue,
    Due,
    Upcoming,
    Open,
    Pending,
    Moot,
    Ended,
    Resolved,
    Dropped,
}

impl State {
    pub const ALL: [State; 9] = [
        State::Overdue,
        State::Due,
        State::Upcoming,
        State::Open,
        State::Pending,
        State::Moot,
        State::Ended,
        State::Resolved,
        State::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Overdue => "overdue",
            State::Due => "due",
            State::Upcoming => "upcoming",
            State::Open => "open",
            State::Pending => "pending",
            State::Moot => "moot",
            State::Ended => "ended",
            State::Resolved => "resolved",
            State::Dropped => "dropped",
        }
    }

    pub fn parse(text: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the item still needs attention (not resolved, dropped, moot or ended).
    pub fn is_live(self) -> bool {
        matches!(
            self,
            State::Overdue | State::Due | State::Upcoming | State::Open | State::Pending
        )
    }
}

/// Corpus-wide defaults for the due window (from `whatsnext.toml`).
#[derive(Debug, Clone, Copy)]
pub struct Defaults {
    pub lead: Duration,
    pub grace: Duration,
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            lead: Duration::days(7),
            grace: Duration::ZERO,
        }
    }
}

/// An item's status as of T.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemStatus {
    pub state: State,
    /// The due day in force: the absolute or relative `due`, or the current
    /// occurrence of an `every` series. `None` when unknown (not fired yet, no due).
    pub due: Option<NaiveDate>,
    /// The day the item's triggers fired (items without triggers: `None`).
    pub fired_on: Option<NaiveDate>,
    /// The day the item became moot (its last possible trigger died).
    pub moot_on: Option<NaiveDate>,
    pub lead: Duration,
    pub grace: Duration,
}

impl ItemStatus {
    /// Days from T to the due day: negative when past.
    pub fn days_until_due(&self, today: NaiveDate) -> Option<i64> {
        self.due.map(|d| (d - today).num_days())
    }
}

/// Every item's status, addressed by [`ItemKey`].
#[derive(Debug, Clone)]
pub struct Statuses {
    pub today: NaiveDate,
    /// Every item's status in corpus order, one vector for the whole corpus.
    items: Vec<ItemStatus>,
    /// Where each scenario's items start in `items`.
    starts: Vec<usize>,
}

impl Statuses {
    pub fn get(&self, key: ItemKey) -> &ItemStatus {
        let start = self.starts[key.scenario];
        debug_assert!(
            self.starts
                .get(key.scenario + 1)
                .is_none_or(|&end| start + key.item < end),
            "no item {} in scenario {}",
            key.item,
            key.scenario
        );
        &self.items[start + key.item]
    }
}

/// Evaluates every item of `corpus` as of `today`.
pub fn evaluate(corpus: &Corpus, index: &Index, today: NaiveDate, defaults: Defaults) -> Statuses {
    let (starts, _) = corpus.item_starts();
    // An item without `after` triggers depends on no other item's status: those
    // (most of a corpus) are evaluated on every core, the rest in trigger order.
    // The trigger order is found meanwhile: it is serial work.
    let (mut found, order): (Vec<Option<ItemStatus>>, _) = rayon::join(
        || {
            corpus
                .scenarios
                .par_iter()
                .enumerate()
                .flat_map_iter(|(scenario, s)| {
                    (0..s.items.len()).map(move |item| {
                        let key = ItemKey { scenario, item };
                        let independent = !has_after(corpus.item(key));
                        independent
                            .then(|| evaluate_item(corpus, index, key, today, defaults, &|_| None))
                    })
                })
                .collect()
        },
        || trigger_order(corpus, index),
    );
    for key in order {
        let status = {
            let lookup = |k: ItemKey| found[starts[k.scenario] + k.item].as_ref();
            evaluate_item(corpus, index, key, today, defaults, &lookup)
        };
        found[starts[key.scenario] + key.item] = Some(status);
    }
    let items = found
        .into_par_iter()
        // Items on a trigger cycle (only in a corpus that failed validation) wait forever.
        .map(|s| s.unwrap_or_else(|| pending(defaults)))
        .collect();
    Statuses {
        today,
        items,
        starts,
    }
}

fn has_after(item: &WatchItem) -> bool {
    item.triggers
        .iter()
        .any(|t| matches!(t, Trigger::After { .. }))
}

fn pending(defaults: Defaults) -> ItemStatus {
    ItemStatus {
        state: State::Pending,
        due: None,
        fired_on: None,
        moot_on: None,
        lead: defaults.lead,
        grace: defaults.grace,
    }
}

/// The items with `after` triggers, ordered so that every such target comes
/// before the items it triggers (Kahn's algorithm); the other items, evaluated
/// first, are not in it. Items on a cycle are left out.
fn trigger_order(corpus: &Corpus, index: &Index) -> Vec<ItemKey> {
    let mut waiting: IdMap<ItemKey, usize> = IdMap::default();
    let mut dependents: IdMap<ItemKey, Vec<ItemKey>> = IdMap::default();
    let mut order = Vec::new();
    let mut ready = Vec::new();
    for key in corpus.keys() {
        if !has_after(corpus.item(key)) {
            continue;
        }
        let mut n = 0;
        for t in &corpus.item(key).triggers {
            if let Trigger::After { target, .. } = t
                && let Some(tk) = index.resolve(corpus, key.scenario, target)
                && has_after(corpus.item(tk))
            {
                n += 1;
                dependents.entry(tk).or_default().push(key);
            }
        }
        if n == 0 {
            ready.push(key);
        } else {
            waiting.insert(key, n);
        }
    }
    ready.reverse();
    while let Some(key) = ready.pop() {
        order.push(key);
        for d in dependents.get(&key).map_or(&[][..], Vec::as_slice) {
            if let Some(n) = waiting.get_mut(d) {
                *n -= 1;
                if *n == 0 {
                    waiting.remove(d);
                    ready.push(*d);
                }
            }
        }
    }
    order
}

fn evaluate_item<'s>(
    corpus: &Corpus,
    index: &Index,
    key: ItemKey,
    today: NaiveDate,
    defaults: Defaults,
    lookup: &dyn Fn(ItemKey) -> Option<&'s ItemStatus>,
) -> ItemStatus {
    let scenario = corpus.scenario_of(key);
    let item = corpus.item(key);
    let lead = item.lead.unwrap_or(defaults.lead);
    let grace = item.grace.unwrap_or(defaults.grace);
    let mut status = ItemStatus {
        state: State::Open,
        due: None,
        fired_on: None,
        moot_on: None,
        lead,
        grace,
    };

    // Triggers: the earliest day any of them fired, by T.
    let mut can_still_fire = false;
    let mut died_on: Option<NaiveDate> = None;
    for t in &item.triggers {
        match t {
            Trigger::On { date } => {
                if *date <= today {
                    status.fired_on = min_date(status.fired_on, *date);
                } else {
                    can_still_fire = true;
                }
            }
            Trigger::After {
                target, outcomes, ..
            } => {
                let Some(tk) = index.resolve(corpus, key.scenario, target) else {
                    continue;
                };
                let t_item = corpus.item(tk);
                let accepts =
                    |o: &str| outcomes.as_ref().is_none_or(|os| os.iter().any(|x| x == o));
                match t_item.resolution.as_ref().filter(|r| r.on <= today) {
                    Some(r) if accepts(&r.outcome) => {
                        status.fired_on = min_date(status.fired_on, r.on);
                    }
                    Some(r) => died_on = max_date(died_on, r.on),
                    None => {
                        let target_status = lookup(tk);
                        match target_status.map(|s| s.state) {
                            Some(State::Dropped) => {
                                let on = t_item.dropped.as_ref().map_or(today, |d| d.on);
                                died_on = max_date(died_on, on);
                            }
                            Some(State::Moot) => {
                                let on = target_status.and_then(|s| s.moot_on).unwrap_or(today);
                                died_on = max_date(died_on, on);
                            }
                            _ => can_still_fire = true,
                        }
                    }
                }
            }
        }
    }

    // The due day: an absolute `due` is known from the start; a relative one (and
    // an `every` series without `due`) once the item is active.
    let base = match (&status.fired_on, item.triggers.is_empty()) {
        (Some(fired), _) => Some(*fired),
        (None, true) => Some(scenario.date),
        (None, false) => None,
    };
    let first_due = match (item.due, item.every, base) {
        (Some(Due::Date(d)), _, _) => Some(d),
        (Some(Due::Relative(r)), _, Some(base)) => Some(r.add_to(base)),
        (None, Some(every), Some(base)) => Some(every.add_to(base)),
        _ => None,
    };
    status.due = match (first_due, item.every) {
        (Some(d0), Some(every)) => current_occurrence(item, d0, every, lead, today),
        (d, _) => d,
    };

    status.state = if item.resolution.as_ref().is_some_and(|r| r.on <= today) {
        State::Resolved
    } else if item.dropped.as_ref().is_some_and(|d| d.on <= today) {
        State::Dropped
    } else if !item.triggers.is_empty() && status.fired_on.is_none() {
        if can_still_fire {
            State::Pending
        } else {
            status.moot_on = died_on;
            State::Moot
        }
    } else {
        match (status.due, item.every) {
            (None, Some(_)) if base.is_some() => State::Ended,
            (None, _) => State::Open,
            (Some(d), _) if today > grace.add_to(d) => State::Overdue,
            (Some(d), _) if today >= lead.sub_from(d) => State::Due,
            (Some(_), _) => State::Upcoming,
        }
    };
    status
}

/// Most occurrences of a series looked at; beyond it the series counts as ended.
const MAX_OCCURRENCES: u32 = 100_000;

/// The first occurrence of an `every` series not checked by a log entry dated by
/// `today` (one without `check = false`), or `None` when every occurrence up to
/// `until` is checked.
fn current_occurrence(
    item: &WatchItem,
    d0: NaiveDate,
    every: Duration,
    lead: Duration,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let last_check = item
        .log
        .iter()
        .filter(|l| l.check && l.on <= today)
        .map(|l| l.on)
        .max();
    let mut k = 0;
    let mut previous = every.sub_from(d0);
    let mut occurrence = d0;
    if let Some(checked) = last_check {
        loop {
            let opens = lead
                .sub_from(occurrence)
                .max(previous.succ_opt().unwrap_or(previous));
            if opens > checked || k >= MAX_OCCURRENCES {
                break;
            }
            k += 1;
            previous = occurrence;
            occurrence = every.add_times(d0, k);
        }
    }
    match item.until {
        Some(until) if occurrence > until => None,
        _ if k >= MAX_OCCURRENCES => None,
        _ => Some(occurrence),
    }
}

fn min_date(a: Option<NaiveDate>, b: NaiveDate) -> Option<NaiveDate> {
    Some(a.map_or(b, |a| a.min(b)))
}

fn max_date(a: Option<NaiveDate>, b: NaiveDate) -> Option<NaiveDate> {
    Some(a.map_or(b, |a| a.max(b)))
}

/// Sort key for "most urgent first": overdue (longest first), due and upcoming
/// (soonest first), then open, pending and the closed states; higher priority
/// first on ties, then by ref.
pub fn urgency(status: &ItemStatus, priority: Priority) -> (u8, i64, std::cmp::Reverse<Priority>) {
    let rank = match status.state {
        State::Overdue => 0,
        State::Due => 1,
        State::Upcoming => 2,
        State::Open => 3,
        State::Pending => 4,
        State::Moot => 5,
        State::Ended => 6,
        State::Resolved => 7,
        State::Dropped => 8,
    };
    let due = status
        .due
        .map_or(i64::MAX, |d| i64::from(d.num_days_from_ce()));
    (rank, due, std::cmp::Reverse(priority))
}

#[cfg(test)]
mod tests;
