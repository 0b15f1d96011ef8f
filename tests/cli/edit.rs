//! The edit commands (SPEC §3.2): fixture files in `tests/fixtures/edit/CASE/in/`
//! are copied to a temp project's `scenarios/`, a command runs, and every file must
//! then equal `CASE/out/` byte for byte. Each fixture also runs a second time with
//! its files converted to CRLF line endings and a UTF-8 byte order mark, which
//! must survive just the same. Refusals leave the files byte-identical.
//!
//! `WHATSNEXT_BLESS=1 cargo test` rewrites the `out/` folders from the actual
//! results (review the diff before committing it).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{Project, Run, whatsnext};

const TODAY: &str = "2025-08-20";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/edit")
}

/// Every `*.toml` file directly in `dir`, by name.
fn toml_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".toml") {
            out.insert(name, std::fs::read(e.path()).expect("read fixture"));
        }
    }
    out
}

/// LF text → CRLF with a byte order mark.
fn crlf_bom(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).expect("UTF-8 fixture");
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    out
}

fn is_plain_lf(bytes: &[u8]) -> bool {
    !bytes.contains(&b'\r') && !bytes.starts_with("\u{feff}".as_bytes())
}

/// Runs `args` on the fixture `case` and compares the result with `out/`; also
/// in CRLF + BOM when the fixture is plain LF text. Returns the first run.
fn fixture(case: &str, args: &[&str]) -> Run {
    let dir = fixtures().join(case);
    let input = toml_files(&dir.join("in"));
    assert!(!input.is_empty(), "fixture {case} has no in/*.toml");
    let bless = std::env::var_os("WHATSNEXT_BLESS").is_some();
    let mut first = None;
    let plain = input.values().all(|b| is_plain_lf(b));
    let variants: &[bool] = if plain { &[false, true] } else { &[false] };
    for &convert in variants {
        let project = Project::new();
        for (name, bytes) in &input {
            let bytes = if convert {
                crlf_bom(bytes)
            } else {
                bytes.clone()
            };
            std::fs::write(project.abs(&format!("scenarios/{name}")), bytes).expect("write");
        }
        let run = project.run(TODAY, args);
        assert_eq!(
            run.code,
            0,
            "{case}{}: exit code\n--- stdout\n{}\n--- stderr\n{}",
            if convert { " (CRLF + BOM)" } else { "" },
            run.stdout,
            run.stderr
        );
        let actual = toml_files(&project.abs("scenarios"));
        if bless && !convert {
            let out = dir.join("out");
            let _ = std::fs::remove_dir_all(&out);
            std::fs::create_dir_all(&out).expect("out dir");
            for (name, bytes) in &actual {
                std::fs::write(out.join(name), bytes).expect("bless");
            }
        }
        let expected: BTreeMap<String, Vec<u8>> = toml_files(&dir.join("out"))
            .into_iter()
            .map(|(n, b)| {
                let converted = if convert && input.contains_key(&n) {
                    crlf_bom(&b)
                } else {
                    b
                };
                (n, converted)
            })
            .collect();
        assert_eq!(
            actual.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "{case}: the files in scenarios/"
        );
        for (name, want) in &expected {
            let got = &actual[name];
            assert!(
                got == want,
                "{case}{}: {name} differs from out/{name}\n--- expected\n{}\n--- actual\n{}",
                if convert { " (CRLF + BOM)" } else { "" },
                String::from_utf8_lossy(want),
                String::from_utf8_lossy(got)
            );
        }
        first.get_or_insert(run);
    }
    first.expect("one run")
}

// ---------------------------------------------------------------------------
// Each command on files with comments, multi-line strings and arrays, inline tables
// ---------------------------------------------------------------------------

#[test]
fn resolve_sets_the_resolution_and_appends_to_a_multiline_log() {
    let run = fixture(
        "resolve",
        &[
            "resolve",
            "rich/summit",
            "--outcome",
            "no-deal",
            "--on",
            "2025-08-15",
            "--note",
            "No agreement; \"talks to continue\".",
            "--source",
            "https://example.org/a",
            "--source",
            "https://example.org/b",
        ],
    );
    assert_eq!(run.stdout, "resolved rich/summit: no-deal (2025-08-15)\n");
}

#[test]
fn resolve_creates_the_log_as_the_items_last_key() {
    fixture(
        "resolve-no-log",
        &["resolve", "sanctions", "--outcome", "yes"],
    );
}

