//! `whatsnext schema` checked by an independent validator (check-jsonschema, from
//! PyPI; `.ci/run` installs it): every valid scenario the project ships or tests
//! with passes, and files with structural mistakes fail.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use crate::support::{Project, checker_available, whatsnext};

/// The valid scenario files: the shipped one and the fixtures of the listings,
/// digests and edits (before and after).
fn valid_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut dirs = vec![
        root.join("scenarios"),
        root.join("tests/fixtures/list/scenarios"),
        root.join("tests/fixtures/digest/scenarios"),
    ];
    for entry in std::fs::read_dir(root.join("tests/fixtures/edit")).expect("edit fixtures") {
        let case = entry.expect("entry").path();
        dirs.push(case.join("in"));
        dirs.push(case.join("out"));
    }
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Runs check-jsonschema on copies of `files` (a byte order mark removed, which
/// Python's TOML reader refuses and whatsnext accepts); returns the exit code and
/// the report.
fn validate(p: &Project, files: &[PathBuf]) -> (i32, String) {
    let out = whatsnext().arg("schema").output().expect("run");
    assert!(out.status.success());
    p.write("schema.json", &String::from_utf8_lossy(&out.stdout));
    let mut args = vec!["--schemafile".to_string(), "schema.json".to_string()];
    for (i, f) in files.iter().enumerate() {
        let text = std::fs::read_to_string(f).expect("read fixture");
        let name = format!(
            "copies/{i}-{}",
            f.file_name().expect("name").to_string_lossy()
        );
        p.write(&name, text.strip_prefix('\u{feff}').unwrap_or(&text));
        args.push(name);
    }
    let out = Process::new("check-jsonschema")
        .args(&args)
        .current_dir(p.path())
        .output()
        .expect("check-jsonschema is installed (pip install check-jsonschema; .ci/run does)");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), report)
}

fn jsonschema_available() -> bool {
    checker_available(
        "check-jsonschema",
        &["--version"],
        "python3 -m pip install check-jsonschema",
    )
}

#[test]
fn every_valid_scenario_validates_against_the_schema() {
    if !jsonschema_available() {
        return;
    }
    let files = valid_files();
    assert!(files.len() > 20, "{files:?}");
    let p = Project::new();
    let (code, report) = validate(&p, &files);
    assert_eq!(code, 0, "{report}");
}

#[test]
fn structural_mistakes_are_rejected_by_the_schema() {
    if !jsonschema_available() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    for name in [
        "unknown-key",
        "missing-item-id",
        "missing-scenario-title",
        "bad-priority",
        "bad-duration",
        "wrong-type",
        "forecast-by-empty",
    ] {
        let p = Project::new();
        let (code, report) = validate(&p, &[root.join(format!("{name}.toml"))]);
        assert_eq!(code, 1, "{name} should be rejected:\n{report}");
        assert!(
            report.contains("Schema validation errors"),
            "{name}:\n{report}"
        );
    }
}

/// `init` writes the schema and a `.taplo.toml` mapping the scenario files to it:
/// taplo (the engine of Even Better TOML, Helix and Neovim's TOML support)
/// accepts the example and reports a misspelt key.
#[test]
fn init_points_taplo_at_the_schema() {
    if !checker_available("taplo", &["--version"], "python3 -m pip install taplo") {
        return;
    }
    let p = Project::new();
    whatsnext()
        .current_dir(p.path())
        .args(["init", "desk"])
        .assert()
        .success();
    let desk = p.abs("desk");
    let taplo = |file: &str| {
        Process::new("taplo")
            .args(["check", file])
            .current_dir(&desk)
            .output()
            .expect("taplo is installed (pip install taplo; .ci/run does)")
    };
    let ok = taplo("scenarios/2025-08-12-putin-kim-call.toml");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    std::fs::write(
        desk.join("scenarios/typo.toml"),
        "title = \"T\"\ndate = 2025-01-01\ntitel = \"x\"\n",
    )
    .expect("write");
    let bad = taplo("scenarios/typo.toml");
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("'titel' was unexpected"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

#[test]
fn init_empty_writes_no_example() {
    let p = Project::new();
    whatsnext()
        .current_dir(p.path())
        .args(["init", "desk", "--empty"])
        .assert()
        .success();
    let listed: Vec<_> = std::fs::read_dir(p.abs("desk/scenarios"))
        .expect("scenarios folder")
        .collect();
    assert!(listed.is_empty(), "{listed:?}");
    assert!(p.abs("desk/.taplo.toml").is_file());
    assert!(p.read("desk/.gitignore").contains(".whatsnext.lock"));
}
