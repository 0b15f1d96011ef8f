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
