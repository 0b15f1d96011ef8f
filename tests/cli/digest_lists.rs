//! The digest's lists on random valid scenarios of awkward text (markup, block
//! markers, line breaks, control characters, long words, quotes, several
//! scripts) with items in every section, in every format, for three weeks and
//! a random limit: what each section shows and what it says it left out.

use chrono::NaiveDate;
use proptest::prelude::*;

use whatsnext::diagnostic::Style;
use whatsnext::load;
use whatsnext::model::Index;
use whatsnext::render::digest::{self, Options};
use whatsnext::render::templates::{self, Format, Templates};
use whatsnext::render::week::IsoWeek;
use whatsnext::status::Defaults;
use whatsnext::validate;
use whatsnext::value::Duration;

/// Text that each format treats specially somewhere.
const TEXT: &[&str] = &[
    "Plain words",
    "# Heading-like",
    "- bullet-like",
    "1. numbered-like",
    "2025) also numbered",
    "> quote-like",
    "   ---",
    "```fence",
    "<b>bold</b> & <script>x()</script>",
    "a < b && c > d",
    "\"double\" and 'single' quotes",
    "line one\nline two\r\n\n- third",
    "\ttabbed\tand  spaced ",
    "Ünïcödé, 日本語の文, العربية, emoji 🎉",
    "averyveryverylongwordthatcannotbebrokenanywhereatallbecauseithasnospacesinsideitwhatsoever",
    "many short words to wrap past the eighty columns of the plain text digest and beyond into a third line",
    "pipe | and backslash \\ and `backticks`",
    "esc \x1b[2J, osc \x1b]52;c;aGk=\x07, cr\roverwritten\x08 and \u{202e}bidi",
];

const TAGS: &[&str] = &["plain", "# hash", "<i>x</i>", "a|b", "日本", "- dash"];
const OUTCOMES: &[&str] = &["a b", "<x>", "- y"];
const SOURCES: &[&str] = &[
    "\"https://example.org/a path (with) spaces\"",
    "\"ftp://example.org/file\"",
    "{ title = \"Title & <b>\", url = \"https://example.org/?a=1&b=<2>\" }",
    "{ title = \"Mail\", url = \"mailto:desk@example.org\" }",
    "{ title = \"Odd scheme\", url = \"javascript:void(0)\" }",
    "{ url = \"HTTPS://EXAMPLE.ORG/unbalanced)\" }",
];

/// `s` as a TOML string (written by toml_edit, not by the code under test).
fn toml_string(s: &str) -> String {
    toml_edit::Value::from(s).to_string()
}

/// A day of summer 2025, `n` days after 20 July.
fn day(n: u8) -> String {
    let d = NaiveDate::from_ymd_opt(2025, 7, 20).expect("a day") + chrono::Days::new(n.into());
    d.to_string()
}

/// The random choices for one item; [`scenario`] makes them valid together.
#[derive(Debug, Clone)]
struct Item {
    title: usize,
    question: Option<usize>,
    /// 0: none, 1: a date, 2: relative.
    due: (u8, u8),
    multi: bool,
    forecast: Option<(u8, usize)>,
    tags: Vec<usize>,
    priority: usize,
    /// 0: none, 1: after an earlier item, 2: after one of its outcomes, 3: on a day.
    trigger: (u8, usize, u8),
    resolution: Option<(u8, usize, Option<usize>, Vec<usize>)>,
    dropped: Option<(u8, Option<usize>)>,
    every: bool,
}

fn item() -> impl Strategy<Value = Item> {
    (
        (
            0..TEXT.len(),
            prop::option::of(0..TEXT.len() + 1),
            (0u8..3, 0u8..50),
            any::<bool>(),
            prop::option::of((0u8..40, 0usize..5)),
            prop::collection::vec(0..TAGS.len(), 0..3),
        ),
        (
            0usize..4,
            (0u8..4, any::<usize>(), 0u8..50),
            prop::option::of((
                20u8..40,
                0usize..3,
                prop::option::of(0..TEXT.len() + 1),
                prop::collection::vec(0..SOURCES.len(), 0..4),
            )),
            prop::option::of((18u8..40, prop::option::of(0..TEXT.len() + 1))),
            prop::bool::weighted(0.1),
        ),
    )
        .prop_map(
            |(
                (title, question, due, multi, forecast, tags),
                (priority, trigger, resolution, dropped, every),
            )| Item {
                title,
                question,
                due,
                multi,
                forecast,
                tags,
                priority,
                trigger,
                resolution,
                dropped,
                every,
            },
        )
}

