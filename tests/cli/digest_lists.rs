//! The built-in templates' lists are written directly rather than by Tera
//! (`render::digest::native`); they must print what the template prints. Random
//! valid scenarios of awkward text (markup, block markers, line breaks, long
//! words, quotes, several scripts) with items in every section are rendered
//! both ways, in every format and for three weeks, and compared byte for byte.
//! The Tera rendering is the same template given as a user's file, which is
//! rendered whole.

use std::path::Path;

use chrono::NaiveDate;
use proptest::prelude::*;

use whatsnext::diagnostic::Style;
use whatsnext::load;
use whatsnext::render::digest::{self, Options};
use whatsnext::render::templates::{self, Format, Templates};
use whatsnext::render::week::IsoWeek;
use whatsnext::status::Defaults;
use whatsnext::validate::{self, Index};
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

/// The built-in template of `format` rendered as it is and as a user's copy.
fn both_ways(
    digest: &digest::Digest<'_>,
    format: Format,
    name: &str,
    copy: &Path,
    empty: &Path,
) -> Result<(String, String), TestCaseError> {
    let fail = |e: templates::TemplateError| TestCaseError::fail(e.to_string());
    let mut builtin = Templates::load(format, empty).map_err(fail)?;
    let mut user = Templates::load(format, copy).map_err(fail)?;
    let direct = digest.render(&mut builtin, name).map_err(fail)?.concat();
    let engine = digest.render(&mut user, name).map_err(fail)?.concat();
    Ok((direct, engine))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn built_in_lists_print_what_the_templates_print(
        items in prop::collection::vec(item(), 1..14),
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

        let empty = dir.path().join("none");
        let copy = dir.path().join("copy");
        std::fs::create_dir_all(&copy).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for (name, text) in templates::builtins() {
            std::fs::write(copy.join(name), text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        for (today, week) in [("2025-08-20", "2025-W33"), ("2025-08-06", "2025-W32"), ("2025-08-20", "2025-W35")] {
            let today: NaiveDate = today.parse().map_err(|_| TestCaseError::fail("a day"))?;
            let week = IsoWeek::parse(week, today).map_err(TestCaseError::fail)?;
            let options = Options {
                week,
                today,
                defaults: Defaults::default(),
                coming_up: Duration::days(14),
            };
            let digest = digest::build(&loaded.corpus, &index, &options);
            for (format, name) in [
                (Format::Markdown, "digest.md"),
                (Format::Html, "digest.html"),
                (Format::Text, "digest.txt"),
            ] {
                let (direct, engine) = both_ways(&digest, format, name, &copy, &empty)?;
                prop_assert_eq!(direct, engine, "{} of {}", name, week);
            }
        }
    }
}
