//! The invalid-input corpus: every file or folder in `tests/fixtures/invalid/`
//! is one kind of problem, and `NAME.stderr` beside it is the full diagnostic
//! `whatsnext --scenarios NAME --today 2025-08-20 check` must print, with exit 1
//! and nothing on stdout.
//!
//! Inputs too big or too odd to commit (a 10 MB line, 5,000 nested arrays, an
//! unreadable file) are written to a temporary folder by their test; their
//! expected output is a `.stderr` file all the same, with `[TMP]` standing for
//! the temporary folder.
//!
//! Paths in the output are shown relative to the crate root (the test strips
//! the root's absolute path). To write the `.stderr` files after a deliberate
//! change of wording, run with `WHATSNEXT_BLESS=1` and review the diff like code.

use std::path::{Path, PathBuf};

use crate::support::whatsnext;

const FIXTURES: &str = "tests/fixtures/invalid";

/// Committed fixtures: `name` is a `.toml` file or a folder in [`FIXTURES`].
macro_rules! fixtures {
    ($($test:ident: $name:literal,)*) => {
        const COMMITTED: &[&str] = &[$($name),*];
        $(
            #[test]
            fn $test() {
                let root = crate_root();
                expect(&Path::new(FIXTURES).join($name), &root, $name);
            }
        )*
    };
}

fixtures! {
    toml_syntax_error: "syntax-error.toml",
    unknown_key_with_suggestion: "unknown-key.toml",
    missing_scenario_title: "missing-scenario-title.toml",
    missing_item_id: "missing-item-id.toml",
    missing_item_title: "missing-item-title.toml",
    wrong_type: "wrong-type.toml",
    impossible_date: "bad-date.toml",
    date_written_as_a_string: "bad-date-quoted.toml",
    bad_due: "bad-due.toml",
    bad_duration: "bad-duration.toml",
    probability_above_one: "bad-probability.toml",
    unknown_priority: "bad-priority.toml",
    duplicate_item_id: "duplicate-item-id.toml",
    duplicate_scenario_id_across_files: "duplicate-scenario-id",
    unknown_trigger_target_with_suggestion: "unknown-trigger-target.toml",
    trigger_cycle_names_every_item: "trigger-cycle.toml",
    resolution_outcome_not_in_outcomes: "resolution-outcome-unknown.toml",
    trigger_outcome_not_in_the_targets_outcomes: "trigger-outcome-unknown.toml",
    forecast_key_not_in_outcomes: "forecast-key-unknown.toml",
    forecast_not_summing_to_one: "forecast-sum.toml",
    forecast_by_empty_and_a_misspelt_by: "forecast-by-empty.toml",
    log_check_not_a_boolean: "log-check-not-bool.toml",
    single_number_p_on_a_multi_outcome_item: "single-p-multi-outcome.toml",
    three_problems_are_three_errors: "three-problems.toml",
    empty_file: "empty.toml",
    not_utf8: "non-utf8.toml",
    binary_garbage: "binary-garbage.toml",
    a_folder_named_like_a_file_is_searched: "directory-named-toml",
}

/// Expected outputs of the tests that generate their input.
const GENERATED: &[&str] = &[
    "huge-line.toml",
    "huge-value.toml",
    "deeply-nested.toml",
    "unreadable.toml",
];

fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `check` on `scenarios` (relative to `cwd`, or absolute) and compares its
/// stderr, with `cwd` and `tmp` taken out of paths, to `FIXTURES/NAME.stderr`.
fn expect(scenarios: &Path, cwd: &Path, name: &str) {
    expect_with(scenarios, cwd, name, None);
}

