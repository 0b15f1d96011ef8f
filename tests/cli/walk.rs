//! The walk of the scenarios folder: what it cannot look into is said, never
//! skipped in silence; links are followed once; work stays bounded.

use std::path::Path;

use crate::support::Project;

const TODAY: &str = "2025-08-15";

fn scenario(id: &str) -> String {
    format!(
        "id = \"{id}\"\ntitle = \"Scenario {id}\"\ndate = 2025-08-01\n\n[[watch]]\nid = \"talks\"\ntitle = \"Talks\"\ndue = 2025-08-20\n"
    )
}

#[cfg(unix)]
#[test]
fn a_dangling_link_is_a_warning_and_an_error_for_check_strict() {
    let p = Project::new().scenario("summit", &scenario("summit"));
    std::os::unix::fs::symlink("/nonexistent/gone.toml", p.abs("scenarios/gone.toml"))
        .expect("symlink");
    let r = p.run(TODAY, &["check"]).success();
    assert!(
        r.stderr
            .contains("scenarios/gone.toml: warning: dangling symbolic link"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("1 warning"), "{}", r.stdout);
    let r = p.run(TODAY, &["check", "--strict"]).code(1);
    assert!(
        r.stderr
            .contains("scenarios/gone.toml: error: dangling symbolic link"),
        "{}",
        r.stderr
    );
    // Every other command says so too, and still runs.
    let r = p.run(TODAY, &["status"]).success();
    assert!(r.stdout.contains("Talks"), "{}", r.stdout);
    assert!(r.stderr.contains("dangling symbolic link"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn an_unreadable_folder_is_a_warning_not_a_silent_skip() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::new()
        .scenario("summit", &scenario("summit"))
        .file("scenarios/closed/hidden.toml", &scenario("hidden"));
    let closed = p.abs("scenarios/closed");
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    // Root reads any folder: run as `nobody` then, in a project it may enter.
    let as_root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    let r = if as_root {
        for dir in [p.path(), &p.abs("scenarios")] {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
        std::fs::set_permissions(
            p.abs("scenarios/summit.toml"),
            std::fs::Permissions::from_mode(0o644),
        )
        .expect("chmod");
        let out = std::process::Command::new("setpriv")
            .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
            .arg(assert_cmd::cargo::cargo_bin("whatsnext"))
            .args(["--today", TODAY, "check"])
            .current_dir(p.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("setpriv");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    } else {
        let r = p.run(TODAY, &["check"]);
        (Some(r.code), r.stdout, r.stderr)
    };
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let (code, stdout, stderr) = r;
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stderr.contains("scenarios/closed: warning: cannot read folder: Permission denied"),
        "{stderr}"
    );
    assert!(stdout.contains("1 scenario"), "{stdout}");
    assert!(!stdout.contains("no problems"), "{stdout}");
}

#[test]
fn a_path_too_long_to_open_is_a_warning() {
    let p = Project::new().scenario("summit", &scenario("summit"));
    // Folders nested past PATH_MAX (4096 bytes), made one level at a time.
    let name = "n".repeat(200);
    let status = std::process::Command::new("python3")
        .arg("-c")
        .arg(format!(
            "import os\nos.chdir('scenarios')\nfor _ in range(25):\n    os.mkdir('{name}')\n    os.chdir('{name}')\nopen('deep.toml', 'w').close()"
        ))
        .current_dir(p.path())
        .status()
        .expect("sh");
    assert!(status.success());
    let r = p.run(TODAY, &["check"]).success();
    assert!(
        r.stderr.contains("warning: path too long to open"),
        "{}",
        r.stderr
    );
    p.run(TODAY, &["check", "--strict"]).code(1);
}

/// Level `i` of a ladder holds one scenario and two links to level `i + 1`: a
/// walk that follows every link without remembering where it has been visits
/// the last level 2^depth times.
#[cfg(unix)]
fn ladder(p: &Project, depth: usize) {
    for i in 0..depth {
        let level = p.abs(&format!("levels/{i}"));
        std::fs::create_dir_all(&level).expect("level");
        std::fs::write(level.join("s.toml"), scenario(&format!("level-{i}"))).expect("write");
        for link in ["a", "b"] {
            std::os::unix::fs::symlink(Path::new("..").join((i + 1).to_string()), level.join(link))
                .expect("symlink");
        }
    }
    std::fs::create_dir_all(p.abs(&format!("levels/{depth}"))).expect("last level");
    std::os::unix::fs::symlink("../levels/0", p.abs("scenarios/top")).expect("symlink");
}

#[cfg(unix)]
#[test]
fn a_ladder_of_links_is_walked_once_per_folder() {
    let p = Project::new();
    let depth = 16;
    ladder(&p, depth);
    // Following every link finds 2^16 - 1 files; each level once is `depth`.
    let r = p.run(TODAY, &["check"]).success();
    assert!(
        r.stdout
            .starts_with(&format!("{depth} files, {depth} scenarios")),
        "{}",
        r.stdout
    );
}

#[test]
fn a_line_of_eighty_thousand_brackets_gets_a_short_report() {
    let text = format!("title = \"t\"\ndate = 2025-08-01\n{}\n", "]".repeat(80_000));
    let p = Project::new().scenario("brackets", &text);
    let r = p.run(TODAY, &["check"]).code(1);
    assert!(
        r.stderr.contains("brackets.toml:3:1: error"),
        "{}",
        r.stderr
    );
    // The snippet is a window around the caret, not the whole line.
    assert!(r.stderr.len() < 2_000, "{} bytes of report", r.stderr.len());
}

#[test]
fn a_file_over_sixteen_megabytes_is_refused_unread() {
    let p = Project::new().scenario("summit", &scenario("summit"));
    let mut big = scenario("big");
    big.push_str(&format!("# {}\n", "x".repeat(17 << 20)));
    p.write("scenarios/big.toml", &big);
    let r = p.run(TODAY, &["check"]).code(1);
    assert!(
        r.stderr
            .contains("big.toml: error: file is larger than 16 MB"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("xxxx"), "the file's text is not shown");
}
