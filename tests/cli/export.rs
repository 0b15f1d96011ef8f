//! `whatsnext export --format json|ics`: the corpus as of T, filtered like `status`.
//! The calendar is checked by an independent parser (Python's `icalendar`, through
//! tests/ics_check.py), not by reading our own output back.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::support::Project;

const TODAY: &str = "2025-08-12";

/// Punctuation that TEXT escaping must handle, and non-ASCII text.
const TRICKY_TITLE: &str = "Putin–Kim: «ceasefire»; talks, maybe \\ not — 東京";

/// 200 characters, mixing ASCII, 3-byte characters and commas, so that folding
/// meets multi-byte characters and escape pairs at its fold points.
fn long_title() -> String {
    let title: String = "Long title, 東京 — ".chars().cycle().take(200).collect();
    assert_eq!(title.chars().count(), 200);
    title
}

fn east_asia() -> String {
    format!(
        r#"
id = "east-asia"
title = "Talks; in Tokyo, maybe"
date = 2025-08-01
tags = ["asia"]

[[watch]]
id = "talks"
title = {title}
question = "Will they meet?\nSecond line"
due = 2025-08-15
tags = ["summit", "a,b;c"]
priority = "critical"
signposts = ["Venue confirmed", {{ text = "Invitations sent", observed = 2025-08-05 }}]

[[watch]]
id = "long"
title = "{long}"
due = 2025-08-10
priority = "low"

[[watch]]
id = "done"
title = "Resolved item"
due = 2025-08-05
priority = "high"
resolution = {{ on = 2025-08-06, outcome = "yes", note = "It happened", sources = [{{ title = "Wire", url = "https://example.org/a?b=1,2" }}, "https://example.org/second"] }}

[[watch]]
id = "gone"
title = "Dropped item"
due = 2025-08-30
dropped = {{ on = 2025-08-07, reason = "Overtaken by events" }}

[[watch]]
id = "open-ended"
title = "No due day"

[[watch]]
id = "waits"
title = "Waits for the talks to fail"
trigger = [{{ after = "talks", outcome = ["no"] }}]
due = "+10d"

[[watch]]
id = "never"
title = "Would follow a failure of the resolved item"
trigger = [{{ after = "done", outcome = ["no"] }}]
due = "+10d"

[[watch]]
id = "later"
title = "Resolved after T"
due = 2025-08-11
resolution = {{ on = 2025-08-20, outcome = "no" }}
"#,
        title = toml_string(TRICKY_TITLE),
        long = long_title(),
    )
}

const OTHER: &str = r#"
id = "other"
title = "Another scenario"
date = 2025-08-01
tags = ["europe"]

[[watch]]
id = "x"
title = "Summit in Europe"
due = 2025-09-01
tags = ["summit"]
forecast = [{ on = 2025-08-02, p = 0.25 }]
"#;

/// A TOML basic string holding `text`.
fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn project() -> Project {
    Project::new()
        .scenario("a", &east_asia())
        .scenario("b", OTHER)
}

fn refs(items: &Value) -> Vec<String> {
    items
        .as_array()
        .expect("an array")
        .iter()
        .map(|i| i["ref"].as_str().expect("a ref").to_string())
        .collect()
}

// ---------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------

#[test]
fn json_export_is_one_document_with_today_and_every_scenario() {
    let run = project()
        .run(TODAY, &["export", "--format", "json"])
        .success();
    let doc = run.json();
    let keys: Vec<&String> = doc.as_object().expect("an object").keys().collect();
    assert_eq!(keys, ["scenarios", "today"]);
    assert_eq!(doc["today"], "2025-08-12");
    let scenarios = doc["scenarios"].as_array().expect("scenarios");
    assert_eq!(scenarios.len(), 2);

    let a = &scenarios[0];
    assert_eq!(a["id"], "east-asia");
    assert_eq!(a["title"], "Talks; in Tokyo, maybe");
    assert_eq!(a["date"], "2025-08-01");
    assert_eq!(a["tags"], json!(["asia"]));
    assert!(a["path"].as_str().expect("path").ends_with("a.toml"));
    assert_eq!(
        refs(&a["items"]),
        [
            "east-asia/talks",
            "east-asia/long",
            "east-asia/done",
            "east-asia/gone",
            "east-asia/open-ended",
            "east-asia/waits",
            "east-asia/never",
            "east-asia/later",
        ]
    );
    assert_eq!(scenarios[1]["id"], "other");
    assert_eq!(refs(&scenarios[1]["items"]), ["other/x"]);
}

