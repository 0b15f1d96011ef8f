//! `status`, `due`, `agenda` and `show` on the fixture corpus in
//! `tests/fixtures/list/` (two scenarios, every status), evaluated as of
//! 2025-08-20 unless a test says otherwise.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{Project, Run, whatsnext};

const TODAY: &str = "2025-08-20";

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/list")
}

/// `whatsnext --today TODAY ARGS…` in the fixture folder, with `env` set.
fn run_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = whatsnext();
    cmd.current_dir(fixture_dir())
        .arg("--today")
        .arg(TODAY)
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let output = cmd.output().expect("run whatsnext");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn run(args: &[&str]) -> Run {
    run_env(args, &[])
}

fn refs(json: &Value) -> Vec<&str> {
    json.as_array()
        .expect("an array")
        .iter()
        .map(|v| v["ref"].as_str().expect("ref"))
        .collect()
}

// ---------------------------------------------------------------------------
// status
// ---------------------------------------------------------------------------

#[test]
fn status_lists_every_item_most_urgent_first() {
    // REF is the bare item id where it is unique (what `show` accepts), the full
    // ref for `readout`, which both scenarios have.
    let run = run(&["status"]).success();
    assert_eq!(
        run.stdout,
        "\
STATUS    DUE              IN  PRIORITY  REF             TITLE
overdue   2025-07-01  50d ago  high      ceasefire-text  Ceasefire text published
overdue   2025-08-05  15d ago  normal    second-round    Second round of talks
overdue   2025-08-17   3d ago  critical  alpha/readout   Readout of the leaders' call
due       2025-08-19   1d ago  normal    communique      Communiqué after the ministers’ meeting
due       2025-08-23    in 3d  normal    vote            Parliament vote on the accord
upcoming  2025-08-28    in 8d  normal    results         Official results
upcoming  2025-09-10   in 21d  normal    monthly-check   Monthly check of the turnout data
upcoming  2025-09-10   in 21d  low       first-poll      First poll after the debate
upcoming  2025-09-14   in 25d  high      sanctions       Sanctions after the summit failed
open                           normal    beta/readout    Readout of the electoral commission
pending                        normal    runoff          Runoff announced
moot                           normal    recount         Recount after a deal at the summit
resolved  2025-08-15           normal    summit          Summit outcome
dropped                        normal    observers       Observer mission deployed

14 items as of 2025-08-20: 3 overdue, 2 due, 4 upcoming, 1 open, 1 pending, 1 moot, 1 resolved, 1 dropped
"
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn ls_is_an_alias_of_status() {
    assert_eq!(run(&["ls"]).success().stdout, run(&["status"]).stdout);
}

#[test]
fn status_json_has_every_field_of_the_contract_in_the_table_order() {
    let run = run(&["status", "--format", "json"]).success();
    let json = run.json();
    assert_eq!(
        refs(&json),
        [
            "alpha/ceasefire-text",
            "alpha/second-round",
            "alpha/readout",
            "alpha/communique",
            "alpha/vote",
            "beta/results",
            "beta/monthly-check",
            "beta/first-poll",
            "beta/sanctions",
            "beta/readout",
            "beta/runoff",
            "beta/recount",
            "alpha/summit",
            "alpha/observers",
        ]
    );
    for item in json.as_array().unwrap() {
        for field in crate::support::ITEM_FIELDS {
            assert!(item.get(field).is_some(), "{field} missing in {item}");
        }
    }
    let by_ref = |r: &str| {
        json.as_array()
            .unwrap()
            .iter()
            .find(|v| v["ref"] == r)
            .unwrap()
            .clone()
    };
    let summit = by_ref("alpha/summit");
    assert_eq!(summit["status"], "resolved");
    assert_eq!(summit["due"], "2025-08-15");
    assert_eq!(summit["days_until_due"], -5);
    assert_eq!(summit["resolution"]["outcome"], "no-deal");
    assert_eq!(summit["resolution"]["on"], "2025-08-15");
    assert_eq!(summit["forecast"]["on"], "2025-08-14");
    assert_eq!(summit["forecast"]["p"]["no-deal"], 0.8);
    let sanctions = by_ref("beta/sanctions");
    assert_eq!(sanctions["fired_on"], "2025-08-15");
    assert_eq!(sanctions["due"], "2025-09-14");
    assert_eq!(sanctions["tags"], serde_json::json!(["sanctions"]));
    assert_eq!(sanctions["priority"], "high");
    let runoff = by_ref("beta/runoff");
    assert_eq!(runoff["due"], Value::Null);
    assert_eq!(runoff["days_until_due"], Value::Null);
    assert_eq!(runoff["resolution"], Value::Null);
    // The forecast of 2025-08-25 does not exist yet as of 2025-08-20.
    let results = by_ref("beta/results");
    assert_eq!(results["forecast"]["on"], "2025-08-02");
    assert_eq!(results["forecast"]["p"], 0.6);
}

#[test]
fn status_json_of_nothing_is_an_empty_array() {
    let run = run(&["status", "--status", "ended", "--format", "json"]).success();
    assert_eq!(run.stdout, "[]\n");
}

#[test]
fn status_filters_by_status_tag_and_scenario() {
    let json = run(&["status", "--status", "overdue,due", "--format", "json"])
        .success()
        .json();
    assert_eq!(
        refs(&json),
        [
            "alpha/ceasefire-text",
            "alpha/second-round",
            "alpha/readout",
            "alpha/communique",
            "alpha/vote"
        ]
    );
    let json = run(&[
        "status", "--status", "moot", "--status", "pending", "--format", "json",
    ])
    .success()
    .json();
    assert_eq!(refs(&json), ["beta/runoff", "beta/recount"]);
    // An item's tag, or its scenario's.
    let json = run(&[
        "status",
        "--tag",
        "sanctions",
        "--tag",
        "vote",
        "--format",
        "json",
    ])
    .success()
    .json();
    assert_eq!(refs(&json), ["alpha/vote", "beta/sanctions"]);
    let json = run(&["status", "--tag", "elections", "--format", "json"])
        .success()
        .json();
    assert_eq!(json.as_array().unwrap().len(), 7);
    let json = run(&[
        "status",
        "--scenario",
        "beta",
        "--status",
        "upcoming",
        "--format",
        "json",
    ])
    .success()
    .json();
    assert_eq!(
        refs(&json),
        [
            "beta/results",
            "beta/monthly-check",
            "beta/first-poll",
            "beta/sanctions"
        ]
    );
}

#[test]
fn status_within_keeps_live_items_due_by_then_overdue_included() {
    let json = run(&["status", "--within", "8d", "--format", "json"])
        .success()
        .json();
    // Not the resolved summit (due 5 days ago), nor items due after 2025-08-28.
    assert_eq!(
        refs(&json),
        [
            "alpha/ceasefire-text",
            "alpha/second-round",
            "alpha/readout",
            "alpha/communique",
            "alpha/vote",
            "beta/results"
        ]
    );
    let json = run(&["status", "--within", "7d", "--format", "json"])
        .success()
        .json();
    assert_eq!(json.as_array().unwrap().len(), 5);
    let json = run(&["status", "--within", "1m", "--format", "json"])
        .success()
        .json();
    assert_eq!(json.as_array().unwrap().len(), 9);
}

#[test]
fn an_empty_listing_says_so() {
    let run = run(&["status", "--tag", "nothing-has-this"]).success();
    assert_eq!(run.stdout, "No watch-items match as of 2025-08-20.\n");
}

#[test]
fn bad_flags_are_usage_errors() {
    let r = run(&["status", "--within", "5x"]).code(2);
    assert!(
        r.stderr.contains("--within: invalid duration \"5x\""),
        "{}",
        r.stderr
    );
    let r = run(&["status", "--within=-3d"]).code(2);
    assert!(r.stderr.contains("--within"), "{}", r.stderr);
    let r = run(&["status", "--status", "overdew"]).code(2);
    assert!(
        r.stderr
            .contains("unknown status \"overdew\": expected one of overdue, due"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("(did you mean `overdue`?)"),
        "{}",
        r.stderr
    );
    run(&["due", "--status", "late"]).code(2);
    run(&["agenda", "--days", "soon"]).code(2);
    run(&["status", "--format", "xml"]).code(2);
    run(&["due", "--fail-on", "never"]).code(2);
    assert_eq!(run(&["status", "--within", "5x"]).stdout, "");
}

#[test]
fn an_unknown_scenario_filter_is_refused_with_a_suggestion() {
    let r = run(&["status", "--scenario", "alph"]).code(1);
    assert!(
        r.stderr
            .contains("no scenario \"alph\" (did you mean `alpha`?)"),
        "{}",
        r.stderr
    );
}

#[test]
fn every_command_with_filters_words_an_unknown_scenario_alike() {
    let expected = "error: --scenario: no scenario \"alph\" (did you mean `alpha`?)\n";
    for args in [
        &["status", "--scenario", "alph"][..],
        &["due", "--scenario", "alph"],
        &["agenda", "--scenario", "alph"],
        &["export", "--format", "json", "--scenario", "alph"],
        &["export", "--format", "ics", "--scenario", "alph"],
    ] {
        let r = run(args).code(1);
        assert_eq!(r.stderr, expected, "{args:?}");
        assert_eq!(r.stdout, "", "{args:?}");
    }
}

#[test]
fn an_invalid_corpus_is_reported_and_nothing_listed() {
    let p = Project::new().scenario(
        "bad",
        "title = \"Bad\"\ndate = 2025-08-01\n\n[[watch]]\nid = \"x\"\ntitle = \"X\"\ndue = 2025-13-01\n",
    );
    for args in [
        &["status"][..],
        &["due"],
        &["agenda"],
        &["show", "x"],
        &["status", "--format", "json"],
    ] {
        let r = p.run(TODAY, args).code(1);
        assert_eq!(r.stdout, "", "{args:?}");
        assert!(r.stderr.contains("bad.toml:7:"), "{args:?}: {}", r.stderr);
    }
}

// ---------------------------------------------------------------------------
// due
// ---------------------------------------------------------------------------

#[test]
fn due_groups_overdue_items_by_how_long() {
    let run = run(&["due"]).success();
    assert_eq!(
        run.stdout,
        "\
STATUS   DUE              IN  PRIORITY  REF             TITLE

Overdue by more than 4 weeks (1)
overdue  2025-07-01  50d ago  high      ceasefire-text  Ceasefire text published

Overdue by 1–4 weeks (1)
overdue  2025-08-05  15d ago  normal    second-round    Second round of talks

Overdue by up to a week (1)
overdue  2025-08-17   3d ago  critical  alpha/readout   Readout of the leaders' call

Due (2)
due      2025-08-19   1d ago  normal    communique      Communiqué after the ministers’ meeting
due      2025-08-23    in 3d  normal    vote            Parliament vote on the accord

5 to review as of 2025-08-20: 3 overdue, 2 due
"
    );
}

#[test]
fn due_group_boundaries_are_one_and_four_weeks() {
    let mut text = String::from("title = \"Edges\"\ndate = 2025-06-01\n");
    for (id, due) in [
        ("d7", "2025-08-13"),
        ("d8", "2025-08-12"),
        ("d28", "2025-07-23"),
        ("d29", "2025-07-22"),
    ] {
        text.push_str(&format!(
            "\n[[watch]]\nid = \"{id}\"\ntitle = \"{id}\"\ndue = {due}\n"
        ));
    }
    let run = Project::new()
        .scenario("edges", &text)
        .run(TODAY, &["due"])
        .success();
    let groups: Vec<(&str, Vec<&str>)> = run
        .stdout
        .split("\n\n")
        .skip(1)
        .filter(|g| g.starts_with("Overdue"))
        .map(|g| {
            let mut lines = g.lines();
            let head = lines.next().unwrap();
            let ids = lines
                .map(|l| l.split_whitespace().nth(5).unwrap())
                .collect();
            (head, ids)
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("Overdue by more than 4 weeks (1)", vec!["d29"]),
            ("Overdue by 1–4 weeks (2)", vec!["d28", "d8"]),
            ("Overdue by up to a week (1)", vec!["d7"]),
        ]
    );
}

#[test]
fn due_json_is_the_review_list() {
    let json = run(&["due", "--format", "json"]).success().json();
    assert_eq!(
        refs(&json),
        [
            "alpha/ceasefire-text",
            "alpha/second-round",
            "alpha/readout",
            "alpha/communique",
            "alpha/vote"
        ]
    );
    let statuses: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["overdue", "overdue", "overdue", "due", "due"]);
}

#[test]
fn fail_on_overdue_exits_3_after_printing_the_list() {
    let r = run(&["due", "--fail-on", "overdue"]).code(3);
    assert!(r.stdout.contains(" ceasefire-text "), "{}", r.stdout);
    assert!(
        r.stdout
            .ends_with("5 to review as of 2025-08-20: 3 overdue, 2 due\n")
    );
    let r = run(&["due", "--fail-on", "overdue", "--format", "json"]).code(3);
    assert_eq!(r.json().as_array().unwrap().len(), 5);
}

#[test]
fn fail_on_due_also_counts_due_items() {
    // Only due items: --fail-on overdue passes, --fail-on due does not.
    run(&["due", "--status", "due", "--fail-on", "overdue"]).success();
    run(&["due", "--status", "due", "--fail-on", "due"]).code(3);
}

#[test]
fn an_empty_review_is_one_friendly_line() {
    let r = whatsnext()
        .current_dir(fixture_dir())
        .args(["--today", "2025-05-01", "due", "--fail-on", "due"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&r.stdout),
        "Nothing due or overdue as of 2025-05-01.\n"
    );
}

// ---------------------------------------------------------------------------
// agenda
// ---------------------------------------------------------------------------

#[test]
fn agenda_groups_the_coming_days_by_date() {
    let run = run(&["agenda"]).success();
    assert_eq!(
        run.stdout,
        "\
STATUS    DUE              IN  PRIORITY  REF             TITLE

Overdue (3)
overdue   2025-07-01  50d ago  high      ceasefire-text  Ceasefire text published
overdue   2025-08-05  15d ago  normal    second-round    Second round of talks
overdue   2025-08-17   3d ago  critical  alpha/readout   Readout of the leaders' call

Past due, within grace (1)
due       2025-08-19   1d ago  normal    communique      Communiqué after the ministers’ meeting

Sat 2025-08-23 · in 3 days
due       2025-08-23    in 3d  normal    vote            Parliament vote on the accord

Mon 2025-08-25 · in 5 days
may fire  2025-08-25    in 5d  normal    runoff          Runoff announced

Thu 2025-08-28 · in 8 days
upcoming  2025-08-28    in 8d  normal    results         Official results
"
    );
}

#[test]
fn agenda_days_sets_the_window_today_included() {
    let out = run(&["agenda", "--days", "6"]).success().stdout;
    assert!(out.contains("Mon 2025-08-25"), "{out}");
    assert!(!out.contains("2025-08-28"), "{out}");
    // The current occurrence of a standing watch, and the triggered item's due day.
    let out = run(&["agenda", "--days", "26"]).success().stdout;
    assert!(
        out.contains(
            "Wed 2025-09-10 · in 21 days\nupcoming  2025-09-10   in 21d  normal    monthly-check "
        ),
        "{out}"
    );
    assert!(out.contains("Sun 2025-09-14 · in 25 days\n"), "{out}");
    // Only what is overdue.
    let out = run(&["agenda", "--days", "0"]).success().stdout;
    assert!(out.contains("Overdue (3)"), "{out}");
    assert!(
        out.ends_with("\nNothing else due as of 2025-08-20.\n"),
        "{out}"
    );
}

#[test]
fn agenda_shows_today_and_tomorrow_by_name() {
    let out = whatsnext()
        .current_dir(fixture_dir())
        .args(["--today", "2025-08-22", "agenda", "--days", "2"])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("\nSat 2025-08-23 · tomorrow\n"), "{out}");
    let out = whatsnext()
        .current_dir(fixture_dir())
        .args(["--today", "2025-08-23", "agenda", "--days", "1"])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("\nSat 2025-08-23 · today\n"), "{out}");
}

