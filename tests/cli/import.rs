//! `whatsnext import`: briefings in both layouts → draft scenarios that pass `check`.

use std::path::Path;

use chrono::NaiveDate;
use whatsnext::model::{Due, Scenario};

use crate::support::Project;

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
