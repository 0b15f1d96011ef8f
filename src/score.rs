//! Forecast scoring (SPEC §5): the corpus and a day T in, a [`Scorecard`] out.
//! Pure: no I/O, no clock.
//!
//! The rules, as implemented here:
//!
//! - An item counts once it is **resolved as of T** (`resolution.on <= T`) and passes
//!   the [`Filter`]; a resolution dated after T does not exist yet.
//! - Its **scored forecast** is the latest one dated strictly before the resolution
//!   day (of two on the same day, the later in the list). A forecast made on the day
//!   of the resolution is not a forecast. A resolved item with no such forecast is
//!   **unscored**: counted, listed, never averaged.
//! - **Brier**: a yes/no item scores `(p − o)²` with `p` its probability of yes and
//!   `o` 1 when the outcome is yes; any other item scores `Σ (pᵢ − oᵢ)²` over its
//!   outcomes (an outcome left out of a table counts as 0). 0 is perfect.
//! - **Log score**: `ln` of the probability given to the actual outcome, clamped to
//!   at least [`LOG_FLOOR`] so that a confident miss costs `ln 0.001 ≈ −6.908`
//!   rather than −∞. 0 is perfect.
//! - **Calibration** takes every (probability, happened) pair: one per yes/no item
//!   (its probability of yes), one per outcome of any other item. A pair goes to
//!   bin `floor(10·p)`, p = 1 to the last bin.
//! - **Tags** of an item are its own tags followed by its scenario's (without
//!   repeats), the same set `--tag` filters on everywhere.
//! - **Forecasters**: a forecast's `by` names who made it; one without is
//!   unattributed (`""`). Per forecaster, that person's latest forecast dated
//!   strictly before the resolution day is scored; a forecaster who forecast an
//!   item (as of T) but only on or after its resolution day has it unscored.
//!   An item nobody forecast belongs to no forecaster.
//! - **Two Brier scales**: a yes/no item's Brier is in [0, 1], a multi-outcome
//!   one's in [0, 2]. Besides the documented `brier` over all scored items, every
//!   mean is also given per kind (`brier_yes_no`, `brier_multi`), which is what
//!   people are shown: the two are never averaged together in a table.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::{Corpus, Forecast, ItemKey, Probability, Resolution, WatchItem};

/// The least probability the log score takes: ln(0.001) ≈ −6.908.
pub const LOG_FLOOR: f64 = 0.001;

/// Calibration bins, each a tenth wide.
pub const BINS: usize = 10;

/// Which resolved items a scorecard covers (beyond "resolved as of T").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only items resolved on or after this day.
    pub since: Option<NaiveDate>,
    /// Only items resolved on or before this day.
    pub until: Option<NaiveDate>,
    /// Only items with any of these tags (on the item or its scenario); empty: all.
    pub tags: Vec<String>,
    /// Only this forecaster's forecasts (`""`: the unattributed ones), on the
    /// items they forecast; `None`: the latest forecast of anyone.
    pub forecaster: Option<String>,
    /// List only this many of the latest scored and of the latest unscored
    /// items (`None`: all); the counts and means are over every item. A digest
    /// shows a few, and building the others would only cost memory.
    pub latest: Option<usize>,
}

impl Filter {
    /// Items resolved between `first` and `last`, both included (a digest's week).
    pub fn resolved_between(first: NaiveDate, last: NaiveDate) -> Filter {
        Filter {
            since: Some(first),
            until: Some(last),
            tags: Vec::new(),
            forecaster: None,
            latest: None,
        }
    }

    fn accepts_day(&self, resolved_on: NaiveDate) -> bool {
        self.since.is_none_or(|d| resolved_on >= d) && self.until.is_none_or(|d| resolved_on <= d)
    }
}

/// The scores of every resolved item a filter selects, as of T.
#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    pub as_of: NaiveDate,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// The counts and means over every scored item: `scored`, `unscored`,
    /// `brier` (all items), `brier_yes_no` (0–1) and `brier_multi` (0–2) with
    /// their counts, `log_score`; a mean is `None` (null) when nothing counts.
    #[serde(flatten)]
    pub totals: TagScore,
    /// Tag → the same counts and means over the items carrying that tag.
    pub by_tag: BTreeMap<String, TagScore>,
    /// Forecaster (`""`: unattributed) → the counts and means of that person's
    /// forecasts, on the items they forecast.
    pub by_forecaster: BTreeMap<String, TagScore>,
    /// Month of the resolution (`YYYY-MM`) → the counts and means of the items
    /// resolved in it.
    pub by_month: BTreeMap<String, TagScore>,
    /// Always [`BINS`] bins, lowest first; empty bins have count 0 and null means.
    pub calibration: Vec<Bin>,
    /// The scored items, by resolution day, then ref.
    pub items: Vec<ScoredItem>,
    /// The unscored items, by resolution day, then ref.
    pub unscored_items: Vec<UnscoredItem>,
}

