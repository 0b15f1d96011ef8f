//! `whatsnext score`: the forecast scorecard (SPEC §3.3, §5) on a small corpus
//! whose scores are worked out by hand below.
//!
//! As of 2025-08-20 the corpus holds:
//!
//! | item              | scored forecast          | outcome  | Brier               | log score        |
//! |-------------------|--------------------------|----------|---------------------|------------------|
//! | trade/tariff      | 0.9 (later of two, 7-20) | no       | 0.9² = 0.81         | ln 0.1 = −2.3026 |
//! | summit/three-way  | 0.1 / 0.3 / 0.6 (8-12)   | no-deal  | .01+.09+.16 = 0.26  | ln 0.6 = −0.5108 |
//! | summit/yes-70     | 0.7 (8-10)               | yes      | 0.3² = 0.09         | ln 0.7 = −0.3567 |
//! | summit/no-forecast| only on its resolution day: unscored                                      |
//! | summit/later      | resolved on 8-25, after T: not yet resolved                                |
//!
//! Means: Brier 1.16 / 3 = 0.38667; log score −3.17009 / 3 = −1.05670.

use serde_json::{Value, json};

use crate::support::Project;

const SUMMIT: &str = r#"
title = "Alaska summit"
date = 2025-08-01
tags = ["russia"]

[[watch]]
id = "yes-70"
title = "Will the summit take place?"
tags = ["summit"]
forecast = [{ on = 2025-08-10, p = 0.7 }]
resolution = { on = 2025-08-15, outcome = "yes" }

[[watch]]
id = "three-way"
title = "Outcome of the summit"
outcomes = ["ceasefire", "framework", "no-deal"]
forecast = [
    { on = 2025-08-05, p = { ceasefire = 0.5, framework = 0.25, no-deal = 0.25 } },
    { on = 2025-08-12, p = { ceasefire = 0.1, framework = 0.3, no-deal = 0.6 } },
    { on = 2025-08-15, p = { ceasefire = 0, framework = 0, no-deal = 1 } },
]
resolution = { on = 2025-08-15, outcome = "no-deal" }

[[watch]]
id = "no-forecast"
title = "Joint press conference"
forecast = [{ on = 2025-08-16, p = 0.5 }]
resolution = { on = 2025-08-16, outcome = "yes" }

[[watch]]
id = "later"
title = "Follow-up meeting announced"
forecast = [{ on = 2025-08-01, p = 0.2 }]
resolution = { on = 2025-08-25, outcome = "no" }

[[watch]]
id = "open"
title = "Still open"
forecast = [{ on = 2025-08-01, p = 0.4 }]
"#;

const TRADE: &str = r#"
title = "Tariffs"
date = 2025-07-01
tags = ["trade"]

[[watch]]
id = "tariff"
title = "New tariffs announced"
forecast = [{ on = 2025-07-20, p = 0.5 }, { on = 2025-07-20, p = 0.9 }]
resolution = { on = 2025-08-05, outcome = "no" }
"#;

fn project() -> Project {
    Project::new()
        .scenario("summit", SUMMIT)
        .scenario("trade", TRADE)
}

fn close(v: &Value, expected: f64) {
    let x = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!((x - expected).abs() < 1e-6, "{x} != {expected}");
}

