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
use crate::model::{Corpus, Due, ItemKey, Priority, Trigger, WatchItem};
use crate::validate::Index;
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
mod tests {

    use super::*;
    use crate::value::parse_date;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    /// Loads scenario files given as (id, text); panics on any error.
    fn corpus(files: &[(&str, &str)]) -> (Corpus, Index) {
        let (corpus, index, _) = crate::testing::corpus(files);
        (corpus, index)
    }

    /// The status of `scenario/item` as of `today`.
    fn status_of(files: &[(&str, &str)], reference: &str, today: &str) -> ItemStatus {
        let (corpus, index) = corpus(files);
        let statuses = evaluate(&corpus, &index, d(today), Defaults::default());
        let key = corpus
            .keys()
            .find(|k| corpus.item_ref(*k) == reference)
            .unwrap_or_else(|| panic!("no item {reference}"));
        statuses.get(key).clone()
    }

    fn scenario(items: &str) -> String {
        format!("title = \"S\"\ndate = 2025-08-12\n{items}")
    }

    /// Runs a table of (today, expected state, expected due) against one item.
    fn table(text: &str, reference: &str, rows: &[(&str, State, Option<&str>)]) {
        let files = [("s", text)];
        for (today, state, due) in rows {
            let st = status_of(&files, reference, today);
            assert_eq!(st.state, *state, "as of {today}");
            assert_eq!(st.due, due.map(d), "due as of {today}");
        }
    }

    #[test]
    fn due_window_boundaries_with_lead_and_grace() {
        let s = scenario(
            "[[watch]]\nid = \"x\"\ntitle = \"X\"\ndue = 2025-08-15\nlead = \"3d\"\ngrace = \"1d\"\n",
        );
        table(
            &s,
            "s/x",
            &[
                ("2025-08-11", State::Upcoming, Some("2025-08-15")), // D − lead − 1
                ("2025-08-12", State::Due, Some("2025-08-15")),      // D − lead
                ("2025-08-15", State::Due, Some("2025-08-15")),      // D
                ("2025-08-16", State::Due, Some("2025-08-15")),      // D + grace
                ("2025-08-17", State::Overdue, Some("2025-08-15")),  // D + grace + 1
            ],
        );
    }

    #[test]
    fn default_window_is_seven_days_lead_and_no_grace() {
        let s = scenario("[[watch]]\nid = \"x\"\ntitle = \"X\"\ndue = 2025-08-15\n");
        table(
            &s,
            "s/x",
            &[
                ("2025-08-07", State::Upcoming, Some("2025-08-15")),
                ("2025-08-08", State::Due, Some("2025-08-15")),
                // A date-only due is due through the end of its day.
                ("2025-08-15", State::Due, Some("2025-08-15")),
                ("2025-08-16", State::Overdue, Some("2025-08-15")),
            ],
        );
    }

    #[test]
    fn corpus_defaults_apply_when_the_item_sets_none() {
        let s = scenario("[[watch]]\nid = \"x\"\ntitle = \"X\"\ndue = 2025-08-15\n");
        let (corpus, index) = corpus(&[("s", &s)]);
        let defaults = Defaults {
            lead: Duration::days(1),
            grace: Duration::days(2),
        };
        let key = ItemKey {
            scenario: 0,
            item: 0,
        };
        let at = |t: &str| evaluate(&corpus, &index, d(t), defaults).get(key).state;
        assert_eq!(at("2025-08-13"), State::Upcoming);
        assert_eq!(at("2025-08-14"), State::Due);
        assert_eq!(at("2025-08-17"), State::Due);
        assert_eq!(at("2025-08-18"), State::Overdue);
    }

    #[test]
    fn a_resolution_dated_after_t_does_not_exist_yet() {
        let s = scenario(
            "[[watch]]\nid = \"x\"\ntitle = \"X\"\ndue = 2025-08-15\nresolution = { on = 2025-08-18, outcome = \"yes\" }\n",
        );
        table(
            &s,
            "s/x",
            &[
                ("2025-08-17", State::Overdue, Some("2025-08-15")),
                ("2025-08-18", State::Resolved, Some("2025-08-15")),
            ],
        );
    }

