//! Serializable views of items as of T: the stable JSON of SPEC §3.3, shared by
//! `status --format json`, `export --format json`, `show` and the digest's
//! template context. Views never show what is dated after T.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::model::Index;
use crate::model::{Corpus, ItemKey, Probability, Scenario, Source, Trigger};
use crate::status::{ItemStatus, State, Statuses};
use crate::value::Duration;

/// An item as of T. Text is borrowed from the corpus; only what is computed (the
/// full refs, the triggers' descriptions, durations) is built, so that listing
/// 100,000 items copies no titles or notes.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView<'a> {
    #[serde(rename = "ref")]
    pub reference: String,
    pub scenario: &'a str,
    pub scenario_title: &'a str,
    pub id: &'a str,
    pub title: &'a str,
    pub question: Option<&'a str>,
    /// What counts as each outcome; left out when the item has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criteria: Option<&'a str>,
    pub status: &'static str,
    #[serde(serialize_with = "opt_date")]
    pub due: Option<NaiveDate>,
    pub days_until_due: Option<i64>,
    #[serde(serialize_with = "opt_date")]
    pub fired_on: Option<NaiveDate>,
    #[serde(serialize_with = "opt_date")]
    pub moot_on: Option<NaiveDate>,
    pub resolution: Option<ResolutionView<'a>>,
    pub dropped: Option<DroppedView<'a>>,
    pub tags: &'a [String],
    pub priority: &'static str,
    pub outcomes: &'a [String],
    /// The latest forecast dated by T, or null.
    pub forecast: Option<ForecastView<'a>>,
    /// Every forecast dated by T, in file order.
    pub forecasts: Vec<ForecastView<'a>>,
    pub triggers: Vec<TriggerView<'a>>,
    pub signposts: Vec<SignpostView<'a>>,
    pub every: Option<DurationText>,
    #[serde(serialize_with = "opt_date")]
    pub until: Option<NaiveDate>,
    pub lead: DurationText,
    pub grace: DurationText,
    /// Log entries dated by T, in file order.
    pub log: Vec<LogView<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResolutionView<'a> {
    #[serde(serialize_with = "date")]
    pub on: NaiveDate,
    pub outcome: &'a str,
    pub note: Option<&'a str>,
    pub sources: &'a [Source],
}

#[derive(Debug, Clone, Serialize)]
pub struct DroppedView<'a> {
    #[serde(serialize_with = "date")]
    pub on: NaiveDate,
    pub reason: Option<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForecastView<'a> {
    #[serde(serialize_with = "date")]
    pub on: NaiveDate,
    /// A number (probability of yes) or a table outcome → probability.
    pub p: ProbabilityView<'a>,
    /// Who made it; left out when unattributed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<&'a str>,
}

impl<'a> ForecastView<'a> {
    /// The view of forecast `f` of an item with `outcomes`.
    pub fn of(f: &'a crate::model::Forecast, outcomes: &'a [String]) -> Self {
        ForecastView {
            on: f.on,
            p: ProbabilityView(&f.p, outcomes),
            by: f.by.as_deref(),
        }
    }
}

/// A forecast's probability as JSON: a number, or an object of outcome →
/// probability with the outcomes in sorted order (as [`probability_json`]).
#[derive(Debug, Clone, Copy)]
pub struct ProbabilityView<'a>(pub &'a Probability, pub &'a [String]);

impl ProbabilityView<'_> {
    /// The same value as a JSON value.
    pub fn to_json(self) -> serde_json::Value {
        probability_json(self.0, self.1)
    }
}

