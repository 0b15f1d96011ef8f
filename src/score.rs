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

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::NaiveDate;
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
}

impl Filter {
    /// Items resolved between `first` and `last`, both included (a digest's week).
    pub fn resolved_between(first: NaiveDate, last: NaiveDate) -> Filter {
        Filter {
            since: Some(first),
            until: Some(last),
            tags: Vec::new(),
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
    /// Items scored (resolved with a forecast dated before the resolution).
    pub scored: usize,
    /// Items resolved without a forecast dated before the resolution.
    pub unscored: usize,
    /// Mean Brier score over the scored items; `None` (null) when none is scored.
    #[serde(serialize_with = "round::opt")]
    pub brier: Option<f64>,
    /// Mean log score over the scored items; `None` (null) when none is scored.
    #[serde(serialize_with = "round::opt")]
    pub log_score: Option<f64>,
    /// Tag → the same counts and means over the items carrying that tag.
    pub by_tag: BTreeMap<String, TagScore>,
    /// Always [`BINS`] bins, lowest first; empty bins have count 0 and null means.
    pub calibration: Vec<Bin>,
    /// The scored items, by resolution day, then ref.
    pub items: Vec<ScoredItem>,
    /// The unscored items, by resolution day, then ref.
    pub unscored_items: Vec<UnscoredItem>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TagScore {
    pub scored: usize,
    pub unscored: usize,
    #[serde(serialize_with = "round::opt")]
    pub brier: Option<f64>,
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
    scorecard(corpus, today, filter, true)
}

/// The same scorecard without its lists of items (`items` and `unscored_items`
/// are empty): the counts, means, tags and calibration only.
pub fn totals(corpus: &Corpus, today: NaiveDate, filter: &Filter) -> Scorecard {
    scorecard(corpus, today, filter, false)
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
    /// The scored forecast and its scores; `None` when unscored.
    scored: Option<(&'a Forecast, ForecastScore)>,
    tags: Vec<&'a str>,
}

fn scorecard(corpus: &Corpus, today: NaiveDate, filter: &Filter, lists: bool) -> Scorecard {
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
        let scored = scored_forecast(item, res.on).map(|f| {
            let s = score_forecast(item, &f.p, &res.outcome);
            pairs.extend_from_slice(&s.pairs);
            (f, s)
        });
        counted.push(Counted {
            key,
            res,
            scored,
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

    #[derive(Default)]
    struct Sums {
        scored: usize,
        unscored: usize,
        brier: f64,
        log_score: f64,
    }
    let mut by_tag: BTreeMap<&str, Sums> = BTreeMap::new();
    let mut total = Sums::default();
    for c in &counted {
        match &c.scored {
            Some((_, s)) => {
                total.scored += 1;
                total.brier += s.brier;
                total.log_score += s.log_score;
                for tag in &c.tags {
                    let sums = by_tag.entry(tag).or_default();
                    sums.scored += 1;
                    sums.brier += s.brier;
                    sums.log_score += s.log_score;
                }
            }
            None => {
                total.unscored += 1;
                for tag in &c.tags {
                    by_tag.entry(tag).or_default().unscored += 1;
                }
            }
        }
    }
    let mean = |sum: f64, n: usize| (n > 0).then(|| sum / n as f64);
    let by_tag = by_tag
        .into_iter()
        .map(|(tag, s)| {
            (
                tag.to_string(),
                TagScore {
                    scored: s.scored,
                    unscored: s.unscored,
                    brier: mean(s.brier, s.scored),
                    log_score: mean(s.log_score, s.scored),
                },
            )
        })
        .collect();

    let mut items = Vec::new();
    let mut unscored_items = Vec::new();
    if lists {
        for c in counted {
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
    }

    Scorecard {
        as_of: today,
        since: filter.since,
        until: filter.until,
        scored: total.scored,
        unscored: total.unscored,
        brier: mean(total.brier, total.scored),
        log_score: mean(total.log_score, total.scored),
        by_tag,
        calibration: calibration(&pairs),
        items,
        unscored_items,
    }
}

/// One item's scores as of `today`: `None` when it is not resolved by then or had no
/// forecast before its resolution. (The digest uses this for the week's resolutions.)
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
    let p_outcome = p.of(outcome);
    let log_score = p_outcome.max(LOG_FLOOR).ln();
    if item.is_binary() {
        let p_yes = p.of("yes");
        let happened = outcome == "yes";
        let o = if happened { 1.0 } else { 0.0 };
        return ForecastScore {
            p_outcome,
            brier: (p_yes - o).powi(2),
            log_score,
            pairs: vec![(p_yes, happened)],
        };
    }
    let pairs: Vec<(f64, bool)> = item
        .outcomes()
        .iter()
        .map(|o| (p.of(o), o == outcome))
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
        forecast: crate::view::probability_json(&f.p),
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
mod tests {
    use super::*;

    const EPS: f64 = 1e-12;

    fn day(text: &str) -> NaiveDate {
        crate::value::parse_date(text).expect("test date")
    }

    /// A corpus of scenario files given as (file name, TOML), which must be
    /// valid and draw no warning.
    fn corpus(files: &[(&str, &str)]) -> Corpus {
        let paths: Vec<String> = files
            .iter()
            .map(|(name, _)| format!("scenarios/{name}.toml"))
            .collect();
        let files: Vec<(&str, &str)> = paths
            .iter()
            .zip(files)
            .map(|(path, (_, text))| (path.as_str(), *text))
            .collect();
        let (corpus, _, diags) = crate::testing::corpus(&files);
        assert!(diags.is_empty(), "{diags:?}");
        corpus
    }

    /// One scenario `s` (tags `region`) with the given `[[watch]]` tables.
    fn one(items: &str) -> Corpus {
        corpus(&[(
            "s",
            &format!("title = \"S\"\ndate = 2025-08-01\ntags = [\"region\"]\n{items}"),
        )])
    }

    fn key(item: usize) -> ItemKey {
        ItemKey { scenario: 0, item }
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < EPS, "{a} != {b}");
    }

    const YES_70: &str = r#"
[[watch]]
id = "yes-70"
title = "A yes/no item forecast at 0.7 that happened"
tags = ["summit"]
forecast = [{ on = 2025-08-10, p = 0.7 }]
resolution = { on = 2025-08-15, outcome = "yes" }
"#;

    const THREE_WAY: &str = r#"
[[watch]]
id = "three-way"
title = "A three-outcome item"
outcomes = ["ceasefire", "framework", "no-deal"]
forecast = [{ on = 2025-08-12, p = { ceasefire = 0.1, framework = 0.3, no-deal = 0.6 } }]
resolution = { on = 2025-08-15, outcome = "no-deal" }
"#;

    #[test]
    fn a_binary_item_scores_against_its_probability_of_yes() {
        let c = one(YES_70);
        let s = scored_item(&c, key(0), day("2025-08-20")).expect("scored");
        close(s.brier, 0.09); // (0.7 − 1)²
        close(s.log_score, 0.7f64.ln()); // −0.356675
        close(s.p_outcome, 0.7);
        assert_eq!(s.forecast_on, day("2025-08-10"));
    }

    #[test]
    fn a_binary_no_scores_one_minus_p() {
        let c = one(&YES_70.replace("outcome = \"yes\"", "outcome = \"no\""));
        let s = scored_item(&c, key(0), day("2025-08-20")).expect("scored");
        close(s.brier, 0.49); // (0.7 − 0)²
        close(s.p_outcome, 0.3);
        close(s.log_score, 0.3f64.ln()); // −1.203973
    }

    #[test]
    fn a_multi_outcome_item_sums_over_its_outcomes() {
        let c = one(THREE_WAY);
        let s = scored_item(&c, key(0), day("2025-08-20")).expect("scored");
        // 0.1² + 0.3² + (0.6 − 1)² = 0.01 + 0.09 + 0.16
        close(s.brier, 0.26);
        close(s.log_score, 0.6f64.ln()); // −0.510826
    }

    #[test]
    fn an_outcome_left_out_of_a_table_counts_as_zero() {
        let c = one(&THREE_WAY.replace(
            "ceasefire = 0.1, framework = 0.3, no-deal = 0.6",
            "framework = 0.25, no-deal = 0.75",
        ));
        let s = scored_item(&c, key(0), day("2025-08-20")).expect("scored");
        close(s.brier, 0.0 + 0.0625 + 0.0625);
        let card = score(&c, day("2025-08-20"), &Filter::default());
        // The missing "ceasefire" is still a pair, at p = 0, in the first bin.
        assert_eq!(card.calibration[0].count, 1);
        close(card.calibration[0].mean_forecast.unwrap_or(-1.0), 0.0);
    }

    #[test]
    fn of_two_forecasts_on_one_day_the_later_in_the_list_is_scored() {
        let c = one(&YES_70.replace(
            "forecast = [{ on = 2025-08-10, p = 0.7 }]",
            "forecast = [{ on = 2025-08-10, p = 0.7 }, { on = 2025-08-10, p = 0.4 }, { on = 2025-08-09, p = 0.9 }]",
        ));
        let s = scored_item(&c, key(0), day("2025-08-20")).expect("scored");
        close(s.p_outcome, 0.4);
        close(s.brier, 0.36); // (0.4 − 1)²
    }

    #[test]
    fn a_forecast_on_the_resolution_day_is_not_scored() {
        let c = one(&YES_70.replace(
            "forecast = [{ on = 2025-08-10, p = 0.7 }]",
            "forecast = [{ on = 2025-08-10, p = 0.7 }, { on = 2025-08-15, p = 1.0 }]",
        ));
        let s = scored_item(&c, key(0), day("2025-08-20")).expect("scored");
        assert_eq!(s.forecast_on, day("2025-08-10"));
        close(s.brier, 0.09);
    }

    #[test]
    fn an_item_forecast_only_on_its_resolution_day_is_unscored() {
        let c = one(&YES_70.replace("on = 2025-08-10, p = 0.7", "on = 2025-08-15, p = 0.7"));
        assert_eq!(scored_item(&c, key(0), day("2025-08-20")), None);
        let card = score(&c, day("2025-08-20"), &Filter::default());
        assert_eq!((card.scored, card.unscored), (0, 1));
        assert_eq!(card.brier, None);
        assert_eq!(card.log_score, None);
        assert_eq!(card.unscored_items[0].reference, "s/yes-70");
        assert_eq!(card.by_tag["summit"].unscored, 1);
        assert_eq!(card.by_tag["summit"].brier, None);
    }

    #[test]
    fn a_probability_of_zero_on_the_outcome_is_clamped_for_the_log_score() {
        let c = one(&YES_70.replace("p = 0.7", "p = 0"));
        let s = scored_item(&c, key(0), day("2025-08-20")).expect("scored");
        close(s.p_outcome, 0.0);
        close(s.log_score, 0.001f64.ln()); // −6.907755
        close(s.brier, 1.0);
    }

    #[test]
    fn a_resolution_after_t_is_not_scored_yet() {
        let c = one(YES_70);
        assert_eq!(scored_item(&c, key(0), day("2025-08-14")), None);
        let card = score(&c, day("2025-08-14"), &Filter::default());
        assert_eq!((card.scored, card.unscored), (0, 0));
        assert!(scored_item(&c, key(0), day("2025-08-15")).is_some());
    }

    #[test]
    fn bins_are_tenths_with_one_in_the_last() {
        assert_eq!(bin_of(0.0), 0);
        assert_eq!(bin_of(0.05), 0);
        assert_eq!(bin_of(0.1), 1);
        assert_eq!(bin_of(0.3), 3);
        assert_eq!(bin_of(0.7), 7);
        assert_eq!(bin_of(0.95), 9);
        assert_eq!(bin_of(0.99), 9);
        assert_eq!(bin_of(1.0), 9);
        for i in 0..10 {
            assert_eq!(bin_of(f64::from(i) / 10.0), i as usize);
        }
    }

    #[test]
    fn calibration_counts_means_and_frequencies_per_bin() {
        let bins = calibration(&[(1.0, true), (0.95, false), (0.91, true), (0.2, false)]);
        assert_eq!(bins.len(), 10);
        let last = &bins[9];
        close(last.lo, 0.9);
        close(last.hi, 1.0);
        assert_eq!(last.count, 3);
        close(
            last.mean_forecast.unwrap_or(-1.0),
            (1.0 + 0.95 + 0.91) / 3.0,
        );
        close(last.observed.unwrap_or(-1.0), 2.0 / 3.0);
        assert_eq!(bins[2].count, 1);
        close(bins[2].observed.unwrap_or(-1.0), 0.0);
        assert_eq!(bins[5].count, 0);
        assert_eq!((bins[5].mean_forecast, bins[5].observed), (None, None));
    }

    #[test]
    fn the_scorecard_averages_items_and_bins_every_pair() {
        let c = one(&format!("{YES_70}{THREE_WAY}"));
        let card = score(&c, day("2025-08-20"), &Filter::default());
        assert_eq!((card.scored, card.unscored), (2, 0));
        close(card.brier.unwrap_or(-1.0), (0.09 + 0.26) / 2.0);
        close(
            card.log_score.unwrap_or(1.0),
            (0.7f64.ln() + 0.6f64.ln()) / 2.0,
        );
        // Pairs: yes/no (0.7, yes); three-way (0.1, no), (0.3, no), (0.6, yes).
        let counts: Vec<usize> = card.calibration.iter().map(|b| b.count).collect();
        assert_eq!(counts, [0, 1, 0, 1, 0, 0, 1, 1, 0, 0]);
        close(card.calibration[6].observed.unwrap_or(-1.0), 1.0);
        close(card.calibration[3].observed.unwrap_or(-1.0), 0.0);
        // "summit" is on the yes/no item only; "region" comes from the scenario.
        assert_eq!(card.by_tag["summit"].scored, 1);
        close(card.by_tag["summit"].brier.unwrap_or(-1.0), 0.09);
        assert_eq!(card.by_tag["region"].scored, 2);
        // Same resolution day: ordered by ref.
        assert_eq!(card.items[0].reference, "s/three-way");
        assert_eq!(card.items[0].tags, ["region"]);
        assert_eq!(card.items[1].tags, ["summit", "region"]);
    }

    #[test]
    fn filters_select_by_resolution_day_and_tag() {
        let c = one(&format!(
            "{YES_70}{}",
            THREE_WAY.replace("on = 2025-08-15, outcome", "on = 2025-08-25, outcome")
        ));
        let t = day("2025-08-31");
        let week = score(
            &c,
            t,
            &Filter::resolved_between(day("2025-08-25"), day("2025-08-31")),
        );
        let refs: Vec<&str> = week.items.iter().map(|i| i.reference.as_str()).collect();
        assert_eq!(refs, ["s/three-way"]);
        let until = score(
            &c,
            t,
            &Filter {
                until: Some(day("2025-08-24")),
                ..Filter::default()
            },
        );
        assert_eq!(until.items[0].reference, "s/yes-70");
        assert_eq!(until.scored, 1);
        let tagged = score(
            &c,
            t,
            &Filter {
                tags: vec!["summit".into()],
                ..Filter::default()
            },
        );
        assert_eq!(tagged.scored, 1);
        assert_eq!(tagged.items[0].reference, "s/yes-70");
        let by_scenario_tag = score(
            &c,
            t,
            &Filter {
                tags: vec!["region".into()],
                ..Filter::default()
            },
        );
        assert_eq!(by_scenario_tag.scored, 2);
    }

    #[test]
    fn json_numbers_are_rounded_and_empty_means_are_null() {
        let c = one(YES_70);
        let card = score(&c, day("2025-08-20"), &Filter::default());
        let json = serde_json::to_value(&card).expect("serializes");
        assert_eq!(json["brier"], serde_json::json!(0.09));
        assert_eq!(json["items"][0]["ref"], "s/yes-70");
        assert_eq!(
            json["calibration"][0]["mean_forecast"],
            serde_json::Value::Null
        );
        let none = score(&c, day("2025-08-01"), &Filter::default());
        let json = serde_json::to_value(&none).expect("serializes");
        assert_eq!(json["brier"], serde_json::Value::Null);
        assert_eq!(json["log_score"], serde_json::Value::Null);
        assert_eq!(json["scored"], 0);
    }
}
