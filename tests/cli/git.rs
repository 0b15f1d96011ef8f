//! A desk on git: what an edit leaves behind in a work tree, seen by git itself.

use std::path::Path;
use std::process::Command as Process;

use crate::support::{Project, checker_available, whatsnext};

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Process::new("git")
        .args(["-c", "user.name=Desk", "-c", "user.email=desk@example.org"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn after_a_series_of_edits_git_status_shows_only_the_edited_scenario_file() {
    if !checker_available("git", &["--version"], "apt-get install git") {
        return;
    }
    let p = Project::new();
    whatsnext()
        .current_dir(p.path())
        .args(["init", "desk"])
        .assert()
        .success();
    let desk = p.abs("desk");
    git(&desk, &["init", "-q"]);
    git(&desk, &["add", "-A"]);
    git(&desk, &["commit", "-q", "-m", "A new desk"]);
    let run = |args: &[&str]| {
        whatsnext()
            .current_dir(&desk)
            .args(["--today", "2025-08-20"])
            .args(args)
            .assert()
            .success();
    };
    run(&["note", "dprk-troop-support", "Seoul reports a rotation"]);
    run(&["forecast", "rok-japan-response", "--p", "0.4"]);
    run(&["snooze", "rok-japan-response", "--to", "+14d"]);
    run(&[
        "add",
        "putin-kim-call-2025-08",
        "--id",
        "next-call",
        "--title",
        "Another call",
    ]);
    let status = git(&desk, &["status", "--porcelain", "--untracked-files=all"]);
    assert_eq!(
        status, " M scenarios/2025-08-12-putin-kim-call.toml\n",
        "only the edited file may show"
    );
}

const GOOD: &str = r#"
id = "good"
title = "Good"
date = 2025-08-01

[[watch]]
id = "talks"
title = "Talks go ahead"
due = 2025-08-20
"#;

const BROKEN: &str = r#"
id = "broken"
title = "Broken"
date = 2025-08-01

[[watch]]
id = "vote"
titel = "A typo"
due = 2025-08-20
"#;

const DEPENDS: &str = r#"
id = "depends"
title = "Depends on the broken file"
date = 2025-08-01

[[watch]]
id = "after-vote"
title = "After the vote"
trigger = [{ after = "broken/vote" }]
due = "+7d"
"#;

#[test]
fn keep_going_runs_on_the_good_files_reports_the_rest_and_exits_1() {
    let p = Project::new()
        .scenario("good", GOOD)
        .scenario("broken", BROKEN)
        .scenario("depends", DEPENDS);
    // Without the flag, nothing runs.
    let r = p.run("2025-08-15", &["status"]).code(1);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    for args in [
        &["status", "--keep-going"][..],
        &["--keep-going", "due"][..],
        &["--keep-going", "digest", "--week", "2025-W33"][..],
        &["--keep-going", "export", "--format", "json"][..],
        &["--keep-going", "score"][..],
    ] {
        let r = p.run("2025-08-15", args).code(1);
        assert!(r.stderr.contains("broken.toml"), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("unknown key `titel`"),
            "{args:?}: {}",
            r.stderr
        );
        // The item waiting on the left-out file is reported, not silently moot.
        assert!(r.stderr.contains("depends.toml"), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("left out 2 files with errors"),
            "{args:?}: {}",
            r.stderr
        );
    }
    let r = p.run("2025-08-15", &["--keep-going", "status"]).code(1);
    assert!(r.stdout.contains("Talks go ahead"), "{}", r.stdout);
    assert!(!r.stdout.contains("After the vote"), "{}", r.stdout);
    // Edits never run on part of a corpus.
    let r = p
        .run("2025-08-15", &["--keep-going", "note", "good/talks", "x"])
        .code(1);
    assert!(r.stderr.contains("error"), "{}", r.stderr);
    assert_eq!(p.read("scenarios/good.toml"), GOOD);
}

// ---------------------------------------------------------------------------
// The merge driver, on two clones of one repository
// ---------------------------------------------------------------------------

const DESK: &str = r#"# The desk's scenario.
id = "desk"
title = "Desk"
date = 2025-08-01

# The summit: the main question.
[[watch]]
id = "summit"
title = "Summit outcome"
due = 2025-08-20
outcomes = ["deal", "no-deal"]
signposts = [
    "Venue announced",
    "Joint press conference",
]

# Sanctions follow the summit.
[[watch]]
id = "sanctions"
title = "New sanctions"
due = 2025-09-30
forecast = [{ on = 2025-08-02, p = 0.4 }]
"#;

/// Two clones, `ana` and `ben`, of a repository holding DESK, with the driver
/// configured in `ben` (where the merges happen).
fn two_clones() -> Project {
    let p = Project::new()
        .file("origin/scenarios/desk.toml", DESK)
        .file("origin/.gitattributes", "*.toml merge=whatsnext\n");
    let origin = p.abs("origin");
    git(&origin, &["init", "-q", "-b", "main"]);
    git(&origin, &["add", "-A"]);
    git(&origin, &["commit", "-q", "-m", "The desk"]);
    for name in ["ana", "ben"] {
        git(p.path(), &["clone", "-q", "origin", name]);
    }
    let bin = assert_cmd::cargo::cargo_bin("whatsnext");
    git(
        &p.abs("ben"),
        &[
            "config",
            "merge.whatsnext.driver",
            &format!("{} merge %O %A %B", bin.display()),
        ],
    );
    p
}

/// Runs whatsnext in clone `who` as of 2025-08-25 and commits the change.
fn edit(p: &Project, who: &str, args: &[&str]) {
    let dir = p.abs(who);
    whatsnext()
        .current_dir(&dir)
        .args(["--today", "2025-08-25"])
        .args(args)
        .assert()
        .success();
    git(
        &dir,
        &["commit", "-q", "-am", &format!("{who}: {}", args[0])],
    );
}

/// Ben pulls Ana's work; returns whether git merged cleanly.
fn ben_pulls_ana(p: &Project) -> bool {
    let out = Process::new("git")
        .args(["-c", "user.name=Ben", "-c", "user.email=ben@example.org"])
        .args(["pull", "-q", "--no-rebase", "--no-edit", "../ana", "main"])
        .current_dir(p.abs("ben"))
        .output()
        .expect("git pull");
    out.status.success()
}

/// After a clean merge: the file checks, and the comments of the base survive.
fn check_is_clean(p: &Project) {
    let text = p.read("ben/scenarios/desk.toml");
    for comment in [
        "# The desk's scenario.\n",
        "# The summit: the main question.\n[[watch]]",
        "# Sanctions follow the summit.\n[[watch]]",
    ] {
        assert!(text.contains(comment), "{comment:?} lost:\n{text}");
    }
    whatsnext()
        .current_dir(p.abs("ben"))
        .args(["--today", "2025-08-25", "check"])
        .assert()
        .success();
}

fn git_ready() -> bool {
    checker_available("git", &["--version"], "apt-get install git")
}

#[test]
fn notes_added_to_the_same_item_on_both_sides_are_both_kept() {
    if !git_ready() {
        return;
    }
    let p = two_clones();
    edit(
        &p,
        "ana",
        &["note", "summit", "Venue confirmed", "--on", "2025-08-10"],
    );
    edit(
        &p,
        "ben",
        &["note", "summit", "Agenda published", "--on", "2025-08-12"],
    );
    assert!(ben_pulls_ana(&p));
    let text = p.read("ben/scenarios/desk.toml");
    let venue = text.find("Venue confirmed").expect("ana's note");
    let agenda = text.find("Agenda published").expect("ben's note");
    assert!(venue < agenda, "in date order:\n{text}");
    assert!(
        text.contains("# The summit: the main question.\n[[watch]]"),
        "{text}"
    );
    assert!(text.contains("# Sanctions follow the summit."), "{text}");
    check_is_clean(&p);
}

#[test]
fn a_resolution_on_one_side_and_a_note_on_the_other_are_both_kept() {
    if !git_ready() {
        return;
    }
    let p = two_clones();
    edit(
        &p,
        "ana",
        &[
            "resolve",
            "summit",
            "--outcome",
            "no-deal",
            "--on",
            "2025-08-20",
        ],
    );
    edit(
        &p,
        "ben",
        &["note", "summit", "Talks ran late", "--on", "2025-08-19"],
    );
    assert!(ben_pulls_ana(&p));
    let text = p.read("ben/scenarios/desk.toml");
    assert!(
        text.contains("resolution = { on = 2025-08-20, outcome = \"no-deal\" }"),
        "{text}"
    );
    assert!(text.contains("Talks ran late"), "{text}");
    assert!(text.contains("resolved: no-deal"), "{text}");
    check_is_clean(&p);
}

#[test]
fn forecasts_added_on_both_sides_are_all_kept_in_date_order() {
    if !git_ready() {
        return;
    }
    let p = two_clones();
    edit(
        &p,
        "ana",
        &["forecast", "sanctions", "--p", "0.6", "--on", "2025-08-12"],
    );
    edit(
        &p,
        "ben",
        &["forecast", "sanctions", "--p", "0.5", "--on", "2025-08-10"],
    );
    assert!(ben_pulls_ana(&p));
    let text = p.read("ben/scenarios/desk.toml");
    let first = text
        .find("{ on = 2025-08-02, p = 0.4 }")
        .expect("the base forecast");
    let ben = text
        .find("{ on = 2025-08-10, p = 0.5 }")
        .expect("ben's forecast");
    let ana = text
        .find("{ on = 2025-08-12, p = 0.6 }")
        .expect("ana's forecast");
    assert!(first < ben && ben < ana, "{text}");
    check_is_clean(&p);
}

#[test]
fn different_items_edited_on_each_side_merge() {
    if !git_ready() {
        return;
    }
    let p = two_clones();
    edit(&p, "ana", &["snooze", "sanctions", "--to", "2025-10-15"]);
    edit(
        &p,
        "ben",
        &[
            "resolve",
            "summit",
            "--outcome",
            "deal",
            "--on",
            "2025-08-20",
        ],
    );
    assert!(ben_pulls_ana(&p));
    let text = p.read("ben/scenarios/desk.toml");
    assert!(text.contains("due = 2025-10-15"), "{text}");
    assert!(text.contains("outcome = \"deal\""), "{text}");
    assert!(text.starts_with("# The desk's scenario.\n"), "{text}");
    check_is_clean(&p);
}

#[test]
fn the_same_item_resolved_two_ways_is_a_conflict_that_loses_nothing() {
    if !git_ready() {
        return;
    }
    let p = two_clones();
    edit(
        &p,
        "ana",
        &[
            "resolve",
            "summit",
            "--outcome",
            "deal",
            "--on",
            "2025-08-20",
        ],
    );
    edit(
        &p,
        "ben",
        &[
            "resolve",
            "summit",
            "--outcome",
            "no-deal",
            "--on",
            "2025-08-21",
        ],
    );
    assert!(!ben_pulls_ana(&p), "a conflict must stop the merge");
    let text = p.read("ben/scenarios/desk.toml");
    let (open, mid, close) = (
        text.find("<<<<<<< ours\n").expect("opening marker"),
        text.find("\n=======\n").expect("middle marker"),
        text.find(">>>>>>> theirs\n").expect("closing marker"),
    );
    assert!(open < mid && mid < close, "{text}");
    let ours = &text[open..mid];
    let theirs = &text[mid..close];
    assert!(ours.contains("outcome = \"no-deal\""), "{text}");
    assert!(theirs.contains("outcome = \"deal\""), "{text}");
    assert!(
        ours.contains("[[watch]]") && theirs.contains("[[watch]]"),
        "whole items:\n{text}"
    );
    // The other item is outside the markers, untouched.
    assert!(text[close..].contains("id = \"sanctions\""), "{text}");
    let status = git(&p.abs("ben"), &["status", "--porcelain"]);
    assert!(status.contains("UU scenarios/desk.toml"), "{status}");
}

#[test]
fn signposts_observed_on_each_side_are_both_kept() {
    if !git_ready() {
        return;
    }
    let p = two_clones();
    edit(
        &p,
        "ana",
        &["observe", "summit", "Venue", "--on", "2025-08-10"],
    );
    edit(
        &p,
        "ben",
        &[
            "observe",
            "summit",
            "press conference",
            "--on",
            "2025-08-20",
        ],
    );
    assert!(ben_pulls_ana(&p));
    let text = p.read("ben/scenarios/desk.toml");
    assert!(
        text.contains("{ text = \"Venue announced\", observed = 2025-08-10 }"),
        "{text}"
    );
    assert!(
        text.contains("{ text = \"Joint press conference\", observed = 2025-08-20 }"),
        "{text}"
    );
    check_is_clean(&p);
}

#[test]
fn a_side_that_does_not_parse_gets_a_line_merge() {
    if !git_ready() {
        return;
    }
    let p = two_clones();
    let ana = p.abs("ana/scenarios/desk.toml");
    let broken = DESK.replace("title = \"Desk\"", "title = \"Desk");
    std::fs::write(&ana, broken).expect("write");
    git(&p.abs("ana"), &["commit", "-q", "-am", "a typo"]);
    edit(
        &p,
        "ben",
        &["note", "sanctions", "Checked", "--on", "2025-08-12"],
    );
    // Different lines: git's line merge takes both.
    assert!(ben_pulls_ana(&p));
    let text = p.read("ben/scenarios/desk.toml");
    assert!(text.contains("title = \"Desk\n"), "{text}");
    assert!(text.contains("Checked"), "{text}");
}

#[test]
fn init_in_a_git_work_tree_sets_up_the_merge_driver() {
    if !git_ready() {
        return;
    }
    let p = Project::new();
    git(p.path(), &["init", "-q"]);
    let out = whatsnext()
        .current_dir(p.path())
        .args(["init", "desk"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("git config merge.whatsnext.driver \"whatsnext merge %O %A %B\""),
        "{stdout}"
    );
    let attr = git(
        p.path(),
        &[
            "check-attr",
            "merge",
            "desk/scenarios/2025-08-12-putin-kim-call.toml",
        ],
    );
    assert!(attr.trim_end().ends_with("merge: whatsnext"), "{attr}");
}

/// Two loops of edits on one file, one naming the corpus by its folder and one by
/// the file itself: every edit is kept (they take the same lock), and the lock
/// is out of the work tree.
#[test]
fn edits_through_different_scenarios_paths_take_one_lock_and_lose_nothing() {
    if !git_ready() {
        return;
    }
    let p = Project::new().file("repo/scenarios/sub/desk.toml", DESK);
    let repo = p.abs("repo");
    git(&repo, &["init", "-q"]);
    let loop_of = |scenarios: &'static str, prefix: &'static str| {
        let repo = repo.clone();
        std::thread::spawn(move || {
            for i in 0..15 {
                whatsnext()
                    .current_dir(&repo)
                    .args(["--today", "2025-08-25", "--scenarios", scenarios])
                    .args([
                        "add",
                        "desk",
                        "--id",
                        &format!("{prefix}-{i}"),
                        "--title",
                        "X",
                    ])
                    .assert()
                    .success();
            }
        })
    };
    let a = loop_of("scenarios", "by-folder");
    let b = loop_of("scenarios/sub/desk.toml", "by-file");
    a.join().expect("first loop");
    b.join().expect("second loop");
    let text = p.read("repo/scenarios/sub/desk.toml");
    for prefix in ["by-folder", "by-file"] {
        for i in 0..15 {
            assert!(
                text.contains(&format!("id = \"{prefix}-{i}\"")),
                "{prefix}-{i} lost"
            );
        }
    }
    assert!(repo.join(".git/whatsnext.lock").is_file());
    let status = git(&repo, &["status", "--porcelain", "--untracked-files=all"]);
    assert_eq!(status, "?? scenarios/sub/desk.toml\n", "{status}");
}