#[test]
fn resolve_an_inline_table_item() {
    fixture(
        "resolve-inline",
        &["resolve", "second", "--outcome", "b", "--on", "2025-08-19"],
    );
}

#[test]
fn mixed_line_endings_and_a_bom_stay_as_they_were() {
    fixture(
        "resolve-mixed-endings",
        &[
            "resolve",
            "mixed/item",
            "--outcome",
            "yes",
            "--note",
            "done",
        ],
    );
}

#[test]
fn reopen_removes_the_resolution_and_keeps_the_comment_above_it() {
    let run = fixture("reopen", &["reopen", "talks", "--note", "Disputed."]);
    assert_eq!(
        run.stdout,
        "reopened rich/talks (was resolved: yes on 2025-08-14)\n"
    );
}

#[test]
fn drop_records_the_day_and_the_reason() {
    let run = fixture(
        "drop",
        &[
            "drop",
            "sanctions",
            "--reason",
            "Superseded by the EU package",
            "--on",
            "2025-08-18",
        ],
    );
    assert_eq!(
        run.stdout,
        "dropped rich/sanctions (2025-08-18): Superseded by the EU package\n"
    );
}

#[test]
fn snooze_replaces_the_due_day_keeping_its_comment() {
    fixture("snooze", &["snooze", "summit", "--to", "2025-08-22"]);
}

#[test]
fn snooze_counts_a_relative_day_from_today_and_adds_a_missing_due() {
    let run = fixture("snooze-no-due", &["snooze", "open-question", "--to", "+7d"]);
    assert_eq!(run.stdout, "snoozed rich/open-question: due 2025-08-27\n");
}

#[test]
fn snooze_to_an_earlier_day_says_so() {
    // Allowed (a date can be brought forward), but never silently: `--to +1w`
    // can land before the current due day.
    let p = small();
    let run = p
        .run("2025-08-13", &["snooze", "summit", "--to", "+1d"])
        .success();
    assert_eq!(run.stdout, "snoozed small/summit: due 2025-08-14\n");
    assert_eq!(
        run.stderr,
        "note: snoozing small/summit moves the due day earlier: 2025-08-15 → 2025-08-14\n"
    );
    assert!(
        p.read("scenarios/small.toml")
            .contains("due = 2025-08-14\n")
    );
    let later = p
        .run("2025-08-13", &["snooze", "summit", "--to", "2025-08-20"])
        .success();
    assert_eq!(later.stderr, "");
    // A relative due counts from the day the trigger fired: 15 August + 60 days.
    let p = Project::new().scenario(
        "t",
        "title = \"T\"\ndate = 2025-08-12\n\
         [[watch]]\nid = \"summit\"\ntitle = \"Summit\"\n\
         resolution = { on = 2025-08-15, outcome = \"yes\" }\n\
         [[watch]]\nid = \"sanctions\"\ntitle = \"Sanctions\"\n\
         trigger = [{ after = \"summit\" }]\ndue = \"+60d\"\n",
    );
    let run = p
        .run("2025-09-03", &["snooze", "sanctions", "--to", "+1w"])
        .success();
    assert_eq!(
        run.stderr,
        "note: snoozing t/sanctions moves the due day earlier: 2025-10-14 → 2025-09-10\n"
    );
}

#[test]
fn note_appends_to_the_log_only() {
    let run = fixture(
        "note",
        &["note", "summit", "Readout published.", "--on", "2025-08-16"],
    );
    assert_eq!(run.stdout, "noted rich/summit (2025-08-16)\n");
}

#[test]
fn a_file_without_a_final_newline_can_be_edited_and_keeps_none() {
    // Regression: such a file was refused as a layout the editor could not keep.
    // The fixture also runs as CRLF with a byte order mark.
    let run = fixture("note-no-final-newline", &["note", "b", "y"]);
    assert_eq!(run.stdout, "noted c/b (2025-08-20)\n");
}

#[test]
fn forecast_on_a_multi_outcome_item_appends_a_table() {
    fixture(
        "forecast-multi",
        &[
            "forecast",
            "summit",
            "--p",
            "no-deal=0.6",
            "--p",
            "ceasefire=0.05,framework=0.35",
        ],
    );
}

#[test]
fn forecast_on_a_yes_no_item_appends_a_number() {
    fixture(
        "forecast-binary",
        &["forecast", "sanctions", "--p", "yes=0.7"],
    );
}

