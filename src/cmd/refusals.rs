//! One test per edit refusal, matching the error's variant (never its text):
//! each runs the command as the CLI does, on real files, and checks that the
//! file is unchanged.

use std::path::Path;

use crate::Failure;
use crate::cli::Cli;
use crate::config::Config;
use crate::edit::{Closed, Edit, Refusal};

const SCENARIO: &str = r#"id = "summit"
title = "Summit"
date = 2025-08-01

[[watch]]
id = "talks"
title = "Talks"
due = 2025-08-20
signposts = ["envoys meet", "envoys meet again"]

[[watch]]
id = "deal"
title = "Deal"
outcomes = ["signed", "stalled"]

[[watch]]
id = "done"
title = "Done"
resolution = { on = 2025-08-10, outcome = "yes" }

[[watch]]
id = "gone"
title = "Gone"
dropped = { on = 2025-08-09, reason = "moot" }
"#;

const OTHER: &str = r#"id = "other"
title = "Other"
date = 2025-08-01

[[watch]]
id = "talks"
title = "Other talks"
"#;

/// A project with two scenario files, and the result of `whatsnext ARGS` in it
/// (today 2025-08-15), with the files' texts before and after.
fn run(args: &[&str]) -> (crate::Result<u8>, Vec<(String, String)>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let scenarios = dir.path().join("scenarios");
    std::fs::create_dir(&scenarios).expect("mkdir");
    std::fs::write(scenarios.join("summit.toml"), SCENARIO).expect("write");
    std::fs::write(scenarios.join("other.toml"), OTHER).expect("write");
    run_in(dir.path(), args)
}

fn run_in(dir: &Path, args: &[&str]) -> (crate::Result<u8>, Vec<(String, String)>) {
    use clap::Parser;
    let texts = || {
        ["summit.toml", "other.toml"]
            .map(|f| std::fs::read_to_string(dir.join("scenarios").join(f)).unwrap_or_default())
    };
    let before = texts();
    let scenarios = dir.join("scenarios");
    let scenarios = scenarios.to_str().expect("UTF-8 path");
    let cli = Cli::try_parse_from(
        [
            "whatsnext",
            "--scenarios",
            scenarios,
            "--today",
            "2025-08-15",
        ]
        .iter()
        .chain(args),
    )
    .expect("arguments parse");
    let config = Config::from_args(&cli.global, dir).expect("config");
    let result = crate::dispatch(&config, cli.command, &crate::Loaded::default());
    let after = texts();
    (result, before.into_iter().zip(after).collect())
}

/// The refusal of `whatsnext ARGS`, with nothing written.
fn refusal(args: &[&str]) -> Refusal {
    let (result, files) = run(args);
    for (before, after) in files {
        assert_eq!(before, after, "a refused edit wrote: {args:?}");
    }
    match result {
        Err(Failure::Refused(r)) => r,
        other => panic!("{args:?}: expected a refusal, got {other:?}"),
    }
}

#[test]
fn an_unknown_ref_is_not_found() {
    assert!(matches!(
        refusal(&["note", "summit/nope", "x"]),
        Refusal::NotFound(_)
    ));
    assert!(matches!(
        refusal(&["note", "nowhere/talks", "x"]),
        Refusal::NotFound(_)
    ));
    assert!(matches!(
        refusal(&["note", "summit", "x"]),
        Refusal::NotFound(_)
    ));
}

