//! Serializable views of items as of T: the stable JSON of SPEC §3.3, shared by
//! `status --format json`, `export --format json`, `show` and the digest's
//! template context. Views never show what is dated after T.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Corpus, ItemKey, Probability, Scenario, Source, Trigger, WatchItem};
use crate::status::{ItemStatus, Statuses};
use crate::validate::Index;

#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    #[serde(rename = "ref")]
    pub reference: String,
    pub scenario: String,
    pub scenario_title: String,
    pub id: String,
    pub title: String,
    pub question: Option<String>,
    pub status: &'static str,
    pub due: Option<NaiveDate>,
    pub days_until_due: Option<i64>,
    pub fired_on: Option<NaiveDate>,
    pub moot_on: Option<NaiveDate>,
    pub resolution: Option<ResolutionView>,
    pub dropped: Option<DroppedView>,
    pub tags: Vec<String>,
    pub priority: &'static str,
    pub outcomes: Vec<String>,
    /// The latest forecast dated by T, or null.
    pub forecast: Option<ForecastView>,
    /// Every forecast dated by T, in file order.
    pub forecasts: Vec<ForecastView>,
    pub triggers: Vec<TriggerView>,
    pub signposts: Vec<SignpostView>,
    pub every: Option<String>,
    pub until: Option<NaiveDate>,
    pub lead: String,
    pub grace: String,
    /// Log entries dated by T, in file order.
    pub log: Vec<LogView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResolutionView {
    pub on: NaiveDate,
    pub outcome: String,
    pub note: Option<String>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DroppedView {
    pub on: NaiveDate,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForecastView {
    pub on: NaiveDate,
    /// A number (probability of yes) or a table outcome → probability.
    pub p: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct TriggerView {
    /// `on` triggers: the date.
    pub on: Option<NaiveDate>,
    /// `after` triggers: the full ref of the target item.
    pub after: Option<String>,
    /// `after` triggers: the outcomes that fire it (null: any).
    pub outcome: Option<Vec<String>>,
    /// Whether this trigger had fired by T.
    pub fired: bool,
    /// The day it fired, when that is by T.
    pub fired_on: Option<NaiveDate>,
    /// A short description: "on 2025-09-01" or "after s/x resolves no-deal".
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignpostView {
    pub text: String,
    /// The day it was observed, when that is by T.
    pub observed: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogView {
    pub on: NaiveDate,
    pub note: String,
    /// Whether the entry counts as a check of an `every` series' period.
    pub check: bool,
}

impl ItemView {
    pub fn new(corpus: &Corpus, index: &Index, statuses: &Statuses, key: ItemKey) -> ItemView {
        let today = statuses.today;
        let scenario = corpus.scenario_of(key);
        let item = corpus.item(key);
        let status = statuses.get(key);
        ItemView {
            reference: corpus.item_ref(key),
            scenario: scenario.id.clone(),
            scenario_title: scenario.title.clone(),
            id: item.id.clone(),
            title: item.title.clone(),
            question: item.question.clone(),
            status: status.state.as_str(),
            due: status.due,
            days_until_due: status.days_until_due(today),
            fired_on: status.fired_on,
            moot_on: status.moot_on,
            resolution: item.resolution.as_ref().filter(|r| r.on <= today).map(|r| {
                ResolutionView {
                    on: r.on,
                    outcome: r.outcome.clone(),
                    note: r.note.clone(),
                    sources: r.sources.clone(),
                }
            }),
            dropped: item
                .dropped
                .as_ref()
                .filter(|d| d.on <= today)
                .map(|d| DroppedView {
                    on: d.on,
                    reason: d.reason.clone(),
                }),
            tags: item.tags.clone(),
            priority: item.priority.as_str(),
            outcomes: item.outcomes().to_vec(),
            forecast: latest_forecast(item, today).map(|(on, p)| ForecastView {
                on,
                p: probability_json(p),
            }),
            forecasts: item
                .forecasts
                .iter()
                .filter(|f| f.on <= today)
                .map(|f| ForecastView {
                    on: f.on,
                    p: probability_json(&f.p),
                })
                .collect(),
            triggers: trigger_views(corpus, index, key, today),
            signposts: item
                .signposts
                .iter()
                .map(|s| SignpostView {
                    text: s.text.clone(),
                    observed: s.observed.filter(|d| *d <= today),
                })
                .collect(),
            every: item.every.map(|d| d.to_string()),
            until: item.until,
            lead: status.lead.to_string(),
            grace: status.grace.to_string(),
            log: item
                .log
                .iter()
                .filter(|l| l.on <= today)
                .map(|l| LogView {
                    on: l.on,
                    note: l.note.clone(),
                    check: l.check,
                })
                .collect(),
        }
    }
}

/// The latest forecast dated on or before `day` (of two on one day, the later in the list).
pub fn latest_forecast(item: &WatchItem, day: NaiveDate) -> Option<(NaiveDate, &Probability)> {
    item.latest_forecast(day, true).map(|f| (f.on, &f.p))
}

pub fn probability_json(p: &Probability) -> serde_json::Value {
    match p {
        Probability::Yes(x) => serde_json::json!(x),
        Probability::Table(t) => {
            let map: serde_json::Map<String, serde_json::Value> = t
                .iter()
                .map(|(o, x)| (o.clone(), serde_json::json!(x)))
                .collect();
            serde_json::Value::Object(map)
        }
    }
}

fn trigger_views(
    corpus: &Corpus,
    index: &Index,
    key: ItemKey,
    today: NaiveDate,
) -> Vec<TriggerView> {
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
                let full = tk.map_or_else(|| target.to_string(), |k| corpus.item_ref(k));
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
                    outcome: outcomes.clone(),
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
pub struct ScenarioView {
    pub id: String,
    pub title: String,
    pub date: NaiveDate,
    pub path: String,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub actors: Vec<String>,
    pub regions: Vec<String>,
    pub sources: Vec<Source>,
    pub brief: crate::model::Brief,
    pub items: Vec<ItemView>,
}

impl ScenarioView {
    /// The scenario with the given items (already filtered by the caller).
    pub fn new(corpus: &Corpus, scenario: &Scenario, items: Vec<ItemView>) -> ScenarioView {
        ScenarioView {
            id: scenario.id.clone(),
            title: scenario.title.clone(),
            date: scenario.date,
            path: corpus.files[scenario.file].path.display().to_string(),
            summary: scenario.summary.clone(),
            tags: scenario.tags.clone(),
            actors: scenario.actors.clone(),
            regions: scenario.regions.clone(),
            sources: scenario.sources.clone(),
            brief: scenario.brief.clone(),
            items,
        }
    }
}

/// Whether an item passes the shared listing filters (`--status`, `--tag`, `--scenario`).
pub fn matches_filters(
    corpus: &Corpus,
    key: ItemKey,
    status: &ItemStatus,
    filters: &crate::cli::Filters,
) -> bool {
    let scenario = corpus.scenario_of(key);
    let item = corpus.item(key);
    (filters.status.is_empty() || filters.status.iter().any(|s| s == status.state.as_str()))
        && (filters.tag.is_empty()
            || filters
                .tag
                .iter()
                .any(|t| item.tags.contains(t) || scenario.tags.contains(t)))
        && (filters.scenario.is_empty() || filters.scenario.contains(&scenario.id))
}

/// Checks `--status` values, so that a typo is a usage error rather than an empty list.
pub fn check_filters(filters: &crate::cli::Filters) -> crate::Result<()> {
    for s in &filters.status {
        if crate::status::State::parse(s).is_none() {
            let names: Vec<&str> = crate::status::State::ALL
                .iter()
                .map(|s| s.as_str())
                .collect();
            return Err(crate::Failure::Usage(format!(
                "unknown status \"{s}\": expected one of {}",
                names.join(", ")
            )));
        }
    }
    Ok(())
}
