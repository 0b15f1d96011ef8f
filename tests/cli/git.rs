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