#[test]
fn an_empty_agenda_is_one_line() {
    let r = whatsnext()
        .current_dir(fixture_dir())
        .args(["--today", "2025-05-01", "agenda", "--days", "7"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&r.stdout),
        "Nothing due or overdue from 2025-05-01 to 2025-05-07.\n"
    );
}

#[test]
fn agenda_json_has_overdue_and_dated_days() {
    let json = run(&["agenda", "--format", "json"]).success().json();
    assert_eq!(json["today"], "2025-08-20");
    assert_eq!(json["until"], "2025-09-02");
    assert_eq!(
        refs(&json["overdue"]),
        [
            "alpha/ceasefire-text",
            "alpha/second-round",
            "alpha/readout"
        ]
    );
    assert_eq!(refs(&json["in_grace"]), ["alpha/communique"]);
    let days = json["days"].as_array().unwrap();
    let dates: Vec<&str> = days.iter().map(|d| d["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2025-08-23", "2025-08-25", "2025-08-28"]);
    assert_eq!(refs(&days[0]["items"]), ["alpha/vote"]);
    assert_eq!(refs(&days[1]["items"]), Vec::<&str>::new());
    assert_eq!(refs(&days[1]["may_fire"]), ["beta/runoff"]);
    assert_eq!(days[1]["may_fire"][0]["status"], "pending");
    assert_eq!(refs(&days[2]["items"]), ["beta/results"]);
    assert!(days[2]["items"][0].get("days_until_due").is_some());
}