impl Serialize for ProbabilityView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // A number that JSON cannot hold is null, as in a `serde_json::Value`.
        fn number<S: Serializer>(x: f64, serializer: S) -> Result<S::Ok, S::Error> {
            if x.is_finite() {
                serializer.serialize_f64(x)
            } else {
                serializer.serialize_unit()
            }
        }
        struct Number(f64);
        impl Serialize for Number {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                number(self.0, serializer)
            }
        }
        match self.0 {
            Probability::Yes(x) => number(*x, serializer),
            Probability::Table(_) => {
                // Sorted by outcome; of an outcome given twice, the last value.
                let mut sorted: Vec<(&str, f64)> = self.0.entries(self.1).collect();
                sorted.sort_by(|a, b| a.0.cmp(b.0));
                let mut entries: Vec<(&str, f64)> = Vec::with_capacity(sorted.len());
                for (o, x) in sorted {
                    match entries.last_mut() {
                        Some(last) if last.0 == o => last.1 = x,
                        _ => entries.push((o, x)),
                    }
                }
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (o, x) in entries {
                    map.serialize_entry(o, &Number(x))?;
                }
                map.end()
            }
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TriggerView<'a> {
    /// `on` triggers: the date.
    #[serde(serialize_with = "opt_date")]
    pub on: Option<NaiveDate>,
    /// `after` triggers: the full ref of the target item.
    pub after: Option<String>,
    /// `after` triggers: the outcomes that fire it (null: any).
    pub outcome: Option<&'a [String]>,
    /// Whether this trigger had fired by T.
    pub fired: bool,
    /// The day it fired, when that is by T.
    #[serde(serialize_with = "opt_date")]
    pub fired_on: Option<NaiveDate>,
    /// A short description: "on 2025-09-01" or "after s/x resolves no-deal".
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignpostView<'a> {
    pub text: &'a str,
    /// The day it was observed, when that is by T.
    #[serde(serialize_with = "opt_date")]
    pub observed: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogView<'a> {
    #[serde(serialize_with = "date")]
    pub on: NaiveDate,
    pub note: &'a str,
    /// Whether the entry counts as a check of an `every` series' period.
    pub check: bool,
}

impl<'a> ItemView<'a> {
    pub fn new(
        corpus: &'a Corpus,
        index: &Index,
        statuses: &Statuses,
        key: ItemKey,
    ) -> ItemView<'a> {
        let today = statuses.today;
        let scenario = corpus.scenario_of(key);
        let item = corpus.item(key);
        let status = statuses.get(key);
        ItemView {
            reference: full_ref(corpus, key),
            scenario: &scenario.id,
            scenario_title: &scenario.title,
            id: &item.id,
            title: &item.title,
            question: item.question.as_deref(),
            criteria: item.criteria.as_deref(),
            status: status.state.as_str(),
            due: status.due,
            days_until_due: status.days_until_due(today),
            fired_on: status.fired_on,
            moot_on: status.moot_on,
            resolution: item.resolution.as_ref().filter(|r| r.on <= today).map(|r| {
                ResolutionView {
                    on: r.on,
                    outcome: &r.outcome,
                    note: r.note.as_deref(),
                    sources: &r.sources,
                }
            }),
            dropped: item
                .dropped
                .as_ref()
                .filter(|d| d.on <= today)
                .map(|d| DroppedView {
                    on: d.on,
                    reason: d.reason.as_deref(),
                }),
            tags: &item.tags,
            priority: item.priority.as_str(),
            outcomes: item.outcomes(),
            forecast: item
                .latest_forecast(today, true)
                .map(|f| ForecastView::of(f, item.outcomes())),
            forecasts: item
                .forecasts
                .iter()
                .filter(|f| f.on <= today)
                .map(|f| ForecastView::of(f, item.outcomes()))
                .collect(),
            triggers: trigger_views(corpus, index, key, today),
            signposts: item
                .signposts
                .iter()
                .map(|s| SignpostView {
                    text: &s.text,
                    observed: s.observed.filter(|d| *d <= today),
                })
                .collect(),
            every: item.every.map(DurationText),
            until: item.until,
            lead: DurationText(status.lead),
            grace: DurationText(status.grace),
            log: item
                .log
                .iter()
                .filter(|l| l.on <= today)
                .map(|l| LogView {
                    on: l.on,
                    note: &l.note,
                    check: l.check,
                })
                .collect(),
        }
    }
}

/// A duration shown as text ("7d", "2w"): its `Display`, and that text in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationText(pub Duration);