#[test]
fn json_export_items_carry_the_status_fields_as_of_today() {
    let doc = project()
        .run(TODAY, &["export", "--format", "json"])
        .success()
        .json();
    let items = &doc["scenarios"][0]["items"];
    let status: Vec<&str> = items
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["status"].as_str().expect("status"))
        .collect();
    assert_eq!(
        status,
        [
            "due", "overdue", "resolved", "dropped", "open", "pending", "moot", "overdue"
        ]
    );

    let talks = &items[0];
    for field in crate::support::ITEM_FIELDS {
        assert!(talks.get(field).is_some(), "missing field {field}: {talks}");
    }
    assert_eq!(talks["title"], TRICKY_TITLE);
    assert_eq!(talks["due"], "2025-08-15");
    assert_eq!(talks["days_until_due"], 3);
    assert_eq!(talks["priority"], "critical");
    assert_eq!(talks["tags"], json!(["summit", "a,b;c"]));

    let done = &items[2];
    assert_eq!(done["resolution"]["on"], "2025-08-06");
    assert_eq!(done["resolution"]["outcome"], "yes");
    // A resolution dated after T does not exist yet.
    assert_eq!(items[7]["resolution"], Value::Null);
    assert_eq!(items[7]["days_until_due"], -1);

    let x = &doc["scenarios"][1]["items"][0];
    assert_eq!(x["forecast"], json!({ "on": "2025-08-02", "p": 0.25 }));
}

/// SPEC §3.3: the export has the same item fields as `status --format json`.
#[test]
fn json_export_items_are_the_items_of_status_json() {
    let p = project();
    let status = p
        .run(TODAY, &["status", "--format", "json"])
        .success()
        .json();
    let export = p
        .run(TODAY, &["export", "--format", "json"])
        .success()
        .json();
    let exported: Vec<&Value> = export["scenarios"]
        .as_array()
        .expect("scenarios")
        .iter()
        .flat_map(|s| s["items"].as_array().expect("items"))
        .collect();
    let listed = status.as_array().expect("status prints an array");
    assert_eq!(listed.len(), exported.len());
    for item in listed {
        let same = exported
            .iter()
            .find(|e| e["ref"] == item["ref"])
            .unwrap_or_else(|| panic!("{} not exported", item["ref"]));
        assert_eq!(*same, item, "{}", item["ref"]);
    }
}