#[test]
fn forecast_by_names_the_forecaster_in_the_new_entry_only() {
    let run = fixture(
        "forecast-by",
        &["forecast", "sanctions", "--p", "0.7", "--by", "ben"],
    );
    assert_eq!(
        run.stdout,
        "forecast rich/sanctions (2025-08-20): yes 0.7 (by ben)\n"
    );
}

#[test]
fn observe_turns_a_string_signpost_into_a_table() {
    let run = fixture(
        "observe",
        &["observe", "summit", "venue", "--on", "2025-08-13"],
    );
    assert_eq!(
        run.stdout,
        "observed rich/summit: \"Venue confirmed\" (2025-08-13)\n"
    );
}

#[test]
fn observe_a_signpost_that_is_already_a_table() {
    fixture(
        "observe-table",
        &["observe", "summit", "Joint press conference"],
    );
}

#[test]
fn add_appends_a_watch_table_at_the_end_of_the_file() {
    let run = fixture(
        "add",
        &[
            "add",
            "rich",
            "--id",
            "follow-up",
            "--title",
            "A follow-up meeting",
            "--question",
            "Will they meet again?",
            "--due",
            "+30d",
            "--outcomes",
            "meets,no-meeting",
            "--tag",
            "summit",
            "--tag",
            "follow-up",
            "--priority",
            "high",
        ],
    );
    assert_eq!(
        run.stdout,
        "added rich/follow-up: A follow-up meeting, due +30d\n"
    );
}

#[test]
fn add_to_an_inline_watch_array() {
    fixture(
        "add-inline",
        &[
            "add",
            "inline",
            "--id",
            "third",
            "--title",
            "Third item",
            "--due",
            "2025-09-01",
        ],
    );
}

#[test]
fn new_creates_a_scenario_file() {
    let run = fixture(
        "new",
        &[
            "new",
            "fresh-start",
            "--title",
            "A fresh start",
            "--date",
            "2025-09-01",
        ],
    );
    assert!(run.stdout.starts_with("created "), "{}", run.stdout);
    assert!(run.stdout.contains("fresh-start.toml"), "{}", run.stdout);
}

// ---------------------------------------------------------------------------
// Edits on an `every` series: only `note` checks the current occurrence
// ---------------------------------------------------------------------------

const WEEKLY: &str = r#"title = "Weekly"
date = 2025-08-12

[[watch]]
id = "review"
title = "Weekly review"
due = 2025-08-18
every = "1w"
"#;

/// The item's status and due day as `status --format json` reports them.
fn state_and_due(p: &Project) -> (String, String) {
    let json = p
        .run(TODAY, &["status", "--format", "json"])
        .success()
        .json();
    let item = &json[0];
    (
        item["status"].as_str().unwrap_or_default().to_string(),
        item["due"].as_str().unwrap_or_default().to_string(),
    )
}

#[test]
fn snooze_on_an_every_item_is_not_the_periods_check() {
    // Regression: the snooze's log entry counted as a check, so the series moved
    // one period past the day just snoozed to.
    let p = Project::new().scenario("weekly", WEEKLY);
    let run = p
        .run(TODAY, &["snooze", "review", "--to", "2025-08-22"])
        .success();
    assert_eq!(run.stdout, "snoozed weekly/review: due 2025-08-22\n");
    assert!(
        p.read("scenarios/weekly.toml").contains(
            "log = [\n    { on = 2025-08-20, note = \"snoozed: due 2025-08-18 → 2025-08-22\", check = false },\n]"
        ),
        "{}",
        p.read("scenarios/weekly.toml")
    );
    assert_eq!(state_and_due(&p), ("due".into(), "2025-08-22".into()));
}

#[test]
fn forecast_on_an_every_item_is_not_the_periods_check() {
    let p = Project::new().scenario("weekly", WEEKLY);
    assert_eq!(state_and_due(&p), ("overdue".into(), "2025-08-18".into()));
    p.run(TODAY, &["forecast", "review", "--p", "0.6"])
        .success();
    assert!(
        p.read("scenarios/weekly.toml")
            .contains("note = \"forecast: yes 0.6\", check = false }"),
        "{}",
        p.read("scenarios/weekly.toml")
    );
    assert_eq!(state_and_due(&p), ("overdue".into(), "2025-08-18".into()));
    // A note is the check: the missed occurrence and the current one are done.
    p.run(TODAY, &["note", "review", "Reviewed."]).success();
    assert_eq!(state_and_due(&p), ("upcoming".into(), "2025-09-01".into()));
}

