//! `whatsnext check` on valid corpora, and how other commands treat invalid ones.

use crate::support::Project;

const MINIMAL: &str = r#"
title = "A scenario"
date = 2025-08-12

[[watch]]
id = "first"
title = "The first item"
due = 2025-08-15
"#;

#[test]
fn a_clean_corpus_passes_with_a_summary() {
    let run = Project::new()
        .scenario("a", MINIMAL)
        .run("2025-08-20", &["check"])
        .success();
    assert_eq!(
        run.stdout,
        "1 file, 1 scenario, 1 watch-item, no problems\n"
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn the_shipped_scenarios_pass() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = crate::support::whatsnext()
        .current_dir(root)
        .args(["--today", "2025-08-20", "check"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_missing_scenarios_folder_is_invalid_input() {
    let run = Project::new()
        .run("2025-08-20", &["--scenarios", "nope", "check"])
        .code(1);
    assert!(run.stderr.contains("scenarios folder"), "{}", run.stderr);
}

#[test]
fn a_bad_today_is_a_usage_error() {
    Project::new().run("2025-02-30", &["check"]).code(2);
}

#[test]
fn warnings_do_not_fail_check() {
    let text = MINIMAL.replace(
        "due = 2025-08-15",
        "due = 2025-08-15\nresolution = { on = 2025-08-01, outcome = \"yes\" }",
    );
    let run = Project::new()
        .scenario("a", &text)
        .run("2025-08-20", &["check"])
        .success();
    assert!(run.stderr.contains("warning: item \"first\" is resolved on 2025-08-01, before the scenario's date 2025-08-12"), "{}", run.stderr);
    assert!(run.stdout.contains("1 warning"), "{}", run.stdout);
    // The warning points at the day, not at the outcome.
    let line = text
        .lines()
        .position(|l| l.starts_with("resolution"))
        .expect("resolution line")
        + 1;
    let at = format!("a.toml:{line}:21: warning: item \"first\" is resolved");
    assert!(run.stderr.contains(&at), "{at}\n{}", run.stderr);
}

#[test]
fn config_file_sets_the_scenarios_folder_from_a_parent() {
    let p = Project::new()
        .file("whatsnext.toml", "scenarios = \"data\"\n")
        .file("data/a.toml", MINIMAL)
        .file("sub/dir/keep", "");
    let run = p.run_in("sub/dir", "2025-08-20", &["check"]).success();
    assert!(
        run.stdout.starts_with("1 file, 1 scenario"),
        "{}",
        run.stdout
    );
}

#[test]
fn config_file_problems_point_at_the_key() {
    let run = Project::new()
        .file("whatsnext.toml", "lead = \"3x\"\ngrase = \"1d\"\n")
        .scenario("a", MINIMAL)
        .run("2025-08-20", &["check"])
        .code(1);
    assert!(
        run.stderr
            .contains("whatsnext.toml:1:8: error: `lead`: invalid duration \"3x\""),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("whatsnext.toml:2:1: error: unknown key `grase` in whatsnext.toml (did you mean `grace`?)"), "{}", run.stderr);
}

#[test]
fn without_a_scenarios_key_the_folder_beside_the_config_file_is_used() {
    let p = Project::new()
        .file("whatsnext.toml", "lead = \"3d\"\n")
        .scenario("a", MINIMAL)
        .file("sub/keep", "");
    let run = p.run_in("sub", "2025-08-20", &["check"]).success();
    assert!(
        run.stdout.starts_with("1 file, 1 scenario"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_named_templates_folder_that_does_not_exist_is_an_error() {
    let run = Project::new()
        .scenario("a", MINIMAL)
        .run("2025-08-20", &["--templates", "nope", "digest"])
        .code(1);
    assert!(
        run.stderr.contains("templates folder `nope` not found"),
        "{}",
        run.stderr
    );
}