    #[test]
    fn a_drop_counts_from_its_day_and_a_resolution_wins_over_it() {
        let s = scenario(
            "[[watch]]\nid = \"x\"\ntitle = \"X\"\ndue = 2025-08-15\ndropped = { on = 2025-08-10, reason = \"r\" }\n\
             [[watch]]\nid = \"y\"\ntitle = \"Y\"\ndropped = { on = 2025-08-10 }\nresolution = { on = 2025-08-20, outcome = \"no\" }\n",
        );
        table(
            &s,
            "s/x",
            &[
                ("2025-08-09", State::Due, Some("2025-08-15")),
                ("2025-08-10", State::Dropped, Some("2025-08-15")),
            ],
        );
        table(
            &s,
            "s/y",
            &[
                ("2025-08-09", State::Open, None),
                ("2025-08-10", State::Dropped, None),
                ("2025-08-20", State::Resolved, None),
            ],
        );
    }

    #[test]
    fn an_item_without_a_due_is_open() {
        let s = scenario("[[watch]]\nid = \"x\"\ntitle = \"X\"\n");
        table(&s, "s/x", &[("2025-08-12", State::Open, None)]);
    }

    #[test]
    fn an_on_trigger_fires_on_its_day_and_relative_dues_count_from_it() {
        let s = scenario(
            "[[watch]]\nid = \"x\"\ntitle = \"X\"\ntrigger = [{ on = 2025-08-20 }]\ndue = \"+10d\"\n",
        );
        table(
            &s,
            "s/x",
            &[
                ("2025-08-19", State::Pending, None),
                ("2025-08-20", State::Upcoming, Some("2025-08-30")),
                ("2025-08-23", State::Due, Some("2025-08-30")),
            ],
        );
        assert_eq!(
            status_of(&[("s", &s)], "s/x", "2025-08-25").fired_on,
            Some(d("2025-08-20"))
        );
    }

    #[test]
    fn an_absolute_due_is_known_before_the_trigger_fires() {
        let s = scenario(
            "[[watch]]\nid = \"a\"\ntitle = \"A\"\ndropped = { on = 2025-08-13 }\n\
             [[watch]]\nid = \"x\"\ntitle = \"X\"\ntrigger = [{ after = \"a\" }]\ndue = 2025-09-01\n",
        );
        table(
            &s,
            "s/x",
            &[
                ("2025-08-12", State::Pending, Some("2025-09-01")),
                ("2025-08-13", State::Moot, Some("2025-09-01")),
            ],
        );
    }

    #[test]
    fn the_earliest_fired_trigger_counts() {
        let s = scenario(
            "[[watch]]\nid = \"a\"\ntitle = \"A\"\nresolution = { on = 2025-08-14, outcome = \"yes\" }\n\
             [[watch]]\nid = \"x\"\ntitle = \"X\"\ntrigger = [{ on = 2025-08-20 }, { after = \"a\" }]\ndue = \"+1d\"\n",
        );
        let st = status_of(&[("s", &s)], "s/x", "2025-08-25");
        assert_eq!(st.fired_on, Some(d("2025-08-14")));
        assert_eq!(st.due, Some(d("2025-08-15")));
        assert_eq!(st.state, State::Overdue);
    }

    const SUMMIT: &str = "[[watch]]\nid = \"summit\"\ntitle = \"Summit\"\ndue = 2025-08-15\n\
        outcomes = [\"ceasefire\", \"framework\", \"no-deal\"]\n";

    #[test]
    fn an_after_trigger_fires_only_on_an_accepted_outcome() {
        let fires = scenario(&format!(
            "{SUMMIT}resolution = {{ on = 2025-08-15, outcome = \"no-deal\" }}\n\
             [[watch]]\nid = \"sanctions\"\ntitle = \"Sanctions\"\ndue = \"+30d\"\n\
             trigger = [{{ after = \"summit\", outcome = [\"no-deal\", \"framework\"] }}]\n"
        ));
        table(
            &fires,
            "s/sanctions",
            &[
                ("2025-08-14", State::Pending, None),
                ("2025-08-15", State::Upcoming, Some("2025-09-14")),
            ],
        );
        let st = status_of(&[("s", &fires)], "s/sanctions", "2025-08-15");
        assert_eq!(st.fired_on, Some(d("2025-08-15")));
    }

