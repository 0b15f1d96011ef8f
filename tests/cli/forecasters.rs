//! Forecasters and the desk's scorecard: `by` on forecasts (`forecast --by`,
//! `WHATSNEXT_FORECASTER`, config `forecaster`), per-forecaster scores worked out
//! by hand, the yes/no and multi-outcome Brier means apart, `--since/--until`,
//! `--by-month`, the item's `criteria`, and the calibration chart — checked as
//! XML by an independent parser (Python's xml.etree, tests/svg_check.py).

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::support::{Project, checker_available, whatsnext};

/// As of 2025-08-20:
///
/// | item  | kind   | ana              | ben              | unattributed | cy          | outcome    |
/// |-------|--------|------------------|------------------|--------------|-------------|------------|
/// | vote  | yes/no | 0.8 (08-01)      | 0.4 (08-02)      | 0.6 (08-03)  | 0.9 (08-10) | yes, 08-10 |
/// | talks | a/b/c  | .1/.2/.7 (08-05) | .6/.2/.2 (08-02) | —            | —           | c, 08-12   |
///
/// - ana: vote (0.8 − 1)² = 0.04, ln 0.8 = −0.2231; talks .01 + .04 + .09 = 0.14,
///   ln 0.7 = −0.3567; log mean −0.2899.
/// - ben: vote (0.4 − 1)² = 0.36, ln 0.4 = −0.9163; talks .36 + .04 + .64 = 1.04,
///   ln 0.2 = −1.6094; log mean −1.2629.
/// - unattributed: vote (0.6 − 1)² = 0.16, ln 0.6 = −0.5108.
/// - cy: the only forecast is on the resolution day: one item, unscored.
/// - the desk (latest of anyone): vote 0.16 (the unattributed 0.6), talks 0.14 (ana's).
const DESK: &str = r#"
title = "Desk"
date = 2025-08-01

[[watch]]
id = "vote"
title = "The motion passes"
criteria = "Yes: the motion passes its final reading."
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
    { on = 2025-08-02, p = { a = 0.6, b = 0.2, c = 0.2 }, by = "ben" },
    { on = 2025-08-05, p = { a = 0.1, b = 0.2, c = 0.7 }, by = "ana" },
]
resolution = { on = 2025-08-12, outcome = "c" }
"#;

fn desk() -> Project {
    Project::new().scenario("desk", DESK)
}

fn close(v: &Value, expected: f64) {
    let x = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!((x - expected).abs() < 1e-6, "{x} != {expected}");
}

#[test]
fn json_scores_every_forecaster_on_their_own_latest_forecast() {
    let json = desk()
        .run("2025-08-20", &["score", "--format", "json"])
        .success()
        .json();
    let by = &json["by_forecaster"];
    let names: Vec<&str> = by
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(names, ["", "ana", "ben", "cy"]);
    assert_eq!(by["ana"]["scored"], 2);
    close(&by["ana"]["brier_yes_no"], 0.04);
    close(&by["ana"]["brier_multi"], 0.14);
    close(&by["ana"]["log_score"], (0.8f64.ln() + 0.7f64.ln()) / 2.0);
    close(&by["ben"]["brier_yes_no"], 0.36);
    close(&by["ben"]["brier_multi"], 1.04);
    close(&by["ben"]["log_score"], (0.4f64.ln() + 0.2f64.ln()) / 2.0);
    assert_eq!(by[""]["scored"], 1);
    close(&by[""]["brier_yes_no"], 0.16);
    assert_eq!(by[""]["brier_multi"], Value::Null);
    assert_eq!(
        (
            &by["cy"]["scored"],
            &by["cy"]["unscored"],
            &by["cy"]["brier"]
        ),
        (&json!(0), &json!(1), &Value::Null)
    );
    // The entries have the fields of `by_tag`'s.
    let fields = |v: &Value| {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        fields(&by["ana"]),
        [
            "brier",
            "brier_multi",
            "brier_yes_no",
            "log_score",
            "scored",
            "scored_multi",
            "scored_yes_no",
            "unscored"
        ]
    );
    // The desk: the latest forecast of anyone, with who made it.
    close(&json["brier_yes_no"], 0.16);
    close(&json["brier_multi"], 0.14);
    close(&json["brier"], (0.16 + 0.14) / 2.0);
    assert_eq!(
        (&json["scored_yes_no"], &json["scored_multi"]),
        (&json!(1), &json!(1))
    );
    assert_eq!(json["items"][0]["by"], Value::Null);
    assert_eq!(json["items"][1]["by"], "ana");
}

