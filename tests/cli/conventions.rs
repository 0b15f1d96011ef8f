//! The conventions of the command line: help with examples, completion scripts,
//! the man page, and did-you-mean hints.

use std::process::Command as Process;

use crate::support::{Project, checker_available, whatsnext};

const SCENARIO: &str = r#"
id = "summit"
title = "Summit"
date = 2025-08-01
tags = ["sanctions"]

[[watch]]
id = "talks"
title = "Talks"
due = 2025-08-20
"#;

const OTHER: &str = r#"
id = "other"
title = "Other"
date = 2025-08-01

[[watch]]
id = "talks"
title = "Talks, again"
due = 2025-08-21
"#;

/// The subcommands as `whatsnext --help` lists them.
fn subcommands() -> Vec<String> {
    let out = whatsnext().arg("--help").output().expect("run");
    let help = String::from_utf8_lossy(&out.stdout).into_owned();
    let list = help
        .split("Commands:\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .expect("a Commands section");
    list.lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn every_subcommand_help_has_examples_and_every_option_a_description() {
    let names = subcommands();
    assert!(names.len() >= 20, "{names:?}");
    for name in &names {
        let out = whatsnext().args([name, "--help"]).output().expect("run");
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("\nExamples:\n  whatsnext"), "{name}:\n{help}");
        assert!(help.contains("Global options:"), "{name}:\n{help}");
        // In long help an option without a description is followed by an empty line.
        let lines: Vec<&str> = help.lines().collect();
        for pair in lines.windows(2) {
            let is_option =
                pair[0].trim_start().starts_with('-') || pair[0].trim_start().starts_with('<');
            if is_option && pair[0].starts_with("  ") && !pair[0].starts_with("          ") {
                assert!(
                    !pair[1].trim().is_empty(),
                    "{name}: `{}` has no description\n{help}",
                    pair[0].trim()
                );
            }
        }
    }
}

#[test]
fn the_today_variable_does_not_make_the_flag_look_required() {
    let out = whatsnext()
        .env("WHATSNEXT_TODAY", "2025-08-20")
        .args(["status", "--bogus"])
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("Usage: whatsnext status [OPTIONS]"), "{err}");
    assert!(!err.contains("--today <DATE>"), "{err}");
}

#[test]
fn priority_values_are_listed() {
    let out = whatsnext().args(["add", "--help"]).output().expect("run");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("[possible values: low, normal, high, critical]"),
        "{help}"
    );
}