#[test]
fn json_export_applies_the_status_filters() {
    let p = project();
    let doc = p
        .run(TODAY, &["export", "--format", "json", "--tag", "summit"])
        .success()
        .json();
    let all: Vec<String> = doc["scenarios"]
        .as_array()
        .expect("scenarios")
        .iter()
        .flat_map(|s| refs(&s["items"]))
        .collect();
    assert_eq!(all, ["east-asia/talks", "other/x"]);

    // A scenario tag selects every item of the scenario.
    let doc = p
        .run(TODAY, &["export", "--format", "json", "--tag", "europe"])
        .success()
        .json();
    assert_eq!(doc["scenarios"].as_array().map(Vec::len), Some(1));
    assert_eq!(doc["scenarios"][0]["id"], "other");

    let doc = p
        .run(
            TODAY,
            &["export", "--format", "json", "--status", "overdue,dropped"],
        )
        .success()
        .json();
    assert_eq!(doc["scenarios"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        refs(&doc["scenarios"][0]["items"]),
        ["east-asia/long", "east-asia/gone", "east-asia/later"]
    );

    let doc = p
        .run(
            TODAY,
            &["export", "--format", "json", "--scenario", "other"],
        )
        .success()
        .json();
    assert_eq!(doc["scenarios"].as_array().map(Vec::len), Some(1));
    assert_eq!(refs(&doc["scenarios"][0]["items"]), ["other/x"]);
}

#[test]
fn a_filter_matching_nothing_gives_an_empty_export() {
    let doc = project()
        .run(TODAY, &["export", "--format", "json", "--tag", "nowhere"])
        .success()
        .json();
    assert_eq!(doc, json!({ "today": "2025-08-12", "scenarios": [] }));
}

#[test]
fn bad_filters_are_refused() {
    let p = project();
    let run = p
        .run(TODAY, &["export", "--format", "json", "--status", "late"])
        .code(2);
    assert!(
        run.stderr.contains("unknown status \"late\""),
        "{}",
        run.stderr
    );
    let run = p
        .run(
            TODAY,
            &["export", "--format", "ics", "--scenario", "otherr"],
        )
        .code(1);
    assert!(
        run.stderr.contains("did you mean `other`"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn an_invalid_corpus_is_not_exported() {
    let run = Project::new()
        .scenario("bad", "title = \"No date\"\n")
        .run(TODAY, &["export", "--format", "ics"])
        .code(1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("bad.toml:"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// iCalendar
// ---------------------------------------------------------------------------

/// Whether `python3` can import `icalendar`. Under CI (the `CI` variable set) it
/// must: a missing parser fails the test instead of skipping it.
fn icalendar_available() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import icalendar"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but python3 cannot import icalendar: run `python3 -m pip install icalendar`"
        );
        // Straight to stderr, past the test harness's capture, so the skip is seen.
        let _ = writeln!(
            std::io::stderr(),
            "note: skipping the iCalendar parser check: python3 with the `icalendar` package \
             is not available (python3 -m pip install icalendar)"
        );
    }
    found
}

/// Parses an .ics file with tests/ics_check.py; returns what it printed.
fn parse_ics(file: &Path) -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3")
        .arg(root.join("tests/ics_check.py"))
        .arg(file)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "ics_check rejected the calendar:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("ics_check prints JSON")
}

fn ics_export(p: &Project, extra: &[&str]) -> Value {
    let mut args = vec!["export", "--format", "ics", "-o", "out.ics"];
    args.extend_from_slice(extra);
    p.run(TODAY, &args).success();
    parse_ics(&p.abs("out.ics"))
}

fn todo<'a>(cal: &'a Value, uid: &str) -> &'a Value {
    cal["todos"]
        .as_array()
        .expect("todos")
        .iter()
        .find(|t| t["uid"] == uid)
        .unwrap_or_else(|| panic!("no VTODO {uid} in {cal}"))
}

#[test]
fn ics_export_parses_with_icalendar_and_every_vtodo_has_its_fields() {
    if !icalendar_available() {
        return;
    }
    let cal = ics_export(&project(), &[]);
    assert_eq!(cal["calendar"]["VERSION"], "2.0");
    assert_eq!(cal["calendar"]["CALSCALE"], "GREGORIAN");
    assert_eq!(cal["calendar"]["X-WR-CALNAME"], "whatsnext");
    assert!(
        cal["calendar"]["PRODID"]
            .as_str()
            .is_some_and(|p| p.contains("whatsnext"))
    );

    // One VTODO per item with a known due day, in corpus order: not the open,
    // pending or moot items.
    let uids: Vec<&str> = cal["todos"]
        .as_array()
        .expect("todos")
        .iter()
        .map(|t| t["uid"].as_str().expect("uid"))
        .collect();
    assert_eq!(
        uids,
        [
            "east-asia/talks@whatsnext",
            "east-asia/long@whatsnext",
            "east-asia/done@whatsnext",
            "east-asia/gone@whatsnext",
            "east-asia/later@whatsnext",
            "other/x@whatsnext",
        ]
    );
    assert!(
        cal["components"]
            .as_array()
            .expect("components")
            .iter()
            .all(|c| c == "VTODO")
    );

    for t in cal["todos"].as_array().expect("todos") {
        // DTSTAMP is T at midnight UTC, never the wall clock.
        assert_eq!(
            t["dtstamp"],
            json!({ "type": "datetime", "iso": "2025-08-12T00:00:00+00:00" })
        );
        assert_eq!(t["due"]["type"], "date", "DUE is a DATE: {t}");
    }

    let talks = todo(&cal, "east-asia/talks@whatsnext");
    assert_eq!(talks["summary"], TRICKY_TITLE);
    assert_eq!(talks["due"]["iso"], "2025-08-15");
    assert_eq!(talks["categories"], json!(["summit", "a,b;c", "asia"]));
    assert_eq!(talks["priority"], 1);
    assert_eq!(talks["status"], "NEEDS-ACTION");
    assert_eq!(talks["completed"], Value::Null);
    assert_eq!(talks["url"], Value::Null);
    assert_eq!(
        talks["description"],
        "Will they meet?\nSecond line\n\n\
         Scenario: Talks; in Tokyo, maybe (east-asia)\n\
         Status on 2025-08-12: due\n\n\
         Signposts:\n- Venue confirmed\n- Invitations sent (observed 2025-08-05)\n\n\
         Ref: east-asia/talks"
    );

    let long = todo(&cal, "east-asia/long@whatsnext");
    assert_eq!(long["summary"], long_title().as_str());
    assert_eq!(long["due"]["iso"], "2025-08-10");
    assert_eq!(long["priority"], 9);
    assert_eq!(long["status"], "NEEDS-ACTION");
    assert_eq!(long["categories"], json!(["asia"]));

    let done = todo(&cal, "east-asia/done@whatsnext");
    assert_eq!(done["status"], "COMPLETED");
    assert_eq!(
        done["completed"],
        json!({ "type": "datetime", "iso": "2025-08-06T00:00:00+00:00" })
    );
    assert_eq!(done["priority"], 3);
    assert_eq!(done["url"], "https://example.org/a?b=1,2");
    let description = done["description"].as_str().expect("description");
    assert!(
        description.contains("Resolved on 2025-08-06: yes\nIt happened\n"),
        "{description}"
    );
    assert!(
        description.contains("Source: Wire <https://example.org/a?b=1,2>"),
        "{description}"
    );

    let gone = todo(&cal, "east-asia/gone@whatsnext");
    assert_eq!(gone["status"], "CANCELLED");
    assert_eq!(gone["priority"], 5);
    assert!(
        gone["description"]
            .as_str()
            .is_some_and(|d| d.contains("Dropped on 2025-08-07: Overtaken by events"))
    );

    // Resolved after T: still to do as of T.
    let later = todo(&cal, "east-asia/later@whatsnext");
    assert_eq!(later["status"], "NEEDS-ACTION");
    assert_eq!(later["completed"], Value::Null);

    let x = todo(&cal, "other/x@whatsnext");
    assert_eq!(x["categories"], json!(["summit", "europe"]));
    assert!(
        x["description"]
            .as_str()
            .is_some_and(|d| d.contains("Forecast of 2025-08-02: yes 0.25"))
    );
}

#[test]
fn ics_lines_are_crlf_and_folded_at_75_octets() {
    let run = project()
        .run(TODAY, &["export", "--format", "ics"])
        .success();
    let text = run.stdout;
    assert!(
        text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{text}"
    );
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    let body = &text[..text.len() - 2];
    let mut folded = 0;
    for line in body.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line end: {line:?}"
        );
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        if line.starts_with(' ') {
            folded += 1;
        }
    }
    assert!(folded > 3, "the long title and descriptions must fold");
    // The 200-character title spans several physical lines and unfolds intact.
    let unfolded = body.replace("\r\n ", "");
    let summary = format!("SUMMARY:{}", long_title().replace(',', "\\,"));
    assert!(unfolded.split("\r\n").any(|l| l == summary), "{unfolded}");
}