impl std::ops::Deref for Scorecard {
    type Target = TagScore;

    /// The totals, read as the scorecard's own fields (`card.brier`).
    fn deref(&self) -> &TagScore {
        &self.totals
    }
}

/// The counts and means of a group of items (a tag, a forecaster, a month).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TagScore {
    pub scored: usize,
    pub unscored: usize,
    #[serde(serialize_with = "round::opt")]
    pub brier: Option<f64>,
    #[serde(serialize_with = "round::opt")]
    pub brier_yes_no: Option<f64>,
    pub scored_yes_no: usize,
    #[serde(serialize_with = "round::opt")]
    pub brier_multi: Option<f64>,
    pub scored_multi: usize,
    #[serde(serialize_with = "round::opt")]
    pub log_score: Option<f64>,
}

/// One calibration bin: forecasts with `lo <= p < hi` (the last bin includes 1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    pub lo: f64,
    pub hi: f64,
    /// How many (probability, happened) pairs fell in the bin.
    pub count: usize,
    /// The mean probability of those pairs; null when the bin is empty.
    #[serde(serialize_with = "round::opt")]
    pub mean_forecast: Option<f64>,
    /// The share of those pairs that happened; null when the bin is empty.
    #[serde(serialize_with = "round::opt")]
    pub observed: Option<f64>,
}

/// A resolved item with the forecast that is scored and its scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredItem {
    #[serde(skip)]
    pub key: ItemKey,
    #[serde(rename = "ref")]
    pub reference: String,
    pub scenario: String,
    pub id: String,
    pub title: String,
    pub resolved_on: NaiveDate,
    pub outcome: String,
    /// The day of the scored forecast.
    pub forecast_on: NaiveDate,
    /// Who made it; null when unattributed.
    pub by: Option<String>,
    /// Whether the item is yes/no (its Brier is in [0, 1]) rather than multi-outcome.
    pub yes_no: bool,
    /// The scored forecast as written: a number (probability of yes) or a table.
    pub forecast: serde_json::Value,
    /// The probability the forecast gave the actual outcome (not clamped).
    #[serde(serialize_with = "round::f")]
    pub p_outcome: f64,
    #[serde(serialize_with = "round::f")]
    pub brier: f64,
    #[serde(serialize_with = "round::f")]
    pub log_score: f64,
    /// The item's tags, then its scenario's.
    pub tags: Vec<String>,
}

/// A resolved item that had no forecast before its resolution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnscoredItem {
    #[serde(skip)]
    pub key: ItemKey,
    #[serde(rename = "ref")]
    pub reference: String,
    pub title: String,
    pub resolved_on: NaiveDate,
    pub outcome: String,
    pub tags: Vec<String>,
}

/// The scores of one forecast against one outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastScore {
    /// The probability given to the actual outcome (not clamped).
    pub p_outcome: f64,
    pub brier: f64,
    pub log_score: f64,
    /// The (probability, happened) pairs the forecast adds to the calibration table.
    pub pairs: Vec<(f64, bool)>,
}

/// Scores every item resolved as of `today` that `filter` selects.
pub fn score(corpus: &Corpus, today: NaiveDate, filter: &Filter) -> Scorecard {
    scorecard(corpus, today, filter)
}

/// Compares the refs of two items (`scenario-id/item-id`) as strings, without
/// building them.
pub fn cmp_refs(corpus: &Corpus, a: ItemKey, b: ItemKey) -> Ordering {
    let parts = |k: ItemKey| {
        (
            corpus.scenario_of(k).id.as_str(),
            corpus.item(k).id.as_str(),
        )
    };
    cmp_ref_parts(parts(a), parts(b))
}