/// `TEXT[i]`, or the empty string just past its end.
fn text(i: usize) -> &'static str {
    TEXT.get(i).copied().unwrap_or("")
}

/// A valid scenario file of `items`: triggers point at earlier items (no
/// cycles) and name outcomes those items have, resolutions use the item's own
/// outcomes, multi-outcome forecasts sum to one.
fn scenario(items: &[Item]) -> String {
    let mut out = format!(
        "title = {}\ndate = 2025-07-20\ntags = [\"edge\"]\n",
        toml_string("Awkward <scenario> & 'quotes'")
    );
    for (i, it) in items.iter().enumerate() {
        out.push_str(&format!(
            "\n[[watch]]\nid = \"i{i}\"\ntitle = {}\n",
            toml_string(TEXT[it.title])
        ));
        if let Some(q) = it.question {
            out.push_str(&format!("question = {}\n", toml_string(text(q))));
        }
        if it.multi {
            let list: Vec<String> = OUTCOMES.iter().map(|o| toml_string(o)).collect();
            out.push_str(&format!("outcomes = [{}]\n", list.join(", ")));
        }
        let triggered = match it.trigger {
            (1 | 2, target, _) if i > 0 => {
                let target = target % i;
                let filter = if it.trigger.0 == 2 {
                    let o = if items[target].multi {
                        OUTCOMES[0]
                    } else {
                        "no"
                    };
                    format!(", outcome = [{}]", toml_string(o))
                } else {
                    String::new()
                };
                out.push_str(&format!(
                    "trigger = [{{ after = \"i{target}\"{filter} }}]\n"
                ));
                true
            }
            (3, _, on) => {
                out.push_str(&format!("trigger = [{{ on = {} }}]\n", day(on)));
                true
            }
            _ => false,
        };
        match it.due {
            (1, n) => out.push_str(&format!("due = {}\n", day(n))),
            (2, n) => out.push_str(&format!("due = \"+{}d\"\n", n % 20)),
            _ => {}
        }
        if it.every && it.due.0 == 1 && !triggered {
            out.push_str("every = \"1w\"\nuntil = 2025-09-30\n");
        }
        if let Some((on, p)) = it.forecast {
            let p = if it.multi {
                [
                    "{ \"a b\" = 0.125, \"<x>\" = 0.5, \"- y\" = 0.375 }",
                    "{ \"<x>\" = 1.0 }",
                ][p % 2]
                    .to_string()
            } else {
                ["0.005", "0.5", "0.995", "1e-9", "0.333333"][p].to_string()
            };
            out.push_str(&format!("forecast = [{{ on = {}, p = {p} }}]\n", day(on)));
        }
        if !it.tags.is_empty() {
            let mut tags: Vec<&str> = it.tags.iter().map(|&t| TAGS[t]).collect();
            tags.dedup();
            let tags: Vec<String> = tags.iter().map(|t| toml_string(t)).collect();
            out.push_str(&format!("tags = [{}]\n", tags.join(", ")));
        }
        out.push_str(&format!(
            "priority = \"{}\"\n",
            ["low", "normal", "high", "critical"][it.priority]
        ));
        if let Some((on, outcome, note, sources)) = &it.resolution {
            let outcome = if it.multi {
                OUTCOMES[*outcome]
            } else {
                ["yes", "no", "yes"][*outcome]
            };
            let mut r = format!("on = {}, outcome = {}", day(*on), toml_string(outcome));
            if let Some(n) = note {
                r.push_str(&format!(", note = {}", toml_string(text(*n))));
            }
            if !sources.is_empty() {
                let list: Vec<&str> = sources.iter().map(|&s| SOURCES[s]).collect();
                r.push_str(&format!(", sources = [{}]", list.join(", ")));
            }
            out.push_str(&format!("resolution = {{ {r} }}\n"));
        }
        if let Some((on, reason)) = it.dropped {
            let mut d = format!("on = {}", day(on));
            if let Some(r) = reason {
                d.push_str(&format!(", reason = {}", toml_string(text(r))));
            }
            out.push_str(&format!("dropped = {{ {d} }}\n"));
        }
    }
    out
}

