//! A small builder for running `whatsnext` on scenario files in a temp folder.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A temporary project: a `scenarios/` folder and whatever files a test writes.
pub struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("scenarios")).expect("scenarios dir");
        Project { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` to `rel` (relative to the project), creating folders.
    pub fn file(self, rel: &str, text: &str) -> Self {
        self.write(rel, text);
        self
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(path, text).expect("write file");
    }

    /// Writes a scenario file `scenarios/NAME.toml`.
    pub fn scenario(self, name: &str, text: &str) -> Self {
        self.file(&format!("scenarios/{name}.toml"), text)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(rel)).expect("read file")
    }

    pub fn abs(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// `whatsnext --today TODAY ARGS…` run in the project folder, without colour.
    pub fn run(&self, today: &str, args: &[&str]) -> Run {
        self.run_in("", today, args)
    }

    /// Like [`Project::run`], in the folder `rel` of the project.
    pub fn run_in(&self, rel: &str, today: &str, args: &[&str]) -> Run {
        let output = whatsnext()
            .current_dir(self.dir.path().join(rel))
            .arg("--today")
            .arg(today)
            .args(args)
            .output()
            .expect("run whatsnext");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Project {
    /// `whatsnext ARGS…` started in the project folder and left running (for
    /// edits at the same time); see [`wait_all`].
    pub fn spawn(&self, args: &[&str]) -> std::process::Child {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("whatsnext"))
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn whatsnext")
    }
}

/// Waits for every child, asserting that each succeeded.
pub fn wait_all(children: Vec<std::process::Child>) {
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The item fields SPEC §3.3 requires in every JSON item.
pub const ITEM_FIELDS: [&str; 12] = [
    "ref",
    "scenario",
    "id",
    "title",
    "status",
    "due",
    "days_until_due",
    "fired_on",
    "resolution",
    "tags",
    "priority",
    "forecast",
];

/// The binary, with an environment that does not leak the machine's settings.
pub fn whatsnext() -> Command {
    let mut cmd = Command::cargo_bin("whatsnext").expect("binary");
    cmd.env_remove("WHATSNEXT_TODAY")
        .env_remove("WHATSNEXT_FORECASTER")
        .env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .env("COLUMNS", "120");
    cmd
}

/// What a run printed and returned.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing the output when it differs.
    pub fn code(self, expected: i32) -> Self {
        assert_eq!(
            self.code, expected,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn success(self) -> Self {
        self.code(0)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

/// Whether an independent checker runs here (`program ARGS` exits 0). Outside CI a
/// missing one skips its test with a note on stderr; in CI (`CI` set, where
/// `.ci/run` installs every checker) it is a failure.
pub fn checker_available(program: &str, args: &[&str], install: &str) -> bool {
    use std::io::Write;
    let found = std::process::Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but `{program}` does not run: {install}"
        );
        let _ = writeln!(
            std::io::stderr(),
            "note: skipping a check by `{program}`, which is not available here ({install})"
        );
    }
    found
}