#[test]
fn a_ref_naming_two_items_is_ambiguous() {
    match refusal(&["note", "talks", "x"]) {
        Refusal::Ambiguous { name, candidates } => {
            assert_eq!(name, "talks");
            assert_eq!(candidates, ["other/talks", "summit/talks"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_closed_item_is_refused_by_every_edit_that_needs_it_open() {
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day");
    let resolved = Closed::Resolved {
        outcome: "yes".into(),
        on: day("2025-08-10"),
    };
    let dropped = Closed::Dropped {
        on: day("2025-08-09"),
    };
    for (args, closed, edit) in [
        (
            &["resolve", "summit/done", "--outcome", "no"][..],
            &resolved,
            Edit::Resolve,
        ),
        (
            &["drop", "summit/done", "--reason", "r"],
            &resolved,
            Edit::Drop,
        ),
        (
            &["snooze", "summit/done", "--to", "2025-09-01"],
            &resolved,
            Edit::Snooze,
        ),
        (
            &["forecast", "summit/done", "--p", "0.5"],
            &resolved,
            Edit::Forecast(day("2025-08-15")),
        ),
        (
            &["resolve", "summit/gone", "--outcome", "yes"],
            &dropped,
            Edit::Resolve,
        ),
        (
            &["drop", "summit/gone", "--reason", "r"],
            &dropped,
            Edit::Drop,
        ),
        (
            &["snooze", "summit/gone", "--to", "+1w"],
            &dropped,
            Edit::Snooze,
        ),
    ] {
        match refusal(args) {
            Refusal::Closed {
                reference,
                closed: c,
                edit: e,
            } => {
                assert_eq!((&c, e), (closed, edit), "{args:?}");
                assert_eq!(reference, args[1], "{args:?}");
            }
            other => panic!("{args:?}: {other:?}"),
        }
    }
    // A forecast dated before the resolution is still allowed.
    let (result, _) = run(&[
        "forecast",
        "summit/done",
        "--p",
        "0.5",
        "--on",
        "2025-08-05",
    ]);
    assert!(matches!(result, Ok(0)), "{result:?}");
}

#[test]
fn reopening_an_open_item_is_refused() {
    assert!(matches!(
        refusal(&["reopen", "summit/talks"]),
        Refusal::NotClosed { .. }
    ));
}

#[test]
fn snoozing_to_the_same_day_is_refused() {
    assert!(matches!(
        refusal(&["snooze", "summit/talks", "--to", "2025-08-20"]),
        Refusal::AlreadyDue { .. }
    ));
}

#[test]
fn a_signpost_must_match_once_and_be_unobserved() {
    assert!(matches!(
        refusal(&["observe", "summit/talks", "ceasefire"]),
        Refusal::Signpost(_)
    ));
    assert!(matches!(
        refusal(&["observe", "summit/talks", "envoys"]),
        Refusal::Signpost(_)
    ));
    assert!(matches!(
        refusal(&["observe", "summit/deal", "envoys"]),
        Refusal::Signpost(_)
    ));
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("scenarios")).expect("mkdir");
    std::fs::write(
        dir.path().join("scenarios/summit.toml"),
        SCENARIO.replace(
            "signposts = [\"envoys meet\", \"envoys meet again\"]",
            "signposts = [{ text = \"envoys meet\", observed = 2025-08-12 }]",
        ),
    )
    .expect("write");
    let (result, _) = run_in(dir.path(), &["observe", "summit/talks", "envoys"]);
    assert!(
        matches!(
            result,
            Err(Failure::Refused(Refusal::AlreadyObserved { .. }))
        ),
        "{result:?}"
    );
}

#[test]
fn outcomes_and_probabilities_must_fit_the_item() {
    for args in [
        &["resolve", "summit/deal", "--outcome", "maybe"][..],
        &["forecast", "summit/deal", "--p", "0.5"],
        &[
            "forecast",
            "summit/deal",
            "--p",
            "signed=0.5",
            "--p",
            "signed=0.5",
        ],
        &[
            "forecast",
            "summit/deal",
            "--p",
            "signed=0.5",
            "--p",
            "stalled=0.2",
        ],
    ] {
        assert!(matches!(refusal(args), Refusal::Outcome(_)), "{args:?}");
    }
}

#[test]
fn a_day_before_the_scenario_is_refused() {
    assert!(matches!(
        refusal(&[
            "resolve",
            "summit/talks",
            "--outcome",
            "yes",
            "--on",
            "2025-07-01"
        ]),
        Refusal::BeforeScenario(_)
    ));
    assert!(matches!(
        refusal(&[
            "add",
            "summit",
            "--id",
            "early",
            "--title",
            "E",
            "--due",
            "2025-07-01"
        ]),
        Refusal::BeforeScenario(_)
    ));
}

#[test]
fn what_exists_is_not_created_again() {
    assert!(matches!(
        refusal(&["new", "summit", "--title", "Again"]),
        Refusal::Exists(_)
    ));
    assert!(matches!(
        refusal(&["add", "summit", "--id", "talks", "--title", "Again"]),
        Refusal::Exists(_)
    ));
}

#[test]
fn an_edit_that_would_break_the_corpus_is_refused() {
    // An item triggered by an item that does not exist leaves the file invalid.
    assert!(matches!(
        refusal(&[
            "add",
            "summit",
            "--id",
            "next",
            "--title",
            "Next",
            "--trigger",
            "summit/missing"
        ]),
        Refusal::WouldBeInvalid(_)
    ));
}

#[cfg(unix)]
#[test]
fn a_read_only_or_hard_linked_file_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let scenarios = dir.path().join("scenarios");
    std::fs::create_dir(&scenarios).expect("mkdir");
    let file = scenarios.join("summit.toml");
    std::fs::write(&file, SCENARIO).expect("write");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let (result, _) = run_in(dir.path(), &["note", "summit/talks", "x"]);
    assert!(
        matches!(result, Err(Failure::Refused(Refusal::ReadOnly { .. }))),
        "{result:?}"
    );
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    std::fs::hard_link(&file, dir.path().join("twin.toml")).expect("link");
    let (result, _) = run_in(dir.path(), &["note", "summit/talks", "x"]);
    assert!(
        matches!(
            result,
            Err(Failure::Refused(Refusal::HardLinks { links: 2, .. }))
        ),
        "{result:?}"
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), SCENARIO);
}