#[test]
fn ics_export_applies_the_filters() {
    let run = project()
        .run(
            TODAY,
            &[
                "export",
                "--format",
                "ics",
                "--tag",
                "summit",
                "--status",
                "due,upcoming",
            ],
        )
        .success();
    let uids: Vec<&str> = run
        .stdout
        .split("\r\n")
        .filter_map(|l| l.strip_prefix("UID:"))
        .collect();
    assert_eq!(uids, ["east-asia/talks@whatsnext", "other/x@whatsnext"]);
}

#[test]
fn an_empty_selection_is_still_a_calendar() {
    if !icalendar_available() {
        return;
    }
    let cal = ics_export(&project(), &["--scenario", "other", "--status", "resolved"]);
    assert_eq!(cal["calendar"]["VERSION"], "2.0");
    assert_eq!(cal["todos"], json!([]));
}

#[test]
fn the_shipped_example_exports_as_a_valid_calendar() {
    if !icalendar_available() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("example.ics");
    let out = crate::support::whatsnext()
        .current_dir(root)
        .args(["--today", "2025-08-20", "export", "--format", "ics", "-o"])
        .arg(&file)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cal = parse_ics(&file);
    let summit = todo(&cal, "putin-kim-call-2025-08/alaska-summit@whatsnext");
    assert_eq!(summit["status"], "COMPLETED");
    assert_eq!(summit["completed"]["iso"], "2025-08-15T00:00:00+00:00");
    assert_eq!(summit["priority"], 3);
}