// ---------------------------------------------------------------------------
// show
// ---------------------------------------------------------------------------

#[test]
fn show_an_item_in_full_as_of_today() {
    let run = run(&["show", "summit"]).success();
    // The signpost observed and the log entry written after 2025-08-20 do not show.
    assert_eq!(
        run.stdout,
        "\
Summit outcome
alpha/summit

  scenario   alpha — Alpha ceasefire talks
  question   What will the summit produce?
  status     resolved on 2025-08-15: no-deal
  due        2025-08-15 (5d ago) · lead 3d · grace 1d
  priority   normal
  tags       summit
  outcomes   deal, no-deal

Resolution
  2025-08-15  no-deal
  Talks ended without an agreement.
  https://example.org/summit

Forecasts
    2025-08-10  deal 30% · no-deal 70%
  ▸ 2025-08-14  deal 20% · no-deal 80%  (latest)

Signposts
  ✓ 2025-08-12  Venue confirmed
  ·             Joint statement
  ·             Follow-up meeting announced

Log
  2025-08-12  Venue announced.
"
    );
}

#[test]
fn show_tells_which_triggers_fired() {
    let out = run(&["show", "beta/sanctions"]).success().stdout;
    assert!(
        out.contains("  due        2025-09-14 (in 25d, +30d from the trigger on 2025-08-15) · lead 7d · grace 0d\n"),
        "{out}"
    );
    assert!(
        out.contains("Triggers\n  ✓ after alpha/summit resolves no-deal  (fired 2025-08-15)\n"),
        "{out}"
    );
    let out = run(&["show", "runoff"]).success().stdout;
    assert!(
        out.contains("  status     pending, waiting for a trigger: on 2025-08-25\n"),
        "{out}"
    );
    assert!(
        out.contains("  due        +14d after the trigger fires"),
        "{out}"
    );
    assert!(out.contains("  · on 2025-08-25  (not fired)\n"), "{out}");
    let out = run(&["show", "recount"]).success().stdout;
    assert!(
        out.contains("  status     moot since 2025-08-15: its triggers can no longer fire\n"),
        "{out}"
    );
    let out = run(&["show", "observers"]).success().stdout;
    assert!(
        out.contains("Dropped\n  2025-08-18\n  Overtaken by the summit's failure.\n"),
        "{out}"
    );
}