impl fmt::Display for DurationText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for DurationText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// `scenario-id/item-id`, as [`Corpus::item_ref`].
fn full_ref(corpus: &Corpus, key: ItemKey) -> String {
    let scenario = &corpus.scenario_of(key).id;
    let id = &corpus.item(key).id;
    let mut s = String::with_capacity(scenario.len() + 1 + id.len());
    s.push_str(scenario);
    s.push('/');
    s.push_str(id);
    s
}

/// A date as `YYYY-MM-DD`, its `Display` text, without going through the
/// formatting machinery for the usual four-digit years.
pub fn date_text(d: NaiveDate) -> String {
    match iso_date(d) {
        Some(buf) => buf.iter().map(|&b| char::from(b)).collect(),
        None => d.to_string(),
    }
}

/// A date as `YYYY-MM-DD`, the same text as its `Serialize`, without going
/// through the formatting machinery for the usual four-digit years.
fn date<S: Serializer>(d: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    let Some(buf) = iso_date(*d) else {
        return d.serialize(serializer);
    };
    // Only ASCII digits and dashes were written.
    let text = std::str::from_utf8(&buf).map_err(serde::ser::Error::custom)?;
    serializer.serialize_str(text)
}

/// The ASCII text of a date with a four-digit year, `None` for other years.
pub(crate) fn iso_date(d: NaiveDate) -> Option<[u8; 10]> {
    let year = d.year();
    if !(0..=9999).contains(&year) {
        return None;
    }
    let mut buf = [0u8; 10];
    let digits = |buf: &mut [u8], n: u32| {
        for (i, b) in buf.iter_mut().rev().enumerate() {
            *b = b'0' + (n / 10u32.pow(i as u32) % 10) as u8;
        }
    };
    digits(&mut buf[0..4], year as u32);
    buf[4] = b'-';
    digits(&mut buf[5..7], d.month());
    buf[7] = b'-';
    digits(&mut buf[8..10], d.day());
    Some(buf)
}

fn opt_date<S: Serializer>(d: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => serializer.serialize_some(&Date(*d)),
        None => serializer.serialize_none(),
    }
}

/// A date serialized by [`date`].
struct Date(NaiveDate);

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        date(&self.0, serializer)
    }
}

pub fn probability_json(p: &Probability, outcomes: &[String]) -> serde_json::Value {
    match p {
        Probability::Yes(x) => serde_json::json!(x),
        Probability::Table(_) => {
            let map: serde_json::Map<String, serde_json::Value> = p
                .entries(outcomes)
                .map(|(o, x)| (o.to_string(), serde_json::json!(x)))
                .collect();
            serde_json::Value::Object(map)
        }
    }
}

pub(crate) fn trigger_views<'a>(
    corpus: &'a Corpus,
    index: &Index,
    key: ItemKey,
    today: NaiveDate,
) -> Vec<TriggerView<'a>> {
    corpus
        .item(key)
        .triggers
        .iter()
        .map(|t| match t {
            Trigger::On { date } => TriggerView {
                on: Some(*date),
                after: None,
                outcome: None,
                fired: *date <= today,
                fired_on: Some(*date).filter(|d| *d <= today),
                text: format!("on {date}"),
            },
            Trigger::After {
                target, outcomes, ..
            } => {
                let tk = index.resolve(corpus, key.scenario, target);
                let full = tk.map_or_else(|| target.to_string(), |k| full_ref(corpus, k));
                let fired_on = tk
                    .and_then(|k| corpus.item(k).resolution.as_ref())
                    .filter(|r| r.on <= today)
                    .filter(|r| outcomes.as_ref().is_none_or(|os| os.contains(&r.outcome)))
                    .map(|r| r.on);
                let text = match outcomes {
                    Some(os) => format!("after {full} resolves {}", os.join(" or ")),
                    None => format!("after {full} resolves"),
                };
                TriggerView {
                    on: None,
                    after: Some(full),
                    outcome: outcomes.as_deref(),
                    fired: fired_on.is_some(),
                    fired_on,
                    text,
                }
            }
        })
        .collect()
}

/// A scenario's metadata with its items' views.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    #[serde(serialize_with = "date")]
    pub date: NaiveDate,
    pub path: String,
    pub summary: Option<&'a str>,
    pub tags: &'a [String],
    pub actors: &'a [String],
    pub regions: &'a [String],
    pub sources: &'a [Source],
    pub brief: &'a crate::model::Brief,
    pub items: Vec<ItemView<'a>>,
}