    #[test]
    fn a_trigger_on_a_non_matching_outcome_becomes_moot() {
        let s = scenario(&format!(
            "{SUMMIT}resolution = {{ on = 2025-08-15, outcome = \"ceasefire\" }}\n\
             [[watch]]\nid = \"sanctions\"\ntitle = \"Sanctions\"\ndue = \"+30d\"\n\
             trigger = [{{ after = \"summit\", outcome = \"no-deal\" }}]\n"
        ));
        table(
            &s,
            "s/sanctions",
            &[
                ("2025-08-14", State::Pending, None),
                ("2025-08-15", State::Moot, None),
            ],
        );
        let st = status_of(&[("s", &s)], "s/sanctions", "2025-08-20");
        assert_eq!(st.moot_on, Some(d("2025-08-15")));
        assert_eq!(st.fired_on, None);
    }

    #[test]
    fn a_dropped_target_makes_its_dependents_moot_and_that_propagates() {
        let s = scenario(
            "[[watch]]\nid = \"a\"\ntitle = \"A\"\ndropped = { on = 2025-08-13 }\n\
             [[watch]]\nid = \"b\"\ntitle = \"B\"\ntrigger = [{ after = \"a\" }]\n\
             [[watch]]\nid = \"c\"\ntitle = \"C\"\ntrigger = [{ after = \"b\" }]\n",
        );
        table(
            &s,
            "s/c",
            &[
                ("2025-08-12", State::Pending, None),
                ("2025-08-13", State::Moot, None),
            ],
        );
        assert_eq!(
            status_of(&[("s", &s)], "s/c", "2025-08-20").moot_on,
            Some(d("2025-08-13"))
        );
    }

    #[test]
    fn a_future_on_trigger_keeps_an_item_pending_when_its_after_trigger_died() {
        let s = scenario(
            "[[watch]]\nid = \"a\"\ntitle = \"A\"\ndropped = { on = 2025-08-13 }\n\
             [[watch]]\nid = \"b\"\ntitle = \"B\"\ntrigger = [{ after = \"a\" }, { on = 2025-09-01 }]\n",
        );
        table(
            &s,
            "s/b",
            &[
                ("2025-08-20", State::Pending, None),
                ("2025-09-01", State::Open, None),
            ],
        );
    }

    #[test]
    fn a_trigger_chain_across_two_scenarios() {
        let first = format!(
            "id = \"talks\"\ntitle = \"Talks\"\ndate = 2025-08-12\n{SUMMIT}\
             resolution = {{ on = 2025-08-15, outcome = \"no-deal\" }}\n"
        );
        let second = "id = \"fallout\"\ntitle = \"Fallout\"\ndate = 2025-08-13\n\
             [[watch]]\nid = \"sanctions\"\ntitle = \"Sanctions\"\ndue = \"+2w\"\n\
             trigger = [{ after = \"talks/summit\", outcome = \"no-deal\" }]\n\
             resolution = { on = 2025-09-01, outcome = \"yes\" }\n\
             [[watch]]\nid = \"retaliation\"\ntitle = \"Retaliation\"\ndue = \"+1m\"\n\
             trigger = [{ after = \"sanctions\", outcome = \"yes\" }]\n";
        let files = [("a", first.as_str()), ("b", second)];
        let sanctions = status_of(&files, "fallout/sanctions", "2025-08-20");
        assert_eq!(
            (sanctions.state, sanctions.fired_on),
            (State::Upcoming, Some(d("2025-08-15")))
        );
        assert_eq!(sanctions.due, Some(d("2025-08-29")));
        let before = status_of(&files, "fallout/retaliation", "2025-08-31");
        assert_eq!(before.state, State::Pending);
        let after = status_of(&files, "fallout/retaliation", "2025-09-01");
        assert_eq!(
            (after.fired_on, after.due),
            (Some(d("2025-09-01")), Some(d("2025-10-01")))
        );
        assert_eq!(after.state, State::Upcoming);
    }