// ---------------------------------------------------------------------------
// Both formats
// ---------------------------------------------------------------------------

#[test]
fn two_runs_give_identical_bytes_in_both_formats() {
    let p = project();
    for format in ["json", "ics"] {
        let first = p
            .run(TODAY, &["export", "--format", format])
            .success()
            .stdout;
        let second = p
            .run(TODAY, &["export", "--format", format])
            .success()
            .stdout;
        assert_eq!(first.as_bytes(), second.as_bytes(), "{format}");
        p.run(TODAY, &["export", "--format", format, "-o", "a.out"])
            .success();
        p.run(TODAY, &["export", "--format", format, "-o", "b.out"])
            .success();
        let a = std::fs::read(p.abs("a.out")).expect("a.out");
        let b = std::fs::read(p.abs("b.out")).expect("b.out");
        assert_eq!(a, b, "{format}");
        assert_eq!(
            a,
            first.as_bytes(),
            "-o writes what stdout shows ({format})"
        );
    }
}

#[test]
fn output_file_is_replaced_atomically_and_leaves_no_temporary_file() {
    let p = project().file("exports/old.json", "stale");
    let run = p
        .run(
            TODAY,
            &["export", "--format", "json", "-o", "exports/old.json"],
        )
        .success();
    assert_eq!(run.stdout, "");
    let written: Value = serde_json::from_str(&p.read("exports/old.json")).expect("JSON");
    assert_eq!(written["today"], "2025-08-12");
    let names: Vec<String> = std::fs::read_dir(p.abs("exports"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["old.json"]);
}

#[cfg(unix)]
#[test]
fn output_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let p = project().file("cal.ics", "old");
    std::fs::set_permissions(p.abs("cal.ics"), std::fs::Permissions::from_mode(0o640))
        .expect("chmod");
    p.run(TODAY, &["export", "--format", "ics", "-o", "cal.ics"])
        .success();
    let mode = std::fs::metadata(p.abs("cal.ics"))
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);
    assert!(p.read("cal.ics").starts_with("BEGIN:VCALENDAR"));
}

#[test]
fn an_unwritable_output_is_a_clear_error() {
    let run = project()
        .run(
            TODAY,
            &["export", "--format", "ics", "-o", "missing/dir/cal.ics"],
        )
        .code(1);
    assert!(
        run.stderr.contains("cannot write missing/dir/cal.ics"),
        "{}",
        run.stderr
    );
}

