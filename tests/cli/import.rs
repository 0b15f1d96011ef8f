//! `whatsnext import`: briefings in every shape → draft scenarios that pass `check`.

use std::path::Path;

use chrono::NaiveDate;
use whatsnext::model::{Due, Scenario};

use crate::support::{Project, whatsnext};

const TODAY: &str = "2025-08-20";

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Loads a scenario file's text with the project's loader, failing on any problem.
fn load(name: &str, text: &str) -> Scenario {
    let (scenario, problems) = whatsnext::load::parse_scenario(Path::new(name), text);
    assert!(problems.is_empty(), "{problems:?}\n{text}");
    scenario.expect("a scenario")
}

fn dues(s: &Scenario) -> Vec<(&str, Option<Due>)> {
    s.items.iter().map(|i| (i.id.as_str(), i.due)).collect()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_briefing_with_bold_labels_becomes_a_scenario_that_passes_check() {
    let p = Project::new().file("grain-talks.md", &fixture("grain-talks.md"));
    let run = p.run(TODAY, &["import", "grain-talks.md"]).success();
    assert_eq!(
        run.stdout.lines().next(),
        Some("wrote scenarios/grain-talks.toml: 4 watch-items, 1 without a due date")
    );
    assert_eq!(run.stderr, "");
    let text = p.read("scenarios/grain-talks.toml");
    let s = load("grain-talks.toml", &text);
    assert_eq!(s.id, "grain-talks");
    assert_eq!(s.date, ymd(2025, 3, 3));
    assert!(s.title.starts_with("Turkey will host a new round of talks"));
    assert_eq!(
        s.summary.as_deref(),
        Some(
            "Turkey will host a new round of talks on the Black Sea grain corridor, after \
             Russia signalled it could return to the deal under conditions. The talks follow \
             weeks of attacks on Ukrainian ports."
        )
    );
    assert_eq!(
        s.brief.who.as_deref(),
        Some(
            "Turkey, Russia, Ukraine and the United Nations, with shipping insurers watching closely."
        )
    );
    assert_eq!(
        s.brief.when.as_deref(),
        Some("Announced on Monday, 3 March 2025; the talks open in Istanbul on March 10.")
    );
    assert!(s.brief.what.is_none());
    assert_eq!(
        dues(&s),
        [
            ("istanbul-talks", Some(Due::Date(ymd(2025, 3, 10)))),
            (
                "un-secretary-general-reports",
                Some(Due::Date(ymd(2025, 9, 3)))
            ),
            ("eu-reviews-sanctions", Some(Due::Date(ymd(2025, 9, 15)))),
            ("nobody-shipments-restart", None),
        ]
    );
    assert_eq!(
        s.items[1].title,
        "The UN Secretary-General reports to the Security Council on Sept. 3"
    );
    assert_eq!(
        s.items[2].title,
        "The EU reviews its sanctions on 15 September 2025"
    );
    // The guesses are marked for the person finishing the draft.
    assert!(
        text.contains(
            "# date from **When:** \"Monday, 3 March 2025\" (line 7)\ndate = 2025-03-03\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("# due guessed from **When:** \"March 10\" (line 7), which shares \"Istanbul\", \"talks\"\ndue = 2025-03-10\n"),
        "{text}"
    );
    assert!(text.contains("# Not imported: \"Background\"."), "{text}");
    p.run(TODAY, &["check"]).success();
}

#[test]
fn a_briefing_with_headings_and_a_list_becomes_a_scenario() {
    let p = Project::new().file("talks.md", &fixture("grain-talks-headings.md"));
    p.run(TODAY, &["import", "talks.md"]).success();
    let text = p.read("scenarios/talks.toml");
    let s = load("talks.toml", &text);
    assert_eq!(s.title, "Grain corridor talks resume in Istanbul");
    assert_eq!(s.date, ymd(2025, 3, 10));
    assert_eq!(
        s.brief.who.as_deref(),
        Some("Turkey, Russia, Ukraine and the United Nations.")
    );
    // The talks open on the briefing's own date: that is no follow-up's due day (it
    // would be due the day the draft is written), so the first bullet has none.
    assert_eq!(
        dues(&s),
        [
            ("delegations-meet-istanbul-talks", None),
            ("second-round", Some(Due::Date(ymd(2025, 8, 4)))),
        ]
    );
    assert_eq!(s.items[1].title, "A second round is expected on Aug. 4");
    assert_eq!(s.sources.len(), 1);
    assert_eq!(s.sources[0].title.as_deref(), Some("UN press briefing"));
    p.run(TODAY, &["check"]).success();
}

#[test]
fn crlf_line_endings_give_the_same_draft() {
    let lf = fixture("grain-talks.md");
    let crlf = lf.replace('\n', "\r\n");
    let p = Project::new()
        .file("lf/grain-talks.md", &lf)
        .file("crlf/grain-talks.md", &crlf);
    let a = p
        .run(TODAY, &["import", "--dry-run", "lf/grain-talks.md"])
        .success();
    let b = p
        .run(TODAY, &["import", "--dry-run", "crlf/grain-talks.md"])
        .success();
    assert_eq!(a.stdout, b.stdout);
    assert!(!b.stdout.contains('\r'));
}

#[test]
fn a_briefing_without_whats_next_is_refused() {
    let p = Project::new().file("empty.md", &fixture("no-whats-next.md"));
    let run = p.run(TODAY, &["import", "empty.md"]).code(1);
    assert!(
        run.stderr
            .starts_with("empty.md: error: no What's Next section"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
    assert!(files_in(&p.abs("scenarios")).is_empty());
}

#[test]
fn dry_run_prints_the_draft_and_writes_nothing() {
    let p = Project::new().file("grain-talks.md", &fixture("grain-talks.md"));
    let run = p
        .run(TODAY, &["import", "--dry-run", "grain-talks.md"])
        .success();
    assert!(files_in(&p.abs("scenarios")).is_empty());
    let s = load("grain-talks.toml", &run.stdout);
    assert_eq!(s.items.len(), 4);
    assert!(
        !run.stdout.contains("\nid = \"grain-talks\""),
        "the file name gives the id"
    );
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let p = Project::new()
        .file("grain-talks.md", &fixture("grain-talks.md"))
        .scenario("grain-talks", "# mine\n");
    let run = p.run(TODAY, &["import", "grain-talks.md"]).code(1);
    assert!(
        run.stderr
            .contains("scenarios/grain-talks.toml already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(p.read("scenarios/grain-talks.toml"), "# mine\n");
    assert_eq!(files_in(&p.abs("scenarios")), ["grain-talks.toml"]);
}

#[test]
fn an_id_used_by_another_scenario_is_refused() {
    let p = Project::new()
        .file("grain-talks.md", &fixture("grain-talks.md"))
        .scenario(
            "older",
            "id = \"grain-talks\"\ntitle = \"Older\"\ndate = 2025-01-01\n",
        );
    let run = p.run(TODAY, &["import", "grain-talks.md"]).code(1);
    assert!(
        run.stderr.contains("\"grain-talks\" is already used by"),
        "{}",
        run.stderr
    );
    assert_eq!(files_in(&p.abs("scenarios")), ["older.toml"]);
    // A new id settles it.
    p.run(
        TODAY,
        &["import", "grain-talks.md", "--id", "grain-talks-2025-03"],
    )
    .success();
    p.run(TODAY, &["check"]).success();
}

#[test]
fn output_and_id_flags_choose_the_file_and_the_id() {
    let p = Project::new().file("grain-talks.md", &fixture("grain-talks.md"));
    p.run(
        TODAY,
        &["import", "grain-talks.md", "--id", "black-sea-grain"],
    )
    .success();
    let s = load(
        "black-sea-grain.toml",
        &p.read("scenarios/black-sea-grain.toml"),
    );
    assert_eq!(s.id, "black-sea-grain");

    p.run(TODAY, &["import", "grain-talks.md", "-o", "draft.toml"])
        .success();
    let text = p.read("draft.toml");
    assert!(text.contains("\nid = \"grain-talks\"\n"), "{text}");
    assert_eq!(load("draft.toml", &text).id, "grain-talks");

    let run = p
        .run(TODAY, &["import", "grain-talks.md", "--id", "a/b"])
        .code(2);
    assert!(run.stderr.contains("--id"), "{}", run.stderr);
}

#[test]
fn a_weekday_that_contradicts_its_date_is_a_warning_pointing_into_the_briefing() {
    let p = Project::new().file(
        "b.md",
        "Lead sentence.\n\n**When:** On Thursday, August 12, 2025.\n**What's Next:**\nTalks on Aug. 20.\n",
    );
    let run = p.run(TODAY, &["import", "b.md"]).success();
    assert!(
        run.stderr.starts_with(
            "b.md:3:14: warning: \"Thursday, August 12, 2025\" says Thursday but 2025-08-12 is a Tuesday\n"
        ),
        "{}",
        run.stderr
    );
    let s = load("b.toml", &p.read("scenarios/b.toml"));
    assert_eq!(s.date, ymd(2025, 8, 12));
}

#[test]
fn a_date_without_a_year_rolls_over_to_the_next_year() {
    let p = Project::new().file(
        "b.md",
        "Lead.\n\n**When:** Monday, December 15, 2025.\n**What's Next:**\nA vote on January 20.\n",
    );
    p.run(TODAY, &["import", "b.md"]).success();
    let text = p.read("scenarios/b.toml");
    let s = load("b.toml", &text);
    assert_eq!(dues(&s), [("vote", Some(Due::Date(ymd(2026, 1, 20))))]);
    assert!(
        text.contains("# due from \"January 20\", year 2026 assumed\n"),
        "{text}"
    );
}

/// The shipped briefing reproduces the essentials of the shipped scenario.
#[test]
fn the_shipped_briefing_gives_the_shipped_scenario_essentials() {
    let name = "2025-08-12-putin-kim-call";
    let p = Project::new().file(&format!("{name}.md"), &fixture(&format!("{name}.md")));
    p.run(TODAY, &["import", &format!("{name}.md")]).success();
    let imported = load("x.toml", &p.read(&format!("scenarios/{name}.toml")));

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped_text =
        std::fs::read_to_string(root.join(format!("scenarios/{name}.toml"))).expect("shipped");
    let shipped = load("shipped.toml", &shipped_text);

    assert_eq!(imported.date, ymd(2025, 8, 12));
    assert_eq!(imported.date, shipped.date);
    let keys = |s: &Scenario| {
        s.brief
            .entries()
            .iter()
            .map(|(k, _)| *k)
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&imported), keys(&shipped));
    assert_eq!(
        keys(&imported),
        ["who", "what", "when", "where", "why", "how", "impact"]
    );
    assert!(
        imported
            .brief
            .when
            .as_deref()
            .is_some_and(|w| w.contains("Friday, August 15"))
    );

    let summit = &imported.items[0];
    assert!(summit.title.contains("Alaska summit"), "{}", summit.title);
    assert_eq!(summit.id, "alaska-summit");
    let shipped_summit = shipped
        .items
        .iter()
        .find(|i| i.id == "alaska-summit")
        .expect("shipped item");
    assert_eq!(summit.due, Some(Due::Date(ymd(2025, 8, 15))));
    assert_eq!(summit.due, shipped_summit.due);
    assert_eq!(imported.items.len(), 2);

    // The imported file sits beside the shipped one without a conflict.
    let both = Project::new()
        .scenario(name, &p.read(&format!("scenarios/{name}.toml")))
        .scenario("shipped", &shipped_text);
    both.run(TODAY, &["check"]).success();
}

/// The briefings of `tests/fixtures/import/shapes`, as (file name, text).
fn shapes() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/shapes");
    let mut names: Vec<String> = files_in(&dir)
        .into_iter()
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let text = std::fs::read_to_string(dir.join(&n)).expect("read briefing");
            (n, text)
        })
        .collect()
}

/// The briefings' drafts are made on this day (years not written out are its year).
const SHAPES_TODAY: &str = "2025-12-01";

/// Briefings in every shape (bold labels of every kind, headings, prose, bullets and
/// numbered lists, the synonyms of What's Next, a title heading, front matter, a
/// dateline, a dated file name, CRLF and a BOM): each draft is the `.toml` checked in
/// beside its briefing, and passes `check`. `WHATSNEXT_BLESS=1` rewrites the expected
/// drafts, to be reviewed like code.
#[test]
fn briefings_in_every_shape_give_their_checked_in_drafts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/shapes");
    let all = shapes();
    assert!(all.len() >= 7, "{all:?}");
    for (name, text) in &all {
        let p = Project::new().file(name, text);
        let run = p
            .run(SHAPES_TODAY, &["import", "--dry-run", name])
            .success();
        assert_eq!(run.stderr, "", "{name}");
        let expected_path = dir.join(name.replace(".md", ".toml"));
        if std::env::var_os("WHATSNEXT_BLESS").is_some() {
            std::fs::write(&expected_path, &run.stdout).expect("bless");
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        if run.stdout != expected {
            let diff = similar::TextDiff::from_lines(&expected, &run.stdout)
                .unified_diff()
                .header("expected", "actual")
                .to_string();
            panic!(
                "{name}: the draft differs from {}\n{diff}",
                expected_path.display()
            );
        }
        p.run(SHAPES_TODAY, &["import", name]).success();
        p.run(SHAPES_TODAY, &["check"]).success();
    }
    // The shapes are what the test says they are.
    let text = |n: &str| &all.iter().find(|(name, _)| name == n).expect(n).1;
    let gaza = text("gaza-ceasefire.md");
    assert!(gaza.starts_with('\u{feff}') && gaza.contains("\r\n"));
    assert!(text("fed-holds-rates.md").contains("**What’s Next:**"));
    assert!(text("japan-upper-house-election.md").contains("**WHAT'S NEXT** "));
    assert!(text("cop30-belem.md").contains("# COP30 opens in Belém\n\nThe United"));
    assert!(text("cop30-belem.md").contains("## Outlook\n- "));
    assert!(text("nato-hague-summit.md").contains("### Looking ahead\n1. "));
    assert!(text("rosneft-lukoil-sanctions.md").starts_with("---\n"));
    assert!(text("rosneft-lukoil-sanctions.md").contains("**What to watch:**\n- "));
}

/// Across every briefing the tests use, no item is due on or before its briefing's
/// date: such an item would be overdue the day it is imported.
#[test]
fn no_item_is_due_on_or_before_its_briefing_date() {
    let mut all = shapes();
    for n in [
        "grain-talks.md",
        "grain-talks-headings.md",
        "2025-08-12-putin-kim-call.md",
    ] {
        all.push((n.to_string(), fixture(n)));
    }
    all.push((
        "same-day.md".to_string(),
        "Lead.\n\n**When:** The talks in Geneva open on Tuesday, August 12, 2025.\n\n\
         **What's Next:**\n- Envoys meet in Geneva for the talks.\n- A vote on August 12.\n\
         - Ministers met on August 1.\n- The cabinet meets on Tuesday.\n"
            .to_string(),
    ));
    let mut dated = 0;
    for (name, text) in &all {
        let p = Project::new().file(name, text);
        let run = p
            .run(SHAPES_TODAY, &["import", "--dry-run", name])
            .success();
        let s = load(name, &run.stdout);
        for item in &s.items {
            if let Some(Due::Date(due)) = item.due {
                dated += 1;
                assert!(
                    due > s.date,
                    "{name}: {} is due {due}, the briefing is of {}",
                    item.id,
                    s.date
                );
            }
        }
        if name == "same-day.md" {
            assert_eq!(
                dues(&s),
                [
                    ("envoys-meet-geneva-talks", None),
                    ("vote", None),
                    ("ministers-met", None),
                    ("cabinet-meets", Some(Due::Date(ymd(2025, 8, 19)))),
                ]
            );
            assert!(
                run.stdout.contains(
                    "# \"August 12\" is not after the briefing's date (2025-08-12), so it is no due day\n\
                     # the briefing gives no date for this: when is it expected?\n"
                ),
                "{}",
                run.stdout
            );
        }
    }
    assert!(dated >= 20, "only {dated} dated items");
}

#[test]
fn the_briefing_date_comes_from_a_dateline_or_else_the_file_name() {
    let all = shapes();
    let draft_of = |n: &str| {
        let (name, text) = all.iter().find(|(name, _)| name == n).expect(n);
        let p = Project::new().file(name, text);
        p.run(SHAPES_TODAY, &["import", "--dry-run", name])
            .success()
            .stdout
    };
    let reuters = draft_of("rosneft-lukoil-sanctions.md");
    assert!(
        reuters.contains("# date from the dateline \"WASHINGTON, Oct 22\" (line 6), year 2025 assumed\ndate = 2025-10-22\n"),
        "{reuters}"
    );
    // The title is the lead's first sentence without its dateline.
    assert!(
        reuters
            .contains("\ntitle = \"The United States imposed sanctions on Rosneft and Lukoil\"\n")
    );
    let eu = draft_of("2025-07-18-eu-sanctions-package.md");
    assert!(
        eu.contains(
            "# date from the file name 2025-07-18-eu-sanctions-package.md\ndate = 2025-07-18\n"
        ),
        "{eu}"
    );
    // Relative days count from that date: "in September" → its last day.
    assert!(eu.contains(
        "# due from \"in September\": the last day of September 2025\ndue = 2025-09-30\n"
    ));
}

#[test]
fn output_dash_prints_the_draft_and_writes_no_file() {
    let p = Project::new().file("grain-talks.md", &fixture("grain-talks.md"));
    let r = p
        .run(TODAY, &["import", "grain-talks.md", "-o", "-"])
        .success();
    assert!(r.stdout.contains("id = \"grain-talks\""), "{}", r.stdout);
    load("grain-talks.toml", &r.stdout);
    assert!(!p.abs("-").exists(), "a file named `-` was written");
    assert_eq!(std::fs::read_dir(p.abs("scenarios")).unwrap().count(), 0);
}

#[test]
fn import_dash_reads_the_briefing_from_standard_input() {
    let p = Project::new();
    let out = whatsnext()
        .current_dir(p.path())
        .args(["--today", TODAY, "import", "-"])
        .write_stdin(fixture("grain-talks.md"))
        .output()
        .expect("run whatsnext");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // No file name: the id comes from the briefing's date and title.
    let file = "scenarios/2025-03-03-turkey-host-round-talks.toml";
    assert_eq!(
        stdout.lines().next(),
        Some(format!("wrote {file}: 4 watch-items, 1 without a due date").as_str())
    );
    let text = p.read(file);
    assert!(
        text.starts_with("# Draft scenario imported from standard input by `whatsnext import`.\n")
    );
    let s = load("2025-03-03-turkey-host-round-talks.toml", &text);
    assert_eq!(s.id, "2025-03-03-turkey-host-round-talks");
    assert_eq!(s.items.len(), 4);
    p.run(TODAY, &["check"]).success();

    // --id names it; a briefing without What's Next is refused, pointing at <stdin>.
    let out = whatsnext()
        .current_dir(p.path())
        .args(["--today", TODAY, "import", "-", "--id", "grain"])
        .write_stdin(fixture("grain-talks.md"))
        .output()
        .expect("run whatsnext");
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .starts_with("wrote scenarios/grain.toml: 4 watch-items")
    );
    assert_eq!(
        load("grain.toml", &p.read("scenarios/grain.toml"))
            .items
            .len(),
        4
    );
    let out = whatsnext()
        .current_dir(p.path())
        .args(["--today", TODAY, "import", "-"])
        .write_stdin("Just a lead.\n")
        .output()
        .expect("run whatsnext");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("<stdin>: error: no What's Next section"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn warnings_point_into_the_briefing_through_its_markup_bom_and_crlf() {
    // The BOM and CRLF are bytes, not columns; the bold and the link are markup.
    let text = "\u{feff}Lead with a [link](https://example.org/x).\r\n\r\n\
                **When:** *Held* on **Thursday, August 12, 2025**.\r\n\r\n\
                ## Outlook\r\n- A vote on February 30.\r\n";
    let p = Project::new().file("b.md", text);
    let run = p.run(TODAY, &["import", "--dry-run", "b.md"]).success();
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.starts_with("b.md:"))
            .collect::<Vec<_>>(),
        [
            "b.md:3:23: warning: \"Thursday, August 12, 2025\" says Thursday but 2025-08-12 is a Tuesday",
            "b.md:6:13: warning: \"February 30\" is not a calendar date; it was left out",
        ],
        "{}",
        run.stderr
    );
}

/// The README's import sample is what the tool writes for the shipped briefing.
#[test]
fn the_readme_import_sample_is_the_draft_of_the_shipped_briefing() {
    let readme = include_str!("../../README.md");
    let section = readme
        .split("## Importing a briefing\n")
        .nth(1)
        .expect("README has the import section");
    let sample = section
        .split("```toml\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("README has the TOML sample");
    let name = "2025-08-12-putin-kim-call.md";
    let p = Project::new().file(name, &fixture(name));
    let run = p.run(TODAY, &["import", "--dry-run", name]).success();
    assert!(
        run.stdout.contains(sample),
        "README:\n{sample}\nactual:\n{}",
        run.stdout
    );
}