// ---------------------------------------------------------------------------
// Refusals: exit 1, a clear message, the files untouched
// ---------------------------------------------------------------------------

const SCENARIO: &str = r#"# A small scenario.
title = "Small"
date = 2025-08-12

[[watch]]
id = "summit"
title = "Summit"   # comment
due = 2025-08-15
outcomes = ["deal", "no-deal"]

[[watch]]
id = "done"
title = "Done"
resolution = { on = 2025-08-14, outcome = "yes" }

[[watch]]
id = "watching"
title = "Watching"
signposts = ["Troops move", "Troops withdraw", "Talks resume"]
"#;

fn small() -> Project {
    Project::new().scenario("small", SCENARIO)
}

/// Runs `args`, expects exit 1 with `message` in stderr and every file unchanged.
fn refused(project: &Project, args: &[&str], message: &str) -> Run {
    let before = toml_files(&project.abs("scenarios"));
    let run = project.run(TODAY, args).code(1);
    assert!(
        run.stderr.contains(message),
        "expected {message:?} in stderr:\n{}",
        run.stderr
    );
    assert_eq!(run.stdout, "", "a refusal prints nothing on stdout");
    assert!(
        toml_files(&project.abs("scenarios")) == before,
        "a refused edit changed the files"
    );
    run
}