/// The entries a Markdown digest lists under each heading (`## Title (N)`):
/// the heading, its count, the entries shown and whether it ends with an
/// "…and N more" line. Values never start a line, so every line that starts
/// with `- ` is an entry or that line.
fn md_sections(md: &str) -> Vec<(String, usize, usize, bool)> {
    let mut out: Vec<(String, usize, usize, bool)> = Vec::new();
    for line in md.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            let count = heading
                .rsplit_once(" (")
                .and_then(|(_, n)| n.strip_suffix(')'))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            out.push((heading.to_string(), count, 0, false));
        } else if let Some(last) = out.last_mut() {
            if line.starts_with("- …and ") {
                last.3 = true;
            } else if line.starts_with("- ") {
                last.2 += 1;
            }
        }
    }
    out.retain(|s| s.0 != "Scorecard");
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Whatever the text and the limit, each section lists at most `limit`
    /// entries under its full count, says when it was cut short, and no
    /// control character reaches a Markdown or text digest raw.
    #[test]
    fn sections_show_at_most_the_limit_and_no_control_character(
        items in prop::collection::vec(item(), 1..14),
        limit in 1usize..4,
    ) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let file = dir.path().join("awkward.toml");
        std::fs::write(&file, scenario(&items)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let loaded = load::load_paths(vec![file]);
        let index = Index::new(&loaded.corpus);
        let mut diagnostics = loaded.diagnostics.clone();
        validate::validate(&loaded.corpus, &index, &mut diagnostics);
        let errors: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.render(loaded.text_of(&d.path).as_deref(), &Style::plain()))
            .collect();
        prop_assert!(errors.is_empty(), "the generated scenario is invalid: {errors:?}");

        let none = dir.path().join("none");
        let fail = |e: templates::TemplateError| TestCaseError::fail(e.to_string());
        for (today, week) in [("2025-08-20", "2025-W33"), ("2025-08-06", "2025-W32"), ("2025-08-20", "2025-W35")] {
            let today: NaiveDate = today.parse().map_err(|_| TestCaseError::fail("a day"))?;
            let week = IsoWeek::parse(week, today).map_err(TestCaseError::fail)?;
            for cap in [Some(limit), None] {
                let options = Options {
                    week,
                    today,
                    defaults: Defaults::default(),
                    coming_up: Duration::days(14),
                    limit: cap,
                    history: limit,
                };
                let digest = digest::build(&loaded.corpus, &index, &options);
                let md = digest
                    .render(&Templates::load(Format::Markdown, &none).map_err(fail)?, "digest.md")
                    .map_err(fail)?;
                for (heading, count, shown, more) in md_sections(&md) {
                    let expected = cap.map_or(count, |l| count.min(l));
                    prop_assert_eq!(shown, expected, "{} in\n{}", heading, md);
                    prop_assert_eq!(more, shown < count, "{} in\n{}", heading, md);
                }
                let text = digest
                    .render(&Templates::load(Format::Text, &none).map_err(fail)?, "digest.txt")
                    .map_err(fail)?;
                let html = digest
                    .render(&Templates::load(Format::Html, &none).map_err(fail)?, "digest.html")
                    .map_err(fail)?;
                for (name, out) in [("md", &md), ("text", &text), ("html", &html)] {
                    let raw = out.chars().find(|c| *c != '\n' && whatsnext::text::needs_escape(*c));
                    prop_assert!(raw.is_none(), "{:?} in the {} digest:\n{}", raw, name, out);
                }
            }
        }
    }
}

/// A scenario with `n` overdue items, due on successive days of July; every
/// fifth one is high priority.
fn many_overdue(n: usize) -> crate::support::Project {
    let mut text =
        String::from("title = \"Putin–Kim call ahead of the Alaska summit\"\ndate = 2025-06-01\n");
    for i in 0..n {
        let priority = if i % 5 == 4 { "high" } else { "normal" };
        text.push_str(&format!(
            "\n[[watch]]\nid = \"item-{i:02}\"\ntitle = \"Item number {i:02}\"\ndue = 2025-07-{:02}\npriority = \"{priority}\"\n",
            i + 1
        ));
    }
    crate::support::Project::new().scenario("putin-kim", &text)
}