    #[test]
    fn relative_month_dues_clamp_at_month_end() {
        let s = "title = \"S\"\ndate = 2025-01-31\n[[watch]]\nid = \"x\"\ntitle = \"X\"\ndue = \"+1m\"\n\
                 [[watch]]\nid = \"y\"\ntitle = \"Y\"\ndue = \"+1y\"\n";
        assert_eq!(
            status_of(&[("s", s)], "s/x", "2025-01-31").due,
            Some(d("2025-02-28"))
        );
        let leap = s.replace("2025-01-31", "2024-02-29");
        assert_eq!(
            status_of(&[("s", &leap)], "s/y", "2024-03-01").due,
            Some(d("2025-02-28"))
        );
        assert_eq!(
            status_of(&[("s", &leap)], "s/x", "2024-03-01").due,
            Some(d("2024-03-29"))
        );
    }

    #[test]
    fn a_local_datetime_due_counts_on_its_own_day() {
        let s = scenario(
            "[[watch]]\nid = \"x\"\ntitle = \"X\"\ndue = 2025-08-15T23:59:00\nlead = \"0d\"\n",
        );
        table(
            &s,
            "s/x",
            &[
                ("2025-08-14", State::Upcoming, Some("2025-08-15")),
                ("2025-08-15", State::Due, Some("2025-08-15")),
                ("2025-08-16", State::Overdue, Some("2025-08-15")),
            ],
        );
    }

    const WEEKLY: &str = "[[watch]]\nid = \"w\"\ntitle = \"Weekly\"\ndue = 2025-08-18\nevery = \"1w\"\nlead = \"2d\"\n";

    #[test]
    fn an_every_series_without_checks_stays_on_its_first_occurrence() {
        let s = scenario(WEEKLY);
        table(
            &s,
            "s/w",
            &[
                ("2025-08-15", State::Upcoming, Some("2025-08-18")),
                ("2025-08-16", State::Due, Some("2025-08-18")),
                ("2025-08-19", State::Overdue, Some("2025-08-18")),
                ("2025-09-30", State::Overdue, Some("2025-08-18")),
            ],
        );
    }

    #[test]
    fn a_log_entry_checks_the_occurrence_it_was_written_for() {
        // Checked on time (in the due window), early but in the window, and late.
        for check in ["2025-08-18", "2025-08-16", "2025-08-20"] {
            let s = scenario(&format!(
                "{WEEKLY}log = [{{ on = {check}, note = \"checked\" }}]\n"
            ));
            table(
                &s,
                "s/w",
                &[
                    ("2025-08-21", State::Upcoming, Some("2025-08-25")),
                    ("2025-08-23", State::Due, Some("2025-08-25")),
                    ("2025-08-26", State::Overdue, Some("2025-08-25")),
                ],
            );
        }
        // Before the window opens, a log entry checks nothing.
        let early = scenario(&format!(
            "{WEEKLY}log = [{{ on = 2025-08-14, note = \"early\" }}]\n"
        ));
        table(
            &early,
            "s/w",
            &[("2025-08-16", State::Due, Some("2025-08-18"))],
        );
    }

    #[test]
    fn a_log_entry_with_check_false_checks_nothing() {
        // Regression: an edit's own log entry (a snooze, a forecast) used to count
        // as the period's check and silently move the series on.
        let s = scenario(&format!(
            "{WEEKLY}log = [{{ on = 2025-08-18, note = \"forecast: yes 0.7\", check = false }}]\n"
        ));
        table(
            &s,
            "s/w",
            &[
                ("2025-08-18", State::Due, Some("2025-08-18")),
                ("2025-08-19", State::Overdue, Some("2025-08-18")),
            ],
        );
        // `check = true` is the default, written out.
        let s = scenario(&format!(
            "{WEEKLY}log = [{{ on = 2025-08-18, note = \"checked\", check = true }}]\n"
        ));
        table(
            &s,
            "s/w",
            &[("2025-08-19", State::Upcoming, Some("2025-08-25"))],
        );
    }

