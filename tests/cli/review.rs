//! `whatsnext review` driven through stdin, and `whatsnext edit` with a scripted
//! `$EDITOR`. Each test checks the file afterwards: the answered item's lines
//! changed (with its log entry), every other line as it was.

use crate::support::{Project, Run, whatsnext};

const TODAY: &str = "2025-08-20";
const FILE: &str = "scenarios/s.toml";

/// As of 2025-08-20: `summit` overdue by 10 days, `sanctions` by 2; `follow-up`
/// waits for a "framework" summit; `later` is upcoming.
const SCENARIO: &str = r#"# A scenario to review.
id = "s"
title = "Review scenario"
date = 2025-08-01

[[watch]]
id = "summit"
title = "Summit outcome"
due = 2025-08-10
outcomes = ["ceasefire", "framework", "no-deal"]
signposts = ["Venue confirmed", "Joint statement"]

# Between the items: must survive every edit.
[[watch]]
id = "sanctions"     # an inline comment
title = "New sanctions"
due = 2025-08-18
forecast = [{ on = 2025-08-02, p = 0.4 }]

[[watch]]
id = "follow-up"
title = "Follow-up talks"
trigger = [{ after = "summit", outcome = ["framework"] }]
due = "+5d"

[[watch]]
id = "later"
title = "Later item"
due = 2025-09-30
"#;

fn project() -> Project {
    Project::new().file(FILE, SCENARIO)
}

/// `whatsnext --today TODAY ARGS…` with `input` on stdin.
fn review(project: &Project, input: &str, args: &[&str]) -> Run {
    run_with(project, input, args, &[])
}

fn run_with(project: &Project, input: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = whatsnext();
    cmd.current_dir(project.path())
        .arg("--today")
        .arg(TODAY)
        .args(args)
        .write_stdin(input);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let output = cmd.output().expect("run whatsnext");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The lines of item `id`'s table: from its `[[watch]]` header to the next
/// header (comments above the next one included), and the text around them.
fn split_item<'t>(text: &'t str, id: &str) -> (&'t str, &'t str, &'t str) {
    let header = format!("[[watch]]\nid = \"{id}\"");
    let start = text.find(&header).expect("item in file");
    let end = text[start + 1..]
        .find("[[watch]]")
        .map_or(text.len(), |i| start + 1 + i);
    (&text[..start], &text[start..end], &text[end..])
}

/// Asserts that only item `id`'s lines changed, and returns its new lines.
fn only_item_changed(project: &Project, id: &str) -> String {
    let new = project.read(FILE);
    let (before_old, _, after_old) = split_item(SCENARIO, id);
    let (before_new, item, after_new) = split_item(&new, id);
    assert_eq!(before_new, before_old, "lines before {id} changed:\n{new}");
    assert_eq!(after_new, after_old, "lines after {id} changed:\n{new}");
    item.to_string()
}