#[test]
fn score_by_shows_a_line_per_forecaster() {
    let run = desk().run("2025-08-20", &["score", "--by"]).success();
    let table = run
        .stdout
        .split_once("By forecaster (each one's latest forecast before the resolution day)\n")
        .and_then(|(_, rest)| rest.split_once("\n\n"))
        .map(|(t, _)| t)
        .expect("a forecaster table");
    assert_eq!(
        table,
        "  forecaster      scored  unscored  Brier y/n  Brier multi  log score
  (unattributed)       1         0      0.160            -     -0.511
  ana                  2         0      0.040        0.140     -0.290
  ben                  2         0      0.360        1.040     -1.263
  cy                   0         1          -            -          -"
    );
    // Without --by the table is not there; the desk's two means are.
    let plain = desk().run("2025-08-20", &["score"]).success().stdout;
    assert!(!plain.contains("By forecaster"), "{plain}");
    assert!(
        plain.contains("  Brier, yes/no   0.160    mean of 1 item; 0 is perfect, 1 the worst\n  Brier, multi    0.140    mean of 1 item; 0 is perfect, 2 the worst\n"),
        "{plain}"
    );
    assert!(plain.contains("\nScored items\n"), "{plain}");
}

#[test]
fn score_forecaster_is_one_person_s_scorecard() {
    let run = desk()
        .run("2025-08-20", &["score", "--forecaster", "ben"])
        .success();
    assert!(
        run.stdout.starts_with(
            "Forecast scorecard as of 2025-08-20 (forecasts by ben)\n  scored          2 items\n  unscored        0 items\n  Brier, yes/no   0.360 "
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  Brier, multi    1.040 "),
        "{}",
        run.stdout
    );
    let cy = desk()
        .run("2025-08-20", &["score", "--forecaster", "cy"])
        .success();
    assert!(
        cy.stdout.starts_with("Nothing scored as of 2025-08-20 (forecasts by cy): 1 item resolved with no forecast dated before its resolution.\n"),
        "{}",
        cy.stdout
    );
    let typo = desk()
        .run("2025-08-20", &["score", "--forecaster", "bne"])
        .success();
    assert!(
        typo.stderr
            .contains("warning: no forecast is by \"bne\" (did you mean \"ben\"?)"),
        "{}",
        typo.stderr
    );
    let nobody = desk()
        .run(
            "2025-08-20",
            &["score", "--forecaster", "", "--format", "json"],
        )
        .success()
        .json();
    assert_eq!(nobody["scored"], 1);
    assert_eq!(nobody["items"][0]["ref"], "desk/vote");
}

#[test]
fn since_and_until_select_resolutions_both_days_included() {
    let scored = |args: &[&str]| {
        let mut all = vec!["score", "--format", "json"];
        all.extend_from_slice(args);
        let json = desk().run("2025-08-20", &all).success().json();
        json["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["id"].as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        scored(&["--since", "2025-08-10", "--until", "2025-08-12"]),
        ["vote", "talks"]
    );
    assert_eq!(scored(&["--until", "2025-08-11"]), ["vote"]);
    assert_eq!(scored(&["--since", "2025-08-11"]), ["talks"]);
    assert_eq!(scored(&["--since", "-9d"]), ["talks"]); // from 2025-08-11
    assert!(scored(&["--since", "2025-08-11", "--until", "2025-08-11"]).is_empty());
    let run = desk()
        .run(
            "2025-08-20",
            &["score", "--since", "2025-08-11", "--until", "2025-08-12"],
        )
        .success();
    assert!(
        run.stdout.starts_with(
            "Forecast scorecard as of 2025-08-20 (resolved 2025-08-11 to 2025-08-12)\n"
        ),
        "{}",
        run.stdout
    );
    let backwards = desk()
        .run(
            "2025-08-20",
            &["score", "--since", "2025-08-12", "--until", "2025-08-11"],
        )
        .code(2);
    assert!(
        backwards
            .stderr
            .contains("--since 2025-08-12 is after --until 2025-08-11"),
        "{}",
        backwards.stderr
    );
    let bad = desk()
        .run("2025-08-20", &["score", "--until", "soon"])
        .code(2);
    assert!(bad.stderr.contains("--until"), "{}", bad.stderr);
}

#[test]
fn by_month_gives_a_line_per_month_of_resolution() {
    let p = desk().scenario(
        "later",
        r#"
title = "Later"
date = 2025-08-01

[[watch]]
id = "sept"
title = "A September resolution"
forecast = [{ on = 2025-08-01, p = 0.3 }]
resolution = { on = 2025-09-03, outcome = "no" }
"#,
    );
    let run = p.run("2025-09-30", &["score", "--by-month"]).success();
    let table = run
        .stdout
        .split_once("By month of resolution\n")
        .and_then(|(_, rest)| rest.split_once("\n\n"))
        .map(|(t, _)| t)
        .expect("a month table");
    // August: vote 0.16, talks 0.14; September: (0.3 − 0)² = 0.09, ln 0.7.
    assert_eq!(
        table,
        "  month    scored  unscored  Brier y/n  Brier multi  log score
  2025-08       2         0      0.160        0.140     -0.434
  2025-09       1         0      0.090            -     -0.357"
    );
}

#[test]
fn forecast_by_writes_only_the_item_s_lines() {
    let before = "\
title = \"Desk\"   # a comment
date = 2025-08-01

[[watch]]
id = \"vote\"
title = \"The motion passes\"
forecast = [{ on = 2025-08-01, p = 0.8, by = \"ana\" }]

# between the items
[[watch]]
id = \"talks\"
title = \"Talks resume\"
forecast = [
    { on = 2025-08-02, p = 0.4 },   # kept as written
]
";
    let p = Project::new().scenario("desk", before);
    let run = p
        .run(
            "2025-08-05",
            &["forecast", "talks", "--p", "0.3", "--by", "ben"],
        )
        .success();
    assert_eq!(
        run.stdout,
        "forecast desk/talks (2025-08-05): yes 0.3 (by ben)\n"
    );
    let expected = before.replace(
        "    { on = 2025-08-02, p = 0.4 },   # kept as written\n]\n",
        "    { on = 2025-08-02, p = 0.4 },   # kept as written
    { on = 2025-08-05, p = 0.3, by = \"ben\" },
]
log = [
    { on = 2025-08-05, note = \"forecast: yes 0.3 (by ben)\" },
]
",
    );
    assert_eq!(p.read("scenarios/desk.toml"), expected);

    // A name that needs quoting is written as a TOML string, and read back.
    p.run(
        "2025-08-06",
        &["forecast", "vote", "--p", "0.5", "--by", "Ana \"A\" B"],
    )
    .success();
    let after = p.read("scenarios/desk.toml");
    assert!(
        after.contains("    { on = 2025-08-06, p = 0.5, by = \"Ana \\\"A\\\" B\" },\n"),
        "{after}"
    );
    assert!(after.ends_with(&expected[expected.find("# between the items").unwrap_or(0)..]));
    let json = p
        .run("2025-08-06", &["status", "--format", "json"])
        .success()
        .json();
    let vote = json
        .as_array()
        .and_then(|a| a.iter().find(|i| i["id"] == "vote"))
        .expect("vote");
    assert_eq!(vote["forecast"]["by"], "Ana \"A\" B");
    let talks = json
        .as_array()
        .and_then(|a| a.iter().find(|i| i["id"] == "talks"))
        .expect("talks");
    // An unattributed forecast has no `by` key at all, as before.
    assert_eq!(
        talks["forecasts"][0],
        json!({ "on": "2025-08-02", "p": 0.4 })
    );
}

#[test]
fn the_forecaster_comes_from_the_flag_the_environment_or_the_config() {
    let item =
        "title = \"Desk\"\ndate = 2025-08-01\n\n[[watch]]\nid = \"vote\"\ntitle = \"Vote\"\n";
    let p = Project::new()
        .file("whatsnext.toml", "forecaster = \"cfg\"\n")
        .scenario("desk", item);
    let forecast = |env: Option<&str>, extra: &[&str]| {
        let mut cmd = whatsnext();
        cmd.current_dir(p.path())
            .args([
                "--today",
                "2025-08-05",
                "forecast",
                "vote",
                "--p",
                "0.5",
                "--dry-run",
            ])
            .args(extra);
        if let Some(name) = env {
            cmd.env("WHATSNEXT_FORECASTER", name);
        }
        let out = cmd.output().expect("run whatsnext");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(
        forecast(None, &[]).contains("+forecast = [{ on = 2025-08-05, p = 0.5, by = \"cfg\" }]")
    );
    assert!(forecast(Some("env"), &[]).contains("by = \"env\" }]"));
    assert!(forecast(Some("env"), &["--by", "flag"]).contains("by = \"flag\" }]"));
    // `add --forecast` names the same default forecaster.
    let added = p
        .run(
            "2025-08-05",
            &[
                "add",
                "desk",
                "--id",
                "next",
                "--title",
                "Next",
                "--forecast",
                "0.2",
                "--dry-run",
            ],
        )
        .success();
    assert!(
        added
            .stdout
            .contains("+forecast = [{ on = 2025-08-05, p = 0.2, by = \"cfg\" }]"),
        "{}",
        added.stdout
    );
    let none = Project::new().scenario("desk", item);
    let run = none
        .run(
            "2025-08-05",
            &["forecast", "vote", "--p", "0.5", "--dry-run"],
        )
        .success();
    assert!(
        run.stdout
            .contains("+forecast = [{ on = 2025-08-05, p = 0.5 }]"),
        "{}",
        run.stdout
    );
    let empty = none
        .run(
            "2025-08-05",
            &["forecast", "vote", "--p", "0.5", "--by", " "],
        )
        .code(2);
    assert!(
        empty.stderr.contains("--by must name the forecaster"),
        "{}",
        empty.stderr
    );
    let bad = Project::new()
        .file("whatsnext.toml", "forecaster = \"\"\n")
        .scenario("desk", item)
        .run("2025-08-05", &["status"])
        .code(1);
    assert!(
        bad.stderr
            .contains("whatsnext.toml:1:14: error: `forecaster` must name the forecaster"),
        "{}",
        bad.stderr
    );
}

#[test]
fn an_empty_by_or_an_unknown_forecast_key_is_pointed_at() {
    let run = Project::new()
        .scenario(
            "bad",
            "title = \"Bad\"\ndate = 2025-08-01\n\n[[watch]]\nid = \"a\"\ntitle = \"A\"\nforecast = [{ on = 2025-08-02, p = 0.5, by = \"\" }, { on = 2025-08-03, p = 0.5, bye = \"ana\" }]\ncriteria = 3\n",
        )
        .run("2025-08-20", &["check"])
        .code(1);
    assert!(
        run.stderr.contains("scenarios/bad.toml:7:46: error: `by` must name the forecaster: leave it out for an unattributed forecast"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "scenarios/bad.toml:7:80: error: unknown key `bye` in forecast (did you mean `by`?)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("scenarios/bad.toml:8:12: error: `criteria` must be a string, found integer"),
        "{}",
        run.stderr
    );
    let typo = Project::new()
        .scenario(
            "bad",
            "title = \"Bad\"\ndate = 2025-08-01\n\n[[watch]]\nid = \"a\"\ntitle = \"A\"\ncriterion = \"x\"\n",
        )
        .run("2025-08-20", &["check"])
        .code(1);
    assert!(
        typo.stderr.contains("scenarios/bad.toml:7:1: error: unknown key `criterion` in [[watch]] (did you mean `criteria`?)"),
        "{}",
        typo.stderr
    );
    // Control characters in `criteria` are warned about like any text.
    let ctl = Project::new()
        .scenario(
            "ctl",
            "title = \"C\"\ndate = 2025-08-01\n\n[[watch]]\nid = \"a\"\ntitle = \"A\"\ncriteria = \"yes\\u001b[31m\"\n",
        )
        .run("2025-08-20", &["check"])
        .success();
    assert!(
        ctl.stderr
            .contains("`criteria` holds the control character U+001B"),
        "{}",
        ctl.stderr
    );
}

#[test]
fn criteria_and_forecasters_are_shown_next_to_the_question_and_forecasts() {
    let p = desk();
    let show = p.run("2025-08-09", &["show", "vote"]).success().stdout;
    assert!(
        show.contains("  criteria   Yes: the motion passes its final reading.\n"),
        "{show}"
    );
    assert!(show.contains("    2025-08-01  yes 80%  by ana\n"), "{show}");
    assert!(
        show.contains("  ▸ 2025-08-03  yes 60%  (latest)\n"),
        "{show}"
    );
    let json = p
        .run("2025-08-09", &["export", "--format", "json"])
        .success()
        .json();
    let vote = &json["scenarios"][0]["items"][0];
    assert_eq!(
        vote["criteria"],
        "Yes: the motion passes its final reading."
    );
    assert_eq!(vote["forecasts"][0]["by"], "ana");
    let digest = p
        .run("2025-08-20", &["digest", "--week", "2025-W33"])
        .success()
        .stdout;
    assert!(
        digest.contains("  - Forecast of 5 Aug by ana: a 10%, b 20%, c 70% · Brier 0.140"),
        "{digest}"
    );
    // Two forecasters and more: the digest's scorecard has a table of them.
    assert!(
        digest.contains("| Forecaster (all resolved) | Scored | Unscored | Mean Brier, yes/no | Mean Brier, multi | Mean log score |\n|---|--:|--:|--:|--:|--:|\n| *unattributed* | 1 | 0 | 0.160 | – | -0.511 |\n| ana | 2 | 0 | 0.040 | 0.140 | -0.290 |\n"),
        "{digest}"
    );
    let due = Project::new().scenario(
        "d",
        "title = \"D\"\ndate = 2025-08-01\n\n[[watch]]\nid = \"x\"\ntitle = \"X\"\nquestion = \"Will it?\"\ncriteria = \"Only if *official*.\"\ndue = 2025-08-14\nforecast = [{ on = 2025-08-02, p = 0.3, by = \"ana\" }]\n",
    );
    let md = due
        .run("2025-08-20", &["digest", "--week", "2025-W33"])
        .success()
        .stdout;
    assert!(
        md.contains("  - Will it?\n  - Criteria: Only if \\*official\\*.\n  - Forecast by ana: yes 30%, no 70%\n"),
        "{md}"
    );
    // One forecaster only: no forecaster table.
    assert!(!md.contains("Forecaster (all resolved)"), "{md}");
}

/// Runs tests/svg_check.py on `svg`: what it found, as JSON.
fn parse_svg(dir: &Path, svg: &str) -> Option<Value> {
    if !checker_available(
        "python3",
        &["-c", "import xml.etree.ElementTree"],
        "python3",
    ) {
        return None;
    }
    let file = dir.join("chart.svg");
    std::fs::write(&file, svg).expect("write the chart");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3")
        .arg(root.join("tests/svg_check.py"))
        .arg(&file)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "svg_check rejected the chart:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("svg_check prints JSON"))
}

#[test]
fn the_svg_chart_has_one_point_per_non_empty_bin_where_it_belongs() {
    let p = desk();
    let svg = p
        .run("2025-08-20", &["score", "--format", "svg"])
        .success()
        .stdout;
    let Some(chart) = parse_svg(p.path(), &svg) else {
        return;
    };
    // Pairs of the desk's scored forecasts: vote (0.6, yes); talks (0.1, no),
    // (0.2, no), (0.7, yes). Bins 1, 2, 6, 7, one pair each. The plot is 400
    // units square from (70, 50): x = 70 + 400·mean, y = 50 + 400·(1 − observed).
    assert_eq!(
        chart["points"],
        json!([
            { "cx": 110.0, "cy": 450.0, "count": 1 },
            { "cx": 150.0, "cy": 450.0, "count": 1 },
            { "cx": 310.0, "cy": 50.0, "count": 1 },
            { "cx": 350.0, "cy": 50.0, "count": 1 },
        ])
    );
    assert_eq!(chart["scripts"], 0);
    assert_eq!(chart["external"], json!([]));
    assert_eq!(chart["diagonal"], json!([70.0, 450.0, 470.0, 50.0]));
    assert_eq!(chart["title"], "Calibration as of 2025-08-20");

    // Counts size the points and label them; a title is escaped.
    let many = Project::new().scenario(
        "m",
        r#"
title = "M"
date = 2025-08-01
tags = ["<b>&"]

[[watch]]
id = "a"
title = "A"
forecast = [{ on = 2025-08-02, p = 0.75 }]
resolution = { on = 2025-08-10, outcome = "yes" }

[[watch]]
id = "b"
title = "B"
forecast = [{ on = 2025-08-02, p = 0.71 }]
resolution = { on = 2025-08-10, outcome = "no" }
"#,
    );
    let svg = many
        .run("2025-08-20", &["score", "--format", "svg", "--tag", "<b>&"])
        .success()
        .stdout;
    let chart = parse_svg(many.path(), &svg).expect("python3 ran before");
    // One bin, two pairs: mean 0.73, observed 0.5.
    assert_eq!(
        chart["points"],
        json!([{ "cx": 362.0, "cy": 250.0, "count": 2 }])
    );
    assert_eq!(chart["labels"], json!(["2"]));
    assert_eq!(chart["title"], "Calibration as of 2025-08-20 (tagged <b>&)");
    assert!(svg.contains("(tagged &lt;b&gt;&amp;)"), "{svg}");
}

#[test]
fn the_html_scorecard_and_digest_embed_the_same_chart() {
    let p = desk();
    let page = p
        .run("2025-08-20", &["score", "--format", "html"])
        .success()
        .stdout;
    let svg = p
        .run("2025-08-20", &["score", "--format", "svg"])
        .success()
        .stdout;
    let points = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("<circle class=\"point\""))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(points(&page), points(&svg));
    assert_eq!(points(&page).len(), 4);
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(!page.contains("<script"), "{page}");
    assert!(
        page.contains("<th scope=\"row\">ana</th><td class=\"n\">2</td>"),
        "{page}"
    );
    let digest = p
        .run(
            "2025-08-20",
            &["digest", "--week", "2025-W33", "--format", "html"],
        )
        .success()
        .stdout;
    assert_eq!(points(&digest), points(&svg));
    assert!(!digest.contains("<script"), "{digest}");
    // Markdown and text digests have no chart.
    let md = p
        .run("2025-08-20", &["digest", "--week", "2025-W33"])
        .success()
        .stdout;
    assert!(!md.contains("<svg"), "{md}");
}

#[test]
fn the_review_card_shows_criteria_and_who_forecast_and_f_names_the_forecaster() {
    let before = "\
title = \"R\"
date = 2025-08-01

[[watch]]
id = \"vote\"
title = \"The vote\"
question = \"Will it pass?\"
criteria = \"Yes: passed on the final reading.\"
due = 2025-08-15
forecast = [{ on = 2025-08-02, p = 0.4, by = \"ana\" }]

[[watch]]
id = \"other\"
title = \"Not due\"
due = 2025-12-01
";
    let p = Project::new().scenario("r", before);
    let out = whatsnext()
        .current_dir(p.path())
        .env("WHATSNEXT_FORECASTER", "ben")
        .args(["--today", "2025-08-20", "review"])
        .write_stdin("f\n0.7\nq\n")
        .output()
        .expect("run whatsnext");
    // The card and the prompts go to standard error, the results to standard output.
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    let card_lines: Vec<&str> = stderr
        .lines()
        .skip_while(|l| !l.contains("outcomes"))
        .take(3)
        .collect();
    assert_eq!(
        card_lines,
        [
            "  outcomes   1 yes  2 no",
            "  criteria   Yes: passed on the final reading.",
            "  forecast   yes 40%  (2025-08-02 by ana)",
        ],
        "{stderr}"
    );
    assert_eq!(
        p.read("scenarios/r.toml"),
        before.replace(
            "forecast = [{ on = 2025-08-02, p = 0.4, by = \"ana\" }]\n",
            "forecast = [\n    { on = 2025-08-02, p = 0.4, by = \"ana\" },\n    { on = 2025-08-20, p = 0.7, by = \"ben\" },\n]\nlog = [\n    { on = 2025-08-20, note = \"forecast: yes 0.7 (by ben)\" },\n]\n"
        )
    );
}

#[test]
fn two_analysts_forecasting_the_same_item_on_two_branches_merge_cleanly() {
    let base = "title = \"D\"\ndate = 2025-08-01\n\n[[watch]]\nid = \"vote\"\ntitle = \"Vote\"\nforecast = [{ on = 2025-08-01, p = 0.5 }]\n";
    let side = |entry: &str| {
        base.replace(
            "forecast = [{ on = 2025-08-01, p = 0.5 }]",
            &format!("forecast = [{{ on = 2025-08-01, p = 0.5 }}, {entry}]"),
        )
    };
    let p = Project::new()
        .file("base.toml", base)
        .file(
            "ours.toml",
            &side("{ on = 2025-08-05, p = 0.7, by = \"ana\" }"),
        )
        .file(
            "theirs.toml",
            &side("{ on = 2025-08-05, p = 0.2, by = \"ben\" }"),
        );
    p.run(
        "2025-08-06",
        &["merge", "base.toml", "ours.toml", "theirs.toml"],
    )
    .success();
    assert!(
        p.read("ours.toml").ends_with(
            "forecast = [\n    { on = 2025-08-01, p = 0.5 },\n    { on = 2025-08-05, p = 0.7, by = \"ana\" },\n    { on = 2025-08-05, p = 0.2, by = \"ben\" },\n]\n"
        ),
        "{}",
        p.read("ours.toml")
    );
}
