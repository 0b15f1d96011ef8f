//! `whatsnext digest`: the week's sections as of the week's end, the three
//! formats (snapshots in tests/fixtures/digest/expected, rewritten with
//! `UPDATE_SNAPSHOTS=1`), escaping, the user's templates and `-o`.

use std::path::{Path, PathBuf};

use crate::support::Project;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/digest")
}

/// A project with the fixture scenarios (every section of 2025-W33 has items).
/// The temporary files an atomic write left in the project folder.
fn temporary_files(project: &Project) -> Vec<String> {
    std::fs::read_dir(project.path())
        .expect("project folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect()
}

fn fixture_project() -> Project {
    let mut project = Project::new();
    let dir = fixtures().join("scenarios");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .map(|e| e.expect("entry").file_name())
        .collect();
    names.sort();
    for name in names {
        let text = std::fs::read_to_string(dir.join(&name)).expect("fixture");
        project = project.file(&format!("scenarios/{}", name.to_string_lossy()), &text);
    }
    project
}

/// Compares `actual` with the expected file byte for byte, or rewrites the file
/// when `UPDATE_SNAPSHOTS=1`.
fn snapshot(name: &str, actual: &str) {
    let path = fixtures().join("expected").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create expected/");
        std::fs::write(&path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with UPDATE_SNAPSHOTS=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output, first at line {}\n--- expected\n{}\n--- actual\n{}\n\
             (UPDATE_SNAPSHOTS=1 rewrites it; review the diff before committing)",
            path.display(),
            first + 1,
            expected.lines().nth(first).unwrap_or("<end>"),
            actual.lines().nth(first).unwrap_or("<end>"),
        );
    }
}

/// The part of `text` from the heading `from` to the next heading of that level.
fn section<'a>(text: &'a str, from: &str) -> &'a str {
    let Some(start) = text.find(from) else {
        return "";
    };
    let rest = &text[start + from.len()..];
    let end = rest.find("\n## ").map_or(rest.len(), |i| i + 1);
    &rest[..end]
}

#[test]
fn markdown_snapshot_of_a_week() {
    let run = fixture_project()
        .run("2025-08-20", &["digest", "--week", "2025-W33"])
        .success();
    snapshot("2025-W33.md", &run.stdout);
}

#[test]
fn html_snapshot_of_a_week() {
    let run = fixture_project()
        .run(
            "2025-08-20",
            &["digest", "--week", "2025-W33", "--format", "html"],
        )
        .success();
    snapshot("2025-W33.html", &run.stdout);
}

#[test]
fn text_snapshot_of_a_week() {
    let run = fixture_project()
        .run(
            "2025-08-20",
            &["digest", "--week", "2025-W33", "--format", "text"],
        )
        .success();
    snapshot("2025-W33.txt", &run.stdout);
}

/// Values that each format treats specially, in every section: markup, block
/// markers, long text to wrap, line breaks, empty strings, sources of every
/// shape, outcomes of several words, moot and dropped items with and without
/// reasons, and a series.
const EDGES: &str = r##"
title = "Edges: 'quotes' & <tags>"
date = 2025-08-01
tags = ["edge"]

[[watch]]
id = "long-overdue"
title = "1. A title that starts like a numbered list and goes on for long enough to need wrapping in the text digest"
question = "- A question that starts like a bullet, with “curly quotes”, an apostrophe's worth and a very long tail of words to wrap?"
due = 2025-08-04
outcomes = ["a deal", "no deal", "talks <collapse>"]
forecast = [{ on = 2025-08-02, p = { "a deal" = 0.125, "no deal" = 0.5, "talks <collapse>" = 0.375 } }]
tags = ["# hash", "日本語", "x|y"]
priority = "low"

[[watch]]
id = "empty-question"
title = "> Quoted title"
question = ""
due = 2025-08-14
forecast = [{ on = 2025-08-05, p = 0.005 }, { on = 2025-08-06, p = 0.995 }]
priority = "critical"

