//! Files from elsewhere never steer or break the reader: a config above the
//! repository or from another user is not obeyed; values the calendar cannot
//! hold are refused rather than clamped.

use crate::support::Project;

const SCENARIO: &str = r#"
id = "summit"
title = "Summit"
date = 2025-08-01

[[watch]]
id = "talks"
title = "Talks"
due = 2025-08-20
"#;

const PLANTED: &str = "scenarios = \"planted\"\n";

#[test]
fn a_config_above_the_git_work_tree_is_not_obeyed() {
    let p = Project::new()
        .file("whatsnext.toml", PLANTED)
        .file("planted/evil.toml", "title = \"Planted\"\ndate = 2025-08-01\n[[watch]]\nid = \"evil\"\ntitle = \"Planted item\"\n")
        .file("repo/scenarios/summit.toml", SCENARIO);
    std::fs::create_dir(p.abs("repo/.git")).expect("a .git folder");
    let r = p.run_in("repo", "2025-08-15", &["status"]).success();
    assert!(r.stdout.contains("Talks"), "{}", r.stdout);
    assert!(!r.stdout.contains("Planted"), "{}", r.stdout);
    // Without the repository boundary the same file is found (it is a real config).
    std::fs::remove_dir(p.abs("repo/.git")).expect("remove .git");
    let r = p.run_in("repo", "2025-08-15", &["status"]).success();
    assert!(r.stdout.contains("Planted"), "{}", r.stdout);
}