#[test]
fn refuses_an_outcome_that_is_not_one_of_the_items_outcomes() {
    let run = refused(
        &small(),
        &["resolve", "summit", "--outcome", "no-dael"],
        "\"no-dael\" is not an outcome of small/summit; its outcomes are: deal, no-deal",
    );
    assert!(
        run.stderr.contains("did you mean `no-deal`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn refuses_a_second_resolution() {
    refused(
        &small(),
        &["resolve", "done", "--outcome", "no"],
        "small/done is already resolved (yes on 2025-08-14); run `whatsnext reopen small/done` first",
    );
}

#[test]
fn refuses_to_reopen_an_open_item() {
    refused(&small(), &["reopen", "summit"], "nothing to reopen");
}

#[test]
fn refuses_to_drop_a_resolved_item() {
    refused(
        &small(),
        &["drop", "done", "--reason", "x"],
        "run `whatsnext reopen small/done` first",
    );
}

#[test]
fn refuses_a_day_before_the_scenarios_date() {
    let p = small();
    refused(
        &p,
        &[
            "resolve",
            "summit",
            "--outcome",
            "deal",
            "--on",
            "2025-08-01",
        ],
        "before the date of scenario \"small\" (2025-08-12)",
    );
    refused(
        &p,
        &["note", "summit", "x", "--on", "2025-08-11"],
        "before the date",
    );
    refused(
        &p,
        &["snooze", "summit", "--to", "2025-01-01"],
        "before the date",
    );
    refused(
        &p,
        &[
            "add",
            "small",
            "--id",
            "x",
            "--title",
            "X",
            "--due",
            "2025-08-01",
        ],
        "before the scenario's date",
    );
}

#[test]
fn refuses_forecasts_that_do_not_add_up() {
    let p = small();
    refused(
        &p,
        &[
            "forecast",
            "summit",
            "--p",
            "deal=0.5",
            "--p",
            "no-deal=0.6",
        ],
        "the probabilities sum to 1.1, not 1",
    );
    refused(
        &p,
        &["forecast", "summit", "--p", "deal=0.5", "--p", "maybe=0.5"],
        "\"maybe\" is not an outcome of small/summit; its outcomes are: deal, no-deal",
    );
    refused(
        &p,
        &["forecast", "summit", "--p", "0.5"],
        "small/summit has outcomes deal, no-deal: give each one's probability",
    );
    refused(
        &p,
        &["forecast", "done", "--p", "0.5"],
        "can no longer be scored",
    );
}

#[test]
fn a_probability_out_of_range_is_a_usage_error() {
    let p = small();
    let before = toml_files(&p.abs("scenarios"));
    let run = p
        .run(TODAY, &["forecast", "watching", "--p", "1.5"])
        .code(2);
    assert!(run.stderr.contains("between 0 and 1"), "{}", run.stderr);
    assert!(toml_files(&p.abs("scenarios")) == before);
}

#[test]
fn refuses_an_ambiguous_or_unknown_signpost_listing_the_candidates() {
    let p = small();
    let run = refused(
        &p,
        &["observe", "watching", "troops"],
        "\"troops\" matches several signposts of small/watching; give more of the text:",
    );
    assert!(
        run.stderr
            .contains("  - Troops move\n  - Troops withdraw\n"),
        "{}",
        run.stderr
    );
    let run = refused(
        &p,
        &["observe", "watching", "ceasefire"],
        "no signpost of small/watching matches \"ceasefire\"; its signposts are:",
    );
    assert!(run.stderr.contains("  - Talks resume"), "{}", run.stderr);
}

#[test]
fn refuses_a_new_scenario_whose_file_or_id_exists() {
    let p = small().scenario(
        "other",
        "id = \"taken\"\ntitle = \"T\"\ndate = 2025-08-12\n",
    );
    refused(
        &p,
        &["new", "small", "--title", "X"],
        "a scenario with id \"small\" already exists",
    );
    refused(
        &p,
        &["new", "taken", "--title", "X"],
        "a scenario with id \"taken\" already exists",
    );
    // The file name is taken by a scenario with another id.
    refused(
        &p,
        &["new", "other", "--title", "X"],
        "other.toml already exists",
    );
}

#[test]
fn refuses_to_add_an_item_whose_id_exists() {
    refused(
        &small(),
        &["add", "small", "--id", "summit", "--title", "Again"],
        "small/summit already exists",
    );
}

#[test]
fn refuses_to_edit_a_corpus_with_errors() {
    let p = small().scenario(
        "broken",
        "title = \"Broken\"\ndate = 2025-08-12\ntypo = 1\n",
    );
    let run = refused(&p, &["note", "summit", "x"], "unknown key `typo`");
    assert!(run.stderr.contains("broken.toml:3:1"), "{}", run.stderr);
}

#[test]
fn refuses_an_unknown_or_ambiguous_reference() {
    let p = small().scenario(
        "twin",
        "title = \"Twin\"\ndate = 2025-08-12\n[[watch]]\nid = \"summit\"\ntitle = \"S\"\n",
    );
    refused(
        &p,
        &["note", "summit", "x"],
        "\"summit\" is ambiguous; it could be: small/summit, twin/summit",
    );
    refused(
        &p,
        &["note", "small/sumit", "x"],
        "did you mean `small/summit`?",
    );
}

// ---------------------------------------------------------------------------
// --dry-run, files on disk, concurrency
// ---------------------------------------------------------------------------

#[test]
fn dry_run_prints_a_unified_diff_and_writes_nothing() {
    let p = small();
    let before = toml_files(&p.abs("scenarios"));
    let run = p
        .run(
            TODAY,
            &[
                "resolve",
                "summit",
                "--outcome",
                "deal",
                "--on",
                "2025-08-15",
                "--dry-run",
            ],
        )
        .success();
    assert_eq!(
        run.stdout,
        "--- a/scenarios/small.toml\n\
         +++ b/scenarios/small.toml\n\
         @@ -7,6 +7,10 @@\n \
         title = \"Summit\"   # comment\n \
         due = 2025-08-15\n \
         outcomes = [\"deal\", \"no-deal\"]\n\
         +resolution = { on = 2025-08-15, outcome = \"deal\" }\n\
         +log = [\n+    { on = 2025-08-15, note = \"resolved: deal\" },\n+]\n \n \
         [[watch]]\n \
         id = \"done\"\n"
    );
    assert!(toml_files(&p.abs("scenarios")) == before);
    assert!(
        !p.abs("scenarios/.whatsnext.lock").exists(),
        "a dry run creates no lock file"
    );
}

#[test]
fn dry_run_of_new_diffs_against_nothing() {
    let p = small();
    let run = p
        .run(TODAY, &["new", "fresh", "--title", "Fresh", "--dry-run"])
        .success();
    assert_eq!(
        run.stdout,
        "--- /dev/null\n+++ b/scenarios/fresh.toml\n@@ -0,0 +1,3 @@\n+id = \"fresh\"\n+title = \"Fresh\"\n+date = 2025-08-20\n"
    );
    assert!(!p.abs("scenarios/fresh.toml").exists());
}

#[cfg(unix)]
#[test]
fn an_edit_keeps_the_files_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let p = small();
    let path = p.abs("scenarios/small.toml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    p.run(TODAY, &["note", "summit", "x"]).success();
    let mode = std::fs::metadata(&path).expect("stat").permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
}

/// Runs `whatsnext --today TODAY ARGS…` in `p` under `umask 027`, with a
/// `TMPDIR` that does not exist (no writer may depend on it).
#[cfg(unix)]
fn run_with_umask_027(p: &Project, args: &[&str]) {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 027 && exec \"$@\"")
        .arg("sh")
        .arg(assert_cmd::cargo::cargo_bin("whatsnext"))
        .args(["--today", TODAY])
        .args(args)
        .current_dir(p.path())
        .env("NO_COLOR", "1")
        .env("TMPDIR", p.abs("no-such-folder"))
        .output()
        .expect("run sh");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[cfg(unix)]
#[test]
fn new_files_get_the_mode_the_umask_gives_them() {
    // Regression: `new` and `init` probed the umask through a fixed name in the
    // temporary folder (0644 when that failed), and `import` always wrote 0644.
    use std::os::unix::fs::PermissionsExt;
    let briefing = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/grain-talks.md"),
    )
    .expect("briefing");
    let p = small().file("grain-talks.md", &briefing);
    run_with_umask_027(&p, &["new", "fresh", "--title", "Fresh"]);
    run_with_umask_027(&p, &["import", "grain-talks.md"]);
    run_with_umask_027(&p, &["init", "proj"]);
    run_with_umask_027(&p, &["export", "--format", "ics", "-o", "cal.ics"]);
    run_with_umask_027(&p, &["digest", "-o", "digest.md"]);
    for f in [
        "scenarios/fresh.toml",
        "scenarios/grain-talks.toml",
        "proj/whatsnext.toml",
        "proj/templates/README",
        "cal.ics",
        "digest.md",
    ] {
        let mode = std::fs::metadata(p.abs(f))
            .unwrap_or_else(|e| panic!("{f}: {e}"))
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640, "{f}");
    }
}