#[test]
fn show_a_scenario_with_its_items() {
    let out = run(&["show", "alpha"]).success().stdout;
    assert!(
        out.starts_with(
            "Alpha ceasefire talks\nalpha\n\n  date       2025-06-01\n  file       scenarios/alpha.toml\n"
        ),
        "{out}"
    );
    for part in [
        "Summary\n  Talks between the two sides",
        "Brief\n  who        Both sides and the mediator.\n  what       A ceasefire negotiation.\n",
        "Sources\n  Mediator's statement <https://example.org/statement>\n  https://example.org/background\n",
        "Watch-items (7)\nSTATUS    DUE              IN  PRIORITY  ID              TITLE\n",
        "overdue   2025-07-01  50d ago  high      ceasefire-text  Ceasefire text published\n",
        "resolved  2025-08-15           normal    summit          Summit outcome\n",
    ] {
        assert!(out.contains(part), "{part:?} not in\n{out}");
    }
}

#[test]
fn show_json_is_the_item_or_scenario_view() {
    let item = run(&["show", "alpha/summit", "--format", "json"])
        .success()
        .json();
    assert_eq!(item["ref"], "alpha/summit");
    assert_eq!(item["status"], "resolved");
    assert_eq!(item["forecast"]["on"], "2025-08-14");
    assert_eq!(item["forecasts"].as_array().unwrap().len(), 2);
    assert_eq!(item["log"].as_array().unwrap().len(), 1);
    assert_eq!(item["signposts"][0]["observed"], "2025-08-12");
    assert_eq!(item["signposts"][2]["observed"], Value::Null);
    let scenario = run(&["show", "beta", "--format", "json"]).success().json();
    assert_eq!(scenario["id"], "beta");
    assert_eq!(scenario["title"], "Beta elections");
    let items = scenario["items"].as_array().unwrap();
    assert_eq!(items.len(), 7);
    assert_eq!(items[0]["ref"], "beta/first-poll");
    assert_eq!(items[0]["status"], "upcoming");
}