    #[test]
    fn a_late_check_clears_every_missed_occurrence() {
        let s = scenario(&format!(
            "{WEEKLY}log = [{{ on = 2025-09-03, note = \"caught up\" }}]\n"
        ));
        // Occurrences 08-18, 08-25 and 09-01 are past; 09-08's window opens 09-06.
        table(
            &s,
            "s/w",
            &[("2025-09-03", State::Upcoming, Some("2025-09-08"))],
        );
    }

    #[test]
    fn log_entries_after_t_do_not_check_anything_yet() {
        let s = scenario(&format!(
            "{WEEKLY}log = [{{ on = 2025-08-18, note = \"checked\" }}]\n"
        ));
        table(
            &s,
            "s/w",
            &[
                ("2025-08-17", State::Due, Some("2025-08-18")),
                ("2025-08-18", State::Upcoming, Some("2025-08-25")),
            ],
        );
    }

    #[test]
    fn monthly_series_keep_the_month_end() {
        let s = "title = \"S\"\ndate = 2025-01-01\n[[watch]]\nid = \"m\"\ntitle = \"M\"\n\
                 due = 2025-01-31\nevery = \"1m\"\nlead = \"3d\"\n\
                 log = [{ on = 2025-01-31, note = \"a\" }, { on = 2025-02-28, note = \"b\" }]\n";
        assert_eq!(
            status_of(&[("s", s)], "s/m", "2025-03-01").due,
            Some(d("2025-03-31"))
        );
    }

    #[test]
    fn a_series_ends_after_its_last_checked_occurrence() {
        let s = scenario(&format!(
            "{WEEKLY}until = 2025-08-25\nlog = [{{ on = 2025-08-18, note = \"a\" }}, {{ on = 2025-08-25, note = \"b\" }}]\n"
        ));
        table(
            &s,
            "s/w",
            &[
                ("2025-08-24", State::Due, Some("2025-08-25")),
                ("2025-08-25", State::Ended, None),
            ],
        );
    }

    #[test]
    fn a_series_without_due_starts_one_period_after_the_scenario_date() {
        let s = scenario("[[watch]]\nid = \"w\"\ntitle = \"W\"\nevery = \"1m\"\n");
        table(
            &s,
            "s/w",
            &[("2025-08-12", State::Upcoming, Some("2025-09-12"))],
        );
    }

    #[test]
    fn a_resolution_ends_a_series() {
        let s = scenario(&format!(
            "{WEEKLY}resolution = {{ on = 2025-08-20, outcome = \"yes\" }}\n"
        ));
        table(
            &s,
            "s/w",
            &[("2025-08-20", State::Resolved, Some("2025-08-18"))],
        );
    }

    #[test]
    fn urgency_orders_overdue_longest_first_then_due_soonest() {
        let st = |state, due: &str| ItemStatus {
            state,
            due: Some(d(due)),
            fired_on: None,
            moot_on: None,
            lead: Duration::ZERO,
            grace: Duration::ZERO,
        };
        let mut list = [
            (st(State::Due, "2025-08-16"), Priority::Normal),
            (st(State::Overdue, "2025-08-10"), Priority::Low),
            (st(State::Overdue, "2025-08-01"), Priority::Low),
            (st(State::Due, "2025-08-16"), Priority::Critical),
            (st(State::Resolved, "2025-07-01"), Priority::Critical),
        ];
        list.sort_by_key(|(s, p)| urgency(s, *p));
        let order: Vec<(State, Priority)> = list.iter().map(|(s, p)| (s.state, *p)).collect();
        assert_eq!(
            order,
            [
                (State::Overdue, Priority::Low),
                (State::Overdue, Priority::Low),
                (State::Due, Priority::Critical),
                (State::Due, Priority::Normal),
                (State::Resolved, Priority::Critical),
            ]
        );
        assert_eq!(list[0].0.due, Some(d("2025-08-01")));
    }
}
