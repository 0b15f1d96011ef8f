//! Scores worked out by hand, against the rules of SPEC §5.

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
fn latest_lists_only_the_last_items_and_counts_them_all() {
    let c = one(&format!("{YES_70}{THREE_WAY}"));
    let latest = |n| {
        let filter = Filter {
            latest: Some(n),
            ..Filter::default()
        };
        score(&c, day("2025-08-20"), &filter)
    };
    let all = score(&c, day("2025-08-20"), &Filter::default());
    let one = latest(1);
    // The last of the list in its order (by day, then ref), with every count and mean.
    assert_eq!(one.items.len(), 1);
    assert_eq!(one.items[0].reference, all.items[1].reference);
    assert_eq!((one.scored, one.brier), (all.scored, all.brier));
    assert_eq!(one.calibration, all.calibration);
    assert_eq!(latest(5).items.len(), 2);
    assert!(latest(0).items.is_empty());
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

/// Two forecasters on the same two items, unattributed forecasts, and one
/// forecaster whose only forecast is on the resolution day.
///
/// | item  | kind   | ana            | ben             | unattributed   | cy          | outcome |
/// |-------|--------|----------------|-----------------|----------------|-------------|---------|
/// | vote  | yes/no | 0.8 (08-01)    | 0.4 (08-02)     | 0.6 (08-03)    | 0.9 (08-10) | yes     |
/// | talks | 3-way  | .2/.3/.5 (08-01), then .1/.2/.7 (08-05) | .6/.2/.2 (08-02) | — | — | c |
///
/// vote (resolved 08-10): ana (0.8 − 1)² = 0.04, ln 0.8; ben 0.36, ln 0.4;
/// unattributed 0.16, ln 0.6 (also the overall: the latest before the day); cy unscored.
/// talks (resolved 08-12, outcomes a, b, c → c): ana's later one .01 + .04 + .09 = 0.14,
/// ln 0.7; ben .36 + .04 + .64 = 1.04, ln 0.2. Ana's of 08-05 is the latest of all,
/// so it is also the overall one.
const DESK: &str = r#"
[[watch]]
id = "vote"
title = "The motion passes"
forecast = [
    { on = 2025-08-01, p = 0.8, by = "ana" },
    { on = 2025-08-02, p = 0.4, by = "ben" },
    { on = 2025-08-03, p = 0.6 },
    { on = 2025-08-10, p = 0.9, by = "cy" },
]
resolution = { on = 2025-08-10, outcome = "yes" }

[[watch]]
id = "talks"
title = "Which deal"
outcomes = ["a", "b", "c"]
forecast = [
    { on = 2025-08-01, p = { a = 0.2, b = 0.3, c = 0.5 }, by = "ana" },
    { on = 2025-08-02, p = { a = 0.6, b = 0.2, c = 0.2 }, by = "ben" },
    { on = 2025-08-05, p = { a = 0.1, b = 0.2, c = 0.7 }, by = "ana" },
]
resolution = { on = 2025-08-12, outcome = "c" }
"#;

#[test]
fn each_forecaster_is_scored_on_their_own_latest_forecast() {
    let c = one(DESK);
    let card = score(&c, day("2025-08-20"), &Filter::default());
    let names: Vec<&str> = card.by_forecaster.keys().map(String::as_str).collect();
    assert_eq!(names, ["", "ana", "ben", "cy"]);

    let ana = &card.by_forecaster["ana"];
    assert_eq!((ana.scored, ana.unscored), (2, 0));
    close(ana.brier_yes_no.unwrap_or(-1.0), 0.04);
    close(ana.brier_multi.unwrap_or(-1.0), 0.14);
    assert_eq!((ana.scored_yes_no, ana.scored_multi), (1, 1));
    close(
        ana.log_score.unwrap_or(1.0),
        (0.8f64.ln() + 0.7f64.ln()) / 2.0,
    );

    let ben = &card.by_forecaster["ben"];
    assert_eq!((ben.scored, ben.unscored), (2, 0));
    close(ben.brier_yes_no.unwrap_or(-1.0), 0.36);
    close(ben.brier_multi.unwrap_or(-1.0), 0.36 + 0.04 + 0.64);
    close(
        ben.log_score.unwrap_or(1.0),
        (0.4f64.ln() + 0.2f64.ln()) / 2.0,
    );

    // The unattributed forecast is on the yes/no item only.
    let nobody = &card.by_forecaster[""];
    assert_eq!((nobody.scored, nobody.unscored), (1, 0));
    close(nobody.brier_yes_no.unwrap_or(-1.0), 0.16);
    assert_eq!(nobody.brier_multi, None);
    assert_eq!(nobody.scored_multi, 0);

    // cy forecast only on the resolution day: listed, unscored, no means.
    let cy = &card.by_forecaster["cy"];
    assert_eq!((cy.scored, cy.unscored), (0, 1));
    assert_eq!(
        (cy.brier, cy.brier_yes_no, cy.log_score),
        (None, None, None)
    );

    // The desk's scorecard still takes the latest forecast of anyone.
    close(card.brier_yes_no.unwrap_or(-1.0), 0.16);
    close(card.brier_multi.unwrap_or(-1.0), 0.14);
    assert_eq!(card.items[0].by, None);
    assert_eq!(card.items[1].by.as_deref(), Some("ana"));
}

#[test]
fn one_forecaster_s_scorecard_holds_only_their_forecasts() {
    let c = one(DESK);
    let only = |who: &str| {
        score(
            &c,
            day("2025-08-20"),
            &Filter {
                forecaster: Some(who.into()),
                ..Filter::default()
            },
        )
    };
    let ben = only("ben");
    assert_eq!((ben.scored, ben.unscored), (2, 0));
    let p: Vec<f64> = ben.items.iter().map(|i| i.p_outcome).collect();
    assert_eq!(p, [0.4, 0.2]);
    // Pairs: (0.4, yes) and (0.6, no), (0.2, no), (0.2, yes).
    let counts: Vec<usize> = ben.calibration.iter().map(|b| b.count).collect();
    assert_eq!(counts, [0, 0, 2, 0, 1, 0, 1, 0, 0, 0]);
    let cy = only("cy");
    assert_eq!((cy.scored, cy.unscored), (0, 1));
    assert_eq!(cy.unscored_items[0].reference, "s/vote");
    let nobody = only("");
    assert_eq!((nobody.scored, nobody.unscored), (1, 0));
    assert_eq!(nobody.items[0].reference, "s/vote");
    assert_eq!(only("dan").scored + only("dan").unscored, 0);
}

#[test]
fn yes_no_and_multi_outcome_brier_means_are_kept_apart() {
    // yes-70: 0.09 (yes/no); three-way: 0.26 (multi); tariff-like no: 0.49 (yes/no).
    let no_70 = YES_70
        .replace("id = \"yes-70\"", "id = \"no-70\"")
        .replace("outcome = \"yes\"", "outcome = \"no\"");
    let c = one(&format!("{YES_70}{THREE_WAY}{no_70}"));
    let card = score(&c, day("2025-08-20"), &Filter::default());
    assert_eq!((card.scored_yes_no, card.scored_multi), (2, 1));
    close(card.brier_yes_no.unwrap_or(-1.0), (0.09 + 0.49) / 2.0);
    close(card.brier_multi.unwrap_or(-1.0), 0.26);
    // `brier` stays the documented mean over every scored item.
    close(card.brier.unwrap_or(-1.0), (0.09 + 0.26 + 0.49) / 3.0);
    let region = &card.by_tag["region"];
    close(region.brier_yes_no.unwrap_or(-1.0), 0.29);
    close(region.brier_multi.unwrap_or(-1.0), 0.26);
    let summit = &card.by_tag["summit"];
    assert_eq!((summit.brier_multi, summit.scored_multi), (None, 0));
    let json = serde_json::to_value(&card).expect("serializes");
    assert_eq!(json["brier_yes_no"], serde_json::json!(0.29));
    assert_eq!(json["brier_multi"], serde_json::json!(0.26));
    assert_eq!(json["scored_yes_no"], 2);
    assert_eq!(
        json["by_tag"]["summit"]["brier_multi"],
        serde_json::Value::Null
    );
}

#[test]
fn since_and_until_keep_resolutions_in_range_and_months_group_them() {
    let c = one(&format!(
        "{YES_70}{}",
        THREE_WAY.replace("on = 2025-08-15, outcome", "on = 2025-09-02, outcome")
    ));
    let t = day("2025-09-30");
    let range = |since: &str, until: &str| {
        score(
            &c,
            t,
            &Filter {
                since: Some(day(since)),
                until: Some(day(until)),
                ..Filter::default()
            },
        )
    };
    // Both days are included.
    assert_eq!(range("2025-08-15", "2025-09-02").scored, 2);
    assert_eq!(
        range("2025-08-16", "2025-09-02").items[0].reference,
        "s/three-way"
    );
    assert_eq!(
        range("2025-08-15", "2025-09-01").items[0].reference,
        "s/yes-70"
    );
    assert_eq!(range("2025-08-16", "2025-09-01").scored, 0);
    let all = score(&c, t, &Filter::default());
    let months: Vec<&str> = all.by_month.keys().map(String::as_str).collect();
    assert_eq!(months, ["2025-08", "2025-09"]);
    close(all.by_month["2025-08"].brier_yes_no.unwrap_or(-1.0), 0.09);
    close(all.by_month["2025-09"].brier_multi.unwrap_or(-1.0), 0.26);
}