#[test]
fn an_ambiguous_ref_lists_the_candidates() {
    let r = run(&["show", "readout"]).code(1);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr
            .contains("\"readout\" is ambiguous; it could be: alpha/readout, beta/readout"),
        "{}",
        r.stderr
    );
    run(&["show", "beta/readout"]).success();
}

#[test]
fn an_unknown_ref_suggests_the_closest() {
    let r = run(&["show", "sumit"]).code(1);
    assert!(
        r.stderr
            .contains("no item or scenario \"sumit\" (did you mean `summit`?)"),
        "{}",
        r.stderr
    );
    let r = run(&["show", "alpha/sumit"]).code(1);
    assert!(
        r.stderr
            .contains("no item \"sumit\" in scenario \"alpha\" (did you mean `alpha/summit`?)"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------------------
// Colour and width
// ---------------------------------------------------------------------------

#[test]
fn no_escape_codes_without_a_terminal_or_under_no_color() {
    // The harness sets NO_COLOR; stdout is a pipe either way.
    for args in [&["status"][..], &["due"], &["agenda"], &["show", "summit"]] {
        assert!(!run(args).stdout.contains('\u{1b}'), "{args:?}");
    }
    let mut args = vec!["--color", "never", "status"];
    assert!(!run(&args).stdout.contains('\u{1b}'));
    args[1] = "auto";
    let mut cmd = whatsnext();
    cmd.env_remove("NO_COLOR")
        .current_dir(fixture_dir())
        .args(["--today", TODAY])
        .args(&args);
    let out = cmd.output().unwrap();
    assert!(!out.stdout.contains(&0x1b));
}

#[test]
fn color_always_colours_statuses() {
    let out = run(&["--color", "always", "status"]).success().stdout;
    assert!(out.contains("\u{1b}[1m\u{1b}[31moverdue\u{1b}[0m"), "{out}");
    assert!(out.contains("\u{1b}[32mresolved\u{1b}[0m"), "{out}");
    // JSON is never coloured.
    let out = run(&["--color", "always", "status", "--format", "json"]).stdout;
    assert!(!out.contains('\u{1b}'));
}

/// `whatsnext ARGS…` (with `--today TODAY` unless ARGS have a `--today`) in `dir`
/// with standard output on a terminal
/// (a pseudo-terminal opened by util-linux `script`) `columns` wide, without
/// colour unless `env` asks for it: what it printed, the terminal's CR LF line
/// ends read as LF.
fn on_terminal(dir: &Path, columns: usize, args: &[&str], env: &[(&str, &str)]) -> String {
    let quote = |a: &str| format!("'{}'", a.replace('\'', "'\\''"));
    let mut command = vec![quote(env!("CARGO_BIN_EXE_whatsnext"))];
    if !args.contains(&"--today") {
        command.extend([quote("--today"), quote(TODAY)]);
    }
    command.extend(args.iter().map(|a| quote(a)));
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qefc", &command.join(" "), "/dev/null"])
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .env_remove("WHATSNEXT_TODAY")
        .env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .env("COLUMNS", columns.to_string());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run script (util-linux)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("valid UTF-8")
        .replace("\r\n", "\n")
}

#[test]
fn titles_are_cut_to_the_terminal_width_on_character_boundaries() {
    let p = Project::new().scenario(
        "greek",
        "title = \"Κυρώσεις\"\ndate = 2025-08-01\n\n[[watch]]\nid = \"package\"\ntitle = \"Ευρωπαϊκή Επιτροπή: νέο πακέτο κυρώσεων κατά της Ρωσίας\"\ndue = 2025-08-25\n",
    );
    let out = on_terminal(p.path(), 70, &["status"], &[]);
    let row = out.lines().nth(1).unwrap();
    assert_eq!(
        row,
        "due     2025-08-25  in 5d  normal    package  Ευρωπαϊκή Επιτροπή: νέο…"
    );
    assert_eq!(row.chars().count(), 70);
    // `--wide` shows it whole on the same terminal.
    let wide = on_terminal(p.path(), 70, &["status", "--wide"], &[]);
    assert!(wide.contains("κατά της Ρωσίας\n"), "{wide}");
}

#[test]
fn in_a_pipe_nothing_is_cut_whatever_columns_says() {
    let title = format!(
        "A long title {}",
        "that goes on and on ".repeat(10).trim_end()
    );
    assert!(title.chars().count() >= 200);
    let p = Project::new().scenario(
        "long",
        &format!("title = \"Long\"\ndate = 2025-08-01\n\n[[watch]]\nid = \"long\"\ntitle = \"{title}\"\ndue = 2025-08-25\n\n[[watch]]\nid = \"later\"\ntitle = \"{title}\"\ndue = 2025-08-18\n"),
    );
    for args in [&["status"][..], &["due"], &["agenda"]] {
        let out = whatsnext()
            .current_dir(p.path())
            .env("COLUMNS", "40")
            .args(["--today", TODAY])
            .args(args)
            .output()
            .unwrap();
        let out = String::from_utf8(out.stdout).unwrap();
        assert!(out.contains(&format!("  {title}\n")), "{args:?}: {out}");
        assert!(!out.contains('…'), "{args:?}: {out}");
    }
}

#[test]
fn show_prints_a_long_url_whole() {
    let url = format!("https://example.org/{}?q=1", "segment/".repeat(20));
    let p = Project::new().scenario(
        "src",
        &format!("title = \"Sources\"\ndate = 2025-08-01\nsources = [\"{url}\"]\n\n[[watch]]\nid = \"done\"\ntitle = \"Done after a long wait for the final text of it\"\ndue = 2025-08-10\nresolution = {{ on = 2025-08-11, outcome = \"yes\", note = \"See {url} for the text\", sources = [{{ title = \"Wire\", url = \"{url}\" }}] }}\n"),
    );
    for args in [&["show", "done"][..], &["show", "src"]] {
        let piped = p.run(TODAY, args).success().stdout;
        let narrow = on_terminal(p.path(), 40, args, &[]);
        for out in [&piped, &narrow] {
            assert!(out.contains(&url), "{args:?}: {out}");
            assert!(!out.contains('…'), "{args:?}: {out}");
        }
    }
}

#[test]
fn columns_choose_the_table_and_scenario_shows_its_title() {
    let out = run(&[
        "status",
        "--columns",
        "status,scenario,ref",
        "--status",
        "overdue",
    ])
    .success()
    .stdout;
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap().split_whitespace().collect::<Vec<_>>(),
        ["STATUS", "SCENARIO", "REF"]
    );
    let row = lines.next().unwrap();
    assert!(row.starts_with("overdue"), "{out}");
    let json = run(&["status", "--format", "json", "--status", "overdue"]).json();
    let first = &json[0];
    assert!(
        row.contains(first["scenario_title"].as_str().unwrap()),
        "{out}"
    );
    for command in ["due", "agenda"] {
        let out = run(&[command, "--columns", "scenario,title"])
            .success()
            .stdout;
        assert!(out.starts_with("SCENARIO"), "{command}: {out}");
    }
    let bad = run(&["status", "--columns", "status,colour"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

/// A scenario whose text carries ESC[2J, an OSC 52 clipboard write, a carriage
/// return and a backspace in every kind of value a listing or `show` prints.
const HOSTILE: &str = r#"id = "hostile"
title = "Scenario \u001b[2J title"
date = 2025-08-01
summary = "Summary \u001b]52;c;aGk=\u0007 here"
tags = ["tag\u001b[31m"]

[[watch]]
id = "evil"
title = "ok\rFAIL \u001b]52;c;aGk=\u0007 and \u001b[2J clear\u0008"
question = "Will \u001b]0;pwned\u0007 happen?"
due = 2025-08-22
tags = ["t\u001b[2J"]
outcomes = ["yes", "no"]
signposts = ["Sign \u001b[5m blink"]
log = [{ on = 2025-08-10, note = "Note \r\u001b]52;c;aGk=\u0007" }]

[[watch]]
id = "late"
title = "Late \u001b]52;c;aGk=\u0007 item"
due = 2025-08-01
"#;

/// Whether `out` holds a control character other than a line feed or the
/// colour sequences (`ESC [ … m`) the program writes itself.
fn raw_control(out: &str) -> Option<String> {
    let mut rest = out;
    while let Some(i) = rest.find(|c: char| c.is_control() && c != '\n') {
        let tail = &rest[i..];
        let sgr = tail.strip_prefix("\u{1b}[").and_then(|t| {
            let end = t.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
            t[end..].starts_with('m').then_some(&t[end + 1..])
        });
        match sgr {
            Some(after) => rest = after,
            None => return Some(tail.chars().take(12).collect()),
        }
    }
    None
}

#[test]
fn control_characters_never_reach_stdout_raw() {
    let p = Project::new().scenario("hostile", HOSTILE);
    let commands: [&[&str]; 5] = [
        &["status"],
        &["due"],
        &["agenda"],
        &["show", "evil"],
        &["show", "hostile"],
    ];
    for args in commands {
        for color in ["never", "always"] {
            let mut with_color = vec!["--color", color];
            with_color.extend_from_slice(args);
            let piped = p.run(TODAY, &with_color).success().stdout;
            // Narrow, so that titles are cut next to their escapes.
            let narrow = on_terminal(p.path(), 60, &with_color, &[]);
            let wide = on_terminal(p.path(), 200, &with_color, &[("NO_COLOR", "")]);
            for out in [&piped, &narrow, &wide] {
                assert_eq!(raw_control(out), None, "{with_color:?}:\n{out}");
            }
            // What was there is shown, not dropped.
            assert!(
                piped.contains("\\x1b]52;c;aGk=\\x07"),
                "{with_color:?}:\n{piped}"
            );
        }
    }
    let show = p.run(TODAY, &["show", "evil"]).success().stdout;
    assert!(show.contains("ok\\x0dFAIL"), "{show}");
    assert!(show.contains("clear\\x08"), "{show}");
    assert!(show.contains("t\\x1b[2J"), "{show}");
}

// ---------------------------------------------------------------------------
// A large corpus
// ---------------------------------------------------------------------------

#[test]
fn a_large_corpus_lists_identically_on_every_run() {
    const FILES: usize = 4_000;
    const ITEMS: usize = 5;
    let p = Project::new();
    for f in 0..FILES {
        let mut text = format!(
            "title = \"Scenario {f}\"\ndate = 2025-0{}-01\ntags = [\"t{}\"]\n",
            1 + f % 8,
            f % 7
        );
        for i in 0..ITEMS {
            let day = 1 + (f * 7 + i * 3) % 28;
            let month = 1 + (f + i) % 12;
            text.push_str(&format!(
                "\n[[watch]]\nid = \"item-{i}\"\ntitle = \"Item {i} of scenario {f}\"\ndue = 2025-{month:02}-{day:02}\n"
            ));
            if i == 4 {
                text.push_str("trigger = [{ after = \"item-0\" }]\n");
            }
            if (f + i) % 5 == 0 {
                text.push_str("priority = \"high\"\n");
            }
        }
        p.write(&format!("scenarios/s{f:04}.toml"), &text);
    }
    let first = p.run(TODAY, &["status", "--format", "json"]).success();
    let second = p.run(TODAY, &["status", "--format", "json"]).success();
    assert!(first.stdout == second.stdout, "two runs differ");
    // One item per line between the brackets, however the work was split.
    assert!(first.stdout.starts_with("[\n{\"ref\":"));
    assert!(first.stdout.ends_with("}\n]\n"));
    assert_eq!(first.stdout.lines().count(), FILES * ITEMS + 2);
    let json = first.json();
    let items = json.as_array().unwrap();
    assert_eq!(items.len(), FILES * ITEMS);
    let states: std::collections::BTreeSet<&str> = items
        .iter()
        .map(|v| v["status"].as_str().unwrap())
        .collect();
    assert!(states.len() >= 3, "{states:?}");
}

// ---------------------------------------------------------------------------
// The README's samples
// ---------------------------------------------------------------------------

/// Every `$ whatsnext …` sample in the README's "Reviewing" section prints what
/// the README shows, on the shipped scenario.
#[test]
fn the_readme_samples_are_real_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let start = readme
        .find("## Reviewing: status, due, agenda, show")
        .expect("the Reviewing section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let mut checked = 0;
    for block in section.split("```console\n").skip(1) {
        let block = &block[..block.find("```").unwrap()];
        let (command, expected) = block.split_once('\n').unwrap();
        let Some(args) = command.strip_prefix("$ whatsnext ") else {
            continue;
        };
        if args.contains('>') {
            continue;
        }
        // The samples show a terminal 100 columns wide.
        let out = on_terminal(root, 100, &args.split_whitespace().collect::<Vec<_>>(), &[]);
        assert_eq!(out, expected, "$ whatsnext {args}");
        checked += 1;
    }
    assert_eq!(checked, 6);
}