fn times(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn resolve_by_number_records_the_outcome_and_a_triggered_item_joins_at_the_end() {
    let p = project();
    // summit: resolve "2" (framework), today, no note, no source; sanctions: skip;
    // then follow-up, which the resolution fired, is shown and skipped.
    let run = review(&p, "r\n2\n\n\n\nk\nk\n", &["review"]).success();
    let item = only_item_changed(&p, "summit");
    assert!(
        item.contains(r#"resolution = { on = 2025-08-20, outcome = "framework" }"#),
        "{item}"
    );
    assert!(item.contains(r#"note = "resolved: framework""#), "{item}");
    assert!(
        run.stdout
            .contains("resolved s/summit: framework (2025-08-20)")
    );
    assert!(run.stderr.contains("3/3 · s/follow-up"), "{}", run.stderr);
    assert_eq!(times(&run.stderr, "· s/summit"), 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("1 resolved, 2 skipped"),
        "{}",
        run.stdout
    );
}

#[test]
fn resolve_by_name_after_a_typo_is_asked_again_with_a_suggestion() {
    let p = project();
    let input = "r\nno-dael\nno-deal\n2025-08-15\nTalks ended without a deal\nhttps://example.org/summit\nq\n";
    let run = review(&p, input, &["review"]).success();
    assert!(
        run.stderr.contains("did you mean `no-deal`"),
        "{}",
        run.stderr
    );
    let item = only_item_changed(&p, "summit");
    assert!(
        item.contains(r#"resolution = { on = 2025-08-15, outcome = "no-deal", note = "Talks ended without a deal", sources = ["https://example.org/summit"] }"#),
        "{item}"
    );
    assert!(item.contains("resolved: no-deal — Talks ended without a deal"));
}

#[test]
fn a_day_before_the_scenario_is_refused_and_asked_again() {
    let p = project();
    let run = review(&p, "r\n1\n2025-07-01\n2025-08-19\n\n\nq\n", &["review"]).success();
    assert!(run.stderr.contains("before the scenario's date"));
    let item = only_item_changed(&p, "summit");
    assert!(
        item.contains("on = 2025-08-19, outcome = \"ceasefire\""),
        "{item}"
    );
}

#[test]
fn note_stays_on_the_item_and_enter_moves_on_without_counting_a_skip() {
    let p = project();
    let run = review(&p, "n\nVenue confirmed by both sides\n\nq\n", &["review"]).success();
    let item = only_item_changed(&p, "summit");
    assert!(
        item.contains(
            "log = [\n    { on = 2025-08-20, note = \"Venue confirmed by both sides\" },\n]"
        ),
        "{item}"
    );
    // The card again, with the note as its last log entry.
    assert!(
        run.stderr
            .contains("last log   2025-08-20  Venue confirmed by both sides")
    );
    assert!(run.stdout.contains(": 1 noted\n"), "{}", run.stdout);
}

#[test]
fn snooze_by_seven_days_moves_the_due_day_and_the_item_is_not_shown_again() {
    let p = project();
    // The snooze lands on 2025-08-27, inside the 7-day lead: due again, but
    // already on the list, so it does not come back at the end.
    let run = review(&p, "s\n+7d\nk\n", &["review"]).success();
    let item = only_item_changed(&p, "summit");
    assert!(item.contains("due = 2025-08-27\n"), "{item}");
    assert!(
        item.contains("snoozed: due 2025-08-10 → 2025-08-27"),
        "{item}"
    );
    assert_eq!(times(&run.stderr, "· s/summit"), 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("1 snoozed, 1 skipped"),
        "{}",
        run.stdout
    );
}

#[test]
fn forecast_is_validated_as_the_forecast_command_validates() {
    let p = project();
    let input = "f\nceasefire=0.2,framework=0.5\nf\nceasefire=0.2,framework=0.3,no-deal=0.5\n\nf\n1.5\nf\n0.7\nq\n";
    let run = review(&p, input, &["review"]).success();
    assert!(run.stderr.contains("sum to 0.7, not 1"), "{}", run.stderr);
    assert!(run.stderr.contains("between 0 and 1"), "{}", run.stderr);
    let new = p.read(FILE);
    let (_, summit, _) = split_item(&new, "summit");
    assert!(
        summit.contains(
            "forecast = [{ on = 2025-08-20, p = { ceasefire = 0.2, framework = 0.3, no-deal = 0.5 } }]"
        ),
        "{summit}"
    );
    let (_, sanctions, _) = split_item(&new, "sanctions");
    assert!(
        sanctions.contains(
            "forecast = [\n    { on = 2025-08-02, p = 0.4 },\n    { on = 2025-08-20, p = 0.7 },\n]"
        ),
        "{sanctions}"
    );
    assert!(sanctions.contains("forecast: yes 0.7"));
    assert!(new.contains("id = \"sanctions\"     # an inline comment\n"));
    assert!(run.stdout.contains("2 forecast"), "{}", run.stdout);
}

#[test]
fn drop_records_the_reason() {
    let p = project();
    review(&p, "d\nNo longer relevant\nq\n", &["review"]).success();
    let item = only_item_changed(&p, "summit");
    assert!(
        item.contains(r#"dropped = { on = 2025-08-20, reason = "No longer relevant" }"#),
        "{item}"
    );
    assert!(item.contains("dropped: No longer relevant"));
}

#[test]
fn observe_takes_the_number_of_an_unobserved_signpost() {
    let p = project();
    let run = review(&p, "o\n3\n2\nq\n", &["review"]).success();
    assert!(run.stderr.contains("from 1 to 2"), "{}", run.stderr);
    let item = only_item_changed(&p, "summit");
    assert!(
        item.contains(r#"signposts = ["Venue confirmed", { text = "Joint statement", observed = 2025-08-20 }]"#),
        "{item}"
    );
    assert!(item.contains("observed: Joint statement"));
}

#[test]
fn back_returns_to_the_previous_item() {
    let p = project();
    let run = review(&p, "b\nk\nb\nn\nSeen again\nq\n", &["review"]).success();
    assert!(run.stderr.contains("this is the first item"));
    // Shown first, again after `b`, and once more with the note on it.
    assert_eq!(times(&run.stderr, "1/2 · s/summit"), 3, "{}", run.stderr);
    assert_eq!(times(&run.stderr, "2/2 · s/sanctions"), 1, "{}", run.stderr);
    only_item_changed(&p, "summit");
    assert!(run.stdout.contains(": 1 noted\n"), "{}", run.stdout);
}

#[test]
fn quit_midway_keeps_what_was_answered_and_nothing_else() {
    let p = project();
    review(&p, "n\nFirst note\nq\nn\nnever read\n", &["review"]).success();
    let item = only_item_changed(&p, "summit");
    assert!(item.contains("First note"));
    assert!(!p.read(FILE).contains("never read"));
}

#[test]
fn the_end_of_input_mid_question_writes_nothing_for_that_question() {
    let p = project();
    // A note on summit, then a resolution of sanctions cut off before its day.
    let run = review(&p, "n\nKept\nk\nr\n1\n", &["review"]).success();
    let item = only_item_changed(&p, "summit");
    assert!(item.contains("Kept"));
    assert!(run.stdout.contains(": 1 noted\n"), "{}", run.stdout);
}

#[test]
fn dry_run_shows_each_change_as_a_diff_and_writes_nothing() {
    let p = project();
    let run = review(&p, "r\n1\n\n\n\nn\nA note\nq\n", &["review", "--dry-run"]).success();
    assert_eq!(p.read(FILE), SCENARIO);
    assert!(!p.abs("scenarios/.whatsnext.lock").exists());
    assert!(
        run.stdout.contains("--- a/scenarios/s.toml"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("+resolution = { on = 2025-08-20, outcome = \"ceasefire\" }")
    );
    assert!(
        run.stdout
            .contains("+log = [\n+    { on = 2025-08-20, note = \"A note\" },\n+]")
    );
    assert!(run.stdout.contains("(dry run: nothing written)"));
}

#[test]
fn nothing_to_review_says_so_in_one_line() {
    let p = project();
    let run = whatsnext()
        .current_dir(p.path())
        .args(["--today", "2025-08-02", "review"])
        .write_stdin("")
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        "Nothing to review as of 2025-08-02.\n"
    );
}

#[test]
fn filters_narrow_the_list_like_status() {
    let p = project();
    let run = review(&p, "", &["review", "--status", "overdue", "--tag", "none"]).success();
    assert!(
        run.stdout.starts_with("Nothing to review"),
        "{}",
        run.stdout
    );
    review(&p, "", &["review", "--status", "overdu"]).code(2);
}

#[test]
fn control_characters_in_scenario_text_are_shown_escaped_on_the_card() {
    let p = Project::new().file(
        FILE,
        "title = \"T\"\ndate = 2025-08-01\n[[watch]]\nid = \"a\"\ntitle = \"Evil \\u001b]52;c;aGk=\\u0007 title\"\ndue = 2025-08-10\n",
    );
    let run = review(&p, "q\n", &["review"]).success();
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(
        run.stderr.contains("Evil \\x1b]52;c;aGk=\\x07 title"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// The editor: `edit REF` and the review's `e`
// ---------------------------------------------------------------------------

/// Writes an executable editor script; it gets `+LINE FILE` as its arguments.
fn editor(p: &Project, name: &str, body: &str) -> String {
    let path = p.abs(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write script");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    path.display().to_string()
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect("line") + 1
}

#[test]
fn edit_opens_the_editor_at_the_item_and_installs_a_valid_result() {
    let p = project();
    let args_file = p.abs("args");
    let ed = editor(
        &p,
        "ed.sh",
        &format!(
            "echo \"$1\" > '{}'\nsed -i 's/title = \"New sanctions\"/title = \"New US sanctions\"/' \"$2\"",
            args_file.display()
        ),
    );
    let run = run_with(&p, "", &["edit", "sanctions"], &[("EDITOR", &ed)]).success();
    let header = line_of(SCENARIO, "id = \"sanctions\"") - 1;
    assert_eq!(
        std::fs::read_to_string(&args_file).unwrap().trim(),
        format!("+{header}")
    );
    let item = only_item_changed(&p, "sanctions");
    assert!(item.contains("title = \"New US sanctions\""), "{item}");
    assert!(
        run.stdout.contains("edited scenarios/s.toml"),
        "{}",
        run.stdout
    );
}

#[test]
fn visual_wins_over_editor_and_may_carry_arguments() {
    let p = project();
    let ed = editor(&p, "vis.sh", "sed -i \"s/Later item/$1/\" \"$3\"");
    run_with(
        &p,
        "",
        &["edit", "s/later"],
        &[("VISUAL", &format!("{ed} Renamed")), ("EDITOR", "false")],
    )
    .success();
    assert!(only_item_changed(&p, "later").contains("title = \"Renamed\""));
}

#[test]
fn an_invalid_edit_is_offered_again_and_never_written() {
    let p = project();
    let ed = editor(
        &p,
        "bad.sh",
        "sed -i 's/^due = 2025-08-18/dew = 2025-08-18/' \"$2\"",
    );
    let run = run_with(&p, "n\n", &["edit", "sanctions"], &[("EDITOR", &ed)]).code(1);
    assert_eq!(p.read(FILE), SCENARIO);
    assert!(run.stderr.contains("unknown key"), "{}", run.stderr);
    assert!(run.stderr.contains("reopen the editor?"), "{}", run.stderr);
    let kept = run
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("nothing written; your edited copy is kept at "))
        .expect("kept copy named");
    assert!(
        std::fs::read_to_string(kept)
            .unwrap()
            .contains("dew = 2025-08-18")
    );
    let _ = std::fs::remove_file(kept);
}

#[test]
fn reopening_after_an_error_lets_the_user_fix_it() {
    let p = project();
    let count = p.abs("count");
    // First session breaks the file, the second puts it right with a new due day.
    let ed = editor(
        &p,
        "twice.sh",
        &format!(
            "if [ -e '{c}' ]; then sed -i 's/^dew = 2025-08-18/due = 2025-09-01/' \"$2\"; \
             else touch '{c}'; sed -i 's/^due = 2025-08-18/dew = 2025-08-18/' \"$2\"; fi",
            c = count.display()
        ),
    );
    run_with(&p, "y\n", &["edit", "sanctions"], &[("EDITOR", &ed)]).success();
    assert!(only_item_changed(&p, "sanctions").contains("due = 2025-09-01\n"));
}

#[test]
fn review_e_edits_by_hand_and_stays_on_the_item() {
    let p = project();
    let ed = editor(
        &p,
        "ed.sh",
        "sed -i 's/^title = \"Summit outcome\"/title = \"Summit: outcome\"/' \"$2\"",
    );
    let run = run_with(&p, "e\nq\n", &["review"], &[("EDITOR", &ed)]).success();
    assert!(only_item_changed(&p, "summit").contains("title = \"Summit: outcome\""));
    assert!(run.stderr.contains("Summit: outcome"), "{}", run.stderr);
    assert!(run.stdout.contains(": 1 edited\n"), "{}", run.stdout);
}

#[test]
fn an_editor_that_fails_writes_nothing() {
    let p = project();
    let run = run_with(&p, "", &["edit", "sanctions"], &[("EDITOR", "false")]).code(1);
    assert_eq!(p.read(FILE), SCENARIO);
    assert!(run.stderr.contains("exited with"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// A real terminal: tmux
// ---------------------------------------------------------------------------

/// A tmux server of its own (on a socket in the test's folder), killed at the end.
struct Tmux {
    socket: std::path::PathBuf,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    /// The pane's text, with its colours when `escapes`.
    fn pane(&self, escapes: bool) -> String {
        let mut args = vec!["capture-pane", "-p", "-J", "-t", "review"];
        if escapes {
            args.push("-e");
        }
        String::from_utf8_lossy(&self.cmd(&args).stdout).into_owned()
    }

    /// Waits until the pane shows `text` `n` times (or fails with the pane).
    fn wait_for(&self, text: &str, n: usize) {
        for _ in 0..200 {
            if times(&self.pane(false), text) >= n {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("the pane never showed {text:?} ×{n}:\n{}", self.pane(false));
    }

    /// Types `keys` and Enter.
    fn answer(&self, keys: &str) {
        if !keys.is_empty() {
            self.cmd(&["send-keys", "-t", "review", "-l", keys]);
        }
        self.cmd(&["send-keys", "-t", "review", "Enter"]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

#[test]
fn review_in_a_real_terminal_under_tmux() {
    let found = std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        println!("note: tmux is not installed; the terminal test is skipped (.ci/run installs it)");
        return;
    }
    let p = project();
    let tmux = Tmux {
        socket: p.abs("tmux.sock"),
    };
    let script = format!(
        "cd '{}' && env -u NO_COLOR -u WHATSNEXT_TODAY TZ=UTC TERM=xterm-256color '{}' --today {TODAY} review; echo \"EXIT=$?\"; sleep 60",
        p.path().display(),
        env!("CARGO_BIN_EXE_whatsnext")
    );
    let out = tmux.cmd(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "review",
        "-x",
        "160",
        "-y",
        "60",
        &script,
    ]);
    assert!(
        out.status.success(),
        "tmux: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let prompt = "[?]help";
    tmux.wait_for(prompt, 1);
    let first = tmux.pane(false);
    assert!(first.contains("1/2 · s/summit"), "{first}");
    // Colour on a terminal (`--color auto`), none of it in the file.
    assert!(
        tmux.pane(true).contains("\u{1b}["),
        "no colour on a terminal"
    );
    tmux.answer("r");
    tmux.wait_for("Outcome (1-3, or a name)", 1);
    tmux.answer("framwork");
    tmux.wait_for("did you mean `framework`", 1);
    tmux.answer("2");
    tmux.wait_for("Day [2025-08-20]:", 1);
    tmux.answer("");
    tmux.wait_for("Note [none]:", 1);
    tmux.answer("Framework agreed");
    tmux.wait_for("Source URL [none]:", 1);
    tmux.answer("");
    tmux.wait_for("2/3 · s/sanctions", 1);
    tmux.answer("q");
    tmux.wait_for("EXIT=0", 1);
    let pane = tmux.pane(false);
    // What was typed shows once (the terminal echoes it; the review does not).
    assert_eq!(times(&pane, "Framework agreed"), 1, "{pane}");
    assert!(
        pane.contains("resolved s/summit: framework (2025-08-20)"),
        "{pane}"
    );
    assert!(pane.contains("1 resolved"), "{pane}");
    let item = only_item_changed(&p, "summit");
    assert!(item.contains("note = \"Framework agreed\""), "{item}");
}

#[test]
fn an_edit_that_breaks_another_file_is_refused_too() {
    let p = project().file(
        "scenarios/other.toml",
        "title = \"Other\"\ndate = 2025-08-01\n[[watch]]\nid = \"x\"\ntitle = \"X\"\ntrigger = [{ after = \"s/sanctions\" }]\n",
    );
    let ed = editor(
        &p,
        "rename.sh",
        "sed -i 's/^id = \"sanctions\"/id = \"sanction\"/' \"$2\"",
    );
    let run = run_with(&p, "n\n", &["edit", "s/sanctions"], &[("EDITOR", &ed)]).code(1);
    assert_eq!(p.read(FILE), SCENARIO);
    assert!(run.stderr.contains("other.toml:6:"), "{}", run.stderr);
    if let Some(kept) = run
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("nothing written; your edited copy is kept at "))
    {
        let _ = std::fs::remove_file(kept);
    }
}

#[test]
fn the_card_and_prompt_follow_color() {
    let p = project();
    let plain = review(&p, "q\n", &["review"]).success();
    assert!(!plain.stderr.contains('\u{1b}'), "{:?}", plain.stderr);
    let colored = review(&p, "q\n", &["--color", "always", "review"]).success();
    assert!(colored.stderr.contains("\u{1b}[1m"), "{:?}", colored.stderr);
}

#[test]
fn a_corpus_with_errors_is_not_reviewed() {
    let p = Project::new().file(FILE, "title = \"T\"\ndate = 2025-08-01\ncolour = 1\n");
    let run = review(&p, "q\n", &["review"]).code(1);
    assert!(run.stderr.contains("s.toml:3:1"), "{}", run.stderr);
    assert_eq!(
        p.read(FILE),
        "title = \"T\"\ndate = 2025-08-01\ncolour = 1\n"
    );
}