#[test]
fn an_unknown_status_value_suggests_the_right_one() {
    let p = Project::new().scenario("summit", SCENARIO);
    let r = p
        .run("2025-08-15", &["status", "--status", "overdu"])
        .code(2);
    assert!(
        r.stderr.contains("(did you mean `overdue`?)"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_tag_nothing_carries_gets_a_warning_naming_the_closest() {
    let p = Project::new().scenario("summit", SCENARIO);
    let r = p
        .run("2025-08-15", &["status", "--tag", "sanction"])
        .success();
    assert!(
        r.stderr.contains(
            "warning: no item or scenario is tagged \"sanction\" (did you mean \"sanctions\"?)"
        ),
        "{}",
        r.stderr
    );
    let r = p
        .run("2025-08-15", &["due", "--tag", "sanctions"])
        .success();
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
}

#[test]
fn a_suggestion_that_is_itself_ambiguous_lists_the_candidates() {
    let p = Project::new()
        .scenario("summit", SCENARIO)
        .scenario("other", OTHER);
    let r = p.run("2025-08-15", &["show", "talk"]).code(1);
    assert!(
        r.stderr
            .contains("(did you mean one of `other/talks`, `summit/talks`?)")
            || r.stderr
                .contains("(did you mean one of `summit/talks`, `other/talks`?)"),
        "{}",
        r.stderr
    );
}

/// Runs `script` in bash with the completion script sourced, in the project folder.
fn bash_completion(p: &Project, script: &str) -> String {
    let out = whatsnext()
        .args(["completions", "bash"])
        .output()
        .expect("run");
    assert!(out.status.success());
    p.write("completion.bash", &String::from_utf8_lossy(&out.stdout));
    let bin = assert_cmd::cargo::cargo_bin("whatsnext");
    let path = format!(
        "{}:{}",
        bin.parent().expect("bin dir").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Process::new("bash")
        .arg("--norc")
        .arg("-c")
        .arg(format!("source ./completion.bash\n{script}"))
        .current_dir(p.path())
        .env("PATH", path)
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Completes the words `words` (the last one being completed) with bash's
/// completion function, as bash would on Tab.
fn complete(p: &Project, words: &[&str]) -> Vec<String> {
    let array = words
        .iter()
        .map(|w| format!("'{w}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let script = format!(
        "COMP_WORDS=({array}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}\n\
         _whatsnext_with_refs whatsnext '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len() - 2],
    );
    bash_completion(p, &script)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_subcommands_format_values_and_refs() {
    if !checker_available("bash", &["--version"], "install bash") {
        return;
    }
    let p = Project::new()
        .scenario("summit", SCENARIO)
        .scenario("other", OTHER);
    let subs = complete(&p, &["whatsnext", "st"]);
    assert_eq!(subs, ["status"], "{subs:?}");
    let formats = complete(&p, &["whatsnext", "status", "--format", ""]);
    assert_eq!(formats, ["table", "json"], "{formats:?}");
    let mut refs = complete(&p, &["whatsnext", "show", "su"]);
    refs.sort();
    assert_eq!(refs, ["summit", "summit/talks"], "{refs:?}");
}

#[test]
fn every_shell_gets_a_script() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = whatsnext()
            .args(["completions", shell])
            .output()
            .expect("run");
        assert!(out.status.success(), "{shell}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("whatsnext"),
            "{shell}"
        );
    }
}

#[test]
fn the_man_page_renders_without_warnings() {
    if !checker_available("man", &["--version"], "apt-get install man-db") {
        return;
    }
    let p = Project::new();
    let out = whatsnext().arg("man").output().expect("run");
    assert!(out.status.success());
    p.write("whatsnext.1", &String::from_utf8_lossy(&out.stdout));
    let man = Process::new("man")
        .args(["--warnings", "-l", "whatsnext.1"])
        .current_dir(p.path())
        .env("MANWIDTH", "80")
        .env("MAN_KEEP_FORMATTING", "0")
        .output()
        .expect("man is installed (Debian man-db)");
    let warnings = String::from_utf8_lossy(&man.stderr);
    assert!(man.status.success(), "{warnings}");
    assert!(warnings.trim().is_empty(), "{warnings}");
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(page.contains("whatsnext"), "{page}");
    assert!(page.contains("review"), "{page}");
}

#[test]
fn add_creates_a_whole_item_from_the_command_line() {
    let p = Project::new().scenario("summit", SCENARIO);
    p.run(
        "2025-08-15",
        &[
            "add",
            "summit",
            "--id",
            "resume",
            "--title",
            "Talks resume",
            "--question",
            "Will talks resume?",
            "--due",
            "+30d",
            "--trigger",
            "talks=yes",
            "--trigger",
            "2025-09-01",
            "--outcomes",
            "yes,no",
            "--forecast",
            "0.3",
            "--lead",
            "5d",
            "--grace",
            "2d",
            "--every",
            "1m",
            "--until",
            "2026-01-01",
            "--signpost",
            "Envoys meet",
            "--signpost",
            "Date set",
        ],
    )
    .success();
    let text = p.read("scenarios/summit.toml");
    assert!(
        text.starts_with(SCENARIO),
        "the rest of the file is kept:\n{text}"
    );
    for line in [
        "question = \"Will talks resume?\"",
        "trigger = [{ after = \"talks\", outcome = [\"yes\"] }, { on = 2025-09-01 }]",
        "forecast = [{ on = 2025-08-15, p = 0.3 }]",
        "lead = \"5d\"",
        "grace = \"2d\"",
        "every = \"1m\"",
        "until = 2026-01-01",
        "signposts = [\"Envoys meet\", \"Date set\"]",
    ] {
        assert!(text.contains(line), "{line} missing in:\n{text}");
    }
    p.run("2025-08-15", &["check"]).success();
    let shown = p
        .run("2025-08-15", &["show", "summit/resume", "--format", "json"])
        .success();
    assert_eq!(shown.json()["status"], "pending");
}

#[test]
fn add_refuses_a_forecast_the_item_cannot_have_and_writes_nothing() {
    let p = Project::new().scenario("summit", SCENARIO);
    let r = p
        .run(
            "2025-08-15",
            &[
                "add",
                "summit",
                "--id",
                "x",
                "--title",
                "X",
                "--forecast",
                "maybe=1",
            ],
        )
        .code(1);
    assert!(
        r.stderr.contains("forecast for unknown outcome `maybe`"),
        "{}",
        r.stderr
    );
    assert_eq!(p.read("scenarios/summit.toml"), SCENARIO);
    p.run(
        "2025-08-15",
        &[
            "add", "summit", "--id", "y", "--title", "Y", "--lead", "soon",
        ],
    )
    .code(2);
    assert_eq!(p.read("scenarios/summit.toml"), SCENARIO);
}