/// The ids listed in `out`, in order.
fn listed(out: &str) -> Vec<String> {
    out.split("putin-kim/")
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| *c != '`' && !c.is_whitespace() && *c != '<')
                .collect()
        })
        .collect()
}

#[test]
fn a_section_over_the_limit_shows_the_limit_the_count_and_how_many_more() {
    let project = many_overdue(30);
    let out = project
        .run("2025-08-20", &["digest", "--week", "2025-W33"])
        .success()
        .stdout;
    assert!(out.contains("\n## Overdue (30)\n"), "{out}");
    let ids = listed(&out);
    assert_eq!(ids.len(), 25, "{out}");
    // The six high-priority items first, the longest overdue first within each.
    let mut expected: Vec<String> = (0..30)
        .filter(|i| i % 5 == 4)
        .map(|i| format!("item-{i:02}"))
        .collect();
    expected.extend(
        (0..30)
            .filter(|i| i % 5 != 4)
            .map(|i| format!("item-{i:02}"))
            .take(19),
    );
    assert_eq!(ids, expected, "{out}");
    assert!(
        out.contains("\n- …and 5 more; `whatsnext --today 2025-08-17 status --status overdue` lists all 30.\n"),
        "{out}"
    );
    // The command named lists them.
    let listing = project
        .run("2025-08-17", &["status", "--status", "overdue"])
        .success()
        .stdout;
    assert_eq!(listing.matches("Item number").count(), 30, "{listing}");

    // `--limit` and the config key.
    let out = project
        .run(
            "2025-08-20",
            &["digest", "--week", "2025-W33", "--limit", "3"],
        )
        .success()
        .stdout;
    assert_eq!(listed(&out).len(), 3, "{out}");
    assert!(out.contains("- …and 27 more;"), "{out}");
    let out = project
        .file("whatsnext.toml", "digest_limit = 10\n")
        .run("2025-08-20", &["digest", "--week", "2025-W33"])
        .success()
        .stdout;
    assert_eq!(listed(&out).len(), 10, "{out}");
    assert!(out.contains("- …and 20 more;"), "{out}");
}

#[test]
fn all_lists_everything_without_a_more_line() {
    let project = many_overdue(30);
    for format in ["md", "text", "html"] {
        let out = project
            .run(
                "2025-08-20",
                &["digest", "--week", "2025-W33", "--all", "--format", format],
            )
            .success()
            .stdout;
        assert_eq!(listed(&out).len(), 30, "{format}: {out}");
        assert!(!out.contains("more;"), "{format}: {out}");
    }
    let run = project.run("2025-08-20", &["digest", "--all", "--limit", "3"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = project.run("2025-08-20", &["digest", "--limit", "0"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = project
        .file("whatsnext.toml", "digest_limit = 0\n")
        .run("2025-08-20", &["digest"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("whatsnext.toml:1:16"), "{}", run.stderr);
}

#[test]
fn every_format_shows_the_scenario_title_and_the_cut() {
    let project = many_overdue(30);
    let run = |format: &str| {
        project
            .run(
                "2025-08-20",
                &["digest", "--week", "2025-W33", "--format", format],
            )
            .success()
            .stdout
    };
    let md = run("md");
    assert_eq!(
        md.matches("  - Putin–Kim call ahead of the Alaska summit · `putin-kim/")
            .count(),
        25,
        "{md}"
    );
    let text = run("text");
    assert!(text.contains("\nOVERDUE (30)\n"), "{text}");
    assert_eq!(
        text.matches("\n    Putin–Kim call ahead of the Alaska summit\n    putin-kim/")
            .count(),
        25,
        "{text}"
    );
    assert!(
        text.contains("\n  …and 5 more; whatsnext --today 2025-08-17 status --status overdue lists all\n    30.\n"),
        "{text}"
    );
    let html = run("html");
    assert!(
        html.contains("<h2>Overdue <span class=\"count\">30</span></h2>"),
        "{html}"
    );
    assert_eq!(
        html.matches("<span class=\"scenario\">Putin–Kim call ahead of the Alaska summit</span>")
            .count(),
        25,
        "{html}"
    );
    assert!(
        html.contains("<p class=\"more\">…and 5 more; <code>whatsnext --today 2025-08-17 status --status overdue</code> lists all 30.</p>"),
        "{html}"
    );
}