impl<'a> ScenarioView<'a> {
    /// The scenario with the given items (already filtered by the caller).
    pub fn new(
        corpus: &'a Corpus,
        scenario: &'a Scenario,
        items: Vec<ItemView<'a>>,
    ) -> ScenarioView<'a> {
        ScenarioView {
            id: &scenario.id,
            title: &scenario.title,
            date: scenario.date,
            path: corpus.files[scenario.file].path.display().to_string(),
            summary: scenario.summary.as_deref(),
            tags: &scenario.tags,
            actors: &scenario.actors,
            regions: &scenario.regions,
            sources: &scenario.sources,
            brief: &scenario.brief,
            items,
        }
    }
}

/// Which items a listing keeps: an item passes when it matches every criterion
/// that is not empty, and one of its values.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// One of these statuses.
    pub states: Vec<State>,
    /// One of these tags, on the item or its scenario.
    pub tags: Vec<String>,
    /// One of these scenario ids.
    pub scenarios: Vec<String>,
}

impl Filter {
    /// Whether any criterion is set.
    pub fn is_set(&self) -> bool {
        !self.states.is_empty() || !self.tags.is_empty() || !self.scenarios.is_empty()
    }

    /// Whether the filter looks at items, not only at whole scenarios.
    pub fn selects_items(&self) -> bool {
        !self.states.is_empty() || !self.tags.is_empty()
    }

    /// Whether scenario `scenario` passes `scenarios`.
    pub fn keeps_scenario(&self, scenario: &Scenario) -> bool {
        self.scenarios.is_empty() || self.scenarios.contains(&scenario.id)
    }

    pub fn matches(&self, corpus: &Corpus, key: ItemKey, status: &ItemStatus) -> bool {
        let scenario = corpus.scenario_of(key);
        let item = corpus.item(key);
        (self.states.is_empty() || self.states.contains(&status.state))
            && (self.tags.is_empty()
                || self
                    .tags
                    .iter()
                    .any(|t| item.tags.contains(t) || scenario.tags.contains(t)))
            && self.keeps_scenario(scenario)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Unit;

    #[test]
    fn dates_serialize_as_chrono_does() {
        for (y, m, d) in [(2025, 8, 14), (1, 1, 1), (0, 12, 31), (9999, 12, 31)] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let ours = serde_json::to_string(&Date(day)).unwrap();
            assert_eq!(ours, serde_json::to_string(&day).unwrap());
            assert_eq!(date_text(day), day.to_string());
        }
        for y in [-1, 10000, -262000] {
            let day = NaiveDate::from_ymd_opt(y, 3, 1).unwrap();
            assert_eq!(
                serde_json::to_string(&Date(day)).unwrap(),
                serde_json::to_string(&day).unwrap()
            );
            assert_eq!(date_text(day), day.to_string());
        }
    }

    #[test]
    fn durations_serialize_as_their_text() {
        for count in [0, 1, 7, 10, 99, 100, 12345, u32::MAX] {
            for unit in [Unit::Day, Unit::Week, Unit::Month, Unit::Year] {
                let d = DurationText(Duration { count, unit });
                let json = serde_json::to_string(&d).unwrap();
                assert_eq!(json, format!("\"{d}\""));
            }
        }
    }

    #[test]
    fn probabilities_serialize_as_their_json_value() {
        let outcomes = ["no-deal", "ceasefire", "framework", "a", "b"].map(String::from);
        let table = |t: &[(u32, f64)]| Probability::Table(t.into());
        for p in [
            Probability::Yes(0.45),
            Probability::Yes(f64::NAN),
            table(&[(0, 0.6), (1, 0.1), (2, 0.3)]),
            table(&[(4, 0.5), (3, 0.2), (4, 0.3)]),
            table(&[]),
        ] {
            assert_eq!(
                serde_json::to_string(&ProbabilityView(&p, &outcomes)).unwrap(),
                serde_json::to_string(&probability_json(&p, &outcomes)).unwrap()
            );
        }
    }
}