[[watch]]
id = "resolved-sources"
title = "Resolved with every kind of source"
due = 2025-08-12
outcomes = ["a deal", "no deal", "talks <collapse>"]
forecast = [{ on = 2025-08-01, p = { "a deal" = 0.2, "no deal" = 0.8 } }]
resolution = { on = 2025-08-12, outcome = "talks <collapse>", note = "  Indented first line\r\nsecond line\n\n---\n```", sources = [
    "https://example.org/a path (with) spaces",
    "ftp://example.org/file",
    { title = "Title and mail", url = "mailto:desk@example.org" },
    { title = "Title, odd scheme", url = "javascript:void(0)" },
    { url = "HTTPS://EXAMPLE.ORG/UPPER" },
    "https://example.org/unbalanced)paren",
] }

[[watch]]
id = "resolved-bare"
title = "Resolved without note or forecast"
due = 2025-08-13
resolution = { on = 2025-08-13, outcome = "no", note = "" }

[[watch]]
id = "dropped-reason"
title = "Dropped with a reason"
due = 2025-09-01
dropped = { on = 2025-08-12, reason = "* Not needed\nany more." }

[[watch]]
id = "dropped-bare"
title = "Dropped without a reason"
due = 2025-09-01
dropped = { on = 2025-08-13 }

[[watch]]
id = "fires-on-no"
title = "Fires when the bare one resolves no"
trigger = [{ after = "resolved-bare", outcome = ["no"] }, { on = 2025-12-01 }]
due = "+2d"
tags = ["a", "b"]
priority = "high"

[[watch]]
id = "fires-without-due"
title = "Fires on a date, no due day"
trigger = [{ on = 2025-08-12 }]

[[watch]]
id = "goes-moot"
title = "Waits for a deal that did not come"
trigger = [{ after = "resolved-sources", outcome = ["a deal", "no deal"] }]
due = "+5d"

[[watch]]
id = "waits-dropped"
title = "Waits for a dropped item"
trigger = [{ after = "dropped-bare" }]

[[watch]]
id = "waits-long"
title = "Waits for two items, one far in the future"
trigger = [{ after = "coming" }, { on = 2026-01-01 }]
forecast = [{ on = 2025-08-01, p = 0.25 }]
priority = "high"

[[watch]]
id = "coming"
title = "Coming up: <em>soon</em>"
due = 2025-08-20
forecast = [{ on = 2025-08-01, p = 0.333333 }]
tags = ["edge-tag"]

[[watch]]
id = "weekly"
title = "Weekly check-in"
due = 2025-08-08
every = "1w"
until = 2025-09-30
"##;

#[test]
fn a_users_file_in_place_of_a_built_in_is_rendered_as_written() {
    // `builtin/digest.md` in the folder replaces the built-in itself: the digest
    // is that template, with the whole context (numbering across the list and
    // fields the built-in does not show).
    let template = "{% for e in sections.overdue %}{{ loop.index }}/{{ sections.overdue | length }} {{ e.ref }} {{ e.status }}\n{% endfor %}";
    let project = fixture_project().file("tpl/builtin/digest.md", template);
    let out = project
        .run(
            "2025-08-20",
            &["--templates", "tpl", "digest", "--week", "2025-W33"],
        )
        .success()
        .stdout;
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() >= 2, "{out}");
    let n = lines.len();
    for (i, line) in lines.iter().enumerate() {
        assert!(line.starts_with(&format!("{}/{n} ", i + 1)), "{out}");
        assert!(line.ends_with(" overdue"), "{out}");
    }
}