#[cfg(unix)]
#[test]
fn an_edit_through_a_symlink_changes_the_target_and_keeps_the_link() {
    let p = Project::new().file("real/small.toml", SCENARIO);
    std::os::unix::fs::symlink(p.abs("real/small.toml"), p.abs("scenarios/small.toml"))
        .expect("symlink");
    p.run(TODAY, &["note", "summit", "via the link"]).success();
    let link = std::fs::symlink_metadata(p.abs("scenarios/small.toml")).expect("lstat");
    assert!(
        link.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    assert!(p.read("real/small.toml").contains("via the link"));
}

/// Starts `N` `note`s on one file at once (two per item, every process started
/// before any is waited for), with `extra` global flags; all must land.
fn concurrent_notes(extra: &[&str]) {
    const N: usize = 16;
    let mut text = String::from("title = \"Busy\"\ndate = 2025-08-12\n");
    for i in 0..N / 2 {
        text.push_str(&format!(
            "\n[[watch]]\nid = \"item-{i}\"\ntitle = \"Item {i}\"\n"
        ));
    }
    let p = Project::new().scenario("busy", &text);
    let children = (0..N)
        .map(|k| {
            let item = format!("item-{}", k % (N / 2));
            let note = format!("note number {k}");
            p.spawn(&[extra, &["--today", TODAY, "note", &item, &note]].concat())
        })
        .collect();
    crate::support::wait_all(children);
    let after = p.read("scenarios/busy.toml");
    for k in 0..N {
        assert!(
            after.contains(&format!("note = \"note number {k}\"")),
            "note {k} was lost:\n{after}"
        );
    }
    p.run(TODAY, &["check"]).success();
}

#[test]
fn concurrent_edits_of_one_file_all_land() {
    concurrent_notes(&[]);
}

#[test]
fn concurrent_edits_of_a_corpus_given_as_one_file_all_land() {
    // Regression: with `--scenarios FILE` edits took no lock, and most of them
    // were refused as "changed on disk".
    concurrent_notes(&["--scenarios", "scenarios/busy.toml"]);
}

#[test]
fn init_scaffolds_a_project_that_checks_clean() {
    let p = Project::new();
    let run = p.run(TODAY, &["init", "proj"]).success();
    assert!(
        run.stdout.contains("created proj/whatsnext.toml"),
        "{}",
        run.stdout
    );
    for f in ["proj/whatsnext.toml", "proj/templates/README"] {
        assert!(p.abs(f).is_file(), "{f} missing");
    }
    let shipped =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/2025-08-12-putin-kim-call.toml");
    assert_eq!(
        std::fs::read(p.abs("proj/scenarios/2025-08-12-putin-kim-call.toml")).expect("example"),
        std::fs::read(shipped).expect("shipped example"),
        "init copies the shipped example scenario"
    );
    let config = p.read("proj/whatsnext.toml");
    for key in ["scenarios", "templates", "lead", "grace", "coming_up"] {
        assert!(
            config.contains(&format!("# {key} = ")),
            "{key} not explained"
        );
    }
    // Every file of the project the config points the reader to is one init wrote
    // (it once sent them to a templates/README.md that does not exist).
    for mention in config
        .split_whitespace()
        .filter(|w| w.starts_with("templates/"))
    {
        let file = mention.trim_end_matches(['.', ',', ';', ')']);
        assert!(p.abs("proj").join(file).is_file(), "{file} does not exist");
    }
    let out = whatsnext()
        .current_dir(p.abs("proj"))
        .args(["--today", TODAY, "check"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The digest reads every *.md in templates/ as a template: the note there must
    // not be one of them.
    let out = whatsnext()
        .current_dir(p.abs("proj"))
        .args(["--today", TODAY, "digest", "--week", "2025-W33"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "digest: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A second init refuses rather than overwrite.
    let run = p.run(TODAY, &["init", "proj"]).code(1);
    assert!(run.stderr.contains("already"), "{}", run.stderr);
}

#[test]
fn the_example_in_the_templates_note_renders() {
    let p = Project::new();
    p.run(TODAY, &["init", "proj"]).success();
    // The note's example: its indented lines from `{% extends` to the end of
    // the block.
    let note = p.read("proj/templates/README");
    let example: Vec<&str> = note
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("{% extends"))
        .take_while(|l| l.starts_with("    "))
        .map(|l| &l[4..])
        .collect();
    assert!(example.len() > 1, "no example in the note:\n{note}");
    p.write("proj/templates/digest.md", &(example.join("\n") + "\n"));
    let out = whatsnext()
        .current_dir(p.abs("proj"))
        .args(["--today", TODAY, "digest", "--week", "2025-W33"])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "digest: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Prepared by the Europe desk."), "{stdout}");
    assert!(
        stdout.starts_with("# What's next: week 2025-W33"),
        "{stdout}"
    );
}

#[test]
fn after_resolve_status_shows_it_resolved_and_its_triggered_items_fired() {
    let p = Project::new().scenario(
        "s",
        r#"title = "Summit"
date = 2025-08-12

[[watch]]
id = "summit"
title = "Summit"
due = 2025-08-15
outcomes = ["deal", "no-deal"]

[[watch]]
id = "sanctions"
title = "Sanctions"
trigger = [{ after = "summit", outcome = ["no-deal"] }]
due = "+30d"

[[watch]]
id = "treaty"
title = "Treaty"
trigger = [{ after = "summit", outcome = ["deal"] }]
due = "+10d"
"#,
    );
    p.run(
        TODAY,
        &[
            "resolve",
            "summit",
            "--outcome",
            "no-deal",
            "--on",
            "2025-08-16",
        ],
    )
    .success();
    let json = p
        .run(TODAY, &["status", "--format", "json"])
        .success()
        .json();
    let item = |r: &str| {
        json.as_array()
            .expect("an array")
            .iter()
            .find(|i| i["ref"] == r)
            .unwrap_or_else(|| panic!("{r} missing from {json}"))
            .clone()
    };
    let summit = item("s/summit");
    assert_eq!(summit["status"], "resolved");
    assert_eq!(summit["resolution"]["outcome"], "no-deal");
    assert_eq!(summit["resolution"]["on"], "2025-08-16");
    // Fired on the resolution day; its relative due counts from that day.
    let sanctions = item("s/sanctions");
    assert_eq!(sanctions["fired_on"], "2025-08-16");
    assert_eq!(sanctions["due"], "2025-09-15");
    assert_eq!(sanctions["status"], "upcoming");
    // The branch that waited for "deal" can no longer fire.
    assert_eq!(item("s/treaty")["status"], "moot");
}