fn expect_with(scenarios: &Path, cwd: &Path, name: &str, tmp: Option<&Path>) {
    let out = whatsnext()
        .current_dir(cwd)
        .arg("--scenarios")
        .arg(scenarios)
        .args(["--today", "2025-08-20", "check"])
        .output()
        .expect("run whatsnext");
    let mut stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if let Some(tmp) = tmp {
        stderr = stderr.replace(&tmp.display().to_string(), "[TMP]");
    }
    stderr = stderr.replace(&format!("{}/", crate_root().display()), "");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{name}: exit code\n--- stderr\n{stderr}"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "",
        "{name}: nothing on stdout"
    );

    let expected_path = crate_root().join(FIXTURES).join(stem(name) + ".stderr");
    if std::env::var_os("WHATSNEXT_BLESS").is_some() {
        std::fs::write(&expected_path, &stderr).expect("write .stderr");
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; every fixture needs its expected output (WHATSNEXT_BLESS=1 writes it)\n--- actual stderr\n{stderr}",
            expected_path.display()
        )
    });
    assert!(
        stderr == expected,
        "{name}: stderr differs from {}\n--- expected\n{expected}\n--- actual\n{stderr}",
        expected_path.display()
    );
}

fn stem(name: &str) -> String {
    name.strip_suffix(".toml").unwrap_or(name).to_string()
}

#[test]
fn every_fixture_has_a_test_and_an_expected_output() {
    let dir = crate_root().join(FIXTURES);
    let mut inputs = Vec::new();
    let mut outputs = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures folder") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        match name.strip_suffix(".stderr") {
            Some(s) => outputs.push(s.to_string()),
            None => inputs.push(name),
        }
    }
    for input in &inputs {
        assert!(
            COMMITTED.contains(&input.as_str()),
            "{input} has no test: add it to fixtures! in tests/cli/invalid.rs"
        );
    }
    let expected_stems: Vec<String> = COMMITTED.iter().chain(GENERATED).map(|n| stem(n)).collect();
    for stem in &expected_stems {
        assert!(outputs.contains(stem), "{stem}.stderr is missing");
    }
    for output in &outputs {
        assert!(
            expected_stems.contains(output),
            "{output}.stderr belongs to no fixture"
        );
    }
}

/// A scenario whose one line is 10 MB long: an unknown key that size. The
/// message quotes the key cut short and the snippet shows a window of the line.
#[test]
fn a_ten_megabyte_line() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let text = format!(
        "title = \"Huge line\"\ndate = 2025-08-12\n{} = 1\n",
        "k".repeat(10 * 1024 * 1024)
    );
    let path = tmp.path().join("huge-line.toml");
    std::fs::write(&path, text).expect("write");
    expect_with(&path, tmp.path(), "huge-line.toml", Some(tmp.path()));
}

/// A 10 MB string value with its closing quote missing: a syntax error at the
/// end of a 10 MB line.
#[test]
fn a_ten_megabyte_unterminated_string() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let text = format!(
        "title = \"Huge value\"\ndate = 2025-08-12\nsummary = \"{}\n",
        "a".repeat(10 * 1024 * 1024)
    );
    let path = tmp.path().join("huge-value.toml");
    std::fs::write(&path, text).expect("write");
    expect_with(&path, tmp.path(), "huge-value.toml", Some(tmp.path()));
}

/// 5,000 nested arrays: the parser's depth limit, not a stack overflow.
#[test]
fn five_thousand_nested_arrays() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let text = format!(
        "title = \"Deep\"\ndate = 2025-08-12\ntags = {}{}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let path = tmp.path().join("deeply-nested.toml");
    std::fs::write(&path, text).expect("write");
    expect_with(&path, tmp.path(), "deeply-nested.toml", Some(tmp.path()));
}

/// A file without read permission. Root (and any process allowed to bypass
/// file permissions) reads a mode-000 file anyway, so there the test has
/// nothing to check and says so instead of failing.
#[cfg(unix)]
#[test]
fn an_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("unreadable.toml");
    std::fs::write(&path, "title = \"Unreadable\"\ndate = 2025-08-12\n").expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&path).is_ok() {
        eprintln!("skipped: this process can read a mode-000 file (running as root?)");
        return;
    }
    expect_with(&path, tmp.path(), "unreadable.toml", Some(tmp.path()));
}