/// Compares two refs given as (scenario id, item id), as the strings
/// `scenario-id/item-id` compare.
pub fn cmp_ref_parts((sa, item_a): (&str, &str), (sb, item_b): (&str, &str)) -> Ordering {
    if sa == sb {
        return item_a.cmp(item_b);
    }
    let n = sa.len().min(sb.len());
    match sa.as_bytes()[..n].cmp(&sb.as_bytes()[..n]) {
        Ordering::Equal => {}
        other => return other,
    }
    // One scenario id is a prefix of the other: compare the whole refs.
    ref_bytes(sa, item_a).cmp(ref_bytes(sb, item_b))
}

fn ref_bytes<'a>(scenario: &'a str, item: &'a str) -> impl Iterator<Item = u8> + 'a {
    scenario
        .bytes()
        .chain(std::iter::once(b'/'))
        .chain(item.bytes())
}

/// A resolved item the scorecard counts, before any of its text is copied.
struct Counted<'a> {
    key: ItemKey,
    res: &'a Resolution,
    yes_no: bool,
    /// The scored forecast and its scores; `None` when unscored.
    scored: Option<(&'a Forecast, ForecastScore)>,
    /// Each forecaster of the item with their scored forecast's scores (`None`:
    /// unscored), in the order they first appear.
    people: Vec<(&'a str, Option<ForecastScore>)>,
    tags: Vec<&'a str>,
}

/// Counts and sums towards one group's means.
#[derive(Default)]
struct Sums {
    scored: usize,
    unscored: usize,
    brier: f64,
    log_score: f64,
    yes_no: (usize, f64),
    multi: (usize, f64),
}

impl Sums {
    fn add(&mut self, s: Option<&ForecastScore>, yes_no: bool) {
        let Some(s) = s else {
            self.unscored += 1;
            return;
        };
        self.scored += 1;
        self.brier += s.brier;
        self.log_score += s.log_score;
        let kind = if yes_no {
            &mut self.yes_no
        } else {
            &mut self.multi
        };
        kind.0 += 1;
        kind.1 += s.brier;
    }

    fn means(&self) -> TagScore {
        let mean = |sum: f64, n: usize| (n > 0).then(|| sum / n as f64);
        TagScore {
            scored: self.scored,
            unscored: self.unscored,
            brier: mean(self.brier, self.scored),
            brier_yes_no: mean(self.yes_no.1, self.yes_no.0),
            scored_yes_no: self.yes_no.0,
            brier_multi: mean(self.multi.1, self.multi.0),
            scored_multi: self.multi.0,
            log_score: mean(self.log_score, self.scored),
        }
    }
}

fn means(groups: BTreeMap<impl ToString, Sums>) -> BTreeMap<String, TagScore> {
    groups
        .into_iter()
        .map(|(k, s)| (k.to_string(), s.means()))
        .collect()
}

/// The name a forecast counts under: its `by`, or `""` when unattributed.
pub fn forecaster_of(f: &Forecast) -> &str {
    f.by.as_deref().unwrap_or("")
}

/// The forecasters of an item's forecasts dated by `today`, in the order they
/// first appear (`""` for unattributed forecasts).
pub fn forecasters(item: &WatchItem, today: NaiveDate) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for f in item.forecasts.iter().filter(|f| f.on <= today) {
        let name = forecaster_of(f);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// `who`'s forecast scored for a resolution on `resolved_on`: their latest dated
/// strictly before that day; of two on the same day, the later in the list.
pub fn scored_forecast_by<'a>(
    item: &'a WatchItem,
    who: &str,
    resolved_on: NaiveDate,
) -> Option<&'a Forecast> {
    item.forecasts
        .iter()
        .filter(|f| f.on < resolved_on && forecaster_of(f) == who)
        .fold(None, |best: Option<&Forecast>, f| match best {
            Some(b) if b.on > f.on => Some(b),
            _ => Some(f),
        })
}