#[test]
fn the_table_shows_counts_means_tags_calibration_and_items() {
    let run = project().run("2025-08-20", &["score"]).success();
    assert_eq!(
        run.stdout,
        "\
Forecast scorecard as of 2025-08-20
  scored          3 items
  unscored        1 item (resolved without a forecast before the resolution day)
  Brier, yes/no   0.450    mean of 2 items; 0 is perfect, 1 the worst
  Brier, multi    0.260    mean of 1 item; 0 is perfect, 2 the worst
  log score       -1.057   mean of 3 items; 0 is perfect, higher is better

By tag
  tag     scored  unscored  Brier y/n  Brier multi  log score
  russia       2         1      0.090        0.260     -0.434
  summit       1         0      0.090            -     -0.357
  trade        1         0      0.810            -     -2.303

Calibration (5 forecast probabilities, binned by tenths)
  probability  count  mean forecast  observed  observed frequency, | at the mean forecast
  [0.0, 0.1)       0              -         -
  [0.1, 0.2)       1          0.100     0.000    |
  [0.2, 0.3)       0              -         -
  [0.3, 0.4)       1          0.300     0.000        |
  [0.4, 0.5)       0              -         -
  [0.5, 0.6)       0              -         -
  [0.6, 0.7)       1          0.600     1.000  ████████████|████████
  [0.7, 0.8)       1          0.700     1.000  ██████████████|██████
  [0.8, 0.9)       0              -         -
  [0.9, 1.0]       1          0.900     0.000                    |

Scored items
  resolved    item              outcome  forecast on  kind    p(outcome)  Brier  log score
  2025-08-05  trade/tariff      no       2025-07-20   yes/no       0.100  0.810     -2.303
  2025-08-15  summit/three-way  no-deal  2025-08-12   multi        0.600  0.260     -0.511
  2025-08-15  summit/yes-70     yes      2025-08-10   yes/no       0.700  0.090     -0.357

Unscored items (no forecast before the resolution day)
  resolved    item                outcome
  2025-08-16  summit/no-forecast  yes

Brier: yes/no items score 0 (perfect) to 1, multi-outcome items 0 to 2;
the two kinds are averaged apart. Log score: 0 is perfect, lower is worse.
"
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn json_has_the_fields_of_the_contract() {
    let json = project()
        .run("2025-08-20", &["score", "--format", "json"])
        .success()
        .json();
    assert_eq!(json["scored"], 3);
    assert_eq!(json["unscored"], 1);
    close(&json["brier"], 1.16 / 3.0);
    close(
        &json["log_score"],
        (0.1f64.ln() + 0.6f64.ln() + 0.7f64.ln()) / 3.0,
    );

    let by_tag = json["by_tag"].as_object().expect("by_tag is an object");
    let tags: Vec<&str> = by_tag.keys().map(String::as_str).collect();
    assert_eq!(tags, ["russia", "summit", "trade"]);
    assert_eq!(by_tag["russia"]["scored"], 2);
    close(&by_tag["russia"]["brier"], (0.26 + 0.09) / 2.0);
    close(
        &by_tag["russia"]["log_score"],
        (0.6f64.ln() + 0.7f64.ln()) / 2.0,
    );
    close(&by_tag["trade"]["brier"], 0.81);

    let bins = json["calibration"]
        .as_array()
        .expect("calibration is a list");
    assert_eq!(bins.len(), 10);
    for (i, bin) in bins.iter().enumerate() {
        close(&bin["lo"], i as f64 / 10.0);
        close(&bin["hi"], (i + 1) as f64 / 10.0);
    }
    assert_eq!(
        bins[9],
        json!({ "lo": 0.9, "hi": 1.0, "count": 1, "mean_forecast": 0.9, "observed": 0.0 })
    );
    assert_eq!(
        bins[0],
        json!({ "lo": 0.0, "hi": 0.1, "count": 0, "mean_forecast": null, "observed": null })
    );
    let counts: Vec<u64> = bins.iter().filter_map(|b| b["count"].as_u64()).collect();
    assert_eq!(counts, [0, 1, 0, 1, 0, 0, 1, 1, 0, 1]);

    let item = &json["items"][1];
    assert_eq!(item["ref"], "summit/three-way");
    assert_eq!(item["forecast_on"], "2025-08-12");
    assert_eq!(item["outcome"], "no-deal");
    close(&item["brier"], 0.26);
    assert_eq!(json["unscored_items"][0]["ref"], "summit/no-forecast");
}

#[test]
fn a_resolution_after_t_is_not_scored_until_t_reaches_it() {
    let before = project()
        .run("2025-08-20", &["score", "--format", "json"])
        .success()
        .json();
    let refs = |j: &Value| -> Vec<String> {
        j["items"]
            .as_array()
            .map(|a| a.iter().map(|i| i["ref"].to_string()).collect())
            .unwrap_or_default()
    };
    assert!(!refs(&before).contains(&"\"summit/later\"".to_string()));

    let after = project()
        .run("2025-08-31", &["score", "--format", "json"])
        .success()
        .json();
    assert_eq!(after["scored"], 4);
    assert!(refs(&after).contains(&"\"summit/later\"".to_string()));
    // 0.81 + 0.26 + 0.09 + 0.2² = 1.2, over four items.
    close(&after["brier"], 0.3);
}

#[test]
fn since_keeps_items_resolved_on_or_after_the_day() {
    let json = project()
        .run(
            "2025-08-20",
            &["score", "--since", "2025-08-15", "--format", "json"],
        )
        .success()
        .json();
    assert_eq!(json["scored"], 2);
    assert_eq!(json["unscored"], 1);
    assert_eq!(json["since"], "2025-08-15");
    close(&json["brier"], 0.175);
    assert!(json["by_tag"].get("trade").is_none());
}

#[test]
fn since_also_takes_a_span_back_from_today() {
    // 2025-08-20 − 15 days = 2025-08-05: the tariff item is in.
    let json = project()
        .run(
            "2025-08-20",
            &["score", "--since", "-15d", "--format", "json"],
        )
        .success()
        .json();
    assert_eq!(json["since"], "2025-08-05");
    assert_eq!(json["scored"], 3);
}

#[test]
fn a_bad_since_is_a_usage_error() {
    let run = project()
        .run("2025-08-20", &["score", "--since", "last week"])
        .code(2);
    assert!(run.stderr.contains("--since"), "{}", run.stderr);
}

#[test]
fn tag_matches_item_or_scenario_tags() {
    let run = project()
        .run("2025-08-20", &["score", "--tag", "summit"])
        .success();
    assert!(
        run.stdout.starts_with(
            "Forecast scorecard as of 2025-08-20 (tagged summit)\n  scored          1 item\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  Brier, yes/no   0.090    mean of 1 item"),
        "{}",
        run.stdout
    );

    // "russia" is on the scenario: every summit item carries it.
    let json = project()
        .run(
            "2025-08-20",
            &["score", "--tag", "russia", "--format", "json"],
        )
        .success()
        .json();
    assert_eq!(
        (json["scored"].as_u64(), json["unscored"].as_u64()),
        (Some(2), Some(1))
    );

    let both = project()
        .run(
            "2025-08-20",
            &[
                "score", "--tag", "summit", "--tag", "trade", "--format", "json",
            ],
        )
        .success()
        .json();
    assert_eq!(both["scored"], 2);
}

#[test]
fn an_unknown_tag_is_warned_about_and_scores_nothing() {
    let run = project()
        .run("2025-08-20", &["score", "--tag", "sumit"])
        .success();
    assert_eq!(
        run.stdout,
        "Nothing to score as of 2025-08-20 (tagged sumit): no matching item is resolved.\n"
    );
    assert!(
        run.stderr.contains(
            "warning: no item or scenario is tagged \"sumit\" (did you mean \"summit\"?)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn nothing_scored_says_so_and_succeeds() {
    let run = project().run("2025-08-01", &["score"]).success();
    assert_eq!(
        run.stdout,
        "Nothing to score as of 2025-08-01: no item is resolved.\n"
    );
    let json = project()
        .run("2025-08-01", &["score", "--format", "json"])
        .success()
        .json();
    assert_eq!(json["scored"], 0);
    assert_eq!(json["brier"], Value::Null);
    assert_eq!(json["log_score"], Value::Null);
    assert_eq!(json["by_tag"], json!({}));
}

#[test]
fn only_unscored_items_are_listed_when_nothing_is_scored() {
    let run = project()
        .run("2025-08-20", &["score", "--since", "2025-08-16"])
        .success();
    assert_eq!(
        run.stdout,
        "\
Nothing scored as of 2025-08-20 (resolved since 2025-08-16): 1 item resolved with no forecast dated before its resolution.

Unscored items (no forecast before the resolution day)
  resolved    item                outcome
  2025-08-16  summit/no-forecast  yes
"
    );
}

#[test]
fn an_invalid_corpus_is_refused() {
    let run = Project::new()
        .scenario("bad", "title = \"Bad\"\ndate = 2025-13-01\n")
        .run("2025-08-20", &["score"])
        .code(1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("bad.toml:"), "{}", run.stderr);
}

/// The README's worked example must be what the tool prints.
#[test]
fn the_readme_worked_example_matches_the_output() {
    let readme = include_str!("../../README.md");
    let example = readme
        .split_once("### A worked example")
        .map(|(_, rest)| rest)
        .expect("README has the worked example");
    let block = |fence: &str| -> &str {
        let start = example.find(fence).expect("fenced block") + fence.len();
        let len = example[start..].find("```").expect("closing fence");
        &example[start..start + len]
    };
    let scenario = block("```toml\n");
    let expected = block("```console\n$ whatsnext score --today 2025-08-20\n");
    let run = Project::new()
        .scenario("alaska", scenario)
        .run("2025-08-20", &["score"])
        .success();
    assert_eq!(run.stdout, expected);
}

/// p = 0.55 resolved yes: Brier (1 − 0.55)² = 0.2025, a value on the edge of two
/// roundings. `score` and the digest print the same number for it.
#[test]
fn score_and_the_digest_print_the_same_brier_score() {
    let p = Project::new().scenario(
        "edge",
        r#"
id = "edge"
title = "Edge"
date = 2025-08-01

[[watch]]
id = "vote"
title = "The vote passes"
due = 2025-08-13
forecast = [{ on = 2025-08-02, p = 0.55 }]
resolution = { on = 2025-08-13, outcome = "yes" }
"#,
    );
    let score = p.run("2025-08-17", &["score"]).success().stdout;
    let digest = p
        .run("2025-08-17", &["digest", "--week", "2025-W33"])
        .success()
        .stdout;
    let in_digest = digest
        .split("Brier ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the entry's Brier score in the digest")
        .to_string();
    assert!(in_digest.starts_with("0.20"), "{digest}");
    assert!(
        score.contains(&format!(" {in_digest} ")),
        "score prints another number than the digest's {in_digest}:\n{score}"
    );
}