#[test]
fn ics_export_lists_a_moot_item_with_a_fixed_due_as_cancelled() {
    if !icalendar_available() {
        return;
    }
    let p = Project::new().scenario(
        "branch",
        r#"
title = "Branches"
date = 2025-08-01

[[watch]]
id = "vote"
title = "Vote"
resolution = { on = 2025-08-05, outcome = "no" }

[[watch]]
id = "if-yes"
title = "Follow-up if the vote passes"
trigger = [{ after = "vote", outcome = "yes" }]
due = 2025-09-01

[[watch]]
id = "waiting"
title = "Waits on a date"
trigger = [{ on = 2025-08-20 }]
due = 2025-09-15
"#,
    );
    let cal = ics_export(&p, &[]);
    let moot = todo(&cal, "branch/if-yes@whatsnext");
    assert_eq!(moot["status"], "CANCELLED");
    let pending = todo(&cal, "branch/waiting@whatsnext");
    assert_eq!(pending["status"], "NEEDS-ACTION");
}

const CALENDAR_SOURCES: &str = r#"
id = "links"
title = "Links"
date = 2025-08-01

[[watch]]
id = "script"
title = "A source that is a script"
due = 2025-08-10
resolution = { on = 2025-08-09, outcome = "yes", sources = ["javascript:alert(1)"] }

[[watch]]
id = "accented"
title = "A source with non-ASCII"
due = 2025-08-12
resolution = { on = 2025-08-11, outcome = "no", sources = ["https://en.wikipedia.org/wiki/North_Korea–Russia_relations"] }

[[watch]]
id = "open"
title = "Still open"
due = 2025-08-31
"#;

#[test]
fn ics_events_are_all_day_with_their_own_uids_and_no_method() {
    if !icalendar_available() {
        return;
    }
    let p = Project::new().scenario("links", CALENDAR_SOURCES);
    let todos = ics_export(&p, &[]);
    let events = ics_export(&p, &["--as", "events"]);
    assert!(events["calendar"]["METHOD"].is_null(), "{events}");
    assert!(todos["calendar"]["METHOD"].is_null(), "{todos}");
    assert_eq!(
        events["components"],
        serde_json::json!(["VEVENT", "VEVENT", "VEVENT"])
    );
    let open = events["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["summary"] == "Still open")
        .expect("the open item's event");
    assert_eq!(open["dtstart"]["type"], "date");
    assert_eq!(open["dtstart"]["iso"], "2025-08-31");
    assert_eq!(open["dtend"]["iso"], "2025-09-01");
    assert_eq!(open["status"], "CONFIRMED");
    assert_eq!(open["transp"], "TRANSPARENT");
    let todo_uids: Vec<&Value> = todos["todos"]
        .as_array()
        .expect("todos")
        .iter()
        .map(|t| &t["uid"])
        .collect();
    for e in events["events"].as_array().expect("events") {
        assert!(!todo_uids.contains(&&e["uid"]), "{e}");
    }
    // Stable: the same bytes twice.
    let again = ics_export(&p, &["--as", "events"]);
    assert_eq!(events, again);
}

#[test]
fn ics_urls_are_web_or_mail_only_and_percent_encoded() {
    if !icalendar_available() {
        return;
    }
    let p = Project::new().scenario("links", CALENDAR_SOURCES);
    let cal = ics_export(&p, &[]);
    let raw = p.read("out.ics");
    assert!(!raw.to_ascii_lowercase().contains("javascript:"), "{raw}");
    assert!(
        todo(&cal, "links/script@whatsnext")["url"].is_null(),
        "{cal}"
    );
    assert_eq!(
        todo(&cal, "links/accented@whatsnext")["url"],
        "https://en.wikipedia.org/wiki/North_Korea%E2%80%93Russia_relations"
    );
}