fn scorecard(corpus: &Corpus, today: NaiveDate, filter: &Filter) -> Scorecard {
    let mut counted = Vec::new();
    let mut pairs = Vec::new();
    for key in corpus.keys() {
        let item = corpus.item(key);
        let Some(res) = item.resolution.as_ref().filter(|r| r.on <= today) else {
            continue;
        };
        // The day first: a week's scorecard skips most items without building their tags.
        if !filter.accepts_day(res.on) {
            continue;
        }
        let tags = tag_refs(corpus, key);
        if !filter.tags.is_empty() && !filter.tags.iter().any(|t| tags.contains(&t.as_str())) {
            continue;
        }
        let mut names = forecasters(item, today);
        if let Some(who) = &filter.forecaster {
            if !names.contains(&who.as_str()) {
                continue;
            }
            names.retain(|n| n == who);
        }
        let people = names
            .into_iter()
            .map(|who| {
                let s = scored_forecast_by(item, who, res.on)
                    .map(|f| score_forecast(item, &f.p, &res.outcome));
                (who, s)
            })
            .collect();
        let scored = match &filter.forecaster {
            Some(who) => scored_forecast_by(item, who, res.on),
            None => scored_forecast(item, res.on),
        }
        .map(|f| {
            let s = score_forecast(item, &f.p, &res.outcome);
            pairs.extend_from_slice(&s.pairs);
            (f, s)
        });
        counted.push(Counted {
            key,
            res,
            yes_no: item.is_binary(),
            scored,
            people,
            tags,
        });
    }
    // By resolution day, then ref: the order of the lists and of every mean's sum.
    counted.sort_by(|a, b| {
        a.res
            .on
            .cmp(&b.res.on)
            .then_with(|| cmp_refs(corpus, a.key, b.key))
    });

    let mut total = Sums::default();
    let mut by_tag: BTreeMap<&str, Sums> = BTreeMap::new();
    let mut by_forecaster: BTreeMap<&str, Sums> = BTreeMap::new();
    // By (year, month): the `YYYY-MM` key is written once per month, not per item.
    let mut by_month: BTreeMap<(i32, u32), Sums> = BTreeMap::new();
    for c in &counted {
        let s = c.scored.as_ref().map(|(_, s)| s);
        total.add(s, c.yes_no);
        for tag in &c.tags {
            by_tag.entry(tag).or_default().add(s, c.yes_no);
        }
        by_month
            .entry((c.res.on.year(), c.res.on.month()))
            .or_default()
            .add(s, c.yes_no);
        for (who, s) in &c.people {
            by_forecaster
                .entry(who)
                .or_default()
                .add(s.as_ref(), c.yes_no);
        }
    }

    let mut items = Vec::new();
    let mut unscored_items = Vec::new();
    let scored_count = counted.iter().filter(|c| c.scored.is_some()).count();
    let (mut skip_scored, mut skip_unscored) = match filter.latest {
        Some(n) => (
            scored_count.saturating_sub(n),
            (counted.len() - scored_count).saturating_sub(n),
        ),
        None => (0, 0),
    };
    for c in counted {
        let skip = if c.scored.is_some() {
            &mut skip_scored
        } else {
            &mut skip_unscored
        };
        if *skip > 0 {
            *skip -= 1;
            continue;
        }
        let tags = c.tags.iter().map(|t| t.to_string()).collect();
        match c.scored {
            Some((f, s)) => items.push(make_scored(corpus, c.key, c.res, f, s, tags)),
            None => unscored_items.push(UnscoredItem {
                key: c.key,
                reference: corpus.item_ref(c.key),
                title: corpus.item(c.key).title.clone(),
                resolved_on: c.res.on,
                outcome: c.res.outcome.clone(),
                tags,
            }),
        }
    }

    Scorecard {
        as_of: today,
        since: filter.since,
        until: filter.until,
        totals: total.means(),
        by_tag: means(by_tag),
        by_forecaster: means(by_forecaster),
        by_month: by_month
            .into_iter()
            .map(|((y, m), s)| (format!("{y:04}-{m:02}"), s.means()))
            .collect(),
        calibration: calibration(&pairs),
        items,
        unscored_items,
    }
}

/// One item's scores as of `today`: `None` when it is not resolved by then or had no
/// forecast before its resolution.
#[cfg(test)]
pub fn scored_item(corpus: &Corpus, key: ItemKey, today: NaiveDate) -> Option<ScoredItem> {
    let item = corpus.item(key);
    let res = item.resolution.as_ref().filter(|r| r.on <= today)?;
    let f = scored_forecast(item, res.on)?;
    let s = score_forecast(item, &f.p, &res.outcome);
    Some(make_scored(corpus, key, res, f, s, tags_of(corpus, key)))
}

/// The forecast scored for a resolution on `resolved_on`: the latest dated strictly
/// before that day; of two on the same day, the later in the list.
pub fn scored_forecast(item: &WatchItem, resolved_on: NaiveDate) -> Option<&Forecast> {
    item.latest_forecast(resolved_on, false)
}