#[test]
fn a_past_week_shows_what_was_known_then() {
    // 2025-W32 ends on 10 August; the ministerial meeting was resolved on 13 August
    // and the WTO item on 25 August, after the week.
    let run = fixture_project()
        .run("2025-08-30", &["digest", "--week", "2025-W32"])
        .success();
    snapshot("2025-W32-as-of.md", &run.stdout);
    assert!(
        run.stdout.contains("as of Sunday 10 August 2025"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("## Resolved"), "{}", run.stdout);
    let coming = section(&run.stdout, "## Coming up");
    assert!(
        coming.contains("Trade ministers meet in Brussels"),
        "{coming}"
    );
    assert!(coming.contains("WTO dispute filing"), "{coming}");
    let pending = section(&run.stdout, "## Pending");
    assert!(
        pending.contains("Follow-up negotiating round held"),
        "{pending}"
    );

    // Two weeks later the late resolution is there.
    let later = fixture_project()
        .run("2025-09-05", &["digest", "--week", "2025-W35"])
        .success();
    let resolved = section(&later.stdout, "## Resolved");
    assert!(
        resolved.contains("**WTO dispute filing** — **no** on Mon 25 Aug"),
        "{resolved}"
    );
}

#[test]
fn sections_of_the_fixture_week() {
    let run = fixture_project()
        .run("2025-08-20", &["digest", "--week", "2025-W33"])
        .success();
    let out = &run.stdout;
    // Most urgent first: critical, high, then the longest overdue; with how long.
    let overdue = section(out, "## Overdue (4)");
    let order: Vec<usize> = ["tariff-deadline", "summit-date", "eu-package", "wto-filing"]
        .iter()
        .map(|id| {
            overdue
                .find(id)
                .unwrap_or_else(|| panic!("{id} in {overdue}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{overdue}");
    assert!(
        overdue.contains("16 days overdue (due Fri 1 Aug)"),
        "{overdue}"
    );
    // Due in the week, or before it within its grace, and not overdue.
    let due = section(out, "## Due this week");
    assert!(
        due.contains("Official readout") && due.contains("Council vote"),
        "{due}"
    );
    assert!(!due.contains("summit-date"), "{due}");
    // The resolution with its note, the forecast it is scored against and sources.
    let resolved = section(out, "## Resolved");
    assert!(resolved.contains("**yes** on Wed 13 Aug"), "{resolved}");
    assert!(
        resolved.contains("Forecast of 1 Aug: yes 70%, no 30%"),
        "{resolved}"
    );
    assert!(resolved.contains("[Council press release](https://example.org/press/2025/08/13)"));
    // What fired, and by what.
    let fired = section(out, "## Triggered");
    assert!(
        fired.contains("Trigger: after trade-talks/ministerial resolves yes"),
        "{fired}"
    );
    // Dropped with the reason; moot with what became of its trigger.
    let dropped = section(out, "## Dropped or moot");
    assert!(
        dropped.contains("Folded into the ministerial statement."),
        "{dropped}"
    );
    assert!(
        dropped.contains("trade-talks/ministerial resolved yes, not no"),
        "{dropped}"
    );
    // The 14 days after the week.
    let coming = section(out, "## Coming up, 18 Aug – 31 Aug (3)");
    assert!(
        coming.contains("next-round") && !coming.contains("year-end"),
        "{coming}"
    );
    let pending = section(out, "## Pending");
    assert!(pending.contains("Waits for: on 2025-09-01"), "{pending}");
    assert!(out.contains(
        "4 overdue · 2 due · 3 resolved · 1 triggered · 2 dropped or moot · 3 coming up · 2 pending"
    ));
}

#[test]
fn coming_up_follows_the_config() {
    let run = fixture_project()
        .file("whatsnext.toml", "coming_up = \"7d\"\n")
        .run("2025-08-20", &["digest", "--week", "2025-W33"])
        .success();
    let coming = section(&run.stdout, "## Coming up, 18 Aug – 24 Aug");
    assert!(coming.contains("follow-up-round"), "{}", run.stdout);
    assert!(!coming.contains("next-round"), "{coming}");
}

#[test]
fn an_empty_week_says_so() {
    let run = Project::new()
        .scenario(
            "quiet",
            "title = \"Quiet\"\ndate = 2025-08-01\n\n[[watch]]\nid = \"later\"\ntitle = \"Later\"\ndue = 2025-12-01\n",
        )
        .run("2025-08-20", &["digest", "--week", "2025-W33"])
        .success();
    assert!(
        run.stdout.contains("\nNothing to report this week.\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("##"), "{}", run.stdout);
}

#[test]
fn this_last_and_next_count_from_today() {
    let project = fixture_project();
    let heading = |today: &str, week: &str| {
        let run = project.run(today, &["digest", "--week", week]).success();
        run.stdout.lines().next().unwrap_or_default().to_string()
    };
    assert_eq!(
        heading("2024-12-30", "this"),
        "# What's next: week 2025-W01"
    );
    assert_eq!(
        heading("2025-08-20", "last"),
        "# What's next: week 2025-W33"
    );
    assert_eq!(
        heading("2025-08-20", "next"),
        "# What's next: week 2025-W35"
    );
    // The default is this week, as of today.
    let run = project.run("2025-08-13", &["digest"]).success();
    assert!(
        run.stdout
            .starts_with("# What's next: week 2025-W33\n\n11–17 August 2025 · as of Wednesday 13 August 2025 (the week is not over)\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_future_week_lists_only_what_is_due_in_it() {
    // As of Wednesday 20 August, next week is 25–31 August: the round due on
    // Saturday 23 August belongs to this week, not to next week's digest.
    let run = fixture_project()
        .run("2025-08-20", &["digest", "--week", "next"])
        .success();
    assert!(
        run.stdout
            .contains("as of Wednesday 20 August 2025 (before the week starts)"),
        "{}",
        run.stdout
    );
    let due = section(&run.stdout, "## Due this week");
    assert!(
        due.contains("september-meeting") && due.contains("next-round"),
        "{due}"
    );
    assert!(!due.contains("follow-up-round"), "{due}");

    // An item due before the week but still within its grace is due this week.
    let run = fixture_project()
        .run("2025-08-18", &["digest", "--week", "this"])
        .success();
    let due = section(&run.stdout, "## Due this week");
    assert!(
        due.contains("**Official readout of the technical round** — due Sat 16 Aug"),
        "{due}"
    );
}

#[test]
fn a_bad_week_is_a_usage_error() {
    let project = fixture_project();
    for bad in ["2025-W54", "2025-W00", "2025-33", "soon"] {
        let run = project
            .run("2025-08-20", &["digest", "--week", bad])
            .code(2);
        assert!(run.stderr.contains("--week"), "{bad}: {}", run.stderr);
        assert_eq!(run.stdout, "");
    }
}

/// Markup in every kind of text a scenario file holds.
const MARKUP: &str = r##"
title = "Markup <b>\"scenario\"</b>"
date = 2025-08-11

[[watch]]
id = "tags"
title = "R&D * budgets < 2% | <script>alert(1)</script>"
question = "Is <img src=x onerror=alert(1)> shown?"
due = 2025-08-14
tags = ["<i>x</i>", "a|b"]

[[watch]]
id = "heading"
title = "# Not a heading"
due = 2025-08-13
forecast = [{ on = 2025-08-01, p = 0.5 }]
resolution = { on = 2025-08-13, outcome = "yes", note = "First line\n\n- not a list\n1. not a number <script>x</script>", sources = [{ title = "<b>bold</b> source", url = "javascript:alert(1)" }, { title = "Fine", url = "https://example.org/?a=1&b=<2>" }] }
"##;

fn markup_run(format: &str) -> String {
    Project::new()
        .scenario("markup", MARKUP)
        .run(
            "2025-08-20",
            &["digest", "--week", "2025-W33", "--format", format],
        )
        .success()
        .stdout
}

#[test]
fn html_escapes_every_value_from_the_scenario_files() {
    let out = markup_run("html");
    assert!(!out.contains("<script>"), "{out}");
    assert!(!out.contains("<img"), "{out}");
    assert!(
        !out.contains("<i>x</i>") && !out.contains("<b>bold"),
        "{out}"
    );
    assert!(
        out.contains("R&amp;D * budgets &lt; 2% | &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{out}"
    );
    assert!(
        out.contains("Is &lt;img src=x onerror=alert(1)&gt; shown?"),
        "{out}"
    );
    assert!(out.contains("&lt;i&gt;x&lt;/i&gt;"), "{out}");
    assert!(
        out.contains("not a number &lt;script&gt;x&lt;/script&gt;"),
        "{out}"
    );
    assert!(
        out.contains(
            "<span class=\"scenario\">Markup &lt;b&gt;&quot;scenario&quot;&lt;/b&gt;</span>"
        ),
        "{out}"
    );
    // Only web addresses become links, and their text is escaped too.
    assert!(!out.contains("javascript:"), "{out}");
    assert!(out.contains("&lt;b&gt;bold&lt;/b&gt; source"), "{out}");
    assert!(
        out.contains("<a href=\"https://example.org/?a=1&amp;b=&lt;2&gt;\">Fine</a>"),
        "{out}"
    );
}

#[test]
fn text_leaves_markup_alone() {
    let out = markup_run("text");
    assert!(
        out.contains("R&D * budgets < 2% | <script>alert(1)</script>"),
        "{out}"
    );
    assert!(out.contains("<i>x</i>, a|b"), "{out}");
    assert!(out.contains("# Not a heading"), "{out}");
    assert!(
        out.contains("Source: <b>bold</b> source <javascript:alert(1)>"),
        "{out}"
    );
}

#[test]
fn markdown_escapes_inline_syntax_and_structure() {
    let out = &markup_run("md");
    assert!(
        out.contains("- **R&D \\* budgets \\< 2% \\| \\<script>alert(1)\\</script>**"),
        "{out}"
    );
    assert!(
        out.contains("  - Markup \\<b>\"scenario\"\\</b> · `markup/tags` · \\<i>x\\</i>, a\\|b\n"),
        "{out}"
    );
    assert!(out.contains("- **\\# Not a heading**"), "{out}");
    assert!(
        out.contains("  - First line - not a list 1. not a number \\<script>x\\</script>\n"),
        "{out}"
    );
    // A link only for web addresses; the address itself cannot end the link.
    assert!(
        out.contains("  - Source: \\<b>bold\\</b> source\n"),
        "{out}"
    );
    assert!(
        out.contains("  - Source: [Fine](https://example.org/?a=1&b=%3C2%3E)\n"),
        "{out}"
    );
}

/// Inline Markdown in every kind of text: images, links of every scheme, raw
/// HTML, backticks, emphasis, entities, and control characters.
const HOSTILE: &str = r##"
id = "![s](x.png)*s*[y](javascript:z)"
title = "![i](https://evil.example/pixel.png) scenario"
date = 2025-08-01

[[watch]]
id = "overdue-one"
title = "![i](https://evil.example/pixel.png) [x](javascript:alert(1)) <img src=x> *emph* _u_ ~~s~~ ``a`b`` &lt; &#60; \\*x\\*"
question = "<https://evil.example/auto> [ref][r] <a href=\"https://evil.example\">a</a>"
due = 2025-08-04
tags = ["*t*", "`t`", "[t](https://evil.example)", "<b>"]
outcomes = ["[o](https://evil.example)", "*p*"]
forecast = [{ on = 2025-08-02, p = { "[o](https://evil.example)" = 0.5, "*p*" = 0.5 } }]

[[watch]]
id = "resolved-one"
title = "Esc \u001b]52;c;aGk=\u0007 cr\roverwritten and \u001b[2J"
due = 2025-08-12
resolution = { on = 2025-08-12, outcome = "yes", note = "![n](https://evil.example/n.png)\n\n[x](javascript:alert(1)) `", sources = [
    { title = "![s](https://evil.example/s.png)", url = "javascript:alert(1)" },
    { title = "Fine [source]", url = "https://example.org/fine" },
    "https://example.org/bare_(x)",
    "mailto:desk@example.org",
    "data:text/html,<script>alert(1)</script>",
] }

[[watch]]
id = "r"
title = "[r]: https://evil.example/ref"
due = 2025-08-14
"##;

/// What tests/md_check.py (markdown-it-py) finds in the Markdown file `rel`;
/// `None` where markdown-it-py is missing (outside CI).
fn commonmark(project: &Project, rel: &str) -> Option<serde_json::Value> {
    if !crate::support::checker_available(
        "python3",
        &["-c", "import markdown_it"],
        "pip install markdown-it-py",
    ) {
        return None;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new("python3")
        .arg(root.join("tests/md_check.py"))
        .arg(project.abs(rel))
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "md_check failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("md_check prints JSON"))
}

#[test]
fn a_commonmark_renderer_finds_no_markup_from_the_scenario_files() {
    let project = Project::new()
        .scenario("hostile", HOSTILE)
        .scenario("edges", EDGES);
    project
        .run(
            "2025-08-20",
            &["digest", "--week", "2025-W33", "--all", "-o", "digest.md"],
        )
        .success();
    let text = project.read("digest.md");
    let Some(found) = commonmark(&project, "digest.md") else {
        return;
    };
    // The only links are the sources with a web or mail address.
    let links: Vec<&str> = found["links"]
        .as_array()
        .expect("links")
        .iter()
        .filter_map(|l| l.as_str())
        .collect();
    assert_eq!(
        links,
        [
            "https://example.org/fine",
            "https://example.org/bare_(x)",
            "mailto:desk@example.org",
            "https://example.org/a%20path%20(with)%20spaces",
            "mailto:desk@example.org",
            "HTTPS://EXAMPLE.ORG/UPPER",
            "https://example.org/unbalanced%29paren",
        ],
        "{text}"
    );
    assert_eq!(found["images"], serde_json::json!([]), "{text}");
    assert_eq!(found["html"], serde_json::json!([]), "{text}");
    assert_eq!(found["em"], 0, "{text}");
    assert_eq!(found["strike"], 0, "{text}");
    // Bold is the template's own: a title, or a resolution's outcome, whole.
    let strong: Vec<&str> = found["strong"]
        .as_array()
        .expect("strong")
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert!(
        strong.contains(
            &"![i](https://evil.example/pixel.png) [x](javascript:alert(1)) <img src=x> *emph* _u_ ~~s~~ ``a`b`` &lt; &#60; \\*x\\*"
        ),
        "{strong:?}"
    );
    assert!(
        strong.contains(&"Esc \\x1b]52;c;aGk=\\x07 cr overwritten and \\x1b[2J"),
        "{strong:?}"
    );
    // Refs are code spans, whole, whatever their text.
    let code: Vec<&str> = found["code"]
        .as_array()
        .expect("code")
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert!(
        code.contains(&"![s](x.png)*s*[y](javascript:z)/overdue-one"),
        "{code:?}"
    );
    // No control character reaches the file.
    assert!(
        !text
            .chars()
            .any(|c| c != '\n' && whatsnext::text::needs_escape(c)),
        "{text:?}"
    );
}

#[test]
fn a_code_span_is_fenced_longer_than_the_backticks_inside() {
    let template = "{% for e in sections.overdue %}- {{ e.title | md_code }}\n{% endfor %}";
    let project = Project::new()
        .scenario("hostile", HOSTILE)
        .file("templates/digest.md", template);
    project
        .run(
            "2025-08-20",
            &["digest", "--week", "2025-W33", "-o", "digest.md"],
        )
        .success();
    let Some(found) = commonmark(&project, "digest.md") else {
        return;
    };
    assert_eq!(
        found["code"],
        serde_json::json!([
            "![i](https://evil.example/pixel.png) [x](javascript:alert(1)) <img src=x> *emph* _u_ ~~s~~ ``a`b`` &lt; &#60; \\*x\\*",
            "[r]: https://evil.example/ref"
        ]),
        "{}",
        project.read("digest.md")
    );
}

#[test]
fn text_fits_80_columns() {
    let long = "word ".repeat(60);
    // Two columns a character on a terminal.
    let wide = "東京で会談 ".repeat(20);
    let scenario = format!(
        r#"
title = "Long"
date = 2025-08-11

[[watch]]
id = "long"
title = "{long}"
question = "{long}"
due = 2025-08-14
tags = ["a-rather-long-tag-name", "another-long-tag-name", "and-a-third-long-tag-name", "東京都知事選挙の結果と今後の政局の見通し"]
forecast = [{{ on = 2025-08-12, p = 0.4 }}]
resolution = {{ on = 2025-08-14, outcome = "yes", note = "{long}", sources = ["https://example.org/an/address/far/too/long/to/fit/on/one/line/of/eighty/columns/at/all"] }}

[[watch]]
id = "waiting"
title = "{long}"
trigger = [{{ after = "long", outcome = ["no"] }}]

[[watch]]
id = "wide"
title = "{wide}"
question = "{wide}"
due = 2025-08-15
"#
    );
    let out = Project::new()
        .scenario("long", &scenario)
        .run(
            "2025-08-20",
            &["digest", "--week", "2025-W33", "--format", "text"],
        )
        .success()
        .stdout;
    assert!(out.contains("東京で会談"), "{out}");
    // The scorecard's rows (its tags' among them) line up.
    let scorecard = &out[out.find("SCORECARD").expect("a scorecard")..];
    let widths: Vec<usize> = scorecard
        .lines()
        .filter(|l| l.ends_with("Mean log score") || l.ends_with(char::is_numeric))
        .map(whatsnext::table::width)
        .collect();
    assert!(widths.len() >= 6, "{scorecard}");
    assert!(
        widths.iter().all(|w| *w == widths[0]),
        "{widths:?}\n{scorecard}"
    );
    for line in out.lines() {
        let unbreakable = line.split_whitespace().count() == 1;
        let columns = whatsnext::table::width(line);
        assert!(columns <= 80 || unbreakable, "{columns}: {line}");
    }
    assert!(
        out.contains("\n      https://example.org/an/address/far/too/long"),
        "{out}"
    );
}

#[test]
fn a_user_template_overrides_the_built_in_one() {
    let run = fixture_project()
        .file(
            "templates/digest.md",
            "Week {{ week }}: {{ counts.overdue }} overdue\n",
        )
        .run("2025-08-20", &["digest", "--week", "2025-W33"])
        .success();
    assert_eq!(run.stdout, "Week 2025-W33: 4 overdue\n");
}

#[test]
fn the_templates_folder_can_come_from_the_flag() {
    let run = fixture_project()
        .file("elsewhere/digest.md", "custom {{ week }}\n")
        .run(
            "2025-08-20",
            &["--templates", "elsewhere", "digest", "--week", "2025-W33"],
        )
        .success();
    assert_eq!(run.stdout, "custom 2025-W33\n");
}

#[test]
fn a_user_template_can_extend_the_built_in_one() {
    let template = r#"{% extends "builtin/digest.md" %}
{% block summary %}{{ super() }}
Prepared by the Europe desk.
{% endblock summary %}
{% block pending %}{% endblock pending %}
{% block footer %}
---
{{ counts.items }} items in {{ counts.scenarios }} scenarios.
{% endblock footer %}"#;
    let run = fixture_project()
        .file("templates/digest.md", template)
        .run("2025-08-20", &["digest", "--week", "2025-W33"])
        .success();
    let out = &run.stdout;
    assert!(
        out.contains("2 pending\n\nPrepared by the Europe desk.\n\n## Overdue"),
        "{out}"
    );
    assert!(!out.contains("## Pending"), "{out}");
    assert!(out.ends_with("\n---\n19 items in 2 scenarios.\n"), "{out}");
}

#[test]
fn a_broken_template_is_an_error_naming_it() {
    let cases = [
        ("{{ week | nope }}", "Unknown filter `nope`"),
        ("{% if %}", "digest.md:1:"),
        ("{{ wek }}", "Variable `wek` is not defined"),
        ("{% extends \"base.md\" %}", "base.md"),
        ("{% include \"missing.md\" %}", "missing.md"),
    ];
    for (text, expected) in cases {
        let run = fixture_project()
            .file("templates/digest.md", text)
            .run("2025-08-20", &["digest", "--week", "2025-W33"])
            .code(1);
        assert!(
            run.stderr.contains("template \"digest.md\""),
            "{text}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(expected), "{text}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert_eq!(run.stdout, "");
    }
}

#[test]
fn a_broken_template_of_another_format_does_not_matter() {
    fixture_project()
        .file("templates/digest.html", "{% if %}")
        .run("2025-08-20", &["digest", "--week", "2025-W33"])
        .success();
}

#[test]
fn output_goes_to_a_file_atomically() {
    let project = fixture_project();
    let run = project
        .run(
            "2025-08-20",
            &["digest", "--week", "2025-W33", "-o", "out/digest.md"],
        )
        .code(1);
    assert!(run.stderr.contains("out/digest.md"), "{}", run.stderr);

    let run = project
        .run(
            "2025-08-20",
            &["digest", "--week", "2025-W33", "-o", "digest.md"],
        )
        .success();
    assert_eq!(run.stdout, "");
    let stdout = project
        .run("2025-08-20", &["digest", "--week", "2025-W33"])
        .success()
        .stdout;
    assert_eq!(project.read("digest.md"), stdout);
    let leftovers = temporary_files(&project);
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // `-o -` is standard output.
    let dash = project
        .run("2025-08-20", &["digest", "--week", "2025-W33", "-o", "-"])
        .success();
    assert_eq!(dash.stdout, stdout);
    assert!(!project.abs("-").exists());

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = project.abs("digest.md");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        project
            .run("2025-08-13", &["digest", "-o", "digest.md"])
            .success();
        let mode = std::fs::metadata(&path).expect("stat").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert!(
            project
                .read("digest.md")
                .contains("as of Wednesday 13 August 2025")
        );
    }
}

/// The README's digest sample is the beginning of what the tool prints on the
/// shipped scenario.
#[test]
fn the_readme_sample_is_real_output() {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("## The weekly digest")
        .expect("README has the digest section");
    let sample = &readme[start..];
    let command = "$ whatsnext --today 2025-08-20 digest --week 2025-W33\n";
    let from = sample.find(command).expect("README has the sample") + command.len();
    let expected = &sample[from..from + sample[from..].find("```").expect("end of sample")];

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = crate::support::whatsnext()
        .current_dir(root)
        .args(["--today", "2025-08-20", "digest", "--week", "2025-W33"])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with(expected),
        "README:\n{expected}\nactual:\n{stdout}"
    );
}

#[test]
fn the_scorecards_lists_follow_the_limit_and_its_counts_do_not() {
    let template = "{{ scorecard.to_date.scored }} {{ scorecard.to_date.items | length }} {{ sections.overdue | length }}/{{ counts.overdue }} {{ more.overdue.count }} {{ limit }}\n";
    let project = fixture_project().file("templates/digest.md", template);
    let run = |extra: &[&str]| {
        let mut args = vec!["digest", "--week", "2025-W33"];
        args.extend_from_slice(extra);
        project.run("2025-08-20", &args).success().stdout
    };
    assert_eq!(run(&["--limit", "1"]), "3 1 1/4 3 1\n");
    // `limit` is none: it prints as nothing.
    assert_eq!(run(&["--all"]), "3 3 4/4 0 \n");
}

#[test]
fn with_all_the_weeks_scorecard_lists_are_whole_and_the_to_date_ones_keep_the_limit() {
    let template = "{{ scorecard.week.scored }}:{{ scorecard.week.items | length }} {{ scorecard.to_date.scored }}:{{ scorecard.to_date.items | length }}\n";
    // Two of the fixture's three scored items resolve in 2025-W33.
    let project = fixture_project()
        .file("templates/digest.md", template)
        .file("whatsnext.toml", "digest_limit = 1\n");
    let run = |extra: &[&str]| {
        let mut args = vec!["digest", "--week", "2025-W33"];
        args.extend_from_slice(extra);
        project.run("2025-08-20", &args).success().stdout
    };
    assert_eq!(run(&[]), "2:1 3:1\n");
    // `--all` lists the week's news whole; the to-date lists are every
    // resolution ever (`score` lists them), so they keep to `digest_limit`.
    assert_eq!(run(&["--all"]), "2:2 3:1\n");
}

#[test]
fn a_template_failing_part_way_leaves_the_output_file_as_it_was() {
    // The heading renders; the unknown field fails only once rendering is under way.
    let template = "# Digest {{ week }}\n{{ sections.overdue[0].no_such_field }}\n";
    let project = fixture_project()
        .file("templates/digest.md", template)
        .file("out.md", "last week's digest\n");
    let run = project
        .run(
            "2025-08-20",
            &["digest", "--week", "2025-W33", "-o", "out.md"],
        )
        .code(1);
    assert!(run.stderr.contains("no_such_field"), "{}", run.stderr);
    // The message names the user's template file, not the output.
    assert!(run.stderr.contains("templates/digest.md"), "{}", run.stderr);
    assert!(!run.stderr.contains("out.md"), "{}", run.stderr);
    assert_eq!(project.read("out.md"), "last week's digest\n");
    // Nothing is left beside it: the temporary file went with the failure.
    let left = temporary_files(&project);
    assert!(left.is_empty(), "{left:?}");
    // On standard output it fails the same way, after what it printed.
    let run = project
        .run("2025-08-20", &["digest", "--week", "2025-W33"])
        .code(1);
    assert!(run.stderr.contains("no_such_field"), "{}", run.stderr);
    assert!(
        run.stdout.starts_with("# Digest 2025-W33\n"),
        "{}",
        run.stdout
    );
}

/// Output that cannot be written is reported in the system's words.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_reported_as_the_system_says() {
    let project = fixture_project();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    // std's Command: assert_cmd's would take standard output for itself.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_whatsnext"))
        .current_dir(project.path())
        .env("NO_COLOR", "1")
        .args([
            "--today",
            "2025-08-20",
            "digest",
            "--week",
            "2025-W33",
            "--all",
        ])
        .stdout(full)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("No space left on device"), "{stderr}");
}