#[cfg(unix)]
#[test]
fn a_config_writable_by_anyone_is_ignored_with_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::new()
        .file("whatsnext.toml", PLANTED)
        .scenario("summit", SCENARIO);
    std::fs::set_permissions(
        p.abs("whatsnext.toml"),
        std::fs::Permissions::from_mode(0o666),
    )
    .expect("chmod");
    let r = p.run("2025-08-15", &["status"]).success();
    assert!(r.stdout.contains("Talks"), "{}", r.stdout);
    assert!(r.stderr.contains("anyone may write to it"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn a_config_owned_by_another_user_is_ignored_with_a_warning() {
    use std::os::unix::fs::MetadataExt;
    let p = Project::new()
        .file("whatsnext.toml", PLANTED)
        .scenario("summit", SCENARIO);
    let me = std::fs::metadata("/proc/self")
        .map(|m| m.uid())
        .unwrap_or(1);
    if me != 0 {
        eprintln!("note: skipping: giving a file to another user needs root");
        return;
    }
    let status = std::process::Command::new("chown")
        .args(["nobody", &p.abs("whatsnext.toml").to_string_lossy()])
        .status()
        .expect("chown");
    assert!(status.success());
    let r = p.run("2025-08-15", &["status"]).success();
    assert!(r.stdout.contains("Talks"), "{}", r.stdout);
    assert!(r.stderr.contains("owned by another user"), "{}", r.stderr);
}

#[test]
fn a_day_past_the_calendar_is_refused_not_clamped() {
    let p = Project::new().scenario("summit", SCENARIO);
    let r = p
        .run("2025-08-15", &["snooze", "talks", "--to", "+10000y"])
        .code(2);
    assert!(r.stderr.contains("past 9999-12-31"), "{}", r.stderr);
    assert_eq!(p.read("scenarios/summit.toml"), SCENARIO);
}

#[test]
fn a_negative_zero_probability_is_written_as_zero() {
    let p = Project::new().scenario("summit", SCENARIO);
    p.run("2025-08-15", &["forecast", "talks", "--p=-0"])
        .success();
    let text = p.read("scenarios/summit.toml");
    assert!(text.contains("p = 0.0 }"), "{text}");
    assert!(!text.contains("p = -0"), "{text}");
}

#[test]
fn a_file_of_thousands_of_problems_shows_the_first_fifty() {
    let mut text = String::from("title = \"T\"\ndate = 2025-08-01\n");
    for i in 0..3000 {
        text.push_str(&format!("bad{i} = 1\n"));
    }
    let p = Project::new().scenario("wrong", &text);
    let r = p.run("2025-08-15", &["check"]).code(1);
    assert_eq!(r.stderr.matches(": error: ").count(), 50, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("scenarios/wrong.toml: 2950 more problems not shown"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("3000 errors"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn an_edit_keeps_the_files_owner_group_and_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let me = std::fs::metadata("/proc/self")
        .map(|m| m.uid())
        .unwrap_or(1);
    if me != 0 {
        eprintln!("note: skipping: giving a file to another user needs root");
        return;
    }
    let p = Project::new().scenario("summit", SCENARIO);
    let file = p.abs("scenarios/summit.toml");
    let status = std::process::Command::new("chown")
        .args(["nobody:nogroup", &file.to_string_lossy()])
        .status()
        .expect("chown");
    assert!(status.success());
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let before = std::fs::metadata(&file).expect("stat");
    p.run("2025-08-15", &["note", "talks", "Checked"]).success();
    let after = std::fs::metadata(&file).expect("stat");
    assert!(p.read("scenarios/summit.toml").contains("Checked"));
    assert_ne!(after.ino(), before.ino(), "the file was replaced");
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    assert_eq!(after.mode() & 0o7777, 0o640);
}

#[cfg(unix)]
#[test]
fn a_hard_linked_file_is_refused_and_left_as_it_was() {
    let p = Project::new().scenario("summit", SCENARIO);
    std::fs::hard_link(p.abs("scenarios/summit.toml"), p.abs("shared-copy.toml")).expect("link");
    let r = p.run("2025-08-15", &["note", "talks", "Checked"]).code(1);
    assert!(r.stderr.contains("has 2 hard links"), "{}", r.stderr);
    assert_eq!(p.read("scenarios/summit.toml"), SCENARIO);
    assert_eq!(p.read("shared-copy.toml"), SCENARIO);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_refused_and_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::new().scenario("summit", SCENARIO);
    let file = p.abs("scenarios/summit.toml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let r = p.run("2025-08-15", &["note", "talks", "Checked"]).code(1);
    assert!(r.stderr.contains("is read-only"), "{}", r.stderr);
    assert_eq!(p.read("scenarios/summit.toml"), SCENARIO);
}

#[test]
fn a_scenario_id_must_be_one_printable_word() {
    for bad in ["a b", "a`b", "a/b", "a\\u001bb"] {
        let text = SCENARIO.replace("id = \"summit\"", &format!("id = \"{bad}\""));
        let p = Project::new().scenario("summit", &text);
        let r = p.run("2025-08-15", &["check"]).code(1);
        assert!(
            r.stderr
                .contains("scenario `id` must be non-empty and printable"),
            "{bad}: {}",
            r.stderr
        );
    }
    // A file name that cannot be an id asks for an explicit one.
    let text = SCENARIO.replace("id = \"summit\"\n", "");
    let p = Project::new().scenario("my summit", &text);
    let r = p.run("2025-08-15", &["check"]).code(1);
    assert!(
        r.stderr.contains("give the scenario an explicit `id"),
        "{}",
        r.stderr
    );
    let p = Project::new().scenario("my-summit", &text);
    p.run("2025-08-15", &["check"]).success();
}

#[test]
fn check_warns_of_control_characters_and_of_links_that_are_not_web_or_mail() {
    let text = SCENARIO
        .replace("title = \"Talks\"", "title = \"Talks\\u001b]52;c;aGk=\\u0007\"")
        .replace(
            "due = 2025-08-20",
            "due = 2025-08-20\nresolution = { on = 2025-08-20, outcome = \"yes\", sources = [\"javascript:alert(1)\", \"https://example.org/ok\"] }",
        );
    let p = Project::new().scenario("summit", &text);
    let r = p.run("2025-08-25", &["check"]).success();
    assert!(
        r.stderr
            .contains("`title` holds the control character U+001B"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("source \"javascript:alert(1)\" is not an http, https or mailto address"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("example.org/ok\" is not"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains('\u{1b}'),
        "the warning itself shows no raw escape"
    );
    assert!(
        r.stdout.contains("2 warnings") || r.stderr.contains("2 warnings"),
        "{}{}",
        r.stdout,
        r.stderr
    );
}

#[test]
fn an_edit_removes_the_temporary_files_a_killed_edit_left() {
    let p = Project::new()
        .scenario("summit", SCENARIO)
        .file("scenarios/.whatsnext-old.tmp", "half a file")
        .file("scenarios/.whatsnext-fresh.tmp", "a write under way");
    let old = std::fs::File::options()
        .write(true)
        .open(p.abs("scenarios/.whatsnext-old.tmp"))
        .expect("open");
    let hour_ago = std::fs::metadata(p.abs("scenarios/summit.toml"))
        .and_then(|m| m.modified())
        .expect("mtime")
        - std::time::Duration::from_secs(3600);
    old.set_modified(hour_ago).expect("set mtime");
    drop(old);
    p.run("2025-08-15", &["note", "talks", "Checked"]).success();
    assert!(!p.abs("scenarios/.whatsnext-old.tmp").exists());
    assert!(p.abs("scenarios/.whatsnext-fresh.tmp").exists());
}

#[cfg(unix)]
#[test]
fn the_lock_is_group_writable_in_a_folder_the_group_may_write() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::new().scenario("summit", SCENARIO);
    let folder = p.abs("scenarios");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o2775)).expect("chmod");
    p.run("2025-08-15", &["note", "talks", "Checked"]).success();
    let mode = std::fs::metadata(folder.join(".whatsnext.lock"))
        .expect("the lock file")
        .permissions()
        .mode();
    assert_eq!(mode & 0o060, 0o060, "mode {mode:o}");
}