/// Scores forecast `p` on `item` against `outcome`.
pub fn score_forecast(item: &WatchItem, p: &Probability, outcome: &str) -> ForecastScore {
    let outcomes = item.outcomes();
    let p_outcome = p.of(outcomes, outcome);
    let log_score = p_outcome.max(LOG_FLOOR).ln();
    if item.is_binary() {
        let p_yes = p.of(outcomes, "yes");
        let happened = outcome == "yes";
        let o = if happened { 1.0 } else { 0.0 };
        return ForecastScore {
            p_outcome,
            brier: (p_yes - o).powi(2),
            log_score,
            pairs: vec![(p_yes, happened)],
        };
    }
    let pairs: Vec<(f64, bool)> = outcomes
        .iter()
        .map(|o| (p.of(outcomes, o), o == outcome))
        .collect();
    let brier = pairs
        .iter()
        .map(|&(pi, happened)| (pi - if happened { 1.0 } else { 0.0 }).powi(2))
        .sum();
    ForecastScore {
        p_outcome,
        brier,
        log_score,
        pairs,
    }
}

/// The calibration bin of probability `p`: `floor(10·p)`, with 1 in the last bin.
pub fn bin_of(p: f64) -> usize {
    // The nudge keeps a decimal tenth such as 0.3 (stored as 0.29999…) in its own bin.
    let b = (p * BINS as f64 + 1e-9).floor();
    if b <= 0.0 {
        0
    } else {
        (b as usize).min(BINS - 1)
    }
}

/// Bins (probability, happened) pairs into the [`BINS`] calibration bins.
pub fn calibration(pairs: &[(f64, bool)]) -> Vec<Bin> {
    let mut sums = [(0usize, 0.0f64, 0usize); BINS];
    for &(p, happened) in pairs {
        let s = &mut sums[bin_of(p)];
        s.0 += 1;
        s.1 += p;
        s.2 += usize::from(happened);
    }
    sums.iter()
        .enumerate()
        .map(|(i, &(count, total, hits))| Bin {
            lo: i as f64 / BINS as f64,
            hi: (i + 1) as f64 / BINS as f64,
            count,
            mean_forecast: (count > 0).then(|| total / count as f64),
            observed: (count > 0).then(|| hits as f64 / count as f64),
        })
        .collect()
}

/// An item's tags followed by its scenario's, without repeats.
#[cfg(test)]
pub fn tags_of(corpus: &Corpus, key: ItemKey) -> Vec<String> {
    tag_refs(corpus, key)
        .into_iter()
        .map(str::to_string)
        .collect()
}

fn tag_refs(corpus: &Corpus, key: ItemKey) -> Vec<&str> {
    let mut tags: Vec<&str> = Vec::new();
    for t in corpus
        .item(key)
        .tags
        .iter()
        .chain(&corpus.scenario_of(key).tags)
    {
        if !tags.contains(&t.as_str()) {
            tags.push(t);
        }
    }
    tags
}

fn make_scored(
    corpus: &Corpus,
    key: ItemKey,
    res: &Resolution,
    f: &Forecast,
    s: ForecastScore,
    tags: Vec<String>,
) -> ScoredItem {
    let item = corpus.item(key);
    ScoredItem {
        key,
        reference: corpus.item_ref(key),
        scenario: corpus.scenario_of(key).id.clone(),
        id: item.id.clone(),
        title: item.title.clone(),
        resolved_on: res.on,
        outcome: res.outcome.clone(),
        forecast_on: f.on,
        by: f.by.clone(),
        yes_no: item.is_binary(),
        forecast: crate::view::probability_json(&f.p, item.outcomes()),
        p_outcome: s.p_outcome,
        brier: s.brier,
        log_score: s.log_score,
        tags,
    }
}

/// JSON numbers rounded to 9 decimals, so that `(0.7 − 1)²` prints as 0.09 and not
/// 0.09000000000000002; far finer than any forecast is meant.
mod round {
    use serde::Serializer;

    fn r(x: f64) -> f64 {
        // `+ 0.0` turns a rounded −0 into 0.
        (x * 1e9).round() / 1e9 + 0.0
    }

    pub fn f<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(r(*x))
    }

    pub fn opt<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match x {
            Some(x) => s.serialize_f64(r(*x)),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests;
