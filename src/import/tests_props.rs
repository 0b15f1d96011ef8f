//! Property test: whatever the Markdown, the importer never panics, and it yields
//! either a draft that `check` accepts (it loads and validates without an error, no
//! item is due on or before the briefing's date) or a clear refusal that points into
//! the briefing.

use std::path::PathBuf;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::diagnostic::Diagnostic;
use crate::model::Index;
use crate::model::{Corpus, Due, SourceFile};
use crate::validate;
use crate::value::is_kebab_case;

/// Pieces briefings are made of, and pieces that break naive parsers.
const TOKENS: &[&str] = &[
    "**What's Next:**",
    "**What’s next**",
    "**WHAT'S NEXT**:",
    "## What’s next",
    "### Outlook",
    "**Looking ahead:**",
    "What to watch:",
    "**When:**",
    "## When",
    "# Title",
    "**Who**:",
    "**Background:**",
    "Sources:",
    "---\ntitle: x\n---\n",
    "+++\n",
    "\n",
    "\r\n",
    "\n\n",
    " ",
    ". ",
    "? ",
    "Aug. 15",
    "Friday, August 15",
    "15 August 2025",
    "2025-02-29",
    "Sept. 3",
    "February 30",
    "Thursday, August 12, 2025",
    "on Thursday",
    "tomorrow",
    "next week",
    "within 72 hours",
    "in two weeks",
    "within 30 days",
    "by the end of the month",
    "by mid-March",
    "in September",
    "this autumn",
    "in 2029",
    "every six months",
    "monthly",
    "each week",
    "WASHINGTON, Oct 22 (Reuters) –",
    "the Alaska summit",
    "U.S.",
    "“quoted”",
    "\"",
    "\\",
    "\t",
    "\u{1}",
    "\u{1b}[2J",
    "\u{202e}",
    "é",
    "日本",
    "👍",
    "- ",
    "* ",
    "1. ",
    "2) ",
    "   ",
    "> ",
    "[link](https://example.org/x)",
    "[bad](javascript:alert)",
    "<https://a.b/c>",
    "https://a.b/c",
    "&amp;",
    "&#0;",
    "`code`",
    "**",
    "__",
    "*",
    "’s",
    ";",
    ", and ",
    "Monday,",
    "talks",
    "\u{feff}",
    "```",
    "    ",
    "#",
    "May",
    "31",
    "2026",
    "'''",
    "\"\"\"",
    "\r",
    "\u{7f}",
    "\u{2028}",
    "Summit.",
    "[",
    "](",
    "<div>",
    "|a|b|\n|-|-|",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => prop::sample::select(TOKENS).prop_map(str::to_string),
        2 => "[A-Za-z]{1,9}",
        1 => "\\PC{0,6}",
        1 => any::<char>().prop_map(String::from),
    ]
}

/// What's Next labels that start a line in most generated briefings: pure token soup
/// is mostly refused, and the drafts are what needs testing.
const LABELS: &[&str] = &[
    "**What's Next:**",
    "**What’s next**",
    "## Outlook",
    "### Looking ahead",
    "What to watch:",
    "**WHAT TO WATCH**",
];

fn briefing() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(piece(), 0..40),
        prop::sample::select(LABELS),
        prop::collection::vec(piece(), 0..40),
        0..4u8,
    )
        .prop_map(|(before, label, after, shape)| match shape {
            0 => format!("{}{}", before.concat(), after.concat()),
            1 => format!("{}\n{label} {}", before.concat(), after.concat()),
            _ => format!("{}\n\n{label}\n{}", before.concat(), after.concat()),
        })
}

/// The errors `check` would report for a scenario file of this text.
fn check_errors(name: &str, text: &str) -> Vec<Diagnostic> {
    let path = PathBuf::from(name);
    let (scenario, mut diags) = crate::load::parse_scenario(&path, text);
    let Some(mut scenario) = scenario else {
        diags.push(Diagnostic::error(&path, None, "no scenario"));
        return diags;
    };
    let mut corpus = Corpus::default();
    scenario.file = 0;
    corpus.files.push(SourceFile::kept(path, text));
    corpus.scenarios.push(scenario);
    let index = Index::new(&corpus);
    validate::validate(&corpus, &index, &mut diags);
    diags.into_iter().filter(Diagnostic::is_error).collect()
}

fn in_text(text: &str, span: &std::ops::Range<usize>) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

proptest! {
    #[test]
    fn arbitrary_markdown_drafts_a_valid_scenario_or_is_refused(
        text in briefing(),
        with_stem in any::<bool>(),
    ) {
        let opts = Options {
            source_name: "2025-08-12-briefing.md",
            stem: with_stem.then_some("2025-08-12-briefing"),
            id: None,
            today: NaiveDate::from_ymd_opt(2025, 8, 20).unwrap(),
        };
        match draft(&text, &opts) {
            Ok(d) => {
                for w in &d.warnings {
                    prop_assert!(in_text(&text, &w.span), "{w:?}");
                }
                prop_assert!(!d.items.is_empty());
                for with_id in [false, true] {
                    let toml = d.to_toml(with_id);
                    let errors = check_errors("x.toml", &toml);
                    prop_assert!(errors.is_empty(), "{errors:?}\n--- briefing\n{text:?}\n--- draft\n{toml}");
                }
                let (s, _) = crate::load::parse_scenario(std::path::Path::new("x.toml"), &d.to_toml(true));
                let s = s.expect("a scenario");
                for item in &s.items {
                    prop_assert!(is_kebab_case(&item.id));
                    prop_assert!(item.title.chars().count() <= 80, "{}", item.title);
                    if let Some(Due::Date(due)) = item.due {
                        prop_assert!(due > s.date, "{} due {due}, briefing {}", item.id, s.date);
                    }
                }
            }
            Err(ImportError::NoWhatsNext) => {}
            Err(e @ ImportError::EmptyWhatsNext { .. }) => {
                let ImportError::EmptyWhatsNext { label } = &e else { unreachable!() };
                prop_assert!(in_text(&text, label), "{label:?}");
                prop_assert!(!e.to_string().is_empty());
            }
            Err(e) => prop_assert!(false, "unexpected refusal {e} for {text:?}"),
        }
    }
}
